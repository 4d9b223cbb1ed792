/* lexer.re — the tokenizer of .wp files (re2c; see compiler/lex.h).
 *
 * First stage of the pipeline: parse.c pulls tokens with lex_next() and
 * feeds them to the lemon parser.  The source text is NUL-terminated (the
 * SourceMap guarantees it), which is the sentinel re2c stops on.
 *
 * Strings and block comments are scanned by hand-written loops: they need
 * escape decoding, UTF-8 checks and precise error spans.  Digits right
 * after a `.` are a path segment (INDEX), so `items.0.1` is three
 * segments, never the number 0.1. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lex.h"
#include "parser.h"

void lex_init(Lexer *lx, Arena *arena, DiagList *diags, const SourceFile *f,
              uint32_t file, Module *module)
{
    memset(lx, 0, sizeof *lx);
    lx->arena = arena;
    lx->diags = diags;
    lx->module = module;
    lx->file = file;
    lx->base = (const unsigned char *)f->text;
    lx->cur = lx->base;
    lx->end = lx->base + f->len;
    /* a UTF-8 byte order mark is not part of the program */
    if (f->len >= 3 && lx->base[0] == 0xEF && lx->base[1] == 0xBB && lx->base[2] == 0xBF)
        lx->cur += 3;
}

static uint32_t off(const Lexer *lx, const unsigned char *p)
{
    return (uint32_t)(p - lx->base);
}

static Span span_of(const Lexer *lx, const unsigned char *a, const unsigned char *b)
{
    Span s = {lx->file, off(lx, a), off(lx, b)};
    return s;
}

