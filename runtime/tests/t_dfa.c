/* t_dfa.c — rt_dfa_search and rt_pattern_test on blobs laid out here by
 * hand from dfa.h (the runtime has no regex compiler; tests/unit/test_regex.c
 * and tests/regex/ run the compiler's blobs): WTF-8 decoding to UTF-16 units
 * (1- to 4-byte sequences, pairs as two units, lone surrogates, truncated
 * sequences), the class map's binary search, ACCEPT/DEAD/AT_END, and blobs
 * or values that must never match. */
#include <stdlib.h>
#include <string.h>

#include "dfa.h"
#include "rt_dfa.h"
#include "rt_value.h"
#include "suites.h"

enum { MAX_BLOB = 4096 };

typedef struct Blob {
    uint8_t b[MAX_BLOB];
} Blob;

static void w32(uint8_t *p, uint32_t off, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[off + (uint32_t)i] = (uint8_t)(v >> (8 * i));
}

/* Lays a DFA out: `ranges` as (lo, class) pairs, `trans` row-major,
 * `at_end` bit s = state s accepts at the end. */
static const uint8_t *layout(Blob *out, uint32_t n_states, uint32_t n_classes, uint32_t accept, uint32_t dead,
                             const uint32_t *ranges, uint32_t n_ranges, const uint16_t *trans, uint32_t at_end)
{
    memset(out->b, 0, sizeof out->b);
    uint32_t r = DFA_H_WORDS * 4u, e = r + 4u * n_ranges, t = e + 4u * ((n_states + 31u) / 32u);
    uint32_t size = t + (2u * n_states * n_classes + 3u) / 4u * 4u;
    ck_assert_uint_le(size, MAX_BLOB);
    uint32_t h[DFA_H_WORDS] = {DFA_MAGIC, DFA_VERSION, size, n_states, n_classes, 0, accept, dead, n_ranges, r, e, t};
    for (uint32_t i = 0; i < DFA_H_WORDS; i++) w32(out->b, 4u * i, h[i]);
    for (uint32_t i = 0; i < n_ranges; i++) w32(out->b, r + 4u * i, DFA_RANGE(ranges[2 * i], ranges[2 * i + 1]));
    w32(out->b, e, at_end);
    for (uint32_t i = 0; i < n_states * n_classes; i++) {
        out->b[t + 2u * i] = (uint8_t)trans[i];
        out->b[t + 2u * i + 1u] = (uint8_t)(trans[i] >> 8);
    }
    return out->b;
}

/* "contains the code unit u" (search, like /\uXXXX/): state 0 waits, 1 is ACCEPT. */
static const uint8_t *contains_unit(Blob *b, uint32_t u)
{
    uint32_t ranges[] = {0, 0, u, 1, u + 1, 0};
    static const uint16_t trans[] = {0, 1, 1, 1};
    return layout(b, 2, 2, 1, DFA_NONE, u == 0 ? ranges + 2 : ranges, (u == 0 ? 2u : 3u) - (u == 0xffff ? 1u : 0u),
                  trans, 0);
}

static int32_t search(const uint8_t *blob, const char *s)
{
    /* An exact-size copy, so the sanitizers catch a read past the end. */
    size_t n = strlen(s);
    uint8_t *copy = malloc(n ? n : 1);
    memcpy(copy, s, n);
    int32_t r = rt_dfa_search(blob, copy, (int32_t)n);
    free(copy);
    return r;
}

START_TEST(search_semantics_and_accept)
{
    /* /ab/: classes 0 other, 1 'a', 2 'b'; states 0, 1 (after a), 2 ACCEPT. */
    Blob b;
    uint32_t ranges[] = {0, 0, 'a', 1, 'b', 2, 'c', 0};
    uint16_t trans[] = {0, 1, 0, /**/ 0, 1, 2, /**/ 2, 2, 2};
    const uint8_t *dfa = layout(&b, 3, 3, 2, DFA_NONE, ranges, 4, trans, 0);
    ck_assert_int_eq(search(dfa, "ab"), 1);
    ck_assert_int_eq(search(dfa, "xxaab"), 1);
    ck_assert_int_eq(search(dfa, "abzzzz"), 1);
    ck_assert_int_eq(search(dfa, "ba"), 0);
    ck_assert_int_eq(search(dfa, "a"), 0);
    ck_assert_int_eq(search(dfa, ""), 0);
    ck_assert_int_eq(rt_dfa_search(dfa, NULL, 0), 0);
    ck_assert_int_eq(rt_dfa_search(dfa, (const uint8_t *)"ab", -1), 0);
}
END_TEST

