/* gen_concerns.c — code generation for field concerns (semantics.md §10):
 * conditions, values, templates and built-in validators become one wasm
 * function per concern, and the concern index tells the concern kit
 * (runtime/kits/concern_kit.c) which of them a change concerns.
 *
 *   prepare     the index (runtime/kits/concern_tables.h): per concern its
 *               field pattern, group and output name; per path pattern
 *               the concerns reading it exactly, and those reading it or
 *               below; the atoms of "_concerns" and of every output name
 *   concern_N   (field, out) -> status: binds the field's wildcard keys,
 *               reads every input path once (constant ids for static
 *               paths), computes the value with the rt_cond.h services and
 *               writes it at `out` (rt_write drops an unchanged value)
 *   hooks       concern(id, field, out): a br_table over the functions;
 *               stage 7, create and disable forward to the kit
 *
 * Literals, template texts and messages go to the data pool in the
 * boundary encoding (docs/internals.md); numbers in messages are written as
 * JavaScript's String(n) at build time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/kits/concern_tables.h"
#include "../runtime/rt_base.h"
#include "../runtime/rt_cond.h"
#include "../runtime/rt_numfmt.h"
#include "codegen_internal.h"
#include "gen_code.h"
#include "regex_dfa.h"

_Static_assert(RT_CMP_EQ == (int)IRCMP_EQ && RT_CMP_GE == (int)IRCMP_GE, "rt_cond.h follows IrCmpOp");
_Static_assert(RT_CHECK_REQUIRED == (int)IRV_required && RT_CHECK_EMAIL == (int)IRV_email &&
                   RT_CHECK_EQUALS == (int)IRV_equals && RT_CHECK_PATTERN == (int)IRV_pattern,
               "rt_cond.h's checks follow validators.def");

/* Where a field with external validators keeps its built-in result until
 * the glue merges the external ones into validationState (a key no concern
 * name can spell; the glue hides it). */
#define BUILTIN_KEY "validationState#builtin"

/* TASK kinds (runtime/js/pipeline.js) */
enum { TASK_CONCERN = 0, TASK_VALIDATION = 1 };

/* ---- the index ------------------------------------------------------------------ */

/* The kit's units, in id order: every group `when` condition (declaration
 * order), then every compiled field concern. */
typedef struct Unit {
    IrId group;               /* a group condition: the group; else IR_NONE */
    const IrConcern *concern; /* a field concern, else NULL */
    IrId field;               /* IR path, or IR_NONE for the root */
    const IrId *inputs;
    uint32_t ninputs;
} Unit;

typedef struct Units {
    Unit *v;
    uint32_t n;
} Units;

static Units units_of(const Gen *g)
{
    const IrProgram *ir = g->ir;
    Units u = {ARENA_ARRAY(g->a, Unit, ir->ngroups + ir->nconcerns + 1), 0};
    for (uint32_t i = 0; i < ir->ngroups; i++) {
        if (ir->groups[i].when == IR_NONE) continue;
        u.v[u.n++] = (Unit){i, NULL, IR_NONE, ir->groups[i].inputs, ir->groups[i].ninputs};
    }
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        const IrConcern *c = &ir->concerns[i];
        u.v[u.n++] = (Unit){IR_NONE, c, c->field, c->inputs, c->ninputs};
    }
    return u;
}

