/* maps.h — the compiler's two lookup tables, for every stage.
 *
 *   StrMap   string keys (the caller keeps the key alive: arena strings)
 *   IdMap    64-bit keys: pointers, ids, or ids packed together
 *
 * Both are open-addressing tables in the arena, for lookups only: iterate
 * your own declaration-ordered list, never a table, so that output never
 * depends on hash order.  Values are pointers; store an index as
 * (void *)(uintptr_t)(index + 1) so that NULL still means "absent". */
#ifndef WPC_MAPS_H
#define WPC_MAPS_H

#include <stdint.h>

#include "arena.h"

typedef struct StrMapEntry {
    const char *key;
    void *value;
} StrMapEntry;

typedef struct StrMap {
    Arena *arena;
    StrMapEntry *slots;
    uint32_t cap, len;
} StrMap;

void strmap_init(StrMap *m, Arena *a);
void *strmap_get(const StrMap *m, const char *key);
/* Inserts when absent and returns NULL; otherwise returns the existing value
 * and leaves it in place. */
void *strmap_put(StrMap *m, const char *key, void *value);

typedef struct IdMap {
    Arena *arena;
    uint64_t *keys; /* key + 1; 0 marks an empty slot */
    void **values;
    uint32_t cap, len;
} IdMap;

void idmap_init(IdMap *m, Arena *a);
void *idmap_get(const IdMap *m, uint64_t key);
/* Inserts when absent and returns NULL; otherwise returns the existing value
 * and leaves it in place.  (Key UINT64_MAX is reserved.) */
void *idmap_put(IdMap *m, uint64_t key, void *value);

#endif
