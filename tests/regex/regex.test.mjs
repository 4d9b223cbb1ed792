// regex.test.mjs — differential test of `pattern` regexes: for every pattern
// below, thousands of strings (random ones over the pattern's alphabet, and
// near-misses: mutations of matching ones) are answered three ways and must
// agree: JavaScript's `new RegExp(re).test(s)`, the native build of
// compiler/regex_dfa.c + runtime/rt_dfa.c (tests/regex/harness.c), and
// rt_dfa_search inside build/runtime.wasm on the blob the harness printed.
// A divergence fails with the pattern and the smallest failing string.
// Deterministic: the generator is seeded from the pattern.
//
// Run: WP_REGEX_HARNESS=build/regex_harness WP_RUNTIME_WASM=build/runtime.wasm \
//        node --test tests/regex/     (make regex-test)
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

const HARNESS = process.env.WP_REGEX_HARNESS ?? 'build/regex_harness'
const WASM = process.env.WP_RUNTIME_WASM ?? 'build/runtime.wasm'
const PER_PATTERN = 2000

// ---- the patterns: every construct of the subset (compiler/sem_regex.h) ----
// alpha: characters worth drawing besides the pattern's own; ex: strings to
// mutate when random ones rarely match; len: longest random string;
// always/never: the pattern matches every string / none.
const R = String.raw
const PATTERNS = [
  // literals, search semantics, anchors
  { re: R`abc`, alpha: 'abcx' },
  { re: R`^abc$`, alpha: 'abcx', ex: ['abc'] },
  { re: R`^$`, alpha: 'a\n' },
  { re: R`^`, alpha: 'a', always: true },
  { re: R`$`, alpha: 'a', always: true },
  { re: R`$^`, alpha: 'a' },
  { re: R`a^b|c$d`, alpha: 'abcd', never: true },
  // anchors inside alternatives and groups
  { re: R`a|^b`, alpha: 'abx' },
  { re: R`(^a)`, alpha: 'abx' },
  { re: R`x$|y`, alpha: 'xyz' },
  { re: R`(a$|b)c`, alpha: 'abc' },
  { re: R`(^|,)x(,|$)`, alpha: 'x,y' },
  { re: R`(?:^|a)+b`, alpha: 'abc' },
  { re: R`(a$)*b`, alpha: 'ab' },
  { re: R`^(?:$|a)b?`, alpha: 'abc' },
  { re: R`(?:a|^)(?:b|$)`, alpha: 'abc' },
  { re: R`[a-z]{3}\d?$|^\d`, alpha: 'abz09' },
  // classes, negated classes, ranges, class escapes
  { re: R`[a-c]+d`, alpha: 'abcde' },
  { re: R`[^a-c]`, alpha: 'abcd' },
  { re: R`^[^a-c]*$`, alpha: 'abcd\n' },
  { re: R`[\d\s]+x`, alpha: '0 9x\ta' },
  { re: R`^[\w-]+@`, alpha: 'aZ_0-@.' },
  { re: R`\W\D\S`, alpha: 'a0 _-.' },
  { re: R`^[\S\s]{2}$`, alpha: 'a \n' },
  { re: R`[-a][a-][\-][\]]`, alpha: 'a-]b' },
  { re: R`[]a]`, alpha: 'a]', never: true },
  { re: R`[^]x`, alpha: 'x\n' },
  { re: R`[.][\b][\^^]`, alpha: '.\b^a' },
  { re: R`^[à-ÿ]+é$`, alpha: 'àéÿa' },
  // escapes: \xHH \uHHHH \0 \t \n \v \f \r and escaped punctuation
  { re: R`\x41\u00e9\u2028`, alpha: 'Aé\u2028' , ex: ['Aé\u2028'] },
  { re: R`^[\x41-\x43\u0100-\u0102]+$`, alpha: 'ABCD\u0100\u0102\u0103' },
  { re: R`\0[\0-\x1f]\t\n\v\f\r`, alpha: '\0\t\n\v\f\r\x1f', ex: ['\0\x01\t\n\v\f\r'] },
  { re: R`\.\*\+\?\(\)\[\]\{\}\|\/\\\^\$\-`, alpha: '.*+?()[]{}|/\\^$-', ex: ['.*+?()[]{}|/\\^$-'] },
  { re: R`a{,3}x{]}`, alpha: 'ax{,3}]', ex: ['a{,3}x{]}'] },
  // `.` and line terminators, \s and the Unicode spaces
  { re: R`^.$`, alpha: 'a\n\r\u2028\u2029' },
  { re: R`a.c`, alpha: 'ac\n\r\u2028\u2029\u0085' },
  { re: R`^.+$`, alpha: 'ab\n\r\u2028\u2029' },
  { re: R`^\s*$`, alpha: ' \t\u00a0\ufeff\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u180e\u200b\u0085' },
  { re: R`\S+\s\S`, alpha: 'a \u00a0\u3000\u180e' },
  { re: R`\u2028|\u2029`, alpha: '\u2028\u2029a' },
  // quantifiers
  { re: R`^a{2}$`, alpha: 'ab' },
  { re: R`a{2,}b`, alpha: 'ab' },
  { re: R`^a{0,3}$`, alpha: 'ab' },
  { re: R`^(ab){1,3}$`, alpha: 'abc' },
  { re: R`^(a|b){2,3}c{0}$`, alpha: 'abc' },
  { re: R`^x{3,5}$`, alpha: 'xy' },
  { re: R`^(?:a?){5}b$`, alpha: 'ab' },
  { re: R`(a*)*b`, alpha: 'ab' },
  { re: R`(a|)+b`, alpha: 'ab' },
  { re: R`()*x|(|a)+$`, alpha: 'ax', always: true },
  { re: R`^a+b*c?d{1}$`, alpha: 'abcd' },
  { re: R`^(?:ab|cd){2,5}$`, alpha: 'abcd', ex: ['abcd', 'cdabcdab'] },
  { re: R`^\w{1,1000}$`, alpha: 'a_ -', ex: ['a'.repeat(1000), 'a'.repeat(1001), 'b'.repeat(999)] },
  { re: R`a{1000}`, alpha: 'ab', ex: ['a'.repeat(1000), 'b' + 'a'.repeat(999) + 'b'] },
  { re: R`^(?:a|b(?:c(?:d)?)?){2,4}$`, alpha: 'abcd' },
  // nesting and alternation
  { re: R`^(a(b(c)?)?)?$`, alpha: 'abc' },
  { re: R`(a|ab)(c|bcd)(d*)`, alpha: 'abcd' },
  { re: R`^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$`, alpha: '0125.9',
    ex: ['192.168.0.1', '255.255.255.255', '256.1.1.1', '1.2.3'] },
  { re: R`^[^@\s]+@[^@\s]+\.[^@\s]+$`, alpha: 'ab@. ', ex: ['a@b.c'] },
  { re: R`^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$`, alpha: 'az09._%+-@', ex: ['john.doe@mail.example.com'] },
  { re: R`^#?([a-f0-9]{6}|[a-f0-9]{3})$`, alpha: '#af09g', ex: ['#a0f', 'ffffff', '#12345'] },
  { re: R`^\+?\d{1,3}[- ]?\d{3,14}$`, alpha: '+0 -9', ex: ['+33 612345678', '1-800'] },
  { re: R`^\d+(\.\d{1,2})?$`, alpha: '0.9', ex: ['12.34', '1.234', '5.'] },
  { re: R`^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$`, alpha: 'AZ09a', ex: ['FR7630006000011234567890189'] },
  // UTF-16: surrogate pairs and lone surrogates (in the pattern and the input)
  { re: R`😀+`, alpha: '😀a\ud83d\ude00', ex: ['😀\ude00'] },
  { re: R`^[😀]$`, alpha: '😀a' },
  { re: R`^\ud83d\ude00$`, alpha: '😀\ud83d\ude00', ex: ['😀'] },
  { re: R`^[\ud800-\udbff][\udc00-\udfff]$`, alpha: '😀\ud800\udfffa' },
  { re: R`[\ud800-\udfff]`, alpha: '😀\ud800\udc00a' },
  { re: R`^[^\ud800-\udfff]*$`, alpha: '😀\ud800\udc00a\uffff' },
  { re: R`^.{2}$`, alpha: '😀a\ud800' },
  { re: R`\udc00|^\ud83d`, alpha: '\ud83d\udc00😀𐀀' },
]

