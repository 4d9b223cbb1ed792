/* listener_kit.c — planning listener dispatches (semantics.md §11) over the
 * listener index (listener_tables.h) and the path classes of the tables.h
 * blob.
 *
 * A change at X touches topic T when T is the root, X == T, X is below T,
 * or X is an ancestor of T.  X's class lists the patterns X matches; for
 * each, the index's `sub` list holds the topics at or below that pattern
 * (X at or above T).  Each strict ancestor A of X is looked up in the
 * `exact` lists (X below T).  The index is a watch index (watch_tables.h)
 * and the walk is kit_touches, shared with the concern, derived and clear
 * kits; the cost is O(depth of X + topics found), never a scan
 * over listeners.
 *
 * Keys.  A wildcard listener is one listener per tuple of its first NBIND
 * keys.  The pattern X (or A) matched binds the keys of its own wildcards.
 * When X lies above some of T's wildcards (a write at `legs` for topic
 * `legs[*]`), the keys are those present in the old or the new value at X
 * (rt_change_old / rt_change_value), new ones first in the new value's
 * order, then the ones only the old value had: the order the instances are
 * first touched in.  Wildcards past the first NBIND (a topic with more of
 * them than another topic of its line) only need some key to be present.
 *
 * Each instance touched is planned once per apply (rt_once on the listener
 * and its topic path; a listener with one instance that an earlier round
 * planned is not looked at again, rt_plan_ran) with rank = its place in plan order, so the runtime's
 * sort (rank, then planning order) gives semantics §11's order; every change
 * touching it becomes an input, in order.  While the host runs a round
 * (wp_route), the same walk over listener outputs only adds inputs to the
 * dispatches still to run: rt_plan_find finds them and rt_once plans
 * nothing new, and a change whose routes depend on values (it is above some
 * of a topic's wildcards) is marked with rt_plan_valued, so the host may
 * keep the routes of the others by path.  Listeners in a disabled group are not planned, and changes
 * under `_concerns` touch nobody. */
#include "listener_kit.h"

#include "kit_common.h"
#include "listener_tables.h"
#include "rt_access.h"
#include "rt_atom.h"
#include "rt_group.h"
#include "rt_loop.h"
#include "rt_path.h"
#include "tables.h"

static const uint8_t *TB, *LT;
static int32_t status;

static int32_t load(const uint8_t *tb, const uint8_t *lt) { return kit_load(tb, lt, LT_MAGIC, &TB, &LT, &status); }

static uint32_t pat(int32_t p, uint32_t w) { return kit_pat(TB, p, w); }
static int pat_wild(int32_t p) { return kit_pat_wild(TB, p); }
static uint32_t lis(int32_t l, uint32_t w) { return tb_field(LT, LT_H_LISTENERS, LT_L_WORDS, (uint32_t)l, w); }
static uint32_t top(int32_t t, uint32_t w) { return tb_field(LT, LT_H_TOPICS, LT_T_WORDS, (uint32_t)t, w); }

static int32_t note(int32_t r)
{
    if (r < 0 && status == RT_OK) status = r;
    return r;
}

/* ---- one touched instance ---- */

/* The path naming the instance of listener l with these keys: its first
 * topic, wildcards taken from `keys`, cut before the first one past them. */
static int32_t instance_path(int32_t l, const int32_t *keys)
{
    int32_t t = (int32_t)lis(l, LT_L_FIRST_TOPIC);
    if (t < 0) return RT_ROOT;
    int32_t chain[RT_MAX_DEPTH + 1];
    int32_t p = (int32_t)top(t, LT_T_PATTERN), depth = (int32_t)pat(p, TB_P_DEPTH);
    if (depth > RT_MAX_DEPTH) return note(RT_E_HOOK);
    for (int32_t lvl = depth; lvl > 0; lvl--, p = (int32_t)pat(p, TB_P_PARENT)) chain[lvl] = p;
    int32_t nbind = (int32_t)lis(l, LT_L_NBIND), path = RT_ROOT, wi = 0;
    for (int32_t lvl = 1; lvl <= depth && path >= 0; lvl++) {
        int32_t atom;
        if (pat_wild(chain[lvl])) {
            if (wi == nbind) break;
            atom = keys[wi++];
        } else {
            atom = (int32_t)pat(chain[lvl], TB_P_ATOM);
        }
        path = note(rt_path_child(path, atom));
    }
    return path;
}

/* Change `change` touches listener l's instance with these keys (`named`:
 * its instance path when the caller already has it, else -1). */
