// assembly.test.mjs — the glue modules concatenated the way compiler/pkg.c
// assembles index.js / index.cjs (docs/package.md, "How the entries are
// built"): they must form one valid scope in both formats, with no name
// declared twice. Uses the bare runtime as the inlined module (its "wp"
// imports are unresolved, so instantiation must fail on the missing "wp" module).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { wasmBytes } from './helpers.mjs'

const GLUE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-glue-'))
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }))

function strip(file) {
  return fs.readFileSync(path.join(GLUE, file), 'utf8').split('\n')
    .filter((l) => !l.startsWith('import '))
    .map((l) => (l.startsWith('export ') ? l.slice(7) : l)).join('\n')
}

function assemble(cjs) {
  const manifest = { version: 'x', source: 't.wp', paths: [], groups: [], listeners: [], handlers: [], validators: [], concerns: [], fields: [], tasks: [] }
  return (cjs ? "'use strict'\n" : '') +
    `const manifest = ${JSON.stringify(manifest)}\nconst wasmBase64 = '${Buffer.from(wasmBytes).toString('base64')}'\n` +
    ['base64.js', 'codec.js', 'pipeline.js', 'source_inline.js', 'entry.js'].map(strip).join('\n') +
    (cjs ? '\nmodule.exports = { createPipeline, createPipelineAsync, rules }\n'
      : '\nexport { createPipeline, createPipelineAsync, rules }\n')
}

test('ESM assembly loads; instantiation reaches WebAssembly', async () => {
  const f = path.join(tmp, 'index.js')
  fs.writeFileSync(f, assemble(false))
  const mod = await import(pathToFileURL(f).href)
  assert.deepEqual(Object.keys(mod).sort(), ['createPipeline', 'createPipelineAsync', 'rules'])
  assert.equal(mod.rules.source, 't.wp')
  assert.throws(() => mod.createPipeline({}), /module="wp"/)
})

test('CommonJS assembly loads', () => {
  const f = path.join(tmp, 'index.cjs')
  fs.writeFileSync(f, assemble(true))
  const mod = createRequire(import.meta.url)(f)
  assert.deepEqual(Object.keys(mod).sort(), ['createPipeline', 'createPipelineAsync', 'rules'])
  assert.throws(() => mod.createPipeline({}), /module="wp"/)
})

test('the glue follows the assembly rules', () => {
  const files = fs.readdirSync(GLUE).filter((f) => f.endsWith('.js'))
  for (const file of files) {
    const src = fs.readFileSync(path.join(GLUE, file), 'utf8')
    assert.ok(!/^export\s+(default|\{)/m.test(src), `${file}: only 'export function|class|const'`)
    assert.ok(!/\beval\s*\(|new Function/.test(src), `${file}: no eval`)
    for (const l of src.split('\n')) if (l.startsWith('import ')) assert.match(l, / from '\.\/[a-z0-9_]+\.js'$/, `${file}: one-line relative import`)
  }
  // one scope per entry variant: the common modules plus one source_*.js
  const common = files.filter((f) => !f.startsWith('source_'))
  for (const variant of files.filter((f) => f.startsWith('source_'))) {
    const names = new Map([['manifest', 'pkg.c'], ['wasmBase64', 'pkg.c'], ['wasmFile', 'pkg.c']])
    for (const file of [...common, variant]) {
      const src = fs.readFileSync(path.join(GLUE, file), 'utf8')
      for (const m of src.matchAll(/^(?:export )?(?:async )?(?:function|class|const|let) +(\w+)/gm)) {
        assert.ok(!names.has(m[1]), `${m[1]} declared in ${names.get(m[1])} and ${file}`)
        names.set(m[1], file)
      }
    }
  }
})
