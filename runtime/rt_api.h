/* rt_api.h — the host-facing exports (wp_ prefix): the one-call API the JS
 * glue drives. The host writes a batch into the input buffer (wp_in), calls
 * one export, and reads every result from the output buffer (wp_out_ptr,
 * wp_out_len). Statuses: status.def; sequence: docs/internals.md, "Calls". */
#ifndef RT_API_H
#define RT_API_H

#include "rt_base.h"

int32_t wp_abi_version(void);
uint8_t *wp_in(int32_t size);
uint8_t *wp_out_ptr(void);
int32_t wp_out_len(void);

int32_t wp_create(int32_t len);
int32_t wp_apply(int32_t len);
int32_t wp_continue(int32_t len);
int32_t wp_route(int32_t next, int32_t len);
int32_t wp_rollback(void);
int32_t wp_process(int32_t len);
int32_t wp_finalize(int32_t len);
int32_t wp_group(int32_t group, int32_t on);
/* Whether the host's handler of `listener` reads no changes (on = 1): the
 * DISPATCH records of wp_apply and wp_continue then list no inputs for it
 * (wp_process's still do: that host runs the handlers itself). 0 done,
 * E_CALL for a listener id that is negative or past 65 535. */
int32_t wp_listener_unheard(int32_t listener, int32_t on);

int32_t wp_get(int32_t len);
int32_t wp_path_id(int32_t len);
int32_t wp_path_text(int32_t path);
int32_t wp_heap_live(void);
int32_t wp_concern_evals(void);
int32_t wp_derived_evals(void);

/* Natively only: free everything, so the next call starts a fresh instance
 * (tests, leak checks). */
void rt_api_shutdown(void);

#endif
