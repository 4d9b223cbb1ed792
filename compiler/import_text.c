/* import_text.c — spelling the pieces of .wp text `wpc import` writes:
 * paths of the library in .wp syntax, literals, strings and names. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../runtime/rt_numfmt.h"
#include "import_internal.h"

/* Literals nest at most this deep (the parser holds 1000 open constructs;
 * no configuration needs more than a few). */
enum { LITERAL_DEPTH_MAX = 64 };

bool imp_is_ident(const char *s)
{
    if (!s || !*s) return false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
        if (!letter && (p == s || c < '0' || c > '9')) return false;
    }
    return true;
}

void imp_put_string(Imp *m, StrBuf *out, const char *s)
{
    strbuf_putc(m->a, out, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': strbuf_puts(m->a, out, "\\\""); break;
        case '\\': strbuf_puts(m->a, out, "\\\\"); break;
        case '\n': strbuf_puts(m->a, out, "\\n"); break;
        case '\r': strbuf_puts(m->a, out, "\\r"); break;
        case '\t': strbuf_puts(m->a, out, "\\t"); break;
        case '\b': strbuf_puts(m->a, out, "\\b"); break;
        case '\f': strbuf_puts(m->a, out, "\\f"); break;
        default:
            if (*p < 0x20 || *p == 0x7f)
                strbuf_printf(m->a, out, "\\u%04x", (unsigned)*p);
            else
                strbuf_putc(m->a, out, (char)*p);
        }
    }
    strbuf_putc(m->a, out, '"');
}

static bool literal(Imp *m, StrBuf *out, const Json *v, const char *pointer, int depth)
{
    if (depth > LITERAL_DEPTH_MAX) {
        imp_none(m, v, pointer, "this value nests more than %d levels deep", LITERAL_DEPTH_MAX);
        return false;
    }
    switch (json_kind(v)) {
    case JSON_NULL: strbuf_puts(m->a, out, "null"); return true;
    case JSON_FALSE: strbuf_puts(m->a, out, "false"); return true;
    case JSON_TRUE: strbuf_puts(m->a, out, "true"); return true;
    case JSON_NUMBER: {
        double d = json_num(v);
        if (!isfinite(d)) {
            imp_none(m, v, pointer, "this number is too large for a double (JavaScript reads it as Infinity)");
            return false;
        }
        char buf[RT_NUM_TEXT_MAX];
        rt_num_format(d, buf);
        strbuf_puts(m->a, out, buf);
        return true;
    }
    case JSON_STRING: imp_put_string(m, out, json_str(v)); return true;
    case JSON_ARRAY: {
        strbuf_putc(m->a, out, '[');
        size_t i = 0;
        for (const Json *c = json_child(v); c; c = json_sibling(c), i++) {
            if (i) strbuf_puts(m->a, out, ", ");
            if (!literal(m, out, c, imp_ptr_index(m, pointer, i), depth + 1)) return false;
        }
        strbuf_putc(m->a, out, ']');
        return true;
    }
    case JSON_OBJECT: {
        /* A key given twice: JavaScript keeps the last value, in the first
         * one's place; .wp refuses duplicate keys. */
        strbuf_puts(m->a, out, "{");
        bool any = false;
        ImpKeys k;
        imp_keys_init(m, &k, v, pointer);
        while (imp_keys_next(m, &k, "key", "value")) {
            strbuf_puts(m->a, out, any ? ", " : " ");
            any = true;
            if (imp_is_ident(k.key))
                strbuf_puts(m->a, out, k.key);
            else
                imp_put_string(m, out, k.key);
            strbuf_puts(m->a, out, ": ");
            if (!literal(m, out, k.value, k.pointer, depth + 1)) return false;
        }
        strbuf_puts(m->a, out, any ? " }" : "}");
        return true;
    }
    }
    return false;
}

bool imp_put_literal(Imp *m, StrBuf *out, const Json *v, const char *pointer) { return literal(m, out, v, pointer, 0); }

/* ---- paths ------------------------------------------------------------------ */

/* Keywords that cannot start a path at a place where they could start
 * something else (docs/language.md §3). */
static bool keyword_clash(const char *first, PathUse use)
{
    static const char *const cond[] = {"not", "exists", "empty", "length", "true", "false", NULL};
    switch (use) {
    case USE_COND:
        for (int i = 0; cond[i]; i++)
            if (strcmp(first, cond[i]) == 0) return true;
        return false;
    case USE_LISTEN: return strcmp(first, "call") == 0;
    case USE_SCOPE: return strcmp(first, "root") == 0;
    default: return false;
    }
}

/* A canonical array index: "0", or digits without a leading zero, short
 * enough for an index. */
