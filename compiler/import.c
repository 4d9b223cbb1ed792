/* import.c — `wpc import` (import.h): reads the JSON, hands each part to
 * its converter (import_internal.h lists them), puts the .wp text together
 * and formats it. */
#include "import.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "import_internal.h"

/* ---- diagnostics and pointers ------------------------------------------------ */

/* A part not converted, for the header; listed in the order of the JSON. */
typedef struct Unconverted {
    uint32_t offset, seq;
    const char *text;
} Unconverted;

void imp_report(Imp *m, DiagCode code, const Json *at, const char *pointer, bool on_key, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(m->a, fmt, ap);
    va_end(ap);
    const char *text = pointer && *pointer ? arena_printf(m->a, "%s: %s", pointer, msg) : msg;
    uint32_t start, end, key;
    if (at && imp_pos_of(m->pos, at, &start, &end, &key)) {
        Span s = {m->file, m->base + (on_key ? key : start), m->base + (on_key ? key + 1 : end)};
        if (on_key) { /* the key's string */
            const char *t = source_file(&m->c->sources, m->file)->text;
            uint32_t e = s.start + 1;
            while (t[e] && t[e] != '"') e += t[e] == '\\' && t[e + 1] ? 2 : 1;
            s.end = t[e] ? e + 1 : e;
        }
        diag_add(&m->c->diags, code, s, "%s", text);
    } else {
        diag_add_nospan(&m->c->diags, code, "%s", text);
    }
    if (diag_info(code)->level == LEVEL_ERROR) {
        Unconverted *u = ARENA_NEW(m->a, Unconverted);
        u->offset = at && imp_pos_of(m->pos, at, &start, &end, &key) ? (on_key ? key : start) : UINT32_MAX;
        u->seq = m->unconverted.len;
        u->text = arena_printf(m->a, "%s (%s)", pointer && *pointer ? pointer : "the document", diag_info(code)->code);
        ptrvec_push(m->a, &m->unconverted, u);
    }
}

static const char *escape_token(Imp *m, const char *token)
{
    if (!strchr(token, '~') && !strchr(token, '/')) return token;
    StrBuf b = {0};
    for (const char *p = token; *p; p++) {
        if (*p == '~')
            strbuf_puts(m->a, &b, "~0");
        else if (*p == '/')
            strbuf_puts(m->a, &b, "~1");
        else
            strbuf_putc(m->a, &b, *p);
    }
    return strbuf_cstr(m->a, &b);
}

const char *imp_ptr_key(Imp *m, const char *parent, const char *key)
{
    return arena_printf(m->a, "%s/%s", parent, escape_token(m, key));
}

const char *imp_ptr_index(Imp *m, const char *parent, size_t i) { return arena_printf(m->a, "%s/%zu", parent, i); }

void imp_keys_init(Imp *m, ImpKeys *k, const Json *object, const char *pointer)
{
    k->object = object;
    k->next = json_child(object);
    k->parent = pointer;
    strmap_init(&k->seen, m->a);
}

bool imp_keys_next(Imp *m, ImpKeys *k, const char *what, const char *kept)
{
    for (const Json *c = k->next; c; c = json_sibling(c)) {
        const char *key = json_key(c);
        if (strmap_put(&k->seen, key, (void *)c)) continue;
        k->next = json_sibling(c);
        k->key = key;
        k->value = json_member(k->object, key);
        k->pointer = imp_ptr_key(m, k->parent, key);
        if (k->value != c)
            imp_report(m, D_CONVERT_ASSUMED, k->value, k->pointer, true,
                       "the %s '%s' is given twice; the last %s is kept, as JavaScript does", what, key, kept);
        return true;
    }
    k->next = NULL;
    return false;
}

const char *imp_kind_name(const Json *j)
{
    if (!j) return "nothing";
    switch (json_kind(j)) {
    case JSON_NULL: return "null";
    case JSON_FALSE: return "false";
    case JSON_TRUE: return "true";
    case JSON_NUMBER: return "a number";
    case JSON_STRING: return "a string";
    case JSON_ARRAY: return "an array";
    case JSON_OBJECT: return "an object";
    }
    return "a value";
}

