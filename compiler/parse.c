/* parse.c — the parser driver: lexer → lemon parser → Module (see parse.h).
 *
 * The loop pulls a token from lex_next() and feeds it to the generated
 * parser (build/gen/parser.c from grammar/parser.y).  Around that loop the
 * driver keeps what the grammar cannot: the stack of open braces (for
 * "block not closed" messages and for recovery), the open groups, and a
 * copy of the parser's state stack taken before each token, from which a
 * syntax error is explained by the set of tokens that would have been
 * accepted.
 *
 * Recovery.  After a syntax error the parser is reset and tokens are
 * skipped until a statement can start again: a statement keyword (import,
 * state, sync, ...) at statement level — outside every brace except those
 * of groups — or right after a `}`, or a `}` that closes a group, or the end
 * of the file.  A statement keyword that is itself the offending token
 * restarts the parse at once (the usual cause is a missing `}`).  Finished
 * statements are never lost: they were handed to the module (or the open
 * group) as soon as they were reduced.
 *
 * A lexical error never produces an error token; when it sits right before
 * the token the parser rejects, the syntax error is not reported (it is a
 * consequence of the lexical one). */
#include "parse.h"

#include <stdlib.h>
#include <string.h>

#include "parser.h"

enum { SNAPSHOT_MAX = 1000 };

/* ---- small helpers ----------------------------------------------------- */

static const char *src_text(ParseCtx *ctx)
{
    SourceFile *f = source_file(ctx->sources, ctx->file);
    return f ? f->text : "";
}

/* The token as written, shortened for messages. */
static const char *token_text(ParseCtx *ctx, const Token *t)
{
    uint32_t n = t->span.end - t->span.start;
    const char *s = src_text(ctx) + t->span.start;
    if (t->kind == 0) return "end of file";
    if (n > 24) { /* cut at a character, not inside one */
        uint32_t k = 21;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
        return arena_printf(ctx->arena, "%.*s...", (int)k, s);
    }
    return arena_strndup(ctx->arena, s, n);
}

/* Is the statement being parsed a `state` block?  stmt_start is the offset
 * of its first token. */
