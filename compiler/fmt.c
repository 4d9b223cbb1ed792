/* fmt.c — `wpc fmt`: statements and blocks in canonical layout.
 *
 * Pipeline position: after parse_module(), instead of sema.  The module is
 * walked in source order; each statement, block entry and closing brace is
 * one step of the printer (fmt_print.c), which places comments and blank
 * lines around it.  Inline pieces come from fmt_expr.c.  The layout itself
 * is documented in docs/fmt.md. */
#include "fmt.h"

#include <string.h>

#include "fmt_print.h"
#include "parse.h"

static void item(Printer *p, const Item *it, uint32_t limit);

/* ---- blocks -------------------------------------------------------------- */

/* Writes the ` {` of a block whose `{` follows source offset `from`, and
 * ends the header line.  A block with no entries and no comment inside is
 * printed `{ }` and finishes the statement's line: returns false then.
 * Otherwise returns true with *close set to the `}` offset, one level in. */
static bool block_open(Printer *p, const Item *it, uint32_t from, uint32_t nentries, uint32_t first_start,
                       uint32_t limit, uint32_t *close)
{
    uint32_t brace = fmt_find_char(p, from, it->span.end, '{', from);
    *close = fmt_closing_brace(p, it->span.start, it->span.end);
    if (nentries == 0 && !fmt_comment_in(p, brace, *close)) {
        fmt_write(p, " { }");
        fmt_end_line(p, it->span.end, limit);
        return false;
    }
    fmt_write(p, " {");
    fmt_end_line(p, brace + 1, nentries ? first_start : *close);
    fmt_open_block(p, brace);
    return true;
}

static void block_close(Printer *p, const Item *it, uint32_t close, uint32_t limit)
{
    fmt_close_block(p, close);
    fmt_end_line(p, it->span.end, limit);
}

/* ---- entries of field blocks and test blocks ------------------------------ */

static void concern(Printer *p, const Concern *c, uint32_t limit)
{
    fmt_leading(p, c->span.start);
    switch (c->kind) {
    case CONCERN_WHEN:
    case CONCERN_VALUE:
    case CONCERN_EXTERNAL:
        fmt_writef(p, "%s%s", c->custom ? "concern " : "", c->name);
        if (c->kind == CONCERN_WHEN)
            fmt_writef(p, " when %c", c->cond);
        else if (c->kind == CONCERN_VALUE)
            fmt_writef(p, " = %v", c->value);
        else
            fmt_writef(p, " = external %e", c->external);
        break;
    case CONCERN_VALIDATE: fmt_writef(p, "validate %*V", &c->validators); break;
    case CONCERN_VALIDATE_EXTERNAL: fmt_writef(p, "validate external %e", c->external); break;
    }
    fmt_end_line(p, c->span.end, limit);
}

static void test_step(Printer *p, const TestStep *s, uint32_t limit)
{
    fmt_leading(p, s->span.start);
    switch (s->kind) {
    case STEP_GIVEN: fmt_writef(p, "given %l", s->lit); break;
    case STEP_SET: fmt_writef(p, "set %p = %l", s->path, s->lit); break;
    case STEP_EXPECT:
        fmt_writef(p, "expect %p", s->path);
        if (s->concern) fmt_writef(p, ":%s", s->concern);
        fmt_writef(p, " %s %l", ast_cmp_op_text(s->op), s->lit);
        break;
    case STEP_EXPECT_CHANGES:
        fmt_writef(p, s->negated ? "expect changes not contain %p" : "expect changes contain %p", s->path);
        break;
    case STEP_THEN: fmt_write(p, "then"); break;
    }
    fmt_end_line(p, s->span.end, limit);
}

/* ---- statements ------------------------------------------------------------ */

static void sources(Printer *p, const PtrVec *srcs, bool after_parens)
{
    bool first = true;
    for (uint32_t i = 0; i < srcs->len; i++) {
        const Source *s = srcs->items[i];
        if (after_parens) {
            if (s->exclude && s->exclude_after_parens) fmt_writef(p, " exclude when %c", s->exclude);
            continue;
        }
        if (!first) fmt_write(p, ", ");
        first = false;
        fmt_path(p, s->path);
        if (s->exclude && !s->exclude_after_parens) fmt_writef(p, " exclude when %c", s->exclude);
    }
}

/* The entries of a field block (concerns), a group (statements) and a test
 * (steps): where one starts, and how it prints up to `limit`. */
typedef enum EntryKind { ENTRY_CONCERN, ENTRY_ITEM, ENTRY_STEP } EntryKind;

static uint32_t entry_start(EntryKind kind, const void *e)
{
    switch (kind) {
    case ENTRY_CONCERN: return ((const Concern *)e)->span.start;
    case ENTRY_ITEM: return ((const Item *)e)->span.start;
    case ENTRY_STEP: return ((const TestStep *)e)->span.start;
    }
    return 0;
}

static void entry(Printer *p, EntryKind kind, const void *e, uint32_t limit)
{
    switch (kind) {
    case ENTRY_CONCERN: concern(p, e, limit); break;
    case ENTRY_ITEM:
        fmt_leading(p, entry_start(kind, e));
        item(p, e, limit);
        break;
    case ENTRY_STEP: test_step(p, e, limit); break;
    }
}

