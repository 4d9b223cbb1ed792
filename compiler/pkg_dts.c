/* pkg_dts.c — index.d.ts of the package (pkg.c, docs/package.md):
 *
 *   State        the merged `state` blocks (optional fields `?`, unions,
 *                literal types, map<T> → Record<string, T>, list<T> → T[],
 *                any → unknown); Record<string, unknown> without a state
 *   Path         every path of the state type and every path a rule names;
 *                map keys and wildcards as `${string}`, list indexes as
 *                `${number}` (template literal types)
 *   Change, OutputChange, Stage, the name unions (handlers, validators,
 *   concern functions, concern names, groups), Options, Pipeline,
 *   createPipeline / createPipelineAsync / rules.
 * Deterministic: declaration order throughout. */
#include <string.h>

#include "ir.h"
#include "pkg_internal.h"
#include "version.h"

#define DTS_MAX_PATHS 5000u
#define DTS_MAX_DEPTH 24u

typedef struct Dts {
    Arena *a;
    StrBuf out;
    PtrVec paths;  /* const char *: TS literal types, unique */
    PtrVec ptypes; /* per path: its value's TS type, NULL when unknown */
    bool overflow; /* too many paths: Path also admits string */
} Dts;

static void add_unique(Dts *d, PtrVec *v, const char *s)
{
    for (uint32_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0) return;
    ptrvec_push(d->a, v, (void *)s);
}

/* ---- paths ------------------------------------------------------------------ */

/* A key as template-literal text. */
static const char *tpl_escape(Arena *a, const char *s)
{
    StrBuf b = {0};
    for (; *s; s++) {
        if (*s == '\\' || *s == '`' || (*s == '$' && s[1] == '{')) strbuf_putc(a, &b, '\\');
        strbuf_putc(a, &b, *s);
    }
    return strbuf_cstr(a, &b);
}

static void type_ts(Dts *d, StrBuf *b, const IrType *t, uint32_t ind);

/* raw: the path text (valid when !templ); tpl: the same as template text;
 * t: the value's type there (NULL: unknown), absent: it may be missing. */
static void emit_path(Dts *d, const char *raw, const char *tpl, bool templ, const IrType *t, bool absent)
{
    const char *key = templ ? arena_printf(d->a, "`%s`", tpl) : pkg_quote(d->a, raw);
    const char *ty = NULL;
    if (t) {
        StrBuf b = {0};
        type_ts(d, &b, t, 1);
        if (absent) strbuf_puts(d->a, &b, " | undefined");
        ty = strbuf_cstr(d->a, &b);
    }
    for (uint32_t i = 0; i < d->paths.len; i++) {
        if (strcmp(d->paths.items[i], key) != 0) continue;
        const char *old = d->ptypes.items[i];
        if (old && ty && strcmp(old, ty) != 0) /* the same path in two union alternatives */
            d->ptypes.items[i] = (void *)arena_printf(d->a, "%s | %s", old, ty);
        return;
    }
    if (d->paths.len >= DTS_MAX_PATHS) {
        d->overflow = true;
        return;
    }
    ptrvec_push(d->a, &d->paths, (void *)key);
    ptrvec_push(d->a, &d->ptypes, (void *)ty);
}

static void walk_type(Dts *d, const IrType *t, const char *raw, const char *tpl, bool templ, bool absent,
                      uint32_t depth)
{
    if (!t || depth > DTS_MAX_DEPTH || d->overflow) return;
    const char *sep = *tpl ? "." : "";
    switch (t->kind) {
    case IRT_OBJECT:
        for (uint32_t i = 0; i < t->nfields; i++) {
            const IrField *f = &t->fields[i];
            const char *r = arena_printf(d->a, "%s%s%s", raw, sep, f->name);
            const char *p = arena_printf(d->a, "%s%s%s", tpl, sep, tpl_escape(d->a, f->name));
            emit_path(d, r, p, templ, f->type, absent || f->optional);
            walk_type(d, f->type, r, p, templ, absent || f->optional, depth + 1);
        }
        break;
    case IRT_MAP:
    case IRT_LIST: {
        const char *p = arena_printf(d->a, "%s%s%s", tpl, sep, t->kind == IRT_MAP ? "${string}" : "${number}");
        emit_path(d, p, p, true, t->elem, true);
        walk_type(d, t->elem, p, p, true, true, depth + 1);
        break;
    }
    case IRT_UNION:
        for (uint32_t i = 0; i < t->nalts; i++) walk_type(d, t->alts[i], raw, tpl, templ, absent, depth);
        break;
    default: break;
    }
}

