/* suppress.c — `// wpc-allow CODE[, CODE...]: reason` comments (see
 * suppress.h).  Runs last in sem_check(), over the comments the parser kept
 * in Module.comments, and removes covered warnings with diag_remove(). */
#include "ast.h"
#include "suppress.h"

#include <ctype.h>
#include <string.h>

typedef struct Allow {
    uint32_t file, line;
    DiagCode code;
} Allow;

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t')) p++;
    return p;
}

/* Is 1-based `line` of `file` blank or only a comment? */
static bool comment_or_blank(const SourceMap *sm, uint32_t file, uint32_t line)
{
    uint32_t len;
    const char *t = source_line_text(sm, file, line, &len);
    const char *p = skip_space(t, t + len);
    if (p == t + len) return true;
    return (t + len - p >= 2) && p[0] == '/' && (p[1] == '/' || p[1] == '*');
}

/* Parses one comment; adds its codes to `allows` or reports it. */
static void parse_comment(Compilation *c, const Comment *cm, PtrVec *allows)
{
    const SourceFile *f = source_file(&c->sources, cm->span.file);
    if (!f || cm->block || cm->span.end > f->len) return;
    const char *p = f->text + cm->span.start, *end = f->text + cm->span.end;
    if (end - p < 2 || p[0] != '/' || p[1] != '/') return;
    p = skip_space(p + 2, end);
    static const char kw[] = "wpc-allow";
    size_t kwlen = sizeof kw - 1;
    if ((size_t)(end - p) < kwlen || memcmp(p, kw, kwlen) != 0) return;
    p += kwlen;
    if (p < end && !(*p == ' ' || *p == '\t' || *p == ':' || *p == ',')) return; /* wpc-allowed... */

    DiagCode codes[16];
    uint32_t ncodes = 0;
    const char *problem = NULL, *help = NULL;
    for (;;) {
        p = skip_space(p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p >= end || *p == ':') break;
        const char *w = p;
        while (p < end && (isalnum((unsigned char)*p))) p++;
        if (p == w) {
            problem = "expected a code such as WP1003";
            help = "write `// wpc-allow WP1003: the reason`";
            break;
        }
        char word[16];
        size_t n = (size_t)(p - w) < sizeof word - 1 ? (size_t)(p - w) : sizeof word - 1;
        memcpy(word, w, n);
        word[n] = 0;
        DiagCode code = diag_code_from_string(word);
        if (code == DIAG_CODE_COUNT) {
            problem = arena_printf(&c->arena, "'%s' is not a diagnostic code", word);
            help = "name a warning code as wpc prints it, e.g. `WP1003` (`wpc explain --list` lists them)";
            break;
        }
        if (diag_info(code)->level != LEVEL_WARNING) {
            problem = arena_printf(&c->arena, "%s is an error; errors cannot be suppressed", diag_info(code)->code);
            help = arena_printf(&c->arena, "fix the error instead: `wpc explain %s` says how", diag_info(code)->code);
            break;
        }
        if (ncodes < 16) codes[ncodes++] = code;
    }
    if (!problem && !ncodes) problem = "name the warning code to allow, e.g. WP1003";
    if (!problem) {
        const char *reason = p < end ? skip_space(p + 1, end) : end;
        if (p >= end || reason == end) problem = "give a reason after a colon: `// wpc-allow WP1003: why`";
    }
    if (!problem && !ncodes) help = "write `// wpc-allow WP1003: the reason`";
    if (problem) {
        Diag *d = diag_add(&c->diags, D_LINT_BAD_SUPPRESSION, cm->span, "%s", problem);
        if (ncodes && !help) {
            /* only the reason is missing: append it */
            Span at = {cm->span.file, cm->span.end, cm->span.end};
            const char *tail = end > f->text + cm->span.start && end[-1] == ':' ? " the reason" : ": the reason";
            diag_suggest(&c->diags, d, at, tail, "say why after a colon, e.g. `%.*s%s`",
                         (int)(cm->span.end - cm->span.start), f->text + cm->span.start, tail);
        } else if (help) {
            diag_help(&c->diags, d, "%s", help);
        }
        return;
    }

    uint32_t line = source_line_col(&c->sources, cm->span.file, cm->span.start).line;
    if (cm->own_line) {
        SourceFile *sf = source_file(&c->sources, cm->span.file);
        uint32_t last = source_line_col(&c->sources, cm->span.file, sf->len).line;
        do line++;
        while (line <= last && comment_or_blank(&c->sources, cm->span.file, line));
    }
    for (uint32_t i = 0; i < ncodes; i++) {
        Allow *a = ARENA_NEW(&c->arena, Allow);
        a->file = cm->span.file;
        a->line = line;
        a->code = codes[i];
        ptrvec_push(&c->arena, allows, a);
    }
}

void suppress_apply(Compilation *c)
{
    PtrVec allows = {0};
    for (uint32_t m = 0; m < c->modules.len; m++) {
        const Module *mod = c->modules.items[m];
        if (!mod) continue;
        for (uint32_t i = 0; i < mod->comments.len; i++) parse_comment(c, mod->comments.items[i], &allows);
    }
    if (!allows.len) return;
    for (uint32_t i = c->diags.items.len; i-- > 0;) {
        const Diag *d = c->diags.items.items[i];
        if (d->level != LEVEL_WARNING || !d->has_span || d->code == D_LINT_BAD_SUPPRESSION) continue;
        uint32_t line = source_line_col(&c->sources, d->span.file, d->span.start).line;
        for (uint32_t k = 0; k < allows.len; k++) {
            const Allow *a = allows.items[k];
            if (a->code == d->code && a->file == d->span.file && a->line == line) {
                diag_remove(&c->diags, i);
                break;
            }
        }
    }
}