static bool in_state_statement(const ParseCtx *ctx)
{
    const SourceFile *f = source_file(ctx->sources, ctx->file);
    uint32_t at = ctx->stmt_start;
    if (!f || at + 5 > f->len || memcmp(f->text + at, "state", 5) != 0) return false;
    char next = at + 5 < f->len ? f->text[at + 5] : ' ';
    return !(next == '_' || next == '$' || (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') ||
             (next >= 'A' && next <= 'Z'));
}

static void mark_error(ParseCtx *ctx)
{
    ctx->module->had_errors = true;
    if (in_state_statement(ctx)) ctx->module->state_damaged = true;
}

static OpenBrace *top_brace(ParseCtx *ctx) { return ctx->nbraces ? &ctx->braces[ctx->nbraces - 1] : NULL; }

static void push_brace(ParseCtx *ctx, Span span, const char *what)
{
    if (ctx->nbraces == ctx->cap_braces) {
        uint32_t cap = ctx->cap_braces ? ctx->cap_braces * 2 : 16;
        OpenBrace *b = ARENA_ARRAY(ctx->arena, OpenBrace, cap);
        if (ctx->nbraces) memcpy(b, ctx->braces, sizeof(OpenBrace) * ctx->nbraces);
        ctx->braces = b;
        ctx->cap_braces = cap;
    }
    OpenBrace *ob = &ctx->braces[ctx->nbraces++];
    ob->span = span;
    ob->what = what;
    ob->group = false;
}

static const char *block_name(int kw)
{
    switch (kw) {
    case TK_FIELD: return "field";
    case TK_STATE: return "state";
    case TK_TEST: return "test";
    case TK_GROUP: return "group";
    case TK_MATCH: return "match";
    default: return NULL;
    }
}

/* Every token that reaches the parser or is skipped by recovery passes
 * here: braces are counted whether or not they parse. */
static void track(ParseCtx *ctx, const Token *t)
{
    switch (t->kind) {
    case TK_FIELD:
    case TK_STATE:
    case TK_TEST:
    case TK_GROUP:
    case TK_MATCH:
        if (!ctx->pending_block && ctx->prev.kind != TK_DOT) ctx->pending_block = t->kind;
        break;
    case TK_LBRACE:
        push_brace(ctx, t->span, block_name(ctx->pending_block));
        ctx->pending_block = 0;
        break;
    case TK_RBRACE:
        ctx->popped_group = ctx->nbraces && ctx->braces[ctx->nbraces - 1].group;
        if (ctx->nbraces) ctx->nbraces--;
        break;
    default: break;
    }
    if (t->kind >= TK_IMPORT && t->kind <= TK_UNDERSCORE && ctx->prev.kind != TK_DOT) {
        ctx->last_kw = t->kind;
        ctx->last_kw_span = t->span;
    }
    if (t->kind) ctx->last_end = t->span.end;
    ctx->prev = *t;
}

static bool accepts1(ParseCtx *ctx, int tok);
static bool accepts2(ParseCtx *ctx, int a, int b);

/* ---- feeding and recovery ------------------------------------------------ */

static void feed(ParseCtx *ctx, void *parser, const Token *t)
{
    ctx->tok = *t;
    ctx->nsnapshot = wp_parser_snapshot(parser, ctx->snapshot, SNAPSHOT_MAX);
    wp_parser(parser, t->kind, *t, ctx);
    track(ctx, t);
}

static bool at_statement_level(ParseCtx *ctx)
{
    OpenBrace *ob = top_brace(ctx);
    return !ob || ob->group;
}

/* Forgets the braces of blocks that recovery abandons (a field block whose
 * `}` is missing): statements resume at the level of the innermost group. */
static void pop_to_statement_level(ParseCtx *ctx)
{
    while (ctx->nbraces && !ctx->braces[ctx->nbraces - 1].group) ctx->nbraces--;
}

/* While recovering: may the parse resume at token t? */
static bool can_resume(ParseCtx *ctx, const Token *t)
{
    if (t->kind == 0) return true;
    if (t->kind == TK_RBRACE) {
        OpenBrace *ob = top_brace(ctx);
        return ob && ob->group;
    }
    if (!lex_is_statement_keyword(t->kind)) return false;
    if (ctx->prev.kind == TK_DOT || ctx->prev.kind == TK_LBRACKET) return false;
    if (ctx->prev.kind == TK_RBRACE) {
        pop_to_statement_level(ctx);
        return true;
    }
    return at_statement_level(ctx);
}

/* Gets the parser ready to take statement keyword t after an error.  The
 * blocks left open (a field block missing its `}`) are closed with
 * invented `}` tokens when the parser accepts them, so the statement that
 * was being written is kept; otherwise the parser starts afresh at
 * statement level. */
static void resume_at_statement(ParseCtx *ctx, void *parser, const Token *t, uint32_t prev_end)
{
    Span at = {ctx->file, prev_end, prev_end};
    wp_parser_forgive(parser);
    for (;;) {
        OpenBrace *ob = top_brace(ctx);
        ctx->nsnapshot = wp_parser_snapshot(parser, ctx->snapshot, SNAPSHOT_MAX);
        if (accepts1(ctx, t->kind)) return;
        if (!ob || ob->group || !accepts1(ctx, TK_RBRACE)) break;
        Token rb;
        memset(&rb, 0, sizeof rb);
        rb.kind = TK_RBRACE;
        rb.span = at;
        rb.text = "}";
        rb.len = 1;
        feed(ctx, parser, &rb);
        if (ctx->syntax_error) {
            ctx->syntax_error = false;
            break;
        }
    }
    pop_to_statement_level(ctx);
    wp_parser_reset(parser);
    ctx->stmt_start = t->span.start;
}

Module *parse_module(Arena *arena, SourceMap *sources, uint32_t file, DiagList *diags)
{
    Module *m = ARENA_NEW(arena, Module);
    m->file = file;
    SourceFile *f = source_file(sources, file);
    if (!f) return m;

    Lexer lx;
    lex_init(&lx, arena, diags, f, file, m);
    ParseCtx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.arena = arena;
    ctx.diags = diags;
    ctx.sources = sources;
    ctx.file = file;
    ctx.module = m;
    ctx.lexer = &lx;
    ctx.snapshot = ARENA_ARRAY(arena, int, SNAPSHOT_MAX);

    void *parser = wp_parserAlloc(malloc);
    bool recovering = false;
    bool fresh = true; /* nothing fed since the parser was reset */
    uint32_t lex_errors_seen = 0;
    bool have_peek = false;
    Token t, peek;
    for (;;) {
        if (have_peek) {
            t = peek;
            have_peek = false;
        } else
            lex_next(&lx, &t);
        int kind = t.kind;
        if (lx.nerrors != lex_errors_seen) {
            lex_errors_seen = lx.nerrors;
            mark_error(&ctx);
        }
        if (kind == TK_RBRACE && ctx.nbraces == 0) {
            /* while recovering, a stray `}` belongs to the broken text */
            if (!recovering) {
                Diag *d =
                    diag_add(diags, D_PARSE_UNEXPECTED, t.span, "unexpected '}': there is no open block to close");
                diag_suggest(diags, d, t.span, "", "remove this `}`");
            }
            mark_error(&ctx);
            continue;
        }
        if (recovering) {
            if (!can_resume(&ctx, &t)) {
                track(&ctx, &t);
                continue;
            }
            recovering = false;
            wp_parser_reset(parser);
            ctx.stmt_start = t.span.start;
            fresh = true;
        }
        /* A statement keyword the parser would take only as a name (by
         * fallback) and that the next token shows is no name: the
         * statement before it is unfinished, e.g. `sync a <->` followed by
         * `field x { ... }`, or a field block without its `}`. */
        if (!fresh && lex_is_statement_keyword(kind) && ctx.prev.kind != TK_DOT && ctx.prev.kind != TK_LBRACKET) {
            ctx.nsnapshot = wp_parser_snapshot(parser, ctx.snapshot, SNAPSHOT_MAX);
            if (!accepts1(&ctx, kind) && accepts1(&ctx, TK_ID)) {
                lex_next(&lx, &peek);
                have_peek = true;
                if (!accepts2(&ctx, TK_ID, peek.kind)) {
                    ctx.tok = t;
                    parse_syntax_error(&ctx, kind);
                    ctx.syntax_error = false;
                    mark_error(&ctx);
                    resume_at_statement(&ctx, parser, &t, ctx.prev.span.end);
                }
            }
        }
        int prev_kind = ctx.prev.kind;
        uint32_t prev_end = ctx.prev.span.end;
        feed(&ctx, parser, &t);
        if (ctx.syntax_error) {
            ctx.syntax_error = false;
            mark_error(&ctx);
            recovering = true;
            /* The offending token starts a statement: resume right there
             * (unless a fresh parser just rejected it, which would loop). */
            if (kind == TK_RBRACE && ctx.popped_group) {
                /* the `}` of a group ends the broken statement in it */
                ctx.nbraces++;
                wp_parser_reset(parser);
                recovering = false;
                feed(&ctx, parser, &t);
                if (ctx.syntax_error) {
                    ctx.syntax_error = false;
                    recovering = true;
                }
            } else if (kind != 0 && !fresh && lex_is_statement_keyword(kind) && prev_kind != TK_DOT &&
                       prev_kind != TK_LBRACKET) {
                resume_at_statement(&ctx, parser, &t, prev_end);
                recovering = false;
                feed(&ctx, parser, &t);
                if (ctx.syntax_error) {
                    ctx.syntax_error = false;
                    recovering = true;
                }
            }
        }
        fresh = false;
        if (kind == 0) break;
    }

    if (ctx.groups.len && !ctx.eof_reported) {
        Item *g = ctx.groups.items[ctx.groups.len - 1];
        Span end = {file, ctx.last_end, ctx.last_end};
        Diag *d = diag_add(diags, D_PARSE_UNEXPECTED, end,
                           "unexpected end of file: the 'group' block '%s' is not closed", g->name);
        diag_suggest(diags, d, end, "\n}", "add `}` at the end to close the group '%s'", g->name);
        for (uint32_t i = 0; i < ctx.nbraces; i++)
            if (ctx.braces[i].group) {
                diag_note(diags, d, ctx.braces[i].span, "the 'group' block opens here");
            }
        mark_error(&ctx);
    }
    /* close what is still open so the tree is complete */
    while (ctx.groups.len) {
        Item *g = ctx.groups.items[--ctx.groups.len];
        g->span.end = f->len;
    }
    wp_parserFree(parser, free);
    return m;
}

/* ---- explaining a syntax error ---------------------------------------------- */

static bool accepts1(ParseCtx *ctx, int tok) { return wp_parser_accepts(ctx->snapshot, ctx->nsnapshot, &tok, 1) != 0; }

static bool accepts2(ParseCtx *ctx, int a, int b)
{
    int toks[2] = {a, b};
    return wp_parser_accepts(ctx->snapshot, ctx->nsnapshot, toks, 2) != 0;
}

typedef struct Phrases {
    const char *items[24];
    int n;
} Phrases;

static void phrase(Phrases *p, const char *s)
{
    if (p->n < 24) p->items[p->n++] = s;
}

static const char *join_phrases(Arena *a, const Phrases *p)
{
    StrBuf b = {0};
    for (int i = 0; i < p->n; i++) {
        if (i > 0) strbuf_puts(a, &b, i == p->n - 1 ? " or " : ", ");
        strbuf_puts(a, &b, p->items[i]);
    }
    return strbuf_cstr(a, &b);
}

static int count_set(const bool *e, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++) k += e[i];
    return k;
}