// Must be refused: syntax outside the subset (WP0411) or over the limits (WP0414).
const SYNTAX = [R`(a)\1`, R`(?=a)`, R`(?<n>a)`, R`a(b`, R`a)b`, R`*a`, R`[z-a]`, R`a{3,2}`, R`a+?`,
  R`\bword`, R`a{1001}`, R`[\d-z]`, R`\c`, R`^*`, R`a**`, R`\x4`, R`\u12`, R`\01`, '\\']
const LARGE = [R`(a{1000}){1000}`, R`(?:\w{1,1000}){20}`, R`^[a-z.]{1,300}\.[a-z]{2,60}$`, R`(a|b)*a(a|b){16}`]

// ---- helpers ----
function mulberry32(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
function hashString(s) {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return h >>> 0
}
const unitsHex = (s) => { let h = ''; for (let i = 0; i < s.length; i++) h += s.charCodeAt(i).toString(16).padStart(4, '0'); return h }
const show = (s) => JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))

// WTF-8, as runtime/js/codec.js writes strings that hold lone surrogates.
function wtf8(s) {
  const out = []
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++ }
    }
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

// Characters every pattern meets now and then: line terminators, spaces,
// surrogates (paired and lone), class edges.
const EXTRA = ['\n', '\r', '\u2028', '\u2029', ' ', '\t', '\v', '\f', '\0', '\u00a0', '\ufeff', '\u1680',
  '\u2000', '\u200a', '\u202f', '\u205f', '\u3000', '\u180e', '\u200b', '\u0085', 'é', '😀', '\ud800',
  '\udc00', '\udbff', '\udfff', '\uffff', '\u0100', 'A', 'Z', '_', '0', '9', '-', '.', '@', 'x', '`', '{']

