/* t_derived.c — the derived kit (kits/derived_kit.c) and the clear kit
 * (kits/clear_kit.c) against semantics.md §3 (stages 1, 2, 4, 6), §6, §7
 * and §8.  Each test declares rules by path text ("a.*.x": `*` is a [*]
 * segment, `**` a [**]), which td_layout lays out as wpc would: the
 * patterns and path classes with tables_build, the derived index
 * (derived_tables.h) and the clear index (clear_tables.h) with the small
 * builder below (the compiler's is compiler/gen_derived.c, gen_clears.c).
 * The hooks forward to the kits; `exclude when` conditions are played by
 * cond_fn: condition k is "the sibling key `off` of the source instance
 * holds true". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "kits/clear_kit.h"
#include "kits/clear_tables.h"
#include "kits/derived_kit.h"
#include "kits/derived_tables.h"
#include "kits/sync_kit.h"
#include "rt_access.h"
#include "rt_api.h"
#include "rt_atom.h"
#include "rt_path.h"
#include "suites.h"
#include "tables_build.h"
#include "td.h"

#define TX_MAX 64

typedef struct {
    int32_t target, op, group;
    int32_t src[8], excl[8], nsrc;
} tx_derived;

typedef struct {
    int32_t group, targets[8], ntargets, triggers[8], ntriggers;
} tx_clear;

static struct {
    char atom_text[TX_MAX][32];
    int32_t n_atoms;
    int32_t pat_parent[TX_MAX], pat_kind[TX_MAX], pat_atom[TX_MAX];
    int32_t n_pats;
    int32_t syncs[TX_MAX][2], n_syncs;
    int32_t oneway[TX_MAX][2], n_oneway;
    tx_derived derived[TX_MAX];
    int32_t n_derived;
    int32_t order[TX_MAX]; /* the dependency order; declaration order when unset */
    int order_set;
    tx_clear clears[TX_MAX];
    int32_t n_clears;
    uint32_t n_groups;
    uint8_t groups_on[4];
    int32_t n_excl;
    /* laid out */
    uint32_t offsets[TX_MAX + 1];
    char bytes[TX_MAX * 32];
    rt_app app;
    uint8_t *tb;
    uint32_t *dt, *xt;
    int32_t off_atom;
    int32_t cond_calls;
} tx;

static int32_t tx_atom(const char *text, size_t len)
{
    for (int32_t i = 0; i < tx.n_atoms; i++)
        if (strlen(tx.atom_text[i]) == len && !memcmp(tx.atom_text[i], text, len)) return i;
    ck_assert_int_lt(tx.n_atoms, TX_MAX);
    memcpy(tx.atom_text[tx.n_atoms], text, len);
    tx.atom_text[tx.n_atoms][len] = 0;
    return tx.n_atoms++;
}

static int32_t tx_pat(const char *text)
{
    int32_t parent = 0;
    for (const char *s = text; *s;) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        int32_t kind = (len == 1 && *s == '*')                    ? TB_SEG_WILD
                       : (len == 2 && s[0] == '*' && s[1] == '*') ? TB_SEG_DEEP
                       : (*s >= '0' && *s <= '9')                 ? TB_SEG_INDEX
                                                                  : TB_SEG_KEY;
        int32_t atom = kind == TB_SEG_WILD || kind == TB_SEG_DEEP ? -1 : tx_atom(s, len);
        int32_t found = 0;
        for (int32_t p = 1; p <= tx.n_pats && !found; p++)
            if (tx.pat_parent[p] == parent && tx.pat_kind[p] == kind && tx.pat_atom[p] == atom) found = p;
        if (!found) {
            ck_assert_int_lt(tx.n_pats + 1, TX_MAX);
            found = ++tx.n_pats;
            tx.pat_parent[found] = parent;
            tx.pat_kind[found] = kind;
            tx.pat_atom[found] = atom;
        }
        parent = found;
        s += len + (dot ? 1 : 0);
    }
    return parent;
}

/* ---- declaring rules ---- */

/* A derived value: op DT_OP_*, sources "path" or "path?" (excluded while
 * the instance's sibling `off` is true). */
