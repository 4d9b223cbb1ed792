/* diag.c — the diagnostic table and list (see diag.h). */
#include "diag.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const DiagInfo diag_table[DIAG_CODE_COUNT] = {
#define DIAG(code, name, level, category, title, explain, example, fix)                                                \
    [name] = {#code, LEVEL_##level, category, title, explain, example, fix},
#include "diag_codes.def"
#undef DIAG
};

const DiagInfo *diag_info(DiagCode code) { return code < DIAG_CODE_COUNT ? &diag_table[code] : NULL; }

DiagCode diag_code_from_string(const char *s)
{
    for (int i = 0; i < DIAG_CODE_COUNT; i++)
        if (strcasecmp(diag_table[i].code, s) == 0) return (DiagCode)i;
    return DIAG_CODE_COUNT;
}

void diag_list_init(DiagList *dl, Arena *arena, SourceMap *sources)
{
    memset(dl, 0, sizeof *dl);
    dl->arena = arena;
    dl->sources = sources;
}

static Diag *diag_push(DiagList *dl, DiagCode code, bool has_span, Span span, const char *fmt, va_list ap)
{
    Diag *d = ARENA_NEW(dl->arena, Diag);
    d->code = code;
    d->level = diag_table[code].level;
    d->has_span = has_span;
    d->span = span;
    d->message = arena_vprintf(dl->arena, fmt, ap);
    d->seq = dl->items.len;
    ptrvec_push(dl->arena, &dl->items, d);
    if (d->level == LEVEL_ERROR)
        dl->nerrors++;
    else if (d->level == LEVEL_WARNING)
        dl->nwarnings++;
    return d;
}

Diag *diag_add(DiagList *dl, DiagCode code, Span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_push(dl, code, true, span, fmt, ap);
    va_end(ap);
    return d;
}

Diag *diag_add_nospan(DiagList *dl, DiagCode code, const char *fmt, ...)
{
    Span none = {0, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_push(dl, code, false, none, fmt, ap);
    va_end(ap);
    return d;
}

static void note_push(DiagList *dl, Diag *d, bool has_span, Span span, const char *fmt, va_list ap)
{
    DiagNote *n = ARENA_NEW(dl->arena, DiagNote);
    n->has_span = has_span;
    n->span = span;
    n->message = arena_vprintf(dl->arena, fmt, ap);
    ptrvec_push(dl->arena, &d->notes, n);
}

void diag_note(DiagList *dl, Diag *d, Span span, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    note_push(dl, d, true, span, fmt, ap);
    va_end(ap);
}

void diag_note_nospan(DiagList *dl, Diag *d, const char *fmt, ...)
{
    Span none = {0, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    note_push(dl, d, false, none, fmt, ap);
    va_end(ap);
}

void diag_help(DiagList *dl, Diag *d, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->help = arena_vprintf(dl->arena, fmt, ap);
    va_end(ap);
    d->has_fix = false;
}

void diag_suggest(DiagList *dl, Diag *d, Span span, const char *replacement, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    d->help = arena_vprintf(dl->arena, fmt, ap);
    va_end(ap);
    d->has_fix = true;
    d->fix_span = span;
    d->fix_text = arena_strdup(dl->arena, replacement);
}

void diag_remove(DiagList *dl, uint32_t index)
{
    if (index >= dl->items.len) return;
    Diag *d = dl->items.items[index];
    if (d->level == LEVEL_ERROR)
        dl->nerrors--;
    else if (d->level == LEVEL_WARNING)
        dl->nwarnings--;
    memmove(&dl->items.items[index], &dl->items.items[index + 1], sizeof(void *) * (dl->items.len - index - 1));
    dl->items.len--;
}

static int diag_cmp(const void *pa, const void *pb)
{
    const Diag *a = *(const Diag *const *)pa, *b = *(const Diag *const *)pb;
    if (a->has_span != b->has_span) return a->has_span ? -1 : 1;
    if (a->has_span) {
        if (a->span.file != b->span.file) return a->span.file < b->span.file ? -1 : 1;
        if (a->span.start != b->span.start) return a->span.start < b->span.start ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(DiagList *dl)
{
    if (dl->items.len > 1) qsort(dl->items.items, dl->items.len, sizeof(void *), diag_cmp);
}

bool diag_has_errors(const DiagList *dl) { return dl->nerrors > 0; }
