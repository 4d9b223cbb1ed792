/* t_listen.c — the listener kit (kits/listener_kit.c) against semantics.md
 * §11, sentence by sentence.  Each test declares listeners by path text
 * ("legs.*.price": `*` is a [*] segment) in plan order, which tl_start lays
 * out with tables_build and listener_build exactly as wpc would, then plays
 * the hooks by forwarding to the kits: path_class and plan.
 *
 * Dispatches render as td_out shows them: `L<listener>@<scope>/<topic>`,
 * `[keys]`, then the input changes, `+` marking one strictly below the
 * scope (the host cuts the scope off its path). */
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "kits/listener_kit.h"
#include "kits/sync_kit.h"
#include "listener_build.h"
#include "rt_api.h"
#include "rt_group.h"
#include "suites.h"
#include "tables_build.h"
#include "td.h"

#define TL_MAX 64

static struct {
    char atom_text[TL_MAX][32];
    int32_t n_atoms;
    int32_t pat_parent[TL_MAX], pat_kind[TL_MAX], pat_atom[TL_MAX];
    int32_t n_pats;
    struct {
        int32_t scope, group, topics[4], n_topics;
    } lis[TL_MAX];
    int32_t n_lis;
    uint8_t groups_on[1];
    uint32_t n_groups;
    uint32_t offsets[TL_MAX + 1];
    char bytes[TL_MAX * 32];
    rt_app app;
    uint8_t *tb, *lt;
} tl;

static int32_t tl_atom(const char *text, size_t len)
{
    for (int32_t i = 0; i < tl.n_atoms; i++)
        if (strlen(tl.atom_text[i]) == len && !memcmp(tl.atom_text[i], text, len)) return i;
    ck_assert_int_lt(tl.n_atoms, TL_MAX);
    memcpy(tl.atom_text[tl.n_atoms], text, len);
    tl.atom_text[tl.n_atoms][len] = 0;
    return tl.n_atoms++;
}

/* The pattern of a dot-joined text, created with its ancestors; "" is the root. */
static int32_t tl_pat(const char *text)
{
    int32_t parent = 0;
    for (const char *s = text; *s;) {
        const char *dot = strchr(s, '.');
        size_t len = dot ? (size_t)(dot - s) : strlen(s);
        int32_t kind = (len == 1 && *s == '*') ? TB_SEG_WILD : (*s >= '0' && *s <= '9') ? TB_SEG_INDEX : TB_SEG_KEY;
        int32_t atom = kind == TB_SEG_WILD ? -1 : tl_atom(s, len);
        int32_t found = 0;
        for (int32_t p = 1; p <= tl.n_pats && !found; p++)
            if (tl.pat_parent[p] == parent && tl.pat_kind[p] == kind && tl.pat_atom[p] == atom) found = p;
        if (!found) {
            ck_assert_int_lt(tl.n_pats + 1, TL_MAX);
            found = ++tl.n_pats;
            tl.pat_parent[found] = parent;
            tl.pat_kind[found] = kind;
            tl.pat_atom[found] = atom;
        }
        parent = found;
        s += len + (dot ? 1 : 0);
    }
    return parent;
}

/* listen <topics…> scope <scope> (group g, -1: none); declared in plan order. */
static void listen_(const char *scope, int32_t group, int n, const char *const *topics)
{
    int32_t l = tl.n_lis++;
    tl.lis[l].scope = tl_pat(scope);
    tl.lis[l].group = group;
    tl.lis[l].n_topics = n;
    for (int i = 0; i < n; i++) tl.lis[l].topics[i] = tl_pat(topics[i]);
}
#define LISTEN(scope, ...)                                                                                             \
    do {                                                                                                               \
        const char *const t_[] = {__VA_ARGS__};                                                                        \
        listen_(scope, -1, (int)(sizeof t_ / sizeof *t_), t_);                                                         \
    } while (0)
#define LISTEN_ROOT() listen_("", -1, 0, NULL)

static const rt_app *app_fn(void) { return &tl.app; }
static int32_t class_fn(int32_t pc, int32_t atom) { return rt_kit_class(tl.tb, pc, atom); }
static int32_t container_fn(int32_t cls) { return rt_kit_container(tl.tb, cls); }
static int32_t plan_fn(int32_t begin, int32_t end) { return rt_kit_listen_plan(tl.tb, tl.lt, begin, end); }

