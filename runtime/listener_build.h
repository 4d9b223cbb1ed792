/* listener_build.h — lays out a listener index (kits/listener_tables.h)
 * from plain calls, so the compiler (compiler/gen_listeners.c, from the IR)
 * and the runtime's native tests build it with the same code.  Plain C11
 * with malloc; reads the pattern tree from a finished tables.h blob.
 *
 *   lt_builder *b = lt_init(tb, atom of "_concerns");
 *   for each listener, in plan order:
 *       l = lt_listener(b, scope pattern or 0, group or -1);
 *       for each of its topics: lt_topic(b, l, pattern);
 *   const uint8_t *blob = lt_finish(b, &len);  // owned by b; copy it, then lt_free(b)
 *
 * Errors (a bad id, a scope that is not a prefix of a topic, out of memory)
 * are sticky: the call returns -1 and lt_finish returns NULL. */
#ifndef RT_LISTENER_BUILD_H
#define RT_LISTENER_BUILD_H

#include <stdint.h>

typedef struct lt_builder lt_builder;

/* `tb`: the tables.h blob whose patterns the topics name (kept, not copied). */
lt_builder *lt_init(const uint8_t *tb, int32_t concerns_atom);
void lt_free(lt_builder *b);

/* The next listener in plan order; returns its id (0, 1, …). */
int32_t lt_listener(lt_builder *b, int32_t scope_pattern, int32_t group);
/* A topic of listener l (the last one added). No topics: a root listener. */
int32_t lt_topic(lt_builder *b, int32_t listener, int32_t pattern);

/* Lay the index out; the bytes stay owned by the builder.  Deterministic. */
const uint8_t *lt_finish(lt_builder *b, uint32_t *len);

#endif
