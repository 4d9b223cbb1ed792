/* ast.c — constructors of the syntax tree (ast_build.h) and the printing
 * helpers of ast.h.  Constructors only allocate and fill nodes; checks
 * belong to the parser driver (syntax) or to sema (meaning). */
#include "ast.h"

#include <math.h>
#include <string.h>

static Span span_to(Span a, Span b) { return span_join(a, b); }

PtrVec ast_vec1(Arena *a, void *item)
{
    PtrVec v = {0};
    ptrvec_push(a, &v, item);
    return v;
}

/* ---- literals ------------------------------------------------------------- */

static Lit *lit_new(Arena *a, LitKind kind, Span span)
{
    Lit *l = ARENA_NEW(a, Lit);
    l->kind = kind;
    l->span = span;
    return l;
}

Lit *ast_lit_null(Arena *a, Span span) { return lit_new(a, LIT_NULL, span); }

Lit *ast_lit_bool(Arena *a, Span span, bool value)
{
    Lit *l = lit_new(a, LIT_BOOL, span);
    l->boolean = value;
    return l;
}

Lit *ast_lit_number(Arena *a, Span span, double value, const char *text)
{
    Lit *l = lit_new(a, LIT_NUMBER, span);
    l->number = value;
    l->text = text ? text : "0";
    l->text_len = (uint32_t)strlen(l->text);
    return l;
}

Lit *ast_lit_string(Arena *a, Span span, const char *text, uint32_t len)
{
    Lit *l = lit_new(a, LIT_STRING, span);
    l->text = text ? text : "";
    l->text_len = text ? len : 0;
    return l;
}

Lit *ast_lit_array(Arena *a, Span span, PtrVec items)
{
    Lit *l = lit_new(a, LIT_ARRAY, span);
    l->items = items;
    return l;
}

Lit *ast_lit_object(Arena *a, Span span, PtrVec members)
{
    Lit *l = lit_new(a, LIT_OBJECT, span);
    l->items = members;
    return l;
}

LitMember *ast_lit_member(Arena *a, Span key_span, const char *key, uint32_t key_len, bool quoted, Lit *value)
{
    LitMember *m = ARENA_NEW(a, LitMember);
    m->key = key ? key : "";
    m->key_len = key ? key_len : 0;
    m->key_span = key_span;
    m->key_quoted = quoted;
    m->value = value;
    return m;
}

/* ---- paths ------------------------------------------------------------------ */

PathSeg *ast_seg_name(Arena *a, Span span, const char *name, uint32_t len, bool quoted)
{
    PathSeg *s = ARENA_NEW(a, PathSeg);
    s->kind = SEG_NAME;
    s->span = span;
    s->name = name ? name : "";
    s->name_len = name ? len : 0;
    s->quoted = quoted;
    return s;
}

PathSeg *ast_seg_index(Arena *a, Span span, const char *text, double index, bool bracketed)
{
    PathSeg *s = ARENA_NEW(a, PathSeg);
    s->kind = SEG_INDEX;
    s->span = span;
    s->name = text ? text : "0";
    s->name_len = (uint32_t)strlen(s->name);
    if (!(index >= 0)) index = 0; /* also NaN */
    s->index = index >= 4294967295.0 ? UINT32_MAX : (uint32_t)index;
    s->bracketed = bracketed;
    return s;
}

PathSeg *ast_seg_wild(Arena *a, Span span, SegKind kind)
{
    PathSeg *s = ARENA_NEW(a, PathSeg);
    s->kind = kind;
    s->span = span;
    s->name = kind == SEG_DEEP ? "**" : "*";
    s->name_len = (uint32_t)strlen(s->name);
    return s;
}

Path *ast_path(Arena *a, PathSeg *first)
{
    Path *p = ARENA_NEW(a, Path);
    p->span = first->span;
    ptrvec_push(a, &p->segs, first);
    return p;
}

Path *ast_path_push(Arena *a, Path *p, PathSeg *seg)
{
    ptrvec_push(a, &p->segs, seg);
    p->span = span_to(p->span, seg->span);
    return p;
}

