// docs.mjs WPC — keeps the `wpc test` examples of the docs true. In
// docs/cli.md and docs/testing.md, a code block after the comment
// `<!-- doc-test: file NAME -->` is written to NAME in a temporary
// directory, and each code block after `<!-- doc-test: run -->` (or
// `<!-- doc-test: run LINE TEXT -->`, which first replaces line LINE of the
// last file with TEXT) holds `$ wpc …` commands, each followed by exactly
// the standard output and standard error it prints there.
// Exits 1 when one differs.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const WPC = path.resolve(process.argv[2] || 'build/wpc')
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..')
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-doc-'))
let passed = 0, failed = 0

function blockAfter(text, at) {
  const open = text.indexOf('```\n', at)
  const close = text.indexOf('\n```', open + 4)
  return text.slice(open + 4, close + 1)
}

for (const doc of ['docs/cli.md', 'docs/testing.md']) {
  const text = fs.readFileSync(path.join(ROOT, doc), 'utf8')
  let file = null
  let checked = 0
  for (const m of text.matchAll(/<!-- doc-test: (file (\S+)|run(?: (\d+) (.*?))?) -->/g)) {
    const body = blockAfter(text, m.index)
    if (m[2]) {
      file = m[2]
      fs.writeFileSync(path.join(dir, file), body)
      continue
    }
    let source = fs.readFileSync(path.join(dir, file), 'utf8')
    if (m[3]) {
      const lines = source.split('\n')
      lines[Number(m[3]) - 1] = m[4]
      fs.writeFileSync(path.join(dir, 'edited-' + file), lines.join('\n'))
    }
    // commands and what follows each
    const parts = body.split(/^\$ /m).slice(1)
    for (const part of parts) {
      const nl = part.indexOf('\n')
      const cmd = part.slice(0, nl)
      const want = part.slice(nl + 1)
      const words = cmd.split(' ')
      const env = { ...process.env }
      while (/^[A-Z_]+=/.test(words[0])) {
        const [k, v] = words.shift().split('=')
        env[k] = v
      }
      if (words[0] !== 'wpc') throw new Error(`${doc}: not a wpc command: ${cmd}`)
      if (m[3]) fs.copyFileSync(path.join(dir, 'edited-' + file), path.join(dir, file))
      const r = spawnSync(WPC, words.slice(1), { cwd: dir, env, encoding: 'utf8' })
      if (m[3]) fs.writeFileSync(path.join(dir, file), source)
      const got = r.stdout + r.stderr
      checked++
      if (got === want) passed++
      else {
        failed++
        console.log(`FAIL: ${doc}: $ ${cmd}\n--- the doc says\n${want}--- wpc prints\n${got}`)
      }
    }
  }
  if (!checked) {
    failed++
    console.log(`FAIL: ${doc}: no doc-test block found`)
  }
}
fs.rmSync(dir, { recursive: true, force: true })
console.log(`docs.mjs: ${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
