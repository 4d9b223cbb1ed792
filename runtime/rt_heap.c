/* rt_heap.c — the persistent heap behind rt_heap.h.
 *
 * Wasm: power-of-two size classes with one free list each and a bump pointer
 * over linear memory, grown with memory.grow. No coalescing: the runtime's
 * blocks come in few sizes (nodes, small strings, vectors that only grow), so
 * a freed block is reused by the next block of its class and memory stays
 * flat when the same paths are overwritten again and again. wasi-libc's malloc
 * is not used because it starts at the link-time __heap_base, where wpc puts
 * the app's data.
 *
 * Native: malloc with a 16-byte header holding the size, so tests can count
 * live bytes and inject failures while sanitizers still see every block. */
#include "rt_heap.h"

#include <string.h>

static size_t heap_live;

#if defined(__wasm__)

extern unsigned char __heap_base;

#define CLASS_MIN 4 /* 16 bytes */
#define CLASS_COUNT 32
#define HEADER 8u

typedef struct free_block {
    struct free_block *next;
} free_block;

static free_block *free_lists[CLASS_COUNT];
static uintptr_t heap_top; /* next unused byte */
static uintptr_t heap_end; /* end of linear memory */
static int heap_started;

static void heap_start(void)
{
    heap_top = ((uintptr_t)&__heap_base + 15u) & ~(uintptr_t)15u;
    heap_end = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    heap_started = 1;
}

void rt_heap_set_base(uintptr_t base)
{
    if (!heap_started) heap_start();
    base = (base + 15u) & ~(uintptr_t)15u;
    if (base > heap_top) heap_top = base;
}

static unsigned size_class(size_t size)
{
    unsigned c = CLASS_MIN;
    while (c < CLASS_COUNT - 1 && ((size_t)1 << c) < size + HEADER) c++;
    return c;
}

/* Room up to `stop`: memory grows by at least an eighth of its size (and
 * 4 pages), so that building a large state is a few dozen grows, not one
 * per page (each grow makes the host renew its views of the memory).
 * Pages the heap has not reached yet are never touched, so they cost
 * address space, not resident memory. Falls back to the exact need. */
static int grow_memory(uintptr_t stop)
{
    size_t need = (stop - heap_end + 65535u) / 65536u;
    size_t extra = heap_end / 65536u / 8u;
    size_t pages = need > extra ? need : extra;
    if (pages < 4u) pages = need > 4u ? need : 4u;
    if (__builtin_wasm_memory_grow(0, pages) == (size_t)-1) {
        if (pages == need || __builtin_wasm_memory_grow(0, need) == (size_t)-1) return -1;
        pages = need;
    }
    heap_end += pages * 65536u;
    return 0;
}

void *rt_heap_alloc(size_t size)
{
    if (!heap_started) heap_start();
    if (size > ((size_t)1 << (CLASS_COUNT - 2))) return NULL;
    unsigned c = size_class(size);
    size_t block = (size_t)1 << c;
    unsigned char *p;
    if (free_lists[c]) {
        p = (unsigned char *)free_lists[c] - HEADER;
        free_lists[c] = free_lists[c]->next;
    } else {
        uintptr_t start = (heap_top + HEADER + 15u) & ~(uintptr_t)15u; /* payload 16-aligned */
        uintptr_t stop = start - HEADER + block;
        if (stop > heap_end && grow_memory(stop) != 0) return NULL;
        p = (unsigned char *)(start - HEADER);
        heap_top = stop;
    }
    *(uint32_t *)p = c;
    heap_live += block;
    return p + HEADER;
}

void rt_heap_free(void *block)
{
    if (!block) return;
    unsigned char *p = (unsigned char *)block - HEADER;
    unsigned c = *(uint32_t *)p;
    heap_live -= (size_t)1 << c;
    free_block *f = (free_block *)block;
    f->next = free_lists[c];
    free_lists[c] = f;
}

void rt_heap_fail_after(long count) { (void)count; }

#else /* native */

#include <stdlib.h>

#define HEADER 16u
static long fail_countdown = -1;

void *rt_heap_alloc(size_t size)
{
    if (fail_countdown == 0) return NULL;
    if (fail_countdown > 0) fail_countdown--;
    unsigned char *p = malloc(size + HEADER);
    if (!p) return NULL;
    memcpy(p, &size, sizeof size);
    heap_live += size + HEADER;
    return p + HEADER;
}

void rt_heap_free(void *block)
{
    if (!block) return;
    unsigned char *p = (unsigned char *)block - HEADER;
    size_t size;
    memcpy(&size, p, sizeof size);
    heap_live -= size + HEADER;
    free(p);
}

void rt_heap_set_base(uintptr_t base) { (void)base; }

void rt_heap_fail_after(long count) { fail_countdown = count; }

#endif

void *rt_heap_zalloc(size_t size)
{
    void *p = rt_heap_alloc(size);
    if (p) memset(p, 0, size);
    return p;
}

size_t rt_heap_live(void) { return heap_live; }
