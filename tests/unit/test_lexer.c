/* test_lexer.c — the tokenizer (grammar/lexer.re): every token kind,
 * numbers, strings and escapes, comments, UTF-8, lexical errors. */
#include <string.h>

#include "diag.h"
#include "lex.h"
#include "parser.h"
#include "suites.h"

typedef struct Lexed {
    Arena arena;
    SourceMap sm;
    DiagList dl;
    Module module;
    Token toks[256];
    int n; /* tokens before the end of file */
} Lexed;

static Lexed *lex_all(const char *text, size_t len)
{
    static Lexed L;
    memset(&L, 0, sizeof L);
    arena_init(&L.arena);
    source_map_init(&L.sm, &L.arena);
    diag_list_init(&L.dl, &L.arena, &L.sm);
    uint32_t f = source_add(&L.sm, "t.wp", NULL, text, len);
    Lexer lx;
    lex_init(&lx, &L.arena, &L.dl, source_file(&L.sm, f), f, &L.module);
    for (;;) {
        Token t;
        int k = lex_next(&lx, &t);
        if (k == 0 || L.n == 255) break;
        L.toks[L.n++] = t;
    }
    return &L;
}

static Lexed *lex_str(const char *text) { return lex_all(text, strlen(text)); }

static void done(Lexed *L) { arena_free(&L->arena); }

static void expect_kinds(Lexed *L, const int *kinds, int n)
{
    ck_assert_int_eq(L->n, n);
    for (int i = 0; i < n; i++) {
        if (L->toks[i].kind != kinds[i])
            ck_abort_msg("token %d: kind %d (%s), expected %d (%s)", i, L->toks[i].kind,
                         lex_token_desc(L->toks[i].kind), kinds[i], lex_token_desc(kinds[i]));
    }
}

static int count_code(Lexed *L, DiagCode code)
{
    int n = 0;
    for (uint32_t i = 0; i < L->dl.items.len; i++)
        if (((Diag *)L->dl.items.items[i])->code == code) n++;
    return n;
}

START_TEST(punctuation)
{
    Lexed *L = lex_str("{ } ( ) [ ] , . : = == != < <= > >= <-> -> <- => | ? * **");
    int k[] = {TK_LBRACE,  TK_RBRACE, TK_LPAREN, TK_RPAREN,   TK_LBRACKET, TK_RBRACKET, TK_COMMA, TK_DOT,
               TK_COLON,   TK_ASSIGN, TK_EQ,     TK_NE,       TK_LT,       TK_LE,       TK_GT,    TK_GE,
               TK_BIARROW, TK_ARROW,  TK_LARROW, TK_FATARROW, TK_PIPE,     TK_QUESTION, TK_STAR,  TK_STARSTAR};
    expect_kinds(L, k, (int)(sizeof k / sizeof k[0]));
    ck_assert_uint_eq(L->dl.items.len, 0);
    done(L);
}
END_TEST

START_TEST(punctuation_without_spaces)
{
    Lexed *L = lex_str("a<->b->c<-d<=e>=f==g!=h=>i[*][**]");
    int k[] = {TK_ID, TK_BIARROW,  TK_ID,   TK_ARROW,    TK_ID,       TK_LARROW,   TK_ID,      TK_LE,
               TK_ID, TK_GE,       TK_ID,   TK_EQ,       TK_ID,       TK_NE,       TK_ID,      TK_FATARROW,
               TK_ID, TK_LBRACKET, TK_STAR, TK_RBRACKET, TK_LBRACKET, TK_STARSTAR, TK_RBRACKET};
    expect_kinds(L, k, (int)(sizeof k / sizeof k[0]));
    done(L);
}
END_TEST

