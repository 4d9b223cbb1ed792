// derived.test.mjs — semantics.md §6 (aggregation), §7 (computation), §3
// stages 1, 2 and 6, §13 creation and §9 groups where they speak of derived
// values; language.md §6 (aggregate, compute).  One test per sentence or
// example, named after it.
//
// Fixtures (each built on its own):
//   fixtures/aggregate.wp      read and write directions, merging, wildcards
//   fixtures/compute.wp        sum, avg, min, max, count, exclusions, lists
//   fixtures/derived_order.wp  stage 6 order, sync after derived, creation, groups
//
// The expected values come from the spec's sentences, not from a run of the
// binary; the sums are checked against JavaScript's own `+` on random sources.
import { test } from 'node:test'
import fs from 'node:fs'
import path from 'node:path'
import { assert, assertChanges, pipelineOf, runWpc, tmpDir } from './helpers.mjs'

const creators = {}
for (const fx of ['aggregate', 'compute', 'derived_order']) creators[fx] = await pipelineOf(fx).catch((e) => e)
function make(fx) {
  return (state, opts) => {
    if (creators[fx] instanceof Error) throw creators[fx]
    return creators[fx](state, opts)
  }
}
const agg = make('aggregate')
const comp = make('compute')
const ord = make('derived_order')

/** Builds a one-off .wp text; returns wpc's result. */
function buildText(name, text) {
  const dir = tmpDir('wp')
  const file = path.join(dir, name + '.wp')
  fs.writeFileSync(file, text)
  return { ...runWpc(['build', file, '-o', path.join(dir, 'out')]), dir }
}

// ---- §6 read ---------------------------------------------------------------------------

test('aggregate read: all active sources equal → that value', () => {
  const p = agg({ ag: { a: 'x', b: 'x' } })
  assert.equal(p.get('ag.t'), 'x')
})

test('aggregate read: sources that differ → undefined', () => {
  const p = agg({ ag: { a: 'x', b: 'y', t: 'old' } })
  assert.equal(p.get('ag.t'), undefined)
  assert.ok('t' in p.getState().ag, 'the target holds undefined')
})

test('aggregate read: missing and undefined sources are ignored (differs: not undefined at once)', () => {
  assert.equal(agg({ ag: { a: 'x' } }).get('ag.t'), 'x')
  assert.equal(agg({ ag: { a: undefined, b: 7 } }).get('ag.t'), 7)
})

test('aggregate read: no source left → undefined', () => {
  const p = agg({ ag: { t: 1 } })
  assert.equal(p.get('ag.t'), undefined)
  assertChanges(p.initialChanges.filter((c) => c[0] === 'ag.t'), [['ag.t', undefined, 'aggregation_read']])
})

test('aggregate read: null is a value: null,null → null; "","" → ""; 0,0 → 0', () => {
  assert.equal(agg({ ag: { a: null, b: null } }).get('ag.t'), null)
  assert.equal(agg({ ag: { a: '', b: '' } }).get('ag.t'), '')
  assert.equal(agg({ ag: { a: 0, b: 0 } }).get('ag.t'), 0)
  assert.equal(agg({ ag: { a: null, b: 0 } }).get('ag.t'), undefined)
})

test('aggregate read: values compare deeply and typed (1 ≠ "1", objects by content)', () => {
  assert.equal(agg({ ag: { a: 1, b: '1' } }).get('ag.t'), undefined)
  assert.deepStrictEqual(agg({ ag: { a: { k: [1] }, b: { k: [1] } } }).get('ag.t'), { k: [1] })
})

test('aggregate read: excluded sources are not active', () => {
  const p = agg({ ex: { a: 1, b: 2, c: 1, skip: true } })
  assert.equal(p.get('ex.t'), 1)
})

