/* rt_heap.c — the persistent heap behind rt_heap.h.
 *
 * Wasm: size classes (powers of two and the half-steps between them) with
 * one free list each and a bump pointer over linear memory, grown with
 * memory.grow. No coalescing: the runtime's
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

static size_t heap_live, heap_allocs;

#if defined(__wasm__)

extern unsigned char __heap_base;

/* Size classes: 16, 32, then each power of two and one and a half times
 * it (48, 64, 96, 128, 192, ...), all multiples of 16 so that payloads
 * stay 16-aligned; up to 1.5 GB. Half-steps matter because the runtime's
 * common blocks are a power of two plus the header (a 32-byte node, a
 * vector or map table of 2^k bytes): with powers of two alone each would
 * take twice its size. */
#define CLASS_COUNT 53
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

static size_t class_size(unsigned c)
{
    if (c == 0) return 16u;
    return (c & 1u) ? (size_t)1 << ((c + 1u) / 2u + 4u) : (size_t)3 << (c / 2u + 3u);
}

/* The smallest class holding `size` bytes and the header. */
static unsigned size_class(size_t size)
{
    size_t need = size + HEADER;
    if (need <= 32u) return need <= 16u ? 0u : 1u;
    unsigned k = 32u - (unsigned)__builtin_clz((unsigned)(need - 1u)); /* 2^(k-1) < need <= 2^k */
    return need <= ((size_t)3 << (k - 2u)) ? 2u * k - 10u : 2u * k - 9u;
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
    heap_allocs++;
    if (!heap_started) heap_start();
    if (size > ((size_t)1 << 30)) return NULL;
    unsigned c = size_class(size);
    size_t block = class_size(c);
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
    heap_live -= class_size(c);
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
    heap_allocs++;
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
size_t rt_heap_allocs(void) { return heap_allocs; }
