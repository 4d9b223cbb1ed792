/* t_sync.c — the sync/flip kit (kits/sync_kit.c) against semantics.md §4 and
 * §5, sentence by sentence. Each test declares rules by path text ("a.*.x":
 * `*` is a [*] segment), which ts_start lays out with tables_build into a blob
 * exactly as wpc would (static atoms in an app descriptor, components with
 * parity, one-way edges), then plays the hooks by forwarding to the kit:
 * path_class, container, stage 5 and create. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "kits/sync_kit.h"
#include "rt_api.h"
#include "rt_heap.h"
#include "kits/watch_tables.h"
#include "suites.h"
#include "tables_build.h"
#include "td.h"

#define TS_MAX 64

typedef struct {
    int32_t a, b, flip, oneway, group;
} ts_edge;

static struct {
    char atom_text[TS_MAX][32];
    int32_t n_atoms;
    int32_t pat_parent[TS_MAX], pat_kind[TS_MAX], pat_atom[TS_MAX];
    int32_t n_pats; /* pattern ids 1..n_pats */
    int32_t lists[TS_MAX];
    int32_t n_lists;
    ts_edge edges[TS_MAX];
    int32_t n_edges;
    uint32_t n_groups;
    uint8_t groups_on[4];
    /* laid out */
    uint32_t offsets[TS_MAX + 1];
    char bytes[TS_MAX * 32];
    rt_app app;
    uint8_t *blob;
} ts;

static int32_t ts_atom(const char *text, size_t len)
{
    for (int32_t i = 0; i < ts.n_atoms; i++)
        if (strlen(ts.atom_text[i]) == len && !memcmp(ts.atom_text[i], text, len)) return i;
    ck_assert_int_lt(ts.n_atoms, TS_MAX);
    memcpy(ts.atom_text[ts.n_atoms], text, len);
    ts.atom_text[ts.n_atoms][len] = 0;
    return ts.n_atoms++;
}

/* The pattern of a dot-joined text ("*" = [*]), created with its ancestors. */
static int32_t ts_pat(const char *text)
{
    int32_t parent = 0;
    for (const char *s = text; *s;) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        int32_t kind = (len == 1 && *s == '*') ? TB_SEG_WILD : (*s >= '0' && *s <= '9') ? TB_SEG_INDEX : TB_SEG_KEY;
        int32_t atom = kind == TB_SEG_WILD ? -1 : ts_atom(s, len);
        int32_t found = 0;
        for (int32_t p = 1; p <= ts.n_pats && !found; p++)
            if (ts.pat_parent[p] == parent && ts.pat_kind[p] == kind && ts.pat_atom[p] == atom) found = p;
        if (!found) {
            ck_assert_int_lt(ts.n_pats + 1, TS_MAX);
            found = ++ts.n_pats;
            ts.pat_parent[found] = parent;
            ts.pat_kind[found] = kind;
            ts.pat_atom[found] = atom;
        }
        parent = found;
        s += len + (dot ? 1 : 0);
    }
    return parent;
}

static int ts_fail_derived; /* stage 6 fails: the apply rolls back */

static void ts_reset(void)
{
    td_reset();
    ts_fail_derived = 0;
    free(ts.blob);
    memset(&ts, 0, sizeof ts);
}

static void edge(const char *a, const char *b, int32_t flip, int32_t oneway, int32_t group)
{
    ts.edges[ts.n_edges++] = (ts_edge){ts_pat(a), ts_pat(b), flip, oneway, group};
}
static void sync_(const char *a, const char *b) { edge(a, b, 0, 0, -1); }
static void flip_(const char *a, const char *b) { edge(a, b, 1, 0, -1); }
static void oneway_(const char *a, const char *b) { edge(a, b, 0, 1, -1); }

/* ---- hooks forwarding to the kit ---- */

static const rt_app *app_fn(void) { return &ts.app; }
static int32_t class_fn(int32_t pc, int32_t atom) { return rt_kit_class(ts.blob, pc, atom); }
static int32_t container_fn(int32_t cls) { return rt_kit_container(ts.blob, cls); }
static int32_t stage_fn(int32_t stage, int32_t begin, int32_t end)
{
    if (stage == RT_STAGE_DERIVED && ts_fail_derived) return RT_E_HOOK;
    return stage == RT_STAGE_SYNC_FLIP ? rt_kit_sync_stage(ts.blob, begin, end) : RT_OK;
}
static int32_t create_fn(int32_t group) { return rt_kit_sync_create(ts.blob, group); }

static int32_t uf(int32_t *parent, int32_t x)
{
    while (parent[x] != x) x = parent[x];
    return x;
}

/* Lay the blob out the way codegen does from the IR: components by union of
 * the sync/flip edges, parity by a walk, then members, edges, one-way edges. */
