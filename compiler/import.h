/* import.h — `wpc import`: a configuration of the JavaScript library wpc
 * replaces (the objects an application passes to its useSideEffects and
 * useConcerns, saved as JSON) converted to a formatted .wp file.
 *
 * The input is { "sideEffects": …, "concerns": …, "state": … } (each
 * optional; the first two may also be arrays of registrations, "state" is
 * an example state for the types of the `state` block).  docs/migrating.md
 * is the user's description; import_internal.h the map of the parts.
 *
 * Library code: diagnostics go to c->diags (WP08xx, spans into the JSON
 * file, which is added to c->sources), nothing is printed. */
#ifndef WPC_IMPORT_H
#define WPC_IMPORT_H

#include <stddef.h>

#include "compile.h"

typedef enum ImportStatus {
    IMPORT_OK,        /* every part converted (warnings may remain) */
    IMPORT_PARTIAL,   /* some parts were not converted (errors in c->diags); *out has the rest */
    IMPORT_BAD_INPUT, /* not JSON, not UTF-8, or not an object: *out untouched */
    IMPORT_INTERNAL   /* the generated text did not parse (a bug; its errors are in c->diags) */
} ImportStatus;

/* Converts the JSON `text` (len bytes, NUL-terminated), shown as `name` in
 * diagnostics and in the output's header comment.  On OK or PARTIAL, *out
 * is the .wp text, as `wpc fmt` prints it (arena-owned). */
ImportStatus import_json(Compilation *c, const char *name, const char *text, size_t len, const char **out);

#endif
