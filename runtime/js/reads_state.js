// reads_state.js — which of its three arguments (changes, scopedState, ctx)
// a listener handler can read. Each costs the glue work for every call:
// the changes are fresh copies of the round's changes and of the earlier
// outputs routed to it, the scoped state a copy of the scope's value
// (wp_get and a decode), ctx an object. A handler cannot read argument k
// when
//
// - its parameter list is not one of plain names (a pattern, or a source
//   this reading does not recognise), k is at or past fn.length, and the
//   source holds no `...`, no `arguments` and no default before its first
//   `)` (the rule for `() => …` and `(changes) => …`); or
// - its parameters are plain names, and the source after the parameter
//   list holds no `arguments`, `eval` or `\u` escape (through which a name
//   could be spelt otherwise) and never mentions the k-th one's name (or
//   it declares fewer than k + 1).
//
// Everything else is assumed to read it, so is a function whose source is
// not visible (native, bound). A name that occurs in a comment or a string
// counts as a read: the check may make a copy nobody reads, never withhold
// one.

const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/
// What may precede the parameter list: `function f`, `async function* f`,
// a method name (`f`, `async f`), or nothing (an arrow).
const HEAD = /^(?:async\s+)?(?:function\b\s*\*?\s*[\w$]*|\*?\s*[\w$]+)?\s*$/
const ARGS = 3

// [changes, scopedState, ctx]: true for each argument the handler may read.
export function argumentsRead(fn) {
  const src = Function.prototype.toString.call(fn)
  if (src.includes('[native code]')) return [true, true, true]
  const plain = plainParams(src)
  const reads = new Array(ARGS)
  if (plain === null) {
    // fn.length stops at the first default: `(changes, scoped = {})` has 1
    const any = src.includes('...') || /\barguments\b/.test(src) || hasDefault(src)
    for (let k = 0; k < ARGS; k++) reads[k] = k < fn.length || any
    return reads
  }
  const { names, body } = plain
  const any = /\barguments\b|\beval\b|\\u/.test(body)
  for (let k = 0; k < ARGS; k++) reads[k] = any || (k < names.length && mentions(body, names[k]))
  return reads
}

// The parameter names and the source after them, or null when the
// parameters are not all plain names (see above).
function plainParams(src) {
  const open = src.indexOf('(')
  if (open < 0 || !HEAD.test(src.slice(0, open))) return null
  const close = src.indexOf(')', open)
  if (close < 0) return null
  const names = src.slice(open + 1, close).split(',').map((s) => s.trim())
  if (names.length && names[names.length - 1] === '') names.pop() // `()` or a trailing comma
  if (!names.every((p) => PLAIN_NAME.test(p))) return null
  return { names, body: src.slice(close + 1) }
}

// Whether a source this reading does not otherwise recognise may have a
// default among its parameters: an `=` between the first `(` and the next
// `)` (which, for an arrow without parentheses, may be in its body: then
// it is only taken to read everything, a copy too many).
function hasDefault(src) {
  const open = src.indexOf('(')
  if (open < 0) return false // `c => …`: one plain parameter
  const close = src.indexOf(')', open)
  return src.slice(open, close < 0 ? src.length : close).includes('=')
}

function mentions(body, name) {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}($|[^\\w$])`).test(body)
}
