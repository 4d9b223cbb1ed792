/* import_concerns.c — the concerns map of the library (what an application
 * passes to useConcerns: field path -> concern name -> configuration) as
 * .wp field blocks:
 *
 *   disabledWhen | visibleWhen | readonlyWhen: { boolLogic }   disabled | visible | readonly when …
 *   NAME: { boolLogic }                                         concern NAME when …
 *   dynamicLabel | dynamicTooltip | dynamicPlaceholder:
 *       { template } or { valueLogic }                          label | tooltip | placeholder = …
 *   NAME: { valueLogic }                                        concern NAME = …
 *   validationState: { schema, scope? }                         validate external NAME(scope)
 *
 * The library looks at boolLogic first, then valueLogic, then a schema,
 * then a concern of that name that reads the rest (the three text concerns
 * read `template`); so does this conversion. */
#include <string.h>

#include "import_internal.h"

typedef struct Builtin {
    const char *output; /* the library's name, .wp's output name */
    const char *line;   /* the .wp line keyword */
    bool text;          /* a text concern (template or value) */
} Builtin;

static const Builtin builtins[] = {
    {"disabledWhen", "disabled", false}, {"visibleWhen", "visible", false},
    {"readonlyWhen", "readonly", false}, {"dynamicLabel", "label", true},
    {"dynamicTooltip", "tooltip", true}, {"dynamicPlaceholder", "placeholder", true},
};

