/* import_logic.c — the library's condition and value trees as .wp
 * conditions and values, and its interpolation strings as templates.
 *
 *   BoolLogic   { "IS_EQUAL": [p, v] }, [p, v]   p == v
 *               { "EXISTS": p }, { "IS_EMPTY": p }   exists p, empty p
 *               { "GT"|"LT"|"GTE"|"LTE": [p, n] }  p > n … (p.length: length(p) > n)
 *               { "IN": [p, [v…]] }               p in [v…]
 *               { "CONTAINS_ANY"|"CONTAINS_ALL": [p, [v…]] }   p contains any|all [v…]
 *               { "AND"|"OR": [c…] }, { "NOT": c }  and, or, not
 *   ValueLogic  { "IF": c, "THEN": v, "ELSE": v | ValueLogic }   if c then v else …
 *               { "MATCH": p, "CASES": { k: v }, "DEFAULT": v }   match p { "k" => v, _ => … }
 *
 * Text is written with the fewest parentheses the precedence needs (or <
 * and < not). */
#include <string.h>

#include "import_internal.h"

/* Trees nest at most this deep; the parser's limit is far above. */
enum { LOGIC_DEPTH_MAX = 100 };

enum { PREC_OR = 1, PREC_AND = 2, PREC_ATOM = 3 };

static bool cond(Imp *m, StrBuf *out, const Json *node, const char *pointer, int prec, int depth);

/* The [path, x] pair of an operator; false after a diagnostic. */
static bool pair(Imp *m, const Json *arg, const char *pointer, const char *op, const char *second, const Json **path,
                 const Json **x)
{
    if (json_kind(arg) != JSON_ARRAY || json_count(arg) != 2) {
        imp_bad(m, arg, pointer, "%s takes a pair [path, %s], found %s", op, second,
                json_kind(arg) == JSON_ARRAY
                    ? arena_printf(m->a, "%zu element%s", json_count(arg), json_count(arg) == 1 ? "" : "s")
                    : imp_kind_name(arg));
        return false;
    }
    *path = json_at(arg, 0);
    *x = json_at(arg, 1);
    return true;
}

static bool list(Imp *m, StrBuf *out, const Json *node, const char *pointer, int prec, int depth, bool and)
{
    const char *op = and? "AND" : "OR";
    if (json_kind(node) != JSON_ARRAY) {
        imp_bad(m, node, pointer, "%s takes an array of conditions, found %s", op, imp_kind_name(node));
        return false;
    }
    size_t n = json_count(node);
    if (n == 0) { /* every() of nothing is true, some() false */
        strbuf_puts(m->a, out, and? "true" : "false");
        return true;
    }
    if (n == 1) return cond(m, out, json_child(node), imp_ptr_index(m, pointer, 0), prec, depth + 1);
    int mine = and? PREC_AND : PREC_OR;
    bool paren = prec > mine;
    if (paren) strbuf_putc(m->a, out, '(');
    size_t i = 0;
    for (const Json *c = json_child(node); c; c = json_sibling(c), i++) {
        if (i) strbuf_puts(m->a, out, and? " and " : " or ");
        if (!cond(m, out, c, imp_ptr_index(m, pointer, i), mine + 1, depth + 1)) return false;
    }
    if (paren) strbuf_putc(m->a, out, ')');
    return true;
}

