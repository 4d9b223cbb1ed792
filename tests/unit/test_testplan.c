/* test_testplan.c — the plan `wpc test` hands its node driver
 * (compiler/test_plan.c) and the text report (compiler/test_report.c):
 * batches of consecutive `set` lines, steps in source order with their
 * lines, paths as segments (keys holding '.'), --filter, only the root
 * file's tests; and the report's lines for a pass, a failure and an error. */
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "sem.h"
#include "suites.h"
#include "test.h"

static char plan[8192];

static const char *plan_of(const char *src, const char *filter, uint32_t *n)
{
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "t.wp", NULL, src, strlen(src));
    sem_check(&c);
    ck_assert_msg(!diag_has_errors(&c.diags), "the source has errors");
    snprintf(plan, sizeof plan, "%s", test_plan_json(&c, filter, n));
    compilation_free(&c);
    return plan;
}

START_TEST(consecutive_sets_are_one_batch)
{
    uint32_t n = 0;
    const char *p = plan_of("state { a: number, b: number, m: map<number> }\n"
                            "test \"t\" {\n"
                            "  given { a: 1 }\n"
                            "  set a = 2\n"
                            "  set b = 3\n"
                            "  then\n"
                            "  set a = 4\n"
                            "  expect a == 4\n"
                            "  set m[\"x.y\"] = 5\n"
                            "  expect changes not contain m[\"x.y\"]\n"
                            "  expect b != 3\n"
                            "}\n",
                            NULL, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(p, "{\"file\":\"t.wp\",\"tests\":[{\"name\":\"t\",\"line\":2,\"steps\":["
                        "{\"do\":\"given\",\"line\":3,\"value\":{\"a\":1}},"
                        "{\"do\":\"apply\",\"line\":4,\"changes\":["
                        "{\"line\":4,\"text\":\"set a = 2\",\"path\":\"a\",\"segs\":[\"a\"],\"value\":2},"
                        "{\"line\":5,\"text\":\"set b = 3\",\"path\":\"b\",\"segs\":[\"b\"],\"value\":3}]},"
                        "{\"do\":\"apply\",\"line\":7,\"changes\":["
                        "{\"line\":7,\"text\":\"set a = 4\",\"path\":\"a\",\"segs\":[\"a\"],\"value\":4}]},"
                        "{\"do\":\"expect\",\"line\":8,\"text\":\"expect a == 4\",\"path\":\"a\",\"segs\":[\"a\"],"
                        "\"op\":\"==\",\"value\":4},"
                        "{\"do\":\"apply\",\"line\":9,\"changes\":["
                        "{\"line\":9,\"text\":\"set m[\\\"x.y\\\"] = 5\",\"path\":\"m.x.y\",\"segs\":[\"m\",\"x.y\"],"
                        "\"value\":5}]},"
                        "{\"do\":\"changes\",\"line\":10,\"text\":\"expect changes not contain m[\\\"x.y\\\"]\","
                        "\"path\":\"m.x.y\",\"segs\":[\"m\",\"x.y\"],\"negated\":true},"
                        "{\"do\":\"expect\",\"line\":11,\"text\":\"expect b != 3\",\"path\":\"b\",\"segs\":[\"b\"],"
                        "\"op\":\"!=\",\"value\":3}]}]}");
}
END_TEST

START_TEST(concern_expects_and_multiline_literals)
{
    uint32_t n = 0;
    const char *p = plan_of("state { a: string, l: list<number> }\n"
                            "field a { validate required }\n"
                            "test \"t\" {\n"
                            "  expect a:validationState == {\n"
                            "    isError: true, errors: [{ field: \".\", message: \"is required\" }]\n"
                            "  }\n"
                            "  set l = [1, 2.5, -0.125, 1e21]\n"
                            "}\n",
                            NULL, &n);
    ck_assert_uint_eq(n, 1);
    ck_assert_str_eq(p, "{\"file\":\"t.wp\",\"tests\":[{\"name\":\"t\",\"line\":3,\"steps\":["
                        "{\"do\":\"expect\",\"line\":4,\"text\":\"expect a:validationState == { isError: true, "
                        "errors: [{ field: \\\".\\\", message: \\\"is required\\\" }] }\",\"path\":\"a\","
                        "\"segs\":[\"a\"],\"concern\":\"validationState\",\"op\":\"==\","
                        "\"value\":{\"isError\":true,\"errors\":[{\"field\":\".\",\"message\":\"is required\"}]}},"
                        "{\"do\":\"apply\",\"line\":7,\"changes\":[{\"line\":7,\"text\":\"set l = [1, 2.5, -0.125, "
                        "1e21]\",\"path\":\"l\",\"segs\":[\"l\"],\"value\":[1,2.5,-0.125,1e+21]}]}]}]}");
}
END_TEST

START_TEST(filter_keeps_names_containing_the_text)
{
    const char *src = "state { a: number }\n"
                      "test \"email flows\" { set a = 1 }\n"
                      "test \"Email case\" { set a = 2 }\n"
                      "test \"total\" { set a = 3 }\n";
    uint32_t n = 0;
    const char *p = plan_of(src, "mail", &n);
    ck_assert_uint_eq(n, 2);
    ck_assert_ptr_nonnull(strstr(p, "\"email flows\""));
    ck_assert_ptr_nonnull(strstr(p, "\"Email case\""));
    ck_assert_ptr_null(strstr(p, "\"total\""));
    plan_of(src, "Email", &n); /* case-sensitive */
    ck_assert_uint_eq(n, 1);
    p = plan_of(src, "nothing", &n);
    ck_assert_uint_eq(n, 0);
    ck_assert_str_eq(p, "{\"file\":\"t.wp\",\"tests\":[]}");
}
END_TEST

static char report[4096];
static size_t report_len;

static void collect(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    if (report_len + n < sizeof report) {
        memcpy(report + report_len, s, n);
        report_len += n;
        report[report_len] = 0;
    }
}

START_TEST(text_report_lines)
{
    const char *driver = "{\"file\":\"a.wp\",\"tests\":["
                         "{\"name\":\"ok\",\"line\":3,\"passed\":true,\"failures\":[]},"
                         "{\"name\":\"bad\",\"line\":9,\"passed\":false,\"failures\":["
                         "{\"line\":12,\"text\":\"expect x == 1\",\"expected\":\"1\",\"actual\":\"missing\"}]},"
                         "{\"name\":\"boom\",\"line\":20,\"passed\":false,\"failures\":[],"
                         "\"error\":{\"line\":21,\"text\":\"set l.5 = 1\",\"message\":\"bad array index\"}}]}";
    Json *j = json_parse(driver, strlen(driver), &(size_t){0});
    ck_assert_ptr_nonnull(j);
    TestFileResult files[] = {{"a.wp", j}, {"b.wp", NULL}};
    Arena a;
    arena_init(&a);
    report_len = 0;
    test_report(&a, files, 2, TEST_FORMAT_TEXT, collect, NULL);
    ck_assert_str_eq(report, "PASS  a.wp: ok\n"
                             "FAIL  a.wp: bad\n"
                             "      a.wp:12: expect x == 1\n"
                             "        expected: 1\n"
                             "        actual:   missing\n"
                             "FAIL  a.wp: boom\n"
                             "      a.wp:21: set l.5 = 1\n"
                             "        error: bad array index\n"
                             "FAIL  b.wp: does not build (the diagnostics are above)\n"
                             "1 passed, 2 failed, 1 file did not build\n");
    TestTotals t = test_totals(files, 2);
    ck_assert_uint_eq(t.passed, 1);
    ck_assert_uint_eq(t.failed, 2);
    ck_assert_uint_eq(t.build_errors, 1);
    arena_free(&a);
    json_free(j);
}
END_TEST

Suite *testplan_suite(void)
{
    Suite *s = suite_create("testplan");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, consecutive_sets_are_one_batch);
    tcase_add_test(tc, concern_expects_and_multiline_literals);
    tcase_add_test(tc, filter_keeps_names_containing_the_text);
    tcase_add_test(tc, text_report_lines);
    suite_add_tcase(s, tc);
    return s;
}
