/* gen_code.c — the condition and value code generator (gen_code.h): IR
 * conditions and values (semantics.md §10) as wasm expressions over the
 * rt_cond.h services, inside functions of codegen's own.  Every rule
 * family that evaluates a condition or a value uses it: field concerns and
 * group conditions (gen_concerns.c), `exclude when` of derived values.
 *
 * Literals, template texts and match keys go to the data pool in the
 * boundary encoding (docs/internals.md, "Boundary encoding"). */
#include "gen_code.h"

#include <string.h>

#include "../runtime/rt_base.h"

/* ---- literals and texts in the pool --------------------------------------------- */

static void put_varint(Arena *a, StrBuf *b, uint32_t v)
{
    do {
        char byte = (char)(v & 0x7f);
        v >>= 7;
        if (v) byte = (char)(byte | 0x80);
        strbuf_putc(a, b, byte);
    } while (v);
}

static void encode_lit(Arena *a, StrBuf *b, const IrLit *l)
{
    switch (l->kind) {
    case IRLIT_NULL: strbuf_putc(a, b, 1); break;
    case IRLIT_BOOL: strbuf_putc(a, b, l->boolean ? 3 : 2); break;
    case IRLIT_NUMBER: {
        strbuf_putc(a, b, 4);
        uint64_t bits;
        memcpy(&bits, &l->number, 8);
        for (int i = 0; i < 8; i++) strbuf_putc(a, b, (char)((bits >> (8 * i)) & 0xff));
        break;
    }
    case IRLIT_STRING:
        strbuf_putc(a, b, 5);
        put_varint(a, b, l->text_len);
        strbuf_putn(a, b, l->text, l->text_len);
        break;
    case IRLIT_ARRAY:
        strbuf_putc(a, b, 6);
        put_varint(a, b, l->nitems);
        for (uint32_t i = 0; i < l->nitems; i++) encode_lit(a, b, l->items[i]);
        break;
    case IRLIT_OBJECT:
        strbuf_putc(a, b, 7);
        put_varint(a, b, l->nitems);
        for (uint32_t i = 0; i < l->nitems; i++) {
            put_varint(a, b, l->members[i].key_len);
            strbuf_putn(a, b, l->members[i].key, l->members[i].key_len);
            encode_lit(a, b, l->members[i].value);
        }
        break;
    }
}

/* ---- one generated function ------------------------------------------------------ */

static EmitExpr *call(GenFn *f, const char *service, EmitExpr **args, uint32_t n)
{
    return emit_call(f->m, service, args, n);
}

void gen_fn_begin(GenFn *f, HookCtx *h, const char *name, IrId field, const IrId *inputs, uint32_t ninputs)
{
    const Gen *g = h->g;
    const IrProgram *ir = g->ir;
    EmitModule *m = h->m;
    memset(f, 0, sizeof *f);
    f->h = h;
    f->m = m;
    f->a = g->a;
    f->inputs = inputs;
    f->ninputs = ninputs;
    f->field = field;
    emit_func_begin(m, name, 2);
    f->stmts = ARENA_ARRAY(g->a, EmitExpr *, ninputs + RT_MAX_DEPTH + GEN_FN_EXTRA_STMTS);
    uint32_t n = 0;
    /* the field's wildcard keys, from its instance path (parameter 0): a
     * slot each, filled by wild_key when a path uses the key (reading an
     * unused one would cost two calls the optimiser cannot drop) */
    const IrPath *chain[RT_MAX_DEPTH];
    uint32_t depth = 0;
    for (IrId p = field; p != IR_NONE && depth < RT_MAX_DEPTH; p = ir->paths[p].parent) chain[depth++] = &ir->paths[p];
    for (uint32_t d = depth; d-- > 0;) {
        if (chain[d]->kind != IRSEG_WILD) continue;
        f->wild_local[f->nwild] = emit_local_new(m);
        f->wild_depth[f->nwild] = chain[d]->depth;
        f->wild_stmt[f->nwild++] = n;
        f->stmts[n++] = emit_nop(m);
    }
    /* every input read once */
    f->in_local = ARENA_ARRAY(g->a, uint32_t, ninputs + 1);
    for (uint32_t i = 0; i < ninputs; i++) {
        f->in_local[i] = emit_local_new(m);
        EmitExpr *pe = gen_path_expr(f, inputs[i]);
        f->stmts[n++] = emit_local_set(m, f->in_local[i], pe ? emit_call(m, "rt_get", &pe, 1) : emit_i32(m, 0));
    }
    f->nstmts = n;
}

