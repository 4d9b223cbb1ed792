/* pattern_index.c — a trie of path patterns (see pattern_index.h).
 *
 * Nodes are records in one array; a node's children are found through one
 * open-addressing table keyed by (parent, key text), so a node with
 * thousands of children costs no more to search than one with two.  Each
 * node also links its children in a list (for walking a subtree) and keeps
 * its wildcard child apart (a concrete query segment follows both its own
 * key and the wildcard). */
#include "pattern_index.h"

#include <string.h>

typedef struct PNode {
    uint32_t parent;
    const char *key;
    uint32_t len;
    bool wild;
    uint32_t first_child, next_sibling; /* UINT32_MAX: none */
    uint32_t wild_child;
    uint32_t first_value; /* index into values, UINT32_MAX: none */
} PNode;

typedef struct PValue {
    uint32_t value;
    uint32_t next;
} PValue;

struct PatternIndex {
    Arena *arena;
    PNode *nodes;
    uint32_t nnodes, cap;
    PValue *values;
    uint32_t nvalues, vcap;
    uint32_t *slots; /* node id + 1; 0 = empty */
    uint32_t nslots;
};

enum { NONE = UINT32_MAX };

static uint64_t slot_hash(uint32_t parent, const char *key, uint32_t len)
{
    uint64_t h = 1469598103934665603u ^ parent;
    for (uint32_t i = 0; i < len; i++) h = (h ^ (unsigned char)key[i]) * 1099511628211u;
    return h;
}

static uint32_t new_node(PatternIndex *ix, uint32_t parent, const PatSeg *s)
{
    ARENA_GROW(ix->arena, ix->nodes, ix->nnodes, ix->cap, 64);
    PNode *n = &ix->nodes[ix->nnodes];
    n->parent = parent;
    n->key = s ? s->key : "";
    n->len = s ? s->len : 0;
    n->wild = s && s->wild;
    n->first_child = n->next_sibling = n->wild_child = n->first_value = NONE;
    return ix->nnodes++;
}

static void grow_slots(PatternIndex *ix)
{
    uint32_t n = ix->nslots ? ix->nslots * 2 : 256;
    uint32_t *slots = ARENA_ARRAY(ix->arena, uint32_t, n);
    for (uint32_t i = 0; i < ix->nslots; i++) {
        uint32_t id = ix->slots[i];
        if (!id) continue;
        const PNode *node = &ix->nodes[id - 1];
        uint64_t h = slot_hash(node->parent, node->key, node->len) & (n - 1);
        while (slots[h]) h = (h + 1) & (n - 1);
        slots[h] = id;
    }
    ix->slots = slots;
    ix->nslots = n;
}

PatternIndex *pattern_index_new(Arena *arena)
{
    PatternIndex *ix = ARENA_NEW(arena, PatternIndex);
    ix->arena = arena;
    new_node(ix, NONE, NULL); /* the root: the empty pattern */
    grow_slots(ix);
    return ix;
}

/* The concrete child of `parent` named key, or NONE. */
static uint32_t find_child(const PatternIndex *ix, uint32_t parent, const char *key, uint32_t len)
{
    uint64_t h = slot_hash(parent, key, len) & (ix->nslots - 1);
    for (uint32_t id; (id = ix->slots[h]) != 0; h = (h + 1) & (ix->nslots - 1)) {
        const PNode *n = &ix->nodes[id - 1];
        if (n->parent == parent && n->len == len && memcmp(n->key, key, len) == 0) return id - 1;
    }
    return NONE;
}

static uint32_t child(PatternIndex *ix, uint32_t parent, const PatSeg *s)
{
    if (s->wild) {
        if (ix->nodes[parent].wild_child == NONE) {
            uint32_t id = new_node(ix, parent, s);
            ix->nodes[parent].wild_child = id;
            ix->nodes[id].next_sibling = ix->nodes[parent].first_child;
            ix->nodes[parent].first_child = id;
        }
        return ix->nodes[parent].wild_child;
    }
    uint32_t id = find_child(ix, parent, s->key, s->len);
    if (id != NONE) return id;
    if ((ix->nnodes + 1) * 2 >= ix->nslots) grow_slots(ix);
    id = new_node(ix, parent, s);
    ix->nodes[id].next_sibling = ix->nodes[parent].first_child;
    ix->nodes[parent].first_child = id;
    uint64_t h = slot_hash(parent, s->key, s->len) & (ix->nslots - 1);
    while (ix->slots[h]) h = (h + 1) & (ix->nslots - 1);
    ix->slots[h] = id + 1;
    return id;
}

void pattern_index_add(PatternIndex *ix, const PatSeg *segs, uint32_t n, uint32_t value)
{
    uint32_t node = 0;
    for (uint32_t i = 0; i < n; i++) node = child(ix, node, &segs[i]);
    ARENA_GROW(ix->arena, ix->values, ix->nvalues, ix->vcap, 64);
    ix->values[ix->nvalues].value = value;
    ix->values[ix->nvalues].next = ix->nodes[node].first_value;
    ix->nodes[node].first_value = ix->nvalues++;
}

static void report(const PatternIndex *ix, uint32_t node, uint32_t depth, PatternVisit fn, void *ctx)
{
    for (uint32_t v = ix->nodes[node].first_value; v != NONE; v = ix->values[v].next)
        fn(ix->values[v].value, depth, ctx);
}

static void report_subtree(const PatternIndex *ix, uint32_t node, uint32_t depth, PatternVisit fn, void *ctx)
{
    report(ix, node, depth, fn, ctx);
    for (uint32_t c = ix->nodes[node].first_child; c != NONE; c = ix->nodes[c].next_sibling)
        report_subtree(ix, c, depth + 1, fn, ctx);
}

static void related_from(const PatternIndex *ix, uint32_t node, const PatSeg *q, uint32_t i, uint32_t n,
                         PatternVisit fn, void *ctx)
{
    if (i == n) { /* the query's place: it and everything below */
        report_subtree(ix, node, i, fn, ctx);
        return;
    }
    report(ix, node, i, fn, ctx); /* a pattern above the query */
    if (q[i].wild) {              /* a wildcard in the query matches every child */
        for (uint32_t c = ix->nodes[node].first_child; c != NONE; c = ix->nodes[c].next_sibling)
            related_from(ix, c, q, i + 1, n, fn, ctx);
        return;
    }
    uint32_t c = find_child(ix, node, q[i].key, q[i].len);
    if (c != NONE) related_from(ix, c, q, i + 1, n, fn, ctx);
    if (ix->nodes[node].wild_child != NONE) related_from(ix, ix->nodes[node].wild_child, q, i + 1, n, fn, ctx);
}

void pattern_index_related(const PatternIndex *ix, const PatSeg *q, uint32_t n, PatternVisit fn, void *ctx)
{
    related_from(ix, 0, q, 0, n, fn, ctx);
}
