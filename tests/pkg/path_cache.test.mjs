// path_cache.test.mjs — the glue keeps each path text's id (docs/package.md:
// a path is its dot-joined text, split at every '.'); whatever the glue has
// seen before, a path means the same. Fixture: fixtures/sync_wild.wp
// (sync wa[*].x <-> wb[*].x: a rule per dynamic key, so the module announces
// paths it made itself).
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('sync_wild')

test('a path the module announced with a key holding "." still means its dot-split segments', () => {
  const p = create({})
  // the sync writes wb / 'k.1' / x: announced as the text 'wb.k.1.x'
  assertChanges(p.apply([['wa', { 'k.1': { x: 1 } }]]), [['wa', { 'k.1': { x: 1 } }, 'input'], ['wb.k.1.x', 1, 'sync']])
  // as input, 'wb.k.1.x' is wb → k → 1 → x, which no sync rule matches (one level deeper)
  assertChanges(p.set('wb.k.1.x', 5), [['wb.k.1.x', 5, 'input']])
  assert.deepStrictEqual(p.getState(), { wa: { 'k.1': { x: 1 } }, wb: { 'k.1': { x: 1 }, k: { 1: { x: 5 } } } })
  assert.equal(p.get('wb.k.1.x'), 5)
  // a pipeline that never saw the announcement writes the same path
  const q = create({})
  assertChanges(q.set('wb.k.1.x', 5), [['wb.k.1.x', 5, 'input']])
  assert.deepStrictEqual(q.getState(), { wb: { k: { 1: { x: 5 } } } })
})

test('a path applied, then vanished with its parent, then written again', () => {
  const p = create({})
  assertChanges(p.set('solo.a.x', 1), [['solo.a.x', 1, 'input']])
  assertChanges(p.set('solo', {}), [['solo', {}, 'input']])
  assert.equal(p.get('solo.a.x'), undefined)
  assertChanges(p.set('solo.a.x', 1), [['solo.a.x', 1, 'input']])
  assertChanges(p.set('solo.a.x', 1), [])
  // with a rule on it: the path reappears and the rule runs as it does for
  // a pipeline that meets the path for the first time in that state
  assertChanges(p.set('wa.a.x', 1), [['wa.a.x', 1, 'input'], ['wb.a.x', 1, 'sync']])
  p.set('wa', {})
  const fresh = create(p.getState())
  for (const q of [p, fresh]) {
    assert.equal(q.get('wa.a.x'), undefined)
    assertChanges(q.set('wa.a.x', 2), [['wa.a.x', 2, 'input'], ['wb.a.x', 2, 'sync']])
    assertChanges(q.set('wa.a.x', 2), [])
  }
  assert.deepStrictEqual(p.getState(), fresh.getState())
})

test('a wildcard key created by a rule after many paths were cached', () => {
  const p = create({})
  const batch = Array.from({ length: 3000 }, (_, i) => [`wa.k${i}.x`, i])
  assert.equal(p.apply(batch).length, 6000)
  assert.equal(p.apply(batch).length, 0, 'all held: a no-op')
  // a new key under wb, made by the sync: then written from outside
  assertChanges(p.set('wa.late', { x: 'v' }), [['wa.late', { x: 'v' }, 'input'], ['wb.late.x', 'v', 'sync']])
  assertChanges(p.set('wb.late.x', 'w'), [['wb.late.x', 'w', 'input'], ['wa.late.x', 'w', 'sync']])
  assert.equal(p.get('wa.k2999.x'), 2999)
  assert.equal(p.get('wb.k0.x'), 0)
})

test('unicode keys: each text its own path, none confused with another', () => {
  const p = create({})
  const keys = ['ключ', '😀', 'é', 'e\u0301', '\ud800', '\udc00', '\ufffd', '日本']
  for (const [i, k] of keys.entries())
    assertChanges(p.set(`wa.${k}.x`, i), [[`wa.${k}.x`, i, 'input'], [`wb.${k}.x`, i, 'sync']])
  // again, with each value already held: no-ops, whatever the cache holds
  for (const [i, k] of keys.entries()) assertChanges(p.set(`wa.${k}.x`, i), [])
  const wb = p.get('wb')
  assert.deepStrictEqual(Object.keys(wb), keys)
  for (const [i, k] of keys.entries()) assert.equal(wb[k].x, i, JSON.stringify(k))
})

