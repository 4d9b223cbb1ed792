// types.test.mjs — the package's index.d.ts under `tsc --strict`
// (docs/package.md, "Types"): State, DeepPartial, Path, PathValue, Change,
// FieldConcerns, PipelineOptions and every method of Pipeline.
//
// For each package (fixtures/types.wp, examples/checkout, examples/catalog):
//   - a correct consumer compiles without an error; the fixture's one is
//     also emitted and run, so the values it asserts at run time are the
//     ones its types claim;
//   - a consumer made of `// @ts-expect-error TSnnnn: why` lines compiles
//     without an error too (tsc fails on a directive whose next line is
//     fine, TS2578), and, with the directives removed, tsc reports exactly
//     those lines, each with the code its directive names: every mistake is
//     caught, and for the reason given.
// tsc: tests/pkg/node_modules/.bin/tsc (pinned in tests/pkg/package.json;
// scripts/install-deps.sh installs it).
import { test } from 'node:test'
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { HERE, ROOT, assert, build, buildInto, tmpDir } from './helpers.mjs'

const TSC = path.join(HERE, 'node_modules', '.bin', 'tsc')

/** A consumer project (ESM) with the package as node_modules/NAME; returns its root. */
function consumer(dir, name) {
  const root = tmpDir('ts')
  const target = path.join(root, 'node_modules', name)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  fs.cpSync(dir, target, { recursive: true })
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }))
  return root
}

/** Type-checks (or, with emit, compiles) one file; returns { status, output }. */
function tsc(root, name, source, { emit = false } = {}) {
  assert.ok(fs.existsSync(TSC), `${TSC} is missing: run scripts/install-deps.sh (npm ci in tests/pkg)`)
  fs.writeFileSync(path.join(root, name), source)
  const r = spawnSync(TSC, [...(emit ? [] : ['--noEmit']), '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--skipLibCheck', 'false', '--pretty', 'false', name], { cwd: root, encoding: 'utf8', timeout: 120_000 })
  if (r.error) throw r.error
  return { status: r.status, output: (r.stdout || '') + (r.stderr || '') }
}

/** The lines (1-based) after each `// @ts-expect-error TSnnnn` directive, with the code. */
function expectations(source) {
  const out = []
  source.split('\n').forEach((l, i) => {
    const m = /\/\/ @ts-expect-error (TS\d+)/.exec(l)
    if (m) out.push({ line: i + 2, code: m[1] })
  })
  return out
}

/** The mistakes file compiles as is, and without its directives fails on exactly their lines. */
function assertCaught(root, name, source) {
  const want = expectations(source)
  assert.ok(want.length > 0, `${name} has @ts-expect-error lines`)
  const as = tsc(root, name, source)
  assert.equal(as.status, 0, `every @ts-expect-error of ${name} is used:\n${as.output}`)
  // Blank the directive lines (keeping the numbering) and look at what tsc says.
  const bare = source.split('\n').map((l) => (/^\s*\/\/ @ts-expect-error/.test(l) ? '' : l)).join('\n')
  const r = tsc(root, name, bare)
  const re = new RegExp(`${name.replace('.', '\\.')}\\((\\d+),\\d+\\): error (TS\\d+)`, 'g')
  const got = new Map()
  for (const m of r.output.matchAll(re)) if (!got.has(Number(m[1]))) got.set(Number(m[1]), m[2])
  const lines = source.split('\n')
  for (const { line, code } of want)
    assert.equal(got.get(line), code, `${name}:${line} \`${lines[line - 1].trim()}\`: expected ${code}\n${r.output}`)
  assert.deepStrictEqual([...got.keys()].sort((a, b) => a - b), want.map((w) => w.line), `errors only on the marked lines:\n${r.output}`)
}

// ---- the fixture: every method ------------------------------------------------

const HEADER = `import { createPipeline, createPipelineAsync, rules, type State, type Path, type PathValue,
  type Change, type FieldConcerns, type FieldPath, type ValidationState, type PipelineOptions,
  type Pipeline, type DeepPartial, type OutputChange } from 'typespkg'
`

const OPTIONS = `const options: PipelineOptions = {
  listeners: {
    recalcLine(changes: OutputChange[], line: any, ctx) {
      const key: string = ctx.keys[0]
      return [[\`lines.\${key}.price\`, line.qty * 2]]
    },
  },
  validators: {
    checkEmail(value, deps, ctx): ValidationState {
      return { isError: value === 'taken@x.y', errors: value === 'taken@x.y' ? [{ field: ctx.field, message: 'taken' }] : [] }
    },
  },
  concerns: { scoreUser: (age: unknown) => (typeof age === 'number' ? age * 10 : 0) },
}
`

