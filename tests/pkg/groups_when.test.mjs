// groups_when.test.mjs — semantics.md §9 (groups) as it concerns concerns,
// and `group G when <condition>`; language.md §7.
// Fixtures:
//   fixtures/groups.wp       `group g { field gf { … } }`, `group goff off`,
//                            a wildcard field in `group gw`, a top-level field
//   fixtures/groups_when.wp  `group same when shipping.sameAsBilling { sync
//                            billing.street -> shipping.street; field … }`,
//                            `group anchored when exists order.id`,
//                            `group both off when flag.on`
import { test } from 'node:test'
import { assert, assertChanges, describe, normalise, pipelineOf, throwsErr } from './helpers.mjs'

const creators = {}
for (const fx of ['groups', 'groups_when']) creators[fx] = await pipelineOf(fx).catch((e) => e)
function pipe(fx, state, opts) {
  const c = creators[fx]
  if (c instanceof Error) throw c
  return c(state, opts)
}

const OK = { isError: false, errors: [] }
const ERR = (...messages) => ({ isError: true, errors: messages.map((message) => ({ field: '.', message })) })
const concernChanges = (changes) => normalise(changes).filter((c) => c[0].startsWith('_concerns.'))

/** True when getConcerns() holds no defined value for `field`. */
function noConcerns(p, field) {
  const all = p.getConcerns()
  const mine = all[field]
  return mine === undefined || Object.values(mine).every((v) => v === undefined)
}

// =======================================================================================
// enable / disable (groups.wp)
// =======================================================================================

test('concerns inside an enabled group are evaluated at creation like top-level ones', () => {
  const p = pipe('groups', { gx: { a: true, name: 'N' } })
  assertChanges(concernChanges(p.initialChanges), [
    ['_concerns.gf.disabledWhen', true, 'concerns'],
    ['_concerns.gf.dynamicLabel', 'A N', 'concerns'],
    ['_concerns.gf.validationState', ERR('is required'), 'validators'],
    ['_concerns.top.c', true, 'concerns'],
  ], { unorderedFrom: 0 })
  assert.deepStrictEqual(p.getConcerns('gf'), { disabledWhen: true, dynamicLabel: 'A N', validationState: ERR('is required') })
})

test('a group declared off has no concern values at creation', () => {
  const p = pipe('groups', { gx: { a: true } })
  assert.ok(noConcerns(p, 'go'), `go has no concerns: ${describe(p.getConcerns())}`)
  assert.ok(!normalise(p.initialChanges).some((c) => c[0].startsWith('_concerns.go.')))
})

test('disable removes the group\'s concern values (changes to undefined); state values stay', () => {
  const p = pipe('groups', { gx: { a: true, name: 'N' } })
  const before = p.getState()
  assertChanges(p.disable('g'), [
    ['_concerns.gf.disabledWhen', undefined, 'concerns'],
    ['_concerns.gf.dynamicLabel', undefined, 'concerns'],
    ['_concerns.gf.validationState', undefined, 'validators'],
  ], { unorderedFrom: 0 })
  assert.ok(noConcerns(p, 'gf'), `gf has no concern values left: ${describe(p.getConcerns())}`)
  assert.deepStrictEqual(p.getConcerns('top'), { c: true }, 'concerns outside the group stay')
  assert.deepStrictEqual(p.getState(), before)
})

test('while disabled, the group\'s concerns do not act', () => {
  const p = pipe('groups', { gx: { a: true, name: 'N' } })
  p.disable('g')
  assertChanges(p.set('gx.a', false), [['gx.a', false, 'input'], ['_concerns.top.c', false, 'concerns']])
  assertChanges(p.set('gx.name', 'M'), [['gx.name', 'M', 'input']])
  assertChanges(p.set('gf', 'filled'), [['gf', 'filled', 'input']])
  assert.ok(noConcerns(p, 'gf'))
})

