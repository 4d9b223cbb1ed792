/* gen_derived.c — code generation for aggregations and computations
 * (semantics.md §3 stages 1, 2 and 6, §6, §7, §13): the derived index
 * tells the derived kit (runtime/kits/derived_kit.c) which derived values
 * a change concerns, in which order to recompute them, and where inputs to
 * their targets go; `exclude when` conditions become generated functions.
 *
 *   prepare     the index (runtime/kits/derived_tables.h): per derived
 *               value its target pattern, operation, group and rank in
 *               ir->derived_order; its sources with their condition ids;
 *               a watch index of what each reads (sources, condition
 *               paths, its target); per pattern the derived values
 *               targeting it
 *   cond_N      (path, 0) -> 0/1: exclude condition N with its [*] bound
 *               to the keys of the source instance `path` (gen_code.c)
 *   hooks       input (stages 1 and 2), stage 6 and create forward to the
 *               kit; cond(id, path) dispatches to the cond_N (gen_dispatch)
 *
 * The kit does the arithmetic, in C: IEEE doubles summed in source order,
 * as JavaScript's left-to-right `+`. */
#include <string.h>

#include "../runtime/kits/derived_tables.h"
#include "../runtime/rt_base.h"
#include "codegen_internal.h"
#include "gen_code.h"

_Static_assert(IROP_SUM + 1 == DT_OP_SUM && IROP_COUNT + 1 == DT_OP_COUNT,
               "derived_tables.h's operations follow IrComputeOp, after aggregation");

/* The exclude conditions, numbered in source order over every derived
 * value: the `cond` hook's ids. */
typedef struct Excl {
    IrId cond;
    IrId source; /* the source path, whose [*] bind the condition's */
} Excl;

static uint32_t exclusions(const IrProgram *ir, Excl *out)
{
    uint32_t n = 0;
    for (uint32_t d = 0; d < ir->nderived; d++)
        for (uint32_t k = 0; k < ir->derived[d].nsources; k++) {
            const IrSource *s = &ir->derived[d].sources[k];
            if (s->exclude == IR_NONE) continue;
            if (out) out[n] = (Excl){s->exclude, s->path};
            n++;
        }
    return n;
}

static bool derived_prepare(Gen *g)
{
    const IrProgram *ir = g->ir;
    if (!ir->nderived || !g->blob) return true;
    Arena *a = g->a;
    uint32_t npat = ir->npaths + 1;
    StrBuf b = {0};
    for (int i = 0; i < DT_H_WORDS; i++) gen_put_word(a, &b, 0);

    uint32_t *rank = ARENA_ARRAY(a, uint32_t, ir->nderived);
    for (uint32_t k = 0; k < ir->nderived; k++) rank[ir->derived_order[k]] = k;
    uint32_t recs = (uint32_t)b.len, nsources = 0;
    for (uint32_t d = 0; d < ir->nderived; d++) {
        const IrDerived *dv = &ir->derived[d];
        gen_put_word(a, &b, (uint32_t)g->pattern_of[dv->target]);
        gen_put_word(a, &b, dv->is_compute ? (uint32_t)dv->op + 1 : DT_OP_AGGREGATE);
        gen_put_word(a, &b, dv->base.group == IR_NONE ? (uint32_t)-1 : dv->base.group);
        gen_put_word(a, &b, rank[d]);
        gen_put_word(a, &b, nsources);
        gen_put_word(a, &b, dv->nsources);
        nsources += dv->nsources;
    }
    uint32_t srcs = (uint32_t)b.len, excl = 0;
    for (uint32_t d = 0; d < ir->nderived; d++)
        for (uint32_t k = 0; k < ir->derived[d].nsources; k++) {
            const IrSource *s = &ir->derived[d].sources[k];
            gen_put_word(a, &b, (uint32_t)g->pattern_of[s->path]);
            gen_put_word(a, &b, s->exclude == IR_NONE ? (uint32_t)-1 : excl++);
        }
    uint32_t order = (uint32_t)b.len;
    for (uint32_t k = 0; k < ir->nderived; k++) gen_put_word(a, &b, ir->derived_order[k]);

    /* what each reads: a change at, above or below any of these recomputes it */
    GenWatch w;
    gen_watch_init(g, &w);
    for (uint32_t d = 0; d < ir->nderived; d++) {
        const IrDerived *dv = &ir->derived[d];
        for (uint32_t k = 0; k < dv->nsources; k++) {
            gen_watch_read(g, &w, d, dv->sources[k].path);
            if (dv->sources[k].exclude == IR_NONE) continue;
            PtrVec paths = {0};
            gen_cond_inputs(ir, dv->sources[k].exclude, &paths, a);
            for (uint32_t i = 0; i < paths.len; i++) gen_watch_read(g, &w, d, (IrId)(uintptr_t)paths.items[i]);
        }
        /* its own target: a replaced ancestor, or a sync or clear writing it,
         * recomputes it, so the value always follows its sources */
        gen_watch_read(g, &w, d, dv->target);
    }
    uint32_t watch = gen_watch_write(g, &w, &b);

    /* per pattern, the derived values targeting it: the lists in pattern
     * order, one word per derived value in all */
    uint32_t *start = ARENA_ARRAY(a, uint32_t, npat + 1);
    for (uint32_t d = 0; d < ir->nderived; d++) start[g->pattern_of[ir->derived[d].target] + 1]++;
    for (uint32_t p = 0; p < npat; p++) start[p + 1] += start[p];
    uint32_t targets = (uint32_t)b.len;
    uint32_t lists = targets + 4 * npat * DT_T_WORDS;
    for (uint32_t p = 0; p < npat; p++) {
        gen_put_word(a, &b, start[p + 1] - start[p]);
        gen_put_word(a, &b, lists + 4 * start[p]);
    }
    for (uint32_t d = 0; d < ir->nderived; d++) gen_put_word(a, &b, 0);
    for (uint32_t d = 0; d < ir->nderived; d++)
        gen_set_word(&b, lists + 4 * start[g->pattern_of[ir->derived[d].target]]++, d);

    const uint32_t header[DT_H_WORDS] = {
        [DT_H_N_DERIVED] = ir->nderived, [DT_H_DERIVED] = recs,   [DT_H_N_SOURCES] = nsources,
        [DT_H_SOURCES] = srcs,           [DT_H_ORDER] = order,    [KIT_H_N_PATTERNS] = npat,
        [KIT_H_WATCH] = watch,           [DT_H_TARGETS] = targets};
    gen_kit_header(&b, DT_MAGIC, header, DT_H_WORDS);
    g->derived_blob = (const unsigned char *)b.data;
    g->derived_blob_len = b.len;
    return true;
}

