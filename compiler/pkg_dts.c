/* pkg_dts.c — index.d.ts of the package (pkg.c; docs/package.md, "Types"):
 *
 *   State        the merged `state` blocks (optional fields `?`, unions,
 *                literal types, map<T> → Record<string, T>, list<T> → T[],
 *                any → unknown); Record<string, unknown> without a state
 *   Path         every path of the state type and every path a rule names;
 *                map keys, wildcards and whatever lies below `any` as
 *                `${string}`, list indexes as `${number}` (template literal
 *                types); without a state block any string is a Path too
 *   PathValue<P> the declared type at P, computed by the type-level walk
 *                ValueAt<State, P> (so a path built at run time, typed
 *                `cart.lines.${string}.qty`, gets its type as well); never
 *                for a path the state does not have
 *   Change       the union of `[P, PathValue<P>, Meta?]` over Path
 *   FieldConcerns  pkg_dts_concerns.c
 *   the name unions (handlers, validators, concern functions, concern names,
 *   groups), PipelineOptions, Pipeline, createPipeline / createPipelineAsync /
 *   rules.
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
    bool overflow; /* too many paths: Path also admits any string */
} Dts;

static void add_unique(Dts *d, PtrVec *v, const char *s)
{
    for (uint32_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0) return;
    ptrvec_push(d->a, v, (void *)s);
}

/* ---- paths ------------------------------------------------------------------ */

const char *pkg_tpl_escape(Arena *a, const char *s)
{
    StrBuf b = {0};
    for (; *s; s++) {
        if (*s == '\\' || *s == '`' || (*s == '$' && s[1] == '{')) strbuf_putc(a, &b, '\\');
        strbuf_putc(a, &b, *s);
    }
    return strbuf_cstr(a, &b);
}

static void type_ts(Dts *d, StrBuf *b, const IrType *t, uint32_t ind);

/* raw: the path text (valid when !templ); tpl: the same as template text. */
static void emit_path(Dts *d, const char *raw, const char *tpl, bool templ)
{
    const char *key = templ ? arena_printf(d->a, "`%s`", tpl) : pkg_quote(d->a, raw);
    /* linear: DTS_MAX_PATHS bounds it */
    for (uint32_t i = 0; i < d->paths.len; i++)
        if (strcmp(d->paths.items[i], key) == 0) return;
    if (d->paths.len >= DTS_MAX_PATHS) {
        d->overflow = true;
        return;
    }
    ptrvec_push(d->a, &d->paths, (void *)key);
}

static void walk_type(Dts *d, const IrType *t, const char *raw, const char *tpl, bool templ, uint32_t depth)
{
    if (!t || depth > DTS_MAX_DEPTH || d->overflow) return;
    const char *sep = *tpl ? "." : "";
    switch (t->kind) {
    case IRT_OBJECT:
        for (uint32_t i = 0; i < t->nfields; i++) {
            const IrField *f = &t->fields[i];
            const char *r = arena_printf(d->a, "%s%s%s", raw, sep, f->name);
            const char *p = arena_printf(d->a, "%s%s%s", tpl, sep, pkg_tpl_escape(d->a, f->name));
            emit_path(d, r, p, templ);
            walk_type(d, f->type, r, p, templ, depth + 1);
        }
        break;
    case IRT_MAP:
    case IRT_LIST: {
        const char *p = arena_printf(d->a, "%s%s%s", tpl, sep, t->kind == IRT_MAP ? "${string}" : "${number}");
        emit_path(d, p, p, true);
        walk_type(d, t->elem, p, p, true, depth + 1);
        break;
    }
    case IRT_ANY: /* any path goes below `any` (not below the root: it is an object) */
        if (*tpl) emit_path(d, NULL, arena_printf(d->a, "%s.${string}", tpl), true);
        break;
    case IRT_UNION:
        for (uint32_t i = 0; i < t->nalts; i++) walk_type(d, t->alts[i], raw, tpl, templ, depth);
        break;
    default: break;
    }
}

const char *pkg_ts_path(Arena *a, const IrProgram *ir, IrId path)
{
    const IrPath *chain[DTS_MAX_DEPTH * 4];
    uint32_t n = 0;
    for (IrId p = path; p != IR_NONE && n < sizeof chain / sizeof chain[0]; p = ir->paths[p].parent)
        chain[n++] = &ir->paths[p];
    StrBuf raw = {0}, tpl = {0};
    bool templ = false, first = true;
    while (n--) {
        const IrPath *p = chain[n];
        if (!first) {
            strbuf_putc(a, &raw, '.');
            strbuf_putc(a, &tpl, '.');
        }
        first = false;
        if (p->kind == IRSEG_WILD || p->kind == IRSEG_DEEP) {
            templ = true;
            strbuf_puts(a, &tpl, "${string}");
        } else {
            strbuf_puts(a, &raw, p->seg);
            strbuf_puts(a, &tpl, pkg_tpl_escape(a, p->seg));
        }
    }
    return templ ? arena_printf(a, "`%s`", strbuf_cstr(a, &tpl)) : pkg_quote(a, strbuf_cstr(a, &raw));
}

/* The paths the rules name: with a state block they are the state's (or
 * below `any`) and add nothing new; without one they are all the names. */
