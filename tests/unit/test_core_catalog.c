/*
 * test_core_catalog.c - the dilator catalogs (core/catalog.h): every data
 * file in data/catalogs loads and matches the copy compiled into pace; the
 * facts of each product line are the ones in CLINICAL.md; ids are unique
 * across lines; and each malformed variant of a file is refused with a
 * message naming the file, the entry and the field.
 *
 * The data directory is $PACE_TEST_DATA/catalogs (scripts/run-tests sets
 * it), else ./data/catalogs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/catalog.h"
#include "core/util.h"
#include "tmpdir.h"

#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *data_dir(void)
{
    const char *env = getenv("PACE_TEST_DATA");
    return xasprintf("%s/catalogs", env && *env ? env : "data");
}

static int is_json(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 5 && strcmp(d->d_name + n - 5, ".json") == 0;
}

/* Loads every file of the data directory into one catalog. */
static struct catalog *load_dir(size_t *nfiles)
{
    char *dir = data_dir();
    struct dirent **names = NULL;
    int n = scandir(dir, &names, is_json, alphasort);
    if (n <= 0)
        fail_msg("no catalog files in %s", dir);
    struct catalog *c = catalog_new();
    for (int i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]->d_name);
        struct buf b = {0};
        assert_true(file_read_all(path, &b));
        struct pace_error err = {0};
        if (catalog_add_json(c, names[i]->d_name, b.data, b.len, &err) != 0)
            fail_msg("%s does not load: %s", path, err.msg);
        buf_free(&b);
        free(path);
        free(names[i]);
    }
    free(names);
    free(dir);
    *nfiles = (size_t)n;
    return c;
}

static struct catalog *builtin(void)
{
    struct catalog *c = NULL;
    struct pace_error err = {0};
    if (catalog_load_builtin(&c, &err) != 0)
        fail_msg("built-in catalogs do not load: %s", err.msg);
    return c;
}

/* ---- the data files ---- */

static void every_data_file_loads(void **state)
{
    (void)state;
    size_t n = 0;
    struct catalog *c = load_dir(&n);
    assert_int_equal(c->nlines, n);
    assert_true(n >= 4);
    for (size_t i = 0; i < c->nlines; i++) {
        assert_true(c->lines[i]->nitems > 0);
        for (size_t k = 0; k < c->lines[i]->nitems; k++)
            assert_non_null(c->lines[i]->items[k].source);
    }
    catalog_free(c);
}

static void the_compiled_in_catalogs_are_the_data_files(void **state)
{
    (void)state;
    char *dir = data_dir();
    size_t count = 0;
    for (const struct catalog_file *f = catalog_builtin; f->name; f++, count++) {
        char *path = xasprintf("%s/%s", dir, f->name);
        struct buf b = {0};
        if (!file_read_all(path, &b))
            fail_msg("%s is compiled in but not in %s", f->name, dir);
        assert_int_equal(b.len, f->len);
        assert_memory_equal(b.data, f->data, f->len);
        buf_free(&b);
        free(path);
    }
    free(dir);
    size_t on_disk = 0;
    struct catalog *c = load_dir(&on_disk);
    catalog_free(c);
    /* a file added to data/catalogs but not to its meson.build shows here */
    assert_int_equal(count, on_disk);
    c = builtin();
    assert_int_equal(c->nlines, count);
    catalog_free(c);
}

static void ids_are_unique_across_lines(void **state)
{
    (void)state;
    struct catalog *c = builtin();
    const char *ids[512];
    size_t n = 0;
    for (size_t i = 0; i < c->nlines; i++) {
        const struct catalog_line *l = c->lines[i];
        for (size_t k = 0; k < l->nitems; k++) {
            assert_true(n < 512);
            ids[n++] = l->items[k].id;
            assert_true(str_starts(l->items[k].id, l->id));
            assert_ptr_equal(catalog_find(c, l->items[k].id), &l->items[k]);
        }
        for (size_t k = 0; k < l->nsets; k++)
            ids[n++] = l->sets[k].id;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(ids[i], ids[j]) == 0)
                fail_msg("id %s is used twice", ids[i]);
    assert_null(catalog_find(c, "fms-99"));
    assert_null(catalog_find(c, "custom-1"));
    assert_null(catalog_find(c, ""));
    catalog_free(c);
}