static bool have_derived(const HookCtx *h) { return h->g->derived_blob != NULL; }

/* A call of derived kit service `service` (gen_kit_call). */
static EmitExpr *derived_kit(HookCtx *h, const char *service, uint32_t first, uint32_t nparams)
{
    return gen_kit_call(h, service, &h->derived_blob, h->g->derived_blob, h->g->derived_blob_len, first, nparams);
}

/* input(stage, index): stages 1 and 2 go to the kit, others keep. */
static EmitExpr *derived_input(HookCtx *h)
{
    if (!have_derived(h)) return NULL;
    EmitModule *m = h->m;
    EmitExpr *stage12 = emit_lt_s(m, emit_param(m, 0), emit_i32(m, RT_STAGE_APPLY));
    return emit_if(m, stage12, derived_kit(h, "rt_kit_derived_input", 0, 2), emit_i32(m, RT_INPUT_KEEP));
}

static EmitExpr *derived_stage(HookCtx *h, int stage)
{
    if (stage != RT_STAGE_DERIVED || !have_derived(h)) return NULL;
    return derived_kit(h, "rt_kit_derived_stage", 1, 2);
}

static EmitExpr *derived_create(HookCtx *h)
{
    if (!have_derived(h)) return NULL;
    return derived_kit(h, "rt_kit_derived_create", 0, 1);
}

/* cond_N(path, 0): exclude condition N for the source instance `path`. */
static void cond_function(HookCtx *h, const Excl *e, uint32_t index)
{
    const Gen *g = h->g;
    PtrVec paths = {0};
    gen_cond_inputs(g->ir, e->cond, &paths, g->a);
    IrId *inputs = ARENA_ARRAY(g->a, IrId, paths.len + 1);
    for (uint32_t i = 0; i < paths.len; i++) inputs[i] = (IrId)(uintptr_t)paths.items[i];
    GenFn f;
    gen_fn_begin(&f, h, arena_printf(g->a, "cond_%u", index), e->source, inputs, paths.len);
    gen_fn_end(&f, emit_block(h->m, f.stmts, f.nstmts, gen_cond(&f, e->cond)));
}

/* The `cond` hook is always defined (every hook must be); without
 * conditions nothing calls it. */
static void derived_functions(HookCtx *h)
{
    EmitModule *m = h->m;
    const Gen *g = h->g;
    uint32_t n = have_derived(h) ? exclusions(g->ir, NULL) : 0;
    Excl *ex = ARENA_ARRAY(g->a, Excl, n + 1);
    exclusions(g->ir, n ? ex : NULL);
    emit_hook_begin(m, "cond");
    if (!n) {
        emit_hook_end(m, emit_i32(m, RT_E_HOOK));
        return;
    }
    EmitExpr **cases = ARENA_ARRAY(g->a, EmitExpr *, n);
    for (uint32_t i = 0; i < n; i++) {
        EmitExpr *args[2] = {emit_param(m, 1), emit_i32(m, 0)};
        cases[i] = emit_call_func(m, arena_printf(g->a, "cond_%u", i), args, 2);
    }
    emit_hook_end(m, gen_dispatch(m, cases, n));
    for (uint32_t i = 0; i < n; i++) cond_function(h, &ex[i], i);
}

const RuleEmitter gen_derived_emitter = {
    .kind = "derived values",
    .kinds = GEN_KIND_LIST(GEN_AGGREGATE, GEN_COMPUTE),
    .prepare = derived_prepare,
    .input = derived_input,
    .stage = derived_stage,
    .create = derived_create,
    .functions = derived_functions,
};
