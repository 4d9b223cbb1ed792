/* t_memory.c — the scratch arena and the persistent heap: the arena is reset
 * after every call and reuses its memory; overwriting the same paths again
 * and again keeps the heap flat; every block is returned at shutdown. */
#include <string.h>

#include "rt_api.h"
#include "rt_arena.h"
#include "rt_codec.h"
#include "rt_heap.h"
#include "rt_map.h"
#include "rt_vec.h"
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
    /* the extra chunk went back; the first one grew to 64 KiB at most */
    ck_assert_uint_lt(rt_heap_live(), live - (1u << 20) + (72u << 10));
    void *again = rt_arena_alloc(100); /* in a first chunk grown to what the call used */
    ck_assert_ptr_nonnull(again);
    ck_assert_ptr_nonnull(rt_arena_alloc(60000)); /* which holds a call of 64 KiB with no chunk added */
    live = rt_heap_live();
    rt_arena_reset();
    ck_assert_uint_eq(rt_heap_live(), live);
    ck_assert_ptr_eq(rt_arena_alloc(100), again); /* the first chunk is kept and reused */
    /* after a one-off large call the grown chunk goes back, and a fresh one
     * of the starting size comes at the next allocation */
    rt_arena_shrink();
    ck_assert_uint_lt(rt_heap_live(), live - (60u << 10));
    ck_assert_ptr_nonnull(rt_arena_alloc(100));
    ck_assert_uint_lt(rt_heap_live(), live - (48u << 10));
    uint64_t *z = rt_arena_zalloc(64);
    for (int i = 0; i < 8; i++) ck_assert_uint_eq(z[i], 0);
    ck_assert_uint_eq((uintptr_t)z % 8u, 0);
}
END_TEST

/* The output buffer after a large output (the creation's): rt_out_shrink
 * gives it back once read, and a small one is kept. */
