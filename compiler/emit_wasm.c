/* emit_wasm.c — the only file that includes binaryen-c.h (emit_wasm.h).
 *
 * Splicing: runtime.wasm is read with BinaryenModuleRead.  Every function
 * imported from module "wp" is a hook; its internal name and signature are
 * kept, the import is removed, and the generated body is added under the
 * same internal name, so the runtime's existing calls now reach it and
 * BinaryenModuleOptimize can inline across the seam.  Services are found by
 * their export (exports.def) and called by the export's internal name; once
 * the hooks are in, every export but "memory" and the wp_ ones is removed,
 * so the optimiser drops the services nothing calls.
 *
 * Binaryen keeps its options in process globals: emit_finish sets every one
 * that affects output on every run (style.md, determinism). */
#include "emit_wasm.h"

#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#include <binaryen-c.h>
#pragma GCC diagnostic pop

typedef struct Hook {
    const char *base;     /* hooks.def name: "path_class" */
    const char *internal; /* the runtime's internal function name */
    BinaryenType params, results;
    uint32_t nparams;
    BinaryenType *param_types;
    bool defined;
    bool own; /* a function of codegen's own, not a hook */
} Hook;

typedef struct DataSeg {
    uint32_t addr;
    const unsigned char *bytes;
    size_t len;
} DataSeg;

struct EmitModule {
    Arena *arena;
    BinaryenModuleRef mod;
    EmitModule *rt; /* views: the real module; NULL for the real one */
    bool is_view;
    bool keep_names; /* wpc build -g: the name section survives */
    Hook *hooks;
    uint32_t nhooks;
    uint32_t heap_base;
    uint32_t mem_initial; /* pages, as the runtime declares them */
    bool mem_has_max;
    uint32_t mem_max;
    PtrVec data;      /* DataSeg *, in emission order */
    PtrVec imported;  /* views: services already imported (const char *) */
    Hook *open;       /* the hook being built */
    uint32_t nlocals; /* i32 vars of the open hook */
    const char *error;
};

static void fail(EmitModule *m, const char *msg)
{
    if (!m->error) m->error = msg;
}

/* ---- reading the runtime --------------------------------------------------- */

static bool read_leb(const unsigned char *p, size_t len, size_t *pos, uint32_t *out)
{
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35; shift += 7) {
        if (*pos >= len) return false;
        unsigned char b = p[(*pos)++];
        v |= (uint32_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *out = v;
            return true;
        }
    }
    return false;
}

/* The C API of Binaryen 108 cannot read a memory's limits, so take them
 * from the binary's memory section (id 5). */
static void read_memory_limits(EmitModule *m, const unsigned char *p, size_t len)
{
    size_t pos = 8;
    while (pos < len) {
        unsigned id = p[pos++];
        uint32_t size;
        if (!read_leb(p, len, &pos, &size) || size > len - pos) return;
        size_t end = pos + size;
        if (id == 5) {
            uint32_t count, flags, v;
            if (!read_leb(p, end, &pos, &count) || count < 1) return;
            if (!read_leb(p, end, &pos, &flags) || !read_leb(p, end, &pos, &v)) return;
            m->mem_initial = v;
            if (flags & 1) {
                if (!read_leb(p, end, &pos, &v)) return;
                m->mem_has_max = true;
                m->mem_max = v;
            }
            return;
        }
        pos = end;
    }
}

static Hook *find_hook(EmitModule *m, const char *base)
{
    for (uint32_t i = 0; i < m->nhooks; i++)
        if (strcmp(m->hooks[i].base, base) == 0) return &m->hooks[i];
    return NULL;
}

static void hook_types(Arena *a, Hook *h)
{
    h->nparams = BinaryenTypeArity(h->params);
    if (h->params == BinaryenTypeNone()) h->nparams = 0;
    h->param_types = ARENA_ARRAY(a, BinaryenType, h->nparams + 1);
    if (h->nparams) BinaryenTypeExpand(h->params, h->param_types);
}

