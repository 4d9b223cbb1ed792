/* rt_map.c — the out-of-line parts of rt_map.h: growth, deletion, clearing, release. */
#include "rt_map.h"

#include <string.h>

#include "rt_arena.h"
#include "rt_heap.h"

void rt_map_init(rt_map *m, int space) { *m = (rt_map){NULL, 0, 0, 1, space}; }

/* Rehash into a table of `cap` slots. */
static int32_t rehash(rt_map *m, uint32_t cap)
{
    size_t bytes = (size_t)cap * sizeof(rt_map_slot);
    /* Zeroed slots have gen 0, which no live generation uses. */
    rt_map_slot *slots = m->space == RT_SPACE_ARENA ? rt_arena_zalloc(bytes) : rt_heap_zalloc(bytes);
    if (!slots) return RT_E_NOMEM;
    rt_map fresh = {slots, cap, 0, 1, m->space};
    for (uint32_t i = 0; i < m->cap; i++) {
        const rt_map_slot *old = &m->slots[i];
        if (old->gen != m->gen) continue;
        rt_map_slot *s = rt_map_slot_of(&fresh, old->k0, old->k1);
        *s = *old;
        s->gen = 1;
        fresh.count++;
    }
    if (m->space == RT_SPACE_HEAP) rt_heap_free(m->slots);
    *m = fresh;
    return RT_OK;
}

int32_t rt_map_reserve(rt_map *m, uint32_t n)
{
    if ((uint64_t)n * 2u <= m->cap) return RT_OK;
    if (n > (1u << 25)) return RT_E_NOMEM;
    uint32_t cap = m->cap ? m->cap : 16u;
    while (cap < n * 2u) cap *= 2u;
    return rehash(m, cap);
}

void rt_map_remove(rt_map *m, int32_t k0, int32_t k1)
{
    rt_map_slot *s = rt_map_find(m, k0, k1);
    if (!s) return;
    uint32_t mask = m->cap - 1u, hole = (uint32_t)(s - m->slots);
    for (uint32_t j = (hole + 1u) & mask; m->slots[j].gen == m->gen; j = (j + 1u) & mask) {
        uint32_t home = rt_map_hash(m->slots[j].k0, m->slots[j].k1) & mask;
        /* the entry at j may fill the hole when the hole lies on its probe path */
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            m->slots[hole] = m->slots[j];
            hole = j;
        }
    }
    m->slots[hole].gen = 0;
    m->count--;
}

void rt_map_clear(rt_map *m)
{
    m->count = 0;
    if (++m->gen == 0) { /* wrapped: stale stamps could look live again */
        if (m->slots) memset(m->slots, 0, (size_t)m->cap * sizeof *m->slots);
        m->gen = 1;
    }
}

void rt_map_release(rt_map *m)
{
    if (m->space == RT_SPACE_HEAP) rt_heap_free(m->slots);
    rt_map_init(m, m->space);
}
