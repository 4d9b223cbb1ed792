// pipeline.test.mjs — the Pipeline API (js-api.md) over the bare runtime
// with stub hooks in JS: creation, apply, listeners and rollback, tasks
// (external validators and concerns), groups, the low-level API, errors.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { factory, groupsApp, hookPath, hookTask } from './helpers.mjs'

// "sync a <-> b" as a stage-5 hook (later change wins).
function syncHooks(x = 'a', y = 'b') {
  let a, b
  return {
    stage(ex, stage, begin, end) {
      if (stage !== 5) return 0
      a ??= hookPath(ex, x); b ??= hookPath(ex, y)
      for (let i = end - 1; i >= begin; i--) {
        const p = ex.rt_change_path(i)
        if (p === a || p === b) { ex.rt_write(p === a ? b : a, ex.rt_change_value(i), 1, i, 0); break }
      }
      return 0
    },
  }
}

// A listener (id 0) on topic `topic` with scope `scope`, planned once per apply.
function listenerHooks(topic, scope = topic) {
  let t, s
  return {
    plan(ex, begin, end) {
      t ??= hookPath(ex, topic); s ??= scope === '' ? 0 : hookPath(ex, scope)
      let d = -1
      for (let i = begin; i < end; i++) {
        const p = ex.rt_change_path(i)
        if (p === t || ex.rt_path_within(t, p)) {
          if (d < 0) { if (!ex.rt_once(0, 0)) return 0; d = ex.rt_plan_dispatch(0, s, t, 0) }
          ex.rt_plan_input(d, i)
        }
      }
      return 0
    },
  }
}

const listenerManifest = (topic, scope = topic) => ({
  handlers: ['onForm'],
  listeners: [{ handler: 'onForm', topics: [topic], scope }],
})

test('create: initial state, getState copy, initialChanges', () => {
  const { createPipeline } = factory()
  const p = createPipeline({ form: { name: 'x', tags: ['a'] }, n: 1 })
  assert.deepEqual(p.initialChanges, [])
  const s = p.getState()
  assert.deepEqual(s, { form: { name: 'x', tags: ['a'] }, n: 1 })
  s.form.name = 'mutated'
  assert.equal(p.get('form.name'), 'x')
  assert.equal(p.get('missing.path'), undefined)
  assert.deepEqual(createPipeline().getState(), {})
  assert.throws(() => createPipeline([1]), TypeError)
  assert.throws(() => createPipeline({ f() {} }), /TypeError: wp: initial state: a function cannot be state$/)
})

test('pipelines are isolated', () => {
  const { createPipeline } = factory()
  const p = createPipeline({ n: 1 })
  const q = createPipeline({ n: 2 })
  p.set('n', 10)
  assert.equal(q.get('n'), 2)
  assert.equal(p.get('n'), 10)
})

test('apply returns what took effect, with stages and meta; no-ops removed', () => {
  const { createPipeline } = factory({}, syncHooks())
  const p = createPipeline({ a: 1, b: 1, c: 0 })
  assert.deepEqual(p.apply([['a', 2, { src: 'ui' }], ['c', 0]]), [
    ['a', 2, { stage: 'input', src: 'ui' }],
    ['b', 2, { stage: 'sync', src: 'ui' }],
  ])
  assert.deepEqual(p.apply([['a', 2]]), [])
  assert.deepEqual(p.set('b', 'x'), [['b', 'x', { stage: 'input' }], ['a', 'x', { stage: 'sync' }]])
  assert.deepEqual(p.getState(), { a: 'x', b: 'x', c: 0 })
  assert.deepEqual(p.apply([]), [])
})

test('values survive the trip: NaN, -0, Infinity, undefined, nested', () => {
  const { createPipeline } = factory()
  const p = createPipeline({})
  const v = { n: NaN, z: -0, i: -Infinity, u: undefined, deep: [{ x: [1, { y: 'ü😀' }] }] }
  const out = p.set('v', v)
  assert.deepEqual(out, [['v', v, { stage: 'input' }]])
  const back = p.get('v')
  assert.ok(Number.isNaN(back.n) && Object.is(back.z, -0) && Object.hasOwn(back, 'u'))
  assert.deepEqual(back, v)
})

