/* td.c — the test doubles of td.h: hooks written by hand in C the way
 * generated code will be, using only the rt_ services of exports.def, plus
 * batch encoding and output rendering for the suites. */
#include "td.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hooks.h"
#include "rt_access.h"
#include "rt_api.h"
#include "rt_atom.h"
#include "rt_codec.h"
#include "rt_group.h"
#include "rt_loop.h"
#include "rt_path.h"

td_config td;
char td_log[4096];

static const uint32_t app_offsets[] = {0, 4, 8, 13};
static const int32_t app_paths[] = {0, 0, 1, 1, 0, 2};
static const uint8_t app_groups[] = {0x01};
static rt_app app = {
    RT_ABI_VERSION, 3, app_offsets, (const uint8_t *)"usernameitems", 3, app_paths, 2, app_groups, 0, 0};

static void logf_(const char *s, int32_t n)
{
    size_t len = strlen(td_log);
    snprintf(td_log + len, sizeof td_log - len, "%s%s%d", len ? " " : "", s, (int)n);
}

void td_reset(void)
{
    rt_api_shutdown();
    memset(&td, 0, sizeof td);
    td_log[0] = 0;
}

static int32_t P(const char *text) { return text ? rt_path_parse((const uint8_t *)text, (int32_t)strlen(text)) : -1; }

int32_t td_path(const char *text)
{
    uint8_t *in = wp_in((int32_t)strlen(text));
    memcpy(in, text, strlen(text));
    return wp_path_id((int32_t)strlen(text));
}

/* `path` moved from below `from` to below `to` (from must be within path). */
static int32_t rebase(int32_t path, int32_t from, int32_t to)
{
    int32_t atoms[RT_MAX_DEPTH];
    int32_t n = 0;
    for (int32_t p = path; p != from; p = rt_path_parent(p)) atoms[n++] = rt_path_atom(p);
    while (n > 0) to = rt_path_child(to, atoms[--n]);
    return to;
}

static int touches(int32_t a, int32_t b) { return rt_path_within(a, b) || rt_path_within(b, a); }

static int any_change_touches(int32_t begin, int32_t end, int32_t path)
{
    for (int32_t i = begin; i < end; i++)
        if (touches(rt_change_path(i), path)) return 1;
    return 0;
}

/* ---- hooks ---- */

const rt_app *wp_hook_app(void)
{
    if (td.app_fn) return td.app_fn();
    app.max_rounds = td.max_rounds;
    return td.use_app ? &app : NULL;
}

int32_t wp_hook_path_class(int32_t parent_class, int32_t atom)
{
    if (td.path_class_fn) return td.path_class_fn(parent_class, atom);
    (void)parent_class;
    return atom + 1; /* the class names the last segment */
}

int32_t wp_hook_container(int32_t path_class)
{
    if (td.container_fn) return td.container_fn(path_class);
    if (!td.list_segment) return 0;
    int32_t atom = rt_atom_intern((const uint8_t *)td.list_segment, (int32_t)strlen(td.list_segment));
    return path_class == atom + 1;
}

int32_t wp_hook_input(int32_t stage, int32_t index)
{
    logf_("i", stage);
    if (td.input_fn) return td.input_fn(stage, index);
    int32_t path = rt_input_path(index);
    if (stage == RT_STAGE_AGGREGATION_WRITE && td.agg_target && rt_path_within(P(td.agg_target), path)) {
        for (int k = 0; k < TD_MAX && td.agg_sources[k]; k++)
            rt_input_emit(rebase(path, P(td.agg_target), P(td.agg_sources[k])), rt_input_value(index),
                          RT_TAG_AGGREGATION_WRITE);
        return RT_INPUT_DROP;
    }
    if (stage == RT_STAGE_COMPUTED_DROP)
        for (int k = 0; k < TD_MAX && td.computed[k]; k++)
            if (path == P(td.computed[k])) return RT_INPUT_DROP;
    return RT_INPUT_KEEP;
}

