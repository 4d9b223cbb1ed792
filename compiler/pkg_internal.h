/* pkg_internal.h — what pkg.c and pkg_dts.c share (not used elsewhere). */
#ifndef WPC_PKG_INTERNAL_H
#define WPC_PKG_INTERNAL_H

#include "arena.h"
#include "compile.h"
#include "ir.h"

/* The run-time form of an IR path pattern: segments joined with '.', a
 * `[*]` segment as "*" and `[**]` as "**" (the manifest's patterns). */
const char *pkg_pattern(Arena *a, const IrProgram *ir, IrId path);

/* A JSON string literal for s (valid JS and TS). */
const char *pkg_quote(Arena *a, const char *s);

/* index.d.ts for the compilation (c->sem, c->ir). */
const char *pkg_dts(Compilation *c, const char *pkg_name);

#endif
