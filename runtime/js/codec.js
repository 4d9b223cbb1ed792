// codec.js — the boundary encoding between this glue and the compiled
// module, in both directions, over one instance's linear memory.
//
// Input batches are encoded into a reusable JS scratch buffer and copied
// into the runtime's input buffer (wp_in) with one set(). Paths cross as
// integer ids: the codec keeps text → id in a Map (filled by wp_path_id for
// paths it has not seen, and by the ids the runtime announces in its output)
// and id → text in an array. Output records are decoded in one pass; ids the
// codec does not know are resolved with wp_path_text afterwards, because
// that call overwrites the output buffer.

export const STAGES = ['input', 'sync', 'flip', 'aggregation_write', 'aggregation_read',
  'computation', 'clear_path', 'listeners', 'concerns', 'validators'] // runtime/tags.def
export const TAG_INPUT = 0
export const TAG_LISTENERS = 7
export const TAG_CONCERNS = 8
export const TAG_VALIDATORS = 9

export const OK = 0
export const NEED_LISTENERS = 1
export const NEED_TASKS = 2
const STATUS_NAMES = { // runtime/status.def
  '-1': ['E_NOMEM', 'out of memory'],
  '-2': ['E_SCALAR', 'write through a string, number or boolean'],
  '-3': ['E_INDEX', 'bad array index'],
  '-4': ['E_MALFORMED', 'malformed input batch'],
  '-5': ['E_DEPTH', 'value nested too deeply'],
  '-6': ['E_ROUNDS', 'too many rounds in one apply (iteration bound)'],
  '-7': ['E_CALL', 'call not valid now'],
  '-8': ['E_GROUP', 'unknown group'],
  '-9': ['E_PATH', 'unknown path id'],
  '-10': ['E_HOOK', 'a hook misused a runtime service'],
  '-11': ['E_ABI', 'app descriptor built for another runtime ABI'],
}

export function statusName(code) {
  return (STATUS_NAMES[code] || [`E_${-code}`, 'runtime error'])[0]
}

// An Error for a negative status; `error` is the decoded ERROR record.
// `nameChange(index)` names the input the error concerns when the batch was
// not the caller's own (a listener's output: "listener 'f' output 0").
export function runtimeError(code, error, what, nameChange) {
  const [name, message] = STATUS_NAMES[code] || [`E_${-code}`, `runtime error ${code}`]
  let where = ''
  if (error && error.index >= 0) where += ` (${nameChange ? nameChange(error.index) : `change ${error.index}`}`
  if (error && error.path !== undefined) where += `${where ? ', ' : ' ('}path '${error.path}'`
  if (where) where += ')'
  const e = new Error(`wp: ${what}: ${message}${where}`)
  e.code = name
  if (error && error.index >= 0) e.changeIndex = error.index
  if (error && error.path !== undefined) e.path = error.path
  return e
}

const REC_END = 0, REC_CHANGE = 1, REC_DISPATCH = 2, REC_TASK = 3, REC_ERROR = 4,
  REC_VALUE = 5, REC_TEXT = 6, REC_ROUTE = 7, REC_VALUED = 8
export const MISSING = Symbol('missing')

const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder()

// Strings are UTF-8 — except that a JavaScript string may hold a lone
// surrogate, which TextEncoder would replace with U+FFFD and so change the
// value.  Such strings are written as WTF-8 (a lone surrogate takes the
// 3-byte form UTF-8 would give its code point) and read back by hand, so a
// value survives the round trip exactly.  Well-formed strings never pay for
// this: the check runs only on non-ASCII text.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const wellFormed = String.prototype.isWellFormed
  ? (s) => s.isWellFormed()
  : (s) => !LONE_SURROGATE.test(s)

// Writes s as WTF-8 into buf at pos; returns the byte count.
function encodeWtf8(s, buf, pos) {
  const start = pos
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++ }
    }
    if (c < 0x80) buf[pos++] = c
    else if (c < 0x800) { buf[pos++] = 0xc0 | (c >> 6); buf[pos++] = 0x80 | (c & 63) }
    else if (c < 0x10000) {
      buf[pos++] = 0xe0 | (c >> 12); buf[pos++] = 0x80 | ((c >> 6) & 63); buf[pos++] = 0x80 | (c & 63)
    } else {
      buf[pos++] = 0xf0 | (c >> 18); buf[pos++] = 0x80 | ((c >> 12) & 63)
      buf[pos++] = 0x80 | ((c >> 6) & 63); buf[pos++] = 0x80 | (c & 63)
    }
  }
  return pos - start
}

