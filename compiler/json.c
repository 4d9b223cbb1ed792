/* json.c — the cJSON seam (see json.h).  No other file includes cJSON.h. */
#include "json.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static Json *checked(cJSON *node)
{
    if (!node) arena_out_of_memory();
    return (Json *)node;
}

Json *json_object(void) { return checked(cJSON_CreateObject()); }
Json *json_array(void) { return checked(cJSON_CreateArray()); }
/* Length of the valid UTF-8 sequence at s (1-4), 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF included. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (!n || c > 0xF4) return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (n == 3 && c == 0xE0 && s[1] < 0xA0) return 0;  /* overlong */
    if (n == 3 && c == 0xED && s[1] >= 0xA0) return 0; /* surrogate */
    if (n == 4 && c == 0xF0 && s[1] < 0x90) return 0;  /* overlong */
    if (n == 4 && c == 0xF4 && s[1] >= 0x90) return 0; /* > U+10FFFF */
    return n;
}

/* JSON text must be UTF-8, and cJSON copies bytes as they are: a message
 * quoting a bad byte of the source, or a file name from the command line,
 * would make the whole document invalid.  Each byte that does not belong
 * to a valid sequence becomes U+FFFD. */
Json *json_string(const char *s)
{
    if (!s) s = "";
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, bad = 0;
    for (size_t n; u[i]; i += n ? n : 1)
        if (!(n = utf8_len(u + i))) bad++;
    if (!bad) return checked(cJSON_CreateString(s));
    char *clean = malloc(i + bad * 2 + 1);
    if (!clean) arena_out_of_memory();
    size_t k = 0;
    for (size_t j = 0, n; u[j]; j += n ? n : 1) {
        n = utf8_len(u + j);
        if (n) {
            memcpy(clean + k, s + j, n);
            k += n;
        } else {
            memcpy(clean + k, "\xEF\xBF\xBD", 3);
            k += 3;
        }
    }
    clean[k] = 0;
    Json *j = checked(cJSON_CreateString(clean));
    free(clean);
    return j;
}
Json *json_number(double n) { return checked(cJSON_CreateNumber(n)); }
Json *json_bool(bool b) { return checked(cJSON_CreateBool(b)); }
Json *json_null(void) { return checked(cJSON_CreateNull()); }

Json *json_set(Json *object, const char *key, Json *value)
{
    cJSON_AddItemToObject((cJSON *)object, key, (cJSON *)value);
    return value;
}

Json *json_push(Json *array, Json *value)
{
    cJSON_AddItemToArray((cJSON *)array, (cJSON *)value);
    return value;
}

void json_set_string(Json *o, const char *key, const char *s) { json_set(o, key, json_string(s)); }
void json_set_number(Json *o, const char *key, double n) { json_set(o, key, json_number(n)); }
void json_set_bool(Json *o, const char *key, bool b) { json_set(o, key, json_bool(b)); }

/* cJSON's formatted printer indents with tabs; re-indent with two spaces so
 * the output matches what JSON tooling and our goldens expect. */
static void reindent(Arena *arena, StrBuf *out, const char *s)
{
    bool in_string = false, escaped = false;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (in_string) {
            strbuf_putc(arena, out, c);
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        if (c == '\t')
            strbuf_puts(arena, out, "  ");
        else if (c == ':' && p[1] == '\t') {
            strbuf_puts(arena, out, ": ");
            p++;
        } else
            strbuf_putc(arena, out, c);
    }
}

const char *json_print(Arena *arena, const Json *root, bool pretty)
{
    char *s = pretty ? cJSON_Print((const cJSON *)root) : cJSON_PrintUnformatted((const cJSON *)root);
    if (!s) arena_out_of_memory();
    StrBuf out = {0};
    if (pretty)
        reindent(arena, &out, s);
    else
        strbuf_puts(arena, &out, s);
    free(s);
    return strbuf_cstr(arena, &out);
}

void json_free(Json *root) { cJSON_Delete((cJSON *)root); }

/* reindent() into a scratch arena, then out. */
static void write_reindented(const char *s, JsonWrite write, void *ctx)
{
    Arena scratch;
    arena_init(&scratch);
    StrBuf b = {0};
    reindent(&scratch, &b, s);
    write(ctx, strbuf_cstr(&scratch, &b), b.len);
    arena_free(&scratch);
}

