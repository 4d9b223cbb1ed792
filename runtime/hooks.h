/* hooks.h — how the runtime calls the app (architecture.md, principle 2).
 *
 * The runtime knows no rule: everything app-specific happens in these hooks,
 * which read and write the shadow state only through the rt_ services listed
 * in exports.def. Signatures use only i32/f64 scalars and pointers into linear
 * memory, so generated wasm and a native interpreter of the IR can both
 * implement them. When each is called and what it may do: docs/internals.md,
 * "Hooks". */
#ifndef RT_HOOKS_H
#define RT_HOOKS_H

#include "rt_base.h"

/* The app descriptor: static tables the runtime loads at start. Generated
 * code returns a pointer to it from wp_hook_app; its byte layout in wasm32 is
 * given in docs/internals.md ("App descriptor"). A NULL descriptor is an app
 * with no static atoms, paths or groups. */
typedef struct rt_app {
    uint32_t abi;                 /* RT_ABI_VERSION the app was generated for */
    uint32_t n_atoms;             /* static atoms get ids 0..n_atoms-1 */
    const uint32_t *atom_offsets; /* n_atoms + 1 offsets into atom_bytes */
    const uint8_t *atom_bytes;
    uint32_t n_paths;     /* static paths get ids 1..n_paths (0 is the root) */
    const int32_t *paths; /* n_paths pairs (parent path id, atom id), parents first */
    uint32_t n_groups;
    const uint8_t *groups_on; /* bitset: group g starts enabled; NULL = all enabled */
    uint32_t max_rounds;      /* rounds allowed per apply; 0 = RT_DEFAULT_MAX_ROUNDS */
    uintptr_t data_end;       /* first byte the heap may use (wasm) */
} rt_app;

#define RT_DEFAULT_MAX_ROUNDS 65536u

/* The descriptor's wasm32 byte layout, which wpc writes (compiler/codegen.c)
 * without this struct: listed once here, and checked against the struct
 * wherever the runtime is built for wasm32 (pointers are 4 bytes there). */
enum {
    RT_APP_ABI = 0,
    RT_APP_N_ATOMS = 4,
    RT_APP_ATOM_OFFSETS = 8,
    RT_APP_ATOM_BYTES = 12,
    RT_APP_N_PATHS = 16,
    RT_APP_PATHS = 20,
    RT_APP_N_GROUPS = 24,
    RT_APP_GROUPS_ON = 28,
    RT_APP_MAX_ROUNDS = 32,
    RT_APP_DATA_END = 36,
    RT_APP_SIZE = 40
};
#if UINTPTR_MAX == 0xffffffffu
#include <stddef.h>
_Static_assert(offsetof(rt_app, abi) == RT_APP_ABI && offsetof(rt_app, n_atoms) == RT_APP_N_ATOMS &&
                   offsetof(rt_app, atom_offsets) == RT_APP_ATOM_OFFSETS &&
                   offsetof(rt_app, atom_bytes) == RT_APP_ATOM_BYTES && offsetof(rt_app, n_paths) == RT_APP_N_PATHS &&
                   offsetof(rt_app, paths) == RT_APP_PATHS && offsetof(rt_app, n_groups) == RT_APP_N_GROUPS &&
                   offsetof(rt_app, groups_on) == RT_APP_GROUPS_ON &&
                   offsetof(rt_app, max_rounds) == RT_APP_MAX_ROUNDS && offsetof(rt_app, data_end) == RT_APP_DATA_END &&
                   sizeof(rt_app) == RT_APP_SIZE,
               "the descriptor layout of hooks.h");
#endif

#if defined(__wasm__)
#define RT_HOOK_ATTR(name) __attribute__((import_module("wp"), import_name(#name)))
#else
#define RT_HOOK_ATTR(name)
#endif

#define RT_HOOK(ret, name, params, sig) RT_HOOK_ATTR(name) ret wp_hook_##name params;
#include "hooks.def"
#undef RT_HOOK

#endif
