// helpers.mjs — drives the glue over the bare runtime (build/runtime.wasm)
// with hooks written in JS, as runtime/tests/smoke.test.mjs does.
import { readFileSync } from 'node:fs'
import { createPipelineFactory } from '../pipeline.js'

export const wasmPath = process.env.WP_RUNTIME_WASM ?? 'build/runtime.wasm'
export const wasmBytes = readFileSync(wasmPath)
export const runtimeModule = new WebAssembly.Module(wasmBytes)

// hooks: { app(ex), stage(ex, stage, begin, end), plan(ex, begin, end),
//          create(ex, group), disable(ex, group), input(ex, stage, i) }
// Every hook of hooks.def that a test does not play answers E_HOOK (-10), so
// a hook added to the runtime does not break the instantiation here.
const hookNames = [...readFileSync(new URL('../../hooks.def', import.meta.url), 'utf8')
  .matchAll(/^RT_HOOK\([^,]*,\s*(\w+),/gm)].map((m) => m[1])

export function stubImports(hooks = {}) {
  return (getExports) => ({
    wp: {
      ...Object.fromEntries(hookNames.map((name) => [name, () => -10])),
      app: () => (hooks.app ? hooks.app(getExports()) : 0),
      path_class: () => 0,
      container: () => 0,
      input: (stage, i) => (hooks.input ? hooks.input(getExports(), stage, i) : 0),
      stage: (stage, begin, end) => (hooks.stage ? hooks.stage(getExports(), stage, begin, end) : 0),
      plan: (begin, end) => (hooks.plan ? hooks.plan(getExports(), begin, end) : 0),
      create: (g) => (hooks.create ? hooks.create(getExports(), g) : 0),
      disable: (g) => (hooks.disable ? hooks.disable(getExports(), g) : 0),
    },
  })
}

export const emptyManifest = {
  version: '0.0.0', source: 'test.wp', paths: [], groups: [], listeners: [],
  handlers: [], validators: [], concerns: [], fields: [], tasks: [],
}

export function factory(manifest = {}, hooks = {}) {
  return createPipelineFactory({ ...emptyManifest, ...manifest }, {
    bytes: () => wasmBytes,
    imports: stubImports(hooks),
  })
}

// An app descriptor (docs/internals.md) at __heap_base with n_groups groups;
// `on` lists the groups that start enabled.
export function groupsApp(nGroups, on) {
  return (ex) => {
    const base = ex.__heap_base.value
    const dv = new DataView(ex.memory.buffer)
    const bits = base + 48, offsets = base + 56
    const put = (off, v) => dv.setUint32(base + off, v, true)
    put(0, 1); put(4, 0); put(8, offsets); put(12, offsets); put(16, 0); put(20, 0)
    put(24, nGroups); put(28, bits); put(32, 0); put(36, base + 64)
    dv.setUint32(offsets, 0, true)
    let b = 0
    for (const g of on) b |= 1 << g
    dv.setUint8(bits, b)
    return base
  }
}

const enc = new TextEncoder()
// Interns a path from inside a hook (rt_ services only).
export function hookPath(ex, text) {
  let p = 0
  for (const seg of text.split('.')) {
    const u = enc.encode(seg)
    const ptr = ex.rt_scratch(u.length || 1)
    new Uint8Array(ex.memory.buffer).set(u, ptr)
    p = ex.rt_path_child(p, ex.rt_atom_intern(ptr, u.length))
  }
  return p
}

// rt_task from a hook, with its argument paths in scratch memory.
export function hookTask(ex, kind, id, field, args) {
  const ptr = ex.rt_scratch(4 * Math.max(1, args.length))
  const dv = new DataView(ex.memory.buffer)
  args.forEach((a, i) => dv.setInt32(ptr + 4 * i, a, true))
  return ex.rt_task(kind, id, field, ptr, args.length)
}
