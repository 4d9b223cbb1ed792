/* cmd_explain.c — `wpc explain CODE`, `--list`, `--all [--markdown]`:
 * the explanations of diag_codes.def (docs/diagnostics.md is this output). */
#include <string.h>

#include "cli.h"

static const char explain_help[] = "Usage: wpc explain CODE        explain one diagnostic (WP0401)\n"
                                   "       wpc explain --list      every code with its title\n"
                                   "       wpc explain --all [--markdown]\n";

static void out_text(const char *s) { out_write(s, strlen(s)); }

int cmd_explain(int argc, char **argv)
{
    Arena a;
    arena_init(&a);
    int status = EXIT_OK;
    bool all = false, markdown = false, list = false;
    const char *code = NULL;
    for (int i = 1; i < argc; i++) {
        if (help_option(argv[i], explain_help)) {
            arena_free(&a);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--all") == 0)
            all = true;
        else if (strcmp(argv[i], "--markdown") == 0)
            markdown = true;
        else if (strcmp(argv[i], "--list") == 0)
            list = true;
        else if (argv[i][0] == '-') {
            arena_free(&a);
            return usage_error("explain: unknown option '%s'", argv[i]);
        } else
            code = argv[i];
    }
    if (list) {
        for (int c = 0; c < DIAG_CODE_COUNT; c++) {
            const DiagInfo *info = diag_info((DiagCode)c);
            printf("%s  %-7s  %s\n", info->code, diag_level_name(info->level), info->title);
        }
    } else if (all && markdown) {
        out_text(diag_explain_markdown(&a));
    } else if (all) {
        for (int c = 0; c < DIAG_CODE_COUNT; c++) {
            if (c) putchar('\n');
            out_text(diag_explain_text(&a, (DiagCode)c));
        }
    } else if (code) {
        DiagCode dc = diag_code_from_string(code);
        if (dc == DIAG_CODE_COUNT)
            status = usage_error("explain: unknown code '%s' (see wpc explain --list)", code);
        else
            out_text(diag_explain_text(&a, dc));
    } else {
        status = usage_error("explain: which code? (wpc explain WP0401, or --list)");
    }
    arena_free(&a);
    return status;
}
