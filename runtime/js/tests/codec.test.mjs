// codec.test.mjs — the boundary encoding of docs/internals.md: byte-exact
// against its example, and value round trips through the runtime.
// Run: node --test runtime/js/tests/ (from the repository root; WP_RUNTIME_WASM
// overrides build/runtime.wasm).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Codec, MISSING, OUTPUTS } from '../codec.js'
import { base64Decode } from '../base64.js'
import { runtimeModule, stubImports } from './helpers.mjs'

function instance() {
  let ex
  ex = new WebAssembly.Instance(runtimeModule, stubImports()(() => ex)).exports
  return { ex, codec: new Codec(ex) }
}

// Writes a value at `path`, reads it back with wp_get.
function roundTrip(rt, value, path = 'v') {
  const len = rt.codec.batch([[path, value]], 0, [])
  assert.equal(rt.ex.wp_apply(len), 0)
  rt.codec.decode()
  assert.equal(rt.ex.wp_get(rt.codec.onePath(path)), 0)
  rt.codec.decode()
  return rt.codec.out.value
}

// What wp_get answers for a path, MISSING when nothing is there.
function getValue(rt, path) {
  assert.equal(rt.ex.wp_get(rt.codec.onePath(path)), 0)
  rt.codec.decode()
  return rt.codec.out.value
}

test('the input batch of the docs example, byte for byte', () => {
  const rt = instance()
  rt.codec.learn(5, 'form.email')
  const metas = [{}, {}]
  const len = rt.codec.batch([['form.email', 'a@b.c', { m: 2 }]], 0, metas)
  assert.deepEqual([...rt.codec.buf.subarray(0, len)],
    [0x01, 0x00, 0x05, 0x05, 0x05, 0x61, 0x40, 0x62, 0x2e, 0x63, 0x00, 0x03])
  assert.deepEqual(metas[2], { m: 2 })
  assert.equal(rt.codec.takeMetas(), metas)
  assert.equal(rt.codec.takeMetas(), null, 'handed over once')
  // without an array, the first meta makes one
  rt.codec.batch([['form.email', 1], ['form.email', 2, { n: 1 }]], 0, null)
  assert.deepEqual(rt.codec.takeMetas(), [{ n: 1 }])
  rt.codec.batch([['form.email', 1]], 0, null)
  assert.equal(rt.codec.takeMetas(), null)
})

// An announced path is learned for decoding only: its text joins keys that
// may hold '.', so it is not what the text means as input (ids).
test('wp_route\'s output decodes: ROUTE records as [dispatch, input], VALUED as the batch indexes', () => {
  const memory = new WebAssembly.Memory({ initial: 1 })
  // R1<0+ | R2<1 | V1 | END
  const bytes = [0x07, 0x01, 0x01, 0x07, 0x02, 0x02, 0x08, 0x01, 0x00]
  new Uint8Array(memory.buffer).set(bytes, 100)
  const codec = new Codec({ memory, wp_out_ptr: () => 100, wp_out_len: () => bytes.length })
  assert.deepEqual(codec.decode(), [])
  assert.deepEqual(codec.out.routes, [[1, 1], [2, 2]])
  assert.deepEqual(codec.out.valued, [1])
})

test('the output of the docs example decodes, learning the announced text', () => {
  const memory = new WebAssembly.Memory({ initial: 1 })
  const bytes = [0x01, 0x00, 0x05, 0x00, 0x03, 0x05, 0x05, 0x61, 0x40, 0x62, 0x2e, 0x63,
    0x01, 0x02, 0x06, 0x0e, ...new TextEncoder().encode('shipping.email'), 0x01, 0x03,
    0x05, 0x05, 0x61, 0x40, 0x62, 0x2e, 0x63, 0x00]
  new Uint8Array(memory.buffer).set(bytes, 100)
  const codec = new Codec({ memory, wp_out_ptr: () => 100, wp_out_len: () => bytes.length })
  codec.learn(5, 'form.email')
  const metas = [{}, {}, { m: 2 }]
  const changes = codec.decode(metas)
  assert.deepEqual(changes, [['form.email', 'a@b.c', { stage: 'input', m: 2 }],
    ['shipping.email', 'a@b.c', { stage: 'sync', m: 2 }]])
  assert.deepEqual(codec.out, { dispatches: [], tasks: [], routes: [], valued: [], error: null, value: undefined, text: undefined })
  assert.equal(codec.textOf(6), 'shipping.email')
  assert.equal(codec.ids.has('shipping.email'), false)
})

