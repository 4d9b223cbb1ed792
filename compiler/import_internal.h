/* import_internal.h — what the parts of `wpc import` share (import.h is the
 * entry point).
 *
 * The conversion walks the JSON tree once, part by part: side effects
 * (import_effects.c), concerns (import_concerns.c, with the condition and
 * value trees of import_logic.c), then the `state` block from the example
 * state and every path the rules used (import_state.c).  Each part writes
 * .wp text into its section of the output, or reports why it cannot, with
 * the JSON pointer of the part and a span into the JSON file (import_pos.c
 * maps every JSON value to its bytes).  Paths, names and literals are
 * spelled by import_text.c.  import.c puts the sections together and runs
 * the result through the formatter. */
#ifndef WPC_IMPORT_INTERNAL_H
#define WPC_IMPORT_INTERNAL_H

#include <stdbool.h>

#include "compile.h"
#include "json.h"
#include "maps.h"

/* ---- byte positions of JSON values (import_pos.c) ---------------------- */

typedef struct ImpPos ImpPos;

/* Scans text[0..len) (valid JSON, as `root` was parsed from) and indexes
 * every value of `root` by its node; NULL when the two disagree, and then
 * diagnostics have no span. */
ImpPos *imp_pos_build(Arena *a, const char *text, size_t len, const Json *root);
/* The bytes of value `j` ([start, end)) and, for an object member, of its
 * key (*key_start; else the value's start).  False for an unknown node. */
bool imp_pos_of(const ImpPos *p, const Json *j, uint32_t *start, uint32_t *end, uint32_t *key_start);

/* ---- the conversion's state -------------------------------------------- */

/* Where a path is used: some places restrict the keyword that may start it
 * (docs/language.md §3). */
typedef enum PathUse {
    USE_PLAIN,    /* rule paths, field paths */
    USE_COND,     /* the start of a condition: not exists empty length true false */
    USE_LISTEN,   /* after `listen`: call */
    USE_SCOPE,    /* after `scope`: root */
    USE_TEMPLATE, /* inside {{ }} */
} PathUse;

/* What a rule does with a path, for the state inference; PATH_KEY: the path
 * is an object key in the JSON (diagnostics point at the key). */
enum { PATH_FLIP = 1u, PATH_KEY = 2u };

typedef struct ImpPath {
    const char *apex;    /* as written in the JSON: "cart.items.[*].qty" */
    unsigned flags;      /* PATH_* */
    const Json *node;    /* where, for diagnostics */
    const char *pointer; /* its JSON pointer */
} ImpPath;

/* One `field` block: every concern of one path, across registrations. */
typedef struct ImpField {
    const char *wp_path;
    StrBuf lines;
    StrMap names; /* output names already declared: name -> pointer */
} ImpField;

typedef struct Imp {
    Compilation *c;
    Arena *a;
    uint32_t file; /* the JSON file in c->sources */
    uint32_t base; /* offset of the JSON text in the file (after a BOM) */
    ImpPos *pos;
    /* the output, by section */
    StrBuf syncs, flips, derived, clears, listens;
    PtrVec fields;    /* ImpField *, in order of first appearance */
    StrMap field_map; /* wp path -> ImpField * */
    PtrVec paths;     /* ImpPath *: every path a rule uses */
    StrMap names;     /* handler and validator names in use -> "" */
    PtrVec handlers;  /* const char *: listener handlers, in order */
    PtrVec validators;
    StrMap listed;      /* "h:name" / "v:name" already in handlers / validators */
    PtrVec unconverted; /* parts not converted, for the header (import.c) */
    const Json *state;  /* the example state, or NULL */
    const char *state_pointer;
    StrBuf state_block; /* `state { ... }`, from import_state.c */
} Imp;

/* ---- diagnostics -------------------------------------------------------- */

/* Reports `code` at JSON value `at` (its key when on_key and it is a
 * member), as "<pointer>: <message>".  Parts that are not converted (the
 * codes of level error) are also listed in the output's header. */
