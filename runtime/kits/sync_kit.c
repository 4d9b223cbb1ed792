/* sync_kit.c — sync, flip and one-way propagation (semantics.md §4, §5) over
 * a table blob (tables.h), and the path-class services.
 *
 * The propagation graph's nodes are member *instances*: a member pattern with
 * its wildcards bound to concrete keys, i.e. a concrete path. From a changed
 * instance a breadth-first walk follows the enabled edges of its component
 * (both ways) and the enabled one-way edges leaving every reached member
 * (forwards only), so one-way edges are followed transitively and never
 * backwards. Wildcards bind by position: the first `nbind` keys of the
 * instance being expanded pick the peer's instance, the peer's further
 * wildcards fan out over the keys present.
 *
 * "Later change wins", in two passes: an ownership pass walks the round's
 * changes newest first without writing, and every path a walk reaches (its
 * source, each target) belongs to the newest change reaching it; the write
 * pass then takes the changes oldest first (so the output follows the causing
 * changes) and each writes only what no newer change owns. Values are read
 * from the state as it is now rather than from the change record, so an
 * older change below a member sends what the newer changes left there; but
 * a change with a newer change of the round at or below its own path sends
 * its own value (the newer one sends its part), as if they came one by one.
 *
 * "Vanished containers stay vanished": a replacement that removes a member's
 * container marks the path (rt_path_set_kit_flags), and sync and flip never
 * recreate a marked container nor write through a scalar in the way.
 *
 * A kit write can itself sit at, above or below members of other components
 * (`a <-> b`, `b.x <-> c`): the writes are queued and processed like changes,
 * skipping the components the walk that wrote them already covered.
 *
 * Everything per call lives in the scratch arena (rt_scratch), so the kit
 * owns no memory between calls. Cost per change: the members of the touched
 * components and their instances, never the whole state or all rules. */
#include "sync_kit.h"

#include <stdlib.h>
#include <string.h>

#include "kit_common.h"
#include "rt_access.h"
#include "rt_atom.h"
#include "rt_group.h"
#include "rt_heap.h"
#include "rt_loop.h"
#include "rt_map.h"
#include "rt_path.h"
#include "rt_vec.h"
#include "tables.h"

#define KIT_MAX_WILD 32
/* Bound on the queued kit writes processed per stage call (per input change),
 * against rotation ping-pong in ill-formed tables. */
#define KIT_DERIVED_FACTOR 64

/* ---- the blob ---- */

typedef struct {
    const uint8_t *b;
    uint32_t pats, classes, comps, mems, edges, oneway, order;
    uint32_t n_pats, n_classes, n_comps, n_mems, n_edges, n_oneway;
} tbl_t;

static tbl_t T;

static int32_t load(const uint8_t *blob)
{
    if (!blob || tb_hdr(blob, TB_H_MAGIC) != TB_MAGIC || tb_hdr(blob, TB_H_VERSION) != TB_VERSION) return RT_E_HOOK;
    T = (tbl_t){blob,
                tb_hdr(blob, TB_H_PATTERNS),
                tb_hdr(blob, TB_H_CLASSES),
                tb_hdr(blob, TB_H_COMPS),
                tb_hdr(blob, TB_H_MEMBERS),
                tb_hdr(blob, TB_H_EDGES),
                tb_hdr(blob, TB_H_ONEWAY),
                tb_hdr(blob, TB_H_CREATE_ORDER),
                tb_hdr(blob, TB_H_N_PATTERNS),
                tb_hdr(blob, TB_H_N_CLASSES),
                tb_hdr(blob, TB_H_N_COMPS),
                tb_hdr(blob, TB_H_N_MEMBERS),
                tb_hdr(blob, TB_H_N_EDGES),
                tb_hdr(blob, TB_H_N_ONEWAY)};
    return RT_OK;
}

static uint32_t W(uint32_t base, uint32_t words, int32_t i, uint32_t w)
{
    return tb_u32(T.b, base + (uint32_t)i * words * 4u, w);
}
#define PAT(p, w) W(T.pats, TB_P_WORDS, (p), (w))
#define CLS(c, w) W(T.classes, TB_C_WORDS, (c), (w))
#define CMP(c, w) W(T.comps, TB_K_WORDS, (c), (w))
#define MEM(m, w) W(T.mems, TB_M_WORDS, (m), (w))
#define EDG(e, w) W(T.edges, TB_E_WORDS, (e), (w))
#define ONE(e, w) W(T.oneway, TB_O_WORDS, (e), (w))

static const uint32_t *list_at(uint32_t off) { return (const uint32_t *)(const void *)(T.b + off); }

static int32_t mem_pattern(int32_t m) { return (int32_t)MEM(m, TB_M_PATTERN); }
static int32_t mem_comp(int32_t m) { return (int32_t)MEM(m, TB_M_COMP); }
static int32_t pat_nwild(int32_t p) { return (int32_t)PAT(p, TB_P_NWILD); }
static int pat_wild(int32_t p)
{
    uint32_t k = PAT(p, TB_P_KIND);
    return k == TB_SEG_WILD || k == TB_SEG_DEEP;
}
/* A [*] binds by position (TB_P_NWILD counts them); a [**] always fans out. */
static int pat_binds(int32_t p) { return PAT(p, TB_P_KIND) == TB_SEG_WILD; }

/* A group gate: -1 is always on; an unknown group counts as on. */
static int group_on(int32_t g) { return g < 0 || rt_group_enabled(g) != 0; }
static int member_on(int32_t m) { return group_on((int32_t)MEM(m, TB_M_GROUP)); }

/* ---- services: classes ---- */

int32_t rt_kit_class(const uint8_t *blob, int32_t parent_class, int32_t atom)
{
    if (parent_class < 0 || (uint32_t)parent_class >= tb_hdr(blob, TB_H_N_CLASSES)) return -1;
    uint32_t c = tb_rec(blob, TB_H_CLASSES, TB_C_WORDS, (uint32_t)parent_class);
    uint32_t n = tb_u32(blob, c, TB_C_N_TRANS);
    const int32_t *tr = (const int32_t *)(const void *)(blob + tb_u32(blob, c, TB_C_TRANS));
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2u;
        int32_t a = tr[2u * mid];
        if (a == atom) return tr[2u * mid + 1u];
        if (a < atom)
            lo = mid + 1u;
        else
            hi = mid;
    }
    return tb_i32(blob, c, TB_C_DEFAULT);
}

int32_t rt_kit_container(const uint8_t *blob, int32_t cls)
{
    if (cls < 0 || (uint32_t)cls >= tb_hdr(blob, TB_H_N_CLASSES)) return 0;
    return (tb_u32(blob, tb_rec(blob, TB_H_CLASSES, TB_C_WORDS, (uint32_t)cls), TB_C_FLAGS) & TB_CF_LIST) ? 1 : 0;
}

/* ---- scratch containers ---- */

static int32_t status; /* first failure of this call's kit work */

static int32_t scratch_grow(void **items, uint32_t *cap, uint32_t need, size_t elem)
{
    int32_t r = kit_grow(items, cap, need, elem);
    return r == RT_OK ? RT_OK : (status = r);
}

/* A store into one of the walk's maps; a failure is the call's status. */
static int32_t kmap_put(rt_map *m, int32_t k0, int32_t k1, int32_t value)
{
    int32_t r = rt_map_put(m, k0, k1, value);
    return r == RT_OK ? RT_OK : (status = rt_loop_fail(r));
}

typedef struct {
    int32_t *v;
    uint32_t n, cap;
} ivec;

static int32_t ivec_push(ivec *v, int32_t x)
{
    if (scratch_grow((void **)&v->v, &v->cap, v->n + 1u, sizeof *v->v) != RT_OK) return status;
    v->v[v->n++] = x;
    return RT_OK;
}

/* ---- paths and values ---- */

static int is_container(const rt_node *v)
{
    int32_t k = rt_kind(v);
    return k == RT_KIND_OBJECT || k == RT_KIND_ARRAY;
}

/* `path` moved from below `from` to below `to` (from is within path). */
static int32_t rebase(int32_t path, int32_t from, int32_t to)
{
    int32_t atoms[RT_MAX_DEPTH];
    int32_t n = 0;
    for (int32_t p = path; p != from && p > 0 && n < RT_MAX_DEPTH; p = rt_path_parent(p)) atoms[n++] = rt_path_atom(p);
    while (n > 0 && to >= 0) to = rt_path_child(to, atoms[--n]);
    return to;
}

/* The keys bound to the wildcards of `pattern` in its instance `path`, root
 * first; returns how many. */