// The static paths' map and texts are made once per manifest array and
// shared; a codec copies the map when it learns a path of its own, and
// keeps the texts it learns apart.
test('codecs of one module share the static paths until one learns a path', () => {
  const statics = ['a', null, 'a.b']
  const one = new Codec({}, statics), two = new Codec({}, statics)
  assert.equal(one.ids, two.ids)
  assert.equal(one.ids.get('a.b'), 3)
  assert.equal(one.textOf(3), 'a.b')
  assert.equal(one.textOf(2), undefined)
  one.learn(9, 'x.y')
  one.setText(2, 'announced')
  assert.notEqual(one.ids, two.ids)
  assert.equal(one.ids.get('x.y'), 9)
  assert.equal(one.ids.get('a'), 1)
  assert.equal(two.ids.has('x.y'), false)
  assert.equal(one.textOf(9), 'x.y')
  assert.equal(one.textOf(2), 'announced')
  assert.equal(two.textOf(9), undefined)
  assert.equal(two.textOf(2), undefined)
  assert.equal(new Codec({}, statics).ids, two.ids)
})

test('known: a path text has an id by the last output batch\'s memo at its position or by the map; never one it lacks', () => {
  const rt = instance()
  const p = (k) => `a.b${k}.c` // built anew on each call
  assert.equal(rt.codec.known(p(1), 0), false)
  rt.codec.batch([[p(1), 1], [p(2), 2]], 7, null, 'output', OUTPUTS)
  rt.codec.batch([[p(4), 1]], 0, null) // another memo: OUTPUTS keeps p(1) at 0
  assert.equal(rt.codec.memos[OUTPUTS].text[0], p(1))
  assert.equal(rt.codec.known(p(1), 0), true) // the memo at 0
  assert.equal(rt.codec.known(p(1), 1), true) // the map
  assert.equal(rt.codec.known(p(2), 1), true)
  assert.equal(rt.codec.known(p(3), 1), false)
  assert.equal(rt.codec.known(p(3), 300), false) // past the memo
})

test('object keys decode alike through the key table: repeated, colliding, non-ASCII, long, __proto__', () => {
  const rt = instance()
  const keys = ['a', 'b', 'ab', 'ba', 'é', 'k'.repeat(40), '__proto__', ...Array.from({ length: 3000 }, (_, i) => `k${i}`)]
  const value = {}
  for (const k of keys) if (k !== '__proto__') value[k] = k.length
  Object.defineProperty(value, '__proto__', { value: 1, enumerable: false, writable: true, configurable: true })
  for (let round = 0; round < 3; round++) {
    const back = roundTrip(rt, value)
    assert.deepEqual(Object.keys(back), Object.keys(value))
    for (const k of Object.keys(value)) assert.equal(back[k], value[k])
    assert.equal(Object.hasOwn(back, '__proto__') && back.__proto__, 1)
  }
})

test('an output of END alone decodes to no changes without reading memory', () => {
  const codec = new Codec({ wp_out_len: () => 1, wp_out_ptr: () => assert.fail('not read') })
  const a = codec.decode(), b = codec.decode()
  assert.deepEqual(a, [])
  assert.notEqual(a, b, 'a new array each time: the caller owns what apply returns')
  assert.equal(codec.out.error, null)
})

// ASCII texts are built from fixed-arity pieces of 12 (asciiText); every
// length up to past the cutoff, as values and as keys.
test('ASCII texts of every length around the decoder\'s pieces', () => {
  const rt = instance()
  for (let n = 0; n <= 70; n++) {
    const s = Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7) % 94))).join('')
    assert.equal(roundTrip(rt, s), s, `${n} characters`)
    assert.deepEqual(roundTrip(rt, { [s]: n }), { [s]: n }, `${n} characters as a key`)
    const t = s + 'é' // the same, not ASCII
    assert.equal(roundTrip(rt, t), t)
  }
})

test('varints and text lengths at their boundaries', () => {
  const rt = instance()
  for (const n of [0, 1, 42, 43, 127, 128, 129, 16383, 16384, 100000]) {
    const s = 'x'.repeat(n)
    assert.equal(roundTrip(rt, s), s)
    const u = 'é'.repeat(n) // 2 bytes each
    assert.equal(roundTrip(rt, u), u)
  }
  const arr = Array.from({ length: 300 }, (_, i) => i)
  assert.deepEqual(roundTrip(rt, arr), arr)
})