static void ts_layout(void)
{
    tb_builder *b = tb_init();
    ck_assert_ptr_nonnull(b);
    for (int32_t p = 1; p <= ts.n_pats; p++)
        ck_assert_int_eq(tb_pattern(b, ts.pat_parent[p], (uint32_t)ts.pat_kind[p], ts.pat_atom[p]), p);
    for (int32_t i = 0; i < ts.n_lists; i++) tb_list_container(b, ts.lists[i]);
    int32_t parent[TS_MAX], parity[TS_MAX], member[TS_MAX], in_comp[TS_MAX], comp_of_root[TS_MAX];
    for (int32_t p = 0; p < TS_MAX; p++)
        parent[p] = p, parity[p] = -1, member[p] = -1, in_comp[p] = 0, comp_of_root[p] = -1;
    for (int32_t e = 0; e < ts.n_edges; e++) {
        if (ts.edges[e].oneway) continue;
        in_comp[ts.edges[e].a] = in_comp[ts.edges[e].b] = 1;
        parent[uf(parent, ts.edges[e].a)] = uf(parent, ts.edges[e].b);
    }
    for (int32_t p = 1; p <= ts.n_pats; p++) {
        if (!in_comp[p] || parity[p] >= 0) continue;
        parity[p] = 0; /* the component's first member: relax parities from it */
        for (int changed = 1; changed;) {
            changed = 0;
            for (int32_t e = 0; e < ts.n_edges; e++) {
                const ts_edge *x = &ts.edges[e];
                if (x->oneway) continue;
                if (parity[x->a] >= 0 && parity[x->b] < 0) parity[x->b] = parity[x->a] ^ x->flip, changed = 1;
                if (parity[x->b] >= 0 && parity[x->a] < 0) parity[x->a] = parity[x->b] ^ x->flip, changed = 1;
            }
        }
    }
    for (int32_t p = 1; p <= ts.n_pats; p++) {
        if (!in_comp[p]) continue;
        int32_t r = uf(parent, p);
        if (comp_of_root[r] < 0) comp_of_root[r] = tb_component(b);
        member[p] = tb_member(b, comp_of_root[r], p, parity[p], -1);
        ck_assert_int_ge(member[p], 0);
    }
    for (int32_t e = 0; e < ts.n_edges; e++) {
        const ts_edge *x = &ts.edges[e];
        if (x->oneway)
            ck_assert_int_eq(tb_oneway(b, x->a, x->b, x->flip, x->group), 0);
        else
            ck_assert_int_eq(tb_edge(b, member[x->a], member[x->b], x->flip, x->group), 0);
    }
    uint32_t len = 0;
    const uint8_t *bytes = tb_finish(b, &len);
    ck_assert_ptr_nonnull(bytes);
    free(ts.blob); /* a test may lay out twice */
    ts.blob = malloc(len);
    memcpy(ts.blob, bytes, len);
    tb_free(b);

    uint32_t off = 0;
    for (int32_t i = 0; i < ts.n_atoms; i++) {
        ts.offsets[i] = off;
        memcpy(ts.bytes + off, ts.atom_text[i], strlen(ts.atom_text[i]));
        off += (uint32_t)strlen(ts.atom_text[i]);
    }
    ts.offsets[ts.n_atoms] = off;
    ts.app = (rt_app){RT_ABI_VERSION,
                      (uint32_t)ts.n_atoms,
                      ts.offsets,
                      (const uint8_t *)ts.bytes,
                      0,
                      NULL,
                      ts.n_groups,
                      ts.n_groups ? ts.groups_on : NULL,
                      0,
                      0};
    td.app_fn = app_fn;
    td.path_class_fn = class_fn;
    td.container_fn = container_fn;
    td.stage_fn = stage_fn;
    td.create_fn = create_fn;
}

/* Lay out, create with `state`, and return the initial changes. */
static const char *ts_start(const char *state)
{
    ts_layout();
    ck_assert_int_eq(td_create(state), RT_OK);
    return td_out();
}

#define APPLY(...)                                                                                                     \
    do {                                                                                                               \
        const char *const ch_[] = {__VA_ARGS__};                                                                       \
        ck_assert_int_eq(td_apply((int)(sizeof ch_ / sizeof *ch_), ch_), RT_OK);                                       \
    } while (0)

#define OUT(expected) ck_assert_str_eq(td_out(), expected)
#define GET(path, expected) ck_assert_str_eq(td_get(path), expected)

static void setup(void) { ts_reset(); }
static void teardown(void)
{
    ts_reset();
    td_reset();
}

/* ---- the blob and the class DFA ---- */

/* The members a path of class `cls` is at: over the class's patterns, the
 * `exact` lists of the members' watch index (TB_H_WATCH). */
static uint32_t members_at(const uint8_t *bl, int32_t cls)
{
    uint32_t c = tb_rec(bl, TB_H_CLASSES, TB_C_WORDS, (uint32_t)cls), n = 0;
    const uint32_t *pats = (const uint32_t *)(const void *)(bl + tb_u32(bl, c, TB_C_PATS));
    for (uint32_t i = 0; i < tb_u32(bl, c, TB_C_N_PATS); i++)
        n += tb_u32(bl, tb_hdr(bl, TB_H_WATCH) + pats[i] * KW_WORDS * 4u, KW_N_EXACT);
    return n;
}

START_TEST(blob_layout_header)
{
    sync_("a.*.x", "b.*.x");
    ts.lists[ts.n_lists++] = ts_pat("a");
    ts_layout();
    const uint8_t *bl = ts.blob;
    ck_assert_uint_eq(tb_hdr(bl, TB_H_MAGIC), TB_MAGIC);
    ck_assert_uint_eq(tb_hdr(bl, TB_H_N_PATTERNS), 7); /* root, a, a.*, a.*.x, b, b.*, b.*.x */
    ck_assert_uint_eq(tb_hdr(bl, TB_H_N_COMPS), 1);
    ck_assert_uint_eq(tb_hdr(bl, TB_H_N_MEMBERS), 2);
    ck_assert_uint_eq(tb_u32(bl, tb_rec(bl, TB_H_COMPS, TB_K_WORDS, 0), TB_K_NBIND), 1);
    /* classes: a is a list; a.k.x is the member a.*.x; a.k.x.y is below it */
    int32_t a = rt_kit_class(bl, 0, 0);
    ck_assert_int_ge(a, 1);
    ck_assert_int_eq(rt_kit_container(bl, a), 1);
    ck_assert_int_eq(rt_kit_container(bl, 0), 0);
    int32_t ak = rt_kit_class(bl, a, 999); /* a dynamic key takes the [*] branch */
    int32_t akx = rt_kit_class(bl, ak, 1);
    ck_assert_int_ge(akx, 1);
    ck_assert_uint_eq(members_at(bl, akx), 1);
    int32_t below = rt_kit_class(bl, akx, 998);
    ck_assert_int_ge(below, 1);
    ck_assert_int_eq(rt_kit_class(bl, below, 997), below); /* the below family keeps its class */
    ck_assert_int_eq(rt_kit_class(bl, ak, 997), -1);       /* a.k.other: nothing cares */
    ck_assert_int_eq(rt_kit_class(bl, 0, 998), -1);        /* unknown top-level key */
}
END_TEST

