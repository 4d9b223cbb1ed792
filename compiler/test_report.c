/* test_report.c — the results of `wpc test` as text, JSON or JUnit XML
 * (test.h, docs/cli.md).  Reads what the driver printed for each file
 * (compiler/cli/test_driver.mjs: tests with name, line, passed, failures,
 * error).  Deterministic: no times, no absolute paths beyond what the
 * command line gave. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "test.h"

typedef struct Out {
    Arena *a;
    TestWrite write;
    void *ctx;
} Out;

static void puts_(Out *o, const char *s) { o->write(o->ctx, s, strlen(s)); }

static void printf_(Out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void printf_(Out *o, const char *fmt, ...)
{
    va_list ap, cp;
    va_start(ap, fmt);
    va_copy(cp, ap);
    int n = vsnprintf(NULL, 0, fmt, cp);
    va_end(cp);
    if (n > 0) {
        char *s = arena_alloc(o->a, (size_t)n + 1);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        o->write(o->ctx, s, (size_t)n);
    }
    va_end(ap);
}

static const char *str(const Json *j, const char *key)
{
    const Json *m = json_member(j, key);
    return json_kind(m) == JSON_STRING ? json_str(m) : "";
}

static unsigned num(const Json *j, const char *key)
{
    const Json *m = json_member(j, key);
    return json_kind(m) == JSON_NUMBER ? (unsigned)json_num(m) : 0;
}

static bool passed(const Json *t) { return json_kind(json_member(t, "passed")) == JSON_TRUE; }

static const Json *error_of(const Json *t)
{
    const Json *e = json_member(t, "error");
    return json_kind(e) == JSON_OBJECT ? e : NULL;
}

TestTotals test_totals(const TestFileResult *files, size_t n)
{
    TestTotals t = {0};
    for (size_t i = 0; i < n; i++) {
        if (!files[i].result) {
            t.build_errors++;
            continue;
        }
        for (const Json *x = json_child(json_member(files[i].result, "tests")); x; x = json_sibling(x))
            passed(x) ? t.passed++ : t.failed++;
    }
    return t;
}

/* ---- text ----------------------------------------------------------------------- */

static void text_failures(Out *o, const char *file, const Json *t)
{
    for (const Json *f = json_child(json_member(t, "failures")); f; f = json_sibling(f)) {
        printf_(o, "      %s:%u: %s\n", file, num(f, "line"), str(f, "text"));
        printf_(o, "        expected: %s\n", str(f, "expected"));
        printf_(o, "        actual:   %s\n", str(f, "actual"));
    }
    const Json *e = error_of(t);
    if (e) {
        printf_(o, "      %s:%u: %s\n", file, num(e, "line"), str(e, "text"));
        printf_(o, "        error: %s\n", str(e, "message"));
    }
}

static void report_text(Out *o, const TestFileResult *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *file = files[i].file;
        if (!files[i].result) {
            printf_(o, "FAIL  %s: does not build (the diagnostics are above)\n", file);
            continue;
        }
        const Json *tests = json_member(files[i].result, "tests");
        if (!json_count(tests)) printf_(o, "NONE  %s: no tests to run\n", file);
        for (const Json *t = json_child(tests); t; t = json_sibling(t)) {
            printf_(o, "%s  %s: %s\n", passed(t) ? "PASS" : "FAIL", file, str(t, "name"));
            if (!passed(t)) text_failures(o, file, t);
        }
    }
    TestTotals tt = test_totals(files, n);
    printf_(o, "%u passed, %u failed", tt.passed, tt.failed);
    if (tt.build_errors) printf_(o, ", %u file%s did not build", tt.build_errors, tt.build_errors == 1 ? "" : "s");
    puts_(o, "\n");
}

/* ---- json ------------------------------------------------------------------------- */

static Json *place(const char *file, const Json *f)
{
    Json *o = json_object();
    json_set_string(o, "file", file);
    json_set_number(o, "line", num(f, "line"));
    return o;
}

