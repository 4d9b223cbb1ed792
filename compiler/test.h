/* test.h — `wpc test`: running the `test` blocks of a file against its
 * compiled module (docs/testing.md, docs/cli.md).
 *
 *   test_plan_json()  test_plan.c    the checked tests of the root file as a
 *                                    JSON plan: values, paths, source lines
 *   test_find_node()  test_run.c     the node binary (WPC_NODE, or PATH)
 *   test_run()        test_run.c     writes the package and the plan to a
 *                                    temporary directory, runs the embedded
 *                                    driver (compiler/cli/test_driver.mjs)
 *                                    under node, returns what it printed
 *   test_report_*()   test_report.c  prints the results: text, json, junit
 *
 * The driver does the comparing (docs/language.md §11): it owns the
 * pipeline, so the values it compares are the ones the app would see. */
#ifndef WPC_TEST_H
#define WPC_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codegen.h"
#include "compile.h"
#include "json.h"

/* The plan of the tests written in the root file of `c` (after a clean
 * sem_check) whose name contains `filter` (NULL: all); *ntests gets how
 * many.  Arena-owned JSON text. */
const char *test_plan_json(Compilation *c, const char *filter, uint32_t *ntests);

/* The node binary to run: $WPC_NODE when set, else the first `node` on
 * PATH.  NULL with *error set (a message naming what to install). */
const char *test_find_node(Arena *a, const char **error);

/* Writes the package of `wasm` (c->ir must be set) and `plan` into a fresh
 * temporary directory, runs the driver there with `node`, removes the
 * directory and returns the driver's result as parsed JSON (the caller
 * frees it).  NULL with *error set when the package cannot be written or
 * node did not answer with a result. */
Json *test_run(Compilation *c, const WasmModule *wasm, const char *plan, const char *node, const char **error);

/* ---- reports ---------------------------------------------------------------- */

typedef enum TestFormat { TEST_FORMAT_TEXT, TEST_FORMAT_JSON, TEST_FORMAT_JUNIT } TestFormat;

/* One FILE of the command line: its name as given, and the driver's result
 * (NULL when it did not build: its diagnostics were printed). */
typedef struct TestFileResult {
    const char *file;
    const Json *result;
} TestFileResult;

typedef struct TestTotals {
    uint32_t passed, failed, build_errors;
} TestTotals;

typedef void (*TestWrite)(void *ctx, const char *s, size_t n);

TestTotals test_totals(const TestFileResult *files, size_t n);

/* Prints every file's results in `format`, then (text) the final line
 * `N passed, N failed`. */
void test_report(Arena *a, const TestFileResult *files, size_t n, TestFormat format, TestWrite write, void *ctx);

#endif