function encodeText(s, buf) {
  return wellFormed(s) ? utf8Encoder.encodeInto(s, buf).written : encodeWtf8(s, buf, 0)
}

// s as bytes, WTF-8 when it holds a lone surrogate (a path's text, so that
// 'a.\ud800' and 'a.\udc00' stay two keys instead of both becoming U+FFFD).
function textBytes(s) {
  if (wellFormed(s)) return utf8Encoder.encode(s)
  const buf = new Uint8Array(s.length * 3)
  return buf.subarray(0, encodeWtf8(s, buf, 0))
}

// runtime/rt_base.h RT_MAX_DEPTH: the deepest a path and its value may nest.
// The encoder stops one level past it (see value()).
const MAX_DEPTH = 512

// Reads UTF-8 that may hold WTF-8 surrogates (ED A0..BF xx).
function decodeText(bytes) {
  let wtf = false
  for (let i = bytes.indexOf(0xed); i >= 0 && i + 1 < bytes.length; i = bytes.indexOf(0xed, i + 1))
    if (bytes[i + 1] >= 0xa0) { wtf = true; break }
  if (!wtf) return utf8Decoder.decode(bytes)
  let s = ''
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]
    let c
    if (b < 0x80) { c = b; i += 1 }
    else if (b < 0xe0) { c = ((b & 31) << 6) | (bytes[i + 1] & 63); i += 2 }
    else if (b < 0xf0) { c = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63); i += 3 }
    else {
      c = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63)
      i += 4
    }
    s += String.fromCodePoint(c)
  }
  return s
}

// A key named __proto__ is data like any other, but handed out as an own
// property that is NOT enumerable: spread, Object.assign, for-in, Object.keys
// and JSON.stringify skip it, so that copying a value the package returns
// into an ordinary object (Object.assign({}, state) invokes the __proto__
// setter of the target for an enumerable key) never changes a prototype.
// It reads as o.__proto__ / o['__proto__'], Object.hasOwn sees it, and the
// encoder (stateKeys) takes it back, so a value round-trips whole.
export function defineProtoKey(o, v) {
  Object.defineProperty(o, '__proto__', { value: v, enumerable: false, writable: true, configurable: true })
}

// The keys of a value the encoder writes: the enumerable own string keys,
// and an own __proto__ key even when it is not enumerable (defineProtoKey).
export function stateKeys(v) {
  const keys = Object.keys(v)
  if (Object.hasOwn(v, '__proto__') && !Object.prototype.propertyIsEnumerable.call(v, '__proto__')) {
    const all = Reflect.ownKeys(v)
    return all.filter((k) => typeof k === 'string' && (k === '__proto__' || Object.prototype.propertyIsEnumerable.call(v, k)))
  }
  return keys
}

// A deep copy of a decoded value (plain objects, arrays, scalars) that keeps
// an own __proto__ key as defineProtoKey made it (structuredClone would drop it).
export function cloneValue(v) {
  if (v === null || typeof v !== 'object') return v
  if (Array.isArray(v)) return v.map(cloneValue)
  const o = {}
  for (const k of stateKeys(v)) {
    if (k === '__proto__') defineProtoKey(o, cloneValue(v[k]))
    else o[k] = cloneValue(v[k])
  }
  return o
}

// A change's stage and the caller's meta, as apply reports them: { stage,
// ...meta } (a `stage` in the meta is the caller's and is not kept).
export function withStage(stage, meta) {
  const m = { stage }
  if (meta) for (const k of Object.keys(meta)) if (k !== 'stage') m[k] = meta[k]
  return m
}

// What decode leaves in `codec.out` when the output held nothing but
// changes (the common case: no object is made for it).
const NONE = Object.freeze([])
const NO_RECORDS = Object.freeze({ dispatches: NONE, tasks: NONE, routes: NONE, valued: NONE, error: null, value: undefined, text: undefined })

// How a batch names its change i: `${what} ${i}`, or what(i) when `what` is
// a function (a listener's output names its handler).
const changeName = (what, i) => (typeof what === 'function' ? what(i) : `${what} ${i}`)

