// state.mjs — the e-commerce catalog of benchmark.md §1: the state builder
// and the listener handlers, for catalog.wp.  Used by the benchmarks
// (bench/) and by anyone trying the example.
//
// Listener ids (benchmark.md): 0–59 the variants in d, p, v order; 60–69
// the orders; 70–74 the even orders again; 75–84 the ten catalog listeners.

const NAMES = ['Electronics', 'Clothing', 'Home & Garden']
const COLORS = ['red', 'blue', 'green', 'black']
const SIZES = ['XS', 'S', 'M', 'L']
const ORIGINS = ['US', 'CN', 'DE', 'JP']
const SEASONS = ['spring', 'summer', 'fall', 'winter']
const WAREHOUSES = ['WH-EAST', 'WH-WEST', 'WH-CENTRAL', 'WH-SOUTH']
const CARRIERS = ['UPS', 'FedEx', 'DHL', 'USPS']

export const variantPath = (d, p, v) =>
  `catalog.departments.dept_${d}.products.p_${p}.variants.v_${v}`

function variant(d, p, v) {
  return {
    sku: `SKU-D${d}-P${p}-V${v}`,
    color: COLORS[v], size: SIZES[v], isActive: true, isDiscontinued: false,
    metadata: {
      createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-06-01T00:00:00Z',
      tags: ['bestseller', `dept-${d}`, `cat-${p % 3}`],
      origin: ORIGINS[v], season: SEASONS[v],
    },
    price: {
      base: 29.99 + d * 20 + p * 5, sale: 24.99 + d * 15 + p * 4 + v,
      wholesale: 19.99 + d * 10 + p * 3 + v, currency: 'USD', taxRate: 0.08, margin: 0.3 + v * 0.05,
    },
    inventory: {
      inStock: 100 + d * 50 + p * 10 + v * 5, reserved: d + p + v,
      warehouse: WAREHOUSES[(p + v) % 4], reorderPoint: 20 + v * 5, isLowStock: false,
    },
    shipping: {
      weight: 0.5 + d * 0.3 + p * 0.1 + v * 0.05,
      dimensions: { l: 10 + p, w: 8 + v, h: 4 + d },
      freeShipping: (d + p + v) % 3 === 0, estimatedDays: 2 + (d + p) % 5,
      carrier: CARRIERS[(d + p + v) % 4],
    },
  }
}

export function catalogState() {
  const departments = {}
  for (let d = 0; d < 3; d++) {
    const products = {}
    for (let p = 0; p < 5; p++) {
      const variants = {}
      for (let v = 0; v < 4; v++) variants[`v_${v}`] = variant(d, p, v)
      products[`p_${p}`] = {
        name: `Dept${d} Product ${p}`, sku: `SKU-D${d}-P${p}`, status: 'active',
        brand: `Brand ${(d * 5 + p) % 5}`, description: `Product ${p} of ${NAMES[d]}`, variants,
      }
    }
    departments[`dept_${d}`] = {
      name: NAMES[d], slug: NAMES[d].toLowerCase().replace(/[^a-z]+/g, '-'),
      isActive: true, isDiscontinued: false, productCount: 5, products,
    }
  }
  const orders = {}
  for (let i = 0; i < 10; i++) {
    const items = {}
    let total = 0
    for (let j = 0; j < 3; j++) {
      const quantity = 1 + j, unitPrice = 49.99 + j * 10
      items[`item_${j}`] = { productId: `p_${j}`, variantId: `v_${j % 4}`, quantity, unitPrice, total: quantity * unitPrice }
      total += quantity * unitPrice
    }
    orders[`o_${i}`] = { status: 'pending', customerId: `cust_${i}`, isPaid: false, isShipped: false,
                         needsRefund: false, items, total }
  }
  return {
    catalog: { departments },
    orders,
    settings: { currency: 'USD', taxEnabled: true, freeShippingThreshold: 99.99 },
    dashboard: { totalRevenue: 125000, totalOrders: 10, avgOrderValue: 12500, lowStockCount: 0 },
  }
}

const keyIndex = (key) => Number(key.slice(key.indexOf('_') + 1))

// The handlers of catalog.wp, returning what benchmark.md §1 specifies.
export function catalogHandlers() {
  const handlers = {
    variantChanged(changes, scoped, ctx) {
      const [d, p, v] = ctx.keys.map(keyIndex)
      const id = d * 20 + p * 4 + v
      const vp = variantPath(d, p, v)
      return [[`${vp}.price.sale`, 10 + (id * 7.3) % 50], [`${vp}.price.margin`, 0.1 + (id * 0.037) % 0.3]]
    },
    orderChanged(changes, scoped, ctx) {
      const i = keyIndex(ctx.keys[0])
      return [[`orders.o_${i}.total`, ((60 + i) * 73.7) % 1000]]
    },
    orderEvenChanged(changes, scoped, ctx) {
      const i = keyIndex(ctx.scope.split('.')[1])
      return [[`orders.o_${i}.total`, ((70 + i / 2) * 73.7) % 1000]]
    },
  }
  for (let c = 0; c < 10; c++) {
    handlers[`catalogChanged${c}`] = () => [
      [`${variantPath(c % 3, c % 5, 3)}.metadata.season`, `listener-${c}`],
      [`catalog.departments.dept_${c % 3}.productCount`, 100 + c],
    ]
  }
  return handlers
}
