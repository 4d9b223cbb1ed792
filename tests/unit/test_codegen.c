/* test_codegen.c — code generation: the spliced module validates, imports
 * nothing, exports exactly the wp_ ABI and memory, carries the app
 * descriptor the runtime expects, and is the same bytes on every build.
 * Modules are inspected through emit_wasm.h (the only Binaryen seam). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen.h"
#include "compile.h"
#include "embedded.h"
#include "emit_wasm.h"
#include "ir.h"
#include "sem.h"
#include "suites.h"

extern const WpcEmbedded wpc_runtime[];

static const char sync_app[] = "state {\n"
                               "  form: { email: string }\n"
                               "  shipping: { email: string }\n"
                               "}\n"
                               "sync form.email <-> shipping.email\n";

static const char groups_app[] = "state {\n"
                                 "  billing: { street: string }\n"
                                 "  shipping: { street: string, same: bool }\n"
                                 "  gift: { wrap: bool, noWrap: bool }\n"
                                 "}\n"
                                 "group sameAddress when shipping.same {\n"
                                 "  sync billing.street -> shipping.street\n"
                                 "}\n"
                                 "group giftOptions off {\n"
                                 "  flip gift.wrap <-> gift.noWrap\n"
                                 "}\n"
                                 "listen gift.wrap call onWrap\n";

typedef struct Built {
    Compilation c;
    WasmModule m;
    bool ok;
} Built;

static void build(Built *b, const char *src, OptLevel opt)
{
    compilation_init(&b->c);
    compile_load_text(&b->c, "t.wp", NULL, src, strlen(src));
    sem_check(&b->c);
    ck_assert_msg(!diag_has_errors(&b->c.diags), "the test app has errors");
    ir_build(&b->c);
    CodegenOptions o = {.opt = opt};
    b->ok = codegen_wasm(&b->c, &o, &b->m);
    ck_assert_msg(b->ok, "codegen failed: %s", b->c.io_error ? b->c.io_error : "(diagnostic)");
}

static uint32_t u32_at(const unsigned char *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }

/* The runtime's __heap_base: the descriptor is the first thing after it. */
static uint32_t descriptor_addr(Arena *a)
{
    const WpcEmbedded *rt = embedded_find(wpc_runtime, "runtime.wasm");
    ck_assert_ptr_nonnull(rt);
    const char *err = NULL;
    EmitModule *m = emit_open(a, rt->data, rt->len, &err);
    ck_assert_ptr_nonnull(m);
    uint32_t base = (emit_heap_base(m) + 15u) & ~15u;
    emit_close(m);
    return base;
}

START_TEST(module_validates_and_imports_nothing)
{
    static const OptLevel levels[] = {OPT_O0, OPT_O1, OPT_O2, OPT_O3, OPT_OS, OPT_OZ};
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        Built b;
        build(&b, sync_app, levels[i]);
        EmitInfo info;
        ck_assert(emit_inspect(&b.c.arena, b.m.bytes, b.m.len, &info));
        ck_assert_msg(info.valid, "level %zu does not validate", i);
        ck_assert_uint_eq(info.nimports, 0);
        compilation_free(&b.c);
    }
}
END_TEST

START_TEST(exports_are_the_wp_abi)
{
    static const char *abi[] = {
        "wp_abi_version",      "wp_in",    "wp_out_ptr",  "wp_out_len",   "wp_create",    "wp_apply",
        "wp_continue",         "wp_route", "wp_rollback", "wp_process",   "wp_finalize",  "wp_group",
        "wp_listener_unheard", "wp_get",   "wp_path_id",  "wp_path_text", "wp_heap_live", "wp_concern_evals",
        "wp_derived_evals",    "memory",
    };
    Built b;
    build(&b, sync_app, OPT_O2);
    EmitInfo info;
    ck_assert(emit_inspect(&b.c.arena, b.m.bytes, b.m.len, &info));
    ck_assert_uint_eq(info.nexports, sizeof abi / sizeof abi[0]);
    for (size_t i = 0; i < sizeof abi / sizeof abi[0]; i++) {
        bool found = false;
        for (uint32_t k = 0; k < info.nexports; k++) found |= strcmp(info.exports[k], abi[i]) == 0;
        ck_assert_msg(found, "missing export %s", abi[i]);
    }
    compilation_free(&b.c);
}
END_TEST

