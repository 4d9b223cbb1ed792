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

/* ---- constant conditions -------------------------------------------------
 *
 * The value of every node of a condition is computed once, bottom-up, and
 * kept in `memo`: constant_walk, the groups lint and the never-fires lint
 * ask for nodes of the same trees again and again, and a flat chain of N
 * terms has N nested nodes.  An and/or chain (the operands of a maximal
 * subtree of one operator, parentheses ignored) is evaluated as a whole:
 * its operands first, then the chain's nodes from the bottom, then one
 * search for a complementary pair (`c` and `not c`) among all its operands,
 * through their hashes.  The pair makes the whole chain constant; a node
 * inside the chain is only asked about by constant_walk when the whole chain
 * is not constant, and then no pair exists below it either, so inner nodes
 * skip that search. */

typedef struct Eval {
    const SemInfo *s;
    Arena *a;
    IdMap memo; /* Cond * -> value + 2 */
} Eval;

static void eval_init(Eval *e, const SemInfo *s, Arena *a)
{
    e->s = s;
    e->a = a;
    idmap_init(&e->memo, a);
}

static int memo_get(const Eval *e, const Cond *c)
{
    void *v = idmap_get(&e->memo, (uint64_t)(uintptr_t)c);
    return v ? (int)(uintptr_t)v - 2 : -2;
}

static void memo_put(Eval *e, const Cond *c, int v)
{
    idmap_put(&e->memo, (uint64_t)(uintptr_t)c, (void *)(uintptr_t)(v + 2));
}

static bool path_is_null(const SemInfo *s, const Path *p)
{
    const SemPath *sp = p ? sem_path(s, p) : NULL;
    return sp && sp->resolved && sp->type->kind == SEM_TY_NULL;
}

/* Some operand is the negation of another: `x ... not x`.  Operands are
 * bucketed by hash (chained through `next`), so each `not` looks only at the
 * operands that can equal what it negates. */
static bool has_complement(Eval *e, const PtrVec *ops)
{
    IdMap heads; /* hash -> first operand index + 1 */
    idmap_init(&heads, e->a);
    uint32_t *next = ARENA_ARRAY(e->a, uint32_t, ops->len ? ops->len : 1);
    for (uint32_t i = 0; i < ops->len; i++) {
        uint64_t h = sem_cond_hash(ops->items[i]);
        if (h == UINT64_MAX) h--; /* reserved by IdMap */
        void *head = idmap_get(&heads, h);
        next[i] = 0;
        if (!head) {
            idmap_put(&heads, h, (void *)(uintptr_t)(i + 1));
        } else { /* insert after the head */
            uint32_t first = (uint32_t)(uintptr_t)head - 1;
            next[i] = next[first];
            next[first] = i + 1;
        }
    }
    for (uint32_t i = 0; i < ops->len; i++) {
        const Cond *op = ops->items[i];
        if (op->kind != COND_NOT) continue;
        uint64_t h = sem_cond_hash(op->lhs);
        if (h == UINT64_MAX) h--;
        for (uint32_t j = (uint32_t)(uintptr_t)idmap_get(&heads, h); j; j = next[j - 1])
            if (j - 1 != i && sem_cond_equal(op->lhs, ops->items[j - 1])) return true;
    }
    return false;
}

static int eval(Eval *e, const Cond *c);

/* An and/or chain rooted at `root`. */
static int eval_chain(Eval *e, const Cond *root)
{
    CondKind kind = root->kind;
    PtrVec nodes = {0}, ops = {0}, todo = {0};
    ptrvec_push(e->a, &todo, (void *)root);
    while (todo.len) { /* pre-order: parents before children */
        const Cond *n = todo.items[--todo.len];
        ptrvec_push(e->a, &nodes, (void *)n);
        const Cond *kids[2] = {n->rhs, n->lhs};
        for (int k = 0; k < 2; k++) {
            if (!kids[k]) continue;
            if (kids[k]->kind == kind)
                ptrvec_push(e->a, &todo, (void *)kids[k]);
            else
                ptrvec_push(e->a, &ops, (void *)kids[k]);
        }
    }
    for (uint32_t i = 0; i < ops.len; i++) eval(e, ops.items[i]);
    int v = -1;
    for (uint32_t i = nodes.len; i-- > 0;) { /* children before parents */
        const Cond *n = nodes.items[i];
        int l = n->lhs ? memo_get(e, n->lhs) : -1, r = n->rhs ? memo_get(e, n->rhs) : -1;
        if (kind == COND_AND)
            v = l == 0 || r == 0 ? 0 : l == 1 && r == 1 ? 1 : -1;
        else
            v = l == 1 || r == 1 ? 1 : l == 0 && r == 0 ? 0 : -1;
        if (v < 0 && n == root && has_complement(e, &ops)) v = kind == COND_AND ? 0 : 1;
        memo_put(e, n, v);
    }
    return v;
}

