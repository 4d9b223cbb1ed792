/* rt_heap.c — the persistent heap behind rt_heap.h.
 *
 * Wasm: exact-size classes (8-byte steps, then quarter steps between
 * powers of two) with one free list each and a bump pointer over linear
 * memory, grown with memory.grow. No coalescing: the runtime's
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

/* Size classes, counted in bytes of block (the 4-byte header included):
 * every multiple of 8 up to 256, then four steps per power of two (320,
 * 384, 448, 512, 640, ...), up to 1.25 GB. A block holds its class in the
 * 4 bytes before the payload and payloads are 8-aligned (the runtime's
 * widest scalar is a double), so a 32-byte node takes 40 bytes and a
 * string its length rounded up to 8: the common blocks no longer round to
 * a power of two. rt_heap_good_size lets a vector fill its class. */
#define SMALL_MAX 256u
#define CLASS_COUNT 124u /* 32 small classes, then 4 per power of two from 2^8 to 2^30 */
#define HEADER 4u

typedef struct free_block {
    struct free_block *next;
} free_block;

static free_block *free_lists[CLASS_COUNT];
static uintptr_t heap_top; /* next unused byte: a block start, 4 mod 8 */
static uintptr_t heap_end; /* end of linear memory */
static int heap_started;

static uintptr_t block_start(uintptr_t at) { return ((at + HEADER + 7u) & ~(uintptr_t)7u) - HEADER; }

static void heap_start(void)
{
    heap_top = block_start((uintptr_t)&__heap_base);
    heap_end = (uintptr_t)__builtin_wasm_memory_size(0) * 65536u;
    heap_started = 1;
}

void rt_heap_set_base(uintptr_t base)
{
    if (!heap_started) heap_start();
    base = block_start(base);
    if (base > heap_top) heap_top = base;
}

static size_t class_size(unsigned c)
{
    if (c < 32u) return 8u * (c + 1u);
    unsigned k = 8u + (c - 32u) / 4u, j = (c - 32u) % 4u + 1u;
    return ((size_t)1 << k) + (size_t)j * ((size_t)1 << (k - 2u));
}

/* The smallest class holding `size` bytes and the header. */
static unsigned size_class(size_t size)
{
    size_t need = size + HEADER;
    if (need <= SMALL_MAX) return need ? (unsigned)((need + 7u) / 8u) - 1u : 0u;
    unsigned k = 31u - (unsigned)__builtin_clz((unsigned)(need - 1u)); /* 2^k < need <= 2^(k+1) */
    size_t step = (size_t)1 << (k - 2u);
    unsigned j = (unsigned)((need - ((size_t)1 << k) + step - 1u) / step); /* 1..4 */
    return 32u + (k - 8u) * 4u + j - 1u;
}

size_t rt_heap_good_size(size_t size)
{
    if (size > ((size_t)1 << 30)) return size;
    return class_size(size_class(size)) - HEADER;
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
        uintptr_t stop = heap_top + block; /* blocks are multiples of 8: the next one stays aligned */
        if (stop > heap_end && grow_memory(stop) != 0) return NULL;
        p = (unsigned char *)heap_top;
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

size_t rt_heap_good_size(size_t size) { return size; }

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
