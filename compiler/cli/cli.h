/* cli.h — what the wpc commands share: options every command takes,
 * reading files, rendering the diagnostics of a compilation and turning them
 * into an exit status.  Only the CLI prints; library code collects. */
#ifndef WPC_CLI_H
#define WPC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "compile.h"
#include "diag_render.h"

enum {
    EXIT_OK = 0,
    EXIT_DIAGNOSTICS = 1, /* diagnostics at or above the fail level */
    EXIT_USAGE = 2,       /* bad command line, unreadable file */
    EXIT_INTERNAL = 70    /* a bug in wpc (EX_SOFTWARE) */
};

typedef enum ColorMode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER } ColorMode;

typedef struct CommonOptions {
    DiagFormat format;
    ColorMode color;
    DiagLevel fail_level;     /* LEVEL_ERROR (default) or LEVEL_WARNING */
    uint32_t max_diagnostics; /* text: shown at most (MAX_DIAGNOSTICS_DEFAULT); 0: all */
} CommonOptions;

enum { MAX_DIAGNOSTICS_DEFAULT = 100 };

void common_options_init(CommonOptions *o);

/* If argv[*i] is a common option, consumes it (and its value) and returns
 * 1; returns 0 if it is not one, -1 after printing a usage error. */
int common_option(CommonOptions *o, int argc, char **argv, int *i);

/* Prints the diagnostics of `c` (sorted) where the format says — text to
 * stderr, JSON/SARIF to stdout, the only thing written there — and returns
 * EXIT_DIAGNOSTICS when any is at or above the fail level, else EXIT_OK. */
int report_diagnostics(Compilation *c, const CommonOptions *o);

/* "wpc: <message>" on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file (or stdin for "-") into the arena; NULL and errno on
 * failure. */
char *read_file(Arena *a, const char *path, size_t *len);

/* Writes data to path atomically (a temporary file beside it, renamed
 * over it), through symbolic links, keeping an existing file's mode.
 * Refuses anything that exists and is not a regular file (a device, a
 * FIFO, a directory), which the rename would replace.  Returns NULL, or
 * the message of the failure ("cannot write 'x': ..."). */
const char *write_file(const char *path, const char *data, size_t len);

/* Writes to stdout, keeping the errno of the first failure for
 * stdout_error() (the stream's error flag outlives it). */
void out_write(const void *data, size_t n);
/* After the command: "" when everything reached stdout, else the reason. */
const char *stdout_error(void);

int cmd_lint(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_test(int argc, char **argv);

#endif
