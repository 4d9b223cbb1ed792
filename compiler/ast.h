/* ast.h — the syntax tree of a .wp file.
 *
 * Built by the grammar actions (grammar/parser.y, through the ast_*
 * constructors in ast.c), read by sema (compiler/sem*.c), the formatter
 * (compiler/fmt.c) and the IR lowering.  Every node lives in the
 * compilation's arena and carries a byte-offset Span.  Lists are PtrVecs of
 * node pointers, in source order.  Strings are decoded (escapes resolved),
 * NUL-terminated, arena-owned; `len` is kept where a string may contain NUL.
 *
 * The tree records what was written, not what it means: concern names are
 * kept as written (`disabled`, not `disabledWhen`), paths are unresolved,
 * and parentheses the user wrote are kept (fmt preserves them). */
#ifndef WPC_AST_H
#define WPC_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "source.h"

/* ---- literals (JSON values) ------------------------------------------ */

typedef enum LitKind { LIT_NULL, LIT_BOOL, LIT_NUMBER, LIT_STRING, LIT_ARRAY, LIT_OBJECT } LitKind;

typedef struct Lit Lit;
typedef struct LitMember {
    const char *key; /* decoded */
    uint32_t key_len;
    Span key_span;
    bool key_quoted; /* written as "key" rather than key */
    Lit *value;
} LitMember;

struct Lit {
    LitKind kind;
    Span span;
    bool boolean;      /* LIT_BOOL */
    double number;     /* LIT_NUMBER */
    const char *text;  /* LIT_NUMBER: as written, without `_`;  LIT_STRING: decoded */
    uint32_t text_len; /* LIT_STRING: decoded byte length */
    PtrVec items;      /* LIT_ARRAY: Lit *;  LIT_OBJECT: LitMember * */
};

/* ---- paths ----------------------------------------------------------- */

typedef enum SegKind {
    SEG_NAME,  /* user.email, or a quoted key legs["SKU-1"] */
    SEG_INDEX, /* items[0] or items.0 */
    SEG_WILD,  /* [*]  : binds a key by position within a rule */
    SEG_DEEP   /* [**] : every key, not bound (clear targets only) */
} SegKind;

typedef struct PathSeg {
    SegKind kind;
    Span span;
    const char *name; /* SEG_NAME: decoded key; SEG_INDEX: decimal text */
    uint32_t name_len;
    uint32_t index; /* SEG_INDEX */
    bool quoted;    /* SEG_NAME written as ["..."] */
    bool bracketed; /* SEG_INDEX written as [n] rather than .n */
} PathSeg;

typedef struct Path {
    Span span;
    PtrVec segs; /* PathSeg * ; never empty */
} Path;

/* ---- types (state block) ---------------------------------------------- */

typedef enum TypeKind {
    TY_BOOL,
    TY_NUMBER,
    TY_STRING,
    TY_NULL,
    TY_ANY,
    TY_LITERAL, /* "draft", 3 (a LIT_STRING or LIT_NUMBER) */
    TY_UNION,   /* alts */
    TY_OBJECT,  /* fields */
    TY_MAP,     /* map<elem> : string keys */
    TY_LIST     /* list<elem> */
} TypeKind;

typedef struct TypeExpr TypeExpr;
typedef struct FieldDecl {
    Span span; /* the whole `name?: type` */
    const char *name;
    Span name_span;
    bool optional; /* name?: T */
    TypeExpr *type;
} FieldDecl;

struct TypeExpr {
    TypeKind kind;
    Span span;
    Lit *lit;       /* TY_LITERAL */
    PtrVec alts;    /* TY_UNION: TypeExpr * (flattened, >= 2) */
    PtrVec fields;  /* TY_OBJECT: FieldDecl * */
    TypeExpr *elem; /* TY_MAP, TY_LIST */
};

/* ---- conditions (BoolLogic) ------------------------------------------- */

typedef enum CmpOp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE } CmpOp;

typedef enum CondKind {
    COND_CMP,          /* path op lit, or path op path */
    COND_LENGTH,       /* length(path) op lit, or length(path) op path */
    COND_EXISTS,       /* exists path */
    COND_EMPTY,        /* empty path */
    COND_IN,           /* path in lit(array) */
    COND_CONTAINS_ANY, /* path contains any lit(array) */
    COND_CONTAINS_ALL, /* path contains all lit(array) */
    COND_TRUTHY,       /* path  (== true) */
    COND_BOOL,         /* true / false literal condition */
    COND_NOT,
    COND_AND,
    COND_OR
} CondKind;

