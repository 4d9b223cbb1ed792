/* rt_diff.c — the leaf-level diff of rt_diff.h.
 *
 * Both values are walked in step. Equal subtrees (rt_node_equal: typed,
 * SameValueZero, key order ignored, undefined = missing) are skipped whole,
 * so the cost is the size of what differs plus the equality checks. A record
 * is emitted where neither side is a non-empty container (a scalar, null,
 * undefined, an empty container or missing on both sides) and the values
 * differ, and also where the kind changes while one side is a non-empty
 * container (a scalar replaced by an object, an object by an array, and
 * back); below that, the container side's leaves are listed against
 * missing. */
#include "rt_diff.h"

#include <string.h>

#include "rt_arena.h"
#include "rt_atom.h"
#include "rt_loop.h"
#include "rt_path.h"

typedef struct {
    int32_t path;
    rt_node *old, *now;
} diff_rec;

static diff_rec *recs;
static uint32_t n_recs, cap_recs;

static int32_t emit(int32_t path, const rt_node *old, const rt_node *now)
{
    if (n_recs == cap_recs) {
        uint32_t cap = cap_recs ? cap_recs * 2u : 32u;
        if ((uint64_t)cap * sizeof *recs > (uint64_t)INT32_MAX) return RT_E_NOMEM;
        diff_rec *fresh = rt_arena_alloc(cap * sizeof *fresh);
        if (!fresh) return RT_E_NOMEM;
        if (n_recs) memcpy(fresh, recs, n_recs * sizeof *recs);
        recs = fresh;
        cap_recs = cap;
    }
    recs[n_recs++] = (diff_rec){path, (rt_node *)old, (rt_node *)now};
    return RT_OK;
}

static int is_container(const rt_node *v) { return v && (v->kind == RT_KIND_OBJECT || v->kind == RT_KIND_ARRAY); }

static int nonempty(const rt_node *v)
{
    if (!v) return 0;
    if (v->kind == RT_KIND_OBJECT) return v->u.obj.first != NULL;
    if (v->kind == RT_KIND_ARRAY) return v->u.arr.len > 0;
    return 0;
}

/* The child `atom` of a container (arrays by the index the atom spells). */
static rt_node *child(const rt_node *v, int32_t atom)
{
    if (!v) return NULL;
    if (v->kind == RT_KIND_OBJECT) return rt_obj_get(v, atom);
    if (v->kind == RT_KIND_ARRAY) {
        int32_t i = rt_atom_index(atom);
        return i >= 0 ? rt_arr_get(v, i) : NULL;
    }
    return NULL;
}

static int32_t diff_rec_(int32_t path, const rt_node *old, const rt_node *now);

/* Diff the children of `side` under `path`; with `only_missing`, only the
 * keys the other value lacks (the removed keys, in the old order). */
static int32_t children(int32_t path, const rt_node *side, const rt_node *other, int side_is_new, int only_missing)
{
    if (!side) return RT_OK;
    if (side->kind == RT_KIND_OBJECT) {
        for (const rt_node *m = side->u.obj.first; m; m = m->next) {
            const rt_node *o = is_container(other) ? child(other, m->key) : NULL;
            if (only_missing && o) continue;
            int32_t p = rt_path_child(path, m->key);
            if (p < 0) return p;
            int32_t r = side_is_new ? diff_rec_(p, o, m) : diff_rec_(p, m, o);
            if (r < 0) return r;
        }
    } else if (side->kind == RT_KIND_ARRAY) {
        for (uint32_t i = 0; i < side->u.arr.len; i++) {
            int32_t atom = rt_atom_of_index(i);
            if (atom < 0) return atom;
            const rt_node *o = is_container(other) ? child(other, atom) : NULL;
            if (only_missing && o) continue;
            int32_t p = rt_path_child(path, atom);
            if (p < 0) return p;
            const rt_node *s = side->u.arr.items[i];
            int32_t r = side_is_new ? diff_rec_(p, o, s) : diff_rec_(p, s, o);
            if (r < 0) return r;
        }
    }
    return RT_OK;
}

static int32_t diff_rec_(int32_t path, const rt_node *old, const rt_node *now)
{
    if (rt_node_equal(old, now)) return RT_OK;
    int co = nonempty(old), cn = nonempty(now);
    if (!co && !cn) return emit(path, old, now);
    /* the shape changes here: a scalar against a container, or an object
     * against an array (an empty container against a full one of its kind
     * is not a change of shape: only its members differ) */
    int shape = old && now && old->kind != now->kind;
    if (shape) {
        int32_t r = emit(path, old, now);
        if (r < 0) return r;
    }
    int32_t r = children(path, now, co ? old : NULL, 1, 0);
    if (r < 0) return r;
    return children(path, old, cn ? now : NULL, 0, 1);
}

int32_t rt_diff(int32_t path, const rt_node *old, const rt_node *now)
{
    recs = NULL;
    n_recs = cap_recs = 0;
    if (!rt_path_valid(path)) return RT_E_PATH;
    int32_t r = diff_rec_(path, old, now);
    if (r < 0) {
        n_recs = 0;
        return r;
    }
    return (int32_t)n_recs;
}

int32_t rt_diff_change(int32_t change)
{
    int32_t path = rt_change_path(change);
    if (path < 0) return RT_E_HOOK;
    return rt_diff(path, rt_change_old(change), rt_change_value(change));
}

int32_t rt_diff_path(int32_t i) { return i >= 0 && (uint32_t)i < n_recs ? recs[i].path : -1; }
rt_node *rt_diff_old(int32_t i) { return i >= 0 && (uint32_t)i < n_recs ? recs[i].old : NULL; }
rt_node *rt_diff_new(int32_t i) { return i >= 0 && (uint32_t)i < n_recs ? recs[i].now : NULL; }
