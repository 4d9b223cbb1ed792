/* import_effects.c — the side effects of the library (what an application
 * passes to useSideEffects) as .wp rules:
 *
 *   syncPaths     [a, b]                         sync a <-> b
 *                 [a, b, { oneWay: "[0]->[1]" }]  sync a -> b   ("[1]->[0]": sync b -> a)
 *   flipPaths     [a, b]                         flip a <-> b
 *   aggregations  [target, source, excludeWhen?] aggregate target <- source exclude when …
 *   computations  [op, target, source, excl.?]   compute target = sum(source exclude when …)
 *   clearPaths    [[triggers], [targets], { expandMatch }?]   clear targets when triggers changes
 *   listeners     { path, scope, fn }            listen path scope s call fn
 *
 * Pairs with the same target become one statement, sources in order. */
#include <string.h>

#include "import_internal.h"

typedef struct Derived {
    const char *target; /* .wp */
    const char *op;     /* NULL for an aggregation, else "sum", "avg", … */
    const char *op_pointer;
    StrBuf sources;
} Derived;

typedef struct Effects {
    PtrVec derived; /* Derived *, in order of first appearance */
    StrMap by_target;
} Effects;

static bool is_array(Imp *m, const Json *j, const char *pointer, const char *what)
{
    if (json_kind(j) == JSON_ARRAY) return true;
    imp_bad(m, j, pointer, "%s is an array, found %s", what, imp_kind_name(j));
    return false;
}

/* ---- sync and flip ------------------------------------------------------------- */

static void sync_pair(Imp *m, const Json *el, const char *pointer, bool flip)
{
    size_t n = json_kind(el) == JSON_ARRAY ? json_count(el) : 0;
    if (n != 2 && (flip || n != 3)) {
        imp_bad(m, el, pointer, "a %s pair is [path, path]%s, found %s", flip ? "flip" : "sync",
                flip ? "" : " or [path, path, { oneWay }]",
                json_kind(el) == JSON_ARRAY ? arena_printf(m->a, "%zu element%s", n, n == 1 ? "" : "s")
                                            : imp_kind_name(el));
        return;
    }
    const char *arrow = flip ? "<->" : "<->";
    bool reverse = false;
    if (n == 3) {
        const Json *opt = json_at(el, 2);
        const char *op = imp_ptr_index(m, pointer, 2);
        const Json *ow = json_kind(opt) == JSON_OBJECT ? json_member(opt, "oneWay") : NULL;
        if (json_kind(opt) != JSON_OBJECT) {
            imp_bad(m, opt, op, "the options of a sync pair are an object { oneWay }, found %s", imp_kind_name(opt));
            return;
        }
        static const char *const keys[] = {"oneWay", NULL};
        imp_check_members(m, opt, op, "the options of a sync pair", keys);
        if (ow) {
            const char *s = json_kind(ow) == JSON_STRING ? json_str(ow) : "";
            if (strcmp(s, "[0]->[1]") == 0) {
                arrow = "->";
            } else if (strcmp(s, "[1]->[0]") == 0) {
                arrow = "->";
                reverse = true;
            } else {
                imp_bad(m, ow, imp_ptr_key(m, op, "oneWay"), "oneWay is \"[0]->[1]\" or \"[1]->[0]\"");
                return;
            }
        }
    }
    unsigned flags = flip ? PATH_FLIP : 0;
    const char *a = imp_path(m, json_at(el, 0), imp_ptr_index(m, pointer, 0), USE_PLAIN, flags);
    const char *b = imp_path(m, json_at(el, 1), imp_ptr_index(m, pointer, 1), USE_PLAIN, flags);
    if (!a || !b) return;
    strbuf_printf(m->a, flip ? &m->flips : &m->syncs, "%s %s %s %s\n", flip ? "flip" : "sync", reverse ? b : a, arrow,
                  reverse ? a : b);
}

static void sync_list(Imp *m, const Json *list, const char *pointer, bool flip)
{
    if (!is_array(m, list, pointer, flip ? "flipPaths" : "syncPaths")) return;
    size_t i = 0;
    for (const Json *el = json_child(list); el; el = json_sibling(el), i++)
        sync_pair(m, el, imp_ptr_index(m, pointer, i), flip);
}

