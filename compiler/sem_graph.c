/* sem_graph.c — checks that need the whole program's data flow:
 *
 *   D_COMPUTE_OP_CONFLICT, D_DERIVED_TWICE   one owner per derived target
 *   D_COMPUTED_WRITTEN      a compute target written by sync/flip/clear/->
 *   D_AGG_TARGET_IS_SOURCE  a path both the target and a source of aggregations
 *   D_DERIVED_CYCLE         cycles among aggregate/compute/one-way edges
 *   D_FLIP_CONTRADICTION    odd parity cycles of sync and flip edges
 *   D_ONEWAY_CONFLICT       one write reaching a component by one-way routes
 *                           with both parities
 *
 * Everything works on path *patterns*: `[*]` matches any key at its level,
 * and paths are compared by their canonical text (sem_path_key), so
 * `items[0]` and `items.0` are one node.  Derived edges connect when the
 * target of one overlaps (equal, ancestor or descendant) an input of the
 * other, or when they meet through a sync component (exact members only).
 * Sync and flip edges are solved with a union-find with parity; the
 * spanning forest it keeps gives the rules of a contradictory cycle.
 * Every loop runs over declaration-ordered arrays. */
#include <stdlib.h>
#include <string.h>

#include "sem_internal.h"

/* ---- nodes: canonical path patterns with a union-find with parity ------- */

typedef struct Node {
    const char *key;
    const Path *path; /* first occurrence, for messages and overlap tests */
    uint32_t parent;
    uint8_t parity; /* relative to parent: 1 = opposite */
    PtrVec tree;    /* TreeEdge * incident in the spanning forest */
} Node;

typedef struct TreeEdge {
    uint32_t a, b;
    uint8_t parity;
    const SemRule *rule;
    Span span;
} TreeEdge;

typedef struct Graph {
    SemCtx *x;
    StrMap ids; /* key -> id + 1 */
    Node **nodes;
    uint32_t nnodes, cap;
} Graph;

static uint32_t node_id(Graph *g, const Path *p)
{
    const char *key = sem_path_key(g->x->arena, p);
    uintptr_t v = (uintptr_t)strmap_get(&g->ids, key);
    if (v) return (uint32_t)(v - 1);
    if (g->nnodes == g->cap) {
        uint32_t cap = g->cap ? g->cap * 2 : 64;
        Node **nodes = ARENA_ARRAY(g->x->arena, Node *, cap);
        if (g->nnodes) memcpy(nodes, g->nodes, sizeof(Node *) * g->nnodes);
        g->nodes = nodes;
        g->cap = cap;
    }
    Node *n = ARENA_NEW(g->x->arena, Node);
    n->key = key;
    n->path = p;
    n->parent = g->nnodes;
    g->nodes[g->nnodes] = n;
    strmap_put(&g->ids, key, (void *)(uintptr_t)(g->nnodes + 1));
    return g->nnodes++;
}

/* Root of `id`; *parity receives id's parity relative to the root. */
static uint32_t find(Graph *g, uint32_t id, uint8_t *parity)
{
    uint8_t p = 0;
    uint32_t r = id;
    while (g->nodes[r]->parent != r) {
        p ^= g->nodes[r]->parity;
        r = g->nodes[r]->parent;
    }
    /* Path compression, keeping parities right. */
    uint8_t q = p;
    while (g->nodes[id]->parent != id) {
        uint32_t next = g->nodes[id]->parent;
        uint8_t step = g->nodes[id]->parity;
        g->nodes[id]->parent = r;
        g->nodes[id]->parity = q;
        q ^= step;
        id = next;
    }
    *parity = p;
    return r;
}

