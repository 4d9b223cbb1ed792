/* tables_build.h — lays out a table blob (tables.h) from plain calls, so the
 * compiler's codegen (from the IR) and the runtime's native tests build blobs
 * with the same code. Plain C11 with malloc; no runtime dependency.
 *
 * Ids: patterns are numbered 1, 2, ... in call order (0 is the root pattern);
 * components 0, 1, ...; members 0, 1, ... in call order (the blob regroups
 * members by component, but the ids given here are only for tb_edge).
 * Usage, for the IR (every IrPath i becomes pattern i + 1):
 *
 *   tb_builder *b = tb_init();
 *   for each IrPath p: tb_pattern(b, parent + 1 or 0, kind, atom of seg or -1);
 *   for each `list` path: tb_list_container(b, pattern);
 *   for each IrComponent: c = tb_component(b); member ids m_j = tb_member(b, c, pattern, opposite, -1);
 *       for each IrEdge (not one-way) inside it: tb_edge(b, m_a, m_b, flip, group or -1);
 *   for each one-way IrEdge: tb_oneway(b, pattern a, pattern b, flip, group or -1);
 *   const uint8_t *blob = tb_finish(b, &len);  // owned by b; copy it, then tb_free(b)
 *
 * Errors (a bad id, out of memory) are sticky: the call returns -1 and
 * tb_finish returns NULL. */
#ifndef RT_TABLES_BUILD_H
#define RT_TABLES_BUILD_H

#include <stdint.h>

#include "tables.h"

typedef struct tb_builder tb_builder;

tb_builder *tb_init(void);
void tb_free(tb_builder *b);

/* A pattern node below `parent` (0 = the root): `kind` is TB_SEG_KEY,
 * TB_SEG_INDEX (atom = the decimal text's atom), TB_SEG_WILD or TB_SEG_DEEP
 * (atom -1). Parents must come first. Returns the pattern id (>= 1). */
int32_t tb_pattern(tb_builder *b, int32_t parent, uint32_t kind, int32_t atom);
/* Containers created at paths matching `pattern` are arrays. */
int32_t tb_list_container(tb_builder *b, int32_t pattern);
/* Paths strictly below `pattern` get a class (not -1) even where no pattern
 * matches them; implied for every member. For kits that watch subtrees. */
int32_t tb_watch_below(tb_builder *b, int32_t pattern);

/* A new sync/flip component; returns its id. */
int32_t tb_component(tb_builder *b);
/* Add `pattern` to `comp` with its parity (0 same as the first member, 1
 * opposite) and a group gating the member (-1: none). A pattern belongs to at
 * most one component. Returns the member id. */
int32_t tb_member(tb_builder *b, int32_t comp, int32_t pattern, int32_t opposite, int32_t group);
/* A sync (flip 0) or flip (flip 1) edge between two members of one component,
 * active while `group` is enabled (-1: always). A component given no edges is
 * joined as a star from its first member, flip = parity difference. */
int32_t tb_edge(tb_builder *b, int32_t member_a, int32_t member_b, int32_t flip, int32_t group);
/* One-way `from -> to` between patterns; a pattern in no component gets a
 * component of its own. */
int32_t tb_oneway(tb_builder *b, int32_t from_pattern, int32_t to_pattern, int32_t flip, int32_t group);

/* Lay the blob out. The bytes stay owned by the builder until tb_free; NULL
 * on error. Deterministic: the same calls give the same bytes. */
const uint8_t *tb_finish(tb_builder *b, uint32_t *len);

#endif
