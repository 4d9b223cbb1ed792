/* sem_imports.c — loading a program: the root file and every file it
 * imports, transitively (compile_load / compile_load_text of compile.h).
 *
 * Modules are loaded breadth-first: the root, then its imports in source
 * order, then theirs, so Compilation.modules (and every table sema builds
 * from it) has one defined order.  Each file is loaded once — disk files
 * are identified by realpath(), stdlib files by name — so import cycles are
 * harmless.
 *
 *   "./x.wp", "../dir/x.wp"  relative to the importing file's directory
 *   "std/NAME"               the embedded stdlib file NAME.wp (embedded.h),
 *                            shown as "std/NAME" in diagnostics
 *
 * Display names keep the user's spelling: the importer's directory joined
 * with the import string and normalised lexically (`a/./b/../c.wp` ->
 * `a/c.wp`), never made absolute, so output does not depend on where the
 * project lives. */
/* realpath() is XSI: ask for it explicitly (the build defines only POSIX). */
#define _XOPEN_SOURCE 700

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "compile.h"
#include "embedded.h"
#include "parse.h"
#include "sem_util.h"

typedef struct Loader {
    Compilation *c;
    PtrVec ids;           /* const char *: realpath or "std/NAME", per loaded module */
    const char *text_dir; /* root given as text: the directory its imports use ("" = cwd) */
} Loader;

/* ---- files ------------------------------------------------------------- */

/* Reads a whole file into the arena; NULL with errno set on failure, EFBIG
 * past SOURCE_MAX_BYTES (known from the size of a regular file before
 * reading; counted while reading anything else: an endless device stops). */
static char *read_file(Arena *a, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > SOURCE_MAX_BYTES) {
        fclose(f);
        errno = EFBIG;
        return NULL;
    }
    StrBuf b = {0};
    char chunk[8192];
    size_t n;
    errno = 0;
    int err = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > SOURCE_MAX_BYTES) {
            err = EFBIG;
            break;
        }
        strbuf_putn(a, &b, chunk, n);
    }
    if (!err && ferror(f)) err = errno ? errno : EIO; /* EISDIR for a directory */
    fclose(f);
    if (err) {
        errno = err;
        return NULL;
    }
    *len = b.len;
    return b.len ? b.data : arena_strdup(a, "");
}

/* strerror, with the reason of EFBIG spelled out. */
static const char *read_error(int err)
{
    return err == EFBIG ? "larger than 256 MiB, the most wpc reads" : strerror(err);
}

/* The directory part of a display name ("" for a bare file name). */
static const char *dir_of(Arena *a, const char *name)
{
    const char *slash = strrchr(name, '/');
    return slash ? arena_strndup(a, name, (size_t)(slash - name)) : "";
}

/* Joins dir and rel, then removes "." segments and "x/.." pairs. */
static const char *join_normalise(Arena *a, const char *dir, const char *rel)
{
    const char *joined = *dir ? arena_printf(a, "%s/%s", dir, rel) : rel;
    bool absolute = joined[0] == '/';
    PtrVec segs = {0};
    const char *p = joined;
    while (*p) {
        while (*p == '/') p++;
        const char *s = p;
        while (*p && *p != '/') p++;
        if (p == s) break;
        char *seg = arena_strndup(a, s, (size_t)(p - s));
        if (strcmp(seg, ".") == 0) continue;
        if (strcmp(seg, "..") == 0 && segs.len && strcmp(segs.items[segs.len - 1], "..") != 0) {
            segs.len--;
            continue;
        }
        if (strcmp(seg, "..") == 0 && absolute && !segs.len) continue;
        ptrvec_push(a, &segs, seg);
    }
    StrBuf b = {0};
    if (absolute) strbuf_putc(a, &b, '/');
    for (uint32_t i = 0; i < segs.len; i++) {
        if (i) strbuf_putc(a, &b, '/');
        strbuf_puts(a, &b, segs.items[i]);
    }
    return b.len ? strbuf_cstr(a, &b) : ".";
}

static bool loaded(const Loader *l, const char *id)
{
    for (uint32_t i = 0; i < l->ids.len; i++)
        if (strcmp(l->ids.items[i], id) == 0) return true;
    return false;
}

static void add_module(Loader *l, const char *id, const char *name, const char *path, const char *text, size_t len)
{
    Compilation *c = l->c;
    uint32_t file = source_add(&c->sources, name, path, text, len);
    Module *m = parse_module(&c->arena, &c->sources, file, &c->diags);
    if (!m) { /* parse_module never fails; stay safe anyway */
        m = ARENA_NEW(&c->arena, Module);
        m->file = file;
        m->had_errors = true;
    }
    ptrvec_push(&c->arena, &c->modules, m);
    ptrvec_push(&c->arena, &l->ids, (void *)arena_strdup(&c->arena, id));
}