static bool concerns_prepare(Gen *g)
{
    const IrProgram *ir = g->ir;
    Units u = units_of(g);
    if (!u.n || !g->blob) return true;
    Arena *a = g->a;
    uint32_t npat = ir->npaths + 1;
    GenWatch w;
    gen_watch_init(g, &w);
    int32_t root_atom = gen_atom(g, "_concerns");
    for (uint32_t c = 0; c < ir->nconcerns; c++)
        if (ir->concerns[c].kind == IRC_VALIDATION && ir->concerns[c].nvalidators) gen_atom(g, BUILTIN_KEY);
    int32_t *name_atom = ARENA_ARRAY(a, int32_t, u.n);
    for (uint32_t c = 0; c < u.n; c++) {
        const Unit *un = &u.v[c];
        name_atom[c] = un->concern ? gen_atom(g, un->concern->name) : root_atom;
        for (uint32_t k = 0; k < un->ninputs; k++) gen_watch_read(g, &w, c, un->inputs[k]);
        /* keys of a wildcard field coming and going, whatever the inputs read */
        if (un->field != IR_NONE) gen_watch_instances(g, &w, c, un->field);
    }
    StrBuf b = {0};
    for (int i = 0; i < CT_H_WORDS; i++) gen_put_word(a, &b, 0);
    uint32_t recs = (uint32_t)b.len;
    for (uint32_t c = 0; c < u.n; c++) {
        const Unit *un = &u.v[c];
        IrId group = un->concern ? un->concern->base.group : IR_NONE;
        gen_put_word(a, &b, un->field == IR_NONE ? 0u : (uint32_t)g->pattern_of[un->field]);
        gen_put_word(a, &b, group == IR_NONE ? (uint32_t)-1 : group);
        gen_put_word(a, &b, (uint32_t)name_atom[c]);
        gen_put_word(a, &b, un->concern && un->concern->kind == IRC_VALIDATION ? RT_TAG_VALIDATORS : RT_TAG_CONCERNS);
        gen_put_word(a, &b, un->group == IR_NONE ? (uint32_t)-1 : un->group);
    }
    uint32_t watch = gen_watch_write(g, &w, &b);
    const uint32_t header[CT_H_WORDS] = {[CT_H_N_CONCERNS] = u.n,
                                         [CT_H_CONCERNS] = recs,
                                         [KIT_H_N_PATTERNS] = npat,
                                         [KIT_H_WATCH] = watch,
                                         [CT_H_ROOT_ATOM] = (uint32_t)root_atom};
    gen_kit_header(&b, CT_MAGIC, header, CT_H_WORDS);
    g->concern_blob = (const unsigned char *)b.data;
    g->concern_blob_len = b.len;
    return true;
}

/* A call of concern kit service `service` (gen_kit_call). */
static EmitExpr *concern_kit(HookCtx *h, const char *service, uint32_t first, uint32_t nparams)
{
    return gen_kit_call(h, service, &h->concern_blob, h->g->concern_blob, h->g->concern_blob_len, first, nparams);
}

static bool have_concerns(const HookCtx *h) { return h->g->concern_blob != NULL; }

static EmitExpr *concerns_stage(HookCtx *h, int stage)
{
    if (stage != RT_STAGE_CONCERNS || !have_concerns(h)) return NULL;
    return concern_kit(h, "rt_kit_concern_stage", 1, 2);
}

static EmitExpr *concerns_group(HookCtx *h, const char *service)
{
    if (!have_concerns(h)) return NULL;
    return concern_kit(h, service, 0, 1);
}

static EmitExpr *concerns_create(HookCtx *h) { return concerns_group(h, "rt_kit_concern_create"); }
static EmitExpr *concerns_disable(HookCtx *h) { return concerns_group(h, "rt_kit_concern_disable"); }

/* ---- validators ------------------------------------------------------------------ */

/* A number as JavaScript's String(n) writes it. */
static const char *num_text(Arena *a, double v)
{
    char buf[RT_NUM_TEXT_MAX + 1];
    int32_t n = rt_num_format(v, buf);
    return arena_strndup(a, buf, (size_t)n);
}

/* JSON.stringify's spelling of numbers (NaN and ±Infinity as null) and
 * strings, for one_of's message. */
static void json_number_text(Arena *a, StrBuf *b, const IrLit *l)
{
    bool finite = l->number == l->number && l->number - l->number == 0;
    strbuf_puts(a, b, finite ? num_text(a, l->number) : "null");
}

static void json_string_text(Arena *a, StrBuf *b, const char *s, uint32_t len)
{
    strbuf_putc(a, b, '"');
    for (uint32_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch == '"' || ch == '\\') {
            strbuf_putc(a, b, '\\');
            strbuf_putc(a, b, (char)ch);
        } else if (ch == '\n')
            strbuf_puts(a, b, "\\n");
        else if (ch == '\t')
            strbuf_puts(a, b, "\\t");
        else if (ch == '\r')
            strbuf_puts(a, b, "\\r");
        else if (ch < 0x20)
            strbuf_printf(a, b, "\\u%04x", ch);
        else
            strbuf_putc(a, b, (char)ch);
    }
    strbuf_putc(a, b, '"');
}

static const IrLitStyle JSON_TEXT = {json_number_text, json_string_text, ",", "{", ",", ":", "}", UINT32_MAX, "null"};