test('bad input: TypeError naming the change index, nothing applied', () => {
  const { createPipeline } = factory()
  const p = createPipeline({ n: 1 })
  const cyc = []
  cyc.push(cyc)
  for (const bad of [
    'x', [['n', 2], 'x'], [['n', 2], [1, 1]], [['n', 2], ['f', () => 0]], [['n', 2], ['s', Symbol.iterator]],
    [['n', 2], ['b', 1n]], [['n', 2], ['c', cyc]],
  ]) {
    assert.throws(() => p.apply(bad), (e) => e instanceof TypeError && (bad === 'x' || /change 1/.test(e.message)))
    assert.deepEqual(p.getState(), { n: 1 })
  }
  assert.throws(() => p.set(3, 1), /change 0/)
  assert.throws(() => p.get(3), TypeError)
})

test('a write through a scalar fails, names index and path, changes nothing', () => {
  const { createPipeline } = factory()
  const p = createPipeline({ s: 'str' })
  assert.throws(() => p.apply([['ok', 1], ['s.x', 1]]), (e) =>
    e.code === 'E_SCALAR' && e.changeIndex === 1 && e.path === 's.x' && /change 1, path 's.x'/.test(e.message))
  assert.deepEqual(p.getState(), { s: 'str' })
  p.set('ok', 2) // still usable
  assert.equal(p.get('ok'), 2)
})

test('listeners: relative inputs, scoped state, ctx, outputs fed back with sender', () => {
  const calls = []
  const { createPipeline } = factory(listenerManifest('form'), listenerHooks('form'))
  const p = createPipeline({ form: { a: 1 }, other: 0 }, {
    listeners: {
      onForm(changes, scoped, ctx) {
        calls.push({ changes, scoped, ctx })
        return [['summary', `a=${scoped.a}`]]
      },
    },
  })
  const out = p.apply([['form.a', 2, { by: 'me' }], ['other', 1]])
  assert.deepEqual(calls, [{
    changes: [['a', 2, { stage: 'input', by: 'me' }]],
    scoped: { a: 2 },
    ctx: { scope: 'form', keys: [], handler: 'onForm' },
  }])
  assert.deepEqual(out, [
    ['form.a', 2, { stage: 'input', by: 'me' }],
    ['other', 1, { stage: 'input' }],
    ['summary', 'a=2', { stage: 'listeners', sender: 'onForm' }],
  ])
  assert.equal(p.get('summary'), 'a=2')
  assert.deepEqual(p.apply([['other', 2]]), [['other', 2, { stage: 'input' }]])
  assert.equal(calls.length, 1)
})

test('root scope: full paths and the whole state without _concerns', () => {
  let seen
  const { createPipeline } = factory(listenerManifest('form', ''), listenerHooks('form', ''))
  const p = createPipeline({ form: { a: 1 }, _concerns: { form: { a: { x: true } } } }, {
    listeners: { onForm(changes, state) { seen = { changes, state } } },
  })
  p.set('form.a', 5)
  assert.deepEqual(seen, { changes: [['form.a', 5, { stage: 'input' }]], state: { form: { a: 5 } } })
})

test('a throwing handler: the error propagates with cause, state as before', () => {
  const boom = new Error('boom')
  const { createPipeline } = factory(listenerManifest('form'), { ...listenerHooks('form'), ...{} })
  const p = createPipeline({ form: { a: 1 } }, { listeners: { onForm() { throw boom } } })
  assert.throws(() => p.set('form.a', 2), (e) => e.cause === boom && /onForm/.test(e.message))
  assert.deepEqual(p.getState(), { form: { a: 1 } })
  assert.throws(() => p.set('form.a', 3), (e) => e.cause === boom)
  assert.equal(p.get('form.a'), 1)
})

test('a listener returning a bad change: TypeError, rolled back', () => {
  const { createPipeline } = factory(listenerManifest('form'), listenerHooks('form'))
  const p = createPipeline({ form: { a: 1 } }, { listeners: { onForm: () => [['x', () => 0]] } })
  assert.throws(() => p.set('form.a', 2), TypeError)
  assert.deepEqual(p.getState(), { form: { a: 1 } })
  const q = createPipeline({ form: { a: 1 } }, { listeners: { onForm: () => 'nope' } })
  assert.throws(() => q.set('form.a', 2), /must return an array/)
  assert.equal(q.get('form.a'), 1)
})

