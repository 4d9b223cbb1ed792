/* regex_dfa.c — regex → Thompson NFA → DFA (subset construction over code
 * unit classes) → minimal DFA (Hopcroft) → the runtime/dfa.h blob.  The
 * pipeline, and why each step is shaped the way it is, is in
 * docs/internals.md ("Compiling regexes"); the short version:
 *
 * - Search semantics are built into the automaton: every DFA state also
 *   holds the NFA's start closure (a match may begin at any position), so
 *   the runtime never restarts.  `^` is crossed only in the closure of the
 *   initial state (position 0); `$` is never crossed while reading: an NFA
 *   `$` node stays in the state and the state's AT_END bit says whether the
 *   match node lies beyond it, for when the input ends there.
 * - A state whose closure reaches the match node has matched: the answer is
 *   1 whatever follows, so all such states are one absorbing ACCEPT state.
 * - Code units are partitioned into classes (units that every set of the
 *   regex treats alike), so a row of the table has one entry per class, not
 *   per unit.
 *
 * Every phase is bounded before or while it runs (regex_dfa.h's limits);
 * all scratch memory lives in a private arena freed on return. */
#include "regex_dfa.h"

#include <stdlib.h>
#include <string.h>

#include "maps.h"
#include "sem_regex.h"
#include "sorted.h"

#define NONE UINT32_MAX

/* NFA node kinds.  Epsilon edges are SPLIT (two ways); BOL and EOL are
 * epsilon edges guarded by ^ and $. */
enum { N_CHAR, N_SPLIT, N_BOL, N_EOL, N_MATCH };

typedef struct NNode {
    uint32_t op;
    uint32_t set;       /* N_CHAR: interned set id */
    uint32_t out, out1; /* out1: N_SPLIT only */
} NNode;

typedef struct Set {
    const RegexRange *r;
    uint32_t n;
} Set;

/* DFA state flags during construction. */
enum { F_INIT = 1, F_ACCEPT = 2, F_END = 4 };

/* One compilation: every table lives in the scratch arena `s`. */
typedef struct B {
    Arena *s;        /* scratch */
    const char *err; /* set by too_large() */
    uint64_t work;

    /* distinct character sets, interned by content: by_hash maps a
     * content hash to the first set with it (id + 1), and `next` chains the
     * sets whose hashes collide */
    Set *sets;
    uint32_t n_sets, *set_next;
    IdMap set_by_hash;

    /* the NFA */
    NNode *nfa;
    uint32_t n_nfa, start;

    /* code-unit classes: elementary intervals [iv_lo[i], iv_lo[i+1]) and
     * their class; for each set, the classes it contains (CSR) */
    uint32_t n_iv, *iv_lo, *iv_cls, n_classes;
    uint32_t *set_cls_off, *set_cls;

    /* closure scratch, one slot per NFA node */
    uint32_t *mark, gen, *stack, *list, *tmp;

    /* subset construction */
    uint32_t n_st, cap_st;
    uint32_t *st_off, *st_len, *st_next; /* st_next: as set_next */
    uint8_t *st_flags;
    uint32_t *pool;
    size_t n_pool, cap_pool;
    IdMap st_by_hash; /* hash of (node list, initial) -> first state + 1 */
    uint32_t *trans;
    size_t cap_trans;
    uint32_t accept, restart;
} B;

static const char SUGGEST[] =
    "; simplify it (smaller {n,m} counts, fewer overlapping alternatives), or check the value "
    "in JavaScript with an external validator (`validate external fn(...)`)";

static bool too_large(B *b, const char *what)
{
    if (!b->err) b->err = arena_printf(b->s, "%s%s", what, SUGGEST);
    return false;
}

static bool spend(B *b, uint64_t units)
{
    b->work += units;
    if (b->work <= REGEX_MAX_WORK) return true;
    return too_large(b, "the pattern is too complex to compile to a DFA within wpc's limits");
}

/* Grows *p (elements of `size` bytes, *cap of them) to hold `need`. */
static void *grow(Arena *a, void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return p;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *q = arena_alloc(a, c * size);
    if (*cap) memcpy(q, p, *cap * size);
    *cap = c;
    return q;
}

static uint32_t fnv(uint32_t h, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        h ^= (v >> (8 * i)) & 0xffu;
        h *= 16777619u;
    }
    return h;
}

static int cmp_u32(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, c = *(const uint32_t *)y;
    return a < c ? -1 : a > c;
}

/* ---- the NFA ------------------------------------------------------------- */

/* Nodes build() makes for `n`, saturating well above every limit, so the
 * size is known (and refused) before anything is built. */
