#!/usr/bin/env bash
# run-wp-test-cmd.sh WPC — the `wpc test` command (docs/cli.md, docs/testing.md):
#
#   - its output for the fixtures of tests/wptest/ (stdout, stderr and the
#     exit status) against the goldens in tests/wptest/expected/: passing
#     tests, every kind of failure with file:line, expected and actual, the
#     json and junit formats, --filter, a file that does not build (exit 2,
#     diagnostics as `wpc build` prints them), a missing node (WPC_NODE, PATH);
#   - that no temporary directory is left behind;
#   - that the tests of examples/checkout/checkout.wp check what they say:
#     with every `expect` negated (== and !=, contain and not contain), each
#     expect fails on its own line.
#
# UPDATE=1 rewrites the goldens.  Prints one line per failure and a final
# "N passed, M failed"; exits 1 on any failure.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/run-wp-test-cmd.sh path/to/wpc" >&2
    exit 2
fi
case $1 in /*) WPC=$1 ;; *) WPC=$PWD/$1 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$ROOT/tests/wptest
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/tmp" "$DIR/expected"
export TMPDIR=$T/tmp
passed=0
failed=0

fail() {
    echo "FAIL: $1"
    shift
    for l in "$@"; do printf '    %s\n' "$l"; done
    failed=$((failed + 1))
}

# golden NAME RC CMD...: runs CMD in tests/wptest; its stdout, stderr and
# status must be expected/NAME.stdout, expected/NAME.stderr and RC.  With
# ERR_AS="CMD2", stderr must be what CMD2 prints there instead (the
# diagnostics of a file that does not build are `wpc build`'s).
golden() {
    local name=$1 want=$2
    shift 2
    (cd "$DIR" && "$@" >"$T/out" 2>"$T/err" </dev/null)
    local rc=$?
    local err=$DIR/expected/$name.stderr
    if [ -n "${ERR_AS:-}" ]; then
        err=$T/err-as
        (cd "$DIR" && $ERR_AS >/dev/null 2>"$err" </dev/null)
    fi
    if [ -n "${UPDATE:-}" ]; then
        cp "$T/out" "$DIR/expected/$name.stdout"
        [ -n "${ERR_AS:-}" ] || cp "$T/err" "$err"
    fi
    local bad=()
    [ "$rc" = "$want" ] || bad+=("exit $rc, expected $want")
    diff -u "$DIR/expected/$name.stdout" "$T/out" >"$T/diff" || bad+=("stdout differs:" "$(cat "$T/diff")")
    diff -u "$err" "$T/err" >"$T/diff" || bad+=("stderr differs:" "$(cat "$T/diff")")
    if [ ${#bad[@]} = 0 ]; then passed=$((passed + 1)); else fail "$name: $*" "${bad[@]}"; fi
}

golden pass 0 "$WPC" test pass.wp
golden fail 1 "$WPC" test fail.wp
golden fail-json 1 "$WPC" test --format json fail.wp
golden fail-junit 1 "$WPC" test --format=junit fail.wp pass.wp
golden filter 1 "$WPC" test fail.wp pass.wp --filter wrong
golden filter-pass 0 "$WPC" test --filter=email pass.wp fail.wp
golden filter-none 0 "$WPC" test --filter nothing-is-called-this pass.wp
ERR_AS="$WPC build broken.wp -o $T/pkg" golden broken 2 "$WPC" test broken.wp pass.wp
ERR_AS="$WPC build broken.wp -o $T/pkg" golden broken-junit 2 "$WPC" test --format junit broken.wp
golden no-node-env 2 env WPC_NODE=/nonexistent "$WPC" test pass.wp
golden no-node-path 2 env PATH=/nonexistent "$WPC" test pass.wp
golden bad-format 2 "$WPC" test --format xml pass.wp
golden no-file 2 "$WPC" test

# A node that fails, is killed, or prints no result: exit 2, a message, and
# the temporary directory removed all the same (checked below).
mkdir -p "$T/fake"
printf '#!/bin/sh\nexit 1\n' >"$T/fake/fails"
printf '#!/bin/sh\nkill -INT $$\nsleep 5\n' >"$T/fake/killed"
printf '#!/bin/sh\necho not json\n' >"$T/fake/garbage"
chmod +x "$T/fake/"*
golden node-fails 2 env WPC_NODE="$T/fake/fails" "$WPC" test pass.wp
golden node-killed 2 env WPC_NODE="$T/fake/killed" "$WPC" test pass.wp
golden node-garbage 2 env WPC_NODE="$T/fake/garbage" "$WPC" test pass.wp

# WPC_NODE naming a real node is used.
(cd "$DIR" && WPC_NODE=$(command -v node) "$WPC" test pass.wp >"$T/out" 2>&1)
if [ $? = 0 ] && grep -q '^3 passed, 0 failed$' "$T/out"; then passed=$((passed + 1)); else
    fail "WPC_NODE=\$(command -v node) runs the tests" "$(cat "$T/out")"; fi

# Every run above removed its temporary directory.
left=$(ls -A "$T/tmp")
if [ -z "$left" ]; then passed=$((passed + 1)); else fail "temporary files left in TMPDIR" "$left"; fi

# The checkout example with every expect negated: each one fails, on its line.
mkdir -p "$T/neg"
cp "$ROOT/examples/checkout/shared.wp" "$T/neg/"
sed -E '/^ *expect /{
  s/ not contain / contain /; t
  s/ contain / not contain /; t
  s/ == / != /; t
  s/ != / == /
}' "$ROOT/examples/checkout/checkout.wp" >"$T/neg/checkout.wp"
want=$(grep -nE '^ *expect ' "$T/neg/checkout.wp" | cut -d: -f1 | sort -n | tr '\n' ' ')
ntests=$(grep -cE '^test ' "$T/neg/checkout.wp")
(cd "$T/neg" && "$WPC" test checkout.wp >"$T/out" 2>"$T/err")
rc=$?
got=$(grep -oE '^      checkout\.wp:[0-9]+:' "$T/out" | grep -oE '[0-9]+' | sort -n | tr '\n' ' ')
if [ $rc = 1 ] && [ "$got" = "$want" ] && grep -q "^0 passed, $ntests failed$" "$T/out"; then
    passed=$((passed + 1))
else
    fail "checkout.wp with every expect negated: each expect fails (exit $rc)" "failing lines: $got" \
        "expect lines:  $want" "$(tail -1 "$T/out")" "$(cat "$T/err")"
fi

echo "run-wp-test-cmd: $passed passed, $failed failed"
[ $failed = 0 ]
