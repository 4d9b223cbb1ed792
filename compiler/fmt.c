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
        if (c->custom) fmt_write(p, "concern ");
        fmt_write(p, c->name);
        if (c->kind == CONCERN_WHEN) {
            fmt_write(p, " when ");
            fmt_cond(p, c->cond);
        } else if (c->kind == CONCERN_VALUE) {
            fmt_write(p, " = ");
            fmt_value(p, c->value);
        } else {
            fmt_write(p, " = external ");
            fmt_external(p, c->external);
        }
        break;
    case CONCERN_VALIDATE:
        fmt_write(p, "validate ");
        for (uint32_t i = 0; i < c->validators.len; i++) {
            if (i) fmt_write(p, ", ");
            fmt_validator_call(p, c->validators.items[i]);
        }
        break;
    case CONCERN_VALIDATE_EXTERNAL:
        fmt_write(p, "validate external ");
        fmt_external(p, c->external);
        break;
    }
    fmt_end_line(p, c->span.end, limit);
}

static void test_step(Printer *p, const TestStep *s, uint32_t limit)
{
    fmt_leading(p, s->span.start);
    switch (s->kind) {
    case STEP_GIVEN:
        fmt_write(p, "given ");
        fmt_lit(p, s->lit);
        break;
    case STEP_SET:
        fmt_write(p, "set ");
        fmt_path(p, s->path);
        fmt_write(p, " = ");
        fmt_lit(p, s->lit);
        break;
    case STEP_EXPECT:
        fmt_write(p, "expect ");
        fmt_path(p, s->path);
        if (s->concern) {
            fmt_write(p, ":");
            fmt_write(p, s->concern);
        }
        fmt_write(p, " ");
        fmt_write(p, ast_cmp_op_text(s->op));
        fmt_write(p, " ");
        fmt_lit(p, s->lit);
        break;
    case STEP_EXPECT_CHANGES:
        fmt_write(p, s->negated ? "expect changes not contain " : "expect changes contain ");
        fmt_path(p, s->path);
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
            if (s->exclude && s->exclude_after_parens) {
                fmt_write(p, " exclude when ");
                fmt_cond(p, s->exclude);
            }
            continue;
        }
        if (!first) fmt_write(p, ", ");
        first = false;
        fmt_path(p, s->path);
        if (s->exclude && !s->exclude_after_parens) {
            fmt_write(p, " exclude when ");
            fmt_cond(p, s->exclude);
        }
    }
}

static void field_item(Printer *p, const Item *it, uint32_t limit)
{
    uint32_t close;
    fmt_write(p, "field ");
    fmt_path(p, it->field);
    uint32_t n = it->concerns.len;
    uint32_t first = n ? ((const Concern *)it->concerns.items[0])->span.start : 0;
    if (!block_open(p, it, it->field->span.end, n, first, limit, &close)) return;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t next = i + 1 < n ? ((const Concern *)it->concerns.items[i + 1])->span.start : close;
        concern(p, it->concerns.items[i], next);
    }
    block_close(p, it, close, limit);
}

static void group_item(Printer *p, const Item *it, uint32_t limit)
{
    uint32_t close;
    fmt_write(p, "group ");
    fmt_write(p, it->name);
    if (it->off) fmt_write(p, " off");
    uint32_t from = it->name_span.end;
    if (it->when) {
        fmt_write(p, " when ");
        fmt_cond(p, it->when);
        from = it->when->span.end;
    }
    uint32_t n = it->items.len;
    uint32_t first = n ? ((const Item *)it->items.items[0])->span.start : 0;
    if (!block_open(p, it, from, n, first, limit, &close)) return;
    for (uint32_t i = 0; i < n; i++) {
        const Item *sub = it->items.items[i];
        uint32_t next = i + 1 < n ? ((const Item *)it->items.items[i + 1])->span.start : close;
        fmt_leading(p, sub->span.start);
        item(p, sub, next);
    }
    block_close(p, it, close, limit);
}

static void test_item(Printer *p, const Item *it, uint32_t limit)
{
    uint32_t close;
    fmt_write(p, "test ");
    fmt_string(p, it->name, strlen(it->name));
    uint32_t n = it->steps.len;
    uint32_t first = n ? ((const TestStep *)it->steps.items[0])->span.start : 0;
    if (!block_open(p, it, it->name_span.end, n, first, limit, &close)) return;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t next = i + 1 < n ? ((const TestStep *)it->steps.items[i + 1])->span.start : close;
        test_step(p, it->steps.items[i], next);
    }
    block_close(p, it, close, limit);
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
    case ITEM_IMPORT:
        fmt_write(p, "import ");
        fmt_string(p, it->import_path, strlen(it->import_path));
        break;
    case ITEM_SYNC:
    case ITEM_FLIP:
        fmt_write(p, it->kind == ITEM_SYNC ? "sync " : "flip ");
        for (uint32_t i = 0; i < it->paths.len; i++) {
            if (i) fmt_write(p, it->arrows && it->arrows[i - 1] == ARROW_ONEWAY ? " -> " : " <-> ");
            fmt_path(p, it->paths.items[i]);
        }
        break;
    case ITEM_AGGREGATE:
        fmt_write(p, "aggregate ");
        fmt_path(p, it->target);
        fmt_write(p, " <- ");
        sources(p, &it->sources, false);
        break;
    case ITEM_COMPUTE:
        fmt_write(p, "compute ");
        fmt_path(p, it->target);
        fmt_write(p, " = ");
        fmt_write(p, ast_compute_op_name(it->op));
        fmt_write(p, "(");
        sources(p, &it->sources, false);
        fmt_write(p, ")");
        sources(p, &it->sources, true);
        break;
    case ITEM_CLEAR:
        fmt_write(p, "clear ");
        fmt_paths(p, &it->paths);
        fmt_write(p, " when ");
        fmt_paths(p, &it->triggers);
        fmt_write(p, " changes");
        break;
    case ITEM_VALIDATOR:
        fmt_write(p, "validator ");
        fmt_write(p, it->name);
        fmt_write(p, " = ");
        fmt_validator_call(p, it->validator);
        break;
    case ITEM_LISTEN:
        fmt_write(p, "listen");
        if (it->paths.len) {
            fmt_write(p, " ");
            fmt_paths(p, &it->paths);
        }
        if (it->scope_kind == SCOPE_ROOT) {
            fmt_write(p, " scope root");
        } else if (it->scope_kind == SCOPE_PATH) {
            fmt_write(p, " scope ");
            fmt_path(p, it->scope);
        }
        fmt_write(p, " call ");
        fmt_write(p, it->name);
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
