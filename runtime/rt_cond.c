/* rt_cond.c — the services that generated concern code calls (rt_cond.h):
 * one primitive per condition form, value form and built-in validator of
 * semantics.md §10.  The compiler emits each concern as a wasm function
 * that reads its paths (constants), combines these primitives with
 * and/or/not and branches, and writes the result; nothing here walks a
 * condition or value tree.  Literals live in the module's data in the
 * boundary encoding (docs/internals.md, "Boundary encoding"); each is
 * decoded once, into the heap, the first time a concern reads it. */
#include "rt_cond.h"

#include "rt_access.h"
#include "rt_arena.h"
#include "rt_atom.h"
#include "rt_codec.h"
#include "rt_heap.h"
#include "rt_loop.h"
#include "rt_map.h"
#include "rt_numfmt.h"
#include "rt_vec.h"

/* Conditions read missing and undefined as null (semantics §10). */
static int kind_of(const rt_node *v)
{
    int k = rt_node_kind(v);
    return k == RT_KIND_MISSING || k == RT_KIND_UNDEFINED ? RT_KIND_NULL : k;
}

static int32_t fail_nomem(void) { return rt_loop_fail(RT_E_NOMEM); }

/* Decoded literals, by where they sit in the module's data: (address,
 * length) -> index into `lits`. Literals are read-only to their callers
 * (compared, or copied by rt_write), so one decoded node serves every read. */
typedef struct {
    const uint8_t *enc; /* natively the map's key is the address cut to 32 bits: checked */
    rt_node *node;
} lit_rec;
static rt_map lit_index;
static lit_rec *lits;
static uint32_t n_lits, cap_lits;

static rt_node *decode_lit(const uint8_t *enc, int32_t len, int space)
{
    /* the literal is well formed (the compiler wrote it); only memory can fail */
    rt_reader r = {enc, enc + len, space};
    int32_t st = 0;
    rt_node *v = rt_decode_value(&r, 512, &st);
    if (!v) rt_loop_fail(st < 0 ? st : RT_E_NOMEM);
    return v;
}

rt_node *rt_lit(const uint8_t *enc, int32_t len)
{
    int32_t key = (int32_t)(uint32_t)(uintptr_t)enc;
    int32_t i = rt_map_get(&lit_index, key, len, -1);
    if (i >= 0 && lits[i].enc == enc) return lits[i].node;
    if (i >= 0) return decode_lit(enc, len, RT_SPACE_ARENA); /* a native address clash: not cached */
    if (rt_vec_reserve((void **)&lits, &cap_lits, n_lits + 1u, sizeof *lits, RT_SPACE_HEAP) != RT_OK)
        return decode_lit(enc, len, RT_SPACE_ARENA);
    rt_node *v = decode_lit(enc, len, RT_SPACE_HEAP);
    if (!v) return NULL;
    if (rt_map_put(&lit_index, key, len, (int32_t)n_lits) != RT_OK) {
        rt_node_free(v);
        return decode_lit(enc, len, RT_SPACE_ARENA);
    }
    lits[n_lits++] = (lit_rec){enc, v};
    return v;
}

void rt_cond_release(void)
{
    for (uint32_t i = 0; i < n_lits; i++) rt_node_free(lits[i].node);
    rt_heap_free(lits);
    lits = NULL;
    n_lits = cap_lits = 0;
    rt_map_release(&lit_index);
}

/* ---- conditions -------------------------------------------------------------- */

int32_t rt_c_eq(const rt_node *a, const rt_node *b)
{
    int ka = kind_of(a), kb = kind_of(b);
    if (ka == RT_KIND_NULL || kb == RT_KIND_NULL) return ka == kb;
    return rt_node_equal(a, b);
}

static int32_t order(double x, int32_t op, double y)
{
    switch (op) {
    case RT_CMP_EQ: return x == y;
    case RT_CMP_NE: return x != y;
    case RT_CMP_LT: return x < y;
    case RT_CMP_LE: return x <= y;
    case RT_CMP_GT: return x > y;
    case RT_CMP_GE: return x >= y;
    }
    return 0;
}

