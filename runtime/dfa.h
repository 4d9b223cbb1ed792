/* dfa.h — the byte layout of a regex DFA blob, defined once for the
 * compiler (compiler/regex_dfa.c writes it for a `pattern("...")`
 * validator) and the runtime (rt_dfa.c runs it over a string's UTF-16 code
 * units).  Field-by-field description: docs/internals.md, "Regex DFAs".
 *
 * Position independent: little-endian u32 words and u16 table entries, every
 * reference a byte offset from the start of the blob, never a pointer.  The
 * readers below assemble values from bytes, so a blob needs no alignment
 * and reads the same on any host.  No dependency but <stdint.h>. */
#ifndef RT_DFA_LAYOUT_H
#define RT_DFA_LAYOUT_H

#include <stdint.h>

#define DFA_MAGIC 0x31464457u /* "WDF1" read as a little-endian u32 */
#define DFA_VERSION 1u
#define DFA_NONE 0xffffffffu /* no such state */

/* Limits the compiler enforces (docs/language.md, WP0414): the states of the
 * minimal DFA, and the whole blob.  States are u16 in the table. */
#define DFA_MAX_STATES 4096u
#define DFA_MAX_BYTES 65536u

/* ---- header: DFA_H_WORDS u32 words at offset 0 ---- */
enum {
    DFA_H_MAGIC = 0, /* DFA_MAGIC */
    DFA_H_VERSION,   /* DFA_VERSION */
    DFA_H_SIZE,      /* blob size in bytes, a multiple of 4 */
    DFA_H_N_STATES,  /* states 0..n-1 */
    DFA_H_N_CLASSES, /* classes of code units 0..n-1 */
    DFA_H_START,     /* the state before the first code unit (always 0) */
    DFA_H_ACCEPT,    /* the state where the answer is 1 whatever follows, or DFA_NONE */
    DFA_H_DEAD,      /* the state where the answer is 0 whatever follows, or DFA_NONE */
    DFA_H_N_RANGES,  /* code-unit ranges of the class map ... */
    DFA_H_RANGES,    /* ... offset of n u32: DFA_RANGE(lo, class), ascending lo, the first lo 0 */
    DFA_H_AT_END,    /* offset of ceil(n_states / 32) u32: bit s%32 of word s/32 = state s
                         accepts at the end of the input ($ holds there) */
    DFA_H_TRANS,     /* offset of n_states * n_classes u16: row-major, entry
                         s * n_classes + c = the next state from s on class c */
    DFA_H_WORDS
};

/* A class-map range: code units lo..(the next range's lo - 1) have `class`. */
#define DFA_RANGE(lo, cls) ((uint32_t)(lo) | (uint32_t)(cls) << 16)
#define DFA_RANGE_LO(w) ((w)&0xffffu)
#define DFA_RANGE_CLASS(w) ((w) >> 16)

_Static_assert(DFA_H_WORDS == 12, "the header changed: bump DFA_VERSION and update docs/internals.md");
_Static_assert(DFA_MAX_STATES <= 0xffffu, "state ids are u16 table entries");
_Static_assert(DFA_MAX_BYTES % 4 == 0, "blobs are whole words");
_Static_assert((uint64_t)DFA_MAX_STATES * 0x10000u * 2u < 0xffffffffu, "a table entry's byte offset fits a u32");

static inline uint32_t dfa_rd16(const uint8_t *b, uint32_t off) { return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8; }

static inline uint32_t dfa_rd32(const uint8_t *b, uint32_t off)
{
    return (uint32_t)b[off] | (uint32_t)b[off + 1] << 8 | (uint32_t)b[off + 2] << 16 | (uint32_t)b[off + 3] << 24;
}

/* Header word `w` (a DFA_H_* index). */
static inline uint32_t dfa_word(const uint8_t *b, uint32_t w) { return dfa_rd32(b, w * 4u); }

#endif