EmitModule *emit_open(Arena *a, const unsigned char *wasm, size_t len, const char **err)
{
    if (len < 8 || memcmp(wasm, "\0asm", 4) != 0) {
        *err = "the embedded runtime is not a WebAssembly module";
        return NULL;
    }
    char *copy = malloc(len);
    if (!copy) {
        *err = "out of memory";
        return NULL;
    }
    memcpy(copy, wasm, len);
    BinaryenModuleRef mod = BinaryenModuleRead(copy, len);
    free(copy);
    if (!mod) {
        *err = "cannot read the embedded runtime";
        return NULL;
    }

    EmitModule *m = ARENA_NEW(a, EmitModule);
    m->arena = a;
    m->mod = mod;
    read_memory_limits(m, wasm, len);

    BinaryenIndex nfn = BinaryenGetNumFunctions(mod);
    m->hooks = ARENA_ARRAY(a, Hook, nfn + 1);
    for (BinaryenIndex i = 0; i < nfn; i++) {
        BinaryenFunctionRef fn = BinaryenGetFunctionByIndex(mod, i);
        const char *module = BinaryenFunctionImportGetModule(fn);
        if (!module || !*module) continue; /* "" for defined functions */
        if (strcmp(module, "wp") != 0) {
            fail(m, arena_printf(a, "the runtime imports %s.%s, which wpc cannot provide", module,
                                 BinaryenFunctionImportGetBase(fn)));
            continue;
        }
        Hook *h = &m->hooks[m->nhooks++];
        h->base = arena_strdup(a, BinaryenFunctionImportGetBase(fn));
        h->internal = arena_strdup(a, BinaryenFunctionGetName(fn));
        h->params = BinaryenFunctionGetParams(fn);
        h->results = BinaryenFunctionGetResults(fn);
        hook_types(a, h);
    }

    BinaryenExportRef hb = BinaryenGetExport(mod, "__heap_base");
    BinaryenGlobalRef g = hb ? BinaryenGetGlobal(mod, BinaryenExportGetValue(hb)) : NULL;
    if (!g)
        fail(m, "the runtime does not export __heap_base");
    else
        m->heap_base = (uint32_t)BinaryenConstGetValueI32(BinaryenGlobalGetInitExpr(g));
    if (!m->mem_initial) fail(m, "the runtime declares no memory");
    return m;
}

EmitModule *emit_open_view(Arena *a, EmitModule *rt)
{
    EmitModule *m = ARENA_NEW(a, EmitModule);
    m->arena = a;
    m->mod = BinaryenModuleCreate();
    m->rt = rt;
    m->is_view = true;
    m->heap_base = EMIT_VIEW_HEAP_BASE;
    m->mem_initial = 1;
    m->hooks = ARENA_ARRAY(a, Hook, rt->nhooks + 1);
    m->nhooks = rt->nhooks;
    for (uint32_t i = 0; i < rt->nhooks; i++) {
        m->hooks[i] = rt->hooks[i];
        m->hooks[i].internal = rt->hooks[i].base; /* readable names in snapshots */
        m->hooks[i].defined = false;
    }
    BinaryenModuleSetFeatures(m->mod, BinaryenModuleGetFeatures(rt->mod));
    m->error = rt->error;
    return m;
}

void emit_close(EmitModule *m)
{
    if (m && m->mod) BinaryenModuleDispose(m->mod);
    if (m) m->mod = NULL;
}

uint32_t emit_heap_base(const EmitModule *m) { return m->heap_base; }
const char *emit_error(const EmitModule *m) { return m->error; }

bool emit_has_service(const EmitModule *m, const char *name)
{
    const EmitModule *rt = m->is_view ? m->rt : m;
    return BinaryenGetExport(rt->mod, name) != NULL;
}

/* ---- data ------------------------------------------------------------------ */

