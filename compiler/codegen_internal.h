/* codegen_internal.h — what codegen.c and codegen_tables.c share.
 *
 * codegen_tables.c lowers the IR's rules to the kits' table blob
 * (runtime/tables.h) through the builder in runtime/tables_build.c;
 * codegen.c lays out the app descriptor and the blob in memory and emits
 * the hooks.  Not used outside code generation. */
#ifndef WPC_CODEGEN_INTERNAL_H
#define WPC_CODEGEN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "compile.h"
#include "ir.h"

typedef struct Gen {
    Compilation *c;
    const IrProgram *ir;
    Arena *a;
    /* static atoms: every key or index segment of the IR's paths, in path
     * order of first appearance */
    const char **atoms;
    uint32_t natoms;
    int32_t *seg_atom;          /* per IR path: atom of its last segment; -1 for [*] and [**] */
    /* static paths: the IR's concrete paths (no wildcard), parents first */
    uint32_t *path_rt;          /* per IR path: runtime static path id 1..n, or 0 */
    IrId *static_paths;         /* runtime id - 1 → IR path */
    uint32_t nstatic;
    /* the kits' table blob (position independent), NULL when there is none */
    const unsigned char *blob;
    size_t blob_len;
} Gen;

/* Lowers the rules to the blob (g->blob).  False after adding a
 * diagnostic (the user's fault) or setting c->io_error (an internal one). */
bool codegen_tables(Gen *g);

#endif
