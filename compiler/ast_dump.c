/* ast_dump.c — S-expression dumps of the syntax tree (see ast_dump.h). */
#include "ast_dump.h"

#include <string.h>

typedef struct Dump {
    Arena *a;
    StrBuf b;
} Dump;

static void put(Dump *d, const char *s) { strbuf_puts(d->a, &d->b, s); }
static void putn(Dump *d, const char *s, uint32_t n) { strbuf_putn(d->a, &d->b, s, n); }

static void indent(Dump *d, int depth)
{
    for (int i = 0; i < depth; i++) put(d, "  ");
}

static void put_string(Dump *d, const char *s, uint32_t n)
{
    put(d, "\"");
    for (uint32_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': put(d, "\\\""); break;
        case '\\': put(d, "\\\\"); break;
        case '\n': put(d, "\\n"); break;
        case '\r': put(d, "\\r"); break;
        case '\t': put(d, "\\t"); break;
        default:
            if (c < 0x20)
                strbuf_printf(d->a, &d->b, "\\u%04x", c);
            else
                putn(d, (const char *)&s[i], 1);
        }
    }
    put(d, "\"");
}

static bool is_ident(const char *s)
{
    if (!s || !*s) return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
        if (!alpha && !(p > s && c >= '0' && c <= '9')) return false;
    }
    return true;
}

static void put_name(Dump *d, const char *s)
{
    if (is_ident(s))
        put(d, s);
    else
        put_string(d, s ? s : "", s ? (uint32_t)strlen(s) : 0);
}

static void put_path(Dump *d, const Path *p) { put(d, p ? ast_path_text(d->a, p) : "<none>"); }

static void put_paths(Dump *d, const PtrVec *v)
{
    put(d, "(");
    for (uint32_t i = 0; i < v->len; i++) {
        if (i) put(d, " ");
        put_path(d, v->items[i]);
    }
    put(d, ")");
}

static void put_lit(Dump *d, const Lit *l)
{
    if (!l) {
        put(d, "<none>");
        return;
    }
    switch (l->kind) {
    case LIT_NULL: put(d, "null"); break;
    case LIT_BOOL: put(d, l->boolean ? "true" : "false"); break;
    case LIT_NUMBER: put(d, l->text ? l->text : "0"); break;
    case LIT_STRING: put_string(d, l->text, l->text_len); break;
    case LIT_ARRAY:
        put(d, "[");
        for (uint32_t i = 0; i < l->items.len; i++) {
            if (i) put(d, " ");
            put_lit(d, l->items.items[i]);
        }
        put(d, "]");
        break;
    case LIT_OBJECT:
        put(d, "{");
        for (uint32_t i = 0; i < l->items.len; i++) {
            const LitMember *m = l->items.items[i];
            if (i) put(d, " ");
            if (m->key_quoted)
                put_string(d, m->key, m->key_len);
            else
                putn(d, m->key, m->key_len);
            put(d, ": ");
            put_lit(d, m->value);
        }
        put(d, "}");
        break;
    }
}

static void put_type(Dump *d, const TypeExpr *t);

static void put_field_decls(Dump *d, const PtrVec *fields, int depth)
{
    for (uint32_t i = 0; i < fields->len; i++) {
        const FieldDecl *f = fields->items[i];
        if (depth >= 0) {
            put(d, "\n");
            indent(d, depth);
        } else
            put(d, " ");
        put(d, "(");
        put_name(d, f->name);
        if (f->optional) put(d, "?");
        put(d, " ");
        put_type(d, f->type);
        put(d, ")");
    }
}

