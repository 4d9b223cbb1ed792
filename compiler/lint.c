/* lint.c — warnings about programs that are valid but probably wrong
 * (see lint.h).  Each lint is one function below, reporting one code:
 *
 *   D_LINT_NEVER_FIRES         clear whose only target is its trigger; aggregate/compute
 *                              whose every source is always excluded; group
 *                              whose condition is always false
 *   D_LINT_DUPLICATE_RULE      the same rule twice (sync/flip sides sorted)
 *   D_LINT_FIELD_NO_CONCERN    empty field block
 *   D_LINT_UNUSED_VALIDATOR    named validator (outside the stdlib) never used
 *   D_LINT_SELF_SYNC           sync of a path with itself
 *   D_LINT_CONSTANT_CONDITION  compound or type-decided constant conditions
 *
 * A bare `true`/`false` written as a whole condition is never reported:
 * `disabled when true` is how one writes "always disabled". */
#include "lint.h"

#include <stdlib.h>
#include <string.h>

/* ---- constant conditions ------------------------------------------------- */

/* Flattens an and/or chain of one kind into its operands. */
static void flatten(const Cond *c, CondKind kind, const Cond **out, uint32_t *n, uint32_t cap)
{
    if (!c) return;
    if (c->kind == kind) {
        flatten(c->lhs, kind, out, n, cap);
        flatten(c->rhs, kind, out, n, cap);
    } else if (*n < cap) {
        out[(*n)++] = c;
    }
}

/* Some operand is the negation of another: `x ... not x`. */
static bool has_complement(const Cond *c, CondKind kind)
{
    enum { CAP = 64 };
    const Cond *ops[CAP];
    uint32_t n = 0;
    flatten(c, kind, ops, &n, CAP);
    for (uint32_t i = 0; i < n; i++) {
        if (ops[i]->kind != COND_NOT) continue;
        for (uint32_t j = 0; j < n; j++)
            if (j != i && sem_cond_equal(ops[i]->lhs, ops[j])) return true;
    }
    return false;
}

static bool path_is_null(const SemInfo *s, const Path *p)
{
    const SemPath *sp = p ? sem_path(s, p) : NULL;
    return sp && sp->resolved && sp->type->kind == SEM_TY_NULL;
}

int lint_cond_value(const SemInfo *s, const Cond *c)
{
    if (!c) return -1;
    switch (c->kind) {
    case COND_BOOL:
        return c->lit && c->lit->kind == LIT_BOOL ? c->lit->boolean : -1;
    case COND_NOT: {
        int v = lint_cond_value(s, c->lhs);
        return v < 0 ? -1 : !v;
    }
    case COND_AND: {
        int l = lint_cond_value(s, c->lhs), r = lint_cond_value(s, c->rhs);
        if (l == 0 || r == 0) return 0;
        if (l == 1 && r == 1) return 1;
        return has_complement(c, COND_AND) ? 0 : -1;
    }
    case COND_OR: {
        int l = lint_cond_value(s, c->lhs), r = lint_cond_value(s, c->rhs);
        if (l == 1 || r == 1) return 1;
        if (l == 0 && r == 0) return 0;
        return has_complement(c, COND_OR) ? 1 : -1;
    }
    /* A value of type null is never "existing" and always "empty".  Only
     * this type decides: a non-optional field can still be missing in the
     * state the application passes, so `exists` of it is a real test. */
    case COND_EXISTS: return path_is_null(s, c->path) ? 0 : -1;
    case COND_EMPTY: return path_is_null(s, c->path) ? 1 : -1;
    default: return -1;
    }
}

/* Reports the outermost constant sub-conditions of `c`, except bare literals. */
static void constant_walk(SemCtx *x, const Cond *c)
{
    if (!c || c->kind == COND_BOOL) return;
    int v = lint_cond_value(x->info, c);
    if (v >= 0) {
        diag_add(x->diags, D_LINT_CONSTANT_CONDITION, c->span,
                 "this condition is always %s", v ? "true" : "false");
        return;
    }
    if (c->kind == COND_NOT) constant_walk(x, c->lhs);
    if (c->kind == COND_AND || c->kind == COND_OR) {
        constant_walk(x, c->lhs);
        constant_walk(x, c->rhs);
    }
}

