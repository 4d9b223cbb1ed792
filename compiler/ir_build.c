/* ir_build.c — lowering a checked program to the IR (see ir.h).
 *
 * One walk over the modules in load order lowers every rule; paths are
 * interned on first sight (ancestors first, so a parent's id is always
 * smaller than its children's).  Then the whole-program tables are solved:
 * sync/flip components, the order of derived values, listener dispatch
 * order and the reverse dependency index. */
#include "ir.h"

#include <stdlib.h>
#include <string.h>

#include "../runtime/min_heap.h"
#include "maps.h"
#include "names.h"
#include "pattern_index.h"
#include "sem.h"
#include "sem_util.h"

/* ---- growable arrays of records ------------------------------------------------ */

typedef struct Vec {
    void *data;
    uint32_t len, cap;
} Vec;

static void *vec_push(Arena *a, Vec *v, size_t size)
{
    v->data = arena_grow(a, v->data, v->len, &v->cap, size, 8);
    return (char *)v->data + size * v->len++;
}

#define VEC_PUSH(a, v, T) ((T *)vec_push((a), (v), sizeof(T)))

/* ---- merging statements ---------------------------------------------------------
 * Statements with one target merge (aggregate, compute, validate lines); an
 * IdMap finds the earlier one without scanning every rule. */

/* A merge key: a path, a group (IR_NONE included) and a small tag. */
static uint64_t merge_key(IrId path, IrId group, uint32_t tag)
{
    return ((uint64_t)path << 32) ^ ((uint64_t)(group + 1u) << 8) ^ tag;
}

/* ---- the builder -------------------------------------------------------------- */

typedef struct Builder {
    Compilation *c;
    Arena *a;
    Vec paths, conds, values, groups, edges, derived, clears, concerns, listeners;
    StrMap path_ids;           /* canonical key -> path id + 1 */
    uint32_t *dep_cap;         /* build_dependents: room of each path's dependents list */
    PtrVec validator_decls;    /* Item * of ITEM_VALIDATOR, for named validators */
    IdMap derived_by_target;   /* merge_key(target, group, kind/op) -> derived index + 1 */
    IdMap validation_by_field; /* merge_key(field, group, 0) -> concern index + 1 */
    IdMap types;               /* SemType * -> its IrType */
    uint32_t ntests, nlisteners_declared;
} Builder;

static IrPath *path_at(Builder *b, IrId id) { return (IrPath *)b->paths.data + id; }

/* Segment text as it appears in a canonical key: the run-time text for keys
 * and indices (items.0 and items[0] are one path), a marker for wildcards. */
static void key_segment(Arena *a, StrBuf *key, const PathSeg *s)
{
    switch (s->kind) {
    case SEG_NAME: strbuf_putn(a, key, s->name, s->name_len); break;
    case SEG_INDEX: strbuf_printf(a, key, "%u", s->index); break;
    case SEG_WILD: strbuf_puts(a, key, "\x01*"); break;
    case SEG_DEEP: strbuf_puts(a, key, "\x01**"); break;
    }
    strbuf_putc(a, key, '\x1f');
}

static void text_segment(Arena *a, StrBuf *t, const PathSeg *s, bool first)
{
    switch (s->kind) {
    case SEG_NAME:
        if (s->quoted) {
            strbuf_puts(a, t, "[\"");
            for (uint32_t i = 0; i < s->name_len; i++) {
                char ch = s->name[i];
                if (ch == '"' || ch == '\\') strbuf_putc(a, t, '\\');
                strbuf_putc(a, t, ch);
            }
            strbuf_puts(a, t, "\"]");
        } else {
            if (!first) strbuf_putc(a, t, '.');
            strbuf_putn(a, t, s->name, s->name_len);
        }
        break;
    case SEG_INDEX: strbuf_printf(a, t, "[%u]", s->index); break;
    case SEG_WILD: strbuf_puts(a, t, "[*]"); break;
    case SEG_DEEP: strbuf_puts(a, t, "[**]"); break;
    }
}

/* Interns the first `n` segments of p (and, first, their ancestors). */
static IrId intern_prefix(Builder *b, const Path *p, uint32_t n, bool named)
{
    StrBuf key = {0}, text = {0};
    uint32_t nwild = 0;
    for (uint32_t i = 0; i < n; i++) {
        const PathSeg *s = p->segs.items[i];
        key_segment(b->a, &key, s);
        text_segment(b->a, &text, s, i == 0);
        if (s->kind == SEG_WILD) nwild++;
    }
    const char *k = strbuf_cstr(b->a, &key);
    uintptr_t known = (uintptr_t)strmap_get(&b->path_ids, k);
    if (known) {
        if (named) path_at(b, (IrId)(known - 1))->named = true;
        return (IrId)(known - 1);
    }
    IrId parent = n > 1 ? intern_prefix(b, p, n - 1, false) : IR_NONE;
    IrId id = b->paths.len;
    strmap_put(&b->path_ids, k, (void *)(uintptr_t)(id + 1));
    const PathSeg *last = p->segs.items[n - 1];
    IrPath *ip = VEC_PUSH(b->a, &b->paths, IrPath);
    ip->parent = parent;
    ip->kind = last->kind == SEG_NAME    ? IRSEG_KEY
               : last->kind == SEG_INDEX ? IRSEG_INDEX
               : last->kind == SEG_WILD  ? IRSEG_WILD
                                         : IRSEG_DEEP;
    ip->seg = last->kind == SEG_NAME    ? arena_strndup(b->a, last->name, last->name_len)
              : last->kind == SEG_INDEX ? arena_printf(b->a, "%u", last->index)
              : last->kind == SEG_WILD  ? "*"
                                        : "**";
    ip->depth = n;
    ip->nwild = nwild;
    ip->text = strbuf_cstr(b->a, &text);
    ip->named = named;
    return id;
}

static IrId path_id(Builder *b, const Path *p) { return intern_prefix(b, p, p->segs.len, true); }

/* ---- literals and types: the IR keeps its own copies ----------------------------- */