static void stage_clear(int32_t begin, int32_t end)
{
    for (int32_t i = begin; i < end; i++) {
        int32_t tag = rt_change_tag(i);
        if (tag != RT_TAG_INPUT && tag != RT_TAG_AGGREGATION_WRITE) continue; /* clears never cascade */
        for (int k = 0; k < TD_MAX && td.clear[k][0]; k++) {
            if (!touches(rt_change_path(i), P(td.clear[k][0]))) continue;
            int32_t target = P(td.clear[k][1]);
            int32_t kind = rt_kind(rt_get(target));
            if (kind != RT_KIND_MISSING && kind != RT_KIND_NULL)
                rt_write(target, rt_mk_null(), RT_TAG_CLEAR_PATH, -1, 0);
        }
    }
}

static void stage_sync_flip(int32_t begin, int32_t end)
{
    int32_t flags = td.sync_no_create ? RT_WRITE_NO_CREATE : 0;
    for (int k = 0; k < TD_MAX && td.sync[k][0]; k++) {
        int32_t a = P(td.sync[k][0]), b = P(td.sync[k][1]);
        for (int32_t i = end - 1; i >= begin; i--) { /* the later change wins for the component */
            int32_t p = rt_change_path(i);
            if (rt_path_within(a, p)) {
                rt_write(rebase(p, a, b), rt_change_value(i), RT_TAG_SYNC, i, flags);
                break;
            }
            if (rt_path_within(b, p)) {
                rt_write(rebase(p, b, a), rt_change_value(i), RT_TAG_SYNC, i, flags);
                break;
            }
        }
    }
    for (int k = 0; k < TD_MAX && td.flip[k][0]; k++) {
        int32_t a = P(td.flip[k][0]), b = P(td.flip[k][1]);
        for (int32_t i = end - 1; i >= begin; i--) {
            int32_t p = rt_change_path(i);
            if (p != a && p != b) continue;
            rt_node *v = rt_change_value(i);
            if (rt_kind(v) == RT_KIND_BOOL) rt_write(p == a ? b : a, rt_mk_bool(!rt_truth(v)), RT_TAG_FLIP, i, 0);
            break;
        }
    }
}

static void stage_derived(int32_t begin, int32_t end)
{
    if (td.agg_target) {
        int dirty = 0;
        for (int k = 0; k < TD_MAX && td.agg_sources[k]; k++)
            dirty |= any_change_touches(begin, end, P(td.agg_sources[k]));
        if (dirty) {
            rt_node *common = NULL;
            int differ = 0;
            for (int k = 0; k < TD_MAX && td.agg_sources[k]; k++) {
                rt_node *v = rt_get(P(td.agg_sources[k]));
                int32_t kind = rt_kind(v);
                if (kind == RT_KIND_MISSING || kind == RT_KIND_UNDEFINED) continue;
                if (!common)
                    common = v;
                else if (!rt_equal(common, v))
                    differ = 1;
            }
            rt_write(P(td.agg_target), differ || !common ? rt_mk_undefined() : common, RT_TAG_AGGREGATION_READ, -1, 0);
        }
    }
    if (td.sum_target) {
        int dirty = 0;
        for (int k = 0; k < TD_MAX && td.sum_sources[k]; k++)
            dirty |= any_change_touches(begin, end, P(td.sum_sources[k]));
        if (dirty) {
            double sum = 0;
            for (int k = 0; k < TD_MAX && td.sum_sources[k]; k++) {
                rt_node *v = rt_get(P(td.sum_sources[k]));
                if (rt_kind(v) == RT_KIND_NUMBER) sum += rt_num(v);
            }
            rt_write(P(td.sum_target), rt_mk_num(sum), RT_TAG_COMPUTATION, -1, 0);
        }
    }
}

static int32_t concern_path(const char *field, const char *name)
{
    char buf[256];
    snprintf(buf, sizeof buf, "_concerns.%s.%s", field, name);
    return P(buf);
}

