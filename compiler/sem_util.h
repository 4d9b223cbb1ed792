/* sem_util.h — small helpers shared by the sema passes (sem_util.c):
 * a string-keyed lookup table, canonical path text and path-pattern
 * comparisons, literal/condition equality, JavaScript number text and an
 * edit distance for "did you mean" suggestions. */
#ifndef WPC_SEM_UTIL_H
#define WPC_SEM_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "maps.h"
#include "pattern_index.h"

/* Canonical text of a path: the run-time form with wildcards kept
 * (legs[*].price, items.0, a["x.y"]).  Spellings that reach the same place
 * at run time give the same text. */
const char *sem_path_key(Arena *a, const Path *p);

/* Counts of [*] and [**] in a path. */
uint32_t sem_path_nwild(const Path *p);
uint32_t sem_path_ndeep(const Path *p);

/* Two segments can name the same key: equal keys, or a wildcard on either
 * side.  (`items.0` and `items["0"]` are the same key.) */
bool sem_seg_overlap(const PathSeg *a, const PathSeg *b);
/* Exactly the same segment (wildcards only equal wildcards). */
bool sem_seg_equal(const PathSeg *a, const PathSeg *b);

/* Path patterns that can touch: one is (pattern-wise) equal to or an
 * ancestor of the other. */
bool sem_paths_overlap(const Path *a, const Path *b);
/* The path's segments for a PatternIndex (arena-owned; wildcards are wild). */
PatSeg *sem_path_pattern(Arena *a, const Path *p);
/* `anc` is equal to or an ancestor of `p`, segment by segment, wildcards
 * matching only wildcards at the same position. */
bool sem_path_is_prefix(const Path *anc, const Path *p);

/* Deep equality of literals (numbers by value, object keys in any order). */
bool sem_lit_equal(const Lit *a, const Lit *b);
/* Structural equality of conditions, ignoring spans and parentheses. */
bool sem_cond_equal(const Cond *a, const Cond *b);
/* Hashes that agree with the two equalities: equal means equal hashes. */
uint64_t sem_lit_hash(const Lit *l);
uint64_t sem_cond_hash(const Cond *c);

/* A number as JavaScript's String(n) writes it: 25, 0.1, 1e+21, -0 -> 0. */
const char *sem_js_number(Arena *a, double n);
/* True when `s` is a number as JSON writes it ("3", "-1.5e2"). */
bool sem_number_text(const char *s);

/* The key a match label (or value) has (semantics.md §10): strings verbatim,
 * numbers as String(n), true/false; NULL for anything else. */
const char *sem_lit_key(Arena *a, const Lit *lit);

/* Levenshtein distance, capped: returns limit + 1 as soon as it exceeds it. */
uint32_t sem_edit_distance(const char *a, const char *b, uint32_t limit);

/* A short, quoted rendering of a literal for messages: "draft", 3, [ ... ]. */
const char *sem_lit_text(Arena *a, const Lit *lit);

#endif
