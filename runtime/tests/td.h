/* td.h — test doubles for the runtime's Check suites: a tiny hand-written
 * "app" playing the hooks of hooks.h (sync, flip, aggregation, computation,
 * clear, a concern, listeners, a validator task, groups), configured per test
 * by path text; plus a batch encoder and an output decoder that renders
 * results as short strings ("b=1:sync"), so tests read like semantics.md. */
#ifndef TD_H
#define TD_H

#include <stdint.h>

#include "rt_base.h"

#define TD_MAX 8

typedef struct {
    const char *sync[TD_MAX][2];  /* stage 5: a <-> b, exact and below */
    const char *flip[TD_MAX][2];  /* stage 5: booleans kept opposite */
    const char *computed[TD_MAX]; /* stage 2: inputs at these paths are dropped */
    const char *agg_target;       /* stage 1 write-back and stage 6 read */
    const char *agg_sources[TD_MAX];
    const char *sum_target; /* stage 6: sum of sum_sources (numbers) */
    const char *sum_sources[TD_MAX];
    const char *clear[TD_MAX][2]; /* stage 4: {trigger, target} */
    const char *concern_field;    /* stage 7: _concerns.<field>.isOne = (field == 1) */
    const char *validate_field;   /* stage 7: queue task (kind 0, id 7) for the field */
    const char *listen[TD_MAX];   /* stage 8: listener i on this topic, once per apply */
    int32_t listen_rank[TD_MAX];
    int always_plan;          /* stage 8: plan listener 99 every round (no once) */
    int fail_stage;           /* return RT_E_HOOK from this stage after writing */
    const char *fail_write;   /* path the failing stage writes first */
    const char *list_segment; /* containers created at paths ending so are lists */
    int use_app;              /* serve the static descriptor below */
    uint32_t max_rounds;      /* the descriptor's iteration bound (0 = default) */
    int toggle_group;         /* stage 7: switch group toggle_group-1 off */
    int sync_no_create;       /* sync writes use RT_WRITE_NO_CREATE */
    /* Hooks a suite plays itself instead of the doubles (NULL: the doubles),
     * e.g. t_sync.c forwarding to a kit with its blob. */
    const struct rt_app *(*app_fn)(void);
    int32_t (*path_class_fn)(int32_t parent_class, int32_t atom);
    int32_t (*container_fn)(int32_t path_class);
    int32_t (*stage_fn)(int32_t stage, int32_t begin, int32_t end);
    int32_t (*create_fn)(int32_t group);
    int32_t (*plan_fn)(int32_t begin, int32_t end);
    int32_t (*input_fn)(int32_t stage, int32_t index);
    int32_t (*cond_fn)(int32_t id, int32_t path);
} td_config;

extern td_config td;

/* The static descriptor the doubles serve when td.use_app is set:
 * atoms "user", "name", "items"; paths 1 user, 2 user.name, 3 items;
 * groups 0 (on) and 1 (off). */
#define TD_PATH_USER 1
#define TD_PATH_USER_NAME 2
#define TD_PATH_ITEMS 3

/* Hook call log: one entry per hook call, e.g. "i1" (input stage 1), "s5",
 * "p" (plan), "c-1" (create), "d0" (disable). */
extern char td_log[4096];

void td_reset(void);               /* shut the runtime down, clear config and log */
int32_t td_path(const char *text); /* intern a path through the host API */

/* ---- encoding batches ---- */
typedef struct {
    uint8_t buf[1 << 16];
    uint32_t len;
} td_batch;

void td_begin(td_batch *b, uint32_t count);
void td_varint(td_batch *b, uint32_t v);
void td_byte(td_batch *b, uint8_t v);
void td_bytes(td_batch *b, const void *p, uint32_t n);
void td_path_text(td_batch *b, const char *path);
void td_path_id(td_batch *b, int32_t id);
void td_num(td_batch *b, double d);
void td_str(td_batch *b, const char *s);
void td_end_change(td_batch *b, uint8_t tag, int32_t meta); /* tag and meta after the value */
/* Encode a value from a compact text: 1, -0, nan, "s", true, null, undef,
 * [1,2], {a:1,b:{c:2}} (keys unquoted, no spaces). */
void td_value(td_batch *b, const char *text);
/* A batch of `n` changes "path=value" (value in the text above), tag input. */
void td_changes(td_batch *b, int n, const char *const *changes);
/* Copy into the runtime's input buffer; returns the length to pass. */
int32_t td_send(const td_batch *b);

/* ---- calls ---- */
/* Run the export with a batch given as "path=value" strings. */
int32_t td_apply(int n, const char *const *changes);
int32_t td_create(const char *state_text);
/* Render the last output: changes "path=value:tag" joined by "; ", then
 * "| L<listener>@<scope>/<topic>(<input ids>)", tasks "| T<kind>.<id>@<path>(<path>=<value>)",
 * errors "E<code>#<index>@<path>", values "V<value>". */
const char *td_out(void);
/* Value at a path as text ("missing" when missing). */
const char *td_get(const char *path);

#endif
