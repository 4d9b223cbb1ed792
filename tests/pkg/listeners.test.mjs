// listeners.test.mjs — semantics.md §11 (listeners), with the listener
// parts of §3 (stage 8 and rounds), §9 (groups), §12 (errors) and §13
// (creation and the low-level API); language.md §8; js-api.md.
//
// Fixtures (each built on its own):
//   fixtures/listeners.wp        topics, scopes, several paths, wildcards, the root listener
//   fixtures/listen_order.wp     plan order
//   fixtures/listen_rounds.wp    rounds, outputs through every stage, meta, same-round outputs
//   fixtures/listen_groups.wp    listeners in groups
//   fixtures/listen_errors.wp    errors and rollback
//   fixtures/listen_lowlevel.wp  processChanges / pipelineFinalize by hand
//
// Handlers record their calls as [name, changes, scopedState, ctx]; what
// they return is programmed per test.  Expected values come from the
// spec's sentences (quoted in the test names where that helps).
import { test } from 'node:test'
import { assert, assertChanges, describe, normalise, pipelineOf, throwsErr } from './helpers.mjs'

const FIXTURES = ['listeners', 'listen_order', 'listen_rounds', 'listen_groups', 'listen_errors', 'listen_lowlevel']
const HANDLERS = {
  listeners: ['onProfile', 'onProfileRoot', 'onName', 'onContact', 'onEmails', 'onLeg', 'onLegPrice', 'onAll'],
  listen_order: ['shallowRoot', 'deep', 'shallowSelf', 'shallowA', 'shallowRoot2', 'multiDeep'],
  listen_rounds: ['one', 'two', 'three', 'onPing', 'onPong', 'fill', 'onShipping', 'first', 'second', 'keyer', 'perKey'],
  listen_groups: ['inExtra', 'inLive', 'always'],
  listen_errors: ['act', 'again'],
  listen_lowlevel: ['onForm', 'onEmail'],
}
// external validators the fixtures name: passing by default
const pass = () => ({ isError: false, errors: [] })
const DEFAULT_OPTIONS = {
  listen_rounds: { validators: { checkEmail: pass } },
  listen_errors: { validators: { check: pass } },
  listen_lowlevel: { validators: { checkEmail: pass } },
}
const creators = {}
for (const fx of FIXTURES) creators[fx] = await pipelineOf(fx).catch((e) => e)

/**
 * A pipeline of fixture `fx` whose handlers record their calls and return
 * what `impl[name](changes, scoped, ctx)` returns (nothing by default).
 * options: validators / concerns passed through.
 */
function pipe(fx, state, impl = {}, options = {}) {
  const c = creators[fx]
  if (c instanceof Error) throw c
  const calls = []
  const listeners = {}
  for (const name of HANDLERS[fx]) {
    listeners[name] = (changes, scoped, ctx) => {
      calls.push([name, changes, scoped, ctx])
      return impl[name] ? impl[name](changes, scoped, ctx) : undefined
    }
  }
  const p = c(state, { listeners, ...DEFAULT_OPTIONS[fx], ...options })
  return { p, calls, names: () => calls.map((k) => k[0]), call: (name) => calls.filter((k) => k[0] === name) }
}

/** The one call of handler `name`, asserting there was exactly one. */
function only(calls, name) {
  const cs = calls.filter((k) => k[0] === name)
  assert.equal(cs.length, 1, `${name} ran ${cs.length} times: ${describe(calls.map((k) => k[0]))}`)
  return cs[0]
}

// ---- §11: the touch relation ------------------------------------------------------------

test('a change at the topic itself touches it (X == T); the input is the full path when it is the scope', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann' } } })
  p.set('user.profile', { name: 'bo' })
  const [, changes, scoped, ctx] = only(calls, 'onProfile')
  assert.deepStrictEqual(changes, [['user.profile', { name: 'bo' }, { stage: 'input' }]])
  assert.deepStrictEqual(scoped, { name: 'bo' })
  assert.deepStrictEqual(ctx, { scope: 'user.profile', keys: [], handler: 'onProfile' })
})

test('a change below the topic touches it; its path is relative to the scope when strictly below it', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann', age: 1 } } })
  p.set('user.profile.age', 2)
  const [, changes, scoped] = only(calls, 'onProfile')
  assert.deepStrictEqual(changes, [['age', 2, { stage: 'input' }]])
  assert.deepStrictEqual(scoped, { name: 'ann', age: 2 })
})

test('a change at an ancestor of the topic touches it (X an ancestor of T), with the full path', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann' } } })
  p.set('user', { profile: { name: 'cy' }, id: 7 })
  const [, changes, scoped] = only(calls, 'onProfile')
  assert.deepStrictEqual(changes, [['user', { profile: { name: 'cy' }, id: 7 }, { stage: 'input' }]])
  assert.deepStrictEqual(scoped, { name: 'cy' })
  // an ancestor write that leaves the topic's value as it was still touches it
  const q = pipe('listeners', { user: { profile: { name: 'ann' }, id: 1 } })
  q.p.set('user', { profile: { name: 'ann' }, id: 2 })
  assert.equal(q.call('onProfile').length, 1)
})

