/* sem_rules.c — per-rule checks: every path of every rule is resolved (and
 * recorded in SemInfo.paths), then each rule is checked for what its kind
 * requires (language.md §2-§7):
 *
 *   wildcards  the n-th [*] of every path of a rule binds the same key, so a
 *              target may not have more [*] than its sources (D_WILDCARD_UNBOUND);
 *              [**] only in clear targets (D_DEEP_WILDCARD_PLACE)
 *   types      flip needs bool, sum/avg/min/max need numbers, sync sides and
 *              aggregation sides must overlap, condition literals must fit
 *   listeners  the scope is an ancestor of (or equal to) every path
 *   values     match labels unique with a default arm; templates resolve,
 *              `{{p.length}}` recognised
 *
 * Validators are checked in sem_validate.c, tests in sem_tests.c. */
#include <string.h>

#include "sem_internal.h"
#include "sem_types.h"

/* ---- wildcards ----------------------------------------------------------- */

/* The (n+1)-th [*] segment of a path (n counts from 0). */
static const PathSeg *nth_wild(const Path *p, uint32_t n)
{
    for (uint32_t i = 0; i < p->segs.len; i++) {
        const PathSeg *s = p->segs.items[i];
        if (s->kind == SEG_WILD && n-- == 0) return s;
    }
    return NULL;
}

/* Reports when `sp` has more [*] than `nbound` keys are bound; `why` says
 * what binds them. */
static Diag *report_unbound(SemCtx *x, const SemPath *sp, uint32_t nbound, const char *why, const PathSeg **seg)
{
    if (sp->nwild <= nbound) return NULL;
    const PathSeg *s = nth_wild(sp->path, nbound);
    *seg = s;
    return diag_add(x->diags, D_WILDCARD_UNBOUND, s ? s->span : sp->path->span, "'%s' has %u [*] but %s", sp->key,
                    sp->nwild, why);
}

static void check_bound(SemCtx *x, const SemPath *sp, uint32_t nbound, const char *why)
{
    const PathSeg *s = NULL;
    Diag *d = report_unbound(x, sp, nbound, why, &s);
    if (d)
        diag_help(x->diags, d,
                  "give the source as many [*] as this path, or name one key here instead of [*] "
                  "(e.g. `.KEY` or `[0]`)");
}

/* A clear target's unbound [*]: [**] (every key) is what it can mean. */
static void check_bound_clear(SemCtx *x, const SemPath *sp, uint32_t nbound, const char *why)
{
    const PathSeg *s = NULL;
    Diag *d = report_unbound(x, sp, nbound, why, &s);
    if (d && s)
        diag_suggest(x->diags, d, s->span, "[**]", "write `[**]` to clear every key at this level");
    else if (d)
        diag_help(x->diags, d, "give every trigger as many [*] as this target");
}

static void check_no_deep(SemCtx *x, const SemPath *sp)
{
    if (!sp->ndeep) return;
    for (uint32_t i = 0; i < sp->path->segs.len; i++) {
        const PathSeg *s = sp->path->segs.items[i];
        if (s->kind == SEG_DEEP) {
            Diag *d =
                diag_add(x->diags, D_DEEP_WILDCARD_PLACE, s->span, "[**] is allowed only in the targets of `clear`");
            diag_suggest(x->diags, d, s->span, "[*]",
                         "write `[*]`: it binds the key by position, like the other "
                         "paths of the rule");
            return;
        }
    }
}

/* A path read by a rule: resolved, no [**], [*] bound by `nbound`. */
static SemPath *use_read(SemCtx *x, const Path *p, uint32_t rule, uint32_t nbound, const char *why)
{
    if (!p) return NULL;
    SemPath *sp = sem_use_path(x, p, rule);
    check_no_deep(x, sp);
    check_bound(x, sp, nbound, why);
    return sp;
}

/* ---- conditions ---------------------------------------------------------- */

typedef struct Binding {
    uint32_t rule;
    uint32_t nbound; /* [*] keys bound by the rule's sources */
    const char *why; /* "the field 'x' binds 1" */
} Binding;

static const char *ty(SemCtx *x, const SemPath *sp) { return sem_type_text(x->arena, sp->type); }

/* "did you mean" for a literal the path's type cannot hold. */
static void suggest_lit(SemCtx *x, Diag *d, const SemType *t, const Lit *lit)
{
    const char *fix = sem_lit_suggest(x->arena, t, lit);
    if (fix) diag_suggest(x->diags, d, lit->span, fix, "did you mean `%s`?", fix);
}