static int32_t inst_keys(int32_t pattern, int32_t path, int32_t *keys)
{
    int32_t n = pat_nwild(pattern);
    if (n > KIT_MAX_WILD) return status = RT_E_HOOK;
    int32_t k = n;
    for (int32_t p = pattern, q = path; p > 0 && q > 0; p = (int32_t)PAT(p, TB_P_PARENT), q = rt_path_parent(q))
        if (pat_binds(p)) keys[--k] = rt_path_atom(q);
    return n;
}

/* The chain of pattern ids from the root (chain[0] = 0) to `pattern`
 * (kit_pattern_chain); a failure is this call's status. */
static int32_t pattern_chain(int32_t pattern, int32_t *chain)
{
    int32_t d = kit_pattern_chain(T.b, pattern, chain);
    return d < 0 ? (status = d) : d;
}

/* Every key of a container value, in its order (array indexes as atoms). */
static int32_t value_keys(const rt_node *v, ivec *out)
{
    if (rt_kind(v) == RT_KIND_OBJECT) {
        for (rt_node *m = rt_first(v); m; m = rt_next(m))
            if (ivec_push(out, rt_key(m)) != RT_OK) return status;
    } else if (rt_kind(v) == RT_KIND_ARRAY) {
        for (int32_t i = 0, n = rt_len(v); i < n; i++) {
            int32_t a = rt_atom_of_index((uint32_t)i);
            if (a < 0 || ivec_push(out, a) != RT_OK) return status = a < 0 ? a : status;
        }
    }
    return RT_OK;
}

/* Where a walk's instance ends, memoised across calls (paths never go
 * away): (member, its path at the pattern's last wildcard) -> the
 * instance, the constant keys after it followed once. */
static rt_map tails;
static int tails_ready;

/* Each member's pattern chain, worked out on its first use and kept,
 * since the tables are the module's constants: chains.at[m] is 1 + its
 * offset in chains.words (0: not yet), where the member's one instance
 * comes first (the path of a pattern without wildcards, else -1), then
 * its last wildcard level (0: none), the number of keys that fix its
 * instance (its [*]; INT32_MAX with a [**]), the depth, then the chain.  Only members a walk reached take room. */
static struct {
    const uint8_t *blob;
    uint32_t *at;
    int32_t *words;
    uint32_t n, cap;
} chains;

/* A walk's steps out of one instance, memoised across calls when they
 * depend on the tables and the keys of the state alone (no group gate on
 * the way): (instance path, member * 2 + no_flip) -> offset in step_pool.
 * An entry is STEP_HEAD words — the number of steps, the room it has for
 * them, whether it fanned out over keys of the state (then it holds while
 * rt_keys_gen is the one it was taken at) and that count — then
 * STEP_WORDS words per step in the order the walk takes them: the peer
 * member, its instance, and flags (STEP_FLIP: over a flip edge; STEP_BACK:
 * the keys they share fix the peer's instance, so the walk does not go
 * back to it when it is the member it came from).  An entry taken again
 * is rewritten in place when it fits, else moved to the end with twice the
 * room, so a fan-out that keeps growing costs amortised O(its size). */
enum { STEP_HEAD = 4, STEP_WORDS = 3, STEP_FLIP = 1, STEP_BACK = 2 };
enum { SH_COUNT, SH_ROOM, SH_KEYED, SH_GEN };
static rt_map steps_of;
static struct {
    int32_t *v;
    uint32_t n, cap;
} step_pool;
static int steps_gated;  /* the steps being recorded depend on a group gate: not kept */
static int steps_fanned; /* ... on the keys present in the state */

static void chains_release(void)
{
    if (tails_ready) rt_map_release(&steps_of);
    rt_heap_free(step_pool.v);
    step_pool.v = NULL;
    step_pool.n = step_pool.cap = 0;
    rt_heap_free(chains.at);
    rt_heap_free(chains.words);
    chains.at = NULL;
    chains.words = NULL;
    chains.n = chains.cap = 0;
    chains.blob = NULL;
    if (tails_ready) rt_map_release(&tails);
    tails_ready = 0;
}

/* The chain of member m's pattern (root first) and its depth in *depth;
 * NULL with the call's status set on failure. */
static const int32_t *member_chain(int32_t m, int32_t *depth)
{
    if (chains.blob != T.b) {
        chains_release();
        chains.at = rt_heap_zalloc(T.n_mems * sizeof *chains.at);
        if (!chains.at && T.n_mems) {
            status = rt_loop_fail(RT_E_NOMEM);
            return NULL;
        }
        chains.blob = T.b;
        rt_map_init(&tails, RT_SPACE_HEAP);
        rt_map_init(&steps_of, RT_SPACE_HEAP);
        tails_ready = 1;
    }
    if (!chains.at[m]) {
        int32_t chain[RT_MAX_DEPTH + 1];
        int32_t d = pattern_chain(mem_pattern(m), chain);
        if (d < 0) return NULL;
        int32_t only = RT_ROOT; /* the one instance, or -1 */
        for (int32_t l = 1; l <= d && only >= 0; l++)
            only = pat_wild(chain[l]) ? -1 : rt_path_child(only, (int32_t)PAT(chain[l], TB_P_ATOM));
        if (only < -1) {
            status = only;
            return NULL;
        }
        int32_t tail = 0, fixed = pat_nwild(chain[d]);
        for (int32_t l = 1; l <= d; l++) {
            if (pat_wild(chain[l])) tail = l;
            if (pat_wild(chain[l]) && !pat_binds(chain[l])) fixed = INT32_MAX;
        }
        if (rt_vec_reserve((void **)&chains.words, &chains.cap, chains.n + (uint32_t)d + 5u, sizeof(int32_t),
                           RT_SPACE_HEAP) != RT_OK) {
            status = rt_loop_fail(RT_E_NOMEM);
            return NULL;
        }
        chains.at[m] = chains.n + 1u;
        chains.words[chains.n++] = only;
        chains.words[chains.n++] = tail;
        chains.words[chains.n++] = fixed;
        chains.words[chains.n++] = d;
        for (int32_t l = 0; l <= d; l++) chains.words[chains.n++] = chain[l];
    }
    const int32_t *rec = &chains.words[chains.at[m] - 1u];
    *depth = rec[3];
    return rec + 4;
}

/* The one instance of member m when its pattern has no wildcards, else -1
 * (after member_chain(m) succeeded). */
static int32_t member_only(int32_t m) { return chains.words[chains.at[m] - 1u]; }
static int32_t member_tail(int32_t m) { return chains.words[chains.at[m]]; }

/* Whether `nb` keys bound by position fix member m's one instance (after
 * member_chain(m) succeeded, as for any member a walk has reached). */
static int member_fixed_by(int32_t m, int32_t nb) { return chains.at[m] && chains.words[chains.at[m] + 1u] <= nb; }

typedef struct {
    int32_t member;
    const int32_t *chain;
    int32_t depth, tail; /* tail: the chain's last wildcard level (0: none) */
    const int32_t *bound;
    int32_t nb;
    ivec *out;
} enum_walk;

/* The instances of a member's chain from level lvl, whose ancestor there is
 * `path` on: the first `nb` wildcards take `bound`, the others fan out over
 * the keys present in the state. */
static int32_t enum_rec(const enum_walk *e, int32_t lvl, int32_t path, int32_t w)
{
    for (; lvl <= e->depth; lvl++) {
        if (lvl == e->tail + 1 && e->tail > 0) { /* only constant keys are left */
            int32_t end = rt_map_get(&tails, e->member, path, -1);
            if (end < 0) {
                end = path;
                for (int32_t l = lvl; l <= e->depth && end >= 0; l++)
                    end = rt_path_child(end, (int32_t)PAT(e->chain[l], TB_P_ATOM));
                if (end < 0) return status = end;
                if (kmap_put(&tails, e->member, path, end) != RT_OK) return status;
            }
            return ivec_push(e->out, end);
        }
        int32_t p = e->chain[lvl];
        if (!pat_wild(p)) {
            path = rt_path_child(path, (int32_t)PAT(p, TB_P_ATOM));
        } else if (pat_binds(p) && w < e->nb) {
            path = rt_path_child(path, e->bound[w++]);
        } else {
            steps_fanned = 1; /* the keys present now */
            ivec keys = {0};
            if (value_keys(rt_get(path), &keys) != RT_OK) return status;
            for (uint32_t i = 0; i < keys.n; i++) {
                int32_t c = rt_path_child(path, keys.v[i]);
                if (c < 0) return status = c;
                if (enum_rec(e, lvl + 1, c, w + pat_binds(p)) != RT_OK) return status;
            }
            return RT_OK;
        }
        if (path < 0) return status = path;
    }
    return ivec_push(e->out, path);
}

/* The instances of member m with its first nb [*] bound, reached from
 * `from`, an instance of pattern `from_pattern` whose keys `bound` are:
 * the walk starts where the two patterns part. */
