/* tables_build.c — the blob builder of tables_build.h.
 *
 * Everything is collected in growable arrays; tb_finish then computes what
 * the kits need precomputed (the path-class DFA by subset construction over
 * the pattern tree, the members' watch index, star edges for edgeless
 * components, the creation order) and writes the words of tables.h. Build
 * time only, so clarity beats speed, but nothing is quadratic in the number
 * of patterns except through the DFA's own size. */
#include "tables_build.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h" /* compiler/: wpc builds the blob, and so do the native tests */
#include "maps.h"
#include "min_heap.h"
#include "kits/watch_tables.h"

typedef struct {
    uint32_t *v;
    uint32_t n, cap;
} vec;

typedef struct {
    int32_t parent, atom;
    uint32_t kind, depth, nwild, flags;
    int32_t member; /* builder member id, or -1 */
    vec children;
    vec desc_members; /* builder member ids of member patterns strictly below */
    vec keyed;        /* (atom, child) pairs of the key and index children, sorted (index_children) */
    vec wild;         /* the [*] and [**] children */
} pat_rec;

typedef struct {
    int32_t comp, pattern, opposite, group;
    vec out, in;
} mem_rec;

typedef struct {
    int32_t a, b, flip, group;
} edge_rec;

typedef struct {
    vec members; /* builder member ids, call order */
    vec edges;   /* indexes into b->edges */
} comp_rec;

typedef struct {
    vec pats;       /* sorted pattern ids */
    uint32_t under; /* a strict ancestor matches a TB_PF_BELOW pattern */
    int32_t next;   /* the next state whose hash collides with this one's, or -1 */
    vec trans;      /* atom, class pairs */
    int32_t deflt;
} state_rec;

struct tb_builder {
    int err, finished;
    pat_rec *pats;
    uint32_t n_pats, cap_pats;
    mem_rec *mems;
    uint32_t n_mems, cap_mems;
    edge_rec *edges;
    uint32_t n_edges, cap_edges;
    edge_rec *oneway;
    uint32_t n_oneway, cap_oneway;
    comp_rec *comps;
    uint32_t n_comps, cap_comps;
    state_rec *states;
    uint32_t n_states, cap_states;
    Arena arena;   /* holds by_hash */
    IdMap by_hash; /* state hash -> first state with it, + 1 */
    vec out;
};

/* ---- small helpers ---- */

static int grow(void **items, uint32_t *cap, uint32_t need, size_t elem)
{
    if (need <= *cap) return 0;
    uint32_t n = *cap ? *cap * 2u : 8u;
    while (n < need) n *= 2u;
    void *fresh = realloc(*items, (size_t)n * elem);
    if (!fresh) return -1;
    memset((char *)fresh + (size_t)*cap * elem, 0, (size_t)(n - *cap) * elem);
    *items = fresh;
    *cap = n;
    return 0;
}

static int push(tb_builder *b, vec *v, uint32_t x)
{
    if (grow((void **)&v->v, &v->cap, v->n + 1u, sizeof *v->v) != 0) {
        b->err = 1;
        return -1;
    }
    v->v[v->n++] = x;
    return 0;
}

static void vec_free(vec *v)
{
    free(v->v);
    v->v = NULL;
    v->n = v->cap = 0;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, c = *(const uint32_t *)y;
    return a < c ? -1 : a > c;
}

static void sort_unique(vec *v)
{
    if (v->n < 2) return;
    qsort(v->v, v->n, sizeof *v->v, cmp_u32);
    uint32_t k = 1;
    for (uint32_t i = 1; i < v->n; i++)
        if (v->v[i] != v->v[k - 1]) v->v[k++] = v->v[i];
    v->n = k;
}

static int bad(tb_builder *b)
{
    b->err = 1;
    return -1;
}

/* ---- calls ---- */

tb_builder *tb_init(void)
{
    tb_builder *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    if (grow((void **)&b->pats, &b->cap_pats, 1u, sizeof *b->pats) != 0) {
        free(b);
        return NULL;
    }
    b->pats[0] = (pat_rec){.parent = -1, .atom = -1, .kind = TB_SEG_ROOT, .member = -1};
    b->n_pats = 1;
    arena_init(&b->arena);
    idmap_init(&b->by_hash, &b->arena);
    return b;
}

