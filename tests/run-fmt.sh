#!/usr/bin/env bash
# run-fmt.sh WPC — end-to-end checks of `wpc fmt` (see docs/fmt.md).
#
#   1. goldens: `WPC fmt tests/fmt/X.in.wp` (and the same through stdin)
#      must equal tests/fmt/X.out.wp.  `UPDATE=1 tests/run-fmt.sh WPC`
#      rewrites the .out.wp files from the current output instead.
#   2. every .wp file of the repository (tracked and untracked, except
#      tests/diag where files are broken on purpose) that parses:
#      formatting is idempotent, and the formatted file lints with the same
#      exit status and the same diagnostic codes as the original.  The
#      formatted files are written to a mirror tree (all files formatted,
#      so relative imports resolve to formatted files too); the repository
#      is never written to.  AST preservation is checked by the C unit tests
#      (tests/unit/test_fmt.c), which can compare ast_dump output.
#
# Prints one line per failure and a final "N passed, M failed"; exits 1 on
# any failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/run-fmt.sh path/to/wpc" >&2
    exit 2
fi
case $1 in
    /*) WPC=$1 ;;
    *) WPC=$PWD/$1 ;;
esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    echo "FAIL: $*"
}

# ---- 1. goldens -------------------------------------------------------------
for in in tests/fmt/*.in.wp; do
    [ -e "$in" ] || continue
    out=${in%.in.wp}.out.wp
    if ! "$WPC" fmt --color=never "$in" >"$TMP/got" 2>"$TMP/err"; then
        fail "$in: wpc fmt failed"
        sed 's/^/    /' "$TMP/err"
        continue
    fi
    if ! "$WPC" fmt --color=never <"$in" >"$TMP/stdin" 2>/dev/null || ! cmp -s "$TMP/got" "$TMP/stdin"; then
        fail "$in: formatting stdin differs from formatting the file"
        continue
    fi
    if [ "${UPDATE:-}" = 1 ]; then
        cmp -s "$TMP/got" "$out" 2>/dev/null || { cp "$TMP/got" "$out"; echo "updated $out"; }
        pass
        continue
    fi
    if [ ! -f "$out" ]; then
        fail "$in: no $out (UPDATE=1 $0 $1 creates it)"
    elif diff -u "$out" "$TMP/got" >"$TMP/diff"; then
        pass
    else
        fail "$in: output differs from $out"
        sed 's/^/    /' "$TMP/diff"
    fi
done

# ---- 2. every .wp file of the repository -------------------------------------
list_wp() {
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files --cached --others --exclude-standard -- '*.wp'
    else
        find . -name '*.wp' -not -path './build/*' -not -path '*/node_modules/*' | sed 's|^\./||'
    fi
}

# Diagnostic codes of `wpc lint`, sorted, plus its exit status: line numbers
# move when a file is formatted, codes and their count must not.
lint_codes() {
    (cd "$(dirname "$1")" && "$WPC" lint --color=never "$(basename "$1")" 2>&1 >/dev/null)
    local status=$?
    echo "exit $status"
}

MIRROR=$TMP/mirror
mkdir -p "$MIRROR"
parsed=()
while IFS= read -r f; do
    case $f in tests/diag/*) continue ;; esac
    [ -f "$f" ] || continue
    mkdir -p "$MIRROR/$(dirname "$f")"
    if "$WPC" fmt --color=never "$f" >"$MIRROR/$f" 2>/dev/null; then
        parsed+=("$f")
    else
        cp "$f" "$MIRROR/$f"   # does not parse: not ours to check
    fi
done < <(list_wp | sort -u)

for f in ${parsed[@]+"${parsed[@]}"}; do
    if ! "$WPC" fmt --color=never "$MIRROR/$f" >"$TMP/again" 2>"$TMP/err"; then
        fail "$f: the formatted file does not parse"
        sed 's/^/    /' "$TMP/err"
        continue
    fi
    if ! diff -u "$MIRROR/$f" "$TMP/again" >"$TMP/diff"; then
        fail "$f: formatting is not idempotent"
        sed 's/^/    /' "$TMP/diff"
        continue
    fi
    lint_codes "$f" | grep -oE '^(error|warning|note)\[WP[0-9]+\]|^exit [0-9]+' | sort >"$TMP/before"
    lint_codes "$MIRROR/$f" | grep -oE '^(error|warning|note)\[WP[0-9]+\]|^exit [0-9]+' | sort >"$TMP/after"
    if ! diff -u "$TMP/before" "$TMP/after" >"$TMP/diff"; then
        fail "$f: lint diagnostics change after formatting"
        sed 's/^/    /' "$TMP/diff"
        continue
    fi
    pass
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