test('missing handlers, validators and concerns are listed', () => {
  const { createPipeline } = factory({ handlers: ['h1', 'h2'], validators: ['v'], concerns: ['c'] })
  assert.throws(() => createPipeline({}, { listeners: { h1() {} } }),
    (e) => e.message === 'wp: createPipeline: missing listeners: h2; validators: v; concerns: c')
  // extras are ignored
  createPipeline({}, { listeners: { h1() {}, h2() {}, extra() {} }, validators: { v() {} }, concerns: { c() {} } })
})

// Stage 7 queues an external validator (kind 1, task 0) for `email` and an
// external concern (kind 0, task 1) for `age` when they change.
function taskHooks() {
  let email, age, tier
  return {
    stage(ex, stage, begin, end) {
      if (stage !== 7) return 0
      email ??= hookPath(ex, 'user.email'); age ??= hookPath(ex, 'user.age'); tier ??= hookPath(ex, 'user.tier')
      for (let i = begin; i < end; i++) {
        const p = ex.rt_change_path(i)
        if (p === email) hookTask(ex, 1, 0, email, [email, age])
        if (p === age || p === tier) hookTask(ex, 0, 1, age, [age, tier])
      }
      return 0
    },
    create(ex) {
      email ??= hookPath(ex, 'user.email'); age ??= hookPath(ex, 'user.age'); tier ??= hookPath(ex, 'user.tier')
      hookTask(ex, 0, 1, age, [age, tier])
      return 0
    },
  }
}
const taskManifest = {
  validators: ['checkEmail'], concerns: ['scoreUser'],
  fields: [{ field: 'user.email', concerns: ['validationState'] }, { field: 'user.age', concerns: ['score'] }],
  tasks: [
    { kind: 'validation', field: 'user.email', validators: [{ fn: 'checkEmail', n: 1 }] },
    { kind: 'concern', field: 'user.age', name: 'score', fn: 'scoreUser' },
  ],
}

test('external validators and concerns: called once, results stored and emitted', () => {
  const calls = []
  const { createPipeline } = factory(taskManifest, taskHooks())
  const p = createPipeline({ user: { email: '', age: 20, tier: 'gold' } }, {
    validators: {
      checkEmail(value, deps, ctx) {
        calls.push(['checkEmail', value, deps, ctx])
        return value.includes('@') ? { isError: false, errors: [] } : { isError: true, errors: [{ field: '.', message: 'bad' }] }
      },
    },
    concerns: { scoreUser(age, tier, ctx) { calls.push(['scoreUser', age, tier, ctx]); return age > 30 ? 2 : 1 } },
  })
  assert.deepEqual(p.initialChanges, [['_concerns.user.age.score', 1, { stage: 'concerns' }]])
  assert.deepEqual(calls, [['scoreUser', 20, 'gold', { field: 'user.age', concern: 'score', keys: [] }]])
  calls.length = 0
  const out = p.apply([['user.email', 'nope'], ['user.age', 40]])
  assert.deepEqual(calls, [
    ['checkEmail', 'nope', { 'user.age': 40 }, { field: 'user.email', validator: 'checkEmail', keys: [] }],
    ['scoreUser', 40, 'gold', { field: 'user.age', concern: 'score', keys: [] }],
  ])
  assert.deepEqual(out, [
    ['user.email', 'nope', { stage: 'input' }],
    ['user.age', 40, { stage: 'input' }],
    ['_concerns.user.email.validationState', { isError: true, errors: [{ field: '.', message: 'bad' }] }, { stage: 'validators' }],
    ['_concerns.user.age.score', 2, { stage: 'concerns' }],
  ])
  assert.deepEqual(p.getConcerns(), {
    'user.email': { validationState: { isError: true, errors: [{ field: '.', message: 'bad' }] } },
    'user.age': { score: 2 },
  })
  assert.deepEqual(p.getConcerns('user.age'), { score: 2 })
  assert.deepEqual(p.getConcerns('nobody'), {})
  assert.equal(Object.hasOwn(p.getState(), '_concerns'), false)
})

