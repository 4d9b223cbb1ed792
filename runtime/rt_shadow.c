/* rt_shadow.c — the shadow state behind rt_shadow.h.
 *
 * A write first walks the path read-only to find where it attaches and what
 * it must create, checks for errors and for a no-op, then builds the whole new
 * branch (copied value plus created containers) off to the side and reserves
 * every byte it will need; only then does it link the branch in with one swap
 * that one undo entry can revert. So a failure never leaves a partial write.
 * The exception is a null, boolean or number written over one of those: the
 * node is overwritten in place (one undo entry keeps its old value). */
#include "rt_shadow.h"

#include "hooks.h"
#include "rt_atom.h"
#include "rt_path.h"
#include "rt_undo.h"

static rt_node *root;

/* rt_shadow_keys_gen: moves with every new stamp (rt_shadow_reshaped),
 * with a key added or removed, and with a new state. */
static uint32_t keys_gen;

int32_t rt_shadow_init(void)
{
    rt_shadow_release();
    keys_gen++;
    root = rt_node_new(RT_SPACE_HEAP, RT_KIND_OBJECT);
    return root ? RT_OK : RT_E_NOMEM;
}

void rt_shadow_release(void)
{
    rt_node_free(root);
    root = NULL;
    rt_shadow_reshaped();
}

rt_node *rt_shadow_root(void) { return root; }

rt_node *rt_shadow_swap_root(rt_node *fresh)
{
    rt_node *old = root;
    root = fresh;
    rt_shadow_reshaped();
    return old;
}

/* Fill chain[0..depth] with the path's ancestors, chain[depth] = path. */
static int32_t path_chain(int32_t path, int32_t *chain)
{
    int32_t depth = rt_path_depth(path);
    if (depth < 0) return RT_E_PATH;
    if (depth > RT_MAX_DEPTH) return RT_E_DEPTH;
    for (int32_t i = depth; i >= 0; i--) {
        chain[i] = path;
        path = rt_path_parent(path);
    }
    return depth;
}

static rt_node *step(const rt_node *node, int32_t atom)
{
    if (!node) return NULL;
    if (node->kind == RT_KIND_OBJECT) return rt_obj_get(node, atom);
    if (node->kind == RT_KIND_ARRAY) return rt_arr_get(node, rt_atom_index(atom));
    return NULL;
}

/* The node at a path is memoised on the path (rt_path_memo) under the
 * current stamp, so a read costs one array access instead of a walk from
 * the root. A write that puts a non-container where a non-container or
 * nothing was changes no other path's node: it updates its own path's memo.
 * Every other change of the tree's shape (a container written, replaced or
 * removed, a new root, an undo) moves to a new stamp, which forgets every
 * memo at once. */
static uint32_t stamp = 1;

uint32_t rt_shadow_keys_gen(void) { return keys_gen; }

void rt_shadow_reshaped(void)
{
    keys_gen++;
    if (++stamp == 0) { /* wrapped: stamp 0 is every path's initial one */
        rt_path_forget_memos();
        stamp = 1;
    }
}

rt_node *rt_shadow_get(int32_t path)
{
    if (path == RT_ROOT) return root;
    void *memo;
    if (rt_path_memo(path, stamp, &memo)) return memo;
    int32_t depth = rt_path_depth(path);
    if (depth < 0 || depth > RT_MAX_DEPTH) return NULL;
    /* Climb to the nearest memoised ancestor, then step down, memoising. */
    int32_t chain[RT_MAX_DEPTH + 1];
    int32_t n = 0;
    rt_node *node = root;
    for (int32_t p = path; p != RT_ROOT; p = rt_path_parent(p)) {
        if (rt_path_memo(p, stamp, &memo)) {
            node = memo;
            break;
        }
        chain[n++] = p;
    }
    while (n > 0) {
        int32_t p = chain[--n];
        node = step(node, rt_path_atom(p));
        rt_path_set_memo(p, node, stamp);
    }
    return node;
}

/* Where a write attaches: the container `parent` (NULL = the root slot) gets
 * a new child under `key`, replacing `child`; containers for chain levels
 * first_new..depth-1 are created between them. */
typedef struct {
    rt_node *parent;
    int32_t key;       /* atom for objects, index for arrays */
    rt_node *child;    /* what is there now (NULL = nothing) */
    int32_t first_new; /* == depth when nothing is created */
} attach_point;

static int32_t is_container(const rt_node *n) { return n && (n->kind == RT_KIND_OBJECT || n->kind == RT_KIND_ARRAY); }

