#!/usr/bin/env bash
# run-pkg.sh WPC — the package suites (tests/pkg/*.test.mjs, node --test):
# each builds its fixtures (tests/pkg/fixtures/*.wp) with `WPC build … -o DIR`
# and drives the compiled npm package through its JavaScript API.
# types.test.mjs needs tests/pkg/node_modules/.bin/tsc (scripts/install-deps.sh).
# Exits non-zero when a test fails.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/run-pkg.sh path/to/wpc" >&2
    exit 2
fi
case $1 in /*) WPC=$1 ;; *) WPC=$PWD/$1 ;; esac
export WPC
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

if ! command -v node >/dev/null 2>&1; then
    echo "run-pkg.sh: node (20 or later) is needed" >&2
    exit 1
fi
if [ ! -x "$WPC" ]; then
    echo "run-pkg.sh: $WPC is not an executable" >&2
    exit 2
fi

exec node --test tests/pkg/
