// prototype.test.mjs — prototype safety of every value the package hands
// out (issue 13): a key named __proto__ is data, kept and readable, but no
// object getState(), get(), apply()'s changes, listener inputs or
// getConcerns() return lets it change a prototype when it is spread
// ({...v}) or copied with Object.assign({}, v) (which would call the
// __proto__ setter of the target for an enumerable own key).  The key is an
// own, non-enumerable property (docs/package.md, "Bad input").
// Fixture: fixtures/proto.wp.
import { test } from 'node:test'
import { assert, pipelineOf } from './helpers.mjs'

const create = await pipelineOf('proto')
const HOSTILE = () => JSON.parse('{"__proto__": {"polluted": 1, "isAdmin": true}, "plain": 2}')

// safeToCopy(v, label): spreading or assigning v gives an ordinary object
// whose prototype is Object.prototype and which inherits nothing from the
// __proto__ key, at v and at every object below it.
function safeToCopy(v, label) {
  if (v === null || typeof v !== 'object') return
  if (!Array.isArray(v)) {
    const spread = { ...v }
    assert.equal(Object.getPrototypeOf(spread), Object.prototype, `${label}: spread keeps Object.prototype`)
    assert.ok(Object.hasOwn(spread, 'isAdmin') || !('isAdmin' in spread), `${label}: spread inherits nothing`)
    const assigned = Object.assign({}, v)
    assert.equal(Object.getPrototypeOf(assigned), Object.prototype, `${label}: Object.assign keeps Object.prototype`)
    assert.ok(Object.hasOwn(assigned, 'isAdmin') || !('isAdmin' in assigned), `${label}: Object.assign inherits nothing`)
    for (const k in v) assert.notEqual(k, '__proto__', `${label}: for-in skips __proto__`)
  }
  for (const k of Reflect.ownKeys(v)) if (typeof k === 'string') safeToCopy(v[k], `${label}.${k}`)
}

function untouched() {
  assert.equal(({}).polluted, undefined, 'Object.prototype untouched')
  assert.equal(({}).isAdmin, undefined, 'Object.prototype untouched')
}

const handlers = (seen) => ({ listeners: { onBox: (inputs) => { seen.push(...inputs) }, onAll: () => {} } })

test('getState() and get(): the __proto__ key is kept, readable, and safe to spread and assign', () => {
  const p = create({ box: HOSTILE(), items: {} }, handlers([]))
  const s = p.getState()
  safeToCopy(s, 'getState()')
  safeToCopy(p.get('box'), "get('box')")
  assert.ok(Object.hasOwn(s.box, '__proto__'), 'own key')
  assert.deepStrictEqual(s.box['__proto__'], { polluted: 1, isAdmin: true })
  assert.equal(s.box.plain, 2)
  assert.equal(Object.getPrototypeOf(s.box), Object.prototype)
  assert.deepStrictEqual(Object.keys(s.box), ['plain'], 'not enumerable')
  assert.equal(JSON.stringify(s.box), '{"plain":2}')
  assert.equal(p.get('box.__proto__.isAdmin'), true, 'its path reads it')
  untouched()
})

test('a value handed out goes back in whole: the __proto__ key round-trips', () => {
  const p = create({ box: HOSTILE() }, handlers([]))
  const q = create(p.getState(), handlers([]))
  assert.deepStrictEqual(q.get('box.__proto__'), { polluted: 1, isAdmin: true })
  q.set('copy', q.get('box'))
  assert.equal(q.get('copy.__proto__.polluted'), 1)
  assert.equal(q.get('copy.plain'), 2)
  untouched()
})

test('the changes apply() returns are safe, sync copies included', () => {
  const p = create({}, handlers([]))
  const changes = p.apply([['left', HOSTILE()]])
  assert.deepStrictEqual(changes.map((c) => [c[0], c[2].stage]), [['left', 'input'], ['right', 'sync']])
  for (const c of changes) {
    safeToCopy(c[1], `change ${c[0]}`)
    assert.equal(c[1]['__proto__'].isAdmin, true)
  }
  untouched()
})

test('listener inputs are safe, and each listener gets its own copy', () => {
  const seen = []
  const p = create({}, handlers(seen))
  p.set('box', HOSTILE())
  assert.equal(seen.length, 1)
  const [path, value] = seen[0]
  assert.equal(path, 'box')
  safeToCopy(value, 'listener input')
  assert.deepStrictEqual(value['__proto__'], { polluted: 1, isAdmin: true })
  value['__proto__'].isAdmin = false // the listener's copy: the state is not changed
  assert.equal(p.get('box.__proto__.isAdmin'), true)
  untouched()
})

test("getConcerns(): a wildcard field whose key is '__proto__' is listed, not set", () => {
  const p = create({ items: {} }, handlers([]))
  p.set('items.__proto__', 5)
  const all = p.getConcerns()
  assert.ok(Object.hasOwn(all, 'items.__proto__'))
  assert.deepStrictEqual(all['items.__proto__'], { big: true })
  safeToCopy(all, 'getConcerns()')
  assert.deepStrictEqual(p.getConcerns('items.__proto__'), { big: true })
  untouched()
})