static uint64_t nfa_size(const RegexNode *n)
{
    const uint64_t cap = (uint64_t)1 << 40;
    uint64_t s = 0;
    switch (n->kind) {
    case RX_EMPTY: return 0;
    case RX_SET:
    case RX_BOL:
    case RX_EOL: return 1;
    case RX_CAT:
    case RX_ALT:
        for (uint32_t i = 0; i < n->n_kids; i++) {
            s += nfa_size(n->kids[i]);
            if (s > cap) return cap;
        }
        return n->kind == RX_ALT ? s + n->n_kids - 1 : s;
    case RX_REPEAT: {
        uint64_t k = nfa_size(n->kid);
        if (n->max == REGEX_INF)
            s = ((uint64_t)n->min + 1) * k + 1;
        else
            s = (uint64_t)n->max * k + (n->max - n->min);
        return s > cap ? cap : s;
    }
    }
    return 0;
}

static uint32_t add_node(B *b, uint32_t op, uint32_t set, uint32_t out, uint32_t out1)
{
    uint32_t id = b->n_nfa++;
    b->nfa[id] = (NNode){op, set, out, out1};
    return id;
}

/* The first id filed under `key`, or NONE. */
static uint32_t chain_head(const IdMap *m, uint64_t key)
{
    uintptr_t v = (uintptr_t)idmap_get(m, key);
    return v ? (uint32_t)(v - 1) : NONE;
}

/* Files `id` under `key`, whose chain starts at `head` (NONE: a new key). */
static void chain_add(IdMap *m, uint32_t *next, uint64_t key, uint32_t head, uint32_t id)
{
    if (head == NONE) {
        next[id] = NONE;
        idmap_put(m, key, (void *)(uintptr_t)(id + 1u));
    } else {
        next[id] = next[head];
        next[head] = id;
    }
}

static uint32_t intern_set(B *b, const RegexNode *n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n->n_ranges; i++) h = fnv(h, (uint32_t)n->ranges[i].lo << 16 | n->ranges[i].hi);
    uint32_t head = chain_head(&b->set_by_hash, h);
    for (uint32_t id = head; id != NONE; id = b->set_next[id]) {
        const Set *s = &b->sets[id];
        if (s->n == n->n_ranges && (s->n == 0 || !memcmp(s->r, n->ranges, s->n * sizeof *s->r))) return id;
    }
    uint32_t id = b->n_sets++;
    b->sets[id] = (Set){n->ranges, n->n_ranges};
    chain_add(&b->set_by_hash, b->set_next, h, head, id);
    return id;
}

/* Builds `n` in front of node `next` (right to left, so no fragment needs
 * patching) and returns its entry node. */
static uint32_t build(B *b, const RegexNode *n, uint32_t next)
{
    switch (n->kind) {
    case RX_EMPTY: return next;
    case RX_SET: return add_node(b, N_CHAR, intern_set(b, n), next, 0);
    case RX_BOL: return add_node(b, N_BOL, 0, next, 0);
    case RX_EOL: return add_node(b, N_EOL, 0, next, 0);
    case RX_CAT:
        for (uint32_t i = n->n_kids; i-- > 0;) next = build(b, n->kids[i], next);
        return next;
    case RX_ALT: {
        uint32_t s = build(b, n->kids[n->n_kids - 1], next);
        for (uint32_t i = n->n_kids - 1; i-- > 0;) {
            uint32_t k = build(b, n->kids[i], next);
            s = add_node(b, N_SPLIT, 0, k, s);
        }
        return s;
    }
    case RX_REPEAT: {
        uint32_t t = next;
        if (n->max == REGEX_INF) { /* x* : loop -> (x -> loop | next) */
            uint32_t loop = add_node(b, N_SPLIT, 0, 0, next);
            b->nfa[loop].out = build(b, n->kid, loop);
            t = loop;
        } else { /* x{0,k} nested: (x (x (...)?)?)? */
            for (uint32_t i = n->min; i < n->max; i++) {
                uint32_t k = build(b, n->kid, t);
                t = add_node(b, N_SPLIT, 0, k, next);
            }
        }
        for (uint32_t i = 0; i < n->min; i++) t = build(b, n->kid, t);
        return t;
    }
    }
    return next;
}

/* ---- classes of code units ----------------------------------------------- */

static uint32_t find_iv(const B *b, uint32_t lo) { return sorted_last_at_most(b->iv_lo, b->n_iv, lo); }

/* Splits 0..0xFFFF at every range bound, then refines the intervals set by
 * set: a class whose intervals are partly inside a set splits in two.
 * Classes end up numbered by their lowest code unit. */
