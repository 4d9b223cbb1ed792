// concerns.test.mjs — semantics.md §10 (concerns), with §1, §3 stage 7 and
// §13 where they speak of concerns; language.md §5 (fields and concerns).
//
// Fixtures (each built on its own, so a feature the binary does not compile
// yet fails only its own tests):
//   fixtures/concerns.wp    conditions, values, templates, output names,
//                           emission, wildcard fields, re-evaluation
//   fixtures/validators.wp  built-in validators, messages, named validators
//   fixtures/patterns.wp    pattern("…") validators
//   fixtures/equals.wp      validate equals(p)
//   fixtures/pathcmp.wp     comparisons with a path on the right
//   fixtures/externals.wp   external concerns and external validators
//
// The expected values come from the spec's sentences (quoted in the test
// names where that helps), not from a run of the binary.
import { test } from 'node:test'
import fs from 'node:fs'
import path from 'node:path'
import { assert, assertChanges, describe, fixturePath, normalise, pipelineOf, runWpc, throwsErr, tmpDir } from './helpers.mjs'

const FIXTURES = ['concerns', 'validators', 'patterns', 'equals', 'pathcmp', 'externals']
const creators = {}
for (const fx of FIXTURES) creators[fx] = await pipelineOf(fx).catch((e) => e)

function pipe(fx, state, opts) {
  const c = creators[fx]
  if (c instanceof Error) throw c
  return c(state, opts)
}

// ---- helpers -------------------------------------------------------------------------

const MISSING = Symbol('missing')
const SEED = '\u0000seed'
const show = (v) => (v === MISSING ? 'missing' : describe(v))

/** { a: { b: value } } for path 'a.b'; {} for MISSING. */
function stateWith(path, value) {
  if (value === MISSING) return {}
  const segs = path.split('.')
  const root = {}
  let o = root
  for (const s of segs.slice(0, -1)) o = o[s] = {}
  o[segs[segs.length - 1]] = value
  return root
}

/** Writes `value` at `path` by an apply: for MISSING, replaces the parent with {}. */
function writeValue(p, path, value) {
  if (value === MISSING) {
    const parent = path.split('.').slice(0, -1).join('.')
    p.set(parent, {})
  } else {
    p.set(path, value)
  }
}

function pick(obj, names) {
  return Object.fromEntries(names.map((n) => [n, obj?.[n]]))
}

/**
 * cases: [[value, { concernName: expected, … }], …].  Each case is checked
 * twice: at creation from a state holding the value at `path`, and after an
 * apply that writes it over a different value (MISSING: the parent is
 * replaced by {}).
 */
function checkCases(fx, field, path, cases) {
  for (const [value, want] of cases) {
    const names = Object.keys(want)
    const p = pipe(fx, stateWith(path, value))
    assert.deepStrictEqual(pick(p.getConcerns(field), names), want,
      `at creation with ${path} = ${show(value)}: ${field} concerns`)
    const q = pipe(fx, stateWith(path, SEED))
    writeValue(q, path, value)
    assert.deepStrictEqual(pick(q.getConcerns(field), names), want,
      `after apply writing ${path} = ${show(value)}: ${field} concerns`)
  }
}

/** Same as checkCases with whole states: [[state, want], …]; the apply writes each top-level key. */
function checkStates(fx, field, cases) {
  for (const [state, want] of cases) {
    const names = Object.keys(want)
    const p = pipe(fx, state)
    assert.deepStrictEqual(pick(p.getConcerns(field), names), want, `at creation from ${describe(state)}`)
    const q = pipe(fx, {})
    q.apply(Object.entries(state))
    assert.deepStrictEqual(pick(q.getConcerns(field), names), want, `after apply of ${describe(state)}`)
  }
}

const OK = { isError: false, errors: [] }
const ERR = (...messages) => ({ isError: true, errors: messages.map((message) => ({ field: '.', message })) })

/** cases: [[value, validationState], …] for the field at `path` (field path = value path). */
function checkVS(fx, path, cases) {
  for (const [value, want] of cases) {
    const p = pipe(fx, stateWith(path, value))
    assert.deepStrictEqual(p.getConcerns(path)?.validationState, want, `at creation with ${path} = ${show(value)}`)
    const q = pipe(fx, stateWith(path, SEED))
    writeValue(q, path, value)
    assert.deepStrictEqual(q.getConcerns(path)?.validationState, want, `after apply writing ${path} = ${show(value)}`)
  }
}

/** The `_concerns.` entries of a change list. */
const concernChanges = (changes) => normalise(changes).filter((c) => c[0].startsWith('_concerns.'))

// =======================================================================================
// Conditions (§10 table).  "Before comparing, missing and undefined read as null."
// =======================================================================================

// ---- == and != -------------------------------------------------------------------------

test('== / != deep typed equality: 25.0 == 25 (one number however the literal is written)', () => {
  checkCases('concerns', 'eq', 'eq.v', [
    [25, { is25: true, is25f: true, is25e: true, isS25: false, not25: false }],
    [25.0, { is25: true, is25f: true, is25e: true, isS25: false, not25: false }],
    [25.5, { is25: false, is25f: false, is25e: false, isS25: false, not25: true }],
    [NaN, { is25: false, not25: true, isNull: false, notNull: true }],
  ])
})

test('== / !=: "25" != 25 (a string never equals a number)', () => {
  checkCases('concerns', 'eq', 'eq.v', [
    ['25', { is25: false, is25f: false, is25e: false, isS25: true, not25: true }],
    ['25.0', { is25: false, isS25: false, not25: true }],
  ])
})

test('== / !=: no coercion — true ≠ 1, false ≠ 0, "" ≠ null, -0 equals 0 (SameValueZero)', () => {
  checkCases('concerns', 'eq', 'eq.v', [
    [true, { isTrue: true, isOne: false, isFalse: false }],
    [1, { isTrue: false, isOne: true }],
    [false, { isFalse: true, isZero: false, isNull: false, isEmptyStr: false }],
    [0, { isZero: true, isFalse: false, isNull: false, isEmptyStr: false }],
    [-0, { isZero: true }],
    ['', { isEmptyStr: true, isNull: false, isFalse: false, isZero: false }],
    ['true', { isTrue: false }],
  ])
})

test('== / !=: missing, undefined and null all read as null (== null holds, != 25 holds)', () => {
  const asNull = { isNull: true, notNull: false, is25: false, not25: true, isEmptyStr: false, isFalse: false, isZero: false, isEmptyObj: false }
  checkCases('concerns', 'eq', 'eq.v', [[MISSING, asNull], [undefined, asNull], [null, asNull]])
})

test('== / !=: objects are equal when they have the same keys with equal values, key order ignored', () => {
  checkCases('concerns', 'eq', 'eq.v', [
    [{ a: 1, b: [1, 2] }, { isObj: true }],
    [{ b: [1, 2], a: 1 }, { isObj: true }],
    [{ a: 1, b: [2, 1] }, { isObj: false }],
    [{ a: 1 }, { isObj: false }],
    [{ a: 1, b: [1, 2], c: null }, { isObj: false }],
    [{ a: '1', b: [1, 2] }, { isObj: false }],
    [{}, { isEmptyObj: true, isObj: false }],
    [[], { isEmptyObj: false }],
  ])
})

test('== / !=: {k: undefined} equals {} (semantics §1)', () => {
  checkCases('concerns', 'eq', 'eq.v', [[{ k: undefined }, { isEmptyObj: true }]])
})

test('== / !=: arrays are equal element by element', () => {
  checkCases('concerns', 'eq', 'eq.v', [
    [[1, 'a', null], { isArr: true }],
    [[1, 'a'], { isArr: false }],
    [[1, 'a', null, null], { isArr: false }],
    [['1', 'a', null], { isArr: false }],
    [['a', 1, null], { isArr: false }],
    [{ 0: 1, 1: 'a', 2: null }, { isArr: false }],
  ])
})

// ---- orderings -------------------------------------------------------------------------

test('a < n, <=, >, >=: true when a holds a number and the comparison holds', () => {
  checkCases('concerns', 'ord', 'ord.v', [
    [5, { lt: true, le: true, gt: false, ge: false, notLt: false, gtNeg: true }],
    [10, { lt: false, le: true, gt: false, ge: true, notLt: true, gtNeg: true }],
    [15, { lt: false, le: false, gt: true, ge: true, notLt: true, gtNeg: true }],
    [-1.5, { lt: true, gtNeg: false }],
    [-1.4, { lt: true, gtNeg: true }],
    [-Infinity, { lt: true, le: true, gt: false, gtNeg: false }],
    [Infinity, { lt: false, gt: true, ge: true }],
  ])
})

test('orderings on a non-number are false ("otherwise false"): "5", "", booleans, null, missing, undefined, [5], {}', () => {
  const allFalse = { lt: false, le: false, gt: false, ge: false, notLt: true, gtNeg: false }
  checkCases('concerns', 'ord', 'ord.v', ['5', '', '15', true, false, null, MISSING, undefined, [5], {}].map((v) => [v, allFalse]))
})

test('orderings on NaN: a number, but no comparison holds', () => {
  checkCases('concerns', 'ord', 'ord.v', [[NaN, { lt: false, le: false, gt: false, ge: false, notLt: true, gtNeg: false }]])
})

// ---- length ------------------------------------------------------------------------------

test('length(a) op n on a string counts UTF-16 units', () => {
  checkCases('concerns', 'len', 'len.v', [
    ['abc', { eq3: true, ne3: false, lt1: false, le2: false, gt2: true, ge4: false }],
    ['a😀', { eq3: true, ne3: false, gt2: true }],              // 1 + 2 units
    ['😀', { eq3: false, ne3: true, le2: true, gt2: false }],   // 2 units
    ['😀😀', { ge4: true, gt2: true, eq3: false }],             // 4 units
    ['é', { le2: true, lt1: false }],                            // U+00E9: 1 unit
    ['e\u0301', { le2: true, eq3: false }],                      // 2 units
    ['', { lt1: true, le2: true, ne3: true, eq3: false }],
  ])
})

test('length(a) op n on an array counts elements', () => {
  checkCases('concerns', 'len', 'len.v', [
    [[1, 2, 3], { eq3: true, ne3: false, gt2: true, ge4: false }],
    [[[1, 2, 3, 4]], { eq3: false, ne3: true, le2: true }],
    [[null, null, null, null], { ge4: true, eq3: false }],
    [[], { lt1: true, le2: true, ne3: true }],
  ])
})

test('length(a) op n when a is neither array nor string: false for every operator, != included', () => {
  const none = { eq3: false, ne3: false, lt1: false, le2: false, gt2: false, ge4: false }
  checkCases('concerns', 'len', 'len.v', [123, { length: 3 }, null, MISSING, undefined, true].map((v) => [v, none]))
})

