/* codegen.h — from the IR to one WebAssembly module.
 *
 * Reads the runtime (runtime.wasm, embedded in wpc), replaces each imported
 * "wp" hook with a generated function, adds the app's baked tables as data
 * segments after the runtime's data, sets the exports, validates, optimises
 * and writes the binary.  Only emit_wasm.c includes binaryen-c.h.
 *
 * Deterministic: the same IR gives the same bytes. */
#ifndef WPC_CODEGEN_H
#define WPC_CODEGEN_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"

typedef enum OptLevel { OPT_O0, OPT_O1, OPT_O2, OPT_O3, OPT_OS, OPT_OZ } OptLevel;

typedef struct CodegenOptions {
    OptLevel opt;               /* default OPT_O2 */
} CodegenOptions;

typedef struct WasmModule {
    const unsigned char *bytes; /* arena-owned */
    size_t len;
    const char *wat_generated;  /* text of the generated functions only (snapshot tests), at the chosen level */
    /* The static paths the module knows from start-up, by run-time id - 1:
     * their dot-joined text, so the JS glue can send them as ids from the
     * first call (no text, no hashing).  NULL where the text would not come
     * back to the same path (a key holding '.').  Arena-owned. */
    const char **static_paths;
    uint32_t nstatic_paths;
} WasmModule;

/* Builds the module for c->ir (ir_build must have run).  Returns false
 * after adding a diagnostic (e.g. a contradiction found while baking
 * tables) or setting c->io_error for an internal failure. */
bool codegen_wasm(Compilation *c, const CodegenOptions *opts, WasmModule *out);

/* Does this version compile rules of this kind into the module?  Kinds it
 * does not are checked and in the IR but do not act; codegen_wasm warns
 * (D_BUILD_NOT_COMPILED) and the package README says so.  Listed once, in
 * codegen.c.  Group `when` conditions: codegen_compiles_group_conditions. */
bool codegen_compiles(ItemKind kind);
bool codegen_compiles_group_conditions(void);

/* The whole module as text (wpc build --emit wat). */
const char *codegen_wat(Compilation *c, const WasmModule *m);

#endif
