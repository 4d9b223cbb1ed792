/* sem.c — the entry of semantic analysis (see sem.h) and the first pass:
 * collecting the flat rule list and the name tables from every module.
 *
 * Pass order and what each pass does: sem_internal.h.  After parse errors
 * the state is ignored (every path is "unknown") and lints are skipped:
 * a half-parsed state block or a statement the parser dropped would
 * otherwise cascade into errors about code that is fine. */
#include "sem.h"

#include <string.h>

#include "lint.h"
#include "names.h"
#include "sem_internal.h"
#include "sem_types.h"
#include "suppress.h"

/* ---- the Path * -> SemPath * index (lookups only) ------------------------ */

struct SemPathIndex {
    IdMap map; /* (uintptr_t)Path * -> SemPath * */
};

static SemPath *index_get(const SemPathIndex *ix, const Path *p)
{
    return ix ? idmap_get(&ix->map, (uintptr_t)p) : NULL;
}

static void index_put(SemPathIndex *ix, const Path *p, SemPath *sp) { idmap_put(&ix->map, (uintptr_t)p, sp); }

const SemPath *sem_path(const SemInfo *s, const Path *p) { return s ? index_get(s->index, p) : NULL; }

const SemValidator *sem_validator(const SemInfo *s, const char *name)
{
    for (uint32_t i = 0; s && i < s->validators.len; i++) {
        const SemValidator *v = s->validators.items[i];
        if (strcmp(v->name, name) == 0) return v;
    }
    return NULL;
}

static SemPath *new_record(SemCtx *x, const Path *p, uint32_t rule)
{
    SemPath *sp = ARENA_NEW(x->arena, SemPath);
    sp->path = p;
    sp->key = sem_path_key(x->arena, p);
    sp->nwild = sem_path_nwild(p);
    sp->ndeep = sem_path_ndeep(p);
    sp->rule = rule;
    ptrvec_push(x->arena, &x->info->paths, sp);
    index_put(x->info->index, p, sp);
    return sp;
}

SemPath *sem_use_path(SemCtx *x, const Path *p, uint32_t rule)
{
    SemPath *sp = index_get(x->info->index, p);
    if (sp) return sp;
    SemResolved r = sem_types_resolve(x, p, p->segs.len, true);
    sp = new_record(x, p, rule);
    sp->type = r.type;
    sp->resolved = r.ok && x->typed;
    sp->may_be_absent = r.may_be_absent;
    return sp;
}

SemPath *sem_use_length_path(SemCtx *x, const Path *p, uint32_t rule)
{
    static const SemType number = {.kind = SEM_TY_NUMBER};
    SemPath *sp = index_get(x->info->index, p);
    if (sp) return sp;
    sp = new_record(x, p, rule);
    sp->length = true;
    sp->type = x->typed ? &number : &sem_type_unknown;
    sp->resolved = x->typed;
    return sp;
}

/* Adds `name` to a table of unique names in first-appearance order; `seen`
 * answers membership so that many names stay linear. */
static void add_name(SemCtx *x, PtrVec *table, StrMap *seen, const char *name)
{
    if (!name || strmap_put(seen, name, (void *)name)) return;
    ptrvec_push(x->arena, table, (void *)name);
}

bool sem_is_stdlib_file(const SemCtx *x, uint32_t file)
{
    /* Embedded files are the only ones added without a disk path and with a
     * std/ name (compile_load_text roots have no path but another name). */
    const SourceFile *f = source_file(&x->c->sources, file);
    return f && !f->path && strncmp(f->name, "std/", 4) == 0;
}

/* ---- collecting --------------------------------------------------------- */

static bool is_rule(ItemKind k)
{
    switch (k) {
    case ITEM_SYNC:
    case ITEM_FLIP:
    case ITEM_AGGREGATE:
    case ITEM_COMPUTE:
    case ITEM_CLEAR:
    case ITEM_FIELD:
    case ITEM_LISTEN: return true;
    default: return false;
    }
}