/* The spanning-forest route from a to b (both in one tree), as TreeEdges. */
static bool tree_route(Graph *g, uint32_t a, uint32_t b, PtrVec *out)
{
    uint32_t n = g->nnodes;
    uint32_t *prev = calloc(n, sizeof *prev);
    TreeEdge **via = calloc(n, sizeof *via);
    uint32_t *queue = malloc(sizeof *queue * (n ? n : 1));
    bool found = false;
    if (!prev || !via || !queue) goto done;
    for (uint32_t i = 0; i < n; i++) prev[i] = UINT32_MAX;
    uint32_t head = 0, tail = 0;
    queue[tail++] = a;
    prev[a] = a;
    while (head < tail && !found) {
        uint32_t u = queue[head++];
        const Node *nu = g->nodes[u];
        for (uint32_t i = 0; i < nu->tree.len; i++) {
            TreeEdge *e = nu->tree.items[i];
            uint32_t v = e->a == u ? e->b : e->a;
            if (prev[v] != UINT32_MAX) continue;
            prev[v] = u;
            via[v] = e;
            if (v == b) {
                found = true;
                break;
            }
            queue[tail++] = v;
        }
    }
    if (found) {
        PtrVec rev = {0};
        for (uint32_t v = b; v != a; v = prev[v]) ptrvec_push(g->x->arena, &rev, via[v]);
        for (uint32_t i = rev.len; i-- > 0;) ptrvec_push(g->x->arena, out, rev.items[i]);
    }
done:
    free(prev);
    free(via);
    free(queue);
    return found;
}

static const char *edge_text(SemCtx *x, const TreeEdge *e, const Graph *g)
{
    return arena_printf(x->arena, "%s '%s' %s '%s'", e->parity ? "flip" : "sync", g->nodes[e->a]->key,
                        e->parity ? "<->" : "<->", g->nodes[e->b]->key);
}

/* Adds one sync (parity 0) or flip (parity 1) edge; reports an odd cycle. */
static void add_edge(Graph *g, const SemRule *r, const Path *pa, const Path *pb, uint8_t parity)
{
    SemCtx *x = g->x;
    uint32_t a = node_id(g, pa), b = node_id(g, pb);
    Span span = span_join(pa->span, pb->span);
    uint8_t qa, qb;
    uint32_t ra = find(g, a, &qa), rb = find(g, b, &qb);
    if (ra == rb) {
        if ((uint8_t)(qa ^ qb) == parity) return; /* consistent: a harmless duplicate */
        if (a == b) {
            Diag *d = diag_add(x->diags, D_FLIP_CONTRADICTION, span,
                               "'%s' is flipped with itself: it would have to be its own negation", g->nodes[a]->key);
            diag_help(x->diags, d, "flip '%s' with another path; a path and itself are always equal", g->nodes[a]->key);
            return;
        }
        Diag *d =
            diag_add(x->diags, D_FLIP_CONTRADICTION, span, "'%s' and '%s' would have to be both equal and opposite",
                     g->nodes[a]->key, g->nodes[b]->key);
        PtrVec route = {0};
        tree_route(g, a, b, &route);
        for (uint32_t i = 0; i < route.len; i++) {
            const TreeEdge *e = route.items[i];
            diag_note(x->diags, d, e->span, "%s", edge_text(x, e, g));
        }
        diag_note(x->diags, d, span, "and this %s closes the cycle with %s flip%s", parity ? "flip" : "sync",
                  "an odd number of", "s");
        if (parity && r && r->item->kind == ITEM_FLIP)
            diag_suggest(x->diags, d, r->item->keyword_span, "sync",
                         "if '%s' and '%s' should be equal, write `sync` here; otherwise remove a flip of the cycle",
                         g->nodes[a]->key, g->nodes[b]->key);
        else
            diag_help(x->diags, d, "remove one rule of the cycle, or turn one of its flips into a sync");
        return;
    }
    g->nodes[ra]->parent = rb;
    g->nodes[ra]->parity = (uint8_t)(qa ^ qb ^ parity);
    TreeEdge *e = ARENA_NEW(x->arena, TreeEdge);
    e->a = a;
    e->b = b;
    e->parity = parity;
    e->rule = r;
    e->span = span;
    ptrvec_push(x->arena, &g->nodes[a]->tree, e);
    ptrvec_push(x->arena, &g->nodes[b]->tree, e);
}

/* ---- derived edges ------------------------------------------------------- */

typedef enum DKind { DK_AGGREGATE, DK_COMPUTE, DK_ONEWAY } DKind;

typedef struct DEdge {
    DKind kind;
    const SemRule *rule;
    const Path *target;
    const char *key;    /* canonical text of the target */
    PtrVec inputs;      /* Path *: sources, exclude-condition paths, or the one-way source */
    PtrVec sources;     /* Path *: aggregate/compute sources only */
    bool named_by_0508; /* reported as D_AGG_TARGET_IS_SOURCE */
} DEdge;