static void derived_(int32_t op, const char *target, int32_t group, const char *const *sources, int n)
{
    tx_derived *d = &tx.derived[tx.n_derived++];
    d->target = tx_pat(target);
    d->op = op;
    d->group = group;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(sources[i]);
        char buf[64];
        memcpy(buf, sources[i], len + 1);
        d->excl[i] = -1;
        if (buf[len - 1] == '?') {
            buf[len - 1] = 0;
            d->excl[i] = tx.n_excl++;
        }
        d->src[i] = tx_pat(buf);
    }
    d->nsrc = n;
}
#define DERIVED(op, target, ...)                                                                                       \
    do {                                                                                                               \
        const char *const s_[] = {__VA_ARGS__};                                                                        \
        derived_(op, target, -1, s_, (int)(sizeof s_ / sizeof *s_));                                                   \
    } while (0)
#define DERIVED_IN(group, op, target, ...)                                                                             \
    do {                                                                                                               \
        const char *const s_[] = {__VA_ARGS__};                                                                        \
        derived_(op, target, group, s_, (int)(sizeof s_ / sizeof *s_));                                                \
    } while (0)

/* clear TARGETS when TRIGGERS changes: "t1,t2" and "p1,p2". */
static void clear_(const char *targets, const char *triggers, int32_t group)
{
    tx_clear *c = &tx.clears[tx.n_clears++];
    c->group = group;
    for (int pass = 0; pass < 2; pass++) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s", pass ? triggers : targets);
        for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
            if (pass)
                c->triggers[c->ntriggers++] = tx_pat(tok);
            else
                c->targets[c->ntargets++] = tx_pat(tok);
        }
    }
}

static void sync_(const char *a, const char *b)
{
    tx.syncs[tx.n_syncs][0] = tx_pat(a);
    tx.syncs[tx.n_syncs++][1] = tx_pat(b);
}
static void oneway_(const char *a, const char *b)
{
    tx.oneway[tx.n_oneway][0] = tx_pat(a);
    tx.oneway[tx.n_oneway++][1] = tx_pat(b);
}

/* ---- the indexes, laid out as gen_watch.c / gen_derived.c / gen_clears.c do ---- */

typedef struct {
    uint32_t *w;
    uint32_t n, cap;
} words;

static uint32_t put(words *b, uint32_t v)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->w = realloc(b->w, b->cap * 4u);
        ck_assert_ptr_nonnull(b->w);
    }
    b->w[b->n] = v;
    return b->n++;
}

/* watch lists: unit lists per pattern, exact and sub */
typedef struct {
    int32_t exact[TX_MAX][TX_MAX], nexact[TX_MAX], sub[TX_MAX][TX_MAX], nsub[TX_MAX];
} watch_lists;

static void add_unit(int32_t *list, int32_t *n, int32_t unit)
{
    if (*n && list[*n - 1] == unit) return;
    list[(*n)++] = unit;
}

static void watch_read(watch_lists *wl, int32_t unit, int32_t pattern)
{
    add_unit(wl->exact[pattern], &wl->nexact[pattern], unit);
    for (int32_t p = pattern; p > 0; p = tx.pat_parent[p]) add_unit(wl->sub[p], &wl->nsub[p], unit);
    add_unit(wl->sub[0], &wl->nsub[0], unit);
}

static uint32_t watch_write(words *b, const watch_lists *wl)
{
    uint32_t at = b->n;
    for (int32_t p = 0; p <= tx.n_pats; p++)
        for (int k = 0; k < KW_WORDS; k++) put(b, 0);
    for (int32_t p = 0; p <= tx.n_pats; p++) {
        uint32_t rec = at + (uint32_t)p * KW_WORDS;
        b->w[rec + KW_N_EXACT] = (uint32_t)wl->nexact[p];
        b->w[rec + KW_EXACT] = b->n * 4u;
        for (int32_t i = 0; i < wl->nexact[p]; i++) put(b, (uint32_t)wl->exact[p][i]);
        b->w[rec + KW_N_SUB] = (uint32_t)wl->nsub[p];
        b->w[rec + KW_SUB] = b->n * 4u;
        for (int32_t i = 0; i < wl->nsub[p]; i++) put(b, (uint32_t)wl->sub[p][i]);
    }
    return at * 4u;
}

