// conditions_random.test.mjs — a randomized differential test of compiled
// conditions (semantics.md §10): random conditions over random states,
// evaluated by the compiled module (as `concern cN when …` of one field) and
// by the reference evaluator below, written from the spec's table alone.
// Every divergence fails and prints the smallest case found (the condition
// shrunk to a failing subtree, the state to the paths it reads).
//
// COUNT conditions in all (env WPC_RANDOM_CONDITIONS, default 10 000), in
// packages of PER_PACKAGE, each checked on STATES random states.
import { test } from 'node:test'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { assert, buildInto, tmpDir } from './helpers.mjs'

const COUNT = Number(process.env.WPC_RANDOM_CONDITIONS || 10000)
const PER_PACKAGE = 1000
const STATES = 12
const KEYS = ['a', 'b', 'c', 'd', 'e']

// ---- a seeded generator --------------------------------------------------------

function rng(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SCALARS = [null, true, false, 0, -0, 1, 2, 2.5, -1, 25, 1e21, '', 'a', 'b', '1', '25', 'true', 'ab']

function randomLiteral(r, depth = 0) {
  const k = r()
  if (k < 0.7 || depth > 1) return SCALARS[Math.floor(r() * SCALARS.length)]
  if (k < 0.85) return Array.from({ length: Math.floor(r() * 3) }, () => randomLiteral(r, depth + 1))
  const o = {}
  for (let i = Math.floor(r() * 3); i > 0; i--) o[KEYS[Math.floor(r() * 2)]] = randomLiteral(r, depth + 1)
  return o
}

function randomValue(r) {
  const k = r()
  if (k < 0.12) return { missing: true }
  if (k < 0.18) return { value: undefined }
  if (k < 0.22) return { value: Number.NaN }
  if (k < 0.28) return { value: { k: undefined } }
  if (k < 0.33) return { value: 'é😀' }
  return { value: randomLiteral(r) }
}

const CMP = ['==', '!=', '<', '<=', '>', '>=']

function randomCond(r, depth = 0) {
  const p = () => `s.${KEYS[Math.floor(r() * KEYS.length)]}`
  const k = r()
  if (depth < 3 && k < 0.25) {
    const op = r() < 0.5 ? 'and' : 'or'
    return { op, l: randomCond(r, depth + 1), r: randomCond(r, depth + 1) }
  }
  if (depth < 3 && k < 0.32) return { op: 'not', l: randomCond(r, depth + 1) }
  const f = Math.floor(r() * 9)
  switch (f) {
    case 0: case 1: {
      // orderings take a number (the compiler rejects any other literal)
      const cmp = CMP[Math.floor(r() * 6)]
      const NUMS = [0, -0, 1, 2, 2.5, -1, 25, 1e21]
      return { op: 'cmp', cmp, path: p(), lit: cmp === '==' || cmp === '!=' ? randomLiteral(r) : NUMS[Math.floor(r() * NUMS.length)] }
    }
    case 2: return { op: 'length', cmp: CMP[Math.floor(r() * 6)], path: p(), lit: Math.floor(r() * 4) }
    case 3: return { op: 'exists', path: p() }
    case 4: return { op: 'empty', path: p() }
    case 5: return { op: 'in', path: p(), list: Array.from({ length: Math.floor(r() * 4) }, () => randomLiteral(r, 1)) }
    case 6: return { op: r() < 0.5 ? 'any' : 'all', path: p(), list: Array.from({ length: Math.floor(r() * 3) }, () => randomLiteral(r, 1)) }
    case 7: return { op: 'truthy', path: p() }
    default: return { op: 'const', value: r() < 0.5 }
  }
}

// ---- .wp text of a condition ----------------------------------------------------

const litText = (v) => (typeof v === 'number' && Object.is(v, -0) ? '-0' : JSON.stringify(v))

function condText(c) {
  switch (c.op) {
    case 'and': case 'or': return `(${condText(c.l)} ${c.op} ${condText(c.r)})`
    case 'not': return `not (${condText(c.l)})`
    case 'cmp': return `${c.path} ${c.cmp} ${litText(c.lit)}`
    case 'length': return `length(${c.path}) ${c.cmp} ${c.lit}`
    case 'exists': return `exists ${c.path}`
    case 'empty': return `empty ${c.path}`
    case 'in': return `${c.path} in [${c.list.map(litText).join(', ')}]`
    case 'any': return `${c.path} contains any [${c.list.map(litText).join(', ')}]`
    case 'all': return `${c.path} contains all [${c.list.map(litText).join(', ')}]`
    case 'truthy': return c.path
    case 'const': return String(c.value)
  }
  throw new Error(c.op)
}

// ---- the reference evaluator (semantics §1 equality, §10 table) -------------------

function sameValueZero(a, b) { return a === b || (Number.isNaN(a) && Number.isNaN(b)) }

function deepEqual(a, b) {
  if (a === undefined) a = null
  if (b === undefined) b = null
  if (typeof a !== typeof b) return false
  if (typeof a === 'number') return sameValueZero(a, b)
  if (a === null || b === null || typeof a !== 'object') return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]))
  const ka = Object.keys(a).filter((k) => a[k] !== undefined)
  const kb = Object.keys(b).filter((k) => b[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]))
}