/* Turns the set of acceptable terminals into words: "a path", "a
 * condition", "'<->' or '->'".  Consumes what it describes from e[]. */
static void describe(ParseCtx *ctx, bool *e, int n, Phrases *out)
{
    static const int stmt[] = {
#define STMT(token) token,
#define WORD(token)
#define KEYWORD(text, token, statement) statement(token)
#include "keywords.def"
#undef KEYWORD
#undef WORD
#undef STMT
    };
    bool statement = true;
    for (size_t i = 0; i < sizeof stmt / sizeof stmt[0]; i++)
        if (!e[stmt[i]]) statement = false;
    if (statement) {
        for (size_t i = 0; i < sizeof stmt / sizeof stmt[0]; i++) e[stmt[i]] = false;
    }
    /* the `}` that closes a group is acceptable at statement level even
     * when no group is open (the driver rejects it): not worth listing */
    if (e[TK_RBRACE] && !ctx->nbraces) e[TK_RBRACE] = false;
    bool others = count_set(e, n) > 0;

    /* a path could continue: not worth listing when something else fits */
    if (e[TK_DOT] && count_set(e, n) > 2) {
        e[TK_DOT] = false;
        e[TK_LBRACKET] = false;
    }

    if (e[TK_EQ] && e[TK_NE] && e[TK_LT] && e[TK_LE] && e[TK_GT] && e[TK_GE]) {
        phrase(out, "a comparison operator");
        int c[] = {TK_EQ, TK_NE, TK_LT, TK_LE, TK_GT, TK_GE};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) e[c[i]] = false;
    }
    if (e[TK_NOT] && e[TK_EXISTS]) {
        phrase(out, "a condition");
        int c[] = {TK_NOT, TK_EXISTS, TK_EMPTY, TK_LENGTH, TK_LPAREN, TK_ID, TK_TRUE, TK_FALSE};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) e[c[i]] = false;
    }
    if (e[TK_IF] && e[TK_MATCH]) {
        phrase(out, "a value");
        int c[] = {TK_IF, TK_MATCH, TK_STR, TK_NUM, TK_NULL, TK_TRUE, TK_FALSE, TK_LBRACKET, TK_LBRACE};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) e[c[i]] = false;
    }
    if (e[TK_BOOL] && e[TK_MAP]) {
        phrase(out, "a type");
        int c[] = {TK_BOOL, TK_NUMBER, TK_STRING, TK_NULL, TK_ANY, TK_STR, TK_NUM, TK_LBRACE, TK_MAP, TK_LIST};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) e[c[i]] = false;
    }
    if (e[TK_NULL] && e[TK_NUM] && e[TK_STR] && e[TK_LBRACKET]) {
        phrase(out, "a literal value");
        int c[] = {TK_NULL, TK_TRUE, TK_FALSE, TK_NUM, TK_STR, TK_LBRACKET, TK_LBRACE};
        for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) e[c[i]] = false;
    }
    if (e[TK_ID]) {
        phrase(out, ctx->prev.kind != TK_DOT && accepts2(ctx, TK_ID, TK_DOT) ? "a path" : "a name");
        e[TK_ID] = false;
    }
    if (e[TK_STR]) {
        phrase(out, "a string");
        e[TK_STR] = false;
    }
    if (e[TK_NUM]) {
        phrase(out, "a number");
        e[TK_NUM] = false;
    }
    for (int i = 1; i < n; i++)
        if (e[i]) phrase(out, lex_token_desc(i));
    if (statement) phrase(out, others ? "a new statement" : "a statement");
}

