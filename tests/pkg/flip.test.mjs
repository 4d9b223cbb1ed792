// flip.test.mjs — semantics.md §5 (flip).
// Fixture: fixtures/flip.wp — `flip f1 <-> f2 <-> f3`, `flip source <-> target`,
// `flip fl.a <-> fl.b`, `flip pr.on <-> ps.off`, `flip both.a <-> both.b`,
// `flip pv.box.on <-> pw.off`, and a mixed component `sync m1 <-> m2`,
// `flip m2 <-> m3`.
import { test } from 'node:test'
import fs from 'node:fs'
import path from 'node:path'
import { assert, assertChanges, pipelineOf, runWpc, tmpDir } from './helpers.mjs'

const create = await pipelineOf('flip').catch((e) => e)
function pipeline(state) {
  if (create instanceof Error) throw create
  return create(state)
}

// ---- booleans -----------------------------------------------------------------

test('a pair: writing a boolean writes its negation to the other', () => {
  const p = pipeline({ source: false, target: true })
  assertChanges(p.set('source', true), [['source', true, 'input'], ['target', false, 'flip']])
  assertChanges(p.set('target', true), [['target', true, 'input'], ['source', false, 'flip']])
})

test('(differs) chain f1 <-> f2 <-> f3: f1 = true gives f2 = false, f3 = true', () => {
  const p = pipeline({ f1: false, f2: true, f3: false })
  assertChanges(p.set('f1', true), [['f1', true, 'input'], ['f2', false, 'flip'], ['f3', true, 'flip']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { f1: true, f2: false, f3: true })
})

test('chain: writing the middle member writes the negation to both ends', () => {
  const p = pipeline({ f1: true, f2: false, f3: true })
  assertChanges(p.set('f2', true), [['f2', true, 'input'], ['f1', false, 'flip'], ['f3', false, 'flip']], { unorderedFrom: 1 })
})

test('a member that already holds the right value gets no write', () => {
  // flips are not reconciled at creation, so f3 may start "wrong"
  const p = pipeline({ f1: false, f2: true, f3: true })
  assertChanges(p.set('f1', true), [['f1', true, 'input'], ['f2', false, 'flip']])
  assert.deepStrictEqual(p.getState(), { f1: true, f2: false, f3: true })
})

test('a boolean into a member whose peers are missing creates them', () => {
  // spec reading: flip writes like sync, creating missing members (their parent never existed)
  const p = pipeline({})
  assertChanges(p.set('f3', false), [['f3', false, 'input'], ['f2', true, 'flip'], ['f1', false, 'flip']], { unorderedFrom: 1 })
})

// ---- non-booleans rotate -------------------------------------------------------

test('rotation: source = "A", target = "B"; source = "C" → target = "A"', () => {
  const p = pipeline({ source: 'A', target: 'B' })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('source', 'C'), [['source', 'C', 'input'], ['target', 'A', 'flip']])
  assert.deepStrictEqual(p.getState(), { source: 'C', target: 'A' })
})

test('rotation in a chain: same-parity members get the written value, opposite ones the old value', () => {
  const p = pipeline({ f1: 'A', f2: 'B', f3: 'Z' })
  assertChanges(p.set('f1', 'C'), [['f1', 'C', 'input'], ['f2', 'A', 'flip'], ['f3', 'C', 'flip']], { unorderedFrom: 1 })
})

test('rotation: null as the old value is passed on', () => {
  const p = pipeline({ source: null, target: 'B' })
  assertChanges(p.set('source', 'C'), [['source', 'C', 'input'], ['target', null, 'flip']])
  assert.deepStrictEqual(p.getState(), { source: 'C', target: null })
})

test('rotation: nothing when the written member held none (missing)', () => {
  const p = pipeline({ target: 'B' })
  assertChanges(p.set('source', 'C'), [['source', 'C', 'input']])
  assert.deepStrictEqual(p.getState(), { target: 'B', source: 'C' })
})

test('rotation: nothing when the written member held undefined', () => {
  // spec reading: undefined behaves as missing ("held none")
  const p = pipeline({ source: undefined, target: 'B' })
  assertChanges(p.set('source', 'C'), [['source', 'C', 'input']])
  assert.equal(p.get('target'), 'B')
})

