/* kit_common.c — the watch-index lookup, pattern helpers and the pair map
 * the kits share (kit_common.h).
 *
 * The lookup is what keeps a kit's work per change independent of the
 * number of rules and the size of the state: the change's path already
 * carries its class (interned once, when the path was first seen), the
 * class lists the patterns the path matches, and the watch index lists per
 * pattern the units that read it.  A change at X touches an input I when X
 * is I, above I (X's patterns, `sub` lists: units with an input at or below
 * the pattern) or below I (each strict ancestor's patterns, `exact` lists).
 * That is O(depth of X) class reads plus the units found. */
#include "kit_common.h"

#include <string.h>

#include "rt_access.h"
#include "rt_atom.h"
#include "rt_heap.h"
#include "rt_loop.h"
#include "rt_path.h"
#include "rt_vec.h"
#include "tables.h"

/* ---- a kit call's entry ---- */

int32_t kit_load(const uint8_t *tb, const uint8_t *ix, uint32_t magic, const uint8_t **tb_at, const uint8_t **ix_at,
                 int32_t *status)
{
    if (!tb || !ix || tb_hdr(tb, TB_H_MAGIC) != TB_MAGIC || tb_hdr(ix, KIT_H_MAGIC) != magic) return RT_E_HOOK;
    *tb_at = tb;
    *ix_at = ix;
    *status = RT_OK;
    return RT_OK;
}

/* ---- the watch index ---- */

static int32_t each_listed(const uint8_t *ix, uint32_t watch, int32_t pattern, int32_t at, int32_t below,
                           kit_touch_fn fn, void *ctx)
{
    uint32_t rec = watch + (uint32_t)pattern * KW_WORDS * 4u;
    uint32_t n = tb_u32(ix, rec, below ? KW_N_EXACT : KW_N_SUB);
    if (!n) return RT_OK;
    const uint32_t *ids = tb_words(ix, tb_u32(ix, rec, below ? KW_EXACT : KW_SUB));
    for (uint32_t i = 0; i < n; i++) {
        int32_t r = fn(ctx, (int32_t)ids[i], pattern, at, below);
        if (r < 0) return r;
    }
    return RT_OK;
}

uint32_t kit_class_patterns(const uint8_t *tb, int32_t path, const uint32_t **pats)
{
    int32_t cls = rt_path_class(path);
    if (cls < 0 || (uint32_t)cls >= tb_hdr(tb, TB_H_N_CLASSES)) return 0;
    uint32_t c = tb_rec(tb, TB_H_CLASSES, TB_C_WORDS, (uint32_t)cls);
    *pats = tb_words(tb, tb_u32(tb, c, TB_C_PATS));
    return tb_u32(tb, c, TB_C_N_PATS);
}

/* ---- per-class summaries of a watch index ----
 *
 * Whether any pattern of a class lists units in a watch index, per list:
 * worked out on the class's first lookup and kept, since classes and watch
 * lists are the module's constants. A level of a change's path whose
 * patterns list nothing for the kit (most levels of a deep path) then
 * costs one byte read instead of a look at each of its patterns. One
 * summary per watch index (a kit's blob), at most KIT_MAX_SUMMARIES; an
 * index beyond them, or one whose summary could not be allocated, is
 * walked without. */
enum { SUMMARY_KNOWN = 1, SUMMARY_SUB = 2, SUMMARY_EXACT = 4 };
#define KIT_MAX_SUMMARIES 8

typedef struct {
    const uint8_t *ix;
    uint32_t watch;
    uint8_t *flags; /* per class, SUMMARY_* */
} summary_t;

static summary_t summaries[KIT_MAX_SUMMARIES];
static uint32_t n_summaries;

void kit_common_release(void)
{
    for (uint32_t i = 0; i < n_summaries; i++) rt_heap_free(summaries[i].flags);
    n_summaries = 0;
}

static uint8_t *summary_of(const uint8_t *tb, const uint8_t *ix, uint32_t watch)
{
    for (uint32_t i = 0; i < n_summaries; i++)
        if (summaries[i].ix == ix && summaries[i].watch == watch) return summaries[i].flags;
    uint32_t n = tb_hdr(tb, TB_H_N_CLASSES);
    if (n_summaries == KIT_MAX_SUMMARIES || n == 0) return NULL;
    uint8_t *flags = rt_heap_zalloc(n);
    if (flags) summaries[n_summaries++] = (summary_t){ix, watch, flags};
    return flags;
}

