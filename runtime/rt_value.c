/* rt_value.c — node construction, copying, freeing, equality, and the two
 * container kinds. Every walk recurses over the tree; nesting is bounded by
 * RT_MAX_DEPTH when trees are built (rt_node_copy, the decoder), so the
 * recursion here is bounded too. */
#include "rt_value.h"

#include <string.h>

#include "rt_arena.h"
#include "rt_heap.h"

static void *space_alloc(int space, size_t size)
{
    return space == RT_SPACE_ARENA ? rt_arena_alloc(size) : rt_heap_alloc(size);
}

static rt_node *node_alloc(int space, int kind, size_t extra)
{
    rt_node *n = space_alloc(space, sizeof(rt_node) + extra);
    if (!n) return NULL;
    memset(n, 0, sizeof *n);
    n->kind = (uint8_t)kind;
    n->space = (uint8_t)space;
    n->key = -1;
    return n;
}

rt_node *rt_node_new(int space, int kind) { return node_alloc(space, kind, 0); }

rt_node *rt_node_bool(int space, int32_t truth)
{
    rt_node *n = node_alloc(space, RT_KIND_BOOL, 0);
    if (n) n->u.truth = truth ? 1 : 0;
    return n;
}

rt_node *rt_node_num(int space, double num)
{
    rt_node *n = node_alloc(space, RT_KIND_NUMBER, 0);
    if (n) n->u.num = num;
    return n;
}

rt_node *rt_node_str(int space, const uint8_t *bytes, uint32_t len)
{
    rt_node *n = node_alloc(space, RT_KIND_STRING, len);
    if (!n) return NULL;
    n->u.str.len = len;
    if (len) memcpy(n + 1, bytes, len);
    return n;
}

void rt_node_free(rt_node *n)
{
    if (!n || n->space != RT_SPACE_HEAP) return;
    if (n->kind == RT_KIND_ARRAY) {
        for (uint32_t i = 0; i < n->u.arr.len; i++) rt_node_free(n->u.arr.items[i]);
        rt_heap_free(n->u.arr.items);
    } else if (n->kind == RT_KIND_OBJECT) {
        rt_node *m = n->u.obj.first;
        while (m) {
            rt_node *next = m->next;
            rt_node_free(m);
            m = next;
        }
        if (n->aux & RT_OBJ_INDEXED) {
            rt_map_release(n->u.obj.m.index);
            rt_heap_free(n->u.obj.m.index);
        }
    }
    rt_heap_free(n);
}

int32_t rt_node_kind(const rt_node *n) { return n ? n->kind : RT_KIND_MISSING; }

int32_t rt_node_is_nothing(const rt_node *n) { return !n || n->kind == RT_KIND_UNDEFINED || n->kind == RT_KIND_NULL; }

int32_t rt_str_utf16_len(const rt_node *n)
{
    if (!n || n->kind != RT_KIND_STRING) return -1;
    int32_t units = 0;
    for (uint32_t i = 0; i < n->u.str.len; i++) {
        uint8_t b = rt_node_bytes(n)[i];
        if ((b & 0xc0u) != 0x80u) units += b >= 0xf0u ? 2 : 1; /* 4-byte sequences are surrogate pairs */
    }
    return units;
}

/* ---- objects ---- */

rt_node *rt_obj_get(const rt_node *obj, int32_t key)
{
    if (!obj || obj->kind != RT_KIND_OBJECT) return NULL;
    if (obj->aux & RT_OBJ_INDEXED) return rt_map_get_ptr(obj->u.obj.m.index, key, 0);
    for (rt_node *m = obj->u.obj.first; m; m = m->next)
        if (m->key == key) return m;
    return NULL;
}

int32_t rt_obj_reserve(rt_node *obj, uint32_t extra)
{
    uint64_t want = (uint64_t)rt_obj_count(obj) + extra;
    if (want <= RT_OBJ_INDEX_MIN) return RT_OK;
    if (want > UINT32_MAX) return RT_E_NOMEM;
    if (obj->aux & RT_OBJ_INDEXED) return rt_map_reserve(obj->u.obj.m.index, (uint32_t)want);
    rt_map *index = space_alloc(obj->space, sizeof *index);
    if (!index) return RT_E_NOMEM;
    rt_map_init(index, obj->space);
    if (rt_map_reserve(index, (uint32_t)want) != RT_OK) {
        if (obj->space == RT_SPACE_HEAP) rt_heap_free(index);
        return RT_E_NOMEM;
    }
    /* reserved: the puts cannot fail; the index counts the members from now on */
    for (rt_node *m = obj->u.obj.first; m; m = m->next) (void)rt_map_put_ptr(index, m->key, 0, m);
    obj->u.obj.m.index = index;
    obj->aux |= RT_OBJ_INDEXED;
    return RT_OK;
}