static void note_block(ParseCtx *ctx, Diag *d, const OpenBrace *ob)
{
    if (ob->what)
        diag_note(ctx->diags, d, ob->span, "the '%s' block opens here", ob->what);
    else
        diag_note(ctx->diags, d, ob->span, "the '{' opens here");
}

void parse_syntax_error(ParseCtx *ctx, int major)
{
    ctx->syntax_error = true;
    /* A lexical error that dropped text in this statement (a stray
     * character, an unclosed comment) explains the syntax error already. */
    if (ctx->lexer->last_skip_end &&
        (ctx->lexer->last_skip_end > ctx->prev.span.end || ctx->lexer->last_skip_end > ctx->stmt_start))
        return;

    int n = wp_parser_ntokens();
    bool *e = ARENA_ARRAY(ctx->arena, bool, n);
    for (int i = 1; i < n; i++) e[i] = accepts1(ctx, i);
    const Token *bad = &ctx->tok;
    Span at = bad->span;
    if (major == 0) at.start = at.end = ctx->last_end;
    OpenBrace *ob = top_brace(ctx);
    const char *prev = ctx->prev.kind ? token_text(ctx, &ctx->prev) : NULL;
    DiagList *dl = ctx->diags;
    Diag *d;

    if (major == 0) {
        if (ob && !ob->group) {
            d = diag_add(dl, D_PARSE_UNEXPECTED, at, "unexpected end of file: the %s%s%s block is not closed",
                         ob->what ? "'" : "", ob->what ? ob->what : "'{'", ob->what ? "'" : "");
            diag_suggest(dl, d, at, " }", "add `}` at the end to close the block");
            note_block(ctx, d, ob);
            ctx->eof_reported = true;
            return;
        }
        Phrases p = {0};
        describe(ctx, e, n, &p);
        if (prev)
            diag_add(dl, D_PARSE_UNEXPECTED, at, "unexpected end of file: expected %s after '%s'",
                     join_phrases(ctx->arena, &p), prev);
        else
            diag_add(dl, D_PARSE_UNEXPECTED, at, "unexpected end of file: expected %s", join_phrases(ctx->arena, &p));
        ctx->eof_reported = true;
        return;
    }

    if (lex_is_statement_keyword(major) && e[TK_RBRACE] && ob && !ob->group) {
        d = diag_add(dl, D_PARSE_UNEXPECTED, at, "expected '}' to close the %s%s%s block opened here",
                     ob->what ? "'" : "", ob->what ? ob->what : "'{'", ob->what ? "'" : "");
        Span before = {at.file, ctx->last_end, ctx->last_end};
        diag_suggest(dl, d, before, " }", "add `}` after '%s' to close the block", prev ? prev : "{");
        note_block(ctx, d, ob);
        return;
    }

    if (major == TK_ASSIGN && e[TK_EQ]) {
        d = diag_add(dl, D_PARSE_UNEXPECTED, at, "expected a comparison such as '==' after '%s'; '=' does not compare",
                     prev ? prev : "");
        diag_suggest(dl, d, at, "==", "to compare, write `==`");
        return;
    }

    /* sync a b / flip a b */
    if (e[TK_BIARROW] && (ctx->last_kw == TK_SYNC || ctx->last_kw == TK_FLIP) && !e[TK_COMMA] && !e[TK_SYNC]) {
        bool sync = ctx->last_kw == TK_SYNC;
        d = diag_add(dl, D_PARSE_UNEXPECTED, at, "expected %s between the paths of '%s'",
                     sync ? "'<->' or '->'" : "'<->'", sync ? "sync" : "flip");
        if (major == TK_LARROW) {
            diag_suggest(dl, d, at, "<->", "write `<->`%s", sync ? ", or `->` with the source on the left" : "");
        } else {
            Span gap = {at.file, at.start, at.start};
            diag_suggest(dl, d, gap, "<-> ", "write `<->` between the two paths%s",
                         sync ? " (or `->` from the source to the target)" : "");
        }
        return;
    }

    Phrases p = {0};
    describe(ctx, e, n, &p);
    const char *found = lex_token_desc(major);
    if (major == TK_ID || major == TK_NUM || major == TK_STR || major == TK_INDEX)
        found = arena_printf(ctx->arena, "'%s'", token_text(ctx, bad));
    if (p.n == 0) {
        diag_add(dl, D_PARSE_UNEXPECTED, at, "unexpected %s", found);
    } else if (p.n > 7) {
        diag_add(dl, D_PARSE_UNEXPECTED, at, "unexpected %s after '%s'", found, prev ? prev : "");
    } else if (!prev) {
        diag_add(dl, D_PARSE_UNEXPECTED, at, "expected %s, found %s", join_phrases(ctx->arena, &p), found);
    } else {
        diag_add(dl, D_PARSE_UNEXPECTED, at, "expected %s after '%s'", join_phrases(ctx->arena, &p), prev);
    }
}