const IrLit *ir_lit_from_ast(Arena *a, const Lit *l)
{
    if (!l) return NULL;
    static const IrLitKind kinds[] = {
        [LIT_NULL] = IRLIT_NULL,     [LIT_BOOL] = IRLIT_BOOL,   [LIT_NUMBER] = IRLIT_NUMBER,
        [LIT_STRING] = IRLIT_STRING, [LIT_ARRAY] = IRLIT_ARRAY, [LIT_OBJECT] = IRLIT_OBJECT,
    };
    IrLit *o = ARENA_NEW(a, IrLit);
    o->kind = kinds[l->kind];
    o->boolean = l->boolean;
    o->number = l->number;
    o->text = l->text;
    o->text_len = l->text_len;
    o->nitems = l->items.len;
    if (l->kind == LIT_ARRAY) {
        const IrLit **items = ARENA_ARRAY(a, const IrLit *, l->items.len + 1);
        for (uint32_t i = 0; i < l->items.len; i++) items[i] = ir_lit_from_ast(a, l->items.items[i]);
        o->items = items;
    } else if (l->kind == LIT_OBJECT) {
        IrLitMember *members = ARENA_ARRAY(a, IrLitMember, l->items.len + 1);
        for (uint32_t i = 0; i < l->items.len; i++) {
            const LitMember *m = l->items.items[i];
            members[i] = (IrLitMember){m->key, m->key_len, ir_lit_from_ast(a, m->value)};
        }
        o->members = members;
    }
    return o;
}

static const IrLit *lower_lit(Builder *b, const Lit *l) { return ir_lit_from_ast(b->a, l); }

/* The state type as the package's index.d.ts needs it.  Sema shares type
 * nodes between paths, so the lowering is memoised per node. */
static const IrType *lower_type(Builder *b, const SemType *t)
{
    if (!t) return NULL;
    uintptr_t done = (uintptr_t)idmap_get(&b->types, (uint64_t)(uintptr_t)t);
    if (done) return (const IrType *)done;
    static const IrTypeKind kinds[] = {
        [SEM_TY_UNKNOWN] = IRT_UNKNOWN, [SEM_TY_ANY] = IRT_ANY,       [SEM_TY_BOOL] = IRT_BOOL,
        [SEM_TY_NUMBER] = IRT_NUMBER,   [SEM_TY_STRING] = IRT_STRING, [SEM_TY_NULL] = IRT_NULL,
        [SEM_TY_LITERAL] = IRT_LITERAL, [SEM_TY_UNION] = IRT_UNION,   [SEM_TY_OBJECT] = IRT_OBJECT,
        [SEM_TY_MAP] = IRT_MAP,         [SEM_TY_LIST] = IRT_LIST,
    };
    IrType *o = ARENA_NEW(b->a, IrType);
    idmap_put(&b->types, (uint64_t)(uintptr_t)t, o);
    o->kind = kinds[t->kind];
    o->lit = lower_lit(b, t->lit);
    o->nalts = t->nalts;
    if (t->nalts) {
        const IrType **alts = ARENA_ARRAY(b->a, const IrType *, t->nalts);
        for (uint32_t i = 0; i < t->nalts; i++) alts[i] = lower_type(b, t->alts[i]);
        o->alts = alts;
    }
    o->nfields = t->nfields;
    if (t->nfields) {
        IrField *fields = ARENA_ARRAY(b->a, IrField, t->nfields);
        for (uint32_t i = 0; i < t->nfields; i++)
            fields[i] = (IrField){t->fields[i].name, t->fields[i].optional, lower_type(b, t->fields[i].type)};
        o->fields = fields;
    }
    o->elem = lower_type(b, t->elem);
    return o;
}

static const char **lower_names(Builder *b, const PtrVec *names, uint32_t *n)
{
    *n = names->len;
    const char **out = ARENA_ARRAY(b->a, const char *, names->len + 1);
    for (uint32_t i = 0; i < names->len; i++) out[i] = names->items[i];
    return out;
}

/* ---- conditions and values -------------------------------------------------------- */

/* Children before parents, left before right.  An and/or tree goes along
 * its left spine (ast_cond_spine) with a loop: the leftmost operand, then
 * each node's right operand and the node itself, bottom-up — the order the
 * plain recursion would give, without its depth. */
static IrId lower_cond(Builder *b, const Cond *c)
{
    /* the AST spells each IR condition form COND_<NAME> (ast.h) */
    static const IrCondKind kinds[] = {
#define COND_TO_IR(name, text) [COND_##name] = IRCOND_##name,
        IR_COND_KINDS(COND_TO_IR)
#undef COND_TO_IR
    };
    _Static_assert(sizeof kinds / sizeof *kinds == COND_OR + 1, "every AST condition kind has its IR form");
    static const IrCmpOp ops[] = {
        [CMP_EQ] = IRCMP_EQ, [CMP_NE] = IRCMP_NE, [CMP_LT] = IRCMP_LT,
        [CMP_LE] = IRCMP_LE, [CMP_GT] = IRCMP_GT, [CMP_GE] = IRCMP_GE,
    };
    const Cond **spine;
    uint32_t n = ast_cond_spine(b->a, c, &spine);
    if (n) {
        IrId lhs = lower_cond(b, spine[n - 1]->lhs);
        for (uint32_t i = n; i-- > 0;) {
            IrCond ic = {
                kinds[spine[i]->kind], ops[spine[i]->op], IR_NONE, lower_lit(b, spine[i]->lit), IR_NONE, lhs, IR_NONE};
            ic.rhs = lower_cond(b, spine[i]->rhs);
            *VEC_PUSH(b->a, &b->conds, IrCond) = ic;
            lhs = b->conds.len - 1;
        }
        return lhs;
    }
    IrCond ic = {kinds[c->kind], ops[c->op], IR_NONE, lower_lit(b, c->lit), IR_NONE, IR_NONE, IR_NONE};
    if (c->path) ic.path = path_id(b, c->path);
    if (c->rhs_path) ic.rhs_path = path_id(b, c->rhs_path);
    if (c->lhs) ic.lhs = lower_cond(b, c->lhs);
    *VEC_PUSH(b->a, &b->conds, IrCond) = ic;
    return b->conds.len - 1;
}

