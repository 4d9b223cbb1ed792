/* rt_path.c — the path trie: records in a vector, found by (parent, atom)
 * through a chained hash: a table of buckets (the first path of each, a
 * power of two of them, at least one per path) and a `chain` link in each
 * record, 8 bytes a path where an rt_map would take 32 to 64. Interning a
 * child is one bucket read and a short chain walk plus, for a new path, one
 * call of the app's matcher. */
#include "rt_path.h"

#include <string.h>

#include "hooks.h"
#include "rt_atom.h"
#include "rt_heap.h"
#include "rt_vec.h"
#include "rt_undo.h"

typedef struct {
    int32_t parent;
    int32_t atom;
    int32_t depth;
    int32_t cls;
    int32_t chain; /* the next path of the same bucket, or -1 */
    int32_t announced;
    int32_t kit_flags; /* rt_path_kit_flags: bits the kits keep per path */
    void *memo;        /* rt_path_memo: valid while memo_stamp is the caller's */
    uint32_t memo_stamp;
} path_rec;

static path_rec *paths;
static uint32_t paths_len, paths_cap;
static int32_t *buckets; /* first path of each bucket, or -1; n_buckets is a power of two */
static uint32_t n_buckets;

static uint32_t bucket_of(int32_t parent, int32_t atom)
{
    uint32_t h = (uint32_t)parent * 0x9e3779b1u ^ (uint32_t)atom * 0x85ebca77u;
    return (h ^ (h >> 15)) & (n_buckets - 1u);
}

/* Buckets for at least `n` paths, every path but the root chained in. */
static int32_t rehash(uint32_t n)
{
    uint32_t count = n_buckets ? n_buckets : 16u;
    while (count < n) count *= 2u;
    if (count == n_buckets) return RT_OK;
    int32_t *fresh = rt_heap_alloc((size_t)count * sizeof *fresh);
    if (!fresh) return RT_E_NOMEM;
    rt_heap_free(buckets);
    buckets = fresh;
    n_buckets = count;
    memset(buckets, 0xff, (size_t)count * sizeof *buckets);
    for (uint32_t i = 1; i < paths_len; i++) {
        uint32_t b = bucket_of(paths[i].parent, paths[i].atom);
        paths[i].chain = buckets[b];
        buckets[b] = (int32_t)i;
    }
    return RT_OK;
}

int32_t rt_path_init(void)
{
    rt_path_release();
    if (rt_vec_reserve((void **)&paths, &paths_cap, 1u, sizeof *paths, RT_SPACE_HEAP) != RT_OK) return RT_E_NOMEM;
    paths[0] = (path_rec){-1, -1, 0, 0, -1, 1, 0, NULL, 0};
    paths_len = 1;
    return rehash(1u);
}

void rt_path_release(void)
{
    rt_heap_free(paths);
    rt_heap_free(buckets);
    paths = NULL;
    buckets = NULL;
    paths_len = paths_cap = n_buckets = 0;
}

int32_t rt_path_valid(int32_t path) { return path >= 0 && (uint32_t)path < paths_len; }

int32_t rt_path_child(int32_t parent, int32_t atom)
{
    if (!rt_path_valid(parent) || atom < 0 || atom >= rt_atom_count()) return RT_E_PATH;
    for (int32_t id = buckets[bucket_of(parent, atom)]; id >= 0; id = paths[id].chain)
        if (paths[id].parent == parent && paths[id].atom == atom) return id;
    if (paths_len >= (uint32_t)INT32_MAX) return RT_E_NOMEM;
    if (rt_vec_reserve((void **)&paths, &paths_cap, paths_len + 1u, sizeof *paths, RT_SPACE_HEAP) != RT_OK)
        return RT_E_NOMEM;
    if (paths_len + 1u > n_buckets && rehash(paths_len + 1u) != RT_OK) return RT_E_NOMEM;
    /* A class of -1 means no rule matches here or below: skip the matcher. */
    int32_t parent_cls = paths[parent].cls;
    int32_t cls = parent_cls < 0 ? -1 : wp_hook_path_class(parent_cls, atom);
    uint32_t b = bucket_of(parent, atom);
    paths[paths_len] = (path_rec){parent, atom, paths[parent].depth + 1, cls, buckets[b], 0, 0, NULL, 0};
    buckets[b] = (int32_t)paths_len;
    return (int32_t)paths_len++;
}