static void fms_has_27_dilator_sizes_from_14_mm(void **state)
{
    (void)state;
    struct catalog *c = builtin();
    const struct catalog_line *l = catalog_line_find(c, "fms");
    assert_non_null(l);
    size_t dilators = 0, stents = 0;
    double lo = 1e9, hi = 0;
    for (size_t i = 0; i < l->nitems; i++) {
        const struct catalog_item *it = &l->items[i];
        assert_int_equal(it->material, MATERIAL_BOROSILICATE);
        assert_true(material_is_glass(it->material));
        assert_true(it->warm_cool);
        assert_true(it->assumed); /* the maker's size table is not public */
        if (it->kind == KIND_STENT) {
            stents++;
            continue;
        }
        assert_int_equal(it->kind, KIND_DILATOR);
        assert_int_equal(it->shape, SHAPE_STRAIGHT);
        assert_true(it->use & USE_VAGINAL);
        assert_true(it->use & USE_RECTAL);
        /* 14-40 mm in 1 mm steps, in order */
        assert_true(fabs(it->diameter_mm - (14.0 + (double)dilators)) < 1e-9);
        lo = fmin(lo, it->diameter_mm);
        hi = fmax(hi, it->diameter_mm);
        dilators++;
    }
    assert_int_equal(dilators, 27);
    assert_true(lo == 14.0);
    assert_true(hi == 40.0);
    assert_true(stents >= 1);
    assert_non_null(catalog_find(c, "fms-18"));
    /* the sets are data, marked illustrative, and name FMS items only */
    assert_true(l->nsets >= 2);
    for (size_t i = 0; i < l->nsets; i++) {
        assert_true(l->sets[i].illustrative);
        for (size_t k = 0; k < l->sets[i].nitems; k++)
            assert_ptr_equal(l->sets[i].items[k]->line, l);
    }
    const struct catalog_set *starter = catalog_set_find(l, "fms-set-starter");
    assert_non_null(starter);
    assert_true(starter->items[0]->diameter_mm == 14.0);
    catalog_free(c);
}

static void the_other_lines_hold_the_published_sizes(void **state)
{
    (void)state;
    struct catalog *c = builtin();
    static const struct {
        const char *id;
        double d, len;
    } vc[] = {{"vaginismus-com-a", 15, 88},  {"vaginismus-com-b", 22, 101},
              {"vaginismus-com-c", 26, 113}, {"vaginismus-com-d", 30, 126},
              {"vaginismus-com-e", 34, 138}, {"vaginismus-com-f", 38, 151}};
    for (size_t i = 0; i < 6; i++) {
        const struct catalog_item *it = catalog_find(c, vc[i].id);
        assert_non_null(it);
        assert_true(it->diameter_mm == vc[i].d && it->length_mm == vc[i].len);
        assert_false(it->assumed);
    }
    const struct catalog_line *vl = catalog_line_find(c, "vaginismus-com");
    assert_int_equal(vl->nitems, 6);
    assert_int_equal(vl->nsets, 1);
    assert_int_equal(vl->sets[0].nitems, 6);

    const struct catalog_line *milli = catalog_line_find(c, "milli");
    assert_int_equal(milli->nitems, 1);
    const struct catalog_item *m = &milli->items[0];
    assert_int_equal(m->kind, KIND_ADJUSTABLE);
    assert_true(m->diameter_mm == 15 && m->diameter_max_mm == 40 && m->step_mm == 1);

    static const struct {
        const char *id;
        double d;
    } pacik[] = {{"pacik-3", 20}, {"pacik-5", 32}, {"pacik-6", 40}, {"pacik-8", 51}};
    for (size_t i = 0; i < 4; i++) {
        const struct catalog_item *it = catalog_find(c, pacik[i].id);
        assert_non_null(it);
        assert_true(it->diameter_mm == pacik[i].d);
        assert_true(material_is_glass(it->material));
    }
    assert_null(catalog_find(c, "pacik-4")); /* not published: left out */
    assert_null(catalog_find(c, "pacik-7"));
    catalog_free(c);
}

/* ---- malformed files ---- */