static bool compare(Imp *m, StrBuf *out, const char *op, const Json *arg, const char *pointer)
{
    const Json *p, *n;
    if (!pair(m, arg, pointer, op, "number", &p, &n)) return false;
    const char *pp = imp_ptr_index(m, pointer, 0), *np = imp_ptr_index(m, pointer, 1);
    if (json_kind(n) != JSON_NUMBER) {
        imp_bad(m, n, np, "%s compares with a number, found %s", op, imp_kind_name(n));
        return false;
    }
    const char *sym = !strcmp(op, "GT") ? ">" : !strcmp(op, "LT") ? "<" : !strcmp(op, "GTE") ? ">=" : "<=";
    if (json_kind(p) != JSON_STRING) {
        imp_bad(m, p, pp, "expected a path (a string), found %s", imp_kind_name(p));
        return false;
    }
    /* The library reads "items.length" in an ordering as the length of the
     * array at items. */
    const char *apex = json_str(p);
    size_t len = strlen(apex);
    const char *wp;
    bool length = len > 7 && strcmp(apex + len - 7, ".length") == 0;
    if (length) {
        const char *parent = imp_path_text(m, arena_strndup(m->a, apex, len - 7), p, pp, USE_PLAIN, 0);
        if (!parent) return false;
        wp = arena_printf(m->a, "length(%s)", parent);
    } else {
        wp = imp_path(m, p, pp, USE_COND, 0);
        if (!wp) return false;
    }
    StrBuf num = {0};
    if (!imp_put_literal(m, &num, n, np)) return false;
    strbuf_printf(m->a, out, "%s %s %s", wp, sym, strbuf_cstr(m->a, &num));
    return true;
}

static bool membership(Imp *m, StrBuf *out, const char *op, const Json *arg, const char *pointer)
{
    const Json *p, *vals;
    if (!pair(m, arg, pointer, op, "[values]", &p, &vals)) return false;
    const char *vp = imp_ptr_index(m, pointer, 1);
    if (json_kind(vals) != JSON_ARRAY) {
        imp_bad(m, vals, vp, "%s takes an array of values, found %s", op, imp_kind_name(vals));
        return false;
    }
    const char *wp = imp_path(m, p, imp_ptr_index(m, pointer, 0), USE_COND, 0);
    if (!wp) return false;
    StrBuf lit = {0};
    if (!imp_put_literal(m, &lit, vals, vp)) return false;
    const char *kw = !strcmp(op, "IN") ? "in" : !strcmp(op, "CONTAINS_ANY") ? "contains any" : "contains all";
    strbuf_printf(m->a, out, "%s %s %s", wp, kw, strbuf_cstr(m->a, &lit));
    return true;
}

static bool equal(Imp *m, StrBuf *out, const Json *arg, const char *pointer)
{
    const Json *p, *v;
    if (!pair(m, arg, pointer, "IS_EQUAL", "value", &p, &v)) return false;
    const char *wp = imp_path(m, p, imp_ptr_index(m, pointer, 0), USE_COND, 0);
    if (!wp) return false;
    StrBuf lit = {0};
    if (!imp_put_literal(m, &lit, v, imp_ptr_index(m, pointer, 1))) return false;
    strbuf_printf(m->a, out, "%s == %s", wp, strbuf_cstr(m->a, &lit));
    return true;
}

static const char *const operators[] = {"IS_EQUAL", "EXISTS", "IS_EMPTY", "AND", "OR",           "NOT",          "GT",
                                        "LT",       "GTE",    "LTE",      "IN",  "CONTAINS_ANY", "CONTAINS_ALL", NULL};

