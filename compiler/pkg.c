/* pkg.c — writes the npm package around a compiled module (pkg.h,
 * docs/package.md).
 *
 *   package.json   name, "type": "module", exports (types, import, require)
 *   index.js       ESM: banner, `const manifest = {...}`, the wasm source
 *                  (base64 text or the .wasm file's name), then the glue
 *                  modules of runtime/js/ (embedded in wpc as wpc_js) with
 *                  their `import` lines dropped and `export ` prefixes
 *                  removed, then `export { createPipeline, ... }`
 *   index.cjs      the same text with 'use strict' first and
 *                  `module.exports = { ... }` last (and the CJS file loader)
 *   index.d.ts     pkg_dts.c
 *   README.md      what the rules file declares
 *   NAME.wasm      with wasm_file
 *
 * Deterministic: every table comes from the IR and SemInfo in their order,
 * JSON is printed by json.h, nothing depends on time or addresses. */
#include "pkg.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "ir.h"
#include "json.h"
#include "pkg_internal.h"
#include "version.h"

typedef struct Pkg {
    Compilation *c;
    Arena *a;
    const IrProgram *ir;
    const char *name;   /* package name */
    const char *stem;   /* file stem: the .wp base name without .wp */
    const char *source; /* the .wp file's base name */
    const WasmModule *wasm;
} Pkg;

/* ---- small helpers --------------------------------------------------------- */

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *strip_ext(Arena *a, const char *name, const char *ext)
{
    size_t n = strlen(name), m = strlen(ext);
    if (n > m && strcmp(name + n - m, ext) == 0) return arena_strndup(a, name, n - m);
    return name;
}

const char *pkg_quote(Arena *a, const char *s)
{
    Json *j = json_string(s);
    const char *r = json_print(a, j, false);
    json_free(j);
    return r;
}

const char *pkg_pattern(Arena *a, const IrProgram *ir, IrId path)
{
    if (path == IR_NONE) return "";
    const IrPath *p = &ir->paths[path];
    const char *seg = p->kind == IRSEG_WILD ? "*" : p->kind == IRSEG_DEEP ? "**" : p->seg;
    if (p->parent == IR_NONE) return seg;
    return arena_printf(a, "%s.%s", pkg_pattern(a, ir, p->parent), seg);
}

/* ---- writing: the package is a whole directory or nothing ---------------------
 *
 * Every file goes into a fresh sibling directory (DIR.wpctmp-XXXXXX), which
 * is renamed to DIR once all of them are written: a failure midway (a full
 * disk, a file size limit) leaves no partial package, and the one that was
 * there stays whole.  An existing DIR is first renamed aside and removed
 * after the swap; since the swap replaces the whole directory, DIR may hold
 * only the files wpc writes, so that nothing else is ever deleted. */

typedef struct PkgFile {
    const char *name;
    const void *data;
    size_t len;
} PkgFile;

static bool io_fail(Pkg *k, const char *what, const char *path, int err)
{
    k->c->io_error = arena_printf(k->a, "cannot %s '%s': %s", what, path, strerror(err));
    return false;
}

static bool make_dirs(Pkg *k, const char *dir)
{
    char *d = arena_strdup(k->a, dir);
    for (char *s = d + 1;; s++) {
        if (*s != '/' && *s) continue;
        char saved = *s;
        *s = 0;
        if (mkdir(d, 0777) != 0 && errno != EEXIST) return io_fail(k, "create", d, errno);
        *s = saved;
        if (!saved) break;
    }
    return true;
}

/* A name a package holds: what pkg_write writes (the .wasm file under any
 * stem: --name or --wasm-file may have changed since). */
static bool package_file_name(const char *name)
{
    static const char *const fixed[] = {"package.json", "index.js", "index.cjs", "index.d.ts", "README.md"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcmp(name, fixed[i]) == 0) return true;
    for (int i = 0; i < PKG_NSUBPATHS; i++) {
        size_t m = strlen(pkg_subpaths[i].name);
        if (strncmp(name, pkg_subpaths[i].name, m) == 0 &&
            (strcmp(name + m, ".js") == 0 || strcmp(name + m, ".cjs") == 0 || strcmp(name + m, ".d.ts") == 0))
            return true;
    }
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".wasm") == 0;
}

/* Calls fn on every entry of dir but . and ..; false (and io_error) when
 * dir cannot be read or fn says stop. */
