/* ast_dump.c — S-expression dumps of the syntax tree (see ast_dump.h). */
#include "ast_dump.h"

#include <stdarg.h>
#include <string.h>

#include "template.h"

typedef struct Dump {
    Arena *a;
    StrBuf b;
    int depth; /* of the statement being dumped: its children go one deeper */
} Dump;

static void put(Dump *d, const char *s) { strbuf_puts(d->a, &d->b, s); }
static void putn(Dump *d, const char *s, uint32_t n) { strbuf_putn(d->a, &d->b, s, n); }

static void indent(Dump *d, int depth)
{
    for (int i = 0; i < depth; i++) put(d, "  ");
}

/* A new line, indented for `depth`. */
static void line(Dump *d, int depth)
{
    put(d, "\n");
    indent(d, depth);
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

/* A node the tree lacks prints as <none>: true when `node` is NULL. */
static bool none(Dump *d, const void *node)
{
    if (!node) put(d, "<none>");
    return !node;
}

static void put_path(Dump *d, const Path *p)
{
    if (!none(d, p)) put(d, ast_path_text(d->a, p));
}

static void put_lit(Dump *d, const Lit *l);
static void put_type(Dump *d, const TypeExpr *t);
static void put_field_decl(Dump *d, const FieldDecl *f);
static void put_cond(Dump *d, const Cond *c);
static void put_value(Dump *d, const Value *v);
static void put_vcall(Dump *d, const ValidatorCall *v);
static void put_external(Dump *d, const ExternalCall *e);
static void put_source(Dump *d, const Source *s);
static void put_concern(Dump *d, const Concern *c);
static void put_step(Dump *d, const TestStep *s);
static void put_item(Dump *d, const Item *it, int depth);

/* One node of the kind a dumpf directive names (below). */
static void put_node(Dump *d, char kind, const void *node, int depth)
{
    switch (kind) {
    case 'p': put_path(d, node); break;
    case 'l': put_lit(d, node); break;
    case 't': put_type(d, node); break;
    case 'F': put_field_decl(d, node); break;
    case 'c': put_cond(d, node); break;
    case 'v': put_value(d, node); break;
    case 'V': put_vcall(d, node); break;
    case 'e': put_external(d, node); break;
    case 'S': put_source(d, node); break;
    case 'C': put_concern(d, node); break;
    case 'T': put_step(d, node); break;
    case 'I': put_item(d, node, depth); break;
    default: break; /* not a node kind */
    }
}

/* One node's text from a template: the text of `fmt` as it stands, and for
 * each directive the next argument:
 *   %p Path  %l Lit  %t TypeExpr  %F FieldDecl  %c Cond  %v Value
 *   %V ValidatorCall  %e ExternalCall  %S Source  %C Concern  %T TestStep
 *   %I Item (statement)
 *   %n a name (bare when an identifier)  %q a C string, quoted  %s a C string as it is
 * and for a PtrVec of nodes of kind X:
 *   %*X the nodes, space-separated   %+X each node after a space
 *   %/X each node on a line of its own, one level deeper than the
 *       statement being dumped (d->depth) */
static void dumpf(Dump *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f;) {
        TemplateStep t = template_next(&f);
        putn(d, t.text, (uint32_t)t.len);
        char form = t.directive;
        switch (form) {
        case 0: continue; /* the end */
        case 'n': put_name(d, va_arg(ap, const char *)); continue;
        case 'q': {
            const char *q = va_arg(ap, const char *);
            put_string(d, q, (uint32_t)strlen(q));
            continue;
        }
        case 's': put(d, va_arg(ap, const char *)); continue;
        case '*':
        case '+':
        case '/': break;
        default: put_node(d, form, va_arg(ap, const void *), d->depth); continue;
        }
        if (!*f) break;
        char kind = *f++;
        const PtrVec *v = va_arg(ap, const PtrVec *);
        int depth = d->depth + 1;
        for (uint32_t i = 0; i < v->len; i++) {
            if (form == '/')
                line(d, depth);
            else if (form == '+' || i)
                put(d, " ");
            put_node(d, kind, v->items[i], depth);
        }
        d->depth = depth - 1; /* %/I dumped statements deeper */
    }
    va_end(ap);
}

static void put_lit(Dump *d, const Lit *l)
{
    if (none(d, l)) return;
    switch (l->kind) {
    case LIT_NULL: put(d, "null"); break;
    case LIT_BOOL: put(d, l->boolean ? "true" : "false"); break;
    case LIT_NUMBER: put(d, l->text ? l->text : "0"); break;
    case LIT_STRING: put_string(d, l->text, l->text_len); break;
    case LIT_ARRAY: dumpf(d, "[%*l]", &l->items); break;
    case LIT_OBJECT:
        put(d, "{");
        for (uint32_t i = 0; i < l->items.len; i++) {
            const LitMember *m = l->items.items[i];
            if (i) put(d, " ");
            if (m->key_quoted)
                put_string(d, m->key, m->key_len);
            else
                putn(d, m->key, m->key_len);
            dumpf(d, ": %l", m->value);
        }
        put(d, "}");
        break;
    }
}

