// react.test.mjs — the ./react subpath of a generated package (docs/react.md)
// under React DOM in jsdom, with @testing-library/react: createStore and
// its Provider, the hooks, and the render guarantee — typing into one field
// of a 50-field form re-renders that field and the fields whose values or
// concerns the rules changed, nothing else; the same under StrictMode; no
// tearing when the store changes during a transition's render.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterEach, before, describe, test } from 'node:test'

import { build, load, useJsdom } from './helpers.mjs'

await useJsdom()
const React = await import('react')
const { render, fireEvent, cleanup, act, screen } = await import('@testing-library/react')
const h = React.createElement

const form = await load('form50', 'react.js')
const nested = await load('nested', 'react.js')
const FIELDS = Array.from({ length: 50 }, (_, i) => `f${String(i + 1).padStart(2, '0')}`)
const emptyForm = () => Object.fromEntries(FIELDS.map((f) => [f, '']))

afterEach(cleanup)

// One input per field; counts[path] += 1 on every render of its component.
function Field({ path: p, counts }) {
  const { value, set, concerns } = form.useField(p)
  counts[p] = (counts[p] || 0) + 1
  return h(
    'label',
    null,
    h('span', { 'data-testid': `label-${p}` }, concerns.dynamicLabel ?? p),
    h('input', { 'aria-label': p, value: value ?? '', disabled: !!concerns.disabledWhen, onChange: (e) => set(e.target.value) }),
    concerns.validationState?.isError ? h('em', { 'data-testid': `error-${p}` }, concerns.validationState.errors[0].message) : null,
  )
}

function Form({ counts }) {
  return h('form', null, FIELDS.map((p) => h(Field, { key: p, path: p, counts })))
}

// The fields a change list touches: a field's own path, or its concerns.
function touchedFields(changes) {
  const out = new Set()
  for (const [p] of changes) {
    const segs = p.split('.')
    out.add(segs[0] === '_concerns' ? segs[1] : segs[0])
  }
  return out
}

function typeInto(p, text) {
  fireEvent.change(screen.getByLabelText(p), { target: { value: text } })
}

function rerendered(before, after) {
  return FIELDS.filter((p) => after[p] !== before[p]).sort()
}

describe('createStore and the Provider', () => {
  test('store.pipeline is the pipeline; the store reads and applies through it', () => {
    const { store, Provider } = form.createStore(emptyForm())
    assert.equal(typeof Provider, 'function')
    assert.equal(store.pipeline.get('f01'), '')
    const out = store.apply([['f01', 'x']])
    assert.deepEqual(out.map((c) => c[0]).sort(), ['_concerns.f04.dynamicLabel', 'f01', 'f02'])
    assert.equal(store.get('f02'), 'x')
    assert.equal(store.pipeline.get('f02'), 'x')
    assert.deepEqual(store.getConcerns('f04'), { dynamicLabel: 'after x' })
  })

  test('a hook outside its Provider throws a message naming the hook', () => {
    const Bad = () => form.useValue('f01')
    const err = console.error
    console.error = () => {}
    try {
      assert.throws(() => render(h(Bad)), /useValue must be called inside the <Provider>/)
    } finally {
      console.error = err
    }
  })

  test('a hook given a path that is not a string throws a TypeError', () => {
    const { Provider } = form.createStore(emptyForm())
    const Bad = () => form.useField(3)
    const err = console.error
    console.error = () => {}
    try {
      assert.throws(() => render(h(Provider, null, h(Bad))), TypeError)
    } finally {
      console.error = err
    }
  })

  test('createStoreAsync gives the same store, compiled with WebAssembly.compile', async () => {
    const { store } = await form.createStoreAsync(emptyForm())
    store.set('f01', 'lock')
    assert.deepEqual(store.getConcerns('f03'), { disabledWhen: true })
  })

  test('the CommonJS entry react.cjs exports the same API', () => {
    const require = createRequire(import.meta.url)
    const cjs = require(path.join(build('form50'), 'react.cjs'))
    for (const k of ['createStore', 'createStoreAsync', 'useStore', 'useValue', 'useField', 'useConcerns', 'useApply'])
      assert.equal(typeof cjs[k], 'function', k)
    assert.equal(cjs.createStore(emptyForm()).store.get('f01'), '')
  })
})

