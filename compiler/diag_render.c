/* diag_render.c — text, JSON and SARIF renderings of a DiagList, and the
 * explanations page generated from diag_codes.def (see diag_render.h). */
#include "diag_render.h"

#include <stdio.h>
#include <string.h>

#include "json.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_YELLOW "\033[1;33m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_BLUE "\033[1;34m"

const char *diag_level_name(DiagLevel level)
{
    switch (level) {
    case LEVEL_ERROR: return "error";
    case LEVEL_WARNING: return "warning";
    case LEVEL_NOTE: return "note";
    }
    return "error";
}

static const char *level_color(DiagLevel level)
{
    return level == LEVEL_ERROR ? C_RED : level == LEVEL_WARNING ? C_YELLOW : C_CYAN;
}

static const char *file_name(const DiagList *dl, uint32_t file)
{
    SourceFile *f = source_file(dl->sources, file);
    return f ? f->name : "<unknown>";
}

/* ---- text ---------------------------------------------------------------- */

/* A line longer than SNIPPET_MAX code points is shown as a window of
 * SNIPPET_WIDTH around the start of the span (SNIPPET_BEFORE of them before
 * it), "..." marking the cuts — as clang does — so that each diagnostic on a
 * generated one-line file costs the same few hundred bytes. */
enum { SNIPPET_MAX = 120, SNIPPET_WIDTH = 100, SNIPPET_BEFORE = 40 };

static bool is_lead(char c) { return ((unsigned char)c & 0xC0) != 0x80; }

/* Steps back k code points from line[at] (not before 0). */
static uint32_t back_cps(const char *line, uint32_t at, uint32_t k)
{
    while (k && at > 0) {
        at--;
        while (at > 0 && !is_lead(line[at])) at--;
        k--;
    }
    return at;
}

/* Steps forward k code points from line[at] (not past len). */
static uint32_t fwd_cps(const char *line, uint32_t at, uint32_t len, uint32_t k)
{
    while (k && at < len) {
        at++;
        while (at < len && !is_lead(line[at])) at++;
        k--;
    }
    return at;
}

/* Prints the source line of `span` with a gutter and a caret under its
 * first character, tildes under the rest (to the end of the line when the
 * span goes on).  Tabs in the source are copied into the marker line so the
 * caret stays aligned in any terminal. */
static void render_snippet(Arena *a, StrBuf *out, const DiagList *dl, Span span, bool color)
{
    LineCol lc = source_line_col(dl->sources, span.file, span.start);
    uint32_t len;
    const char *line = source_line_text(dl->sources, span.file, lc.line, &len);
    SourceFile *f = source_file(dl->sources, span.file);
    uint32_t line_start = (uint32_t)(line - f->text);
    uint32_t start = span.start - line_start;
    uint32_t end = span.end > span.start ? span.end - line_start : start + 1;
    if (end > len) end = len > start ? len : start + 1;
    /* the window [from, to) of the line */
    uint32_t from = 0, to = len;
    if (fwd_cps(line, 0, len, SNIPPET_MAX) < len) {
        from = back_cps(line, start < len ? start : len, SNIPPET_BEFORE);
        to = fwd_cps(line, from, len, SNIPPET_WIDTH);
        if (to == len) from = back_cps(line, len, SNIPPET_WIDTH);
        if (end > to) end = to > start ? to : start + 1;
    }
    const char *cut_l = from > 0 ? "..." : "", *cut_r = to < len ? "..." : "";
    char num[16];
    int w = snprintf(num, sizeof num, "%u", lc.line);
    strbuf_printf(a, out, " %s%s |%s %s%.*s%s\n", color ? C_BLUE : "", num, color ? C_RESET : "", cut_l,
                  (int)(to - from), line + from, cut_r);
    strbuf_printf(a, out, " %*s %s|%s %s", w, "", color ? C_BLUE : "", color ? C_RESET : "", from > 0 ? "   " : "");
    for (uint32_t i = from; i < start && i < len; i++) {
        if (line[i] == '\t')
            strbuf_putc(a, out, '\t');
        else if (is_lead(line[i]))
            strbuf_putc(a, out, ' ');
    }
    if (color) strbuf_puts(a, out, C_GREEN);
    strbuf_putc(a, out, '^');
    for (uint32_t i = start + 1; i < end; i++)
        if (i >= len || is_lead(line[i])) strbuf_putc(a, out, '~');
    if (color) strbuf_puts(a, out, C_RESET);
    strbuf_putc(a, out, '\n');
}

