/* t_loop.c — the change loop with test-double hooks (semantics.md §3-13):
 * stage order, no-op filtering at every stage, stage tags and meta, later
 * wins, aggregation write-back, computed targets, clear, concerns, listener
 * plans across rounds (once per apply), tasks after the last round, groups,
 * the iteration bound, and rollback on errors and on the host's request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_api.h"
#include "rt_codec.h"
#include "rt_group.h"
#include "rt_loop.h"
#include "suites.h"
#include "td.h"

#define APPLY(...)                                                                                                     \
    td_apply((int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(const char *)), (const char *[]){__VA_ARGS__})

/* Continue an open apply with changes of the given tag. */
static void encode(td_batch *b, uint8_t tag, int n, const char *const *changes)
{
    td_begin(b, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(changes[i], '=');
        char path[128];
        memcpy(path, changes[i], (size_t)(eq - changes[i]));
        path[eq - changes[i]] = 0;
        td_path_text(b, path);
        td_value(b, eq + 1);
        td_end_change(b, tag, -1);
    }
}

/* wp_route(next, outputs) */
static int32_t route(int32_t next, int n, const char *const *outputs)
{
    td_batch b;
    encode(&b, RT_TAG_LISTENERS, n, outputs);
    return wp_route(next, td_send(&b));
}

static int32_t cont(uint8_t tag, int n, const char *const *changes)
{
    td_batch b;
    td_begin(&b, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(changes[i], '=');
        char path[128];
        memcpy(path, changes[i], (size_t)(eq - changes[i]));
        path[eq - changes[i]] = 0;
        td_path_text(&b, path);
        td_value(&b, eq + 1);
        td_end_change(&b, tag, -1);
    }
    return wp_continue(td_send(&b));
}

START_TEST(stages_run_in_order)
{
    ck_assert_int_eq(APPLY("a=1"), RT_OK);
    ck_assert_str_eq(td_log, "i1 i2 s4 s5 s6 s7 p8");
    td_log[0] = 0;
    ck_assert_int_eq(APPLY("a=2", "b=3"), RT_OK);
    ck_assert_str_eq(td_log, "i1 i1 i2 i2 s4 s5 s6 s7 p8");
    ck_assert_str_eq(td_out(), "a=2:input; b=3:input");
}
END_TEST

START_TEST(inputs_compare_with_the_state_as_the_batch_left_it)
{
    ck_assert_int_eq(td_create("{x:1}"), RT_OK);
    ck_assert_int_eq(APPLY("x=1"), RT_OK);
    ck_assert_str_eq(td_out(), ""); /* a no-op never appears */
    ck_assert_int_eq(APPLY("x=8", "x=1"), RT_OK);
    ck_assert_str_eq(td_out(), "x=8:input; x=1:input");
    ck_assert_str_eq(td_get("x"), "1");
    ck_assert_int_eq(APPLY("y=2", "y=2"), RT_OK);
    ck_assert_str_eq(td_out(), "y=2:input");
}
END_TEST

START_TEST(sync_propagates_with_tag_and_meta)
{
    td.sync[0][0] = "billing.email";
    td.sync[0][1] = "shipping.email";
    ck_assert_int_eq(td_create("{billing:{email:\"\"},shipping:{email:\"\"}}"), RT_OK);
    td_batch b;
    td_begin(&b, 1);
    td_path_text(&b, "billing.email");
    td_str(&b, "a@b.c");
    td_end_change(&b, RT_TAG_INPUT, 3);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_OK);
    ck_assert_str_eq(td_out(), "billing.email=\"a@b.c\":input/m3; shipping.email=\"a@b.c\":sync/m3");
}
END_TEST

START_TEST(sync_below_members)
{
    td.sync[0][0] = "src";
    td.sync[0][1] = "dst";
    ck_assert_int_eq(APPLY("src.name=\"x\""), RT_OK);
    ck_assert_str_eq(td_out(), "src.name=\"x\":input; dst.name=\"x\":sync");
}
END_TEST