static bool each_entry(Pkg *k, const char *dir, bool (*fn)(Pkg *k, const char *dir, const char *name))
{
    DIR *d = opendir(dir);
    if (!d) return io_fail(k, "read", dir, errno);
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
        ok = fn(k, dir, e->d_name);
    }
    closedir(d);
    return ok;
}

static bool owned_entry(Pkg *k, const char *dir, const char *name)
{
    const char *path = arena_printf(k->a, "%s/%s", dir, name);
    struct stat st;
    if (package_file_name(name) && lstat(path, &st) == 0 && S_ISREG(st.st_mode)) return true;
    k->c->io_error = arena_printf(k->a,
                                  "'%s' is not a file of the package: wpc replaces the whole directory '%s', so it "
                                  "stops rather than delete what it did not write (move it, or build into another "
                                  "directory)",
                                  path, dir);
    return false;
}

static bool remove_entry(Pkg *k, const char *dir, const char *name)
{
    unlink(arena_printf(k->a, "%s/%s", dir, name));
    return true;
}

/* Removes a directory wpc filled (the temporary, or the old package). */
static void remove_package_dir(Pkg *k, const char *dir)
{
    const char *saved = k->c->io_error;
    each_entry(k, dir, remove_entry);
    rmdir(dir);
    k->c->io_error = saved;
}

static bool put_file(Pkg *k, const char *dir, const char *shown, const PkgFile *f)
{
    const char *path = arena_printf(k->a, "%s/%s", dir, f->name);
    FILE *out = fopen(path, "wb");
    if (!out) return io_fail(k, "write", arena_printf(k->a, "%s/%s", shown, f->name), errno);
    bool ok = fwrite(f->data, 1, f->len, out) == f->len && fflush(out) == 0;
    int err = errno;
    if (fclose(out) != 0 && ok) {
        ok = false;
        err = errno;
    }
    return ok || io_fail(k, "write", arena_printf(k->a, "%s/%s", shown, f->name), err);
}

/* A sibling of `dir` named DIR.<tag>XXXXXX, created empty. */
static char *sibling_dir(Pkg *k, const char *dir, const char *tag)
{
    char *tmp = arena_printf(k->a, "%s.%sXXXXXX", dir, tag);
    return mkdtemp(tmp) ? tmp : NULL;
}

/* The end of the chain of symbolic links at `path` (relative links resolved
 * against the link's directory): a link to a directory is written through,
 * the package landing in its target. */
static const char *follow_links(Pkg *k, const char *path)
{
    struct stat st;
    for (int hops = 0; hops < 40 && lstat(path, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
        char link[4096];
        ssize_t n = readlink(path, link, sizeof link - 1);
        if (n < 0) break;
        link[n] = 0;
        const char *slash = strrchr(path, '/');
        path = link[0] == '/' || !slash ? arena_strdup(k->a, link)
                                        : arena_printf(k->a, "%.*s/%s", (int)(slash - path), path, link);
    }
    return path;
}

static bool write_package(Pkg *k, const char *dir, const PkgFile *files, size_t n)
{
    const char *real = follow_links(k, dir);
    struct stat st;
    bool exists = stat(real, &st) == 0;
    if (!exists && errno != ENOENT) return io_fail(k, "write the package in", dir, errno);
    if (exists && !S_ISDIR(st.st_mode)) {
        k->c->io_error = arena_printf(k->a, "'%s' is not a directory", dir);
        return false;
    }
    if (exists) {
        if (!each_entry(k, real, owned_entry)) return false;
    } else {
        const char *slash = strrchr(real, '/');
        if (slash && slash != real && !make_dirs(k, arena_strndup(k->a, real, (size_t)(slash - real)))) return false;
    }
    char *tmp = sibling_dir(k, real, "wpctmp-");
    if (!tmp) return io_fail(k, "create a directory beside", dir, errno);
    mode_t mask = umask(0);
    umask(mask);
    chmod(tmp, exists ? (st.st_mode & 07777) : (0777 & ~mask));
    for (size_t i = 0; i < n; i++)
        if (!put_file(k, tmp, dir, &files[i])) {
            remove_package_dir(k, tmp);
            return false;
        }
    char *old = NULL;
    if (exists) {
        old = sibling_dir(k, real, "wpcold-");
        if (!old || rename(real, old) != 0) { /* onto the empty sibling: allowed */
            int err = errno;
            if (old) rmdir(old);
            remove_package_dir(k, tmp);
            return io_fail(k, "replace", dir, err);
        }
    }
    if (rename(tmp, real) != 0) {
        int err = errno;
        if (old) rename(old, real); /* put the old package back */
        remove_package_dir(k, tmp);
        return io_fail(k, "write the package", dir, err);
    }
    if (old) remove_package_dir(k, old);
    return true;
}

static void base64(Arena *a, StrBuf *b, const unsigned char *p, size_t n)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char quad[4];
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        quad[0] = abc[v >> 18];
        quad[1] = abc[(v >> 12) & 63];
        quad[2] = abc[(v >> 6) & 63];
        quad[3] = abc[v & 63];
        strbuf_putn(a, b, quad, 4);
    }
    if (i < n) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0u);
        quad[0] = abc[v >> 18];
        quad[1] = abc[(v >> 12) & 63];
        quad[2] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
        quad[3] = '=';
        strbuf_putn(a, b, quad, 4);
    }
}

