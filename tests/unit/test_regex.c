/* test_regex.c — the regex subset of `pattern` validators: the tree
 * sem_regex.c builds, and the DFAs regex_dfa.c compiles, run with the
 * runtime's own rt_dfa_search (linked in from runtime/rt_dfa.c): search
 * semantics, anchors anywhere, UTF-16 units, counted repetition, minimal
 * and canonical output, the blob header, and the size limits.  The
 * differential test against JavaScript is tests/regex/regex.test.mjs. */
#include <string.h>

#include "../../runtime/rt_dfa.h"
#include "regex_dfa.h"
#include "sem_regex.h"
#include "suites.h"

static Arena arena;

static void setup(void) { arena_init(&arena); }
static void teardown(void) { arena_free(&arena); }

static RegexDfa compile_ok(const char *re)
{
    RegexDfa d;
    const char *err = NULL;
    RegexStatus st = regex_compile(&arena, re, strlen(re), &d, &err);
    ck_assert_msg(st == REGEX_OK, "/%s/: %s", re, err ? err : "?");
    return d;
}

static int matches(const char *re, const char *s, size_t len)
{
    RegexDfa d = compile_ok(re);
    return rt_dfa_search(d.blob, (const uint8_t *)s, (int32_t)len);
}

/* Each row: regex, subject (UTF-8 / WTF-8), expected answer of RegExp.test. */
typedef struct Case {
    const char *re, *s;
    int want;
} Case;

static void run_cases(const Case *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_msg(matches(c[i].re, c[i].s, strlen(c[i].s)) == c[i].want, "/%s/.test(\"%s\") should be %d", c[i].re,
                      c[i].s, c[i].want);
}

#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])

static const RegexNode *parse(const char *re)
{
    const RegexNode *n = NULL;
    const char *err = sem_regex_parse(&arena, re, strlen(re), &n);
    ck_assert_msg(!err, "/%s/: %s", re, err);
    return n;
}

/* ---- the tree ------------------------------------------------------------- */

START_TEST(tree_shapes)
{
    const RegexNode *n = parse("a|b*");
    ck_assert_int_eq(n->kind, RX_ALT);
    ck_assert_uint_eq(n->n_kids, 2);
    ck_assert_int_eq(n->kids[0]->kind, RX_SET);
    ck_assert_int_eq(n->kids[1]->kind, RX_REPEAT);
    ck_assert_uint_eq(n->kids[1]->min, 0);
    ck_assert_uint_eq(n->kids[1]->max, REGEX_INF);
    ck_assert_uint_eq(n->kids[1]->offset, 2);

    n = parse("[c-ea-d\\d]"); /* sorted and merged */
    ck_assert_uint_eq(n->n_ranges, 2);
    ck_assert_uint_eq(n->ranges[0].lo, '0');
    ck_assert_uint_eq(n->ranges[0].hi, '9');
    ck_assert_uint_eq(n->ranges[1].lo, 'a');
    ck_assert_uint_eq(n->ranges[1].hi, 'e');
    n = parse("[^\\x00-\\x40\\u0042-\\uffff]");
    ck_assert_uint_eq(n->n_ranges, 1);
    ck_assert_uint_eq(n->ranges[0].lo, 'A');
    ck_assert_uint_eq(n->ranges[0].hi, 'A');
    ck_assert_uint_eq(parse("[]")->n_ranges, 0);
    n = parse("[^]");
    ck_assert_uint_eq(n->n_ranges, 1);
    ck_assert_uint_eq(n->ranges[0].hi, 0xffff);
    ck_assert_int_eq(parse("")->kind, RX_EMPTY);
    ck_assert_int_eq(parse("(?:)")->kind, RX_EMPTY);

    n = parse("x{2,5}y{3,}z{4}");
    ck_assert_int_eq(n->kind, RX_CAT);
    ck_assert_uint_eq(n->kids[0]->min, 2);
    ck_assert_uint_eq(n->kids[0]->max, 5);
    ck_assert_uint_eq(n->kids[1]->max, REGEX_INF);
    ck_assert_uint_eq(n->kids[2]->min, 4);
    ck_assert_uint_eq(n->kids[2]->max, 4);

    /* Beyond U+FFFF: two units, and the quantifier takes the low one. */
    n = parse("\xf0\x9f\x98\x80+");
    ck_assert_int_eq(n->kind, RX_CAT);
    ck_assert_uint_eq(n->kids[0]->ranges[0].lo, 0xd83d);
    ck_assert_int_eq(n->kids[1]->kind, RX_REPEAT);
    ck_assert_uint_eq(n->kids[1]->kid->ranges[0].lo, 0xde00);
    n = parse("[\xf0\x9f\x98\x80]");
    ck_assert_uint_eq(n->n_ranges, 2);
    n = parse("^$");
    ck_assert_int_eq(n->kids[0]->kind, RX_BOL);
    ck_assert_int_eq(n->kids[1]->kind, RX_EOL);
}
END_TEST

