// engine.mjs — the reference engine: an interpreter of the compiled IR
// (`wpc build --emit json`, compiler/ir_print.c) written for clarity, not
// speed, straight from the run-time semantics (docs/testing.md, "Reference
// engine", lists what it covers).  tests/ref/run.mjs runs it side by side
// with the compiled module at -O0 and -O2 on random programs.
//
// Covered, on paths that are not below one another (so every change is
// "exact": a write at a member itself, or at a path no rule names): sync,
// flip and one-way edges (the creation vote and one-way copies, the no-op
// rule of a batch, "the later change wins for the whole component", a null
// never pushed into a missing peer, rotation through a flip for
// non-boolean values, the stage of each change: 'flip' when its route from
// the written path crosses a flip edge); computations and aggregations
// without `exclude when` (dependency order, aggregation writes, read-only
// computed targets, derived values through their own rules at once); and
// clears.  Not covered (the generator never writes them): writes below or
// above members, wildcards, `exclude when`, groups, concerns and listeners.
//
//   const e = new Engine(ir); e.create(state) → changes; e.apply(batch) → changes
//   e.state: the current state (plain objects, arrays, scalars)
// Changes are [path, value, stage] (the stage names of the package).

const MISSING = undefined

// ---- values (semantics §1) ------------------------------------------------------

const isNothing = (v) => v === undefined || v === null

// Deep, typed equality; numbers by SameValueZero; {k: undefined} equals {}.
export function equal(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (a !== a && b !== b)
  if (a === b) return true
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => equal(x, b[i]))
  const ka = Object.keys(a).filter((k) => a[k] !== undefined)
  const kb = Object.keys(b).filter((k) => b[k] !== undefined)
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k]))
}

const clone = (v) => (v === null || typeof v !== 'object' ? v : structuredClone(v))

// ---- the engine -----------------------------------------------------------------

export class Engine {
  constructor(ir) {
    this.ir = ir
    this.state = {}
    const text = (i) => ir.paths[i].text
    for (const p of ir.paths)
      if (p.text.includes('.') || p.text.includes('*')) throw new Error(`reference engine: path '${p.text}' is not top-level`)
    for (const k of ['concerns', 'listeners', 'groups'])
      if (ir[k] && ir[k].length) throw new Error(`reference engine: the IR has ${k}, which it does not cover`)
    // aggregations and computations, in the build's dependency order
    this.derived = ir.derived_order.map((i) => {
      const d = ir.derived[i]
      if (d.group !== null || d.sources.some((x) => x.exclude !== null))
        throw new Error('reference engine: exclude when and grouped derived values are not covered')
      return { kind: d.kind, target: text(d.target), sources: d.sources.map((x) => text(x.path)) }
    })
    this.aggTarget = new Map(this.derived.filter((d) => d.kind === 'aggregate').map((d) => [d.target, d]))
    this.computed = new Set(this.derived.filter((d) => d.kind !== 'aggregate').map((d) => d.target))
    this.clears = ir.clears.map((c) => {
      if (c.group !== null) throw new Error('reference engine: grouped clears are not covered')
      return { targets: c.targets.map(text), triggers: c.triggers.map(text) }
    })
    // sync/flip components with a parity per member; one-way edges by source
    this.component = new Map() // path → { members: [{path, opposite}], index }
    ir.components.forEach((members, index) => {
      const c = { index, members: members.map((m) => ({ path: text(m.path), opposite: m.opposite })) }
      for (const m of c.members) this.component.set(m.path, c)
    })
    this.oneway = new Map() // source path → [target path]
    this.syncEdges = []     // bidirectional sync edges [a, b] (the creation vote's groups)
    for (const e of ir.edges) {
      if (e.group !== null) throw new Error('reference engine: grouped edges are not covered')
      if (e.oneway) {
        if (e.kind !== 'sync') throw new Error('reference engine: a one-way flip is not covered')
        const list = this.oneway.get(text(e.a)) || []
        list.push(text(e.b))
        this.oneway.set(text(e.a), list)
      } else if (e.kind === 'sync') this.syncEdges.push([text(e.a), text(e.b)])
    }
  }

  get(path) { return Object.hasOwn(this.state, path) ? this.state[path] : MISSING }
  has(path) { return Object.hasOwn(this.state, path) }

  // The members of the component of `path` with their parity relative to it
  // (a path no rule joins is a component of one).
  peers(path) {
    const c = this.component.get(path)
    if (!c) return [{ path, opposite: false }]
    const self = c.members.find((m) => m.path === path).opposite
    return c.members.map((m) => ({ path: m.path, opposite: m.opposite !== self }))
  }