void gen_fn_end(GenFn *f, EmitExpr *body) { emit_func_end(f->m, body); }

static EmitExpr *dispatch(EmitModule *m, EmitExpr **cases, uint32_t lo, uint32_t hi)
{
    if (hi - lo == 1)
        return emit_if(m, emit_eq(m, emit_param(m, 0), emit_i32(m, (int32_t)lo)), cases[lo], emit_i32(m, RT_E_HOOK));
    uint32_t mid = lo + (hi - lo) / 2;
    return emit_if(m, emit_lt_s(m, emit_param(m, 0), emit_i32(m, (int32_t)mid)), dispatch(m, cases, lo, mid),
                   dispatch(m, cases, mid, hi));
}

EmitExpr *gen_dispatch(EmitModule *m, EmitExpr **cases, uint32_t n)
{
    return n ? dispatch(m, cases, 0, n) : emit_i32(m, RT_E_HOOK);
}

EmitExpr *gen_text_arg(GenFn *f, const char *text, size_t len, EmitExpr **len_out)
{
    uint32_t at = gen_pool(f->h, text, len, 1);
    *len_out = emit_i32(f->m, (int32_t)len);
    return emit_i32(f->m, (int32_t)at);
}

EmitExpr *gen_lit_node(GenFn *f, const IrLit *l)
{
    StrBuf b = {0};
    encode_lit(f->a, &b, l);
    EmitExpr *len;
    EmitExpr *at = gen_text_arg(f, b.data, b.len, &len);
    EmitExpr *args[2] = {at, len};
    return call(f, "rt_lit", args, 2);
}

/* The atom of the field's j-th wildcard key, read into its local by the
 * prologue slot the first time it is asked for. */
static EmitExpr *wild_key(GenFn *f, uint32_t j)
{
    if (!f->wild_read[j]) {
        EmitExpr *anc[2] = {emit_param(f->m, 0), emit_i32(f->m, (int32_t)f->wild_depth[j])};
        EmitExpr *at = call(f, "rt_path_ancestor", anc, 2);
        f->stmts[f->wild_stmt[j]] = emit_local_set(f->m, f->wild_local[j], call(f, "rt_path_atom", &at, 1));
        f->wild_read[j] = 1;
    }
    return emit_local_get(f->m, f->wild_local[j]);
}

/* The run-time path id of IR path `id` for this instance; NULL when a
 * wildcard of it is not bound by the field (it then reads as missing). */
EmitExpr *gen_path_expr(GenFn *f, IrId id)
{
    const Gen *g = f->h->g;
    if (g->path_rt[id]) return emit_i32(f->m, (int32_t)g->path_rt[id]);
    const IrPath *p = &g->ir->paths[id];
    /* A prefix of the field's own pattern (IR paths are interned, so the
     * same prefix is the same id) is an ancestor of the instance: one
     * lookup instead of a child step per segment. */
    for (IrId q = f->field; q != IR_NONE; q = g->ir->paths[q].parent) {
        if (q != id) continue;
        EmitExpr *args[2] = {emit_param(f->m, 0), emit_i32(f->m, (int32_t)p->depth)};
        return call(f, "rt_path_ancestor", args, 2);
    }
    EmitExpr *parent = p->parent == IR_NONE ? emit_i32(f->m, 0) : gen_path_expr(f, p->parent);
    if (!parent) return NULL;
    EmitExpr *atom;
    if (p->kind == IRSEG_KEY || p->kind == IRSEG_INDEX) {
        atom = emit_i32(f->m, g->seg_atom[id]);
    } else {
        uint32_t j = p->nwild - 1; /* this [*] is the path's last wildcard */
        if (p->kind != IRSEG_WILD || j >= f->nwild) return NULL;
        atom = wild_key(f, j);
    }
    EmitExpr *args[2] = {parent, atom};
    return call(f, "rt_path_child", args, 2);
}

