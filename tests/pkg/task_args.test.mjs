// task_args.test.mjs — what an external concern or validator receives for a
// path with nothing at it: undefined, as for any missing value in the API
// (docs/package.md, "Validators and concern functions"), never the glue's
// internal marker. Fixture: fixtures/types.wp (scoreUser(user.age),
// checkEmail(user.email)).
import { test } from 'node:test'
import { assert, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('types')

function recorder() {
  const calls = []
  return {
    calls,
    options: {
      listeners: { recalcLine: () => undefined },
      validators: { checkEmail: (value, deps, ctx) => { calls.push(['checkEmail', value, deps, ctx.field]); return { isError: false, errors: [] } } },
      concerns: { scoreUser: (age, ctx) => { calls.push(['scoreUser', age, ctx.concern]); return age === undefined ? 'none' : age } },
    },
  }
}

test('a missing argument reaches external concerns and validators as undefined', () => {
  const r = recorder()
  const p = create({}, r.options)
  const score = r.calls.find((c) => c[0] === 'scoreUser')
  assert.deepStrictEqual(score, ['scoreUser', undefined, 'score'])
  const check = r.calls.find((c) => c[0] === 'checkEmail')
  assert.strictEqual(check[1], undefined)
  assert.ok(Object.hasOwn(check[2], 'user.email'), 'deps names the path')
  assert.strictEqual(check[2]['user.email'], undefined)
  assert.equal(p.getConcerns('user.tier').score, 'none')
  p.set('user.age', 40)
  assert.equal(p.getConcerns('user.tier').score, 40)
  p.set('user.age', undefined)
  assert.equal(p.getConcerns('user.tier').score, 'none')
  assert.deepStrictEqual(r.calls.at(-1), ['scoreUser', undefined, 'score'])
})

test('processChanges lists a missing validator value and concern argument as undefined', () => {
  const p = create({ user: { email: 'a@b.c', age: 3 } }, recorder().options)
  const out = p.processChanges([['user', { name: 'x' }]]) // email and age are gone
  const v = out.validators_to_run.find((x) => x.validator === 'checkEmail')
  assert.strictEqual(v.value, undefined)
  assert.strictEqual(v.deps['user.email'], undefined)
  const c = out.concerns_to_run.find((x) => x.fn === 'scoreUser')
  assert.deepStrictEqual(c.args, [undefined])
})
