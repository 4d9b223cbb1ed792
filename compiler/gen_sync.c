/* gen_sync.c — code generation for sync, flip and one-way rules
 * (semantics.md §4, §5): the sync kit (runtime/kits/sync_kit.c) walks the
 * round's changes against the components of the kits' blob (stage 5, laid
 * out by codegen_tables.c) and aligns each component when a group is
 * created.  The hooks only forward to it with the blob's address. */
#include "../runtime/rt_base.h"
#include "codegen_internal.h"

/* Sync, flip and one-way edges all become components of the blob (the
 * builder gives a one-way endpoint outside any component its own). */
static bool has_sync_rules(const HookCtx *h) { return gen_blob_addr(h) && h->g->ir->nedges > 0; }

static EmitExpr *sync_stage(HookCtx *h, int stage)
{
    if (stage != RT_STAGE_SYNC_FLIP || !has_sync_rules(h)) return NULL;
    EmitExpr *args[3] = {emit_i32(h->m, (int32_t)gen_blob_addr(h)), emit_param(h->m, 1), emit_param(h->m, 2)};
    return emit_call(h->m, "rt_kit_sync_stage", args, 3);
}

static EmitExpr *sync_create(HookCtx *h)
{
    if (!has_sync_rules(h)) return NULL;
    EmitExpr *args[2] = {emit_i32(h->m, (int32_t)gen_blob_addr(h)), emit_param(h->m, 0)};
    return emit_call(h->m, "rt_kit_sync_create", args, 2);
}

const RuleEmitter gen_sync_emitter = {
    .kind = "sync",
    .kinds = GEN_KIND_LIST(GEN_SYNC, GEN_FLIP, GEN_ONEWAY),
    .stage = sync_stage,
    .create = sync_create,
};
