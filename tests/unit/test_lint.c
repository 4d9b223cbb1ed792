/* test_lint.c — the WP10xx warnings and `// wpc-allow` suppressions.  Uses
 * the renderer of test_sema.c: diagnostics as "CODE@line:col[+notes]". */
#include <stdio.h>
#include <string.h>

#include "compile.h"
#include "lint.h"
#include "sem.h"
#include "suites.h"

const char *sema_diags(const char *src);

#define CHECK(src, expected) ck_assert_str_eq(sema_diags(src), expected)

START_TEST(never_fires)
{
    CHECK("clear a when a changes\n", "WP1001@1:1");
    CHECK("clear legs[*].q when legs[*].q changes\n", "WP1001@1:1");
    /* Another trigger, or another target, makes the rule useful. */
    CHECK("clear a when a, b changes\n", "");
    CHECK("clear a, b when a changes\n", "");
    CHECK("aggregate t <- a exclude when true, b exclude when x or not x\n", "WP1001@1:1");
    CHECK("compute t = sum(a exclude when true, b)\n", "");
    CHECK("group g when false { sync a <-> b }\n", "WP1001@1:14");
    CHECK("group g when x and not x { sync a <-> b }\n", "WP1001@1:14");
}
END_TEST

START_TEST(duplicate_rules)
{
    CHECK("sync a <-> b\nsync b <-> a\n", "WP1002@2:1+1");
    CHECK("flip a <-> b\nsync a <-> b\n", "WP0602@2:6+2");
    CHECK("sync a -> b\nsync b -> a\n", "WP0601@1:11+2");
    CHECK("listen a, b scope root call f\nlisten b, a scope root call f\n", "WP1002@2:1+1");
    CHECK("listen a call f\nlisten a call g\n", "");
    CHECK("clear a, b when c changes\nclear b, a when c changes\n", "WP1002@2:1+1");
    CHECK("sync a <-> b\ngroup g { sync a <-> b }\n", "");
    CHECK("compute t = sum(a)\ncompute  t =  sum( a )\n", "WP1002@2:1+1");
}
END_TEST

START_TEST(field_no_concern_and_unused_validator)
{
    CHECK("field user.email { }\n", "WP1003@1:7");
    CHECK("validator zip = pattern(\"^[0-9]{5}$\")\n", "WP1004@1:11");
    CHECK("validator zip = min(1)\nfield x { validate zip }\n", "");
    /* Validators of the stdlib are not reported. */
    CHECK("import \"std/validators\"\n", "");
}
END_TEST

START_TEST(self_sync)
{
    CHECK("sync a.b <-> a.b\n", "WP1005@1:6");
    CHECK("sync a.b <-> c <-> c\n", "WP1005@1:14");
    CHECK("sync items[0] <-> items.0\n", "WP1005@1:6");
}
END_TEST

START_TEST(constant_conditions)
{
    CHECK("field x { visible when a or not a }\n", "WP1006@1:24");
    CHECK("field x { visible when a and b and not a }\n", "WP1006@1:24");
    CHECK("field x { visible when c and (a or not a) }\n", "WP1006@1:30");
    CHECK("field x { visible when a or true }\n", "WP1006@1:24");
    CHECK("field x { label = if a and false then \"x\" else \"y\" }\n", "WP1006@1:22");
    /* A bare literal is a deliberate "always". */
    CHECK("field x { disabled when true\n visible when false\n concern c when true }\n", "");
    CHECK("field x { visible when a and not b }\n", "");
    /* Only a null type decides `exists`: a declared field can still be
     * missing from the state the application passes. */
    CHECK("state { a: null, b: string, x: bool }\n"
          "field x { visible when exists a\n disabled when exists b\n readonly when empty a }\n",
          "WP1006@2:24 WP1006@4:16");
}
END_TEST

START_TEST(cond_value)
{
    Compilation c;
    compilation_init(&c);
    const char *src = "field x { visible when not (a and not a) }\n";
    compile_load_text(&c, "t.wp", NULL, src, strlen(src));
    sem_check(&c);
    const SemRule *r = c.sem->rules.items[0];
    const Concern *cn = r->item->concerns.items[0];
    ck_assert_int_eq(lint_cond_value(c.sem, cn->cond), 1);
    ck_assert_int_eq(lint_cond_value(c.sem, cn->cond->lhs->lhs), -1);
    compilation_free(&c);
}
END_TEST

