// bad_input.test.mjs — the table "Bad input" at the end of docs/package.md,
// row by row: each row's example runs on a fresh pipeline, and the error the
// row names (class, message, code) or the behaviour it states is checked.
// The rows are read from the markdown, so the table and the tests cannot
// drift: a row without a check here, or a check without a row, fails.
// Fixture: fixtures/values.wp (`sync left <-> right`, every other path free).
import { test } from 'node:test'
import fs from 'node:fs'
import path from 'node:path'
import { ROOT, assert, assertChanges, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('values')
const INITIAL = () => ({ left: 1, s: 'x', arr: [1, 2] })
const STATE = { left: 1, s: 'x', arr: [1, 2], right: 1 } // after the initial sync

function nested(depth) {
  let v = 1
  for (let i = 0; i < depth; i++) v = { a: v }
  return v
}
const batch = Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i])

// ---- the table ----------------------------------------------------------------

function readTable() {
  const md = fs.readFileSync(path.join(ROOT, 'docs', 'package.md'), 'utf8')
  const at = md.indexOf('\n## Bad input\n')
  assert.ok(at >= 0, 'docs/package.md has a section "## Bad input"')
  const next = md.indexOf('\n## ', at + 1)
  const lines = md.slice(at, next < 0 ? md.length : next).split('\n')
  const rows = []
  for (const line of lines) {
    if (!line.startsWith('| ') || line.startsWith('| input |')) continue
    const cells = line.slice(2, -2).split(' | ')
    assert.equal(cells.length, 3, `three cells: ${line}`)
    const [input, example, result] = cells
    assert.match(example, /^`[^`]+`$/, `the example is one code span: ${line}`)
    rows.push({ input, code: example.slice(1, -1), result })
  }
  return rows
}

// The example as a function of the pipeline, returning its last statement's value.
function exampleOf(code) {
  const cut = code.lastIndexOf('; ')
  const body = cut < 0 ? `return ${code}` : `${code.slice(0, cut + 2)}return ${code.slice(cut + 2)}`
  // eslint-disable-next-line no-new-func
  const fn = new Function('p', 'create', 'nested', 'batch', body)
  return (p) => fn(p, create, nested, batch)
}

// "TypeError `message`" or "Error `message`, code `E_X`" at the start of a result.
function errorOf(result) {
  const m = /^(TypeError|Error) `([^`]+)`(?:, code `(E_[A-Z]+)`)?/.exec(result)
  return m && { cls: m[1], message: m[2], code: m[3] }
}

// ---- checks beyond the error, and the behaviour rows ------------------------

const checks = {
  'a cycle': (p) => {
    const x = { v: 1 }
    assertChanges(p.set('two', [x, x]), [['two', [{ v: 1 }, { v: 1 }], 'input']])
  },
  'a write through a string, number or boolean': (p) => {
    assert.throws(() => p.apply([['fresh', 1], ['s.b', 2]]), { code: 'E_SCALAR' })
    assert.equal(p.get('fresh'), undefined, 'nothing of the batch applied')
  },
  'an array index that is not one, or past the end': (p) => {
    for (const at of ['arr.5', 'arr.-1']) assert.throws(() => p.set(at, 1), { code: 'E_INDEX' })
  },
  'a value nested past 512 levels (path segments and value together)': (p) => {
    assert.throws(() => p.set('d', nested(512)), { code: 'E_DEPTH' })
    assertChanges(p.set('d', nested(511)), [['d', nested(511), 'input']])
  },
  'a Date, Map, Set, typed array, boxed primitive or class instance': (p) => {
    class Shape {}
    for (const [v, name] of [[new Date(0), 'a Date'], [new Set(), 'a Set'], [new Uint8Array(2), 'a Uint8Array'],
      [new String('x'), 'a String'], [new Shape(), 'a Shape']])
      assert.throws(() => p.set('a', v), (e) => e instanceof TypeError && e.message.startsWith(`wp: change 0 (a): ${name} cannot be state`))
  },
  '`NaN`': (p, ex) => {
    assertChanges(ex(p), [])
    assert.ok(Number.isNaN(p.get('n')))
  },
  '`Infinity`, `-Infinity`': (p, ex) => {
    assertChanges(ex(p), [['n', Infinity, 'input']])
    assert.equal(p.get('n'), Infinity)
    p.set('m', -Infinity)
    assert.equal(p.get('m'), -Infinity)
  },
  '`-0`': (p, ex) => {
    assertChanges(ex(p), [['z', -0, 'input']])
    assert.ok(Object.is(p.get('z'), -0))
    p.set('y', 0)
    assertChanges(p.set('y', -0), [])
    assertChanges(p.set('z', 0), [])
  },
  'a 10 MB string': (p, ex) => {
    const changes = ex(p)
    assert.equal(changes.length, 1)
    assert.equal(changes[0][1].length, 5 << 20)
    assert.equal(p.get('big'), 'é'.repeat(5 << 20))
  },
  'a key `__proto__` in a value': (p, ex) => {
    ex(p)
    const o = p.getState().o
    assert.ok(Object.hasOwn(o, '__proto__'))
    assert.deepStrictEqual(o['__proto__'], { admin: true })
    assert.deepStrictEqual(Object.keys(o), [])
    assert.equal(JSON.stringify(o), '{}')
    assert.equal(Object.assign({}, o).admin, undefined, 'Object.assign sets no prototype')
    assert.equal({ ...o }.admin, undefined, 'spread sets no prototype')
    for (const k in o) assert.fail(`for-in sees ${k}`)
    const q = create(p.getState())
    assert.equal(q.get('o.__proto__.admin'), true, 'written back, it is kept')
  },
  'a path through `__proto__`': (p, ex) => {
    ex(p)
    assert.equal(p.get('__proto__.admin'), true)
    assert.equal(({}).admin, undefined)
    assert.equal(Object.getPrototypeOf(p.getState()), Object.prototype)
  },
  'keys `constructor` and `prototype`': (p, ex) => {
    ex(p)
    p.set('prototype', 3)
    const s = p.getState()
    assert.deepStrictEqual(s.constructor, { prototype: { x: 1 } })
    assert.equal(s.prototype, 3)
    assert.ok(Object.keys(s).includes('constructor') && Object.keys(s).includes('prototype'))
    assert.equal(({}).x, undefined)
  },
  'empty segments in a path': (p, ex) => {
    ex(p)
    assert.deepStrictEqual(p.get('a'), { '': { b: 2 } })
    p.set('e.', 3)
    assert.deepStrictEqual(p.get('e'), { '': 3 })
  },
  'keys holding lone surrogates': (p, ex) => {
    ex(p)
    assert.deepStrictEqual(Object.keys(p.get('k')), ['\ud800', '\udc00'])
    assert.equal(p.get('k.\ud800'), 1)
    assert.equal(p.get('k.\udc00'), 2)
  },
  'getters, symbol keys, array holes, extra array properties': (p, ex) => {
    ex(p)
    assert.deepStrictEqual(p.get('g'), { v: 5 })
    const a = [1, , 3] // eslint-disable-line no-sparse-arrays
    a.extra = 1
    p.set('h', a)
    const back = p.get('h')
    assert.equal(back.length, 3)
    assert.ok(Object.hasOwn(back, 1) && back[1] === undefined, 'a hole reads as undefined')
    assert.equal(back.extra, undefined)
  },
  'a batch of 100 000 changes': (p, ex) => {
    const t0 = Date.now()
    const changes = ex(p)
    const ms = Date.now() - t0
    assert.equal(changes.length, 100_000)
    assert.equal(p.get('k99999'), 99_999)
    assert.ok(ms < 10_000, `100 000 changes in ${ms} ms`)
    const same = Array.from({ length: 100_000 }, (_, i) => ['left', i])
    const out = p.apply(same)
    assert.equal(out.filter((c) => c[2].stage === 'input').length, 100_000, 'each write reported')
    assert.equal(p.get('left'), 99_999, 'the last write wins')
    assert.equal(p.get('right'), 99_999)
  },
}

// ---- the rows -------------------------------------------------------------------

const rows = readTable()

test('docs/package.md "Bad input": every check has a row', () => {
  const inputs = new Set(rows.map((r) => r.input))
  for (const k of Object.keys(checks)) assert.ok(inputs.has(k), `a check without a row: ${k}`)
  assert.ok(rows.length >= 25, `${rows.length} rows`)
})

for (const row of rows) {
  test(`bad input: ${row.input}`, () => {
    const ex = exampleOf(row.code)
    const err = errorOf(row.result)
    const check = checks[row.input]
    assert.ok(err || check, `the row states no error and has no check: ${row.input}`)
    const p = create(INITIAL())
    if (err) {
      assert.throws(() => ex(p), (e) => {
        assert.equal(e.constructor.name, err.cls, `${row.code} throws a ${err.cls}`)
        assert.equal(e.message, err.message)
        if (err.code) assert.equal(e.code, err.code)
        return true
      })
      if (!row.code.includes('destroy()')) {
        assert.deepStrictEqual(p.getState(), STATE, 'the state is as it was')
        assertChanges(p.set('left', 7), [['left', 7, 'input'], ['right', 7, 'sync']]) // the pipeline still works
      }
      if (check) check(create(INITIAL()), ex)
    } else {
      check(p, ex)
    }
  })
}
