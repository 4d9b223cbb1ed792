/* t_value.c — values and deep equality (semantics.md §1): kinds, SameValueZero,
 * typed comparison, key order ignored, missing == undefined, object indexes
 * and arrays, copies and the nesting bound. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt_arena.h"
#include "rt_atom.h"
#include "rt_value.h"
#include "suites.h"

static int32_t A(const char *s) { return rt_atom_intern((const uint8_t *)s, (int32_t)strlen(s)); }
static rt_node *num(double d) { return rt_node_num(RT_SPACE_ARENA, d); }
static rt_node *str(const char *s) { return rt_node_str(RT_SPACE_ARENA, (const uint8_t *)s, (uint32_t)strlen(s)); }
static rt_node *obj(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT); }
static rt_node *arr(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_ARRAY); }
static rt_node *undef(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_UNDEFINED); }
static rt_node *null(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_NULL); }
static void put(rt_node *o, const char *k, rt_node *v) { ck_assert_int_eq(rt_obj_put(o, A(k), v, NULL), RT_OK); }

START_TEST(numbers_same_value_zero)
{
    ck_assert(rt_node_equal(num(NAN), num(NAN)));
    ck_assert(rt_node_equal(num(-0.0), num(0.0)));
    ck_assert(rt_node_equal(num(25.0), num(25)));
    ck_assert(!rt_node_equal(num(1), num(1.0000000000000002)));
    ck_assert(rt_node_equal(num(INFINITY), num(INFINITY)));
    ck_assert(!rt_node_equal(num(INFINITY), num(-INFINITY)));
}
END_TEST

START_TEST(typed_equality)
{
    ck_assert(!rt_node_equal(num(1), str("1")));
    ck_assert(!rt_node_equal(rt_node_bool(RT_SPACE_ARENA, 1), num(1)));
    ck_assert(!rt_node_equal(null(), undef()));
    ck_assert(!rt_node_equal(null(), NULL));
    ck_assert(rt_node_equal(undef(), NULL)); /* missing behaves as undefined */
    ck_assert(!rt_node_equal(str(""), NULL));
    ck_assert(!rt_node_equal(num(0), rt_node_bool(RT_SPACE_ARENA, 0)));
    ck_assert(rt_node_equal(str("héllo"), str("héllo")));
    ck_assert(!rt_node_equal(str("ab"), str("abc")));
    ck_assert(!rt_node_equal(obj(), arr()));
}
END_TEST

START_TEST(objects_ignore_key_order_and_undefined_members)
{
    rt_node *a = obj(), *b = obj();
    put(a, "x", num(1));
    put(a, "y", str("s"));
    put(b, "y", str("s"));
    put(b, "x", num(1));
    ck_assert(rt_node_equal(a, b));
    rt_node *c = obj();
    put(c, "k", undef());
    ck_assert(rt_node_equal(c, obj())); /* {k: undefined} equals {} */
    ck_assert(rt_node_equal(obj(), c));
    put(b, "z", undef());
    ck_assert(rt_node_equal(a, b));
    put(b, "w", null());
    ck_assert(!rt_node_equal(a, b)); /* null is a value */
    rt_node *d = obj(), *e = obj();
    put(d, "x", num(1));
    put(e, "y", num(1));
    ck_assert(!rt_node_equal(d, e));
}
END_TEST

START_TEST(arrays_element_by_element)
{
    rt_node *a = arr(), *b = arr();
    rt_arr_push(a, num(1));
    rt_arr_push(a, num(NAN));
    rt_arr_push(b, num(1));
    ck_assert(!rt_node_equal(a, b));
    rt_arr_push(b, num(NAN));
    ck_assert(rt_node_equal(a, b));
    rt_node *c = arr(), *d = arr();
    rt_arr_push(c, undef());
    ck_assert(!rt_node_equal(c, d)); /* [undefined] is not [] */
    rt_node *e = arr(), *f = arr();
    rt_arr_push(e, num(1));
    rt_arr_push(e, num(2));
    rt_arr_push(f, num(2));
    rt_arr_push(f, num(1));
    ck_assert(!rt_node_equal(e, f)); /* order matters in arrays */
}
END_TEST

