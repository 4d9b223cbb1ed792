/* t_diff.c — rt_diff: the leaf-level changes between an old and a new
 * subtree, in the defined order (new keys in order, then removed old keys),
 * with semantics.md §1 equality (undefined = missing, NaN = NaN, -0 = 0, key
 * order ignored). Values are written as td.h's compact text. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt_api.h"
#include "rt_atom.h"
#include "rt_codec.h"
#include "rt_diff.h"
#include "rt_path.h"
#include "suites.h"
#include "td.h"

static td_batch vb;

/* A value from compact text ("missing" = NULL), in the scratch arena. */
static rt_node *V(const char *text)
{
    if (!strcmp(text, "missing")) return NULL;
    vb.len = 0;
    td_value(&vb, text);
    rt_reader r = {vb.buf, vb.buf + vb.len, RT_SPACE_ARENA};
    int32_t st = RT_OK;
    rt_node *n = rt_decode_value(&r, RT_MAX_DEPTH, &st);
    ck_assert_ptr_nonnull(n); /* success is a node; st is meaningful only on failure */
    return n;
}

static char out[4096];

static void put(const char *s) { strncat(out, s, sizeof out - strlen(out) - 1); }

static void render(const rt_node *v)
{
    char buf[64];
    if (!v) return put("missing");
    switch (v->kind) {
    case RT_KIND_UNDEFINED: put("undef"); break;
    case RT_KIND_NULL: put("null"); break;
    case RT_KIND_BOOL: put(v->u.truth ? "true" : "false"); break;
    case RT_KIND_NUMBER:
        if (isnan(v->u.num))
            snprintf(buf, sizeof buf, "nan");
        else
            snprintf(buf, sizeof buf, "%g", v->u.num);
        put(buf);
        break;
    case RT_KIND_STRING:
        put("\"");
        strncat(out, (const char *)rt_node_bytes(v), v->u.str.len);
        put("\"");
        break;
    case RT_KIND_ARRAY:
        put("[");
        for (uint32_t i = 0; i < v->u.arr.len; i++) {
            if (i) put(",");
            render(v->u.arr.items[i]);
        }
        put("]");
        break;
    default:
        put("{");
        for (const rt_node *m = v->u.obj.first; m; m = m->next) {
            if (m != v->u.obj.first) put(",");
            strncat(out, (const char *)rt_atom_bytes(m->key), (size_t)rt_atom_len(m->key));
            put(":");
            render(m);
        }
        put("}");
    }
}

/* "path:old>new; ..." for diffing `old` against `now` at `base`. */
static const char *D(const char *base, const char *old, const char *now)
{
    int32_t path = rt_path_parse((const uint8_t *)base, (int32_t)strlen(base));
    ck_assert_int_ge(path, 0);
    int32_t n = rt_diff(path, V(old), V(now));
    ck_assert_int_ge(n, 0);
    out[0] = 0;
    for (int32_t i = 0; i < n; i++) {
        uint8_t text[512];
        int32_t p = rt_diff_path(i), len = rt_path_text_len(p);
        rt_path_text(p, text);
        text[len] = 0;
        if (i) put("; ");
        put(len ? (const char *)text : "(root)");
        put(":");
        render(rt_diff_old(i));
        put(">");
        render(rt_diff_new(i));
    }
    return out;
}

START_TEST(diff_equal_is_empty)
{
    ck_assert_str_eq(D("a", "{x:1,y:[1,2]}", "{y:[1,2],x:1}"), ""); /* key order ignored */
    ck_assert_str_eq(D("a", "{k:undef}", "{}"), "");                /* undefined = missing */
    ck_assert_str_eq(D("a", "undef", "missing"), "");
    ck_assert_str_eq(D("a", "nan", "nan"), "");
    ck_assert_str_eq(D("a", "-0", "0"), "");
    ck_assert_str_eq(D("a", "{n:nan,z:-0}", "{z:0,n:nan}"), "");
}
END_TEST

START_TEST(diff_scalars)
{
    ck_assert_str_eq(D("a", "1", "2"), "a:1>2");
    ck_assert_str_eq(D("a", "1", "\"1\""), "a:1>\"1\"");
    ck_assert_str_eq(D("a", "missing", "null"), "a:missing>null");
    ck_assert_str_eq(D("a", "null", "undef"), "a:null>undef");
    ck_assert_int_eq(rt_diff_path(5), -1);
    ck_assert_ptr_null(rt_diff_old(-1));
}
END_TEST

