// base64.js — decodes the inlined module (standard base64, '=' padding)
// into bytes, without Node built-ins or atob, so it runs anywhere.

const B64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

export function base64Decode(text) {
  const table = new Uint8Array(128).fill(255)
  for (let i = 0; i < 64; i++) table[B64_ALPHABET.charCodeAt(i)] = i
  let len = text.length
  while (len > 0 && text.charCodeAt(len - 1) === 61) len-- // '='
  const out = new Uint8Array((len * 3) >> 2)
  let acc = 0, bits = 0, o = 0
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i)
    const v = c < 128 ? table[c] : 255
    if (v === 255) throw new Error(`base64: bad character at ${i}`)
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 0xff
    }
  }
  return out
}
