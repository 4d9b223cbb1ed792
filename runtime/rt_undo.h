/* rt_undo.h — the undo log of the open transaction (one apply). Every
 * mutation of the shadow state or of a group switch logs how to revert it;
 * rollback replays the log backwards and never allocates, so an aborted apply
 * always leaves the pipeline exactly as before. Commit frees the values the
 * log kept alive. Callers reserve entries before mutating, so logging itself
 * cannot fail halfway. */
#ifndef RT_UNDO_H
#define RT_UNDO_H

#include "rt_value.h"

int32_t rt_undo_reserve(uint32_t entries);

/* `container` (NULL = the root slot) held `old` (NULL = nothing) under `key`
 * (an atom for objects, an index for arrays) before a write put a new node
 * there. */
void rt_undo_put(rt_node *container, int32_t key, rt_node *old);
/* `old` was unlinked from `container` under `key`; `prev` was its
 * predecessor among the object's members. */
void rt_undo_del(rt_node *container, int32_t key, rt_node *old, rt_node *prev);
void rt_undo_group(int32_t group, int32_t was_on);
/* `node` (a null, boolean or number in the state) is about to be overwritten
 * in place by another of those kinds: its value now is kept. */
void rt_undo_scalar(rt_node *node);
/* A kit set flags on `path` (rt_path_set_kit_flags); they were `old`. */
void rt_undo_path_flags(int32_t path, int32_t old);

uint32_t rt_undo_mark(void);
void rt_undo_rollback(uint32_t mark);
void rt_undo_commit(void);
/* Between transactions: give back a log grown past a few dozen entries (by
 * the creation's writes; the next apply reserves what it needs). */
void rt_undo_shrink(void);
void rt_undo_release(void);

#endif