static void check_array_elems(SemCtx *x, const SemPath *sp, const Lit *arr, const SemType *elem)
{
    for (uint32_t i = 0; i < arr->items.len; i++) {
        const Lit *e = arr->items.items[i];
        if (!sem_lit_fits(elem, e)) {
            Diag *d = diag_add(x->diags, D_TYPE_LITERAL_MISMATCH, e->span, "%s can never match an element of '%s' (%s)",
                               sem_lit_text(x->arena, e), sp->key, sem_type_text(x->arena, elem));
            suggest_lit(x, d, elem, e);
        }
    }
}

/* `name > 3` of a string or list: its length is what can be ordered. */
static void suggest_length(SemCtx *x, Diag *d, const SemPath *sp)
{
    if (!sem_type_admits(sp->type, SEM_M_STRING | SEM_M_LIST)) return;
    const char *src = source_span_text(x->arena, x->diags->sources, sp->path->span);
    const char *fix = arena_printf(x->arena, "length(%s)", src);
    diag_suggest(x->diags, d, sp->path->span, fix, "compare its length: `%s`", fix);
}

/* A number written as a string where a number is needed: "3" -> 3. */
static void suggest_number(SemCtx *x, Diag *d, const Lit *lit)
{
    if (lit->kind == LIT_STRING && sem_number_text(lit->text))
        diag_suggest(x->diags, d, lit->span, lit->text, "write the number without quotes: `%s`", lit->text);
}

/* `a op b` and `length(a) op b` with a path on the right: an ordering
 * needs numbers on both sides, a length a string or list on the left and a
 * number on the right; equality takes any two values. */
static void check_path_operand(SemCtx *x, const Cond *c, const SemPath *lhs, const SemPath *rhs)
{
    if (!rhs) return;
    if (c->kind == COND_LENGTH) {
        if (!sem_type_admits(lhs->type, SEM_M_STRING | SEM_M_LIST)) {
            Diag *d = diag_add(x->diags, D_TYPE_BAD_OPERAND, c->path->span,
                               "length(...) needs a string or a list, but '%s' has type %s", lhs->key, ty(x, lhs));
            diag_help(x->diags, d, "compare '%s' itself, without `length(...)`", lhs->key);
        }
        if (!sem_type_admits(rhs->type, SEM_M_NUMBER))
            diag_add(x->diags, D_TYPE_BAD_OPERAND, c->rhs_path->span,
                     "length(...) is compared with a number, but '%s' has type %s", rhs->key, ty(x, rhs));
        return;
    }
    if (c->op == CMP_EQ || c->op == CMP_NE) return;
    const SemPath *side[2] = {lhs, rhs};
    const Path *where[2] = {c->path, c->rhs_path};
    for (int i = 0; i < 2; i++)
        if (!sem_type_admits(side[i]->type, SEM_M_NUMBER)) {
            Diag *d =
                diag_add(x->diags, D_TYPE_BAD_OPERAND, where[i]->span, "'%s' needs a number, but '%s' has type %s",
                         ast_cmp_op_text(c->op), side[i]->key, ty(x, side[i]));
            suggest_length(x, d, side[i]);
        }
}