test('strings: empty, non-ASCII, astral, long', () => {
  const rt = instance()
  for (const s of ['', 'ü€😀', 'a😀b', '日本語のテキスト'.repeat(50), 'x'.repeat(1 << 20), '\u0000nul', 'ünicode-key'])
    assert.equal(roundTrip(rt, s), s)
  assert.deepEqual(roundTrip(rt, { 'ключ': 1, '😀': { '': 2 } }), { 'ключ': 1, '😀': { '': 2 } })
})

test('lone surrogates survive as WTF-8; well-formed text stays UTF-8', () => {
  const rt = instance()
  const lone = ['\uD800', 'x\uDC00', 'a\uD83Db', '\uDBFF\uDBFF', 'é\uD800'.repeat(30)]
  for (const s of lone) assert.equal(roundTrip(rt, s), s)
  // the runtime kept it apart from the replacement character U+FFFD
  assert.notEqual(roundTrip(rt, '\uD800'), roundTrip(rt, '\uFFFD'))
})

// Valid surrogate pairs beside a lone surrogate take the WTF-8 encoder's
// four-byte branch; code points at or above U+40000 are the ones whose first
// byte uses bits 18-20 (U+1F600 has none there, so 😀 alone cannot tell).
test('WTF-8: surrogate pairs beside a lone surrogate, byte for byte and round trip', () => {
  const rt = instance()
  const cases = ['\uD800😀', '😀\uDC00', '\uD800\u{40000}', '\u{10FFFF}\uDFFF', 'a\uDBFF\u{E0001}z', '\u{100000}\uD800\u{10FFFF}']
  for (const s of cases) {
    assert.equal(roundTrip(rt, s), s, JSON.stringify(s))
    assert.deepEqual(roundTrip(rt, { [s]: s }), { [s]: s }, `as a key: ${JSON.stringify(s)}`)
  }
  // the bytes: a lone surrogate in the 3-byte form, a pair in the 4-byte form
  const len = rt.codec.batch([['v', '\uD800\u{10FFFF}\u{40000}']], 0, [])
  const bytes = [...rt.codec.buf.subarray(0, len)]
  const text = [0xed, 0xa0, 0x80, 0xf4, 0x8f, 0xbf, 0xbf, 0xf1, 0x80, 0x80, 0x80]
  assert.deepEqual(bytes.slice(bytes.length - 2 - text.length, bytes.length - 2), text)
})

// The short-string form writes its length in one byte for fewer than 43
// UTF-16 units (3 bytes each at most: 126 bytes); 3-byte characters at 43-85
// units are the ones that need the long form.
test("text lengths at the short-string cutoff: '€'.repeat(40..90)", () => {
  const rt = instance()
  for (let n = 40; n <= 90; n++) {
    const s = '€'.repeat(n)
    assert.equal(roundTrip(rt, s), s, `${n} × €`)
    assert.deepEqual(roundTrip(rt, { [s]: n }), { [s]: n }, `${n} × € as a key`)
    assert.equal(roundTrip(rt, n, `p.${s}`), n, `${n} × € in a path`)
  }
})

test('numbers: NaN, -0, ±Infinity, extremes', () => {
  const rt = instance()
  assert.ok(Number.isNaN(roundTrip(rt, NaN)))
  assert.ok(Object.is(roundTrip(rt, -0), -0))
  for (const n of [Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 0.1 + 0.2, 2 ** 53 + 2, -1e-300])
    assert.equal(roundTrip(rt, n), n)
})

test('nested objects and arrays, key order kept', () => {
  const rt = instance()
  const v = { z: 1, a: [[], {}, [null, true, false, [1, [2, [3]]]]], m: { b: { c: { d: 'deep' } } } }
  const back = roundTrip(rt, v)
  assert.deepEqual(back, v)
  assert.deepEqual(Object.keys(back), ['z', 'a', 'm'])
  const sparse = [1, , 3] // eslint-disable-line no-sparse-arrays
  assert.deepEqual(roundTrip(rt, sparse), [1, undefined, 3])
  const shared = { x: 1 }
  assert.deepEqual(roundTrip(rt, { a: shared, b: shared }), { a: { x: 1 }, b: { x: 1 } })
})