test('a throwing validator rolls the whole apply back', () => {
  const err = new Error('validator down')
  const { createPipeline } = factory(taskManifest, taskHooks())
  const p = createPipeline({ user: { email: '', age: 20, tier: 'gold' } }, {
    validators: { checkEmail() { throw err } },
    concerns: { scoreUser: () => 1 },
  })
  const before = p.getState()
  assert.throws(() => p.apply([['user.email', 'x'], ['user.age', 50]]), (e) => e.cause === err && /checkEmail/.test(e.message))
  assert.deepEqual(p.getState(), before)
  assert.deepEqual(p.getConcerns(), { 'user.age': { score: 1 } })
})

test('groups: enable/disable by name, unknown names throw', () => {
  const events = []
  const { createPipeline } = factory({ groups: [{ name: 'g0', enabled: true }, { name: 'g1', enabled: false }] }, {
    app: groupsApp(2, [0]),
    create(ex, g) {
      events.push(['create', g])
      if (g === 1) ex.rt_write(hookPath(ex, 'flag'), ex.rt_mk_bool(1), 8, -1, 0)
      return 0
    },
    disable(ex, g) { events.push(['disable', g]); return 0 },
  })
  const p = createPipeline({})
  assert.deepEqual(p.enable('g1'), [['flag', true, { stage: 'concerns' }]])
  assert.deepEqual(p.enable('g1'), [])
  assert.deepEqual(p.disable('g0'), [])
  assert.deepEqual(events, [['create', -1], ['create', 1], ['disable', 0]])
  assert.throws(() => p.enable('nope'), /unknown group 'nope'/)
})

test('processChanges and pipelineFinalize: the low-level shapes', () => {
  const { createPipeline } = factory({ ...listenerManifest('form'), ...taskManifest, handlers: ['onForm'] },
    { ...taskHooks(), ...listenerHooks('form'), create: () => 0 })
  const p = createPipeline({ form: { a: 1 }, user: { age: 1 } }, {
    listeners: { onForm() {} }, validators: { checkEmail() {} }, concerns: { scoreUser() {} },
  })
  const r = p.processChanges([['form.a', 2], ['user.email', 'e']])
  assert.deepEqual(r, {
    state_changes: [['form.a', 2, { stage: 'input' }], ['user.email', 'e', { stage: 'input' }]],
    validators_to_run: [{ validator: 'checkEmail', field: 'user.email', value: 'e', deps: { 'user.age': 1 } }],
    execution_plan: { groups: [{ dispatches: [{ dispatch_id: 0, listener: 0, handler: 'onForm', scope_path: 'form', topic_path: 'form', input_change_ids: [0] }] }] },
    has_work: true,
  })
  assert.equal(p.get('form.a'), 2) // committed
  const f = p.pipelineFinalize([['note', 'x', { sender: 'onForm' }], ['_concerns.user.email.validationState', { isError: false, errors: [] }]])
  assert.deepEqual(f, { state_changes: [
    ['note', 'x', { stage: 'listeners', sender: 'onForm' }],
    ['_concerns.user.email.validationState', { isError: false, errors: [] }, { stage: 'validators' }],
  ] })
  assert.deepEqual(p.processChanges([['form.a', 2]]), { state_changes: [], validators_to_run: [], execution_plan: null, has_work: false })
})

test('destroy: every later call throws', () => {
  const { createPipeline } = factory()
  const p = createPipeline({ n: 1 })
  p.destroy()
  for (const call of [() => p.apply([]), () => p.set('n', 1), () => p.get('n'), () => p.getState(), () => p.getConcerns(),
    () => p.enable('g'), () => p.processChanges([]), () => p.pipelineFinalize([]), () => p.destroy()])
    assert.throws(call, /destroyed/)
})

test('createPipelineAsync', async () => {
  const { createPipelineAsync } = factory({}, syncHooks())
  const p = await createPipelineAsync({ a: 0, b: 0 })
  assert.deepEqual(p.set('a', 1).map((c) => c[0]), ['a', 'b'])
})