/* A value as one_of's message lists it: strings verbatim, others as
 * JSON.stringify writes them. */
static void lit_text(Arena *a, StrBuf *b, const IrLit *l)
{
    if (l->kind == IRLIT_STRING)
        strbuf_putn(a, b, l->text, l->text_len);
    else
        ir_lit_write(a, b, l, &JSON_TEXT, 0);
}

/* The default message of a check, with its argument filled in; `items`
 * picks the array wording of min_length/max_length. */
static const char *default_message(const IrProgram *ir, Arena *a, const IrCheck *chk, bool items)
{
    const char *arg = chk->arg_path != IR_NONE ? ir->paths[chk->arg_path].text : "";
    if (chk->arg && chk->arg->kind == IRLIT_NUMBER) arg = num_text(a, chk->arg->number);
    if (chk->arg && chk->arg->kind == IRLIT_ARRAY) {
        StrBuf b = {0};
        for (uint32_t i = 0; i < chk->arg->nitems; i++) {
            if (i) strbuf_puts(a, &b, ", ");
            lit_text(a, &b, chk->arg->items[i]);
        }
        arg = strbuf_cstr(a, &b);
    }
    if (items && chk->builtin == IRV_min_length) return arena_printf(a, "must contain at least %s items", arg);
    if (items && chk->builtin == IRV_max_length) return arena_printf(a, "must contain at most %s items", arg);
    return arena_printf(a, ir_validator_message(chk->builtin), arg);
}

static EmitExpr *fail_with(GenFn *f, const char *msg)
{
    EmitExpr *len;
    EmitExpr *args[2] = {gen_text_arg(f, msg, strlen(msg), &len), NULL};
    args[1] = len;
    return emit_drop(f->m, emit_call(f->m, "rt_vs_fail", args, 2));
}

/* pattern("re"): a present value passes when it is a string the regex's
 * DFA (built here, baked into the pool) finds a match in. */
static EmitExpr *pattern_check(GenFn *f, const IrCheck *chk, uint32_t v)
{
    EmitModule *m = f->m;
    const uint8_t *blob = NULL;
    uint32_t len = 0;
    const char *err = NULL;
    const char *msg = chk->message ? chk->message : default_message(f->h->g->ir, f->a, chk, false);
    /* sema compiled the same regex and reported any failure */
    if (!chk->arg || chk->arg->kind != IRLIT_STRING ||
        !regex_dfa_build(f->a, chk->arg->text, chk->arg->text_len, &blob, &len, &err))
        return emit_i32(m, 0);
    uint32_t at = gen_pool(f->h, blob, len, 4);
    EmitExpr *req[3] = {emit_i32(m, RT_CHECK_REQUIRED), emit_local_get(m, v), emit_i32(m, 0)};
    EmitExpr *test[2] = {emit_i32(m, (int32_t)at), emit_local_get(m, v)};
    EmitExpr *present = emit_eq(m, emit_call(m, "rt_v_check", req, 3), emit_i32(m, RT_CHECK_PASS));
    EmitExpr *no_match = emit_eqz(m, emit_call(m, "rt_pattern_test", test, 2));
    return emit_if(m, emit_if(m, present, no_match, emit_i32(m, 0)), fail_with(f, msg), NULL);
}

static EmitExpr *validation_expr(GenFn *f, EmitExpr *field_value)
{
    EmitModule *m = f->m;
    const IrConcern *c = f->concern;
    EmitExpr **stmts = ARENA_ARRAY(f->a, EmitExpr *, c->nchecks * 2 + 3);
    uint32_t n = 0;
    uint32_t v = emit_local_new(m), r = emit_local_new(m);
    stmts[n++] = emit_drop(m, emit_call(f->m, "rt_vs_begin", NULL, 0));
    stmts[n++] = emit_local_set(m, v, field_value);
    for (uint32_t i = 0; i < c->nchecks; i++) {
        const IrCheck *chk = &c->checks[i];
        if (chk->builtin == IRV_pattern) {
            stmts[n++] = pattern_check(f, chk, v);
            continue;
        }
        EmitExpr *arg = chk->arg_path != IR_NONE ? gen_value_of(f, chk->arg_path)
                        : chk->arg               ? gen_lit_node(f, chk->arg)
                                                 : emit_i32(m, 0);
        EmitExpr *args[3] = {emit_i32(m, (int32_t)chk->builtin), emit_local_get(m, v), arg};
        stmts[n++] = emit_local_set(m, r, emit_call(f->m, "rt_v_check", args, 3));
        const char *msg = chk->message ? chk->message : default_message(f->h->g->ir, f->a, chk, false);
        const char *items = chk->message ? chk->message : default_message(f->h->g->ir, f->a, chk, true);
        stmts[n++] = emit_if(
            m, emit_eq(m, emit_local_get(m, r), emit_i32(m, RT_CHECK_FAIL)), fail_with(f, msg),
            emit_if(m, emit_eq(m, emit_local_get(m, r), emit_i32(m, RT_CHECK_FAIL_ITEMS)), fail_with(f, items), NULL));
    }
    return emit_block(m, stmts, n, emit_call(f->m, "rt_vs_end", NULL, 0));
}

