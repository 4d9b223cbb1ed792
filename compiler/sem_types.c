/* sem_types.c — the state type tree (see sem_types.h).
 *
 * First sema job after collecting: the `state` blocks of all files become one
 * SemType object whose fields are the blocks' top-level fields in load order.
 * Then every path is walked through that tree segment by segment; a union is
 * walked alternative by alternative and the results are joined, so
 * `a: { x: number } | null` resolves `a.x` (as possibly absent). */
#include "sem_types.h"

#include <stdlib.h>
#include <string.h>

const SemType sem_type_unknown = {.kind = SEM_TY_UNKNOWN};
static const SemType type_any = {.kind = SEM_TY_ANY};

/* ---- building ---------------------------------------------------------- */

static const SemType *convert(SemCtx *x, const TypeExpr *te);

/* For sorting field indices by name (qsort has no context argument). */
static const SemField *sorting_fields;

static int cmp_field_index(const void *a, const void *b)
{
    return strcmp(sorting_fields[*(const uint32_t *)a].name, sorting_fields[*(const uint32_t *)b].name);
}

const SemField *sem_type_field(const SemType *obj, const char *name)
{
    uint32_t lo = 0, hi = obj->nfields;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const SemField *f = &obj->fields[obj->by_name[mid]];
        int c = strcmp(f->name, name);
        if (c == 0) return f;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Fields of one object (or of the merged root), duplicates reported.
 * `seen` maps the names already declared to their FieldDecl. */
static void add_fields(SemCtx *x, SemType *obj, PtrVec *fields, const PtrVec *decls)
{
    StrMap seen;
    strmap_init(&seen, x->arena);
    for (uint32_t i = 0; i < fields->len; i++) {
        const SemField *f = fields->items[i];
        strmap_put(&seen, f->name, (void *)f->decl);
    }
    for (uint32_t i = 0; i < decls->len; i++) {
        const FieldDecl *fd = decls->items[i];
        if (!fd || !fd->name) continue;
        const FieldDecl *first = strmap_put(&seen, fd->name, (void *)fd);
        if (first) {
            Diag *d = diag_add(x->diags, D_STATE_DUPLICATE_FIELD, fd->name_span,
                               "field '%s' is declared twice in the state", fd->name);
            diag_note(x->diags, d, first->name_span, "first declared here");
            bool objects = fd->type && first->type && fd->type->kind == TY_OBJECT && first->type->kind == TY_OBJECT;
            if (objects)
                diag_help(x->diags, d, "declare '%s' once, with the fields of both declarations in one `{ ... }`",
                          fd->name);
            else
                diag_help(x->diags, d,
                          "keep one declaration; a field that holds either of two types is one union, e.g. "
                          "`%s: number | string`",
                          fd->name);
            continue;
        }
        SemField *f = ARENA_NEW(x->arena, SemField);
        f->name = fd->name;
        f->optional = fd->optional;
        f->decl = fd;
        f->type = fd->type ? convert(x, fd->type) : &type_any;
        ptrvec_push(x->arena, fields, f);
    }
    obj->nfields = fields->len;
    obj->fields = ARENA_ARRAY(x->arena, SemField, fields->len ? fields->len : 1);
    for (uint32_t i = 0; i < fields->len; i++) obj->fields[i] = *(SemField *)fields->items[i];
    uint32_t *by_name = ARENA_ARRAY(x->arena, uint32_t, fields->len ? fields->len : 1);
    for (uint32_t i = 0; i < fields->len; i++) by_name[i] = i;
    sorting_fields = obj->fields;
    qsort(by_name, fields->len, sizeof *by_name, cmp_field_index);
    sorting_fields = NULL;
    obj->by_name = by_name;
}

static void union_push(SemCtx *x, PtrVec *alts, const SemType *t)
{
    if (t->kind == SEM_TY_UNION) {
        for (uint32_t i = 0; i < t->nalts; i++) union_push(x, alts, t->alts[i]);
        return;
    }
    for (uint32_t i = 0; i < alts->len; i++)
        if (alts->items[i] == t) return;
    ptrvec_push(x->arena, alts, (void *)t);
}

static const SemType *make_union(SemCtx *x, PtrVec *alts, const TypeExpr *decl)
{
    if (alts->len == 1) return alts->items[0];
    SemType *u = ARENA_NEW(x->arena, SemType);
    u->kind = SEM_TY_UNION;
    u->decl = decl;
    u->nalts = alts->len;
    u->alts = ARENA_ARRAY(x->arena, const SemType *, alts->len);
    for (uint32_t i = 0; i < alts->len; i++) u->alts[i] = alts->items[i];
    return u;
}

static const SemType *convert(SemCtx *x, const TypeExpr *te)
{
    SemType *t = ARENA_NEW(x->arena, SemType);
    t->decl = te;
    switch (te->kind) {
    case TY_BOOL: t->kind = SEM_TY_BOOL; break;
    case TY_NUMBER: t->kind = SEM_TY_NUMBER; break;
    case TY_STRING: t->kind = SEM_TY_STRING; break;
    case TY_NULL: t->kind = SEM_TY_NULL; break;
    case TY_ANY: t->kind = SEM_TY_ANY; break;
    case TY_LITERAL:
        t->kind = SEM_TY_LITERAL;
        t->lit = te->lit;
        break;
    case TY_UNION: {
        PtrVec alts = {0};
        for (uint32_t i = 0; i < te->alts.len; i++) union_push(x, &alts, convert(x, te->alts.items[i]));
        return make_union(x, &alts, te);
    }
    case TY_OBJECT: {
        t->kind = SEM_TY_OBJECT;
        PtrVec fields = {0};
        add_fields(x, t, &fields, &te->fields);
        break;
    }
    case TY_MAP:
    case TY_LIST:
        t->kind = te->kind == TY_MAP ? SEM_TY_MAP : SEM_TY_LIST;
        t->elem = te->elem ? convert(x, te->elem) : &type_any;
        break;
    }
    return t;
}

void sem_types_build(SemCtx *x)
{
    PtrVec fields = {0};
    SemType *root = NULL;
    for (uint32_t m = 0; m < x->c->modules.len; m++) {
        const Module *mod = x->c->modules.items[m];
        for (uint32_t i = 0; i < mod->items.len; i++) {
            const Item *it = mod->items.items[i];
            if (it->kind != ITEM_STATE) continue;
            if (!root) {
                root = ARENA_NEW(x->arena, SemType);
                root->kind = SEM_TY_OBJECT;
            }
            add_fields(x, root, &fields, &it->state_fields);
        }
    }
    x->info->state = root;
}

/* ---- resolving paths ---------------------------------------------------- */

typedef enum StepError { STEP_OK, STEP_UNKNOWN, STEP_SCALAR, STEP_BAD } StepError;

typedef struct Step {
    StepError err;
    const SemType *type;
    bool absent;
    const SemType *failed; /* the type the segment did not fit */
} Step;

static Step step_one(const SemType *t, const PathSeg *s)
{
    Step r = {STEP_OK, NULL, false, t};
    switch (t->kind) {
    case SEM_TY_UNKNOWN:
    case SEM_TY_ANY: r.type = t; return r;
    case SEM_TY_OBJECT:
        if (s->kind == SEG_WILD || s->kind == SEG_DEEP) {
            r.err = STEP_BAD;
            return r;
        }
        {
            const SemField *f = sem_type_field(t, s->name ? s->name : "");
            if (f) {
                r.type = f->type;
                r.absent = f->optional;
                return r;
            }
        }
        r.err = STEP_UNKNOWN;
        return r;
    case SEM_TY_MAP:
        r.type = t->elem;
        r.absent = true;
        return r;
    case SEM_TY_LIST:
        if (s->kind == SEG_NAME) {
            r.err = STEP_BAD;
            return r;
        }
        r.type = t->elem;
        r.absent = true;
        return r;
    default: r.err = STEP_SCALAR; return r;
    }
}

/* One segment through a (possibly union) type. */
static Step step(SemCtx *x, const SemType *t, const PathSeg *s)
{
    if (t->kind != SEM_TY_UNION) return step_one(t, s);
    PtrVec alts = {0};
    Step first_err = {STEP_OK, NULL, false, NULL};
    bool absent = false;
    for (uint32_t i = 0; i < t->nalts; i++) {
        const SemType *alt = t->alts[i];
        if (alt->kind == SEM_TY_NULL) {
            absent = true;
            continue;
        }
        Step r = step_one(alt, s);
        if (r.err != STEP_OK) {
            /* A union of objects: prefer "no such field" over "scalar". */
            if (first_err.err == STEP_OK || (first_err.err == STEP_SCALAR && r.err != STEP_SCALAR)) first_err = r;
            absent = true; /* that alternative has nothing here */
            continue;
        }
        absent |= r.absent;
        union_push(x, &alts, r.type);
    }
    if (!alts.len) {
        if (first_err.err == STEP_OK) first_err.err = STEP_SCALAR, first_err.failed = t;
        return first_err;
    }
    Step r = {STEP_OK, make_union(x, &alts, NULL), absent, NULL};
    return r;
}

static const char *seg_display(SemCtx *x, const PathSeg *s)
{
    switch (s->kind) {
    case SEG_WILD: return "[*]";
    case SEG_DEEP: return "[**]";
    case SEG_INDEX: return arena_printf(x->arena, "[%s]", s->name ? s->name : "?");
    case SEG_NAME: return arena_printf(x->arena, "'%s'", s->name ? s->name : "");
    }
    return "?";
}

/* The closest field name of `obj` to `name`, or NULL. */
static const char *suggest(const SemType *obj, const char *name)
{
    if (obj->kind != SEM_TY_OBJECT) return NULL;
    uint32_t limit = (uint32_t)strlen(name) / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    const char *best = NULL;
    uint32_t best_d = limit + 1;
    for (uint32_t i = 0; i < obj->nfields; i++) {
        uint32_t d = sem_edit_distance(name, obj->fields[i].name, limit);
        if (d < best_d) {
            best_d = d;
            best = obj->fields[i].name;
        }
    }
    return best;
}

static const char *prefix_text(SemCtx *x, const Path *p, uint32_t n)
{
    Path tmp = *p;
    tmp.segs.len = n;
    return sem_path_key(x->arena, &tmp);
}

/* The type a declaration would give segments j.. of `p` in a help's
 * example: an object for a name, a map for [*], a list for an index, and
 * `string` (only an example) at the end. */
static void example_type(SemCtx *x, StrBuf *b, const Path *p, uint32_t j)
{
    if (j >= p->segs.len) {
        strbuf_puts(x->arena, b, "string");
        return;
    }
    const PathSeg *s = p->segs.items[j];
    if (s->kind == SEG_NAME) {
        strbuf_printf(x->arena, b, "{ %s: ", s->name ? s->name : "");
        example_type(x, b, p, j + 1);
        strbuf_puts(x->arena, b, " }");
        return;
    }
    strbuf_puts(x->arena, b, s->kind == SEG_INDEX ? "list<" : "map<");
    example_type(x, b, p, j + 1);
    strbuf_putc(x->arena, b, '>');
}

/* Up to four field names of an object type, as "`a`, `b`, ...". */
static const char *field_list(SemCtx *x, const SemType *obj)
{
    StrBuf b = {0};
    for (uint32_t i = 0; i < obj->nfields && i < 4; i++)
        strbuf_printf(x->arena, &b, "%s`%s`", i ? ", " : "", obj->fields[i].name);
    if (obj->nfields > 4) strbuf_puts(x->arena, &b, ", ...");
    return strbuf_cstr(x->arena, &b);
}

static void report_step(SemCtx *x, const Path *p, uint32_t i, const Step *r)
{
    const PathSeg *s = p->segs.items[i];
    const char *where = i ? arena_printf(x->arena, "'%s'", prefix_text(x, p, i)) : "the state";
    const char *ty = sem_type_text(x->arena, r->failed);
    switch (r->err) {
    case STEP_UNKNOWN: {
        const char *hint = suggest(r->failed, s->name ? s->name : "");
        Diag *d = diag_add(x->diags, D_PATH_UNKNOWN, s->span, "%s has no field '%s'", where, s->name ? s->name : "");
        if (hint) {
            const char *full = i ? arena_printf(x->arena, "%s.%s", prefix_text(x, p, i), hint) : hint;
            diag_suggest(x->diags, d, s->span, hint, "did you mean `%s`?", full);
        } else {
            StrBuf decl = {0};
            strbuf_printf(x->arena, &decl, "%s: ", s->name ? s->name : "");
            example_type(x, &decl, p, i + 1);
            diag_help(x->diags, d, "declare it %s, e.g. `%s`",
                      i ? arena_printf(x->arena, "among the fields of %s", where) : "in the state block",
                      strbuf_cstr(x->arena, &decl));
        }
        break;
    }
    case STEP_SCALAR: {
        Diag *d = diag_add(x->diags, D_PATH_THROUGH_SCALAR, s->span, "%s has type %s; the path cannot continue with %s",
                           where, ty, seg_display(x, s));
        diag_help(x->diags, d, "stop the path at `%s`, or declare %s as an object in the state block",
                  prefix_text(x, p, i), where);
        break;
    }
    case STEP_BAD: {
        const char *prefix = prefix_text(x, p, i);
        if (r->failed->kind == SEM_TY_LIST) {
            Diag *d = diag_add(x->diags, D_PATH_BAD_SEGMENT, s->span, "%s is a list; use an index or [*] here, not %s",
                               where, seg_display(x, s));
            diag_help(x->diags, d, "write `%s[*]` for every item, or `%s[0]` for the first", prefix, prefix);
        } else {
            Diag *d = diag_add(x->diags, D_PATH_BAD_SEGMENT, s->span,
                               "%s is an object with fixed fields; %s applies to map<T> or list<T>", where,
                               seg_display(x, s));
            if (r->failed->kind == SEM_TY_OBJECT && r->failed->nfields)
                diag_help(x->diags, d, "name one of its fields: %s", field_list(x, r->failed));
        }
        break;
    }
    case STEP_OK: break;
    }
}

SemResolved sem_types_resolve(SemCtx *x, const Path *p, uint32_t nsegs, bool report)
{
    SemResolved res = {&sem_type_unknown, true, false};
    if (!x->typed || !x->info->state) return res;
    const SemType *t = x->info->state;
    bool absent = false;
    for (uint32_t i = 0; i < nsegs && i < p->segs.len; i++) {
        Step r = step(x, t, p->segs.items[i]);
        if (r.err != STEP_OK) {
            if (report) report_step(x, p, i, &r);
            res.ok = false;
            return res;
        }
        t = r.type;
        absent |= r.absent;
    }
    res.type = t;
    res.may_be_absent = absent;
    return res;
}

/* ---- questions about types ------------------------------------------------ */

static unsigned mask_one(const SemType *t)
{
    switch (t->kind) {
    case SEM_TY_UNKNOWN:
    case SEM_TY_ANY: return SEM_M_OPEN;
    case SEM_TY_BOOL: return SEM_M_BOOL;
    case SEM_TY_NUMBER: return SEM_M_NUMBER;
    case SEM_TY_STRING: return SEM_M_STRING;
    case SEM_TY_NULL: return SEM_M_NULL;
    case SEM_TY_LITERAL: return t->lit && t->lit->kind == LIT_NUMBER ? SEM_M_NUMBER : SEM_M_STRING;
    case SEM_TY_OBJECT:
    case SEM_TY_MAP: return SEM_M_OBJECT;
    case SEM_TY_LIST: return SEM_M_LIST;
    case SEM_TY_UNION: {
        unsigned m = 0;
        for (uint32_t i = 0; i < t->nalts; i++) m |= mask_one(t->alts[i]);
        return m;
    }
    }
    return SEM_M_OPEN;
}

unsigned sem_type_mask(const SemType *t) { return t ? mask_one(t) : SEM_M_OPEN; }

bool sem_type_only(const SemType *t, unsigned allowed)
{
    unsigned m = sem_type_mask(t);
    return (m & SEM_M_OPEN) || (m & ~allowed) == 0;
}

bool sem_type_admits(const SemType *t, unsigned wanted)
{
    unsigned m = sem_type_mask(t);
    return (m & SEM_M_OPEN) || (m & wanted) != 0;
}

static bool lit_fits_one(const SemType *t, const Lit *lit)
{
    switch (t->kind) {
    case SEM_TY_UNKNOWN:
    case SEM_TY_ANY: return true;
    case SEM_TY_BOOL: return lit->kind == LIT_BOOL;
    case SEM_TY_NUMBER: return lit->kind == LIT_NUMBER;
    case SEM_TY_STRING: return lit->kind == LIT_STRING;
    case SEM_TY_NULL: return lit->kind == LIT_NULL;
    case SEM_TY_LITERAL: return t->lit && sem_lit_equal(t->lit, lit);
    case SEM_TY_OBJECT:
    case SEM_TY_MAP: return lit->kind == LIT_OBJECT;
    case SEM_TY_LIST: return lit->kind == LIT_ARRAY;
    case SEM_TY_UNION:
        for (uint32_t i = 0; i < t->nalts; i++)
            if (lit_fits_one(t->alts[i], lit)) return true;
        return false;
    }
    return true;
}

bool sem_lit_fits(const SemType *t, const Lit *lit)
{
    if (!t || !lit || lit->kind == LIT_NULL) return true;
    return lit_fits_one(t, lit);
}

static bool looks_like_js_number(const char *key)
{
    if (!*key) return false;
    if (strcmp(key, "NaN") == 0 || strcmp(key, "Infinity") == 0 || strcmp(key, "-Infinity") == 0) return true;
    char *end;
    strtod(key, &end);
    return *end == 0;
}

bool sem_key_fits(const SemType *t, const char *key)
{
    if (!t) return true;
    switch (t->kind) {
    case SEM_TY_UNKNOWN:
    case SEM_TY_ANY:
    case SEM_TY_STRING: return true;
    case SEM_TY_BOOL: return strcmp(key, "true") == 0 || strcmp(key, "false") == 0;
    case SEM_TY_NUMBER: return looks_like_js_number(key);
    case SEM_TY_LITERAL: {
        if (!t->lit) return true;
        if (t->lit->kind == LIT_STRING) return strcmp(t->lit->text, key) == 0;
        char *end;
        double v = strtod(key, &end);
        return *end == 0 && *key && v == t->lit->number;
    }
    case SEM_TY_UNION:
        for (uint32_t i = 0; i < t->nalts; i++)
            if (sem_key_fits(t->alts[i], key)) return true;
        return false;
    default: return false; /* null, objects and lists always take the `_` arm */
    }
}

static bool overlap_one(const SemType *a, const SemType *b)
{
    unsigned ma = mask_one(a), mb = mask_one(b);
    if ((ma | mb) & SEM_M_OPEN) return true;
    if (!(ma & mb)) return false;
    if (a->kind == SEM_TY_LITERAL && b->kind == SEM_TY_LITERAL) return sem_lit_equal(a->lit, b->lit);
    return true;
}

bool sem_types_overlap(const SemType *a, const SemType *b)
{
    if (!a || !b) return true;
    const SemType *const *aa = a->kind == SEM_TY_UNION ? a->alts : &a;
    const SemType *const *bb = b->kind == SEM_TY_UNION ? b->alts : &b;
    uint32_t na = a->kind == SEM_TY_UNION ? a->nalts : 1;
    uint32_t nb = b->kind == SEM_TY_UNION ? b->nalts : 1;
    bool only_null = true;
    for (uint32_t i = 0; i < na; i++)
        for (uint32_t j = 0; j < nb; j++) {
            if (!overlap_one(aa[i], bb[j])) continue;
            if (aa[i]->kind != SEM_TY_NULL) return true;
        }
    /* Two nullable types that share only null: still a mismatch, unless
     * both are nothing but null. */
    for (uint32_t i = 0; i < na; i++) only_null &= aa[i]->kind == SEM_TY_NULL;
    for (uint32_t j = 0; j < nb; j++) only_null &= bb[j]->kind == SEM_TY_NULL;
    return only_null;
}

const SemType *sem_type_elem(SemCtx *x, const SemType *t)
{
    if (!t) return &sem_type_unknown;
    if (t->kind == SEM_TY_LIST) return t->elem;
    if (t->kind != SEM_TY_UNION) return &sem_type_unknown;
    PtrVec alts = {0};
    for (uint32_t i = 0; i < t->nalts; i++)
        if (t->alts[i]->kind == SEM_TY_LIST)
            union_push(x, &alts, t->alts[i]->elem);
        else if (t->alts[i]->kind == SEM_TY_ANY)
            return &type_any;
    return alts.len ? make_union(x, &alts, NULL) : &sem_type_unknown;
}

/* ---- printing ---------------------------------------------------------- */

static void type_text(Arena *a, StrBuf *b, const SemType *t, int depth)
{
    switch (t->kind) {
    case SEM_TY_UNKNOWN: strbuf_puts(a, b, "unknown"); return;
    case SEM_TY_ANY: strbuf_puts(a, b, "any"); return;
    case SEM_TY_BOOL: strbuf_puts(a, b, "bool"); return;
    case SEM_TY_NUMBER: strbuf_puts(a, b, "number"); return;
    case SEM_TY_STRING: strbuf_puts(a, b, "string"); return;
    case SEM_TY_NULL: strbuf_puts(a, b, "null"); return;
    case SEM_TY_LITERAL: strbuf_puts(a, b, t->lit ? sem_lit_text(a, t->lit) : "?"); return;
    case SEM_TY_UNION:
        for (uint32_t i = 0; i < t->nalts; i++) {
            if (i) strbuf_puts(a, b, " | ");
            type_text(a, b, t->alts[i], depth);
        }
        return;
    case SEM_TY_OBJECT:
        if (depth > 0 || t->nfields > 4) {
            strbuf_puts(a, b, "{ ... }");
            return;
        }
        strbuf_puts(a, b, "{ ");
        for (uint32_t i = 0; i < t->nfields; i++) {
            if (i) strbuf_puts(a, b, ", ");
            strbuf_printf(a, b, "%s%s: ", t->fields[i].name, t->fields[i].optional ? "?" : "");
            type_text(a, b, t->fields[i].type, depth + 1);
        }
        strbuf_puts(a, b, " }");
        return;
    case SEM_TY_MAP:
    case SEM_TY_LIST:
        strbuf_puts(a, b, t->kind == SEM_TY_MAP ? "map<" : "list<");
        type_text(a, b, t->elem, depth + 1);
        strbuf_putc(a, b, '>');
        return;
    }
}

const char *sem_type_text(Arena *a, const SemType *t)
{
    StrBuf b = {0};
    type_text(a, &b, t ? t : &sem_type_unknown, 0);
    return strbuf_cstr(a, &b);
}

/* ---- suggestions ----------------------------------------------------------- */

/* The closest string literal of `t` (a literal or a union of them) to
 * `text`, or NULL. */
static const char *closest_string_literal(const SemType *t, const char *text)
{
    uint32_t limit = (uint32_t)strlen(text) / 3;
    if (limit < 1) limit = 1;
    if (limit > 3) limit = 3;
    const char *best = NULL;
    uint32_t best_d = limit + 1;
    uint32_t n = t->kind == SEM_TY_UNION ? t->nalts : 1;
    for (uint32_t i = 0; i < n; i++) {
        const SemType *a = t->kind == SEM_TY_UNION ? t->alts[i] : t;
        if (a->kind != SEM_TY_LITERAL || !a->lit || a->lit->kind != LIT_STRING) continue;
        uint32_t d = sem_edit_distance(text, a->lit->text, limit);
        if (d < best_d) {
            best_d = d;
            best = a->lit->text;
        }
    }
    return best;
}

const char *sem_lit_suggest(Arena *a, const SemType *t, const Lit *lit)
{
    if (!t || !lit) return NULL;
    Lit alt = {0};
    switch (lit->kind) {
    case LIT_STRING: {
        const char *near = closest_string_literal(t, lit->text);
        if (near) return arena_printf(a, "\"%s\"", near);
        if (sem_number_text(lit->text)) {
            alt.kind = LIT_NUMBER;
            alt.text = lit->text;
            alt.number = strtod(lit->text, NULL);
            if (sem_lit_fits(t, &alt)) return lit->text;
        }
        if (strcmp(lit->text, "true") == 0 || strcmp(lit->text, "false") == 0) {
            alt.kind = LIT_BOOL;
            alt.boolean = lit->text[0] == 't';
            if (sem_lit_fits(t, &alt)) return lit->text;
        }
        return NULL;
    }
    case LIT_NUMBER:
    case LIT_BOOL: {
        const char *text = lit->kind == LIT_BOOL ? (lit->boolean ? "true" : "false") : lit->text;
        if (!text) return NULL;
        alt.kind = LIT_STRING;
        alt.text = text;
        alt.text_len = (uint32_t)strlen(text);
        return sem_lit_fits(t, &alt) ? arena_printf(a, "\"%s\"", text) : NULL;
    }
    default: return NULL;
    }
}