static int32_t enum_instances(int32_t m, const int32_t *bound, int32_t nb, int32_t from_pattern, int32_t from,
                              ivec *out)
{
    out->n = 0;
    int32_t d;
    const int32_t *chain = member_chain(m, &d);
    if (!chain) return status;
    if (member_only(m) >= 0) return ivec_push(out, member_only(m));
    int32_t w, start;
    int32_t l = kit_shared_level(T.b, chain, d, nb, from_pattern, from, &w, &start);
    enum_walk e = {m, chain, d, member_tail(m), bound, nb, out};
    return enum_rec(&e, l + 1, start, w);
}

/* ---- per-call state ---- */

enum { MODE_EXACT, MODE_BELOW, MODE_ABOVE };

typedef struct {
    int32_t member, path, parity, via_flip;
    int32_t from; /* the member whose instance reached it (-1: the walk's source) */
} qnode;

typedef struct {
    int32_t change; /* source change: meta of the writes, and rotation's old value */
    int32_t owner;  /* who decides: the original change */
    int32_t mode;
    int32_t member;  /* source member */
    int32_t path;    /* its instance */
    int32_t full;    /* the changed path: path itself, or below it (MODE_BELOW) */
    int32_t written; /* MODE_ABOVE: the written ancestor, whose members it decided; else -1 */
    const rt_node *value, *old;
    int32_t prop; /* walk id, for the components it covers */
} prop_t;

static rt_map visited;            /* (path, 0) reached by the current walk */
static rt_map decided;            /* (path, 0) -> owner change */
static int32_t decided_max;       /* the newest owner in `decided` (INT32_MIN: none) */
static int32_t decided_min_depth; /* the depth of its shallowest path */
static rt_map covered;            /* (walk, component) */
static rt_map own_paths;          /* (path, 0) -> the newest round change at that path */
static int32_t own_max;           /* the newest owner in `own_paths` (INT32_MIN: none) */
static int32_t own_min_depth;     /* the depth of its shallowest path */
static rt_map newest;             /* (path, 0) -> the newest change of the round at or below it (mark_later_below) */
/* The round's own changes are [round_begin, round_end) (kit writes come
 * after them). */
static int32_t round_begin, round_end;
static int32_t last_covered[2]; /* the last (walk, component) stored in `covered` */
static int single_owner;        /* the call has one change: it owns everything */

/* The kit's own writes, by change index from round_end on (they are the
 * changes after the round's own, dense): the walk that wrote each and its
 * owner.  A change of that range the kit did not record (a value put
 * back) reads as its own owner, written by no walk. */
typedef struct {
    int32_t prop, owner;
} kit_write;
static struct {
    kit_write *v;
    uint32_t n, cap;
} writes;
static qnode *queue;
static uint32_t q_cap;
static ivec inst; /* instances of one enumeration */
static int32_t n_props;
static int dry; /* the ownership pass: walks claim paths but write nothing */

/* The walk's maps are emptied at each call, in O(1), and keep their tables
 * in the heap from call to call: a call allocates nothing once the tables
 * have grown to its rounds (they never shrink; rt_kit_sync_release frees
 * them). */
static rt_map *const call_maps[] = {&visited, &decided, &covered, &newest, &own_paths};
static int call_maps_ready;

/* The members a change touches (find_members): heap vectors reused from
 * change to change, and per path what they were, memoised (`members_of`:
 * (path, 0) -> offset in `member_pool`, which holds the three counts and
 * then the three lists), since they depend only on the path and the
 * module's constants. */
static struct {
    ivec at_m, under, above_m;
} touched_mems;
static rt_map members_of;
static int members_of_ready;
static ivec member_pool;

void rt_kit_sync_release(void)
{
    chains_release();
    rt_heap_free(touched_mems.at_m.v);
    rt_heap_free(touched_mems.under.v);
    rt_heap_free(touched_mems.above_m.v);
    touched_mems.at_m = touched_mems.under = touched_mems.above_m = (ivec){0};
    if (members_of_ready) rt_map_release(&members_of);
    members_of_ready = 0;
    rt_heap_free(member_pool.v);
    member_pool = (ivec){0};
    for (size_t i = 0; call_maps_ready && i < sizeof call_maps / sizeof *call_maps; i++) rt_map_release(call_maps[i]);
    call_maps_ready = 0;
}

/* The ownership pass's walks, taken again by the write pass.  A round
 * change's walks in the write pass are the ones it took in the ownership
 * pass, in the same order, as long as no key of the state moved in
 * between (the ones of later changes decide the same paths in both
 * passes, and the steps out of each instance are the same): then the
 * write pass goes through the reaches the ownership pass logged, writing,
 * with no queue, visited set or ownership test.  Per round change its
 * walks (`change_walks`: a span of `walk_spans`), per walk its reaches (a
 * span of `reach_log`: REACH_WORDS words each: member, instance, target,
 * flags). */
enum { REACH_WORDS = 4, REACH_PARITY = 1, REACH_FLIP = 2, REACH_WRITES = 4 };
typedef struct {
    uint32_t first, n;
} span_t;
static struct {
    span_t *v;
    uint32_t n, cap;
} walk_spans;
static struct {
    int32_t *v;
    uint32_t n, cap;
} reach_log;
static span_t *change_walks;   /* by round change; NULL: nothing logged (one change) */
static uint32_t dry_keys_gen;  /* rt_keys_gen during the ownership pass */
static int32_t walking_change; /* the round change process_change is on (-1: a kit write) */
static uint32_t walk_no;       /* its walks so far, in the write pass */
static int32_t logging = -1;   /* the walk_spans entry the current dry walk logs into */
static int32_t reached_target; /* reach(): where the last reach it went on through writes, */
static int reached_writes;     /* ... and whether it writes there */

static void call_reset(void)
{
    status = RT_OK;
    walk_spans.v = NULL;
    walk_spans.n = walk_spans.cap = 0;
    reach_log.v = NULL;
    reach_log.n = reach_log.cap = 0;
    change_walks = NULL;
    walking_change = -1;
    logging = -1;
    for (size_t i = 0; i < sizeof call_maps / sizeof *call_maps; i++) {
        if (call_maps_ready)
            rt_map_clear(call_maps[i]);
        else
            rt_map_init(call_maps[i], RT_SPACE_HEAP);
    }
    call_maps_ready = 1;
    decided_max = INT32_MIN;
    decided_min_depth = INT32_MAX;
    own_max = INT32_MIN;
    own_min_depth = INT32_MAX;
    last_covered[0] = last_covered[1] = -1;
    writes.v = NULL;
    writes.n = writes.cap = 0;
    queue = NULL;
    q_cap = 0;
    inst = (ivec){0};
    n_props = 0;
}

/* `path` belongs to change `owner`.  Not kept when the call has a single
 * change: nobody else can ask (decided_by_other compares owners). */
static int32_t decide(int32_t path, int32_t owner)
{
    if (single_owner) return RT_OK;
    if (owner > decided_max) decided_max = owner;
    if (rt_path_depth(path) < decided_min_depth) decided_min_depth = rt_path_depth(path);
    return kmap_put(&decided, path, 0, owner);
}

/* Decided by a later change than `owner` (owners are change indexes): the
 * path or one of its ancestors. An older owner does not block: in the
 * ownership pass it only claimed what no later change had. */
/* An owner newer than `owner` in `m` (path -> owner; `max` its newest,
 * `min_depth` the depth of its shallowest path) at `path` or above it. */
static int newer_owner_above(const rt_map *m, int32_t max, int32_t min_depth, int32_t path, int32_t owner)
{
    if (max <= owner) return 0; /* a single change's round always */
    for (int32_t p = path, d = rt_path_depth(p); p >= 0 && d >= min_depth; p = rt_path_parent(p), d--) {
        if (rt_map_get(m, p, 0, INT32_MIN) > owner) return 1;
    }
    return 0;
}

static int decided_by_other(int32_t path, int32_t owner)
{
    return newer_owner_above(&decided, decided_max, decided_min_depth, path, owner);
}

/* The ownership pass takes the newest change first: the first to claim
 * a path is its newest. */
static int32_t claim_own_path(int32_t path, int32_t owner)
{
    if (rt_map_get(&own_paths, path, 0, INT32_MIN) != INT32_MIN) return RT_OK;
    if (owner > own_max) own_max = owner;
    if (rt_path_depth(path) < own_min_depth) own_min_depth = rt_path_depth(path);
    return kmap_put(&own_paths, path, 0, owner);
}

/* A later round change than `owner` is at `path` or above it. */
static int own_path_of_other(int32_t path, int32_t owner)
{
    return newer_owner_above(&own_paths, own_max, own_min_depth, path, owner);
}

