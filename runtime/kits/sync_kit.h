/* sync_kit.h — the sync/flip/one-way kit (semantics.md §4, §5) and the
 * path-class services, driven by a table blob (tables.h). The generated hooks
 * forward to these services with the blob's address:
 *
 *   wp_hook_path_class(pc, atom) -> rt_kit_class(blob, pc, atom)
 *   wp_hook_container(cls)       -> rt_kit_container(blob, cls)
 *   wp_hook_stage(5, b, e)       -> rt_kit_sync_stage(blob, b, e)
 *   wp_hook_create(g)            -> rt_kit_sync_create(blob, g)  (before derived values and concerns)
 *
 * Contracts: docs/internals.md, "Kits and baked tables". */
#ifndef RT_SYNC_KIT_H
#define RT_SYNC_KIT_H

#include "rt_base.h"

/* The class of the child `atom` of a path of class `parent_class`: the
 * blob's DFA step (binary search of the static atoms, else the [*] branch);
 * -1 where nothing matches here or below. Pure. */
int32_t rt_kit_class(const uint8_t *blob, int32_t parent_class, int32_t atom);

/* 1 when a container created at a path of class `cls` is an array. Pure. */
int32_t rt_kit_container(const uint8_t *blob, int32_t cls);

/* Stage 5 over the round's changes [begin, end): propagate each through its
 * sync/flip components and one-way edges (exact, below, above), the later
 * change winning for what it decides. Writes are tagged sync or flip and carry
 * the meta of their source change. RT_OK or a negative status. */
int32_t rt_kit_sync_stage(const uint8_t *blob, int32_t begin, int32_t end);

/* Creation (group -1: every component, gated by the groups currently
 * enabled) or the enabling of group `group` (the components it has an edge,
 * member or one-way edge in): one-way copies and sync votes, components in
 * topological order. RT_OK or a negative status. */
int32_t rt_kit_sync_create(const uint8_t *blob, int32_t group);

/* Frees what the kit keeps across calls (rt_api_shutdown). */
void rt_kit_sync_release(void);

#endif
