/* codegen_tables.c — lowers the IR's rules to the kits' table blob
 * (runtime/tables.h), through the builder in runtime/tables_build.c.
 * Placeholder until the builder lands: no blob, so every hook that needs
 * one falls back to "no rule". */
#include "codegen_internal.h"

bool codegen_tables(Gen *g)
{
    g->blob = NULL;
    g->blob_len = 0;
    return true;
}
