/* rt_base.c — names for the numbers of rt_base.h, for tests and diagnostics.
 * Not on any hot path. */
#include "rt_base.h"

const char *rt_status_message(int32_t status)
{
    switch (status) {
#define RT_STATUS(name, value, msg)                                                                                    \
    case (value):                                                                                                      \
        return msg;
#include "status.def"
#undef RT_STATUS
    default: return "unknown status";
    }
}

const char *rt_tag_name(int32_t tag)
{
    switch (tag) {
#define RT_TAG(name, value, text)                                                                                      \
    case (value):                                                                                                      \
        return text;
#include "tags.def"
#undef RT_TAG
    default: return "?";
    }
}
