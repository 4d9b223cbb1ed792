/* fuzz_runtime.c — libFuzzer target: the runtime (the C files of runtime/, built
 * natively) on random batches over random rule sets.
 *
 * The rules are the test doubles of runtime/tests/td.c playing the hooks:
 * the first byte of an input switches each of sync pairs, a flip pair, a
 * clear, a sum, a computed path, a concern, a listener and list containers
 * on or off (the configuration of td.h).  The rest is a sequence of calls,
 * each an opcode byte, a length byte and that many bytes: raw bytes as an
 * input batch (the decoder on anything), a structured batch of changes
 * built from the bytes (paths from a small vocabulary that the rules name,
 * values of every wire type, nested), wp_get and wp_path_id on raw bytes,
 * wp_group, wp_process.  When a call asks for listeners or tasks, the target
 * continues with an empty batch or rolls back.
 *
 * Properties: no crash, leak or undefined behaviour (every input ends with
 * rt_api_shutdown, so LeakSanitizer sees anything kept); every status is
 * one of status.def; and a call that fails leaves the state byte for byte
 * as it was before it (the rollback), read with wp_get(''). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../runtime/rt_api.h"
#include "../../runtime/rt_codec.h"
#include "../../runtime/tests/td.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const PATHS[] = {"a",   "b",     "c",   "a.x", "b.x", "c.y", "f",           "g",
                                    "n",   "m",     "s",   "l",   "l.0", "l.1", "a.l",         "u",
                                    "u.v", "a.x.y", "b.l", "n.z", "m.0", "zz",  "_concerns.a", "a.x.0"};
#define NPATHS (sizeof PATHS / sizeof PATHS[0])

typedef struct {
    const uint8_t *p, *end;
} reader;

static int more(const reader *r) { return r->p < r->end; }
static uint8_t next(reader *r) { return r->p < r->end ? *r->p++ : 0; }

/* The state as wp_get('') encodes it, into *buf (malloc'd); its length. */
static size_t snapshot(uint8_t **buf)
{
    uint8_t *in = wp_in(2);
    in[0] = RT_PATH_ID;
    in[1] = 0;
    int32_t st = wp_get(2);
    FUZZ_CHECK(st == 0, "wp_get('') failed");
    size_t n = (size_t)wp_out_len();
    *buf = malloc(n ? n : 1);
    memcpy(*buf, wp_out_ptr(), n);
    return n;
}

static void check_status(int32_t st) { FUZZ_CHECK(st >= -11 && st <= 2, "a status outside status.def"); }

/* A value of any wire type from the bytes, nested at most `depth` more. */
static void value(td_batch *b, reader *r, int depth)
{
    uint8_t k = next(r);
    switch (k % 10) {
    case 0: td_byte(b, RT_WIRE_UNDEFINED); break;
    case 1: td_byte(b, RT_WIRE_NULL); break;
    case 2: td_byte(b, k & 16 ? RT_WIRE_TRUE : RT_WIRE_FALSE); break;
    case 3: td_num(b, (double)(int8_t)next(r)); break;
    case 4: {
        double d = 0;
        uint8_t raw[8];
        for (int i = 0; i < 8; i++) raw[i] = next(r);
        memcpy(&d, raw, 8); /* NaN payloads, -0, infinities, subnormals */
        td_num(b, d);
        break;
    }
    case 5:
    case 6: {
        uint32_t n = next(r) % 12;
        td_byte(b, RT_WIRE_STRING);
        td_varint(b, n);
        for (uint32_t i = 0; i < n; i++) td_byte(b, next(r)); /* any bytes: not always UTF-8 */
        break;
    }
    case 7:
    case 8: {
        uint32_t n = depth > 0 ? next(r) % 4 : 0;
        td_byte(b, RT_WIRE_ARRAY);
        td_varint(b, n);
        for (uint32_t i = 0; i < n; i++) value(b, r, depth - 1);
        break;
    }
    default: {
        static const char *const keys[] = {"x", "y", "0", "l", "", "__proto__"};
        uint32_t n = depth > 0 ? next(r) % 4 : 0;
        td_byte(b, RT_WIRE_OBJECT);
        td_varint(b, n);
        for (uint32_t i = 0; i < n; i++) {
            const char *key = keys[next(r) % 6];
            td_varint(b, (uint32_t)strlen(key));
            td_bytes(b, key, (uint32_t)strlen(key));
            value(b, r, depth - 1);
        }
        break;
    }
    }
}

