/* cmd_build.c — `wpc build FILE [--emit ir|json] [-o OUT]`.
 *
 * Today the build stops at the IR: code generation and the npm package come
 * with the next stage of the compiler, and asking for them says so rather
 * than writing anything. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "ir.h"
#include "sem.h"

static const char build_help[] =
    "Usage: wpc build [options] FILE\n"
    "\n"
    "  --emit ir     print the compiled IR as text (default until code generation lands)\n"
    "  --emit json   the IR as JSON, for tooling\n"
    "  -o PATH       write the output to PATH instead of stdout\n"
    "  --format, --color, --fail-level   as for every command (diagnostics on stderr)\n"
    "\n"
    "The build stops with exit 1, writing nothing, when FILE has errors.\n";

int cmd_build(int argc, char **argv)
{
    CommonOptions opts;
    common_options_init(&opts);
    const char *file = NULL, *out = NULL, *emit = "ir";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(build_help, stdout);
            return EXIT_OK;
        }
        int r = common_option(&opts, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (strcmp(argv[i], "--emit") == 0 || strncmp(argv[i], "--emit=", 7) == 0) {
            if (argv[i][6] == '=') emit = argv[i] + 7;
            else if (i + 1 < argc) emit = argv[++i];
            else return usage_error("build: --emit needs a value (ir or json)");
        } else if (strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc) return usage_error("build: -o needs a path");
            out = argv[++i];
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("build: unknown option '%s'", argv[i]);
        } else if (file) {
            return usage_error("build: one file at a time");
        } else {
            file = argv[i];
        }
    }
    if (!file) return usage_error("build: no input file (wpc build app.wp)");
    bool as_json = strcmp(emit, "json") == 0;
    if (!as_json && strcmp(emit, "ir") != 0) {
        if (strcmp(emit, "wasm") == 0 || strcmp(emit, "wat") == 0)
            return usage_error("build: --emit %s is not available yet: this wpc stops at the IR "
                               "(use --emit ir or --emit json)", emit);
        return usage_error("build: --emit must be ir or json, not '%s'", emit);
    }
    /* JSON diagnostics would mix with JSON output on stdout. */
    if (opts.format != FORMAT_TEXT && !out)
        return usage_error("build: --format=%s needs -o for the build output",
                           opts.format == FORMAT_JSON ? "json" : "sarif");

    Compilation c;
    compilation_init(&c);
    int status;
    if (compile_load(&c, file) == LOAD_IO_ERROR) {
        status = usage_error("%s", c.io_error);
    } else {
        sem_check(&c);
        status = report_diagnostics(&c, &opts);
        if (!diag_has_errors(&c.diags)) {
            IrProgram *ir = ir_build(&c);
            const char *text = as_json ? ir_print_json(&c.arena, ir) : ir_print_text(&c.arena, ir);
            if (!out) fputs(text, stdout);
            else if (!write_file(out, text, strlen(text)))
                status = usage_error("cannot write '%s': %s", out, strerror(errno));
        }
    }
    compilation_free(&c);
    return status;
}
