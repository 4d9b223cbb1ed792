/* source.c — files, line tables and span arithmetic (see source.h). */
#include "source.h"

#include <stdbool.h>
#include <string.h>

#include "sorted.h"

void source_map_init(SourceMap *sm, Arena *arena)
{
    memset(sm, 0, sizeof *sm);
    sm->arena = arena;
}

uint32_t source_add(SourceMap *sm, const char *name, const char *path, const char *text, size_t len)
{
    ARENA_GROW(sm->arena, sm->files, sm->nfiles, sm->cap, 8);
    SourceFile *f = ARENA_NEW(sm->arena, SourceFile);
    f->name = arena_strdup(sm->arena, name);
    f->path = path ? arena_strdup(sm->arena, path) : NULL;
    f->text = arena_strndup(sm->arena, text, len);
    f->len = (uint32_t)len;
    sm->files[sm->nfiles] = f;
    return sm->nfiles++;
}

SourceFile *source_file(const SourceMap *sm, uint32_t file) { return file < sm->nfiles ? sm->files[file] : NULL; }

static bool is_lead(char c) { return ((unsigned char)c & 0xC0) != 0x80; }

static void build_lines(const SourceMap *sm, SourceFile *f)
{
    uint32_t n = 1;
    for (uint32_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n') n++;
    f->line_starts = ARENA_ARRAY(sm->arena, uint32_t, n);
    f->line_starts[0] = 0;
    uint32_t k = 1;
    for (uint32_t i = 0; i < f->len; i++)
        if (f->text[i] == '\n') f->line_starts[k++] = i + 1;
    f->nlines = n;
    uint32_t nmarks = f->len / SOURCE_MARK_BYTES + 1, cps = 0;
    f->cp_marks = ARENA_ARRAY(sm->arena, uint32_t, nmarks);
    for (uint32_t i = 0; i < f->len; i++) {
        if (i % SOURCE_MARK_BYTES == 0) f->cp_marks[i / SOURCE_MARK_BYTES] = cps;
        cps += is_lead(f->text[i]);
    }
    if (f->len % SOURCE_MARK_BYTES == 0) f->cp_marks[f->len / SOURCE_MARK_BYTES] = cps;
}

/* Code points in text[0, offset). */
static uint32_t cps_before(const SourceFile *f, uint32_t offset)
{
    uint32_t at = offset / SOURCE_MARK_BYTES * SOURCE_MARK_BYTES;
    uint32_t cps = f->cp_marks[offset / SOURCE_MARK_BYTES];
    for (; at < offset; at++) cps += is_lead(f->text[at]);
    return cps;
}

LineCol source_line_col(const SourceMap *sm, uint32_t file, uint32_t offset)
{
    LineCol lc = {1, 1};
    SourceFile *f = source_file(sm, file);
    if (!f) return lc;
    if (!f->line_starts) build_lines(sm, f);
    if (offset > f->len) offset = f->len;
    uint32_t lo = sorted_last_at_most(f->line_starts, f->nlines, offset); /* last start <= offset */
    lc.line = lo + 1;
    lc.col = cps_before(f, offset) - cps_before(f, f->line_starts[lo]) + 1;
    return lc;
}

const char *source_line_text(const SourceMap *sm, uint32_t file, uint32_t line, uint32_t *len)
{
    SourceFile *f = source_file(sm, file);
    *len = 0;
    if (!f || line == 0) return "";
    if (!f->line_starts) build_lines(sm, f);
    if (line > f->nlines) return "";
    uint32_t start = f->line_starts[line - 1];
    uint32_t end = line < f->nlines ? f->line_starts[line] - 1 : f->len;
    if (end > start && f->text[end - 1] == '\r') end--;
    *len = end - start;
    return f->text + start;
}

Span span_join(Span a, Span b)
{
    Span s = a;
    if (b.file == a.file) {
        if (b.start < s.start) s.start = b.start;
        if (b.end > s.end) s.end = b.end;
    }
    return s;
}

const char *source_span_text(Arena *a, const SourceMap *sm, Span span)
{
    SourceFile *f = source_file(sm, span.file);
    if (!f || span.start > span.end || span.end > f->len) return "";
    return arena_strndup(a, f->text + span.start, span.end - span.start);
}
