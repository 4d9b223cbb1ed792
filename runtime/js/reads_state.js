// reads_state.js — whether a listener handler can see its second argument
// (the scoped state), which costs the glue a copy of the scope's value
// (wp_get and a decode) for every call. It cannot when
//
// - it declares fewer than two parameters and has no rest parameter and no
//   `arguments`; or
// - its parameters are plain names (no default, pattern or rest), and the
//   second one's name occurs nowhere in its source after the parameter
//   list, which holds no `arguments`, `eval` or `\u` escape (through which
//   a name could be spelt otherwise).
//
// Everything else is assumed to read it: a function whose source is not
// visible (native, bound), or a source this reading does not recognise. A
// name that occurs in a comment or a string only counts as a read: the
// check may give a copy that is not needed, never withhold one.

const PLAIN_NAME = /^[A-Za-z_$][\w$]*$/
// What may precede the parameter list: `function f`, `async function* f`,
// a method name (`f`, `async f`), or nothing (an arrow).
const HEAD = /^(?:async\s+)?(?:function\b\s*\*?\s*[\w$]*|\*?\s*[\w$]+)?\s*$/

export function readsSecondArgument(fn) {
  const src = Function.prototype.toString.call(fn)
  if (src.includes('[native code]')) return true
  if (fn.length < 2) return src.includes('...') || /\barguments\b/.test(src)
  return !secondUnread(src)
}

// True when the source's second parameter is a plain name its body never
// mentions (see above).
function secondUnread(src) {
  const open = src.indexOf('(')
  if (open < 0 || !HEAD.test(src.slice(0, open))) return false
  const close = src.indexOf(')', open)
  if (close < 0) return false
  const params = src.slice(open + 1, close).split(',').map((s) => s.trim())
  if (params.length && params[params.length - 1] === '') params.pop() // a trailing comma
  if (params.length < 2 || !params.every((p) => PLAIN_NAME.test(p))) return false
  const body = src.slice(close + 1)
  if (/\barguments\b|\beval\b|\\u/.test(body)) return false
  const name = params[1].replace(/\$/g, '\\$')
  return !new RegExp(`(^|[^\\w$])${name}($|[^\\w$])`).test(body)
}
