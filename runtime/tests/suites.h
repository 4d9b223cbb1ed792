/* suites.h — the Check suites of the runtime, one per file, run by
 * check_main.c. */
#ifndef SUITES_H
#define SUITES_H

#include <check.h>

Suite *suite_value(void);
Suite *suite_shadow(void);
Suite *suite_memory(void);
Suite *suite_codec(void);
Suite *suite_loop(void);
Suite *suite_exports(void);
Suite *suite_sync(void);
Suite *suite_derived(void);
Suite *suite_diff(void);
Suite *suite_numfmt(void);
Suite *suite_dfa(void);
Suite *suite_listen(void);

/* Shared fixtures: a fresh runtime per test. */
void fixture_fresh(void);
void fixture_started(void); /* fresh, then started with state {} */
void fixture_down(void);

#endif