static void check_cond(SemCtx *x, const Cond *c, const Binding *b)
{
    if (!c) return;
    switch (c->kind) {
    case COND_NOT: check_cond(x, c->lhs, b); return;
    case COND_AND:
    case COND_OR: {
        /* along the left spine, in source order (ast_cond_spine) */
        const Cond **spine;
        uint32_t n = ast_cond_spine(x->arena, c, &spine);
        check_cond(x, spine[n - 1]->lhs, b);
        for (uint32_t i = n; i-- > 0;) check_cond(x, spine[i]->rhs, b);
        return;
    }
    case COND_BOOL: return;
    default: break;
    }
    SemPath *sp = use_read(x, c->path, b->rule, b->nbound, b->why);
    if (!sp) return;
    if (c->rhs_path) {
        check_path_operand(x, c, sp, use_read(x, c->rhs_path, b->rule, b->nbound, b->why));
        return;
    }
    const Lit *lit = c->lit;
    switch (c->kind) {
    case COND_CMP:
        if (!lit) return;
        if (c->op == CMP_EQ || c->op == CMP_NE) {
            if (!sem_lit_fits(sp->type, lit)) {
                Diag *d = diag_add(x->diags, D_TYPE_LITERAL_MISMATCH, lit->span, "'%s' has type %s; it can never be %s",
                                   sp->key, ty(x, sp), sem_lit_text(x->arena, lit));
                suggest_lit(x, d, sp->type, lit);
            }
            return;
        }
        if (lit->kind != LIT_NUMBER) {
            Diag *d = diag_add(x->diags, D_BAD_LITERAL_VALUE, lit->span, "'%s' compares numbers; %s is not a number",
                               ast_cmp_op_text(c->op), sem_lit_text(x->arena, lit));
            suggest_number(x, d, lit);
            return;
        }
        if (!sem_type_admits(sp->type, SEM_M_NUMBER)) {
            Diag *d = diag_add(x->diags, D_TYPE_BAD_OPERAND, c->span, "'%s' needs a number, but '%s' has type %s",
                               ast_cmp_op_text(c->op), sp->key, ty(x, sp));
            suggest_length(x, d, sp);
        }
        return;
    case COND_LENGTH:
        if (lit && lit->kind != LIT_NUMBER) {
            Diag *d = diag_add(x->diags, D_BAD_LITERAL_VALUE, lit->span,
                               "length(...) is compared with a number, not %s", sem_lit_text(x->arena, lit));
            suggest_number(x, d, lit);
        }
        if (!sem_type_admits(sp->type, SEM_M_STRING | SEM_M_LIST)) {
            Diag *d = diag_add(x->diags, D_TYPE_BAD_OPERAND, c->path->span,
                               "length(...) needs a string or a list, but '%s' has type %s", sp->key, ty(x, sp));
            diag_help(x->diags, d, "compare '%s' itself, without `length(...)`", sp->key);
        }
        return;
    case COND_IN:
        /* The grammar only takes an array literal after `in` and `contains`. */
        if (!lit) return;
        check_array_elems(x, sp, lit, sp->type);
        return;
    case COND_CONTAINS_ANY:
    case COND_CONTAINS_ALL:
        if (!lit) return;
        if (!sem_type_admits(sp->type, SEM_M_LIST)) {
            Diag *d = diag_add(x->diags, D_TYPE_BAD_OPERAND, c->path->span,
                               "`contains` needs a list, but '%s' has type %s", sp->key, ty(x, sp));
            diag_help(x->diags, d, "to test whether '%s' is one of several values, write `%s in [...]`", sp->key,
                      sp->key);
            return;
        }
        check_array_elems(x, sp, lit, sem_type_elem(x, sp->type));
        return;
    case COND_TRUTHY:
        if (!sem_type_admits(sp->type, SEM_M_BOOL)) {
            Diag *d = diag_add(x->diags, D_TYPE_LITERAL_MISMATCH, c->path->span,
                               "a bare path means '%s == true', but '%s' has type %s", sp->key, sp->key, ty(x, sp));
            const char *src = source_span_text(x->arena, x->diags->sources, c->path->span);
            const char *fix = arena_printf(x->arena, "exists %s", src);
            diag_suggest(x->diags, d, c->path->span, fix, "to test that it has a value, write `%s` (or `not empty %s`)",
                         fix, src);
        }
        return;
    default: return; /* exists, empty: any type */
    }
}

/* ---- values -------------------------------------------------------------- */

static bool is_length_seg(const PathSeg *s)
{
    return s->kind == SEG_NAME && !s->quoted && s->name && strcmp(s->name, "length") == 0;
}

/* {{p.length}}: the length of p when p can be a string or a list (or any,
 * or there is no state) and cannot be an object, which might have a real
 * `length` field; otherwise an ordinary path. */
static void check_template_path(SemCtx *x, TemplatePart *part, const Binding *b)
{
    const Path *p = part->path;
    if (!p) return;
    if (p->segs.len >= 2 && is_length_seg(p->segs.items[p->segs.len - 1])) {
        SemResolved pre = sem_types_resolve(x, p, p->segs.len - 1, false);
        unsigned m = sem_type_mask(pre.type);
        bool length = pre.ok && ((m & SEM_M_OPEN) || ((m & (SEM_M_STRING | SEM_M_LIST)) && !(m & SEM_M_OBJECT)));
        if (length) {
            SemPath *rec = sem_use_length_path(x, p, b->rule);
            check_no_deep(x, rec);
            check_bound(x, rec, b->nbound, b->why);
            part->length = true;
            return;
        }
    }
    use_read(x, p, b->rule, b->nbound, b->why);
}

static void check_value(SemCtx *x, const Value *v, const Binding *b);