START_TEST(messages_name_the_construct)
{
    ck_assert_str_eq(sem_regex_check(&arena, "(a)\\1", 5), "backreferences are not supported (at offset 3)");
    ck_assert_str_eq(sem_regex_check(&arena, "a{2,1}", 6), "numbers out of order in {} quantifier (at offset 1)");
    ck_assert_str_eq(sem_regex_check(&arena, "x+?", 3),
                     "lazy quantifiers are not supported (they do not change whether a pattern matches: "
                     "drop the '?') (at offset 2)");
    /* Offsets count bytes of the pattern, also after non-ASCII text. */
    ck_assert_str_eq(sem_regex_check(&arena, "\xc3\xa9(", 3), "unterminated group (at offset 2)");
    ck_assert_str_eq(sem_regex_check(&arena, "\xf0\x9f\x98\x80)", 5), "unmatched ')' (at offset 4)");
    ck_assert_str_eq(sem_regex_check(&arena, "[\xf0\x9f\x98\x80-a]", 7),
                     "range out of order in character class (at offset 1)"); /* \uDE00-a */
    ck_assert_str_eq(sem_regex_check(&arena, "\\q", 2), "\\q is not a supported escape (at offset 0)");
    ck_assert_ptr_null(sem_regex_check(&arena, "\\\xc3\xa9", 3)); /* \é is é */
}
END_TEST

/* ---- matching --------------------------------------------------------------- */

START_TEST(search_semantics)
{
    static const Case cases[] = {
        {"abc", "abc", 1},
        {"abc", "xxabcxx", 1},
        {"abc", "ab", 0},
        {"abc", "", 0},
        {"", "", 1},
        {"", "x", 1},
        {"a*", "bbb", 1},
        {"[]", "", 0},
        {"[]", "abc", 0},
        {"[^]", "", 0},
        {"[^]", "\n", 1},
        {"a|b", "xxb", 1},
        {"(ab)+c", "ababac", 0},
        {"(ab)+c", "xababc", 1},
        {"(a|ab)(c|bcd)(d*)", "abcd", 1},
        {"a.c", "abd", 0},
        {"\\d+", "no digits", 0},
        {"\\d+", "no 1 digit", 1},
    };
    RUN(cases);
}
END_TEST

START_TEST(anchors_anywhere)
{
    static const Case cases[] = {
        {"^abc$", "abc", 1},
        {"^abc$", "abcd", 0},
        {"^abc$", "xabc", 0},
        {"^abc", "abcd", 1},
        {"abc$", "xabc", 1},
        {"^$", "", 1},
        {"^$", "\n", 0},
        {"^", "anything", 1},
        {"$", "x", 1},
        {"$^", "", 1},
        {"$^", "a", 0},
        {"a^b", "a^b", 0},
        {"a$b", "ab", 0},
        {"a|^b", "b", 1},
        {"a|^b", "xb", 0},
        {"a|^b", "xa", 1},
        {"(^a)", "ba", 0},
        {"(^a)", "ab", 1},
        {"x$|y", "xa", 0},
        {"x$|y", "ax", 1},
        {"x$|y", "ya", 1},
        {"(a$|b)c", "ac", 0},
        {"(a$|b)c", "bc", 1},
        {"(^|,)x(,|$)", "a,x", 1},
        {"(^|,)x(,|$)", "ax", 0},
        {"(^|,)x(,|$)", "x,y", 1},
        {"(?:^|a)+b", "b", 1},
        {"(?:^|a)+b", "cb", 0},
        {"(?:^|a)+b", "cab", 1},
        {"(a$)*b", "ab", 1},
        {"(a$)*b", "a", 0},
        {"(a$)*b", "b", 1},
        {"^(?:$|a)", "", 1},
        {"^(?:$|a)", "b", 0},
        {"(?:a|^)(?:b|$)", "", 1},
        {"(?:a|^)(?:b|$)", "c", 0},
        {"(?:a|^)(?:b|$)", "cab", 1},
        {"(?:a|^)(?:b|$)", "ca", 1},
    };
    RUN(cases);
}
END_TEST

