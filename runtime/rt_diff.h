/* rt_diff.h — leaf-level changes between an old and a new subtree, for
 * hooks that watch many paths below a replaced value (issue 3: "replacing a
 * subtree yields the leaf-level changes against the old subtree"). Nothing is
 * diffed unless a hook asks, so a replacement nobody watches below costs
 * nothing. Records live in the scratch arena until the next rt_diff call or
 * the end of the call. */
#ifndef RT_DIFF_H
#define RT_DIFF_H

#include "rt_value.h"

/* Diff `old` against `now` (NULL = missing) as values at `path`; returns the
 * number of records, or a negative status. Order: the new value's keys in
 * its order (array indexes ascending), depth first, then the keys only the
 * old value has, in the old order. Semantics: docs/internals.md, "rt_diff". */
int32_t rt_diff(int32_t path, const rt_node *old, const rt_node *now);
/* The same for change `change` of the round: its old and new value at its path. */
int32_t rt_diff_change(int32_t change);

/* Record i of the last diff: the path, and the old and new value there
 * (NULL = missing). Out of range: -1 / NULL. */
int32_t rt_diff_path(int32_t i);
rt_node *rt_diff_old(int32_t i);
rt_node *rt_diff_new(int32_t i);

#endif