test('aggregate: exclude when belongs to the source just before it', () => {
  // ex.t <- ex.a, ex.b exclude when ex.skip, ex.c: ex.skip excludes b only
  const p = agg({ ex: { a: 1, b: 1, c: 2, skip: true } })
  assert.equal(p.get('ex.t'), undefined, 'c still counts')
})

test('aggregate: several statements with one target merge their sources in declaration order', () => {
  const p = agg({ mg: { a: 1, b: 2 } })
  assert.equal(p.get('mg.t'), undefined)
  assertChanges(p.set('mg.off', true), [['mg.off', true, 'input'], ['mg.t', 1, 'aggregation_read']])
  assertChanges(p.set('mg.t', 5), [['mg.a', 5, 'aggregation_write'], ['mg.t', 5, 'aggregation_read']])
})

test('aggregate: recomputed when a source changes', () => {
  const p = agg({ ag: { a: 1, b: 1 } })
  assertChanges(p.set('ag.b', 2), [['ag.b', 2, 'input'], ['ag.t', undefined, 'aggregation_read']])
  assertChanges(p.set('ag.a', 2), [['ag.a', 2, 'input'], ['ag.t', 2, 'aggregation_read']])
})

test('aggregate: recomputed when a condition input changes', () => {
  const p = agg({ ex: { a: 1, b: 2, c: 1 } })
  assert.equal(p.get('ex.t'), undefined)
  assertChanges(p.set('ex.skip', true), [['ex.skip', true, 'input'], ['ex.t', 1, 'aggregation_read']])
  assertChanges(p.set('ex.skip', false), [['ex.skip', false, 'input'], ['ex.t', undefined, 'aggregation_read']])
})

test('aggregate: recomputed when a change is below a source', () => {
  const p = agg({ ag: { a: { k: 1 }, b: { k: 1 } } })
  assert.deepStrictEqual(p.get('ag.t'), { k: 1 })
  assertChanges(p.set('ag.a.k', 2), [['ag.a.k', 2, 'input'], ['ag.t', undefined, 'aggregation_read']])
})

test('aggregate: recomputed when a change is above a source (differs: parent replacements recompute)', () => {
  const p = agg({ ag: { a: 1, b: 2 } })
  assertChanges(p.set('ag', { a: 3, b: 3 }), [['ag', { a: 3, b: 3 }, 'input'], ['ag.t', 3, 'aggregation_read']])
})

test('aggregate: computed at creation, and the value is recorded (differs: creation-time values were not)', () => {
  const p = agg({ ag: { a: 'v', b: 'v' } })
  assert.ok(p.initialChanges.some((c) => c[0] === 'ag.t' && c[1] === 'v' && c[2].stage === 'aggregation_read'))
})

// ---- §6 write --------------------------------------------------------------------------

test('aggregate write: sources A, B; T = "x" → A = "x", B = "x", T = "x"', () => {
  const p = agg({ ag: { a: 1, b: 2 } })
  assertChanges(p.set('ag.t', 'x'),
    [['ag.a', 'x', 'aggregation_write'], ['ag.b', 'x', 'aggregation_write'], ['ag.t', 'x', 'aggregation_read']])
  assert.deepStrictEqual(p.getState().ag, { a: 'x', b: 'x', t: 'x' })
})

test('aggregate write: a write below T goes below each active source (S.rest)', () => {
  const p = agg({ ag: { a: { k: 1, m: 1 }, b: { k: 1, m: 1 } } })
  assertChanges(p.set('ag.t.k', 2),
    [['ag.a.k', 2, 'aggregation_write'], ['ag.b.k', 2, 'aggregation_write'], ['ag.t', { k: 2, m: 1 }, 'aggregation_read']])
})

test('aggregate write: excluded sources keep their value', () => {
  const p = agg({ ex: { a: 1, b: 2, c: 3, skip: true } })
  assertChanges(p.set('ex.t', 9), [['ex.a', 9, 'aggregation_write'], ['ex.c', 9, 'aggregation_write'], ['ex.t', 9, 'aggregation_read']])
  assert.equal(p.get('ex.b'), 2)
})

