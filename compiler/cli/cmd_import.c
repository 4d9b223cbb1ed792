/* cmd_import.c — `wpc import FILE.json [-o FILE.wp]`: a configuration of
 * the library wpc replaces, converted to .wp (import.h), then checked as
 * `wpc lint` would check it.  docs/migrating.md describes the conversion. */
#include <string.h>

#include "cli.h"
#include "import.h"
#include "sem.h"

static const char import_help[] = "Usage: wpc import [options] FILE.json [-o FILE.wp]\n"
                                  "\n"
                                  "Converts the side effects and concerns an application registers with the\n"
                                  "JavaScript library wpc replaces, saved as JSON:\n"
                                  "  { \"sideEffects\": {...}, \"concerns\": {...}, \"state\": {...} }\n"
                                  "into a formatted .wp file (standard output, or -o FILE), then checks that\n"
                                  "file as 'wpc lint' does.  \"state\", an example state, gives the state block.\n"
                                  "Every part that cannot be converted is reported with its JSON pointer and\n"
                                  "line:column; the rest is still written.\n"
                                  "\n"
                                  "  -o FILE                    write the .wp file to FILE\n"
                                  "  --format=text|json|sarif   json/sarif need -o (stdout holds the .wp file)\n"
                                  "  --color, --fail-level, --max-diagnostics   as for every command\n"
                                  "\n"
                                  "Exit status: 0 everything converted and the result checks clean, 1 some part\n"
                                  "not converted or the result has errors (or warnings, with --fail-level=warning),\n"
                                  "2 unreadable or invalid input (nothing written), 70 internal error.\n";

int cmd_import(int argc, char **argv)
{
    CommonOptions opts;
    common_options_init(&opts);
    const char *file = NULL, *out_path = NULL;
    for (int i = 1; i < argc; i++) {
        ArgKind k = common_arg(&opts, argc, argv, &i, import_help);
        if (k == ARG_TAKEN) continue;
        if (k != ARG_OWN) return k == ARG_HELP ? EXIT_OK : EXIT_USAGE;
        if (strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc) return usage_error("import: -o needs a file name");
            out_path = argv[++i];
        } else if (take_input("import", argv[i], &file, "one JSON file at a time") != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (!file) return usage_error("import: no input file (wpc import config.json -o app.wp)");
    if (!out_path && opts.format != FORMAT_TEXT)
        return usage_error("import: --format=json|sarif needs -o FILE (standard output holds the .wp file)");

    Compilation c;
    compilation_init(&c);
    size_t len;
    char *text = read_file(&c.arena, file, &len);
    if (!text) {
        int status = read_failed(file);
        compilation_free(&c);
        return status;
    }
    const char *wp = NULL;
    ImportStatus st = import_json(&c, strcmp(file, "-") == 0 ? "<stdin>" : file, text, len, &wp);
    if (st == IMPORT_BAD_INPUT || st == IMPORT_INTERNAL) {
        report_diagnostics(&c, &opts);
        if (st == IMPORT_INTERNAL) fputs("wpc: internal error: the converted text does not parse\n", stderr);
        compilation_free(&c);
        return st == IMPORT_INTERNAL ? EXIT_INTERNAL : EXIT_USAGE;
    }
    size_t n = strlen(wp);
    if (out_path) {
        const char *failed = write_file(out_path, wp, n);
        if (failed) {
            int status = usage_error("%s", failed);
            compilation_free(&c);
            return status;
        }
    } else {
        out_write(wp, n);
    }
    /* The result is checked like `wpc lint` checks a file: what a build of
     * it would report, at its own lines. */
    compile_load_text(&c, out_path ? out_path : "<stdout>", NULL, wp, n);
    sem_check(&c);
    int status = report_diagnostics(&c, &opts);
    compilation_free(&c);
    return status;
}
