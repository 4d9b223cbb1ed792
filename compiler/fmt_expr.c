/* fmt_expr.c — the formatter's inline pieces: literals, strings, paths,
 * types, conditions (BoolLogic), values (ValueLogic), validator and
 * external calls.
 *
 * Everything is printed from the tree, never copied from the source, so
 * layout does not matter; what the tree records about how a thing was
 * written (parentheses, `[0]` vs `.0`, `["key"]`, `f` vs `f()`) is printed
 * as recorded so that the output parses to the same tree.  The only piece
 * that can span lines is a `match` with more than two arms. */
#include "fmt_print.h"
#include "template.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool fmt_is_ident(const char *s, size_t n)
{
    if (n == 0) return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        bool alpha = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '$';
        bool digit = ch >= '0' && ch <= '9';
        if (!(alpha || (i > 0 && digit))) return false;
    }
    return true;
}

/* JSON escaping with the fewest escapes: \" \\ \n \t, other control
 * characters as \u00XX, everything else (UTF-8 included) as is. */
void fmt_string(Printer *p, const char *s, size_t n)
{
    fmt_write(p, "\"");
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        const char *esc = NULL;
        char buf[8];
        if (ch == '"')
            esc = "\\\"";
        else if (ch == '\\')
            esc = "\\\\";
        else if (ch == '\n')
            esc = "\\n";
        else if (ch == '\t')
            esc = "\\t";
        else if (ch < 0x20) {
            snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch);
            esc = buf;
        }
        if (esc) {
            fmt_writen(p, s + from, i - from);
            fmt_write(p, esc);
            from = i + 1;
        }
    }
    fmt_writen(p, s + from, n - from);
    fmt_write(p, "\"");
}

void fmt_name_or_string(Printer *p, const char *s, size_t n)
{
    if (fmt_is_ident(s, n))
        fmt_writen(p, s, n);
    else
        fmt_string(p, s, n);
}

/* ---- templates ---------------------------------------------------------- */

static void match_arm(Printer *p, const MatchArm *arm);

/* One element of a %*X list (a PtrVec of void *). */
static void put_element(Printer *p, char kind, const void *node)
{
    switch (kind) {
    case 'p': fmt_path(p, node); break;
    case 'l': fmt_lit(p, node); break;
    case 'V': fmt_validator_call(p, node); break;
    case 'A': match_arm(p, node); break; /* fmt_expr.c's own: a match arm */
    default: break;                      /* not a list kind */
    }
}

void fmt_writef(Printer *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *f = fmt; *f;) {
        TemplateStep t = template_next(&f);
        fmt_writen(p, t.text, t.len);
        switch (t.directive) {
        case 's': fmt_write(p, va_arg(ap, const char *)); break;
        case 'q': {
            const char *q = va_arg(ap, const char *);
            fmt_string(p, q, strlen(q));
            break;
        }
        case 'p': fmt_path(p, va_arg(ap, const Path *)); break;
        case 'l': fmt_lit(p, va_arg(ap, const Lit *)); break;
        case 'c': fmt_cond(p, va_arg(ap, const Cond *)); break;
        case 'v': fmt_value(p, va_arg(ap, const Value *)); break;
        case 'V': fmt_validator_call(p, va_arg(ap, const ValidatorCall *)); break;
        case 'e': fmt_external(p, va_arg(ap, const ExternalCall *)); break;
        case '*': {
            if (!*f) break;
            char kind = *f++;
            const PtrVec *v = va_arg(ap, const PtrVec *);
            for (uint32_t i = 0; i < v->len; i++) {
                if (i) fmt_write(p, ", ");
                put_element(p, kind, v->items[i]);
            }
            break;
        }
        default: break; /* the end, or not a directive */
        }
    }
    va_end(ap);
}

/* ---- literals ----------------------------------------------------------- */