/* Recursion here goes into the operands of a chain only, whose depth the
 * parser bounds (ast_cond_spine); `not` chains are walked with loops. */
static int eval(Eval *e, const Cond *c)
{
    if (!c) return -1;
    int v = memo_get(e, c);
    if (v != -2) return v;
    switch (c->kind) {
    case COND_BOOL: v = c->lit && c->lit->kind == LIT_BOOL ? c->lit->boolean : -1; break;
    case COND_NOT: {
        uint32_t depth = 0;
        const Cond *inner = c;
        while (inner && inner->kind == COND_NOT) {
            inner = inner->lhs;
            depth++;
        }
        int iv = eval(e, inner);
        for (const Cond *k = c; k != inner; k = k->lhs, depth--) memo_put(e, k, iv < 0 ? -1 : depth % 2 ? !iv : iv);
        return memo_get(e, c);
    }
    case COND_AND:
    case COND_OR: return eval_chain(e, c);
    /* A value of type null is never "existing" and always "empty".  Only
     * this type decides: a non-optional field can still be missing in the
     * state the application passes, so `exists` of it is a real test. */
    case COND_EXISTS: v = path_is_null(e->s, c->path) ? 0 : -1; break;
    case COND_EMPTY: v = path_is_null(e->s, c->path) ? 1 : -1; break;
    default: v = -1; break;
    }
    memo_put(e, c, v);
    return v;
}

int lint_cond_value(const SemInfo *s, const Cond *c)
{
    Arena scratch;
    arena_init(&scratch);
    Eval e;
    eval_init(&e, s, &scratch);
    int v = eval(&e, c);
    arena_free(&scratch);
    return v;
}

/* Reports the outermost constant sub-conditions of `c`, except bare
 * literals.  A worklist rather than recursion: chains are arbitrarily deep. */
static void constant_walk(SemCtx *x, Eval *e, const Cond *c)
{
    PtrVec todo = {0};
    if (c) ptrvec_push(x->arena, &todo, (void *)c);
    while (todo.len) {
        const Cond *n = todo.items[--todo.len];
        if (n->kind == COND_BOOL) continue;
        int v = eval(e, n);
        if (v >= 0) {
            Diag *d = diag_add(x->diags, D_LINT_CONSTANT_CONDITION, n->span, "this condition is always %s",
                               v ? "true" : "false");
            diag_suggest(x->diags, d, n->span, v ? "true" : "false", "it means `%s`: write that, or fix the condition",
                         v ? "true" : "false");
            continue;
        }
        /* right before left, so that the left is reported first */
        if ((n->kind == COND_AND || n->kind == COND_OR) && n->rhs) ptrvec_push(x->arena, &todo, n->rhs);
        if (n->kind == COND_NOT || n->kind == COND_AND || n->kind == COND_OR)
            if (n->lhs) ptrvec_push(x->arena, &todo, n->lhs);
    }
}

static void constant_value(SemCtx *x, Eval *e, const Value *v)
{
    if (!v) return;
    if (v->kind == VAL_IF) {
        constant_walk(x, e, v->cond);
        constant_value(x, e, v->then_v);
        constant_value(x, e, v->else_v);
    } else if (v->kind == VAL_MATCH) {
        for (uint32_t i = 0; i < v->arms.len; i++) {
            const MatchArm *arm = v->arms.items[i];
            if (arm) constant_value(x, e, arm->value);
        }
    }
}

/* ---- never fires --------------------------------------------------------- */

static bool all_excluded(Eval *e, const Item *it)
{
    if (!it->sources.len) return false;
    for (uint32_t i = 0; i < it->sources.len; i++) {
        const Source *s = it->sources.items[i];
        if (!s || !s->exclude || eval(e, s->exclude) != 1) return false;
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

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

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
    case ITEM_SYNC:
    case ITEM_FLIP: {
        bool oneway = false;
        for (uint32_t i = 0; it->arrows && i + 1 < it->paths.len; i++) oneway |= it->arrows[i] == ARROW_ONEWAY;
        if (!oneway) {
            body = sorted_keys(x, &it->paths);
            break;
        }
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
                            it->scope ? sem_path_key(x->arena, it->scope) : "", it->name ? it->name : "");
        break;
    case ITEM_AGGREGATE:
    case ITEM_COMPUTE: body = squeezed_text(x, it); break;
    default: return NULL; /* fields: duplicates are errors (D_DUPLICATE_FIELD) */
    }
    return arena_printf(x->arena, "%d|%u|%s", (int)it->kind, r->group, body);
}

