/* rt_api.c — the wp_ exports: starting the instance from the app descriptor,
 * decoding input batches, sequencing rounds within one apply (the host runs
 * the listeners and tasks in between), committing or rolling back, and
 * writing the output buffer. Every call ends by resetting the scratch arena. */
#include "rt_api.h"

#include "kits/concern_kit.h"
#include "kits/sync_kit.h"
#include "kits/derived_kit.h"
#include "kits/kit_common.h"

#include "hooks.h"
#include "rt_arena.h"
#include "rt_atom.h"
#include "rt_codec.h"
#include "rt_cond.h"
#include "rt_group.h"
#include "rt_heap.h"
#include "rt_loop.h"
#include "rt_path.h"
#include "rt_shadow.h"
#include "rt_undo.h"

enum { STATE_IDLE, STATE_AWAIT_LISTENERS, STATE_AWAIT_TASKS };

static int32_t started; /* 0 not yet, 1 running, <0 failed to start */
static int32_t state;
static uint8_t *in_buf;
static uint32_t in_cap;
static int trim_out;  /* the output of wp_create is still to be read: shrink it at the next wp_in */
#define IN_KEEP 4096u /* input and output buffer kept after creation, in bytes */

/* Load the app's static atoms, paths and groups so their ids match the
 * constants in generated code. */
static int32_t start(void)
{
    const rt_app *app = wp_hook_app();
    if (app && app->abi != RT_ABI_VERSION) return RT_E_ABI;
    if (app) rt_heap_set_base(app->data_end);
    if (rt_path_init() != RT_OK || rt_shadow_init() != RT_OK) return RT_E_NOMEM;
    if (!app) return rt_group_init(0, NULL);
    for (uint32_t i = 0; i < app->n_atoms; i++) {
        uint32_t from = app->atom_offsets[i], to = app->atom_offsets[i + 1];
        int32_t a = rt_atom_intern(app->atom_bytes + from, (int32_t)(to - from));
        if (a < 0) return a;
        if (a != (int32_t)i) return RT_E_ABI; /* duplicate static atom */
    }
    for (uint32_t i = 0; i < app->n_paths; i++) {
        int32_t p = rt_path_child(app->paths[2 * i], app->paths[2 * i + 1]);
        if (p < 0) return p == RT_E_NOMEM ? p : RT_E_ABI;
        if (p != (int32_t)i + 1) return RT_E_ABI;
    }
    rt_loop_configure(app->max_rounds);
    return rt_group_init(app->n_groups, app->groups_on);
}

/* Start on the first call of any export — before anything is allocated, so
 * the heap begins after the app's data (wp_in may well be the first call). */
static int32_t ensure_started(void)
{
    if (started == 0) {
        started = start();
        if (started == RT_OK) started = 1;
    }
    return started < 0 ? started : RT_OK;
}

/* Common prologue: start if needed, check the call fits the state. */
static int32_t enter(int32_t want_idle)
{
    ensure_started();
    rt_out_reset();
    rt_loop_call_reset();
    if (started < 0) return started;
    if (want_idle && state != STATE_IDLE) return RT_E_CALL;
    return RT_OK;
}

static int32_t leave(int32_t status)
{
    rt_arena_reset();
    return status;
}

static void out_error(int32_t status, int32_t index, int32_t path)
{
    rt_out_reset();
    rt_out_byte(RT_REC_ERROR);
    rt_out_svarint(status);
    rt_out_varint((uint32_t)(index + 1));
    if (path >= 0) {
        rt_out_byte(1);
        rt_out_path(path);
    } else {
        rt_out_byte(0);
    }
    rt_out_byte(RT_REC_END);
}

/* Abort the open apply: undo everything since it began, report the error. */
static int32_t abort_apply_at(int32_t status, int32_t index, int32_t path)
{
    rt_undo_rollback(0);
    state = STATE_IDLE;
    out_error(status, index, path);
    return leave(status);
}

static int32_t abort_apply(int32_t status)
{
    return abort_apply_at(status, rt_loop_error_index(), rt_loop_error_path());
}

/* Decode the input buffer as a batch: varint count, then per change a path,
 * a value, a tag byte and a meta varint (0 = none, else id + 1). */
/* Decodes the input batch into the round's inputs.  `space`: the arena, or
 * the heap for wp_create, whose values become the state without a copy. */
