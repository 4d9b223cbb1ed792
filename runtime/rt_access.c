/* rt_access.c — the read and build services of rt_access.h. Builders copy
 * a value that is not already theirs (a state value, or one already placed),
 * so a built value never shares nodes with the state. */
#include "rt_access.h"

#include "rt_atom.h"
#include "rt_numfmt.h"
#include "rt_shadow.h"

rt_node *rt_get(int32_t path) { return rt_shadow_get(path); }
uint32_t rt_keys_gen(void) { return rt_shadow_keys_gen(); }
int32_t rt_kind(const rt_node *v) { return rt_node_kind(v); }
double rt_num(const rt_node *v) { return v && v->kind == RT_KIND_NUMBER ? v->u.num : __builtin_nan(""); }
int32_t rt_truth(const rt_node *v) { return v && v->kind == RT_KIND_BOOL && v->u.truth; }

const uint8_t *rt_str_bytes(const rt_node *v) { return v && v->kind == RT_KIND_STRING ? rt_node_bytes(v) : NULL; }

int32_t rt_str_len(const rt_node *v) { return v && v->kind == RT_KIND_STRING ? (int32_t)v->u.str.len : -1; }
int32_t rt_str_units(const rt_node *v) { return rt_str_utf16_len(v); }

int32_t rt_len(const rt_node *v)
{
    if (v && v->kind == RT_KIND_ARRAY) return (int32_t)v->u.arr.len;
    if (v && v->kind == RT_KIND_OBJECT) return (int32_t)rt_obj_count(v);
    return -1;
}

rt_node *rt_item(const rt_node *v, int32_t index) { return rt_arr_get(v, index); }

rt_node *rt_member(const rt_node *v, int32_t atom)
{
    return atom >= 0 && atom < rt_atom_count() ? rt_obj_get(v, atom) : NULL;
}

rt_node *rt_first(const rt_node *v) { return v && v->kind == RT_KIND_OBJECT ? v->u.obj.first : NULL; }
rt_node *rt_next(const rt_node *m) { return m ? m->next : NULL; }
int32_t rt_key(const rt_node *m) { return m ? m->key : -1; }
int32_t rt_equal(const rt_node *a, const rt_node *b) { return rt_node_equal(a, b); }

rt_node *rt_mk_undefined(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_UNDEFINED); }
rt_node *rt_mk_null(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_NULL); }
rt_node *rt_mk_bool(int32_t truth) { return rt_node_bool(RT_SPACE_ARENA, truth); }
rt_node *rt_mk_num(double num) { return rt_node_num(RT_SPACE_ARENA, num); }

rt_node *rt_mk_str(const uint8_t *bytes, int32_t len)
{
    return len < 0 ? NULL : rt_node_str(RT_SPACE_ARENA, bytes, (uint32_t)len);
}

rt_node *rt_mk_num_str(double num)
{
    char text[RT_NUM_TEXT_MAX];
    int32_t len = rt_num_format(num, text);
    return rt_node_str(RT_SPACE_ARENA, (const uint8_t *)text, (uint32_t)len);
}

rt_node *rt_mk_array(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_ARRAY); }
rt_node *rt_mk_object(void) { return rt_node_new(RT_SPACE_ARENA, RT_KIND_OBJECT); }

/* A child that may be linked into `parent`: a fresh arena copy unless it is
 * an unlinked arena node already. */
static rt_node *adopt(const rt_node *v, int32_t *st)
{
    if (v && v->space == RT_SPACE_ARENA && !v->next && !v->prev && v->key < 0) return (rt_node *)v;
    return rt_node_copy(v, RT_SPACE_ARENA, RT_MAX_DEPTH, st);
}

int32_t rt_mk_push(rt_node *array, const rt_node *value)
{
    if (!array || array->kind != RT_KIND_ARRAY || array->space != RT_SPACE_ARENA) return RT_E_HOOK;
    int32_t st = RT_E_NOMEM;
    rt_node *child = adopt(value, &st);
    return child ? rt_arr_push(array, child) : st;
}

int32_t rt_mk_put(rt_node *object, int32_t atom, const rt_node *value)
{
    if (!object || object->kind != RT_KIND_OBJECT || object->space != RT_SPACE_ARENA || atom < 0 ||
        atom >= rt_atom_count())
        return RT_E_HOOK;
    int32_t st = RT_E_NOMEM;
    rt_node *child = adopt(value, &st);
    return child ? rt_obj_put(object, atom, child, NULL) : st;
}