int32_t rt_c_ord(const rt_node *a, int32_t op, const rt_node *b)
{
    if (rt_node_kind(a) != RT_KIND_NUMBER || rt_node_kind(b) != RT_KIND_NUMBER) return 0;
    return order(a->u.num, op, b->u.num);
}

int32_t rt_c_ordn(const rt_node *a, int32_t op, double n)
{
    return rt_node_kind(a) == RT_KIND_NUMBER && order(a->u.num, op, n);
}

/* The length of an array (elements) or a string (UTF-16 units): 1 and *n,
 * or 0 when `a` has none. */
static int length_of(const rt_node *a, double *n)
{
    if (rt_node_kind(a) == RT_KIND_ARRAY)
        *n = (double)a->u.arr.len;
    else if (rt_node_kind(a) == RT_KIND_STRING)
        *n = (double)rt_str_utf16_len(a);
    else
        return 0;
    return 1;
}

int32_t rt_c_lengthn(const rt_node *a, int32_t op, double n)
{
    double len;
    return length_of(a, &len) && order(len, op, n);
}

int32_t rt_c_length(const rt_node *a, int32_t op, const rt_node *b)
{
    double n;
    if (!length_of(a, &n)) return 0;
    if (op == RT_CMP_EQ || op == RT_CMP_NE) {
        int32_t eq = rt_node_kind(b) == RT_KIND_NUMBER && b->u.num == n;
        return op == RT_CMP_EQ ? eq : !eq;
    }
    return rt_node_kind(b) == RT_KIND_NUMBER && order(n, op, b->u.num);
}

int32_t rt_c_exists(const rt_node *a) { return kind_of(a) != RT_KIND_NULL; }

int32_t rt_c_empty(const rt_node *a)
{
    switch (kind_of(a)) {
    case RT_KIND_NULL: return 1;
    case RT_KIND_STRING: return a->u.str.len == 0;
    case RT_KIND_ARRAY: return a->u.arr.len == 0;
    case RT_KIND_OBJECT:
        /* {k: undefined} is {} (semantics §1) */
        for (rt_node *m = rt_first(a); m; m = rt_next(m))
            if (rt_node_kind(m) != RT_KIND_UNDEFINED) return 0;
        return 1;
    }
    return 0;
}

int32_t rt_c_truthy(const rt_node *a) { return rt_node_kind(a) == RT_KIND_BOOL && a->u.truth; }

int32_t rt_c_in(const rt_node *a, const rt_node *list)
{
    for (int32_t i = 0; i < rt_len(list); i++)
        if (rt_c_eq(a, rt_arr_get(list, i))) return 1;
    return 0;
}

int32_t rt_c_contains(const rt_node *a, const rt_node *list, int32_t all)
{
    if (rt_node_kind(a) != RT_KIND_ARRAY) return 0;
    int32_t n = rt_len(list);
    for (int32_t i = 0; i < n; i++) {
        const rt_node *want = rt_arr_get(list, i);
        int32_t found = 0;
        for (uint32_t j = 0; j < a->u.arr.len && !found; j++) found = rt_node_equal(rt_arr_get(a, (int32_t)j), want);
        if (all && !found) return 0;
        if (!all && found) return 1;
    }
    return all;
}

/* ---- values ----------------------------------------------------------------- */

/* The match key of a value (semantics §10): its string, its number as
 * String(n), or true/false; anything else has none. */
int32_t rt_match_is(const rt_node *subject, const uint8_t *key, int32_t len)
{
    char buf[RT_NUM_TEXT_MAX];
    const uint8_t *s;
    int32_t n;
    switch (rt_node_kind(subject)) {
    case RT_KIND_STRING:
        s = rt_node_bytes(subject);
        n = (int32_t)subject->u.str.len;
        break;
    case RT_KIND_NUMBER:
        n = rt_num_format(subject->u.num, buf);
        s = (const uint8_t *)buf;
        break;
    case RT_KIND_BOOL:
        s = (const uint8_t *)(subject->u.truth ? "true" : "false");
        n = subject->u.truth ? 4 : 5;
        break;
    default: return 0;
    }
    if (n != len) return 0;
    for (int32_t i = 0; i < n; i++)
        if (s[i] != key[i]) return 0;
    return 1;
}

