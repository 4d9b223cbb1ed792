/* rt_codec.c — reading input batches and writing the output buffer.
 * Varints are unsigned LEB128 (at most 5 bytes for 32 bits); numbers are
 * little-endian IEEE doubles, unaligned (read and written with memcpy). */
#include "rt_codec.h"

#include <string.h>

#include "rt_atom.h"
#include "rt_heap.h"
#include "rt_vec.h"
#include "rt_path.h"

int32_t rt_read_byte(rt_reader *r, uint8_t *out)
{
    if (r->p >= r->end) return RT_E_MALFORMED;
    *out = *r->p++;
    return RT_OK;
}

int32_t rt_read_varint(rt_reader *r, uint32_t *out)
{
    uint32_t v = 0;
    for (unsigned shift = 0; shift < 35u; shift += 7u) {
        if (r->p >= r->end) return RT_E_MALFORMED;
        uint8_t b = *r->p++;
        if (shift == 28u && (b & 0x70u)) return RT_E_MALFORMED; /* more than 32 bits */
        v |= (uint32_t)(b & 0x7fu) << shift;
        if (!(b & 0x80u)) {
            *out = v;
            return RT_OK;
        }
    }
    return RT_E_MALFORMED;
}

int32_t rt_read_f64(rt_reader *r, double *out)
{
    if (r->end - r->p < 8) return RT_E_MALFORMED;
    memcpy(out, r->p, 8); /* wasm32 and the native targets are little-endian */
    r->p += 8;
    return RT_OK;
}

static int32_t read_len_bytes(rt_reader *r, const uint8_t **bytes, uint32_t *len)
{
    if (rt_read_varint(r, len) != RT_OK) return RT_E_MALFORMED;
    if ((uint64_t)(r->end - r->p) < *len) return RT_E_MALFORMED;
    *bytes = r->p;
    r->p += *len;
    return RT_OK;
}

int32_t rt_decode_path(rt_reader *r, int32_t *path)
{
    uint8_t form;
    uint32_t v;
    if (rt_read_byte(r, &form) != RT_OK) return RT_E_MALFORMED;
    if (form == RT_PATH_ID) {
        if (rt_read_varint(r, &v) != RT_OK) return RT_E_MALFORMED;
        if (v > (uint32_t)INT32_MAX || !rt_path_valid((int32_t)v)) return RT_E_PATH;
        *path = (int32_t)v;
        return RT_OK;
    }
    if (form != RT_PATH_TEXT) return RT_E_MALFORMED;
    const uint8_t *bytes;
    if (read_len_bytes(r, &bytes, &v) != RT_OK || v > (uint32_t)INT32_MAX) return RT_E_MALFORMED;
    int32_t p = rt_path_parse(bytes, (int32_t)v);
    if (p < 0) return p;
    *path = p;
    return RT_OK;
}

rt_node *rt_decode_value(rt_reader *r, int32_t budget, int32_t *status)
{
    uint8_t tag;
    rt_node *n = NULL;
    *status = RT_E_MALFORMED;
    if (rt_read_byte(r, &tag) != RT_OK) return NULL;
    switch (tag) {
    case RT_WIRE_UNDEFINED: n = rt_node_new(r->space, RT_KIND_UNDEFINED); break;
    case RT_WIRE_NULL: n = rt_node_new(r->space, RT_KIND_NULL); break;
    case RT_WIRE_FALSE:
    case RT_WIRE_TRUE: n = rt_node_bool(r->space, tag == RT_WIRE_TRUE); break;
    case RT_WIRE_NUMBER: {
        double d;
        if (rt_read_f64(r, &d) != RT_OK) return NULL;
        n = rt_node_num(r->space, d);
        break;
    }
    case RT_WIRE_STRING: {
        const uint8_t *bytes;
        uint32_t len;
        if (read_len_bytes(r, &bytes, &len) != RT_OK) return NULL;
        n = rt_node_str(r->space, bytes, len);
        break;
    }
    case RT_WIRE_ARRAY:
    case RT_WIRE_OBJECT: {
        uint32_t count;
        if (rt_read_varint(r, &count) != RT_OK) return NULL;
        if (count > (uint32_t)(r->end - r->p)) return NULL; /* every element takes a byte */
        if (budget <= 0) {
            *status = RT_E_DEPTH;
            return NULL;
        }
        int array = tag == RT_WIRE_ARRAY;
        n = rt_node_new(r->space, array ? RT_KIND_ARRAY : RT_KIND_OBJECT);
        if (!n) break;
        if ((array ? rt_arr_reserve(n, count) : rt_obj_reserve(n, count)) != RT_OK) {
            *status = RT_E_NOMEM;
            rt_node_free(n); /* a heap value under construction (r->space) */
            return NULL;
        }
        for (uint32_t i = 0; i < count; i++) {
            int32_t key = -1;
            if (!array) {
                const uint8_t *bytes;
                uint32_t len;
                if (read_len_bytes(r, &bytes, &len) != RT_OK) {
                    rt_node_free(n);
                    return NULL;
                }
                key = rt_atom_intern(bytes, (int32_t)len);
                if (key < 0) {
                    *status = key;
                    rt_node_free(n);
                    return NULL;
                }
            }
            rt_node *child = rt_decode_value(r, budget - 1, status);
            if (!child) {
                rt_node_free(n);
                return NULL;
            }
            rt_node *displaced = NULL;
            if (array) {
                rt_arr_push(n, child); /* reserved */
            } else if (rt_obj_put(n, key, child, &displaced) != RT_OK) {
                *status = RT_E_NOMEM;
                rt_node_free(child);
                rt_node_free(n);
                return NULL;
            }
            /* a repeated key keeps its first place and the later value, as in JS */
            rt_node_free(displaced);
        }
        break;
    }
    default: return NULL;
    }
    if (!n) *status = RT_E_NOMEM;
    return n;
}

