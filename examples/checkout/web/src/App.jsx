// App.jsx — the checkout form of examples/checkout/checkout.wp. Every rule
// it shows runs in the compiled WebAssembly module: sync (account name and
// email into billing, phone numbers), flip (signature / leave at door,
// marketing opt-in / opt-out / newsletter), enabling and disabling, labels
// and placeholders, validation, and the totals computed from the lines.
import React from 'react'
import { useConcerns } from '../../checkout.wp?react'
import { Cart } from './Cart.jsx'
import { Amount, CheckField, SelectField, TextField } from './fields.jsx'

// The form, section by section: each field as [component, path, label]
// (and a select's options). The components read their own concerns, so a
// field the rules hide, disable or relabel needs nothing here.
const COUNTRIES = ['US', 'CA', 'FR', 'DE']
const T = TextField, C = CheckField, S = SelectField, A = Amount
const SECTIONS = [
  ['Account', [[T, 'customer.name', 'Name'], [T, 'customer.email', 'Email'], [C, 'customer.loggedIn', 'Signed in'],
    [C, 'customer.marketingOptIn', 'Offers by email'], [C, 'customer.marketingOptOut', 'No offers'],
    [C, 'customer.newsletter', 'Newsletter']]],
  ['Billing', [[T, 'billing.name', 'Name'], [T, 'billing.email', 'Email'], [T, 'billing.street', 'Street'],
    [T, 'billing.city', 'City'], [S, 'billing.country', 'Country', COUNTRIES], [T, 'billing.zip', 'Postcode'],
    [T, 'billing.phone', 'Phone']]],
  ['Delivery', [[S, 'shipping.method', 'Delivery', ['standard', 'express', 'pickup']],
    [C, 'shipping.sameAsBilling', 'Same as billing'], [T, 'shipping.street', 'Street'], [T, 'shipping.city', 'City'],
    [T, 'shipping.zip', 'Postcode'], [T, 'shipping.phone', 'Phone'], [C, 'shipping.signatureRequired', 'Signature'],
    [C, 'shipping.leaveAtDoor', 'Leave at the door'], [T, 'shipping.pickup.pointId', 'Pickup point']]],
  ['Payment', [[S, 'payment.method', 'Payment', ['card', 'paypal', 'invoice']], [T, 'payment.card.number', 'Card number'],
    [T, 'payment.card.holder', 'Card holder'], [T, 'payment.card.expiry', 'Expiry'], [T, 'coupon.code', 'Coupon']]],
  ['Summary', [[A, 'cart.subtotal', 'Subtotal'], [A, 'summary.shipping', 'Delivery'], [A, 'summary.tax', 'Tax'],
    [A, 'summary.discount', 'Discount'], [A, 'summary.total', 'Total']], 'summary'],
]

export function App() {
  const status = useConcerns('status')
  return (
    <form className="checkout" onSubmit={(e) => e.preventDefault()}>
      <h1>Checkout <small>{status.dynamicLabel}</small></h1>
      <Cart />
      {SECTIONS.map(([title, fields, className]) => (
        <section key={title} className={className}>
          <h2>{title}</h2>
          {fields.map(([Field, path, label, options]) => (
            <Field key={path} path={path} label={label} options={options} />
          ))}
        </section>
      ))}
    </form>
  )
}