void emit_data(EmitModule *m, uint32_t addr, const unsigned char *bytes, size_t len)
{
    if (addr < m->heap_base) fail(m, "app data placed below __heap_base");
    DataSeg *d = ARENA_NEW(m->arena, DataSeg);
    d->addr = addr;
    d->len = len;
    unsigned char *copy = arena_alloc(m->arena, len + 1);
    if (len) memcpy(copy, bytes, len);
    d->bytes = copy;
    ptrvec_push(m->arena, &m->data, d);
}

/* ---- hooks and expressions ----------------------------------------------- */

void emit_hook_begin(EmitModule *m, const char *name)
{
    m->open = find_hook(m, name);
    m->nlocals = 0;
    if (!m->open)
        fail(m, arena_printf(m->arena, "the runtime has no hook '%s'", name));
    else if (m->open->defined)
        fail(m, arena_printf(m->arena, "hook '%s' defined twice", name));
}

uint32_t emit_hook_nparams(const EmitModule *m) { return m->open ? m->open->nparams : 0; }

void emit_hook_end(EmitModule *m, EmitExpr *body)
{
    Hook *h = m->open;
    m->open = NULL;
    if (!h || h->defined) return;
    BinaryenType *vars = ARENA_ARRAY(m->arena, BinaryenType, m->nlocals + 1);
    for (uint32_t i = 0; i < m->nlocals; i++) vars[i] = BinaryenTypeInt32();
    if (!m->is_view) BinaryenRemoveFunction(m->mod, h->internal);
    BinaryenAddFunction(m->mod, h->internal, h->params, h->results, vars, m->nlocals, (BinaryenExpressionRef)body);
    if (m->is_view) BinaryenAddFunctionExport(m->mod, h->internal, h->base);
    h->defined = true;
}

/* Functions of codegen's own (beyond the hooks) take i32 parameters and
 * return an i32; they are built like a hook and called by name. */
void emit_func_begin(EmitModule *m, const char *name, uint32_t nparams)
{
    Hook *h = ARENA_NEW(m->arena, Hook);
    h->base = h->internal = arena_strdup(m->arena, name);
    h->nparams = nparams;
    h->param_types = ARENA_ARRAY(m->arena, BinaryenType, nparams + 1);
    for (uint32_t i = 0; i < nparams; i++) h->param_types[i] = BinaryenTypeInt32();
    h->params = BinaryenTypeCreate(h->param_types, nparams);
    h->results = BinaryenTypeInt32();
    h->own = true;
    m->open = h;
    m->nlocals = 0;
}

void emit_func_end(EmitModule *m, EmitExpr *body)
{
    Hook *h = m->open;
    m->open = NULL;
    if (!h) return;
    BinaryenType *vars = ARENA_ARRAY(m->arena, BinaryenType, m->nlocals + 1);
    for (uint32_t i = 0; i < m->nlocals; i++) vars[i] = BinaryenTypeInt32();
    BinaryenAddFunction(m->mod, h->internal, h->params, h->results, vars, m->nlocals, (BinaryenExpressionRef)body);
}

EmitExpr *emit_call_func(EmitModule *m, const char *name, EmitExpr **args, uint32_t nargs)
{
    return (EmitExpr *)BinaryenCall(m->mod, name, (BinaryenExpressionRef *)args, nargs, BinaryenTypeInt32());
}

EmitExpr *emit_f64(EmitModule *m, double v) { return (EmitExpr *)BinaryenConst(m->mod, BinaryenLiteralFloat64(v)); }

EmitExpr *emit_store_i32(EmitModule *m, EmitExpr *addr, uint32_t offset, EmitExpr *value)
{
    return (EmitExpr *)BinaryenStore(m->mod, 4, offset, 4, (BinaryenExpressionRef)addr, (BinaryenExpressionRef)value,
                                     BinaryenTypeInt32());
}