bool json_stream(const Json *root, const char *key, JsonNext next, void *next_ctx, JsonWrite write, void *write_ctx)
{
    char *doc = cJSON_Print((const cJSON *)root);
    if (!doc) arena_out_of_memory();
    /* cJSON prints the empty array as "key":<tab>[]; a key inside a string
     * value would have its quotes escaped, so this is the member itself. */
    size_t klen = strlen(key);
    char *marker = malloc(klen + 6);
    if (!marker) arena_out_of_memory();
    memcpy(marker, "\"", 1);
    memcpy(marker + 1, key, klen);
    memcpy(marker + 1 + klen, "\":\t[]", 5);
    marker[klen + 5] = 0;
    char *at = strstr(doc, marker);
    free(marker);
    if (!at) {
        free(doc);
        return false;
    }
    /* elements sit one level deeper than the member's line */
    const char *line = at;
    while (line > doc && line[-1] != '\n') line--;
    size_t depth = (size_t)(at - line) + 1;
    char *open = at + klen + 4; /* the '[' */
    char saved = open[1];
    open[1] = 0;
    write_reindented(doc, write, write_ctx);
    open[1] = saved;
    bool first = true;
    for (Json *el; (el = next(next_ctx)) != NULL;) {
        char *s = cJSON_Print((const cJSON *)el);
        json_free(el);
        if (!s) arena_out_of_memory();
        Arena scratch;
        arena_init(&scratch);
        StrBuf b = {0};
        if (!first) strbuf_puts(&scratch, &b, ", ");
        first = false;
        for (const char *p = s; *p; p++) {
            strbuf_putc(&scratch, &b, *p);
            if (*p == '\n')
                for (size_t i = 0; i < depth; i++) strbuf_putc(&scratch, &b, '\t');
        }
        free(s);
        write_reindented(strbuf_cstr(&scratch, &b), write, write_ctx);
        arena_free(&scratch);
    }
    write_reindented(open + 1, write, write_ctx);
    free(doc);
    return true;
}

/* ---- reading ---------------------------------------------------------- */

Json *json_parse(const char *text, size_t len, size_t *error_at)
{
    /* "Null-terminated" makes cJSON check that only white space follows the
     * value; it looks for the NUL inside the length it is given. */
    const char *end = NULL;
    cJSON *root = memchr(text, 0, len) ? NULL : cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    if (!root && !end) end = (const char *)memchr(text, 0, len);
    if (!root && error_at) *error_at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
    return (Json *)root;
}

JsonKind json_kind(const Json *j)
{
    const cJSON *c = (const cJSON *)j;
    if (!c) return JSON_NULL;
    switch (c->type & 0xFF) {
    case cJSON_False: return JSON_FALSE;
    case cJSON_True: return JSON_TRUE;
    case cJSON_Number: return JSON_NUMBER;
    case cJSON_String: return JSON_STRING;
    case cJSON_Array: return JSON_ARRAY;
    case cJSON_Object: return JSON_OBJECT;
    default: return JSON_NULL;
    }
}

const char *json_str(const Json *j)
{
    const char *s = ((const cJSON *)j)->valuestring;
    return s ? s : "";
}

double json_num(const Json *j) { return ((const cJSON *)j)->valuedouble; }

const Json *json_child(const Json *j)
{
    const cJSON *c = (const cJSON *)j;
    if (!c) return NULL;
    return (c->type & (cJSON_Array | cJSON_Object)) ? (const Json *)c->child : NULL;
}

const Json *json_sibling(const Json *j) { return (const Json *)((const cJSON *)j)->next; }

const char *json_key(const Json *member)
{
    const char *k = ((const cJSON *)member)->string;
    return k ? k : "";
}

size_t json_count(const Json *j)
{
    size_t n = 0;
    for (const Json *c = json_child(j); c; c = json_sibling(c)) n++;
    return n;
}

const Json *json_at(const Json *array, size_t i)
{
    const Json *c = json_child(array);
    while (c && i--) c = json_sibling(c);
    return c;
}

const Json *json_member(const Json *object, const char *key)
{
    if (!object || json_kind(object) != JSON_OBJECT) return NULL;
    const Json *found = NULL;
    for (const Json *c = json_child(object); c; c = json_sibling(c))
        if (strcmp(json_key(c), key) == 0) found = c;
    return found;
}
