/* gen_watch.c — the watch index builder (codegen_internal.h, GenWatch):
 * the per-pattern lists of runtime/kits/watch_tables.h that tell a kit
 * which of its units read a path, so that a change finds its rules from
 * its path class in O(depth + rules found) at run time.  Shared by every
 * rule family with a kit index (concerns, derived values, clears), and the
 * words of their blobs written with the same helpers. */

#include "../runtime/kits/kit_tables.h"
#include "../runtime/kits/watch_tables.h"
#include "codegen_internal.h"

void gen_put_word(Arena *a, StrBuf *b, uint32_t v)
{
    char le[4] = {(char)(v & 0xff), (char)((v >> 8) & 0xff), (char)((v >> 16) & 0xff), (char)((v >> 24) & 0xff)};
    strbuf_putn(a, b, le, 4);
}

void gen_set_word(StrBuf *b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++) b->data[at + (size_t)i] = (char)((v >> (8 * i)) & 0xff);
}

void gen_kit_header(StrBuf *b, uint32_t magic, const uint32_t *words, uint32_t nwords)
{
    gen_set_word(b, 4 * KIT_H_MAGIC, magic);
    gen_set_word(b, 4 * KIT_H_SIZE, (uint32_t)b->len);
    for (uint32_t i = KIT_H_SIZE + 1; i < nwords; i++) gen_set_word(b, 4 * i, words[i]); /* all but magic and size */
}

void gen_watch_init(const Gen *g, GenWatch *w)
{
    w->npat = g->ir->npaths + 1;
    w->exact = ARENA_ARRAY(g->a, GenIdList, w->npat);
    w->sub = ARENA_ARRAY(g->a, GenIdList, w->npat);
}

/* Units are added in increasing order, so a repeat is the last element. */
static void list_add(Arena *a, GenIdList *l, uint32_t id)
{
    if (l->n && l->v[l->n - 1] == id) return;
    ARENA_GROW(a, l->v, l->n, l->cap, 4);
    l->v[l->n++] = id;
}

void gen_watch_read(const Gen *g, GenWatch *w, uint32_t unit, IrId path)
{
    const IrProgram *ir = g->ir;
    list_add(g->a, &w->exact[g->pattern_of[path]], unit);
    for (IrId p = path; p != IR_NONE; p = ir->paths[p].parent) list_add(g->a, &w->sub[g->pattern_of[p]], unit);
    list_add(g->a, &w->sub[0], unit);
}

void gen_watch_instances(const Gen *g, GenWatch *w, uint32_t unit, IrId field)
{
    const IrProgram *ir = g->ir;
    IrId p = field;
    while (p != IR_NONE && ir->paths[p].kind != IRSEG_WILD && ir->paths[p].kind != IRSEG_DEEP) p = ir->paths[p].parent;
    if (p == IR_NONE) return; /* a static field: one instance, always there */
    for (; p != IR_NONE; p = ir->paths[p].parent) list_add(g->a, &w->sub[g->pattern_of[p]], unit);
    list_add(g->a, &w->sub[0], unit);
}

uint32_t gen_watch_write(const Gen *g, const GenWatch *w, StrBuf *b)
{
    Arena *a = g->a;
    uint32_t at = (uint32_t)b->len;
    for (uint32_t p = 0; p < w->npat * KW_WORDS; p++) gen_put_word(a, b, 0);
    for (uint32_t p = 0; p < w->npat; p++) {
        size_t rec = at + (size_t)p * KW_WORDS * 4;
        gen_set_word(b, rec + 4 * KW_N_EXACT, w->exact[p].n);
        gen_set_word(b, rec + 4 * KW_EXACT, (uint32_t)b->len);
        for (uint32_t i = 0; i < w->exact[p].n; i++) gen_put_word(a, b, w->exact[p].v[i]);
        gen_set_word(b, rec + 4 * KW_N_SUB, w->sub[p].n);
        gen_set_word(b, rec + 4 * KW_SUB, (uint32_t)b->len);
        for (uint32_t i = 0; i < w->sub[p].n; i++) gen_put_word(a, b, w->sub[p].v[i]);
    }
    return at;
}