/* ---- output ---- */

static uint8_t *out_buf;
static uint32_t out_len, out_cap;
static int32_t out_status;

void rt_out_reset(void)
{
    out_len = 0;
    out_status = RT_OK;
}

void rt_out_release(void)
{
    rt_heap_free(out_buf);
    out_buf = NULL;
    out_len = out_cap = 0;
}

void rt_out_shrink(uint32_t keep)
{
    if (out_cap > keep) rt_out_release();
}

uint8_t *rt_out_data(void) { return out_buf; }
uint32_t rt_out_len(void) { return out_len; }
int32_t rt_out_status(void) { return out_status; }

static uint8_t *out_room(uint32_t n)
{
    if (out_status != RT_OK) return NULL;
    if ((uint64_t)out_len + n > (uint64_t)INT32_MAX ||
        rt_vec_reserve((void **)&out_buf, &out_cap, out_len + n, 1u, RT_SPACE_HEAP) != RT_OK) {
        out_status = RT_E_NOMEM;
        return NULL;
    }
    uint8_t *p = out_buf + out_len;
    out_len += n;
    return p;
}

void rt_out_byte(uint8_t b)
{
    uint8_t *p = out_room(1u);
    if (p) *p = b;
}

void rt_out_varint(uint32_t v)
{
    uint8_t tmp[5];
    uint32_t n = 0;
    do {
        uint8_t b = (uint8_t)(v & 0x7fu);
        v >>= 7;
        tmp[n++] = (uint8_t)(v ? b | 0x80u : b);
    } while (v);
    rt_out_bytes(tmp, n);
}

void rt_out_svarint(int32_t v)
{ /* zigzag */
    rt_out_varint(((uint32_t)v << 1) ^ (uint32_t)(v >> 31));
}

void rt_out_f64(double d)
{
    uint8_t *p = out_room(8u);
    if (p) memcpy(p, &d, 8);
}

void rt_out_bytes(const uint8_t *bytes, uint32_t len)
{
    uint8_t *p = out_room(len);
    if (p && len) memcpy(p, bytes, len);
}

void rt_out_path(int32_t path)
{
    if (rt_path_announced(path)) {
        rt_out_byte(RT_PATH_ID);
        rt_out_varint((uint32_t)path);
        return;
    }
    uint32_t len = (uint32_t)rt_path_text_len(path);
    rt_out_byte(RT_PATH_ID_TEXT);
    rt_out_varint((uint32_t)path);
    rt_out_varint(len);
    uint8_t *p = out_room(len);
    if (!p) return;
    rt_path_text(path, p);
    rt_path_set_announced(path);
}

void rt_out_value(const rt_node *v)
{
    switch (rt_node_kind(v)) {
    case RT_KIND_MISSING: rt_out_byte(RT_WIRE_MISSING); break;
    case RT_KIND_UNDEFINED: rt_out_byte(RT_WIRE_UNDEFINED); break;
    case RT_KIND_NULL: rt_out_byte(RT_WIRE_NULL); break;
    case RT_KIND_BOOL: rt_out_byte(v->u.truth ? RT_WIRE_TRUE : RT_WIRE_FALSE); break;
    case RT_KIND_NUMBER:
        rt_out_byte(RT_WIRE_NUMBER);
        rt_out_f64(v->u.num);
        break;
    case RT_KIND_STRING:
        rt_out_byte(RT_WIRE_STRING);
        rt_out_varint(v->u.str.len);
        rt_out_bytes(rt_node_bytes(v), v->u.str.len);
        break;
    case RT_KIND_ARRAY:
        rt_out_byte(RT_WIRE_ARRAY);
        rt_out_varint(v->u.arr.len);
        for (uint32_t i = 0; i < v->u.arr.len; i++) rt_out_value(v->u.arr.items[i]);
        break;
    default:
        rt_out_byte(RT_WIRE_OBJECT);
        rt_out_varint(rt_obj_count(v));
        for (const rt_node *m = v->u.obj.first; m; m = m->next) {
            rt_out_varint((uint32_t)rt_atom_len(m->key));
            rt_out_bytes(rt_atom_bytes(m->key), (uint32_t)rt_atom_len(m->key));
            rt_out_value(m);
        }
        break;
    }
}