START_TEST(keywords)
{
    static const struct {
        const char *w;
        int k;
    } kw[] = {
        {"import", TK_IMPORT},
        {"state", TK_STATE},
        {"sync", TK_SYNC},
        {"flip", TK_FLIP},
        {"aggregate", TK_AGGREGATE},
        {"compute", TK_COMPUTE},
        {"clear", TK_CLEAR},
        {"field", TK_FIELD},
        {"listen", TK_LISTEN},
        {"group", TK_GROUP},
        {"test", TK_TEST},
        {"when", TK_WHEN},
        {"exclude", TK_EXCLUDE},
        {"changes", TK_CHANGES},
        {"scope", TK_SCOPE},
        {"call", TK_CALL},
        {"validate", TK_VALIDATE},
        {"validator", TK_VALIDATOR},
        {"external", TK_EXTERNAL},
        {"concern", TK_CONCERN},
        {"and", TK_AND},
        {"or", TK_OR},
        {"not", TK_NOT},
        {"exists", TK_EXISTS},
        {"empty", TK_EMPTY},
        {"in", TK_IN},
        {"contains", TK_CONTAINS},
        {"any", TK_ANY},
        {"all", TK_ALL},
        {"if", TK_IF},
        {"then", TK_THEN},
        {"else", TK_ELSE},
        {"match", TK_MATCH},
        {"given", TK_GIVEN},
        {"set", TK_SET},
        {"expect", TK_EXPECT},
        {"sum", TK_SUM},
        {"avg", TK_AVG},
        {"min", TK_MIN},
        {"max", TK_MAX},
        {"count", TK_COUNT},
        {"length", TK_LENGTH},
        {"map", TK_MAP},
        {"list", TK_LIST},
        {"bool", TK_BOOL},
        {"number", TK_NUMBER},
        {"string", TK_STRING},
        {"root", TK_ROOT},
        {"off", TK_OFF},
        {"true", TK_TRUE},
        {"false", TK_FALSE},
        {"null", TK_NULL},
        {"contain", TK_CONTAIN},
        {"_", TK_UNDERSCORE},
    };
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++) {
        Lexed *L = lex_str(kw[i].w);
        ck_assert_int_eq(L->n, 1);
        ck_assert_msg(L->toks[0].kind == kw[i].k, "keyword %s", kw[i].w);
        ck_assert_str_eq(L->toks[0].text, kw[i].w);
        done(L);
    }
}
END_TEST

START_TEST(identifiers_are_not_keywords)
{
    Lexed *L = lex_str("disabled visible readonly label tooltip placeholder required email "
                       "imports syncs $x _a a1 $ __ A_b$9 fields");
    ck_assert_int_eq(L->n, 17);
    for (int i = 0; i < L->n; i++) ck_assert_int_eq(L->toks[i].kind, TK_ID);
    ck_assert_str_eq(L->toks[8].text, "imports");
    ck_assert_str_eq(L->toks[10].text, "$x");
    ck_assert_uint_eq(L->dl.items.len, 0);
    done(L);
}
END_TEST

START_TEST(numbers)
{
    Lexed *L = lex_str("0 1 -1 1.5 1e10 1E-2 1_000 1_000.000_1 -0.5e+3 12_34e1_0");
    static const char *texts[] = {"0", "1", "-1", "1.5", "1e10", "1E-2", "1000", "1000.0001", "-0.5e+3", "1234e10"};
    static const double values[] = {0, 1, -1, 1.5, 1e10, 1e-2, 1000, 1000.0001, -500, 1234e10};
    ck_assert_int_eq(L->n, 10);
    for (int i = 0; i < 10; i++) {
        ck_assert_int_eq(L->toks[i].kind, TK_NUM);
        ck_assert_str_eq(L->toks[i].text, texts[i]);
        ck_assert_double_eq_tol(L->toks[i].num, values[i], 1e-9);
    }
    ck_assert_uint_eq(L->dl.items.len, 0);
    done(L);
}
END_TEST

