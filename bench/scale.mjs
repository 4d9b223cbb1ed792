// scale.mjs ONE_SYNC_PKG CATALOG_PKG CATALOG_WASM — benchmark.md §2 ("Scale"), the parts
// that do not depend on rule kinds this version does not compile:
//   module: the catalog package's wasm size and instantiate time
//   state: createPipeline with 100 000 leaves; one apply at 1k vs 100k leaves
//   pipelines: one catalog pipeline's live heap, per stored value, and the
//     4 KB pages of its linear memory that hold data (resident: a page once
//     written stays so); then memory of 1 000 live catalog pipelines
//   soak: 1 000 000 applies alternating values — wasm memory and RSS, start/end
// Prints a table and merges the figures into bench/results.json.
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const oneDir = resolve(process.argv[2] ?? 'build/bench/one-sync')
const catDir = resolve(process.argv[3] ?? 'build/bench/catalog')
const catWasm = resolve(process.argv[4] ?? 'build/bench/catalog.wasm')   // wpc build --emit wasm
const one = await import(pathToFileURL(resolve(oneDir, 'index.js')).href)
const cat = await import(pathToFileURL(resolve(catDir, 'index.js')).href)
const { catalogState, catalogHandlers } = await import(pathToFileURL(resolve('examples/catalog/state.mjs')).href)

const rows = []
const row = (what, value, unit, bar) => { rows.push({ what, value, unit, bar }); }
const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// ---- module --------------------------------------------------------------------
const wasmBytes = readFileSync(catWasm)
row('catalog module size', wasmBytes.length / 1024, 'KB', '< 100 KB')
const compiled = new WebAssembly.Module(wasmBytes)
const inst = []
for (let i = 0; i < 50; i++) { const t0 = process.hrtime.bigint(); new WebAssembly.Instance(compiled, {}); inst.push(ms(t0)) }
row('instantiate (compiled module cached)', median(inst), 'ms', '< 5 ms')
const create = []
for (let i = 0; i < 50; i++) {
  const t0 = process.hrtime.bigint()
  cat.createPipeline(catalogState(), { listeners: catalogHandlers() })
  create.push(ms(t0))
}
row('createPipeline(catalog state)', median(create), 'ms', '')

// ---- state size ------------------------------------------------------------------
function bigState(leaves) {
  const items = {}
  for (let i = 0; i < leaves / 4; i++) items['k' + i] = { a: i, b: 'x' + i, c: i % 2 === 0, d: null }
  return { billing: { email: 'a@b.c' }, shipping: { email: 'a@b.c' }, items }
}
const t100k = []
for (let i = 0; i < 5; i++) { const s = bigState(100000); const t0 = process.hrtime.bigint(); one.createPipeline(s); t100k.push(ms(t0)) }
row('createPipeline, 100 000 leaves', median(t100k), 'ms', '< 50 ms')

function applyCost(leaves) {
  const p = one.createPipeline(bigState(leaves))
  const v = ['x@y.z', 'u@v.w']
  for (let i = 0; i < 5000; i++) p.apply([['billing.email', v[i & 1]]])
  const n = 50000, t0 = process.hrtime.bigint()
  for (let i = 0; i < n; i++) p.apply([['billing.email', v[i & 1]]])
  return ms(t0) * 1000 / n
}
const small = applyCost(1000), large = applyCost(100000)
row('apply of one sync, 1 000 leaves', small, 'µs', '')
row('apply of one sync, 100 000 leaves', large, 'µs', 'within 20 % of 1k')
row('  ratio 100k / 1k', large / small, '×', '≤ 1.2')

// ---- many pipelines ----------------------------------------------------------------
// The values a state holds: every container and every leaf.
const storedValues = (v) => v !== null && typeof v === 'object' ? 1 + Object.values(v).reduce((n, x) => n + storedValues(x), 0) : 1
{
  let exports = null
  const Instance = WebAssembly.Instance
  WebAssembly.Instance = function (m, i) { const o = new Instance(m, i); exports = o.exports; return o }
  const p = cat.createPipeline(catalogState(), { listeners: catalogHandlers() })
  WebAssembly.Instance = Instance
  const live = p.stats().heapLiveBytes, values = storedValues(catalogState())
  const mem = new Uint8Array(exports.memory.buffer)
  let written = 0
  for (let at = 0; at < mem.length; at += 4096)
    for (let i = at; i < at + 4096 && i < mem.length; i++) if (mem[i]) { written++; break }
  row('catalog pipeline: live heap', live / 1024, 'KB', '')
  row(`  per stored value (${values})`, live / values, 'bytes', '')
  row('catalog pipeline: memory written', `${written * 4} of ${mem.length / 1024}`, 'KB', '')
}
global.gc?.()
const before = process.memoryUsage().rss
const live = []
for (let i = 0; i < 1000; i++) live.push(cat.createPipeline(catalogState(), { listeners: catalogHandlers() }))
global.gc?.()
row('1 000 live catalog pipelines', (process.memoryUsage().rss - before) / 1048576, 'MB', '< 100 MB')
for (const p of live) p.destroy()

// ---- soak ------------------------------------------------------------------------------
const soak = one.createPipeline({ billing: { email: 'a@b.c' }, shipping: { email: 'a@b.c' } })
const v = ['x@y.z', 'u@v.w']
for (let i = 0; i < 10000; i++) soak.apply([['billing.email', v[i & 1]]])
global.gc?.()
const rss0 = process.memoryUsage().rss, stats0 = soak.stats()
const t0 = process.hrtime.bigint()
for (let i = 0; i < 1000000; i++) soak.apply([['billing.email', v[i & 1]]])
const soakSecs = ms(t0) / 1000
global.gc?.()
const rss1 = process.memoryUsage().rss, stats1 = soak.stats()
row('soak: 1 000 000 applies', soakSecs, 's', '')
row('soak: RSS start → end', `${(rss0 / 1048576).toFixed(1)} → ${(rss1 / 1048576).toFixed(1)}`, 'MB', 'flat')
row('soak: wasm memory start → end', `${stats0.memoryBytes / 1024} → ${stats1.memoryBytes / 1024}`, 'KB', 'flat')
row('soak: live heap start → end', `${stats0.heapLiveBytes} → ${stats1.heapLiveBytes}`, 'bytes', 'flat')

console.log('measure                                   value        bar')
for (const r of rows) {
  const val = typeof r.value === 'number' ? r.value.toFixed(r.value < 10 ? 2 : 1) : r.value
  console.log(`${r.what.padEnd(40)} ${(val + ' ' + r.unit).padEnd(18)} ${r.bar}`)
}
const out = resolve('bench/results.json')
const results = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
results.scale = { node: process.version, rows }
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
