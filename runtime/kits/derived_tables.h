/* derived_tables.h — the byte layout of the derived index: the app's
 * aggregations and computations (semantics.md §6, §7), baked by wpc
 * (compiler/gen_derived.c) and read by the derived kit (derived_kit.c).
 * Same conventions as tables.h: words, not structs; little-endian u32/i32;
 * offsets from the start of this blob; 4-byte aligned.  Pattern ids are
 * those of the tables.h blob (IR path i is pattern i + 1, pattern 0 the
 * root).  Described in docs/internals.md, "The derived kit".  No
 * dependency but <stdint.h>, so the compiler includes it as well. */
#ifndef RT_DERIVED_TABLES_H
#define RT_DERIVED_TABLES_H

#include "kit_tables.h"

enum {
    DT_H_N_DERIVED = KIT_H_FIRST,
    DT_H_DERIVED, /* offset of DT_R_WORDS-word records, IR derived order (declaration) */
    DT_H_N_SOURCES,
    DT_H_SOURCES, /* offset of DT_S_WORDS-word records, grouped by derived value */
    DT_H_ORDER,   /* offset of n_derived u32 derived ids: the build-time dependency order */
    DT_H_TARGETS, /* offset of DT_T_WORDS words per pattern: the derived values targeting it */
    DT_H_WORDS
};

/* The operation of a derived value. */
enum { DT_OP_AGGREGATE = 0, DT_OP_SUM, DT_OP_AVG, DT_OP_MIN, DT_OP_MAX, DT_OP_COUNT };

/* One derived value: the merged statements with one target.  Its
 * instances are the target with its [*] bound to key tuples; the n-th [*]
 * of every source binds the same key as the target's n-th, by position.
 * The watch index lists it under its sources, the paths of their exclude
 * conditions and its own target (a change reaching the target from
 * elsewhere, such as a replaced ancestor, recomputes it). */
enum {
    DT_R_TARGET = 0,   /* pattern id */
    DT_R_OP,           /* DT_OP_* */
    DT_R_GROUP,        /* i32 group, -1 = always */
    DT_R_RANK,         /* its position in the dependency order */
    DT_R_FIRST_SOURCE, /* sources first .. first + n - 1, declaration order */
    DT_R_N_SOURCES,
    DT_R_WORDS
};

/* One source. */
enum {
    DT_S_PATTERN = 0, /* pattern id */
    DT_S_EXCLUDE,     /* i32: the id of its `exclude when` condition for the `cond` hook, -1 = none */
    DT_S_WORDS
};

/* The derived values whose target is a pattern (stage 1 and 2 look the
 * input's path and its ancestors up here): a list of u32 derived ids. */
enum {
    DT_T_N = 0,
    DT_T_LIST, /* offset of the list */
    DT_T_WORDS
};

#endif
