/* codegen.c — from the IR to one WebAssembly module (codegen.h).
 *
 *   1. static atoms and paths from the IR's paths (the descriptor's tables)
 *   2. the kits' table blob (codegen_tables.c, runtime/tables_build.c)
 *   3. the data layout after the runtime's __heap_base: descriptor, atoms,
 *      paths, group switches, blob, each aligned; data_end after them
 *   4. the hooks, each assembled from one emitter per rule kind
 *   5. emit_finish: validate, optimise, strip, write (emit_wasm.c)
 *
 * Steps 3–5 run twice: for the spliced runtime, and for a view holding only
 * the generated functions and data at a nominal base (the snapshot text).
 * Nothing here knows Binaryen; emit_wasm.h is the seam. */
#include "codegen.h"

#include <string.h>

#include "../runtime/hooks.h"
#include "../runtime/rt_base.h"
#include "codegen_internal.h"
#include "embedded.h"
#include "emit_wasm.h"
#include "ir.h"
#include "version.h"

extern const WpcEmbedded wpc_runtime[]; /* build/gen/runtime_data.c */

/* ---- 1. static atoms and paths ------------------------------------------- */

/* Atoms in order of first appearance along the IR's path order, which is
 * itself deterministic; then the atoms emitters ask for (gen_atom). */
int32_t gen_atom(Gen *g, const char *text)
{
    uintptr_t id = (uintptr_t)strmap_get(&g->atom_ids, text);
    if (id) return (int32_t)id - 1;
    ptrvec_push(g->a, &g->atom_list, (void *)text);
    strmap_put(&g->atom_ids, text, (void *)(uintptr_t)g->atom_list.len);
    g->atoms = (const char **)g->atom_list.items;
    g->natoms = g->atom_list.len;
    return (int32_t)g->natoms - 1;
}

int32_t gen_atom_id(const Gen *g, const char *text) { return (int32_t)(uintptr_t)strmap_get(&g->atom_ids, text) - 1; }

static void collect_atoms(Gen *g)
{
    const IrProgram *ir = g->ir;
    strmap_init(&g->atom_ids, g->a);
    g->seg_atom = ARENA_ARRAY(g->a, int32_t, ir->npaths + 1);
    for (uint32_t i = 0; i < ir->npaths; i++) {
        const IrPath *p = &ir->paths[i];
        g->seg_atom[i] = -1;
        if (p->kind != IRSEG_KEY && p->kind != IRSEG_INDEX) continue;
        g->seg_atom[i] = gen_atom(g, p->seg);
    }
}

/* A path is concrete when no segment of it is a wildcard. */
static bool concrete(const Gen *g, IrId id)
{
    for (; id != IR_NONE; id = g->ir->paths[id].parent)
        if (g->seg_atom[id] < 0) return false;
    return true;
}

static void assign_static(Gen *g, IrId id)
{
    if (g->path_rt[id]) return;
    IrId parent = g->ir->paths[id].parent;
    if (parent != IR_NONE) assign_static(g, parent); /* parents first */
    g->static_paths[g->nstatic++] = id;
    g->path_rt[id] = g->nstatic;
}

static void collect_paths(Gen *g)
{
    const IrProgram *ir = g->ir;
    g->path_rt = ARENA_ARRAY(g->a, uint32_t, ir->npaths + 1);
    g->static_paths = ARENA_ARRAY(g->a, IrId, ir->npaths + 1);
    for (uint32_t i = 0; i < ir->npaths; i++)
        if (concrete(g, i)) assign_static(g, i);
}

/* The run-time text of each static path (dot-joined keys), for the glue's
 * path cache; NULL when a key holds '.', since the run-time text would then
 * split into other segments. */
static const char **static_path_texts(Gen *g)
{
    const char **texts = ARENA_ARRAY(g->a, const char *, g->nstatic + 1);
    for (uint32_t i = 0; i < g->nstatic; i++) {
        IrId id = g->static_paths[i];
        IrId parent = g->ir->paths[id].parent;
        const char *seg = g->ir->paths[id].seg;
        const char *up = parent == IR_NONE ? "" : texts[g->path_rt[parent] - 1];
        if (strchr(seg, '.') || !up)
            texts[i] = NULL;
        else
            texts[i] = parent == IR_NONE ? seg : arena_printf(g->a, "%s.%s", up, seg);
    }
    return texts;
}

