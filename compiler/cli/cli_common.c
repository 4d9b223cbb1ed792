/* cli_common.c — options, diagnostics output and file I/O shared by the
 * commands (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "version.h"

void common_options_init(CommonOptions *o)
{
    o->format = FORMAT_TEXT;
    o->color = COLOR_AUTO;
    o->fail_level = LEVEL_ERROR;
    o->max_diagnostics = MAX_DIAGNOSTICS_DEFAULT;
}

/* Accepts both "--opt=value" and "--opt value". */
static const char *option_value(const char *name, int argc, char **argv, int *i)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];
    if (strncmp(arg, name, n) != 0) return NULL;
    if (arg[n] == '=') return arg + n + 1;
    if (arg[n] == '\0') {
        if (*i + 1 >= argc) return "";
        return argv[++*i];
    }
    return NULL;
}

/* The common options that take one of a few words, and the value each
 * word stands for; set_choice stores it. */
enum { CHOICE_FORMAT, CHOICE_COLOR, CHOICE_FAIL_LEVEL, CHOICE_COUNT };
static const struct {
    const char *option, *list; /* the list as the usage error spells it */
    const char *names[3];      /* NULL after the last */
    int values[3];
} choices[CHOICE_COUNT] = {
    [CHOICE_FORMAT] = {"--format",
                       "text, json or sarif",
                       {"text", "json", "sarif"},
                       {FORMAT_TEXT, FORMAT_JSON, FORMAT_SARIF}},
    [CHOICE_COLOR] = {"--color",
                      "auto, always or never",
                      {"auto", "always", "never"},
                      {COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER}},
    [CHOICE_FAIL_LEVEL] = {"--fail-level", "error or warning", {"error", "warning"}, {LEVEL_ERROR, LEVEL_WARNING}},
};

static void set_choice(CommonOptions *o, int which, int value)
{
    if (which == CHOICE_FORMAT)
        o->format = (DiagFormat)value;
    else if (which == CHOICE_COLOR)
        o->color = (ColorMode)value;
    else
        o->fail_level = (DiagLevel)value;
}

/* 1 after storing the value of choice option `which`, -1 after the usage
 * error "<option> must be <list>, not 'v'". */
static int take_choice(CommonOptions *o, int which, const char *v)
{
    for (int k = 0; k < 3 && choices[which].names[k]; k++)
        if (strcmp(v, choices[which].names[k]) == 0) {
            set_choice(o, which, choices[which].values[k]);
            return 1;
        }
    usage_error("%s must be %s, not '%s'", choices[which].option, choices[which].list, v);
    return -1;
}

int common_option(CommonOptions *o, int argc, char **argv, int *i)
{
    const char *v;
    for (int which = 0; which < CHOICE_COUNT; which++)
        if ((v = option_value(choices[which].option, argc, argv, i))) return take_choice(o, which, v);
    if ((v = option_value("--max-diagnostics", argc, argv, i))) {
        char *end;
        errno = 0;
        unsigned long n = strtoul(v, &end, 10);
        if (!*v || *end || *v == '-' || errno || n > UINT32_MAX) {
            usage_error("--max-diagnostics must be a whole number (0: no limit), not '%s'", v);
            return -1;
        }
        o->max_diagnostics = (uint32_t)n;
        return 1;
    }
    return 0;
}

ArgKind common_arg(CommonOptions *o, int argc, char **argv, int *i, const char *help)
{
    if (help_option(argv[*i], help)) return ARG_HELP;
    int r = common_option(o, argc, argv, i);
    return r < 0 ? ARG_BAD : r > 0 ? ARG_TAKEN : ARG_OWN;
}

int take_input(const char *cmd, const char *arg, const char **file, const char *one)
{
    if (arg[0] == '-' && arg[1]) return usage_error("%s: unknown option '%s'", cmd, arg);
    if (*file) return usage_error("%s: %s", cmd, one);
    *file = arg;
    return EXIT_OK;
}

int file_args(const char *cmd, int argc, char **argv, const char *help, CommonOptions *o, OwnOption own, void *ctx,
              FileArgs *out)
{
    *out = (FileArgs){calloc((size_t)argc + 1, sizeof *out->files), 0, false};
    if (!out->files) {
        fputs("wpc: out of memory\n", stderr);
        return EXIT_INTERNAL;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((out->help = help_option(a, help))) return EXIT_OK;
        int r = own(ctx, argc, argv, &i);
        if (r == 0) r = common_option(o, argc, argv, &i);
        if (r < 0) return EXIT_USAGE;
        if (r > 0) continue;
        if (a[0] == '-' && a[1]) return usage_error("%s: unknown option '%s'", cmd, a);
        out->files[out->n++] = a;
    }
    return EXIT_OK;
}

bool help_option(const char *arg, const char *help)
{
    if (strcmp(arg, "-h") != 0 && strcmp(arg, "--help") != 0) return false;
    fputs(help, stdout);
    return true;
}

static bool use_color(ColorMode mode)
{
    if (mode == COLOR_ALWAYS) return true;
    if (mode == COLOR_NEVER) return false;
    const char *term = getenv("TERM");
    if (getenv("NO_COLOR") && *getenv("NO_COLOR")) return false;
    return isatty(STDERR_FILENO) && term && strcmp(term, "dumb") != 0;
}

static int stdout_errno;

void out_write(const void *data, size_t n)
{
    if (fwrite(data, 1, n, stdout) != n && !stdout_errno) stdout_errno = errno ? errno : EIO;
}

