/* cmd_test.c — `wpc test FILE… [--format text|json|junit] [--filter TEXT]`.
 *
 * For each FILE: the whole build (load, sem_check, ir_build, codegen_wasm,
 * as `wpc build` does, its diagnostics printed as `wpc build` prints them),
 * then the plan of its tests (test_plan.c) run under node against the
 * package (test_run.c); the results of every file are printed last
 * (test_report.c).  Exit 0 when every test passed, 1 when one failed, 2
 * when a file did not build, node is missing or the command line is wrong. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "codegen.h"
#include "ir.h"
#include "sem.h"
#include "test.h"

static const char test_help[] = "Usage: wpc test [options] FILE...\n"
                                "\n"
                                "Runs the `test` blocks of each FILE against its compiled module, with Node.js.\n"
                                "\n"
                                "  --format KIND   how the results are printed on standard output:\n"
                                "                    text   one line per test, the failures with file:line (default)\n"
                                "                    json   one JSON document\n"
                                "                    junit  JUnit XML, for CI servers\n"
                                "  --filter TEXT   run only the tests whose name contains TEXT\n"
                                "  --color, --fail-level, --max-diagnostics\n"
                                "                  as for every command (build diagnostics, in text on stderr)\n"
                                "\n"
                                "Node.js 18 or later must be installed: `node` on PATH, or the binary WPC_NODE names.\n"
                                "Exit status: 0 every test passed, 1 a test failed, 2 a file did not build\n"
                                "(or node is missing, or a usage error).\n";

static int out_of_memory(void)
{
    fputs("wpc: out of memory\n", stderr);
    return EXIT_INTERNAL;
}

static void stdout_write(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    out_write(s, n);
}

/* Builds and tests one file; its diagnostics go to stderr.  *result gets the
 * driver's answer (NULL when the file did not build).  Returns EXIT_OK,
 * EXIT_USAGE (no node, an I/O failure: *fatal says to stop) or
 * EXIT_DIAGNOSTICS (the file did not build). */
static int test_file(const char *file, const CommonOptions *opts, const char *filter, Arena *keep, const char **node,
                     Json **result, bool *fatal)
{
    *result = NULL;
    Compilation c;
    compilation_init(&c);
    int status = EXIT_OK;
    if (compile_load(&c, file) == LOAD_IO_ERROR) {
        usage_error("%s", c.io_error);
        compilation_free(&c);
        return EXIT_DIAGNOSTICS;
    }
    sem_check(&c);
    WasmModule m;
    bool built = false;
    if (!diag_has_errors(&c.diags)) {
        ir_build(&c);
        CodegenOptions cg = {.opt = OPT_O2};
        built = codegen_wasm(&c, &cg, &m);
        if (!built && !diag_has_errors(&c.diags))
            usage_error("%s", c.io_error ? c.io_error : "internal error: code generation failed");
    }
    if (report_diagnostics(&c, opts) != EXIT_OK) built = false;
    if (!built) {
        compilation_free(&c);
        return EXIT_DIAGNOSTICS;
    }
    uint32_t ntests = 0;
    const char *plan = test_plan_json(&c, filter, &ntests);
    const char *error = NULL;
    if (ntests == 0) {
        /* nothing to run: no need for node */
        *result = json_parse("{\"tests\":[]}", 12, &(size_t){0});
    } else if (!*node && !(*node = test_find_node(keep, &error))) {
        usage_error("%s", error);
        *fatal = true;
        status = EXIT_USAGE;
    } else if (!(*result = test_run(&c, &m, plan, *node, &error))) {
        usage_error("%s: %s", file, error);
        *fatal = true;
        status = EXIT_USAGE;
    }
    compilation_free(&c);
    return status;
}

/* --format and --filter (the results' format: it shadows the common
 * --format of diagnostics). */
typedef struct TestArgs {
    TestFormat format;
    const char *filter;
} TestArgs;

static int test_option(void *ctx, int argc, char **argv, int *i)
{
    TestArgs *t = ctx;
    const char *a = argv[*i];
    if (strcmp(a, "--format") == 0 || strncmp(a, "--format=", 9) == 0) {
        const char *v = a[8] == '=' ? a + 9 : *i + 1 < argc ? argv[++*i] : "";
        if (strcmp(v, "text") == 0)
            t->format = TEST_FORMAT_TEXT;
        else if (strcmp(v, "json") == 0)
            t->format = TEST_FORMAT_JSON;
        else if (strcmp(v, "junit") == 0)
            t->format = TEST_FORMAT_JUNIT;
        else {
            usage_error("test: --format must be text, json or junit, not '%s'", v);
            return -1;
        }
        return 1;
    }
    if (strcmp(a, "--filter") == 0 || strncmp(a, "--filter=", 9) == 0) {
        if (a[8] == '=')
            t->filter = a + 9;
        else if (*i + 1 < argc)
            t->filter = argv[++*i];
        else {
            usage_error("test: --filter needs a text (part of a test name)");
            return -1;
        }
        return 1;
    }
    return 0;
}

int cmd_test(int argc, char **argv)
{
    CommonOptions opts;
    common_options_init(&opts);
    TestArgs args = {TEST_FORMAT_TEXT, NULL};
    FileArgs in;
    int status = file_args("test", argc, argv, test_help, &opts, test_option, &args, &in);
    const char **files = in.files;
    size_t nfiles = (size_t)in.n;
    TestFormat format = args.format;
    const char *filter = args.filter;
    if (status == EXIT_OK && !nfiles && !in.help) status = usage_error("test: no input file (wpc test app.wp)");
    if (status != EXIT_OK || in.help) {
        free(files);
        return status;
    }
    opts.format = FORMAT_TEXT; /* diagnostics; --format is the results' */

    TestFileResult *results = calloc(nfiles, sizeof *results);
    Json **owned = calloc(nfiles, sizeof *owned);
    if (!results || !owned) {
        free(results);
        free(owned);
        free(files);
        return out_of_memory();
    }
    const char *node = NULL; /* found at the first file with tests, in `keep` */
    Arena keep;
    arena_init(&keep);
    bool fatal = false, build_failed = false;
    size_t done = 0;
    for (; done < nfiles && !fatal; done++) {
        int s = test_file(files[done], &opts, filter, &keep, &node, &owned[done], &fatal);
        if (s == EXIT_DIAGNOSTICS) build_failed = true;
        if (fatal) break;
        results[done] = (TestFileResult){files[done], owned[done]};
    }
    if (!fatal) {
        test_report(&keep, results, done, format, stdout_write, NULL);
        TestTotals t = test_totals(results, done);
        status = build_failed ? EXIT_USAGE : t.failed ? EXIT_DIAGNOSTICS : EXIT_OK;
    } else {
        status = EXIT_USAGE;
    }
    for (size_t i = 0; i < nfiles; i++)
        if (owned[i]) json_free(owned[i]);
    arena_free(&keep);
    free(owned);
    free(results);
    free(files);
    return status;
}