/* ---- 3. data layout ---------------------------------------------------------- */

typedef struct Layout { /* struct Layout of codegen_internal.h */
    uint32_t base;      /* 16-aligned, ≥ __heap_base */
    uint32_t desc;      /* the app descriptor (hooks.h rt_app) */
    uint32_t blob;      /* the kits' tables; 0 when there are none */
    uint32_t data_end;
    StrBuf bytes;    /* everything from base to data_end */
    uint32_t cut[8]; /* region starts (offsets in bytes): one data segment each */
#define LAYOUT_MAX_CUTS 8
    uint32_t ncuts;
} Layout;

static uint32_t align_up(uint32_t v, uint32_t to) { return (v + to - 1) & ~(to - 1); }

static void put_u32(Arena *a, StrBuf *b, uint32_t v)
{
    char le[4] = {(char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff), (char)((v >> 24) & 0xff)};
    strbuf_putn(a, b, le, 4);
}

static void pad_to(Arena *a, StrBuf *b, uint32_t align)
{
    while (b->len % align) strbuf_putc(a, b, 0);
}

static void set_u32(StrBuf *b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++) b->data[at + (size_t)i] = (char)((v >> (8 * i)) & 0xff);
}

enum { /* rt_app field offsets: runtime/hooks.h (checked against the struct there) */
       D_ABI = RT_APP_ABI,
       D_NATOMS = RT_APP_N_ATOMS,
       D_ATOM_OFFSETS = RT_APP_ATOM_OFFSETS,
       D_ATOM_BYTES = RT_APP_ATOM_BYTES,
       D_NPATHS = RT_APP_N_PATHS,
       D_PATHS = RT_APP_PATHS,
       D_NGROUPS = RT_APP_N_GROUPS,
       D_GROUPS_ON = RT_APP_GROUPS_ON,
       D_MAX_ROUNDS = RT_APP_MAX_ROUNDS,
       D_DATA_END = RT_APP_DATA_END,
       D_SIZE = RT_APP_SIZE
};

static Layout lay_out(const Gen *g, uint32_t heap_base)
{
    Arena *a = g->a;
    const IrProgram *ir = g->ir;
    Layout L = {0};
    L.base = align_up(heap_base, 16);
    StrBuf *b = &L.bytes;
    /* Every address is base + offset in the buffer. */
#define HERE() (L.base + (uint32_t)b->len)
#define CUT() (L.cut[L.ncuts < LAYOUT_MAX_CUTS - 1 ? L.ncuts++ : L.ncuts] = (uint32_t)b->len)
    CUT();
    L.desc = HERE();
    for (int i = 0; i < D_SIZE; i++) strbuf_putc(a, b, 0);

    CUT();
    uint32_t atom_offsets = HERE();
    uint32_t off = 0;
    put_u32(a, b, 0);
    for (uint32_t i = 0; i < g->natoms; i++) {
        off += (uint32_t)strlen(g->atoms[i]);
        put_u32(a, b, off);
    }
    uint32_t atom_bytes = HERE();
    for (uint32_t i = 0; i < g->natoms; i++) strbuf_puts(a, b, g->atoms[i]);
    pad_to(a, b, 4);

    CUT();
    uint32_t paths = HERE();
    for (uint32_t i = 0; i < g->nstatic; i++) {
        IrId id = g->static_paths[i];
        IrId parent = ir->paths[id].parent;
        put_u32(a, b, parent == IR_NONE ? 0 : g->path_rt[parent]);
        put_u32(a, b, (uint32_t)g->seg_atom[id]);
    }

    uint32_t groups_on = 0;
    bool any_off = false;
    for (uint32_t i = 0; i < ir->ngroups; i++) any_off |= ir->groups[i].off;
    if (any_off) {
        CUT();
        groups_on = HERE();
        for (uint32_t byte = 0; byte < (ir->ngroups + 7) / 8; byte++) {
            unsigned bits = 0;
            for (uint32_t k = 0; k < 8 && byte * 8 + k < ir->ngroups; k++)
                if (!ir->groups[byte * 8 + k].off) bits |= 1u << k;
            strbuf_putc(a, b, (char)bits);
        }
    }

    if (g->blob) {
        pad_to(a, b, 16);
        CUT();
        L.blob = HERE();
        strbuf_putn(a, b, (const char *)g->blob, g->blob_len);
    }
    pad_to(a, b, 16);
    L.data_end = HERE();
#undef CUT
#undef HERE

    size_t d = L.desc - L.base;
    set_u32(b, d + D_ABI, RT_ABI_VERSION);
    set_u32(b, d + D_NATOMS, g->natoms);
    set_u32(b, d + D_ATOM_OFFSETS, atom_offsets);
    set_u32(b, d + D_ATOM_BYTES, atom_bytes);
    set_u32(b, d + D_NPATHS, g->nstatic);
    set_u32(b, d + D_PATHS, g->nstatic ? paths : 0);
    set_u32(b, d + D_NGROUPS, ir->ngroups);
    set_u32(b, d + D_GROUPS_ON, groups_on);
    /* each listener runs once per apply, so rounds <= listeners + 2; a
     * wildcard listener is one listener per key, which no build-time count
     * bounds: then the runtime's default */
    bool wild = false;
    for (uint32_t i = 0; i < ir->nlisteners && !wild; i++)
        for (uint32_t t = 0; t < ir->listeners[i].ntopics && !wild; t++)
            wild = ir->paths[ir->listeners[i].topics[t]].nwild > 0;
    set_u32(b, d + D_MAX_ROUNDS, wild ? 0 : ir->nlisteners + 2);
    set_u32(b, d + D_DATA_END, L.data_end);
    return L;
}