/* A long chain: the source of "field x { visible when " + terms joined by op. */
static const char *chain_field(char *buf, size_t cap, const char *first, const char *op, const char *term, int n,
                               const char *last)
{
    size_t k = (size_t)snprintf(buf, cap, "field x { visible when %s", first);
    for (int i = 0; i < n && k + 64 < cap; i++) k += (size_t)snprintf(buf + k, cap - k, " %s %s%d", op, term, i);
    snprintf(buf + k, cap - k, " %s %s }\n", op, last);
    return buf;
}

START_TEST(constant_long_chains)
{
    static char src[1 << 20];
    /* The complementary pair is found however far apart its terms are
     * (a search over the first 64 operands missed this one). */
    CHECK(chain_field(src, sizeof src, "not a", "and", "b", 100, "a"), "WP1006@1:24");
    CHECK(chain_field(src, sizeof src, "a", "or", "b", 5000, "not a"), "WP1006@1:24");
    CHECK(chain_field(src, sizeof src, "a", "or", "b", 5000, "c"), "");
    /* Parentheses group without changing the chain; the pair may sit in
     * different groups. */
    CHECK("field x { visible when (a and b) and (c and not a) }\n", "WP1006@1:24");
    /* An all-true prefix is constant inside a chain that is not. */
    CHECK("field x { visible when true and true and y }\n", "WP1006@1:24");
    /* `not` chains: parity. */
    CHECK("field x { visible when not not not (a or not a) }\n", "WP1006@1:24");
    Compilation c;
    compilation_init(&c);
    const char *deep = chain_field(src, sizeof src, "x", "and", "y", 20000, "z");
    compile_load_text(&c, "t.wp", NULL, deep, strlen(deep));
    sem_check(&c);
    const SemRule *r = c.sem->rules.items[0];
    const Concern *cn = r->item->concerns.items[0];
    ck_assert_int_eq(lint_cond_value(c.sem, cn->cond), -1);
    compilation_free(&c);
}
END_TEST

/* ---- suppression ---------------------------------------------------------- */

START_TEST(suppression)
{
    CHECK("field a { } // wpc-allow WP1003: placeholder for the designers\n", "");
    CHECK("// wpc-allow WP1003: placeholder\nfield a { }\n", "");
    CHECK("// wpc-allow WP1003: placeholder\n\n// another comment\nfield a { }\n", "");
    CHECK("// wpc-allow WP1003, WP1005: both\nfield a { } sync b <-> b\n", "");
    CHECK("// wpc-allow WP1003 WP1005: both\nfield a { } sync b <-> b\n", "");
    /* Only the named code, only the covered line. */
    CHECK("// wpc-allow WP1005: wrong code\nfield a { }\n", "WP1003@2:7");
    CHECK("// wpc-allow WP1003: too far\nsync x <-> y\nfield a { }\n", "WP1003@3:7");
    /* Malformed comments warn and silence nothing. */
    CHECK("// wpc-allow WP1003\nfield a { }\n", "WP1007@1:1 WP1003@2:7");
    CHECK("// wpc-allow WP1003:   \nfield a { }\n", "WP1007@1:1 WP1003@2:7");
    CHECK("// wpc-allow WP9999: why\nfield a { }\n", "WP1007@1:1 WP1003@2:7");
    CHECK("// wpc-allow: why\nfield a { }\n", "WP1007@1:1 WP1003@2:7");
    /* Errors cannot be suppressed. */
    CHECK("// wpc-allow WP0602: sure\nflip a <-> a\n", "WP1007@1:1 WP0602@2:6");
    /* Not a suppression at all. */
    CHECK("// wpc-allowance is not a keyword\nfield a { }\n", "WP1003@2:7");
    CHECK("/* wpc-allow WP1003: block */\nfield a { }\n", "WP1003@2:7");
    ck_assert_int_eq(diag_code_from_string("wp1003"), D_LINT_FIELD_NO_CONCERN);
}
END_TEST

Suite *lint_suite(void)
{
    Suite *s = suite_create("lint");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, never_fires);
    tcase_add_test(tc, duplicate_rules);
    tcase_add_test(tc, field_no_concern_and_unused_validator);
    tcase_add_test(tc, self_sync);
    tcase_add_test(tc, constant_conditions);
    tcase_add_test(tc, cond_value);
    tcase_add_test(tc, constant_long_chains);
    tcase_add_test(tc, suppression);
    suite_add_tcase(s, tc);
    return s;
}
