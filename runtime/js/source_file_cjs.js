// source_file_cjs.js — CommonJS entry with --wasm-file: the module is the
// file `wasmFile` (generated const) beside index.cjs, read with node:fs.

const wasmSource = {
  bytes: () => require('node:fs').readFileSync(require('node:path').join(__dirname, wasmFile)),
}