// The TypeError for a change that is not [path, value, meta?] with a
// string path and an object meta, or null.
function shapeError(c, i, what) {
  if (!Array.isArray(c) || c.length < 2) return new TypeError(`wp: ${changeName(what, i)} is not a [path, value] array`)
  if (typeof c[0] !== 'string') return new TypeError(`wp: ${changeName(what, i)}: the path is not a string`)
  // The root is not a path a change can write: its value would bypass
  // the stages that key by path (sync, flip, ...), and getState() would
  // not see it.  Only the initial state is given there.
  if (c[0] === '' && what !== 'initial state')
    return new TypeError(`wp: ${changeName(what, i)}: the path is empty; write the state's keys one by one`)
  const meta = c[2]
  if (meta !== undefined && meta !== null && (typeof meta !== 'object' || Array.isArray(meta)))
    return new TypeError(`wp: ${changeName(what, i)} (${c[0]}): the meta is not an object`)
  return null
}

// n bytes of ASCII at m[p] as a string, made without intermediate strings
// (the hot path of decoding allocates only what it returns): up to 12 with
// one String.fromCharCode of fixed arity, longer ones as pieces of 12 joined
// — V8 keeps a join of 13 characters or more as a rope of its pieces, so no
// piece is thrown away.
function asciiText(m, p, n) {
  switch (n) {
    case 0: return ''
    case 1: return String.fromCharCode(m[p])
    case 2: return String.fromCharCode(m[p], m[p + 1])
    case 3: return String.fromCharCode(m[p], m[p + 1], m[p + 2])
    case 4: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3])
    case 5: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4])
    case 6: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5])
    case 7: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6])
    case 8: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7])
    case 9: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7],
      m[p + 8])
    case 10: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7],
      m[p + 8], m[p + 9])
    case 11: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7],
      m[p + 8], m[p + 9], m[p + 10])
    case 12: return String.fromCharCode(m[p], m[p + 1], m[p + 2], m[p + 3], m[p + 4], m[p + 5], m[p + 6], m[p + 7],
      m[p + 8], m[p + 9], m[p + 10], m[p + 11])
    default: return asciiText(m, p, 12) + asciiText(m, p + 12, n - 12)
  }
}

// The scratch buffer's first size, the largest one send() copies whole, and
// the largest one kept after the initial state.
const SCRATCH = 1024
const WHOLE_COPY = 4096
const SCRATCH_KEEP = 16384

// Positions of a batch whose path and id encodeChanges remembers.
const MEMO = 256
// The memo of the batches of listener outputs (Codec.batch's `memo`).
export const OUTPUTS = 1

// Texts up to this many bytes are decoded by asciiText when they are ASCII
// (TextDecoder costs more than the copy below it, and a subarray per call).
const SHORT_TEXT = 64

// The static paths of a module as the codec looks them up (text → id, and
// id → text), made once per manifest array and shared by the pipelines.
const STATICS = new WeakMap()
function staticsFor(staticPaths) {
  let statics = STATICS.get(staticPaths)
  if (statics !== undefined) return statics
  const ids = new Map([['', 0]]) // id 0 is the root
  const texts = ['']
  for (let i = 0; i < staticPaths.length; i++) {
    const t = staticPaths[i]
    texts.push(t === null ? undefined : t)
    if (t !== null) ids.set(t, i + 1)
  }
  statics = { ids, texts }
  STATICS.set(staticPaths, statics)
  return statics
}

// The key table of rdKey: its size (a power of two) and the longest key kept.
const KEYS = 1024
const KEY_TEXT = 32