static void ir_paths(Dts *d, const IrProgram *ir)
{
    for (uint32_t i = 0; i < ir->npaths; i++) {
        if (!ir->paths[i].named) continue;
        /* segments from the root: collect the chain */
        const IrPath *chain[DTS_MAX_DEPTH * 4];
        uint32_t n = 0;
        for (IrId p = i; p != IR_NONE && n < sizeof chain / sizeof chain[0]; p = ir->paths[p].parent)
            chain[n++] = &ir->paths[p];
        StrBuf raw = {0}, tpl = {0};
        bool templ = false;
        while (n--) {
            const IrPath *p = chain[n];
            if (raw.len) {
                strbuf_putc(d->a, &raw, '.');
                strbuf_putc(d->a, &tpl, '.');
            }
            if (p->kind == IRSEG_WILD || p->kind == IRSEG_DEEP) {
                templ = true;
                strbuf_puts(d->a, &tpl, "${string}");
            } else {
                strbuf_puts(d->a, &raw, p->seg);
                strbuf_puts(d->a, &tpl, tpl_escape(d->a, p->seg));
            }
        }
        emit_path(d, strbuf_cstr(d->a, &raw), strbuf_cstr(d->a, &tpl), templ, NULL, false);
    }
}

/* ---- types --------------------------------------------------------------------- */

static bool is_ident(const char *s)
{
    if (!*s || (*s >= '0' && *s <= '9')) return false;
    for (; *s; s++) {
        char ch = *s;
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
              ch == '$'))
            return false;
    }
    return true;
}

static void indent(Dts *d, StrBuf *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) strbuf_puts(d->a, b, "  ");
}

static void object_body(Dts *d, StrBuf *b, const IrType *t, uint32_t ind)
{
    strbuf_puts(d->a, b, "{\n");
    for (uint32_t i = 0; i < t->nfields; i++) {
        const IrField *f = &t->fields[i];
        indent(d, b, ind + 1);
        strbuf_puts(d->a, b, is_ident(f->name) ? f->name : pkg_quote(d->a, f->name));
        strbuf_puts(d->a, b, f->optional ? "?: " : ": ");
        type_ts(d, b, f->type, ind + 1);
        strbuf_putc(d->a, b, '\n');
    }
    indent(d, b, ind);
    strbuf_putc(d->a, b, '}');
}

static void type_ts(Dts *d, StrBuf *b, const IrType *t, uint32_t ind)
{
    Arena *a = d->a;
    if (!t) {
        strbuf_puts(a, b, "unknown");
        return;
    }
    switch (t->kind) {
    case IRT_UNKNOWN:
    case IRT_ANY: strbuf_puts(a, b, "unknown"); break;
    case IRT_BOOL: strbuf_puts(a, b, "boolean"); break;
    case IRT_NUMBER: strbuf_puts(a, b, "number"); break;
    case IRT_STRING: strbuf_puts(a, b, "string"); break;
    case IRT_NULL: strbuf_puts(a, b, "null"); break;
    case IRT_LITERAL:
        if (t->lit && t->lit->kind == IRLIT_STRING)
            strbuf_puts(a, b, pkg_quote(a, t->lit->text));
        else if (t->lit && t->lit->kind == IRLIT_NUMBER && t->lit->text)
            strbuf_puts(a, b, t->lit->text);
        else if (t->lit && t->lit->kind == IRLIT_NUMBER)
            strbuf_printf(a, b, "%.17g", t->lit->number);
        else if (t->lit && t->lit->kind == IRLIT_BOOL)
            strbuf_puts(a, b, t->lit->boolean ? "true" : "false");
        else
            strbuf_puts(a, b, "unknown");
        break;
    case IRT_UNION:
        for (uint32_t i = 0; i < t->nalts; i++) {
            if (i) strbuf_puts(a, b, " | ");
            type_ts(d, b, t->alts[i], ind);
        }
        if (!t->nalts) strbuf_puts(a, b, "never");
        break;
    case IRT_OBJECT: object_body(d, b, t, ind); break;
    case IRT_MAP:
        strbuf_puts(a, b, "Record<string, ");
        type_ts(d, b, t->elem, ind);
        strbuf_putc(a, b, '>');
        break;
    case IRT_LIST:
        if (t->elem && (t->elem->kind == IRT_UNION || t->elem->kind == IRT_OBJECT)) {
            strbuf_puts(a, b, "Array<");
            type_ts(d, b, t->elem, ind);
            strbuf_putc(a, b, '>');
        } else {
            type_ts(d, b, t->elem, ind);
            strbuf_puts(a, b, "[]");
        }
        break;
    }
}

/* PathValues (the known concrete paths) and PathValue<P>, which also tries
 * the template paths, deepest first. */