test('a change elsewhere does not touch the topic; `user` is not an ancestor of `username` (§1)', () => {
  const { p, names } = pipe('listeners', { user: { profile: { name: 'ann' } } })
  p.apply([['username', 'u'], ['user.other', 1], ['userprofile', 2]])
  assert.ok(!names().includes('onProfile'), describe(names()))
  assert.ok(!names().includes('onName'))
})

test('the root listener is touched by every state change, in order', () => {
  const { p, calls } = pipe('listeners', {})
  p.apply([['x', 1], ['y.z', 2], ['x', 3]])
  const [, changes, scoped, ctx] = only(calls, 'onAll')
  assert.deepStrictEqual(changes, [['x', 1, { stage: 'input' }], ['y.z', 2, { stage: 'input' }], ['x', 3, { stage: 'input' }]])
  assert.deepStrictEqual(scoped, { x: 3, y: { z: 2 } })
  assert.deepStrictEqual(ctx, { scope: '', keys: [], handler: 'onAll' })
})

test('listeners see state changes only, never _concerns.…', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann' } } })
  const out = normalise(p.set('user.profile.name', 'annabel'))
  assert.ok(out.some((c) => c[0] === '_concerns.user.profile.name.long'), 'the concern changed')
  const [, changes, scoped] = only(calls, 'onAll')
  assert.deepStrictEqual(changes, [['user.profile.name', 'annabel', { stage: 'input' }]])
  assert.ok(!('_concerns' in scoped), 'the whole state without _concerns')
})

test('a listener with several paths is touched when any is; one call, each change once', () => {
  const { p, calls } = pipe('listeners', { contact: { email: '', phone: '' } })
  p.apply([['contact.phone', '1'], ['elsewhere', 0], ['contact.email', 'e']])
  const [, changes, scoped, ctx] = only(calls, 'onContact')
  assert.deepStrictEqual(changes, [['phone', '1', { stage: 'input' }], ['email', 'e', { stage: 'input' }]])
  assert.deepStrictEqual(scoped, { email: 'e', phone: '1' })
  assert.deepStrictEqual(ctx, { scope: 'contact', keys: [], handler: 'onContact' })
  // a write above both of its paths is one input
  const q = pipe('listeners', { contact: { email: '', phone: '' } })
  q.p.set('contact', { email: 'x', phone: 'y' })
  assert.deepStrictEqual(only(q.calls, 'onContact')[1], [['contact', { email: 'x', phone: 'y' }, { stage: 'input' }]])
})

test('with several paths and no scope, the scope is root: full paths and the whole state', () => {
  const { p, calls } = pipe('listeners', { contact: { email: '' }, billing: { email: '' } })
  p.apply([['billing.email', 'b'], ['contact.email', 'c']])
  const [, changes, scoped, ctx] = only(calls, 'onEmails')
  assert.deepStrictEqual(changes, [['billing.email', 'b', { stage: 'input' }], ['contact.email', 'c', { stage: 'input' }]])
  assert.deepStrictEqual(scoped, { contact: { email: 'c' }, billing: { email: 'b' } })
  assert.equal(ctx.scope, '')
})

// ---- §11: scope ---------------------------------------------------------------------------

test('default scope is the listened path; `scope root` gives full paths and the whole state', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann' } }, n: 1 })
  p.set('user.profile.name', 'bob')
  assert.deepStrictEqual(only(calls, 'onProfile').slice(1), [[['name', 'bob', { stage: 'input' }]], { name: 'bob' },
    { scope: 'user.profile', keys: [], handler: 'onProfile' }])
  assert.deepStrictEqual(only(calls, 'onProfileRoot').slice(1), [[['user.profile.name', 'bob', { stage: 'input' }]],
    { user: { profile: { name: 'bob' } }, n: 1 }, { scope: '', keys: [], handler: 'onProfileRoot' }])
})

test('a scope that is an ancestor of the path: inputs relative to it, its value as the second argument', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann' }, id: 3 } })
  p.set('user.profile.name', 'dee')
  assert.deepStrictEqual(only(calls, 'onName').slice(1), [[['profile.name', 'dee', { stage: 'input' }]],
    { profile: { name: 'dee' }, id: 3 }, { scope: 'user', keys: [], handler: 'onName' }])
})

test('an input at the scope or above it keeps its full path', () => {
  const { p, calls } = pipe('listeners', { user: { profile: { name: 'ann' } } })
  p.set('user', { profile: { name: 'eve' } })
  assert.deepStrictEqual(only(calls, 'onName')[1], [['user', { profile: { name: 'eve' } }, { stage: 'input' }]])
})

test('values are fresh copies: a handler mutating its input or state changes nothing else', () => {
  const value = { name: 'fay', tags: ['a'] }
  const { p, calls } = pipe('listeners', {}, {
    onProfile(changes, scoped) { changes[0][1].tags.push('mutated'); scoped.tags.push('mutated') },
  })
  p.set('user.profile', value)
  assert.deepStrictEqual(p.get('user.profile'), { name: 'fay', tags: ['a'] })
  assert.deepStrictEqual(value, { name: 'fay', tags: ['a'] })
  // the root listener ran after onProfile and got its own copy
  assert.deepStrictEqual(only(calls, 'onAll')[1][0][1], { name: 'fay', tags: ['a'] })
})

