/* emit_wasm.h — the Binaryen seam: a few verbs for building one module.
 *
 * codegen.c lowers the IR with these verbs; only emit_wasm.c includes
 * binaryen-c.h (style.md, "One file per dependency seam").  A module is
 * either
 *
 *   the real one   runtime.wasm read back, whose imported "wp" hooks get
 *                  replaced by generated functions of the same internal
 *                  name (so the runtime's calls resolve to them and the
 *                  optimiser inlines across the seam), or
 *   a view         only the generated functions and data, with every
 *                  runtime service they call declared as an import
 *                  ("rt" "<service>").  Its text is what snapshot tests
 *                  compare: it does not change when the runtime does.
 *
 * codegen builds the same hooks and data into both.  Expressions are
 * opaque handles owned by their module; they are only valid in it, and only
 * while the hook they were made for is open.  Every verb is deterministic.
 * Errors (a hook or service the runtime lacks, an invalid module) are
 * sticky: the first message is kept and emit_finish fails with it. */
#ifndef WPC_EMIT_WASM_H
#define WPC_EMIT_WASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef struct EmitModule EmitModule;
typedef struct EmitExpr EmitExpr; /* an expression in one module */

typedef enum EmitOpt { EMIT_O0, EMIT_O1, EMIT_O2, EMIT_O3, EMIT_OS, EMIT_OZ } EmitOpt;

/* Reads the runtime (a copy is taken).  NULL with *err set when it is not
 * a readable module.  emit_close frees the Binaryen module. */
EmitModule *emit_open(Arena *a, const unsigned char *wasm, size_t len, const char **err);
/* A view over rt's hooks and services (see above).  Its heap base is a
 * fixed nominal address (EMIT_VIEW_HEAP_BASE), so data laid out after it
 * does not move when the runtime's own data grows. */
EmitModule *emit_open_view(Arena *a, EmitModule *rt);
void emit_close(EmitModule *m);

#define EMIT_VIEW_HEAP_BASE 65536u

/* The runtime's __heap_base: app data goes at or after it. */
uint32_t emit_heap_base(const EmitModule *m);
/* Whether the runtime exports service `name` (e.g. "rt_kit_class"). */
bool emit_has_service(const EmitModule *m, const char *name);
/* The first error, or NULL. */
const char *emit_error(const EmitModule *m);

/* ---- data ---- */
/* An active data segment at absolute address `addr` (≥ heap base).  The
 * initial memory is raised to cover every segment. */
void emit_data(EmitModule *m, uint32_t addr, const unsigned char *bytes, size_t len);

/* ---- hooks ----
 * emit_hook_begin opens hook `name` (hooks.def); expressions for its body
 * are then built with the verbs below and emit_hook_end defines it.  Every
 * hook of the runtime must be defined before emit_finish. */
void emit_hook_begin(EmitModule *m, const char *name);
void emit_hook_end(EmitModule *m, EmitExpr *body);
uint32_t emit_hook_nparams(const EmitModule *m);

EmitExpr *emit_i32(EmitModule *m, int32_t v);
EmitExpr *emit_param(EmitModule *m, uint32_t index); /* of the open hook */
uint32_t emit_local_new(EmitModule *m);              /* a fresh i32 local */
EmitExpr *emit_local_get(EmitModule *m, uint32_t local);
EmitExpr *emit_local_set(EmitModule *m, uint32_t local, EmitExpr *value);
/* Calls runtime service `name` (exports.def, or a kit service). */
EmitExpr *emit_call(EmitModule *m, const char *name, EmitExpr **args, uint32_t nargs);
EmitExpr *emit_eq(EmitModule *m, EmitExpr *a, EmitExpr *b);   /* i32 */
EmitExpr *emit_lt_s(EmitModule *m, EmitExpr *a, EmitExpr *b); /* i32 */
EmitExpr *emit_if(EmitModule *m, EmitExpr *cond, EmitExpr *then_e, EmitExpr *else_e);
EmitExpr *emit_return(EmitModule *m, EmitExpr *value);
/* A block of statements ending with `value` (NULL: no value). */
EmitExpr *emit_block(EmitModule *m, EmitExpr **stmts, uint32_t n, EmitExpr *value);

/* ---- functions of codegen's own ----
 * Built like a hook (emit_param, locals, …) between begin and end; every
 * parameter and the result are i32.  Call them with emit_call_func. */
void emit_func_begin(EmitModule *m, const char *name, uint32_t nparams);
void emit_func_end(EmitModule *m, EmitExpr *body);
EmitExpr *emit_call_func(EmitModule *m, const char *name, EmitExpr **args, uint32_t nargs);

EmitExpr *emit_f64(EmitModule *m, double v);
EmitExpr *emit_eqz(EmitModule *m, EmitExpr *a); /* i32 == 0 */
/* i32.store of value at addr + offset (4-byte aligned). */
EmitExpr *emit_store_i32(EmitModule *m, EmitExpr *addr, uint32_t offset, EmitExpr *value);
EmitExpr *emit_drop(EmitModule *m, EmitExpr *a);
EmitExpr *emit_nop(EmitModule *m); /* a slot filled later; emit_block leaves it out if not */

/* ---- the result ---- */
typedef struct EmitResult {
    const unsigned char *bytes; /* arena-owned */
    size_t len;
    const char *text; /* views: the module as WAT text; else NULL */
} EmitResult;

/* Removes the service exports (keeps "memory" and every wp_ export), sizes
 * memory, validates, optimises at `opt` (Binaryen's global options are all
 * set here, every run), strips debug info, producers and target features,
 * validates again and writes.  False with emit_error set on failure. */
bool emit_finish(EmitModule *m, EmitOpt opt, EmitResult *out);

/* Before emit_finish: keep the function names (the runtime's, the hooks'
 * and every generated function's) in a name section, for readable profiles
 * (`wpc build -g`). Without it the module carries no names. */
void emit_keep_names(EmitModule *m);

/* A binary module as WAT text (arena-owned), or NULL if unreadable. */
const char *emit_wat(Arena *a, const unsigned char *wasm, size_t len);

/* ---- inspecting a written module (tests, tools) ---- */
typedef struct EmitInfo {
    bool valid;        /* Binaryen's validator accepts it */
    uint32_t nimports; /* imports of any kind */
    uint32_t nexports;
    const char **exports; /* names, in module order (arena-owned) */
    uint32_t mem_initial; /* pages */
} EmitInfo;

/* False when the bytes are not a readable module. */
bool emit_inspect(Arena *a, const unsigned char *wasm, size_t len, EmitInfo *info);
/* The initial contents of memory [addr, addr + n) as the module's active
 * data segments set them (zero elsewhere); false if unreadable. */
bool emit_read_data(const unsigned char *wasm, size_t len, uint32_t addr, unsigned char *buf, size_t n);

#endif
