/* pkg.h — the npm package around a compiled module (docs/package.md).
 *
 *   DIR/package.json  name, "type": "module", exports (import, require, types), no dependencies
 *   DIR/index.js      ESM entry        DIR/index.cjs   CommonJS entry
 *   DIR/index.d.ts    State, Path, Change, handler/validator/concern names
 *   DIR/README.md     what the rules file declares
 *   DIR/<name>.wasm   only with --wasm-file; otherwise the module is inlined (base64)
 *
 * The JS glue is hand-written (runtime/js/), embedded in wpc and assembled
 * per app with a generated manifest (paths, groups, listeners, names). */
#ifndef WPC_PKG_H
#define WPC_PKG_H

#include <stdbool.h>

#include "codegen.h"
#include "compile.h"

typedef struct PkgOptions {
    const char *dir;  /* output directory (created) */
    const char *name; /* package name; NULL: the .wp file's base name */
    bool wasm_file;   /* write the module beside the JS instead of inlining it */
    /* package.json fields; NULL: the defaults ("0.0.0", no license, a
     * description naming the .wp file) */
    const char *version; /* must pass pkg_version_valid */
    const char *license;
    const char *description;
} PkgOptions;

/* Is `v` a semantic version (semver.org 2.0.0: MAJOR.MINOR.PATCH, no
 * leading zeros, optional -pre.release and +build), as npm requires? */
bool pkg_version_valid(const char *v);

/* Writes the package; false with c->io_error set on an I/O failure. */
bool pkg_write(Compilation *c, const PkgOptions *opts, const WasmModule *wasm);

#endif
