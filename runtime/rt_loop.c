/* rt_loop.c — the round and its services.
 *
 * Per call (scratch arena): the queued inputs, the round's changes with value
 * snapshots and the old values, the plan. Per apply (persistent heap, reused):
 * the round counter, the once-set, the task queue. A service that fails
 * records a sticky status, so the round aborts even if a hook ignores the
 * return value. */
#include "rt_loop.h"

#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "rt_access.h"
#include "rt_arena.h"
#include "rt_atom.h"
#include "rt_codec.h"
#include "rt_heap.h"
#include "rt_vec.h"
#include "rt_path.h"
#include "rt_map.h"
#include "rt_shadow.h"

typedef struct {
    int32_t path, tag, meta, index; /* index: position in the host's batch, -1 if none */
    rt_node *value;                 /* arena */
} input_rec;

typedef struct {
    int32_t path, tag, meta, index;
    rt_node *value; /* arena snapshot as written */
    rt_node *old;   /* the replaced value (rt_shadow_set's *old); NULL = missing */
} change_rec;

typedef struct {
    int32_t listener, scope, topic, rank, seq;
    int32_t *inputs;
    uint32_t n_inputs, cap_inputs;
    int32_t *keys; /* atoms the listener's wildcards matched (ctx.keys) */
    uint32_t n_keys, cap_keys;
} dispatch_rec;

typedef struct {
    int32_t dispatch, change;
} route_rec;

typedef struct {
    int32_t kind, id, path;
    uint32_t first_arg, n_args;
} task_rec;

enum { PHASE_NONE, PHASE_INPUT, PHASE_WRITE, PHASE_PLAN };

/* per call */
static int32_t phase;
static input_rec *inputs, *next_inputs;
static uint32_t n_inputs, cap_inputs, n_next, cap_next;
static int32_t current_input;
static change_rec *changes;
static uint32_t n_changes, cap_changes;
static dispatch_rec *dispatches;
static uint32_t n_dispatches, cap_dispatches;
static int32_t sticky, err_index, err_path;
static int32_t routing, route_next; /* wp_route: the plan hook adds inputs to dispatches >= route_next */
static route_rec *routes;
static uint32_t n_routes, cap_routes;
static int32_t *route_last;   /* per dispatch: the last change routed to it (no duplicates) */
static int32_t *route_valued; /* the changes whose routes depend on values (rt_plan_valued), ascending */
static uint32_t n_valued, cap_valued;

/* per apply */
static uint32_t rounds, max_rounds = RT_DEFAULT_MAX_ROUNDS;
static rt_map once_set, task_set;
static task_rec *tasks;
static uint32_t n_tasks, cap_tasks;
static int32_t *task_args;
static uint32_t n_task_args, cap_task_args;
/* The last planned round's dispatches, in output order, kept past the call
 * that planned them so wp_route can add inputs while the host runs them:
 * (listener, topic) -> index, and each one's scope. */
static rt_map plan_set;
static int32_t *plan_scopes;
static uint32_t n_plan, cap_plan;
/* Rounds are numbered across applies (never reset, 64 bits: no wrap); per
 * listener id, the last round that planned it (rt_plan_ran). */
static uint64_t round_serial, apply_first_round = 1;
static uint64_t *planned_in;
static uint32_t cap_planned;
/* Per listener id: 1 when the host's handler reads no changes (wp_listener_unheard). */
static uint8_t *unheard;
static uint32_t cap_unheard;
#define RT_PLANNED_MAX (1u << 16) /* listener ids past it are not recorded */

/* Grow an arena vector (old storage is simply left to the arena). */
static int32_t arena_reserve(void **items, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return RT_OK;
    uint64_t n = *cap ? (uint64_t)*cap * 2u : 16u;
    while (n < need) n *= 2u;
    if (n * elem > (uint64_t)INT32_MAX) return RT_E_NOMEM;
    void *fresh = rt_arena_alloc((size_t)(n * elem));
    if (!fresh) return RT_E_NOMEM;
    if (*cap) memcpy(fresh, *items, *cap * elem);
    *items = fresh;
    *cap = (uint32_t)n;
    return RT_OK;
}

static int32_t fail(int32_t status, int32_t index, int32_t path)
{
    if (sticky == RT_OK) {
        sticky = status;
        err_index = index;
        err_path = path;
    }
    return status;
}