static void report_json(Out *o, const TestFileResult *files, size_t n)
{
    TestTotals tt = test_totals(files, n);
    Json *root = json_object();
    json_set_number(root, "passed", tt.passed);
    json_set_number(root, "failed", tt.failed);
    json_set_number(root, "buildErrors", tt.build_errors);
    Json *fs = json_set(root, "files", json_array());
    for (size_t i = 0; i < n; i++) {
        Json *f = json_push(fs, json_object());
        json_set_string(f, "file", files[i].file);
        json_set_bool(f, "built", files[i].result != NULL);
        Json *ts = json_set(f, "tests", json_array());
        if (!files[i].result) continue;
        for (const Json *t = json_child(json_member(files[i].result, "tests")); t; t = json_sibling(t)) {
            Json *x = json_push(ts, json_object());
            json_set_string(x, "name", str(t, "name"));
            json_set_number(x, "line", num(t, "line"));
            json_set_string(x, "status", passed(t) ? "pass" : "fail");
            Json *fl = json_set(x, "failures", json_array());
            for (const Json *y = json_child(json_member(t, "failures")); y; y = json_sibling(y)) {
                Json *z = json_push(fl, place(files[i].file, y));
                json_set_string(z, "expect", str(y, "text"));
                json_set_string(z, "expected", str(y, "expected"));
                json_set_string(z, "actual", str(y, "actual"));
            }
            const Json *e = error_of(t);
            if (e) {
                Json *z = json_set(x, "error", place(files[i].file, e));
                json_set_string(z, "step", str(e, "text"));
                json_set_string(z, "message", str(e, "message"));
            }
        }
    }
    puts_(o, json_print(o->a, root, true));
    puts_(o, "\n");
    json_free(root);
}

/* ---- junit ------------------------------------------------------------------------ */

/* XML text or attribute: the five specials escaped; control characters
 * XML 1.0 cannot hold at all become '?'. */
static void xml(Out *o, const char *s)
{
    StrBuf b = {0};
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        switch (ch) {
        case '&': strbuf_puts(o->a, &b, "&amp;"); break;
        case '<': strbuf_puts(o->a, &b, "&lt;"); break;
        case '>': strbuf_puts(o->a, &b, "&gt;"); break;
        case '"': strbuf_puts(o->a, &b, "&quot;"); break;
        case '\'': strbuf_puts(o->a, &b, "&apos;"); break;
        default: strbuf_putc(o->a, &b, ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r' ? '?' : (char)ch);
        }
    }
    puts_(o, strbuf_cstr(o->a, &b));
}

static void junit_case(Out *o, const char *file, const Json *t)
{
    puts_(o, "    <testcase name=\"");
    xml(o, str(t, "name"));
    puts_(o, "\" classname=\"");
    xml(o, file);
    puts_(o, "\" file=\"");
    xml(o, file);
    printf_(o, "\" line=\"%u\"", num(t, "line"));
    if (passed(t)) {
        puts_(o, "/>\n");
        return;
    }
    puts_(o, ">\n");
    const Json *first = json_child(json_member(t, "failures"));
    if (first) {
        const char *msg = arena_printf(o->a, "%s:%u: %s", file, num(first, "line"), str(first, "text"));
        puts_(o, "      <failure type=\"expect\" message=\"");
        xml(o, msg);
        puts_(o, "\">");
        for (const Json *f = first; f; f = json_sibling(f))
            xml(o, arena_printf(o->a, "%s:%u: %s\n  expected: %s\n  actual:   %s\n", file, num(f, "line"),
                                str(f, "text"), str(f, "expected"), str(f, "actual")));
        puts_(o, "</failure>\n");
    }
    const Json *e = error_of(t);
    if (e) {
        puts_(o, "      <error type=\"error\" message=\"");
        xml(o, str(e, "message"));
        puts_(o, "\">");
        xml(o, arena_printf(o->a, "%s:%u: %s\n  error: %s\n", file, num(e, "line"), str(e, "text"), str(e, "message")));
        puts_(o, "</error>\n");
    }
    puts_(o, "    </testcase>\n");
}

static void report_junit(Out *o, const TestFileResult *files, size_t n)
{
    TestTotals tt = test_totals(files, n);
    puts_(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    printf_(o, "<testsuites name=\"wpc test\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n", tt.passed + tt.failed,
            tt.failed, tt.build_errors);
    for (size_t i = 0; i < n; i++) {
        const char *file = files[i].file;
        TestTotals ft = test_totals(&files[i], 1);
        puts_(o, "  <testsuite name=\"");
        xml(o, file);
        printf_(o, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\">\n", ft.passed + ft.failed, ft.failed,
                ft.build_errors);
        if (!files[i].result)
            puts_(o, "    <error type=\"build\" message=\"the file does not build (see the diagnostics)\"/>\n");
        else
            for (const Json *t = json_child(json_member(files[i].result, "tests")); t; t = json_sibling(t))
                junit_case(o, file, t);
        puts_(o, "  </testsuite>\n");
    }
    puts_(o, "</testsuites>\n");
}

void test_report(Arena *a, const TestFileResult *files, size_t n, TestFormat format, TestWrite write, void *ctx)
{
    Out o = {a, write, ctx};
    switch (format) {
    case TEST_FORMAT_TEXT: report_text(&o, files, n); break;
    case TEST_FORMAT_JSON: report_json(&o, files, n); break;
    case TEST_FORMAT_JUNIT: report_junit(&o, files, n); break;
    }
}