/* ---- one import -------------------------------------------------------- */

static bool std_name_ok(const char *s)
{
    if (!*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_' ||
              *s == '-'))
            return false;
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n > k && strcmp(s + n - k, suffix) == 0;
}

static void load_std(Loader *l, const Item *it, const char *name)
{
    Compilation *c = l->c;
    const char *id = arena_printf(&c->arena, "std/%s", name);
    if (loaded(l, id)) return;
    const WpcEmbedded *e = embedded_find(wpc_stdlib, arena_printf(&c->arena, "%s.wp", name));
    if (!e) {
        StrBuf known = {0};
        for (const WpcEmbedded *k = wpc_stdlib; k->name; k++) {
            size_t n = strlen(k->name);
            strbuf_printf(&c->arena, &known, "%s\"std/%.*s\"", known.len ? ", " : "", (int)(n > 3 ? n - 3 : n),
                          k->name);
        }
        Diag *d = diag_add(&c->diags, D_IMPORT_UNKNOWN_STD, it->import_path_span,
                           "there is no standard library module '%s'%s%s", id, known.len ? "; available: " : "",
                           known.len ? strbuf_cstr(&c->arena, &known) : "");
        const char *best = NULL;
        uint32_t best_d = 3;
        for (const WpcEmbedded *k = wpc_stdlib; k->name; k++) {
            size_t n = strlen(k->name);
            const char *mod = arena_strndup(&c->arena, k->name, n > 3 ? n - 3 : n);
            uint32_t dist = sem_edit_distance(name, mod, 2);
            if (dist < best_d) {
                best_d = dist;
                best = mod;
            }
        }
        if (best) {
            const char *fix = arena_printf(&c->arena, "\"std/%s\"", best);
            diag_suggest(&c->diags, d, it->import_path_span, fix, "did you mean `%s`?", fix);
        }
        return;
    }
    add_module(l, id, id, NULL, (const char *)e->data, e->len);
}

/* "did you mean" for a missing import: the .wp file of the directory the
 * import names whose name is closest to the missing one. */
static void suggest_file(Compilation *c, Diag *d, const Item *it, const char *disk)
{
    const char *slash = strrchr(disk, '/');
    const char *dir = slash ? arena_strndup(&c->arena, disk, (size_t)(slash - disk)) : ".";
    const char *base = slash ? slash + 1 : disk;
    DIR *dp = opendir(*dir ? dir : "/");
    if (!dp) return;
    const char *best = NULL;
    uint32_t best_d = 3;
    for (struct dirent *e; (e = readdir(dp));) {
        if (!ends_with(e->d_name, ".wp") || strcmp(e->d_name, base) == 0) continue;
        uint32_t dist = sem_edit_distance(base, e->d_name, 2);
        /* equal distances: the first name in byte order, whatever readdir's order */
        if (dist < best_d || (dist == best_d && best && strcmp(e->d_name, best) < 0)) {
            best_d = dist;
            best = arena_strdup(&c->arena, e->d_name);
        }
    }
    closedir(dp);
    if (!best) return;
    const char *imp = it->import_path;
    const char *imp_slash = strrchr(imp, '/');
    const char *fix = arena_printf(&c->arena, "\"%.*s%s\"", (int)(imp_slash - imp + 1), imp, best);
    diag_suggest(&c->diags, d, it->import_path_span, fix, "did you mean `%s`?", fix);
}