int32_t rt_obj_put(rt_node *obj, int32_t key, rt_node *child, rt_node **replaced)
{
    rt_node *old = rt_obj_get(obj, key);
    child->key = key;
    if (replaced) *replaced = old;
    if (old) {
        /* Same position: JavaScript keeps a key's place when it is assigned. */
        rt_node *first = obj->u.obj.first;
        child->next = old->next;
        child->prev = old != first ? old->prev : old->prev == old ? child : old->prev;
        if (old == first)
            obj->u.obj.first = child;
        else
            old->prev->next = child;
        if (old->next)
            old->next->prev = child;
        else
            obj->u.obj.first->prev = child; /* the new last */
        old->next = old->prev = NULL;
        if (obj->aux & RT_OBJ_INDEXED)
            (void)rt_map_put_ptr(obj->u.obj.m.index, key, 0, child); /* a replacement: no growth */
        return RT_OK;
    }
    if (rt_obj_reserve(obj, 1u) != RT_OK) return RT_E_NOMEM;
    rt_obj_relink(obj, rt_obj_last(obj), child);
    return RT_OK;
}

void rt_obj_relink(rt_node *obj, rt_node *prev, rt_node *child)
{
    rt_node *first = obj->u.obj.first;
    if (!prev) {
        child->next = first;
        child->prev = first ? first->prev : child;
        if (first) first->prev = child;
        obj->u.obj.first = child;
    } else {
        child->prev = prev;
        child->next = prev->next;
        if (prev->next)
            prev->next->prev = child;
        else
            first->prev = child; /* the new last */
        prev->next = child;
    }
    /* the room was reserved (rt_obj_reserve, or by the member's earlier
     * presence when rollback relinks it: indexes never shrink) */
    if (obj->aux & RT_OBJ_INDEXED)
        (void)rt_map_put_ptr(obj->u.obj.m.index, child->key, 0, child);
    else
        obj->u.obj.m.count++;
}

rt_node *rt_obj_remove(rt_node *obj, int32_t key, rt_node **prev_out)
{
    rt_node *m = rt_obj_get(obj, key);
    if (!m) {
        if (prev_out) *prev_out = NULL;
        return NULL;
    }
    rt_node *first = obj->u.obj.first;
    rt_node *prev = m == first ? NULL : m->prev;
    if (prev_out) *prev_out = prev;
    if (obj->aux & RT_OBJ_INDEXED)
        rt_map_remove(obj->u.obj.m.index, key, 0);
    else
        obj->u.obj.m.count--;
    if (!prev) {
        obj->u.obj.first = m->next;
        if (m->next) m->next->prev = m->prev; /* the last */
    } else {
        prev->next = m->next;
        if (m->next)
            m->next->prev = prev;
        else
            first->prev = prev; /* the new last */
    }
    m->next = m->prev = NULL;
    return m;
}

/* ---- arrays ---- */

static uint32_t arr_cap(const rt_node *arr) { return arr->aux ? (uint32_t)1 << (arr->aux - 1u) : 0u; }

rt_node *rt_arr_get(const rt_node *arr, int32_t index)
{
    if (!arr || arr->kind != RT_KIND_ARRAY || index < 0 || (uint32_t)index >= arr->u.arr.len) return NULL;
    return arr->u.arr.items[index];
}

/* Capacities are powers of two (at least 4), so one byte of the node holds
 * them. */
int32_t rt_arr_reserve(rt_node *arr, uint32_t len)
{
    uint32_t cap = arr_cap(arr);
    if (len <= cap) return RT_OK;
    unsigned log = 2u;
    while (((uint64_t)1 << log) < len) log++;
    if (((uint64_t)1 << log) * sizeof(rt_node *) > (uint64_t)INT32_MAX) return RT_E_NOMEM;
    size_t bytes = ((size_t)1 << log) * sizeof(rt_node *);
    rt_node **items = space_alloc(arr->space, bytes);
    if (!items) return RT_E_NOMEM;
    if (arr->u.arr.len) memcpy(items, arr->u.arr.items, arr->u.arr.len * sizeof *items);
    if (arr->space == RT_SPACE_HEAP) rt_heap_free(arr->u.arr.items);
    arr->u.arr.items = items;
    arr->aux = (uint8_t)(log + 1u);
    return RT_OK;
}

