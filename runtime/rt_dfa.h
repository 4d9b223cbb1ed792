/* rt_dfa.h — runs the regex DFAs of `pattern("...")` validators (blobs laid
 * out as dfa.h says, built by wpc's compiler/regex_dfa.c) over strings, with
 * JavaScript's RegExp.prototype.test semantics.  Pure: no state, no memory. */
#ifndef RT_DFA_H
#define RT_DFA_H

#include <stdint.h>

#include "rt_value.h"

/* 1 when the regex matches somewhere in `bytes` (len bytes of WTF-8: UTF-8
 * in which a lone surrogate has the 3-byte form of its code point), else 0.
 * The text is read as UTF-16 code units, as JavaScript sees it: a 4-byte
 * sequence is a surrogate pair, two units.  A blob without the magic and
 * version never matches, so a broken blob fails validation, not the call. */
int32_t rt_dfa_search(const uint8_t *blob, const uint8_t *bytes, int32_t len);

/* The service for generated validator code: rt_dfa_search over the string
 * `v`; 0 when v is missing or not a string. */
int32_t rt_pattern_test(const uint8_t *blob, const rt_node *v);

#endif