#define KIT_PF_VANISHED 1 /* rt_path_kit_flags: a replacement removed a container here */

enum { GUARD_WRITE, GUARD_NO_CREATE, GUARD_SKIP };

/* How to write `path` ("vanished containers stay vanished"). Find the first
 * intermediate that is not a container. A scalar there: skip (sync and flip
 * never write through a value a replacement put in the way). Missing, null
 * or undefined: write with RT_WRITE_NO_CREATE when a container on the way was
 * removed, either earlier (marked on the path by the replacement's own stage
 * call) or by a change of this call not processed yet (its old value had
 * it). A user or listener write that recreated it makes it present, so it is
 * not in the way; a container that never existed is created. */
static int vanished_guard(int32_t path)
{
    int32_t anc[RT_MAX_DEPTH + 1];
    int32_t d = rt_path_depth(path);
    if (d < 2) return GUARD_WRITE;
    /* a container parent means containers all the way (reads are memoised) */
    if (is_container(rt_get(rt_path_parent(path)))) return GUARD_WRITE;
    for (int32_t p = path, l = d; l >= 0; p = rt_path_parent(p), l--) anc[l] = p;
    const rt_node *v = rt_get(RT_ROOT);
    int32_t first = -1;
    for (int32_t l = 1; l < d; l++) {
        v = kit_child(v, rt_path_atom(anc[l]));
        if (!is_container(v)) {
            first = l;
            break;
        }
    }
    if (first < 0) return GUARD_WRITE;
    int32_t k = rt_kind(v);
    if (k != RT_KIND_MISSING && k != RT_KIND_UNDEFINED && k != RT_KIND_NULL) return GUARD_SKIP;
    for (int32_t l = first; l < d; l++)
        if (rt_path_kit_flags(anc[l]) & KIT_PF_VANISHED) return GUARD_NO_CREATE;
    int32_t f = anc[first];
    /* (the kit's own writes of this call are not replacements: a flip's
     * rotation that put null where a later change writes below does not
     * keep that change from creating its container) */
    for (int32_t c = 0; c < round_end; c++) {
        int32_t cp = rt_change_path(c);
        if (!rt_path_within(cp, f)) continue;
        const rt_node *o = rt_change_old(c);
        for (int32_t l = rt_path_depth(cp) + 1; l <= first && o; l++) o = kit_child(o, rt_path_atom(anc[l]));
        if (is_container(o)) return GUARD_NO_CREATE;
    }
    return GUARD_WRITE;
}

/* Walk `prop` covers component `comp` (stored once per run of reaches). */
static int32_t cover(int32_t prop, int32_t comp)
{
    if (last_covered[0] == prop && last_covered[1] == comp) return RT_OK;
    last_covered[0] = prop;
    last_covered[1] = comp;
    return kmap_put(&covered, prop, comp, 1);
}

/* Change `idx` (>= round_end) is a write of walk `prop` for `owner`. */
static int32_t note_write(int32_t idx, int32_t prop, int32_t owner)
{
    uint32_t at = (uint32_t)(idx - round_end);
    if (scratch_grow((void **)&writes.v, &writes.cap, at + 1u, sizeof *writes.v) != RT_OK) return status;
    for (; writes.n < at; writes.n++) writes.v[writes.n] = (kit_write){-1, round_end + (int32_t)writes.n};
    writes.v[writes.n++] = (kit_write){prop, owner};
    return RT_OK;
}

static kit_write write_of(int32_t j)
{
    uint32_t at = (uint32_t)(j - round_end);
    return at < writes.n ? writes.v[at] : (kit_write){-1, j};
}

static int32_t queue_push(uint32_t *n, qnode x)
{
    if (scratch_grow((void **)&queue, &q_cap, *n + 1u, sizeof *queue) != RT_OK) return status;
    queue[(*n)++] = x;
    return RT_OK;
}

static int32_t write_reached(const prop_t *pp, int32_t target, int32_t parity, int32_t via_flip);

/* A walk reaches instance `t` of member `q`: write it unless something else
 * decided it. Returns 1 when the walk goes on through it, 0 when not,
 * negative on error. */
static int32_t reach(const prop_t *pp, int32_t q, int32_t t, int32_t parity, int32_t via_flip)
{
    if (rt_map_get(&visited, t, 0, 0)) return 0;
    if (kmap_put(&visited, t, 0, 1) != RT_OK) return status;
    if (pp->written >= 0 && rt_path_within(pp->written, t)) return 0;                /* the write decided it */
    if (decided_by_other(t, pp->owner) || own_path_of_other(t, pp->owner)) return 0; /* a later change did */
    if (cover(pp->prop, mem_comp(q)) != RT_OK) return status;
    int32_t target = pp->mode == MODE_BELOW ? rebase(pp->full, pp->path, t) : t;
    if (target < 0) return status = target;
    reached_target = target;
    reached_writes = 0;
    if (target != t && (decided_by_other(target, pp->owner) || own_path_of_other(target, pp->owner))) return 1;
    reached_writes = 1;
    if (dry) { /* the ownership pass: claim, do not write */
        if (decide(target, pp->owner) != RT_OK) return status;
        if (pp->mode != MODE_BELOW && t != target && decide(t, pp->owner) != RT_OK) return status;
        return 1;
    }
    if (write_reached(pp, target, parity, via_flip) != RT_OK) return status;
    if (decide(target, pp->owner) != RT_OK) return status;
    if (pp->mode != MODE_BELOW && t != target && decide(t, pp->owner) != RT_OK) return status;
    return 1;
}

/* The write of a reach: the walk's value (flipped, or rotated, by
 * parity) into `target`, unless nothing is to be written there. */
static int32_t write_reached(const prop_t *pp, int32_t target, int32_t parity, int32_t via_flip)
{
    const rt_node *val = pp->value;
    int write = 1;
    if (parity == 0) {
        if (!val) val = rt_mk_null(); /* the member vanished: its peers get null */
    } else if (rt_kind(val) == RT_KIND_BOOL) {
        val = rt_mk_bool(!rt_truth(val));
    } else {
        /* rotation: the written member's previous value; nothing when it held none */
        int32_t k = rt_kind(pp->old);
        write = k != RT_KIND_MISSING && k != RT_KIND_UNDEFINED;
        val = pp->old;
    }
    if (write && !val) return status = RT_E_NOMEM;
    if (write && rt_kind(val) == RT_KIND_NULL) { /* a null is not pushed into a missing peer */
        int32_t k = rt_kind(rt_get(target));
        if (k == RT_KIND_MISSING || k == RT_KIND_UNDEFINED) write = 0;
    }
    int guard = write ? vanished_guard(target) : GUARD_SKIP;
    if (guard != GUARD_SKIP) {
        int32_t flags = guard == GUARD_NO_CREATE ? RT_WRITE_NO_CREATE : 0;
        int32_t r = rt_write(target, val, via_flip ? RT_TAG_FLIP : RT_TAG_SYNC, pp->change, flags);
        if (r < 0) return status = r;
        if (r == 1) {
            if (note_write(rt_change_count() - 1, pp->prop, pp->owner) != RT_OK) return status;
        }
    }
    return RT_OK;
}

/* One step of a walk: node `from` reaches instance t of member q, over a
 * flip edge when `flip`; queued when the walk goes on through it. */
static int32_t step(const prop_t *pp, uint32_t *qn, const qnode *from, int32_t q, int32_t t, int32_t flip)
{
    int32_t parity = from->parity ^ flip, via = from->via_flip | flip;
    int32_t r = reach(pp, q, t, parity, via);
    if (r < 0) return r;
    if (r == 1 && logging >= 0) {
        if (scratch_grow((void **)&reach_log.v, &reach_log.cap, reach_log.n + REACH_WORDS, sizeof(int32_t)) != RT_OK)
            return status;
        int32_t *e = &reach_log.v[reach_log.n];
        e[0] = q;
        e[1] = t;
        e[2] = reached_target;
        e[3] = (parity ? REACH_PARITY : 0) | (via ? REACH_FLIP : 0) | (reached_writes ? REACH_WRITES : 0);
        reach_log.n += REACH_WORDS;
        walk_spans.v[logging].n++;
    }
    if (r == 1 && queue_push(qn, (qnode){q, t, parity, via, from->member}) != RT_OK) return status;
    return RT_OK;
}

static int32_t record_step(int32_t q, int32_t t, int32_t flags)
{
    if (rt_vec_reserve((void **)&step_pool.v, &step_pool.cap, step_pool.n + STEP_WORDS, sizeof(int32_t),
                       RT_SPACE_HEAP) != RT_OK)
        return status = rt_loop_fail(RT_E_NOMEM);
    step_pool.v[step_pool.n++] = q;
    step_pool.v[step_pool.n++] = t;
    step_pool.v[step_pool.n++] = flags;
    return RT_OK;
}

