/* tables.h — the byte layout of a baked table blob: the app-specific data
 * that the generic kits (runtime/kits/) interpret. wpc lays a blob out with
 * tables_build.c from the IR and places it in a data segment; the generated
 * hooks pass its address to the kit services (rt_kit_*). Native tests lay
 * blobs out with the same builder.
 *
 * Position independent: every field is a little-endian u32/i32 and every
 * reference is either an index into one of the blob's record arrays or a u32
 * byte offset from the start of the blob (never a pointer), so the same bytes
 * work in wasm32 and natively. The blob must be 4-byte aligned. Field-by-field
 * description: docs/internals.md, "Kits and baked tables".
 *
 * Words, not structs: readers index `const uint32_t *` with the TB_* word
 * numbers below, so there is no padding or ABI question. This header has no
 * dependency but <stdint.h>, so the compiler includes it as well. */
#ifndef RT_TABLES_H
#define RT_TABLES_H

#include <stdint.h>

#define TB_MAGIC 0x31425457u /* "WTB1" read as a little-endian u32 */
#define TB_VERSION 2u

#define TB_NONE (-1) /* no class / no member / no group, as i32 */

/* ---- header: TB_H_WORDS words at offset 0 ---- */
enum {
    TB_H_MAGIC = 0,    /* TB_MAGIC */
    TB_H_VERSION,      /* TB_VERSION */
    TB_H_SIZE,         /* blob size in bytes */
    TB_H_N_PATTERNS,   /* pattern nodes, id 0 = the root */
    TB_H_PATTERNS,     /* offset of TB_P_WORDS-word records */
    TB_H_N_CLASSES,    /* path classes (DFA states), class 0 = the root */
    TB_H_CLASSES,      /* offset of TB_C_WORDS-word records */
    TB_H_N_COMPS,      /* sync/flip components */
    TB_H_COMPS,        /* offset of TB_K_WORDS-word records */
    TB_H_N_MEMBERS,    /* members of all components, grouped by component */
    TB_H_MEMBERS,      /* offset of TB_M_WORDS-word records */
    TB_H_N_EDGES,      /* sync/flip edges, grouped by component */
    TB_H_EDGES,        /* offset of TB_E_WORDS-word records */
    TB_H_N_ONEWAY,     /* one-way edges */
    TB_H_ONEWAY,       /* offset of TB_O_WORDS-word records */
    TB_H_CREATE_ORDER, /* offset of n_comps u32 component ids, topological by one-way edges */
    TB_H_WATCH,        /* offset of the members' watch index: a watch_tables.h record per pattern */
    TB_H_WORDS
};

/* Segment kinds of a pattern node (the IR's IrSegKind, same order). */
enum { TB_SEG_KEY = 0, TB_SEG_INDEX = 1, TB_SEG_WILD = 2, TB_SEG_DEEP = 3, TB_SEG_ROOT = 4 };

/* ---- pattern node: one path pattern of the IR path table ---- */
enum {
    TB_P_PARENT = 0, /* i32 pattern id, TB_NONE for the root */
    TB_P_KIND,       /* TB_SEG_* of the last segment */
    TB_P_ATOM,       /* i32 static atom of a key/index segment, TB_NONE otherwise */
    TB_P_DEPTH,      /* segments from the root */
    TB_P_NWILD,      /* [*] segments in the whole pattern, the ones that bind by position;
                      * [**] never binds (it expands over the keys present), as in the IR */
    TB_P_MEMBER,     /* i32 member id when the pattern is a sync/flip/one-way member, else TB_NONE */
    TB_P_FLAGS,      /* TB_PF_* */
    TB_P_WORDS
};
#define TB_PF_LIST 1u  /* a container created here is an array (`list` in the state block) */
#define TB_PF_BELOW 2u /* paths strictly below it get a class (a member, or tb_watch_below) */

/* ---- path class: a DFA state = the set of patterns a runtime path matches,
 * plus one bit: whether a strict ancestor matches a pattern flagged
 * TB_PF_BELOW. rt_kit_class steps it. ---- */
