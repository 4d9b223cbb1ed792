// types.test.mjs — the package's index.d.ts (js-api.md: State, Path, Change):
// a correct TypeScript consumer compiles with `tsc --noEmit --strict`, and
// deliberately wrong ones fail, each exactly at the line marked `// ERROR`.
// Fixture: fixtures/types.wp (state block: user {name, email, age?},
// billing {email}, flags {on, off: bool}, tags: list<string>).
// tsc: tests/pkg/node_modules/.bin/tsc (pinned in tests/pkg/package.json;
// scripts/install-deps.sh installs it).
import { test } from 'node:test'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { HERE, assert, build, tmpDir } from './helpers.mjs'

const TSC = path.join(HERE, 'node_modules', '.bin', 'tsc')

/** A consumer project (ESM) with the package as node_modules/typespkg; returns its root. */
let project = null
function consumer() {
  if (!project) {
    const dir = build('types')
    const root = tmpDir('ts')
    const target = path.join(root, 'node_modules', 'typespkg')
    fs.mkdirSync(path.dirname(target), { recursive: true })
    fs.cpSync(dir, target, { recursive: true })
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
    project = root
  }
  return project
}

/** Type-checks one file; returns { status, output }. */
function tsc(name, source) {
  assert.ok(fs.existsSync(TSC), `${TSC} is missing: run scripts/install-deps.sh (npm ci in tests/pkg)`)
  const root = consumer()
  fs.writeFileSync(path.join(root, name), source)
  const r = spawnSync(TSC, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--pretty', 'false', name], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  if (r.error) throw r.error
  return { status: r.status, output: (r.stdout || '') + (r.stderr || '') }
}

/** Lines (1-based) that carry `// ERROR`. */
function markedLines(source) {
  return source.split('\n').flatMap((l, i) => (l.includes('// ERROR') ? [i + 1] : []))
}

/** Asserts that tsc fails, and only on the marked lines (so the rest of the file is valid). */
function assertFailsAtMarks(name, source) {
  const r = tsc(name, source)
  assert.notEqual(r.status, 0, `tsc accepted ${name}:\n${source}`)
  const lines = [...r.output.matchAll(new RegExp(`${name.replace('.', '\\.')}\\((\\d+),\\d+\\): error TS\\d+`, 'g'))].map((m) => Number(m[1]))
  assert.ok(lines.length > 0, `tsc reported errors in ${name}:\n${r.output}`)
  assert.deepStrictEqual([...new Set(lines)].sort((a, b) => a - b), markedLines(source), r.output)
}

const HEADER = "import { createPipeline, type State, type Path, type Change } from 'typespkg'\n"

const GOOD = HEADER + `
const initial: State = {
  user: { name: 'Ada', email: '' },
  billing: { email: '' },
  flags: { on: true, off: false },
  tags: [],
}
const p = createPipeline(initial)
const where: Path = 'user.email'
const paths: Path[] = ['user', 'user.name', 'user.age', 'billing.email', 'flags.on', 'flags.off', 'tags']
const change: Change = [where, 'ada@example.com']
const out = p.apply([change, ['flags.on', false]])
const n: number = out.length
p.set('billing.email', 'x@y.z')
const s: State = p.getState()
const name: string = s.user.name
const age: number | undefined = s.user.age
const on: boolean = s.flags.on
const tags: string[] = s.tags
p.destroy()
export { paths, n, name, age, on, tags }
`

test('a correct consumer type-checks with tsc --noEmit --strict', () => {
  const r = tsc('good.ts', GOOD)
  assert.equal(r.status, 0, r.output)
})

test('createPipelineAsync is typed as returning a Promise of a pipeline', () => {
  const r = tsc('async.ts', "import { createPipelineAsync, type State } from 'typespkg'\n" +
    'export async function f(s: State): Promise<void> {\n' +
    '  const p = await createPipelineAsync(s)\n' +
    "  p.set('user.name', 'x')\n" +
    '  const st: State = p.getState()\n' +
    '  void st\n' +
    '}\n')
  assert.equal(r.status, 0, r.output)
})

test('a path that is not in the state is a type error (Path)', () => {
  assertFailsAtMarks('badpath.ts', HEADER +
    "const ok: Path = 'user.email'\n" +
    "const bad: Path = 'user.mail' // ERROR\n" +
    'export { ok, bad }\n')
})

test('a wrong field type in State is a type error', () => {
  assertFailsAtMarks('badtype.ts', HEADER +
    'const s: State = {\n' +
    '  user: { name: 42, email: "" }, // ERROR\n' +
    '  billing: { email: "" },\n' +
    '  flags: { on: true, off: false },\n' +
    '  tags: [],\n' +
    '}\n' +
    'export { s }\n')
})

test('a bool path given a string in State is a type error', () => {
  assertFailsAtMarks('badbool.ts', HEADER +
    'const s: State = {\n' +
    '  user: { name: "", email: "" },\n' +
    '  billing: { email: "" },\n' +
    '  flags: { on: "yes", off: false }, // ERROR\n' +
    '  tags: [],\n' +
    '}\n' +
    'export { s }\n')
})

test('a string-list field given numbers is a type error', () => {
  assertFailsAtMarks('badlist.ts', HEADER +
    'const s: State = {\n' +
    '  user: { name: "", email: "" },\n' +
    '  billing: { email: "" },\n' +
    '  flags: { on: true, off: false },\n' +
    '  tags: [1, 2], // ERROR\n' +
    '}\n' +
    'export { s }\n')
})

test('reading a field that the state does not declare is a type error', () => {
  assertFailsAtMarks('badread.ts', HEADER +
    'declare const s: State\n' +
    'const a: string = s.user.name\n' +
    'const b = s.user.nickname // ERROR\n' +
    'export { a, b }\n')
})

test('a non-string path in set() is a type error', () => {
  assertFailsAtMarks('badset.ts', HEADER +
    'declare const s: State\n' +
    'const p = createPipeline(s)\n' +
    "p.set('user.name', 'x')\n" +
    "p.set(42, 'x') // ERROR\n")
})
