/* sem_regex.c — a recursive-descent parser for the regex subset of
 * `pattern` validators (see sem_regex.h).  It mirrors JavaScript's parser
 * (without flags) for what both accept, names the construct for what wpc
 * does not, and builds the tree regex_dfa.c compiles.
 *
 * The pattern is decoded to UTF-16 code units first, because that is what
 * JavaScript parses: a character beyond U+FFFF is two units, each one an
 * atom of its own (a quantifier after it repeats only the low surrogate). */
#include "sem_regex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct Rx {
    Arena *a;
    const uint16_t *u; /* the pattern as code units */
    const size_t *off; /* byte offset of each unit; off[n] = byte length */
    size_t n, pos;
    const char *err;
} Rx;

/* Ranges collected for one set before they are sorted and merged. */
typedef struct SetBuf {
    RegexRange *r;
    uint32_t n, cap;
} SetBuf;

/* ---- the character sets JavaScript gives the escapes and `.` ---------- */

static const RegexRange DIGIT[] = {{'0', '9'}};
static const RegexRange WORD[] = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
/* WhiteSpace and LineTerminator of ECMA-262 (Unicode Zs as V8 has it). */
static const RegexRange SPACE[] = {
    {0x09, 0x0d},     {0x20, 0x20},     {0xa0, 0xa0},     {0x1680, 0x1680}, {0x2000, 0x200a},
    {0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}, {0xfeff, 0xfeff},
};
static const RegexRange LINE_TERMINATOR[] = {{0x0a, 0x0a}, {0x0d, 0x0d}, {0x2028, 0x2029}};

#define COUNT(t) ((uint32_t)(sizeof(t) / sizeof((t)[0])))

/* ---- decoding ------------------------------------------------------------ */

/* UTF-8 → UTF-16 code units.  WTF-8 surrogates (ED A0..BF xx) decode to
 * themselves; a byte that starts no valid sequence becomes U+FFFD, as a
 * decoder would give it (the lexer lets no such byte through). */
static size_t decode(const char *s, size_t len, uint16_t *u, size_t *off)
{
    size_t n = 0, i = 0;
    while (i < len) {
        const unsigned char *p = (const unsigned char *)s + i;
        size_t avail = len - i, k = 1;
        uint32_t cp = 0xfffd;
        if (p[0] < 0x80)
            cp = p[0];
        else if (p[0] >= 0xc2 && p[0] < 0xe0 && avail >= 2 && (p[1] & 0xc0) == 0x80) {
            cp = (uint32_t)(p[0] & 0x1f) << 6 | (p[1] & 0x3f);
            k = 2;
        } else if (p[0] >= 0xe0 && p[0] < 0xf0 && avail >= 3 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
            uint32_t c = (uint32_t)(p[0] & 0x0f) << 12 | (uint32_t)(p[1] & 0x3f) << 6 | (p[2] & 0x3f);
            if (c >= 0x800) {
                cp = c;
                k = 3;
            }
        } else if (p[0] >= 0xf0 && p[0] < 0xf5 && avail >= 4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
                   (p[3] & 0xc0) == 0x80) {
            uint32_t c = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3f) << 12 | (uint32_t)(p[2] & 0x3f) << 6 |
                         (p[3] & 0x3f);
            if (c >= 0x10000 && c <= 0x10ffff) {
                cp = c;
                k = 4;
            }
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            off[n] = i;
            u[n++] = (uint16_t)(0xd800 + (cp >> 10));
            off[n] = i;
            u[n++] = (uint16_t)(0xdc00 + (cp & 0x3ff));
        } else {
            off[n] = i;
            u[n++] = (uint16_t)cp;
        }
        i += k;
    }
    off[n] = len;
    return n;
}

/* ---- small helpers ------------------------------------------------------- */

static bool at_end(const Rx *r) { return r->pos >= r->n; }
static int peek(const Rx *r) { return at_end(r) ? -1 : r->u[r->pos]; }
static int unit_at(const Rx *r, size_t i) { return i < r->n ? r->u[i] : -1; }

static bool fail(Rx *r, size_t at, const char *what)
{
    if (!r->err) r->err = arena_printf(r->a, "%s (at offset %zu)", what, r->off[at < r->n ? at : r->n]);
    return false;
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }
static bool is_hex(int c) { return c >= 0 && c < 128 && isxdigit(c) != 0; }
static bool is_alnum(int c) { return c >= 0 && c < 128 && isalnum(c) != 0; }
static long hex_value(int c) { return is_digit(c) ? c - '0' : (tolower(c) - 'a' + 10); }

static RegexNode *node(Rx *r, RegexKind kind, size_t at)
{
    RegexNode *n = ARENA_NEW(r->a, RegexNode);
    n->kind = kind;
    n->offset = (uint32_t)r->off[at < r->n ? at : r->n];
    return n;
}

