/* concern_tables.h — the byte layout of the concern index: which concerns
 * read each path pattern, baked by wpc (compiler/gen_concerns.c) and read by
 * the concern kit (concern_kit.c).  Same conventions as tables.h: words, not
 * structs; little-endian u32/i32; offsets from the start of the blob; 4-byte
 * aligned.  Pattern ids are those of the tables.h blob (IR path i is
 * pattern i + 1, pattern 0 the root).  Described in docs/internals.md,
 * "The concern index". */
#ifndef RT_CONCERN_TABLES_H
#define RT_CONCERN_TABLES_H

#include "kit_tables.h"

enum {
    CT_H_N_CONCERNS = KIT_H_FIRST,
    CT_H_CONCERNS,  /* offset of CT_R_WORDS-word records, concern id order */
    CT_H_ROOT_ATOM, /* atom of "_concerns", the key concern values live under */
    CT_H_WORDS
};

/* A group's `when` condition is indexed like a concern of the root field:
 * its evaluator records whether it holds (rt_group_hold) instead of writing
 * a value, and the kit runs the group's creation or removal steps when that
 * switches the group.  They come first, so a group switched on by a round
 * sees its concerns evaluated in the same round.
 *
 * One concern of one field (a field pattern with wildcards stands for one
 * concern instance per key tuple present in the state). */
enum {
    CT_R_FIELD = 0, /* pattern id of the field */
    CT_R_GROUP,     /* i32 group, -1 = always */
    CT_R_NAME,      /* atom of the output name (disabledWhen, validationState, …) */
    CT_R_TAG,       /* the stage tag of its changes (tags.def: concerns, validators) */
    CT_R_SWITCHES,  /* i32: a group's `when` condition switching that group, else -1 */
    CT_R_WORDS
};

/* Who reads a pattern: a watch index (watch_tables.h) whose units are the
 * concerns.  `exact` lists concerns with an input equal to it (a
 * change strictly below a path matching it concerns them); `sub` lists
 * concerns with an input at or below it (a change at a path matching it
 * concerns them).  Lists of u32 concern ids, ascending. */
enum {
    CT_W_N_EXACT = KW_N_EXACT,
    CT_W_EXACT = KW_EXACT,
    CT_W_N_SUB = KW_N_SUB,
    CT_W_SUB = KW_SUB,
    CT_W_WORDS = KW_WORDS
};

#endif