EmitExpr *gen_value_of(GenFn *f, IrId path)
{
    for (uint32_t i = 0; i < f->ninputs; i++)
        if (f->inputs[i] == path) return emit_local_get(f->m, f->in_local[i]);
    EmitExpr *pe = gen_path_expr(f, path);
    if (!pe) return emit_i32(f->m, 0);
    return call(f, "rt_get", &pe, 1);
}

void gen_cond_inputs(const IrProgram *ir, IrId cid, PtrVec *out, Arena *a)
{
    /* down the left operands in a loop (and/or chains can be long), into
     * the right ones by recursion, as ir_build.c's ir_cond_paths */
    for (; cid != IR_NONE; cid = ir->conds[cid].lhs) {
        const IrCond *c = &ir->conds[cid];
        IrId own[2] = {c->path, c->rhs_path};
        for (int k = 0; k < 2; k++) {
            if (own[k] == IR_NONE) continue;
            bool have = false;
            for (uint32_t i = 0; i < out->len && !have; i++) have = (IrId)(uintptr_t)out->items[i] == own[k];
            if (!have) ptrvec_push(a, out, (void *)(uintptr_t)own[k]);
        }
        if (c->rhs != IR_NONE) gen_cond_inputs(ir, c->rhs, out, a);
    }
}

EmitExpr *gen_cond(GenFn *f, IrId cid)
{
    const IrCond *c = &f->h->g->ir->conds[cid];
    EmitModule *m = f->m;
    switch (c->kind) {
    case IRCOND_CMP:
    case IRCOND_LENGTH: {
        EmitExpr *lhs = gen_value_of(f, c->path);
        bool equality = c->kind == IRCOND_CMP && (c->op == IRCMP_EQ || c->op == IRCMP_NE);
        if (c->rhs_path == IR_NONE && c->lit && c->lit->kind == IRLIT_NUMBER && !equality) {
            /* a number known now: no literal to decode at run time */
            EmitExpr *args[3] = {lhs, emit_i32(m, (int32_t)c->op), emit_f64(m, c->lit->number)};
            return call(f, c->kind == IRCOND_CMP ? "rt_c_ordn" : "rt_c_lengthn", args, 3);
        }
        EmitExpr *rhs = c->rhs_path != IR_NONE ? gen_value_of(f, c->rhs_path) : gen_lit_node(f, c->lit);
        if (equality) {
            EmitExpr *args[2] = {lhs, rhs};
            EmitExpr *eq = call(f, "rt_c_eq", args, 2);
            return c->op == IRCMP_EQ ? eq : emit_eqz(m, eq);
        }
        EmitExpr *args[3] = {lhs, emit_i32(m, (int32_t)c->op), rhs};
        return call(f, c->kind == IRCOND_CMP ? "rt_c_ord" : "rt_c_length", args, 3);
    }
    case IRCOND_EXISTS:
    case IRCOND_EMPTY:
    case IRCOND_TRUTHY: {
        EmitExpr *v = gen_value_of(f, c->path);
        return call(f,
                    c->kind == IRCOND_EXISTS  ? "rt_c_exists"
                    : c->kind == IRCOND_EMPTY ? "rt_c_empty"
                                              : "rt_c_truthy",
                    &v, 1);
    }
    case IRCOND_IN: {
        EmitExpr *args[2] = {gen_value_of(f, c->path), gen_lit_node(f, c->lit)};
        return call(f, "rt_c_in", args, 2);
    }
    case IRCOND_CONTAINS_ANY:
    case IRCOND_CONTAINS_ALL: {
        EmitExpr *args[3] = {gen_value_of(f, c->path), gen_lit_node(f, c->lit),
                             emit_i32(m, c->kind == IRCOND_CONTAINS_ALL)};
        return call(f, "rt_c_contains", args, 3);
    }
    case IRCOND_BOOL: return emit_i32(m, c->lit && c->lit->boolean);
    case IRCOND_NOT: return emit_eqz(m, gen_cond(f, c->lhs));
    case IRCOND_AND: return emit_if(m, gen_cond(f, c->lhs), gen_cond(f, c->rhs), emit_i32(m, 0));
    case IRCOND_OR: return emit_if(m, gen_cond(f, c->lhs), emit_i32(m, 1), gen_cond(f, c->rhs));
    }
    return emit_i32(m, 0);
}

