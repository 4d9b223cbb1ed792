/* import_pos.c — where each value of a parsed JSON document is in its text,
 * so that `wpc import` can point its diagnostics at line:column.
 *
 * cJSON keeps no positions.  The text is scanned once more (it is valid
 * JSON: cJSON accepted it) and the values are numbered in document order,
 * which is the order of a pre-order walk of the tree, duplicate keys
 * included.  A table from node to number then answers in O(1). */
#include <string.h>

#include "import_internal.h"

typedef struct PosEntry {
    uint32_t start, end, key_start;
} PosEntry;

struct ImpPos {
    PosEntry *entries;
    uint32_t n, cap;
    IdMap index; /* node -> entry number + 1 */
};

typedef struct Scan {
    Arena *a;
    ImpPos *p;
    const char *s;
    size_t i, len;
    uint32_t depth;
} Scan;

static void ws(Scan *sc)
{
    while (sc->i < sc->len &&
           (sc->s[sc->i] == ' ' || sc->s[sc->i] == '\t' || sc->s[sc->i] == '\n' || sc->s[sc->i] == '\r'))
        sc->i++;
}

static void skip_string(Scan *sc)
{
    sc->i++; /* the opening quote */
    while (sc->i < sc->len && sc->s[sc->i] != '"') sc->i += sc->s[sc->i] == '\\' ? 2 : 1;
    sc->i++;
}

static uint32_t push(Scan *sc, uint32_t key_start)
{
    ImpPos *p = sc->p;
    ARENA_GROW(sc->a, p->entries, p->n, p->cap, 256);
    uint32_t k = p->n++;
    p->entries[k].start = (uint32_t)sc->i;
    p->entries[k].key_start = key_start;
    return k;
}

/* One value at sc->i (white space skipped), recorded before its children.
 * Returns false on text that is not what cJSON accepted (never expected). */
static bool value(Scan *sc, uint32_t key_start)
{
    ws(sc);
    if (sc->i >= sc->len || sc->depth > 2000) return false;
    uint32_t k = push(sc, key_start == UINT32_MAX ? (uint32_t)sc->i : key_start);
    char c = sc->s[sc->i];
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        sc->i++;
        sc->depth++;
        ws(sc);
        if (sc->i < sc->len && sc->s[sc->i] == close) {
            sc->i++;
        } else {
            for (;;) {
                uint32_t ks = UINT32_MAX;
                if (c == '{') {
                    ws(sc);
                    if (sc->i >= sc->len || sc->s[sc->i] != '"') return false;
                    ks = (uint32_t)sc->i;
                    skip_string(sc);
                    ws(sc);
                    if (sc->i >= sc->len || sc->s[sc->i] != ':') return false;
                    sc->i++;
                }
                if (!value(sc, ks)) return false;
                ws(sc);
                if (sc->i >= sc->len) return false;
                if (sc->s[sc->i] == ',') {
                    sc->i++;
                    continue;
                }
                if (sc->s[sc->i] != close) return false;
                sc->i++;
                break;
            }
        }
        sc->depth--;
    } else if (c == '"') {
        skip_string(sc);
    } else {
        while (sc->i < sc->len && strchr("+-.0123456789eEtruefalsn", sc->s[sc->i])) sc->i++;
    }
    sc->p->entries[k].end = (uint32_t)(sc->i <= sc->len ? sc->i : sc->len);
    return true;
}

/* Numbers the nodes in pre-order; false when there are more nodes than
 * scanned values. */
static bool number_nodes(ImpPos *p, const Json *j, uint32_t *next)
{
    if (*next >= p->n) return false;
    idmap_put(&p->index, (uint64_t)(uintptr_t)j, (void *)(uintptr_t)(*next + 1));
    (*next)++;
    for (const Json *c = json_child(j); c; c = json_sibling(c))
        if (!number_nodes(p, c, next)) return false;
    return true;
}

ImpPos *imp_pos_build(Arena *a, const char *text, size_t len, const Json *root)
{
    ImpPos *p = ARENA_NEW(a, ImpPos);
    idmap_init(&p->index, a);
    Scan sc = {a, p, text, 0, len, 0};
    if (!value(&sc, UINT32_MAX)) return NULL;
    uint32_t next = 0;
    if (!number_nodes(p, root, &next) || next != p->n) return NULL;
    return p;
}

bool imp_pos_of(const ImpPos *p, const Json *j, uint32_t *start, uint32_t *end, uint32_t *key_start)
{
    if (!p || !j) return false;
    uintptr_t k = (uintptr_t)idmap_get(&p->index, (uint64_t)(uintptr_t)j);
    if (!k) return false;
    const PosEntry *e = &p->entries[k - 1];
    *start = e->start;
    *end = e->end;
    *key_start = e->key_start;
    return true;
}
