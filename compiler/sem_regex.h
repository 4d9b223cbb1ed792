/* sem_regex.h — the one parser of the regex subset of `pattern("...")`
 * validators (sem_regex.c).  It checks the syntax and builds a small AST in
 * the arena, which regex_dfa.c compiles to a DFA; sem_regex_check is the
 * syntax check alone.
 *
 * Supported (JavaScript RegExp syntax without flags, search semantics):
 * literals, `.`, classes `[...]`/`[^...]` with ranges, escapes \d \D \w \W
 * \s \S \n \r \t \f \v \0 \xHH \uHHHH and escaped punctuation, anchors ^ $,
 * groups ( ) and (?: ), alternation |, greedy quantifiers * + ? {n} {n,}
 * {n,m} (counts up to 1000).  Not supported: backreferences, lookaround,
 * named groups, word boundaries \b \B, lazy quantifiers.
 *
 * Like JavaScript without the `u` flag, the pattern is read as UTF-16 code
 * units: the input bytes are UTF-8 (WTF-8 surrogates allowed) and a
 * character beyond U+FFFF is two units, so `😀+` repeats only its low
 * surrogate and `[😀]` is a class of two units. */
#ifndef WPC_SEM_REGEX_H
#define WPC_SEM_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

enum { REGEX_MAX_REPEAT = 1000 };
#define REGEX_INF UINT32_MAX /* RegexNode.max of `*`, `+` and {n,} */

typedef enum RegexKind {
    RX_EMPTY, /* matches the empty string: `()`, an empty alternative */
    RX_SET,   /* one code unit in `ranges` */
    RX_BOL,   /* ^: the start of the input (no multiline) */
    RX_EOL,   /* $: the end of the input */
    RX_CAT,   /* kids in sequence (at least two) */
    RX_ALT,   /* one of kids (at least two) */
    RX_REPEAT /* kid repeated min..max times (max may be REGEX_INF) */
} RegexKind;

/* An inclusive range of UTF-16 code units. */
typedef struct RegexRange {
    uint16_t lo, hi;
} RegexRange;

typedef struct RegexNode RegexNode;
struct RegexNode {
    RegexKind kind;
    uint32_t offset;          /* byte offset in the pattern where it starts */
    const RegexRange *ranges; /* RX_SET: sorted, disjoint, not adjacent, non-empty ... */
    uint32_t n_ranges;        /* ... unless n_ranges == 0 (`[]` matches nothing) */
    RegexNode **kids;         /* RX_CAT, RX_ALT */
    uint32_t n_kids;
    RegexNode *kid; /* RX_REPEAT */
    uint32_t min, max;
};

/* Parses `re` (len bytes).  NULL and *out set when it is in the subset;
 * otherwise a message ("unterminated group (at offset 3)") allocated in `a`
 * and *out untouched.  Offsets count bytes. */
const char *sem_regex_parse(Arena *a, const char *re, size_t len, const RegexNode **out);

/* The same check without keeping the tree. */
const char *sem_regex_check(Arena *a, const char *re, size_t len);

#endif