static void lit_key(Printer *p, const LitMember *m)
{
    size_t n = m->key_len ? m->key_len : strlen(m->key);
    if (m->key_quoted)
        fmt_string(p, m->key, n);
    else
        fmt_name_or_string(p, m->key, n);
}

void fmt_lit(Printer *p, const Lit *l)
{
    switch (l->kind) {
    case LIT_NULL: fmt_write(p, "null"); break;
    case LIT_BOOL: fmt_write(p, l->boolean ? "true" : "false"); break;
    case LIT_NUMBER: fmt_write(p, l->text); break; /* as written, `_` dropped */
    case LIT_STRING: fmt_string(p, l->text, l->text_len); break;
    case LIT_ARRAY: fmt_writef(p, "[%*l]", &l->items); break;
    case LIT_OBJECT:
        if (l->items.len == 0) {
            fmt_write(p, "{}");
            break;
        }
        fmt_write(p, "{ ");
        for (uint32_t i = 0; i < l->items.len; i++) {
            const LitMember *m = l->items.items[i];
            if (i) fmt_write(p, ", ");
            lit_key(p, m);
            fmt_writef(p, ": %l", m->value);
        }
        fmt_write(p, " }");
        break;
    }
}

/* ---- paths -------------------------------------------------------------- */

void fmt_path(Printer *p, const Path *path)
{
    for (uint32_t i = 0; i < path->segs.len; i++) {
        const PathSeg *s = path->segs.items[i];
        switch (s->kind) {
        case SEG_NAME:
            if (s->quoted) {
                fmt_write(p, "[");
                fmt_string(p, s->name, s->name_len ? s->name_len : strlen(s->name));
                fmt_write(p, "]");
            } else {
                if (i) fmt_write(p, ".");
                fmt_write(p, s->name);
            }
            break;
        case SEG_INDEX: {
            char buf[16];
            const char *digits = s->name;
            if (!digits) {
                snprintf(buf, sizeof buf, "%u", (unsigned)s->index);
                digits = buf;
            }
            if (s->bracketed) {
                fmt_write(p, "[");
                fmt_write(p, digits);
                fmt_write(p, "]");
            } else {
                if (i) fmt_write(p, ".");
                fmt_write(p, digits);
            }
            break;
        }
        case SEG_WILD: fmt_write(p, "[*]"); break;
        case SEG_DEEP: fmt_write(p, "[**]"); break;
        }
    }
}

void fmt_paths(Printer *p, const PtrVec *paths) { fmt_writef(p, "%*p", paths); }

/* ---- types -------------------------------------------------------------- */

void fmt_field_decls(Printer *p, const PtrVec *fields, uint32_t close)
{
    for (uint32_t i = 0; i < fields->len; i++) {
        const FieldDecl *f = fields->items[i];
        fmt_leading(p, f->span.start);
        fmt_name_or_string(p, f->name, strlen(f->name));
        fmt_write(p, f->optional ? "?: " : ": ");
        fmt_type(p, f->type, true);
        uint32_t next = i + 1 < fields->len ? ((const FieldDecl *)fields->items[i + 1])->span.start : close;
        fmt_end_line(p, f->span.end, next);
    }
}

static void object_block(Printer *p, const TypeExpr *t)
{
    uint32_t brace = fmt_find_char(p, t->span.start, t->span.end, '{', t->span.start);
    uint32_t close = fmt_closing_brace(p, t->span.start, t->span.end);
    const FieldDecl *first = t->fields.items[0];
    fmt_write(p, "{");
    fmt_end_line(p, brace + 1, first->span.start);
    fmt_open_block(p, brace);
    fmt_field_decls(p, &t->fields, close);
    fmt_close_block(p, close);
}

/* An object type inside map<>, list<> or a union stays on one line while
 * it is short and holds no comment; otherwise it becomes a block, so a
 * comment stays beside the field it describes.  Both tests depend on the
 * tree and its comments only, never on how the source was laid out. */
enum { INLINE_OBJECT_MAX_FIELDS = 3 };

