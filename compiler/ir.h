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

#include "ast.h"
#include "compile.h"

typedef uint32_t IrId;
#define IR_NONE UINT32_MAX

typedef enum IrSegKind { IRSEG_KEY, IRSEG_INDEX, IRSEG_WILD, IRSEG_DEEP } IrSegKind;

typedef struct IrPath {
    IrId parent;            /* IR_NONE at depth 1 */
    IrSegKind kind;         /* of the last segment */
    const char *seg;        /* last segment: key or decimal index; "*" / "**" */
    uint32_t depth;
    uint32_t nwild;         /* [*] segments in the whole path */
    const char *text;       /* as written in .wp: legs[*].price, a["b c"] */
    bool named;             /* named by a rule (not only an ancestor of one) */
    bool list;              /* the state declares a list here: a write that creates
                               this container makes an array (semantics §2) */
} IrPath;

typedef struct IrCond {
    CondKind kind;
    CmpOp op;
    IrId path;              /* IR_NONE for NOT/AND/OR/BOOL */
    const Lit *lit;
    IrId lhs, rhs;          /* conds */
} IrCond;

typedef struct IrTemplatePart {
    const char *text;       /* literal text, when path == IR_NONE */
    IrId path;
    bool length;            /* {{p.length}}: path is p */
} IrTemplatePart;

typedef struct IrMatchArm {
    const char *key;        /* the label's key (semantics §10: String(n) for numbers); NULL for _ */
    IrId value;
} IrMatchArm;

typedef struct IrValue {
    ValueKind kind;
    const Lit *lit;                 /* VAL_LIT */
    IrTemplatePart *parts;          /* VAL_TEMPLATE */
    uint32_t nparts;
    IrId cond, then_v, else_v;      /* VAL_IF */
    IrId subject;                   /* VAL_MATCH: a path */
    IrMatchArm *arms;               /* VAL_MATCH, the default arm last */
    uint32_t narms;
} IrValue;

typedef struct IrGroup {
    const char *name;
    bool off;               /* starts disabled */
    IrId when;              /* cond, or IR_NONE */
} IrGroup;

typedef struct IrRuleBase {
    IrId group;             /* IR_NONE: always active */
    Span span;
} IrRuleBase;

typedef struct IrEdge {     /* one sync/flip edge of a chain */
    IrRuleBase base;
    IrId a, b;
    bool flip;              /* opposite values */
    bool oneway;            /* a -> b */
} IrEdge;

typedef struct IrComponent {
    IrId *members;          /* paths, sorted by id */
    bool *opposite;         /* parity of each member relative to members[0] */
    uint32_t nmembers;
} IrComponent;

typedef struct IrSource {
    IrId path;
    IrId exclude;           /* cond, or IR_NONE */
} IrSource;

typedef struct IrDerived {  /* aggregate T <- S…  or  compute T = op(S…) */
    IrRuleBase base;
    bool is_compute;
    ComputeOp op;
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
    IRC_CONDITION,          /* a boolean condition */
    IRC_VALUE,              /* a value (template, if, match, literal) */
    IRC_EXTERNAL,           /* computed by a JS function */
    IRC_VALIDATION          /* built-in validators + external validators */
} IrConcernKind;

typedef struct IrCheck {    /* one built-in validator of a validationState */
    int builtin;            /* BuiltinValidator (names.h) */
    const Lit *arg;         /* NULL when it takes none */
    const char *message;    /* custom message, or NULL for the default */
} IrCheck;

typedef struct IrExternal {
    const char *fn;
    IrId *paths;
    uint32_t npaths;        /* empty: the field itself */
} IrExternal;

typedef struct IrConcern {
    IrRuleBase base;
    IrId field;
    const char *name;       /* output name: disabledWhen, dynamicLabel, NAME */
    IrConcernKind kind;
    IrId cond;              /* IRC_CONDITION */
    IrId value;             /* IRC_VALUE */
    IrExternal external;    /* IRC_EXTERNAL */
    IrCheck *checks;        /* IRC_VALIDATION */
    uint32_t nchecks;
    IrExternal *validators; /* IRC_VALIDATION: external validators */
    uint32_t nvalidators;
    IrId *inputs;           /* every path the concern reads, sorted, unique */
    uint32_t ninputs;
} IrConcern;

typedef struct IrListener {
    IrRuleBase base;
    const char *handler;
    IrId *topics;           /* empty: the root listener */
    uint32_t ntopics;
    IrId scope;             /* IR_NONE: root */
    uint32_t depth;         /* deepest topic */
    uint32_t scope_depth;
    uint32_t decl;          /* declaration index */
} IrListener;

typedef enum IrRuleKind { IRR_EDGE, IRR_DERIVED, IRR_CLEAR, IRR_CONCERN, IRR_LISTENER } IrRuleKind;

typedef struct IrRuleRef {
    IrRuleKind kind;
    IrId index;
} IrRuleRef;

typedef struct IrDependents {   /* reverse index entry of one path */
    IrRuleRef *rules;
    uint32_t nrules;
} IrDependents;

typedef struct IrProgram {
    const char *source;     /* root file name as given */
    IrPath *paths;       uint32_t npaths;
    IrCond *conds;       uint32_t nconds;
    IrValue *values;     uint32_t nvalues;
    IrGroup *groups;     uint32_t ngroups;
    IrEdge *edges;       uint32_t nedges;
    IrComponent *components; uint32_t ncomponents;
    IrDerived *derived;  uint32_t nderived;     /* declaration order */
    IrId *derived_order;                        /* indices into derived, dependency order */
    IrClear *clears;     uint32_t nclears;
    IrConcern *concerns; uint32_t nconcerns;
    IrListener *listeners; uint32_t nlisteners; /* dispatch order */
    IrDependents *dependents;                   /* one per path */
    uint32_t ntests;
} IrProgram;

IrProgram *ir_build(Compilation *c);

const char *ir_print_text(Arena *arena, const IrProgram *ir);
const char *ir_print_json(Arena *arena, const IrProgram *ir);

#endif