static void render_location(Arena *a, StrBuf *out, const DiagList *dl, Span span, bool color)
{
    LineCol lc = source_line_col(dl->sources, span.file, span.start);
    strbuf_printf(a, out, "%s%s:%u:%u:%s ", color ? C_BOLD : "", file_name(dl, span.file), lc.line, lc.col,
                  color ? C_RESET : "");
}

/* One diagnostic: its header, the snippet, the help line, the notes; and,
 * with `explain`, a last note naming `wpc explain CODE`. */
static const char *render_one(Arena *a, const DiagList *dl, const Diag *d, bool color, bool explain)
{
    StrBuf out = {0};
    const DiagInfo *info = diag_info(d->code);
    if (d->has_span)
        render_location(a, &out, dl, d->span, color);
    else
        strbuf_puts(a, &out, "wpc: ");
    strbuf_printf(a, &out, "%s%s[%s]%s%s: %s%s\n", color ? level_color(d->level) : "", diag_level_name(d->level),
                  info->code, color ? C_RESET : "", color ? C_BOLD : "", d->message, color ? C_RESET : "");
    if (d->has_span) render_snippet(a, &out, dl, d->span, color);
    if (d->help) strbuf_printf(a, &out, "  = %shelp:%s %s\n", color ? C_CYAN : "", color ? C_RESET : "", d->help);
    for (uint32_t i = 0; i < d->notes.len; i++) {
        const DiagNote *n = d->notes.items[i];
        if (n->has_span) {
            render_location(a, &out, dl, n->span, color);
            strbuf_printf(a, &out, "%snote:%s %s\n", color ? C_CYAN : "", color ? C_RESET : "", n->message);
            render_snippet(a, &out, dl, n->span, color);
        } else {
            strbuf_printf(a, &out, "  = %snote:%s %s\n", color ? C_CYAN : "", color ? C_RESET : "", n->message);
        }
    }
    if (explain)
        strbuf_printf(a, &out, "  = %snote:%s `wpc explain %s` explains this error and how to fix it\n",
                      color ? C_CYAN : "", color ? C_RESET : "", info->code);
    return strbuf_cstr(a, &out);
}

const char *diag_render_one(Arena *a, const DiagList *dl, const Diag *d, bool color)
{
    return render_one(a, dl, d, color, false);
}

static const char *plural(uint32_t n, const char *word, Arena *a)
{
    return arena_printf(a, "%u %s%s", n, word, n == 1 ? "" : "s");
}

static void write_str(RenderWrite write, void *ctx, const char *s) { write(ctx, s, strlen(s)); }

/* One diagnostic at a time, each rendered in a scratch arena that is freed
 * once written: the report is never held whole. */
static void render_text(const DiagList *dl, const RenderOptions *o, RenderWrite write, void *ctx)
{
    uint32_t n = dl->items.len;
    uint32_t shown = o->max_diagnostics && o->max_diagnostics < n ? o->max_diagnostics : n;
    bool explained = false; /* the first error shown names `wpc explain`, once */
    for (uint32_t i = 0; i < shown; i++) {
        Arena scratch;
        arena_init(&scratch);
        if (i) write_str(write, ctx, "\n");
        const Diag *d = dl->items.items[i];
        bool explain = !explained && d->level == LEVEL_ERROR;
        explained |= explain;
        write_str(write, ctx, render_one(&scratch, dl, d, o->color, explain));
        arena_free(&scratch);
    }
    if (!n) return;
    Arena a;
    arena_init(&a);
    StrBuf out = {0};
    strbuf_putc(&a, &out, '\n');
    if (shown < n)
        strbuf_printf(&a, &out, "wpc: %s not shown (--max-diagnostics=%u; 0 shows all)\n",
                      plural(n - shown, "more diagnostic", &a), o->max_diagnostics);
    if (dl->nerrors && dl->nwarnings)
        strbuf_printf(&a, &out, "%s, %s\n", plural(dl->nerrors, "error", &a), plural(dl->nwarnings, "warning", &a));
    else if (dl->nerrors)
        strbuf_printf(&a, &out, "%s\n", plural(dl->nerrors, "error", &a));
    else if (dl->nwarnings)
        strbuf_printf(&a, &out, "%s\n", plural(dl->nwarnings, "warning", &a));
    write(ctx, strbuf_cstr(&a, &out), out.len);
    arena_free(&a);
}

