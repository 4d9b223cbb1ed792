// sync.test.mjs — semantics.md §4 (sync and one-way), sentence by sentence.
// Fixtures: fixtures/sync.wp (exact, below, above, vanished parents, null,
// later change wins, votes, cycles), fixtures/sync_wild.wp (wildcards, fan-out),
// fixtures/sync_oneway.wp (one-way edges).
import { test } from 'node:test'
import { assert, assertChanges, pipelineOf, runWpc, tmpDir } from './helpers.mjs'
import fs from 'node:fs'
import path from 'node:path'

const creators = {}
for (const fx of ['sync', 'sync_wild', 'sync_oneway']) creators[fx] = await pipelineOf(fx).catch((e) => e)
function make(fx) {
  return (state) => {
    if (creators[fx] instanceof Error) throw creators[fx]
    return creators[fx](state)
  }
}
const pipeline = make('sync')
const wild = make('sync_wild')
const oneway = make('sync_oneway')

// ---- exact ----------------------------------------------------------------------

test('exact: a change of a member writes the same value to every other member', () => {
  const p = pipeline({ ex: { a: 1, b: 1, c: 1 } })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('ex.a', 2), [['ex.a', 2, 'input'], ['ex.b', 2, 'sync'], ['ex.c', 2, 'sync']], { unorderedFrom: 1 })
  assertChanges(p.set('ex.c', 'z'), [['ex.c', 'z', 'input'], ['ex.a', 'z', 'sync'], ['ex.b', 'z', 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { ex: { a: 'z', b: 'z', c: 'z' } })
})

test('exact: objects and arrays are copied whole', () => {
  const p = pipeline({ ex: { a: 1, b: 1, c: 1 } })
  assertChanges(p.set('ex.b', { k: [1, { m: null }] }),
    [['ex.b', { k: [1, { m: null }] }, 'input'], ['ex.a', { k: [1, { m: null }] }, 'sync'], ['ex.c', { k: [1, { m: null }] }, 'sync']],
    { unorderedFrom: 1 })
})

test('exact: writing undefined to a member writes undefined to present peers', () => {
  // spec reading: undefined is a value like any other for exact propagation
  // (only null has the "not into a missing peer" rule).
  const p = pipeline({ ex: { a: 1, b: 1, c: 1 } })
  assertChanges(p.set('ex.a', undefined),
    [['ex.a', undefined, 'input'], ['ex.b', undefined, 'sync'], ['ex.c', undefined, 'sync']], { unorderedFrom: 1 })
})

test('cycles and duplicate pairs are harmless: each member is written once', () => {
  const p = pipeline({ cy: { a: 0, b: 0, c: 0 } })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('cy.b', 1), [['cy.b', 1, 'input'], ['cy.a', 1, 'sync'], ['cy.c', 1, 'sync']], { unorderedFrom: 1 })
  assertChanges(p.set('cy.a', { k: 2 }), [['cy.a', { k: 2 }, 'input'], ['cy.b', { k: 2 }, 'sync'], ['cy.c', { k: 2 }, 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { cy: { a: { k: 2 }, b: { k: 2 }, c: { k: 2 } } })
})

test('cycles: creation votes once per group', () => {
  const p = pipeline({ cy: { a: 'x', b: 'y', c: 'y' } })
  assertChanges(p.initialChanges, [['cy.a', 'y', 'sync']])
})

// ---- below ----------------------------------------------------------------------

test('below: src.name → dst.name', () => {
  const p = pipeline({ src: { name: 'a', age: 1 }, dst: { name: 'a', age: 1 } })
  assertChanges(p.set('src.name', 'b'), [['src.name', 'b', 'input'], ['dst.name', 'b', 'sync']])
  assertChanges(p.set('dst.age', 2), [['dst.age', 2, 'input'], ['src.age', 2, 'sync']])
  assert.deepStrictEqual(p.getState(), { src: { name: 'b', age: 2 }, dst: { name: 'b', age: 2 } })
})

test('below: a new key deep below a member is created below the peer', () => {
  const p = pipeline({ src: { name: 'a' }, dst: { name: 'a' } })
  assertChanges(p.set('src.extra.deep', 1), [['src.extra.deep', 1, 'input'], ['dst.extra.deep', 1, 'sync']])
  assert.deepStrictEqual(p.get('dst'), { name: 'a', extra: { deep: 1 } })
})

test('below: a change below a member whose value stays equal at the peer is a no-op there', () => {
  const p = pipeline({ src: { name: 'a' }, dst: { name: 'a' } })
  assertChanges(p.apply([['src.name', 'a']]), [])
})

test('below: several members above a change all propagate it (d <-> g, d.e <-> h)', () => {
  const state = { d: { e: { f: 1 } }, g: { e: { f: 1 } }, h: { f: 1 } }
  const p = pipeline(state)
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('d.e.f', 2), [['d.e.f', 2, 'input'], ['h.f', 2, 'sync'], ['g.e.f', 2, 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { d: { e: { f: 2 } }, g: { e: { f: 2 } }, h: { f: 2 } })
})

test('below: h.f → d.e.f, and d.e.f (a change below d) → g.e.f', () => {
  // "after every apply, every sync group is equal": g must follow d.
  const p = pipeline({ d: { e: { f: 1 } }, g: { e: { f: 1 } }, h: { f: 1 } })
  assertChanges(p.set('h.f', 3), [['h.f', 3, 'input'], ['d.e.f', 3, 'sync'], ['g.e.f', 3, 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { d: { e: { f: 3 } }, g: { e: { f: 3 } }, h: { f: 3 } })
})

test('below: g.e = {...} → d.e (below g) and then h (d.e exact)', () => {
  const p = pipeline({ d: { e: { f: 1 } }, g: { e: { f: 1 } }, h: { f: 1 } })
  assertChanges(p.set('g.e', { f: 9 }), [['g.e', { f: 9 }, 'input'], ['d.e', { f: 9 }, 'sync'], ['h', { f: 9 }, 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { d: { e: { f: 9 } }, g: { e: { f: 9 } }, h: { f: 9 } })
})

test('above and exact at once: d = {} gives g = {} (exact) and h = null (d.e vanished)', () => {
  const p = pipeline({ d: { e: { f: 1 } }, g: { e: { f: 1 } }, h: { f: 1 } })
  assertChanges(p.set('d', {}), [['d', {}, 'input'], ['g', {}, 'sync'], ['h', null, 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { d: {}, g: {}, h: null })
})

// ---- above ----------------------------------------------------------------------

test('above: replacing an ancestor sends the member\'s new value to its peers', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.set('nested', { deep: { value: 'y' } }), [['nested', { deep: { value: 'y' } }, 'input'], ['field1', 'y', 'sync']])
  assertChanges(p.set('nested.deep', { value: 'z', more: 1 }), [['nested.deep', { value: 'z', more: 1 }, 'input'], ['field1', 'z', 'sync']])
})

test('above: replacing an ancestor with the member unchanged sends nothing', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.set('nested', { deep: { value: 'x' }, z: 1 }), [['nested', { deep: { value: 'x' }, z: 1 }, 'input']])
})

test('above: a vanished member gives its peers null (nested = {other: 42} → field1 = null)', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.set('nested', { other: 42 }), [['nested', { other: 42 }, 'input'], ['field1', null, 'sync']])
  assert.deepStrictEqual(p.getState(), { nested: { other: 42 }, field1: null })
})

test('above: a vanished member whose peers are null already changes nothing more', () => {
  const p = pipeline({ nested: { deep: { value: null } }, field1: null })
  assertChanges(p.set('nested', {}), [['nested', {}, 'input']])
})

// ---- vanished containers stay vanished ---------------------------------------------

test('vanished containers stay vanished within one batch: [nested = {other: 42}, field1 = "z"]', () => {
  // field1 = "z" is the later change of the component and wins; it must not recreate nested.deep
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.apply([['nested', { other: 42 }], ['field1', 'z']]),
    [['nested', { other: 42 }, 'input'], ['field1', 'z', 'input']])
  assert.deepStrictEqual(p.getState(), { nested: { other: 42 }, field1: 'z' })
})

test('vanished within one batch: [catalog.p1 = {}, sale.price = 7] does not recreate pricing', () => {
  const p = pipeline({ catalog: { p1: { pricing: { salePrice: 5 } } }, sale: { price: 5 } })
  assertChanges(p.apply([['catalog.p1', {}], ['sale.price', 7]]), [['catalog.p1', {}, 'input'], ['sale.price', 7, 'input']])
  assert.deepStrictEqual(p.getState(), { catalog: { p1: {} }, sale: { price: 7 } })
})

test('vanished within one batch: a parent replaced by a scalar is not written through ([nested = "str", field1 = "y"])', () => {
  // nested.deep was removed by the replacement, so sync must not recreate it;
  // every input of the batch is a valid write, so apply must not fail.
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.apply([['nested', 'str'], ['field1', 'y']]), [['nested', 'str', 'input'], ['field1', 'y', 'input']])
  assert.deepStrictEqual(p.getState(), { nested: 'str', field1: 'y' })
})

test('vanished within one batch: nested.deep replaced by a number is not written through', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.apply([['nested', { deep: 5 }], ['field1', 'y']]), [['nested', { deep: 5 }, 'input'], ['field1', 'y', 'input']])
  assert.deepStrictEqual(p.getState(), { nested: { deep: 5 }, field1: 'y' })
})