static void touch(int32_t l, const int32_t *keys, int32_t named, int32_t change)
{
    int32_t g = (int32_t)lis(l, LT_L_GROUP);
    if (status != RT_OK || (g >= 0 && rt_group_enabled(g) != 1)) return;
    int32_t topic = named >= 0 ? named : instance_path(l, keys);
    if (topic < 0) return;
    /* -1: not planned in this round (a failing service's status shows in
     * the next call, which fails sticky too) */
    int32_t d = rt_plan_find(l, topic);
    if (d < 0) {
        if (note(rt_once(l, topic)) != 1) return;
        int32_t scope = rt_path_ancestor(topic, (int32_t)pat((int32_t)lis(l, LT_L_SCOPE), TB_P_DEPTH));
        d = note(rt_plan_dispatch(l, scope < 0 ? RT_ROOT : scope, topic, l));
        for (int32_t k = 0, n = (int32_t)lis(l, LT_L_NBIND); k < n && status == RT_OK; k++)
            note(rt_plan_key(d, keys[k]));
        if (status != RT_OK) return;
    }
    note(rt_plan_input(d, change));
}

/* ---- keys below a change: the instances a write above a wildcard touches ---- */

typedef struct Enum {
    int32_t listener, change, nbind;
    int32_t chain[RT_MAX_DEPTH + 1]; /* the topic's pattern, root first */
    int32_t depth;                   /* of the topic */
    int32_t keys[RT_MAX_DEPTH + 1];
    int32_t nkeys;
    int32_t skip; /* an atom never taken as a key at level 1 (`_concerns`) */
} Enum;

/* The value under key `atom` of a container (an object member or an array item). */
static const rt_node *below(const rt_node *v, int32_t atom)
{
    if (rt_kind(v) == RT_KIND_OBJECT) return rt_member(v, atom);
    if (rt_kind(v) == RT_KIND_ARRAY) {
        int32_t i = rt_atom_index(atom);
        return i >= 0 ? rt_item(v, i) : NULL;
    }
    return NULL;
}

/* Calls fn for each key of `now`, in order, then each key only `was` has,
 * in its order (semantics §11: keys present before or after the write);
 * stops when fn returns nonzero, and returns that. */
typedef int (*key_fn)(Enum *e, int32_t lvl, int32_t key, const rt_node *was, const rt_node *now);

static int each_key(Enum *e, int32_t lvl, const rt_node *was, const rt_node *now, key_fn fn)
{
    for (int side = 0; side < 2; side++) {
        const rt_node *v = side ? was : now, *other = side ? now : NULL;
        if (rt_kind(v) == RT_KIND_OBJECT) {
            for (rt_node *m = rt_first(v); m && status == RT_OK; m = rt_next(m)) {
                int32_t k = rt_key(m);
                if ((lvl == 1 && k == e->skip) || (other && below(other, k))) continue;
                int r = fn(e, lvl, k, below(was, k), below(now, k));
                if (r) return r;
            }
        } else if (rt_kind(v) == RT_KIND_ARRAY) {
            int32_t from = side && rt_kind(other) == RT_KIND_ARRAY ? rt_len(other) : 0;
            for (int32_t i = from, n = rt_len(v); i < n && status == RT_OK; i++) {
                int32_t k = note(rt_atom_of_index((uint32_t)i));
                if (k < 0) return 1;
                if (side && other && below(other, k)) continue;
                int r = fn(e, lvl, k, below(was, k), below(now, k));
                if (r) return r;
            }
        }
    }
    return 0;
}

static int exists_from(Enum *e, int32_t lvl, const rt_node *was, const rt_node *now);

static int exists_key(Enum *e, int32_t lvl, int32_t key, const rt_node *was, const rt_node *now)
{
    (void)key;
    return exists_from(e, lvl + 1, was, now);
}

/* Past the keys that name the instance: does some instance of the rest of
 * the topic exist before or after? (Static levels always do: a write above
 * a static topic touches it.) */
static int exists_from(Enum *e, int32_t lvl, const rt_node *was, const rt_node *now)
{
    for (; lvl <= e->depth; lvl++) {
        int32_t p = e->chain[lvl];
        if (pat_wild(p)) return each_key(e, lvl, was, now, exists_key);
        int32_t atom = (int32_t)pat(p, TB_P_ATOM);
        was = below(was, atom);
        now = below(now, atom);
    }
    return 1;
}

static void bind_from(Enum *e, int32_t lvl, const rt_node *was, const rt_node *now);