static IrId lower_value(Builder *b, const Value *v)
{
    IrValue iv;
    memset(&iv, 0, sizeof iv);
    static const IrValueKind kinds[] = {
        [VAL_LIT] = IRVAL_LIT,
        [VAL_TEMPLATE] = IRVAL_TEMPLATE,
        [VAL_IF] = IRVAL_IF,
        [VAL_MATCH] = IRVAL_MATCH,
    };
    iv.kind = kinds[v->kind];
    iv.cond = iv.then_v = iv.else_v = iv.subject = IR_NONE;
    switch (v->kind) {
    case VAL_LIT: iv.lit = lower_lit(b, v->lit); break;
    case VAL_TEMPLATE:
        iv.lit = lower_lit(b, v->lit);
        iv.nparts = v->parts.len;
        iv.parts = ARENA_ARRAY(b->a, IrTemplatePart, v->parts.len ? v->parts.len : 1);
        for (uint32_t i = 0; i < v->parts.len; i++) {
            const TemplatePart *tp = v->parts.items[i];
            IrTemplatePart *out = &iv.parts[i];
            out->path = IR_NONE;
            out->length = tp->length;
            /* {{p.length}}: sema marked it; the value read is p's. */
            if (tp->is_path && tp->length)
                out->path = intern_prefix(b, tp->path, tp->path->segs.len - 1, true);
            else if (tp->is_path)
                out->path = path_id(b, tp->path);
            out->text = tp->text ? arena_strndup(b->a, tp->text, tp->text_len) : "";
        }
        break;
    case VAL_IF:
        iv.cond = lower_cond(b, v->cond);
        iv.then_v = lower_value(b, v->then_v);
        iv.else_v = lower_value(b, v->else_v);
        break;
    case VAL_MATCH: {
        iv.subject = path_id(b, v->subject);
        iv.narms = v->arms.len;
        iv.arms = ARENA_ARRAY(b->a, IrMatchArm, v->arms.len ? v->arms.len : 1);
        uint32_t k = 0;
        const MatchArm *deflt = NULL;
        for (uint32_t i = 0; i < v->arms.len; i++) {
            const MatchArm *arm = v->arms.items[i];
            if (!arm->label) {
                deflt = arm;
                continue;
            }
            iv.arms[k].key = sem_lit_key(b->a, arm->label);
            iv.arms[k++].value = lower_value(b, arm->value);
        }
        if (deflt) {
            iv.arms[k].key = NULL;
            iv.arms[k++].value = lower_value(b, deflt->value);
        }
        iv.narms = k;
        break;
    }
    }
    *VEC_PUSH(b->a, &b->values, IrValue) = iv;
    return b->values.len - 1;
}

/* ---- inputs of a concern ------------------------------------------------------------ */

/* Duplicates are dropped by ids_from, which sorts: a condition reading
 * thousands of paths costs n log n, not n^2. */
static void add_input(Builder *b, PtrVec *inputs, IrId id) { ptrvec_push(b->a, inputs, (void *)(uintptr_t)id); }

/* Every path a condition reads.  Loops down left operands (and/or chains
 * are arbitrarily deep, see ast_cond_spine) and recurses into right ones. */
static void ir_cond_paths(const IrCond *conds, IrId cid, void (*fn)(void *ctx, IrId path), void *ctx)
{
    while (cid != IR_NONE) {
        const IrCond *c = &conds[cid];
        if (c->path != IR_NONE) fn(ctx, c->path);
        if (c->rhs_path != IR_NONE) fn(ctx, c->rhs_path);
        if (c->rhs != IR_NONE) ir_cond_paths(conds, c->rhs, fn, ctx);
        cid = c->lhs;
    }
}

typedef struct InputsCtx {
    Builder *b;
    PtrVec *inputs;
} InputsCtx;

static void input_path(void *ctx, IrId path)
{
    InputsCtx *ic = ctx;
    add_input(ic->b, ic->inputs, path);
}

static void cond_inputs(Builder *b, IrId cid, PtrVec *inputs)
{
    InputsCtx ic = {b, inputs};
    ir_cond_paths((IrCond *)b->conds.data, cid, input_path, &ic);
}

static void value_inputs(Builder *b, IrId vid, PtrVec *inputs)
{
    const IrValue *v = (IrValue *)b->values.data + vid;
    for (uint32_t i = 0; i < v->nparts; i++)
        if (v->parts[i].path != IR_NONE) add_input(b, inputs, v->parts[i].path);
    if (v->cond != IR_NONE) cond_inputs(b, v->cond, inputs);
    if (v->then_v != IR_NONE) value_inputs(b, v->then_v, inputs);
    if (v->else_v != IR_NONE) value_inputs(b, v->else_v, inputs);
    if (v->subject != IR_NONE) add_input(b, inputs, v->subject);
    for (uint32_t i = 0; i < v->narms; i++) value_inputs(b, v->arms[i].value, inputs);
}

static int cmp_id(const void *x, const void *y)
{
    IrId a = *(const IrId *)x, c = *(const IrId *)y;
    return a < c ? -1 : a > c;
}

/* With `set`, sorted and without duplicates. */
static IrId *ids_from(Builder *b, const PtrVec *v, uint32_t *n, bool set)
{
    IrId *ids = ARENA_ARRAY(b->a, IrId, v->len ? v->len : 1);
    for (uint32_t i = 0; i < v->len; i++) ids[i] = (IrId)(uintptr_t)v->items[i];
    uint32_t k = v->len;
    if (set && v->len > 1) {
        qsort(ids, v->len, sizeof(IrId), cmp_id);
        k = 1;
        for (uint32_t i = 1; i < v->len; i++)
            if (ids[i] != ids[k - 1]) ids[k++] = ids[i];
    }
    *n = k;
    return ids;
}

static IrId *lower_paths(Builder *b, const PtrVec *paths, uint32_t *n)
{
    IrId *ids = ARENA_ARRAY(b->a, IrId, paths->len ? paths->len : 1);
    for (uint32_t i = 0; i < paths->len; i++) ids[i] = path_id(b, paths->items[i]);
    *n = paths->len;
    return ids;
}

/* ---- rules ---------------------------------------------------------------------------- */

static IrRuleBase rule_base(IrId group, const Item *it)
{
    IrRuleBase rb = {group, it->span};
    return rb;
}

static void lower_chain(Builder *b, const Item *it, IrId group)
{
    for (uint32_t i = 0; i + 1 < it->paths.len; i++) {
        IrEdge *e = VEC_PUSH(b->a, &b->edges, IrEdge);
        e->base = rule_base(group, it);
        e->a = path_id(b, it->paths.items[i]);
        e->b = path_id(b, it->paths.items[i + 1]);
        e->flip = it->kind == ITEM_FLIP;
        e->oneway = it->kind == ITEM_SYNC && it->arrows && it->arrows[i] == ARROW_ONEWAY;
    }
}