static void add_rule(SemCtx *x, const Item *it, uint32_t module, uint32_t group)
{
    SemInfo *s = x->info;
    SemRule *r = ARENA_NEW(x->arena, SemRule);
    r->item = it;
    r->index = s->rules.len;
    r->module = module;
    r->group = group;
    if (it->kind == ITEM_FIELD) {
        for (uint32_t i = 0; i < it->concerns.len; i++) {
            const Concern *cn = it->concerns.items[i];
            SemConcern *sc = ARENA_NEW(x->arena, SemConcern);
            sc->concern = cn;
            sc->output = concern_output_name(cn);
            ptrvec_push(x->arena, &r->concerns, sc);
            if (cn->kind == CONCERN_EXTERNAL && cn->external)
                add_name(x, &s->external_concerns, &x->concern_fns, cn->external->fn);
            if (cn->kind == CONCERN_VALIDATE_EXTERNAL && cn->external)
                add_name(x, &s->external_validators, &x->validator_fns, cn->external->fn);
        }
    }
    if (it->kind == ITEM_LISTEN) add_name(x, &s->handlers, &x->handler_names, it->name);
    ptrvec_push(x->arena, &s->rules, r);
}

/* Items of a group block.  A nested group was reported by the parser
 * (D_PARSE_NOT_HERE); its rules are flattened into the outer group so they
 * are still checked. */
static void collect_group_items(SemCtx *x, const Item *g, uint32_t module, uint32_t group)
{
    for (uint32_t i = 0; i < g->items.len; i++) {
        const Item *it = g->items.items[i];
        if (!it) continue;
        if (it->kind == ITEM_GROUP) {
            collect_group_items(x, it, module, group);
        } else if (is_rule(it->kind)) {
            add_rule(x, it, module, group);
        }
        /* Other misplaced statements were reported by the parser. */
    }
}

static void sem_collect(SemCtx *x)
{
    SemInfo *s = x->info;
    for (uint32_t m = 0; m < x->c->modules.len; m++) {
        const Module *mod = x->c->modules.items[m];
        if (!mod) continue;
        for (uint32_t i = 0; i < mod->items.len; i++) {
            const Item *it = mod->items.items[i];
            if (!it) continue;
            switch (it->kind) {
            case ITEM_GROUP: {
                SemGroup *g = ARENA_NEW(x->arena, SemGroup);
                g->name = it->name;
                g->item = it;
                g->module = m;
                g->first_rule = s->rules.len;
                uint32_t gi = s->groups.len;
                ptrvec_push(x->arena, &s->groups, g);
                ptrvec_push(x->arena, &x->group_items, (void *)it);
                collect_group_items(x, it, m, gi);
                g->nrules = s->rules.len - g->first_rule;
                break;
            }
            case ITEM_VALIDATOR: ptrvec_push(x->arena, &x->validator_items, (void *)it); break;
            case ITEM_TEST: {
                SemTest *t = ARENA_NEW(x->arena, SemTest);
                t->name = it->name;
                t->item = it;
                t->module = m;
                ptrvec_push(x->arena, &s->tests, t);
                ptrvec_push(x->arena, &x->test_items, (void *)it);
                break;
            }
            default:
                if (is_rule(it->kind)) add_rule(x, it, m, SEM_NONE);
                break;
            }
        }
    }
}

/* ---- the entry ---------------------------------------------------------- */

void sem_check(Compilation *c)
{
    SemCtx ctx;
    memset(&ctx, 0, sizeof ctx);
    SemCtx *x = &ctx;
    x->c = c;
    x->arena = &c->arena;
    x->diags = &c->diags;
    x->info = ARENA_NEW(x->arena, SemInfo);
    x->info->index = ARENA_NEW(x->arena, SemPathIndex);
    idmap_init(&x->info->index->map, x->arena);
    strmap_init(&x->validators, x->arena);
    strmap_init(&x->handler_names, x->arena);
    strmap_init(&x->validator_fns, x->arena);
    strmap_init(&x->concern_fns, x->arena);
    c->sem = x->info;

    /* After syntax errors the statements that parsed are complete (recovery
     * drops the broken one), so they are still checked against the state —
     * unless a `state` block itself was broken: then paths it would have
     * declared would be reported as unknown.  Lints wait for a clean parse. */
    bool state_damaged = false;
    for (uint32_t m = 0; m < c->modules.len; m++) {
        const Module *mod = c->modules.items[m];
        if (mod && mod->had_errors) x->info->parse_errors = true;
        if (mod && mod->state_damaged) state_damaged = true;
    }

    sem_collect(x);
    if (!state_damaged) {
        sem_types_build(x);
        x->typed = x->info->state != NULL;
    }
    sem_dups_check(x); /* fills the validator table used below */
    sem_rules_check(x);
    sem_validate_check(x);
    sem_tests_check(x);
    sem_graph_check(x);
    if (!x->info->parse_errors) lint_run(x);
    suppress_apply(c);
}
