/* regex_dfa.h — compiles the regex of a `pattern("...")` validator to the
 * DFA blob that the runtime's rt_dfa_search runs (layout: runtime/dfa.h and
 * docs/internals.md, "Regex DFAs"; algorithm and limits: "Compiling
 * regexes" there).
 *
 * The regex is parsed by sem_regex.c (the one parser of the subset), turned
 * into a Thompson NFA with ^/$ assertions, made deterministic by subset
 * construction over classes of UTF-16 code units, minimised (Hopcroft), and
 * laid out.  The result matches like JavaScript's `new RegExp(re).test(s)`,
 * search semantics included.  Equal regexes give equal bytes. */
#ifndef WPC_REGEX_DFA_H
#define WPC_REGEX_DFA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../runtime/dfa.h"
#include "arena.h"

/* Limits of the construction, on top of dfa.h's limits on the result
 * (DFA_MAX_STATES, DFA_MAX_BYTES).  They bound time and memory before the
 * result's size is known: the NFA is sized from the tree before it is
 * built (so `(a{1000}){1000}` is refused at once), the subset construction
 * stops at REGEX_MAX_BUILD_STATES states or REGEX_MAX_BUILD_CELLS table
 * entries, and REGEX_MAX_WORK bounds the steps of every phase together. */
#define REGEX_MAX_NFA 20000u
#define REGEX_MAX_BUILD_STATES 16384u
#define REGEX_MAX_BUILD_CELLS (1u << 20)
#define REGEX_MAX_WORK 10000000u

typedef enum RegexStatus {
    REGEX_OK = 0,
    REGEX_SYNTAX,   /* not in the subset: sem_regex.c's message (WP0411) */
    REGEX_TOO_LARGE /* in the subset, over a limit (WP0414) */
} RegexStatus;

typedef struct RegexDfa {
    const uint8_t *blob; /* in the caller's arena, blob_len bytes */
    uint32_t blob_len;
    uint32_t n_states;     /* of the minimal DFA */
    uint32_t n_classes;    /* classes of code units it distinguishes */
    uint32_t n_ranges;     /* ranges of the class map */
    uint32_t nfa_nodes;    /* of the Thompson NFA */
    uint32_t built_states; /* of the subset construction, before minimising */
    uint64_t work;         /* steps spent, against REGEX_MAX_WORK */
} RegexDfa;

/* Compiles `re` (len bytes of UTF-8, as the .wp string decodes).  On
 * REGEX_OK fills *out; otherwise sets *err to a message in `a` that says
 * what went wrong (and, for REGEX_TOO_LARGE, suggests an external
 * validator).  Scratch memory is freed before returning. */
RegexStatus regex_compile(Arena *a, const char *re, size_t len, RegexDfa *out, const char **err);

/* regex_compile for callers that want only the bytes: true and the blob,
 * or false and the message. */
bool regex_dfa_build(Arena *a, const char *re, size_t len, const uint8_t **blob, uint32_t *blob_len, const char **err);

#endif