START_TEST(blob_static_and_wildcard_both_match)
{
    /* a.x matches both `a.x` and `a.*`: its class holds both members */
    sync_("a.x", "p");
    sync_("a.*", "q");
    ts_layout();
    int32_t a = rt_kit_class(ts.blob, 0, ts_atom("a", 1));
    int32_t ax = rt_kit_class(ts.blob, a, ts_atom("x", 1));
    ck_assert_uint_eq(members_at(ts.blob, ax), 2);
    ck_assert_str_eq(ts_start("{a:{x:1},p:1,q:1}"), "");
    APPLY("a.x=5");
    OUT("a.x=5:input; p=5:sync; q=5:sync");
}
END_TEST

START_TEST(blob_deterministic)
{
    sync_("a", "b");
    flip_("b", "c");
    oneway_("d", "a");
    tb_builder *b1 = tb_init(), *b2 = tb_init();
    for (int k = 0; k < 2; k++) {
        tb_builder *b = k ? b2 : b1;
        int32_t p1 = tb_pattern(b, 0, TB_SEG_KEY, 0), p2 = tb_pattern(b, 0, TB_SEG_KEY, 1);
        int32_t c = tb_component(b);
        tb_member(b, c, p1, 0, -1);
        tb_member(b, c, p2, 1, -1);
        tb_oneway(b, tb_pattern(b, 0, TB_SEG_KEY, 2), p1, 0, -1);
    }
    uint32_t l1, l2;
    const uint8_t *x1 = tb_finish(b1, &l1), *x2 = tb_finish(b2, &l2);
    ck_assert_uint_eq(l1, l2);
    ck_assert_int_eq(memcmp(x1, x2, l1), 0);
    tb_free(b1);
    tb_free(b2);
}
END_TEST

/* One parent with many children: the class of every child is found (its
 * atom looked up among the parent's sorted children, an atom shared by a
 * key and an index child included, the [*] child always), and the build is
 * near-linear in the children: about 0.3 s here, where the quadratic
 * builder took 30 s and overran the "scale" tcase's timeout. */
START_TEST(blob_many_siblings)
{
    enum { N = 100000 };
    tb_builder *b = tb_init();
    int32_t p = tb_pattern(b, 0, TB_SEG_KEY, 0);
    int32_t star = tb_pattern(b, p, TB_SEG_WILD, -1);
    int32_t dup = tb_pattern(b, p, TB_SEG_INDEX, 1);
    int32_t c0 = tb_component(b);
    tb_member(b, c0, star, 0, -1);
    tb_member(b, c0, dup, 0, -1);
    for (int32_t i = 0; i < N; i += 2) { /* atoms 1..N, added out of order */
        int32_t a1 = (int32_t)(((int64_t)i * 7919) % N) + 1, a2 = (int32_t)(((int64_t)(i + 1) * 7919) % N) + 1;
        int32_t c = tb_component(b);
        int32_t m1 = tb_member(b, c, tb_pattern(b, p, TB_SEG_KEY, a1), 0, -1);
        int32_t m2 = tb_member(b, c, tb_pattern(b, p, TB_SEG_KEY, a2), 0, -1);
        ck_assert_int_eq(tb_edge(b, m1, m2, 0, -1), 0);
    }
    uint32_t len;
    const uint8_t *bl = tb_finish(b, &len);
    ck_assert_ptr_nonnull(bl);
    int32_t cp = rt_kit_class(bl, 0, 0);
    ck_assert_int_ge(cp, 1);
    for (int32_t a = 1; a <= N; a++) {
        int32_t cls = rt_kit_class(bl, cp, a);
        ck_assert_int_ge(cls, 1);
        ck_assert_uint_eq(members_at(bl, cls), a == 1 ? 3u : 2u); /* the child, [*] (and p[1]) */
    }
    int32_t other = rt_kit_class(bl, cp, N + 5); /* only [*] */
    ck_assert_uint_eq(members_at(bl, other), 1u);
    tb_free(b);
}
END_TEST

START_TEST(blob_bad_calls)
{
    tb_builder *b = tb_init();
    ck_assert_int_eq(tb_pattern(b, 5, TB_SEG_KEY, 0), -1); /* no such parent */
    ck_assert_ptr_null(tb_finish(b, &(uint32_t){0}));
    tb_free(b);
    b = tb_init();
    int32_t p = tb_pattern(b, 0, TB_SEG_KEY, 0);
    int32_t c = tb_component(b);
    ck_assert_int_ge(tb_member(b, c, p, 0, -1), 0);
    ck_assert_int_eq(tb_member(b, c, p, 0, -1), -1); /* a pattern in two components */
    tb_free(b);
}
END_TEST

/* ---- §4 sync ---- */

/* The single edit is the showcase (docs/performance.md): once the buffers,
 * logs and maps have grown, a number written and synced to its peer, or a
 * flipped boolean, allocates nothing on the heap. */
START_TEST(single_edit_allocates_nothing)
{
    sync_("a.x", "b.x");
    flip_("a.on", "b.on");
    ts_start("{a:{x:1,on:true},b:{x:1,on:false}}");
    for (int i = 0; i < 3; i++) {
        APPLY("a.x=2");
        APPLY("a.x=1");
        APPLY("a.on=false");
        APPLY("a.on=true");
    }
    size_t before = rt_heap_allocs();
    APPLY("a.x=2");
    OUT("a.x=2:input; b.x=2:sync");
    APPLY("a.x=1");
    APPLY("b.on=true");
    OUT("b.on=true:input; a.on=false:flip");
    ck_assert_uint_eq(rt_heap_allocs() - before, 0);
    ck_assert_str_eq(td_get(""), "{a:{x:1,on:false},b:{x:1,on:true}}");
}
END_TEST

