/* lint.h — the warnings of `wpc lint` (lint.c): WP10xx codes of
 * diag_codes.def, category "lint".  They run after the checks of sem*.c on
 * a program without syntax errors; suppress.c may then remove some.
 * Policy decisions (what counts as constant, why a bare `true` is not
 * reported): docs/semantics-checks.md. */
#ifndef WPC_LINT_H
#define WPC_LINT_H

#include "sem_internal.h"

void lint_run(SemCtx *x);

/* The constant value of a condition: 1 always true, 0 always false, -1 when
 * it depends on the state.  Recognises literals, `c and not c`, `c or not
 * c` (also inside longer and/or chains), and `exists`/`empty` of a path
 * whose type is `null`. */
int lint_cond_value(const SemInfo *s, const Cond *c);

#endif
