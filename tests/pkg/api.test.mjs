// api.test.mjs — js-api.md (the package's JavaScript contract) and
// semantics.md §12 (errors) and §13 (creation and the low-level API).
// Fixture: fixtures/api.wp — `sync a <-> b`, `flip p <-> q`.
import { test } from 'node:test'
import { assert, assertChanges, describe, load, throwsErr } from './helpers.mjs'

const mod = await load('api').catch((e) => e)
function m() {
  if (mod instanceof Error) throw mod
  return mod
}
const pipeline = (state, opts) => m().createPipeline(state, opts)

// ---- creation ----------------------------------------------------------------------

test('createPipeline(state) returns a pipeline; initialChanges lists what creation changed', () => {
  const p = pipeline({ a: 1 })
  // spec reading: the creation-time sync write carries stage 'sync'
  assertChanges(p.initialChanges, [['b', 1, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1 })
})

test('createPipeline with a settled state: initialChanges is []', () => {
  const p = pipeline({ a: 1, b: 1, p: true, q: false })
  assert.deepStrictEqual(p.initialChanges, [])
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1, p: true, q: false })
})

test('createPipeline({}) starts from an empty state', () => {
  const p = pipeline({})
  assert.deepStrictEqual(p.getState(), {})
  assert.deepStrictEqual(p.initialChanges, [])
})

