// common.mjs — what the single-package benchmarks share (apply.mjs,
// derived.mjs, listener.mjs): the package to load, the timing method of
// benchmark.md §1, and the merge into bench/results.json.
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

// createPipeline of the package in `dir`.
export async function loadPipeline(dir) {
  return (await import(pathToFileURL(resolve(dir, 'index.js')).href)).createPipeline
}

// argv: PKG_DIR [ITERATIONS]; measure(name, fn) with those iterations.
export async function benchArgs(defaultDir) {
  const dir = resolve(process.argv[2] ?? defaultDir)
  const iterations = Number(process.argv[3] ?? 20000)
  return { iterations, createPipeline: await loadPipeline(dir), measure: (name, fn) => measure(name, fn, iterations) }
}

// `iterations` calls of fn(i), each doing real work, in samples of 50
// (timer resolution) after a warm-up long enough for the JIT to settle:
// median and p10–p90 in µs per call, and calls per second.
export function measure(name, fn, iterations) {
  for (let i = 0; i < 20000; i++) fn(i)
  const batch = 50
  const samples = []
  const start = process.hrtime.bigint()
  for (let s = 0; s < iterations / batch; s++) {
    const t0 = process.hrtime.bigint()
    for (let k = 0; k < batch; k++) fn(s * batch + k)
    samples.push(Number(process.hrtime.bigint() - t0) / 1000 / batch)
  }
  const total = Number(process.hrtime.bigint() - start) / 1e9
  samples.sort((a, b) => a - b)
  const q = (f) => samples[Math.min(samples.length - 1, Math.floor(f * samples.length))]
  return { name, median_us: q(0.5), p10_us: q(0.1), p90_us: q(0.9), ops_per_s: iterations / total }
}

// results.json[key] = value, the other keys kept.
export function saveResults(key, value) {
  const out = resolve('bench/results.json')
  const results = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {}
  results[key] = value
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n')
}