  // What a write of `value` (over `old`) at a member gives a member of
  // parity `opposite` (semantics §5); MISSING for nothing.
  static flipped(value, old, opposite) {
    if (!opposite) return { value }
    if (typeof value === 'boolean') return { value: !value }
    if (old === MISSING) return null // it held none: nothing
    return { value: old }
  }

  // Every path one change at `path` (value, old) reaches, with the value it
  // gets there, and whether its route crossed a flip edge (its stage is then
  // 'flip'): Map path → { value, flip, comp }.  The reach is static, as the
  // build computes it: the members of the path's component, then along
  // one-way edges onwards, transitively, each with its parity relative to the
  // written path over the shortest route; the value follows from that
  // parity and the written path's old value (§5), whether or not the members
  // in between change (with a -> b and a flip before a, b gets what its
  // parity says even when a rotation left the member before it unchanged).
  reach(path, value, old) {
    const out = new Map()
    const seen = new Map([[path, { opposite: false, flip: false }]])
    const queue = [path]
    while (queue.length) {
      const at = queue.shift()
      const here = seen.get(at)
      for (const [to, flipEdge] of this.neighbours(at)) {
        if (seen.has(to)) continue
        seen.set(to, { opposite: here.opposite !== flipEdge, flip: here.flip || flipEdge })
        queue.push(to)
      }
    }
    for (const [p, r] of seen) {
      const got = Engine.flipped(value, old, r.opposite)
      if (got) out.set(p, { value: got.value, flip: r.flip, comp: this.component.get(p)?.index ?? `p:${p}` })
    }
    return out
  }

  // The edges out of a path: [path, is-a-flip], both ways for sync and flip
  // pairs, forwards for one-way edges.
  neighbours(path) {
    if (!this.adjacent) {
      this.adjacent = new Map()
      const add = (a, b, flip) => {
        if (!this.adjacent.has(a)) this.adjacent.set(a, [])
        this.adjacent.get(a).push([b, flip])
      }
      const text = (i) => this.ir.paths[i].text
      for (const e of this.ir.edges) {
        add(text(e.a), text(e.b), e.kind === 'flip')
        if (!e.oneway) add(text(e.b), text(e.a), e.kind === 'flip')
      }
    }
    return this.adjacent.get(path) || []
  }

  // Stage 5 for the changes of stage 3 (in order): per component, the last
  // change that reaches it decides all of its members.
  propagate(changes, result) {
    const decided = new Map() // component → Map path → {value, flip}
    for (const c of changes) {
      const reached = this.reach(c.path, c.value, c.old)
      const byComp = new Map()
      for (const [p, r] of reached) {
        if (!byComp.has(r.comp)) byComp.set(r.comp, new Map())
        byComp.get(r.comp).set(p, r)
      }
      for (const [comp, members] of byComp) decided.set(comp, { members, origin: c.path })
    }
    for (const { members, origin } of decided.values()) {
      for (const [p, r] of members) {
        if (p === origin) continue
        if (r.value === null && !this.has(p)) continue // a null is not pushed into a missing peer
        if (this.has(p) && equal(this.get(p), r.value)) continue
        if (!this.has(p) && r.value === undefined) continue
        this.state[p] = clone(r.value)
        result.push([p, clone(r.value), r.flip ? 'flip' : 'sync'])
      }
    }
  }

  // One batch: the stages of semantics §3 (there are no listeners, so one round).
  apply(batch) {
    const result = []
    const changed = [] // the changes of stages 1-4, in order, for stage 5
    const write = (path, value, stage) => {
      const old = this.get(path)
      if (this.has(path) ? equal(old, value) : value === undefined) return false // a no-op
      this.state[path] = clone(value)
      result.push([path, clone(value), stage])
      changed.push({ path, value, old })
      return true
    }
    const fired = new Set() // trigger paths whose value changed in stage 3
    for (const [path, value] of batch) {
      const agg = this.aggTarget.get(path)
      if (agg) { // 1. an aggregation write: the same write to every source
        for (const s of agg.sources) if (write(s, value, 'aggregation_write')) fired.add(s)
        continue
      }
      if (this.computed.has(path)) continue // 2. a computed target is read-only
      if (write(path, value, 'input')) fired.add(path) // 3.
    }
    // 4. clears: each target not already null or missing becomes null
    const cleared = new Set()
    for (const c of this.clears) {
      if (!c.triggers.some((t) => fired.has(t))) continue
      for (const t of c.targets) {
        if (cleared.has(t)) continue
        cleared.add(t)
        if (!this.has(t) || this.get(t) === null) continue
        changed.push({ path: t, value: null, old: this.get(t) })
        this.state[t] = null
        result.push([t, null, 'clear_path'])
      }
    }
    this.propagate(changed, result) // 5.
    this.derive(result) // 6.
    return result
  }

