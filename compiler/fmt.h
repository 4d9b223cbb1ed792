/* fmt.h — `wpc fmt`: the canonical text of a .wp file.
 *
 * fmt_module() prints a parsed Module back as source in the one canonical
 * layout described in docs/fmt.md.  Every comment of the file is kept, the
 * output parses to the same tree (ast_dump of input == ast_dump of output)
 * and formatting is idempotent.  Formatting works on one file at a time:
 * imports are not followed.
 *
 * fmt_file_text() is the CLI's entry point: it adds the text to the
 * compilation's sources, parses it and formats it, or reports that the file
 * has syntax errors (the diagnostics are left in c->diags; nothing is
 * printed here). */
#ifndef WPC_FMT_H
#define WPC_FMT_H

#include <stddef.h>

#include "arena.h"
#include "ast.h"
#include "compile.h"
#include "source.h"

/* The canonical text of `m` (parsed from sources' file m->file, which must
 * still hold the text the spans point into: comments are copied from it).
 * Arena-owned, NUL-terminated; "" for a file with nothing in it. */
const char *fmt_module(Arena *arena, const SourceMap *sources, const Module *m);

typedef enum { FMT_OK, FMT_PARSE_ERRORS } FmtStatus;

/* Adds `text` as file `name` to c->sources, parses it (imports are not
 * resolved) and on success sets *out to the formatted text (in c->arena).
 * Returns FMT_PARSE_ERRORS, *out untouched, when the file has lexical or
 * syntax errors; the errors are in c->diags. */
FmtStatus fmt_file_text(Compilation *c, const char *name, const char *text, size_t len, const char **out);

#endif