/* One template at a time: concern functions do not nest them. */
static struct {
    uint8_t *bytes;
    uint32_t len, cap;
} tpl;

static void tpl_put(const uint8_t *p, uint32_t n)
{
    if (tpl.len + n > tpl.cap) {
        uint32_t cap = tpl.cap ? tpl.cap : 64;
        while (cap < tpl.len + n) cap *= 2;
        uint8_t *grown = rt_arena_alloc(cap);
        if (!grown) {
            fail_nomem();
            return;
        }
        for (uint32_t i = 0; i < tpl.len; i++) grown[i] = tpl.bytes[i];
        tpl.bytes = grown;
        tpl.cap = cap;
    }
    for (uint32_t i = 0; i < n; i++) tpl.bytes[tpl.len + i] = p[i];
    tpl.len += n;
}

int32_t rt_tpl_begin(void)
{
    tpl.bytes = NULL;
    tpl.len = tpl.cap = 0;
    return 0;
}

int32_t rt_tpl_text(const uint8_t *text, int32_t len)
{
    tpl_put(text, (uint32_t)len);
    return 0;
}

static void put_number(double num)
{
    char buf[RT_NUM_TEXT_MAX];
    int32_t n = rt_num_format(num, buf);
    tpl_put((const uint8_t *)buf, (uint32_t)n);
}

/* {{p}}: strings verbatim, numbers as String(n), booleans; anything else
 * leaves the placeholder as written. */
int32_t rt_tpl_value(const rt_node *v, const uint8_t *placeholder, int32_t len)
{
    switch (rt_node_kind(v)) {
    case RT_KIND_STRING: tpl_put(rt_node_bytes(v), v->u.str.len); break;
    case RT_KIND_NUMBER: put_number(v->u.num); break;
    case RT_KIND_BOOL: tpl_put((const uint8_t *)(v->u.truth ? "true" : "false"), v->u.truth ? 4 : 5); break;
    default: tpl_put(placeholder, (uint32_t)len); break;
    }
    return 0;
}

/* {{p.length}}: the length of an array or string, else the placeholder. */
int32_t rt_tpl_length(const rt_node *v, const uint8_t *placeholder, int32_t len)
{
    double n;
    if (length_of(v, &n))
        put_number(n);
    else
        tpl_put(placeholder, (uint32_t)len);
    return 0;
}

rt_node *rt_tpl_end(void)
{
    rt_node *s = rt_node_str(RT_SPACE_ARENA, tpl.bytes ? tpl.bytes : (const uint8_t *)"", tpl.len);
    if (!s) fail_nomem();
    return s;
}

/* ---- validators ----------------------------------------------------------------- */

static struct {
    rt_node *errors; /* the errors array being built */
} vs;

int32_t rt_vs_begin(void)
{
    vs.errors = rt_node_new(RT_SPACE_ARENA, RT_KIND_ARRAY);
    if (!vs.errors) return fail_nomem();
    return 0;
}

int32_t rt_vs_fail(const uint8_t *message, int32_t len)
{
    if (!vs.errors) return 0;
    rt_node *e = rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT);
    rt_node *dot = rt_node_str(RT_SPACE_ARENA, (const uint8_t *)".", 1);
    rt_node *msg = rt_node_str(RT_SPACE_ARENA, message, (uint32_t)len);
    int32_t kf = rt_atom_intern((const uint8_t *)"field", 5);
    int32_t km = rt_atom_intern((const uint8_t *)"message", 7);
    if (!e || !dot || !msg || kf < 0 || km < 0 || rt_mk_put(e, kf, dot) < 0 || rt_mk_put(e, km, msg) < 0 ||
        rt_mk_push(vs.errors, e) < 0)
        return fail_nomem();
    return 0;
}

