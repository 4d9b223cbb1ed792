/* rt_map.h — the runtime's one hash map: from a pair of int32 keys to an int32
 * value, open addressing with linear probing (load <= 1/2), cleared in
 * O(1) by a generation count instead of wiping the table. It lives in the
 * persistent heap (capacity kept across clears) or in the call's scratch
 * arena (forgotten with rt_map_init when the arena is reset).
 *
 * Users: the path trie ((parent, atom) -> path), the atom table ((hash,
 * length) -> first atom), the loop's per-apply sets (listeners run, tasks
 * queued, dispatch plan) and the kits' per-round bookkeeping. The one
 * exception is the member index of large object values (rt_value.c), which
 * is intrusive: its slots are the member nodes themselves, in the value's
 * own space, with deletion. */
#ifndef RT_MAP_H
#define RT_MAP_H

#include "rt_base.h"

/* 16 bytes: the kits' maps live in the scratch arena, whose first chunk
 * every call reuses, so a smaller slot keeps a busy call within it. */
typedef struct {
    int32_t k0, k1, value;
    uint32_t gen; /* the slot is live when gen equals the map's gen */
} rt_map_slot;

typedef struct {
    rt_map_slot *slots;
    uint32_t cap, count, gen;
    int space; /* RT_SPACE_HEAP or RT_SPACE_ARENA */
} rt_map;

/* An empty map in `space`. For a heap map this forgets (does not free) any
 * table: call it once before use, or after rt_map_release. For an arena map
 * call it whenever the arena has been reset. */
void rt_map_init(rt_map *m, int space);

/* Lookups and stores are inline: they sit on the change path (path
 * interning, the sync walk), and only growth is a call. */
static inline uint32_t rt_map_hash(int32_t k0, int32_t k1)
{
    uint32_t h = (uint32_t)k0 * 0x9e3779b1u ^ (uint32_t)k1 * 0x85ebca77u;
    return h ^ (h >> 15);
}

/* The slot holding the keys, or the free slot where they would go. */
static inline rt_map_slot *rt_map_slot_of(const rt_map *m, int32_t k0, int32_t k1)
{
    uint32_t mask = m->cap - 1u;
    for (uint32_t i = rt_map_hash(k0, k1) & mask;; i = (i + 1u) & mask) {
        rt_map_slot *s = &m->slots[i];
        if (s->gen != m->gen || (s->k0 == k0 && s->k1 == k1)) return s;
    }
}

/* The value stored under the keys, or `none`. */
static inline int32_t rt_map_get(const rt_map *m, int32_t k0, int32_t k1, int32_t none)
{
    if (!m->count) return none;
    const rt_map_slot *s = rt_map_slot_of(m, k0, k1);
    return s->gen == m->gen ? s->value : none;
}

/* Double the table (the first one has 64 slots): RT_OK or RT_E_NOMEM, the
 * map unchanged. */
int32_t rt_map_grow(rt_map *m);

/* Store `value` under the keys (replacing any value there). RT_E_NOMEM
 * leaves the map as it was. */
static inline int32_t rt_map_put(rt_map *m, int32_t k0, int32_t k1, int32_t value)
{
    if ((m->count + 1u) * 2u > m->cap && rt_map_grow(m) != RT_OK) return RT_E_NOMEM;
    rt_map_slot *s = rt_map_slot_of(m, k0, k1);
    if (s->gen != m->gen) m->count++;
    *s = (rt_map_slot){k0, k1, value, m->gen};
    return RT_OK;
}

/* Forget every entry, keeping the table. */
void rt_map_clear(rt_map *m);

/* Free a heap map's table (an arena map's goes with the arena). */
void rt_map_release(rt_map *m);

#endif
