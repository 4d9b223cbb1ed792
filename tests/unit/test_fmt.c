/* test_fmt.c — the formatter: canonical output of messy inputs, and its
 * guarantees (idempotent, same AST, every comment kept, layout does not
 * matter) on those inputs and on the goldens of tests/fmt. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compile.h"
#include "fmt.h"
#include "ast_dump.h"
#include "parse.h"
#include "suites.h"

/* Formats `src`; fails the test if it does not parse. */
static const char *format(Compilation *c, const char *src)
{
    const char *out = NULL;
    FmtStatus st = fmt_file_text(c, "t.wp", src, strlen(src), &out);
    ck_assert_msg(st == FMT_OK, "does not parse:\n%s", src);
    return out;
}

static const Module *parse(Compilation *c, const char *src)
{
    uint32_t f = source_add(&c->sources, "t.wp", NULL, src, strlen(src));
    Module *m = parse_module(&c->arena, &c->sources, f, &c->diags);
    ck_assert(m && !m->had_errors);
    return m;
}

/* A comment's text as fmt prints it (trailing blanks of line comments and
 * CRs of block comments dropped). */
static const char *comment_text(Arena *a, const char *src, const Comment *cm)
{
    size_t n = cm->span.end - cm->span.start;
    const char *s = src + cm->span.start;
    StrBuf b = {0};
    if (!cm->block) {
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
        strbuf_putn(a, &b, s, n);
    } else {
        for (size_t i = 0; i < n; i++)
            if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')) strbuf_putc(a, &b, s[i]);
    }
    return strbuf_cstr(a, &b);
}

/* The four guarantees of docs/fmt.md, for one input. */
static void check_guarantees(const char *name, const char *src)
{
    Compilation c;
    compilation_init(&c);
    const Module *in = parse(&c, src);
    const char *out = format(&c, src);
    const Module *again = parse(&c, out);

    ck_assert_msg(strcmp(ast_dump_module(&c.arena, in), ast_dump_module(&c.arena, again)) == 0,
                  "%s: AST changed\n--- in\n%s\n--- out\n%s\n--- dump in\n%s\n--- dump out\n%s", name, src, out,
                  ast_dump_module(&c.arena, in), ast_dump_module(&c.arena, again));
    ck_assert_msg(in->comments.len == again->comments.len, "%s: %u comments in, %u out:\n%s", name, in->comments.len,
                  again->comments.len, out);
    const char *at = out; /* every comment, in order */
    for (uint32_t i = 0; i < in->comments.len; i++) {
        const char *text = comment_text(&c.arena, src, in->comments.items[i]);
        const char *found = strstr(at, text);
        ck_assert_msg(found, "%s: comment %s lost or reordered:\n%s", name, text, out);
        at = found + strlen(text);
    }
    const char *twice = format(&c, out);
    ck_assert_msg(strcmp(out, twice) == 0, "%s: not idempotent\n--- once\n%s--- twice\n%s", name, out, twice);
    compilation_free(&c);
}

static void check_fmt(const char *src, const char *want)
{
    Compilation c;
    compilation_init(&c);
    const char *out = format(&c, src);
    ck_assert_msg(strcmp(out, want) == 0, "--- in\n%s\n--- want\n%s--- got\n%s", src, want, out);
    compilation_free(&c);
    check_guarantees("case", src);
}

/* ---- canonical output, construct by construct ------------------------------- */

START_TEST(sync_flip_import)
{
    check_fmt("import   \"std/validators\"\nsync a.b<->c.d  ->  e.f\nflip   x.y<->z.w",
              "import \"std/validators\"\nsync a.b <-> c.d -> e.f\nflip x.y <-> z.w\n");
}
END_TEST

START_TEST(state_block)
{
    check_fmt("state { s: \"a\"|\"b\"\n u: { n: string, a?: number }\n"
              "  l: map<{p:number,q:list<string>}>  e: {} o: { x: bool } | null }",
              "state {\n"
              "  s: \"a\" | \"b\"\n"
              "  u: {\n"
              "    n: string\n"
              "    a?: number\n"
              "  }\n"
              "  l: map<{ p: number, q: list<string> }>\n"
              "  e: {}\n"
              "  o: { x: bool } | null\n"
              "}\n");
}
END_TEST

START_TEST(aggregate_compute)
{
    check_fmt("aggregate t.p<-l[*].p exclude when l[*].d,  m.p\n"
              "compute t.s=sum(l[*].p)exclude when l[*].d\n"
              "compute t.a = avg( l[*].p exclude when (l[*].d) )\n"
              "compute t.n=count(l[*].p,m.p)",
              "aggregate t.p <- l[*].p exclude when l[*].d, m.p\n"
              "compute t.s = sum(l[*].p) exclude when l[*].d\n"
              "compute t.a = avg(l[*].p exclude when (l[*].d))\n"
              "compute t.n = count(l[*].p, m.p)\n");
}
END_TEST