/* ---- aggregations and computations ------------------------------------------------ */

static const char *compute_op(const char *op)
{
    static const char *const ops[][2] = {
        {"SUM", "sum"}, {"AVG", "avg"}, {"MIN", "min"}, {"MAX", "max"}, {"COUNT", "count"}};
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(op, ops[i][0]) == 0) return ops[i][1];
    return NULL;
}

/* [target, source, excludeWhen?] or [op, target, source, excludeWhen?]. */
static void derived_pair(Imp *m, Effects *fx, const Json *el, const char *pointer, bool compute)
{
    size_t n = json_kind(el) == JSON_ARRAY ? json_count(el) : 0, first = compute ? 1 : 0;
    if (n != first + 2 && n != first + 3) {
        imp_bad(m, el, pointer, "%s",
                compute ? "a computation is [op, target, source] or [op, target, source, excludeWhen]"
                        : "an aggregation is [target, source] or [target, source, excludeWhen]");
        return;
    }
    const char *op = NULL;
    if (compute) {
        const Json *o = json_child(el);
        op = json_kind(o) == JSON_STRING ? compute_op(json_str(o)) : NULL;
        if (!op) {
            imp_bad(m, o, imp_ptr_index(m, pointer, 0),
                    "the operation of a computation is \"SUM\" or \"AVG\", found %s",
                    json_kind(o) == JSON_STRING ? arena_printf(m->a, "'%s'", json_str(o)) : imp_kind_name(o));
            return;
        }
    }
    const char *target = imp_path(m, json_at(el, first), imp_ptr_index(m, pointer, first), USE_PLAIN, 0);
    const char *source = imp_path(m, json_at(el, first + 1), imp_ptr_index(m, pointer, first + 1), USE_PLAIN, 0);
    StrBuf src = {0};
    if (source) strbuf_puts(m->a, &src, source);
    if (n == first + 3) {
        strbuf_puts(m->a, &src, " exclude when ");
        if (!imp_cond(m, &src, json_at(el, first + 2), imp_ptr_index(m, pointer, first + 2))) return;
    }
    if (!target || !source) return;
    Derived *d = strmap_get(&fx->by_target, target);
    if (!d) {
        d = ARENA_NEW(m->a, Derived);
        d->target = target;
        d->op = op;
        d->op_pointer = pointer;
        strmap_put(&fx->by_target, target, d);
        ptrvec_push(m->a, &fx->derived, d);
    } else if (!d->op != !op) {
        imp_none(m, el, pointer, "'%s' is already %s by %s; a .wp target is derived by one kind of rule", target,
                 d->op ? "computed" : "aggregated", d->op_pointer);
        return;
    } else if (op && strcmp(d->op, op) != 0) {
        imp_none(m, el, pointer, "'%s' is already computed with %s by %s; a .wp target is computed with one operation",
                 target, d->op, d->op_pointer);
        return;
    }
    strbuf_printf(m->a, &d->sources, "%s%s", d->sources.len ? ", " : "", strbuf_cstr(m->a, &src));
}

static void derived_list(Imp *m, Effects *fx, const Json *list, const char *pointer, bool compute)
{
    if (!is_array(m, list, pointer, compute ? "computations" : "aggregations")) return;
    size_t i = 0;
    for (const Json *el = json_child(list); el; el = json_sibling(el), i++)
        derived_pair(m, fx, el, imp_ptr_index(m, pointer, i), compute);
}

/* ---- clears ----------------------------------------------------------------------- */

static unsigned binds(const char *apex)
{
    unsigned n = 0;
    for (const char *p = apex; (p = strstr(p, "[*]")) != NULL; p += 3)
        if ((p == apex || p[-1] == '.') && (p[3] == '.' || p[3] == 0)) n++;
    return n;
}

/* expandMatch: every [*] of a target means every key ([**]). */
static const char *expand(Imp *m, const char *apex)
{
    StrBuf b = {0};
    for (const char *p = apex; *p;) {
        if (strncmp(p, "[*]", 3) == 0 && (p == apex || p[-1] == '.') && (p[3] == '.' || p[3] == 0)) {
            strbuf_puts(m->a, &b, "[**]");
            p += 3;
        } else {
            strbuf_putc(m->a, &b, *p++);
        }
    }
    return strbuf_cstr(m->a, &b);
}

