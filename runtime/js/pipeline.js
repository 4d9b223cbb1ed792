// pipeline.js — createPipeline / createPipelineAsync and the Pipeline
// object (README.md and index.d.ts of the package describe them), over one
// instance of the compiled module per pipeline. The host loop for apply:
// wp_apply,
// then while NEED_LISTENERS run the dispatches in order (before each, the
// module routes the outputs of the ones before it to those still to run:
// wp_route, or the routes kept for that round plan and path: route_cache.js)
// and wp_continue with their outputs, then on NEED_TASKS run the
// external validators and concerns and wp_continue with the results. Any
// throw in between → wp_rollback. Which listener a change touches, with
// which keys and relative paths, the module says; the glue never matches
// topics itself.
//
// `manifest` (written by wpc into this package's entry) names what the ids of
// the module mean: groups, listeners, tasks, concern fields.
import { RouteCache, keepable, keepRoutes, NO_ROUTES } from './route_cache.js'
import { argumentsRead } from './reads_state.js'
import { Codec, OUTPUTS, cloneValue, defineProtoKey, stateKeys, withStage, MISSING, OK, NEED_LISTENERS, NEED_TASKS, TAG_INPUT, TAG_LISTENERS, TAG_CONCERNS, TAG_VALIDATORS, runtimeError } from './codec.js'

const TASK_CONCERN = 0   // TASK kind: an external concern
const TASK_VALIDATION = 1 // TASK kind: the external validators of a field

// `source`: { bytes() → Uint8Array|ArrayBuffer (sync), compile?() → Promise<WebAssembly.Module>,
//             imports?(getExports) → import object (tests: stub hooks) }.
// The compiled module is cached for the life of the factory (the process).
export function createPipelineFactory(manifest, source) {
  let cached = null
  const moduleSync = () => cached || (cached = new WebAssembly.Module(source.bytes()))
  const moduleAsync = async () => {
    if (!cached) cached = source.compile ? await source.compile() : await WebAssembly.compile(source.bytes())
    return cached
  }
  const importsFor = () => {
    const box = { exports: null }
    return { box, imports: source.imports ? source.imports(() => box.exports) : {} }
  }
  function createPipeline(state, options) {
    const fns = checkOptions(manifest, options)
    checkState(state)
    const { box, imports } = importsFor()
    box.exports = new WebAssembly.Instance(moduleSync(), imports).exports
    return new Pipeline(manifest, box.exports, fns, state)
  }
  async function createPipelineAsync(state, options) {
    const fns = checkOptions(manifest, options)
    checkState(state)
    const { box, imports } = importsFor()
    box.exports = (await WebAssembly.instantiate(await moduleAsync(), imports)).exports
    return new Pipeline(manifest, box.exports, fns, state)
  }
  return { createPipeline, createPipelineAsync }
}

function checkState(state) {
  if (state !== undefined && state !== null && (typeof state !== 'object' || Array.isArray(state)))
    throw new TypeError('wp: the initial state must be a plain object')
}

// Every handler, validator and concern the rules name must be a function.
// They are called with `this` = the object that holds them (options.listeners, …).
function checkOptions(manifest, options) {
  options ??= {}
  if (typeof options !== 'object') throw new TypeError('wp: options must be an object')
  const fns = { listeners: {}, validators: {}, concerns: {}, reads: {} }
  const missing = []
  for (const [kind, names] of [['listeners', manifest.handlers], ['validators', manifest.validators], ['concerns', manifest.concerns]]) {
    const given = options[kind] || {}
    const lost = []
    for (const name of names || []) {
      if (typeof given[name] === 'function') {
        fns[kind][name] = given[name].bind(given)
        if (kind === 'listeners') fns.reads[name] = argumentsRead(given[name])
      } else lost.push(name)
    }
    if (lost.length) missing.push(`${kind}: ${lost.join(', ')}`)
  }
  if (missing.length) throw new Error(`wp: createPipeline: missing ${missing.join('; ')}`)
  return fns
}

// ---- paths ------------------------------------------------------------------

