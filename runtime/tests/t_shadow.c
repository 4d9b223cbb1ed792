/* t_shadow.c — the shadow state (semantics.md §1-2): get/set/delete at any
 * path, intermediates, lists, write errors, no-ops, replacing subtrees, and
 * the undo log that makes an aborted write or apply leave no trace. */
#include <stdio.h>
#include <string.h>

#include "rt_api.h"
#include "rt_arena.h"
#include "rt_atom.h"
#include "rt_heap.h"
#include "rt_path.h"
#include "rt_shadow.h"
#include "rt_undo.h"
#include "suites.h"
#include "td.h"

static int32_t P(const char *s) { return rt_path_parse((const uint8_t *)s, (int32_t)strlen(s)); }
static rt_node *num(double d) { return rt_node_num(RT_SPACE_ARENA, d); }
static int32_t set_num(const char *path, double d) { return rt_shadow_set(P(path), num(d), 0, NULL); }

/* The state as text, via the host API (wp_get of the root). */
static const char *state(void) { return td_get(""); }

START_TEST(set_creates_intermediate_objects)
{
    ck_assert_int_eq(set_num("a.b.c", 1), 1);
    ck_assert_str_eq(state(), "{a:{b:{c:1}}}");
    ck_assert_int_eq(set_num("a.b.d", 2), 1);
    ck_assert_int_eq(set_num("a.x", 3), 1);
    ck_assert_str_eq(state(), "{a:{b:{c:1,d:2},x:3}}");
    ck_assert_double_eq(rt_shadow_get(P("a.b.d"))->u.num, 2);
    ck_assert_ptr_null(rt_shadow_get(P("a.b.zz")));
    ck_assert_ptr_null(rt_shadow_get(P("a.b.c.deeper"))); /* a step through a scalar reads missing */
    rt_undo_commit();
}
END_TEST

START_TEST(null_and_undefined_intermediates_become_objects)
{
    ck_assert_int_eq(rt_shadow_set(P("a"), rt_node_new(RT_SPACE_ARENA, RT_KIND_NULL), 0, NULL), 1);
    ck_assert_int_eq(rt_shadow_set(P("u"), rt_node_new(RT_SPACE_ARENA, RT_KIND_UNDEFINED), 0, NULL), 0);
    ck_assert_str_eq(state(), "{a:null}"); /* writing undefined where nothing is changes nothing */
    ck_assert_int_eq(set_num("a.b", 1), 1);
    ck_assert_int_eq(set_num("u", 5), 1);
    ck_assert_int_eq(rt_shadow_set(P("u"), NULL, 0, NULL), 1);
    ck_assert_str_eq(state(), "{a:{b:1},u:undef}"); /* undefined keeps the key */
    ck_assert_int_eq(set_num("u.v", 2), 1);
    ck_assert_str_eq(state(), "{a:{b:1},u:{v:2}}");
    rt_undo_commit();
}
END_TEST

START_TEST(write_errors_leave_state_alone)
{
    set_num("n", 1);
    ck_assert_int_eq(rt_shadow_set(P("s"), rt_node_str(RT_SPACE_ARENA, (const uint8_t *)"x", 1), 0, NULL), 1);
    ck_assert_int_eq(set_num("n.x", 1), RT_E_SCALAR);
    ck_assert_int_eq(set_num("s.x.y", 1), RT_E_SCALAR);
    rt_node *list = rt_node_new(RT_SPACE_ARENA, RT_KIND_ARRAY);
    rt_arr_push(list, num(10));
    ck_assert_int_eq(rt_shadow_set(P("l"), list, 0, NULL), 1);
    ck_assert_int_eq(set_num("l.2", 1), RT_E_INDEX);  /* more than one past the end */
    ck_assert_int_eq(set_num("l.x", 1), RT_E_INDEX);  /* not an index */
    ck_assert_int_eq(set_num("l.01", 1), RT_E_INDEX); /* not canonical */
    ck_assert_str_eq(state(), "{n:1,s:\"x\",l:[10]}");
    /* writing undefined through a scalar is a no-op, not an error */
    ck_assert_int_eq(rt_shadow_set(P("n.x"), NULL, 0, NULL), 0);
    rt_undo_commit();
}
END_TEST

