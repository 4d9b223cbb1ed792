// listener.mjs PKG_DIR [ITERATIONS] — what one listener call costs besides
// its handler: p.apply() of a change its topic hears, with a no-op handler,
// against the same apply of a path no rule names (same package, same
// encoding, no listener round).  Method as bench/apply.mjs; merges the
// figures into bench/results.json under "listener".
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const dir = resolve(process.argv[2] ?? 'build/bench/one-listener')
const iterations = Number(process.argv[3] ?? 20000)
const { createPipeline } = await import(pathToFileURL(resolve(dir, 'index.js')).href)

function measure(name, fn) {
  for (let i = 0; i < 20000; i++) fn(i)
  const batch = 50
  const samples = []
  for (let s = 0; s < iterations / batch; s++) {
    const t0 = process.hrtime.bigint()
    for (let k = 0; k < batch; k++) fn(s * batch + k)
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / batch)
  }
  samples.sort((a, b) => a - b)
  const q = (f) => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]
  return { name, median_us: q(0.5), p10_us: q(0.1), p90_us: q(0.9) }
}

let calls = 0
const p = createPipeline({ form: { name: 'a', other: 'a' } }, { listeners: { onName() { calls++ } } })
const values = ['x', 'y']
const heard = measure('one listener: apply, no-op handler', (i) => p.apply([['form.name', values[i & 1]]]))
if (!calls) throw new Error('the listener never ran')
const before = calls
const quiet = measure('same apply, no rule hears it', (i) => p.apply([['form.other', values[i & 1]]]))
if (calls !== before) throw new Error('form.other reached the listener')
const rows = [heard, quiet, { name: 'listener call: glue and crossing', median_us: heard.median_us - quiet.median_us }]

console.log('scenario                              median µs   p10–p90 µs')
for (const r of rows)
  console.log(`${r.name.padEnd(37)} ${r.median_us.toFixed(2).padStart(9)}   ` +
              (r.p10_us !== undefined ? `${r.p10_us.toFixed(2)}–${r.p90_us.toFixed(2)}` : '(difference of the medians)'))

const out = resolve('bench/results.json')
const results = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
results.listener = { node: process.version, iterations, rows }
writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