START_TEST(bad_numbers_report_once_and_still_lex)
{
    static const char *bad[] = {"1__0", "01", "1.", "1e", "1_", "1._5", "00", "1e+"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Lexed *L = lex_str(bad[i]);
        ck_assert_msg(L->n == 1 && L->toks[0].kind == TK_NUM, "%s lexes as one number", bad[i]);
        ck_assert_msg(count_code(L, D_LEX_BAD_NUMBER) == 1 && L->dl.items.len == 1, "%s: one D_LEX_BAD_NUMBER", bad[i]);
        done(L);
    }
}
END_TEST

START_TEST(path_index_segments)
{
    Lexed *L = lex_str("items.0.1 a[0] x == 0.1 a.10.b");
    int k[] = {TK_ID, TK_DOT, TK_INDEX, TK_DOT, TK_INDEX, TK_ID,    TK_LBRACKET, TK_NUM, TK_RBRACKET,
               TK_ID, TK_EQ,  TK_NUM,   TK_ID,  TK_DOT,   TK_INDEX, TK_DOT,      TK_ID};
    expect_kinds(L, k, (int)(sizeof k / sizeof k[0]));
    ck_assert_str_eq(L->toks[2].text, "0");
    ck_assert_str_eq(L->toks[4].text, "1");
    ck_assert_str_eq(L->toks[11].text, "0.1");
    ck_assert_double_eq(L->toks[14].num, 10);
    done(L);
}
END_TEST

START_TEST(string_escapes)
{
    Lexed *L = lex_str("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0041\\u00e9\\u20AC \\ud83d\\ude00\"");
    ck_assert_int_eq(L->n, 1);
    ck_assert_int_eq(L->toks[0].kind, TK_STR);
    const char *want = "q\" b\\ s/ \b\f\n\r\t A\xc3\xa9\xe2\x82\xac \xf0\x9f\x98\x80";
    ck_assert_uint_eq(L->toks[0].len, strlen(want));
    ck_assert(memcmp(L->toks[0].text, want, strlen(want)) == 0);
    ck_assert_uint_eq(L->dl.items.len, 0);
    done(L);
}
END_TEST

START_TEST(string_with_nul_and_utf8)
{
    Lexed *L = lex_str("\"a\\u0000b\" \"caf\xc3\xa9 \xe6\x97\xa5\"");
    ck_assert_int_eq(L->n, 2);
    ck_assert_uint_eq(L->toks[0].len, 3);
    ck_assert(memcmp(L->toks[0].text, "a\0b", 3) == 0);
    ck_assert_str_eq(L->toks[1].text, "caf\xc3\xa9 \xe6\x97\xa5");
    ck_assert_uint_eq(L->dl.items.len, 0);
    done(L);
}
END_TEST

START_TEST(bad_escapes)
{
    static const char *bad[] = {"\"\\x\"",   "\"\\ud800\"",        "\"\\udc00\"",
                                "\"\\u12\"", "\"\\ud800\\u0041\"", "\"\\U0041\""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        Lexed *L = lex_str(bad[i]);
        ck_assert_msg(L->n == 1 && L->toks[0].kind == TK_STR, "%s is one string", bad[i]);
        ck_assert_msg(count_code(L, D_LEX_BAD_ESCAPE) == 1 && L->dl.items.len == 1, "%s: one D_LEX_BAD_ESCAPE", bad[i]);
        done(L);
    }
}
END_TEST

START_TEST(unterminated_string_ends_at_line_end)
{
    Lexed *L = lex_str("label = \"abc\r\nsync");
    int k[] = {TK_ID, TK_ASSIGN, TK_STR, TK_SYNC};
    expect_kinds(L, k, 4);
    ck_assert_str_eq(L->toks[2].text, "abc");
    ck_assert_int_eq(count_code(L, D_LEX_UNTERMINATED_STRING), 1);
    ck_assert_uint_eq(L->dl.items.len, 1);
    Diag *d = L->dl.items.items[0];
    ck_assert_uint_eq(d->span.start, 8);
    ck_assert_uint_eq(d->span.end, 12);
    done(L);
}
END_TEST

