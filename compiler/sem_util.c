/* sem_util.c — helpers shared by the sema passes (see sem_util.h). */
#include "sem_util.h"

#include "../runtime/rt_numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- paths ------------------------------------------------------------- */

static const PathSeg *seg_at(const Path *p, uint32_t i) { return p->segs.items[i]; }

/* The key text of a concrete segment: a name, or an index's decimal text. */
static const char *seg_text(const PathSeg *s) { return s->name ? s->name : ""; }

static bool plain_key(const char *s)
{
    if (!*s) return false;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (!(ch == '_' || ch == '$' || ch == '-' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
              (ch >= 'A' && ch <= 'Z') || ch >= 0x80))
            return false;
    }
    return true;
}

const char *sem_path_key(Arena *a, const Path *p)
{
    StrBuf b = {0};
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = seg_at(p, i);
        switch (s->kind) {
        case SEG_WILD: strbuf_puts(a, &b, "[*]"); break;
        case SEG_DEEP: strbuf_puts(a, &b, "[**]"); break;
        case SEG_INDEX:
        case SEG_NAME: {
            const char *t = seg_text(s);
            if (plain_key(t)) {
                if (i) strbuf_putc(a, &b, '.');
                strbuf_puts(a, &b, t);
            } else {
                strbuf_puts(a, &b, "[\"");
                for (; *t; t++) {
                    if (*t == '"' || *t == '\\') strbuf_putc(a, &b, '\\');
                    strbuf_putc(a, &b, *t);
                }
                strbuf_puts(a, &b, "\"]");
            }
            break;
        }
        }
    }
    return strbuf_cstr(a, &b);
}

uint32_t sem_path_nwild(const Path *p)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->segs.len; i++) n += seg_at(p, i)->kind == SEG_WILD;
    return n;
}

uint32_t sem_path_ndeep(const Path *p)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->segs.len; i++) n += seg_at(p, i)->kind == SEG_DEEP;
    return n;
}

static bool is_wild(const PathSeg *s) { return s->kind == SEG_WILD || s->kind == SEG_DEEP; }

bool sem_seg_equal(const PathSeg *a, const PathSeg *b)
{
    if (is_wild(a) || is_wild(b)) return a->kind == b->kind;
    return strcmp(seg_text(a), seg_text(b)) == 0;
}

bool sem_seg_overlap(const PathSeg *a, const PathSeg *b)
{
    if (is_wild(a) || is_wild(b)) return true;
    return strcmp(seg_text(a), seg_text(b)) == 0;
}

bool sem_paths_overlap(const Path *a, const Path *b)
{
    uint32_t n = a->segs.len < b->segs.len ? a->segs.len : b->segs.len;
    for (uint32_t i = 0; i < n; i++)
        if (!sem_seg_overlap(seg_at(a, i), seg_at(b, i))) return false;
    return true;
}

PatSeg *sem_path_pattern(Arena *a, const Path *p)
{
    PatSeg *segs = ARENA_ARRAY(a, PatSeg, p->segs.len ? p->segs.len : 1);
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = seg_at(p, i);
        segs[i].wild = is_wild(s);
        segs[i].key = segs[i].wild ? "" : seg_text(s);
        segs[i].len = (uint32_t)strlen(segs[i].key);
    }
    return segs;
}

bool sem_path_is_prefix(const Path *anc, const Path *p)
{
    if (anc->segs.len > p->segs.len) return false;
    for (uint32_t i = 0; i < anc->segs.len; i++)
        if (!sem_seg_equal(seg_at(anc, i), seg_at(p, i))) return false;
    return true;
}

/* ---- literals and conditions -------------------------------------------- */

static bool num_same(double x, double y) { return x == y || (isnan(x) && isnan(y)); /* SameValueZero */ }

