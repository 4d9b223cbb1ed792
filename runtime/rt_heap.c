/* rt_heap.c — the persistent heap behind rt_heap.h.
 *
 * Wasm: exact-size classes (8-byte steps, then five per power of two) with
 * one free list each and a bump pointer over linear memory, grown with
 * memory.grow. No coalescing: the runtime's blocks come in few sizes
 * (nodes, small strings, vectors that only grow), so a freed block is
 * reused by the next block of its class and memory stays flat when the
 * same paths are overwritten again and again; a freed large block with no
 * taker of its class is cut into smaller blocks before the heap grows. wasi-libc's malloc
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
 * every multiple of 8 up to 256, then five steps per power of two 2^k:
 * 2^k + 8 (a table of 2^k bytes and its header, as the maps' are), and
 * 2^k plus one, two, three and four quarters (320, 384, 448, 512, 520,
 * 640, ...), for blocks up to 1 GiB. A block holds its class in the 4 bytes before
 * the payload and payloads are 8-aligned (the runtime's widest scalar is a
 * double), so a 28-byte node takes 32 bytes and a string its length
 * rounded up to 8: the common blocks no longer round to a power of two.
 * rt_heap_good_size lets a vector fill its class. */
#define SMALL_MAX 256u
#define CLASS_COUNT 147u /* 32 small classes, then 5 per power of two from 2^8 to 2^30 */
#define HEADER 4u

typedef struct free_block {
    struct free_block *next;
} free_block;

/* Freed blocks of CARVE_MIN (4 KiB) and more are cut into smaller blocks
 * when a smaller class has none free, before the bump pointer moves (a
 * linear memory's pages, once written, stay resident for its life): the
 * buffers a call drops (the initial state's input, arena chunks, the old
 * table of a vector or map that grew) are reused by the blocks that follow
 * instead of staying resident and idle. carve_mask has bit c - CARVE_MIN
 * set while free_lists[c] is not empty. */
#define CARVE_MIN 51u /* the class of 4 KiB */

static free_block *free_lists[CLASS_COUNT];
static uint64_t carve_mask[2];         /* CLASS_COUNT - CARVE_MIN bits */
static uintptr_t carve_top, carve_end; /* the block being cut, from carve_top on */
static uintptr_t heap_top;             /* next unused byte: a block start, 4 mod 8 */
static uintptr_t heap_end;             /* end of linear memory */
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
    unsigned k = 8u + (c - 32u) / 5u, j = (c - 32u) % 5u;
    return ((size_t)1 << k) + (j ? (size_t)j << (k - 2u) : 8u);
}

/* The smallest class holding `size` bytes and the header. */
static unsigned size_class(size_t size)
{
    size_t need = size + HEADER;
    if (need <= SMALL_MAX) return need ? (unsigned)((need + 7u) / 8u) - 1u : 0u;
    unsigned k = 31u - (unsigned)__builtin_clz((unsigned)(need - 1u)); /* 2^k < need <= 2^(k+1) */
    size_t step = (size_t)1 << (k - 2u);
    unsigned j = need <= ((size_t)1 << k) + 8u ? 0u : (unsigned)((need - ((size_t)1 << k) + step - 1u) / step);
    return 32u + (k - 8u) * 5u + j;
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

static void push_free(unsigned c, unsigned char *block_at)
{
    free_block *f = (free_block *)(block_at + HEADER);
    *(uint32_t *)block_at = c;
    f->next = free_lists[c];
    free_lists[c] = f;
    if (c >= CARVE_MIN) carve_mask[(c - CARVE_MIN) / 64u] |= (uint64_t)1 << ((c - CARVE_MIN) % 64u);
}

static unsigned char *pop_free(unsigned c)
{
    free_block *f = free_lists[c];
    free_lists[c] = f->next;
    if (c >= CARVE_MIN && !f->next) carve_mask[(c - CARVE_MIN) / 64u] &= ~((uint64_t)1 << ((c - CARVE_MIN) % 64u));
    return (unsigned char *)f - HEADER;
}

/* The smallest class from `c` on with a free block to cut, or 0 (none). */
static unsigned carve_class(unsigned c)
{
    unsigned from = c > CARVE_MIN ? c - CARVE_MIN : 0u;
    for (unsigned w = from / 64u; w < 2u; w++) {
        uint64_t bits = carve_mask[w];
        if (w == from / 64u) bits &= ~(uint64_t)0 << (from % 64u);
        if (bits) return CARVE_MIN + 64u * w + (unsigned)__builtin_ctzll(bits);
    }
    return 0u;
}

/* A new block of class `c` (`block` bytes) cut from a freed large block, or
 * NULL. The rest of the block being cut, too small for this one, becomes a
 * free block of the largest class it holds. */
static unsigned char *carve(unsigned c, size_t block)
{
    if (carve_end - carve_top < block) {
        unsigned d = carve_class(c + 1u);
        if (!d) return NULL;
        size_t rest = carve_end - carve_top;
        if (rest >= 8u) {
            unsigned r = size_class(rest - HEADER);
            if (class_size(r) > rest) r--; /* the largest class within the rest */
            push_free(r, (unsigned char *)carve_top);
        }
        carve_top = (uintptr_t)pop_free(d);
        carve_end = carve_top + class_size(d);
    }
    unsigned char *p = (unsigned char *)carve_top;
    carve_top += block;
    return p;
}

void *rt_heap_alloc(size_t size)
{
    heap_allocs++;
    if (!heap_started) heap_start();
    if (size > ((size_t)1 << 30)) return NULL;
    unsigned c = size_class(size);
    size_t block = class_size(c);
    unsigned char *p = NULL;
    if (free_lists[c])
        p = pop_free(c);
    else
        p = carve(c, block);
    if (!p) {
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
    push_free(c, p);
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
