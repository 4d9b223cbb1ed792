/* pkg_dts_concerns.c — FieldConcerns and FieldPath of index.d.ts: the
 * concern values of every field, typed (pkg_dts.c puts them in the file).
 *
 *   export type FieldConcerns = {
 *     "customer.email": { readonlyWhen?: boolean; validationState?: ValidationState }
 *   } & { [field: `cart.lines.${string}.qty`]: { lowStock?: boolean } }
 *   export type FieldPath = keyof FieldConcerns & string
 *
 * Concrete fields are properties of one object type; each wildcard field is
 * an index signature with a template literal key, in an object type of its
 * own (TypeScript requires the index signatures of one object type to agree
 * with each other, and these need not). getConcerns(field) merges every
 * field pattern that matches the path (the glue's matchKeys): a key matching
 * several index signatures gets their intersection from TypeScript, and a
 * concrete field gets the wildcard fields that match it segment by segment
 * intersected here, since TypeScript looks no further than a property.
 *
 * Value types: a condition is boolean, validationState ValidationState, an
 * external concern unknown; a value the union of what its branches can
 * give: a literal's own type, a template without placeholders its text, one
 * with placeholders string. Every key is optional: a group switched off
 * removes its concerns, and a wildcard field has values only for the keys
 * the state holds. Deterministic: fields and names in IR order. */
#include <string.h>

#include "ir.h"
#include "pkg_internal.h"

#define LIT_MAX_DEPTH 32u

/* A literal as its TypeScript literal type: numbers as written, strings
 * quoted (pkg_quote). */
static void ts_number(Arena *a, StrBuf *b, const IrLit *l)
{
    if (l->text)
        strbuf_puts(a, b, l->text);
    else
        strbuf_printf(a, b, "%.17g", l->number);
}

static void ts_string(Arena *a, StrBuf *b, const char *s, uint32_t len)
{
    (void)len; /* pkg_quote reads up to the NUL */
    strbuf_puts(a, b, pkg_quote(a, s ? s : ""));
}

static const IrLitStyle TS_LITERAL = {ts_number, ts_string, ", ", "{ ", "; ", ": ", " }", LIT_MAX_DEPTH, "unknown"};

static void add_alt(Arena *a, PtrVec *alts, const char *t)
{
    for (uint32_t i = 0; i < alts->len; i++)
        if (strcmp(alts->items[i], t) == 0) return;
    ptrvec_push(a, alts, (void *)t);
}

/* The types a value can take, each once, in order of appearance. */
static void value_alts(Arena *a, const IrProgram *ir, IrId v, PtrVec *alts, uint32_t depth)
{
    if (v == IR_NONE || depth > LIT_MAX_DEPTH) {
        add_alt(a, alts, "unknown");
        return;
    }
    const IrValue *val = &ir->values[v];
    switch (val->kind) {
    case IRVAL_LIT: {
        StrBuf b = {0};
        ir_lit_write(a, &b, val->lit, &TS_LITERAL, 0);
        add_alt(a, alts, strbuf_cstr(a, &b));
        break;
    }
    case IRVAL_TEMPLATE: {
        bool placeholders = false;
        for (uint32_t i = 0; i < val->nparts; i++) placeholders |= val->parts[i].path != IR_NONE;
        if (placeholders || !val->lit || val->lit->kind != IRLIT_STRING)
            add_alt(a, alts, "string");
        else
            add_alt(a, alts, pkg_quote(a, val->lit->text ? val->lit->text : ""));
        break;
    }
    case IRVAL_IF:
        value_alts(a, ir, val->then_v, alts, depth + 1);
        value_alts(a, ir, val->else_v, alts, depth + 1);
        break;
    case IRVAL_MATCH:
        for (uint32_t i = 0; i < val->narms; i++) value_alts(a, ir, val->arms[i].value, alts, depth + 1);
        break;
    }
}

const char *pkg_concern_type(Arena *a, const IrProgram *ir, const IrConcern *c)
{
    switch (c->kind) {
    case IRC_CONDITION: return "boolean";
    case IRC_VALIDATION: return "ValidationState";
    case IRC_EXTERNAL: return "unknown";
    case IRC_VALUE: break;
    }
    PtrVec alts = {0};
    value_alts(a, ir, c->value, &alts, 0);
    bool any_string = false; /* then the string literals add nothing */
    for (uint32_t i = 0; i < alts.len; i++) any_string |= strcmp(alts.items[i], "string") == 0;
    StrBuf b = {0};
    for (uint32_t i = 0; i < alts.len; i++) {
        const char *t = alts.items[i];
        if (any_string && t[0] == '"') continue;
        if (b.len) strbuf_puts(a, &b, " | ");
        strbuf_puts(a, &b, t);
    }
    return strbuf_cstr(a, &b);
}

