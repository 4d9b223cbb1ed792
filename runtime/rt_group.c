/* rt_group.c — the group bitsets behind rt_group.h: bits 0..n-1 are the
 * switches, bits n..2n-1 say that a group's `when` condition is false, so
 * one undo entry kind (a bit and its old value) restores both. */
#include "rt_group.h"

#include <string.h>

#include "rt_heap.h"
#include "rt_undo.h"

static uint8_t *bits;
static uint32_t count;

int32_t rt_group_init(uint32_t n, const uint8_t *initial)
{
    rt_group_release();
    if (!n) return RT_OK;
    size_t bytes = (2u * n + 7u) / 8u;
    bits = rt_heap_alloc(bytes);
    if (!bits) return RT_E_NOMEM;
    memset(bits, 0, bytes);
    count = n;
    for (uint32_t g = 0; g < n; g++)
        if (!initial || (initial[g >> 3] >> (g & 7)) & 1) rt_group_restore((int32_t)g, 1);
    return RT_OK;
}

void rt_group_release(void)
{
    rt_heap_free(bits);
    bits = NULL;
    count = 0;
}

int32_t rt_group_count(void) { return (int32_t)count; }

static int bit(uint32_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }

int32_t rt_group_enabled(int32_t g)
{
    if (g < 0 || (uint32_t)g >= count) return RT_E_GROUP;
    return bit((uint32_t)g) && !bit(count + (uint32_t)g);
}

void rt_group_restore(int32_t g, int32_t on)
{
    if (on)
        bits[g >> 3] = (uint8_t)(bits[g >> 3] | (1u << (g & 7)));
    else
        bits[g >> 3] = (uint8_t)(bits[g >> 3] & ~(1u << (g & 7)));
}

/* Sets raw bit i (logged) and says whether the group's state changed. */
static int32_t set_bit(int32_t g, uint32_t i, int on)
{
    int32_t was = rt_group_enabled(g);
    if (was < 0) return was;
    if (bit(i) != on) {
        if (rt_undo_reserve(1u) != RT_OK) return RT_E_NOMEM;
        rt_undo_group((int32_t)i, bit(i));
        rt_group_restore((int32_t)i, on);
    }
    return rt_group_enabled(g) != was;
}

int32_t rt_group_set(int32_t g, int32_t on)
{
    if (g < 0 || (uint32_t)g >= count) return RT_E_GROUP;
    return set_bit(g, (uint32_t)g, on != 0);
}

int32_t rt_group_hold(int32_t g, int32_t holds)
{
    if (g < 0 || (uint32_t)g >= count) return RT_E_GROUP;
    return set_bit(g, count + (uint32_t)g, holds == 0);
}
