/* rt_numfmt.c — rt_num_format: a double as text, as JavaScript's String(n)
 * writes it (ECMAScript Number::toString with radix 10).
 *
 * Digits. The spec asks for an integer s of the fewest digits k such that
 * s * 10^(n-k) reads back as the same double. Its note recommends, and V8
 * does, taking the s closest to the exact value, and the even one on a
 * tie. The digits come from the free-format algorithm of Steele & White
 * (Dragon4) as refined by Burger & Dybvig, in exact bignum arithmetic. With
 * v = r/s and the half-gaps to the neighbouring doubles m-/s and m+/s, each
 * step takes one digit d = floor(10r/s). It stops at the first position where
 * d, or d+1, already lies within the rounding interval. That interval keeps
 * its ends when the significand is even, because a decimal halfway between
 * two doubles reads back as the even one. If both d and d+1 lie within it,
 * 2r against s picks the closer one. Integers below 2^53 take a shortcut:
 * their shortest digits are their own decimal digits.
 *
 * Why this algorithm. It is exact by construction, needs no tables and
 * makes the smallest code. Ryu needs about 10 KB of 128-bit multipliers
 * (or a smaller table and more code).
 * Grisu needs a table of cached powers and still falls back to a bignum
 * algorithm like this one for about 0.5% of inputs. The price is speed:
 * a few microseconds for extreme exponents, where the operands grow to
 * about 1140 bits. That is fine for turning a value into a string in a rule.
 *
 * Layout: the rest of Number::toString, with n the position of the decimal
 * point (value = 0.DIGITS * 10^n): plain digits for -5 <= n <= 21, exponent
 * form otherwise.
 *
 * Nothing here uses static data: everything is code, so linking this file
 * does not move the runtime's data. */
#include "rt_numfmt.h"

#include <string.h>

/* Out of line: inlined at all their call sites, the helpers more than double
 * the wasm code (7 KB instead of 3). */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* The largest operand is 4 * 2^53 * 10^324 (about 1140 bits). */
#define BN_LIMBS 40

typedef struct {
    int32_t n;            /* limbs in use: d[n-1] != 0, and n == 0 for zero */
    uint32_t d[BN_LIMBS]; /* least significant first */
} bignum;

static uint32_t limb(const bignum *b, int32_t i) { return i < b->n ? b->d[i] : 0; }

NOINLINE static void bn_norm(bignum *b)
{
    while (b->n > 0 && b->d[b->n - 1] == 0) b->n--;
}

/* b = v * 2^shift, v < 2^64 */
NOINLINE static void bn_set(bignum *b, uint64_t v, int32_t shift)
{
    int32_t w = shift / 32, bits = shift % 32;
    uint32_t lo = (uint32_t)v, hi = (uint32_t)(v >> 32);
    for (int32_t i = 0; i < w; i++) b->d[i] = 0;
    b->d[w] = lo << bits;
    b->d[w + 1] = bits ? hi << bits | lo >> (32 - bits) : hi;
    b->d[w + 2] = bits ? hi >> (32 - bits) : 0;
    b->n = w + 3;
    bn_norm(b);
}