/* SUMMARY_* of the class of `at` (0 when it has none). */
static uint8_t class_summary(const uint8_t *tb, const uint8_t *ix, uint32_t watch, uint8_t *flags, int32_t at)
{
    int32_t cls = rt_path_class(at);
    if (cls < 0 || (uint32_t)cls >= tb_hdr(tb, TB_H_N_CLASSES)) return SUMMARY_KNOWN;
    if (flags[cls]) return flags[cls];
    const uint32_t *pats = NULL;
    uint32_t n = kit_class_patterns(tb, at, &pats);
    uint8_t f = SUMMARY_KNOWN;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rec = watch + pats[i] * KW_WORDS * 4u;
        if (tb_u32(ix, rec, KW_N_SUB)) f |= SUMMARY_SUB;
        if (tb_u32(ix, rec, KW_N_EXACT)) f |= SUMMARY_EXACT;
    }
    return flags[cls] = f;
}

/* The units listed for the patterns `at` matches (`exact` lists when the
 * change is below `at`, `sub` lists when at or above). */
static int32_t each_pattern(const uint8_t *tb, const uint8_t *ix, uint32_t watch, uint8_t *flags, int32_t at,
                            int32_t below, kit_touch_fn fn, void *ctx)
{
    /* (the root always matches the root pattern: no summary there) */
    if (flags && at != RT_ROOT && !(class_summary(tb, ix, watch, flags, at) & (below ? SUMMARY_EXACT : SUMMARY_SUB)))
        return RT_OK;
    const uint32_t *pats = NULL;
    uint32_t n = kit_class_patterns(tb, at, &pats);
    int root_seen = 0;
    for (uint32_t i = 0; i < n; i++) {
        root_seen |= pats[i] == 0;
        int32_t r = each_listed(ix, watch, (int32_t)pats[i], at, below, fn, ctx);
        if (r < 0) return r;
    }
    /* the root matches the root pattern, whatever its class lists */
    if (at == RT_ROOT && !below && !root_seen) return each_listed(ix, watch, 0, at, 0, fn, ctx);
    return RT_OK;
}

/* The walk every kit with a watch index makes for every change: the path's
 * own patterns, then each strict ancestor's, nearest first. */
int32_t kit_touches(const uint8_t *tb, const uint8_t *ix, uint32_t watch, int32_t path, kit_touch_fn fn, void *ctx)
{
    uint8_t *flags = summary_of(tb, ix, watch);
    int32_t r = each_pattern(tb, ix, watch, flags, path, 0, fn, ctx);
    for (int32_t a = rt_path_parent(path); a > 0 && r == RT_OK; a = rt_path_parent(a))
        r = each_pattern(tb, ix, watch, flags, a, 1, fn, ctx);
    return r;
}

int kit_under_key(int32_t path, int32_t atom)
{
    return path != RT_ROOT && rt_path_atom(rt_path_ancestor(path, 1)) == atom;
}

/* ---- patterns ---- */

uint32_t kit_pat(const uint8_t *tb, int32_t p, uint32_t w)
{
    return tb_field(tb, TB_H_PATTERNS, TB_P_WORDS, (uint32_t)p, w);
}

int kit_pat_wild(const uint8_t *tb, int32_t p)
{
    uint32_t k = kit_pat(tb, p, TB_P_KIND);
    return k == TB_SEG_WILD || k == TB_SEG_DEEP;
}

int kit_pat_binds(const uint8_t *tb, int32_t p) { return kit_pat(tb, p, TB_P_KIND) == TB_SEG_WILD; }

int32_t kit_pattern_keys(const uint8_t *tb, int32_t pattern, int32_t path, int32_t *keys, int32_t max)
{
    int32_t k = (int32_t)kit_pat(tb, pattern, TB_P_NWILD);
    int32_t n = k < max ? k : max;
    for (int32_t q = pattern, x = path; q > 0 && x > 0; q = (int32_t)kit_pat(tb, q, TB_P_PARENT), x = rt_path_parent(x))
        if (kit_pat_binds(tb, q) && --k < n) keys[k] = rt_path_atom(x);
    return n;
}

int32_t kit_pattern_chain(const uint8_t *tb, int32_t pattern, int32_t *chain)
{
    int32_t d = (int32_t)kit_pat(tb, pattern, TB_P_DEPTH);
    if (d > RT_MAX_DEPTH) return RT_E_HOOK;
    for (int32_t p = pattern, l = d; l >= 0; p = (int32_t)kit_pat(tb, p, TB_P_PARENT), l--) chain[l] = p;
    return d;
}

int32_t kit_shared_level(const uint8_t *tb, const int32_t *chain, int32_t depth, int32_t nb, int32_t p, int32_t at,
                         int32_t *bound_above, int32_t *start)
{
    *bound_above = 0;
    *start = RT_ROOT;
    if (p < 0 || at < 0 || (int32_t)kit_pat(tb, p, TB_P_DEPTH) != rt_path_depth(at)) return 0;
    int32_t l = (int32_t)kit_pat(tb, p, TB_P_DEPTH);
    if (l > depth) l = depth;
    int32_t q = p;
    while ((int32_t)kit_pat(tb, q, TB_P_DEPTH) > l) q = (int32_t)kit_pat(tb, q, TB_P_PARENT);
    while (l > 0 && chain[l] != q) {
        q = (int32_t)kit_pat(tb, q, TB_P_PARENT);
        l--;
    }
    int32_t w = 0;
    for (int32_t i = 1; i <= l; i++) {
        if (kit_pat(tb, chain[i], TB_P_KIND) == TB_SEG_DEEP) return 0;
        w += kit_pat_binds(tb, chain[i]);
    }
    if (w > nb) return 0;
    *bound_above = w;
    if (l > 0) *start = rt_path_ancestor(at, l);
    return l;
}

