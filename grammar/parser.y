/* parser.y — the grammar of .wp files (lemon).
 *
 * Fed one token at a time by the driver in compiler/parse.c, which owns
 * error recovery.  Actions only build nodes with the ast_* constructors
 * (compiler/ast.c) and hand finished statements to the driver (parse_*
 * helpers in parse.c); no checking happens here beyond what syntax needs.
 *
 * Keywords fall back to ID, so `count`, `map`, `field`... are usable as
 * path segments, field names, concern and validator names wherever a
 * keyword would not be valid (%fallback).
 *
 * Groups are flat on purpose: `group g ... {` opens a group in the driver's
 * context, statements are appended to the innermost open group, and a `}`
 * at statement level closes it.  This lets recovery after a syntax error
 * inside a group resume inside the same group. */

%name wp_parser
%token_prefix TK_
%token_type {Token}
%extra_argument {ParseCtx *ctx}
%stack_size 1000   /* PARSE_MAX_OPEN in parse.h */
%start_symbol module

%include {
#include <assert.h>
#include <string.h>

#include "ast.h"
#include "lex.h"
#include "parse.h"

static void wp_on_syntax_error(ParseCtx *ctx, int major);
}

%syntax_error { (void)TOKEN; wp_on_syntax_error(ctx, yymajor); }
%stack_overflow { parse_stack_overflow(ctx); }

/* Terminal order: ID first so that it is the fallback target. */
%token ID NUM STR INDEX.
%token IMPORT STATE SYNC FLIP AGGREGATE COMPUTE CLEAR FIELD LISTEN GROUP TEST
       WHEN EXCLUDE CHANGES SCOPE CALL VALIDATE VALIDATOR EXTERNAL CONCERN
       AND OR NOT EXISTS EMPTY IN CONTAINS ANY ALL IF THEN ELSE MATCH GIVEN
       SET EXPECT SUM AVG MIN MAX COUNT LENGTH MAP LIST BOOL NUMBER STRING
       ROOT OFF TRUE FALSE NULL CONTAIN UNDERSCORE.
%token LBRACE RBRACE LPAREN RPAREN LBRACKET RBRACKET COMMA DOT COLON ASSIGN
       EQ NE LT LE GT GE BIARROW ARROW LARROW FATARROW PIPE QUESTION STAR
       STARSTAR.

/* `contain` (expect changes contain) and `_` (match) are keywords of the
 * grammar only; like every keyword they stay usable as names. */
%fallback ID IMPORT STATE SYNC FLIP AGGREGATE COMPUTE CLEAR FIELD LISTEN GROUP
       TEST WHEN EXCLUDE CHANGES SCOPE CALL VALIDATE VALIDATOR EXTERNAL CONCERN
       AND OR NOT EXISTS EMPTY IN CONTAINS ANY ALL IF THEN ELSE MATCH GIVEN
       SET EXPECT SUM AVG MIN MAX COUNT LENGTH MAP LIST BOOL NUMBER STRING
       ROOT OFF TRUE FALSE NULL CONTAIN UNDERSCORE.

%left OR.
%left AND.
%right NOT.

/* ---- file and statements ------------------------------------------- */

module ::= items.

items ::= .
items ::= items item(I).                { parse_add_item(ctx, I); }
items ::= items group_open.
items ::= items RBRACE(B).              { parse_close_group(ctx, B.span); }

group_open ::= GROUP(K) ID(N) goff(O) gwhen(C) LBRACE(B).
    { parse_open_group(ctx, ast_group(ctx->arena, K.span, N.text, N.span, O, C), B.span); }

%type goff {bool}
goff(A) ::= .                           { A = false; }
goff(A) ::= OFF.                        { A = true; }

%type gwhen {Cond *}
gwhen(A) ::= .                          { A = NULL; }
gwhen(A) ::= WHEN cond(C).              { A = C; }

%type item {Item *}
item(A) ::= IMPORT(K) STR(S).
    { A = ast_import(ctx->arena, K.span, S.text, S.span); }
item(A) ::= STATE(K) LBRACE tfields(F) RBRACE(E).
    { A = ast_state(ctx->arena, K.span, F, E.span); }