static bool cond(Imp *m, StrBuf *out, const Json *node, const char *pointer, int prec, int depth)
{
    if (depth > LOGIC_DEPTH_MAX) {
        imp_none(m, node, pointer, "this condition nests more than %d levels deep", LOGIC_DEPTH_MAX);
        return false;
    }
    if (json_kind(node) == JSON_ARRAY) { /* the [path, value] shorthand */
        if (json_count(node) != 2 || json_kind(json_child(node)) != JSON_STRING) {
            imp_bad(m, node, pointer, "a condition array is the shorthand [path, value], found %zu element%s%s",
                    json_count(node), json_count(node) == 1 ? "" : "s",
                    json_count(node) == 2 ? arena_printf(m->a, " starting with %s", imp_kind_name(json_child(node)))
                                          : "");
            return false;
        }
        return equal(m, out, node, pointer);
    }
    if (json_kind(node) != JSON_OBJECT) {
        imp_bad(m, node, pointer, "expected a condition (an operator object or [path, value]), found %s",
                imp_kind_name(node));
        return false;
    }
    if (json_count(node) != 1) {
        imp_bad(m, node, pointer, "a condition object has exactly one operator key, found %zu", json_count(node));
        return false;
    }
    const Json *arg = json_child(node);
    const char *op = json_key(arg);
    const char *ap = imp_ptr_key(m, pointer, op);
    if (!strcmp(op, "IS_EQUAL")) return equal(m, out, arg, ap);
    if (!strcmp(op, "EXISTS") || !strcmp(op, "IS_EMPTY")) {
        const char *wp = imp_path(m, arg, ap, USE_COND, 0);
        if (!wp) return false;
        strbuf_printf(m->a, out, "%s %s", op[0] == 'E' ? "exists" : "empty", wp);
        return true;
    }
    if (!strcmp(op, "AND") || !strcmp(op, "OR")) return list(m, out, arg, ap, prec, depth, op[0] == 'A');
    if (!strcmp(op, "NOT")) {
        strbuf_puts(m->a, out, "not ");
        return cond(m, out, arg, ap, PREC_ATOM, depth + 1);
    }
    if (!strcmp(op, "GT") || !strcmp(op, "LT") || !strcmp(op, "GTE") || !strcmp(op, "LTE"))
        return compare(m, out, op, arg, ap);
    if (!strcmp(op, "IN") || !strcmp(op, "CONTAINS_ANY") || !strcmp(op, "CONTAINS_ALL"))
        return membership(m, out, op, arg, ap);
    StrBuf known = {0};
    for (int i = 0; operators[i]; i++) strbuf_printf(m->a, &known, "%s%s", i ? ", " : "", operators[i]);
    imp_report(m, D_CONVERT_BAD_SHAPE, arg, ap, true, "unknown condition operator '%s' (the operators are %s)", op,
               strbuf_cstr(m->a, &known));
    return false;
}

bool imp_cond(Imp *m, StrBuf *out, const Json *node, const char *pointer)
{
    StrBuf b = {0};
    if (!cond(m, &b, node, pointer, PREC_OR, 0)) return false;
    strbuf_puts(m->a, out, strbuf_cstr(m->a, &b));
    return true;
}

/* ---- values ----------------------------------------------------------------- */

/* A fixed value: a literal.  A top-level string is a template in .wp, so
 * one that holds "{{" cannot be written. */
static bool fixed(Imp *m, StrBuf *out, const Json *v, const char *pointer)
{
    if (json_kind(v) == JSON_STRING && strstr(json_str(v), "{{")) {
        imp_none(m, v, pointer,
                 "this fixed text holds '{{', but every string value in .wp is a template, so it would be "
                 "interpolated");
        return false;
    }
    return imp_put_literal(m, out, v, pointer);
}

static bool is_logic(const Json *v)
{
    return json_kind(v) == JSON_OBJECT &&
           ((json_member(v, "IF") && json_member(v, "THEN") && json_member(v, "ELSE")) ||
            (json_member(v, "MATCH") && json_member(v, "CASES") && json_member(v, "DEFAULT")));
}