bool pkg_append_glue(Compilation *c, Arena *a, StrBuf *b, const char *file)
{
    const WpcEmbedded *e = embedded_find(wpc_js, file);
    if (!e) {
        c->io_error = arena_printf(a, "internal error: the JS glue '%s' is not embedded", file);
        return false;
    }
    strbuf_printf(a, b, "\n// ---- %s\n", file);
    const char *s = (const char *)e->data, *end = s + e->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *eol = nl ? nl + 1 : end;
        if (strncmp(s, "import ", 7) == 0) {
            s = eol;
            continue;
        }
        if (strncmp(s, "export ", 7) == 0) s += 7;
        strbuf_putn(a, b, s, (size_t)(eol - s));
        s = eol;
    }
    if (b->len && b->data[b->len - 1] != '\n') strbuf_putc(a, b, '\n');
    return true;
}

static bool append_module(Pkg *k, StrBuf *b, const char *file) { return pkg_append_glue(k->c, k->a, b, file); }

/* ---- the manifest -------------------------------------------------------------- */

static Json *names_json(const char *const *names, uint32_t n)
{
    Json *arr = json_array();
    for (uint32_t i = 0; i < n; i++) json_push(arr, json_string(names[i]));
    return arr;
}

static Json *manifest_json(Pkg *k)
{
    const IrProgram *ir = k->ir;
    Json *m = json_object();
    json_set_string(m, "version", WPC_VERSION);
    json_set_string(m, "source", k->source);
    Json *paths = json_set(m, "paths", json_array());
    for (uint32_t i = 0; i < ir->npaths; i++)
        if (ir->paths[i].named) json_push(paths, json_string(ir->paths[i].text));
    /* run-time ids 1..n of the paths the module knows from start-up: the
     * codec sends them as ids from the first call */
    Json *fixed = json_set(m, "staticPaths", json_array());
    for (uint32_t i = 0; i < k->wasm->nstatic_paths; i++) {
        const char *t = k->wasm->static_paths[i];
        json_push(fixed, t ? json_string(t) : json_null());
    }
    Json *groups = json_set(m, "groups", json_array());
    for (uint32_t i = 0; i < ir->ngroups; i++) {
        Json *g = json_push(groups, json_object());
        json_set_string(g, "name", ir->groups[i].name);
        json_set_bool(g, "enabled", !ir->groups[i].off);
    }
    Json *ls = json_set(m, "listeners", json_array());
    for (uint32_t i = 0; i < ir->nlisteners; i++) {
        const IrListener *l = &ir->listeners[i];
        Json *o = json_push(ls, json_object());
        json_set_string(o, "handler", l->handler);
        Json *topics = json_set(o, "topics", json_array());
        for (uint32_t t = 0; t < l->ntopics; t++) json_push(topics, json_string(pkg_pattern(k->a, ir, l->topics[t])));
        json_set_string(o, "scope", pkg_pattern(k->a, ir, l->scope));
    }
    json_set(m, "handlers", names_json(ir->handlers, ir->nhandlers));
    json_set(m, "validators", names_json(ir->external_validators, ir->nexternal_validators));
    json_set(m, "concerns", names_json(ir->external_concerns, ir->nexternal_concerns));
    /* fields: concern names per field pattern, in order of first appearance */
    Json *fields = json_set(m, "fields", json_array());
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        const IrConcern *ci = &ir->concerns[i];
        bool seen = false;
        for (uint32_t j = 0; j < i && !seen; j++) seen = ir->concerns[j].field == ci->field;
        if (seen) continue;
        Json *f = json_push(fields, json_object());
        json_set_string(f, "field", pkg_pattern(k->a, ir, ci->field));
        Json *names = json_set(f, "concerns", json_array());
        for (uint32_t j = i; j < ir->nconcerns; j++) {
            if (ir->concerns[j].field != ci->field) continue;
            bool dup = false;
            for (uint32_t q = i; q < j && !dup; q++)
                dup = ir->concerns[q].field == ci->field && strcmp(ir->concerns[q].name, ir->concerns[j].name) == 0;
            if (!dup) json_push(names, json_string(ir->concerns[j].name));
        }
    }
    /* tasks: by concern id (the TASK record's id); null for concerns computed in wasm */
    Json *tasks = json_set(m, "tasks", json_array());
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        const IrConcern *ci = &ir->concerns[i];
        if (ci->kind == IRC_EXTERNAL) {
            Json *t = json_push(tasks, json_object());
            json_set_string(t, "kind", "concern");
            json_set_string(t, "field", pkg_pattern(k->a, ir, ci->field));
            json_set_string(t, "name", ci->name);
            json_set_string(t, "fn", ci->external.fn);
        } else if (ci->kind == IRC_VALIDATION && ci->nvalidators) {
            Json *t = json_push(tasks, json_object());
            json_set_string(t, "kind", "validation");
            json_set_string(t, "field", pkg_pattern(k->a, ir, ci->field));
            Json *vs = json_set(t, "validators", json_array());
            for (uint32_t v = 0; v < ci->nvalidators; v++) {
                Json *o = json_push(vs, json_object());
                json_set_string(o, "fn", ci->validators[v].fn);
                json_set_number(o, "n", ci->validators[v].npaths);
            }
        } else {
            json_push(tasks, json_null());
        }
    }
    return m;
}

