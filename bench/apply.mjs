// apply.mjs PKG_DIR [ITERATIONS] — times p.apply() of a compiled package.
//
// Method (benchmark.md §1): one node process; every iteration does real
// work by alternating between two values; the no-op row re-applies the
// value the state already holds.  Prints median and p10–p90 in µs per call
// and ops/s, and merges the figures into bench/results.json.
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const dir = resolve(process.argv[2] ?? 'build/bench/one-sync')
const iterations = Number(process.argv[3] ?? 20000)
const { createPipeline } = await import(pathToFileURL(resolve(dir, 'index.js')).href)

function measure(name, fn) {
  for (let i = 0; i < 20000; i++) fn(i)                // warm up: long enough for the JIT to settle
  const batch = 50                                      // calls per sample: timer resolution
  const samples = []
  const start = process.hrtime.bigint()
  for (let s = 0; s < iterations / batch; s++) {
    const t0 = process.hrtime.bigint()
    for (let k = 0; k < batch; k++) fn(s * batch + k)
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / batch)
  }
  const total = Number(process.hrtime.bigint() - start) / 1e9
  samples.sort((a, b) => a - b)
  const q = (f) => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]
  return { name, median_us: q(0.5), p10_us: q(0.1), p90_us: q(0.9), ops_per_s: iterations / total }
}

const p = createPipeline({ billing: { email: 'a@b.c' }, shipping: { email: 'a@b.c' } })
const values = ['x@y.z', 'u@v.w']
const rows = [measure('one sync: apply, real work', (i) => p.apply([['billing.email', values[i & 1]]]))]
// The no-op row re-applies the value the state holds (read once, outside the loop).
const held = [['billing.email', p.get('billing.email')]]
if (p.apply(held).length !== 0) throw new Error('re-applying the held value was not a no-op')
rows.push(measure('one sync: no-op re-apply', () => p.apply(held)))

console.log('scenario                         median µs   p10–p90 µs        ops/s')
for (const r of rows)
  console.log(`${r.name.padEnd(32)} ${r.median_us.toFixed(2).padStart(9)}   ` +
              `${(r.p10_us.toFixed(2) + '–' + r.p90_us.toFixed(2)).padEnd(14)} ${Math.round(r.ops_per_s).toString().padStart(10)}`)

const out = resolve('bench/results.json')
const results = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
results.apply = { node: process.version, iterations, rows }
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
