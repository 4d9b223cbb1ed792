// valtio.test.mjs — the ./valtio subpath (docs/react.md, docs/migrating.md):
// a valtio proxy of the state and one of the concerns kept in step with
// the pipeline; writes to the state proxy go through apply, so the rules
// run, and the proxy then holds what they produced. Also the same with
// valtio's useSnapshot in React (the migration guide's "after").
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterEach, describe, test } from 'node:test'

import { build, load, useJsdom } from './helpers.mjs'

await useJsdom()
const React = await import('react')
const { render, fireEvent, cleanup, screen, act } = await import('@testing-library/react')
const { subscribe, snapshot, unstable_enableOp } = await import('valtio/vanilla')
const { useSnapshot } = await import('valtio/react')
const h = React.createElement

const { createProxies, createProxiesAsync } = await load('profile', 'valtio.js')
const init = () => ({ name: '', holder: '', email: '', code: '', message: 'welcome', tags: [] })

afterEach(cleanup)

describe('createProxies', () => {
  test('the proxies start as the pipeline\'s state and concerns', () => {
    const { state, concerns, store } = createProxies(init())
    assert.deepEqual(snapshot(state), store.getState())
    assert.deepEqual(snapshot(concerns), { email: { validationState: { isError: false, errors: [] } } })
  })

  test('a write to the state proxy runs the rules; the proxy holds what they produced', () => {
    const { state, store } = createProxies(init())
    state.name = 'Ada'
    assert.equal(state.holder, 'Ada') // sync name -> holder
    assert.equal(store.get('holder'), 'Ada')
    state.code = 'X1'
    assert.equal(state.message, null) // clear message when code changes
    assert.deepEqual(snapshot(state), store.getState())
  })

  test('concerns follow: the concern proxy is updated by the write', () => {
    const { state, concerns } = createProxies(init())
    state.email = 'nope'
    assert.deepEqual(concerns.email.validationState, { isError: true, errors: [{ field: '.', message: 'not an email' }] })
    state.email = 'a@b.c'
    assert.equal(concerns.email.validationState.isError, false)
  })

  test('changes made through the store (apply, another binding) reach the proxies', () => {
    const { state, concerns, store } = createProxies(init())
    store.apply([['name', 'Grace'], ['email', 'bad']])
    assert.equal(state.name, 'Grace')
    assert.equal(state.holder, 'Grace')
    assert.equal(concerns.email.validationState.isError, true)
  })

  test('a list edited in place is written whole', () => {
    const { state, store } = createProxies(init())
    state.tags.push('a')
    state.tags.push('b')
    assert.deepEqual(store.get('tags'), ['a', 'b'])
    state.tags[0] = 'z'
    assert.deepEqual(store.get('tags'), ['z', 'b'])
    assert.deepEqual(snapshot(state).tags, ['z', 'b'])
  })

  test('valtio subscribers see one notification with the rules\' result', async () => {
    const { state } = createProxies(init())
    const seen = []
    subscribe(state, () => seen.push([state.name, state.holder]))
    state.name = 'Lin'
    await Promise.resolve()
    await Promise.resolve()
    assert.deepEqual(seen, [['Lin', 'Lin']])
  })

  test('a write the pipeline refuses throws, and the proxy goes back to the pipeline\'s value', () => {
    const { state, store } = createProxies(init())
    state.name = 'Ada'
    assert.throws(() => { state.name = () => 1 }, TypeError)
    assert.equal(state.name, 'Ada')
    assert.equal(store.get('name'), 'Ada')
  })

  test('without valtio\'s operations (unstable_enableOp(false)), the write is found by comparing', () => {
    const { state, store } = createProxies(init())
    unstable_enableOp(false)
    try {
      state.name = 'Noor'
      state.tags.push('t')
    } finally {
      unstable_enableOp(true)
    }
    assert.equal(state.holder, 'Noor')
    assert.deepEqual(store.get('tags'), ['t'])
  })

  test('dispose stops the following both ways', () => {
    const { state, store, dispose } = createProxies(init())
    dispose()
    state.name = 'later'
    assert.equal(store.get('name'), '')
    store.set('name', 'other')
    assert.equal(state.name, 'later')
  })

  test('createProxiesAsync and the CommonJS entry', async () => {
    const p = await createProxiesAsync(init())
    p.state.name = 'async'
    assert.equal(p.state.holder, 'async')
    const cjs = createRequire(import.meta.url)(path.join(build('profile'), 'valtio.cjs'))
    const q = cjs.createProxies(init())
    q.state.name = 'cjs'
    assert.equal(q.state.holder, 'cjs')
  })
})

describe('with useSnapshot', () => {
  // valtio notifies its snapshots in a microtask: each edit is awaited in act
  test('a component re-renders with what the rules produced', async () => {
    const { state, concerns } = createProxies(init())
    function Profile() {
      const s = useSnapshot(state)
      const c = useSnapshot(concerns)
      return h('div', null,
        h('input', { 'aria-label': 'name', value: s.name, onChange: (e) => { state.name = e.target.value } }),
        h('input', { 'aria-label': 'email', value: s.email, onChange: (e) => { state.email = e.target.value } }),
        h('output', { 'data-testid': 'holder' }, s.holder),
        c.email?.validationState?.isError ? h('em', { 'data-testid': 'error' }, c.email.validationState.errors[0].message) : null)
    }
    render(h(Profile))
    await act(async () => fireEvent.change(screen.getByLabelText('name'), { target: { value: 'Ada' } }))
    assert.equal(screen.getByTestId('holder').textContent, 'Ada')
    await act(async () => fireEvent.change(screen.getByLabelText('email'), { target: { value: 'x' } }))
    assert.equal(screen.getByTestId('error').textContent, 'not an email')
  })
})