START_TEST(at_end_and_dead)
{
    /* /^x$/: 0 start, 1 after x (AT_END), 2 DEAD. */
    Blob b;
    uint32_t ranges[] = {0, 0, 'x', 1, 'y', 0};
    uint16_t trans[] = {2, 1, /**/ 2, 2, /**/ 2, 2};
    const uint8_t *dfa = layout(&b, 3, 2, DFA_NONE, 2, ranges, 3, trans, 1u << 1);
    ck_assert_int_eq(search(dfa, "x"), 1);
    ck_assert_int_eq(search(dfa, "xx"), 0);
    ck_assert_int_eq(search(dfa, "yx"), 0);
    ck_assert_int_eq(search(dfa, ""), 0);
    /* An ACCEPT start state matches before reading anything (/^/). */
    uint32_t all[] = {0, 0};
    uint16_t self[] = {0};
    dfa = layout(&b, 1, 1, 0, DFA_NONE, all, 1, self, 0);
    ck_assert_int_eq(search(dfa, ""), 1);
    ck_assert_int_eq(rt_dfa_search(dfa, NULL, 0), 1);
    /* An AT_END start state that loops (/$/ before wpc folds it into ACCEPT). */
    dfa = layout(&b, 1, 1, DFA_NONE, DFA_NONE, all, 1, self, 1);
    ck_assert_int_eq(search(dfa, "abc"), 1);
}
END_TEST

START_TEST(decodes_wtf8_to_utf16_units)
{
    Blob b;
    ck_assert_int_eq(search(contains_unit(&b, 0xe9), "caf\xc3\xa9"), 1); /* é, 2 bytes */
    ck_assert_int_eq(search(contains_unit(&b, 0xe9), "cafe"), 0);
    ck_assert_int_eq(search(contains_unit(&b, 0x800), "\xe0\xa0\x80"), 1); /* 3 bytes */
    ck_assert_int_eq(search(contains_unit(&b, 0x2028), "a\xe2\x80\xa8"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0xffff), "\xef\xbf\xbf"), 1);
    /* 😀 U+1F600 is the pair D83D DE00: both units are seen, the code point is not. */
    ck_assert_int_eq(search(contains_unit(&b, 0xd83d), "\xf0\x9f\x98\x80"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0xde00), "\xf0\x9f\x98\x80"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0xf600), "\xf0\x9f\x98\x80"), 0);
    ck_assert_int_eq(search(contains_unit(&b, 0xd800), "\xf0\x90\x80\x80"), 1); /* U+10000 */
    ck_assert_int_eq(search(contains_unit(&b, 0xdc00), "\xf0\x90\x80\x80"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0xdbff), "\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF */
    ck_assert_int_eq(search(contains_unit(&b, 0xdfff), "\xf4\x8f\xbf\xbf"), 1);
    /* Lone surrogates in their 3-byte WTF-8 form. */
    ck_assert_int_eq(search(contains_unit(&b, 0xd800), "a\xed\xa0\x80z"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0xdfff), "\xed\xbf\xbf"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0xdfff), "\xed\xa0\x80"), 0);
    ck_assert_int_eq(rt_dfa_search(contains_unit(&b, 0), (const uint8_t *)"a\0b", 3), 1);
    /* Truncated sequences read nothing past the end and still give one unit. */
    ck_assert_int_eq(search(contains_unit(&b, 0xc0), "\xc3"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 0x2000), "\xe2"), 1);
    ck_assert_int_eq(search(contains_unit(&b, 'z'), "\xf0\x9fz"), 0); /* z is inside the 4-byte sequence */
}
END_TEST

START_TEST(surrogate_pair_is_two_steps)
{
    /* /^\uD83D\uDE00$/: classes 0 other, 1 D83D, 2 DE00; 0 -1-> 1 -2-> 2 (AT_END), 3 DEAD. */
    Blob b;
    uint32_t ranges[] = {0, 0, 0xd83d, 1, 0xd83e, 0, 0xde00, 2, 0xde01, 0};
    uint16_t trans[] = {3, 1, 3, /**/ 3, 3, 2, /**/ 3, 3, 3, /**/ 3, 3, 3};
    const uint8_t *dfa = layout(&b, 4, 3, DFA_NONE, 3, ranges, 5, trans, 1u << 2);
    ck_assert_int_eq(search(dfa, "\xf0\x9f\x98\x80"), 1);         /* 😀 as UTF-8 */
    ck_assert_int_eq(search(dfa, "\xed\xa0\xbd\xed\xb8\x80"), 1); /* the same units, one by one */
    ck_assert_int_eq(search(dfa, "\xed\xa0\xbd"), 0);             /* the high half alone */
    ck_assert_int_eq(search(dfa, "\xf0\x9f\x98\x80\xf0\x9f\x98\x80"), 0);
}
END_TEST

