/* json.h — the compiler's only door to cJSON.
 *
 * A few verbs to build a JSON document and print it deterministically (keys
 * in insertion order), used for --format=json/sarif diagnostics and
 * --emit json; and a few to read one, used by `wpc import`.  Either tree is
 * owned by the caller: json_free() the root. */
#ifndef WPC_JSON_H
#define WPC_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct Json Json; /* an opaque cJSON node */

Json *json_object(void);
Json *json_array(void);
Json *json_string(const char *s);
Json *json_number(double n);
Json *json_bool(bool b);
Json *json_null(void);

/* Adds `value` under `key` (objects) or at the end (arrays); returns value
 * so calls can be chained.  Ownership passes to the container. */
Json *json_set(Json *object, const char *key, Json *value);
Json *json_push(Json *array, Json *value);

/* Shorthands. */
void json_set_string(Json *object, const char *key, const char *s);
void json_set_number(Json *object, const char *key, double n);
void json_set_bool(Json *object, const char *key, bool b);

/* Prints with two-space indentation (pretty) or compactly; arena-owned. */
const char *json_print(Arena *arena, const Json *root, bool pretty);

void json_free(Json *root);

/* Output in pieces, for documents too big to print whole. */
typedef void (*JsonWrite)(void *ctx, const char *s, size_t n);
/* The next element of a streamed array (the caller's), or NULL after the
 * last; ownership passes to json_stream, which frees it once printed. */
typedef Json *(*JsonNext)(void *ctx);

/* Writes `root` pretty-printed, exactly as json_print would, except that
 * the array under `key` (the first member of that name, empty in `root`)
 * receives the elements `next` returns, each built, printed and freed in
 * turn.  Returns false (writing nothing) when `key` is not there. */
bool json_stream(const Json *root, const char *key, JsonNext next, void *next_ctx, JsonWrite write, void *write_ctx);

/* ---- reading ---------------------------------------------------------- */

typedef enum JsonKind { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonKind;

/* Parses the whole of text[0..len), which must be followed by a NUL (a NUL
 * byte inside it is an error; nothing but white space may follow the
 * value).  Returns NULL when it is not JSON, with *error_at set to the byte
 * offset where parsing stopped.  Object members keep their order, and a key
 * that appears twice is kept twice. */
Json *json_parse(const char *text, size_t len, size_t *error_at);

JsonKind json_kind(const Json *j);   /* NULL (no such member) reads as JSON_NULL */
const char *json_str(const Json *j); /* JSON_STRING: the decoded text */
double json_num(const Json *j);      /* JSON_NUMBER */
/* Children of an array or object, in order: the first, then each next;
 * NULL after the last (and for scalars and NULL). */
const Json *json_child(const Json *j);
const Json *json_sibling(const Json *j);
const char *json_key(const Json *member); /* an object member's key */
size_t json_count(const Json *j);
const Json *json_at(const Json *array, size_t i); /* NULL past the end */
/* The member of `object` named `key` (case-sensitive; the last one when the
 * key is there twice, as JavaScript keeps it), or NULL (also when `object`
 * is NULL or not an object). */
const Json *json_member(const Json *object, const char *key);

#endif
