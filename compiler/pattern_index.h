/* pattern_index.h — which registered path patterns touch a given path?
 *
 * Build-time checks and the IR ask this question for every rule ("does this
 * derived value read that target?", "is this path a computed target?").
 * Comparing every pair is quadratic; this trie answers one query in time
 * proportional to the query's depth and to the answers (plus the branches a
 * wildcard opens), so whole-program passes stay near-linear.
 *
 * Patterns are sequences of segments; a wildcard segment ([*] or [**])
 * matches any key at its level, on either side of a comparison.  Two
 * patterns are *related* when one is a prefix of the other under that
 * matching: equal, an ancestor, or a descendant. */
#ifndef WPC_PATTERN_INDEX_H
#define WPC_PATTERN_INDEX_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"

typedef struct PatSeg {
    const char *key; /* the key's text (an index as its decimal text) */
    uint32_t len;
    bool wild; /* [*] or [**] */
} PatSeg;

typedef struct PatternIndex PatternIndex;

PatternIndex *pattern_index_new(Arena *arena);

/* Registers `value` under the pattern segs[0..n). */
void pattern_index_add(PatternIndex *ix, const PatSeg *segs, uint32_t n, uint32_t value);

/* Calls fn(value, depth, ctx) for every registered value whose pattern is
 * related to q[0..n); `depth` is that pattern's length (== n: the same
 * place; < n: above q; > n: below q).  Values come in trie order, each
 * registration at most once. */
typedef void (*PatternVisit)(uint32_t value, uint32_t depth, void *ctx);
void pattern_index_related(const PatternIndex *ix, const PatSeg *q, uint32_t n, PatternVisit fn, void *ctx);

#endif