START_TEST(nested_values)
{
    rt_node *a = obj(), *b = obj(), *ai = obj(), *bi = obj();
    put(ai, "deep", num(-0.0));
    put(bi, "deep", num(0.0));
    put(a, "inner", ai);
    put(b, "inner", bi);
    ck_assert(rt_node_equal(a, b));
    put(bi, "more", num(1));
    ck_assert(!rt_node_equal(a, b)); /* a child write is seen (no cached hashes) */
}
END_TEST

START_TEST(large_object_index_keeps_order_and_lookup)
{
    rt_node *o = obj();
    char key[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        put(o, key, num(i));
    }
    ck_assert_uint_eq(rt_obj_count(o), 1000);
    ck_assert_uint_eq(o->aux & RT_OBJ_INDEXED, RT_OBJ_INDEXED);
    for (int i = 0; i < 1000; i += 7) {
        snprintf(key, sizeof key, "k%d", i);
        ck_assert_double_eq(rt_obj_get(o, A(key))->u.num, i);
    }
    /* remove every third key, the rest keep their order and stay findable */
    for (int i = 0; i < 1000; i += 3) {
        snprintf(key, sizeof key, "k%d", i);
        ck_assert_ptr_nonnull(rt_obj_remove(o, A(key), NULL));
    }
    int expect = 1;
    for (rt_node *m = o->u.obj.first; m; m = m->next) {
        ck_assert_double_eq(m->u.num, expect);
        expect += expect % 3 == 1 ? 1 : 2;
    }
    for (int i = 0; i < 1000; i++) {
        snprintf(key, sizeof key, "k%d", i);
        rt_node *m = rt_obj_get(o, A(key));
        if (i % 3 == 0)
            ck_assert_ptr_null(m);
        else
            ck_assert_double_eq(m->u.num, i);
    }
    /* replacing keeps the place */
    rt_node *old;
    put(o, "k1", str("x"));
    ck_assert_int_eq(rt_obj_put(o, A("k2"), str("y"), &old), RT_OK);
    ck_assert_double_eq(old->u.num, 2);
    ck_assert_int_eq(o->u.obj.first->kind, RT_KIND_STRING);
    ck_assert_int_eq(o->u.obj.first->next->kind, RT_KIND_STRING);
}
END_TEST

/* Below RT_OBJ_INDEX_MIN members an object has no index (a scan finds a
 * member); the member after that builds one, and removing members again
 * keeps it (rollback relinks without memory) while order, lookup,
 * replacement in place and insertion at the end behave the same on both
 * sides of the threshold. A copy of the shrunk object is small again. */
START_TEST(object_crosses_index_threshold_both_ways)
{
    rt_node *o = obj();
    char key[16];
    for (unsigned i = 0; i < RT_OBJ_INDEX_MIN; i++) {
        snprintf(key, sizeof key, "m%u", i);
        put(o, key, num(i));
    }
    ck_assert_uint_eq(o->aux & RT_OBJ_INDEXED, 0);
    ck_assert_double_eq(rt_obj_get(o, A("m7"))->u.num, 7);
    ck_assert_ptr_null(rt_obj_get(o, A("absent")));
    put(o, "past", num(99));
    ck_assert_uint_eq(o->aux & RT_OBJ_INDEXED, RT_OBJ_INDEXED);
    ck_assert_uint_eq(rt_obj_count(o), RT_OBJ_INDEX_MIN + 1u);
    /* shrink to three members: m1, m4, past (insertion order kept) */
    for (unsigned i = 0; i < RT_OBJ_INDEX_MIN; i++) {
        if (i == 1 || i == 4) continue;
        snprintf(key, sizeof key, "m%u", i);
        ck_assert_ptr_nonnull(rt_obj_remove(o, A(key), NULL));
    }
    ck_assert_uint_eq(rt_obj_count(o), 3);
    ck_assert_uint_eq(o->aux & RT_OBJ_INDEXED, RT_OBJ_INDEXED); /* indexes never shrink */
    const char *want[] = {"m1", "m4", "past", "m0"};
    put(o, "m4", str("again")); /* replaced in place */
    put(o, "m0", num(0));       /* a removed key comes back at the end */
    int at = 0;
    for (rt_node *m = o->u.obj.first; m; m = m->next, at++) ck_assert_int_eq(m->key, A(want[at]));
    ck_assert_int_eq(at, 4);
    ck_assert_int_eq(rt_obj_get(o, A("m4"))->kind, RT_KIND_STRING);
    ck_assert_ptr_null(rt_obj_get(o, A("m2")));
    /* the prev link rollback uses: remove the middle member, relink it where it was */
    rt_node *prev = NULL, *m4 = rt_obj_remove(o, A("m4"), &prev);
    ck_assert_int_eq(prev->key, A("m1"));
    rt_obj_relink(o, prev, m4);
    at = 0;
    for (rt_node *m = o->u.obj.first; m; m = m->next, at++) ck_assert_int_eq(m->key, A(want[at]));
    int32_t st = RT_OK;
    rt_node *c = rt_node_copy(o, RT_SPACE_ARENA, 4, &st);
    ck_assert_uint_eq(c->aux & RT_OBJ_INDEXED, 0);
    ck_assert(rt_node_equal(c, o));
    at = 0;
    for (rt_node *m = c->u.obj.first; m; m = m->next, at++) ck_assert_int_eq(m->key, A(want[at]));
}
END_TEST

