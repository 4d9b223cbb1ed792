/* test_plan.c — the tests of the root file as a JSON plan for the driver
 * (test.h).  The plan says what to do, in source order, with everything the
 * driver needs to report a failure without the source:
 *
 *   { "file": "app.wp",
 *     "tests": [ { "name": "…", "line": 3, "steps": [
 *        { "do": "given",   "line": 4, "value": {…} },
 *        { "do": "apply",   "line": 5, "changes": [ { "line": 5, "text": "set a.b = 1", "path": "a.b", "segs": ["a","b"], "value": 1 } ] },
 *        { "do": "expect",  "line": 6, "text": "expect a.b == 1", "path": "a.b", "segs": [...],
 *          "concern": "disabledWhen" (only on FIELD:CONCERN), "op": "==" | "!=", "value": 1 },
 *        { "do": "changes", "line": 7, "text": "…", "path": "a.b", "negated": false } ] } ] }
 *
 * Consecutive `set` lines become one "apply" (one batch); `then`, or any
 * other step, ends it.  Paths are given as segments too: a key may hold a
 * '.', which the dot-joined text cannot show. */
#include <string.h>

#include "ast.h"
#include "ir.h"
#include "sem.h"
#include "test.h"

/* A step's literal as JSON: as the IR prints it (--emit json). */
static Json *lit_json(Compilation *c, const Lit *l) { return ir_lit_json(ir_lit_from_ast(&c->arena, l)); }

/* The run-time segments of a concrete path (sema refused wildcards). */
static Json *segs_json(const Path *p)
{
    Json *a = json_array();
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = p->segs.items[i];
        json_push(a, json_string(s->name ? s->name : ""));
    }
    return a;
}

static const char *dotted(Arena *a, const Path *p)
{
    StrBuf b = {0};
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = p->segs.items[i];
        if (i) strbuf_putc(a, &b, '.');
        strbuf_puts(a, &b, s->name ? s->name : "");
    }
    return strbuf_cstr(a, &b);
}

static uint32_t line_of(const Compilation *c, Span s) { return source_line_col(&c->sources, s.file, s.start).line; }

/* The step as written, on one line (a literal may span several). */
static const char *step_text(Compilation *c, Span s)
{
    const SourceFile *f = source_file(&c->sources, s.file);
    StrBuf b = {0};
    bool space = false;
    for (uint32_t i = s.start; i < s.end && i < f->len; i++) {
        char ch = f->text[i];
        if (ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ') {
            space = true;
            continue;
        }
        if (space && b.len) strbuf_putc(&c->arena, &b, ' ');
        space = false;
        strbuf_putc(&c->arena, &b, ch);
    }
    return strbuf_cstr(&c->arena, &b);
}

static Json *step_json(Compilation *c, const TestStep *st)
{
    Json *o = json_object();
    switch (st->kind) {
    case STEP_GIVEN: json_set_string(o, "do", "given"); break;
    case STEP_EXPECT: json_set_string(o, "do", "expect"); break;
    case STEP_EXPECT_CHANGES: json_set_string(o, "do", "changes"); break;
    default: break;
    }
    json_set_number(o, "line", line_of(c, st->span));
    if (st->kind != STEP_GIVEN) json_set_string(o, "text", step_text(c, st->span));
    if (st->path) {
        json_set_string(o, "path", dotted(&c->arena, st->path));
        json_set(o, "segs", segs_json(st->path));
    }
    if (st->kind == STEP_EXPECT) {
        if (st->concern) json_set_string(o, "concern", st->concern);
        json_set_string(o, "op", st->op == CMP_NE ? "!=" : "==");
    }
    if (st->kind == STEP_EXPECT_CHANGES) json_set_bool(o, "negated", st->negated);
    if (st->lit) json_set(o, "value", lit_json(c, st->lit));
    return o;
}

static Json *test_json(Compilation *c, const SemTest *t)
{
    Json *o = json_object();
    json_set_string(o, "name", t->name);
    json_set_number(o, "line", line_of(c, t->item->span));
    Json *steps = json_set(o, "steps", json_array());
    Json *batch = NULL; /* the "changes" of the open apply */
    for (uint32_t i = 0; i < t->item->steps.len; i++) {
        const TestStep *st = t->item->steps.items[i];
        if (!st) continue;
        if (st->kind == STEP_SET && st->path && st->lit) {
            if (!batch) {
                Json *apply = json_push(steps, json_object());
                json_set_string(apply, "do", "apply");
                json_set_number(apply, "line", line_of(c, st->span));
                batch = json_set(apply, "changes", json_array());
            }
            Json *ch = json_push(batch, json_object());
            json_set_number(ch, "line", line_of(c, st->span));
            json_set_string(ch, "text", step_text(c, st->span));
            json_set_string(ch, "path", dotted(&c->arena, st->path));
            json_set(ch, "segs", segs_json(st->path));
            json_set(ch, "value", lit_json(c, st->lit));
            continue;
        }
        batch = NULL; /* `then`, or any other step, ends the batch */
        if (st->kind == STEP_THEN || st->kind == STEP_SET) continue;
        json_push(steps, step_json(c, st));
    }
    return o;
}

const char *test_plan_json(Compilation *c, const char *filter, uint32_t *ntests)
{
    Json *plan = json_object();
    const Module *m = c->modules.len ? c->modules.items[0] : NULL;
    const SourceFile *root = m ? source_file(&c->sources, m->file) : NULL;
    json_set_string(plan, "file", root ? root->name : "");
    Json *tests = json_set(plan, "tests", json_array());
    *ntests = 0;
    /* The tests written in the root file; an imported file's tests run
     * when that file is tested. */
    for (uint32_t i = 0; c->sem && i < c->sem->tests.len; i++) {
        const SemTest *t = c->sem->tests.items[i];
        if (t->module != 0 || !t->name) continue;
        if (filter && !strstr(t->name, filter)) continue;
        json_push(tests, test_json(c, t));
        ++*ntests;
    }
    const char *text = json_print(&c->arena, plan, false);
    json_free(plan);
    return text;
}
