// test_driver.mjs — runs the plan of `wpc test` (compiler/test_plan.c)
// against the package `wpc build` writes, and prints the results as JSON on
// stdout. Embedded in wpc (scripts/embed.sh, the wpc_test_driver table) and
// written beside the package for each run:
//
//   node test_driver.mjs PACKAGE/index.js PLAN.json
//
// Output: { "file", "tests": [ { "name", "line", "passed",
//           "failures": [ { "line", "text", "expected", "actual" } ],
//           "error"?: { "line", "text", "message" } } ] }
//
// The comparisons are those of docs/language.md §11: `expect PATH` and
// `expect FIELD:CONCERN` compare with the deep, typed equality of the
// runtime (missing and undefined equal, null is a value of its own, key
// order ignored, NaN equals NaN); `expect changes` looks for a change at
// exactly that path in what the latest batch's apply returned (creation's
// changes before the first `set`). No JavaScript of the app runs: every
// listener handler returns nothing, every external validator reports no
// error and every external concern is undefined.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

const major = Number(process.versions.node.split('.')[0])
if (major < 18) {
  process.stderr.write(`wpc test needs Node.js 18 or later; ${process.execPath} is ${process.version}\n`)
  process.exit(3)
}

const [entry, planFile] = process.argv.slice(2)
const plan = JSON.parse(readFileSync(planFile, 'utf8'))
const { createPipeline, rules } = await import(pathToFileURL(entry).href)

// Stand-ins for the app's functions: the tests exercise the rules only.
const nothing = () => undefined
const stubs = (names) => Object.fromEntries(names.map((n) => [n, nothing]))
const options = {
  listeners: stubs([...new Set(rules.listeners.map((l) => l.handler))]),
  validators: stubs(rules.validators),
  concerns: stubs(rules.concerns),
}

// ---- values -------------------------------------------------------------------

const MISSING = Symbol('missing')

// semantics of the runtime's equality (docs/language.md §2)
function equal(a, b) {
  if (a === MISSING) a = undefined
  if (b === MISSING) b = undefined
  if (a === undefined || b === undefined || a === null || b === null) return a === b
  if (typeof a !== typeof b) return false
  if (typeof a === 'number') return a === b || (a !== a && b !== b)
  if (typeof a !== 'object') return a === b
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]))
  const ka = Object.keys(a).filter((k) => a[k] !== undefined)
  const kb = Object.keys(b).filter((k) => b[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]))
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

// A value as a .wp literal would write it.
function show(v) {
  if (v === MISSING) return 'missing'
  if (v === undefined) return 'undefined'
  if (v === null || typeof v === 'boolean') return String(v)
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`
  const ks = Object.keys(v)
  if (!ks.length) return '{}'
  return `{ ${ks.map((k) => `${IDENT.test(k) ? k : JSON.stringify(k)}: ${show(v[k])}`).join(', ')} }`
}

// The value at `segs` below `v`, or MISSING (no such key, an index out of
// range, a step through a scalar).
function at(v, segs) {
  for (const s of segs) {
    if (v === null || typeof v !== 'object') return MISSING
    if (Array.isArray(v) ? !/^(0|[1-9][0-9]*)$/.test(s) || Number(s) >= v.length : !Object.hasOwn(v, s)) return MISSING
    v = v[s]
  }
  return v
}

// ---- one test -------------------------------------------------------------------

function listChanged(changes) {
  const paths = changes.map((c) => c[0]).filter((p) => !p.startsWith('_concerns.'))
  if (!paths.length) return 'the batch changed no state path'
  const shown = paths.slice(0, 10).join(', ')
  return `the batch changed ${shown}${paths.length > 10 ? `, … (${paths.length - 10} more)` : ''}`
}

function runTest(t) {
  const res = { name: t.name, line: t.line, passed: true, failures: [] }
  let p = null
  let latest = []
  const pipeline = () => {
    if (!p) {
      p = createPipeline({}, options)
      latest = p.initialChanges
    }
    return p
  }
  let step = null
  try {
    for (step of t.steps) {
      if (step.do === 'given') {
        if (p) throw new Error('`given` comes once, before every other step of the test')
        p = createPipeline(step.value, options)
        latest = p.initialChanges
      } else if (step.do === 'apply') {
        const changes = step.changes.map((c) => {
          if (c.segs.some((s) => s.includes('.')))
            throw Object.assign(new Error(`cannot set '${c.path}': a key holding '.' cannot be written by a change path`), { line: c.line, text: c.text })
          return [c.path, c.value]
        })
        try {
          latest = pipeline().apply(changes)
        } catch (e) {
          const c = (typeof e.changeIndex === 'number' && step.changes[e.changeIndex]) || step.changes[0]
          e.line = c.line
          e.text = c.text
          throw e
        }
      } else if (step.do === 'expect') {
        const q = pipeline()
        const actual = step.concern !== undefined ? at(q.get('_concerns'), [...step.segs, step.concern]) : at(q.getState(), step.segs)
        const same = equal(actual, step.value)
        if (same !== (step.op === '==')) {
          res.failures.push({
            line: step.line, text: step.text,
            expected: step.op === '==' ? show(step.value) : `not ${show(step.value)}`,
            actual: show(actual),
          })
        }
      } else if (step.do === 'changes') {
        pipeline()
        const hit = latest.find((c) => c[0] === step.path)
        if (!hit && !step.negated)
          res.failures.push({ line: step.line, text: step.text, expected: `a change at ${step.path}`, actual: `no change at ${step.path}; ${listChanged(latest)}` })
        else if (hit && step.negated)
          res.failures.push({
            line: step.line, text: step.text, expected: `no change at ${step.path}`,
            actual: `a change at ${step.path} to ${show(hit[1])} (stage ${hit[2].stage})`,
          })
      }
    }
  } catch (e) {
    res.error = { line: e.line ?? step?.line ?? t.line, text: e.text ?? step?.text ?? (step?.do === 'given' ? 'given { … }' : ''), message: e.message }
  }
  res.passed = !res.error && res.failures.length === 0
  return res
}

const out = { file: plan.file, tests: plan.tests.map(runTest) }
process.stdout.write(JSON.stringify(out) + '\n')