// ---- exists / empty -----------------------------------------------------------------------

test('exists a: "", 0, false, {} and [] exist', () => {
  checkCases('concerns', 'ex', 'ex.v', ['', 0, false, {}, [], 'x'].map((v) => [v, { e: true, ne: false }]))
})

test('exists a: not null, so not missing/undefined', () => {
  checkCases('concerns', 'ex', 'ex.v', [null, MISSING, undefined].map((v) => [v, { e: false, ne: true }]))
})

test('empty a: null, missing, undefined, "", [] and {} are empty', () => {
  checkCases('concerns', 'em', 'em.v', [null, MISSING, undefined, '', [], {}].map((v) => [v, { e: true }]))
})

test('empty a: " ", 0, false, "0", [null] and {a: null} are not empty', () => {
  checkCases('concerns', 'em', 'em.v', [' ', 0, false, '0', [null], { a: null }].map((v) => [v, { e: false }]))
})

test('empty a: {k: undefined} is {} (semantics §1: {k: undefined} equals {})', () => {
  checkCases('concerns', 'em', 'em.v', [[{ k: undefined }, { e: true }]])
})

// ---- in ---------------------------------------------------------------------------------------

test('a in [..]: equal to some element (deep, typed)', () => {
  checkCases('concerns', 'inn', 'inn.v', [
    [1, { i: true, j: false }],
    [1.0, { i: true }],
    ['a', { i: true, j: false }],
    [true, { i: true }],
    [{ x: 1 }, { i: true }],
    [[2], { i: true }],
    [3, { i: false, j: true }],
    ['b', { i: false, j: true }],
    ['1', { i: false, j: false }],
    [2, { i: false }],
    [false, { i: false }],
    [{ x: 1, y: 2 }, { i: false }],
    [[2, 2], { i: false }],
    ['A', { i: false }],
  ])
})

test('a in [..]: null in the list matches null, missing and undefined; no null in the list: false', () => {
  checkCases('concerns', 'inn', 'inn.v', [null, MISSING, undefined].map((v) => [v, { i: true, j: false }]))
})

// ---- contains any / all ------------------------------------------------------------------------

test('a contains any [..]: a is an array sharing an element with the list', () => {
  checkCases('concerns', 'ca', 'ca.v', [
    [['x'], { any: true }],
    [[2, 1], { any: true }],
    [['q', 'x', 'x'], { any: true }],
    [['1'], { any: false }],
    [[], { any: false, anyObj: false }],
    [['y', 'z'], { any: false }],
    [[{ a: 1 }], { anyObj: true, any: false }],
    [[{ a: 2 }], { anyObj: false }],
    [[null], { anyObj: true }],
  ])
})

test('a contains any [..]: a non-array is false, even a string holding the element', () => {
  checkCases('concerns', 'ca', 'ca.v', ['x', 'xyz', 1, { 0: 'x' }, { a: 1 }, null, MISSING].map((v) => [v, { any: false, anyObj: false }]))
})

test('a contains any []: the empty list is false', () => {
  checkCases('concerns', 'ca', 'ca.v', [['x'], [], [null], 'x', MISSING].map((v) => [v, { anyEmpty: false }]))
})

test('a contains all [..]: a is an array holding every listed element', () => {
  checkCases('concerns', 'cl', 'cl.v', [
    [['x', 1], { all: true }],
    [[1, 'x', 2], { all: true }],
    [['x', 'x', 1, 1], { all: true }],
    [['x'], { all: false }],
    [[1], { all: false }],
    [['x', '1'], { all: false }],
    [[], { all: false }],
  ])
})

test('a contains all []: the empty list is true for any array, [] included', () => {
  checkCases('concerns', 'cl', 'cl.v', [[[], { allEmpty: true }], [['q'], { allEmpty: true }], [[null], { allEmpty: true }]])
})

test('a contains all [..]: a non-array is false, even with the empty list', () => {
  // spec reading: the row says "a is an array holding every listed element (empty list: true)"
  checkCases('concerns', 'cl', 'cl.v', ['x1', 'x', 1, null, MISSING, {}, { 0: 'x', 1: 1 }].map((v) => [v, { all: false, allEmpty: false }]))
})

// ---- bare path, and/or/not -----------------------------------------------------------------------

test('a bare path a means a == true', () => {
  checkCases('concerns', 'bp', 'bp.v', [
    [true, { b: true }],
    [1, { b: false }],
    ['true', { b: false }],
    [{}, { b: false }],
    [[true], { b: false }],
    [false, { b: false }],
    [null, { b: false }],
    [MISSING, { b: false }],
    [undefined, { b: false }],
  ])
})

test('and / or / not as usual: and binds tighter than or, not tighter than both', () => {
  const cases = []
  for (const a of [false, true]) for (const b of [false, true]) for (const c of [false, true]) {
    cases.push([{ lg: { a, b, c } }, {
      andOr: (a && b) || c,
      notAnd: !a && b,
      paren: a && (b || c),
      notParen: !(a || b),
    }])
  }
  checkStates('concerns', 'lg', cases)
})

test('not x in [..] is not (x in [..])', () => {
  checkStates('concerns', 'lg', [
    [{ lg: { k: 'x' } }, { notIn: false }],
    [{ lg: { k: 'y' } }, { notIn: true }],
    [{ lg: {} }, { notIn: true }],
  ])
})

test('and / or over non-booleans: bare paths are == true, so 1 and "yes" count as false', () => {
  checkStates('concerns', 'lg', [
    [{ lg: { a: 1, b: true, c: 'yes' } }, { andOr: false, notAnd: true, paren: false, notParen: false }],
    [{ lg: {} }, { andOr: false, notAnd: false, paren: false, notParen: true }],
  ])
})

test('conditions never fail at run time: a step through a scalar or an array reads as missing', () => {
  for (const parent of [5, 'str', true, null, [1, 2], NaN]) {
    const p = pipe('concerns', { eq: parent, ord: parent, len: parent, ex: parent, em: parent, inn: parent, ca: parent, cl: parent, bp: parent })
    const c = p.getConcerns()
    assert.deepStrictEqual(pick(c.eq, ['isNull', 'not25']), { isNull: true, not25: true }, `eq = ${describe(parent)}`)
    assert.deepStrictEqual(pick(c.ord, ['lt', 'ge', 'notLt']), { lt: false, ge: false, notLt: true }, `ord = ${describe(parent)}`)
    assert.deepStrictEqual(pick(c.len, ['eq3', 'ne3', 'lt1']), { eq3: false, ne3: false, lt1: false }, `len = ${describe(parent)}`)
    assert.deepStrictEqual(c.ex, { e: false, ne: true }, `ex = ${describe(parent)}`)
    assert.deepStrictEqual(c.em, { e: true }, `em = ${describe(parent)}`)
    assert.deepStrictEqual(pick(c.inn, ['i', 'j']), { i: true, j: false }, `inn = ${describe(parent)}`)
    assert.deepStrictEqual(pick(c.ca, ['any', 'anyEmpty']), { any: false, anyEmpty: false }, `ca = ${describe(parent)}`)
    assert.deepStrictEqual(c.cl, { all: false, allEmpty: false }, `cl = ${describe(parent)}`)
    assert.deepStrictEqual(c.bp, { b: false }, `bp = ${describe(parent)}`)
  }
  // and through an apply: replacing the parent by a scalar re-evaluates to the missing reading
  const p = pipe('concerns', { ex: { v: 1 }, em: { v: 1 } })
  assertChanges(p.set('ex', 'abc'), [['ex', 'abc', 'input'], ['_concerns.ex.e', false, 'concerns'], ['_concerns.ex.ne', true, 'concerns']], { unorderedFrom: 1 })
  assertChanges(p.set('em', 7), [['em', 7, 'input'], ['_concerns.em.e', true, 'concerns']])
})

// =======================================================================================
// Values
// =======================================================================================

test('if c then v else if c2 then v2 else w', () => {
  checkCases('concerns', 'val', 'val.n', [
    [11, { size: 'big' }],
    [10, { size: 'medium' }],
    [6, { size: 'medium' }],
    [5, { size: 'small' }],
    ['20', { size: 'small' }],
    [MISSING, { size: 'small' }],
  ])
  checkCases('concerns', 'val', 'val.flag', [[true, { onOff: 'on' }], [1, { onOff: 'off' }], [MISSING, { onOff: 'off' }]])
})

test('match: a string key is the string itself', () => {
  checkCases('concerns', 'val', 'val.k', [['a', { key: 1 }], ['A', { key: 'other' }], ['b', { key: 'other' }], ['', { key: 'other' }]])
})

test('match: a number key is String(n); "2" and 2 are one label (2, "2", 1.5, "1.5", 1e21 → "1e+21", -0 → "0")', () => {
  checkCases('concerns', 'val', 'val.k', [
    [2, { key: 'two' }],
    ['2', { key: 'two' }],
    [2.0, { key: 'two' }],
    [1.5, { key: 'one and a half' }],
    ['1.5', { key: 'one and a half' }],
    [1e21, { key: 'huge' }],
    ['1e+21', { key: 'huge' }],
    ['1e21', { key: 'other' }],
    [0, { key: 'zero' }],
    [-0, { key: 'zero' }],
    ['0', { key: 'zero' }],
    ['-0', { key: 'other' }],
    ['2.0', { key: 'other' }],
  ])
})

test('match: a boolean key is true/false; true and "true" are one label', () => {
  checkCases('concerns', 'val', 'val.k', [
    [true, { key: 'yes' }],
    ['true', { key: 'yes' }],
    [false, { key: 'no' }],
    ['false', { key: 'no' }],
  ])
})

test('match: anything else (null, missing, undefined, objects, arrays) takes _', () => {
  checkCases('concerns', 'val', 'val.k', [null, MISSING, undefined, {}, { a: 1 }, [2], ['a'], [true]].map((v) => [v, { key: 'other' }]))
})

test('values nest: an if branch may be a match', () => {
  checkStates('concerns', 'val', [
    [{ val: { n: 1, k: 'a' } }, { nested: 'pos-a' }],
    [{ val: { n: 1, k: 'b' } }, { nested: 'pos' }],
    [{ val: { n: 0, k: 'a' } }, { nested: 'nonpos' }],
  ])
})