item(A) ::= sync(B).                    { A = B; }
item(A) ::= flip(B).                    { A = B; }
item(A) ::= AGGREGATE(K) path(T) LARROW sources(S).
    { A = ast_aggregate(ctx->arena, K.span, T, S); }
item(A) ::= COMPUTE(K) path(T) ASSIGN cop(O) LPAREN csources(S) RPAREN(E).
    { A = ast_compute(ctx->arena, K.span, T, O.op, O.span, S, E.span); }
item(A) ::= COMPUTE(K) path(T) ASSIGN cop(O) LPAREN csources(S) RPAREN(E) EXCLUDE WHEN cond(C).
    { A = ast_compute(ctx->arena, K.span, T, O.op, O.span, S, E.span);
      parse_exclude_after_parens(ctx, A, C); }
item(A) ::= CLEAR(K) paths1(T) WHEN paths1(P) CHANGES(E).
    { A = ast_clear(ctx->arena, K.span, T, P, E.span); }
item(A) ::= FIELD(K) path(P) LBRACE lines(L) RBRACE(E).
    { A = ast_field(ctx->arena, K.span, P, L, E.span); }
item(A) ::= VALIDATOR(K) ID(N) ASSIGN vcall(V).
    { A = ast_validator(ctx->arena, K.span, N.text, N.span, V); }
item(A) ::= LISTEN(K) paths1(P) scope(S) CALL ID(N).
    { A = ast_listen(ctx->arena, K.span, P, S.kind, S.path, N.text, N.span); }
item(A) ::= LISTEN(K) CALL ID(N).
    { PtrVec none = {0}; A = ast_listen(ctx->arena, K.span, none, SCOPE_DEFAULT, NULL, N.text, N.span); }
item(A) ::= TEST(K) STR(N) LBRACE steps(S) RBRACE(E).
    { A = ast_test(ctx->arena, K.span, N.text, N.span, S, E.span); }

%type sync {Item *}
sync(A) ::= SYNC(K) path(P) arrow(W) path(Q).
    { A = ast_chain(ctx->arena, ITEM_SYNC, K.span, P); ast_chain_push(ctx->arena, A, W, Q); }
sync(A) ::= sync(B) arrow(W) path(Q).   { A = B; ast_chain_push(ctx->arena, A, W, Q); }

%type arrow {SyncArrow}
arrow(A) ::= BIARROW.                   { A = ARROW_BOTH; }
arrow(A) ::= ARROW.                     { A = ARROW_ONEWAY; }

%type flip {Item *}
flip(A) ::= FLIP(K) path(P) BIARROW path(Q).
    { A = ast_chain(ctx->arena, ITEM_FLIP, K.span, P); ast_chain_push(ctx->arena, A, ARROW_BOTH, Q); }
flip(A) ::= flip(B) BIARROW path(Q).    { A = B; ast_chain_push(ctx->arena, A, ARROW_BOTH, Q); }

%type sources {PtrVec}
sources(A) ::= source(S).               { A = ast_vec1(ctx->arena, S); }
sources(A) ::= sources(B) COMMA source(S). { A = B; ptrvec_push(ctx->arena, &A, S); }

/* compute's sources are in parentheses: a trailing comma is allowed */
%type csources {PtrVec}
csources(A) ::= sources(B).             { A = B; }
csources(A) ::= sources(B) COMMA.       { A = B; }

%type source {Source *}
source(A) ::= path(P).                  { A = ast_source(ctx->arena, P, NULL); }
source(A) ::= path(P) EXCLUDE WHEN cond(C). { A = ast_source(ctx->arena, P, C); }

%type cop {OpSpan}
cop(A) ::= SUM(K).                      { A.op = OP_SUM; A.span = K.span; }
cop(A) ::= AVG(K).                      { A.op = OP_AVG; A.span = K.span; }
cop(A) ::= MIN(K).                      { A.op = OP_MIN; A.span = K.span; }
cop(A) ::= MAX(K).                      { A.op = OP_MAX; A.span = K.span; }
cop(A) ::= COUNT(K).                    { A.op = OP_COUNT; A.span = K.span; }

