/* main.c — wpc's entry point: picks the command and hands over.
 *
 * Everything that prints lives under compiler/cli/; the library stages
 * collect diagnostics and return. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "version.h"

static const char usage_text[] =
    "wpc — the WP rules compiler\n"
    "\n"
    "Usage: wpc <command> [options] [file]\n"
    "\n"
    "Commands:\n"
    "  build     compile a .wp file into an npm package (-o DIR), or --emit wasm|wat|ir|json\n"
    "  test      run the `test` blocks of .wp files against the compiled module (needs node)\n"
    "  lint      check a .wp file and the files it imports; report errors and warnings\n"
    "  fmt       print .wp files in canonical form (--check, -w)\n"
    "  explain   explain a diagnostic code (wpc explain WP0401)\n"
    "  import    convert a JSON configuration of the library wpc replaces into .wp\n"
    "\n"
    "Options for every command:\n"
    "  --format=text|json|sarif   how diagnostics are printed (default text)\n"
    "  --color=auto|always|never  colours in text diagnostics (default auto)\n"
    "  --fail-level=error|warning exit 1 on errors only (default), or on warnings too\n"
    "  --max-diagnostics=N        text: show at most N diagnostics (default 100, 0: all)\n"
    "  -h, --help                 help for a command: wpc <command> --help\n"
    "\n"
    "Exit status: 0 ok, 1 diagnostics at or above the fail level, 2 usage or I/O\n"
    "error, 70 internal error.  Documentation: docs/cli.md.\n";

static void out_of_memory(void)
{
    fputs("wpc: out of memory\n", stderr);
    exit(EXIT_INTERNAL);
}

/* Output that did not reach stdout (a full disk, a closed descriptor) is a
 * failed command, not a success: the buffer is flushed and the stream's
 * error flag checked once the command is done. */
static int finish(int status)
{
    const char *why = stdout_error();
    if (*why) {
        fprintf(stderr, "wpc: cannot write to standard output: %s\n", why);
        return EXIT_USAGE;
    }
    return status;
}

static int run(int argc, char **argv);

int main(int argc, char **argv) { return finish(run(argc, argv)); }

static int run(int argc, char **argv)
{
    arena_out_of_memory = out_of_memory;
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        if (argc > 2) { /* wpc help lint */
            char *sub[] = {argv[2], (char *)"--help", NULL};
            return run(3, (char *[]){argv[0], sub[0], sub[1], NULL});
        }
        fputs(usage_text, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("wpc %s\n", WPC_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "lint") == 0) return cmd_lint(argc - 1, argv + 1);
    if (strcmp(cmd, "fmt") == 0) return cmd_fmt(argc - 1, argv + 1);
    if (strcmp(cmd, "build") == 0) return cmd_build(argc - 1, argv + 1);
    if (strcmp(cmd, "test") == 0) return cmd_test(argc - 1, argv + 1);
    if (strcmp(cmd, "explain") == 0) return cmd_explain(argc - 1, argv + 1);
    if (strcmp(cmd, "import") == 0) return cmd_import(argc - 1, argv + 1);
    usage_error("unknown command '%s' (try 'wpc --help')", cmd);
    return EXIT_USAGE;
}
