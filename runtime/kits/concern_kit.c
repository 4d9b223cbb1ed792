/* concern_kit.c — which concern instances to evaluate, and when
 * (semantics.md §9 and §10), over the concern index (concern_tables.h) and
 * the path classes of the tables.h blob.
 *
 * A change at X concerns a concern with input I when X == I, X is below I,
 * or X is above I: the index is a watch index (watch_tables.h) and the
 * lookup is kit_touches (kit_common.c), shared with the derived and clear
 * kits.  The cost is O(depth of X + concerns found), never a scan over
 * rules or keys.
 *
 * The keys bound by the matched pattern's wildcards pick the field's
 * instances by position; the field's other wildcards fan out over the keys
 * present in the state.  For a wildcard field the instances stored under
 * `_concerns` whose keys have gone from the state are removed (their value
 * written `undefined`).  Each instance is evaluated at most once per stage
 * call, by the generated `concern` hook, which writes the value; rt_write
 * drops the ones equal to what is stored, so only changes are reported.
 *
 * The list of touches and the set of instances evaluated keep their
 * storage in the heap from call to call (emptied per call), and
 * where each instance keeps its value is memoised across calls (`places`).
 */

#include "concern_kit.h"

#include <stdlib.h>
#include <string.h>

#include "concern_tables.h"
#include "hooks.h"
#include "kit_common.h"
#include "rt_access.h"
#include "rt_atom.h"
#include "rt_group.h"
#include "rt_heap.h"
#include "rt_loop.h"
#include "rt_path.h"
#include "rt_vec.h"
#include "tables.h"

static const uint8_t *TB, *CT;
static int32_t status;
static uint32_t evaluations; /* every evaluator call since start-up (statistics) */

/* Where concern values live, memoised across applies (paths never go away,
 * so neither entry ever goes stale): (-1, state path) -> its `_concerns`
 * twin, and (concern, state path) -> the twin's child under the output
 * name. One entry per path and per instance ever evaluated. */
static rt_map places;
static int places_ready;

uint32_t rt_kit_concern_evaluations(void) { return evaluations; }

static rt_map seen; /* per call, its table kept: (concern, field path) -> 1 */

/* What a change at a path touches, worked out once and memoised
 * (`resolved`: (0, path) -> offset in `pool`).  pool[offset] holds the
 * number of entries, then POOL_WORDS words per entry, by concern.  A
 * concern whose wildcards the change's keys all bind has one instance,
 * independent of the state: its entry is evaluate's arguments (concern,
 * field path, output path, key path), without repeats.  One with keys
 * left to fan out over the state (an unbound [*] or a [**]) keeps the
 * touch, (-1 - concern, pattern, at, below), and is walked each time. */
enum { POOL_WORDS = 4 };
static rt_map resolved;
static struct {
    int32_t *v;
    uint32_t n, cap;
} pool;

/* The instances a fan-out touch (a pool entry, by offset) walked to, kept
 * while no key of the state moves (rt_keys_gen): (entry, 0) -> offset in
 * `fanned_pool`, which holds FAN_HEAD words — the count it was taken at,
 * the number of instances, the room for them — then FAN_WORDS per
 * instance: evaluate's arguments (field path, output path, key path), in
 * the order the walk found them.  An entry taken again is rewritten in
 * place when it fits, else moved to the end with twice the room. */
enum { FAN_HEAD = 3, FAN_WORDS = 3 };
static rt_map fanned;
static struct {
    int32_t *v;
    uint32_t n, cap;
} fanned_pool;

static int32_t load(const uint8_t *tb, const uint8_t *ct)
{
    if (!places_ready) {
        rt_map_init(&places, RT_SPACE_HEAP);
        rt_map_init(&seen, RT_SPACE_HEAP);
        rt_map_init(&resolved, RT_SPACE_HEAP);
        rt_map_init(&fanned, RT_SPACE_HEAP);
        places_ready = 1;
    }
    return kit_load(tb, ct, CT_MAGIC, &TB, &CT, &status);
}

static uint32_t pat(int32_t p, uint32_t w) { return kit_pat(TB, p, w); }
static int pat_wild(int32_t p) { return kit_pat_wild(TB, p); }
static uint32_t rec(int32_t c, uint32_t w) { return tb_field(CT, CT_H_CONCERNS, CT_R_WORDS, (uint32_t)c, w); }