/* ---- JSON ------------------------------------------------------------------
 * Both documents are streamed (json_stream): the frame is built with an
 * empty list, and each diagnostic becomes its own small tree, printed and
 * freed before the next. */

/* The diagnostics to stream, each made a tree by the format's `one`. */
typedef struct Items {
    const DiagList *dl;
    uint32_t next;
    Json *(*one)(const DiagList *dl, const Diag *d);
} Items;

/* json_stream's source: the next diagnostic's tree, NULL after the last. */
static Json *next_item(void *ctx)
{
    Items *it = ctx;
    return it->next < it->dl->items.len ? it->one(it->dl, it->dl->items.items[it->next++]) : NULL;
}

static void json_location(Json *o, const DiagList *dl, Span span)
{
    LineCol s = source_line_col(dl->sources, span.file, span.start);
    LineCol e = source_line_col(dl->sources, span.file, span.end);
    json_set_string(o, "file", file_name(dl, span.file));
    json_set_number(o, "line", s.line);
    json_set_number(o, "column", s.col);
    json_set_number(o, "end_line", e.line);
    json_set_number(o, "end_column", e.col);
}

static Json *diag_json(const DiagList *dl, const Diag *d)
{
    Json *o = json_object();
    json_set_string(o, "code", diag_info(d->code)->code);
    json_set_string(o, "level", diag_level_name(d->level));
    json_set_string(o, "category", diag_info(d->code)->category);
    json_set_string(o, "message", d->message);
    if (d->has_span) json_location(o, dl, d->span);
    if (d->help) json_set_string(o, "help", d->help);
    if (d->has_fix) {
        Json *fix = json_set(o, "fix", json_object());
        json_location(fix, dl, d->fix_span);
        json_set_string(fix, "replacement", d->fix_text);
    }
    Json *notes = json_set(o, "notes", json_array());
    for (uint32_t k = 0; k < d->notes.len; k++) {
        const DiagNote *n = d->notes.items[k];
        Json *no = json_push(notes, json_object());
        json_set_string(no, "message", n->message);
        if (n->has_span) json_location(no, dl, n->span);
    }
    return o;
}

static void render_json(const DiagList *dl, const char *version, RenderWrite write, void *ctx)
{
    Json *root = json_object();
    json_set_string(root, "tool", "wpc");
    json_set_string(root, "version", version);
    json_set(root, "diagnostics", json_array());
    json_set_number(root, "errors", dl->nerrors);
    json_set_number(root, "warnings", dl->nwarnings);
    Items it = {dl, 0, diag_json};
    json_stream(root, "diagnostics", next_item, &it, write, ctx);
    json_free(root);
    write(ctx, "\n", 1);
}

/* ---- SARIF 2.1.0 -------------------------------------------------------------
 * The subset GitHub code scanning reads: one run, the driver's rules (every
 * code wpc knows, so ruleIndex is stable), results with a physical location
 * relative to the repository root, related locations for notes. */

static const char *sarif_level(DiagLevel level)
{
    return level == LEVEL_ERROR ? "error" : level == LEVEL_WARNING ? "warning" : "note";
}

/* The region of `span`, exactly: an empty span is an empty region (where a
 * fix inserts its text). */
static Json *sarif_region(const DiagList *dl, Span span)
{
    Json *region = json_object();
    LineCol s = source_line_col(dl->sources, span.file, span.start);
    LineCol e = source_line_col(dl->sources, span.file, span.end);
    json_set_number(region, "startLine", s.line);
    json_set_number(region, "startColumn", s.col);
    json_set_number(region, "endLine", e.line);
    json_set_number(region, "endColumn", e.col);
    return region;
}

/* A location covers at least one character, so that viewers can mark it. */
static Json *sarif_physical(const DiagList *dl, Span span)
{
    Json *phys = json_object();
    Json *art = json_set(phys, "artifactLocation", json_object());
    json_set_string(art, "uri", file_name(dl, span.file));
    json_set_string(art, "uriBaseId", "%SRCROOT%");
    if (span.end <= span.start) span.end = span.start + 1;
    json_set(phys, "region", sarif_region(dl, span));
    return phys;
}

