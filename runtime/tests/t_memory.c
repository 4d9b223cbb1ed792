/* t_memory.c — the scratch arena and the persistent heap: the arena is reset
 * after every call and reuses its memory; overwriting the same paths again
 * and again keeps the heap flat; every block is returned at shutdown. */
#include <string.h>

#include "rt_api.h"
#include "rt_arena.h"
#include "rt_heap.h"
#include "suites.h"
#include "td.h"

START_TEST(arena_resets_and_reuses)
{
    void *a = rt_arena_alloc(100);
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(rt_arena_used(), 104);
    void *big = rt_arena_alloc(1u << 20); /* larger than a chunk: its own chunk */
    ck_assert_ptr_nonnull(big);
    memset(big, 1, 1u << 20);
    size_t live = rt_heap_live();
    rt_arena_reset();
    ck_assert_uint_eq(rt_arena_used(), 0);
    ck_assert_uint_lt(rt_heap_live(), live - (1u << 20)); /* extra chunks went back */
    void *again = rt_arena_alloc(100);
    ck_assert_ptr_eq(again, a); /* the first chunk is kept and reused */
    uint64_t *z = rt_arena_zalloc(64);
    for (int i = 0; i < 8; i++) ck_assert_uint_eq(z[i], 0);
    ck_assert_uint_eq((uintptr_t)z % 8u, 0);
}
END_TEST

START_TEST(every_call_resets_the_arena)
{
    ck_assert_int_eq(td_create("{a:1}"), RT_OK);
    ck_assert_uint_eq(rt_arena_used(), 0);
    const char *c[] = {"a=2"};
    ck_assert_int_eq(td_apply(1, c), RT_OK);
    ck_assert_uint_eq(rt_arena_used(), 0);
}
END_TEST

START_TEST(heap_flat_over_many_overwrites)
{
    td.sync[0][0] = "form.a";
    td.sync[0][1] = "form.b";
    td.concern_field = "form.a";
    ck_assert_int_eq(td_create("{form:{a:0,b:0,name:\"x\"},list:[1,2,3]}"), RT_OK);
    const char *even[] = {"form.a=1", "form.name=\"a longer string value\"", "list={k:[1,2]}"};
    const char *odd[] = {"form.a=2", "form.name=\"s\"", "list=[4,5,6]"};
    ck_assert_int_eq(td_apply(3, even), RT_OK);
    ck_assert_int_eq(td_apply(3, odd), RT_OK);
    size_t live = rt_heap_live();
    for (int i = 0; i < 5000; i++) ck_assert_int_eq(td_apply(3, i % 2 ? odd : even), RT_OK);
    ck_assert_uint_eq(rt_heap_live(), live);
    ck_assert_str_eq(td_get("form.b"), "2");
}
END_TEST

START_TEST(shutdown_returns_every_block)
{
    ck_assert_int_eq(td_create("{a:{b:[1,2,{c:\"x\"}]}}"), RT_OK);
    const char *c[] = {"a.b.2.d=1", "z.y.x=\"w\""};
    ck_assert_int_eq(td_apply(2, c), RT_OK);
    ck_assert_uint_gt(rt_heap_live(), 0);
    rt_api_shutdown();
    ck_assert_uint_eq(rt_heap_live(), 0);
}
END_TEST

START_TEST(out_of_memory_in_a_call_rolls_back)
{
    td.sync[0][0] = "a";
    td.sync[0][1] = "b";
    ck_assert_int_eq(td_create("{a:1,b:1,c:{d:1}}"), RT_OK);
    const char *before = "{a:1,b:1,c:{d:1}}";
    const char *c[] = {"a=2", "c.e.f=\"new\"", "q.r=[1,2,3]"};
    int ok = 0;
    for (long n = 0; n < 400 && !ok; n++) {
        td_batch b;
        td_changes(&b, 3, c);
        int32_t len = td_send(&b);
        rt_heap_fail_after(n);
        int32_t r = wp_apply(len);
        rt_heap_fail_after(-1);
        if (r == RT_OK) {
            ok = 1;
        } else {
            ck_assert_int_eq(r, RT_E_NOMEM);
            ck_assert_str_eq(td_get(""), before);
        }
    }
    ck_assert(ok);
    ck_assert_str_eq(td_get(""), "{a:2,b:2,c:{d:1,e:{f:\"new\"}},q:{r:[1,2,3]}}");
}
END_TEST

/* A listener apply — the plan kept for routing, wp_route, the next round —
 * with an allocation failing at every step in turn: a failed call has
 * rolled everything back (the host then finds no apply open). */