static void layout_derived(void)
{
    static watch_lists wl;
    memset(&wl, 0, sizeof wl);
    words b = {0};
    for (int i = 0; i < DT_H_WORDS; i++) put(&b, 0);
    if (!tx.order_set)
        for (int32_t d = 0; d < tx.n_derived; d++) tx.order[d] = d;
    uint32_t rank[TX_MAX];
    for (int32_t k = 0; k < tx.n_derived; k++) rank[tx.order[k]] = (uint32_t)k;
    uint32_t recs = b.n * 4u, ns = 0;
    for (int32_t d = 0; d < tx.n_derived; d++) {
        const tx_derived *x = &tx.derived[d];
        put(&b, (uint32_t)x->target), put(&b, (uint32_t)x->op), put(&b, (uint32_t)x->group), put(&b, rank[d]);
        put(&b, ns), put(&b, (uint32_t)x->nsrc);
        ns += (uint32_t)x->nsrc;
    }
    uint32_t srcs = b.n * 4u;
    for (int32_t d = 0; d < tx.n_derived; d++)
        for (int32_t s = 0; s < tx.derived[d].nsrc; s++)
            put(&b, (uint32_t)tx.derived[d].src[s]), put(&b, (uint32_t)tx.derived[d].excl[s]);
    uint32_t order = b.n * 4u;
    for (int32_t k = 0; k < tx.n_derived; k++) put(&b, (uint32_t)tx.order[k]);
    for (int32_t d = 0; d < tx.n_derived; d++) {
        const tx_derived *x = &tx.derived[d];
        for (int32_t s = 0; s < x->nsrc; s++) {
            watch_read(&wl, d, x->src[s]);
            if (x->excl[s] >= 0) { /* the condition reads the instance's `off` */
                int32_t p = tx.pat_parent[x->src[s]];
                char path[128] = "";
                (void)path;
                int32_t off = 0;
                for (int32_t q = 1; q <= tx.n_pats; q++)
                    if (tx.pat_parent[q] == p && tx.pat_atom[q] == tx.off_atom && tx.pat_kind[q] == TB_SEG_KEY) off = q;
                ck_assert_int_gt(off, 0); /* declare the `off` path before laying out */
                watch_read(&wl, d, off);
            }
        }
        watch_read(&wl, d, x->target);
    }
    uint32_t watch = watch_write(&b, &wl);
    uint32_t targets = b.n * 4u;
    for (int32_t p = 0; p <= tx.n_pats; p++) put(&b, 0), put(&b, 0);
    for (int32_t p = 0; p <= tx.n_pats; p++) {
        uint32_t n = 0, at = b.n * 4u;
        for (int32_t d = 0; d < tx.n_derived; d++)
            if (tx.derived[d].target == p) put(&b, (uint32_t)d), n++;
        b.w[targets / 4u + (uint32_t)p * DT_T_WORDS + DT_T_N] = n;
        b.w[targets / 4u + (uint32_t)p * DT_T_WORDS + DT_T_LIST] = at;
    }
    b.w[KIT_H_MAGIC] = DT_MAGIC;
    b.w[KIT_H_SIZE] = b.n * 4u;
    b.w[DT_H_N_DERIVED] = (uint32_t)tx.n_derived;
    b.w[DT_H_DERIVED] = recs;
    b.w[DT_H_N_SOURCES] = ns;
    b.w[DT_H_SOURCES] = srcs;
    b.w[DT_H_ORDER] = order;
    b.w[KIT_H_N_PATTERNS] = (uint32_t)tx.n_pats + 1u;
    b.w[KIT_H_WATCH] = watch;
    b.w[DT_H_TARGETS] = targets;
    free(tx.dt);
    tx.dt = b.w;
}

static void layout_clears(void)
{
    static watch_lists wl;
    memset(&wl, 0, sizeof wl);
    words b = {0};
    for (int i = 0; i < XT_H_WORDS; i++) put(&b, 0);
    uint32_t recs = b.n * 4u;
    for (int32_t c = 0; c < tx.n_clears; c++) put(&b, 0), put(&b, 0), put(&b, 0);
    uint32_t trig = b.n * 4u, nt = 0;
    for (int32_t c = 0; c < tx.n_clears; c++)
        for (int32_t t = 0; t < tx.clears[c].ntriggers; t++) {
            put(&b, (uint32_t)c), put(&b, (uint32_t)tx.clears[c].triggers[t]);
            watch_read(&wl, (int32_t)nt++, tx.clears[c].triggers[t]);
        }
    for (int32_t c = 0; c < tx.n_clears; c++) {
        uint32_t rec = recs / 4u + (uint32_t)c * XT_C_WORDS;
        b.w[rec + XT_C_GROUP] = (uint32_t)tx.clears[c].group;
        b.w[rec + XT_C_N_TARGETS] = (uint32_t)tx.clears[c].ntargets;
        b.w[rec + XT_C_TARGETS] = b.n * 4u;
        for (int32_t t = 0; t < tx.clears[c].ntargets; t++) put(&b, (uint32_t)tx.clears[c].targets[t]);
    }
    uint32_t watch = watch_write(&b, &wl);
    b.w[KIT_H_MAGIC] = XT_MAGIC;
    b.w[KIT_H_SIZE] = b.n * 4u;
    b.w[XT_H_N_CLEARS] = (uint32_t)tx.n_clears;
    b.w[XT_H_CLEARS] = recs;
    b.w[XT_H_N_TRIGGERS] = nt;
    b.w[XT_H_TRIGGERS] = trig;
    b.w[KIT_H_N_PATTERNS] = (uint32_t)tx.n_pats + 1u;
    b.w[KIT_H_WATCH] = watch;
    free(tx.xt);
    tx.xt = b.w;
}

