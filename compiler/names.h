/* names.h — lookups in the tables of built-in names: concern lines
 * (concerns.def) and validators (validators.def).  Sema checks against
 * them; the IR lowering uses the same answers. */
#ifndef WPC_NAMES_H
#define WPC_NAMES_H

#include <stdbool.h>

#include "ast.h"

typedef enum ConcernForm { FORM_WHEN, FORM_VALUE } ConcernForm;

/* The built-in concern written `keyword` ("disabled"), or false. */
bool builtin_concern(const char *keyword, ConcernForm *form, const char **output_name);

/* The name a concern is stored and reported under: disabledWhen for
 * `disabled when`, validationState for every `validate` line, NAME for
 * `concern NAME`.  NULL for a built-in keyword used with the wrong form. */
const char *concern_output_name(const Concern *c);

typedef enum ValidatorArgs { VARGS_NONE, VARGS_NUMBER, VARGS_STRING, VARGS_LIST, VARGS_PATH } ValidatorArgs;

typedef enum BuiltinValidator {
#define VALIDATOR(name, args, message) VALIDATOR_##name,
#include "validators.def"
#undef VALIDATOR
    VALIDATOR_COUNT
} BuiltinValidator;

/* VALIDATOR_COUNT when `name` is not built in. */
BuiltinValidator builtin_validator(const char *name);
ValidatorArgs builtin_validator_args(BuiltinValidator v);
const char *builtin_validator_name(BuiltinValidator v);
const char *builtin_validator_message(BuiltinValidator v); /* with %s */

#endif