export class Codec {
  // staticPaths: the text of each path the module knows from start-up, by
  // run-time id - 1 (null where the text does not name it); they are sent
  // as ids from the first call, never as text to intern.
  constructor(exports, staticPaths = []) {
    this.ex = exports
    // Path text → id, for encoding: only texts whose parse (split at '.') is
    // that id — the static paths and what wp_path_id answered — never an
    // announced text, which joins keys that may hold '.' ('m' / 'a.b' is
    // announced as 'm.a.b', which as input means m → a → b). One entry per
    // path the module has interned from a text, so it grows with the
    // module's own path table and no faster. The static paths' map and
    // texts are the module's, shared by its pipelines (staticsFor): a
    // pipeline copies the map the first time it learns a path of its own,
    // and keeps the other texts it learns (id → text, for decoding) in a
    // map of its own, made at the first (an array indexed by ids that the
    // module hands out sparsely would be mostly holes).
    const statics = staticsFor(staticPaths)
    this.ids = statics.ids
    this.ownIds = false
    this.staticTexts = statics.texts
    this.moreTexts = null
    this.buf = new Uint8Array(SCRATCH)
    this.view = new DataView(this.buf.buffer)
    this.pos = 0
    this.above = []               // the containers above the current value, by depth (cycles)
    this.metas = null             // the meta objects of the batches since takeMetas()
    // The path of the last batch at each of its first MEMO positions and its
    // id (every pair one of `ids`: '' is the root, 0): MEMO strings at most.
    // Two of them: the callers' batches, and the batches of a round's
    // listener outputs (OUTPUTS), so that neither kind overwrites the other's.
    this.memos = [
      { text: new Array(MEMO).fill(''), id: new Int32Array(MEMO) },
      { text: new Array(MEMO).fill(''), id: new Int32Array(MEMO) },
    ]
    this.one = [undefined, undefined] // batchOne's change
    this.oneBatch = [this.one]
    this.mem = null
    this.memView = null
    this.p = 0                    // read position in the output (decode)
    this.unknown = 0              // path ids decode could not name
    this.out = NO_RECORDS         // the records of the last decode besides its changes
    this.keys = new Array(KEYS)   // rdKey's table: slot → a key text (or undefined)
  }

  // ---- linear memory -----------------------------------------------------

  // A view of linear memory; memory.grow detaches the old buffer (its views
  // drop to length 0), which is when the views are made again. (`length`,
  // not `byteLength`: V8 inlines the one, calls out for the other.)
  memory() {
    if (this.mem === null || this.mem.length === 0) {
      const buffer = this.ex.memory.buffer
      this.mem = new Uint8Array(buffer)
      this.memView = new DataView(buffer)
    }
    return this.mem
  }

  // Copies the scratch buffer into the runtime's input buffer; returns its
  // length. Small batches byte by byte; up to WHOLE_COPY bytes of scratch,
  // the whole scratch with one set() into an input buffer asked that large
  // (a subarray would be an object per call); larger ones by a subarray.
  send() {
    const len = this.pos
    const buf = this.buf
    const ptr = this.ex.wp_in(len <= 16 || buf.length > WHOLE_COPY ? len : buf.length)
    if (!ptr && len) throw new Error('wp: out of memory (input buffer)')
    const mem = this.memory()
    if (len <= 16) for (let i = 0; i < len; i++) mem[ptr + i] = buf[i]
    else if (buf.length <= WHOLE_COPY) mem.set(buf, ptr)
    else mem.set(buf.subarray(0, len), ptr)
    return len
  }

  // Drops a scratch buffer grown past SCRATCH_KEEP (by the initial state):
  // each pipeline would keep it for its life.
  shrink() {
    if (this.buf.length <= SCRATCH_KEEP) return
    this.buf = new Uint8Array(SCRATCH)
    this.view = new DataView(this.buf.buffer)
  }

  // ---- paths ---------------------------------------------------------------

  // A path whose text parses to `id` (both directions).
  learn(id, text) {
    if (!this.ownIds) {
      this.ids = new Map(this.ids)
      this.ownIds = true
    }
    this.ids.set(text, id)
    this.setText(id, text)
  }

  // The text of a path id as far as this codec knows it, else undefined.
  textOf(id) {
    const t = id < this.staticTexts.length ? this.staticTexts[id] : undefined
    return t !== undefined || this.moreTexts === null ? t : this.moreTexts.get(id)
  }

  // Remembers the text of a path id, for decoding only.
  setText(id, text) {
    if (id < this.staticTexts.length && this.staticTexts[id] === text) return
    if (this.moreTexts === null) this.moreTexts = new Map()
    this.moreTexts.set(id, text)
  }

  // Whether a path text has an id, for output i of a round's listener
  // outputs: the memo of the last such batch's path there first (handlers
  // build their path texts anew on every call; a comparison needs no hash),
  // then the map.
  known(text, i) {
    return (i < MEMO && this.memos[OUTPUTS].text[i] === text) || this.ids.has(text)
  }

