/* rt_atom.h — interned keys ("atoms"): every object key and path segment the
 * runtime has seen, as a dense int32 id. Ids 0..n-1 are the app's static
 * atoms, interned in the descriptor's order at start so generated code can
 * use them as constants; keys seen at run time follow. Atoms live as long as
 * the instance (a steady workload interns nothing new). */
#ifndef RT_ATOM_H
#define RT_ATOM_H

#include "rt_base.h"

/* The id of these bytes, interning them if new; RT_E_NOMEM on failure. */
int32_t rt_atom_intern(const uint8_t *bytes, int32_t len);

/* The atom of decimal index i ("0", "1", …); cached for small indexes. */
int32_t rt_atom_of_index(uint32_t index);

/* Bytes and length of an atom (not NUL-terminated). */
const uint8_t *rt_atom_bytes(int32_t atom);
int32_t rt_atom_len(int32_t atom);

/* The array index an atom spells (canonical decimal, < 2^31), or -1. */
int32_t rt_atom_index(int32_t atom);

int32_t rt_atom_count(void);

/* Free every atom (teardown). */
void rt_atom_release(void);

#endif