%type scope {ScopeOpt}
scope(A) ::= .                          { A.kind = SCOPE_DEFAULT; A.path = NULL; }
scope(A) ::= SCOPE ROOT.                { A.kind = SCOPE_ROOT; A.path = NULL; }
scope(A) ::= SCOPE path(P).             { A.kind = SCOPE_PATH; A.path = P; }

/* Paths listed without brackets (clear, listen): no trailing comma. */
%type paths1 {PtrVec}
paths1(A) ::= path(P).                  { A = ast_vec1(ctx->arena, P); }
paths1(A) ::= paths1(B) COMMA path(P).  { A = B; ptrvec_push(ctx->arena, &A, P); }

/* Paths in parentheses (external calls): trailing comma allowed. */
%type pathlist {PtrVec}
pathlist(A) ::= .                       { memset(&A, 0, sizeof A); }
pathlist(A) ::= paths1(B).              { A = B; }
pathlist(A) ::= paths1(B) COMMA.        { A = B; }

/* ---- state shape ----------------------------------------------------- */

/* Fields are separated by commas, newlines or nothing at all. */
%type tfields {PtrVec}
tfields(A) ::= .                        { memset(&A, 0, sizeof A); }
tfields(A) ::= tfields1(B).             { A = B; }
tfields(A) ::= tfields1(B) COMMA.       { A = B; }

%type tfields1 {PtrVec}
tfields1(A) ::= tfield(F).              { A = ast_vec1(ctx->arena, F); }
tfields1(A) ::= tfields1(B) tfield(F).  { A = B; ptrvec_push(ctx->arena, &A, F); }
tfields1(A) ::= tfields1(B) COMMA tfield(F). { A = B; ptrvec_push(ctx->arena, &A, F); }

%type tfield {FieldDecl *}
tfield(A) ::= fname(N) COLON type(T).
    { A = ast_field_decl(ctx->arena, N.text, N.span, false, T); }
tfield(A) ::= fname(N) QUESTION COLON type(T).
    { A = ast_field_decl(ctx->arena, N.text, N.span, true, T); }

%type fname {Token}
fname(A) ::= ID(B).                     { A = B; }
fname(A) ::= STR(B).                    { A = B; }

%type type {TypeExpr *}
type(A) ::= tprim(B).                   { A = B; }
type(A) ::= type(B) PIPE tprim(C).      { A = ast_type_union(ctx->arena, B, C); }

%type tprim {TypeExpr *}
tprim(A) ::= BOOL(K).                   { A = ast_type_simple(ctx->arena, TY_BOOL, K.span); }
tprim(A) ::= NUMBER(K).                 { A = ast_type_simple(ctx->arena, TY_NUMBER, K.span); }
tprim(A) ::= STRING(K).                 { A = ast_type_simple(ctx->arena, TY_STRING, K.span); }
tprim(A) ::= NULL(K).                   { A = ast_type_simple(ctx->arena, TY_NULL, K.span); }
tprim(A) ::= ANY(K).                    { A = ast_type_simple(ctx->arena, TY_ANY, K.span); }
tprim(A) ::= STR(K).
    { A = ast_type_literal(ctx->arena, ast_lit_string(ctx->arena, K.span, K.text, K.len)); }
tprim(A) ::= NUM(K).
    { A = ast_type_literal(ctx->arena, ast_lit_number(ctx->arena, K.span, K.num, K.text)); }
tprim(A) ::= LBRACE(L) tfields(F) RBRACE(R).
    { A = ast_type_object(ctx->arena, span_join(L.span, R.span), F); }
tprim(A) ::= MAP(K) LT type(T) GT(E).
    { A = ast_type_elem(ctx->arena, TY_MAP, span_join(K.span, E.span), T); }
tprim(A) ::= LIST(K) LT type(T) GT(E).
    { A = ast_type_elem(ctx->arena, TY_LIST, span_join(K.span, E.span), T); }

/* ---- fields and concerns -------------------------------------------- */

