// build_options.test.mjs — the package options of `wpc build` (docs/cli.md,
// "wpc build"): --fail-level=warning writes nothing when a warning fires;
// --pkg-version (semver, checked), --license and --description fill
// package.json, and apply to the package only.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { test } from 'node:test'
import { runWpc, tmpDir } from './helpers.mjs'

const dir = tmpDir('opts')
const WARN = path.join(dir, 'warn.wp') // builds, with one warning (WP1005)
fs.writeFileSync(WARN, 'state { a: string, b: string }\nsync a <-> a\nsync a <-> b\n')
const CLEAN = path.join(dir, 'clean.wp')
fs.writeFileSync(CLEAN, 'state { a: string, b: string }\nsync a <-> b\n')

const packageJson = (out) => JSON.parse(fs.readFileSync(path.join(out, 'package.json'), 'utf8'))

test('--fail-level=warning: a warning stops the build and nothing is written', () => {
  for (const [kind, out] of [['package', path.join(dir, 'pkg-w')], ['wasm', path.join(dir, 'w.wasm')], ['ir', path.join(dir, 'w.ir')]]) {
    const r = runWpc(['build', WARN, '--fail-level=warning', '-o', out])
    assert.equal(r.status, 1, kind)
    assert.match(r.stderr, /warning\[WP1005\]/, kind)
    assert.equal(fs.existsSync(out), false, `${kind}: ${out} must not exist`)
  }
  const r = runWpc(['build', WARN, '--fail-level', 'warning'])
  assert.equal(r.status, 1)
  assert.equal(r.stdout, '', 'no IR on stdout either')
})

test('--fail-level=warning: a package already there is left as it was', () => {
  const out = path.join(dir, 'pkg-keep')
  assert.equal(runWpc(['build', CLEAN, '-o', out, '--pkg-version', '1.0.0']).status, 0)
  const before = fs.readFileSync(path.join(out, 'index.js'), 'utf8')
  assert.equal(runWpc(['build', WARN, '-o', out, '--fail-level=warning', '--pkg-version', '2.0.0']).status, 1)
  assert.equal(fs.readFileSync(path.join(out, 'index.js'), 'utf8'), before)
  assert.equal(packageJson(out).version, '1.0.0')
})

test('warnings below the fail level: the package is written', () => {
  const out = path.join(dir, 'pkg-ok')
  const r = runWpc(['build', WARN, '-o', out])
  assert.equal(r.status, 0)
  assert.match(r.stderr, /warning\[WP1005\]/)
  assert.equal(packageJson(out).name, 'warn')
})

test('package.json defaults: version 0.0.0, no license, a description naming the source', () => {
  const out = path.join(dir, 'pkg-default')
  assert.equal(runWpc(['build', CLEAN, '-o', out]).status, 0)
  const p = packageJson(out)
  assert.equal(p.version, '0.0.0')
  assert.equal('license' in p, false)
  assert.match(p.description, /^Rules compiled from clean\.wp by wpc /)
})

test('--pkg-version, --license and --description fill package.json', () => {
  const out = path.join(dir, 'pkg-meta')
  const r = runWpc(['build', CLEAN, '-o', out, '--pkg-version', '1.4.0-rc.2+build.7', '--license', 'MIT OR Apache-2.0',
    '--description', 'Checkout form rules "v2"'])
  assert.equal(r.status, 0, r.stderr)
  const p = packageJson(out)
  assert.equal(p.version, '1.4.0-rc.2+build.7')
  assert.equal(p.license, 'MIT OR Apache-2.0')
  assert.equal(p.description, 'Checkout form rules "v2"')
  assert.deepEqual(Object.keys(p).slice(0, 5), ['name', 'version', 'description', 'license', 'type'])
})

test('--pkg-version accepts semantic versions', () => {
  for (const v of ['0.0.0', '1.2.3', '10.20.30', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7', '1.0.0-x.7.z.92',
    '1.0.0-x-y-z.--', '1.0.0+20130313144700', '1.0.0-beta+exp.sha.5114f85', '1.0.0+0.build.1-rc.10000aaa-kk-0.1']) {
    const out = path.join(dir, 'pkg-v')
    const r = runWpc(['build', CLEAN, '-o', out, '--pkg-version', v])
    assert.equal(r.status, 0, `${v}: ${r.stderr}`)
    assert.equal(packageJson(out).version, v)
  }
})

test('--pkg-version refuses what is not a semantic version, naming it', () => {
  for (const v of ['1', '1.2', '1.2.3.4', 'v1.2.3', '01.2.3', '1.02.3', '1.2.03', '1.2.3-', '1.2.3+', '1.2.3-01',
    '1.2.3-a..b', '1.2.3-a_b', '1.2.3+a..b', ' 1.2.3', '1.2.3 ', '', 'latest']) {
    const out = path.join(dir, 'pkg-bad')
    const r = runWpc(['build', CLEAN, '-o', out, '--pkg-version', v])
    assert.equal(r.status, 2, `'${v}' accepted`)
    assert.ok(r.stderr.includes(`--pkg-version must be a semantic version like 1.2.0 or 2.0.0-beta.1 (npm requires one), not '${v}'`), r.stderr)
    assert.equal(fs.existsSync(out), false)
  }
})

test('the package options need a value and apply to the package only', () => {
  for (const opt of ['--pkg-version', '--license', '--description']) {
    const missing = runWpc(['build', CLEAN, '-o', path.join(dir, 'x'), opt])
    assert.equal(missing.status, 2, opt)
    assert.match(missing.stderr, new RegExp(`${opt} needs a value`))
    const wasm = runWpc(['build', CLEAN, '-o', path.join(dir, 'x.wasm'), opt, opt === '--pkg-version' ? '1.0.0' : 'x'])
    assert.equal(wasm.status, 2, opt)
    assert.match(wasm.stderr, /apply to the package only/)
  }
  const r = runWpc(['build', CLEAN, '-o', path.join(dir, 'x'), '--license', ''])
  assert.equal(r.status, 2)
  assert.match(r.stderr, /--license needs a value/)
})
