// vite-plugin.test.mjs — packages/vite-plugin-wpc with Vite: a build fails
// with wpc's diagnostic as a Vite error (file, line, column, frame); the dev
// server serves `./form.wp?react` to chromium, a save of the .wp file is a
// hot update that keeps what was typed (no reload), a save with an error
// shows it in the error overlay with file:line:col, and fixing it recovers.
// The app lives in a scratch directory under tests/web (so react resolves
// from tests/web/node_modules and the watcher does not skip it).
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'

import { HERE, ROOT, launch, withWpcOnPath } from './helpers.mjs'

const { default: wpc } = await import(path.join(ROOT, 'packages', 'vite-plugin-wpc', 'index.js'))
const { build, createServer } = await import('vite')

const RULES = `state {
  name: string
  copy: string
}

sync name -> copy

field copy {
  label = "Copy of {{name}}"
}
`

const MAIN = `import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'
import { createStore, useField } from './form.wp?react'

const { Provider } = createStore({ name: '', copy: '' })
function Input({ path }) {
  const f = useField(path)
  return h('label', null,
    h('span', { id: 'label-' + path }, f.concerns.dynamicLabel ?? path),
    h('input', { name: path, value: f.value ?? '', onChange: (e) => f.set(e.target.value) }))
}
createRoot(document.getElementById('root')).render(h(Provider, null, h(Input, { path: 'name' }), h(Input, { path: 'copy' })))
`

function scratchApp() {
  const dir = fs.mkdtempSync(path.join(HERE, '.tmp-'))
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }))
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/main.js"></script>\n')
  fs.writeFileSync(path.join(dir, 'main.js'), MAIN)
  fs.writeFileSync(path.join(dir, 'form.wp'), RULES)
  return dir
}

withWpcOnPath()

test('a build with an error in the .wp file fails with file, line and column', async () => {
  const dir = scratchApp()
  fs.writeFileSync(path.join(dir, 'form.wp'), RULES.replace('sync name -> copy', 'sync name -> cpy'))
  const err = await build({
    root: dir, configFile: false, logLevel: 'silent', plugins: [wpc()],
    cacheDir: path.join(dir, '.vite'), build: { outDir: path.join(dir, 'dist'), write: false },
  }).then(() => null, (e) => e)
  assert.ok(err, 'the build failed')
  const file = path.join(dir, 'form.wp')
  assert.match(err.message, new RegExp(`form\\.wp:6:14: error\\[WP0401\\]: the state has no field 'cpy'`))
  // Vite 8 (rolldown) gathers a build's errors in err.errors; earlier Vite throws the one
  const one = err.errors?.[0] ?? err
  assert.equal(one.plugin, 'vite-plugin-wpc')
  assert.deepEqual({ file: one.loc?.file, line: one.loc?.line, column: one.loc?.column }, { file, line: 6, column: 14 })
  assert.match(one.frame, />\s+6 \| sync name -> cpy\n\s+\|\s{14}\^/)
})

test('a build bundles the package, its ./react and ./valtio subpaths from .wp imports', async () => {
  const dir = scratchApp()
  fs.writeFileSync(path.join(dir, 'main.js'), MAIN +
    "import { rules } from './form.wp'\nimport { createProxies } from './form.wp?valtio'\nconsole.log(rules.source, createProxies)\n")
  const out = await build({
    root: dir, configFile: false, logLevel: 'silent', plugins: [wpc()],
    cacheDir: path.join(dir, '.vite'), build: { outDir: path.join(dir, 'dist'), write: false, minify: false },
  })
  const code = out.output.filter((o) => o.type === 'chunk').map((o) => o.code).join('\n')
  assert.match(code, /"source": "form\.wp"/)        // the manifest of the package's entry
  assert.match(code, /useSyncExternalStore/)         // ./react, with React bundled from the app
  assert.match(code, /function proxiesOf/)           // ./valtio
  assert.doesNotMatch(code, /import\.meta\.hot/)    // no hot-update code in a build
})

test('the cache keeps one package per .wp file: a new version replaces the old one', async () => {
  const dir = scratchApp()
  const config = {
    root: dir, configFile: false, logLevel: 'silent', plugins: [wpc()],
    cacheDir: path.join(dir, '.vite'), build: { write: false, minify: false },
  }
  const packages = () => fs.readdirSync(path.join(dir, '.vite', 'wpc')).filter((n) => n.startsWith('form-'))
  await build(config)
  const first = packages()
  assert.equal(first.length, 1, first.join(' '))
  await build({ ...config, plugins: [wpc()] }) // same content: the package is reused
  assert.deepEqual(packages(), first)
  fs.writeFileSync(path.join(dir, 'form.wp'), RULES.replace('Copy of', 'Echo of'))
  await build({ ...config, plugins: [wpc()] })
  const second = packages()
  assert.equal(second.length, 1, second.join(' '))
  assert.notEqual(second[0], first[0])
})