/* Statements with the same target (and group) merge their sources, in
 * declaration order (semantics.md §6, §7). */
static void lower_derived(Builder *b, const Item *it, IrId group)
{
    bool is_compute = it->kind == ITEM_COMPUTE;
    IrId target = path_id(b, it->target);
    uint64_t key = merge_key(target, group, is_compute ? 1u + (uint32_t)it->op : 0u);
    uintptr_t existing = (uintptr_t)idmap_get(&b->derived_by_target, key);
    IrDerived *d = existing ? (IrDerived *)b->derived.data + (existing - 1) : NULL;
    if (!d) {
        idmap_put(&b->derived_by_target, key, (void *)(uintptr_t)(b->derived.len + 1));
        d = VEC_PUSH(b->a, &b->derived, IrDerived);
        d->base = rule_base(group, it);
        d->is_compute = is_compute;
        static const IrComputeOp ops[] = {
            [OP_SUM] = IROP_SUM, [OP_AVG] = IROP_AVG, [OP_MIN] = IROP_MIN, [OP_MAX] = IROP_MAX, [OP_COUNT] = IROP_COUNT,
        };
        d->op = ops[it->op];
        d->target = target;
    }
    IrSource *sources = ARENA_ARRAY(b->a, IrSource, d->nsources + it->sources.len);
    if (d->nsources) memcpy(sources, d->sources, sizeof(IrSource) * d->nsources);
    for (uint32_t i = 0; i < it->sources.len; i++) {
        const Source *s = it->sources.items[i];
        sources[d->nsources + i].path = path_id(b, s->path);
        sources[d->nsources + i].exclude = s->exclude ? lower_cond(b, s->exclude) : IR_NONE;
    }
    d->sources = sources;
    d->nsources += it->sources.len;
}

static void lower_clear(Builder *b, const Item *it, IrId group)
{
    IrClear *cl = VEC_PUSH(b->a, &b->clears, IrClear);
    cl->base = rule_base(group, it);
    cl->targets = lower_paths(b, &it->paths, &cl->ntargets);
    cl->triggers = lower_paths(b, &it->triggers, &cl->ntriggers);
}

static const ValidatorCall *named_validator(Builder *b, const char *name)
{
    for (uint32_t i = 0; i < b->validator_decls.len; i++) {
        const Item *v = b->validator_decls.items[i];
        if (strcmp(v->name, name) == 0) return v->validator;
    }
    return NULL;
}

/* A check with named validators expanded to their bodies; a message at the
 * use site wins over the one in the declaration. */
_Static_assert((int)IRV_COUNT == (int)VALIDATOR_COUNT, "validators.def expands into both enums");

static IrCheck lower_check(Builder *b, const ValidatorCall *call)
{
    IrCheck chk = {IRV_COUNT, NULL, IR_NONE, call->message};
    const ValidatorCall *body = call;
    for (int depth = 0; depth < 16 && builtin_validator(body->name) == VALIDATOR_COUNT; depth++) {
        const ValidatorCall *next = named_validator(b, body->name);
        if (!next) break;
        body = next;
        if (!chk.message) chk.message = body->message;
    }
    /* validators.def is expanded in the same order for both enums */
    chk.builtin = (IrValidator)builtin_validator(body->name);
    chk.arg = body->args.len ? lower_lit(b, body->args.items[0]) : NULL;
    if (body->path_arg) chk.arg_path = path_id(b, body->path_arg);
    return chk;
}

static IrExternal lower_external(Builder *b, const ExternalCall *call)
{
    IrExternal ex;
    ex.fn = call->fn;
    ex.paths = lower_paths(b, &call->paths, &ex.npaths);
    return ex;
}

static IrConcern *validation_concern(Builder *b, IrId field, IrId group, const Item *it)
{
    uint64_t key = merge_key(field, group, 0);
    uintptr_t existing = (uintptr_t)idmap_get(&b->validation_by_field, key);
    if (existing) return (IrConcern *)b->concerns.data + (existing - 1);
    idmap_put(&b->validation_by_field, key, (void *)(uintptr_t)(b->concerns.len + 1));
    IrConcern *c = VEC_PUSH(b->a, &b->concerns, IrConcern);
    c->base = rule_base(group, it);
    c->field = field;
    c->name = "validationState";
    c->kind = IRC_VALIDATION;
    c->cond = c->value = IR_NONE;
    return c;
}

static void lower_field(Builder *b, const Item *it, IrId group)
{
    IrId field = path_id(b, it->field);
    for (uint32_t i = 0; i < it->concerns.len; i++) {
        const Concern *cn = it->concerns.items[i];
        PtrVec inputs = {0};
        if (cn->kind == CONCERN_VALIDATE || cn->kind == CONCERN_VALIDATE_EXTERNAL) {
            IrConcern *c = validation_concern(b, field, group, it);
            if (cn->kind == CONCERN_VALIDATE) {
                IrCheck *checks = ARENA_ARRAY(b->a, IrCheck, c->nchecks + cn->validators.len);
                if (c->nchecks) memcpy(checks, c->checks, sizeof(IrCheck) * c->nchecks);
                for (uint32_t k = 0; k < cn->validators.len; k++)
                    checks[c->nchecks + k] = lower_check(b, cn->validators.items[k]);
                c->checks = checks;
                c->nchecks += cn->validators.len;
            } else {
                IrExternal *vs = ARENA_ARRAY(b->a, IrExternal, c->nvalidators + 1);
                if (c->nvalidators) memcpy(vs, c->validators, sizeof(IrExternal) * c->nvalidators);
                vs[c->nvalidators++] = lower_external(b, cn->external);
                c->validators = vs;
            }
            continue;
        }
        IrConcern *c = VEC_PUSH(b->a, &b->concerns, IrConcern);
        c->base = rule_base(group, it);
        c->base.span = cn->span;
        c->field = field;
        c->name = concern_output_name(cn);
        c->cond = c->value = IR_NONE;
        if (cn->kind == CONCERN_WHEN) {
            c->kind = IRC_CONDITION;
            c->cond = lower_cond(b, cn->cond);
            cond_inputs(b, c->cond, &inputs);
        } else if (cn->kind == CONCERN_VALUE) {
            c->kind = IRC_VALUE;
            c->value = lower_value(b, cn->value);
            value_inputs(b, c->value, &inputs);
        } else {
            c->kind = IRC_EXTERNAL;
            c->external = lower_external(b, cn->external);
            for (uint32_t k = 0; k < c->external.npaths; k++) add_input(b, &inputs, c->external.paths[k]);
        }
        c->inputs = ids_from(b, &inputs, &c->ninputs, true);
    }
}

