/* rt_atom.c — the atom table: records in a vector, bytes in one growing pool,
 * and an open-addressing hash (linear probing, load <= 1/2) from bytes to id.
 * Lookup is O(key length). */
#include "rt_atom.h"

#include <string.h>

#include "rt_heap.h"

typedef struct {
    uint32_t offset; /* into pool */
    uint32_t len;
    uint32_t hash;
    int32_t index; /* array index spelled by the bytes, or -1 */
} atom_rec;

static atom_rec *atoms;
static uint32_t atoms_len, atoms_cap;
static uint8_t *pool;
static uint32_t pool_len, pool_cap;
static int32_t *table;       /* atom ids, -1 = empty */
static uint32_t table_cap;   /* power of two */
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

static int32_t table_grow(void)
{
    uint32_t cap = table_cap ? table_cap * 2u : 256u;
    int32_t *fresh = rt_heap_alloc((size_t)cap * sizeof *fresh);
    if (!fresh) return RT_E_NOMEM;
    memset(fresh, 0xff, (size_t)cap * sizeof *fresh);
    for (uint32_t i = 0; i < atoms_len; i++) {
        uint32_t slot = atoms[i].hash & (cap - 1u);
        while (fresh[slot] >= 0) slot = (slot + 1u) & (cap - 1u);
        fresh[slot] = (int32_t)i;
    }
    rt_heap_free(table);
    table = fresh;
    table_cap = cap;
    return RT_OK;
}

int32_t rt_atom_intern(const uint8_t *bytes, int32_t slen)
{
    if (slen < 0) return RT_E_HOOK;
    uint32_t len = (uint32_t)slen;
    uint32_t h = hash_bytes(bytes, len);
    if (table_cap) {
        for (uint32_t slot = h & (table_cap - 1u);; slot = (slot + 1u) & (table_cap - 1u)) {
            int32_t id = table[slot];
            if (id < 0) break;
            const atom_rec *a = &atoms[id];
            if (a->hash == h && a->len == len && memcmp(pool + a->offset, bytes, len) == 0) return id;
        }
    }
    /* New atom: reserve everything first so a failure leaves no trace. */
    if ((atoms_len + 1u) * 2u > table_cap && table_grow() != RT_OK) return RT_E_NOMEM;
    if (rt_heap_reserve((void **)&atoms, &atoms_cap, atoms_len + 1u, sizeof *atoms) != RT_OK) return RT_E_NOMEM;
    if ((uint64_t)pool_len + len > INT32_MAX) return RT_E_NOMEM;
    if (rt_heap_reserve((void **)&pool, &pool_cap, pool_len + len, 1u) != RT_OK) return RT_E_NOMEM;
    if (len) memcpy(pool + pool_len, bytes, len);
    atom_rec *a = &atoms[atoms_len];
    a->offset = pool_len;
    a->len = len;
    a->hash = h;
    a->index = parse_index(bytes, len);
    pool_len += len;
    uint32_t slot = h & (table_cap - 1u);
    while (table[slot] >= 0) slot = (slot + 1u) & (table_cap - 1u);
    table[slot] = (int32_t)atoms_len;
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
        if (rt_heap_reserve((void **)&index_atoms, &index_atoms_cap, index + 1u, sizeof *index_atoms) != RT_OK)
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
    rt_heap_free(table);
    rt_heap_free(index_atoms);
    atoms = NULL;
    pool = NULL;
    table = NULL;
    index_atoms = NULL;
    atoms_len = atoms_cap = pool_len = pool_cap = table_cap = index_atoms_cap = 0;
}
