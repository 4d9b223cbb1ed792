/* import_state.c — the `state` block of an imported file, inferred from the
 * JSON's "state" member (an example of the application's state) and from
 * the paths the converted rules use.
 *
 *   null                     any (the example does not say), commented
 *   true, 1, "a"             bool, number, string
 *   [ … ]                    list<T>, T merged over the elements
 *   { … }                    an object type, or map<T> where a rule puts [*]
 *                            (or the object is empty)
 *   a path no example has    an optional field of type any, commented
 *
 * Merging (list elements, map values) unions the scalar kinds, merges
 * objects field by field (a field some lack becomes optional), and gives
 * `any` where shapes disagree.  A flip of values that are not booleans
 * (the library rotates them) makes its paths `any`, which wpc's flip
 * check accepts. */
#include <string.h>

#include "import_internal.h"

enum { S_NULL = 1u, S_BOOL = 2u, S_NUM = 4u, S_STR = 8u };

typedef enum Shape { SH_NONE, SH_OBJ, SH_MAP, SH_LIST } Shape;

typedef struct Ty Ty;
typedef struct TyField {
    const char *name;
    Ty *type;
    bool optional;
} TyField;

struct Ty {
    bool any;
    unsigned scalars;
    Shape shape;
    PtrVec fields; /* TyField *, SH_OBJ */
    StrMap field_map;
    Ty *elem;         /* SH_MAP, SH_LIST; NULL: nothing known */
    const char *note; /* a comment for the block */
};

/* The paths of the rules, as a trie of segments ("*" for [*] and [**]). */
typedef struct Trie {
    const char *seg;
    bool wild;
    StrMap kids; /* segment ("\1" for a wildcard) -> Trie * */
    PtrVec order;
    const ImpPath *ends; /* a rule path that ends here */
    unsigned flags;
} Trie;

static Ty *ty_new(Imp *m)
{
    Ty *t = ARENA_NEW(m->a, Ty);
    strmap_init(&t->field_map, m->a);
    return t;
}

static TyField *ty_add_field(Imp *m, Ty *t, const char *name, Ty *type, bool optional)
{
    TyField *f = ARENA_NEW(m->a, TyField);
    f->name = name;
    f->type = type;
    f->optional = optional;
    ptrvec_push(m->a, &t->fields, f);
    strmap_put(&t->field_map, name, f);
    return f;
}

/* ---- the rules' paths -------------------------------------------------- */

static Trie *trie_new(Imp *m, const char *seg, bool wild)
{
    Trie *t = ARENA_NEW(m->a, Trie);
    t->seg = seg;
    t->wild = wild;
    strmap_init(&t->kids, m->a);
    return t;
}

static Trie *trie_child(Imp *m, Trie *t, const char *seg)
{
    bool wild = strcmp(seg, "[*]") == 0 || strcmp(seg, "[**]") == 0;
    const char *key = wild ? "\1" : seg;
    Trie *c = strmap_get(&t->kids, key);
    if (!c) {
        c = trie_new(m, wild ? "[*]" : arena_strdup(m->a, seg), wild);
        strmap_put(&t->kids, c->wild ? "\1" : c->seg, c);
        ptrvec_push(m->a, &t->order, c);
    }
    return c;
}

static Trie *build_trie(Imp *m)
{
    Trie *root = trie_new(m, NULL, false);
    for (uint32_t i = 0; i < m->paths.len; i++) {
        const ImpPath *p = m->paths.items[i];
        Trie *t = root;
        for (const char *s = p->apex;;) {
            const char *dot = strchr(s, '.');
            t = trie_child(m, t, arena_strndup(m->a, s, dot ? (size_t)(dot - s) : strlen(s)));
            if (!dot) break;
            s = dot + 1;
        }
        if (!t->ends) t->ends = p;
        t->flags |= p->flags;
    }
    return root;
}

static Trie *wild_kid(Trie *t) { return t ? strmap_get(&t->kids, "\1") : NULL; }

/* ---- merging ------------------------------------------------------------- */

static Ty *merge(Imp *m, Ty *a, Ty *b);