static void check_match(SemCtx *x, const Value *v, const Binding *b)
{
    SemPath *sp = use_read(x, v->subject, b->rule, b->nbound, b->why);
    const MatchArm *deflt = NULL;
    const char **keys = ARENA_ARRAY(x->arena, const char *, v->arms.len + 1);
    for (uint32_t i = 0; i < v->arms.len; i++) {
        const MatchArm *arm = v->arms.items[i];
        keys[i] = NULL;
        if (!arm) continue;
        check_value(x, arm->value, b);
        if (!arm->label) {
            if (deflt) {
                Diag *d =
                    diag_add(x->diags, D_MATCH_DUPLICATE_LABEL, arm->span, "a second `_` arm can never be chosen");
                diag_note(x->diags, d, deflt->span, "the first `_` arm");
            } else {
                deflt = arm;
            }
            continue;
        }
        const char *key = sem_lit_key(x->arena, arm->label);
        if (!key) {
            Diag *d =
                diag_add(x->diags, D_BAD_LITERAL_VALUE, arm->label->span,
                         "match labels are strings, numbers or booleans, not %s", sem_lit_text(x->arena, arm->label));
            diag_help(x->diags, d, "null, arrays and objects take the `_` arm: give it their value");
            continue;
        }
        keys[i] = key;
        for (uint32_t j = 0; j < i; j++) {
            if (keys[j] && strcmp(keys[j], key) == 0) {
                const MatchArm *first = v->arms.items[j];
                Diag *d = diag_add(x->diags, D_MATCH_DUPLICATE_LABEL, arm->label->span,
                                   "label %s has the key \"%s\", like an earlier arm",
                                   sem_lit_text(x->arena, arm->label), key);
                diag_note(x->diags, d, first->label->span, "first arm with this key");
                diag_help(x->diags, d, "remove this arm, or give it another label");
                keys[i] = NULL;
                break;
            }
        }
        if (keys[i] && sp && !sem_key_fits(sp->type, key)) {
            Diag *d = diag_add(x->diags, D_TYPE_LITERAL_MISMATCH, arm->label->span,
                               "'%s' has type %s; label %s can never match", sp->key, ty(x, sp),
                               sem_lit_text(x->arena, arm->label));
            suggest_lit(x, d, sp->type, arm->label);
        }
    }
    if (!deflt) {
        Diag *d = diag_add(x->diags, D_MATCH_NO_DEFAULT, v->span,
                           "this match has no `_ => ...` arm for values no label names");
        diag_help(x->diags, d, "add a last arm `_ => VALUE` with the value for every other case");
    }
}

static void check_value(SemCtx *x, const Value *v, const Binding *b)
{
    if (!v) return;
    switch (v->kind) {
    case VAL_LIT: return;
    case VAL_TEMPLATE:
        for (uint32_t i = 0; i < v->parts.len; i++) {
            TemplatePart *part = v->parts.items[i];
            if (part && part->is_path) check_template_path(x, part, b);
        }
        return;
    case VAL_IF:
        check_cond(x, v->cond, b);
        check_value(x, v->then_v, b);
        check_value(x, v->else_v, b);
        return;
    case VAL_MATCH: check_match(x, v, b); return;
    }
}

/* ---- rule kinds ---------------------------------------------------------- */

static void check_sync(SemCtx *x, const SemRule *r)
{
    const Item *it = r->item;
    bool flip = it->kind == ITEM_FLIP;
    SemPath **sp = ARENA_ARRAY(x->arena, SemPath *, it->paths.len + 1);
    for (uint32_t i = 0; i < it->paths.len; i++) {
        sp[i] = sem_use_path(x, it->paths.items[i], r->index);
        check_no_deep(x, sp[i]);
        if (flip && !sem_type_only(sp[i]->type, SEM_M_BOOL | SEM_M_NULL)) {
            Diag *d = diag_add(x->diags, D_TYPE_FLIP_NOT_BOOL, sp[i]->path->span,
                               "flip needs booleans, but '%s' has type %s", sp[i]->key, ty(x, sp[i]));
            diag_suggest(x->diags, d, it->keyword_span, "sync", "to keep the values equal, write `sync`");
        }
    }
    for (uint32_t i = 0; i + 1 < it->paths.len; i++) {
        SemPath *a = sp[i], *b = sp[i + 1];
        bool oneway = it->arrows && it->arrows[i] == ARROW_ONEWAY;
        if (oneway) {
            check_bound(x, b, a->nwild, arena_printf(x->arena, "its source '%s' binds %u", a->key, a->nwild));
        } else if (a->nwild != b->nwild && a->nwild && b->nwild) {
            SemPath *more = a->nwild > b->nwild ? a : b, *less = more == a ? b : a;
            check_bound(x, more, less->nwild,
                        arena_printf(x->arena,
                                     "the other side '%s' binds %u (both sides must have the "
                                     "same number of [*], or one side none)",
                                     less->key, less->nwild));
        }
        if (!flip && !sem_types_overlap(a->type, b->type)) {
            Diag *d =
                diag_add(x->diags, D_TYPE_SYNC_MISMATCH, b->path->span,
                         "'%s' (%s) and '%s' (%s) can never hold the same value", a->key, ty(x, a), b->key, ty(x, b));
            diag_note(x->diags, d, a->path->span, "synced with this path");
            diag_help(x->diags, d, "declare '%s' and '%s' with one type in the state block, e.g. both `%s`", a->key,
                      b->key, ty(x, a));
        }
    }
}