static bool make_classes(B *b)
{
    Arena *s = b->s;
    size_t nb = 1;
    for (uint32_t i = 0; i < b->n_sets; i++) nb += 2u * b->sets[i].n;
    uint32_t *bounds = ARENA_ARRAY(s, uint32_t, nb);
    size_t m = 0;
    bounds[m++] = 0;
    for (uint32_t i = 0; i < b->n_sets; i++)
        for (uint32_t j = 0; j < b->sets[i].n; j++) {
            bounds[m++] = b->sets[i].r[j].lo;
            if (b->sets[i].r[j].hi < 0xffff) bounds[m++] = b->sets[i].r[j].hi + 1u;
        }
    qsort(bounds, m, sizeof *bounds, cmp_u32);
    uint32_t n = 0;
    for (size_t i = 0; i < m; i++)
        if (n == 0 || bounds[i] != bounds[n - 1]) bounds[n++] = bounds[i];
    b->iv_lo = bounds;
    b->n_iv = n;

    uint32_t *cls = ARENA_ARRAY(s, uint32_t, n), *size = ARENA_ARRAY(s, uint32_t, n + 1);
    uint32_t *osize = ARENA_ARRAY(s, uint32_t, n + 1), *hits = ARENA_ARRAY(s, uint32_t, n + 1);
    uint32_t *stamp = ARENA_ARRAY(s, uint32_t, n + 1), *newid = ARENA_ARRAY(s, uint32_t, n + 1);
    uint32_t nc = 1;
    size[0] = n;
    for (uint32_t si = 0; si < b->n_sets; si++) {
        const Set *set = &b->sets[si];
        for (int pass = 0; pass < 2; pass++)
            for (uint32_t j = 0; j < set->n; j++) {
                uint32_t i = find_iv(b, set->r[j].lo), i0 = i;
                for (; i < n && b->iv_lo[i] <= set->r[j].hi; i++) {
                    uint32_t c = cls[i];
                    if (pass == 0) {
                        if (stamp[c] != si + 1) {
                            stamp[c] = si + 1;
                            hits[c] = 0;
                            osize[c] = size[c];
                            newid[c] = NONE;
                        }
                        hits[c]++;
                    } else if (hits[c] != osize[c]) { /* partly inside: move this part out */
                        if (newid[c] == NONE) {
                            newid[c] = nc;
                            size[nc] = 0;
                            stamp[nc] = si + 1;
                            hits[nc] = 0;
                            osize[nc] = 0;
                            nc++;
                        }
                        cls[i] = newid[c];
                        size[c]--;
                        size[newid[c]]++;
                    }
                }
                if (!spend(b, 1u + i - i0)) return false;
            }
    }
    /* Renumber by first appearance: the class of unit 0 is 0, and so on. */
    for (uint32_t c = 0; c < nc; c++) newid[c] = NONE;
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (newid[cls[i]] == NONE) newid[cls[i]] = k++;
        cls[i] = newid[cls[i]];
    }
    b->iv_cls = cls;
    b->n_classes = k;

    /* The classes of each set. */
    b->set_cls_off = ARENA_ARRAY(s, uint32_t, b->n_sets + 1);
    size_t total = 0, cap = 0;
    uint32_t *list = NULL;
    for (uint32_t c = 0; c < k; c++) stamp[c] = NONE;
    for (uint32_t si = 0; si < b->n_sets; si++) {
        b->set_cls_off[si] = (uint32_t)total;
        const Set *set = &b->sets[si];
        for (uint32_t j = 0; j < set->n; j++)
            for (uint32_t i = find_iv(b, set->r[j].lo); i < n && b->iv_lo[i] <= set->r[j].hi; i++) {
                uint32_t c = cls[i];
                if (stamp[c] == si) continue;
                stamp[c] = si;
                list = grow(s, list, &cap, total + 1, sizeof *list);
                list[total++] = c;
            }
        if (!spend(b, total - b->set_cls_off[si])) return false;
    }
    b->set_cls_off[b->n_sets] = (uint32_t)total;
    b->set_cls = list;
    return true;
}

/* ---- subset construction ------------------------------------------------- */

/* Sorts NFA node ids (< 2^16: REGEX_MAX_NFA) so that equal sets have equal
 * lists: insertion sort when short, else two 8-bit radix passes, which keep
 * large closures (`[a-z]{1000}` holds a thousand nodes) linear. */
_Static_assert(REGEX_MAX_NFA < 65536u, "sort_ids sorts 16-bit ids");

static void sort_ids(B *b, uint32_t *v, uint32_t n)
{
    if (n <= 24) {
        for (uint32_t i = 1; i < n; i++) {
            uint32_t x = v[i], j = i;
            for (; j > 0 && v[j - 1] > x; j--) v[j] = v[j - 1];
            v[j] = x;
        }
        return;
    }
    uint32_t *src = v, *dst = b->tmp;
    for (int shift = 0; shift < 16; shift += 8) {
        uint32_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++) count[((src[i] >> shift) & 0xffu) + 1]++;
        for (int d = 0; d < 256; d++) count[d + 1] += count[d];
        for (uint32_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xffu]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    /* two passes: the sorted ids are back in v */
}

static void push(B *b, uint32_t *sp, uint32_t x)
{
    if (b->mark[x] == b->gen) return;
    b->mark[x] = b->gen;
    b->stack[(*sp)++] = x;
}