static Ty *copy(Imp *m, Ty *a)
{
    Ty *t = ty_new(m);
    t->any = a->any;
    t->scalars = a->scalars;
    t->shape = a->shape;
    t->elem = a->elem;
    t->note = a->note;
    for (uint32_t i = 0; i < a->fields.len; i++) {
        TyField *f = a->fields.items[i];
        ty_add_field(m, t, f->name, f->type, f->optional);
    }
    return t;
}

static Ty *merge_elems(Imp *m, Ty *a, Ty *b) { return !a ? b : !b ? a : merge(m, a, b); }

static Ty *merge(Imp *m, Ty *a, Ty *b)
{
    if (a->any || b->any) {
        Ty *t = ty_new(m);
        t->any = true;
        return t;
    }
    if (a->shape == SH_NONE || b->shape == SH_NONE || a->shape == b->shape) {
        Ty *t = copy(m, a->shape != SH_NONE ? a : b);
        Ty *o = a->shape != SH_NONE ? b : a;
        t->scalars = a->scalars | b->scalars;
        if (a->shape == SH_NONE || b->shape == SH_NONE) return t;
        if (t->shape == SH_OBJ) {
            for (uint32_t i = 0; i < t->fields.len; i++) {
                TyField *f = t->fields.items[i];
                TyField *g = strmap_get(&o->field_map, f->name);
                if (!g)
                    f->optional = true;
                else {
                    f->type = merge(m, f->type, g->type);
                    f->optional |= g->optional;
                }
            }
            for (uint32_t i = 0; i < o->fields.len; i++) {
                TyField *g = o->fields.items[i];
                if (!strmap_get(&t->field_map, g->name)) ty_add_field(m, t, g->name, g->type, true);
            }
        } else {
            t->elem = merge_elems(m, a->elem, b->elem);
        }
        return t;
    }
    if ((a->shape == SH_OBJ && b->shape == SH_MAP) || (a->shape == SH_MAP && b->shape == SH_OBJ)) {
        Ty *obj = a->shape == SH_OBJ ? a : b, *map = obj == a ? b : a;
        Ty *t = copy(m, map);
        t->scalars = a->scalars | b->scalars;
        for (uint32_t i = 0; i < obj->fields.len; i++)
            t->elem = merge_elems(m, t->elem, ((TyField *)obj->fields.items[i])->type);
        return t;
    }
    Ty *t = ty_new(m);
    t->any = true;
    t->note = "the example holds values of different shapes here";
    return t;
}

/* ---- from the example ------------------------------------------------------ */

static Ty *infer(Imp *m, const Json *v, Trie *rules, bool top)
{
    Ty *t = ty_new(m);
    switch (json_kind(v)) {
    case JSON_NULL: t->scalars = S_NULL; return t;
    case JSON_FALSE:
    case JSON_TRUE: t->scalars = S_BOOL; return t;
    case JSON_NUMBER: t->scalars = S_NUM; return t;
    case JSON_STRING: t->scalars = S_STR; return t;
    case JSON_ARRAY: {
        t->shape = SH_LIST;
        Trie *w = wild_kid(rules);
        for (const Json *c = json_child(v); c; c = json_sibling(c))
            t->elem = merge_elems(m, t->elem, infer(m, c, w, false));
        return t;
    }
    case JSON_OBJECT: {
        Trie *w = wild_kid(rules);
        if (w || (!json_child(v) && !(rules && rules->order.len))) {
            t->shape = SH_MAP;
            for (const Json *c = json_child(v); c; c = json_sibling(c))
                t->elem = merge_elems(m, t->elem, infer(m, c, w, false));
            return t;
        }
        t->shape = SH_OBJ;
        for (const Json *c = json_child(v); c; c = json_sibling(c)) {
            const char *k = json_key(c);
            if (top && strcmp(k, "_concerns") == 0) continue; /* a dump of the library's store */
            Trie *kid = rules ? strmap_get(&rules->kids, k) : NULL;
            TyField *f = strmap_get(&t->field_map, k);
            if (f) /* a key given twice: the last value, in the first one's place */
                f->type = infer(m, c, kid, false);
            else
                ty_add_field(m, t, k, infer(m, c, kid, false), false);
        }
        return t;
    }
    }
    return t;
}

/* ---- what the rules add ------------------------------------------------------ */

static bool null_only(const Ty *t) { return !t->any && t->shape == SH_NONE && (t->scalars & ~S_NULL) == 0; }

