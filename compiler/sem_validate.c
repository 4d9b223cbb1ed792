/* sem_validate.c — checks of validator calls: `validate` lines of fields and
 * the bodies of `validator NAME = ...` declarations.
 *
 * A call names a built-in (names.h / validators.def) with the arguments it
 * takes, or a declared validator (no arguments; a custom message is fine).
 * A declaration's body must be a built-in: named validators do not chain,
 * so there is nothing to resolve in a loop.  `pattern` regexes are checked
 * against the DFA subset (sem_regex.c) and compiled, so that one over the
 * DFA size limits is reported too (regex_dfa.c).  Counts the uses of each
 * declared validator for the unused-validator lint. */
#include <math.h>
#include <string.h>

#include "names.h"
#include "regex_dfa.h"
#include "sem_internal.h"

static bool check_builtin_args(SemCtx *x, const ValidatorCall *vc, BuiltinValidator bv, uint32_t rule)
{
    const char *name = builtin_validator_name(bv);
    ValidatorArgs want = builtin_validator_args(bv);
    if (want == VARGS_PATH) {
        if (!vc->path_arg) {
            diag_add(x->diags, D_VALIDATOR_ARGS, vc->span, "'%s' takes one path: %s(a.b)", name, name);
            return false;
        }
        return sem_use_path(x, vc->path_arg, rule) != NULL;
    }
    if (vc->path_arg) {
        diag_add(x->diags, D_VALIDATOR_ARGS, vc->path_arg->span, "'%s' takes a literal, not a path", name);
        return false;
    }
    if (want == VARGS_NONE) {
        if (vc->args.len) {
            diag_add(x->diags, D_VALIDATOR_ARGS, vc->span, "'%s' takes no arguments", name);
            return false;
        }
        return true;
    }
    const char *form = want == VARGS_NUMBER   ? arena_printf(x->arena, "a number: %s(n)", name)
                       : want == VARGS_STRING ? arena_printf(x->arena, "a regex string: %s(\"...\")", name)
                                              : arena_printf(x->arena, "an array: %s([...])", name);
    if (vc->args.len != 1) {
        diag_add(x->diags, D_VALIDATOR_ARGS, vc->span, "'%s' takes one argument, %s", name, form);
        return false;
    }
    const Lit *arg = vc->args.items[0];
    LitKind kind = want == VARGS_NUMBER ? LIT_NUMBER : want == VARGS_STRING ? LIT_STRING : LIT_ARRAY;
    if (!arg || arg->kind != kind) {
        diag_add(x->diags, D_VALIDATOR_ARGS, arg ? arg->span : vc->span, "'%s' takes %s", name, form);
        return false;
    }
    if ((bv == VALIDATOR_min_length || bv == VALIDATOR_max_length) &&
        (arg->number < 0 || floor(arg->number) != arg->number || isinf(arg->number))) {
        diag_add(x->diags, D_VALIDATOR_ARGS, arg->span, "'%s' takes a whole number of characters or items, not %s",
                 name, sem_lit_text(x->arena, arg));
        return false;
    }
    if (bv == VALIDATOR_pattern) {
        /* Building the DFA here (not only in codegen) reports a regex over
         * the size limits from `wpc lint` too, at the pattern string. */
        RegexDfa dfa;
        const char *err = NULL;
        RegexStatus st = regex_compile(x->arena, arg->text, arg->text_len, &dfa, &err);
        if (st != REGEX_OK) {
            diag_add(x->diags, st == REGEX_SYNTAX ? D_VALIDATOR_BAD_PATTERN : D_VALIDATOR_PATTERN_TOO_LARGE, arg->span,
                     "%s", err);
            return false;
        }
    }
    return true;
}

/* The closest known validator name, for "did you mean". */
static const char *suggest(SemCtx *x, const char *name)
{
    const char *best = NULL;
    uint32_t best_d = 3;
    for (int i = 0; i < VALIDATOR_COUNT; i++) {
        uint32_t d = sem_edit_distance(name, builtin_validator_name((BuiltinValidator)i), 2);
        if (d < best_d) {
            best_d = d;
            best = builtin_validator_name((BuiltinValidator)i);
        }
    }
    for (uint32_t i = 0; i < x->info->validators.len; i++) {
        const SemValidator *v = x->info->validators.items[i];
        uint32_t d = sem_edit_distance(name, v->name, 2);
        if (d < best_d) {
            best_d = d;
            best = v->name;
        }
    }
    return best;
}

static void check_use(SemCtx *x, const ValidatorCall *vc, uint32_t rule)
{
    if (!vc || !vc->name) return;
    BuiltinValidator bv = builtin_validator(vc->name);
    if (bv != VALIDATOR_COUNT) {
        check_builtin_args(x, vc, bv, rule);
        return;
    }
    SemValidator *v = strmap_get(&x->validators, vc->name);
    if (!v) {
        const char *hint = suggest(x, vc->name);
        diag_add(x->diags, D_VALIDATOR_UNKNOWN, vc->name_span, "no validator '%s' is built in or declared%s%s%s",
                 vc->name, hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        return;
    }
    v->uses++;
    if (vc->has_args || vc->args.len || vc->path_arg)
        diag_add(x->diags, D_VALIDATOR_ARGS, vc->span, "'%s' is a named validator; it takes no arguments", vc->name);
}

static void check_declaration(SemCtx *x, const Item *it)
{
    const ValidatorCall *vc = it->validator;
    if (!vc || !vc->name) return;
    BuiltinValidator bv = builtin_validator(vc->name);
    if (bv == VALIDATOR_COUNT) {
        diag_add(x->diags, D_VALIDATOR_UNKNOWN, vc->name_span,
                 "a named validator is defined by a built-in validator; '%s' is not one", vc->name);
        return;
    }
    check_builtin_args(x, vc, bv, SEM_NONE);
}

void sem_validate_check(SemCtx *x)
{
    for (uint32_t i = 0; i < x->validator_items.len; i++) check_declaration(x, x->validator_items.items[i]);
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        if (r->item->kind != ITEM_FIELD) continue;
        for (uint32_t j = 0; j < r->item->concerns.len; j++) {
            const Concern *cn = r->item->concerns.items[j];
            if (!cn || cn->kind != CONCERN_VALIDATE) continue;
            for (uint32_t k = 0; k < cn->validators.len; k++) check_use(x, cn->validators.items[k], r->index);
        }
    }
}