START_TEST(no_op_filtering_at_later_stages)
{
    td.sync[0][0] = "a";
    td.sync[0][1] = "b";
    ck_assert_int_eq(td_create("{a:5,b:6}"), RT_OK);
    ck_assert_int_eq(APPLY("a=6"), RT_OK);
    ck_assert_str_eq(td_out(), "a=6:input"); /* b already holds 6 */
    ck_assert_int_eq(APPLY("a=6"), RT_OK);
    ck_assert_str_eq(td_out(), "");
}
END_TEST

START_TEST(later_change_wins_for_the_component)
{
    td.sync[0][0] = "a";
    td.sync[0][1] = "b";
    ck_assert_int_eq(td_create("{a:0,b:0}"), RT_OK);
    ck_assert_int_eq(APPLY("a=1", "b=2"), RT_OK);
    ck_assert_str_eq(td_out(), "a=1:input; b=2:input; a=2:sync");
    ck_assert_str_eq(td_get(""), "{a:2,b:2}");
}
END_TEST

START_TEST(flip_booleans)
{
    td.flip[0][0] = "paid";
    td.flip[0][1] = "refund";
    ck_assert_int_eq(td_create("{paid:false,refund:true}"), RT_OK);
    ck_assert_int_eq(APPLY("paid=true"), RT_OK);
    ck_assert_str_eq(td_out(), "paid=true:input; refund=false:flip");
}
END_TEST

START_TEST(sync_does_not_recreate_vanished_parents)
{
    td.sync[0][0] = "x";
    td.sync[0][1] = "gone.inner.v";
    td.sync_no_create = 1;
    ck_assert_int_eq(td_create("{x:1,gone:{inner:{v:1}}}"), RT_OK);
    ck_assert_int_eq(APPLY("gone=null", "x=2"), RT_OK); /* the replacement removed v's parent */
    ck_assert_str_eq(td_out(), "gone=null:input; x=2:input");
    ck_assert_str_eq(td_get("gone"), "null");
    ck_assert_int_eq(APPLY("gone.inner={}", "x=3"), RT_OK); /* recreated by a write: lifts it */
    ck_assert_str_eq(td_out(), "gone.inner={}:input; x=3:input; gone.inner.v=3:sync");
}
END_TEST

START_TEST(aggregation_write_back_and_read)
{
    td.agg_target = "T";
    td.agg_sources[0] = "A";
    td.agg_sources[1] = "B";
    ck_assert_int_eq(APPLY("T=\"x\""), RT_OK);
    ck_assert_str_eq(td_out(), "A=\"x\":aggregation_write; B=\"x\":aggregation_write; T=\"x\":aggregation_read");
    ck_assert_int_eq(APPLY("A=\"y\""), RT_OK);
    ck_assert_str_eq(td_out(), "A=\"y\":input; T=undef:aggregation_read");
}
END_TEST

START_TEST(computed_targets_are_read_only)
{
    td.computed[0] = "total";
    td.sum_target = "total";
    td.sum_sources[0] = "p1";
    td.sum_sources[1] = "p2";
    ck_assert_int_eq(td_create("{p1:1,p2:2,total:3}"), RT_OK);
    td_log[0] = 0;
    ck_assert_int_eq(APPLY("total=100"), RT_OK);
    ck_assert_str_eq(td_out(), "");
    ck_assert_str_eq(td_log, "i1 i2 s4 s5 s6 s7 p8");
    ck_assert_int_eq(APPLY("p1=0.1", "p2=0.2", "total=7"), RT_OK);
    ck_assert_str_eq(td_out(), "p1=0.10000000000000001:input; p2=0.20000000000000001:input; "
                               "total=0.30000000000000004:computation");
}
END_TEST