/* ---- hooks forwarding to the kits ---- */

static const rt_app *app_fn(void) { return &tx.app; }
static int32_t class_fn(int32_t pc, int32_t atom) { return rt_kit_class(tx.tb, pc, atom); }
static int32_t container_fn(int32_t cls) { return rt_kit_container(tx.tb, cls); }
static const uint8_t *DT(void) { return (const uint8_t *)tx.dt; }
static const uint8_t *XT(void) { return (const uint8_t *)tx.xt; }

static int32_t input_fn(int32_t stage, int32_t index)
{
    if (stage > RT_STAGE_COMPUTED_DROP || !tx.n_derived) return RT_INPUT_KEEP;
    return rt_kit_derived_input(tx.tb, DT(), stage, index);
}

static int32_t stage_fn(int32_t stage, int32_t begin, int32_t end)
{
    if (stage == td.fail_stage) return RT_E_HOOK;
    if (stage == RT_STAGE_CLEAR && tx.n_clears) return rt_kit_clear_stage(tx.tb, XT(), begin, end);
    if (stage == RT_STAGE_SYNC_FLIP && (tx.n_syncs || tx.n_oneway)) return rt_kit_sync_stage(tx.tb, begin, end);
    if (stage == RT_STAGE_DERIVED && tx.n_derived) return rt_kit_derived_stage(tx.tb, DT(), begin, end);
    return RT_OK;
}

static int32_t create_fn(int32_t group)
{
    int32_t r = (tx.n_syncs || tx.n_oneway) ? rt_kit_sync_create(tx.tb, group) : RT_OK;
    if (r == RT_OK && tx.n_derived) r = rt_kit_derived_create(tx.tb, DT(), group);
    return r;
}

/* condition k: the source instance's sibling `off` holds true */
static int32_t cond_fn(int32_t id, int32_t path)
{
    ck_assert_int_ge(id, 0);
    ck_assert_int_lt(id, tx.n_excl);
    tx.cond_calls++;
    return rt_truth(rt_get(rt_path_child(rt_path_parent(path), tx.off_atom)));
}

static void tx_layout(void)
{
    tb_builder *b = tb_init();
    ck_assert_ptr_nonnull(b);
    for (int32_t p = 1; p <= tx.n_pats; p++)
        ck_assert_int_eq(tb_pattern(b, tx.pat_parent[p], (uint32_t)tx.pat_kind[p], tx.pat_atom[p]), p);
    /* components: each sync pair on its own here (tests keep them disjoint) */
    for (int32_t i = 0; i < tx.n_syncs; i++) {
        int32_t c = tb_component(b);
        int32_t ma = tb_member(b, c, tx.syncs[i][0], 0, -1), mb = tb_member(b, c, tx.syncs[i][1], 0, -1);
        ck_assert_int_eq(tb_edge(b, ma, mb, 0, -1), 0);
    }
    for (int32_t i = 0; i < tx.n_oneway; i++)
        ck_assert_int_eq(tb_oneway(b, tx.oneway[i][0], tx.oneway[i][1], 0, -1), 0);
    uint32_t len = 0;
    const uint8_t *bytes = tb_finish(b, &len);
    ck_assert_ptr_nonnull(bytes);
    free(tx.tb);
    tx.tb = malloc(len);
    memcpy(tx.tb, bytes, len);
    tb_free(b);
    layout_derived();
    layout_clears();

    uint32_t off = 0;
    for (int32_t i = 0; i < tx.n_atoms; i++) {
        tx.offsets[i] = off;
        memcpy(tx.bytes + off, tx.atom_text[i], strlen(tx.atom_text[i]));
        off += (uint32_t)strlen(tx.atom_text[i]);
    }
    tx.offsets[tx.n_atoms] = off;
    tx.app = (rt_app){RT_ABI_VERSION,
                      (uint32_t)tx.n_atoms,
                      tx.offsets,
                      (const uint8_t *)tx.bytes,
                      0,
                      NULL,
                      tx.n_groups,
                      tx.n_groups ? tx.groups_on : NULL,
                      0,
                      0};
    td.app_fn = app_fn;
    td.path_class_fn = class_fn;
    td.container_fn = container_fn;
    td.stage_fn = stage_fn;
    td.create_fn = create_fn;
    td.input_fn = input_fn;
    td.cond_fn = cond_fn;
}