START_TEST(arrays_index_and_append)
{
    rt_node *list = rt_node_new(RT_SPACE_ARENA, RT_KIND_ARRAY);
    ck_assert_int_eq(rt_shadow_set(P("l"), list, 0, NULL), 1);
    ck_assert_int_eq(set_num("l.0", 1), 1); /* index = length appends */
    ck_assert_int_eq(set_num("l.1", 2), 1);
    ck_assert_int_eq(set_num("l.0", 5), 1);
    ck_assert_int_eq(set_num("l.1.x", 5), RT_E_SCALAR);
    ck_assert_int_eq(set_num("l.2.x", 7), 1); /* appends an object */
    ck_assert_str_eq(state(), "{l:[5,2,{x:7}]}");
    ck_assert_double_eq(rt_shadow_get(P("l.1"))->u.num, 2);
    ck_assert_ptr_null(rt_shadow_get(P("l.3")));
    ck_assert_ptr_null(rt_shadow_get(P("l.x")));
    rt_undo_commit();
}
END_TEST

START_TEST(list_paths_create_arrays)
{
    td.list_segment = "items"; /* as if the state block declared items: list<…> */
    ck_assert_int_eq(set_num("order.items.0.qty", 2), 1);
    ck_assert_str_eq(state(), "{order:{items:[{qty:2}]}}");
    ck_assert_int_eq(set_num("other.items.1", 2), RT_E_INDEX); /* a fresh list only takes index 0 */
    ck_assert_str_eq(state(), "{order:{items:[{qty:2}]}}");
    rt_undo_commit();
}
END_TEST

START_TEST(no_op_detection)
{
    ck_assert_int_eq(set_num("x", 8), 1);
    ck_assert_int_eq(set_num("x", 8), 0);
    ck_assert_int_eq(set_num("x", 8.0), 0);
    ck_assert_int_eq(set_num("n", NAN), 1);
    ck_assert_int_eq(set_num("n", NAN), 0); /* NaN equals NaN */
    ck_assert_int_eq(set_num("z", 0), 1);
    ck_assert_int_eq(set_num("z", -0.0), 0); /* -0 equals 0 */
    rt_undo_commit();
}
END_TEST

START_TEST(replace_reports_old_subtree)
{
    ck_assert_int_eq(td_create("{a:{b:{c:1,d:2}}}"), RT_OK);
    rt_node *old = NULL;
    rt_node *fresh = rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT);
    rt_obj_put(fresh, rt_atom_intern((const uint8_t *)"other", 5), num(42), NULL);
    ck_assert_int_eq(rt_shadow_set(P("a"), fresh, 0, &old), 1);
    /* the old subtree stays readable until commit, so rules below `a` can diff */
    ck_assert_ptr_nonnull(old);
    rt_node *b = rt_obj_get(old, rt_atom_intern((const uint8_t *)"b", 1));
    ck_assert_double_eq(rt_obj_get(b, rt_atom_intern((const uint8_t *)"c", 1))->u.num, 1);
    ck_assert_ptr_null(rt_shadow_get(P("a.b.c")));
    ck_assert_double_eq(rt_shadow_get(P("a.other"))->u.num, 42);
    rt_undo_commit();
}
END_TEST

START_TEST(delete_object_key_and_last_element)
{
    ck_assert_int_eq(td_create("{a:1,b:2,c:3,l:[1,2]}"), RT_OK);
    ck_assert_int_eq(rt_shadow_delete(P("b"), NULL), 1);
    ck_assert_int_eq(rt_shadow_delete(P("b"), NULL), 0);
    ck_assert_int_eq(rt_shadow_delete(P("l.0"), NULL), RT_E_INDEX);
    ck_assert_int_eq(rt_shadow_delete(P("l.1"), NULL), 1);
    ck_assert_str_eq(state(), "{a:1,c:3,l:[1]}");
    rt_undo_rollback(0); /* deleted keys come back in their old place */
    ck_assert_str_eq(state(), "{a:1,b:2,c:3,l:[1,2]}");
}
END_TEST

START_TEST(undo_restores_exact_state_and_key_order)
{
    ck_assert_int_eq(td_create("{a:{x:1,y:2},b:[1,2],c:null,d:\"s\"}"), RT_OK);
    const char *before = "{a:{x:1,y:2},b:[1,2],c:null,d:\"s\"}";
    ck_assert_str_eq(state(), before);
    uint32_t mark = rt_undo_mark();
    set_num("a.x", 10);
    set_num("a.z", 3);
    set_num("b.2", 3);
    set_num("c.deep.er", 1);
    set_num("new.path", 1);
    rt_shadow_set(P("a"), num(0), 0, NULL);
    set_num("a.q", 1) /* through a scalar now */;
    rt_shadow_delete(P("d"), NULL);
    rt_shadow_set(P(""), num(7), 0, NULL); /* even the root */
    ck_assert_str_eq(state(), "7");
    rt_undo_rollback(mark);
    ck_assert_str_eq(state(), before);
    /* and writes after a rollback work on the restored tree */
    set_num("a.y", 20);
    ck_assert_str_eq(state(), "{a:{x:1,y:20},b:[1,2],c:null,d:\"s\"}");
    rt_undo_commit();
}
END_TEST

