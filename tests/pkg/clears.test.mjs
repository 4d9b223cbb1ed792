// clears.test.mjs — semantics.md §8 (clear) and §3 stage 4, sentence by
// sentence; language.md §6 (clear).  Fixture: fixtures/clears.wp.
//
//   clear cl.addr, cl.zip when cl.country changes
//   clear lg[*].quote when lg[*].price changes
//   clear lg[**].selected when flt.text changes
//   clear own.v when own.v changes
//   clear casc.b when casc.a changes;  clear casc.c when casc.b changes
//   sync sy.a <-> sy.b;                clear sy.c when sy.b changes
//   aggregate ca.t <- ca.a, ca.b;      clear ca.note when ca.a changes
//   compute cc.t = sum(cc.v);          clear cc.note when cc.t changes
//   clear mt[*].rows[*].mark, mt[*].sum when mt[*].rows[*].v changes
//   clear obj.target when obj.trigger changes
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('clears').catch((e) => e)
function pipe(state) {
  if (create instanceof Error) throw create
  return create(state)
}

// ---- triggers --------------------------------------------------------------------------

test('clear: when a trigger changes, each target is set to null', () => {
  const p = pipe({ cl: { addr: 'Main St', zip: '123', country: 'US' } })
  assertChanges(p.set('cl.country', 'FR'),
    [['cl.country', 'FR', 'input'], ['cl.addr', null, 'clear_path'], ['cl.zip', null, 'clear_path']])
})

test('clear: a write that leaves the trigger unchanged is a no-op and fires nothing', () => {
  const p = pipe({ cl: { addr: 'x', country: 'US' } })
  assertChanges(p.set('cl.country', 'US'), [])
  assert.equal(p.get('cl.addr'), 'x')
})

test('clear: a write below the trigger that changed its value fires', () => {
  const p = pipe({ obj: { trigger: { a: 1 }, target: 't' } })
  assertChanges(p.set('obj.trigger.a', 2), [['obj.trigger.a', 2, 'input'], ['obj.target', null, 'clear_path']])
})

test('clear: a write above the trigger fires when the trigger\'s value changed', () => {
  const p = pipe({ cl: { addr: 'x', zip: 'z', country: 'US' } })
  assertChanges(p.set('cl', { addr: 'y', zip: 'z', country: 'FR' }),
    [['cl', { addr: 'y', zip: 'z', country: 'FR' }, 'input'], ['cl.addr', null, 'clear_path'], ['cl.zip', null, 'clear_path']])
})

test('clear: a write above the trigger that leaves its value unchanged fires nothing', () => {
  const p = pipe({ cl: { addr: 'x', country: 'US' } })
  assertChanges(p.set('cl', { addr: 'y', country: 'US' }), [['cl', { addr: 'y', country: 'US' }, 'input']])
})

test('clear: each resolved target not already null or missing is set to null, objects included', () => {
  const p = pipe({ cl: { addr: { street: 'x', no: 1 }, country: 'US' } })
  assertChanges(p.set('cl.country', 'FR'), [['cl.country', 'FR', 'input'], ['cl.addr', null, 'clear_path']])
  assert.equal('zip' in p.getState().cl, false, 'a missing target stays missing')
})

test('clear: a target already null is left alone', () => {
  const p = pipe({ cl: { addr: null, zip: 'z', country: 'US' } })
  assertChanges(p.set('cl.country', 'FR'), [['cl.country', 'FR', 'input'], ['cl.zip', null, 'clear_path']])
})

test('clear: undefined becomes null', () => {
  const p = pipe({ cl: { addr: undefined, country: 'US' } })
  assertChanges(p.set('cl.country', 'FR'), [['cl.country', 'FR', 'input'], ['cl.addr', null, 'clear_path']])
  assert.equal(p.get('cl.addr'), null)
})

// ---- wildcards -------------------------------------------------------------------------

test('clear: a wildcard trigger captures the key; [*] in the target takes it (that line\'s quote only)', () => {
  const p = pipe({ lg: { a: { price: 1, quote: 'qa' }, b: { price: 2, quote: 'qb' } } })
  assertChanges(p.set('lg.b.price', 3), [['lg.b.price', 3, 'input'], ['lg.b.quote', null, 'clear_path']])
  assert.equal(p.get('lg.a.quote'), 'qa')
})

test('clear: a replaced parent fires the wildcard trigger for each key whose value changed', () => {
  const p = pipe({ lg: { a: { price: 1, quote: 'qa' }, b: { price: 2, quote: 'qb' } } })
  assertChanges(p.set('lg', { a: { price: 1, quote: 'qa' }, b: { price: 5, quote: 'qb' } }),
    [['lg', { a: { price: 1, quote: 'qa' }, b: { price: 5, quote: 'qb' } }, 'input'], ['lg.b.quote', null, 'clear_path']])
})

