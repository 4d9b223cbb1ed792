#!/usr/bin/env bash
# run.sh BIN SECONDS CORPUS SEEDS... — one libFuzzer run (tests/fuzz/fuzz.mk):
# BIN for SECONDS, adding what it finds to CORPUS (created when missing),
# seeded from SEEDS (directories, read only); crashes, leaks, timeouts and
# out-of-memory inputs go to ARTIFACTS (env, default build/fuzz/artifacts).
# Prints the executions, the peak memory and any finding; exits non-zero on
# a finding.
#   run.sh -replay BIN DIR  runs every input of DIR once and stops.
set -u
opts=(-rss_limit_mb=2048 -timeout=20 -max_len=65536 -print_final_stats=1)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
art=${ARTIFACTS:-build/fuzz/artifacts}
mkdir -p "$art"

if [ "${1:-}" = -replay ]; then
    bin=$2 dir=$3
    log=$(mktemp)
    trap 'rm -f "$log"' EXIT
    n=$(find "$dir" -type f | wc -l)
    if ! "$bin" "${opts[@]}" -runs=0 -artifact_prefix="$art/$(basename "$bin")-" "$dir" > "$log" 2>&1; then
        tail -40 "$log"
        echo "FAIL: $(basename "$bin") on $dir"
        exit 1
    fi
    echo "$(basename "$bin"): $n regression inputs replayed"
    exit 0
fi

bin=$1 secs=$2 corpus=$3
shift 3
mkdir -p "$corpus"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$bin" "${opts[@]}" -max_total_time="$secs" -artifact_prefix="$art/$(basename "$bin")-" "$corpus" "$@" > "$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
echo "$(basename "$bin"): ${runs:-?} executions in $secs s, peak RSS ${rss:-?} MB, corpus $(find "$corpus" -type f | wc -l) inputs"
if [ $rc -ne 0 ]; then
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: |    #[0-9]+ )|Test unit written' "$log" | head -40
    echo "FAIL: $(basename "$bin") found a problem (exit $rc): copy the input into tests/fuzz/regress/$(basename "$bin")/ with its fix"
    exit 1
fi