// The keys that the `*` segments of `pattern` match in `path`, or null (for
// the concern fields of tasks and getConcerns).
function matchKeys(pattern, path) {
  if (pattern === path) return []
  const ps = pattern === '' ? [] : pattern.split('.')
  const xs = path === '' ? [] : path.split('.')
  if (ps.length !== xs.length) return null
  const keys = []
  for (let i = 0; i < ps.length; i++) {
    if (ps[i] === '*') keys.push(xs[i])
    else if (ps[i] !== xs[i]) return null
  }
  return keys
}

// A listener input as the module describes it (an index times 2, plus 1 when
// the path is strictly below the scope): the path relative to the scope
// then, else the full path. The module compared the paths; the text only
// loses the scope's prefix, so keys holding '.' are safe.
const inputPath = (path, word, scope) => (word % 2 ? path.slice(scope.length + 1) : path)

// A field with external validators keeps its built-in result under this key
// until the external results are merged into validationState; it is never
// reported.
const BUILTIN = 'validationState#builtin'
const visible = (c) => !c[0].endsWith(BUILTIN)

// The visible changes of a round: the array itself when all are (no copy).
function visibleOnly(changes) {
  for (let i = 0; i < changes.length; i++) if (!visible(changes[i])) return changes.filter(visible)
  return changes
}

// The one validationState of a field: the built-in errors first, then each
// external validator's, in declaration order.
function mergeValidation(builtin, results) {
  const state = { isError: false, errors: [] }
  for (const r of [builtin, ...results]) {
    if (!r || typeof r !== 'object') continue
    if (r.isError) state.isError = true
    if (Array.isArray(r.errors)) for (const e of r.errors) state.errors.push(e)
  }
  return state
}

const copy = cloneValue

// ---- the pipeline -------------------------------------------------------------

export class Pipeline {
  #ex
  #codec
  #manifest
  #fns
  #routes = new RouteCache()

  constructor(manifest, exports, fns, state) {
    this.#ex = exports
    this.#codec = new Codec(exports, manifest.staticPaths)
    this.#manifest = manifest
    this.#fns = fns
    const len = this.#codec.batch([['', state ?? {}]], TAG_INPUT, null, 'initial state')
    this.#codec.shrink()
    this.initialChanges = this.#finish(exports.wp_create(len), this.#codec.takeMetas(), 'createPipeline')
    // The listeners whose handler reads no changes get dispatches without
    // inputs from apply (processChanges still lists them: its host runs
    // the handlers).
    const listeners = manifest.listeners || []
    for (let i = 0; i < listeners.length; i++) {
      const reads = fns.reads[listeners[i].handler]
      if (reads && !reads[0]) this.#read(exports.wp_listener_unheard(i, 1), 'createPipeline')
    }
    exports.wp_in(0) // the creation's output is read: the module gives back the buffer it grew
  }

  #live() {
    if (!this.#ex) throw new Error('wp: the pipeline was destroyed')
    return this.#ex
  }

  // Decodes the output of a call: returns its changes ([path, value, meta]
  // with `metas` the host's meta objects), its other records in
  // this.#codec.out; throws for an error status (the runtime has rolled back
  // already).
  #read(status, what, nameChange, metas = null) {
    const changes = this.#codec.decode(metas)
    if (status < 0) throw runtimeError(status, this.#codec.out.error, what, nameChange)
    return changes
  }

