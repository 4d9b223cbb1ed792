// store.js — the store the ./react and ./valtio subpaths share: a pipeline
// plus per-path subscriptions fed by the change lists `apply` returns
// (docs/react.md). pkg_react.c puts it into react.js / valtio.js after the
// import of the package's own entry; it uses nothing else.
//
// Subscriptions and snapshots live in one trie of path segments. A change
// at path c touches every node on the way to c (values above c contain it),
// the node at c, and every node below it. A touched node drops its cached
// snapshot and calls its listeners; the next read recomputes the snapshot
// and keeps the previous object when the new one is deep-equal, so a
// listener that was called for nothing (a change above that left this
// value alone, a child field's concern) does not re-render its component.
// Cost per apply: O(depth) per change plus the nodes below it; it does not
// depend on how many paths are subscribed elsewhere.

const CONCERNS = '_concerns'

function deepEqual(a, b) {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false
    return true
  }
  const ka = Object.keys(a)
  if (ka.length !== Object.keys(b).length) return false
  for (const k of ka) if (!Object.hasOwn(b, k) || !deepEqual(a[k], b[k])) return false
  return true
}

// A node of the trie: its children by segment, its listeners, and the
// cached snapshots (value at the path, and concerns of the field there).
function trieNode() {
  return { kids: new Map(), listeners: new Set(), has: false, value: undefined, hasC: false, concerns: undefined }
}

function segments(path) {
  return path === '' ? [] : path.split('.')
}

export class WpStore {
  #pipeline
  #root = trieNode()
  #all = new Set()
  #options

  constructor(pipeline, options) {
    this.#pipeline = pipeline
    this.#options = options
  }

  get pipeline() {
    return this.#pipeline
  }

  get options() {
    return this.#options
  }

  #node(path, create) {
    let n = this.#root
    for (const s of segments(path)) {
      let k = n.kids.get(s)
      if (!k) {
        if (!create) return null
        k = trieNode()
        n.kids.set(s, k)
      }
      n = k
    }
    return n
  }

  // The value at `path`, the same object until a change touches the path
  // and makes it differ.
  get(path) {
    const n = this.#node(path, true)
    if (n.has) return n.value
    const v = this.#pipeline.get(path)
    n.value = deepEqual(n.value, v) ? n.value : v
    n.has = true
    return n.value
  }

  // The concerns of one field, `{ name: value }`; stable like get().
  getConcerns(field) {
    if (field === undefined) return this.#pipeline.getConcerns()
    const n = this.#node(field === '' ? CONCERNS : `${CONCERNS}.${field}`, true)
    if (n.hasC) return n.concerns
    const c = this.#pipeline.getConcerns(field)
    n.concerns = deepEqual(n.concerns, c) ? n.concerns : c
    n.hasC = true
    return n.concerns
  }

  getState() {
    return this.#pipeline.getState()
  }

  // listener(changes) is called after every apply whose changes touch the
  // path (at, above or below it). Returns the unsubscribe function.
  subscribe(path, listener) {
    const n = this.#node(path, true)
    n.listeners.add(listener)
    return () => {
      n.listeners.delete(listener)
      this.#prune(path)
    }
  }

  // Drops the nodes of `path` that no one listens to and that lead nowhere,
  // deepest first, so paths of keys that come and go (cart lines) do not
  // pile up. A dropped node's snapshot goes with it; the next read makes a
  // new node.
  #prune(path) {
    const chain = [this.#root]
    const segs = segments(path)
    for (const s of segs) {
      const k = chain[chain.length - 1].kids.get(s)
      if (!k) return
      chain.push(k)
    }
    for (let i = chain.length - 1; i > 0; i--) {
      const n = chain[i]
      if (n.listeners.size || n.kids.size) return
      chain[i - 1].kids.delete(segs[i - 1])
    }
  }

  subscribeConcerns(field, listener) {
    return this.subscribe(field === '' ? CONCERNS : `${CONCERNS}.${field}`, listener)
  }

  // listener(changes) after every call that changed anything.
  subscribeAll(listener) {
    this.#all.add(listener)
    return () => this.#all.delete(listener)
  }

  apply(changes) {
    return this.#notify(this.#pipeline.apply(changes))
  }

  set(path, value) {
    return this.apply([[path, value]])
  }

  enable(group) {
    return this.#notify(this.#pipeline.enable(group))
  }

  disable(group) {
    return this.#notify(this.#pipeline.disable(group))
  }

  // Puts another pipeline in (the Vite plugin's hot update: the same state
  // under new rules) and refreshes every subscriber.
  replacePipeline(pipeline) {
    const old = this.#pipeline
    this.#pipeline = pipeline
    const touched = new Set()
    const walk = (n) => {
      n.has = n.hasC = false
      for (const l of n.listeners) touched.add(l)
      for (const k of n.kids.values()) walk(k)
    }
    walk(this.#root)
    for (const l of touched) l([])
    for (const l of this.#all) l([])
    if (old !== pipeline) old.destroy()
  }

  destroy() {
    this.#pipeline.destroy()
  }

  #notify(changes) {
    if (!changes.length) return changes
    const touched = new Set()
    const below = (n) => {
      n.has = n.hasC = false
      for (const l of n.listeners) touched.add(l)
      for (const k of n.kids.values()) below(k)
    }
    for (const [path] of changes) {
      let n = this.#root
      n.has = n.hasC = false
      for (const l of n.listeners) touched.add(l)
      for (const s of segments(path)) {
        n = n.kids.get(s)
        if (!n) break
        n.has = n.hasC = false
        for (const l of n.listeners) touched.add(l)
      }
      if (n) for (const k of n.kids.values()) below(k)
    }
    // Every snapshot is invalid before any listener runs: a listener that
    // reads another path sees the new state.
    for (const l of touched) l(changes)
    for (const l of this.#all) l(changes)
    return changes
  }
}

export function createWpStore(initialState, options) {
  return new WpStore(createPipeline(initialState, options), options)
}

export async function createWpStoreAsync(initialState, options) {
  return new WpStore(await createPipelineAsync(initialState, options), options)
}
