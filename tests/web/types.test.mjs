// types.test.mjs — react.d.ts and valtio.d.ts of the package built from
// examples/checkout/checkout.wp: a correct TSX consumer compiles with
// `tsc --noEmit --strict` (hooks typed from State and the paths, concerns
// typed per field, wildcard fields included), and wrong ones fail exactly at
// the lines marked `// ERROR`. tsc and @types/react: tests/web/node_modules.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'

import { HERE, ROOT, build } from './helpers.mjs'

const TSC = path.join(HERE, 'node_modules', '.bin', 'tsc')

let project = null
function consumer() {
  if (project) return project
  const dir = build(path.join(ROOT, 'examples', 'checkout', 'checkout.wp'))
  project = path.join(path.dirname(dir), 'ts-consumer')
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true })
  fs.cpSync(dir, path.join(project, 'node_modules', 'checkout'), { recursive: true })
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  return project
}

function tsc(name, source) {
  assert.ok(fs.existsSync(TSC), `${TSC} is missing: run scripts/install-deps.sh (npm ci in tests/web)`)
  const root = consumer()
  fs.writeFileSync(path.join(root, name), source)
  const r = spawnSync(TSC, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--jsx', 'react-jsx', '--pretty', 'false', name], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  if (r.error) throw r.error
  return { status: r.status, output: (r.stdout || '') + (r.stderr || '') }
}

function assertFailsAtMarks(name, source) {
  const r = tsc(name, source)
  assert.notEqual(r.status, 0, `tsc accepted ${name}`)
  const lines = [...r.output.matchAll(new RegExp(`${name.replace('.', '\\.')}\\((\\d+),\\d+\\): error TS\\d+`, 'g'))].map((m) => Number(m[1]))
  const marked = source.split('\n').flatMap((l, i) => (l.includes('// ERROR') ? [i + 1] : []))
  assert.deepEqual([...new Set(lines)].sort((a, b) => a - b), marked, r.output)
}

// Only names every version of index.d.ts exports (State, createPipeline).
const HEADER = `import { createStore, useField, useValue, useConcerns, useApply, type Store } from 'checkout/react'
import { createProxies } from 'checkout/valtio'
import type { State, createPipeline } from 'checkout'
declare const initial: State
declare const options: Parameters<typeof createPipeline>[1]
`

test('a correct consumer of checkout/react and checkout/valtio compiles', () => {
  const src = HEADER + `
const { store, Provider } = createStore(initial, options)
const s: Store = store
const total: number | undefined = s.get('summary.total')

function Zip() {
  const { value, set, concerns } = useField('billing.zip')
  const label: string = concerns.dynamicLabel
  const off: boolean = concerns.disabledWhen
  const err: boolean = concerns.validationState.isError
  return <input aria-label={label} disabled={off || err} value={value ?? ''} onChange={(e) => set(e.target.value)} />
}

function Qty({ sku }: { sku: string }) {
  const { value, concerns } = useField(\`cart.lines.\${sku}.qty\`)
  const n: number | undefined = value
  const low: boolean | undefined = concerns.lowStock // a wildcard field's concerns may be absent
  return <span>{String(n)}{low ? '!' : ''}</span>
}

function Age() {
  const age: number | undefined = useValue('customer.age')
  const c = useConcerns('customer.age')
  const under: boolean = c.underage
  const apply = useApply()
  return <button onClick={() => apply([['customer.age', 30]])}>{age}{String(under)}</button>
}

export const app = <Provider><Zip /><Qty sku="SKU-1" /><Age /></Provider>
void total

const { state, concerns } = createProxies(initial, options)
state.billing.zip = '94107'
const label = concerns['billing.zip']?.dynamicLabel
void label
`
  const r = tsc('good.tsx', src)
  assert.equal(r.status, 0, r.output)
})

test('wrong value types, unknown concerns and wrong arguments fail where they are', () => {
  assertFailsAtMarks('bad.tsx', HEADER + `
createStore(initial) // ERROR: the rules name functions, so options are needed
const { store } = createStore(initial, options)
const bad: string = store.get('summary.total') // ERROR
function A() {
  const f = useField('billing.zip')
  f.set(3) // ERROR
  const x = f.concerns.lowStock // ERROR: billing.zip has no lowStock
  const n: string = useValue('customer.age') // ERROR
  return <b>{String(x)}{n}</b>
}
void A
`)
})