typedef struct ClearPath {
    const char *wp;
    const char *apex;
    unsigned binds;
} ClearPath;

/* The paths of a trigger or target list, converted; false when the list is
 * not a non-empty array (every bad path is reported and left out). */
static bool clear_paths(Imp *m, const Json *list, const char *pointer, const char *what, bool targets,
                        bool expand_match, PtrVec *out)
{
    if (json_kind(list) != JSON_ARRAY || json_count(list) == 0) {
        imp_bad(m, list, pointer, "the %s of a clear rule are a non-empty array of paths, found %s", what,
                json_kind(list) == JSON_ARRAY ? "an empty array" : imp_kind_name(list));
        return false;
    }
    size_t i = 0;
    for (const Json *p = json_child(list); p; p = json_sibling(p), i++) {
        const char *ptr = imp_ptr_index(m, pointer, i);
        if (json_kind(p) != JSON_STRING) {
            imp_path(m, p, ptr, USE_PLAIN, 0); /* reports */
            continue;
        }
        const char *apex = json_str(p);
        if (!targets && strstr(apex, "[**]")) {
            imp_bad(m, p, ptr, "a trigger cannot use [**] (every key); only targets can");
            continue;
        }
        if (targets && expand_match) apex = expand(m, apex);
        const char *wp = imp_path_text(m, apex, p, ptr, USE_PLAIN, 0);
        if (!wp) continue;
        ClearPath *cp = ARENA_NEW(m->a, ClearPath);
        cp->wp = wp;
        cp->apex = apex;
        cp->binds = binds(apex);
        ptrvec_push(m->a, out, cp);
    }
    return true;
}

static void clear_rule(Imp *m, const Json *el, const char *pointer)
{
    size_t n = json_kind(el) == JSON_ARRAY ? json_count(el) : 0;
    if (n != 2 && n != 3) {
        imp_bad(m, el, pointer, "a clear rule is [[triggers], [targets]] or [[triggers], [targets], { expandMatch }]");
        return;
    }
    bool expand_match = false;
    if (n == 3) {
        const Json *opt = json_at(el, 2);
        const char *op = imp_ptr_index(m, pointer, 2);
        if (json_kind(opt) != JSON_OBJECT) {
            imp_bad(m, opt, op, "the options of a clear rule are an object { expandMatch }, found %s",
                    imp_kind_name(opt));
            return;
        }
        static const char *const keys[] = {"expandMatch", NULL};
        imp_check_members(m, opt, op, "the options of a clear rule", keys);
        const Json *em = json_member(opt, "expandMatch");
        if (em && json_kind(em) != JSON_TRUE && json_kind(em) != JSON_FALSE) {
            imp_bad(m, em, imp_ptr_key(m, op, "expandMatch"), "expandMatch is true or false, found %s",
                    imp_kind_name(em));
            return;
        }
        expand_match = em && json_kind(em) == JSON_TRUE;
    }
    /* The library refuses a target with more [*] than every trigger
     * (after expandMatch made them [**]). */
    const Json *tl = json_at(el, 0), *gl = json_at(el, 1);
    unsigned max = 0;
    for (const Json *t = json_kind(tl) == JSON_ARRAY ? json_child(tl) : NULL; t; t = json_sibling(t))
        if (json_kind(t) == JSON_STRING && binds(json_str(t)) > max) max = binds(json_str(t));
    size_t gi = 0;
    for (const Json *t = json_kind(gl) == JSON_ARRAY ? json_child(gl) : NULL; t; t = json_sibling(t), gi++) {
        if (json_kind(t) == JSON_STRING && binds(expand_match ? expand(m, json_str(t)) : json_str(t)) > max) {
            imp_bad(m, t, imp_ptr_index(m, imp_ptr_index(m, pointer, 1), gi),
                    "the target '%s' has more [*] than any trigger, so no trigger says which key it means",
                    json_str(t));
            return;
        }
    }
    PtrVec triggers = {0}, targets = {0};
    bool ok = clear_paths(m, json_at(el, 0), imp_ptr_index(m, pointer, 0), "triggers", false, false, &triggers);
    ok &= clear_paths(m, json_at(el, 1), imp_ptr_index(m, pointer, 1), "targets", true, expand_match, &targets);
    if (!ok || !triggers.len || !targets.len) return;
    /* A target's [*] takes the key its trigger matched, by position; a
     * trigger with fewer [*] than a target clears nothing there.  .wp wants
     * every trigger of a rule to bind every [*] of its targets, so the
     * triggers are grouped by how many they bind. */
    bool done[64] = {false};
    for (uint32_t i = 0; i < triggers.len; i++) {
        const ClearPath *t = triggers.items[i];
        if (t->binds < 64 && done[t->binds]) continue;
        if (t->binds < 64) done[t->binds] = true;
        StrBuf tg = {0}, tr = {0};
        for (uint32_t k = 0; k < targets.len; k++) {
            const ClearPath *x = targets.items[k];
            if (x->binds <= t->binds) strbuf_printf(m->a, &tg, "%s%s", tg.len ? ", " : "", x->wp);
        }
        for (uint32_t k = i; k < triggers.len; k++) {
            const ClearPath *x = triggers.items[k];
            if (x->binds == t->binds) strbuf_printf(m->a, &tr, "%s%s", tr.len ? ", " : "", x->wp);
        }
        if (!tg.len) {
            imp_assumed(m, json_at(el, 0), imp_ptr_index(m, pointer, 0),
                        "the trigger '%s' binds fewer [*] than every target, so the library clears nothing when it "
                        "changes; no rule is written for it",
                        t->apex);
            continue;
        }
        strbuf_printf(m->a, &m->clears, "clear %s when %s changes\n", strbuf_cstr(m->a, &tg), strbuf_cstr(m->a, &tr));
    }
}