bool sem_lit_equal(const Lit *a, const Lit *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind) return false;
    switch (a->kind) {
    case LIT_NULL: return true;
    case LIT_BOOL: return a->boolean == b->boolean;
    case LIT_NUMBER: return num_same(a->number, b->number);
    case LIT_STRING: return a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0;
    case LIT_ARRAY:
        if (a->items.len != b->items.len) return false;
        for (uint32_t i = 0; i < a->items.len; i++)
            if (!sem_lit_equal(a->items.items[i], b->items.items[i])) return false;
        return true;
    case LIT_OBJECT:
        if (a->items.len != b->items.len) return false;
        for (uint32_t i = 0; i < a->items.len; i++) {
            const LitMember *ma = a->items.items[i];
            bool found = false;
            for (uint32_t j = 0; j < b->items.len && !found; j++) {
                const LitMember *mb = b->items.items[j];
                if (ma->key_len == mb->key_len && memcmp(ma->key, mb->key, ma->key_len) == 0)
                    found = sem_lit_equal(ma->value, mb->value);
            }
            if (!found) return false;
        }
        return true;
    }
    return false;
}

static bool path_equal(const Path *a, const Path *b)
{
    if (!a || !b) return a == b;
    if (a->segs.len != b->segs.len) return false;
    for (uint32_t i = 0; i < a->segs.len; i++)
        if (!sem_seg_equal(seg_at(a, i), seg_at(b, i))) return false;
    return true;
}

/* Walks the left spine of and/or chains with the loop and recurses only
 * into right operands (see ast_cond_spine for why that depth is bounded). */
bool sem_cond_equal(const Cond *a, const Cond *b)
{
    for (;;) {
        if (!a || !b) return a == b;
        if (a->kind != b->kind) return false;
        switch (a->kind) {
        case COND_CMP:
        case COND_LENGTH:
            return a->op == b->op && path_equal(a->path, b->path) && sem_lit_equal(a->lit, b->lit) &&
                   (a->rhs_path ? b->rhs_path && path_equal(a->rhs_path, b->rhs_path) : !b->rhs_path);
        case COND_IN:
        case COND_CONTAINS_ANY:
        case COND_CONTAINS_ALL: return path_equal(a->path, b->path) && sem_lit_equal(a->lit, b->lit);
        case COND_EXISTS:
        case COND_EMPTY:
        case COND_TRUTHY: return path_equal(a->path, b->path);
        case COND_BOOL: return sem_lit_equal(a->lit, b->lit);
        case COND_NOT: break;
        case COND_AND:
        case COND_OR:
            if (!sem_cond_equal(a->rhs, b->rhs)) return false;
            break;
        }
        a = a->lhs;
        b = b->lhs;
    }
}

/* ---- hashes consistent with the equalities above ---------------------------- */

static uint64_t hmix(uint64_t h, uint64_t v)
{
    h ^= v + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
    return h * 0xff51afd7ed558ccdu;
}

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

uint64_t sem_lit_hash(const Lit *l)
{
    if (!l) return 1;
    uint64_t h = hmix(0x6c6974, (uint64_t)l->kind);
    switch (l->kind) {
    case LIT_NULL: return h;
    case LIT_BOOL: return hmix(h, l->boolean);
    case LIT_NUMBER: {
        /* SameValueZero: -0 is 0, every NaN is one NaN */
        double d = isnan(l->number) ? NAN : l->number == 0 ? 0.0 : l->number;
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        return hmix(h, bits);
    }
    case LIT_STRING: return hmix(h, hash_bytes(l->text, l->text_len));
    case LIT_ARRAY:
        for (uint32_t i = 0; i < l->items.len; i++) h = hmix(h, sem_lit_hash(l->items.items[i]));
        return h;
    case LIT_OBJECT: {
        uint64_t sum = 0; /* members in any order */
        for (uint32_t i = 0; i < l->items.len; i++) {
            const LitMember *m = l->items.items[i];
            sum += hmix(hash_bytes(m->key, m->key_len), sem_lit_hash(m->value));
        }
        return hmix(hmix(h, l->items.len), sum);
    }
    }
    return h;
}

