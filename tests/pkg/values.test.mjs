// values.test.mjs — semantics.md §1: kinds of values, missing vs undefined,
// deep typed equality as used for no-op detection.
// Fixture: fixtures/values.wp (`sync left <-> right`, every other path free).
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('values').catch((e) => e)
function pipeline(state) {
  if (create instanceof Error) throw create
  return create(state)
}

// ---- kinds ------------------------------------------------------------------

test('every kind of value is stored and read back as given', () => {
  const p = pipeline({})
  const values = {
    n: null, t: true, f: false, zero: 0, neg: -1.5, big: 1e300, tiny: 5e-324,
    s: 'héllo 🌍', empty: '', arr: [1, 'a', null, true, [2], { k: 'v' }],
    obj: { a: { b: [1, { c: null }] }, 'x-y': 1 },
  }
  for (const [k, v] of Object.entries(values)) {
    assertChanges(p.set(k, v), [[k, v, 'input']], { message: `set ${k}` })
    assert.deepStrictEqual(p.get(k), v, `get ${k}`)
  }
  assert.deepStrictEqual(p.getState(), values)
})

test('strings round-trip exactly: NUL, astral characters and lone surrogates', () => {
  // spec reading: a string is a JavaScript string (UTF-16 code units, as
  // length() counts them); the state must not alter it (a JSON value may hold
  // "\ud800"), and equality compares the exact units.
  const p = pipeline({ pre: '\uDC00' })
  assert.equal(p.get('pre'), '\uDC00')
  for (const v of ['a\u0000b', '🌍\u{10FFFF}', '\uD800x', 'x\uDFFF', JSON.parse('"\\ud83d"')]) {
    assertChanges(p.set('s', v), [['s', v, 'input']], { message: `set ${escape(v)}` })
    assert.equal(p.get('s'), v, `get ${escape(v)}`)
    assertChanges(p.set('s', v), [], { message: `set ${escape(v)} again` })
  }
  assertChanges(p.set('s', '\uFFFDx'), [['s', '\uFFFDx', 'input']], { message: 'U+FFFD is not a lone surrogate' })
})

test('Infinity equals Infinity; -Infinity does not', () => {
  const p = pipeline({ x: Infinity })
  assertChanges(p.set('x', Infinity), [])
  assertChanges(p.set('x', -Infinity), [['x', -Infinity, 'input']])
  assertChanges(p.set('x', Number.MAX_VALUE), [['x', Number.MAX_VALUE, 'input']])
})

test('keys that cannot be addressed by a path (with dots, empty) are kept inside values', () => {
  const p = pipeline({})
  assertChanges(p.set('o', { 'a.b': 1, '': 2 }), [['o', { 'a.b': 1, '': 2 }, 'input']])
  assert.deepStrictEqual(p.get('o'), { 'a.b': 1, '': 2 })
  assertChanges(p.set('o', { '': 2, 'a.b': 1 }), [])
})

test('object keys keep insertion order (as JavaScript keeps them)', () => {
  const p = pipeline({ o: { z: 1, a: 2, m: 3 } })
  p.set('o.b', 4)
  assert.deepStrictEqual(Object.keys(p.getState().o), ['z', 'a', 'm', 'b'])
  assert.deepStrictEqual(Object.keys(p.get('o')), ['z', 'a', 'm', 'b'])
})

// ---- missing vs undefined -----------------------------------------------------

test('a key holding undefined is kept in the state and shown by getState', () => {
  const p = pipeline({ k: 1, other: 2 })
  assertChanges(p.set('k', undefined), [['k', undefined, 'input']])
  const s = p.getState()
  assert.ok(Object.hasOwn(s, 'k'), 'getState() still has the key k')
  assert.equal(s.k, undefined)
  assert.deepStrictEqual(Object.keys(s), ['k', 'other'])
})

test('a key holding undefined in the initial state is kept', () => {
  const p = pipeline({ k: undefined, o: { u: undefined } })
  const s = p.getState()
  assert.ok(Object.hasOwn(s, 'k'), 'getState() has k')
  assert.ok(Object.hasOwn(s.o, 'u'), 'getState() has o.u')
  assert.deepStrictEqual(p.initialChanges, [])
})

test('writing undefined where nothing is changes nothing (no-op, key not created)', () => {
  const p = pipeline({ o: {} })
  assertChanges(p.set('nothing', undefined), [])
  assertChanges(p.set('o.k', undefined), [])
  // spec reading: the write is a dropped no-op, so it does not create the key.
  assert.deepStrictEqual(p.getState(), { o: {} })
  assert.ok(!Object.hasOwn(p.getState(), 'nothing'))
})

