/* kit_paths.c — the path-class walk and wildcard binding the kits share
 * (kit_paths.h). */
#include "kit_paths.h"

#include "rt_path.h"
#include "tables.h"

static uint32_t pat(const uint8_t *tb, int32_t p, uint32_t w)
{
    return tb_u32(tb, tb_rec(tb, TB_H_PATTERNS, TB_P_WORDS, (uint32_t)p), w);
}

static int pat_wild(const uint8_t *tb, int32_t p)
{
    uint32_t k = pat(tb, p, TB_P_KIND);
    return k == TB_SEG_WILD || k == TB_SEG_DEEP;
}

/* The patterns `path` matches, from its class. */
static int each_of(const uint8_t *tb, int32_t path, int below, kit_pattern_fn fn, void *ctx)
{
    int32_t cls = rt_path_class(path);
    if (cls >= 0 && (uint32_t)cls < tb_hdr(tb, TB_H_N_CLASSES)) {
        uint32_t c = tb_rec(tb, TB_H_CLASSES, TB_C_WORDS, (uint32_t)cls);
        uint32_t n = tb_u32(tb, c, TB_C_N_PATS);
        const uint32_t *pats = (const uint32_t *)(const void *)(tb + tb_u32(tb, c, TB_C_PATS));
        for (uint32_t i = 0; i < n; i++) {
            int r = fn(ctx, (int32_t)pats[i], path, below);
            if (r) return r;
        }
    }
    return path == RT_ROOT ? fn(ctx, 0, path, below) : 0;
}

int kit_each_pattern(const uint8_t *tb, int32_t path, kit_pattern_fn fn, void *ctx)
{
    int r = each_of(tb, path, 0, fn, ctx);
    for (int32_t a = rt_path_parent(path); a > 0 && !r; a = rt_path_parent(a)) r = each_of(tb, a, 1, fn, ctx);
    return r;
}

int32_t kit_bound_keys(const uint8_t *tb, int32_t p, int32_t path, int32_t *keys, int32_t max)
{
    int32_t n = (int32_t)pat(tb, p, TB_P_NWILD);
    if (n > max) n = max;
    int32_t k = (int32_t)pat(tb, p, TB_P_NWILD);
    for (int32_t q = p, x = path; q > 0 && x > 0; q = (int32_t)pat(tb, q, TB_P_PARENT), x = rt_path_parent(x))
        if (pat_wild(tb, q) && --k < n) keys[k] = rt_path_atom(x);
    return n;
}

int kit_under_key(int32_t path, int32_t atom)
{
    return path != RT_ROOT && rt_path_atom(rt_path_ancestor(path, 1)) == atom;
}