static const char *tx_start(const char *state)
{
    tx_layout();
    ck_assert_int_eq(td_create(state), RT_OK);
    return td_out();
}

static void tx_reset(void)
{
    td_reset();
    free(tx.tb);
    free(tx.dt);
    free(tx.xt);
    memset(&tx, 0, sizeof tx);
    tx.off_atom = tx_atom("off", 3);
}

#define APPLY(...)                                                                                                     \
    do {                                                                                                               \
        const char *const ch_[] = {__VA_ARGS__};                                                                       \
        ck_assert_int_eq(td_apply((int)(sizeof ch_ / sizeof *ch_), ch_), RT_OK);                                       \
    } while (0)
#define OUT(expected) ck_assert_str_eq(td_out(), expected)
#define GET(path, expected) ck_assert_str_eq(td_get(path), expected)

static void setup(void) { tx_reset(); }
static void teardown(void) { tx_reset(); }

/* ---- §7 computations ---- */

START_TEST(sum_in_key_order_at_creation_and_on_change)
{
    DERIVED(DT_OP_SUM, "t", "a.*.p", "b");
    ck_assert_str_eq(tx_start("{a:{x:{p:1},y:{p:2}},b:4}"), "t=7:computation");
    APPLY("a.y.p=10");
    OUT("a.y.p=10:input; t=15:computation");
}
END_TEST

START_TEST(sum_skips_non_numbers_zero_when_none)
{
    DERIVED(DT_OP_SUM, "t", "a.*.p");
    ck_assert_str_eq(tx_start("{a:{x:{p:\"3\"},y:{p:null},z:{p:true}}}"), "t=0:computation");
}
END_TEST

START_TEST(avg_min_max_undefined_without_numbers)
{
    DERIVED(DT_OP_AVG, "v", "a.*");
    DERIVED(DT_OP_MIN, "lo", "a.*");
    DERIVED(DT_OP_MAX, "hi", "a.*");
    tx_start("{a:{x:\"s\"},v:1,lo:1,hi:1}");
    GET("v", "undef");
    GET("lo", "undef");
    GET("hi", "undef");
    APPLY("a.y=4", "a.z=1");
    OUT("a.y=4:input; a.z=1:input; v=2.5:computation; lo=1:computation; hi=4:computation");
}
END_TEST

START_TEST(min_max_follow_math_min_max)
{
    DERIVED(DT_OP_MIN, "lo", "a.*");
    DERIVED(DT_OP_MAX, "hi", "a.*");
    tx_start("{a:{x:0,y:-0}}");
    ck_assert(1 / rt_num(rt_get(td_path("lo"))) < 0); /* Math.min(0, -0) is -0 */
    ck_assert(1 / rt_num(rt_get(td_path("hi"))) > 0);
    APPLY("a.z=nan");
    GET("lo", "nan");
    GET("hi", "nan");
}
END_TEST

START_TEST(count_counts_values_not_missing_null_undefined)
{
    DERIVED(DT_OP_COUNT, "n", "a.*", "b", "c");
    ck_assert_str_eq(tx_start("{a:{x:0,y:\"\",z:null,w:undef,v:false},b:{}}"), "n=4:computation");
}
END_TEST

START_TEST(excluded_sources_are_skipped_and_exclusion_changes_recompute)
{
    tx_pat("a.*.off");
    DERIVED(DT_OP_SUM, "t", "a.*.p?");
    ck_assert_str_eq(tx_start("{a:{x:{p:1},y:{p:2,off:true}}}"), "t=1:computation");
    APPLY("a.y.off=false");
    OUT("a.y.off=false:input; t=3:computation");
}
END_TEST

START_TEST(computed_target_is_read_only)
{
    DERIVED(DT_OP_SUM, "t", "a");
    tx_start("{a:1}");
    APPLY("t=5");
    OUT("");
    APPLY("a=2", "t=9");
    OUT("a=2:input; t=2:computation");
}
END_TEST

START_TEST(key_appearing_or_disappearing_recomputes)
{
    DERIVED(DT_OP_SUM, "t", "a.*.p");
    tx_start("{a:{x:{p:1}}}");
    APPLY("a.y={p:2}");
    OUT("a.y={p:2}:input; t=3:computation");
    APPLY("a={y:{p:2}}");
    OUT("a={y:{p:2}}:input; t=2:computation");
}
END_TEST