/* ---- types -------------------------------------------------------------------- */

static TypeExpr *type_new(Arena *a, TypeKind kind, Span span)
{
    TypeExpr *t = ARENA_NEW(a, TypeExpr);
    t->kind = kind;
    t->span = span;
    return t;
}

TypeExpr *ast_type_simple(Arena *a, TypeKind kind, Span span) { return type_new(a, kind, span); }

TypeExpr *ast_type_literal(Arena *a, Lit *lit)
{
    TypeExpr *t = type_new(a, TY_LITERAL, lit->span);
    t->lit = lit;
    return t;
}

/* Types have no parentheses, so a union on the left was built by this
 * same rule and can simply grow: a | b | c is one union of three. */
TypeExpr *ast_type_union(Arena *a, TypeExpr *lhs, TypeExpr *rhs)
{
    if (lhs->kind == TY_UNION) {
        ptrvec_push(a, &lhs->alts, rhs);
        lhs->span = span_to(lhs->span, rhs->span);
        return lhs;
    }
    TypeExpr *t = type_new(a, TY_UNION, span_to(lhs->span, rhs->span));
    ptrvec_push(a, &t->alts, lhs);
    ptrvec_push(a, &t->alts, rhs);
    return t;
}

TypeExpr *ast_type_object(Arena *a, Span span, PtrVec fields)
{
    TypeExpr *t = type_new(a, TY_OBJECT, span);
    t->fields = fields;
    return t;
}

TypeExpr *ast_type_elem(Arena *a, TypeKind kind, Span span, TypeExpr *elem)
{
    TypeExpr *t = type_new(a, kind, span);
    t->elem = elem;
    return t;
}

FieldDecl *ast_field_decl(Arena *a, const char *name, Span name_span, bool optional, TypeExpr *type)
{
    FieldDecl *f = ARENA_NEW(a, FieldDecl);
    f->name = name ? name : "";
    f->name_span = name_span;
    f->optional = optional;
    f->type = type;
    f->span = span_to(name_span, type->span);
    return f;
}

/* ---- conditions ----------------------------------------------------------------- */

static Cond *cond_new(Arena *a, CondKind kind, Span span)
{
    Cond *c = ARENA_NEW(a, Cond);
    c->kind = kind;
    c->span = span;
    return c;
}

/* path op lit, path op path, length(path) op …: the right side is either a
 * literal or a path; the span runs from `from` to it. */
static Cond *compare(Arena *a, CondKind kind, Span from, Path *p, CmpOp op, Lit *lit, Path *rhs)
{
    Cond *c = cond_new(a, kind, span_to(from, lit ? lit->span : rhs->span));
    c->path = p;
    c->op = op;
    c->lit = lit;
    c->rhs_path = rhs;
    return c;
}

Cond *ast_cond_cmp(Arena *a, Path *p, CmpOp op, Lit *lit) { return compare(a, COND_CMP, p->span, p, op, lit, NULL); }

Cond *ast_cond_length(Arena *a, Span kw, Path *p, CmpOp op, Lit *lit)
{
    return compare(a, COND_LENGTH, kw, p, op, lit, NULL);
}

Cond *ast_cond_cmp_path(Arena *a, Path *p, CmpOp op, Path *rhs)
{
    return compare(a, COND_CMP, p->span, p, op, NULL, rhs);
}

Cond *ast_cond_length_path(Arena *a, Span kw, Path *p, CmpOp op, Path *rhs)
{
    return compare(a, COND_LENGTH, kw, p, op, NULL, rhs);
}

Cond *ast_cond_path(Arena *a, CondKind kind, Span kw, Path *p)
{
    Cond *c = cond_new(a, kind, span_to(kw, p->span));
    c->path = p;
    return c;
}

Cond *ast_cond_list(Arena *a, CondKind kind, Path *p, Lit *list)
{
    Cond *c = cond_new(a, kind, span_to(p->span, list->span));
    c->path = p;
    c->lit = list;
    return c;
}

Cond *ast_cond_bool(Arena *a, Lit *lit)
{
    Cond *c = cond_new(a, COND_BOOL, lit->span);
    c->lit = lit;
    return c;
}

