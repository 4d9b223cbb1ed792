// writes.test.mjs — semantics.md §2 (writing a path) with the errors of §12.
// Fixture: fixtures/writes.wp — state block with items: list<{qty}>,
// grid: list<list<number>>, tags: list<string>, legs: map<{price}>, obj: any,
// a.b.c, mirror.c; `sync a.b.c <-> mirror.c`.
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf, throwsErr } from './helpers.mjs'

const create = await pipelineOf('writes').catch((e) => e)
function pipeline(state) {
  if (create instanceof Error) throw create
  return create(state)
}

/** apply must throw, name the change (index and path), and leave the state as it was. */
function assertRejected(p, changes, index, path) {
  const before = p.getState()
  const err = throwsErr(() => p.apply(changes))
  assert.ok(err instanceof Error, `an Error, got ${err}`)
  assert.match(String(err.message), new RegExp(`\\b${index}\\b`), `the message names index ${index}: ${err.message}`)
  assert.ok(String(err.message).includes(path), `the message names the path ${path}: ${err.message}`)
  assert.deepStrictEqual(p.getState(), before, 'state unchanged after the failed apply')
  return err
}

// ---- intermediates ----------------------------------------------------------

test('missing intermediates become objects (undeclared paths)', () => {
  const p = pipeline({})
  assertChanges(p.set('free.x.y', 1), [['free.x.y', 1, 'input']])
  assert.deepStrictEqual(p.getState(), { free: { x: { y: 1 } } })
})

test('a numeric segment under an undeclared path creates an object key, not an array', () => {
  // spec reading: arrays only "where the state block declares a list"
  const p = pipeline({})
  assertChanges(p.set('free.0', 'a'), [['free.0', 'a', 'input']])
  assert.deepStrictEqual(p.getState(), { free: { 0: 'a' } })
  assert.ok(!Array.isArray(p.get('free')))
})

test('null and undefined intermediates become objects', () => {
  const p = pipeline({ obj: null, u: { v: undefined } })
  assertChanges(p.set('obj.x.y', 1), [['obj.x.y', 1, 'input']])
  assertChanges(p.set('u.v.w', 2), [['u.v.w', 2, 'input']])
  assert.deepStrictEqual(p.getState(), { obj: { x: { y: 1 } }, u: { v: { w: 2 } } })
})

test('a missing intermediate declared as a list becomes an array', () => {
  const p = pipeline({})
  assertChanges(p.set('items.0.qty', 3), [['items.0.qty', 3, 'input']])
  const s = p.getState()
  assert.ok(Array.isArray(s.items), 'items is an array')
  assert.deepStrictEqual(s.items, [{ qty: 3 }])
  assert.ok(!Array.isArray(s.items[0]), 'items.0 (an object in the declaration) is an object')
})

test('a list of lists: both levels become arrays', () => {
  const p = pipeline({})
  p.set('grid.0.0', 7)
  const g = p.get('grid')
  assert.ok(Array.isArray(g) && Array.isArray(g[0]))
  assert.deepStrictEqual(g, [[7]])
})

test('a null intermediate declared as a list becomes an array', () => {
  const p = pipeline({ tags: null })
  assertChanges(p.set('tags.0', 'x'), [['tags.0', 'x', 'input']])
  assert.deepStrictEqual(p.getState(), { tags: ['x'] })
  assert.ok(Array.isArray(p.get('tags')))
})

test('a map with a numeric key is an object, not an array', () => {
  const p = pipeline({})
  p.set('legs.0.price', 5)
  assert.deepStrictEqual(p.getState(), { legs: { 0: { price: 5 } } })
  assert.ok(!Array.isArray(p.get('legs')))
})

// ---- arrays -----------------------------------------------------------------

test('index = length appends', () => {
  const p = pipeline({ tags: ['a'] })
  assertChanges(p.set('tags.1', 'b'), [['tags.1', 'b', 'input']])
  assert.deepStrictEqual(p.get('tags'), ['a', 'b'])
})

test('index = length appends to an empty array', () => {
  const p = pipeline({ tags: [] })
  assertChanges(p.set('tags.0', 'a'), [['tags.0', 'a', 'input']])
  assert.deepStrictEqual(p.getState(), { tags: ['a'] })
})

test('appends within one batch see the batch so far (tags.1 then tags.2)', () => {
  const p = pipeline({ tags: ['a'] })
  assertChanges(p.apply([['tags.1', 'b'], ['tags.2', 'c']]), [['tags.1', 'b', 'input'], ['tags.2', 'c', 'input']])
  assert.deepStrictEqual(p.get('tags'), ['a', 'b', 'c'])
})

test('an existing index is replaced in place', () => {
  const p = pipeline({ items: [{ qty: 1 }, { qty: 2 }] })
  assertChanges(p.set('items.1.qty', 5), [['items.1.qty', 5, 'input']])
  assertChanges(p.set('items.0', { qty: 9 }), [['items.0', { qty: 9 }, 'input']])
  assert.deepStrictEqual(p.get('items'), [{ qty: 9 }, { qty: 5 }])
})

test('an index more than one past the end is an error; nothing applied', () => {
  const p = pipeline({ tags: ['a'] })
  assertRejected(p, [['tags.2', 'x']], 0, 'tags.2')
  assert.deepStrictEqual(p.getState(), { tags: ['a'] })
})

