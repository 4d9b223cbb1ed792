/* ast.c — constructors of the syntax tree (ast_build.h) and the printing
 * helpers of ast.h.  Constructors only allocate and fill nodes; checks
 * belong to the parser driver (syntax) or to sema (meaning). */
#include "ast.h"

#include <math.h>
#include <string.h>

static Span span_to(Span a, Span b) { return span_join(a, b); }

/* A new node of type T in arena `a`, its fields given as designated
 * initializers (the others zero): NODE(a, Lit, .kind = LIT_NULL, .span = s). */
#define NODE(a, T, ...) ((T *)node_copy((a), &(T){__VA_ARGS__}, sizeof(T)))

static void *node_copy(Arena *a, const void *init, size_t size)
{
    void *node = arena_alloc(a, size);
    memcpy(node, init, size);
    return node;
}

static const char *or_empty(const char *s) { return s ? s : ""; }

PtrVec ast_vec1(Arena *a, void *item)
{
    PtrVec v = {0};
    ptrvec_push(a, &v, item);
    return v;
}

/* ---- literals ------------------------------------------------------------- */

Lit *ast_lit_null(Arena *a, Span span) { return NODE(a, Lit, .kind = LIT_NULL, .span = span); }

Lit *ast_lit_bool(Arena *a, Span span, bool value)
{
    return NODE(a, Lit, .kind = LIT_BOOL, .span = span, .boolean = value);
}

Lit *ast_lit_number(Arena *a, Span span, double value, const char *text)
{
    if (!text) text = "0";
    return NODE(a, Lit, .kind = LIT_NUMBER, .span = span, .number = value, .text = text,
                .text_len = (uint32_t)strlen(text));
}

Lit *ast_lit_string(Arena *a, Span span, const char *text, uint32_t len)
{
    return NODE(a, Lit, .kind = LIT_STRING, .span = span, .text = or_empty(text), .text_len = text ? len : 0);
}

Lit *ast_lit_array(Arena *a, Span span, PtrVec items)
{
    return NODE(a, Lit, .kind = LIT_ARRAY, .span = span, .items = items);
}

Lit *ast_lit_object(Arena *a, Span span, PtrVec members)
{
    return NODE(a, Lit, .kind = LIT_OBJECT, .span = span, .items = members);
}

LitMember *ast_lit_member(Arena *a, Span key_span, const char *key, uint32_t key_len, bool quoted, Lit *value)
{
    return NODE(a, LitMember, .key = or_empty(key), .key_len = key ? key_len : 0, .key_span = key_span,
                .key_quoted = quoted, .value = value);
}

/* ---- paths ------------------------------------------------------------------ */

PathSeg *ast_seg_name(Arena *a, Span span, const char *name, uint32_t len, bool quoted)
{
    return NODE(a, PathSeg, .kind = SEG_NAME, .span = span, .name = or_empty(name), .name_len = name ? len : 0,
                .quoted = quoted);
}

PathSeg *ast_seg_index(Arena *a, Span span, const char *text, double index, bool bracketed)
{
    if (!text) text = "0";
    if (!(index >= 0)) index = 0; /* also NaN */
    return NODE(a, PathSeg, .kind = SEG_INDEX, .span = span, .name = text, .name_len = (uint32_t)strlen(text),
                .index = index >= 4294967295.0 ? UINT32_MAX : (uint32_t)index, .bracketed = bracketed);
}

PathSeg *ast_seg_wild(Arena *a, Span span, SegKind kind)
{
    const char *name = kind == SEG_DEEP ? "**" : "*";
    return NODE(a, PathSeg, .kind = kind, .span = span, .name = name, .name_len = (uint32_t)strlen(name));
}

