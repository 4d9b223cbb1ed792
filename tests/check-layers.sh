#!/usr/bin/env bash
# check-layers.sh — the IR is the only thing the back end sees
# (docs/internals.md, "Layers").  Fails when a back-end source file
# includes, directly or through another header, a front-end header: the
# AST (ast.h), semantic analysis (sem*.h), the parser (parse.h, lex.h) or
# names.h (which speaks AST types).
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=${1:-build/gen}
backend=(compiler/ir.c compiler/ir_print.c compiler/codegen.c compiler/gen_*.c
         compiler/codegen_tables.c compiler/emit_wasm.c compiler/pkg.c compiler/pkg_dts.c)
fail=0
for f in "${backend[@]}"; do
  [ -e "$f" ] || continue
  deps=$(cc -std=c11 -MM -Icompiler -I"$GEN" "$f" | tr ' \\' '\n\n' | grep -E '\.h$' || true)
  bad=$(printf '%s\n' "$deps" | grep -E '(^|/)(ast|sem[a-z_]*|parse|lex|names)\.h$' || true)
  if [ -n "$bad" ]; then
    echo "check-layers: $f reaches front-end headers: $(echo $bad)"
    fail=1
  fi
done
n=${#backend[@]}
if [ $fail = 0 ]; then echo "check-layers: $n back-end files see only the IR"; fi
exit $fail