test('vanished within one batch: a later input recreating the parent lifts it', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.apply([['nested', { other: 42 }], ['nested.deep', {}], ['field1', 'w']]),
    [['nested', { other: 42 }, 'input'], ['nested.deep', {}, 'input'], ['field1', 'w', 'input'], ['nested.deep.value', 'w', 'sync']])
})

// spec reading: "once a replacement has removed a member's parent object, sync
// and flip do not recreate it" holds across apply calls too, until a user (or
// listener) write recreates the parent.
test('vanished containers stay vanished: sync does not recreate nested.deep in a later apply', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  p.set('nested', { other: 42 })
  assertChanges(p.set('field1', 'z'), [['field1', 'z', 'input']])
  assert.deepStrictEqual(p.getState(), { nested: { other: 42 }, field1: 'z' })
  assert.equal(p.get('nested.deep'), undefined)
})

test('vanished: a later user write recreating the parent lifts it', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  p.set('nested', { other: 42 })
  p.set('field1', 'z')
  assertChanges(p.set('nested.deep', { value: 'q' }), [['nested.deep', { value: 'q' }, 'input'], ['field1', 'q', 'sync']])
  assertChanges(p.set('field1', 'w'), [['field1', 'w', 'input'], ['nested.deep.value', 'w', 'sync']])
  assert.deepStrictEqual(p.getState(), { nested: { other: 42, deep: { value: 'w' } }, field1: 'w' })
})