static int32_t decode_batch(int32_t len, int32_t *bad_index, int space)
{
    if (len < 0 || (uint32_t)len > in_cap) return RT_E_MALFORMED;
    rt_reader r = {in_buf, in_buf + len, space};
    uint32_t count;
    int32_t st = RT_OK;
    *bad_index = -1;
    if (rt_read_varint(&r, &count) != RT_OK) return RT_E_MALFORMED;
    for (uint32_t i = 0; i < count && st == RT_OK; i++) {
        int32_t path;
        uint8_t tag;
        uint32_t meta;
        *bad_index = (int32_t)i;
        if ((st = rt_decode_path(&r, &path)) != RT_OK) break;
        rt_node *value = rt_decode_value(&r, RT_MAX_DEPTH, &st);
        if (!value) break;
        st = RT_OK;
        if (rt_read_byte(&r, &tag) != RT_OK || tag >= RT_TAG_COUNT || rt_read_varint(&r, &meta) != RT_OK ||
            meta > (uint32_t)INT32_MAX)
            st = RT_E_MALFORMED;
        else
            st = rt_loop_add_input(path, value, tag, (int32_t)meta - 1, (int32_t)i);
        if (st != RT_OK) rt_node_free(value); /* only heap values are freed */
    }
    if (st == RT_OK && r.p != r.end) st = RT_E_MALFORMED;
    if (st == RT_OK) {
        *bad_index = -1;
        return RT_OK;
    }
    /* Heap values already decoded belong to nobody yet. */
    if (space == RT_SPACE_HEAP)
        for (int32_t k = 0; k < rt_input_count(); k++) rt_node_free((rt_node *)rt_input_value(k));
    return st;
}

static int32_t begin_with_batch(int32_t len, int space)
{
    rt_loop_begin();
    int32_t bad;
    int32_t st = decode_batch(len, &bad, space);
    if (st != RT_OK) abort_apply_at(st, bad, -1);
    return st;
}

/* After a round (or a creation hook) of an apply: hand the host its next
 * job, or commit. The output is complete before anything is committed, so a
 * failed encoding can still roll back. */
static int32_t settle(int32_t st, int32_t plan_allowed)
{
    if (st < 0) return abort_apply(st);
    int32_t status = RT_OK;
    rt_loop_out_changes();
    if (plan_allowed && rt_loop_dispatch_count()) {
        rt_loop_out_plan(0);
        status = RT_NEED_LISTENERS;
    } else if (rt_loop_task_count()) {
        rt_loop_out_tasks();
        status = RT_NEED_TASKS;
    }
    rt_out_byte(RT_REC_END);
    if (rt_out_status() != RT_OK) return abort_apply(rt_out_status());
    if (status == RT_OK) rt_undo_commit();
    state = status == RT_NEED_LISTENERS ? STATE_AWAIT_LISTENERS
            : status == RT_NEED_TASKS   ? STATE_AWAIT_TASKS
                                        : STATE_IDLE;
    return leave(status);
}

int32_t wp_abi_version(void) { return RT_ABI_VERSION; }

uint8_t *wp_in(int32_t size)
{
    if (size < 0 || ensure_started() != RT_OK) return NULL;
    /* The host has read the creation's output by now (it asks for the next
     * input after decoding): an output buffer that creation grew goes back,
     * as the input buffer did. */
    if (trim_out) {
        rt_out_shrink(IN_KEEP);
        trim_out = 0;
    }
    if ((uint32_t)size > in_cap) {
        uint8_t *fresh = rt_heap_alloc((size_t)size);
        if (!fresh) return NULL;
        rt_heap_free(in_buf);
        in_buf = fresh;
        in_cap = (uint32_t)size;
    }
    return in_buf ? in_buf : (uint8_t *)&in_cap; /* a valid address even for size 0 */
}

uint8_t *wp_out_ptr(void) { return rt_out_data(); }
int32_t wp_out_len(void) { return (int32_t)rt_out_len(); }

int32_t wp_create(int32_t len)
{
    int32_t st = enter(1);
    if (st != RT_OK) return leave(st);
    /* The state is decoded straight into the heap and adopted by the shadow
     * state: no second copy of what can be a very large value. */
    if ((st = begin_with_batch(len, RT_SPACE_HEAP)) != RT_OK) return st;
    /* The initial state's batch can be large and is decoded now: its buffer
     * goes back to the heap (the next wp_in takes one of the size it needs)
     * instead of staying that size for the pipeline's life. */
    if (in_cap > IN_KEEP) {
        rt_heap_free(in_buf);
        in_buf = NULL;
        in_cap = 0;
    }
    /* Loading is not a change anybody reacts to: write quietly. */
    int32_t n = rt_input_count();
    for (int32_t i = 0; i < n && st >= 0; i++) {
        st = rt_shadow_set(rt_input_path(i), rt_input_value(i), RT_WRITE_ADOPT, NULL);
        if (st < 0) {
            for (int32_t k = i + 1; k < n; k++) rt_node_free((rt_node *)rt_input_value(k));
            return abort_apply_at(st, i, rt_input_path(i));
        }
    }
    st = settle(rt_loop_run_create(-1), 0);
    /* creation's scratch and undo log are not what the applies need */
    rt_arena_shrink();
    rt_undo_shrink();
    trim_out = 1;
    return st;
}

int32_t wp_apply(int32_t len)
{
    int32_t st = enter(1);
    if (st != RT_OK) return leave(st);
    if ((st = begin_with_batch(len, RT_SPACE_ARENA)) != RT_OK) return st;
    return settle(rt_loop_round(1), 1);
}

