/* cmd_build.c — `wpc build FILE [--emit KIND] [-O…] [-o OUT] [--name N] [--wasm-file]
 * [--pkg-version V] [--license L] [--description D]`.
 *
 * Runs the whole pipeline: load, sem_check, ir_build, and for wasm, wat and
 * package, codegen_wasm (codegen.h) and pkg_write (pkg.h).  Nothing is
 * written when FILE has diagnostics at or above the fail level: errors, and
 * with --fail-level=warning warnings too (code generation's included, so the
 * output is produced first and written only after the diagnostics). */
#include <errno.h>
#include <string.h>

#include "cli.h"
#include "codegen.h"
#include "ir.h"
#include "pkg.h"
#include "sem.h"

static const char build_help[] =
    "Usage: wpc build [options] FILE\n"
    "\n"
    "  -o PATH         write the output to PATH (a directory for the package)\n"
    "  --emit KIND     what to write:\n"
    "                    package  the npm package in the directory -o names (default with -o)\n"
    "                    wasm     the WebAssembly module (needs -o)\n"
    "                    wat      the module as WebAssembly text\n"
    "                    wat-gen  only the generated functions and data, as text (snapshot tests)\n"
    "                    ir       the compiled IR as text (default without -o)\n"
    "                    json     the IR as JSON, for tooling\n"
    "                  Without --emit, an -o path ending in .wasm, .wat, .ir or .json\n"
    "                  picks that kind.\n"
    "  -O0 -O1 -O2 -O3 -Os -Oz\n"
    "                  Binaryen optimisation of the module (default -O2)\n"
    "  -g, --debug-names\n"
    "                  keep function names in the module, for readable profiles\n"
    "                  (default: no names; the output is otherwise the same)\n"
    "  --name NAME     package name (default: FILE's base name)\n"
    "  --wasm-file     package: write NAME.wasm beside the JS instead of inlining it\n"
    "  --pkg-version V package.json \"version\" (semver, e.g. 1.2.0; default 0.0.0)\n"
    "  --license L     package.json \"license\" (an SPDX expression, e.g. MIT; default none)\n"
    "  --description D package.json \"description\" (default: what wpc compiled it from)\n"
    "  --format, --color, --fail-level, --max-diagnostics\n"
    "                  as for every command (diagnostics on stderr)\n"
    "\n"
    "The build stops with exit 1, writing nothing, when FILE has errors (or warnings,\n"
    "with --fail-level=warning).\n";

typedef enum Emit { EM_DEFAULT, EM_PACKAGE, EM_WASM, EM_WAT, EM_WAT_GEN, EM_IR, EM_JSON } Emit;

static Emit emit_kind(const char *s)
{
    static const struct {
        const char *name;
        Emit e;
    } kinds[] = {
        {"package", EM_PACKAGE}, {"wasm", EM_WASM}, {"wat", EM_WAT},
        {"wat-gen", EM_WAT_GEN}, {"ir", EM_IR},     {"json", EM_JSON},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(s, kinds[i].name) == 0) return kinds[i].e;
    return EM_DEFAULT;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static bool opt_level(const char *arg, OptLevel *out)
{
    static const struct {
        const char *flag;
        OptLevel o;
    } levels[] = {
        {"-O0", OPT_O0}, {"-O1", OPT_O1}, {"-O2", OPT_O2}, {"-O3", OPT_O3}, {"-Os", OPT_OS}, {"-Oz", OPT_OZ},
    };
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++)
        if (strcmp(arg, levels[i].flag) == 0) {
            *out = levels[i].o;
            return true;
        }
    return false;
}

typedef struct Output {
    const void *data;
    size_t len;
    bool package; /* the package of `wasm`, for pkg_write */
    WasmModule wasm;
} Output;

/* Produces what was asked for, after a clean front end; writes nothing.
 * EXIT_DIAGNOSTICS when code generation found a fault in the program (it
 * added the diagnostics), EXIT_INTERNAL or EXIT_USAGE after a message. */
static int produce(Compilation *c, Emit emit, const CodegenOptions *cg, Output *o)
{
    IrProgram *ir = ir_build(c);
    if (emit == EM_IR || emit == EM_JSON) {
        const char *text = emit == EM_JSON ? ir_print_json(&c->arena, ir) : ir_print_text(&c->arena, ir);
        *o = (Output){.data = text, .len = strlen(text)};
        return EXIT_OK;
    }
    WasmModule m;
    if (!codegen_wasm(c, cg, &m)) {
        if (diag_has_errors(&c->diags)) return EXIT_DIAGNOSTICS;
        fprintf(stderr, "wpc: %s\n", c->io_error ? c->io_error : "internal error: code generation failed");
        return EXIT_INTERNAL;
    }
    if (emit == EM_PACKAGE) {
        /* a directory of files: pkg_write writes it once the diagnostics allow */
        o->package = true;
        o->wasm = m;
        return EXIT_OK;
    }
    if (emit == EM_WASM) {
        *o = (Output){.data = m.bytes, .len = m.len};
        return EXIT_OK;
    }
    const char *text = emit == EM_WAT_GEN ? m.wat_generated : codegen_wat(c, &m);
    if (!text) {
        fputs("wpc: internal error: cannot print the module\n", stderr);
        return EXIT_INTERNAL;
    }
    *o = (Output){.data = text, .len = strlen(text)};
    return EXIT_OK;
}