test('the scoped state reaches handlers that read it through rest parameters or `arguments`', () => {
  const c = creators.listeners
  if (c instanceof Error) throw c
  const seen = []
  const listeners = {}
  for (const name of HANDLERS.listeners) listeners[name] = () => {}
  listeners.onProfile = (...args) => { seen.push(args[1]) }
  listeners.onProfileRoot = function () { seen.push(arguments[1]) }
  const p = c({ user: { profile: { name: 'a' } } }, { listeners })
  p.set('user.profile.name', 'b')
  assert.deepStrictEqual(seen, [{ name: 'b' }, { user: { profile: { name: 'b' } } }])
})

// ---- §11: wildcard listeners ---------------------------------------------------------------

test('a wildcard listener is one listener per key, with ctx.keys and the key\'s scope', () => {
  const { p, calls } = pipe('listeners', { legs: { k1: { price: 1 }, k2: { price: 2 } } })
  p.apply([['legs.k2.price', 20], ['legs.k1.qty', 3]])
  const legs = calls.filter((k) => k[0] === 'onLeg')
  assert.deepStrictEqual(legs.map((k) => k.slice(1)), [
    [[['price', 20, { stage: 'input' }]], { price: 20 }, { scope: 'legs.k2', keys: ['k2'], handler: 'onLeg' }],
    [[['qty', 3, { stage: 'input' }]], { price: 1, qty: 3 }, { scope: 'legs.k1', keys: ['k1'], handler: 'onLeg' }],
  ])
})

test('a wildcard listener\'s keys run in the order they were first touched', () => {
  const { p, calls } = pipe('listeners', { legs: { a: { price: 1 }, b: { price: 1 }, c: { price: 1 } } })
  p.apply([['legs.c.price', 2], ['legs.a.price', 2], ['legs.c.qty', 1], ['legs.b.price', 2]])
  assert.deepStrictEqual(calls.filter((k) => k[0] === 'onLeg').map((k) => k[3].keys), [['c'], ['a'], ['b']])
  assert.deepStrictEqual(calls.filter((k) => k[0] === 'onLeg')[0][1].map((c) => c[0]), ['price', 'qty'])
})

test('a write at legs touches the keys present before or after it, in the object\'s key order', () => {
  const { p, calls } = pipe('listeners', { legs: { k1: { price: 1 }, k2: { price: 2 }, k3: { price: 3 } } })
  p.set('legs', { k3: { price: 3 }, k4: { price: 4 }, k1: { price: 1 } })
  const legs = calls.filter((k) => k[0] === 'onLeg')
  assert.deepStrictEqual(legs.map((k) => k[3].keys[0]), ['k3', 'k4', 'k1', 'k2'])
  for (const k of legs) assert.deepStrictEqual(k[1], [['legs', { k3: { price: 3 }, k4: { price: 4 }, k1: { price: 1 } }, { stage: 'input' }]])
  assert.deepStrictEqual(legs.map((k) => k[2]), [{ price: 3 }, { price: 4 }, { price: 1 }, undefined])
})

test('[*] in a scope binds by position: listen legs[*].price scope legs[*]', () => {
  const { p, calls } = pipe('listeners', { legs: { k1: { price: 1, qty: 1 }, k2: { price: 2 } } })
  p.apply([['legs.k1.price', 5], ['legs.k1.qty', 9], ['legs.k2.qty', 9]])
  const lp = calls.filter((k) => k[0] === 'onLegPrice')
  assert.deepStrictEqual(lp.map((k) => k.slice(1)), [
    [[['price', 5, { stage: 'input' }]], { price: 5, qty: 9 }, { scope: 'legs.k1', keys: ['k1'], handler: 'onLegPrice' }],
  ])
})

test('a key holding a dot is one key: ctx.keys, scope and scoped state are found by the module', () => {
  const { p, calls } = pipe('listeners', { legs: {} })
  p.set('legs', { 'x.y': { price: 7 }, x: { y: { price: 1 } } })
  const legs = calls.filter((k) => k[0] === 'onLeg')
  assert.deepStrictEqual(legs.map((k) => [k[3].keys, k[3].scope, k[2]]), [
    [['x.y'], 'legs.x.y', { price: 7 }],
    [['x'], 'legs.x', { y: { price: 1 } }],
  ])
  // legs[*].price: a write above a topic touches it whether the key holds a price or not
  const lp = calls.filter((k) => k[0] === 'onLegPrice')
  assert.deepStrictEqual(lp.map((k) => [k[3].keys, k[2]]), [[['x.y'], { price: 7 }], [['x'], { y: { price: 1 } }]])
})

// ---- §11: plan order ------------------------------------------------------------------------

test('plan order: deeper topic first; then deeper scope; then declaration order', () => {
  const { p, names } = pipe('listen_order', { a: { b: { c: { d: 0 } } }, z: 0 })
  p.set('a', { b: { c: { d: 1 } } })
  assert.deepStrictEqual(names(), ['multiDeep', 'deep', 'shallowSelf', 'shallowA', 'shallowRoot', 'shallowRoot2'])
})

