/* gen_code.h — generated functions that read paths and evaluate
 * conditions and values (gen_code.c).
 *
 * A function of codegen's own takes (field, out): the instance path of the
 * field it works for, whose wildcard keys bind the `[*]` of the paths it
 * reads by position, and a path to write its result at.  gen_fn_begin
 * opens it and emits the prologue (the keys, then every input path read
 * once into a local); the caller appends statements to f->stmts and closes
 * it with gen_fn_end. */
#ifndef WPC_GEN_CODE_H
#define WPC_GEN_CODE_H

#include "../runtime/rt_base.h"
#include "codegen_internal.h"

/* statements a caller may add after the prologue */
#define GEN_FN_EXTRA_STMTS 8

typedef struct GenFn {
    HookCtx *h;
    EmitModule *m;
    Arena *a;
    IrId field;         /* the field's IR path (IR_NONE: the root) */
    const IrId *inputs; /* the paths read, each once */
    uint32_t ninputs;
    uint32_t *in_local;                /* per input: the local holding its value node */
    uint32_t wild_local[RT_MAX_DEPTH]; /* the field's wildcard keys (atoms), root first */
    uint32_t wild_depth[RT_MAX_DEPTH]; /* the depth of each in the field's path */
    uint32_t wild_stmt[RT_MAX_DEPTH];  /* its prologue slot: a nop until the key is used */
    uint8_t wild_read[RT_MAX_DEPTH];   /* the slot reads the key */
    uint32_t nwild;
    EmitExpr **stmts; /* the prologue, then the caller's statements */
    uint32_t nstmts;
    const IrConcern *concern; /* the concern it evaluates, if any */
} GenFn;

void gen_fn_begin(GenFn *f, HookCtx *h, const char *name, IrId field, const IrId *inputs, uint32_t ninputs);
void gen_fn_end(GenFn *f, EmitExpr *body);

/* The run-time id of IR path `id` for this instance; NULL when a wildcard
 * of it is not bound by the field. */
EmitExpr *gen_path_expr(GenFn *f, IrId id);
/* The value node at IR path `id` (NULL handle = missing). */
EmitExpr *gen_value_of(GenFn *f, IrId id);
/* The paths condition `cid` reads, each once, in first-use order, pushed
 * to `out` as IrId values (what gen_fn_begin's `inputs` take). */
void gen_cond_inputs(const IrProgram *ir, IrId cid, PtrVec *out, Arena *a);
/* An i32 0/1: condition `cid`, short-circuit and/or/not. */
EmitExpr *gen_cond(GenFn *f, IrId cid);
/* A value node (scratch arena): value `vid`. */
EmitExpr *gen_value(GenFn *f, IrId vid);
/* A literal decoded from the pool. */
EmitExpr *gen_lit_node(GenFn *f, const IrLit *l);
/* A hook's dispatch on its parameter 0 over cases[0, n): a balanced tree
 * of comparisons, E_HOOK outside [0, n).  A br_table needs one nested block
 * per case, which Binaryen's optimiser handles in time quadratic in the
 * count.  The `concern` hook (units) and the `cond` hook (exclusions). */
EmitExpr *gen_dispatch(EmitModule *m, EmitExpr **cases, uint32_t n);
/* Text bytes in the pool: their address, and their length in *len_out. */
EmitExpr *gen_text_arg(GenFn *f, const char *text, size_t len, EmitExpr **len_out);

#endif
