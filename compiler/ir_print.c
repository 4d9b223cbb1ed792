/* ir_print.c — `wpc build --emit ir` (text) and `--emit json`.
 *
 * The text form is for people and snapshot tests: one section per table,
 * ids as p3 (path), c1 (condition), v0 (value), g0 (group), e2 (edge),
 * d0 (derived), x0 (clear), f4 (concern), l1 (listener).  The JSON form
 * carries the same records for tooling.  Both are deterministic. */
#include "ir.h"

#include <stdio.h>
#include <string.h>

#include "json.h"

/* ---- literals as JSON --------------------------------------------------------- */

Json *ir_lit_json(const IrLit *l)
{
    switch (l->kind) {
    case IRLIT_NULL: return json_null();
    case IRLIT_BOOL: return json_bool(l->boolean);
    case IRLIT_NUMBER: return json_number(l->number);
    case IRLIT_STRING: return json_string(l->text);
    case IRLIT_ARRAY: {
        Json *arr = json_array();
        for (uint32_t i = 0; i < l->nitems; i++) json_push(arr, ir_lit_json(l->items[i]));
        return arr;
    }
    case IRLIT_OBJECT: {
        Json *obj = json_object();
        for (uint32_t i = 0; i < l->nitems; i++) json_set(obj, l->members[i].key, ir_lit_json(l->members[i].value));
        return obj;
    }
    }
    return json_null();
}

static const char *lit_text(Arena *a, const IrLit *l)
{
    if (!l) return "-";
    if (l->kind == IRLIT_NUMBER && l->text) return l->text;
    Json *j = ir_lit_json(l);
    const char *s = json_print(a, j, false);
    json_free(j);
    return s;
}

/* ---- text ------------------------------------------------------------------------ */

/* Path ids as text: [p1 p4]. */
static const char *paths_text(Arena *a, const IrId *v, uint32_t n)
{
    StrBuf b = {0};
    strbuf_putc(a, &b, '[');
    for (uint32_t i = 0; i < n; i++) strbuf_printf(a, &b, "%sp%u", i ? " " : "", v[i]);
    strbuf_putc(a, &b, ']');
    return strbuf_cstr(a, &b);
}

static const char *group_text(Arena *a, IrId g) { return g == IR_NONE ? "" : arena_printf(a, " group=g%u", g); }

