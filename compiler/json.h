/* json.h — the compiler's only door to cJSON.
 *
 * A few verbs to build a JSON document and print it deterministically (keys
 * in insertion order).  Used for --format=json/sarif diagnostics and
 * --emit json.  The tree is owned by the caller: json_free() the root. */
#ifndef WPC_JSON_H
#define WPC_JSON_H

#include <stdbool.h>

#include "arena.h"

typedef struct Json Json;   /* an opaque cJSON node */

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

#endif
