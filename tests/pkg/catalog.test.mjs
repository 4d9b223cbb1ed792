// catalog.test.mjs — the catalog app of examples/catalog (benchmark.md §1)
// compiled and run: it builds with no WP0701 warning, every scenario
// S01–S16 applies, and for S01, S04, S09 and S16 the state values, concern
// values and handler calls that must result, derived by hand from the rules
// of catalog.wp and written down below (the handler formulas are those of
// benchmark.md §1).
import { test } from 'node:test'
import path from 'node:path'
import { assert, describe, normalise, pipelineOf, ROOT, runWpc, tmpDir } from './helpers.mjs'
import { catalogState, catalogHandlers, variantPath } from '../../examples/catalog/state.mjs'

const CATALOG = path.join(ROOT, 'examples/catalog/catalog.wp')
const create = await pipelineOf(CATALOG).catch((e) => e)

const vp = variantPath
const pp = (d, p) => `catalog.departments.dept_${d}.products.p_${p}`
const dp = (d) => `catalog.departments.dept_${d}`
const sale = (id) => 10 + (id * 7.3) % 50
const margin = (id) => 0.1 + (id * 0.037) % 0.3
const vid = (d, p, v) => d * 20 + p * 4 + v
const D = [0, 1, 2], P = [0, 1, 2, 3, 4], V = [0, 1, 2, 3]

/** A pipeline on the benchmark's state whose handlers log (name, ctx.keys or scope). */
function catalog() {
  if (create instanceof Error) throw create
  const calls = []
  const handlers = catalogHandlers()
  const listeners = {}
  for (const [name, fn] of Object.entries(handlers)) {
    listeners[name] = (changes, scoped, ctx) => {
      calls.push([name, ctx.keys.length ? ctx.keys.join('/') : ctx.scope])
      return fn(changes, scoped, ctx)
    }
  }
  const p = create(catalogState(), { listeners })
  calls.length = 0
  return { p, calls }
}

/** The concern entries that differ between two getConcerns() results: { 'field.name': value }. */
function concernDiff(before, after) {
  const diff = {}
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[field] ?? {}, b = after[field] ?? {}
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)]))
      if (describe(a[name]) !== describe(b[name])) diff[`${field}.${name}`] = b[name]
  }
  return diff
}

const catalogCalls = Array.from({ length: 10 }, (_, c) => [`catalogChanged${c}`, 'catalog'])
// catalogChanged{c} writes dept_{c%3}/p_{c%5}/v_3's season: the variant listeners it
// touches next, in c order (skipping one that ran already)
const seasonVariants = (skip) => Array.from({ length: 10 }, (_, c) => [c % 3, c % 5])
  .filter(([d, p]) => !skip.some(([sd, sp]) => sd === d && sp === p))
  .map(([d, p]) => ['variantChanged', `dept_${d}/p_${p}/v_3`])

test('catalog.wp builds with no WP0701 warning', () => {
  const r = runWpc(['build', CATALOG, '-o', path.join(tmpDir('cat'), 'out')])
  assert.equal(r.status, 0, r.stderr)
  assert.doesNotMatch(r.stderr, /WP0701/)
})

test('S01: a variant\'s base price syncs to its product\'s variants; 23 handler calls over three rounds', () => {
  const { p, calls } = catalog()
  const concerns = p.getConcerns()
  p.apply([[`${vp(0, 0, 0)}.price.base`, 59.99]])
  // round 1: the four variants (sync order, their listeners first: deepest topic),
  // then the ten catalog listeners; round 2: the v_3 variants whose season they wrote
  assert.deepStrictEqual(calls, [
    ...V.map((v) => ['variantChanged', `dept_0/p_0/v_${v}`]),
    ...catalogCalls,
    ...seasonVariants([[0, 0]]),
  ])
  for (const v of V) {
    assert.equal(p.get(`${vp(0, 0, v)}.price.base`), 59.99)
    assert.equal(p.get(`${vp(0, 0, v)}.price.sale`), sale(vid(0, 0, v)))
    assert.equal(p.get(`${vp(0, 0, v)}.price.margin`), margin(vid(0, 0, v)))
  }
  for (let c = 0; c < 10; c++) assert.equal(p.get(`${vp(c % 3, c % 5, 3)}.metadata.season`), `listener-${c}`)
  // the last catalog listener per department wins: c = 9, 7, 8
  assert.deepStrictEqual(D.map((d) => p.get(`${dp(d)}.productCount`)), [109, 107, 108])
  assert.equal(p.get(`${vp(1, 1, 3)}.price.sale`), sale(vid(1, 1, 3)))
  assert.equal(p.get(`${vp(0, 1, 0)}.price.base`), 29.99 + 5, 'another product is untouched')
  assert.deepStrictEqual(concernDiff(concerns, p.getConcerns()), {}, 'no condition reads what changed')
})

