/* rt_codec.h — the boundary encoding: how changes, values, paths, plans and
 * tasks cross between the JS host and the runtime, read and written directly
 * in linear memory (byte layout and an example: docs/internals.md,
 * "Boundary encoding"). No JSON anywhere. */
#ifndef RT_CODEC_H
#define RT_CODEC_H

#include "rt_value.h"

/* Value tags on the wire. */
enum {
    RT_WIRE_UNDEFINED = 0,
    RT_WIRE_NULL = 1,
    RT_WIRE_FALSE = 2,
    RT_WIRE_TRUE = 3,
    RT_WIRE_NUMBER = 4,
    RT_WIRE_STRING = 5,
    RT_WIRE_ARRAY = 6,
    RT_WIRE_OBJECT = 7,
    RT_WIRE_MISSING = 8 /* output of wp_get only */
};

/* Path forms on the wire. */
enum {
    RT_PATH_ID = 0,     /* varint id (both directions) */
    RT_PATH_TEXT = 1,   /* varint length, UTF-8 bytes (input) */
    RT_PATH_ID_TEXT = 2 /* varint id, varint length, bytes (output: first mention) */
};

/* Output records. */
enum {
    RT_REC_END = 0,
    RT_REC_CHANGE = 1,
    RT_REC_DISPATCH = 2,
    RT_REC_TASK = 3,
    RT_REC_ERROR = 4,
    RT_REC_VALUE = 5,
    RT_REC_TEXT = 6,
    RT_REC_ROUTE = 7,
    RT_REC_VALUED = 8 /* wp_route: an output whose routes depend on values, not on its path alone */
};

typedef struct {
    const uint8_t *p;
    const uint8_t *end;
    int space; /* where rt_decode_value builds values: RT_SPACE_ARENA, or
                           RT_SPACE_HEAP when the caller keeps them (wp_create) */
} rt_reader;

int32_t rt_read_byte(rt_reader *r, uint8_t *out);
int32_t rt_read_varint(rt_reader *r, uint32_t *out);
int32_t rt_read_f64(rt_reader *r, double *out);
/* A path in either input form, interned. */
int32_t rt_decode_path(rt_reader *r, int32_t *path);
/* A value into the scratch arena, nesting bounded by `budget`. */
rt_node *rt_decode_value(rt_reader *r, int32_t budget, int32_t *status);

/* The output buffer: persistent, reused by every call. Writes past a failed
 * growth are dropped and remembered as RT_E_NOMEM in rt_out_status. */
void rt_out_reset(void);
void rt_out_release(void);
/* Give back a buffer grown past `keep` bytes (its output consumed). */
void rt_out_shrink(uint32_t keep);
uint8_t *rt_out_data(void);
uint32_t rt_out_len(void);
int32_t rt_out_status(void);
void rt_out_byte(uint8_t b);
void rt_out_varint(uint32_t v);
void rt_out_svarint(int32_t v);
void rt_out_f64(double d);
void rt_out_bytes(const uint8_t *p, uint32_t len);
/* A path: its id, plus its text the first time the host sees it. */
void rt_out_path(int32_t path);
void rt_out_value(const rt_node *value);

#endif