test('createPipelineAsync resolves to a pipeline that behaves the same', async () => {
  assert.equal(typeof m().createPipelineAsync, 'function')
  const pending = m().createPipelineAsync({ a: 2 })
  assert.ok(pending instanceof Promise, 'createPipelineAsync returns a Promise')
  const p = await pending
  assertChanges(p.initialChanges, [['b', 2, 'sync']])
  assertChanges(p.set('b', 3), [['b', 3, 'input'], ['a', 3, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: 3, b: 3 })
})

test('the initial state object is copied: mutating it later does not reach the pipeline', () => {
  const init = { a: { k: 1 }, b: { k: 1 } }
  const p = pipeline(init)
  init.a.k = 99
  init.extra = 1
  assert.deepStrictEqual(p.getState(), { a: { k: 1 }, b: { k: 1 } })
})

test('creation does not modify the caller\'s state object', () => {
  const init = { a: 1 }
  pipeline(init)
  assert.deepStrictEqual(init, { a: 1 })
})

test('handlers, validators or concerns passed but named by no rule are ignored', () => {
  const p = pipeline({ a: 1, b: 1 }, {
    listeners: { nobody() { throw new Error('must not run') } },
    validators: { nobodyV() { throw new Error('must not run') } },
    concerns: { nobodyC() { throw new Error('must not run') } },
  })
  assertChanges(p.set('a', 2), [['a', 2, 'input'], ['b', 2, 'sync']])
})

test('`rules` describes what was compiled', () => {
  const { rules } = m()
  assert.equal(typeof rules, 'object')
  for (const k of ['version', 'source', 'paths', 'groups', 'listeners', 'validators', 'concerns']) {
    assert.ok(Object.hasOwn(rules, k), `rules.${k} exists`)
  }
})

// ---- reading ---------------------------------------------------------------------

test('getState returns a copy', () => {
  const p = pipeline({ a: { k: [1] }, b: { k: [1] } })
  const s = p.getState()
  s.a.k.push(2)
  s.c = 1
  delete s.b
  assert.deepStrictEqual(p.getState(), { a: { k: [1] }, b: { k: [1] } })
  assert.notStrictEqual(p.getState(), p.getState())
})

test('get(path) reads the current value; missing paths read undefined', () => {
  const p = pipeline({ a: { k: [1, { z: 'x' }] }, b: { k: [1, { z: 'x' }] } })
  assert.deepStrictEqual(p.get('a'), { k: [1, { z: 'x' }] })
  assert.equal(p.get('a.k.1.z'), 'x')
  assert.equal(p.get('a.k.5'), undefined)
  assert.equal(p.get('nope'), undefined)
  p.set('b.k.1.z', 'y')
  assert.equal(p.get('a.k.1.z'), 'y')
})

test('get returns a copy of objects', () => {
  const p = pipeline({ a: { k: 1 }, b: { k: 1 } })
  const v = p.get('a')
  v.k = 2
  assert.deepStrictEqual(p.get('a'), { k: 1 })
})

test('getConcerns() is {} when the rules declare no concerns', () => {
  const p = pipeline({ a: 1, b: 1 })
  assert.deepStrictEqual(p.getConcerns(), {})
  p.set('a', 2)
  assert.deepStrictEqual(p.getConcerns(), {})
})

// ---- isolation and destroy ----------------------------------------------------------

test('pipelines are isolated from each other', () => {
  const p1 = pipeline({ a: 1, b: 1 })
  const p2 = pipeline({ a: 1, b: 1 })
  p1.set('a', 5)
  p1.set('only1', true)
  assert.deepStrictEqual(p2.getState(), { a: 1, b: 1 })
  assertChanges(p2.set('b', 7), [['b', 7, 'input'], ['a', 7, 'sync']])
  assert.deepStrictEqual(p1.getState(), { a: 5, b: 5, only1: true })
})

test('many pipelines can live at once', () => {
  const ps = Array.from({ length: 50 }, (_, i) => pipeline({ a: i }))
  ps.forEach((p, i) => p.set('b', i * 2))
  ps.forEach((p, i) => assert.deepStrictEqual(p.getState(), { a: i * 2, b: i * 2 }))
})

test('destroy(): every later call throws', () => {
  const p = pipeline({ a: 1, b: 1 })
  p.destroy()
  const calls = {
    apply: () => p.apply([['a', 2]]),
    set: () => p.set('a', 2),
    get: () => p.get('a'),
    getState: () => p.getState(),
    getConcerns: () => p.getConcerns(),
    processChanges: () => p.processChanges([['a', 2]]),
    pipelineFinalize: () => p.pipelineFinalize([]),
  }
  for (const [name, call] of Object.entries(calls)) {
    assert.throws(call, Error, `${name} after destroy throws`)
  }
})

test('destroy() of one pipeline leaves others working', () => {
  const p1 = pipeline({ a: 1, b: 1 })
  const p2 = pipeline({ a: 1, b: 1 })
  p1.destroy()
  assertChanges(p2.set('a', 3), [['a', 3, 'input'], ['b', 3, 'sync']])
  const p3 = pipeline({ a: 4 })
  assert.deepStrictEqual(p3.getState(), { a: 4, b: 4 })
})

// ---- malformed changes: TypeError naming the index, nothing applied -----------------------

function assertTypeError(bad, index = 2) {
  const p = pipeline({ a: 1, b: 1 })
  const before = p.getState()
  const err = throwsErr(() => p.apply([['a', 2], ['free', 'x'], bad]))
  assert.ok(err instanceof TypeError, `a TypeError for ${describe(bad)}, got ${err?.constructor?.name}: ${err?.message}`)
  assert.match(err.message, new RegExp(`\\b${index}\\b`), `the message names index ${index}: ${err.message}`)
  assert.deepStrictEqual(p.getState(), before, 'nothing of the call applied')
  // the pipeline still works
  assertChanges(p.set('a', 3), [['a', 3, 'input'], ['b', 3, 'sync']])
}

test('TypeError: a change that is not an array', () => {
  assertTypeError('a')
  assertTypeError({ path: 'a', value: 1 })
  assertTypeError(null)
})

test('TypeError: a path that is not a string', () => {
  assertTypeError([5, 1])
  assertTypeError([null, 1])
  assertTypeError([['a'], 1])
  assertTypeError([])
})

test('TypeError: a function value (also nested)', () => {
  assertTypeError(['c', () => 1])
  assertTypeError(['c', { deep: [1, function f() {}] }])
})

test('TypeError: a symbol value', () => {
  assertTypeError(['c', Symbol('s')])
  assertTypeError(['c', { s: Symbol('s') }])
})

test('TypeError: a BigInt value', () => {
  assertTypeError(['c', 10n])
  assertTypeError(['c', [1n]])
})

test('TypeError: a cyclic object', () => {
  const o = { k: 1 }
  o.self = o
  assertTypeError(['c', o])
  const arr = [1]
  arr.push({ back: arr })
  assertTypeError(['c', arr])
})

test('a shared (non-cyclic) object appearing twice is fine', () => {
  const shared = { k: 1 }
  const p = pipeline({})
  assertChanges(p.set('c', { x: shared, y: shared }), [['c', { x: { k: 1 }, y: { k: 1 } }, 'input']])
})

test('TypeError at index 0 names index 0', () => {
  const p = pipeline({ a: 1, b: 1 })
  const err = throwsErr(() => p.apply([[1, 2], ['a', 5]]))
  assert.ok(err instanceof TypeError)
  assert.match(err.message, /\b0\b/)
  assert.equal(p.get('a'), 1)
})

test('TypeError from set() with a bad value; nothing applied', () => {
  const p = pipeline({ a: 1, b: 1 })
  assert.throws(() => p.set('a', () => 0), TypeError)
  assert.throws(() => p.set(7, 1), TypeError)
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1 })
})

test('NaN and ±Infinity are numbers and are accepted', () => {
  const p = pipeline({ a: 0, b: 0 })
  assertChanges(p.apply([['n', NaN], ['i', Infinity], ['j', -Infinity], ['a', -Infinity]]),
    [['n', NaN, 'input'], ['i', Infinity, 'input'], ['j', -Infinity, 'input'], ['a', -Infinity, 'input'], ['b', -Infinity, 'sync']])
  assert.deepStrictEqual(p.getState(), { a: -Infinity, b: -Infinity, n: NaN, i: Infinity, j: -Infinity })
})

test('unknown paths (named by no rule) are stored like any other', () => {
  const p = pipeline({ a: 1, b: 1 })
  assertChanges(p.set('zzz.q.r', [1, 2]), [['zzz.q.r', [1, 2], 'input']])
  assert.deepStrictEqual(p.get('zzz'), { q: { r: [1, 2] } })
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1, zzz: { q: { r: [1, 2] } } })
})

