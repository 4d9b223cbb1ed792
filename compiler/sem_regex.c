/* sem_regex.c — a recursive-descent syntax checker for the regex subset of
 * `pattern` validators (see sem_regex.h).  It mirrors JavaScript's parser
 * for what both accept and names the construct for what wpc does not. */
#include "sem_regex.h"

#include <ctype.h>
#include <string.h>

enum { MAX_REPEAT = 1000 };

typedef struct Rx {
    Arena *a;
    const char *s;
    size_t len, pos;
    const char *err;
} Rx;

static bool at_end(const Rx *r) { return r->pos >= r->len; }
static char peek(const Rx *r) { return at_end(r) ? 0 : r->s[r->pos]; }

static bool fail(Rx *r, size_t at, const char *what)
{
    if (!r->err) r->err = arena_printf(r->a, "%s (at offset %zu)", what, at);
    return false;
}

static bool is_hex(char c) { return isxdigit((unsigned char)c) != 0; }

/* After a backslash.  `in_class`: \b means backspace there. */
static bool escape(Rx *r, bool in_class)
{
    size_t at = r->pos - 1;
    if (at_end(r)) return fail(r, at, "pattern ends with a lone backslash");
    char c = r->s[r->pos++];
    switch (c) {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
    case 'n': case 'r': case 't': case 'f': case 'v':
        return true;
    case '0':
        if (isdigit((unsigned char)peek(r))) return fail(r, at, "octal escapes are not supported");
        return true;
    case 'x':
        if (r->pos + 2 > r->len || !is_hex(r->s[r->pos]) || !is_hex(r->s[r->pos + 1]))
            return fail(r, at, "\\x needs two hex digits");
        r->pos += 2;
        return true;
    case 'u':
        for (int i = 0; i < 4; i++)
            if (r->pos + (size_t)i >= r->len || !is_hex(r->s[r->pos + (size_t)i]))
                return fail(r, at, "\\u needs four hex digits");
        r->pos += 4;
        return true;
    case 'b':
        if (in_class) return true;
        return fail(r, at, "word boundaries (\\b) are not supported");
    case 'B':
        return fail(r, at, "word boundaries (\\B) are not supported");
    case 'k':
        return fail(r, at, "named backreferences (\\k) are not supported");
    default:
        if (c >= '1' && c <= '9') return fail(r, at, "backreferences are not supported");
        if (isalnum((unsigned char)c))
            return fail(r, at, arena_printf(r->a, "\\%c is not a supported escape", c));
        return true;    /* escaped punctuation: \. \\ \/ \- \[ ... */
    }
}

/* One class member for a range: returns its code unit value, or -1 for a
 * class escape (\d ...) that cannot bound a range. */
static long class_atom(Rx *r)
{
    char c = r->s[r->pos++];
    if (c != '\\') return (unsigned char)c;
    size_t start = r->pos;
    if (!escape(r, true)) return -2;
    char e = r->s[start];
    switch (e) {
    case 'd': case 'D': case 'w': case 'W': case 's': case 'S': return -1;
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'f': return '\f';
    case 'v': return '\v';
    case 'b': return '\b';
    case '0': return 0;
    case 'x': case 'u': {
        long v = 0;
        for (size_t i = start + 1; i < r->pos; i++) {
            char h = r->s[i];
            v = v * 16 + (isdigit((unsigned char)h) ? h - '0' : (tolower((unsigned char)h) - 'a' + 10));
        }
        return v;
    }
    default: return (unsigned char)e;
    }
}

static bool char_class(Rx *r)
{
    size_t open = r->pos - 1;
    if (peek(r) == '^') r->pos++;
    while (!at_end(r) && peek(r) != ']') {
        size_t at = r->pos;
        long lo = class_atom(r);
        if (lo == -2) return false;
        if (peek(r) == '-' && r->pos + 1 < r->len && r->s[r->pos + 1] != ']') {
            r->pos++;
            long hi = class_atom(r);
            if (hi == -2) return false;
            if (lo == -1 || hi == -1) return fail(r, at, "a class escape cannot bound a range");
            if (lo > hi) return fail(r, at, "range out of order in character class");
        }
    }
    if (at_end(r)) return fail(r, open, "unterminated character class");
    r->pos++;
    return true;
}

/* {n}, {n,}, {n,m} at r->pos (on the '{'); false without consuming when it
 * is not a quantifier (then '{' is a literal, as in JavaScript). */