/* ---- the entries ---------------------------------------------------------------- */

static const char *entry(Pkg *k, const PkgOptions *opts, const WasmModule *wasm, const char *manifest, bool cjs)
{
    StrBuf b = {0};
    Arena *a = k->a;
    if (cjs) strbuf_puts(a, &b, "'use strict'\n");
    strbuf_printf(
        a, &b,
        "// %s — generated by wpc %s from %s. Do not edit.\n"
        "// The glue modules below come from wpc (its runtime/js/); README.md and index.d.ts describe the API.\n\n",
        k->name, WPC_VERSION, k->source);
    strbuf_printf(a, &b, "const manifest = %s\n", manifest);
    bool ok = true;
    if (opts->wasm_file) {
        strbuf_printf(a, &b, "const wasmFile = %s\n", pkg_quote(a, arena_printf(a, "./%s.wasm", k->stem)));
    } else {
        strbuf_puts(a, &b, "const wasmBase64 = '");
        base64(a, &b, wasm ? wasm->bytes : NULL, wasm ? wasm->len : 0);
        strbuf_puts(a, &b, "'\n");
        ok = append_module(k, &b, "base64.js");
    }
    ok = ok && append_module(k, &b, "codec.js") && append_module(k, &b, "route_cache.js") &&
         append_module(k, &b, "reads_state.js") && append_module(k, &b, "pipeline.js");
    const char *source = !opts->wasm_file ? "source_inline.js" : cjs ? "source_file_cjs.js" : "source_file_esm.js";
    ok = ok && append_module(k, &b, source) && append_module(k, &b, "entry.js");
    if (!ok) return NULL;
    strbuf_puts(a, &b,
                cjs ? "\nmodule.exports = { createPipeline, createPipelineAsync, rules }\n"
                    : "\nexport { createPipeline, createPipelineAsync, rules }\n");
    return strbuf_cstr(a, &b);
}