static int concern_on(int32_t c)
{
    int32_t g = (int32_t)rec(c, CT_R_GROUP);
    return g < 0 || rt_group_enabled(g) != 0;
}

/* Scratch arrays grow through kit_grow; a failure is this call's status. */
static int32_t grow(void **items, uint32_t *cap, uint32_t need, size_t elem)
{
    int32_t r = kit_grow(items, cap, need, elem);
    if (r != RT_OK && status == RT_OK) status = r;
    return r;
}

/* ---- instances evaluated this call: a set of (concern, field path) ---- */

/* 1 when (c, path) is new (and is now recorded), 0 when seen, < 0 on failure. */
static int32_t first_time(int32_t c, int32_t path)
{
    if (rt_map_get(&seen, c, path, 0)) return 0;
    if (rt_map_put(&seen, c, path, 1) != RT_OK) return status = RT_E_NOMEM;
    return 1;
}

static void call_reset(void);

/* ---- groups switched by their `when` conditions this call ---- */

static struct {
    int32_t *v;
    uint32_t n, cap;
} switched;

static void switched_group(int32_t g)
{
    if (grow((void **)&switched.v, &switched.cap, switched.n + 1, sizeof(int32_t)) != RT_OK) return;
    switched.v[switched.n++] = g;
}

/* Runs the creation steps of the groups switched on, the removal of those
 * switched off (semantics §9: right there, in the same round).  The hooks
 * come back into this kit, so the list is taken first. */
static int32_t run_switches(void)
{
    uint32_t n = switched.n;
    int32_t *groups = switched.v;
    switched.n = switched.cap = 0;
    switched.v = NULL;
    for (uint32_t i = 0; i < n && status == RT_OK; i++) {
        int32_t on = rt_group_enabled(groups[i]);
        int32_t r = on ? wp_hook_create(groups[i]) : wp_hook_disable(groups[i]);
        if (r < 0) return r;
    }
    return status;
}

/* ---- walking a field's instances ---- */

/* The keys of a container value, in order (array indexes as atoms), handed to `fn`. */
typedef struct Walk {
    int32_t concern;
    int32_t chain[RT_MAX_DEPTH + 1]; /* the field's pattern, root first */
    int32_t depth;
    const int32_t *bound;
    int32_t nb;
    int32_t name;  /* atom of the output name */
    int32_t tag;   /* of its changes */
    int removing;  /* walk the stored values, removing vanished instances */
    int once;      /* no other walk of this call reaches its instances: no set to ask */
    int32_t keyed; /* keyed_depth of the concern */
    int recording; /* append each instance visited to fanned_pool */
} Walk;

static int32_t child(int32_t parent, int32_t atom)
{
    int32_t c = rt_path_child(parent, atom);
    if (c < 0 && status == RT_OK) status = c;
    return c;
}

/* Memoises `made` (a path, or a negative status) under (k0, sp). */
static int32_t place(int32_t k0, int32_t sp, int32_t made)
{
    if (made >= 0 && rt_map_put(&places, k0, sp, made) != RT_OK) return status = RT_E_NOMEM;
    return made;
}

/* The `_concerns` twin of state path sp: `_concerns` followed by sp's keys. */
static int32_t twin(int32_t sp)
{
    if (sp == RT_ROOT) return child(RT_ROOT, (int32_t)tb_u32(CT, 0, CT_H_ROOT_ATOM));
    int32_t cp = rt_map_get(&places, -1, sp, -1);
    if (cp >= 0) return cp;
    int32_t up = twin(rt_path_parent(sp));
    return up < 0 ? up : place(-1, sp, child(up, rt_path_atom(sp)));
}

/* Where concern c of the instance at sp keeps its value. */
static int32_t output_path(int32_t c, int32_t name, int32_t sp)
{
    int32_t out = rt_map_get(&places, c, sp, -1);
    if (out >= 0) return out;
    int32_t cp = twin(sp);
    return cp < 0 ? cp : place(c, sp, child(cp, name));
}

/* The depth of the deepest wildcard of concern c's field, 0 for none. */
static int32_t keyed_depth(int32_t c)
{
    int32_t d = 0;
    for (int32_t p = (int32_t)rec(c, CT_R_FIELD); p > 0 && !d; p = (int32_t)pat(p, TB_P_PARENT))
        if (pat_wild(p)) d = (int32_t)pat(p, TB_P_DEPTH);
    return d;
}

