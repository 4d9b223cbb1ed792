// mutate.mjs — a mutation run over the runtime and the JS glue: each mutant
// below plants one deliberate bug, the suite named with it runs against a
// build of the mutated tree, and the run fails if any mutant survives (its
// suite still passes), or if a mutant's text is no longer in its file (the
// code moved on: update the mutant).  The suites must stay able to fail.
//
//   node tests/mutate.mjs [NAME...]      (make mutate; part of make fuzz)
//
// The tree is copied (sources, and build/ so that only what a mutant touches
// is rebuilt) to a temporary directory; the checkout is never modified.
// Needs build/wpc and build/runtime.wasm (make mutate builds them first).
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

// Suites, run from the copy's root.
const JS = (file) => ['node', '--test', `runtime/js/tests/${file}`]
const PKG = (file) => ['node', '--test', `tests/pkg/${file}`]
// the reference engine on 60 random programs (tests/ref)
const REF = ['node', 'tests/ref/run.mjs', '--count', '60', '--seed', '1']
// the runtime fuzz target, rebuilt from the mutated sources, for 30 s from its seeds
const FUZZ_RUNTIME = ['bash', '-c', 'make -s build/fuzz/fuzz_runtime >/dev/null && ' +
  'bash tests/fuzz/run.sh build/fuzz/fuzz_runtime 30 "$(mktemp -d)" tests/fuzz/seeds/runtime']