const GOOD = HEADER + OPTIONS + `const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
const assert = {
  ok(c: unknown, what = 'ok') { if (!c) throw new Error(what) },
  equal(a: unknown, b: unknown) { if (!same(a, b)) throw new Error(JSON.stringify(a) + ' !== ' + JSON.stringify(b)) },
  deepEqual(a: unknown, b: unknown) { assert.equal(a, b) },
}

const initial: DeepPartial<State> = { user: { name: 'Ada', email: 'ada@x.y', tier: 'free' }, flags: { on: true } }
const p: Pipeline = createPipeline(initial, options)
p.set('user.age', 36)
p.set('user.age', undefined)
p.set('user.tier', 'pro')
p.set('tags', ['a'])
p.set('tags.0', 'b')
p.set('extra.anything.below', { any: 'value' })
const key: string = 'l1'
const n: number = 2
p.set(\`lines.\${key}\`, { qty: 3, price: null })
p.set(\`lines.\${key}.qty\`, 12)
p.set(\`lines.row_\${n}.qty\`, 1)
const where: Path = 'billing.email'
const change: Change = [where, 'b@x.y']
const out: OutputChange[] = p.apply([change, ['flags.on', false, { source: 'ui' }], [\`lines.\${key}.price\`, 7]])
assert.ok(out.some((c) => c[0] === 'user.email' && c[2].stage === 'sync'))
const email: string | undefined = p.get('user.email')
assert.equal(email, 'b@x.y')
const qty: PathValue<'lines.l1.qty'> | undefined = p.get(\`lines.\${key}.qty\`)
assert.equal(qty, 12)
const price: number | null | undefined = p.get('lines.l1.price')
assert.equal(price, 24)
const whole: State = p.get('')
const s: State = p.getState()
assert.deepEqual(whole, s)
const tier: 'free' | 'pro' = s.user.tier
assert.equal(tier, 'pro')
const off: boolean = s.flags.off
assert.equal(off, true)

const ec = p.getConcerns('user.email')
const disabled: boolean | undefined = ec.disabledWhen
assert.equal(disabled, true)
const label: string | undefined = ec.dynamicLabel
assert.equal(label, 'Email for Ada')
const vs: ValidationState | undefined = ec.validationState
assert.deepEqual(vs, { isError: false, errors: [] })
const rank: 0 | 1 | undefined = p.getConcerns('user.tier').rank
assert.equal(rank, 1)
const tone: 'gold' | 'plain' | undefined = p.getConcerns('user.tier').tone
assert.equal(tone, 'gold')
const big: boolean | undefined = p.getConcerns(\`lines.\${key}.qty\`).big
assert.equal(big, true)
const all = p.getConcerns()
const lineState: ValidationState | undefined = all['lines.l1.qty']?.validationState
assert.deepEqual(lineState, { isError: false, errors: [] })
const perField: FieldConcerns['user.email'] | undefined = all['user.email']
assert.equal(perField?.disabledWhen, true)
const f: FieldPath = 'user.tier'
assert.ok(f in all)
assert.equal(p.getConcerns('user.name').dynamicPlaceholder, undefined)
p.enable('promo')
const ph: 'Ada' | undefined = p.getConcerns('user.name').dynamicPlaceholder
assert.equal(ph, 'Ada')
p.disable('promo')

const r = p.processChanges([['user.name', 'Grace']])
const todo: string[] = r.validators_to_run.map((v) => v.validator)
assert.ok(Array.isArray(todo))
p.pipelineFinalize([['user.name', 'Grace'], ['_concerns.user.email.validationState', { isError: false, errors: [] }]])
const st = p.stats()
const bytes: number = st.memoryBytes
assert.ok(bytes > 0)
assert.equal(rules.listeners[0].handler, 'recalcLine')
p.destroy()

const q = await createPipelineAsync(undefined, options)
const name: string | undefined = q.get('user.name')
assert.equal(name, undefined)
q.destroy()
console.log('types: ok')
`