/* rt_task(kind, concern, field, paths, n): the paths' values go to the host
 * after the last round; `extra` (or -1) is one more path, last. */
static EmitExpr *task_expr(GenFn *f, int32_t kind, const IrExternal *ex, uint32_t nex, EmitExpr *extra)
{
    EmitModule *m = f->m;
    const IrConcern *c = f->concern;
    uint32_t n = kind == TASK_VALIDATION ? 1 : 0;
    for (uint32_t i = 0; i < nex; i++) n += kind == TASK_CONCERN && !ex[i].npaths ? 1 : ex[i].npaths;
    n += extra != NULL;
    EmitExpr **stmts = ARENA_ARRAY(f->a, EmitExpr *, n + 3);
    uint32_t k = 0, at = 0, buf = emit_local_new(m);
    EmitExpr *size = emit_i32(m, (int32_t)(4 * (n ? n : 1)));
    stmts[k++] = emit_local_set(m, buf, emit_call(m, "rt_scratch", &size, 1));
#define PUT(e) (stmts[k++] = emit_store_i32(m, emit_local_get(m, buf), 4 * at++, (e)))
    if (kind == TASK_VALIDATION) PUT(emit_param(m, 0));
    for (uint32_t i = 0; i < nex; i++) {
        if (kind == TASK_CONCERN && !ex[i].npaths) PUT(emit_param(m, 0));
        for (uint32_t j = 0; j < ex[i].npaths; j++) {
            EmitExpr *pe = gen_path_expr(f, ex[i].paths[j]);
            PUT(pe ? pe : emit_param(m, 0));
        }
    }
    if (extra) PUT(extra);
#undef PUT
    IrId id = (IrId)(c - f->h->g->ir->concerns);
    EmitExpr *args[5] = {emit_i32(m, kind), emit_i32(m, (int32_t)id), emit_param(m, 0), emit_local_get(m, buf),
                         emit_i32(m, (int32_t)n)};
    return emit_block(m, stmts, k, emit_call(m, "rt_task", args, 5));
}