test('S04: paying order o_0 flips nothing (needsRefund is already false); two order listeners, the second hears the first', () => {
  if (create instanceof Error) throw create
  const seen = []
  const handlers = catalogHandlers()
  const p = create(catalogState(), {
    listeners: {
      ...handlers,
      orderEvenChanged(changes, scoped, ctx) { seen.push(changes); return handlers.orderEvenChanged(changes, scoped, ctx) },
    },
  })
  const out = normalise(p.apply([['orders.o_0.isPaid', true]]))
  assert.deepStrictEqual(out, [
    ['orders.o_0.isPaid', true, { stage: 'input' }],
    ['orders.o_0.total', (60 * 73.7) % 1000, { stage: 'listeners', sender: 'orderChanged' }],
    ['orders.o_0.total', (70 * 73.7) % 1000, { stage: 'listeners', sender: 'orderEvenChanged' }],
  ])
  assert.deepStrictEqual(seen, [[
    ['isPaid', true, { stage: 'input' }],
    ['total', (60 * 73.7) % 1000, { stage: 'listeners', sender: 'orderChanged' }],
  ]])
  assert.equal(p.get('orders.o_0.needsRefund'), false)
  assert.equal(p.get('orders.o_1.total'), catalogState().orders.o_1.total)
})

test('S09: archiving six products disables their variants\' base prices and hides their v_0 and v_1', () => {
  const { p, calls } = catalog()
  const concerns = p.getConcerns()
  const archived = D.flatMap((d) => [0, 1].map((p_) => [d, p_]))
  p.apply(archived.map(([d, p_]) => [`${pp(d, p_)}.status`, 'archived']))
  const want = {}
  for (const [d, p_] of archived) {
    for (const v of V) want[`${vp(d, p_, v)}.price.base.disabledWhen`] = true
    for (const v of [0, 1]) want[`${vp(d, p_, v)}.visibleWhen`] = false
  }
  assert.deepStrictEqual(concernDiff(concerns, p.getConcerns()), want)
  // a status is not under a variant: only the catalog listeners, then the v_3 variants
  // whose seasons they wrote
  assert.deepStrictEqual(calls, [...catalogCalls, ...seasonVariants([])])
  for (const [d, p_] of archived) assert.equal(p.get(`${pp(d, p_)}.status`), 'archived')
  assert.deepStrictEqual(D.map((d) => p.get(`${dp(d)}.productCount`)), [109, 107, 108])
})

