/* rt_shadow.h — the shadow state: the app's state tree, kept in the runtime
 * so that every read a rule needs is local. Reads and writes go by interned
 * path; a write costs O(path depth + size of the written value), whatever the
 * size of the state, and logs its inverse in the undo log. */
#ifndef RT_SHADOW_H
#define RT_SHADOW_H

#include "rt_value.h"

/* Start with an empty object as the state. */
int32_t rt_shadow_init(void);
void rt_shadow_release(void);

rt_node *rt_shadow_root(void);
/* Put `root` in the root slot and return what was there (undo log only). */
rt_node *rt_shadow_swap_root(rt_node *root);

/* The value at `path`, or NULL when missing (semantics.md §1). O(1) when
 * the path was read since the tree last changed shape (see rt_shadow.c). */
rt_node *rt_shadow_get(int32_t path);

/* Tell the shadow state that nodes moved behind its back (the undo log
 * putting values back): every memoised read is forgotten. */
void rt_shadow_reshaped(void);

/* A count that moves whenever the keys of some container may have changed
 * (a key added or removed, a container written, replaced or removed, an
 * undo): what a kit worked out from the keys present stays true while it
 * holds still. Writes of scalars over scalars leave it. */
uint32_t rt_shadow_keys_gen(void);

/* Write a copy of `value` (NULL = undefined) at `path` (semantics.md §2):
 * missing, null and undefined intermediates become objects, or arrays where
 * wp_hook_container says the path is a list. Returns 1 when written, 0 when
 * the value equals the current one (a no-op) or when RT_WRITE_NO_CREATE finds
 * an intermediate missing, and a negative status on error — in which case the
 * state is untouched. *old (if given) receives the replaced value (NULL when
 * missing), valid until the end of the call (a scratch copy when a null,
 * boolean or number was overwritten in place), otherwise until the undo log
 * commits or rolls back. */
int32_t rt_shadow_set(int32_t path, const rt_node *value, int32_t flags, rt_node **old);

/* Remove the key at `path` (for arrays only the last element). 1 when
 * removed, 0 when missing, negative on error. */
int32_t rt_shadow_delete(int32_t path, rt_node **old);

#endif
