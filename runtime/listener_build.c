/* listener_build.c — the listener index builder of listener_build.h: every
 * listener's record (nbind = the least wildcard count over its topics), the
 * topics, and per pattern the topics equal to it and at or below it. */
#include "listener_build.h"

#include <stdlib.h>
#include <string.h>

#include "kits/listener_tables.h"
#include "tables.h"

typedef struct {
    uint32_t *v;
    uint32_t n, cap;
} vec;

typedef struct {
    int32_t scope, group, first_topic;
    uint32_t nbind, ntopics;
} lis_rec;

struct lt_builder {
    int err, finished;
    const uint8_t *tb;
    uint32_t npat;
    int32_t concerns_atom;
    lis_rec *lis;
    uint32_t n_lis, cap_lis;
    vec topic_listener, topic_pattern;
    vec *exact, *sub; /* per pattern: topic ids */
    vec out;
};

static int vec_push(vec *v, uint32_t x)
{
    if (v->n == v->cap) {
        uint32_t cap = v->cap ? v->cap * 2u : 4u;
        uint32_t *fresh = realloc(v->v, (size_t)cap * sizeof *fresh);
        if (!fresh) return -1;
        v->v = fresh;
        v->cap = cap;
    }
    v->v[v->n++] = x;
    return 0;
}

static int32_t fail(lt_builder *b)
{
    b->err = 1;
    return -1;
}

static uint32_t pat(const lt_builder *b, uint32_t p, uint32_t w)
{
    return tb_u32(b->tb, tb_rec(b->tb, TB_H_PATTERNS, TB_P_WORDS, p), w);
}

lt_builder *lt_init(const uint8_t *tb, int32_t concerns_atom)
{
    if (!tb || tb_hdr(tb, TB_H_MAGIC) != TB_MAGIC) return NULL;
    lt_builder *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->tb = tb;
    b->npat = tb_hdr(tb, TB_H_N_PATTERNS);
    b->concerns_atom = concerns_atom;
    b->exact = calloc(b->npat ? b->npat : 1u, sizeof *b->exact);
    b->sub = calloc(b->npat ? b->npat : 1u, sizeof *b->sub);
    if (!b->exact || !b->sub) {
        lt_free(b);
        return NULL;
    }
    return b;
}

void lt_free(lt_builder *b)
{
    if (!b) return;
    for (uint32_t p = 0; b->exact && b->sub && p < b->npat; p++) {
        free(b->exact[p].v);
        free(b->sub[p].v);
    }
    free(b->exact);
    free(b->sub);
    free(b->lis);
    free(b->topic_listener.v);
    free(b->topic_pattern.v);
    free(b->out.v);
    free(b);
}

int32_t lt_listener(lt_builder *b, int32_t scope_pattern, int32_t group)
{
    if (b->err || b->finished || scope_pattern < 0 || (uint32_t)scope_pattern >= b->npat) return fail(b);
    if (b->n_lis == b->cap_lis) {
        uint32_t cap = b->cap_lis ? b->cap_lis * 2u : 8u;
        lis_rec *fresh = realloc(b->lis, (size_t)cap * sizeof *fresh);
        if (!fresh) return fail(b);
        b->lis = fresh;
        b->cap_lis = cap;
    }
    b->lis[b->n_lis] = (lis_rec){scope_pattern, group, -1, 0, 0};
    return (int32_t)b->n_lis++;
}

/* 1 when pattern a is p or an ancestor of it. */
static int prefix_of(const lt_builder *b, uint32_t a, uint32_t p)
{
    uint32_t da = pat(b, a, TB_P_DEPTH);
    while (pat(b, p, TB_P_DEPTH) > da) p = pat(b, p, TB_P_PARENT);
    return p == a;
}