// name, file, text → replacement, the suite that must fail, and why the
// mutant matters.
const MUTANTS = [
  { name: 'wtf8-four-byte-lead', file: 'runtime/js/codec.js', from: 'buf[pos++] = 0xf0 | (c >> 18)', to: 'buf[pos++] = 0xf0 | (c >> 19)',
    suite: JS('codec.test.mjs'), why: 'a valid pair at or above U+40000 beside a lone surrogate is mis-encoded' },
  { name: 'short-text-cutoff', file: 'runtime/js/codec.js', from: 'if (n < 43) {', to: 'if (n < 50) {',
    suite: JS('codec.test.mjs'), why: "the one-byte length overflows for '€'.repeat(43..49)" },
  { name: 'wtf8-lone-surrogate-check', file: 'runtime/js/codec.js', from: 'return wellFormed(s) ? utf8Encoder.encodeInto(s, buf).written : encodeWtf8(s, buf, 0)',
    to: 'return utf8Encoder.encodeInto(s, buf).written', suite: JS('codec.test.mjs'), why: 'lone surrogates in values become U+FFFD' },
  { name: 'proto-key-enumerable', file: 'runtime/js/codec.js', from: "Object.defineProperty(o, '__proto__', { value: v, enumerable: false,",
    to: "Object.defineProperty(o, '__proto__', { value: v, enumerable: true,", suite: PKG('prototype.test.mjs'),
    why: 'Object.assign({}, getState()) would set a prototype' },
  { name: 'root-path-accepted', file: 'runtime/js/codec.js', from: "if (c[0] === '' && what !== 'initial state')",
    to: "if (false && c[0] === '' && what !== 'initial state')", suite: PKG('hostile.test.mjs'), why: "apply([['', 1]]) wedges the pipeline" },
  { name: 'depth-cap-removed', file: 'runtime/js/codec.js', from: 'if (depth > MAX_DEPTH) {', to: 'if (depth > MAX_DEPTH * 1000) {',
    suite: PKG('hostile.test.mjs'), why: 'a value 8 000 deep overflows the JS stack' },
  { name: 'path-memo-by-length', file: 'runtime/js/codec.js', from: 'if (i < MEMO && memoText[i] === path) id = memoId[i]',
    to: 'if (i < MEMO && memoText[i].length === path.length) id = memoId[i]', suite: PKG('path_cache.test.mjs'),
    why: 'a batch position holding another path of the same length is sent with the last one\'s id' },
  { name: 'announced-text-as-input', file: 'runtime/js/codec.js', from: 'if (form === 2) { const t = this.rdText(); this.setText(id, t); return t }',
    to: 'if (form === 2) { const t = this.rdText(); this.learn(id, t); return t }', suite: PKG('path_cache.test.mjs'),
    why: "set('wb.k.1.x') after the module announced wb / 'k.1' / x writes the key 'k.1'" },
  { name: 'listener-input-shared', file: 'runtime/js/pipeline.js', from: 'inputs[i] = [inputPath(path, w, d.scope), copy(value), { ...meta }]',
    to: 'inputs[i] = [inputPath(path, w, d.scope), value, { ...meta }]', suite: PKG('listeners.test.mjs'),
    why: 'a listener that edits its input changes what the next listener and the caller see' },
  { name: 'no-rollback-on-throw', file: 'runtime/js/pipeline.js', from: `      } catch (e) {
        ex.wp_rollback()
        throw e
      }
      status = ex.wp_continue(len)
      changes = this.#read(status, what, nameOutput, metas)`, to: `      } catch (e) {
        throw e
      }
      status = ex.wp_continue(len)
      changes = this.#read(status, what, nameOutput, metas)`, suite: JS('pipeline.test.mjs'), why: 'a throwing listener leaves half an apply' },
  { name: 'validation-isError-lost', file: 'runtime/js/pipeline.js', from: 'if (r.isError) state.isError = true', to: '',
    suite: PKG('concerns.test.mjs'), why: 'an external validator failing is not reported' },
  { name: 'array-children-leak', file: 'runtime/rt_value.c', from: 'for (uint32_t i = 0; i < n->u.arr.len; i++) rt_node_free(n->u.arr.items[i]);',
    to: '/* mutant: array children not freed */', suite: JS('pipeline.test.mjs'), why: 'every replaced array leaks its elements' },
  { name: 'nan-not-equal', file: 'runtime/rt_value.c', from: 'return a->u.num == b->u.num || (a->u.num != a->u.num && b->u.num != b->u.num);',
    to: 'return a->u.num == b->u.num;', suite: PKG('values.test.mjs'), why: 'writing NaN over NaN is reported as a change' },
  { name: 'zero-not-minus-zero', file: 'runtime/rt_value.c', from: 'case RT_KIND_NUMBER: /* SameValueZero: NaN equals NaN, -0 equals 0 */\n        return a->u.num == b->u.num ||',
    to: 'case RT_KIND_NUMBER: /* SameValueZero: NaN equals NaN, -0 equals 0 */\n        return (a->u.num == b->u.num && 1 / a->u.num == 1 / b->u.num) ||',
    suite: PKG('values.test.mjs'), why: '-0 over 0 is reported as a change' },
  { name: 'flip-no-negation', file: 'runtime/kits/sync_kit.c', from: 'val = rt_mk_bool(!rt_truth(val));', to: 'val = rt_mk_bool(rt_truth(val));',
    suite: REF, why: 'a flip pair holds equal booleans' },
  { name: 'sum-keeps-last', file: 'runtime/kits/derived_kit.c', from: 'r->sum += x; /* in source order', to: 'r->sum = x; /* in source order',
    suite: REF, why: 'sum() and avg() see only their last number' },
  { name: 'rollback-keeps-new-keys', file: 'runtime/rt_undo.c', from: 'cur = rt_obj_remove(c, e->key, NULL);', to: 'cur = NULL;',
    suite: FUZZ_RUNTIME, label: 'fuzz_runtime', why: 'a failed apply leaves the keys it added' },
]

function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts })
}