START_TEST(clear_overrides_input_and_skips_missing)
{
    td.clear[0][0] = "country";
    td.clear[0][1] = "zip";
    td.clear[1][0] = "country";
    td.clear[1][1] = "street";
    ck_assert_int_eq(td_create("{country:\"FR\",zip:\"75001\"}"), RT_OK);
    ck_assert_int_eq(APPLY("country=\"US\"", "zip=\"999\""), RT_OK);
    ck_assert_str_eq(td_out(), "country=\"US\":input; zip=\"999\":input; zip=null:clear_path");
    ck_assert_str_eq(td_get("street"), "missing"); /* a missing target stays missing */
    ck_assert_int_eq(APPLY("zip=\"1\""), RT_OK);
    ck_assert_str_eq(td_out(), "zip=\"1\":input");
}
END_TEST

START_TEST(concerns_emit_only_changes)
{
    td.concern_field = "x";
    ck_assert_int_eq(td_create("{x:0}"), RT_OK);
    ck_assert_str_eq(td_out(), "_concerns.x.isOne=false:concerns");
    ck_assert_int_eq(APPLY("x=1"), RT_OK);
    ck_assert_str_eq(td_out(), "x=1:input; _concerns.x.isOne=true:concerns");
    ck_assert_int_eq(APPLY("x=2"), RT_OK);
    ck_assert_str_eq(td_out(), "x=2:input; _concerns.x.isOne=false:concerns");
    ck_assert_int_eq(APPLY("x=3"), RT_OK);
    ck_assert_str_eq(td_out(), "x=3:input"); /* unchanged concern value: not emitted */
}
END_TEST

START_TEST(listeners_run_once_per_apply)
{
    td.listen[0] = "form";
    ck_assert_int_eq(APPLY("form.a=1", "other=1"), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "form.a=1:input; other=1:input | L0@form/form(0+)");
    /* the listener's output touches form again: it does not run twice */
    const char *out1[] = {"form.b=2"};
    ck_assert_int_eq(cont(RT_TAG_LISTENERS, 1, out1), RT_OK);
    ck_assert_str_eq(td_out(), "form.b=2:listeners");
    ck_assert_str_eq(td_get("form"), "{a:1,b:2}");
    /* a new apply: it runs again */
    ck_assert_int_eq(APPLY("form.a=5"), RT_NEED_LISTENERS);
    const char *none[] = {"form.a=5"};
    ck_assert_int_eq(cont(RT_TAG_LISTENERS, 1, none), RT_OK); /* a no-op output ends it */
    ck_assert_str_eq(td_out(), "");
}
END_TEST

/* rt_plan_ran: what the plan hook hears of listener 0, planned in the
 * first round of each apply. */
static char ran_log[64];

static int32_t plan_logging_ran(int32_t begin, int32_t end)
{
    (void)end;
    size_t n = strlen(ran_log);
    snprintf(ran_log + n, sizeof ran_log - n, "%s%d", n ? " " : "", (int)rt_plan_ran(0));
    if (begin == 0 && rt_once(0, 0) == 1) rt_plan_dispatch(0, 0, 0, 0);
    return RT_OK;
}

START_TEST(plan_ran_answers_for_earlier_rounds_of_the_apply_only)
{
    td.plan_fn = plan_logging_ran;
    ran_log[0] = 0;
    ck_assert_int_eq(APPLY("a=1"), RT_NEED_LISTENERS); /* round 1 plans listener 0 */
    ck_assert_int_eq(rt_plan_ran(0), 0);               /* asked in the round that planned it */
    const char *out1[] = {"a=2"};
    ck_assert_int_eq(route(0, 1, out1), RT_OK); /* routing: never */
    ck_assert_int_eq(cont(RT_TAG_LISTENERS, 1, out1), RT_OK);
    ck_assert_int_eq(APPLY("a=3"), RT_NEED_LISTENERS); /* a new apply: not yet */
    const char *out2[] = {"a=3"};
    ck_assert_int_eq(cont(RT_TAG_LISTENERS, 1, out2), RT_OK);
    /* round 1 (before planning), routing (inside wp_route), round 2; the
     * new apply's round 1, then its round 2 */
    ck_assert_str_eq(ran_log, "0 0 1 0 1");
    ck_assert_int_eq(rt_plan_ran(-1), 0);
    ck_assert_int_eq(rt_plan_ran(1 << 20), 0);
}
END_TEST