void imp_check_members(Imp *m, const Json *j, const char *pointer, const char *what, const char *const *known)
{
    if (json_kind(j) != JSON_OBJECT) return;
    StrMap seen;
    strmap_init(&seen, m->a);
    for (const Json *c = json_child(j); c; c = json_sibling(c)) {
        const char *k = json_key(c);
        const char *kp = imp_ptr_key(m, pointer, k);
        if (strmap_put(&seen, k, (void *)c))
            imp_report(m, D_CONVERT_ASSUMED, c, kp, true,
                       "the key '%s' is given twice; the last one is used, as JavaScript does", k);
        if (!known) continue;
        bool ok = false;
        for (int i = 0; known[i] && !ok; i++) ok = strcmp(known[i], k) == 0;
        if (!ok) {
            StrBuf list = {0};
            for (int i = 0; known[i]; i++) strbuf_printf(m->a, &list, "%s%s", i ? ", " : "", known[i]);
            imp_report(m, D_CONVERT_ASSUMED, c, kp, true, "'%s' is not part of %s (%s); it is ignored", k, what,
                       strbuf_cstr(m->a, &list));
        }
    }
}

/* ---- the input ------------------------------------------------------------------ */

/* Offset of the first byte that is not UTF-8, or len. */
static size_t utf8_error(const unsigned char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned c = s[i];
        size_t n = c < 0x80                 ? 1
                   : c >= 0xC2 && c <= 0xDF ? 2
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xF0 && c <= 0xF4 ? 4
                                            : 0;
        if (!n || i + n > len) return i;
        for (size_t k = 1; k < n; k++)
            if ((s[i + k] & 0xC0) != 0x80) return i;
        if ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] >= 0xA0) || (c == 0xF0 && s[i + 1] < 0x90) ||
            (c == 0xF4 && s[i + 1] >= 0x90))
            return i;
        i += n;
    }
    return len;
}

/* Names the JSON gives (listeners' fn, validators' schema) are taken before
 * any is derived, so a derived name never takes one the JSON chose. */
static void given_names(Imp *m, const Json *se, const Json *cm)
{
    for (const Json *r = json_kind(se) == JSON_ARRAY ? json_child(se) : se; r;
         r = json_kind(se) == JSON_ARRAY ? json_sibling(r) : NULL) {
        const Json *ls = json_member(r, "listeners");
        for (const Json *l = ls && json_kind(ls) == JSON_ARRAY ? json_child(ls) : NULL; l; l = json_sibling(l)) {
            const Json *fn = json_member(l, "fn");
            if (fn && json_kind(fn) == JSON_STRING && imp_is_ident(json_str(fn))) imp_use_name(m, json_str(fn));
        }
    }
    for (const Json *r = json_kind(cm) == JSON_ARRAY ? json_child(cm) : cm; r;
         r = json_kind(cm) == JSON_ARRAY ? json_sibling(r) : NULL) {
        for (const Json *f = json_kind(r) == JSON_OBJECT ? json_child(r) : NULL; f; f = json_sibling(f)) {
            const Json *schema = json_member(json_member(f, "validationState"), "schema");
            if (schema && json_kind(schema) == JSON_STRING && imp_is_ident(json_str(schema)))
                imp_use_name(m, json_str(schema));
        }
    }
}

/* ---- the output -------------------------------------------------------------------- */

/* Text from the JSON inside a line comment: no line breaks or control
 * characters. */