START_TEST(wildcard_target_per_key_not_recreated_when_gone)
{
    DERIVED(DT_OP_SUM, "l.*.total", "l.*.i.*.p");
    ck_assert_str_eq(tx_start("{l:{x:{i:{a:{p:1},b:{p:2}}},y:{}}}"),
                     "l.x.total=3:computation; l.y.total=0:computation");
    APPLY("l.y.i.c.p=5");
    OUT("l.y.i.c.p=5:input; l.y.total=5:computation");
    APPLY("l={y:{i:{c:{p:5}},total:5}}");
    OUT("l={y:{i:{c:{p:5}},total:5}}:input");
    GET("l.x", "missing");
}
END_TEST

START_TEST(a_target_behind_a_scalar_is_left_alone)
{
    DERIVED(DT_OP_SUM, "s.t", "a");
    tx_start("{a:1,s:\"text\"}");
    GET("s", "\"text\"");
    APPLY("a=2");
    OUT("a=2:input");
}
END_TEST

START_TEST(replaced_target_parent_recomputes)
{
    DERIVED(DT_OP_SUM, "s.t", "a");
    tx_start("{a:1}");
    APPLY("s={}");
    OUT("s={}:input; s.t=1:computation");
}
END_TEST

START_TEST(only_readers_are_recomputed)
{
    DERIVED(DT_OP_SUM, "t1", "a.*");
    DERIVED(DT_OP_SUM, "t2", "b.*");
    DERIVED(DT_OP_SUM, "t3", "c");
    tx_start("{a:{x:1},b:{y:2},c:3}");
    uint32_t before = rt_kit_derived_evaluations();
    APPLY("b.y=5");
    ck_assert_uint_eq(rt_kit_derived_evaluations() - before, 1);
    APPLY("z=1");
    ck_assert_uint_eq(rt_kit_derived_evaluations() - before, 1);
}
END_TEST

/* ---- §6 aggregations ---- */

START_TEST(aggregate_read_common_value_or_undefined)
{
    DERIVED(DT_OP_AGGREGATE, "t", "a", "b");
    tx_start("{a:null,b:null}");
    GET("t", "null");
    APPLY("a=\"x\"");
    OUT("a=\"x\":input; t=undef:aggregation_read");
    APPLY("b=\"x\"");
    OUT("b=\"x\":input; t=\"x\":aggregation_read");
    APPLY("b=undef");
    OUT("b=undef:input"); /* b ignored: still "x" */
}
END_TEST

START_TEST(aggregate_no_sources_left_is_undefined)
{
    DERIVED(DT_OP_AGGREGATE, "t", "a.*");
    ck_assert_str_eq(tx_start("{a:{},t:1}"), "t=undef:aggregation_read");
}
END_TEST

START_TEST(aggregate_write_goes_to_active_sources_then_recomputes)
{
    tx_pat("b.off");
    DERIVED(DT_OP_AGGREGATE, "t", "a.x", "b.x?");
    tx_start("{a:{x:1},b:{x:2,off:true}}");
    GET("t", "1");
    APPLY("t=\"v\"");
    OUT("a.x=\"v\":aggregation_write; t=\"v\":aggregation_read");
    GET("b.x", "2");
}
END_TEST

START_TEST(aggregate_write_below_target_goes_below_sources)
{
    DERIVED(DT_OP_AGGREGATE, "t", "a", "b");
    tx_start("{a:{k:1},b:{k:1}}");
    APPLY("t.k=2");
    OUT("a.k=2:aggregation_write; b.k=2:aggregation_write; t={k:2}:aggregation_read");
}
END_TEST

START_TEST(aggregate_exclusion_read_before_the_batch)
{
    tx_pat("b.off");
    DERIVED(DT_OP_AGGREGATE, "t", "a.x", "b.x?");
    tx_start("{a:{x:1},b:{x:1}}");
    APPLY("b.off=true", "t=5");
    OUT("b.off=true:input; a.x=5:aggregation_write; b.x=5:aggregation_write; t=5:aggregation_read");
}
END_TEST

