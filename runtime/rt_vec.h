/* rt_vec.h — the runtime's one growable array: make room in a vector of
 * fixed-size elements, in the persistent heap or in the call's scratch arena.
 * Every vector of the runtime and the kits (atoms, paths, undo log, tasks,
 * queues, array values, output buffers) grows through it. */
#ifndef RT_VEC_H
#define RT_VEC_H

#include "rt_base.h"

/* rt_vec_reserve: make room for `need` elements of `elem` bytes in the vector *items of
 * capacity *cap, growing geometrically, in `space` (RT_SPACE_HEAP: the old
 * block is freed; RT_SPACE_ARENA: it stays in the arena until the call
 * returns). On failure nothing changes and RT_E_NOMEM is returned. */
int32_t rt_vec_grow(void **items, uint32_t *cap, uint32_t need, uint32_t elem, int space);

/* Inline for the common case: the room is there (the undo log, the change
 * list and the kits' queues ask on every change). */
static inline int32_t rt_vec_reserve(void **items, uint32_t *cap, uint32_t need, uint32_t elem, int space)
{
    return need <= *cap ? RT_OK : rt_vec_grow(items, cap, need, elem, space);
}

#endif
