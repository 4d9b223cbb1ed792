/* rt_base.h — the vocabulary every runtime file shares: status codes, stage
 * tags, value kinds and the few limits, so that no file depends on another
 * just to name a number. Part of the runtime (docs/internals.md, "Runtime"). */
#ifndef RT_BASE_H
#define RT_BASE_H

#include <stddef.h>
#include <stdint.h>

#define RT_ABI_VERSION 2 /* bump on any change to hooks.def, exports.def or the encoding */

enum {
#define RT_STATUS(name, value, msg) RT_##name = (value),
#include "status.def"
#undef RT_STATUS
};

enum {
#define RT_TAG(name, value, text) RT_TAG_##name = (value),
#include "tags.def"
#undef RT_TAG
    RT_TAG_COUNT
};

enum {
#define RT_STAGE(name, number, how) RT_STAGE_##name = (number),
#include "stages.def"
#undef RT_STAGE
};

/* What a value is. A NULL node pointer means "missing"; the runtime treats
 * missing and undefined alike wherever semantics.md §1 says so. */
enum {
    RT_KIND_MISSING = 0,
    RT_KIND_UNDEFINED = 1,
    RT_KIND_NULL = 2,
    RT_KIND_BOOL = 3,
    RT_KIND_NUMBER = 4,
    RT_KIND_STRING = 5,
    RT_KIND_ARRAY = 6,
    RT_KIND_OBJECT = 7
};

/* Where a runtime allocation lives: the persistent heap (rt_heap.h), or the
 * scratch arena of the current call (rt_arena.h), released all at once when
 * the call returns. Values, vectors and maps each name their space. */
enum { RT_SPACE_HEAP = 0, RT_SPACE_ARENA = 1 };

/* Deepest nesting the shadow state (path depth + value depth) may reach.
 * Every walk over a value recurses, so this bounds the native and the wasm
 * stack; a deeper write fails with RT_E_DEPTH instead of overflowing. */
#define RT_MAX_DEPTH 512

/* rt_write flags */
#define RT_WRITE_NO_CREATE 1 /* skip the write when an intermediate is missing, null or undefined */
#define RT_WRITE_ADOPT                                                                                                 \
    2 /* rt_shadow_set: the value is a heap value the call owns from now on
                                (taken into the state without a copy at the root, else copied and
                                freed); wp_create, whose state can be large */

/* Return value of wp_hook_input */
#define RT_INPUT_KEEP 0
#define RT_INPUT_DROP 1

const char *rt_status_message(int32_t status);
const char *rt_tag_name(int32_t tag);

#endif