START_TEST(clear_listen)
{
    check_fmt("clear a.b,c.d when e.f , g.h changes\nclear l[**].s when f.t changes\n"
              "listen  l[*]  call  f\nlisten a.b,c.d scope root call g\n"
              "listen a.b.c scope a call h\nlisten call all",
              "clear a.b, c.d when e.f, g.h changes\nclear l[**].s when f.t changes\n"
              "listen l[*] call f\nlisten a.b, c.d scope root call g\n"
              "listen a.b.c scope a call h\nlisten call all\n");
}
END_TEST

START_TEST(field_concerns_and_conditions)
{
    check_fmt("field u.e { disabled when s==\"x\"\n visible   when u.a>=18 and exists u.n\n"
              "readonly when not (u.x or u.y) and empty u.t\n"
              "concern c when u.r in [\"a\",\"b\"] or length(u.n)<3\n"
              "concern d when u.t contains any [1] and u.t contains all [2,3] }",
              "field u.e {\n"
              "  disabled when s == \"x\"\n"
              "  visible when u.a >= 18 and exists u.n\n"
              "  readonly when not (u.x or u.y) and empty u.t\n"
              "  concern c when u.r in [\"a\", \"b\"] or length(u.n) < 3\n"
              "  concern d when u.t contains any [1] and u.t contains all [2, 3]\n"
              "}\n");
}
END_TEST

START_TEST(values)
{
    check_fmt("field u.e {\nlabel=\"Hi {{u.n}}\"\n"
              "placeholder = if a.b then \"x\" else if a.c then \"y\" else \"z\"\n"
              "concern two = match a.t {\"g\"=>1,_=>2}\n"
              "concern three = match a.t { \"g\" => 1, \"s\" => 2, _ => 3 }\n"
              "concern ext = external f(a.b,a.c) }",
              "field u.e {\n"
              "  label = \"Hi {{u.n}}\"\n"
              "  placeholder = if a.b then \"x\" else if a.c then \"y\" else \"z\"\n"
              "  concern two = match a.t { \"g\" => 1, _ => 2 }\n"
              "  concern three = match a.t {\n"
              "    \"g\" => 1,\n"
              "    \"s\" => 2,\n"
              "    _ => 3,\n"
              "  }\n"
              "  concern ext = external f(a.b, a.c)\n"
              "}\n");
}
END_TEST

START_TEST(validators)
{
    check_fmt("validator pc=pattern(\"^[0-9]{5}$\")\"five\"\n"
              "field u.e { validate required,min(0)\"neg\" , max_length(1_000)\n"
              "validate external chk(u.e,u.c)\nvalidate external chk2 }",
              "validator pc = pattern(\"^[0-9]{5}$\") \"five\"\n"
              "field u.e {\n"
              "  validate required, min(0) \"neg\", max_length(1000)\n"
              "  validate external chk(u.e, u.c)\n"
              "  validate external chk2\n"
              "}\n");
}
END_TEST

START_TEST(groups)
{
    check_fmt("group g off when exists o.id { sync a.b <-> c.d\n"
              "field p.c { visible when p.m == \"card\" } }\ngroup e {}",
              "group g off when exists o.id {\n"
              "  sync a.b <-> c.d\n"
              "  field p.c {\n"
              "    visible when p.m == \"card\"\n"
              "  }\n"
              "}\n"
              "group e { }\n");
}
END_TEST

START_TEST(tests_blocks)
{
    check_fmt("test \"t\" { given {a:{b:\"\"},\"c-d\":[1,2]}\nset a.b=\"x\"\n"
              "expect c.d==1 expect u.e:disabledWhen != false\nexpect changes contain a.b\n"
              "then\nexpect changes not contain a.c }\ntest \"e\" { }",
              "test \"t\" {\n"
              "  given { a: { b: \"\" }, \"c-d\": [1, 2] }\n"
              "  set a.b = \"x\"\n"
              "  expect c.d == 1\n"
              "  expect u.e:disabledWhen != false\n"
              "  expect changes contain a.b\n"
              "  then\n"
              "  expect changes not contain a.c\n"
              "}\n"
              "test \"e\" { }\n");
}
END_TEST

START_TEST(strings_numbers_paths)
{
    check_fmt("test \"q\\\"\" { set l[\"SKU-1\"].p = \"t\\tq\\\"b\\\\n\\n\\u0001\\u00e9\\/\"\n"
              "set i[0].q = 1_000_000\nset i.0.q = -2.5e3 }",
              "test \"q\\\"\" {\n"
              "  set l[\"SKU-1\"].p = \"t\\tq\\\"b\\\\n\\n\\u0001\xc3\xa9/\"\n"
              "  set i[0].q = 1000000\n"
              "  set i.0.q = -2.5e3\n"
              "}\n");
}
END_TEST