test('literals of every JSON type are concern values (null, booleans, number, string, array, object)', () => {
  const p = pipe('concerns', {})
  const want = {
    lnull: null, ltrue: true, lfalse: false, lnum: 42.5, lstr: 'plain',
    larr: [1, 'a', null, { b: false }],
    lobj: { a: 1, 'b-c': [true], d: null },
  }
  assert.deepStrictEqual(pick(p.getConcerns('val'), Object.keys(want)), want)
  const init = concernChanges(p.initialChanges)
  for (const [name, v] of Object.entries(want)) {
    const hits = init.filter((c) => c[0] === `_concerns.val.${name}`)
    assert.deepStrictEqual(hits, [[`_concerns.val.${name}`, v, { stage: 'concerns' }]], `initialChanges entry of val.${name}`)
  }
})

test('"a result is emitted only when it differs from the stored one" (objects compared deeply)', () => {
  // `same` is { a: [1] } on both branches of its if; onOff changes
  const p = pipe('concerns', { val: { flag: false } })
  assertChanges(p.set('val.flag', true), [['val.flag', true, 'input'], ['_concerns.val.onOff', 'on', 'concerns']])
  assertChanges(p.set('val.flag', 'yes'), [['val.flag', 'yes', 'input'], ['_concerns.val.onOff', 'off', 'concerns']])
  assertChanges(p.set('val.flag', 0), [['val.flag', 0, 'input']])
  assertChanges(p.set('val.n', 7), [
    ['val.n', 7, 'input'],
    ['_concerns.val.size', 'medium', 'concerns'],
    ['_concerns.val.nested', 'pos', 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('val.n', 8), [['val.n', 8, 'input']])
  assert.deepStrictEqual(p.getConcerns('val').same, { a: [1] })
})

/** Runs `wpc build` on a .wp text; returns { status, stderr }. */
function buildText(name, text) {
  const dir = tmpDir('cx')
  const file = path.join(dir, name + '.wp')
  fs.writeFileSync(file, text)
  return runWpc(['build', file, '-o', path.join(dir, 'out')])
}

test('match: case labels become keys the same way, so "2" and 2 (and true and "true") are one label: a duplicate is a compile error', () => {
  for (const [name, arms] of [['dup2', '2 => "a", "2" => "b"'], ['duptrue', 'true => "a", "true" => "b"'], ['dup1', '1.0 => "a", 1 => "b"'], ['dupstr', '"x" => "a", "x" => "b"']]) {
    const r = buildText(name, `field f { concern k = match f.v { ${arms}, _ => "c" } }\n`)
    assert.notEqual(r.status, 0, `${arms}: wpc build fails`)
    assert.match(r.stderr, new RegExp(`${name}\\.wp:1:\\d+`), `the error names the file and line: ${r.stderr}`)
  }
  const ok = buildText('nodup', 'field f { concern k = match f.v { 2 => "a", "02" => "b", true => "c", "false" => "d", _ => "e" } }\n')
  assert.equal(ok.status, 0, `distinct keys compile: ${ok.stderr}`)
})

// =======================================================================================
// Templates
// =======================================================================================

const TPL = { tpl: { name: 'Ada', n: 1, b: true, s: 'abc', list: [1, 2] } }

test('templates: {{path}} inserts a string verbatim; spaces inside the braces are ignored', () => {
  const p = pipe('concerns', TPL)
  const c = p.getConcerns('tpl')
  assert.equal(c.dynamicLabel, 'Hello Ada!')
  assert.equal(c.dynamicTooltip, 'Ada / 1 / true')
  assert.equal(c.twice, 'AdaAda')
  checkCases('concerns', 'tpl', 'tpl.name', [
    ['', { dynamicLabel: 'Hello !' }],
    ['Zoë 😀', { dynamicLabel: 'Hello Zoë 😀!' }],
    ['  x  ', { dynamicLabel: 'Hello   x  !' }],
  ])
})

test('templates: numbers as String(n) — 0.1+0.2, 1e21, -0, 25.0 and more', () => {
  checkCases('concerns', 'tpl', 'tpl.n', [
    [0.1 + 0.2, { num: 'n=0.30000000000000004' }],
    [1e21, { num: 'n=1e+21' }],
    [-0, { num: 'n=0' }],
    [25.0, { num: 'n=25' }],
    [1e-7, { num: 'n=1e-7' }],
    [0.000001, { num: 'n=0.000001' }],
    [-1.5, { num: 'n=-1.5' }],
    [123456789012, { num: 'n=123456789012' }],
    [2 ** 53 + 2, { num: 'n=9007199254740994' }],
    [5e-324, { num: 'n=5e-324' }],
    [1.7976931348623157e308, { num: 'n=1.7976931348623157e+308' }],
    [NaN, { num: 'n=NaN' }],
    [Infinity, { num: 'n=Infinity' }],
    [-Infinity, { num: 'n=-Infinity' }],
  ])
})

test('templates: booleans as true / false', () => {
  checkStates('concerns', 'tpl', [
    [{ tpl: { name: 'A', n: 2, b: false } }, { dynamicTooltip: 'A / 2 / false' }],
    [{ tpl: { name: 'A', n: 2, b: true } }, { dynamicTooltip: 'A / 2 / true' }],
  ])
})

test('templates: null, undefined, missing, objects and arrays leave the placeholder text as written', () => {
  const p = pipe('concerns', { tpl: { obj: { a: 1 }, arr: [1], nul: null, und: undefined } })
  assert.equal(p.getConcerns('tpl').left, '{{tpl.obj}}|{{tpl.arr}}|{{tpl.nul}}|{{tpl.und}}|{{tpl.nothere}}')
  const q = pipe('concerns', { tpl: { obj: {}, arr: [], nul: null } })
  assert.equal(q.getConcerns('tpl').left, '{{tpl.obj}}|{{tpl.arr}}|{{tpl.nul}}|{{tpl.und}}|{{tpl.nothere}}')
  // spaces inside the braces are part of the text "as written"
  checkStates('concerns', 'tpl', [
    [{ tpl: { name: null, b: true } }, { dynamicTooltip: '{{ tpl.name }} / {{tpl.n}} / true', dynamicLabel: 'Hello {{tpl.name}}!' }],
    [{ tpl: { name: { first: 'A' }, n: [1], b: {} } }, { dynamicTooltip: '{{ tpl.name }} / {{tpl.n}} / {{tpl.b}}' }],
  ])
})

test('templates: a value that becomes missing brings its placeholder back', () => {
  const p = pipe('concerns', TPL)
  p.set('tpl.name', undefined)
  assert.equal(p.getConcerns('tpl').dynamicLabel, 'Hello {{tpl.name}}!')
  p.set('tpl.name', 'Bo')
  p.set('tpl', {})
  assert.equal(p.getConcerns('tpl').dynamicLabel, 'Hello {{tpl.name}}!')
})

test('templates: {{p.length}} gives the length of a string (UTF-16 units) or an array', () => {
  checkStates('concerns', 'tpl', [
    [{ tpl: { s: 'abc', list: [1, 2] } }, { dynamicPlaceholder: '3 chars, 2 items' }],
    [{ tpl: { s: 'a😀', list: [[1, 2, 3]] } }, { dynamicPlaceholder: '3 chars, 1 items' }],
    [{ tpl: { s: '', list: [] } }, { dynamicPlaceholder: '0 chars, 0 items' }],
  ])
})

test('templates: {{p.length}} of anything else (number, missing, null, object, boolean) leaves the placeholder', () => {
  checkStates('concerns', 'tpl', [
    [{ tpl: { n: 12345 } }, { lenNum: '{{tpl.n.length}}', lenMissing: '{{tpl.missing.length}}' }],
    [{ tpl: { n: true, missing: null } }, { lenNum: '{{tpl.n.length}}', lenMissing: '{{tpl.missing.length}}' }],
    [{ tpl: { s: 5, list: { a: 1 } } }, { dynamicPlaceholder: '{{tpl.s.length}} chars, {{tpl.list.length}} items' }],
  ])
})

test('templates: {{p.length}} of an object leaves the placeholder even when the object has a "length" key', () => {
  // spec reading: "{{p.length}} gives the length of an array or string at p (anything else leaves the placeholder)"
  checkStates('concerns', 'tpl', [[{ tpl: { obj: { length: 5 } } }, { lenObj: '{{tpl.obj.length}}' }]])
})

test('templates: replacement is single-pass (a value holding {{…}} is not expanded again)', () => {
  checkStates('concerns', 'tpl', [
    [{ tpl: { name: '{{tpl.b}}', n: 1, b: true } }, {
      dynamicLabel: 'Hello {{tpl.b}}!',
      dynamicTooltip: '{{tpl.b}} / 1 / true',
      twice: '{{tpl.b}}{{tpl.b}}',
    }],
    [{ tpl: { name: '{{ tpl.n }}', n: 2 } }, { dynamicLabel: 'Hello {{ tpl.n }}!' }],
  ])
})

test('templates: a single { or } is ordinary text', () => {
  assert.equal(pipe('concerns', {}).getConcerns('tpl').braces, 'a { b } {c}')
})

test('templates: re-evaluated when a path they read changes; only changed texts are emitted', () => {
  const p = pipe('concerns', TPL)
  assertChanges(p.set('tpl.name', 'Bob'), [
    ['tpl.name', 'Bob', 'input'],
    ['_concerns.tpl.dynamicLabel', 'Hello Bob!', 'concerns'],
    ['_concerns.tpl.dynamicTooltip', 'Bob / 1 / true', 'concerns'],
    ['_concerns.tpl.twice', 'BobBob', 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('tpl.s', 'xyz'), [['tpl.s', 'xyz', 'input']])
  assertChanges(p.set('tpl.s', 'xy'), [['tpl.s', 'xy', 'input'], ['_concerns.tpl.dynamicPlaceholder', '2 chars, 2 items', 'concerns']])
  assertChanges(p.set('tpl.n', 1.0), [])
})

test('template paths are checked at build time like any path (a state block without the path: compile error)', () => {
  const bad = buildText('tplbad', 'state { f: { v: string } }\nfield f.v { label = "x {{f.nope}}" }\n')
  assert.notEqual(bad.status, 0, 'an unknown template path fails the build')
  assert.match(bad.stderr, /tplbad\.wp:2:\d+/, `the error points at the template: ${bad.stderr}`)
  const good = buildText('tplgood', 'state { f: { v: string } }\nfield f.v { label = "x {{ f.v }} {{f.v.length}}" }\n')
  assert.equal(good.status, 0, `known paths (and .length) compile: ${good.stderr}`)
})

// =======================================================================================
// Output names, emission, initialChanges, getConcerns
// =======================================================================================

test('the output names of language.md §5: disabledWhen, visibleWhen, readonlyWhen, dynamicLabel, dynamicTooltip, dynamicPlaceholder, validationState, custom NAME', () => {
  const p = pipe('concerns', { out: { a: true, name: 'N' } })
  assert.deepStrictEqual(p.getConcerns('out'), {
    disabledWhen: true,
    visibleWhen: true,
    readonlyWhen: true,
    dynamicLabel: 'L N',
    dynamicTooltip: 'T N',
    dynamicPlaceholder: 'P N',
    validationState: OK,
    custom: true,
  })
})

test('initialChanges: every concern\'s first value, reported at _concerns.<field>.<name> with stage concerns (validators for validationState)', () => {
  const p = pipe('concerns', {})
  const mine = normalise(p.initialChanges).filter((c) => c[0].startsWith('_concerns.out.'))
  assertChanges(mine, [
    ['_concerns.out.disabledWhen', false, 'concerns'],
    ['_concerns.out.visibleWhen', false, 'concerns'],
    ['_concerns.out.readonlyWhen', false, 'concerns'],
    ['_concerns.out.dynamicLabel', 'L {{out.name}}', 'concerns'],
    ['_concerns.out.dynamicTooltip', 'T {{out.name}}', 'concerns'],
    ['_concerns.out.dynamicPlaceholder', 'P {{out.name}}', 'concerns'],
    ['_concerns.out.validationState', ERR('is required'), 'validators'],
    ['_concerns.out.custom', false, 'concerns'],
  ], { unorderedFrom: 0 })
})

/** Concern outputs declared by a .wp fixture's non-wildcard fields: { field: Set(names) }. */
function declaredConcerns(fx) {
  const text = fs.readFileSync(fixturePath(fx), 'utf8').replace(/\/\/.*$/gm, '')
  const names = { disabled: 'disabledWhen', visible: 'visibleWhen', readonly: 'readonlyWhen', label: 'dynamicLabel', tooltip: 'dynamicTooltip', placeholder: 'dynamicPlaceholder' }
  const out = {}
  let field = null
  for (const line of text.split('\n')) {
    let m
    if ((m = line.match(/^\s*field\s+(\S+)\s*\{/))) { field = m[1].includes('[') ? null : m[1]; if (field) out[field] = new Set(); continue }
    if (!field) continue
    if ((m = line.match(/^\s*(disabled|visible|readonly)\s+when\b/)) || (m = line.match(/^\s*(label|tooltip|placeholder)\s*=/))) out[field].add(names[m[1]])
    else if ((m = line.match(/^\s*concern\s+([A-Za-z_$][\w$]*)/))) out[field].add(m[1])
    else if (/^\s*validate\b/.test(line)) out[field].add('validationState')
  }
  return out
}

test('initialChanges contains every concern\'s first value, once, equal to getConcerns()', () => {
  const p = pipe('concerns', {})
  const init = concernChanges(p.initialChanges)
  const declared = declaredConcerns('concerns')
  const wantKeys = Object.entries(declared).flatMap(([f, ns]) => [...ns].map((n) => `_concerns.${f}.${n}`)).sort()
  assert.deepStrictEqual(init.map((c) => c[0]).sort(), wantKeys, 'one initialChanges entry per declared concern')
  const all = p.getConcerns()
  for (const [path, value, meta] of init) {
    const [f, n] = [path.slice('_concerns.'.length, path.lastIndexOf('.')), path.slice(path.lastIndexOf('.') + 1)]
    assert.deepStrictEqual(value, all[f]?.[n], `${path}: initialChanges value equals getConcerns()`)
    assert.deepStrictEqual(meta, { stage: n === 'validationState' ? 'validators' : 'concerns' }, `${path}: meta`)
  }
  // nothing else changed at creation from {}
  assert.equal(normalise(p.initialChanges).length, init.length)
})

test('getConcerns() is { [fieldPath]: { [concernName]: value } }; getConcerns(field) is one field\'s object', () => {
  const p = pipe('concerns', { out: { a: true, name: 'N' } })
  const all = p.getConcerns()
  const declared = declaredConcerns('concerns')
  assert.deepStrictEqual(Object.keys(all).sort(), Object.keys(declared).sort())
  for (const [f, ns] of Object.entries(declared)) {
    assert.deepStrictEqual(Object.keys(all[f]).sort(), [...ns].sort(), `concern names of ${f}`)
    assert.deepStrictEqual(p.getConcerns(f), all[f], `getConcerns('${f}')`)
  }
  assert.deepStrictEqual(all.eq, {
    is25: false, is25f: false, is25e: false, isS25: false, not25: true, isNull: true, notNull: false,
    isTrue: false, isFalse: false, isOne: false, isZero: false, isEmptyStr: false, isObj: false, isArr: false, isEmptyObj: false,
  })
})

test('concern values are emitted only when they change (no re-emission of equal values)', () => {
  const p = pipe('concerns', { out: { a: false, name: 'x' } })
  assertChanges(p.set('out.a', true), [
    ['out.a', true, 'input'],
    ['_concerns.out.disabledWhen', true, 'concerns'],
    ['_concerns.out.visibleWhen', true, 'concerns'],
    ['_concerns.out.readonlyWhen', true, 'concerns'],
    ['_concerns.out.custom', true, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('out.a', 1), [
    ['out.a', 1, 'input'],
    ['_concerns.out.disabledWhen', false, 'concerns'],
    ['_concerns.out.visibleWhen', false, 'concerns'],
    ['_concerns.out.readonlyWhen', false, 'concerns'],
    ['_concerns.out.custom', false, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('out.a', 'x'), [['out.a', 'x', 'input']])
  assertChanges(p.set('out.name', 'y'), [
    ['out.name', 'y', 'input'],
    ['_concerns.out.dynamicLabel', 'L y', 'concerns'],
    ['_concerns.out.dynamicTooltip', 'T y', 'concerns'],
    ['_concerns.out.dynamicPlaceholder', 'P y', 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('out', null), [
    ['out', null, 'input'],
    ['_concerns.out.dynamicLabel', 'L {{out.name}}', 'concerns'],
    ['_concerns.out.dynamicTooltip', 'T {{out.name}}', 'concerns'],
    ['_concerns.out.dynamicPlaceholder', 'P {{out.name}}', 'concerns'],
    ['_concerns.out.validationState', ERR('is required'), 'validators'],
  ], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getConcerns('out'), {
    disabledWhen: false, visibleWhen: false, readonlyWhen: false,
    dynamicLabel: 'L {{out.name}}', dynamicTooltip: 'T {{out.name}}', dynamicPlaceholder: 'P {{out.name}}',
    validationState: ERR('is required'), custom: false,
  })
})

test('concern changes follow the state changes of the apply, and a batch reports each concern once with its final value', () => {
  const p = pipe('concerns', { out: { a: false } })
  const out = normalise(p.apply([['out.a', true], ['zzz', 1], ['out.a', false], ['out.a', true]]))
  assertChanges(out, [
    ['out.a', true, 'input'],
    ['zzz', 1, 'input'],
    ['out.a', false, 'input'],
    ['out.a', true, 'input'],
    ['_concerns.out.disabledWhen', true, 'concerns'],
    ['_concerns.out.visibleWhen', true, 'concerns'],
    ['_concerns.out.readonlyWhen', true, 'concerns'],
    ['_concerns.out.custom', true, 'concerns'],
  ], { unorderedFrom: 4 })
})

// ---- re-evaluation --------------------------------------------------------------------------

test('a change at an input path re-evaluates the concern', () => {
  const p = pipe('concerns', { re: { a: { b: 0 } } })
  assert.deepStrictEqual(p.getConcerns('re'), { deep: false, whole: false })
  assertChanges(p.set('re.a.b', 1), [
    ['re.a.b', 1, 'input'],
    ['_concerns.re.deep', true, 'concerns'],
    ['_concerns.re.whole', true, 'concerns'],
  ], { unorderedFrom: 1 })
})

test('a change below an input path re-evaluates the concern (whole reads re.a; re.a.c is written)', () => {
  const p = pipe('concerns', { re: { a: { b: 1 } } })
  assert.deepStrictEqual(p.getConcerns('re'), { deep: true, whole: true })
  assertChanges(p.set('re.a.c', 2), [['re.a.c', 2, 'input'], ['_concerns.re.whole', false, 'concerns']])
  assertChanges(p.set('re.a.c', undefined), [['re.a.c', undefined, 'input'], ['_concerns.re.whole', true, 'concerns']])
})

test('a change above an input path re-evaluates the concern (re, re.a replaced)', () => {
  const p = pipe('concerns', { re: { a: { b: 1 } } })
  assertChanges(p.set('re', { a: { b: 2 } }), [
    ['re', { a: { b: 2 } }, 'input'],
    ['_concerns.re.deep', false, 'concerns'],
    ['_concerns.re.whole', false, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('re.a', { b: 1 }), [
    ['re.a', { b: 1 }, 'input'],
    ['_concerns.re.deep', true, 'concerns'],
    ['_concerns.re.whole', true, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('re', 5), [
    ['re', 5, 'input'],
    ['_concerns.re.deep', false, 'concerns'],
    ['_concerns.re.whole', false, 'concerns'],
  ], { unorderedFrom: 1 })
})

test('an unrelated change re-evaluates nothing: no _concerns change in the result', () => {
  const p = pipe('concerns', { re: { a: { b: 1 } }, out: { a: true, name: 'n' }, eq: { v: 25 }, tpl: { name: 'Ada' } })
  // re.ab is not below re.a ("user is not an ancestor of username"); eq.w is a sibling of eq.v
  for (const [path, value] of [['zzz', 1], ['re.ab', 1], ['re.a2', { b: 1 }], ['eq.w', 25], ['eqv', null], ['tpl.namex', 'x'], ['tplname', 'x'], ['outa', true]]) {
    assertChanges(p.set(path, value), [[path, value, 'input']], { message: `set ${path}` })
  }
})

// ---- wildcard fields ------------------------------------------------------------------------------

const ITEMS = { items: { a: { price: 1, locked: true, name: 'A' }, b: { price: -1, name: 'B' } } }

test('a wildcard field has one set of concerns per key; [*] binds the key in conditions and templates', () => {
  const p = pipe('concerns', ITEMS)
  assert.deepStrictEqual(p.getConcerns('items.a.price'), { disabledWhen: true, dynamicLabel: 'Price of A', validationState: OK })
  assert.deepStrictEqual(p.getConcerns('items.b.price'), { disabledWhen: false, dynamicLabel: 'Price of B', validationState: ERR('must be at least 0') })
  const all = p.getConcerns()
  assert.deepStrictEqual(all['items.a.price'], p.getConcerns('items.a.price'))
  assert.deepStrictEqual(all['items.b.price'], p.getConcerns('items.b.price'))
  assert.ok(!Object.keys(all).some((k) => k.includes('*')), 'no concern is stored under the pattern itself')
  assertChanges(concernChanges(p.initialChanges).filter((c) => c[0].startsWith('_concerns.items.')), [
    ['_concerns.items.a.price.disabledWhen', true, 'concerns'],
    ['_concerns.items.a.price.dynamicLabel', 'Price of A', 'concerns'],
    ['_concerns.items.a.price.validationState', OK, 'validators'],
    ['_concerns.items.b.price.disabledWhen', false, 'concerns'],
    ['_concerns.items.b.price.dynamicLabel', 'Price of B', 'concerns'],
    ['_concerns.items.b.price.validationState', ERR('must be at least 0'), 'validators'],
  ], { unorderedFrom: 0 })
})

test('wildcard field: a change under one key re-evaluates that key\'s concerns only', () => {
  const p = pipe('concerns', ITEMS)
  assertChanges(p.set('items.a.locked', false), [['items.a.locked', false, 'input'], ['_concerns.items.a.price.disabledWhen', false, 'concerns']])
  assertChanges(p.set('items.b.price', 3), [['items.b.price', 3, 'input'], ['_concerns.items.b.price.validationState', OK, 'validators']])
  assertChanges(p.set('items.b.name', 'Bee'), [['items.b.name', 'Bee', 'input'], ['_concerns.items.b.price.dynamicLabel', 'Price of Bee', 'concerns']])
  assertChanges(p.set('items.b.other', 1), [['items.b.other', 1, 'input']])
})

test('wildcard field: a key that appears gets its concerns in the same apply', () => {
  const p = pipe('concerns', ITEMS)
  assertChanges(p.set('items.c', { price: 2, name: 'C' }), [
    ['items.c', { price: 2, name: 'C' }, 'input'],
    ['_concerns.items.c.price.disabledWhen', false, 'concerns'],
    ['_concerns.items.c.price.dynamicLabel', 'Price of C', 'concerns'],
    ['_concerns.items.c.price.validationState', OK, 'validators'],
  ], { unorderedFrom: 1 })
  assertChanges(p.apply([['items.d.name', 'D'], ['items.d.price', -5], ['items.d.locked', true]]), [
    ['items.d.name', 'D', 'input'],
    ['items.d.price', -5, 'input'],
    ['items.d.locked', true, 'input'],
    ['_concerns.items.d.price.disabledWhen', true, 'concerns'],
    ['_concerns.items.d.price.dynamicLabel', 'Price of D', 'concerns'],
    ['_concerns.items.d.price.validationState', ERR('must be at least 0'), 'validators'],
  ], { unorderedFrom: 3 })
  assert.deepStrictEqual(p.getConcerns('items.d.price'), { disabledWhen: true, dynamicLabel: 'Price of D', validationState: ERR('must be at least 0') })
})

test('wildcard field: a key that disappears through a parent replacement has its concerns removed (changes to undefined)', () => {
  const p = pipe('concerns', ITEMS)
  assertChanges(p.set('items', { a: { price: 1, locked: true, name: 'A' } }), [
    ['items', { a: { price: 1, locked: true, name: 'A' } }, 'input'],
    ['_concerns.items.b.price.disabledWhen', undefined, 'concerns'],
    ['_concerns.items.b.price.dynamicLabel', undefined, 'concerns'],
    ['_concerns.items.b.price.validationState', undefined, 'validators'],
  ], { unorderedFrom: 1 })
  const all = p.getConcerns()
  assert.ok(!Object.values(all['items.b.price'] ?? {}).some((v) => v !== undefined), `items.b.price has no concern values left: ${describe(all['items.b.price'])}`)
  assert.deepStrictEqual(all['items.a.price'], { disabledWhen: true, dynamicLabel: 'Price of A', validationState: OK })
  // the key coming back gets fresh concerns
  assertChanges(p.set('items.b', { price: 5, name: 'B2' }), [
    ['items.b', { price: 5, name: 'B2' }, 'input'],
    ['_concerns.items.b.price.disabledWhen', false, 'concerns'],
    ['_concerns.items.b.price.dynamicLabel', 'Price of B2', 'concerns'],
    ['_concerns.items.b.price.validationState', OK, 'validators'],
  ], { unorderedFrom: 1 })
})

test('wildcard field whose condition reads outside it: keys coming and going add and remove its values', () => {
  const p = pipe('concerns', { settings: { frozen: true }, rows: { a: { qty: 1 }, b: { qty: 2 } } })
  assert.deepStrictEqual(p.getConcerns('rows.b.qty'), { disabledWhen: true })
  assertChanges(p.set('rows', { a: { qty: 1 } }), [
    ['rows', { a: { qty: 1 } }, 'input'],
    ['_concerns.rows.b.qty.disabledWhen', undefined, 'concerns'],
  ])
  assertChanges(p.set('rows.c', { qty: 3 }), [
    ['rows.c', { qty: 3 }, 'input'],
    ['_concerns.rows.c.qty.disabledWhen', true, 'concerns'],
  ])
  // a change inside an instance adds or removes no key: nothing is re-evaluated
  const before = p.stats().concernEvaluations
  assertChanges(p.set('rows.c.qty', 4), [['rows.c.qty', 4, 'input']])
  assert.equal(p.stats().concernEvaluations, before)
  assertChanges(p.set('settings.frozen', false), [
    ['settings.frozen', false, 'input'],
    ['_concerns.rows.a.qty.disabledWhen', false, 'concerns'],
    ['_concerns.rows.c.qty.disabledWhen', false, 'concerns'],
  ])
})

test('wildcard field whose condition reads outside it: the instances walked before are walked again once keys come and go', () => {
  // the walk over rows' keys is kept between applies while no key moves
  const p = pipe('concerns', { settings: { frozen: true }, rows: { a: { qty: 1 } } })
  for (const frozen of [false, true, false, true]) {
    assertChanges(p.set('settings.frozen', frozen), [
      ['settings.frozen', frozen, 'input'],
      ['_concerns.rows.a.qty.disabledWhen', frozen, 'concerns'],
    ])
  }
  assertChanges(p.set('rows.b', { qty: 2 }), [
    ['rows.b', { qty: 2 }, 'input'],
    ['_concerns.rows.b.qty.disabledWhen', true, 'concerns'],
  ])
  assertChanges(p.set('settings.frozen', false), [
    ['settings.frozen', false, 'input'],
    ['_concerns.rows.a.qty.disabledWhen', false, 'concerns'],
    ['_concerns.rows.b.qty.disabledWhen', false, 'concerns'],
  ])
  assertChanges(p.set('rows', { b: { qty: 2 } }), [
    ['rows', { b: { qty: 2 } }, 'input'],
    ['_concerns.rows.a.qty.disabledWhen', undefined, 'concerns'],
  ])
  const before = p.stats().concernEvaluations
  assertChanges(p.set('settings.frozen', true), [
    ['settings.frozen', true, 'input'],
    ['_concerns.rows.b.qty.disabledWhen', true, 'concerns'],
  ])
  assert.equal(p.stats().concernEvaluations - before, 1)
})

test('wildcard field: a key removed and the condition changed in one batch', () => {
  const p = pipe('concerns', { settings: { frozen: true }, rows: { a: { qty: 1 }, b: { qty: 2 } } })
  assertChanges(p.apply([['settings.frozen', false], ['rows', { a: { qty: 1 }, c: { qty: 3 } }]]), [
    ['settings.frozen', false, 'input'],
    ['rows', { a: { qty: 1 }, c: { qty: 3 } }, 'input'],
    ['_concerns.rows.a.qty.disabledWhen', false, 'concerns'],
    ['_concerns.rows.c.qty.disabledWhen', false, 'concerns'],
    ['_concerns.rows.b.qty.disabledWhen', undefined, 'concerns'],
  ], { unorderedFrom: 2 })
  assert.deepStrictEqual(Object.keys(p.getConcerns()).filter((k) => k.startsWith('rows.')).sort(), ['rows.a.qty', 'rows.c.qty'])
})

test('wildcard field: a replacement of the parent re-evaluates the keys that stay, emitting only what changed', () => {
  const p = pipe('concerns', ITEMS)
  const next = { a: { price: -1, name: 'A2' }, b: { price: -1, name: 'B' } }
  assertChanges(p.set('items', next), [
    ['items', next, 'input'],
    ['_concerns.items.a.price.disabledWhen', false, 'concerns'],
    ['_concerns.items.a.price.dynamicLabel', 'Price of A2', 'concerns'],
    ['_concerns.items.a.price.validationState', ERR('must be at least 0'), 'validators'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('items', {}), [
    ['items', {}, 'input'],
    ['_concerns.items.a.price.disabledWhen', undefined, 'concerns'],
    ['_concerns.items.a.price.dynamicLabel', undefined, 'concerns'],
    ['_concerns.items.a.price.validationState', undefined, 'validators'],
    ['_concerns.items.b.price.disabledWhen', undefined, 'concerns'],
    ['_concerns.items.b.price.dynamicLabel', undefined, 'concerns'],
    ['_concerns.items.b.price.validationState', undefined, 'validators'],
  ], { unorderedFrom: 1 })
})

// =======================================================================================
// Built-in validators (validators.wp)
// =======================================================================================

test('validationState is { isError, errors: [{ field: ".", message }] }; an empty state fails only required', () => {
  const p = pipe('validators', {})
  const want = {
    'v.req': { validationState: ERR('is required') },
    'v.min': { validationState: OK },
    'v.max': { validationState: OK },
    'v.args': { validationState: OK },
    'v.big': { validationState: OK },
    'v.int': { validationState: OK },
    'v.minl': { validationState: OK },
    'v.maxl': { validationState: OK },
    'v.email': { validationState: OK },
    'v.one': { validationState: OK },
    'v.one2': { validationState: OK },
    'v.msg': { validationState: ERR('fill it in') },
    'v.order': { validationState: OK },
    'v.lines': { validationState: ERR('is required') },
    'v.named': { validationState: ERR('is required') },
    'v.named2': { validationState: OK },
  }
  assert.deepStrictEqual(p.getConcerns(), want)
  assertChanges(p.initialChanges, Object.entries(want).map(([f, c]) => [`_concerns.${f}.validationState`, c.validationState, 'validators']), { unorderedFrom: 0 })
})

test('required: an absent value ("", null, missing, undefined) fails with "is required"; 0, false, " ", [], {} are present', () => {
  checkVS('validators', 'v.req', [
    ['', ERR('is required')], [null, ERR('is required')], [MISSING, ERR('is required')], [undefined, ERR('is required')],
    [0, OK], [false, OK], [' ', OK], [[], OK], [{}, OK], ['x', OK], [NaN, OK],
  ])
})

test('absent values ("", null, missing, undefined) fail only required: every other built-in accepts them', () => {
  for (const f of ['v.min', 'v.max', 'v.args', 'v.big', 'v.int', 'v.minl', 'v.maxl', 'v.email', 'v.one', 'v.one2', 'v.order', 'v.named2']) {
    checkVS('validators', f, [['', OK], [null, OK], [MISSING, OK], [undefined, OK]])
  }
  checkVS('validators', 'v.msg', [['', ERR('fill it in')], [null, ERR('fill it in')], [MISSING, ERR('fill it in')], [undefined, ERR('fill it in')]])
})

test('min(n): "must be at least N"; a non-number (NaN included) fails with the same message', () => {
  const e = ERR('must be at least 3')
  checkVS('validators', 'v.min', [
    [3, OK], [3.5, OK], [Infinity, OK], [1e21, OK],
    [2.9, e], [-3, e], [-Infinity, e], [NaN, e],
    ['5', e], [true, e], [[5], e], [{ n: 5 }, e],
  ])
})

test('max(n): "must be at most N"; a non-number fails with the same message', () => {
  const e = ERR('must be at most 10')
  checkVS('validators', 'v.max', [[10, OK], [-5, OK], [-Infinity, OK], [10.5, e], [Infinity, e], [NaN, e], ['1', e], [false, e], [[], e]])
})

test('N in a message is the argument as JavaScript prints it (-2, 1_000 → 1000, 0.5, 1e21 → 1e+21, 2.50 → 2.5)', () => {
  checkVS('validators', 'v.args', [
    [0.7, OK],
    [-3, ERR('must be at least -2', 'must be at least 0.5')],
    [0, ERR('must be at least 0.5')],
    [2000, ERR('must be at most 1000')],
    ['x', ERR('must be at least -2', 'must be at most 1000', 'must be at least 0.5')],
  ])
  checkVS('validators', 'v.big', [[3, OK], [1e22, ERR('must be at most 1e+21')], [1, ERR('must be at least 2.5')]])
})

test('integer: "must be an integer" for a fraction and for a non-number', () => {
  const e = ERR('must be an integer')
  checkVS('validators', 'v.int', [
    [3, OK], [3.0, OK], [-0, OK], [-7, OK], [1e21, OK],
    [3.5, e], [0.1, e], [NaN, e], [Infinity, e], ['3', e], [true, e], [[3], e],
  ])
})

test('min_length(n): strings in UTF-16 units ("characters"), arrays in elements ("items")', () => {
  checkVS('validators', 'v.minl', [
    ['abc', OK], ['a😀', OK], ['abcd', OK], [[1, 2, 3], OK], [[null, null, null], OK],
    ['ab', ERR('must be at least 3 characters')],
    ['😀', ERR('must be at least 3 characters')],
    ['é', ERR('must be at least 3 characters')],
    [[1, 2], ERR('must contain at least 3 items')],
    [[], ERR('must contain at least 3 items')],
    [[[1, 2, 3]], ERR('must contain at least 3 items')],
  ])
})

test('min_length on a wrong-kind value gets its message: "must be at least N characters"', () => {
  const e = ERR('must be at least 3 characters')
  checkVS('validators', 'v.minl', [[12345, e], [true, e], [{ length: 5 }, e], [{}, e], [0, e]])
})

test('max_length(n): strings in UTF-16 units ("characters"), arrays in elements ("items"); wrong kind → "characters"', () => {
  checkVS('validators', 'v.maxl', [
    ['abc', OK], ['a😀', OK], ['é', OK], [[], OK], [[1, 2, 3], OK],
    ['abcd', ERR('must be at most 3 characters')],
    ['😀😀', ERR('must be at most 3 characters')],
    [[1, 2, 3, 4], ERR('must contain at most 3 items')],
    [1, ERR('must be at most 3 characters')],
    [false, ERR('must be at most 3 characters')],
    [{ a: 1 }, ERR('must be at most 3 characters')],
  ])
})

test('email: "must be a valid email address" for a non-address and for a non-string', () => {
  const e = ERR('must be a valid email address')
  checkVS('validators', 'v.email', [
    ['user@example.com', OK], ['first.last+tag@sub.example.org', OK],
    ['plainaddress', e], ['user@', e], ['@example.com', e], ['a b@example.com', e], ['user@@example.com', e],
    [42, e], [true, e], [['user@example.com'], e],
  ])
})

test('one_of: equal to a listed value (deep, typed); message lists strings verbatim, others as JSON.stringify', () => {
  const e = ERR('must be one of a, 1, true, null, [1,2], {"k":"v"}, 2.5')
  checkVS('validators', 'v.one', [
    ['a', OK], [1, OK], [1.0, OK], [true, OK], [[1, 2], OK], [{ k: 'v' }, OK], [2.5, OK],
    ['1', e], ['b', e], ['A', e], [false, e], [[2, 1], e], [{ k: 'w' }, e], [{ k: 'v', x: 1 }, e], [2, e], ['true', e],
  ])
  checkVS('validators', 'v.one2', [['US', OK], ['x, y', OK], ["it's", OK], ['x', ERR("must be one of US, x, y, it's")], [1, ERR("must be one of US, x, y, it's")]])
})

test('custom messages replace the defaults, each check its own', () => {
  checkVS('validators', 'v.msg', [
    [3.5, ERR('too small', 'whole numbers', 'two at least', 'seven or eight')],
    [7, ERR('two at least')],
    ['ab', ERR('too small', 'whole numbers', 'seven or eight')],
    ['a', ERR('too small', 'whole numbers', 'two at least', 'seven or eight')],
    [[7, 8], ERR('too small', 'whole numbers', 'seven or eight')],
  ])
})

test('errors come in declaration order (within a line and across validate lines)', () => {
  checkVS('validators', 'v.order', [
    ['abc', ERR('must be at most 2 characters', 'must be an integer', 'must be at least 100')],
    [5, ERR('must be at most 2 characters', 'must be at least 100')],
    [[1, 2, 3], ERR('must contain at most 2 items', 'must be an integer', 'must be at least 100')],
    [150.5, ERR('must be at most 2 characters', 'must be an integer')],
  ])
  checkVS('validators', 'v.lines', [
    [2.5, ERR('must be at least 10', 'must be an integer')],
    [12, OK],
    [MISSING, ERR('is required')],
    ['', ERR('is required')],
    ['x', ERR('must be at least 10', 'must be an integer')],
  ])
})

test('named validator declarations: `validator personName = min_length(2) "…"` used by name, with its message; without a message the default', () => {
  checkVS('validators', 'v.named', [
    ['Al', OK],
    ['A', ERR('enter a first and last name')],
    [['a'], ERR('enter a first and last name')],
    [5, ERR('enter a first and last name')],
    ['', ERR('is required')],
  ])
  checkVS('validators', 'v.named2', [['abc', OK], ['abcd', ERR('must be at most 3 characters')], [[1, 2, 3, 4], ERR('must contain at most 3 items')]])
})

test('"A validationState equal to the stored one is not emitted"; a changed one is emitted with stage validators', () => {
  const p = pipe('validators', { v: { min: 5 } })
  assertChanges(p.set('v.min', 6), [['v.min', 6, 'input']])
  assertChanges(p.set('v.min', 2), [['v.min', 2, 'input'], ['_concerns.v.min.validationState', ERR('must be at least 3'), 'validators']])
  assertChanges(p.set('v.min', 1), [['v.min', 1, 'input']])
  assertChanges(p.set('v.min', 'x'), [['v.min', 'x', 'input']])
  assertChanges(p.set('v.min', null), [['v.min', null, 'input'], ['_concerns.v.min.validationState', OK, 'validators']])
  assertChanges(p.set('v', { min: 4 }), [['v', { min: 4 }, 'input']])
  // a change above the field re-evaluates it (v replaced)
  assertChanges(p.set('v', { min: 0 }), [['v', { min: 0 }, 'input'], ['_concerns.v.min.validationState', ERR('must be at least 3'), 'validators']])
})

test('a change below a validated field re-evaluates it (an array growing under max_length)', () => {
  const p = pipe('validators', { v: { maxl: [1, 2, 3] } })
  assertChanges(p.set('v.maxl.3', 4), [['v.maxl.3', 4, 'input'], ['_concerns.v.maxl.validationState', ERR('must contain at most 3 items'), 'validators']])
})

// =======================================================================================
// pattern("…") (patterns.wp): JavaScript RegExp.prototype.test, i.e. search
// =======================================================================================

test('pattern: anchored ^[0-9]{5}$ through a named validator with a message; "$" does not match before a final \\n', () => {
  const e = ERR('five digits')
  checkVS('patterns', 'p.zip', [
    ['12345', OK], ['00000', OK],
    ['1234', e], ['123456', e], ['a12345', e], ['12345a', e], ['12 345', e], ['12345\n', e], ['１２３４５', e],
    [12345, e], [true, e], [['12345'], e],
    ['', OK], [null, OK], [MISSING, OK],
  ])
})

test('pattern: unanchored patterns search anywhere in the string (RegExp.test)', () => {
  const e = ERR('has an invalid format')
  checkVS('patterns', 'p.search', [['AB1', OK], ['xxAB1yy', OK], ['a b CD9', OK], ['ab1', e], ['AB', e], ['A B1', e], ['AB-1', e], [123, e]])
})

test('pattern: groups, alternation and ? — ^(cat|dog)s?$', () => {
  const e = ERR('has an invalid format')
  checkVS('patterns', 'p.alt', [['cat', OK], ['dogs', OK], ['cats', OK], ['cats!', e], ['bird', e], ['catdog', e], ['Cat', e], ['catss', e]])
})

test('pattern: \\S, and . not matching line terminators (^a.c$)', () => {
  const e = ERR('has an invalid format')
  checkVS('patterns', 'p.nows', [['ab', OK], ['a-b_c', OK], ['a b', e], ['a\tb', e], [' ab', e]])
  checkVS('patterns', 'p.dot', [['abc', OK], ['a-c', OK], ['a c', OK], ['ac', e], ['abbc', e], ['a\nc', e], ['a\rc', e], ['a\u2028c', e]])
})

test('pattern: counted repetition {2,3}, negated class [^0-9], non-capturing group (?:ab)+', () => {
  const e = ERR('has an invalid format')
  checkVS('patterns', 'p.rep', [['xx', OK], ['xxx', OK], ['x', e], ['xxxx', e], ['xyx', e]])
  checkVS('patterns', 'p.neg', [['abc', OK], [' ', OK], ['a-b', OK], ['ab1', e], ['9', e]])
  checkVS('patterns', 'p.group', [['ab', OK], ['abab', OK], ['aba', e], ['ba', e], ['abba', e]])
})

test('pattern: . is one UTF-16 unit, as in JavaScript without flags (^.$: "é" matches, "😀" does not)', () => {
  const e = ERR('has an invalid format')
  checkVS('patterns', 'p.one', [['é', OK], ['a', OK], ['\u4e2d', OK], ['😀', e], ['ab', e], ['e\u0301', e]])
})

test('pattern: \\w is [A-Za-z0-9_] as in JavaScript (\\w+@\\w+\\.\\w{2,}, searched)', () => {
  const e = ERR('has an invalid format')
  checkVS('patterns', 'p.word', [['mail: bob@example.com!', OK], ['a_1@b2.cd', OK], ['bob@example.c', e], ['é@x.yz', e], ['bob@exämple', e]])
})

test('pattern with required and a custom message: absent → only "is required"; wrong kind → the pattern\'s message', () => {
  checkVS('patterns', 'p.msg', [['ABC', OK], ['', ERR('is required')], [null, ERR('is required')], ['abc', ERR('capitals only')], [5, ERR('capitals only')], ['AB C', ERR('capitals only')]])
})

// =======================================================================================
// equals(p) (equals.wp)
// =======================================================================================

test('validate equals(account.password): default message "must match account.password"', () => {
  checkStates('equals', 'account.confirm', [
    [{ account: { password: 's3cret', confirm: 's3cret' } }, { validationState: OK }],
    [{ account: { password: 's3cret', confirm: 'x' } }, { validationState: ERR('must match account.password') }],
    [{ account: { password: '1', confirm: 1 } }, { validationState: ERR('must match account.password') }],
    [{ account: { password: { a: 1, b: [2] }, confirm: { b: [2], a: 1 } } }, { validationState: OK }],
    [{ account: { password: 25, confirm: 25.0 } }, { validationState: OK }],
  ])
})

test('equals(p): an absent field value ("", null, missing) counts as absent, so only required fails', () => {
  checkStates('equals', 'account.confirm', [
    [{ account: { password: 's3cret', confirm: '' } }, { validationState: OK }],
    [{ account: { password: 's3cret', confirm: null } }, { validationState: OK }],
    [{ account: { password: 's3cret' } }, { validationState: OK }],
  ])
  checkStates('equals', 'account.again', [
    [{ account: { password: 's3cret' } }, { validationState: ERR('is required') }],
    [{ account: { password: 's3cret', again: '' } }, { validationState: ERR('is required') }],
    [{ account: { password: 's3cret', again: 'nope' } }, { validationState: ERR('passwords differ') }],
    [{ account: { password: 's3cret', again: 's3cret' } }, { validationState: OK }],
  ])
})

test('equals(p): a change of p re-evaluates the field\'s validationState', () => {
  const p = pipe('equals', { account: { password: 'a', confirm: 'a', again: 'a' } })
  assertChanges(p.set('account.password', 'b'), [
    ['account.password', 'b', 'input'],
    ['_concerns.account.confirm.validationState', ERR('must match account.password'), 'validators'],
    ['_concerns.account.again.validationState', ERR('passwords differ'), 'validators'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('account.confirm', 'b'), [['account.confirm', 'b', 'input'], ['_concerns.account.confirm.validationState', OK, 'validators']])
  assertChanges(p.set('account', { password: 'c', confirm: 'c', again: 'c' }), [
    ['account', { password: 'c', confirm: 'c', again: 'c' }, 'input'],
    ['_concerns.account.again.validationState', OK, 'validators'],
  ])
})

// =======================================================================================
// A path on the right (pathcmp.wp)
// =======================================================================================

test('a == b / a != b with a path on the right: deep typed equality of the two values', () => {
  checkStates('pathcmp', 'account.confirm', [
    [{ account: { confirm: 'x', password: 'x' } }, { mismatch: false, same: true }],
    [{ account: { confirm: 'x', password: 'y' } }, { mismatch: true, same: false }],
    [{ account: { confirm: '25', password: 25 } }, { mismatch: true, same: false }],
    [{ account: { confirm: 25.0, password: 25 } }, { mismatch: false, same: true }],
    [{ account: { confirm: { a: 1, b: [1] }, password: { b: [1], a: 1 } } }, { same: true }],
    [{ account: { confirm: [1, 2], password: [2, 1] } }, { same: false }],
    [{ account: { confirm: NaN, password: NaN } }, { same: true, mismatch: false }],
    [{ account: { confirm: -0, password: 0 } }, { same: true }],
    [{ account: { confirm: true, password: 1 } }, { same: false }],
  ])
})

test('a path on the right reads missing/undefined as null: both missing are equal; one missing vs a value differs', () => {
  checkStates('pathcmp', 'account.confirm', [
    [{ account: {} }, { mismatch: false, same: true }],
    [{ account: { confirm: null } }, { mismatch: false, same: true }],
    [{ account: { confirm: undefined, password: null } }, { mismatch: false, same: true }],
    [{ account: { confirm: 'x' } }, { mismatch: true, same: false }],
    [{ account: { password: '' } }, { mismatch: true, same: false }],
  ])
})

test('a < b, <=, >, >= with a path on the right: numbers on both sides, else false', () => {
  checkStates('pathcmp', 'order.end', [
    [{ order: { end: 1, start: 2 } }, { disabledWhen: true, le: true, gt: false, ge: false }],
    [{ order: { end: 2, start: 2 } }, { disabledWhen: false, le: true, gt: false, ge: true }],
    [{ order: { end: 3, start: 2 } }, { disabledWhen: false, le: false, gt: true, ge: true }],
    [{ order: { end: '1', start: 2 } }, { disabledWhen: false, le: false, gt: false, ge: false }],
    [{ order: { end: 1, start: '2' } }, { disabledWhen: false, le: false, gt: false, ge: false }],
    [{ order: { end: 1 } }, { disabledWhen: false, le: false, gt: false, ge: false }],
    [{ order: { end: null, start: null } }, { disabledWhen: false, le: false, gt: false, ge: false }],
    [{ order: {} }, { disabledWhen: false, le: false, gt: false, ge: false }],
    [{ order: { end: NaN, start: 1 } }, { disabledWhen: false, le: false, gt: false, ge: false }],
  ])
})

test('length(a) op b with a path on the right', () => {
  checkStates('pathcmp', 'account.confirm', [
    [{ account: { confirm: 'ab', minLen: 3 } }, { tooShort: true }],
    [{ account: { confirm: 'abc', minLen: 3 } }, { tooShort: false }],
    [{ account: { confirm: [1], minLen: 3 } }, { tooShort: true }],
    [{ account: { confirm: 'ab', minLen: '3' } }, { tooShort: false }],
    [{ account: { confirm: 'ab' } }, { tooShort: false }],
    [{ account: { confirm: 12, minLen: 3 } }, { tooShort: false }],
  ])
})

test('a change of the path on the right re-evaluates the condition', () => {
  const p = pipe('pathcmp', { account: { confirm: 'a', password: 'a' }, order: { end: 5, start: 1 } })
  assertChanges(p.set('account.password', 'b'), [
    ['account.password', 'b', 'input'],
    ['_concerns.account.confirm.mismatch', true, 'concerns'],
    ['_concerns.account.confirm.same', false, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('order.start', 9), [
    ['order.start', 9, 'input'],
    ['_concerns.order.end.disabledWhen', true, 'concerns'],
    ['_concerns.order.end.le', true, 'concerns'],
    ['_concerns.order.end.gt', false, 'concerns'],
    ['_concerns.order.end.ge', false, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.set('account', { confirm: 'z', password: 'z' }), [
    ['account', { confirm: 'z', password: 'z' }, 'input'],
    ['_concerns.account.confirm.mismatch', false, 'concerns'],
    ['_concerns.account.confirm.same', true, 'concerns'],
  ], { unorderedFrom: 1 })
})

// =======================================================================================
// External concerns and validators (externals.wp)
// =======================================================================================

const EXT_STATE = { user: { age: 30, tier: 'gold', email: 'a@b.co', zip: '123', country: 'DE' }, items: { a: { price: 1 }, b: { price: 2 } } }
const EXT_NAMES = ['scoreUser', 'priceScore', 'checkEmail', 'checkZip', 'bump']

/** A pipeline of externals.wp with recording functions; `impl` overrides the default behaviours. */
function extPipeline(state, impl = {}) {
  const calls = Object.fromEntries(EXT_NAMES.map((n) => [n, []]))
  const fns = {
    scoreUser: (age, tier) => `${age}/${tier}`,
    priceScore: (price) => price * 10,
    checkEmail: () => ({ isError: false, errors: [] }),
    checkZip: () => ({ isError: false, errors: [] }),
    bump: () => [['user.age', 99]],
    ...impl,
  }
  const rec = (n) => (...args) => { calls[n].push(args); return fns[n](...args) }
  const p = pipe('externals', state, {
    concerns: { scoreUser: rec('scoreUser'), priceScore: rec('priceScore') },
    validators: { checkEmail: rec('checkEmail'), checkZip: rec('checkZip') },
    listeners: { bump: rec('bump') },
  })
  const reset = () => { for (const n of EXT_NAMES) calls[n].length = 0 }
  return { p, calls, reset }
}

test('a handler, validator or concern function not given to createPipeline throws an Error listing every missing name', () => {
  throwsErr(() => pipe('externals', EXT_STATE), (e) => {
    assert.ok(e instanceof Error, 'an Error')
    for (const n of EXT_NAMES) assert.match(e.message, new RegExp(`\\b${n}\\b`), `the message names ${n}: ${e.message}`)
  })
  throwsErr(() => pipe('externals', EXT_STATE, { listeners: { bump() { return [] } }, validators: { checkEmail() { return { isError: false, errors: [] } } } }), (e) => {
    assert.ok(e instanceof Error, 'an Error')
    for (const n of ['scoreUser', 'priceScore', 'checkZip']) assert.match(e.message, new RegExp(`\\b${n}\\b`), `the message names ${n}: ${e.message}`)
    for (const n of ['bump', 'checkEmail']) assert.doesNotMatch(e.message, new RegExp(`\\b${n}\\b`), `the message does not name the given ${n}: ${e.message}`)
  })
})

test('external concern: called at creation with the declared paths\' values and ctx { field, concern, keys }; the result is the concern value', () => {
  const { p, calls } = extPipeline(EXT_STATE)
  assert.deepStrictEqual(calls.scoreUser, [[30, 'gold', { field: 'user.score', concern: 'score', keys: [] }]])
  assert.deepStrictEqual(p.getConcerns('user.score'), { score: '30/gold' })
  const init = concernChanges(p.initialChanges)
  assert.deepStrictEqual(init.filter((c) => c[0] === '_concerns.user.score.score'), [['_concerns.user.score.score', '30/gold', { stage: 'concerns' }]])
})

test('external concern: called once per apply, after the last round, with the final values; result emitted as the concern value', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE)
  reset()
  assertChanges(p.set('user.age', 40), [['user.age', 40, 'input'], ['_concerns.user.score.score', '40/gold', 'concerns']])
  assert.deepStrictEqual(calls.scoreUser, [[40, 'gold', { field: 'user.score', concern: 'score', keys: [] }]])
  reset()
  const out = p.apply([['user.age', 1], ['user.tier', 'x'], ['user.age', 2]])
  assert.deepStrictEqual(calls.scoreUser, [[2, 'x', { field: 'user.score', concern: 'score', keys: [] }]], 'one call with the final values')
  assertChanges(out, [['user.age', 1, 'input'], ['user.tier', 'x', 'input'], ['user.age', 2, 'input'], ['_concerns.user.score.score', '2/x', 'concerns']])
})

test('external concern: a listener round that writes an input path — still one call, after the last round', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE)
  reset()
  const out = normalise(p.apply([['user.trigger', 1], ['user.age', 50]]))
  assert.equal(calls.bump.length, 1, 'bump ran once')
  assert.deepStrictEqual(calls.scoreUser, [[99, 'gold', { field: 'user.score', concern: 'score', keys: [] }]])
  const sc = out.filter((c) => c[0] === '_concerns.user.score.score')
  assert.deepStrictEqual(sc, [['_concerns.user.score.score', '99/gold', { stage: 'concerns' }]])
  assert.equal(out.indexOf(sc[0]), out.length - 1, `the concern change comes last: ${describe(out)}`)
})

test('external concern: a change above or below a declared path calls it; an unrelated change does not', () => {
  // writing `user` also touches `listen user.trigger` (semantics §11: an
  // ancestor write); its handler writes nothing here, so user.age stays 5
  const { p, calls, reset } = extPipeline(EXT_STATE, { bump: () => [] })
  reset()
  p.set('user', { age: 5, tier: 's', email: 'a@b.co', zip: '123', country: 'DE' })
  assert.deepStrictEqual(calls.scoreUser, [[5, 's', { field: 'user.score', concern: 'score', keys: [] }]])
  p.set('user.tier', { level: 1 })
  reset()
  p.set('user.tier.level', 2)
  assert.deepStrictEqual(calls.scoreUser, [[5, { level: 2 }, { field: 'user.score', concern: 'score', keys: [] }]])
  reset()
  assertChanges(p.set('zzz', 1), [['zzz', 1, 'input']])
  assertChanges(p.set('user.agex', 1), [['user.agex', 1, 'input']])
  assert.deepStrictEqual(calls, Object.fromEntries(EXT_NAMES.map((n) => [n, []])), 'nothing was called')
})

test('external concern: a result equal to the stored one is not emitted', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE, { scoreUser: () => ({ level: 'same' }) })
  assert.deepStrictEqual(p.getConcerns('user.score'), { score: { level: 'same' } })
  reset()
  assertChanges(p.set('user.age', 31), [['user.age', 31, 'input']])
  assert.equal(calls.scoreUser.length, 1)
})

test('external concern on a wildcard field: one call per key with ctx.keys = [key]', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE)
  const sortByKey = (cs) => [...cs].sort((a, b) => (a[1].field < b[1].field ? -1 : 1))
  assert.deepStrictEqual(sortByKey(calls.priceScore), [
    [1, { field: 'items.a.price', concern: 'ext', keys: ['a'] }],
    [2, { field: 'items.b.price', concern: 'ext', keys: ['b'] }],
  ])
  assert.deepStrictEqual(p.getConcerns('items.a.price'), { ext: 10 })
  assert.deepStrictEqual(p.getConcerns('items.b.price'), { ext: 20 })
  reset()
  assertChanges(p.set('items.a.price', 5), [['items.a.price', 5, 'input'], ['_concerns.items.a.price.ext', 50, 'concerns']])
  assert.deepStrictEqual(calls.priceScore, [[5, { field: 'items.a.price', concern: 'ext', keys: ['a'] }]])
  reset()
  assertChanges(p.set('items.c', { price: 3 }), [['items.c', { price: 3 }, 'input'], ['_concerns.items.c.price.ext', 30, 'concerns']])
  assert.deepStrictEqual(calls.priceScore, [[3, { field: 'items.c.price', concern: 'ext', keys: ['c'] }]])
  assertChanges(p.set('items', { a: { price: 5 } }), [
    ['items', { a: { price: 5 } }, 'input'],
    ['_concerns.items.b.price.ext', undefined, 'concerns'],
    ['_concerns.items.c.price.ext', undefined, 'concerns'],
  ], { unorderedFrom: 1 })
})

test('external validator: called (value, deps, ctx) with deps = { path: value } for its declared paths, at creation', () => {
  const { calls } = extPipeline(EXT_STATE)
  assert.equal(calls.checkEmail.length, 1)
  assert.equal(calls.checkEmail[0][0], 'a@b.co')
  assert.deepStrictEqual(calls.checkEmail[0][1], { 'user.email': 'a@b.co' })
  assert.equal(typeof calls.checkEmail[0][2], 'object', 'a ctx argument')
  assert.equal(calls.checkZip.length, 1)
  assert.equal(calls.checkZip[0][0], '123')
  assert.deepStrictEqual(calls.checkZip[0][1], { 'user.zip': '123', 'user.country': 'DE' })
})

test('external validator: its errors are merged after the built-in errors into the one validationState', () => {
  const taken = { isError: true, errors: [{ field: '.', message: 'taken' }] }
  const { p } = extPipeline({ ...EXT_STATE, user: { ...EXT_STATE.user, email: 'bad' } }, { checkEmail: () => taken })
  assert.deepStrictEqual(p.getConcerns('user.email'), { validationState: ERR('must be a valid email address', 'taken') })
  const init = concernChanges(p.initialChanges).filter((c) => c[0] === '_concerns.user.email.validationState')
  assert.deepStrictEqual(init, [['_concerns.user.email.validationState', ERR('must be a valid email address', 'taken'), { stage: 'validators' }]])
})

test('external validator: isError is true when any part fails (built-in only, external only)', () => {
  const a = extPipeline({ ...EXT_STATE, user: { ...EXT_STATE.user, email: 'bad' } }).p
  assert.deepStrictEqual(a.getConcerns('user.email').validationState, ERR('must be a valid email address'))
  const b = extPipeline(EXT_STATE, { checkEmail: () => ({ isError: true, errors: [{ field: '.', message: 'taken' }] }) }).p
  assert.deepStrictEqual(b.getConcerns('user.email').validationState, ERR('taken'))
  // a field with only an external validator: its validationState is the result
  const c = extPipeline(EXT_STATE, { checkZip: (v, deps) => ({ isError: true, errors: [{ field: '.', message: `bad zip for ${deps['user.country']}` }] }) }).p
  assert.deepStrictEqual(c.getConcerns('user.zip'), { validationState: ERR('bad zip for DE') })
})

test('external validator: dispatched once per apply with final values; one validationState change, stage validators', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE, {
    checkEmail: (v) => (v === 'x@y.zz' ? { isError: true, errors: [{ field: '.', message: 'taken' }] } : { isError: false, errors: [] }),
  })
  reset()
  assertChanges(p.apply([['user.email', 'q@w.ee'], ['user.email', 'x@y.zz']]), [
    ['user.email', 'q@w.ee', 'input'],
    ['user.email', 'x@y.zz', 'input'],
    ['_concerns.user.email.validationState', ERR('taken'), 'validators'],
  ])
  assert.equal(calls.checkEmail.length, 1)
  assert.deepStrictEqual(calls.checkEmail[0].slice(0, 2), ['x@y.zz', { 'user.email': 'x@y.zz' }])
  reset()
  // a built-in change and the external result make one merged state
  assertChanges(p.set('user.email', 'bad'), [['user.email', 'bad', 'input'], ['_concerns.user.email.validationState', ERR('must be a valid email address'), 'validators']])
  assert.equal(calls.checkEmail.length, 1)
  reset()
  assertChanges(p.set('user.email', 'ok@ok.io'), [['user.email', 'ok@ok.io', 'input'], ['_concerns.user.email.validationState', OK, 'validators']])
  reset()
  // an equal result is not emitted
  assertChanges(p.set('user.email', 'ok2@ok.io'), [['user.email', 'ok2@ok.io', 'input']])
  assert.equal(calls.checkEmail.length, 1)
  assert.equal(calls.scoreUser.length, 0)
})

test('external validator: a change of another declared path dispatches it; deps carry the new value', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE)
  reset()
  assertChanges(p.set('user.country', 'FR'), [['user.country', 'FR', 'input']])
  assert.equal(calls.checkZip.length, 1)
  assert.deepStrictEqual(calls.checkZip[0].slice(0, 2), ['123', { 'user.zip': '123', 'user.country': 'FR' }])
  assert.equal(calls.checkEmail.length, 0)
  assert.equal(calls.scoreUser.length, 0)
})

test('external validator: the value after a listener round is the one dispatched (after the last round)', () => {
  const { p, calls, reset } = extPipeline(EXT_STATE, { bump: () => [['user.email', 'from@listener.io']] })
  reset()
  p.apply([['user.trigger', 1], ['user.email', 'first@input.io']])
  assert.equal(calls.checkEmail.length, 1)
  assert.deepStrictEqual(calls.checkEmail[0].slice(0, 2), ['from@listener.io', { 'user.email': 'from@listener.io' }])
})

test('processChanges: external validators whose inputs changed are collected in validators_to_run { validator, field, value, deps }', () => {
  const { p, reset } = extPipeline(EXT_STATE)
  reset()
  const r = p.processChanges([['user.email', 'x@y.zz'], ['user.country', 'FR']])
  const got = [...r.validators_to_run].sort((a, b) => (a.validator < b.validator ? -1 : 1))
  assert.deepStrictEqual(got, [
    { validator: 'checkEmail', field: 'user.email', value: 'x@y.zz', deps: { 'user.email': 'x@y.zz' } },
    { validator: 'checkZip', field: 'user.zip', value: '123', deps: { 'user.zip': '123', 'user.country': 'FR' } },
  ])
})

test('an external validator that throws: apply throws and the pipeline is exactly as before (state, concerns)', () => {
  let fail = false
  const { p } = extPipeline(EXT_STATE, { checkEmail: () => { if (fail) throw new Error('boom'); return { isError: false, errors: [] } } })
  const state = p.getState()
  const concerns = p.getConcerns()
  fail = true
  throwsErr(() => p.set('user.email', 'bad'))
  assert.deepStrictEqual(p.getState(), state)
  assert.deepStrictEqual(p.getConcerns(), concerns)
})
