/* fuzz_compile.c — libFuzzer target: the whole compiler on any bytes.
 *
 * Each input is a root file in memory (imports resolve against a directory
 * that does not exist): load, sem_check (with the lints), then for a program
 * without errors ir_build, the IR as text and JSON, and code generation at
 * -O0 (and -O2), whose module Binaryen validates (codegen_wasm fails without a
 * diagnostic otherwise) — for a quarter of the inputs, by their hash (see
 * below).  The diagnostics are rendered as text, JSON and SARIF.  Properties: no crash, leak or undefined behaviour; either
 * diagnostics with an error, or a module (a failure of codegen_wasm with no
 * error diagnostic is an internal error, and aborts); JSON and SARIF reports
 * and the IR as JSON are valid UTF-8; the same input builds the same bytes
 * twice over (determinism).  Time and memory are bounded by libFuzzer's -timeout and
 * -rss_limit_mb (fuzz.mk). */
#include <stdint.h>
#include <string.h>

#include "codegen.h"
#include "compile.h"
#include "diag.h"
#include "diag_render.h"
#include "fuzz_common.h"
#include "ir.h"
#include "sem.h"

#define NO_DIR "/nonexistent/wpc-fuzz"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void render_all(Compilation *c)
{
    diag_sort(&c->diags);
    RenderOptions text = {.format = FORMAT_TEXT, .color = 1, .tool_version = "fuzz", .max_diagnostics = 100};
    (void)diag_render(&c->arena, &c->diags, &text);
    for (int f = FORMAT_JSON; f <= FORMAT_SARIF; f++) {
        RenderOptions o = {.format = (DiagFormat)f, .tool_version = "fuzz"};
        const char *s = diag_render(&c->arena, &c->diags, &o);
        FUZZ_CHECK(s && fuzz_utf8_valid((const unsigned char *)s, strlen(s)), "a JSON or SARIF report is not UTF-8");
    }
}

/* Builds at `opt`; returns the module (arena-owned) or NULL after errors. */
static int build(Compilation *c, OptLevel opt, WasmModule *m)
{
    CodegenOptions cg = {.opt = opt};
    if (codegen_wasm(c, &cg, m)) {
        FUZZ_CHECK(m->bytes && m->len >= 8 && memcmp(m->bytes, "\0asm", 4) == 0, "codegen_wasm gave no module");
        return 1;
    }
    FUZZ_CHECK(diag_has_errors(&c->diags), "code generation failed without an error diagnostic");
    return 0;
}

static uint32_t hash(const uint8_t *p, size_t n) /* FNV-1a */
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Compilation c;
    compilation_init(&c);
    compile_load_text(&c, "fuzz.wp", NO_DIR, (const char *)data, size);
    sem_check(&c);
    if (!diag_has_errors(&c.diags)) {
        IrProgram *ir = ir_build(&c);
        FUZZ_CHECK(ir != NULL, "ir_build failed on a checked program");
        (void)ir_print_text(&c.arena, ir);
        const char *json = ir_print_json(&c.arena, ir);
        FUZZ_CHECK(json && fuzz_utf8_valid((const unsigned char *)json, strlen(json)), "--emit json is not UTF-8");
        /* Code generation costs far more than the front end (Binaryen
         * validates the whole module; -O2 optimises it, 0.5 s): a quarter
         * of the inputs, chosen by their hash so a replay does the same,
         * build at -O0 twice (determinism), one in 64 also at -O2. */
        uint32_t h = hash(data, size);
        WasmModule m0, again, m2;
        if (h % 4 == 0 && build(&c, OPT_O0, &m0) && build(&c, OPT_O0, &again)) {
            FUZZ_CHECK(m0.len == again.len && memcmp(m0.bytes, again.bytes, m0.len) == 0, "-O0 is not deterministic");
            if (h % 64 == 0) (void)build(&c, OPT_O2, &m2);
        }
    }
    render_all(&c);
    compilation_free(&c);
    return 0;
}
