/* kit_tables.h — the four words every kit index starts with
 * (clear_tables.h, concern_tables.h, derived_tables.h, listener_tables.h):
 * the kit's magic number, the blob's size in bytes, and where its watch
 * index is (watch_tables.h: one record per pattern of the tables.h blob).
 * The kit's own header words follow from KIT_H_FIRST.  Same conventions as tables.h.
 * Checked by kit_load (kit_common.h); written by wpc (gen_kit_header,
 * compiler/gen_watch.c) and by listener_build.c.  Includes the watch
 * index's layout, which every kit index holds. */
#ifndef RT_KIT_TABLES_H
#define RT_KIT_TABLES_H

#include <stdint.h>

#include "watch_tables.h"

/* Each kit index's magic number, in one place so that no two are alike. */
#define XT_MAGIC 0x31545857u /* "WXT1": the clear index */
#define CT_MAGIC 0x31544357u /* "WCT1": the concern index */
#define DT_MAGIC 0x31544457u /* "WDT1": the derived index */
#define LT_MAGIC 0x31544c57u /* "WLT1": the listener index */

enum {
    KIT_H_MAGIC = 0,  /* the kit's XX_MAGIC */
    KIT_H_SIZE,       /* bytes */
    KIT_H_N_PATTERNS, /* = the tables.h blob's pattern count */
    KIT_H_WATCH,      /* offset of the watch index (KW_WORDS words per pattern) */
    KIT_H_FIRST
};

#endif
