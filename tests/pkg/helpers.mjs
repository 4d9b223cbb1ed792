// helpers.mjs — shared by the package suites (tests/pkg/*.test.mjs).
//
// build(fixture)    runs `WPC build tests/pkg/fixtures/FIXTURE.wp -o TMP/…` once
//                   per process (each suite file is its own process under
//                   `node --test`) and returns the package directory.
// load(fixture)     builds, imports the ESM entry, returns its exports.
// pipelineOf(fx)    load(fx).createPipeline (so suites write
//                   `const create = await pipelineOf('sync')`).
// assertChanges(actual, expected, { unorderedFrom })
//                   compares an output change list with
//                   [[path, value, stage], …]: path and value strictly
//                   (Object.is for primitives, deep for objects), and the
//                   meta object exactly `{ stage }` (or `{ ...meta, stage }`
//                   when an expected entry has a fourth element, the meta the
//                   input carried).  Entries from index `unorderedFrom` on are
//                   compared as a multiset, for derived changes whose
//                   relative order the spec does not fix.
//
// The wpc binary: env WPC, else build/wpc of the repository.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const HERE = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(HERE, '..', '..')
export const FIXTURES = path.join(HERE, 'fixtures')
export const WPC = path.resolve(ROOT, process.env.WPC || 'build/wpc')

let tmpRoot = null
/** A fresh directory under this process's temporary root (removed at exit). */
export function tmpDir(prefix = 'd') {
  if (!tmpRoot) {
    tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-pkg-'))
    process.on('exit', () => { try { fs.rmSync(tmpRoot, { recursive: true, force: true }) } catch {} })
  }
  return fs.mkdtempSync(path.join(tmpRoot, prefix + '-'))
}

/** Runs wpc with args; returns { status, stdout, stderr } (never throws). */
export function runWpc(args, opts = {}) {
  const r = spawnSync(WPC, args, { encoding: 'utf8', cwd: opts.cwd ?? ROOT, timeout: 120_000 })
  if (r.error) throw new Error(`cannot run ${WPC}: ${r.error.message}`)
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

export function fixturePath(fixture) {
  return fixture.endsWith('.wp') && path.isAbsolute(fixture) ? fixture : path.join(FIXTURES, fixture + '.wp')
}

/** Builds FILE into a new directory with extra wpc args; throws with wpc's stderr on failure. */
export function buildInto(file, extraArgs = []) {
  const dir = path.join(tmpDir('pkg'), 'out')
  const r = runWpc(['build', file, '-o', dir, ...extraArgs])
  if (r.status !== 0 || !fs.existsSync(path.join(dir, 'package.json'))) {
    throw new Error(`wpc build ${path.relative(ROOT, file)} -o DIR ${extraArgs.join(' ')} exited ${r.status}` +
      ` (package.json ${fs.existsSync(path.join(dir, 'package.json')) ? 'written' : 'missing'})\n${r.stderr}${r.stdout.slice(0, 2000)}`)
  }
  return dir
}

const built = new Map()
/** The package directory of a fixture, built once per process. */
export function build(fixture) {
  if (!built.has(fixture)) {
    try { built.set(fixture, { dir: buildInto(fixturePath(fixture)) }) }
    catch (e) { built.set(fixture, { error: e }) }
  }
  const b = built.get(fixture)
  if (b.error) throw b.error
  return b.dir
}

const loaded = new Map()
/** The ESM exports of a fixture's package. */
export async function load(fixture) {
  if (!loaded.has(fixture)) {
    const dir = build(fixture)
    loaded.set(fixture, await import(pathToFileURL(path.join(dir, 'index.js')).href))
  }
  return loaded.get(fixture)
}

/** createPipeline of a fixture's package. */
export async function pipelineOf(fixture) {
  const mod = await load(fixture)
  assert.equal(typeof mod.createPipeline, 'function', 'the package exports createPipeline')
  return mod.createPipeline
}

function plainMeta(m) {
  return m !== null && typeof m === 'object' ? { ...m } : m
}

/** Normalises an output list to [path, value, plainMeta] triples. */
export function normalise(actual) {
  assert.ok(Array.isArray(actual), `expected an array of changes, got ${describe(actual)}`)
  return actual.map((c, i) => {
    assert.ok(Array.isArray(c), `change ${i} is not an array: ${describe(c)}`)
    assert.equal(c.length, 3, `change ${i} has ${c.length} elements, expected [path, value, meta]: ${describe(c)}`)
    return [c[0], c[1], plainMeta(c[2])]
  })
}

function expectedTriple(e) {
  const [p, v, stage, meta] = e
  return [p, v, { ...(meta ?? {}), stage }]
}

function sortKey(c) {
  return `${c[0]}\u0000${c[2]?.stage}\u0000${describe(c[1])}`
}

export function describe(v) {
  const seen = new WeakSet()
  try {
    return JSON.stringify(v, (k, x) => {
      if (x === undefined) return '<undefined>'
      if (typeof x === 'number' && !Number.isFinite(x)) return `<${x}>`
      if (Object.is(x, -0)) return '<-0>'
      if (typeof x === 'bigint') return `<${x}n>`
      if (typeof x === 'function') return '<function>'
      if (typeof x === 'symbol') return `<${String(x)}>`
      if (x && typeof x === 'object') { if (seen.has(x)) return '<cycle>'; seen.add(x) }
      return x
    })
  } catch { return String(v) }
}

/** Asserts the output change list. See the header. */
export function assertChanges(actual, expected, { unorderedFrom = Infinity, message } = {}) {
  const got = normalise(actual)
  const want = expected.map(expectedTriple)
  const msg = `${message ? message + '\n' : ''}actual:   ${describe(got)}\nexpected: ${describe(want)}`
  if (unorderedFrom === Infinity || unorderedFrom >= want.length) {
    assert.deepStrictEqual(got, want, msg)
    return
  }
  assert.deepStrictEqual(got.slice(0, unorderedFrom), want.slice(0, unorderedFrom), msg)
  const rest = (xs) => xs.slice(unorderedFrom).sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
  assert.deepStrictEqual(rest(got), rest(want), msg)
}

/** Asserts that fn throws; returns the error. */
export function throwsErr(fn, check) {
  let err = null
  try { fn() } catch (e) { err = e }
  assert.ok(err, 'expected the call to throw')
  if (check) check(err)
  return err
}

export { assert }