void imp_report(Imp *m, DiagCode code, const Json *at, const char *pointer, bool on_key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

#define imp_bad(m, at, ptr, ...) imp_report((m), D_CONVERT_BAD_SHAPE, (at), (ptr), false, __VA_ARGS__)
#define imp_none(m, at, ptr, ...) imp_report((m), D_CONVERT_NO_EQUIVALENT, (at), (ptr), false, __VA_ARGS__)
#define imp_assumed(m, at, ptr, ...) imp_report((m), D_CONVERT_ASSUMED, (at), (ptr), false, __VA_ARGS__)

/* The pointer of member `key` / element `i` below `parent` (RFC 6901). */
const char *imp_ptr_key(Imp *m, const char *parent, const char *key);
const char *imp_ptr_index(Imp *m, const char *parent, size_t i);

/* The members of a JSON object as JavaScript reads them: each key once, in
 * the place of its first occurrence, with its last value.  A key given
 * twice is reported (D_CONVERT_ASSUMED, on the last occurrence's key) as
 * "the <what> '<key>' is given twice; the last <kept> is kept, as
 * JavaScript does".  Use:
 *     ImpKeys k;
 *     imp_keys_init(m, &k, object, pointer);
 *     while (imp_keys_next(m, &k, "key", "value")) ... k.key, k.value, k.pointer */
typedef struct ImpKeys {
    const Json *object, *next; /* next: the member to look at next */
    const char *parent;        /* the object's pointer */
    StrMap seen;
    const char *key, *pointer; /* the current key and its pointer */
    const Json *value;         /* its last value */
} ImpKeys;
void imp_keys_init(Imp *m, ImpKeys *k, const Json *object, const char *pointer);
bool imp_keys_next(Imp *m, ImpKeys *k, const char *what, const char *kept);

/* "an object", "a string", ... for messages. */
const char *imp_kind_name(const Json *j);

/* Reports every member of object `j` whose key is not in the NULL-ended
 * list `known` as ignored (WP0804), and every key given twice. */
void imp_check_members(Imp *m, const Json *j, const char *pointer, const char *what, const char *const *known);

/* ---- spelling .wp text (import_text.c) ---------------------------------- */

bool imp_is_ident(const char *s);
/* Appends s as a .wp string literal (JSON escapes). */
void imp_put_string(Imp *m, StrBuf *out, const char *s);
/* Appends the literal for JSON value v; false (after a diagnostic) when it
 * has none (a number too large for a double). */
bool imp_put_literal(Imp *m, StrBuf *out, const Json *v, const char *pointer);
/* The .wp spelling of a path of the library (dot-separated, `[*]` and `[**]`
 * segments): `cart.items[*].qty`, `headers["x-id"]`.  The path is recorded
 * for the state inference with `flags`.  NULL, after a diagnostic, when the
 * node is not a string or the path cannot be written in .wp. */
const char *imp_path(Imp *m, const Json *node, const char *pointer, PathUse use, unsigned flags);
/* The same for a path given as text (part of a string node). */
const char *imp_path_text(Imp *m, const char *apex, const Json *node, const char *pointer, PathUse use, unsigned flags);
/* A name for a handler or validator: `given` when it is an identifier not
 * yet used by another kind, else prefix + the path in PascalCase
 * ("onCartItems"), made unique with a number.  Records it. */
const char *imp_name_from_path(Imp *m, const char *prefix, const char *apex);
void imp_use_name(Imp *m, const char *name);
/* Appends name to m->handlers (kind 'h') or m->validators ('v') once. */
void imp_list_name(Imp *m, char kind, const char *name);
/* The last member of object j with each key (JavaScript keeps the last of a
 * key given twice): true when member c is it.  `last` is filled on first use
 * (zero it before). */
typedef struct ImpLast {
    StrMap map;
    bool built;
} ImpLast;
bool imp_is_last(Imp *m, ImpLast *last, const Json *j, const Json *c);

/* ---- conditions and values (import_logic.c) ------------------------------ */

/* Appends the condition for a BoolLogic tree; false after a diagnostic. */
bool imp_cond(Imp *m, StrBuf *out, const Json *node, const char *pointer);
/* Appends the value for a ValueLogic tree (IF/THEN/ELSE, MATCH/CASES/DEFAULT). */
bool imp_value_logic(Imp *m, StrBuf *out, const Json *node, const char *pointer);
/* Appends the template for an interpolation string ("Hi {{user.name}}"). */
bool imp_template(Imp *m, StrBuf *out, const Json *node, const char *pointer);

/* ---- the parts ------------------------------------------------------------ */

void imp_side_effects(Imp *m, const Json *se, const char *pointer);
void imp_concerns(Imp *m, const Json *cm, const char *pointer);
void imp_state(Imp *m);

#endif