EmitExpr *emit_eqz(EmitModule *m, EmitExpr *a)
{
    return (EmitExpr *)BinaryenUnary(m->mod, BinaryenEqZInt32(), (BinaryenExpressionRef)a);
}

EmitExpr *emit_drop(EmitModule *m, EmitExpr *a) { return (EmitExpr *)BinaryenDrop(m->mod, (BinaryenExpressionRef)a); }

EmitExpr *emit_nop(EmitModule *m) { return (EmitExpr *)BinaryenNop(m->mod); }

EmitExpr *emit_i32(EmitModule *m, int32_t v) { return (EmitExpr *)BinaryenConst(m->mod, BinaryenLiteralInt32(v)); }

EmitExpr *emit_param(EmitModule *m, uint32_t index)
{
    if (!m->open || index >= m->open->nparams) {
        fail(m, "hook parameter out of range");
        return (EmitExpr *)BinaryenUnreachable(m->mod);
    }
    return (EmitExpr *)BinaryenLocalGet(m->mod, index, m->open->param_types[index]);
}

uint32_t emit_local_new(EmitModule *m) { return (m->open ? m->open->nparams : 0) + m->nlocals++; }

EmitExpr *emit_local_get(EmitModule *m, uint32_t local)
{
    return (EmitExpr *)BinaryenLocalGet(m->mod, local, BinaryenTypeInt32());
}

EmitExpr *emit_local_set(EmitModule *m, uint32_t local, EmitExpr *value)
{
    return (EmitExpr *)BinaryenLocalSet(m->mod, local, (BinaryenExpressionRef)value);
}

/* The service's function in the real module, or NULL. */
static BinaryenFunctionRef service_fn(EmitModule *rt, const char *name)
{
    BinaryenExportRef ex = BinaryenGetExport(rt->mod, name);
    if (!ex || BinaryenExportGetKind(ex) != BinaryenExternalFunction()) return NULL;
    return BinaryenGetFunction(rt->mod, BinaryenExportGetValue(ex));
}

EmitExpr *emit_call(EmitModule *m, const char *name, EmitExpr **args, uint32_t nargs)
{
    EmitModule *rt = m->is_view ? m->rt : m;
    BinaryenFunctionRef fn = service_fn(rt, name);
    if (!fn) {
        fail(m, arena_printf(m->arena, "the runtime does not export service '%s'", name));
        return (EmitExpr *)BinaryenUnreachable(m->mod);
    }
    BinaryenType results = BinaryenFunctionGetResults(fn);
    const char *target = BinaryenFunctionGetName(fn);
    if (m->is_view) {
        bool have = false;
        for (uint32_t i = 0; i < m->imported.len && !have; i++) have = strcmp(m->imported.items[i], name) == 0;
        if (!have) {
            BinaryenAddFunctionImport(m->mod, name, "rt", name, BinaryenFunctionGetParams(fn), results);
            ptrvec_push(m->arena, &m->imported, (void *)arena_strdup(m->arena, name));
        }
        target = name;
    }
    return (EmitExpr *)BinaryenCall(m->mod, target, (BinaryenExpressionRef *)args, nargs, results);
}

EmitExpr *emit_eq(EmitModule *m, EmitExpr *a, EmitExpr *b)
{
    return (EmitExpr *)BinaryenBinary(m->mod, BinaryenEqInt32(), (BinaryenExpressionRef)a, (BinaryenExpressionRef)b);
}

EmitExpr *emit_lt_s(EmitModule *m, EmitExpr *a, EmitExpr *b)
{
    return (EmitExpr *)BinaryenBinary(m->mod, BinaryenLtSInt32(), (BinaryenExpressionRef)a, (BinaryenExpressionRef)b);
}

EmitExpr *emit_if(EmitModule *m, EmitExpr *cond, EmitExpr *then_e, EmitExpr *else_e)
{
    return (EmitExpr *)BinaryenIf(m->mod, (BinaryenExpressionRef)cond, (BinaryenExpressionRef)then_e,
                                  (BinaryenExpressionRef)else_e);
}