test('an index past the end below a missing list intermediate is an error', () => {
  // spec reading: items is created as [] by the write, so index 1 is more than one past its end
  const p = pipeline({})
  assertRejected(p, [['items.1.qty', 1]], 0, 'items.1.qty')
  assert.deepStrictEqual(p.getState(), {})
})

test('a non-index segment on an array is an error; nothing applied', () => {
  const p = pipeline({ tags: ['a'] })
  assertRejected(p, [['tags.x', 1]], 0, 'tags.x')
  assertRejected(p, [['tags.length', 0]], 0, 'tags.length')
  assertRejected(p, [['tags.-1', 'z']], 0, 'tags.-1')
  assert.deepStrictEqual(p.getState(), { tags: ['a'] })
})

test('a non-index segment on an array of an undeclared path is an error too', () => {
  const p = pipeline({ free: [1, 2] })
  assertRejected(p, [['free.k', 1]], 0, 'free.k')
})

// ---- writing through scalars ------------------------------------------------

test('writing through a string, a number or a boolean is an error', () => {
  const p = pipeline({ s: 'str', n: 5, b: true, z: 0, e: '' })
  assertRejected(p, [['s.x', 1]], 0, 's.x')
  assertRejected(p, [['s.0', 'y']], 0, 's.0')
  assertRejected(p, [['n.x', 1]], 0, 'n.x')
  assertRejected(p, [['b.x.y', 1]], 0, 'b.x.y')
  assertRejected(p, [['z.x', 1]], 0, 'z.x')
  assertRejected(p, [['e.x', 1]], 0, 'e.x')
  assert.deepStrictEqual(p.getState(), { s: 'str', n: 5, b: true, z: 0, e: '' })
})

test('an error late in a batch undoes the earlier changes of the batch (and their sync)', () => {
  const p = pipeline({ a: { b: { c: 1 } }, mirror: { c: 1 }, s: 'str', tags: ['a'] })
  assertRejected(p, [['a.b.c', 2], ['tags.1', 'b'], ['other', { k: 1 }], ['s.x', 1]], 3, 's.x')
  assert.deepStrictEqual(p.getState(), { a: { b: { c: 1 } }, mirror: { c: 1 }, s: 'str', tags: ['a'] })
  // and the pipeline still works afterwards
  assertChanges(p.set('a.b.c', 2), [['a.b.c', 2, 'input'], ['mirror.c', 2, 'sync']])
})

test('writing through a scalar written earlier in the same batch is an error', () => {
  const p = pipeline({ obj: {} })
  assertRejected(p, [['obj', 5], ['obj.x', 1]], 1, 'obj.x')
  assert.deepStrictEqual(p.getState(), { obj: {} })
})

test('replacing a scalar by an object, then writing below it, works in one batch', () => {
  const p = pipeline({ obj: 5 })
  assertChanges(p.apply([['obj', {}], ['obj.x', 1]]), [['obj', {}, 'input'], ['obj.x', 1, 'input']])
  assert.deepStrictEqual(p.getState(), { obj: { x: 1 } })
})

// ---- undefined ----------------------------------------------------------------

test('writing undefined keeps the key with the value undefined', () => {
  const p = pipeline({ obj: { k: 1, j: 2 } })
  assertChanges(p.set('obj.k', undefined), [['obj.k', undefined, 'input']])
  const o = p.get('obj')
  assert.ok(Object.hasOwn(o, 'k'))
  assert.deepStrictEqual(Object.keys(o), ['k', 'j'])
  assert.equal(o.k, undefined)
})

// ---- replacing an object changes every path below it ---------------------------

test('replacing an ancestor changes the paths below it: a.b.c rule sees a = {...}', () => {
  const p = pipeline({ a: { b: { c: 1 } }, mirror: { c: 1 } })
  assertChanges(p.set('a', { b: { c: 2 } }), [['a', { b: { c: 2 } }, 'input'], ['mirror.c', 2, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: { b: { c: 2 } }, mirror: { c: 2 } })
})

test('replacing an ancestor with a.b.c unchanged is not a change of a.b.c', () => {
  const p = pipeline({ a: { b: { c: 1 } }, mirror: { c: 1 } })
  assertChanges(p.set('a', { b: { c: 1 }, z: 3 }), [['a', { b: { c: 1 }, z: 3 }, 'input']])
  assert.deepStrictEqual(p.get('mirror'), { c: 1 })
})

test('replacing b (the middle) is seen by the a.b.c rule too', () => {
  const p = pipeline({ a: { b: { c: 1 } }, mirror: { c: 1 } })
  assertChanges(p.set('a.b', { c: 8 }), [['a.b', { c: 8 }, 'input'], ['mirror.c', 8, 'sync']])
})

test('writes below a watched path into an ancestor replaced in the same batch see the new object', () => {
  const p = pipeline({ a: { b: { c: 1 } }, mirror: { c: 1 } })
  assertChanges(p.apply([['a', { b: { c: 4 } }], ['a.b.c', 5]]),
    [['a', { b: { c: 4 } }, 'input'], ['a.b.c', 5, 'input'], ['mirror.c', 5, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: { b: { c: 5 } }, mirror: { c: 5 } })
})