test('aggregate write: exclusions are evaluated before the batch', () => {
  const p = agg({ ex: { a: 1, b: 1, c: 1 } })
  // ex.skip turns true in the same batch: b was active before it
  const out = p.apply([['ex.skip', true], ['ex.t', 5]])
  assertChanges(out, [['ex.skip', true, 'input'], ['ex.a', 5, 'aggregation_write'], ['ex.b', 5, 'aggregation_write'],
    ['ex.c', 5, 'aggregation_write'], ['ex.t', 5, 'aggregation_read']])
})

test('aggregate write: the write-backs carry a copy of the input meta with their own stage', () => {
  const p = agg({ ag: { a: 1, b: 1 } })
  assertChanges(p.apply([['ag.t', 2, { sender: 'ui' }]]),
    [['ag.a', 2, 'aggregation_write', { sender: 'ui' }], ['ag.b', 2, 'aggregation_write', { sender: 'ui' }],
      ['ag.t', 2, 'aggregation_read']])
})

test('aggregate write: "select all" — writing the target writes every line not removed', () => {
  const p = agg({ wl: { lines: { a: { gift: false }, b: { gift: false, removed: true }, c: { gift: false } } } })
  assert.equal(p.get('wl.all'), false)
  assertChanges(p.set('wl.all', true),
    [['wl.lines.a.gift', true, 'aggregation_write'], ['wl.lines.c.gift', true, 'aggregation_write'], ['wl.all', true, 'aggregation_read']])
  assert.equal(p.get('wl.lines.b.gift'), false)
})

// ---- §6 wildcards ----------------------------------------------------------------------

test('aggregate wildcard sources mean every key present', () => {
  assert.equal(agg({ wl: { lines: { a: { gift: 1 }, b: { gift: 1 } } } }).get('wl.all'), 1)
  assert.equal(agg({ wl: { lines: { a: { gift: 1 }, b: { gift: 2 } } } }).get('wl.all'), undefined)
})

test('aggregate wildcard: a key appearing is a change of the source set', () => {
  const p = agg({ wl: { lines: { a: { gift: true } } } })
  assertChanges(p.set('wl.lines.b', { gift: false }), [['wl.lines.b', { gift: false }, 'input'], ['wl.all', undefined, 'aggregation_read']])
})

test('aggregate wildcard: a key disappearing is a change of the source set', () => {
  const p = agg({ wl: { lines: { a: { gift: true }, b: { gift: false } } } })
  assertChanges(p.set('wl.lines', { a: { gift: true } }), [['wl.lines', { a: { gift: true } }, 'input'], ['wl.all', true, 'aggregation_read']])
})

test('aggregate wildcard target: one value per key, its [*] bound by position', () => {
  const p = agg({ pl: { x: { items: { i: { on: true }, j: { on: true } } }, y: { items: { k: { on: false } } } } })
  assert.equal(p.get('pl.x.all'), true)
  assert.equal(p.get('pl.y.all'), false)
  assertChanges(p.set('pl.x.all', false),
    [['pl.x.items.i.on', false, 'aggregation_write'], ['pl.x.items.j.on', false, 'aggregation_write'], ['pl.x.all', false, 'aggregation_read']])
  assert.equal(p.get('pl.y.items.k.on'), false)
})

// ---- §7 computation --------------------------------------------------------------------

test('sum: sum of the numbers, 0 when none', () => {
  assert.equal(comp({ cs: { v: { a: 1, b: 2.5 } } }).get('cs.sum'), 3.5)
  assert.equal(comp({}).get('cs.sum'), 0)
})

test('values: active sources holding numbers; others skipped', () => {
  const p = comp({ cs: { v: { a: 1, b: '2', c: null, d: true, e: { n: 1 }, f: 3 } } })
  assert.equal(p.get('cs.sum'), 4)
  assert.equal(p.get('cs.avg'), 2)
  assert.equal(p.get('cs.min'), 1)
  assert.equal(p.get('cs.max'), 3)
})

