/* names.c — built-in concern and validator names (see names.h). */
#include "names.h"

#include <string.h>

typedef struct BuiltinConcern {
    const char *keyword, *output;
    ConcernForm form;
} BuiltinConcern;

static const BuiltinConcern concerns[] = {
#define CONCERN(keyword, output, form) {keyword, output, FORM_##form},
#include "concerns.def"
#undef CONCERN
};

bool builtin_concern(const char *keyword, ConcernForm *form, const char **output_name)
{
    for (size_t i = 0; i < sizeof concerns / sizeof concerns[0]; i++) {
        if (strcmp(concerns[i].keyword, keyword) == 0) {
            if (form) *form = concerns[i].form;
            if (output_name) *output_name = concerns[i].output;
            return true;
        }
    }
    return false;
}

const char *concern_output_name(const Concern *c)
{
    if (c->kind == CONCERN_VALIDATE || c->kind == CONCERN_VALIDATE_EXTERNAL) return "validationState";
    if (c->custom) return c->name;
    ConcernForm form;
    const char *out;
    if (!c->name || !builtin_concern(c->name, &form, &out)) return NULL;
    if ((form == FORM_WHEN) != (c->kind == CONCERN_WHEN)) return NULL;
    return out;
}

typedef struct ValidatorInfo {
    const char *name;
    ValidatorArgs args;
    const char *message;
} ValidatorInfo;

static const ValidatorInfo validators[VALIDATOR_COUNT] = {
#define VALIDATOR(name, args, message) {#name, VARGS_##args, message},
#include "validators.def"
#undef VALIDATOR
};

BuiltinValidator builtin_validator(const char *name)
{
    for (int i = 0; i < VALIDATOR_COUNT; i++)
        if (strcmp(validators[i].name, name) == 0) return (BuiltinValidator)i;
    return VALIDATOR_COUNT;
}

ValidatorArgs builtin_validator_args(BuiltinValidator v) { return validators[v].args; }
const char *builtin_validator_name(BuiltinValidator v) { return validators[v].name; }
const char *builtin_validator_message(BuiltinValidator v) { return validators[v].message; }