static int32_t send_changes(int n, const char *const *changes)
{
    td_batch b;
    td_changes(&b, n, changes);
    return td_send(&b);
}

START_TEST(out_of_memory_in_a_listener_apply_rolls_back)
{
    td.listen[0] = "a";
    td.listen[1] = "b";
    td.listen_rank[1] = 1;
    ck_assert_int_eq(td_create("{a:0,b:{x:0}}"), RT_OK);
    const char *in[] = {"a=1", "b.x=1"};
    const char *outs[] = {"b.y=2"};
    int ok = 0;
    for (long n = 0; n < 400 && !ok; n++) {
        int32_t len = send_changes(2, in);
        rt_heap_fail_after(n);
        int32_t r = wp_apply(len);
        if (r == RT_NEED_LISTENERS) {
            len = send_changes(1, outs);
            r = wp_route(1, len);
            if (r == RT_OK) {
                ck_assert_str_eq(td_out(), "R1<0+");
                len = send_changes(1, outs);
                r = wp_continue(len);
            }
        }
        rt_heap_fail_after(-1);
        if (r == RT_OK) {
            ok = 1;
        } else {
            ck_assert_int_eq(r, RT_E_NOMEM);
            ck_assert_str_eq(td_get(""), "{a:0,b:{x:0}}");
            ck_assert_int_eq(wp_rollback(), RT_E_CALL);
        }
    }
    ck_assert(ok);
    ck_assert_str_eq(td_get(""), "{a:1,b:{x:1,y:2}}");
}
END_TEST

/* wp_create decodes the state straight into the heap and the state adopts
 * it: a failure anywhere (decoding, adopting, the creation hooks) must free
 * every block it made.  After each failed attempt, shutting the runtime down
 * returns the heap to zero; the last attempt succeeds. */
static int32_t send_create(const char *state_text, int32_t cut)
{
    td_batch b;
    td_begin(&b, 1);
    td_path_id(&b, 0);
    td_value(&b, state_text);
    td_end_change(&b, RT_TAG_INPUT, -1);
    b.len -= (uint32_t)cut;
    return td_send(&b);
}

START_TEST(out_of_memory_in_create_leaks_nothing)
{
    const char *state = "{a:{b:[1,2,{c:\"x\"}]},m:{k1:1,k2:2,k3:3,k4:4,k5:5,k6:6,k7:7,k8:8,k9:9,k10:10},s:\"str\"}";
    int ok = 0;
    for (long n = 0; n < 4000 && !ok; n++) {
        td_reset();
        int32_t len = send_create(state, 0);
        rt_heap_fail_after(n);
        int32_t r = wp_create(len);
        rt_heap_fail_after(-1);
        if (r == RT_OK) {
            ok = 1;
            break;
        }
        ck_assert_int_eq(r, RT_E_NOMEM);
        rt_api_shutdown();
        ck_assert_uint_eq(rt_heap_live(), 0);
    }
    ck_assert(ok);
    ck_assert_str_eq(td_get("m.k10"), "10");
    ck_assert_str_eq(td_get("a.b.2.c"), "\"x\"");
}
END_TEST

START_TEST(malformed_create_and_repeated_keys_leak_nothing)
{
    int32_t len = send_create("{a:{b:[1,2,3]},c:\"long enough string\"}", 3); /* cut short */
    ck_assert_int_eq(wp_create(len), RT_E_MALFORMED);
    rt_api_shutdown();
    ck_assert_uint_eq(rt_heap_live(), 0);
    /* a repeated key keeps its first place and the later value */
    ck_assert_int_eq(td_create("{a:{x:1},b:2,a:{y:[1,2]}}"), RT_OK);
    ck_assert_str_eq(td_get(""), "{a:{y:[1,2]},b:2}");
    rt_api_shutdown();
    ck_assert_uint_eq(rt_heap_live(), 0);
}
END_TEST

Suite *suite_memory(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("memory");
    tcase_add_checked_fixture(tc, fixture_fresh, fixture_down);
    tcase_add_test(tc, arena_resets_and_reuses);
    tcase_add_test(tc, every_call_resets_the_arena);
    tcase_add_test(tc, heap_flat_over_many_overwrites);
    tcase_add_test(tc, shutdown_returns_every_block);
    tcase_add_test(tc, out_of_memory_in_a_call_rolls_back);
    tcase_add_test(tc, out_of_memory_in_a_listener_apply_rolls_back);
    tcase_add_test(tc, out_of_memory_in_create_leaks_nothing);
    tcase_add_test(tc, malformed_create_and_repeated_keys_leak_nothing);
    suite_add_tcase(s, tc);
    return s;
}