/* unit_N(field, out) -> status: one kit unit's evaluator. */
static void unit_function(HookCtx *h, const Unit *u, uint32_t index)
{
    const Gen *g = h->g;
    const IrProgram *ir = g->ir;
    EmitModule *m = h->m;
    GenFn f;
    gen_fn_begin(&f, h, arena_printf(g->a, "unit_%u", index), u->field, u->inputs, u->ninputs);
    f.concern = u->concern;
    EmitExpr **stmts = f.stmts;
    uint32_t n = f.nstmts;
    if (!u->concern) { /* a group condition */
        EmitExpr *args[2] = {emit_i32(m, (int32_t)u->group), gen_cond(&f, ir->groups[u->group].when)};
        gen_fn_end(&f, emit_block(m, stmts, n, emit_call(m, "rt_group_hold", args, 2)));
        return;
    }
    EmitExpr *node = NULL;
    int32_t tag = RT_TAG_CONCERNS;
    switch (u->concern->kind) {
    case IRC_CONDITION: { /* most conditions keep their value: rt_write_bool answers those at once */
        EmitExpr *args[3] = {emit_param(m, 1), gen_cond(&f, u->concern->cond), emit_i32(m, tag)};
        gen_fn_end(&f, emit_block(m, stmts, n, emit_call(m, "rt_write_bool", args, 3)));
        return;
    }
    case IRC_VALUE: node = gen_value(&f, u->concern->value); break;
    case IRC_VALIDATION: {
        EmitExpr *field = emit_param(m, 0);
        tag = RT_TAG_VALIDATORS;
        node = validation_expr(&f, emit_call(m, "rt_get", &field, 1));
        if (!u->concern->nvalidators) break;
        /* built-ins kept aside; the task's result merges them with the
         * external validators' into validationState */
        uint32_t hidden = emit_local_new(m);
        EmitExpr *up = emit_param(m, 1);
        EmitExpr *pa[2] = {emit_call(m, "rt_path_parent", &up, 1), emit_i32(m, gen_atom_id(g, BUILTIN_KEY))};
        stmts[n++] = emit_local_set(m, hidden, emit_call(m, "rt_path_child", pa, 2));
        EmitExpr *wargs[5] = {emit_local_get(m, hidden), node, emit_i32(m, tag), emit_i32(m, -1), emit_i32(m, 0)};
        stmts[n++] = emit_drop(m, emit_call(m, "rt_write", wargs, 5));
        EmitExpr *task =
            task_expr(&f, TASK_VALIDATION, u->concern->validators, u->concern->nvalidators, emit_local_get(m, hidden));
        gen_fn_end(&f, emit_block(m, stmts, n,
                                  emit_if(m, emit_lt_s(m, task, emit_i32(m, 0)), emit_i32(m, RT_E_NOMEM),
                                          emit_i32(m, RT_OK))));
        return;
    }
    case IRC_EXTERNAL: {
        EmitExpr *task = task_expr(&f, TASK_CONCERN, &u->concern->external, 1, NULL);
        gen_fn_end(&f, emit_block(m, stmts, n,
                                  emit_if(m, emit_lt_s(m, task, emit_i32(m, 0)), emit_i32(m, RT_E_NOMEM),
                                          emit_i32(m, RT_OK))));
        return;
    }
    }
    EmitExpr *result = emit_i32(m, RT_OK);
    if (node) {
        EmitExpr *args[5] = {emit_param(m, 1), node, emit_i32(m, tag), emit_i32(m, -1), emit_i32(m, 0)};
        result = emit_call(m, "rt_write", args, 5);
    }
    gen_fn_end(&f, emit_block(m, stmts, n, result));
}

static void concerns_functions(HookCtx *h)
{
    EmitModule *m = h->m;
    Units u = units_of(h->g);
    emit_hook_begin(m, "concern");
    if (!have_concerns(h)) {
        emit_hook_end(m, emit_i32(m, RT_E_HOOK));
        return;
    }
    EmitExpr **cases = ARENA_ARRAY(h->g->a, EmitExpr *, u.n + 1);
    for (uint32_t i = 0; i < u.n; i++) {
        EmitExpr *args[2] = {emit_param(m, 1), emit_param(m, 2)};
        cases[i] = emit_call_func(m, arena_printf(h->g->a, "unit_%u", i), args, 2);
    }
    emit_hook_end(m, gen_dispatch(m, cases, u.n));
    for (uint32_t i = 0; i < u.n; i++) unit_function(h, &u.v[i], i);
}

/* Creation starts by evaluating the groups' conditions, before any other
 * family settles values (this emitter runs first). */
static EmitExpr *group_conditions_create(HookCtx *h)
{
    if (!have_concerns(h) || !codegen_census(h->g->ir).count[GEN_GROUP_WHEN]) return NULL;
    EmitModule *m = h->m;
    return emit_if(m, emit_lt_s(m, emit_param(m, 0), emit_i32(m, 0)), concern_kit(h, "rt_kit_concern_conds", 0, 0),
                   emit_i32(m, RT_OK));
}

const RuleEmitter gen_group_conditions_emitter = {
    .kind = "group conditions",
    .kinds = GEN_KIND_LIST(GEN_GROUP_WHEN),
    .create = group_conditions_create,
};

const RuleEmitter gen_concerns_emitter = {
    .kind = "concerns",
    .kinds = GEN_KIND_LIST(GEN_CONDITION, GEN_VALUE, GEN_VALIDATION, GEN_EXTERNAL),
    .prepare = concerns_prepare,
    .stage = concerns_stage,
    .create = concerns_create,
    .disable = concerns_disable,
    .functions = concerns_functions,
};