static void set_any(Ty *t, const char *note)
{
    t->any = true;
    t->shape = SH_NONE;
    t->scalars = 0;
    t->note = note;
}

static const char *scalar_name(unsigned s)
{
    return s & S_STR ? "a string" : s & S_NUM ? "a number" : s & S_BOOL ? "a boolean" : "null";
}

static void cover(Imp *m, Ty *t, Trie *node, bool in_example);

/* The first rule path at or below node. */
static const ImpPath *first_end(const Trie *node)
{
    while (!node->ends && node->order.len) node = node->order.items[0];
    return node->ends;
}

/* The example and the rules disagree about what is at t: it becomes any. */
static void conflict(Imp *m, Ty *t, const Trie *kid, bool in_example, const char *why)
{
    set_any(t, arena_printf(m->a, "any: %s", why));
    const ImpPath *p = first_end(kid);
    if (in_example && p)
        imp_report(m, D_CONVERT_STATE_TYPE, p->node, p->pointer, (p->flags & PATH_KEY) != 0,
                   "the path '%s' does not fit the example state (%s); the state block declares that place any: "
                   "fill in its type",
                   p->apex, why);
}

/* Walks the rules below node into t, which the example may not have. */
static void cover_kid(Imp *m, Ty *t, Trie *kid, bool in_example)
{
    if (t->any) return;
    if (kid->wild) {
        if (t->shape == SH_OBJ) { /* [*] over an object: its fields are the map's values */
            Ty *e = NULL;
            for (uint32_t i = 0; i < t->fields.len; i++) e = merge_elems(m, e, ((TyField *)t->fields.items[i])->type);
            t->shape = SH_MAP;
            t->elem = e;
        } else if (t->shape == SH_NONE) {
            if (t->scalars & ~S_NULL) {
                conflict(m, t, kid, in_example,
                         arena_printf(m->a, "the example holds %s here, but rules use paths below it",
                                      scalar_name(t->scalars)));
                return;
            }
            t->shape = SH_MAP;
        }
        if (!t->elem) t->elem = ty_new(m);
        cover(m, t->elem, kid, in_example);
        return;
    }
    if (t->shape == SH_MAP || (t->shape == SH_LIST && kid->seg[0] >= '0' && kid->seg[0] <= '9')) {
        if (!t->elem) t->elem = ty_new(m);
        cover(m, t->elem, kid, in_example);
        return;
    }
    if (t->shape == SH_LIST) {
        conflict(m, t, kid, in_example,
                 arena_printf(m->a, "the example holds a list here, but rules name its key '%s'", kid->seg));
        return;
    }
    if (t->shape == SH_NONE) {
        if (t->scalars & ~S_NULL) {
            conflict(
                m, t, kid, in_example,
                arena_printf(m->a, "the example holds %s here, but rules use paths below it", scalar_name(t->scalars)));
            return;
        }
        t->shape = SH_OBJ;
    }
    TyField *f = strmap_get(&t->field_map, kid->seg);
    if (!f) {
        f = ty_add_field(m, t, kid->seg, ty_new(m), true);
        if (in_example) {
            f->type->note = "not in the example state: fill in the type";
            /* reported once, at the first rule path that needs it */
            const ImpPath *p = first_end(kid);
            if (p)
                imp_report(m, D_CONVERT_STATE_TYPE, p->node, p->pointer, (p->flags & PATH_KEY) != 0,
                           "the example state has no '%s' for the path '%s'; the state block declares what is missing "
                           "as optional, ending in any: fill in the types",
                           kid->seg, p->apex);
        }
        cover(m, f->type, kid, false);
        return;
    }
    cover(m, f->type, kid, in_example);
}