START_TEST(set_cost_is_independent_of_state_size)
{
    /* 20 000 siblings: a write below one of them touches one object index
     * and allocates the same few blocks as in a tiny state. */
    char path[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(path, sizeof path, "big.k%d.v", i);
        set_num(path, i);
    }
    rt_undo_commit();
    set_num("big.k7.v", -1);
    rt_undo_commit();
    size_t live = rt_heap_live();
    for (int i = 0; i < 1000; i++) {
        set_num("big.k12345.v", i);
        rt_undo_commit();
    }
    ck_assert_uint_eq(rt_heap_live(), live);
    ck_assert_double_eq(rt_shadow_get(P("big.k12345.v"))->u.num, 999);
    ck_assert_double_eq(rt_shadow_get(P("big.k19999.v"))->u.num, 19999);
}
END_TEST

START_TEST(allocation_failure_never_leaves_a_partial_write)
{
    ck_assert_int_eq(td_create("{a:{x:1}}"), RT_OK);
    int32_t target = P("a.new.deep.path");
    rt_undo_commit();
    const char *before = "{a:{x:1}}";
    int succeeded = 0;
    for (long n = 0; n < 200 && !succeeded; n++) {
        /* a value big enough to need an object index (more blocks to fail) */
        rt_node *value = rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT);
        for (int i = 0; i < 20; i++) {
            char k[16];
            snprintf(k, sizeof k, "m%d", i);
            rt_obj_put(value, rt_atom_intern((const uint8_t *)k, (int32_t)strlen(k)), num(i), NULL);
        }
        rt_heap_fail_after(n);
        int32_t r = rt_shadow_set(target, value, 0, NULL);
        rt_heap_fail_after(-1);
        if (r == 1) {
            succeeded = 1;
        } else {
            ck_assert_int_eq(r, RT_E_NOMEM);
            ck_assert_str_eq(state(), before);
        }
    }
    ck_assert(succeeded);
    rt_undo_rollback(0);
    ck_assert_str_eq(state(), before);
}
END_TEST

START_TEST(paths_intern_and_print)
{
    int32_t p = P("user.profile.name");
    ck_assert_int_eq(P("user.profile.name"), p);
    ck_assert_int_eq(rt_path_depth(p), 3);
    ck_assert_int_eq(rt_path_within(P("user"), p), 1);
    ck_assert_int_eq(rt_path_within(P("user"), P("username")), 0); /* not an ancestor */
    ck_assert_int_eq(rt_path_within(p, p), 1);
    ck_assert_int_eq(rt_path_within(0, p), 1);
    ck_assert_int_eq(rt_path_ancestor(p, 1), P("user"));
    ck_assert_int_eq(P(""), 0);
    uint8_t buf[64];
    int32_t n = rt_path_text_len(p);
    rt_path_text(p, buf);
    ck_assert_int_eq(n, 17);
    ck_assert(memcmp(buf, "user.profile.name", 17) == 0);
    ck_assert_int_eq(rt_path_index(P("items"), 3), P("items.3"));
    ck_assert_int_eq(td_path("a..b"), P("a..b")); /* an empty key is a key */
    ck_assert_int_eq(rt_path_depth(P("a..b")), 3);
}
END_TEST

/* The trie's chained hash across its rehashes: 5 000 paths under 50 parents
 * keep dense ids and are found again; a path whose interning fails for
 * want of memory (at each allocation it may make) leaves the trie as it
 * was, and interns on the next try. */
