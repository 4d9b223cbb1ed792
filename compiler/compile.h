/* compile.h — one compilation: what every stage shares.
 *
 *   compile_load()  reads the root file, parses it and every import
 *                   (sem_imports.c; parse.c for each file)
 *   sem_check()     resolves paths and types, checks rules, runs lints
 *                   (sem*.c, lint.c); results in c->sem
 *   ir_build()      lowers the checked program to the IR (ir*.c)
 *
 * Stages add diagnostics to c->diags and never print; main.c renders them. */
#ifndef WPC_COMPILE_H
#define WPC_COMPILE_H

#include <stdbool.h>

#include "arena.h"
#include "diag.h"
#include "source.h"

struct SemInfo;   /* sem.h */
struct IrProgram; /* ir.h  */

typedef struct Compilation {
    Arena arena;
    SourceMap sources;
    DiagList diags;
    PtrVec modules;       /* Module *, in load order; [0] is the root file */
    struct SemInfo *sem;  /* set by sem_check */
    struct IrProgram *ir; /* set by ir_build */
    const char *io_error; /* set when compile_load could not read the root file */
} Compilation;

void compilation_init(Compilation *c);
void compilation_free(Compilation *c);

typedef enum LoadResult {
    LOAD_OK,      /* parsed (diagnostics may still hold errors) */
    LOAD_IO_ERROR /* the root file could not be read: c->io_error */
} LoadResult;

/* Loads `path` (a file on disk) and everything it imports. */
LoadResult compile_load(Compilation *c, const char *path);

/* Loads a root file from memory (tests, `wpc fmt -`): `name` is shown in
 * diagnostics; relative imports resolve against `dir` (NULL: the cwd). */
LoadResult compile_load_text(Compilation *c, const char *name, const char *dir, const char *text, size_t len);

#endif
