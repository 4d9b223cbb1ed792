/* test_source.c — line tables, columns in code points, arena strings. */
#include <string.h>

#include "arena.h"
#include "source.h"
#include "suites.h"

START_TEST(line_col_counts_lines_and_code_points)
{
    Arena a;
    arena_init(&a);
    SourceMap sm;
    source_map_init(&sm, &a);
    const char *text = "ab\nc\xc3\xa9"
                       "d\n\nlast";
    uint32_t f = source_add(&sm, "t.wp", NULL, text, strlen(text));
    LineCol lc = source_line_col(&sm, f, 0);
    ck_assert_uint_eq(lc.line, 1);
    ck_assert_uint_eq(lc.col, 1);
    lc = source_line_col(&sm, f, 3); /* 'c' */
    ck_assert_uint_eq(lc.line, 2);
    ck_assert_uint_eq(lc.col, 1);
    lc = source_line_col(&sm, f, 6); /* 'd' after a 2-byte é */
    ck_assert_uint_eq(lc.line, 2);
    ck_assert_uint_eq(lc.col, 3);
    lc = source_line_col(&sm, f, 9); /* "last" */
    ck_assert_uint_eq(lc.line, 4);
    ck_assert_uint_eq(lc.col, 1);
    uint32_t len;
    const char *line = source_line_text(&sm, f, 2, &len);
    ck_assert_uint_eq(len, 4);
    ck_assert(memcmp(line,
                     "c\xc3\xa9"
                     "d",
                     4) == 0);
    line = source_line_text(&sm, f, 3, &len);
    ck_assert_uint_eq(len, 0);
    line = source_line_text(&sm, f, 9, &len);
    ck_assert_uint_eq(len, 0);
    arena_free(&a);
}
END_TEST

START_TEST(crlf_line_text_drops_the_cr)
{
    Arena a;
    arena_init(&a);
    SourceMap sm;
    source_map_init(&sm, &a);
    const char *text = "one\r\ntwo";
    uint32_t f = source_add(&sm, "t.wp", NULL, text, strlen(text));
    uint32_t len;
    const char *line = source_line_text(&sm, f, 1, &len);
    ck_assert_uint_eq(len, 3);
    ck_assert(memcmp(line, "one", 3) == 0);
    arena_free(&a);
}
END_TEST

START_TEST(arena_vectors_and_strings_grow)
{
    Arena a;
    arena_init(&a);
    PtrVec v = {0};
    static int xs[1000];
    for (int i = 0; i < 1000; i++) ptrvec_push(&a, &v, &xs[i]);
    ck_assert_uint_eq(v.len, 1000);
    for (int i = 0; i < 1000; i++) ck_assert_ptr_eq(v.items[i], &xs[i]);
    StrBuf b = {0};
    ck_assert_str_eq(strbuf_cstr(&a, &b), "");
    for (int i = 0; i < 100; i++) strbuf_printf(&a, &b, "%d,", i % 10);
    ck_assert_uint_eq(b.len, 200);
    ck_assert(strncmp(strbuf_cstr(&a, &b), "0,1,2,", 6) == 0);
    void *big = arena_alloc(&a, 1 << 20); /* larger than a block */
    ck_assert_ptr_nonnull(big);
    ck_assert_str_eq(arena_printf(&a, "%s-%u", "x", 7u), "x-7");
    arena_free(&a);
}
END_TEST

Suite *source_suite(void)
{
    Suite *s = suite_create("source");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, line_col_counts_lines_and_code_points);
    tcase_add_test(tc, crlf_line_text_drops_the_cr);
    tcase_add_test(tc, arena_vectors_and_strings_grow);
    suite_add_tcase(s, tc);
    return s;
}