test('memory stays flat over many applies through the glue', () => {
  const { createPipeline } = factory({}, syncHooks())
  const p = createPipeline({ a: 0, b: 0, s: '' })
  const run = (i) => p.apply([['a', i % 2], ['s', i % 2 ? 'odd value' : { k: [1, 2, 3] }]])
  for (let i = 0; i < 100; i++) run(i)
  const before = p.getState()
  const mem = p.stats()
  for (let i = 100; i < 5100; i++) run(i)
  assert.deepEqual(p.getState(), before)
  const after = p.stats()
  // the same state after 5 000 more applies: the module's linear memory has
  // not grown and its heap holds the same live bytes (nothing leaks per apply)
  assert.equal(after.memoryBytes, mem.memoryBytes, 'wasm memory did not grow')
  assert.equal(after.heapLiveBytes, mem.heapLiveBytes, 'live heap bytes are the same')
  assert.ok(mem.heapLiveBytes > 0, 'the live heap is measured')
})

test('a later listener of the round sees earlier outputs that touch its topic', () => {
  let form, other
  const seen = []
  const { createPipeline } = factory({
    handlers: ['first', 'second'],
    listeners: [{ handler: 'first', topics: ['other'], scope: '' }, { handler: 'second', topics: ['form'], scope: 'form' }],
  }, {
    // the kits' pattern: an instance already planned this round takes the
    // change (also while the glue routes earlier outputs: wp_route), else
    // it is planned once per apply (rt_once says 0 while routing)
    plan(ex, begin, end) {
      form ??= hookPath(ex, 'form'); other ??= hookPath(ex, 'other')
      for (let i = begin; i < end; i++) {
        const p = ex.rt_change_path(i)
        if (p === other) {
          let d = ex.rt_plan_find(0, other)
          if (d < 0 && ex.rt_once(0, 0)) d = ex.rt_plan_dispatch(0, 0, other, 0)
          if (d >= 0) ex.rt_plan_input(d, i)
          if (ex.rt_plan_find(1, form) < 0 && ex.rt_once(1, 0)) ex.rt_plan_dispatch(1, form, form, 1)
        } else if (ex.rt_path_within(form, p)) {
          const d = ex.rt_plan_find(1, form)
          if (d >= 0) ex.rt_plan_input(d, i)
        }
      }
      return 0
    },
  })
  const p = createPipeline({ form: { a: 1 } }, {
    listeners: {
      first(changes) { seen.push(['first', changes]); return [['form.b', 2], ['_concerns.form.x', 1], ['elsewhere', 3]] },
      second(changes, scoped, ctx) { seen.push(['second', changes, scoped, ctx]) },
    },
  })
  p.set('other', 1)
  assert.deepEqual(seen, [
    ['first', [['other', 1, { stage: 'input' }]]],
    ['second', [['b', 2, { stage: 'listeners', sender: 'first' }]], { a: 1 }, { scope: 'form', keys: [], handler: 'second' }],
  ])
  assert.deepEqual(p.getState(), { form: { a: 1, b: 2 }, other: 1, elsewhere: 3 })
})

test('wildcard listener: ctx.keys are the keys the module planned', () => {
  let legs, k1
  let ctxSeen
  const { createPipeline } = factory({
    handlers: ['recalcLeg'], listeners: [{ handler: 'recalcLeg', topics: ['legs.*'], scope: 'legs.*' }],
  }, {
    plan(ex, begin, end) {
      legs ??= hookPath(ex, 'legs'); k1 ??= hookPath(ex, 'legs.k1')
      for (let i = begin; i < end; i++)
        if (ex.rt_path_within(k1, ex.rt_change_path(i)) && ex.rt_once(0, k1)) {
          const d = ex.rt_plan_dispatch(0, k1, k1, 0)
          ex.rt_plan_key(d, ex.rt_path_atom(k1))
          ex.rt_plan_input(d, i)
        }
      return 0
    },
  })
  const p = createPipeline({ legs: { k1: { price: 1 } } }, {
    listeners: { recalcLeg(changes, scoped, ctx) { ctxSeen = { changes, scoped, ctx }; return [['legs.k1.total', scoped.price * 2]] } },
  })
  const out = p.set('legs.k1.price', 5)
  assert.deepEqual(ctxSeen, {
    changes: [['price', 5, { stage: 'input' }]], scoped: { price: 5 },
    ctx: { scope: 'legs.k1', keys: ['k1'], handler: 'recalcLeg' },
  })
  assert.deepEqual(out.at(-1), ['legs.k1.total', 10, { stage: 'listeners', sender: 'recalcLeg' }])
})
