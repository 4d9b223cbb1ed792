/* suppress.h — inline suppression of warnings (suppress.c).
 *
 *   sync a <-> a   // wpc-allow WP1005: kept while the migration runs
 *   // wpc-allow WP1003, WP1004: generated file
 *   field x { }
 *
 * A `// wpc-allow CODES: reason` comment silences the listed warning codes
 * on its own line when it trails code, else on the next line that is
 * neither blank nor a comment.  A reason is required; errors cannot be
 * suppressed; a malformed comment is itself a warning
 * (D_LINT_BAD_SUPPRESSION) and silences nothing. */
#ifndef WPC_SUPPRESS_H
#define WPC_SUPPRESS_H

#include "compile.h"

/* Reads the comments of every module and removes the warnings they cover. */
void suppress_apply(Compilation *c);

#endif