typedef struct Cond Cond;
struct Cond {
    CondKind kind;
    Span span;
    bool parens; /* written inside ( ) */
    CmpOp op;    /* COND_CMP, COND_LENGTH */
    Path *path;
    Lit *lit;        /* COND_CMP, COND_LENGTH, COND_IN, COND_CONTAINS_*, COND_BOOL */
    Path *rhs_path;  /* COND_CMP, COND_LENGTH: a path on the right instead of lit */
    Cond *lhs, *rhs; /* COND_NOT uses lhs only */
};

/* ---- values (ValueLogic) ---------------------------------------------- */

typedef enum ValueKind {
    VAL_LIT,      /* a non-string literal */
    VAL_TEMPLATE, /* a string literal; parts split at {{path}} */
    VAL_IF,       /* if cond then a else b (else-if chains nest in b) */
    VAL_MATCH     /* match path { lit => v, ..., _ => v } */
} ValueKind;

typedef struct TemplatePart {
    bool is_path;
    const char *text; /* literal text (decoded) when !is_path; the placeholder as
                               written ("{{ user.name }}") when is_path */
    uint32_t text_len;
    Path *path;  /* when is_path */
    bool length; /* {{p.length}} : resolved by sema, parser keeps it a path */
} TemplatePart;

typedef struct Value Value;
typedef struct MatchArm {
    Span span;
    Lit *label; /* NULL for `_` */
    Value *value;
} MatchArm;

struct Value {
    ValueKind kind;
    Span span;
    Lit *lit;               /* VAL_LIT; VAL_TEMPLATE: the string literal */
    PtrVec parts;           /* VAL_TEMPLATE: TemplatePart * */
    Cond *cond;             /* VAL_IF */
    Value *then_v, *else_v; /* VAL_IF */
    Path *subject;          /* VAL_MATCH */
    PtrVec arms;            /* VAL_MATCH: MatchArm * (the `_` arm included, where written) */
};

/* ---- validators ------------------------------------------------------- */

typedef struct ValidatorCall {
    Span span;
    const char *name; /* required, min, ..., or a declared validator */
    Span name_span;
    bool has_args;       /* written with ( ) */
    PtrVec args;         /* Lit * */
    Path *path_arg;      /* equals(a.b): the path, instead of args */
    const char *message; /* optional custom message (decoded), NULL if none */
    Span message_span;
} ValidatorCall;

/* An external function call: validate external f(a, b) / concern x = external f(a) */
typedef struct ExternalCall {
    Span span;
    const char *fn;
    Span fn_span;
    bool has_parens;
    PtrVec paths; /* Path * ; may be empty (defaults to the field) */
} ExternalCall;

/* ---- field concerns --------------------------------------------------- */

typedef enum ConcernKind {
    CONCERN_WHEN,             /* disabled when C / concern NAME when C */
    CONCERN_VALUE,            /* label = V / concern NAME = V */
    CONCERN_EXTERNAL,         /* concern NAME = external f(paths) */
    CONCERN_VALIDATE,         /* validate v1, v2(args) "msg", ... */
    CONCERN_VALIDATE_EXTERNAL /* validate external f(paths) */
} ConcernKind;

typedef struct Concern {
    ConcernKind kind;
    Span span;
    bool custom;      /* written with the `concern` keyword */
    const char *name; /* as written: "disabled", "label", "risk"; NULL for validate */
    Span name_span;
    Cond *cond;             /* CONCERN_WHEN */
    Value *value;           /* CONCERN_VALUE */
    ExternalCall *external; /* CONCERN_EXTERNAL, CONCERN_VALIDATE_EXTERNAL */
    PtrVec validators;      /* CONCERN_VALIDATE: ValidatorCall * */
} Concern;

/* ---- tests ------------------------------------------------------------ */

typedef enum TestStepKind {
    STEP_GIVEN,          /* given { ... }            : lit */
    STEP_SET,            /* set path = lit           : path, lit */
    STEP_EXPECT,         /* expect path[:concern] op lit : path, concern, op (EQ/NE), lit */
    STEP_EXPECT_CHANGES, /* expect changes [not] contain path : path, negated */
    STEP_THEN            /* then : a new batch */
} TestStepKind;

typedef struct TestStep {
    TestStepKind kind;
    Span span;
    Path *path;
    const char *concern; /* STEP_EXPECT on `field:concern`, else NULL */
    Span concern_span;
    CmpOp op;
    bool negated; /* STEP_EXPECT_CHANGES: `not contain` */
    Lit *lit;
} TestStep;

/* ---- statements ------------------------------------------------------- */

typedef enum ItemKind {
    ITEM_IMPORT,
    ITEM_STATE,
    ITEM_SYNC,
    ITEM_FLIP,
    ITEM_AGGREGATE,
    ITEM_COMPUTE,
    ITEM_CLEAR,
    ITEM_FIELD,
    ITEM_VALIDATOR,
    ITEM_LISTEN,
    ITEM_GROUP,
    ITEM_TEST
} ItemKind;

