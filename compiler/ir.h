/* ir.h — the compiled program as plain data: what code generation sees.
 *
 * Built by ir_build() from a program that passed sem_check() without
 * errors.  Everything is an array of records addressed by integer ids, in a
 * defined order, so dumps (`wpc build --emit ir|json`) and the code
 * generated from them are deterministic.
 *
 *   paths       every path a rule names, and all their ancestors, and every
 *               path the state declares as a list (map and list levels as
 *               [*]); [*] and [**] are segments of their own
 *   conds       condition nodes (BoolLogic), children before parents
 *   values      value nodes (ValueLogic)
 *   rules       one array per rule kind, in declaration order (module load
 *               order, then source order), each tagged with its group
 *   components  sync/flip components with the parity of every member
 *   derived     aggregations and computations in dependency order
 *   listeners   in dispatch (plan) order
 *   dependents  the reverse index: for each path, the rules that read it
 *
 * A new rule kind adds one record type, one lowering in ir_build.c and one
 * section in ir_print.c. */
#ifndef WPC_IR_H
#define WPC_IR_H

#include <stdbool.h>
#include <stdint.h>

#include "compile.h"

typedef uint32_t IrId;
#define IR_NONE UINT32_MAX

/* ---- literals and the state shape: the IR's own copies ------------------------ */

typedef enum IrLitKind { IRLIT_NULL, IRLIT_BOOL, IRLIT_NUMBER, IRLIT_STRING, IRLIT_ARRAY, IRLIT_OBJECT } IrLitKind;

typedef struct IrLit IrLit;
typedef struct IrLitMember {
    const char *key; /* decoded */
    uint32_t key_len;
    const IrLit *value;
} IrLitMember;

struct IrLit { /* a JSON value written in the .wp file */
    IrLitKind kind;
    bool boolean;               /* IRLIT_BOOL */
    double number;              /* IRLIT_NUMBER */
    const char *text;           /* IRLIT_NUMBER: as written; IRLIT_STRING: decoded */
    uint32_t text_len;          /* IRLIT_STRING: decoded byte length */
    const IrLit **items;        /* IRLIT_ARRAY */
    const IrLitMember *members; /* IRLIT_OBJECT, in written order */
    uint32_t nitems;            /* of items or members */
};

typedef enum IrTypeKind { /* the state block's types (for index.d.ts) */
                          IRT_UNKNOWN,
                          IRT_ANY,
                          IRT_BOOL,
                          IRT_NUMBER,
                          IRT_STRING,
                          IRT_NULL,
                          IRT_LITERAL, /* "draft" or 3: lit */
                          IRT_UNION,   /* alts, none of them a union */
                          IRT_OBJECT,  /* fields, declaration order */
                          IRT_MAP,     /* map<elem> */
                          IRT_LIST     /* list<elem> */
} IrTypeKind;

typedef struct IrType IrType;
typedef struct IrField {
    const char *name;
    bool optional;
    const IrType *type;
} IrField;

struct IrType {
    IrTypeKind kind;
    const IrLit *lit;
    const IrType **alts;
    uint32_t nalts;
    const IrField *fields;
    uint32_t nfields;
    const IrType *elem;
};

typedef enum IrCmpOp { IRCMP_EQ, IRCMP_NE, IRCMP_LT, IRCMP_LE, IRCMP_GT, IRCMP_GE } IrCmpOp;

/* The condition forms (semantics §10), listed once: IR_COND(NAME, "text") */
#define IR_COND_KINDS(X)                                                                                               \
    X(CMP, "cmp")       /* path op lit-or-path */                                                                      \
    X(LENGTH, "length") /* length(path) op lit-or-path */                                                              \
    X(EXISTS, "exists")                                                                                                \
    X(EMPTY, "empty")                                                                                                  \
    X(IN, "in") /* path in lit(array) */                                                                               \
    X(CONTAINS_ANY, "contains_any")                                                                                    \
    X(CONTAINS_ALL, "contains_all")                                                                                    \
    X(TRUTHY, "truthy") /* path (== true) */                                                                           \
    X(BOOL, "const")    /* true / false */                                                                             \
    X(NOT, "not")                                                                                                      \
    X(AND, "and")                                                                                                      \
    X(OR, "or")

typedef enum IrCondKind {
#define IR_COND_ENUM(name, text) IRCOND_##name,
    IR_COND_KINDS(IR_COND_ENUM)
#undef IR_COND_ENUM
} IrCondKind;