void tb_free(tb_builder *b)
{
    if (!b) return;
    for (uint32_t i = 0; i < b->n_pats; i++) {
        vec_free(&b->pats[i].children);
        vec_free(&b->pats[i].desc_members);
        vec_free(&b->pats[i].keyed);
        vec_free(&b->pats[i].wild);
    }
    for (uint32_t i = 0; i < b->n_mems; i++) {
        vec_free(&b->mems[i].out);
        vec_free(&b->mems[i].in);
    }
    for (uint32_t i = 0; i < b->n_comps; i++) {
        vec_free(&b->comps[i].members);
        vec_free(&b->comps[i].edges);
    }
    for (uint32_t i = 0; i < b->n_states; i++) {
        vec_free(&b->states[i].pats);
        vec_free(&b->states[i].trans);
    }
    free(b->pats);
    free(b->mems);
    free(b->edges);
    free(b->oneway);
    free(b->comps);
    free(b->states);
    arena_free(&b->arena);
    vec_free(&b->out);
    free(b);
}

static int pat_ok(const tb_builder *b, int32_t p) { return p >= 0 && (uint32_t)p < b->n_pats; }

int32_t tb_pattern(tb_builder *b, int32_t parent, uint32_t kind, int32_t atom)
{
    if (b->err || !pat_ok(b, parent) || kind > TB_SEG_DEEP) return bad(b);
    int wild = kind == TB_SEG_WILD || kind == TB_SEG_DEEP;
    if (wild ? atom != -1 : atom < 0) return bad(b);
    if (grow((void **)&b->pats, &b->cap_pats, b->n_pats + 1u, sizeof *b->pats) != 0) return bad(b);
    uint32_t id = b->n_pats;
    const pat_rec *par = &b->pats[parent];
    b->pats[id] = (pat_rec){.parent = parent,
                            .atom = atom,
                            .kind = kind,
                            .depth = par->depth + 1u,
                            .nwild = par->nwild + (kind == TB_SEG_WILD ? 1u : 0u), /* [**] never binds */
                            .member = -1};
    b->n_pats++;
    if (push(b, &b->pats[parent].children, id) != 0) return -1;
    return (int32_t)id;
}

int32_t tb_list_container(tb_builder *b, int32_t pattern)
{
    if (b->err || !pat_ok(b, pattern) || pattern == 0) return bad(b);
    b->pats[pattern].flags |= TB_PF_LIST;
    return 0;
}

int32_t tb_watch_below(tb_builder *b, int32_t pattern)
{
    if (b->err || !pat_ok(b, pattern)) return bad(b);
    b->pats[pattern].flags |= TB_PF_BELOW;
    return 0;
}

int32_t tb_component(tb_builder *b)
{
    if (b->err) return -1;
    if (grow((void **)&b->comps, &b->cap_comps, b->n_comps + 1u, sizeof *b->comps) != 0) return bad(b);
    return (int32_t)b->n_comps++;
}

int32_t tb_member(tb_builder *b, int32_t comp, int32_t pattern, int32_t opposite, int32_t group)
{
    if (b->err || comp < 0 || (uint32_t)comp >= b->n_comps || !pat_ok(b, pattern) || pattern == 0 ||
        b->pats[pattern].member >= 0 || group < -1)
        return bad(b);
    if (grow((void **)&b->mems, &b->cap_mems, b->n_mems + 1u, sizeof *b->mems) != 0) return bad(b);
    uint32_t id = b->n_mems;
    b->mems[id] = (mem_rec){.comp = comp, .pattern = pattern, .opposite = opposite ? 1 : 0, .group = group};
    b->n_mems++;
    b->pats[pattern].member = (int32_t)id;
    b->pats[pattern].flags |= TB_PF_BELOW;
    return push(b, &b->comps[comp].members, id) != 0 ? -1 : (int32_t)id;
}

int32_t tb_edge(tb_builder *b, int32_t member_a, int32_t member_b, int32_t flip, int32_t group)
{
    if (b->err || member_a < 0 || member_b < 0 || (uint32_t)member_a >= b->n_mems || (uint32_t)member_b >= b->n_mems ||
        b->mems[member_a].comp != b->mems[member_b].comp || group < -1)
        return bad(b);
    if (grow((void **)&b->edges, &b->cap_edges, b->n_edges + 1u, sizeof *b->edges) != 0) return bad(b);
    b->edges[b->n_edges] = (edge_rec){member_a, member_b, flip ? 1 : 0, group};
    if (push(b, &b->comps[b->mems[member_a].comp].edges, b->n_edges) != 0) return -1;
    b->n_edges++;
    return 0;
}

