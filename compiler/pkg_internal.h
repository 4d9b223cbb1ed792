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

/* Appends the glue module `file` of runtime/js/ to b: its `import` lines
 * dropped, the `export ` prefix of its declarations removed (docs/package.md,
 * "How the entries are built"); false and c->io_error when not embedded. */
bool pkg_append_glue(Compilation *c, Arena *a, StrBuf *b, const char *file);

/* The subpaths besides "." (pkg_react.c): ./NAME with NAME.js, NAME.cjs and
 * NAME.d.ts, and the optional peer dependency they import. */
typedef struct PkgSubpath {
    const char *name; /* subpath and file stem */
    const char *peer; /* the peer dependency */
    const char *range;
} PkgSubpath;
enum { PKG_SUB_REACT, PKG_SUB_VALTIO, PKG_NSUBPATHS };
extern const PkgSubpath pkg_subpaths[PKG_NSUBPATHS];

/* NAME.js (or NAME.cjs) of subpath `which`; NULL and c->io_error when the
 * glue is missing. */
const char *pkg_subpath_entry(Compilation *c, Arena *a, const char *pkg_name, const char *source, int which, bool cjs);
/* NAME.d.ts of subpath `which`. */
const char *pkg_subpath_dts(Compilation *c, Arena *a, const char *pkg_name, int which);

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
/* The TypeScript type of one concern's value (index.d.ts's FieldConcerns and
 * react.d.ts's FieldConcernsAt share it). */
const char *pkg_concern_type(Arena *a, const IrProgram *ir, const IrConcern *c);
/* A key as template-literal text (\, ` and ${ escaped) (pkg_dts.c). */
const char *pkg_tpl_escape(Arena *a, const char *s);

#endif