static void put_comment_text(Imp *m, StrBuf *b, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        strbuf_putc(m->a, b, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

static void put_names(Imp *m, StrBuf *b, const PtrVec *names)
{
    for (uint32_t i = 0; i < names->len; i++)
        strbuf_printf(m->a, b, "%s%s", i ? ", " : "", (const char *)names->items[i]);
}

static int by_offset(const void *a, const void *b)
{
    const Unconverted *x = *(const Unconverted *const *)a, *y = *(const Unconverted *const *)b;
    if (x->offset != y->offset) return x->offset < y->offset ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* How many unconverted parts the header lists by name. */
enum { HEADER_LIST_MAX = 50 };

static const char *assemble(Imp *m, const char *name)
{
    StrBuf b = {0};
    strbuf_puts(m->a, &b, "// Converted from ");
    put_comment_text(m, &b, name);
    strbuf_puts(m->a, &b, " by `wpc import`.\n");
    if (m->handlers.len) {
        strbuf_puts(m->a, &b, "// Listener handlers to pass in createPipeline's listeners option: ");
        put_names(m, &b, &m->handlers);
        strbuf_puts(m->a, &b, ".\n");
    }
    if (m->validators.len) {
        strbuf_puts(m->a, &b, "// External validators to pass in its validators option: ");
        put_names(m, &b, &m->validators);
        strbuf_puts(m->a, &b, ".\n");
    }
    if (m->unconverted.len) {
        strbuf_printf(m->a, &b, "// Not converted (%u, see the diagnostics of wpc import):\n", m->unconverted.len);
        qsort(m->unconverted.items, m->unconverted.len, sizeof(void *), by_offset);
        for (uint32_t i = 0; i < m->unconverted.len && i < HEADER_LIST_MAX; i++) {
            strbuf_puts(m->a, &b, "//   ");
            put_comment_text(m, &b, ((const Unconverted *)m->unconverted.items[i])->text);
            strbuf_putc(m->a, &b, '\n');
        }
        if (m->unconverted.len > HEADER_LIST_MAX)
            strbuf_printf(m->a, &b, "//   and %u more\n", m->unconverted.len - HEADER_LIST_MAX);
    }
    const StrBuf *sections[] = {&m->state_block, &m->syncs, &m->flips, &m->derived, &m->clears};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if (!sections[i]->len) continue;
        strbuf_putc(m->a, &b, '\n');
        strbuf_puts(m->a, &b, sections[i]->data);
    }
    for (uint32_t i = 0; i < m->fields.len; i++) {
        ImpField *f = m->fields.items[i];
        if (!f->lines.len) continue; /* nothing of it converted, or nothing to convert */
        strbuf_printf(m->a, &b, "\nfield %s {\n", f->wp_path);
        strbuf_puts(m->a, &b, f->lines.data);
        strbuf_puts(m->a, &b, "}\n");
    }
    if (m->listens.len) {
        strbuf_putc(m->a, &b, '\n');
        strbuf_puts(m->a, &b, m->listens.data);
    }
    return strbuf_cstr(m->a, &b);
}

ImportStatus import_json(Compilation *c, const char *name, const char *text, size_t len, const char **out)
{
    Imp m = {0};
    m.c = c;
    m.a = &c->arena;
    m.file = source_add(&c->sources, name, name, text, len);
    strmap_init(&m.field_map, m.a);
    strmap_init(&m.names, m.a);
    strmap_init(&m.listed, m.a);
    const char *json = source_file(&c->sources, m.file)->text;
    size_t bad = utf8_error((const unsigned char *)json, len);
    if (bad < len) {
        Span s = {m.file, (uint32_t)bad, (uint32_t)bad + 1};
        diag_add(&c->diags, D_CONVERT_BAD_JSON, s, "invalid UTF-8: JSON text is UTF-8");
        return IMPORT_BAD_INPUT;
    }
    if (len >= 3 && memcmp(json, "\xEF\xBB\xBF", 3) == 0) m.base = 3;
    size_t at = 0;
    Json *root = json_parse(json + m.base, len - m.base, &at);
    if (!root) {
        Span s = {m.file, m.base + (uint32_t)at, m.base + (uint32_t)at + (m.base + at < len)};
        diag_add(&c->diags, D_CONVERT_BAD_JSON, s, "%s",
                 m.base + at >= len ? "not valid JSON: the text ends before the value does"
                                    : "not valid JSON: unexpected text here");
        return IMPORT_BAD_INPUT;
    }
    m.pos = imp_pos_build(m.a, json + m.base, len - m.base, root);
    if (json_kind(root) != JSON_OBJECT) {
        Span s = {m.file, m.base, (uint32_t)len};
        diag_add(&c->diags, D_CONVERT_BAD_JSON, s,
                 "the configuration is an object { \"sideEffects\": …, \"concerns\": …, \"state\": … }, found %s",
                 imp_kind_name(root));
        json_free(root);
        return IMPORT_BAD_INPUT;
    }

    static const char *const keys[] = {"sideEffects", "concerns", "state", NULL};
    for (const Json *k = json_child(root); k; k = json_sibling(k)) {
        bool known = false;
        for (int i = 0; keys[i]; i++) known |= strcmp(json_key(k), keys[i]) == 0;
        if (!known)
            imp_report(&m, D_CONVERT_BAD_SHAPE, k, imp_ptr_key(&m, "", json_key(k)), true,
                       "unknown member '%s' (a configuration has sideEffects, concerns and state)", json_key(k));
    }
    imp_check_members(&m, root, "", "the configuration", NULL);
    const Json *se = json_member(root, "sideEffects"), *cm = json_member(root, "concerns");
    m.state = json_member(root, "state");
    m.state_pointer = "/state";
    given_names(&m, se, cm);
    if (se && json_kind(se) != JSON_NULL) imp_side_effects(&m, se, "/sideEffects");
    if (cm && json_kind(cm) != JSON_NULL) imp_concerns(&m, cm, "/concerns");
    if (m.state && json_kind(m.state) == JSON_NULL) m.state = NULL;
    imp_state(&m);
    const char *wp = assemble(&m, name);
    json_free(root);

    const char *formatted = NULL;
    if (fmt_file_text(c, "<import>", wp, strlen(wp), &formatted) != FMT_OK) return IMPORT_INTERNAL;
    *out = formatted;
    return m.unconverted.len ? IMPORT_PARTIAL : IMPORT_OK;
}