static td_batch batch;

/* A batch of changes on the vocabulary's paths. */
static int32_t structured(reader *r, uint8_t tag)
{
    uint32_t n = next(r) % 6;
    td_begin(&batch, n);
    for (uint32_t i = 0; i < n; i++) {
        td_path_text(&batch, PATHS[next(r) % NPATHS]);
        value(&batch, r, 3);
        td_end_change(&batch, tag, -1);
    }
    return td_send(&batch);
}

static int32_t raw(reader *r)
{
    uint32_t n = next(r);
    if ((size_t)(r->end - r->p) < n) n = (uint32_t)(r->end - r->p);
    uint8_t *in = wp_in((int32_t)n);
    if (n) memcpy(in, r->p, n);
    r->p += n;
    return (int32_t)n;
}

/* Resolves a call that asked for listeners or tasks: continue with empty
 * results, or roll back. */
static int32_t settle(int32_t st, reader *r)
{
    for (int rounds = 0; (st == 1 || st == 2) && rounds < 64; rounds++) {
        check_status(st);
        if (next(r) & 1) return wp_rollback(), -100;
        td_begin(&batch, 0);
        st = wp_continue(td_send(&batch));
    }
    if (st == 1 || st == 2) {
        wp_rollback();
        return -100;
    }
    return st;
}

static void configure(uint8_t bits)
{
    if (bits & 1) td.sync[0][0] = "a", td.sync[0][1] = "b";
    if (bits & 2) td.sync[1][0] = "b.x", td.sync[1][1] = "c";
    if (bits & 4) td.flip[0][0] = "f", td.flip[0][1] = "g";
    if (bits & 8) td.clear[0][0] = "n", td.clear[0][1] = "a.x";
    if (bits & 16) td.sum_target = "s", td.sum_sources[0] = "m", td.sum_sources[1] = "n";
    if (bits & 32) td.computed[0] = "u";
    if (bits & 64) td.concern_field = "a";
    if (bits & 128) td.listen[0] = "b", td.listen_rank[0] = 0, td.list_segment = "l";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reader r = {data, data + size};
    td_reset();
    configure(next(&r));
    static const char *const states[] = {"{}", "{a:1,b:1}", "{a:{x:1},b:{x:2},c:3}", "{f:true,g:false,m:1,n:2}",
                                         "{l:[1,2],a:{l:[]}}"};
    int32_t st = (next(&r) & 1) ? td_create(states[next(&r) % 5]) : wp_create(structured(&r, 0));
    check_status(st);
    st = settle(st, &r);
    if (st < 0 && st != -100) {
        td_reset();
        return 0;
    }
    for (int calls = 0; more(&r) && calls < 200; calls++) {
        uint8_t op = next(&r);
        uint8_t *before = NULL;
        size_t nbefore = snapshot(&before);
        int changed_ok = 1;
        switch (op % 8) {
        case 0:
        case 1: st = settle(wp_apply(raw(&r)), &r); break;
        case 2:
        case 3: st = settle(wp_apply(structured(&r, 0)), &r); break;
        case 4: st = wp_get(raw(&r)), changed_ok = 0; break;
        case 5: st = wp_path_id(raw(&r)), changed_ok = 0; break;
        case 6: st = settle(wp_group(next(&r) % 3, next(&r) & 1), &r); break;
        default: st = wp_process(structured(&r, 0)); break;
        }
        if (st != -100) check_status(st < 0 || changed_ok ? st : 0);
        if (st < 0 || !changed_ok) {
            uint8_t *after = NULL;
            size_t nafter = snapshot(&after);
            FUZZ_CHECK(nafter == nbefore && memcmp(before, after, nafter) == 0,
                       "a failed (or read-only) call changed the state");
            free(after);
        }
        free(before);
    }
    td_reset();
    return 0;
}