/* Reach every instance of member `q` bound by the first `nb` keys,
 * recording the steps.  Over a component edge (`edge`), the way back to
 * the member the walk came from, whose instance the shared keys fix, is
 * recorded but not taken: that instance is the one it came from, visited
 * already. */
static int32_t reach_member(const prop_t *pp, uint32_t *qn, const qnode *from, int32_t q, const int32_t *keys,
                            int32_t nb, int32_t flip, int edge)
{
    if (enum_instances(q, keys, nb, mem_pattern(from->member), from->path, &inst) != RT_OK) return status;
    int back = edge && member_fixed_by(q, nb);
    int32_t flags = (flip ? STEP_FLIP : 0) | (back ? STEP_BACK : 0);
    /* reach() does not enumerate, so `inst` stays intact through the loop */
    for (uint32_t i = 0; i < inst.n; i++) {
        if (record_step(q, inst.v[i], flags) != RT_OK) return status;
        if (!(back && q == from->from) && step(pp, qn, from, q, inst.v[i], flip) != RT_OK) return status;
    }
    return RT_OK;
}

/* A gate on the way (a group id, -1 for none): the steps recorded depend
 * on it. */
static int gate_on(int32_t g)
{
    if (g >= 0) steps_gated = 1;
    return group_on(g);
}

static int32_t pool_reserve(uint32_t words)
{
    if (rt_vec_reserve((void **)&step_pool.v, &step_pool.cap, step_pool.n + words, sizeof(int32_t), RT_SPACE_HEAP) !=
        RT_OK)
        return status = rt_loop_fail(RT_E_NOMEM);
    return RT_OK;
}

/* Keeps the steps recorded at `at` (the end of the pool) for node n:
 * into its old entry `old` when they fit there, else as a new entry. */
static int32_t keep_steps(const qnode *n, int no_flip, uint32_t at, int32_t old, uint32_t gen)
{
    uint32_t count = (step_pool.n - at - STEP_HEAD) / STEP_WORDS;
    int32_t *e = &step_pool.v[at];
    e[SH_COUNT] = (int32_t)count;
    e[SH_KEYED] = steps_fanned;
    e[SH_GEN] = (int32_t)gen;
    if (old >= 0 && (uint32_t)step_pool.v[old + SH_ROOM] >= count) {
        int32_t room = step_pool.v[old + SH_ROOM];
        memcpy(&step_pool.v[old], e, (STEP_HEAD + count * STEP_WORDS) * sizeof(int32_t));
        step_pool.v[old + SH_ROOM] = room;
        step_pool.n = at;
        return RT_OK;
    }
    /* a fan-out taken again gets room to grow */
    uint32_t room = old >= 0 ? 2u * count : count;
    if (pool_reserve((room - count) * STEP_WORDS) != RT_OK) return status;
    step_pool.v[at + SH_ROOM] = (int32_t)room;
    step_pool.n += (room - count) * STEP_WORDS;
    return kmap_put(&steps_of, n->path, n->member * 2 + no_flip, (int32_t)at);
}

/* Node n's steps, taken afresh: through the edges of its component (both
 * ways) and the one-way edges leaving its member (forwards), recorded at
 * the end of step_pool and kept (keep_steps) unless a gate decided them
 * or a write of this walk moved the keys while they were taken.  `old`:
 * the node's stale entry, or -1. */
static int32_t expand(const prop_t *pp, uint32_t *qn, const qnode *n, int no_flip, int32_t old)
{
    int32_t keys[KIT_MAX_WILD];
    int32_t nk = inst_keys(mem_pattern(n->member), n->path, keys);
    if (nk < 0) return nk;
    uint32_t at = step_pool.n, gen = rt_keys_gen();
    if (pool_reserve(STEP_HEAD) != RT_OK) return status;
    step_pool.n += STEP_HEAD;
    steps_gated = steps_fanned = 0;
    int32_t comp = mem_comp(n->member);
    int32_t nbind = (int32_t)CMP(comp, TB_K_NBIND);
    uint32_t e0 = CMP(comp, TB_K_FIRST_EDGE), ne = CMP(comp, TB_K_N_EDGES);
    for (uint32_t e = e0; e < e0 + ne && status == RT_OK; e++) {
        int32_t a = (int32_t)EDG((int32_t)e, TB_E_A), b = (int32_t)EDG((int32_t)e, TB_E_B);
        if (a != n->member && b != n->member) continue;
        int32_t flip = (int32_t)EDG((int32_t)e, TB_E_FLIP);
        if ((flip && no_flip) || !gate_on((int32_t)EDG((int32_t)e, TB_E_GROUP))) continue;
        int32_t q = a == n->member ? b : a;
        if (!gate_on((int32_t)MEM(q, TB_M_GROUP))) continue;
        reach_member(pp, qn, n, q, keys, nbind < nk ? nbind : nk, flip, 1);
    }
    uint32_t no = MEM(n->member, TB_M_N_OUT);
    const uint32_t *outs = list_at(MEM(n->member, TB_M_OUT));
    for (uint32_t i = 0; i < no && status == RT_OK; i++) {
        int32_t o = (int32_t)outs[i];
        int32_t flip = (int32_t)ONE(o, TB_O_FLIP), to = (int32_t)ONE(o, TB_O_TO);
        if ((flip && no_flip) || !gate_on((int32_t)ONE(o, TB_O_GROUP)) || !gate_on((int32_t)MEM(to, TB_M_GROUP)))
            continue;
        int32_t nw = pat_nwild(mem_pattern(to));
        reach_member(pp, qn, n, to, keys, nw < nk ? nw : nk, flip, 0);
    }
    if (status != RT_OK || steps_gated || (steps_fanned && rt_keys_gen() != gen)) {
        step_pool.n = at; /* taken once, not kept */
        return status;
    }
    return keep_steps(n, no_flip, at, old, gen);
}

/* Node n's memoised steps (the entry at `at` in step_pool), taken again. */
static int32_t replay(const prop_t *pp, uint32_t *qn, const qnode *n, int32_t at)
{
    /* reach() records nothing, so the pool stays put through the loop */
    const int32_t *s = &step_pool.v[at + STEP_HEAD];
    for (int32_t i = 0, count = step_pool.v[at + SH_COUNT]; i < count; i++, s += STEP_WORDS) {
        if ((s[2] & STEP_BACK) && s[0] == n->from) continue;
        if (step(pp, qn, n, s[0], s[1], s[2] & STEP_FLIP) != RT_OK) return status;
    }
    return RT_OK;
}

/* Whether the entry at `at` still holds: always, unless it fanned out over
 * keys that may have changed since. */
static int steps_hold(int32_t at)
{
    return !step_pool.v[at + SH_KEYED] || (uint32_t)step_pool.v[at + SH_GEN] == rt_keys_gen();
}

/* The write pass's walk as the ownership pass logged it: the components
 * it covers, and the writes of the reaches that write. */
static int32_t replay_walk(const prop_t *pp, const span_t *walk)
{
    if (cover(pp->prop, mem_comp(pp->member)) != RT_OK) return status;
    const int32_t *e = &reach_log.v[walk->first];
    for (uint32_t i = 0; i < walk->n && status == RT_OK; i++, e += REACH_WORDS) {
        if (cover(pp->prop, mem_comp(e[0])) != RT_OK) return status;
        if (e[3] & REACH_WRITES) write_reached(pp, e[2], e[3] & REACH_PARITY, (e[3] & REACH_FLIP) ? 1 : 0);
    }
    return status;
}

