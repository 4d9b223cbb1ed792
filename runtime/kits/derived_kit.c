/* derived_kit.c — aggregations and computations (semantics.md §6, §7) over
 * the derived index (derived_tables.h) and the path classes of the tables.h
 * blob.
 *
 * Instances.  A derived value's instances are its target with the target's
 * [*] bound to key tuples.  The n-th [*] of every source binds the same key
 * as the target's n-th (by position); a source's further [*] fan out over
 * the keys present, in key order.  The tuples that exist are those the
 * sources have: a tuple is live while some source with at least as many
 * [*] as the target has its path down to the target's last [*] present, so
 * a line that disappears does not get its total written back (which would
 * recreate it).
 *
 * Which instances a change recomputes: the watch index lists each derived
 * value under its sources, the paths of their exclude conditions and its
 * target; kit_touches (kit_common.c) finds the touched ones from the
 * change's path class in O(depth + found).  The keys the matched pattern's
 * [*] bind pick the instances; unbound ones fan out over the live tuples.
 *
 * Order.  Touched instances go into a priority queue by the derived
 * value's rank in the build-time dependency order (ir->derived_order),
 * then first-touch order.  Each one taken is recomputed from the state as
 * it is now and written (rt_write drops an equal value); a write that took
 * effect is propagated through its sync/flip component at once by the sync
 * kit (rt_kit_sync_stage over that one change), and the changes it caused
 * are looked up in turn, queueing the derived values that read them — they
 * come later in the order, which counts sync and flip edges.  An instance
 * touched again after it was computed (possible only where the order could
 * not see a dependency) is recomputed again, at most DK_MAX_RECOMPUTE times
 * per call.
 *
 * Conditions are the app's: the generated `cond` hook evaluates `exclude
 * when` for a source instance.  Sums are plain IEEE doubles added in
 * source order starting from 0, which is what JavaScript's left-to-right
 * `+` gives.  Everything per call lives in the scratch arena. */
#include "derived_kit.h"

#include "derived_tables.h"
#include "hooks.h"
#include "kit_common.h"
#include "rt_access.h"
#include "rt_atom.h"
#include "rt_group.h"
#include "rt_loop.h"
#include "rt_path.h"
#include "sync_kit.h"
#include "tables.h"

#define DK_MAX_RECOMPUTE 4

static const uint8_t *TB, *DT;
static int32_t status;
static uint32_t evaluations;

uint32_t rt_kit_derived_evaluations(void) { return evaluations; }

static int32_t load(const uint8_t *tb, const uint8_t *dt) { return kit_load(tb, dt, DT_MAGIC, &TB, &DT, &status); }

static int32_t fail(int32_t st) { return kit_fail(&status, st); }

static uint32_t pat(int32_t p, uint32_t w) { return kit_pat(TB, p, w); }
static uint32_t drec(int32_t d, uint32_t w) { return tb_field(DT, DT_H_DERIVED, DT_R_WORDS, (uint32_t)d, w); }
static uint32_t srec(uint32_t s, uint32_t w) { return tb_field(DT, DT_H_SOURCES, DT_S_WORDS, (uint32_t)s, w); }

static int32_t target_of(int32_t d) { return (int32_t)drec(d, DT_R_TARGET); }
static int32_t nwild(int32_t p) { return (int32_t)pat(p, TB_P_NWILD); }

static int derived_on(int32_t d)
{
    int32_t g = (int32_t)drec(d, DT_R_GROUP);
    return g < 0 || rt_group_enabled(g) != 0;
}

/* The ancestor of pattern p (itself included) that ends with its n-th [*]
 * (n >= 1); -1 when p has fewer. */
static int32_t wild_prefix(int32_t p, int32_t n)
{
    int32_t k = nwild(p);
    if (k < n) return -1;
    for (; p > 0; p = (int32_t)pat(p, TB_P_PARENT)) {
        if (!kit_pat_binds(TB, p)) continue;
        if (k-- == n) return p;
    }
    return -1;
}

/* ---- the queue of instances to compute ---- */

typedef struct {
    int32_t rank, seq, d, path;
} entry;

static struct {
    entry *v;
    uint32_t n, cap;
    int32_t seq;
} heap;

static rt_map state; /* (d, target path) -> computed count << 1 | queued */

static void call_reset(void)
{
    heap.v = NULL;
    heap.n = heap.cap = 0;
    heap.seq = 0;
    rt_map_init(&state, RT_SPACE_ARENA);
}

