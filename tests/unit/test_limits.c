/* test_limits.c — inputs at the edge of what the parser accepts, through
 * every pass: flat and/or chains of any length (walked with loops, never
 * recursion: ast_cond_spine), the deepest nesting the parser's stack holds,
 * paths of 512 segments, and D_PARSE_TOO_DEEP just past the limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ast_dump.h"
#include "compile.h"
#include "fmt.h"
#include "ir.h"
#include "parse.h"
#include "sem.h"
#include "suites.h"

/* A growable source text. */
typedef struct Src {
    char *s;
    size_t n, cap;
} Src;

static void put(Src *b, const char *t)
{
    size_t k = strlen(t);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->s = realloc(b->s, b->cap);
        ck_assert(b->s);
    }
    memcpy(b->s + b->n, t, k + 1);
    b->n += k;
}

static void put_n(Src *b, const char *t, int n)
{
    for (int i = 0; i < n; i++) put(b, t);
}

/* Every pass over `src`, which must be free of errors: sema and the lints,
 * the IR (and its text and JSON with `print`: they print flat tables, no
 * trees), the AST dump, and fmt, whose output must parse to the same tree
 * and format to itself. */
static void all_passes(const char *src, bool print)
{
    Compilation c;
    compilation_init(&c);
    ck_assert_int_eq(compile_load_text(&c, "t.wp", NULL, src, strlen(src)), LOAD_OK);
    sem_check(&c);
    ck_assert_msg(!diag_has_errors(&c.diags), "errors in the input");
    IrProgram *ir = ir_build(&c);
    if (print) {
        ck_assert_ptr_nonnull(ir_print_text(&c.arena, ir));
        ck_assert_ptr_nonnull(ir_print_json(&c.arena, ir));
    }
    const Module *m = c.modules.items[0];
    const char *dump = ast_dump_module(&c.arena, m);
    const char *out = NULL;
    ck_assert_int_eq(fmt_file_text(&c, "t.wp", src, strlen(src), &out), FMT_OK);
    Compilation d;
    compilation_init(&d);
    ck_assert_int_eq(compile_load_text(&d, "f.wp", NULL, out, strlen(out)), LOAD_OK);
    ck_assert_str_eq(ast_dump_module(&d.arena, d.modules.items[0]), dump);
    const char *twice = NULL;
    ck_assert_int_eq(fmt_file_text(&d, "f.wp", out, strlen(out), &twice), FMT_OK);
    ck_assert_str_eq(twice, out);
    compilation_free(&d);
    compilation_free(&c);
}

/* The codes and positions of the diagnostics of `src`: "WP0206@2:30 ...". */
static const char *diags_of(const char *src)
{
    static char out[4096];
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "t.wp", NULL, src, strlen(src));
    sem_check(&c);
    diag_sort(&c.diags);
    size_t n = 0;
    out[0] = 0;
    for (uint32_t i = 0; i < c.diags.items.len && n + 64 < sizeof out; i++) {
        const Diag *dg = c.diags.items.items[i];
        LineCol lc = source_line_col(&c.sources, dg->span.file, dg->span.start);
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s@%u:%u", n ? " " : "", diag_info(dg->code)->code, lc.line,
                              lc.col);
    }
    compilation_free(&c);
    return out;
}

enum { CHAIN = 300000 }; /* far deeper than any stack would hold by recursion */

START_TEST(flat_chains_of_any_length)
{
    static const char *const shapes[][3] = {
        /* head, repeated, tail */
        {"field x { visible when x", " and x", " }\n"},
        {"field x { visible when x", " or y", " }\n"},
        {"field x { visible when x", " and y or x", " }\n"},
        {"field x { visible when not (x", " and y", ") or y }\n"},
        {"field s { label = if x", " or y", " then \"a\" else \"b\" }\n"},
        {"group g when x", " and y", " { sync s <-> t }\n"},
        {"compute n = sum(m exclude when x", " or y", ")\n"},
    };
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        Src b = {0};
        put(&b, "state { x: bool, y: bool, s: string, t: string, n: number, m: number }\n");
        put(&b, shapes[k][0]);
        put_n(&b, shapes[k][1], CHAIN);
        put(&b, shapes[k][2]);
        all_passes(b.s, false);
        free(b.s);
    }
}
END_TEST

