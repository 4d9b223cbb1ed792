// grammar.test.mjs — grammar/wp.tmLanguage.json (docs/editor.md), tokenized
// with the engine VS Code uses (vscode-textmate over vscode-oniguruma, pinned
// in package-lock.json and installed by scripts/install-deps.sh).
//
//   1. every keyword of grammar/keywords.def is highlighted as one (and
//      true, false, null as constants), standing alone and inside rules; the
//      grammar knows no keyword the lexer does not; a keyword used as a path
//      segment or a field name is not highlighted as a keyword;
//   2. representative tokens of every construct get their scopes: keywords,
//      paths, strings, template placeholders, numbers, comments, operators,
//      the state block's fields and types, names of validators, handlers,
//      groups and concerns;
//   3. every .wp file of the repository tokenizes quickly, and every valid
//      one (the examples, the stdlib, the fixtures and goldens wpc accepts)
//      ends with nothing left open and no token marked invalid.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const HERE = path.dirname(fileURLToPath(import.meta.url))
const ROOT = path.resolve(HERE, '..', '..')
const require = createRequire(import.meta.url)

let vsctm, onig
try {
  vsctm = require('vscode-textmate')
  onig = require('vscode-oniguruma')
} catch (e) {
  throw new Error(`tests/grammar needs its npm packages: run scripts/install-deps.sh (npm ci in tests/grammar): ${e.message}`)
}

const GRAMMAR_FILE = path.join(ROOT, 'grammar', 'wp.tmLanguage.json')
const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer
await onig.loadWASM(wasm)
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new onig.OnigScanner(patterns),
    createOnigString: (s) => new onig.OnigString(s),
  }),
  loadGrammar: async (scopeName) =>
    scopeName === 'source.wp' ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_FILE, 'utf8'), GRAMMAR_FILE) : null,
})
const grammar = await registry.loadGrammar('source.wp')

/** Tokens of a text: [{ line, text, scopes }], and the rule stack left at its end. */
function tokenize(text) {
  let stack = vsctm.INITIAL
  const tokens = []
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack)
    for (const t of r.tokens) tokens.push({ line: i + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })
    stack = r.ruleStack
  })
  return { tokens, stack }
}

/** The scopes of the n-th token (0-based) whose text is `text`. */
function scopesOf(tokens, text, n = 0) {
  const found = tokens.filter((t) => t.text === text)
  assert.ok(found.length > n, `no token ${JSON.stringify(text)} (#${n}) in: ${tokens.map((t) => t.text).join('|')}`)
  return found[n].scopes
}

function hasScope(scopes, prefix) {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'))
}

function expectScope(tokens, text, prefix, n = 0) {
  const scopes = scopesOf(tokens, text, n)
  assert.ok(hasScope(scopes, prefix), `${JSON.stringify(text)}: expected ${prefix}, got ${scopes.join(' ')}`)
}

// ---- 1. keywords -------------------------------------------------------------------

const KEYWORDS = [...fs.readFileSync(path.join(ROOT, 'grammar', 'keywords.def'), 'utf8').matchAll(/^KEYWORD\("([^"]+)"/gm)].map(
  (m) => m[1],
)
// The keywords that are values are highlighted as constants, as in every
// other language's grammar; all the others as keywords.
const LITERALS = new Set(['true', 'false', 'null'])

test('keywords.def is read (the test sees the lexer\'s keywords)', () => {
  assert.ok(KEYWORDS.length >= 50, `only ${KEYWORDS.length} keywords`)
  for (const k of ['sync', 'when', 'contain', '_', 'map']) assert.ok(KEYWORDS.includes(k), k)
})

test('every keyword of keywords.def is highlighted as a keyword, alone on a line', () => {
  for (const k of KEYWORDS) {
    const { tokens } = tokenize(k)
    const t = tokens.find((x) => x.text === k)
    assert.ok(t, `${k}: not one token (${tokens.map((x) => x.text).join('|')})`)
    const want = LITERALS.has(k) ? 'constant.language' : 'keyword'
    assert.ok(hasScope(t.scopes, want), `${k}: expected ${want}.*, got ${t.scopes.join(' ')}`)
  }
})