/* ---- the lints ------------------------------------------------------------ */

static void lint_rules(SemCtx *x, Eval *e)
{
    StrMap seen;
    strmap_init(&seen, x->arena);
    for (uint32_t i = 0; i < x->info->rules.len; i++) {
        const SemRule *r = x->info->rules.items[i];
        const Item *it = r->item;

        const char *sig = rule_signature(x, r);
        const SemRule *first = sig ? strmap_put(&seen, sig, (void *)r) : NULL;
        if (first) {
            Diag *d = diag_add(x->diags, D_LINT_DUPLICATE_RULE, it->keyword_span, "this %s repeats an earlier rule",
                               ast_item_kind_name(it->kind));
            diag_note(x->diags, d, first->item->keyword_span, "first written here");
            diag_suggest(x->diags, d, it->span, "", "remove this copy");
        }

        switch (it->kind) {
        case ITEM_SYNC:
            for (uint32_t j = 0; j + 1 < it->paths.len; j++) {
                const Path *a = it->paths.items[j], *b = it->paths.items[j + 1];
                const char *ka = sem_path_key(x->arena, a);
                if (strcmp(ka, sem_path_key(x->arena, b)) == 0) {
                    Diag *d = diag_add(x->diags, D_LINT_SELF_SYNC, span_join(a->span, b->span),
                                       "'%s' is synced with itself; the edge does nothing", ka);
                    diag_help(x->diags, d, "sync '%s' with another path, or remove the edge", ka);
                }
            }
            break;
        case ITEM_CLEAR:
            if (clears_own_triggers(x, it)) {
                Diag *d = diag_add(x->diags, D_LINT_NEVER_FIRES, it->keyword_span,
                                   "this clear's only target is its own trigger: it only undoes the "
                                   "write that fires it");
                diag_help(x->diags, d, "clear the paths that depend on the trigger, not the trigger itself");
            }
            break;
        case ITEM_AGGREGATE:
        case ITEM_COMPUTE:
            if (all_excluded(e, it)) {
                Diag *d = diag_add(x->diags, D_LINT_NEVER_FIRES, it->keyword_span,
                                   "every source of this %s is always excluded", ast_item_kind_name(it->kind));
                diag_help(x->diags, d, "fix the `exclude when` conditions, or remove the rule");
                break;
            }
            for (uint32_t j = 0; j < it->sources.len; j++) {
                const Source *s = it->sources.items[j];
                if (s) constant_walk(x, e, s->exclude);
            }
            break;
        case ITEM_FIELD:
            if (!it->concerns.len && it->field) {
                Diag *d = diag_add(x->diags, D_LINT_FIELD_NO_CONCERN, it->field->span,
                                   "field '%s' declares no concerns", sem_path_key(x->arena, it->field));
                diag_help(x->diags, d,
                          "add a line such as `visible when CONDITION` or `label = \"...\"`, or remove "
                          "the block");
            }
            for (uint32_t j = 0; j < it->concerns.len; j++) {
                const Concern *cn = it->concerns.items[j];
                if (!cn) continue;
                if (cn->kind == CONCERN_WHEN) constant_walk(x, e, cn->cond);
                if (cn->kind == CONCERN_VALUE) constant_value(x, e, cn->value);
            }
            break;
        default: break;
        }
    }
}

static void lint_groups(SemCtx *x, Eval *e)
{
    for (uint32_t i = 0; i < x->info->groups.len; i++) {
        const SemGroup *g = x->info->groups.items[i];
        const Cond *when = g->item->when;
        if (!when) continue;
        if (eval(e, when) == 0) {
            Diag *d = diag_add(x->diags, D_LINT_NEVER_FIRES, when->span,
                               "the condition of group '%s' is always false, so its rules never act",
                               g->name ? g->name : "?");
            diag_help(x->diags, d, "fix the condition, or remove the group");
            continue;
        }
        constant_walk(x, e, when);
    }
}

static void lint_validators(SemCtx *x)
{
    for (uint32_t i = 0; i < x->info->validators.len; i++) {
        const SemValidator *v = x->info->validators.items[i];
        /* Only the root file's own validators: an imported library may offer
         * more than this app uses. */
        if (v->uses || v->module != 0) continue;
        Diag *d = diag_add(x->diags, D_LINT_UNUSED_VALIDATOR, v->item->name_span,
                           "validator '%s' is not used by any `validate` line", v->name);
        diag_help(x->diags, d, "use it in a field block (`validate %s`), or remove the declaration", v->name);
    }
}

void lint_run(SemCtx *x)
{
    Eval e;
    eval_init(&e, x->info, x->arena);
    lint_rules(x, &e);
    lint_groups(x, &e);
    lint_validators(x);
}