/* ---- 4. hooks: one emitter per rule kind ------------------------------------ */

/* The rule families, in the order their contributions run in each hook:
 * at creation sync settles values, then derived values are computed from
 * them, then concerns read both (semantics §13).  Stages have one family
 * each (clears 4, sync 5, derived 6, concerns 7); `input` only the derived
 * values (stages 1 and 2). */
static const RuleEmitter *const rule_emitters[] = {
    &gen_group_conditions_emitter, &gen_sync_emitter,     &gen_clears_emitter,
    &gen_derived_emitter,          &gen_concerns_emitter, &gen_listeners_emitter,
};
#define N_EMITTERS (sizeof rule_emitters / sizeof rule_emitters[0])

uint32_t gen_blob_addr(const HookCtx *h) { return h->L->blob; }

uint32_t gen_pool(HookCtx *h, const void *bytes, size_t len, uint32_t align)
{
    pad_to(h->g->a, h->pool, align);
    uint32_t at = h->pool_base + (uint32_t)h->pool->len;
    strbuf_putn(h->g->a, h->pool, bytes, len);
    return at;
}

EmitExpr *gen_kit_call(HookCtx *h, const char *service, uint32_t *pooled, const unsigned char *index, size_t len,
                       uint32_t first, uint32_t nparams)
{
    if (!index) return NULL; /* the family built no index: nothing to add */
    if (!*pooled) *pooled = gen_pool(h, index, len, 16);
    EmitExpr *args[4] = {emit_i32(h->m, (int32_t)gen_blob_addr(h)), emit_i32(h->m, (int32_t)*pooled)};
    for (uint32_t i = 0; i < nparams; i++) args[2 + i] = emit_param(h->m, first + i);
    return emit_call(h->m, service, args, 2 + nparams);
}

/* Runs the contributions in order.  `stop_nonzero`: input hooks stop at the
 * first contribution that does not keep the input; status hooks stop at
 * the first error (negative). */
static EmitExpr *sequence(HookCtx *h, EmitExpr **parts, uint32_t n, int32_t none, bool stop_nonzero)
{
    EmitModule *m = h->m;
    if (n == 0) return emit_i32(m, none);
    if (n == 1) return parts[0];
    uint32_t r = emit_local_new(m);
    EmitExpr **stmts = ARENA_ARRAY(h->g->a, EmitExpr *, 2 * n);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        stmts[k++] = emit_local_set(m, r, parts[i]);
        if (i + 1 == n) break;
        EmitExpr *stop =
            stop_nonzero ? emit_if(m, emit_eq(m, emit_local_get(m, r), emit_i32(m, 0)), emit_i32(m, 0), emit_i32(m, 1))
                         : emit_lt_s(m, emit_local_get(m, r), emit_i32(m, 0));
        stmts[k++] = emit_if(m, stop, emit_return(m, emit_local_get(m, r)), NULL);
    }
    return emit_block(m, stmts, k, emit_local_get(m, r));
}