static bool brace_quant(Rx *r, bool *ok)
{
    size_t p = r->pos + 1, at = r->pos;
    unsigned long n = 0, m = 0;
    bool digits = false, comma = false, mdigits = false;
    while (p < r->len && isdigit((unsigned char)r->s[p])) { n = n * 10 + (unsigned long)(r->s[p] - '0'); if (n > 100000) n = 100000; p++; digits = true; }
    if (!digits) return false;
    if (p < r->len && r->s[p] == ',') {
        comma = true;
        p++;
        while (p < r->len && isdigit((unsigned char)r->s[p])) { m = m * 10 + (unsigned long)(r->s[p] - '0'); if (m > 100000) m = 100000; p++; mdigits = true; }
    }
    if (p >= r->len || r->s[p] != '}') return false;
    r->pos = p + 1;
    *ok = true;
    if (comma && mdigits && n > m) *ok = fail(r, at, "numbers out of order in {} quantifier");
    else if (n > MAX_REPEAT || (mdigits && m > MAX_REPEAT))
        *ok = fail(r, at, "repetition count above 1000 is not supported");
    return true;
}

static bool alternation(Rx *r, int depth);

static bool quantifier(Rx *r, bool can_repeat)
{
    size_t at = r->pos;
    char c = peek(r);
    bool quant = false, ok = true;
    if (c == '*' || c == '+' || c == '?') { r->pos++; quant = true; }
    else if (c == '{') quant = brace_quant(r, &ok);
    if (!ok) return false;
    if (!quant) return true;
    if (!can_repeat) return fail(r, at, "nothing to repeat");
    if (peek(r) == '?') return fail(r, r->pos, "lazy quantifiers are not supported (they do not change whether a pattern matches: drop the '?')");
    c = peek(r);
    if (c == '*' || c == '+') return fail(r, r->pos, "nothing to repeat");
    if (c == '{') {
        bool ok2 = true;
        size_t save = r->pos;
        if (brace_quant(r, &ok2)) return fail(r, save, "nothing to repeat");
    }
    return true;
}

static bool term(Rx *r, int depth)
{
    size_t at = r->pos;
    char c = r->s[r->pos++];
    bool can_repeat = true;
    switch (c) {
    case '(':
        if (peek(r) == '?') {
            char k = r->pos + 1 < r->len ? r->s[r->pos + 1] : 0;
            if (k == ':') r->pos += 2;
            else if (k == '=' || k == '!') return fail(r, at, "lookahead is not supported");
            else if (k == '<') {
                char k2 = r->pos + 2 < r->len ? r->s[r->pos + 2] : 0;
                if (k2 == '=' || k2 == '!') return fail(r, at, "lookbehind is not supported");
                return fail(r, at, "named groups are not supported; use ( ) or (?: )");
            } else return fail(r, at, "invalid group");
        }
        if (!alternation(r, depth + 1)) return false;
        if (peek(r) != ')') return fail(r, at, "unterminated group");
        r->pos++;
        break;
    case ')':
        return fail(r, at, "unmatched ')'");
    case '[':
        if (!char_class(r)) return false;
        break;
    case '\\':
        if (!escape(r, false)) return false;
        break;
    case '^': case '$':
        can_repeat = false;
        break;
    case '*': case '+': case '?':
        return fail(r, at, "nothing to repeat");
    case '{': {
        bool ok = true;
        r->pos = at;
        if (brace_quant(r, &ok)) return ok ? fail(r, at, "nothing to repeat") : false;
        r->pos = at + 1;    /* a literal '{' */
        break;
    }
    default:
        break;
    }
    return quantifier(r, can_repeat);
}

static bool alternation(Rx *r, int depth)
{
    if (depth > 100) return fail(r, r->pos, "groups nested too deeply");
    for (;;) {
        while (!at_end(r) && peek(r) != '|' && peek(r) != ')')
            if (!term(r, depth)) return false;
        if (peek(r) != '|') return true;
        r->pos++;
    }
}

const char *sem_regex_check(Arena *a, const char *re, size_t len)
{
    Rx r = {a, re, len, 0, NULL};
    if (!alternation(&r, 0)) return r.err;
    if (!at_end(&r)) {         /* a ')' with no group open */
        fail(&r, r.pos, "unmatched ')'");
        return r.err;
    }
    return NULL;
}
