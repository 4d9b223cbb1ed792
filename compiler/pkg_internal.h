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

/* A path as a TypeScript type: a string literal ("user.email"), or a
 * template literal type when it has wildcards (`legs.${string}.price`). */
const char *pkg_ts_path(Arena *a, const IrProgram *ir, IrId path);

/* A property name in TypeScript: as it is when an identifier, else quoted. */
const char *pkg_ts_key(Arena *a, const char *name);

/* The FieldConcerns and FieldPath declarations of index.d.ts
 * (pkg_dts_concerns.c). */
const char *pkg_dts_concerns(Arena *a, const IrProgram *ir);

#endif