/* A value a state node can be overwritten with in place (no payload). */
static int in_place(const rt_node *n)
{
    return n && (n->kind == RT_KIND_NULL || n->kind == RT_KIND_BOOL || n->kind == RT_KIND_NUMBER);
}

/* Segment `atom` of container `node`: the key to use, or RT_E_INDEX. */
static int32_t key_in(const rt_node *node, int32_t atom)
{
    if (node->kind == RT_KIND_OBJECT) return atom;
    int32_t index = rt_atom_index(atom);
    if (index < 0 || (uint32_t)index > node->u.arr.len) return RT_E_INDEX;
    return index;
}

/* The walk from the root, for writes whose parent is not a container. */
static int32_t find_attach(const int32_t *chain, int32_t depth, attach_point *at)
{
    at->parent = NULL;
    at->key = -1;
    at->child = root;
    at->first_new = depth;
    for (int32_t lvl = 0; lvl < depth; lvl++) {
        rt_node *node = at->child;
        if (rt_node_is_nothing(node)) { /* create from here down */
            at->first_new = lvl;
            return RT_OK;
        }
        if (!is_container(node)) return RT_E_SCALAR;
        int32_t key = key_in(node, rt_path_atom(chain[lvl + 1]));
        if (key < 0) return key;
        at->parent = node;
        at->key = key;
        at->child = node->kind == RT_KIND_OBJECT ? rt_obj_get(node, key) : rt_arr_get(node, key);
    }
    return RT_OK;
}

/* Build containers for levels first_new..depth-1 with `leaf` at the bottom.
 * Returns the top of the branch, or NULL (with *status) and frees nothing of
 * `leaf`, which the caller owns until the write succeeds. */
static rt_node *build_branch(const int32_t *chain, int32_t depth, int32_t first_new, rt_node *leaf, int32_t *status)
{
    rt_node *below = leaf;
    for (int32_t lvl = depth - 1; lvl >= first_new; lvl--) {
        int32_t list = wp_hook_container(rt_path_class(chain[lvl])) == 1;
        int32_t atom = rt_path_atom(chain[lvl + 1]);
        rt_node *c = rt_node_new(RT_SPACE_HEAP, list ? RT_KIND_ARRAY : RT_KIND_OBJECT);
        if (!c) goto fail;
        if (list) {
            if (rt_atom_index(atom) != 0) { /* a fresh list only takes index 0 */
                rt_node_free(c);
                *status = RT_E_INDEX;
                goto undo;
            }
            if (rt_arr_push(c, below) != RT_OK) {
                rt_node_free(c);
                goto fail;
            }
        } else {
            rt_obj_put(c, atom, below, NULL); /* first member of an empty object: no memory */
        }
        below = c;
    }
    return below;
fail:
    *status = RT_E_NOMEM;
undo:
    /* Unhook the leaf, then free the containers built so far. */
    if (below != leaf) {
        rt_node *n = below;
        while (n) {
            rt_node *next = n->kind == RT_KIND_ARRAY ? n->u.arr.items[0] : n->u.obj.first;
            if (next == leaf) {
                if (n->kind == RT_KIND_ARRAY)
                    n->u.arr.len = 0;
                else
                    rt_obj_remove(n, leaf->key, NULL);
                next = NULL;
            }
            n = next;
        }
        rt_node_free(below);
    }
    return NULL;
}

/* *taken is set once `value` belongs to the state (or to a branch that the
 * failure paths free), so that rt_shadow_set knows whether to free it. */
