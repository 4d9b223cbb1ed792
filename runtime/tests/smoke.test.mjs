// smoke.test.mjs — instantiates runtime.wasm with hooks written in JS (stubs,
// and a hand-written "sync a <-> b" calling back into the rt_ services), and
// drives it through the host exports: apply, listeners and rollback, errors,
// the encoding, and flat memory over many calls.
// Run: WP_RUNTIME_WASM=build/runtime.wasm node --test runtime/tests/smoke.test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'

const wasmPath = process.env.WP_RUNTIME_WASM ?? 'build/runtime.wasm'
const module = new WebAssembly.Module(readFileSync(wasmPath))
const TAG = ['input', 'sync', 'flip', 'aggregation_write', 'aggregation_read', 'computation',
  'clear_path', 'listeners', 'concerns', 'validators']
const enc = new TextEncoder()
const dec = new TextDecoder()

// ---- a minimal encoder/decoder for the boundary format (docs/internals.md)
function writer() {
  const bytes = []
  const w = {
    bytes,
    byte(b) { bytes.push(b) },
    varint(v) { do { let b = v & 0x7f; v >>>= 7; bytes.push(v ? b | 0x80 : b) } while (v) },
    text(s) { const u = enc.encode(s); w.varint(u.length); bytes.push(...u) },
    value(v) {
      if (v === undefined) w.byte(0)
      else if (v === null) w.byte(1)
      else if (v === false) w.byte(2)
      else if (v === true) w.byte(3)
      else if (typeof v === 'number') { w.byte(4); const b = new Uint8Array(8); new DataView(b.buffer).setFloat64(0, v, true); bytes.push(...b) }
      else if (typeof v === 'string') { w.byte(5); w.text(v) }
      else if (Array.isArray(v)) { w.byte(6); w.varint(v.length); v.forEach(w.value) }
      else { const ks = Object.keys(v); w.byte(7); w.varint(ks.length); for (const k of ks) { w.text(k); w.value(v[k]) } }
    },
  }
  return w
}

function instantiate(hooks = {}) {
  let ex
  const names = new Map([[0, '']]) // id 0 is the root, never announced
  const wp = {
    app: () => 0,
    path_class: () => 0,
    container: () => 0,
    input: () => 0,
    stage: (stage, begin, end) => (hooks.stage ? hooks.stage(ex, stage, begin, end) : 0),
    plan: (begin, end) => (hooks.plan ? hooks.plan(ex, begin, end) : 0),
    create: () => 0,
    disable: () => 0,
    concern: () => -10, // no concern kit tables here: never called
    cond: () => -10, // no derived kit tables here: never called
  }
  ex = new WebAssembly.Instance(module, { wp }).exports
  const mem = () => new Uint8Array(ex.memory.buffer)
  const send = (bytes) => { const p = ex.wp_in(bytes.length); mem().set(bytes, p); return bytes.length }
  const batch = (changes) => {
    const w = writer()
    w.varint(changes.length)
    for (const [path, value, tag = 0] of changes) { w.byte(1); w.text(path); w.value(value); w.byte(tag); w.varint(0) }
    return send(w.bytes)
  }
  const read = () => {
    const m = mem(), view = new DataView(ex.memory.buffer)
    let p = ex.wp_out_ptr(); const end = p + ex.wp_out_len()
    const varint = () => { let v = 0, s = 0, b; do { b = m[p++]; v += (b & 0x7f) * 2 ** s; s += 7 } while (b & 0x80); return v }
    const text = () => { const n = varint(); const s = dec.decode(m.subarray(p, p + n)); p += n; return s }
    const path = () => { const form = m[p++]; const id = varint(); if (form === 2) names.set(id, text()); return names.get(id) ?? `#${id}` }
    const value = () => {
      const t = m[p++]
      switch (t) {
        case 0: return undefined
        case 1: return null
        case 2: return false
        case 3: return true
        case 4: { const d = view.getFloat64(p, true); p += 8; return d }
        case 5: return text()
        case 6: { const n = varint(); return Array.from({ length: n }, value) }
        case 7: { const n = varint(); const o = {}; for (let i = 0; i < n; i++) { const k = text(); o[k] = value() } return o }
        case 8: return 'missing'
      }
    }
    const out = { changes: [], dispatches: [], tasks: [], error: null, value: undefined }
    while (p < end) {
      const rec = m[p++]
      if (rec === 0) break
      if (rec === 1) { const pa = path(); const tag = TAG[m[p++]]; const meta = varint(); out.changes.push([pa, value(), tag, meta - 1]) }
      else if (rec === 2) {
        const l = varint(); const scope = path(); const topic = path()
        const keys = Array.from({ length: varint() }, text)
        const n = varint()
        out.dispatches.push({ l, scope, topic, keys, inputs: Array.from({ length: n }, varint) })
      }
      else if (rec === 4) { const z = varint(); out.error = { code: (z >>> 1) ^ -(z & 1), index: varint() - 1 }; if (m[p++]) out.error.path = path() }
      else if (rec === 5) out.value = value()
      else throw new Error(`record ${rec}`)
    }
    return out
  }
  const pathId = (s) => { const u = enc.encode(s); const p = ex.wp_in(u.length); mem().set(u, p); return ex.wp_path_id(u.length) }
  const get = (s) => { const w = writer(); w.byte(1); w.text(s); assert.equal(ex.wp_get(send(w.bytes)), 0); return read().value }
  return { ex, batch, read, get, pathId }
}