Cond *ast_cond_not(Arena *a, Span kw, Cond *inner)
{
    Cond *c = cond_new(a, COND_NOT, span_to(kw, inner->span));
    c->lhs = inner;
    return c;
}

Cond *ast_cond_binary(Arena *a, CondKind kind, Cond *lhs, Cond *rhs)
{
    Cond *c = cond_new(a, kind, span_to(lhs->span, rhs->span));
    c->lhs = lhs;
    c->rhs = rhs;
    return c;
}

static bool is_and_or(const Cond *c) { return c && (c->kind == COND_AND || c->kind == COND_OR); }

uint32_t ast_cond_spine(Arena *a, const Cond *c, const Cond ***out)
{
    uint32_t n = 0;
    for (const Cond *k = c; is_and_or(k); k = k->lhs) n++;
    *out = NULL;
    if (!n) return 0;
    const Cond **nodes = ARENA_ARRAY(a, const Cond *, n);
    uint32_t i = 0;
    for (const Cond *k = c; is_and_or(k); k = k->lhs) nodes[i++] = k;
    *out = nodes;
    return n;
}

/* ( c ) is not a node: the condition remembers it was parenthesised and
 * its span grows to include the parentheses. */
Cond *ast_cond_parens(Cond *c, Span span)
{
    c->parens = true;
    c->span = span_to(c->span, span);
    return c;
}

/* ---- values ------------------------------------------------------------------------ */

static Value *value_new(Arena *a, ValueKind kind, Span span)
{
    Value *v = ARENA_NEW(a, Value);
    v->kind = kind;
    v->span = span;
    return v;
}

Value *ast_value_lit(Arena *a, Lit *lit)
{
    Value *v = value_new(a, VAL_LIT, lit->span);
    v->lit = lit;
    return v;
}

Value *ast_value_template(Arena *a, Lit *string, PtrVec parts)
{
    Value *v = value_new(a, VAL_TEMPLATE, string->span);
    v->lit = string;
    v->parts = parts;
    return v;
}

TemplatePart *ast_template_text(Arena *a, const char *text, uint32_t len)
{
    TemplatePart *t = ARENA_NEW(a, TemplatePart);
    t->text = text;
    t->text_len = len;
    return t;
}

TemplatePart *ast_template_path(Arena *a, Path *p)
{
    TemplatePart *t = ARENA_NEW(a, TemplatePart);
    t->is_path = true;
    t->path = p;
    return t;
}

Value *ast_value_if(Arena *a, Span kw, Cond *c, Value *then_v, Value *else_v)
{
    Value *v = value_new(a, VAL_IF, span_to(kw, else_v->span));
    v->cond = c;
    v->then_v = then_v;
    v->else_v = else_v;
    return v;
}

Value *ast_value_match(Arena *a, Span span, Path *subject, PtrVec arms)
{
    Value *v = value_new(a, VAL_MATCH, span);
    v->subject = subject;
    v->arms = arms;
    return v;
}

MatchArm *ast_match_arm(Arena *a, Span label_span, Lit *label, Value *value)
{
    MatchArm *m = ARENA_NEW(a, MatchArm);
    m->span = span_to(label_span, value->span);
    m->label = label;
    m->value = value;
    return m;
}

/* ---- validators, external calls ------------------------------------------------------ */

ValidatorCall *ast_vcall(Arena *a, const char *name, Span name_span, bool has_args, PtrVec args, Span end)
{
    ValidatorCall *v = ARENA_NEW(a, ValidatorCall);
    v->name = name ? name : "";
    v->name_span = name_span;
    v->span = span_to(name_span, end);
    v->has_args = has_args;
    v->args = args;
    return v;
}

ValidatorCall *ast_vcall_path(Arena *a, const char *name, Span name_span, Path *arg, Span end)
{
    PtrVec none = {0};
    ValidatorCall *v = ast_vcall(a, name, name_span, true, none, end);
    v->path_arg = arg;
    return v;
}

