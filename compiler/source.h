/* source.h — the files of one compilation, and spans into them.
 *
 * A Span is a byte range in one file.  Line and column are computed only when
 * a diagnostic is printed, from a line table built lazily per file. */
#ifndef WPC_SOURCE_H
#define WPC_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct Span {
    uint32_t file;  /* index into SourceMap.files */
    uint32_t start; /* byte offset of the first byte */
    uint32_t end;   /* byte offset one past the last byte */
} Span;

typedef struct SourceFile {
    const char *name; /* as shown to users: relative path, or "std/x" */
    const char *path; /* what was opened (NULL for embedded stdlib files) */
    const char *text; /* NUL-terminated contents */
    uint32_t len;
    uint32_t *line_starts; /* lazily built; line_starts[i] = offset of line i+1 */
    uint32_t nlines;
    uint32_t *cp_marks; /* built with line_starts; cp_marks[k] = code points in
                               the first k * SOURCE_MARK_BYTES bytes */
} SourceFile;

/* Columns are counted from these marks, so finding one costs at most this
 * many bytes of scanning, however long the line: a diagnostic near the end
 * of a 1 MB line must not rescan the line. */
enum { SOURCE_MARK_BYTES = 256 };

/* The largest source file wpc reads (256 MiB).  Offsets are 32-bit, and
 * compiling takes tens of times a file's size in memory; readers refuse a
 * larger file (or stream: stdin, a FIFO, a device) with EFBIG. */
#define SOURCE_MAX_BYTES ((size_t)256 << 20)

typedef struct SourceMap {
    Arena *arena;
    SourceFile **files;
    uint32_t nfiles, cap;
} SourceMap;

typedef struct LineCol {
    uint32_t line; /* 1-based */
    uint32_t col;  /* 1-based, in characters (UTF-8 code points) */
} LineCol;

void source_map_init(SourceMap *sm, Arena *arena);

/* Adds a file whose text the caller already holds (copied into the arena);
 * returns its index. */
uint32_t source_add(SourceMap *sm, const char *name, const char *path, const char *text, size_t len);

SourceFile *source_file(const SourceMap *sm, uint32_t file);

LineCol source_line_col(const SourceMap *sm, uint32_t file, uint32_t offset);

/* The text of 1-based line `line` without its newline; *len receives the
 * length.  Returns "" past the end. */
const char *source_line_text(const SourceMap *sm, uint32_t file, uint32_t line, uint32_t *len);

Span span_join(Span a, Span b);

/* The bytes of `span` as a string ("" for a span outside its file). */
const char *source_span_text(Arena *a, const SourceMap *sm, Span span);

#endif
