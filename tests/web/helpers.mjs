// helpers.mjs — shared by the web suites (tests/web/*.test.mjs).
//
// build(fixture)  `WPC build tests/web/fixtures/FIXTURE.wp -o DIR` once per
//                 process; DIR is under tests/web/node_modules/.cache, so the
//                 package's ./react and ./valtio resolve react and valtio
//                 from tests/web/node_modules like an app's would.
// launch()        Debian's chromium (CHROMIUM, /usr/bin/chromium or chromium
//                 on PATH), headless, no sandbox, driven by playwright-core.
// withWpcOnPath() the wpc under test first on PATH (the Vite plugin runs `wpc`).
// useJsdom()      a jsdom window as the globals React DOM and Testing
//                 Library expect (before either is imported).
//
// The wpc binary: env WPC, else build/wpc of the repository.
import assert from 'node:assert/strict'
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const HERE = path.dirname(fileURLToPath(import.meta.url))
export const ROOT = path.resolve(HERE, '..', '..')
export const WPC = path.resolve(ROOT, process.env.WPC || 'build/wpc')
const CACHE = path.join(HERE, 'node_modules', '.cache', 'wpc-web-tests')

let outRoot = null
function outDir(name) {
  if (!outRoot) {
    fs.mkdirSync(CACHE, { recursive: true })
    outRoot = fs.mkdtempSync(path.join(CACHE, 'run-'))
    process.on('exit', () => fs.rmSync(outRoot, { recursive: true, force: true }))
  }
  return path.join(outRoot, name)
}

const built = new Map()
/** Builds tests/web/fixtures/NAME.wp (or an absolute .wp path); returns the package directory. */
export function build(fixture) {
  const file = path.isAbsolute(fixture) ? fixture : path.join(HERE, 'fixtures', fixture + '.wp')
  if (built.has(file)) return built.get(file)
  const dir = outDir(path.basename(file, '.wp') + '-' + built.size)
  const r = spawnSync(WPC, ['build', file, '-o', dir], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`wpc build ${file} exited ${r.status}:\n${r.stderr}`)
  built.set(file, dir)
  return dir
}

/** Imports FILE (e.g. 'react.js') of the package built from fixture. */
export async function load(fixture, file) {
  return import(pathToFileURL(path.join(build(fixture), file)).href)
}

/** Installs a jsdom window as the DOM globals; call before importing react-dom. */
export async function useJsdom() {
  const { JSDOM } = await import('jsdom')
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
  const g = globalThis
  g.window = dom.window
  g.document = dom.window.document
  for (const k of ['HTMLElement', 'HTMLInputElement', 'Node', 'Event', 'MouseEvent', 'KeyboardEvent',
    'InputEvent', 'getComputedStyle', 'requestAnimationFrame', 'cancelAnimationFrame', 'MutationObserver'])
    if (!(k in g)) g[k] = dom.window[k]
  if (!('navigator' in g)) g.navigator = dom.window.navigator
  g.IS_REACT_ACT_ENVIRONMENT = true
  return dom
}

export function chromiumPath() {
  for (const p of [process.env.CHROMIUM, '/usr/bin/chromium']) if (p && fs.existsSync(p)) return p
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim()
  } catch {
    return null
  }
}

export async function launch() {
  const { chromium } = await import('playwright-core')
  const executablePath = chromiumPath()
  assert.ok(executablePath, 'chromium is not installed: run scripts/install-deps.sh (apt-get install chromium)')
  return chromium.launch({ executablePath, headless: true, args: ['--headless', '--no-sandbox'] })
}

// The wpc under test first on PATH: the plugin runs `wpc` from PATH.
export function withWpcOnPath() {
  process.env.PATH = `${path.dirname(WPC)}${path.delimiter}${process.env.PATH}`
}

