// vite-plugin-wpc — `.wp` rules files as Vite modules (docs/react.md).
//
//   import { createPipeline } from './checkout.wp'          the package's entry
//   import { createStore, useField } from './checkout.wp?react'   its ./react subpath
//   import { createProxies } from './checkout.wp?valtio'          its ./valtio subpath
//
// Each .wp file is compiled by `wpc build FILE -o DIR` (the wpc on PATH, or
// options.wpc) into Vite's cache directory, once per version of the file
// and the .wp files it imports; the modules are read from that package.
// wpc's diagnostics become a Vite error with file, line and column (the
// error overlay in dev, a failed build otherwise). In dev, the ?react
// module accepts its own hot updates: every store it created takes a
// pipeline of the new rules over the current state, so edits to the rules
// keep what was typed; when the new rules cannot take the state (a handler
// the options lack), the page reloads.
//
// The plugin imports nothing but Node's built-ins.
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

const KINDS = new Set(['', 'react', 'valtio'])

// '/abs/app.wp?react' → { file: '/abs/app.wp', kind: 'react' }; null for other ids
function parseId(id) {
  const q = id.indexOf('?')
  const file = q < 0 ? id : id.slice(0, q)
  const kind = q < 0 ? '' : id.slice(q + 1)
  if (!file.endsWith('.wp') || !KINDS.has(kind)) return null
  return { file, kind }
}

// The .wp files a .wp file imports (`import "./x.wp"`; std/ modules are
// inside wpc), followed transitively.
function importsOf(file, seen = new Set()) {
  if (seen.has(file)) return seen
  seen.add(file)
  let text = ''
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    return seen
  }
  for (const m of text.matchAll(/^\s*import\s+"(\.{1,2}\/[^"]+)"/gm)) {
    const dep = path.resolve(path.dirname(file), m[1].endsWith('.wp') ? m[1] : m[1] + '.wp')
    importsOf(dep, seen)
  }
  return seen
}

// The wpc binary's path (a name is looked up on PATH) and its size and
// time, so that a rebuilt wpc compiles again instead of reusing the cache.
function binIdentity(bin) {
  const dirs = bin.includes('/') ? [''] : (process.env.PATH || '').split(path.delimiter)
  for (const d of dirs) {
    const file = d ? path.join(d, bin) : bin
    try {
      const st = fs.statSync(file)
      if (st.isFile()) return `${path.resolve(file)}:${st.size}:${st.mtimeMs}`
    } catch {}
  }
  return bin
}

function run(bin, args) {
  return new Promise((resolve) => {
    execFile(bin, args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ error, code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr })
    })
  })
}

// A code frame like Vite's: the line, and a caret under the column.
function frameOf(file, line, column) {
  let lines
  try {
    lines = fs.readFileSync(file, 'utf8').split('\n')
  } catch {
    return ''
  }
  const out = []
  for (let n = Math.max(1, line - 2); n <= Math.min(lines.length, line + 1); n++) {
    const no = String(n).padStart(4)
    out.push(`${n === line ? '>' : ' '}${no} | ${lines[n - 1]}`)
    if (n === line) out.push(`      | ${' '.repeat(Math.max(0, column - 1))}^`)
  }
  return out.join('\n')
}

// wpc's JSON diagnostics (--format json, on stdout) as one error: the first error's position is the
// error's `loc`; the message lists every error as file:line:col.
function diagnosticsError(file, res) {
  let report = null
  for (const text of [res.stdout, res.stderr]) {
    try {
      report = JSON.parse(text)
      break
    } catch {}
  }
  const errors = (report?.diagnostics || []).filter((d) => d.level === 'error')
  if (!errors.length) {
    const err = new Error(`wpc build ${file} failed (exit ${res.code}):\n${res.stderr}${res.stdout}`)
    err.id = file
    return err
  }
  const first = errors[0]
  const lines = errors.map((d) => `${d.file}:${d.line}:${d.column}: error[${d.code}]: ${d.message}`)
  const err = new Error(lines.join('\n'))
  err.id = first.file
  err.loc = { file: first.file, line: first.line, column: first.column }
  err.frame = frameOf(first.file, first.line, first.column)
  err.diagnostics = errors
  return err
}

