// listener.mjs PKG_DIR [ITERATIONS] — what one listener call costs besides
// its handler: p.apply() of a change its topic hears, with a no-op handler,
// against the same apply of a path no rule names (same package, same
// encoding, no listener round).  Method as bench/apply.mjs; merges the
// figures into bench/results.json under "listener".
import { benchArgs, saveResults } from './common.mjs'

const { iterations, createPipeline, measure } = await benchArgs('build/bench/one-listener')

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

saveResults('listener', { node: process.version, iterations, rows })
