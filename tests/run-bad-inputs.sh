#!/usr/bin/env bash
# run-bad-inputs.sh WPC — hostile inputs and outputs of the compiler: every
# row of the bad-input table of docs/cli.md ("Bad inputs") is a check here,
# with its exit status and the words of its diagnostic, plus what must not
# happen around it (a device or a symbolic link replaced, a partial
# package left behind, a crash).  Run by tests/run-corpus.sh.
#
# Prints one line per failure and a final "N passed, M failed"; exits 1 on
# any failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/run-bad-inputs.sh path/to/wpc" >&2
    exit 2
fi
case $1 in /*) WPC=$1 ;; *) WPC=$PWD/$1 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
APP=examples/checkout/checkout.wp      # builds, with warnings only
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() {
    echo "FAIL: $1"
    shift
    for l in "$@"; do printf '    %s\n' "$l"; done
    failed=$((failed + 1))
}

# run CMD...: stdout to $T/out (or to $OUT when set), stderr to $T/err.
run() {
    "$@" >"${OUT:-$T/out}" 2>"$T/err" </dev/null
    rc=$?
}

# expect TITLE RC REGEX: the last run exited RC and its stderr matches the
# extended regular expression (empty: stderr must be empty).
expect() {
    local title=$1 want=$2 re=$3
    if [ "$rc" -ne "$want" ]; then
        fail "$title: exit $rc, expected $want" "stderr: $(head -c 400 "$T/err")"
    elif [ -z "$re" ] && [ -s "$T/err" ]; then
        fail "$title: expected nothing on stderr" "stderr: $(head -c 400 "$T/err")"
    elif [ -n "$re" ] && ! grep -Eq -- "$re" "$T/err"; then
        fail "$title: stderr does not say /$re/" "stderr: $(head -c 400 "$T/err")"
    else
        pass
    fi
}

# holds TITLE CONDITION...: a test(1) condition about what the run left.
holds() {
    local title=$1
    shift
    if test "$@"; then pass; else fail "$title"; fi
}

# ---- standard output ---------------------------------------------------------

OUT=/dev/full run "$WPC" fmt "$APP"
expect "fmt to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" build --emit ir "$APP"
expect "build --emit ir to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" lint --format=json "$APP"
expect "lint --format=json to a full disk" 2 "cannot write to standard output: No space left on device"
OUT=/dev/full run "$WPC" explain --all --markdown
expect "explain --all to a full disk" 2 "cannot write to standard output: No space left on device"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