rt_node *rt_vs_end(void)
{
    rt_node *state = rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT);
    rt_node *is_error = rt_node_bool(RT_SPACE_ARENA, vs.errors && vs.errors->u.arr.len > 0);
    int32_t ki = rt_atom_intern((const uint8_t *)"isError", 7);
    int32_t ke = rt_atom_intern((const uint8_t *)"errors", 6);
    if (!state || !is_error || !vs.errors || ki < 0 || ke < 0 || rt_mk_put(state, ki, is_error) < 0 ||
        rt_mk_put(state, ke, vs.errors) < 0) {
        fail_nomem();
        return NULL;
    }
    vs.errors = NULL;
    return state;
}

/* An absent value fails only `required` (semantics §10). */
static int absent(const rt_node *v)
{
    int k = kind_of(v);
    return k == RT_KIND_NULL || (k == RT_KIND_STRING && v->u.str.len == 0);
}

static int is_space(uint8_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The shape JavaScript's /^[^\s@]+@[^\s@]+\.[^\s@]+$/ accepts for ASCII
 * input: one '@' with text before it, and a '.' in the domain that is not
 * its first or last character; no whitespace anywhere. */
static int email_ok(const uint8_t *s, uint32_t n)
{
    uint32_t at = n;
    for (uint32_t i = 0; i < n; i++) {
        if (is_space(s[i])) return 0;
        if (s[i] == 0xc2 && i + 1 < n && s[i + 1] == 0xa0) return 0; /* U+00A0 */
        if (s[i] == '@') {
            if (at != n) return 0;
            at = i;
        }
    }
    if (at == 0 || at == n) return 0;
    for (uint32_t i = at + 2; i + 1 < n; i++)
        if (s[i] == '.') return 1;
    return 0;
}

int32_t rt_v_check(int32_t check, const rt_node *v, const rt_node *arg)
{
    if (check == RT_CHECK_REQUIRED) return absent(v) ? RT_CHECK_FAIL : RT_CHECK_PASS;
    if (absent(v)) return RT_CHECK_PASS;
    int k = rt_node_kind(v);
    double a = rt_node_kind(arg) == RT_KIND_NUMBER ? arg->u.num : 0;
    switch (check) {
    case RT_CHECK_MIN: return k == RT_KIND_NUMBER && v->u.num >= a ? RT_CHECK_PASS : RT_CHECK_FAIL;
    case RT_CHECK_MAX: return k == RT_KIND_NUMBER && v->u.num <= a ? RT_CHECK_PASS : RT_CHECK_FAIL;
    case RT_CHECK_INTEGER: {
        /* Number.isInteger: finite (x - x is 0, not NaN) and without a
         * fraction; every double of magnitude 2^53 or more is integral */
        if (k != RT_KIND_NUMBER || v->u.num - v->u.num != 0) return RT_CHECK_FAIL;
        double x = v->u.num;
        int whole = x >= 9007199254740992.0 || x <= -9007199254740992.0 || (double)(int64_t)x == x;
        return whole ? RT_CHECK_PASS : RT_CHECK_FAIL;
    }
    case RT_CHECK_MIN_LENGTH:
    case RT_CHECK_MAX_LENGTH: {
        double n;
        if (!length_of(v, &n)) return RT_CHECK_FAIL;
        int items = k == RT_KIND_ARRAY;
        int ok = check == RT_CHECK_MIN_LENGTH ? n >= a : n <= a;
        return ok ? RT_CHECK_PASS : items ? RT_CHECK_FAIL_ITEMS : RT_CHECK_FAIL;
    }
    case RT_CHECK_EMAIL:
        return k == RT_KIND_STRING && email_ok(rt_node_bytes(v), v->u.str.len) ? RT_CHECK_PASS : RT_CHECK_FAIL;
    case RT_CHECK_ONE_OF: return rt_c_in(v, arg) ? RT_CHECK_PASS : RT_CHECK_FAIL;
    case RT_CHECK_EQUALS: return rt_c_eq(v, arg) ? RT_CHECK_PASS : RT_CHECK_FAIL;
    }
    return RT_CHECK_FAIL;
}