static void load_import(Loader *l, uint32_t module, const SourceFile *importer, const Item *it)
{
    Compilation *c = l->c;
    const char *imp = it->import_path ? it->import_path : "";
    bool relative = strncmp(imp, "./", 2) == 0 || strncmp(imp, "../", 3) == 0;
    if (strncmp(imp, "std/", 4) == 0) {
        if (!std_name_ok(imp + 4)) {
            Diag *d = diag_add(&c->diags, D_IMPORT_BAD_PATH, it->import_path_span,
                               "'%s' is not a standard library module name; write \"std/NAME\" "
                               "without an extension",
                               imp);
            if (ends_with(imp, ".wp") && std_name_ok(arena_strndup(&c->arena, imp + 4, strlen(imp) - 7))) {
                const char *fix = arena_printf(&c->arena, "\"%.*s\"", (int)(strlen(imp) - 3), imp);
                diag_suggest(&c->diags, d, it->import_path_span, fix, "write `%s`", fix);
            }
            return;
        }
        load_std(l, it, imp + 4);
        return;
    }
    if (!relative || !ends_with(imp, ".wp")) {
        Diag *d = diag_add(&c->diags, D_IMPORT_BAD_PATH, it->import_path_span,
                           "import paths start with \"./\", \"../\" or \"std/\", and files end in .wp; "
                           "got \"%s\"",
                           imp);
        if (*imp && imp[0] != '/') {
            const char *fix =
                arena_printf(&c->arena, "\"%s%s%s\"", relative ? "" : "./", imp, ends_with(imp, ".wp") ? "" : ".wp");
            diag_suggest(&c->diags, d, it->import_path_span, fix, "for a file next to this one, write `%s`", fix);
        }
        return;
    }
    /* A stdlib file importing "./x.wp" means its sibling std/x. */
    if (!importer->path && strncmp(importer->name, "std/", 4) == 0 && strncmp(imp, "./", 2) == 0) {
        const char *base = arena_strndup(&c->arena, imp + 2, strlen(imp) - 5);
        if (std_name_ok(base)) {
            load_std(l, it, base);
            return;
        }
    }

    /* Disk path: the importer's directory (as opened) joined with the
     * import; display name: the same, from the importer's display name.
     * A root given as text uses the directory compile_load_text got. */
    bool text_root = module == 0 && l->text_dir;
    const char *open_dir = text_root ? l->text_dir : importer->path ? dir_of(&c->arena, importer->path) : "";
    const char *shown_dir = text_root ? l->text_dir : dir_of(&c->arena, importer->name);
    const char *disk = *open_dir ? arena_printf(&c->arena, "%s/%s", open_dir, imp) : imp;
    const char *name = join_normalise(&c->arena, shown_dir, imp);

    char real[PATH_MAX];
    if (!realpath(disk, real)) {
        int err = errno;
        Diag *d =
            diag_add(&c->diags, D_IMPORT_NOT_FOUND, it->import_path_span, "cannot read '%s': %s", name, strerror(err));
        if (err == ENOENT) suggest_file(c, d, it, disk);
        return;
    }
    if (loaded(l, real)) return;
    /* Only regular files: a FIFO would block the compiler until someone
     * writes to it, a device could never end. */
    struct stat st;
    if (stat(real, &st) == 0 && !S_ISREG(st.st_mode)) {
        diag_add(&c->diags, D_IMPORT_NOT_FOUND, it->import_path_span,
                 "cannot import '%s': it is %s, not a regular file", name,
                 S_ISDIR(st.st_mode)                          ? "a directory"
                 : S_ISFIFO(st.st_mode)                       ? "a FIFO"
                 : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                              : "a special file");
        return;
    }
    size_t len = 0;
    char *text = read_file(&c->arena, disk, &len);
    if (!text) {
        int err = errno;
        diag_add(&c->diags, D_IMPORT_NOT_FOUND, it->import_path_span, "cannot read '%s': %s", name, read_error(err));
        return;
    }
    add_module(l, real, name, disk, text, len);
}

/* Breadth-first over the modules, imports in source order. */
static void load_imports(Loader *l)
{
    Compilation *c = l->c;
    for (uint32_t m = 0; m < c->modules.len; m++) {
        const Module *mod = c->modules.items[m];
        const SourceFile *f = source_file(&c->sources, mod->file);
        for (uint32_t i = 0; i < mod->items.len; i++) {
            const Item *it = mod->items.items[i];
            if (it && it->kind == ITEM_IMPORT) load_import(l, m, f, it);
        }
    }
}

/* ---- entry points ------------------------------------------------------- */

LoadResult compile_load(Compilation *c, const char *path)
{
    size_t len = 0;
    char *text = read_file(&c->arena, path, &len);
    if (!text) {
        c->io_error = arena_printf(&c->arena, "cannot read '%s': %s", path, read_error(errno));
        return LOAD_IO_ERROR;
    }
    Loader l = {c, {0}, NULL};
    char real[PATH_MAX];
    const char *id = realpath(path, real) ? real : path;
    add_module(&l, id, path, path, text, len);
    load_imports(&l);
    return LOAD_OK;
}

LoadResult compile_load_text(Compilation *c, const char *name, const char *dir, const char *text, size_t len)
{
    Loader l = {c, {0}, dir ? dir : ""};
    /* No file identifies the root: a file importing it by path loads it
     * again as a separate module. */
    add_module(&l, arena_printf(&c->arena, "<text>%s", name), name, NULL, text, len);
    load_imports(&l);
    return LOAD_OK;
}
