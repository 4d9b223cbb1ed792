// engine.mjs — the reference engine: an interpreter of the compiled IR
// (`wpc build --emit json`, compiler/ir_print.c) written for clarity, not
// speed, straight from the run-time semantics (docs/testing.md, "Reference
// engine", lists what it covers).  tests/ref/run.mjs runs it side by side
// with the compiled module at -O0 and -O2 on random programs.
//
// Covered: sync, flip and one-way edges (the creation vote and one-way
// copies, the no-op rule of a batch, "the later change wins", a null never
// pushed into a missing peer, rotation through a flip for non-boolean
// values, the stage of each change: 'flip' when its route from the written
// path crosses a flip edge), with writes at, below and above members and
// vanished containers (applyNested); and, on top-level paths, computations
// and aggregations without `exclude when` (dependency order, aggregation
// writes, read-only computed targets, derived values through their own
// rules at once) and clears (apply's stages).  Not covered (the generator
// never writes them): wildcards, `exclude when`, groups, concerns and
// listeners.  A rule's write through a scalar is left open (Unspecified).
//
//   const e = new Engine(ir); e.create(state) → changes; e.apply(batch) → changes
//   e.state: the current state (plain objects, arrays, scalars)
// Changes are [path, value, stage] (the stage names of the package).

const MISSING = undefined

