#!/usr/bin/env bash
# compile.sh WPC — compile time and peak memory of `wpc lint`,
# `wpc build --emit ir` and the whole build to wasm (`--emit wasm`) on
# generated files of 1k, 10k and 100k rules
# (bench/gen-rules.mjs), as a table; merges the figures into
# bench/results.json.  benchmark.md §2: 10 000 rules < 1 s, < 200 MB,
# near-linear growth.
set -euo pipefail
wpc=${1:-build/wpc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rows=()
printf '%-8s %-14s %10s %12s\n' rules command seconds "peak MB"
for n in 1000 10000 100000; do
  node bench/gen-rules.mjs "$n" > "$tmp/gen.wp"
  for cmd in lint ir wasm; do
    case $cmd in
      lint) args=(lint "$tmp/gen.wp") ;;
      ir)   args=(build "$tmp/gen.wp" --emit ir -o "$tmp/gen.ir") ;;
      wasm) args=(build "$tmp/gen.wp" --emit wasm -o "$tmp/gen.wasm") ;;
    esac
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$wpc" "${args[@]}" >/dev/null 2>&1 || true
    read -r secs kb < "$tmp/time"
    mb=$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')
    printf '%-8s %-14s %10s %12s\n' "$n" "$cmd" "$secs" "$mb"
    rows+=("{\"rules\": $n, \"command\": \"$cmd\", \"seconds\": $secs, \"peak_mb\": $mb}")
  done
done
json=$(IFS=,; echo "[${rows[*]}]")
node -e '
  const fs = require("fs"); const f = "bench/results.json";
  const r = fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, "utf8")) : {};
  r.compile = JSON.parse(process.argv[1]);
  fs.writeFileSync(f, JSON.stringify(r, null, 2) + "\n");' "$json"