%type lines {PtrVec}
lines(A) ::= .                          { memset(&A, 0, sizeof A); }
lines(A) ::= lines(B) line(L).          { A = B; ptrvec_push(ctx->arena, &A, L); }

%type line {Concern *}
line(A) ::= ID(N) WHEN cond(C).
    { A = ast_concern_when(ctx->arena, N.span, false, N.text, N.span, C);
      parse_check_builtin_concern(ctx, A); }
line(A) ::= ID(N) ASSIGN value(V).
    { A = ast_concern_value(ctx->arena, N.span, false, N.text, N.span, V);
      parse_check_builtin_concern(ctx, A); }
line(A) ::= VALIDATE(K) vcalls(L).
    { A = ast_concern_validate(ctx->arena, K.span, L); }
line(A) ::= VALIDATE(K) EXTERNAL ext(E).
    { A = ast_concern_external(ctx->arena, CONCERN_VALIDATE_EXTERNAL, K.span, false, NULL, K.span, E); }
line(A) ::= CONCERN(K) ID(N) WHEN cond(C).
    { A = ast_concern_when(ctx->arena, K.span, true, N.text, N.span, C); }
line(A) ::= CONCERN(K) ID(N) ASSIGN value(V).
    { A = ast_concern_value(ctx->arena, K.span, true, N.text, N.span, V); }
line(A) ::= CONCERN(K) ID(N) ASSIGN EXTERNAL ext(E).
    { A = ast_concern_external(ctx->arena, CONCERN_EXTERNAL, K.span, true, N.text, N.span, E); }

%type vcalls {PtrVec}
vcalls(A) ::= vcall(V).                 { A = ast_vec1(ctx->arena, V); }
vcalls(A) ::= vcalls(B) COMMA vcall(V). { A = B; ptrvec_push(ctx->arena, &A, V); }

%type vcall {ValidatorCall *}
vcall(A) ::= vhead(B).                  { A = B; }
vcall(A) ::= vhead(B) STR(M).           { A = ast_vcall_message(B, M.text, M.span); }

%type vhead {ValidatorCall *}
vhead(A) ::= ID(N).                     { PtrVec none = {0}; A = ast_vcall(ctx->arena, N.text, N.span, false, none, N.span); }
vhead(A) ::= ID(N) LPAREN litlist(L) RPAREN(E).
    { A = ast_vcall(ctx->arena, N.text, N.span, true, L, E.span); }
vhead(A) ::= ID(N) LPAREN path(P) RPAREN(E).
    { A = ast_vcall_path(ctx->arena, N.text, N.span, P, E.span); }

%type ext {ExternalCall *}
ext(A) ::= ID(N).                       { PtrVec none = {0}; A = ast_external(ctx->arena, N.text, N.span, false, none, N.span); }
ext(A) ::= ID(N) LPAREN pathlist(P) RPAREN(E).
    { A = ast_external(ctx->arena, N.text, N.span, true, P, E.span); }

/* ---- conditions (BoolLogic) ------------------------------------------ */

%type cond {Cond *}
cond(A) ::= cond(B) OR cond(C).         { A = ast_cond_binary(ctx->arena, COND_OR, B, C); }
cond(A) ::= cond(B) AND cond(C).        { A = ast_cond_binary(ctx->arena, COND_AND, B, C); }
cond(A) ::= NOT(K) cond(B).             { A = ast_cond_not(ctx->arena, K.span, B); }
cond(A) ::= LPAREN(L) cond(B) RPAREN(R). { A = ast_cond_parens(B, span_join(L.span, R.span)); }
cond(A) ::= path(P) cmp(O) lit(L).      { A = ast_cond_cmp(ctx->arena, P, O, L); }
cond(A) ::= path(P) cmp(O) path(Q).     { A = ast_cond_cmp_path(ctx->arena, P, O, Q); }
cond(A) ::= LENGTH(K) LPAREN path(P) RPAREN cmp(O) lit(L).
    { A = ast_cond_length(ctx->arena, K.span, P, O, L); }
cond(A) ::= LENGTH(K) LPAREN path(P) RPAREN cmp(O) path(Q).
    { A = ast_cond_length_path(ctx->arena, K.span, P, O, Q); }