/* The epsilon closure of the start node and `seeds`, into b->list: the
 * CHAR and EOL nodes reached (EOL is not crossed).  ^ is crossed only when
 * `initial`.  Returns NONE when the match node is reached. */
static uint32_t closure(B *b, const uint32_t *seeds, uint32_t n, bool initial)
{
    b->gen++;
    uint32_t sp = 0, cnt = 0, visited = 0;
    push(b, &sp, b->start);
    for (uint32_t i = 0; i < n; i++) push(b, &sp, seeds[i]);
    while (sp) {
        uint32_t x = b->stack[--sp];
        const NNode *nd = &b->nfa[x];
        visited++;
        switch (nd->op) {
        case N_CHAR:
        case N_EOL: b->list[cnt++] = x; break;
        case N_MATCH: spend(b, visited + n); return NONE;
        case N_SPLIT:
            push(b, &sp, nd->out);
            push(b, &sp, nd->out1);
            break;
        case N_BOL:
            if (initial) push(b, &sp, nd->out);
            break;
        }
    }
    spend(b, visited + n);
    return cnt;
}

/* Whether the match node lies beyond an EOL node of the state: crossing $
 * (and ^ too in the initial state, where the input may be empty). */
static bool accepts_at_end(B *b, const uint32_t *list, uint32_t cnt, bool initial)
{
    b->gen++;
    uint32_t sp = 0;
    for (uint32_t i = 0; i < cnt; i++)
        if (b->nfa[list[i]].op == N_EOL) push(b, &sp, b->nfa[list[i]].out);
    bool yes = false;
    while (sp && !yes) {
        const NNode *nd = &b->nfa[b->stack[--sp]];
        switch (nd->op) {
        case N_MATCH: yes = true; break;
        case N_SPLIT:
            push(b, &sp, nd->out);
            push(b, &sp, nd->out1);
            break;
        case N_EOL: push(b, &sp, nd->out); break;
        case N_BOL:
            if (initial) push(b, &sp, nd->out);
            break;
        default: break;
        }
    }
    return yes;
}

static uint32_t new_state(B *b, uint32_t flags)
{
    uint32_t k = b->n_classes;
    if (b->n_st >= REGEX_MAX_BUILD_STATES || (uint64_t)(b->n_st + 1) * k > REGEX_MAX_BUILD_CELLS) {
        too_large(b, arena_printf(b->s, "the pattern is too large: its DFA needs more than %u states", b->n_st));
        return NONE;
    }
    uint32_t id = b->n_st++;
    if (id >= b->cap_st) {
        size_t c1 = b->cap_st, c2 = b->cap_st, c3 = b->cap_st, c4 = b->cap_st;
        b->st_off = grow(b->s, b->st_off, &c1, id + 1u, sizeof *b->st_off);
        b->st_len = grow(b->s, b->st_len, &c2, id + 1u, sizeof *b->st_len);
        b->st_next = grow(b->s, b->st_next, &c4, id + 1u, sizeof *b->st_next);
        b->st_flags = grow(b->s, b->st_flags, &c3, id + 1u, sizeof *b->st_flags);
        b->cap_st = (uint32_t)c1;
    }
    b->trans = grow(b->s, b->trans, &b->cap_trans, (size_t)b->n_st * k, sizeof *b->trans);
    b->st_off[id] = (uint32_t)b->n_pool;
    b->st_len[id] = 0;
    b->st_flags[id] = (uint8_t)flags;
    return id;
}

static uint32_t accept_state(B *b)
{
    if (b->accept == NONE) b->accept = new_state(b, F_ACCEPT | F_END);
    return b->accept;
}

static uint32_t state_hash(const uint32_t *list, uint32_t cnt, bool initial)
{
    uint32_t h = initial ? 0x9e3779b9u : 2166136261u;
    for (uint32_t i = 0; i < cnt; i++) h = fnv(h, list[i]);
    return h;
}

/* The state of the closure in b->list (cnt nodes, or NONE for "matched"). */
static uint32_t state_of(B *b, uint32_t cnt, bool initial)
{
    if (cnt == NONE) return accept_state(b);
    uint32_t *list = b->list;
    sort_ids(b, list, cnt);
    if (!spend(b, cnt)) return NONE;
    uint64_t key = (uint64_t)state_hash(list, cnt, initial) << 1 | (initial ? 1u : 0u);
    uint32_t head = chain_head(&b->st_by_hash, key);
    for (uint32_t id = head; id != NONE; id = b->st_next[id]) {
        if (b->st_len[id] == cnt && (b->st_flags[id] & F_INIT) == (initial ? F_INIT : 0) &&
            !memcmp(b->pool + b->st_off[id], list, cnt * sizeof *list))
            return id;
    }
    uint32_t id = new_state(b, initial ? F_INIT : 0);
    /* A stored set costs memory on top of the time: charge it again, so the
     * work bound also bounds the pool (REGEX_MAX_WORK u32 at most). */
    if (id == NONE || !spend(b, cnt)) return NONE;
    b->pool = grow(b->s, b->pool, &b->cap_pool, b->n_pool + cnt, sizeof *b->pool);
    memcpy(b->pool + b->n_pool, list, cnt * sizeof *list);
    b->n_pool += cnt;
    b->st_len[id] = cnt;
    if (accepts_at_end(b, list, cnt, initial)) b->st_flags[id] |= F_END;
    chain_add(&b->st_by_hash, b->st_next, key, head, id);
    return id;
}

