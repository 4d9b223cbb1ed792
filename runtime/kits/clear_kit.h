/* clear_kit.h — `clear Ts when Ps changes` (semantics.md §3 stage 4, §8),
 * driven by the clear index (clear_tables.h) and the path classes of the
 * tables.h blob.  The generated stage hook forwards to it:
 *
 *   wp_hook_stage(4, b, e) -> rt_kit_clear_stage(tb, xt, b, e)
 *
 * Contract: docs/internals.md, "The clear kit". */
#ifndef RT_CLEAR_KIT_H
#define RT_CLEAR_KIT_H

#include "rt_base.h"

/* Stage 4 over the round's changes [begin, end), which are those of stage
 * 3 (inputs, listener outputs, aggregation write-backs): every trigger
 * whose value they changed (a write at, below or above it) fires its rule
 * with the keys its [*] matched; each resolved target not already null or
 * missing is set to null (tag clear_path, meta {stage} only), once per
 * round.  RT_OK or a negative status. */
int32_t rt_kit_clear_stage(const uint8_t *tb, const uint8_t *xt, int32_t begin, int32_t end);

#endif
