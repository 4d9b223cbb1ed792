/* rt_loop.h — the change loop: one round of semantics.md §3 (the stages of
 * stages.def in order, no-op filtering on every write, the stage tag on every
 * change), the per-apply bookkeeping that spans rounds (iteration bound,
 * listeners already run, queued tasks) and the services hooks use to read the
 * round and write into it. The host-facing sequencing of rounds lives in
 * rt_api.c. */
#ifndef RT_LOOP_H
#define RT_LOOP_H

#include "rt_value.h"

/* ---- driven by rt_api.c ---- */

void rt_loop_configure(uint32_t max_rounds);
/* Records a failing status for the round (sticky, like a failing rt_write)
 * and returns it: services that build values call it when memory runs out. */
int32_t rt_loop_fail(int32_t status);
/* Open a transaction: forget the previous apply's bookkeeping. */
void rt_loop_begin(void);
/* Forget the call's inputs, changes and plan (their memory is the arena). */
void rt_loop_call_reset(void);
/* Queue an input of the next round; `index` names it in errors. */
int32_t rt_loop_add_input(int32_t path, rt_node *value, int32_t tag, int32_t meta, int32_t index);
/* Run one round over the queued inputs; `plan` runs the listener stage. */
int32_t rt_loop_round(int32_t plan);
/* wp_route: route the queued inputs (listener outputs, not applied) to the
 * planned dispatches from `next` on, through the plan hook. */
int32_t rt_loop_route(int32_t next);
/* Run a creation hook (group -1 = everything) or a disable hook, letting it write. */
int32_t rt_loop_run_create(int32_t group);
int32_t rt_loop_run_disable(int32_t group);

uint32_t rt_loop_dispatch_count(void);
uint32_t rt_loop_task_count(void);
/* Append the round's changes, the plan, the tasks (values read now, then
 * forgotten) to the output buffer. */
void rt_loop_out_changes(void);
/* `every_input`: list the inputs of every dispatch, also of listeners the
 * host said it does not hear (wp_listener_unheard; the low-level API). */
void rt_loop_out_plan(int every_input);
/* wp_listener_unheard: RT_OK, or RT_E_CALL for a bad id, RT_E_NOMEM. */
int32_t rt_loop_set_unheard(int32_t listener, int on);
void rt_loop_out_tasks(void);
void rt_loop_out_routes(void);
/* Which input (-1: none) and path (-1: none) the last error concerns. */
int32_t rt_loop_error_index(void);
int32_t rt_loop_error_path(void);
void rt_loop_release(void);

/* ---- services for hooks (exported, see exports.def) ---- */

int32_t rt_input_count(void);
int32_t rt_input_path(int32_t i);
rt_node *rt_input_value(int32_t i);
int32_t rt_input_tag(int32_t i);
/* Inside wp_hook_input only: queue a write that takes the place of the input
 * being looked at (before it, if the hook also keeps it). */
int32_t rt_input_emit(int32_t path, const rt_node *value, int32_t tag);

int32_t rt_change_count(void);
int32_t rt_change_path(int32_t i);
rt_node *rt_change_value(int32_t i);
rt_node *rt_change_old(int32_t i);
int32_t rt_change_tag(int32_t i);

/* Write `value` at `path` now, tagged `tag`, carrying the meta of change
 * `from` (-1: none): 1 written (and appended to the round's changes), 0 no-op,
 * negative on error (the apply then fails whatever the hook returns). */
int32_t rt_write(int32_t path, const rt_node *value, int32_t tag, int32_t from, int32_t flags);
/* rt_write(path, rt_mk_bool(truth), tag, -1, 0), answering 0 at once when
 * that boolean is stored there already (a condition that did not change:
 * no value built, nothing snapshot). */
int32_t rt_write_bool(int32_t path, int32_t truth, int32_t tag);

/* Plan a listener dispatch; dispatches are returned sorted by `rank`, ties in
 * planning order. Returns its index for rt_plan_input and rt_plan_key; one
 * (listener, topic) is one dispatch per round (planning it again returns
 * the same index). */
int32_t rt_plan_dispatch(int32_t listener, int32_t scope, int32_t topic, int32_t rank);
/* This round's dispatch of (listener, topic), or -1. While routing
 * (wp_route), -1 also for a dispatch the host has run already. */
int32_t rt_plan_find(int32_t listener, int32_t topic);
/* Append a key (an atom) to the dispatch's ctx.keys. */
int32_t rt_plan_key(int32_t dispatch, int32_t atom);
/* Add change `change` to the dispatch's inputs (once: the same change twice
 * in a row is kept once). */
int32_t rt_plan_input(int32_t dispatch, int32_t change);

/* 1 when `listener` was planned in an earlier round of this apply (so an
 * instance of it has run, and rt_once would refuse it again), 0 otherwise
 * and while routing. For a listener with one instance (no wildcard keys)
 * the listener kit skips a change's touch of it on that answer. */
int32_t rt_plan_ran(int32_t listener);

/* While routing (wp_route): change `change`'s routes depend on values (the
 * state's keys, or its own), not on its path alone, so a host may not reuse
 * them for another output at that path. Ignored when not routing. */
void rt_plan_valued(int32_t change);

/* 1 the first time (a, b) is seen in this apply, 0 after; always 0 while
 * routing, which plans nothing new. */
int32_t rt_once(int32_t a, int32_t b);

/* Queue a host task (external validator or concern) once per apply:
 * 1 queued, 0 already queued, negative on error. Its argument values are
 * read when the task is handed to the host, after the last round.
 * 0 <= kind <= 3 and 0 <= id < 2^29, else RT_E_HOOK. */
int32_t rt_task(int32_t kind, int32_t id, int32_t path, const int32_t *arg_paths, int32_t n_args);

/* Zeroed scratch memory for the rest of the call. */
void *rt_scratch(int32_t size);

#endif