START_TEST(utf16_units)
{
    static const Case cases[] = {
        {"^.$", "a", 1},
        {"^.$", "\n", 0},
        {"^.$", "\r", 0},
        {"^.$", "\xe2\x80\xa8", 0},
        {"^.$", "\xe2\x80\xa9", 0},
        {"^.$", "\xc2\x85", 1},
        {"^.$", "\xf0\x9f\x98\x80", 0},
        {"^..$", "\xf0\x9f\x98\x80", 1},
        {"^.$", "\xed\xa0\x80", 1},
        {"^\\s+$",
         " \t\n\v\f\r\xc2\xa0\xef\xbb\xbf\xe1\x9a\x80\xe2\x80\x80\xe2\x80\x8a\xe2\x80\xa8"
         "\xe2\x80\xa9\xe2\x80\xaf\xe2\x81\x9f\xe3\x80\x80",
         1},
        {"\\s", "\xe1\xa0\x8e", 0}, /* U+180E is no longer a space */
        {"\\s", "\xe2\x80\x8b", 0}, /* nor U+200B */
        {"^\\S$", "\xc2\xa0", 0},
        {"^\\w+$", "abc_019XYZ", 1},
        {"\\w", "\xc3\xa9", 0},
        {"^\\ud83d\\ude00$", "\xf0\x9f\x98\x80", 1},
        {"^\xf0\x9f\x98\x80+$", "\xf0\x9f\x98\x80\xed\xb8\x80", 1}, /* the + repeats \uDE00 */
        {"^[\xf0\x9f\x98\x80]$", "\xed\xa0\xbd", 1},
        {"^[\xf0\x9f\x98\x80]$", "\xf0\x9f\x98\x80", 0},
        {"[\\ud800-\\udfff]", "a\xed\xb0\x80", 1},
        {"[\\ud800-\\udfff]", "abc", 0},
        {"^[^\\ud800-\\udfff]*$", "a\xef\xbf\xbf", 1},
        {"^[^\\ud800-\\udfff]*$", "\xf0\x9f\x98\x80", 0},
        {"\xc3\xa9+", "caf\xc3\xa9\xc3\xa9", 1},
        {"^[\xc3\xa0-\xc3\xbf]+$", "\xc3\xa9t\xc3\xa9", 0},
        {"\\x41\\u00e9", "A\xc3\xa9", 1},
        {"\\0", "a", 0},
        {"^\\0$", "\0", 0},
    };
    RUN(cases);
    ck_assert_int_eq(matches("^\\0$", "\0", 1), 1);
    ck_assert_int_eq(matches("a\\0b", "xa\0by", 4), 1);
}
END_TEST

START_TEST(counted_repetition)
{
    char s[1200];
    memset(s, 'a', sizeof s);
    RegexDfa d = compile_ok("^a{1000}$");
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 1000), 1);
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 999), 0);
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 1001), 0);
    d = compile_ok("^\\w{1,1000}$");
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 0), 0);
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 1000), 1);
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 1001), 0);
    d = compile_ok("a{1000}"); /* search: a run of 1000 anywhere */
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 1100), 1);
    s[500] = 'b';
    ck_assert_int_eq(rt_dfa_search(d.blob, (const uint8_t *)s, 1100), 0);
    static const Case cases[] = {
        {"^a{2}$", "aa", 1},
        {"^a{2}$", "aaa", 0},
        {"^a{2,}$", "aaaaa", 1},
        {"^a{2,}$", "a", 0},
        {"^a{0,3}$", "", 1},
        {"^a{0,3}$", "aaaa", 0},
        {"^(ab){1,3}$", "ababab", 1},
        {"^(ab){1,3}$", "abababab", 0},
        {"^(?:a?){5}b$", "aaaaab", 1},
        {"^(?:a?){5}b$", "aaaaaab", 0},
        {"^x{0}$", "", 1},
        {"^x{0}$", "x", 0},
        {"^(a|)+b$", "b", 1},
        {"(a*)*b", "aaab", 1},
        {"a{,3}", "a{,3}", 1},
        {"a{,3}", "aaa", 0},
        {"x{", "x{", 1},
    };
    RUN(cases);
}
END_TEST