static void ir_paths(Dts *d, const IrProgram *ir)
{
    for (uint32_t i = 0; i < ir->npaths && !d->overflow; i++) {
        if (!ir->paths[i].named) continue;
        const char *key = pkg_ts_path(d->a, ir, i);
        bool seen = false;
        for (uint32_t j = 0; j < d->paths.len && !seen; j++) seen = strcmp(d->paths.items[j], key) == 0;
        if (seen) continue;
        if (d->paths.len >= DTS_MAX_PATHS)
            d->overflow = true;
        else
            ptrvec_push(d->a, &d->paths, (void *)key);
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

const char *pkg_ts_key(Arena *a, const char *name) { return is_ident(name) ? name : pkg_quote(a, name); }

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
        strbuf_puts(d->a, b, pkg_ts_key(d->a, f->name));
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

/* Type-level helpers, after Path and before the rest. ValueAt walks a path
 * one `.` at a time: a list takes `${number}` keys, a map (an index
 * signature) any key, an object its fields; `unknown` (the state's `any`)
 * takes anything; a union is walked alternative by alternative; never when
 * nothing matches, so a value can be given for no wrong path. */
static const char dts_helpers[] =
    "\n/** The declared type at path P of T (never when T has no such path). */\n"
    "export type ValueAt<T, P extends string> =\n"
    "  unknown extends T ? unknown\n"
    "  : T extends readonly (infer E)[]\n"
    "    ? P extends `${infer K}.${infer R}` ? (K extends `${number}` ? ValueAt<E, R> : never)\n"
    "      : P extends `${number}` ? E : never\n"
    "  : T extends object\n"
    "    ? string extends keyof T\n"
    "      ? P extends `${string}.${infer R}` ? ValueAt<T[string & keyof T], R> : T[string & keyof T]\n"
    "      : P extends keyof T ? T[P]\n"
    "      : P extends `${infer K}.${infer R}` ? (K extends keyof T ? ValueAt<T[K], R> : never) : never\n"
    "  : never\n"
    "/** The type of the value at path P of the state. */\n"
    "export type PathValue<P extends string> = ValueAt<State, P>\n"
    "/** Every field optional, at every level: what createPipeline accepts. */\n"
    "export type DeepPartial<T> = T extends readonly (infer E)[] ? DeepPartial<E>[]\n"
    "  : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T\n";

static const char dts_static[] =
    "\n/** What produced an output change. */\n"
    "export type Stage = 'input' | 'sync' | 'flip' | 'aggregation_write' | 'aggregation_read' |\n"
    "  'computation' | 'clear_path' | 'listeners' | 'concerns' | 'validators'\n"
    "export type Meta = { [key: string]: unknown }\n"
    "/** An input change: [path, value] or [path, value, meta], the value of the path's type. */\n"
    "export type Change = Path extends infer P ? P extends Path\n"
    "  ? readonly [path: P, value: PathValue<P>, meta?: Meta] : never : never\n"
    "/** A concern value handed back to pipelineFinalize. */\n"
    "export type ConcernChange = readonly [path: `_concerns.${string}`, value: unknown, meta?: Meta]\n"
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
    "  set<P extends Path>(path: P, value: PathValue<P>): OutputChange[]\n"
    "  /** '' is the whole state */\n"
    "  get(path: ''): State\n"
    "  /** undefined when nothing is at the path */\n"
    "  get<P extends Path>(path: P): PathValue<P> | undefined\n"
    "  getState(): State\n"
    "  getConcerns(): { [F in FieldPath]?: FieldConcerns[F] }\n"
    "  getConcerns<F extends FieldPath>(fieldPath: F): FieldConcerns[F]\n"
    "  enable(group: GroupName): OutputChange[]\n"
    "  disable(group: GroupName): OutputChange[]\n"
    "  processChanges(changes: ReadonlyArray<Change>): ProcessResult\n"
    "  pipelineFinalize(jsChanges: ReadonlyArray<Change | ConcernChange>): { state_changes: OutputChange[] }\n"
    "  /** memory figures (the module's linear memory, the heap's live bytes) and\n"
    "   *  how many concern and derived instances were evaluated since creation */\n"
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

    /* Path: without a state block any path is the state's, the named ones
     * listed for completion; with one, too many paths to list admit any
     * string too (PathValue still rejects the wrong ones). */
    if (state) walk_type(&d, state, "", "", false, 0);
    ir_paths(&d, ir);
    bool open = !state || d.overflow;
    strbuf_puts(a, b,
                state ? "\n/** Every path of the state. */\nexport type Path ="
                      : "\n/** Any path (the ones the rules name first). */\nexport type Path =");
    for (uint32_t i = 0; i < d.paths.len; i++) strbuf_printf(a, b, "\n  | %s", (const char *)d.paths.items[i]);
    if (open) strbuf_puts(a, b, "\n  | (string & {})");
    strbuf_putc(a, b, '\n');
    strbuf_puts(a, b, dts_helpers);

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
    strbuf_puts(a, b, pkg_dts_concerns(a, ir));
    strbuf_puts(a, b, dts_static);

    /* PipelineOptions: the functions the rules name are required, no others allowed */
    bool need_l = ir->nhandlers, need_v = ir->nexternal_validators, need_c = ir->nexternal_concerns;
    strbuf_printf(a, b,
                  "\n/** The JavaScript functions the rules name, by name. */\n"
                  "export interface PipelineOptions {\n"
                  "  listeners%s: { [K in HandlerName]: ListenerHandler }\n"
                  "  validators%s: { [K in ValidatorName]: ValidatorFunction }\n"
                  "  concerns%s: { [K in ConcernFunctionName]: ConcernFunction }\n}\n",
                  need_l ? "" : "?", need_v ? "" : "?", need_c ? "" : "?");
    const char *args = need_l || need_v || need_c ? "state: DeepPartial<State> | undefined, options: PipelineOptions"
                                                  : "state?: DeepPartial<State>, options?: PipelineOptions";
    strbuf_printf(a, b,
                  "\nexport declare function createPipeline(%s): Pipeline\n"
                  "export declare function createPipelineAsync(%s): Promise<Pipeline>\n"
                  "export declare const rules: Rules\n",
                  args, args);
    return strbuf_cstr(a, b);
}
