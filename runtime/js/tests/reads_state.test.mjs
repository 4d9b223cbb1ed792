// reads_state.test.mjs — which listener handlers are given the scoped state
// (reads_state.js): never withheld from a handler that can read it.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readsSecondArgument } from '../reads_state.js'

const obj = {
  method(changes, scoped, ctx) { return scoped.x + ctx.scope },
  unused(changes, scoped, ctx) { return [changes, ctx] },
  async asyncUnused(changes, scoped) { return changes },
}

test('handlers that can read their second argument get it', () => {
  const reads = [
    (a, b) => b,
    function (a, b) { return b.x },
    obj.method,
    (a, b) => () => b, // a closure
    (a, b) => `${b}`,
    (a, b) => eval('b'), // eslint-disable-line no-eval
    (a, b) => arguments, // eslint-disable-line no-undef
    function (a, b) { return arguments[1] },
    (a, { x }) => x, // a pattern
    (a, ...rest) => rest[0],
    (...args) => args[1],
    function () { return arguments[1] },
    (a, b, c) => c(b),
    (a, $b) => $b,
    (a, b) => b /* also in a comment: b */,
    ((a, b) => b).bind(null), // source not visible
    Math.max, // native
  ]
  for (const fn of reads) assert.equal(readsSecondArgument(fn), true, String(fn))
})

test('handlers that cannot read it are not given it', () => {
  const unread = [
    () => 1,
    (a) => a,
    function (a) { return a },
    (a, b) => a,
    (a, b, ctx) => ctx.keys,
    function named(changes, scoped, ctx) { return [changes, ctx] },
    obj.unused,
    obj.asyncUnused,
    (a, bb) => a.b, // `b` is not `bb`
    (a, b,) => a,
  ]
  for (const fn of unread) assert.equal(readsSecondArgument(fn), false, String(fn))
})
