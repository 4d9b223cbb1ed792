/* rt_access.h — value reads and value building for hooks: the services
 * generated code uses to look at what rt_get, rt_change_value and friends
 * return, and to build the values it writes. Thin and total: every reader
 * accepts NULL (missing) and the wrong kind, answering "nothing". Built
 * values live in the scratch arena until the call returns. */
#ifndef RT_ACCESS_H
#define RT_ACCESS_H

#include "rt_value.h"

rt_node *rt_get(int32_t path);
int32_t rt_kind(const rt_node *v);
double rt_num(const rt_node *v);    /* NaN unless a number */
int32_t rt_truth(const rt_node *v); /* 1 only for true */
const uint8_t *rt_str_bytes(const rt_node *v);
int32_t rt_str_len(const rt_node *v);   /* UTF-8 bytes; -1 unless a string */
int32_t rt_str_units(const rt_node *v); /* UTF-16 units (JS .length); -1 unless a string */
int32_t rt_len(const rt_node *v);       /* array elements or object members; -1 otherwise */
rt_node *rt_item(const rt_node *v, int32_t index);
rt_node *rt_member(const rt_node *v, int32_t atom);
rt_node *rt_first(const rt_node *v); /* first member of an object, in key order */
rt_node *rt_next(const rt_node *member);
int32_t rt_key(const rt_node *member); /* the member's atom */
int32_t rt_equal(const rt_node *a, const rt_node *b);
/* Moves whenever the keys of some container of the state may have changed
 * (rt_shadow_keys_gen): what was worked out from the keys present holds
 * while it stays put. */
uint32_t rt_keys_gen(void);

rt_node *rt_mk_undefined(void);
rt_node *rt_mk_null(void);
rt_node *rt_mk_bool(int32_t truth);
rt_node *rt_mk_num(double num);
rt_node *rt_mk_str(const uint8_t *bytes, int32_t len);
rt_node *rt_mk_num_str(double num); /* the string String(num) (rt_numfmt.h) */
rt_node *rt_mk_array(void);
rt_node *rt_mk_object(void);
int32_t rt_mk_push(rt_node *array, const rt_node *value);
int32_t rt_mk_put(rt_node *object, int32_t atom, const rt_node *value);

#endif