/* In source order, along the left spine of and/or chains (ast_cond_spine). */
static void cond_paths(SemCtx *x, const Cond *c, PtrVec *out)
{
    if (!c) return;
    const Cond **spine;
    uint32_t n = ast_cond_spine(x->arena, c, &spine);
    if (n) {
        cond_paths(x, spine[n - 1]->lhs, out);
        for (uint32_t i = n; i-- > 0;) cond_paths(x, spine[i]->rhs, out);
        return;
    }
    if (c->path) ptrvec_push(x->arena, out, c->path);
    cond_paths(x, c->lhs, out);
}

static void collect_edges(SemCtx *x, PtrVec *edges)
{
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        const Item *it = r->item;
        if ((it->kind == ITEM_AGGREGATE || it->kind == ITEM_COMPUTE) && it->target) {
            DEdge *e = ARENA_NEW(x->arena, DEdge);
            e->kind = it->kind == ITEM_COMPUTE ? DK_COMPUTE : DK_AGGREGATE;
            e->rule = r;
            e->target = it->target;
            e->key = sem_path_key(x->arena, it->target);
            for (uint32_t j = 0; j < it->sources.len; j++) {
                const Source *s = it->sources.items[j];
                if (!s || !s->path) continue;
                ptrvec_push(x->arena, &e->inputs, s->path);
                ptrvec_push(x->arena, &e->sources, s->path);
                cond_paths(x, s->exclude, &e->inputs);
            }
            ptrvec_push(x->arena, edges, e);
        } else if (it->kind == ITEM_SYNC && it->arrows) {
            for (uint32_t j = 0; j + 1 < it->paths.len; j++) {
                if (it->arrows[j] != ARROW_ONEWAY) continue;
                DEdge *e = ARENA_NEW(x->arena, DEdge);
                e->kind = DK_ONEWAY;
                e->rule = r;
                e->target = it->paths.items[j + 1];
                e->key = sem_path_key(x->arena, e->target);
                ptrvec_push(x->arena, &e->inputs, it->paths.items[j]);
                ptrvec_push(x->arena, edges, e);
            }
        }
    }
}

/* ---- pattern queries ------------------------------------------------------
 * The checks below ask "which derived edges have a target (or an input) at,
 * above or below this path?".  A PatternIndex answers without comparing
 * every pair, so the passes stay near-linear in the number of rules. */

typedef struct Hits {
    Arena *arena;
    uint32_t want_depth; /* UINT32_MAX: any related pattern; else only this depth */
    PtrVec found;        /* edge index + 1 */
} Hits;

static void on_hit(uint32_t value, uint32_t depth, void *ctx)
{
    Hits *h = ctx;
    if (h->want_depth != UINT32_MAX && depth != h->want_depth) return;
    ptrvec_push(h->arena, &h->found, (void *)(uintptr_t)(value + 1));
}

/* The smallest edge index registered at the same place as p, or UINT32_MAX. */
static uint32_t first_at_place(SemCtx *x, const PatternIndex *ix, const Path *p)
{
    Hits h = {x->arena, p->segs.len, {0}};
    pattern_index_related(ix, sem_path_pattern(x->arena, p), p->segs.len, on_hit, &h);
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < h.found.len; i++) {
        uint32_t v = (uint32_t)((uintptr_t)h.found.items[i] - 1);
        if (v < best) best = v;
    }
    return best;
}

static void index_path(SemCtx *x, PatternIndex *ix, const Path *p, uint32_t value)
{
    pattern_index_add(ix, sem_path_pattern(x->arena, p), p->segs.len, value);
}

static const char *kind_name(DKind k)
{
    return k == DK_AGGREGATE ? "aggregate" : k == DK_COMPUTE ? "compute" : "one-way sync";
}

/* One owner per derived target; one operation per computed target.  Only
 * the same pattern is compared (`t[*]` against `t.k` is left to the IR), so
 * edges are grouped by their target's canonical text. */
