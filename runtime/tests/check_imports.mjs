// check_imports.mjs — checks that runtime.wasm imports nothing but the "wp"
// hooks of hooks.def (so it needs no WASI), and exports everything listed in
// exports.def plus memory and __heap_base.
// Usage: node check_imports.mjs runtime.wasm hooks.def exports.def
import { readFileSync } from 'node:fs'

const [wasmPath, hooksPath, exportsPath] = process.argv.slice(2)
const mod = new WebAssembly.Module(readFileSync(wasmPath))
const hooks = [...readFileSync(hooksPath, 'utf8').matchAll(/^RT_HOOK\([^,]*,\s*(\w+),/gm)].map((m) => m[1])
const listed = [...readFileSync(exportsPath, 'utf8').matchAll(/^RT_EXPORT\(\w+,[^,]*,\s*(\w+),/gm)].map((m) => m[1])

const problems = []
const imports = WebAssembly.Module.imports(mod)
for (const imp of imports) {
  if (imp.module !== 'wp' || imp.kind !== 'function' || !hooks.includes(imp.name))
    problems.push(`unexpected import ${imp.module}.${imp.name} (${imp.kind})`)
}
for (const h of hooks) {
  if (!imports.some((imp) => imp.module === 'wp' && imp.name === h)) problems.push(`hook ${h} is not imported`)
}
const exported = new Set(WebAssembly.Module.exports(mod).map((e) => e.name))
for (const name of [...listed, 'memory', '__heap_base', 'wp_abi_version']) {
  if (!exported.has(name)) problems.push(`missing export ${name}`)
}
if (hooks.length < 5 || listed.length < 20) problems.push('could not parse hooks.def / exports.def')

if (problems.length) {
  console.error(problems.join('\n'))
  process.exit(1)
}
console.log(`runtime.wasm: ${imports.length} imports, all "wp" hooks; ${listed.length} listed exports present`)