static Json *sarif_result(const DiagList *dl, const Diag *d)
{
    Json *r = json_object();
    json_set_string(r, "ruleId", diag_info(d->code)->code);
    json_set_number(r, "ruleIndex", (double)d->code);
    json_set_string(r, "level", sarif_level(d->level));
    json_set_string(json_set(r, "message", json_object()), "text", d->message);
    if (d->has_span) {
        Json *locs = json_set(r, "locations", json_array());
        json_set(json_push(locs, json_object()), "physicalLocation", sarif_physical(dl, d->span));
    }
    Json *related = NULL;
    for (uint32_t k = 0; k < d->notes.len; k++) {
        const DiagNote *n = d->notes.items[k];
        if (!n->has_span) continue;
        if (!related) related = json_set(r, "relatedLocations", json_array());
        Json *rl = json_push(related, json_object());
        json_set_number(rl, "id", k);
        json_set(rl, "physicalLocation", sarif_physical(dl, n->span));
        json_set_string(json_set(rl, "message", json_object()), "text", n->message);
    }
    /* The help as one more related location (at the diagnostic's own span,
     * where viewers show it), and its replacement as a fix. */
    if (d->help && d->has_span) {
        if (!related) related = json_set(r, "relatedLocations", json_array());
        Json *rl = json_push(related, json_object());
        json_set_number(rl, "id", d->notes.len);
        json_set(rl, "physicalLocation", sarif_physical(dl, d->span));
        json_set_string(json_set(rl, "message", json_object()), "text", d->help);
    } else if (d->help) {
        json_set_string(json_set(r, "properties", json_object()), "help", d->help);
    }
    if (d->has_fix) {
        Json *fix = json_push(json_set(r, "fixes", json_array()), json_object());
        json_set_string(json_set(fix, "description", json_object()), "text", d->help);
        Json *change = json_push(json_set(fix, "artifactChanges", json_array()), json_object());
        Json *art = json_set(change, "artifactLocation", json_object());
        json_set_string(art, "uri", file_name(dl, d->fix_span.file));
        json_set_string(art, "uriBaseId", "%SRCROOT%");
        Json *rep = json_push(json_set(change, "replacements", json_array()), json_object());
        json_set(rep, "deletedRegion", sarif_region(dl, d->fix_span));
        json_set_string(json_set(rep, "insertedContent", json_object()), "text", d->fix_text);
    }
    return r;
}

static void render_sarif(const DiagList *dl, const char *version, RenderWrite write, void *ctx)
{
    Arena a;
    arena_init(&a);
    Json *root = json_object();
    json_set_string(root, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    json_set_string(root, "version", "2.1.0");
    Json *run = json_push(json_set(root, "runs", json_array()), json_object());
    Json *driver = json_set(json_set(run, "tool", json_object()), "driver", json_object());
    json_set_string(driver, "name", "wpc");
    json_set_string(driver, "version", version);
    json_set_string(driver, "semanticVersion", version);
    Json *rules = json_set(driver, "rules", json_array());
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        const DiagInfo *info = diag_info((DiagCode)c);
        Json *r = json_push(rules, json_object());
        json_set_string(r, "id", info->code);
        json_set_string(r, "name", info->title);
        json_set_string(json_set(r, "shortDescription", json_object()), "text", info->title);
        json_set_string(json_set(r, "fullDescription", json_object()), "text", info->explain);
        Json *help = json_set(r, "help", json_object());
        json_set_string(help, "text", arena_printf(&a, "%s Fix: %s", info->explain, info->fix));
        json_set_string(json_set(r, "defaultConfiguration", json_object()), "level", sarif_level(info->level));
        Json *props = json_set(r, "properties", json_object());
        json_set_string(props, "category", info->category);
    }
    json_set_string(run, "columnKind", "unicodeCodePoints");
    json_set(run, "results", json_array());
    Items it = {dl, 0, sarif_result};
    json_stream(root, "results", next_item, &it, write, ctx);
    json_free(root);
    arena_free(&a);
    write(ctx, "\n", 1);
}

void diag_render_to(const DiagList *dl, const RenderOptions *opts, RenderWrite write, void *ctx)
{
    const char *version = opts->tool_version ? opts->tool_version : "0";
    switch (opts->format) {
    case FORMAT_JSON: render_json(dl, version, write, ctx); return;
    case FORMAT_SARIF: render_sarif(dl, version, write, ctx); return;
    case FORMAT_TEXT: break;
    }
    render_text(dl, opts, write, ctx);
}