static bool value_logic(Imp *m, StrBuf *out, const Json *node, const char *pointer, int depth)
{
    if (depth > LOGIC_DEPTH_MAX) {
        imp_none(m, node, pointer, "this value nests more than %d levels deep", LOGIC_DEPTH_MAX);
        return false;
    }
    if (json_kind(node) != JSON_OBJECT || (!json_member(node, "IF") && !json_member(node, "MATCH"))) {
        imp_bad(m, node, pointer,
                "expected a value rule: { \"IF\", \"THEN\", \"ELSE\" } or { \"MATCH\", \"CASES\", \"DEFAULT\" }, "
                "found %s",
                imp_kind_name(node));
        return false;
    }
    if (json_member(node, "IF")) {
        static const char *const keys[] = {"IF", "THEN", "ELSE", NULL};
        imp_check_members(m, node, pointer, "an IF value", keys);
        const Json *c = json_member(node, "IF"), *t = json_member(node, "THEN"), *e = json_member(node, "ELSE");
        if (!t || !e) {
            imp_bad(m, node, pointer, "an IF value needs both THEN and ELSE");
            return false;
        }
        StrBuf b = {0};
        strbuf_puts(m->a, &b, "if ");
        if (!imp_cond(m, &b, c, imp_ptr_key(m, pointer, "IF"))) return false;
        strbuf_puts(m->a, &b, " then ");
        if (!fixed(m, &b, t, imp_ptr_key(m, pointer, "THEN"))) return false;
        strbuf_puts(m->a, &b, " else ");
        /* ELSE is a nested rule when it has the shape of one (the library
         * tries that first), else a fixed value. */
        const char *ep = imp_ptr_key(m, pointer, "ELSE");
        if (is_logic(e) ? !value_logic(m, &b, e, ep, depth + 1) : !fixed(m, &b, e, ep)) return false;
        strbuf_puts(m->a, out, strbuf_cstr(m->a, &b));
        return true;
    }
    static const char *const keys[] = {"MATCH", "CASES", "DEFAULT", NULL};
    imp_check_members(m, node, pointer, "a MATCH value", keys);
    const Json *p = json_member(node, "MATCH"), *cases = json_member(node, "CASES"),
               *def = json_member(node, "DEFAULT");
    if (!cases || json_kind(cases) != JSON_OBJECT) {
        imp_bad(m, cases ? cases : node, cases ? imp_ptr_key(m, pointer, "CASES") : pointer,
                "a MATCH value needs CASES, an object from values to results");
        return false;
    }
    if (!def) {
        imp_bad(m, node, pointer, "a MATCH value needs a DEFAULT");
        return false;
    }
    const char *wp = imp_path(m, p, imp_ptr_key(m, pointer, "MATCH"), USE_PLAIN, 0);
    if (!wp) return false;
    StrBuf b = {0};
    strbuf_printf(m->a, &b, "match %s { ", wp);
    ImpKeys k;
    imp_keys_init(m, &k, cases, imp_ptr_key(m, pointer, "CASES"));
    while (imp_keys_next(m, &k, "case", "one")) {
        imp_put_string(m, &b, k.key);
        strbuf_puts(m->a, &b, " => ");
        if (!fixed(m, &b, k.value, k.pointer)) return false;
        strbuf_puts(m->a, &b, ", ");
    }
    strbuf_puts(m->a, &b, "_ => ");
    if (!fixed(m, &b, def, imp_ptr_key(m, pointer, "DEFAULT"))) return false;
    strbuf_puts(m->a, &b, " }");
    strbuf_puts(m->a, out, strbuf_cstr(m->a, &b));
    return true;
}

bool imp_value_logic(Imp *m, StrBuf *out, const Json *node, const char *pointer)
{
    return value_logic(m, out, node, pointer, 0);
}

/* ---- templates --------------------------------------------------------------- */

/* The library replaces each match of /\{\{([^}]+)\}\}/ by the value at the
 * path inside, as written; everything else is text. */
bool imp_template(Imp *m, StrBuf *out, const Json *node, const char *pointer)
{
    if (json_kind(node) != JSON_STRING) {
        imp_bad(m, node, pointer, "a template is a string, found %s", imp_kind_name(node));
        return false;
    }
    const char *s = json_str(node);
    StrBuf text = {0};
    for (const char *p = s; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            const char *q = p + 2;
            while (*q && *q != '}') q++;
            if (q > p + 2 && q[0] == '}' && q[1] == '}') {
                const char *apex = arena_strndup(m->a, p + 2, (size_t)(q - p - 2));
                if (strchr(apex, ' ') || strchr(apex, '\t')) {
                    imp_none(m, node, pointer,
                             "the placeholder '{{%s}}' has a space inside, which the library keeps in the path "
                             "and .wp ignores",
                             apex);
                    return false;
                }
                const char *wp = imp_path_text(m, apex, node, pointer, USE_TEMPLATE, 0);
                if (!wp) return false;
                strbuf_printf(m->a, &text, "{{%s}}", wp);
                p = q + 2;
                continue;
            }
            imp_none(m, node, pointer,
                     "the '{{' at offset %zu is not a placeholder for the library (no path and '}}' follow), "
                     "but .wp would read it as one",
                     (size_t)(p - s));
            return false;
        }
        strbuf_putc(m->a, &text, *p++);
    }
    imp_put_string(m, out, strbuf_cstr(m->a, &text));
    return true;
}