/* The grammar's %stack_size is the limit; lemon has emptied its stack, and
 * the driver recovers at the next statement as after a syntax error. */
void parse_stack_overflow(ParseCtx *ctx)
{
    ctx->syntax_error = true;
    Diag *d = diag_add(ctx->diags, D_PARSE_TOO_DEEP, ctx->tok.span,
                       "nested too deeply: the parser holds at most %d unfinished constructs "
                       "(parentheses, brackets, braces, 'not', 'if') at once",
                       PARSE_MAX_OPEN);
    diag_help(ctx->diags, d,
              "drop the parentheses a chain of `and`/`or` does not need, write a long else-if "
              "chain as a `match`, or split the condition among fields or groups");
}

/* Paths are left-recursive in the grammar, so nothing else bounds their
 * length; the passes after the parser walk a path's ancestors recursively
 * and give each its own text.  Reported once, at the first segment too many. */
Path *parse_path_push(ParseCtx *ctx, Path *p, PathSeg *seg)
{
    ast_path_push(ctx->arena, p, seg);
    if (p->segs.len == PARSE_MAX_PATH_SEGMENTS + 1) {
        diag_add(ctx->diags, D_PARSE_TOO_DEEP, seg->span,
                 "this path has more than %d segments, the deepest the state can nest "
                 "at run time",
                 PARSE_MAX_PATH_SEGMENTS);
        mark_error(ctx);
    }
    return p;
}

/* ---- helpers called by grammar actions -------------------------------------- */

static bool in_group(ParseCtx *ctx) { return ctx->groups.len > 0; }

static PtrVec *current_items(ParseCtx *ctx)
{
    if (in_group(ctx)) {
        Item *g = ctx->groups.items[ctx->groups.len - 1];
        return &g->items;
    }
    return &ctx->module->items;
}