/* Walk from the source instance through components and one-way edges. */
static int32_t propagate(prop_t *pp)
{
    if (!member_on(pp->member)) return RT_OK;
    pp->prop = n_props++;
    rt_map_clear(&visited);
    /* one snapshot of the value for every peer written (rt_write keeps a
     * scratch value as it is instead of copying it for each write) */
    if (!dry && pp->value && pp->value->space != RT_SPACE_ARENA) {
        int32_t st = RT_E_NOMEM;
        const rt_node *snap = rt_node_copy(pp->value, RT_SPACE_ARENA, RT_MAX_DEPTH, &st);
        if (!snap) return status = rt_loop_fail(st);
        pp->value = snap;
    }
    /* below a member, or from a vanished one, nothing crosses a flip edge;
     * but a vanished member's change still wins the whole component, so
     * its ownership walk claims what lies across flips too (the write
     * pass then writes only the peers on its side: that walk is not the
     * ownership pass's and is not replayed) */
    int no_flip = pp->mode == MODE_BELOW || !pp->value;
    int claims_across = dry && no_flip && pp->mode == MODE_ABOVE;
    if (claims_across) no_flip = 0;
    if (walking_change >= 0 && change_walks) {
        span_t *mine = &change_walks[walking_change - round_begin];
        if (dry) { /* log this walk */
            if (scratch_grow((void **)&walk_spans.v, &walk_spans.cap, walk_spans.n + 1u, sizeof(span_t)) != RT_OK)
                return status;
            if (!mine->n) mine->first = walk_spans.n;
            mine->n++;
            logging = claims_across ? -1 : (int32_t)walk_spans.n;
            walk_spans.v[walk_spans.n++] = (span_t){claims_across ? UINT32_MAX : reach_log.n, 0};
        } else if (walk_no < mine->n && rt_keys_gen() == dry_keys_gen &&
                   walk_spans.v[mine->first + walk_no].first != UINT32_MAX) {
            return replay_walk(pp, &walk_spans.v[mine->first + walk_no++]);
        } else {
            walk_no++;
        }
    }
    uint32_t qn = 0, qi = 0;
    if (kmap_put(&visited, pp->path, 0, 1) != RT_OK || cover(pp->prop, mem_comp(pp->member)) != RT_OK ||
        queue_push(&qn, (qnode){pp->member, pp->path, 0, 0, -1}) != RT_OK)
        return status;
    /* the memo needs the member's chain (member_fixed_by), as any member reached */
    int32_t depth;
    if (!member_chain(pp->member, &depth)) return status;
    while (qi < qn && status == RT_OK) {
        qnode n = queue[qi++];
        int32_t at = rt_map_get(&steps_of, n.path, n.member * 2 + no_flip, -1);
        if (at >= 0 && steps_hold(at) ? replay(pp, &qn, &n, at) : expand(pp, &qn, &n, no_flip, at)) break;
    }
    logging = -1;
    return status;
}

/* ---- one change ---- */

typedef struct {
    int32_t path;
    int32_t vanished; /* the shallowest container on the way that the change removed, or -1 */
    const rt_node *old, *now;
} below_inst;

typedef struct {
    below_inst *v;
    uint32_t n, cap;
} bvec;

/* Instances of the member chain below `path` (at level lvl), walking the old
 * and the new value in step: new keys in order, then removed old keys. Notes
 * the shallowest container on the way (the changed path included, the member
 * excluded) that the old value had and the new one has not. */
static int32_t below_rec(const int32_t *chain, int32_t depth, int32_t lvl, int32_t path, const rt_node *old,
                         const rt_node *now, int32_t vanished, bvec *out)
{
    for (; lvl <= depth; lvl++) {
        if (vanished < 0 && is_container(old) && !is_container(now)) vanished = path;
        int32_t p = chain[lvl];
        if (pat_wild(p)) {
            ivec keys = {0};
            if (value_keys(now, &keys) != RT_OK) return status;
            uint32_t n_new = keys.n;
            ivec old_keys = {0};
            if (value_keys(old, &old_keys) != RT_OK) return status;
            for (uint32_t i = 0; i < old_keys.n; i++)
                if (!kit_child(now, old_keys.v[i]) && ivec_push(&keys, old_keys.v[i]) != RT_OK) return status;
            (void)n_new;
            for (uint32_t i = 0; i < keys.n; i++) {
                int32_t c = rt_path_child(path, keys.v[i]);
                if (c < 0) return status = c;
                if (below_rec(chain, depth, lvl + 1, c, kit_child(old, keys.v[i]), kit_child(now, keys.v[i]), vanished,
                              out) != RT_OK)
                    return status;
            }
            return RT_OK;
        }
        int32_t atom = (int32_t)PAT(p, TB_P_ATOM);
        path = rt_path_child(path, atom);
        if (path < 0) return status = path;
        old = kit_child(old, atom);
        now = kit_child(now, atom);
    }
    if (scratch_grow((void **)&out->v, &out->cap, out->n + 1u, sizeof *out->v) != RT_OK) return status;
    out->v[out->n++] = (below_inst){path, vanished, old, now};
    return RT_OK;
}

/* later_below[j - round_begin]: a later change of the round is at or
 * below change j's path. */
static uint8_t *later_below;

/* For a larger round: the paths of its changes at or below members (the
 * only ones asked) go in a map to the newest change of the round at or below them;
 * each change then walks its ancestors down to the shallowest such path,
 * raising the entries it meets: O(changes x depth difference) lookups, no
 * insertions beyond the asked paths. A small round (the common single edit)
 * is asked directly instead, with no allocation. */
#define LATER_SCAN_MAX 16 /* rounds this small ask each later change directly */

static int32_t mark_later_below(void)
{
    later_below = NULL;
    if (round_end - round_begin <= LATER_SCAN_MAX) return RT_OK;
    if (rt_map_reserve(&newest, (uint32_t)(round_end - round_begin)) != RT_OK) return status = rt_loop_fail(RT_E_NOMEM);
    int32_t min_depth = INT32_MAX;
    for (int32_t j = round_begin; j < round_end; j++) {
        int32_t path = rt_change_path(j), cls = rt_path_class(path);
        if (cls < 0 || (uint32_t)cls >= T.n_classes || !(CLS(cls, TB_C_FLAGS) & (TB_CF_MEMBER | TB_CF_UNDER))) continue;
        if (kmap_put(&newest, path, 0, -1) != RT_OK) return status;
        if (rt_path_depth(path) < min_depth) min_depth = rt_path_depth(path);
    }
    if (min_depth == INT32_MAX) return RT_OK; /* nobody asks */
    uint32_t n = (uint32_t)(round_end - round_begin), cap = 0;
    if (scratch_grow((void **)&later_below, &cap, n, 1u) != RT_OK) return status;
    for (int32_t k = round_begin; k < round_end; k++)
        for (int32_t p = rt_change_path(k); p >= 0 && rt_path_depth(p) >= min_depth; p = rt_path_parent(p)) {
            rt_map_slot *e = rt_map_find(&newest, p, 0);
            if (e) e->value = k; /* k grows: the newest so far */
        }
    for (int32_t j = round_begin; j < round_end; j++)
        later_below[j - round_begin] = rt_map_get(&newest, rt_change_path(j), 0, -1) > j;
    return RT_OK;
}

/* Asked only for changes at or below members. Without the index (a small
 * round, or a large one where no change is asked) it scans the later ones. */
static int later_change_within(int32_t j)
{
    if (j < round_begin || j >= round_end) return 0;
    if (later_below) return later_below[j - round_begin];
    int32_t path = rt_change_path(j);
    for (int32_t k = j + 1; k < round_end; k++)
        if (rt_path_within(path, rt_change_path(k))) return 1;
    return 0;
}

/* Propagate change `j` through every member it is at, below or above,
 * skipping the components walk `skip_prop` covered (-1: none). */
/* The members a change touches, from the members' watch index
 * (TB_H_WATCH, read by kit_touches as every kit's) into touched_mems:
 * those it is at (`at_m`), the members above it with the ancestor they
 * match, nearest first (`under`: pairs), and those below it (`above_m`). */

static int32_t heap_push(ivec *v, int32_t x)
{
    if (rt_vec_reserve((void **)&v->v, &v->cap, v->n + 1u, sizeof *v->v, RT_SPACE_HEAP) != RT_OK)
        return status = rt_loop_fail(RT_E_NOMEM);
    v->v[v->n++] = x;
    return RT_OK;
}

static int32_t found_member(void *ctx, int32_t m, int32_t pattern, int32_t at, int32_t below)
{
    (void)ctx;
    if (below) return heap_push(&touched_mems.under, m) != RT_OK ? status : heap_push(&touched_mems.under, at);
    return heap_push(mem_pattern(m) == pattern ? &touched_mems.at_m : &touched_mems.above_m, m);
}

static int by_id(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return a < b ? -1 : a > b;
}

/* Ascending member ids without repeats: the order the propagation takes. */
static void sort_ids(int32_t *v, uint32_t *n)
{
    if (*n < 2) return;
    qsort(v, *n, sizeof *v, by_id);
    uint32_t k = 1;
    for (uint32_t i = 1; i < *n; i++)
        if (v[i] != v[k - 1]) v[k++] = v[i];
    *n = k;
}

static int by_pair_id(const void *x, const void *y) { return by_id(x, y); }

/* The members `path` touches, worked out with kit_touches into
 * touched_mems and stored in member_pool: the entry's offset, or a
 * negative status. */