test('vanished: recreating the parent without the member also lifts it', () => {
  // spec reading: nested.deep.value is missing before and after `nested.deep = {}`,
  // so that write itself sends nothing; afterwards sync may write into it.
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  p.set('nested', { other: 42 })
  assertChanges(p.set('nested.deep', {}), [['nested.deep', {}, 'input']])
  assertChanges(p.set('field1', 'w'), [['field1', 'w', 'input'], ['nested.deep.value', 'w', 'sync']])
})

test('vanished by a scalar replacement: a later write of the peer does not fail or write through it', () => {
  const p = pipeline({ nested: { deep: { value: 'x' } }, field1: 'x' })
  assertChanges(p.set('nested', 'str'), [['nested', 'str', 'input'], ['field1', null, 'sync']])
  assertChanges(p.set('field1', 'y'), [['field1', 'y', 'input']])
  assert.deepStrictEqual(p.getState(), { nested: 'str', field1: 'y' })
})

test('vanished: catalog.p1 = {} after it held pricing → sale.price = null, pricing not recreated later', () => {
  const p = pipeline({ catalog: { p1: { pricing: { salePrice: 5 } } }, sale: { price: 5 } })
  assertChanges(p.set('catalog.p1', {}), [['catalog.p1', {}, 'input'], ['sale.price', null, 'sync']])
  assertChanges(p.set('sale.price', 7), [['sale.price', 7, 'input']])
  assert.deepStrictEqual(p.getState(), { catalog: { p1: {} }, sale: { price: 7 } })
})

test('never existed: catalog.p1 = {} then syncing into catalog.p1.pricing.salePrice creates pricing', () => {
  const p = pipeline({ catalog: {}, sale: {} })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('catalog.p1', {}), [['catalog.p1', {}, 'input']])
  assertChanges(p.set('sale.price', 5), [['sale.price', 5, 'input'], ['catalog.p1.pricing.salePrice', 5, 'sync']])
  assert.deepStrictEqual(p.getState(), { catalog: { p1: { pricing: { salePrice: 5 } } }, sale: { price: 5 } })
})