typedef enum HookSlot { SLOT_INPUT, SLOT_PLAN, SLOT_CREATE, SLOT_DISABLE } HookSlot;

static EmitExpr *gather(HookCtx *h, HookSlot slot)
{
    EmitExpr *parts[N_EMITTERS + 1];
    uint32_t n = 0;
    for (size_t i = 0; i < N_EMITTERS; i++) {
        const RuleEmitter *e = rule_emitters[i];
        EmitExpr *(*fn)(HookCtx *) = slot == SLOT_INPUT    ? e->input
                                     : slot == SLOT_PLAN   ? e->plan
                                     : slot == SLOT_CREATE ? e->create
                                                           : e->disable;
        EmitExpr *x = fn ? fn(h) : NULL;
        if (x) parts[n++] = x;
    }
    return sequence(h, parts, n, slot == SLOT_INPUT ? RT_INPUT_KEEP : RT_OK, slot == SLOT_INPUT);
}

/* stage(stage, begin, end): one arm per RANGE stage that some rule kind
 * uses, `if (stage == k) return …`, then OK. */
static EmitExpr *stage_body(HookCtx *h)
{
    static const int range_stages[] = {
#define RT_STAGE(name, number, how) RANGE_##how(number)
#define RANGE_INPUT(n)
#define RANGE_APPLY(n)
#define RANGE_PLAN(n)
#define RANGE_RANGE(n) n,
#include "../runtime/stages.def"
#undef RANGE_RANGE
#undef RANGE_PLAN
#undef RANGE_APPLY
#undef RANGE_INPUT
#undef RT_STAGE
    };
    EmitModule *m = h->m;
    EmitExpr *arms[sizeof range_stages / sizeof range_stages[0] + 1];
    uint32_t narms = 0;
    for (size_t s = 0; s < sizeof range_stages / sizeof range_stages[0]; s++) {
        EmitExpr *parts[N_EMITTERS + 1];
        uint32_t n = 0;
        for (size_t i = 0; i < N_EMITTERS; i++) {
            EmitExpr *x = rule_emitters[i]->stage ? rule_emitters[i]->stage(h, range_stages[s]) : NULL;
            if (x) parts[n++] = x;
        }
        if (n == 0) continue;
        arms[narms++] = emit_if(m, emit_eq(m, emit_param(m, 0), emit_i32(m, range_stages[s])),
                                emit_return(m, sequence(h, parts, n, RT_OK, false)), NULL);
    }
    return emit_block(m, arms, narms, emit_i32(m, RT_OK));
}

static void emit_hooks(HookCtx *h)
{
    const Gen *g = h->g;
    EmitModule *m = h->m;
    uint32_t blob = gen_blob_addr(h);

    emit_hook_begin(m, "app");
    emit_hook_end(m, emit_i32(m, (int32_t)h->L->desc));

    /* The path matcher and the container kinds live in the blob; with no
     * path named by a rule, nothing matches (-1) and every container is an
     * object, and the kit is not linked in at all. */
    bool classes = blob && g->ir->npaths > 0;
    emit_hook_begin(m, "path_class");
    if (classes) {
        EmitExpr *args[3] = {emit_i32(m, (int32_t)blob), emit_param(m, 0), emit_param(m, 1)};
        emit_hook_end(m, emit_call(m, "rt_kit_class", args, 3));
    } else {
        emit_hook_end(m, emit_i32(m, -1));
    }

    emit_hook_begin(m, "container");
    if (classes) {
        EmitExpr *args[2] = {emit_i32(m, (int32_t)blob), emit_param(m, 0)};
        emit_hook_end(m, emit_call(m, "rt_kit_container", args, 2));
    } else {
        emit_hook_end(m, emit_i32(m, 0));
    }

    emit_hook_begin(m, "input");
    emit_hook_end(m, gather(h, SLOT_INPUT));
    emit_hook_begin(m, "stage");
    emit_hook_end(m, stage_body(h));
    emit_hook_begin(m, "plan");
    emit_hook_end(m, gather(h, SLOT_PLAN));
    emit_hook_begin(m, "create");
    emit_hook_end(m, gather(h, SLOT_CREATE));
    emit_hook_begin(m, "disable");
    emit_hook_end(m, gather(h, SLOT_DISABLE));
    for (size_t i = 0; i < N_EMITTERS; i++)
        if (rule_emitters[i]->functions) rule_emitters[i]->functions(h);
}

