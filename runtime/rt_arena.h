/* rt_arena.h — the scratch arena: memory for one call (decoded inputs, the
 * round's change list, value snapshots, the plan, hook scratch), released all
 * at once by rt_arena_reset when the call returns. */
#ifndef RT_ARENA_H
#define RT_ARENA_H

#include "rt_base.h"

/* 8-byte aligned, uninitialised; NULL when the heap is exhausted. */
void *rt_arena_alloc(size_t size);
void *rt_arena_zalloc(size_t size);

/* Forget everything allocated since the last reset. Keeps the first chunk,
 * grown to what the call used when it used more (up to 64 KiB), so that a
 * steady workload allocates nothing from the heap. */
void rt_arena_reset(void);

/* Reset, and give back a first chunk grown past its starting size (after a
 * one-off large call: the initial state's). */
void rt_arena_shrink(void);

/* Release every chunk (teardown, leak checks). */
void rt_arena_release(void);

/* Bytes handed out since the last reset (tests). */
size_t rt_arena_used(void);

#endif
