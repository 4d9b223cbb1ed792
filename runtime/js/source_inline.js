// source_inline.js — the module inlined as base64 (the default). pkg.c
// generates `const wasmBase64 = "..."` before it.

const wasmSource = { bytes: () => base64Decode(wasmBase64) }