static void remove_value(int32_t out, int32_t tag)
{
    if (rt_write(out, rt_mk_undefined(), tag, -1, 0) < 0 && status == RT_OK) status = RT_E_NOMEM;
}

/* Concern c's instance at sp, its value at out: evaluated, or removed
 * when the keys that make it are gone from the state (`key`, the path at
 * the field's deepest wildcard, is missing: the change removed it). */
static void evaluate(int32_t c, int32_t sp, int32_t out, int32_t key)
{
    if (key > 0 && !rt_get(key)) {
        remove_value(out, (int32_t)rec(c, CT_R_TAG));
        return;
    }
    evaluations++;
    int32_t r = wp_hook_concern(c, sp, out);
    if (r < 0 && status == RT_OK) status = r;
    int32_t g = (int32_t)rec(c, CT_R_SWITCHES);
    if (r == 1 && g >= 0) switched_group(g);
}

static void visit(Walk *w, int32_t sp, int32_t cp)
{
    if (w->removing) {
        int32_t out = child(cp, w->name);
        if (out >= 0) remove_value(out, w->tag);
        return;
    }
    int32_t out = output_path(w->concern, w->name, sp);
    if (out < 0) return;
    int32_t key = w->keyed ? rt_path_ancestor(sp, w->keyed) : 0;
    if (w->recording) {
        if (rt_vec_reserve((void **)&fanned_pool.v, &fanned_pool.cap, fanned_pool.n + FAN_WORDS, sizeof(int32_t),
                           RT_SPACE_HEAP) != RT_OK) {
            status = RT_E_NOMEM;
            return;
        }
        fanned_pool.v[fanned_pool.n++] = sp;
        fanned_pool.v[fanned_pool.n++] = out;
        fanned_pool.v[fanned_pool.n++] = key;
    }
    if (!w->once && first_time(w->concern, sp) <= 0) return;
    evaluate(w->concern, sp, out, key);
}

/* The instances of fan-out entry `entry` as last walked, evaluated again
 * when no key moved since: 1, or 0 when they have to be walked. */
static int from_fanned(const Walk *w, int32_t entry)
{
    int32_t at = rt_map_get(&fanned, entry, 0, -1);
    if (at < 0 || (uint32_t)fanned_pool.v[at] != rt_keys_gen()) return 0;
    /* evaluate() records nothing, so the pool stays put through the loop */
    const int32_t *e = &fanned_pool.v[at + FAN_HEAD];
    for (int32_t i = 0, n = fanned_pool.v[at + 1]; i < n && status == RT_OK; i++, e += FAN_WORDS)
        if (w->once || first_time(w->concern, e[0]) > 0) evaluate(w->concern, e[0], e[1], e[2]);
    return 1;
}

/* Keeps the instances recorded from `start` (the end of fanned_pool) for
 * `entry`, taken when the keys were at `gen`. */
static void keep_fanned(int32_t entry, uint32_t start, uint32_t gen)
{
    uint32_t n = (fanned_pool.n - start - FAN_HEAD) / FAN_WORDS;
    int32_t *e = &fanned_pool.v[start];
    e[0] = (int32_t)gen;
    e[1] = (int32_t)n;
    int32_t old = rt_map_get(&fanned, entry, 0, -1);
    if (old >= 0 && (uint32_t)fanned_pool.v[old + 2] >= n) {
        int32_t room = fanned_pool.v[old + 2];
        memcpy(&fanned_pool.v[old], e, (FAN_HEAD + n * FAN_WORDS) * sizeof(int32_t));
        fanned_pool.v[old + 2] = room;
        fanned_pool.n = start;
        return;
    }
    uint32_t room = old >= 0 ? 2u * n : n; /* one walked again gets room to grow */
    if (rt_vec_reserve((void **)&fanned_pool.v, &fanned_pool.cap, fanned_pool.n + (room - n) * FAN_WORDS,
                       sizeof(int32_t), RT_SPACE_HEAP) != RT_OK ||
        rt_map_put(&fanned, entry, 0, (int32_t)start) != RT_OK) {
        fanned_pool.n = start; /* not kept: walked next time */
        return;
    }
    e = &fanned_pool.v[start];
    e[2] = (int32_t)room;
    fanned_pool.n += (room - n) * FAN_WORDS;
}

