#!/usr/bin/env bash
# run-snapshots.sh WPC — code generation goldens, determinism and a node smoke test.
#
#   tests/snapshots/NAME.wp   a small app
#   tests/snapshots/NAME.ir   its IR            (wpc build NAME.wp --emit ir)
#   tests/snapshots/NAME.wat  its generated functions and data only, at -O0
#                             (wpc build NAME.wp --emit wat-gen -O0): the
#                             runtime's own code is not in it, so runtime
#                             edits do not churn the goldens
#
# Compares each output with its golden and prints a diff on drift; UPDATE=1
# rewrites the goldens instead (`make snapshots`).  Then, for every app:
# building twice gives identical wasm bytes (-O2 and -Os) and identical
# packages (inlined and --wasm-file); and node instantiates one module with
# no imports at all, calls wp_abi_version, and applies a change that the
# sync copies.
# Final line: "N passed, M failed"; exit 1 on any failure.
set -uo pipefail
WPC=${1:?usage: run-snapshots.sh WPC}
case $WPC in /*) ;; *) WPC=$PWD/$WPC ;; esac
cd "$(dirname "$0")/.." || exit 2
DIR=tests/snapshots
NODE=${NODE:-node}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok()   { pass=$((pass + 1)); }
bad()  { fail=$((fail + 1)); echo "FAIL: $*"; }

# golden NAME EXT ARGS... — compare (or update) one output
golden() {
  local name=$1 ext=$2; shift 2
  local want=$DIR/$name.$ext got=$tmp/$name.$ext
  if ! "$WPC" build "$DIR/$name.wp" "$@" > "$got" 2> "$tmp/err"; then
    bad "$name.$ext: wpc build $* failed"; cat "$tmp/err"; return
  fi
  if [ "${UPDATE:-}" = 1 ]; then
    cp "$got" "$want"; ok; return
  fi
  if [ ! -f "$want" ]; then bad "$name.$ext: no golden (run 'make snapshots')"; return; fi
  if diff -u "$want" "$got" > "$tmp/diff"; then ok
  else bad "$name.$ext drifted (run 'make snapshots' if intended):"; head -80 "$tmp/diff"; fi
}

for wp in "$DIR"/*.wp; do
  name=$(basename "$wp" .wp)
  golden "$name" ir --emit ir
  golden "$name" wat --emit wat-gen -O0
  for level in -O2 -Os; do
    "$WPC" build "$wp" --emit wasm $level -o "$tmp/$name.1.wasm" 2> "$tmp/err" &&
    "$WPC" build "$wp" --emit wasm $level -o "$tmp/$name.2.wasm" 2>> "$tmp/err"
    if [ $? -ne 0 ]; then bad "$name: --emit wasm $level failed"; cat "$tmp/err"
    elif cmp -s "$tmp/$name.1.wasm" "$tmp/$name.2.wasm"; then ok
    else bad "$name: two builds at $level differ"; fi
  done
  # the npm package too, inlined and with --wasm-file
  for extra in "" --wasm-file; do
    rm -rf "$tmp/pkg1" "$tmp/pkg2"
    "$WPC" build "$wp" --emit package $extra -o "$tmp/pkg1" 2> "$tmp/err" &&
    "$WPC" build "$wp" --emit package $extra -o "$tmp/pkg2" 2>> "$tmp/err"
    if [ $? -ne 0 ]; then bad "$name: --emit package $extra failed"; cat "$tmp/err"
    elif diff -r "$tmp/pkg1" "$tmp/pkg2" > /dev/null; then ok
    else bad "$name: two packages $extra differ"; fi
  done
done

# The module must instantiate with no imports and answer the ABI version.
if command -v "$NODE" > /dev/null; then
  if "$WPC" build "$DIR/sync-single.wp" --emit wasm -o "$tmp/smoke.wasm" 2> "$tmp/err" &&
     "$NODE" - "$tmp/smoke.wasm" > "$tmp/node.out" 2>&1 <<'EOF'
const fs = require('fs');
const mod = new WebAssembly.Module(fs.readFileSync(process.argv[2]));
const imports = WebAssembly.Module.imports(mod);
if (imports.length) throw new Error('imports: ' + JSON.stringify(imports));
const names = WebAssembly.Module.exports(mod).map(e => e.name);
for (const n of names) if (n !== 'memory' && !n.startsWith('wp_')) throw new Error('stray export ' + n);
const e = new WebAssembly.Instance(mod, {}).exports;
if (e.wp_abi_version() !== 2) throw new Error('abi ' + e.wp_abi_version());
const mem = () => new Uint8Array(e.memory.buffer);
let p = e.wp_in(1); mem()[p] = 0;                 // empty batch
if (e.wp_create(1) !== 0) throw new Error('wp_create failed');
const t = new TextEncoder().encode('shipping.email');
p = e.wp_in(t.length); mem().set(t, p);
const id = e.wp_path_id(t.length);
if (id !== 4) throw new Error('static path shipping.email has id ' + id + ', not 4');
// apply form.email = "a@b.c": the sync writes shipping.email (path id 4)
const batch = [1, 1, 10, ...new TextEncoder().encode('form.email'), 5, 5, ...new TextEncoder().encode('a@b.c'), 0, 0];
p = e.wp_in(batch.length); mem().set(batch, p);
const s = e.wp_apply(batch.length);
if (s !== 0) throw new Error('wp_apply returned ' + s);
const out = Buffer.from(new Uint8Array(e.memory.buffer, e.wp_out_ptr(), e.wp_out_len()));
const want = Buffer.from([1, 2, 4, 14, ...Buffer.from('shipping.email'), 1, 0, 5, 5, ...Buffer.from('a@b.c')]);
if (out.indexOf(want) < 0) throw new Error('no sync change in the output: ' + out.toString('hex'));
EOF
  then ok
  else bad "node smoke test:"; cat "$tmp/err" "$tmp/node.out" 2> /dev/null; fi
else
  echo "note: $NODE not found, node smoke test skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