Path *ast_path(Arena *a, PathSeg *first)
{
    Path *p = NODE(a, Path, .span = first->span);
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

TypeExpr *ast_type_simple(Arena *a, TypeKind kind, Span span) { return NODE(a, TypeExpr, .kind = kind, .span = span); }

TypeExpr *ast_type_literal(Arena *a, Lit *lit)
{
    return NODE(a, TypeExpr, .kind = TY_LITERAL, .span = lit->span, .lit = lit);
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
    TypeExpr *t = NODE(a, TypeExpr, .kind = TY_UNION, .span = span_to(lhs->span, rhs->span));
    ptrvec_push(a, &t->alts, lhs);
    ptrvec_push(a, &t->alts, rhs);
    return t;
}

TypeExpr *ast_type_object(Arena *a, Span span, PtrVec fields)
{
    return NODE(a, TypeExpr, .kind = TY_OBJECT, .span = span, .fields = fields);
}

TypeExpr *ast_type_elem(Arena *a, TypeKind kind, Span span, TypeExpr *elem)
{
    return NODE(a, TypeExpr, .kind = kind, .span = span, .elem = elem);
}

FieldDecl *ast_field_decl(Arena *a, const char *name, Span name_span, bool optional, TypeExpr *type)
{
    return NODE(a, FieldDecl, .name = or_empty(name), .name_span = name_span, .optional = optional, .type = type,
                .span = span_to(name_span, type->span));
}

/* ---- conditions ----------------------------------------------------------------- */

/* path op lit, path op path, length(path) op …: the right side is either a
 * literal or a path; the span runs from `from` to it. */
static Cond *compare(Arena *a, CondKind kind, Span from, Path *p, CmpOp op, Lit *lit, Path *rhs)
{
    return NODE(a, Cond, .kind = kind, .span = span_to(from, lit ? lit->span : rhs->span), .path = p, .op = op,
                .lit = lit, .rhs_path = rhs);
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
    return NODE(a, Cond, .kind = kind, .span = span_to(kw, p->span), .path = p);
}

Cond *ast_cond_list(Arena *a, CondKind kind, Path *p, Lit *list)
{
    return NODE(a, Cond, .kind = kind, .span = span_to(p->span, list->span), .path = p, .lit = list);
}

Cond *ast_cond_bool(Arena *a, Lit *lit) { return NODE(a, Cond, .kind = COND_BOOL, .span = lit->span, .lit = lit); }

Cond *ast_cond_not(Arena *a, Span kw, Cond *inner)
{
    return NODE(a, Cond, .kind = COND_NOT, .span = span_to(kw, inner->span), .lhs = inner);
}

Cond *ast_cond_binary(Arena *a, CondKind kind, Cond *lhs, Cond *rhs)
{
    return NODE(a, Cond, .kind = kind, .span = span_to(lhs->span, rhs->span), .lhs = lhs, .rhs = rhs);
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

Value *ast_value_lit(Arena *a, Lit *lit) { return NODE(a, Value, .kind = VAL_LIT, .span = lit->span, .lit = lit); }

Value *ast_value_template(Arena *a, Lit *string, PtrVec parts)
{
    return NODE(a, Value, .kind = VAL_TEMPLATE, .span = string->span, .lit = string, .parts = parts);
}

TemplatePart *ast_template_text(Arena *a, const char *text, uint32_t len)
{
    return NODE(a, TemplatePart, .text = text, .text_len = len);
}

TemplatePart *ast_template_path(Arena *a, Path *p) { return NODE(a, TemplatePart, .is_path = true, .path = p); }

Value *ast_value_if(Arena *a, Span kw, Cond *c, Value *then_v, Value *else_v)
{
    return NODE(a, Value, .kind = VAL_IF, .span = span_to(kw, else_v->span), .cond = c, .then_v = then_v,
                .else_v = else_v);
}

Value *ast_value_match(Arena *a, Span span, Path *subject, PtrVec arms)
{
    return NODE(a, Value, .kind = VAL_MATCH, .span = span, .subject = subject, .arms = arms);
}

MatchArm *ast_match_arm(Arena *a, Span label_span, Lit *label, Value *value)
{
    return NODE(a, MatchArm, .span = span_to(label_span, value->span), .label = label, .value = value);
}

/* ---- validators, external calls ------------------------------------------------------ */

ValidatorCall *ast_vcall(Arena *a, const char *name, Span name_span, bool has_args, PtrVec args, Span end)
{
    return NODE(a, ValidatorCall, .name = or_empty(name), .name_span = name_span, .span = span_to(name_span, end),
                .has_args = has_args, .args = args);
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
    v->message = or_empty(message);
    v->message_span = message_span;
    v->span = span_to(v->span, message_span);
    return v;
}

ExternalCall *ast_external(Arena *a, const char *fn, Span fn_span, bool has_parens, PtrVec paths, Span end)
{
    return NODE(a, ExternalCall, .fn = or_empty(fn), .fn_span = fn_span, .span = span_to(fn_span, end),
                .has_parens = has_parens, .paths = paths);
}

/* ---- concerns ------------------------------------------------------------------------- */

/* `[concern] name when/= …`: the constructor's own custom, name and
 * name_span, and the span from `start` to `last`. */
#define NAMED_CONCERN(kind_, start, last)                                                                              \
    .kind = (kind_), .custom = custom, .name = name, .name_span = name_span, .span = span_to((start), (last))

Concern *ast_concern_when(Arena *a, Span start, bool custom, const char *name, Span name_span, Cond *cond)
{
    return NODE(a, Concern, NAMED_CONCERN(CONCERN_WHEN, start, cond->span), .cond = cond);
}

Concern *ast_concern_value(Arena *a, Span start, bool custom, const char *name, Span name_span, Value *v)
{
    return NODE(a, Concern, NAMED_CONCERN(CONCERN_VALUE, start, v->span), .value = v);
}

Concern *ast_concern_external(Arena *a, ConcernKind kind, Span start, bool custom, const char *name, Span name_span,
                              ExternalCall *call)
{
    return NODE(a, Concern, NAMED_CONCERN(kind, start, call->span), .external = call);
}

Concern *ast_concern_validate(Arena *a, Span kw, PtrVec validators)
{
    Span span = kw;
    if (validators.len) span = span_to(kw, ((ValidatorCall *)validators.items[validators.len - 1])->span);
    return NODE(a, Concern, .kind = CONCERN_VALIDATE, .span = span, .name_span = kw, .validators = validators);
}

/* ---- test steps ------------------------------------------------------------------------ */

TestStep *ast_step_given(Arena *a, Span kw, Lit *lit)
{
    return NODE(a, TestStep, .kind = STEP_GIVEN, .span = span_to(kw, lit->span), .lit = lit);
}

TestStep *ast_step_set(Arena *a, Span kw, Path *p, Lit *lit)
{
    return NODE(a, TestStep, .kind = STEP_SET, .span = span_to(kw, lit->span), .path = p, .lit = lit);
}

TestStep *ast_step_expect(Arena *a, Span kw, Path *p, const char *concern, Span concern_span, CmpOp op, Lit *lit)
{
    return NODE(a, TestStep, .kind = STEP_EXPECT, .span = span_to(kw, lit->span), .path = p, .concern = concern,
                .concern_span = concern_span, .op = op, .lit = lit);
}

TestStep *ast_step_changes(Arena *a, Span kw, bool negated, Path *p)
{
    return NODE(a, TestStep, .kind = STEP_EXPECT_CHANGES, .span = span_to(kw, p->span), .negated = negated, .path = p);
}

TestStep *ast_step_then(Arena *a, Span kw) { return NODE(a, TestStep, .kind = STEP_THEN, .span = kw); }

/* ---- statements ------------------------------------------------------------------------ */

/* A statement of `kind_` from the constructor's keyword span `kw` to `last`. */
#define STATEMENT(kind_, last) .kind = (kind_), .keyword_span = kw, .span = span_to(kw, (last))

Source *ast_source(Arena *a, Path *p, Cond *exclude)
{
    return NODE(a, Source, .path = p, .exclude = exclude, .span = exclude ? span_to(p->span, exclude->span) : p->span);
}

Item *ast_import(Arena *a, Span kw, const char *path, Span path_span)
{
    return NODE(a, Item, STATEMENT(ITEM_IMPORT, path_span), .import_path = or_empty(path),
                .import_path_span = path_span);
}

Item *ast_state(Arena *a, Span kw, PtrVec fields, Span end)
{
    return NODE(a, Item, STATEMENT(ITEM_STATE, end), .state_fields = fields);
}

Item *ast_chain(Arena *a, ItemKind kind, Span kw, Path *first)
{
    Item *it = NODE(a, Item, STATEMENT(kind, first->span));
    ptrvec_push(a, &it->paths, first);
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
    Span last = target->span;
    if (sources.len) last = span_to(last, ((Source *)sources.items[sources.len - 1])->span);
    return NODE(a, Item, STATEMENT(ITEM_AGGREGATE, last), .target = target, .sources = sources);
}

Item *ast_compute(Arena *a, Span kw, Path *target, ComputeOp op, Span op_span, PtrVec sources, Span end)
{
    return NODE(a, Item, STATEMENT(ITEM_COMPUTE, end), .target = target, .op = op, .op_span = op_span,
                .sources = sources);
}

Item *ast_clear(Arena *a, Span kw, PtrVec targets, PtrVec triggers, Span end)
{
    return NODE(a, Item, STATEMENT(ITEM_CLEAR, end), .paths = targets, .triggers = triggers);
}

Item *ast_field(Arena *a, Span kw, Path *field, PtrVec concerns, Span end)
{
    return NODE(a, Item, STATEMENT(ITEM_FIELD, end), .field = field, .concerns = concerns);
}

Item *ast_validator(Arena *a, Span kw, const char *name, Span name_span, ValidatorCall *body)
{
    return NODE(a, Item, STATEMENT(ITEM_VALIDATOR, body->span), .name = or_empty(name), .name_span = name_span,
                .validator = body);
}

Item *ast_listen(Arena *a, Span kw, PtrVec paths, ScopeKind scope_kind, Path *scope, const char *handler,
                 Span handler_span)
{
    return NODE(a, Item, STATEMENT(ITEM_LISTEN, handler_span), .paths = paths, .scope_kind = scope_kind, .scope = scope,
                .name = or_empty(handler), .name_span = handler_span);
}

Item *ast_group(Arena *a, Span kw, const char *name, Span name_span, bool off, Cond *when)
{
    return NODE(a, Item, STATEMENT(ITEM_GROUP, when ? when->span : name_span), .name = or_empty(name),
                .name_span = name_span, .off = off, .when = when);
}

Item *ast_test(Arena *a, Span kw, const char *name, Span name_span, PtrVec steps, Span end)
{
    return NODE(a, Item, STATEMENT(ITEM_TEST, end), .name = or_empty(name), .name_span = name_span, .steps = steps);
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
