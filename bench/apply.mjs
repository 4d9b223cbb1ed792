// apply.mjs PKG_DIR [ITERATIONS] — times p.apply() of a compiled package.
//
// Method (benchmark.md §1): one node process; every iteration does real
// work by alternating between two values; the no-op row re-applies the
// value the state already holds.  Prints median and p10–p90 in µs per call
// and ops/s, and merges the figures into bench/results.json.
import { benchArgs, saveResults } from './common.mjs'

const { iterations, createPipeline, measure } = await benchArgs('build/bench/one-sync')

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

saveResults('apply', { node: process.version, iterations, rows })