static void put_type(Dump *d, const TypeExpr *t)
{
    if (!t) {
        put(d, "<none>");
        return;
    }
    switch (t->kind) {
    case TY_BOOL: put(d, "bool"); break;
    case TY_NUMBER: put(d, "number"); break;
    case TY_STRING: put(d, "string"); break;
    case TY_NULL: put(d, "null"); break;
    case TY_ANY: put(d, "any"); break;
    case TY_LITERAL: put_lit(d, t->lit); break;
    case TY_UNION:
        put(d, "(union");
        for (uint32_t i = 0; i < t->alts.len; i++) {
            put(d, " ");
            put_type(d, t->alts.items[i]);
        }
        put(d, ")");
        break;
    case TY_OBJECT:
        put(d, "(object");
        put_field_decls(d, &t->fields, -1);
        put(d, ")");
        break;
    case TY_MAP:
        put(d, "(map ");
        put_type(d, t->elem);
        put(d, ")");
        break;
    case TY_LIST:
        put(d, "(list ");
        put_type(d, t->elem);
        put(d, ")");
        break;
    }
}

/* How each condition other than and/or prints: its word (NULL: the
 * comparison's operator) and its operands, in this order. */
enum { FORM_PATH = 1, FORM_OP = 2, FORM_RHS = 4, FORM_LIT = 8, FORM_SUB = 16 };
typedef struct CondForm {
    const char *word;
    unsigned shape;
} CondForm;
static const CondForm COND_FORMS[] = {
    [COND_CMP] = {NULL, FORM_PATH | FORM_RHS},
    [COND_LENGTH] = {"length", FORM_PATH | FORM_OP | FORM_RHS},
    [COND_EXISTS] = {"exists", FORM_PATH},
    [COND_EMPTY] = {"empty", FORM_PATH},
    [COND_IN] = {"in", FORM_PATH | FORM_LIT},
    [COND_CONTAINS_ANY] = {"contains-any", FORM_PATH | FORM_LIT},
    [COND_CONTAINS_ALL] = {"contains-all", FORM_PATH | FORM_LIT},
    [COND_TRUTHY] = {"truthy", FORM_PATH},
    [COND_BOOL] = {"bool", FORM_LIT},
    [COND_NOT] = {"not", FORM_SUB},
    [COND_AND] = {"and", 0}, /* printed as a spine, above */
    [COND_OR] = {"or", 0},
};

static void put_cond(Dump *d, const Cond *c)
{
    if (!c) {
        put(d, "<none>");
        return;
    }
    /* and/or along the left spine (ast_cond_spine): no recursion down it */
    const Cond **spine;
    uint32_t n = ast_cond_spine(d->a, c, &spine);
    if (n) {
        for (uint32_t i = 0; i < n; i++) {
            if (spine[i]->parens) put(d, "(paren ");
            put(d, spine[i]->kind == COND_AND ? "(and " : "(or ");
        }
        put_cond(d, spine[n - 1]->lhs);
        for (uint32_t i = n; i-- > 0;) {
            put(d, " ");
            put_cond(d, spine[i]->rhs);
            put(d, ")");
            if (spine[i]->parens) put(d, ")");
        }
        return;
    }
    if (c->parens) put(d, "(paren ");
    const CondForm *f = &COND_FORMS[c->kind];
    put(d, "(");
    put(d, f->word ? f->word : ast_cmp_op_text(c->op));
    if (f->shape & FORM_PATH) put(d, " "), put_path(d, c->path);
    if (f->shape & FORM_OP) put(d, " "), put(d, ast_cmp_op_text(c->op));
    if (f->shape & FORM_RHS) {
        put(d, " ");
        if (c->rhs_path)
            put_path(d, c->rhs_path);
        else
            put_lit(d, c->lit);
    }
    if (f->shape & FORM_LIT) put(d, " "), put_lit(d, c->lit);
    if (f->shape & FORM_SUB) put(d, " "), put_cond(d, c->lhs);
    put(d, ")");
    if (c->parens) put(d, ")");
}

