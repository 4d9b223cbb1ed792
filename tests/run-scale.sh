#!/usr/bin/env bash
# run-scale.sh WPC — large inputs of the shapes generated files have, each
# run under a generous time limit and, where memory was the problem, a
# memory limit.  They test structure, not speed: near-linear code finishes
# in a few seconds; the quadratic or cubic code these cases come from
# (issue 13, defects 1-5) overran the limits by a factor of ten or more.
# Figures: docs/performance.md.  `make scale`; part of `make test`.
#
# Prints one line per failure and "N passed, M failed"; exits 1 on any.
set -u

if [ $# -ne 1 ]; then
    echo "usage: tests/run-scale.sh path/to/wpc" >&2
    exit 2
fi
case $1 in /*) WPC=$1 ;; *) WPC=$PWD/$1 ;; esac
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
command -v node >/dev/null 2>&1 || { echo "run-scale.sh: node is needed"; echo "0 passed, 1 failed"; exit 1; }

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

# gen FILE JS: writes the string the JavaScript expression JS evaluates to
gen() { node -e "process.stdout.write($2)" > "$1"; }

# within TITLE SECONDS MEGABYTES WANT_RC CMD...: CMD exits WANT_RC within
# SECONDS, with at most MEGABYTES of address space (0: no memory limit).
within() {
    local title=$1 secs=$2 mb=$3 want=$4
    shift 4
    local start=$SECONDS rc
    if [ "$mb" -gt 0 ]; then
        ( ulimit -v $((mb * 1024)); exec timeout "$secs" "$@" ) >"$T/out" 2>"$T/err"
    else
        timeout "$secs" "$@" >"$T/out" 2>"$T/err"
    fi
    rc=$?
    if [ "$rc" -eq 124 ]; then
        echo "FAIL: $title: not done within ${secs} s"
        failed=$((failed + 1))
    elif [ "$rc" -ne "$want" ]; then
        echo "FAIL: $title: exit $rc, expected $want (memory limit ${mb} MB)"
        head -c 300 "$T/err" | sed 's/^/    /'
        failed=$((failed + 1))
    else
        echo "ok: $title ($((SECONDS - start)) s)"
        passed=$((passed + 1))
    fi
}

# 1. lint of a flat chain: was cubic (2 000 terms: 7 s; 4 000: over a minute)
gen "$T/and.wp" "'state { x: bool }\nfield x { disabled when x' + ' and x'.repeat(20000) + ' or not x }\n'"
within "lint of a 20 000-term and/or chain" 60 0 0 "$WPC" lint "$T/and.wp"

# 2. every command on a 400 000-term chain: fmt crashed (stack overflow)
gen "$T/and400k.wp" "'state { x: bool }\nfield x { disabled when x' + ' and x'.repeat(400000) + ' }\n'"
within "fmt of a 400 000-term chain" 60 0 0 "$WPC" fmt "$T/and400k.wp"
within "lint of a 400 000-term chain" 60 0 0 "$WPC" lint "$T/and400k.wp"
within "build --emit ir of a 400 000-term chain" 60 0 0 "$WPC" build --emit ir "$T/and400k.wp"

# 3. build with many siblings under one parent: quadratic (40 000: 21 s)
gen "$T/siblings.wp" "Array.from({length: 200000}, (_, i) => 'sync p.a' + i + ' <-> p.b' + i + '\n').join('')"
within "build --emit wat-gen of 200 000 sync pairs under one parent" 120 0 0 "$WPC" build "$T/siblings.wp" --emit wat-gen

# 5. a long sync chain: quadratic memory (20 000 members: 866 MB for fmt)
gen "$T/chain.wp" "'state { a: any }\nsync ' + Array.from({length: 100000}, (_, i) => 'a.m' + i).join(' <-> ') + '\n'"
within "fmt of a 100 000-member sync chain in 1 GB" 60 1024 0 "$WPC" fmt "$T/chain.wp"
within "lint of a 100 000-member sync chain in 1 GB" 60 1024 0 "$WPC" lint "$T/chain.wp"

# 4. diagnostics on one long line: 130 MB of text for 2 000 rules, 17 GB for 80 000
gen "$T/line.wp" "'state { a: string, b: string } ' + Array(80000).fill('sync a <-> b').join(' ') + '\n'"
within "lint of 80 000 duplicate rules on one line, every diagnostic, in 1 GB" 120 1024 0 \
    "$WPC" lint --max-diagnostics=0 "$T/line.wp"
within "the same as JSON in 1 GB" 120 1024 0 "$WPC" lint --format=json "$T/line.wp"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