START_TEST(unterminated_string_at_eof)
{
    Lexed *L = lex_str("\"abc");
    ck_assert_int_eq(L->n, 1);
    ck_assert_str_eq(L->toks[0].text, "abc");
    ck_assert_int_eq(count_code(L, D_LEX_UNTERMINATED_STRING), 1);
    done(L);
}
END_TEST

START_TEST(comments_are_recorded_not_tokens)
{
    Lexed *L = lex_str("// head\nx /* b */ y // tail\n  /* multi\nline */ z");
    int k[] = {TK_ID, TK_ID, TK_ID};
    expect_kinds(L, k, 3);
    ck_assert_uint_eq(L->module.comments.len, 4);
    Comment *c0 = L->module.comments.items[0];
    Comment *c1 = L->module.comments.items[1];
    Comment *c2 = L->module.comments.items[2];
    Comment *c3 = L->module.comments.items[3];
    ck_assert(!c0->block && c0->own_line);
    ck_assert_uint_eq(c0->span.start, 0);
    ck_assert_uint_eq(c0->span.end, 7);
    ck_assert(c1->block && !c1->own_line);
    ck_assert(!c2->block && !c2->own_line);
    ck_assert(c3->block && c3->own_line);
    ck_assert_uint_eq(L->dl.items.len, 0);
    done(L);
}
END_TEST

START_TEST(unterminated_comment)
{
    Lexed *L = lex_str("a /* never closed\nb");
    ck_assert_int_eq(L->n, 1);
    ck_assert_int_eq(count_code(L, D_LEX_UNTERMINATED_COMMENT), 1);
    ck_assert_uint_eq(L->module.comments.len, 1);
    done(L);
}
END_TEST

START_TEST(comments_do_not_nest)
{
    Lexed *L = lex_str("/* a /* b */ c */");
    int k[] = {TK_ID, TK_STAR};
    expect_kinds(L, k, 2); /* `c` and `*`, then `/` is a bad char */
    ck_assert_int_eq(count_code(L, D_LEX_BAD_CHAR), 1);
    done(L);
}
END_TEST

START_TEST(bad_characters_are_skipped)
{
    Lexed *L = lex_str("a # b @ c % d");
    int k[] = {TK_ID, TK_ID, TK_ID, TK_ID};
    expect_kinds(L, k, 4);
    ck_assert_int_eq(count_code(L, D_LEX_BAD_CHAR), 3);
    done(L);
}
END_TEST

START_TEST(javascript_operators_read_as_meant)
{
    Lexed *L = lex_str("a && !b || c === 1 !== 2");
    int k[] = {TK_ID, TK_AND, TK_NOT, TK_ID, TK_OR, TK_ID, TK_EQ, TK_NUM, TK_NE, TK_NUM};
    expect_kinds(L, k, (int)(sizeof k / sizeof k[0]));
    ck_assert_str_eq(L->toks[1].text, "and");
    ck_assert_int_eq(count_code(L, D_LEX_BAD_CHAR), 5);
    Diag *d = L->dl.items.items[0];
    ck_assert_str_eq(d->message, "'&&' is written 'and' in .wp conditions");
    done(L);
}
END_TEST

START_TEST(bad_utf8)
{
    const char text[] = "a \xff\xfe b \"x\xc3y\" // \xe2\x82\n c \xc3\xa9";
    Lexed *L = lex_all(text, sizeof text - 1);
    int k[] = {TK_ID, TK_ID, TK_STR, TK_ID};
    expect_kinds(L, k, 4);
    ck_assert_int_eq(count_code(L, D_LEX_BAD_UTF8), 3);  /* one per bad run */
    ck_assert_int_eq(count_code(L, D_LEX_BAD_CHAR), 1);  /* a valid é outside a string */
    ck_assert_str_eq(L->toks[2].text, "x\xef\xbf\xbdy"); /* U+FFFD */
    done(L);
}
END_TEST

