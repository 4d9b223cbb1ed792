/* test_diag.c — the diagnostic table, sorting, and the three renderings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "diag_render.h"
#include "suites.h"

typedef struct Fixture {
    Arena a;
    SourceMap sm;
    DiagList dl;
    uint32_t file;
} Fixture;

static void fixture_init(Fixture *f, const char *text)
{
    arena_init(&f->a);
    source_map_init(&f->sm, &f->a);
    diag_list_init(&f->dl, &f->a, &f->sm);
    f->file = source_add(&f->sm, "app.wp", NULL, text, strlen(text));
}

static Span span_of(const Fixture *f, const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    Span s = {f->file, (uint32_t)(p - text), (uint32_t)(p - text + (long)strlen(needle))};
    return s;
}

START_TEST(every_code_has_a_complete_entry)
{
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        const DiagInfo *info = diag_info((DiagCode)c);
        ck_assert_ptr_nonnull(info->code);
        ck_assert_int_eq((int)strlen(info->code), 6);
        ck_assert(strncmp(info->code, "WP", 2) == 0);
        ck_assert(info->title[0] && info->explain[0] && info->example[0] && info->fix[0]);
        ck_assert_int_eq(diag_code_from_string(info->code), c);
        /* codes are unique */
        for (int d = 0; d < c; d++) ck_assert_str_ne(diag_info((DiagCode)d)->code, info->code);
        /* lints (WP10xx), build notices (WP07xx) and the conversion's notes
         * to the user (WP0804, WP0805) are warnings, the rest errors */
        bool warning = strncmp(info->code, "WP1", 3) == 0 || strncmp(info->code, "WP07", 4) == 0 ||
                       strcmp(info->code, "WP0804") == 0 || strcmp(info->code, "WP0805") == 0;
        ck_assert_int_eq(info->level, warning ? LEVEL_WARNING : LEVEL_ERROR);
    }
    ck_assert_int_eq(diag_code_from_string("wp0401"), D_PATH_UNKNOWN);
    ck_assert_int_eq(diag_code_from_string("WP9999"), DIAG_CODE_COUNT);
}
END_TEST

START_TEST(text_rendering_has_location_caret_and_notes)
{
    const char *text = "state { a: bool }\nsync a <-> bb.c\n";
    Fixture f;
    fixture_init(&f, text);
    Diag *d = diag_add(&f.dl, D_PATH_UNKNOWN, span_of(&f, text, "bb.c"), "path '%s' is not in the state", "bb.c");
    diag_note(&f.dl, d, span_of(&f, text, "state"), "the state is declared here");
    diag_note_nospan(&f.dl, d, "did you mean 'a'?");
    const char *out = diag_render_one(&f.a, &f.dl, d, false);
    ck_assert_str_eq(out, "app.wp:2:12: error[WP0401]: path 'bb.c' is not in the state\n"
                          " 2 | sync a <-> bb.c\n"
                          "   |            ^~~~\n"
                          "app.wp:1:1: note: the state is declared here\n"
                          " 1 | state { a: bool }\n"
                          "   | ^~~~~\n"
                          "  = note: did you mean 'a'?\n");
    RenderOptions ro = {FORMAT_TEXT, false, "1", 0};
    const char *all = diag_render(&f.a, &f.dl, &ro);
    ck_assert_ptr_nonnull(strstr(all, "\n1 error\n"));
    const char *colored = diag_render_one(&f.a, &f.dl, d, true);
    ck_assert_ptr_nonnull(strstr(colored, "\033["));
    arena_free(&f.a);
}
END_TEST

START_TEST(caret_counts_code_points_and_keeps_tabs)
{
    const char *text = "\tlabel = \"é\" x\n";
    Fixture f;
    fixture_init(&f, text);
    Diag *d = diag_add(&f.dl, D_LEX_BAD_CHAR, span_of(&f, text, "x"), "unexpected character");
    const char *out = diag_render_one(&f.a, &f.dl, d, false);
    ck_assert_str_eq(out, "app.wp:1:14: error[WP0101]: unexpected character\n"
                          " 1 | \tlabel = \"é\" x\n"
                          "   | \t            ^\n");
    arena_free(&f.a);
}
END_TEST

