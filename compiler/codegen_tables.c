/* codegen_tables.c — lowers the IR's rules to the kits' table blob
 * (runtime/tables.h) through the builder in runtime/tables_build.c, which
 * the runtime's native tests use as well.
 *
 *   patterns     every IR path, parents first (IrPath i → pattern pat[i])
 *   containers   the IR paths the state declares as lists (IrPath.list)
 *   components   the IR's sync/flip components, members with their parity,
 *                and their (two-way) edges with the edge's group
 *   one-way      every `a -> b` edge
 *
 * The blob is position independent: codegen.c places it anywhere (16-aligned)
 * and passes its address to the kit services. */
#include <string.h>

#include "../runtime/tables.h"
#include "../runtime/tables_build.h"
#include "codegen_internal.h"

_Static_assert((int)IRSEG_KEY == TB_SEG_KEY && (int)IRSEG_INDEX == TB_SEG_INDEX && (int)IRSEG_WILD == TB_SEG_WILD &&
                   (int)IRSEG_DEEP == TB_SEG_DEEP,
               "tb_pattern takes the IR's segment kinds as they are");

bool gen_keep_blob(Gen *g, const uint8_t *bytes, uint32_t len, const char *what, const unsigned char **out,
                   size_t *out_len)
{
    if (!bytes) {
        g->c->io_error = arena_printf(g->a, "internal error: the %s builder refused the IR", what);
        return false;
    }
    unsigned char *copy = arena_alloc(g->a, len + 1);
    memcpy(copy, bytes, len);
    *out = copy;
    *out_len = len;
    return true;
}

typedef struct Lower {
    Gen *g;
    tb_builder *b;
    int32_t *pat; /* per IR path: pattern id, 0 = not yet */
    bool failed;
} Lower;

static void add_pattern(Lower *lw, IrId id)
{
    if (lw->pat[id] || lw->failed) return;
    const IrPath *p = &lw->g->ir->paths[id];
    int32_t parent = 0;
    if (p->parent != IR_NONE) {
        add_pattern(lw, p->parent);
        parent = lw->pat[p->parent];
    }
    int32_t r = tb_pattern(lw->b, parent, (uint32_t)p->kind, lw->g->seg_atom[id]);
    if (r < 0) {
        lw->failed = true;
        return;
    }
    lw->pat[id] = r;
    if (p->list && tb_list_container(lw->b, r) < 0) lw->failed = true;
}

static int32_t group_of(const IrRuleBase *base) { return base->group == IR_NONE ? -1 : (int32_t)base->group; }

bool codegen_tables(Gen *g)
{
    const IrProgram *ir = g->ir;
    g->blob = NULL;
    g->blob_len = 0;
    Lower lw = {.g = g};
    lw.b = tb_init();
    if (!lw.b) {
        g->c->io_error = "out of memory";
        return false;
    }
    lw.pat = ARENA_ARRAY(g->a, int32_t, ir->npaths + 1);
    for (uint32_t i = 0; i < ir->npaths; i++) add_pattern(&lw, i);
    g->pattern_of = lw.pat;

    int32_t *member = ARENA_ARRAY(g->a, int32_t, ir->npaths + 1);
    for (uint32_t i = 0; i < ir->npaths; i++) member[i] = -1;
    for (uint32_t k = 0; k < ir->ncomponents && !lw.failed; k++) {
        const IrComponent *comp = &ir->components[k];
        int32_t c = tb_component(lw.b);
        for (uint32_t j = 0; j < comp->nmembers && c >= 0; j++) {
            IrId p = comp->members[j];
            member[p] = tb_member(lw.b, c, lw.pat[p], comp->opposite[j] ? 1 : 0, -1);
            if (member[p] < 0) lw.failed = true;
        }
        if (c < 0) lw.failed = true;
    }
    for (uint32_t i = 0; i < ir->nedges && !lw.failed; i++) {
        const IrEdge *e = &ir->edges[i];
        int32_t r;
        if (e->oneway)
            r = tb_oneway(lw.b, lw.pat[e->a], lw.pat[e->b], e->flip ? 1 : 0, group_of(&e->base));
        else if (e->a == e->b)
            continue;
        else
            r = tb_edge(lw.b, member[e->a], member[e->b], e->flip ? 1 : 0, group_of(&e->base));
        if (r < 0) lw.failed = true;
    }

    uint32_t len = 0;
    const uint8_t *blob = lw.failed ? NULL : tb_finish(lw.b, &len);
    bool kept = gen_keep_blob(g, blob, len, "table", &g->blob, &g->blob_len);
    tb_free(lw.b);
    return kept;
}
