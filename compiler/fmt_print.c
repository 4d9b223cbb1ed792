/* fmt_print.c — the formatter's line layout and comment placement.
 *
 * See fmt_print.h for the rule.  Everything here works on source offsets:
 * whether a comment is "on the same line" as some code, and whether the
 * user left a blank line, are read from the original text between the two
 * offsets. */
#include "fmt_print.h"

#include <string.h>

static const Comment *comment_at(const Printer *p, uint32_t i) { return (const Comment *)p->comments->items[i]; }

static bool more_comments(const Printer *p) { return p->next_comment < p->comments->len; }

static uint32_t max_u32(uint32_t a, uint32_t b) { return a > b ? a : b; }

void fmt_writen(Printer *p, const char *s, size_t n)
{
    if (!p->line_open) {
        for (int i = 0; i < p->indent; i++) strbuf_putn(p->arena, &p->out, "  ", 2);
        p->line_open = true;
    }
    strbuf_putn(p->arena, &p->out, s, n);
}

void fmt_write(Printer *p, const char *s) { fmt_writen(p, s, strlen(s)); }

static void newline(Printer *p)
{
    strbuf_putc(p->arena, &p->out, '\n');
    p->line_open = false;
    p->line_marked = false;
}

/* Before a comment that ends a line of code: the first one of the line gets
 * the alignment mark (fmt_align_comments turns it into spaces), any later
 * one two spaces. */
static void trailing_gap(Printer *p)
{
    if (p->line_marked) {
        fmt_write(p, "  ");
        return;
    }
    char mark[2] = {FMT_COMMENT_MARK, '\0'};
    fmt_write(p, mark);
    p->line_marked = true;
}

/* The comment's text as printed: line comments lose trailing blanks (and a
 * CR), block comments are verbatim except CRLF -> LF, so output is LF-only
 * whatever the input used. */
static void write_comment(Printer *p, const Comment *c)
{
    const char *s = p->src + c->span.start;
    size_t n = c->span.end - c->span.start;
    if (!c->block) {
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
        fmt_writen(p, s, n);
        return;
    }
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
            fmt_writen(p, s + from, i - from);
            from = i + 1;
        }
    }
    fmt_writen(p, s + from, n - from);
}

static bool newline_between(const Printer *p, uint32_t from, uint32_t to)
{
    for (uint32_t i = from; i < to && i < p->src_len; i++)
        if (p->src[i] == '\n') return true;
    return false;
}

/* A blank line is two newlines with nothing but blanks between them. */
static bool blank_line_between(const Printer *p, uint32_t from, uint32_t to)
{
    bool seen_newline = false, blank = true;
    for (uint32_t i = from; i < to && i < p->src_len; i++) {
        char ch = p->src[i];
        if (ch == '\n') {
            if (seen_newline && blank) return true;
            seen_newline = true;
            blank = true;
        } else if (ch != ' ' && ch != '\t' && ch != '\r') {
            blank = false;
        }
    }
    return false;
}

static void blank_before(Printer *p, uint32_t start)
{
    if (!p->block_start && p->last_end < start && blank_line_between(p, p->last_end, start))
        strbuf_putc(p->arena, &p->out, '\n');
    p->block_start = false;
}

void fmt_comments_before(Printer *p, uint32_t start)
{
    while (more_comments(p) && comment_at(p, p->next_comment)->span.start < start) {
        const Comment *c = comment_at(p, p->next_comment++);
        if (p->line_open) newline(p); /* defensive: never glue onto code */
        blank_before(p, c->span.start);
        write_comment(p, c);
        newline(p);
        p->last_end = max_u32(p->last_end, c->span.end);
    }
}

void fmt_leading(Printer *p, uint32_t start)
{
    fmt_comments_before(p, start);
    blank_before(p, start);
}

void fmt_end_line(Printer *p, uint32_t end, uint32_t limit)
{
    uint32_t pos = max_u32(p->last_end, end);
    bool closed = false; /* a // comment was appended: nothing may follow it */
    /* Comments inside the code of this line: moved to its end.  Those after
     * a moved line comment stay pending and get their own lines next. */
    while (!closed && more_comments(p) && comment_at(p, p->next_comment)->span.start < end) {
        const Comment *c = comment_at(p, p->next_comment++);
        trailing_gap(p);
        write_comment(p, c);
        pos = max_u32(pos, c->span.end);
        closed = !c->block;
    }
    /* Comments after it on the same source line. */
    while (!closed && more_comments(p)) {
        const Comment *c = comment_at(p, p->next_comment);
        if (c->span.start >= limit || c->span.start < pos || newline_between(p, pos, c->span.start)) break;
        p->next_comment++;
        trailing_gap(p);
        write_comment(p, c);
        pos = c->span.end;
        closed = !c->block;
    }
    p->last_end = pos;
    newline(p);
    p->block_start = false;
}

void fmt_open_block(Printer *p, uint32_t brace)
{
    p->last_end = max_u32(p->last_end, brace + 1);
    p->indent++;
    p->block_start = true;
}