static uint64_t path_hash(const Path *p)
{
    if (!p) return 2;
    uint64_t h = hmix(0x70617468, p->segs.len);
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = seg_at(p, i);
        h = is_wild(s) ? hmix(h, (uint64_t)s->kind) : hmix(h, hash_bytes(seg_text(s), strlen(seg_text(s))));
    }
    return h;
}

uint64_t sem_cond_hash(const Cond *c)
{
    uint64_t h = 0x636f6e64;
    for (;;) {
        if (!c) return hmix(h, 3);
        h = hmix(h, 16u + (uint64_t)c->kind);
        switch (c->kind) {
        case COND_CMP:
        case COND_LENGTH:
            return hmix(hmix(hmix(h, (uint64_t)c->op), path_hash(c->path)),
                        c->rhs_path ? path_hash(c->rhs_path) : sem_lit_hash(c->lit));
        case COND_IN:
        case COND_CONTAINS_ANY:
        case COND_CONTAINS_ALL: return hmix(hmix(h, path_hash(c->path)), sem_lit_hash(c->lit));
        case COND_EXISTS:
        case COND_EMPTY:
        case COND_TRUTHY: return hmix(h, path_hash(c->path));
        case COND_BOOL: return hmix(h, sem_lit_hash(c->lit));
        case COND_NOT: break;
        case COND_AND:
        case COND_OR: h = hmix(h, sem_cond_hash(c->rhs)); break;
        }
        c = c->lhs;
    }
}

/* ---- numbers and keys ----------------------------------------------------- */

const char *sem_js_number(Arena *a, double n)
{
    char buf[RT_NUM_TEXT_MAX];
    int32_t len = rt_num_format(n, buf);
    return arena_strndup(a, buf, (size_t)len);
}

const char *sem_lit_key(Arena *a, const Lit *lit)
{
    switch (lit->kind) {
    case LIT_STRING: return lit->text;
    case LIT_NUMBER: return sem_js_number(a, lit->number);
    case LIT_BOOL: return lit->boolean ? "true" : "false";
    default: return NULL;
    }
}

/* Levenshtein distance with adjacent transpositions ("emial" is one edit
 * from "email"), the optimal-string-alignment variant. */
uint32_t sem_edit_distance(const char *a, const char *b, uint32_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64) return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit) return limit + 1;
    uint32_t rows[3][65]; /* rows i-2, i-1 and i, by i % 3 */
    for (size_t j = 0; j <= lb; j++) rows[0][j] = (uint32_t)j;
    for (size_t i = 1; i <= la; i++) {
        uint32_t *cur = rows[i % 3], *prev = rows[(i - 1) % 3], *prev2 = rows[(i + 1) % 3];
        uint32_t best = (uint32_t)i;
        cur[0] = (uint32_t)i;
        for (size_t j = 1; j <= lb; j++) {
            uint32_t v = prev[j - 1] + (a[i - 1] != b[j - 1]);
            if (prev[j] + 1 < v) v = prev[j] + 1;
            if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best) best = v;
        }
        /* a row's minimum never decreases, transpositions included */
        if (best > limit) return limit + 1;
    }
    uint32_t d = rows[la % 3][lb];
    return d > limit ? limit + 1 : d;
}

const char *sem_lit_text(Arena *a, const Lit *lit)
{
    switch (lit->kind) {
    case LIT_NULL: return "null";
    case LIT_BOOL: return lit->boolean ? "true" : "false";
    case LIT_NUMBER: return lit->text ? lit->text : sem_js_number(a, lit->number);
    case LIT_STRING: return arena_printf(a, "\"%s\"", lit->text);
    case LIT_ARRAY: return "an array";
    case LIT_OBJECT: return "an object";
    }
    return "?";
}

bool sem_number_text(const char *s)
{
    /* JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    if (!s) return false;
    if (*s == '-') s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9') s++;
    else
        return false;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9')) return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-') s++;
        if (!(*s >= '0' && *s <= '9')) return false;
        while (*s >= '0' && *s <= '9') s++;
    }
    return *s == '\0';
}
