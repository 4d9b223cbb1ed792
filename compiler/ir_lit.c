/* ir_lit.c — an IR literal as text, in the spelling the caller gives
 * (IrLitStyle, ir.h): the one-of messages' JSON (gen_concerns.c) and the
 * TypeScript literal types of index.d.ts (pkg_dts_concerns.c). */
#include "ir.h"

void ir_lit_write(Arena *a, StrBuf *b, const IrLit *l, const IrLitStyle *st, uint32_t depth)
{
    if (!l || depth > st->max_depth) {
        strbuf_puts(a, b, st->unknown);
        return;
    }
    switch (l->kind) {
    case IRLIT_NULL: strbuf_puts(a, b, "null"); break;
    case IRLIT_BOOL: strbuf_puts(a, b, l->boolean ? "true" : "false"); break;
    case IRLIT_NUMBER: st->number(a, b, l); break;
    case IRLIT_STRING: st->string(a, b, l->text, l->text_len); break;
    case IRLIT_ARRAY:
        strbuf_putc(a, b, '[');
        for (uint32_t i = 0; i < l->nitems; i++) {
            if (i) strbuf_puts(a, b, st->item_sep);
            ir_lit_write(a, b, l->items[i], st, depth + 1);
        }
        strbuf_putc(a, b, ']');
        break;
    case IRLIT_OBJECT:
        strbuf_puts(a, b, st->object_open);
        for (uint32_t i = 0; i < l->nitems; i++) {
            if (i) strbuf_puts(a, b, st->member_sep);
            st->string(a, b, l->members[i].key, l->members[i].key_len);
            strbuf_puts(a, b, st->key_sep);
            ir_lit_write(a, b, l->members[i].value, st, depth + 1);
        }
        strbuf_puts(a, b, st->object_close);
        break;
    }
}