int32_t rt_loop_fail(int32_t status) { return fail(status, -1, -1); }

void rt_loop_configure(uint32_t max) { max_rounds = max ? max : RT_DEFAULT_MAX_ROUNDS; }

void rt_loop_begin(void)
{
    rounds = 0;
    apply_first_round = round_serial + 1;
    rt_map_clear(&once_set);
    rt_map_clear(&task_set);
    rt_map_clear(&plan_set);
    n_tasks = n_task_args = n_plan = 0;
}

void rt_loop_call_reset(void)
{
    phase = PHASE_NONE;
    inputs = next_inputs = NULL;
    n_inputs = cap_inputs = n_next = cap_next = 0;
    changes = NULL;
    n_changes = cap_changes = 0;
    dispatches = NULL;
    n_dispatches = cap_dispatches = 0;
    sticky = RT_OK;
    err_index = err_path = -1;
    current_input = -1;
    routing = 0;
    route_next = 0;
    routes = NULL;
    n_routes = cap_routes = 0;
    route_last = NULL;
    route_valued = NULL;
    n_valued = cap_valued = 0;
}

void rt_loop_release(void)
{
    rt_map_release(&once_set);
    rt_map_release(&task_set);
    rt_map_release(&plan_set);
    rt_heap_free(tasks);
    rt_heap_free(task_args);
    rt_heap_free(plan_scopes);
    rt_heap_free(planned_in);
    rt_heap_free(unheard);
    unheard = NULL;
    cap_unheard = 0;
    tasks = NULL;
    task_args = NULL;
    plan_scopes = NULL;
    planned_in = NULL;
    n_tasks = cap_tasks = n_task_args = cap_task_args = n_plan = cap_plan = cap_planned = 0;
}

static int32_t push_input(input_rec **vec, uint32_t *n, uint32_t *cap, input_rec rec)
{
    if (arena_reserve((void **)vec, cap, *n + 1u, sizeof rec) != RT_OK) return RT_E_NOMEM;
    (*vec)[(*n)++] = rec;
    return RT_OK;
}

/* Appends x to a dispatch's list of ids (its inputs, its keys). */
static int32_t push_id(int32_t **vec, uint32_t *n, uint32_t *cap, int32_t x)
{
    if (arena_reserve((void **)vec, cap, *n + 1u, sizeof x) != RT_OK) return RT_E_NOMEM;
    (*vec)[(*n)++] = x;
    return RT_OK;
}

int32_t rt_loop_add_input(int32_t path, rt_node *value, int32_t tag, int32_t meta, int32_t index)
{
    input_rec rec = {path, tag, meta, index, value};
    return push_input(&inputs, &n_inputs, &cap_inputs, rec);
}

/* ---- writing ---- */

/* The write behind rt_write and stage 3. */
static int32_t write_change(int32_t path, const rt_node *value, int32_t tag, int32_t meta, int32_t index, int32_t flags)
{
    if (!rt_path_valid(path)) return fail(RT_E_PATH, index, -1);
    if (tag < 0 || tag >= RT_TAG_COUNT) return fail(RT_E_HOOK, index, path);
    /* Everything that can fail before the state changes: the change slot and
     * the snapshot (the caller may later reuse or the state may later change
     * what `value` points to). */
    if (arena_reserve((void **)&changes, &cap_changes, n_changes + 1u, sizeof *changes) != RT_OK)
        return fail(RT_E_NOMEM, index, path);
    int32_t st = RT_E_NOMEM;
    rt_node *snap = (value && value->space == RT_SPACE_ARENA) ? (rt_node *)value
                                                              : rt_node_copy(value, RT_SPACE_ARENA, RT_MAX_DEPTH, &st);
    if (!snap) return fail(st, index, path);
    rt_node *old = NULL;
    int32_t r = rt_shadow_set(path, snap, flags, &old);
    if (r < 0) return fail(r, index, path);
    if (r == 0) return 0;
    changes[n_changes++] = (change_rec){path, tag, meta, index, snap, old};
    return 1;
}

int32_t rt_write(int32_t path, const rt_node *value, int32_t tag, int32_t from, int32_t flags)
{
    if (sticky != RT_OK) return sticky;
    if (phase != PHASE_WRITE) return fail(RT_E_HOOK, -1, path);
    int32_t meta = -1, index = -1;
    if (from >= 0) {
        if ((uint32_t)from >= n_changes) return fail(RT_E_HOOK, -1, path);
        meta = changes[from].meta;
        index = changes[from].index;
    }
    return write_change(path, value, tag, meta, index, flags);
}