test('never existed: a member with no ancestors at all is created', () => {
  const p = pipeline({})
  assertChanges(p.set('sale.price', 1), [['sale.price', 1, 'input'], ['catalog.p1.pricing.salePrice', 1, 'sync']])
  assert.deepStrictEqual(p.getState(), { sale: { price: 1 }, catalog: { p1: { pricing: { salePrice: 1 } } } })
})

// ---- null into a missing peer ---------------------------------------------------

test('a null is not pushed into a peer that is missing', () => {
  const p = pipeline({ np: {} })
  assertChanges(p.set('np.a', null), [['np.a', null, 'input']])
  assert.deepStrictEqual(p.getState(), { np: { a: null } })
})

test('a null is not pushed into a peer that holds undefined (missing and undefined behave the same)', () => {
  const p = pipeline({ np: { b: undefined } })
  assertChanges(p.set('np.a', null), [['np.a', null, 'input']])
  assert.ok('b' in p.getState().np, 'the key holding undefined is kept')
  assert.equal(p.get('np.b'), undefined)
})

test('a null is pushed into a peer that holds a value', () => {
  const p = pipeline({ np: {} })
  assertChanges(p.set('np.a', 1), [['np.a', 1, 'input'], ['np.b', 1, 'sync']])
  assertChanges(p.set('np.a', null), [['np.a', null, 'input'], ['np.b', null, 'sync']])
  assert.deepStrictEqual(p.getState(), { np: { a: null, b: null } })
})

// ---- later change wins --------------------------------------------------------------

test('two members changed in one batch: the later change wins for the whole component', () => {
  const p = pipeline({ lw: { a: 0, b: 0, c: 0 } })
  assertChanges(p.apply([['lw.a', 1], ['lw.b', 2]]),
    [['lw.a', 1, 'input'], ['lw.b', 2, 'input'], ['lw.a', 2, 'sync'], ['lw.c', 2, 'sync']], { unorderedFrom: 2 })
  assert.deepStrictEqual(p.getState(), { lw: { a: 2, b: 2, c: 2 } })
})

test('later change wins: (differs) values are not swapped (b=1 then a=2)', () => {
  const p = pipeline({ lw: { a: 0, b: 0, c: 0 } })
  assertChanges(p.apply([['lw.b', 1], ['lw.a', 2]]),
    [['lw.b', 1, 'input'], ['lw.a', 2, 'input'], ['lw.b', 2, 'sync'], ['lw.c', 2, 'sync']], { unorderedFrom: 2 })
  assert.deepStrictEqual(p.getState(), { lw: { a: 2, b: 2, c: 2 } })
})

test('later change wins across exact and below changes of one component', () => {
  // d.e.f (below d, and below d.e) then g = {...} (exact g): g wins for {d, g};
  // then d.e's new value is the one h gets.
  const p = pipeline({ d: { e: { f: 1 } }, g: { e: { f: 1 } }, h: { f: 1 } })
  p.apply([['d.e.f', 2], ['g', { e: { f: 7 } }]])
  assert.deepStrictEqual(p.getState(), { d: { e: { f: 7 } }, g: { e: { f: 7 } }, h: { f: 7 } })
})

test('later change wins: the same member written twice around a peer write ([a=1, b=2, a=3])', () => {
  const p = pipeline({ ex: { a: 0, b: 0, c: 0 } })
  assertChanges(p.apply([['ex.a', 1], ['ex.b', 2], ['ex.a', 3]]),
    [['ex.a', 1, 'input'], ['ex.b', 2, 'input'], ['ex.a', 3, 'input'], ['ex.b', 3, 'sync'], ['ex.c', 3, 'sync']], { unorderedFrom: 3 })
  assert.deepStrictEqual(p.getState(), { ex: { a: 3, b: 3, c: 3 } })
})

test('later change wins: a below write then an exact write of the peer ([src.name, dst = {...}])', () => {
  const p = pipeline({ src: { name: 'a', age: 1 }, dst: { name: 'a', age: 1 } })
  assertChanges(p.apply([['src.name', 'x'], ['dst', { name: 'y' }]]),
    [['src.name', 'x', 'input'], ['dst', { name: 'y' }, 'input'], ['src', { name: 'y' }, 'sync']])
  assert.deepStrictEqual(p.getState(), { src: { name: 'y' }, dst: { name: 'y' } })
})