ValidatorCall *ast_vcall_message(ValidatorCall *v, const char *message, Span message_span)
{
    v->message = message ? message : "";
    v->message_span = message_span;
    v->span = span_to(v->span, message_span);
    return v;
}

ExternalCall *ast_external(Arena *a, const char *fn, Span fn_span, bool has_parens, PtrVec paths, Span end)
{
    ExternalCall *e = ARENA_NEW(a, ExternalCall);
    e->fn = fn ? fn : "";
    e->fn_span = fn_span;
    e->span = span_to(fn_span, end);
    e->has_parens = has_parens;
    e->paths = paths;
    return e;
}

/* ---- concerns ------------------------------------------------------------------------- */

static Concern *concern_new(Arena *a, ConcernKind kind, Span start, bool custom, const char *name, Span name_span)
{
    Concern *c = ARENA_NEW(a, Concern);
    c->kind = kind;
    c->span = start;
    c->custom = custom;
    c->name = name;
    c->name_span = name_span;
    return c;
}

Concern *ast_concern_when(Arena *a, Span start, bool custom, const char *name, Span name_span, Cond *cond)
{
    Concern *c = concern_new(a, CONCERN_WHEN, start, custom, name, name_span);
    c->cond = cond;
    c->span = span_to(start, cond->span);
    return c;
}

Concern *ast_concern_value(Arena *a, Span start, bool custom, const char *name, Span name_span, Value *v)
{
    Concern *c = concern_new(a, CONCERN_VALUE, start, custom, name, name_span);
    c->value = v;
    c->span = span_to(start, v->span);
    return c;
}

Concern *ast_concern_validate(Arena *a, Span kw, PtrVec validators)
{
    Concern *c = concern_new(a, CONCERN_VALIDATE, kw, false, NULL, kw);
    c->validators = validators;
    if (validators.len) {
        ValidatorCall *last = validators.items[validators.len - 1];
        c->span = span_to(kw, last->span);
    }
    return c;
}

Concern *ast_concern_external(Arena *a, ConcernKind kind, Span start, bool custom, const char *name, Span name_span,
                              ExternalCall *call)
{
    Concern *c = concern_new(a, kind, start, custom, name, name_span);
    c->external = call;
    c->span = span_to(start, call->span);
    return c;
}

/* ---- test steps ------------------------------------------------------------------------ */

static TestStep *step_new(Arena *a, TestStepKind kind, Span span)
{
    TestStep *s = ARENA_NEW(a, TestStep);
    s->kind = kind;
    s->span = span;
    return s;
}

TestStep *ast_step_given(Arena *a, Span kw, Lit *lit)
{
    TestStep *s = step_new(a, STEP_GIVEN, span_to(kw, lit->span));
    s->lit = lit;
    return s;
}

TestStep *ast_step_set(Arena *a, Span kw, Path *p, Lit *lit)
{
    TestStep *s = step_new(a, STEP_SET, span_to(kw, lit->span));
    s->path = p;
    s->lit = lit;
    return s;
}

TestStep *ast_step_expect(Arena *a, Span kw, Path *p, const char *concern, Span concern_span, CmpOp op, Lit *lit)
{
    TestStep *s = step_new(a, STEP_EXPECT, span_to(kw, lit->span));
    s->path = p;
    s->concern = concern;
    s->concern_span = concern_span;
    s->op = op;
    s->lit = lit;
    return s;
}

TestStep *ast_step_changes(Arena *a, Span kw, bool negated, Path *p)
{
    TestStep *s = step_new(a, STEP_EXPECT_CHANGES, span_to(kw, p->span));
    s->negated = negated;
    s->path = p;
    return s;
}

TestStep *ast_step_then(Arena *a, Span kw) { return step_new(a, STEP_THEN, kw); }

/* ---- statements ------------------------------------------------------------------------ */

static Item *item_new(Arena *a, ItemKind kind, Span kw)
{
    Item *it = ARENA_NEW(a, Item);
    it->kind = kind;
    it->span = kw;
    it->keyword_span = kw;
    return it;
}

Source *ast_source(Arena *a, Path *p, Cond *exclude)
{
    Source *s = ARENA_NEW(a, Source);
    s->path = p;
    s->exclude = exclude;
    s->span = exclude ? span_to(p->span, exclude->span) : p->span;
    return s;
}