static void path_values(Dts *d)
{
    Arena *a = d->a;
    StrBuf *b = &d->out;
    strbuf_puts(a, b,
                "\n/** The type of the value at each concrete path of the state. */\nexport interface PathValues {\n");
    for (uint32_t i = 0; i < d->paths.len; i++) {
        const char *key = d->paths.items[i];
        if (key[0] == '`' || !d->ptypes.items[i]) continue;
        strbuf_printf(a, b, "  %s: %s\n", key, (const char *)d->ptypes.items[i]);
    }
    strbuf_puts(a, b,
                "}\n/** The type of the value at path P (unknown for paths the state does not declare). */\n"
                "export type PathValue<P extends string> = P extends keyof PathValues ? PathValues[P]");
    uint32_t shown = 0, maxdots = 0;
    for (uint32_t i = 0; i < d->paths.len; i++) {
        uint32_t dots = 0;
        for (const char *s = d->paths.items[i]; *s; s++) dots += *s == '.';
        if (dots > maxdots) maxdots = dots;
    }
    for (uint32_t want = maxdots + 1; want-- > 0 && shown < 64;) {
        for (uint32_t i = 0; i < d->paths.len && shown < 64; i++) {
            const char *key = d->paths.items[i];
            if (key[0] != '`' || !d->ptypes.items[i]) continue;
            uint32_t dots = 0;
            for (const char *s = key; *s; s++) dots += *s == '.';
            if (dots != want) continue;
            strbuf_printf(a, b, "\n  : P extends %s ? %s", key, (const char *)d->ptypes.items[i]);
            shown++;
        }
    }
    strbuf_puts(a, b, "\n  : unknown\n");
}

static const char *union_of(Dts *d, void *const *names, uint32_t n)
{
    if (!n) return "never";
    StrBuf b = {0};
    for (uint32_t i = 0; i < n; i++) {
        if (i) strbuf_puts(d->a, &b, " | ");
        strbuf_puts(d->a, &b, pkg_quote(d->a, names[i]));
    }
    return strbuf_cstr(d->a, &b);
}

/* ---- the file -------------------------------------------------------------------- */

static const char dts_static[] =
    "\n/** What produced an output change (js-api.md, \"Changes\"). */\n"
    "export type Stage = 'input' | 'sync' | 'flip' | 'aggregation_write' | 'aggregation_read' |\n"
    "  'computation' | 'clear_path' | 'listeners' | 'concerns' | 'validators'\n"
    "\n/** Any path: the known ones are offered first, others are stored like any state. */\n"
    "export type AnyPath = Path | (string & {})\n"
    "export type Meta = { [key: string]: unknown }\n"
    "/** An input change: [path, value] or [path, value, meta]. */\n"
    "export type Change = readonly [path: AnyPath, value: unknown, meta?: Meta]\n"
    "/** A change that took effect, with the stage that produced it. */\n"
    "export type OutputChange = [path: string, value: unknown, meta: Meta & { stage: Stage }]\n"
    "\nexport interface ValidationState {\n  isError: boolean\n  errors: { field: string; message: string }[]\n}\n"
    "export interface ListenerContext {\n  /** the concrete scope path ('' for the root) */\n  scope: string\n"
    "  /** the keys the wildcards of the listen line matched, in order */\n  keys: string[]\n  handler: "
    "HandlerName\n}\n"
    "export type ListenerHandler = (changes: OutputChange[], scopedState: any, ctx: ListenerContext) =>\n"
    "  ReadonlyArray<Change> | null | undefined | void\n"
    "export type ValidatorFunction = (value: unknown, deps: Record<string, unknown>,\n"
    "  ctx: { field: string; validator: ValidatorName; keys: string[] }) => ValidationState\n"
    "export type ConcernFunction = (...args: any[]) => unknown\n"
    "\nexport interface ProcessResult {\n  state_changes: OutputChange[]\n"
    "  validators_to_run: { validator: ValidatorName; field: string; value: unknown; deps: Record<string, unknown> "
    "}[]\n"
    "  /** only when external concerns are due */\n"
    "  concerns_to_run?: { concern: ConcernName; fn: ConcernFunctionName; field: string; args: unknown[] }[]\n"
    "  execution_plan: { groups: { dispatches: { dispatch_id: number; listener: number; handler: HandlerName;\n"
    "    scope_path: string; topic_path: string; input_change_ids: number[] }[] }[] } | null\n"
    "  has_work: boolean\n}\n"
    "\nexport interface Pipeline {\n"
    "  /** what the creation steps changed */\n  readonly initialChanges: OutputChange[]\n"
    "  apply(changes: ReadonlyArray<Change>): OutputChange[]\n"
    "  set(path: AnyPath, value: unknown): OutputChange[]\n"
    "  get<P extends AnyPath>(path: P): PathValue<P>\n"
    "  getState(): State\n"
    "  getConcerns(): Record<string, Partial<Record<ConcernName, unknown>>>\n"
    "  getConcerns(fieldPath: AnyPath): Partial<Record<ConcernName, unknown>>\n"
    "  enable(group: GroupName): OutputChange[]\n"
    "  disable(group: GroupName): OutputChange[]\n"
    "  processChanges(changes: ReadonlyArray<Change>): ProcessResult\n"
    "  pipelineFinalize(jsChanges: ReadonlyArray<Change>): { state_changes: OutputChange[] }\n"
    "  /** memory figures (the module's linear memory, the heap's live bytes) and\n"
    "   *  how many concern instances were evaluated since creation */\n"
    "  stats(): { memoryBytes: number; heapLiveBytes: number; concernEvaluations: number; derivedEvaluations: number "
    "}\n"
    "  destroy(): void\n}\n"
    "\nexport interface Rules {\n  version: string\n  source: string\n  paths: string[]\n"
    "  groups: { name: GroupName; enabled: boolean }[]\n"
    "  listeners: { handler: HandlerName; topics: string[]; scope: string }[]\n"
    "  validators: ValidatorName[]\n  concerns: ConcernFunctionName[]\n}\n";