START_TEST(descriptor_of_a_sync_app)
{
    Built b;
    build(&b, sync_app, OPT_O2);
    uint32_t at = descriptor_addr(&b.c.arena);
    unsigned char d[40];
    ck_assert(emit_read_data(b.m.bytes, b.m.len, at, d, sizeof d));
    ck_assert_uint_eq(u32_at(d + 0), 2);  /* abi */
    ck_assert_uint_eq(u32_at(d + 4), 3);  /* form, email, shipping */
    ck_assert_uint_eq(u32_at(d + 16), 4); /* form, form.email, shipping, shipping.email */
    ck_assert_uint_eq(u32_at(d + 24), 0); /* groups */
    ck_assert_uint_eq(u32_at(d + 28), 0); /* all enabled */
    ck_assert_uint_eq(u32_at(d + 32), 2); /* no listeners: 0 + 2 rounds */
    uint32_t data_end = u32_at(d + 36);
    ck_assert_uint_eq(data_end % 16, 0);
    ck_assert_uint_gt(data_end, at + 40);

    /* atoms */
    unsigned char offs[16], bytes[32];
    ck_assert(emit_read_data(b.m.bytes, b.m.len, u32_at(d + 8), offs, sizeof offs));
    ck_assert_uint_eq(u32_at(offs + 12), strlen("formemailshipping"));
    ck_assert(emit_read_data(b.m.bytes, b.m.len, u32_at(d + 12), bytes, 17));
    ck_assert(memcmp(bytes, "formemailshipping", 17) == 0);

    /* paths: (parent, atom), parents first */
    unsigned char paths[32];
    ck_assert(emit_read_data(b.m.bytes, b.m.len, u32_at(d + 20), paths, sizeof paths));
    static const uint32_t want[8] = {0, 0, 1, 1, 0, 2, 3, 1};
    for (int i = 0; i < 8; i++) ck_assert_uint_eq(u32_at(paths + 4 * i), want[i]);

    /* the memory covers the data */
    EmitInfo info;
    ck_assert(emit_inspect(&b.c.arena, b.m.bytes, b.m.len, &info));
    ck_assert_uint_ge((uint64_t)info.mem_initial * 65536u, data_end);
    compilation_free(&b.c);
}
END_TEST

START_TEST(descriptor_groups_and_rounds)
{
    Built b;
    build(&b, groups_app, OPT_O0);
    uint32_t at = descriptor_addr(&b.c.arena);
    unsigned char d[40];
    ck_assert(emit_read_data(b.m.bytes, b.m.len, at, d, sizeof d));
    ck_assert_uint_eq(u32_at(d + 24), 2);
    ck_assert_uint_ne(u32_at(d + 28), 0);
    unsigned char on;
    ck_assert(emit_read_data(b.m.bytes, b.m.len, u32_at(d + 28), &on, 1));
    ck_assert_uint_eq(on, 1);             /* sameAddress on, giftOptions off */
    ck_assert_uint_eq(u32_at(d + 32), 3); /* one listener + 2 */
    compilation_free(&b.c);
}
END_TEST

START_TEST(same_input_same_bytes)
{
    Built a, b;
    build(&a, groups_app, OPT_O2);
    build(&b, groups_app, OPT_O2);
    ck_assert_uint_eq(a.m.len, b.m.len);
    ck_assert(memcmp(a.m.bytes, b.m.bytes, a.m.len) == 0);
    ck_assert_str_eq(a.m.wat_generated, b.m.wat_generated);
    compilation_free(&a.c);
    compilation_free(&b.c);
}
END_TEST

START_TEST(generated_text_holds_only_the_hooks)
{
    Built b;
    build(&b, sync_app, OPT_O0);
    const char *t = b.m.wat_generated;
    ck_assert_ptr_nonnull(t);
    static const char *hooks[] = {"app",  "path_class", "container", "input",   "stage",
                                  "plan", "create",     "disable",   "concern", "cond"};
    for (size_t i = 0; i < sizeof hooks / sizeof hooks[0]; i++) {
        char want[64];
        snprintf(want, sizeof want, "(func $%s ", hooks[i]);
        ck_assert_msg(strstr(t, want), "no %s in the generated text", hooks[i]);
    }
    int funcs = 0;
    for (const char *p = t; (p = strstr(p, "\n (func $")); p++) funcs++; /* definitions */
    ck_assert_int_eq(funcs, 10); /* an app without concerns or exclusions has no unit_N, cond_N */
    ck_assert_ptr_nonnull(strstr(t, "formemailshipping"));
    compilation_free(&b.c);
}
END_TEST

START_TEST(hooks_call_the_kits_only_when_needed)
{
    Built b;
    build(&b, sync_app, OPT_O0);
    ck_assert_ptr_nonnull(strstr(b.m.wat_generated, "(call $rt_kit_sync_stage"));
    ck_assert_ptr_nonnull(strstr(b.m.wat_generated, "(call $rt_kit_sync_create"));
    ck_assert_ptr_nonnull(strstr(b.m.wat_generated, "(call $rt_kit_class"));
    compilation_free(&b.c);

    static const char no_rules[] = "state {\n  a: number\n}\n";
    build(&b, no_rules, OPT_O0);
    ck_assert_ptr_null(strstr(b.m.wat_generated, "rt_kit_sync"));
    ck_assert_ptr_null(strstr(b.m.wat_generated, "rt_kit_class"));
    compilation_free(&b.c);
    EmitInfo info;
    build(&b, no_rules, OPT_O2);
    ck_assert(emit_inspect(&b.c.arena, b.m.bytes, b.m.len, &info));
    ck_assert(info.valid);
    compilation_free(&b.c);
}
END_TEST

