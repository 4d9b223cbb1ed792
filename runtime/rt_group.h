/* rt_group.h — the rule-group switches (semantics.md §9): one bit per group,
 * readable by hooks, and restored by rollback like the shadow state. */
#ifndef RT_GROUP_H
#define RT_GROUP_H

#include "rt_base.h"

/* n groups; bit g of `initial` (NULL = all on) says whether g starts on. */
int32_t rt_group_init(uint32_t n, const uint8_t *initial);
void rt_group_release(void);
int32_t rt_group_count(void);
/* 1 on, 0 off, RT_E_GROUP for an unknown group. */
int32_t rt_group_enabled(int32_t group);
/* Switch a group, logging the old bit in the undo log: 1 when it changed,
 * 0 when it already was so, negative on error. */
int32_t rt_group_set(int32_t group, int32_t on);
/* Set a bit without logging (the undo log restoring it). */
void rt_group_restore(int32_t group, int32_t on);

#endif