START_TEST(sorting_is_by_position_then_insertion)
{
    const char *text = "aaa bbb ccc\n";
    Fixture f;
    fixture_init(&f, text);
    diag_add(&f.dl, D_LINT_SELF_SYNC, span_of(&f, text, "ccc"), "third");
    diag_add(&f.dl, D_PATH_UNKNOWN, span_of(&f, text, "aaa"), "first");
    diag_add(&f.dl, D_PATH_UNKNOWN, span_of(&f, text, "aaa"), "second");
    diag_sort(&f.dl);
    ck_assert_str_eq(((Diag *)f.dl.items.items[0])->message, "first");
    ck_assert_str_eq(((Diag *)f.dl.items.items[1])->message, "second");
    ck_assert_str_eq(((Diag *)f.dl.items.items[2])->message, "third");
    ck_assert_uint_eq(f.dl.nerrors, 2);
    ck_assert_uint_eq(f.dl.nwarnings, 1);
    diag_remove(&f.dl, 2);
    ck_assert_uint_eq(f.dl.nwarnings, 0);
    ck_assert_uint_eq(f.dl.items.len, 2);
    arena_free(&f.a);
}
END_TEST

/* The help line follows the caret; the first error of a report, and only
 * it, ends with the note naming `wpc explain`; JSON has "help" and "fix",
 * SARIF a related location with the help and a fix with the replacement. */
START_TEST(help_and_fix_in_every_format)
{
    const char *text = "state { user: { email: string } }\nsync user.mail <-> user.email\nsync user.mail <-> x\n";
    Fixture f;
    fixture_init(&f, text);
    Diag *w = diag_add(&f.dl, D_LINT_SELF_SYNC, span_of(&f, text, "state"), "a warning first");
    diag_help(&f.dl, w, "no fix here");
    Span mail = span_of(&f, text, "sync user.mail");
    mail.start += 10; /* "mail" */
    Diag *d = diag_add(&f.dl, D_PATH_UNKNOWN, mail, "'user' has no field 'mail'");
    diag_suggest(&f.dl, d, mail, "email", "did you mean `user.email`?");
    Span second = {f.file, mail.start + 30, mail.end + 30};
    diag_add(&f.dl, D_PATH_UNKNOWN, second, "again");
    RenderOptions ro = {FORMAT_TEXT, false, "1", 0};
    const char *all = diag_render(&f.a, &f.dl, &ro);
    ck_assert_str_eq(all, "app.wp:1:1: warning[WP1005]: a warning first\n"
                          " 1 | state { user: { email: string } }\n"
                          "   | ^~~~~\n"
                          "  = help: no fix here\n"
                          "\n"
                          "app.wp:2:11: error[WP0401]: 'user' has no field 'mail'\n"
                          " 2 | sync user.mail <-> user.email\n"
                          "   |           ^~~~\n"
                          "  = help: did you mean `user.email`?\n"
                          "  = note: `wpc explain WP0401` explains this error and how to fix it\n"
                          "\n"
                          "app.wp:3:11: error[WP0401]: again\n"
                          " 3 | sync user.mail <-> x\n"
                          "   |           ^~~~\n"
                          "\n"
                          "2 errors, 1 warning\n");
    /* one diagnostic alone (tests, editors) never carries the note */
    ck_assert_ptr_null(strstr(diag_render_one(&f.a, &f.dl, d, false), "wpc explain"));
    ro.format = FORMAT_JSON;
    const char *json = diag_render(&f.a, &f.dl, &ro);
    ck_assert_ptr_nonnull(strstr(json, "\"help\": \"did you mean `user.email`?\""));
    ck_assert_ptr_nonnull(strstr(json, "\"fix\": {\n"));
    ck_assert_ptr_nonnull(strstr(json, "\"replacement\": \"email\""));
    ck_assert_ptr_null(strstr(json, "wpc explain"));
    ro.format = FORMAT_SARIF;
    const char *sarif = diag_render(&f.a, &f.dl, &ro);
    ck_assert_ptr_nonnull(strstr(sarif, "\"text\": \"did you mean `user.email`?\""));
    ck_assert_ptr_nonnull(strstr(sarif, "\"fixes\": [{"));
    ck_assert_ptr_nonnull(strstr(sarif, "\"deletedRegion\": {"));
    ck_assert_ptr_nonnull(strstr(sarif, "\"insertedContent\": {\n"));
    ck_assert_ptr_nonnull(strstr(sarif, "\"text\": \"email\""));
    arena_free(&f.a);
}
END_TEST

