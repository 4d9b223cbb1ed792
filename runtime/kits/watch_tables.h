/* watch_tables.h — the byte layout of a watch index, shared by every kit
 * blob that says which of its units read a path pattern (concern_tables.h,
 * derived_tables.h, clear_tables.h).  Same conventions as tables.h: words,
 * little-endian, offsets from the start of the kit's own blob.  Read by
 * kit_touches (kit_common.h); baked by wpc (compiler/gen_concerns.c,
 * gen_derived.c, gen_clears.c). No dependency but <stdint.h>.
 *
 * One record of KW_WORDS words per pattern of the tables.h blob (pattern 0
 * the root, IR path i pattern i + 1); the lists hold u32 unit ids,
 * ascending:
 *
 *   exact  the units with an input equal to the pattern: a change strictly
 *          below a path matching it touches them
 *   sub    the units with an input at or below the pattern: a change at a
 *          path matching it touches them */
#ifndef RT_WATCH_TABLES_H
#define RT_WATCH_TABLES_H

#include <stdint.h>

enum {
    KW_N_EXACT = 0,
    KW_EXACT, /* offset of the list */
    KW_N_SUB,
    KW_SUB, /* offset of the list */
    KW_WORDS
};

#endif
