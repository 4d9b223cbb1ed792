/* arena.c — the compiler's one allocator (see arena.h). */
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *prev;
    size_t used, size;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK_MIN = 64 * 1024 };

static void default_oom(void) { abort(); }
void (*arena_out_of_memory)(void) = default_oom;

void arena_init(Arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_free(Arena *a)
{
    for (ArenaBlock *b = a->head, *prev; b; b = prev) {
        prev = b->prev;
        free(b);
    }
    arena_init(a); /* empty again, reusable */
}

void *arena_alloc(Arena *a, size_t size)
{
    size = (size + 15u) & ~(size_t)15u;
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK_MIN ? size : ARENA_BLOCK_MIN;
        b = malloc(sizeof *b + want);
        if (!b) arena_out_of_memory();
        b->prev = a->head;
        b->used = 0;
        b->size = want;
        a->head = b;
        a->total += sizeof *b + want;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (n) memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(Arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    if (n < 0) n = 0;
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, again);
    va_end(again);
    return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(Arena *a, void *items, uint32_t n, uint32_t *cap, size_t size, uint32_t first)
{
    if (n < *cap) return items;
    uint32_t grown = *cap ? *cap * 2 : first;
    void *bigger = arena_alloc(a, size * grown);
    if (n) memcpy(bigger, items, size * n);
    *cap = grown;
    return bigger;
}

void ptrvec_push(Arena *a, PtrVec *v, void *item)
{
    ARENA_GROW(a, v->items, v->len, v->cap, 4);
    v->items[v->len++] = item;
}

static void strbuf_reserve(Arena *a, StrBuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap) return;
    size_t cap = b->cap ? b->cap * 2 : 64;
    while (cap < b->len + extra + 1) cap *= 2;
    char *data = arena_alloc(a, cap);
    if (b->len) memcpy(data, b->data, b->len);
    b->data = data;
    b->cap = cap;
}

void strbuf_putn(Arena *a, StrBuf *b, const char *s, size_t n)
{
    strbuf_reserve(a, b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void strbuf_puts(Arena *a, StrBuf *b, const char *s) { strbuf_putn(a, b, s, strlen(s)); }
void strbuf_putc(Arena *a, StrBuf *b, char c) { strbuf_putn(a, b, &c, 1); }

void strbuf_printf(Arena *a, StrBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = arena_vprintf(a, fmt, ap);
    va_end(ap);
    strbuf_puts(a, b, s);
}

const char *strbuf_cstr(Arena *a, StrBuf *b)
{
    (void)a;
    return b->len ? b->data : "";
}
