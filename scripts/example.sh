#!/usr/bin/env bash
# example.sh WPC — the README's "run the example" command: checks the bundled
# examples, compiles examples/checkout into an npm package, and runs
# examples/checkout/edits.mjs against it, which prints the changes a few
# edits cause.  Nothing here is canned output.
set -euo pipefail
wpc=${1:-build/wpc}
out=build/example
mkdir -p "$out"

for wp in examples/checkout/checkout.wp examples/catalog/catalog.wp; do
  echo "== wpc lint $wp"
  "$wpc" lint "$wp" && echo "   no errors"
done

echo
echo "== wpc build examples/checkout/checkout.wp -o $out/checkout"
"$wpc" build examples/checkout/checkout.wp -o "$out/checkout"
"$wpc" build examples/checkout/checkout.wp --emit ir -o "$out/checkout.ir"
"$wpc" build examples/checkout/checkout.wp --emit wasm -o "$out/checkout.wasm"
echo "   package files: $(ls "$out/checkout" | tr '\n' ' ')"
echo "   the module: $(wc -c < "$out/checkout.wasm") bytes of wasm, inlined in index.js (base64)"
echo "   IR tables: $(grep -E '^[a-z]+ [0-9]+' "$out/checkout.ir" | awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }')"
echo "   (full IR dump: $out/checkout.ir)"
echo

echo
echo "== node examples/checkout/edits.mjs $out/checkout"
node examples/checkout/edits.mjs "$out/checkout"

echo
echo "== the checkout page: examples/checkout/web (React, Vite and vite-plugin-wpc)"
echo "   The form of checkout.wp in a browser: fields enabling and disabling, labels,"
echo "   validation messages, sync and flip as you type, the total from the lines."
echo "   Its packages are installed by scripts/install-deps.sh (make deps). Start it with:"
echo
echo "     PATH=\"$(cd "$(dirname "$wpc")" && pwd):\$PATH\" npm --prefix examples/checkout/web run dev"
echo
echo "   and open the address it prints (http://localhost:5173/). Edit checkout.wp while"
echo "   it runs: the page takes the new rules and keeps what you typed."