typedef enum SyncArrow { ARROW_BOTH, ARROW_ONEWAY } SyncArrow; /* <->, -> */

typedef enum ComputeOp { OP_SUM, OP_AVG, OP_MIN, OP_MAX, OP_COUNT } ComputeOp;

typedef enum ScopeKind {
    SCOPE_DEFAULT, /* no scope clause */
    SCOPE_ROOT,    /* scope root */
    SCOPE_PATH     /* scope some.path */
} ScopeKind;

/* A source of aggregate/compute with its optional `exclude when`. */
typedef struct Source {
    Span span;
    Path *path;
    Cond *exclude;             /* NULL when not excluded */
    bool exclude_after_parens; /* compute ... ) exclude when C  (fmt keeps the form) */
} Source;

typedef struct Item Item;
struct Item {
    ItemKind kind;
    Span span;         /* the whole statement */
    Span keyword_span; /* its first token */

    /* ITEM_IMPORT */
    const char *import_path; /* decoded string */
    Span import_path_span;
    /* ITEM_STATE */
    PtrVec state_fields; /* FieldDecl * */
    /* ITEM_SYNC, ITEM_FLIP: paths[0] arrows[0] paths[1] arrows[1] paths[2] ... */
    PtrVec paths;      /* Path * (sync/flip chain; listen paths; clear targets) */
    SyncArrow *arrows; /* paths.len - 1 entries (flip: all ARROW_BOTH) */
    /* ITEM_AGGREGATE, ITEM_COMPUTE */
    Path *target;
    ComputeOp op;
    Span op_span;
    PtrVec sources; /* Source * */
    /* ITEM_CLEAR: paths = targets */
    PtrVec triggers; /* Path * */
    /* ITEM_FIELD */
    Path *field;
    PtrVec concerns; /* Concern * */
    /* ITEM_VALIDATOR, ITEM_GROUP, ITEM_TEST, ITEM_LISTEN (handler) */
    const char *name;
    Span name_span;
    ValidatorCall *validator; /* ITEM_VALIDATOR: the body */
    /* ITEM_LISTEN: paths (empty for a root listener) */
    ScopeKind scope_kind;
    Path *scope;
    /* ITEM_GROUP */
    bool off;
    Cond *when;
    PtrVec items; /* Item * */
    /* ITEM_TEST */
    PtrVec steps; /* TestStep * */
};

/* ---- files ------------------------------------------------------------ */

typedef struct Comment {
    Span span; /* includes the // or the slash-star delimiters */
    bool block;
    bool own_line; /* nothing but whitespace before it on its line */
} Comment;

typedef struct Module {
    uint32_t file;      /* SourceMap index */
    PtrVec items;       /* Item * */
    PtrVec comments;    /* Comment *, in source order (for fmt and suppressions) */
    bool had_errors;    /* lexical or syntax errors were reported */
    bool state_damaged; /* one of them fell inside a `state` statement, so the
                               state type may be incomplete (sema then skips
                               type checks rather than report false errors) */
} Module;

/* Names for printing (IR dumps, messages): "sync", "<->", "sum", ... */
const char *ast_item_kind_name(ItemKind k);
const char *ast_cmp_op_text(CmpOp op);
/* The keyword of a primitive type (bool, number, string, null, any); NULL
 * for the other kinds. */
const char *ast_type_word(TypeKind k);
const char *ast_compute_op_name(ComputeOp op);

/* Renders a path as written in source (user.email, legs[*].price,
 * legs["SKU-1"]) — used by diagnostics, fmt and IR dumps. */
const char *ast_path_text(Arena *a, const Path *p);

/* The left spine of an `and`/`or` tree: (*out)[0] = c and (*out)[i + 1] =
 * (*out)[i]->lhs for as long as the node is an `and` or an `or`; returns how
 * many there are (0 when c is neither; the array is then NULL).  The
 * operators are left-associative and the parser reduces them as it reads, so
 * a flat chain `a and b and c ...` of N terms is a spine N nodes deep, with
 * no bound.  Passes over conditions walk it with a loop, leftmost operand
 * first, and recurse only into right operands and `not`: those nest only
 * while the parser holds every enclosing construct on its stack, so the
 * stack's size (grammar/parser.y) bounds that depth. */
uint32_t ast_cond_spine(Arena *a, const Cond *c, const Cond ***out);

/* ---- constructors (used by grammar actions) ----------------------------
 * Declared below by the parser's author; sema/fmt never construct nodes. */

#include "ast_build.h"

#endif