START_TEST(sync_exact)
{
    sync_("a", "b");
    ts_start("{}");
    APPLY("a=1");
    OUT("a=1:input; b=1:sync");
    APPLY("b=\"x\"");
    OUT("b=\"x\":input; a=\"x\":sync");
}
END_TEST

START_TEST(sync_chain_cycle_duplicates)
{
    sync_("a", "b");
    sync_("b", "c");
    sync_("c", "a");
    sync_("a", "b");
    ts_start("{}");
    APPLY("c=2");
    OUT("c=2:input; b=2:sync; a=2:sync");
}
END_TEST

START_TEST(sync_self_does_nothing)
{
    sync_("a", "a");
    ts_start("{}");
    APPLY("a=1");
    OUT("a=1:input");
}
END_TEST

START_TEST(sync_below)
{
    sync_("src", "dst");
    ts_start("{src:{},dst:{}}");
    APPLY("src.name=\"n\"");
    OUT("src.name=\"n\":input; dst.name=\"n\":sync");
}
END_TEST

START_TEST(sync_every_member_above)
{
    sync_("d", "g");
    sync_("d.e", "h");
    ts_start("{d:{e:{}},g:{e:{}},h:{}}");
    APPLY("d.e.f=1");
    OUT("d.e.f=1:input; h.f=1:sync; g.e.f=1:sync");
}
END_TEST

START_TEST(sync_above_sends_new_value)
{
    sync_("field1", "nested.deep.value");
    ts_start("{field1:\"v\",nested:{deep:{value:\"v\"}}}");
    APPLY("nested={other:42}");
    OUT("nested={other:42}:input; field1=null:sync");
    GET("nested", "{other:42}");
}
END_TEST

START_TEST(sync_above_only_changed_members)
{
    sync_("form.a", "x");
    ts_start("{form:{a:1,b:2},x:1}");
    APPLY("form={a:1,b:3}");
    OUT("form={a:1,b:3}:input");
    APPLY("form={a:7}");
    OUT("form={a:7}:input; x=7:sync");
}
END_TEST

START_TEST(sync_above_peers_under_written_path_decided)
{
    sync_("form.a", "form.b");
    ts_start("{form:{a:1,b:1}}");
    APPLY("form={a:2,b:3}");
    OUT("form={a:2,b:3}:input");
}
END_TEST

START_TEST(sync_vanished_container_stays_vanished)
{
    sync_("a.b.c", "x");
    ts_start("{a:{b:{c:1}},x:1}");
    APPLY("a={}", "x=2");
    OUT("a={}:input; x=2:input");
    GET("a", "{}");
}
END_TEST

START_TEST(sync_recreated_parent_lifts_vanished)
{
    sync_("a.b.c", "x");
    ts_start("{a:{b:{c:1}},x:1}");
    APPLY("a={}", "a.b={}", "x=2");
    OUT("a={}:input; a.b={}:input; x=2:input; a.b.c=2:sync");
}
END_TEST

START_TEST(sync_parent_never_existed_is_created)
{
    sync_("price", "catalog.p1.pricing.salePrice");
    ts_start("{catalog:{}}");
    APPLY("catalog.p1={}", "price=7");
    OUT("catalog.p1={}:input; price=7:input; catalog.p1.pricing.salePrice=7:sync");
    GET("catalog", "{p1:{pricing:{salePrice:7}}}");
}
END_TEST

START_TEST(sync_null_not_pushed_into_missing_peer)
{
    sync_("a", "b");
    ts_start("{}");
    APPLY("a=null");
    OUT("a=null:input");
    GET("b", "missing");
    APPLY("b=3");
    APPLY("a=null");
    OUT("a=null:input; b=null:sync");
}
END_TEST

START_TEST(sync_later_change_wins)
{
    sync_("a", "b");
    sync_("b", "c");
    ts_start("{}");
    APPLY("a=1", "c=2");
    OUT("a=1:input; c=2:input; b=2:sync; a=2:sync");
    GET("a", "2");
}
END_TEST

START_TEST(sync_output_follows_causing_changes)
{
    sync_("a", "b");
    sync_("c", "d");
    ts_start("{a:0,b:0,c:0,d:0}");
    APPLY("c=2", "free=\"x\"", "a=1");
    OUT("c=2:input; free=\"x\":input; a=1:input; d=2:sync; b=1:sync");
}
END_TEST

START_TEST(sync_later_below_changes_both_kept)
{
    sync_("src", "dst");
    ts_start("{src:{},dst:{}}");
    APPLY("src.name=\"n\"", "dst.title=\"t\"");
    OUT("src.name=\"n\":input; dst.title=\"t\":input; dst.name=\"n\":sync; src.title=\"t\":sync");
}
END_TEST

START_TEST(sync_later_wins_over_parent_write)
{
    sync_("src", "dst");
    ts_start("{src:{},dst:{}}");
    APPLY("src={name:\"a\",t:1}", "dst.name=\"b\"");
    /* the older parent write reaches dst first; the newer dst.name puts its
     * value back and sends it on: both end equal, dst.name = "b" wins */
    OUT("src={name:\"a\",t:1}:input; dst.name=\"b\":input; dst={name:\"a\",t:1}:sync; dst.name=\"b\":sync; "
        "src.name=\"b\":sync");
    GET("src", "{name:\"b\",t:1}");
    GET("dst", "{name:\"b\",t:1}");
}
END_TEST

START_TEST(sync_wildcard_binds_by_position)
{
    sync_("a.*.x", "b.*.x");
    ts_start("{a:{k1:{x:1},k2:{x:2}},b:{k1:{x:1},k2:{x:2}}}");
    APPLY("a.k1.x=5");
    OUT("a.k1.x=5:input; b.k1.x=5:sync");
    APPLY("b.k3.x=6");
    OUT("b.k3.x=6:input; a.k3.x=6:sync");
}
END_TEST