static void check_owners(SemCtx *x, const PtrVec *edges)
{
    StrMap by_key;
    strmap_init(&by_key, x->arena);
    for (uint32_t i = 0; i < edges->len; i++) {
        const DEdge *e = edges->items[i];
        PtrVec *same = strmap_get(&by_key, e->key);
        if (!same) {
            same = ARENA_NEW(x->arena, PtrVec);
            strmap_put(&by_key, e->key, same);
        }
        for (uint32_t j = 0; j < same->len; j++) {
            const DEdge *f = same->items[j];
            if (e->kind == DK_COMPUTE && f->kind == DK_COMPUTE) {
                if (e->rule->item->op == f->rule->item->op) continue;
                Diag *d =
                    diag_add(x->diags, D_COMPUTE_OP_CONFLICT, e->rule->item->op_span,
                             "'%s' is computed with %s here and with %s before", sem_path_key(x->arena, e->target),
                             ast_compute_op_name(e->rule->item->op), ast_compute_op_name(f->rule->item->op));
                diag_note(x->diags, d, f->rule->item->op_span, "first computed here");
                const char *first_op = ast_compute_op_name(f->rule->item->op);
                diag_suggest(x->diags, d, e->rule->item->op_span, first_op,
                             "write `%s` as the first computation does, or compute into another path", first_op);
                break;
            }
            if (e->kind == f->kind) continue; /* aggregates merge; one-ways: see ONEWAY */
            if (e->kind == DK_COMPUTE || f->kind == DK_COMPUTE) {
                if (e->kind == DK_ONEWAY || f->kind == DK_ONEWAY) continue; /* COMPUTED_WRITTEN */
            }
            Diag *d = diag_add(x->diags, D_DERIVED_TWICE, e->target->span, "'%s' is the target of a %s and of a %s",
                               sem_path_key(x->arena, e->target), kind_name(f->kind), kind_name(e->kind));
            diag_note(x->diags, d, f->target->span, "the %s", kind_name(f->kind));
            diag_help(x->diags, d, "derive '%s' with one rule, or give this %s a target of its own",
                      sem_path_key(x->arena, e->target), kind_name(e->kind));
            break;
        }
        ptrvec_push(x->arena, same, (void *)e);
    }
}

/* Compute targets are read-only: no sync, flip, clear or one-way into them. */
static void check_computed_written(SemCtx *x, const PtrVec *edges)
{
    PatternIndex *computed = pattern_index_new(x->arena);
    for (uint32_t k = 0; k < edges->len; k++) {
        const DEdge *e = edges->items[k];
        if (e->kind == DK_COMPUTE) index_path(x, computed, e->target, k);
    }
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        const Item *it = r->item;
        if (it->kind != ITEM_SYNC && it->kind != ITEM_FLIP && it->kind != ITEM_CLEAR) continue;
        for (uint32_t j = 0; j < it->paths.len; j++) {
            const Path *p = it->paths.items[j];
            /* The first path of a one-way edge is only read. */
            if (it->kind == ITEM_SYNC && it->arrows) {
                bool written = (j > 0 && it->arrows[j - 1] == ARROW_BOTH) ||
                               (j + 1 < it->paths.len && it->arrows[j] == ARROW_BOTH) ||
                               (j > 0 && it->arrows[j - 1] == ARROW_ONEWAY);
                if (!written) continue;
            }
            uint32_t k = first_at_place(x, computed, p);
            if (k == UINT32_MAX) continue;
            const DEdge *e = edges->items[k];
            Diag *d = diag_add(x->diags, D_COMPUTED_WRITTEN, p->span,
                               "'%s' is computed, so it is read-only; this %s writes it", sem_path_key(x->arena, p),
                               ast_item_kind_name(it->kind));
            diag_note(x->diags, d, e->target->span, "computed here");
            if (it->kind == ITEM_SYNC && it->paths.len == 2 && j == 1 && it->arrows && it->arrows[0] == ARROW_BOTH) {
                /* `sync other <-> computed`: read it one way instead */
                const char *other = source_span_text(x->arena, x->diags->sources, ((Path *)it->paths.items[0])->span);
                const char *mine = source_span_text(x->arena, x->diags->sources, p->span);
                const char *fix = arena_printf(x->arena, "%s -> %s", mine, other);
                diag_suggest(x->diags, d, span_join(((Path *)it->paths.items[0])->span, p->span), fix,
                             "copy the computed value one way: `sync %s`", fix);
            } else if (it->kind == ITEM_SYNC && it->paths.len == 2 && j == 0 && it->arrows &&
                       it->arrows[0] == ARROW_BOTH) {
                const char *other = source_span_text(x->arena, x->diags->sources, ((Path *)it->paths.items[1])->span);
                const char *mine = source_span_text(x->arena, x->diags->sources, p->span);
                const char *fix = arena_printf(x->arena, "%s -> %s", mine, other);
                diag_suggest(x->diags, d, span_join(p->span, ((Path *)it->paths.items[1])->span), fix,
                             "copy the computed value one way: `sync %s`", fix);
            } else {
                diag_help(x->diags, d, "write to another path, or derive '%s' in this rule's place",
                          sem_path_key(x->arena, p));
            }
        }
    }
}

