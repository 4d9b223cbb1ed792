/* rt_arena.c — bump allocation in chunks taken from the persistent heap.
 * A request larger than a chunk gets a chunk of its own.
 *
 * The first chunk is kept across resets and sized by use: it starts at
 * CHUNK_MIN, and a reset after a call that needed more replaces it with one
 * that holds what that call used (up to CHUNK_MAX), so a steady workload
 * allocates nothing from the heap after its first calls while a pipeline
 * whose calls are small keeps a small arena. rt_arena_shrink gives a first
 * chunk grown by a one-off call (the initial state's) back. Chunks fill
 * their heap block (rt_heap_good_size). */
#include "rt_arena.h"

#include <string.h>

#include "rt_heap.h"

#define CHUNK_MIN 8192u
#define CHUNK_MAX 65536u

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
    size_t block = rt_heap_good_size(CHUNK_HEADER + size);
    chunk *c = rt_heap_alloc(block);
    if (!c) return NULL;
    c->next = NULL;
    c->size = block - CHUNK_HEADER;
    c->used = 0;
    return c;
}

void *rt_arena_alloc(size_t size)
{
    size = (size + 7u) & ~(size_t)7u;
    if (!current) {
        if (!first) {
            first = chunk_new(CHUNK_MIN);
            if (!first) return NULL;
        }
        current = first;
    }
    if (current->size - current->used < size) {
        size_t want = current->size * 2u; /* a busy call takes a few chunks, not one per CHUNK_MIN */
        chunk *c = chunk_new(size > want ? size : want);
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
    if (first->next) {
        /* the call outgrew the first chunk: keep one as large as the chain
         * it used (which the same calls then fit), up to CHUNK_MAX */
        size_t want = 0;
        for (const chunk *c = first; c; c = c->next) want += c->size;
        if (want > CHUNK_MAX) want = CHUNK_MAX;
        if (want > first->size) {
            chunk *grown = chunk_new(want);
            if (grown) {
                grown->next = first->next;
                rt_heap_free(first);
                first = grown;
            }
        }
    }
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

void rt_arena_shrink(void)
{
    rt_arena_reset();
    if (first && first->size > CHUNK_MIN) {
        rt_heap_free(first);
        first = current = NULL;
    }
}

void rt_arena_release(void)
{
    rt_arena_reset();
    rt_heap_free(first);
    first = current = NULL;
}

size_t rt_arena_used(void) { return used_total; }