static void set_add(Rx *r, SetBuf *b, long lo, long hi)
{
    if (b->n == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 8;
        RegexRange *grown = ARENA_ARRAY(r->a, RegexRange, cap);
        if (b->n) memcpy(grown, b->r, sizeof *grown * b->n);
        b->r = grown;
        b->cap = cap;
    }
    b->r[b->n++] = (RegexRange){(uint16_t)lo, (uint16_t)hi};
}

/* Adds `t`, or its complement over 0..0xFFFF (t sorted and disjoint). */
static void set_add_table(Rx *r, SetBuf *b, const RegexRange *t, uint32_t n, bool negate)
{
    if (!negate) {
        for (uint32_t i = 0; i < n; i++) set_add(r, b, t[i].lo, t[i].hi);
        return;
    }
    long next = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (t[i].lo > next) set_add(r, b, next, t[i].lo - 1);
        next = (long)t[i].hi + 1;
    }
    if (next <= 0xffff) set_add(r, b, next, 0xffff);
}

/* \d \D \w \W \s \S */
static void set_add_escape_class(Rx *r, SetBuf *b, int e)
{
    bool neg = e == 'D' || e == 'W' || e == 'S';
    int l = tolower(e);
    if (l == 'd')
        set_add_table(r, b, DIGIT, COUNT(DIGIT), neg);
    else if (l == 'w')
        set_add_table(r, b, WORD, COUNT(WORD), neg);
    else
        set_add_table(r, b, SPACE, COUNT(SPACE), neg);
}

static int cmp_range(const void *x, const void *y)
{
    const RegexRange *a = x, *b = y;
    return a->lo != b->lo ? (a->lo < b->lo ? -1 : 1) : (a->hi < b->hi ? -1 : a->hi > b->hi);
}

/* The set node of what `b` holds (complemented for `[^...]`): sorted,
 * merged, so equal sets have equal ranges and regex_dfa.c can share them. */
static RegexNode *set_node(Rx *r, SetBuf *b, bool negate, size_t at)
{
    if (b->n > 1) qsort(b->r, b->n, sizeof *b->r, cmp_range);
    uint32_t m = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        if (m && (long)b->r[i].lo <= (long)b->r[m - 1].hi + 1) {
            if (b->r[i].hi > b->r[m - 1].hi) b->r[m - 1].hi = b->r[i].hi;
        } else
            b->r[m++] = b->r[i];
    }
    b->n = m;
    if (negate) {
        SetBuf c = {0};
        set_add_table(r, &c, b->r, b->n, true);
        *b = c;
    }
    RegexNode *n = node(r, RX_SET, at);
    n->ranges = b->r;
    n->n_ranges = b->n;
    return n;
}

/* ---- escapes and classes ------------------------------------------------- */

/* After a backslash.  `in_class`: \b means backspace there.  A class escape
 * (\d ...) adds its set to `b` and sets *unit to -1; any other sets *unit to
 * the code unit it stands for, for the caller to add or use as a bound. */
static bool escape(Rx *r, bool in_class, SetBuf *b, long *unit)
{
    size_t at = r->pos - 1;
    if (at_end(r)) return fail(r, at, "pattern ends with a lone backslash");
    int c = r->u[r->pos++];
    switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
        set_add_escape_class(r, b, c);
        *unit = -1;
        return true;
    case 'n': *unit = '\n'; return true;
    case 'r': *unit = '\r'; return true;
    case 't': *unit = '\t'; return true;
    case 'f': *unit = '\f'; return true;
    case 'v': *unit = '\v'; return true;
    case '0':
        if (is_digit(peek(r))) return fail(r, at, "octal escapes are not supported");
        *unit = 0;
        return true;
    case 'x':
        if (!is_hex(unit_at(r, r->pos)) || !is_hex(unit_at(r, r->pos + 1)))
            return fail(r, at, "\\x needs two hex digits");
        *unit = hex_value(r->u[r->pos]) * 16 + hex_value(r->u[r->pos + 1]);
        r->pos += 2;
        return true;
    case 'u': {
        long v = 0;
        for (size_t i = 0; i < 4; i++) {
            if (!is_hex(unit_at(r, r->pos + i))) return fail(r, at, "\\u needs four hex digits");
            v = v * 16 + hex_value(r->u[r->pos + i]);
        }
        r->pos += 4;
        *unit = v;
        return true;
    }
    case 'b':
        if (in_class) {
            *unit = '\b';
            return true;
        }
        return fail(r, at, "word boundaries (\\b) are not supported");
    case 'B': return fail(r, at, "word boundaries (\\B) are not supported");
    case 'k': return fail(r, at, "named backreferences (\\k) are not supported");
    default:
        if (c >= '1' && c <= '9') return fail(r, at, "backreferences are not supported");
        if (is_alnum(c)) return fail(r, at, arena_printf(r->a, "\\%c is not a supported escape", c));
        *unit = c; /* escaped punctuation (\. \\ \/ \- \[ ...), or any non-ASCII unit */
        return true;
    }
}

