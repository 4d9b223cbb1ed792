/* embedded.h — files compiled into the wpc binary (scripts/embed.sh):
 * the standard library (the .wp files of stdlib/) and, later, runtime.wasm and the JS
 * glue.  Each table ends with an entry whose name is NULL. */
#ifndef WPC_EMBEDDED_H
#define WPC_EMBEDDED_H

#include <stddef.h>

typedef struct WpcEmbedded {
    const char *name;          /* base name, e.g. "validators.wp" */
    const unsigned char *data; /* NUL-terminated for convenience */
    size_t len;                /* without the NUL */
} WpcEmbedded;

extern const WpcEmbedded wpc_stdlib[];
extern const WpcEmbedded wpc_js[];          /* the JS glue of runtime/js/ (pkg.c) */
extern const WpcEmbedded wpc_test_driver[]; /* compiler/cli/test_driver.mjs (test_run.c) */

/* Finds `name` in a table; NULL when absent. */
const WpcEmbedded *embedded_find(const WpcEmbedded *table, const char *name);

#endif