static void stage_concerns(int32_t begin, int32_t end)
{
    if (td.toggle_group) rt_group_set(td.toggle_group - 1, 0);
    if (td.concern_field && any_change_touches(begin, end, P(td.concern_field))) {
        int is_one = rt_num(rt_get(P(td.concern_field))) == 1.0;
        rt_write_bool(concern_path(td.concern_field, "isOne"), is_one,
                      RT_TAG_CONCERNS); /* as generated conditions do */
    }
    if (td.validate_field && any_change_touches(begin, end, P(td.validate_field))) {
        int32_t arg = P(td.validate_field);
        rt_task(0, 7, arg, &arg, 1);
    }
}

int32_t wp_hook_stage(int32_t stage, int32_t begin, int32_t end)
{
    logf_("s", stage);
    if (td.stage_fn) return td.stage_fn(stage, begin, end);
    if (td.fail_stage == stage) {
        if (td.fail_write) rt_write(P(td.fail_write), rt_mk_num(42), RT_TAG_INPUT, -1, 0);
        return RT_E_HOOK;
    }
    switch (stage) {
    case RT_STAGE_CLEAR: stage_clear(begin, end); break;
    case RT_STAGE_SYNC_FLIP: stage_sync_flip(begin, end); break;
    case RT_STAGE_DERIVED: stage_derived(begin, end); break;
    case RT_STAGE_CONCERNS: stage_concerns(begin, end); break;
    default: break;
    }
    return RT_OK;
}

int32_t wp_hook_plan(int32_t begin, int32_t end)
{
    logf_("p", 8);
    if (td.plan_fn) return td.plan_fn(begin, end);
    for (int k = 0; k < TD_MAX && td.listen[k]; k++) {
        int32_t topic = P(td.listen[k]);
        if (!any_change_touches(begin, end, topic)) continue;
        /* the kits' pattern: this round's dispatch if any, else a new one
         * once per apply (while routing, rt_once says 0: nothing new) */
        int32_t d = rt_plan_find(k, topic);
        if (d < 0) {
            if (!rt_once(k, 0)) continue;
            d = rt_plan_dispatch(k, topic, topic, td.listen_rank[k]);
        }
        for (int32_t i = begin; i < end; i++)
            if (touches(rt_change_path(i), topic)) rt_plan_input(d, i);
    }
    if (td.always_plan) rt_plan_dispatch(99, 0, 0, 0);
    return RT_OK;
}

int32_t wp_hook_create(int32_t group)
{
    logf_("c", group);
    if (td.create_fn) return td.create_fn(group);
    if (group >= 0) {
        char field[32];
        snprintf(field, sizeof field, "group%d", (int)group);
        return rt_write(concern_path(field, "on"), rt_mk_bool(1), RT_TAG_CONCERNS, -1, 0) < 0 ? RT_E_HOOK : RT_OK;
    }
    for (int k = 0; k < TD_MAX && td.sync[k][0]; k++) { /* a two-member vote: a value beats nothing */
        int32_t a = P(td.sync[k][0]), b = P(td.sync[k][1]);
        rt_node *va = rt_get(a), *vb = rt_get(b);
        int na = rt_kind(va) <= RT_KIND_NULL, nb = rt_kind(vb) <= RT_KIND_NULL;
        if (!na && nb) rt_write(b, va, RT_TAG_SYNC, -1, 0);
        if (na && !nb) rt_write(a, vb, RT_TAG_SYNC, -1, 0);
    }
    if (td.concern_field)
        rt_write(concern_path(td.concern_field, "isOne"), rt_mk_bool(rt_num(rt_get(P(td.concern_field))) == 1.0),
                 RT_TAG_CONCERNS, -1, 0);
    if (td.validate_field) {
        int32_t arg = P(td.validate_field);
        rt_task(0, 7, arg, &arg, 1);
    }
    return RT_OK;
}

int32_t wp_hook_disable(int32_t group)
{
    logf_("d", group);
    char field[32];
    snprintf(field, sizeof field, "group%d", (int)group);
    return rt_write(concern_path(field, "on"), rt_mk_undefined(), RT_TAG_CONCERNS, -1, 0) < 0 ? RT_E_HOOK : RT_OK;
}

/* The concern kit's evaluator: the native suites write concerns from the
 * create/stage doubles above, so no concern of the kit's is ever asked for. */
