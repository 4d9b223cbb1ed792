/* listener_tables.h — the byte layout of the listener index: every
 * listener's topics, scope, key binding and group, and per path pattern the
 * topics at or below it, baked by wpc (compiler/gen_listeners.c) and read by
 * the listener kit (listener_kit.c).  Same conventions as tables.h: words,
 * not structs; little-endian u32/i32; offsets from the start of the blob;
 * 4-byte aligned.  Pattern ids are those of the tables.h blob (IR path i is
 * pattern i + 1, pattern 0 the root).  Described in docs/internals.md,
 * "The listener index". */
#ifndef RT_LISTENER_TABLES_H
#define RT_LISTENER_TABLES_H

#include "kit_tables.h"

enum {
    LT_H_N_LISTENERS = KIT_H_FIRST,
    LT_H_LISTENERS, /* offset of LT_L_WORDS-word records, in plan order */
    LT_H_N_TOPICS,
    LT_H_TOPICS,    /* offset of LT_T_WORDS-word records, by listener, then as written */
    LT_H_ROOT_ATOM, /* atom of "_concerns": listeners never see changes under it */
    LT_H_N_ROOT,    /* root listeners (`listen call f`): every change touches them ... */
    LT_H_ROOT,      /* ... offset of their u32 listener ids, ascending */
    LT_H_WORDS
};

/* One listener.  Its id is its place in plan order (deeper topic, deeper
 * scope, declaration), which is also the rank of its dispatches.  A
 * wildcard listener is one listener per tuple of its first NBIND keys (the
 * least wildcard count over its topics, so every topic binds them by
 * position); its instance is named by the first topic cut before the
 * wildcard after those keys, which is the dispatch's topic path. */
enum {
    LT_L_SCOPE = 0,   /* pattern id of the scope, 0 = root; a prefix of every topic */
    LT_L_GROUP,       /* i32 group, -1 = always */
    LT_L_NBIND,       /* keys that name an instance (ctx.keys) */
    LT_L_FIRST_TOPIC, /* i32 topic id of its first topic, -1 for a root listener */
    LT_L_N_TOPICS,
    LT_L_WORDS
};

/* One path of a `listen` line. */
enum {
    LT_T_LISTENER = 0,
    LT_T_PATTERN, /* its path pattern */
    LT_T_WORDS
};

/* Who listens near a pattern: a watch index (watch_tables.h) whose units
 * are the topics. `exact` lists the topics whose pattern is this one (a
 * change strictly below a path matching it touches them); `sub` the topics
 * at or below it (a change at a path matching it touches them). Lists of
 * u32 topic ids, ascending. */
enum {
    LT_W_N_EXACT = KW_N_EXACT,
    LT_W_EXACT = KW_EXACT,
    LT_W_N_SUB = KW_N_SUB,
    LT_W_SUB = KW_SUB,
    LT_W_WORDS = KW_WORDS
};

#endif