static const char *value_kind(IrValueKind k)
{
    static const char *const names[] = {"lit", "template", "if", "match"};
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static const char *rule_prefix(IrRuleKind k)
{
    switch (k) {
    case IRR_EDGE: return "e";
    case IRR_DERIVED: return "d";
    case IRR_CLEAR: return "x";
    case IRR_CONCERN: return "f";
    case IRR_LISTENER: return "l";
    }
    return "?";
}

static void print_external(Arena *a, StrBuf *o, const IrExternal *ex)
{
    strbuf_printf(a, o, "external %s%s", ex->fn, paths_text(a, ex->paths, ex->npaths));
}

static void print_check(Arena *a, StrBuf *o, const IrCheck *chk)
{
    strbuf_puts(a, o, ir_validator_name(chk->builtin));
    if (chk->arg) strbuf_printf(a, o, "(%s)", lit_text(a, chk->arg));
    if (chk->arg_path != IR_NONE) strbuf_printf(a, o, "(p%u)", chk->arg_path);
    if (chk->message) {
        Json *m = json_string(chk->message);
        strbuf_printf(a, o, " %s", json_print(a, m, false));
        json_free(m);
    }
}

const char *ir_print_text(Arena *a, const IrProgram *ir)
{
    StrBuf o = {0};
    strbuf_printf(a, &o, "; wpc IR 1 — %s\n", ir->source);
    strbuf_printf(a, &o, "\npaths %u\n", ir->npaths);
    for (uint32_t i = 0; i < ir->npaths; i++) {
        const IrPath *p = &ir->paths[i];
        strbuf_printf(a, &o, "  p%u %s", i, p->text);
        if (p->parent != IR_NONE) strbuf_printf(a, &o, "  parent=p%u", p->parent);
        if (!p->named) strbuf_puts(a, &o, "  (unnamed)"); /* an ancestor, or a state list */
        if (p->list) strbuf_puts(a, &o, "  list");
        strbuf_putc(a, &o, '\n');
    }
    strbuf_printf(a, &o, "\nconditions %u\n", ir->nconds);
    for (uint32_t i = 0; i < ir->nconds; i++) {
        const IrCond *c = &ir->conds[i];
        strbuf_printf(a, &o, "  c%u %s", i, ir_cond_kind_name(c->kind));
        if (c->kind == IRCOND_CMP || c->kind == IRCOND_LENGTH) strbuf_printf(a, &o, " %s", ir_cmp_op_text(c->op));
        if (c->path != IR_NONE) strbuf_printf(a, &o, " p%u", c->path);
        if (c->lit) strbuf_printf(a, &o, " %s", lit_text(a, c->lit));
        if (c->rhs_path != IR_NONE) strbuf_printf(a, &o, " p%u", c->rhs_path);
        if (c->lhs != IR_NONE) strbuf_printf(a, &o, " c%u", c->lhs);
        if (c->rhs != IR_NONE) strbuf_printf(a, &o, " c%u", c->rhs);
        strbuf_putc(a, &o, '\n');
    }
    strbuf_printf(a, &o, "\nvalues %u\n", ir->nvalues);
    for (uint32_t i = 0; i < ir->nvalues; i++) {
        const IrValue *v = &ir->values[i];
        strbuf_printf(a, &o, "  v%u %s", i, value_kind(v->kind));
        if (v->kind == IRVAL_LIT) strbuf_printf(a, &o, " %s", lit_text(a, v->lit));
        for (uint32_t k = 0; k < v->nparts; k++) {
            if (v->parts[k].path != IR_NONE)
                strbuf_printf(a, &o, " {p%u%s}", v->parts[k].path, v->parts[k].length ? ".length" : "");
            else {
                Json *s = json_string(v->parts[k].text);
                strbuf_printf(a, &o, " %s", json_print(a, s, false));
                json_free(s);
            }
        }
        if (v->kind == IRVAL_IF) strbuf_printf(a, &o, " c%u v%u v%u", v->cond, v->then_v, v->else_v);
        if (v->kind == IRVAL_MATCH) {
            strbuf_printf(a, &o, " p%u", v->subject);
            for (uint32_t k = 0; k < v->narms; k++) {
                if (v->arms[k].key) {
                    Json *s = json_string(v->arms[k].key);
                    strbuf_printf(a, &o, " %s=>v%u", json_print(a, s, false), v->arms[k].value);
                    json_free(s);
                } else {
                    strbuf_printf(a, &o, " _=>v%u", v->arms[k].value);
                }
            }
        }
        strbuf_putc(a, &o, '\n');
    }
    strbuf_printf(a, &o, "\ngroups %u\n", ir->ngroups);
    for (uint32_t i = 0; i < ir->ngroups; i++) {
        const IrGroup *g = &ir->groups[i];
        strbuf_printf(a, &o, "  g%u %s %s", i, g->name, g->off ? "off" : "on");
        if (g->when != IR_NONE) strbuf_printf(a, &o, " when=c%u", g->when);
        strbuf_putc(a, &o, '\n');
    }
    strbuf_printf(a, &o, "\nedges %u\n", ir->nedges);
    for (uint32_t i = 0; i < ir->nedges; i++) {
        const IrEdge *e = &ir->edges[i];
        strbuf_printf(a, &o, "  e%u %s p%u %s p%u%s\n", i, e->flip ? "flip" : "sync", e->a, e->oneway ? "->" : "<->",
                      e->b, group_text(a, e->base.group));
    }
    strbuf_printf(a, &o, "\ncomponents %u\n", ir->ncomponents);
    for (uint32_t i = 0; i < ir->ncomponents; i++) {
        const IrComponent *c = &ir->components[i];
        strbuf_printf(a, &o, "  k%u", i);
        for (uint32_t m = 0; m < c->nmembers; m++)
            strbuf_printf(a, &o, " %sp%u", c->opposite[m] ? "!" : "", c->members[m]);
        strbuf_putc(a, &o, '\n');
    }
    strbuf_printf(a, &o, "\nderived %u\n", ir->nderived);
    for (uint32_t i = 0; i < ir->nderived; i++) {
        const IrDerived *d = &ir->derived[i];
        strbuf_printf(a, &o, "  d%u p%u %s", i, d->target, d->is_compute ? ir_compute_op_name(d->op) : "aggregate");
        strbuf_puts(a, &o, " [");
        for (uint32_t k = 0; k < d->nsources; k++) {
            strbuf_printf(a, &o, "%sp%u", k ? " " : "", d->sources[k].path);
            if (d->sources[k].exclude != IR_NONE) strbuf_printf(a, &o, " unless c%u", d->sources[k].exclude);
        }
        strbuf_printf(a, &o, "]%s\n", group_text(a, d->base.group));
    }
    strbuf_puts(a, &o, "  order");
    for (uint32_t i = 0; i < ir->nderived; i++) strbuf_printf(a, &o, " d%u", ir->derived_order[i]);
    strbuf_putc(a, &o, '\n');
    strbuf_printf(a, &o, "\nclears %u\n", ir->nclears);
    for (uint32_t i = 0; i < ir->nclears; i++) {
        const IrClear *x = &ir->clears[i];
        strbuf_printf(a, &o, "  x%u %s when %s%s\n", i, paths_text(a, x->targets, x->ntargets),
                      paths_text(a, x->triggers, x->ntriggers), group_text(a, x->base.group));
    }
    strbuf_printf(a, &o, "\nconcerns %u\n", ir->nconcerns);
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        const IrConcern *c = &ir->concerns[i];
        strbuf_printf(a, &o, "  f%u p%u.%s ", i, c->field, c->name);
        switch (c->kind) {
        case IRC_CONDITION: strbuf_printf(a, &o, "= c%u", c->cond); break;
        case IRC_VALUE: strbuf_printf(a, &o, "= v%u", c->value); break;
        case IRC_EXTERNAL:
            strbuf_puts(a, &o, "= ");
            print_external(a, &o, &c->external);
            break;
        case IRC_VALIDATION:
            strbuf_puts(a, &o, "= validate");
            for (uint32_t k = 0; k < c->nchecks; k++) {
                strbuf_puts(a, &o, k ? ", " : " ");
                print_check(a, &o, &c->checks[k]);
            }
            for (uint32_t k = 0; k < c->nvalidators; k++) {
                strbuf_puts(a, &o, k || c->nchecks ? ", " : " ");
                print_external(a, &o, &c->validators[k]);
            }
            break;
        }
        strbuf_printf(a, &o, " inputs=%s%s\n", paths_text(a, c->inputs, c->ninputs), group_text(a, c->base.group));
    }
    strbuf_printf(a, &o, "\nlisteners %u (dispatch order)\n", ir->nlisteners);
    for (uint32_t i = 0; i < ir->nlisteners; i++) {
        const IrListener *l = &ir->listeners[i];
        strbuf_printf(a, &o, "  l%u %s topics=%s", i, l->handler, paths_text(a, l->topics, l->ntopics));
        if (l->scope == IR_NONE)
            strbuf_puts(a, &o, " scope=root");
        else
            strbuf_printf(a, &o, " scope=p%u", l->scope);
        strbuf_printf(a, &o, " depth=%u decl=%u%s\n", l->depth, l->decl, group_text(a, l->base.group));
    }
    strbuf_puts(a, &o, "\ndependents\n");
    for (uint32_t i = 0; i < ir->npaths; i++) {
        const IrDependents *d = &ir->dependents[i];
        if (!d->nrules) continue;
        strbuf_printf(a, &o, "  p%u ->", i);
        for (uint32_t k = 0; k < d->nrules; k++)
            strbuf_printf(a, &o, " %s%u", rule_prefix(d->rules[k].kind), d->rules[k].index);
        strbuf_putc(a, &o, '\n');
    }
    strbuf_printf(a, &o, "\ntests %u\n", ir->ntests);
    return strbuf_cstr(a, &o);
}

