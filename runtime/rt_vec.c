/* rt_vec.c — geometric growth; heap vectors start small (array values are
 * often tiny: one sized up front gets its size, one built by pushes starts
 * at 4) and fill the heap block they get (rt_heap_good_size), arena vectors
 * start larger (each regrowth leaves the old copy in the arena until the
 * call returns, and arena memory comes zeroed as the kits expect of their
 * scratch). */
#include "rt_vec.h"

#include <string.h>

#include "rt_arena.h"
#include "rt_heap.h"

int32_t rt_vec_grow(void **items, uint32_t *cap, uint32_t need, uint32_t elem, int space)
{
    if (need <= *cap) return RT_OK;
    uint64_t n = *cap ? (uint64_t)*cap * 2u : space == RT_SPACE_ARENA ? 32u : need > 1u ? need : 4u;
    while (n < need) n *= 2u;
    if (space == RT_SPACE_HEAP && n * elem <= (uint64_t)INT32_MAX) n = rt_heap_good_size((size_t)(n * elem)) / elem;
    if (n * elem > (uint64_t)INT32_MAX) {
        n = need;
        if (n * elem > (uint64_t)INT32_MAX) return RT_E_NOMEM;
    }
    void *fresh = space == RT_SPACE_ARENA ? rt_arena_zalloc((size_t)(n * elem)) : rt_heap_alloc((size_t)(n * elem));
    if (!fresh) return RT_E_NOMEM;
    if (*items && *cap) memcpy(fresh, *items, (size_t)*cap * elem);
    if (space == RT_SPACE_HEAP) rt_heap_free(*items);
    *items = fresh;
    *cap = (uint32_t)n;
    return RT_OK;
}