function generate(p) {
  const rnd = mulberry32(hashString(p.re))
  const own = [...new Set([...(p.alpha ?? ''), ...p.re])] // code points; pairs stay whole ...
  for (const ch of [...own]) if (ch.length === 2) own.push(ch[0], ch[1]) // ... and also split
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)]
  const maxLen = p.len ?? 12
  const re = new RegExp(p.re)
  const seen = new Set()
  const strings = []
  const add = (s) => { if (!seen.has(s)) { seen.add(s); strings.push(s) } }
  const randomString = () => {
    let s = ''
    const n = Math.floor(rnd() * (maxLen + 1))
    for (let i = 0; i < n; i++) s += rnd() < 0.88 ? pick(own) : pick(EXTRA)
    return s
  }
  const mutate = (s) => {
    const ops = 1 + Math.floor(rnd() * 2)
    for (let k = 0; k < ops; k++) {
      const i = Math.floor(rnd() * (s.length + 1))
      const c = rnd() < 0.8 ? pick(own) : pick(EXTRA)
      switch (Math.floor(rnd() * 5)) {
        case 0: s = s.slice(0, i) + c + s.slice(i); break                 // insert
        case 1: s = s.slice(0, i) + s.slice(i + 1); break                 // delete a unit
        case 2: s = s.slice(0, i) + c + s.slice(i + 1); break             // replace a unit
        case 3: { const j = Math.floor(rnd() * (s.length + 1)); s = s.slice(0, i) + s.slice(Math.min(i, j), Math.max(i, j)) + s.slice(i); break } // duplicate
        default: s = s.slice(1 + Math.floor(rnd() * 2))                   // drop a prefix
      }
    }
    return s
  }
  add('')
  for (const s of p.ex ?? []) add(s)
  for (let i = 0; i < PER_PATTERN / 2; i++) add(randomString())
  const matching = strings.filter((s) => re.test(s))
  let tries = 0
  while (strings.length < PER_PATTERN + 200 && tries++ < PER_PATTERN * 20) {
    if (matching.length && rnd() < 0.85) {
      const m = mutate(pick(matching))
      add(m)
      if (re.test(m) && matching.length < 4000) matching.push(m)
    } else add(randomString())
  }
  return strings
}

