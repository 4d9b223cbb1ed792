#!/usr/bin/env bash
# run-corpus.sh WPC WPC_ASAN — the end-to-end suites over the wpc command line
# (`make corpus`; docs/testing.md describes them and how to add a case).
#
#   1-5. tests/corpus.mjs: the diagnostics corpus (tests/diag, expectations
#        inline), the same files through the sanitized build, the render
#        goldens (tests/render; UPDATE=1 rewrites them), JSON/SARIF structure
#        and the CLI's behaviour (exit codes, colours, help, explain, build,
#        the examples).
#   6.   tests/run-fmt.sh WPC, when it exists (the formatter's goldens and
#        idempotence over every .wp file of the repository).
#   7.   tests/run-bad-inputs.sh WPC: the bad-input table of docs/cli.md.
#
# Prints failures as they are found and "N passed, M failed" as the last
# line; exits 1 on any failure, 2 on a usage error.
set -u

if [ $# -ne 2 ]; then
    echo "usage: tests/run-corpus.sh path/to/wpc path/to/asan/wpc" >&2
    exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
WPC=$(abs "$1")
WPC_ASAN=$(abs "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2

if ! command -v node >/dev/null 2>&1; then
    echo "run-corpus.sh: node (20 or later) is needed for tests/corpus.mjs" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
# Adds the "N passed, M failed" of a sub-suite's last line to the totals; a
# suite that dies without its tally counts as one failure.
tally() {
    local line
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    if [[ $line =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed ]]; then
        passed=$((passed + BASH_REMATCH[1]))
        failed=$((failed + BASH_REMATCH[2]))
        if [ "$2" -ne 0 ] && [ "${BASH_REMATCH[2]}" -eq 0 ]; then failed=$((failed + 1)); fi
    else
        echo "FAIL: $3 ended without a tally (exit $2)"
        failed=$((failed + 1))
    fi
}

node tests/corpus.mjs "$WPC" "$WPC_ASAN" | tee "$TMP/corpus.out"
tally "$TMP/corpus.out" "${PIPESTATUS[0]}" "tests/corpus.mjs"

if [ -f tests/run-fmt.sh ]; then
    echo "--- tests/run-fmt.sh"
    bash tests/run-fmt.sh "$WPC" | tee "$TMP/fmt.out"
    tally "$TMP/fmt.out" "${PIPESTATUS[0]}" "tests/run-fmt.sh"
fi

if [ -f tests/run-bad-inputs.sh ]; then
    echo "--- tests/run-bad-inputs.sh"
    bash tests/run-bad-inputs.sh "$WPC" | tee "$TMP/bad.out"
    tally "$TMP/bad.out" "${PIPESTATUS[0]}" "tests/run-bad-inputs.sh"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