  // Stage 6 (and creation): every aggregation and computation in order;
  // a new value goes through its own components and one-way edges at once.
  derive(result) {
    for (const d of this.derived) {
      const v = this.value(d)
      const old = this.get(d.target)
      // undefined where nothing is stays nothing, at creation too (§1)
      if (this.has(d.target) ? equal(old, v) : v === undefined) continue
      this.state[d.target] = clone(v)
      result.push([d.target, clone(v), d.kind === 'aggregate' ? 'aggregation_read' : 'computation'])
      this.propagate([{ path: d.target, value: v, old }], result)
    }
  }

  // The value of a derived path from its sources (semantics §6, §7).
  value(d) {
    const held = d.sources.map((s) => this.get(s))
    if (d.kind === 'aggregate') {
      const present = held.filter((v) => v !== undefined)
      if (!present.length) return undefined
      return present.every((v) => equal(v, present[0])) ? present[0] : undefined
    }
    const nums = held.filter((v) => typeof v === 'number')
    switch (d.kind) {
      case 'sum': return nums.reduce((a, b) => a + b, 0)
      case 'avg': return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : undefined
      case 'min': return nums.length ? Math.min(...nums) : undefined
      case 'max': return nums.length ? Math.max(...nums) : undefined
      case 'count': return held.filter((v) => !isNothing(v)).length
      default: throw new Error(`reference engine: unknown derived kind ${d.kind}`)
    }
  }

  // createPipeline(state): the state, then the sync votes and one-way
  // copies (semantics §4, "Creation").
  create(state) {
    this.state = clone(state)
    const result = []
    // sync groups: members joined by sync edges only
    const parent = new Map()
    const find = (x) => { while (parent.get(x) !== x) x = parent.get(x); return x }
    const add = (x) => { if (!parent.has(x)) parent.set(x, x) }
    for (const [a, b] of this.syncEdges) { add(a); add(b); parent.set(find(a), find(b)) }
    for (const [a, targets] of this.oneway) { add(a); for (const b of targets) add(b) }
    const groups = new Map()
    for (const x of parent.keys()) {
      const r = find(x)
      if (!groups.has(r)) groups.set(r, [])
      groups.get(r).push(x)
    }
    const groupOf = (x) => groups.get(find(x))
    // one-way edges between groups, settled in topological order
    const incoming = new Map() // group root → [source path]
    for (const [a, targets] of this.oneway) for (const b of targets) {
      const r = find(b)
      if (!incoming.has(r)) incoming.set(r, [])
      incoming.get(r).push(a)
    }
    const order = []
    const seen = new Set()
    const visit = (r) => {
      if (seen.has(r)) return
      seen.add(r)
      for (const a of incoming.get(r) || []) visit(find(a))
      order.push(r)
    }
    for (const r of groups.keys()) visit(r)
    for (const r of order) {
      const members = groups.get(r)
      let winner
      const sources = (incoming.get(r) || []).filter((a) => !isNothing(this.get(a)))
      if (sources.length) winner = { value: this.get(sources[0]) }
      else winner = this.vote(members)
      if (!winner) continue
      for (const m of [...members].sort()) {
        if (this.has(m) && equal(this.get(m), winner.value)) continue
        this.state[m] = clone(winner.value)
        result.push([m, clone(winner.value), 'sync'])
      }
    }
    void groupOf
    this.derive(result)
    return result
  }

  // The most common value among members (missing, null, undefined ignored);
  // ties to the shallowest path, then the smallest path.
  vote(members) {
    const counts = []
    for (const m of members) {
      const v = this.get(m)
      if (isNothing(v)) continue
      const c = counts.find((x) => equal(x.value, v))
      if (c) { c.n++; c.paths.push(m) } else counts.push({ value: v, n: 1, paths: [m] })
    }
    if (!counts.length) return null
    const depth = (p) => p.split('.').length
    const best = (c) => [...c.paths].sort((x, y) => depth(x) - depth(y) || (x < y ? -1 : x > y ? 1 : 0))[0]
    counts.sort((x, y) => {
      if (y.n !== x.n) return y.n - x.n
      const bx = best(x), by = best(y)
      return depth(bx) - depth(by) || (bx < by ? -1 : bx > by ? 1 : 0)
    })
    return { value: counts[0].value }
  }
}
