/* cmd_lint.c — `wpc lint FILE`: load, check, report.  Exit 1 when any
 * diagnostic reaches the fail level. */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "sem.h"

static const char lint_help[] = "Usage: wpc lint [options] FILE\n"
                                "\n"
                                "Checks FILE and every file it imports: syntax, paths and types against the\n"
                                "state block, rule checks, cycles, and lints (warnings WP10xx).\n"
                                "\n"
                                "  --format=text|json|sarif   text on stderr; json/sarif on stdout (nothing else is)\n"
                                "  --color=auto|always|never\n"
                                "  --fail-level=error|warning exit 1 on warnings too with 'warning'\n"
                                "  --max-diagnostics=N        text: show at most N (default 100; 0: all)\n"
                                "\n"
                                "Silence one warning on one line with '// wpc-allow WP1003: reason'.\n";

int cmd_lint(int argc, char **argv)
{
    CommonOptions opts;
    common_options_init(&opts);
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        ArgKind k = common_arg(&opts, argc, argv, &i, lint_help);
        if (k == ARG_TAKEN) continue;
        if (k != ARG_OWN) return k == ARG_HELP ? EXIT_OK : EXIT_USAGE;
        if (take_input("lint", argv[i], &file, "one file at a time (it checks its imports too)") != EXIT_OK)
            return EXIT_USAGE;
    }
    if (!file) return usage_error("lint: no input file (wpc lint app.wp)");

    Compilation c;
    compilation_init(&c);
    if (compile_load(&c, file) == LOAD_IO_ERROR) {
        int status = usage_error("%s", c.io_error);
        compilation_free(&c);
        return status;
    }
    sem_check(&c);
    int status = report_diagnostics(&c, &opts);
    compilation_free(&c);
    return status;
}
