// Cart.jsx — the cart lines: quantity (repriceLine writes the price, the
// rules sum the lines), low-stock hint, remove / undo.
import React from 'react'
import { useField, useValue } from '../../checkout.wp?react'
import { Amount, TextField } from './fields.jsx'

function Line({ sku }) {
  const title = useValue(`cart.lines.${sku}.title`)
  const qty = useField(`cart.lines.${sku}.qty`)
  const removed = useField(`cart.lines.${sku}.removed`)
  return (
    <li className={removed.value ? 'line removed' : 'line'} data-line={sku}>
      <strong>{title}</strong>
      <TextField path={`cart.lines.${sku}.qty`} label="Quantity" number />
      {qty.concerns.lowStock ? <span className="hint">low stock</span> : null}
      <Amount path={`cart.lines.${sku}.price`} label="Price" />
      <button type="button" name={`remove-${sku}`} onClick={() => removed.set(!removed.value)}>
        {removed.concerns.dynamicLabel}
      </button>
    </li>
  )
}

export function Cart() {
  const lines = useValue('cart.lines')
  // the line keys: this component re-renders when a line is added or removed
  // (and when any line changes, as the whole map is its value)
  return (
    <section>
      <h2>Cart</h2>
      <ul className="lines">
        {Object.keys(lines ?? {}).map((sku) => <Line key={sku} sku={sku} />)}
      </ul>
    </section>
  )
}