START_TEST(diff_nested_objects_order)
{
    ck_assert_str_eq(D("a", "{p:1,q:{r:1,s:2},gone:3,t:4}", "{t:5,q:{s:3,r:1,u:6},p:1}"),
                     "a.t:4>5; a.q.s:2>3; a.q.u:missing>6; a.gone:3>missing");
}
END_TEST

START_TEST(diff_removed_keys_in_old_order)
{
    ck_assert_str_eq(D("a", "{x:1,y:{z:2},w:3}", "{}"), "a.x:1>missing; a.y.z:2>missing; a.w:3>missing");
    ck_assert_str_eq(D("a", "missing", "{x:{y:1},z:[]}"), "a.x.y:missing>1; a.z:missing>[]");
}
END_TEST

START_TEST(diff_arrays_of_different_length)
{
    ck_assert_str_eq(D("a", "[1,2,3]", "[1,5]"), "a.1:2>5; a.2:3>missing");
    ck_assert_str_eq(D("a", "[1]", "[1,{k:2},3]"), "a.1.k:missing>2; a.2:missing>3");
    ck_assert_str_eq(D("a", "[]", "[]"), "");
}
END_TEST

START_TEST(diff_shape_changes)
{
    ck_assert_str_eq(D("a", "5", "{x:1}"), "a:5>{x:1}; a.x:missing>1");
    ck_assert_str_eq(D("a", "{x:1}", "5"), "a:{x:1}>5; a.x:1>missing");
    ck_assert_str_eq(D("a", "{}", "{x:1}"), "a.x:missing>1"); /* same kind: members only */
    ck_assert_str_eq(D("a", "{0:1}", "[1,2]"), "a:{0:1}>[1,2]; a.1:missing>2");
    ck_assert_str_eq(D("a", "{x:1}", "[]"), "a:{x:1}>[]; a.x:1>missing");
}
END_TEST

START_TEST(diff_root_and_change) { ck_assert_str_eq(D("", "{a:1}", "{a:2,b:true}"), "a:1>2; b:missing>true"); }
END_TEST

/* rt_diff_change from inside a round: the change's old value is the
 * replaced subtree, alive until commit. */
static char seen[sizeof out];

static int32_t diff_stage(int32_t stage, int32_t begin, int32_t end)
{
    if (stage != RT_STAGE_SYNC_FLIP || begin == end) return RT_OK;
    int32_t n = rt_diff_change(begin);
    out[0] = 0;
    for (int32_t i = 0; i < n; i++) {
        uint8_t text[512];
        int32_t p = rt_diff_path(i), len = rt_path_text_len(p);
        rt_path_text(p, text);
        text[len] = 0;
        if (i) put("; ");
        put((const char *)text);
        put(":");
        render(rt_diff_old(i));
        put(">");
        render(rt_diff_new(i));
    }
    snprintf(seen, sizeof seen, "%s", out);
    return rt_diff_change(end) == RT_E_HOOK ? RT_OK : RT_E_HOOK; /* out of range */
}

START_TEST(diff_of_a_change)
{
    td.stage_fn = diff_stage;
    ck_assert_int_eq(td_create("{a:{x:1,y:2,w:0}}"), RT_OK);
    const char *const ch[] = {"a={x:1,y:3,z:4}"};
    ck_assert_int_eq(td_apply(1, ch), RT_OK);
    ck_assert_str_eq(seen, "a.y:2>3; a.z:missing>4; a.w:0>missing");
}
END_TEST

Suite *suite_diff(void)
{
    Suite *s = suite_create("diff");
    TCase *tc = tcase_create("diff");
    tcase_add_checked_fixture(tc, fixture_started, fixture_down);
    tcase_add_test(tc, diff_equal_is_empty);
    tcase_add_test(tc, diff_scalars);
    tcase_add_test(tc, diff_nested_objects_order);
    tcase_add_test(tc, diff_removed_keys_in_old_order);
    tcase_add_test(tc, diff_arrays_of_different_length);
    tcase_add_test(tc, diff_shape_changes);
    tcase_add_test(tc, diff_root_and_change);
    suite_add_tcase(s, tc);
    tc = tcase_create("change");
    tcase_add_checked_fixture(tc, fixture_fresh, fixture_down);
    tcase_add_test(tc, diff_of_a_change);
    suite_add_tcase(s, tc);
    return s;
}