const MISTAKES = HEADER + OPTIONS + `declare const p: Pipeline
declare const key: string
// @ts-expect-error TS2345: a path the state does not have
p.set('user.mail', 'x')
// @ts-expect-error TS2345: a field below a map entry that it does not have
p.set(\`lines.\${key}.qtty\`, 1)
// @ts-expect-error TS2345: a string where the state has a number
p.set('user.age', '36')
// @ts-expect-error TS2345: a value outside a literal union
p.set('user.tier', 'gold')
// @ts-expect-error TS2345: a string where a map entry has a number
p.set(\`lines.\${key}.qty\`, 'many')
// @ts-expect-error TS2345: a list index that is not a number
p.set('tags.first', 'x')
// @ts-expect-error TS2322: a number in a list of strings
p.set('tags', [1])
// @ts-expect-error TS2345: null where the state does not allow it
p.set('user.name', null)
// @ts-expect-error TS2322: a change with a wrong value type
p.apply([['flags.on', 'yes']])
// @ts-expect-error TS2820: a change with a wrong path (tsc suggests the right one)
p.apply([['flag.on', true]])
// @ts-expect-error TS2322: a change without its value
p.apply([['flags.on']])
// @ts-expect-error TS2322: a path that is not a string
p.apply([[42, true]])
// @ts-expect-error TS2322: a change list that is not an array of tuples
p.apply(['flags.on', true])
// @ts-expect-error TS2769: get of a path the state does not have
p.get('user.nickname')
// @ts-expect-error TS2322: get types the value of the path
const e: number | undefined = p.get('user.email')
// @ts-expect-error TS2339: a concern the field does not declare
p.getConcerns('user.email').visibleWhen
// @ts-expect-error TS2339: a concern of another field
p.getConcerns('user.tier').disabledWhen
// @ts-expect-error TS2322: a concern typed by its values
const r: 0 | 2 | undefined = p.getConcerns('user.tier').rank
// @ts-expect-error TS2345: getConcerns of a path with no concerns
p.getConcerns('billing.email')
// @ts-expect-error TS2345: a group the rules do not declare
p.enable('promotion')
// @ts-expect-error TS2353: createPipeline with a field the state does not have
createPipeline({ user: { nickname: 'x' } }, options)
// @ts-expect-error TS2322: createPipeline with a wrong value type
createPipeline({ flags: { on: 'yes' } }, options)
// @ts-expect-error TS2554: createPipeline without the functions the rules name
createPipeline({})
// @ts-expect-error TS2741: a handler missing from the listeners
createPipeline({}, { ...options, listeners: {} })
// @ts-expect-error TS2561: a handler name the rules do not have (tsc suggests the right one)
createPipeline({}, { ...options, listeners: { ...options.listeners, recalcLines() {} } })
// @ts-expect-error TS2561: a validator name the rules do not have
createPipeline({}, { ...options, validators: { ...options.validators, checkMail: () => ({ isError: false, errors: [] }) } })
// @ts-expect-error TS2561: a concern function name the rules do not have
createPipeline({}, { ...options, concerns: { ...options.concerns, scoreUsers: () => 1 } })
// @ts-expect-error TS2322: a validator that does not return a ValidationState
createPipeline({}, { ...options, validators: { checkEmail: () => true } })
// @ts-expect-error TS2322: a listener output with a wrong value type
createPipeline({}, { ...options, listeners: { recalcLine: () => [['user.age', 'old']] } })
// @ts-expect-error TS2739: a State that lacks required fields
const s: State = { user: { name: '', email: '', tier: 'free' } }
export { e, r, s }
`

let fixture = null
function fixtureProject() {
  return (fixture ??= consumer(build('types'), 'typespkg'))
}

test('a consumer using every method type-checks with tsc --strict, and runs as its types say', () => {
  const root = fixtureProject()
  const r = tsc(root, 'good.ts', GOOD, { emit: true })
  assert.equal(r.status, 0, r.output)
  const run = spawnSync(process.execPath, ['good.js'], { cwd: root, encoding: 'utf8', timeout: 60_000 })
  assert.equal(run.status, 0, run.stdout + run.stderr)
  assert.equal(run.stdout, 'types: ok\n')
})

test('wrong paths, values, tuples, concerns, groups, handlers and validators are type errors', () => {
  assertCaught(fixtureProject(), 'mistakes.ts', MISTAKES)
})

test('index.d.ts is the same for the same input', () => {
  const again = buildInto(path.join(HERE, 'fixtures', 'types.wp'))
  assert.equal(fs.readFileSync(path.join(again, 'index.d.ts'), 'utf8'),
    fs.readFileSync(path.join(build('types'), 'index.d.ts'), 'utf8'))
})