/* ---- comments and blank lines -------------------------------------------------- */

START_TEST(comments_own_line)
{
    check_fmt("// head\n\n\n// two\nsync a.b <-> c.d\n     // indented\nsync e.f <-> g.h\n"
              "field x.y {\n// first\n disabled when a.b\n\n   // before close\n}\n\n// eof\n",
              "// head\n\n// two\nsync a.b <-> c.d\n// indented\nsync e.f <-> g.h\n"
              "field x.y {\n  // first\n  disabled when a.b\n\n  // before close\n}\n\n// eof\n");
}
END_TEST

START_TEST(comments_trailing_and_block)
{
    check_fmt("sync a.b <-> c.d   // t1   \nsync e.f <-> g.h /* b */ // t2\n"
              "field x.y { // brace\n disabled when a.b // entry\n} // close\n"
              "/* multi\n   line */\nsync i.j <-> k.l",
              "sync a.b <-> c.d  // t1\nsync e.f <-> g.h  /* b */  // t2\n"
              "field x.y {  // brace\n  disabled when a.b  // entry\n}  // close\n"
              "/* multi\n   line */\nsync i.j <-> k.l\n");
}
END_TEST

/* Trailing comments of consecutive lines at one indentation start in one
 * column, two spaces past the longest code (counted in characters); a blank
 * line, another indentation, or a line opening or closing a block ends the
 * run, and such lines keep two spaces. */
START_TEST(trailing_comments_align_in_runs)
{
    check_fmt("state {  // s\n  a: number // short\n  \"é\": string // wide char\n"
              "  longer_name: bool // long\n\n  b: bool // after a blank\n}  // end\n"
              "sync a <-> b // one\nflip x.y <-> z // two\n",
              "state {  // s\n"
              "  a: number          // short\n"
              "  \"é\": string        // wide char\n"
              "  longer_name: bool  // long\n"
              "\n"
              "  b: bool  // after a blank\n"
              "}  // end\n"
              "sync a <-> b    // one\n"
              "flip x.y <-> z  // two\n");
}
END_TEST

START_TEST(comments_inside_expressions_move_to_line_end)
{
    check_fmt("compute t.u = sum(\n  // own line inside\n  v.w /* x */)\n"
              "field a.b /* hdr */ { visible when /* in */ c.d }\n",
              "compute t.u = sum(v.w)  // own line inside\n/* x */\n"
              "field a.b {  /* hdr */\n  visible when c.d  /* in */\n}\n");
}
END_TEST

START_TEST(comments_in_multiline_match)
{
    check_fmt("field f.g { label = match a.b { // m\n 1 => \"x\", // one\n"
              " // before two\n 2 => \"y\", _ => \"z\" /* last */ } }",
              "field f.g {\n"
              "  label = match a.b {  // m\n"
              "    1 => \"x\",  // one\n"
              "    // before two\n"
              "    2 => \"y\",\n"
              "    _ => \"z\",  /* last */\n"
              "  }\n"
              "}\n");
}
END_TEST

START_TEST(comments_in_types_headers_and_lists)
{
    check_fmt("state { legs: map<{ price: number, // p\n qty: number }>\n"
              " \"a b\": string, count: number }\n"
              "group g /* h */ off\n when a.b { // open\n sync a.c <-> a.d\n // last\n }\n"
              "listen a.b, // x\n c.d call f\n",
              "state {\n"
              "  legs: map<{\n"
              "    price: number  // p\n"
              "    qty: number\n"
              "  }>\n"
              "  \"a b\": string\n"
              "  count: number\n"
              "}\n"
              "group g off when a.b {  /* h */  // open\n"
              "  sync a.c <-> a.d\n"
              "  // last\n"
              "}\n"
              "listen a.b, c.d call f  // x\n");
}
END_TEST

/* An object type inside map<>/list<> stays inline while it has at most three
 * fields and no comment; a fourth field makes it a block. */
START_TEST(long_inline_object_types_become_blocks)
{
    check_fmt("state { a: map<{ p: number, q: number, r: number }>\n"
              "b: list<{ p: number, q: number, r: number, s: number }> }\n",
              "state {\n"
              "  a: map<{ p: number, q: number, r: number }>\n"
              "  b: list<{\n"
              "    p: number\n"
              "    q: number\n"
              "    r: number\n"
              "    s: number\n"
              "  }>\n"
              "}\n");
}
END_TEST

START_TEST(blank_lines_collapse_and_block_edges)
{
    check_fmt("\n\n\nsync a.b <-> c.d\n\n\n\nsync e.f <-> g.h\nsync i.j <-> k.l\n"
              "group g {\n\n  sync m.n <-> o.p\n\n\n  sync q.r <-> s.t\n\n}\n\n\n",
              "sync a.b <-> c.d\n\nsync e.f <-> g.h\nsync i.j <-> k.l\n"
              "group g {\n  sync m.n <-> o.p\n\n  sync q.r <-> s.t\n}\n");
}
END_TEST