cond(A) ::= EXISTS(K) path(P).          { A = ast_cond_path(ctx->arena, COND_EXISTS, K.span, P); }
cond(A) ::= EMPTY(K) path(P).           { A = ast_cond_path(ctx->arena, COND_EMPTY, K.span, P); }
cond(A) ::= path(P) IN array(L).        { A = ast_cond_list(ctx->arena, COND_IN, P, L); }
cond(A) ::= path(P) CONTAINS ANY array(L). { A = ast_cond_list(ctx->arena, COND_CONTAINS_ANY, P, L); }
cond(A) ::= path(P) CONTAINS ALL array(L). { A = ast_cond_list(ctx->arena, COND_CONTAINS_ALL, P, L); }
cond(A) ::= path(P).                    { A = ast_cond_path(ctx->arena, COND_TRUTHY, P->span, P); }
cond(A) ::= TRUE(K).                    { A = ast_cond_bool(ctx->arena, ast_lit_bool(ctx->arena, K.span, true)); }
cond(A) ::= FALSE(K).                   { A = ast_cond_bool(ctx->arena, ast_lit_bool(ctx->arena, K.span, false)); }

%type cmp {CmpOp}
cmp(A) ::= EQ.                          { A = CMP_EQ; }
cmp(A) ::= NE.                          { A = CMP_NE; }
cmp(A) ::= LT.                          { A = CMP_LT; }
cmp(A) ::= LE.                          { A = CMP_LE; }
cmp(A) ::= GT.                          { A = CMP_GT; }
cmp(A) ::= GE.                          { A = CMP_GE; }

/* ---- values (ValueLogic) --------------------------------------------- */

%type value {Value *}
value(A) ::= STR(S).
    { A = parse_template(ctx, ast_lit_string(ctx->arena, S.span, S.text, S.len)); }
value(A) ::= NUM(K).                    { A = ast_value_lit(ctx->arena, ast_lit_number(ctx->arena, K.span, K.num, K.text)); }
value(A) ::= NULL(K).                   { A = ast_value_lit(ctx->arena, ast_lit_null(ctx->arena, K.span)); }
value(A) ::= TRUE(K).                   { A = ast_value_lit(ctx->arena, ast_lit_bool(ctx->arena, K.span, true)); }
value(A) ::= FALSE(K).                  { A = ast_value_lit(ctx->arena, ast_lit_bool(ctx->arena, K.span, false)); }
value(A) ::= array(L).                  { A = ast_value_lit(ctx->arena, L); }
value(A) ::= object(L).                 { A = ast_value_lit(ctx->arena, L); }
value(A) ::= IF(K) cond(C) THEN value(T) ELSE value(E).
    { A = ast_value_if(ctx->arena, K.span, C, T, E); }
value(A) ::= MATCH(K) path(P) LBRACE arms(R) RBRACE(E).
    { A = ast_value_match(ctx->arena, span_join(K.span, E.span), P, R); }

%type arms {PtrVec}
arms(A) ::= .                           { memset(&A, 0, sizeof A); }
arms(A) ::= arms1(B).                   { A = B; }
arms(A) ::= arms1(B) COMMA.             { A = B; }

%type arms1 {PtrVec}
arms1(A) ::= arm(M).                    { A = ast_vec1(ctx->arena, M); }
arms1(A) ::= arms1(B) COMMA arm(M).     { A = B; ptrvec_push(ctx->arena, &A, M); }

%type arm {MatchArm *}
arm(A) ::= lit(L) FATARROW value(V).    { A = ast_match_arm(ctx->arena, L->span, L, V); }
arm(A) ::= UNDERSCORE(U) FATARROW value(V). { A = ast_match_arm(ctx->arena, U.span, NULL, V); }

/* ---- tests ------------------------------------------------------------ */

%type steps {PtrVec}
steps(A) ::= .                          { memset(&A, 0, sizeof A); }
steps(A) ::= steps(B) step(S).          { A = B; ptrvec_push(ctx->arena, &A, S); }