/* One class member: its code unit (>= 0), -1 for a class escape (already
 * added to `b`; it cannot bound a range), -2 on an error. */
static long class_atom(Rx *r, SetBuf *b)
{
    int c = r->u[r->pos++];
    if (c != '\\') return c;
    long unit;
    return escape(r, true, b, &unit) ? unit : -2;
}

static RegexNode *char_class(Rx *r)
{
    size_t open = r->pos - 1;
    bool negate = false;
    if (peek(r) == '^') {
        r->pos++;
        negate = true;
    }
    SetBuf b = {0};
    while (!at_end(r) && peek(r) != ']') {
        size_t at = r->pos;
        long lo = class_atom(r, &b);
        if (lo == -2) return NULL;
        if (peek(r) == '-' && r->pos + 1 < r->n && r->u[r->pos + 1] != ']') {
            r->pos++;
            long hi = class_atom(r, &b);
            if (hi == -2) return NULL;
            if (lo == -1 || hi == -1) {
                fail(r, at, "a class escape cannot bound a range");
                return NULL;
            }
            if (lo > hi) {
                fail(r, at, "range out of order in character class");
                return NULL;
            }
            set_add(r, &b, lo, hi);
        } else if (lo >= 0)
            set_add(r, &b, lo, lo);
    }
    if (at_end(r)) {
        fail(r, open, "unterminated character class");
        return NULL;
    }
    r->pos++;
    return set_node(r, &b, negate, open);
}

/* ---- quantifiers --------------------------------------------------------- */

/* {n}, {n,}, {n,m} at r->pos (on the '{'); false without consuming when it
 * is not a quantifier (then '{' is a literal, as in JavaScript).  When it
 * is one, *ok tells whether the counts are acceptable. */
static bool brace_quant(Rx *r, bool *ok, uint32_t *min, uint32_t *max)
{
    size_t p = r->pos + 1, at = r->pos;
    unsigned long n = 0, m = 0;
    bool digits = false, comma = false, mdigits = false;
    /* Counts saturate: anything past 100000 is refused anyway. */
    while (is_digit(unit_at(r, p))) {
        n = n * 10 + (unsigned long)(r->u[p] - '0');
        if (n > 100000) n = 100000;
        p++;
        digits = true;
    }
    if (!digits) return false;
    if (unit_at(r, p) == ',') {
        comma = true;
        p++;
        while (is_digit(unit_at(r, p))) {
            m = m * 10 + (unsigned long)(r->u[p] - '0');
            if (m > 100000) m = 100000;
            p++;
            mdigits = true;
        }
    }
    if (unit_at(r, p) != '}') return false;
    r->pos = p + 1;
    *ok = true;
    if (comma && mdigits && n > m)
        *ok = fail(r, at, "numbers out of order in {} quantifier");
    else if (n > REGEX_MAX_REPEAT || (mdigits && m > REGEX_MAX_REPEAT))
        *ok = fail(r, at, "repetition count above 1000 is not supported");
    *min = (uint32_t)n;
    *max = !comma ? (uint32_t)n : mdigits ? (uint32_t)m : REGEX_INF;
    return true;
}

static RegexNode *alternation(Rx *r, int depth);

/* A quantifier after `*atom`, if any, wraps it. */
static bool quantifier(Rx *r, bool can_repeat, RegexNode **atom)
{
    size_t at = r->pos;
    int c = peek(r);
    bool quant = false, ok = true;
    uint32_t min = 0, max = 0;
    if (c == '*') {
        r->pos++;
        quant = true;
        min = 0;
        max = REGEX_INF;
    } else if (c == '+') {
        r->pos++;
        quant = true;
        min = 1;
        max = REGEX_INF;
    } else if (c == '?') {
        r->pos++;
        quant = true;
        min = 0;
        max = 1;
    } else if (c == '{')
        quant = brace_quant(r, &ok, &min, &max);
    if (!ok) return false;
    if (!quant) return true;
    if (!can_repeat) return fail(r, at, "nothing to repeat");
    if (peek(r) == '?')
        return fail(r, r->pos,
                    "lazy quantifiers are not supported (they do not change whether a pattern matches: drop the '?')");
    c = peek(r);
    if (c == '*' || c == '+') return fail(r, r->pos, "nothing to repeat");
    if (c == '{') {
        bool ok2 = true;
        size_t save = r->pos;
        uint32_t a, b;
        if (brace_quant(r, &ok2, &a, &b)) return fail(r, save, "nothing to repeat");
    }
    RegexNode *rep = node(r, RX_REPEAT, at);
    rep->offset = (*atom)->offset;
    rep->kid = *atom;
    rep->min = min;
    rep->max = max;
    *atom = rep;
    return true;
}