test('every keyword is highlighted as a keyword after a path too, and the grammar has no keyword the lexer lacks', () => {
  for (const k of KEYWORDS) {
    const { tokens } = tokenize(`x ${k} y`)
    const t = tokens.find((x) => x.text === k)
    assert.ok(t, `x ${k} y: ${tokens.map((x) => x.text).join('|')}`)
    assert.ok(hasScope(t.scopes, LITERALS.has(k) ? 'constant.language' : 'keyword'), `${k} in 'x ${k} y': ${t.scopes.join(' ')}`)
  }
  // the words the grammar's keyword rules spell are exactly keywords.def's
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_FILE, 'utf8'))
  const rules = [...raw.repository.keywords.patterns, ...raw.repository.constants.patterns]
  const words = new Set()
  for (const r of rules) {
    const m = r.match.match(/\(\?:([^)]*)\)/)
    if (m) for (const w of m[1].split('|')) words.add(w)
    else if (r.name.startsWith('keyword.other.default')) words.add('_')
    else assert.fail(`a keyword rule the test cannot read: ${r.match}`)
  }
  assert.deepStrictEqual([...words].sort(), [...KEYWORDS].sort())
})

test('a keyword as a path segment, a field name, a key or a name is not a keyword', () => {
  const { tokens } = tokenize(
    [
      'state {',
      '  map: number',
      '  customer: { count: number }',
      '}',
      'field customer.count { label = "{{customer.count}} orders" }',
      'sync count.x <-> b',
      'field x { concern min when a }',
      'test "t" { given { sum: 1 } }',
    ].join('\n'),
  )
  expectScope(tokens, 'map', 'variable.other.property')
  expectScope(tokens, 'count', 'variable.other.property')
  expectScope(tokens, 'count', 'variable.other.path', 1)
  expectScope(tokens, 'count', 'variable.other.path', 2)
  expectScope(tokens, 'count', 'variable.other.path', 3)
  expectScope(tokens, 'min', 'variable.other.concern')
  expectScope(tokens, 'sum', 'variable.other.property')
})

// ---- 2. representative tokens --------------------------------------------------------

const SAMPLE = `// a line comment
/* a block
   comment */
import "std/validators"
state {
  status: "draft" | "sent"
  step: 1 | 2
  "x-id"?: string | null
  legs: map<{ price: number, qty: number }>
  tags: list<string>
  extra: any
  flag: bool
}
validator personName = min_length(2) "enter a name"
sync customer.email <-> billing.email
sync settings.currency -> payment.currency
flip a.on <-> a.off
aggregate summary.price <- legs[*].price exclude when legs[*].disabled
compute cart.total = sum(legs[*].price, 1_000, items.0.qty)
clear legs[**].selected when filter changes
field legs[*].price {
  disabled when status == "sent" and not exists legs[*].qty or legs[*].qty >= -2.5e3
  label = "Price of {{legs[*].title}} ({{ tags.length }})"
  tooltip = match status { "draft" => "Draft", _ => "Sent" }
  placeholder = if length(tags) > 0 then "tagged" else "none"
  validate required "needed", min(0), personName, equals(customer.email)
  validate external checkPrice(legs[*].qty)
  concern lowStock when legs[*].qty in [1, 2] // wpc-allow WP1003: reason
  concern score = external scoreLeg(legs[*].price)
}
group business off when flag {
  listen legs[*] scope root call repriceLeg
}
listen call logEverything
test "copies" {
  given { customer: { email: "a\\u00e9\\n" }, amount: 1 }
  set customer.email = "b"
  then
  expect billing.email == "b"
  expect legs.a.price:disabledWhen != true
  expect changes not contain billing.name
}
`

const { tokens: T, stack: END } = tokenize(SAMPLE)

test('comments', () => {
  expectScope(T, ' a line comment', 'comment.line.double-slash')
  expectScope(T, '//', 'punctuation.definition.comment')
  expectScope(T, '   comment ', 'comment.block')
  expectScope(T, 'wpc-allow', 'keyword.other.suppression')
  expectScope(T, 'WP1003', 'constant.other.diagnostic-code')
})