test('a listener with several paths takes the depth of its deepest path', () => {
  const { p, names } = pipe('listen_order', { a: { b: { c: {} } }, z: 0 })
  p.apply([['a.b.c.x', 1], ['z', 1]])
  assert.deepStrictEqual(names(), ['multiDeep', 'deep', 'shallowSelf', 'shallowA', 'shallowRoot', 'shallowRoot2'])
})

// ---- §11 and §3: runs, inputs, outputs, rounds ---------------------------------------------------

test('a listener runs at most once per apply, even when a later round touches it again', () => {
  const { p, names } = pipe('listen_rounds', {}, {
    onPing: (changes) => [['pong', changes[0][1] + 1]],
    onPong: (changes) => [['ping', changes[0][1] + 1]],
  })
  const out = normalise(p.set('ping', 1))
  assert.deepStrictEqual(names(), ['onPing', 'onPong'])
  assert.deepStrictEqual(out.map((c) => [c[0], c[1], c[2].stage]), [['ping', 1, 'input'], ['pong', 2, 'listeners'], ['ping', 3, 'listeners']])
  // a new apply: they run again
  p.set('ping', 10)
  assert.deepStrictEqual(names(), ['onPing', 'onPong', 'onPing', 'onPong'])
  assert.deepStrictEqual(p.getState(), { ping: 12, pong: 11 })
})

test('outputs are the next round\'s inputs; rounds repeat until a round produces no listener output', () => {
  const { p, calls } = pipe('listen_rounds', {}, {
    one: () => [['step.two', 'from one']],
    two: (changes) => [['step.three', `${changes[0][1]} and two`]],
  })
  const out = normalise(p.set('step.one', 1))
  assert.deepStrictEqual(calls.map((k) => [k[0], k[1]]), [
    ['one', [['step.one', 1, { stage: 'input' }]]],
    ['two', [['step.two', 'from one', { stage: 'listeners', sender: 'one' }]]],
    ['three', [['step.three', 'from one and two', { stage: 'listeners', sender: 'two' }]]],
  ])
  assert.deepStrictEqual(out, [
    ['step.one', 1, { stage: 'input' }],
    ['step.two', 'from one', { stage: 'listeners', sender: 'one' }],
    ['step.three', 'from one and two', { stage: 'listeners', sender: 'two' }],
  ])
})

test('outputs get meta.sender = the handler\'s name unless set; their own meta travels with them', () => {
  const { p } = pipe('listen_rounds', {}, {
    one: () => [['step.x', 1], ['step.y', 2, { sender: 'someone', why: 'test' }], ['step.z', 3, { why: 'w' }]],
  })
  assert.deepStrictEqual(normalise(p.set('step.one', 0)).slice(1), [
    ['step.x', 1, { stage: 'listeners', sender: 'one' }],
    ['step.y', 2, { stage: 'listeners', sender: 'someone', why: 'test' }],
    ['step.z', 3, { stage: 'listeners', why: 'w', sender: 'one' }],
  ])
})

test('outputs go through every stage: sync, flip and concerns act on them', () => {
  const { p, calls } = pipe('listen_rounds', { form: { email: '', agree: false, refuse: true }, shipping: { email: '' } }, {
    fill: () => [['form.email', 'a@b.c'], ['form.agree', true]],
  }, { validators: { checkEmail: () => ({ isError: false, errors: [] }) } })
  const out = normalise(p.set('trigger', 1))
  assertChanges(out.slice(0, 5), [
    ['trigger', 1, 'input'],
    ['form.email', 'a@b.c', 'listeners', { sender: 'fill' }],
    ['form.agree', true, 'listeners', { sender: 'fill' }],
    ['shipping.email', 'a@b.c', 'sync', { sender: 'fill' }],
    ['form.refuse', false, 'flip', { sender: 'fill' }],
  ])
  assert.deepStrictEqual(p.getConcerns('shipping.email').hasAt, true)
  // the synced value reaches onShipping in the round after fill's
  assert.deepStrictEqual(only(calls, 'onShipping')[1], [['email', 'a@b.c', { stage: 'sync', sender: 'fill' }]])
})

test('meta: an input\'s meta travels with it and with what sync derives from it; listener inputs carry it as it is', () => {
  const { p, calls } = pipe('listen_rounds', { form: { email: '' }, shipping: { email: '' } }, {},
    { validators: { checkEmail: () => ({ isError: false, errors: [] }) } })
  const out = normalise(p.apply([['form.email', 'x', { src: 'ui' }]]))
  assert.deepStrictEqual(out.slice(0, 2), [['form.email', 'x', { stage: 'input', src: 'ui' }], ['shipping.email', 'x', { stage: 'sync', src: 'ui' }]])
  assert.deepStrictEqual(only(calls, 'onShipping')[1], [['email', 'x', { stage: 'sync', src: 'ui' }]])
  // other derived changes (concerns) carry { stage } only
  for (const c of out.filter((c) => c[0].startsWith('_concerns.'))) assert.deepStrictEqual(Object.keys(c[2]), ['stage'])
})

