/* rt_cond.h — services for generated concern code (rt_cond.c): the
 * primitives of semantics.md §10's conditions, values and built-in
 * validators.  Each is exported to generated code (exports.def). */
#ifndef RT_COND_H
#define RT_COND_H

#include "rt_value.h"

/* Comparison operators, in the IR's order (IrCmpOp). */
enum { RT_CMP_EQ = 0, RT_CMP_NE, RT_CMP_LT, RT_CMP_LE, RT_CMP_GT, RT_CMP_GE };

/* Built-in checks, in validators.def order (the compiler asserts it). */
enum {
    RT_CHECK_REQUIRED = 0,
    RT_CHECK_MIN,
    RT_CHECK_MAX,
    RT_CHECK_MIN_LENGTH,
    RT_CHECK_MAX_LENGTH,
    RT_CHECK_PATTERN,
    RT_CHECK_ONE_OF,
    RT_CHECK_INTEGER,
    RT_CHECK_EMAIL,
    RT_CHECK_EQUALS
};
/* rt_v_check's answers: pass, fail with the message, fail with the
 * message for arrays ("… items" of min_length/max_length). */
enum { RT_CHECK_PASS = 0, RT_CHECK_FAIL = 1, RT_CHECK_FAIL_ITEMS = 2 };

/* A literal from the module's data (boundary encoding, `len` bytes),
 * decoded once and kept: callers read it, never change or free it. */
rt_node *rt_lit(const uint8_t *enc, int32_t len);
/* Shutdown: frees the decoded literals. */
void rt_cond_release(void);

int32_t rt_c_eq(const rt_node *a, const rt_node *b);              /* missing/undefined as null, deep typed */
int32_t rt_c_ord(const rt_node *a, int32_t op, const rt_node *b); /* numbers on both sides */
int32_t rt_c_length(const rt_node *a, int32_t op, const rt_node *b);
/* The same against a number known at build time (no literal to decode). */
int32_t rt_c_ordn(const rt_node *a, int32_t op, double n);
int32_t rt_c_lengthn(const rt_node *a, int32_t op, double n);
int32_t rt_c_exists(const rt_node *a);
int32_t rt_c_empty(const rt_node *a);
int32_t rt_c_truthy(const rt_node *a);
int32_t rt_c_in(const rt_node *a, const rt_node *list);
int32_t rt_c_contains(const rt_node *a, const rt_node *list, int32_t all);

int32_t rt_match_is(const rt_node *subject, const uint8_t *key, int32_t len);
int32_t rt_tpl_begin(void);
int32_t rt_tpl_text(const uint8_t *text, int32_t len);
int32_t rt_tpl_value(const rt_node *v, const uint8_t *placeholder, int32_t len);
int32_t rt_tpl_length(const rt_node *v, const uint8_t *placeholder, int32_t len);
rt_node *rt_tpl_end(void);

int32_t rt_vs_begin(void);
int32_t rt_vs_fail(const uint8_t *message, int32_t len);
rt_node *rt_vs_end(void);
int32_t rt_v_check(int32_t check, const rt_node *v, const rt_node *arg);

#endif