#define HEAD "{\"format\":1,\"line\":\"x\",\"name\":\"X\",\"source\":\"s\",\"items\":["
#define ITEM_BODY                                                                              \
    "\"label\":\"1\",\"kind\":\"dilator\",\"diameter_mm\":14,\"material\":\"glass\","          \
    "\"shape\":\"unknown\",\"use\":[\"vaginal\"],\"source\":\"s\""
#define ITEM(id) "{\"id\":\"" id "\"," ITEM_BODY "}"
#define TAIL "],\"sets\":[]}"

static void a_well_formed_template_loads(void **state)
{
    (void)state;
    static const char *const good[] = {
        HEAD ITEM("x-1") TAIL,
        HEAD ITEM("x-1") "," ITEM("x-2") "],\"sets\":[{\"id\":\"x-set\",\"label\":\"S\","
                                         "\"items\":[\"x-1\",\"x-2\"],\"source\":\"s\"}]}",
        HEAD "{\"id\":\"x-adj\",\"label\":\"A\",\"kind\":\"adjustable\",\"diameter_min_mm\":15,"
             "\"diameter_max_mm\":40,\"step_mm\":0.5,\"material\":\"unknown\",\"shape\":"
             "\"expanding\",\"use\":[\"vaginal\",\"rectal\"],\"source\":\"s\"}" TAIL,
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        struct catalog *c = catalog_new();
        struct pace_error err = {0};
        if (catalog_add_json(c, "good.json", good[i], strlen(good[i]), &err) != 0)
            fail_msg("template %zu refused: %s", i, err.msg);
        catalog_free(c);
    }
}