static RegexNode *single(Rx *r, long unit, size_t at)
{
    SetBuf b = {0};
    set_add(r, &b, unit, unit);
    return set_node(r, &b, false, at);
}

/* One atom and its quantifier, appended to `seq`. */
static bool term(Rx *r, int depth, PtrVec *seq)
{
    size_t at = r->pos;
    int c = r->u[r->pos++];
    bool can_repeat = true;
    RegexNode *atom = NULL;
    switch (c) {
    case '(':
        if (peek(r) == '?') {
            int k = unit_at(r, r->pos + 1);
            if (k == ':')
                r->pos += 2;
            else if (k == '=' || k == '!')
                return fail(r, at, "lookahead is not supported");
            else if (k == '<') {
                int k2 = unit_at(r, r->pos + 2);
                if (k2 == '=' || k2 == '!') return fail(r, at, "lookbehind is not supported");
                return fail(r, at, "named groups are not supported; use ( ) or (?: )");
            } else
                return fail(r, at, "invalid group");
        }
        atom = alternation(r, depth + 1);
        if (!atom) return false;
        if (peek(r) != ')') return fail(r, at, "unterminated group");
        r->pos++;
        break;
    case ')': return fail(r, at, "unmatched ')'");
    case '[':
        atom = char_class(r);
        if (!atom) return false;
        break;
    case '\\': {
        SetBuf b = {0};
        long unit;
        if (!escape(r, false, &b, &unit)) return false;
        if (unit >= 0) set_add(r, &b, unit, unit);
        atom = set_node(r, &b, false, at);
        break;
    }
    case '.': {
        SetBuf b = {0};
        set_add_table(r, &b, LINE_TERMINATOR, COUNT(LINE_TERMINATOR), true);
        atom = set_node(r, &b, false, at);
        break;
    }
    case '^':
    case '$':
        atom = node(r, c == '^' ? RX_BOL : RX_EOL, at);
        can_repeat = false;
        break;
    case '*':
    case '+':
    case '?': return fail(r, at, "nothing to repeat");
    case '{': {
        bool ok = true;
        uint32_t a, b;
        r->pos = at;
        if (brace_quant(r, &ok, &a, &b)) return ok ? fail(r, at, "nothing to repeat") : false;
        r->pos = at + 1; /* a literal '{' */
        atom = single(r, '{', at);
        break;
    }
    default: atom = single(r, c, at); break;
    }
    if (!quantifier(r, can_repeat, &atom)) return false;
    ptrvec_push(r->a, seq, atom);
    return true;
}

/* `kids` as one node: RX_EMPTY for none, the node itself for one. */
static RegexNode *join(Rx *r, RegexKind kind, PtrVec *kids, size_t at)
{
    if (kids->len == 0) return node(r, RX_EMPTY, at);
    if (kids->len == 1) return kids->items[0];
    RegexNode *n = node(r, kind, at);
    n->kids = (RegexNode **)kids->items;
    n->n_kids = kids->len;
    return n;
}

static RegexNode *alternation(Rx *r, int depth)
{
    if (depth > 100) {
        fail(r, r->pos, "groups nested too deeply");
        return NULL;
    }
    size_t at = r->pos;
    PtrVec alts = {0};
    for (;;) {
        size_t start = r->pos;
        PtrVec seq = {0};
        while (!at_end(r) && peek(r) != '|' && peek(r) != ')')
            if (!term(r, depth, &seq)) return NULL;
        ptrvec_push(r->a, &alts, join(r, RX_CAT, &seq, start));
        if (peek(r) != '|') break;
        r->pos++;
    }
    return join(r, RX_ALT, &alts, at);
}

const char *sem_regex_parse(Arena *a, const char *re, size_t len, const RegexNode **out)
{
    uint16_t *u = ARENA_ARRAY(a, uint16_t, len + 1);
    size_t *off = ARENA_ARRAY(a, size_t, len + 2);
    Rx r = {a, u, off, 0, 0, NULL};
    r.n = decode(re, len, u, off);
    RegexNode *root = alternation(&r, 0);
    if (!root) return r.err;
    if (!at_end(&r)) { /* a ')' with no group open */
        fail(&r, r.pos, "unmatched ')'");
        return r.err;
    }
    *out = root;
    return NULL;
}

const char *sem_regex_check(Arena *a, const char *re, size_t len)
{
    const RegexNode *root;
    return sem_regex_parse(a, re, len, &root);
}
