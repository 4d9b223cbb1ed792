/* rt_group.c — the group bitset behind rt_group.h. */
#include "rt_group.h"

#include <string.h>

#include "rt_heap.h"
#include "rt_undo.h"

static uint8_t *bits;
static uint32_t count;

int32_t rt_group_init(uint32_t n, const uint8_t *initial) {
    rt_group_release();
    if (!n) return RT_OK;
    size_t bytes = (n + 7u) / 8u;
    bits = rt_heap_alloc(bytes);
    if (!bits) return RT_E_NOMEM;
    if (initial) memcpy(bits, initial, bytes); else memset(bits, 0xff, bytes);
    count = n;
    return RT_OK;
}

void rt_group_release(void) {
    rt_heap_free(bits);
    bits = NULL;
    count = 0;
}

int32_t rt_group_count(void) { return (int32_t)count; }

int32_t rt_group_enabled(int32_t g) {
    if (g < 0 || (uint32_t)g >= count) return RT_E_GROUP;
    return (bits[g >> 3] >> (g & 7)) & 1;
}

void rt_group_restore(int32_t g, int32_t on) {
    if (on) bits[g >> 3] = (uint8_t)(bits[g >> 3] | (1u << (g & 7)));
    else bits[g >> 3] = (uint8_t)(bits[g >> 3] & ~(1u << (g & 7)));
}

int32_t rt_group_set(int32_t g, int32_t on) {
    int32_t was = rt_group_enabled(g);
    if (was < 0) return was;
    on = on ? 1 : 0;
    if (was == on) return 0;
    if (rt_undo_reserve(1u) != RT_OK) return RT_E_NOMEM;
    rt_undo_group(g, was);
    rt_group_restore(g, on);
    return 1;
}