test('a listener also gets the outputs of listeners that ran earlier in the same round and touch its topic', () => {
  const { p, calls } = pipe('listen_rounds', {}, {
    first: () => [['mirror.note', 'n'], ['elsewhere', 1], ['mirror.a.deep', 5]],
  })
  p.set('mirror.a.deep', 1)
  assert.deepStrictEqual(calls.map((k) => k[0]), ['first', 'second'])
  assert.deepStrictEqual(calls[1][1], [
    ['a.deep', 1, { stage: 'input' }],
    ['note', 'n', { stage: 'listeners', sender: 'first' }],
    ['a.deep', 5, { stage: 'listeners', sender: 'first' }],
  ])
  // its state is the round's: the outputs are applied in the next round
  assert.deepStrictEqual(calls[1][2], { a: { deep: 1 } })
  assert.deepStrictEqual(p.get('mirror'), { a: { deep: 5 }, note: 'n' })
})

// The glue keeps the routes of earlier outputs per round plan and path
// (route_cache.js): what a later listener gets must not change with that.
test('earlier outputs of a round reach the later listeners alike on every apply (routes kept by path)', () => {
  const { p, calls } = pipe('listen_rounds', {}, {
    first: (changes) => [['mirror.note', changes[0][1] * 10], ['elsewhere', 1]],
  })
  for (const v of [1, 2, 1, 2]) {
    calls.length = 0
    p.set('mirror.a.deep', v)
    assert.deepStrictEqual(calls.map((k) => k[0]), ['first', 'second'])
    assert.deepStrictEqual(calls[1][1], [
      ['a.deep', v, { stage: 'input' }],
      ['note', v * 10, { stage: 'listeners', sender: 'first' }],
    ])
  }
})

test('an output above a wildcard topic is routed by the keys present now, never by the routes kept for its path', () => {
  // keyer writes `legs` = 0: it touches perKey's planned instances for the
  // keys legs has when the output is routed (the keys before or after it)
  const { p, calls } = pipe('listen_rounds', { legs: { k1: 1, k2: 1 }, deep: { x: { y: 0 } } }, {
    keyer: () => [['legs', 0]],
  })
  const heard = () => calls.filter((k) => k[0] === 'perKey').map((k) => [k[3].keys[0], k[1].some((c) => c[2].sender === 'keyer')])
  p.apply([['legs.k1', 2], ['legs', { k1: 3, k2: 1 }], ['deep.x.y', 1]])
  assert.deepStrictEqual(calls.map((k) => k[0]), ['keyer', 'perKey', 'perKey'])
  assert.deepStrictEqual(heard(), [['k1', true], ['k2', true]])
  // the same plan (keyer, perKey k1, perKey k2), but k1 is gone when keyer's output is routed
  calls.length = 0
  p.apply([['legs', { k1: 1 }], ['legs', { k2: 1 }], ['deep.x.y', 2]])
  assert.deepStrictEqual(calls.map((k) => k[0]), ['keyer', 'perKey', 'perKey'])
  assert.deepStrictEqual(heard(), [['k1', false], ['k2', true]])
})

test('an output whose routes were kept is still checked before the next listener runs', () => {
  let bad = false
  const { p, calls } = pipe('listen_rounds', {}, {
    first: () => [['mirror.note', bad ? { f: () => 1 } : 'n']],
  })
  p.set('mirror.a.deep', 1)
  p.set('mirror.a.deep', 2)
  bad = true
  calls.length = 0
  throwsErr(() => p.set('mirror.a.deep', 3), (e) => {
    assert.ok(e instanceof TypeError)
    assert.match(e.message, /listener 'first' output 0 \(mirror\.note\)/)
  })
  assert.deepStrictEqual(calls.map((k) => k[0]), ['first'])
  assert.deepStrictEqual(p.get('mirror'), { a: { deep: 2 }, note: 'n' })
})

// Handlers get only the arguments they can read (reads_state.js), and
// outputs are not routed to listeners that read no changes: none of it shows.
function quietPipe(first, second) {
  const c = creators.listen_rounds
  if (c instanceof Error) throw c
  const listeners = {}
  for (const name of HANDLERS.listen_rounds) listeners[name] = () => {}
  Object.assign(listeners, { first, second })
  return c({}, { listeners, ...DEFAULT_OPTIONS.listen_rounds })
}

test('handlers that read no changes, state or ctx: the same outputs and state as handlers that read them', () => {
  let ran = 0
  const p = quietPipe(() => [['mirror.note', 'n'], ['mirror.a.other', 2]], () => { ran++; return [['mirror.seen', ran]] })
  for (const v of [1, 2, 3]) {
    assertChanges(p.set('mirror.a.deep', v), [
      ['mirror.a.deep', v, 'input'],
      ...(v === 1 ? [['mirror.note', 'n', 'listeners', { sender: 'first' }],
        ['mirror.a.other', 2, 'listeners', { sender: 'first' }]] : []),
      ['mirror.seen', v, 'listeners', { sender: 'second' }],
    ])
  }
  assert.equal(ran, 3)
  assert.deepStrictEqual(p.get('mirror'), { a: { deep: 3, other: 2 }, note: 'n', seen: 3 })
  // ctx alone: its scope and handler
  const seen = []
  const q = quietPipe((c, s, ctx) => { seen.push(ctx.handler) }, (c, s, ctx) => { seen.push(ctx.scope) })
  q.set('mirror.a.deep', 1)
  assert.deepStrictEqual(seen, ['first', 'mirror'])
})

