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

#include "codegen.h"
#include "compile.h"
#include "emit_wasm.h"
#include "ir.h"
#include "maps.h"

typedef struct Gen {
    Compilation *c;
    const IrProgram *ir;
    Arena *a;
    /* static atoms: every key or index segment of the IR's paths, in path
     * order of first appearance */
    const char **atoms;
    uint32_t natoms;
    PtrVec atom_list;  /* backs atoms */
    StrMap atom_ids;   /* text -> atom id + 1 */
    int32_t *seg_atom; /* per IR path: atom of its last segment; -1 for [*] and [**] */
    /* static paths: the IR's concrete paths (no wildcard), parents first */
    uint32_t *path_rt;  /* per IR path: runtime static path id 1..n, or 0 */
    IrId *static_paths; /* runtime id - 1 → IR path */
    uint32_t nstatic;
    /* the kits' table blob (position independent), NULL when there is none */
    const unsigned char *blob;
    size_t blob_len;
    int32_t *pattern_of; /* per IR path: its pattern id in the blob */
    /* the concern index (runtime/kits/concern_tables.h), NULL without concerns */
    const unsigned char *concern_blob;
    size_t concern_blob_len;
    /* the listener index (runtime/kits/listener_tables.h), NULL without listeners */
    const unsigned char *listener_blob;
    size_t listener_blob_len;
    /* the derived index (runtime/kits/derived_tables.h), NULL without aggregations
     * and computations; the exclude conditions the `cond` hook evaluates */
    const unsigned char *derived_blob;
    size_t derived_blob_len;
    /* the clear index (runtime/kits/clear_tables.h), NULL without clears */
    const unsigned char *clear_blob;
    size_t clear_blob_len;
} Gen;

/* The static atom spelling `text`, added after the path segments' atoms if
 * new.  Only before the layout (the emitters' prepare step). */
int32_t gen_atom(Gen *g, const char *text);
/* The id of an atom added before (-1 if it was not). */
int32_t gen_atom_id(const Gen *g, const char *text);

/* While one module's hooks are built: the layout and a data pool that
 * emitters fill as they go (literals, messages, their own tables); the pool
 * is placed after every other region, so its addresses are known as soon as
 * bytes go in. */
typedef struct HookCtx {
    const Gen *g;
    const struct Layout *L;
    EmitModule *m;
    StrBuf *pool;
    uint32_t pool_base;     /* address of pool byte 0 */
    uint32_t concern_blob;  /* its address once pooled, else 0 */
    uint32_t listener_blob; /* likewise */
    uint32_t derived_blob;  /* likewise */
    uint32_t clear_blob;    /* likewise */
} HookCtx;

/* Appends bytes to the pool, aligned, and returns their address. */
uint32_t gen_pool(HookCtx *h, const void *bytes, size_t len, uint32_t align);

/* Keeps a runtime builder's finished blob (tb_finish, lt_finish: NULL when
 * the builder refused the IR) in g's arena as *out / *out_len, to outlive
 * the builder; on NULL sets g's io_error to "internal error: the <what>
 * builder refused the IR".  True when kept (codegen_tables.c). */
bool gen_keep_blob(Gen *g, const uint8_t *bytes, uint32_t len, const char *what, const unsigned char **out,
                   size_t *out_len);

/* The kits' blob (tables.h) address, 0 when there is none. */
uint32_t gen_blob_addr(const HookCtx *h);

/* How a kit-backed hook forwards: a call of kit service `service` with the
 * kits' blob, the kit's own index (`index`, `len`: pooled on first use,
 * its address kept in *pooled) and the hook's params first .. first +
 * nparams - 1 (nparams at most 2); NULL (nothing to add) without an index. */
EmitExpr *gen_kit_call(HookCtx *h, const char *service, uint32_t *pooled, const unsigned char *index, size_t len,
                       uint32_t first, uint32_t nparams);

/* Little-endian words of the kits' blobs (gen_watch.c). */
void gen_put_word(Arena *a, StrBuf *b, uint32_t v);
void gen_set_word(StrBuf *b, size_t at, uint32_t v);
/* Fills the header of the kit index built in `b`, whose first `nwords`
 * words it reserved: `magic`, the size (b's length now) and then
 * every other word of `words` up to nwords (runtime/kits/kit_tables.h). */
void gen_kit_header(StrBuf *b, uint32_t magic, const uint32_t *words, uint32_t nwords);

/* A watch index under construction (runtime/kits/watch_tables.h): per
 * pattern of the tables.h blob, the units reading it exactly and those
 * reading it or below (gen_watch.c).  Units must be registered in
 * increasing order. */
typedef struct GenIdList {
    uint32_t *v;
    uint32_t n, cap;
} GenIdList;

typedef struct GenWatch {
    GenIdList *exact, *sub; /* per pattern */
    uint32_t npat;
} GenWatch;

void gen_watch_init(const Gen *g, GenWatch *w);
/* Unit `unit` reads IR path `path`: a change at, above or below it touches it. */
void gen_watch_read(const Gen *g, GenWatch *w, uint32_t unit, IrId path);
/* Unit `unit` has one instance per key tuple of the wildcards of IR path
 * `field`: a change at or above its deepest wildcard (which may add or
 * remove keys) touches it; a change below that level does not. */
void gen_watch_instances(const Gen *g, GenWatch *w, uint32_t unit, IrId field);
/* Appends the KW_WORDS-word records, then their lists; returns the records' offset. */
uint32_t gen_watch_write(const Gen *g, const GenWatch *w, StrBuf *b);

/* One rule family's code generation: a prepare step before the layout
 * (atoms, tables) and contributions to the hooks, each an i32 expression
 * built while that hook is open (NULL: nothing to add). */
typedef struct RuleEmitter {
    const char *kind;
    const GenKind *kinds;                      /* what it compiles, ended by GEN_KIND_COUNT */
    bool (*prepare)(Gen *g);                   /* false after a diagnostic or io_error */
    EmitExpr *(*input)(HookCtx *h);            /* (stage, index) → KEEP/DROP */
    EmitExpr *(*stage)(HookCtx *h, int stage); /* (stage, begin, end) → status */
    EmitExpr *(*plan)(HookCtx *h);             /* (begin, end) → status */
    EmitExpr *(*create)(HookCtx *h);           /* (group) → status */
    EmitExpr *(*disable)(HookCtx *h);          /* (group) → status */
    void (*functions)(HookCtx *h);             /* functions of its own, and its hooks */
} RuleEmitter;

/* A RuleEmitter's `kinds`: the list given, ended by GEN_KIND_COUNT (a
 * compound literal: static storage at file scope). */
#define GEN_KIND_LIST(...) ((const GenKind[]){__VA_ARGS__, GEN_KIND_COUNT})

extern const RuleEmitter gen_sync_emitter;
extern const RuleEmitter gen_concerns_emitter;
extern const RuleEmitter gen_group_conditions_emitter;
extern const RuleEmitter gen_listeners_emitter;
extern const RuleEmitter gen_derived_emitter;
extern const RuleEmitter gen_clears_emitter;

/* Lowers the rules to the blob (g->blob).  False after adding a
 * diagnostic (the user's fault) or setting c->io_error (an internal one). */
bool codegen_tables(Gen *g);

#endif