%type step {TestStep *}
step(A) ::= GIVEN(K) lit(L).            { A = ast_step_given(ctx->arena, K.span, L); }
step(A) ::= SET(K) path(P) ASSIGN lit(L). { A = ast_step_set(ctx->arena, K.span, P, L); }
step(A) ::= EXPECT(K) path(P) eqop(O) lit(L).
    { A = ast_step_expect(ctx->arena, K.span, P, NULL, P->span, O, L); }
step(A) ::= EXPECT(K) path(P) COLON ID(C) eqop(O) lit(L).
    { A = ast_step_expect(ctx->arena, K.span, P, C.text, C.span, O, L); }
step(A) ::= EXPECT(K) CHANGES CONTAIN path(P).
    { A = ast_step_changes(ctx->arena, K.span, false, P); }
step(A) ::= EXPECT(K) CHANGES NOT CONTAIN path(P).
    { A = ast_step_changes(ctx->arena, K.span, true, P); }
step(A) ::= THEN(K).                    { A = ast_step_then(ctx->arena, K.span); }

%type eqop {CmpOp}
eqop(A) ::= EQ.                         { A = CMP_EQ; }
eqop(A) ::= NE.                         { A = CMP_NE; }

/* ---- paths -------------------------------------------------------------- */

%type path {Path *}
path(A) ::= ID(N).
    { A = ast_path(ctx->arena, ast_seg_name(ctx->arena, N.span, N.text, N.len, false)); }
path(A) ::= path(P) DOT ID(N).
    { A = parse_path_push(ctx, P, ast_seg_name(ctx->arena, N.span, N.text, N.len, false)); }
path(A) ::= path(P) DOT INDEX(N).
    { A = parse_path_push(ctx, P, ast_seg_index(ctx->arena, N.span, N.text, N.num, false)); }
path(A) ::= path(P) LBRACKET(L) STR(S) RBRACKET(R).
    { A = parse_path_push(ctx, P, ast_seg_name(ctx->arena, span_join(L.span, R.span), S.text, S.len, true)); }
path(A) ::= path(P) LBRACKET(L) NUM(S) RBRACKET(R).
    { A = parse_path_push(ctx, P, parse_bracket_index(ctx, span_join(L.span, R.span), &S)); }
path(A) ::= path(P) LBRACKET(L) STAR RBRACKET(R).
    { A = parse_path_push(ctx, P, ast_seg_wild(ctx->arena, span_join(L.span, R.span), SEG_WILD)); }
path(A) ::= path(P) LBRACKET(L) STARSTAR RBRACKET(R).
    { A = parse_path_push(ctx, P, ast_seg_wild(ctx->arena, span_join(L.span, R.span), SEG_DEEP)); }

/* ---- literals (JSON values) ------------------------------------------ */

%type lit {Lit *}
lit(A) ::= NULL(K).                     { A = ast_lit_null(ctx->arena, K.span); }
lit(A) ::= TRUE(K).                     { A = ast_lit_bool(ctx->arena, K.span, true); }
lit(A) ::= FALSE(K).                    { A = ast_lit_bool(ctx->arena, K.span, false); }
lit(A) ::= NUM(K).                      { A = ast_lit_number(ctx->arena, K.span, K.num, K.text); }
lit(A) ::= STR(K).                      { A = ast_lit_string(ctx->arena, K.span, K.text, K.len); }
lit(A) ::= array(B).                    { A = B; }
lit(A) ::= object(B).                   { A = B; }

%type array {Lit *}
array(A) ::= LBRACKET(L) litlist(V) RBRACKET(R).
    { A = ast_lit_array(ctx->arena, span_join(L.span, R.span), V); }

%type litlist {PtrVec}
litlist(A) ::= .                        { memset(&A, 0, sizeof A); }
litlist(A) ::= lits1(B).                { A = B; }
litlist(A) ::= lits1(B) COMMA.          { A = B; }

%type lits1 {PtrVec}
lits1(A) ::= lit(L).                    { A = ast_vec1(ctx->arena, L); }
lits1(A) ::= lits1(B) COMMA lit(L).     { A = B; ptrvec_push(ctx->arena, &A, L); }