START_TEST(sync_wildcard_fan_out)
{
    sync_("a.*.x", "s.x");
    ts_start("{a:{k1:{x:1},k2:{x:1}},s:{x:1}}");
    APPLY("s.x=3");
    OUT("s.x=3:input; a.k1.x=3:sync; a.k2.x=3:sync");
    APPLY("a.k1.x=4");
    OUT("a.k1.x=4:input; s.x=4:sync; a.k2.x=4:sync");
}
END_TEST

START_TEST(sync_wildcard_above)
{
    sync_("a.*.x", "b.*.x");
    ts_start("{a:{k1:{x:1}},b:{k1:{x:1}}}");
    APPLY("a={k1:{x:2},k2:{x:3}}");
    OUT("a={k1:{x:2},k2:{x:3}}:input; b.k1.x=2:sync; b.k2.x=3:sync");
}
END_TEST

START_TEST(sync_wildcard_arrays)
{
    sync_("a.*.x", "b.*.x");
    ts.lists[ts.n_lists++] = ts_pat("b");
    ts_start("{a:[{x:1}],b:[]}");
    OUT("b.0.x=1:sync");
    GET("b", "[{x:1}]");
}
END_TEST

START_TEST(sync_across_components)
{
    sync_("a", "b");
    sync_("b.x", "c");
    ts_start("{}");
    APPLY("a={x:1}");
    OUT("a={x:1}:input; b={x:1}:sync; c=1:sync");
}
END_TEST

/* ---- §4 one-way ---- */

START_TEST(oneway_then_sync)
{
    oneway_("a", "b");
    sync_("b", "c");
    ts_start("{}");
    APPLY("a=1");
    OUT("a=1:input; b=1:sync; c=1:sync");
    APPLY("c=2");
    OUT("c=2:input; b=2:sync");
    GET("a", "1");
}
END_TEST

START_TEST(oneway_transitive_never_backwards)
{
    oneway_("a", "b");
    oneway_("b", "c");
    ts_start("{}");
    APPLY("a=1");
    OUT("a=1:input; b=1:sync; c=1:sync");
    APPLY("c=5");
    OUT("c=5:input");
    APPLY("b=6");
    OUT("b=6:input; c=6:sync");
}
END_TEST

START_TEST(oneway_below_and_above)
{
    oneway_("a", "b");
    ts_start("{a:{},b:{}}");
    APPLY("a.x=1");
    OUT("a.x=1:input; b.x=1:sync");
    APPLY("a={y:2}");
    OUT("a={y:2}:input; b={y:2}:sync");
}
END_TEST

START_TEST(oneway_creation_takes_source)
{
    oneway_("a", "b");
    sync_("b", "c");
    ck_assert_str_eq(ts_start("{a:\"x\",b:\"y\",c:\"y\"}"), "b=\"x\":sync; c=\"x\":sync");
}
END_TEST

START_TEST(oneway_creation_topological)
{
    oneway_("b", "c");
    oneway_("a", "b");
    ck_assert_str_eq(ts_start("{a:1,b:2}"), "b=1:sync; c=1:sync");
}
END_TEST

START_TEST(oneway_creation_empty_source_votes)
{
    oneway_("a", "b");
    sync_("b", "c");
    ck_assert_str_eq(ts_start("{a:null,b:\"y\"}"), "c=\"y\":sync");
}
END_TEST

/* ---- §4 creation votes ---- */

START_TEST(vote_value_beats_empty_string_count)
{
    sync_("source", "target");
    ck_assert_str_eq(ts_start("{source:\"A\",target:\"\"}"), "target=\"A\":sync");
}
END_TEST

START_TEST(vote_tie_shallowest)
{
    sync_("form.errors", "mirror");
    ck_assert_str_eq(ts_start("{form:{errors:\"e\"},mirror:\"m\"}"), "form.errors=\"m\":sync");
}
END_TEST

START_TEST(vote_most_common)
{
    sync_("o1", "o2");
    sync_("o2", "o3");
    ck_assert_str_eq(ts_start("{o1:{k:1},o2:{k:2},o3:{k:2}}"), "o1={k:2}:sync");
}
END_TEST

START_TEST(vote_ignores_nothing_counts_falsy)
{
    sync_("a", "b");
    sync_("b", "c");
    sync_("c", "d");
    ck_assert_str_eq(ts_start("{a:null,b:undef,c:0}"), "a=0:sync; b=0:sync; d=0:sync");
}
END_TEST

START_TEST(vote_nothing_when_no_value)
{
    sync_("a", "b");
    ck_assert_str_eq(ts_start("{a:null}"), "");
}
END_TEST

START_TEST(vote_lexicographic)
{
    sync_("b", "a");
    sync_("a", "c");
    ck_assert_str_eq(ts_start("{c:1,b:2}"), "a=2:sync; c=2:sync");
}
END_TEST

START_TEST(vote_wildcard_per_key)
{
    sync_("a.*.x", "b.*.x");
    ck_assert_str_eq(ts_start("{a:{k:{x:1},j:{x:2}},b:{j:{x:3},k:{x:1}}}"), "b.j.x=2:sync");
}
END_TEST

START_TEST(vote_flip_groups_separately)
{
    sync_("a", "b");
    flip_("b", "c");
    ck_assert_str_eq(ts_start("{a:true,c:true}"), "b=true:sync");
}
END_TEST

/* ---- §4 groups ---- */

START_TEST(group_disabled_edge_does_nothing)
{
    edge("a", "b", 0, 0, 0);
    ts.n_groups = 1;
    ts.groups_on[0] = 0; /* group 0 starts disabled */
    ck_assert_str_eq(ts_start("{a:1}"), "");
    APPLY("a=2");
    OUT("a=2:input");
    ck_assert_int_eq(wp_group(0, 1), RT_OK);
    OUT("b=2:sync");
    APPLY("a=3");
    OUT("a=3:input; b=3:sync");
}
END_TEST