/* ---- 5. the module ----------------------------------------------------------- */

static EmitOpt emit_level(OptLevel o)
{
    switch (o) {
    case OPT_O0: return EMIT_O0;
    case OPT_O1: return EMIT_O1;
    case OPT_O3: return EMIT_O3;
    case OPT_OS: return EMIT_OS;
    case OPT_OZ: return EMIT_OZ;
    case OPT_O2: break;
    }
    return EMIT_O2;
}

/* Lays out the data for m's heap base, emits the hooks (which fill the
 * pool), then the data: the pool goes last, and data_end after it. */
static bool build_one(Gen *g, EmitModule *m, EmitOpt opt, EmitResult *out)
{
    Layout L = lay_out(g, emit_heap_base(m));
    StrBuf pool = {0};
    HookCtx h = {.g = g, .L = &L, .m = m, .pool = &pool, .pool_base = L.data_end};
    emit_hooks(&h);
    if (pool.len) {
        L.cut[L.ncuts++] = (uint32_t)L.bytes.len;
        strbuf_putn(g->a, &L.bytes, pool.data, pool.len);
        pad_to(g->a, &L.bytes, 16);
        L.data_end = L.base + (uint32_t)L.bytes.len;
        set_u32(&L.bytes, L.desc - L.base + D_DATA_END, L.data_end);
    }
    /* One segment per region (descriptor, atoms, paths, groups, blob,
     * pool), which keeps the snapshot text readable; the optimiser may
     * merge them. */
    for (uint32_t i = 0; i < L.ncuts; i++) {
        uint32_t from = L.cut[i], to = i + 1 < L.ncuts ? L.cut[i + 1] : (uint32_t)L.bytes.len;
        if (to > from) emit_data(m, L.base + from, (const unsigned char *)L.bytes.data + from, to - from);
    }
    return emit_finish(m, opt, out);
}

/* ---- what this version compiles --------------------------------------------- */

const char *codegen_kind_plural(GenKind kind)
{
    static const char *const plural[] = {
#define GEN_KIND_PLURAL(name, one, many) many,
        GEN_KINDS(GEN_KIND_PLURAL)
#undef GEN_KIND_PLURAL
    };
    return (unsigned)kind < GEN_KIND_COUNT ? plural[kind] : "?";
}

const char *codegen_kind_name(GenKind kind, uint32_t n)
{
    static const char *const one[] = {
#define GEN_KIND_ONE(name, single, many) single,
        GEN_KINDS(GEN_KIND_ONE)
#undef GEN_KIND_ONE
    };
    if ((unsigned)kind >= GEN_KIND_COUNT) return "?";
    return n == 1 ? one[kind] : codegen_kind_plural(kind);
}

bool codegen_compiles(GenKind kind)
{
    for (size_t i = 0; i < N_EMITTERS; i++)
        for (const GenKind *k = rule_emitters[i]->kinds; *k != GEN_KIND_COUNT; k++)
            if (*k == kind) return true;
    return false;
}

static void census_add(GenCensus *g, GenKind kind, Span span)
{
    if (g->count[kind]++ == 0) g->first[kind] = span;
}