test('a wrong-typed value in a flip path is applied as given (state is the user\'s)', () => {
  const p = pipeline({ p: true, q: false })
  assertChanges(p.set('p', 'yes'), [['p', 'yes', 'input'], ['q', true, 'flip']])
  assert.deepStrictEqual(p.getState(), { p: 'yes', q: true })
})

// ---- failed apply leaves everything as before --------------------------------------------

test('a failed apply (write through a scalar) leaves the state exactly as before', () => {
  const init = { a: { k: 1 }, b: { k: 1 }, s: 'str', list: [1, 2], p: true, q: false }
  const p = pipeline(init)
  const before = p.getState()
  const err = throwsErr(() => p.apply([['a.k', 2], ['p', false], ['list.2', 3], ['new', { x: 1 }], ['s.x', 1]]))
  assert.ok(err instanceof Error)
  assert.ok(err.message.includes('s.x'), `the error names the path: ${err.message}`)
  assert.match(err.message, /\b4\b/, `the error names the index: ${err.message}`)
  assert.deepStrictEqual(p.getState(), before)
  assert.deepStrictEqual(p.getConcerns(), {})
  // and the next apply computes from the old state
  assertChanges(p.set('a.k', 2), [['a.k', 2, 'input'], ['b.k', 2, 'sync']])
  assertChanges(p.set('p', false), [['p', false, 'input'], ['q', true, 'flip']])
})

// ---- low-level API (§13) ------------------------------------------------------------------

test('processChanges returns { state_changes, validators_to_run, execution_plan, has_work } and commits', () => {
  const p = pipeline({ a: 1, b: 1 })
  const r = p.processChanges([['a', 5]])
  assert.deepStrictEqual(Object.keys(r).sort(), ['execution_plan', 'has_work', 'state_changes', 'validators_to_run'])
  assertChanges(r.state_changes, [['a', 5, 'input'], ['b', 5, 'sync']])
  assert.deepStrictEqual(r.validators_to_run, [])
  // spec reading: no listeners in the rules → no plan, nothing left to do
  assert.equal(r.execution_plan, null)
  assert.equal(r.has_work, false)
  assert.deepStrictEqual(p.getState(), { a: 5, b: 5 })
})

test('processChanges twice without finalizing is allowed; each commits', () => {
  const p = pipeline({ a: 1, b: 1 })
  assertChanges(p.processChanges([['a', 2]]).state_changes, [['a', 2, 'input'], ['b', 2, 'sync']])
  assertChanges(p.processChanges([['b', 3]]).state_changes, [['b', 3, 'input'], ['a', 3, 'sync']])
  assertChanges(p.processChanges([['b', 3]]).state_changes, [])
  assert.deepStrictEqual(p.getState(), { a: 3, b: 3 })
})

test('processChanges runs flip', () => {
  const p = pipeline({ p: true, q: false })
  assertChanges(p.processChanges([['q', true]]).state_changes, [['q', true, 'input'], ['p', false, 'flip']])
})

test('pipelineFinalize(jsChanges) returns { state_changes } and commits them through sync', () => {
  const p = pipeline({ a: 1, b: 1 })
  p.processChanges([['free', 1]])
  const r = p.pipelineFinalize([['a', 7]])
  assert.deepStrictEqual(Object.keys(r), ['state_changes'])
  const sc = r.state_changes
  assert.ok(Array.isArray(sc))
  // spec reading: the stage given to finalize's own inputs is not pinned; the derived one is 'sync'
  assert.deepStrictEqual(sc.map((c) => [c[0], c[1]]), [['a', 7], ['b', 7]])
  assert.equal(sc[1][2].stage, 'sync')
  assert.equal(typeof sc[0][2].stage, 'string')
  assert.deepStrictEqual(p.getState(), { a: 7, b: 7, free: 1 })
})

test('pipelineFinalize([]) returns { state_changes: [] }', () => {
  const p = pipeline({ a: 1, b: 1 })
  assert.deepStrictEqual(p.pipelineFinalize([]), { state_changes: [] })
})

test('processChanges that hits an error throws, names the change, and applies nothing', () => {
  const p = pipeline({ a: 1, b: 1, s: 'str' })
  const err = throwsErr(() => p.processChanges([['a', 2], ['s.x', 3]]))
  assert.ok(err instanceof Error)
  assert.match(err.message, /\b1\b/)
  assert.ok(err.message.includes('s.x'), err.message)
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1, s: 'str' })
})

test('apply with a batch that is not an array throws a TypeError', () => {
  // spec reading: a malformed batch is treated like a malformed change
  const p = pipeline({ a: 1, b: 1 })
  assert.throws(() => p.apply('a'), TypeError)
  assert.throws(() => p.apply({ 0: ['a', 2], length: 1 }), TypeError)
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1 })
})

test('processChanges with a malformed change throws a TypeError and applies nothing', () => {
  const p = pipeline({ a: 1, b: 1 })
  const err = throwsErr(() => p.processChanges([['a', 2], [3, 3]]))
  assert.ok(err instanceof TypeError)
  assert.match(err.message, /\b1\b/)
  assert.deepStrictEqual(p.getState(), { a: 1, b: 1 })
})