  // The runtime id of a path text (interned with wp_path_id the first time).
  // Writes the input buffer: never call it while a batch is being encoded.
  pathId(text) {
    let id = this.ids.get(text)
    if (id !== undefined) return id
    const bytes = textBytes(text)
    const ptr = this.ex.wp_in(bytes.length)
    if (!ptr && bytes.length) throw new Error('wp: out of memory (input buffer)')
    this.memory().set(bytes, ptr)
    id = this.ex.wp_path_id(bytes.length)
    if (id < 0) throw runtimeError(id, null, `path '${text}'`)
    this.learn(id, text)
    return id
  }

  // The text of a path id, for decoding (wp_path_text the first time). Only
  // id → text is kept: the text may join keys that hold '.' (see ids).
  pathText(id) {
    let text = this.textOf(id)
    if (text !== undefined) return text
    this.ex.wp_path_text(id)
    this.decode()
    text = this.out.text
    if (text === undefined) throw new Error(`wp: unknown path id ${id}`)
    this.setText(id, text)
    return text
  }

  // ---- encoding (into the scratch buffer) ----------------------------------

  reserve(n) {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = new Uint8Array(size)
    next.set(this.buf.subarray(0, this.pos))
    this.buf = next
    this.view = new DataView(next.buffer)
  }

  byte(b) {
    this.reserve(1)
    this.buf[this.pos++] = b
  }

