/* sorted.h — search in an ascending array of u32. */
#ifndef WPC_SORTED_H
#define WPC_SORTED_H

#include <stdint.h>

/* The index of the last v[i] <= key, for v[0] <= key and n >= 1 (0 when
 * n == 1): a binary search over v[0..n). */
static inline uint32_t sorted_last_at_most(const uint32_t *v, uint32_t n, uint32_t key)
{
    uint32_t lo = 0, hi = n;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= key)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

#endif
