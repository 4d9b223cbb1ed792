/* test_run.c — runs a test plan under node (test.h).
 *
 * One temporary directory per file tested (TMPDIR or /tmp,
 * wpc-test-XXXXXX) holds the package `wpc build` would write (pkg/), the
 * plan (plan.json) and the driver (driver.mjs, embedded in wpc as
 * wpc_test_driver); node runs the driver there, with its standard output
 * captured through a pipe and its standard error passed through.  The
 * directory is removed whatever happened. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "embedded.h"
#include "pkg.h"
#include "test.h"

static const char install_hint[] =
    "install Node.js 18 or later (apt-get install nodejs), or set WPC_NODE to the node binary";

static bool executable(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

const char *test_find_node(Arena *a, const char **error)
{
    const char *env = getenv("WPC_NODE");
    if (env && *env) {
        if (executable(env)) return env;
        *error = arena_printf(a, "WPC_NODE is '%s', which is not an executable file: %s", env, install_hint);
        return NULL;
    }
    const char *path = getenv("PATH");
    if (!path || !*path) path = "/usr/local/bin:/usr/bin:/bin";
    for (const char *p = path; *p;) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        const char *cand = n ? arena_printf(a, "%.*s/node", (int)n, p) : "./node";
        if (executable(cand)) return cand;
        p += n + (colon ? 1 : 0);
        if (!colon) break;
    }
    *error = arena_printf(a, "test: the tests run under Node.js, and there is no 'node' on PATH: %s", install_hint);
    return NULL;
}

static bool put(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Removes the files of `dir` (one level) and the directory. */
static void remove_flat(Arena *a, const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *e; (e = readdir(d)) != NULL;)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlink(arena_printf(a, "%s/%s", dir, e->d_name));
        closedir(d);
    }
    rmdir(dir);
}

/* Runs `node driver entry plan` and returns what it printed; NULL with
 * *error set when it could not run or did not exit 0. */
static const char *run_node(Arena *a, const char *node, char *const argv[], const char **error)
{
    int fds[2];
    if (pipe(fds) != 0) {
        *error = arena_printf(a, "cannot create a pipe: %s", strerror(errno));
        return NULL;
    }
    fflush(NULL);
    /* As system() does: a Ctrl-C stops node (same process group), and wpc
     * lives on to remove the temporary directory and say what happened. */
    struct sigaction ignore = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    pid_t pid = fork();
    if (pid < 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        close(fds[0]);
        close(fds[1]);
        *error = arena_printf(a, "cannot start '%s': %s", node, strerror(errno));
        return NULL;
    }
    if (pid == 0) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execv(node, argv);
        fprintf(stderr, "wpc: cannot run '%s': %s\n", node, strerror(errno));
        _exit(127);
    }
    close(fds[1]);
    StrBuf out = {0};
    char buf[65536];
    for (;;) {
        ssize_t n = read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        strbuf_putn(a, &out, buf, (size_t)n);
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (WIFSIGNALED(status)) {
        *error = arena_printf(a, "node was killed by signal %d while running the tests", WTERMSIG(status));
        return NULL;
    }
    if (WEXITSTATUS(status) == 127) {
        *error = arena_printf(a, "cannot run '%s': %s", node, install_hint);
        return NULL;
    }
    if (WEXITSTATUS(status) != 0) {
        *error = arena_printf(a, "node exited with status %d while running the tests (its messages are above)",
                              WEXITSTATUS(status));
        return NULL;
    }
    return strbuf_cstr(a, &out);
}

Json *test_run(Compilation *c, const WasmModule *wasm, const char *plan, const char *node, const char **error)
{
    Arena *a = &c->arena;
    const WpcEmbedded *driver = embedded_find(wpc_test_driver, "test_driver.mjs");
    if (!driver) {
        *error = "internal error: wpc was built without its test driver";
        return NULL;
    }
    const char *tmpdir = getenv("TMPDIR");
    if (!tmpdir || !*tmpdir) tmpdir = "/tmp";
    char *dir = arena_printf(a, "%s/wpc-test-XXXXXX", tmpdir);
    if (!mkdtemp(dir)) {
        *error = arena_printf(a, "cannot create a temporary directory in '%s': %s", tmpdir, strerror(errno));
        return NULL;
    }
    const char *pkg = arena_printf(a, "%s/pkg", dir);
    const char *driver_path = arena_printf(a, "%s/driver.mjs", dir);
    const char *plan_path = arena_printf(a, "%s/plan.json", dir);
    const char *entry = arena_printf(a, "%s/index.js", pkg);
    PkgOptions po = {.dir = pkg};
    Json *result = NULL;
    const char *text = NULL;
    if (!pkg_write(c, &po, wasm)) {
        *error = c->io_error ? c->io_error : "cannot write the package";
    } else if (!put(driver_path, driver->data, driver->len) || !put(plan_path, plan, strlen(plan))) {
        *error = arena_printf(a, "cannot write in '%s': %s", dir, strerror(errno));
    } else {
        char *argv[] = {(char *)node, (char *)driver_path, (char *)entry, (char *)plan_path, NULL};
        text = run_node(a, node, argv, error);
    }
    remove_flat(a, pkg);
    remove_flat(a, dir);
    if (!text) return NULL;
    size_t at = 0;
    result = json_parse(text, strlen(text), &at);
    if (!result || json_kind(json_member(result, "tests")) != JSON_ARRAY) {
        if (result) json_free(result);
        *error = "internal error: the test driver did not print a result";
        return NULL;
    }
    return result;
}