/* Inputs of validation concerns are known once every line of the field is
 * merged: the field itself for the built-ins, each external validator's
 * paths (the field when it names none). */
static void finish_validation_inputs(Builder *b)
{
    for (uint32_t i = 0; i < b->concerns.len; i++) {
        IrConcern *c = (IrConcern *)b->concerns.data + i;
        if (c->kind != IRC_VALIDATION) continue;
        PtrVec inputs = {0};
        if (c->nchecks) add_input(b, &inputs, c->field);
        for (uint32_t k = 0; k < c->nchecks; k++)
            if (c->checks[k].arg_path != IR_NONE) add_input(b, &inputs, c->checks[k].arg_path);
        for (uint32_t k = 0; k < c->nvalidators; k++) {
            if (!c->validators[k].npaths) add_input(b, &inputs, c->field);
            for (uint32_t j = 0; j < c->validators[k].npaths; j++) add_input(b, &inputs, c->validators[k].paths[j]);
        }
        c->inputs = ids_from(b, &inputs, &c->ninputs, true);
    }
}

static void lower_listener(Builder *b, const Item *it, IrId group)
{
    IrListener *l = VEC_PUSH(b->a, &b->listeners, IrListener);
    l->base = rule_base(group, it);
    l->handler = it->name;
    l->topics = lower_paths(b, &it->paths, &l->ntopics);
    l->decl = b->nlisteners_declared++;
    for (uint32_t i = 0; i < l->ntopics; i++)
        if (path_at(b, l->topics[i])->depth > l->depth) l->depth = path_at(b, l->topics[i])->depth;
    /* semantics.md §11: default scope is the listened path; with several
     * paths (or none) it is the root. */
    if (it->scope_kind == SCOPE_PATH)
        l->scope = path_id(b, it->scope);
    else if (it->scope_kind == SCOPE_DEFAULT && l->ntopics == 1)
        l->scope = l->topics[0];
    else
        l->scope = IR_NONE;
    l->scope_depth = l->scope == IR_NONE ? 0 : path_at(b, l->scope)->depth;
}

static void lower_item(Builder *b, const Item *it, IrId group);

static void lower_group(Builder *b, const Item *it)
{
    IrGroup *g = VEC_PUSH(b->a, &b->groups, IrGroup);
    IrId id = b->groups.len - 1;
    g->name = it->name;
    g->off = it->off;
    g->when = it->when ? lower_cond(b, it->when) : IR_NONE; /* conds never move groups */
    if (g->when != IR_NONE) {
        PtrVec inputs = {0};
        cond_inputs(b, g->when, &inputs);
        g->inputs = ids_from(b, &inputs, &g->ninputs, true);
    }
    for (uint32_t i = 0; i < it->items.len; i++) lower_item(b, it->items.items[i], id);
}

static void lower_item(Builder *b, const Item *it, IrId group)
{
    switch (it->kind) {
    case ITEM_SYNC:
    case ITEM_FLIP: lower_chain(b, it, group); break;
    case ITEM_AGGREGATE:
    case ITEM_COMPUTE: lower_derived(b, it, group); break;
    case ITEM_CLEAR: lower_clear(b, it, group); break;
    case ITEM_FIELD: lower_field(b, it, group); break;
    case ITEM_LISTEN: lower_listener(b, it, group); break;
    case ITEM_GROUP: lower_group(b, it); break;
    case ITEM_TEST: b->ntests++; break;
    case ITEM_IMPORT:
    case ITEM_STATE:
    case ITEM_VALIDATOR: break;
    }
}

/* ---- lists declared by the state ------------------------------------------------------
 * A write that creates a container makes an array where the state declares
 * a list (semantics §2), also where no rule names the path.  So every such
 * path enters the table — map and list levels on the way as [*] — and every
 * path records whether its state type is a list. */

static const SemType *type_step(const SemType *t, const IrPath *p)
{
    if (!t) return NULL;
    switch (t->kind) {
    case SEM_TY_UNION:
        for (uint32_t i = 0; i < t->nalts; i++) {
            const SemType *r = type_step(t->alts[i], p);
            if (r) return r;
        }
        return NULL;
    case SEM_TY_OBJECT: {
        if (p->kind != IRSEG_KEY) return NULL;
        const SemField *f = sem_type_field(t, p->seg);
        return f ? f->type : NULL;
    }
    case SEM_TY_MAP: return p->kind == IRSEG_DEEP ? NULL : t->elem;
    case SEM_TY_LIST: return p->kind == IRSEG_INDEX || p->kind == IRSEG_WILD ? t->elem : NULL;
    default: return NULL;
    }
}

static bool type_is_list(const SemType *t)
{
    if (!t) return false;
    if (t->kind == SEM_TY_LIST) return true;
    if (t->kind == SEM_TY_UNION)
        for (uint32_t i = 0; i < t->nalts; i++)
            if (type_is_list(t->alts[i])) return true;
    return false;
}

/* Does the type hold a list anywhere at or below it? */
static bool holds_list(const SemType *t)
{
    if (!t) return false;
    switch (t->kind) {
    case SEM_TY_LIST: return true;
    case SEM_TY_MAP: return holds_list(t->elem);
    case SEM_TY_UNION:
        for (uint32_t i = 0; i < t->nalts; i++)
            if (holds_list(t->alts[i])) return true;
        return false;
    case SEM_TY_OBJECT:
        for (uint32_t i = 0; i < t->nfields; i++)
            if (holds_list(t->fields[i].type)) return true;
        return false;
    default: return false;
    }
}

static void push_seg(Builder *b, Path *path, SegKind kind, const char *name)
{
    PathSeg *seg = ARENA_NEW(b->a, PathSeg);
    seg->kind = kind;
    seg->name = name;
    seg->name_len = name ? (uint32_t)strlen(name) : 0;
    ptrvec_push(b->a, &path->segs, seg);
}