int32_t wp_hook_concern(int32_t id, int32_t field, int32_t out)
{
    (void)id;
    (void)field;
    (void)out;
    return RT_E_HOOK;
}

/* The generated conditions (`exclude when`): a suite that drives the
 * derived kit plays them (td.cond_fn); the doubles have none. */
int32_t wp_hook_cond(int32_t id, int32_t path)
{
    if (td.cond_fn) return td.cond_fn(id, path);
    return RT_E_HOOK;
}

/* ---- encoding ---- */

void td_byte(td_batch *b, uint8_t v) { b->buf[b->len++] = v; }

void td_bytes(td_batch *b, const void *p, uint32_t n)
{
    memcpy(b->buf + b->len, p, n);
    b->len += n;
}

void td_varint(td_batch *b, uint32_t v)
{
    do {
        uint8_t x = (uint8_t)(v & 0x7fu);
        v >>= 7;
        td_byte(b, (uint8_t)(v ? x | 0x80u : x));
    } while (v);
}

void td_begin(td_batch *b, uint32_t count)
{
    b->len = 0;
    td_varint(b, count);
}

void td_path_text(td_batch *b, const char *path)
{
    td_byte(b, RT_PATH_TEXT);
    td_varint(b, (uint32_t)strlen(path));
    td_bytes(b, path, (uint32_t)strlen(path));
}

void td_path_id(td_batch *b, int32_t id)
{
    td_byte(b, RT_PATH_ID);
    td_varint(b, (uint32_t)id);
}

void td_num(td_batch *b, double d)
{
    td_byte(b, RT_WIRE_NUMBER);
    td_bytes(b, &d, 8);
}

void td_str(td_batch *b, const char *s)
{
    td_byte(b, RT_WIRE_STRING);
    td_varint(b, (uint32_t)strlen(s));
    td_bytes(b, s, (uint32_t)strlen(s));
}

void td_end_change(td_batch *b, uint8_t tag, int32_t meta)
{
    td_byte(b, tag);
    td_varint(b, (uint32_t)(meta + 1));
}

static const char *value_rec(td_batch *b, const char *s);

static const char *list_rec(td_batch *b, const char *s, char close, int object)
{
    uint32_t count = 0;
    int depth = 0;
    /* count top-level elements */
    for (const char *q = s; *q && !(depth == 0 && *q == close); q++) {
        if (*q == '[' || *q == '{')
            depth++;
        else if (*q == ']' || *q == '}')
            depth--;
        else if (*q == '"')
            while (*++q != '"') {}
        if (depth == 0 && *q == ',') count++;
        if (count == 0 && q == s) count = 1;
    }
    td_byte(b, object ? RT_WIRE_OBJECT : RT_WIRE_ARRAY);
    td_varint(b, *s == close ? 0 : count);
    while (*s != close) {
        if (object) {
            const char *colon = strchr(s, ':');
            td_varint(b, (uint32_t)(colon - s));
            td_bytes(b, s, (uint32_t)(colon - s));
            s = colon + 1;
        }
        s = value_rec(b, s);
        if (*s == ',') s++;
    }
    return s + 1;
}

static const char *value_rec(td_batch *b, const char *s)
{
    if (*s == '"') {
        const char *end = strchr(s + 1, '"');
        td_byte(b, RT_WIRE_STRING);
        td_varint(b, (uint32_t)(end - s - 1));
        td_bytes(b, s + 1, (uint32_t)(end - s - 1));
        return end + 1;
    }
    if (*s == '[') return list_rec(b, s + 1, ']', 0);
    if (*s == '{') return list_rec(b, s + 1, '}', 1);
    if (!strncmp(s, "true", 4)) return td_byte(b, RT_WIRE_TRUE), s + 4;
    if (!strncmp(s, "false", 5)) return td_byte(b, RT_WIRE_FALSE), s + 5;
    if (!strncmp(s, "null", 4)) return td_byte(b, RT_WIRE_NULL), s + 4;
    if (!strncmp(s, "undef", 5)) return td_byte(b, RT_WIRE_UNDEFINED), s + 5;
    if (!strncmp(s, "nan", 3)) return td_num(b, NAN), s + 3;
    char *end;
    double d = strtod(s, &end);
    td_num(b, d);
    return end;
}

