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
    ck_assert_uint_eq(o->u.obj.count, 1000);
    ck_assert_ptr_nonnull(o->u.obj.index);
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
    tcase_add_test(tc, copy_is_deep_and_bounded);
    tcase_add_test(tc, utf16_length);
    tcase_add_test(tc, atoms_intern_once);
    suite_add_tcase(s, tc);
    return s;
}