test('an output that routing would reject still fails before a later listener that reads no changes runs', () => {
  for (const bad of [['mirror.note', { f: () => 1 }], ['', 1]]) {
    let ran = false
    const p = quietPipe(() => [bad], () => { ran = true })
    throwsErr(() => p.set('mirror.a.deep', 1), (e) => {
      assert.ok(e instanceof TypeError)
      assert.match(e.message, /listener 'first' output 0/)
    })
    assert.equal(ran, false)
    assert.deepStrictEqual(p.get('mirror'), undefined)
  }
})

test('the second argument is the scope\'s value as the round\'s pipeline left it (after sync)', () => {
  const { p, calls } = pipe('listen_rounds', { form: { email: '' }, shipping: { email: '', zip: 1 } }, {},
    { validators: { checkEmail: () => ({ isError: false, errors: [] }) } })
  p.set('form.email', 'q')
  assert.deepStrictEqual(only(calls, 'onShipping')[2], { email: 'q', zip: 1 })
})

test('a listener output equal to the state is a no-op: it is not returned and starts no round', () => {
  const { p, names } = pipe('listen_rounds', { step: { two: 'same' } }, { one: () => [['step.two', 'same']] })
  assert.deepStrictEqual(normalise(p.set('step.one', 1)), [['step.one', 1, { stage: 'input' }]])
  assert.deepStrictEqual(names(), ['one'])
})

test('external validators run once, after the last round, with final values', () => {
  const seen = []
  const { p } = pipe('listen_rounds', { form: { email: '' }, shipping: { email: '' } }, {
    fill: () => [['form.email', 'final']],
  }, { validators: { checkEmail: (v) => { seen.push(v); return { isError: v === 'final', errors: [] } } } })
  seen.length = 0
  const out = normalise(p.apply([['form.email', 'first'], ['trigger', 1]]))
  assert.deepStrictEqual(seen, ['final'])
  assert.deepStrictEqual(out.at(-1), ['_concerns.shipping.email.validationState', { isError: true, errors: [] }, { stage: 'validators' }])
})

// ---- §9: listeners in groups ------------------------------------------------------------------

test('a listener in a disabled group does not run; enabled, it does; disabled again, it stops', () => {
  const { p, names } = pipe('listen_groups', { a: 0 })
  p.set('a', 1)
  assert.deepStrictEqual(names(), [])
  const on = normalise(p.enable('extra'))
  assert.deepStrictEqual(on, [['_concerns.a.big', false, { stage: 'concerns' }]])
  assert.deepStrictEqual(names(), [], 'enabling runs creation steps, not listeners')
  p.set('a', 2)
  assert.deepStrictEqual(names(), ['inExtra'])
  assert.deepStrictEqual(normalise(p.disable('extra')), [['_concerns.a.big', undefined, { stage: 'concerns' }]])
  p.set('a', 3)
  assert.deepStrictEqual(names(), ['inExtra'])
})

test('enable/disable: already in that state does nothing; an unknown group name throws', () => {
  const { p } = pipe('listen_groups', {})
  assert.deepStrictEqual(p.disable('extra'), [])
  p.enable('extra')
  assert.deepStrictEqual(p.enable('extra'), [])
  throwsErr(() => p.enable('nope'), (e) => assert.match(e.message, /nope/))
  throwsErr(() => p.disable('nope'), (e) => assert.match(e.message, /nope/))
})

test('a listener in a `when` group runs while the condition holds (checked when the round plans)', () => {
  const { p, names } = pipe('listen_groups', { mode: 'off', b: 0 })
  p.set('b', 1)
  assert.deepStrictEqual(names(), [])
  p.set('mode', 'on')
  p.set('b', 2)
  assert.deepStrictEqual(names(), ['inLive'])
  p.apply([['mode', 'off'], ['b', 3]])
  assert.deepStrictEqual(names(), ['inLive'])
  p.apply([['mode', 'on'], ['b', 4]])
  assert.deepStrictEqual(names(), ['inLive', 'inLive'])
})

test('a listener output that switches a `when` group on: the group\'s listener hears the next round', () => {
  const { p, names } = pipe('listen_groups', { mode: 'off' }, { always: () => [['mode', 'on'], ['b', 1]] })
  p.set('c', 1)
  assert.deepStrictEqual(names(), ['always', 'inLive'])
})

// ---- §12: errors and rollback ------------------------------------------------------------------

const ERR_STATE = { a: 1, b: 1, s: 'str', arr: [1], v: '' }
const okCheck = { validators: { check: () => ({ isError: false, errors: [] }) } }

function snapshot(p) {
  return { state: p.getState(), concerns: p.getConcerns() }
}

