/* maps.c — string and 64-bit-key tables (see maps.h). */
#include "maps.h"

#include <string.h>

/* ---- StrMap: FNV-1a, linear probing ------------------------------------- */

static uint32_t str_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

void strmap_init(StrMap *m, Arena *a)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
}

void *strmap_get(const StrMap *m, const char *key)
{
    if (!m->cap) return NULL;
    for (uint32_t i = str_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->slots[i].key) return NULL;
        if (strcmp(m->slots[i].key, key) == 0) return m->slots[i].value;
    }
}

static void strmap_grow(StrMap *m)
{
    uint32_t cap = m->cap ? m->cap * 2 : 64;
    StrMapEntry *slots = ARENA_ARRAY(m->arena, StrMapEntry, cap);
    for (uint32_t j = 0; j < m->cap; j++) {
        if (!m->slots[j].key) continue;
        uint32_t i = str_hash(m->slots[j].key) & (cap - 1);
        while (slots[i].key) i = (i + 1) & (cap - 1);
        slots[i] = m->slots[j];
    }
    m->slots = slots;
    m->cap = cap;
}

void *strmap_put(StrMap *m, const char *key, void *value)
{
    if ((m->len + 1) * 2 > m->cap) strmap_grow(m);
    uint32_t i = str_hash(key) & (m->cap - 1);
    for (; m->slots[i].key; i = (i + 1) & (m->cap - 1))
        if (strcmp(m->slots[i].key, key) == 0) return m->slots[i].value;
    m->slots[i].key = key;
    m->slots[i].value = value;
    m->len++;
    return NULL;
}

/* ---- IdMap: a 64-bit mix, linear probing --------------------------------- */

static uint64_t mix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdu;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53u;
    return k ^ (k >> 33);
}

void idmap_init(IdMap *m, Arena *a)
{
    memset(m, 0, sizeof *m);
    m->arena = a;
}

void *idmap_get(const IdMap *m, uint64_t key)
{
    if (!m->cap) return NULL;
    for (uint64_t i = mix64(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->keys[i]) return NULL;
        if (m->keys[i] == key + 1) return m->values[i];
    }
}

static void idmap_grow(IdMap *m)
{
    uint32_t cap = m->cap ? m->cap * 2 : 64;
    uint64_t *keys = ARENA_ARRAY(m->arena, uint64_t, cap);
    void **values = ARENA_ARRAY(m->arena, void *, cap);
    for (uint32_t j = 0; j < m->cap; j++) {
        if (!m->keys[j]) continue;
        uint64_t i = mix64(m->keys[j] - 1) & (cap - 1);
        while (keys[i]) i = (i + 1) & (cap - 1);
        keys[i] = m->keys[j];
        values[i] = m->values[j];
    }
    m->keys = keys;
    m->values = values;
    m->cap = cap;
}

void *idmap_put(IdMap *m, uint64_t key, void *value)
{
    if ((m->len + 1) * 2 > m->cap) idmap_grow(m);
    uint64_t i = mix64(key) & (m->cap - 1);
    for (; m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == key + 1) return m->values[i];
    m->keys[i] = key + 1;
    m->values[i] = value;
    m->len++;
    return NULL;
}
