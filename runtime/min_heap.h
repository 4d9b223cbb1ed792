/* min_heap.h — a binary min-heap of u32 in a caller's array, for the
 * "lowest id first" topological orders that both the table builder
 * (tables_build.c) and the IR (compiler/ir_build.c) compute.  Header-only:
 * it is shared by the compiler and the runtime's native tests, and depends
 * on nothing but <stdint.h>.  The array must have room for every push. */
#ifndef RT_MIN_HEAP_H
#define RT_MIN_HEAP_H

#include <stdint.h>

static inline void min_heap_push(uint32_t *heap, uint32_t *n, uint32_t v)
{
    uint32_t i = (*n)++;
    heap[i] = v;
    while (i && heap[(i - 1u) / 2u] > heap[i]) {
        uint32_t up = (i - 1u) / 2u, t = heap[up];
        heap[up] = heap[i];
        heap[i] = t;
        i = up;
    }
}

/* The least value; *n must be > 0. */
static inline uint32_t min_heap_pop(uint32_t *heap, uint32_t *n)
{
    uint32_t top = heap[0];
    heap[0] = heap[--*n];
    for (uint32_t i = 0;;) {
        uint32_t l = 2u * i + 1u, r = l + 1u, m = i;
        if (l < *n && heap[l] < heap[m]) m = l;
        if (r < *n && heap[r] < heap[m]) m = r;
        if (m == i) break;
        uint32_t t = heap[m];
        heap[m] = heap[i];
        heap[i] = t;
        i = m;
    }
    return top;
}

#endif