describe('the render guarantee on a 50-field form', () => {
  test('typing re-renders the typed field and the fields the rules changed, nothing else', () => {
    const { store, Provider } = form.createStore(emptyForm())
    const counts = {}
    let last = []
    store.subscribeAll((changes) => { last = changes })
    render(h(Provider, null, h(Form, { counts })))
    assert.deepEqual(Object.keys(counts).length, 50)
    assert.ok(FIELDS.every((p) => counts[p] === 1), 'each field rendered once on mount')

    const cases = [
      // [field, text, the fields expected to re-render]
      ['f01', 'a', ['f01', 'f02', 'f04']],         // f02 by sync, f04's label
      ['f01', 'lock', ['f01', 'f02', 'f03', 'f04']], // and f03 becomes disabled
      ['f05', 'ab', ['f05']],                       // its value and validationState
      ['f30', 'hello', ['f30']],                    // no rule
      ['f02', 'own', ['f02']],                      // sync is one-way
      ['f01', 'lock2', ['f01', 'f02', 'f03', 'f04']],
    ]
    for (const [p, text, expected] of cases) {
      const before = { ...counts }
      typeInto(p, text)
      const got = rerendered(before, counts)
      assert.deepEqual(got, expected, `typing '${text}' into ${p}`)
      // …which is exactly the fields the change list names
      assert.deepEqual([...touchedFields(last)].sort(), expected, `changes of '${text}' into ${p}`)
      for (const q of got) assert.equal(counts[q] - before[q], 1, `${q} rendered once`)
    }
    assert.equal(screen.getByLabelText('f02').value, 'lock2')
    assert.equal(screen.getByTestId('label-f04').textContent, 'after lock2')
    assert.equal(screen.getByLabelText('f03').disabled, false) // 'lock2' is not 'lock'
    assert.equal(screen.getByTestId('error-f05').textContent.length > 0, true)
  })

  test('under StrictMode: the same fields commit, and only them', () => {
    const { Provider } = form.createStore(emptyForm())
    const commits = {}
    const onRender = (id) => { commits[id] = (commits[id] || 0) + 1 }
    const counts = {}
    const Profiled = () =>
      h('form', null, FIELDS.map((p) => h(React.Profiler, { key: p, id: p, onRender }, h(Field, { path: p, counts }))))
    render(h(React.StrictMode, null, h(Provider, null, h(Profiled))))
    const mounted = { ...commits }
    typeInto('f01', 'lock')
    assert.deepEqual(rerendered(mounted, commits), ['f01', 'f02', 'f03', 'f04'])
    for (const p of ['f01', 'f02', 'f03', 'f04']) assert.equal(commits[p] - mounted[p], 1, p)
    const after = { ...commits }
    typeInto('f40', 'z')
    assert.deepEqual(rerendered(after, commits), ['f40'])
    assert.equal(screen.getByLabelText('f03').disabled, true)
  })

  test('applying nothing new re-renders nothing', () => {
    const { store, Provider } = form.createStore(emptyForm())
    const counts = {}
    render(h(Provider, null, h(Form, { counts })))
    const before = { ...counts }
    act(() => { store.apply([['f10', '']]) }) // equal to the state: a no-op
    assert.deepEqual(rerendered(before, counts), [])
  })
})

describe('paths at, above and below', () => {
  function Probe({ p, counts, kind = 'value' }) {
    const v = kind === 'value' ? nested.useValue(p) : nested.useConcerns(p)
    counts[p + ':' + kind] = (counts[p + ':' + kind] || 0) + 1
    return h('pre', { 'data-testid': p + ':' + kind }, JSON.stringify(v))
  }
  const init = () => ({ user: { name: '', email: '' }, card: { holder: '' }, note: '' })
  const probes = [['user'], ['user.name'], ['user.email'], ['card'], ['card.holder'], ['note'], ['user.email', 'concerns']]
  const key = ([p, k = 'value']) => p + ':' + k

  function mount() {
    const { store, Provider } = nested.createStore(init())
    const counts = {}
    render(h(Provider, null, probes.map(([p, kind]) => h(Probe, { key: p + kind, p, kind, counts }))))
    const diff = (fn) => {
      const before = { ...counts }
      act(fn)
      return probes.map(key).filter((k) => counts[k] !== before[k]).sort()
    }
    return { store, diff }
  }

  test('a change below a subscribed object re-renders it; siblings stay', () => {
    const { store, diff } = mount()
    assert.deepEqual(diff(() => store.set('user.name', 'Ada')),
      ['card.holder:value', 'card:value', 'user.name:value', 'user:value'])
    assert.equal(screen.getByTestId('user:value').textContent, '{"name":"Ada","email":""}')
  })

  test('a change above re-renders the paths below it whose values differ', () => {
    const { store, diff } = mount()
    assert.deepEqual(diff(() => store.set('user', { name: '', email: 'nope' })),
      ['user.email:concerns', 'user.email:value', 'user:value'])
    assert.equal(screen.getByTestId('user.email:value').textContent, '"nope"')
  })

  test('useConcerns re-renders when the field\'s concerns change, not when its value alone does', () => {
    const { store, diff } = mount()
    assert.deepEqual(diff(() => store.set('user.email', 'not-an-email')), ['user.email:concerns', 'user.email:value', 'user:value'])
    assert.match(screen.getByTestId('user.email:concerns').textContent, /"isError":true/)
    assert.deepEqual(diff(() => store.set('user.email', 'still-not')), ['user.email:value', 'user:value'])
    assert.deepEqual(diff(() => store.set('note', 'n')), ['note:value'])
  })

  test('switching a group on and off re-renders the fields whose concerns it changes', () => {
    const { store, Provider } = nested.createStore(init())
    const counts = {}
    render(h(Provider, null, h(Probe, { p: 'note', kind: 'concerns', counts }), h(Probe, { p: 'user.email', kind: 'concerns', counts })))
    const before = { ...counts }
    act(() => { store.enable('noteRules') })
    assert.equal(counts['note:concerns'] - before['note:concerns'], 1)
    assert.equal(counts['user.email:concerns'], before['user.email:concerns'])
    assert.equal(screen.getByTestId('note:concerns').textContent, '{"disabledWhen":true}')
    act(() => { store.set('user.name', 'Ada') })
    assert.equal(screen.getByTestId('note:concerns').textContent, '{"disabledWhen":false}')
    act(() => { store.disable('noteRules') })
    assert.equal(screen.getByTestId('note:concerns').textContent, '{}')
  })

  test('useApply applies a batch through the store; useStore is the store', () => {
    const { store, Provider } = nested.createStore(init())
    let apply, seen
    const Grab = () => {
      apply = nested.useApply()
      seen = nested.useStore()
      return h('i', { 'data-testid': 'holder' }, nested.useValue('card.holder'))
    }
    render(h(Provider, null, h(Grab)))
    assert.equal(seen, store)
    let out
    act(() => { out = apply([['user.name', 'Grace'], ['note', 'x']]) })
    assert.deepEqual(out.map((c) => [c[0], c[1], c[2].stage]),
      [['user.name', 'Grace', 'input'], ['note', 'x', 'input'], ['card.holder', 'Grace', 'sync']])
    assert.equal(screen.getByTestId('holder').textContent, 'Grace')
  })
})

