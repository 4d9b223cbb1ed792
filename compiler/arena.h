/* arena.h — bump allocation for one compilation.
 *
 * Every token, AST node, IR record and string of a compilation lives in one
 * Arena and is freed by arena_free(); nothing is freed one by one.  Running
 * out of memory is not recoverable in the compiler: arena_alloc() reports it
 * through the out-of-memory hook (main.c exits with status 70). */
#ifndef WPC_ARENA_H
#define WPC_ARENA_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head; /* newest block; older blocks hang off ->prev */
    size_t total;     /* bytes obtained from malloc, for --stats */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size); /* zeroed, 16-aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *arena_vprintf(Arena *a, const char *fmt, va_list ap);

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))
#define ARENA_ARRAY(a, T, n) ((T *)arena_alloc((a), sizeof(T) * (size_t)(n)))

/* A growable array of pointers whose storage lives in an arena.  Growing
 * abandons the old buffer (the arena frees it at the end), which is cheap
 * because buffers double. */
typedef struct PtrVec {
    void **items;
    uint32_t len, cap;
} PtrVec;

void ptrvec_push(Arena *a, PtrVec *v, void *item);

/* Room for one more element in an arena array holding `n` elements of
 * `size` bytes in `*cap`: when it is full, a new array of twice the room
 * (`first` the first time) takes over the elements and the old one is
 * abandoned to the arena, as PtrVec does.  Returns the array to use.
 * ARENA_GROW does it for an array variable: ARENA_GROW(a, v, n, cap, 16). */
void *arena_grow(Arena *a, void *items, uint32_t n, uint32_t *cap, size_t size, uint32_t first);
#define ARENA_GROW(a, items, n, cap, first) ((items) = arena_grow((a), (items), (n), &(cap), sizeof *(items), (first)))

/* Same, for bytes: a string builder. */
typedef struct StrBuf {
    char *data; /* always NUL-terminated when len > 0 */
    size_t len, cap;
} StrBuf;

void strbuf_putn(Arena *a, StrBuf *b, const char *s, size_t n);
void strbuf_puts(Arena *a, StrBuf *b, const char *s);
void strbuf_putc(Arena *a, StrBuf *b, char c);
void strbuf_printf(Arena *a, StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *strbuf_cstr(Arena *a, StrBuf *b); /* "" when empty */

/* Called when malloc fails; never returns.  main.c installs one that prints
 * and exits 70; the default aborts. */
extern void (*arena_out_of_memory)(void);

#endif