static void not_here(ParseCtx *ctx, Item *it)
{
    Item *g = ctx->groups.items[ctx->groups.len - 1];
    const char *kw = ast_item_kind_name(it->kind);
    Diag *d = diag_add(ctx->diags, D_PARSE_NOT_HERE, it->keyword_span,
                       it->kind == ITEM_GROUP ? "groups cannot be nested: '%s' is inside the group '%s'"
                                              : "'%s' is not allowed inside the group '%s'",
                       it->kind == ITEM_GROUP ? it->name : kw, g->name);
    diag_note(ctx->diags, d, g->keyword_span, "the group '%s' starts here", g->name);
    if (it->kind == ITEM_GROUP)
        diag_help(ctx->diags, d,
                  "close the group '%s' before this one; a group whose rules need both conditions "
                  "takes them joined with `and`",
                  g->name);
    else
        diag_help(ctx->diags, d, "move the '%s' to the top level of the file, outside the group '%s'", kw, g->name);
    mark_error(ctx);
}

void parse_add_item(ParseCtx *ctx, Item *item)
{
    if (!item) return;
    ctx->stmt_start = ctx->tok.span.start;
    if (in_group(ctx)) {
        switch (item->kind) {
        case ITEM_IMPORT:
        case ITEM_STATE:
        case ITEM_VALIDATOR:
        case ITEM_TEST: not_here(ctx, item); break;
        default: break;
        }
    }
    ptrvec_push(ctx->arena, current_items(ctx), item);
}

void parse_open_group(ParseCtx *ctx, Item *group, Span brace)
{
    ctx->stmt_start = ctx->tok.span.start;
    if (in_group(ctx)) not_here(ctx, group);
    ptrvec_push(ctx->arena, current_items(ctx), group);
    ptrvec_push(ctx->arena, &ctx->groups, group);
    group->span = span_join(group->span, brace);
    for (uint32_t i = ctx->nbraces; i-- > 0;)
        if (ctx->braces[i].span.start == brace.start) {
            ctx->braces[i].group = true;
            ctx->braces[i].what = "group";
            break;
        }
}

void parse_close_group(ParseCtx *ctx, Span brace)
{
    if (!in_group(ctx)) {
        diag_add(ctx->diags, D_PARSE_UNEXPECTED, brace, "unexpected '}': there is no open block to close");
        mark_error(ctx);
        return;
    }
    Item *g = ctx->groups.items[--ctx->groups.len];
    g->span = span_join(g->span, brace);
    ctx->stmt_start = brace.end;
}

void parse_exclude_after_parens(ParseCtx *ctx, Item *compute, Cond *c)
{
    compute->span = span_join(compute->span, c->span);
    if (!compute->sources.len) return;
    Source *s = compute->sources.items[compute->sources.len - 1];
    if (s->exclude) {
        Diag *d = diag_add(ctx->diags, D_PARSE_UNEXPECTED, c->span,
                           "the last source of 'compute' already has an 'exclude when'");
        diag_note(ctx->diags, d, s->exclude->span, "the first 'exclude when' condition");
        diag_help(ctx->diags, d, "write one `exclude when` and join the two conditions with `or`");
        mark_error(ctx);
        return;
    }
    s->exclude = c;
    s->exclude_after_parens = true;
}

static bool name_is(const Concern *c, const char *s) { return strcmp(c->name, s) == 0; }

void parse_check_builtin_concern(ParseCtx *ctx, Concern *c)
{
    if (c->custom || !c->name) return;
    bool is_cond = name_is(c, "disabled") || name_is(c, "visible") || name_is(c, "readonly");
    bool is_value = name_is(c, "label") || name_is(c, "tooltip") || name_is(c, "placeholder");
    DiagList *dl = ctx->diags;
    if (c->kind == CONCERN_WHEN && is_cond) return;
    if (c->kind == CONCERN_VALUE && is_value) return;
    mark_error(ctx);
    Span before = {c->name_span.file, c->name_span.start, c->name_span.start};
    if (c->kind == CONCERN_WHEN && is_value) {
        Diag *d = diag_add(dl, D_PARSE_UNKNOWN_CONCERN, c->name_span, "'%s' takes a value, not a condition", c->name);
        diag_help(dl, d, "write `%s = \"...\"`, or `%s = if CONDITION then \"...\" else \"...\"`", c->name, c->name);
    } else if (c->kind == CONCERN_VALUE && is_cond) {
        Diag *d = diag_add(dl, D_PARSE_UNKNOWN_CONCERN, c->name_span, "'%s' takes a condition, not a value", c->name);
        diag_help(dl, d, "write `%s when CONDITION`", c->name);
    } else if (c->kind == CONCERN_WHEN) {
        Diag *d =
            diag_add(dl, D_PARSE_UNKNOWN_CONCERN, c->name_span,
                     "unknown concern '%s': the built-in conditions are 'disabled', 'visible' and 'readonly'", c->name);
        diag_suggest(dl, d, before, "concern ", "for a concern of your own, write `concern %s when ...`", c->name);
    } else {
        Diag *d =
            diag_add(dl, D_PARSE_UNKNOWN_CONCERN, c->name_span,
                     "unknown concern '%s': the built-in values are 'label', 'tooltip' and 'placeholder'", c->name);
        diag_suggest(dl, d, before, "concern ", "for a concern of your own, write `concern %s = ...`", c->name);
    }
}

