// gen.mjs — random valid .wp programs with random states and batches, for
// the reference engine (tests/ref/run.mjs).  Deterministic from a seed.
//
// A case is { rules: [text], state: {}, batches: [[[path, value]]] }; its
// program is the rules joined by newlines (no state block: every path is
// free).  Programs wpc refuses (a flip contradiction, two one-way routes
// disagreeing) are skipped by the driver, not by the generator.

// mulberry32: a small seeded PRNG
export function rng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n) => Math.floor(next() * n)
  const pick = (xs) => xs[int(xs.length)]
  return { next, int, pick }
}

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
const TARGETS = ['t', 'u', 'v'] // derived targets (also sources and rule members, at random)
const OPS = ['sum', 'avg', 'min', 'max', 'count']
const VALUES = [true, false, true, false, 0, 1, 2, -0, 0.1, 0.2, -3, 'x', 'y', '', null, { k: 1 }, { k: 2 }, [1], [], NaN]

// Nested mode: members at two depths, writes at, below and above them.
const MEMBERS = ['a', 'b', 'p', 'q', 'r.x', 's.x']
const WRITES = ['a', 'b', 'p', 'q', 'r.x', 's.x', 'p.x', 'q.x', 'p.y', 'r', 's', 'r.y', 'free']
const NESTED_VALUES = [true, false, 1, 2, 'x', null, {}, { x: 1 }, { x: 2 }, { y: 3 }, { x: true }, { x: { y: 1 } }]

function generateNested(r) {
  const rules = []
  const nrules = 1 + r.int(4)
  for (let i = 0; i < nrules; i++) {
    const a = r.pick(MEMBERS)
    let b = r.pick(MEMBERS)
    if (b === a) b = MEMBERS[(MEMBERS.indexOf(a) + 1) % MEMBERS.length]
    const kind = r.int(10)
    rules.push(kind < 5 ? `sync ${a} <-> ${b}` : kind < 8 ? `flip ${a} <-> ${b}` : `sync ${a} -> ${b}`)
  }
  const value = () => structuredClone(r.pick(NESTED_VALUES))
  const state = {}
  for (const n of ['a', 'b', 'p', 'q', 'r', 's']) if (r.int(3) > 0) state[n] = n === 'r' || n === 's' ? (r.int(4) ? { x: value() } : value()) : value()
  return { rules, state, batches: batchesFor(r, rules, WRITES, value) }
}

export function generate(seed) {
  const r = rng(seed)
  if (r.int(2)) return generateNested(r)
  const names = [...NAMES.slice(0, 3 + r.int(NAMES.length - 2)), ...(r.int(2) ? TARGETS : [])]
  const rules = []
  const nrules = 1 + r.int(5)
  for (let i = 0; i < nrules; i++) {
    const a = r.pick(names)
    let b = r.pick(names)
    if (b === a) b = names[(names.indexOf(a) + 1) % names.length]
    const kind = r.int(16)
    if (kind < 5) rules.push(`sync ${a} <-> ${b}`)
    else if (kind < 8) rules.push(`flip ${a} <-> ${b}`)
    else if (kind < 10) rules.push(`sync ${a} -> ${b}`)
    else if (kind < 12) rules.push(`compute ${r.pick(TARGETS)} = ${r.pick(OPS)}(${a}, ${b})`)
    else if (kind < 14) rules.push(`aggregate ${r.pick(TARGETS)} <- ${a}, ${b}`)
    else rules.push(`clear ${b} when ${a} changes`)
  }
  const value = () => structuredClone(r.pick(VALUES))
  const sources = new Set(rules.filter((x) => x.startsWith('compute ')).flatMap((x) => x.slice(x.indexOf('(') + 1, -1).split(', ')))
  const state = {}
  for (const n of names) if (r.int(3) > 0) state[n] = sources.has(n) && r.int(2) ? r.pick([1, 2, -3, 0.5]) : value()
  return { rules, state, batches: batchesFor(r, rules, [...names, 'free'], value) }
}

export const program = (c) => c.rules.join('\n') + '\n'

// Batches that favour the paths the rules name (two in three changes),
// booleans at flip members and numbers at the sources of computations (one
// in two there), so the rules act.
function batchesFor(r, rules, paths, value) {
  const named = [...new Set(rules.flatMap((x) => x.match(/[a-z]+(?:\.[a-z]+)*/g).filter((w) => !KEYWORDS.has(w))))]
  const flips = new Set(rules.filter((x) => x.startsWith('flip ')).flatMap((x) => x.split(/\s+/).slice(1).filter((w) => w !== '<->')))
  const sources = new Set(rules.filter((x) => x.startsWith('compute ')).flatMap((x) => x.slice(x.indexOf('(') + 1, -1).split(', ')))
  const number = () => r.pick([1, 2, -3, 0.1, 0.2, 5, -0, 1e21])
  const batches = []
  const nb = 1 + r.int(4)
  for (let i = 0; i < nb; i++) {
    const batch = []
    const nc = 1 + r.int(3)
    for (let j = 0; j < nc; j++) {
      const path = named.length && r.int(3) < 2 ? r.pick(named) : r.pick(paths)
      batch.push([path, flips.has(path) && r.int(2) ? r.int(2) === 0 : sources.has(path) && r.int(2) ? number() : value()])
    }
    batches.push(batch)
  }
  return batches
}
const KEYWORDS = new Set(['sync', 'flip', 'compute', 'aggregate', 'clear', 'when', 'changes', 'sum', 'avg', 'min', 'max', 'count'])

// A case as text to paste into a bug report.
export function show(c) {
  const v = (x) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : JSON.stringify(x))
  const obj = (o) => `{ ${Object.entries(o).map(([k, x]) => `${k}: ${v(x)}`).join(', ')} }`
  return [
    '--- program', program(c).trimEnd(),
    '--- createPipeline(' + obj(c.state) + ')',
    ...c.batches.map((b) => `--- apply([${b.map(([p, x]) => `['${p}', ${v(x)}]`).join(', ')}])`),
  ].join('\n')
}