// Thrown where the semantics leave the outcome open (see its uses): the
// driver stops comparing that case and counts it.
export class Unspecified extends Error {}

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
    // Nested paths (members like r.x, writes below and above them) are
    // covered for sync, flip and one-way rules only (applyNested).
    // (applyNested serves every program without derived values or clears;
    // those are covered on top-level paths, by apply's stages.)
    this.nested = !ir.derived.length && !ir.clears.length
    for (const p of ir.paths)
      if (p.text.includes('*')) throw new Error(`reference engine: path '${p.text}' has a wildcard`)
    if (!this.nested && ir.paths.some((p) => p.text.includes('.')))
      throw new Error('reference engine: derived values and clears are covered on top-level paths only')
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

  // The value at a path (segments joined by '.'), MISSING when some step is
  // missing or not an object.
  get(path) {
    let v = this.state
    for (const k of path.split('.')) {
      if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, k)) return MISSING
      v = v[k]
    }
    return v
  }
  has(path) {
    const i = path.lastIndexOf('.')
    const parent = i < 0 ? this.state : this.get(path.slice(0, i))
    return parent !== null && typeof parent === 'object' && !Array.isArray(parent) && Object.hasOwn(parent, path.slice(i + 1))
  }
  // Sets a path, creating missing or null containers as objects; returns
  // 'scalar' (or 'array') when a step is one, without writing (§2).
  put(path, value) {
    const ks = path.split('.')
    let o = this.state
    for (let i = 0; i < ks.length - 1; i++) {
      const v = o[ks[i]]
      if (Array.isArray(v)) return 'array'
      if (v !== null && v !== undefined && typeof v !== 'object') return 'scalar'
      if (v === null || v === undefined) o[ks[i]] = {}
      o = o[ks[i]]
    }
    o[ks[ks.length - 1]] = clone(value)
    return 'ok'
  }
  // Whether a step above the path is a scalar or an array (a write there is
  // an error for an input, and skipped for a rule's write).
  blocked(path) {
    const ks = path.split('.')
    let v = this.state
    for (let i = 0; i < ks.length - 1; i++) {
      v = v !== null && typeof v === 'object' && !Array.isArray(v) ? v[ks[i]] : undefined
      if (v === undefined || v === null) return false
      if (typeof v !== 'object' || Array.isArray(v)) return true
    }
    return false
  }

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
        // a null is not pushed into a missing peer (one holding undefined counts as missing, §1)
        if (r.value === null && (!this.has(p) || this.get(p) === undefined)) continue
        if (this.has(p) && equal(this.get(p), r.value)) continue
        if (!this.has(p) && r.value === undefined) continue
        this.put(p, r.value)
        result.push([p, clone(r.value), r.flip ? 'flip' : 'sync'])
      }
    }
  }

  // One batch: the stages of semantics §3 (there are no listeners, so one round).
  apply(batch) {
    if (this.nested) return this.applyNested(batch)
    const result = []
    const changed = [] // the changes of stages 1-4, in order, for stage 5
    const write = (path, value, stage) => {
      const old = this.get(path)
      if (this.has(path) ? equal(old, value) : value === undefined) return false // a no-op
      this.put(path, value)
      result.push([path, clone(value), stage])
      changed.push({ path, value, old })
      return true
    }
    const fired = new Set() // trigger paths whose value changed in stage 3
    for (const [path, value] of batch) {
      const agg = this.aggTarget.get(path)
      if (agg) { // 1. an aggregation write: the same write to every source
        // (the writes replace the input, so stage 2 drops those at a computed target)
        for (const s of agg.sources) if (!this.computed.has(s) && write(s, value, 'aggregation_write')) fired.add(s)
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
        this.put(t, null)
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
      this.put(d.target, v)
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

  // ---- nested paths: sync, flip and one-way rules (§2, §4, §5) ----------------

  members() {
    if (!this.memberList) {
      const set = new Set()
      for (const e of this.ir.edges) { set.add(this.ir.paths[e.a].text); set.add(this.ir.paths[e.b].text) }
      this.memberList = [...set]
    }
    return this.memberList
  }

  // The paths a write at member `from` reaches: [path, opposite, crossedFlip],
  // shortest routes first, `from` itself excluded; through flip edges or not.
  route(from, withFlips) {
    const seen = new Map([[from, { opposite: false, flip: false }]])
    const queue = [from]
    while (queue.length) {
      const at = queue.shift()
      const here = seen.get(at)
      for (const [to, flipEdge] of this.neighbours(at)) {
        if (seen.has(to) || (flipEdge && !withFlips)) continue
        seen.set(to, { opposite: here.opposite !== flipEdge, flip: here.flip || flipEdge })
        queue.push(to)
      }
    }
    seen.delete(from)
    return [...seen].map(([p, r]) => [p, r.opposite, r.flip])
  }

  applyNested(batch) {
    const saved = { state: clone(this.state), vanished: new Set(this.vanished) }
    try {
      return this.applyNestedOnce(batch)
    } catch (e) {
      this.state = saved.state
      this.vanished = saved.vanished
      throw e
    }
  }

  applyNestedOnce(batch) {
    this.vanished ??= new Set() // members whose parent a replacement removed
    const result = []
    const changes = []
    const below = (x, m) => x.startsWith(m + '.') // x strictly below m
    const parentOf = (m) => m.slice(0, m.lastIndexOf('.'))
    const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v)
    // 3. the inputs, each against the state as the batch left it
    for (const [path, value] of batch) {
      if (this.blocked(path)) throw new Error(`E_SCALAR or E_INDEX at ${path}`)
      const old = this.get(path)
      if (this.has(path) ? equal(old, value) : value === undefined) continue
      const under = this.members().filter((m) => below(m, path)).map((m) => ({ m, old: this.get(m), had: this.has(m), parentWasObject: isObject(this.get(parentOf(m))) }))
      this.put(path, value)
      for (const u of under) {
        u.now = this.get(u.m)
        u.has = this.has(u.m)
        if (u.m.includes('.') && u.parentWasObject && !isObject(this.get(parentOf(u.m)))) this.vanished.add(u.m)
      }
      for (const m of this.vanished) if (isObject(this.get(parentOf(m)))) this.vanished.delete(m)
      result.push([path, clone(value), 'input'])
      changes.push({ path, value, old, under })
    }
    // 5. each change's writes to the members it reaches; a write is dropped
    // when a later change writes the same path or one above it
    const lists = changes.map((c) => {
      const w = [{ path: c.path, value: c.value, stage: 'sync', self: true }]
      for (const m of this.members()) {
        if (m === c.path) { // exact
          for (const [t, opposite, flip] of this.route(m, true)) {
            const got = Engine.flipped(c.value, c.old, opposite)
            // a rotation that gives nothing still claims its target: the
            // later change wins for the whole component (semantics §4)
            if (got) w.push({ path: t, value: got.value, stage: flip ? 'flip' : 'sync', member: t })
            else w.push({ path: t, claim: true })
          }
        } else if (below(c.path, m)) { // below: not through flips
          const rest = c.path.slice(m.length + 1)
          for (const [t] of this.route(m, false)) w.push({ path: `${t}.${rest}`, value: c.value, stage: 'sync', member: t })
        }
      }
      for (const u of c.under) { // above: each member under the written path
        if (u.has === u.had && equal(u.now, u.old)) continue
        const gone = !u.has || u.now === undefined
        // from a vanished member nothing crosses a flip edge, but the change
        // still wins the whole component: what lies across flips is claimed
        if (gone) {
          const near = new Set(this.route(u.m, false).map(([t]) => t))
          for (const [t] of this.route(u.m, true)) if (!near.has(t)) w.push({ path: t, claim: true })
        }
        for (const [t, opposite, flip] of this.route(u.m, !gone)) {
          if (below(t, c.path) || t === c.path) continue
          if (gone) { w.push({ path: t, value: null, stage: 'sync', member: t }); continue }
          const got = Engine.flipped(u.now, u.old, opposite)
          if (got) w.push({ path: t, value: got.value, stage: flip ? 'flip' : 'sync', member: t })
          else w.push({ path: t, claim: true })
        }
      }
      return w
    })
    // A change's own write is made again only when a rule's write of an
    // earlier change replaced it (its path or one above it): the later change wins.
    const ruleWrites = []
    for (let i = 0; i < lists.length; i++) {
      for (const w of lists[i]) {
        const later = lists.slice(i + 1).some((l) => l.some((x) => x.path === w.path || below(w.path, x.path)))
        if (later || w.claim) continue
        if (w.self && !ruleWrites.some((p) => p === w.path || below(w.path, p))) continue
        // a null is not pushed into a missing peer (one holding undefined counts as missing, §1)
        if (!w.self && w.value === null && (!this.has(w.path) || this.get(w.path) === undefined)) continue
        if (this.has(w.path) ? equal(this.get(w.path), w.value) : w.value === undefined) continue
        const gone = w.member && this.vanished.has(w.member) && !isObject(this.get(parentOf(w.member)))
        if (gone) continue // a vanished container stays vanished
        // a rule's write through a scalar: the module sometimes refuses the
        // apply (E_SCALAR) and sometimes skips the write; the semantics do not
        // say which, so the engine stops there (run.mjs ends the case)
        if (this.blocked(w.path)) throw new Unspecified(`a rule's write at ${w.path} goes through a scalar`)
        this.put(w.path, w.value)
        result.push([w.path, clone(w.value), w.stage])
        if (!w.self) ruleWrites.push(w.path)
      }
    }
    return result
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
        if (this.blocked(m)) throw new Unspecified(`the creation vote writes ${m} through a scalar`)
        this.put(m, winner.value)
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
