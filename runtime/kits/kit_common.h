/* kit_common.h — what the table-driven kits share (not services: plain C
 * functions linked into the kits, never called by generated code).
 *
 *   the watch index   per pattern of the tables.h blob, which of a kit's
 *                     units read it (KW_* records, baked by wpc); and the
 *                     lookup "which units does a change at this path touch"
 *                     in O(depth of the path + units found)
 *   patterns          reading pattern records, the keys a pattern's [*]
 *                     bind in one of its instances, the instances of a
 *                     pattern present in the state
 *   scratch vectors   rt_vec.h vectors in the scratch arena
 *
 * Used by the concern kit (concerns, group conditions), the derived kit
 * (aggregations, computations), the clear kit and the listener kit.  Everything lives in the
 * scratch arena of the call: nothing here keeps memory between calls. */
#ifndef RT_KIT_COMMON_H
#define RT_KIT_COMMON_H

#include "rt_base.h"
#include "rt_map.h"
#include "rt_value.h"
#include "kit_tables.h"
#include "watch_tables.h"

/* ---- a kit call's entry and status ---- */

/* The entry check of a kit with an index of its own: `tb` a tables.h blob,
 * `ix` the kit's index with `magic` in its header word KIT_H_MAGIC.  Then
 * *tb_at and *ix_at take them and *status is reset for the call; RT_OK.
 * Else RT_E_HOOK, nothing changed. */
int32_t kit_load(const uint8_t *tb, const uint8_t *ix, uint32_t magic, const uint8_t **tb_at, const uint8_t **ix_at,
                 int32_t *status);

/* The first failure of a call wins: `st` goes into *status unless a
 * failure is there already; returns what *status holds. */
static inline int32_t kit_fail(int32_t *status, int32_t st)
{
    if (*status == RT_OK) *status = st;
    return *status;
}

/* ---- the watch index (watch_tables.h) ---- */

/* One touched unit: `pattern` is the pattern that matched, `at` the path
 * that matched it (the changed path, or with `below` set a strict ancestor
 * of it).  A negative return stops the lookup with that status. */
typedef int32_t (*kit_touch_fn)(void *ctx, int32_t unit, int32_t pattern, int32_t at, int32_t below);

/* Every unit of the watch index (records at byte offset `watch` of `ix`)
 * that a change at `path` touches: at or above one of its inputs (the
 * patterns of path's class, `sub` lists), or below one (the patterns of
 * each strict ancestor's class, `exact` lists).  A unit may be reported
 * more than once (through several patterns).  RT_OK or fn's status. */
int32_t kit_touches(const uint8_t *tb, const uint8_t *ix, uint32_t watch, int32_t path, kit_touch_fn fn, void *ctx);
/* Frees the per-class summaries kit_touches keeps (rt_api_shutdown). */
void kit_common_release(void);

/* The patterns `path` matches (the list of its path class) in *pats;
 * how many, 0 when its class has none. */
uint32_t kit_class_patterns(const uint8_t *tb, int32_t path, const uint32_t **pats);

/* 1 when `path` lies at or below the top-level key `atom` (e.g. `_concerns`). */
int kit_under_key(int32_t path, int32_t atom);

/* ---- patterns of the tables.h blob ---- */

uint32_t kit_pat(const uint8_t *tb, int32_t pattern, uint32_t word);
int kit_pat_wild(const uint8_t *tb, int32_t pattern);  /* [*] or [**] */
int kit_pat_binds(const uint8_t *tb, int32_t pattern); /* [*]: binds a key by position */

/* The keys the [*] of `pattern` bind in its instance `path`, root first,
 * at most `max`; returns how many (the first ones). */
int32_t kit_pattern_keys(const uint8_t *tb, int32_t pattern, int32_t path, int32_t *keys, int32_t max);

/* The chain of pattern ids from the root (chain[0] = 0) to `pattern`;
 * returns its depth, or RT_E_HOOK when deeper than RT_MAX_DEPTH. */
int32_t kit_pattern_chain(const uint8_t *tb, int32_t pattern, int32_t *chain);

/* Where a walk down `chain` (a pattern's chain, root first, `depth` levels)
 * that binds its first `nb` [*] can start, given a path `at` of pattern p
 * (-1: none): the deepest level at which the two patterns are the same id
 * (a trie: the same prefix), with no [**] above it and at most `nb` [*]
 * there, since those are p's first ones and take at's keys. At that level
 * the walk's path is at's ancestor. Returns the level (0, the root, when
 * nothing is shared), sets *bound_above to the [*] above it and *start to
 * the walk's path there (at's ancestor, or the root). */
int32_t kit_shared_level(const uint8_t *tb, const int32_t *chain, int32_t depth, int32_t nb, int32_t p, int32_t at,
                         int32_t *bound_above, int32_t *start);

/* The path of `pattern` with its [*] bound to `keys` (all of them);
 * negative when it has a [**] or too few keys. */
int32_t kit_bind(const uint8_t *tb, int32_t pattern, const int32_t *keys, int32_t nkeys);

/* One instance: its path (-1 when the walk was asked for values only) and
 * its value in the state (NULL = missing). */
typedef int32_t (*kit_inst_fn)(void *ctx, int32_t path, const rt_node *value);

/* The instances of `pattern` present in the state, in key order: its first
 * `nb` [*] take `bound`; the other [*] fan out over the keys of the object
 * or array there, [**] over the keys of an object only (semantics §8);
 * key segments are followed whether or not the state has them, so the
 * last levels may be missing.  Without `paths` no path is interned (a sum
 * over many sources needs only their values).  fn's negative status stops
 * the walk and is returned. */
int32_t kit_instances(const uint8_t *tb, int32_t pattern, const int32_t *bound, int32_t nb, int paths, kit_inst_fn fn,
                      void *ctx);

/* The child of a container value by atom (an object member, an array
 * element); NULL otherwise. */
rt_node *kit_child(const rt_node *v, int32_t atom);

/* ---- growable arrays in the scratch arena ---- */

/* rt_vec_reserve in the scratch arena (zeroed, doubling from 32); a failure
 * is also recorded as the call's error. RT_OK or RT_E_NOMEM. The kits' maps
 * are rt_map.h maps in RT_SPACE_ARENA. */
int32_t kit_grow(void **items, uint32_t *cap, uint32_t need, size_t elem);

#endif