static void constant_value(SemCtx *x, const Value *v)
{
    if (!v) return;
    if (v->kind == VAL_IF) {
        constant_walk(x, v->cond);
        constant_value(x, v->then_v);
        constant_value(x, v->else_v);
    } else if (v->kind == VAL_MATCH) {
        for (uint32_t i = 0; i < v->arms.len; i++) {
            const MatchArm *arm = v->arms.items[i];
            if (arm) constant_value(x, arm->value);
        }
    }
}

/* ---- never fires --------------------------------------------------------- */

static bool all_excluded(SemCtx *x, const Item *it)
{
    if (!it->sources.len) return false;
    for (uint32_t i = 0; i < it->sources.len; i++) {
        const Source *s = it->sources.items[i];
        if (!s || !s->exclude || lint_cond_value(x->info, s->exclude) != 1) return false;
    }
    return true;
}

/* A trigger clears every target; the rule only undoes the write that fired
 * it when all its targets and triggers are one and the same path. */
static bool clears_own_triggers(SemCtx *x, const Item *it)
{
    if (!it->paths.len || !it->triggers.len) return false;
    const char *only = sem_path_key(x->arena, it->paths.items[0]);
    for (uint32_t i = 1; i < it->paths.len; i++)
        if (strcmp(only, sem_path_key(x->arena, it->paths.items[i])) != 0) return false;
    for (uint32_t j = 0; j < it->triggers.len; j++)
        if (strcmp(only, sem_path_key(x->arena, it->triggers.items[j])) != 0) return false;
    return true;
}

/* ---- duplicate rules ------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Keys of `paths`, sorted, joined. */
static const char *sorted_keys(SemCtx *x, const PtrVec *paths)
{
    if (!paths->len) return "";
    const char **keys = ARENA_ARRAY(x->arena, const char *, paths->len);
    for (uint32_t i = 0; i < paths->len; i++) keys[i] = sem_path_key(x->arena, paths->items[i]);
    qsort(keys, paths->len, sizeof *keys, cmp_str);
    StrBuf b = {0};
    for (uint32_t i = 0; i < paths->len; i++) strbuf_printf(x->arena, &b, "%s\x1f", keys[i]);
    return strbuf_cstr(x->arena, &b);
}

/* The statement's text with whitespace removed: equal texts are equal rules
 * (for the kinds whose parts have no order to normalise). */
static const char *squeezed_text(SemCtx *x, const Item *it)
{
    const SourceFile *f = source_file(&x->c->sources, it->span.file);
    StrBuf b = {0};
    for (uint32_t i = it->span.start; f && i < it->span.end && i < f->len; i++) {
        char ch = f->text[i];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') strbuf_putc(x->arena, &b, ch);
    }
    return strbuf_cstr(x->arena, &b);
}

static const char *rule_signature(SemCtx *x, const SemRule *r)
{
    const Item *it = r->item;
    const char *body = NULL;
    switch (it->kind) {
    case ITEM_SYNC: case ITEM_FLIP: {
        bool oneway = false;
        for (uint32_t i = 0; it->arrows && i + 1 < it->paths.len; i++)
            oneway |= it->arrows[i] == ARROW_ONEWAY;
        if (!oneway) { body = sorted_keys(x, &it->paths); break; }
        StrBuf b = {0};
        for (uint32_t i = 0; i < it->paths.len; i++)
            strbuf_printf(x->arena, &b, "%s%s", sem_path_key(x->arena, it->paths.items[i]),
                          i + 1 < it->paths.len ? (it->arrows[i] == ARROW_ONEWAY ? "->" : "<->") : "");
        body = strbuf_cstr(x->arena, &b);
        break;
    }
    case ITEM_CLEAR:
        body = arena_printf(x->arena, "%s|%s", sorted_keys(x, &it->paths), sorted_keys(x, &it->triggers));
        break;
    case ITEM_LISTEN:
        body = arena_printf(x->arena, "%s|%d|%s|%s", sorted_keys(x, &it->paths), (int)it->scope_kind,
                            it->scope ? sem_path_key(x->arena, it->scope) : "",
                            it->name ? it->name : "");
        break;
    case ITEM_AGGREGATE: case ITEM_COMPUTE:
        body = squeezed_text(x, it);
        break;
    default:
        return NULL;    /* fields: duplicates are errors (D_DUPLICATE_FIELD) */
    }
    return arena_printf(x->arena, "%d|%u|%s", (int)it->kind, r->group, body);
}