/* The member list's links (forward ending in NULL, back links circular:
 * the first member's prev is the last) against a model array, through
 * puts, replacements, removals and rollback-style relinks at the front, the
 * end and the middle, on both sides of the index threshold. */
static void check_members(const rt_node *o, const int32_t *model, int n)
{
    ck_assert_uint_eq(rt_obj_count(o), (uint32_t)n);
    const rt_node *m = o->u.obj.first, *prev = n ? rt_obj_last(o) : NULL;
    for (int i = 0; i < n; i++, prev = m, m = m->next) {
        ck_assert_int_eq(m->key, model[i]);
        ck_assert_ptr_eq(m->prev, i == 0 ? rt_obj_last(o) : prev);
        ck_assert_ptr_eq(rt_obj_get(o, model[i]), m);
    }
    ck_assert_ptr_null(m);
    if (n) ck_assert_int_eq(rt_obj_last(o)->key, model[n - 1]);
}

START_TEST(member_links_follow_a_model)
{
    rt_node *o = obj();
    int32_t model[64];
    int n = 0, max_n = 0;
    uint32_t seed = 12345;
    char key[8];
    for (int step = 0; step < 4000; step++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t r = seed >> 8;
        snprintf(key, sizeof key, "k%u", r % 40u);
        int32_t k = A(key);
        int at = -1;
        for (int i = 0; i < n; i++)
            if (model[i] == k) at = i;
        switch ((r >> 8) % 5u) {
        case 0:
        case 1:
        case 2: /* put: replace in place, or append */
            put(o, key, num(step));
            if (at < 0) model[n++] = k;
            break;
        case 3: { /* remove and, half the time, relink where it was (rollback) */
            rt_node *prev = NULL, *m = rt_obj_remove(o, k, &prev);
            ck_assert(at < 0 ? m == NULL : m != NULL);
            if (at < 0) break;
            ck_assert_ptr_eq(prev, at == 0 ? NULL : rt_obj_get(o, model[at - 1]));
            if ((r >> 12) & 1u) {
                rt_obj_relink(o, prev, m);
            } else {
                memmove(model + at, model + at + 1, (size_t)(n - at - 1) * sizeof *model);
                n--;
            }
            break;
        }
        default: /* remove the first or the last member */
            if (!n) break;
            int32_t end = (r >> 12) & 1u ? model[n - 1] : model[0];
            ck_assert_ptr_nonnull(rt_obj_remove(o, end, NULL));
            if (end == model[0]) memmove(model, model + 1, (size_t)(n - 1) * sizeof *model);
            n--;
        }
        check_members(o, model, n);
        if (n > max_n) max_n = n;
    }
    ck_assert_int_gt(max_n, (int)RT_OBJ_INDEX_MIN); /* the index was built on the way */
    ck_assert_uint_eq(o->aux & RT_OBJ_INDEXED, RT_OBJ_INDEXED);
}
END_TEST