int32_t rt_write_bool(int32_t path, int32_t truth, int32_t tag)
{
    if (sticky == RT_OK && phase == PHASE_WRITE && rt_path_valid(path)) {
        const rt_node *old = rt_shadow_get(path);
        if (rt_node_kind(old) == RT_KIND_BOOL && rt_truth(old) == (truth != 0)) return 0;
    }
    return rt_write(path, rt_mk_bool(truth), tag, -1, 0);
}

/* ---- the round ---- */

static int32_t run_input_stage(int32_t stage)
{
    phase = PHASE_INPUT;
    next_inputs = NULL;
    n_next = cap_next = 0;
    for (uint32_t i = 0; i < n_inputs; i++) {
        current_input = (int32_t)i;
        int32_t r = wp_hook_input(stage, (int32_t)i);
        if (sticky != RT_OK) return sticky;
        if (r < 0) return fail(r, inputs[i].index, inputs[i].path);
        if (r == RT_INPUT_KEEP && push_input(&next_inputs, &n_next, &cap_next, inputs[i]) != RT_OK)
            return fail(RT_E_NOMEM, inputs[i].index, inputs[i].path);
    }
    current_input = -1;
    inputs = next_inputs;
    n_inputs = n_next;
    cap_inputs = cap_next;
    return RT_OK;
}

static int32_t run_apply_stage(void)
{
    phase = PHASE_WRITE;
    for (uint32_t i = 0; i < n_inputs; i++) {
        const input_rec *in = &inputs[i];
        int32_t r = write_change(in->path, in->value, in->tag, in->meta, in->index, 0);
        if (r < 0) return r;
    }
    return RT_OK;
}

static int32_t run_range_stage(int32_t stage, uint32_t begin)
{
    phase = PHASE_WRITE;
    int32_t r = wp_hook_stage(stage, (int32_t)begin, (int32_t)n_changes);
    if (sticky != RT_OK) return sticky;
    return r < 0 ? fail(r, -1, -1) : RT_OK;
}

