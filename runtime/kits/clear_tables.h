/* clear_tables.h — the byte layout of the clear index: the app's `clear Ts
 * when Ps changes` rules (semantics.md §8), baked by wpc
 * (compiler/gen_clears.c) and read by the clear kit (clear_kit.c).  Same
 * conventions as tables.h: words, little-endian, offsets from the start of
 * this blob, 4-byte aligned; pattern ids are those of the tables.h blob.
 * Described in docs/internals.md, "The clear kit".  No dependency but
 * <stdint.h>. */
#ifndef RT_CLEAR_TABLES_H
#define RT_CLEAR_TABLES_H

#include "kit_tables.h"

enum {
    XT_H_N_CLEARS = KIT_H_FIRST,
    XT_H_CLEARS, /* offset of XT_C_WORDS-word records, declaration order */
    XT_H_N_TRIGGERS,
    XT_H_TRIGGERS, /* offset of XT_T_WORDS-word records, grouped by clear */
    XT_H_WORDS
};

/* One clear rule. */
enum {
    XT_C_GROUP = 0, /* i32 group, -1 = always */
    XT_C_N_TARGETS,
    XT_C_TARGETS, /* offset of u32 target pattern ids, declaration order; their [*] take
                           the trigger's keys by position, [**] expand over an object's keys */
    XT_C_WORDS
};

/* One trigger of a clear rule: a change of its value in stage 3 fires the
 * rule, with the keys its [*] matched. */
enum {
    XT_T_CLEAR = 0, /* clear id */
    XT_T_PATTERN,   /* pattern id */
    XT_T_WORDS
};

#endif
