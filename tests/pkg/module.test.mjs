// module.test.mjs — the package as npm sees it (js-api.md): files, package.json
// (type, exports, no dependencies), ESM import and CommonJS require of the
// same package, --name and --wasm-file, reproducible builds, and -g (names).
// Fixture: fixtures/modpkg.wp — `sync a <-> b`.
import { test } from 'node:test'
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { assert, assertChanges, build, buildInto, fixturePath, tmpDir, WPC } from './helpers.mjs'

function pkgDir() { return build('modpkg') }
function readPkg(dir = pkgDir()) { return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) }
function listFiles(dir) {
  return fs.readdirSync(dir, { recursive: true })
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .map((f) => f.split(path.sep).join('/'))
    .sort()
}
/** The "." entry of an exports map (sugar or explicit). */
function dotExports(pkg) {
  const e = pkg.exports
  assert.ok(e && typeof e === 'object', 'package.json has an exports object')
  return Object.hasOwn(e, '.') ? e['.'] : e
}
/** Flattens a conditions object to { condition: target } (one level of nesting allowed). */
function conditions(entry) {
  const out = {}
  for (const [k, v] of Object.entries(entry)) {
    if (typeof v === 'string') out[k] = v
    else if (v && typeof v === 'object') for (const [k2, v2] of Object.entries(v)) if (typeof v2 === 'string') out[`${k}/${k2}`] = v2
  }
  return out
}

function runNode(cwd, file) {
  const r = spawnSync(process.execPath, [file], { cwd, encoding: 'utf8', timeout: 60_000 })
  return r
}

/** A consumer project with the package installed as node_modules/NAME (a copy). */
function consumer(dir, name) {
  const root = tmpDir('consumer')
  const target = path.join(root, 'node_modules', ...name.split('/'))
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.cpSync(dir, target, { recursive: true })
  return root
}

// ---- files and package.json ----------------------------------------------------------

test('the package holds package.json, index.js, index.cjs, index.d.ts, README.md, the ./react and ./valtio files and no .wasm by default', () => {
  const files = listFiles(pkgDir())
  for (const f of ['package.json', 'index.js', 'index.cjs', 'index.d.ts', 'README.md',
    'react.js', 'react.cjs', 'react.d.ts', 'valtio.js', 'valtio.cjs', 'valtio.d.ts']) assert.ok(files.includes(f), `${f} in ${files}`)
  assert.deepStrictEqual(files.filter((f) => f.endsWith('.wasm')), [], 'the module is inlined by default')
})

test('package.json: name defaults to the .wp file\'s base name; "type": "module"', () => {
  const pkg = readPkg()
  assert.equal(pkg.name, 'modpkg')
  assert.equal(pkg.type, 'module')
  assert.equal(typeof pkg.version, 'string')
})

test('package.json: exports has import (ESM), require (CommonJS) and types entries that exist', () => {
  const dir = pkgDir()
  const c = conditions(dotExports(readPkg()))
  const keys = Object.keys(c)
  const find = (cond) => keys.find((k) => k === cond || k.endsWith('/' + cond) || k.startsWith(cond + '/'))
  for (const cond of ['import', 'require', 'types']) assert.ok(find(cond), `an exports entry for "${cond}": ${JSON.stringify(c)}`)
  for (const [k, target] of Object.entries(c)) {
    assert.ok(target.startsWith('./'), `${k} → ${target} is relative`)
    assert.ok(fs.existsSync(path.join(dir, target)), `${k} → ${target} exists`)
  }
  assert.ok(c[find('import')].endsWith('.js') || c[find('import')].endsWith('.mjs'))
  assert.ok(c[find('require')].endsWith('.cjs'))
  assert.ok(c[find('types')].endsWith('.d.ts') || c[find('types')].endsWith('.d.cts') || c[find('types')].endsWith('.d.mts'))
})

test('package.json: no dependencies; react and valtio only as optional peers of ./react and ./valtio', () => {
  const pkg = readPkg()
  for (const k of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
    const v = pkg[k]
    assert.ok(v === undefined || (typeof v === 'object' && Object.keys(v).length === 0), `${k}: ${JSON.stringify(v)}`)
  }
  assert.deepStrictEqual(pkg.peerDependencies, { react: '>=18', valtio: '>=2' })
  assert.deepStrictEqual(pkg.peerDependenciesMeta, { react: { optional: true }, valtio: { optional: true } })
  for (const sub of ['react', 'valtio'])
    assert.deepStrictEqual(pkg.exports['./' + sub], { types: `./${sub}.d.ts`, import: `./${sub}.js`, require: `./${sub}.cjs` })
})

