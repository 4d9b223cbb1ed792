/* lex.h — the tokenizer of .wp files (grammar/lexer.re, built with re2c).
 *
 * The driver (parse.c) pulls one token at a time with lex_next() and feeds
 * it to the lemon parser.  Comments never reach the parser: they are
 * recorded in Module.comments.  Lexical errors are reported to the DiagList
 * once and the lexer carries on with a usable token (a bad character is
 * skipped, an unterminated string ends at the end of its line, a malformed
 * number still yields a number), so they do not turn into syntax errors.
 *
 * Token kinds are the TK_* codes that lemon writes to build/gen/parser.h;
 * 0 is the end of the file. */
#ifndef WPC_LEX_H
#define WPC_LEX_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "diag.h"
#include "source.h"

typedef struct Token {
    int kind; /* TK_*, 0 at the end of the file */
    Span span;
    const char *text; /* ID and keywords: the name;  STR: decoded;
                               NUM, INDEX: as written without `_` */
    uint32_t len;     /* byte length of text (a STR may contain NUL) */
    double num;       /* NUM, INDEX */
} Token;

typedef struct Lexer {
    Arena *arena;
    DiagList *diags;
    Module *module; /* receives comments; may be NULL */
    uint32_t file;
    const unsigned char *base, *cur, *end; /* *end is a NUL */
    int prev;                              /* kind of the previous token (INDEX after DOT) */
    uint32_t nerrors;                      /* lexical errors reported so far */
    uint32_t last_skip_end;                /* end of the last error that dropped text (a bad
                               character, an unclosed comment or string) */
    bool in_text;                          /* scanning a string or comment body */
} Lexer;

void lex_init(Lexer *lx, Arena *arena, DiagList *diags, const SourceFile *f, uint32_t file, Module *module);

/* Scans the next token into *t and returns its kind (0 at the end). */
int lex_next(Lexer *lx, Token *t);

/* Describes a token kind for messages: "'<->'", "'sync'", "a string". */
const char *lex_token_desc(int kind);

/* True for the keywords that start a top-level statement (import, state,
 * sync, ..., test): the parser's recovery points. */
bool lex_is_statement_keyword(int kind);
/* The keyword table (grammar/keywords.def), for tests: count and spellings. */
int lex_keyword_count(void);
const char *lex_keyword_text(int i);

/* Decodes the body of a string literal (the bytes between the quotes)
 * without reporting anything.  When map is non-NULL, *map receives, for
 * each decoded byte i (and for i == *out_len), the offset in `raw` of the
 * source byte it came from: templates use it to give placeholders real
 * spans. */
char *lex_decode_string(Arena *arena, const char *raw, uint32_t n, uint32_t *out_len, uint32_t **map);

#endif