Item *ast_import(Arena *a, Span kw, const char *path, Span path_span)
{
    Item *it = item_new(a, ITEM_IMPORT, kw);
    it->import_path = path ? path : "";
    it->import_path_span = path_span;
    it->span = span_to(kw, path_span);
    return it;
}

Item *ast_state(Arena *a, Span kw, PtrVec fields, Span end)
{
    Item *it = item_new(a, ITEM_STATE, kw);
    it->state_fields = fields;
    it->span = span_to(kw, end);
    return it;
}

Item *ast_chain(Arena *a, ItemKind kind, Span kw, Path *first)
{
    Item *it = item_new(a, kind, kw);
    ptrvec_push(a, &it->paths, first);
    it->span = span_to(kw, first->span);
    return it;
}

/* The arrows array doubles when its count reaches a power of two (its
 * capacity is implied by the count), so a chain of n links costs O(n)
 * memory; reallocating per link cost O(n^2) (866 MB for 20 000 members). */
void ast_chain_push(Arena *a, Item *chain, SyncArrow arrow, Path *p)
{
    uint32_t have = chain->paths.len - 1; /* arrows so far */
    if ((have & (have - 1)) == 0) {       /* 0, 1, 2, 4, ...: full */
        SyncArrow *arrows = ARENA_ARRAY(a, SyncArrow, have ? have * 2 : 1);
        if (have) memcpy(arrows, chain->arrows, sizeof(SyncArrow) * have);
        chain->arrows = arrows;
    }
    chain->arrows[have] = arrow;
    ptrvec_push(a, &chain->paths, p);
    chain->span = span_to(chain->span, p->span);
}

Item *ast_aggregate(Arena *a, Span kw, Path *target, PtrVec sources)
{
    Item *it = item_new(a, ITEM_AGGREGATE, kw);
    it->target = target;
    it->sources = sources;
    it->span = span_to(kw, target->span);
    if (sources.len) {
        Source *last = sources.items[sources.len - 1];
        it->span = span_to(it->span, last->span);
    }
    return it;
}

Item *ast_compute(Arena *a, Span kw, Path *target, ComputeOp op, Span op_span, PtrVec sources, Span end)
{
    Item *it = item_new(a, ITEM_COMPUTE, kw);
    it->target = target;
    it->op = op;
    it->op_span = op_span;
    it->sources = sources;
    it->span = span_to(kw, end);
    return it;
}

Item *ast_clear(Arena *a, Span kw, PtrVec targets, PtrVec triggers, Span end)
{
    Item *it = item_new(a, ITEM_CLEAR, kw);
    it->paths = targets;
    it->triggers = triggers;
    it->span = span_to(kw, end);
    return it;
}

Item *ast_field(Arena *a, Span kw, Path *field, PtrVec concerns, Span end)
{
    Item *it = item_new(a, ITEM_FIELD, kw);
    it->field = field;
    it->concerns = concerns;
    it->span = span_to(kw, end);
    return it;
}

Item *ast_validator(Arena *a, Span kw, const char *name, Span name_span, ValidatorCall *body)
{
    Item *it = item_new(a, ITEM_VALIDATOR, kw);
    it->name = name ? name : "";
    it->name_span = name_span;
    it->validator = body;
    it->span = span_to(kw, body->span);
    return it;
}

Item *ast_listen(Arena *a, Span kw, PtrVec paths, ScopeKind scope_kind, Path *scope, const char *handler,
                 Span handler_span)
{
    Item *it = item_new(a, ITEM_LISTEN, kw);
    it->paths = paths;
    it->scope_kind = scope_kind;
    it->scope = scope;
    it->name = handler ? handler : "";
    it->name_span = handler_span;
    it->span = span_to(kw, handler_span);
    return it;
}

Item *ast_group(Arena *a, Span kw, const char *name, Span name_span, bool off, Cond *when)
{
    Item *it = item_new(a, ITEM_GROUP, kw);
    it->name = name ? name : "";
    it->name_span = name_span;
    it->off = off;
    it->when = when;
    it->span = span_to(kw, when ? when->span : name_span);
    return it;
}

