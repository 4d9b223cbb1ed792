/* t_codec.c — the boundary encoding: values round-trip through the shadow
 * state byte for byte (empty, long and non-ASCII strings, NaN, -0, nesting up
 * to the limit), paths cross as ids or text (text announced once), and a
 * malformed batch is refused whole, naming the change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rt_api.h"
#include "rt_codec.h"
#include "rt_path.h"
#include "suites.h"
#include "td.h"

/* Write `value_text` at `path` with wp_apply, read it back with wp_get and
 * compare the raw value bytes with what was sent. */
static void round_trip(const char *value_text)
{
    td_batch b;
    td_begin(&b, 1);
    td_path_text(&b, "v");
    uint32_t start = b.len;
    td_value(&b, value_text);
    uint32_t vlen = b.len - start;
    td_end_change(&b, RT_TAG_INPUT, -1);
    int32_t r = wp_apply(td_send(&b));
    ck_assert_int_eq(r, RT_OK);
    td_batch q;
    q.len = 0;
    td_path_text(&q, "v");
    ck_assert_int_eq(wp_get(td_send(&q)), RT_OK);
    const uint8_t *out = wp_out_ptr();
    ck_assert_int_eq(out[0], RT_REC_VALUE);
    ck_assert_int_eq(wp_out_len(), (int32_t)vlen + 2);
    ck_assert(memcmp(out + 1, b.buf + start, vlen) == 0);
    ck_assert_int_eq(out[1 + vlen], RT_REC_END);
}

START_TEST(scalars_round_trip)
{
    round_trip("1.5");
    round_trip("-0");
    round_trip("nan");
    round_trip("1e308");
    round_trip("\"\"");
    round_trip("\"héllo wörld €😀\"");
    round_trip("true");
    round_trip("false");
    round_trip("null");
    round_trip("[]");
    round_trip("{}");
}
END_TEST

START_TEST(containers_round_trip_in_key_order)
{
    round_trip("{z:1,a:{y:[1,\"x\",null,{}],b:false},m:\"\"}");
    round_trip("[[[]],{},[{k:nan}]]");
}
END_TEST

START_TEST(negative_zero_is_kept_but_equal_to_zero)
{
    const char *a[] = {"z=-0"};
    ck_assert_int_eq(td_apply(1, a), RT_OK);
    ck_assert_str_eq(td_out(), "z=-0:input");
    const char *b[] = {"z=0"};
    ck_assert_int_eq(td_apply(1, b), RT_OK);
    ck_assert_str_eq(td_out(), ""); /* a no-op: -0 equals 0 */
    ck_assert_str_eq(td_get("z"), "-0");
}
END_TEST

START_TEST(long_string)
{
    static char big[40000];
    big[0] = '"';
    for (int i = 1; i < 39998; i++) big[i] = (char)('a' + i % 26);
    big[39998] = '"';
    big[39999] = 0;
    round_trip(big);
}
END_TEST

START_TEST(missing_reads_as_missing)
{
    ck_assert_str_eq(td_get("nothing.here"), "missing");
    const char *a[] = {"u=undef"};
    ck_assert_int_eq(td_apply(1, a), RT_OK);
    ck_assert_str_eq(td_get("u"), "missing"); /* writing undefined where nothing is: no-op */
    const char *b[] = {"u=1", "u=undef"};
    ck_assert_int_eq(td_apply(2, b), RT_OK);
    ck_assert_str_eq(td_get("u"), "undef"); /* now the key holds undefined */
}
END_TEST

static void nested(td_batch *b, int depth)
{
    for (int i = 0; i < depth; i++) {
        td_byte(b, RT_WIRE_ARRAY);
        td_varint(b, 1);
    }
    td_num(b, 1);
}

START_TEST(nesting_limit)
{
    td_batch *b = malloc(sizeof *b);
    td_begin(b, 1);
    td_path_text(b, "deep");
    nested(b, RT_MAX_DEPTH - 1); /* the path costs one level */
    td_end_change(b, RT_TAG_INPUT, -1);
    ck_assert_int_eq(wp_apply(td_send(b)), RT_OK);
    td_begin(b, 1);
    td_path_text(b, "deeper.still");
    nested(b, RT_MAX_DEPTH - 1);
    td_end_change(b, RT_TAG_INPUT, -1);
    ck_assert_int_eq(wp_apply(td_send(b)), RT_E_DEPTH);
    ck_assert_str_eq(td_out(), "E-5#0@deeper.still");
    ck_assert_str_eq(td_get("deeper"), "missing");
    td_begin(b, 1);
    td_path_text(b, "x");
    nested(b, RT_MAX_DEPTH + 1); /* refused while decoding */
    td_end_change(b, RT_TAG_INPUT, -1);
    ck_assert_int_eq(wp_apply(td_send(b)), RT_E_DEPTH);
    ck_assert_str_eq(td_out(), "E-5#0");
    free(b);
}
END_TEST

