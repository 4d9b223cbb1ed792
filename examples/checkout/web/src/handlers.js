// handlers.js — the JavaScript functions checkout.wp names (its `listen`
// lines, `validate external` and `concern … = external`). A real shop would
// call its services here; these compute small, fixed answers so that the
// page works offline and the browser test can check exact figures.

const round2 = (x) => Math.round(x * 100) / 100
const ok = { isError: false, errors: [] }
const fail = (message) => ({ isError: true, errors: [{ field: '.', message }] })
const SHIPPING = { standard: 4.9, express: 12, pickup: 0 }
const COUPONS = { SPRING10: 10, WELCOME5: 5 }

export const listeners = {
  // One call per cart line (scope cart.lines[*]): the line's price follows
  // its quantity; the rules then recompute the subtotal and the total.
  repriceLine: (changes, line, ctx) => {
    if (!line || typeof line.qty !== 'number' || typeof line.unitPrice !== 'number') return []
    return [[`cart.lines.${ctx.keys[0]}.price`, round2(line.qty * line.unitPrice)]]
  },
  checkStock: () => [],
  giftCardChanged: () => [],
  giftWrapChanged: () => [],
  // Scope root: 8 % tax on the subtotal.
  quoteTax: (changes, state) => [['summary.tax', round2((state.cart?.subtotal ?? 0) * 0.08)]],
  // Scope shipping: a fixed price per delivery method.
  quoteShipping: (changes, shipping) => [['shipping.cost', SHIPPING[shipping.method] ?? 0]],
  applyCoupon: (changes, state) => {
    const pct = COUPONS[state.coupon?.code]
    if (!pct) return [['coupon.applied', false], ['summary.discount', 0]]
    return [
      ['coupon.applied', true],
      ['coupon.percent', pct],
      ['coupon.message', `${pct} % off your order`],
      ['summary.discount', -round2(((state.cart?.subtotal ?? 0) * pct) / 100)],
    ]
  },
  accountEmailChanged: () => [],
  statusChanged: () => [],
  verifyVatId: () => [],
  tierChanged: () => [],
  logEverything: () => [],
}

export const validators = {
  checkEmailNotTaken: (email) => (email === 'taken@example.com' ? fail('this email already has an account: sign in') : ok),
  checkPostcode: (zip, deps) => {
    const country = Object.entries(deps).find(([p]) => p.endsWith('.country'))?.[1]
    if (!zip) return ok
    if (country === 'US' && !/^[0-9]{5}$/.test(zip)) return fail('a US ZIP code has 5 digits')
    if ((country === 'FR' || country === 'DE') && !/^[0-9]{5}$/.test(zip)) return fail('a postcode has 5 digits')
    return ok
  },
  luhnCheck: (number) => {
    if (!number) return ok
    let sum = 0
    for (let i = 0; i < number.length; i++) {
      let d = Number(number[number.length - 1 - i])
      if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2
      sum += d
    }
    return sum % 10 === 0 ? ok : fail('this card number has a typo')
  },
  checkCoupon: (code) => (!code || code in COUPONS ? ok : fail('unknown coupon')),
}

export const concerns = {
  scoreOrder: (total, count, country) => (total > 500 && count === 0 ? 0.8 : 0.1),
}