/* Kinds the module leaves out are reported once each by the build
 * (WP0701), with their count and at their first rule; sync and flip are not. */
static uint32_t count_code(const Compilation *c, DiagCode code, const char **first_msg)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < c->diags.items.len; i++) {
        const Diag *d = c->diags.items.items[i];
        if (d->code != code) continue;
        if (!n && first_msg) *first_msg = d->message;
        n++;
    }
    return n;
}

START_TEST(uncompiled_kinds_are_reported_once_each)
{
    Built b;
    build(&b, sync_app, OPT_O0);
    ck_assert_uint_eq(count_code(&b.c, D_BUILD_NOT_COMPILED, NULL), 0);
    compilation_free(&b.c);

    build(&b, groups_app, OPT_O0); /* a listener and a group `when`: both compiled */
    const char *msg = NULL;
    ck_assert_uint_eq(count_code(&b.c, D_BUILD_NOT_COMPILED, &msg), 0);
    compilation_free(&b.c);

    build(&b,
          "state { a: number, b: number, t?: number, u: number, c?: number }\n"
          "aggregate t <- a, b\n"
          "compute u = sum(a, b)\n"
          "compute u = sum(t)\n"
          "clear c when a changes\n",
          OPT_O0);
    ck_assert_uint_eq(count_code(&b.c, D_BUILD_NOT_COMPILED, &msg), 0);
    ck_assert_uint_eq(b.c.diags.nerrors, 0);
    ck_assert(codegen_compiles(GEN_SYNC) && codegen_compiles(GEN_FLIP) && codegen_compiles(GEN_ONEWAY));
    ck_assert(codegen_compiles(GEN_AGGREGATE) && codegen_compiles(GEN_COMPUTE) && codegen_compiles(GEN_CLEAR));
    ck_assert(codegen_compiles(GEN_LISTENER));
    ck_assert(codegen_compiles(GEN_CONDITION) && codegen_compiles(GEN_GROUP_WHEN));
    compilation_free(&b.c);
}
END_TEST

/* The module tells the glue the run-time text of each static path, by run-time
 * id, so static paths cross as ids from the first call; a key holding '.'
 * has no such text (it would split into other segments) and is NULL. */
START_TEST(static_paths_are_listed_for_the_glue)
{
    Built b;
    build(&b, sync_app, OPT_O0);
    ck_assert_uint_eq(b.m.nstatic_paths, 4);
    ck_assert_str_eq(b.m.static_paths[0], "form");
    ck_assert_str_eq(b.m.static_paths[1], "form.email");
    ck_assert_str_eq(b.m.static_paths[2], "shipping");
    ck_assert_str_eq(b.m.static_paths[3], "shipping.email");
    compilation_free(&b.c);

    build(&b,
          "state { a: map<string>, b: map<string>, items: list<number>, n: number }\n"
          "sync a[\"x.y\"] <-> b.z\n"
          "sync items[0] <-> n\n",
          OPT_O0);
    bool saw_null = false, saw_index = false;
    for (uint32_t i = 0; i < b.m.nstatic_paths; i++) {
        if (!b.m.static_paths[i])
            saw_null = true;
        else if (strcmp(b.m.static_paths[i], "items.0") == 0)
            saw_index = true;
        else
            ck_assert(!strstr(b.m.static_paths[i], "x.y"));
    }
    ck_assert(saw_null);
    ck_assert(saw_index);
    compilation_free(&b.c);
}
END_TEST

Suite *codegen_suite(void)
{
    Suite *s = suite_create("codegen");
    TCase *tc = tcase_create("module");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, module_validates_and_imports_nothing);
    tcase_add_test(tc, exports_are_the_wp_abi);
    tcase_add_test(tc, descriptor_of_a_sync_app);
    tcase_add_test(tc, descriptor_groups_and_rounds);
    tcase_add_test(tc, same_input_same_bytes);
    tcase_add_test(tc, generated_text_holds_only_the_hooks);
    tcase_add_test(tc, hooks_call_the_kits_only_when_needed);
    tcase_add_test(tc, uncompiled_kinds_are_reported_once_each);
    tcase_add_test(tc, static_paths_are_listed_for_the_glue);
    suite_add_tcase(s, tc);
    return s;
}