START_TEST(an_unheard_listener_gets_dispatches_without_inputs_from_apply_only)
{
    td.listen[0] = "form";
    td.listen[1] = "form.a";
    ck_assert_int_eq(wp_listener_unheard(0, 1), RT_OK);
    ck_assert_int_eq(wp_listener_unheard(-1, 1), RT_E_CALL);
    ck_assert_int_eq(wp_listener_unheard(1 << 16, 1), RT_E_CALL);
    ck_assert_int_eq(APPLY("form.a=1"), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "form.a=1:input | L0@form/form() | L1@form.a/form.a(0)");
    ck_assert_int_eq(wp_rollback(), RT_OK);
    /* the low-level API lists them: its host runs the handlers */
    td_batch b;
    encode(&b, RT_TAG_INPUT, 1, (const char *[]){"form.a=2"});
    ck_assert_int_eq(wp_process(td_send(&b)), RT_OK);
    ck_assert_str_eq(td_out(), "form.a=2:input | L0@form/form(0+) | L1@form.a/form.a(0)");
    /* heard again */
    ck_assert_int_eq(wp_listener_unheard(0, 0), RT_OK);
    ck_assert_int_eq(APPLY("form.a=3"), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "form.a=3:input | L0@form/form(0+) | L1@form.a/form.a(0)");
    ck_assert_int_eq(wp_rollback(), RT_OK);
}
END_TEST

START_TEST(a_loaded_key_holding_undefined_stays)
{
    /* semantics §1: {u: undefined} equals {} for no-op detection, but the
     * key is kept in the state; loading it is not compared with anything */
    ck_assert_int_eq(td_create("{u:undef}"), RT_OK);
    ck_assert_str_eq(td_get(""), "{u:undef}");
    ck_assert_int_eq(APPLY("u=undef"), RT_OK); /* equal: a no-op */
    ck_assert_str_eq(td_out(), "");
    ck_assert_str_eq(td_get(""), "{u:undef}");
}
END_TEST

START_TEST(route_adds_outputs_to_later_dispatches_only)
{
    td.listen[0] = "a";
    td.listen_rank[0] = 0;
    td.listen[1] = "b";
    td.listen_rank[1] = 1;
    td.listen[2] = "c";
    td.listen_rank[2] = 2;
    ck_assert_int_eq(APPLY("a=1", "b.x=1", "c.v=1"), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "a=1:input; b.x=1:input; c.v=1:input | L0@a/a(0) | L1@b/b(1+) | L2@c/c(2+)");
    /* dispatch 0 ran and wrote b.y, a, c and d: b.y reaches dispatch 1 (below its
     * scope), c.w dispatch 2; a goes to nobody (its listener ran), d to nobody */
    const char *out0[] = {"b.y=2", "a=5", "c.w=3", "d=1"};
    ck_assert_int_eq(route(1, 4, out0), RT_OK);
    ck_assert_str_eq(td_out(), "R1<0+ | R2<2+");
    /* from dispatch 2 on only */
    const char *out1[] = {"b=7", "c.z=1"};
    ck_assert_int_eq(route(2, 2, out1), RT_OK);
    ck_assert_str_eq(td_out(), "R2<1+");
    ck_assert_str_eq(td_get("b"), "{x:1}");     /* routing writes nothing */
    ck_assert_int_eq(route(3, 2, out1), RT_OK); /* past the last dispatch */
    ck_assert_str_eq(td_out(), "");
    const char *outs[] = {"b.y=2", "a=5", "c.w=3", "d=1", "b=7", "c.z=1"};
    ck_assert_int_eq(cont(RT_TAG_LISTENERS, 6, outs), RT_OK); /* every listener ran */
    ck_assert_str_eq(td_get("c"), "{v:1,w:3,z:1}");
    ck_assert_int_eq(route(0, 1, out1), RT_E_CALL); /* no apply open */
}
END_TEST