/* The member of `pattern`, in a component of its own if it has none. */
static int32_t member_of(tb_builder *b, int32_t pattern)
{
    if (b->pats[pattern].member >= 0) return b->pats[pattern].member;
    int32_t c = tb_component(b);
    return c < 0 ? -1 : tb_member(b, c, pattern, 0, -1);
}

int32_t tb_oneway(tb_builder *b, int32_t from_pattern, int32_t to_pattern, int32_t flip, int32_t group)
{
    if (b->err || !pat_ok(b, from_pattern) || !pat_ok(b, to_pattern) || from_pattern == 0 || to_pattern == 0 ||
        group < -1)
        return bad(b);
    int32_t from = member_of(b, from_pattern), to = member_of(b, to_pattern);
    if (from < 0 || to < 0) return -1;
    if (grow((void **)&b->oneway, &b->cap_oneway, b->n_oneway + 1u, sizeof *b->oneway) != 0) return bad(b);
    b->oneway[b->n_oneway] = (edge_rec){from, to, flip ? 1 : 0, group};
    if (push(b, &b->mems[from].out, b->n_oneway) != 0 || push(b, &b->mems[to].in, b->n_oneway) != 0) return -1;
    b->n_oneway++;
    return 0;
}

/* ---- the DFA ---- */

static uint32_t hash_state(const vec *pats, uint32_t under)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < pats->n; i++) h = (h ^ pats->v[i]) * 16777619u;
    return (h ^ under) * 16777619u;
}

static int vec_eq(const vec *x, const vec *y)
{
    return x->n == y->n && (x->n == 0 || memcmp(x->v, y->v, x->n * sizeof *x->v) == 0);
}

/* The class of (pats, under): an existing one, or a new one (taking the
 * vector over); -1 when nothing matches here or below. */
static int32_t intern_state(tb_builder *b, vec *pats, uint32_t under)
{
    if (pats->n == 0 && !under) {
        vec_free(pats);
        return -1;
    }
    uint32_t h = hash_state(pats, under);
    int32_t head = (int32_t)(uintptr_t)idmap_get(&b->by_hash, h) - 1;
    for (int32_t id = head; id >= 0; id = b->states[id].next) {
        const state_rec *st = &b->states[id];
        if (st->under == under && vec_eq(&st->pats, pats)) {
            vec_free(pats);
            return id;
        }
    }
    if (grow((void **)&b->states, &b->cap_states, b->n_states + 1u, sizeof *b->states) != 0) {
        vec_free(pats);
        return bad(b);
    }
    int32_t id = (int32_t)b->n_states;
    b->states[id] = (state_rec){.pats = *pats, .under = under, .next = -1, .deflt = -1};
    if (head < 0) /* a new hash; else the state joins the chain after its head */
        idmap_put(&b->by_hash, h, (void *)(uintptr_t)(id + 1));
    else {
        b->states[id].next = b->states[head].next;
        b->states[head].next = id;
    }
    return (int32_t)b->n_states++;
}

static int cmp_pair(const void *x, const void *y)
{
    const uint32_t *a = x, *c = y;
    if (a[0] != c[0]) return a[0] < c[0] ? -1 : 1;
    return a[1] < c[1] ? -1 : a[1] > c[1];
}

/* Each pattern's children split into wildcards and (atom, child) pairs
 * sorted by atom, so that a step finds the children of one atom by binary
 * search: a parent with n children used to cost n per atom, n^2 per state. */
static void index_children(tb_builder *b)
{
    for (uint32_t i = 0; i < b->n_pats; i++) {
        pat_rec *p = &b->pats[i];
        for (uint32_t j = 0; j < p->children.n; j++) {
            uint32_t id = p->children.v[j];
            const pat_rec *c = &b->pats[id];
            if (c->kind == TB_SEG_WILD || c->kind == TB_SEG_DEEP) {
                push(b, &p->wild, id);
            } else {
                push(b, &p->keyed, (uint32_t)c->atom);
                push(b, &p->keyed, id);
            }
        }
        if (p->keyed.n > 2) qsort(p->keyed.v, p->keyed.n / 2u, 2u * sizeof *p->keyed.v, cmp_pair);
    }
}