/* Interns the paths to every list under type t, found at `path`. */
static void intern_state_lists(Builder *b, const SemType *t, Path *path)
{
    if (!holds_list(t)) return;
    if (path->segs.len && type_is_list(t)) intern_prefix(b, path, path->segs.len, false);
    switch (t->kind) {
    case SEM_TY_UNION:
        for (uint32_t i = 0; i < t->nalts; i++) intern_state_lists(b, t->alts[i], path);
        break;
    case SEM_TY_OBJECT:
        for (uint32_t i = 0; i < t->nfields; i++) {
            push_seg(b, path, SEG_NAME, t->fields[i].name);
            intern_state_lists(b, t->fields[i].type, path);
            path->segs.len--;
        }
        break;
    case SEM_TY_MAP:
    case SEM_TY_LIST:
        push_seg(b, path, SEG_WILD, NULL);
        intern_state_lists(b, t->elem, path);
        path->segs.len--;
        break;
    default: break;
    }
}

/* Sets IrPath.list from the state type (paths are in parent-first order). */
static void mark_lists(Builder *b, const SemType *state)
{
    const SemType **type = ARENA_ARRAY(b->a, const SemType *, b->paths.len ? b->paths.len : 1);
    for (uint32_t i = 0; i < b->paths.len; i++) {
        IrPath *p = path_at(b, i);
        type[i] = type_step(p->parent == IR_NONE ? state : type[p->parent], p);
        p->list = type_is_list(type[i]);
    }
}

/* ---- whole-program tables ------------------------------------------------------------ */

/* Union-find with parity over the bidirectional sync/flip edges. */
static IrId uf_find(IrId *parent, bool *parity, IrId x, bool *px)
{
    bool p = false;
    IrId r = x;
    while (parent[r] != r) {
        p ^= parity[r];
        r = parent[r];
    }
    *px = p;
    return r;
}

static void build_components(Builder *b, IrProgram *ir)
{
    uint32_t n = ir->npaths;
    IrId *parent = malloc(sizeof(IrId) * (n ? n : 1));
    bool *parity = calloc(n ? n : 1, sizeof(bool));
    bool *in_edge = calloc(n ? n : 1, sizeof(bool));
    if (!parent || !parity || !in_edge) arena_out_of_memory();
    for (uint32_t i = 0; i < n; i++) parent[i] = i;
    for (uint32_t i = 0; i < ir->nedges; i++) {
        const IrEdge *e = &ir->edges[i];
        if (e->oneway || e->a == e->b) continue;
        in_edge[e->a] = in_edge[e->b] = true;
        bool pa, pb;
        IrId ra = uf_find(parent, parity, e->a, &pa);
        IrId rb = uf_find(parent, parity, e->b, &pb);
        if (ra == rb) continue; /* a contradiction was reported by sema */
        if (rb < ra) {
            IrId t = ra;
            ra = rb;
            rb = t;
            bool tp = pa;
            pa = pb;
            pb = tp;
        }
        parent[rb] = ra;
        parity[rb] = pa ^ pb ^ e->flip;
    }
    /* Components in order of their smallest member. */
    Vec comps = {0};
    IrId *comp_of_root = malloc(sizeof(IrId) * (n ? n : 1));
    if (!comp_of_root) arena_out_of_memory();
    for (uint32_t i = 0; i < n; i++) comp_of_root[i] = IR_NONE;
    /* Two passes, so that a component of thousands of members is filled in
     * place: count the members of each, then place them. */
    for (uint32_t i = 0; i < n; i++) {
        if (!in_edge[i]) continue;
        bool p;
        IrId r = uf_find(parent, parity, i, &p);
        if (comp_of_root[r] == IR_NONE) {
            comp_of_root[r] = comps.len;
            IrComponent *c = VEC_PUSH(b->a, &comps, IrComponent);
            memset(c, 0, sizeof *c);
        }
        ((IrComponent *)comps.data + comp_of_root[r])->nmembers++;
    }
    for (uint32_t k = 0; k < comps.len; k++) {
        IrComponent *c = (IrComponent *)comps.data + k;
        c->members = ARENA_ARRAY(b->a, IrId, c->nmembers);
        c->opposite = ARENA_ARRAY(b->a, bool, c->nmembers);
        c->nmembers = 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!in_edge[i]) continue;
        bool p;
        IrComponent *c = (IrComponent *)comps.data + comp_of_root[uf_find(parent, parity, i, &p)];
        c->members[c->nmembers] = i;
        c->opposite[c->nmembers] = p;
        c->nmembers++;
    }
    /* Parity relative to the first (smallest) member. */
    for (uint32_t k = 0; k < comps.len; k++) {
        IrComponent *c = (IrComponent *)comps.data + k;
        bool base = c->opposite[0];
        for (uint32_t m = 0; m < c->nmembers; m++) c->opposite[m] ^= base;
    }
    ir->components = comps.data;
    ir->ncomponents = comps.len;
    free(parent);
    free(parity);
    free(in_edge);
    free(comp_of_root);
}

/* An IR path as segments for a PatternIndex. */
static PatSeg *ir_pattern(Arena *a, const IrProgram *ir, IrId id)
{
    uint32_t n = ir->paths[id].depth;
    PatSeg *segs = ARENA_ARRAY(a, PatSeg, n ? n : 1);
    for (IrId p = id; p != IR_NONE; p = ir->paths[p].parent) {
        const IrPath *ip = &ir->paths[p];
        PatSeg *s = &segs[ip->depth - 1];
        s->wild = ip->kind == IRSEG_WILD || ip->kind == IRSEG_DEEP;
        s->key = s->wild ? "" : ip->seg;
        s->len = (uint32_t)strlen(s->key);
    }
    return segs;
}

/* Collects the values a PatternIndex query finds (value + 1 each). */
typedef struct Found {
    Arena *arena;
    PtrVec found;
} Found;

static void on_found(uint32_t value, uint32_t depth, void *ctx)
{
    (void)depth;
    Found *f = ctx;
    ptrvec_push(f->arena, &f->found, (void *)(uintptr_t)(value + 1));
}

static void query(Arena *a, const IrProgram *ir, const PatternIndex *ix, IrId path, Found *f)
{
    f->found.len = 0;
    pattern_index_related(ix, ir_pattern(a, ir, path), ir->paths[path].depth, on_found, f);
}

typedef struct IndexCtx {
    Arena *a;
    const IrProgram *ir;
    PatternIndex *ix;
    uint32_t value;
} IndexCtx;