const char *pkg_dts(Compilation *c, const char *pkg_name)
{
    const IrProgram *ir = c->ir;
    const IrType *state = ir->state;
    Dts d = {.a = &c->arena};
    Arena *a = d.a;
    StrBuf *b = &d.out;
    strbuf_printf(a, b, "// %s — types, generated by wpc %s. Do not edit.\n\n", pkg_name, WPC_VERSION);

    /* State */
    if (state && state->kind == IRT_OBJECT) {
        strbuf_puts(a, b, "/** The state, as the `state` blocks declare it. */\nexport interface State ");
        object_body(&d, b, state, 0);
        strbuf_putc(a, b, '\n');
    } else if (state) {
        strbuf_puts(a, b, "export type State = ");
        type_ts(&d, b, state, 0);
        strbuf_putc(a, b, '\n');
    } else {
        strbuf_puts(a, b, "/** No `state` block: any object. */\nexport type State = Record<string, unknown>\n");
    }

    /* Path */
    if (state) walk_type(&d, state, "", "", false, false, 0);
    ir_paths(&d, ir);
    strbuf_puts(a, b, "\n/** Every path of the state and of the rules. */\nexport type Path =");
    if (!d.paths.len) strbuf_puts(a, b, " string");
    for (uint32_t i = 0; i < d.paths.len; i++) strbuf_printf(a, b, "\n  | %s", (const char *)d.paths.items[i]);
    if (d.overflow && d.paths.len) strbuf_puts(a, b, "\n  | string");
    strbuf_putc(a, b, '\n');
    path_values(&d);

    /* names */
    PtrVec concern_names = {0}, groups = {0};
    for (uint32_t i = 0; i < ir->nconcerns; i++) add_unique(&d, &concern_names, ir->concerns[i].name);
    for (uint32_t i = 0; i < ir->ngroups; i++) add_unique(&d, &groups, ir->groups[i].name);
    strbuf_printf(a, b, "\nexport type HandlerName = %s\n", union_of(&d, (void *const *)ir->handlers, ir->nhandlers));
    strbuf_printf(a, b, "export type ValidatorName = %s\n",
                  union_of(&d, (void *const *)ir->external_validators, ir->nexternal_validators));
    strbuf_printf(a, b, "export type ConcernFunctionName = %s\n",
                  union_of(&d, (void *const *)ir->external_concerns, ir->nexternal_concerns));
    strbuf_printf(a, b,
                  "/** Concern outputs: reported as `_concerns.<field path>.<name>`. */\n"
                  "export type ConcernName = %s\n",
                  union_of(&d, concern_names.items, concern_names.len));
    strbuf_printf(a, b, "export type GroupName = %s\n", union_of(&d, groups.items, groups.len));
    strbuf_puts(a, b, dts_static);

    /* Options: the functions the rules name are required */
    bool need_l = ir->nhandlers, need_v = ir->nexternal_validators, need_c = ir->nexternal_concerns;
    strbuf_printf(a, b,
                  "\nexport interface Options {\n"
                  "  listeners%s: { [K in HandlerName]: ListenerHandler }\n"
                  "  validators%s: { [K in ValidatorName]: ValidatorFunction }\n"
                  "  concerns%s: { [K in ConcernFunctionName]: ConcernFunction }\n}\n",
                  need_l ? "" : "?", need_v ? "" : "?", need_c ? "" : "?");
    const char *opt = need_l || need_v || need_c ? "options" : "options?";
    strbuf_printf(a, b,
                  "\nexport declare function createPipeline(state: State, %s: Options): Pipeline\n"
                  "export declare function createPipelineAsync(state: State, %s: Options): Promise<Pipeline>\n"
                  "export declare const rules: Rules\n",
                  opt, opt);
    return strbuf_cstr(a, b);
}