/* ---- the automaton ---------------------------------------------------------- */

START_TEST(minimal_and_canonical)
{
    /* start, a, ab, abc (AT_END), DEAD */
    ck_assert_uint_eq(compile_ok("^abc$").n_states, 5);
    /* start, a, ab, ACCEPT: the search needs no DEAD state */
    ck_assert_uint_eq(compile_ok("abc").n_states, 4);
    /* patterns that answer before reading: one state */
    ck_assert_uint_eq(compile_ok("^").n_states, 1);
    ck_assert_uint_eq(compile_ok("$").n_states, 1); /* every input has an end: ACCEPT */
    ck_assert_uint_eq(compile_ok("a*").n_states, 1);
    ck_assert_uint_eq(compile_ok("[]").n_states, 1); /* DEAD */
    ck_assert_uint_eq(compile_ok("(a|b)*a(a|b){10}").n_states, 12);
    /* Classes: units every set treats alike are one column; equal columns merge. */
    ck_assert_uint_eq(compile_ok("\\s").n_classes, 2);
    ck_assert_uint_eq(compile_ok("^(a|b|c)x$").n_classes, 3);
    ck_assert_uint_eq(compile_ok("[a-z]+x").n_classes, 3);

    /* Equivalent regexes give the same bytes; the same regex twice does too. */
    static const char *same[][2] = {
        {"a|b", "[ab]"}, {"^(ab|ac)$", "^a[bc]$"}, {"(a|b)*", ""},
        {"x+", "xx*"},   {"\\d", "[0-9]"},         {"^\\w{2,3}$", "^[A-Za-z0-9_]{2}[\\w]?$"},
        {"a|$", "$"},    {"[\\s\\S]", "[^]"},      {"a{1,}", "a"},
    };
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        RegexDfa x = compile_ok(same[i][0]), y = compile_ok(same[i][1]);
        ck_assert_msg(x.blob_len == y.blob_len && !memcmp(x.blob, y.blob, x.blob_len), "/%s/ and /%s/ differ",
                      same[i][0], same[i][1]);
    }
    RegexDfa x = compile_ok("^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    RegexDfa y = compile_ok("^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$");
    ck_assert(x.blob_len == y.blob_len && !memcmp(x.blob, y.blob, x.blob_len));
}
END_TEST

START_TEST(blob_header)
{
    RegexDfa d = compile_ok("^\\d{3}-\\d{4}$");
    const uint8_t *b = d.blob;
    ck_assert_uint_eq(dfa_word(b, DFA_H_MAGIC), DFA_MAGIC);
    ck_assert_uint_eq(b[0], 'W'); /* little-endian, whatever the host */
    ck_assert_uint_eq(dfa_word(b, DFA_H_VERSION), DFA_VERSION);
    ck_assert_uint_eq(dfa_word(b, DFA_H_SIZE), d.blob_len);
    ck_assert_uint_eq(d.blob_len % 4, 0);
    ck_assert_uint_eq(dfa_word(b, DFA_H_N_STATES), d.n_states);
    ck_assert_uint_eq(dfa_word(b, DFA_H_N_CLASSES), 3); /* digits, '-', the rest */
    ck_assert_uint_eq(dfa_word(b, DFA_H_START), 0);
    ck_assert_uint_eq(dfa_word(b, DFA_H_ACCEPT), DFA_NONE);
    uint32_t dead = dfa_word(b, DFA_H_DEAD);
    ck_assert_uint_lt(dead, d.n_states);
    ck_assert_uint_eq(dfa_word(b, DFA_H_N_RANGES), 5); /* ..,  -,  .. /,  0-9,  : .. */
    uint32_t r = dfa_word(b, DFA_H_RANGES);
    ck_assert_uint_eq(r, DFA_H_WORDS * 4);
    ck_assert_uint_eq(DFA_RANGE_LO(dfa_rd32(b, r)), 0);
    ck_assert_uint_eq(DFA_RANGE_LO(dfa_rd32(b, r + 12)), '0');
    ck_assert_uint_eq(DFA_RANGE_LO(dfa_rd32(b, r + 16)), ':');
    ck_assert_uint_eq(DFA_RANGE_CLASS(dfa_rd32(b, r)), DFA_RANGE_CLASS(dfa_rd32(b, r + 16)));
    uint32_t trans = dfa_word(b, DFA_H_TRANS), k = dfa_word(b, DFA_H_N_CLASSES);
    ck_assert_uint_le(trans + 2 * d.n_states * k, d.blob_len);
    for (uint32_t c = 0; c < k; c++) ck_assert_uint_eq(dfa_rd16(b, trans + 2 * (dead * k + c)), dead);
    /* the one AT_END state is 8 steps from the start */
    uint32_t e = dfa_rd32(b, dfa_word(b, DFA_H_AT_END)), ones = 0;
    for (uint32_t s = 0; s < d.n_states; s++) ones += e >> s & 1;
    ck_assert_uint_eq(ones, 1);
    ck_assert_uint_eq(d.n_states, 10);

    d = compile_ok("abc");
    ck_assert_uint_lt(dfa_word(d.blob, DFA_H_ACCEPT), d.n_states);
    ck_assert_uint_eq(dfa_word(d.blob, DFA_H_DEAD), DFA_NONE);
}
END_TEST