START_TEST(output_buffer_shrinks_after_a_large_output)
{
    static const uint8_t bytes[256];
    rt_out_reset();
    for (int i = 0; i < 64; i++) rt_out_bytes(bytes, sizeof bytes);
    ck_assert_uint_eq(rt_out_len(), 64u * sizeof bytes);
    size_t live = rt_heap_live();
    rt_out_shrink(4096);
    ck_assert_uint_le(rt_heap_live(), live - 16384u);
    ck_assert_uint_eq(rt_out_len(), 0);
    rt_out_bytes(bytes, 100);
    live = rt_heap_live();
    rt_out_shrink(4096);
    ck_assert_uint_eq(rt_heap_live(), live); /* small: kept */
    ck_assert_uint_eq(rt_out_len(), 100);
    rt_out_release();
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

/* The one map: many keys (growth), keys differing in one word, replace,
 * O(1) clear that forgets, a failed growth that changes nothing, release. */
START_TEST(map_grows_clears_and_fails_cleanly)
{
    rt_map m;
    rt_map_init(&m, RT_SPACE_HEAP);
    ck_assert_int_eq(rt_map_get(&m, 1, 2, -7), -7);
    for (int32_t i = 0; i < 1000; i++) ck_assert_int_eq(rt_map_put(&m, i, i % 3, i * 10), RT_OK);
    ck_assert_int_eq(rt_map_put(&m, 2, 5, 99), RT_OK); /* (5, 2) swapped */
    ck_assert_uint_eq(m.count, 1001);
    for (int32_t i = 0; i < 1000; i++) ck_assert_int_eq(rt_map_get(&m, i, i % 3, -1), i * 10);
    ck_assert_int_eq(rt_map_get(&m, 2, 5, -1), 99);
    ck_assert_int_eq(rt_map_get(&m, 5, 1, -1), -1);
    ck_assert_int_eq(rt_map_put(&m, 7, 1, 1), RT_OK); /* replace */
    ck_assert_int_eq(rt_map_get(&m, 7, 1, -1), 1);
    ck_assert_uint_eq(m.count, 1001);
    uint32_t cap = m.cap;
    rt_map_clear(&m);
    ck_assert_int_eq(rt_map_get(&m, 7, 1, -1), -1);
    ck_assert_uint_eq(m.cap, cap); /* the table is kept */
    for (int32_t i = 0; i < (int32_t)cap / 2; i++) ck_assert_int_eq(rt_map_put(&m, -i, 0, i), RT_OK);
    rt_heap_fail_after(0); /* the next put must grow, and cannot */
    ck_assert_int_eq(rt_map_put(&m, 1, 1, 1), RT_E_NOMEM);
    rt_heap_fail_after(-1);
    ck_assert_uint_eq(m.count, cap / 2);
    ck_assert_int_eq(rt_map_get(&m, 1, 1, -1), -1);
    ck_assert_int_eq(rt_map_get(&m, -3, 0, -1), 3);
    rt_map_release(&m);
    ck_assert_int_eq(rt_map_get(&m, -3, 0, -1), -1);
}
END_TEST

/* Deletion by backward shift keeps every other entry reachable (with a
 * small table, probe chains are long), pointers come back as stored, and a
 * removal never shrinks the table. */
START_TEST(map_removes_and_keeps_pointers)
{
    static int cells[300];
    rt_map m;
    rt_map_init(&m, RT_SPACE_HEAP);
    for (int32_t i = 0; i < 300; i++) ck_assert_int_eq(rt_map_put_ptr(&m, i * 16, 7, &cells[i]), RT_OK);
    uint32_t cap = m.cap;
    for (int32_t i = 0; i < 300; i += 3) rt_map_remove(&m, i * 16, 7);
    rt_map_remove(&m, 5, 5); /* absent: nothing happens */
    ck_assert_uint_eq(m.count, 200);
    ck_assert_uint_eq(m.cap, cap);
    for (int32_t i = 0; i < 300; i++) ck_assert_ptr_eq(rt_map_get_ptr(&m, i * 16, 7), i % 3 ? (void *)&cells[i] : NULL);
    for (int32_t i = 0; i < 300; i += 3) ck_assert_int_eq(rt_map_put_ptr(&m, i * 16, 7, &cells[299 - i]), RT_OK);
    ck_assert_uint_eq(m.cap, cap); /* back to 300 entries: the room was there */
    for (int32_t i = 0; i < 300; i += 3) ck_assert_ptr_eq(rt_map_get_ptr(&m, i * 16, 7), &cells[299 - i]);
    rt_map_release(&m);
}
END_TEST

/* An arena map and an arena vector go with the arena: nothing on the heap
 * (once the first chunk has grown to what the call uses: the second round
 * takes no heap at all). */
START_TEST(arena_map_and_vector_use_no_heap)
{
    ck_assert_ptr_nonnull(rt_arena_alloc(1)); /* the arena's first chunk, kept across resets */
    rt_arena_reset();
    size_t live = 0;
    for (int round = 0; round < 2; round++) {
        if (round == 1) live = rt_heap_live();
        rt_map m;
        rt_map_init(&m, RT_SPACE_ARENA);
        for (int32_t i = 0; i < 500; i++) ck_assert_int_eq(rt_map_put(&m, i, 0, i), RT_OK);
        int32_t *v = NULL;
        uint32_t cap = 0;
        ck_assert_int_eq(rt_vec_reserve((void **)&v, &cap, 100, sizeof *v, RT_SPACE_ARENA), RT_OK);
        ck_assert_uint_ge(cap, 100);
        for (int32_t i = 0; i < 100; i++) ck_assert_int_eq(v[i], 0); /* arena vectors come zeroed */
        v[99] = 42;
        ck_assert_int_eq(rt_vec_reserve((void **)&v, &cap, 1000, sizeof *v, RT_SPACE_ARENA), RT_OK);
        ck_assert_int_eq(v[99], 42); /* kept on growth */
        ck_assert_int_eq(rt_map_get(&m, 499, 0, -1), 499);
        rt_arena_reset();
        rt_map_init(&m, RT_SPACE_ARENA);
        ck_assert_int_eq(rt_map_get(&m, 499, 0, -1), -1);
    }
    ck_assert_uint_eq(rt_heap_live(), live); /* all of it went with the arena */
}
END_TEST

/* A heap vector: grows keeping its elements, refuses an impossible size. */
START_TEST(heap_vector_grows_and_refuses_overflow)
{
    int64_t *v = NULL;
    uint32_t cap = 0;
    ck_assert_int_eq(rt_vec_reserve((void **)&v, &cap, 3, sizeof *v, RT_SPACE_HEAP), RT_OK);
    v[0] = 1, v[2] = 3;
    ck_assert_int_eq(rt_vec_reserve((void **)&v, &cap, 100, sizeof *v, RT_SPACE_HEAP), RT_OK);
    ck_assert_int_eq(v[0], 1);
    ck_assert_int_eq(v[2], 3);
    ck_assert_int_eq(rt_vec_reserve((void **)&v, &cap, UINT32_MAX, sizeof *v, RT_SPACE_HEAP), RT_E_NOMEM);
    ck_assert_uint_ge(cap, 100); /* unchanged */
    ck_assert_int_eq(v[2], 3);
    rt_heap_free(v);
}
END_TEST

Suite *suite_memory(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("memory");
    tcase_add_checked_fixture(tc, fixture_fresh, fixture_down);
    tcase_add_test(tc, arena_resets_and_reuses);
    tcase_add_test(tc, output_buffer_shrinks_after_a_large_output);
    tcase_add_test(tc, every_call_resets_the_arena);
    tcase_add_test(tc, heap_flat_over_many_overwrites);
    tcase_add_test(tc, shutdown_returns_every_block);
    tcase_add_test(tc, out_of_memory_in_a_call_rolls_back);
    tcase_add_test(tc, out_of_memory_in_a_listener_apply_rolls_back);
    tcase_add_test(tc, out_of_memory_in_create_leaks_nothing);
    tcase_add_test(tc, malformed_create_and_repeated_keys_leak_nothing);
    tcase_add_test(tc, map_grows_clears_and_fails_cleanly);
    tcase_add_test(tc, map_removes_and_keeps_pointers);
    tcase_add_test(tc, arena_map_and_vector_use_no_heap);
    tcase_add_test(tc, heap_vector_grows_and_refuses_overflow);
    suite_add_tcase(s, tc);
    return s;
}