typedef enum IrValueKind { IRVAL_LIT, IRVAL_TEMPLATE, IRVAL_IF, IRVAL_MATCH } IrValueKind;

typedef enum IrComputeOp { IROP_SUM, IROP_AVG, IROP_MIN, IROP_MAX, IROP_COUNT } IrComputeOp;

const char *ir_cond_kind_name(IrCondKind k);
const char *ir_cmp_op_text(IrCmpOp op);
const char *ir_compute_op_name(IrComputeOp op);

typedef enum IrSegKind { IRSEG_KEY, IRSEG_INDEX, IRSEG_WILD, IRSEG_DEEP } IrSegKind;

typedef struct IrPath {
    IrId parent;     /* IR_NONE at depth 1 */
    IrSegKind kind;  /* of the last segment */
    const char *seg; /* last segment: key or decimal index; "*" / "**" */
    uint32_t depth;
    uint32_t nwild;   /* [*] segments in the whole path */
    const char *text; /* as written in .wp: legs[*].price, a["b c"] */
    bool named;       /* named by a rule (not only an ancestor of one) */
    bool list;        /* the state declares a list here: a write that creates
                               this container makes an array (semantics §2) */
} IrPath;

typedef struct IrCond {
    IrCondKind kind;
    IrCmpOp op;       /* CMP, LENGTH */
    IrId path;        /* IR_NONE for NOT/AND/OR/BOOL */
    const IrLit *lit; /* the right-hand literal; the list of IN/CONTAINS_*; BOOL */
    IrId rhs_path;    /* CMP, LENGTH: a path on the right instead of lit, or IR_NONE */
    IrId lhs, rhs;    /* conds */
} IrCond;

typedef struct IrTemplatePart {
    const char *text; /* literal text, when path == IR_NONE; else the
                               placeholder as written, kept where the value has no text */
    IrId path;
    bool length; /* {{p.length}}: path is p */
} IrTemplatePart;

typedef struct IrMatchArm {
    const char *key; /* the label's key (semantics §10: String(n) for numbers); NULL for _ */
    IrId value;
} IrMatchArm;

typedef struct IrValue {
    IrValueKind kind;
    const IrLit *lit;      /* IRVAL_LIT; IRVAL_TEMPLATE: the whole string */
    IrTemplatePart *parts; /* IRVAL_TEMPLATE */
    uint32_t nparts;
    IrId cond, then_v, else_v; /* IRVAL_IF */
    IrId subject;              /* IRVAL_MATCH: a path */
    IrMatchArm *arms;          /* IRVAL_MATCH, the default arm last */
    uint32_t narms;
} IrValue;

typedef struct IrGroup {
    const char *name;
    bool off;     /* starts disabled */
    IrId when;    /* cond, or IR_NONE */
    IrId *inputs; /* the paths `when` reads, sorted, unique */
    uint32_t ninputs;
} IrGroup;

typedef struct IrRuleBase {
    IrId group; /* IR_NONE: always active */
    Span span;
} IrRuleBase;

typedef struct IrEdge { /* one sync/flip edge of a chain */
    IrRuleBase base;
    IrId a, b;
    bool flip;   /* opposite values */
    bool oneway; /* a -> b */
} IrEdge;

typedef struct IrComponent {
    IrId *members;  /* paths, sorted by id */
    bool *opposite; /* parity of each member relative to members[0] */
    uint32_t nmembers;
} IrComponent;

typedef struct IrSource {
    IrId path;
    IrId exclude; /* cond, or IR_NONE */
} IrSource;

typedef struct IrDerived { /* aggregate T <- S…  or  compute T = op(S…) */
    IrRuleBase base;
    bool is_compute;
    IrComputeOp op;
    IrId target;
    IrSource *sources;
    uint32_t nsources;
} IrDerived;

typedef struct IrClear {
    IrRuleBase base;
    IrId *targets, *triggers;
    uint32_t ntargets, ntriggers;
} IrClear;

typedef enum IrConcernKind {
    IRC_CONDITION, /* a boolean condition */
    IRC_VALUE,     /* a value (template, if, match, literal) */
    IRC_EXTERNAL,  /* computed by a JS function */
    IRC_VALIDATION /* built-in validators + external validators */
} IrConcernKind;

typedef enum IrValidator { /* the built-in validators, from validators.def */
#define VALIDATOR(name, args, message) IRV_##name,
#include "validators.def"
#undef VALIDATOR
                           IRV_COUNT
} IrValidator;

