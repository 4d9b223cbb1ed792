// fields.jsx — one component per kind of input. Each reads its field with
// useField, so it re-renders only when the rules change that field's value
// or its concerns (visibleWhen, disabledWhen, readonlyWhen, dynamicLabel,
// dynamicPlaceholder, dynamicTooltip, validationState).
import React, { useState } from 'react'
import { useField } from '../../checkout.wp?react'

function Errors({ state, shown }) {
  if (!shown || !state?.isError) return null
  return <span className="error" role="alert">{state.errors.map((e) => e.message).join('; ')}</span>
}

export function TextField({ path, label, number = false }) {
  const { value, set, concerns } = useField(path)
  const [touched, setTouched] = useState(false)
  if (concerns.visibleWhen === false) return null
  const onChange = (e) => {
    setTouched(true)
    set(number ? Number(e.target.value) : e.target.value)
  }
  return (
    <label className="field" data-field={path}>
      <span className="label">{concerns.dynamicLabel ?? label}</span>
      <input
        name={path}
        type={number ? 'number' : 'text'}
        value={value ?? ''}
        placeholder={concerns.dynamicPlaceholder}
        title={concerns.dynamicTooltip}
        disabled={!!concerns.disabledWhen}
        readOnly={!!concerns.readonlyWhen}
        onChange={onChange}
      />
      <Errors state={concerns.validationState} shown={touched} />
    </label>
  )
}

export function CheckField({ path, label }) {
  const { value, set, concerns } = useField(path)
  if (concerns.visibleWhen === false) return null
  return (
    <label className="field check" data-field={path}>
      <input name={path} type="checkbox" checked={!!value} disabled={!!concerns.disabledWhen}
        onChange={(e) => set(e.target.checked)} />
      <span className="label">{concerns.dynamicLabel ?? label}</span>
    </label>
  )
}

export function SelectField({ path, label, options }) {
  const { value, set, concerns } = useField(path)
  return (
    <label className="field" data-field={path}>
      <span className="label">{concerns.dynamicLabel ?? label}</span>
      <select name={path} value={value ?? ''} disabled={!!concerns.disabledWhen} title={concerns.dynamicTooltip}
        onChange={(e) => set(e.target.value)}>
        {options.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    </label>
  )
}

// A figure the rules compute: its label concern, and its value.
export function Amount({ path, label }) {
  const { value, concerns } = useField(path)
  if (concerns.visibleWhen === false) return null
  return (
    <div className="amount" data-field={path}>
      <span className="label">{concerns.dynamicLabel ?? label}</span>
      <output name={path}>{typeof value === 'number' ? value.toFixed(2) : '—'}</output>
    </div>
  )
}