/* A template: literal parts as they are; {{p}} and {{p.length}} through the
 * builder, which keeps the placeholder text where the value has none. */
static EmitExpr *template_expr(GenFn *f, const IrValue *v)
{
    EmitModule *m = f->m;
    const IrProgram *ir = f->h->g->ir;
    EmitExpr **stmts = ARENA_ARRAY(f->a, EmitExpr *, v->nparts + 2);
    uint32_t n = 0;
    stmts[n++] = emit_drop(m, call(f, "rt_tpl_begin", NULL, 0));
    for (uint32_t i = 0; i < v->nparts; i++) {
        const IrTemplatePart *p = &v->parts[i];
        EmitExpr *len;
        if (p->path == IR_NONE) {
            EmitExpr *args[2] = {gen_text_arg(f, p->text, strlen(p->text), &len), NULL};
            args[1] = len;
            stmts[n++] = emit_drop(m, call(f, "rt_tpl_text", args, 2));
            continue;
        }
        const char *ph =
            *p->text ? p->text : arena_printf(f->a, "{{%s%s}}", ir->paths[p->path].text, p->length ? ".length" : "");
        EmitExpr *args[3] = {gen_value_of(f, p->path), gen_text_arg(f, ph, strlen(ph), &len), NULL};
        args[2] = len;
        stmts[n++] = emit_drop(m, call(f, p->length ? "rt_tpl_length" : "rt_tpl_value", args, 3));
    }
    return emit_block(m, stmts, n, call(f, "rt_tpl_end", NULL, 0));
}

static EmitExpr *match_expr(GenFn *f, const IrValue *v)
{
    EmitModule *m = f->m;
    EmitExpr *result = NULL;
    uint32_t narms = v->narms;
    if (narms && !v->arms[narms - 1].key)
        result = gen_value(f, v->arms[--narms].value);
    else
        result = call(f, "rt_mk_undefined", NULL, 0);
    for (uint32_t i = narms; i-- > 0;) {
        EmitExpr *len;
        const char *key = v->arms[i].key;
        EmitExpr *args[3] = {gen_value_of(f, v->subject), gen_text_arg(f, key, strlen(key), &len), NULL};
        args[2] = len;
        result = emit_if(m, call(f, "rt_match_is", args, 3), gen_value(f, v->arms[i].value), result);
    }
    return result;
}

EmitExpr *gen_value(GenFn *f, IrId vid)
{
    const IrValue *v = &f->h->g->ir->values[vid];
    switch (v->kind) {
    case IRVAL_LIT: return gen_lit_node(f, v->lit);
    case IRVAL_TEMPLATE: return template_expr(f, v);
    case IRVAL_IF: return emit_if(f->m, gen_cond(f, v->cond), gen_value(f, v->then_v), gen_value(f, v->else_v));
    case IRVAL_MATCH: return match_expr(f, v);
    }
    return call(f, "rt_mk_undefined", NULL, 0);
}