/* A key of `container` (an object member or an array index) is present. */
static int has_key(const rt_node *container, int32_t atom)
{
    if (rt_kind(container) == RT_KIND_OBJECT) return rt_member(container, atom) != NULL;
    if (rt_kind(container) == RT_KIND_ARRAY) {
        int32_t i = rt_atom_index(atom);
        return i >= 0 && i < rt_len(container);
    }
    return 0;
}

/* Level `lvl` of the field's chain, at state path sp and (removing only)
 * concern path cp. Evaluating: unbound wildcards fan out over the keys
 * present in the state. Removing: over the keys stored under `_concerns`,
 * visiting those the state no longer has (and, when `all`, every one). */
static void walk(Walk *w, int32_t lvl, int32_t sp, int32_t cp, int32_t wi, int all)
{
    for (; lvl <= w->depth && status == RT_OK; lvl++) {
        int32_t p = w->chain[lvl];
        int32_t atom;
        if (!pat_wild(p)) {
            atom = (int32_t)pat(p, TB_P_ATOM);
        } else if (kit_pat_binds(TB, p) && wi < w->nb) {
            atom = w->bound[wi++];
        } else {
            const rt_node *here = rt_get(w->removing ? cp : sp);
            const rt_node *state = w->removing ? rt_get(sp) : here;
            int32_t binds = kit_pat_binds(TB, p);
            if (rt_kind(here) == RT_KIND_OBJECT) {
                for (rt_node *m = rt_first(here); m && status == RT_OK; m = rt_next(m)) {
                    int32_t k = rt_key(m);
                    int gone = w->removing && !has_key(state, k);
                    walk(w, lvl + 1, child(sp, k), w->removing ? child(cp, k) : -1, wi + binds, all || gone);
                }
            } else if (rt_kind(here) == RT_KIND_ARRAY && !w->removing) {
                for (int32_t i = 0, n = rt_len(here); i < n && status == RT_OK; i++) {
                    int32_t k = rt_atom_of_index((uint32_t)i);
                    if (k < 0) {
                        status = k;
                        return;
                    }
                    walk(w, lvl + 1, child(sp, k), -1, wi + binds, all);
                }
            }
            return;
        }
        sp = child(sp, atom);
        if (w->removing) cp = child(cp, atom);
    }
    if (status != RT_OK || sp < 0 || (w->removing && cp < 0)) return;
    if (!w->removing || all) visit(w, sp, cp);
}

/* Evaluates the instances of concern c whose first nb wildcards are
 * `bound` (found through pattern p at path `at`, or p = -1), and removes
 * the stored ones whose keys vanished. */
/* Whether the change behind a touch through pattern p (-1: a whole pass)
 * can have taken keys away from the containers a walk of the field's
 * `chain` fans out over: only when it is at or above them, at a pattern
 * of the chain itself no deeper than the field's deepest wildcard
 * (`keyed`).  A change anywhere else leaves those keys alone, and a
 * change that does take them away touches the concern through the chain
 * too (gen_watch_instances watches those levels). */
static int may_lose_keys(int32_t field, int32_t p, int32_t below, int32_t keyed)
{
    if (p < 0) return 1;
    int32_t d = (int32_t)pat(p, TB_P_DEPTH);
    if (below || d > keyed) return 0;
    int32_t q = field; /* the field's pattern at depth d: is it p? */
    while (q > 0 && (int32_t)pat(q, TB_P_DEPTH) > d) q = (int32_t)pat(q, TB_P_PARENT);
    return q == p;
}

