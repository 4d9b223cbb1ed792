/* rt_arena.c — bump allocation in chunks taken from the persistent heap.
 * A request larger than a chunk gets a chunk of its own. */
#include "rt_arena.h"

#include <string.h>

#include "rt_heap.h"

#define CHUNK_SIZE 65536u

typedef struct chunk {
    struct chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
} chunk;

#define CHUNK_HEADER ((sizeof(chunk) + 7u) & ~(size_t)7u)

static chunk *first;   /* kept across resets */
static chunk *current; /* where allocation happens; last in the list */
static size_t used_total;

static chunk *chunk_new(size_t size)
{
    chunk *c = rt_heap_alloc(CHUNK_HEADER + size);
    if (!c) return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *rt_arena_alloc(size_t size)
{
    size = (size + 7u) & ~(size_t)7u;
    if (!current) {
        if (!first) {
            first = chunk_new(CHUNK_SIZE);
            if (!first) return NULL;
        }
        current = first;
    }
    if (current->size - current->used < size) {
        chunk *c = chunk_new(size > CHUNK_SIZE ? size : CHUNK_SIZE);
        if (!c) return NULL;
        current->next = c;
        current = c;
    }
    void *p = (unsigned char *)current + CHUNK_HEADER + current->used;
    current->used += size;
    used_total += size;
    return p;
}

void *rt_arena_zalloc(size_t size)
{
    void *p = rt_arena_alloc(size);
    if (p) memset(p, 0, size);
    return p;
}

void rt_arena_reset(void)
{
    if (!first) return;
    chunk *c = first->next;
    while (c) {
        chunk *next = c->next;
        rt_heap_free(c);
        c = next;
    }
    first->next = NULL;
    first->used = 0;
    current = first;
    used_total = 0;
}

void rt_arena_release(void)
{
    rt_arena_reset();
    rt_heap_free(first);
    first = current = NULL;
}

size_t rt_arena_used(void) { return used_total; }