static void each_malformed_file_names_the_file_entry_and_field(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        const char *msg;   /* expected in the message */
        const char *field; /* expected err.field ("" for none) */
    } cases[] = {
        {HEAD "{\"id\":\"x-1\"," ITEM_BODY ",\"colour\":\"blue\"}" TAIL,
         "bad.json: items[0] (x-1): colour: unknown key", "items[0].colour"},
        {"{\"format\":1,\"line\":\"x\",\"name\":\"X\",\"source\":\"s\",\"colour\":1,\"items\":["
         ITEM("x-1") TAIL,
         "bad.json: line: colour: unknown key", "colour"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"dilator\",\"diameter_mm\":14,"
              "\"shape\":\"unknown\",\"use\":[\"vaginal\"],\"source\":\"s\"}" TAIL,
         "bad.json: items[0] (x-1): material: missing", "items[0].material"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"dilator\",\"material\":\"glass\","
              "\"shape\":\"unknown\",\"use\":[\"vaginal\"],\"source\":\"s\"}" TAIL,
         "bad.json: items[0] (x-1): diameter_mm: missing", "items[0].diameter_mm"},
        {"{\"format\":1,\"line\":\"x\",\"name\":\"X\",\"items\":[" ITEM("x-1") TAIL,
         "bad.json: line: source: missing", "source"},
        {HEAD ITEM("x-1") "," ITEM("x-1") TAIL,
         "bad.json: items[1] (x-1): id: \"x-1\" is used twice", "items[1].id"},
        {HEAD "{\"id\":\"x-1\"," ITEM_BODY "}," "{\"id\":\"x-2\",\"label\":\"2\",\"kind\":"
              "\"dilator\",\"diameter_mm\":0,\"material\":\"glass\",\"shape\":\"unknown\","
              "\"use\":[\"vaginal\"],\"source\":\"s\"}" TAIL,
         "bad.json: items[1] (x-2): diameter_mm: must be from 1 to 80 mm, not 0",
         "items[1].diameter_mm"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"dilator\",\"diameter_mm\":80.5,"
              "\"material\":\"glass\",\"shape\":\"unknown\",\"use\":[\"vaginal\"],"
              "\"source\":\"s\"}" TAIL,
         "items[0] (x-1): diameter_mm: must be from 1 to 80 mm, not 80.5",
         "items[0].diameter_mm"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"dilator\",\"diameter_mm\":\"14\","
              "\"material\":\"glass\",\"shape\":\"unknown\",\"use\":[\"vaginal\"],"
              "\"source\":\"s\"}" TAIL,
         "items[0] (x-1): diameter_mm: must be a number", "items[0].diameter_mm"},
        {HEAD ITEM("x-1") "],\"sets\":[{\"id\":\"x-set\",\"label\":\"S\",\"items\":[\"x-1\","
                          "\"x-9\"],\"source\":\"s\"}]}",
         "bad.json: sets[0] (x-set): items: items[1] names \"x-9\"", "sets[0].items"},
        {HEAD ITEM("y-1") TAIL, "bad.json: items[0] (y-1): id: must start with the line's id",
         "items[0].id"},
        {HEAD ITEM("X-1") TAIL, "bad.json: items[0]: id: must be lower-case", "items[0].id"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"wand\",\"diameter_mm\":14,"
              "\"material\":\"glass\",\"shape\":\"unknown\",\"use\":[\"vaginal\"],"
              "\"source\":\"s\"}" TAIL,
         "items[0] (x-1): kind: must be", "items[0].kind"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"dilator\",\"diameter_mm\":14,"
              "\"material\":\"wood\",\"shape\":\"unknown\",\"use\":[\"vaginal\"],"
              "\"source\":\"s\"}" TAIL,
         "items[0] (x-1): material: must be one of", "items[0].material"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"1\",\"kind\":\"dilator\",\"diameter_mm\":14,"
              "\"material\":\"glass\",\"shape\":\"unknown\",\"use\":[],\"source\":\"s\"}" TAIL,
         "items[0] (x-1): use: must name at least one", "items[0].use"},
        {HEAD "{\"id\":\"x-1\",\"label\":\"\",\"kind\":\"dilator\",\"diameter_mm\":14,"
              "\"material\":\"glass\",\"shape\":\"unknown\",\"use\":[\"vaginal\"],"
              "\"source\":\"s\"}" TAIL,
         "items[0] (x-1): label: must not be empty", "items[0].label"},
        {HEAD "{\"id\":\"x-1\"," ITEM_BODY ",\"assumed\":true}" TAIL,
         "items[0] (x-1): note: an assumed value needs a note", "items[0].note"},
        {HEAD "{\"id\":\"x-1\"," ITEM_BODY ",\"length_mm\":0}" TAIL,
         "items[0] (x-1): length_mm: must be from 1 to 400 mm", "items[0].length_mm"},
        {HEAD "{\"id\":\"x-a\",\"label\":\"A\",\"kind\":\"adjustable\",\"diameter_mm\":15,"
              "\"material\":\"unknown\",\"shape\":\"expanding\",\"use\":[\"vaginal\"],"
              "\"source\":\"s\"}" TAIL,
         "items[0] (x-a): diameter_mm: an adjustable device has", "items[0].diameter_mm"},
        {HEAD "{\"id\":\"x-a\",\"label\":\"A\",\"kind\":\"adjustable\",\"diameter_min_mm\":15,"
              "\"diameter_max_mm\":40,\"material\":\"unknown\",\"shape\":\"expanding\","
              "\"use\":[\"vaginal\"],\"source\":\"s\"}" TAIL,
         "items[0] (x-a): step_mm: missing", "items[0].step_mm"},
        {HEAD "{\"id\":\"x-a\",\"label\":\"A\",\"kind\":\"adjustable\",\"diameter_min_mm\":15,"
              "\"diameter_max_mm\":90,\"step_mm\":1,\"material\":\"unknown\",\"shape\":"
              "\"expanding\",\"use\":[\"vaginal\"],\"source\":\"s\"}" TAIL,
         "items[0] (x-a): diameter_max_mm: must be from 1 to 80 mm", "items[0].diameter_max_mm"},
        {"{\"format\":2,\"line\":\"x\",\"name\":\"X\",\"source\":\"s\",\"items\":[" ITEM("x-1")
             TAIL,
         "bad.json: line: format: must be 1", "format"},
        {"{\"format\":1,\"line\":\"custom\",\"name\":\"X\",\"source\":\"s\",\"items\":["
         "{\"id\":\"custom-1\"," ITEM_BODY "}" TAIL,
         "bad.json: line: line: \"custom\" is kept", "line"},
        {HEAD TAIL, "bad.json: line: items: must list at least one item", "items"},
        {HEAD ITEM("x-1"), "bad.json: line 1, column", ""},
        {"{\"format\":1,\"format\":1}", "bad.json: line 1, column", ""},
        {"[1,2]", "bad.json: line: (entry): must be a JSON object", "(entry)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct catalog *c = catalog_new();
        struct pace_error err = {0};
        int rc = catalog_add_json(c, "bad.json", cases[i].json, strlen(cases[i].json), &err);
        if (rc != PACE_EINVAL)
            fail_msg("case %zu: accepted (rc %d), wanted \"%s\"", i, rc, cases[i].msg);
        if (strstr(err.msg, cases[i].msg) == NULL)
            fail_msg("case %zu: message \"%s\" lacks \"%s\"", i, err.msg, cases[i].msg);
        if (strcmp(err.field, cases[i].field) != 0)
            fail_msg("case %zu: field \"%s\", wanted \"%s\"", i, err.field, cases[i].field);
        assert_int_equal(c->nlines, 0); /* nothing half-loaded */
        catalog_free(c);
    }
}