static void refresh(int32_t c, const int32_t *bound, int32_t nb, int32_t p, int32_t at, int32_t below, int once,
                    int remove_all, int32_t entry)
{
    if (!concern_on(c) && !remove_all) return;
    Walk w;
    w.concern = c;
    int32_t field = (int32_t)rec(c, CT_R_FIELD);
    w.bound = bound;
    w.nb = nb;
    w.name = (int32_t)rec(c, CT_R_NAME);
    w.tag = (int32_t)rec(c, CT_R_TAG);
    w.once = once;
    w.keyed = keyed_depth(c);
    w.recording = 0;
    /* with every wildcard bound, evaluate removes an instance whose key went */
    int removal = remove_all || ((int32_t)pat(field, TB_P_NWILD) > nb && may_lose_keys(field, p, below, w.keyed));
    int kept = !remove_all && entry >= 0 && from_fanned(&w, entry);
    if (kept && !removal) return;
    w.depth = kit_pattern_chain(TB, field, w.chain);
    if (w.depth < 0) {
        status = w.depth;
        return;
    }
    int32_t wi, sp;
    int32_t lvl = kit_shared_level(TB, w.chain, w.depth, nb, p, at, &wi, &sp);
    if (!remove_all && !kept) {
        w.removing = 0;
        uint32_t start = fanned_pool.n, gen = rt_keys_gen();
        w.recording = entry >= 0 && rt_vec_reserve((void **)&fanned_pool.v, &fanned_pool.cap, start + FAN_HEAD,
                                                   sizeof(int32_t), RT_SPACE_HEAP) == RT_OK;
        if (w.recording) fanned_pool.n += FAN_HEAD;
        walk(&w, lvl + 1, sp, -1, wi, 0);
        /* kept unless a write of the walk (a new output) moved the keys */
        if (w.recording && status == RT_OK && rt_keys_gen() == gen)
            keep_fanned(entry, start, gen);
        else if (w.recording)
            fanned_pool.n = start;
        w.recording = 0;
    }
    if (removal) {
        int32_t cp = twin(sp);
        if (cp < 0) return;
        w.removing = 1;
        walk(&w, lvl + 1, sp, cp, wi, remove_all);
    }
}

/* ---- the concern instances a round's changes touch ---- */

/* One touch: concern c with its first nb wildcards bound (keys live in
 * the pool), or, resolved (out >= 0), its one instance at sp with its
 * value at out.  Collected first, then evaluated in concern order, so the
 * output follows declaration order whatever the order of the changes. */
typedef struct {
    int32_t concern, nb, keys;
    int32_t pattern, at, below; /* the touch: through pattern `pattern` at path `at` (kit_touches) */
    int32_t sp, out, key;       /* resolved: evaluate's arguments; else out = -1 */
    int32_t entry;              /* a fan-out's pool entry (its instances kept in `fanned`), or -1 */
    uint32_t seq;               /* the order found, for a stable sort */
} touch_t;

static struct {
    touch_t *v;
    uint32_t n, cap;
    int32_t *keys;
    uint32_t nkeys, kcap;
    uint32_t sources; /* changes that touched something this call */
    int all_resolved; /* every touch resolved */
} touches;

static touch_t *new_touch(uint32_t nkeys)
{
    if (rt_vec_reserve((void **)&touches.v, &touches.cap, touches.n + 1, sizeof(touch_t), RT_SPACE_HEAP) != RT_OK ||
        rt_vec_reserve((void **)&touches.keys, &touches.kcap, touches.nkeys + nkeys + 1, sizeof(int32_t),
                       RT_SPACE_HEAP) != RT_OK) {
        status = rt_loop_fail(RT_E_NOMEM);
        return NULL;
    }
    touch_t *t = &touches.v[touches.n];
    t->seq = touches.n++;
    return t;
}

/* kit_touches' callback: concern c is touched through pattern p at path
 * `at`; the keys p's wildcards bind there pick its instances. */
static int32_t touched(void *ctx, int32_t c, int32_t p, int32_t at, int32_t below)
{
    (void)ctx;
    int32_t max = (int32_t)pat((int32_t)rec(c, CT_R_FIELD), TB_P_NWILD);
    touch_t *t = new_touch((uint32_t)max);
    if (!t) return status;
    int32_t nb = kit_pattern_keys(TB, p, at, touches.keys + touches.nkeys, max);
    t->concern = c;
    t->nb = nb;
    t->keys = (int32_t)touches.nkeys;
    t->pattern = p;
    t->at = at;
    t->below = below;
    t->out = -1;
    t->entry = -1;
    touches.nkeys += (uint32_t)nb;
    return RT_OK;
}