/** apply must throw; the pipeline must be exactly as before and still work. */
function rollsBack(p, batch, check) {
  const before = snapshot(p)
  const err = throwsErr(() => p.apply(batch), check)
  assert.deepStrictEqual(snapshot(p), before, 'state and concerns as before the call')
  return err
}

test('a handler that throws: apply throws an Error naming the handler, with the error as cause; nothing changed', () => {
  const boom = new Error('boom')
  const { p } = pipe('listen_errors', ERR_STATE, { act: () => { throw boom } }, okCheck)
  rollsBack(p, [['a', 5]], (e) => {
    assert.ok(e instanceof Error)
    assert.equal(e.cause, boom)
    assert.match(e.message, /'act'/)
  })
  assert.equal(p.get('b'), 1, 'the sync of the first round was undone')
  // still works
  const q = pipe('listen_errors', ERR_STATE, {}, okCheck)
  assertChanges(q.p.set('a', 2), [['a', 2, 'input'], ['b', 2, 'sync']])
})

test('an error in a later round undoes every round: state, concerns and a group switched by its condition', () => {
  const boom = new Error('late')
  let throws = true
  const { p, names } = pipe('listen_errors', ERR_STATE, {
    act: () => [['second', 1]],
    again: () => { if (throws) throw boom },
  }, okCheck)
  assert.deepStrictEqual(p.getConcerns('a'), { big: false })
  rollsBack(p, [['a', 500]], (e) => assert.equal(e.cause, boom))
  assert.deepStrictEqual(names(), ['act', 'again'])
  assert.equal(p.get('second'), undefined)
  // the group `high` (when a > 100) is off again: a = 2000 now turns it on and evaluates `huge`
  throws = false
  const out = normalise(p.apply([['a', 2000]]))
  assert.ok(out.some((c) => c[0] === '_concerns.a.huge' && c[1] === true), describe(out))
})

test('a listener output that writes through a scalar: the error names the handler\'s output and its path', () => {
  const { p } = pipe('listen_errors', ERR_STATE, { act: () => [['ok', 1], ['s.x', 1]] }, okCheck)
  rollsBack(p, [['a', 3]], (e) => {
    assert.equal(e.code, 'E_SCALAR')
    assert.match(e.message, /listener 'act' output 1/)
    assert.equal(e.path, 's.x')
  })
  assert.equal(p.get('ok'), undefined)
})

test('a listener output with a bad index fails the same way', () => {
  const { p } = pipe('listen_errors', ERR_STATE, { act: () => [['arr.5', 1]] }, okCheck)
  rollsBack(p, [['a', 3]], (e) => {
    assert.equal(e.code, 'E_INDEX')
    assert.match(e.message, /listener 'act' output 0/)
  })
})

test('a malformed listener output is a TypeError naming the handler; nothing changed', () => {
  for (const bad of [[['x', () => 0]], [['x']], [[3, 1]], 'nope', [['x', 1, 'meta']]]) {
    const { p } = pipe('listen_errors', ERR_STATE, { act: () => bad }, okCheck)
    rollsBack(p, [['a', 3]], (e) => {
      assert.ok(e instanceof TypeError, `${describe(bad)}: ${e}`)
      assert.match(e.message, /'act'/)
    })
  }
})

test('a malformed change or a write through a scalar in the batch: named by index (and path), nothing applied', () => {
  const { p, names } = pipe('listen_errors', ERR_STATE, {}, okCheck)
  rollsBack(p, [['a', 3], ['bad', Symbol('x')]], (e) => {
    assert.ok(e instanceof TypeError)
    assert.match(e.message, /change 1/)
  })
  rollsBack(p, [['a', 3], ['s.x', 1]], (e) => {
    assert.equal(e.code, 'E_SCALAR')
    assert.equal(e.changeIndex, 1)
    assert.equal(e.path, 's.x')
  })
  assert.deepStrictEqual(names(), [])
})

test('an external validator that throws after the listener rounds: everything is undone', () => {
  const boom = new Error('validator')
  let throws = false
  const { p, names } = pipe('listen_errors', ERR_STATE, { act: () => [['v', 'changed']] },
    { validators: { check: () => { if (throws) throw boom; return { isError: false, errors: [] } } } })
  throws = true
  rollsBack(p, [['a', 4]], (e) => assert.equal(e.cause, boom))
  assert.deepStrictEqual(names(), ['act'])
  assert.equal(p.get('v'), '')
})

// ---- §13: creation and the low-level API ---------------------------------------------------------

test('createPipeline runs no listener; handlers named by no rule are ignored', () => {
  const c = creators.listen_lowlevel
  if (c instanceof Error) throw c
  const ran = []
  const p = c({ form: { email: 'a@b.c' }, shipping: {} }, {
    listeners: { onForm: () => ran.push('onForm'), onEmail: () => ran.push('onEmail'), extra: () => ran.push('extra') },
    validators: { checkEmail: () => ({ isError: false, errors: [] }), unused: () => null },
  })
  assert.deepStrictEqual(ran, [])
  assert.ok(normalise(p.initialChanges).some((c) => c[0] === 'shipping.email'), 'creation synced')
})

