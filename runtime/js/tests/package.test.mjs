// package.test.mjs — a package written by `wpc build app.wp -o DIR` (one sync
// rule), loaded through ESM `import` and CommonJS `require`, inlined and with
// --wasm-file; the generated index.d.ts and README.md; reproducible output.
// A failing `wpc build` fails every test (never a skip: a broken build must
// fail the suite), and the tsc test fails when tests/pkg/node_modules has no
// tsc (scripts/install-deps.sh puts it there). WPC overrides build/wpc.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const WPC = path.resolve(process.env.WPC ?? 'build/wpc')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-js-'))
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }))
const src = path.join(tmp, 'tiny.wp')
fs.writeFileSync(src, `state {
  form: { email: string, "odd key"?: number }
  shipping: { email: string }
  items: map<{ price: number | null }>
  tags: list<"a" | "b">
}
sync form.email <-> shipping.email
`)

function build(dir, ...args) {
  return spawnSync(WPC, ['build', src, '-o', dir, ...args], { encoding: 'utf8' })
}
const main = path.join(tmp, 'out')
const first = build(main)
// Every test starts with built(): the first build's failure, as an assertion.
function built() {
  assert.equal(first.error, undefined, `cannot run ${WPC}: ${first.error && first.error.message}`)
  assert.equal(first.status, 0, `wpc build ${src} -o ${main} failed:\n${first.stderr}`)
  assert.ok(fs.existsSync(path.join(main, 'package.json')), 'the build wrote package.json')
}
const require = createRequire(import.meta.url)

function check(mod) {
  const p = mod.createPipeline({ form: { email: 'a' } })
  assert.deepEqual(p.initialChanges.map((c) => c[0]), ['shipping.email'])
  assert.deepEqual(p.set('shipping.email', 'b'), [
    ['shipping.email', 'b', { stage: 'input' }], ['form.email', 'b', { stage: 'sync' }]])
  assert.deepEqual(p.getState(), { form: { email: 'b' }, shipping: { email: 'b' } })
  assert.equal(mod.rules.source, 'tiny.wp')
  assert.deepEqual(mod.rules.paths, ['form.email', 'shipping.email'])
  p.destroy()
  assert.throws(() => p.get('form'), /destroyed/)
}

test('ESM import of index.js', async () => {
  built()
  check(await import(pathToFileURL(path.join(main, 'index.js')).href))
})

test('CommonJS require of index.cjs', () => {
  built()
  check(require(path.join(main, 'index.cjs')))
})

test('createPipelineAsync', async () => {
  built()
  const mod = await import(pathToFileURL(path.join(main, 'index.js')).href)
  const p = await mod.createPipelineAsync({ shipping: { email: 'z' } })
  assert.equal(p.get('form.email'), 'z')
})

test('--wasm-file: the module beside the JS, loaded by both entries', async () => {
  built()
  const dir = path.join(tmp, 'file')
  assert.equal(build(dir, '--wasm-file', '--name', '@acme/tiny').status, 0)
  assert.ok(fs.existsSync(path.join(dir, 'tiny.wasm')))
  assert.ok(!fs.readFileSync(path.join(dir, 'index.js'), 'utf8').includes('wasmBase64'))
  check(await import(pathToFileURL(path.join(dir, 'index.js')).href))
  check(require(path.join(dir, 'index.cjs')))
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))
  assert.equal(pkg.name, '@acme/tiny')
  assert.ok(pkg.files.includes('tiny.wasm'))
})

test('package.json, index.d.ts and README.md', () => {
  built()
  const pkg = JSON.parse(fs.readFileSync(path.join(main, 'package.json'), 'utf8'))
  assert.equal(pkg.name, 'tiny')
  assert.equal(pkg.type, 'module')
  assert.deepEqual(pkg.exports, {
    '.': { types: './index.d.ts', import: './index.js', require: './index.cjs' },
    './react': { types: './react.d.ts', import: './react.js', require: './react.cjs' },
    './valtio': { types: './valtio.d.ts', import: './valtio.js', require: './valtio.cjs' },
  })
  assert.equal(pkg.dependencies, undefined)
  assert.equal(pkg.engines.node, '>=18')
  const dts = fs.readFileSync(path.join(main, 'index.d.ts'), 'utf8')
  for (const s of ['export interface State {', '"odd key"?: number', 'items: Record<string, {',
    'price: number | null', 'tags: Array<"a" | "b">', '| "form.email"', '| `items.${string}.price`',
    '| `tags.${number}`', 'export type HandlerName = never',
    'export declare function createPipeline(state?: DeepPartial<State>, options?: PipelineOptions): Pipeline'])
    assert.ok(dts.includes(s), `index.d.ts has ${s}\n${dts}`)
  const md = fs.readFileSync(path.join(main, 'README.md'), 'utf8')
  assert.match(md, /\| sync pairs \| 1 \|/)
  assert.match(md, /- `shipping\.email`/)
  assert.ok(md.includes("import { createStore, useField } from 'tiny/react'"), md)
  assert.ok(md.includes("import { createProxies } from 'tiny/valtio'"), md)
})

test('the same input gives byte-identical packages', () => {
  built()
  const again = path.join(tmp, 'again')
  assert.equal(build(again).status, 0)
  for (const f of fs.readdirSync(main))
    assert.ok(fs.readFileSync(path.join(main, f)).equals(fs.readFileSync(path.join(again, f))), f)
})

test('the entries carry no Node built-in on the browser path', () => {
  built()
  const esm = fs.readFileSync(path.join(main, 'index.js'), 'utf8')
  assert.ok(!/\bimport\b[^\n]*\bfrom\b/.test(esm), 'no static imports')
  assert.ok(!/\brequire\s*\(|node:|\beval\s*\(|new Function/.test(esm))
})

const TSC = path.resolve('tests/pkg/node_modules/.bin/tsc')
test('index.d.ts type-checks a consumer (tsc --strict), and typed get/set/enable', () => {
  built()
  assert.ok(fs.existsSync(TSC), `no tsc at ${TSC}: run scripts/install-deps.sh (npm ci in tests/pkg)`)
  const root = path.join(tmp, 'ts')
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true })
  fs.cpSync(main, path.join(root, 'node_modules', 'tiny'), { recursive: true })
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"c","private":true,"type":"module"}')
  const run = (name, src) => {
    fs.writeFileSync(path.join(root, name), src)
    return spawnSync(TSC, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--pretty', 'false', name], { cwd: root, encoding: 'utf8' })
  }
  const good = run('good.ts', `import { createPipeline, type State, type Path } from 'tiny'
const s: State = { form: { email: '' }, shipping: { email: '' }, items: { a: { price: null } }, tags: ['a'] }
const p = createPipeline(s)
const e: string | undefined = p.get('form.email')
const price: number | null | undefined = p.get('items.x.price')
const odd: number | undefined = p.get('form.odd key')
const where: Path = 'tags.3'
p.apply([['form.email', 'x', { source: 'ui' }], ['tags.0', 'b']])
const st: State = p.getState()
export { e, price, odd, where, st }
`)
  assert.equal(good.status, 0, good.stdout + good.stderr)
  const bad = run('bad.ts', `import { createPipeline, type State } from 'tiny'
declare const s: State
const p = createPipeline(s)
const e: number | undefined = p.get('form.email')
p.enable('nope')
p.apply([['free.path', 1]])
`)
  assert.match(bad.stdout, /bad\.ts\(4,7\): error TS2322/)
  assert.match(bad.stdout, /bad\.ts\(5,10\): error TS2345/)
  assert.match(bad.stdout, /bad\.ts\(6,11\): error TS2322/)
})