// A copy of the tree: the files git knows (tracked and untracked, not
// ignored), build/ as it is, node_modules linked.
function copyTree() {
  const dst = fs.mkdtempSync(path.join(os.tmpdir(), 'wpc-mutate-'))
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0').filter((f) => f && fs.existsSync(path.join(ROOT, f)))
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dst, f)), { recursive: true })
    fs.copyFileSync(path.join(ROOT, f), path.join(dst, f))
    const st = fs.statSync(path.join(ROOT, f)) // keep the times, so make rebuilds only what a mutant touches
    fs.utimesSync(path.join(dst, f), st.atime, st.mtime)
  }
  const build = path.join(ROOT, 'build')
  if (fs.existsSync(build)) execFileSync('cp', ['-a', build, path.join(dst, 'build')])
  for (const nm of ['tests/pkg/node_modules', 'tests/grammar/node_modules'])
    if (fs.existsSync(path.join(ROOT, nm))) fs.symlinkSync(path.join(ROOT, nm), path.join(dst, nm))
  return dst
}

function rebuild(dir) {
  const r = sh('make', ['-j2', '--no-print-directory', 'wpc', 'build/runtime.wasm'], { cwd: dir })
  if (r.status !== 0) throw new Error(`the mutated tree does not build:\n${r.stdout.slice(-2000)}${r.stderr.slice(-2000)}`)
}

function runSuite(dir, suite) {
  const env = { ...process.env, WPC: path.join(dir, 'build/wpc'), WP_RUNTIME_WASM: path.join(dir, 'build/runtime.wasm') }
  const t0 = Date.now()
  const r = sh(suite[0], suite.slice(1), { cwd: dir, env, timeout: 600_000 })
  return { ok: r.status === 0, ms: Date.now() - t0, out: r.stdout + r.stderr }
}

const wanted = process.argv.slice(2)
const unknown = wanted.filter((n) => !MUTANTS.some((m) => m.name === n))
if (unknown.length) {
  console.error(`mutate: unknown mutant ${unknown.join(', ')}; known: ${MUTANTS.map((m) => m.name).join(', ')}`)
  process.exit(2)
}
const dir = copyTree()
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
let survived = 0, stale = 0, killed = 0
try {
  rebuild(dir)
  for (const m of MUTANTS) {
    if (wanted.length && !wanted.includes(m.name)) continue
    const file = path.join(dir, m.file)
    const orig = fs.readFileSync(file, 'utf8')
    const at = orig.indexOf(m.from)
    if (at < 0 || orig.indexOf(m.from, at + 1) >= 0) {
      console.log(`STALE    ${m.name}: its text is ${at < 0 ? 'not' : 'more than once'} in ${m.file}`)
      stale++
      continue
    }
    fs.writeFileSync(file, orig.slice(0, at) + m.to + orig.slice(at + m.from.length))
    try {
      rebuild(dir)
      const r = runSuite(dir, m.suite)
      if (r.ok) {
        survived++
        const last = r.out.trim().split('\n').slice(-3).join(' | ')
        console.log(`SURVIVED ${m.name} (${m.file}): ${m.suite.join(' ')} passed; ${m.why}\n    its output ends: ${last.slice(0, 600)}`)
      } else {
        killed++
        // what failed: node --test's failing tests, a divergence, or a fuzzer finding
        const failing = [...r.out.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((x) => x[1]).filter((t) => !t.endsWith('.mjs'))
        const other = r.out.match(/^(DIVERGENCE [^\n]*|fuzz: [^\n]*|SUMMARY: [^\n]*)/m)
        const label = m.label || m.suite.find((x) => x.endsWith('.mjs')) || m.suite.join(' ')
        console.log(`killed   ${m.name} by ${label} (${(r.ms / 1000).toFixed(1)} s): ${failing.slice(0, 2).join('; ') || (other && other[1]) || r.out.slice(-300)}`)
      }
    } finally {
      fs.writeFileSync(file, orig)
    }
  }
} catch (e) {
  console.error(`mutate: ${e.message}`)
  process.exit(2)
}
console.log(`mutate: ${killed} killed, ${survived} survived, ${stale} stale`)
process.exit(survived || stale ? 1 : 0)
