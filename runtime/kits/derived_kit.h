/* derived_kit.h — aggregations and computations (semantics.md §3 stages 1,
 * 2 and 6, §6, §7, §13), driven by the derived index (derived_tables.h)
 * and the path classes of the tables.h blob.  The generated hooks forward
 * to these services with the two blobs' addresses:
 *
 *   wp_hook_input(1 or 2, i)  -> rt_kit_derived_input(tb, dt, stage, i)
 *   wp_hook_stage(6, b, e)    -> rt_kit_derived_stage(tb, dt, b, e)
 *   wp_hook_create(g)         -> rt_kit_derived_create(tb, dt, g)   (after sync, before concerns)
 *
 * and the kit calls back the generated `cond` hook for `exclude when`
 * conditions.  Contracts: docs/internals.md, "The derived kit". */
#ifndef RT_DERIVED_KIT_H
#define RT_DERIVED_KIT_H

#include "rt_base.h"

/* Stage 1: an input at (or below) an aggregation target instance is
 * replaced by the same write at every active source instance (exclusions
 * read the state before the batch), tagged aggregation_write, carrying the
 * input's meta; RT_INPUT_DROP then.  Stage 2: an input at exactly a
 * computation target is dropped.  Otherwise RT_INPUT_KEEP.  Negative on
 * error. */
int32_t rt_kit_derived_input(const uint8_t *tb, const uint8_t *dt, int32_t stage, int32_t index);

/* Stage 6 over the round's changes [begin, end): the derived instances
 * whose sources, exclusion inputs or target changed (at, below or above)
 * are recomputed in the build-time dependency order; each write that takes
 * effect propagates at once through its sync/flip component (the sync
 * kit, one change), and the derived values reading what it changed follow
 * later in the order.  RT_OK or a negative status. */
int32_t rt_kit_derived_stage(const uint8_t *tb, const uint8_t *dt, int32_t begin, int32_t end);

/* Creation (group -1: every derived value whose group is on) or enabling
 * group g (its derived values, and those reading what the call changed so
 * far): every instance computed, in dependency order, missing targets
 * created, each write propagated like in stage 6. */
int32_t rt_kit_derived_create(const uint8_t *tb, const uint8_t *dt, int32_t group);

/* Derived instances computed since start-up (statistics: tests check that
 * a change recomputes only what reads it; Pipeline.stats()). */
uint32_t rt_kit_derived_evaluations(void);

#endif
