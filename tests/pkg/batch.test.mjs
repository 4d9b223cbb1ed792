// batch.test.mjs — semantics.md §3 (a batch): each input compared with the
// state as the batch has left it so far, no-ops dropped, output order and the
// `stage` meta, `set` = apply of one.
// Fixture: fixtures/batch.wp — `sync x <-> y`, `sync a <-> b`, `sync c <-> d`.
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('batch').catch((e) => e)
function pipeline(state) {
  if (create instanceof Error) throw create
  return create(state)
}

test('(differs) [x=8, x=<old>] ends at the old value and both changes appear', () => {
  const p = pipeline({ free: 5 })
  assertChanges(p.apply([['free', 8], ['free', 5]]), [['free', 8, 'input'], ['free', 5, 'input']])
  assert.equal(p.get('free'), 5)
})

test('[x=8, x=<old>] on a synced path: x ends old, its peer gets no write', () => {
  // spec reading: stage 3 applies both inputs, then the later change of the
  // component (x = 5) wins in stage 5; y already holds 5, so that is a no-op.
  const p = pipeline({ x: 5, y: 5 })
  assertChanges(p.apply([['x', 8], ['x', 5]]), [['x', 8, 'input'], ['x', 5, 'input']])
  assert.deepStrictEqual(p.getState(), { x: 5, y: 5 })
})

test('[x=8, x=8]: the second is a no-op against the batch so far', () => {
  const p = pipeline({ free: 5 })
  assertChanges(p.apply([['free', 8], ['free', 8]]), [['free', 8, 'input']])
})

test('a change equal to the current value is dropped', () => {
  const p = pipeline({ free: 1, o: { k: [1] } })
  assertChanges(p.apply([['free', 1], ['o', { k: [1] }], ['o.k.0', 1]]), [])
  assertChanges(p.set('free', 1), [])
})

test('an input that the batch itself made equal is dropped (object then child)', () => {
  const p = pipeline({ o: { k: 1 } })
  assertChanges(p.apply([['o', { k: 2 }], ['o.k', 2]]), [['o', { k: 2 }, 'input']])
})

test('a child write then the parent restoring the start: both appear', () => {
  const p = pipeline({ o: { k: 1 } })
  assertChanges(p.apply([['o.k', 2], ['o', { k: 1 }]]), [['o.k', 2, 'input'], ['o', { k: 1 }, 'input']])
  assert.deepStrictEqual(p.getState(), { o: { k: 1 } })
})

test('a no-op input does not propagate through sync', () => {
  const p = pipeline({ a: 1, b: 1 })
  assertChanges(p.apply([['a', 1]]), [])
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1 })
})

test('output order: inputs in order, then the sync changes they caused', () => {
  // spec reading: stage 3 (apply inputs) precedes stage 5 (sync); sync changes
  // follow in the order of the changes that caused them.
  const p = pipeline({ a: 0, b: 0, c: 0, d: 0 })
  assertChanges(p.apply([['c', 2], ['free', 'x'], ['a', 1]]),
    [['c', 2, 'input'], ['free', 'x', 'input'], ['a', 1, 'input'], ['d', 2, 'sync'], ['b', 1, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1, c: 2, d: 2, free: 'x' })
})

test('every output change carries meta { stage } and nothing else', () => {
  const p = pipeline({ a: 0, b: 0 })
  const out = p.apply([['a', 3]])
  assert.equal(out.length, 2)
  for (const c of out) {
    assert.equal(c.length, 3)
    assert.equal(typeof c[2], 'object')
    assert.deepStrictEqual(Object.keys(c[2]), ['stage'])
  }
  assert.deepStrictEqual(out.map((c) => c[2].stage), ['input', 'sync'])
})

test('an input\'s meta travels with it; sync changes derived from it carry a copy with their own stage', () => {
  const p = pipeline({ a: 0, b: 0 })
  const meta = { source: 'ui', n: 1 }
  const out = p.apply([['a', 3, meta]])
  assertChanges(out, [['a', 3, 'input', { source: 'ui', n: 1 }], ['b', 3, 'sync', { source: 'ui', n: 1 }]])
  assert.notStrictEqual(out[0][2], out[1][2], 'the derived change has its own meta object')
  assert.deepStrictEqual(meta, { source: 'ui', n: 1 }, 'the caller\'s meta object is not modified')
})

test('a meta stage given by the caller is replaced by the real stage', () => {
  // spec reading: `stage` names what produced the change; an input is 'input'.
  const p = pipeline({})
  assertChanges(p.apply([['free', 1, { stage: 'sync' }]]), [['free', 1, 'input']])
})

test('later change wins within a component in one batch (a=1 then b=2)', () => {
  const p = pipeline({ a: 0, b: 0 })
  assertChanges(p.apply([['a', 1], ['b', 2]]), [['a', 1, 'input'], ['b', 2, 'input'], ['a', 2, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: 2, b: 2 })
})

test('set(path, value) is apply([[path, value]])', () => {
  const p = pipeline({ a: 0, b: 0, o: { k: 1 } })
  const q = pipeline({ a: 0, b: 0, o: { k: 1 } })
  const steps = [['a', 4], ['o.k', 2], ['o', { k: 2 }], ['free.deep', [1]], ['b', undefined]]
  for (const [path, value] of steps) {
    assert.deepStrictEqual(p.set(path, value), q.apply([[path, value]]), `set ${path}`)
    assert.deepStrictEqual(p.getState(), q.getState())
  }
  assertChanges(p.set('a', 9), [['a', 9, 'input'], ['b', 9, 'sync']])
})

test('apply([]) returns [] and changes nothing', () => {
  const p = pipeline({ a: 1, b: 1 })
  assertChanges(p.apply([]), [])
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1 })
})

test('the returned changes are fresh values (mutating them does not touch the state)', () => {
  const p = pipeline({})
  const out = p.apply([['o', { k: [1] }]])
  out[0][1].k.push(2)
  assert.deepStrictEqual(p.get('o'), { k: [1] })
})

test('the input values are copied (mutating them afterwards does not touch the state)', () => {
  const p = pipeline({})
  const v = { k: [1] }
  p.apply([['o', v]])
  v.k.push(2)
  v.extra = 1
  assert.deepStrictEqual(p.get('o'), { k: [1] })
})