static void tl_layout(void)
{
    int32_t concerns = tl_atom("_concerns", 9);
    tb_builder *b = tb_init();
    ck_assert_ptr_nonnull(b);
    for (int32_t p = 1; p <= tl.n_pats; p++)
        ck_assert_int_eq(tb_pattern(b, tl.pat_parent[p], (uint32_t)tl.pat_kind[p], tl.pat_atom[p]), p);
    uint32_t len = 0;
    const uint8_t *bytes = tb_finish(b, &len);
    ck_assert_ptr_nonnull(bytes);
    tl.tb = malloc(len);
    memcpy(tl.tb, bytes, len);
    tb_free(b);

    lt_builder *lb = lt_init(tl.tb, concerns);
    ck_assert_ptr_nonnull(lb);
    for (int32_t l = 0; l < tl.n_lis; l++) {
        ck_assert_int_eq(lt_listener(lb, tl.lis[l].scope, tl.lis[l].group), l);
        for (int32_t t = 0; t < tl.lis[l].n_topics; t++) ck_assert_int_ge(lt_topic(lb, l, tl.lis[l].topics[t]), 0);
    }
    const uint8_t *lbytes = lt_finish(lb, &len);
    ck_assert_ptr_nonnull(lbytes);
    tl.lt = malloc(len);
    memcpy(tl.lt, lbytes, len);
    lt_free(lb);

    uint32_t off = 0;
    for (int32_t i = 0; i < tl.n_atoms; i++) {
        tl.offsets[i] = off;
        memcpy(tl.bytes + off, tl.atom_text[i], strlen(tl.atom_text[i]));
        off += (uint32_t)strlen(tl.atom_text[i]);
    }
    tl.offsets[tl.n_atoms] = off;
    tl.app = (rt_app){RT_ABI_VERSION,
                      (uint32_t)tl.n_atoms,
                      tl.offsets,
                      (const uint8_t *)tl.bytes,
                      0,
                      NULL,
                      tl.n_groups,
                      tl.n_groups ? tl.groups_on : NULL,
                      0,
                      0};
    td.app_fn = app_fn;
    td.path_class_fn = class_fn;
    td.container_fn = container_fn;
    td.plan_fn = plan_fn;
}

static void tl_start(const char *state)
{
    tl_layout();
    ck_assert_int_eq(td_create(state), RT_OK);
}

static void tl_reset(void)
{
    td_reset();
    free(tl.tb);
    free(tl.lt);
    memset(&tl, 0, sizeof tl);
}

/* Applies the changes (a NULL-terminated list) and returns the output; the
 * apply stays open when it planned dispatches, and the next PLAN rolls it
 * back, so every PLAN starts from the state tl_start created. */
static const char *plan(const char *const *changes)
{
    wp_rollback();
    int n = 0;
    while (changes[n]) n++;
    td_apply(n, changes);
    return td_out();
}
#define PLAN(...) plan((const char *const[]){__VA_ARGS__, NULL})
#define EXPECT(plan_text, expected) ck_assert_str_eq(plan_text, expected)

static void setup(void) { tl_reset(); }
static void teardown(void) { tl_reset(); }

/* ---- the touch relation ---- */

START_TEST(a_change_touches_its_topic_at_below_and_above)
{
    LISTEN("user.profile", "user.profile");
    tl_start("{user:{profile:{name:\"a\"},username:\"u\"},other:1}");
    EXPECT(PLAN("user.profile=1"), "user.profile=1:input | L0@user.profile/user.profile(0)");
    EXPECT(PLAN("user.profile.name=\"b\""), "user.profile.name=\"b\":input | L0@user.profile/user.profile(0+)");
    EXPECT(PLAN("user={}"), "user={}:input | L0@user.profile/user.profile(0)");
    EXPECT(PLAN("other=2", "user.username=\"v\""), "other=2:input; user.username=\"v\":input");
}
END_TEST

START_TEST(user_is_not_an_ancestor_of_username)
{
    LISTEN("user", "user");
    tl_start("{user:{},username:\"u\"}");
    EXPECT(PLAN("username=\"v\""), "username=\"v\":input");
}
END_TEST

START_TEST(the_root_listener_hears_every_state_change_never_concerns)
{
    LISTEN_ROOT();
    tl_start("{}");
    EXPECT(PLAN("a=1", "_concerns.a.x=true", "b.c=2"),
           "a=1:input; _concerns.a.x=true:input; b.c=2:input | L0@(root)/(root)(0,2)");
}
END_TEST

START_TEST(several_paths_one_dispatch_each_change_once)
{
    LISTEN("", "user.email", "user.phone");
    tl_start("{user:{email:\"\",phone:\"\"}}");
    EXPECT(PLAN("user.phone=\"1\"", "x=1", "user.email=\"e\""),
           "user.phone=\"1\":input; x=1:input; user.email=\"e\":input | L0@(root)/user.email(0,2)");
    /* a write above both touches through both topics: one input */
    EXPECT(PLAN("user={}"), "user={}:input | L0@(root)/user.email(0)");
}
END_TEST