static bool subset_construction(B *b)
{
    uint32_t k = b->n_classes;
    b->mark = ARENA_ARRAY(b->s, uint32_t, b->n_nfa);
    b->stack = ARENA_ARRAY(b->s, uint32_t, b->n_nfa);
    b->list = ARENA_ARRAY(b->s, uint32_t, b->n_nfa);
    b->tmp = ARENA_ARRAY(b->s, uint32_t, b->n_nfa);
    idmap_init(&b->st_by_hash, b->s);
    b->accept = b->restart = NONE;

    /* Per class, the NFA nodes a state's CHAR nodes lead to: linked lists. */
    uint32_t *head = ARENA_ARRAY(b->s, uint32_t, k);
    memset(head, 0xff, k * sizeof *head);
    uint32_t *e_val = NULL, *e_next = NULL, *seeds = NULL;
    size_t e_cap = 0, e_cap2 = 0, s_cap = 0;

    uint32_t start = state_of(b, closure(b, NULL, 0, true), true);
    if (start == NONE) return false;
    for (uint32_t s = 0; s < b->n_st; s++) {
        if (b->st_flags[s] & F_ACCEPT) { /* absorbing */
            for (uint32_t c = 0; c < k; c++) b->trans[(size_t)s * k + c] = s;
            continue;
        }
        size_t ne = 0;
        for (uint32_t j = 0; j < b->st_len[s]; j++) {
            const NNode *nd = &b->nfa[b->pool[b->st_off[s] + j]];
            if (nd->op != N_CHAR) continue;
            uint32_t from = b->set_cls_off[nd->set], to = b->set_cls_off[nd->set + 1];
            e_val = grow(b->s, e_val, &e_cap, ne + (to - from), sizeof *e_val);
            e_next = grow(b->s, e_next, &e_cap2, ne + (to - from), sizeof *e_next);
            for (uint32_t x = from; x < to; x++) {
                uint32_t c = b->set_cls[x];
                e_val[ne] = nd->out;
                e_next[ne] = head[c];
                head[c] = (uint32_t)ne++;
            }
        }
        if (!spend(b, ne + k)) return false;
        seeds = grow(b->s, seeds, &s_cap, ne + 1, sizeof *seeds);
        for (uint32_t c = 0; c < k; c++) {
            uint32_t t;
            if (head[c] == NONE) { /* nothing moves: only the restart */
                if (b->restart == NONE) b->restart = state_of(b, closure(b, NULL, 0, false), false);
                t = b->restart;
            } else {
                uint32_t n = 0;
                for (uint32_t e = head[c]; e != NONE; e = e_next[e]) seeds[n++] = e_val[e];
                head[c] = NONE;
                t = state_of(b, closure(b, seeds, n, false), false);
            }
            if (t == NONE || b->err) return false;
            b->trans[(size_t)s * k + c] = t;
        }
    }
    return !b->err;
}

/* ---- minimisation -------------------------------------------------------- */

typedef struct Min {
    uint32_t n, k;
    uint32_t *inv_off, *inv_src; /* predecessors of t on c: index c * n + t */
    uint32_t *elems, *loc, *blk; /* the refinable partition */
    uint32_t *first, *end, *mid, n_blocks;
} Min;

static void build_inverse(B *b, Min *m)
{
    size_t cells = (size_t)m->n * m->k;
    m->inv_off = ARENA_ARRAY(b->s, uint32_t, cells + 1);
    m->inv_src = ARENA_ARRAY(b->s, uint32_t, cells ? cells : 1);
    for (uint32_t s = 0; s < m->n; s++)
        for (uint32_t c = 0; c < m->k; c++) m->inv_off[(size_t)c * m->n + b->trans[(size_t)s * m->k + c] + 1]++;
    for (size_t i = 0; i < cells; i++) m->inv_off[i + 1] += m->inv_off[i];
    uint32_t *fill = ARENA_ARRAY(b->s, uint32_t, cells ? cells : 1);
    for (uint32_t s = 0; s < m->n; s++)
        for (uint32_t c = 0; c < m->k; c++) {
            size_t cell = (size_t)c * m->n + b->trans[(size_t)s * m->k + c];
            m->inv_src[m->inv_off[cell] + fill[cell]++] = s;
        }
}

