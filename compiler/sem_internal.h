/* sem_internal.h — what the sema passes share, and the entry point of each.
 *
 * sem_check() (sem.c) builds one SemCtx and runs the passes in this order:
 *
 *   sem_collect      sem.c          flatten rules, groups, tests, name tables
 *   sem_types_build  sem_types.c    merge the state blocks (sem_types.h)
 *   sem_dups_check   sem_dups.c     duplicate fields/concerns/validators/
 *                                   groups/tests; fills the validator table
 *   sem_rules_check  sem_rules.c    per-rule checks: paths, types, wildcards,
 *                                   listener scopes, match, templates
 *   sem_validate_check sem_validate.c validator names, arguments, regexes
 *   sem_tests_check  sem_tests.c    test steps: paths, values, concerns
 *   sem_graph_check  sem_graph.c    derived-value graph: cycles, conflicts
 *   lint_run         lint.c         warnings (lint.h)
 *   suppress_apply   suppress.c     `// wpc-allow` comments (suppress.h)
 *
 * The passes after sem_collect have no header of their own: their single
 * entry point is declared here.  Diagnostics are sorted by position at the
 * end (diag_sort, by the caller), so the pass order never shows in output.
 *
 * Passes never print; they add to ctx->diags and fill ctx->info. */
#ifndef WPC_SEM_INTERNAL_H
#define WPC_SEM_INTERNAL_H

#include "compile.h"
#include "sem.h"
#include "sem_util.h"

typedef struct SemCtx {
    Compilation *c;
    Arena *arena;
    DiagList *diags;
    SemInfo *info;
    bool typed;             /* a state block exists and no parse errors: check types */
    PtrVec validator_items; /* Item *: every `validator` declaration, in order */
    PtrVec test_items;      /* Item *: every test */
    PtrVec group_items;     /* Item *: every group block (top level) */
    StrMap validators;      /* name -> SemValidator * (first declaration) */
    StrMap handler_names;   /* membership of SemInfo.handlers */
    StrMap validator_fns;   /* membership of SemInfo.external_validators */
    StrMap concern_fns;     /* membership of SemInfo.external_concerns */
} SemCtx;

/* The record of `p` for rule `rule` (SEM_NONE outside rules): resolved in
 * the state (path errors reported) on first sight; later calls return the
 * same record. */
SemPath *sem_use_path(SemCtx *x, const Path *p, uint32_t rule);
/* The record of a template placeholder `{{p.length}}` that means "length of
 * p": SemPath.length set, type number (unknown without state). */
SemPath *sem_use_length_path(SemCtx *x, const Path *p, uint32_t rule);

/* Is this file part of the embedded standard library? */
bool sem_is_stdlib_file(const SemCtx *x, uint32_t file);

void sem_rules_check(SemCtx *x);
void sem_validate_check(SemCtx *x);
void sem_tests_check(SemCtx *x);
void sem_dups_check(SemCtx *x);
void sem_graph_check(SemCtx *x);

#endif