START_TEST(json_and_sarif_carry_codes_and_positions)
{
    const char *text = "sync a <-> a\n";
    Fixture f;
    fixture_init(&f, text);
    diag_add(&f.dl, D_LINT_SELF_SYNC, span_of(&f, text, "a <-> a"), "'a' is synced with itself");
    RenderOptions ro = {FORMAT_JSON, false, "9.9", 0};
    const char *json = diag_render(&f.a, &f.dl, &ro);
    ck_assert_ptr_nonnull(strstr(json, "\"code\": \"WP1005\""));
    ck_assert_ptr_nonnull(strstr(json, "\"level\": \"warning\""));
    ck_assert_ptr_nonnull(strstr(json, "\"line\": 1"));
    ck_assert_ptr_nonnull(strstr(json, "\"column\": 6"));
    ck_assert_ptr_nonnull(strstr(json, "\"warnings\": 1"));
    ro.format = FORMAT_SARIF;
    const char *sarif = diag_render(&f.a, &f.dl, &ro);
    ck_assert_ptr_nonnull(strstr(sarif, "\"version\": \"2.1.0\""));
    ck_assert_ptr_nonnull(strstr(sarif, "\"ruleId\": \"WP1005\""));
    ck_assert_ptr_nonnull(strstr(sarif, "\"uri\": \"app.wp\""));
    ck_assert_ptr_nonnull(strstr(sarif, "\"startColumn\": 6"));
    char idx[32];
    snprintf(idx, sizeof idx, "\"ruleIndex\": %d", (int)D_LINT_SELF_SYNC);
    ck_assert_ptr_nonnull(strstr(sarif, idx));
    arena_free(&f.a);
}
END_TEST

/* Columns on a long line with multi-byte characters, from the marks, agree
 * with counting from the line's start, at every offset. */
START_TEST(columns_on_long_lines)
{
    static char text[4000];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "line one\n");
    for (int i = 0; i < 700; i++) n += (size_t)snprintf(text + n, sizeof text - n, i % 3 ? "a" : "\xc3\xa9");
    n += (size_t)snprintf(text + n, sizeof text - n, "\nend");
    Fixture f;
    fixture_init(&f, text);
    uint32_t col = 1, line = 1;
    for (uint32_t off = 0; off <= n; off++) {
        LineCol lc = source_line_col(&f.sm, f.file, off);
        ck_assert_uint_eq(lc.line, line);
        ck_assert_uint_eq(lc.col, col);
        if (off == n) break;
        if (text[off] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)text[off] & 0xC0) != 0x80)
            col++;
    }
    arena_free(&f.a);
}
END_TEST

typedef struct Pieces {
    uint32_t count;
    size_t largest, total;
    char tail[256];
} Pieces;

static void count_piece(void *ctx, const char *s, size_t n)
{
    Pieces *p = ctx;
    p->count++;
    p->total += n;
    if (n > p->largest) p->largest = n;
    size_t k = n < sizeof p->tail - 1 ? n : sizeof p->tail - 1;
    memcpy(p->tail, s + n - k, k);
    p->tail[k] = 0;
}

/* A diagnostic on a 1 MB line costs a few hundred bytes, written as soon as
 * it is rendered; past max_diagnostics one line counts the rest, and the
 * summary still counts everything. */
START_TEST(long_lines_are_windowed_and_reports_stream)
{
    size_t len = 1 << 20;
    char *text = malloc(len + 1);
    memset(text, 'x', len);
    memcpy(text + len / 2, "bad", 3);
    text[len] = 0;
    Fixture f;
    fixture_init(&f, text);
    for (int i = 0; i < 50; i++) {
        Span at = {f.file, (uint32_t)(len / 2), (uint32_t)(len / 2 + 3)};
        Diag *d = diag_add(&f.dl, i < 49 ? D_LINT_SELF_SYNC : D_PATH_UNKNOWN, at, "number %d", i);
        Span start = {f.file, 0, 1};
        diag_note(&f.dl, d, start, "the line starts here");
    }
    const char *one = diag_render_one(&f.a, &f.dl, f.dl.items.items[0], false);
    ck_assert_uint_lt(strlen(one), 600);
    ck_assert_ptr_nonnull(strstr(one, " | ...xxxx"));
    ck_assert_ptr_nonnull(strstr(one, "xxxbadxxx"));
    ck_assert_ptr_nonnull(strstr(one, "x...\n"));
    /* the caret sits under the 'b': 40 characters into the window, after "..." */
    const char *marker = strstr(one, "   |    ");
    ck_assert_ptr_nonnull(marker);
    ck_assert_int_eq(marker[8 + 40], '^');
    ck_assert_int_eq(marker[8 + 41], '~');
    Pieces p = {0};
    RenderOptions ro = {FORMAT_TEXT, false, "9.9", 20};
    diag_render_to(&f.dl, &ro, count_piece, &p);
    ck_assert_uint_ge(p.count, 20);
    ck_assert_uint_lt(p.largest, 1000);
    ck_assert_str_eq(p.tail, "\nwpc: 30 more diagnostics not shown (--max-diagnostics=20; 0 shows all)\n"
                             "1 error, 49 warnings\n");
    ro.format = FORMAT_JSON;
    p = (Pieces){0};
    diag_render_to(&f.dl, &ro, count_piece, &p);
    ck_assert_uint_ge(p.count, 50); /* every diagnostic: JSON is whole */
    ck_assert_uint_lt(p.largest, 1000);
    arena_free(&f.a);
    free(text);
}
END_TEST

