/* diag.h — collecting diagnostics.
 *
 * Library code never prints: every stage adds diagnostics to a DiagList and
 * returns.  Only the CLI renders them (diag_render.h) and picks the exit
 * code.  Codes, default levels and their explanations come from
 * diag_codes.def. */
#ifndef WPC_DIAG_H
#define WPC_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"

typedef enum DiagLevel { LEVEL_NOTE, LEVEL_WARNING, LEVEL_ERROR } DiagLevel;

typedef enum DiagCode {
#define DIAG(code, name, level, category, title, explain, example, fix) name,
#include "diag_codes.def"
#undef DIAG
    DIAG_CODE_COUNT
} DiagCode;

typedef struct DiagInfo {
    const char *code; /* "WP0401" */
    DiagLevel level;  /* default level */
    const char *category;
    const char *title;
    const char *explain;
    const char *example;
    const char *fix;
} DiagInfo;

const DiagInfo *diag_info(DiagCode code);
/* Looks up "WP0401" (case-insensitive); returns DIAG_CODE_COUNT if unknown. */
DiagCode diag_code_from_string(const char *s);

/* A note under a diagnostic: "first declared here", one rule of a cycle.
 * has_span is false for notes that point nowhere. */
typedef struct DiagNote {
    bool has_span;
    Span span;
    const char *message;
} DiagNote;

typedef struct Diag {
    DiagCode code;
    DiagLevel level;
    bool has_span;
    Span span; /* primary location; the caret/tilde range */
    const char *message;
    PtrVec notes; /* DiagNote * */
    uint32_t seq; /* insertion order, for a stable sort */
    /* How to fix it, when wpc can tell: one line of text ("did you mean
     * `user.email`?"), NULL when there is none.  With has_fix, the text
     * `fix_text` replacing the bytes of `fix_span` is the fix itself (an
     * empty span inserts, an empty text deletes): JSON gives it as "fix",
     * SARIF as "fixes". */
    const char *help;
    bool has_fix;
    Span fix_span;
    const char *fix_text;
} Diag;

typedef struct DiagList {
    Arena *arena;
    SourceMap *sources;
    PtrVec items; /* Diag * */
    uint32_t nerrors, nwarnings;
} DiagList;

void diag_list_init(DiagList *dl, Arena *arena, SourceMap *sources);

Diag *diag_add(DiagList *dl, DiagCode code, Span span, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
Diag *diag_add_nospan(DiagList *dl, DiagCode code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note(DiagList *dl, Diag *d, Span span, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void diag_note_nospan(DiagList *dl, Diag *d, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* The help line of `d` (replacing an earlier one); diag_suggest also gives
 * the replacement of `span` by `replacement` that the help describes. */
void diag_help(DiagList *dl, Diag *d, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_suggest(DiagList *dl, Diag *d, Span span, const char *replacement, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Removes a diagnostic (used by lint suppression); keeps counts right. */
void diag_remove(DiagList *dl, uint32_t index);

/* Orders diagnostics by file, then offset, then insertion: output does not
 * depend on the order in which passes ran. */
void diag_sort(DiagList *dl);

bool diag_has_errors(const DiagList *dl);

#endif
