// source_file_esm.js — ESM entry with --wasm-file: the module is the file
// `wasmFile` (generated const) beside index.js. In Node, node:fs is loaded
// with a dynamic import (top-level await) so that createPipeline can read it
// synchronously; in browsers, createPipelineAsync fetches it and
// createPipeline (sync) is not available.

const wasmUrl = new URL(wasmFile, import.meta.url)
const wasmNodeFs = typeof process === 'object' && process !== null && process.versions && process.versions.node
  ? await import('node:fs') : null

const wasmSource = {
  bytes() {
    if (wasmNodeFs) return wasmNodeFs.readFileSync(wasmUrl)
    throw new Error('wp: createPipeline cannot load the .wasm file synchronously here; use createPipelineAsync')
  },
  async compile() {
    if (wasmNodeFs) return WebAssembly.compile(wasmNodeFs.readFileSync(wasmUrl))
    const response = await fetch(wasmUrl)
    if (!response.ok) throw new Error(`wp: cannot fetch ${wasmUrl}: ${response.status}`)
    return WebAssembly.compile(await response.arrayBuffer())
  },
}
