/* kit_tables.h — the two words every kit index starts with
 * (clear_tables.h, concern_tables.h, derived_tables.h, listener_tables.h):
 * the kit's magic number and the blob's size in bytes.  The kit's own
 * header words follow from KIT_H_FIRST.  Same conventions as tables.h.
 * Checked by kit_load (kit_common.h); written by wpc (gen_kit_header,
 * compiler/gen_watch.c) and by listener_build.c.  No dependency. */
#ifndef RT_KIT_TABLES_H
#define RT_KIT_TABLES_H

enum {
    KIT_H_MAGIC = 0, /* the kit's XX_MAGIC */
    KIT_H_SIZE,      /* bytes */
    KIT_H_FIRST
};

#endif
