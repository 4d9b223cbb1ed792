// route_cache.js — the routes of listener outputs kept by path, per round
// plan, so that a handler's outputs reach the later dispatches of its round
// (semantics §11) without a wp_route crossing when the same plan has routed
// an output at the same path before.
//
// What wp_route answers for an output depends on the round's dispatches
// (the listener and topic instance at each position: the plan), on the
// output's path and, only when the output lies above a wildcard of some
// topic, on values (the keys of the state or of the output). The module
// marks those outputs (VALUED records) and their routes are never kept.
// Outputs whose value is an object or array are not looked up either: the
// module checks their values (depth, shape) as it routes them, and a hit
// would skip those checks. A plan's entry for a path is a flat array of
// (dispatch index, 1 when the path is strictly below that dispatch's scope)
// over every dispatch of the plan, run or not: the caller keeps those from
// the next one on.

// Bounds on what one pipeline keeps: a map cleared when full costs only the
// crossings it saved.
const MAX_PLANS = 64
const MAX_PATHS = 4096

export const NO_ROUTES = Object.freeze([]) // a path that touches no dispatch

// A value whose routes may be kept by its output's path (see above).
export function keepable(v) {
  return v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
}

export class RouteCache {
  constructor() {
    this.plans = new Map() // plan key → Map(path text → routes)
  }

  // The kept routes of the plan of dispatches `ds` (as decode gives them):
  // keyed by each dispatch's listener and topic path id, in order.
  plan(ds) {
    let key = ''
    for (let i = 0; i < ds.length; i++) key += `${ds[i].listener}:${ds[i].topicId},`
    let routes = this.plans.get(key)
    if (routes === undefined) {
      if (this.plans.size >= MAX_PLANS) this.plans.clear()
      routes = new Map()
      this.plans.set(key, routes)
    }
    return routes
  }
}

// Keeps the routes of an output at `path` in a plan's map.
export function keepRoutes(routes, path, list) {
  if (routes.size >= MAX_PATHS) routes.clear()
  routes.set(path, list.length ? list : NO_ROUTES)
}
