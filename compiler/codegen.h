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
#include "ir.h"

typedef enum OptLevel { OPT_O0, OPT_O1, OPT_O2, OPT_O3, OPT_OS, OPT_OZ } OptLevel;

typedef struct CodegenOptions {
    OptLevel opt;     /* default OPT_O2 */
    bool debug_names; /* -g: keep function names in the module */
} CodegenOptions;

typedef struct WasmModule {
    const unsigned char *bytes; /* arena-owned */
    size_t len;
    const char *wat_generated; /* text of the generated functions only (snapshot tests), at the chosen level */
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

/* The rule kinds as the back end counts and compiles them, listed once:
 * X(NAME, singular, plural).  What this version compiles is said by the
 * emitters themselves (codegen.c, the emitter table). */
#define GEN_KINDS(X)                                                                                                   \
    X(SYNC, "sync pair", "sync pairs")                                                                                 \
    X(FLIP, "flip pair", "flip pairs")                                                                                 \
    X(ONEWAY, "one-way edge", "one-way edges")                                                                         \
    X(AGGREGATE, "aggregation", "aggregations")                                                                        \
    X(COMPUTE, "computation", "computations")                                                                          \
    X(CLEAR, "clear rule", "clear rules")                                                                              \
    X(CONDITION, "condition concern", "condition concerns")                                                            \
    X(VALUE, "value concern", "value concerns")                                                                        \
    X(EXTERNAL, "external concern", "external concerns")                                                               \
    X(VALIDATION, "validation state", "validation states")                                                             \
    X(LISTENER, "listener", "listeners")                                                                               \
    X(GROUP_WHEN, "group `when` condition", "group `when` conditions")

typedef enum GenKind {
#define GEN_KIND_ENUM(name, one, many) GEN_##name,
    GEN_KINDS(GEN_KIND_ENUM)
#undef GEN_KIND_ENUM
        GEN_KIND_COUNT
} GenKind;

typedef struct GenCensus { /* how many rules of each kind, and the first one's place */
    uint32_t count[GEN_KIND_COUNT];
    Span first[GEN_KIND_COUNT]; /* in declaration order; {0} for group conditions */
} GenCensus;

GenCensus codegen_census(const IrProgram *ir);

/* Does this version compile rules of this kind into the module?  Kinds it
 * does not are checked and in the IR but do not act; codegen_wasm warns
 * (D_BUILD_NOT_COMPILED) and the package README says so. */
bool codegen_compiles(GenKind kind);
const char *codegen_kind_name(GenKind kind, uint32_t n); /* singular or plural for n */
const char *codegen_kind_plural(GenKind kind);

/* The whole module as text (wpc build --emit wat). */
const char *codegen_wat(Compilation *c, const WasmModule *m);

#endif