/* The first pair of `keyed` whose atom is `atom`, or its pair count. */
static uint32_t first_keyed(const vec *keyed, uint32_t atom)
{
    uint32_t lo = 0, hi = keyed->n / 2u;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (keyed->v[2u * mid] < atom)
            lo = mid + 1u;
        else
            hi = mid;
    }
    return lo;
}

/* Step state `s` by a static atom (atom >= 0) or a dynamic key (atom -1). */
static int32_t step(tb_builder *b, uint32_t s, int32_t atom)
{
    vec pats = {0};
    const state_rec *st = &b->states[s];
    uint32_t under = st->under;
    for (uint32_t i = 0; i < st->pats.n; i++) {
        const pat_rec *p = &b->pats[st->pats.v[i]];
        if (p->flags & TB_PF_BELOW) under = 1;
        for (uint32_t j = 0; j < p->wild.n; j++) push(b, &pats, p->wild.v[j]);
        if (atom < 0) continue;
        for (uint32_t k = first_keyed(&p->keyed, (uint32_t)atom);
             k < p->keyed.n / 2u && p->keyed.v[2u * k] == (uint32_t)atom; k++)
            push(b, &pats, p->keyed.v[2u * k + 1u]);
    }
    sort_unique(&pats);
    if (b->err) {
        vec_free(&pats);
        return -1;
    }
    return intern_state(b, &pats, under);
}

static void build_dfa(tb_builder *b)
{
    index_children(b);
    if (b->err) return;
    vec pats = {0};
    push(b, &pats, 0);
    if (intern_state(b, &pats, 0) != 0) return;
    for (uint32_t s = 0; s < b->n_states && !b->err; s++) {
        vec atoms = {0};
        for (uint32_t i = 0; i < b->states[s].pats.n; i++) {
            const pat_rec *p = &b->pats[b->states[s].pats.v[i]];
            for (uint32_t j = 0; j < p->children.n; j++) {
                const pat_rec *c = &b->pats[p->children.v[j]];
                if (c->kind == TB_SEG_KEY || c->kind == TB_SEG_INDEX) push(b, &atoms, (uint32_t)c->atom);
            }
        }
        sort_unique(&atoms);
        int32_t deflt = step(b, s, -1);
        b->states[s].deflt = deflt;
        for (uint32_t i = 0; i < atoms.n && !b->err; i++) {
            int32_t t = step(b, s, (int32_t)atoms.v[i]);
            if (t == deflt) continue; /* the default branch says the same */
            push(b, &b->states[s].trans, atoms.v[i]);
            push(b, &b->states[s].trans, (uint32_t)t);
        }
        vec_free(&atoms);
    }
}

/* ---- layout ---- */

static uint32_t here(const tb_builder *b) { return b->out.n * 4u; }

/* Append a list of words; returns its byte offset. */
static uint32_t put_list(tb_builder *b, const uint32_t *w, uint32_t n)
{
    uint32_t off = here(b);
    for (uint32_t i = 0; i < n; i++) push(b, &b->out, w[i]);
    return off;
}

static void set_word(tb_builder *b, uint32_t byte_off, uint32_t w, uint32_t value)
{
    b->out.v[byte_off / 4u + w] = value;
}

static void reserve_words(tb_builder *b, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) push(b, &b->out, 0);
}

/* Room for `n` records of `words` words each, zeroed; returns its byte offset. */
static uint32_t reserve_records(tb_builder *b, uint32_t n, uint32_t words)
{
    uint32_t off = here(b);
    reserve_words(b, n * words);
    return off;
}

/* Members regrouped by component: new id of each builder member. */
static void number_members(tb_builder *b, uint32_t *new_id, uint32_t *by_new)
{
    uint32_t k = 0;
    for (uint32_t c = 0; c < b->n_comps; c++)
        for (uint32_t i = 0; i < b->comps[c].members.n; i++) {
            uint32_t m = b->comps[c].members.v[i];
            new_id[m] = k;
            by_new[k++] = m;
        }
}