static void cover(Imp *m, Ty *t, Trie *node, bool in_example)
{
    for (uint32_t i = 0; i < node->order.len; i++) cover_kid(m, t, node->order.items[i], in_example);
    if (!node->ends || t->any) return;
    if ((node->flags & PATH_FLIP) && (t->shape != SH_NONE || (t->scalars & ~(S_BOOL | S_NULL)))) {
        const char *what = t->shape != SH_NONE ? "an object or list" : scalar_name(t->scalars & ~(S_BOOL | S_NULL));
        set_any(t, "any: flipped, and the example holds values that are not booleans");
        imp_report(m, D_CONVERT_ASSUMED, node->ends->node, node->ends->pointer, (node->ends->flags & PATH_KEY) != 0,
                   "the flip path '%s' holds %s in the example state; the library rotates such values, and so does "
                   "wpc, so the state block declares it any",
                   node->ends->apex, what);
        return;
    }
    if (in_example && null_only(t) && t->scalars) {
        t->note = "null in the example state: fill in the type";
        imp_report(m, D_CONVERT_STATE_TYPE, node->ends->node, node->ends->pointer, (node->ends->flags & PATH_KEY) != 0,
                   "the example state holds only null at '%s', which gives no type; the state block declares it "
                   "any: fill in its type",
                   node->ends->apex);
    }
}

/* ---- printing ------------------------------------------------------------------ */

static void indent(Imp *m, StrBuf *b, int depth)
{
    for (int i = 0; i < depth; i++) strbuf_puts(m->a, b, "  ");
}

static void print(Imp *m, StrBuf *b, const Ty *t, int depth);

static void print_fields(Imp *m, StrBuf *b, const Ty *t, int depth)
{
    strbuf_puts(m->a, b, "{\n");
    for (uint32_t i = 0; i < t->fields.len; i++) {
        const TyField *f = t->fields.items[i];
        indent(m, b, depth + 1);
        if (imp_is_ident(f->name))
            strbuf_puts(m->a, b, f->name);
        else
            imp_put_string(m, b, f->name);
        strbuf_puts(m->a, b, f->optional ? "?: " : ": ");
        print(m, b, f->type, depth + 1);
        const char *note = f->type->note;
        if (!note && !f->type->any && f->type->shape == SH_NONE && f->type->scalars == S_NULL)
            note = "null in the example state";
        if (note) {
            strbuf_puts(m->a, b, " // ");
            strbuf_puts(m->a, b, note);
        }
        strbuf_putc(m->a, b, '\n');
    }
    indent(m, b, depth);
    strbuf_puts(m->a, b, "}");
}

static void print(Imp *m, StrBuf *b, const Ty *t, int depth)
{
    if (t->any || (t->shape == SH_NONE && (t->scalars & ~S_NULL) == 0)) {
        strbuf_puts(m->a, b, "any");
        return;
    }
    bool first = true;
    if (t->shape == SH_OBJ) {
        print_fields(m, b, t, depth);
        first = false;
    } else if (t->shape == SH_MAP || t->shape == SH_LIST) {
        strbuf_puts(m->a, b, t->shape == SH_MAP ? "map<" : "list<");
        if (t->elem)
            print(m, b, t->elem, depth);
        else
            strbuf_puts(m->a, b, "any");
        strbuf_puts(m->a, b, ">");
        first = false;
    }
    static const struct {
        unsigned bit;
        const char *name;
    } kinds[] = {{S_BOOL, "bool"}, {S_NUM, "number"}, {S_STR, "string"}, {S_NULL, "null"}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (!(t->scalars & kinds[i].bit)) continue;
        strbuf_puts(m->a, b, first ? kinds[i].name : arena_printf(m->a, " | %s", kinds[i].name));
        first = false;
    }
}

void imp_state(Imp *m)
{
    if (!m->state) {
        if (m->paths.len)
            imp_report(m, D_CONVERT_STATE_TYPE, NULL, "", false,
                       "the JSON has no \"state\" example, so the .wp file has no state block and wpc checks no "
                       "path or type; add a state block, or add \"state\": <an example state> and import again");
        return;
    }
    if (json_kind(m->state) != JSON_OBJECT) {
        imp_bad(m, m->state, m->state_pointer, "the example state is an object, found %s", imp_kind_name(m->state));
        return;
    }
    Trie *rules = build_trie(m);
    Ty *root = infer(m, m->state, rules, true);
    if (root->shape != SH_OBJ) { /* an empty example: every path comes from the rules */
        root = ty_new(m);
        root->shape = SH_OBJ;
    }
    cover(m, root, rules, true);
    strbuf_puts(m->a, &m->state_block, "state ");
    print_fields(m, &m->state_block, root, 0);
    strbuf_putc(m->a, &m->state_block, '\n');
}