START_TEST(group_switched_off_after_a_walk)
{
    /* the walk's steps are not kept across calls where a gate decides them */
    edge("a", "b", 0, 0, 0);
    ts.n_groups = 1;
    ts.groups_on[0] = 1;
    ts_start("{a:1,b:1}");
    APPLY("a=2");
    OUT("a=2:input; b=2:sync");
    ck_assert_int_eq(wp_group(0, 0), RT_OK);
    APPLY("a=3");
    OUT("a=3:input");
    ck_assert_str_eq(td_get(""), "{a:3,b:2}");
}
END_TEST

/* ---- a walk taken again (its steps memoised) ---- */

START_TEST(walk_taken_again_writes_the_same)
{
    sync_("a.*.x", "b.*.x");
    sync_("b.*.x", "c.*.x");
    flip_("a.*.on", "b.*.on");
    ts_start("{a:{k:{x:1,on:true}},b:{k:{x:1,on:false}},c:{k:{x:1}}}");
    for (int i = 0; i < 3; i++) {
        APPLY("b.k.x=2");
        OUT("b.k.x=2:input; a.k.x=2:sync; c.k.x=2:sync");
        APPLY("c.k.x=1");
        OUT("c.k.x=1:input; b.k.x=1:sync; a.k.x=1:sync");
        APPLY("a.k.on=false");
        OUT("a.k.on=false:input; b.k.on=true:flip");
        APPLY("a.k.on=true");
        OUT("a.k.on=true:input; b.k.on=false:flip");
    }
}
END_TEST

START_TEST(walk_taken_again_fans_out_over_new_keys)
{
    /* a walk that fans out over the keys present is worked out each time */
    sync_("a.*.x", "s.x");
    ts_start("{a:{k1:{x:1}},s:{x:1}}");
    APPLY("s.x=3");
    OUT("s.x=3:input; a.k1.x=3:sync");
    APPLY("a.k2={x:3}");
    APPLY("s.x=4");
    OUT("s.x=4:input; a.k1.x=4:sync; a.k2.x=4:sync");
    APPLY("s.x=5");
    OUT("s.x=5:input; a.k1.x=5:sync; a.k2.x=5:sync");
}
END_TEST

START_TEST(walk_taken_again_sees_keys_added_and_rolled_back)
{
    /* a fan-out's memoised steps hold only while the keys stay put: a
     * scalar key added is seen, one a failed apply added is not */
    sync_("a.*", "s");
    ts_start("{a:{k1:1},s:1}");
    APPLY("s=3");
    OUT("s=3:input; a.k1=3:sync");
    APPLY("a.k2=3");
    OUT("a.k2=3:input");
    APPLY("s=4");
    OUT("s=4:input; a.k1=4:sync; a.k2=4:sync");
    ts_fail_derived = 1;
    const char *const ch[] = {"a.k3=4"};
    ck_assert_int_eq(td_apply(1, ch), RT_E_HOOK);
    ts_fail_derived = 0;
    APPLY("s=5");
    OUT("s=5:input; a.k1=5:sync; a.k2=5:sync");
    GET("a", "{k1:5,k2:5}");
}
END_TEST

START_TEST(write_pass_walks_again_when_keys_moved)
{
    /* the older change creates a.k2, so the newer one's fan-out reaches it
     * in the write pass although its ownership walk could not */
    sync_("b.*", "a.*");
    sync_("a.*.x", "s.x");
    ts_start("{a:{k1:{x:1}},b:{k1:{x:1}},s:{x:1}}");
    APPLY("b.k2={x:5}", "s.x=7");
    GET("a", "{k1:{x:7},k2:{x:7}}");
    GET("s.x", "7");
}
END_TEST

START_TEST(kit_write_of_null_does_not_vanish_a_member)
{
    /* the flip's rotation puts null at r.x and s.x (a's old value); the
     * later change below p, which reaches r.x by the one-way edge, still
     * writes below them and so recreates them: the later change wins, and
     * only a replacement (not the kit's own write) makes a container vanish */
    sync_("s.x", "r.x");
    flip_("s.x", "a");
    oneway_("p", "r.x");
    ts_start("{p:{y:3}}");
    APPLY("a=null", "a={x:1}", "p.x={}");
    GET("r.x", "{x:{}}");
    GET("s.x", "{x:{}}");
}
END_TEST

START_TEST(later_change_above_a_member_keeps_its_value)
{
    /* r = null changes no member (r.x was missing and stays so), yet as
     * the later change it wins over the flip the older change sends into
     * r.x: r stays null */
    flip_("q", "r.x");
    ts_start("{}");
    APPLY("q=false", "r=null");
    OUT("q=false:input; r=null:input");
    GET("r", "null");
}
END_TEST

START_TEST(vanished_member_claims_across_flips)
{
    /* r = null makes r.x vanish: nothing crosses the flip to q, but the
     * later change owns the component, so the older q's one-way copy into
     * a is not made either */
    flip_("q", "r.x");
    oneway_("q", "a");
    ts_start("{r:{x:false}}");
    APPLY("q=false", "r=null");
    OUT("q=false:input; r=null:input");
    GET("a", "missing");
}
END_TEST

START_TEST(later_change_at_the_same_path_sending_nothing)
{
    /* s = false makes s.x vanish: a gets null; the later s = null changes
     * no member (s.x stays missing), so it sends nothing and does not stop
     * the older change from sending its own */
    sync_("s.x", "a");
    ts_start("{a:{}}");
    APPLY("s=false", "s=null");
    GET("a", "null");
}
END_TEST

/* ---- §5 flip ---- */

START_TEST(flip_chain_booleans)
{
    flip_("f1", "f2");
    flip_("f2", "f3");
    ck_assert_str_eq(ts_start("{}"), "");
    APPLY("f1=true");
    OUT("f1=true:input; f2=false:flip; f3=true:flip");
}
END_TEST

START_TEST(flip_rotation)
{
    flip_("source", "target");
    ts_start("{source:\"A\",target:\"B\"}");
    APPLY("source=\"C\"");
    OUT("source=\"C\":input; target=\"A\":flip");
}
END_TEST

