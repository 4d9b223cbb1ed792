// App.jsx — the checkout form of examples/checkout/checkout.wp. Every rule
// it shows runs in the compiled WebAssembly module: sync (account name and
// email into billing, phone numbers), flip (signature / leave at door,
// marketing opt-in / opt-out / newsletter), enabling and disabling, labels
// and placeholders, validation, and the totals computed from the lines.
import React from 'react'
import { useConcerns } from '../../checkout.wp?react'
import { Cart } from './Cart.jsx'
import { Amount, CheckField, SelectField, TextField } from './fields.jsx'

const COUNTRIES = ['US', 'CA', 'FR', 'DE']

export function App() {
  const status = useConcerns('status')
  return (
    <form className="checkout" onSubmit={(e) => e.preventDefault()}>
      <h1>Checkout <small>{status.dynamicLabel}</small></h1>
      <Cart />
      <section>
        <h2>Account</h2>
        <TextField path="customer.name" label="Name" />
        <TextField path="customer.email" label="Email" />
        <CheckField path="customer.loggedIn" label="Signed in" />
        <CheckField path="customer.marketingOptIn" label="Offers by email" />
        <CheckField path="customer.marketingOptOut" label="No offers" />
        <CheckField path="customer.newsletter" label="Newsletter" />
      </section>
      <section>
        <h2>Billing</h2>
        <TextField path="billing.name" label="Name" />
        <TextField path="billing.email" label="Email" />
        <TextField path="billing.street" label="Street" />
        <TextField path="billing.city" label="City" />
        <SelectField path="billing.country" label="Country" options={COUNTRIES} />
        <TextField path="billing.zip" label="Postcode" />
        <TextField path="billing.phone" label="Phone" />
      </section>
      <section>
        <h2>Delivery</h2>
        <SelectField path="shipping.method" label="Delivery" options={['standard', 'express', 'pickup']} />
        <CheckField path="shipping.sameAsBilling" label="Same as billing" />
        <TextField path="shipping.street" label="Street" />
        <TextField path="shipping.city" label="City" />
        <TextField path="shipping.zip" label="Postcode" />
        <TextField path="shipping.phone" label="Phone" />
        <CheckField path="shipping.signatureRequired" label="Signature" />
        <CheckField path="shipping.leaveAtDoor" label="Leave at the door" />
        <TextField path="shipping.pickup.pointId" label="Pickup point" />
      </section>
      <section>
        <h2>Payment</h2>
        <SelectField path="payment.method" label="Payment" options={['card', 'paypal', 'invoice']} />
        <TextField path="payment.card.number" label="Card number" />
        <TextField path="payment.card.holder" label="Card holder" />
        <TextField path="payment.card.expiry" label="Expiry" />
        <TextField path="coupon.code" label="Coupon" />
      </section>
      <section className="summary">
        <h2>Summary</h2>
        <Amount path="cart.subtotal" label="Subtotal" />
        <Amount path="summary.shipping" label="Delivery" />
        <Amount path="summary.tax" label="Tax" />
        <Amount path="summary.discount" label="Discount" />
        <Amount path="summary.total" label="Total" />
      </section>
    </form>
  )
}
