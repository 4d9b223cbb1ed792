// package_doc.test.mjs — the examples of docs/package.md are true: the
// page's rules file (the ```wp file=shop.wp block) is built with wpc, and
// its ```js test blocks run in order, in one scope, with createPipeline,
// createPipelineAsync and rules of that package. A value the page shows
// in a comment is compared with the value of the line it follows:
//
//   EXPR   // LITERAL            (a remark may follow in parentheses)
//   EXPR
//   // LITERAL, continued on
//   // the next comment lines
//   EXPR   // Error: MESSAGE     (EXPR throws that message)
//
// where LITERAL is a JavaScript expression (deepStrictEqual); comments that
// are not expressions are prose and are left alone. The ```ts test block is
// type-checked with tsc --strict (tests/pkg/node_modules), `options` declared
// as PipelineOptions: tsc must report errors on exactly its lines marked
// `// error: …`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const PAGE = path.join(ROOT, 'docs', 'package.md')
const WPC = path.resolve(ROOT, process.env.WPC || 'build/wpc')
const TS_MODULES = path.join(ROOT, 'tests', 'pkg', 'node_modules')

/** The fenced blocks of a page: { info, body: lines, line }. */
function blocks(text) {
  const lines = text.split('\n'), out = []
  for (let i = 0; i < lines.length; i++) {
    const m = /^```(.+)$/.exec(lines[i])
    if (!m) continue
    let end = i + 1
    while (end < lines.length && lines[end] !== '```') end++
    out.push({ info: m[1].trim(), body: lines.slice(i + 1, end), line: i + 1 })
    i = end
  }
  return out
}

/** LITERAL as an expression's source, or null when the comment is prose. */
function literal(text) {
  for (const t of [text, text.replace(/\s{2,}\([^)]*\)\s*$/, '')]) {
    try {
      new Function(`return (${t}\n)`) // eslint-disable-line no-new-func
      return t
    } catch {}
  }
  return null
}

/** How much a line opens brackets ( [ { minus what it closes, outside strings and comments. */
function depth(line) {
  let d = 0, q = null
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (q) { if (c === '\\') i++; else if (c === q) q = null; continue }
    if (c === '/' && line[i + 1] === '/') break
    if (c === "'" || c === '"' || c === '`') q = c
    else if ('([{'.includes(c)) d++
    else if (')]}'.includes(c)) d--
  }
  return d
}

/** One block's code with the shown values turned into checks. */
function instrument(block) {
  const out = []
  const b = block.body
  const isComment = (l) => /^\s*\/\//.test(l)
  let start = -1, open = 0 // the statement being read: its first line, its bracket depth
  for (let i = 0; i < b.length; i++) {
    const at = `package.md:${block.line + 1 + i}`
    if (isComment(b[i]) || !b[i].trim()) { out.push(b[i]); continue }
    // one line, balanced, with the value shown after it (also inside a block)
    const inline = /^(\s*)(\S.*?)\s+\/\/ (.*)$/.exec(b[i])
    if (inline && depth(b[i]) === 0 && !/[,;{]$/.test(inline[2]) && !/^(const|let|var)\b/.test(inline[2])) {
      const [, ind, expr, shown] = inline
      const err = /^Error: (.*)$/.exec(shown)
      const lit = err ? null : literal(shown)
      if (err) { out.push(`${ind}checkThrows(() => ${expr}, ${JSON.stringify(err[1])}, ${JSON.stringify(at)})`); continue }
      if (lit !== null) { out.push(`${ind}check(${expr}, (${lit}\n), ${JSON.stringify(at)})`); continue }
    }
    if (start < 0) start = out.length
    open += depth(b[i])
    out.push(b[i])
    if (open > 0) continue
    // a whole statement, out[first..]: the value shown may follow it
    const first = start
    start = -1
    if (i + 1 < b.length && /^\s*\/\/ /.test(b[i + 1])) {
      let j = i + 1
      const parts = []
      while (j < b.length && /^\s*\/\/ /.test(b[j])) parts.push(b[j].replace(/^\s*\/\/ /, '')), j++
      const lit = literal(parts.join('\n'))
      const stmt = out.slice(first).join('\n')
      if (lit !== null && !/^\s*(const|let|var|try|if|for)\b/.test(stmt)) {
        out.splice(first, out.length - first, `check(${stmt}, (${lit}\n), ${JSON.stringify(at)})`)
        for (let k = i + 1; k < j; k++) out.push(b[k])
        i = j - 1
      }
    }
  }
  return out.join('\n')
}

test('docs/package.md: the examples give the values the page shows', async () => {
  assert.ok(fs.existsSync(WPC), `${WPC} is missing: make wpc`)
  const all = blocks(fs.readFileSync(PAGE, 'utf8'))
  const rules = all.find((x) => x.info === 'wp file=shop.wp')
  assert.ok(rules, 'the page has its rules file')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-pkgdoc-'))
  try {
    fs.writeFileSync(path.join(dir, 'shop.wp'), rules.body.join('\n') + '\n')
    const r = spawnSync(WPC, ['build', 'shop.wp', '-o', 'shop'], { cwd: dir, encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stderr, '', 'the page\'s rules build without a warning')
    const pkg = await import(pathToFileURL(path.join(dir, 'shop', 'index.js')).href)
    const runs = all.filter((x) => x.info === 'js test')
    assert.ok(runs.length >= 10, 'the page has examples to run')
    const code = runs.map(instrument).join('\n')
    let checks = 0
    const check = (got, want, at) => { checks++; if (process.env.DEBUG) console.error(at); assert.deepStrictEqual(got, want, `${at}: the value shown`) }
    const checkThrows = (fn, message, at) => { checks++; if (process.env.DEBUG) console.error(at); assert.throws(fn, (e) => e.message === message, `${at}: throws '${message}'`) }
    const AsyncFunction = (async () => {}).constructor
    await new AsyncFunction('createPipeline', 'createPipelineAsync', 'rules', 'check', 'checkThrows', code)(
      pkg.createPipeline, pkg.createPipelineAsync, pkg.rules, check, checkThrows)
    assert.ok(checks >= 20, `the examples show values (${checks} checked)`)

    const ts = all.filter((x) => x.info === 'ts test')
    assert.equal(ts.length, 1, 'the page has its TypeScript example')
    assert.ok(fs.existsSync(TS_MODULES), `${TS_MODULES} is missing: run scripts/install-deps.sh (npm ci in tests/pkg)`)
    fs.symlinkSync(TS_MODULES, path.join(dir, 'node_modules'))
    fs.writeFileSync(path.join(dir, 'package.json'), '{"private":true,"type":"module"}')
    const body = ts[0].body
    fs.writeFileSync(path.join(dir, 'types.ts'), ["declare const options: import('./shop/index.js').PipelineOptions", ...body].join('\n') + '\n')
    const t = spawnSync(path.join(TS_MODULES, '.bin', 'tsc'), ['--noEmit', '--strict', '--module', 'nodenext',
      '--moduleResolution', 'nodenext', '--target', 'es2022', '--pretty', 'false', 'types.ts'], { cwd: dir, encoding: 'utf8', timeout: 120_000 })
    const got = [...new Set([...t.stdout.matchAll(/types\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]) - 1))]
    const want = body.flatMap((l, i) => (/\/\/ error: /.test(l) ? [i + 1] : []))
    assert.ok(want.length >= 5, 'the example shows type errors')
    assert.deepStrictEqual(got, want, `tsc rejects exactly the lines marked error (block at package.md:${ts[0].line}):\n${t.stdout}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
})
