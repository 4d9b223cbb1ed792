// catalog.mjs FULL_PKG [SYNCFLIP_PKG] [--quick] — the catalog scenarios of
// examples/catalog/scenarios.mjs, timed as benchmark.md §1 asks: one node
// process, each scenario on a fresh pipeline of the catalog state, applies
// alternating the scenario's two batches (real work every call), the whole
// apply timed (listener handlers included), after a warm-up; then the no-op
// re-apply of the batch the state already holds.  Prints median, p10–p90
// and ops/s per scenario beside the Rust/WASM library's median, and merges
// the figures into bench/results.json (keys catalog and catalogSyncFlip).
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { catalogState, catalogHandlers } from '../examples/catalog/state.mjs'
import { scenarios, syncFlip, rustMedians } from '../examples/catalog/scenarios.mjs'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const [fullDir, subsetDir] = args.filter((a) => !a.startsWith('--'))
const load = async (dir) => (await import(pathToFileURL(resolve(dir, 'index.js')).href)).createPipeline

// Samples of `batch` calls each until both `minSamples` samples and
// `seconds` have passed; µs per call.
function measure(fn, seconds) {
  let batch = 1
  for (let t0 = performance.now(), i = 0; performance.now() - t0 < (quick ? 100 : 400); i++) fn(i)   // warm-up
  const probe = performance.now(); fn(0); fn(1)
  const per = (performance.now() - probe) / 2
  batch = Math.max(1, Math.min(200, Math.floor(0.05 / Math.max(per, 1e-6))))  // ~50 µs per sample
  const samples = []
  let calls = 0
  const start = performance.now()
  const minSamples = quick ? 200 : 1000
  while (samples.length < minSamples || performance.now() - start < seconds * 1000) {
    const t0 = performance.now()
    for (let k = 0; k < batch; k++) fn(calls++)
    samples.push((performance.now() - t0) * 1000 / batch)
    if (samples.length > 200000) break
  }
  const total = (performance.now() - start) / 1000
  samples.sort((a, b) => a - b)
  const q = (f) => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]
  return { median_us: q(0.5), p10_us: q(0.1), p90_us: q(0.9), ops_per_s: Math.round(calls / total), calls }
}

function run(createPipeline, table, rust, withHandlers) {
  const rows = []
  for (const [name, { a, b }] of Object.entries(table)) {
    const options = withHandlers ? { listeners: catalogHandlers() } : {}
    const p = createPipeline(catalogState(), options)
    const batches = [a, b]
    const real = measure((i) => p.apply(batches[i & 1]), quick ? 0.3 : 2)
    p.apply(a)
    const held = a.map(([path]) => [path, p.get(path)])
    if (p.apply(held).length !== 0) throw new Error(`${name}: re-applying the held values changed something`)
    const noop = measure(() => p.apply(held), quick ? 0.2 : 1)
    const row = { name, real, noop, rust_us: rust[name], ratio: rust[name] / real.median_us }
    rows.push(row)
    const f = (x) => x.toFixed(x < 10 ? 2 : 1)
    console.log(`${name.padEnd(5)} ${f(real.median_us).padStart(9)} ${(f(real.p10_us) + '–' + f(real.p90_us)).padEnd(16)}` +
                `${String(real.ops_per_s).padStart(9)} ${String(rust[name]).padStart(7)} ${(row.ratio.toFixed(0) + '×').padStart(6)}` +
                `   no-op ${f(noop.median_us).padStart(7)}`)
  }
  return rows
}

const header = 'scen.  median µs  p10–p90 µs         ops/s  Rust µs  ratio'
const results = {}
if (subsetDir) {
  console.log('catalog, sync and flip rules only\n' + header)
  const create = await load(subsetDir)
  results.catalogSyncFlip = run(create, syncFlip, rustMedians.syncFlip, false)
  // S01's no-op with its path text built anew for every call, as app code
  // often does: the same path, in a string the glue has never seen.
  const p = create(catalogState())
  const [[path0]] = syncFlip.S01.a
  const cut = path0.lastIndexOf('.')
  const head = [path0.slice(0, cut)], tail = path0.slice(cut + 1)
  const value = p.get(path0)
  const fresh = measure((i) => p.apply([[`${head[i & 0]}.${tail}`, value]]), quick ? 0.2 : 1)
  console.log(`S01 no-op, path built per call: ${fresh.median_us.toFixed(2)} µs`)
  results.catalogSyncFlip.push({ name: 'S01 no-op, path built per call', noop: fresh })
}
if (fullDir) {
  console.log('catalog, the whole app (85 listeners, 100 conditions)\n' + header)
  results.catalog = run(await load(fullDir), scenarios, rustMedians.full, true)
}

const out = resolve('bench/results.json')
const all = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
for (const [k, v] of Object.entries(results)) all[k] = { node: process.version, date: new Date().toISOString().slice(0, 10), rows: v }
writeFileSync(out, JSON.stringify(all, null, 2) + '\n')