START_TEST(a_dispatch_takes_each_change_once)
{
    td.listen[0] = "a";
    td.listen[1] = "a"; /* listener 1 plans the same topic twice through rt_plan_dispatch */
    ck_assert_int_eq(APPLY("a.x=1"), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "a.x=1:input | L0@a/a(0+) | L1@a/a(0+)");
    ck_assert_int_eq(wp_rollback(), RT_OK);
}
END_TEST

START_TEST(plan_is_sorted_by_rank_then_planning_order)
{
    td.listen[0] = "a";
    td.listen_rank[0] = 2;
    td.listen[1] = "a.b";
    td.listen_rank[1] = 1;
    td.listen[2] = "a.b.c";
    td.listen_rank[2] = 2;
    ck_assert_int_eq(APPLY("a.b.c=1"), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "a.b.c=1:input | L1@a.b/a.b(0+) | L0@a/a(0+) | L2@a.b.c/a.b.c(0)");
    ck_assert_int_eq(wp_rollback(), RT_OK);
}
END_TEST

/* Plans of many dispatches: in order but for a few (insertion), in reverse
 * (past the insertion's budget) and larger than insertion takes (qsort). */
static int32_t plan_n, plan_shape;

static int32_t plan_rank(int32_t k)
{
    switch (plan_shape) {
    case 0: return k % 10 == 9 ? 0 : 1 + k / 10; /* every tenth planned late with the first rank */
    case 1: return plan_n - k;                   /* reverse */
    default: return (k * 7919) % 13;             /* scattered */
    }
}

static int32_t plan_many(int32_t begin, int32_t end)
{
    (void)end;
    if (begin != 0) return RT_OK;
    for (int32_t k = 0; k < plan_n; k++) rt_plan_dispatch(k, 0, 0, plan_rank(k));
    return RT_OK;
}

START_TEST(large_and_unordered_plans_are_sorted_by_rank_then_planning_order)
{
    static const int32_t sizes[][2] = {{100, 0}, {100, 1}, {60, 2}, {300, 2}, {300, 0}};
    td.plan_fn = plan_many;
    for (size_t c = 0; c < sizeof sizes / sizeof *sizes; c++) {
        plan_n = sizes[c][0];
        plan_shape = sizes[c][1];
        ck_assert_int_eq(APPLY("a=1"), RT_NEED_LISTENERS);
        const char *out = td_out();
        int32_t last_rank = -1, last_k = -1, seen = 0;
        for (const char *s = strstr(out, "L"); s; s = strstr(s + 1, " | L")) {
            int32_t k = (int32_t)strtol(s[0] == 'L' ? s + 1 : s + 4, NULL, 10), r = plan_rank(k);
            ck_assert_msg(r > last_rank || (r == last_rank && k > last_k),
                          "case %zu: L%d (rank %d) after L%d (rank %d)", c, (int)k, (int)r, (int)last_k,
                          (int)last_rank);
            last_rank = r;
            last_k = k;
            seen++;
        }
        ck_assert_int_eq(seen, plan_n);
        ck_assert_int_eq(wp_rollback(), RT_OK);
    }
}
END_TEST

START_TEST(iteration_bound_ends_with_an_error)
{
    td.use_app = 1;
    td.max_rounds = 4;
    td.always_plan = 1;
    ck_assert_int_eq(td_create("{n:0}"), RT_OK);
    int32_t r = APPLY("n=1");
    ck_assert_int_eq(r, RT_NEED_LISTENERS);
    int rounds = 1;
    char change[32];
    while (r == RT_NEED_LISTENERS) {
        snprintf(change, sizeof change, "n=%d", ++rounds);
        const char *c[] = {change};
        r = cont(RT_TAG_LISTENERS, 1, c);
    }
    ck_assert_int_eq(r, RT_E_ROUNDS);
    ck_assert_int_eq(rounds, 5);
    ck_assert_str_eq(td_out(), "E-6#-1");
    ck_assert_str_eq(td_get("n"), "0"); /* the whole apply was rolled back */
    ck_assert_int_eq(wp_continue(0), RT_E_CALL);
}
END_TEST

