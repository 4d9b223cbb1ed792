/* cmd_fmt.c — `wpc fmt [--check|-w] [FILE...]`: canonical formatting.
 * Without files (or with "-") it formats stdin to stdout. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fmt.h"

static const char fmt_help[] = "Usage: wpc fmt [--check | -w] [options] [FILE...]\n"
                               "\n"
                               "Prints each FILE in canonical form (stdin when no FILE or '-').\n"
                               "  --check   print nothing; list files that are not formatted; exit 1 if any\n"
                               "  -w        rewrite files in place (only those that change)\n"
                               "Files with syntax errors are reported and left alone (exit 1).\n"
                               "Formatting keeps every comment and never changes what the file means.\n";

typedef enum FmtMode { MODE_PRINT, MODE_CHECK, MODE_WRITE } FmtMode;

static int format_one(const char *path, FmtMode mode, const CommonOptions *opts, bool *unformatted)
{
    Compilation c;
    compilation_init(&c);
    size_t len;
    bool is_stdin = strcmp(path, "-") == 0;
    char *text = read_file(&c.arena, path, &len);
    if (!text) {
        int status = read_failed(path);
        compilation_free(&c);
        return status;
    }
    const char *out;
    int status = EXIT_OK;
    if (fmt_file_text(&c, is_stdin ? "<stdin>" : path, text, len, &out) != FMT_OK) {
        status = report_diagnostics(&c, opts);
        if (status == EXIT_OK) status = EXIT_DIAGNOSTICS;
        compilation_free(&c);
        return status;
    }
    bool same = strlen(out) == len && memcmp(out, text, len) == 0;
    if (mode == MODE_PRINT || (mode == MODE_WRITE && is_stdin)) {
        out_write(out, strlen(out));
    } else if (mode == MODE_CHECK) {
        if (!same) {
            fprintf(stderr, "%s: not formatted (run 'wpc fmt -w %s')\n", path, path);
            *unformatted = true;
        }
    } else if (!same) {
        const char *failed = write_file(path, out, strlen(out));
        if (failed) status = usage_error("%s", failed);
    }
    compilation_free(&c);
    return status;
}

static int fmt_option(void *ctx, int argc, char **argv, int *i)
{
    (void)argc;
    FmtMode *mode = ctx;
    if (strcmp(argv[*i], "--check") == 0)
        *mode = MODE_CHECK;
    else if (strcmp(argv[*i], "-w") == 0 || strcmp(argv[*i], "--write") == 0)
        *mode = MODE_WRITE;
    else
        return 0;
    return 1;
}

int cmd_fmt(int argc, char **argv)
{
    CommonOptions opts;
    common_options_init(&opts);
    FmtMode mode = MODE_PRINT;
    FileArgs in;
    int status = file_args("fmt", argc, argv, fmt_help, &opts, fmt_option, &mode, &in);
    if (status != EXIT_OK || in.help) {
        free(in.files);
        return status;
    }
    if (in.n == 0) in.files[in.n++] = "-";
    bool unformatted = false;
    for (int i = 0; i < in.n && status != EXIT_USAGE; i++) {
        int r = format_one(in.files[i], mode, &opts, &unformatted);
        if (r > status) status = r;
    }
    free(in.files);
    if (status == EXIT_OK && unformatted) status = EXIT_DIAGNOSTICS;
    return status;
}