/* The deepest nesting of each kind that the parser's stack holds goes
 * through every pass; one more level is D_PARSE_TOO_DEEP, not a crash. */
START_TEST(deepest_nesting_the_parser_takes)
{
    static const struct {
        const char *head, *open, *mid, *close, *tail;
        int depth;
    } kinds[] = {
        {"field x { visible when ", "(", "x", ")", " }\n", 990},
        {"field x { visible when ", "not ", "x", "", " }\n", 991},
        {"field x { visible when ", "x and (", "x", ")", " }\n", 330},
        {"field s { label = ", "if x then \"a\" else ", "\"z\"", "", " }\n", 198},
        {"field s { label = ", "if x then ", "\"z\"", " else \"y\"", " }\n", 329},
        {"field x { visible when a in [", "[", "", "]", "] }\n", 987},
        {"field x { visible when a == ", "{ k: ", "1", " }", " }\n", 329},
        {"field s { label = ", "match a { 1 => ", "\"z\"", ", _ => \"y\" }", " }\n", 197},
    };
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        for (int extra = 0; extra < 2; extra++) {
            Src b = {0};
            put(&b, "state { x: bool, a: any, s: string }\n");
            put(&b, kinds[k].head);
            put_n(&b, kinds[k].open, kinds[k].depth + extra);
            put(&b, kinds[k].mid);
            put_n(&b, kinds[k].close, kinds[k].depth + extra);
            put(&b, kinds[k].tail);
            if (!extra)
                all_passes(b.s, true);
            else
                ck_assert_msg(strstr(diags_of(b.s), "WP0206@2:") != NULL, "kind %zu at depth %d: %s", k,
                              kinds[k].depth + 1, diags_of(b.s));
            free(b.s);
        }
    }
}
END_TEST

START_TEST(paths_of_512_segments)
{
    for (int tpl = 0; tpl < 2; tpl++) {
        Src b = {0};
        put(&b, "state { a: any, s: string }\n");
        put(&b, tpl ? "field s { label = \"{{a" : "sync a");
        put_n(&b, ".b", 511);
        put(&b, tpl ? "}}\" }\n" : " <-> s\n");
        all_passes(b.s, true);
        free(b.s);
    }
    /* one segment more: the error sits on the 513th segment */
    Src b = {0};
    put(&b, "sync a");
    put_n(&b, ".b", 512);
    put(&b, " <-> c\n");
    ck_assert_str_eq(diags_of(b.s), "WP0206@1:1030");
    free(b.s);
    b = (Src){0};
    put(&b, "state { s: string, a: any }\nfield s { label = \"{{a");
    put_n(&b, ".b", 512);
    put(&b, "}}\" }\n");
    ck_assert_str_eq(diags_of(b.s), "WP0206@2:1046");
    free(b.s);
}
END_TEST

/* Bytes the arena took to load a sync chain of n members. */
static size_t chain_bytes(int n)
{
    Src b = {0};
    char link[32];
    put(&b, "sync m0");
    for (int i = 1; i < n; i++) {
        snprintf(link, sizeof link, " <-> m%d", i);
        put(&b, link);
    }
    put(&b, "\n");
    Compilation c;
    compilation_init(&c);
    ck_assert_int_eq(compile_load_text(&c, "t.wp", NULL, b.s, b.n), LOAD_OK);
    const Module *m = c.modules.items[0];
    const Item *it = m->items.items[0];
    ck_assert_uint_eq(it->paths.len, (uint32_t)n);
    ck_assert_int_eq(it->arrows[n - 2], ARROW_BOTH);
    size_t total = c.arena.total;
    compilation_free(&c);
    free(b.s);
    return total;
}

/* Memory grows linearly with a sync chain: four times the members, about
 * four times the bytes (the arrows array was copied per link: 16 times). */
START_TEST(sync_chain_memory_is_linear)
{
    size_t small = chain_bytes(10000), big = chain_bytes(40000);
    ck_assert_msg(big < small * 6, "10 000 members: %zu bytes, 40 000: %zu", small, big);
}
END_TEST

Suite *limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120); /* big inputs, under ASan too */
    tcase_add_test(tc, flat_chains_of_any_length);
    tcase_add_test(tc, deepest_nesting_the_parser_takes);
    tcase_add_test(tc, paths_of_512_segments);
    tcase_add_test(tc, sync_chain_memory_is_linear);
    suite_add_tcase(s, tc);
    return s;
}