test('index.js imports nothing but relative files (no Node built-ins, no packages)', () => {
  const src = fs.readFileSync(path.join(pkgDir(), 'index.js'), 'utf8')
  const specs = [...src.matchAll(/(?:^|[;\n}])\s*import\s+(?:[^'"();]*?\s+from\s+)?['"]([^'"]+)['"]/g)].map((x) => x[1])
  const bare = specs.filter((s) => !s.startsWith('./') && !s.startsWith('../'))
  assert.deepStrictEqual(bare, [], `static imports of ${bare}`)
  assert.ok(!/\brequire\s*\(/.test(src), 'the ESM entry does not call require')
})

// ---- loading ----------------------------------------------------------------------------

test('ESM: import of index.js works', async () => {
  const mod = await import(pathToFileURL(path.join(pkgDir(), 'index.js')).href)
  const p = mod.createPipeline({ a: 1 })
  assertChanges(p.initialChanges, [['b', 1, 'sync']])
  assertChanges(p.set('b', 2), [['b', 2, 'input'], ['a', 2, 'sync']])
})

test('CommonJS: require of index.cjs works (synchronous createPipeline)', () => {
  const require = createRequire(import.meta.url)
  const mod = require(path.join(pkgDir(), 'index.cjs'))
  assert.equal(typeof mod.createPipeline, 'function')
  assert.equal(typeof mod.createPipelineAsync, 'function')
  const p = mod.createPipeline({ a: 1 })
  assertChanges(p.initialChanges, [['b', 1, 'sync']])
  assertChanges(p.set('b', 2), [['b', 2, 'input'], ['a', 2, 'sync']])
})

test('ESM and CommonJS entries export the same names', async () => {
  const require = createRequire(import.meta.url)
  const cjs = require(path.join(pkgDir(), 'index.cjs'))
  const esm = await import(pathToFileURL(path.join(pkgDir(), 'index.js')).href)
  const names = (o) => Object.keys(o).filter((k) => k !== 'default' && k !== '__esModule').sort()
  assert.deepStrictEqual(names(cjs), names(esm))
  for (const n of ['createPipeline', 'createPipelineAsync', 'rules']) assert.ok(names(esm).includes(n), `exports ${n}`)
})

test('installed as node_modules/modpkg: `import` and `require` by name both work', () => {
  const root = consumer(pkgDir(), 'modpkg')
  fs.writeFileSync(path.join(root, 'esm.mjs'),
    "import { createPipeline } from 'modpkg'\n" +
    "const p = createPipeline({ a: 'x' })\n" +
    "p.set('b', 'y')\n" +
    'console.log(JSON.stringify(p.getState()))\n')
  fs.writeFileSync(path.join(root, 'cjs.cjs'),
    "const { createPipeline } = require('modpkg')\n" +
    "const p = createPipeline({ b: 'x' })\n" +
    "p.set('a', 'z')\n" +
    'console.log(JSON.stringify(p.getState()))\n')
  const e = runNode(root, 'esm.mjs')
  assert.equal(e.status, 0, e.stderr)
  assert.deepStrictEqual(JSON.parse(e.stdout), { a: 'y', b: 'y' })
  const c = runNode(root, 'cjs.cjs')
  assert.equal(c.status, 0, c.stderr)
  assert.deepStrictEqual(JSON.parse(c.stdout), { b: 'z', a: 'z' })
})

test('createPipelineAsync works from CommonJS too', async () => {
  const require = createRequire(import.meta.url)
  const mod = require(path.join(pkgDir(), 'index.cjs'))
  const p = await mod.createPipelineAsync({ b: 4 })
  assert.deepStrictEqual(p.getState(), { b: 4, a: 4 })
})

// ---- options --------------------------------------------------------------------------------

test('--name sets the package name (scoped names too)', () => {
  const dir = buildInto(fixturePath('modpkg'), ['--name', '@acme/rules'])
  assert.equal(readPkg(dir).name, '@acme/rules')
  const root = consumer(dir, '@acme/rules')
  fs.writeFileSync(path.join(root, 'x.mjs'),
    "import { createPipeline } from '@acme/rules'\nconsole.log(JSON.stringify(createPipeline({ a: 3 }).getState()))\n")
  const r = runNode(root, 'x.mjs')
  assert.equal(r.status, 0, r.stderr)
  assert.deepStrictEqual(JSON.parse(r.stdout), { a: 3, b: 3 })
})

test('--wasm-file writes the module beside the JS, and the package still works (ESM and CommonJS)', async () => {
  const dir = buildInto(fixturePath('modpkg'), ['--wasm-file'])
  const wasm = listFiles(dir).filter((f) => f.endsWith('.wasm'))
  assert.equal(wasm.length, 1, `one .wasm file: ${wasm}`)
  const bytes = fs.readFileSync(path.join(dir, wasm[0]))
  assert.deepStrictEqual([...bytes.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d], 'a WebAssembly binary')
  assert.ok(WebAssembly.validate(bytes))
  const inlined = fs.statSync(path.join(pkgDir(), 'index.js')).size
  assert.ok(fs.statSync(path.join(dir, 'index.js')).size < inlined, 'index.js is smaller without the inlined module')
  const esm = await import(pathToFileURL(path.join(dir, 'index.js')).href)
  assert.deepStrictEqual(esm.createPipeline({ a: 1 }).getState(), { a: 1, b: 1 })
  const cjs = createRequire(import.meta.url)(path.join(dir, 'index.cjs'))
  assert.deepStrictEqual(cjs.createPipeline({ b: 2 }).getState(), { b: 2, a: 2 })
})

// ---- reproducible builds -----------------------------------------------------------------

test('building twice gives byte-identical packages', () => {
  const d1 = buildInto(fixturePath('modpkg'))
  const d2 = buildInto(fixturePath('modpkg'))
  const f1 = listFiles(d1)
  assert.deepStrictEqual(f1, listFiles(d2))
  for (const f of f1) {
    assert.ok(fs.readFileSync(path.join(d1, f)).equals(fs.readFileSync(path.join(d2, f))), `${f} differs between two builds`)
  }
})

// ---- -g: function names for profiles ------------------------------------------------------

/** The module's sections (id, bytes), in order. */
function sections(buf) {
  const out = []
  for (let i = 8; i < buf.length;) {
    const id = buf[i++]
    let n = 0, shift = 0, b
    do { b = buf[i++]; n |= (b & 127) << shift; shift += 7 } while (b & 128)
    out.push({ id, bytes: buf.subarray(i, i + n) })
    i += n
  }
  return out
}
/** The function names of a module's name section (subsection 1), or []. */
function functionNames(buf) {
  const mod = new WebAssembly.Module(buf)
  const [sec] = WebAssembly.Module.customSections(mod, 'name')
  if (!sec) return []
  const d = new Uint8Array(sec), names = []
  let i = 0
  const leb = () => { let n = 0, s = 0, b; do { b = d[i++]; n |= (b & 127) << s; s += 7 } while (b & 128); return n >>> 0 }
  while (i < d.length) {
    const sub = d[i++], size = leb(), end = i + size
    if (sub === 1) for (let k = leb(); k > 0; k--) { leb(); const len = leb(); names.push(Buffer.from(d.subarray(i, i + len)).toString()); i += len }
    i = end
  }
  return names
}

test('wpc build -g keeps the function names (runtime and hooks); otherwise the module is the default one', () => {
  const dir = tmpDir('names')
  const plain = path.join(dir, 'plain.wasm'), named = path.join(dir, 'named.wasm'), long = path.join(dir, 'long.wasm')
  for (const [out, extra] of [[plain, []], [named, ['-g']], [long, ['--debug-names']]]) {
    const r = spawnSync(WPC, ['build', fixturePath('modpkg'), '--emit', 'wasm', '-o', out, ...extra], { encoding: 'utf8' })
    assert.strictEqual(r.status, 0, r.stderr)
  }
  const a = fs.readFileSync(plain), b = fs.readFileSync(named)
  assert.deepStrictEqual(functionNames(a), [], 'a default build carries no names')
  const names = functionNames(b)
  for (const n of ['rt_path_child', 'rt_write', 'one_round', 'wp_hook_stage']) assert.ok(names.includes(n), `-g names ${n}`)
  assert.ok(fs.readFileSync(long).equals(b), '--debug-names is -g')
  // Only the name section differs: the code is the code of the default build.
  const code = (buf) => sections(buf).filter((s) => s.id !== 0)
  const ca = code(a), cb = code(b)
  assert.strictEqual(ca.length, cb.length)
  ca.forEach((s, k) => assert.ok(s.id === cb[k].id && Buffer.compare(s.bytes, cb[k].bytes) === 0, `section ${s.id} is the same`))
})