static int cmp_dispatch(const void *a, const void *b)
{
    const dispatch_rec *x = a, *y = b;
    if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* After the plan hook: the dispatches in output order, and the index of
 * each remembered by (listener, topic) for wp_route. */
static int32_t keep_plan(void)
{
    rt_map_clear(&plan_set);
    n_plan = 0;
    if (rt_vec_reserve((void **)&plan_scopes, &cap_plan, n_dispatches, sizeof *plan_scopes, RT_SPACE_HEAP) != RT_OK)
        return fail(RT_E_NOMEM, -1, -1);
    for (uint32_t i = 0; i < n_dispatches; i++) {
        if (rt_map_put(&plan_set, dispatches[i].listener, dispatches[i].topic, (int32_t)i) != RT_OK)
            return fail(RT_E_NOMEM, -1, -1);
        plan_scopes[i] = dispatches[i].scope;
    }
    n_plan = n_dispatches;
    return RT_OK;
}

/* The plan in output order (rank, then planning order). A round's plan is
 * mostly in that order already: the instances of a wildcard listener,
 * planned change by change, come after the static listeners the first
 * change planned, and each has only those to pass. So a small plan is
 * sorted by insertion, within a budget of moves; past it, or for a large
 * plan, qsort finishes (the part already sorted does not hurt it). */
#define SORT_INSERT_MAX 128u  /* dispatches */
#define SORT_INSERT_MOVES 16u /* moves per dispatch */

static void sort_plan(void)
{
    if (n_dispatches < 2) return;
    if (n_dispatches <= SORT_INSERT_MAX) {
        uint32_t budget = SORT_INSERT_MOVES * n_dispatches, i = 1;
        for (; i < n_dispatches && budget; i++) {
            dispatch_rec x = dispatches[i];
            uint32_t j = i;
            for (; j > 0 && budget && cmp_dispatch(&dispatches[j - 1], &x) > 0; j--, budget--)
                dispatches[j] = dispatches[j - 1];
            dispatches[j] = x;
        }
        if (i == n_dispatches && budget) return;
    }
    qsort(dispatches, n_dispatches, sizeof *dispatches, cmp_dispatch);
}

static int32_t run_plan_stage(uint32_t begin)
{
    phase = PHASE_PLAN;
    rt_map_clear(&plan_set);
    n_plan = 0;
    int32_t r = wp_hook_plan((int32_t)begin, (int32_t)n_changes);
    if (sticky != RT_OK) return sticky;
    if (r < 0) return fail(r, -1, -1);
    sort_plan();
    return keep_plan();
}

int32_t rt_loop_round(int32_t plan)
{
    if (++rounds > max_rounds) return fail(RT_E_ROUNDS, -1, -1);
    round_serial++;
    uint32_t begin = n_changes;
    int32_t st = RT_OK;
    /* stages.def, in order: each entry's `how` picks the runner. */
#define RT_STAGE(name, number, how)                                                                                    \
    if (st == RT_OK) st = run_stage_##how(number, begin, plan);
#define run_stage_INPUT(number, begin, plan) run_input_stage(number)
#define run_stage_APPLY(number, begin, plan) run_apply_stage()
#define run_stage_RANGE(number, begin, plan) run_range_stage(number, begin)
#define run_stage_PLAN(number, begin, plan) ((plan) ? run_plan_stage(begin) : RT_OK)
#include "stages.def"
#undef RT_STAGE
    phase = PHASE_NONE;
    return st;
}

/* wp_route: the queued inputs are outputs of listeners that ran, not yet
 * applied. Presented to the plan hook as the call's changes (old value =
 * the state now), they are routed to the planned dispatches from `next` on
 * that they touch; nothing is written and nothing new is planned. */
int32_t rt_loop_route(int32_t next)
{
    if (next < 0) return fail(RT_E_CALL, -1, -1);
    for (uint32_t i = 0; i < n_inputs; i++) {
        if (arena_reserve((void **)&changes, &cap_changes, n_changes + 1u, sizeof *changes) != RT_OK)
            return fail(RT_E_NOMEM, inputs[i].index, inputs[i].path);
        const input_rec *in = &inputs[i];
        changes[n_changes++] = (change_rec){in->path, in->tag, in->meta, in->index, in->value, rt_shadow_get(in->path)};
    }
    if ((uint32_t)next >= n_plan || n_changes == 0) return RT_OK;
    route_last = rt_arena_alloc(n_plan * sizeof *route_last);
    if (!route_last) return fail(RT_E_NOMEM, -1, -1);
    for (uint32_t i = 0; i < n_plan; i++) route_last[i] = -1;
    phase = PHASE_PLAN;
    routing = 1;
    route_next = next;
    int32_t r = wp_hook_plan(0, (int32_t)n_changes);
    phase = PHASE_NONE;
    routing = 0;
    if (sticky != RT_OK) return sticky;
    return r < 0 ? fail(r, -1, -1) : RT_OK;
}

static int32_t run_hook_writing(int32_t (*hook)(int32_t), int32_t group)
{
    phase = PHASE_WRITE;
    int32_t r = hook(group);
    phase = PHASE_NONE;
    if (sticky != RT_OK) return sticky;
    return r < 0 ? fail(r, -1, -1) : RT_OK;
}

int32_t rt_loop_run_create(int32_t group) { return run_hook_writing(wp_hook_create, group); }
int32_t rt_loop_run_disable(int32_t group) { return run_hook_writing(wp_hook_disable, group); }

/* ---- services: inputs ---- */

static int32_t input_ok(int32_t i) { return i >= 0 && (uint32_t)i < n_inputs; }

int32_t rt_input_count(void) { return (int32_t)n_inputs; }
int32_t rt_input_path(int32_t i) { return input_ok(i) ? inputs[i].path : RT_E_HOOK; }
rt_node *rt_input_value(int32_t i) { return input_ok(i) ? inputs[i].value : NULL; }
int32_t rt_input_tag(int32_t i) { return input_ok(i) ? inputs[i].tag : RT_E_HOOK; }

int32_t rt_input_emit(int32_t path, const rt_node *value, int32_t tag)
{
    if (sticky != RT_OK) return sticky;
    if (phase != PHASE_INPUT || current_input < 0 || !rt_path_valid(path) || tag < 0 || tag >= RT_TAG_COUNT)
        return fail(RT_E_HOOK, -1, path);
    const input_rec *cur = &inputs[current_input];
    int32_t st = RT_E_NOMEM;
    rt_node *snap = (value && value->space == RT_SPACE_ARENA) ? (rt_node *)value
                                                              : rt_node_copy(value, RT_SPACE_ARENA, RT_MAX_DEPTH, &st);
    if (!snap) return fail(st, cur->index, path);
    input_rec rec = {path, tag, cur->meta, cur->index, snap};
    if (push_input(&next_inputs, &n_next, &cap_next, rec) != RT_OK) return fail(RT_E_NOMEM, cur->index, path);
    return RT_OK;
}

/* ---- services: changes ---- */

static int32_t change_ok(int32_t i) { return i >= 0 && (uint32_t)i < n_changes; }

int32_t rt_change_count(void) { return (int32_t)n_changes; }
int32_t rt_change_path(int32_t i) { return change_ok(i) ? changes[i].path : RT_E_HOOK; }
rt_node *rt_change_value(int32_t i) { return change_ok(i) ? changes[i].value : NULL; }
rt_node *rt_change_old(int32_t i) { return change_ok(i) ? changes[i].old : NULL; }
int32_t rt_change_tag(int32_t i) { return change_ok(i) ? changes[i].tag : RT_E_HOOK; }

/* ---- services: plan, once, tasks, scratch ---- */

/* Records that this round plans `listener` (for rt_plan_ran); an id past
 * RT_PLANNED_MAX, or no memory for the record, only loses the shortcut. */
static void note_planned(int32_t listener)
{
    uint32_t l = (uint32_t)listener, old = cap_planned;
    if (l >= RT_PLANNED_MAX) return;
    if (rt_vec_reserve((void **)&planned_in, &cap_planned, l + 1u, sizeof *planned_in, RT_SPACE_HEAP) != RT_OK) return;
    if (cap_planned > old) memset(planned_in + old, 0, (cap_planned - old) * sizeof *planned_in);
    planned_in[l] = round_serial;
}

int32_t rt_plan_dispatch(int32_t listener, int32_t scope, int32_t topic, int32_t rank)
{
    if (sticky != RT_OK) return sticky;
    if (phase != PHASE_PLAN || routing || listener < 0 || !rt_path_valid(scope) || !rt_path_valid(topic))
        return fail(RT_E_HOOK, -1, -1);
    int32_t have = rt_map_get(&plan_set, listener, topic, -1);
    if (have >= 0) return have; /* planned already in this round: one dispatch per (listener, topic) */
    if (arena_reserve((void **)&dispatches, &cap_dispatches, n_dispatches + 1u, sizeof *dispatches) != RT_OK ||
        rt_map_put(&plan_set, listener, topic, (int32_t)n_dispatches) != RT_OK)
        return fail(RT_E_NOMEM, -1, -1);
    dispatches[n_dispatches] =
        (dispatch_rec){listener, scope, topic, rank, (int32_t)n_dispatches, NULL, 0, 0, NULL, 0, 0};
    note_planned(listener);
    return (int32_t)n_dispatches++;
}

int32_t rt_plan_ran(int32_t listener)
{
    if (routing || listener < 0 || (uint32_t)listener >= cap_planned) return 0;
    uint64_t r = planned_in[listener];
    return r >= apply_first_round && r < round_serial;
}

int32_t rt_plan_find(int32_t listener, int32_t topic)
{
    if (sticky != RT_OK) return sticky;
    if (phase != PHASE_PLAN) return fail(RT_E_HOOK, -1, -1);
    int32_t d = rt_map_get(&plan_set, listener, topic, -1);
    if (routing && d >= 0 && d < route_next) return -1; /* it ran already */
    return d;
}

int32_t rt_plan_key(int32_t dispatch, int32_t atom)
{
    if (sticky != RT_OK) return sticky;
    if (phase != PHASE_PLAN || routing || dispatch < 0 || (uint32_t)dispatch >= n_dispatches || atom < 0 ||
        atom >= rt_atom_count())
        return fail(RT_E_HOOK, -1, -1);
    dispatch_rec *d = &dispatches[dispatch];
    if (push_id(&d->keys, &d->n_keys, &d->cap_keys, atom) != RT_OK) return fail(RT_E_NOMEM, -1, -1);
    return RT_OK;
}

void rt_plan_valued(int32_t change)
{
    if (!routing || sticky != RT_OK || !change_ok(change)) return;
    if (n_valued && route_valued[n_valued - 1] == change) return; /* the walk goes change by change */
    if (arena_reserve((void **)&route_valued, &cap_valued, n_valued + 1u, sizeof *route_valued) != RT_OK) {
        fail(RT_E_NOMEM, -1, -1);
        return;
    }
    route_valued[n_valued++] = change;
}

int32_t rt_plan_input(int32_t dispatch, int32_t change)
{
    if (sticky != RT_OK) return sticky;
    if (phase != PHASE_PLAN || !change_ok(change)) return fail(RT_E_HOOK, -1, -1);
    if (routing) {
        if (dispatch < route_next || (uint32_t)dispatch >= n_plan) return fail(RT_E_HOOK, -1, -1);
        if (route_last[dispatch] == change) return RT_OK;
        if (arena_reserve((void **)&routes, &cap_routes, n_routes + 1u, sizeof *routes) != RT_OK)
            return fail(RT_E_NOMEM, -1, -1);
        routes[n_routes++] = (route_rec){dispatch, change};
        route_last[dispatch] = change;
        return RT_OK;
    }
    if (dispatch < 0 || (uint32_t)dispatch >= n_dispatches) return fail(RT_E_HOOK, -1, -1);
    dispatch_rec *d = &dispatches[dispatch];
    /* a change touching the listener through several topics counts once */
    if (d->n_inputs && d->inputs[d->n_inputs - 1] == change) return RT_OK;
    if (push_id(&d->inputs, &d->n_inputs, &d->cap_inputs, change) != RT_OK) return fail(RT_E_NOMEM, -1, -1);
    return RT_OK;
}

int32_t rt_once(int32_t a, int32_t b)
{
    if (sticky != RT_OK) return sticky;
    if (routing) return 0; /* routing plans nothing new */
    if (rt_map_get(&once_set, a, b, -1) >= 0) return 0;
    if (rt_map_put(&once_set, a, b, 1) != RT_OK) return fail(RT_E_NOMEM, -1, -1);
    return 1;
}

int32_t rt_task(int32_t kind, int32_t id, int32_t path, const int32_t *arg_paths, int32_t n_args)
{
    if (sticky != RT_OK) return sticky;
    if (kind < 0 || id < 0 || !rt_path_valid(path) || n_args < 0 || (n_args && !arg_paths))
        return fail(RT_E_HOOK, -1, path);
    for (int32_t i = 0; i < n_args; i++)
        if (!rt_path_valid(arg_paths[i])) return fail(RT_E_HOOK, -1, path);
    /* one key word for (kind, id): kinds are the two of rt_task's callers */
    if (kind > 3 || id > (INT32_MAX >> 2)) return fail(RT_E_HOOK, -1, path);
    int32_t what = id << 2 | kind;
    if (rt_map_get(&task_set, what, path, -1) >= 0) return 0;
    if (rt_vec_reserve((void **)&tasks, &cap_tasks, n_tasks + 1u, sizeof *tasks, RT_SPACE_HEAP) != RT_OK ||
        rt_vec_reserve((void **)&task_args, &cap_task_args, n_task_args + (uint32_t)n_args, sizeof *task_args,
                       RT_SPACE_HEAP) != RT_OK ||
        rt_map_put(&task_set, what, path, (int32_t)n_tasks) != RT_OK)
        return fail(RT_E_NOMEM, -1, path);
    tasks[n_tasks++] = (task_rec){kind, id, path, n_task_args, (uint32_t)n_args};
    if (n_args) memcpy(task_args + n_task_args, arg_paths, (size_t)n_args * sizeof *task_args);
    n_task_args += (uint32_t)n_args;
    return 1;
}

void *rt_scratch(int32_t size)
{
    if (size < 0) return NULL;
    void *p = rt_arena_zalloc((size_t)size);
    if (!p) fail(RT_E_NOMEM, -1, -1);
    return p;
}

/* ---- output ---- */

uint32_t rt_loop_dispatch_count(void) { return n_dispatches; }
uint32_t rt_loop_task_count(void) { return n_tasks; }
int32_t rt_loop_error_index(void) { return err_index; }
int32_t rt_loop_error_path(void) { return err_path; }

void rt_loop_out_changes(void)
{
    for (uint32_t i = 0; i < n_changes; i++) {
        const change_rec *c = &changes[i];
        rt_out_byte(RT_REC_CHANGE);
        rt_out_path(c->path);
        rt_out_byte((uint8_t)c->tag);
        rt_out_varint((uint32_t)(c->meta + 1));
        rt_out_value(c->value);
    }
}

/* An input as the host gets it: the change index, shifted, with bit 0 set
 * when its path is strictly below the (non-root) scope, so the host cuts
 * the scope's text off without comparing strings. */
static uint32_t input_word(int32_t scope, int32_t change)
{
    int32_t path = changes[change].path;
    int below = scope != RT_ROOT && path != scope && rt_path_within(scope, path);
    return (uint32_t)change << 1 | (uint32_t)below;
}

/* input_word, remembered per change for the last scope asked: a round's
 * dispatches often share a scope and hear the same changes (ten listeners
 * on `catalog`), and each answer walks the change's path up to the scope. */
typedef struct {
    int32_t scope;
    uint32_t word;
} word_memo;

static uint32_t memo_word(word_memo *memo, int32_t scope, int32_t change)
{
    if (!memo) return input_word(scope, change); /* no memory for the memo: ask every time */
    word_memo *m = &memo[change];
    if (m->scope != scope) {
        m->scope = scope;
        m->word = input_word(scope, change);
    }
    return m->word;
}

int32_t rt_loop_set_unheard(int32_t listener, int on)
{
    if (listener < 0 || (uint32_t)listener >= RT_PLANNED_MAX) return RT_E_CALL;
    uint32_t l = (uint32_t)listener, old = cap_unheard;
    if (l >= cap_unheard) {
        if (!on) return RT_OK;
        if (rt_vec_reserve((void **)&unheard, &cap_unheard, l + 1u, 1, RT_SPACE_HEAP) != RT_OK) return RT_E_NOMEM;
        memset(unheard + old, 0, cap_unheard - old);
    }
    unheard[l] = (uint8_t)on;
    return RT_OK;
}

static int heard(int32_t listener) { return listener < 0 || (uint32_t)listener >= cap_unheard || !unheard[listener]; }

void rt_loop_out_plan(int every_input)
{
    word_memo *memo = n_dispatches > 1 && n_changes ? rt_arena_alloc(n_changes * sizeof *memo) : NULL;
    for (uint32_t i = 0; memo && i < n_changes; i++) memo[i].scope = -1;
    for (uint32_t i = 0; i < n_dispatches; i++) {
        const dispatch_rec *d = &dispatches[i];
        rt_out_byte(RT_REC_DISPATCH);
        rt_out_varint((uint32_t)d->listener);
        rt_out_path(d->scope);
        rt_out_path(d->topic);
        rt_out_varint(d->n_keys);
        for (uint32_t k = 0; k < d->n_keys; k++) {
            rt_out_varint((uint32_t)rt_atom_len(d->keys[k]));
            rt_out_bytes(rt_atom_bytes(d->keys[k]), (uint32_t)rt_atom_len(d->keys[k]));
        }
        if (!every_input && !heard(d->listener)) {
            rt_out_varint(0); /* nobody reads them */
            continue;
        }
        rt_out_varint(d->n_inputs);
        for (uint32_t j = 0; j < d->n_inputs; j++) rt_out_varint(memo_word(memo, d->scope, d->inputs[j]));
    }
}

void rt_loop_out_routes(void)
{
    for (uint32_t i = 0; i < n_routes; i++) {
        rt_out_byte(RT_REC_ROUTE);
        rt_out_varint((uint32_t)routes[i].dispatch);
        rt_out_varint(input_word(plan_scopes[routes[i].dispatch], routes[i].change));
    }
    for (uint32_t i = 0; i < n_valued; i++) {
        rt_out_byte(RT_REC_VALUED);
        rt_out_varint((uint32_t)route_valued[i]);
    }
}

void rt_loop_out_tasks(void)
{
    for (uint32_t i = 0; i < n_tasks; i++) {
        const task_rec *t = &tasks[i];
        rt_out_byte(RT_REC_TASK);
        rt_out_varint((uint32_t)t->kind);
        rt_out_varint((uint32_t)t->id);
        rt_out_path(t->path);
        rt_out_varint(t->n_args);
        for (uint32_t j = 0; j < t->n_args; j++) {
            int32_t p = task_args[t->first_arg + j];
            rt_out_path(p);
            rt_out_value(rt_shadow_get(p));
        }
    }
    n_tasks = n_task_args = 0; /* handed over; the set still remembers them for this apply */
}