/* A state from which every continuation ends accepted (at the end, or in
 * ACCEPT) answers 1 whatever follows: it joins ACCEPT, and the runtime
 * stops there.  `$` alone or `a|$` are such from the start. */
static void mark_universal(B *b, Min *m)
{
    uint8_t *no = ARENA_ARRAY(b->s, uint8_t, m->n);
    uint32_t *queue = ARENA_ARRAY(b->s, uint32_t, m->n), qn = 0;
    for (uint32_t s = 0; s < m->n; s++)
        if (!(b->st_flags[s] & (F_ACCEPT | F_END))) {
            no[s] = 1;
            queue[qn++] = s;
        }
    for (uint32_t q = 0; q < qn; q++)
        for (uint32_t c = 0; c < m->k; c++) {
            size_t cell = (size_t)c * m->n + queue[q];
            for (uint32_t i = m->inv_off[cell]; i < m->inv_off[cell + 1]; i++) {
                uint32_t p = m->inv_src[i];
                if (!no[p]) {
                    no[p] = 1;
                    queue[qn++] = p;
                }
            }
        }
    for (uint32_t s = 0; s < m->n; s++)
        if (!no[s]) b->st_flags[s] |= F_ACCEPT | F_END;
}

static void mark_elem(Min *m, uint32_t s, uint32_t *touched, uint32_t *nt)
{
    uint32_t bl = m->blk[s], i = m->loc[s], j = m->mid[bl];
    if (i < j) return; /* already marked */
    uint32_t other = m->elems[j];
    m->elems[j] = s;
    m->loc[s] = j;
    m->elems[i] = other;
    m->loc[other] = i;
    if (m->mid[bl]++ == m->first[bl]) touched[(*nt)++] = bl;
}

/* Hopcroft's algorithm on a refinable partition: every block split by a
 * splitter puts its smaller half on the worklist, so each state is on it
 * O(log n) times.  Blocks start by flags: ACCEPT, AT_END, neither. */
static bool hopcroft(B *b, Min *m)
{
    uint32_t n = m->n;
    m->elems = ARENA_ARRAY(b->s, uint32_t, n);
    m->loc = ARENA_ARRAY(b->s, uint32_t, n);
    m->blk = ARENA_ARRAY(b->s, uint32_t, n);
    m->first = ARENA_ARRAY(b->s, uint32_t, n);
    m->end = ARENA_ARRAY(b->s, uint32_t, n);
    m->mid = ARENA_ARRAY(b->s, uint32_t, n);
    uint32_t *work = ARENA_ARRAY(b->s, uint32_t, n), nw = 0;
    uint32_t *touched = ARENA_ARRAY(b->s, uint32_t, n), nt = 0;
    uint32_t *snap = ARENA_ARRAY(b->s, uint32_t, n);

    uint32_t pos = 0;
    m->n_blocks = 0;
    for (int key = 2; key >= 0; key--) {
        uint32_t begin = pos;
        for (uint32_t s = 0; s < n; s++) {
            int f = b->st_flags[s] & F_ACCEPT ? 2 : b->st_flags[s] & F_END ? 1 : 0;
            if (f != key) continue;
            m->elems[pos] = s;
            m->loc[s] = pos++;
            m->blk[s] = m->n_blocks;
        }
        if (pos == begin) continue;
        m->first[m->n_blocks] = m->mid[m->n_blocks] = begin;
        m->end[m->n_blocks] = pos;
        work[nw++] = m->n_blocks++;
    }

    while (nw) {
        uint32_t a = work[--nw], na = m->end[a] - m->first[a];
        memcpy(snap, m->elems + m->first[a], na * sizeof *snap);
        for (uint32_t c = 0; c < m->k; c++) {
            uint64_t visited = 0;
            for (uint32_t i = 0; i < na; i++) {
                size_t cell = (size_t)c * n + snap[i];
                for (uint32_t j = m->inv_off[cell]; j < m->inv_off[cell + 1]; j++)
                    mark_elem(m, m->inv_src[j], touched, &nt);
                visited += 1 + m->inv_off[cell + 1] - m->inv_off[cell];
            }
            if (!spend(b, visited)) return false;
            while (nt) {
                uint32_t y = touched[--nt];
                if (m->mid[y] == m->end[y]) {
                    m->mid[y] = m->first[y];
                    continue;
                }
                /* The new block is the smaller part, and goes on the list
                 * (if y is on it, both halves are; if not, the smaller). */
                uint32_t nb = m->n_blocks++;
                if (m->mid[y] - m->first[y] <= m->end[y] - m->mid[y]) {
                    m->first[nb] = m->first[y];
                    m->end[nb] = m->mid[y];
                    m->first[y] = m->mid[y];
                } else {
                    m->first[nb] = m->mid[y];
                    m->end[nb] = m->end[y];
                    m->end[y] = m->mid[y];
                }
                m->mid[y] = m->first[y];
                m->mid[nb] = m->first[nb];
                for (uint32_t i = m->first[nb]; i < m->end[nb]; i++) m->blk[m->elems[i]] = nb;
                work[nw++] = nb;
            }
        }
    }
    return true;
}