const char *stdout_error(void)
{
    errno = 0;
    if (fflush(stdout) != 0 && !stdout_errno) stdout_errno = errno ? errno : EIO;
    if (!stdout_errno && ferror(stdout)) stdout_errno = EIO;
    return stdout_errno ? strerror(stdout_errno) : "";
}

static void file_write(void *ctx, const char *s, size_t n)
{
    if ((FILE *)ctx == stdout)
        out_write(s, n);
    else
        fwrite(s, 1, n, (FILE *)ctx);
}

int report_diagnostics(Compilation *c, const CommonOptions *o)
{
    diag_sort(&c->diags);
    RenderOptions ro = {o->format, use_color(o->color), WPC_VERSION, o->max_diagnostics};
    diag_render_to(&c->diags, &ro, file_write, o->format == FORMAT_TEXT ? stderr : stdout);
    bool fail = c->diags.nerrors > 0 || (o->fail_level == LEVEL_WARNING && c->diags.nwarnings > 0);
    return fail ? EXIT_DIAGNOSTICS : EXIT_OK;
}

int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("wpc: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_USAGE;
}

int read_failed(const char *path)
{
    return usage_error("cannot read '%s': %s", path,
                       errno == EFBIG ? "larger than 256 MiB, the most wpc reads" : strerror(errno));
}

char *read_file(Arena *a, const char *path, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) return NULL;
    struct stat st;
    int err = 0;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && (uintmax_t)st.st_size > SOURCE_MAX_BYTES) err = EFBIG;
    StrBuf buf = {0};
    static char chunk[65536];
    size_t n;
    errno = 0;
    while (!err && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (buf.len + n > SOURCE_MAX_BYTES)
            err = EFBIG;
        else
            strbuf_putn(a, &buf, chunk, n);
    }
    if (!err && ferror(f)) err = errno ? errno : EIO; /* EISDIR for a directory */
    if (f != stdin) fclose(f);
    if (err) {
        errno = err;
        return NULL;
    }
    *len = buf.len;
    return buf.len ? buf.data : arena_strdup(a, "");
}

/* What a non-regular file is, for the message that refuses it. */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m)) return "a directory";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISSOCK(m)) return "a socket";
    return "not a regular file";
}

static char write_error[4096];

static const char *fail_write(const char *path, const char *why)
{
    snprintf(write_error, sizeof write_error, "cannot write '%s': %s", path, why);
    return write_error;
}

/* The file a write to `path` lands in: `path` itself, or the end of its
 * chain of symbolic links (relative links resolved against the link's
 * directory).  *st gets that file's lstat, *exists whether there is one. */
static char *resolve_links(const char *path, struct stat *st, bool *exists, int *err)
{
    char *cur = strdup(path);
    for (int hops = 0; cur; hops++) {
        if (lstat(cur, st) != 0) {
            *err = errno;
            *exists = false;
            if (errno == ENOENT) return cur;
            free(cur);
            return NULL;
        }
        *exists = true;
        if (!S_ISLNK(st->st_mode)) return cur;
        if (hops == 40) {
            *err = ELOOP;
            free(cur);
            return NULL;
        }
        char link[4096];
        ssize_t n = readlink(cur, link, sizeof link - 1);
        if (n < 0) {
            *err = errno;
            free(cur);
            return NULL;
        }
        link[n] = 0;
        const char *slash = strrchr(cur, '/');
        char *next;
        if (link[0] == '/' || !slash) {
            next = strdup(link);
        } else {
            size_t dir = (size_t)(slash - cur) + 1;
            next = malloc(dir + (size_t)n + 1);
            if (next) {
                memcpy(next, cur, dir);
                memcpy(next + dir, link, (size_t)n + 1);
            }
        }
        free(cur);
        cur = next;
    }
    *err = ENOMEM;
    return NULL;
}

const char *write_file(const char *path, const char *data, size_t len)
{
    struct stat st;
    bool exists;
    int err = 0;
    char *target = resolve_links(path, &st, &exists, &err);
    if (!target) return fail_write(path, strerror(err));
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device, a FIFO, a directory: renaming over it would replace it */
        char why[128];
        snprintf(why, sizeof why,
                 "it is %s; wpc writes only regular files (or through a "
                 "symbolic link to one)",
                 file_kind(st.st_mode));
        free(target);
        return fail_write(path, why);
    }
    /* A temporary file beside the target, with a name no one else holds
     * (mkstemp), renamed over it once complete: readers see the old file or
     * the new one, never half of it. */
    size_t tlen = strlen(target);
    char *tmp = malloc(tlen + 16);
    if (!tmp) {
        free(target);
        return fail_write(path, strerror(ENOMEM));
    }
    memcpy(tmp, target, tlen);
    memcpy(tmp + tlen, ".wpctmp-XXXXXX", 15);
    int fd = mkstemp(tmp);
    const char *msg = NULL;
    if (fd < 0) {
        msg = fail_write(path, strerror(errno));
    } else {
        mode_t mask = umask(0);
        umask(mask);
        mode_t mode = exists ? (st.st_mode & 07777) : (0666 & ~mask);
        size_t done = 0;
        bool ok = fchmod(fd, mode) == 0;
        while (ok && done < len) {
            ssize_t n = write(fd, data + done, len - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                ok = false;
            else
                done += (size_t)n;
        }
        if (ok && fsync(fd) != 0) ok = false;
        int saved = errno;
        if (close(fd) != 0 && ok) {
            ok = false;
            saved = errno;
        }
        if (ok && rename(tmp, target) != 0) {
            ok = false;
            saved = errno;
        }
        if (!ok) {
            unlink(tmp); /* after errno is kept: unlink sets it */
            msg = fail_write(path, strerror(saved));
        }
    }
    free(tmp);
    free(target);
    return msg;
}