static void put_field_decl(Dump *d, const FieldDecl *f)
{
    dumpf(d, "(%n%s %t)", f->name, f->optional ? "?" : "", f->type);
}

static void put_type(Dump *d, const TypeExpr *t)
{
    if (none(d, t)) return;
    switch (t->kind) {
    default: put(d, ast_type_word(t->kind)); break; /* bool, number, string, null, any */
    case TY_LITERAL: put_lit(d, t->lit); break;
    case TY_UNION: dumpf(d, "(union%+t)", &t->alts); break;
    case TY_OBJECT: dumpf(d, "(object%+F)", &t->fields); break;
    case TY_MAP: dumpf(d, "(map %t)", t->elem); break;
    case TY_LIST: dumpf(d, "(list %t)", t->elem); break;
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
    if (none(d, c)) return;
    /* and/or along the left spine (ast_cond_spine): no recursion down it */
    const Cond **spine;
    uint32_t n = ast_cond_spine(d->a, c, &spine);
    if (n) {
        for (uint32_t i = 0; i < n; i++) {
            if (spine[i]->parens) put(d, "(paren ");
            put(d, spine[i]->kind == COND_AND ? "(and " : "(or ");
        }
        put_cond(d, spine[n - 1]->lhs);
        for (uint32_t i = n; i-- > 0;) dumpf(d, " %c)%s", spine[i]->rhs, spine[i]->parens ? ")" : "");
        return;
    }
    if (c->parens) put(d, "(paren ");
    const CondForm *f = &COND_FORMS[c->kind];
    put(d, "(");
    put(d, f->word ? f->word : ast_cmp_op_text(c->op));
    if (f->shape & FORM_PATH) dumpf(d, " %p", c->path);
    if (f->shape & FORM_OP) dumpf(d, " %s", ast_cmp_op_text(c->op));
    if ((f->shape & FORM_RHS) && c->rhs_path)
        dumpf(d, " %p", c->rhs_path);
    else if (f->shape & FORM_RHS)
        dumpf(d, " %l", c->lit);
    if (f->shape & FORM_LIT) dumpf(d, " %l", c->lit);
    if (f->shape & FORM_SUB) dumpf(d, " %c", c->lhs);
    put(d, c->parens ? "))" : ")");
}

static void put_value(Dump *d, const Value *v)
{
    if (none(d, v)) return;
    switch (v->kind) {
    case VAL_LIT: put_lit(d, v->lit); break;
    case VAL_TEMPLATE:
        put(d, "(template");
        for (uint32_t i = 0; i < v->parts.len; i++) {
            const TemplatePart *p = v->parts.items[i];
            put(d, " ");
            if (p->is_path)
                dumpf(d, "{%p}", p->path);
            else
                put_string(d, p->text, p->text_len);
        }
        put(d, ")");
        break;
    case VAL_IF: dumpf(d, "(if %c %v %v)", v->cond, v->then_v, v->else_v); break;
    case VAL_MATCH:
        dumpf(d, "(match %p", v->subject);
        for (uint32_t i = 0; i < v->arms.len; i++) {
            const MatchArm *m = v->arms.items[i];
            if (m->label)
                dumpf(d, " (%l %v)", m->label, m->value);
            else
                dumpf(d, " (_ %v)", m->value);
        }
        put(d, ")");
        break;
    }
}

static void put_vcall(Dump *d, const ValidatorCall *v)
{
    dumpf(d, "(%n", v->name);
    if (v->has_args) {
        dumpf(d, " (%*l", &v->args);
        if (v->path_arg) put_path(d, v->path_arg);
        put(d, ")");
    }
    if (v->message) dumpf(d, " %q", v->message);
    put(d, ")");
}

static void put_external(Dump *d, const ExternalCall *e)
{
    dumpf(d, "(external %n", e->fn);
    if (e->has_parens) dumpf(d, " (%*p)", &e->paths);
    put(d, ")");
}

static void put_concern(Dump *d, const Concern *c)
{
    put(d, c->custom ? "(concern " : "(");
    switch (c->kind) {
    case CONCERN_WHEN: dumpf(d, "when %n %c", c->name, c->cond); break;
    case CONCERN_VALUE: dumpf(d, "= %n %v", c->name, c->value); break;
    case CONCERN_EXTERNAL: dumpf(d, "= %n %e", c->name, c->external); break;
    case CONCERN_VALIDATE: dumpf(d, "validate%+V", &c->validators); break;
    case CONCERN_VALIDATE_EXTERNAL: dumpf(d, "validate %e", c->external); break;
    }
    put(d, ")");
}

static void put_source(Dump *d, const Source *s)
{
    dumpf(d, "(source %p", s->path);
    if (s->exclude) dumpf(d, s->exclude_after_parens ? " (exclude-after %c)" : " (exclude %c)", s->exclude);
    put(d, ")");
}

/* A step prints its word, then what it has of path, concern, operator
 * (expect) and literal, in that order. */
static void put_step(Dump *d, const TestStep *s)
{
    static const char *const words[] = {
        [STEP_GIVEN] = "given",   [STEP_SET] = "set",
        [STEP_EXPECT] = "expect", [STEP_EXPECT_CHANGES] = "expect-changes contain",
        [STEP_THEN] = "then",
    };
    dumpf(d, "(%s", s->kind == STEP_EXPECT_CHANGES && s->negated ? "expect-changes not-contain" : words[s->kind]);
    if (s->path) dumpf(d, " %p", s->path);
    if (s->concern) dumpf(d, ":%n", s->concern);
    if (s->kind == STEP_EXPECT) dumpf(d, " %s", ast_cmp_op_text(s->op));
    if (s->lit) dumpf(d, " %l", s->lit);
    put(d, ")");
}

static const char *const SCOPE_FORMS[] = {
    [SCOPE_DEFAULT] = "", [SCOPE_ROOT] = " scope root", [SCOPE_PATH] = " scope %p"};

static void put_item(Dump *d, const Item *it, int depth)
{
    d->depth = depth;
    dumpf(d, "(%s", ast_item_kind_name(it->kind));
    switch (it->kind) {
    case ITEM_IMPORT: dumpf(d, " %q", it->import_path); break;
    case ITEM_STATE: dumpf(d, "%/F", &it->state_fields); break;
    case ITEM_SYNC:
    case ITEM_FLIP:
        for (uint32_t i = 0; i < it->paths.len; i++) {
            if (i) put(d, it->arrows && it->arrows[i - 1] == ARROW_ONEWAY ? " ->" : " <->");
            dumpf(d, " %p", it->paths.items[i]);
        }
        break;
    case ITEM_AGGREGATE:
    case ITEM_COMPUTE:
        dumpf(d, " %p", it->target);
        if (it->kind == ITEM_COMPUTE) dumpf(d, " %s", ast_compute_op_name(it->op));
        dumpf(d, "%+S", &it->sources);
        break;
    case ITEM_CLEAR: dumpf(d, " (%*p) when (%*p)", &it->paths, &it->triggers); break;
    case ITEM_FIELD: dumpf(d, " %p%/C", it->field, &it->concerns); break;
    case ITEM_VALIDATOR:
        dumpf(d, " %n ", it->name);
        if (it->validator) put_vcall(d, it->validator);
        break;
    case ITEM_LISTEN:
        dumpf(d, " (%*p)", &it->paths);
        dumpf(d, SCOPE_FORMS[it->scope_kind], it->scope);
        dumpf(d, " call %n", it->name);
        break;
    case ITEM_GROUP:
        dumpf(d, " %n%s", it->name, it->off ? " off" : "");
        if (it->when) dumpf(d, " (when %c)", it->when);
        dumpf(d, "%/I", &it->items);
        break;
    case ITEM_TEST: dumpf(d, " %q%/T", it->name, &it->steps); break;
    }
    put(d, ")");
}

const char *ast_dump_module(Arena *a, const Module *m)
{
    Dump d = {a, {0}, 0};
    for (uint32_t i = 0; i < m->items.len; i++) {
        put_item(&d, m->items.items[i], 0);
        put(&d, "\n");
    }
    return strbuf_cstr(a, &d.b);
}

/* The entry points for one node: the node's put_* into a fresh buffer. */
#define DUMP_ONE(name, Type, put_node)                                                                                 \
    const char *name(Arena *a, const Type *node)                                                                       \
    {                                                                                                                  \
        Dump d = {a, {0}, 0};                                                                                          \
        put_node(&d, node);                                                                                            \
        return strbuf_cstr(a, &d.b);                                                                                   \
    }

static void put_top_item(Dump *d, const Item *it) { put_item(d, it, 0); }

DUMP_ONE(ast_dump_item, Item, put_top_item)
DUMP_ONE(ast_dump_cond, Cond, put_cond)
DUMP_ONE(ast_dump_value, Value, put_value)
DUMP_ONE(ast_dump_lit, Lit, put_lit)
DUMP_ONE(ast_dump_type, TypeExpr, put_type)