test('avg: the mean; undefined when no value', () => {
  assert.equal(comp({ cs: { v: { a: 1, b: 2 } } }).get('cs.avg'), 1.5)
  const p = comp({ cs: { v: { a: 'x' } } })
  assert.equal(p.get('cs.avg'), undefined)
})

test('min / max: undefined when no value', () => {
  const p = comp({ cs: { v: { a: 4, b: -2, c: 9 } } })
  assert.equal(p.get('cs.min'), -2)
  assert.equal(p.get('cs.max'), 9)
  const q = comp({ cs: { v: {} } })
  assert.equal(q.get('cs.min'), undefined)
  assert.equal(q.get('cs.max'), undefined)
})

test('count: active sources holding a value that is not missing/null/undefined (any type)', () => {
  const p = comp({ cs: { v: { a: 0, b: '', c: null, d: undefined, e: false, f: { k: 1 } } } })
  assert.equal(p.get('cs.count'), 4)
  assert.equal(comp({}).get('cs.count'), 0)
})

test('computation: excluded sources are not active (inside the parentheses, per source)', () => {
  const p = comp({ ce: { lines: { a: { price: 10 }, b: { price: 5, removed: true } }, fee: 2 } })
  assert.equal(p.get('ce.total'), 12)
  assertChanges(p.set('ce.free', true), [['ce.free', true, 'input'], ['ce.total', 10, 'computation']])
  assertChanges(p.set('ce.lines.b.removed', false), [['ce.lines.b.removed', false, 'input'], ['ce.total', 15, 'computation']])
})

test('summation in source order: declaration order, then key order, as JavaScript\'s left-to-right +', () => {
  // 1e16 + 1 + 1 differs from 1 + 1 + 1e16 in doubles
  const p = comp({ cs: { v: { a: 1e16, b: 1, c: 1 } } })
  assert.equal(p.get('cs.sum'), 0 + 1e16 + 1 + 1)
  const q = comp({ cs: { v: { c: 1, b: 1, a: 1e16 } } })
  assert.equal(q.get('cs.sum'), 0 + 1 + 1 + 1e16)
  assert.notEqual(p.get('cs.sum'), q.get('cs.sum'))
})

test('summation over a list: index order', () => {
  const p = comp({ li: { items: [{ p: 0.1 }, { p: 0.2 }, { p: 0.3 }] } })
  assert.equal(p.get('li.t'), 0.1 + 0.2 + 0.3)
  assertChanges(p.set('li.items.3', { p: 1 }), [['li.items.3', { p: 1 }, 'input'], ['li.t', 0.1 + 0.2 + 0.3 + 1, 'computation']])
})

function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomNumber(r) {
  const k = r()
  if (k < 0.05) return 0
  if (k < 0.08) return -0
  const mag = Math.pow(10, Math.floor(r() * 40) - 20)
  const v = (r() - 0.5) * mag
  return r() < 0.3 ? Math.round(v * 100) / 100 : v
}

test('differential: sums over random sources equal JavaScript\'s left-to-right + (creation and after changes)', () => {
  const r = rng(20240611)
  for (let round = 0; round < 60; round++) {
    const n = 1 + Math.floor(r() * 40)
    const v = {}
    for (let i = 0; i < n; i++) v['k' + Math.floor(r() * 1e6)] = randomNumber(r)
    const p = comp({ big: { v } })
    const js = () => Object.values(p.getState().big.v).reduce((a, b) => a + b, 0)
    assert.ok(Object.is(p.get('big.t'), js()), `creation, round ${round}: ${p.get('big.t')} vs ${js()}`)
    for (let c = 0; c < 5; c++) {
      const keys = Object.keys(v)
      const key = r() < 0.2 ? 'new' + c : keys[Math.floor(r() * keys.length)]
      p.set('big.v.' + key, randomNumber(r))
      assert.ok(Object.is(p.get('big.t'), js()), `after a change, round ${round}: ${p.get('big.t')} vs ${js()}`)
    }
  }
})

