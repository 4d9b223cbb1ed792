// initial.js — the state the page starts from: a cart of two lines, a
// guest customer, shipping to the billing address.
const line = (sku, title, qty, unitPrice, stock) => ({
  sku, title, qty, unitPrice, price: qty * unitPrice, currency: 'USD', stock,
  ageRestricted: false, removed: false, giftWrap: false, selected: null, quote: null,
})

export const initialState = {
  status: 'draft',
  step: 1,
  locale: 'en-US',
  settings: { currency: 'USD', theme: 'light' },
  ui: { theme: 'light' },
  customer: {
    id: null, loggedIn: false, isGuest: true, name: '', email: '', tier: 'none', count: 0,
    segments: [], marketingOptIn: false, marketingOptOut: true, newsletter: false, savedAddresses: [], notes: null,
  },
  cart: {
    lines: { 'SKU-1': line('SKU-1', 'Mug', 2, 8, 40), 'SKU-2': line('SKU-2', 'Tea', 1, 12.5, 3) },
    filter: '', hasAgeRestricted: false, subtotal: 0, lineCount: 0,
  },
  billing: { name: '', vatId: null, street: '', city: '', zip: '', country: 'US', email: '', phone: '' },
  shipping: {
    sameAsBilling: true, street: '', city: '', zip: '', country: 'US', phone: '', method: 'standard',
    signatureRequired: false, leaveAtDoor: true, instructions: null, free: false, cost: 4.9,
    pickup: { pointId: null, map: false }, quote: { amount: null, carrier: null, currency: null },
  },
  contact: { phone: '' },
  payment: { method: 'card', currency: 'USD', card: { number: '', holder: '', expiry: '', cvc: null } },
  coupon: { code: '', applied: false, percent: null, message: null },
  summary: { shipping: 0, tax: 0, discount: 0, total: 0 },
  giftMessage: null,
  extra: null,
}
