// concerns_cost.test.mjs — a change re-evaluates exactly the concerns that
// read it (semantics §10: "afterwards when an input path of it changes"),
// counted by Pipeline.stats().concernEvaluations (every evaluator call).
// Fixture: fixtures/cost.wp.
import { test } from 'node:test'
import { assert, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('cost')
const state = () => ({ a: { x: 0, y: 0 }, b: { x: 0 }, rows: { r1: { v: 1, w: 0 }, r2: { v: 2, w: 0 } }, other: '' })
const evaluations = (p, changes) => {
  const before = p.stats().concernEvaluations
  p.apply(changes)
  return p.stats().concernEvaluations - before
}

test('creation evaluates every concern instance once', () => {
  const p = create(state())
  // a.x: 2 concerns, b.x: 1, rows[*].v: 1 per key (2 keys)
  assert.equal(p.stats().concernEvaluations, 5)
})

test('an unrelated change evaluates no concern', () => {
  const p = create(state())
  assert.equal(evaluations(p, [['other', 'x']]), 0)
  assert.equal(evaluations(p, [['a.z', 1]]), 0, 'a sibling of the inputs')
})

test('a change evaluates only the concerns that read the changed path', () => {
  const p = create(state())
  assert.equal(evaluations(p, [['a.y', 5]]), 1, 'the label only')
  assert.equal(evaluations(p, [['b.x', 2]]), 1, 'the visible condition only')
})

test('a change above an input evaluates the concerns below it, once each', () => {
  const p = create(state())
  assert.equal(evaluations(p, [['a', { x: 3, y: 4 }]]), 2)
})

test('a wildcard input evaluates only the instance of its key', () => {
  const p = create(state())
  assert.equal(evaluations(p, [['rows.r2.w', 1]]), 1)
  assert.deepEqual(p.getConcerns('rows.r2.v'), { disabledWhen: true })
  assert.deepEqual(p.getConcerns('rows.r1.v'), { disabledWhen: false })
})

test('one instance is evaluated once per round however many of its inputs change', () => {
  const p = create(state())
  assert.equal(evaluations(p, [['a.x', 2], ['a.y', 3], ['a.x', 4]]), 2)
})