static const char *package_json(Pkg *k, const PkgOptions *opts)
{
    Json *p = json_object();
    json_set_string(p, "name", k->name);
    json_set_string(p, "version", opts->version ? opts->version : "0.0.0");
    json_set_string(p, "description",
                    opts->description ? opts->description
                                      : arena_printf(k->a, "Rules compiled from %s by wpc %s", k->source, WPC_VERSION));
    if (opts->license) json_set_string(p, "license", opts->license);
    json_set_string(p, "type", "module");
    json_set_string(p, "main", "./index.cjs");
    json_set_string(p, "types", "./index.d.ts");
    Json *exports = json_set(p, "exports", json_object());
    Json *exp = json_set(exports, ".", json_object());
    json_set_string(exp, "types", "./index.d.ts");
    json_set_string(exp, "import", "./index.js");
    json_set_string(exp, "require", "./index.cjs");
    for (int i = 0; i < PKG_NSUBPATHS; i++) { /* ./react, ./valtio (pkg_react.c) */
        const char *n = pkg_subpaths[i].name;
        Json *sub = json_set(exports, arena_printf(k->a, "./%s", n), json_object());
        json_set_string(sub, "types", arena_printf(k->a, "./%s.d.ts", n));
        json_set_string(sub, "import", arena_printf(k->a, "./%s.js", n));
        json_set_string(sub, "require", arena_printf(k->a, "./%s.cjs", n));
    }
    Json *files = json_set(p, "files", json_array());
    json_push(files, json_string("index.js"));
    json_push(files, json_string("index.cjs"));
    json_push(files, json_string("index.d.ts"));
    for (int i = 0; i < PKG_NSUBPATHS; i++) {
        const char *n = pkg_subpaths[i].name;
        json_push(files, json_string(arena_printf(k->a, "%s.js", n)));
        json_push(files, json_string(arena_printf(k->a, "%s.cjs", n)));
        json_push(files, json_string(arena_printf(k->a, "%s.d.ts", n)));
    }
    json_push(files, json_string("README.md"));
    if (opts->wasm_file) json_push(files, json_string(arena_printf(k->a, "%s.wasm", k->stem)));
    json_set_bool(p, "sideEffects", false);
    /* only the subpaths import them, and an app uses one or none */
    Json *peers = json_set(p, "peerDependencies", json_object());
    Json *meta = json_set(p, "peerDependenciesMeta", json_object());
    for (int i = 0; i < PKG_NSUBPATHS; i++) {
        json_set_string(peers, pkg_subpaths[i].peer, pkg_subpaths[i].range);
        json_set_bool(json_set(meta, pkg_subpaths[i].peer, json_object()), "optional", true);
    }
    json_set_string(json_set(p, "engines", json_object()), "node", ">=18");
    const char *s = json_print(k->a, p, true);
    json_free(p);
    return arena_printf(k->a, "%s\n", s);
}

/* ---- README.md ------------------------------------------------------------------ */

static void list_names(Arena *a, StrBuf *b, const char *title, const char *const *names, uint32_t n)
{
    if (!n) return;
    strbuf_printf(a, b, "\n## %s\n\n", title);
    for (uint32_t i = 0; i < n; i++) strbuf_printf(a, b, "- `%s`\n", names[i]);
}

static const char *readme(Pkg *k, const PkgOptions *opts)
{
    const IrProgram *ir = k->ir;
    Arena *a = k->a;
    StrBuf b = {0};
    strbuf_printf(a, &b,
                  "# %s\n\n"
                  "Generated by wpc %s from `%s`. Do not edit: rebuild it with `wpc build %s -o DIR`.\n\n"
                  "```js\n"
                  "import { createPipeline } from '%s'\n\n"
                  "const p = createPipeline(initialState, { listeners, validators, concerns })\n"
                  "p.apply([['some.path', 'value']])   // → every change that took effect\n"
                  "```\n\n"
                  "ESM (`index.js`), CommonJS (`index.cjs`) and types (`index.d.ts`); no dependencies; "
                  "Node.js ≥ 18 and browsers. The WebAssembly module is %s.\n\n"
                  "React (≥ 18): `import { createStore, useField } from '%s/react'`; valtio (≥ 2): "
                  "`import { createProxies } from '%s/valtio'` (optional peer dependencies).\n",
                  k->name, WPC_VERSION, k->source, k->source, k->name,
                  opts->wasm_file ? arena_printf(a, "`%s.wasm`, beside the JS", k->stem) : "inlined in the JS (base64)",
                  k->name, k->name);
    /* Whether this version of wpc puts each kind into the module
     * (codegen_compiles); the others are checked and in the IR only. */
    strbuf_puts(a, &b, "\n## Rules\n\n| kind | count | in this module |\n|---|---|---|\n");
    GenCensus census = codegen_census(ir);
    for (int kind = 0; kind < GEN_KIND_COUNT; kind++) {
        if (kind == GEN_GROUP_WHEN) continue; /* listed with the groups */
        strbuf_printf(a, &b, "| %s | %u | %s |\n", codegen_kind_plural((GenKind)kind), census.count[kind],
                      codegen_compiles((GenKind)kind) ? "yes" : "not yet (see wpc explain WP0701)");
    }
    if (ir->ngroups) {
        strbuf_puts(a, &b, "\n## Groups\n\n| group | at start |\n|---|---|\n");
        for (uint32_t i = 0; i < ir->ngroups; i++)
            strbuf_printf(a, &b, "| `%s` | %s%s |\n", ir->groups[i].name, ir->groups[i].off ? "disabled" : "enabled",
                          ir->groups[i].when == IR_NONE ? ""
                          : codegen_compiles(GEN_GROUP_WHEN)
                              ? ", and only while its `when` condition holds"
                              : " (its `when` condition is not evaluated yet: enable/disable alone decide)");
    }
    list_names(a, &b, "Listener handlers (`options.listeners`)", ir->handlers, ir->nhandlers);
    list_names(a, &b, "External validators (`options.validators`)", ir->external_validators, ir->nexternal_validators);
    list_names(a, &b, "External concerns (`options.concerns`)", ir->external_concerns, ir->nexternal_concerns);
    uint32_t named = 0;
    for (uint32_t i = 0; i < ir->npaths; i++) named += ir->paths[i].named;
    if (named) {
        strbuf_printf(a, &b, "\n## Paths named by the rules (%u)\n\n", named);
        for (uint32_t i = 0; i < ir->npaths; i++)
            if (ir->paths[i].named) strbuf_printf(a, &b, "- `%s`\n", ir->paths[i].text);
    }
    return strbuf_cstr(a, &b);
}

