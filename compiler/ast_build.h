/* ast_build.h — constructors of AST nodes (ast.c), used by the grammar
 * actions of grammar/parser.y and the driver in parse.c.  Sema and fmt read
 * the tree and never build it.
 *
 * Every constructor allocates in the arena and sets the node's span from
 * its parts: a statement spans from its keyword to its last token. */
#ifndef WPC_AST_BUILD_H
#define WPC_AST_BUILD_H

/* included at the end of ast.h */

PtrVec ast_vec1(Arena *a, void *item);

/* literals */
Lit *ast_lit_null(Arena *a, Span span);
Lit *ast_lit_bool(Arena *a, Span span, bool value);
Lit *ast_lit_number(Arena *a, Span span, double value, const char *text);
Lit *ast_lit_string(Arena *a, Span span, const char *text, uint32_t len);
Lit *ast_lit_array(Arena *a, Span span, PtrVec items);
Lit *ast_lit_object(Arena *a, Span span, PtrVec members);
LitMember *ast_lit_member(Arena *a, Span key_span, const char *key, uint32_t key_len, bool quoted, Lit *value);

/* paths */
PathSeg *ast_seg_name(Arena *a, Span span, const char *name, uint32_t len, bool quoted);
PathSeg *ast_seg_index(Arena *a, Span span, const char *text, double index, bool bracketed);
PathSeg *ast_seg_wild(Arena *a, Span span, SegKind kind);
Path *ast_path(Arena *a, PathSeg *first);
Path *ast_path_push(Arena *a, Path *p, PathSeg *seg);

/* types */
TypeExpr *ast_type_simple(Arena *a, TypeKind kind, Span span);
TypeExpr *ast_type_literal(Arena *a, Lit *lit);
TypeExpr *ast_type_union(Arena *a, TypeExpr *lhs, TypeExpr *rhs);
TypeExpr *ast_type_object(Arena *a, Span span, PtrVec fields);
TypeExpr *ast_type_elem(Arena *a, TypeKind kind, Span span, TypeExpr *elem);
FieldDecl *ast_field_decl(Arena *a, const char *name, Span name_span, bool optional, TypeExpr *type);

/* conditions */
Cond *ast_cond_cmp(Arena *a, Path *p, CmpOp op, Lit *lit);
Cond *ast_cond_length(Arena *a, Span kw, Path *p, CmpOp op, Lit *lit);
/* The same with a path on the right (`a.confirm == a.password`). */
Cond *ast_cond_cmp_path(Arena *a, Path *p, CmpOp op, Path *rhs);
Cond *ast_cond_length_path(Arena *a, Span kw, Path *p, CmpOp op, Path *rhs);
Cond *ast_cond_path(Arena *a, CondKind kind, Span kw, Path *p); /* EXISTS EMPTY TRUTHY */
Cond *ast_cond_list(Arena *a, CondKind kind, Path *p, Lit *list);
Cond *ast_cond_bool(Arena *a, Lit *lit);
Cond *ast_cond_not(Arena *a, Span kw, Cond *c);
Cond *ast_cond_binary(Arena *a, CondKind kind, Cond *lhs, Cond *rhs);
Cond *ast_cond_parens(Cond *c, Span span);

/* values */
Value *ast_value_lit(Arena *a, Lit *lit);
Value *ast_value_template(Arena *a, Lit *string, PtrVec parts);
TemplatePart *ast_template_text(Arena *a, const char *text, uint32_t len);
TemplatePart *ast_template_path(Arena *a, Path *p);
Value *ast_value_if(Arena *a, Span kw, Cond *c, Value *then_v, Value *else_v);
Value *ast_value_match(Arena *a, Span span, Path *subject, PtrVec arms);
MatchArm *ast_match_arm(Arena *a, Span label_span, Lit *label, Value *v);

/* validators and external calls */
ValidatorCall *ast_vcall(Arena *a, const char *name, Span name_span, bool has_args, PtrVec args, Span end);
/* name(path): a validator whose argument is a path (equals). */
ValidatorCall *ast_vcall_path(Arena *a, const char *name, Span name_span, Path *arg, Span end);
ValidatorCall *ast_vcall_message(ValidatorCall *v, const char *message, Span message_span);
ExternalCall *ast_external(Arena *a, const char *fn, Span fn_span, bool has_parens, PtrVec paths, Span end);

/* concerns: `start` is the first token (the name, or `concern`/`validate`) */
Concern *ast_concern_when(Arena *a, Span start, bool custom, const char *name, Span name_span, Cond *c);
Concern *ast_concern_value(Arena *a, Span start, bool custom, const char *name, Span name_span, Value *v);
Concern *ast_concern_validate(Arena *a, Span kw, PtrVec validators);
Concern *ast_concern_external(Arena *a, ConcernKind kind, Span start, bool custom, const char *name, Span name_span,
                              ExternalCall *call);

/* test steps */
TestStep *ast_step_given(Arena *a, Span kw, Lit *lit);
TestStep *ast_step_set(Arena *a, Span kw, Path *p, Lit *lit);
TestStep *ast_step_expect(Arena *a, Span kw, Path *p, const char *concern, Span concern_span, CmpOp op, Lit *lit);
TestStep *ast_step_changes(Arena *a, Span kw, bool negated, Path *p);
TestStep *ast_step_then(Arena *a, Span kw);

/* statements */
Source *ast_source(Arena *a, Path *p, Cond *exclude);
Item *ast_import(Arena *a, Span kw, const char *path, Span path_span);
Item *ast_state(Arena *a, Span kw, PtrVec fields, Span end);
Item *ast_chain(Arena *a, ItemKind kind, Span kw, Path *first); /* sync, flip */
void ast_chain_push(Arena *a, Item *chain, SyncArrow arrow, Path *p);
Item *ast_aggregate(Arena *a, Span kw, Path *target, PtrVec sources);
Item *ast_compute(Arena *a, Span kw, Path *target, ComputeOp op, Span op_span, PtrVec sources, Span end);
Item *ast_clear(Arena *a, Span kw, PtrVec targets, PtrVec triggers, Span end);
Item *ast_field(Arena *a, Span kw, Path *field, PtrVec concerns, Span end);
Item *ast_validator(Arena *a, Span kw, const char *name, Span name_span, ValidatorCall *body);
Item *ast_listen(Arena *a, Span kw, PtrVec paths, ScopeKind scope_kind, Path *scope, const char *handler,
                 Span handler_span);
Item *ast_group(Arena *a, Span kw, const char *name, Span name_span, bool off, Cond *when);
Item *ast_test(Arena *a, Span kw, const char *name, Span name_span, PtrVec steps, Span end);

#endif