/* The block of `it` whose `{` follows `from`: its entries, each up to where
 * the next one (or the `}`) starts. */
static void block(Printer *p, const Item *it, uint32_t from, EntryKind kind, const PtrVec *entries, uint32_t limit)
{
    uint32_t close, n = entries->len;
    if (!block_open(p, it, from, n, n ? entry_start(kind, entries->items[0]) : 0, limit, &close)) return;
    for (uint32_t i = 0; i < n; i++)
        entry(p, kind, entries->items[i], i + 1 < n ? entry_start(kind, entries->items[i + 1]) : close);
    block_close(p, it, close, limit);
}

static void field_item(Printer *p, const Item *it, uint32_t limit)
{
    fmt_writef(p, "field %p", it->field);
    block(p, it, it->field->span.end, ENTRY_CONCERN, &it->concerns, limit);
}

static void group_item(Printer *p, const Item *it, uint32_t limit)
{
    fmt_writef(p, "group %s%s", it->name, it->off ? " off" : "");
    if (it->when) fmt_writef(p, " when %c", it->when);
    block(p, it, it->when ? it->when->span.end : it->name_span.end, ENTRY_ITEM, &it->items, limit);
}

static void test_item(Printer *p, const Item *it, uint32_t limit)
{
    fmt_writef(p, "test %q", it->name);
    block(p, it, it->name_span.end, ENTRY_STEP, &it->steps, limit);
}

static void state_item(Printer *p, const Item *it, uint32_t limit)
{
    uint32_t close;
    fmt_write(p, "state");
    uint32_t n = it->state_fields.len;
    uint32_t first = n ? ((const FieldDecl *)it->state_fields.items[0])->span.start : 0;
    if (!block_open(p, it, it->keyword_span.end, n, first, limit, &close)) return;
    fmt_field_decls(p, &it->state_fields, close);
    block_close(p, it, close, limit);
}

/* One statement, from its keyword to the end of its last line; the caller
 * has printed the comments before it.  `limit` is where the next statement
 * (or the enclosing `}`) starts: trailing comments stop there. */
static void item(Printer *p, const Item *it, uint32_t limit)
{
    switch (it->kind) {
    case ITEM_STATE: state_item(p, it, limit); return;
    case ITEM_FIELD: field_item(p, it, limit); return;
    case ITEM_GROUP: group_item(p, it, limit); return;
    case ITEM_TEST: test_item(p, it, limit); return;
    case ITEM_IMPORT: fmt_writef(p, "import %q", it->import_path); break;
    case ITEM_SYNC:
    case ITEM_FLIP:
        fmt_write(p, it->kind == ITEM_SYNC ? "sync " : "flip ");
        for (uint32_t i = 0; i < it->paths.len; i++) {
            if (i) fmt_write(p, it->arrows && it->arrows[i - 1] == ARROW_ONEWAY ? " -> " : " <-> ");
            fmt_path(p, it->paths.items[i]);
        }
        break;
    case ITEM_AGGREGATE:
        fmt_writef(p, "aggregate %p <- ", it->target);
        sources(p, &it->sources, false);
        break;
    case ITEM_COMPUTE:
        fmt_writef(p, "compute %p = %s(", it->target, ast_compute_op_name(it->op));
        sources(p, &it->sources, false);
        fmt_write(p, ")");
        sources(p, &it->sources, true);
        break;
    case ITEM_CLEAR: fmt_writef(p, "clear %*p when %*p changes", &it->paths, &it->triggers); break;
    case ITEM_VALIDATOR: fmt_writef(p, "validator %s = %V", it->name, it->validator); break;
    case ITEM_LISTEN:
        fmt_writef(p, it->paths.len ? "listen %*p" : "listen", &it->paths);
        if (it->scope_kind == SCOPE_ROOT)
            fmt_write(p, " scope root");
        else if (it->scope_kind == SCOPE_PATH)
            fmt_writef(p, " scope %p", it->scope);
        fmt_writef(p, " call %s", it->name);
        break;
    }
    fmt_end_line(p, it->span.end, limit);
}

const char *fmt_module(Arena *arena, const SourceMap *sources_, const Module *m)
{
    const SourceFile *f = source_file(sources_, m->file);
    Printer p = {
        .arena = arena,
        .src = f->text,
        .src_len = f->len,
        .comments = &m->comments,
        .block_start = true,
    };
    for (uint32_t i = 0; i < m->items.len; i++) {
        const Item *it = m->items.items[i];
        uint32_t next = i + 1 < m->items.len ? ((const Item *)m->items.items[i + 1])->span.start : f->len;
        fmt_leading(&p, it->span.start);
        item(&p, it, next);
    }
    fmt_comments_before(&p, UINT32_MAX); /* comments after the last statement */
    return fmt_align_comments(arena, strbuf_cstr(arena, &p.out));
}

FmtStatus fmt_file_text(Compilation *c, const char *name, const char *text, size_t len, const char **out)
{
    uint32_t errors_before = c->diags.nerrors;
    uint32_t file = source_add(&c->sources, name, NULL, text, len);
    Module *m = parse_module(&c->arena, &c->sources, file, &c->diags);
    if (!m || m->had_errors || c->diags.nerrors > errors_before) return FMT_PARSE_ERRORS;
    *out = fmt_module(&c->arena, &c->sources, m);
    return FMT_OK;
}