START_TEST(hook_error_rolls_back_everything)
{
    td.sync[0][0] = "a";
    td.sync[0][1] = "b";
    td.fail_stage = RT_STAGE_DERIVED;
    td.fail_write = "w";
    ck_assert_int_eq(td_create("{a:0,b:0}"), RT_OK);
    ck_assert_int_eq(APPLY("a=1", "c.d=2"), RT_E_HOOK);
    ck_assert_str_eq(td_out(), "E-10#-1");
    ck_assert_str_eq(td_get(""), "{a:0,b:0}");
}
END_TEST

START_TEST(write_error_names_the_change)
{
    ck_assert_int_eq(td_create("{s:\"str\"}"), RT_OK);
    ck_assert_int_eq(APPLY("ok=1", "s.x=1"), RT_E_SCALAR);
    ck_assert_str_eq(td_out(), "E-2#1@s.x");
    ck_assert_str_eq(td_get(""), "{s:\"str\"}");
}
END_TEST

START_TEST(host_rollback_restores_state_and_groups)
{
    td.use_app = 1;
    td.listen[0] = "a";
    td.toggle_group = 1; /* stage 7 switches group 0 off */
    ck_assert_int_eq(td_create("{a:0}"), RT_OK);
    ck_assert_int_eq(rt_group_enabled(0), 1);
    ck_assert_int_eq(APPLY("a=1"), RT_NEED_LISTENERS);
    ck_assert_int_eq(rt_group_enabled(0), 0);
    ck_assert_int_eq(APPLY("a=2"), RT_E_CALL); /* an apply is open */
    ck_assert_int_eq(wp_rollback(), RT_OK);    /* the JS handler threw */
    ck_assert_str_eq(td_get("a"), "0");
    ck_assert_int_eq(rt_group_enabled(0), 1);
    ck_assert_int_eq(wp_rollback(), RT_E_CALL);
}
END_TEST

START_TEST(tasks_after_the_last_round_with_final_values)
{
    td.listen[0] = "email";
    td.validate_field = "email";
    ck_assert_int_eq(td_create("{email:\"\"}"), RT_NEED_TASKS); /* creation validates too */
    ck_assert_str_eq(td_out(), "T0.7@email(email=\"\")");
    const char *vs0[] = {"_concerns.email.validationState={isError:false}"};
    ck_assert_int_eq(cont(RT_TAG_VALIDATORS, 1, vs0), RT_OK);
    ck_assert_int_eq(APPLY("email=\"a\""), RT_NEED_LISTENERS);
    ck_assert_str_eq(td_out(), "email=\"a\":input | L0@email/email(0)"); /* no task yet */
    const char *l[] = {"email=\"b\""};
    ck_assert_int_eq(cont(RT_TAG_LISTENERS, 1, l), RT_NEED_TASKS);
    ck_assert_str_eq(td_out(), "email=\"b\":listeners | T0.7@email(email=\"b\")"); /* once, final value */
    const char *vs[] = {"_concerns.email.validationState={isError:true}"};
    ck_assert_int_eq(cont(RT_TAG_VALIDATORS, 1, vs), RT_OK);
    ck_assert_str_eq(td_out(), "_concerns.email.validationState={isError:true}:validators");
}
END_TEST

START_TEST(groups_switch_once_and_roll_back)
{
    td.use_app = 1;
    ck_assert_int_eq(td_create("{}"), RT_OK);
    ck_assert_int_eq(rt_group_enabled(1), 0); /* declared off */
    td_log[0] = 0;
    ck_assert_int_eq(wp_group(1, 1), RT_OK);
    ck_assert_str_eq(td_out(), "_concerns.group1.on=true:concerns");
    ck_assert_str_eq(td_log, "c1");
    ck_assert_int_eq(wp_group(1, 1), RT_OK); /* enabling an enabled group does nothing */
    ck_assert_str_eq(td_out(), "");
    ck_assert_str_eq(td_log, "c1");
    ck_assert_int_eq(wp_group(1, 0), RT_OK);
    ck_assert_str_eq(td_out(), "_concerns.group1.on=undef:concerns");
    ck_assert_str_eq(td_log, "c1 d1");
    ck_assert_int_eq(wp_group(7, 1), RT_E_GROUP);
    ck_assert_int_eq(wp_group(-1, 1), RT_E_GROUP);
}
END_TEST