int32_t rt_path_index(int32_t parent, int32_t index)
{
    if (index < 0) return RT_E_INDEX;
    int32_t atom = rt_atom_of_index((uint32_t)index);
    return atom < 0 ? atom : rt_path_child(parent, atom);
}

int32_t rt_path_parse(const uint8_t *text, int32_t len)
{
    if (len < 0) return RT_E_MALFORMED;
    int32_t path = RT_ROOT;
    if (len == 0) return path;
    int32_t start = 0;
    for (int32_t i = 0; i <= len; i++) {
        if (i < len && text[i] != '.') continue;
        int32_t atom = rt_atom_intern(text + start, i - start);
        if (atom < 0) return atom;
        path = rt_path_child(path, atom);
        if (path < 0) return path;
        start = i + 1;
    }
    return path;
}

int32_t rt_path_parent(int32_t path) { return rt_path_valid(path) ? paths[path].parent : -1; }
int32_t rt_path_atom(int32_t path) { return rt_path_valid(path) ? paths[path].atom : -1; }
int32_t rt_path_depth(int32_t path) { return rt_path_valid(path) ? paths[path].depth : -1; }
int32_t rt_path_class(int32_t path) { return rt_path_valid(path) ? paths[path].cls : -1; }
int32_t rt_path_count(void) { return (int32_t)paths_len; }

int32_t rt_path_ancestor(int32_t path, int32_t depth)
{
    if (!rt_path_valid(path) || depth < 0 || depth > paths[path].depth) return -1;
    while (paths[path].depth > depth) path = paths[path].parent;
    return path;
}

int32_t rt_path_within(int32_t outer, int32_t inner)
{
    if (!rt_path_valid(outer) || !rt_path_valid(inner)) return 0;
    return rt_path_ancestor(inner, paths[outer].depth) == outer;
}

int32_t rt_path_text_len(int32_t path)
{
    if (!rt_path_valid(path) || path == RT_ROOT) return 0;
    int32_t len = -1;
    for (; path != RT_ROOT; path = paths[path].parent) len += 1 + rt_atom_len(paths[path].atom);
    return len;
}

void rt_path_text(int32_t path, uint8_t *out)
{
    int32_t end = rt_path_text_len(path);
    for (; rt_path_valid(path) && path != RT_ROOT; path = paths[path].parent) {
        int32_t n = rt_atom_len(paths[path].atom);
        end -= n;
        memcpy(out + end, rt_atom_bytes(paths[path].atom), (size_t)n);
        if (end > 0) out[--end] = '.';
    }
}

int32_t rt_path_announced(int32_t path) { return rt_path_valid(path) ? paths[path].announced : 0; }
void rt_path_set_announced(int32_t path)
{
    if (rt_path_valid(path)) paths[path].announced = 1;
}

int32_t rt_path_kit_flags(int32_t path) { return rt_path_valid(path) ? paths[path].kit_flags : 0; }
int32_t rt_path_set_kit_flags(int32_t path, int32_t bits)
{
    if (!rt_path_valid(path) || (paths[path].kit_flags & bits) == bits) return RT_OK;
    int32_t s = rt_undo_reserve(1);
    if (s != RT_OK) return s;
    rt_undo_path_flags(path, paths[path].kit_flags);
    paths[path].kit_flags |= bits;
    return RT_OK;
}

void rt_path_restore_kit_flags(int32_t path, int32_t flags)
{
    if (rt_path_valid(path)) paths[path].kit_flags = flags;
}

int32_t rt_path_memo(int32_t path, uint32_t stamp, void **out)
{
    if (!rt_path_valid(path) || paths[path].memo_stamp != stamp) return 0;
    *out = paths[path].memo;
    return 1;
}

void rt_path_set_memo(int32_t path, void *memo, uint32_t stamp)
{
    if (!rt_path_valid(path)) return;
    paths[path].memo = memo;
    paths[path].memo_stamp = stamp;
}

void rt_path_forget_memos(void)
{
    for (uint32_t i = 0; i < paths_len; i++) paths[i].memo_stamp = 0;
}