static bool object_wants_block(const Printer *p, const TypeExpr *t)
{
    return t->fields.len > INLINE_OBJECT_MAX_FIELDS || fmt_comment_in(p, t->span.start, t->span.end);
}

void fmt_type(Printer *p, const TypeExpr *t, bool block)
{
    switch (t->kind) {
    default: fmt_write(p, ast_type_word(t->kind)); break; /* bool, number, string, null, any */
    case TY_LITERAL: fmt_lit(p, t->lit); break;
    case TY_UNION:
        for (uint32_t i = 0; i < t->alts.len; i++) {
            if (i) fmt_write(p, " | ");
            fmt_type(p, t->alts.items[i], false);
        }
        break;
    case TY_OBJECT:
        if (t->fields.len == 0) {
            fmt_write(p, "{}");
            break;
        }
        if (block || object_wants_block(p, t)) {
            object_block(p, t);
            break;
        }
        fmt_write(p, "{ ");
        for (uint32_t i = 0; i < t->fields.len; i++) {
            const FieldDecl *f = t->fields.items[i];
            if (i) fmt_write(p, ", ");
            fmt_name_or_string(p, f->name, strlen(f->name));
            fmt_write(p, f->optional ? "?: " : ": ");
            fmt_type(p, f->type, false);
        }
        fmt_write(p, " }");
        break;
    case TY_MAP:
    case TY_LIST:
        fmt_write(p, t->kind == TY_MAP ? "map<" : "list<");
        fmt_type(p, t->elem, false);
        fmt_write(p, ">");
        break;
    }
}

/* ---- conditions --------------------------------------------------------- */

/* Everything but and/or: those are printed by fmt_cond along their spine. */
static void cond_term(Printer *p, const Cond *c)
{
    if (c->parens) fmt_write(p, "(");
    switch (c->kind) {
    case COND_CMP:
    case COND_LENGTH:
        fmt_writef(p, c->kind == COND_LENGTH ? "length(%p) %s " : "%p %s ", c->path, ast_cmp_op_text(c->op));
        if (c->rhs_path)
            fmt_path(p, c->rhs_path);
        else
            fmt_lit(p, c->lit);
        break;
    case COND_EXISTS: fmt_writef(p, "exists %p", c->path); break;
    case COND_EMPTY: fmt_writef(p, "empty %p", c->path); break;
    case COND_IN: fmt_writef(p, "%p in %l", c->path, c->lit); break;
    case COND_CONTAINS_ANY: fmt_writef(p, "%p contains any %l", c->path, c->lit); break;
    case COND_CONTAINS_ALL: fmt_writef(p, "%p contains all %l", c->path, c->lit); break;
    case COND_TRUTHY: fmt_path(p, c->path); break;
    case COND_BOOL: fmt_lit(p, c->lit); break;
    case COND_NOT: fmt_writef(p, "not %c", c->lhs); break;
    case COND_AND:
    case COND_OR: break;
    }
    if (c->parens) fmt_write(p, ")");
}

/* Only the user's parentheses are printed: the parser records them, and a
 * tree it built never needs others (`and` binds tighter than `or`).  An
 * and/or tree is printed along its left spine (ast_cond_spine): the opening
 * parentheses top-down, the leftmost operand, then each node's operator,
 * right operand and closing parenthesis bottom-up. */
void fmt_cond(Printer *p, const Cond *c)
{
    const Cond **spine;
    uint32_t n = ast_cond_spine(p->arena, c, &spine);
    for (uint32_t i = 0; i < n; i++)
        if (spine[i]->parens) fmt_write(p, "(");
    cond_term(p, n ? spine[n - 1]->lhs : c);
    for (uint32_t i = n; i-- > 0;) {
        fmt_write(p, spine[i]->kind == COND_AND ? " and " : " or ");
        fmt_cond(p, spine[i]->rhs);
        if (spine[i]->parens) fmt_write(p, ")");
    }
}