START_TEST(plan_order_is_the_rank_deeper_topics_first)
{
    /* declared in plan order: a.b.c (depth 3), a.b scope a.b, a.b scope a, root */
    LISTEN("a.b.c", "a.b.c");
    LISTEN("a.b", "a.b");
    LISTEN("a", "a.b");
    LISTEN_ROOT();
    tl_start("{a:{b:{c:0}}}");
    EXPECT(PLAN("a.b.c=1"), "a.b.c=1:input | L0@a.b.c/a.b.c(0) | L1@a.b/a.b(0+) | L2@a/a.b(0+) | L3@(root)/(root)(0)");
}
END_TEST

START_TEST(listeners_run_once_per_apply_across_rounds)
{
    LISTEN("a", "a");
    tl_start("{a:0}");
    EXPECT(PLAN("a=1"), "a=1:input | L0@a/a(0)");
    td_batch b;
    const char *out[] = {"a=2"};
    td_changes(&b, 1, out);
    ck_assert_int_eq(wp_continue(td_send(&b)), RT_OK);
    ck_assert_str_eq(td_out(), "a=2:input");
}
END_TEST

START_TEST(a_disabled_group_plans_nothing)
{
    tl.n_groups = 1;
    tl.groups_on[0] = 0; /* starts off */
    const char *t[] = {"a"};
    listen_("a", 0, 1, t);
    tl_start("{a:0}");
    EXPECT(PLAN("a=1"), "a=1:input");
    ck_assert_int_eq(wp_group(0, 1), RT_OK);
    EXPECT(PLAN("a=2"), "a=2:input | L0@a/a(0)");
}
END_TEST

/* ---- wildcards ---- */

START_TEST(a_wildcard_listener_is_one_listener_per_key)
{
    LISTEN("legs.*", "legs.*");
    tl_start("{legs:{k1:{price:1},k2:{price:2}}}");
    EXPECT(PLAN("legs.k2.price=3", "legs.k1.price=4", "legs.k2.qty=1"),
           "legs.k2.price=3:input; legs.k1.price=4:input; legs.k2.qty=1:input | "
           "L0@legs.k2/legs.k2[k2](0+,2+) | L0@legs.k1/legs.k1[k1](1+)");
}
END_TEST

START_TEST(a_write_above_touches_the_keys_present_before_or_after_in_key_order)
{
    LISTEN("legs.*", "legs.*");
    tl_start("{legs:{k1:1,k2:2,k3:3}}");
    EXPECT(PLAN("legs={k3:3,k4:4,k1:1}"),
           "legs={k3:3,k4:4,k1:1}:input | L0@legs.k3/legs.k3[k3](0) | L0@legs.k4/legs.k4[k4](0) | "
           "L0@legs.k1/legs.k1[k1](0) | L0@legs.k2/legs.k2[k2](0)");
    EXPECT(PLAN("legs=[5,6]"), "legs=[5,6]:input | L0@legs.0/legs.0[0](0) | L0@legs.1/legs.1[1](0) | "
                               "L0@legs.k1/legs.k1[k1](0) | L0@legs.k2/legs.k2[k2](0) | L0@legs.k3/legs.k3[k3](0)");
}
END_TEST

START_TEST(keys_are_ordered_by_first_touch_within_the_listeners_rank)
{
    LISTEN("legs.*.price", "legs.*.price");
    LISTEN("legs.*", "legs.*");
    tl_start("{legs:{a:{price:1},b:{price:1}}}");
    EXPECT(PLAN("legs.b.price=2", "legs.a={price:3}"),
           "legs.b.price=2:input; legs.a={price:3}:input | L0@legs.b.price/legs.b.price[b](0) | "
           "L0@legs.a.price/legs.a.price[a](1) | L1@legs.b/legs.b[b](0+) | L1@legs.a/legs.a[a](1)");
}
END_TEST

START_TEST(a_scope_wildcard_binds_by_position)
{
    LISTEN("cart.lines.*", "cart.lines.*.qty");
    tl_start("{cart:{lines:{x:{qty:1},y:{qty:1}}}}");
    EXPECT(PLAN("cart.lines.y.qty=2"), "cart.lines.y.qty=2:input | L0@cart.lines.y/cart.lines.y.qty[y](0+)");
    EXPECT(PLAN("cart.lines={x:{qty:5}}"), "cart.lines={x:{qty:5}}:input | L0@cart.lines.x/cart.lines.x.qty[x](0) | "
                                           "L0@cart.lines.y/cart.lines.y.qty[y](0)");
}
END_TEST