/* Components in topological order of one-way edges (Kahn, lowest id first);
 * a cycle (rejected by the compiler) leaves its components in id order.
 * The ready components wait in a min-heap and each component's outgoing
 * edges are listed once, so the order costs (components + edges) log
 * components; picking by scanning every component was quadratic. */
static void create_order(tb_builder *b, uint32_t *order)
{
    uint32_t nc = b->n_comps ? b->n_comps : 1u;
    uint32_t *indeg = calloc(nc, sizeof *indeg);
    unsigned char *done = calloc(nc, 1);
    uint32_t *first = calloc(nc + 1u, sizeof *first); /* outgoing edges of c: by_from[first[c] .. first[c+1]) */
    uint32_t *by_from = calloc(b->n_oneway ? b->n_oneway : 1u, sizeof *by_from);
    uint32_t *heap = calloc(nc, sizeof *heap);
    if (!indeg || !done || !first || !by_from || !heap) {
        b->err = 1;
        goto out;
    }
    for (uint32_t e = 0; e < b->n_oneway; e++) {
        int32_t cf = b->mems[b->oneway[e].a].comp, ct = b->mems[b->oneway[e].b].comp;
        if (cf != ct) {
            indeg[ct]++;
            first[cf + 1]++;
        }
    }
    for (uint32_t c = 0; c < b->n_comps; c++) first[c + 1] += first[c];
    {
        uint32_t *fill = calloc(nc, sizeof *fill);
        if (!fill) {
            b->err = 1;
            goto out;
        }
        for (uint32_t e = 0; e < b->n_oneway; e++) {
            int32_t cf = b->mems[b->oneway[e].a].comp, ct = b->mems[b->oneway[e].b].comp;
            if (cf != ct) by_from[first[cf] + fill[cf]++] = (uint32_t)ct;
        }
        free(fill);
    }
    uint32_t nheap = 0, k = 0, lowest = 0; /* lowest: no component below it is left */
    for (uint32_t c = 0; c < b->n_comps; c++)
        if (indeg[c] == 0) min_heap_push(heap, &nheap, c);
    while (k < b->n_comps) {
        uint32_t pick;
        if (nheap) {
            pick = min_heap_pop(heap, &nheap);
        } else { /* a cycle: take the lowest remaining */
            while (done[lowest]) lowest++;
            pick = lowest;
        }
        done[pick] = 1;
        order[k++] = pick;
        for (uint32_t i = first[pick]; i < first[pick + 1]; i++) {
            uint32_t ct = by_from[i];
            if (indeg[ct] && --indeg[ct] == 0 && !done[ct]) min_heap_push(heap, &nheap, ct);
        }
    }
out:
    free(indeg);
    free(done);
    free(first);
    free(by_from);
    free(heap);
}