  // Runs the host loop from a first status to the end of the apply; returns
  // every change that took effect. A call the rules settle in one round
  // (status OK: a single edit, a no-op) allocates nothing but what it returns.
  #finish(status, metas, what) {
    const ex = this.#ex
    let changes = this.#read(status, what, undefined, metas)
    if (status === OK) return visibleOnly(changes)
    let out = this.#codec.out
    const result = visibleOnly(changes)
    while (status === NEED_LISTENERS) {
      let len, outputs
      // an output, or an error in the round it starts, names its handler
      const nameOutput = (i) => (outputs[i] ? `listener '${outputs[i].handler}' output ${outputs[i].index}` : `change ${i}`)
      try {
        outputs = this.#dispatch(out, changes, what)
        len = this.#codec.batch(outputs, TAG_LISTENERS, metas, nameOutput, OUTPUTS)
        metas = this.#codec.takeMetas()
      } catch (e) {
        ex.wp_rollback()
        throw e
      }
      status = ex.wp_continue(len)
      changes = this.#read(status, what, nameOutput, metas)
      out = this.#codec.out
      for (const c of changes) if (visible(c)) result.push(c)
    }
    if (status === NEED_TASKS) {
      let len
      try {
        const results = this.#runTasks(out.tasks)
        len = this.#codec.batch(results, (c) => c[3], metas, 'task result')
        metas = this.#codec.takeMetas()
      } catch (e) {
        ex.wp_rollback()
        throw e
      }
      status = ex.wp_continue(len)
      for (const c of this.#read(status, what, undefined, metas)) if (visible(c)) result.push(c)
    }
    if (status !== OK) throw new Error(`wp: ${what}: unexpected status ${status}`)
    return result
  }