test('an exact write then a write below it on one member: the group ends equal', () => {
  const p = pipeline({ src: { name: 'a', age: 1 }, dst: { name: 'a', age: 1 } })
  p.apply([['src', { name: 'x' }], ['src.name', 'y']])
  assert.deepStrictEqual(p.getState(), { src: { name: 'y' }, dst: { name: 'y' } })
})

test('writes below two members at different keys both propagate (the group ends equal)', () => {
  // spec reading: "after every apply, every sync group is equal" — disjoint
  // below-changes do not override each other.
  const p = pipeline({ src: { name: 'a', age: 1 }, dst: { name: 'a', age: 1 } })
  assertChanges(p.apply([['src.name', 'x'], ['dst.age', 5]]),
    [['src.name', 'x', 'input'], ['dst.age', 5, 'input'], ['src.age', 5, 'sync'], ['dst.name', 'x', 'sync']], { unorderedFrom: 2 })
  assert.deepStrictEqual(p.getState(), { src: { name: 'x', age: 5 }, dst: { name: 'x', age: 5 } })
})

// ---- creation votes ---------------------------------------------------------------
// spec reading: creation-time sync writes carry stage 'sync'.

test('vote: {source: "A", target: ""} → target = "A" ("" votes; tie → smaller path)', () => {
  const p = pipeline({ source: 'A', target: '' })
  assertChanges(p.initialChanges, [['target', 'A', 'sync']])
  assert.deepStrictEqual(p.getState(), { source: 'A', target: 'A' })
})

test('vote: {"form.errors": "e", mirror: "m"} → form.errors = "m" (tie → shallowest path)', () => {
  const p = pipeline({ form: { errors: 'e' }, mirror: 'm' })
  assertChanges(p.initialChanges, [['form.errors', 'm', 'sync']])
  assert.deepStrictEqual(p.getState(), { form: { errors: 'm' }, mirror: 'm' })
})

test('vote: {o1: {k:1}, o2: {k:2}, o3: {k:2}} → o1 = {k:2} (most common value)', () => {
  const p = pipeline({ o1: { k: 1 }, o2: { k: 2 }, o3: { k: 2 } })
  assertChanges(p.initialChanges, [['o1', { k: 2 }, 'sync']])
  assert.deepStrictEqual(p.getState(), { o1: { k: 2 }, o2: { k: 2 }, o3: { k: 2 } })
})

test('vote: the majority beats the shallowest path (o3 alone loses to o1, o2)', () => {
  const p = pipeline({ o1: 'x', o2: 'x', o3: 'y' })
  assertChanges(p.initialChanges, [['o3', 'x', 'sync']])
})

test('vote: 0 and false count (two false beat one true)', () => {
  const p = pipeline({ v1: true, v2: false, v3: false })
  assertChanges(p.initialChanges, [['v1', false, 'sync']])
  const q = pipeline({ v1: 5, v2: 0, v3: 0 })
  assertChanges(q.initialChanges, [['v1', 0, 'sync']])
})

test('vote: {} counts as a value', () => {
  const p = pipeline({ v1: { a: 1 }, v2: {}, v3: {} })
  assertChanges(p.initialChanges, [['v1', {}, 'sync']])
})

test('vote: missing, null and undefined do not vote; they receive the winner', () => {
  const p = pipeline({ v1: null, v2: undefined, v3: 'k' })
  assertChanges(p.initialChanges, [['v1', 'k', 'sync'], ['v2', 'k', 'sync']], { unorderedFrom: 0 })
  assert.deepStrictEqual(p.getState(), { v1: 'k', v2: 'k', v3: 'k' })
  // spec reading: a missing member is written too (the group settles on one value)
  const q = pipeline({ v3: 'k' })
  assertChanges(q.initialChanges, [['v1', 'k', 'sync'], ['v2', 'k', 'sync']], { unorderedFrom: 0 })
})

test('vote: two nulls do not outvote one value', () => {
  const p = pipeline({ o1: null, o2: null, o3: 3 })
  assertChanges(p.initialChanges, [['o1', 3, 'sync'], ['o2', 3, 'sync']], { unorderedFrom: 0 })
})

test('vote: no member has a value → nothing changes', () => {
  const p = pipeline({ o1: null, o2: undefined, v1: null })
  assertChanges(p.initialChanges, [])
  assert.deepStrictEqual(p.getState(), { o1: null, o2: undefined, v1: null })
  assertChanges(pipeline({}).initialChanges, [])
  assert.deepStrictEqual(pipeline({}).getState(), {})
})

