/* t_numfmt.c — numbers as text, exactly as JavaScript's String(n)
 * (rt_numfmt.h): the special values, integers around 2^53, the switch between
 * decimal and exponent notation at 1e21 and 1e-7, the extremes (subnormals,
 * the largest double), shortest digits, ties to even, the ends of the
 * rounding interval, the length bound, reading every text back to the same
 * double, and the rt_mk_num_str service.
 * numfmt.test.mjs compares the same code with node on 100 000+ doubles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_access.h"
#include "rt_numfmt.h"
#include "suites.h"

static double of_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static uint64_t bits_of(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

#define FMT_IS(v, want) fmt_is((v), (want), #v)

static void fmt_is(double v, const char *want, const char *expr)
{
    char out[RT_NUM_TEXT_MAX];
    memset(out, 'x', sizeof out);
    int32_t len = rt_num_format(v, out);
    ck_assert_msg(len == (int32_t)strlen(want) && memcmp(out, want, strlen(want)) == 0, "%s: want \"%s\", got \"%.*s\"",
                  expr, want, len > 0 && len < RT_NUM_TEXT_MAX ? (int)len : 0, out);
    ck_assert_msg(out[len] == 0, "%s: NUL after the text", expr);
}

START_TEST(special_values)
{
    FMT_IS(0.0, "0");
    FMT_IS(-0.0, "0");
    FMT_IS(NAN, "NaN");
    FMT_IS(-NAN, "NaN");
    FMT_IS(of_bits(UINT64_C(0x7ff0000000000001)), "NaN"); /* a signalling payload */
    FMT_IS(of_bits(UINT64_C(0xffffffffffffffff)), "NaN");
    FMT_IS(INFINITY, "Infinity");
    FMT_IS(-INFINITY, "-Infinity");
}
END_TEST

START_TEST(integers)
{
    FMT_IS(1.0, "1");
    FMT_IS(-1.0, "-1");
    FMT_IS(7.0, "7");
    FMT_IS(100.0, "100");
    FMT_IS(-1234567.0, "-1234567");
    FMT_IS(9007199254740991.0, "9007199254740991"); /* 2^53 - 1 */
    FMT_IS(9007199254740992.0, "9007199254740992"); /* 2^53 */
    FMT_IS(9007199254740993.0, "9007199254740992"); /* 2^53 + 1 reads as 2^53 */
    FMT_IS(9007199254740994.0, "9007199254740994"); /* 2^53 + 2 */
    FMT_IS(9007199254740996.0, "9007199254740996");
    FMT_IS(1e16, "10000000000000000");
    FMT_IS(1e17, "100000000000000000");
    FMT_IS(1e20, "100000000000000000000");
    FMT_IS(123456789012345680000.0, "123456789012345680000");
    FMT_IS(9223372036854775808.0, "9223372036854776000");   /* 2^63 */
    FMT_IS(18446744073709551616.0, "18446744073709552000"); /* 2^64 */
    FMT_IS(123e18, "123000000000000000000");
}
END_TEST

START_TEST(fractions_shortest_digits)
{
    FMT_IS(0.1, "0.1");
    FMT_IS(0.2, "0.2");
    FMT_IS(0.1 + 0.2, "0.30000000000000004");
    FMT_IS(0.30000000000000004, "0.30000000000000004");
    FMT_IS(0.1 + 0.7, "0.7999999999999999");
    FMT_IS(4.35, "4.35");
    FMT_IS(1.005, "1.005");
    FMT_IS(-0.5, "-0.5");
    FMT_IS(1234.5678, "1234.5678");
    FMT_IS(1.0 / 3.0, "0.3333333333333333");
    FMT_IS(2.0 / 3.0, "0.6666666666666666");
    FMT_IS(3.141592653589793, "3.141592653589793");
    FMT_IS(1e15 + 0.3, "1000000000000000.2");
    FMT_IS(2251799813685248.5, "2251799813685248.5"); /* 2^51 + 0.5: 17 digits, exact */
    FMT_IS(1.0000000000000002, "1.0000000000000002"); /* 1 + ulp */
    FMT_IS(0.9999999999999999, "0.9999999999999999");
}
END_TEST

/* Two shortest candidates equally close to the value: the even one (V8).
 * 2^50 + 0.25 lies halfway between ...624.2 and ...624.3, both within the
 * rounding interval (half-width 0.125). */
START_TEST(ties_go_to_the_even_digit)
{
    FMT_IS(1125899906842624.25, "1125899906842624.2");
    FMT_IS(1125899906842624.75, "1125899906842624.8");
    FMT_IS(1125899906842625.25, "1125899906842625.2");
    FMT_IS(1125899906842626.75, "1125899906842626.8");
    FMT_IS(-1125899906842624.25, "-1125899906842624.2");
}
END_TEST

/* Above 2^54 the doubles are 4 apart and the interval reaches 2 either side.
 * Its ends read back as the even significand, so they count only for it. */
START_TEST(interval_ends_count_for_even_significands)
{
    FMT_IS(18014398509481992.0, "18014398509481990"); /* 2^54 + 8, even: ...990 is its lower end */
    FMT_IS(18014398509481988.0, "18014398509481988"); /* 2^54 + 4, odd: ...990 is its upper end */
}
END_TEST