void fmt_close_block(Printer *p, uint32_t close)
{
    fmt_comments_before(p, close);
    p->indent--;
    fmt_write(p, "}");
    p->last_end = max_u32(p->last_end, close + 1);
}

bool fmt_comment_in(const Printer *p, uint32_t from, uint32_t to)
{
    for (uint32_t i = p->next_comment; i < p->comments->len; i++) {
        const Comment *c = comment_at(p, i);
        if (c->span.start >= to) break;
        if (c->span.start >= from) return true;
    }
    return false;
}

uint32_t fmt_find_char(const Printer *p, uint32_t from, uint32_t to, char ch, uint32_t fallback)
{
    if (to > p->src_len) to = p->src_len;
    const char *s = p->src;
    for (uint32_t i = from; i < to; i++) {
        if (s[i] == ch) return i;
        if (s[i] == '/' && i + 1 < to && s[i + 1] == '/') {
            while (i < to && s[i] != '\n') i++;
        } else if (s[i] == '/' && i + 1 < to && s[i + 1] == '*') {
            i += 2;
            while (i + 1 < to && !(s[i] == '*' && s[i + 1] == '/')) i++;
            i++;
        } else if (s[i] == '"') {
            for (i++; i < to && s[i] != '"'; i++)
                if (s[i] == '\\') i++;
        }
    }
    return fallback;
}

uint32_t fmt_closing_brace(const Printer *p, uint32_t start, uint32_t end)
{
    uint32_t i = end < p->src_len ? end : p->src_len;
    while (i > start) {
        char ch = p->src[i - 1];
        if (ch == '}') return i - 1;
        if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') break;
        i--;
    }
    return end; /* span without its brace: comments up to the end go inside */
}

/* ---- aligning trailing comments ------------------------------------------------ */

static uint32_t code_points(const char *s, size_t n)
{
    uint32_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static size_t indent_of(const char *line, size_t n)
{
    size_t i = 0;
    while (i < n && line[i] == ' ') i++;
    return i;
}

/* The code part of a line: [line, mark).  A line that opens or closes a
 * block keeps its comment two spaces away and ends a run: aligning it with
 * the entries around it would push brace comments far to the right. */
static bool aligns(const char *line, const char *mark)
{
    const char *end = mark;
    while (end > line && end[-1] == ' ') end--;
    const char *start = line;
    while (start < end && *start == ' ') start++;
    return start < end && end[-1] != '{' && *start != '}';
}

const char *fmt_align_comments(Arena *arena, const char *text)
{
    size_t len = strlen(text);
    if (!memchr(text, FMT_COMMENT_MARK, len)) return text;
    /* Line starts, and each line's mark offset (or none). */
    PtrVec lines = {0};
    for (size_t i = 0; i < len;) {
        ptrvec_push(arena, &lines, (void *)(text + i));
        const char *nl = memchr(text + i, '\n', len - i);
        i = nl ? (size_t)(nl - text) + 1 : len;
    }
    StrBuf out = {0};
    uint32_t n = lines.len;
    for (uint32_t a = 0; a < n;) {
        const char *la = lines.items[a];
        const char *ea = a + 1 < n ? lines.items[a + 1] : text + len;
        const char *ma = memchr(la, FMT_COMMENT_MARK, (size_t)(ea - la));
        if (!ma) {
            strbuf_putn(arena, &out, la, (size_t)(ea - la));
            a++;
            continue;
        }
        if (!aligns(la, ma)) {
            strbuf_putn(arena, &out, la, (size_t)(ma - la));
            strbuf_puts(arena, &out, "  ");
            strbuf_putn(arena, &out, ma + 1, (size_t)(ea - ma - 1));
            a++;
            continue;
        }
        /* The run: consecutive marked lines with the same indentation. */
        size_t ind = indent_of(la, (size_t)(ea - la));
        uint32_t b = a, width = 0;
        for (; b < n; b++) {
            const char *lb = lines.items[b];
            const char *eb = b + 1 < n ? lines.items[b + 1] : text + len;
            const char *mb = memchr(lb, FMT_COMMENT_MARK, (size_t)(eb - lb));
            if (!mb || indent_of(lb, (size_t)(eb - lb)) != ind || !aligns(lb, mb)) break;
            uint32_t w = code_points(lb, (size_t)(mb - lb));
            if (w > width) width = w;
        }
        for (uint32_t k = a; k < b; k++) {
            const char *lk = lines.items[k];
            const char *ek = k + 1 < n ? lines.items[k + 1] : text + len;
            const char *mk = memchr(lk, FMT_COMMENT_MARK, (size_t)(ek - lk));
            strbuf_putn(arena, &out, lk, (size_t)(mk - lk));
            for (uint32_t pad = code_points(lk, (size_t)(mk - lk)); pad < width + 2; pad++)
                strbuf_putc(arena, &out, ' ');
            strbuf_putn(arena, &out, mk + 1, (size_t)(ek - mk - 1));
        }
        a = b;
    }
    return strbuf_cstr(arena, &out);
}
