// scenarios.mjs — the benchmark scenarios S01–S16 of the catalog (README.md
// in this folder lists them), each as two batches for `apply`: `a`, the
// scenario as specified, and `b`, the same paths with a value that differs
// in every change, so alternating a and b does real work every time.
// `syncFlip` is the subset that exercises only the sync and flip rules
// (used on catalog.wp without its fields and listeners).
import { variantPath as vp } from './state.mjs'

const pp = (d, p) => `catalog.departments.dept_${d}.products.p_${p}`
const dp = (d) => `catalog.departments.dept_${d}`
const D = [0, 1, 2], P = [0, 1, 2, 3, 4], V = [0, 1, 2, 3]
const every = (f) => D.flatMap((d) => P.flatMap((p) => V.map((v) => f(d, p, v))))

// The other value of a change: numbers move by one, booleans flip, and
// strings take another value of their type (statuses stay in their enum).
const OTHER = { active: 'draft', archived: 'draft', confirmed: 'shipped', EUR: 'GBP', UK: 'FR', winter: 'summer' }
function other([path, value]) {
  if (typeof value === 'number') return [path, value + 1]
  if (typeof value === 'boolean') return [path, !value]
  return [path, OTHER[value] ?? `${value}-b`]
}

function scenario(batch) { return { a: batch, b: batch.map(other) } }

export const scenarios = {
  S01: scenario([[`${vp(0, 0, 0)}.price.base`, 59.99]]),
  S02: scenario([[`${vp(0, 2, 1)}.price.base`, 79.99], [`${vp(0, 2, 1)}.price.sale`, 69.99],
                 [`${vp(0, 2, 1)}.inventory.inStock`, 200]]),
  S03: scenario([['settings.currency', 'EUR']]),
  S04: scenario([['orders.o_0.isPaid', true]]),
  S05: scenario(every((d, p, v) => [`${vp(d, p, v)}.inventory.inStock`, 500])),
  S06: scenario(Array.from({ length: 10 }, (_, i) => [`${vp(Math.floor(i / 5) % 3, i % 5, 0)}.isActive`, false])),
  S07: scenario([['orders.o_0.status', 'confirmed'], ['orders.o_0.isPaid', true], ['orders.o_0.isShipped', true],
                 ['orders.o_0.items.item_0.quantity', 3], ['orders.o_0.total', 299.97]]),
  S08: scenario(Array.from({ length: 10 }, (_, i) => [`orders.o_${i}.total`, 100 + i * 50])),
  S09: scenario(D.flatMap((d) => [0, 1].map((p) => [`${pp(d, p)}.status`, 'archived']))),
  S10: scenario([[`${vp(1, 2, 3)}.metadata.updatedAt`, '2024-07-01T00:00:00Z'], [`${vp(1, 2, 3)}.metadata.origin`, 'UK'],
                 [`${vp(1, 2, 3)}.metadata.season`, 'winter'], [`${vp(1, 2, 3)}.price.base`, 89.99],
                 [`${vp(1, 2, 3)}.price.sale`, 74.99], [`${vp(1, 2, 3)}.inventory.inStock`, 300],
                 [`${vp(1, 2, 3)}.shipping.estimatedDays`, 2]]),
  S11: scenario(every((d, p, v) => [`${vp(d, p, v)}.price.base`, 99.99 + d + p + v])),
  S12: scenario(D.map((d) => [`${dp(d)}.isActive`, false])),
  S13: scenario(D.flatMap((d) => P.map((p) => [`${vp(d, p, 0)}.shipping.weight`, 2.5 + d + p * 0.3]))),
  S14: scenario(Array.from({ length: 5 }, (_, i) => [[`orders.o_${i}.status`, 'confirmed'],
                                                     [`orders.o_${i}.isPaid`, true]]).flat()),
  S15: scenario([0, 1].flatMap((d) => P.flatMap((p) => V.map((v) => [`${vp(d, p, v)}.price.sale`, 19.99 + d * 10 + p + v])))),
  S16: scenario(D.flatMap((d) => P.flatMap((p) => [[`${pp(d, p)}.status`, 'active'],
    ...V.flatMap((v) => [[`${vp(d, p, v)}.price.base`, 49.99 + d * 20 + p * 5 + v * 2],
                         [`${vp(d, p, v)}.inventory.inStock`, 200 + d * 50 + p * 10]])]))),
}

// The sync/flip subset: S11b sets the 60 base prices with one value per
// sync group (a product's four variants agree), so no group sees a conflict.
export const syncFlip = {
  S01: scenarios.S01,
  S03: scenarios.S03,
  S04: scenarios.S04,
  S11b: scenario(every((d, p, v) => [`${vp(d, p, v)}.price.base`, 99.99 + d + p])),
  S12: scenarios.S12,
}

// The Rust/WASM library's medians (µs per apply) on the same workload, as
// published with the benchmark (full app) and measured on the sync/flip
// subset; the bar is 100× faster.
export const rustMedians = {
  full: { S01: 550, S02: 600, S03: 1100, S04: 230, S05: 4900, S06: 1030, S07: 300, S08: 480, S09: 700,
          S10: 770, S11: 7700, S12: 480, S13: 1250, S14: 430, S15: 2840, S16: 10000 },
  pureJsNoop: { S01: 0.67, S02: 73000, S03: 0.28, S04: 0.28, S05: 56, S06: 8.3, S07: 5460, S08: 45000, S09: 3.8,
                S10: 86000, S11: 1.2e6, S12: 1.9, S13: 13, S14: 3.5, S15: 616000, S16: 1.3e6 },
  syncFlip: { S01: 220, S03: 503, S04: 246, S11b: 1723, S12: 284 },
}