test('without a state block any path is accepted, with unknown values', () => {
  const file = path.join(tmpDir('free'), 'free.wp')
  fs.writeFileSync(file, 'sync a.x <-> b.x\nfield a.x {\n  disabled when c\n}\n')
  const root = consumer(buildInto(file), 'freepkg')
  const r = tsc(root, 'free.ts', `import { createPipeline, type Path } from 'freepkg'
const p = createPipeline({ anything: [1, 2] })
p.set('a.x', 1)
p.set('some.other.path', { deep: true })
p.apply([['a.x', 'text'], ['z', null]])
const v: unknown = p.get('a.x')
const known: Path = 'b.x'
const d: boolean | undefined = p.getConcerns('a.x').disabledWhen
export { v, known, d }
`)
  assert.equal(r.status, 0, r.output)
})

// ---- the examples ------------------------------------------------------------------

const CHECKOUT_OPTIONS = `const none = () => undefined
const options: PipelineOptions = {
  listeners: {
    verifyVatId: none, giftWrapChanged: none, tierChanged: none, checkStock: none, giftCardChanged: none,
    quoteTax: none, quoteShipping: none, applyCoupon: none, accountEmailChanged: none, statusChanged: none,
    logEverything: none,
    repriceLine(changes, line: { qty: number; unitPrice: number }, ctx) {
      return [[\`cart.lines.\${ctx.keys[0]}.price\`, line.qty * line.unitPrice]]
    },
  },
  validators: {
    checkEmailNotTaken: () => ({ isError: false, errors: [] }),
    checkPostcode: () => ({ isError: false, errors: [] }),
    luhnCheck: () => ({ isError: false, errors: [] }),
    checkCoupon: () => ({ isError: false, errors: [] }),
  },
  concerns: { scoreOrder: (total: number) => total / 100 },
}
`
const CHECKOUT_HEADER = `import { createPipeline, type PipelineOptions, type ValidationState, type State } from 'checkout'
`
const CHECKOUT_GOOD = CHECKOUT_HEADER + CHECKOUT_OPTIONS + `
const p = createPipeline({ status: 'draft', cart: { lines: { 'SKU-1': { qty: 1, unitPrice: 8 } } } }, options)
const sku: string = 'SKU-1'
p.set(\`cart.lines.\${sku}.qty\`, 2)
p.set('shipping.method', 'express')
p.set('customer.age', undefined)
p.set('customer.savedAddresses.0.city', 'Paris')
p.set('shipping.quote.amount', null)
p.apply([['billing.country', 'FR'], ['payment.card.cvc', null], [\`cart.lines.\${sku}.removed\`, true]])
const country: 'US' | 'CA' | 'FR' | 'DE' | undefined = p.get('billing.country')
const lines: State['cart']['lines'] | undefined = p.get('cart.lines')
const label: 'ZIP code' | 'Postal code' | 'Postcode' | undefined = p.getConcerns('billing.zip').dynamicLabel
const steps: 0 | 1 | 2 | 3 | undefined = p.getConcerns('status').stepsLeft
const low: boolean | undefined = p.getConcerns(\`cart.lines.\${sku}.qty\`).lowStock
const vs: ValidationState | undefined = p.getConcerns('customer.email').validationState
const fraud: unknown = p.getConcerns('summary.total').fraudScore
p.enable('giftOptions')
export { country, lines, label, steps, low, vs, fraud }
`
const CHECKOUT_MISTAKES = CHECKOUT_HEADER + CHECKOUT_OPTIONS + `declare const sku: string
const p = createPipeline({}, options)
// @ts-expect-error TS2345: a country the state does not list
p.set('billing.country', 'UK')
// @ts-expect-error TS2345: a number where a cart line has a boolean
p.set(\`cart.lines.\${sku}.removed\`, 1)
// @ts-expect-error TS2345: a field a cart line does not have
p.set(\`cart.lines.\${sku}.colour\`, 'red')
// @ts-expect-error TS2322: a step outside 1 | 2 | 3 | 4
p.apply([['step', 5]])
// @ts-expect-error TS2339: a concern billing.zip does not declare
p.getConcerns('billing.zip').visibleWhen
// @ts-expect-error TS2322: dynamicLabel of billing.zip is one of three texts
const l: 'Postleitzahl' | undefined = p.getConcerns('billing.zip').dynamicLabel
// @ts-expect-error TS2345: a group the rules do not declare
p.disable('gifts')
// @ts-expect-error TS2561: a handler the rules do not name
createPipeline({}, { ...options, listeners: { ...options.listeners, repriceLines: () => undefined } })
// @ts-expect-error TS2741: a validator the rules name, missing
createPipeline({}, { ...options, validators: { checkEmailNotTaken: () => ({ isError: false, errors: [] }), checkPostcode: () => ({ isError: false, errors: [] }), luhnCheck: () => ({ isError: false, errors: [] }) } })
export { l }
`