START_TEST(nul_byte_and_bom)
{
    const char text[] = "\xef\xbb\xbf"
                        "a\0b";
    Lexed *L = lex_all(text, sizeof text - 1);
    int k[] = {TK_ID, TK_ID};
    expect_kinds(L, k, 2);
    ck_assert_int_eq(count_code(L, D_LEX_BAD_CHAR), 1);
    ck_assert_uint_eq(L->toks[0].span.start, 3);
    done(L);
}
END_TEST

START_TEST(spans_are_byte_offsets)
{
    Lexed *L = lex_str("sync  a.b <-> \"x\"");
    ck_assert_uint_eq(L->toks[0].span.start, 0);
    ck_assert_uint_eq(L->toks[0].span.end, 4);
    ck_assert_uint_eq(L->toks[1].span.start, 6);
    ck_assert_uint_eq(L->toks[4].span.start, 10);
    ck_assert_uint_eq(L->toks[4].span.end, 13);
    ck_assert_uint_eq(L->toks[5].span.start, 14);
    ck_assert_uint_eq(L->toks[5].span.end, 17);
    done(L);
}
END_TEST

START_TEST(decode_with_offset_map)
{
    Arena a;
    arena_init(&a);
    uint32_t len, *map;
    const char raw[] = "a\\n\\u00e9b";
    char *s = lex_decode_string(&a, raw, (uint32_t)strlen(raw), &len, &map);
    ck_assert_uint_eq(len, 5);
    ck_assert(memcmp(s,
                     "a\n\xc3\xa9"
                     "b",
                     5) == 0);
    ck_assert_uint_eq(map[0], 0);
    ck_assert_uint_eq(map[1], 1);
    ck_assert_uint_eq(map[2], 3);
    ck_assert_uint_eq(map[3], 3);
    ck_assert_uint_eq(map[4], 9);
    ck_assert_uint_eq(map[5], 10);
    arena_free(&a);
}
END_TEST

START_TEST(token_descriptions)
{
    ck_assert_str_eq(lex_token_desc(TK_BIARROW), "'<->'");
    ck_assert_str_eq(lex_token_desc(TK_SYNC), "'sync'");
    ck_assert_str_eq(lex_token_desc(TK_STR), "a string");
    ck_assert_str_eq(lex_token_desc(0), "end of file");
    ck_assert(lex_is_statement_keyword(TK_FIELD));
    ck_assert(!lex_is_statement_keyword(TK_WHEN));
}
END_TEST

Suite *lexer_suite(void)
{
    Suite *s = suite_create("lexer");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, punctuation);
    tcase_add_test(tc, punctuation_without_spaces);
    tcase_add_test(tc, keywords);
    tcase_add_test(tc, identifiers_are_not_keywords);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, bad_numbers_report_once_and_still_lex);
    tcase_add_test(tc, path_index_segments);
    tcase_add_test(tc, string_escapes);
    tcase_add_test(tc, string_with_nul_and_utf8);
    tcase_add_test(tc, bad_escapes);
    tcase_add_test(tc, unterminated_string_ends_at_line_end);
    tcase_add_test(tc, unterminated_string_at_eof);
    tcase_add_test(tc, comments_are_recorded_not_tokens);
    tcase_add_test(tc, unterminated_comment);
    tcase_add_test(tc, comments_do_not_nest);
    tcase_add_test(tc, bad_characters_are_skipped);
    tcase_add_test(tc, javascript_operators_read_as_meant);
    tcase_add_test(tc, bad_utf8);
    tcase_add_test(tc, nul_byte_and_bom);
    tcase_add_test(tc, spans_are_byte_offsets);
    tcase_add_test(tc, decode_with_offset_map);
    tcase_add_test(tc, token_descriptions);
    suite_add_tcase(s, tc);
    return s;
}