static void an_id_or_line_used_in_another_file_is_refused(void **state)
{
    (void)state;
    struct catalog *c = catalog_new();
    struct pace_error err = {0};
    const char *x = HEAD ITEM("x-a-1") TAIL;
    assert_int_equal(catalog_add_json(c, "x.json", x, strlen(x), &err), 0);
    /* line "x-a" may not reuse x.json's id "x-a-1" */
    const char *xa = "{\"format\":1,\"line\":\"x-a\",\"name\":\"XA\",\"source\":\"s\",\"items\":["
                     ITEM("x-a-1") TAIL;
    assert_int_equal(catalog_add_json(c, "xa.json", xa, strlen(xa), &err), PACE_EINVAL);
    assert_non_null(strstr(err.msg, "xa.json: items[0] (x-a-1): id: \"x-a-1\" is used twice"));
    /* nor may a second file bring line "x" again */
    assert_int_equal(catalog_add_json(c, "x2.json", x, strlen(x), &err), PACE_EINVAL);
    assert_non_null(strstr(err.msg, "x2.json: line: line: \"x\" is already loaded"));
    assert_int_equal(c->nlines, 1);
    catalog_free(c);
}

static void words_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k < KIND_COUNT; k++)
        assert_int_equal(catalog_kind_parse(catalog_kind_name((enum catalog_kind)k)), k);
    for (int m = 0; m < MATERIAL_COUNT; m++)
        assert_int_equal(material_parse(material_name((enum material)m)), m);
    for (int s = 0; s < SHAPE_COUNT; s++)
        assert_int_equal(shape_parse(shape_name((enum shape)s)), s);
    assert_int_equal(material_parse("wood"), -1);
    assert_int_equal(material_parse(NULL), -1);
    assert_false(material_is_glass(MATERIAL_SILICONE));
    assert_true(material_is_glass(MATERIAL_GLASS));
}

static void an_item_becomes_the_apis_json(void **state)
{
    (void)state;
    struct catalog *c = builtin();
    json_t *j = catalog_item_json(catalog_find(c, "milli-adjustable"));
    assert_string_equal(json_string_value(json_object_get(j, "kind")), "adjustable");
    assert_int_equal(json_integer_value(json_object_get(j, "diameter_min_mm")), 15);
    assert_int_equal(json_integer_value(json_object_get(j, "diameter_max_mm")), 40);
    assert_true(json_is_null(json_object_get(j, "length_mm")));
    json_decref(j);
    j = catalog_line_json(catalog_line_find(c, "fms"), true);
    assert_int_equal(json_array_size(json_object_get(j, "items")), 30);
    json_t *first = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(first, "id")), "fms-14");
    assert_true(json_is_true(json_object_get(first, "is_glass")));
    assert_true(json_is_true(json_object_get(first, "assumed")));
    json_decref(j);
    catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_data_file_loads),
        cmocka_unit_test(the_compiled_in_catalogs_are_the_data_files),
        cmocka_unit_test(ids_are_unique_across_lines),
        cmocka_unit_test(fms_has_27_dilator_sizes_from_14_mm),
        cmocka_unit_test(the_other_lines_hold_the_published_sizes),
        cmocka_unit_test(a_well_formed_template_loads),
        cmocka_unit_test(each_malformed_file_names_the_file_entry_and_field),
        cmocka_unit_test(an_id_or_line_used_in_another_file_is_refused),
        cmocka_unit_test(words_round_trip),
        cmocka_unit_test(an_item_becomes_the_apis_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
