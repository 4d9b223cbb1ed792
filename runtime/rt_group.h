/* rt_group.h — the rule-group switches (semantics.md §9): one bit per group,
 * readable by hooks, and restored by rollback like the shadow state. */
#ifndef RT_GROUP_H
#define RT_GROUP_H

#include "rt_base.h"

/* n groups; bit g of `initial` (NULL = all on) says whether g starts on. */
int32_t rt_group_init(uint32_t n, const uint8_t *initial);
void rt_group_release(void);
int32_t rt_group_count(void);
/* A group is enabled while its switch is on and its `when` condition (if
 * any) holds: 1 enabled, 0 not, RT_E_GROUP for an unknown group. */
int32_t rt_group_enabled(int32_t group);
/* Switch a group, logging the old bit in the undo log: 1 when that changed
 * whether the group is enabled, 0 when not, negative on error. */
int32_t rt_group_set(int32_t group, int32_t on);
/* Record whether the group's `when` condition holds (logged); returns as
 * rt_group_set does. */
int32_t rt_group_hold(int32_t group, int32_t holds);
/* Set raw bit i without logging (the undo log restoring it): i < n is a
 * switch, n + g the "condition false" bit of group g. */
void rt_group_restore(int32_t i, int32_t on);

#endif