START_TEST(empty_blocks_and_files)
{
    check_fmt("field x.y {\n\n}\nstate {}\nfield a.b { /* c */ }\n",
              "field x.y { }\nstate { }\nfield a.b {  /* c */\n}\n");
    check_fmt("", "");
    check_fmt("\n\n  \n", "");
    check_fmt("// only\n", "// only\n");
    check_fmt("/* a */ /* b */", "/* a */\n/* b */\n");
}
END_TEST

START_TEST(crlf_and_tabs)
{
    check_fmt("sync a.b <-> c.d\r\n\r\n\r\n// c  \r\nfield x.y {\r\n\tdisabled when a.b\t// t\r\n"
              "\t/* b\r\n\t  c */\r\n}\r\n",
              "sync a.b <-> c.d\n\n// c\nfield x.y {\n  disabled when a.b  // t\n"
              "  /* b\n\t  c */\n}\n");
}
END_TEST

/* ---- guarantees ------------------------------------------------------------------ */

START_TEST(layout_does_not_matter)
{
    const char *a = "field u.e { visible when a.b and (c.d or not e.f)\n"
                    "label = match a.t { 1 => \"x\", 2 => \"y\", _ => \"z\" } }";
    const char *b = "field   u.e\n{\n    visible\n when a.b\n and ( c.d or\n not e.f )\n"
                    "  label =\n match a.t {\n1=>\"x\",\n2=>\"y\",\n_=>\"z\",\n}\n}\n";
    Compilation c;
    compilation_init(&c);
    ck_assert_str_eq(format(&c, a), format(&c, b));
    compilation_free(&c);
}
END_TEST

START_TEST(syntax_errors_are_not_formatted)
{
    Compilation c;
    compilation_init(&c);
    const char *out = NULL;
    const char *src = "sync a.b <-> \nfield {";
    ck_assert_int_eq(fmt_file_text(&c, "bad.wp", src, strlen(src), &out), FMT_PARSE_ERRORS);
    ck_assert_ptr_null(out);
    ck_assert(diag_has_errors(&c.diags));
    compilation_free(&c);
}
END_TEST

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    s[got] = '\0';
    fclose(f);
    return s;
}

/* The goldens' inputs and outputs cover every construct and comment
 * placement: all must keep their AST and comments and be idempotent. */
START_TEST(goldens_keep_ast_and_comments)
{
    DIR *d = opendir("../fmt");
    ck_assert_msg(d, "run from tests/unit: ../fmt not found");
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 3 || strcmp(e->d_name + len - 3, ".wp") != 0) continue;
        char path[512];
        snprintf(path, sizeof path, "../fmt/%s", e->d_name);
        char *src = slurp(path);
        ck_assert_msg(src, "cannot read %s", path);
        check_guarantees(path, src);
        free(src);
        n++;
    }
    closedir(d);
    ck_assert_int_ge(n, 16);
}
END_TEST

Suite *fmt_suite(void)
{
    Suite *s = suite_create("fmt");
    TCase *tc = tcase_create("layout");
    tcase_add_test(tc, sync_flip_import);
    tcase_add_test(tc, state_block);
    tcase_add_test(tc, aggregate_compute);
    tcase_add_test(tc, clear_listen);
    tcase_add_test(tc, field_concerns_and_conditions);
    tcase_add_test(tc, values);
    tcase_add_test(tc, validators);
    tcase_add_test(tc, groups);
    tcase_add_test(tc, tests_blocks);
    tcase_add_test(tc, strings_numbers_paths);
    suite_add_tcase(s, tc);

    tc = tcase_create("comments");
    tcase_add_test(tc, comments_own_line);
    tcase_add_test(tc, comments_trailing_and_block);
    tcase_add_test(tc, trailing_comments_align_in_runs);
    tcase_add_test(tc, comments_inside_expressions_move_to_line_end);
    tcase_add_test(tc, comments_in_multiline_match);
    tcase_add_test(tc, comments_in_types_headers_and_lists);
    tcase_add_test(tc, long_inline_object_types_become_blocks);
    tcase_add_test(tc, blank_lines_collapse_and_block_edges);
    tcase_add_test(tc, empty_blocks_and_files);
    tcase_add_test(tc, crlf_and_tabs);
    suite_add_tcase(s, tc);

    tc = tcase_create("guarantees");
    tcase_add_test(tc, layout_does_not_matter);
    tcase_add_test(tc, syntax_errors_are_not_formatted);
    tcase_add_test(tc, goldens_keep_ast_and_comments);
    suite_add_tcase(s, tc);
    return s;
}