static void check_agg_target_is_source(SemCtx *x, PtrVec *edges)
{
    PatternIndex *aggregated = pattern_index_new(x->arena);
    for (uint32_t j = 0; j < edges->len; j++) {
        const DEdge *a = edges->items[j];
        if (a->kind == DK_AGGREGATE) index_path(x, aggregated, a->target, j);
    }
    for (uint32_t i = 0; i < edges->len; i++) {
        DEdge *b = edges->items[i];
        if (b->kind != DK_AGGREGATE) continue;
        for (uint32_t s = 0; s < b->sources.len; s++) {
            const Path *src = b->sources.items[s];
            uint32_t j = first_at_place(x, aggregated, src);
            if (j != UINT32_MAX) {
                DEdge *a = edges->items[j];
                Diag *d = diag_add(x->diags, D_AGG_TARGET_IS_SOURCE, src->span,
                                   "'%s' is a source of this aggregation and the target of %s",
                                   sem_path_key(x->arena, src), a == b ? "the same aggregation" : "another");
                diag_note(x->diags, d, a->target->span, "'%s' is aggregated here", sem_path_key(x->arena, a->target));
                if (a != b)
                    diag_note(x->diags, d, b->target->span, "and feeds '%s' here", sem_path_key(x->arena, b->target));
                diag_help(x->diags, d, "aggregate into a separate path, and read '%s' from there",
                          sem_path_key(x->arena, src));
                a->named_by_0508 = b->named_by_0508 = true;
            }
        }
    }
}

/* ---- cycles among derived edges (Tarjan, iterative) -------------------- */

typedef struct Digraph {
    uint32_t n;
    PtrVec *succ; /* per edge: successor indices (as uintptr_t + 1) */
} Digraph;

/* Members of every sync/flip component, by root, each list in node order:
 * computed once, so finding what a derived edge writes costs its
 * component's size, not the number of nodes. */
static PtrVec *component_members(Graph *g)
{
    PtrVec *members = ARENA_ARRAY(g->x->arena, PtrVec, g->nnodes ? g->nnodes : 1);
    for (uint32_t m = 0; m < g->nnodes; m++) {
        uint8_t q;
        ptrvec_push(g->x->arena, &members[find(g, m, &q)], (void *)(uintptr_t)m);
    }
    return members;
}

/* The places a derived edge writes: its target and, when the target is a
 * sync/flip member, every member of its component. */
static PtrVec written_places(Graph *g, const PtrVec *members, const DEdge *e)
{
    PtrVec out = {0};
    ptrvec_push(g->x->arena, &out, (void *)e->target);
    uintptr_t v = (uintptr_t)strmap_get(&g->ids, sem_path_key(g->x->arena, e->target));
    if (!v || v - 1 >= g->nnodes) return out;
    uint8_t q;
    const PtrVec *comp = &members[find(g, (uint32_t)(v - 1), &q)];
    for (uint32_t i = 0; i < comp->len; i++) {
        uint32_t m = (uint32_t)(uintptr_t)comp->items[i];
        if (m != v - 1) ptrvec_push(g->x->arena, &out, (void *)g->nodes[m]->path);
    }
    return out;
}

static int cmp_uintptr(const void *a, const void *b)
{
    uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;
    return x < y ? -1 : x > y;
}

/* Successors of every derived edge: the edges that read a place it writes
 * (at, above or below it), each once, in declaration order. */