int cmd_build(int argc, char **argv)
{
    CommonOptions opts;
    common_options_init(&opts);
    const char *file = NULL, *out = NULL, *emit_arg = NULL, *name = NULL;
    const char *version = NULL, *license = NULL, *description = NULL;
    bool wasm_file = false;
    CodegenOptions cg = {.opt = OPT_O2};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(build_help, stdout);
            return EXIT_OK;
        }
        int r = common_option(&opts, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (strcmp(argv[i], "--emit") == 0 || strncmp(argv[i], "--emit=", 7) == 0) {
            if (argv[i][6] == '=')
                emit_arg = argv[i] + 7;
            else if (i + 1 < argc)
                emit_arg = argv[++i];
            else
                return usage_error("build: --emit needs a value (package, wasm, wat, ir or json)");
        } else if (strcmp(argv[i], "-o") == 0) {
            if (i + 1 >= argc) return usage_error("build: -o needs a path");
            out = argv[++i];
        } else if (strcmp(argv[i], "--name") == 0) {
            if (i + 1 >= argc) return usage_error("build: --name needs a value");
            name = argv[++i];
        } else if (strcmp(argv[i], "--pkg-version") == 0 || strcmp(argv[i], "--license") == 0 ||
                   strcmp(argv[i], "--description") == 0) {
            if (i + 1 >= argc) return usage_error("build: %s needs a value", argv[i]);
            const char **slot = argv[i][2] == 'p' ? &version : argv[i][2] == 'l' ? &license : &description;
            *slot = argv[++i];
        } else if (strcmp(argv[i], "--wasm-file") == 0) {
            wasm_file = true;
        } else if (strcmp(argv[i], "-g") == 0 || strcmp(argv[i], "--debug-names") == 0) {
            cg.debug_names = true;
        } else if (opt_level(argv[i], &cg.opt)) {
            continue;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage_error("build: unknown option '%s'", argv[i]);
        } else if (file) {
            return usage_error("build: one file at a time");
        } else {
            file = argv[i];
        }
    }
    if (!file) return usage_error("build: no input file (wpc build app.wp)");

    Emit emit = EM_IR;
    if (emit_arg) {
        emit = emit_kind(emit_arg);
        if (emit == EM_DEFAULT)
            return usage_error("build: --emit must be package, wasm, wat, wat-gen, ir or json, not '%s'", emit_arg);
    } else if (out) {
        emit = ends_with(out, ".wasm")   ? EM_WASM
               : ends_with(out, ".wat")  ? EM_WAT
               : ends_with(out, ".ir")   ? EM_IR
               : ends_with(out, ".json") ? EM_JSON
                                         : EM_PACKAGE;
    }
    if (emit == EM_WASM && !out) return usage_error("build: --emit wasm needs -o FILE.wasm");
    if (emit == EM_PACKAGE && !out) return usage_error("build: --emit package needs -o DIR");
    if ((name || wasm_file || version || license || description) && emit != EM_PACKAGE)
        return usage_error(
            "build: --name, --wasm-file, --pkg-version, --license and --description apply to the package only");
    if (version && !pkg_version_valid(version))
        return usage_error("build: --pkg-version must be a semantic version like 1.2.0 or 2.0.0-beta.1 (npm "
                           "requires one), not '%s'",
                           version);
    if (license && !*license) return usage_error("build: --license needs a value (an SPDX expression such as MIT)");
    /* JSON diagnostics would mix with the output on stdout. */
    if (opts.format != FORMAT_TEXT && !out)
        return usage_error("build: --format=%s needs -o for the build output",
                           opts.format == FORMAT_JSON ? "json" : "sarif");

    Compilation c;
    compilation_init(&c);
    int status;
    if (compile_load(&c, file) == LOAD_IO_ERROR) {
        status = usage_error("%s", c.io_error);
    } else {
        sem_check(&c);
        Output o = {0};
        PkgOptions pkg = {.dir = out,
                          .name = name,
                          .wasm_file = wasm_file,
                          .version = version,
                          .license = license,
                          .description = description};
        int s = diag_has_errors(&c.diags) ? EXIT_DIAGNOSTICS : produce(&c, emit, &cg, &o);
        status = report_diagnostics(&c, &opts);
        if (s != EXIT_OK && s != EXIT_DIAGNOSTICS) {
            status = s;
        } else if (s == EXIT_OK && status == EXIT_OK) { /* nothing is written past the fail level */
            const char *failed = NULL;
            if (o.package) {
                if (!pkg_write(&c, &pkg, &o.wasm))
                    status = usage_error("%s", c.io_error ? c.io_error : "cannot write the package");
            } else if (!out) {
                out_write(o.data, o.len);
            } else if ((failed = write_file(out, o.data, o.len)) != NULL) {
                status = usage_error("%s", failed);
            }
        }
    }
    compilation_free(&c);
    return status;
}
