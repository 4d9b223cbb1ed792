/* diag_render.h — diagnostics as text (with carets), JSON or SARIF 2.1.0.
 *
 * Renders into a string; the CLI decides where it goes.  Rendering is
 * deterministic: callers sort the list first (diag_sort). */
#ifndef WPC_DIAG_RENDER_H
#define WPC_DIAG_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

typedef enum DiagFormat { FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF } DiagFormat;

typedef struct RenderOptions {
    DiagFormat format;
    bool color;               /* text only: ANSI colours */
    const char *tool_version; /* JSON/SARIF: wpc's version */
    uint32_t max_diagnostics; /* text only: at most this many, then one line
                                   counting the rest; 0: all */
} RenderOptions;

/* Where a report goes, piece by piece (the CLI passes a FILE). */
typedef void (*RenderWrite)(void *ctx, const char *s, size_t n);

/* The whole report for `dl` (all files), written one diagnostic at a time.
 * Text ends with a summary line ("2 errors, 1 warning", counting every
 * diagnostic) when anything was reported; JSON and SARIF are one document
 * each, even when empty, with every diagnostic. */
void diag_render_to(const DiagList *dl, const RenderOptions *opts, RenderWrite write, void *ctx);

/* The same report as one string (tests). */
const char *diag_render(Arena *arena, const DiagList *dl, const RenderOptions *opts);

/* One diagnostic as text (used by the text report and by tests). */
const char *diag_render_one(Arena *arena, const DiagList *dl, const Diag *d, bool color);

/* The docs/diagnostics.md page, or `wpc explain CODE` text. */
const char *diag_explain_markdown(Arena *arena);
const char *diag_explain_text(Arena *arena, DiagCode code);

const char *diag_level_name(DiagLevel level);

#endif