enum {
    TB_C_FLAGS = 0, /* TB_CF_* */
    TB_C_DEFAULT,   /* i32 class for an atom with no own transition (the [*] branch), or TB_NONE */
    TB_C_N_TRANS,   /* transitions for static atoms ... */
    TB_C_TRANS,     /* ... offset of n pairs (i32 atom, i32 class), sorted by atom */
    TB_C_N_PATS,    /* patterns the path matches (all of its depth) ... */
    TB_C_PATS,      /* ... offset of u32 pattern ids, ascending */
    TB_C_WORDS
};
#define TB_CF_LIST 1u   /* some matched pattern is a list: wp_hook_container answers 1 */
#define TB_CF_MEMBER 4u /* some matched pattern is a member's */
/* TB_CF_UNDER: a strict ancestor matches a TB_PF_BELOW pattern, so the path
 * has a class (and the kits look for members above it in the watch index)
 * without the DFA multiplying static siblings by wildcard children. */
#define TB_CF_UNDER 2u

/* ---- component: members joined by sync/flip edges (semantics §4, §5) ---- */
enum {
    TB_K_FIRST_MEMBER = 0, /* members first .. first + n - 1 */
    TB_K_N_MEMBERS,
    TB_K_FIRST_EDGE, /* edges first .. first + n - 1 */
    TB_K_N_EDGES,
    TB_K_NBIND, /* wildcards bound by position = min TB_P_NWILD over the members */
    TB_K_FLAGS, /* TB_KF_* */
    TB_K_WORDS
};
#define TB_KF_FLIP 1u   /* some edge is a flip */
#define TB_KF_GROUPS 2u /* some edge or member belongs to a group */

/* ---- member: one pattern of a component ---- */
enum {
    TB_M_COMP = 0, /* component id */
    TB_M_PATTERN,  /* pattern id */
    TB_M_OPPOSITE, /* parity relative to the component's first member (0 same, 1 opposite) */
    TB_M_GROUP,    /* i32 group; while it is disabled the member neither sends nor receives; TB_NONE = always */
    TB_M_N_OUT,    /* one-way edges leaving this member ... */
    TB_M_OUT,      /* ... offset of u32 one-way edge ids */
    TB_M_N_IN,     /* one-way edges entering this member ... */
    TB_M_IN,       /* ... offset of u32 one-way edge ids */
    TB_M_WORDS
};

/* ---- sync/flip edge (undirected) ---- */
enum {
    TB_E_A = 0, /* member id */
    TB_E_B,     /* member id */
    TB_E_FLIP,  /* 1 = flip edge (opposite values) */
    TB_E_GROUP, /* i32 group, TB_NONE = always */
    TB_E_WORDS
};

/* ---- one-way edge: from -> to (directed, between members of any components) ---- */
enum {
    TB_O_FROM = 0, /* member id */
    TB_O_TO,       /* member id */
    TB_O_FLIP,     /* 1 = the target takes the negation / rotation */
    TB_O_GROUP,    /* i32 group, TB_NONE = always */
    TB_O_WORDS
};

/* Read word `w` of the record at byte offset `off` (native and wasm32 are
 * both little-endian, so a plain load is the LE read). */
static inline uint32_t tb_u32(const uint8_t *blob, uint32_t off, uint32_t w)
{
    return ((const uint32_t *)(const void *)(blob + off))[w];
}
static inline int32_t tb_i32(const uint8_t *blob, uint32_t off, uint32_t w) { return (int32_t)tb_u32(blob, off, w); }
static inline uint32_t tb_hdr(const uint8_t *blob, uint32_t w) { return tb_u32(blob, 0, w); }
/* Byte offset of record `i` of the array whose offset is in header word `h`. */
static inline uint32_t tb_rec(const uint8_t *blob, uint32_t h, uint32_t words, uint32_t i)
{
    return tb_hdr(blob, h) + i * words * 4u;
}
/* Word `w` of that record: how the kits read their own indexes' records. */
static inline uint32_t tb_field(const uint8_t *blob, uint32_t h, uint32_t words, uint32_t i, uint32_t w)
{
    return tb_u32(blob, tb_rec(blob, h, words, i), w);
}
/* The u32 words at byte offset `off`: a list that a record points to. */
static inline const uint32_t *tb_words(const uint8_t *blob, uint32_t off)
{
    return (const uint32_t *)(const void *)(blob + off);
}

#endif