START_TEST(aggregate_write_carries_the_input_meta)
{
    DERIVED(DT_OP_AGGREGATE, "t", "a", "b");
    tx_start("{}");
    td_batch *b = malloc(sizeof *b);
    td_begin(b, 1);
    td_path_text(b, "t");
    td_value(b, "1");
    td_end_change(b, RT_TAG_INPUT, 3);
    ck_assert_int_eq(wp_apply(td_send(b)), RT_OK);
    free(b);
    OUT("a=1:aggregation_write/m3; b=1:aggregation_write/m3; t=1:aggregation_read");
}
END_TEST

START_TEST(aggregate_wildcard_target_writes_its_keys_sources)
{
    DERIVED(DT_OP_AGGREGATE, "l.*.all", "l.*.i.*.on");
    tx_start("{l:{x:{i:{a:{on:true},b:{on:true}}},y:{i:{c:{on:false}}}}}");
    GET("l.x.all", "true");
    APPLY("l.x.all=false");
    OUT("l.x.i.a.on=false:aggregation_write; l.x.i.b.on=false:aggregation_write; l.x.all=false:aggregation_read");
}
END_TEST

/* ---- stage 6 order ---- */

START_TEST(order_computation_sees_the_new_aggregate)
{
    DERIVED(DT_OP_SUM, "total", "agg", "c");
    DERIVED(DT_OP_AGGREGATE, "agg", "a", "b");
    tx.order[0] = 1, tx.order[1] = 0, tx.order_set = 1;
    ck_assert_str_eq(tx_start("{a:1,b:1,c:1}"), "agg=1:aggregation_read; total=2:computation");
    APPLY("a=3", "b=3");
    OUT("a=3:input; b=3:input; agg=3:aggregation_read; total=4:computation");
}
END_TEST

START_TEST(derived_write_follows_its_sync_component_same_round)
{
    DERIVED(DT_OP_SUM, "cart.total", "cart.l.*");
    oneway_("cart.total", "summary.total");
    DERIVED(DT_OP_SUM, "shown", "summary.total", "extra");
    ck_assert_str_eq(tx_start("{cart:{l:{x:1}},extra:1}"),
                     "cart.total=1:computation; summary.total=1:sync; shown=2:computation");
    APPLY("cart.l.y=2");
    OUT("cart.l.y=2:input; cart.total=3:computation; summary.total=3:sync; shown=4:computation");
}
END_TEST

START_TEST(group_disabled_derived_does_nothing_enabling_computes)
{
    tx.n_groups = 1;
    tx.groups_on[0] = 0; /* group 0 starts off */
    DERIVED_IN(0, DT_OP_SUM, "g", "a");
    DERIVED(DT_OP_SUM, "after", "g");
    ck_assert_str_eq(tx_start("{a:1}"), "after=0:computation");
    APPLY("a=2", "g=7");
    OUT("a=2:input; g=7:input; after=7:computation");
    ck_assert_int_eq(wp_group(0, 1), RT_OK);
    OUT("g=2:computation; after=2:computation");
}
END_TEST

START_TEST(rollback_undoes_derived_writes)
{
    DERIVED(DT_OP_SUM, "t", "a");
    tx_start("{a:1}");
    td.fail_stage = RT_STAGE_CONCERNS;
    const char *const ch[] = {"a=5"};
    ck_assert_int_lt(td_apply(1, ch), 0);
    GET("t", "1");
    GET("a", "1");
}
END_TEST

/* ---- §8 clears ---- */

START_TEST(clear_sets_targets_null_on_trigger_change)
{
    clear_("x,y", "t", -1);
    tx_start("{x:1,y:{k:1}}");
    APPLY("t=1");
    OUT("t=1:input; x=null:clear_path; y=null:clear_path");
}
END_TEST

START_TEST(clear_leaves_missing_and_null_undefined_becomes_null)
{
    clear_("x,y,z", "t", -1);
    tx_start("{x:null,z:undef}");
    APPLY("t=1");
    OUT("t=1:input; z=null:clear_path");
    GET("y", "missing");
}
END_TEST

START_TEST(clear_trigger_below_and_above)
{
    clear_("x", "a.b", -1);
    tx_start("{x:1,a:{b:{c:1}}}");
    APPLY("a.b.c=2");
    OUT("a.b.c=2:input; x=null:clear_path");
    APPLY("x=1");
    APPLY("a={b:{c:2},d:1}"); /* a replaced, a.b unchanged: no fire */
    OUT("a={b:{c:2},d:1}:input");
    APPLY("a={b:3}");
    OUT("a={b:3}:input; x=null:clear_path");
}
END_TEST