/* ---- values ------------------------------------------------------------- */

static bool value_multiline(const Value *v);

/* A match goes one arm per line when it has more than two arms, or when
 * an arm's value is itself multi-line. */
static bool match_multiline(const Value *v)
{
    if (v->arms.len > 2) return true;
    for (uint32_t i = 0; i < v->arms.len; i++)
        if (value_multiline(((const MatchArm *)v->arms.items[i])->value)) return true;
    return false;
}

static bool value_multiline(const Value *v)
{
    if (!v) return false;
    if (v->kind == VAL_MATCH) return match_multiline(v);
    if (v->kind == VAL_IF) return value_multiline(v->then_v) || value_multiline(v->else_v);
    return false;
}

static void template_parts(Printer *p, const Value *v)
{
    /* Only when the parser kept no literal: rebuild "text{{path}}text". */
    StrBuf b = {0};
    Arena *a = p->arena;
    for (uint32_t i = 0; i < v->parts.len; i++) {
        const TemplatePart *t = v->parts.items[i];
        if (t->is_path) {
            strbuf_puts(a, &b, "{{");
            strbuf_puts(a, &b, ast_path_text(a, t->path));
            strbuf_puts(a, &b, "}}");
        } else {
            strbuf_putn(a, &b, t->text, t->text_len);
        }
    }
    fmt_string(p, strbuf_cstr(a, &b), b.len);
}

static void match_arm(Printer *p, const MatchArm *arm)
{
    if (arm->label)
        fmt_writef(p, "%l => %v", arm->label, arm->value);
    else
        fmt_writef(p, "_ => %v", arm->value);
}

static void match_value(Printer *p, const Value *v)
{
    fmt_writef(p, "match %p", v->subject);
    if (!match_multiline(v)) {
        fmt_writef(p, v->arms.len ? " { %*A }" : " {}", &v->arms);
        return;
    }
    uint32_t brace = fmt_find_char(p, v->subject->span.end, v->span.end, '{', v->subject->span.end);
    uint32_t close = fmt_closing_brace(p, v->span.start, v->span.end);
    fmt_write(p, " {");
    fmt_end_line(p, brace + 1, ((const MatchArm *)v->arms.items[0])->span.start);
    fmt_open_block(p, brace);
    for (uint32_t i = 0; i < v->arms.len; i++) {
        const MatchArm *arm = v->arms.items[i];
        fmt_leading(p, arm->span.start);
        match_arm(p, arm);
        fmt_write(p, ",");
        uint32_t next = i + 1 < v->arms.len ? ((const MatchArm *)v->arms.items[i + 1])->span.start : close;
        fmt_end_line(p, arm->span.end, next);
    }
    fmt_close_block(p, close);
}

void fmt_value(Printer *p, const Value *v)
{
    switch (v->kind) {
    case VAL_LIT: fmt_lit(p, v->lit); break;
    case VAL_TEMPLATE:
        if (v->lit)
            fmt_lit(p, v->lit);
        else
            template_parts(p, v);
        break;
    case VAL_IF:
        fmt_writef(p, "if %c then %v", v->cond, v->then_v);
        if (v->else_v) fmt_writef(p, " else %v", v->else_v);
        break;
    case VAL_MATCH: match_value(p, v); break;
    }
}

/* ---- calls -------------------------------------------------------------- */

void fmt_validator_call(Printer *p, const ValidatorCall *v)
{
    fmt_write(p, v->name);
    if (v->has_args) {
        fmt_writef(p, "(%*l", &v->args);
        if (v->path_arg) fmt_path(p, v->path_arg);
        fmt_write(p, ")");
    }
    if (v->message) fmt_writef(p, " %q", v->message);
}

void fmt_external(Printer *p, const ExternalCall *e)
{
    fmt_write(p, e->fn);
    if (e->has_parens) fmt_writef(p, "(%*p)", &e->paths);
}