EmitExpr *emit_return(EmitModule *m, EmitExpr *value)
{
    return (EmitExpr *)BinaryenReturn(m->mod, (BinaryenExpressionRef)value);
}

EmitExpr *emit_block(EmitModule *m, EmitExpr **stmts, uint32_t n, EmitExpr *value)
{
    BinaryenExpressionRef *kids = ARENA_ARRAY(m->arena, BinaryenExpressionRef, n + 2);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) /* a nop statement (an unfilled slot) is left out */
        if (BinaryenExpressionGetId((BinaryenExpressionRef)stmts[i]) != BinaryenNopId())
            kids[k++] = (BinaryenExpressionRef)stmts[i];
    if (value) kids[k++] = (BinaryenExpressionRef)value;
    return (EmitExpr *)BinaryenBlock(m->mod, NULL, kids, k, BinaryenTypeAuto());
}

static BinaryenModuleRef read_copy(const unsigned char *wasm, size_t len);

/* ---- finishing ------------------------------------------------------------- */

/* Every option that changes Binaryen's output, set on every run: they are
 * process globals, and a library caller may have changed them. */
static void set_global_options(EmitOpt opt)
{
    static const int levels[][2] = {
        [EMIT_O0] = {0, 0}, [EMIT_O1] = {1, 0}, [EMIT_O2] = {2, 0},
        [EMIT_O3] = {3, 0}, [EMIT_OS] = {2, 1}, [EMIT_OZ] = {2, 2},
    };
    BinaryenSetOptimizeLevel(levels[opt][0]);
    BinaryenSetShrinkLevel(levels[opt][1]);
    BinaryenSetDebugInfo(false);
    BinaryenSetLowMemoryUnused(false); /* the stack is at address 0 (--stack-first) */
    BinaryenSetZeroFilledMemory(false);
    BinaryenSetFastMath(false);
    BinaryenClearPassArguments();
    BinaryenSetAlwaysInlineMaxSize(2); /* Binaryen 108's defaults, pinned */
    BinaryenSetFlexibleInlineMaxSize(20);
    BinaryenSetOneCallerInlineMaxSize((BinaryenIndex)-1);
    BinaryenSetAllowInliningFunctionsWithLoops(false);
    BinaryenSetColorsEnabled(false);
}

static void drop_service_exports(EmitModule *m)
{
    PtrVec drop = {0};
    BinaryenIndex n = BinaryenGetNumExports(m->mod);
    for (BinaryenIndex i = 0; i < n; i++) {
        const char *name = BinaryenExportGetName(BinaryenGetExportByIndex(m->mod, i));
        if (strcmp(name, "memory") == 0 || strncmp(name, "wp_", 3) == 0) continue;
        ptrvec_push(m->arena, &drop, arena_strdup(m->arena, name));
    }
    for (uint32_t i = 0; i < drop.len; i++) BinaryenRemoveExport(m->mod, drop.items[i]);
}

/* Adds our segments and sizes the memory to cover every segment.
 * BinaryenSetMemory keeps the runtime's segments and appends the ones it is
 * given; it also re-adds the export, so the old one goes first. */