static int bind_key(Enum *e, int32_t lvl, int32_t key, const rt_node *was, const rt_node *now)
{
    e->keys[e->nkeys++] = key;
    bind_from(e, lvl + 1, was, now);
    e->nkeys--;
    return status != RT_OK;
}

/* Binds the wildcards from level lvl on until the instance is named, then
 * touches it if the rest of the topic exists. */
static void bind_from(Enum *e, int32_t lvl, const rt_node *was, const rt_node *now)
{
    for (; e->nkeys < e->nbind && lvl <= e->depth; lvl++) {
        int32_t p = e->chain[lvl];
        if (pat_wild(p)) {
            each_key(e, lvl, was, now, bind_key);
            return;
        }
        int32_t atom = (int32_t)pat(p, TB_P_ATOM);
        was = below(was, atom);
        now = below(now, atom);
    }
    if (e->nkeys == e->nbind && exists_from(e, lvl, was, now)) touch(e->listener, e->keys, -1, e->change);
}

/* ---- the walk over a round's changes ---- */

typedef struct Walk {
    int32_t change;
    int32_t root_atom;
} Walk;

/* Topic t is touched by the change at `at` (below = 0: `at` is the change's
 * path and matches p, t at or below p; 1: `at` is an ancestor of it and
 * matches p, the topic's own pattern). */
static void topic_touched(const Walk *w, int32_t t, int32_t p, int32_t at, int below_at)
{
    int32_t l = (int32_t)top(t, LT_T_LISTENER), tp = (int32_t)top(t, LT_T_PATTERN);
    int32_t nbind = (int32_t)lis(l, LT_L_NBIND);
    if (nbind == 0 && rt_plan_ran(l)) return; /* its one instance ran in an earlier round */
    Enum e;
    e.listener = l;
    e.change = w->change;
    e.nbind = nbind;
    e.nkeys = kit_pattern_keys(TB, p, at, e.keys, nbind);
    e.skip = w->root_atom;
    /* the usual case: `at` is an instance of the listener's only topic */
    if (tp == p && e.nkeys == nbind && (int32_t)lis(l, LT_L_FIRST_TOPIC) == t &&
        (int32_t)pat(tp, TB_P_NWILD) == nbind) {
        touch(l, e.keys, at, w->change);
        return;
    }
    if (below_at || tp == p) {
        if (e.nkeys == nbind) touch(l, e.keys, -1, w->change);
        return;
    }
    e.depth = (int32_t)pat(tp, TB_P_DEPTH);
    if (e.depth > RT_MAX_DEPTH) {
        note(RT_E_HOOK);
        return;
    }
    for (int32_t lvl = e.depth, q = tp; lvl > 0; lvl--, q = (int32_t)pat(q, TB_P_PARENT)) e.chain[lvl] = q;
    /* the change is above some of the topic's wildcards: which instances it
     * touches depends on the keys of its values, not on its path alone */
    if (pat(tp, TB_P_NWILD) > pat(p, TB_P_NWILD)) rt_plan_valued(w->change);
    bind_from(&e, (int32_t)pat(p, TB_P_DEPTH) + 1, rt_change_old(w->change), rt_change_value(w->change));
}

/* kit_touches' callback: topic t is touched through pattern p at `at`. */
static int32_t topic_found(void *ctx, int32_t t, int32_t p, int32_t at, int32_t below_at)
{
    topic_touched(ctx, t, p, at, below_at);
    return status;
}

int32_t rt_kit_listen_plan(const uint8_t *tb, const uint8_t *lt, int32_t begin, int32_t end)
{
    int32_t st = load(tb, lt);
    if (st != RT_OK) return st;
    Walk w = {0, (int32_t)tb_u32(LT, 0, LT_H_ROOT_ATOM)};
    uint32_t nroot = tb_u32(LT, 0, LT_H_N_ROOT);
    const uint32_t *roots = tb_words(LT, tb_u32(LT, 0, LT_H_ROOT));
    for (int32_t i = begin; i < end && status == RT_OK; i++) {
        int32_t x = rt_change_path(i);
        if (x < 0) return note(x);
        if (kit_under_key(x, w.root_atom)) continue; /* listeners see state changes only */
        w.change = i;
        for (uint32_t k = 0; k < nroot && status == RT_OK; k++)
            if (!rt_plan_ran((int32_t)roots[k])) touch((int32_t)roots[k], NULL, RT_ROOT, i);
        note(kit_touches(TB, LT, tb_u32(LT, 0, KIT_H_WATCH), x, topic_found, &w));
    }
    return status;
}
