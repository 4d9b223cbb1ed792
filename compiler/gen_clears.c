/* gen_clears.c — code generation for `clear Ts when Ps changes`
 * (semantics.md §3 stage 4, §8): the clear index tells the clear kit
 * (runtime/kits/clear_kit.c) which rules a stage-3 change fires and which
 * targets they clear.  No generated code but the stage hook's call: a
 * clear has no condition.
 *
 *   prepare     the index (runtime/kits/clear_tables.h): per rule its group
 *               and target patterns; per trigger its rule and pattern; a
 *               watch index whose units are the triggers
 *   hooks       stage 4 forwards to rt_kit_clear_stage */
#include "../runtime/kits/clear_tables.h"
#include "../runtime/rt_base.h"
#include "codegen_internal.h"

static bool clears_prepare(Gen *g)
{
    const IrProgram *ir = g->ir;
    if (!ir->nclears || !g->blob) return true;
    Arena *a = g->a;
    StrBuf b = {0};
    for (int i = 0; i < XT_H_WORDS; i++) gen_put_word(a, &b, 0);
    uint32_t recs = (uint32_t)b.len;
    for (uint32_t c = 0; c < ir->nclears; c++)
        for (int w = 0; w < XT_C_WORDS; w++) gen_put_word(a, &b, 0);
    uint32_t ntriggers = 0;
    uint32_t triggers = (uint32_t)b.len;
    for (uint32_t c = 0; c < ir->nclears; c++)
        for (uint32_t t = 0; t < ir->clears[c].ntriggers; t++, ntriggers++) {
            gen_put_word(a, &b, c);
            gen_put_word(a, &b, (uint32_t)g->pattern_of[ir->clears[c].triggers[t]]);
        }
    for (uint32_t c = 0; c < ir->nclears; c++) {
        const IrClear *x = &ir->clears[c];
        size_t at = recs + (size_t)c * XT_C_WORDS * 4;
        gen_set_word(&b, at + 4 * XT_C_GROUP, x->base.group == IR_NONE ? (uint32_t)-1 : x->base.group);
        gen_set_word(&b, at + 4 * XT_C_N_TARGETS, x->ntargets);
        gen_set_word(&b, at + 4 * XT_C_TARGETS, (uint32_t)b.len);
        for (uint32_t t = 0; t < x->ntargets; t++) gen_put_word(a, &b, (uint32_t)g->pattern_of[x->targets[t]]);
    }
    GenWatch w;
    gen_watch_init(g, &w);
    for (uint32_t c = 0, unit = 0; c < ir->nclears; c++)
        for (uint32_t t = 0; t < ir->clears[c].ntriggers; t++) gen_watch_read(g, &w, unit++, ir->clears[c].triggers[t]);
    uint32_t watch = gen_watch_write(g, &w, &b);
    const uint32_t header[XT_H_WORDS] = {[XT_H_N_CLEARS] = ir->nclears,       [XT_H_CLEARS] = recs,
                                         [XT_H_N_TRIGGERS] = ntriggers,       [XT_H_TRIGGERS] = triggers,
                                         [KIT_H_N_PATTERNS] = ir->npaths + 1, [KIT_H_WATCH] = watch};
    gen_kit_header(&b, XT_MAGIC, header, XT_H_WORDS);
    g->clear_blob = (const unsigned char *)b.data;
    g->clear_blob_len = b.len;
    return true;
}

static EmitExpr *clears_stage(HookCtx *h, int stage)
{
    const Gen *g = h->g;
    return stage == RT_STAGE_CLEAR
               ? gen_kit_call(h, "rt_kit_clear_stage", &h->clear_blob, g->clear_blob, g->clear_blob_len, 1, 2)
               : NULL;
}

const RuleEmitter gen_clears_emitter = {
    .kind = "clears",
    .kinds = GEN_KIND_LIST(GEN_CLEAR),
    .prepare = clears_prepare,
    .stage = clears_stage,
};