static bool is_index(const char *s, size_t n)
{
    if (n == 0 || n > 9 || (n > 1 && s[0] == '0')) return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

static void record_path(Imp *m, const char *apex, const Json *node, const char *pointer, unsigned flags)
{
    ImpPath *p = ARENA_NEW(m->a, ImpPath);
    p->apex = arena_strdup(m->a, apex);
    p->flags = flags;
    p->node = node;
    p->pointer = pointer;
    ptrvec_push(m->a, &m->paths, p);
}

const char *imp_path_text(Imp *m, const char *apex, const Json *node, const char *pointer, PathUse use, unsigned flags)
{
    bool key = (flags & PATH_KEY) != 0;
    if (!*apex) {
        imp_report(m, D_CONVERT_BAD_SHAPE, node, pointer, key, "the path is empty");
        return NULL;
    }
    StrBuf out = {0};
    const char *seg = apex;
    for (size_t i = 0;; i++) {
        const char *dot = strchr(seg, '.');
        size_t n = dot ? (size_t)(dot - seg) : strlen(seg);
        char *s = arena_strndup(m->a, seg, n);
        if (n == 0) {
            imp_report(m, D_CONVERT_BAD_SHAPE, node, pointer, key, "the path '%s' has an empty segment", apex);
            return NULL;
        }
        bool wild = strcmp(s, "[*]") == 0, deep = strcmp(s, "[**]") == 0;
        if (!wild && !deep && (strstr(s, "[*]") || strstr(s, "[**]"))) {
            imp_report(m, D_CONVERT_BAD_SHAPE, node, pointer, key,
                       "in '%s', a wildcard must be a whole segment ('items.[*].price')", apex);
            return NULL;
        }
        if (i == 0) {
            if (!imp_is_ident(s)) {
                imp_report(m, D_CONVERT_NO_EQUIVALENT, node, pointer, key,
                           "the path '%s' starts with '%s', which is not a name; a .wp path starts with a name "
                           "(letters, digits, _ and $, not a digit first)",
                           apex, s);
                return NULL;
            }
            if (keyword_clash(s, use)) {
                imp_report(m, D_CONVERT_NO_EQUIVALENT, node, pointer, key,
                           "the path '%s' starts with the keyword '%s', which cannot begin a path here in .wp; "
                           "rename or nest the state field",
                           apex, s);
                return NULL;
            }
            strbuf_puts(m->a, &out, s);
        } else if (wild) {
            strbuf_puts(m->a, &out, "[*]");
        } else if (deep) {
            strbuf_puts(m->a, &out, "[**]");
        } else if (imp_is_ident(s) || is_index(s, n)) {
            strbuf_printf(m->a, &out, ".%s", s);
        } else {
            if (use == USE_TEMPLATE && strchr(s, '"')) {
                imp_none(m, node, pointer, "the key '%s' of '%s' holds a '\"', which a template path cannot", s, apex);
                return NULL;
            }
            strbuf_putc(m->a, &out, '[');
            if (use == USE_TEMPLATE) { /* no escapes inside {{ }} */
                strbuf_printf(m->a, &out, "\"%s\"", s);
            } else {
                imp_put_string(m, &out, s);
            }
            strbuf_putc(m->a, &out, ']');
        }
        if (!dot) break;
        seg = dot + 1;
    }
    record_path(m, apex, node, pointer, flags);
    return strbuf_cstr(m->a, &out);
}

const char *imp_path(Imp *m, const Json *node, const char *pointer, PathUse use, unsigned flags)
{
    if (!node || json_kind(node) != JSON_STRING) {
        imp_bad(m, node, pointer, "expected a path (a string), found %s", imp_kind_name(node));
        return NULL;
    }
    return imp_path_text(m, json_str(node), node, pointer, use, flags);
}

/* ---- names ---------------------------------------------------------------------- */

void imp_use_name(Imp *m, const char *name) { strmap_put(&m->names, arena_strdup(m->a, name), (void *)""); }

const char *imp_name_from_path(Imp *m, const char *prefix, const char *apex)
{
    StrBuf b = {0};
    strbuf_puts(m->a, &b, prefix);
    bool word_start = true, any = false;
    for (const char *p = apex ? apex : ""; *p; p++) {
        char c = *p;
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) {
            word_start = true;
            continue;
        }
        if (word_start && c >= 'a' && c <= 'z') c = (char)(c - 'a' + 'A');
        strbuf_putc(m->a, &b, c);
        word_start = false;
        any = true;
    }
    if (!any) strbuf_puts(m->a, &b, "Change");
    const char *base = strbuf_cstr(m->a, &b), *name = base;
    for (unsigned k = 2; strmap_get(&m->names, name); k++) name = arena_printf(m->a, "%s%u", base, k);
    imp_use_name(m, name);
    return name;
}

void imp_list_name(Imp *m, char kind, const char *name)
{
    const char *key = arena_printf(m->a, "%c:%s", kind, name);
    if (strmap_put(&m->listed, key, (void *)"")) return;
    ptrvec_push(m->a, kind == 'h' ? &m->handlers : &m->validators, arena_strdup(m->a, name));
}

bool imp_is_last(Imp *m, ImpLast *last, const Json *j, const Json *c)
{
    if (!last->built) {
        strmap_init(&last->map, m->a);
        /* the map holds the first node of each key; boxes let later ones win */
        for (const Json *x = json_child(j); x; x = json_sibling(x)) {
            const Json **box = strmap_get(&last->map, json_key(x));
            if (box) {
                *box = x;
            } else {
                box = ARENA_NEW(m->a, const Json *);
                *box = x;
                strmap_put(&last->map, json_key(x), box);
            }
        }
        last->built = true;
    }
    const Json **box = strmap_get(&last->map, json_key(c));
    return box && *box == c;
}