int32_t wp_continue(int32_t len)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    if (state == STATE_IDLE) return leave(RT_E_CALL);
    int32_t bad, plan = state == STATE_AWAIT_LISTENERS;
    if ((st = decode_batch(len, &bad, RT_SPACE_ARENA)) != RT_OK) return abort_apply_at(st, bad, -1);
    return settle(rt_loop_round(plan), plan);
}

/* While the host runs a round's dispatches: the outputs of the ones it has
 * run, routed to the dispatches from `next` on whose topics they touch
 * (semantics §11: a listener also gets the earlier outputs of its round).
 * Changes nothing; the apply stays open. */
int32_t wp_route(int32_t next, int32_t len)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    if (state != STATE_AWAIT_LISTENERS) return leave(RT_E_CALL);
    int32_t bad;
    if ((st = decode_batch(len, &bad, RT_SPACE_ARENA)) != RT_OK) return abort_apply_at(st, bad, -1);
    if ((st = rt_loop_route(next)) < 0) return abort_apply(st);
    rt_loop_out_routes();
    rt_out_byte(RT_REC_END);
    if (rt_out_status() != RT_OK) return abort_apply(rt_out_status());
    return leave(RT_OK);
}

int32_t wp_rollback(void)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    if (state == STATE_IDLE) return leave(RT_E_CALL);
    rt_undo_rollback(0);
    state = STATE_IDLE;
    rt_out_byte(RT_REC_END);
    return leave(RT_OK);
}

/* processChanges / pipelineFinalize: one round, committed at once. */
static int32_t one_round(int32_t len, int32_t plan)
{
    int32_t st = enter(1);
    if (st != RT_OK) return leave(st);
    if ((st = begin_with_batch(len, RT_SPACE_ARENA)) != RT_OK) return st;
    st = rt_loop_round(plan);
    if (st < 0) return abort_apply(st);
    rt_loop_out_changes();
    rt_loop_out_plan(1);
    rt_loop_out_tasks();
    rt_out_byte(RT_REC_END);
    if (rt_out_status() != RT_OK) return abort_apply(rt_out_status());
    rt_undo_commit();
    return leave(RT_OK);
}

int32_t wp_process(int32_t len) { return one_round(len, 1); }
int32_t wp_finalize(int32_t len) { return one_round(len, 0); }

int32_t wp_group(int32_t group, int32_t on)
{
    int32_t st = enter(1);
    if (st != RT_OK) return leave(st);
    rt_loop_begin();
    st = rt_group_set(group, on);
    if (st < 0) return abort_apply(st);
    if (st == 0) return settle(RT_OK, 0); /* already so: nothing happens */
    return settle(on ? rt_loop_run_create(group) : rt_loop_run_disable(group), 0);
}

int32_t wp_get(int32_t len)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    if (len < 0 || (uint32_t)len > in_cap) return leave(RT_E_MALFORMED);
    rt_reader r = {in_buf, in_buf + len, RT_SPACE_ARENA};
    int32_t path;
    if ((st = rt_decode_path(&r, &path)) != RT_OK) return leave(st);
    rt_out_byte(RT_REC_VALUE);
    rt_out_value(rt_shadow_get(path));
    rt_out_byte(RT_REC_END);
    return leave(rt_out_status());
}

int32_t wp_path_id(int32_t len)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    if (len < 0 || (uint32_t)len > in_cap) return leave(RT_E_MALFORMED);
    return leave(rt_path_parse(in_buf, len));
}

int32_t wp_path_text(int32_t path)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    if (!rt_path_valid(path)) return leave(RT_E_PATH);
    uint32_t n = (uint32_t)rt_path_text_len(path);
    rt_out_byte(RT_REC_TEXT);
    rt_out_varint(n);
    uint8_t *tmp = rt_arena_alloc(n + 1u);
    if (!tmp) return leave(RT_E_NOMEM);
    rt_path_text(path, tmp);
    rt_out_bytes(tmp, n);
    rt_out_byte(RT_REC_END);
    return leave(rt_out_status());
}

int32_t wp_concern_evals(void) { return (int32_t)rt_kit_concern_evaluations(); }
int32_t wp_derived_evals(void) { return (int32_t)rt_kit_derived_evaluations(); }

int32_t wp_listener_unheard(int32_t listener, int32_t on)
{
    int32_t st = enter(0);
    if (st != RT_OK) return leave(st);
    return leave(rt_loop_set_unheard(listener, on != 0));
}

int32_t wp_heap_live(void)
{
    size_t live = rt_heap_live();
    return live > (size_t)INT32_MAX ? INT32_MAX : (int32_t)live;
}

void rt_api_shutdown(void)
{
    rt_undo_rollback(0);
    rt_undo_release();
    rt_loop_release();
    rt_shadow_release();
    rt_cond_release();
    rt_kit_concern_release();
    rt_kit_sync_release();
    kit_common_release();
    rt_path_release();
    rt_atom_release();
    rt_group_release();
    rt_out_release();
    rt_arena_release();
    rt_heap_free(in_buf);
    in_buf = NULL;
    in_cap = 0;
    started = 0;
    trim_out = 0;
    state = STATE_IDLE;
}