START_TEST(size_limits)
{
    static const char *large[] = {
        "(a{1000}){1000}", /* refused from the tree's size, before building */
        "(?:\\w{1,1000}){20}",
        "a.{12}b",          /* 8193 states in the minimal DFA */
        "(a|b)*a(a|b){16}", /* 2^16 subsets before minimising */
        "^[a-z.]{1,300}\\.[a-z]{2,60}$",
        ".{500}x.{500}", /* stopped by the work bound */
    };
    for (size_t i = 0; i < sizeof large / sizeof large[0]; i++) {
        RegexDfa d;
        const char *err = NULL;
        ck_assert_int_eq(regex_compile(&arena, large[i], strlen(large[i]), &d, &err), REGEX_TOO_LARGE);
        ck_assert_msg(strstr(err, "too large") || strstr(err, "too complex"), "%s", err);
        ck_assert_msg(strstr(err, "`validate external fn(...)`"), "%s", err);
    }
    const char *err = NULL;
    RegexDfa d;
    ck_assert_int_eq(regex_compile(&arena, "a.{12}b", 7, &d, &err), REGEX_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err, "8193 states (the limit is 4096)"));
    ck_assert_int_eq(regex_compile(&arena, "(a{1000}){1000}", 15, &d, &err), REGEX_TOO_LARGE);
    ck_assert_ptr_nonnull(strstr(err, "1000001 nodes (the limit is 20000"));
    /* Just under the limits. */
    d = compile_ok("a.{10}b");
    ck_assert_uint_le(d.n_states, DFA_MAX_STATES);
    ck_assert_uint_le(d.blob_len, DFA_MAX_BYTES);
    ck_assert_uint_le(d.work, REGEX_MAX_WORK);
}
END_TEST

START_TEST(build_wrapper_and_syntax_errors)
{
    const uint8_t *blob = NULL;
    uint32_t len = 0;
    const char *err = NULL;
    ck_assert(regex_dfa_build(&arena, "^x", 2, &blob, &len, &err));
    ck_assert_uint_eq(len, dfa_word(blob, DFA_H_SIZE));
    ck_assert_int_eq(rt_dfa_search(blob, (const uint8_t *)"xy", 2), 1);
    ck_assert(!regex_dfa_build(&arena, "(?=x)", 5, &blob, &len, &err));
    ck_assert_str_eq(err, "lookahead is not supported (at offset 0)");
    RegexDfa d;
    ck_assert_int_eq(regex_compile(&arena, "a{1001}", 7, &d, &err), REGEX_SYNTAX);
}
END_TEST

Suite *regex_suite(void)
{
    Suite *s = suite_create("regex");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, tree_shapes);
    tcase_add_test(tc, messages_name_the_construct);
    tcase_add_test(tc, search_semantics);
    tcase_add_test(tc, anchors_anywhere);
    tcase_add_test(tc, utf16_units);
    tcase_add_test(tc, counted_repetition);
    tcase_add_test(tc, minimal_and_canonical);
    tcase_add_test(tc, blob_header);
    tcase_add_test(tc, size_limits);
    tcase_add_test(tc, build_wrapper_and_syntax_errors);
    suite_add_tcase(s, tc);
    return s;
}
