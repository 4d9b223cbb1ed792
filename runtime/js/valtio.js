// valtio.js — the ./valtio subpath of every generated package
// (docs/react.md, docs/migrating.md). pkg_react.c writes valtio.js /
// valtio.cjs as: the import of the package's entry and of valtio/vanilla
// as the namespace `valtioVanilla`, then store.js, then this file, then the
// export line.
//
// Two valtio proxies kept in step with the pipeline: `state` (the state) and
// `concerns` ({ [field path]: { [name]: value } }). A write to `state` is
// turned into a change and applied, so the rules run; every change the
// pipeline reports (that apply, or any other call on the store) is then
// written into the proxies, so `state` holds what the rules produced. Our
// own writes are not sent back (the `echo` flag).
//
// Which paths a write touched comes from valtio's operations. Recent valtio
// versions record them only after unstable_enableOp(true), which is called
// when it exists (it is process-wide and only makes valtio keep the
// operation of each write); a notification without operations falls back
// to comparing the proxy with the pipeline's state, top-level key by key.

const { proxy, subscribe } = valtioVanilla
if (typeof valtioVanilla.unstable_enableOp === 'function') valtioVanilla.unstable_enableOp(true)

function plainCopy(v) {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(plainCopy)
  const o = {}
  for (const k of Object.keys(v)) o[k] = plainCopy(v[k])
  return o
}

function splitPath(path) {
  return path === '' ? [] : path.split('.')
}

function writeIn(root, segs, value) {
  let node = root
  for (let i = 0; i < segs.length - 1; i++) {
    const next = node[segs[i]]
    if (next === null || typeof next !== 'object') {
      if (value === undefined) return
      node[segs[i]] = {}
    }
    node = node[segs[i]]
  }
  const last = segs[segs.length - 1]
  if (value === undefined) {
    if (Array.isArray(node) && Number(last) === node.length - 1) node.length--
    else delete node[last]
  } else node[last] = plainCopy(value)
}

// The change one valtio operation stands for: [path, value]. A write inside
// an array (an element, `length`, a push) becomes a write of the whole
// outermost array, since a list is one value to the rules' paths.
function opChange(state, op) {
  const segs = op[1].map(String)
  let node = state
  for (let i = 0; i < segs.length - 1; i++) {
    if (Array.isArray(node)) return [segs.slice(0, i).join('.'), plainCopy(node)]
    node = node?.[segs[i]]
  }
  if (Array.isArray(node)) return [segs.slice(0, -1).join('.'), plainCopy(node)]
  return [segs.join('.'), op[0] === 'delete' ? undefined : plainCopy(op[2])]
}

// The top-level keys whose values differ between the proxy and the state.
function diffChanges(state, store) {
  const now = store.getState()
  const out = []
  for (const k of new Set([...Object.keys(state), ...Object.keys(now)])) {
    const mine = plainCopy(state[k])
    if (!deepEqual(mine, now[k])) out.push([k, mine])
  }
  return out
}

function proxiesOf(store) {
  const state = proxy(store.getState())
  const concerns = proxy(store.getConcerns())
  let echo = false
  const follow = store.subscribeAll((changes) => {
    echo = true
    try {
      if (!changes.length) {
        // replacePipeline: take the whole state and concerns again
        const s = store.getState(), c = store.getConcerns()
        for (const k of Object.keys(state)) if (!Object.hasOwn(s, k)) delete state[k]
        for (const k of Object.keys(s)) state[k] = s[k]
        for (const k of Object.keys(concerns)) delete concerns[k]
        for (const k of Object.keys(c)) concerns[k] = c[k]
        return
      }
      const fields = new Set()
      for (const [path, value] of changes) {
        const segs = splitPath(path)
        if (segs[0] !== '_concerns') writeIn(state, segs, value)
        else if (segs.length > 2) fields.add(segs.slice(1, -1).join('.'))
      }
      // A concern change names its field by the path above the concern's
      // name; the field's whole object is read again (it is small).
      for (const f of fields) {
        const now = store.getConcerns(f)
        if (Object.keys(now).length) concerns[f] = now
        else delete concerns[f]
      }
    } finally {
      echo = false
    }
  })
  const unwatch = subscribe(
    state,
    (ops) => {
      if (echo) return
      const changes = ops.length
        ? ops.filter((op) => op[0] === 'set' || op[0] === 'delete').map((op) => opChange(state, op))
        : diffChanges(state, store)
      if (!changes.length) return
      try {
        store.apply(changes)
      } catch (e) {
        // nothing was applied: the proxy goes back to the pipeline's values
        echo = true
        try {
          for (const [path] of changes) writeIn(state, splitPath(path), store.get(path))
        } finally {
          echo = false
        }
        throw e
      }
    },
    true,
  )
  return {
    state,
    concerns,
    store,
    dispose() {
      follow()
      unwatch()
    },
  }
}

export function createProxies(initialState, options) {
  return proxiesOf(createWpStore(initialState, options))
}

export async function createProxiesAsync(initialState, options) {
  return proxiesOf(await createWpStoreAsync(initialState, options))
}