test('keywords of statements, clauses and conditions', () => {
  expectScope(T, 'import', 'keyword.other.declaration')
  expectScope(T, 'state', 'keyword.other.declaration')
  expectScope(T, 'sync', 'keyword.other.declaration')
  expectScope(T, 'aggregate', 'keyword.other.declaration')
  expectScope(T, 'when', 'keyword.other.clause')
  expectScope(T, 'exclude', 'keyword.other.clause')
  expectScope(T, 'changes', 'keyword.other.clause')
  expectScope(T, 'and', 'keyword.operator.logical')
  expectScope(T, 'not', 'keyword.operator.logical')
  expectScope(T, 'exists', 'keyword.operator.word')
  expectScope(T, 'in', 'keyword.operator.word')
  expectScope(T, 'length', 'variable.other.path') // {{ tags.length }}: a path
  expectScope(T, 'length', 'keyword.operator.word', 1) // length(tags)
  expectScope(T, 'sum', 'keyword.other.reduction')
  expectScope(T, 'match', 'keyword.control.conditional')
  expectScope(T, 'if', 'keyword.control.conditional')
  expectScope(T, 'else', 'keyword.control.conditional')
  expectScope(T, '_', 'keyword.other.default')
  expectScope(T, 'off', 'variable.other.path') // a.off
  expectScope(T, 'off', 'keyword.other.clause', 1) // group business off
  expectScope(T, 'root', 'keyword.other.clause')
  expectScope(T, 'given', 'keyword.other.clause')
  expectScope(T, 'expect', 'keyword.other.clause')
  expectScope(T, 'contain', 'keyword.other.clause')
})

test('the concern lines of a field block', () => {
  expectScope(T, 'disabled', 'variable.other.path') // legs[*].disabled
  expectScope(T, 'disabled', 'keyword.other.concern', 1)
  for (const w of ['label', 'tooltip', 'placeholder']) expectScope(T, w, 'keyword.other.concern')
})

test('paths: names, index segments, wildcards', () => {
  expectScope(T, 'customer', 'variable.other.path')
  expectScope(T, 'email', 'variable.other.path')
  expectScope(T, '.', 'punctuation.accessor')
  expectScope(T, '[*]', 'variable.language.wildcard')
  expectScope(T, '[**]', 'variable.language.wildcard')
  expectScope(T, '0', 'constant.numeric.index')
  expectScope(T, 'filter', 'variable.other.path')
})

test('strings, escapes and template placeholders', () => {
  expectScope(T, '"', 'string.quoted.double')
  expectScope(T, 'Price of ', 'string.quoted.double')
  expectScope(T, '{{', 'punctuation.definition.template-expression.begin')
  expectScope(T, '}}', 'punctuation.definition.template-expression.end')
  const title = scopesOf(T, 'title')
  assert.ok(hasScope(title, 'meta.template.expression') && hasScope(title, 'variable.other.path'), title.join(' '))
  expectScope(T, '\\u00e9', 'constant.character.escape')
  expectScope(T, '\\n', 'constant.character.escape')
})

test('numbers and constants', () => {
  expectScope(T, '1_000', 'constant.numeric')
  expectScope(T, '-2.5e3', 'constant.numeric')
  expectScope(T, '1', 'constant.numeric')
  expectScope(T, 'true', 'constant.language.boolean')
})

test('operators', () => {
  expectScope(T, '<->', 'keyword.operator.sync')
  expectScope(T, '->', 'keyword.operator.sync')
  expectScope(T, '<-', 'keyword.operator.sync')
  expectScope(T, '==', 'keyword.operator.comparison')
  expectScope(T, '!=', 'keyword.operator.comparison')
  expectScope(T, '>=', 'keyword.operator.comparison')
  expectScope(T, '=>', 'keyword.operator.arrow')
  expectScope(T, '=', 'keyword.operator.assignment')
  expectScope(T, '|', 'keyword.operator.union')
  expectScope(T, '?', 'keyword.operator.optional')
})

test('the state block: field names and types', () => {
  expectScope(T, 'status', 'variable.other.property')
  expectScope(T, '"x-id"', 'variable.other.property')
  expectScope(T, 'string', 'storage.type.primitive')
  expectScope(T, 'number', 'storage.type.primitive')
  expectScope(T, 'any', 'storage.type.primitive')
  expectScope(T, 'bool', 'storage.type.primitive')
  expectScope(T, 'map', 'storage.type.generic')
  expectScope(T, 'list', 'storage.type.generic')
  expectScope(T, 'price', 'variable.other.property')
})

test('names: validators, handlers, external functions, groups, concerns, object keys', () => {
  expectScope(T, 'personName', 'entity.name.function.validator')
  expectScope(T, 'personName', 'entity.name.function.validator', 1)
  expectScope(T, 'required', 'support.function.validator')
  expectScope(T, 'min', 'support.function.validator')
  expectScope(T, 'min_length', 'support.function.validator')
})

