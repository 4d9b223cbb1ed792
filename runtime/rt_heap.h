/* rt_heap.h — the persistent heap: memory that outlives one call (the shadow
 * state, interned atoms and paths, the undo log, buffers).
 *
 * Every allocation may fail and returns NULL then; callers turn that into
 * RT_E_NOMEM. Natively the heap is malloc with a size header (so ASan and
 * valgrind see every block) plus a failure injector for tests; in wasm it is a
 * size-class allocator over memory.grow whose start the app descriptor can
 * move (docs/internals.md, "Memory layout"). */
#ifndef RT_HEAP_H
#define RT_HEAP_H

#include "rt_base.h"

void *rt_heap_alloc(size_t size);
void *rt_heap_zalloc(size_t size);
void rt_heap_free(void *block);
/* The bytes a block asked with `size` can really hold (its class's room;
 * `size` natively): a vector asks for this much and fills it. */
size_t rt_heap_good_size(size_t size);

/* Bytes in live blocks (including headers); flat under a steady workload. */
size_t rt_heap_live(void);
/* Allocations made since start-up (tests: the single edit allocates none). */
size_t rt_heap_allocs(void);

/* Wasm only: first address the heap may use (the app's data end). Takes
 * effect only while nothing has been allocated above it. */
void rt_heap_set_base(uintptr_t base);

/* Native tests only: let `count` more allocations succeed, then make the next one
 * fail (and every later one until reset with -1). */
void rt_heap_fail_after(long count);

#endif