/* ---- JSON -------------------------------------------------------------------------- */

static Json *id_array(const IrId *v, uint32_t n)
{
    Json *arr = json_array();
    for (uint32_t i = 0; i < n; i++) json_push(arr, json_number(v[i]));
    return arr;
}

static Json *opt_id(IrId id) { return id == IR_NONE ? json_null() : json_number(id); }

static Json *external_json(const IrExternal *ex)
{
    Json *o = json_object();
    json_set_string(o, "fn", ex->fn);
    json_set(o, "paths", id_array(ex->paths, ex->npaths));
    return o;
}

const char *ir_print_json(Arena *a, const IrProgram *ir)
{
    Json *root = json_object();
    json_set_number(root, "ir_version", 1);
    json_set_string(root, "source", ir->source);
    Json *paths = json_set(root, "paths", json_array());
    for (uint32_t i = 0; i < ir->npaths; i++) {
        const IrPath *p = &ir->paths[i];
        Json *o = json_push(paths, json_object());
        json_set_string(o, "text", p->text);
        json_set(o, "parent", opt_id(p->parent));
        json_set_string(o, "segment", p->seg);
        json_set_string(o, "kind",
                        p->kind == IRSEG_KEY     ? "key"
                        : p->kind == IRSEG_INDEX ? "index"
                        : p->kind == IRSEG_WILD  ? "wild"
                                                 : "deep");
        json_set_number(o, "depth", p->depth);
        json_set_bool(o, "named", p->named);
        json_set_bool(o, "list", p->list);
    }
    Json *conds = json_set(root, "conditions", json_array());
    for (uint32_t i = 0; i < ir->nconds; i++) {
        const IrCond *c = &ir->conds[i];
        Json *o = json_push(conds, json_object());
        json_set_string(o, "kind", ir_cond_kind_name(c->kind));
        if (c->kind == IRCOND_CMP || c->kind == IRCOND_LENGTH) json_set_string(o, "op", ir_cmp_op_text(c->op));
        if (c->path != IR_NONE) json_set_number(o, "path", c->path);
        if (c->lit) json_set(o, "literal", ir_lit_json(c->lit));
        if (c->rhs_path != IR_NONE) json_set_number(o, "rhs_path", c->rhs_path);
        if (c->lhs != IR_NONE) json_set_number(o, "lhs", c->lhs);
        if (c->rhs != IR_NONE) json_set_number(o, "rhs", c->rhs);
    }
    Json *values = json_set(root, "values", json_array());
    for (uint32_t i = 0; i < ir->nvalues; i++) {
        const IrValue *v = &ir->values[i];
        Json *o = json_push(values, json_object());
        json_set_string(o, "kind", value_kind(v->kind));
        if (v->kind == IRVAL_LIT) json_set(o, "literal", ir_lit_json(v->lit));
        if (v->kind == IRVAL_TEMPLATE) {
            Json *parts = json_set(o, "parts", json_array());
            for (uint32_t k = 0; k < v->nparts; k++) {
                Json *po = json_push(parts, json_object());
                if (v->parts[k].path != IR_NONE) {
                    json_set_number(po, "path", v->parts[k].path);
                    if (v->parts[k].length) json_set_bool(po, "length", true);
                } else {
                    json_set_string(po, "text", v->parts[k].text);
                }
            }
        }
        if (v->kind == IRVAL_IF) {
            json_set_number(o, "cond", v->cond);
            json_set_number(o, "then", v->then_v);
            json_set_number(o, "else", v->else_v);
        }
        if (v->kind == IRVAL_MATCH) {
            json_set_number(o, "subject", v->subject);
            Json *arms = json_set(o, "arms", json_array());
            for (uint32_t k = 0; k < v->narms; k++) {
                Json *ao = json_push(arms, json_object());
                json_set(ao, "key", v->arms[k].key ? json_string(v->arms[k].key) : json_null());
                json_set_number(ao, "value", v->arms[k].value);
            }
        }
    }
    Json *groups = json_set(root, "groups", json_array());
    for (uint32_t i = 0; i < ir->ngroups; i++) {
        Json *o = json_push(groups, json_object());
        json_set_string(o, "name", ir->groups[i].name);
        json_set_bool(o, "off", ir->groups[i].off);
        json_set(o, "when", opt_id(ir->groups[i].when));
    }
    Json *edges = json_set(root, "edges", json_array());
    for (uint32_t i = 0; i < ir->nedges; i++) {
        const IrEdge *e = &ir->edges[i];
        Json *o = json_push(edges, json_object());
        json_set_string(o, "kind", e->flip ? "flip" : "sync");
        json_set_number(o, "a", e->a);
        json_set_number(o, "b", e->b);
        json_set_bool(o, "oneway", e->oneway);
        json_set(o, "group", opt_id(e->base.group));
    }
    Json *comps = json_set(root, "components", json_array());
    for (uint32_t i = 0; i < ir->ncomponents; i++) {
        const IrComponent *c = &ir->components[i];
        Json *members = json_push(comps, json_array());
        for (uint32_t m = 0; m < c->nmembers; m++) {
            Json *mo = json_push(members, json_object());
            json_set_number(mo, "path", c->members[m]);
            json_set_bool(mo, "opposite", c->opposite[m]);
        }
    }
    Json *derived = json_set(root, "derived", json_array());
    for (uint32_t i = 0; i < ir->nderived; i++) {
        const IrDerived *d = &ir->derived[i];
        Json *o = json_push(derived, json_object());
        json_set_string(o, "kind", d->is_compute ? ir_compute_op_name(d->op) : "aggregate");
        json_set_number(o, "target", d->target);
        Json *srcs = json_set(o, "sources", json_array());
        for (uint32_t k = 0; k < d->nsources; k++) {
            Json *so = json_push(srcs, json_object());
            json_set_number(so, "path", d->sources[k].path);
            json_set(so, "exclude", opt_id(d->sources[k].exclude));
        }
        json_set(o, "group", opt_id(d->base.group));
    }
    json_set(root, "derived_order", id_array(ir->derived_order, ir->nderived));
    Json *clears = json_set(root, "clears", json_array());
    for (uint32_t i = 0; i < ir->nclears; i++) {
        Json *o = json_push(clears, json_object());
        json_set(o, "targets", id_array(ir->clears[i].targets, ir->clears[i].ntargets));
        json_set(o, "triggers", id_array(ir->clears[i].triggers, ir->clears[i].ntriggers));
        json_set(o, "group", opt_id(ir->clears[i].base.group));
    }
    Json *concerns = json_set(root, "concerns", json_array());
    for (uint32_t i = 0; i < ir->nconcerns; i++) {
        const IrConcern *c = &ir->concerns[i];
        Json *o = json_push(concerns, json_object());
        json_set_number(o, "field", c->field);
        json_set_string(o, "name", c->name);
        static const char *const kinds[] = {"condition", "value", "external", "validation"};
        json_set_string(o, "kind", kinds[c->kind]);
        if (c->kind == IRC_CONDITION) json_set_number(o, "cond", c->cond);
        if (c->kind == IRC_VALUE) json_set_number(o, "value", c->value);
        if (c->kind == IRC_EXTERNAL) json_set(o, "external", external_json(&c->external));
        if (c->kind == IRC_VALIDATION) {
            Json *checks = json_set(o, "checks", json_array());
            for (uint32_t k = 0; k < c->nchecks; k++) {
                Json *co = json_push(checks, json_object());
                json_set_string(co, "validator", ir_validator_name(c->checks[k].builtin));
                json_set(co, "arg", c->checks[k].arg ? ir_lit_json(c->checks[k].arg) : json_null());
                if (c->checks[k].arg_path != IR_NONE) json_set_number(co, "arg_path", c->checks[k].arg_path);
                json_set(co, "message", c->checks[k].message ? json_string(c->checks[k].message) : json_null());
            }
            Json *ext = json_set(o, "external", json_array());
            for (uint32_t k = 0; k < c->nvalidators; k++) json_push(ext, external_json(&c->validators[k]));
        }
        json_set(o, "inputs", id_array(c->inputs, c->ninputs));
        json_set(o, "group", opt_id(c->base.group));
    }
    Json *listeners = json_set(root, "listeners", json_array());
    for (uint32_t i = 0; i < ir->nlisteners; i++) {
        const IrListener *l = &ir->listeners[i];
        Json *o = json_push(listeners, json_object());
        json_set_string(o, "handler", l->handler);
        json_set(o, "topics", id_array(l->topics, l->ntopics));
        json_set(o, "scope", opt_id(l->scope));
        json_set_number(o, "depth", l->depth);
        json_set_number(o, "declaration", l->decl);
        json_set(o, "group", opt_id(l->base.group));
    }
    Json *deps = json_set(root, "dependents", json_array());
    for (uint32_t i = 0; i < ir->npaths; i++) {
        Json *arr = json_push(deps, json_array());
        for (uint32_t k = 0; k < ir->dependents[i].nrules; k++)
            json_push(arr, json_string(arena_printf(a, "%s%u", rule_prefix(ir->dependents[i].rules[k].kind),
                                                    ir->dependents[i].rules[k].index)));
    }
    json_set_number(root, "tests", ir->ntests);
    const char *s = json_print(a, root, true);
    json_free(root);
    return arena_printf(a, "%s\n", s);
}