static int32_t work_out_members(int32_t path)
{
    touched_mems.at_m.n = touched_mems.under.n = touched_mems.above_m.n = 0;
    int32_t r = kit_touches(T.b, T.b, tb_hdr(T.b, TB_H_WATCH), path, found_member, NULL);
    if (r < 0) return status = r;
    sort_ids(touched_mems.at_m.v, &touched_mems.at_m.n);
    sort_ids(touched_mems.above_m.v, &touched_mems.above_m.n);
    /* under: pairs in ancestor order; each ancestor's members ascending */
    for (uint32_t i = 0; i < touched_mems.under.n;) {
        uint32_t k = i;
        while (k < touched_mems.under.n && touched_mems.under.v[k + 1] == touched_mems.under.v[i + 1]) k += 2;
        if (k - i > 2) qsort(touched_mems.under.v + i, (k - i) / 2, 2 * sizeof(int32_t), by_pair_id);
        i = k;
    }
    const ivec *lists[3] = {&touched_mems.at_m, &touched_mems.under, &touched_mems.above_m};
    int32_t at = (int32_t)member_pool.n;
    for (int l = 0; l < 3; l++)
        if (heap_push(&member_pool, (int32_t)lists[l]->n) != RT_OK) return status;
    for (int l = 0; l < 3; l++)
        for (uint32_t i = 0; i < lists[l]->n; i++)
            if (heap_push(&member_pool, lists[l]->v[i]) != RT_OK) return status;
    if (kmap_put(&members_of, path, 0, at) != RT_OK) return status;
    return at;
}

/* The members a change at `path` touches: `at` those it is at, `under`
 * (pairs: member, ancestor) those above it nearest first, `above` those
 * below it; each list's length in n[0..2].  The pointers stay valid for
 * the rest of the change's processing.  RT_OK or a status. */
static int32_t find_members(int32_t path, const int32_t **at, const int32_t **under, const int32_t **above,
                            uint32_t n[3])
{
    if (!members_of_ready) {
        rt_map_init(&members_of, RT_SPACE_HEAP);
        members_of_ready = 1;
    }
    int32_t e = rt_map_get(&members_of, path, 0, -1);
    if (e < 0) e = work_out_members(path);
    if (e < 0) return status;
    const int32_t *v = member_pool.v + e;
    for (int l = 0; l < 3; l++) n[l] = (uint32_t)v[l];
    *at = v + 3;
    *under = *at + n[0];
    *above = *under + n[1];
    return RT_OK;
}

static int32_t process_change(int32_t j, int32_t owner, int32_t skip_prop)
{
    walking_change = j >= round_begin && j < round_end && skip_prop < 0 ? j : -1;
    walk_no = 0;
    int32_t path = rt_change_path(j);
    int32_t cls = rt_path_class(path);
    if (cls < 0 || (uint32_t)cls >= T.n_classes) return RT_OK;
    /* A later change decided the path: it sends it on, and this one only
     * marks the containers it removed (the decisions of later changes do
     * not move while this one walks, so asking once is enough). */
    int theirs = decided_by_other(path, owner);
    /* A round change's own path is its own, members or not: an older
     * change's walk does not write at or below it (`[q = false, r = null]`
     * with `q <-> r.x` flipped leaves r null: the later change wins). Kept
     * apart from the walks' claims, which also stop an older change at the
     * same path from sending itself on. */
    if (dry && walking_change >= 0 && !single_owner && claim_own_path(path, owner) != RT_OK) return status;
    prop_t pp;
    const int32_t *at_m = NULL, *under = NULL, *above_m = NULL;
    uint32_t nm[3] = {0, 0, 0};
    if (find_members(path, &at_m, &under, &above_m, nm) != RT_OK) return status;

    /* An older change's walk may have overwritten this change's own path (a
     * parent written at a peer): it still owns the path, so it puts its value
     * back before sending it on. Not when a later change of the round wrote
     * at or below the path: then the difference is that change's, and it
     * wins (`q = null` then `q.x = 1` leaves q = {x: 1}). */
    if (!theirs && !dry && skip_prop < 0 && (CLS(cls, TB_C_FLAGS) & (TB_CF_MEMBER | TB_CF_UNDER)) &&
        !later_change_within(j) && !rt_equal(rt_get(path), rt_change_value(j))) {
        int32_t r = rt_write(path, rt_change_value(j), RT_TAG_SYNC, j, 0);
        if (r < 0) return status = r;
    }

    /* exact: the change is at a member */
    for (uint32_t i = 0; i < nm[0] && !theirs; i++) {
        int32_t m = at_m[i];
        if (skip_prop >= 0 && rt_map_get(&covered, skip_prop, mem_comp(m), 0)) continue;
        /* the change sends its own value when a later change of the round
         * wrote below it (that one then sends its part): as if applied one
         * after the other; otherwise the state's value, which a kit write
         * may have put back */
        rt_node *v = !dry && skip_prop < 0 && later_change_within(j) ? (rt_node *)rt_change_value(j) : rt_get(path);
        pp = (prop_t){j, owner, MODE_EXACT, m, path, path, -1, v, rt_change_old(j), 0};
        if (decide(path, owner) != RT_OK || propagate(&pp) != RT_OK) return status;
    }

    /* below a member: every member above the change sends it on, the
     * nearest first (the ancestors' `exact` lists) */
    for (uint32_t i = 0; i < nm[1] && !theirs; i += 2) {
        int32_t m = under[i], s = under[i + 1];
        if (skip_prop >= 0 && rt_map_get(&covered, skip_prop, mem_comp(m), 0)) continue;
        pp = (prop_t){j, owner, MODE_BELOW, m, s, path, -1, rt_get(path), NULL, 0};
        if (decide(path, owner) != RT_OK || propagate(&pp) != RT_OK) return status;
    }

    /* above members: each member under the path whose value changed sends
     * its new value (null when it vanished), except into the written subtree */
    for (uint32_t i = 0; i < nm[2]; i++) {
        int32_t m = above_m[i];
        if (skip_prop >= 0 && rt_map_get(&covered, skip_prop, mem_comp(m), 0)) continue;
        int32_t d;
        const int32_t *chain = member_chain(m, &d);
        if (!chain) return status;
        bvec found = {0};
        if (below_rec(chain, d, rt_path_depth(path) + 1, path, rt_change_old(j), rt_change_value(j), -1, &found) !=
            RT_OK)
            return status;
        for (uint32_t k = 0; k < found.n; k++) {
            const below_inst *b = &found.v[k];
            /* remembered for later applies: sync and flip do not recreate it */
            if (b->vanished >= 0) {
                int32_t s = rt_path_set_kit_flags(b->vanished, KIT_PF_VANISHED);
                if (s != RT_OK) return s;
            }
            if (theirs || rt_equal(b->old, b->now)) continue;
            if (decided_by_other(b->path, owner)) continue;
            pp = (prop_t){j, owner, MODE_ABOVE, m, b->path, b->path, path, rt_get(b->path), b->old, 0};
            if (decide(b->path, owner) != RT_OK || propagate(&pp) != RT_OK) return status;
        }
    }
    return status;
}

int32_t rt_kit_sync_stage(const uint8_t *blob, int32_t begin, int32_t end)
{
    if (load(blob) != RT_OK || begin < 0 || end < begin) return RT_E_HOOK;
    if (T.n_mems == 0 || begin == end) return RT_OK;
    call_reset();
    /* Ownership, newest first: every path a change's walk reaches belongs to
     * the latest change reaching it (the later change wins). Then the writes,
     * oldest first, so the output follows the order of the causing changes;
     * each change writes only what it owns. */
    round_begin = begin;
    round_end = end;
    single_owner = end - begin == 1;
    if (mark_later_below() != RT_OK) return status;
    /* With one change there is no later change to win: it owns everything
     * its walks reach, and the writes need no ownership pass first. */
    if (end - begin > 1) {
        uint32_t cw_cap = 0;
        if (scratch_grow((void **)&change_walks, &cw_cap, (uint32_t)(end - begin), sizeof(span_t)) != RT_OK)
            return status;
        memset(change_walks, 0, (size_t)(end - begin) * sizeof(span_t));
    }
    dry = 1;
    for (int32_t j = end - 1; j >= begin && end - begin > 1 && status == RT_OK; j--) process_change(j, j, -1);
    dry = 0;
    dry_keys_gen = rt_keys_gen();
    if (status != RT_OK) return status;
    for (int32_t j = begin; j < end; j++)
        if (process_change(j, j, -1) != RT_OK) return status;
    int64_t budget = (int64_t)(end - begin) * KIT_DERIVED_FACTOR + 4096;
    for (int32_t j = end; j < rt_change_count() && budget-- > 0; j++) {
        kit_write w = write_of(j);
        if (process_change(j, w.owner, w.prop) != RT_OK) return status;
    }
    return status;
}

/* ---- creation ---- */

