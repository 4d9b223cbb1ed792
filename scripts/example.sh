#!/usr/bin/env bash
# example.sh WPC — the README's "run the example" command: checks the bundled
# checkout example and prints what the compiler made of it.  Code generation
# is not there yet, so the job ends at the IR; nothing here is canned output.
set -euo pipefail
wpc=${1:-build/wpc}
out=build/example
mkdir -p "$out"

for wp in examples/checkout/checkout.wp examples/catalog/catalog.wp; do
  echo "== wpc lint $wp"
  "$wpc" lint "$wp" && echo "   no errors"
done

echo
echo "== wpc build examples/checkout/checkout.wp --emit ir -o $out/checkout.ir"
"$wpc" build examples/checkout/checkout.wp --emit ir -o "$out/checkout.ir"
"$wpc" build examples/checkout/checkout.wp --emit json -o "$out/checkout.ir.json"

# A summary of the IR: the heading of every table with its size.
echo
echo "IR tables (full dump in $out/checkout.ir, JSON in $out/checkout.ir.json):"
grep -E '^[a-z]+ [0-9]+|^; wpc IR' "$out/checkout.ir" | sed 's/^/  /'
echo
echo "Sync/flip components (! marks a member kept opposite):"
sed -n '/^components/,/^$/p' "$out/checkout.ir" | tail -n +2 | sed 's/^/  /'
echo "Listener dispatch order:"
sed -n '/^listeners/,/^$/p' "$out/checkout.ir" | tail -n +2 | sed 's/^/  /'
