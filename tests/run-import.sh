#!/usr/bin/env bash
# run-import.sh WPC WPC_ASAN — `wpc import` (docs/migrating.md):
#
#   1. goldens: for each tests/import/cases/NAME.json, `wpc import NAME.json`
#      (run in that directory) prints NAME.wp on stdout (no NAME.wp: nothing)
#      and NAME.txt on stderr, whose last line is "exit N".  UPDATE=1
#      rewrites the goldens.
#   2. the sanitized build gives the same stdout, stderr and status (ASan
#      and UBSan find no error or leak).
#   3. every golden .wp is as `wpc fmt` prints it.
#   4. the command line: -o, --format=json, usage errors, an unreadable file.
#   5. node --test tests/import/: the round trip (import, build, run the
#      package in node) and the JSON of the diagnostics.
#
# Prints each failure, then "N passed, M failed"; exits 1 on any failure.
set -u

if [ $# -ne 2 ]; then
    echo "usage: tests/run-import.sh path/to/wpc path/to/asan/wpc" >&2
    exit 2
fi
abs() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
WPC=$(abs "$1")
WPC_ASAN=$(abs "$2")
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CASES=$ROOT/tests/import/cases
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); }
bad() {
    failed=$((failed + 1))
    echo "FAIL: $1"
    if [ $# -gt 1 ]; then printf '%s\n' "$2" | head -n 40 | sed 's/^/    /'; fi
}

# Runs `wpc import` in the cases directory: stdout to $2, stderr + "exit N" to $3.
run_case() {
    local wpc=$1 out=$2 err=$3 json=$4
    (cd "$CASES" && ASAN_OPTIONS=detect_leaks=1 "$wpc" import --color=never "$json" >"$out" 2>"$err")
    echo "exit $?" >>"$err"
}

# ---- 1-3. goldens --------------------------------------------------------------
for json in "$CASES"/*.json; do
    name=$(basename "$json" .json)
    run_case "$WPC" "$TMP/$name.wp" "$TMP/$name.txt" "$name.json"
    if [ "${UPDATE:-}" = 1 ]; then
        if [ -s "$TMP/$name.wp" ]; then cp "$TMP/$name.wp" "$CASES/$name.wp"; else rm -f "$CASES/$name.wp"; fi
        cp "$TMP/$name.txt" "$CASES/$name.txt"
    fi
    if [ -f "$CASES/$name.wp" ]; then
        if diff -u "$CASES/$name.wp" "$TMP/$name.wp" >"$TMP/diff" 2>&1; then ok; else bad "$name: stdout differs from $name.wp" "$(cat "$TMP/diff")"; fi
        if "$WPC" fmt --check "$CASES/$name.wp" >"$TMP/fmt" 2>&1; then ok; else bad "$name.wp is not as wpc fmt prints it" "$(cat "$TMP/fmt")"; fi
    elif [ -s "$TMP/$name.wp" ]; then
        bad "$name: printed a .wp file, and there is no $name.wp golden" "$(head -n 5 "$TMP/$name.wp")"
    else
        ok
    fi
    if [ -f "$CASES/$name.txt" ] && diff -u "$CASES/$name.txt" "$TMP/$name.txt" >"$TMP/diff" 2>&1; then ok; else
        bad "$name: stderr differs from $name.txt" "$(cat "$TMP/diff" 2>/dev/null || echo "no $name.txt")"
    fi
    run_case "$WPC_ASAN" "$TMP/$name.asan.wp" "$TMP/$name.asan.txt" "$name.json"
    if cmp -s "$TMP/$name.wp" "$TMP/$name.asan.wp" && cmp -s "$TMP/$name.txt" "$TMP/$name.asan.txt"; then ok; else
        bad "$name: the sanitized build differs" "$(diff "$TMP/$name.txt" "$TMP/$name.asan.txt")"
    fi
done
for golden in "$CASES"/*.wp "$CASES"/*.txt; do
    [ -e "$golden" ] || continue
    base=${golden%.*}
    if [ -f "$base.json" ]; then ok; else bad "$(basename "$golden") has no $(basename "$base").json"; fi
done

# every WP08xx code of compiler/diag_codes.def is pinned by some golden
for code in $(grep -o '^DIAG(WP08[0-9]*' "$ROOT/compiler/diag_codes.def" | sed 's/DIAG(//'); do
    if grep -qs "\[$code\]" "$CASES"/*.txt; then ok; else bad "no tests/import/cases/*.txt expects $code"; fi
done

# ---- 4. the command line ---------------------------------------------------------
# -o writes the same text as stdout, and the check names that file
(cd "$CASES" && "$WPC" import --color=never sync.json -o "$TMP/o.wp" >"$TMP/o.out" 2>"$TMP/o.err")
status=$?
if [ $status = 0 ] && [ ! -s "$TMP/o.out" ] && cmp -s "$TMP/o.wp" "$CASES/sync.wp"; then ok; else
    bad "import -o: exit $status, stdout '$(head -c 200 "$TMP/o.out")', file differs from sync.wp"
fi
(cd "$CASES" && "$WPC" import --color=never listeners.json -o "$TMP/l.wp" 2>"$TMP/l.err")
if grep -q "^$TMP/l.wp:[0-9]*:[0-9]*: warning\[WP1002\]" "$TMP/l.err"; then ok; else
    bad "import -o: the check of the output names the -o file" "$(cat "$TMP/l.err")"
fi
# --format=json without -o: stdout holds the .wp file
(cd "$CASES" && "$WPC" import --format=json sync.json >"$TMP/j.out" 2>"$TMP/j.err")
status=$?
if [ $status = 2 ] && grep -q "needs -o" "$TMP/j.err" && [ ! -s "$TMP/j.out" ]; then ok; else
    bad "import --format=json without -o: exit $status" "$(cat "$TMP/j.err")"
fi
# usage errors and unreadable input: exit 2, nothing written
"$WPC" import >"$TMP/u.out" 2>"$TMP/u.err"
if [ $? = 2 ] && grep -q "no input file" "$TMP/u.err"; then ok; else bad "import without a file" "$(cat "$TMP/u.err")"; fi
"$WPC" import "$TMP/missing.json" -o "$TMP/none.wp" >"$TMP/u.out" 2>"$TMP/u.err"
if [ $? = 2 ] && grep -q "cannot read" "$TMP/u.err" && [ ! -e "$TMP/none.wp" ]; then ok; else
    bad "import of a missing file" "$(cat "$TMP/u.err")"
fi
(cd "$CASES" && "$WPC" import bad-json.json -o "$TMP/none.wp" >"$TMP/u.out" 2>"$TMP/u.err")
if [ $? = 2 ] && [ ! -e "$TMP/none.wp" ]; then ok; else bad "import of invalid JSON wrote a file or did not exit 2"; fi
"$WPC" import a.json b.json >"$TMP/u.out" 2>"$TMP/u.err"
if [ $? = 2 ] && grep -q "one JSON file" "$TMP/u.err"; then ok; else bad "import of two files" "$(cat "$TMP/u.err")"; fi
"$WPC" import --help >"$TMP/h.out" 2>&1
if [ $? = 0 ] && grep -q "Usage: wpc import" "$TMP/h.out"; then ok; else bad "import --help"; fi
# stdin
"$WPC" import - <"$CASES/sync.json" >"$TMP/s.out" 2>/dev/null
if [ $? = 0 ] && grep -q "^sync billing.email <-> shipping.email$" "$TMP/s.out"; then ok; else bad "import - (stdin)"; fi

# ---- 5. node suites ---------------------------------------------------------------
if command -v node >/dev/null 2>&1; then
    if WPC=$WPC node --test "$ROOT/tests/import/" >"$TMP/node.out" 2>&1; then ok; else
        bad "node --test tests/import/" "$(grep -v '^#' "$TMP/node.out" | tail -n 60)"
    fi
else
    bad "node (20 or later) is needed for tests/import/*.test.mjs"
fi

echo "import: $passed passed, $failed failed"
[ $failed = 0 ]