static void build_successors(Graph *g, const PtrVec *edges, Digraph *dg)
{
    SemCtx *x = g->x;
    uint32_t n = edges->len;
    PatternIndex *inputs = pattern_index_new(x->arena);
    for (uint32_t j = 0; j < n; j++) {
        const DEdge *f = edges->items[j];
        for (uint32_t k = 0; k < f->inputs.len; k++) index_path(x, inputs, f->inputs.items[k], j);
    }
    PtrVec *members = component_members(g);
    uint32_t *seen = calloc(n, sizeof *seen); /* i + 1 when j is already i's successor */
    if (!seen) arena_out_of_memory();
    for (uint32_t i = 0; i < n; i++) {
        PtrVec writes = written_places(g, members, edges->items[i]);
        Hits h = {x->arena, UINT32_MAX, {0}};
        for (uint32_t w = 0; w < writes.len; w++) {
            const Path *p = writes.items[w];
            pattern_index_related(inputs, sem_path_pattern(x->arena, p), p->segs.len, on_hit, &h);
        }
        for (uint32_t k = 0; k < h.found.len; k++) {
            uint32_t j = (uint32_t)((uintptr_t)h.found.items[k] - 1);
            if (seen[j] == i + 1) continue;
            seen[j] = i + 1;
            ptrvec_push(x->arena, &dg->succ[i], (void *)(uintptr_t)(j + 1));
        }
        if (dg->succ[i].len > 1) qsort(dg->succ[i].items, dg->succ[i].len, sizeof(void *), cmp_uintptr);
    }
    free(seen);
}

/* Shortest cycle through `start` inside its SCC (comp[] == comp[start]). */
static void cycle_through(SemCtx *x, const Digraph *dg, const uint32_t *comp, uint32_t start, PtrVec *out)
{
    uint32_t n = dg->n;
    uint32_t *prev = malloc(sizeof *prev * n), *queue = malloc(sizeof *queue * n);
    if (!prev || !queue) {
        free(prev);
        free(queue);
        return;
    }
    for (uint32_t i = 0; i < n; i++) prev[i] = UINT32_MAX;
    uint32_t head = 0, tail = 0, last = UINT32_MAX;
    queue[tail++] = start;
    while (head < tail && last == UINT32_MAX) {
        uint32_t u = queue[head++];
        for (uint32_t i = 0; i < dg->succ[u].len; i++) {
            uint32_t v = (uint32_t)((uintptr_t)dg->succ[u].items[i] - 1);
            if (comp[v] != comp[start]) continue;
            if (v == start) {
                last = u;
                break;
            }
            if (prev[v] != UINT32_MAX) continue;
            prev[v] = u;
            queue[tail++] = v;
        }
    }
    if (last != UINT32_MAX) {
        PtrVec rev = {0};
        for (uint32_t v = last; v != start; v = prev[v]) ptrvec_push(x->arena, &rev, (void *)(uintptr_t)(v + 1));
        ptrvec_push(x->arena, out, (void *)(uintptr_t)(start + 1));
        for (uint32_t i = rev.len; i-- > 0;) ptrvec_push(x->arena, out, rev.items[i]);
    }
    free(prev);
    free(queue);
}

/* For a cycle's message: the sync/flip member of e's target component
 * through which nx reads what e writes, or NULL when nx reads e's target
 * itself. */
static const Path *read_through(Graph *g, const PtrVec *members, const DEdge *e, const DEdge *nx)
{
    SemCtx *x = g->x;
    PatternIndex *reads = pattern_index_new(x->arena);
    for (uint32_t k = 0; k < nx->inputs.len; k++) index_path(x, reads, nx->inputs.items[k], 0);
    PtrVec writes = written_places(g, members, e);
    for (uint32_t w = 0; w < writes.len; w++) {
        const Path *p = writes.items[w];
        Hits h = {x->arena, UINT32_MAX, {0}};
        pattern_index_related(reads, sem_path_pattern(x->arena, p), p->segs.len, on_hit, &h);
        if (h.found.len) return w == 0 ? NULL : p;
    }
    return NULL;
}