test('writing undefined over an undefined key is a no-op', () => {
  const p = pipeline({ k: undefined })
  assertChanges(p.set('k', undefined), [])
})

test('null is a value: undefined → null and null → undefined are changes', () => {
  const p = pipeline({ k: undefined })
  assertChanges(p.set('k', null), [['k', null, 'input']])
  assertChanges(p.set('fresh', null), [['fresh', null, 'input']])
  assertChanges(p.set('fresh', undefined), [['fresh', undefined, 'input']])
  assert.deepStrictEqual(p.getState(), { k: null, fresh: undefined })
})

test('{k: undefined} equals {} (both directions)', () => {
  const p = pipeline({ a: {}, b: { k: undefined } })
  assertChanges(p.set('a', { k: undefined }), [])
  assertChanges(p.set('b', {}), [])
  assertChanges(p.set('a', { k: { deep: undefined } }), [['a', { k: { deep: undefined } }, 'input']])
})

// ---- deep typed equality ------------------------------------------------------

test('1 is not "1": a change', () => {
  const p = pipeline({ x: 1 })
  assertChanges(p.set('x', '1'), [['x', '1', 'input']])
  assert.equal(p.get('x'), '1')
})

test('true is not 1, false is not 0, "" is not 0, null is not false', () => {
  const p = pipeline({ t: 1, f: 0, e: 0, n: false })
  assertChanges(p.apply([['t', true], ['f', false], ['e', ''], ['n', null]]),
    [['t', true, 'input'], ['f', false, 'input'], ['e', '', 'input'], ['n', null, 'input']])
})

test('NaN equals NaN: writing NaN over NaN is a no-op', () => {
  const p = pipeline({ x: NaN, o: { v: [NaN] } })
  assertChanges(p.set('x', NaN), [])
  assertChanges(p.set('o', { v: [NaN] }), [])
  assert.ok(Number.isNaN(p.get('x')))
})

test('-0 equals 0: writing -0 over 0 (and 0 over -0) is a no-op', () => {
  const p = pipeline({ x: 0, y: -0, o: { v: 0 } })
  assertChanges(p.set('x', -0), [])
  assertChanges(p.set('y', 0), [])
  assertChanges(p.set('o', { v: -0 }), [])
})

test('objects: key order is ignored', () => {
  const p = pipeline({ o: { a: 1, b: { c: 2, d: 3 } } })
  assertChanges(p.set('o', { b: { d: 3, c: 2 }, a: 1 }), [])
})

test('objects: an extra key, a missing key or a different nested value is a change', () => {
  const p = pipeline({ o: { a: 1, b: { c: 2 } } })
  assertChanges(p.set('o', { a: 1, b: { c: 2 }, e: 0 }), [['o', { a: 1, b: { c: 2 }, e: 0 }, 'input']])
  assertChanges(p.set('o', { a: 1, b: { c: 2 } }), [['o', { a: 1, b: { c: 2 } }, 'input']])
  assertChanges(p.set('o', { a: 1, b: { c: '2' } }), [['o', { a: 1, b: { c: '2' } }, 'input']])
  assertChanges(p.set('o', { a: 1 }), [['o', { a: 1 }, 'input']])
})

test('arrays compare element by element', () => {
  const p = pipeline({ a: [1, [2, { k: 3 }]] })
  assertChanges(p.set('a', [1, [2, { k: 3 }]]), [])
  assertChanges(p.set('a', [[2, { k: 3 }], 1]), [['a', [[2, { k: 3 }], 1], 'input']])
  assertChanges(p.set('a', [[2, { k: 3 }], 1, null]), [['a', [[2, { k: 3 }], 1, null], 'input']])
  assertChanges(p.set('a', [[2, { k: '3' }], 1, null]), [['a', [[2, { k: '3' }], 1, null], 'input']])
})

test('an array is not an object with index keys; [] is not {}', () => {
  const p = pipeline({ a: [5], e: [] })
  assertChanges(p.set('a', { 0: 5 }), [['a', { 0: 5 }, 'input']])
  assertChanges(p.set('e', {}), [['e', {}, 'input']])
  assert.ok(!Array.isArray(p.get('a')))
})

test('typed inside containers: [true] is not [1], {a: 1} is not {a: "1"}', () => {
  const p = pipeline({ a: [1], o: { a: 1 } })
  assertChanges(p.apply([['a', [true]], ['o', { a: '1' }]]), [['a', [true], 'input'], ['o', { a: '1' }, 'input']])
})