test('differential: avg over random sources equals the JavaScript sum divided by the count', () => {
  const r = rng(7)
  for (let round = 0; round < 30; round++) {
    const v = {}
    for (let i = 0; i < 1 + Math.floor(r() * 20); i++) v['k' + i] = randomNumber(r)
    const vals = Object.values(v)
    const p = comp({ cs: { v } })
    assert.ok(Object.is(p.get('cs.avg'), vals.reduce((a, b) => a + b, 0) / vals.length))
  }
})

test('computed targets are read-only: an input that writes exactly T is dropped (stage 2)', () => {
  const p = comp({ cs: { v: { a: 1 } } })
  assertChanges(p.set('cs.sum', 99), [])
  assert.equal(p.get('cs.sum'), 1)
  // the other inputs of the batch still apply
  assertChanges(p.apply([['cs.sum', 5], ['cs.v.a', 2]]), [['cs.v.a', 2, 'input'], ['cs.sum', 2, 'computation'],
    ['cs.avg', 2, 'computation'], ['cs.min', 2, 'computation'], ['cs.max', 2, 'computation']])
})

test('aggregation write into a computed source: the replacing write is an input at a computed target, dropped (stages 1 and 2)', async () => {
  const r = buildText('aggcomp', 'aggregate t <- d, u\ncompute u = sum(v)\n')
  assert.equal(r.status, 0, r.stderr)
  const { pathToFileURL } = await import('node:url')
  const { createPipeline } = await import(pathToFileURL(path.join(r.dir, 'out', 'index.js')).href)
  const p = createPipeline({ v: 2, d: 2 })
  assert.equal(p.get('u'), 2)
  assertChanges(p.set('t', 7), [['d', 7, 'aggregation_write'], ['t', undefined, 'aggregation_read']])
  assert.equal(p.get('u'), 2)
})

test('computed target: a write above it is not dropped, and the value is recomputed', () => {
  const p = comp({ cs: { v: { a: 1 } } })
  const out = p.set('cs', { v: { a: 1 }, sum: 50 })
  assertChanges(out.slice(0, 1), [['cs', { v: { a: 1 }, sum: 50 }, 'input']])
  assert.equal(p.get('cs.sum'), 1)
})

test('compute: several statements with one target and the same operation merge their sources', () => {
  const p = comp({ cm: { a: 1, b: 2 } })
  assert.equal(p.get('cm.t'), 3)
  assertChanges(p.set('cm.b', 5), [['cm.b', 5, 'input'], ['cm.t', 6, 'computation']])
})

test('compute: a different operation for one target is a compile error (WP0509)', () => {
  const r = buildText('ops', 'compute t = sum(a)\ncompute t = max(b)\n')
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /WP0509/)
})

test('computation: a key appearing or disappearing changes the source set', () => {
  const p = comp({ cs: { v: { a: 1 } } })
  assertChanges(p.set('cs.v.b', 2).filter((c) => c[0] === 'cs.sum'), [['cs.sum', 3, 'computation']])
  assertChanges(p.set('cs.v', { b: 2 }).filter((c) => c[0] === 'cs.sum' || c[0] === 'cs.count'),
    [['cs.sum', 2, 'computation'], ['cs.count', 1, 'computation']])
})

test('computation: a wildcard target has one value per key of its sources; a key that goes is not written back', () => {
  const p = comp({ pk: { a: { items: { x: { p: 1 }, y: { p: 2 } } }, b: { items: {} } } })
  assert.equal(p.get('pk.a.total'), 3)
  assert.equal(p.get('pk.b.total'), 0)
  assertChanges(p.set('pk.a.items.z', { p: 4 }), [['pk.a.items.z', { p: 4 }, 'input'], ['pk.a.total', 7, 'computation']])
  assertChanges(p.set('pk', { b: { items: {} } }), [['pk', { b: { items: {} } }, 'input'], ['pk.b.total', 0, 'computation']])
  assert.deepStrictEqual(p.getState().pk, { b: { items: {}, total: 0 } })
})

