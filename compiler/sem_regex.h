/* sem_regex.h — checks that a `pattern("...")` regex is in the subset wpc
 * compiles to a DFA (sem_regex.c).  Only syntax is checked here; building
 * the automaton is the IR's job.
 *
 * Supported (JavaScript RegExp syntax, search semantics): literals, `.`,
 * classes `[...]`/`[^...]` with ranges, escapes \d \D \w \W \s \S \n \r \t
 * \f \v \0 \xHH \uHHHH and escaped punctuation, anchors ^ $, groups ( ) and
 * (?: ), alternation |, greedy quantifiers * + ? {n} {n,} {n,m} (counts up
 * to 1000).  Not supported: backreferences, lookaround, named groups, word
 * boundaries \b \B, lazy quantifiers. */
#ifndef WPC_SEM_REGEX_H
#define WPC_SEM_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* NULL when `re` is fine; otherwise a message ("unterminated group at
 * offset 3: ...") allocated in `a`. */
const char *sem_regex_check(Arena *a, const char *re, size_t len);

#endif
