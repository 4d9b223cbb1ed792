/* rt_value.h — values: undefined, null, boolean, number (f64), string
 * (UTF-8), array and object with insertion-ordered keys, as trees of nodes.
 *
 * A node lives in one of two spaces: the persistent heap (the shadow state and
 * the old values the undo log keeps) or the scratch arena (decoded inputs,
 * snapshots, values hooks build; gone when the call returns). Object keys are
 * atoms. A small object is found by a scan of its member list (no index: a
 * table would cost more than its members); one growing past
 * RT_OBJ_INDEX_MIN members gets a hash index (an rt_map from atom to
 * member, in the object's space), so a member lookup is O(1) whatever the
 * object's size. A NULL node is a missing value. */
#ifndef RT_VALUE_H
#define RT_VALUE_H

#include "rt_base.h"
#include "rt_map.h"

#define RT_OBJ_INDEX_MIN 16u

/* 24 bytes in wasm32 (a 28-byte heap block with its header, where the
 * earlier layout took 40): an object keeps only its first member and its
 * count (or, once indexed, its index, which counts the members itself);
 * the last member is the first one's `prev` (the back links are circular,
 * the forward ones end in NULL); an array keeps the log2 of its capacity
 * in `aux`; a string's bytes follow the node. */
typedef struct rt_node rt_node;
struct rt_node {
    uint8_t kind;  /* RT_KIND_* (never MISSING) */
    uint8_t space; /* RT_SPACE_* */
    uint8_t aux;   /* object: RT_OBJ_INDEXED; array: log2(capacity) + 1, 0 = no storage */
    uint8_t unused;
    int32_t key;          /* atom, while a member of an object */
    rt_node *next, *prev; /* neighbours among an object's members; the first's prev is the last */
    union {
        double num;
        int32_t truth;
        struct {
            uint32_t len;
        } str; /* bytes follow the node (rt_node_bytes) */
        struct {
            rt_node **items;
            uint32_t len;
        } arr;
        struct {
            rt_node *first; /* insertion order */
            union {
                uint32_t count; /* while small */
                rt_map *index;  /* RT_OBJ_INDEXED: (atom, 0) -> member */
            } m;
        } obj;
    } u;
};

#define RT_OBJ_INDEXED 1u

static inline const uint8_t *rt_node_bytes(const rt_node *str) { return (const uint8_t *)(str + 1); }
static inline uint32_t rt_obj_count(const rt_node *obj)
{
    return obj->aux & RT_OBJ_INDEXED ? obj->u.obj.m.index->count : obj->u.obj.m.count;
}
static inline rt_node *rt_obj_last(const rt_node *obj) { return obj->u.obj.first ? obj->u.obj.first->prev : NULL; }

/* Constructors; NULL when out of memory. */
rt_node *rt_node_new(int space, int kind); /* undefined, null, empty array or object */
rt_node *rt_node_bool(int space, int32_t truth);
rt_node *rt_node_num(int space, double num);
rt_node *rt_node_str(int space, const uint8_t *bytes, uint32_t len);

/* Free a heap tree (arena nodes are left to the arena). */
void rt_node_free(rt_node *node);

/* Deep copy into `space`. `budget` is the nesting allowed (a container costs
 * one level); *status gets RT_E_DEPTH or RT_E_NOMEM on failure (NULL result,
 * nothing leaked). A NULL source copies to an undefined node. */
rt_node *rt_node_copy(const rt_node *src, int space, int32_t budget, int32_t *status);

/* Deep equality for no-op detection (semantics.md §1): typed, SameValueZero
 * for numbers, object key order ignored, missing equals undefined (also for
 * members: {k: undefined} equals {}). */
int32_t rt_node_equal(const rt_node *a, const rt_node *b);

int32_t rt_node_kind(const rt_node *node);
/* True for missing, undefined and null — "holds no value" in semantics.md. */
int32_t rt_node_is_nothing(const rt_node *node);
/* Length in UTF-16 code units of a string node (JavaScript's .length). */
int32_t rt_str_utf16_len(const rt_node *node);

/* Objects. rt_obj_reserve makes the next insertion unable to fail. */
rt_node *rt_obj_get(const rt_node *obj, int32_t key);
int32_t rt_obj_reserve(rt_node *obj, uint32_t extra);
/* Insert `child` under `key` at the end, or replace the member in place
 * (returning the old member in *replaced). */
int32_t rt_obj_put(rt_node *obj, int32_t key, rt_node *child, rt_node **replaced);
/* Unlink the member `key`; returns it (or NULL), with its predecessor. */
rt_node *rt_obj_remove(rt_node *obj, int32_t key, rt_node **prev_out);
/* Re-link `child` after `prev` (NULL = first). Cannot fail when the object
 * held the member before (indexes never shrink). */
void rt_obj_relink(rt_node *obj, rt_node *prev, rt_node *child);

/* Arrays. */
rt_node *rt_arr_get(const rt_node *arr, int32_t index);
int32_t rt_arr_reserve(rt_node *arr, uint32_t len);
int32_t rt_arr_push(rt_node *arr, rt_node *child);
rt_node *rt_arr_pop(rt_node *arr);
rt_node *rt_arr_replace(rt_node *arr, uint32_t index, rt_node *child);

#endif