test('computations never raise: a target behind a scalar is left alone', () => {
  const p = comp({ cs: { v: { a: 1 } }, cm: 'text' })
  assert.equal(p.get('cm'), 'text')
  assertChanges(p.set('cs.v.a', 2).slice(0, 1), [['cs.v.a', 2, 'input']])
})

test('derived changes carry { stage } only', () => {
  const p = comp({ cm: { a: 1, b: 1 } })
  const out = p.apply([['cm.a', 2, { sender: 'ui' }]])
  assertChanges(out, [['cm.a', 2, 'input', { sender: 'ui' }], ['cm.t', 3, 'computation']])
})

// ---- cost ------------------------------------------------------------------------------

test('a change recomputes only the derived values that read it', () => {
  const p = comp({ cs: { v: { a: 1 } }, cm: { a: 1, b: 1 }, big: { v: { x: 1 } } })
  const before = p.stats().derivedEvaluations
  p.set('cm.a', 2)
  assert.equal(p.stats().derivedEvaluations - before, 1, 'cm.t only')
  p.set('unrelated.path', 1)
  assert.equal(p.stats().derivedEvaluations - before, 1, 'nothing reads it')
  p.set('big.v.y', 1)
  assert.equal(p.stats().derivedEvaluations - before, 2, 'big.t only')
})

// ---- §3 stage 6 order ------------------------------------------------------------------

test('stage 6: a computation over an aggregation target sees the new aggregate (differs: not before)', () => {
  // od.total = sum(od.price, od.fee) is declared before od.price <- od.a, od.b
  const p = ord({ od: { a: 2, b: 2, fee: 1 } })
  assert.equal(p.get('od.total'), 3)
  const out = p.apply([['od.a', 5], ['od.b', 5]])
  assertChanges(out.filter((c) => !c[0].startsWith('_concerns')),
    [['od.a', 5, 'input'], ['od.b', 5, 'input'], ['od.price', 5, 'aggregation_read'], ['od.total', 6, 'computation']])
})

test('stage 6: each derived write propagates through its own sync component right away (sync cart.total -> summary.total)', () => {
  const p = ord({ cart: { lines: { a: { price: 1 } } }, summary: { tax: 1 } })
  assert.equal(p.get('summary.total'), 1)
  assertChanges(p.set('cart.lines.b', { price: 2 }),
    [['cart.lines.b', { price: 2 }, 'input'], ['cart.total', 3, 'computation'], ['summary.total', 3, 'sync'],
      ['summary.withTax', 4, 'computation']])
})

test('stage 6: derived values that read synced members come later in the order', () => {
  const p = ord({ cart: { lines: {} }, summary: { tax: 10 } })
  assert.equal(p.get('summary.withTax'), 10)
  p.set('cart.lines.a', { price: 5 })
  assert.equal(p.get('summary.withTax'), 15)
})

test('stage 6: a cycle through a sync edge is a compile error, with the cycle shown', () => {
  const r = buildText('cycle', 'compute x.t = sum(y.s)\nsync x.t -> y.s\n')
  assert.notEqual(r.status, 0)
  assert.match(r.stderr, /WP0601/)
  assert.match(r.stderr, /'x\.t'/)
})

test('stage 7 sees the derived values: a concern over a computed target', () => {
  const p = ord({ od: { a: 1, b: 1, fee: 1 } })
  assert.equal(p.getConcerns('od.total').big, false)
  const out = p.apply([['od.fee', 20]])
  assertChanges(out, [['od.fee', 20, 'input'], ['od.total', 21, 'computation'], ['_concerns.od.total.big', true, 'concerns']])
})