static bool valid_utf8(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        size_t n = *u < 0x80 ? 1 : *u >= 0xF0 ? 4 : *u >= 0xE0 ? 3 : *u >= 0xC2 ? 2 : 0;
        if (!n || *u > 0xF4) return false;
        for (size_t i = 1; i < n; i++)
            if ((u[i] & 0xC0) != 0x80) return false;
        if ((n == 3 && *u == 0xED && u[1] >= 0xA0) || (n == 3 && *u == 0xE0 && u[1] < 0xA0) ||
            (n == 4 && *u == 0xF0 && u[1] < 0x90) || (n == 4 && *u == 0xF4 && u[1] >= 0x90))
            return false;
        u += n;
    }
    return true;
}

/* Bytes that are not UTF-8 — quoted from the source in a message, or in a
 * file name — become U+FFFD in JSON and SARIF, which must be UTF-8. */
START_TEST(json_and_sarif_are_utf8_whatever_the_bytes)
{
    Arena a;
    arena_init(&a);
    SourceMap sm;
    source_map_init(&sm, &a);
    DiagList dl;
    diag_list_init(&dl, &a, &sm);
    uint32_t file = source_add(&sm, "dir\xff/app\xc3.wp", NULL, "sync a <-> b\n", 13);
    Span at = {file, 0, 4};
    Diag *d = diag_add(&dl, D_LEX_BAD_ESCAPE, at,
                       "bad \xe7 byte, overlong \xc0\xaf, surrogate \xed\xa0\x80, "
                       "cut \xe2\x82, kept \xe2\x82\xac");
    diag_note(&dl, d, at, "note \xf5 here");
    RenderOptions ro = {FORMAT_JSON, false, "9.9", 0};
    for (int k = 0; k < 2; k++) {
        const char *out = diag_render(&a, &dl, &ro);
        ck_assert_msg(valid_utf8(out), "not UTF-8:\n%s", out);
        ck_assert_ptr_nonnull(strstr(out, "bad \xef\xbf\xbd byte"));
        ck_assert_ptr_nonnull(strstr(out, "kept \xe2\x82\xac"));
        ck_assert_ptr_nonnull(strstr(out, "app\xef\xbf\xbd.wp"));
        ro.format = FORMAT_SARIF;
    }
    arena_free(&a);
}
END_TEST

START_TEST(explanations_page_lists_every_code)
{
    Arena a;
    arena_init(&a);
    const char *md = diag_explain_markdown(&a);
    for (int c = 0; c < DIAG_CODE_COUNT; c++) {
        char anchor[64];
        snprintf(anchor, sizeof anchor, "<a id=\"%s\"></a>", diag_info((DiagCode)c)->code);
        ck_assert_ptr_nonnull(strstr(md, anchor));
    }
    const char *one = diag_explain_text(&a, D_PATH_UNKNOWN);
    ck_assert(strncmp(one, "WP0401 (error, types): path not in the state", 44) == 0);
    arena_free(&a);
}
END_TEST

Suite *diag_suite(void)
{
    Suite *s = suite_create("diag");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_code_has_a_complete_entry);
    tcase_add_test(tc, text_rendering_has_location_caret_and_notes);
    tcase_add_test(tc, caret_counts_code_points_and_keeps_tabs);
    tcase_add_test(tc, sorting_is_by_position_then_insertion);
    tcase_add_test(tc, json_and_sarif_carry_codes_and_positions);
    tcase_add_test(tc, help_and_fix_in_every_format);
    tcase_add_test(tc, columns_on_long_lines);
    tcase_add_test(tc, long_lines_are_windowed_and_reports_stream);
    tcase_add_test(tc, json_and_sarif_are_utf8_whatever_the_bytes);
    tcase_add_test(tc, explanations_page_lists_every_code);
    suite_add_tcase(s, tc);
    return s;
}