static void set_memory(EmitModule *m)
{
    uint64_t end = 0;
    uint32_t nold = m->is_view ? 0 : BinaryenGetNumMemorySegments(m->mod);
    for (uint32_t i = 0; i < nold; i++) {
        if (BinaryenGetMemorySegmentPassive(m->mod, i)) continue;
        uint64_t e =
            BinaryenGetMemorySegmentByteOffset(m->mod, i) + (uint64_t)BinaryenGetMemorySegmentByteLength(m->mod, i);
        if (e > end) end = e;
    }
    uint32_t n = m->data.len;
    const char **segs = ARENA_ARRAY(m->arena, const char *, n + 1);
    bool *passive = ARENA_ARRAY(m->arena, bool, n + 1);
    BinaryenExpressionRef *offs = ARENA_ARRAY(m->arena, BinaryenExpressionRef, n + 1);
    BinaryenIndex *sizes = ARENA_ARRAY(m->arena, BinaryenIndex, n + 1);
    for (uint32_t i = 0; i < n; i++) {
        const DataSeg *d = m->data.items[i];
        segs[i] = (const char *)d->bytes;
        passive[i] = false;
        offs[i] = BinaryenConst(m->mod, BinaryenLiteralInt32((int32_t)d->addr));
        sizes[i] = (BinaryenIndex)d->len;
        if (d->addr + (uint64_t)d->len > end) end = d->addr + (uint64_t)d->len;
    }
    uint64_t pages = (end + 65535u) / 65536u;
    uint32_t initial = m->mem_initial > pages ? m->mem_initial : (uint32_t)pages;
    uint32_t max = m->mem_has_max ? m->mem_max : (uint32_t)-1; /* -1: no maximum */
    if (m->mem_has_max && initial > max) fail(m, "the app's data does not fit the runtime's maximum memory");
    if (!m->is_view) BinaryenRemoveExport(m->mod, "memory");
    BinaryenSetMemory(m->mod, initial, max, m->is_view ? NULL : "memory", segs, passive, offs, sizes, n, false);
}

void emit_keep_names(EmitModule *m) { m->keep_names = true; }

bool emit_finish(EmitModule *m, EmitOpt opt, EmitResult *out)
{
    memset(out, 0, sizeof *out);
    for (uint32_t i = 0; i < m->nhooks; i++)
        if (!m->hooks[i].defined) fail(m, arena_printf(m->arena, "no code generated for hook '%s'", m->hooks[i].base));
    if (m->error) return false;

    set_global_options(opt);
    if (!m->is_view) drop_service_exports(m);
    set_memory(m);
    if (m->error) return false;
    if (!BinaryenModuleValidate(m->mod)) {
        fail(m, "internal error: the generated module does not validate");
        return false;
    }
    /* With names kept, Binaryen carries them through its passes and writes
     * the name section; DWARF goes either way (it would describe the runtime
     * before splicing). */
    BinaryenSetDebugInfo(m->keep_names);
    if (opt != EMIT_O0) BinaryenModuleOptimize(m->mod);
    static const char *strip[] = {"strip-debug", "strip-producers", "strip-target-features"};
    static const char *strip_keeping_names[] = {"strip-dwarf", "strip-producers", "strip-target-features"};
    BinaryenModuleRunPasses(m->mod, m->keep_names ? strip_keeping_names : strip, 3);
    if (!BinaryenModuleValidate(m->mod)) {
        fail(m, "internal error: the optimised module does not validate");
        return false;
    }

    BinaryenModuleAllocateAndWriteResult r = BinaryenModuleAllocateAndWrite(m->mod, NULL);
    unsigned char *bytes = arena_alloc(m->arena, r.binaryBytes + 1);
    memcpy(bytes, r.binary, r.binaryBytes);
    out->bytes = bytes;
    out->len = r.binaryBytes;
    free(r.binary);
    free(r.sourceMap);
    if (m->is_view) {
        char *text = BinaryenModuleAllocateAndWriteText(m->mod);
        out->text = arena_strdup(m->arena, text);
        free(text);
    }
    return true;
}

const char *emit_wat(Arena *a, const unsigned char *wasm, size_t len)
{
    BinaryenModuleRef mod = read_copy(wasm, len);
    if (!mod) return NULL;
    BinaryenModuleSetFeatures(mod, BinaryenFeatureAll()); /* printing only */
    BinaryenSetColorsEnabled(false);
    char *text = BinaryenModuleAllocateAndWriteText(mod);
    const char *result = arena_strdup(a, text);
    free(text);
    BinaryenModuleDispose(mod);
    return result;
}