static void index_cond_path(void *ctx, IrId path)
{
    IndexCtx *x = ctx;
    pattern_index_add(x->ix, ir_pattern(x->a, x->ir, path), x->ir->paths[path].depth, x->value);
}

/* Registers every path condition `cid` reads under `value`. */
static void index_cond(Arena *a, const IrProgram *ir, PatternIndex *ix, IrId cid, uint32_t value)
{
    IndexCtx x = {a, ir, ix, value};
    ir_cond_paths(ir->conds, cid, index_cond_path, &x);
}

/* What one derived value's write reaches (semantics §3, stage 6: it
 * propagates through its own sync/flip component right away): its target;
 * when that is a member of a component, every member; and through each
 * one-way edge whose source is at, above or below a place reached, the
 * edge's target and its component, transitively.  The same places as
 * sema's cycle check (sem_graph.c, exact members), so the order exists
 * whenever sema found no cycle. */
typedef struct Reach {
    Arena *a;
    const IrProgram *ir;
    const IrId *comp_of;        /* per path: its component, or IR_NONE */
    const PatternIndex *oneway; /* one-way edges by source */
    uint32_t *place_mark, *edge_mark, mark;
    PtrVec places; /* IrId + 1 */
} Reach;

static void reach_place(Reach *r, IrId p)
{
    if (r->place_mark[p] == r->mark) return;
    r->place_mark[p] = r->mark;
    ptrvec_push(r->a, &r->places, (void *)(uintptr_t)(p + 1));
    IrId k = r->comp_of[p];
    if (k == IR_NONE) return;
    const IrComponent *c = &r->ir->components[k];
    for (uint32_t m = 0; m < c->nmembers; m++) reach_place(r, c->members[m]);
}

static void reach_from(Reach *r, IrId target)
{
    r->places.len = 0;
    reach_place(r, target);
    Found f = {r->a, {0}};
    for (uint32_t i = 0; i < r->places.len; i++) {
        IrId p = (IrId)((uintptr_t)r->places.items[i] - 1);
        query(r->a, r->ir, r->oneway, p, &f);
        for (uint32_t k = 0; k < f.found.len; k++) {
            uint32_t e = (uint32_t)((uintptr_t)f.found.items[k] - 1);
            if (r->edge_mark[e] == r->mark) continue;
            r->edge_mark[e] = r->mark;
            reach_place(r, r->ir->edges[e].b);
        }
    }
}

/* A derived value depends on the others whose write reaches a path it
 * reads (at, above or below one of its sources or exclude conditions; [*]
 * matches any key), the write's sync/flip and one-way propagation
 * included.  Kahn's algorithm, always taking the lowest ready index, so
 * the order is the declaration order wherever dependencies allow.  Sema
 * rejects cycles (D_DERIVED_CYCLE, shown through sync edges too); anything
 * left over is appended in declaration order. */
static void order_derived(Builder *b, IrProgram *ir)
{
    uint32_t n = ir->nderived;
    ir->derived_order = ARENA_ARRAY(b->a, IrId, n ? n : 1);
    PatternIndex *readers = pattern_index_new(b->a);
    for (IrId i = 0; i < n; i++) {
        const IrDerived *d = &ir->derived[i];
        for (uint32_t k = 0; k < d->nsources; k++) {
            IrId sp = d->sources[k].path;
            pattern_index_add(readers, ir_pattern(b->a, ir, sp), ir->paths[sp].depth, i);
            if (d->sources[k].exclude != IR_NONE) index_cond(b->a, ir, readers, d->sources[k].exclude, i);
        }
    }
    IrId *comp_of = ARENA_ARRAY(b->a, IrId, ir->npaths + 1);
    for (uint32_t p = 0; p < ir->npaths; p++) comp_of[p] = IR_NONE;
    for (uint32_t k = 0; k < ir->ncomponents; k++)
        for (uint32_t m = 0; m < ir->components[k].nmembers; m++) comp_of[ir->components[k].members[m]] = k;
    PatternIndex *oneway = pattern_index_new(b->a);
    for (uint32_t e = 0; e < ir->nedges; e++)
        if (ir->edges[e].oneway)
            pattern_index_add(oneway, ir_pattern(b->a, ir, ir->edges[e].a), ir->paths[ir->edges[e].a].depth, e);
    Reach r = {b->a,
               ir,
               comp_of,
               oneway,
               ARENA_ARRAY(b->a, uint32_t, ir->npaths + 1),
               ARENA_ARRAY(b->a, uint32_t, ir->nedges + 1),
               0,
               {0}};

    PtrVec *dependents = ARENA_ARRAY(b->a, PtrVec, n ? n : 1); /* j -> the i reading it */
    uint32_t *pending = calloc(n ? n : 1, sizeof *pending);    /* unmet dependencies of i */
    uint32_t *seen = calloc(n ? n : 1, sizeof *seen);
    uint32_t *heap = malloc(sizeof *heap * (n ? n : 1));
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!pending || !seen || !heap || !done) arena_out_of_memory();
    Found f = {b->a, {0}};
    for (IrId j = 0; j < n; j++) {
        r.mark = j + 1;
        reach_from(&r, ir->derived[j].target);
        for (uint32_t w = 0; w < r.places.len; w++) {
            query(b->a, ir, readers, (IrId)((uintptr_t)r.places.items[w] - 1), &f);
            for (uint32_t k = 0; k < f.found.len; k++) {
                uint32_t i = (uint32_t)((uintptr_t)f.found.items[k] - 1);
                if (i == j || seen[i] == j + 1) continue;
                seen[i] = j + 1;
                ptrvec_push(b->a, &dependents[j], (void *)(uintptr_t)i);
                pending[i]++;
            }
        }
    }
    uint32_t nheap = 0, k = 0;
    for (IrId i = 0; i < n; i++)
        if (!pending[i]) min_heap_push(heap, &nheap, i);
    while (nheap) {
        uint32_t j = min_heap_pop(heap, &nheap);
        done[j] = true;
        ir->derived_order[k++] = j;
        for (uint32_t t = 0; t < dependents[j].len; t++) {
            uint32_t i = (uint32_t)(uintptr_t)dependents[j].items[t];
            if (--pending[i] == 0) min_heap_push(heap, &nheap, i);
        }
    }
    for (IrId i = 0; i < n && k < n; i++)
        if (!done[i]) ir->derived_order[k++] = i;
    free(pending);
    free(seen);
    free(heap);
    free(done);
}