test('undefined versus missing', () => {
  const rt = instance()
  const back = roundTrip(rt, { k: undefined, j: 1 }, 'o')
  assert.ok(Object.hasOwn(back, 'k'))
  assert.equal(back.k, undefined)
  assert.equal(getValue(rt, 'nothing.here'), MISSING)
  assert.equal(roundTrip(rt, undefined, 'u'), MISSING) // writing undefined where nothing is: a no-op
  assert.equal(roundTrip(rt, 1, 'u'), 1)
  assert.equal(roundTrip(rt, undefined, 'u'), undefined) // the key is kept, holding undefined
  assert.ok(Object.hasOwn(getValue(rt, ''), 'u'))
})

test('__proto__ as a key stays data', () => {
  const rt = instance()
  const v = JSON.parse('{"__proto__": {"polluted": true}}')
  const back = roundTrip(rt, v)
  assert.equal(Object.getPrototypeOf(back), Object.prototype)
  assert.ok(Object.hasOwn(back, '__proto__'))
  assert.deepEqual(Object.keys(back), [], 'own but not enumerable: Object.assign({}, back) cannot set a prototype')
  assert.deepEqual(back['__proto__'], { polluted: true })
  assert.equal({}.polluted, undefined)
})

test('path ids: interned once, unknown ids resolved by text', () => {
  const rt = instance()
  const id = rt.codec.pathId('a.b')
  assert.ok(id > 0)
  assert.equal(rt.codec.pathId('a.b'), id)
  // a second codec on the same instance knows nothing: it resolves by wp_path_text
  const fresh = new Codec(rt.ex)
  rt.ex.wp_apply(rt.codec.batch([['a.b', 1]], 0, []))
  rt.codec.decode()
  rt.ex.wp_apply(rt.codec.batch([['a.b', 2]], 0, []))
  assert.deepEqual(fresh.decode(), [['a.b', 2, { stage: 'input' }]])
  assert.equal(fresh.textOf(id), 'a.b')
  assert.equal(fresh.ids.has('a.b'), false, 'a resolved text is for decoding only')
})

test('malformed changes throw TypeErrors naming the index', () => {
  const rt = instance()
  const cyc = { a: {} }
  cyc.a.b = cyc
  const cases = [
    [[['ok', 1], 'nope'], /change 1 is not/],
    [[['ok', 1], [3, 1]], /change 1: the path is not a string/],
    [[['f', () => 1]], /change 0 \(f\): a function cannot be state/],
    [[['ok', 1], ['s', Symbol('x')]], /change 1 \(s\): a symbol/],
    [[['b', 10n]], /change 0 \(b\): a bigint/],
    [[['ok', 1], ['ok', 2], ['c', cyc]], /change 2 \(c\): the value has a cycle/],
    [[['m', 1, 'meta']], /change 0 \(m\): the meta/],
    // every change's shape is checked before any value is: the later malformed change is named
    [[['f', () => 1], 'nope'], /change 1 is not/],
    [[['f', () => 1], ['ok', 1, 7]], /change 1 \(ok\): the meta/],
  ]
  for (const [changes, re] of cases) assert.throws(() => rt.codec.batch(changes, 0, []), (e) => e instanceof TypeError && re.test(e.message))
  assert.throws(() => rt.codec.batch('x', 0, []), TypeError)
  // the codec is still usable after a failure inside a value
  assert.deepEqual(roundTrip(rt, { ok: [1] }), { ok: [1] })
})

// A cycle is told where it makes the walk too deep (the value is one of the
// containers above it); a value met twice without a cycle is encoded twice;
// after either, the codec holds none of the caller's objects.
test('cycles, shared values and what the walk keeps', () => {
  const rt = instance()
  const shared = { k: [1, 2] }
  assert.deepEqual(roundTrip(rt, { a: shared, b: [shared, shared] }), { a: { k: [1, 2] }, b: [{ k: [1, 2] }, { k: [1, 2] }] })
  assert.ok(rt.codec.above.every((x) => x === undefined))
  const long = {}
  let at = long
  for (let i = 0; i < 300; i++) at = at.next = {}
  at.next = long // a loop of 301 containers
  assert.throws(() => rt.codec.batch([['c', [long]]], 0, []), (e) => e instanceof TypeError && /change 0 \(c\): the value has a cycle/.test(e.message))
  assert.ok(rt.codec.above.every((x) => x === undefined))
})

test('base64 decoding matches Buffer', async () => {
  const { Buffer } = await import('node:buffer')
  for (const n of [0, 1, 2, 3, 4, 5, 100, 1001]) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 255)
    assert.deepEqual(base64Decode(Buffer.from(bytes).toString('base64')), bytes)
  }
  assert.throws(() => base64Decode('ab!d'), /bad character/)
})