void td_value(td_batch *b, const char *text) { value_rec(b, text); }

void td_changes(td_batch *b, int n, const char *const *changes)
{
    td_begin(b, (uint32_t)n);
    for (int i = 0; i < n; i++) {
        const char *eq = strchr(changes[i], '=');
        char path[256];
        memcpy(path, changes[i], (size_t)(eq - changes[i]));
        path[eq - changes[i]] = 0;
        td_path_text(b, path);
        td_value(b, eq + 1);
        td_end_change(b, RT_TAG_INPUT, -1);
    }
}

int32_t td_send(const td_batch *b)
{
    uint8_t *in = wp_in((int32_t)b->len);
    memcpy(in, b->buf, b->len);
    return (int32_t)b->len;
}

static td_batch scratch_batch;

int32_t td_apply(int n, const char *const *changes)
{
    td_changes(&scratch_batch, n, changes);
    return wp_apply(td_send(&scratch_batch));
}

int32_t td_create(const char *state_text)
{
    td_begin(&scratch_batch, 1);
    td_path_id(&scratch_batch, 0);
    td_value(&scratch_batch, state_text);
    td_end_change(&scratch_batch, RT_TAG_INPUT, -1);
    return wp_create(td_send(&scratch_batch));
}

/* ---- rendering ---- */

static char out_text[1 << 16];

typedef struct {
    const uint8_t *p;
    char *o;
} render_ctx;

static uint32_t rd_varint(render_ctx *c)
{
    uint32_t v = 0;
    for (unsigned shift = 0;; shift += 7) {
        uint8_t b = *c->p++;
        v |= (uint32_t)(b & 0x7fu) << shift;
        if (!(b & 0x80u)) return v;
    }
}

static void emit(render_ctx *c, const char *s)
{
    size_t n = strlen(s);
    memcpy(c->o, s, n);
    c->o += n;
    *c->o = 0;
}

static void render_path(render_ctx *c)
{
    uint8_t form = *c->p++;
    int32_t id = (int32_t)rd_varint(c);
    if (form == RT_PATH_ID_TEXT) c->p += rd_varint(c);
    uint8_t text[1024];
    int32_t n = rt_path_text_len(id);
    rt_path_text(id, text);
    text[n] = 0;
    emit(c, n ? (const char *)text : "(root)");
}

static void render_value(render_ctx *c)
{
    uint8_t tag = *c->p++;
    char buf[64];
    switch (tag) {
    case RT_WIRE_UNDEFINED: emit(c, "undef"); break;
    case RT_WIRE_NULL: emit(c, "null"); break;
    case RT_WIRE_FALSE: emit(c, "false"); break;
    case RT_WIRE_TRUE: emit(c, "true"); break;
    case RT_WIRE_MISSING: emit(c, "missing"); break;
    case RT_WIRE_NUMBER: {
        double d;
        memcpy(&d, c->p, 8);
        c->p += 8;
        if (d != d)
            snprintf(buf, sizeof buf, "nan");
        else if (d == 0 && signbit(d))
            snprintf(buf, sizeof buf, "-0");
        else
            snprintf(buf, sizeof buf, "%.17g", d);
        emit(c, buf);
        break;
    }
    case RT_WIRE_STRING: {
        uint32_t n = rd_varint(c);
        emit(c, "\"");
        memcpy(c->o, c->p, n);
        c->o += n;
        c->p += n;
        emit(c, "\"");
        break;
    }
    default: {
        uint32_t n = rd_varint(c);
        emit(c, tag == RT_WIRE_ARRAY ? "[" : "{");
        for (uint32_t i = 0; i < n; i++) {
            if (i) emit(c, ",");
            if (tag == RT_WIRE_OBJECT) {
                uint32_t k = rd_varint(c);
                memcpy(c->o, c->p, k);
                c->o += k;
                c->p += k;
                emit(c, ":");
            }
            render_value(c);
        }
        emit(c, tag == RT_WIRE_ARRAY ? "]" : "}");
        break;
    }
    }
}