START_TEST(paths_survive_rehash_and_failed_growth)
{
    char text[32];
    int32_t first = rt_path_count();
    for (int i = 0; i < 5000; i++) {
        snprintf(text, sizeof text, "g%d.k%d", i % 50, i);
        int32_t p = P(text);
        ck_assert_int_eq(rt_path_depth(p), 2);
        snprintf(text, sizeof text, "g%d", i % 50);
        ck_assert_int_eq(rt_path_parent(p), P(text));
    }
    int32_t count = rt_path_count();
    ck_assert_int_eq(count, first + 5050);
    for (int i = 0; i < 5000; i += 7) {
        snprintf(text, sizeof text, "g%d.k%d", i % 50, i);
        ck_assert_int_eq(rt_path_atom(P(text)), rt_atom_intern((const uint8_t *)text + strcspn(text, ".") + 1,
                                                               (int32_t)strlen(strchr(text, '.') + 1)));
    }
    ck_assert_int_eq(rt_path_count(), count);
    /* new children with every allocation failing: most need none, those
     * that grow the records or the buckets fail and change nothing */
    int32_t parent = P("g0"), fails = 0;
    for (int i = 0; i < 20000 && fails < 2; i++) {
        snprintf(text, sizeof text, "f%d", i);
        int32_t atom = rt_atom_intern((const uint8_t *)text, (int32_t)strlen(text));
        count = rt_path_count();
        rt_heap_fail_after(0);
        int32_t got = rt_path_child(parent, atom);
        rt_heap_fail_after(-1);
        if (got == RT_E_NOMEM) {
            fails++;
            ck_assert_int_eq(rt_path_count(), count);
            got = rt_path_child(parent, atom);
        }
        ck_assert_int_eq(got, count);
        ck_assert_int_eq(rt_path_child(parent, atom), count);
    }
    ck_assert_int_eq(fails, 2);
    snprintf(text, sizeof text, "g0.f0");
    ck_assert_int_eq(rt_path_atom(P(text)), rt_atom_intern((const uint8_t *)"f0", 2));
}
END_TEST

START_TEST(static_ids_from_the_descriptor)
{
    td.use_app = 1;
    ck_assert_int_eq(td_create("{user:{name:\"n\"}}"), RT_OK);
    ck_assert_int_eq(P("user"), TD_PATH_USER);
    ck_assert_int_eq(P("user.name"), TD_PATH_USER_NAME);
    ck_assert_int_eq(P("items"), TD_PATH_ITEMS);
    ck_assert_int_eq(rt_atom_intern((const uint8_t *)"items", 5), 2);
    ck_assert_int_eq(P("user.other"), 4); /* run-time paths follow the static ones */
    ck_assert_int_eq(rt_path_class(TD_PATH_USER_NAME), rt_atom_intern((const uint8_t *)"name", 4) + 1);
}
END_TEST

/* A null, boolean or number over one of those is written in place: the
 * caller's old value is a copy, and an undo puts every value back. */
START_TEST(scalars_overwritten_in_place_undo_exactly)
{
    set_num("a.n", 1);
    ck_assert_int_eq(rt_shadow_set(P("a.b"), rt_node_bool(RT_SPACE_ARENA, 1), 0, NULL), 1);
    rt_undo_commit();
    const rt_node *node = rt_shadow_get(P("a.n"));
    uint32_t mark = rt_undo_mark();
    rt_node *old = NULL;
    ck_assert_int_eq(rt_shadow_set(P("a.n"), num(2), 0, &old), 1);
    ck_assert_ptr_eq(rt_shadow_get(P("a.n")), node); /* the same node */
    ck_assert_double_eq(old->u.num, 1);              /* a copy of what it held */
    ck_assert_int_eq(rt_shadow_set(P("a.n"), rt_node_new(RT_SPACE_ARENA, RT_KIND_NULL), 0, NULL), 1);
    ck_assert_int_eq(rt_shadow_set(P("a.b"), num(7), 0, NULL), 1);
    ck_assert_int_eq(rt_shadow_set(P("a.b"), rt_node_bool(RT_SPACE_ARENA, 0), 0, NULL), 1);
    ck_assert_str_eq(state(), "{a:{n:null,b:false}}");
    rt_undo_rollback(mark);
    ck_assert_str_eq(state(), "{a:{n:1,b:true}}");
    /* a string is not overwritten in place */
    ck_assert_int_eq(rt_shadow_set(P("a.n"), rt_node_str(RT_SPACE_ARENA, (const uint8_t *)"s", 1), 0, &old), 1);
    ck_assert_ptr_ne(rt_shadow_get(P("a.n")), node);
    ck_assert_double_eq(old->u.num, 1);
    ck_assert_str_eq(state(), "{a:{n:\"s\",b:true}}");
    rt_undo_commit();
}
END_TEST

/* Reads are memoised per path (rt_shadow.c): every read below follows a
 * read of the same paths made before the change, so a stale memo fails. */
static double num_at(const char *path)
{
    const rt_node *n = rt_shadow_get(P(path));
    return n && n->kind == RT_KIND_NUMBER ? n->u.num : -1;
}