  // The value at a dispatch's scope as the round left it (the whole state
  // for the root): read by id, so a scope whose keys hold '.' is found.
  #scoped(d) {
    if (d.scopeId === 0) return this.getState()
    this.#read(this.#ex.wp_get(this.#codec.onePathId(d.scopeId)), `get '${d.scope}'`)
    const v = this.#codec.out.value
    return v === MISSING ? undefined : v
  }

  // Runs one round's dispatches in order; returns their outputs (absolute
  // paths), each tagged with the handler and its place in that handler's
  // return value. Before each dispatch, the outputs of the ones before it
  // are routed to the dispatches still to run whose topics they touch
  // (#route) — unless none of those reads its changes (reads_state.js) and
  // the outputs are ones routing could not reject (#quiet). A handler gets
  // only the arguments it can read; the others are undefined.
  #dispatch(out, changes, what) {
    const ds = out.dispatches
    const outputs = []
    const forwarded = new Array(ds.length)
    let routed = 0
    let plan = null // this round's kept routes, looked up at the first output routed
    let heard = null // heard[j]: some dispatch from j on reads its changes
    for (let j = 0; j < ds.length; j++) {
      const d = ds[j]
      if (routed < outputs.length) {
        if (heard === null) heard = this.#heardFrom(ds)
        if (heard[j] || !this.#quiet(outputs, routed)) {
          if (plan === null) plan = this.#routes.plan(ds)
          this.#route(j, outputs, routed, ds, forwarded, what, plan)
        }
        routed = outputs.length
      }
      const l = this.#manifest.listeners[d.listener]
      if (!l) throw new Error(`wp: unknown listener ${d.listener}`)
      const fn = this.#fns.listeners[l.handler]
      const reads = this.#fns.reads[l.handler]
      let inputs
      if (reads[0]) {
        inputs = new Array(d.inputs.length)
        for (let i = 0; i < inputs.length; i++) {
          const w = d.inputs[i]
          const [path, value, meta] = changes[Math.floor(w / 2)]
          inputs[i] = [inputPath(path, w, d.scope), copy(value), { ...meta }]
        }
        if (forwarded[j]) for (const f of forwarded[j]) inputs.push(f)
      }
      const ctx = reads[2] ? { scope: d.scope, keys: d.keys, handler: l.handler } : undefined
      let ret
      try {
        ret = fn(inputs, reads[1] ? this.#scoped(d) : undefined, ctx)
      } catch (e) {
        const err = new Error(`wp: ${what}: listener '${l.handler}' threw: ${e && e.message}`, { cause: e })
        err.handler = l.handler
        throw err
      }
      if (ret === undefined || ret === null) continue
      if (!Array.isArray(ret)) throw new TypeError(`wp: listener '${l.handler}' must return an array of changes`)
      for (let i = 0; i < ret.length; i++) {
        const c = ret[i]
        if (!Array.isArray(c) || c.length < 2) throw new TypeError(`wp: listener '${l.handler}' output ${i} is not a [path, value] array`)
        if (typeof c[0] !== 'string') throw new TypeError(`wp: listener '${l.handler}' output ${i}: the path is not a string`)
        if (c[2] !== undefined && c[2] !== null && (typeof c[2] !== 'object' || Array.isArray(c[2])))
          throw new TypeError(`wp: listener '${l.handler}' output ${i} (${c[0]}): the meta is not an object`)
        const meta = c[2] ? { ...c[2] } : {}
        if (meta.sender === undefined) meta.sender = l.handler
        const o = [c[0], c[1], meta]
        o.handler = l.handler
        o.index = i
        outputs.push(o)
      }
    }
    return outputs
  }

  // For each dispatch of a round: whether it or one after it reads its changes.
  #heardFrom(ds) {
    const heard = new Array(ds.length + 1)
    heard[ds.length] = false
    for (let j = ds.length - 1; j >= 0; j--) {
      const l = this.#manifest.listeners[ds[j].listener]
      heard[j] = heard[j + 1] || !l || this.#fns.reads[l.handler][0]
    }
    return heard
  }

  // Whether routing the outputs from `from` on could not fail, so that
  // nobody needs it done: each a scalar (the module checks an object's
  // shape and depth as it routes it) at a path other than the root that the
  // codec has an id for (the route's batch interns the others, which may fail).
  #quiet(outputs, from) {
    const codec = this.#codec
    for (let i = from; i < outputs.length; i++) {
      const path = outputs[i][0]
      // i: its place in the round's batch for wp_continue, as in the last round like it
      if (!keepable(outputs[i][1]) || path === '' || !codec.known(path, i)) return false // '': no change writes the root
    }
    return true
  }

  // Appends the outputs from `from` on to the forwarded inputs of the
  // dispatches from `next` on whose topics they touch. When `plan` (the
  // round's kept routes) has every one of them, no crossing; else the module
  // routes them all (wp_route from dispatch 0, so the routes kept hold for
  // any later position) and the ones that depend on paths alone are kept.
  #route(next, outputs, from, ds, forwarded, what, plan) {
    const n = outputs.length
    let fresh = null
    for (let i = from; i < n; i++) {
      const o = outputs[i]
      if (!keepable(o[1]) || !plan.has(o[0])) { fresh = this.#routeInModule(outputs, from, plan, what); break }
    }
    for (let i = from; i < n; i++) {
      const [path, value, meta] = outputs[i]
      const list = fresh !== null ? fresh[i - from] : plan.get(path)
      for (let k = 0; k < list.length; k += 2) {
        const d = list[k]
        if (d < next) continue
        ;(forwarded[d] ||= []).push([inputPath(path, list[k + 1], ds[d].scope), copy(value), withStage('listeners', meta)])
      }
    }
  }

  // wp_route over the outputs from `from` on; returns each one's routes
  // (as route_cache.js keeps them) and keeps those that may be kept.
  #routeInModule(outputs, from, plan, what) {
    const batch = outputs.slice(from)
    const len = this.#codec.batch(batch, TAG_LISTENERS, null, (i) => `listener '${batch[i].handler}' output ${batch[i].index}`)
    this.#codec.takeMetas()
    this.#read(this.#ex.wp_route(0, len), what)
    const { routes, valued } = this.#codec.out
    const lists = new Array(batch.length)
    for (let i = 0; i < lists.length; i++) lists[i] = []
    for (const [d, w] of routes) lists[Math.floor(w / 2)].push(d, w % 2)
    const byValue = new Set(valued)
    for (let i = 0; i < lists.length; i++) {
      if (!lists[i].length) lists[i] = NO_ROUTES
      if (!byValue.has(i) && keepable(batch[i][1])) keepRoutes(plan, batch[i][0], lists[i])
    }
    return lists
  }

  // Runs the external concerns and validators; returns [path, value, meta, tag].
  #runTasks(tasks) {
    const results = []
    for (const t of tasks) {
      const spec = this.#manifest.tasks && this.#manifest.tasks[t.id]
      const keys = (spec && matchKeys(spec.field, t.field)) || []
      const values = t.args.map((a) => copy(a[1]))
      if (t.kind === TASK_CONCERN && spec) {
        const fn = this.#fns.concerns[spec.fn]
        let v
        try {
          v = fn(...values, { field: t.field, concern: spec.name, keys })
        } catch (e) {
          throw new Error(`wp: concern '${spec.fn}' threw: ${e && e.message}`, { cause: e })
        }
        results.push([`_concerns.${t.field}.${spec.name}`, v, undefined, TAG_CONCERNS])
      } else if (t.kind === TASK_VALIDATION && spec) {
        const found = []
        let at = 1
        for (const v of spec.validators) {
          const deps = {}
          for (let i = 0; i < v.n; i++, at++) deps[t.args[at][0]] = values[at]
          let r
          try {
            r = this.#fns.validators[v.fn](values[0], deps, { field: t.field, validator: v.fn, keys })
          } catch (e) {
            throw new Error(`wp: validator '${v.fn}' threw: ${e && e.message}`, { cause: e })
          }
          found.push(r)
        }
        const state = mergeValidation(values[values.length - 1], found)
        results.push([`_concerns.${t.field}.validationState`, state, undefined, TAG_VALIDATORS])
      } else {
        throw new Error(`wp: unknown task ${t.kind}/${t.id}`)
      }
    }
    return results
  }

  // ---- the API ------------------------------------------------------------------

  apply(changes) {
    const ex = this.#live()
    const len = this.#codec.batch(changes, TAG_INPUT, null)
    return this.#finish(ex.wp_apply(len), this.#codec.takeMetas(), 'apply')
  }

  // apply([[path, value]]), the same checks and errors, without making the batch
  set(path, value) {
    const ex = this.#live()
    const len = this.#codec.batchOne(path, value, TAG_INPUT)
    return this.#finish(ex.wp_apply(len), this.#codec.takeMetas(), 'apply')
  }

  get(path) {
    const ex = this.#live()
    if (typeof path !== 'string') throw new TypeError('wp: get: the path must be a string')
    const status = ex.wp_get(this.#codec.onePath(path))
    this.#read(status, `get '${path}'`)
    const v = this.#codec.out.value
    if (path === '' && v && typeof v === 'object') delete v._concerns
    return v === MISSING ? undefined : v
  }

  getState() {
    const v = this.get('')
    return v && typeof v === 'object' ? v : {}
  }

  getConcerns(fieldPath) {
    this.#live()
    const fields = this.#manifest.fields || []
    if (fieldPath !== undefined) {
      if (typeof fieldPath !== 'string') throw new TypeError('wp: getConcerns: the field path must be a string')
      const node = this.get(`_concerns.${fieldPath}`)
      const res = {}
      if (!node || typeof node !== 'object') return res
      for (const f of fields) {
        if (matchKeys(f.field, fieldPath) === null) continue
        for (const name of f.concerns) if (Object.hasOwn(node, name)) res[name] = node[name]
      }
      return res
    }
    const res = {}
    const tree = this.get('_concerns')
    const walk = (node, path) => {
      if (!node || typeof node !== 'object' || Array.isArray(node)) return
      const taken = new Set()
      for (const f of fields) {
        if (matchKeys(f.field, path) === null) continue
        for (const name of f.concerns) {
          if (!Object.hasOwn(node, name) || node[name] === undefined) continue
          // a field path '__proto__' (a wildcard's key) is defined, never set
          if (!Object.hasOwn(res, path)) {
            if (path === '__proto__') defineProtoKey(res, {})
            else res[path] = {}
          }
          res[path][name] = node[name]
          taken.add(name)
        }
      }
      for (const k of stateKeys(node)) if (!taken.has(k)) walk(node[k], path === '' ? k : `${path}.${k}`)
    }
    walk(tree, '')
    return res
  }

  #group(name, on) {
    const ex = this.#live()
    const g = (this.#manifest.groups || []).findIndex((x) => x.name === name)
    if (g < 0) throw new Error(`wp: unknown group '${name}'`)
    return this.#finish(ex.wp_group(g, on ? 1 : 0), null, on ? `enable '${name}'` : `disable '${name}'`)
  }

  enable(name) { return this.#group(name, true) }
  disable(name) { return this.#group(name, false) }

  // Low level: one round of stages 1–7 of a batch, committed.
  processChanges(changes) {
    const ex = this.#live()
    const len = this.#codec.batch(changes, TAG_INPUT, null)
    const all = this.#read(ex.wp_process(len), 'processChanges', undefined, this.#codec.takeMetas())
    const out = this.#codec.out
    const state_changes = [], at = new Array(all.length)
    for (let i = 0; i < all.length; i++) if (visible(all[i])) { at[i] = state_changes.length; state_changes.push(all[i]) }
    const dispatches = out.dispatches.map((d, i) => {
      const l = this.#manifest.listeners[d.listener] || {}
      return {
        dispatch_id: i, listener: d.listener, handler: l.handler, scope_path: d.scope,
        topic_path: d.topic, input_change_ids: d.inputs.map((w) => at[Math.floor(w / 2)]),
      }
    })
    const { validators_to_run, concerns_to_run } = this.#lowLevelTasks(out.tasks)
    const result = {
      state_changes,
      validators_to_run,
      execution_plan: dispatches.length ? { groups: [{ dispatches }] } : null,
      has_work: dispatches.length > 0 || out.tasks.length > 0,
    }
    // External concerns have no place in the upstream shape: listed only when there are some.
    if (concerns_to_run.length) result.concerns_to_run = concerns_to_run
    return result
  }

  #lowLevelTasks(tasks) {
    const validators_to_run = [], concerns_to_run = []
    for (const t of tasks) {
      const spec = this.#manifest.tasks && this.#manifest.tasks[t.id]
      if (!spec) continue
      if (t.kind === TASK_VALIDATION) {
        let at = 1
        for (const v of spec.validators) {
          const deps = {}
          for (let i = 0; i < v.n; i++, at++) deps[t.args[at][0]] = t.args[at][1]
          validators_to_run.push({ validator: v.fn, field: t.field, value: t.args[0][1], deps })
        }
      } else {
        concerns_to_run.push({ concern: spec.name, fn: spec.fn, field: t.field, args: t.args.map((a) => a[1]) })
      }
    }
    return { validators_to_run, concerns_to_run }
  }

  pipelineFinalize(jsChanges) {
    const ex = this.#live()
    const tag = (c) => (!c[0].startsWith('_concerns.') ? TAG_LISTENERS
      : c[0].endsWith('.validationState') ? TAG_VALIDATORS : TAG_CONCERNS)
    // a validationState from the host's validators joins the built-in errors
    const merged = Array.isArray(jsChanges) ? jsChanges.map((c) => {
      if (!Array.isArray(c) || typeof c[0] !== 'string' || !c[0].startsWith('_concerns.') ||
          !c[0].endsWith('.validationState')) return c
      const builtin = this.get(`${c[0]}#builtin`)
      return builtin === undefined ? c : [c[0], mergeValidation(builtin, [c[1]]), ...c.slice(2)]
    }) : jsChanges
    const len = this.#codec.batch(merged, tag, null)
    return { state_changes: this.#read(ex.wp_finalize(len), 'pipelineFinalize', undefined, this.#codec.takeMetas()).filter(visible) }
  }

  // Memory figures for soak tests and capacity planning (not part of the
  // rules' behaviour): the module's linear memory, and the bytes its heap
  // holds live (the state, concern values, interned keys).
  stats() {
    const ex = this.#live()
    return {
      memoryBytes: ex.memory.buffer.byteLength,
      heapLiveBytes: ex.wp_heap_live(),
      concernEvaluations: ex.wp_concern_evals(), // concern instances evaluated since creation
      derivedEvaluations: ex.wp_derived_evals(), // aggregation/computation instances computed since creation
    }
  }

  destroy() {
    this.#live()
    this.#ex = null
    this.#codec = null
  }
}