  varint(v) {
    this.reserve(5)
    v >>>= 0
    while (v >= 0x80) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80
      v >>>= 7
    }
    this.buf[this.pos++] = v
  }

  text(s) {
    const n = s.length
    if (n < 43) { // at most 3 bytes per UTF-16 unit: the length fits one byte
      this.reserve(1 + n * 3)
      const start = this.pos + 1
      let ascii = true
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i)
        if (c >= 0x80) { ascii = false; break }
        this.buf[start + i] = c
      }
      const len = ascii ? n : encodeText(s, this.buf.subarray(start))
      this.buf[this.pos] = len
      this.pos = start + len
      return
    }
    // Encode after room for a 5-byte length, then move the bytes back.
    this.reserve(5 + n * 3)
    const written = encodeText(s, this.buf.subarray(this.pos + 5))
    let lenBytes = 1
    for (let v = written >>> 7; v; v >>>= 7) lenBytes++
    const from = this.pos + 5
    this.varint(written)
    if (lenBytes !== 5) this.buf.copyWithin(this.pos, from, from + written)
    this.pos += written
  }

  // A value; throws a TypeError (without index) for what cannot be state.
  // Past MAX_DEPTH it writes an empty object instead of going deeper: the
  // runtime then rejects the batch with E_DEPTH, the error a value one level
  // too deep gets, where recursing on (8 000 levels) overflowed the JS stack.
  value(v, depth = 0) {
    switch (typeof v) {
      case 'undefined': this.byte(0); return
      case 'boolean': this.byte(v ? 3 : 2); return
      case 'number':
        this.reserve(9)
        this.buf[this.pos++] = 4
        this.view.setFloat64(this.pos, v, true)
        this.pos += 8
        return
      case 'string': this.byte(5); this.text(v); return
      case 'object': break
      default: throw new TypeError(`a ${typeof v} cannot be state`)
    }
    if (v === null) { this.byte(1); return }
    const array = Array.isArray(v)
    if (!array) {
      // A Date, Map, Set, typed array or class instance would be stored as
      // its own enumerable keys ({} for most): not a value the state holds.
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) {
        const name = proto && typeof proto.constructor === 'function' && proto.constructor.name
        throw new TypeError(`${name ? `a ${name}` : 'an object with a prototype'} cannot be state ` +
          '(only plain objects, arrays, strings, numbers, booleans and null)')
      }
    }
    // A cycle is found where it makes the walk too deep: the value is then
    // one of the containers above it (no set of them on the way down, which
    // cost a hash per object). Depth alone is E_DEPTH from the runtime.
    const above = this.above
    if (depth > MAX_DEPTH) {
      for (let d = 0; d < depth; d++) if (above[d] === v) throw new TypeError('the value has a cycle')
      this.byte(7)
      this.varint(0)
      return
    }
    above[depth] = v
    if (array) {
      const n = v.length
      this.byte(6)
      this.varint(n)
      for (let i = 0; i < n; i++) this.value(v[i], depth + 1)
    } else {
      const keys = stateKeys(v)
      this.byte(7)
      this.varint(keys.length)
      for (let i = 0; i < keys.length; i++) {
        this.text(keys[i])
        this.value(v[keys[i]], depth + 1)
      }
    }
    above[depth] = undefined // keeps nothing of the caller's
  }

  path(text) {
    const id = this.ids.get(text)
    if (id !== undefined) { this.byte(0); this.varint(id) } else { this.byte(1); this.text(text) }
  }

  // Encodes one batch and copies it into the input buffer; returns its length.
  // `changes`: [path, value, meta?] tuples; `tag`: a number, or a function
  // (change, index) → number; `metas`: the array collecting the meta objects
  // (their index + 1 crosses), or null to make one at the first meta — either
  // way takeMetas() then hands it over. `what` names the changes in errors
  // (see changeName); `memo`, the memo of path ids to use (OUTPUTS for a
  // round's listener outputs). A malformed change throws a TypeError naming
  // its index; nothing has been sent then.
  batch(changes, tag, metas, what = 'change', memo = 0) {
    if (!Array.isArray(changes)) throw new TypeError(`wp: the changes must be an array of [path, value, meta?] tuples`)
    const start = metas === null ? 0 : metas.length
    if (!this.encodeChanges(changes, tag, metas, what, memo)) {
      // Unknown paths are interned only once the whole batch is known to be
      // valid, so that batches rejected with a TypeError leave nothing behind
      // in the module; then the batch is encoded again, every path by id.
      // (wp_path_id uses the input buffer, not this scratch buffer.)
      for (let i = 0; i < changes.length; i++) if (!this.ids.has(changes[i][0])) this.pathId(changes[i][0])
      if (metas !== null) metas.length = start
      this.encodeChanges(changes, tag, metas, what, memo)
    }
    return this.send()
  }

  // batch([[path, value]]) without the caller's two arrays (Pipeline.set):
  // the codec's own tuple, emptied again so it keeps nothing of the caller's.
  batchOne(path, value, tag) {
    const c = this.one
    c[0] = path
    c[1] = value
    try {
      return this.batch(this.oneBatch, tag, null)
    } finally {
      c[0] = c[1] = undefined
    }
  }

  // The metas of the batches encoded since the last call (null when none
  // had one), which the caller keeps for decoding; the codec forgets them.
  takeMetas() {
    const metas = this.metas
    this.metas = null
    return metas
  }

  // One pass over the batch: checks each change, encodes it. A path without
  // an id yet is left out (and false returned: batch interns and encodes
  // again). The checks of every change come before the value errors of any:
  // a bad value at i is reported only when no change after i is malformed.
  encodeChanges(changes, tag, metas, what, memo) {
    const n = changes.length
    const ids = this.ids, memoText = this.memos[memo].text, memoId = this.memos[memo].id
    let known = true
    this.metas = metas
    this.pos = 0
    this.varint(n)
    for (let i = 0; i < n; i++) {
      const c = changes[i]
      const bad = shapeError(c, i, what)
      if (bad !== null) throw bad
      // The id: from the memo of the last batch's path at this position when
      // the text is the same (a batch re-applied, a field edited again: a
      // string comparison, which for the same string object is one pointer
      // compare), else from the map.
      const path = c[0]
      let id
      if (i < MEMO && memoText[i] === path) id = memoId[i]
      else {
        id = ids.get(path)
        if (id !== undefined && i < MEMO) { memoText[i] = path; memoId[i] = id }
      }
      const v = c[1]
      // The common change written in place: a path by id (6 bytes at most),
      // a number (9), the tag and no meta (2).
      if (this.pos + 17 > this.buf.length) this.reserve(17)
      const buf = this.buf
      let pos = this.pos
      if (id === undefined) known = false
      else {
        buf[pos++] = 0
        let x = id
        while (x >= 0x80) { buf[pos++] = (x & 0x7f) | 0x80; x >>>= 7 }
        buf[pos++] = x
      }
      if (typeof v === 'number') {
        buf[pos] = 4
        this.view.setFloat64(pos + 1, v, true)
        pos += 9
      } else if (typeof v === 'boolean') {
        buf[pos++] = v ? 3 : 2
      } else {
        this.pos = pos
        this.valueOf(v, c, i, changes, what)
        pos = this.pos
      }
      const t = typeof tag === 'function' ? tag(c, i) : tag
      const meta = c.length > 2 ? c[2] : undefined
      if (meta === undefined || meta === null) {
        if (pos + 2 > this.buf.length) { this.pos = pos; this.reserve(2) }
        this.buf[pos] = t
        this.buf[pos + 1] = 0
        this.pos = pos + 2
      } else {
        this.pos = pos
        if (this.metas === null) this.metas = []
        this.metas.push(meta)
        this.byte(t)
        this.varint(this.metas.length)
      }
    }
    return known
  }

  // value(v) for change i of a batch: a TypeError names the change — or,
  // when a later change is malformed, that one (every shape is checked
  // before any value; see encodeChanges).
  valueOf(v, c, i, changes, what) {
    if (typeof v === 'string') { this.byte(5); this.text(v); return }
    try {
      this.value(v)
    } catch (e) {
      this.above.fill(undefined)
      if (!(e instanceof TypeError)) throw e
      for (let k = i + 1; k < changes.length; k++) {
        const later = shapeError(changes[k], k, what)
        if (later !== null) throw later
      }
      throw new TypeError(what === 'initial state' ? `wp: ${what}: ${e.message}` : `wp: ${changeName(what, i)} (${c[0]}): ${e.message}`)
    }
  }

  // One encoded path (wp_get's input).
  onePath(text) {
    this.pos = 0
    this.path(text)
    return this.send()
  }

  // One path by its run-time id (wp_get's input), whatever its text.
  onePathId(id) {
    this.pos = 0
    this.byte(0)
    this.varint(id)
    return this.send()
  }

  // ---- decoding the output -------------------------------------------------

  // Decodes the records of the last call. Returns its changes as apply
  // reports them, [path, value, { stage, ...meta }], in a new array
  // (`metas`: the host's meta objects by the index the changes carry).
  // The other records go to `this.out`: { dispatches, tasks, routes, error,
  // value, text, valued }, a shared empty one when there were none. A dispatch is {
  // listener, scope, scopeId, topic, topicId, keys, inputs } with each input the
  // change index times 2, plus 1 when the change's path is strictly below
  // the scope; a route is [dispatch, input] in that form, indexing
  // wp_route's batch, and `valued` lists the indexes of that batch whose
  // routes depend on values, not on their paths alone (none to reuse).
  decode(metas = null) {
    const changes = []
    let out = NO_RECORDS
    this.out = out
    const len = this.ex.wp_out_len()
    if (len <= 1) return changes // END alone
    const m = this.memory()
    this.p = this.ex.wp_out_ptr()
    const end = this.p + len
    this.unknown = 0
    while (this.p < end) {
      const rec = m[this.p++]
      if (rec === REC_END) break
      if (rec === REC_CHANGE) {
        const pa = this.rdPath()
        const tag = m[this.p++]
        const meta = this.rdVarint() - 1
        const value = this.rdValue()
        changes.push([pa, value, withStage(STAGES[tag], meta >= 0 && metas !== null ? metas[meta] : undefined)])
        continue
      }
      if (out === NO_RECORDS) out = { dispatches: [], tasks: [], routes: [], valued: [], error: null, value: undefined, text: undefined }
      if (rec === REC_DISPATCH) {
        const listener = this.rdVarint()
        const scopeId = this.peekId()
        const scope = this.rdPath()
        const topicId = this.peekId()
        const topic = this.rdPath()
        const nk = this.rdVarint()
        const keys = new Array(nk)
        for (let i = 0; i < nk; i++) keys[i] = this.rdKey()
        const n = this.rdVarint()
        const inputs = new Array(n)
        for (let i = 0; i < n; i++) inputs[i] = this.rdVarint()
        out.dispatches.push({ listener, scope, scopeId, topic, topicId, keys, inputs })
      } else if (rec === REC_ROUTE) {
        const d = this.rdVarint()
        out.routes.push([d, this.rdVarint()])
      } else if (rec === REC_VALUED) {
        out.valued.push(this.rdVarint())
      } else if (rec === REC_TASK) {
        const kind = this.rdVarint()
        const id = this.rdVarint()
        const field = this.rdPath()
        const n = this.rdVarint()
        const args = new Array(n)
        // a path with nothing at it is an argument of undefined to the JS function
        for (let i = 0; i < n; i++) { const pa = this.rdPath(), v = this.rdValue(); args[i] = [pa, v === MISSING ? undefined : v] }
        out.tasks.push({ kind, id, field, args })
      } else if (rec === REC_ERROR) {
        const z = this.rdVarint()
        const code = (z % 2) ? -(z + 1) / 2 : z / 2
        const index = this.rdVarint() - 1
        const err = { code, index }
        if (m[this.p++]) err.path = this.rdPath()
        out.error = err
      } else if (rec === REC_VALUE) {
        out.value = this.rdValue()
      } else if (rec === REC_TEXT) {
        out.text = this.rdText()
      } else {
        throw new Error(`wp: bad output record ${rec}`)
      }
    }
    // pathText decodes wp_path_text's output over this one: `out` is set after
    if (this.unknown) this.fixPaths(changes, out)
    this.out = out
    return changes
  }

  rdVarint() {
    const m = this.mem
    let b = m[this.p++]
    if (b < 0x80) return b
    let v = b & 0x7f, shift = 7
    do { b = m[this.p++]; v += (b & 0x7f) * 2 ** shift; shift += 7 } while (b & 0x80)
    return v
  }

  rdText() {
    const n = this.rdVarint()
    const m = this.mem, p = this.p
    this.p = p + n
    if (n <= SHORT_TEXT) {
      let i = 0
      while (i < n && m[p + i] < 0x80) i++
      if (i === n) return asciiText(m, p, n)
    }
    return decodeText(m.subarray(p, p + n))
  }

  // A text that names a key (an object member's, a dispatch's ctx.keys):
  // the same few come back in every output, so a short ASCII one is kept
  // in a small table by a hash of its bytes and handed out again when the
  // bytes match (no string made, and an object built with it takes a key
  // V8 has seen). Strings are immutable: sharing one is not observable.
  rdKey() {
    const m = this.mem, start = this.p
    const n = m[start]
    if (n > KEY_TEXT) return this.rdText() // also every length past one varint byte
    const p = start + 1
    let h = n
    for (let i = 0; i < n; i++) {
      const b = m[p + i]
      if (b >= 0x80) return this.rdText()
      h = (h * 31 + b) | 0
    }
    const slot = (h ^ (h >>> 12)) & (KEYS - 1)
    const s = this.keys[slot]
    this.p = p + n
    if (s !== undefined && s.length === n) {
      let i = 0
      while (i < n && s.charCodeAt(i) === m[p + i]) i++
      if (i === n) return s
    }
    const t = asciiText(m, p, n)
    this.keys[slot] = t
    return t
  }

  // The id of the path at the read position, without moving.
  peekId() {
    const p = this.p
    this.p++
    const id = this.rdVarint()
    this.p = p
    return id
  }

  // The text of a path, or its id (a number) when unknown, fixed up by decode.
  rdPath() {
    const form = this.mem[this.p++]
    const id = this.rdVarint()
    if (form === 2) { const t = this.rdText(); this.setText(id, t); return t }
    const t = this.textOf(id)
    if (t !== undefined) return t
    this.unknown++
    return id
  }

  rdValue() {
    const m = this.mem
    switch (m[this.p++]) {
      case 0: return undefined
      case 1: return null
      case 2: return false
      case 3: return true
      case 4: { const d = this.memView.getFloat64(this.p, true); this.p += 8; return d }
      case 5: return this.rdText()
      case 6: {
        const n = this.rdVarint()
        const a = new Array(n)
        for (let i = 0; i < n; i++) a[i] = this.rdValue()
        return a
      }
      case 7: {
        const n = this.rdVarint()
        const o = {}
        for (let i = 0; i < n; i++) {
          const k = this.rdKey()
          const v = this.rdValue()
          if (k === '__proto__') defineProtoKey(o, v)
          else o[k] = v
        }
        return o
      }
      case 8: return MISSING
      default: throw new Error(`wp: bad value tag in output at ${this.p - 1}`)
    }
  }

  // Replaces the ids left in a decoded output by their texts (wp_path_text).
  fixPaths(changes, out) {
    const fix = (p) => (typeof p === 'number' ? this.pathText(p) : p)
    for (const c of changes) c[0] = fix(c[0])
    for (const d of out.dispatches) { d.scope = fix(d.scope); d.topic = fix(d.topic) }
    for (const t of out.tasks) { t.field = fix(t.field); for (const a of t.args) a[0] = fix(a[0]) }
    if (out.error && out.error.path !== undefined) out.error.path = fix(out.error.path)
  }
}