int32_t rt_arr_push(rt_node *arr, rt_node *child)
{
    if (arr->u.arr.len == UINT32_MAX / 2u) return RT_E_NOMEM;
    if (rt_arr_reserve(arr, arr->u.arr.len + 1u) != RT_OK) return RT_E_NOMEM;
    child->key = -1;
    arr->u.arr.items[arr->u.arr.len++] = child;
    return RT_OK;
}

rt_node *rt_arr_pop(rt_node *arr) { return arr->u.arr.len ? arr->u.arr.items[--arr->u.arr.len] : NULL; }

rt_node *rt_arr_replace(rt_node *arr, uint32_t index, rt_node *child)
{
    rt_node *old = arr->u.arr.items[index];
    child->key = -1;
    arr->u.arr.items[index] = child;
    return old;
}

/* ---- copy and equality ---- */

static rt_node *copy_rec(const rt_node *s, int space, int32_t budget, int32_t *status)
{
    if (!s) return rt_node_new(space, RT_KIND_UNDEFINED);
    switch (s->kind) {
    case RT_KIND_BOOL: return rt_node_bool(space, s->u.truth);
    case RT_KIND_NUMBER: return rt_node_num(space, s->u.num);
    case RT_KIND_STRING: return rt_node_str(space, rt_node_bytes(s), s->u.str.len);
    case RT_KIND_ARRAY:
    case RT_KIND_OBJECT: break;
    default: return rt_node_new(space, s->kind);
    }
    if (budget <= 0) {
        *status = RT_E_DEPTH;
        return NULL;
    }
    rt_node *d = rt_node_new(space, s->kind);
    if (!d) return NULL;
    if (s->kind == RT_KIND_ARRAY) {
        if (rt_arr_reserve(d, s->u.arr.len) != RT_OK) goto fail;
        for (uint32_t i = 0; i < s->u.arr.len; i++) {
            rt_node *c = copy_rec(s->u.arr.items[i], space, budget - 1, status);
            if (!c) goto fail;
            d->u.arr.items[d->u.arr.len++] = c;
        }
    } else {
        if (rt_obj_reserve(d, rt_obj_count(s)) != RT_OK) goto fail;
        for (const rt_node *m = s->u.obj.first; m; m = m->next) {
            rt_node *c = copy_rec(m, space, budget - 1, status);
            if (!c) goto fail;
            c->key = m->key;
            rt_obj_relink(d, rt_obj_last(d), c); /* keys are distinct and room is reserved */
        }
    }
    return d;
fail:
    rt_node_free(d);
    return NULL;
}

rt_node *rt_node_copy(const rt_node *src, int space, int32_t budget, int32_t *status)
{
    int32_t st = RT_E_NOMEM;
    rt_node *n = copy_rec(src, space, budget, &st);
    if (!n && status) *status = st;
    return n;
}

static uint32_t defined_members(const rt_node *obj)
{
    uint32_t n = 0;
    for (const rt_node *m = obj->u.obj.first; m; m = m->next) n += m->kind != RT_KIND_UNDEFINED;
    return n;
}

int32_t rt_node_equal(const rt_node *a, const rt_node *b)
{
    int ka = a ? a->kind : RT_KIND_UNDEFINED;
    int kb = b ? b->kind : RT_KIND_UNDEFINED;
    if (ka != kb) return 0;
    switch (ka) {
    case RT_KIND_UNDEFINED:
    case RT_KIND_NULL: return 1;
    case RT_KIND_BOOL: return a->u.truth == b->u.truth;
    case RT_KIND_NUMBER: /* SameValueZero: NaN equals NaN, -0 equals 0 */
        return a->u.num == b->u.num || (a->u.num != a->u.num && b->u.num != b->u.num);
    case RT_KIND_STRING:
        return a->u.str.len == b->u.str.len && memcmp(rt_node_bytes(a), rt_node_bytes(b), a->u.str.len) == 0;
    case RT_KIND_ARRAY:
        if (a->u.arr.len != b->u.arr.len) return 0;
        for (uint32_t i = 0; i < a->u.arr.len; i++)
            if (!rt_node_equal(a->u.arr.items[i], b->u.arr.items[i])) return 0;
        return 1;
    case RT_KIND_OBJECT:
        if (a == b) return 1;
        if (defined_members(a) != defined_members(b)) return 0;
        for (const rt_node *m = a->u.obj.first; m; m = m->next)
            if (m->kind != RT_KIND_UNDEFINED && !rt_node_equal(m, rt_obj_get(b, m->key))) return 0;
        return 1;
    default: return 0;
    }
}
