// react.js — the ./react subpath of every generated package (README.md).
// pkg_react.c writes react.js / react.cjs as: the import of the package's
// entry (createPipeline, createPipelineAsync) and of React's
// createContext, createElement, useCallback, useContext, useMemo and
// useSyncExternalStore, then store.js, then this file, then the export
// line. React is the only dependency (an optional peer, >= 18).
//
// Each hook subscribes to its own path in the store's trie, so a component
// re-renders only when a change touches its path (at, above or below it)
// and the value it reads differs, or its field's concerns differ.

const WpContext = createContext(null)

function useStoreOf(hook) {
  const store = useContext(WpContext)
  if (!store) throw new Error(`wp: ${hook} must be called inside the <Provider> that createStore returned`)
  return store
}

function providerFor(store) {
  function Provider({ children }) {
    return createElement(WpContext.Provider, { value: store }, children)
  }
  Provider.displayName = 'WpProvider'
  return Provider
}

// For the Vite plugin's hot updates: the stores to carry over (it sets
// `live` to a set of its own; nothing is kept otherwise).
export const wpHot = { live: null }

function track(store) {
  if (wpHot.live) wpHot.live.add(store)
  return { store, Provider: providerFor(store) }
}

export function createStore(initialState, options) {
  return track(createWpStore(initialState, options))
}

export async function createStoreAsync(initialState, options) {
  return track(await createWpStoreAsync(initialState, options))
}

export function useStore() {
  return useStoreOf('useStore')
}

function checkPath(hook, path) {
  if (typeof path !== 'string') throw new TypeError(`wp: ${hook}: the path must be a string`)
}

// What `hook` reads at `path`: the store's method `read`, subscribed
// through its method `subscribe` (useValue: get, useConcerns: getConcerns).
function usePath(hook, path, subscribe, read) {
  checkPath(hook, path)
  const store = useStoreOf(hook)
  const onChange = useCallback((cb) => store[subscribe](path, cb), [store, path])
  const get = () => store[read](path)
  return useSyncExternalStore(onChange, get, get)
}

export function useValue(path) {
  return usePath('useValue', path, 'subscribe', 'get')
}

export function useConcerns(path) {
  return usePath('useConcerns', path, 'subscribeConcerns', 'getConcerns')
}

export function useApply() {
  const store = useStoreOf('useApply')
  return useCallback((changes) => store.apply(changes), [store])
}

export function useField(path) {
  checkPath('useField', path)
  const store = useStoreOf('useField')
  const value = useValue(path)
  const concerns = useConcerns(path)
  const set = useCallback((v) => store.apply([[path, v]]), [store, path])
  return useMemo(() => ({ value, set, concerns }), [value, set, concerns])
}
