/* rt_set.h — a small hash map from up to three int32 keys to an int32, with
 * O(1) clearing (a generation count instead of wiping the table). The loop
 * uses it for per-apply bookkeeping: listeners already run, tasks already
 * queued. Lives in the persistent heap; capacity is kept across clears. */
#ifndef RT_SET_H
#define RT_SET_H

#include "rt_base.h"

typedef struct {
    int32_t k0, k1, k2, value;
    uint32_t gen; /* the slot is live when gen equals the set's gen */
} rt_set_slot;

typedef struct {
    rt_set_slot *slots;
    uint32_t cap, count, gen;
} rt_set;

/* The value stored under the keys, or -1. */
int32_t rt_set_find(const rt_set *s, int32_t k0, int32_t k1, int32_t k2);
/* Store a value under keys not yet present. RT_E_NOMEM leaves the set as it was. */
int32_t rt_set_add(rt_set *s, int32_t k0, int32_t k1, int32_t k2, int32_t value);
void rt_set_clear(rt_set *s);
void rt_set_release(rt_set *s);

#endif