Item *ast_test(Arena *a, Span kw, const char *name, Span name_span, PtrVec steps, Span end)
{
    Item *it = item_new(a, ITEM_TEST, kw);
    it->name = name ? name : "";
    it->name_span = name_span;
    it->steps = steps;
    it->span = span_to(kw, end);
    return it;
}

/* ---- names for printing ------------------------------------------------------------------ */

const char *ast_item_kind_name(ItemKind k)
{
    static const char *const names[] = {
        [ITEM_IMPORT] = "import",       [ITEM_STATE] = "state",     [ITEM_SYNC] = "sync",   [ITEM_FLIP] = "flip",
        [ITEM_AGGREGATE] = "aggregate", [ITEM_COMPUTE] = "compute", [ITEM_CLEAR] = "clear", [ITEM_FIELD] = "field",
        [ITEM_VALIDATOR] = "validator", [ITEM_LISTEN] = "listen",   [ITEM_GROUP] = "group", [ITEM_TEST] = "test",
    };
    return (unsigned)k < sizeof names / sizeof names[0] && names[k] ? names[k] : "?";
}

const char *ast_cmp_op_text(CmpOp op)
{
    static const char *const names[] = {
        [CMP_EQ] = "==", [CMP_NE] = "!=", [CMP_LT] = "<", [CMP_LE] = "<=", [CMP_GT] = ">", [CMP_GE] = ">=",
    };
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

const char *ast_type_word(TypeKind k)
{
    static const char *const words[] = {
        [TY_BOOL] = "bool", [TY_NUMBER] = "number", [TY_STRING] = "string", [TY_NULL] = "null", [TY_ANY] = "any",
    };
    return (unsigned)k < sizeof words / sizeof words[0] ? words[k] : NULL;
}

const char *ast_compute_op_name(ComputeOp op)
{
    static const char *const names[] = {
        [OP_SUM] = "sum", [OP_AVG] = "avg", [OP_MIN] = "min", [OP_MAX] = "max", [OP_COUNT] = "count",
    };
    return (unsigned)op < sizeof names / sizeof names[0] ? names[op] : "?";
}

/* Writes s as the body of a JSON string (no quotes). */
static void put_json_chars(Arena *a, StrBuf *b, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': strbuf_puts(a, b, "\\\""); break;
        case '\\': strbuf_puts(a, b, "\\\\"); break;
        case '\n': strbuf_puts(a, b, "\\n"); break;
        case '\r': strbuf_puts(a, b, "\\r"); break;
        case '\t': strbuf_puts(a, b, "\\t"); break;
        case '\b': strbuf_puts(a, b, "\\b"); break;
        case '\f': strbuf_puts(a, b, "\\f"); break;
        default:
            if (c < 0x20)
                strbuf_printf(a, b, "\\u%04x", c);
            else
                strbuf_putc(a, b, (char)c);
        }
    }
}

static void put_path(Arena *a, StrBuf *b, const Path *p)
{
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = p->segs.items[i];
        switch (s->kind) {
        case SEG_NAME:
            if (s->quoted) {
                strbuf_puts(a, b, "[\"");
                put_json_chars(a, b, s->name, s->name_len);
                strbuf_puts(a, b, "\"]");
            } else {
                if (i > 0) strbuf_putc(a, b, '.');
                strbuf_putn(a, b, s->name, s->name_len);
            }
            break;
        case SEG_INDEX:
            if (s->bracketed)
                strbuf_printf(a, b, "[%s]", s->name);
            else
                strbuf_printf(a, b, "%s%s", i > 0 ? "." : "", s->name);
            break;
        case SEG_WILD: strbuf_puts(a, b, "[*]"); break;
        case SEG_DEEP: strbuf_puts(a, b, "[**]"); break;
        }
    }
}

const char *ast_path_text(Arena *a, const Path *p)
{
    StrBuf b = {0};
    if (!p) return "";
    put_path(a, &b, p);
    return strbuf_cstr(a, &b);
}