/* ---- pkg_write ---------------------------------------------------------------------- */

bool pkg_write(Compilation *c, const PkgOptions *opts, const WasmModule *wasm)
{
    Pkg k = {.c = c, .a = &c->arena, .ir = c->ir, .wasm = wasm};
    if (!k.ir) {
        c->io_error = "internal error: pkg_write needs the IR";
        return false;
    }
    const char *src = k.ir->source ? k.ir->source : "app.wp";
    k.source = base_name(src);
    k.stem = strip_ext(k.a, k.source, ".wp");
    k.name = opts->name && *opts->name ? opts->name : k.stem;
    k.stem = base_name(k.name); /* @scope/app → app.wasm */

    Json *mj = manifest_json(&k);
    const char *manifest = json_print(k.a, mj, true);
    json_free(mj);

    const char *esm = entry(&k, opts, wasm, manifest, false);
    const char *cjs = esm ? entry(&k, opts, wasm, manifest, true) : NULL;
    if (!cjs) return false;
    const char *dts = pkg_dts(c, k.name);
    const char *pj = package_json(&k, opts);
    const char *md = readme(&k, opts);
    PkgFile files[6 + 3 * PKG_NSUBPATHS] = {
        {"package.json", pj, strlen(pj)}, {"index.js", esm, strlen(esm)}, {"index.cjs", cjs, strlen(cjs)},
        {"index.d.ts", dts, strlen(dts)}, {"README.md", md, strlen(md)},
    };
    size_t nfiles = 5;
    for (int i = 0; i < PKG_NSUBPATHS; i++) {
        const char *n = pkg_subpaths[i].name;
        const char *sub_esm = pkg_subpath_entry(c, k.a, k.name, k.source, i, false);
        const char *sub_cjs = sub_esm ? pkg_subpath_entry(c, k.a, k.name, k.source, i, true) : NULL;
        if (!sub_cjs) return false;
        const char *sub_dts = pkg_subpath_dts(c, k.a, k.name, i);
        files[nfiles++] = (PkgFile){arena_printf(k.a, "%s.js", n), sub_esm, strlen(sub_esm)};
        files[nfiles++] = (PkgFile){arena_printf(k.a, "%s.cjs", n), sub_cjs, strlen(sub_cjs)};
        files[nfiles++] = (PkgFile){arena_printf(k.a, "%s.d.ts", n), sub_dts, strlen(sub_dts)};
    }
    if (opts->wasm_file)
        files[nfiles++] = (PkgFile){arena_printf(k.a, "%s.wasm", k.stem),
                                    wasm ? wasm->bytes : (const unsigned char *)"", wasm ? wasm->len : 0};
    return write_package(&k, opts->dir, files, nfiles);
}
