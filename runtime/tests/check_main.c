/* check_main.c — runs every runtime suite; exit status is the failure count
 * (so make stops on a failure). */
#include <stdlib.h>

#include "rt_api.h"
#include "suites.h"
#include "td.h"

void fixture_fresh(void) { td_reset(); }

void fixture_started(void)
{
    td_reset();
    ck_assert_int_eq(td_create("{}"), RT_OK);
    td_log[0] = 0;
}

void fixture_down(void) { td_reset(); }

int main(void)
{
    SRunner *sr = srunner_create(suite_value());
    srunner_add_suite(sr, suite_shadow());
    srunner_add_suite(sr, suite_memory());
    srunner_add_suite(sr, suite_codec());
    srunner_add_suite(sr, suite_loop());
    srunner_add_suite(sr, suite_exports());
    srunner_add_suite(sr, suite_sync());
    srunner_add_suite(sr, suite_derived());
    srunner_add_suite(sr, suite_diff());
    srunner_add_suite(sr, suite_numfmt());
    srunner_add_suite(sr, suite_dfa());
    srunner_add_suite(sr, suite_listen());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
