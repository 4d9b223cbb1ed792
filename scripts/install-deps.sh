#!/usr/bin/env bash
# Installs, with apt-get, whatever wpc's build and tests need and this machine
# lacks. Idempotent: a tool or header that is already present is skipped, so
# a second run does nothing and needs no network.
set -euo pipefail

missing=()
need_pkg() {            # need_pkg PACKAGE TEST-COMMAND...
  local pkg=$1; shift
  if ! "$@" >/dev/null 2>&1; then missing+=("$pkg"); fi
}
have_file() { [ -e "$1" ]; }

need_pkg re2c                      command -v re2c
need_pkg lemon                     command -v lemon
need_pkg binaryen                  have_file /usr/include/binaryen-c.h
need_pkg libcjson-dev              have_file /usr/include/cjson/cJSON.h
need_pkg check                     have_file /usr/include/check.h
need_pkg pkg-config                command -v pkg-config
need_pkg clang                     command -v clang
need_pkg lld                       command -v wasm-ld
need_pkg wasi-libc                 have_file /usr/include/wasm32-wasi/stdlib.h
need_pkg libclang-rt-14-dev-wasm32 compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a"
# libFuzzer and the sanitizer runtimes for clang (tests/fuzz, make fuzz)
need_pkg libclang-rt-14-dev        compgen -G "/usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a"
need_pkg clang-format              command -v clang-format
need_pkg valgrind                  command -v valgrind
need_pkg nodejs                    command -v node
# the browser test of tests/web (driven by playwright-core; no browser download)
need_pkg chromium                  command -v chromium
# npm may come with a nodejs build that bundles it; only ask Debian when absent.
if command -v node >/dev/null 2>&1; then need_pkg npm command -v npm; fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The package suites (tests/pkg) type-check with the TypeScript pinned in
# tests/pkg/package-lock.json; install it once (needs npm and the registry).
pkg_tests=$(cd "$(dirname "$0")/.." && pwd)/tests/pkg
if [ -f "$pkg_tests/package-lock.json" ] && [ ! -x "$pkg_tests/node_modules/.bin/tsc" ] \
   && command -v npm >/dev/null 2>&1; then
  echo "install-deps: npm ci in tests/pkg (typescript)" >&2
  (cd "$pkg_tests" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || echo "install-deps: npm ci in tests/pkg failed; tests/pkg/types.test.mjs will fail" >&2
fi

# The grammar suite (tests/grammar) tokenizes with the vscode-textmate and
# vscode-oniguruma pinned in tests/grammar/package-lock.json; likewise.
grammar_tests=$(cd "$(dirname "$0")/.." && pwd)/tests/grammar
if [ -f "$grammar_tests/package-lock.json" ] \
   && { [ ! -f "$grammar_tests/node_modules/vscode-textmate/package.json" ] \
        || [ ! -f "$grammar_tests/node_modules/vscode-oniguruma/release/onig.wasm" ]; } \
   && command -v npm >/dev/null 2>&1; then
  echo "install-deps: npm ci in tests/grammar (vscode-textmate, vscode-oniguruma)" >&2
  (cd "$grammar_tests" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || echo "install-deps: npm ci in tests/grammar failed; make grammar-test will fail" >&2
fi

# The web suites (tests/web): React, React DOM, Testing Library, jsdom,
# valtio, TypeScript with @types/react, Vite and playwright-core, pinned in
# tests/web/package-lock.json; and the checkout page's own packages
# (examples/checkout/web/package-lock.json). playwright-core downloads no
# browser: the test drives the Debian chromium.
root=$(cd "$(dirname "$0")/.." && pwd)
for dir in "$root/tests/web" "$root/examples/checkout/web"; do
  if [ -f "$dir/package-lock.json" ] && [ ! -f "$dir/node_modules/.package-lock.json" -o "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ] \
     && command -v npm >/dev/null 2>&1; then
    echo "install-deps: npm ci in ${dir#$root/}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
      || echo "install-deps: npm ci in ${dir#$root/} failed; make web-test will fail" >&2
  fi
done