test('clear: captures by position with several [*]; a target with fewer [*] takes the first keys', () => {
  const p = pipe({ mt: { m1: { sum: 9, rows: { r1: { v: 1, mark: 'x' }, r2: { v: 2, mark: 'y' } } }, m2: { sum: 8 } } })
  assertChanges(p.set('mt.m1.rows.r2.v', 3),
    [['mt.m1.rows.r2.v', 3, 'input'], ['mt.m1.rows.r2.mark', null, 'clear_path'], ['mt.m1.sum', null, 'clear_path']])
  assert.equal(p.get('mt.m1.rows.r1.mark'), 'x')
  assert.equal(p.get('mt.m2.sum'), 8)
})

test('clear: [**] in a target expands over every key of the object found there', () => {
  const p = pipe({ lg: { a: { selected: true }, b: { selected: false }, c: {} }, flt: { text: '' } })
  assertChanges(p.set('flt.text', 'abc'),
    [['flt.text', 'abc', 'input'], ['lg.a.selected', null, 'clear_path'], ['lg.b.selected', null, 'clear_path']])
  assert.equal('selected' in p.getState().lg.c, false)
})

test('clear: [**] over an array, a scalar or a missing value expands to nothing', () => {
  for (const lg of [[{ selected: true }], 'text', undefined]) {
    const p = pipe(lg === undefined ? { flt: { text: '' } } : { lg, flt: { text: '' } })
    assertChanges(p.set('flt.text', 'x'), [['flt.text', 'x', 'input']], { message: JSON.stringify(lg) })
  }
})

// ---- what triggers, and what a clear overrides -------------------------------------------

test('clear: only inputs trigger; clear outputs do not (clears never cascade)', () => {
  const p = pipe({ casc: { b: 'b', c: 'c' } })
  assertChanges(p.set('casc.a', 1), [['casc.a', 1, 'input'], ['casc.b', null, 'clear_path']])
  assert.equal(p.get('casc.c'), 'c')
})

test('clear: sync writes do not trigger', () => {
  const p = pipe({ sy: { a: 1, b: 1, c: 'c' } })
  assertChanges(p.set('sy.a', 2), [['sy.a', 2, 'input'], ['sy.b', 2, 'sync']])
  assert.equal(p.get('sy.c'), 'c')
  assertChanges(p.set('sy.b', 3), [['sy.b', 3, 'input'], ['sy.c', null, 'clear_path'], ['sy.a', 3, 'sync']])
})

test('clear: derived values do not trigger', () => {
  const p = pipe({ cc: { v: 1, note: 'n' } })
  assertChanges(p.set('cc.v', 2), [['cc.v', 2, 'input'], ['cc.t', 2, 'computation']])
  assert.equal(p.get('cc.note'), 'n')
})

test('clear: aggregation write-backs trigger', () => {
  const p = pipe({ ca: { a: 1, b: 1, note: 'n' } })
  assertChanges(p.set('ca.t', 2),
    [['ca.a', 2, 'aggregation_write'], ['ca.b', 2, 'aggregation_write'], ['ca.note', null, 'clear_path'], ['ca.t', 2, 'aggregation_read']])
})

test('clear: a clear overrides an input write to the same target in the batch', () => {
  const p = pipe({ cl: { addr: 'x', zip: 'z', country: 'US' } })
  assertChanges(p.apply([['cl.zip', '999'], ['cl.country', 'FR']]),
    [['cl.zip', '999', 'input'], ['cl.country', 'FR', 'input'], ['cl.addr', null, 'clear_path'], ['cl.zip', null, 'clear_path']])
  assert.equal(p.get('cl.zip'), null)
})

test('clear: a clear overrides its own trigger', () => {
  const p = pipe({ own: { v: 1 } })
  assertChanges(p.set('own.v', 2), [['own.v', 2, 'input'], ['own.v', null, 'clear_path']])
  assert.equal(p.get('own.v'), null)
})

test('clear: targets are deduplicated per round', () => {
  const p = pipe({ lg: { a: { price: 1, quote: 'q' } } })
  assertChanges(p.apply([['lg.a.price', 2], ['lg.a.price', 3], ['lg.a.quote', 'again']]),
    [['lg.a.price', 2, 'input'], ['lg.a.price', 3, 'input'], ['lg.a.quote', 'again', 'input'], ['lg.a.quote', null, 'clear_path']])
})

test('clear: changes carry { stage } only', () => {
  const p = pipe({ cl: { addr: 'x', country: 'US' } })
  assertChanges(p.apply([['cl.country', 'FR', { sender: 'ui' }]]),
    [['cl.country', 'FR', 'input', { sender: 'ui' }], ['cl.addr', null, 'clear_path']])
})

test('clear: nothing fires at creation', () => {
  const p = pipe({ cl: { addr: 'x', country: 'US' }, own: { v: 1 } })
  assertChanges(p.initialChanges.filter((c) => c[2].stage === 'clear_path'), [])
})