START_TEST(clear_wildcard_captures_by_position)
{
    clear_("l.*.q", "l.*.p", -1);
    tx_start("{l:{a:{p:1,q:1},b:{p:1,q:1}}}");
    APPLY("l.b.p=2");
    OUT("l.b.p=2:input; l.b.q=null:clear_path");
    APPLY("l={a:{p:5,q:1},b:{p:2,q:1}}");
    OUT("l={a:{p:5,q:1},b:{p:2,q:1}}:input; l.a.q=null:clear_path");
}
END_TEST

START_TEST(clear_deep_wildcard_expands_over_object_keys_only)
{
    clear_("l.**.s,m.**", "f", -1);
    tx_start("{l:{a:{s:1},b:{s:true},c:{}},m:[1,2]}");
    APPLY("f=1");
    OUT("f=1:input; l.a.s=null:clear_path; l.b.s=null:clear_path");
}
END_TEST

START_TEST(clear_overrides_the_input_and_never_cascades)
{
    clear_("a", "a", -1);
    clear_("c", "b", -1);
    clear_("d", "c", -1);
    sync_("a", "s");
    ck_assert_str_eq(tx_start("{c:1,d:1,s:0}"), "a=0:sync");
    APPLY("a=5", "b=1");
    OUT("a=5:input; b=1:input; a=null:clear_path; c=null:clear_path; s=null:sync");
    GET("d", "1");
}
END_TEST

START_TEST(clear_targets_once_per_round)
{
    clear_("x", "t,u", -1);
    tx_start("{x:1}");
    APPLY("t=1", "u=1", "x=2");
    OUT("t=1:input; u=1:input; x=2:input; x=null:clear_path");
}
END_TEST

START_TEST(clear_in_disabled_group_does_nothing)
{
    tx.n_groups = 1;
    tx.groups_on[0] = 0;
    clear_("x", "t", 0);
    tx_start("{x:1}");
    APPLY("t=1");
    OUT("t=1:input");
}
END_TEST

Suite *suite_derived(void)
{
    Suite *s = suite_create("derived");
    TCase *tc = tcase_create("compute");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sum_in_key_order_at_creation_and_on_change);
    tcase_add_test(tc, sum_skips_non_numbers_zero_when_none);
    tcase_add_test(tc, avg_min_max_undefined_without_numbers);
    tcase_add_test(tc, min_max_follow_math_min_max);
    tcase_add_test(tc, count_counts_values_not_missing_null_undefined);
    tcase_add_test(tc, excluded_sources_are_skipped_and_exclusion_changes_recompute);
    tcase_add_test(tc, computed_target_is_read_only);
    tcase_add_test(tc, key_appearing_or_disappearing_recomputes);
    tcase_add_test(tc, wildcard_target_per_key_not_recreated_when_gone);
    tcase_add_test(tc, a_target_behind_a_scalar_is_left_alone);
    tcase_add_test(tc, replaced_target_parent_recomputes);
    tcase_add_test(tc, only_readers_are_recomputed);
    suite_add_tcase(s, tc);
    tc = tcase_create("aggregate");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, aggregate_read_common_value_or_undefined);
    tcase_add_test(tc, aggregate_no_sources_left_is_undefined);
    tcase_add_test(tc, aggregate_write_goes_to_active_sources_then_recomputes);
    tcase_add_test(tc, aggregate_write_below_target_goes_below_sources);
    tcase_add_test(tc, aggregate_exclusion_read_before_the_batch);
    tcase_add_test(tc, aggregate_write_carries_the_input_meta);
    tcase_add_test(tc, aggregate_wildcard_target_writes_its_keys_sources);
    suite_add_tcase(s, tc);
    tc = tcase_create("order");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, order_computation_sees_the_new_aggregate);
    tcase_add_test(tc, derived_write_follows_its_sync_component_same_round);
    tcase_add_test(tc, group_disabled_derived_does_nothing_enabling_computes);
    tcase_add_test(tc, rollback_undoes_derived_writes);
    suite_add_tcase(s, tc);
    tc = tcase_create("clear");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, clear_sets_targets_null_on_trigger_change);
    tcase_add_test(tc, clear_leaves_missing_and_null_undefined_becomes_null);
    tcase_add_test(tc, clear_trigger_below_and_above);
    tcase_add_test(tc, clear_wildcard_captures_by_position);
    tcase_add_test(tc, clear_deep_wildcard_expands_over_object_keys_only);
    tcase_add_test(tc, clear_overrides_the_input_and_never_cascades);
    tcase_add_test(tc, clear_targets_once_per_round);
    tcase_add_test(tc, clear_in_disabled_group_does_nothing);
    suite_add_tcase(s, tc);
    return s;
}
