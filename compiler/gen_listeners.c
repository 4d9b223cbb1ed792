/* gen_listeners.c — code generation for listeners (semantics.md §11, stage
 * 8): the listener index (runtime/kits/listener_tables.h, laid out by
 * runtime/listener_build.c) tells the listener kit which listeners a change
 * touches, through the path classes of the kits' blob; the `plan` hook
 * forwards to the kit.
 *
 *   prepare   the index, in the IR's listener order, which is plan order
 *             (deeper topic, deeper scope, declaration): per listener its
 *             scope pattern, group and topics; per pattern the topics equal
 *             to it and at or below it; the atom of "_concerns"
 *   plan      rt_kit_listen_plan(blob, index, begin, end)
 *
 * The JS glue calls the handlers (runtime/js/pipeline.js); the manifest
 * names them by listener id (pkg.c, same order). */

#include "../runtime/listener_build.h"
#include "../runtime/rt_base.h"
#include "codegen_internal.h"

static bool listeners_prepare(Gen *g)
{
    const IrProgram *ir = g->ir;
    g->listener_blob = NULL;
    g->listener_blob_len = 0;
    if (!ir->nlisteners || !g->blob) return true;
    int32_t concerns = gen_atom(g, "_concerns");
    lt_builder *b = lt_init(g->blob, concerns);
    if (!b) {
        g->c->io_error = "out of memory";
        return false;
    }
    for (uint32_t i = 0; i < ir->nlisteners; i++) {
        const IrListener *l = &ir->listeners[i];
        int32_t scope = l->scope == IR_NONE ? 0 : g->pattern_of[l->scope];
        int32_t group = l->base.group == IR_NONE ? -1 : (int32_t)l->base.group;
        lt_listener(b, scope, group);
        for (uint32_t t = 0; t < l->ntopics; t++) lt_topic(b, (int32_t)i, g->pattern_of[l->topics[t]]);
    }
    uint32_t len = 0;
    const uint8_t *bytes = lt_finish(b, &len);
    bool kept = gen_keep_blob(g, bytes, len, "listener index", &g->listener_blob, &g->listener_blob_len);
    lt_free(b);
    return kept;
}

static EmitExpr *listeners_plan(HookCtx *h)
{
    return gen_kit_call(h, "rt_kit_listen_plan", &h->listener_blob, h->g->listener_blob, h->g->listener_blob_len, 0, 2);
}

const RuleEmitter gen_listeners_emitter = {
    .kind = "listeners",
    .kinds = GEN_KIND_LIST(GEN_LISTENER),
    .prepare = listeners_prepare,
    .plan = listeners_plan,
};