static const Builtin *builtin(const char *name)
{
    for (size_t i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
        if (strcmp(builtins[i].output, name) == 0) return &builtins[i];
    return NULL;
}

static ImpField *field_of(Imp *m, const char *wp_path)
{
    ImpField *f = strmap_get(&m->field_map, wp_path);
    if (f) return f;
    f = ARENA_NEW(m->a, ImpField);
    f->wp_path = wp_path;
    strmap_init(&f->names, m->a);
    strmap_put(&m->field_map, wp_path, f);
    ptrvec_push(m->a, &m->fields, f);
    return f;
}

/* Claims output name `name` for the field; false (after a warning) when an
 * earlier registration declared it. */
static bool claim(Imp *m, ImpField *f, const char *name, const Json *at, const char *pointer)
{
    const char *first = strmap_get(&f->names, name);
    if (first) {
        imp_assumed(m, at, pointer,
                    "the field already has a concern '%s' (%s); .wp declares each once, so the first is kept", name,
                    first);
        return false;
    }
    strmap_put(&f->names, arena_strdup(m->a, name), (void *)pointer);
    return true;
}

static bool custom_name(Imp *m, const char *name, const Json *at, const char *pointer)
{
    if (imp_is_ident(name)) return true;
    imp_report(m, D_CONVERT_NO_EQUIVALENT, at, pointer, true,
               "the concern name '%s' is not an identifier, which a .wp concern name must be", name);
    return false;
}

static void validator(Imp *m, ImpField *f, const char *field_apex, const Json *cfg, const char *pointer)
{
    static const char *const keys[] = {"schema", "scope", NULL};
    imp_check_members(m, cfg, pointer, "a validationState concern", keys);
    const Json *schema = json_member(cfg, "schema"), *scope = json_member(cfg, "scope");
    const char *deps = "";
    if (scope && json_kind(scope) != JSON_NULL) {
        const char *sp = imp_ptr_key(m, pointer, "scope");
        const char *ws = imp_path(m, scope, sp, USE_PLAIN, 0);
        if (!ws) return;
        deps = arena_printf(m->a, "(%s)", ws);
        imp_assumed(m, scope, sp,
                    "the library validates the value at the scope '%s'; the .wp validator is called with the "
                    "field's value and gets the scope's value as deps[\"%s\"]",
                    json_str(scope), json_str(scope));
    }
    const char *name;
    if (schema && json_kind(schema) == JSON_STRING && imp_is_ident(json_str(schema))) {
        name = json_str(schema);
        imp_use_name(m, name);
    } else {
        name = imp_name_from_path(m, "validate", field_apex);
        imp_assumed(m, schema, imp_ptr_key(m, pointer, "schema"),
                    "the schema has no name (JSON cannot hold it); the external validator is named '%s': pass "
                    "createPipeline(state, { validators: { %s } }), a function (value, deps) returning "
                    "{ isError, errors }, or give \"schema\": \"name\"",
                    name, name);
    }
    if (!claim(m, f, "validationState", cfg, pointer)) return;
    imp_list_name(m, 'v', name);
    strbuf_printf(m->a, &f->lines, "validate external %s%s\n", name, deps);
}

static void concern(Imp *m, ImpField *f, const char *field_apex, const char *name, const Json *cfg, const char *pointer)
{
    const Builtin *b = builtin(name);
    const Json *bl = json_member(cfg, "boolLogic"), *vl = json_member(cfg, "valueLogic");
    if (bl && json_kind(bl) == JSON_NULL) bl = NULL;
    if (vl && json_kind(vl) == JSON_NULL) vl = NULL;
    StrBuf line = {0};
    if (bl || vl) {
        if (!b && !custom_name(m, name, cfg, pointer)) return;
        static const char *const bkeys[] = {"boolLogic", NULL}, *const vkeys[] = {"valueLogic", NULL};
        imp_check_members(m, cfg, pointer, bl ? "a boolLogic concern" : "a valueLogic concern", bl ? bkeys : vkeys);
        if (bl) {
            if (b && !b->text)
                strbuf_printf(m->a, &line, "%s when ", b->line);
            else
                strbuf_printf(m->a, &line, "concern %s when ", name);
            if (!imp_cond(m, &line, bl, imp_ptr_key(m, pointer, "boolLogic"))) return;
        } else {
            if (b && b->text)
                strbuf_printf(m->a, &line, "%s = ", b->line);
            else
                strbuf_printf(m->a, &line, "concern %s = ", name);
            if (!imp_value_logic(m, &line, vl, imp_ptr_key(m, pointer, "valueLogic"))) return;
        }
    } else if (!strcmp(name, "validationState") && json_member(cfg, "schema") && !json_member(cfg, "evaluate")) {
        validator(m, f, field_apex, cfg, pointer);
        return;
    } else if (json_member(cfg, "evaluate")) {
        imp_none(m, cfg, pointer,
                 "the concern '%s' is computed by a JavaScript function of its own; write it in .wp as "
                 "`concern %s = external fn(paths…)` and pass fn as createPipeline's concerns option",
                 name, imp_is_ident(name) ? name : "NAME");
        return;
    } else if (b && b->text && json_member(cfg, "template")) {
        static const char *const keys[] = {"template", NULL};
        imp_check_members(m, cfg, pointer, "a text concern", keys);
        strbuf_printf(m->a, &line, "%s = ", b->line);
        if (!imp_template(m, &line, json_member(cfg, "template"), imp_ptr_key(m, pointer, "template"))) return;
    } else {
        imp_bad(m, cfg, pointer, "%s",
                b && b->text ? arena_printf(m->a, "the concern '%s' needs a template or a valueLogic", name)
                : b          ? arena_printf(m->a, "the concern '%s' needs a boolLogic", name)
                : !strcmp(name, "validationState")
                    ? "a validationState concern needs a schema"
                    : arena_printf(m->a,
                                   "the concern '%s' has no boolLogic, valueLogic or schema, and the library has "
                                   "no concern of that name to read the rest",
                                   name));
        return;
    }
    if (!claim(m, f, b ? b->output : name, cfg, pointer)) return;
    strbuf_printf(m->a, &f->lines, "%s\n", strbuf_cstr(m->a, &line));
}

static void field(Imp *m, const Json *member, const char *pointer)
{
    const char *apex = json_key(member);
    if (json_kind(member) == JSON_NULL) return;
    if (json_kind(member) != JSON_OBJECT) {
        imp_bad(m, member, pointer, "the concerns of a field are an object { concernName: config }, found %s",
                imp_kind_name(member));
        return;
    }
    const char *wp = imp_path_text(m, apex, member, pointer, USE_PLAIN, PATH_KEY);
    if (!wp) return;
    ImpField *f = field_of(m, wp);
    imp_check_members(m, member, pointer, "a field's concerns", NULL);
    ImpLast last = {0};
    for (const Json *c = json_child(member); c; c = json_sibling(c)) {
        const char *name = json_key(c);
        if (!imp_is_last(m, &last, member, c)) continue; /* the last one counts */
        const char *cp = imp_ptr_key(m, pointer, name);
        /* the library skips a falsy configuration */
        if (json_kind(c) == JSON_NULL || json_kind(c) == JSON_FALSE) continue;
        if (json_kind(c) != JSON_OBJECT) {
            imp_bad(m, c, cp, "a concern's configuration is an object ({ boolLogic }, { valueLogic }, …), found %s",
                    imp_kind_name(c));
            continue;
        }
        concern(m, f, apex, name, c, cp);
    }
}

static void registration(Imp *m, const Json *cm, const char *pointer)
{
    if (json_kind(cm) != JSON_OBJECT) {
        imp_bad(m, cm, pointer, "the concerns are an object { fieldPath: { concernName: config } }, found %s",
                imp_kind_name(cm));
        return;
    }
    imp_check_members(m, cm, pointer, "the concerns", NULL);
    ImpLast last = {0};
    for (const Json *c = json_child(cm); c; c = json_sibling(c))
        if (imp_is_last(m, &last, cm, c)) field(m, c, imp_ptr_key(m, pointer, json_key(c)));
}

void imp_concerns(Imp *m, const Json *cm, const char *pointer)
{
    if (json_kind(cm) == JSON_ARRAY) { /* several useConcerns registrations */
        size_t i = 0;
        for (const Json *r = json_child(cm); r; r = json_sibling(r), i++)
            registration(m, r, imp_ptr_index(m, pointer, i));
    } else {
        registration(m, cm, pointer);
    }
}
