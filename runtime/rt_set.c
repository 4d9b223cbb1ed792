/* rt_set.c — open addressing with linear probing, load <= 1/2. */
#include "rt_set.h"

#include <string.h>

#include "rt_heap.h"

static uint32_t hash3(int32_t a, int32_t b, int32_t c)
{
    uint32_t h = (uint32_t)a * 0x9e3779b1u;
    h = (h ^ (h >> 15)) + (uint32_t)b * 0x85ebca77u;
    h = (h ^ (h >> 13)) + (uint32_t)c * 0xc2b2ae3du;
    return h ^ (h >> 16);
}

static rt_set_slot *probe(const rt_set *s, int32_t k0, int32_t k1, int32_t k2)
{
    uint32_t mask = s->cap - 1u;
    for (uint32_t i = hash3(k0, k1, k2) & mask;; i = (i + 1u) & mask) {
        rt_set_slot *slot = &s->slots[i];
        if (slot->gen != s->gen) return slot;
        if (slot->k0 == k0 && slot->k1 == k1 && slot->k2 == k2) return slot;
    }
}

int32_t rt_set_find(const rt_set *s, int32_t k0, int32_t k1, int32_t k2)
{
    if (!s->cap) return -1;
    const rt_set_slot *slot = probe(s, k0, k1, k2);
    return slot->gen == s->gen ? slot->value : -1;
}

static int32_t grow(rt_set *s)
{
    uint32_t cap = s->cap ? s->cap * 2u : 64u;
    if (cap > (1u << 26)) return RT_E_NOMEM;
    rt_set_slot *slots = rt_heap_alloc((size_t)cap * sizeof *slots);
    if (!slots) return RT_E_NOMEM;
    memset(slots, 0, (size_t)cap * sizeof *slots);
    rt_set fresh = {slots, cap, 0, 1};
    for (uint32_t i = 0; i < s->cap; i++) {
        const rt_set_slot *old = &s->slots[i];
        if (old->gen != s->gen) continue;
        rt_set_slot *slot = probe(&fresh, old->k0, old->k1, old->k2);
        *slot = *old;
        slot->gen = 1;
        fresh.count++;
    }
    rt_heap_free(s->slots);
    *s = fresh;
    return RT_OK;
}

int32_t rt_set_add(rt_set *s, int32_t k0, int32_t k1, int32_t k2, int32_t value)
{
    if ((s->count + 1u) * 2u > s->cap && grow(s) != RT_OK) return RT_E_NOMEM;
    rt_set_slot *slot = probe(s, k0, k1, k2);
    if (slot->gen != s->gen) s->count++;
    *slot = (rt_set_slot){k0, k1, k2, value, s->gen};
    return RT_OK;
}

void rt_set_clear(rt_set *s)
{
    s->count = 0;
    if (++s->gen == 0) { /* wrapped: stale stamps could look live again */
        if (s->slots) memset(s->slots, 0, (size_t)s->cap * sizeof *s->slots);
        s->gen = 1;
    }
}

void rt_set_release(rt_set *s)
{
    rt_heap_free(s->slots);
    *s = (rt_set){NULL, 0, 0, 1};
}