describe('server-side rendering', () => {
  function Page() {
    const f = form.useField('f04')
    return h('p', null, h('b', null, f.concerns.dynamicLabel), ' ', h('i', null, form.useValue('f02')))
  }

  test('the server renders the state after creation; the client hydrates from getState() without a mismatch', async () => {
    const { renderToString } = await import('react-dom/server')
    const { hydrateRoot } = await import('react-dom/client')
    // server: create, apply what the request says, render, send the state along
    const server = form.createStore({ ...emptyForm(), f01: 'srv' })
    server.store.set('f01', 'sent')
    const html = renderToString(h(server.Provider, null, h(Page)))
    assert.equal(html, '<p><b>after sent</b> <i>sent</i></p>')
    const shipped = JSON.stringify(server.store.getState())
    assert.equal(JSON.parse(shipped)._concerns, undefined, 'getState() leaves the concerns out')
    // client: a store from the shipped state computes the same concerns
    const container = document.createElement('div')
    container.innerHTML = html
    document.body.appendChild(container)
    const client = form.createStore(JSON.parse(shipped))
    const errors = []
    const err = console.error
    console.error = (...a) => errors.push(a.join(' '))
    try {
      await act(async () => { hydrateRoot(container, h(client.Provider, null, h(Page)), { onRecoverableError: (e) => errors.push(String(e)) }) })
    } finally {
      console.error = err
    }
    assert.deepEqual(errors, [])
    assert.equal(container.innerHTML, '<p><b>after sent</b> <i>sent</i></p>')
    await act(async () => { client.store.set('f01', 'typed') })
    assert.equal(container.innerHTML, '<p><b>after typed</b> <i>typed</i></p>')
    container.remove()
  })
})

describe('concurrent rendering', () => {
  test('a store change in the middle of a transition\'s render does not tear', async () => {
    const { store, Provider } = form.createStore(emptyForm())
    let rendered = 0
    let changed = false
    function Cell({ i }) {
      const v = form.useValue('f01')
      rendered++
      // halfway through the transition's render, the store changes
      if (i === 25 && !changed) {
        changed = true
        store.set('f01', 'after')
      }
      return h('span', { className: 'cell' }, v)
    }
    function App() {
      const [show, setShow] = React.useState(false)
      App.show = () => React.startTransition(() => setShow(true))
      return show ? h('div', null, Array.from({ length: 50 }, (_, i) => h(Cell, { key: i, i }))) : null
    }
    const err = console.error
    console.error = () => {} // React warns about the update during render
    try {
      render(h(Provider, null, h(App)))
      await act(async () => App.show())
    } finally {
      console.error = err
    }
    assert.ok(changed)
    const texts = [...document.querySelectorAll('.cell')].map((e) => e.textContent)
    assert.equal(texts.length, 50)
    assert.deepEqual(new Set(texts), new Set(['after']), 'every cell shows the same, latest value')
    assert.ok(rendered > 50, 'React rendered again after seeing the snapshot change')
  })
})
