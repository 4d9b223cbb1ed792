// numfmt.test.mjs — rt_num_format against node's own String(x), on the same
// ~120 000 doubles twice: through the native harness (numfmt_harness.c, bit
// patterns in, texts out) and through runtime.wasm's rt_mk_num_str service,
// called from a JS stage hook. The doubles: random 64-bit patterns from a
// fixed seed, "nice" decimals, integers near 2^53 and other powers of two,
// ties, powers of ten from 1e-330 to 1e310 and their neighbours, every power
// of two and its neighbours, subnormals, the decimal/exponent boundaries and
// edge cases (those of t_numfmt.c among them). Any divergence fails and shows the first few.
// Run: WP_NUMFMT_HARNESS=build/runtime/numfmt_harness WP_RUNTIME_WASM=build/runtime.wasm \
//        node --test runtime/tests/numfmt.test.mjs
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const harnessPath = process.env.WP_NUMFMT_HARNESS ?? 'build/runtime/numfmt_harness'
const wasmPath = process.env.WP_RUNTIME_WASM ?? 'build/runtime.wasm'

// ---- the doubles, as 16-hex-digit bit patterns (NaN payloads survive)
const view = new DataView(new ArrayBuffer(8))
const hexOf = (x) => { view.setFloat64(0, x); return view.getBigUint64(0).toString(16).padStart(16, '0') }
const ofHex = (h) => { view.setBigUint64(0, BigInt('0x' + h)); return view.getFloat64(0) }
const fromBits = (hi, lo) => { view.setUint32(0, hi >>> 0); view.setUint32(4, lo >>> 0); return hexOf(view.getFloat64(0)) }
const hexOfBits = (hi, lo) => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0')
// the doubles one ulp either side (of a finite non-zero x, towards and away from 0)
const neighbours = (x) => {
  view.setFloat64(0, x)
  const b = view.getBigUint64(0)
  const out = []
  for (const d of [-1n, 1n]) {
    view.setBigUint64(0, (b + d) & 0xffffffffffffffffn)
    out.push(hexOf(view.getFloat64(0)))
  }
  return out
}

let seed = 0x9e3779b9 // mulberry32, fixed seed
const u32 = () => {
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return (t ^ (t >>> 14)) >>> 0
}
const rand = () => u32() / 2 ** 32
const randInt = (n) => Math.floor(rand() * n)

const EDGE = [0, -0, NaN, Infinity, -Infinity, 1, -1, 0.1, 0.2, 0.3, 0.1 + 0.2, 1e21, 1e-7, 1.5e-7,
  123e-20, 5e-324, -5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308,
  -1.7976931348623157e308, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 9007199254740993, 1e20, 123456789012345680000,
  4.35, 0.000001, 0.0000001, 1e-6, 999999999999999900000, 1e21 - 65536, 100, 1234.5678, -0.5, 0.5, 2 ** -1074,
  2 ** 1023, 2 ** 63, 2 ** 64, 1 / 3, 2 / 3, Math.PI, Math.E, 5e-7, 1.2e-6, 123e18, 12e20, 1.1e21]

