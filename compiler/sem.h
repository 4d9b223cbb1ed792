/* sem.h — the checked program: what semantic analysis hands to the IR.
 *
 * sem_check() runs after compile_load() (compile.h).  It merges the `state`
 * blocks into one type tree, resolves and type-checks every path of every
 * rule, checks each rule (wildcards, validators, match arms, listener
 * scopes, ...), finds duplicates and cycles, runs the lints and applies
 * `// wpc-allow` suppressions.  Diagnostics go to c->diags; the result is a
 * SemInfo in c->sem (always set, even when errors were found).
 *
 * SemInfo is built so that a later stage can lower without re-deriving
 * anything sema already knew:
 *   - `rules`   every rule of every module as one flat list in a fixed order
 *               (module load order, then source order; rules inside a group
 *               block keep their place), each tagged with its group and, for
 *               fields, the output name of every concern line;
 *   - `state`   the merged state type (NULL when no file has a `state`);
 *   - `paths`   one record per Path node named by a rule, a group condition
 *               or a test: its resolved type, wildcard counts and canonical
 *               text (look one up with sem_path());
 *   - name tables: named validators, groups, tests, listener handlers,
 *               external validator / concern functions, all in declaration
 *               (first-appearance) order.
 * Every table is in declaration order; nothing is ordered by hash or
 * pointer.  The AST is shared, not copied: records point at AST nodes.
 *
 * One AST mutation: for a template placeholder `{{p.length}}` that sema
 * decides means "the length of p" (see docs/semantics-checks.md), it sets
 * TemplatePart.length = true (as ast.h announces) and marks the SemPath
 * record of that path with `length`; the placeholder's Path still ends with
 * the `length` segment, so the path to read is the path minus its last
 * segment. */
#ifndef WPC_SEM_H
#define WPC_SEM_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"
#include "compile.h"

#define SEM_NONE UINT32_MAX

/* ---- the state type ------------------------------------------------------ */

typedef enum SemTypeKind {
    SEM_TY_UNKNOWN, /* no state block, or the path did not resolve */
    SEM_TY_ANY,
    SEM_TY_BOOL,
    SEM_TY_NUMBER,
    SEM_TY_STRING,
    SEM_TY_NULL,
    SEM_TY_LITERAL, /* "draft" or 3 */
    SEM_TY_UNION,   /* flattened: no alternative is itself a union */
    SEM_TY_OBJECT,
    SEM_TY_MAP, /* map<elem>: string keys */
    SEM_TY_LIST /* list<elem> */
} SemTypeKind;

typedef struct SemType SemType;

typedef struct SemField {
    const char *name;
    bool optional; /* name?: T (may be absent) */
    const SemType *type;
    const FieldDecl *decl; /* where it was declared */
} SemField;

struct SemType {
    SemTypeKind kind;
    const TypeExpr *decl; /* as written; NULL for the merged root and for unions sema built */
    const Lit *lit;       /* SEM_TY_LITERAL (a LIT_STRING or LIT_NUMBER) */
    const SemType **alts; /* SEM_TY_UNION */
    uint32_t nalts;
    SemField *fields; /* SEM_TY_OBJECT, declaration order (merged blocks: file order) */
    uint32_t nfields;
    const uint32_t *by_name; /* SEM_TY_OBJECT: field indices sorted by name (sem_type_field) */
    const SemType *elem;     /* SEM_TY_MAP, SEM_TY_LIST */
};

/* The shared "unknown" type: every path has it when there is no state. */
extern const SemType sem_type_unknown;

/* ---- paths ----------------------------------------------------------------- */

typedef struct SemPath {
    const Path *path;
    const char *key;     /* canonical run-time form: items.0.qty, legs[*].price,
                               a["x.y"]; `legs["0"]`, `legs[0]`, `legs.0` all give legs.0 */
    const SemType *type; /* resolved type; &sem_type_unknown without state or after an error */
    bool resolved;       /* resolved in the state (false without state or on error) */
    bool may_be_absent;  /* passes an optional field, a map key or a list index */
    bool length;         /* template {{p.length}}: the value is the length of p
                               (the path minus its last segment); type is number */
    uint32_t nwild;      /* [*] segments */
    uint32_t ndeep;      /* [**] segments */
    uint32_t rule;       /* index in SemInfo.rules naming it; SEM_NONE for tests,
                               group conditions and named validators */
} SemPath;

/* ---- rules ----------------------------------------------------------------- */

typedef struct SemConcern {
    const Concern *concern;
    const char *output; /* disabledWhen, dynamicLabel, validationState, NAME;
                               NULL when the line is malformed (parse error) */
} SemConcern;

typedef struct SemRule {
    const Item *item; /* ITEM_SYNC, FLIP, AGGREGATE, COMPUTE, CLEAR, FIELD or LISTEN */
    uint32_t index;   /* position in SemInfo.rules */
    uint32_t module;  /* index in Compilation.modules */
    uint32_t group;   /* index in SemInfo.groups; SEM_NONE at top level */
    PtrVec concerns;  /* ITEM_FIELD: SemConcern *, one per concern line, in order */
} SemRule;

typedef struct SemValidator { /* validator NAME = builtin(args) "msg" */
    const char *name;
    const Item *item;
    uint32_t module;
    uint32_t uses; /* validate lines naming it */
} SemValidator;

typedef struct SemGroup {
    const char *name;
    const Item *item; /* the group block; item->when, item->off */
    uint32_t module;
    uint32_t first_rule; /* its rules are rules[first_rule .. first_rule + nrules) */
    uint32_t nrules;
} SemGroup;

typedef struct SemTest {
    const char *name;
    const Item *item; /* item->steps */
    uint32_t module;
} SemTest;

typedef struct SemPathIndex SemPathIndex; /* private: Path * -> SemPath * */

typedef struct SemInfo {
    PtrVec rules;               /* SemRule * */
    const SemType *state;       /* merged state type; NULL when no state block */
    PtrVec paths;               /* SemPath *, in the order sema met them */
    PtrVec validators;          /* SemValidator * (first declaration of each name) */
    PtrVec groups;              /* SemGroup * */
    PtrVec tests;               /* SemTest * */
    PtrVec handlers;            /* const char *: listener handler names, unique */
    PtrVec external_validators; /* const char *: `validate external F` names, unique */
    PtrVec external_concerns;   /* const char *: `concern x = external F` names, unique */
    bool parse_errors;          /* some module had syntax errors: lints were skipped
                                   (and type checks too when a `state` block was
                                   among the broken statements); tables may be partial */
    SemPathIndex *index;
} SemInfo;

/* Runs every check; sets c->sem.  Safe to call when loading reported errors. */
void sem_check(Compilation *c);

/* The record of a Path node that a rule, group condition or test names
 * (NULL for paths sema never saw, e.g. inside a parse-error statement). */
const SemPath *sem_path(const SemInfo *s, const Path *p);

/* The named validator `name`, or NULL. */
const SemValidator *sem_validator(const SemInfo *s, const char *name);

/* The field `name` of an object type, or NULL (a binary search). */
const SemField *sem_type_field(const SemType *obj, const char *name);

/* Renders a type as a TypeScript-like string (`"a" | "b"`, `map<number>`). */
const char *sem_type_text(Arena *a, const SemType *t);

#endif