test('names (continued)', () => {
  expectScope(T, 'repriceLeg', 'entity.name.function.handler')
  expectScope(T, 'logEverything', 'entity.name.function.handler')
  expectScope(T, 'checkPrice', 'entity.name.function.external')
  expectScope(T, 'scoreLeg', 'entity.name.function.external')
  expectScope(T, 'business', 'entity.name.type.group')
  expectScope(T, 'lowStock', 'variable.other.concern')
  expectScope(T, 'disabledWhen', 'variable.other.concern')
  expectScope(T, 'amount', 'variable.other.property')
})

test('on a validate line, checks are validator names and arguments are paths and literals', () => {
  const { tokens } = tokenize('field f { validate equals(customer.email) "must match", one_of(["a", 2]), zipCode }')
  expectScope(tokens, 'equals', 'support.function.validator')
  expectScope(tokens, 'customer', 'variable.other.path')
  expectScope(tokens, 'one_of', 'support.function.validator')
  expectScope(tokens, '2', 'constant.numeric')
  expectScope(tokens, 'zipCode', 'entity.name.function.validator')
  expectScope(tokens, '}', 'punctuation.section.braces')
})

test('the sample ends with nothing left open and nothing invalid', () => {
  assert.equal(END.depth, 1, 'a rule is still open at the end of the sample')
  const invalid = T.filter((t) => t.scopes.some((s) => s.startsWith('invalid')))
  assert.deepStrictEqual(invalid, [])
})

test('JavaScript habits are marked invalid, as wpc reports them', () => {
  const { tokens } = tokenize('field x { disabled when a && !b || c === 1 }')
  for (const op of ['&&', '!', '||', '===']) expectScope(tokens, op, 'invalid.illegal.operator')
})

// ---- 3. every .wp file ------------------------------------------------------------------

function wpFiles(dir) {
  const out = []
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'build' || e.name.startsWith('.')) continue
    const p = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...wpFiles(p))
    else if (e.name.endsWith('.wp')) out.push(p)
  }
  return out.sort()
}

const ALL = wpFiles(ROOT)
// Files wpc accepts as they are (the formatted ones of `make fmt-check`,
// and the goldens of the formatter and of wpc import).
const VALID = ALL.filter((f) => {
  const r = path.relative(ROOT, f)
  return (
    /^(examples|stdlib|bench\/fixtures|tests\/pkg\/fixtures|tests\/snapshots|tests\/import\/cases)\//.test(r) ||
    /^tests\/fmt\/.*\.out\.wp$/.test(r) ||
    /^tests\/diag\/valid-/.test(r)
  )
})

test('every .wp file of the repository tokenizes, each in well under a second', () => {
  assert.ok(ALL.length > 100, `only ${ALL.length} .wp files found`)
  for (const f of ALL) {
    const t0 = performance.now()
    tokenize(fs.readFileSync(f, 'utf8'))
    const ms = performance.now() - t0
    assert.ok(ms < 1000, `${path.relative(ROOT, f)}: ${ms.toFixed(0)} ms`)
  }
})

test('every valid .wp file ends with nothing open and has no invalid token', () => {
  assert.ok(VALID.length > 40, `only ${VALID.length} valid files`)
  for (const f of VALID) {
    const { tokens, stack } = tokenize(fs.readFileSync(f, 'utf8'))
    const rel = path.relative(ROOT, f)
    assert.equal(stack.depth, 1, `${rel}: a rule is still open at the end (an unclosed string, comment or block)`)
    const bad = tokens.find((t) => t.scopes.some((s) => s.startsWith('invalid')))
    assert.equal(bad, undefined, bad && `${rel}:${bad.line}: ${JSON.stringify(bad.text)} is ${bad.scopes.join(' ')}`)
  }
})

test('in the examples, every statement keyword that starts a line is a keyword', () => {
  const starts = new Set(['state', 'sync', 'flip', 'aggregate', 'compute', 'clear', 'field', 'listen', 'group', 'test', 'validator', 'import'])
  for (const f of VALID.filter((x) => /examples\//.test(x))) {
    const { tokens } = tokenize(fs.readFileSync(f, 'utf8'))
    const seen = new Set()
    for (const t of tokens) {
      if (seen.has(t.line) || !t.text.trim()) continue
      seen.add(t.line) // the first word of the line
      if (starts.has(t.text) && !hasScope(t.scopes, 'keyword'))
        assert.fail(`${path.relative(ROOT, f)}:${t.line}: '${t.text}' is ${t.scopes.join(' ')}`)
    }
  }
})
