/* sem_types.h — the state type tree: merging `state` blocks, resolving paths
 * in it, and the compatibility questions the rule checks ask (sem_types.c).
 *
 * Types are SemType trees (sem.h).  `any` and the "unknown" type (no state,
 * or a path that failed to resolve) are *open*: every question about an
 * open type answers "fits", so one error never cascades into more. */
#ifndef WPC_SEM_TYPES_H
#define WPC_SEM_TYPES_H

#include "sem_internal.h"

/* Merges every top-level `state` block of every module (load order) into
 * x->info->state; reports D_STATE_DUPLICATE_FIELD.  Leaves state NULL when
 * no block exists. */
void sem_types_build(SemCtx *x);

typedef struct SemResolved {
    const SemType *type; /* &sem_type_unknown when !ok */
    bool ok;
    bool may_be_absent;
} SemResolved;

/* Resolves the first `nsegs` segments of `p` in the state.  With `report`,
 * failures add D_PATH_UNKNOWN / D_PATH_THROUGH_SCALAR / D_PATH_BAD_SEGMENT
 * at the failing segment.  Without a state everything is unknown and ok. */
SemResolved sem_types_resolve(SemCtx *x, const Path *p, uint32_t nsegs, bool report);

/* Kinds a type may hold, as bits.  SEM_M_OPEN marks any/unknown. */
enum {
    SEM_M_BOOL = 1,
    SEM_M_NUMBER = 2,
    SEM_M_STRING = 4,
    SEM_M_NULL = 8,
    SEM_M_OBJECT = 16, /* objects and maps */
    SEM_M_LIST = 32,
    SEM_M_OPEN = 64
};
unsigned sem_type_mask(const SemType *t);

/* True when the type is open or every kind it holds is in `allowed`
 * (used for: flip needs bool|null, sum needs number|null). */
bool sem_type_only(const SemType *t, unsigned allowed);
/* True when the type is open or holds at least one kind of `wanted`. */
bool sem_type_admits(const SemType *t, unsigned wanted);

/* Could a value of type `t` equal the literal?  `null` always fits (a
 * missing value reads as null, and TypeScript allows null checks). */
bool sem_lit_fits(const SemType *t, const Lit *lit);
/* A literal, as source text, that `t` can hold and that the user probably
 * meant instead of `lit` (which it cannot): the closest string of an enum
 * ("sned" -> "sent"), "3" -> 3 for a number, 3 -> "3" for a string; NULL
 * when there is none. */
const char *sem_lit_suggest(Arena *a, const SemType *t, const Lit *lit);
/* Could a value of `t` have the match key `key` (semantics.md §10)? */
bool sem_key_fits(const SemType *t, const char *key);
/* Can two paths of these types ever hold the same non-null value? */
bool sem_types_overlap(const SemType *a, const SemType *b);
/* The element type of a list type (union: of its list alternatives);
 * unknown when not a list. */
const SemType *sem_type_elem(SemCtx *x, const SemType *t);

#endif
