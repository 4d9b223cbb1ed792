/* rt_base.c — names for the numbers of rt_base.h, for tests and diagnostics.
 * Not on any hot path. */
#include "rt_base.h"

typedef struct {
    int32_t value;
    const char *text;
} named;

static const named statuses[] = {
#define RT_STATUS(name, value, msg) {(value), (msg)},
#include "status.def"
#undef RT_STATUS
};

static const named tags[] = {
#define RT_TAG(name, value, text) {(value), (text)},
#include "tags.def"
#undef RT_TAG
};

static const char *name_of(const named *table, uint32_t n, int32_t value, const char *unknown)
{
    for (uint32_t i = 0; i < n; i++)
        if (table[i].value == value) return table[i].text;
    return unknown;
}

const char *rt_status_message(int32_t status)
{
    return name_of(statuses, sizeof statuses / sizeof *statuses, status, "unknown status");
}

const char *rt_tag_name(int32_t tag) { return name_of(tags, sizeof tags / sizeof *tags, tag, "?"); }
