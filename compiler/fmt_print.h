/* fmt_print.h — the formatter's printer: lines, indentation, comments.
 *
 * Internal to fmt*.c.  The formatter writes code through a Printer that
 * knows the original source text and the file's comments (sorted by
 * offset).  Comments are placed by one rule, applied as the printer walks
 * the tree in source order:
 *
 *   - before a node (statement, block entry, match arm, closing brace),
 *     every comment that starts before it is printed on its own line
 *     (fmt_leading);
 *   - when a line of code ends (fmt_end_line), comments that started inside
 *     the code just printed (rare: inside an expression) and comments that
 *     follow it on the same source line are appended after the code, and
 *     the comments ending consecutive lines are aligned
 *     (fmt_align_comments).
 *
 * So no comment is ever dropped, and their order is kept.  Blank lines: one
 * blank line is printed before a node or own-line comment when the source
 * had at least one blank line before it, except at the start of a block or
 * of the file.
 *
 * fmt_expr.c prints the inline pieces (literals, paths, types, conditions,
 * values); fmt.c prints statements and blocks. */
#ifndef WPC_FMT_PRINT_H
#define WPC_FMT_PRINT_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "ast.h"
#include "source.h"

typedef struct Printer {
    Arena *arena;
    const char *src; /* the file's text, for comments and blank lines */
    uint32_t src_len;
    const PtrVec *comments; /* Comment *, in source order */
    uint32_t next_comment;  /* first comment not printed yet */
    StrBuf out;
    int indent;        /* in levels of two spaces */
    bool line_open;    /* the current output line has text on it */
    uint32_t last_end; /* source offset just past the last thing printed */
    bool block_start;  /* nothing printed yet in this block (no blank line) */
    bool line_marked;  /* this output line has its trailing-comment mark */
} Printer;

/* Marks, in the printed text, where a line's trailing comment starts: the
 * byte 0xFF, which never occurs in UTF-8, and a file with invalid UTF-8 is
 * never formatted (WP0106 is an error), so neither code nor a comment's
 * text holds one (a control character could be in a comment). */
#define FMT_COMMENT_MARK '\xff'

/* Replaces each mark by spaces so that the trailing comments of consecutive
 * lines with the same indentation start in one column, two spaces after the
 * longest code of the run (as gofmt does). */
const char *fmt_align_comments(Arena *arena, const char *text);

/* ---- layout (fmt_print.c) ---------------------------------------------- */

void fmt_write(Printer *p, const char *s);
void fmt_writen(Printer *p, const char *s, size_t n);

/* Prints every comment that starts before `start` on its own line, then
 * the blank line that belongs before the node at `start`, if any. */
void fmt_leading(Printer *p, uint32_t start);

/* Prints every comment that starts before `start` on its own line (with
 * the blank lines the source had between them), and nothing else. */
void fmt_comments_before(Printer *p, uint32_t start);

/* Ends the current line whose code came from source up to `end`: appends
 * comments that start before `end`, then those on the same source line
 * after it that start before `limit`. */
void fmt_end_line(Printer *p, uint32_t end, uint32_t limit);

/* Starts a block after its `{` at source offset `brace` (the header line
 * has been ended): one level deeper, no blank line before the first entry. */
void fmt_open_block(Printer *p, uint32_t brace);

/* Ends a block whose `}` is at `close`: the comments left before it go on
 * their own lines inside the block, then `}` is written one level out (the
 * caller ends that line). */
void fmt_close_block(Printer *p, uint32_t close);

/* Whether a comment not printed yet starts in [from, to). */
bool fmt_comment_in(const Printer *p, uint32_t from, uint32_t to);

/* The offset of the first `ch` at or after `from` outside comments, or
 * `fallback` when there is none before `to`. */
uint32_t fmt_find_char(const Printer *p, uint32_t from, uint32_t to, char ch, uint32_t fallback);

/* The offset of the closing `}` of a node whose span ends at `end`. */
uint32_t fmt_closing_brace(const Printer *p, uint32_t start, uint32_t end);

/* ---- inline pieces (fmt_expr.c) ---------------------------------------- */

bool fmt_is_ident(const char *s, size_t n);
void fmt_string(Printer *p, const char *s, size_t n); /* "…", JSON-escaped */
void fmt_name_or_string(Printer *p, const char *s, size_t n);
void fmt_lit(Printer *p, const Lit *l);
void fmt_path(Printer *p, const Path *path);
void fmt_paths(Printer *p, const PtrVec *paths); /* a, b, c */
void fmt_cond(Printer *p, const Cond *c);
void fmt_value(Printer *p, const Value *v); /* may span lines (match) */
void fmt_validator_call(Printer *p, const ValidatorCall *v);
void fmt_external(Printer *p, const ExternalCall *e);
/* A type; `block` prints a non-empty object type one field per line. */
void fmt_type(Printer *p, const TypeExpr *t, bool block);
/* `name?: type` entries of a state block or a multi-line object type,
 * one per line, up to the closing brace at `close`. */
void fmt_field_decls(Printer *p, const PtrVec *fields, uint32_t close);

/* Inline code from a template: the text of `fmt` as it stands, and for each
 * directive the next argument, printed by the piece above:
 *   %p Path  %l Lit  %c Cond  %v Value  %V ValidatorCall  %e ExternalCall
 *   %s a C string as it is  %q a C string, quoted (fmt_string)
 * and %*X: a PtrVec of nodes of kind X, separated by ", ". */
void fmt_writef(Printer *p, const char *fmt, ...);

#endif