static void check_cycles(Graph *g, const PtrVec *edges)
{
    SemCtx *x = g->x;
    uint32_t n = edges->len;
    if (!n) return;
    Digraph dg = {n, ARENA_ARRAY(x->arena, PtrVec, n)};
    build_successors(g, edges, &dg);

    /* Tarjan's SCC, iterative. */
    uint32_t *index = malloc(sizeof *index * n), *low = malloc(sizeof *low * n);
    uint32_t *comp = malloc(sizeof *comp * n), *stack = malloc(sizeof *stack * n);
    uint32_t *cs_node = malloc(sizeof *cs_node * n), *cs_pos = malloc(sizeof *cs_pos * n);
    bool *on = calloc(n, sizeof *on);
    if (!index || !low || !comp || !stack || !cs_node || !cs_pos || !on) goto done;
    for (uint32_t i = 0; i < n; i++) index[i] = UINT32_MAX;
    uint32_t next = 0, sp = 0, ncomp = 0;
    for (uint32_t root = 0; root < n; root++) {
        if (index[root] != UINT32_MAX) continue;
        uint32_t csp = 0;
        cs_node[csp] = root;
        cs_pos[csp] = 0;
        csp++;
        index[root] = low[root] = next++;
        stack[sp++] = root;
        on[root] = true;
        while (csp) {
            uint32_t u = cs_node[csp - 1];
            if (cs_pos[csp - 1] < dg.succ[u].len) {
                uint32_t v = (uint32_t)((uintptr_t)dg.succ[u].items[cs_pos[csp - 1]++] - 1);
                if (index[v] == UINT32_MAX) {
                    index[v] = low[v] = next++;
                    stack[sp++] = v;
                    on[v] = true;
                    cs_node[csp] = v;
                    cs_pos[csp] = 0;
                    csp++;
                } else if (on[v] && index[v] < low[u]) {
                    low[u] = index[v];
                }
                continue;
            }
            if (low[u] == index[u]) {
                uint32_t v;
                do {
                    v = stack[--sp];
                    on[v] = false;
                    comp[v] = ncomp;
                } while (v != u);
                ncomp++;
            }
            csp--;
            if (csp && low[u] < low[cs_node[csp - 1]]) low[cs_node[csp - 1]] = low[u];
        }
    }

    /* One report per cyclic SCC, at its first edge in declaration order. */
    bool *done_comp = calloc(ncomp ? ncomp : 1, sizeof *done_comp);
    if (!done_comp) goto done;
    for (uint32_t i = 0; i < n; i++) {
        if (done_comp[comp[i]]) continue;
        done_comp[comp[i]] = true;
        PtrVec cyc = {0};
        cycle_through(x, &dg, comp, i, &cyc);
        if (!cyc.len) continue;
        bool all_0508 = true;
        for (uint32_t k = 0; k < cyc.len; k++) {
            const DEdge *e = edges->items[(uintptr_t)cyc.items[k] - 1];
            all_0508 &= e->named_by_0508;
        }
        if (all_0508) continue;
        StrBuf text = {0};
        for (uint32_t k = 0; k < cyc.len; k++) {
            const DEdge *e = edges->items[(uintptr_t)cyc.items[k] - 1];
            strbuf_printf(x->arena, &text, "'%s' -> ", sem_path_key(x->arena, e->target));
        }
        const DEdge *first = edges->items[i];
        strbuf_printf(x->arena, &text, "'%s'", sem_path_key(x->arena, first->target));
        Diag *d = diag_add(x->diags, D_DERIVED_CYCLE, first->target->span, "derived values depend on themselves: %s",
                           strbuf_cstr(x->arena, &text));
        diag_help(x->diags, d, "derive one of these values from other sources, so that the chain has a start");
        PtrVec *members = component_members(g);
        for (uint32_t k = 0; k < cyc.len; k++) {
            const DEdge *e = edges->items[(uintptr_t)cyc.items[k] - 1];
            const DEdge *nx = edges->items[(uintptr_t)cyc.items[(k + 1) % cyc.len] - 1];
            const Path *via = read_through(g, members, e, nx);
            if (via)
                diag_note(x->diags, d, e->target->span, "this %s writes '%s', synced with '%s', which '%s' reads",
                          kind_name(e->kind), sem_path_key(x->arena, e->target), sem_path_key(x->arena, via),
                          sem_path_key(x->arena, nx->target));
            else
                diag_note(x->diags, d, e->target->span, "this %s writes '%s', which '%s' reads", kind_name(e->kind),
                          sem_path_key(x->arena, e->target), sem_path_key(x->arena, nx->target));
        }
    }
    free(done_comp);
done:
    free(index);
    free(low);
    free(comp);
    free(stack);
    free(cs_node);
    free(cs_pos);
    free(on);
}

/* ---- one-way routes --------------------------------------------------------
 * A write to a component reaches, through one-way edges, other components;
 * every member gets the written value or its negation.  If one component is
 * reached with both, two routes disagree.  BFS from every component that
 * has an outgoing one-way edge, resetting only what each search touched. */