function order(x, op, y) {
  switch (op) {
    case '==': return x === y
    case '!=': return x !== y
    case '<': return x < y
    case '<=': return x <= y
    case '>': return x > y
    case '>=': return x >= y
  }
}

function utf16Length(s) { return s.length }

function evaluate(c, state) {
  const read = (p) => {
    const k = p.slice(2)
    return state.s && Object.hasOwn(state.s, k) ? state.s[k] : undefined
  }
  const asNull = (v) => (v === undefined ? null : v)
  switch (c.op) {
    case 'and': return evaluate(c.l, state) && evaluate(c.r, state)
    case 'or': return evaluate(c.l, state) || evaluate(c.r, state)
    case 'not': return !evaluate(c.l, state)
    case 'cmp': {
      const a = asNull(read(c.path))
      if (c.cmp === '==') return deepEqual(a, c.lit)
      if (c.cmp === '!=') return !deepEqual(a, c.lit)
      return typeof a === 'number' && typeof c.lit === 'number' && order(a, c.cmp, c.lit)
    }
    case 'length': {
      const a = read(c.path)
      let n
      if (Array.isArray(a)) n = a.length
      else if (typeof a === 'string') n = utf16Length(a)
      else return false
      return order(n, c.cmp, c.lit)
    }
    case 'exists': return asNull(read(c.path)) !== null
    case 'empty': {
      const a = asNull(read(c.path))
      if (a === null || a === '') return true
      if (Array.isArray(a)) return a.length === 0
      if (typeof a === 'object') return Object.keys(a).every((k) => a[k] === undefined)
      return false
    }
    case 'in': return c.list.some((x) => deepEqual(asNull(read(c.path)), x))
    case 'any': { const a = read(c.path); return Array.isArray(a) && c.list.some((x) => a.some((y) => deepEqual(y, x))) }
    case 'all': { const a = read(c.path); return Array.isArray(a) && c.list.every((x) => a.some((y) => deepEqual(y, x))) }
    case 'truthy': return read(c.path) === true
    case 'const': return c.value
  }
  throw new Error(c.op)
}

// ---- shrinking --------------------------------------------------------------------

function subtrees(c) {
  const out = [c]
  if (c.l) out.push(...subtrees(c.l))
  if (c.r) out.push(...subtrees(c.r))
  return out
}

// ---- the test -----------------------------------------------------------------------

function stateFor(values) {
  const s = {}
  KEYS.forEach((k, i) => { if (!values[i].missing) s[k] = values[i].value })
  return { s, f: 'x' }
}

const header = `state { s: { ${KEYS.map((k) => `${k}?: any`).join(', ')} }, f: string }\n`

async function compiled(dir, name, conds) {
  const file = path.join(dir, `${name}.wp`)
  fs.writeFileSync(file, header + `field f {\n${conds.map((c, i) => `  concern c${i} when ${condText(c)}`).join('\n')}\n}\n`)
  const pkg = buildInto(file)
  return (await import(pathToFileURL(path.join(pkg, 'index.js')).href)).createPipeline
}

const show = (s) => JSON.stringify(s, (k, v) => (v === undefined ? '<undefined>' : Number.isNaN(v) ? '<NaN>' : v))

// The smallest subtree of a failing condition that still diverges on its state.
async function shrink(dir, cond, state, n) {
  const subs = subtrees(cond).sort((x, y) => condText(x).length - condText(y).length)
  const got = (await compiled(dir, `shrink${n}`, subs))(state).getConcerns('f')
  const i = subs.findIndex((c, k) => got[`c${k}`] !== evaluate(c, state))
  return i < 0 ? cond : subs[i]
}

test(`${COUNT} random conditions agree with the reference evaluator of semantics §10`, async () => {
  const r = rng(20261202)
  const dir = tmpDir('random')
  let checked = 0
  const failures = []
  for (let done = 0; done < COUNT && !failures.length; done += PER_PACKAGE) {
    const n = Math.min(PER_PACKAGE, COUNT - done)
    const conds = Array.from({ length: n }, () => randomCond(r))
    const create = await compiled(dir, `conds${done}`, conds)
    for (let t = 0; t < STATES && failures.length < 3; t++) {
      const state = stateFor(KEYS.map(() => randomValue(r)))
      const got = create(state).getConcerns('f')
      for (let i = 0; i < n && failures.length < 3; i++) {
        const want = evaluate(conds[i], state)
        checked++
        if (got[`c${i}`] === want) continue
        const small = await shrink(dir, conds[i], state, failures.length)
        failures.push(`when ${condText(small)}\n    state.s = ${show(state.s)}\n    compiled ${!want}, reference ${want}`)
      }
    }
  }
  assert.deepEqual(failures, [], `divergences:\n  ${failures.join('\n  ')}`)
  assert.ok(checked >= COUNT, `checked ${checked} evaluations`)
})
