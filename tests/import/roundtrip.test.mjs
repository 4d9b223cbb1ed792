// roundtrip.test.mjs — `wpc import` end to end (docs/migrating.md): the
// configuration in roundtrip.json, written in the library's terms, is
// imported, built with `wpc build`, and the package is driven in node.  Each
// test checks the behaviour the library's configuration describes: sync
// copies both ways, a one-way pair copies one way, a flip negates, the
// aggregation is the common value (and writing it writes the sources), the
// computations sum and average, clears null their targets, boolLogic
// concerns disable and hide, valueLogic and templates give labels, the
// listener runs with scoped changes, the schema's validator fills
// validationState.
//
// Also: the diagnostics of an import as JSON (--format=json) carry the JSON
// pointer and the line:column of each part that was not converted, and
// docs/migrating.md shows the `guide` case exactly as its goldens hold it.
import { test } from 'node:test'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { assert, buildInto, ROOT, runWpc, tmpDir } from '../pkg/helpers.mjs'

const HERE = path.join(ROOT, 'tests', 'import')
const CONFIG = JSON.parse(fs.readFileSync(path.join(HERE, 'roundtrip.json'), 'utf8'))

// Imported and built once for the file.
const dir = tmpDir('import')
const wpFile = path.join(dir, 'app.wp')
const imported = runWpc(['import', '--color=never', path.join(HERE, 'roundtrip.json'), '-o', wpFile])
let createPipeline = null
let buildError = null
try {
  const pkg = buildInto(wpFile)
  createPipeline = (await import(pathToFileURL(path.join(pkg, 'index.js')).href)).createPipeline
} catch (e) {
  buildError = e
}

const calls = { rowTotal: [], quarterlyBudget: [] }
const handlers = {
  listeners: {
    // The library's listener: { path: 'row1', scope: 'row1', fn }.  Changes
    // come relative to the scope; the return value uses full paths.
    rowTotal(changes, row) {
      calls.rowTotal.push(changes.map((c) => c[0]))
      if (!changes.some((c) => c[0] === 'q1' || c[0] === 'q2')) return undefined
      return [['row1.annualTotal', row.q1 + row.q2]]
    },
  },
  validators: {
    quarterlyBudget(value) {
      calls.quarterlyBudget.push(value)
      return typeof value === 'number' && value >= 0 && value <= 1000
        ? { isError: false, errors: [] }
        : { isError: true, errors: [{ field: '.', message: 'Must be 0-1000' }] }
    },
  },
}

function fresh() {
  if (buildError) throw buildError
  calls.rowTotal.length = 0
  calls.quarterlyBudget.length = 0
  return createPipeline(structuredClone(CONFIG.state), handlers)
}