const char *td_out(void)
{
    render_ctx c = {wp_out_ptr(), out_text};
    out_text[0] = 0;
    const uint8_t *end = c.p + wp_out_len();
    int first = 1;
    char buf[64];
    while (c.p < end) {
        uint8_t rec = *c.p++;
        if (rec == RT_REC_END) break;
        if (!first) emit(&c, rec == RT_REC_CHANGE ? "; " : " | ");
        first = 0;
        switch (rec) {
        case RT_REC_CHANGE: {
            render_path(&c);
            emit(&c, "=");
            uint8_t tag = *c.p++;
            uint32_t meta = rd_varint(&c);
            render_value(&c);
            emit(&c, ":");
            emit(&c, rt_tag_name(tag));
            if (meta) {
                snprintf(buf, sizeof buf, "/m%u", (unsigned)(meta - 1));
                emit(&c, buf);
            }
            break;
        }
        case RT_REC_DISPATCH: {
            snprintf(buf, sizeof buf, "L%u@", (unsigned)rd_varint(&c));
            emit(&c, buf);
            render_path(&c);
            emit(&c, "/");
            render_path(&c);
            uint32_t nk = rd_varint(&c);
            for (uint32_t k = 0; k < nk; k++) {
                emit(&c, k ? "," : "[");
                uint32_t len = rd_varint(&c);
                snprintf(buf, sizeof buf, "%.*s", (int)len, (const char *)c.p);
                c.p += len;
                emit(&c, buf);
                if (k + 1 == nk) emit(&c, "]");
            }
            emit(&c, "(");
            uint32_t n = rd_varint(&c);
            for (uint32_t i = 0; i < n; i++) {
                uint32_t w = rd_varint(&c); /* change << 1 | below the scope */
                snprintf(buf, sizeof buf, "%s%u%s", i ? "," : "", (unsigned)(w >> 1), (w & 1) ? "+" : "");
                emit(&c, buf);
            }
            emit(&c, ")");
            break;
        }
        case RT_REC_ROUTE: {
            uint32_t d = rd_varint(&c), w = rd_varint(&c);
            snprintf(buf, sizeof buf, "R%u<%u%s", (unsigned)d, (unsigned)(w >> 1), (w & 1) ? "+" : "");
            emit(&c, buf);
            break;
        }
        case RT_REC_VALUED: {
            snprintf(buf, sizeof buf, "V%u", (unsigned)rd_varint(&c));
            emit(&c, buf);
            break;
        }
        case RT_REC_TASK: {
            uint32_t kind = rd_varint(&c), id = rd_varint(&c);
            snprintf(buf, sizeof buf, "T%u.%u@", (unsigned)kind, (unsigned)id);
            emit(&c, buf);
            render_path(&c);
            emit(&c, "(");
            uint32_t n = rd_varint(&c);
            for (uint32_t i = 0; i < n; i++) {
                if (i) emit(&c, ",");
                render_path(&c);
                emit(&c, "=");
                render_value(&c);
            }
            emit(&c, ")");
            break;
        }
        case RT_REC_ERROR: {
            uint32_t z = rd_varint(&c);
            int32_t code = (int32_t)(z >> 1) ^ -(int32_t)(z & 1u);
            uint32_t index = rd_varint(&c);
            snprintf(buf, sizeof buf, "E%d#%d", (int)code, (int)index - 1);
            emit(&c, buf);
            if (*c.p++) {
                emit(&c, "@");
                render_path(&c);
            }
            break;
        }
        case RT_REC_VALUE: render_value(&c); break;
        case RT_REC_TEXT: {
            uint32_t n = rd_varint(&c);
            memcpy(c.o, c.p, n);
            c.o += n;
            *c.o = 0;
            c.p += n;
            break;
        }
        default: emit(&c, "?"); return out_text;
        }
    }
    return out_text;
}

const char *td_get(const char *path)
{
    td_batch *b = &scratch_batch;
    b->len = 0;
    td_path_text(b, path);
    if (wp_get(td_send(b)) != RT_OK) return "error";
    return td_out();
}
