/* listener_kit.h — which listeners a round's changes touch (semantics.md
 * §11), over the listener index (listener_tables.h) and the path classes of
 * the tables.h blob: the plan hook forwards to it.  The kit plans one
 * dispatch per listener instance not run yet in the apply, with its inputs
 * and keys; the runtime sorts the dispatches by rank and hands them to the
 * host, which calls the handlers. */
#ifndef RT_LISTENER_KIT_H
#define RT_LISTENER_KIT_H

#include "rt_base.h"

/* Stage 8 over the round's changes [begin, end), and wp_route over the
 * listener outputs presented as changes (the runtime's services then add
 * inputs to planned dispatches only).  `tb` is the tables.h blob, `lt` the
 * listener index. */
int32_t rt_kit_listen_plan(const uint8_t *tb, const uint8_t *lt, int32_t begin, int32_t end);

#endif