START_TEST(class_map_binary_search)
{
    /* 40 ranges of 10 units, classes alternating: "contains a unit of class 1". */
    Blob b;
    uint32_t ranges[80];
    for (uint32_t i = 0; i < 40; i++) {
        ranges[2 * i] = 10 * i;
        ranges[2 * i + 1] = i % 2;
    }
    uint16_t trans[] = {0, 1, 1, 1};
    const uint8_t *dfa = layout(&b, 2, 2, 1, DFA_NONE, ranges, 40, trans, 0);
    for (uint32_t u = 1; u < 0x800; u++) {
        uint8_t s[2];
        int32_t n = 1;
        if (u < 0x80)
            s[0] = (uint8_t)u;
        else {
            s[0] = (uint8_t)(0xc0 | u >> 6);
            s[1] = (uint8_t)(0x80 | (u & 63));
            n = 2;
        }
        int32_t want = u < 400 ? (int32_t)((u / 10) % 2) : 1; /* the last range runs to 0xFFFF */
        ck_assert_int_eq(rt_dfa_search(dfa, s, n), want);
    }
}
END_TEST

START_TEST(broken_blobs_and_values_never_match)
{
    Blob b;
    const uint8_t *dfa = contains_unit(&b, 'a');
    ck_assert_int_eq(search(dfa, "a"), 1);
    ck_assert_int_eq(rt_dfa_search(NULL, (const uint8_t *)"a", 1), 0);
    b.b[0] ^= 1; /* magic */
    ck_assert_int_eq(search(dfa, "a"), 0);
    b.b[0] ^= 1;
    b.b[4] = 2; /* version */
    ck_assert_int_eq(search(dfa, "a"), 0);
}
END_TEST

START_TEST(pattern_test_reads_string_values)
{
    Blob b;
    const uint8_t *dfa = contains_unit(&b, 0xe9);
    rt_node *s = rt_node_str(RT_SPACE_ARENA, (const uint8_t *)"caf\xc3\xa9", 5);
    ck_assert_int_eq(rt_pattern_test(dfa, s), 1);
    ck_assert_int_eq(rt_pattern_test(dfa, rt_node_str(RT_SPACE_ARENA, (const uint8_t *)"cafe", 4)), 0);
    ck_assert_int_eq(rt_pattern_test(dfa, rt_node_num(RT_SPACE_ARENA, 233)), 0);
    ck_assert_int_eq(rt_pattern_test(dfa, rt_node_new(RT_SPACE_ARENA, RT_KIND_NULL)), 0);
    ck_assert_int_eq(rt_pattern_test(dfa, NULL), 0);
    /* An empty string runs the start state: /^/ matches it, /é/ does not. */
    rt_node *empty = rt_node_str(RT_SPACE_ARENA, (const uint8_t *)"", 0);
    ck_assert_int_eq(rt_pattern_test(dfa, empty), 0);
    uint32_t all[] = {0, 0};
    uint16_t self[] = {0};
    ck_assert_int_eq(rt_pattern_test(layout(&b, 1, 1, 0, DFA_NONE, all, 1, self, 0), empty), 1);
}
END_TEST

Suite *suite_dfa(void)
{
    Suite *s = suite_create("dfa");
    TCase *tc = tcase_create("dfa");
    tcase_add_checked_fixture(tc, fixture_fresh, fixture_down);
    tcase_add_test(tc, search_semantics_and_accept);
    tcase_add_test(tc, at_end_and_dead);
    tcase_add_test(tc, decodes_wtf8_to_utf16_units);
    tcase_add_test(tc, surrogate_pair_is_two_steps);
    tcase_add_test(tc, class_map_binary_search);
    tcase_add_test(tc, broken_blobs_and_values_never_match);
    tcase_add_test(tc, pattern_test_reads_string_values);
    suite_add_tcase(s, tc);
    return s;
}