typedef struct BufSink {
    Arena *a;
    StrBuf b;
} BufSink;

static void buf_write(void *ctx, const char *s, size_t n)
{
    BufSink *k = ctx;
    strbuf_putn(k->a, &k->b, s, n);
}

const char *diag_render(Arena *a, const DiagList *dl, const RenderOptions *opts)
{
    BufSink k = {a, {0}};
    diag_render_to(dl, opts, buf_write, &k);
    return strbuf_cstr(a, &k.b);
}

/* ---- explanations ------------------------------------------------------------ */

const char *diag_explain_text(Arena *a, DiagCode code)
{
    const DiagInfo *info = diag_info(code);
    return arena_printf(a, "%s (%s, %s): %s\n\n%s\n\nExample:\n\n%s\n\nFix: %s\n", info->code,
                        diag_level_name(info->level), info->category, info->title, info->explain, info->example,
                        info->fix);
}

static void indent_block(Arena *a, StrBuf *out, const char *text)
{
    strbuf_puts(a, out, "```\n");
    strbuf_puts(a, out, text);
    strbuf_puts(a, out, "\n```\n");
}

const char *diag_explain_markdown(Arena *a)
{
    StrBuf out = {0};
    strbuf_puts(a, &out,
                "# Diagnostics\n\n"
                "<!-- Generated by `make docs` (wpc explain --all --markdown) from "
                "compiler/diag_codes.def. Do not edit. -->\n\n"
                "Every message wpc prints has a stable code. `wpc explain CODE` prints "
                "the entry below in the terminal. Errors stop `wpc build`; warnings "
                "(lints, WP10xx) fail `wpc lint` only with `--fail-level=warning`, and "
                "can be silenced on one line with a comment\n"
                "`// wpc-allow WP1003: the reason`.\n\n"
                "## How a diagnostic reads\n\n"
                "```\n"
                "checkout.wp:5:11: error[WP0401]: 'user' has no field 'mail'\n"
                " 5 | sync user.mail <-> user.email\n"
                "   |           ^~~~\n"
                "  = help: did you mean `user.email`?\n"
                "  = note: `wpc explain WP0401` explains this error and how to fix it\n"
                "```\n\n"
                "- The first line gives the place (file:line:column, columns counted in "
                "characters), the level, the code and what is wrong; the caret and tildes mark "
                "the text it is about.\n"
                "- `= help:` says how to fix it, when wpc can tell: the name you probably "
                "meant (`did you mean ...`), the operator or keyword to write instead, an "
                "example declaration for the `state` block, the number without quotes. When "
                "the help names a replacement for a piece of the file, the text between "
                "backticks is that replacement.\n"
                "- Notes point at the other places involved (the first declaration, each "
                "rule of a cycle).\n"
                "- The first error of a run ends with a note naming `wpc explain CODE`, "
                "which prints its entry from this page; later errors do not repeat it.\n\n"
                "With `--format=json`, a diagnostic has `help` (the same line) and, when "
                "there is a replacement, `fix`: `{file, line, column, end_line, end_column, "
                "replacement}` — the range to replace (empty to insert) and the text to put "
                "there (empty to delete). With `--format=sarif`, the help is one more entry "
                "of `relatedLocations` at the diagnostic's own place, and a replacement is a "
                "`fixes` entry (`artifactChanges` with one `deletedRegion` and its "
                "`insertedContent`), which editors and review tools can apply. The `wpc "
                "explain` note is in the text output only.\n\n"
                "## Every code\n\n"
                "| code | level | category | title |\n|---|---|---|---|\n");
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        const DiagInfo *info = diag_info((DiagCode)c);
        strbuf_printf(a, &out, "| [%s](#%s) | %s | %s | %s |\n", info->code, info->code, diag_level_name(info->level),
                      info->category, info->title);
    }
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        const DiagInfo *info = diag_info((DiagCode)c);
        strbuf_printf(a, &out, "\n<a id=\"%s\"></a>\n## %s — %s\n\n", info->code, info->code, info->title);
        strbuf_printf(a, &out, "Level: %s. Category: %s.\n\n%s\n\nExample:\n\n", diag_level_name(info->level),
                      info->category, info->explain);
        indent_block(a, &out, info->example);
        strbuf_printf(a, &out, "\nFix: %s\n", info->fix);
    }
    return strbuf_cstr(a, &out);
}