static void check_derived(SemCtx *x, const SemRule *r)
{
    const Item *it = r->item;
    bool compute = it->kind == ITEM_COMPUTE;
    uint32_t maxwild = 0;
    for (uint32_t i = 0; i < it->sources.len; i++) {
        const Source *src = it->sources.items[i];
        if (!src || !src->path) continue;
        SemPath *sp = sem_use_path(x, src->path, r->index);
        check_no_deep(x, sp);
        if (sp->nwild > maxwild) maxwild = sp->nwild;
        Binding b = {r->index, sp->nwild, arena_printf(x->arena, "its source '%s' binds %u", sp->key, sp->nwild)};
        check_cond(x, src->exclude, &b);
        if (compute && it->op != OP_COUNT && !sem_type_only(sp->type, SEM_M_NUMBER | SEM_M_NULL)) {
            Diag *d = diag_add(x->diags, D_TYPE_NOT_NUMBER, sp->path->span, "%s needs numbers, but '%s' has type %s",
                               ast_compute_op_name(it->op), sp->key, ty(x, sp));
            diag_suggest(x->diags, d, it->op_span, "count", "to count the values instead, write `count`");
        }
    }
    if (!it->target) return;
    SemPath *t = sem_use_path(x, it->target, r->index);
    check_no_deep(x, t);
    check_bound(x, t, maxwild, arena_printf(x->arena, "its sources bind at most %u", maxwild));
    if (compute) {
        if (!sem_type_admits(t->type, SEM_M_NUMBER)) {
            Diag *d = diag_add(x->diags, D_TYPE_NOT_NUMBER, t->path->span,
                               "%s gives a number, but the target '%s' has type %s", ast_compute_op_name(it->op),
                               t->key, ty(x, t));
            const PathSeg *last = t->path->segs.items[t->path->segs.len - 1];
            diag_help(x->diags, d, "declare the target as a number in the state block: `%s: number`",
                      last->kind == SEG_NAME && last->name ? last->name : "KEY");
        }
        return;
    }
    for (uint32_t i = 0; i < it->sources.len; i++) {
        const Source *src = it->sources.items[i];
        if (!src || !src->path) continue;
        const SemPath *sp = sem_path(x->info, src->path);
        if (sp && !sem_types_overlap(t->type, sp->type)) {
            Diag *d = diag_add(x->diags, D_TYPE_SYNC_MISMATCH, sp->path->span,
                               "aggregation source '%s' (%s) can never hold a value of the "
                               "target '%s' (%s)",
                               sp->key, ty(x, sp), t->key, ty(x, t));
            diag_note(x->diags, d, t->path->span, "the target");
            diag_help(x->diags, d,
                      "declare '%s' with the type of the target (%s), or aggregate into a path of its type", sp->key,
                      ty(x, t));
        }
    }
}

static void check_clear(SemCtx *x, const SemRule *r)
{
    const Item *it = r->item;
    uint32_t minwild = UINT32_MAX;
    const SemPath *weakest = NULL;
    for (uint32_t i = 0; i < it->triggers.len; i++) {
        SemPath *sp = sem_use_path(x, it->triggers.items[i], r->index);
        check_no_deep(x, sp);
        if (sp->nwild < minwild) {
            minwild = sp->nwild;
            weakest = sp;
        }
    }
    if (!weakest) minwild = 0;
    for (uint32_t i = 0; i < it->paths.len; i++) {
        SemPath *sp = sem_use_path(x, it->paths.items[i], r->index);
        /* Each trigger fires on its own, so every trigger must bind the
         * target's keys. */
        check_bound_clear(x, sp, minwild,
                          weakest ? arena_printf(x->arena, "the trigger '%s' binds only %u", weakest->key, minwild)
                                  : "there is no trigger");
    }
}