test('the import converts everything, and the result checks clean', () => {
  assert.equal(imported.status, 0, imported.stderr)
  assert.equal(imported.stdout, '')
  assert.doesNotMatch(imported.stderr, /error/)
  const wp = fs.readFileSync(wpFile, 'utf8')
  assert.match(wp, /^state \{$/m, 'the state block is inferred from the example')
  assert.equal(runWpc(['fmt', '--check', wpFile]).status, 0, 'the output is as wpc fmt prints it')
})

test('creation: computations sum and average, the aggregation holds the common value', () => {
  const p = fresh()
  assert.equal(p.get('summary.grandTotal'), 350)
  assert.equal(p.get('summary.average'), 150)
  assert.equal(p.get('summary.allSelected'), false)
})

test('syncPaths: a pair copies both ways', () => {
  const p = fresh()
  p.set('header.contactEmail', 'ops@acme.com')
  assert.equal(p.get('header.notificationEmail'), 'ops@acme.com')
  p.set('header.notificationEmail', 'alerts@acme.com')
  assert.equal(p.get('header.contactEmail'), 'alerts@acme.com')
})

test('syncPaths with oneWay [0]->[1]: only the first path writes the second', () => {
  const p = fresh()
  p.set('settings.currency', 'EUR')
  assert.equal(p.get('order.currency'), 'EUR')
  p.set('order.currency', 'GBP')
  assert.equal(p.get('settings.currency'), 'EUR')
})

test('flipPaths: writing one writes its negation to the other', () => {
  const p = fresh()
  p.set('row1.approved', true)
  assert.equal(p.get('row1.rejected'), false)
  p.set('row1.rejected', true)
  assert.equal(p.get('row1.approved'), false)
})

test('aggregations: writing the target writes every source not excluded; the target follows them', () => {
  const p = fresh()
  p.set('summary.allSelected', true)
  assert.equal(p.get('row1.selected'), true)
  assert.equal(p.get('row2.selected'), true)
  p.set('row2.locked', true) // the exclusion condition: row2 stops counting
  p.set('row1.selected', false)
  assert.equal(p.get('summary.allSelected'), false)
  p.set('summary.allSelected', true)
  assert.equal(p.get('row1.selected'), true)
  p.set('row2.selected', false) // excluded: the aggregate ignores it
  assert.equal(p.get('summary.allSelected'), true)
})

test('computations: a source change recomputes; an excluded source stops counting', () => {
  const p = fresh()
  p.set('row1.q2', 300)
  assert.equal(p.get('summary.grandTotal'), 450)
  assert.equal(p.get('summary.average'), 200)
  p.set('row2.locked', true)
  assert.equal(p.get('summary.grandTotal'), 400)
})

test('clearPaths: a trigger change nulls the targets; [*] takes the trigger key', () => {
  const p = fresh()
  p.set('row1.department', 'Sales')
  assert.equal(p.get('row1.notes'), null)
  p.set('legs.a.price', 5)
  assert.equal(p.get('legs.a.quote'), null)
  assert.equal(p.get('legs.b.quote'), 'qb')
})

test('boolLogic concerns: disabledWhen (OR of two), visibleWhen ([path, value] shorthand)', () => {
  const p = fresh()
  assert.equal(p.getConcerns('row1.notes').disabledWhen, false)
  assert.equal(p.getConcerns('row1.notes').visibleWhen, true)
  p.set('row1.locked', true)
  assert.equal(p.getConcerns('row1.notes').disabledWhen, true)
  p.set('row1.locked', false)
  p.set('row1.status', 'archived')
  assert.equal(p.getConcerns('row1.notes').disabledWhen, true)
  p.set('settings.showNotes', false)
  assert.equal(p.getConcerns('row1.notes').visibleWhen, false)
})

test('boolLogic: NOT CONTAINS_ANY, and GTE on a .length path', () => {
  const p = fresh()
  assert.equal(p.getConcerns('user.role').readonlyWhen, true)
  assert.equal(p.getConcerns('user.role').tagged, false)
  p.set('user.tags', ['editor', 'beta'])
  assert.equal(p.getConcerns('user.role').readonlyWhen, false)
  assert.equal(p.getConcerns('user.role').tagged, true)
})

test('templates and valueLogic: the label and the tooltip follow the state', () => {
  const p = fresh()
  assert.equal(p.getConcerns('row1.notes').dynamicLabel, 'Notes for Engineering')
  assert.equal(p.getConcerns('row1.status').dynamicLabel, 'Active')
  assert.equal(p.getConcerns('row1.status').dynamicTooltip, 'Low budget')
  assert.deepStrictEqual(p.getConcerns('user.role').options, ['read'])
  p.set('row1.department', 'Sales')
  assert.equal(p.getConcerns('row1.notes').dynamicLabel, 'Notes for Sales')
  p.set('row1.status', 'archived')
  assert.equal(p.getConcerns('row1.status').dynamicLabel, 'Archived')
  p.set('row1.status', 'paused')
  assert.equal(p.getConcerns('row1.status').dynamicLabel, 'Unknown')
  p.set('user.role', 'admin')
  assert.deepStrictEqual(p.getConcerns('user.role').options, ['create', 'read'])
})

test('listeners: the handler gets scoped changes, and what it returns runs through the rules', () => {
  const p = fresh()
  p.set('row1.q1', 2000)
  assert.deepStrictEqual(calls.rowTotal, [['q1']])
  assert.equal(p.get('row1.annualTotal'), 2200)
  assert.equal(p.getConcerns('row1.status').dynamicTooltip, 'High budget')
  assert.equal(p.get('summary.grandTotal'), 2250)
})

test('validationState with a schema: the external validator gives the field its state', () => {
  const p = fresh()
  assert.deepStrictEqual(p.getConcerns('row1.q1').validationState, { isError: false, errors: [] })
  p.set('row1.q1', 2000)
  assert.equal(calls.quarterlyBudget.at(-1), 2000)
  assert.deepStrictEqual(p.getConcerns('row1.q1').validationState, {
    isError: true,
    errors: [{ field: '.', message: 'Must be 0-1000' }],
  })
})

test('--format=json: each part not converted has its JSON pointer, code and line:column', () => {
  const cases = path.join(HERE, 'cases')
  const out = path.join(tmpDir('json'), 'u.wp')
  const r = runWpc(['import', '--format=json', 'unconvertible.json', '-o', out], { cwd: cases })
  assert.equal(r.status, 1)
  const doc = JSON.parse(r.stdout)
  const xor = doc.diagnostics.find((d) => d.message.startsWith('/sideEffects/aggregations/1/2/XOR:'))
  assert.ok(xor, 'the XOR operator is reported with its pointer')
  assert.equal(xor.code, 'WP0802')
  assert.equal(xor.level, 'error')
  assert.equal(xor.file, 'unconvertible.json')
  const text = fs.readFileSync(path.join(cases, 'unconvertible.json'), 'utf8').split('\n')
  assert.equal(text[xor.line - 1].slice(xor.column - 1, xor.column + 4), '"XOR"')
  const matches = doc.diagnostics.find((d) => d.message.startsWith('/concerns/price/disabledWhen/boolLogic/AND/2/MATCHES:'))
  assert.ok(matches, 'an unknown operator deep in a tree is reported with its pointer')
  assert.equal(doc.errors, doc.diagnostics.filter((d) => d.level === 'error').length)
  // the rest is still written
  assert.match(fs.readFileSync(out, 'utf8'), /^field ok \{$/m)
})

test('docs/migrating.md shows guide.json and what its import writes and reports, as they are', () => {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'migrating.md'), 'utf8')
  const cases = path.join(HERE, 'cases')
  const read = (f) => fs.readFileSync(path.join(cases, f), 'utf8')
  assert.ok(doc.includes('```json\n' + read('guide.json') + '```'), 'the JSON of the example')
  assert.ok(doc.includes('```wp\n' + read('guide.wp') + '```'), 'the .wp file it gives (tests/import/cases/guide.wp)')
  const txt = read('guide.txt').replace(/exit \d+\n$/, '')
  assert.ok(doc.includes('```\n' + txt + '```'), 'the diagnostics (tests/import/cases/guide.txt)')
})
