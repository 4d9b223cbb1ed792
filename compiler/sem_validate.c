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

/* The span of a call's "(...)", from the end of its name to its ")" (a
 * custom message after it is not part of it). */
static Span args_span(SemCtx *x, const ValidatorCall *vc)
{
    Span s = {vc->name_span.file, vc->name_span.end, vc->span.end};
    if (vc->message) {
        SourceFile *f = source_file(x->diags->sources, s.file);
        uint32_t e = vc->message_span.start;
        while (f && e > s.start && f->text[e - 1] != ')') e--;
        s.end = e;
    }
    return s;
}

/* "drop the arguments" as a help with its fix. */
static void suggest_no_args(SemCtx *x, Diag *d, const ValidatorCall *vc)
{
    diag_suggest(x->diags, d, args_span(x, vc), "", "remove the arguments: `%s`", vc->name);
}

/* A literal of the wrong kind that can be rewritten as the right one: a
 * number written as a string ("3" -> 3), a pattern written as a number
 * (5 -> "5"), one value where a list is expected (3 -> [3]). */
static void suggest_literal(SemCtx *x, Diag *d, const char *name, const Lit *arg, LitKind want)
{
    const char *src = source_span_text(x->arena, x->diags->sources, arg->span);
    const char *fix = NULL;
    if (want == LIT_NUMBER && arg->kind == LIT_STRING && sem_number_text(arg->text))
        fix = arg->text;
    else if (want == LIT_STRING && arg->kind == LIT_NUMBER)
        fix = arena_printf(x->arena, "\"%s\"", src);
    else if (want == LIT_ARRAY && arg->kind != LIT_OBJECT)
        fix = arena_printf(x->arena, "[%s]", src);
    if (fix) diag_suggest(x->diags, d, arg->span, fix, "write `%s(%s)`", name, fix);
}

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
            Diag *d = diag_add(x->diags, D_VALIDATOR_ARGS, vc->span, "'%s' takes no arguments", name);
            suggest_no_args(x, d, vc);
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
        Diag *d = diag_add(x->diags, D_VALIDATOR_ARGS, arg ? arg->span : vc->span, "'%s' takes %s", name, form);
        if (arg) suggest_literal(x, d, name, arg, kind);
        return false;
    }
    if ((bv == VALIDATOR_min_length || bv == VALIDATOR_max_length) &&
        (arg->number < 0 || floor(arg->number) != arg->number || isinf(arg->number))) {
        Diag *d =
            diag_add(x->diags, D_VALIDATOR_ARGS, arg->span, "'%s' takes a whole number of characters or items, not %s",
                     name, sem_lit_text(x->arena, arg));
        /* the nearest length the field can have that keeps the bound's sense */
        double n = arg->number < 0 ? 0 : bv == VALIDATOR_min_length ? ceil(arg->number) : floor(arg->number);
        if (!isinf(n)) {
            const char *fix = sem_js_number(x->arena, n);
            diag_suggest(x->diags, d, arg->span, fix, "write a whole number, e.g. `%s(%s)`", name, fix);
        }
        return false;
    }
    if (bv == VALIDATOR_pattern) {
        /* Building the DFA here (not only in codegen) reports a regex over
         * the size limits from `wpc lint` too, at the pattern string. */
        RegexDfa dfa;
        const char *err = NULL;
        RegexStatus st = regex_compile(x->arena, arg->text, arg->text_len, &dfa, &err);
        if (st != REGEX_OK) {
            Diag *d = diag_add(x->diags, st == REGEX_SYNTAX ? D_VALIDATOR_BAD_PATTERN : D_VALIDATOR_PATTERN_TOO_LARGE,
                               arg->span, "%s", err);
            if (st == REGEX_SYNTAX && strstr(err, "not supported"))
                diag_help(x->diags, d,
                          "rewrite it with what a DFA can match (`wpc explain WP0411` lists the subset), or check "
                          "the value in JavaScript: `validate external fn(...)`");
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
        Diag *d = diag_add(x->diags, D_VALIDATOR_UNKNOWN, vc->name_span, "no validator '%s' is built in or declared",
                           vc->name);
        if (hint)
            diag_suggest(x->diags, d, vc->name_span, hint, "did you mean `%s`?", hint);
        else
            diag_help(x->diags, d,
                      "declare it: `validator %s = pattern(\"...\")`, or use a built-in (required, min, "
                      "max, min_length, max_length, pattern, one_of, integer, email)",
                      vc->name);
        return;
    }
    v->uses++;
    if (vc->has_args || vc->args.len || vc->path_arg) {
        Diag *d = diag_add(x->diags, D_VALIDATOR_ARGS, vc->span, "'%s' is a named validator; it takes no arguments",
                           vc->name);
        suggest_no_args(x, d, vc);
    }
}

static void check_declaration(SemCtx *x, const Item *it)
{
    const ValidatorCall *vc = it->validator;
    if (!vc || !vc->name) return;
    BuiltinValidator bv = builtin_validator(vc->name);
    if (bv == VALIDATOR_COUNT) {
        Diag *d = diag_add(x->diags, D_VALIDATOR_UNKNOWN, vc->name_span,
                           "a named validator is defined by a built-in validator; '%s' is not one", vc->name);
        const char *hint = suggest(x, vc->name);
        if (hint && builtin_validator(hint) != VALIDATOR_COUNT)
            diag_suggest(x->diags, d, vc->name_span, hint, "did you mean `%s`?", hint);
        else
            diag_help(x->diags, d,
                      "define it with a built-in, e.g. `validator %s = pattern(\"...\")`; list several "
                      "validators on the `validate` line instead of chaining named ones",
                      it->name ? it->name : "NAME");
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