/* By concern, then in the order they were found, so the sort is stable. */
static int by_concern(const void *x, const void *y)
{
    const touch_t *a = x, *b = y;
    if (a->concern != b->concern) return a->concern < b->concern ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* The instance a touch picks when its keys bind every wildcard of the
 * concern's field: the field path, or -1 (a fan-out: not resolvable);
 * another negative status on failure. */
static int32_t single_instance(const touch_t *t)
{
    int32_t field = (int32_t)rec(t->concern, CT_R_FIELD);
    if ((int32_t)pat(field, TB_P_NWILD) != t->nb) return -1;
    int32_t sp = kit_bind(TB, field, touches.keys + t->keys, t->nb);
    return sp == RT_E_HOOK ? -1 : sp; /* RT_E_HOOK: a [**] */
}

/* The touches `found` (n of them) as a pool entry, by concern, resolved
 * instances without repeats: its offset, or a negative status. */
static int32_t touches_to_pool(touch_t *found, uint32_t n)
{
    if (n > 1) qsort(found, n, sizeof(touch_t), by_concern);
    if (rt_vec_reserve((void **)&pool.v, &pool.cap, pool.n + 1 + POOL_WORDS * n, sizeof(int32_t), RT_SPACE_HEAP) !=
        RT_OK)
        return RT_E_NOMEM;
    int32_t memo = (int32_t)pool.n++;
    int32_t count = 0;
    for (uint32_t i = 0; i < n; i++, count++) {
        const touch_t *t = &found[i];
        int32_t *entry = &pool.v[pool.n];
        if (t->sp < 0) { /* a fan-out: walked on every call */
            entry[0] = -1 - t->concern;
            entry[1] = t->pattern;
            entry[2] = t->at;
            entry[3] = t->below;
            pool.n += POOL_WORDS;
            continue;
        }
        int repeat = 0; /* the same instance through another input */
        for (uint32_t j = i; j-- > 0 && found[j].concern == t->concern;) repeat |= found[j].sp == t->sp;
        if (repeat) {
            count--;
            continue;
        }
        int32_t out = output_path(t->concern, (int32_t)rec(t->concern, CT_R_NAME), t->sp);
        if (out < 0) return status != RT_OK ? status : out;
        int32_t keyed = keyed_depth(t->concern);
        entry = &pool.v[pool.n]; /* (output_path does not touch the pool) */
        entry[0] = t->concern;
        entry[1] = t->sp;
        entry[2] = out;
        entry[3] = keyed ? rt_path_ancestor(t->sp, keyed) : 0;
        pool.n += POOL_WORDS;
    }
    pool.v[memo] = count;
    return memo;
}

/* Works out what a change at x touches (kit_touches), memoises it in
 * `resolved` and returns the pool offset or a negative status.  The
 * touches found are taken off the list again. */
static int32_t resolve(int32_t x)
{
    uint32_t n0 = touches.n, k0 = touches.nkeys;
    int32_t r = kit_touches(TB, CT, tb_u32(CT, 0, KIT_H_WATCH), x, touched, NULL);
    if (r < 0) return r;
    if (status != RT_OK) return status;
    touch_t *found = touches.v + n0;
    uint32_t n = touches.n - n0;
    for (uint32_t i = 0; i < n; i++) {
        found[i].sp = single_instance(&found[i]);
        if (found[i].sp < -1) return found[i].sp;
    }
    int32_t memo = touches_to_pool(found, n);
    if (memo < 0) return memo;
    if (rt_map_put(&resolved, 0, x, memo) != RT_OK) return RT_E_NOMEM;
    touches.n = n0;
    touches.nkeys = k0;
    return memo;
}

/* The touches of a change at x onto the list, from its memo. */
static void collect(int32_t x)
{
    int32_t memo = rt_map_get(&resolved, 0, x, -1);
    if (memo < 0) memo = resolve(x);
    if (memo < 0) {
        if (status == RT_OK) status = memo;
        return;
    }
    uint32_t n0 = touches.n;
    for (int32_t i = 0, n = pool.v[memo]; i < n && status == RT_OK; i++) {
        const int32_t *entry = &pool.v[memo + 1 + i * POOL_WORDS];
        if (entry[0] < 0) {
            if (touched(NULL, -1 - entry[0], entry[1], entry[2], entry[3]) != RT_OK) return;
            touches.v[touches.n - 1].entry = memo + 1 + i * POOL_WORDS;
            touches.all_resolved = 0;
            continue;
        }
        touch_t *t = new_touch(0);
        if (!t) return;
        t->concern = entry[0];
        t->sp = entry[1];
        t->out = entry[2];
        t->key = entry[3];
    }
    touches.sources += touches.n > n0;
}

static void evaluate_touches(void)
{
    /* one change's entries come sorted by concern, resolved ones without repeats */
    int alone = touches.sources == 1 && touches.all_resolved;
    if (touches.n > 1 && touches.sources > 1) qsort(touches.v, touches.n, sizeof(touch_t), by_concern);
    for (uint32_t i = 0; i < touches.n && status == RT_OK; i++) {
        const touch_t *t = &touches.v[i];
        /* a concern touched once this call: its instances need no set */
        int only = (i == 0 || t[-1].concern != t->concern) && (i + 1 == touches.n || t[1].concern != t->concern);
        if (t->out < 0) {
            refresh(t->concern, touches.keys + t->keys, t->nb, t->pattern, t->at, t->below, only, 0, t->entry);
        } else if (concern_on(t->concern) && (alone || only || first_time(t->concern, t->sp) > 0)) {
            evaluate(t->concern, t->sp, t->out, t->key);
        }
    }
}

static void call_reset(void)
{
    rt_map_clear(&seen);
    touches.n = touches.nkeys = 0; /* their storage is kept, in the heap */
    touches.sources = 0;
    touches.all_resolved = 1;
    switched.v = NULL;
    switched.n = switched.cap = 0;
}

int32_t rt_kit_concern_stage(const uint8_t *tb, const uint8_t *ct, int32_t begin, int32_t end)
{
    int32_t st = load(tb, ct);
    if (st != RT_OK) return st;
    call_reset();
    int32_t root_atom = (int32_t)tb_u32(CT, 0, CT_H_ROOT_ATOM);
    for (int32_t i = begin; i < end && status == RT_OK; i++) {
        int32_t tag = rt_change_tag(i);
        if (tag == RT_TAG_CONCERNS || tag == RT_TAG_VALIDATORS) continue;
        int32_t x = rt_change_path(i);
        if (x != RT_ROOT && rt_path_atom(rt_path_ancestor(x, 1)) == root_atom) continue;
        collect(x);
    }
    evaluate_touches();
    if (status != RT_OK) return status;
    return run_switches();
}

/* Which units a whole-group pass takes. */
typedef enum { PASS_CREATE, PASS_CONDITIONS, PASS_DISABLE } pass_t;

static int takes(pass_t pass, int32_t c, int32_t group)
{
    int is_condition = (int32_t)rec(c, CT_R_SWITCHES) >= 0;
    int32_t g = (int32_t)rec(c, CT_R_GROUP);
    switch (pass) {
    case PASS_CREATE: return !is_condition && (group < 0 || g == group);
    case PASS_CONDITIONS: return is_condition;
    case PASS_DISABLE: return g == group;
    }
    return 0;
}

/* Every instance of every unit the pass takes: evaluated, or (disabling)
 * removed. */
static int32_t whole_pass(const uint8_t *tb, const uint8_t *ct, pass_t pass, int32_t group)
{
    int32_t st = load(tb, ct);
    if (st != RT_OK) return st;
    call_reset();
    uint32_t n = tb_u32(CT, 0, CT_H_N_CONCERNS);
    for (uint32_t c = 0; c < n && status == RT_OK; c++)
        if (takes(pass, (int32_t)c, group)) refresh((int32_t)c, NULL, 0, -1, -1, 0, 1, pass == PASS_DISABLE, -1);
    return status;
}

int32_t rt_kit_concern_create(const uint8_t *tb, const uint8_t *ct, int32_t group)
{
    return whole_pass(tb, ct, PASS_CREATE, group);
}

int32_t rt_kit_concern_conds(const uint8_t *tb, const uint8_t *ct)
{
    int32_t st = whole_pass(tb, ct, PASS_CONDITIONS, -1);
    /* at creation the steps that follow cover every enabled group */
    switched.n = 0;
    return st;
}

int32_t rt_kit_concern_disable(const uint8_t *tb, const uint8_t *ct, int32_t group)
{
    return whole_pass(tb, ct, PASS_DISABLE, group);
}

void rt_kit_concern_release(void)
{
    if (places_ready) {
        rt_map_release(&places);
        rt_map_release(&seen);
        rt_map_release(&resolved);
        rt_map_release(&fanned);
    }
    rt_heap_free(pool.v);
    pool.v = NULL;
    pool.n = pool.cap = 0;
    rt_heap_free(fanned_pool.v);
    fanned_pool.v = NULL;
    fanned_pool.n = fanned_pool.cap = 0;
    rt_heap_free(touches.v);
    rt_heap_free(touches.keys);
    touches.v = NULL;
    touches.keys = NULL;
    touches.n = touches.cap = touches.nkeys = touches.kcap = 0;
    places_ready = 0;
}
