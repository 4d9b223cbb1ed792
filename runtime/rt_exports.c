/* rt_exports.c — ties exports.def to the code: checks every listed export
 * against its real declaration (via exports.h), and gives tests the list as
 * data. The wasm build exports exactly these names (runtime.mk). */
#include "rt_exports.h"

#include "exports.h"
#include "kits/clear_kit.h"
#include "kits/concern_kit.h"
#include "kits/listener_kit.h"
#include "kits/derived_kit.h"
#include "kits/sync_kit.h"
#include "rt_cond.h"
#include "rt_access.h"
#include "rt_api.h"
#include "rt_atom.h"
#include "rt_dfa.h"
#include "rt_diff.h"
#include "rt_group.h"
#include "rt_loop.h"
#include "rt_path.h"

const rt_export_entry rt_export_table[] = {
#define RT_EXPORT(kind, ret, name, params) {#name, RT_EXPORT_##kind, (void (*)(void))name},
#include "exports.def"
#undef RT_EXPORT
};

const uint32_t rt_export_count = sizeof rt_export_table / sizeof rt_export_table[0];