// ---- run everything through the harness once ----
const harnessInput = []
const plan = PATTERNS.map((p) => ({ ...p, strings: generate(p) }))
for (const p of plan) {
  harnessInput.push('P ' + Buffer.from(p.re, 'utf8').toString('hex'))
  for (const s of p.strings) harnessInput.push('S ' + unitsHex(s))
}
for (const re of [...SYNTAX, ...LARGE]) harnessInput.push('P ' + Buffer.from(re, 'utf8').toString('hex'))
const started = Date.now()
const run = spawnSync(HARNESS, [], { input: harnessInput.join('\n') + '\n', maxBuffer: 1 << 28 })
if (run.error || run.status !== 0) throw new Error(`${HARNESS} failed: ${run.error ?? run.stderr}`)
const harnessMs = Date.now() - started
const lines = run.stdout.toString().split('\n')
let at = 0
for (const p of plan) {
  p.compiled = lines[at++]
  p.native = lines.slice(at, at + p.strings.length)
  at += p.strings.length
}
const refused = new Map([...SYNTAX, ...LARGE].map((re) => [re, lines[at++]]))

// ---- the runtime.wasm side ----
const wasm = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(WASM)), {
  wp: { app: () => 0, path_class: () => 0, container: () => 0, input: () => 0, stage: () => 0,
    plan: () => 0, create: () => 0, disable: () => 0, concern: () => -10, cond: () => -10 },
}).exports
function wasmMatcher(blob, longest) {
  const base = wasm.wp_in(blob.length + longest)
  new Uint8Array(wasm.memory.buffer).set(blob, base)
  return (s) => {
    const bytes = wtf8(s)
    new Uint8Array(wasm.memory.buffer).set(bytes, base + blob.length)
    return wasm.rt_dfa_search(base, base + blob.length, bytes.length)
  }
}

// ---- the tests ----
test(`the harness answered ${lines.length - 1} lines in ${harnessMs} ms`, () => {
  assert.ok(PATTERNS.length >= 50)
  assert.equal(at, lines.length - 1)
})

for (const p of plan) {
  test(`pattern /${p.re.length > 60 ? p.re.slice(0, 60) + '…' : p.re}/`, () => {
    const [, status, ...rest] = p.compiled.split(' ')
    assert.equal(status, 'ok', `wpc refused /${p.re}/: ${p.compiled}`)
    const blob = Buffer.from(rest[5], 'hex')
    assert.equal(blob.length, Number(rest[4]))
    const longest = Math.max(...p.strings.map((s) => s.length)) * 3 + 4
    const inWasm = wasmMatcher(blob, longest)
    const re = new RegExp(p.re)
    const bad = []
    let matched = 0
    p.strings.forEach((s, i) => {
      const js = re.test(s) ? 1 : 0
      matched += js
      const nat = Number(p.native[i])
      const wa = inWasm(s)
      if (js !== nat || js !== wa) bad.push(s)
    })
    assert.ok(p.strings.length >= PER_PATTERN, `only ${p.strings.length} strings`)
    if (bad.length) {
      bad.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))
      // Shrink the smallest one unit at a time while the wasm answer (same C
      // code as the harness) still differs from JavaScript's.
      let s = bad[0]
      const differs = (t) => (re.test(t) ? 1 : 0) !== inWasm(t)
      for (let shrunk = differs(s); shrunk;) {
        shrunk = false
        for (let i = 0; i < s.length; i++) {
          const t = s.slice(0, i) + s.slice(i + 1)
          if (differs(t)) { s = t; shrunk = true; break }
        }
      }
      const i0 = p.strings.indexOf(bad[0])
      assert.fail(`/${p.re}/ diverges on ${bad.length} of ${p.strings.length} strings; smallest ${show(bad[0])}: ` +
        `JS ${re.test(bad[0])}, native ${p.native[i0]}, wasm ${inWasm(bad[0])}` +
        (s !== bad[0] ? `; shrunk to ${show(s)}: JS ${re.test(s)}, wasm ${inWasm(s)}` : ''))
    }
    // Both answers occur, unless the pattern cannot match or always does.
    if (p.always) assert.equal(matched, p.strings.length)
    else if (p.never) assert.equal(matched, 0)
    else assert.ok(matched > 0 && matched < p.strings.length,
      `/${p.re}/: ${matched} of ${p.strings.length} strings match; the generator needs better examples`)
  })
}

test('regexes outside the subset are refused as syntax errors', () => {
  for (const re of SYNTAX) assert.match(refused.get(re), /^P syntax /, `/${re}/: ${refused.get(re)}`)
})

test('regexes over the size limits are refused with a suggestion', () => {
  for (const re of LARGE) {
    assert.match(refused.get(re), /^P large .*too (large|complex).*validate external fn/, `/${re}/: ${refused.get(re)}`)
  }
})