void parse_add_member(ParseCtx *ctx, PtrVec *members, LitMember *m)
{
    for (uint32_t i = 0; i < members->len; i++) {
        LitMember *o = members->items[i];
        if (o->key_len == m->key_len && memcmp(o->key, m->key, m->key_len) == 0) {
            Diag *d =
                diag_add(ctx->diags, D_PARSE_DUPLICATE_KEY, m->key_span, "duplicate key '%s' in this object", m->key);
            diag_note(ctx->diags, d, o->key_span, "'%s' first appears here", o->key);
            diag_help(ctx->diags, d, "keep one '%s': a key holds one value", m->key);
            mark_error(ctx);
            break;
        }
    }
    ptrvec_push(ctx->arena, members, m);
}

PathSeg *parse_bracket_index(ParseCtx *ctx, Span span, const Token *num)
{
    bool digits = num->len > 0;
    for (uint32_t i = 0; i < num->len; i++)
        if (num->text[i] < '0' || num->text[i] > '9') digits = false;
    if (!digits) {
        Diag *d = diag_add(ctx->diags, D_PARSE_UNEXPECTED, num->span, "a list index is a whole number such as [0]");
        const char *fix = arena_printf(ctx->arena, "\"%s\"", num->text);
        diag_suggest(ctx->diags, d, num->span, fix, "quote a key that is not an index: `[%s]`", fix);
        mark_error(ctx);
    }
    return ast_seg_index(ctx->arena, span, num->text, num->num, true);
}

/* ---- templates ----------------------------------------------------------------- */

typedef struct TplScan {
    ParseCtx *ctx;
    const char *s;       /* decoded text */
    const uint32_t *map; /* decoded offset -> offset in the raw body */
    uint32_t base;       /* file offset of the raw body */
    uint32_t i, end;
} TplScan;

static Span tpl_span(const TplScan *ts, uint32_t a, uint32_t b)
{
    Span s = {ts->ctx->file, ts->base + ts->map[a], ts->base + ts->map[b]};
    return s;
}

static bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }

static bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

static void tpl_space(TplScan *ts)
{
    while (ts->i < ts->end && (ts->s[ts->i] == ' ' || ts->s[ts->i] == '\t')) ts->i++;
}

/* A path written inside {{ }}: the path grammar, scanned by hand because
 * it lives inside a string token. */
static Path *tpl_path(TplScan *ts)
{
    Arena *a = ts->ctx->arena;
    Path *p = NULL;
    tpl_space(ts);
    if (ts->i >= ts->end || !is_ident_start(ts->s[ts->i])) return NULL;
    uint32_t st = ts->i;
    while (ts->i < ts->end && is_ident_char(ts->s[ts->i])) ts->i++;
    p = ast_path(a,
                 ast_seg_name(a, tpl_span(ts, st, ts->i), arena_strndup(a, ts->s + st, ts->i - st), ts->i - st, false));
    for (;;) {
        tpl_space(ts);
        if (ts->i >= ts->end) return p;
        char c = ts->s[ts->i];
        if (c == '.') {
            ts->i++;
            tpl_space(ts);
            st = ts->i;
            if (ts->i < ts->end && ts->s[ts->i] >= '0' && ts->s[ts->i] <= '9') {
                while (ts->i < ts->end && ts->s[ts->i] >= '0' && ts->s[ts->i] <= '9') ts->i++;
                const char *txt = arena_strndup(a, ts->s + st, ts->i - st);
                parse_path_push(ts->ctx, p, ast_seg_index(a, tpl_span(ts, st, ts->i), txt, strtod(txt, NULL), false));
            } else if (ts->i < ts->end && is_ident_start(ts->s[ts->i])) {
                while (ts->i < ts->end && is_ident_char(ts->s[ts->i])) ts->i++;
                parse_path_push(ts->ctx, p,
                                ast_seg_name(a, tpl_span(ts, st, ts->i), arena_strndup(a, ts->s + st, ts->i - st),
                                             ts->i - st, false));
            } else {
                return NULL;
            }
        } else if (c == '[') {
            st = ts->i++;
            tpl_space(ts);
            if (ts->i + 1 < ts->end && ts->s[ts->i] == '*' && ts->s[ts->i + 1] == '*') {
                ts->i += 2;
                tpl_space(ts);
                if (ts->i >= ts->end || ts->s[ts->i] != ']') return NULL;
                ts->i++;
                parse_path_push(ts->ctx, p, ast_seg_wild(a, tpl_span(ts, st, ts->i), SEG_DEEP));
            } else if (ts->i < ts->end && ts->s[ts->i] == '*') {
                ts->i++;
                tpl_space(ts);
                if (ts->i >= ts->end || ts->s[ts->i] != ']') return NULL;
                ts->i++;
                parse_path_push(ts->ctx, p, ast_seg_wild(a, tpl_span(ts, st, ts->i), SEG_WILD));
            } else if (ts->i < ts->end && ts->s[ts->i] >= '0' && ts->s[ts->i] <= '9') {
                uint32_t ds = ts->i;
                while (ts->i < ts->end && ts->s[ts->i] >= '0' && ts->s[ts->i] <= '9') ts->i++;
                const char *txt = arena_strndup(a, ts->s + ds, ts->i - ds);
                tpl_space(ts);
                if (ts->i >= ts->end || ts->s[ts->i] != ']') return NULL;
                ts->i++;
                parse_path_push(ts->ctx, p, ast_seg_index(a, tpl_span(ts, st, ts->i), txt, strtod(txt, NULL), true));
            } else if (ts->i < ts->end && ts->s[ts->i] == '"') {
                uint32_t ks = ++ts->i;
                while (ts->i < ts->end && ts->s[ts->i] != '"') ts->i++;
                if (ts->i >= ts->end) return NULL;
                uint32_t ke = ts->i++;
                tpl_space(ts);
                if (ts->i >= ts->end || ts->s[ts->i] != ']') return NULL;
                ts->i++;
                parse_path_push(
                    ts->ctx, p,
                    ast_seg_name(a, tpl_span(ts, st, ts->i), arena_strndup(a, ts->s + ks, ke - ks), ke - ks, true));
            } else {
                return NULL;
            }
        } else {
            return NULL;
        }
    }
}

