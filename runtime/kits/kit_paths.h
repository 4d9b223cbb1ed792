/* kit_paths.h — what the kits share about a runtime path and the patterns
 * of the tables.h blob: which patterns a change at a path reaches through
 * the path classes, and the keys a pattern's wildcards bind in a path.
 * Used by the concern kit and the listener kit ("which rules does this
 * change touch"); rule-agnostic, no state of its own. */
#ifndef RT_KIT_PATHS_H
#define RT_KIT_PATHS_H

#include "rt_base.h"

/* Called per pattern found; a nonzero return stops the walk (an error). */
typedef int (*kit_pattern_fn)(void *ctx, int32_t pattern, int32_t path, int below);

/* For a change at `path`: fn(ctx, P, path, 0) for every pattern P that
 * `path` matches (the root pattern for the root), then fn(ctx, P, A, 1) for
 * every pattern P that a strict ancestor A matches, nearest first.  With an
 * index listing, per pattern, the rules reading it "at or below" and
 * "exactly", this finds every rule whose path the change is at, above or
 * below in O(depth + patterns found).  Returns the first nonzero fn result,
 * else 0. */
int kit_each_pattern(const uint8_t *tb, int32_t path, kit_pattern_fn fn, void *ctx);

/* The keys (atoms) that the wildcards of pattern p bind in `path`, an
 * instance of p: the first `max` of them, in order; returns how many. */
int32_t kit_bound_keys(const uint8_t *tb, int32_t p, int32_t path, int32_t *keys, int32_t max);

/* 1 when `path` lies at or below the top-level key `atom` (e.g. `_concerns`). */
int kit_under_key(int32_t path, int32_t atom);

#endif
