/* concern_kit.h — when concerns are evaluated (semantics.md §9, §10): the
 * kit finds, from the round's changes and the concern index
 * (concern_tables.h), the concern instances whose inputs changed, and calls
 * the generated `concern` hook for each, once per stage call.  The hook
 * computes and writes the value; the kit knows no condition. */
#ifndef RT_CONCERN_KIT_H
#define RT_CONCERN_KIT_H

#include "rt_base.h"

/* Stage 7 over the round's changes [begin, end). `tb` is the tables.h blob
 * (patterns and classes), `ct` the concern index. */
int32_t rt_kit_concern_stage(const uint8_t *tb, const uint8_t *ct, int32_t begin, int32_t end);

/* Creation (group -1: every concern whose group is on) or enabling group g:
 * evaluates every instance of those concerns. */
int32_t rt_kit_concern_create(const uint8_t *tb, const uint8_t *ct, int32_t group);

/* Creation, first of all: evaluates every group's `when` condition, so the
 * creation steps see only the groups whose condition holds. */
int32_t rt_kit_concern_conds(const uint8_t *tb, const uint8_t *ct);

/* Disabling group g: its concern values are removed (written undefined). */
int32_t rt_kit_concern_disable(const uint8_t *tb, const uint8_t *ct, int32_t group);

/* How many concern instances were evaluated since start-up: tests check
 * that a change re-evaluates only what reads it (Pipeline.stats()). */
uint32_t rt_kit_concern_evaluations(void);

/* Frees what the kit keeps across applies (rt_api_shutdown). */
void rt_kit_concern_release(void);

#endif