function doubles() {
  const hex = []
  const add = (x) => hex.push(hexOf(x))
  for (const x of EDGE) { add(x); if (Number.isFinite(x) && x !== 0) hex.push(...neighbours(x)) }
  // random bit patterns: every exponent, NaN payloads, both signs
  for (let i = 0; i < 60000; i++) hex.push(hexOfBits(u32(), u32()))
  // nice decimals: a few significant digits at every scale, and money-like sums
  for (let i = 0; i < 30000; i++) {
    const k = randInt(60) - 30
    const x = rand() * 10 ** k
    add(Number(x.toPrecision(1 + randInt(17))) * (rand() < 0.2 ? -1 : 1))
  }
  for (let i = 0; i < 5000; i++) add(Math.round(rand() * 10 ** (1 + randInt(8))) / 10 ** randInt(6))
  // integers near 2^53 (both parities) and other powers of two
  for (let i = -1500; i <= 1500; i++) add(2 ** 53 + i)
  for (const p of [31, 32, 52, 54, 60, 63, 64, 66, 69, 70, 100])
    for (let i = -40; i <= 40; i++) add(2 ** p + i * 2 ** Math.max(0, p - 52))
  // halfway between two shortest candidates (ties go to the even digit): in
  // [2^50, 2^51) the doubles are 0.25 apart, and n.25 lies between n.2 and n.3
  for (let i = 0; i < 2000; i++) add(2 ** 50 + randInt(2 ** 50) + (randInt(2) ? 0.25 : 0.75))
  // powers of ten from 1e-330 to 1e310 (0 and Infinity at the ends) and their neighbours
  for (let k = -330; k <= 310; k++) {
    const x = Number(`1e${k}`)
    add(x)
    if (x !== 0 && Number.isFinite(x)) hex.push(...neighbours(x))
    for (const m of [2, 5, 9.5]) add(m * x)
  }
  // every power of two (the gap below is the narrower one) and its neighbours
  for (let e = -1074; e <= 1023; e++) { const x = 2 ** e; add(x); hex.push(...neighbours(x)) }
  // subnormals: the smallest ones, the largest ones, random ones
  for (let i = 1; i <= 2000; i++) add(i * 5e-324)
  for (let i = 0; i < 500; i++) hex.push(fromBits(0x000fffff, 0xffffffff - i))
  for (let i = 0; i < 5000; i++) hex.push(fromBits(u32() & 0x800fffff, u32()))
  // the decimal/exponent boundaries: 1e21 and 1e-7 neighbourhoods
  for (const b of [1e21, 1e-7, 1e-6]) {
    view.setFloat64(0, b)
    const base = view.getBigUint64(0)
    for (let d = -300n; d <= 300n; d++) { view.setBigUint64(0, base + d); hex.push(hexOf(view.getFloat64(0))) }
  }
  return hex
}

const HEX = doubles()

function compare(actual) {
  assert.equal(actual.length, HEX.length, 'one line per double')
  const bad = []
  for (let i = 0; i < HEX.length; i++) {
    const want = String(ofHex(HEX[i]))
    if (actual[i] !== want) bad.push(`${HEX[i]}: expected ${want}, got ${actual[i]}`)
  }
  if (bad.length) assert.fail(`${bad.length} of ${HEX.length} differ, first ones:\n  ${bad.slice(0, 8).join('\n  ')}`)
}

test(`the native rt_num_format matches String(x) on ${HEX.length} doubles`, () => {
  assert.ok(HEX.length >= 100000)
  const run = spawnSync(harnessPath, { input: HEX.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 26 })
  assert.equal(run.error, undefined, `cannot run ${harnessPath}`)
  assert.equal(run.status, 0, run.stderr)
  const lines = run.stdout.split('\n')
  assert.equal(lines.pop(), '')
  compare(lines)
})

test('runtime.wasm: rt_mk_num_str builds the same texts as string nodes', () => {
  const module = new WebAssembly.Module(readFileSync(wasmPath))
  let ex, chunk = [], texts = []
  const dec = new TextDecoder()
  const wp = {
    app: () => 0, path_class: () => 0, container: () => 0, input: () => 0, plan: () => 0, create: () => 0,
    disable: () => 0, concern: () => -10, cond: () => -10,
    stage: (stage) => {
      if (stage !== 4) return 0
      for (const h of chunk) {
        const node = ex.rt_mk_num_str(ofHex(h))
        assert.notEqual(node, 0)
        assert.equal(ex.rt_kind(node), 5, 'a string node (RT_KIND_STRING)')
        const p = ex.rt_str_bytes(node), n = ex.rt_str_len(node)
        texts.push(dec.decode(new Uint8Array(ex.memory.buffer, p, n)))
      }
      chunk = []
      return 0
    },
  }
  ex = new WebAssembly.Instance(module, { wp }).exports
  // one apply per chunk (a change to `n` each time), so the arena is reset between chunks
  for (let at = 0, round = 0; at < HEX.length; at += 10000, round++) {
    chunk = HEX.slice(at, at + 10000)
    // count 1; path as text "n"; number (tag 4, f64 = round); tag input; no meta
    const bytes = Uint8Array.from([1, 1, 1, 0x6e, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    new DataView(bytes.buffer).setFloat64(5, round, true)
    const ptr = ex.wp_in(bytes.length)
    new Uint8Array(ex.memory.buffer).set(bytes, ptr)
    assert.equal(ex.wp_apply(bytes.length), 0)
    assert.equal(chunk.length, 0, 'the stage hook ran')
  }
  compare(texts)
})