static void check_oneway(Graph *g, const PtrVec *edges)
{
    SemCtx *x = g->x;
    PtrVec ow = {0};
    for (uint32_t i = 0; i < edges->len; i++) {
        const DEdge *e = edges->items[i];
        if (e->kind == DK_ONEWAY) ptrvec_push(x->arena, &ow, (void *)e);
    }
    if (!ow.len) return;
    uint32_t n = g->nnodes;
    uint32_t *src_root = ARENA_ARRAY(x->arena, uint32_t, ow.len);
    uint8_t *src_par = ARENA_ARRAY(x->arena, uint8_t, ow.len);
    uint32_t *dst_root = ARENA_ARRAY(x->arena, uint32_t, ow.len);
    uint8_t *dst_par = ARENA_ARRAY(x->arena, uint8_t, ow.len);
    for (uint32_t i = 0; i < ow.len; i++) {
        const DEdge *e = ow.items[i];
        src_root[i] = find(g, node_id(g, e->inputs.items[0]), &src_par[i]);
        dst_root[i] = find(g, node_id(g, e->target), &dst_par[i]);
    }
    n = g->nnodes;
    /* One-way edges leaving each component, in declaration order. */
    PtrVec *out_of = ARENA_ARRAY(x->arena, PtrVec, n);
    for (uint32_t i = 0; i < ow.len; i++) ptrvec_push(x->arena, &out_of[src_root[i]], (void *)(uintptr_t)i);
    int8_t *val = ARENA_ARRAY(x->arena, int8_t, n);
    uint32_t *via = ARENA_ARRAY(x->arena, uint32_t, n);
    bool *reported = ARENA_ARRAY(x->arena, bool, n);
    bool *started = ARENA_ARRAY(x->arena, bool, n);
    uint32_t *queue = ARENA_ARRAY(x->arena, uint32_t, n);
    for (uint32_t i = 0; i < n; i++) {
        val[i] = -1;
        via[i] = UINT32_MAX;
    }
    for (uint32_t s = 0; s < ow.len; s++) {
        uint32_t start = src_root[s];
        if (started[start]) continue;
        started[start] = true;
        uint32_t head = 0, tail = 0;
        val[start] = 0;
        queue[tail++] = start;
        while (head < tail) {
            uint32_t c = queue[head++];
            for (uint32_t k = 0; k < out_of[c].len; k++) {
                uint32_t i = (uint32_t)(uintptr_t)out_of[c].items[k];
                int8_t v = (int8_t)(val[c] ^ src_par[i] ^ dst_par[i]);
                uint32_t t = dst_root[i];
                if (val[t] < 0) {
                    val[t] = v;
                    via[t] = i;
                    queue[tail++] = t;
                } else if (val[t] != v && !reported[t]) {
                    reported[t] = true;
                    const DEdge *e = ow.items[i];
                    Diag *d = diag_add(x->diags, D_ONEWAY_CONFLICT, e->target->span,
                                       "a write to '%s' reaches '%s' by two routes, one of "
                                       "them negated",
                                       g->nodes[start]->key, sem_path_key(x->arena, e->target));
                    if (via[t] != UINT32_MAX) {
                        const DEdge *f = ow.items[via[t]];
                        diag_note(x->diags, d, f->target->span, "the other route arrives here");
                    } else {
                        diag_note(x->diags, d, g->nodes[start]->path->span,
                                  "the route leads back to the written component");
                    }
                    diag_help(x->diags, d, "remove one of the two routes, so that '%s' gets one value",
                              sem_path_key(x->arena, e->target));
                }
            }
        }
        /* Reset only what this search touched: the queue holds exactly that. */
        for (uint32_t q = 0; q < tail; q++) {
            val[queue[q]] = -1;
            via[queue[q]] = UINT32_MAX;
        }
    }
}

void sem_graph_check(SemCtx *x)
{
    PtrVec edges = {0};
    collect_edges(x, &edges);

    Graph g;
    memset(&g, 0, sizeof g);
    g.x = x;
    strmap_init(&g.ids, x->arena);
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        const Item *it = r->item;
        if (it->kind != ITEM_SYNC && it->kind != ITEM_FLIP) continue;
        for (uint32_t j = 0; j + 1 < it->paths.len; j++) {
            if (it->kind == ITEM_SYNC && it->arrows && it->arrows[j] == ARROW_ONEWAY) continue;
            add_edge(&g, r, it->paths.items[j], it->paths.items[j + 1], it->kind == ITEM_FLIP ? 1 : 0);
        }
    }

    check_owners(x, &edges);
    check_computed_written(x, &edges);
    check_agg_target_is_source(x, &edges);
    check_cycles(&g, &edges);
    check_oneway(&g, &edges);
}
