/* clear_kit.c — clear rules (semantics.md §8) over the clear index
 * (clear_tables.h) and the path classes of the tables.h blob.
 *
 * Triggers are the units of a watch index, so a change finds the triggers
 * it touches through kit_touches (kit_common.c) in O(depth + found), never
 * by a scan over rules or keys.  A change at or below a trigger instance
 * changed that trigger's value (a no-op never becomes a change); a change
 * above one is walked down its old and new values to every instance of
 * the trigger below it (new keys, then the removed ones), and fires those
 * whose value differs.  The keys the trigger's [*] matched fill the
 * targets' [*] by position; a target's [**] expands over the keys of the
 * object found there (arrays, scalars and missing: nothing).
 *
 * Only the changes of stage 3 are looked at: the stage hook gets exactly
 * those ([begin, end) of stage 4), so the writes of clears, sync, flip and
 * derived values never trigger, and clears never cascade.  A resolved
 * target is cleared once per round; one that is missing or already null is
 * left alone, anything else (undefined and objects included) becomes null.
 * Everything per call lives in the scratch arena. */
#include "clear_kit.h"

#include "clear_tables.h"
#include "kit_common.h"
#include "rt_access.h"
#include "rt_atom.h"
#include "rt_group.h"
#include "rt_loop.h"
#include "rt_path.h"
#include "tables.h"

static const uint8_t *TB, *XT;
static int32_t status;
static rt_map cleared; /* (target path, 0): resolved once this round */

static int32_t fail(int32_t st) { return kit_fail(&status, st); }

static uint32_t pat(int32_t p, uint32_t w) { return kit_pat(TB, p, w); }
static uint32_t crec(int32_t c, uint32_t w) { return tb_field(XT, XT_H_CLEARS, XT_C_WORDS, (uint32_t)c, w); }
static uint32_t trec(int32_t t, uint32_t w) { return tb_field(XT, XT_H_TRIGGERS, XT_T_WORDS, (uint32_t)t, w); }

static int clear_on(int32_t c)
{
    int32_t g = (int32_t)crec(c, XT_C_GROUP);
    return g < 0 || rt_group_enabled(g) != 0;
}

/* ---- firing a rule ---- */

static int32_t clear_target(void *ctx, int32_t path, const rt_node *value)
{
    (void)ctx;
    if (rt_map_get(&cleared, path, 0, 0)) return RT_OK;
    if (rt_map_put(&cleared, path, 0, 1) != RT_OK) return fail(RT_E_NOMEM);
    int32_t kind = rt_kind(value);
    if (kind == RT_KIND_MISSING || kind == RT_KIND_NULL) return RT_OK;
    rt_node *null = rt_mk_null();
    if (!null) return fail(RT_E_NOMEM);
    int32_t r = rt_write(path, null, RT_TAG_CLEAR_PATH, -1, 0);
    return r < 0 ? fail(r) : RT_OK;
}

/* Clear rule c fired with the keys its trigger's [*] matched. */
static void fire(int32_t c, const int32_t *keys, int32_t nkeys)
{
    uint32_t n = crec(c, XT_C_N_TARGETS);
    const uint32_t *targets = tb_words(XT, crec(c, XT_C_TARGETS));
    for (uint32_t i = 0; i < n && status == RT_OK; i++) {
        int32_t tp = (int32_t)targets[i];
        int32_t nw = (int32_t)pat(tp, TB_P_NWILD);
        int32_t r = kit_instances(TB, tp, keys, nkeys < nw ? nkeys : nw, 1, clear_target, NULL);
        if (r < 0) fail(r);
    }
}

/* ---- a change above a trigger: its instances whose value changed ---- */

typedef struct {
    int32_t clear;
    int32_t chain[RT_MAX_DEPTH + 1];
    int32_t depth;
    int32_t keys[RT_MAX_DEPTH];
} below_walk;

static int has_key(const rt_node *v, int32_t atom) { return kit_child(v, atom) != NULL; }

static void each_key(below_walk *bw, int32_t lvl, const rt_node *old, const rt_node *now, int32_t nk);