/* ---- output -------------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t off, uint32_t v)
{
    p[off] = (uint8_t)v;
    p[off + 1] = (uint8_t)(v >> 8);
    p[off + 2] = (uint8_t)(v >> 16);
    p[off + 3] = (uint8_t)(v >> 24);
}

/* The minimal DFA in the order of a breadth-first walk from the start (so
 * equal regexes give equal bytes), classes with identical columns merged,
 * laid out as dfa.h says, in `out_arena`. */
static bool emit(B *b, Min *m, Arena *out_arena, RegexDfa *out)
{
    uint32_t nb = m->n_blocks, k = b->n_classes;
    uint32_t *id = ARENA_ARRAY(b->s, uint32_t, nb), *order = ARENA_ARRAY(b->s, uint32_t, nb);
    memset(id, 0xff, nb * sizeof *id);
    uint32_t *q = ARENA_ARRAY(b->s, uint32_t, (size_t)nb * k);
    uint32_t n = 0;
    id[m->blk[0]] = n;
    order[n++] = m->blk[0];
    for (uint32_t i = 0; i < n; i++) {
        uint32_t rep = m->elems[m->first[order[i]]];
        for (uint32_t c = 0; c < k; c++) {
            uint32_t t = m->blk[b->trans[(size_t)rep * k + c]];
            if (id[t] == NONE) {
                id[t] = n;
                order[n++] = t;
            }
            q[(size_t)i * k + c] = id[t];
        }
    }
    if (n > DFA_MAX_STATES) {
        too_large(b, arena_printf(b->s,
                                  "the pattern is too large: its minimal DFA has %u states "
                                  "(the limit is %u)",
                                  n, DFA_MAX_STATES));
        return false;
    }

    /* Merge classes whose columns are equal; number them by lowest unit. */
    uint32_t *newc = ARENA_ARRAY(b->s, uint32_t, k), *rep_of = ARENA_ARRAY(b->s, uint32_t, k);
    IdMap by_hash; /* column hash -> first class with it, + 1; `next` chains collisions */
    idmap_init(&by_hash, b->s);
    uint32_t *next = ARENA_ARRAY(b->s, uint32_t, k);
    uint32_t k2 = 0;
    for (uint32_t c = 0; c < k; c++) {
        uint32_t h = 2166136261u;
        for (uint32_t s = 0; s < n; s++) h = fnv(h, q[(size_t)s * k + c]);
        uint32_t head = chain_head(&by_hash, h), same = NONE;
        for (uint32_t d = head; d != NONE && same == NONE; d = next[d]) {
            uint32_t s = 0;
            while (s < n && q[(size_t)s * k + c] == q[(size_t)s * k + d]) s++;
            if (s == n) same = d;
        }
        if (same == NONE) {
            chain_add(&by_hash, next, h, head, c);
            newc[c] = k2;
            rep_of[k2++] = c;
        } else
            newc[c] = newc[same];
    }
    if (!spend(b, (uint64_t)n * k)) return false;

    uint32_t n_ranges = 0;
    for (uint32_t i = 0; i < b->n_iv; i++)
        if (i == 0 || newc[b->iv_cls[i]] != newc[b->iv_cls[i - 1]]) n_ranges++;

    uint32_t accept = DFA_NONE, dead = DFA_NONE;
    for (uint32_t s = 0; s < n; s++) {
        uint8_t f = b->st_flags[m->elems[m->first[order[s]]]];
        if (f & F_ACCEPT)
            accept = s;
        else if (!(f & F_END)) {
            uint32_t c = 0;
            while (c < k && q[(size_t)s * k + c] == s) c++;
            if (c == k) dead = s;
        }
    }

    uint64_t ranges = DFA_H_WORDS * 4u, at_end = ranges + 4u * (uint64_t)n_ranges;
    uint64_t trans = at_end + 4u * (((uint64_t)n + 31) / 32);
    uint64_t size = trans + (2u * (uint64_t)n * k2 + 3) / 4 * 4;
    if (size > DFA_MAX_BYTES) {
        too_large(b, arena_printf(b->s,
                                  "the pattern is too large: its DFA takes %llu bytes "
                                  "(%u states × %u classes; the limit is %u bytes)",
                                  (unsigned long long)size, n, k2, DFA_MAX_BYTES));
        return false;
    }
    uint8_t *p = arena_alloc(out_arena, (size_t)size);
    uint32_t hdr[DFA_H_WORDS] = {0};
    hdr[DFA_H_MAGIC] = DFA_MAGIC;
    hdr[DFA_H_VERSION] = DFA_VERSION;
    hdr[DFA_H_SIZE] = (uint32_t)size;
    hdr[DFA_H_N_STATES] = n;
    hdr[DFA_H_N_CLASSES] = k2;
    hdr[DFA_H_START] = 0;
    hdr[DFA_H_ACCEPT] = accept;
    hdr[DFA_H_DEAD] = dead;
    hdr[DFA_H_N_RANGES] = n_ranges;
    hdr[DFA_H_RANGES] = (uint32_t)ranges;
    hdr[DFA_H_AT_END] = (uint32_t)at_end;
    hdr[DFA_H_TRANS] = (uint32_t)trans;
    for (uint32_t w = 0; w < DFA_H_WORDS; w++) put32(p, w * 4u, hdr[w]);
    uint32_t r = 0;
    for (uint32_t i = 0; i < b->n_iv; i++)
        if (i == 0 || newc[b->iv_cls[i]] != newc[b->iv_cls[i - 1]])
            put32(p, (uint32_t)ranges + 4u * r++, DFA_RANGE(b->iv_lo[i], newc[b->iv_cls[i]]));
    for (uint32_t s = 0; s < n; s++)
        if (b->st_flags[m->elems[m->first[order[s]]]] & (F_END | F_ACCEPT))
            p[at_end + s / 8] |= (uint8_t)(1u << (s % 8)); /* bit s%32 of LE word s/32 */
    for (uint32_t s = 0; s < n; s++)
        for (uint32_t c = 0; c < k2; c++) {
            uint32_t v = q[(size_t)s * k + rep_of[c]], off = (uint32_t)trans + 2u * (s * k2 + c);
            p[off] = (uint8_t)v;
            p[off + 1] = (uint8_t)(v >> 8);
        }
    out->blob = p;
    out->blob_len = (uint32_t)size;
    out->n_states = n;
    out->n_classes = k2;
    out->n_ranges = n_ranges;
    return true;
}