static int before(const entry *a, const entry *b) { return a->rank != b->rank ? a->rank < b->rank : a->seq < b->seq; }

static int32_t push(int32_t d, int32_t path)
{
    if (path < 0) return fail(path);
    int32_t v = rt_map_get(&state, d, path, 0);
    if ((v & 1) || (v >> 1) >= DK_MAX_RECOMPUTE) return RT_OK;
    if (rt_map_put(&state, d, path, v | 1) != RT_OK) return fail(RT_E_NOMEM);
    if (heap.n == heap.cap) {
        uint32_t cap = heap.cap ? heap.cap * 2u : 32u;
        entry *fresh = rt_scratch((int32_t)(cap * sizeof *fresh));
        if (!fresh) return fail(RT_E_NOMEM);
        for (uint32_t i = 0; i < heap.n; i++) fresh[i] = heap.v[i];
        heap.v = fresh;
        heap.cap = cap;
    }
    uint32_t i = heap.n++;
    heap.v[i] = (entry){(int32_t)drec(d, DT_R_RANK), heap.seq++, d, path};
    while (i && before(&heap.v[i], &heap.v[(i - 1) / 2])) {
        entry t = heap.v[i];
        heap.v[i] = heap.v[(i - 1) / 2];
        heap.v[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
    return RT_OK;
}

static entry pop(void)
{
    entry top = heap.v[0];
    heap.v[0] = heap.v[--heap.n];
    for (uint32_t i = 0;;) {
        uint32_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < heap.n && before(&heap.v[l], &heap.v[m])) m = l;
        if (r < heap.n && before(&heap.v[r], &heap.v[m])) m = r;
        if (m == i) break;
        entry t = heap.v[m];
        heap.v[m] = heap.v[i];
        heap.v[i] = t;
        i = m;
    }
    int32_t v = rt_map_get(&state, top.d, top.path, 0);
    if (rt_map_put(&state, top.d, top.path, ((v >> 1) + 1) << 1) != RT_OK) fail(RT_E_NOMEM);
    return top;
}

/* ---- which instances exist, and which a change touches ---- */

/* Is the tuple live: does some source with the target's [*] or more have
 * its path down to the target's last [*] present? */
static int live(int32_t d, const int32_t *tuple, int32_t nt)
{
    if (nt == 0) return 1;
    uint32_t s0 = drec(d, DT_R_FIRST_SOURCE), ns = drec(d, DT_R_N_SOURCES);
    for (uint32_t s = s0; s < s0 + ns; s++) {
        int32_t prefix = wild_prefix((int32_t)srec(s, DT_S_PATTERN), nt);
        if (prefix < 0) continue;
        int32_t path = kit_bind(TB, prefix, tuple, nt);
        if (path >= 0 && rt_get(path)) return 1;
    }
    return 0;
}

typedef struct {
    int32_t d, nt, prefix;
} tuple_walk;

/* An instance of a source's prefix down to the target's last [*]: its keys
 * are a live tuple, whose target instance is queued. */
static int32_t queue_tuple(void *ctx, int32_t path, const rt_node *value)
{
    (void)value;
    const tuple_walk *tw = ctx;
    int32_t tuple[RT_MAX_DEPTH];
    int32_t n = kit_pattern_keys(TB, tw->prefix, path, tuple, tw->nt);
    if (n != tw->nt) return fail(RT_E_HOOK);
    if (push(tw->d, kit_bind(TB, target_of(tw->d), tuple, n)) != RT_OK) return status;
    return RT_OK;
}

/* Queues every instance of d whose first nb keys are `keys` (nb may be
 * more than the target binds). */
static void touch_instances(int32_t d, const int32_t *keys, int32_t nb)
{
    int32_t target = target_of(d);
    int32_t nt = nwild(target);
    if (nb >= nt) {
        push(d, kit_bind(TB, target, keys, nt));
        return;
    }
    uint32_t s0 = drec(d, DT_R_FIRST_SOURCE), ns = drec(d, DT_R_N_SOURCES);
    for (uint32_t s = s0; s < s0 + ns && status == RT_OK; s++) {
        tuple_walk tw = {d, nt, wild_prefix((int32_t)srec(s, DT_S_PATTERN), nt)};
        if (tw.prefix < 0) continue;
        int32_t r = kit_instances(TB, tw.prefix, keys, nb, 1, queue_tuple, &tw);
        if (r < 0) fail(r);
    }
}

typedef struct {
    int32_t skip_d, skip_change, change;
} touch_ctx;

static int32_t touched(void *ctx, int32_t d, int32_t p, int32_t at, int32_t below)
{
    const touch_ctx *tc = ctx;
    (void)below;
    if (d == tc->skip_d && tc->change == tc->skip_change) return RT_OK; /* its own write */
    if (!derived_on(d)) return RT_OK;
    int32_t keys[RT_MAX_DEPTH];
    int32_t nb = kit_pattern_keys(TB, p, at, keys, nwild(target_of(d)));
    touch_instances(d, keys, nb);
    return status;
}

/* Looks the changes [from, to) up in the watch index; change `skip` (-1:
 * none) does not touch the derived value `skip_d` that wrote it. */
static void touch_changes(int32_t from, int32_t to, int32_t skip, int32_t skip_d)
{
    touch_ctx tc = {skip_d, skip, -1};
    uint32_t watch = tb_u32(DT, 0, KIT_H_WATCH);
    for (int32_t i = from; i < to && status == RT_OK; i++) {
        int32_t tag = rt_change_tag(i);
        if (tag == RT_TAG_CONCERNS || tag == RT_TAG_VALIDATORS) continue;
        tc.change = i;
        int32_t r = kit_touches(TB, DT, watch, rt_change_path(i), touched, &tc);
        if (r < 0) fail(r);
    }
}

/* ---- computing one instance ---- */

typedef struct {
    int32_t op;
    int32_t exclude; /* the current source's condition, or -1 */
    double sum, best;
    uint32_t n;           /* numbers (sum, avg, min, max) or present values (count) */
    int agg;              /* aggregate: 0 none yet, 1 one value, 2 values differ */
    const rt_node *value; /* aggregate: the common value */
} reduce_t;

/* Math.min / Math.max order: NaN wins, and -0 is less than +0. */
static int better(int32_t op, double v, double best)
{
    if (best != best) return 0;
    if (v != v) return 1;
    if (v == best) return v == 0 && (op == DT_OP_MIN ? (1 / v < 0) : (1 / v > 0));
    return op == DT_OP_MIN ? v < best : v > best;
}

static int32_t add_source(void *ctx, int32_t path, const rt_node *v)
{
    reduce_t *r = ctx;
    if (r->exclude >= 0) {
        int32_t ex = wp_hook_cond(r->exclude, path);
        if (ex < 0) return fail(ex);
        if (ex) return RT_OK; /* excluded */
    }
    int32_t kind = rt_kind(v);
    switch (r->op) {
    case DT_OP_AGGREGATE:
        if (kind == RT_KIND_MISSING || kind == RT_KIND_UNDEFINED || r->agg == 2) break;
        if (r->agg == 0) {
            r->agg = 1;
            r->value = v;
        } else if (!rt_equal(r->value, v)) {
            r->agg = 2;
        }
        break;
    case DT_OP_COUNT:
        if (kind != RT_KIND_MISSING && kind != RT_KIND_UNDEFINED && kind != RT_KIND_NULL) r->n++;
        break;
    default:
        if (kind != RT_KIND_NUMBER) break;
        double x = rt_num(v);
        if (r->op == DT_OP_MIN || r->op == DT_OP_MAX) {
            if (!r->n || better(r->op, x, r->best)) r->best = x;
        } else {
            r->sum += x; /* in source order: JavaScript's left-to-right + */
        }
        r->n++;
        break;
    }
    return RT_OK;
}

/* Whether rt_write(path) could fail: a scalar in the way, an index more
 * than one past an array's end, a key on an array (semantics §2).  A
 * derived value never raises (§12), so such a target is left alone.
 * Containers the write would create are arrays where the state says
 * `list` (wp_hook_container), so their first index must be 0. */
static int writable(int32_t path)
{
    int32_t anc[RT_MAX_DEPTH + 1];
    int32_t depth = rt_path_depth(path);
    if (depth < 1 || depth > RT_MAX_DEPTH) return 0;
    for (int32_t p = path, l = depth; l >= 0; p = rt_path_parent(p), l--) anc[l] = p;
    const rt_node *v = rt_get(RT_ROOT);
    for (int32_t l = 1; l <= depth; l++) {
        int32_t atom = rt_path_atom(anc[l]);
        int32_t kind = rt_kind(v);
        if (kind == RT_KIND_MISSING || kind == RT_KIND_UNDEFINED || kind == RT_KIND_NULL) {
            /* created from here down: an array takes index 0 only */
            for (int32_t k = l; k <= depth; k++)
                if (wp_hook_container(rt_path_class(anc[k - 1])) == 1 && rt_atom_index(rt_path_atom(anc[k])) != 0)
                    return 0;
            return 1;
        }
        if (kind == RT_KIND_ARRAY) {
            int32_t i = rt_atom_index(atom);
            if (i < 0 || i > rt_len(v)) return 0;
        } else if (kind != RT_KIND_OBJECT) {
            return 0;
        }
        if (l < depth) v = kit_child(v, atom);
    }
    return 1;
}

static void compute(int32_t d, int32_t target_path)
{
    int32_t target = target_of(d);
    int32_t nt = nwild(target);
    int32_t tuple[RT_MAX_DEPTH];
    if (kit_pattern_keys(TB, target, target_path, tuple, nt) != nt) {
        fail(RT_E_HOOK);
        return;
    }
    if (!live(d, tuple, nt)) return; /* its key is gone: nothing to write */
    evaluations++;
    reduce_t r = {(int32_t)drec(d, DT_R_OP), -1, 0.0, 0.0, 0, 0, NULL};
    uint32_t s0 = drec(d, DT_R_FIRST_SOURCE), ns = drec(d, DT_R_N_SOURCES);
    for (uint32_t s = s0; s < s0 + ns && status == RT_OK; s++) {
        int32_t sp = (int32_t)srec(s, DT_S_PATTERN);
        int32_t nb = nwild(sp) < nt ? nwild(sp) : nt;
        r.exclude = (int32_t)srec(s, DT_S_EXCLUDE);
        int32_t st = kit_instances(TB, sp, tuple, nb, r.exclude >= 0, add_source, &r);
        if (st < 0) fail(st);
    }
    if (status != RT_OK) return;
    const rt_node *v = NULL;
    switch (r.op) {
    case DT_OP_AGGREGATE: v = r.agg == 1 ? r.value : rt_mk_undefined(); break;
    case DT_OP_SUM: v = rt_mk_num(r.sum); break;
    case DT_OP_AVG: v = r.n ? rt_mk_num(r.sum / (double)r.n) : rt_mk_undefined(); break;
    case DT_OP_MIN:
    case DT_OP_MAX: v = r.n ? rt_mk_num(r.best) : rt_mk_undefined(); break;
    case DT_OP_COUNT: v = rt_mk_num((double)r.n); break;
    default: fail(RT_E_HOOK); return;
    }
    if (!v) {
        fail(RT_E_NOMEM);
        return;
    }
    if (!writable(target_path)) return;
    int32_t tag = r.op == DT_OP_AGGREGATE ? RT_TAG_AGGREGATION_READ : RT_TAG_COMPUTATION;
    int32_t w = rt_write(target_path, v, tag, -1, 0);
    if (w < 0) {
        fail(w);
        return;
    }
    if (w == 0) return;
    /* the write goes through its own sync/flip component right away, and
     * what it changed touches the derived values that read it */
    int32_t idx = rt_change_count() - 1;
    if (tb_hdr(TB, TB_H_N_MEMBERS) > 0) {
        int32_t st = rt_kit_sync_stage(TB, idx, idx + 1);
        if (st < 0) {
            fail(st);
            return;
        }
    }
    touch_changes(idx, rt_change_count(), idx, d);
}

static int32_t run(void)
{
    while (heap.n && status == RT_OK) {
        entry e = pop();
        if (status == RT_OK) compute(e.d, e.path);
    }
    return status;
}

/* ---- services ---- */

int32_t rt_kit_derived_stage(const uint8_t *tb, const uint8_t *dt, int32_t begin, int32_t end)
{
    int32_t st = load(tb, dt);
    if (st != RT_OK) return st;
    if (begin < 0 || end < begin) return RT_E_HOOK;
    call_reset();
    touch_changes(begin, end, -1, -1);
    return run();
}

int32_t rt_kit_derived_create(const uint8_t *tb, const uint8_t *dt, int32_t group)
{
    int32_t st = load(tb, dt);
    if (st != RT_OK) return st;
    call_reset();
    uint32_t n = tb_u32(DT, 0, DT_H_N_DERIVED);
    const uint32_t *order = tb_words(DT, tb_u32(DT, 0, DT_H_ORDER));
    for (uint32_t k = 0; k < n && status == RT_OK; k++) {
        int32_t d = (int32_t)order[k];
        if (!derived_on(d) || (group >= 0 && (int32_t)drec(d, DT_R_GROUP) != group)) continue;
        touch_instances(d, NULL, 0);
    }
    /* a group switched on: what its sync votes changed reaches the derived
     * values outside it too */
    if (group >= 0) touch_changes(0, rt_change_count(), -1, -1);
    return run();
}

/* Stage 1: where an input is moved to. */
typedef struct {
    int32_t x;            /* the input's path */
    const rt_node *value; /* the input's value */
    int32_t at;           /* the target instance the input is at or below */
    int32_t exclude;
} redirect_t;

/* Stage 1: the input's write, moved from below the target instance to the
 * same place below a source instance. */
static int32_t emit_at_source(void *ctx, int32_t path, const rt_node *value)
{
    (void)value;
    const redirect_t *rd = ctx;
    if (rd->exclude >= 0) {
        int32_t ex = wp_hook_cond(rd->exclude, path);
        if (ex < 0) return fail(ex);
        if (ex) return RT_OK;
    }
    int32_t atoms[RT_MAX_DEPTH];
    int32_t n = 0;
    for (int32_t p = rd->x; p != rd->at && p > 0 && n < RT_MAX_DEPTH; p = rt_path_parent(p))
        atoms[n++] = rt_path_atom(p);
    int32_t dest = path;
    while (n > 0 && dest >= 0) dest = rt_path_child(dest, atoms[--n]);
    if (dest < 0) return fail(dest);
    int32_t r = rt_input_emit(dest, rd->value, RT_TAG_AGGREGATION_WRITE);
    return r < 0 ? fail(r) : RT_OK;
}

/* The derived values whose target is pattern p: a list of *n ids. */
static const uint32_t *targeting(int32_t p, uint32_t *n)
{
    uint32_t rec = tb_rec(DT, DT_H_TARGETS, DT_T_WORDS, (uint32_t)p);
    *n = tb_u32(DT, rec, DT_T_N);
    return tb_words(DT, tb_u32(DT, rec, DT_T_LIST));
}

int32_t rt_kit_derived_input(const uint8_t *tb, const uint8_t *dt, int32_t stage, int32_t index)
{
    int32_t st = load(tb, dt);
    if (st != RT_OK) return st;
    int32_t x = rt_input_path(index);
    if (x < 0) return x;
    int matched = 0;
    /* stage 2: exactly at a computation target; stage 1: at or below an
     * aggregation target (the input's path, then its ancestors) */
    for (int32_t a = x; a > 0 && status == RT_OK; a = stage == RT_STAGE_AGGREGATION_WRITE ? rt_path_parent(a) : -1) {
        const uint32_t *pats = NULL;
        uint32_t np = kit_class_patterns(TB, a, &pats);
        for (uint32_t i = 0; i < np && status == RT_OK; i++) {
            uint32_t nd;
            const uint32_t *ds = targeting((int32_t)pats[i], &nd);
            for (uint32_t k = 0; k < nd && status == RT_OK; k++) {
                int32_t d = (int32_t)ds[k];
                int aggregate = drec(d, DT_R_OP) == DT_OP_AGGREGATE;
                if (!derived_on(d) || aggregate != (stage == RT_STAGE_AGGREGATION_WRITE)) continue;
                matched = 1;
                if (!aggregate) continue;
                int32_t target = target_of(d);
                int32_t nt = nwild(target);
                int32_t tuple[RT_MAX_DEPTH];
                kit_pattern_keys(TB, target, a, tuple, nt);
                redirect_t rd = {x, rt_input_value(index), a, -1};
                uint32_t s0 = drec(d, DT_R_FIRST_SOURCE), ns = drec(d, DT_R_N_SOURCES);
                for (uint32_t s = s0; s < s0 + ns && status == RT_OK; s++) {
                    int32_t sp = (int32_t)srec(s, DT_S_PATTERN);
                    rd.exclude = (int32_t)srec(s, DT_S_EXCLUDE);
                    int32_t r = kit_instances(TB, sp, tuple, nwild(sp) < nt ? nwild(sp) : nt, 1, emit_at_source, &rd);
                    if (r < 0) fail(r);
                }
            }
        }
    }
    if (status != RT_OK) return status;
    return matched ? RT_INPUT_DROP : RT_INPUT_KEEP;
}