static void tpl_text(ParseCtx *ctx, PtrVec *parts, const char *s, uint32_t a, uint32_t b)
{
    if (b > a)
        ptrvec_push(ctx->arena, parts, ast_template_text(ctx->arena, arena_strndup(ctx->arena, s + a, b - a), b - a));
}

/* Splits a string value at its {{path}} placeholders.  The string is
 * decoded again from the source with an offset map so that the paths'
 * spans point into the file. */
Value *parse_template(ParseCtx *ctx, Lit *str)
{
    PtrVec parts = {0};
    const char *src = src_text(ctx);
    uint32_t start = str->span.start, end = str->span.end;
    uint32_t body = start + 1, body_end = end;
    if (end > body && src[end - 1] == '"' && end - start >= 2) body_end = end - 1;
    if (body_end < body) body_end = body;
    uint32_t len, *map;
    const char *s = lex_decode_string(ctx->arena, src + body, body_end - body, &len, &map);
    TplScan ts = {ctx, s, map, body, 0, 0};
    uint32_t text_from = 0, i = 0;
    while (i + 1 < len) {
        if (!(s[i] == '{' && s[i + 1] == '{')) {
            i++;
            continue;
        }
        uint32_t close = i + 2;
        while (close + 1 < len && !(s[close] == '}' && s[close + 1] == '}')) close++;
        if (close + 1 >= len) {
            Diag *d =
                diag_add(ctx->diags, D_PARSE_BAD_TEMPLATE, tpl_span(&ts, i, i + 2), "this '{{' has no closing '}}'");
            /* the placeholder most likely ends where its path does */
            uint32_t j = i + 2;
            while (j < len && (s[j] == ' ' || s[j] == '_' || s[j] == '.' || s[j] == '[' || s[j] == ']' || s[j] == '*' ||
                               (s[j] >= '0' && s[j] <= '9') || ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')))
                j++;
            while (j > i + 2 && s[j - 1] == ' ') j--;
            if (j > i + 2)
                diag_suggest(ctx->diags, d, tpl_span(&ts, j, j), "}}", "close the placeholder: `%.*s}}`", (int)(j - i),
                             s + i);
            else
                diag_help(ctx->diags, d, "close the placeholder with `}}`, as in `{{user.name}}`");
            mark_error(ctx);
            break;
        }
        ts.i = i + 2;
        ts.end = close;
        Path *p = tpl_path(&ts);
        if (!p) {
            diag_add(ctx->diags, D_PARSE_BAD_TEMPLATE, tpl_span(&ts, i, close + 2),
                     "expected a path between '{{' and '}}', such as {{user.name}}");
            mark_error(ctx);
        } else {
            tpl_text(ctx, &parts, s, text_from, i);
            TemplatePart *tp = ast_template_path(ctx->arena, p);
            tp->text = arena_strndup(ctx->arena, s + i, close + 2 - i); /* as written: "{{ a.b }}" */
            tp->text_len = close + 2 - i;
            ptrvec_push(ctx->arena, &parts, tp);
            text_from = close + 2;
        }
        i = close + 2;
    }
    tpl_text(ctx, &parts, s, text_from, len);
    return ast_value_template(ctx->arena, str, parts);
}
