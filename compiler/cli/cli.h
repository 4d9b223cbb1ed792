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

/* What common_arg made of an argument. */
typedef enum ArgKind {
    ARG_OWN,   /* neither: one of the command's own */
    ARG_TAKEN, /* a common option, consumed with its value */
    ARG_HELP,  /* -h / --help: the help is printed, exit EXIT_OK */
    ARG_BAD    /* a usage error is printed, exit EXIT_USAGE */
} ArgKind;

/* What every command reads first in argv[*i]: -h/--help (prints `help`)
 * and the common options. */
ArgKind common_arg(CommonOptions *o, int argc, char **argv, int *i, const char *help);

/* An argument that is not one of the command's options: an unknown option
 * ("<cmd>: unknown option '<arg>'") or its one input file, which goes into
 * *file ("<cmd>: <one>" when there is one already).  EXIT_OK when taken,
 * EXIT_USAGE after the usage error. */
int take_input(const char *cmd, const char *arg, const char **file, const char *one);

/* A command's own option at argv[*i]: 1 when it took it (moving *i past
 * its value), 0 when it is not one, -1 after printing a usage error. */
typedef int (*OwnOption)(void *ctx, int argc, char **argv, int *i);

/* The files of a command that takes several, in argv order; `files` has
 * room for one more (a default "-"). */
typedef struct FileArgs {
    const char **files; /* the caller frees it */
    int n;
    bool help; /* -h / --help: the help is printed, exit EXIT_OK */
} FileArgs;

/* Reads the arguments of command `cmd`: -h/--help (prints `help`, stops),
 * then for each argument the command's own options (`own` with `ctx`;
 * they come first, so they may shadow a common one), the common options
 * and otherwise an unknown option (a usage error) or a file.  EXIT_OK;
 * EXIT_USAGE after a usage error; EXIT_INTERNAL out of memory. */
int file_args(const char *cmd, int argc, char **argv, const char *help, CommonOptions *o, OwnOption own, void *ctx,
              FileArgs *out);

/* True for `-h` / `--help`, after printing the command's `help` to stdout
 * (the command then exits with EXIT_OK). */
bool help_option(const char *arg, const char *help);

/* Prints the diagnostics of `c` (sorted) where the format says — text to
 * stderr, JSON/SARIF to stdout, the only thing written there — and returns
 * EXIT_DIAGNOSTICS when any is at or above the fail level, else EXIT_OK. */
int report_diagnostics(Compilation *c, const CommonOptions *o);

/* "wpc: <message>" on stderr; returns EXIT_USAGE. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file (or stdin for "-") into the arena; NULL and errno on
 * failure. */
char *read_file(Arena *a, const char *path, size_t *len);

/* After read_file failed: "wpc: cannot read '<path>': <why>" from errno
 * (EFBIG spelled out as the size limit); returns EXIT_USAGE. */
int read_failed(const char *path);

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