START_TEST(a_write_at_a_missing_wildcard_level_touches_no_key)
{
    LISTEN("legs.*", "legs.*");
    tl_start("{legs:{}}");
    EXPECT(PLAN("legs=7"), "legs=7:input");
}
END_TEST

START_TEST(keys_holding_a_dot_are_one_key)
{
    LISTEN("legs.*", "legs.*");
    tl_start("{legs:{}}");
    td_batch b;
    td_begin(&b, 1);
    td_path_text(&b, "legs");
    td_byte(&b, 7); /* an object with one member "x.y": 1 */
    td_varint(&b, 1);
    td_varint(&b, 3);
    td_bytes(&b, "x.y", 3);
    td_num(&b, 1);
    td_end_change(&b, RT_TAG_INPUT, -1);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "legs={x.y:1}:input | L0@legs.x.y/legs.x.y[x.y](0)");
}
END_TEST

START_TEST(several_paths_with_different_wildcards_bind_the_common_keys)
{
    /* legs[*].price binds one key, settings.currency none: one listener */
    LISTEN("", "legs.*.price", "settings.currency");
    tl_start("{legs:{a:{price:1}},settings:{currency:\"EUR\"}}");
    EXPECT(PLAN("legs.a.price=2"), "legs.a.price=2:input | L0@(root)/legs(0)");
    EXPECT(PLAN("settings.currency=\"USD\""), "settings.currency=\"USD\":input | L0@(root)/legs(0)");
}
END_TEST

/* ---- routing the outputs of a round's listeners to the later dispatches ---- */

START_TEST(routing_adds_earlier_outputs_to_later_dispatches)
{
    LISTEN("a.b", "a.b");
    LISTEN("a", "a");
    LISTEN("legs.*", "legs.*");
    tl_start("{a:{b:0},legs:{k1:0,k2:0}}");
    EXPECT(PLAN("a.b=1", "legs.k1=1"),
           "a.b=1:input; legs.k1=1:input | L0@a.b/a.b(0) | L1@a/a(0+) | L2@legs.k1/legs.k1[k1](1)");
    td_batch b;
    /* L0 returned a.c (touches L1 below its scope), legs (touches k1 above, k2 has no dispatch), a.b (L0 ran) */
    const char *outs[] = {"a.c=1", "legs={k1:5,k2:6}", "a.b=3"};
    td_begin(&b, 3);
    for (int i = 0; i < 3; i++) {
        const char *eq = strchr(outs[i], '=');
        char path[32];
        memcpy(path, outs[i], (size_t)(eq - outs[i]));
        path[eq - outs[i]] = 0;
        td_path_text(&b, path);
        td_value(&b, eq + 1);
        td_end_change(&b, RT_TAG_LISTENERS, -1);
    }
    ck_assert_int_eq(wp_route(1, td_send(&b)), RT_OK);
    /* legs is above L2's wildcard: its routes come from its keys (V1) */
    ck_assert_str_eq(td_out(), "R1<0+ | R2<1 | R1<2+ | V1");
    ck_assert_str_eq(td_get("a"), "{b:1}");
}
END_TEST

Suite *suite_listen(void)
{
    Suite *s = suite_create("listen");
    TCase *tc = tcase_create("listen");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, a_change_touches_its_topic_at_below_and_above);
    tcase_add_test(tc, user_is_not_an_ancestor_of_username);
    tcase_add_test(tc, the_root_listener_hears_every_state_change_never_concerns);
    tcase_add_test(tc, several_paths_one_dispatch_each_change_once);
    tcase_add_test(tc, plan_order_is_the_rank_deeper_topics_first);
    tcase_add_test(tc, listeners_run_once_per_apply_across_rounds);
    tcase_add_test(tc, a_disabled_group_plans_nothing);
    tcase_add_test(tc, a_wildcard_listener_is_one_listener_per_key);
    tcase_add_test(tc, a_write_above_touches_the_keys_present_before_or_after_in_key_order);
    tcase_add_test(tc, keys_are_ordered_by_first_touch_within_the_listeners_rank);
    tcase_add_test(tc, a_scope_wildcard_binds_by_position);
    tcase_add_test(tc, a_write_at_a_missing_wildcard_level_touches_no_key);
    tcase_add_test(tc, keys_holding_a_dot_are_one_key);
    tcase_add_test(tc, several_paths_with_different_wildcards_bind_the_common_keys);
    tcase_add_test(tc, routing_adds_earlier_outputs_to_later_dispatches);
    suite_add_tcase(s, tc);
    return s;
}