test('(differs) equality sees child writes: o.a = 2 then o = {a: 1} is a change', () => {
  const p = pipeline({ o: { a: 1 } })
  assertChanges(p.set('o.a', 2), [['o.a', 2, 'input']])
  assertChanges(p.set('o', { a: 1 }), [['o', { a: 1 }, 'input']])
  assert.deepStrictEqual(p.getState(), { o: { a: 1 } })
})

test('no-op detection also applies to sync writes (deep, key order ignored)', () => {
  const p = pipeline({ left: { a: 1, b: 2 }, right: { a: 1, b: 2 } })
  assertChanges(p.set('left', { b: 2, a: 1 }), [])
  assertChanges(p.set('left', { a: 1, b: 2, c: 3 }),
    [['left', { a: 1, b: 2, c: 3 }, 'input'], ['right', { a: 1, b: 2, c: 3 }, 'sync']])
})

test('creation vote compares objects deeply (key order ignored)', () => {
  // {a:1,b:2} and {b:2,a:1} are one value: the group is already settled.
  const p = pipeline({ left: { a: 1, b: 2 }, right: { b: 2, a: 1 } })
  assertChanges(p.initialChanges, [])
  // spec reading: creation-time sync writes carry stage 'sync'.
  const q = pipeline({ left: { a: 1 }, right: { a: 2 } })
  // a tie at equal depth: the lexicographically smaller path ('left') wins
  assertChanges(q.initialChanges, [['right', { a: 1 }, 'sync']])
})

test('inside arrays, undefined is not null, but {u: undefined} equals {}', () => {
  const p = pipeline({ k: [undefined, { u: undefined }] })
  assertChanges(p.set('k', [undefined, {}]), [])
  assertChanges(p.set('k', [null, {}]), [['k', [null, {}], 'input']])
  assert.deepStrictEqual(p.get('k'), [null, {}])
})

test('keys named __proto__ and constructor are stored as own keys, without prototype pollution', () => {
  const p = pipeline({})
  const v = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}')
  const changes = p.set('o', v)
  assertChanges(changes, [['o', { constructor: 2 }, 'input']]) // __proto__ is not enumerable
  assert.deepStrictEqual(changes[0][1]['__proto__'], { polluted: 1 })
  const o = p.get('o')
  assert.ok(Object.hasOwn(o, '__proto__'), 'own key __proto__')
  assert.deepStrictEqual(Object.keys(o), ['constructor'], '__proto__ is own but not enumerable (prototype.test.mjs)')
  assert.equal(Object.getPrototypeOf(o), Object.prototype)
  p.set('__proto__.polluted', 2)
  assert.equal(({}).polluted, undefined, 'Object.prototype untouched')
  assert.ok(Object.hasOwn(p.getState(), '__proto__'))
})

test('non-ASCII keys are stored and read back', () => {
  const p = pipeline({})
  assertChanges(p.set('ключ.é.🔑', 1), [['ключ.é.🔑', 1, 'input']])
  assert.deepStrictEqual(p.getState(), { 'ключ': { 'é': { '🔑': 1 } } })
})

// ---- paths --------------------------------------------------------------------

test('`left` is not an ancestor of `leftover` or `left2`: writing them touches no rule', () => {
  const p = pipeline({ left: 1, right: 1 })
  assertChanges(p.apply([['leftover', 2], ['left2', { x: 1 }]]),
    [['leftover', 2, 'input'], ['left2', { x: 1 }, 'input']])
  assert.equal(p.get('right'), 1)
})

test('an array element\'s path segment is its decimal index', () => {
  const p = pipeline({ list: [{ v: 1 }, { v: 2 }] })
  assertChanges(p.set('list.1.v', 3), [['list.1.v', 3, 'input']])
  assert.deepStrictEqual(p.getState(), { list: [{ v: 1 }, { v: 3 }] })
  assert.equal(p.get('list.0.v'), 1)
})

test('reading a missing path (no key, index out of range, through a scalar) gives undefined', () => {
  const p = pipeline({ o: { a: 1 }, list: [1], s: 'str' })
  assert.equal(p.get('o.nope'), undefined)
  assert.equal(p.get('nope.deeper'), undefined)
  assert.equal(p.get('list.5'), undefined)
  assert.equal(p.get('s.length'), undefined) // spec reading: a step through a scalar reads as missing
  assert.equal(p.get('o.a.b'), undefined)
})
