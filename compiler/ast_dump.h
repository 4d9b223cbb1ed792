/* ast_dump.h — a deterministic S-expression rendering of a Module.
 *
 * Spans and comments are left out, so two parses of differently formatted
 * sources that mean the same tree give the same text: fmt's tests compare
 * dumps before and after formatting, parser tests write expectations as
 * dumps.  Everything the tree records is printed (how a path segment,
 * object key or index was written, parentheses, `validate external f`
 * versus `f()`), because fmt must preserve it. */
#ifndef WPC_AST_DUMP_H
#define WPC_AST_DUMP_H

#include "arena.h"
#include "ast.h"

/* One line per statement, field concern, state field and test step;
 * group members are indented.  Ends with a newline unless empty. */
const char *ast_dump_module(Arena *a, const Module *m);

/* Pieces, for tests that look at one node. */
const char *ast_dump_item(Arena *a, const Item *it);
const char *ast_dump_cond(Arena *a, const Cond *c);
const char *ast_dump_value(Arena *a, const Value *v);
const char *ast_dump_lit(Arena *a, const Lit *l);
const char *ast_dump_type(Arena *a, const TypeExpr *t);

#endif