test('S16: re-pricing every variant: the last write of each product\'s base-price group wins; 70 handler calls', () => {
  const { p, calls } = catalog()
  const concerns = p.getConcerns()
  const batch = []
  for (const d of D) for (const p_ of P) {
    batch.push([`${pp(d, p_)}.status`, 'active'])
    for (const v of V) {
      batch.push([`${vp(d, p_, v)}.price.base`, 49.99 + d * 20 + p_ * 5 + v * 2])
      batch.push([`${vp(d, p_, v)}.inventory.inStock`, 200 + d * 50 + p_ * 10])
    }
  }
  assert.equal(batch.length, 135)
  p.apply(batch)
  for (const d of D) for (const p_ of P) for (const v of V) {
    // sync v_0 <-> v_1..v_3 base: one group per product, the later change (v_3's) wins
    assert.equal(p.get(`${vp(d, p_, v)}.price.base`), 49.99 + d * 20 + p_ * 5 + 3 * 2)
    assert.equal(p.get(`${vp(d, p_, v)}.inventory.inStock`), 200 + d * 50 + p_ * 10)
    assert.equal(p.get(`${vp(d, p_, v)}.price.sale`), sale(vid(d, p_, v)))
    assert.equal(p.get(`${vp(d, p_, v)}.price.margin`), margin(vid(d, p_, v)))
  }
  // every variant in batch order (first touch), then the catalog listeners; the seasons
  // they write touch v_3 variants that ran already
  const variants = []
  for (const d of D) for (const p_ of P) for (const v of V) variants.push(['variantChanged', `dept_${d}/p_${p_}/v_${v}`])
  assert.deepStrictEqual(calls, [...variants, ...catalogCalls])
  // statuses stay active and stocks stay present: no condition changes
  assert.deepStrictEqual(concernDiff(concerns, p.getConcerns()), {})
})

test('every scenario S01–S16 applies on the benchmark state', () => {
  const S = {
    S02: [[`${vp(0, 2, 1)}.price.base`, 79.99], [`${vp(0, 2, 1)}.price.sale`, 69.99], [`${vp(0, 2, 1)}.inventory.inStock`, 200]],
    S03: [['settings.currency', 'EUR']],
    S05: D.flatMap((d) => P.flatMap((p_) => V.map((v) => [`${vp(d, p_, v)}.inventory.inStock`, 500]))),
    S06: Array.from({ length: 10 }, (_, i) => [`${vp(Math.floor(i / 5) % 3, i % 5, 0)}.isActive`, false]),
    S07: [['orders.o_0.status', 'confirmed'], ['orders.o_0.isPaid', true], ['orders.o_0.isShipped', true],
          ['orders.o_0.items.item_0.quantity', 3], ['orders.o_0.total', 299.97]],
    S08: Array.from({ length: 10 }, (_, i) => [`orders.o_${i}.total`, 100 + i * 50]),
    S10: [[`${vp(1, 2, 3)}.metadata.updatedAt`, '2024-07-01T00:00:00Z'], [`${vp(1, 2, 3)}.metadata.origin`, 'UK'],
          [`${vp(1, 2, 3)}.metadata.season`, 'winter'], [`${vp(1, 2, 3)}.price.base`, 89.99],
          [`${vp(1, 2, 3)}.price.sale`, 74.99], [`${vp(1, 2, 3)}.inventory.inStock`, 300],
          [`${vp(1, 2, 3)}.shipping.estimatedDays`, 2]],
    S11: D.flatMap((d) => P.flatMap((p_) => V.map((v) => [`${vp(d, p_, v)}.price.base`, 99.99 + d + p_ + v]))),
    S12: D.map((d) => [`${dp(d)}.isActive`, false]),
    S13: D.flatMap((d) => P.map((p_) => [`${vp(d, p_, 0)}.shipping.weight`, 2.5 + d + p_ * 0.3])),
    S14: Array.from({ length: 5 }, (_, i) => [[`orders.o_${i}.status`, 'confirmed'], [`orders.o_${i}.isPaid`, true]]).flat(),
    S15: [0, 1].flatMap((d) => P.flatMap((p_) => V.map((v) => [`${vp(d, p_, v)}.price.sale`, 19.99 + d * 10 + p_ + v]))),
  }
  for (const [name, batch] of Object.entries(S)) {
    const { p, calls } = catalog()
    const out = p.apply(batch)
    assert.ok(out.length > 0 && calls.length > 0, `${name}: changes and handler calls`)
    // listener outputs went through the rules: settings.currency reaches every v_0 (S03)
    if (name === 'S03') for (const d of D) for (const p_ of P) assert.equal(p.get(`${vp(d, p_, 0)}.price.currency`), 'EUR')
    if (name === 'S12') for (const d of D) assert.equal(p.get(`${dp(d)}.isDiscontinued`), true)
  }
})
