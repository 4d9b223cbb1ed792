/* sem_dups.c — names that must be unique, each duplicate reported at the
 * second declaration with a note at the first:
 *
 *   fields     one `field` block per path per group (top level counts as a
 *              group); paths compare by their run-time form, so
 *              `items[0]` and `items.0` are the same field
 *   concerns   one concern per output name within a field; every `validate`
 *              line feeds validationState, so several of them merge
 *   validators one declaration per name across all files, and no built-in
 *              name; fills SemInfo.validators and the name lookup
 *   groups, tests  unique names */
#include <string.h>

#include "names.h"
#include "sem_internal.h"

static void first_here(SemCtx *x, Diag *d, Span first) { diag_note(x->diags, d, first, "first declared here"); }

static void check_concerns(SemCtx *x, const SemRule *r)
{
    StrMap seen;
    strmap_init(&seen, x->arena);
    for (uint32_t i = 0; i < r->concerns.len; i++) {
        const SemConcern *sc = r->concerns.items[i];
        if (!sc->output) continue;
        const Concern *cn = sc->concern;
        bool validates = cn->kind == CONCERN_VALIDATE || cn->kind == CONCERN_VALIDATE_EXTERNAL;
        const Concern *first = strmap_put(&seen, sc->output, (void *)cn);
        if (!first) continue;
        /* validate lines merge with each other, not with `concern validationState`. */
        if (validates && (first->kind == CONCERN_VALIDATE || first->kind == CONCERN_VALIDATE_EXTERNAL)) continue;
        Diag *d = diag_add(x->diags, D_DUPLICATE_CONCERN, cn->name ? cn->name_span : cn->span,
                           "the field already has a concern '%s'", sc->output);
        first_here(x, d, first->name ? first->name_span : first->span);
        diag_help(x->diags, d,
                  cn->kind == CONCERN_WHEN
                      ? "keep one line and join the two conditions with `or`"
                      : "keep one line; choose between the values with `if ... then ... else ...`");
    }
}

static void check_fields(SemCtx *x)
{
    StrMap seen;
    strmap_init(&seen, x->arena);
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        if (r->item->kind != ITEM_FIELD) continue;
        check_concerns(x, r);
        if (!r->item->field) continue;
        const char *path = sem_path_key(x->arena, r->item->field);
        const char *key = arena_printf(x->arena, "%u/%s", r->group, path);
        const Item *first = strmap_put(&seen, key, (void *)r->item);
        if (!first) continue;
        Diag *d = diag_add(x->diags, D_DUPLICATE_FIELD, r->item->field->span, "field '%s' is declared twice%s", path,
                           r->group == SEM_NONE ? "" : " in this group");
        first_here(x, d, first->field->span);
        diag_help(x->diags, d, "move this block's lines into the first `field %s { ... }` and remove this one", path);
    }
}

static void check_validators(SemCtx *x)
{
    for (uint32_t i = 0; i < x->validator_items.len; i++) {
        const Item *it = x->validator_items.items[i];
        if (!it->name) continue;
        if (builtin_validator(it->name) != VALIDATOR_COUNT) {
            Diag *d = diag_add(x->diags, D_DUPLICATE_VALIDATOR, it->name_span,
                               "'%s' is a built-in validator; choose another name", it->name);
            const char *fix = arena_printf(x->arena, "my_%s", it->name);
            diag_suggest(x->diags, d, it->name_span, fix, "rename it, e.g. `%s`, and use that name on `validate` lines",
                         fix);
            continue;
        }
        SemValidator *v = ARENA_NEW(x->arena, SemValidator);
        v->name = it->name;
        v->item = it;
        v->module = it->name_span.file;
        for (uint32_t m = 0; m < x->c->modules.len; m++) {
            const Module *mod = x->c->modules.items[m];
            if (mod && mod->file == it->name_span.file) v->module = m;
        }
        SemValidator *first = strmap_put(&x->validators, it->name, v);
        if (first) {
            /* Point at the declaration the user can edit: a clash with the
             * embedded standard library is reported at the user's own one. */
            Span here = it->name_span, other = first->item->name_span;
            if (sem_is_stdlib_file(x, here.file) && !sem_is_stdlib_file(x, other.file)) {
                here = first->item->name_span;
                other = it->name_span;
            }
            Diag *d = diag_add(x->diags, D_DUPLICATE_VALIDATOR, here, "validator '%s' is declared twice", it->name);
            diag_note(x->diags, d, other, "also declared here");
            diag_help(x->diags, d, "rename one of them, or remove the copy");
            continue;
        }
        ptrvec_push(x->arena, &x->info->validators, v);
    }
}

/* Groups and tests: unique names among `items`. */
static void check_names(SemCtx *x, const PtrVec *items, DiagCode code, const char *what)
{
    StrMap seen;
    strmap_init(&seen, x->arena);
    for (uint32_t i = 0; i < items->len; i++) {
        const Item *it = items->items[i];
        if (!it->name) continue;
        const Item *first = strmap_put(&seen, it->name, (void *)it);
        if (!first) continue;
        Diag *d = diag_add(x->diags, code, it->name_span, "%s '%s' is declared twice", what, it->name);
        first_here(x, d, first->name_span);
        if (code == D_DUPLICATE_GROUP)
            diag_help(x->diags, d, "merge the two blocks into the first, or rename this one");
        else
            diag_suggest(x->diags, d, it->name_span, arena_printf(x->arena, "\"%s 2\"", it->name),
                         "rename this test, e.g. `\"%s 2\"`", it->name);
    }
}

void sem_dups_check(SemCtx *x)
{
    check_fields(x);
    check_validators(x);
    check_names(x, &x->group_items, D_DUPLICATE_GROUP, "group");
    check_names(x, &x->test_items, D_DUPLICATE_TEST, "test");
}
