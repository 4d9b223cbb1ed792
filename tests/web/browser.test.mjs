// browser.test.mjs — the checkout page (examples/checkout/web) in a real
// browser: built with Vite and vite-plugin-wpc (through the wpc under test),
// served with a Content-Security-Policy that allows WebAssembly only by
// 'wasm-unsafe-eval', and driven in Debian's chromium (headless, no
// sandbox) by playwright-core, which downloads no browser. The test types
// into fields and checks what the page shows; the screenshot is left in
// build/web/checkout.png.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'

import { ROOT, launch, withWpcOnPath } from './helpers.mjs'

const WEB = path.join(ROOT, 'examples', 'checkout', 'web')
const OUT = path.join(ROOT, 'build', 'web')
const DIST = path.join(OUT, 'checkout-dist')
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' }
function serve(dir) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x')
    let file = path.join(dir, decodeURIComponent(url.pathname))
    if (!file.startsWith(dir)) return res.writeHead(403).end()
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html')
    if (!fs.existsSync(file)) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'content-security-policy': CSP })
    fs.createReadStream(file).pipe(res)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

describe('the checkout page in chromium', () => {
  let server, browser, page
  const errors = []

  before(async () => {
    withWpcOnPath()
    const { build } = await import('vite')
    fs.rmSync(DIST, { recursive: true, force: true })
    await build({ root: WEB, logLevel: 'error', build: { outDir: DIST, emptyOutDir: true } })
    server = await serve(DIST)
    browser = await launch()
    page = await browser.newPage({ viewport: { width: 900, height: 1400 } })
    page.on('pageerror', (e) => errors.push(String(e)))
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    await page.goto(`http://127.0.0.1:${server.address().port}/`)
    await page.waitForSelector('form.checkout', { timeout: 30_000 })
  })

  after(async () => {
    await browser?.close()
    server?.close()
  })

  const field = (p) => page.locator(`[name="${p}"]`)
  const text = (p) => page.locator(`[data-field="${p}"] .label`).textContent()
  const amount = (p) => page.locator(`output[name="${p}"]`).textContent()
  const errorOf = (p) => page.locator(`[data-field="${p}"] .error`)

  test('the rules run in the page: initial figures from the lines', async () => {
    assert.deepEqual(errors, [])
    assert.equal(await amount('cart.subtotal'), '28.50')  // 2 × 8 + 12.5
    assert.equal(await text('cart.subtotal'), 'Subtotal, 2 items')
    assert.equal(await amount('summary.total'), '33.40')  // + 4.90 delivery
    assert.equal(await text('cart.lines.SKU-1.price'), '2 × Mug')
  })

  test('a quantity reprices its line; subtotal, tax and total follow', async () => {
    await field('cart.lines.SKU-1.qty').fill('3')
    assert.equal(await amount('cart.lines.SKU-1.price'), '24.00')
    assert.equal(await text('cart.lines.SKU-1.price'), '3 × Mug')
    assert.equal(await amount('cart.subtotal'), '36.50')
    assert.equal(await amount('summary.tax'), '2.92')
    assert.equal(await amount('summary.total'), '44.32') // 36.50 + 4.90 + 2.92
    await page.locator('button[name="remove-SKU-2"]').click()
    assert.equal(await amount('cart.subtotal'), '24.00')
    assert.equal(await text('cart.subtotal'), 'Subtotal, 1 items')
    assert.equal(await page.locator('button[name="remove-SKU-2"]').textContent(), 'Undo')
  })

  test('typing the account name and email syncs them into billing and the card', async () => {
    await field('customer.name').pressSequentially('Ada Lovelace')
    assert.equal(await field('billing.name').inputValue(), 'Ada Lovelace')
    assert.equal(await field('payment.card.holder').inputValue(), 'Ada Lovelace')
    await field('customer.email').fill('taken@example.com')
    assert.equal(await field('billing.email').inputValue(), 'taken@example.com')
    assert.equal(await errorOf('customer.email').textContent(), 'this email already has an account: sign in')
    await field('customer.email').fill('ada@example.com')
    assert.equal(await errorOf('customer.email').count(), 0)
    await field('billing.phone').fill('+14155550123')
    assert.equal(await field('shipping.phone').inputValue(), '+14155550123')
  })

  test('validation messages show as you type', async () => {
    await field('billing.street').fill('1')
    assert.equal(await errorOf('billing.street').textContent(), 'enter the street and house number')
    await field('billing.street').fill('1 Main St')
    assert.equal(await errorOf('billing.street').count(), 0)
    // same as billing: the shipping street follows, read-only
    assert.equal(await field('shipping.street').inputValue(), '1 Main St')
    assert.equal(await field('shipping.street').getAttribute('readonly'), '')
  })

  test('labels follow the country; flips stay opposite; fields enable and disable', async () => {
    assert.equal(await text('billing.zip'), 'ZIP code')
    await field('billing.country').selectOption('CA')
    assert.equal(await text('billing.zip'), 'Postal code')
    assert.equal(await field('billing.zip').getAttribute('placeholder'), 'K1A 0B1')
    await field('billing.country').selectOption('FR')
    assert.equal(await text('billing.zip'), 'Postcode')
    // signature on delivery exists in the US and Canada only
    assert.equal(await field('shipping.signatureRequired').isDisabled(), true)
    await field('billing.country').selectOption('US')
    assert.equal(await field('shipping.signatureRequired').isDisabled(), false)
    await field('shipping.signatureRequired').check()
    assert.equal(await field('shipping.leaveAtDoor').isChecked(), false)
    // guests cannot opt in; signing in flips isGuest and enables it
    assert.equal(await field('customer.marketingOptIn').isDisabled(), true)
    await field('customer.loggedIn').check()
    assert.equal(await field('customer.marketingOptIn').isDisabled(), false)
    await field('customer.marketingOptIn').check()
    assert.equal(await field('customer.marketingOptOut').isChecked(), false)
    assert.equal(await field('customer.newsletter').isChecked(), true)
    // pickup: no address, no signature, free delivery
    await field('shipping.method').selectOption('pickup')
    assert.equal(await field('shipping.sameAsBilling').isDisabled(), true)
    assert.equal(await field('shipping.street').count(), 0)
    assert.equal(await field('shipping.pickup.pointId').count(), 1)
    assert.equal(await amount('summary.shipping'), '0.00')
  })

  test('a screenshot of the page is saved', async () => {
    const file = path.join(OUT, 'checkout.png')
    await page.screenshot({ path: file, fullPage: true })
    const png = fs.readFileSync(file)
    assert.equal(png.subarray(1, 4).toString(), 'PNG')
    assert.ok(png.length > 10_000)
    assert.deepEqual(errors, [], 'no error in the page')
  })
})