test('processChanges: one round, committed, with execution_plan = { groups: [{ dispatches }] } indexing state_changes', () => {
  const { p, calls } = pipe('listen_lowlevel', { form: { email: '' }, shipping: { email: '' } }, {},
    { validators: { checkEmail: () => ({ isError: false, errors: [] }) } })
  const r = p.processChanges([['form.email', 'a@b.c']])
  assert.deepStrictEqual(Object.keys(r).sort(), ['execution_plan', 'has_work', 'state_changes', 'validators_to_run'])
  assert.deepStrictEqual(normalise(r.state_changes).slice(0, 2), [
    ['form.email', 'a@b.c', { stage: 'input' }], ['shipping.email', 'a@b.c', { stage: 'sync' }],
  ])
  // plan order: onEmail's topic (form.email) is deeper than onForm's; listener ids follow plan order
  assert.deepStrictEqual(r.execution_plan, { groups: [{ dispatches: [
    { dispatch_id: 0, listener: 0, handler: 'onEmail', scope_path: '', topic_path: 'form.email', input_change_ids: [0] },
    { dispatch_id: 1, listener: 1, handler: 'onForm', scope_path: 'form', topic_path: 'form', input_change_ids: [0] },
  ] }] })
  assert.deepStrictEqual(r.validators_to_run, [{ validator: 'checkEmail', field: 'shipping.email', value: 'a@b.c', deps: { 'shipping.email': 'a@b.c' } }])
  assert.equal(r.has_work, true)
  assert.deepStrictEqual(calls, [], 'processChanges calls no handler')
  assert.equal(p.get('shipping.email'), 'a@b.c', 'committed')
  assert.deepStrictEqual(p.processChanges([['form.email', 'a@b.c']]),
    { state_changes: [], validators_to_run: [], execution_plan: null, has_work: false })
})

test('processChanges lists every dispatch\'s inputs, also of handlers that read no changes', () => {
  const c = creators.listen_lowlevel
  if (c instanceof Error) throw c
  const p = c({ form: { email: '' }, shipping: { email: '' } },
    { listeners: { onForm: () => {}, onEmail: () => {} }, validators: { checkEmail: () => ({ isError: false, errors: [] }) } })
  const r = p.processChanges([['form.email', 'a@b.c']])
  assert.deepStrictEqual(r.execution_plan.groups[0].dispatches.map((d) => d.input_change_ids), [[0], [0]])
})

test('the low-level API driven by hand reaches the same state and concerns as apply on the same batch', () => {
  const state = { form: { email: '', name: 'n' }, shipping: { email: '' } }
  const handlers = {
    onForm: (changes, scoped) => [['summary.line', `${scoped.name} <${scoped.email}>`]],
    onEmail: (changes) => [['summary.seen', changes.length]],
  }
  const check = (v) => ({ isError: v === '', errors: v === '' ? [{ field: '.', message: 'empty' }] : [] })
  const viaApply = pipe('listen_lowlevel', state, handlers, { validators: { checkEmail: check } })
  viaApply.p.apply([['form.email', 'a@b.c']])

  const byHand = pipe('listen_lowlevel', state, {}, { validators: { checkEmail: check } })
  const p = byHand.p
  const r = p.processChanges([['form.email', 'a@b.c']])
  const outputs = []
  for (const d of r.execution_plan.groups[0].dispatches) {
    const changes = d.input_change_ids.map((i) => {
      const [path, value, meta] = r.state_changes[i]
      const rel = d.scope_path && path.startsWith(d.scope_path + '.') ? path.slice(d.scope_path.length + 1) : path
      return [rel, value, meta]
    })
    const scoped = d.scope_path ? p.get(d.scope_path) : p.getState()
    for (const [path, value, meta] of handlers[d.handler](changes, scoped, {}) || [])
      outputs.push([path, value, { ...meta, sender: d.handler }])
  }
  const results = r.validators_to_run.map((v) => [`_concerns.${v.field}.validationState`, check(v.value)])
  const f = p.pipelineFinalize([...outputs, ...results])
  assert.deepStrictEqual(Object.keys(f), ['state_changes'])
  assert.ok(normalise(f.state_changes).some((c) => c[0] === '_concerns.summary.line.set'), 'finalize returns _concerns entries')
  assert.deepStrictEqual(p.getState(), viaApply.p.getState())
  assert.deepStrictEqual(p.getConcerns(), viaApply.p.getConcerns())
  assert.deepStrictEqual(byHand.calls, [], 'finalize plans no listener')
})

test('pipelineFinalize runs listener outputs through stages 1–7 without planning listeners again', () => {
  const { p, calls } = pipe('listen_lowlevel', { form: { email: '' }, shipping: { email: '' } }, {},
    { validators: { checkEmail: () => ({ isError: false, errors: [] }) } })
  const f = p.pipelineFinalize([['form.email', 'z', { sender: 'onForm' }]])
  assert.deepStrictEqual(normalise(f.state_changes).slice(0, 2), [
    ['form.email', 'z', { stage: 'listeners', sender: 'onForm' }], ['shipping.email', 'z', { stage: 'sync', sender: 'onForm' }],
  ])
  assert.deepStrictEqual(calls, [])
  assert.equal(p.get('shipping.email'), 'z')
})