const HOT = `
// ---- added by vite-plugin-wpc in dev: hot updates keep each store's state
export { createPipeline as __wpcCreatePipeline }
if (import.meta.hot) {
  const live = (import.meta.hot.data.live ??= new Set())
  wpHot.live = live
  import.meta.hot.accept((next) => {
    if (!next) return
    try {
      for (const store of live) store.replacePipeline(next.__wpcCreatePipeline(store.getState(), store.options))
    } catch (e) {
      import.meta.hot.invalidate('wpc: the new rules cannot take the current state: ' + e.message)
    }
  })
}
`

export default function wpc(options = {}) {
  const bin = options.wpc || process.env.WPC || 'wpc'
  let root = process.cwd()
  let outRoot = null
  let dev = false
  const builds = new Map() // file → { key, promise of the package directory }

  async function compile(file) {
    const deps = [...importsOf(file)]
    const hash = crypto.createHash('sha256')
    hash.update(binIdentity(bin) + '\0')
    for (const d of deps) {
      hash.update(d + '\0')
      try {
        hash.update(fs.readFileSync(d))
      } catch {}
    }
    const key = hash.digest('hex').slice(0, 16)
    const known = builds.get(file)
    if (known && known.key === key) return { dir: await known.promise, deps }
    const name = path.basename(file, '.wp').replace(/[^A-Za-z0-9_-]/g, '_')
    const dir = path.join(outRoot, `${name}-${key}`)
    const promise = (async () => {
      if (fs.existsSync(path.join(dir, 'package.json'))) return dir
      const res = await run(bin, ['build', file, '-o', dir, '--format', 'json'])
      if (res.error && res.error.code === 'ENOENT')
        throw new Error(`vite-plugin-wpc: cannot run '${bin}': put wpc on PATH or pass wpc({ wpc: '/path/to/wpc' })`)
      if (res.code !== 0) throw diagnosticsError(file, res)
      // the packages of this file's earlier versions are not needed any more
      for (const old of fs.readdirSync(outRoot))
        if (old.startsWith(`${name}-`) && old !== path.basename(dir) && /^[0-9a-f]{16}$/.test(old.slice(name.length + 1)))
          fs.rmSync(path.join(outRoot, old), { recursive: true, force: true })
      return dir
    })()
    builds.set(file, { key, promise })
    try {
      return { dir: await promise, deps }
    } catch (e) {
      builds.delete(file)
      throw e
    }
  }

  return {
    name: 'vite-plugin-wpc',
    enforce: 'pre',

    configResolved(config) {
      root = config.root
      dev = config.command === 'serve'
      outRoot = path.join(config.cacheDir, 'wpc')
      fs.mkdirSync(outRoot, { recursive: true })
    },

    async resolveId(source, importer, opts) {
      const q = source.indexOf('?')
      const bare = q < 0 ? source : source.slice(0, q)
      if (bare.endsWith('.wp')) {
        const kind = q < 0 ? '' : source.slice(q + 1)
        if (!KINDS.has(kind)) return null
        let file = bare
        if (!path.isAbsolute(bare) || !fs.existsSync(bare)) {
          if (bare.startsWith('.')) file = path.resolve(importer ? path.dirname(importer.split('?')[0]) : root, bare)
          else if (bare.startsWith('/')) file = path.join(root, bare)
          else return null
        }
        return kind ? `${file}?${kind}` : file
      }
      // The generated modules import react / valtio: resolve them as the app
      // would, from its root (the .wp file may live outside it).
      if (importer && parseId(importer) && !source.startsWith('.') && !source.startsWith('/') && !source.startsWith('\0'))
        return this.resolve(source, path.join(root, '__wpc_importer__.js'), { ...opts, skipSelf: true })
      return null
    },

    async load(id) {
      const p = parseId(id)
      if (!p) return null
      const { dir, deps } = await compile(p.file)
      for (const d of deps) this.addWatchFile(d)
      if (!p.kind) return fs.readFileSync(path.join(dir, 'index.js'), 'utf8')
      let code = fs.readFileSync(path.join(dir, `${p.kind}.js`), 'utf8')
      code = code.replace(/from '\.\/index\.js'/, `from ${JSON.stringify(p.file)}`)
      if (dev && p.kind === 'react') code += HOT
      return code
    },
  }
}