test('writing null (a non-boolean) rotates: opposite members get the old value', () => {
  const p = pipeline({ f1: true, f2: false, f3: true })
  assertChanges(p.set('f1', null), [['f1', null, 'input'], ['f2', true, 'flip'], ['f3', null, 'flip']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { f1: null, f2: true, f3: null })
})

test('writing undefined rotates like any non-boolean', () => {
  const p = pipeline({ f1: true, f2: false, f3: true })
  assertChanges(p.set('f1', undefined), [['f1', undefined, 'input'], ['f2', true, 'flip'], ['f3', undefined, 'flip']], { unorderedFrom: 1 })
  const s = p.getState()
  assert.ok(Object.hasOwn(s, 'f1') && Object.hasOwn(s, 'f3'))
  assert.deepStrictEqual(s, { f1: undefined, f2: true, f3: undefined })
})

test('writing a boolean over a non-boolean negates (the old value does not matter)', () => {
  const p = pipeline({ source: 'A', target: 'B' })
  assertChanges(p.set('source', false), [['source', false, 'input'], ['target', true, 'flip']])
})

test('a string written to a flip member is applied as given and rotates', () => {
  const p = pipeline({ f1: true, f2: false, f3: true })
  assertChanges(p.set('f2', 'yes'), [['f2', 'yes', 'input'], ['f1', false, 'flip'], ['f3', false, 'flip']], { unorderedFrom: 1 })
})

// ---- writes below and above ---------------------------------------------------------

test('a write below a flip member does not flip', () => {
  const p = pipeline({ fl: { a: { x: 1 }, b: true } })
  assertChanges(p.set('fl.a.x', 2), [['fl.a.x', 2, 'input']])
  assert.deepStrictEqual(p.getState(), { fl: { a: { x: 2 }, b: true } })
})

test('a write above: a member under the written path whose value changed propagates', () => {
  const p = pipeline({ pr: { on: false }, ps: { off: true } })
  assertChanges(p.set('pr', { on: true }), [['pr', { on: true }, 'input'], ['ps.off', false, 'flip']])
  assert.deepStrictEqual(p.getState(), { pr: { on: true }, ps: { off: false } })
})

test('a write above that leaves the member\'s value unchanged does not flip', () => {
  const p = pipeline({ pr: { on: false }, ps: { off: true } })
  assertChanges(p.set('pr', { on: false, extra: 1 }), [['pr', { on: false, extra: 1 }, 'input']])
})

test('a write above: members under the written path are decided by the write', () => {
  const p = pipeline({ both: { a: true, b: false } })
  assertChanges(p.set('both', { a: false, b: false }), [['both', { a: false, b: false }, 'input']])
  assert.deepStrictEqual(p.getState(), { both: { a: false, b: false } })
})

test('a write above with a non-boolean member rotates from its old value', () => {
  const p = pipeline({ pr: { on: 'A' }, ps: { off: 'B' } })
  assertChanges(p.set('pr', { on: 'C' }), [['pr', { on: 'C' }, 'input'], ['ps.off', 'A', 'flip']])
})

test('a member that vanished propagates nothing through flip edges', () => {
  const p = pipeline({ pr: { on: true }, ps: { off: false } })
  assertChanges(p.set('pr', {}), [['pr', {}, 'input']])
  assert.deepStrictEqual(p.getState(), { pr: {}, ps: { off: false } })
})

test('vanished within one batch: [pv = {}, pw.off = true] does not recreate pv.box', () => {
  const p = pipeline({ pv: { box: { on: true } }, pw: { off: false } })
  assertChanges(p.apply([['pv', {}], ['pw.off', true]]), [['pv', {}, 'input'], ['pw.off', true, 'input']])
  assert.deepStrictEqual(p.getState(), { pv: {}, pw: { off: true } })
})

test('vanished within one batch: [pv = 7, pw.off = true] does not write through the scalar', () => {
  const p = pipeline({ pv: { box: { on: true } }, pw: { off: false } })
  assertChanges(p.apply([['pv', 7], ['pw.off', true]]), [['pv', 7, 'input'], ['pw.off', true, 'input']])
  assert.deepStrictEqual(p.getState(), { pv: 7, pw: { off: true } })
})

// spec reading: vanished containers stay vanished across apply calls (see sync.test.mjs)
test('vanished container stays vanished: flip does not recreate pv.box in a later apply', () => {
  const p = pipeline({ pv: { box: { on: true } }, pw: { off: false } })
  assertChanges(p.set('pv', {}), [['pv', {}, 'input']])
  assertChanges(p.set('pw.off', true), [['pw.off', true, 'input']])
  assert.deepStrictEqual(p.getState(), { pv: {}, pw: { off: true } })
  // a user write recreating the parent lifts it
  assertChanges(p.set('pv.box', {}), [['pv.box', {}, 'input']])
  assertChanges(p.set('pw.off', false), [['pw.off', false, 'input'], ['pv.box.on', true, 'flip']])
  assert.deepStrictEqual(p.getState(), { pv: { box: { on: true } }, pw: { off: false } })
})

test('a member whose parent is still present (pr = {}) is written again by a flip', () => {
  const p = pipeline({ pr: { on: true }, ps: { off: false } })
  p.set('pr', {})
  assertChanges(p.set('ps.off', true), [['ps.off', true, 'input'], ['pr.on', false, 'flip']])
})

// ---- later change wins --------------------------------------------------------------

test('two members changed in one batch: the later change wins for the component', () => {
  // start opposite-violating (flips are not reconciled at creation)
  const p = pipeline({ f1: false, f2: false, f3: false })
  assertChanges(p.apply([['f1', true], ['f2', true]]), [['f1', true, 'input'], ['f2', true, 'input'], ['f1', false, 'flip']])
  assert.deepStrictEqual(p.getState(), { f1: false, f2: true, f3: false })
})

test('later change wins: (differs) values are not swapped', () => {
  // both members written to true in one batch: the later one (target) decides
  const p = pipeline({ source: 'A', target: 'B' })
  assertChanges(p.apply([['source', true], ['target', true]]),
    [['source', true, 'input'], ['target', true, 'input'], ['source', false, 'flip']])
  assert.deepStrictEqual(p.getState(), { source: false, target: true })
})

// ---- sync and flip in one component --------------------------------------------------

// spec reading for the stage of a change in a mixed component: 'sync' for a
// member reached from the written one by sync edges only, 'flip' when the
// route crosses a flip edge (so every member of a pure flip chain is 'flip').
test('mixed: sync m1 <-> m2, flip m2 <-> m3: m1 = false gives m2 = false, m3 = true', () => {
  const p = pipeline({ m1: true, m2: true, m3: false })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('m1', false), [['m1', false, 'input'], ['m2', false, 'sync'], ['m3', true, 'flip']], { unorderedFrom: 1 })
  assertChanges(p.set('m3', false), [['m3', false, 'input'], ['m2', true, 'flip'], ['m1', true, 'flip']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { m1: true, m2: true, m3: false })
})

test('mixed: rotation through a sync and a flip edge', () => {
  const p = pipeline({ m1: 'A', m2: 'A', m3: 'B' })
  assertChanges(p.set('m3', 'C'), [['m3', 'C', 'input'], ['m2', 'B', 'flip'], ['m1', 'B', 'flip']], { unorderedFrom: 1 })
})

test('mixed and later change wins: [m1 = false, m3 = false] from all true → m3 decides (m1 back to true)', () => {
  const p = pipeline({ m1: true, m2: true, m3: true })
  assertChanges(p.apply([['m1', false], ['m3', false]]), [['m1', false, 'input'], ['m3', false, 'input'], ['m1', true, 'flip']])
  assert.deepStrictEqual(p.getState(), { m1: true, m2: true, m3: false })
})

// ---- creation ----------------------------------------------------------------------

test('flips are not reconciled at creation', () => {
  const p = pipeline({ f1: true, f2: true, f3: true, source: 'A', target: 'A', pr: { on: true }, ps: { off: true } })
  assertChanges(p.initialChanges, [])
  assert.deepStrictEqual(p.getState(), { f1: true, f2: true, f3: true, source: 'A', target: 'A', pr: { on: true }, ps: { off: true } })
})

test('mixed at creation: the sync group votes, the flip edge is not reconciled', () => {
  // {m1, m2} tie (true vs false, depth 1) → 'm1' wins; m3 stays as given.
  const p = pipeline({ m1: true, m2: false, m3: true })
  assertChanges(p.initialChanges, [['m2', true, 'sync']])
  assert.deepStrictEqual(p.getState(), { m1: true, m2: true, m3: true })
})

// ---- contradictions are compile errors --------------------------------------------------

function buildSource(name, text) {
  const dir = tmpDir('contra')
  const f = path.join(dir, name + '.wp')
  fs.writeFileSync(f, text)
  const out = path.join(dir, 'out')
  const r = runWpc(['build', '--color=never', f, '-o', out])
  return { ...r, out }
}

test('a parity contradiction (three flips in a cycle) is a compile error: exit 1, WP0602, nothing written', () => {
  const r = buildSource('three', 'flip a <-> b\nflip b <-> c\nflip c <-> a\n')
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /error\[WP0602\]/)
  assert.ok(!fs.existsSync(path.join(r.out, 'package.json')), 'no package written')
})