START_TEST(flip_rotation_nothing_when_none)
{
    flip_("source", "target");
    ts_start("{target:\"B\"}");
    APPLY("source=\"C\"");
    OUT("source=\"C\":input");
}
END_TEST

START_TEST(flip_rotation_null_passed_on)
{
    flip_("source", "target");
    ts_start("{source:null,target:\"B\"}");
    APPLY("source=\"C\"");
    OUT("source=\"C\":input; target=null:flip");
}
END_TEST

START_TEST(flip_write_below_does_not_flip)
{
    flip_("a", "b");
    ts_start("{a:{x:1},b:{x:2}}");
    APPLY("a.x=3");
    OUT("a.x=3:input");
}
END_TEST

START_TEST(flip_write_above)
{
    flip_("form.f", "g");
    ts_start("{form:{f:true},g:false}");
    APPLY("form={f:false}");
    OUT("form={f:false}:input; g=true:flip");
    APPLY("form={}"); /* vanished: nothing through flip edges */
    OUT("form={}:input");
}
END_TEST

START_TEST(flip_write_above_members_under_path)
{
    flip_("form.a", "form.b");
    ts_start("{form:{a:true,b:false}}");
    APPLY("form={a:false,b:false}");
    OUT("form={a:false,b:false}:input");
}
END_TEST

START_TEST(flip_not_reconciled_at_creation)
{
    flip_("a", "b");
    ck_assert_str_eq(ts_start("{a:true,b:true}"), "");
}
END_TEST

START_TEST(flip_mixed_with_sync)
{
    sync_("a", "b");
    flip_("b", "c");
    ts_start("{a:{},b:{},c:{}}");
    APPLY("a.x=1"); /* below a member: sync edges only */
    OUT("a.x=1:input; b.x=1:sync");
    APPLY("a=true");
    OUT("a=true:input; b=true:sync; c=false:flip");
}
END_TEST

START_TEST(flip_later_wins)
{
    flip_("a", "b");
    ts_start("{}");
    APPLY("a=true", "b=true");
    OUT("a=true:input; b=true:input; a=false:flip");
}
END_TEST

START_TEST(sync_never_writes_through_a_scalar)
{
    sync_("a", "b.c");
    ts_start("{b:5}");
    APPLY("a=1");
    OUT("a=1:input");
    GET("b", "5");
}
END_TEST

START_TEST(sync_rollback_undoes_kit_writes)
{
    sync_("a", "b");
    ts_start("{}");
    ts_fail_derived = 1; /* stage 6 fails after the kit wrote b */
    const char *const ch[] = {"a=1"};
    ck_assert_int_eq(td_apply(1, ch), RT_E_HOOK);
    GET("a", "missing");
    GET("b", "missing");
}
END_TEST

START_TEST(sync_vanished_stays_across_applies)
{
    sync_("field1", "nested.deep.value");
    ts_start("{nested:{deep:{value:\"x\"}},field1:\"x\"}");
    APPLY("nested={other:42}");
    OUT("nested={other:42}:input; field1=null:sync");
    APPLY("field1=\"z\"");
    OUT("field1=\"z\":input");
    GET("nested", "{other:42}");
    APPLY("nested.deep={}"); /* a user write recreating the parent lifts it */
    OUT("nested.deep={}:input");
    APPLY("field1=\"w\"");
    OUT("field1=\"w\":input; nested.deep.value=\"w\":sync");
}
END_TEST

START_TEST(sync_vanished_mark_rolls_back)
{
    /* A failed apply that removed a container leaves no mark: the container
     * never existed in the committed state, so a later sync creates it. */
    sync_("field1", "nested.deep.value");
    ts_start("{}");      /* nothing to vote on: nested never exists */
    ts_fail_derived = 1; /* stage 6 fails after the replacement was seen */
    const char *const ch[] = {"nested={deep:{value:\"x\"}}", "nested={other:42}"};
    ck_assert_int_eq(td_apply(2, ch), RT_E_HOOK);
    ts_fail_derived = 0;
    GET("nested", "missing");
    GET("field1", "missing");
    APPLY("field1=\"z\"");
    OUT("field1=\"z\":input; nested.deep.value=\"z\":sync");
}
END_TEST

START_TEST(sync_vanished_by_a_scalar)
{
    sync_("field1", "nested.deep.value");
    ts_start("{nested:{deep:{value:\"x\"}},field1:\"x\"}");
    APPLY("nested=\"str\"", "field1=\"y\"");
    OUT("nested=\"str\":input; field1=\"y\":input");
    APPLY("nested={deep:5}");
    APPLY("field1=\"q\"");
    OUT("field1=\"q\":input");
    GET("nested", "{deep:5}");
}
END_TEST

START_TEST(sync_vanished_exact_container)
{
    /* the replaced path is the member's parent itself */
    sync_("field1", "nested.deep.value");
    ts_start("{nested:{deep:{value:\"x\"}},field1:\"x\"}");
    APPLY("nested.deep=null");
    OUT("nested.deep=null:input; field1=null:sync");
    APPLY("field1=\"z\"");
    OUT("field1=\"z\":input");
}
END_TEST

START_TEST(sync_wildcard_below)
{
    sync_("a.*.x", "b.*.x");
    ts_start("{a:{k:{x:{}}},b:{k:{x:{}}}}");
    APPLY("a.k.x.y=1");
    OUT("a.k.x.y=1:input; b.k.x.y=1:sync");
}
END_TEST

START_TEST(oneway_above)
{
    oneway_("p.q", "r");
    ts_start("{p:{q:1},r:1}");
    APPLY("p={q:2}");
    OUT("p={q:2}:input; r=2:sync");
    APPLY("r=3");
    OUT("r=3:input");
}
END_TEST

START_TEST(oneway_flip)
{
    edge("a", "b", 1, 1, -1);
    ts_start("{}");
    APPLY("a=true");
    OUT("a=true:input; b=false:flip");
    APPLY("a=\"x\""); /* rotation: a held true */
    OUT("a=\"x\":input; b=true:flip");
}
END_TEST