test('enable recomputes the group\'s concerns from the current state and returns them', () => {
  const p = pipe('groups', { gx: { a: true, name: 'N' } })
  p.disable('g')
  p.apply([['gx.a', false], ['gx.name', 'M'], ['gf', 'filled']])
  assertChanges(p.enable('g'), [
    ['_concerns.gf.disabledWhen', false, 'concerns'],
    ['_concerns.gf.dynamicLabel', 'A M', 'concerns'],
    ['_concerns.gf.validationState', OK, 'validators'],
  ], { unorderedFrom: 0 })
  assert.deepStrictEqual(p.getConcerns('gf'), { disabledWhen: false, dynamicLabel: 'A M', validationState: OK })
  // and they act again
  assertChanges(p.set('gx.a', true), [
    ['gx.a', true, 'input'],
    ['_concerns.gf.disabledWhen', true, 'concerns'],
    ['_concerns.top.c', true, 'concerns'],
  ], { unorderedFrom: 1 })
})

test('enabling an enabled group, or disabling a disabled one, does nothing', () => {
  const p = pipe('groups', { gx: { a: true } })
  assertChanges(p.enable('g'), [])
  p.disable('g')
  assertChanges(p.disable('g'), [])
  assertChanges(p.disable('goff'), [])
  assert.ok(noConcerns(p, 'gf'))
})

test('an unknown group name throws (enable and disable)', () => {
  const p = pipe('groups', {})
  throwsErr(() => p.enable('nope'))
  throwsErr(() => p.disable('nope'))
})

test('enabling a group declared off evaluates its concerns; disabling removes them again', () => {
  const p = pipe('groups', { gx: { a: true } })
  assertChanges(p.enable('goff'), [['_concerns.go.c', true, 'concerns']])
  assertChanges(p.set('gx.a', false), [
    ['gx.a', false, 'input'],
    ['_concerns.gf.disabledWhen', false, 'concerns'],
    ['_concerns.go.c', false, 'concerns'],
    ['_concerns.top.c', false, 'concerns'],
  ], { unorderedFrom: 1 })
  assertChanges(p.disable('goff'), [['_concerns.go.c', undefined, 'concerns']])
})

test('a wildcard field in a group: disable removes every key\'s concerns, enable recomputes every key present', () => {
  const p = pipe('groups', { gw: { items: { a: { q: 20 }, b: { q: 1 } } } })
  assert.deepStrictEqual(p.getConcerns('gw.items.a.q'), { big: true })
  assert.deepStrictEqual(p.getConcerns('gw.items.b.q'), { big: false })
  assertChanges(p.disable('gw'), [
    ['_concerns.gw.items.a.q.big', undefined, 'concerns'],
    ['_concerns.gw.items.b.q.big', undefined, 'concerns'],
  ], { unorderedFrom: 0 })
  assertChanges(p.set('gw.items.c', { q: 50 }), [['gw.items.c', { q: 50 }, 'input']])
  assertChanges(p.enable('gw'), [
    ['_concerns.gw.items.a.q.big', true, 'concerns'],
    ['_concerns.gw.items.b.q.big', false, 'concerns'],
    ['_concerns.gw.items.c.q.big', true, 'concerns'],
  ], { unorderedFrom: 0 })
})

// =======================================================================================
// group G when <condition> (groups_when.wp)
// =======================================================================================

const UNTICKED = { billing: { street: 'Main' }, shipping: { sameAsBilling: false, street: '' } }
const TICKED = { billing: { street: 'Main' }, shipping: { sameAsBilling: true, street: '' } }

// The order between a state write made by a group's creation steps and the
// concern outputs of the same round is compared as a set (unorderedFrom):
// §9 says the creation steps run "right there" with the concerns, and does
// not fix the order among those outputs.  The concern *values* must reflect
// the final state (the guiding promise): the label reads the copied street.

test('a group whose condition is false at creation does not act: the street is not copied when the box is unticked', () => {
  const p = pipe('groups_when', UNTICKED)
  assertChanges(p.initialChanges, [])
  assert.deepStrictEqual(p.getState(), UNTICKED)
  assert.ok(noConcerns(p, 'shipping.street'), `no concerns for shipping.street: ${describe(p.getConcerns())}`)
  const q = pipe('groups_when', { billing: { street: 'Main' }, shipping: { street: 'Side' } })
  assertChanges(q.initialChanges, [])
  assert.equal(q.get('shipping.street'), 'Side')
})