static void clear_list(Imp *m, const Json *list, const char *pointer)
{
    if (!is_array(m, list, pointer, "clearPaths")) return;
    size_t i = 0;
    for (const Json *el = json_child(list); el; el = json_sibling(el), i++)
        clear_rule(m, el, imp_ptr_index(m, pointer, i));
}

/* ---- listeners ----------------------------------------------------------------------- */

static void listener(Imp *m, const Json *el, const char *pointer)
{
    if (json_kind(el) != JSON_OBJECT) {
        imp_bad(m, el, pointer, "a listener is an object { path, scope, fn }, found %s", imp_kind_name(el));
        return;
    }
    static const char *const keys[] = {"path", "scope", "fn", NULL};
    imp_check_members(m, el, pointer, "a listener", keys);
    const Json *path = json_member(el, "path"), *scope = json_member(el, "scope"), *fn = json_member(el, "fn");
    const char *pp = imp_ptr_key(m, pointer, "path"), *sp = imp_ptr_key(m, pointer, "scope");
    bool root = !path || json_kind(path) == JSON_NULL;
    const char *wp = root ? NULL : imp_path(m, path, pp, USE_LISTEN, 0);
    if (!root && !wp) return;
    const char *scope_text = NULL;
    if (scope && json_kind(scope) != JSON_NULL) {
        if (json_kind(scope) != JSON_STRING) {
            imp_bad(m, scope, sp, "the scope of a listener is a path or null, found %s", imp_kind_name(scope));
            return;
        }
        if (root) {
            imp_assumed(m, scope, sp,
                        "a listener of every change (path null) gets the whole state; its scope is "
                        "ignored");
        } else if (strcmp(json_str(scope), json_str(path)) != 0) {
            const char *ws = imp_path(m, scope, sp, USE_SCOPE, 0);
            if (!ws) return;
            scope_text = arena_printf(m->a, " scope %s", ws);
        }
        /* a scope equal to the path is .wp's default */
    } else if (scope && !root) {
        scope_text = " scope root"; /* null: full paths and the whole state */
    }
    /* omitted: the path itself, .wp's default too */
    const char *name = NULL;
    if (fn && json_kind(fn) == JSON_STRING && imp_is_ident(json_str(fn))) {
        name = json_str(fn);
        imp_use_name(m, name);
    } else {
        name = imp_name_from_path(m, "on", root ? NULL : json_str(path));
        if (fn)
            imp_assumed(m, fn, imp_ptr_key(m, pointer, "fn"),
                        "fn is not a handler name (an identifier string); the handler is named '%s'", name);
        else
            imp_assumed(m, el, pointer,
                        "the listener has no handler name (JSON cannot hold its fn); it is named '%s': pass it as "
                        "createPipeline(state, { listeners: { %s } }), or give \"fn\": \"name\"",
                        name, name);
    }
    imp_list_name(m, 'h', name);
    if (root)
        strbuf_printf(m->a, &m->listens, "listen call %s\n", name);
    else
        strbuf_printf(m->a, &m->listens, "listen %s%s call %s\n", wp, scope_text ? scope_text : "", name);
}

