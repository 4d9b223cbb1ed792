/* rt_path.h — interned paths: every path the runtime has seen, as a dense
 * int32 id in a trie of (parent id, segment atom). Id 0 is the root (the
 * empty path); ids 1..n are the app's static paths, interned at start in the
 * descriptor's order. Each path carries the class the app's matcher
 * (wp_hook_path_class) gave it, so hooks recognise static paths and wildcard
 * patterns with one array read. Paths live as long as the instance. */
#ifndef RT_PATH_H
#define RT_PATH_H

#include "rt_base.h"

#define RT_ROOT 0

/* Initialise with just the root (class 0). */
int32_t rt_path_init(void);
void rt_path_release(void);

/* The child path `parent.atom`, interned if new. Negative status on error. */
int32_t rt_path_child(int32_t parent, int32_t atom);
/* The child path `parent.<index>`. */
int32_t rt_path_index(int32_t parent, int32_t index);
/* Intern a dot-joined path ("" is the root). */
int32_t rt_path_parse(const uint8_t *text, int32_t len);

int32_t rt_path_valid(int32_t path);
int32_t rt_path_parent(int32_t path); /* -1 for the root */
int32_t rt_path_atom(int32_t path);   /* -1 for the root */
int32_t rt_path_depth(int32_t path);
int32_t rt_path_class(int32_t path);
int32_t rt_path_count(void);
/* The ancestor of `path` at `depth` (<= its depth), else -1. */
int32_t rt_path_ancestor(int32_t path, int32_t depth);
/* 1 when `outer` equals `inner` or is an ancestor of it. */
int32_t rt_path_within(int32_t outer, int32_t inner);
/* Length of the dot-joined text, and the text itself written to `out`. */
int32_t rt_path_text_len(int32_t path);
void rt_path_text(int32_t path, uint8_t *out);

/* Whether the host has been told this path's text (see rt_codec). */
int32_t rt_path_announced(int32_t path);
void rt_path_set_announced(int32_t path);

/* Bits a kit keeps per path across applies, e.g. the sync kit's "a container
 * here was removed by a replacement". Rule-agnostic storage; the kits own
 * the bits. Setting them is part of the open apply: it is undo-logged, so a
 * rolled-back apply leaves no mark. Returns RT_OK or E_NOMEM (nothing set). */
int32_t rt_path_kit_flags(int32_t path);
int32_t rt_path_set_kit_flags(int32_t path, int32_t bits);
/* Puts the flags back as they were (the undo log's restore). */
void rt_path_restore_kit_flags(int32_t path, int32_t flags);

/* One pointer per path that the shadow state keeps (the node found at the
 * path), valid while its stamp is the one the owner asks with: the owner
 * moves to a new stamp to forget every memo at once. A path starts with
 * stamp 0, which the owner never uses. rt_path_memo returns 1 and sets *out
 * on a valid memo, else 0. */
int32_t rt_path_memo(int32_t path, uint32_t stamp, void **out);
void rt_path_set_memo(int32_t path, void *memo, uint32_t stamp);
/* Every memo invalid (for an owner whose stamps wrapped around). */
void rt_path_forget_memos(void);

#endif