static void read_all(void)
{
    static const char *paths[] = {"a", "a.b", "a.b.c", "a.b.d", "a.x", "l", "l.0", "l.1", "l.1.y"};
    for (size_t i = 0; i < sizeof paths / sizeof *paths; i++) (void)rt_shadow_get(P(paths[i]));
}

START_TEST(memoised_reads_follow_every_change_of_shape)
{
    set_num("a.b.c", 1);
    read_all();
    set_num("a.b.c", 2); /* scalar over scalar */
    ck_assert_double_eq(num_at("a.b.c"), 2);
    read_all();
    set_num("a.b.d", 3); /* a new key beside */
    ck_assert_double_eq(num_at("a.b.d"), 3);
    read_all();
    ck_assert_int_eq(rt_shadow_set(P("a.b"), num(4), 0, NULL), 1); /* a container replaced by a scalar */
    ck_assert_ptr_null(rt_shadow_get(P("a.b.c")));
    ck_assert_double_eq(num_at("a.b"), 4);
    read_all();
    set_num("a.b.c", 5); /* E_SCALAR: nothing changes */
    ck_assert_double_eq(num_at("a.b"), 4);
    rt_node *obj = rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT);
    rt_obj_put(obj, rt_path_atom(P("c")), num(6), NULL);
    ck_assert_int_eq(rt_shadow_set(P("a.b"), obj, 0, NULL), 1); /* a scalar replaced by a container */
    ck_assert_double_eq(num_at("a.b.c"), 6);
    read_all();
    set_num("a.x.y", 7); /* intermediates created */
    ck_assert_double_eq(num_at("a.x.y"), 7);
    read_all();
    ck_assert_int_eq(rt_shadow_delete(P("a.b.c"), NULL), 1); /* a scalar deleted */
    ck_assert_ptr_null(rt_shadow_get(P("a.b.c")));
    read_all();
    ck_assert_int_eq(rt_shadow_delete(P("a.x"), NULL), 1); /* a container deleted */
    ck_assert_ptr_null(rt_shadow_get(P("a.x.y")));
    rt_node *list = rt_node_new(RT_SPACE_ARENA, RT_KIND_ARRAY);
    rt_arr_push(list, num(8));
    ck_assert_int_eq(rt_shadow_set(P("l"), list, 0, NULL), 1);
    read_all();
    set_num("l.1.y", 9); /* an element appended with an object in it */
    ck_assert_double_eq(num_at("l.1.y"), 9);
    ck_assert_double_eq(num_at("l.0"), 8);
    ck_assert_str_eq(state(), "{a:{b:{}},l:[8,{y:9}]}");
    rt_undo_commit();

    /* An undo puts nodes back behind the memos. */
    uint32_t mark = rt_undo_mark();
    set_num("l.0", 10);
    read_all();
    ck_assert_double_eq(num_at("l.0"), 10);
    rt_undo_rollback(mark);
    ck_assert_double_eq(num_at("l.0"), 8);
    ck_assert_double_eq(num_at("l.1.y"), 9);
    ck_assert_str_eq(state(), "{a:{b:{}},l:[8,{y:9}]}");
}
END_TEST

Suite *suite_shadow(void)
{
    Suite *s = suite_create("shadow");
    TCase *tc = tcase_create("shadow");
    tcase_add_checked_fixture(tc, fixture_started, fixture_down);
    tcase_add_test(tc, set_creates_intermediate_objects);
    tcase_add_test(tc, null_and_undefined_intermediates_become_objects);
    tcase_add_test(tc, write_errors_leave_state_alone);
    tcase_add_test(tc, arrays_index_and_append);
    tcase_add_test(tc, list_paths_create_arrays);
    tcase_add_test(tc, no_op_detection);
    tcase_add_test(tc, replace_reports_old_subtree);
    tcase_add_test(tc, delete_object_key_and_last_element);
    tcase_add_test(tc, undo_restores_exact_state_and_key_order);
    tcase_add_test(tc, set_cost_is_independent_of_state_size);
    tcase_add_test(tc, allocation_failure_never_leaves_a_partial_write);
    tcase_add_test(tc, paths_intern_and_print);
    tcase_add_test(tc, paths_survive_rehash_and_failed_growth);
    tcase_add_test(tc, memoised_reads_follow_every_change_of_shape);
    tcase_add_test(tc, scalars_overwritten_in_place_undo_exactly);
    suite_add_tcase(s, tc);
    TCase *tc2 = tcase_create("static");
    tcase_add_checked_fixture(tc2, fixture_fresh, fixture_down);
    tcase_add_test(tc2, static_ids_from_the_descriptor);
    suite_add_tcase(s, tc2);
    return s;
}