/* semantics.md §11: deeper topic first, then deeper scope, then declaration. */
static int cmp_listener(const void *x, const void *y)
{
    const IrListener *a = x, *b = y;
    if (a->depth != b->depth) return a->depth > b->depth ? -1 : 1;
    if (a->scope_depth != b->scope_depth) return a->scope_depth > b->scope_depth ? -1 : 1;
    return a->decl < b->decl ? -1 : a->decl > b->decl;
}

/* Appends to a path's list, doubling its room (b->dep_cap), so that a path
 * read by thousands of rules costs linear time. */
static void add_dependent(Builder *b, IrProgram *ir, IrId path, IrRuleKind kind, IrId index)
{
    IrDependents *d = &ir->dependents[path];
    if (d->nrules && d->rules[d->nrules - 1].kind == kind && d->rules[d->nrules - 1].index == index) return;
    ARENA_GROW(b->a, d->rules, d->nrules, b->dep_cap[path], 4);
    d->rules[d->nrules].kind = kind;
    d->rules[d->nrules].index = index;
    d->nrules++;
}

typedef struct DependentsCtx {
    Builder *b;
    IrProgram *ir;
    IrRuleKind kind;
    IrId index;
} DependentsCtx;

static void dependent_path(void *ctx, IrId path)
{
    DependentsCtx *dc = ctx;
    add_dependent(dc->b, dc->ir, path, dc->kind, dc->index);
}

/* The order of the paths does not matter: each path's list gets this rule
 * once (add_dependent drops a repeat of the last entry). */
static void cond_dependents(Builder *b, IrProgram *ir, IrId cid, IrRuleKind kind, IrId index)
{
    DependentsCtx dc = {b, ir, kind, index};
    ir_cond_paths(ir->conds, cid, dependent_path, &dc);
}

static void build_dependents(Builder *b, IrProgram *ir)
{
    ir->dependents = ARENA_ARRAY(b->a, IrDependents, ir->npaths ? ir->npaths : 1);
    b->dep_cap = ARENA_ARRAY(b->a, uint32_t, ir->npaths ? ir->npaths : 1);
    for (IrId i = 0; i < ir->nedges; i++) {
        add_dependent(b, ir, ir->edges[i].a, IRR_EDGE, i);
        if (!ir->edges[i].oneway) add_dependent(b, ir, ir->edges[i].b, IRR_EDGE, i);
    }
    for (IrId i = 0; i < ir->nderived; i++)
        for (uint32_t k = 0; k < ir->derived[i].nsources; k++) {
            add_dependent(b, ir, ir->derived[i].sources[k].path, IRR_DERIVED, i);
            if (ir->derived[i].sources[k].exclude != IR_NONE)
                cond_dependents(b, ir, ir->derived[i].sources[k].exclude, IRR_DERIVED, i);
        }
    for (IrId i = 0; i < ir->nclears; i++)
        for (uint32_t k = 0; k < ir->clears[i].ntriggers; k++)
            add_dependent(b, ir, ir->clears[i].triggers[k], IRR_CLEAR, i);
    for (IrId i = 0; i < ir->nconcerns; i++)
        for (uint32_t k = 0; k < ir->concerns[i].ninputs; k++)
            add_dependent(b, ir, ir->concerns[i].inputs[k], IRR_CONCERN, i);
    for (IrId i = 0; i < ir->nlisteners; i++)
        for (uint32_t k = 0; k < ir->listeners[i].ntopics; k++)
            add_dependent(b, ir, ir->listeners[i].topics[k], IRR_LISTENER, i);
}

IrProgram *ir_build(Compilation *c)
{
    Builder b;
    memset(&b, 0, sizeof b);
    b.c = c;
    b.a = &c->arena;
    strmap_init(&b.path_ids, b.a);
    idmap_init(&b.derived_by_target, b.a);
    idmap_init(&b.validation_by_field, b.a);
    idmap_init(&b.types, b.a);
    for (uint32_t m = 0; m < c->modules.len; m++) {
        const Module *mod = c->modules.items[m];
        for (uint32_t i = 0; i < mod->items.len; i++) {
            const Item *it = mod->items.items[i];
            if (it->kind == ITEM_VALIDATOR) ptrvec_push(b.a, &b.validator_decls, (void *)it);
        }
    }
    for (uint32_t m = 0; m < c->modules.len; m++) {
        const Module *mod = c->modules.items[m];
        for (uint32_t i = 0; i < mod->items.len; i++) lower_item(&b, mod->items.items[i], IR_NONE);
    }
    finish_validation_inputs(&b);
    const SemType *state = c->sem ? c->sem->state : NULL;
    if (state) {
        Path scratch = {{0, 0, 0}, {0}};
        intern_state_lists(&b, state, &scratch);
        mark_lists(&b, state);
    }

    IrProgram *ir = ARENA_NEW(b.a, IrProgram);
    const Module *root = c->modules.len ? c->modules.items[0] : NULL;
    ir->source = root ? source_file(&c->sources, root->file)->name : "";
    ir->paths = b.paths.data;
    ir->npaths = b.paths.len;
    ir->conds = b.conds.data;
    ir->nconds = b.conds.len;
    ir->values = b.values.data;
    ir->nvalues = b.values.len;
    ir->groups = b.groups.data;
    ir->ngroups = b.groups.len;
    ir->edges = b.edges.data;
    ir->nedges = b.edges.len;
    ir->derived = b.derived.data;
    ir->nderived = b.derived.len;
    ir->clears = b.clears.data;
    ir->nclears = b.clears.len;
    ir->concerns = b.concerns.data;
    ir->nconcerns = b.concerns.len;
    ir->listeners = b.listeners.data;
    ir->nlisteners = b.listeners.len;
    ir->ntests = b.ntests;
    ir->state = lower_type(&b, state);
    if (c->sem) {
        ir->handlers = lower_names(&b, &c->sem->handlers, &ir->nhandlers);
        ir->external_validators = lower_names(&b, &c->sem->external_validators, &ir->nexternal_validators);
        ir->external_concerns = lower_names(&b, &c->sem->external_concerns, &ir->nexternal_concerns);
    }
    if (ir->nlisteners > 1) qsort(ir->listeners, ir->nlisteners, sizeof(IrListener), cmp_listener);
    build_components(&b, ir);
    order_derived(&b, ir);
    build_dependents(&b, ir);
    c->ir = ir;
    return ir;
}
