/* rt_exports.h — the export list of exports.def as a table (tests). */
#ifndef RT_EXPORTS_TABLE_H
#define RT_EXPORTS_TABLE_H

#include "rt_base.h"

enum { RT_EXPORT_HOST, RT_EXPORT_SERVICE };

typedef struct {
    const char *name;
    int kind;
    void (*fn)(void);
} rt_export_entry;

extern const rt_export_entry rt_export_table[];
extern const uint32_t rt_export_count;

#endif