int32_t kit_bind(const uint8_t *tb, int32_t pattern, const int32_t *keys, int32_t nkeys)
{
    int32_t chain[RT_MAX_DEPTH + 1];
    int32_t d = kit_pattern_chain(tb, pattern, chain);
    if (d < 0) return d;
    int32_t path = RT_ROOT, w = 0;
    for (int32_t l = 1; l <= d && path >= 0; l++) {
        int32_t p = chain[l];
        if (!kit_pat_wild(tb, p))
            path = rt_path_child(path, (int32_t)kit_pat(tb, p, TB_P_ATOM));
        else if (kit_pat_binds(tb, p) && w < nkeys)
            path = rt_path_child(path, keys[w++]);
        else
            return RT_E_HOOK;
    }
    return path;
}

rt_node *kit_child(const rt_node *v, int32_t atom)
{
    int32_t k = rt_kind(v);
    if (k == RT_KIND_OBJECT) return rt_member(v, atom);
    if (k == RT_KIND_ARRAY) {
        int32_t i = rt_atom_index(atom);
        return i >= 0 ? rt_item(v, i) : NULL;
    }
    return NULL;
}

typedef struct {
    const uint8_t *tb;
    const int32_t *chain;
    int32_t depth;
    const int32_t *bound;
    int32_t nb;
    int paths;
    kit_inst_fn fn;
    void *ctx;
} inst_walk;

static int32_t child_path(const inst_walk *iw, int32_t path, int32_t atom)
{
    return iw->paths ? rt_path_child(path, atom) : -1;
}

/* Level `lvl` on, from `path` (whose value is `here`), `w` [*] bound so far. */
static int32_t inst_rec(const inst_walk *iw, int32_t lvl, int32_t path, const rt_node *here, int32_t w)
{
    for (; lvl <= iw->depth; lvl++) {
        int32_t p = iw->chain[lvl];
        int32_t atom;
        if (!kit_pat_wild(iw->tb, p)) {
            atom = (int32_t)kit_pat(iw->tb, p, TB_P_ATOM);
        } else if (kit_pat_binds(iw->tb, p) && w < iw->nb) {
            atom = iw->bound[w++];
        } else {
            int binds = kit_pat_binds(iw->tb, p);
            if (rt_kind(here) == RT_KIND_OBJECT) {
                for (rt_node *m = rt_first(here); m; m = rt_next(m)) {
                    int32_t c = child_path(iw, path, rt_key(m));
                    if (iw->paths && c < 0) return c;
                    int32_t r = inst_rec(iw, lvl + 1, c, m, w + binds);
                    if (r < 0) return r;
                }
            } else if (rt_kind(here) == RT_KIND_ARRAY && binds) {
                for (int32_t i = 0, n = rt_len(here); i < n; i++) {
                    int32_t c = -1;
                    if (iw->paths) {
                        int32_t k = rt_atom_of_index((uint32_t)i);
                        c = k < 0 ? k : rt_path_child(path, k);
                        if (c < 0) return c;
                    }
                    int32_t r = inst_rec(iw, lvl + 1, c, rt_item(here, i), w + 1);
                    if (r < 0) return r;
                }
            }
            return RT_OK;
        }
        if (iw->paths) {
            path = rt_path_child(path, atom);
            if (path < 0) return path;
        }
        here = kit_child(here, atom);
    }
    return iw->fn(iw->ctx, path, here);
}

int32_t kit_instances(const uint8_t *tb, int32_t pattern, const int32_t *bound, int32_t nb, int paths, kit_inst_fn fn,
                      void *ctx)
{
    int32_t chain[RT_MAX_DEPTH + 1];
    int32_t d = kit_pattern_chain(tb, pattern, chain);
    if (d < 0) return d;
    inst_walk iw = {tb, chain, d, bound, nb, paths, fn, ctx};
    return inst_rec(&iw, 1, RT_ROOT, rt_get(RT_ROOT), 0);
}

/* ---- scratch vectors ---- */

int32_t kit_grow(void **items, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return RT_OK;
    if (elem > UINT32_MAX) return rt_loop_fail(RT_E_NOMEM);
    int32_t r = rt_vec_reserve(items, cap, need, (uint32_t)elem, RT_SPACE_ARENA);
    return r == RT_OK ? RT_OK : rt_loop_fail(r);
}