static void check_external(SemCtx *x, const ExternalCall *e, const Binding *b)
{
    if (!e) return;
    for (uint32_t i = 0; i < e->paths.len; i++) use_read(x, e->paths.items[i], b->rule, b->nbound, b->why);
}

static void check_field(SemCtx *x, const SemRule *r)
{
    const Item *it = r->item;
    if (!it->field) return;
    SemPath *f = sem_use_path(x, it->field, r->index);
    check_no_deep(x, f);
    Binding b = {r->index, f->nwild, arena_printf(x->arena, "the field '%s' binds %u", f->key, f->nwild)};
    for (uint32_t i = 0; i < it->concerns.len; i++) {
        const Concern *cn = it->concerns.items[i];
        if (!cn) continue;
        switch (cn->kind) {
        case CONCERN_WHEN: check_cond(x, cn->cond, &b); break;
        case CONCERN_VALUE: check_value(x, cn->value, &b); break;
        case CONCERN_EXTERNAL:
        case CONCERN_VALIDATE_EXTERNAL: check_external(x, cn->external, &b); break;
        case CONCERN_VALIDATE: break; /* sem_validate.c */
        }
    }
}

/* The longest path that is an ancestor of (or equal to) every path the
 * listener hears, as a key; "root" when they share no first segment. */
static const char *common_scope(SemCtx *x, const Item *it)
{
    const Path *p0 = it->paths.items[0];
    for (uint32_t n = p0->segs.len; n > 0; n--) {
        Path pre = *p0;
        pre.segs.len = n;
        bool all = true;
        for (uint32_t i = 1; i < it->paths.len && all; i++) all = sem_path_is_prefix(&pre, it->paths.items[i]);
        if (all) return sem_path_key(x->arena, &pre);
    }
    return "root";
}

static void check_listen(SemCtx *x, const SemRule *r)
{
    const Item *it = r->item;
    for (uint32_t i = 0; i < it->paths.len; i++) {
        SemPath *sp = sem_use_path(x, it->paths.items[i], r->index);
        check_no_deep(x, sp);
    }
    if (it->scope_kind != SCOPE_PATH || !it->scope) return;
    SemPath *sc = sem_use_path(x, it->scope, r->index);
    check_no_deep(x, sc);
    if (!it->paths.len) {
        Diag *d = diag_add(x->diags, D_SCOPE_NOT_ANCESTOR, it->scope->span,
                           "a root listener (no paths) hears every change; its scope must be root");
        diag_suggest(x->diags, d, it->scope->span, "root", "write `scope root`");
        return;
    }
    for (uint32_t i = 0; i < it->paths.len; i++) {
        const Path *p = it->paths.items[i];
        if (!sem_path_is_prefix(it->scope, p)) {
            Diag *d = diag_add(x->diags, D_SCOPE_NOT_ANCESTOR, it->scope->span,
                               "scope '%s' is not '%s' or an ancestor of it", sc->key, sem_path_key(x->arena, p));
            diag_note(x->diags, d, p->span, "the listened path");
            const char *fix = common_scope(x, it);
            diag_suggest(x->diags, d, it->scope->span, fix, "write `scope %s`, %s", fix,
                         strcmp(fix, "root") == 0 ? "the only scope above every listened path"
                                                  : "the nearest ancestor of every listened path");
            return;
        }
    }
}

void sem_rules_check(SemCtx *x)
{
    SemInfo *s = x->info;
    for (uint32_t i = 0; i < s->rules.len; i++) {
        const SemRule *r = s->rules.items[i];
        switch (r->item->kind) {
        case ITEM_SYNC:
        case ITEM_FLIP: check_sync(x, r); break;
        case ITEM_AGGREGATE:
        case ITEM_COMPUTE: check_derived(x, r); break;
        case ITEM_CLEAR: check_clear(x, r); break;
        case ITEM_FIELD: check_field(x, r); break;
        case ITEM_LISTEN: check_listen(x, r); break;
        default: break;
        }
    }
    /* Group conditions: nothing binds a [*] there. */
    for (uint32_t i = 0; i < s->groups.len; i++) {
        const SemGroup *g = s->groups.items[i];
        Binding b = {SEM_NONE, 0, "a group condition has no key to bind it to"};
        check_cond(x, g->item->when, &b);
    }
}
