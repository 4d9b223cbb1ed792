/* rt_atom.c — the atom table: records in a vector, bytes in one growing pool,
 * and a map (rt_map.h) from (hash, length) of the bytes to the first atom
 * with them; atoms whose hash and length collide are chained through
 * `next`. Lookup is O(key length). */
#include "rt_atom.h"

#include <string.h>

#include "rt_heap.h"
#include "rt_map.h"
#include "rt_vec.h"

typedef struct {
    uint32_t offset; /* into pool */
    uint32_t len;
    int32_t index; /* array index spelled by the bytes, or -1 */
    int32_t next;  /* the next atom of the same hash and length, or -1 */
} atom_rec;

static atom_rec *atoms;
static uint32_t atoms_len, atoms_cap;
static uint8_t *pool;
static uint32_t pool_len, pool_cap;
static rt_map by_hash;       /* (hash, length, 0) -> first atom */
static int32_t *index_atoms; /* atom of "i" for small i, -1 = not yet */
static uint32_t index_atoms_cap;

static uint32_t hash_bytes(const uint8_t *p, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

static int32_t parse_index(const uint8_t *p, uint32_t len)
{
    if (len == 0 || len > 10) return -1;
    if (p[0] == '0' && len > 1) return -1;
    uint64_t v = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        v = v * 10u + (uint32_t)(p[i] - '0');
    }
    return v <= (uint64_t)INT32_MAX ? (int32_t)v : -1;
}

int32_t rt_atom_intern(const uint8_t *bytes, int32_t slen)
{
    if (slen < 0) return RT_E_HOOK;
    uint32_t len = (uint32_t)slen;
    uint32_t h = hash_bytes(bytes, len);
    int32_t first = rt_map_get(&by_hash, (int32_t)h, (int32_t)len, -1);
    for (int32_t id = first; id >= 0; id = atoms[id].next)
        if (len == 0 || memcmp(pool + atoms[id].offset, bytes, len) == 0) return id; /* (no pool yet for "") */
    /* New atom: reserve everything first so a failure leaves no trace. */
    if (rt_vec_reserve((void **)&atoms, &atoms_cap, atoms_len + 1u, sizeof *atoms, RT_SPACE_HEAP) != RT_OK)
        return RT_E_NOMEM;
    if ((uint64_t)pool_len + len > INT32_MAX) return RT_E_NOMEM;
    if (rt_vec_reserve((void **)&pool, &pool_cap, pool_len + len, 1u, RT_SPACE_HEAP) != RT_OK) return RT_E_NOMEM;
    if (rt_map_put(&by_hash, (int32_t)h, (int32_t)len, (int32_t)atoms_len) != RT_OK) return RT_E_NOMEM;
    if (len) memcpy(pool + pool_len, bytes, len);
    atom_rec *a = &atoms[atoms_len];
    a->offset = pool_len;
    a->len = len;
    a->index = parse_index(bytes, len);
    a->next = first;
    pool_len += len;
    return (int32_t)atoms_len++;
}

#define INDEX_CACHE_MAX 65536u

int32_t rt_atom_of_index(uint32_t index)
{
    if (index < index_atoms_cap && index_atoms[index] >= 0) return index_atoms[index];
    uint8_t digits[12];
    int n = 0;
    uint32_t v = index;
    do {
        digits[11 - n++] = (uint8_t)('0' + v % 10u);
        v /= 10u;
    } while (v);
    int32_t atom = rt_atom_intern(digits + 12 - n, n);
    if (atom < 0 || index >= INDEX_CACHE_MAX) return atom;
    if (index >= index_atoms_cap) {
        uint32_t old = index_atoms_cap;
        if (rt_vec_reserve((void **)&index_atoms, &index_atoms_cap, index + 1u, sizeof *index_atoms, RT_SPACE_HEAP) !=
            RT_OK)
            return atom; /* the cache is an optimisation only */
        memset(index_atoms + old, 0xff, (size_t)(index_atoms_cap - old) * sizeof *index_atoms);
    }
    index_atoms[index] = atom;
    return atom;
}

const uint8_t *rt_atom_bytes(int32_t atom)
{
    return pool ? pool + atoms[atom].offset : (const uint8_t *)""; /* only empty atoms exist */
}
int32_t rt_atom_len(int32_t atom) { return (int32_t)atoms[atom].len; }
int32_t rt_atom_index(int32_t atom) { return atoms[atom].index; }
int32_t rt_atom_count(void) { return (int32_t)atoms_len; }

void rt_atom_release(void)
{
    rt_heap_free(atoms);
    rt_heap_free(pool);
    rt_map_release(&by_hash);
    rt_heap_free(index_atoms);
    atoms = NULL;
    pool = NULL;
    index_atoms = NULL;
    atoms_len = atoms_cap = pool_len = pool_cap = index_atoms_cap = 0;
}
