// edits.mjs PACKAGE_DIR — the README's example: loads the package that
// `wpc build examples/checkout/checkout.wp -o PACKAGE_DIR` wrote, creates a
// pipeline and prints the changes a few edits cause.  The handlers below are
// stand-ins that log their call; the point is to show what the compiled rules
// do with each edit.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const dir = resolve(process.argv[2] ?? 'build/example/checkout')
const { createPipeline, rules } = await import(pathToFileURL(resolve(dir, 'index.js')).href)

// Every handler, external validator and external concern the rules name must
// be given (js-api.md); these log their call and, except repriceLine, return
// nothing and accept everything. repriceLine writes the line's price, which
// goes through the rules again (the price's label concern follows it).
const calls = []
const outputs = {
  repriceLine: (changes, line, ctx) => [[`cart.lines.${ctx.keys[0]}.price`, line.qty * line.unitPrice]],
}
const record = (name) => (changes, scoped, ctx) => {
  calls.push(`${name}(${changes.map((c) => c[0]).join(', ')})${ctx.keys.length ? ` keys ${JSON.stringify(ctx.keys)}` : ''}`)
  return outputs[name] ? outputs[name](changes, scoped, ctx) : []
}
const listeners = Object.fromEntries(rules.listeners.map((l) => [l.handler, record(l.handler)]))
const validators = Object.fromEntries(rules.validators.map((v) => [v, () => ({ isError: false, errors: [] })]))
const concerns = Object.fromEntries(rules.concerns.map((c) => [c, () => 0]))

const p = createPipeline(
  {
    customer: { email: '', name: 'Ada Lovelace', isGuest: true, loggedIn: false,
                marketingOptIn: false, marketingOptOut: true, newsletter: false },
    billing: { email: '', phone: '', name: '' },
    shipping: { phone: '', signatureRequired: false, leaveAtDoor: true, sameAsBilling: false },
    contact: { phone: '' },
    cart: { lines: { 'SKU-1': { sku: 'SKU-1', title: 'Tea', qty: 1, unitPrice: 4.5, price: 4.5, stock: 9 } } },
    payment: { card: { holder: '' } },
    settings: { currency: 'EUR', theme: 'light' },
  },
  { listeners, validators, concerns },
)

// The changes an edit caused (concern values included when `concerns` is
// set), then the handlers it called, in order.
const show = (title, changes, { concerns = false } = {}) => {
  console.log(`\n${title}`)
  for (const [path, value, meta] of changes)
    if (concerns || !path.startsWith('_concerns.')) console.log(`  ${meta.stage.padEnd(10)} ${path} = ${JSON.stringify(value)}`)
  if (calls.length) console.log(`  handlers: ${calls.join('; ')}`)
  calls.length = 0
}

calls.length = 0
show('createPipeline: what creation settled (one-way copies, sync votes)', p.initialChanges)
show("apply billing.email = 'ada@example.com'   (sync customer.email <-> billing.email)",
     p.apply([['billing.email', 'ada@example.com']]))
show("apply contact.phone = '+44 20 7946 0000'  (a sync chain of three)",
     p.apply([['contact.phone', '+44 20 7946 0000']]))
show('apply customer.marketingOptIn = true     (a flip chain of three)',
     p.apply([['customer.marketingOptIn', true]]))
show("apply customer.name = 'A. Lovelace'       (one-way -> into a sync pair)",
     p.apply([['customer.name', 'A. Lovelace']]))
show("apply payment.card.holder = 'Ada L.'      (nothing flows back against ->)",
     p.apply([['payment.card.holder', 'Ada L.']]))
show("apply cart.lines.SKU-1.qty = 3            (listeners per line; repriceLine's output runs the rules again)",
     p.apply([['cart.lines.SKU-1.qty', 3]]), { concerns: true })
