// alloc.mjs ONE_SYNC_PKG [SYNCFLIP_PKG] — bytes the JavaScript heap
// allocates per p.apply(), against the bytes of the result apply returns.
// Run with --expose-gc (make bench does).
//
// allocated: V8's sampling heap profiler (node:inspector,
//   HeapProfiler.startSampling with the objects later collected included),
//   over N applies after a warm-up; its total divided by N. The profile also
//   says which functions allocated.
// result:    what one returned result keeps alive: K results held in an
//   array, the heap measured after gc() before and after, divided by K.
// beyond:    allocated − result: what the glue allocates per call besides
//   the changes it hands back. The bar: nothing, that is less than the
//   smallest JS object (12 bytes) per call, give or take the sampler's
//   noise; the script exits 1 when a row misses it.
//
// Scenarios: one sync pair (bench/fixtures/one-sync.wp), a single edit
// alternating two values and its no-op re-apply; with the catalog's
// sync/flip package, the no-op of S01 (a 60-character dynamic path) and
// of S12 (three paths). Prints a table and merges it into
// bench/results.json (key alloc).
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Session } from 'node:inspector/promises'

if (typeof globalThis.gc !== 'function') {
  console.error('alloc.mjs: run node with --expose-gc')
  process.exit(2)
}
const [oneDir, subsetDir] = process.argv.slice(2)
const load = async (dir) => (await import(pathToFileURL(resolve(dir, 'index.js')).href)).createPipeline

const N = 200000          // applies sampled
const K = 20000           // results held to weigh one
const INTERVAL = 512      // sampling interval, bytes (each sample stands for about this much)

const session = new Session()
session.connect()
await session.post('HeapProfiler.enable')

async function allocated(fn) {
  for (let i = 0; i < 50000; i++) fn(i)   // warm-up: the optimised glue is what is measured
  gc()
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  })
  for (let i = 0; i < N; i++) fn(i)
  const { profile } = await session.post('HeapProfiler.stopSampling')
  const by = new Map()
  let total = 0
  const walk = (node) => {
    if (node.selfSize) {
      const name = `${node.callFrame.functionName || '(anonymous)'}`
      by.set(name, (by.get(name) || 0) + node.selfSize)
      total += node.selfSize
    }
    for (const c of node.children) walk(c)
  }
  walk(profile.head)
  const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([f, b]) => `${f} ${(b / N).toFixed(1)}`)
  return { bytes: total / N, top }
}

// The median of three weighings (the heap's own bookkeeping moves a little).
function retained(fn) {
  const keep = new Array(K).fill(null)
  const runs = []
  for (let r = 0; r < 4; r++) {
    keep.fill(null)
    gc(); gc()
    const before = process.memoryUsage().heapUsed
    for (let i = 0; i < K; i++) keep[i] = fn(i)
    gc(); gc()
    const after = process.memoryUsage().heapUsed
    if (r > 0) runs.push(Math.max(0, (after - before) / K)) // the first run makes the shapes once
  }
  return runs.sort((a, b) => a - b)[1]
}

async function row(name, fn) {
  const a = await allocated(fn)
  const r = retained(fn)
  return { name, allocated_bytes: a.bytes, result_bytes: r, beyond_bytes: Math.max(0, a.bytes - r), top: a.top }
}

const rows = []
{
  const p = (await load(oneDir))({ billing: { email: 'a@b.c' }, shipping: { email: 'a@b.c' } })
  const batches = [[['billing.email', 'x@y.z']], [['billing.email', 'u@v.w']]]
  rows.push(await row('one sync: apply, real work', (i) => p.apply(batches[i & 1])))
  const held = [['billing.email', p.get('billing.email')]]
  if (p.apply(held).length !== 0) throw new Error('re-applying the held value was not a no-op')
  rows.push(await row('one sync: no-op re-apply', () => p.apply(held)))
  const values = ['x@y.z', 'u@v.w']
  rows.push(await row('one sync: set, real work', (i) => p.set('billing.email', values[i & 1])))
  const value = p.get('billing.email')
  rows.push(await row('one sync: set, no-op', () => p.set('billing.email', value)))
}
if (subsetDir) {
  const { catalogState } = await import('../examples/catalog/state.mjs')
  const { syncFlip } = await import('../examples/catalog/scenarios.mjs')
  const create = await load(subsetDir)
  for (const name of ['S01', 'S12']) {
    const p = create(catalogState())
    p.apply(syncFlip[name].a)
    const held = syncFlip[name].a.map(([path]) => [path, p.get(path)])
    if (p.apply(held).length !== 0) throw new Error(`${name}: re-applying the held values changed something`)
    rows.push(await row(`catalog subset ${name}: no-op`, () => p.apply(held)))
  }
}

console.log('scenario                          allocated B  result B  beyond B   allocated by (B per apply)')
for (const r of rows)
  console.log(`${r.name.padEnd(33)} ${r.allocated_bytes.toFixed(1).padStart(11)} ${r.result_bytes.toFixed(1).padStart(9)}` +
              ` ${r.beyond_bytes.toFixed(1).padStart(9)}   ${r.top.join(', ')}`)

// The check (a bench's, never a test's): any object the glue made per call
// would weigh at least 12 bytes.
const over = rows.filter((r) => r.beyond_bytes >= 12)
console.log(over.length ? `bar (nothing beyond the result): missed by ${over.map((r) => r.name).join('; ')}`
  : 'bar (nothing beyond the result): met')
process.exitCode = over.length ? 1 : 0

const out = resolve('bench/results.json')
const all = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
all.alloc = { node: process.version, date: new Date().toISOString().slice(0, 10), applies: N, rows }
writeFileSync(out, JSON.stringify(all, null, 2) + '\n')