test('a group whose condition holds at creation runs its creation steps (one-way copy, concerns)', () => {
  const p = pipe('groups_when', TICKED)
  // §13: sync votes and one-way copies come before concerns among the creation steps
  assertChanges(p.initialChanges, [
    ['shipping.street', 'Main', 'sync'],
    ['_concerns.shipping.street.readonlyWhen', true, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Main', 'concerns'],
  ], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { billing: { street: 'Main' }, shipping: { sameAsBilling: true, street: 'Main' } })
})

test('while the condition is false, the group\'s rules do not act', () => {
  const p = pipe('groups_when', UNTICKED)
  assertChanges(p.set('billing.street', 'Elm'), [['billing.street', 'Elm', 'input']])
  assertChanges(p.set('billing', { street: 'Oak' }), [['billing', { street: 'Oak' }, 'input']])
  assertChanges(p.set('shipping.street', 'Own'), [['shipping.street', 'Own', 'input']])
  assert.equal(p.get('shipping.street'), 'Own')
})

test('a group switched on by its condition runs its creation steps in the same apply', () => {
  const p = pipe('groups_when', UNTICKED)
  assertChanges(p.set('shipping.sameAsBilling', true), [
    ['shipping.sameAsBilling', true, 'input'],
    ['shipping.street', 'Main', 'sync'],
    ['_concerns.shipping.street.readonlyWhen', true, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Main', 'concerns'],
  ], { unorderedFrom: 1 })
  assert.deepStrictEqual(p.getState(), { billing: { street: 'Main' }, shipping: { sameAsBilling: true, street: 'Main' } })
  // and its rules act from the next change on
  assertChanges(p.set('billing.street', 'Elm'), [
    ['billing.street', 'Elm', 'input'],
    ['shipping.street', 'Elm', 'sync'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Elm', 'concerns'],
  ])
  assertChanges(p.set('billing.street', null), [
    ['billing.street', null, 'input'],
    ['shipping.street', null, 'sync'],
    ['_concerns.shipping.street.readonlyWhen', false, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to {{shipping.street}}', 'concerns'],
  ], { unorderedFrom: 2 })
})

test('switched on in the same batch as a source edit: the creation step copies the final value, concerns see it', () => {
  const p = pipe('groups_when', UNTICKED)
  assertChanges(p.apply([['billing.street', 'Elm'], ['shipping.sameAsBilling', true]]), [
    ['billing.street', 'Elm', 'input'],
    ['shipping.sameAsBilling', true, 'input'],
    ['shipping.street', 'Elm', 'sync'],
    ['_concerns.shipping.street.readonlyWhen', true, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Elm', 'concerns'],
  ], { unorderedFrom: 2 })
  assert.deepStrictEqual(p.getConcerns('shipping.street'), { readonlyWhen: true, dynamicLabel: 'Ship to Elm' })
})

test('a group switched off by its condition loses its concern values there, and stops its rules; state stays', () => {
  const p = pipe('groups_when', TICKED)
  assertChanges(p.set('shipping.sameAsBilling', false), [
    ['shipping.sameAsBilling', false, 'input'],
    ['_concerns.shipping.street.readonlyWhen', undefined, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', undefined, 'concerns'],
  ], { unorderedFrom: 1 })
  assert.ok(noConcerns(p, 'shipping.street'))
  assertChanges(p.set('billing.street', 'Elm'), [['billing.street', 'Elm', 'input']])
  assert.deepStrictEqual(p.getState(), { billing: { street: 'Elm' }, shipping: { sameAsBilling: false, street: 'Main' } })
})

test('a condition that stays true does not re-run the creation steps', () => {
  const p = pipe('groups_when', TICKED)
  assertChanges(p.set('shipping.sameAsBilling', true), [])
  assertChanges(p.set('shipping.street', 'Own'), [
    ['shipping.street', 'Own', 'input'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Own', 'concerns'],
  ])
  assertChanges(p.set('shipping', { sameAsBilling: true, street: 'Own2' }), [
    ['shipping', { sameAsBilling: true, street: 'Own2' }, 'input'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Own2', 'concerns'],
  ])
  assert.equal(p.get('shipping.street'), 'Own2')
})

test('an anchor condition (when exists order.id) switches the group\'s concerns on and off', () => {
  const p = pipe('groups_when', {})
  assert.ok(noConcerns(p, 'order.note'))
  assertChanges(p.set('order.id', 7), [['order.id', 7, 'input'], ['_concerns.order.note.dynamicLabel', 'Order 7', 'concerns']])
  assertChanges(p.set('order.id', 8), [['order.id', 8, 'input'], ['_concerns.order.note.dynamicLabel', 'Order 8', 'concerns']])
  assertChanges(p.set('order.id', null), [['order.id', null, 'input'], ['_concerns.order.note.dynamicLabel', undefined, 'concerns']])
  assert.ok(noConcerns(p, 'order.note'))
  assertChanges(p.set('order', { id: 0 }), [['order', { id: 0 }, 'input'], ['_concerns.order.note.dynamicLabel', 'Order 0', 'concerns']])
  assertChanges(p.set('order', {}), [['order', {}, 'input'], ['_concerns.order.note.dynamicLabel', undefined, 'concerns']])
  const q = pipe('groups_when', { order: { id: 'A1' } })
  assertChanges(q.initialChanges, [['_concerns.order.note.dynamicLabel', 'Order A1', 'concerns']])
})

test('`group G off when C`: active only while switched on and C holds', () => {
  const p = pipe('groups_when', { flag: { on: true, x: true } })
  assert.ok(noConcerns(p, 'flag.f'), 'off at creation although C holds')
  assertChanges(p.set('flag.x', false), [['flag.x', false, 'input']])
  assertChanges(p.enable('both'), [['_concerns.flag.f.c', false, 'concerns']])
  assertChanges(p.set('flag.x', true), [['flag.x', true, 'input'], ['_concerns.flag.f.c', true, 'concerns']])
  assertChanges(p.set('flag.on', false), [['flag.on', false, 'input'], ['_concerns.flag.f.c', undefined, 'concerns']])
  assertChanges(p.enable('both'), [], 'enabling a switched-on group whose condition is false does nothing')
  assertChanges(p.set('flag.on', true), [['flag.on', true, 'input'], ['_concerns.flag.f.c', true, 'concerns']])
  assertChanges(p.disable('both'), [['_concerns.flag.f.c', undefined, 'concerns']])
  assertChanges(p.set('flag.on', false), [['flag.on', false, 'input']])
  assertChanges(p.set('flag.on', true), [['flag.on', true, 'input']])
  assert.ok(noConcerns(p, 'flag.f'))
})

test('`group G off when C`: enabling while C is false acts nothing until C becomes true', () => {
  const p = pipe('groups_when', { flag: { on: false, x: true } })
  assertChanges(p.enable('both'), [])
  assert.ok(noConcerns(p, 'flag.f'))
  assertChanges(p.set('flag.on', true), [['flag.on', true, 'input'], ['_concerns.flag.f.c', true, 'concerns']])
})

test('disable of a `when` group whose condition holds removes its concerns; enable brings them back', () => {
  const p = pipe('groups_when', TICKED)
  assertChanges(p.disable('same'), [
    ['_concerns.shipping.street.readonlyWhen', undefined, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', undefined, 'concerns'],
  ], { unorderedFrom: 0 })
  assertChanges(p.set('billing.street', 'Elm'), [['billing.street', 'Elm', 'input']])
  // §13 order of the creation steps: one-way copies, then concerns
  assertChanges(p.enable('same'), [
    ['shipping.street', 'Elm', 'sync'],
    ['_concerns.shipping.street.readonlyWhen', true, 'concerns'],
    ['_concerns.shipping.street.dynamicLabel', 'Ship to Elm', 'concerns'],
  ], { unorderedFrom: 1 })
})