NOINLINE static void bn_mul_small(bignum *b, uint32_t m)
{
    uint64_t carry = 0;
    for (int32_t i = 0; i < b->n; i++) {
        carry += (uint64_t)b->d[i] * m;
        b->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    if (carry && b->n < BN_LIMBS) b->d[b->n++] = (uint32_t)carry;
}

NOINLINE static void bn_mul_pow10(bignum *b, int32_t k)
{
    for (; k >= 9; k -= 9) bn_mul_small(b, 1000000000u);
    uint32_t p = 1;
    while (k-- > 0) p *= 10;
    bn_mul_small(b, p);
}

NOINLINE static int32_t bn_cmp(const bignum *a, const bignum *b)
{
    if (a->n != b->n) return a->n > b->n ? 1 : -1;
    for (int32_t i = a->n - 1; i >= 0; i--)
        if (a->d[i] != b->d[i]) return a->d[i] > b->d[i] ? 1 : -1;
    return 0;
}

/* out = a + b (out may be a) */
NOINLINE static void bn_add(bignum *out, const bignum *a, const bignum *b)
{
    int32_t n = a->n > b->n ? a->n : b->n;
    uint64_t carry = 0;
    for (int32_t i = 0; i < n; i++) {
        carry += (uint64_t)limb(a, i) + limb(b, i);
        out->d[i] = (uint32_t)carry;
        carry >>= 32;
    }
    out->n = n;
    if (carry && n < BN_LIMBS) out->d[out->n++] = (uint32_t)carry;
}

/* a -= b, with a >= b */
NOINLINE static void bn_sub(bignum *a, const bignum *b)
{
    uint32_t borrow = 0;
    for (int32_t i = 0; i < a->n; i++) {
        uint64_t x = (uint64_t)a->d[i] - limb(b, i) - borrow;
        a->d[i] = (uint32_t)x;
        borrow = (uint32_t)(x >> 63);
    }
    bn_norm(a);
}

/* Whether r + m+ reaches s: whether the digit just taken plus one is still
 * within the interval (before the first digit: whether 10^n is). m+ is m,
 * or 2m when the gap below is the narrower one; t is scratch. */
NOINLINE static int32_t reaches(const bignum *r, const bignum *m, int32_t wide, const bignum *s, int32_t inclusive,
                                bignum *t)
{
    bn_add(t, r, m);
    if (wide) bn_add(t, t, m);
    return bn_cmp(t, s) + inclusive > 0;
}

/* The shortest digits of f * 2^e (f > 0), closest and even on a tie, into
 * dig (at most 17); *point gets n, with value = 0.DIGITS * 10^n. `narrow`
 * says the gap to the double below is half the gap above (f = 2^52, not the
 * smallest exponent). */
NOINLINE static int32_t shortest(uint64_t f, int32_t e, int32_t narrow, char *dig, int32_t *point)
{
    bignum r, s, m, t;
    int32_t inclusive = (f & 1) == 0;
    int32_t pos = e > 0 ? e : 0, neg = e < 0 ? -e : 0;
    /* v = r/s, and the half-gap below is m/s: everything is doubled (four
     * times when narrow) so that the half-gaps are integers. */
    bn_set(&r, f, pos + 1 + narrow);
    bn_set(&s, 1, neg + 1 + narrow);
    bn_set(&m, 1, pos);

    /* n is the least integer with 10^n above the interval (v+ < 10^n, or
     * v+ <= 10^n when its ends are out); then v = r/s is scaled to r/(s 10^n).
     * 2^x <= v for x = floor(log2 v), so n >= floor(x log10 2) + 1, and the
     * estimate never exceeds that (1233/4096 < log10 2 < 1234/4096); the loop
     * raises it to n, by 2 at most. */
    int32_t x = e + 63 - __builtin_clzll(f);
    int32_t n = x >= 0 ? ((x * 1233) >> 12) + 1 : 1 - ((-x * 1234 + 4095) >> 12);
    if (n >= 0) {
        bn_mul_pow10(&s, n);
    } else {
        bn_mul_pow10(&r, -n);
        bn_mul_pow10(&m, -n);
    }
    while (reaches(&r, &m, narrow, &s, inclusive, &t)) {
        bn_mul_small(&s, 10);
        n++;
    }

    /* As 10^n is above the interval, d + 1 never reaches 10: it would have
     * reached the interval one position earlier. If the interval reaches
     * 10^(n-1) the first digit is 0 and the result is the single digit 1. */
    int32_t nd = 0, d, low, high;
    for (;;) {
        bn_mul_small(&r, 10);
        bn_mul_small(&m, 10);
        for (d = 0; bn_cmp(&r, &s) >= 0; d++) bn_sub(&r, &s);
        low = bn_cmp(&r, &m) < inclusive;
        high = reaches(&r, &m, narrow, &s, inclusive, &t);
        if (low || high) break;
        dig[nd++] = (char)('0' + d);
    }
    if (low && high) { /* both d and d + 1 fit: the closer; the even one on a tie */
        bn_add(&t, &r, &r);
        int32_t c = bn_cmp(&t, &s);
        high = c > 0 || (c == 0 && (d & 1));
    }
    dig[nd++] = (char)('0' + d + high);
    *point = n;
    return nd;
}

/* The layout of Number::toString: nd digits, value = 0.DIGITS * 10^n. */
NOINLINE static int32_t layout(char *out, const char *dig, int32_t nd, int32_t n)
{
    char *q = out;
    if (nd <= n && n <= 21) { /* 1230000 */
        memcpy(q, dig, (size_t)nd);
        q += nd;
        for (int32_t i = nd; i < n; i++) *q++ = '0';
    } else if (0 < n && n <= 21) { /* 12.3 */
        memcpy(q, dig, (size_t)n);
        q += n;
        *q++ = '.';
        memcpy(q, dig + n, (size_t)(nd - n));
        q += nd - n;
    } else if (-6 < n && n <= 0) { /* 0.00123 */
        *q++ = '0';
        *q++ = '.';
        for (int32_t i = n; i < 0; i++) *q++ = '0';
        memcpy(q, dig, (size_t)nd);
        q += nd;
    } else { /* 1.23e+45, 1e-7 */
        int32_t e = n - 1;
        *q++ = dig[0];
        if (nd > 1) {
            *q++ = '.';
            memcpy(q, dig + 1, (size_t)(nd - 1));
            q += nd - 1;
        }
        *q++ = 'e';
        *q++ = e < 0 ? '-' : '+';
        if (e < 0) e = -e;
        if (e >= 100) *q++ = (char)('0' + e / 100);
        if (e >= 10) *q++ = (char)('0' + e / 10 % 10);
        *q++ = (char)('0' + e % 10);
    }
    return (int32_t)(q - out);
}

int32_t rt_num_format(double v, char out[RT_NUM_TEXT_MAX])
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int32_t biased = (int32_t)(bits >> 52 & 0x7ff);
    uint64_t f = bits & ((UINT64_C(1) << 52) - 1);
    char *q = out;
    int32_t len;
    if (biased == 0x7ff && f) {
        q[0] = 'N'; /* not memcpy: clang would put "NaN" in the data segment */
        q[1] = 'a';
        q[2] = 'N';
        len = 3;
    } else if (biased == 0 && f == 0) { /* 0 and -0 */
        *q = '0';
        len = 1;
    } else {
        if (bits >> 63) *q++ = '-';
        if (biased == 0x7ff) {
            memcpy(q, "Infinity", 8);
            len = 8;
        } else {
            char dig[20];
            int32_t nd, n, e = biased ? biased - 1075 : -1074;
            if (biased) f |= UINT64_C(1) << 52;
            if (e <= 0 && e >= -52 && (f & ((UINT64_C(1) << -e) - 1)) == 0) {
                /* an integer below 2^53: its digits, trailing zeros dropped */
                uint64_t i = f >> -e;
                char rev[20];
                for (n = 0; i; i /= 10) rev[n++] = (char)('0' + i % 10);
                for (nd = 0; nd < n; nd++) dig[nd] = rev[n - 1 - nd];
                while (dig[nd - 1] == '0') nd--;
            } else {
                nd = shortest(f, e, f == UINT64_C(1) << 52 && biased > 1, dig, &n);
            }
            len = layout(q, dig, nd, n);
        }
        len += (int32_t)(q - out);
    }
    out[len] = 0;
    return len;
}
