// derived.mjs PKG_DIR [ITERATIONS] — one source change under a wildcard sum
// of 10, 100 and 1 000 sources (bench/fixtures/wild-sum.wp), µs per apply.
//
// The work per change should be the affected rule's own sources: the sum
// is recomputed from its N sources, and nothing else is looked at (100
// other derived values and clears sit in the same module, untouched).  So
// the three figures may grow with N, but no faster.  Also prints how many
// derived instances each apply recomputed (Pipeline.stats()).  Merges the
// figures into bench/results.json under "derived".
import { benchArgs, saveResults } from './common.mjs'

const { iterations, createPipeline, measure } = await benchArgs('build/bench/wild-sum')

const rows = []
for (const n of [10, 100, 1000]) {
  const lines = {}
  for (let i = 0; i < n; i++) lines['l' + i] = { price: i + 0.5, qty: 1 }
  const others = {}
  for (let i = 0; i < 40; i++) others['other' + i] = { lines: { a: { price: 1, gift: true, qty: 1 } } }
  const p = createPipeline({ cart: { lines }, ...others })
  const key = 'cart.lines.l' + Math.floor(n / 2) + '.price'
  const before = p.stats().derivedEvaluations
  p.apply([[key, 1]])
  const per = p.stats().derivedEvaluations - before
  const row = measure(`sum of ${n} sources: one change`, (i) => p.apply([[key, (i & 1) + 2]]))
  row.sources = n
  row.recomputed_per_apply = per
  rows.push(row)
}

console.log('scenario                            median µs   p10–p90 µs        ops/s   recomputed')
for (const r of rows)
  console.log(`${r.name.padEnd(35)} ${r.median_us.toFixed(2).padStart(9)}   ` +
              `${(r.p10_us.toFixed(2) + '–' + r.p90_us.toFixed(2)).padEnd(14)} ${Math.round(r.ops_per_s).toString().padStart(10)}   ${r.recomputed_per_apply}`)

saveResults('derived', { node: process.version, iterations, rows })