static bool has_wild(const IrProgram *ir, IrId p) { return ir->paths[p].nwild > 0; }

/* Whether the wildcard field `pattern` matches the concrete field `path`:
 * the same number of segments, each equal or a [*] in the pattern. */
static bool pattern_matches(const IrProgram *ir, IrId pattern, IrId path)
{
    if (ir->paths[pattern].depth != ir->paths[path].depth) return false;
    for (; pattern != IR_NONE && path != IR_NONE; pattern = ir->paths[pattern].parent, path = ir->paths[path].parent) {
        const IrPath *p = &ir->paths[pattern], *q = &ir->paths[path];
        if (p->kind == IRSEG_WILD || p->kind == IRSEG_DEEP) continue;
        if (strcmp(p->seg, q->seg) != 0) return false;
    }
    return pattern == IR_NONE && path == IR_NONE;
}

/* `{ name?: type; … }` of one field: every concern of the field, a name
 * declared in several groups with the union of its types. */
static const char *field_object(Arena *a, const IrProgram *ir, IrId field)
{
    PtrVec names = {0}, types = {0};
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        const IrConcern *c = &ir->concerns[i];
        if (c->field != field) continue;
        const char *t = pkg_concern_type(a, ir, c);
        uint32_t j = 0;
        while (j < names.len && strcmp(names.items[j], c->name) != 0) j++;
        if (j == names.len) {
            ptrvec_push(a, &names, (void *)c->name);
            ptrvec_push(a, &types, (void *)t);
        } else if (strcmp(types.items[j], t) != 0) {
            types.items[j] = (void *)arena_printf(a, "%s | %s", (const char *)types.items[j], t);
        }
    }
    StrBuf b = {0};
    strbuf_puts(a, &b, "{ ");
    for (uint32_t i = 0; i < names.len; i++) {
        if (i) strbuf_puts(a, &b, "; ");
        strbuf_printf(a, &b, "%s?: %s", pkg_ts_key(a, names.items[i]), (const char *)types.items[i]);
    }
    strbuf_puts(a, &b, names.len ? " }" : "}");
    return strbuf_cstr(a, &b);
}

const char *pkg_dts_concerns(Arena *a, const IrProgram *ir)
{
    PtrVec fields = {0}; /* IrId + 1, in order of first appearance */
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        uintptr_t f = (uintptr_t)ir->concerns[i].field + 1;
        bool seen = false;
        for (uint32_t j = 0; j < fields.len && !seen; j++) seen = (uintptr_t)fields.items[j] == f;
        if (!seen) ptrvec_push(a, &fields, (void *)f);
    }
    StrBuf b = {0};
    strbuf_puts(a, &b,
                "\n/** The concern values of each field (getConcerns), by field path; a wildcard\n"
                " *  field's values are those of every key of the state. */\n"
                "export type FieldConcerns = {");
    for (uint32_t i = 0; i < fields.len; i++) {
        IrId f = (IrId)((uintptr_t)fields.items[i] - 1);
        if (has_wild(ir, f)) continue;
        strbuf_printf(a, &b, "\n  %s: %s", pkg_ts_path(a, ir, f), field_object(a, ir, f));
        for (uint32_t j = 0; j < fields.len; j++) {
            IrId w = (IrId)((uintptr_t)fields.items[j] - 1);
            if (has_wild(ir, w) && pattern_matches(ir, w, f)) strbuf_printf(a, &b, " & %s", field_object(a, ir, w));
        }
    }
    strbuf_puts(a, &b, "\n}");
    for (uint32_t i = 0; i < fields.len; i++) {
        IrId f = (IrId)((uintptr_t)fields.items[i] - 1);
        if (has_wild(ir, f))
            strbuf_printf(a, &b, "\n  & { [field: %s]: %s }", pkg_ts_path(a, ir, f), field_object(a, ir, f));
    }
    strbuf_puts(a, &b,
                "\n/** A path getConcerns answers for. */\nexport type FieldPath = keyof FieldConcerns & string\n");
    return strbuf_cstr(a, &b);
}
