/*
 * test_core_kit.c - her kit in core (core/kit.h): ids of her own items,
 * the checks of a custom item from the API and from the kit page's form,
 * the shape of PUT /api/v1/kit's body, and resolving a kit into entries
 * sorted by diameter, strictly (the API) or forgivingly (a stored kit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/kit.h"
#include "core/i18n.h"
#include "core/util.h"

#include <stdlib.h>
#include <math.h>
#include <string.h>

static struct catalog *cat;

static int load(void **state)
{
    (void)state;
    struct pace_error err = {0};
    return catalog_load_builtin(&cat, &err);
}

static int unload(void **state)
{
    (void)state;
    catalog_free(cat);
    return 0;
}

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *j = json_loads(s, 0, &e);
    if (j == NULL)
        fail_msg("test JSON does not parse: %s", e.text);
    return j;
}

static void custom_ids_are_exact(void **state)
{
    (void)state;
    struct kit_id id;
    custom_item_id(42, &id);
    assert_string_equal(id.s, "custom-42");
    int64_t v = 0;
    assert_true(custom_id_parse("custom-42", &v));
    assert_int_equal(v, 42);
    static const char *const bad[] = {"custom-",   "custom-0",  "custom-07",
                                      "custom-4x", "custom--1", "Custom-1",
                                      "fms-18",    "custom-1 ", "custom-1234567890123456789"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (custom_id_parse(bad[i], &v))
            fail_msg("\"%s\" parsed as a custom id", bad[i]);
    assert_false(custom_id_parse(NULL, &v));
}

static void a_custom_item_from_json_is_checked_field_by_field(void **state)
{
    (void)state;
    struct custom_item c;
    struct pace_error err = {0};
    json_t *j = parse("{\"label\":\"  blue one \",\"diameter_mm\":22.46,\"material\":"
                      "\"silicone\"}");
    assert_int_equal(custom_item_from_json(j, &c, &err), 0);
    json_decref(j);
    assert_string_equal(c.label, "blue one");
    assert_true(c.diameter_mm == 22.5);
    assert_true(c.length_mm == 0);
    assert_int_equal(c.kind, KIND_DILATOR);
    assert_int_equal(c.material, MATERIAL_SILICONE);

    static const struct {
        const char *json;
        const char *field;
    } cases[] = {
        {"{\"label\":\"a\",\"diameter_mm\":20,\"material\":\"glass\",\"colour\":1}", "colour"},
        {"{\"diameter_mm\":20,\"material\":\"glass\"}", "label"},
        {"{\"label\":\"   \",\"diameter_mm\":20,\"material\":\"glass\"}", "label"},
        {"{\"label\":\"12345678901234567890123456789012345678901\",\"diameter_mm\":20,"
         "\"material\":\"glass\"}",
         "label"},
        {"{\"label\":\"a\\nb\",\"diameter_mm\":20,\"material\":\"glass\"}", "label"},
        {"{\"label\":\"a\",\"diameter_mm\":0.5,\"material\":\"glass\"}", "diameter_mm"},
        {"{\"label\":\"a\",\"diameter_mm\":81,\"material\":\"glass\"}", "diameter_mm"},
        {"{\"label\":\"a\",\"diameter_mm\":\"20\",\"material\":\"glass\"}", "diameter_mm"},
        {"{\"label\":\"a\",\"material\":\"glass\"}", "diameter_mm"},
        {"{\"label\":\"a\",\"diameter_mm\":20,\"length_mm\":0,\"material\":\"glass\"}",
         "length_mm"},
        {"{\"label\":\"a\",\"diameter_mm\":20,\"length_mm\":401,\"material\":\"glass\"}",
         "length_mm"},
        {"{\"label\":\"a\",\"diameter_mm\":20,\"length_mm\":\"x\",\"material\":\"glass\"}",
         "length_mm"},
        {"{\"label\":\"a\",\"diameter_mm\":20,\"material\":\"wood\"}", "material"},
        {"{\"label\":\"a\",\"diameter_mm\":20}", "material"},
        {"{\"label\":\"a\",\"diameter_mm\":20,\"material\":\"glass\",\"kind\":\"adjustable\"}",
         "kind"},
        {"{\"label\":\"a\",\"diameter_mm\":20,\"material\":\"glass\",\"kind\":3}", "kind"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        j = parse(cases[i].json);
        memset(&err, 0, sizeof err);
        int rc = custom_item_from_json(j, &c, &err);
        json_decref(j);
        if (rc != PACE_EINVAL || strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: rc %d field \"%s\", wanted \"%s\"", i, rc, err.field,
                     cases[i].field);
        assert_true(err.msg[0] != '\0');
    }
    j = parse("{\"label\":\"a\",\"diameter_mm\":20,\"length_mm\":null,\"material\":\"glass\","
              "\"kind\":\"stent\"}");
    assert_int_equal(custom_item_from_json(j, &c, &err), 0);
    json_decref(j);
    assert_int_equal(c.kind, KIND_STENT);
    j = parse("[]");
    assert_int_equal(custom_item_from_json(j, &c, &err), PACE_EINVAL);
    json_decref(j);
}

static void a_custom_item_from_the_form_takes_a_decimal_comma(void **state)
{
    (void)state;
    struct custom_item c;
    struct pace_error err = {0};
    assert_int_equal(custom_item_from_text("Mine", "", "22,5", " ", "glass", &c, &err), 0);
    assert_true(c.diameter_mm == 22.5);
    assert_true(c.length_mm == 0);
    assert_int_equal(custom_item_from_text("Mine", "stent", " 30 ", "120.0", "plastic", &c, &err),
                     0);
    assert_true(c.diameter_mm == 30 && c.length_mm == 120);
    static const struct {
        const char *label, *dia, *len, *mat, *field;
    } cases[] = {
        {"", "20", "", "glass", "label"},         {NULL, "20", "", "glass", "label"},
        {"a", "", "", "glass", "diameter_mm"},    {"a", "2O", "", "glass", "diameter_mm"},
        {"a", "-20", "", "glass", "diameter_mm"}, {"a", "1e1", "", "glass", "diameter_mm"},
        {"a", "90", "", "glass", "diameter_mm"},  {"a", "20", "0", "glass", "length_mm"},
        {"a", "20", "abc", "glass", "length_mm"}, {"a", "20", "", "", "material"},
        {"a", "20", "", NULL, "material"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        memset(&err, 0, sizeof err);
        int rc = custom_item_from_text(cases[i].label, NULL, cases[i].dia, cases[i].len,
                                       cases[i].mat, &c, &err);
        if (rc != PACE_EINVAL || strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: rc %d field \"%s\", wanted \"%s\"", i, rc, err.field,
                     cases[i].field);
    }
}

static void a_kit_body_has_only_a_list_of_ids(void **state)
{
    (void)state;
    struct kit_id *ids = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    json_t *j = parse("{\"items\":[\"fms-16\",\"fms-18\"]}");
    assert_int_equal(kit_ids_from_json(j, &ids, &n, &err), 0);
    json_decref(j);
    assert_int_equal(n, 2);
    assert_string_equal(ids[1].s, "fms-18");
    free(ids);

    static const struct {
        const char *json, *field;
    } cases[] = {
        {"{\"items\":[],\"extra\":true}", "extra"},
        {"{}", "items"},
        {"{\"items\":\"fms-16\"}", "items"},
        {"{\"items\":[\"fms-16\",7]}", "items[1]"},
        {"{\"items\":[\"fms-16\",\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxx\"]}",
         "items[1]"},
        {"[\"fms-16\"]", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        j = parse(cases[i].json);
        memset(&err, 0, sizeof err);
        int rc = kit_ids_from_json(j, &ids, &n, &err);
        json_decref(j);
        if (rc != PACE_EINVAL || strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: rc %d field \"%s\", wanted \"%s\"", i, rc, err.field,
                     cases[i].field);
        assert_null(ids);
    }
    /* more than KIT_MAX_ITEMS */
    struct buf b = {0};
    buf_puts(&b, "{\"items\":[");
    for (int i = 0; i <= KIT_MAX_ITEMS; i++)
        buf_printf(&b, "%s\"fms-%d\"", i ? "," : "", i);
    buf_puts(&b, "]}");
    j = parse(b.data);
    assert_int_equal(kit_ids_from_json(j, &ids, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items");
    json_decref(j);
    buf_free(&b);
}

static void a_kit_resolves_sorted_by_diameter(void **state)
{
    (void)state;
    struct custom_item mine[1] = {{.id = 7,
                                   .label = "blue",
                                   .kind = KIND_DILATOR,
                                   .diameter_mm = 17.5,
                                   .material = MATERIAL_SILICONE}};
    struct kit_id ids[] = {{"pacik-8"},          {"custom-7"},         {"fms-16"},
                           {"milli-adjustable"}, {"vaginismus-com-a"}, {"fms-40"}};
    struct kit_entry *es = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    assert_int_equal(kit_resolve(cat, mine, 1, ids, 6, true, &es, &n, &err), 0);
    assert_int_equal(n, 6);
    static const char *const want[] = {"vaginismus-com-a", "milli-adjustable", "fms-16",
                                       "custom-7",         "fms-40",           "pacik-8"};
    for (size_t i = 0; i < n; i++)
        assert_string_equal(es[i].id, want[i]);
    assert_string_equal(es[3].label, "blue");
    assert_string_equal(es[3].line_id, "custom");
    assert_ptr_equal(es[3].custom, &mine[0]);
    assert_false(es[3].is_glass);
    assert_true(es[2].is_glass); /* FMS is borosilicate glass */
    assert_int_equal(es[2].material, MATERIAL_BOROSILICATE);
    assert_true(es[1].diameter_max_mm == 40);
    json_t *j = kit_entry_json(&es[3]);
    assert_string_equal(json_string_value(json_object_get(j, "id")), "custom-7");
    assert_true(json_is_true(json_object_get(j, "custom")));
    json_decref(j);
    free(es);
}

static void a_strict_kit_names_the_first_bad_id(void **state)
{
    (void)state;
    struct custom_item mine[1] = {{.id = 7, .label = "blue", .diameter_mm = 17.5}};
    struct kit_entry *es = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    struct kit_id unknown[] = {{"fms-16"}, {"fms-18"}, {"fms-99"}, {"custom-8"}};
    assert_int_equal(kit_resolve(cat, mine, 1, unknown, 4, true, &es, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items[2]");
    assert_non_null(strstr(err.msg, "fms-99"));
    assert_null(es);
    /* someone else's item reads exactly like one that never existed */
    struct kit_id others[] = {{"custom-8"}};
    assert_int_equal(kit_resolve(cat, mine, 1, others, 1, true, &es, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items[0]");
    assert_non_null(strstr(err.msg, "There is no item \"custom-8\""));
    struct kit_id twice[] = {{"fms-16"}, {"custom-7"}, {"fms-16"}};
    assert_int_equal(kit_resolve(cat, mine, 1, twice, 3, true, &es, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items[2]");
    /* forgiving: a stored kit keeps what still resolves */
    assert_int_equal(kit_resolve(cat, mine, 1, unknown, 4, false, &es, &n, &err), 0);
    assert_int_equal(n, 2);
    free(es);
    assert_int_equal(kit_resolve(cat, NULL, 0, NULL, 0, true, &es, &n, &err), 0);
    assert_int_equal(n, 0);
    free(es);
}

static void millimetres_are_printed_plainly(void **state)
{
    (void)state;
    char out[16];
    kit_format_mm(out, sizeof out, 14, false);
    assert_string_equal(out, "14");
    kit_format_mm(out, sizeof out, 20.5, false);
    assert_string_equal(out, "20.5");
    kit_format_mm(out, sizeof out, 20.04, false);
    assert_string_equal(out, "20");
}

/* Sizes are written without stdio: the same text as "%.0f" and "%.1f" of
 * the size rounded to a tenth, for every tenth from 0 to 200 mm and the
 * odd ones between, in both languages. */
static void millimetres_agree_with_the_c_library(void **state)
{
    (void)state;
    for (int lang = 0; lang < 2; lang++) {
        i18n_set_lang(lang ? LANG_DE : LANG_EN);
        for (int i = 0; i <= 20000; i++) {
            double mm = i / 100.0 + (i % 7) * 0.0013;
            double r = round(mm * 10) / 10;
            char want[32], got[32], wantl[32], gotl[32];
            if (r == floor(r)) {
                snprintf(want, sizeof want, "%.0f", r);
                snprintf(wantl, sizeof wantl, "%.0f", r);
            } else {
                snprintf(want, sizeof want, "%.1f", r);
                i18n_format_number(wantl, sizeof wantl, r, 1);
            }
            kit_format_mm(got, sizeof got, mm, false);
            kit_format_mm(gotl, sizeof gotl, mm, true);
            assert_string_equal(got, want);
            assert_string_equal(gotl, wantl);
        }
        char small[3];
        kit_format_mm(small, sizeof small, 123.4, false); /* cut short, never overflowing */
        assert_string_equal(small, "12");
    }
    i18n_set_lang(LANG_EN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(custom_ids_are_exact),
        cmocka_unit_test(a_custom_item_from_json_is_checked_field_by_field),
        cmocka_unit_test(a_custom_item_from_the_form_takes_a_decimal_comma),
        cmocka_unit_test(a_kit_body_has_only_a_list_of_ids),
        cmocka_unit_test(a_kit_resolves_sorted_by_diameter),
        cmocka_unit_test(a_strict_kit_names_the_first_bad_id),
        cmocka_unit_test(millimetres_are_printed_plainly),
        cmocka_unit_test(millimetres_agree_with_the_c_library),
    };
    return cmocka_run_group_tests(tests, load, unload);
}