int32_t lt_topic(lt_builder *b, int32_t listener, int32_t pattern)
{
    if (b->err || b->finished || listener < 0 || (uint32_t)listener + 1u != b->n_lis || pattern <= 0 ||
        (uint32_t)pattern >= b->npat)
        return fail(b);
    lis_rec *l = &b->lis[listener];
    if (!prefix_of(b, (uint32_t)l->scope, (uint32_t)pattern)) return fail(b);
    uint32_t t = b->topic_listener.n, nwild = pat(b, (uint32_t)pattern, TB_P_NWILD);
    if (vec_push(&b->topic_listener, (uint32_t)listener) || vec_push(&b->topic_pattern, (uint32_t)pattern) ||
        vec_push(&b->exact[pattern], t))
        return fail(b);
    for (uint32_t q = (uint32_t)pattern;; q = pat(b, q, TB_P_PARENT)) {
        if (vec_push(&b->sub[q], t)) return fail(b);
        if (q == 0) break;
    }
    if (l->ntopics++ == 0) {
        l->first_topic = (int32_t)t;
        l->nbind = nwild;
    } else if (nwild < l->nbind) {
        l->nbind = nwild;
    }
    return (int32_t)t;
}

static uint32_t here(const lt_builder *b) { return b->out.n * 4u; }

static int put(lt_builder *b, uint32_t w) { return vec_push(&b->out, w); }

static int put_list(lt_builder *b, const vec *v)
{
    for (uint32_t i = 0; i < v->n; i++)
        if (put(b, v->v[i])) return -1;
    return 0;
}

const uint8_t *lt_finish(lt_builder *b, uint32_t *len)
{
    if (b->err) return NULL;
    if (b->finished) {
        *len = here(b);
        return (const uint8_t *)b->out.v;
    }
    b->finished = 1;
    int bad = 0;
    for (uint32_t i = 0; i < LT_H_WORDS; i++) bad |= put(b, 0);
    uint32_t lis_at = here(b);
    for (uint32_t i = 0; i < b->n_lis; i++) {
        const lis_rec *l = &b->lis[i];
        bad |= put(b, (uint32_t)l->scope) | put(b, (uint32_t)l->group) | put(b, l->nbind) |
               put(b, (uint32_t)l->first_topic) | put(b, l->ntopics);
    }
    uint32_t top_at = here(b);
    for (uint32_t t = 0; t < b->topic_listener.n; t++)
        bad |= put(b, b->topic_listener.v[t]) | put(b, b->topic_pattern.v[t]);
    uint32_t root_at = here(b), nroot = 0;
    for (uint32_t i = 0; i < b->n_lis; i++)
        if (!b->lis[i].ntopics) {
            bad |= put(b, i);
            nroot++;
        }
    uint32_t watch_at = here(b);
    for (uint32_t p = 0; p < b->npat * LT_W_WORDS; p++) bad |= put(b, 0);
    for (uint32_t p = 0; p < b->npat && !bad; p++) {
        uint32_t rec = watch_at / 4u + p * LT_W_WORDS;
        b->out.v[rec + LT_W_N_EXACT] = b->exact[p].n;
        b->out.v[rec + LT_W_EXACT] = here(b);
        bad |= put_list(b, &b->exact[p]);
        b->out.v[rec + LT_W_N_SUB] = b->sub[p].n;
        b->out.v[rec + LT_W_SUB] = here(b);
        bad |= put_list(b, &b->sub[p]);
    }
    if (bad) {
        b->err = 1;
        return NULL;
    }
    uint32_t *h = b->out.v;
    h[KIT_H_MAGIC] = LT_MAGIC;
    h[KIT_H_SIZE] = here(b);
    h[LT_H_N_LISTENERS] = b->n_lis;
    h[LT_H_LISTENERS] = lis_at;
    h[LT_H_N_TOPICS] = b->topic_listener.n;
    h[LT_H_TOPICS] = top_at;
    h[KIT_H_N_PATTERNS] = b->npat;
    h[KIT_H_WATCH] = watch_at;
    h[LT_H_ROOT_ATOM] = (uint32_t)b->concerns_atom;
    h[LT_H_N_ROOT] = nroot;
    h[LT_H_ROOT] = root_at;
    *len = here(b);
    return (const uint8_t *)b->out.v;
}