static void put_value(Dump *d, const Value *v)
{
    if (!v) {
        put(d, "<none>");
        return;
    }
    switch (v->kind) {
    case VAL_LIT: put_lit(d, v->lit); break;
    case VAL_TEMPLATE:
        put(d, "(template");
        for (uint32_t i = 0; i < v->parts.len; i++) {
            const TemplatePart *p = v->parts.items[i];
            put(d, " ");
            if (p->is_path) {
                put(d, "{");
                put_path(d, p->path);
                put(d, "}");
            } else
                put_string(d, p->text, p->text_len);
        }
        put(d, ")");
        break;
    case VAL_IF:
        put(d, "(if ");
        put_cond(d, v->cond);
        put(d, " ");
        put_value(d, v->then_v);
        put(d, " ");
        put_value(d, v->else_v);
        put(d, ")");
        break;
    case VAL_MATCH:
        put(d, "(match ");
        put_path(d, v->subject);
        for (uint32_t i = 0; i < v->arms.len; i++) {
            const MatchArm *m = v->arms.items[i];
            put(d, " (");
            if (m->label)
                put_lit(d, m->label);
            else
                put(d, "_");
            put(d, " ");
            put_value(d, m->value);
            put(d, ")");
        }
        put(d, ")");
        break;
    }
}

static void put_vcall(Dump *d, const ValidatorCall *v)
{
    put(d, "(");
    put_name(d, v->name);
    if (v->has_args) {
        put(d, " (");
        for (uint32_t i = 0; i < v->args.len; i++) {
            if (i) put(d, " ");
            put_lit(d, v->args.items[i]);
        }
        if (v->path_arg) put_path(d, v->path_arg);
        put(d, ")");
    }
    if (v->message) {
        put(d, " ");
        put_string(d, v->message, (uint32_t)strlen(v->message));
    }
    put(d, ")");
}

static void put_external(Dump *d, const ExternalCall *e)
{
    put(d, "(external ");
    put_name(d, e->fn);
    if (e->has_parens) {
        put(d, " ");
        put_paths(d, &e->paths);
    }
    put(d, ")");
}

static void put_concern(Dump *d, const Concern *c)
{
    put(d, c->custom ? "(concern " : "(");
    switch (c->kind) {
    case CONCERN_WHEN:
        put(d, "when ");
        put_name(d, c->name);
        put(d, " ");
        put_cond(d, c->cond);
        break;
    case CONCERN_VALUE:
        put(d, "= ");
        put_name(d, c->name);
        put(d, " ");
        put_value(d, c->value);
        break;
    case CONCERN_EXTERNAL:
        put(d, "= ");
        put_name(d, c->name);
        put(d, " ");
        put_external(d, c->external);
        break;
    case CONCERN_VALIDATE:
        put(d, "validate");
        for (uint32_t i = 0; i < c->validators.len; i++) {
            put(d, " ");
            put_vcall(d, c->validators.items[i]);
        }
        break;
    case CONCERN_VALIDATE_EXTERNAL:
        put(d, "validate ");
        put_external(d, c->external);
        break;
    }
    put(d, ")");
}

static void put_source(Dump *d, const Source *s)
{
    put(d, "(source ");
    put_path(d, s->path);
    if (s->exclude) {
        put(d, s->exclude_after_parens ? " (exclude-after " : " (exclude ");
        put_cond(d, s->exclude);
        put(d, ")");
    }
    put(d, ")");
}

static void put_step(Dump *d, const TestStep *s)
{
    switch (s->kind) {
    case STEP_GIVEN:
        put(d, "(given ");
        put_lit(d, s->lit);
        put(d, ")");
        break;
    case STEP_SET:
        put(d, "(set ");
        put_path(d, s->path);
        put(d, " ");
        put_lit(d, s->lit);
        put(d, ")");
        break;
    case STEP_EXPECT:
        put(d, "(expect ");
        put_path(d, s->path);
        if (s->concern) {
            put(d, ":");
            put_name(d, s->concern);
        }
        strbuf_printf(d->a, &d->b, " %s ", ast_cmp_op_text(s->op));
        put_lit(d, s->lit);
        put(d, ")");
        break;
    case STEP_EXPECT_CHANGES:
        put(d, s->negated ? "(expect-changes not-contain " : "(expect-changes contain ");
        put_path(d, s->path);
        put(d, ")");
        break;
    case STEP_THEN: put(d, "(then)"); break;
    }
}