%type object {Lit *}
object(A) ::= LBRACE(L) members(M) RBRACE(R).
    { A = ast_lit_object(ctx->arena, span_join(L.span, R.span), M); }

%type members {PtrVec}
members(A) ::= .                        { memset(&A, 0, sizeof A); }
members(A) ::= members1(B).             { A = B; }
members(A) ::= members1(B) COMMA.       { A = B; }

%type members1 {PtrVec}
members1(A) ::= member(M).              { A = ast_vec1(ctx->arena, M); }
members1(A) ::= members1(B) COMMA member(M). { A = B; parse_add_member(ctx, &A, M); }

%type member {LitMember *}
member(A) ::= ID(K) COLON lit(V).       { A = ast_lit_member(ctx->arena, K.span, K.text, K.len, false, V); }
member(A) ::= STR(K) COLON lit(V).      { A = ast_lit_member(ctx->arena, K.span, K.text, K.len, true, V); }

%code {
/* ---- helpers that need the parser's tables ------------------------------
 * The driver (parse.c) explains a syntax error by asking which terminals
 * the parser would accept from the state it was in before the offending
 * token: wp_parser_accepts() replays lemon's algorithm on a copy of the
 * stack, reductions included, without fallback and without running
 * actions. */

static void wp_on_syntax_error(ParseCtx *ctx, int major)
{
    parse_syntax_error(ctx, major);
}

int wp_parser_snapshot(void *p, int *states, int max)
{
    yyParser *yp = (yyParser *)p;
    int n = 0;
    for (yyStackEntry *e = yp->yystack; e <= yp->yytos && n < max; e++)
        states[n++] = e->stateno;
    return n;
}

void wp_parser_reset(void *p)
{
    yyParser *yp = (yyParser *)p;
    yp->yytos = yp->yystack;
    yp->yystack[0].stateno = 0;
    yp->yystack[0].major = 0;
    yp->yyerrcnt = -1;
}

/* Lets the parser report the next error at once (lemon otherwise stays
 * silent until three tokens have shifted after an error). */
void wp_parser_forgive(void *p)
{
    ((yyParser *)p)->yyerrcnt = -1;
}

int wp_parser_ntokens(void) { return YYNTOKEN; }

static YYACTIONTYPE wp_shift_action_nofallback(YYCODETYPE la, YYACTIONTYPE stateno)
{
    if (stateno > YY_MAX_SHIFT) return stateno;
    int i = yy_shift_ofst[stateno] + la;
    if (yy_lookahead[i] != la) return yy_default[stateno];
    return yy_action[i];
}

/* Replays tokens toks[0..n) from the given stack; true if all shift. */
int wp_parser_accepts(const int *states, int nstates, const int *toks, int ntoks)
{
    int st[1100];
    int top;
    if (nstates <= 0 || nstates > 1000) return 0;
    memcpy(st, states, sizeof(int) * (size_t)nstates);
    top = nstates - 1;
    for (int k = 0; k < ntoks; k++) {
        int tok = toks[k];
        for (int guard = 0; guard < 10000; guard++) {
            YYACTIONTYPE act = wp_shift_action_nofallback((YYCODETYPE)tok, (YYACTIONTYPE)st[top]);
            if (act >= YY_MIN_REDUCE && act <= YY_MAX_REDUCE) {
                unsigned rule = act - YY_MIN_REDUCE;
                int size = yyRuleInfoNRhs[rule];
                int lhs = yyRuleInfoLhs[rule];
                top += size;
                if (top < 0) return 0;
                YYACTIONTYPE go = yy_find_reduce_action((YYACTIONTYPE)st[top], (YYCODETYPE)lhs);
                if (top + 1 >= 1100) return 0;
                st[++top] = go;
                continue;
            }
            if (act <= YY_MAX_SHIFTREDUCE) {
                if (top + 1 >= 1100) return 0;
                st[++top] = act > YY_MAX_SHIFT ? act + (YY_MIN_REDUCE - YY_MIN_SHIFTREDUCE) : act;
                break;
            }
            if (act == YY_ACCEPT_ACTION) return k == ntoks - 1;
            return 0;
        }
    }
    return 1;
}
}