static BinaryenModuleRef read_copy(const unsigned char *wasm, size_t len)
{
    if (len < 8 || memcmp(wasm, "\0asm", 4) != 0) return NULL;
    char *copy = malloc(len);
    if (!copy) return NULL;
    memcpy(copy, wasm, len);
    BinaryenModuleRef mod = BinaryenModuleRead(copy, len);
    free(copy);
    return mod;
}

bool emit_inspect(Arena *a, const unsigned char *wasm, size_t len, EmitInfo *info)
{
    memset(info, 0, sizeof *info);
    BinaryenModuleRef mod = read_copy(wasm, len);
    if (!mod) return false;
    /* The target features section is stripped: validate against the
     * features the runtime may use. */
    BinaryenModuleSetFeatures(mod, BinaryenFeatureMVP() | BinaryenFeatureMutableGlobals() | BinaryenFeatureSignExt() |
                                       BinaryenFeatureBulkMemory() | BinaryenFeatureNontrappingFPToInt());
    info->valid = BinaryenModuleValidate(mod);
    BinaryenIndex nfn = BinaryenGetNumFunctions(mod);
    for (BinaryenIndex i = 0; i < nfn; i++) {
        const char *module = BinaryenFunctionImportGetModule(BinaryenGetFunctionByIndex(mod, i));
        if (module && *module) info->nimports++;
    }
    BinaryenIndex nglob = BinaryenGetNumGlobals(mod);
    for (BinaryenIndex i = 0; i < nglob; i++) {
        const char *module = BinaryenGlobalImportGetModule(BinaryenGetGlobalByIndex(mod, i));
        if (module && *module) info->nimports++;
    }
    /* A memory or table import shows in the binary's import section: count
     * every entry there instead when it is larger. */
    size_t pos = 8;
    while (pos < len) {
        unsigned id = wasm[pos++];
        uint32_t size, count;
        if (!read_leb(wasm, len, &pos, &size) || size > len - pos) break;
        size_t at = pos;
        if (id == 2 && read_leb(wasm, pos + size, &at, &count) && count > info->nimports) info->nimports = count;
        if (id == 5 && read_leb(wasm, pos + size, &at, &count) && count >= 1) {
            uint32_t flags, initial;
            if (read_leb(wasm, pos + size, &at, &flags) && read_leb(wasm, pos + size, &at, &initial))
                info->mem_initial = initial;
        }
        pos += size;
    }
    info->nexports = BinaryenGetNumExports(mod);
    info->exports = ARENA_ARRAY(a, const char *, info->nexports + 1);
    for (BinaryenIndex i = 0; i < info->nexports; i++)
        info->exports[i] = arena_strdup(a, BinaryenExportGetName(BinaryenGetExportByIndex(mod, i)));
    BinaryenModuleDispose(mod);
    return true;
}

bool emit_read_data(const unsigned char *wasm, size_t len, uint32_t addr, unsigned char *buf, size_t n)
{
    BinaryenModuleRef mod = read_copy(wasm, len);
    if (!mod) return false;
    memset(buf, 0, n);
    uint32_t nseg = BinaryenGetNumMemorySegments(mod);
    for (uint32_t i = 0; i < nseg; i++) {
        if (BinaryenGetMemorySegmentPassive(mod, i)) continue;
        uint64_t at = BinaryenGetMemorySegmentByteOffset(mod, i);
        size_t seglen = BinaryenGetMemorySegmentByteLength(mod, i);
        if (at >= (uint64_t)addr + n || at + seglen <= addr) continue;
        char *seg = malloc(seglen ? seglen : 1);
        if (!seg) break;
        BinaryenCopyMemorySegmentData(mod, i, seg);
        for (size_t k = 0; k < seglen; k++) {
            uint64_t x = at + k;
            if (x >= addr && x < (uint64_t)addr + n) buf[x - addr] = (unsigned char)seg[k];
        }
        free(seg);
    }
    BinaryenModuleDispose(mod);
    return true;
}
