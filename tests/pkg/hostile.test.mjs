// hostile.test.mjs — inputs the JavaScript API must refuse or keep exactly
// (issue 13, defects 11–14): the root path '', values nested past the
// runtime's depth, keys holding lone surrogates, and objects that are not
// plain (Date, Map, Set, typed arrays, class instances), whose rejected
// batches must leave nothing behind in the module.
// Fixture: fixtures/values.wp (`sync left <-> right`, every other path free).
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('values').catch((e) => e)
function pipeline(state) {
  if (create instanceof Error) throw create
  return create(state)
}

function nested(depth) {
  let v = 1
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}

// ---- '' --------------------------------------------------------------------

test("the root path '' is refused by every write, naming the change", () => {
  const p = pipeline({ left: 1 })
  for (const value of [1, { left: 2 }, null]) {
    assert.throws(() => p.apply([['x', 1], ['', value]]),
      (e) => e instanceof TypeError && e.message === "wp: change 1: the path is empty; write the state's keys one by one")
  }
  assert.throws(() => p.set('', {}), TypeError)
  assert.throws(() => p.processChanges([['', {}]]), TypeError)
  assert.throws(() => p.pipelineFinalize([['', {}]]), TypeError)
  // nothing of the refused batches took effect, and writes still work
  assert.deepStrictEqual(p.getState(), { left: 1, right: 1 })
  assertChanges(p.set('left', 3), [['left', 3, 'input'], ['right', 3, 'sync']])
  assert.deepStrictEqual(p.get(''), { left: 3, right: 3 }, "get('') still reads the whole state")
})

// ---- depth -----------------------------------------------------------------

test('a value nested thousands deep gets the depth error, not a RangeError', () => {
  const p = pipeline({})
  assert.deepStrictEqual(p.set('ok', nested(500)).length, 1)
  for (const depth of [513, 600, 8000, 100000]) {
    assert.throws(() => p.apply([['x', 1], ['deep', nested(depth)]]),
      (e) => !(e instanceof RangeError) && e.code === 'E_DEPTH' && e.changeIndex === 1 &&
        e.message === 'wp: apply: value nested too deeply (change 1)', `depth ${depth}`)
  }
  assert.equal(p.get('deep'), undefined)
  assert.equal(p.get('x'), undefined, 'the batch was rolled back')
  let arr = []
  for (let i = 0; i < 20000; i++) arr = [arr]
  assert.throws(() => p.set('arr', arr), (e) => e.code === 'E_DEPTH')
  assert.throws(() => pipeline(nested(8000)), (e) => e.code === 'E_DEPTH' && /createPipeline/.test(e.message))
})

// ---- keys with lone surrogates ------------------------------------------------

test('path keys with lone surrogates stay distinct, as values do', () => {
  const p = pipeline({})
  const changes = p.apply([['obj.\ud800', 1], ['obj.\udc00', 2], ['obj.\ud800\udc00', 3], ['obj.\ufffd', 4]])
  assert.equal(changes.length, 4)
  assert.deepStrictEqual(Object.keys(p.getState().obj).sort(), ['\ud800', '\ud800\udc00', '\udc00', '\ufffd'].sort())
  assert.equal(p.get('obj.\ud800'), 1)
  assert.equal(p.get('obj.\udc00'), 2)
  assert.equal(p.get('obj.\u{10000}'), 3)
  assert.equal(p.get('obj.\ufffd'), 4)
  assert.deepStrictEqual(changes.map((c) => c[0]), ['obj.\ud800', 'obj.\udc00', 'obj.\ud800\udc00', 'obj.\ufffd'])
  // a surrogate pair next to a lone surrogate, in a path and in a key of a value
  assertChanges(p.set('w.\uD800😀', 'x'), [['w.\uD800😀', 'x', 'input']])
  assert.deepStrictEqual(Object.keys(p.get('w')), ['\uD800😀'])
  p.set('v', { '\udfff': 1, 'a\ud83d': 2 })
  assert.deepStrictEqual(Object.keys(p.get('v')).sort(), ['\udfff', 'a\ud83d'].sort())
})

// ---- objects that are not plain ------------------------------------------------

test('Date, Map, Set, typed arrays and class instances are refused, naming the change', () => {
  class Point { constructor() { this.x = 1 } }
  const cases = [[new Date(0), 'Date'], [new Map([[1, 2]]), 'Map'], [new Set([1]), 'Set'],
    [new Uint8Array(3), 'Uint8Array'], [new Point(), 'Point'], [new String('s'), 'String'],
    [Object.create({ inherited: 1 }), 'Object'], [/re/, 'RegExp'], [new Error('e'), 'Error']]
  const p = pipeline({ keep: 1 })
  for (const [value, name] of cases) {
    assert.throws(() => p.apply([['ok', 1], ['v', { deep: [value] }]]),
      (e) => e instanceof TypeError && e.message.startsWith(`wp: change 1 (v): a ${name} cannot be state`), name)
    assert.throws(() => pipeline({ v: value }),
      (e) => e instanceof TypeError && e.message.startsWith(`wp: initial state: a ${name} cannot be state`), name)
  }
  assert.throws(() => pipeline(new Date()), (e) => e instanceof TypeError && /a Date cannot be state/.test(e.message))
  assert.deepStrictEqual(p.getState(), { keep: 1 })
  // plain objects are fine with no prototype at all, and arrays of any kind
  const bare = Object.assign(Object.create(null), { a: 1 })
  assertChanges(p.set('bare', bare), [['bare', { a: 1 }, 'input']])
  assertChanges(p.set('arr', [[1], []]), [['arr', [[1], []], 'input']])
})

test('rejected batches do not intern their paths', () => {
  const p = pipeline({})
  p.set('warm', 1)
  const before = p.stats().heapLiveBytes
  for (let i = 0; i < 20000; i++) {
    assert.throws(() => p.apply([[`fresh.path${i}`, () => 1]]), TypeError)
    assert.throws(() => p.apply([['ok', 1], [`other.path${i}`, 10n]]), TypeError)
  }
  const grown = p.stats().heapLiveBytes - before
  assert.ok(grown < 4096, `40 000 rejected batches grew the live heap by ${grown} bytes`)
  for (let i = 0; i < 5000; i++) assert.throws(() => p.apply([[`dated.path${i}`, new Date()]]), TypeError)
  assert.ok(p.stats().heapLiveBytes - before < 4096, 'nor do batches refused for a Date')
  // a valid batch with new paths still works, and later calls use their ids
  assertChanges(p.apply([['n.a', 1], ['n.b', 2]]), [['n.a', 1, 'input'], ['n.b', 2, 'input']])
  assertChanges(p.apply([['n.a', 5]]), [['n.a', 5, 'input']])
})
