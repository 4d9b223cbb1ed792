// tutorial.test.mjs — docs/tutorial.md stays true: its files are written and
// its commands run, in order, in an empty directory, and each command's
// output must be the one the page shows.
//
// The page's conventions, which this test reads:
//   ```LANG file=NAME      a file: written to NAME (again: overwritten)
//   ```console             a session: `$ COMMAND` lines, each followed by
//                          the lines it prints (stdout and stderr as a
//                          terminal shows them, without colour); a command
//                          ending in `# exit status N` must exit with N,
//                          any other with 0
// Other blocks are not run. The commands run with bash, `wpc` first on PATH
// (WPC, else build/wpc) and LC_ALL=C; `npx tsc` finds TypeScript through a
// node_modules link to tests/pkg/node_modules (the page's `npm install
// --save-dev typescript`).
//
// UPDATE=1 writes the outputs the commands print into the page instead
// (for a change of wording in a diagnostic, say); review the diff.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const PAGE = path.join(ROOT, 'docs', 'tutorial.md')
const WPC = path.resolve(ROOT, process.env.WPC || 'build/wpc')
const TS_MODULES = path.join(ROOT, 'tests', 'pkg', 'node_modules')

/** The page as steps: { kind: 'file', name, text } and { kind: 'run', command, status, output, at: [from, to) lines }. */
function steps(lines) {
  const out = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i])
    if (!open || !open[1]) continue
    let end = i + 1
    while (end < lines.length && lines[end] !== '```') end++
    assert.ok(end < lines.length, `tutorial.md:${i + 1}: the block is not closed`)
    const body = lines.slice(i + 1, end)
    const file = /(?:^|\s)file=(\S+)/.exec(open[2])
    if (file) out.push({ kind: 'file', name: file[1], text: body.join('\n') + '\n', line: i + 1 })
    else if (open[1] === 'console') {
      for (let j = 0; j < body.length; j++) {
        assert.ok(body[j].startsWith('$ '), `tutorial.md:${i + 2 + j}: a session line that is neither a command nor its output`)
        let k = j + 1
        while (k < body.length && !body[k].startsWith('$ ')) k++
        const command = body[j].slice(2)
        const st = /#\s*exit status (\d+)\s*$/.exec(command)
        out.push({ kind: 'run', command, status: st ? Number(st[1]) : 0, output: body.slice(j + 1, k).join('\n'),
          at: [i + 2 + j, i + 1 + k], line: i + 2 + j })
        j = k - 1
      }
    }
    i = end
  }
  return out
}

test('docs/tutorial.md: every command prints what the page shows', () => {
  assert.ok(fs.existsSync(WPC), `${WPC} is missing: make wpc`)
  const text = fs.readFileSync(PAGE, 'utf8')
  const lines = text.split('\n')
  const all = steps(lines)
  assert.ok(all.filter((s) => s.kind === 'run').length >= 5, 'the page runs commands')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-tutorial-'))
  const bin = path.join(dir, '.bin')
  fs.mkdirSync(bin)
  fs.symlinkSync(WPC, path.join(bin, 'wpc'))
  if (fs.existsSync(TS_MODULES)) fs.symlinkSync(TS_MODULES, path.join(dir, 'node_modules'))
  // npm's update notice and funding lines are the machine's, not the page's
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, LC_ALL: 'C', NO_COLOR: '1',
    npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_offline: 'true' }
  delete env.FORCE_COLOR
  const updates = []
  try {
    for (const s of all) {
      if (s.kind === 'file') {
        fs.writeFileSync(path.join(dir, s.name), s.text)
        continue
      }
      if (/\bnpx tsc\b/.test(s.command))
        assert.ok(fs.existsSync(TS_MODULES), `${TS_MODULES} is missing: run scripts/install-deps.sh (npm ci in tests/pkg)`)
      // One shell per command, stderr into stdout in the order printed.
      const r = spawnSync('bash', ['-c', `exec 2>&1\n${s.command}`], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 })
      if (r.error) throw r.error
      const got = r.stdout.replace(/\n$/, '')
      if (process.env.UPDATE) {
        updates.push({ at: s.at, output: got })
        continue
      }
      assert.equal(got, s.output, `tutorial.md:${s.line}: \`${s.command}\` printed another output`)
      assert.equal(r.status, s.status, `tutorial.md:${s.line}: \`${s.command}\` exit status`)
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (process.env.UPDATE) {
    for (const u of updates.reverse()) lines.splice(u.at[0], u.at[1] - u.at[0], ...(u.output ? u.output.split('\n') : []))
    fs.writeFileSync(PAGE, lines.join('\n'))
  }
})