/* ---- the lints ------------------------------------------------------------ */

static void lint_rules(SemCtx *x)
{
    StrMap seen;
    strmap_init(&seen, x->arena);
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        const Item *it = r->item;

        const char *sig = rule_signature(x, r);
        const SemRule *first = sig ? strmap_put(&seen, sig, (void *)r) : NULL;
        if (first) {
            Diag *d = diag_add(x->diags, D_LINT_DUPLICATE_RULE, it->keyword_span,
                               "this %s repeats an earlier rule", ast_item_kind_name(it->kind));
            diag_note(x->diags, d, first->item->keyword_span, "first written here");
        }

        switch (it->kind) {
        case ITEM_SYNC:
            for (uint32_t j = 0; j + 1 < it->paths.len; j++) {
                const Path *a = it->paths.items[j], *b = it->paths.items[j + 1];
                const char *ka = sem_path_key(x->arena, a);
                if (strcmp(ka, sem_path_key(x->arena, b)) == 0)
                    diag_add(x->diags, D_LINT_SELF_SYNC, span_join(a->span, b->span),
                             "'%s' is synced with itself; the edge does nothing", ka);
            }
            break;
        case ITEM_CLEAR:
            if (clears_own_triggers(x, it))
                diag_add(x->diags, D_LINT_NEVER_FIRES, it->keyword_span,
                         "this clear's only target is its own trigger: it only undoes the "
                         "write that fires it");
            break;
        case ITEM_AGGREGATE: case ITEM_COMPUTE:
            if (all_excluded(x, it)) {
                diag_add(x->diags, D_LINT_NEVER_FIRES, it->keyword_span,
                         "every source of this %s is always excluded",
                         ast_item_kind_name(it->kind));
                break;
            }
            for (uint32_t j = 0; j < it->sources.len; j++) {
                const Source *s = it->sources.items[j];
                if (s) constant_walk(x, s->exclude);
            }
            break;
        case ITEM_FIELD:
            if (!it->concerns.len && it->field)
                diag_add(x->diags, D_LINT_FIELD_NO_CONCERN, it->field->span,
                         "field '%s' declares no concerns", sem_path_key(x->arena, it->field));
            for (uint32_t j = 0; j < it->concerns.len; j++) {
                const Concern *cn = it->concerns.items[j];
                if (!cn) continue;
                if (cn->kind == CONCERN_WHEN) constant_walk(x, cn->cond);
                if (cn->kind == CONCERN_VALUE) constant_value(x, cn->value);
            }
            break;
        default:
            break;
        }
    }
}

static void lint_groups(SemCtx *x)
{
    for (uint32_t i = 0; i < x->info->groups.len; i++) {
        const SemGroup *g = x->info->groups.items[i];
        const Cond *when = g->item->when;
        if (!when) continue;
        if (lint_cond_value(x->info, when) == 0) {
            diag_add(x->diags, D_LINT_NEVER_FIRES, when->span,
                     "the condition of group '%s' is always false, so its rules never act",
                     g->name ? g->name : "?");
            continue;
        }
        constant_walk(x, when);
    }
}

static void lint_validators(SemCtx *x)
{
    for (uint32_t i = 0; i < x->info->validators.len; i++) {
        const SemValidator *v = x->info->validators.items[i];
        /* Only the root file's own validators: an imported library may offer
         * more than this app uses. */
        if (v->uses || v->module != 0) continue;
        diag_add(x->diags, D_LINT_UNUSED_VALIDATOR, v->item->name_span,
                 "validator '%s' is not used by any `validate` line", v->name);
    }
}

void lint_run(SemCtx *x)
{
    lint_rules(x);
    lint_groups(x);
    lint_validators(x);
}