// ---- §13 creation ----------------------------------------------------------------------

test('creation: missing derived targets are created, and their values are in initialChanges', () => {
  const p = ord({ cart: { lines: { a: { price: 2 } } } })
  assert.equal(p.get('cart.total'), 2)
  assert.ok(p.initialChanges.some((c) => c[0] === 'cart.total' && c[1] === 2 && c[2].stage === 'computation'))
  assert.ok(p.initialChanges.some((c) => c[0] === 'od.total' && c[1] === 0))
})

test('creation: sync copies, then aggregations and computations in dependency order, then concerns', () => {
  const p = ord({ od: { a: 4, b: 4, fee: 7 }, cart: { lines: { a: { price: 1 } } }, summary: { tax: 0 } })
  const paths = p.initialChanges.map((c) => c[0])
  const at = (x) => paths.indexOf(x)
  assert.ok(at('od.price') >= 0 && at('od.price') < at('od.total'), 'the aggregate before the computation that reads it')
  assert.ok(at('cart.total') < at('summary.total') && at('summary.total') < at('summary.withTax'), 'sync after its derived value')
  assert.ok(at('od.total') < at('_concerns.od.total.big'), 'concerns last')
  assert.equal(p.getConcerns('od.total').big, true)
})

// ---- §9 groups -------------------------------------------------------------------------

test('groups: derived values and clears in a disabled group do nothing', () => {
  const p = ord({ dg: { v: { a: 1 }, f: { x: true }, note: 'n' } })
  assert.equal(p.get('dg.sum'), undefined)
  assertChanges(p.set('dg.v.b', 2), [['dg.v.b', 2, 'input']])
  assertChanges(p.set('dg.sum', 9), [['dg.sum', 9, 'input'], ['dg.after', 9, 'computation']], {
    message: 'a disabled computation does not make its target read-only',
  })
  assertChanges(p.set('dg.all', false), [['dg.all', false, 'input']])
  assertChanges(p.set('dg.trigger', 1), [['dg.trigger', 1, 'input']])
})

test('groups: enabling a group computes its derived values (creation steps), and what reads them follows', () => {
  const p = ord({ dg: { v: { a: 1, b: 2 }, f: { x: true, y: true } } })
  assertChanges(p.enable('dg'), [['dg.sum', 3, 'computation'], ['dg.all', true, 'aggregation_read'], ['dg.after', 3, 'computation']])
  assertChanges(p.set('dg.v.c', 1), [['dg.v.c', 1, 'input'], ['dg.sum', 4, 'computation'], ['dg.after', 4, 'computation']])
  assertChanges(p.set('dg.all', false),
    [['dg.f.x', false, 'aggregation_write'], ['dg.f.y', false, 'aggregation_write'], ['dg.all', false, 'aggregation_read']])
  assertChanges(p.disable('dg'), [])
  assertChanges(p.set('dg.v.d', 1), [['dg.v.d', 1, 'input']])
})

test('groups: a group switched on by its `when` condition computes its derived values in the same round', () => {
  const p = ord({ dw: { v: { a: 1, b: 1 } } })
  assert.equal(p.get('dw.t'), undefined)
  const out = p.set('dw.on', true)
  assertChanges(out, [['dw.on', true, 'input'], ['dw.t', 2, 'computation']])
  assertChanges(p.set('dw.v.c', 1), [['dw.v.c', 1, 'input'], ['dw.t', 3, 'computation']])
})

// ---- errors ----------------------------------------------------------------------------

test('an apply that fails leaves the derived values as they were', () => {
  const p = comp({ cs: { v: { a: 1 } }, s: 'scalar' })
  assert.throws(() => p.apply([['cs.v.a', 5], ['s.x', 1]]))
  assert.equal(p.get('cs.sum'), 1)
  assert.equal(p.get('cs.v.a'), 1)
})