test('vote: three-way tie at one depth → lexicographically smallest path', () => {
  const p = pipeline({ v1: 'c', v2: 'a', v3: 'b' })
  assertChanges(p.initialChanges, [['v2', 'c', 'sync'], ['v3', 'c', 'sync']], { unorderedFrom: 0 })
})

test('vote: 1 and "1" are different values', () => {
  const p = pipeline({ o1: 1, o2: '1', o3: '1' })
  assertChanges(p.initialChanges, [['o1', '1', 'sync']])
})

test('vote: deep paths of the same group (d <-> g) settle too; the smaller path wins a tie', () => {
  const p = pipeline({ d: { e: { f: 1 } }, g: { e: { f: 2 } }, h: { f: 1 } })
  // {d, g}: tie at depth 1 → d; d.e and h already agree.
  assertChanges(p.initialChanges, [['g', { e: { f: 1 } }, 'sync']])
})

test('vote: groups that already agree produce no initial changes', () => {
  const p = pipeline({ ex: { a: 1, b: 1, c: 1 }, src: { x: 1 }, dst: { x: 1 }, v1: 0, v2: 0, v3: 0 })
  assertChanges(p.initialChanges, [])
})

// ---- wildcards ---------------------------------------------------------------------

test('wildcards: wa.k.x ↔ wb.k.x per key, other keys untouched', () => {
  const p = wild({ wa: { k1: { x: 1 }, k2: { x: 2 } }, wb: { k1: { x: 1 }, k2: { x: 2 } } })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('wa.k1.x', 5), [['wa.k1.x', 5, 'input'], ['wb.k1.x', 5, 'sync']])
  assertChanges(p.set('wb.k2.x', 6), [['wb.k2.x', 6, 'input'], ['wa.k2.x', 6, 'sync']])
  assert.deepStrictEqual(p.getState(), { wa: { k1: { x: 5 }, k2: { x: 6 } }, wb: { k1: { x: 5 }, k2: { x: 6 } } })
})

test('wildcards: a new key is linked (the peer\'s container is created)', () => {
  const p = wild({ wa: { k1: { x: 1 } }, wb: { k1: { x: 1 } } })
  assertChanges(p.set('wa.k3', { x: 7 }), [['wa.k3', { x: 7 }, 'input'], ['wb.k3.x', 7, 'sync']])
  assert.deepStrictEqual(p.get('wb'), { k1: { x: 1 }, k3: { x: 7 } })
})

test('wildcards: creation votes per key', () => {
  const p = wild({ wa: { k1: { x: 1 }, k2: { x: 'b' } }, wb: { k1: { x: 2 }, k2: { x: null } } })
  // k1: tie at equal depth → 'wa.k1.x' < 'wb.k1.x'; k2: only wa votes
  assertChanges(p.initialChanges, [['wb.k1.x', 1, 'sync'], ['wb.k2.x', 'b', 'sync']], { unorderedFrom: 0 })
})

test('wildcards: a key that disappears is a vanished member: its peer gets null', () => {
  const p = wild({ wa: { k1: { x: 1 }, k2: { x: 2 } }, wb: { k1: { x: 1 }, k2: { x: 2 } } })
  assertChanges(p.set('wa', { k2: { x: 2 } }), [['wa', { k2: { x: 2 } }, 'input'], ['wb.k1.x', null, 'sync']])
  assert.deepStrictEqual(p.getState(), { wa: { k2: { x: 2 } }, wb: { k1: { x: null }, k2: { x: 2 } } })
})

test('fan-out: s.x is written to every key present', () => {
  const p = wild({ fo: { a: { cur: 'USD' }, b: { cur: 'USD' } }, fs: { cur: 'USD' } })
  assertChanges(p.initialChanges, [])
  assertChanges(p.set('fs.cur', 'EUR'), [['fs.cur', 'EUR', 'input'], ['fo.a.cur', 'EUR', 'sync'], ['fo.b.cur', 'EUR', 'sync']], { unorderedFrom: 1 })
})

test('fan-out: one key\'s change reaches s.x and every other key', () => {
  const p = wild({ fo: { a: { cur: 'USD' }, b: { cur: 'USD' }, c: { cur: 'USD' } }, fs: { cur: 'USD' } })
  assertChanges(p.set('fo.b.cur', 'GBP'),
    [['fo.b.cur', 'GBP', 'input'], ['fs.cur', 'GBP', 'sync'], ['fo.a.cur', 'GBP', 'sync'], ['fo.c.cur', 'GBP', 'sync']], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { fo: { a: { cur: 'GBP' }, b: { cur: 'GBP' }, c: { cur: 'GBP' } }, fs: { cur: 'GBP' } })
})