START_TEST(creation_runs_the_create_hook)
{
    td.sync[0][0] = "source";
    td.sync[0][1] = "target";
    ck_assert_int_eq(td_create("{source:\"A\",target:null}"), RT_OK);
    ck_assert_str_eq(td_out(), "target=\"A\":sync"); /* the load itself is not a change */
    ck_assert_str_eq(td_log, "c-1");
}
END_TEST

START_TEST(process_and_finalize_commit_one_round)
{
    td.listen[0] = "a";
    ck_assert_int_eq(td_create("{}"), RT_OK);
    const char *c[] = {"a=1"};
    td_batch b;
    td_changes(&b, 1, c);
    ck_assert_int_eq(wp_process(td_send(&b)), RT_OK);
    ck_assert_str_eq(td_out(), "a=1:input | L0@a/a(0)");
    ck_assert_int_eq(wp_rollback(), RT_E_CALL); /* already committed */
    ck_assert_str_eq(td_get("a"), "1");
    const char *d[] = {"a=2"};
    td_changes(&b, 1, d);
    td_log[0] = 0;
    ck_assert_int_eq(wp_finalize(td_send(&b)), RT_OK);
    ck_assert_str_eq(td_out(), "a=2:input"); /* no listener planning */
    ck_assert_str_eq(td_log, "i1 i2 s4 s5 s6 s7");
}
END_TEST

Suite *suite_loop(void)
{
    Suite *s = suite_create("loop");
    TCase *tc = tcase_create("loop");
    tcase_add_checked_fixture(tc, fixture_started, fixture_down);
    tcase_add_test(tc, stages_run_in_order);
    tcase_add_test(tc, inputs_compare_with_the_state_as_the_batch_left_it);
    tcase_add_test(tc, sync_propagates_with_tag_and_meta);
    tcase_add_test(tc, sync_below_members);
    tcase_add_test(tc, no_op_filtering_at_later_stages);
    tcase_add_test(tc, later_change_wins_for_the_component);
    tcase_add_test(tc, flip_booleans);
    tcase_add_test(tc, sync_does_not_recreate_vanished_parents);
    tcase_add_test(tc, aggregation_write_back_and_read);
    tcase_add_test(tc, computed_targets_are_read_only);
    tcase_add_test(tc, clear_overrides_input_and_skips_missing);
    tcase_add_test(tc, concerns_emit_only_changes);
    tcase_add_test(tc, listeners_run_once_per_apply);
    tcase_add_test(tc, plan_ran_answers_for_earlier_rounds_of_the_apply_only);
    tcase_add_test(tc, an_unheard_listener_gets_dispatches_without_inputs_from_apply_only);
    tcase_add_test(tc, plan_is_sorted_by_rank_then_planning_order);
    tcase_add_test(tc, large_and_unordered_plans_are_sorted_by_rank_then_planning_order);
    tcase_add_test(tc, route_adds_outputs_to_later_dispatches_only);
    tcase_add_test(tc, a_loaded_key_holding_undefined_stays);
    tcase_add_test(tc, a_dispatch_takes_each_change_once);
    tcase_add_test(tc, hook_error_rolls_back_everything);
    tcase_add_test(tc, write_error_names_the_change);
    tcase_add_test(tc, process_and_finalize_commit_one_round);
    suite_add_tcase(s, tc);
    TCase *fresh = tcase_create("fresh");
    tcase_add_checked_fixture(fresh, fixture_fresh, fixture_down);
    tcase_add_test(fresh, iteration_bound_ends_with_an_error);
    tcase_add_test(fresh, host_rollback_restores_state_and_groups);
    tcase_add_test(fresh, tasks_after_the_last_round_with_final_values);
    tcase_add_test(fresh, groups_switch_once_and_roll_back);
    tcase_add_test(fresh, creation_runs_the_create_hook);
    suite_add_tcase(s, fresh);
    return s;
}