/* -1 / 0 / 1 by path text, for the vote's tie break. */
static int32_t path_text_cmp(int32_t a, int32_t b)
{
    int32_t la = rt_path_text_len(a), lb = rt_path_text_len(b);
    uint8_t *ta = rt_scratch(la + 1), *tb = rt_scratch(lb + 1);
    if (!ta || !tb) {
        status = RT_E_NOMEM;
        return 0;
    }
    rt_path_text(a, ta);
    rt_path_text(b, tb);
    int c = memcmp(ta, tb, (size_t)(la < lb ? la : lb));
    if (c) return c < 0 ? -1 : 1;
    return la < lb ? -1 : la > lb;
}

/* Is holder `a` a better tie-break than `b`: shallower, then smaller text. */
static int better_holder(int32_t a, int32_t b)
{
    int32_t da = rt_path_depth(a), db = rt_path_depth(b);
    if (da != db) return da < db;
    return path_text_cmp(a, b) < 0;
}

/* The most common value among the instances, ignoring missing, null and
 * undefined; ties to the value with the best holder. NULL when none. */
static const rt_node *vote(const ivec *paths)
{
    const rt_node *best = NULL;
    int32_t best_count = 0, best_holder = -1;
    for (uint32_t i = 0; i < paths->n; i++) {
        const rt_node *v = rt_get(paths->v[i]);
        if (rt_node_is_nothing(v)) continue;
        int seen = 0;
        for (uint32_t k = 0; k < i && !seen; k++) {
            const rt_node *u = rt_get(paths->v[k]);
            seen = !rt_node_is_nothing(u) && rt_equal(u, v);
        }
        if (seen) continue; /* counted with its first holder */
        int32_t count = 0, holder = -1;
        for (uint32_t k = i; k < paths->n; k++) {
            const rt_node *u = rt_get(paths->v[k]);
            if (rt_node_is_nothing(u) || !rt_equal(u, v)) continue;
            count++;
            if (holder < 0 || better_holder(paths->v[k], holder)) holder = paths->v[k];
        }
        if (count > best_count || (count == best_count && better_holder(holder, best_holder))) {
            best = v;
            best_count = count;
            best_holder = holder;
        }
    }
    return best;
}

static int comp_in_group(int32_t c, int32_t g)
{
    uint32_t m0 = CMP(c, TB_K_FIRST_MEMBER), nm = CMP(c, TB_K_N_MEMBERS);
    uint32_t e0 = CMP(c, TB_K_FIRST_EDGE), ne = CMP(c, TB_K_N_EDGES);
    for (uint32_t e = e0; e < e0 + ne; e++)
        if ((int32_t)EDG((int32_t)e, TB_E_GROUP) == g) return 1;
    for (uint32_t m = m0; m < m0 + nm; m++) {
        if ((int32_t)MEM((int32_t)m, TB_M_GROUP) == g) return 1;
        uint32_t ni = MEM((int32_t)m, TB_M_N_IN);
        const uint32_t *in = list_at(MEM((int32_t)m, TB_M_IN));
        for (uint32_t i = 0; i < ni; i++)
            if ((int32_t)ONE((int32_t)in[i], TB_O_GROUP) == g) return 1;
    }
    return 0;
}

static int32_t uf_find(int32_t *parent, int32_t x)
{
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
}

/* The value an enabled one-way edge into the vote set brings, or NULL. */
static const rt_node *oneway_value(const int32_t *set_members, uint32_t n_set, const int32_t *tuple, int32_t nt)
{
    ivec src = {0};
    for (uint32_t s = 0; s < n_set; s++) {
        int32_t m = set_members[s];
        uint32_t ni = MEM(m, TB_M_N_IN);
        const uint32_t *in = list_at(MEM(m, TB_M_IN));
        for (uint32_t i = 0; i < ni; i++) {
            int32_t o = (int32_t)in[i], from = (int32_t)ONE(o, TB_O_FROM);
            if (!group_on((int32_t)ONE(o, TB_O_GROUP)) || !member_on(from)) continue;
            int32_t nw = pat_nwild(mem_pattern(from));
            if (enum_instances(from, tuple, nw < nt ? nw : nt, -1, -1, &src) != RT_OK) return NULL;
            for (uint32_t k = 0; k < src.n; k++) {
                const rt_node *v = rt_get(src.v[k]);
                if (rt_node_is_nothing(v)) continue;
                if (!ONE(o, TB_O_FLIP)) return v;
                if (rt_kind(v) == RT_KIND_BOOL) return rt_mk_bool(!rt_truth(v));
            }
        }
    }
    return NULL;
}

static int32_t settle(int32_t c)
{
    int32_t m0 = (int32_t)CMP(c, TB_K_FIRST_MEMBER), nm = (int32_t)CMP(c, TB_K_N_MEMBERS);
    int32_t nbind = (int32_t)CMP(c, TB_K_NBIND);
    if (nm == 0) return RT_OK;
    /* vote sets: members joined by enabled sync edges (flips are not reconciled) */
    int32_t *parent = rt_scratch(nm * (int32_t)sizeof(int32_t));
    int32_t *set = rt_scratch(nm * (int32_t)sizeof(int32_t));
    if (!parent || !set) return status = RT_E_NOMEM;
    for (int32_t i = 0; i < nm; i++) parent[i] = i;
    uint32_t e0 = CMP(c, TB_K_FIRST_EDGE), ne = CMP(c, TB_K_N_EDGES);
    for (uint32_t e = e0; e < e0 + ne; e++) {
        int32_t a = (int32_t)EDG((int32_t)e, TB_E_A), b = (int32_t)EDG((int32_t)e, TB_E_B);
        if (EDG((int32_t)e, TB_E_FLIP) || !group_on((int32_t)EDG((int32_t)e, TB_E_GROUP)) || !member_on(a) ||
            !member_on(b))
            continue;
        parent[uf_find(parent, a - m0)] = uf_find(parent, b - m0);
    }
    /* the bound-key tuples present: one empty tuple when nothing binds */
    ivec tuples = {0};
    uint32_t n_tuples = 0;
    if (nbind == 0) {
        n_tuples = 1;
    } else {
        ivec found = {0};
        for (int32_t i = 0; i < nm; i++) {
            if (!member_on(m0 + i)) continue;
            if (enum_instances(m0 + i, NULL, 0, -1, -1, &found) != RT_OK) return status;
            for (uint32_t k = 0; k < found.n; k++) {
                int32_t keys[KIT_MAX_WILD];
                if (inst_keys(mem_pattern(m0 + i), found.v[k], keys) < 0) return status;
                int dup = 0;
                for (uint32_t t = 0; t < n_tuples && !dup; t++)
                    dup = memcmp(&tuples.v[t * (uint32_t)nbind], keys, (size_t)nbind * sizeof *keys) == 0;
                if (dup) continue;
                for (int32_t w = 0; w < nbind; w++)
                    if (ivec_push(&tuples, keys[w]) != RT_OK) return status;
                n_tuples++;
            }
        }
    }
    ivec paths = {0}, one = {0};
    for (uint32_t t = 0; t < n_tuples; t++) {
        const int32_t *tuple = nbind ? &tuples.v[t * (uint32_t)nbind] : NULL;
        for (int32_t r = 0; r < nm; r++) {
            if (uf_find(parent, r) != r || !member_on(m0 + r)) continue;
            uint32_t n_set = 0;
            paths.n = 0;
            for (int32_t i = 0; i < nm; i++) {
                if (uf_find(parent, i) != r || !member_on(m0 + i)) continue;
                set[n_set++] = m0 + i;
                if (enum_instances(m0 + i, tuple, nbind, -1, -1, &one) != RT_OK) return status;
                for (uint32_t k = 0; k < one.n; k++)
                    if (ivec_push(&paths, one.v[k]) != RT_OK) return status;
            }
            const rt_node *win = oneway_value(set, n_set, tuple, nbind);
            if (status != RT_OK) return status;
            if (!win) win = vote(&paths);
            if (status != RT_OK) return status;
            if (!win) continue; /* no member holds a value: nothing changes */
            for (uint32_t k = 0; k < paths.n; k++) {
                int32_t w = rt_write(paths.v[k], win, RT_TAG_SYNC, -1, 0);
                if (w < 0) return status = w;
            }
        }
    }
    return status;
}

int32_t rt_kit_sync_create(const uint8_t *blob, int32_t group)
{
    if (load(blob) != RT_OK) return RT_E_HOOK;
    call_reset();
    const uint32_t *order = list_at(T.order);
    for (uint32_t i = 0; i < T.n_comps; i++) {
        int32_t c = (int32_t)order[i];
        if (group >= 0 && !comp_in_group(c, group)) continue;
        if (settle(c) != RT_OK) return status;
    }
    return status;
}