test('__proto__ keys are paths like any other, also once cached', () => {
  const p = create({})
  assertChanges(p.set('wa.__proto__.x', 1), [['wa.__proto__.x', 1, 'input'], ['wb.__proto__.x', 1, 'sync']])
  assertChanges(p.set('wa.__proto__.x', 1), [])
  assertChanges(p.set('wb.__proto__.x', 2), [['wb.__proto__.x', 2, 'input'], ['wa.__proto__.x', 2, 'sync']])
  assertChanges(p.set('__proto__', 3), [['__proto__', 3, 'input']])
  assert.equal(p.get('__proto__'), 3)
  assert.deepStrictEqual(p.get('wa')['__proto__'], { x: 2 })
  assert.equal(Object.prototype.x, undefined)
  assert.equal({}.x, undefined)
})

test('a path text built anew for every call is the same path', () => {
  const p = create({})
  for (let i = 0; i < 50; i++) {
    const key = ['k', String(i % 5)].join('')
    const r = p.set(`wa.${key}.x`, i % 5)
    assert.equal(r.length, i < 5 ? 2 : 0, `call ${i}`)
  }
  assert.deepStrictEqual(Object.keys(p.get('wb')), ['k0', 'k1', 'k2', 'k3', 'k4'])
})

test('each pipeline has its own ids: paths met in another order', () => {
  const a = create({}), b = create({})
  a.set('wa.p.x', 1); a.set('wa.q.x', 2)
  b.set('wa.q.x', 3); b.set('wa.p.x', 4)
  assertChanges(a.set('wb.q.x', 5), [['wb.q.x', 5, 'input'], ['wa.q.x', 5, 'sync']])
  assertChanges(b.set('wb.p.x', 6), [['wb.p.x', 6, 'input'], ['wa.p.x', 6, 'sync']])
  assert.deepStrictEqual(a.getState(), { wa: { p: { x: 1 }, q: { x: 5 } }, wb: { p: { x: 1 }, q: { x: 5 } } })
  assert.deepStrictEqual(b.getState(), { wa: { q: { x: 3 }, p: { x: 6 } }, wb: { q: { x: 3 }, p: { x: 6 } } })
})

test('what apply returns is the caller\'s: a new array every call, no-ops included', () => {
  const p = create({ wa: { a: { x: 1 } } })
  const held = [['wa.a.x', 1]]
  const first = p.apply(held)
  assert.deepStrictEqual(first, [])
  first.push('mine')
  const second = p.apply(held)
  assert.deepStrictEqual(second, [])
  assert.notEqual(first, second)
  assert.ok(!Object.isFrozen(second))
  // a meta on a later change only: it is carried to that change and what its sync wrote
  assertChanges(p.apply([['wa.a.x', 1], ['wa.b.x', 2, { source: 'ui' }]]),
    [['wa.b.x', 2, 'input', { source: 'ui' }], ['wb.b.x', 2, 'sync', { source: 'ui' }]])
})

// The glue remembers the path at each of a batch's first positions: a batch
// whose positions hold other paths than the last one, equal texts in other
// string objects, and batches longer than what it remembers.
test('each position of a batch means its own path, whatever the last batch held there', () => {
  const p = create({})
  assertChanges(p.apply([['wa.aa.x', 1], ['wa.bb.x', 2]]),
    [['wa.aa.x', 1, 'input'], ['wa.bb.x', 2, 'input'], ['wb.aa.x', 1, 'sync'], ['wb.bb.x', 2, 'sync']], { unorderedFrom: 2 })
  // swapped: same lengths, other texts at each position
  assertChanges(p.apply([['wa.bb.x', 3], ['wa.aa.x', 4]]),
    [['wa.bb.x', 3, 'input'], ['wa.aa.x', 4, 'input'], ['wb.bb.x', 3, 'sync'], ['wb.aa.x', 4, 'sync']], { unorderedFrom: 2 })
  // a path never seen, where a known one stood
  assertChanges(p.apply([['wa.cc.x', 5], ['wa.aa.x', 4]]), [['wa.cc.x', 5, 'input'], ['wb.cc.x', 5, 'sync']])
  // the same texts, built again
  const again = ['aa', 'bb'].map((k, i) => [['wa', k, 'x'].join('.'), i ? 3 : 4])
  assertChanges(p.apply(again), [])
  assert.deepStrictEqual(p.get('wb'), { aa: { x: 4 }, bb: { x: 3 }, cc: { x: 5 } })
  // 600 changes, then the same paths rotated by one place
  const keys = Array.from({ length: 600 }, (_, i) => `r${i}`)
  assert.equal(p.apply(keys.map((k, i) => [`wa.${k}.x`, i])).length, 1200)
  const rotated = keys.map((_, i) => keys[(i + 1) % keys.length]).map((k) => [`wa.${k}.x`, `v${k}`])
  assert.equal(p.apply(rotated).length, 1200)
  const wb = p.get('wb')
  for (const k of keys) assert.equal(wb[k].x, `v${k}`, k)
  assert.equal(p.apply(rotated).length, 0)
})