static void listener_list(Imp *m, const Json *list, const char *pointer)
{
    if (!is_array(m, list, pointer, "listeners")) return;
    size_t i = 0;
    for (const Json *el = json_child(list); el; el = json_sibling(el), i++)
        listener(m, el, imp_ptr_index(m, pointer, i));
}

/* ---- one registration ------------------------------------------------------------------- */

static const char *const kinds[] = {"syncPaths", "flipPaths", "aggregations", "computations", "clearPaths",
                                    "listeners", NULL};

static void registration(Imp *m, Effects *fx, const Json *se, const char *pointer)
{
    if (json_kind(se) != JSON_OBJECT) {
        imp_bad(m, se, pointer, "the side effects are an object { syncPaths, flipPaths, … }, found %s",
                imp_kind_name(se));
        return;
    }
    ImpLast last = {0};
    for (const Json *c = json_child(se); c; c = json_sibling(c)) {
        const char *k = json_key(c);
        const char *ptr = imp_ptr_key(m, pointer, k);
        if (!imp_is_last(m, &last, se, c)) continue; /* given twice: the last counts (reported below) */
        if (json_kind(c) == JSON_NULL) continue;
        if (!strcmp(k, "syncPaths"))
            sync_list(m, c, ptr, false);
        else if (!strcmp(k, "flipPaths"))
            sync_list(m, c, ptr, true);
        else if (!strcmp(k, "aggregations"))
            derived_list(m, fx, c, ptr, false);
        else if (!strcmp(k, "computations"))
            derived_list(m, fx, c, ptr, true);
        else if (!strcmp(k, "clearPaths"))
            clear_list(m, c, ptr);
        else if (!strcmp(k, "listeners"))
            listener_list(m, c, ptr);
    }
    /* unknown kinds are not converted: errors, not warnings */
    for (const Json *c = json_child(se); c; c = json_sibling(c)) {
        bool known = false;
        for (int i = 0; kinds[i]; i++) known |= strcmp(json_key(c), kinds[i]) == 0;
        if (!known)
            imp_report(m, D_CONVERT_BAD_SHAPE, c, imp_ptr_key(m, pointer, json_key(c)), true,
                       "unknown side effect '%s' (the side effects are syncPaths, flipPaths, aggregations, "
                       "computations, clearPaths and listeners)",
                       json_key(c));
    }
    imp_check_members(m, se, pointer, "the side effects", NULL);
}

void imp_side_effects(Imp *m, const Json *se, const char *pointer)
{
    Effects fx = {0};
    strmap_init(&fx.by_target, m->a);
    if (json_kind(se) == JSON_ARRAY) { /* several useSideEffects registrations */
        size_t i = 0;
        for (const Json *r = json_child(se); r; r = json_sibling(r), i++)
            registration(m, &fx, r, imp_ptr_index(m, pointer, i));
    } else {
        registration(m, &fx, se, pointer);
    }
    for (uint32_t i = 0; i < fx.derived.len; i++) {
        Derived *d = fx.derived.items[i];
        if (d->op)
            strbuf_printf(m->a, &m->derived, "compute %s = %s(%s)\n", d->target, d->op, strbuf_cstr(m->a, &d->sources));
        else
            strbuf_printf(m->a, &m->derived, "aggregate %s <- %s\n", d->target, strbuf_cstr(m->a, &d->sources));
    }
}