GenCensus codegen_census(const IrProgram *ir)
{
    GenCensus g;
    memset(&g, 0, sizeof g);
    for (uint32_t i = 0; i < ir->nedges; i++) {
        const IrEdge *e = &ir->edges[i];
        census_add(&g, e->oneway ? GEN_ONEWAY : e->flip ? GEN_FLIP : GEN_SYNC, e->base.span);
    }
    for (uint32_t i = 0; i < ir->nderived; i++)
        census_add(&g, ir->derived[i].is_compute ? GEN_COMPUTE : GEN_AGGREGATE, ir->derived[i].base.span);
    for (uint32_t i = 0; i < ir->nclears; i++) census_add(&g, GEN_CLEAR, ir->clears[i].base.span);
    static const GenKind concern_kinds[] = {
        [IRC_CONDITION] = GEN_CONDITION,
        [IRC_VALUE] = GEN_VALUE,
        [IRC_EXTERNAL] = GEN_EXTERNAL,
        [IRC_VALIDATION] = GEN_VALIDATION,
    };
    for (uint32_t i = 0; i < ir->nconcerns; i++)
        census_add(&g, concern_kinds[ir->concerns[i].kind], ir->concerns[i].base.span);
    /* listeners are in dispatch order: the first declared is the least decl */
    uint32_t first = 0;
    for (uint32_t i = 0; i < ir->nlisteners; i++)
        if (ir->listeners[i].decl < ir->listeners[first].decl) first = i;
    g.count[GEN_LISTENER] = ir->nlisteners;
    if (ir->nlisteners) g.first[GEN_LISTENER] = ir->listeners[first].base.span;
    for (uint32_t i = 0; i < ir->ngroups; i++) g.count[GEN_GROUP_WHEN] += ir->groups[i].when != IR_NONE;
    return g;
}

/* One warning per rule kind the module leaves out, at its first rule. */
static void warn_not_compiled(Compilation *c, const IrProgram *ir)
{
    GenCensus g = codegen_census(ir);
    for (int k = 0; k < GEN_KIND_COUNT; k++) {
        uint32_t n = g.count[k];
        if (!n || codegen_compiles((GenKind)k)) continue;
        const char *what = codegen_kind_name((GenKind)k, n);
        if (k == GEN_GROUP_WHEN)
            diag_add_nospan(&c->diags, D_BUILD_NOT_COMPILED,
                            "%u %s %s not evaluated by wpc %s yet: enable() and disable() alone switch %s", n, what,
                            n == 1 ? "is" : "are", WPC_VERSION, n == 1 ? "that group" : "those groups");
        else
            diag_add(&c->diags, D_BUILD_NOT_COMPILED, g.first[k],
                     "%u %s %s not compiled by wpc %s yet: checked, but %s not act in the module", n, what,
                     n == 1 ? "is" : "are", WPC_VERSION, n == 1 ? "it does" : "they do");
    }
}

bool codegen_wasm(Compilation *c, const CodegenOptions *opts, WasmModule *out)
{
    memset(out, 0, sizeof *out);
    const WpcEmbedded *rt = embedded_find(wpc_runtime, "runtime.wasm");
    if (!rt) {
        c->io_error = "internal error: wpc was built without runtime.wasm";
        return false;
    }
    warn_not_compiled(c, c->ir);
    Gen g = {.c = c, .ir = c->ir, .a = &c->arena};
    collect_atoms(&g);
    collect_paths(&g);
    if (!codegen_tables(&g)) return false;
    for (size_t i = 0; i < N_EMITTERS; i++)
        if (rule_emitters[i]->prepare && !rule_emitters[i]->prepare(&g)) return false;

    const char *err = NULL;
    EmitModule *real = emit_open(&c->arena, rt->data, rt->len, &err);
    if (!real) {
        c->io_error = arena_printf(&c->arena, "internal error: %s", err);
        return false;
    }
    EmitModule *view = emit_open_view(&c->arena, real);
    if (opts && opts->debug_names) emit_keep_names(real);
    EmitOpt opt = emit_level(opts ? opts->opt : OPT_O2);
    EmitResult r_view, r_real;
    bool ok = build_one(&g, view, opt, &r_view) && build_one(&g, real, opt, &r_real);
    if (ok) {
        out->bytes = r_real.bytes;
        out->len = r_real.len;
        out->wat_generated = r_view.text;
        out->static_paths = static_path_texts(&g);
        out->nstatic_paths = g.nstatic;
    } else {
        const char *e = emit_error(view) ? emit_error(view) : emit_error(real);
        c->io_error = arena_printf(&c->arena, "internal error: %s", e ? e : "code generation failed");
    }
    emit_close(view);
    emit_close(real);
    return ok;
}

const char *codegen_wat(Compilation *c, const WasmModule *m) { return emit_wat(&c->arena, m->bytes, m->len); }
