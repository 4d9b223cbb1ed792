// entry.js — the end of every generated index.js / index.cjs. pkg.c puts
// before it: `const manifest = {...}` (generated), base64.js, codec.js,
// pipeline.js and one source_*.js defining `wasmSource`; after it, the
// export line of the format (ESM `export {...}` or CJS `module.exports`).

export const { createPipeline, createPipelineAsync } = createPipelineFactory(manifest, wasmSource)

export const rules = Object.freeze({
  version: manifest.version,
  source: manifest.source,
  paths: manifest.paths,
  groups: manifest.groups,
  listeners: manifest.listeners,
  validators: manifest.validators,
  concerns: manifest.concerns,
})