test('ABI version and a plain apply', () => {
  const rt = instantiate()
  assert.equal(rt.ex.wp_abi_version(), 2)
  assert.equal(rt.ex.wp_create(rt.batch([['', { form: { name: 'x' } }]])), 0)
  assert.equal(rt.ex.wp_apply(rt.batch([['form.name', 'y'], ['form.age', 30]])), 0)
  assert.deepEqual(rt.read().changes, [['form.name', 'y', 'input', -1], ['form.age', 30, 'input', -1]])
  assert.deepEqual(rt.get(''), { form: { name: 'y', age: 30 } })
  assert.equal(rt.ex.wp_apply(rt.batch([['form.age', 30]])), 0)
  assert.deepEqual(rt.read().changes, []) // no-op
})

test('a JS hook calls back into runtime services (sync a <-> b)', () => {
  let a, b
  const rt = instantiate({
    stage(ex, stage, begin, end) {
      if (stage !== 5) return 0
      for (let i = end - 1; i >= begin; i--) {
        const p = ex.rt_change_path(i)
        if (p === a || p === b) { ex.rt_write(p === a ? b : a, ex.rt_change_value(i), 1, i, 0); break }
      }
      return 0
    },
  })
  a = rt.pathId('a'); b = rt.pathId('b')
  assert.equal(rt.ex.wp_apply(rt.batch([['a', 'héllo 😀']])), 0)
  assert.deepEqual(rt.read().changes, [['a', 'héllo 😀', 'input', -1], ['b', 'héllo 😀', 'sync', -1]])
  assert.equal(rt.ex.wp_apply(rt.batch([['a', 1], ['b', 2]])), 0)
  assert.deepEqual(rt.get(''), { a: 2, b: 2 }) // the later change wins
})

test('listeners: the host continues or rolls back', () => {
  const rt = instantiate({
    plan(ex, begin, end) { if (end > begin && ex.rt_once(0, 0)) ex.rt_plan_input(ex.rt_plan_dispatch(0, 0, 0, 0), begin); return 0 },
  })
  assert.equal(rt.ex.wp_create(rt.batch([['', { n: 1 }]])), 0)
  assert.equal(rt.ex.wp_apply(rt.batch([['n', 2]])), 1)
  assert.deepEqual(rt.read().dispatches, [{ l: 0, scope: '', topic: '', keys: [], inputs: [0 << 1] }])
  assert.equal(rt.ex.wp_continue(rt.batch([['m', 3, 7]])), 0)
  assert.deepEqual(rt.read().changes, [['m', 3, 'listeners', -1]])
  assert.equal(rt.ex.wp_apply(rt.batch([['n', 4]])), 1)
  assert.equal(rt.ex.wp_rollback(), 0) // a handler threw
  assert.deepEqual(rt.get(''), { n: 2, m: 3 })
})

test('errors name the change and change nothing', () => {
  const rt = instantiate()
  assert.equal(rt.ex.wp_create(rt.batch([['', { s: 'str' }]])), 0)
  assert.equal(rt.ex.wp_apply(rt.batch([['ok', 1], ['s.x', 1]])), -2)
  assert.deepEqual(rt.read().error, { code: -2, index: 1, path: 's.x' })
  assert.deepEqual(rt.get(''), { s: 'str' })
})

test('values round-trip, including NaN, -0 and empty strings', () => {
  const rt = instantiate()
  const v = { e: '', n: NaN, z: -0, big: 'x'.repeat(100000), list: [[], {}, [null, true, false]], u: 'ü€😀' }
  assert.equal(rt.ex.wp_apply(rt.batch([['v', v]])), 0)
  const back = rt.get('v')
  assert.ok(Object.is(back.z, -0) && Number.isNaN(back.n))
  assert.deepEqual(back, v)
  assert.equal(rt.get('nothing'), 'missing')
})

test('memory stays flat over many calls that overwrite the same paths', () => {
  const rt = instantiate()
  assert.equal(rt.ex.wp_create(rt.batch([['', { a: { b: 0 }, s: '' }]])), 0)
  const run = (i) => rt.ex.wp_apply(rt.batch([['a.b', i % 2], ['s', i % 2 ? 'odd value' : { k: [1, 2, 3] }]]))
  for (let i = 0; i < 100; i++) assert.equal(run(i), 0)
  const heap = rt.ex.wp_heap_live(), pages = rt.ex.memory.buffer.byteLength
  for (let i = 100; i < 20100; i++) assert.equal(run(i), 0)
  assert.equal(rt.ex.wp_heap_live(), heap)
  assert.equal(rt.ex.memory.buffer.byteLength, pages)
})

// Pages of linear memory, once written, stay resident: freed large blocks
// (here the initial state's 2 MB input buffer and forty replaced strings of
// 50 KB) are cut into the smaller blocks that follow, before the heap moves
// past them. 1.5 MB of new strings fit in them: the memory does not grow,
// where bumping past the freed blocks would outgrow its slack.
test('freed large blocks are reused by smaller ones before the memory grows', () => {
  const rt = instantiate()
  const big = Array.from({ length: 40 }, (_, i) => String(i % 10).repeat(50000))
  assert.equal(rt.ex.wp_create(rt.batch([['', { big, a: 0 }]])), 0)
  assert.equal(rt.ex.wp_apply(rt.batch([['big', 0]])), 0) // the strings' blocks are freed at commit
  const pages = rt.ex.memory.buffer.byteLength, live = rt.ex.wp_heap_live()
  for (let b = 0; b < 30; b++) {
    const changes = []
    for (let i = 0; i < 50; i++) changes.push([`k${b}_${i}`, 'v'.repeat(1000) + i])
    assert.equal(rt.ex.wp_apply(rt.batch(changes)), 0)
  }
  assert.equal(rt.get('k29_49'), 'v'.repeat(1000) + 49)
  assert.ok(rt.ex.wp_heap_live() - live > 1500 * 1000)
  assert.equal(rt.ex.memory.buffer.byteLength, pages)
})
