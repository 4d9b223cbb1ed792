/* sem_tests.c — checks of `test` blocks: paths of `set`, `expect` and
 * `expect changes` resolve like rule paths and name concrete places (no
 * wildcards); `set`/`expect` literals fit the path's type; `expect
 * FIELD:CONCERN` names a concern some field block declares for that path,
 * by its output name (disabledWhen, dynamicLabel, validationState, NAME).
 * A wildcard field `legs[*].price` declares its concerns for every
 * `legs.K.price`. */
#include <string.h>

#include "sem_internal.h"
#include "sem_types.h"

static void no_wildcards(SemCtx *x, const Path *p)
{
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = p->segs.items[i];
        if (s->kind == SEG_WILD) {
            Diag *d =
                diag_add(x->diags, D_WILDCARD_UNBOUND, s->span, "tests name concrete paths; nothing binds this [*]");
            diag_help(x->diags, d, "name one key instead, e.g. `.KEY` or `[0]`");
            return;
        }
        if (s->kind == SEG_DEEP) {
            Diag *d =
                diag_add(x->diags, D_DEEP_WILDCARD_PLACE, s->span, "[**] is allowed only in the targets of `clear`");
            diag_help(x->diags, d, "name one key instead, e.g. `.KEY` or `[0]`");
            return;
        }
    }
}

/* Does the field pattern `f` name the concrete path `p`? */
static bool field_matches(const Path *f, const Path *p)
{
    if (f->segs.len != p->segs.len) return false;
    for (uint32_t i = 0; i < f->segs.len; i++) {
        const PathSeg *fs = f->segs.items[i], *ps = p->segs.items[i];
        if (fs->kind == SEG_WILD) continue;
        if (!sem_seg_equal(fs, ps)) return false;
    }
    return true;
}

/* Does `hay` contain `needle`, ignoring ASCII case ("label" in "dynamicLabel")? */
static bool contains_nocase(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n) return false;
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && (hay[i] | 0x20) == (needle[i] | 0x20)) i++;
        if (i == n) return true;
    }
    return false;
}

/* The output name the user most likely meant: one that contains what was
 * written (disabled -> disabledWhen), else the closest by spelling. */
static const char *closest_output(const PtrVec *outputs, const char *name)
{
    for (uint32_t i = 0; i < outputs->len; i++)
        if (contains_nocase(outputs->items[i], name)) return outputs->items[i];
    const char *best = NULL;
    uint32_t best_d = 3;
    for (uint32_t i = 0; i < outputs->len; i++) {
        uint32_t d = sem_edit_distance(name, outputs->items[i], 2);
        if (d < best_d) {
            best_d = d;
            best = outputs->items[i];
        }
    }
    return best;
}

static void check_concern(SemCtx *x, const TestStep *st)
{
    StrBuf known = {0};
    PtrVec outputs = {0};
    bool any_field = false;
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        if (r->item->kind != ITEM_FIELD || !r->item->field) continue;
        if (!field_matches(r->item->field, st->path)) continue;
        any_field = true;
        for (uint32_t j = 0; j < r->concerns.len; j++) {
            const SemConcern *sc = r->concerns.items[j];
            if (!sc->output) continue;
            if (strcmp(sc->output, st->concern) == 0) return;
            if (!strstr(known.len ? known.data : "", sc->output)) {
                strbuf_printf(x->arena, &known, "%s%s", known.len ? ", " : "", sc->output);
                ptrvec_push(x->arena, &outputs, (void *)sc->output);
            }
        }
    }
    const char *path = sem_path_key(x->arena, st->path);
    if (!any_field) {
        Diag *d = diag_add(x->diags, D_TEST_UNKNOWN_CONCERN, st->concern_span,
                           "no field block declares '%s', so it has no concern '%s'", path, st->concern);
        diag_help(x->diags, d, "declare it: `field %s { ... }`, or expect a path some field block names", path);
        return;
    }
    Diag *d =
        diag_add(x->diags, D_TEST_UNKNOWN_CONCERN, st->concern_span, "field '%s' has no concern '%s' (it has: %s)",
                 path, st->concern, known.len ? strbuf_cstr(x->arena, &known) : "none");
    const char *hint = closest_output(&outputs, st->concern);
    if (hint) diag_suggest(x->diags, d, st->concern_span, hint, "did you mean `%s:%s`?", path, hint);
}

static void check_value(SemCtx *x, const SemPath *sp, const Lit *lit)
{
    if (!sp || !lit || sem_lit_fits(sp->type, lit)) return;
    Diag *d = diag_add(x->diags, D_TYPE_LITERAL_MISMATCH, lit->span, "'%s' has type %s; it can never be %s", sp->key,
                       sem_type_text(x->arena, sp->type), sem_lit_text(x->arena, lit));
    const char *fix = sem_lit_suggest(x->arena, sp->type, lit);
    if (fix) diag_suggest(x->diags, d, lit->span, fix, "did you mean `%s`?", fix);
}

void sem_tests_check(SemCtx *x)
{
    for (uint32_t t = 0; t < x->test_items.len; t++) {
        const Item *it = x->test_items.items[t];
        for (uint32_t i = 0; i < it->steps.len; i++) {
            const TestStep *st = it->steps.items[i];
            if (!st || !st->path) continue;
            no_wildcards(x, st->path);
            SemPath *sp = sem_use_path(x, st->path, SEM_NONE);
            switch (st->kind) {
            case STEP_SET: check_value(x, sp, st->lit); break;
            case STEP_EXPECT:
                if (st->concern)
                    check_concern(x, st);
                else
                    check_value(x, sp, st->lit);
                break;
            default: break;
            }
        }
    }
}