/** The catalog's handlers, from the package's own `rules`, as a no-op each. */
async function catalogHeader(dir) {
  const { rules } = await import(pathToFileURL(path.join(dir, 'index.js')).href)
  const names = [...new Set(rules.listeners.map((l) => l.handler))]
  assert.ok(names.length >= 10, 'the catalog names its handlers')
  return `import { createPipeline, type PipelineOptions } from 'catalog'
const none = () => undefined
const options: PipelineOptions = { listeners: { ${names.map((n) => `${n}: none`).join(', ')} } }
`
}
const CATALOG_GOOD = `
const p = createPipeline({ catalog: { departments: { dept_0: { name: 'Shoes' } } } }, options)
const d: number = 0, v: string = 'v_1'
p.set(\`catalog.departments.dept_\${d}.products.p_0.variants.\${v}.price.sale\`, 9.5)
p.set(\`catalog.departments.dept_\${d}.products.p_0.variants.\${v}.inventory.warehouse\`, 'WH-EAST')
p.apply([[\`catalog.departments.dept_\${d}.isActive\`, false], ['catalog.departments.dept_1.products.p_2.status', 'archived']])
const carrier: 'UPS' | 'FedEx' | 'DHL' | 'USPS' | undefined = p.get(\`catalog.departments.dept_\${d}.products.p_0.variants.\${v}.shipping.carrier\`)
const pr: string = 'p_3'
const free: boolean | undefined = p.getConcerns(\`catalog.departments.dept_0.products.\${pr}.variants.v_2.shipping.freeShipping\`).disabledWhen
const shown: boolean | undefined = p.getConcerns('catalog.departments.dept_2.products.p_1.variants.v_0').visibleWhen
export { carrier, free, shown }
`
const CATALOG_MISTAKES = `const p = createPipeline({}, options)
declare const d: number
// @ts-expect-error TS2345: a warehouse the state does not list
p.set(\`catalog.departments.dept_\${d}.products.p_0.variants.v_0.inventory.warehouse\`, 'WH-NORTH')
// @ts-expect-error TS2345: a string where a price is a number
p.set('catalog.departments.dept_0.products.p_0.variants.v_0.price.sale', '9.50')
// @ts-expect-error TS2345: a level the catalog does not have
p.set('catalog.departments.dept_0.variants.v_0.price.sale', 9.5)
// @ts-expect-error TS2322: a product status outside the union
p.apply([['catalog.departments.dept_0.products.p_0.status', 'deleted']])
// @ts-expect-error TS2339: freeShipping has only disabledWhen
p.getConcerns('catalog.departments.dept_0.products.p_0.variants.v_2.shipping.freeShipping').visibleWhen
// @ts-expect-error TS2345: freeShipping concerns only exist in dept_0 and dept_1
p.getConcerns('catalog.departments.dept_2.products.p_0.variants.v_2.shipping.freeShipping')
// @ts-expect-error TS2345: nor for a department number that may be 2
p.getConcerns(\`catalog.departments.dept_\${d}.products.p_0.variants.v_2.shipping.freeShipping\`)
`

for (const [name, wp, good, mistakes, header] of [
  ['checkout', 'examples/checkout/checkout.wp', CHECKOUT_GOOD, CHECKOUT_MISTAKES, async () => ''],
  ['catalog', 'examples/catalog/catalog.wp', CATALOG_GOOD, CATALOG_MISTAKES, catalogHeader],
]) {
  let made = null
  const project = async () => {
    if (!made) {
      const dir = buildInto(path.join(ROOT, wp))
      made = { root: consumer(dir, name), header: await header(dir) }
    }
    return made
  }
  test(`${wp}: a correct consumer type-checks`, async () => {
    const { root, header: h } = await project()
    const r = tsc(root, 'good.ts', h + good)
    assert.equal(r.status, 0, r.output)
  })
  test(`${wp}: its mistakes are type errors`, async () => {
    const { root, header: h } = await project()
    assertCaught(root, 'mistakes.ts', h + mistakes)
  })
}