const char *ir_validator_name(IrValidator v);
const char *ir_validator_message(IrValidator v); /* printf template with %s */

typedef struct IrCheck { /* one built-in validator of a validationState */
    IrValidator builtin;
    const IrLit *arg;    /* NULL when it takes none */
    IrId arg_path;       /* equals(p): p; else IR_NONE */
    const char *message; /* custom message, or NULL for the default */
} IrCheck;

typedef struct IrExternal {
    const char *fn;
    IrId *paths;
    uint32_t npaths; /* empty: the field itself */
} IrExternal;

typedef struct IrConcern {
    IrRuleBase base;
    IrId field;
    const char *name; /* output name: disabledWhen, dynamicLabel, NAME */
    IrConcernKind kind;
    IrId cond;           /* IRC_CONDITION */
    IrId value;          /* IRC_VALUE */
    IrExternal external; /* IRC_EXTERNAL */
    IrCheck *checks;     /* IRC_VALIDATION */
    uint32_t nchecks;
    IrExternal *validators; /* IRC_VALIDATION: external validators */
    uint32_t nvalidators;
    IrId *inputs; /* every path the concern reads, sorted, unique */
    uint32_t ninputs;
} IrConcern;

typedef struct IrListener {
    IrRuleBase base;
    const char *handler;
    IrId *topics; /* empty: the root listener */
    uint32_t ntopics;
    IrId scope;     /* IR_NONE: root */
    uint32_t depth; /* deepest topic */
    uint32_t scope_depth;
    uint32_t decl; /* declaration index */
} IrListener;

typedef enum IrRuleKind { IRR_EDGE, IRR_DERIVED, IRR_CLEAR, IRR_CONCERN, IRR_LISTENER } IrRuleKind;

typedef struct IrRuleRef {
    IrRuleKind kind;
    IrId index;
} IrRuleRef;

typedef struct IrDependents { /* reverse index entry of one path */
    IrRuleRef *rules;
    uint32_t nrules;
} IrDependents;

typedef struct IrProgram {
    const char *source; /* root file name as given */
    IrPath *paths;
    uint32_t npaths;
    IrCond *conds;
    uint32_t nconds;
    IrValue *values;
    uint32_t nvalues;
    IrGroup *groups;
    uint32_t ngroups;
    IrEdge *edges;
    uint32_t nedges;
    IrComponent *components;
    uint32_t ncomponents;
    IrDerived *derived;
    uint32_t nderived;   /* declaration order */
    IrId *derived_order; /* indices into derived, dependency order */
    IrClear *clears;
    uint32_t nclears;
    IrConcern *concerns;
    uint32_t nconcerns;
    IrListener *listeners;
    uint32_t nlisteners;      /* dispatch order */
    IrDependents *dependents; /* one per path */
    uint32_t ntests;
    const IrType *state; /* the merged state block; NULL when there is none */
    /* JavaScript names the package's options must bind, declaration order */
    const char **handlers;
    uint32_t nhandlers;
    const char **external_validators;
    uint32_t nexternal_validators;
    const char **external_concerns;
    uint32_t nexternal_concerns;
} IrProgram;

IrProgram *ir_build(Compilation *c);

/* The IR's own copy of a literal of the syntax tree (ir_build.c), in `a`:
 * what the test plan (test_plan.c) prints its steps' values from. */
struct Lit;
const IrLit *ir_lit_from_ast(Arena *a, const struct Lit *l);

/* How ir_lit_write spells a literal: null, true and false as they are,
 * numbers and strings (object keys too) by the caller's own functions,
 * arrays in [ ] with `item_sep`, objects with the separators below.  A
 * literal nested deeper than `max_depth`, or missing, is `unknown`. */
typedef struct IrLitStyle {
    void (*number)(Arena *a, StrBuf *b, const IrLit *l);
    void (*string)(Arena *a, StrBuf *b, const char *s, uint32_t len);
    const char *item_sep, *object_open, *member_sep, *key_sep, *object_close;
    uint32_t max_depth;
    const char *unknown;
} IrLitStyle;

/* Appends literal `l`, at nesting `depth`, to `b` (ir_lit.c). */
void ir_lit_write(Arena *a, StrBuf *b, const IrLit *l, const IrLitStyle *style, uint32_t depth);

/* A literal as a JSON value (ir_print.c). */
typedef struct Json Json;
Json *ir_lit_json(const IrLit *l);

const char *ir_print_text(Arena *arena, const IrProgram *ir);
const char *ir_print_json(Arena *arena, const IrProgram *ir);

#endif
