// reads_state.test.mjs — which arguments listener handlers are given
// (reads_state.js): never one withheld from a handler that can read it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { argumentsRead } from '../reads_state.js'

const obj = {
  method(changes, scoped, ctx) { return scoped.x + ctx.scope },
  unused(changes, scoped, ctx) { return [ctx] },
  async asyncUnused(changes, scoped) { return changes },
}

// [function, [changes, scoped, ctx] as read]
const cases = [
  [() => 1, [false, false, false]],
  [(a) => a, [true, false, false]],
  [(a) => 1, [false, false, false]],
  [function (a) { return a }, [true, false, false]],
  [(a, b) => a, [true, false, false]],
  [(a, b) => b, [false, true, false]],
  [(a, b, ctx) => ctx.keys, [false, false, true]],
  [function named(changes, scoped, ctx) { return [changes, ctx] }, [true, false, true]],
  [obj.method, [false, true, true]],
  [obj.unused, [false, false, true]],
  [obj.asyncUnused, [true, false, false]],
  [(a, bb) => a.b, [true, false, false]], // `b` is not `bb`
  [(a, b,) => a, [true, false, false]],
  [(a, b) => () => b, [false, true, false]], // a closure
  [(a, b) => `${b}`, [false, true, false]],
  [(a, $b) => $b, [false, true, false]],
  [(a, b) => { return b /* a comment: a */ }, [true, true, false]],
  [(a, b) => eval('b'), [true, true, true]], // eslint-disable-line no-eval
  [function (a, b) { return arguments[1] }, [true, true, true]],
  [function () { return arguments[1] }, [true, true, true]],
  [(a, { x }) => x, [true, true, false]], // a pattern: fn.length 2
  [(a, b = 1) => b, [true, true, true]], // a default: fn.length 1, but it declares b
  [(a, { x } = {}) => x, [true, true, true]],
  [(c) => c.map((x) => x), [true, false, false]],
  [c => c.length, [true, false, false]], // eslint-disable-line arrow-parens
  [(a, ...rest) => rest[0], [true, true, true]],
  [(...args) => args[1], [true, true, true]],
  [(c) => c.length, [true, false, false]],
  [((a, b) => b).bind(null), [true, true, true]], // source not visible
  [Math.max, [true, true, true]], // native
]

test('each argument is read unless the handler cannot see it', () => {
  for (const [fn, want] of cases) assert.deepEqual(argumentsRead(fn), want, String(fn))
})