test('a parity contradiction (one flip closed by syncs) is a compile error: exit 1, WP0602', () => {
  const r = buildSource('mixed', 'flip a <-> b\nsync b <-> c\nsync c <-> a\n')
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /mixed\.wp:3:6: error\[WP0602\]/)
})

test('a path flipped with itself is a compile error (WP0602)', () => {
  const r = buildSource('selfflip', 'flip a <-> a\n')
  assert.equal(r.status, 1, r.stderr)
  assert.match(r.stderr, /error\[WP0602\]/)
})

test('a contradiction reported as JSON with --format=json', () => {
  const dir = tmpDir('contra')
  const f = path.join(dir, 'c.wp')
  fs.writeFileSync(f, 'flip x.a <-> x.b\nflip x.b <-> x.c\nsync x.c <-> x.b\n')
  const r = runWpc(['build', '--format=json', f, '-o', path.join(dir, 'out')])
  assert.equal(r.status, 1)
  const doc = JSON.parse(r.stdout)
  assert.ok(doc.diagnostics.some((d) => d.code === 'WP0602' && d.level === 'error' && d.line === 3),
    JSON.stringify(doc.diagnostics))
})

test('a flip member written and then written below in one batch: the write below does not cross the flip', () => {
  // found by the reference engine (tests/ref): used to ping-pong and write fl.b
  const p = pipeline({})
  assertChanges(p.apply([['fl.a', {}], ['fl.a.x', true]]), [['fl.a', {}, 'input'], ['fl.a.x', true, 'input']])
  assert.deepStrictEqual(p.getState().fl, { a: { x: true } })
})