START_TEST(decimal_or_exponent)
{
    FMT_IS(1e21, "1e+21");
    FMT_IS(-1e21, "-1e+21");
    FMT_IS(999999999999999900000.0, "999999999999999900000"); /* the largest below 1e21 */
    FMT_IS(1.1e21, "1.1e+21");
    FMT_IS(12e20, "1.2e+21");
    FMT_IS(1e100, "1e+100");
    FMT_IS(1e-7, "1e-7");
    FMT_IS(1.5e-7, "1.5e-7");
    FMT_IS(5e-7, "5e-7");
    FMT_IS(1.0000000000000001e-7, "1.0000000000000001e-7");
    FMT_IS(123e-20, "1.23e-18");
    FMT_IS(1.23456789e-7, "1.23456789e-7");
    FMT_IS(0.000001, "0.000001");
    FMT_IS(1e-6, "0.000001");
    FMT_IS(1.2e-6, "0.0000012");
    FMT_IS(0.00001, "0.00001");
    FMT_IS(100.5e-10, "1.005e-8");
    FMT_IS(-1.5e-300, "-1.5e-300");
}
END_TEST

START_TEST(extremes)
{
    FMT_IS(5e-324, "5e-324"); /* the smallest subnormal */
    FMT_IS(-5e-324, "-5e-324");
    FMT_IS(1e-323, "1e-323");
    FMT_IS(1.5e-323, "1.5e-323");
    FMT_IS(of_bits(UINT64_C(0x000fffffffffffff)), "2.225073858507201e-308");  /* the largest subnormal */
    FMT_IS(of_bits(UINT64_C(0x0010000000000000)), "2.2250738585072014e-308"); /* the smallest normal */
    FMT_IS(1.7976931348623157e308, "1.7976931348623157e+308");
    FMT_IS(-1.7976931348623157e308, "-1.7976931348623157e+308");
    FMT_IS(of_bits(UINT64_C(0x7fe0000000000000)), "8.98846567431158e+307"); /* 2^1023 */
    FMT_IS(of_bits(UINT64_C(0x0000000000000002)), "1e-323");
}
END_TEST

START_TEST(length_bound)
{
    FMT_IS(-1.2345678901234567e-6, "-0.0000012345678901234567"); /* the longest form: 25 */
    FMT_IS(-2.2250738585072014e-308, "-2.2250738585072014e-308");
    char out[RT_NUM_TEXT_MAX];
    ck_assert_int_eq(rt_num_format(-1.2345678901234567e-6, out), 25);
    ck_assert_int_lt(25, RT_NUM_TEXT_MAX);
}
END_TEST

/* Every text reads back (strtod, round to nearest) as the same double, over
 * patterns of every exponent; and it never has more than 17 digits. */
START_TEST(texts_read_back)
{
    uint64_t state = UINT64_C(0x853c49e6748fea9b);
    for (int i = 0; i < 5000; i++) {
        state = state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        uint64_t b = state ^ state >> 29;
        double v = of_bits(b);
        if (isnan(v)) continue;
        char out[RT_NUM_TEXT_MAX];
        int32_t len = rt_num_format(v, out);
        ck_assert_int_lt(len, RT_NUM_TEXT_MAX);
        double back = strtod(out, NULL);
        ck_assert_msg(bits_of(back) == b || (v == 0 && back == 0), "%016llx -> %s -> %016llx", (unsigned long long)b,
                      out, (unsigned long long)bits_of(back));
        /* significant digits: those before the exponent, less leading and trailing zeros */
        const char *p = out, *first = NULL, *last = NULL;
        int digits = 0, total = 0;
        for (; *p && *p != 'e'; p++) {
            if (*p < '0' || *p > '9') continue;
            if (*p != '0' && !first) first = p;
            if (*p != '0') last = p;
        }
        for (p = first; p && p <= last; p++) total++, digits += *p != '.';
        ck_assert_msg(digits >= 1 && digits <= 17 && total >= digits, "%s", out);
    }
}
END_TEST

START_TEST(mk_num_str_builds_a_string)
{
    static const struct {
        double v;
        const char *text;
    } cases[] = {
        {42, "42"},      {-0.0, "0"},        {0.1 + 0.2, "0.30000000000000004"},
        {1e21, "1e+21"}, {5e-324, "5e-324"}, {-INFINITY, "-Infinity"},
        {NAN, "NaN"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *want = cases[i].text;
        rt_node *s = rt_mk_num_str(cases[i].v);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_eq(rt_kind(s), RT_KIND_STRING);
        ck_assert_int_eq(rt_str_len(s), (int32_t)strlen(want));
        ck_assert_int_eq(rt_str_units(s), (int32_t)strlen(want));
        ck_assert(memcmp(rt_str_bytes(s), want, strlen(want)) == 0);
        ck_assert(rt_equal(s, rt_mk_str((const uint8_t *)want, (int32_t)strlen(want))));
        ck_assert(!rt_equal(s, rt_mk_num(cases[i].v))); /* typed: a string, not the number */
    }
    rt_node *a = rt_mk_array(); /* usable like any built value */
    ck_assert_int_eq(rt_mk_push(a, rt_mk_num_str(1.5)), RT_OK);
    ck_assert_int_eq(rt_str_len(rt_item(a, 0)), 3);
}
END_TEST

Suite *suite_numfmt(void)
{
    Suite *s = suite_create("numfmt");
    TCase *tc = tcase_create("numfmt");
    tcase_add_checked_fixture(tc, fixture_fresh, fixture_down);
    tcase_add_test(tc, special_values);
    tcase_add_test(tc, integers);
    tcase_add_test(tc, fractions_shortest_digits);
    tcase_add_test(tc, ties_go_to_the_even_digit);
    tcase_add_test(tc, interval_ends_count_for_even_significands);
    tcase_add_test(tc, decimal_or_exponent);
    tcase_add_test(tc, extremes);
    tcase_add_test(tc, length_bound);
    tcase_add_test(tc, texts_read_back);
    tcase_add_test(tc, mk_num_str_builds_a_string);
    suite_add_tcase(s, tc);
    return s;
}