START_TEST(copy_is_deep_and_bounded)
{
    rt_node *a = obj(), *inner = arr();
    rt_arr_push(inner, str("s"));
    put(a, "list", inner);
    put(a, "n", num(NAN));
    int32_t st = RT_OK;
    rt_node *h = rt_node_copy(a, RT_SPACE_HEAP, RT_MAX_DEPTH, &st);
    ck_assert_ptr_nonnull(h);
    ck_assert(rt_node_equal(a, h));
    ck_assert_int_eq(h->space, RT_SPACE_HEAP);
    ck_assert_ptr_ne(rt_obj_get(h, A("list")), inner);
    rt_node_free(h);
    /* nesting: a value of depth 3 needs a budget of 3 */
    rt_node *d1 = arr(), *d2 = arr(), *d3 = arr();
    rt_arr_push(d2, d3);
    rt_arr_push(d1, d2);
    h = rt_node_copy(d1, RT_SPACE_HEAP, 3, &st);
    ck_assert_ptr_nonnull(h);
    rt_node_free(h);
    ck_assert_ptr_null(rt_node_copy(d1, RT_SPACE_HEAP, 2, &st));
    ck_assert_int_eq(st, RT_E_DEPTH);
}
END_TEST

START_TEST(utf16_length)
{
    ck_assert_int_eq(rt_str_utf16_len(str("")), 0);
    ck_assert_int_eq(rt_str_utf16_len(str("abc")), 3);
    ck_assert_int_eq(rt_str_utf16_len(str("é")), 1); /* 2 UTF-8 bytes, 1 unit */
    ck_assert_int_eq(rt_str_utf16_len(str("€")), 1); /* 3 bytes */
    ck_assert_int_eq(rt_str_utf16_len(str("😀")), 2); /* 4 bytes, a surrogate pair */
    ck_assert_int_eq(rt_str_utf16_len(num(1)), -1);
}
END_TEST

START_TEST(atoms_intern_once)
{
    int32_t a = A("name"), b = A("name"), c = A("names");
    ck_assert_int_eq(a, b);
    ck_assert_int_ne(a, c);
    ck_assert_int_eq(A(""), A(""));
    ck_assert_int_eq(rt_atom_index(A("12")), 12);
    ck_assert_int_eq(rt_atom_index(A("012")), -1); /* not canonical */
    ck_assert_int_eq(rt_atom_index(A("-1")), -1);
    ck_assert_int_eq(rt_atom_index(A("2147483648")), -1);
    ck_assert_int_eq(rt_atom_of_index(12), A("12"));
    ck_assert_int_eq(rt_atom_of_index(100000), A("100000"));
    int32_t count = rt_atom_count();
    for (int i = 0; i < 5000; i++) {
        char k[16];
        snprintf(k, sizeof k, "key%d", i);
        A(k);
    }
    ck_assert_int_eq(rt_atom_count(), count + 5000);
    ck_assert_int_eq(A("key4999"), count + 4999);
    ck_assert_int_eq(rt_atom_len(A("key4999")), 7);
}
END_TEST

Suite *suite_value(void)
{
    Suite *s = suite_create("value");
    TCase *tc = tcase_create("value");
    tcase_add_checked_fixture(tc, fixture_fresh, fixture_down);
    tcase_add_test(tc, numbers_same_value_zero);
    tcase_add_test(tc, typed_equality);
    tcase_add_test(tc, objects_ignore_key_order_and_undefined_members);
    tcase_add_test(tc, arrays_element_by_element);
    tcase_add_test(tc, nested_values);
    tcase_add_test(tc, large_object_index_keeps_order_and_lookup);
    tcase_add_test(tc, object_crosses_index_threshold_both_ways);
    tcase_add_test(tc, member_links_follow_a_model);
    tcase_add_test(tc, copy_is_deep_and_bounded);
    tcase_add_test(tc, utf16_length);
    tcase_add_test(tc, atoms_intern_once);
    suite_add_tcase(s, tc);
    return s;
}