static int32_t shadow_set(int32_t path, const rt_node *value, int32_t flags, rt_node **old, int *taken)
{
    int32_t depth = rt_path_depth(path);
    if (depth < 0) return RT_E_PATH;
    if (depth > RT_MAX_DEPTH) return RT_E_DEPTH;
    int32_t chain[RT_MAX_DEPTH + 1];
    attach_point at;
    int32_t st;
    rt_node *parent = depth > 0 ? rt_shadow_get(rt_path_parent(path)) : NULL;
    if (is_container(parent)) { /* the common case: no walk, nothing to create */
        st = key_in(parent, rt_path_atom(path));
        at = (attach_point){parent, st, NULL, depth};
        if (st >= 0) {
            at.child = parent->kind == RT_KIND_OBJECT ? rt_obj_get(parent, st) : rt_arr_get(parent, st);
            st = RT_OK;
        }
    } else {
        path_chain(path, chain);
        st = find_attach(chain, depth, &at);
    }
    int32_t creates = st == RT_OK && at.first_new < depth;
    rt_node *current = (st == RT_OK && !creates) ? at.child : NULL;
    if (old) *old = current;
    /* Loading the state (adopting it at the root) is not a change compared
     * with anything: `{u: undefined}` equals `{}` but must keep its key. */
    int load = (flags & RT_WRITE_ADOPT) && depth == 0;
    if (!load && rt_node_equal(current, value)) return 0;
    if (st != RT_OK) return st;
    if (creates && (flags & RT_WRITE_NO_CREATE)) return 0;

    /* A null, boolean or number over one of those: overwritten in place,
     * with its value kept in the undo log and, for the caller, in a scratch
     * copy. No heap memory, and every memo stays true. */
    if (!creates && at.parent && in_place(current) && in_place(value)) {
        st = rt_undo_reserve(1u);
        if (st != RT_OK) return st;
        if (old && !(*old = rt_node_copy(current, RT_SPACE_ARENA, 1, &st))) return st;
        rt_undo_scalar(current);
        current->kind = value->kind;
        current->u = value->u;
        return 1;
    }

    /* Adopting skips the copy; only at the root, where the decoder's depth
     * budget is already the state's (a deeper path adds to it). */
    rt_node *leaf;
    if ((flags & RT_WRITE_ADOPT) && depth == 0 && value && value->space == RT_SPACE_HEAP) {
        leaf = (rt_node *)value;
        *taken = 1;
    } else {
        leaf = rt_node_copy(value, RT_SPACE_HEAP, RT_MAX_DEPTH - depth, &st);
    }
    if (!leaf) return st;
    rt_node *branch = creates ? build_branch(chain, depth, at.first_new, leaf, &st) : leaf;
    if (!branch) {
        rt_node_free(leaf);
        return st;
    }
    /* Reserve the undo entry and the room in the parent before linking. */
    st = rt_undo_reserve(1u);
    if (st == RT_OK && at.parent && !at.child) {
        st = at.parent->kind == RT_KIND_OBJECT ? rt_obj_reserve(at.parent, 1u)
                                               : rt_arr_reserve(at.parent, at.parent->u.arr.len + 1u);
    }
    if (st != RT_OK) {
        rt_node_free(branch);
        return st;
    }
    if (!creates && !is_container(at.child) && !is_container(branch)) {
        rt_path_set_memo(path, branch, stamp);
        if (!at.child) keys_gen++; /* a new key: no other memo moves */
    } else {
        rt_shadow_reshaped();
    }
    if (!at.parent) {
        rt_undo_put(NULL, -1, rt_shadow_swap_root(branch));
    } else if (at.parent->kind == RT_KIND_OBJECT) {
        rt_obj_put(at.parent, at.key, branch, NULL);
        rt_undo_put(at.parent, at.key, at.child);
    } else {
        if (at.child)
            rt_arr_replace(at.parent, (uint32_t)at.key, branch);
        else
            rt_arr_push(at.parent, branch);
        rt_undo_put(at.parent, at.key, at.child);
    }
    return 1;
}

int32_t rt_shadow_set(int32_t path, const rt_node *value, int32_t flags, rt_node **old)
{
    int taken = 0;
    int32_t st = shadow_set(path, value, flags, old, &taken);
    if ((flags & RT_WRITE_ADOPT) && !taken) rt_node_free((rt_node *)value);
    return st;
}

int32_t rt_shadow_delete(int32_t path, rt_node **old)
{
    if (old) *old = NULL;
    if (path == RT_ROOT) return RT_E_PATH;
    int32_t chain[RT_MAX_DEPTH + 1];
    int32_t depth = path_chain(path, chain);
    if (depth < 0) return depth;
    rt_node *parent = rt_shadow_get(chain[depth - 1]);
    int32_t atom = rt_path_atom(path);
    /* (memos: as for a write) */
    rt_node *child = step(parent, atom);
    if (!child) return 0;
    if (parent->kind == RT_KIND_ARRAY && (uint32_t)rt_atom_index(atom) + 1u != parent->u.arr.len)
        return RT_E_INDEX; /* only the last element can go without renumbering the rest */
    if (rt_undo_reserve(1u) != RT_OK) return RT_E_NOMEM;
    rt_node *prev = NULL;
    if (parent->kind == RT_KIND_OBJECT)
        rt_obj_remove(parent, atom, &prev);
    else
        rt_arr_pop(parent);
    rt_undo_del(parent, parent->kind == RT_KIND_OBJECT ? atom : rt_atom_index(atom), child, prev);
    if (is_container(child)) {
        rt_shadow_reshaped();
    } else {
        rt_path_set_memo(path, NULL, stamp);
        keys_gen++; /* a key gone */
    }
    if (old) *old = child;
    return 1;
}