test('the plugin names a missing wpc', async () => {
  const dir = scratchApp()
  const err = await build({
    root: dir, configFile: false, logLevel: 'silent', plugins: [wpc({ wpc: path.join(dir, 'no-such-wpc') })],
    cacheDir: path.join(dir, '.vite'), build: { write: false },
  }).then(() => null, (e) => e)
  assert.match(String(err?.message), /vite-plugin-wpc: cannot run '.*no-such-wpc': put wpc on PATH/)
})

describe('the dev server in chromium', () => {
  let server, browser, page, dir

  before(async () => {
    dir = scratchApp()
    server = await createServer({
      root: dir, configFile: false, logLevel: 'silent', plugins: [wpc()], cacheDir: path.join(dir, '.vite'),
      server: { host: '127.0.0.1', port: 0, strictPort: false },
    })
    await server.listen()
    browser = await launch()
    page = await browser.newPage()
    await page.goto(server.resolvedUrls.local[0])
    await page.waitForSelector('input[name="copy"]', { timeout: 60_000 })
  })

  after(async () => {
    await browser?.close()
    await server?.close()
  })

  const label = () => page.locator('#label-copy').textContent()
  const edit = (text) => fs.writeFileSync(path.join(dir, 'form.wp'), text)
  // Saves the file and waits for the label; on a loaded machine a save can
  // land while the server is still answering the previous one, so the save
  // is repeated (at most three times) before the wait fails.
  async function saveUntilLabel(text, expected) {
    for (let attempt = 1; ; attempt++) {
      edit(text)
      try {
        await page.waitForFunction((want) => document.getElementById('label-copy')?.textContent === want, expected,
          { timeout: attempt < 3 ? 10_000 : 30_000 })
        return
      } catch (e) {
        if (attempt === 3) throw e
      }
    }
  }

  test('the page runs the rules: the sync and the label', async () => {
    await page.locator('input[name="name"]').pressSequentially('Ada')
    assert.equal(await page.locator('input[name="copy"]').inputValue(), 'Ada')
    assert.equal(await label(), 'Copy of Ada')
  })

  test('saving new rules updates the page in place and keeps the state', async () => {
    await page.evaluate(() => { window.notReloaded = true })
    await saveUntilLabel(RULES.replace('Copy of', 'Duplicate of'), 'Duplicate of Ada')
    assert.equal(await page.locator('input[name="name"]').inputValue(), 'Ada')
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'a hot update, not a reload')
    await page.locator('input[name="name"]').fill('Grace')
    assert.equal(await page.locator('input[name="copy"]').inputValue(), 'Grace')
    assert.equal(await label(), 'Duplicate of Grace')
  })

  test('an error is shown in the overlay with file:line:col; fixing it recovers', async () => {
    edit(RULES.replace('label = "Copy of {{name}}"', 'disabled when nmae'))
    await page.waitForSelector('vite-error-overlay', { timeout: 30_000 })
    const shown = await page.evaluate(() => document.querySelector('vite-error-overlay').shadowRoot.textContent)
    assert.match(shown, /form\.wp:9:17: error\[WP0401\]: the state has no field 'nmae'/)
    assert.match(shown, /disabled when nmae/)
    await page.evaluate(() => { window.notReloaded = true })
    await saveUntilLabel(RULES.replace('Copy of', 'Mirror of'), 'Mirror of Grace')
    assert.equal(await page.locator('input[name="name"]').inputValue(), 'Grace')
    assert.equal(await page.evaluate(() => window.notReloaded), true, 'a hot update, not a reload')
    assert.equal(await page.locator('vite-error-overlay').count(), 0, 'the overlay is gone')
  })

  test('new rules that the store\'s options cannot run (a new listener) reload the page', async () => {
    await page.evaluate(() => { window.notReloaded = true })
    const reloaded = page.waitForEvent('load', { timeout: 30_000 })
    edit(RULES + '\nlisten name call onName\n')
    await reloaded
    assert.equal(await page.evaluate(() => window.notReloaded), undefined, 'the page was loaded again')
  })
})