test('fan-out: a new key joins the group; its value reaches s.x and every other key', () => {
  const p = wild({ fo: { a: { cur: 'USD' }, b: { cur: 'USD' } }, fs: { cur: 'USD' } })
  assertChanges(p.set('fo.d', { cur: 'EUR' }),
    [['fo.d', { cur: 'EUR' }, 'input'], ['fs.cur', 'EUR', 'sync'], ['fo.a.cur', 'EUR', 'sync'], ['fo.b.cur', 'EUR', 'sync']], { unorderedFrom: 1 })
})

test('fan-out: creation votes over every key and s.x together', () => {
  const p = wild({ fo: { a: { cur: 'X' }, b: { cur: 'Y' }, c: { cur: 'Y' } } })
  assertChanges(p.initialChanges, [['fo.a.cur', 'Y', 'sync'], ['fs.cur', 'Y', 'sync']], { unorderedFrom: 0 })
})

// ---- one-way -----------------------------------------------------------------------

test('one-way: with a -> b, b <-> c, writing a sets b and c', () => {
  const p = oneway({ ow: { a: 0, b: 0, c: 0 } })
  assertChanges(p.initialChanges, [])
  // spec reading: changes carried by a one-way edge have stage 'sync'; b before c (c follows from b)
  assertChanges(p.set('ow.a', 1), [['ow.a', 1, 'input'], ['ow.b', 1, 'sync'], ['ow.c', 1, 'sync']])
})

test('one-way: writing c sets b only (nothing flows back)', () => {
  const p = oneway({ ow: { a: 0, b: 0, c: 0 } })
  assertChanges(p.set('ow.c', 2), [['ow.c', 2, 'input'], ['ow.b', 2, 'sync']])
  assert.deepStrictEqual(p.getState(), { ow: { a: 0, b: 2, c: 2 } })
  assertChanges(p.set('ow.b', 3), [['ow.b', 3, 'input'], ['ow.c', 3, 'sync']])
  assert.equal(p.get('ow.a'), 0)
})

test('one-way: transitively along a chain (t1 -> t2 -> t3), never back', () => {
  const p = oneway({ t1: 'A', t2: 'A', t3: 'A' })
  assertChanges(p.set('t1', 'B'), [['t1', 'B', 'input'], ['t2', 'B', 'sync'], ['t3', 'B', 'sync']])
  assertChanges(p.set('t2', 'C'), [['t2', 'C', 'input'], ['t3', 'C', 'sync']])
  assertChanges(p.set('t3', 'D'), [['t3', 'D', 'input']])
  assert.deepStrictEqual(p.getState(), { t1: 'B', t2: 'C', t3: 'D' })
})

test('one-way: below (bsrc.k → bdst.k), and not back', () => {
  const p = oneway({ bsrc: {}, bdst: {} })
  assertChanges(p.set('bsrc.k', 1), [['bsrc.k', 1, 'input'], ['bdst.k', 1, 'sync']])
  assertChanges(p.set('bdst.k', 2), [['bdst.k', 2, 'input']])
  assert.deepStrictEqual(p.getState(), { bsrc: { k: 1 }, bdst: { k: 2 } })
})

test('one-way: above (us = {v: 3} → ud.v = 3)', () => {
  const p = oneway({ us: { v: 1 }, ud: { v: 1 } })
  assertChanges(p.set('us', { v: 3 }), [['us', { v: 3 }, 'input'], ['ud.v', 3, 'sync']])
})

test('one-way and later change wins: [a = 1, c = 2] → b = 2 (c is later), a stays 1', () => {
  const p = oneway({ ow: { a: 0, b: 0, c: 0 } })
  assertChanges(p.apply([['ow.a', 1], ['ow.c', 2]]), [['ow.a', 1, 'input'], ['ow.c', 2, 'input'], ['ow.b', 2, 'sync']])
  assert.deepStrictEqual(p.getState(), { ow: { a: 1, b: 2, c: 2 } })
})