static Diag *lex_error(Lexer *lx, DiagCode code, const unsigned char *a,
                      const unsigned char *b, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static Diag *lex_error(Lexer *lx, DiagCode code, const unsigned char *a,
                      const unsigned char *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(lx->arena, fmt, ap);
    va_end(ap);
    lx->nerrors++;
    if (code == D_LEX_BAD_CHAR || code == D_LEX_UNTERMINATED_COMMENT
        || code == D_LEX_UNTERMINATED_STRING || (code == D_LEX_BAD_UTF8 && !lx->in_text))
        lx->last_skip_end = off(lx, b);
    return lx->diags ? diag_add(lx->diags, code, span_of(lx, a, b), "%s", msg) : NULL;
}

/* The help of a lexical error, with the replacement of [a, b) when `fix`
 * is not NULL; nothing without a diagnostic list. */
static void lex_help(Lexer *lx, Diag *d, const unsigned char *a, const unsigned char *b,
                     const char *fix, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void lex_help(Lexer *lx, Diag *d, const unsigned char *a, const unsigned char *b,
                     const char *fix, const char *fmt, ...)
{
    if (!d) return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = arena_vprintf(lx->arena, fmt, ap);
    va_end(ap);
    if (fix)
        diag_suggest(lx->diags, d, span_of(lx, a, b), fix, "%s", msg);
    else
        diag_help(lx->diags, d, "%s", msg);
}

/* A malformed number as it was probably meant: `_` only between digits
 * (1__000 -> 1_000), no leading zeros, no dot or exponent without digits
 * after it.  NULL when nothing is left. */
static const char *fix_number(Arena *arena, const unsigned char *a, const unsigned char *b)
{
    StrBuf out = {0};
    const unsigned char *p = a;
    if (p < b && *p == '-') strbuf_putc(arena, &out, (char)*p++);
    while (p + 1 < b && *p == '0' && ((p[1] >= '0' && p[1] <= '9') || p[1] == '_')) p++; /* 007 -> 7 */
    for (; p < b; p++) {
        char prev = out.len ? out.data[out.len - 1] : 0;
        if (*p == '_') {
            const unsigned char *q = p;
            while (q < b && *q == '_') q++;
            if (prev >= '0' && prev <= '9' && q < b && *q >= '0' && *q <= '9') strbuf_putc(arena, &out, '_');
            p = q - 1;
            continue;
        }
        if (*p == '.' || *p == 'e' || *p == 'E') {
            /* kept only when a digit follows (after a sign and separators) */
            const unsigned char *q = p + 1;
            if (*p != '.' && q < b && (*q == '+' || *q == '-')) q++;
            const unsigned char *sign_end = q;
            while (q < b && *q == '_') q++;
            if (q < b && *q >= '0' && *q <= '9') strbuf_putn(arena, &out, (const char *)p, (size_t)(sign_end - p));
            p = q - 1;
            continue;
        }
        strbuf_putc(arena, &out, (char)*p);
    }
    if (!out.len || (out.len == 1 && out.data[0] == '-')) return NULL;
    return strbuf_cstr(arena, &out);
}

/* Length of the valid UTF-8 sequence at p (1..4) with its code point, or 0
 * when the bytes are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * truncated). */
static int utf8_seq(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
    unsigned c = p[0];
    int n;
    uint32_t v, min;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (end - p < n) return 0;
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

static void put_utf8(Arena *a, StrBuf *b, uint32_t cp)
{
    char buf[4];
    size_t n;
    if (cp < 0x80) { buf[0] = (char)cp; n = 1; }
    else if (cp < 0x800) {
        buf[0] = (char)(0xC0 | (cp >> 6));
        buf[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        buf[0] = (char)(0xE0 | (cp >> 12));
        buf[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        buf[0] = (char)(0xF0 | (cp >> 18));
        buf[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        buf[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        buf[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    strbuf_putn(a, b, buf, n);
}

static int hex4(const unsigned char *p, const unsigned char *end, uint32_t *v)
{
    uint32_t x = 0;
    if (end - p < 4) return 0;
    for (int i = 0; i < 4; i++) {
        unsigned c = p[i];
        x <<= 4;
        if (c >= '0' && c <= '9') x |= c - '0';
        else if (c >= 'a' && c <= 'f') x |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') x |= c - 'A' + 10;
        else return 0;
    }
    *v = x;
    return 1;
}

/* Decodes a string body [p, end) into b.  Reports through lx when lx is
 * not NULL; records source offsets (relative to p0) in *map when map is not
 * NULL.  Invalid pieces decode to U+FFFD (or the escaped character). */
static void decode_body(Lexer *lx, Arena *a, StrBuf *b, const unsigned char *p0,
                        const unsigned char *end, PtrVec *mapv, uint32_t **map,
                        uint32_t *mapcap)
{
    const unsigned char *p = p0;
    (void)mapv;
#define MAPTO(src) do { \
        if (map) { \
            while (*mapcap < b->len + 1) { \
                uint32_t nc = *mapcap ? *mapcap * 2 : 64; \
                uint32_t *nm = ARENA_ARRAY(a, uint32_t, nc); \
                if (*mapcap) memcpy(nm, *map, sizeof(uint32_t) * *mapcap); \
                *map = nm; *mapcap = nc; \
            } \
        } \
    } while (0)
    while (p < end) {
        size_t before = b->len;
        const unsigned char *src = p;
        if (*p == '\\') {
            const unsigned char *e = p + 1;
            uint32_t cp;
            if (e >= end) {
                if (lx) lex_help(lx, lex_error(lx, D_LEX_BAD_ESCAPE, p, e, "a backslash must be followed by an escape"),
                                 p, e, "\\\\", "write `\\\\` for a backslash");
                strbuf_putc(a, b, '\\');
                p = e;
            } else {
                switch (*e) {
                case '"':  strbuf_putc(a, b, '"');  p = e + 1; break;
                case '\\': strbuf_putc(a, b, '\\'); p = e + 1; break;
                case '/':  strbuf_putc(a, b, '/');  p = e + 1; break;
                case 'b':  strbuf_putc(a, b, '\b'); p = e + 1; break;
                case 'f':  strbuf_putc(a, b, '\f'); p = e + 1; break;
                case 'n':  strbuf_putc(a, b, '\n'); p = e + 1; break;
                case 'r':  strbuf_putc(a, b, '\r'); p = e + 1; break;
                case 't':  strbuf_putc(a, b, '\t'); p = e + 1; break;
                case 'u':
                    if (!hex4(e + 1, end, &cp)) {
                        const unsigned char *q = e + 1;
                        while (q < end && q < e + 5 && ((*q >= '0' && *q <= '9') || ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'f'))) q++;
                        if (lx) lex_help(lx, lex_error(lx, D_LEX_BAD_ESCAPE, p, q, "\\u must be followed by four hexadecimal digits"),
                                         p, q, NULL, "write the code point with four digits, e.g. `\\u00E9` for U+00E9");
                        put_utf8(a, b, 0xFFFD);
                        p = q;
                    } else if (cp >= 0xD800 && cp <= 0xDBFF) {
                        uint32_t lo;
                        if (end - (e + 5) >= 6 && e[5] == '\\' && e[6] == 'u' && hex4(e + 7, end, &lo)
                            && lo >= 0xDC00 && lo <= 0xDFFF) {
                            put_utf8(a, b, 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                            p = e + 11;
                        } else {
                            if (lx) lex_error(lx, D_LEX_BAD_ESCAPE, p, e + 5, "high surrogate \\u%04X is not followed by a low surrogate \\uDC00-\\uDFFF", (unsigned)cp);
                            put_utf8(a, b, 0xFFFD);
                            p = e + 5;
                        }
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        if (lx) lex_error(lx, D_LEX_BAD_ESCAPE, p, e + 5, "low surrogate \\u%04X without a high surrogate before it", (unsigned)cp);
                        put_utf8(a, b, 0xFFFD);
                        p = e + 5;
                    } else {
                        put_utf8(a, b, cp);
                        p = e + 5;
                    }
                    break;
                default: {
                    uint32_t ch;
                    int n = utf8_seq(e, end, &ch);
                    /* A byte that is not UTF-8 is shown as <E7>, as clang does, and
                     * decodes to U+FFFD: decoded strings are always UTF-8. */
                    if (n <= 0) {
                        if (lx) lex_help(lx, lex_error(lx, D_LEX_BAD_ESCAPE, p, e + 1,
                                          "'\\<%02X>' is not a valid escape (<%02X> is a byte that is "
                                          "not UTF-8)", (unsigned)*e, (unsigned)*e),
                                         p, p + 1, "\\\\", "write `\\\\` for a backslash");
                        put_utf8(a, b, 0xFFFD);
                        p = e + 1;
                        break;
                    }
                    if (lx) lex_help(lx, lex_error(lx, D_LEX_BAD_ESCAPE, p, e + n,
                                      "'\\%.*s' is not a valid escape", n, (const char *)e),
                                     p, p + 1, "\\\\", "write `\\\\%.*s` for a backslash and '%.*s'",
                                     n, (const char *)e, n, (const char *)e);
                    strbuf_putn(a, b, (const char *)e, (size_t)n);
                    p = e + n;
                }
                }
            }
        } else if (*p >= 0x80) {
            uint32_t cp;
            int n = utf8_seq(p, end, &cp);
            if (n == 0) {
                const unsigned char *q = p + 1;
                while (q < end && *q >= 0x80 && utf8_seq(q, end, &cp) == 0) q++;
                if (lx) lex_help(lx, lex_error(lx, D_LEX_BAD_UTF8, p, q, "invalid UTF-8 in a string"),
                                 p, q, NULL, "save the file as UTF-8, or write the character as \\uXXXX");
                put_utf8(a, b, 0xFFFD);
                p = q;
            } else {
                strbuf_putn(a, b, (const char *)p, (size_t)n);
                p += n;
            }
        } else {
            strbuf_putc(a, b, (char)*p);
            p++;
        }
        if (map) {
            MAPTO(0);
            for (size_t i = before; i < b->len; i++) (*map)[i] = (uint32_t)(src - p0);
        }
    }
    if (map) {
        MAPTO(0);
        (*map)[b->len] = (uint32_t)(end - p0);
    }
#undef MAPTO
}

char *lex_decode_string(Arena *arena, const char *raw, uint32_t n,
                        uint32_t *out_len, uint32_t **map)
{
    StrBuf b = {0};
    uint32_t cap = 0;
    if (map) *map = NULL;
    decode_body(NULL, arena, &b, (const unsigned char *)raw,
                (const unsigned char *)raw + n, NULL, map, &cap);
    *out_len = (uint32_t)b.len;
    return b.len ? b.data : arena_strdup(arena, "");
}

/* Scans a string whose opening quote is at `q`; returns the end. */
static const unsigned char *lex_string(Lexer *lx, const unsigned char *q, Token *t)
{
    const unsigned char *p = q + 1, *body_end;
    bool closed = false;
    while (p < lx->end) {
        if (*p == '"') { closed = true; break; }
        if (*p == '\n') break;
        if (*p == '\\' && p + 1 < lx->end && p[1] != '\n') p += 2;
        else p++;
    }
    if (p > lx->end) p = lx->end;
    body_end = p;
    if (!closed) {
        const unsigned char *e = p;
        if (e > q + 1 && e[-1] == '\r') e--;
        body_end = e;
        lex_help(lx, lex_error(lx, D_LEX_UNTERMINATED_STRING, q, e,
                               "this string has no closing quote before the end of the line"),
                 e, e, "\"", "add the closing `\"` (a string ends on its line; write \\n for a newline)");
    }
    StrBuf b = {0};
    uint32_t cap = 0;
    lx->in_text = true;
    decode_body(lx, lx->arena, &b, q + 1, body_end, NULL, NULL, &cap);
    lx->in_text = false;
    t->text = b.len ? b.data : arena_strdup(lx->arena, "");
    t->len = (uint32_t)b.len;
    return closed ? p + 1 : body_end;
}

static void add_comment(Lexer *lx, const unsigned char *a, const unsigned char *b, bool block)
{
    if (!lx->module) return;
    Comment *c = ARENA_NEW(lx->arena, Comment);
    c->span = span_of(lx, a, b);
    c->block = block;
    const unsigned char *p = a;
    while (p > lx->base && (p[-1] == ' ' || p[-1] == '\t')) p--;
    c->own_line = p == lx->base || p[-1] == '\n' || p[-1] == '\r';
    ptrvec_push(lx->arena, &lx->module->comments, c);
}

/* Reports invalid UTF-8 inside a comment (once per run of bad bytes). */
/* NUL bytes inside a block comment: one error per run of them, as outside
 * (a comment is kept as C text, which would end at the first NUL). */
static void check_nul(Lexer *lx, const unsigned char *p, const unsigned char *end)
{
    for (; p < end; p++) {
        if (*p) continue;
        const unsigned char *run = p;
        while (p + 1 < end && !p[1]) p++;
        lex_error(lx, D_LEX_BAD_CHAR, run, p + 1, "unexpected NUL byte");
    }
}

static void check_utf8(Lexer *lx, const unsigned char *p, const unsigned char *end)
{
    lx->in_text = true;
    while (p < end) {
        uint32_t cp;
        if (*p < 0x80) { p++; continue; }
        int n = utf8_seq(p, end, &cp);
        if (n) { p += n; continue; }
        const unsigned char *q = p + 1;
        while (q < end && *q >= 0x80 && utf8_seq(q, end, &cp) == 0) q++;
        lex_help(lx, lex_error(lx, D_LEX_BAD_UTF8, p, q, "invalid UTF-8 in a comment"), p, q, NULL,
                 "save the file as UTF-8");
        p = q;
    }
    lx->in_text = false;
}

/* `&&`, `||`, `!`, `===`, `!==`: an error that names the .wp spelling;
 * the token is the one meant, so the parse goes on undisturbed. */
static int js_habit(Lexer *lx, const unsigned char *a, const unsigned char *b,
                    const char *word, int kind)
{
    lx->nerrors++;
    if (lx->diags) {
        Diag *d = diag_add(lx->diags, D_LEX_BAD_CHAR, span_of(lx, a, b),
                           "'%.*s' is written '%s' in .wp conditions", (int)(b - a), (const char *)a, word);
        diag_suggest(lx->diags, d, span_of(lx, a, b), word, "write `%s`", word);
    }
    return kind;
}

/* NUM: copies the digits without `_` and converts. */
static void number_value(Lexer *lx, const unsigned char *a, const unsigned char *b, Token *t)
{
    char *s = arena_alloc(lx->arena, (size_t)(b - a) + 1);
    uint32_t n = 0;
    for (const unsigned char *p = a; p < b; p++)
        if (*p != '_') s[n++] = (char)*p;
    s[n] = '\0';
    t->text = s;
    t->len = n;
    t->num = strtod(s, NULL);
}

/* ---- keywords ---------------------------------------------------------------- */

static const struct { const char *text; int token; } keywords[] = {
#define KEYWORD(text, token, statement) {text, token},
#include "keywords.def"
#undef KEYWORD
};

int lex_keyword_count(void) { return (int)(sizeof keywords / sizeof keywords[0]); }
const char *lex_keyword_text(int i) { return keywords[i].text; }

/* The keyword spelled by s[0..n), else TK_ID: a binary search of the
 * sorted table (keywords.def). */
static int keyword_kind(const uint8_t *s, size_t n)
{
    int lo = 0, hi = lex_keyword_count();
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        const char *k = keywords[mid].text;
        size_t kn = strlen(k);
        int c = memcmp(s, k, n < kn ? n : kn);
        if (c == 0) c = n < kn ? -1 : n > kn ? 1 : 0;
        if (c == 0) return keywords[mid].token;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return TK_ID;
}

int lex_next(Lexer *lx, Token *t)
{
    const unsigned char *cur = lx->cur, *mar = cur, *start;
    int kind;
    memset(t, 0, sizeof *t);

next:
    start = cur;
    if (lx->prev == TK_DOT && *cur >= '0' && *cur <= '9') {
        while (*cur >= '0' && *cur <= '9') cur++;
        number_value(lx, start, cur, t);
        kind = TK_INDEX;
        goto done;
    }
    /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = cur;
        re2c:define:YYMARKER = mar;
        re2c:yyfill:enable = 0;

        digit  = [0-9];
        digits = digit ("_"? digit)*;
        int    = "-"? ("0" | [1-9] ("_"? digit)*);
        num    = int ("." digits)? ([eE] [+-]? digits)?;
        badnum = "-"? digit [0-9_]* ("." [0-9_]*)? ([eE] [+-]? [0-9_]*)?;
        ident  = [A-Za-z_$] [A-Za-z0-9_$]*;

        "\x00" {
            if (start >= lx->end) { cur = start; kind = 0; goto done; }
            lex_help(lx, lex_error(lx, D_LEX_BAD_CHAR, start, cur, "unexpected NUL byte"), start, cur, "",
                     "remove the NUL byte");
            goto next;
        }
        [ \t\r\n\f\v]+ { goto next; }
        "//" [^\n\x00]* {
            const unsigned char *e = cur;
            if (e > start && e[-1] == '\r') e--;
            check_utf8(lx, start, e);
            add_comment(lx, start, e, false);
            goto next;
        }
        "/*" {
            const unsigned char *p = cur;
            while (p + 1 < lx->end && !(p[0] == '*' && p[1] == '/')) p++;
            if (p + 1 >= lx->end) {
                lex_help(lx, lex_error(lx, D_LEX_UNTERMINATED_COMMENT, start, start + 2,
                                       "this comment is not closed with */ before the end of the file"),
                         start, start, NULL, "add `*/` where the comment ends (block comments do not nest)");
                check_utf8(lx, start, lx->end);
                check_nul(lx, start, lx->end);
                add_comment(lx, start, lx->end, true);
                cur = lx->end;
                goto next;
            }
            cur = p + 2;
            check_utf8(lx, start, cur);
            check_nul(lx, start, cur);
            add_comment(lx, start, cur, true);
            goto next;
        }
        "\"" { cur = lex_string(lx, start, t); kind = TK_STR; goto done; }
        ident       { kind = keyword_kind(start, (size_t)(cur - start)); goto word; }

        num { number_value(lx, start, cur, t); kind = TK_NUM; goto done; }
        badnum {
            {
                Diag *d = lex_error(lx, D_LEX_BAD_NUMBER, start, cur,
                                    "malformed number '%.*s'", (int)(cur - start), (const char *)start);
                const char *fix = fix_number(lx->arena, start, cur);
                if (fix)
                    lex_help(lx, d, start, cur, fix, "write `%s`", fix);
            }
            number_value(lx, start, cur, t);
            kind = TK_NUM;
            goto done;
        }

        /* JavaScript habits: reported, then read as what was meant */
        "&&"  { kind = js_habit(lx, start, cur, "and", TK_AND); goto word; }
        "||"  { kind = js_habit(lx, start, cur, "or", TK_OR); goto word; }
        "!"   { kind = js_habit(lx, start, cur, "not", TK_NOT); goto word; }
        "===" { kind = js_habit(lx, start, cur, "==", TK_EQ); goto done; }
        "!==" { kind = js_habit(lx, start, cur, "!=", TK_NE); goto done; }

        "{"   { kind = TK_LBRACE; goto done; }
        "}"   { kind = TK_RBRACE; goto done; }
        "("   { kind = TK_LPAREN; goto done; }
        ")"   { kind = TK_RPAREN; goto done; }
        "["   { kind = TK_LBRACKET; goto done; }
        "]"   { kind = TK_RBRACKET; goto done; }
        ","   { kind = TK_COMMA; goto done; }
        "."   { kind = TK_DOT; goto done; }
        ":"   { kind = TK_COLON; goto done; }
        "="   { kind = TK_ASSIGN; goto done; }
        "=="  { kind = TK_EQ; goto done; }
        "!="  { kind = TK_NE; goto done; }
        "<"   { kind = TK_LT; goto done; }
        "<="  { kind = TK_LE; goto done; }
        ">"   { kind = TK_GT; goto done; }
        ">="  { kind = TK_GE; goto done; }
        "<->" { kind = TK_BIARROW; goto done; }
        "->"  { kind = TK_ARROW; goto done; }
        "<-"  { kind = TK_LARROW; goto done; }
        "=>"  { kind = TK_FATARROW; goto done; }
        "|"   { kind = TK_PIPE; goto done; }
        "?"   { kind = TK_QUESTION; goto done; }
        "*"   { kind = TK_STAR; goto done; }
        "**"  { kind = TK_STARSTAR; goto done; }

        [\x80-\xff] {
            uint32_t cp;
            int n = utf8_seq(start, lx->end, &cp);
            if (n == 0) {
                cur = start + 1;
                while (cur < lx->end && *cur >= 0x80 && utf8_seq(cur, lx->end, &cp) == 0) cur++;
                lex_help(lx, lex_error(lx, D_LEX_BAD_UTF8, start, cur, "invalid UTF-8 byte sequence"),
                         start, cur, NULL, "save the file as UTF-8");
            } else {
                cur = start + n;
                Diag *d = lex_error(lx, D_LEX_BAD_CHAR, start, cur,
                                    "unexpected character '%.*s' (U+%04X)", n, (const char *)start, (unsigned)cp);
                /* what word processors and fonts turn ASCII into */
                const char *ascii = cp == 0x201C || cp == 0x201D ? "\""
                                  : cp == 0x2192 ? "->" : cp == 0x2194 ? "<->" : cp == 0x2190 ? "<-"
                                  : cp == 0x2212 ? "-" : cp == 0x2260 ? "!=" : cp == 0x2264 ? "<="
                                  : cp == 0x2265 ? ">=" : NULL;
                if (ascii)
                    lex_help(lx, d, start, cur, ascii, "write `%s`", ascii);
                else
                    lex_help(lx, d, start, cur, NULL,
                             "outside strings, only ASCII is code; a key with this character is quoted: `[\"...\"]`");
            }
            goto next;
        }
        * {
            if (*start == ';')
                lex_help(lx, lex_error(lx, D_LEX_BAD_CHAR, start, cur, "unexpected character '%c'", *start),
                         start, cur, "", "remove the `;`: a statement ends without one");
            else if (*start == 0x27)
                lex_help(lx, lex_error(lx, D_LEX_BAD_CHAR, start, cur, "unexpected character '%c'", *start),
                         start, cur, NULL, "strings are written in double quotes: `\"...\"`");
            else if (*start >= 0x20 && *start < 0x7f)
                lex_help(lx, lex_error(lx, D_LEX_BAD_CHAR, start, cur, "unexpected character '%c'", *start),
                         start, cur, NULL, "remove it; a key with this character is quoted: `[\"%c\"]`", *start);
            else
                lex_help(lx, lex_error(lx, D_LEX_BAD_CHAR, start, cur, "unexpected control character 0x%02X", *start),
                         start, cur, "", "remove the control character");
            goto next;
        }
    */

word:
    if (*start == '&' || *start == '|' || *start == '!') {
        t->text = kind == TK_AND ? "and" : kind == TK_OR ? "or" : "not";
        t->len = (uint32_t)strlen(t->text);
    } else {
        t->text = arena_strndup(lx->arena, (const char *)start, (size_t)(cur - start));
        t->len = (uint32_t)(cur - start);
    }
done:
    (void)mar;
    t->kind = kind;
    t->span = span_of(lx, start, cur);
    lx->cur = cur;
    lx->prev = kind;
    return kind;
}

static const char *const token_desc[] = {
    [0] = "end of file",
    [TK_ID] = "a name", [TK_NUM] = "a number", [TK_STR] = "a string",
    [TK_INDEX] = "an index",
#define KEYWORD(text, token, statement) [token] = "'" text "'",
#include "keywords.def"
#undef KEYWORD
    [TK_LBRACE] = "'{'", [TK_RBRACE] = "'}'", [TK_LPAREN] = "'('",
    [TK_RPAREN] = "')'", [TK_LBRACKET] = "'['", [TK_RBRACKET] = "']'",
    [TK_COMMA] = "','", [TK_DOT] = "'.'", [TK_COLON] = "':'", [TK_ASSIGN] = "'='",
    [TK_EQ] = "'=='", [TK_NE] = "'!='", [TK_LT] = "'<'", [TK_LE] = "'<='",
    [TK_GT] = "'>'", [TK_GE] = "'>='", [TK_BIARROW] = "'<->'", [TK_ARROW] = "'->'",
    [TK_LARROW] = "'<-'", [TK_FATARROW] = "'=>'", [TK_PIPE] = "'|'",
    [TK_QUESTION] = "'?'", [TK_STAR] = "'*'", [TK_STARSTAR] = "'**'",
};

const char *lex_token_desc(int kind)
{
    if (kind < 0 || (size_t)kind >= sizeof token_desc / sizeof token_desc[0]
        || !token_desc[kind])
        return "a token";
    return token_desc[kind];
}

bool lex_is_statement_keyword(int kind)
{
    switch (kind) {
#define STMT(token) case token:
#define WORD(token)
#define KEYWORD(text, token, statement) statement(token)
#include "keywords.def"
#undef KEYWORD
#undef WORD
#undef STMT
        return true;
    default:
        return false;
    }
}

