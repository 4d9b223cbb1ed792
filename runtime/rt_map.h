/* rt_map.h — the runtime's one hash map: from a pair of int32 keys to a
 * value (an int32, or a pointer), open addressing with linear probing (load
 * <= 1/2), cleared in O(1) by a generation count instead of wiping the
 * table, with deletion by backward shift. It lives in the persistent heap
 * (capacity kept across clears) or in the call's scratch arena (forgotten
 * with rt_map_init when the arena is reset).
 *
 * Users: the atom table ((hash, length) -> first atom), the member index of large objects ((atom, 0) ->
 * member node, in the object's own space), the decoded literals, the loop's
 * per-apply sets (listeners run, tasks queued, dispatch plan) and the kits'
 * per-round bookkeeping. */
#ifndef RT_MAP_H
#define RT_MAP_H

#include "rt_base.h"

/* 16 bytes in wasm32 (24 natively): the kits' maps live in the scratch
 * arena, whose first chunk every call reuses, so a small slot keeps a busy
 * call within it. */
typedef struct {
    int32_t k0, k1;
    uint32_t gen; /* the slot is live when gen equals the map's gen */
    intptr_t value;
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
    /* a full mix: the low bits index the table, and ids a fixed stride
     * apart (paths of sibling records) must not share them */
    uint32_t h = (uint32_t)k0 * 0x9e3779b1u ^ (uint32_t)k1 * 0x85ebca77u;
    h ^= h >> 16;
    h *= 0x7feb352du;
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

/* The live slot holding the keys, or NULL. */
static inline rt_map_slot *rt_map_find(const rt_map *m, int32_t k0, int32_t k1)
{
    if (!m->count) return NULL;
    rt_map_slot *s = rt_map_slot_of(m, k0, k1);
    return s->gen == m->gen ? s : NULL;
}

/* The value stored under the keys, or `none`. */
static inline int32_t rt_map_get(const rt_map *m, int32_t k0, int32_t k1, int32_t none)
{
    const rt_map_slot *s = rt_map_find(m, k0, k1);
    return s ? (int32_t)s->value : none;
}
static inline void *rt_map_get_ptr(const rt_map *m, int32_t k0, int32_t k1)
{
    const rt_map_slot *s = rt_map_find(m, k0, k1);
    return s ? (void *)s->value : NULL;
}

/* Room for `n` entries with no growth on insert (a table of at least 2n
 * slots; the first has 16): RT_OK or RT_E_NOMEM, the map unchanged. */
int32_t rt_map_reserve(rt_map *m, uint32_t n);

/* Store `value` under the keys, replacing any value there (a replacement
 * never grows the table). RT_E_NOMEM leaves the map as it was. */
static inline int32_t rt_map_put_value(rt_map *m, int32_t k0, int32_t k1, intptr_t value)
{
    rt_map_slot *s = m->cap ? rt_map_slot_of(m, k0, k1) : NULL; /* one probe when no growth is due */
    if (!s || s->gen != m->gen) {
        if ((m->count + 1u) * 2u > m->cap) {
            if (rt_map_reserve(m, m->count + 1u) != RT_OK) return RT_E_NOMEM;
            s = rt_map_slot_of(m, k0, k1);
        }
        m->count++;
    }
    *s = (rt_map_slot){k0, k1, m->gen, value};
    return RT_OK;
}
static inline int32_t rt_map_put(rt_map *m, int32_t k0, int32_t k1, int32_t value)
{
    return rt_map_put_value(m, k0, k1, value);
}
static inline int32_t rt_map_put_ptr(rt_map *m, int32_t k0, int32_t k1, void *value)
{
    return rt_map_put_value(m, k0, k1, (intptr_t)value);
}

/* Remove the keys' entry, if any (backward shift: every probe chain stays
 * unbroken, and the table never shrinks). */
void rt_map_remove(rt_map *m, int32_t k0, int32_t k1);

/* Forget every entry, keeping the table. */
void rt_map_clear(rt_map *m);

/* Free a heap map's table (an arena map's goes with the arena). */
void rt_map_release(rt_map *m);

#endif