START_TEST(malformed_batches_are_refused_whole)
{
    const char *ok[] = {"a=1"};
    ck_assert_int_eq(td_apply(1, ok), RT_OK);
    td_batch b;
    /* truncated second change */
    td_begin(&b, 2);
    td_path_text(&b, "a");
    td_num(&b, 5);
    td_end_change(&b, RT_TAG_INPUT, -1);
    td_path_text(&b, "b");
    td_byte(&b, RT_WIRE_NUMBER);
    td_byte(&b, 0);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_MALFORMED);
    ck_assert_str_eq(td_out(), "E-4#1");
    ck_assert_str_eq(td_get("a"), "1");
    /* unknown value tag */
    td_begin(&b, 1);
    td_path_text(&b, "a");
    td_byte(&b, 99);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_MALFORMED);
    /* trailing bytes */
    td_changes(&b, 1, ok);
    td_byte(&b, 0);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_MALFORMED);
    /* unknown stage tag */
    td_begin(&b, 1);
    td_path_text(&b, "a");
    td_num(&b, 2);
    td_end_change(&b, RT_TAG_COUNT, -1);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_MALFORMED);
    /* unknown path id */
    td_begin(&b, 1);
    td_path_id(&b, 123456);
    td_num(&b, 2);
    td_end_change(&b, RT_TAG_INPUT, -1);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_PATH);
    /* a count larger than the bytes */
    td_begin(&b, 1);
    td_path_text(&b, "a");
    td_byte(&b, RT_WIRE_ARRAY);
    td_varint(&b, 1000000);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_MALFORMED);
    /* a varint longer than 32 bits */
    b.len = 0;
    for (int i = 0; i < 5; i++) td_byte(&b, 0xff);
    td_byte(&b, 0x01);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_E_MALFORMED);
    ck_assert_str_eq(td_get(""), "{a:1}");
}
END_TEST

START_TEST(paths_by_id_and_announced_once)
{
    int32_t id = td_path("form.email");
    ck_assert_int_gt(id, 0);
    td_batch b;
    td_begin(&b, 1);
    td_path_id(&b, id);
    td_str(&b, "a@b.c");
    td_end_change(&b, RT_TAG_INPUT, 3);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_OK);
    const uint8_t *out = wp_out_ptr();
    /* CHANGE, path with text (first mention), tag, meta 3 (+1), value */
    ck_assert_int_eq(out[0], RT_REC_CHANGE);
    ck_assert_int_eq(out[1], RT_PATH_ID_TEXT);
    ck_assert_int_eq(out[2], id);
    ck_assert_int_eq(out[3], 10);
    ck_assert(memcmp(out + 4, "form.email", 10) == 0);
    ck_assert_int_eq(out[14], RT_TAG_INPUT);
    ck_assert_int_eq(out[15], 4);
    ck_assert_int_eq(out[16], RT_WIRE_STRING);
    td_begin(&b, 1);
    td_path_id(&b, id);
    td_str(&b, "x");
    td_end_change(&b, RT_TAG_INPUT, -1);
    ck_assert_int_eq(wp_apply(td_send(&b)), RT_OK);
    out = wp_out_ptr();
    ck_assert_int_eq(out[1], RT_PATH_ID); /* known now: the id alone */
    ck_assert_int_eq(out[2], id);
    ck_assert_int_eq(out[3], RT_TAG_INPUT);
    ck_assert_int_eq(out[4], 0); /* no meta */
    ck_assert_int_eq(wp_path_text(id), RT_OK);
    ck_assert_str_eq(td_out(), "form.email");
    ck_assert_int_eq(wp_path_text(99999), RT_E_PATH);
}
END_TEST

START_TEST(varints_and_svarints)
{
    rt_out_reset();
    rt_out_varint(0);
    rt_out_varint(127);
    rt_out_varint(128);
    rt_out_varint(UINT32_MAX);
    rt_out_svarint(-1);
    rt_out_svarint(-11);
    const uint8_t expect[] = {0x00, 0x7f, 0x80, 0x01, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x15};
    ck_assert_uint_eq(rt_out_len(), sizeof expect);
    ck_assert(memcmp(rt_out_data(), expect, sizeof expect) == 0);
    rt_reader r = {rt_out_data(), rt_out_data() + rt_out_len(), RT_SPACE_ARENA};
    uint32_t v;
    ck_assert_int_eq(rt_read_varint(&r, &v), RT_OK);
    ck_assert_uint_eq(v, 0);
    ck_assert_int_eq(rt_read_varint(&r, &v), RT_OK);
    ck_assert_uint_eq(v, 127);
    ck_assert_int_eq(rt_read_varint(&r, &v), RT_OK);
    ck_assert_uint_eq(v, 128);
    ck_assert_int_eq(rt_read_varint(&r, &v), RT_OK);
    ck_assert_uint_eq(v, UINT32_MAX);
}
END_TEST

Suite *suite_codec(void)
{
    Suite *s = suite_create("codec");
    TCase *tc = tcase_create("codec");
    tcase_add_checked_fixture(tc, fixture_started, fixture_down);
    tcase_add_test(tc, scalars_round_trip);
    tcase_add_test(tc, containers_round_trip_in_key_order);
    tcase_add_test(tc, negative_zero_is_kept_but_equal_to_zero);
    tcase_add_test(tc, long_string);
    tcase_add_test(tc, missing_reads_as_missing);
    tcase_add_test(tc, nesting_limit);
    tcase_add_test(tc, malformed_batches_are_refused_whole);
    tcase_add_test(tc, paths_by_id_and_announced_once);
    tcase_add_test(tc, varints_and_svarints);
    suite_add_tcase(s, tc);
    return s;
}
