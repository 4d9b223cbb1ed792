// concerns.mjs CATALOG_PKG BARE_PKG — the cost of compiled conditions on the
// catalog workload (benchmark.md §1, its 100 conditions).
//
// Each scenario alternates a value that some conditions read, so every
// iteration evaluates them for real.  The same change is timed on the
// catalog package and on BARE_PKG (the catalog without its `field` blocks);
// the difference divided by the conditions evaluated (stats()) is the cost
// of one evaluated condition, with its output write.  A change that no
// condition reads must evaluate none.  Prints a table and merges it into
// bench/results.json.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { loadPipeline as load, saveResults } from './common.mjs'

const full = await load(process.argv[2] ?? 'build/bench/catalog')
const bare = await load(process.argv[3] ?? 'build/bench/catalog-bare')
const { catalogState, catalogHandlers, variantPath } = await import(pathToFileURL(resolve('examples/catalog/state.mjs')).href)
const iterations = Number(process.argv[4] ?? 20000)

function time(fn) {
  for (let i = 0; i < 20000; i++) fn(i)
  const samples = []
  for (let s = 0; s < iterations / 50; s++) {
    const t0 = process.hrtime.bigint()
    for (let k = 0; k < 50; k++) fn(s * 50 + k)
    samples.push(Number(process.hrtime.bigint() - t0) / 50)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]
}

const product = variantPath(1, 2, 0).replace(/\.variants\..*$/, '')
const scenarios = [
  ['product status (6 conditions: 4 disabled, 2 visible)', `${product}.status`, ['archived', 'active']],
  ['low-stock flag (1 condition)', `${variantPath(0, 3, 2)}.inventory.isLowStock`, [true, false]],
  ['stock count (1 condition, result unchanged)', `${variantPath(1, 2, 0)}.inventory.inStock`, [5, 6]],
  ['a price no condition reads', `${variantPath(2, 1, 3)}.price.wholesale`, [10, 11]],
]

const rows = []
for (const [name, path, values] of scenarios) {
  const opts = { listeners: catalogHandlers() }
  const p = full(catalogState(), opts)
  const q = bare(catalogState(), opts)
  const before = p.stats().concernEvaluations
  p.apply([[path, values[0]]])
  p.apply([[path, values[1]]])
  const perApply = (p.stats().concernEvaluations - before) / 2
  const tFull = time((i) => p.apply([[path, values[i & 1]]]))
  const tBare = time((i) => q.apply([[path, values[i & 1]]]))
  const ns = perApply ? (tFull - tBare) / perApply : 0
  rows.push({ name, evaluated: perApply, apply_ns: Math.round(tFull), bare_ns: Math.round(tBare),
              ns_per_condition: perApply ? Math.round(ns) : null })
}

const size = readFileSync(resolve(process.argv[2] ?? 'build/bench/catalog', 'index.js'), 'utf8')
  .match(/const wasmBase64 = '([^']*)'/)
const kb = size ? Buffer.from(size[1], 'base64').length / 1024 : null

console.log('scenario                                              evaluated  apply ns  bare ns  ns/condition')
for (const r of rows)
  console.log(`${r.name.padEnd(53)} ${String(r.evaluated).padStart(9)} ${String(r.apply_ns).padStart(9)} ` +
              `${String(r.bare_ns).padStart(8)} ${String(r.ns_per_condition ?? '-').padStart(12)}`)
if (kb !== null) console.log(`catalog module: ${kb.toFixed(1)} KB (bar < 100 KB)`)

saveResults('concerns', { node: process.version, iterations, rows, module_kb: kb })
