/* rt_map.c — the out-of-line parts of rt_map.h: growth, clearing, release. */
#include "rt_map.h"

#include <string.h>

#include "rt_arena.h"
#include "rt_heap.h"

void rt_map_init(rt_map *m, int space) { *m = (rt_map){NULL, 0, 0, 1, space}; }

int32_t rt_map_grow(rt_map *m)
{
    uint32_t cap = m->cap ? m->cap * 2u : 64u;
    if (cap > (1u << 26)) return RT_E_NOMEM;
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