static void put_item(Dump *d, const Item *it, int depth)
{
    indent(d, depth);
    put(d, "(");
    put(d, ast_item_kind_name(it->kind));
    switch (it->kind) {
    case ITEM_IMPORT:
        put(d, " ");
        put_string(d, it->import_path, (uint32_t)strlen(it->import_path));
        break;
    case ITEM_STATE: put_field_decls(d, &it->state_fields, depth + 1); break;
    case ITEM_SYNC:
    case ITEM_FLIP:
        for (uint32_t i = 0; i < it->paths.len; i++) {
            if (i) put(d, it->arrows && it->arrows[i - 1] == ARROW_ONEWAY ? " ->" : " <->");
            put(d, " ");
            put_path(d, it->paths.items[i]);
        }
        break;
    case ITEM_AGGREGATE:
    case ITEM_COMPUTE:
        put(d, " ");
        put_path(d, it->target);
        if (it->kind == ITEM_COMPUTE) {
            put(d, " ");
            put(d, ast_compute_op_name(it->op));
        }
        for (uint32_t i = 0; i < it->sources.len; i++) {
            put(d, " ");
            put_source(d, it->sources.items[i]);
        }
        break;
    case ITEM_CLEAR:
        put(d, " ");
        put_paths(d, &it->paths);
        put(d, " when ");
        put_paths(d, &it->triggers);
        break;
    case ITEM_FIELD:
        put(d, " ");
        put_path(d, it->field);
        for (uint32_t i = 0; i < it->concerns.len; i++) {
            put(d, "\n");
            indent(d, depth + 1);
            put_concern(d, it->concerns.items[i]);
        }
        break;
    case ITEM_VALIDATOR:
        put(d, " ");
        put_name(d, it->name);
        put(d, " ");
        if (it->validator) put_vcall(d, it->validator);
        break;
    case ITEM_LISTEN:
        put(d, " ");
        put_paths(d, &it->paths);
        if (it->scope_kind == SCOPE_ROOT)
            put(d, " scope root");
        else if (it->scope_kind == SCOPE_PATH) {
            put(d, " scope ");
            put_path(d, it->scope);
        }
        put(d, " call ");
        put_name(d, it->name);
        break;
    case ITEM_GROUP:
        put(d, " ");
        put_name(d, it->name);
        if (it->off) put(d, " off");
        if (it->when) {
            put(d, " (when ");
            put_cond(d, it->when);
            put(d, ")");
        }
        for (uint32_t i = 0; i < it->items.len; i++) {
            put(d, "\n");
            put_item(d, it->items.items[i], depth + 1);
        }
        break;
    case ITEM_TEST:
        put(d, " ");
        put_string(d, it->name, (uint32_t)strlen(it->name));
        for (uint32_t i = 0; i < it->steps.len; i++) {
            put(d, "\n");
            indent(d, depth + 1);
            put_step(d, it->steps.items[i]);
        }
        break;
    }
    put(d, ")");
}

const char *ast_dump_module(Arena *a, const Module *m)
{
    Dump d = {a, {0}};
    for (uint32_t i = 0; i < m->items.len; i++) {
        put_item(&d, m->items.items[i], 0);
        put(&d, "\n");
    }
    return strbuf_cstr(a, &d.b);
}

const char *ast_dump_item(Arena *a, const Item *it)
{
    Dump d = {a, {0}};
    put_item(&d, it, 0);
    return strbuf_cstr(a, &d.b);
}

const char *ast_dump_cond(Arena *a, const Cond *c)
{
    Dump d = {a, {0}};
    put_cond(&d, c);
    return strbuf_cstr(a, &d.b);
}

const char *ast_dump_value(Arena *a, const Value *v)
{
    Dump d = {a, {0}};
    put_value(&d, v);
    return strbuf_cstr(a, &d.b);
}

const char *ast_dump_lit(Arena *a, const Lit *l)
{
    Dump d = {a, {0}};
    put_lit(&d, l);
    return strbuf_cstr(a, &d.b);
}

const char *ast_dump_type(Arena *a, const TypeExpr *t)
{
    Dump d = {a, {0}};
    put_type(&d, t);
    return strbuf_cstr(a, &d.b);
}
