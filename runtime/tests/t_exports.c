/* t_exports.c — the ABI lists: every export of exports.def exists with the
 * declared signature (checked at compile time by rt_exports.c) and the right
 * prefix for its kind, names are unique, and the ABI version is exported. */
#include <string.h>

#include "rt_api.h"
#include "rt_exports.h"
#include "suites.h"

START_TEST(exports_have_prefix_by_kind)
{
    ck_assert_uint_gt(rt_export_count, 20);
    int hosts = 0;
    for (uint32_t i = 0; i < rt_export_count; i++) {
        const rt_export_entry *e = &rt_export_table[i];
        ck_assert_ptr_nonnull(e->fn);
        if (e->kind == RT_EXPORT_HOST) {
            ck_assert_msg(strncmp(e->name, "wp_", 3) == 0, "%s", e->name);
            hosts++;
        } else {
            ck_assert_msg(strncmp(e->name, "rt_", 3) == 0, "%s", e->name);
        }
        for (uint32_t j = 0; j < i; j++) ck_assert_str_ne(e->name, rt_export_table[j].name);
    }
    ck_assert_int_ge(hosts, 10);
}
END_TEST

START_TEST(abi_version_is_exported)
{
    ck_assert_int_eq(wp_abi_version(), RT_ABI_VERSION);
    int found = 0;
    for (uint32_t i = 0; i < rt_export_count; i++) found |= strcmp(rt_export_table[i].name, "wp_abi_version") == 0;
    ck_assert(found);
}
END_TEST

Suite *suite_exports(void)
{
    Suite *s = suite_create("exports");
    TCase *tc = tcase_create("exports");
    tcase_add_test(tc, exports_have_prefix_by_kind);
    tcase_add_test(tc, abi_version_is_exported);
    suite_add_tcase(s, tc);
    return s;
}
