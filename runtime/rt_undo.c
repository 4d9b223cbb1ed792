/* rt_undo.c — the undo log behind rt_undo.h.
 *
 * Why replaying backwards is exact: a write changes a node in place only to
 * swap one child of a container, or to overwrite a null, boolean or number
 * with another (UNDO_SCALAR keeps the old one by value); each entry records
 * that, so undoing the entries newest-first restores every container to
 * the children it had and every overwritten node to its value, and the node
 * a later entry reattaches is always still where that entry expects it.
 * Re-inserting needs no memory: arrays and object indexes never shrink. */
#include "rt_undo.h"

#include "rt_group.h"
#include "rt_heap.h"
#include "rt_vec.h"
#include "rt_path.h"
#include "rt_shadow.h"

enum { UNDO_PUT, UNDO_DEL, UNDO_GROUP, UNDO_PATH_FLAGS, UNDO_SCALAR };

typedef struct {
    int32_t op;
    int32_t key;        /* atom, array index, group, or path; UNDO_SCALAR: the old kind */
    int32_t was_on;     /* UNDO_GROUP: the bit before; UNDO_PATH_FLAGS: the flags before; UNDO_SCALAR: the old truth */
    rt_node *container; /* UNDO_SCALAR: the overwritten node */
    rt_node *old;
    rt_node *prev;
    double num; /* UNDO_SCALAR: the old number */
} undo_entry;

static undo_entry *log_items;
static uint32_t log_len, log_cap;

int32_t rt_undo_reserve(uint32_t n)
{
    if (log_len > UINT32_MAX / 2u) return RT_E_NOMEM;
    return rt_vec_reserve((void **)&log_items, &log_cap, log_len + n, sizeof *log_items, RT_SPACE_HEAP);
}

void rt_undo_put(rt_node *container, int32_t key, rt_node *old)
{
    log_items[log_len++] = (undo_entry){UNDO_PUT, key, 0, container, old, NULL, 0};
}

void rt_undo_del(rt_node *container, int32_t key, rt_node *old, rt_node *prev)
{
    log_items[log_len++] = (undo_entry){UNDO_DEL, key, 0, container, old, prev, 0};
}

void rt_undo_group(int32_t group, int32_t was_on)
{
    log_items[log_len++] = (undo_entry){UNDO_GROUP, group, was_on, NULL, NULL, NULL, 0};
}

void rt_undo_path_flags(int32_t path, int32_t old)
{
    log_items[log_len++] = (undo_entry){UNDO_PATH_FLAGS, path, old, NULL, NULL, NULL, 0};
}

void rt_undo_scalar(rt_node *node)
{
    int32_t truth = node->kind == RT_KIND_BOOL ? node->u.truth : 0;
    double num = node->kind == RT_KIND_NUMBER ? node->u.num : 0;
    log_items[log_len++] = (undo_entry){UNDO_SCALAR, node->kind, truth, node, NULL, NULL, num};
}

uint32_t rt_undo_mark(void) { return log_len; }

static void undo_one(const undo_entry *e)
{
    rt_node *c = e->container, *cur = NULL;
    switch (e->op) {
    case UNDO_PUT:
        if (!c) {
            cur = rt_shadow_swap_root(e->old);
        } else if (c->kind == RT_KIND_OBJECT) {
            if (e->old)
                rt_obj_put(c, e->key, e->old, &cur); /* replaces in place: no memory */
            else
                cur = rt_obj_remove(c, e->key, NULL);
        } else {
            cur = e->old ? rt_arr_replace(c, (uint32_t)e->key, e->old) : rt_arr_pop(c);
        }
        rt_node_free(cur);
        break;
    case UNDO_DEL:
        if (c->kind == RT_KIND_OBJECT) {
            e->old->key = e->key;
            rt_obj_relink(c, e->prev, e->old);
        } else {
            c->u.arr.items[c->u.arr.len++] = e->old; /* the slot it was popped from */
        }
        break;
    case UNDO_PATH_FLAGS: rt_path_restore_kit_flags(e->key, e->was_on); break;
    case UNDO_SCALAR:
        c->kind = (uint8_t)e->key;
        if (c->kind == RT_KIND_NUMBER) c->u.num = e->num;
        if (c->kind == RT_KIND_BOOL) c->u.truth = e->was_on;
        break;
    default: rt_group_restore(e->key, e->was_on); break;
    }
}

void rt_undo_rollback(uint32_t mark)
{
    if (log_len > mark) rt_shadow_reshaped();
    while (log_len > mark) undo_one(&log_items[--log_len]);
}

void rt_undo_commit(void)
{
    for (uint32_t i = 0; i < log_len; i++)
        if (log_items[i].op == UNDO_PUT || log_items[i].op == UNDO_DEL) rt_node_free(log_items[i].old);
    log_len = 0;
}

/* Entries a log keeps room for after rt_undo_shrink. */
#define UNDO_KEEP 64u

void rt_undo_shrink(void)
{
    if (log_len || log_cap <= UNDO_KEEP) return;
    rt_heap_free(log_items);
    log_items = NULL;
    log_cap = 0;
}

void rt_undo_release(void)
{
    rt_undo_commit();
    rt_heap_free(log_items);
    log_items = NULL;
    log_cap = 0;
}