START_TEST(oneway_group_enable_settles)
{
    edge("a", "b", 0, 1, 0);
    ts.n_groups = 1;
    ts.groups_on[0] = 0;
    ck_assert_str_eq(ts_start("{a:1}"), "");
    APPLY("a=2");
    OUT("a=2:input");
    ck_assert_int_eq(wp_group(0, 1), RT_OK);
    OUT("b=2:sync");
}
END_TEST

START_TEST(flip_rotation_chain)
{
    flip_("f1", "f2");
    flip_("f2", "f3");
    ts_start("{f1:\"A\",f2:\"B\",f3:\"A\"}");
    APPLY("f1=\"C\"");
    OUT("f1=\"C\":input; f2=\"A\":flip; f3=\"C\":flip");
}
END_TEST

Suite *suite_sync(void)
{
    Suite *s = suite_create("sync");
    TCase *tc = tcase_create("blob");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, blob_layout_header);
    tcase_add_test(tc, blob_static_and_wildcard_both_match);
    tcase_add_test(tc, blob_deterministic);
    tcase_add_test(tc, blob_bad_calls);
    suite_add_tcase(s, tc);
    tc = tcase_create("scale");
    tcase_set_timeout(tc, 20);
    tcase_add_test(tc, blob_many_siblings);
    suite_add_tcase(s, tc);
    tc = tcase_create("sync");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, sync_exact);
    tcase_add_test(tc, single_edit_allocates_nothing);
    tcase_add_test(tc, sync_chain_cycle_duplicates);
    tcase_add_test(tc, sync_self_does_nothing);
    tcase_add_test(tc, sync_below);
    tcase_add_test(tc, sync_every_member_above);
    tcase_add_test(tc, sync_above_sends_new_value);
    tcase_add_test(tc, sync_above_only_changed_members);
    tcase_add_test(tc, sync_above_peers_under_written_path_decided);
    tcase_add_test(tc, sync_vanished_container_stays_vanished);
    tcase_add_test(tc, sync_recreated_parent_lifts_vanished);
    tcase_add_test(tc, sync_parent_never_existed_is_created);
    tcase_add_test(tc, sync_null_not_pushed_into_missing_peer);
    tcase_add_test(tc, sync_later_change_wins);
    tcase_add_test(tc, sync_output_follows_causing_changes);
    tcase_add_test(tc, sync_later_below_changes_both_kept);
    tcase_add_test(tc, sync_later_wins_over_parent_write);
    tcase_add_test(tc, sync_wildcard_binds_by_position);
    tcase_add_test(tc, sync_wildcard_fan_out);
    tcase_add_test(tc, sync_wildcard_above);
    tcase_add_test(tc, sync_wildcard_arrays);
    tcase_add_test(tc, sync_across_components);
    tcase_add_test(tc, sync_wildcard_below);
    tcase_add_test(tc, sync_never_writes_through_a_scalar);
    tcase_add_test(tc, sync_rollback_undoes_kit_writes);
    tcase_add_test(tc, sync_vanished_stays_across_applies);
    tcase_add_test(tc, sync_vanished_mark_rolls_back);
    tcase_add_test(tc, sync_vanished_by_a_scalar);
    tcase_add_test(tc, sync_vanished_exact_container);
    suite_add_tcase(s, tc);
    tc = tcase_create("oneway");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, oneway_then_sync);
    tcase_add_test(tc, oneway_transitive_never_backwards);
    tcase_add_test(tc, oneway_below_and_above);
    tcase_add_test(tc, oneway_creation_takes_source);
    tcase_add_test(tc, oneway_creation_topological);
    tcase_add_test(tc, oneway_creation_empty_source_votes);
    tcase_add_test(tc, oneway_above);
    tcase_add_test(tc, oneway_flip);
    tcase_add_test(tc, oneway_group_enable_settles);
    suite_add_tcase(s, tc);
    tc = tcase_create("create");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, vote_value_beats_empty_string_count);
    tcase_add_test(tc, vote_tie_shallowest);
    tcase_add_test(tc, vote_most_common);
    tcase_add_test(tc, vote_ignores_nothing_counts_falsy);
    tcase_add_test(tc, vote_nothing_when_no_value);
    tcase_add_test(tc, vote_lexicographic);
    tcase_add_test(tc, vote_wildcard_per_key);
    tcase_add_test(tc, vote_flip_groups_separately);
    tcase_add_test(tc, group_disabled_edge_does_nothing);
    tcase_add_test(tc, group_switched_off_after_a_walk);
    tcase_add_test(tc, walk_taken_again_writes_the_same);
    tcase_add_test(tc, walk_taken_again_fans_out_over_new_keys);
    tcase_add_test(tc, walk_taken_again_sees_keys_added_and_rolled_back);
    tcase_add_test(tc, write_pass_walks_again_when_keys_moved);
    tcase_add_test(tc, kit_write_of_null_does_not_vanish_a_member);
    tcase_add_test(tc, later_change_above_a_member_keeps_its_value);
    tcase_add_test(tc, vanished_member_claims_across_flips);
    tcase_add_test(tc, later_change_at_the_same_path_sending_nothing);
    suite_add_tcase(s, tc);
    tc = tcase_create("flip");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, flip_chain_booleans);
    tcase_add_test(tc, flip_rotation);
    tcase_add_test(tc, flip_rotation_nothing_when_none);
    tcase_add_test(tc, flip_rotation_null_passed_on);
    tcase_add_test(tc, flip_write_below_does_not_flip);
    tcase_add_test(tc, flip_write_above);
    tcase_add_test(tc, flip_write_above_members_under_path);
    tcase_add_test(tc, flip_not_reconciled_at_creation);
    tcase_add_test(tc, flip_mixed_with_sync);
    tcase_add_test(tc, flip_later_wins);
    tcase_add_test(tc, flip_rotation_chain);
    suite_add_tcase(s, tc);
    return s;
}