const uint8_t *tb_finish(tb_builder *b, uint32_t *len)
{
    if (b->err) return NULL;
    if (b->finished) { /* a second call returns the same bytes */
        *len = here(b);
        return (const uint8_t *)b->out.v;
    }
    b->finished = 1;
    /* star edges for components given none */
    for (uint32_t c = 0; c < b->n_comps; c++) {
        comp_rec *k = &b->comps[c];
        if (k->edges.n || k->members.n < 2) continue;
        const mem_rec *m0 = &b->mems[k->members.v[0]];
        for (uint32_t i = 1; i < k->members.n; i++) {
            const mem_rec *mi = &b->mems[k->members.v[i]];
            tb_edge(b, (int32_t)k->members.v[0], (int32_t)k->members.v[i], m0->opposite != mi->opposite, -1);
        }
    }
    /* member patterns below each pattern, for "above" propagation */
    for (uint32_t m = 0; m < b->n_mems; m++)
        for (int32_t a = b->pats[b->mems[m].pattern].parent; a >= 0; a = b->pats[a].parent)
            push(b, &b->pats[a].desc_members, m);
    build_dfa(b);
    if (b->err) return NULL;

    uint32_t nm = b->n_mems ? b->n_mems : 1u;
    uint32_t *new_id = calloc(nm, sizeof *new_id), *by_new = calloc(nm, sizeof *by_new);
    uint32_t *order = calloc(b->n_comps ? b->n_comps : 1u, sizeof *order);
    uint32_t *edge_new = calloc(b->n_edges ? b->n_edges : 1u, sizeof *edge_new);
    if (!new_id || !by_new || !order || !edge_new) b->err = 1;
    if (!b->err) {
        number_members(b, new_id, by_new);
        create_order(b, order);
    }
    b->out.n = 0;
    reserve_words(b, TB_H_WORDS);
    uint32_t off_pats = reserve_records(b, b->n_pats, TB_P_WORDS);
    uint32_t off_classes = reserve_records(b, b->n_states, TB_C_WORDS);
    uint32_t off_comps = reserve_records(b, b->n_comps, TB_K_WORDS);
    uint32_t off_mems = reserve_records(b, b->n_mems, TB_M_WORDS);
    uint32_t off_edges = reserve_records(b, b->n_edges, TB_E_WORDS);
    uint32_t off_oneway = reserve_records(b, b->n_oneway, TB_O_WORDS);
    uint32_t off_order = put_list(b, order, b->n_comps);
    if (b->err) goto out;

    /* patterns */
    for (uint32_t i = 0; i < b->n_pats; i++) {
        const pat_rec *p = &b->pats[i];
        uint32_t o = off_pats + i * TB_P_WORDS * 4u;
        set_word(b, o, TB_P_PARENT, (uint32_t)p->parent);
        set_word(b, o, TB_P_KIND, p->kind);
        set_word(b, o, TB_P_ATOM, (uint32_t)p->atom);
        set_word(b, o, TB_P_DEPTH, p->depth);
        set_word(b, o, TB_P_NWILD, p->nwild);
        set_word(b, o, TB_P_MEMBER, p->member >= 0 ? new_id[p->member] : (uint32_t)TB_NONE);
        set_word(b, o, TB_P_FLAGS, p->flags);
    }
    /* components and their edges, members regrouped */
    uint32_t next_edge = 0;
    for (uint32_t c = 0; c < b->n_comps; c++) {
        const comp_rec *k = &b->comps[c];
        uint32_t o = off_comps + c * TB_K_WORDS * 4u;
        uint32_t nbind = UINT32_MAX, flags = 0;
        for (uint32_t i = 0; i < k->members.n; i++) {
            const mem_rec *m = &b->mems[k->members.v[i]];
            if (b->pats[m->pattern].nwild < nbind) nbind = b->pats[m->pattern].nwild;
            if (m->group >= 0) flags |= TB_KF_GROUPS;
        }
        set_word(b, o, TB_K_FIRST_MEMBER, k->members.n ? new_id[k->members.v[0]] : 0);
        set_word(b, o, TB_K_N_MEMBERS, k->members.n);
        set_word(b, o, TB_K_FIRST_EDGE, next_edge);
        set_word(b, o, TB_K_N_EDGES, k->edges.n);
        for (uint32_t i = 0; i < k->edges.n; i++) {
            const edge_rec *e = &b->edges[k->edges.v[i]];
            uint32_t eo = off_edges + next_edge * TB_E_WORDS * 4u;
            edge_new[k->edges.v[i]] = next_edge++;
            set_word(b, eo, TB_E_A, new_id[e->a]);
            set_word(b, eo, TB_E_B, new_id[e->b]);
            set_word(b, eo, TB_E_FLIP, (uint32_t)e->flip);
            set_word(b, eo, TB_E_GROUP, (uint32_t)e->group);
            if (e->flip) flags |= TB_KF_FLIP;
            if (e->group >= 0) flags |= TB_KF_GROUPS;
        }
        set_word(b, o, TB_K_NBIND, nbind == UINT32_MAX ? 0 : nbind);
        set_word(b, o, TB_K_FLAGS, flags);
    }
    /* members */
    for (uint32_t n = 0; n < b->n_mems; n++) {
        const mem_rec *m = &b->mems[by_new[n]];
        uint32_t o = off_mems + n * TB_M_WORDS * 4u;
        set_word(b, o, TB_M_COMP, (uint32_t)m->comp);
        set_word(b, o, TB_M_PATTERN, (uint32_t)m->pattern);
        set_word(b, o, TB_M_OPPOSITE, (uint32_t)m->opposite);
        set_word(b, o, TB_M_GROUP, (uint32_t)m->group);
        set_word(b, o, TB_M_N_OUT, m->out.n);
        set_word(b, o, TB_M_OUT, put_list(b, m->out.v, m->out.n));
        set_word(b, o, TB_M_N_IN, m->in.n);
        set_word(b, o, TB_M_IN, put_list(b, m->in.v, m->in.n));
    }
    /* one-way edges */
    for (uint32_t e = 0; e < b->n_oneway; e++) {
        const edge_rec *w = &b->oneway[e];
        uint32_t o = off_oneway + e * TB_O_WORDS * 4u;
        set_word(b, o, TB_O_FROM, new_id[w->a]);
        set_word(b, o, TB_O_TO, new_id[w->b]);
        set_word(b, o, TB_O_FLIP, (uint32_t)w->flip);
        set_word(b, o, TB_O_GROUP, (uint32_t)w->group);
    }
    /* classes */
    for (uint32_t s = 0; s < b->n_states && !b->err; s++) {
        const state_rec *st = &b->states[s];
        uint32_t o = off_classes + s * TB_C_WORDS * 4u;
        uint32_t flags = st->under ? TB_CF_UNDER : 0;
        for (uint32_t i = 0; i < st->pats.n; i++) {
            const pat_rec *p = &b->pats[st->pats.v[i]];
            if (p->flags & TB_PF_LIST) flags |= TB_CF_LIST;
            if (p->member >= 0) flags |= TB_CF_MEMBER;
        }
        set_word(b, o, TB_C_FLAGS, flags);
        set_word(b, o, TB_C_DEFAULT, (uint32_t)st->deflt);
        set_word(b, o, TB_C_N_TRANS, st->trans.n / 2u);
        set_word(b, o, TB_C_TRANS, put_list(b, st->trans.v, st->trans.n));
        set_word(b, o, TB_C_N_PATS, st->pats.n);
        set_word(b, o, TB_C_PATS, put_list(b, st->pats.v, st->pats.n));
    }
    /* the members' watch index: per pattern, its member (exact) and the
     * members at or below it (sub), as every kit's watch index */
    uint32_t off_watch = reserve_records(b, b->n_pats, KW_WORDS);
    for (uint32_t i = 0; i < b->n_pats && !b->err; i++) {
        const pat_rec *p = &b->pats[i];
        vec exact = {0}, sub = {0};
        if (p->member >= 0) {
            push(b, &exact, new_id[p->member]);
            push(b, &sub, new_id[p->member]);
        }
        for (uint32_t j = 0; j < p->desc_members.n; j++) push(b, &sub, new_id[p->desc_members.v[j]]);
        sort_unique(&sub);
        uint32_t o = off_watch + i * KW_WORDS * 4u;
        set_word(b, o, KW_N_EXACT, exact.n);
        set_word(b, o, KW_EXACT, put_list(b, exact.v, exact.n));
        set_word(b, o, KW_N_SUB, sub.n);
        set_word(b, o, KW_SUB, put_list(b, sub.v, sub.n));
        vec_free(&exact);
        vec_free(&sub);
    }
    if (b->err) goto out;
    {
        uint32_t h[TB_H_WORDS] = {0};
        h[TB_H_MAGIC] = TB_MAGIC;
        h[TB_H_VERSION] = TB_VERSION;
        h[TB_H_SIZE] = here(b);
        /* the record sections: (count, offset) word pairs, in header order */
        const uint32_t sections[][2] = {{b->n_pats, off_pats}, {b->n_states, off_classes}, {b->n_comps, off_comps},
                                        {b->n_mems, off_mems}, {b->n_edges, off_edges},    {b->n_oneway, off_oneway}};
        _Static_assert(TB_H_ONEWAY == TB_H_N_PATTERNS + 2 * 6 - 1, "six (count, offset) pairs");
        for (uint32_t i = 0; i < 6; i++) {
            h[TB_H_N_PATTERNS + 2 * i] = sections[i][0];
            h[TB_H_N_PATTERNS + 2 * i + 1] = sections[i][1];
        }
        h[TB_H_CREATE_ORDER] = off_order;
        h[TB_H_WATCH] = off_watch;
        for (uint32_t i = 0; i < TB_H_WORDS; i++) b->out.v[i] = h[i];
    }
out:
    free(new_id);
    free(by_new);
    free(order);
    free(edge_new);
    if (b->err) return NULL;
    *len = here(b);
    return (const uint8_t *)b->out.v;
}