static void down(below_walk *bw, int32_t lvl, const rt_node *old, const rt_node *now, int32_t nk)
{
    for (; lvl <= bw->depth; lvl++) {
        int32_t p = bw->chain[lvl];
        if (kit_pat_wild(TB, p)) {
            each_key(bw, lvl, old, now, nk);
            return;
        }
        int32_t atom = (int32_t)pat(p, TB_P_ATOM);
        old = kit_child(old, atom);
        now = kit_child(now, atom);
        if (!old && !now) return;
    }
    if (!rt_equal(old, now)) fire(bw->clear, bw->keys, nk);
}

/* A [*] level: the new value's keys in order, then the keys only the old
 * value had. */
static void each_key(below_walk *bw, int32_t lvl, const rt_node *old, const rt_node *now, int32_t nk)
{
    for (int pass = 0; pass < 2 && status == RT_OK; pass++) {
        const rt_node *v = pass ? old : now, *other = pass ? now : old;
        if (rt_kind(v) == RT_KIND_OBJECT) {
            for (rt_node *m = rt_first(v); m && status == RT_OK; m = rt_next(m)) {
                int32_t k = rt_key(m);
                if (pass && has_key(other, k)) continue;
                bw->keys[nk] = k;
                down(bw, lvl + 1, kit_child(old, k), kit_child(now, k), nk + 1);
            }
        } else if (rt_kind(v) == RT_KIND_ARRAY) {
            for (int32_t i = 0, n = rt_len(v); i < n && status == RT_OK; i++) {
                int32_t k = rt_atom_of_index((uint32_t)i);
                if (k < 0) {
                    fail(k);
                    return;
                }
                if (pass && has_key(other, k)) continue;
                bw->keys[nk] = k;
                down(bw, lvl + 1, kit_child(old, k), kit_child(now, k), nk + 1);
            }
        }
    }
}

/* ---- the triggers a change touches ---- */

static int32_t touched(void *ctx, int32_t t, int32_t p, int32_t at, int32_t below)
{
    int32_t change = *(const int32_t *)ctx;
    int32_t c = (int32_t)trec(t, XT_T_CLEAR);
    if (!clear_on(c)) return RT_OK;
    int32_t tp = (int32_t)trec(t, XT_T_PATTERN);
    int32_t keys[RT_MAX_DEPTH];
    if (below || pat(p, TB_P_DEPTH) == pat(tp, TB_P_DEPTH)) {
        /* at the trigger, or below it: its value changed */
        int32_t n = kit_pattern_keys(TB, tp, at, keys, RT_MAX_DEPTH);
        fire(c, keys, n);
        return status;
    }
    /* above: the trigger's instances under the changed path */
    below_walk *bw = rt_scratch((int32_t)sizeof *bw);
    if (!bw) return fail(RT_E_NOMEM);
    bw->clear = c;
    bw->depth = kit_pattern_chain(TB, tp, bw->chain);
    if (bw->depth < 0) return fail(bw->depth);
    int32_t nk = kit_pattern_keys(TB, p, at, bw->keys, RT_MAX_DEPTH);
    down(bw, (int32_t)pat(p, TB_P_DEPTH) + 1, rt_change_old(change), rt_change_value(change), nk);
    return status;
}

int32_t rt_kit_clear_stage(const uint8_t *tb, const uint8_t *xt, int32_t begin, int32_t end)
{
    if (begin < 0 || end < begin || kit_load(tb, xt, XT_MAGIC, &TB, &XT, &status) != RT_OK) return RT_E_HOOK;
    rt_map_init(&cleared, RT_SPACE_ARENA);
    uint32_t watch = tb_u32(XT, 0, KIT_H_WATCH);
    for (int32_t i = begin; i < end && status == RT_OK; i++) {
        int32_t tag = rt_change_tag(i);
        if (tag == RT_TAG_CONCERNS || tag == RT_TAG_VALIDATORS) continue;
        int32_t r = kit_touches(TB, XT, watch, rt_change_path(i), touched, &i);
        if (r < 0) fail(r);
    }
    return status;
}
