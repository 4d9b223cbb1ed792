/* rt_dfa.c — the search loop of rt_dfa.h.
 *
 * The compiler has already folded search semantics into the automaton (the
 * DFA restarts the regex at every position, and `^` holds only before the
 * first unit), so the loop is one table step per code unit: no backtracking,
 * O(length) whatever the pattern.  It stops early in the two absorbing
 * states, ACCEPT (matched, whatever follows) and DEAD (cannot match any
 * more); otherwise the answer is the AT_END bit of the last state, which is
 * where `$` holds. */
#include "rt_dfa.h"

#include "dfa.h"

typedef struct Dfa {
    const uint8_t *b;
    uint32_t n_classes, n_ranges, ranges, trans;
} Dfa;

/* The class of code unit `cu`: the last range starting at or below it (the
 * first range starts at 0, so there is one). */
static uint32_t class_of(const Dfa *d, uint32_t cu)
{
    uint32_t lo = 0, hi = d->n_ranges; /* invariant: range lo starts <= cu; answer in [lo, hi) */
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (DFA_RANGE_LO(dfa_rd32(d->b, d->ranges + mid * 4u)) <= cu)
            lo = mid;
        else
            hi = mid;
    }
    return DFA_RANGE_CLASS(dfa_rd32(d->b, d->ranges + lo * 4u));
}

static uint32_t step(const Dfa *d, uint32_t s, uint32_t cu)
{
    return dfa_rd16(d->b, d->trans + (s * d->n_classes + class_of(d, cu)) * 2u);
}

/* The continuation byte at i, or 0x80 (payload 0) past the end: a truncated
 * sequence still yields one unit, as the glue's decoder would. */
static uint32_t cont(const uint8_t *p, int32_t i, int32_t len) { return i < len ? p[i] & 0x3fu : 0u; }

int32_t rt_dfa_search(const uint8_t *blob, const uint8_t *bytes, int32_t len)
{
    if (!blob || dfa_word(blob, DFA_H_MAGIC) != DFA_MAGIC || dfa_word(blob, DFA_H_VERSION) != DFA_VERSION) return 0;
    Dfa d = {blob, dfa_word(blob, DFA_H_N_CLASSES), dfa_word(blob, DFA_H_N_RANGES), dfa_word(blob, DFA_H_RANGES),
             dfa_word(blob, DFA_H_TRANS)};
    uint32_t accept = dfa_word(blob, DFA_H_ACCEPT), dead = dfa_word(blob, DFA_H_DEAD);
    uint32_t s = dfa_word(blob, DFA_H_START);
    if (!bytes) len = 0;
    int32_t i = 0;
    while (s != accept && s != dead && i < len) {
        /* Decode one sequence the way runtime/js/codec.js reads WTF-8: the
         * lead byte gives the length. */
        uint32_t b0 = bytes[i];
        if (b0 < 0x80u) {
            s = step(&d, s, b0);
            i += 1;
        } else if (b0 < 0xe0u) {
            s = step(&d, s, (b0 & 0x1fu) << 6 | cont(bytes, i + 1, len));
            i += 2;
        } else if (b0 < 0xf0u) {
            s = step(&d, s, (b0 & 0x0fu) << 12 | cont(bytes, i + 1, len) << 6 | cont(bytes, i + 2, len));
            i += 3;
        } else {
            uint32_t cp = (b0 & 0x07u) << 18 | cont(bytes, i + 1, len) << 12 | cont(bytes, i + 2, len) << 6 |
                          cont(bytes, i + 3, len);
            cp = (cp - 0x10000u) & 0xfffffu;
            s = step(&d, s, 0xd800u + (cp >> 10));
            if (s != accept && s != dead) s = step(&d, s, 0xdc00u + (cp & 0x3ffu));
            i += 4;
        }
    }
    if (s == accept) return 1;
    if (s == dead) return 0;
    uint32_t at_end = dfa_word(blob, DFA_H_AT_END);
    return (int32_t)(dfa_rd32(blob, at_end + (s >> 5) * 4u) >> (s & 31u) & 1u);
}

int32_t rt_pattern_test(const uint8_t *blob, const rt_node *v)
{
    if (!v || v->kind != RT_KIND_STRING) return 0;
    return rt_dfa_search(blob, rt_node_bytes(v), (int32_t)v->u.str.len);
}