test('one-way and later change wins: [c = 2, a = 1] → b = 1, c = 1', () => {
  const p = oneway({ ow: { a: 0, b: 0, c: 0 } })
  assertChanges(p.apply([['ow.c', 2], ['ow.a', 1]]),
    [['ow.c', 2, 'input'], ['ow.a', 1, 'input'], ['ow.b', 1, 'sync'], ['ow.c', 1, 'sync']])
  assert.deepStrictEqual(p.getState(), { ow: { a: 1, b: 1, c: 1 } })
})

test('one-way at creation: the source\'s value wins over the vote', () => {
  const p = oneway({ ow: { a: 'S', b: 'x', c: 'x' } })
  assertChanges(p.initialChanges, [['ow.b', 'S', 'sync'], ['ow.c', 'S', 'sync']], { unorderedFrom: 0 })
  assert.deepStrictEqual(p.getState(), { ow: { a: 'S', b: 'S', c: 'S' } })
})

test('one-way at creation: "" counts as a source value', () => {
  const p = oneway({ ow: { a: '', b: 'x', c: 'x' } })
  assertChanges(p.initialChanges, [['ow.b', '', 'sync'], ['ow.c', '', 'sync']], { unorderedFrom: 0 })
})

test('one-way at creation: a source without a value (null) leaves the component to its vote', () => {
  const p = oneway({ ow: { a: null, b: 'x', c: 'y' } })
  assertChanges(p.initialChanges, [['ow.c', 'x', 'sync']])
  assert.deepStrictEqual(p.getState(), { ow: { a: null, b: 'x', c: 'x' } })
  const q = oneway({ ow: { b: 'x', c: 'y' } })
  assertChanges(q.initialChanges, [['ow.c', 'x', 'sync']])
})

test('one-way at creation: edges settle in topological order (t1 -> t2 -> t3)', () => {
  const p = oneway({ t1: 'A', t2: 'B', t3: 'C' })
  assertChanges(p.initialChanges, [['t2', 'A', 'sync'], ['t3', 'A', 'sync']])
  assert.deepStrictEqual(p.getState(), { t1: 'A', t2: 'A', t3: 'A' })
})

test('one-way at creation: a valueless head passes on the middle\'s value', () => {
  const p = oneway({ t2: 'B', t3: 'C' })
  assertChanges(p.initialChanges, [['t3', 'B', 'sync']])
})

// ---- build-time ----------------------------------------------------------------------

test('a path synced with itself is a lint warning (WP1005) and does nothing', () => {
  const dir = tmpDir('self')
  const f = path.join(dir, 'self.wp')
  fs.writeFileSync(f, 'sync a <-> a\n')
  const r = runWpc(['lint', '--color=never', f])
  assert.equal(r.status, 0, r.stderr)
  assert.match(r.stderr, /warning\[WP1005\]/)
})

// ---- an exact change followed by a change below it, in one batch -----------------------

test('a member written and then written below in one batch: as if one after the other (no ping-pong)', () => {
  // found by the reference engine (tests/ref): the older change used to put
  // its own value back over the newer one below it, thousands of times
  const p = pipeline({})
  assertChanges(p.apply([['src', null], ['src.x', { x: 1 }]]),
    [['src', null, 'input'], ['src.x', { x: 1 }, 'input'], ['dst.x', { x: 1 }, 'sync']])
  assert.deepStrictEqual(p.getState().src, { x: { x: 1 } })
  assert.deepStrictEqual(p.getState().dst, { x: { x: 1 } })
  const q = pipeline({})
  assertChanges(q.apply([['src', { x: 1, y: 1 }], ['src.x', 2]]),
    [['src', { x: 1, y: 1 }, 'input'], ['src.x', 2, 'input'], ['dst', { x: 1, y: 1 }, 'sync'], ['dst.x', 2, 'sync']])
  assert.deepStrictEqual(q.getState().dst, { x: 2, y: 1 })
})

test('the same in a batch of more than 16 changes (the round indexes its later changes)', () => {
  const p = pipeline({})
  const filler = Array.from({ length: 18 }, (_, i) => [`free.k${i}`, i])
  const changes = p.apply([['src', null], ...filler, ['src.x', { x: 1 }]])
  assertChanges(changes, [['src', null, 'input'], ...filler.map(([k, v]) => [k, v, 'input']), ['src.x', { x: 1 }, 'input'],
    ['dst.x', { x: 1 }, 'sync']])
  assert.deepStrictEqual(p.getState().dst, { x: { x: 1 } })
})
