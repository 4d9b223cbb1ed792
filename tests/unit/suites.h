/* suites.h — declarations of the unit-test suites listed in suites.def,
 * and helpers shared by the suites. */
#ifndef WPC_TEST_SUITES_H
#define WPC_TEST_SUITES_H

#include <check.h>

#define SUITE(fn) Suite *fn(void);
#include "suites.def"
#undef SUITE

#endif