/* ---- the entry points ---------------------------------------------------- */

static RegexStatus compile(B *b, Arena *a, const char *re, size_t len, RegexDfa *out, const char **err)
{
    const RegexNode *root;
    const char *msg = sem_regex_parse(b->s, re, len, &root);
    if (msg) {
        *err = arena_strdup(a, msg);
        return REGEX_SYNTAX;
    }

    uint64_t size = nfa_size(root) + 1; /* + the match node */
    if (size > REGEX_MAX_NFA) {
        too_large(b, arena_printf(b->s,
                                  "the pattern is too large: its automaton needs %s%llu "
                                  "nodes (the limit is %u; {n,m} copies its operand m times)",
                                  size >= ((uint64_t)1 << 40) ? "over " : "", (unsigned long long)size, REGEX_MAX_NFA));
        *err = arena_strdup(a, b->err);
        return REGEX_TOO_LARGE;
    }
    b->nfa = ARENA_ARRAY(b->s, NNode, size);
    b->sets = ARENA_ARRAY(b->s, Set, size);
    b->set_next = ARENA_ARRAY(b->s, uint32_t, size);
    idmap_init(&b->set_by_hash, b->s);
    uint32_t match = add_node(b, N_MATCH, 0, 0, 0);
    b->start = build(b, root, match);
    out->nfa_nodes = b->n_nfa;

    Min m = {0};
    bool ok = make_classes(b) && subset_construction(b);
    if (ok) {
        out->built_states = b->n_st;
        m.n = b->n_st;
        m.k = b->n_classes;
        if (!spend(b, (uint64_t)m.n * m.k * 3)) ok = false;
    }
    if (ok) {
        build_inverse(b, &m);
        mark_universal(b, &m);
        ok = hopcroft(b, &m) && emit(b, &m, a, out);
    }
    out->work = b->work;
    if (!ok) {
        *err = arena_strdup(a, b->err ? b->err : "internal error compiling the pattern");
        return REGEX_TOO_LARGE;
    }
    return REGEX_OK;
}

RegexStatus regex_compile(Arena *a, const char *re, size_t len, RegexDfa *out, const char **err)
{
    Arena scratch;
    arena_init(&scratch);
    B b = {0};
    b.s = &scratch;
    RegexDfa tmp = {0};
    RegexStatus st = compile(&b, a, re, len, &tmp, err);
    if (st == REGEX_OK) *out = tmp;
    arena_free(&scratch);
    return st;
}

bool regex_dfa_build(Arena *a, const char *re, size_t len, const uint8_t **blob, uint32_t *blob_len, const char **err)
{
    RegexDfa d;
    if (regex_compile(a, re, len, &d, err) != REGEX_OK) return false;
    *blob = d.blob;
    *blob_len = d.blob_len;
    return true;
}
