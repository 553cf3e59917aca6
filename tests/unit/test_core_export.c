/*
 * test_core_export.c - her data as a whole in core (core/export.h): the
 * JSON document's shape and its strict reading back with the path of the
 * first problem, CSV quoting and the formula guard, and the FHIR mapping
 * of scores and comfort-ladder entries.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/export.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOW 1795000000 /* 2026-11-18 */
#define DAY 86400

static struct catalog *cat;
static struct plan_library *lib;

static int setup(void **state)
{
    (void)state;
    struct pace_error err = {0};
    if (catalog_load_builtin(&cat, &err) != 0 || plan_library_load_builtin(&lib, &err) != 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    catalog_free(cat);
    plan_library_free(lib);
    return 0;
}

/* A document with one of everything. */
static void sample(struct export_doc *d)
{
    export_doc_init(d);
    snprintf(d->email, sizeof d->email, "she@example.org");
    d->lang = LANG_DE;
    d->created_at = NOW - 90 * DAY;
    d->about = xstrdup("about me");
    d->customs = xcalloc(1, sizeof *d->customs);
    d->ncustom = 1;
    d->customs[0] = (struct custom_item){.id = 7, .kind = KIND_DILATOR, .diameter_mm = 23,
                                         .material = MATERIAL_SILICONE,
                                         .created_at = NOW - 80 * DAY};
    snprintf(d->customs[0].label, sizeof d->customs[0].label, "Blue");
    d->kit = xcalloc(2, sizeof *d->kit);
    d->nkit = 2;
    snprintf(d->kit[0].s, sizeof d->kit[0].s, "fms-16");
    snprintf(d->kit[1].s, sizeof d->kit[1].s, "custom-7");
    d->has_program = true;
    plan_choice_default(lib, NOW - 30 * DAY, &d->program);
    d->sessions = xcalloc(2, sizeof *d->sessions);
    d->nsessions = 2;
    struct practice *p = &d->sessions[0];
    practice_init(p);
    snprintf(p->id, sizeof p->id, "0a1b2c3d-0000-4000-8000-00000000000a");
    p->started_at = NOW - DAY;
    p->duration_s = 600;
    snprintf(p->dilator_id, sizeof p->dilator_id, "custom-7");
    p->diameter_mm = 23;
    p->before = (struct scores){.set = true, .fear = 4, .tension = 5, .pain = 3};
    p->after = (struct scores){.set = true, .fear = 1, .tension = 2, .pain = 0};
    p->note = xstrdup("=1+1, \"quoted\"\nline");
    p = &d->sessions[1];
    practice_init(p);
    snprintf(p->id, sizeof p->id, "0a1b2c3d-0000-4000-8000-00000000000b");
    p->started_at = NOW - 2 * DAY;
    p->duration_s = 0;
    p->outcome = OUTCOME_NOT_TODAY;
    p->safety = SAFETY_BLEEDING;
    d->ladder = xcalloc(1, sizeof *d->ladder);
    d->nladder = 1;
    ladder_entry_init(&d->ladder[0]);
    d->ladder[0].taken_at = NOW - 3 * DAY;
    d->ladder[0].a[LADDER_FINGER] = (struct ladder_answer){.anxiety = 3, .pain = 2};
    d->ladder[0].a[LADDER_INTERCOURSE] =
        (struct ladder_answer){.anxiety = 8, .pain = -1, .not_tried = true};
    d->has_reminder = true;
    d->reminder = (struct reminder){.days = 0x9, .minute = 19 * 60 + 5};
    snprintf(d->reminder.title, sizeof d->reminder.title, "Yoga");
}

static json_t *sample_json(void)
{
    struct export_doc d;
    sample(&d);
    json_t *j = export_to_json(&d, NOW);
    export_doc_free(&d);
    return j;
}

static void json_has_every_part(void **state)
{
    (void)state;
    json_t *j = sample_json();
    assert_string_equal(json_string_value(json_object_get(j, "format")), "pace-export");
    assert_int_equal(json_integer_value(json_object_get(j, "format_version")), 1);
    assert_string_equal(json_string_value(json_object_get(j, "exported_at")),
                        "2026-11-18T11:06:40Z");
    json_t *acct = json_object_get(j, "account");
    assert_string_equal(json_string_value(json_object_get(acct, "language")), "de");
    assert_string_equal(json_string_value(json_object_get(acct, "about")), "about me");
    json_t *kit = json_object_get(j, "kit");
    assert_int_equal(json_array_size(json_object_get(kit, "items")), 2);
    json_t *c0 = json_array_get(json_object_get(kit, "custom_items"), 0);
    assert_string_equal(json_string_value(json_object_get(c0, "id")), "custom-7");
    assert_true(json_is_null(json_object_get(c0, "length_mm")));
    json_t *s0 = json_array_get(json_object_get(j, "sessions"), 0);
    assert_string_equal(json_string_value(json_object_get(s0, "id")),
                        "0a1b2c3d-0000-4000-8000-00000000000a");
    json_t *l0 = json_array_get(json_object_get(j, "ladder"), 0);
    assert_null(json_object_get(l0, "id")); /* row ids are not exported */
    json_t *rem = json_object_get(j, "reminders");
    assert_string_equal(json_string_value(json_object_get(rem, "time")), "19:05");
    assert_int_equal(json_array_size(json_object_get(rem, "days")), 2);
    assert_string_equal(json_string_value(json_array_get(json_object_get(rem, "days"), 1)),
                        "thu");
    assert_non_null(json_object_get(json_object_get(j, "program"), "started_at"));
    json_decref(j);
}

static void json_reads_back_the_same(void **state)
{
    (void)state;
    json_t *j = sample_json();
    struct export_doc d;
    struct pace_error err = {0};
    int rc = export_from_json(j, cat, lib, NOW, &d, &err);
    if (rc != 0)
        fail_msg("%s: %s", err.field, err.msg);
    json_t *again = export_to_json(&d, NOW);
    assert_true(json_equal(j, again));
    assert_int_equal(d.nsessions, 2);
    assert_string_equal(d.sessions[0].note, "=1+1, \"quoted\"\nline");
    export_doc_free(&d);
    json_decref(again);
    json_decref(j);
}

/* Changes j at a path given as JSON Pointer-ish steps, then expects the
 * reader to fail naming field. */
static void expect_field(json_t *j, const char *field)
{
    struct export_doc d;
    struct pace_error err = {0};
    int rc = export_from_json(j, cat, lib, NOW, &d, &err);
    if (rc == 0)
        fail_msg("expected %s to be refused", field);
    assert_int_equal(rc, PACE_EINVAL);
    assert_string_equal(err.field, field);
    assert_true(strlen(err.msg) > 10);
    assert_int_equal(d.nsessions, 0); /* freed on failure */
    json_decref(j);
}

static json_t *session_n(json_t *j, size_t i)
{
    return json_array_get(json_object_get(j, "sessions"), i);
}

static void reading_names_the_first_problem(void **state)
{
    (void)state;
    json_t *j = sample_json();
    json_object_set_new(j, "format_version", json_integer(2));
    expect_field(j, "format_version");

    j = sample_json();
    json_object_set_new(j, "format_version", json_string("1"));
    expect_field(j, "format_version");

    j = sample_json();
    json_object_set_new(j, "surprise", json_true());
    expect_field(j, "surprise");

    j = sample_json();
    json_object_set_new(json_object_get(session_n(j, 0), "after"), "pain", json_integer(11));
    expect_field(j, "sessions[0].after.pain");

    j = sample_json();
    json_object_set_new(session_n(j, 0), "dilator_id", json_string("custom-99"));
    expect_field(j, "sessions[0].dilator_id");

    j = sample_json();
    json_object_set_new(session_n(j, 0), "diameter_mm", json_real(40));
    expect_field(j, "sessions[0].diameter_mm");

    j = sample_json();
    json_object_set_new(session_n(j, 1), "id", json_string("0a1b2c3d-0000-4000-8000-00000000000a"));
    expect_field(j, "sessions[1].id");

    j = sample_json();
    json_object_set_new(session_n(j, 1), "extra", json_integer(1));
    expect_field(j, "sessions[1].extra");

    j = sample_json();
    json_array_append_new(json_object_get(json_object_get(j, "kit"), "items"),
                          json_string("fms-999"));
    expect_field(j, "kit.items[2]");

    j = sample_json();
    json_object_set_new(json_array_get(json_object_get(json_object_get(j, "kit"), "custom_items"),
                                       0),
                        "diameter_mm", json_integer(0));
    expect_field(j, "kit.custom_items[0].diameter_mm");

    j = sample_json();
    json_object_set_new(json_object_get(json_object_get(json_array_get(json_object_get(j, "ladder"),
                                                                       0),
                                                        "items"),
                                        "finger"),
                        "anxiety", json_integer(12));
    expect_field(j, "ladder[0].items.finger.anxiety");

    j = sample_json();
    json_object_set_new(json_object_get(j, "program"), "program", json_string("nope"));
    expect_field(j, "program.program");

    j = sample_json();
    json_object_set_new(json_object_get(j, "reminders"), "time", json_string("7pm"));
    expect_field(j, "reminders.time");

    j = sample_json();
    json_object_set_new(json_object_get(j, "account"), "created_at", json_integer(5));
    expect_field(j, "account.created_at");

    j = sample_json();
    json_object_set_new(j, "sessions", json_string("none"));
    expect_field(j, "sessions");

    j = json_array();
    expect_field(j, "");
}

static void csv_cells_are_quoted_and_guarded(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"", ""},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"two\nlines", "\"two\nlines\""},
        {"cr\rhere", "\"cr\rhere\""},
        {"=SUM(A1)", "\"'=SUM(A1)\""},
        {"+1", "\"'+1\""},
        {"-2", "\"'-2\""},
        {"@cmd", "\"'@cmd\""},
        {"\tx", "\"'\tx\""},
        {"a=b", "a=b"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b = {0};
        csv_cell(&b, cases[i].in);
        assert_string_equal(b.data ? b.data : "", cases[i].out);
        buf_free(&b);
    }
}

static void csv_has_a_header_and_a_row_per_session(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    struct buf b = {0};
    csv_sessions(d.sessions, d.nsessions, &b);
    assert_true(str_starts(b.data, "id,started_at,duration_s,dilator_id,"));
    assert_non_null(strstr(b.data, ",note\r\n0a1b2c3d-0000-4000-8000-00000000000a,"));
    assert_non_null(strstr(b.data, ",\"'=1+1, \"\"quoted\"\"\nline\"\r\n"));
    assert_non_null(strstr(b.data, ",4,5,3,1,2,0,"));
    assert_non_null(strstr(b.data, ",not_today,"));
    assert_true(str_starts(strstr(b.data, "bleeding"), "bleeding,\r\n"));
    buf_free(&b);
    export_doc_free(&d);
}

static json_t *find_resource(json_t *bundle, const char *id)
{
    json_t *e;
    size_t i;
    json_array_foreach(json_object_get(bundle, "entry"), i, e)
    {
        json_t *r = json_object_get(e, "resource");
        if (strcmp(json_string_value(json_object_get(r, "id")), id) == 0)
            return r;
    }
    return NULL;
}

static const char *code_of(json_t *obs, const char *key)
{
    return json_string_value(
        json_object_get(json_array_get(json_object_get(json_object_get(obs, "code"), "coding"), 0),
                        key));
}

static void fhir_maps_scores_and_the_ladder(void **state)
{
    (void)state;
    struct export_doc d;
    sample(&d);
    json_t *b = fhir_bundle(&d, "pace-abc", NOW);
    assert_string_equal(json_string_value(json_object_get(b, "resourceType")), "Bundle");
    assert_string_equal(json_string_value(json_object_get(b, "type")), "collection");
    /* Patient, 6 observations for the one session with scores, 1 response */
    assert_int_equal(json_array_size(json_object_get(b, "entry")), 8);
    json_t *pat = find_resource(b, "pace-abc");
    assert_non_null(pat);
    assert_null(json_object_get(pat, "telecom"));
    json_t *o = find_resource(b, "0a1b2c3d-0000-4000-8000-00000000000a-pain-before");
    assert_non_null(o);
    assert_string_equal(code_of(o, "system"), "http://loinc.org");
    assert_string_equal(code_of(o, "code"), "72514-3");
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 3);
    assert_string_equal(json_string_value(json_object_get(o, "effectiveDateTime")),
                        "2026-11-17T11:06:40Z");
    o = find_resource(b, "0a1b2c3d-0000-4000-8000-00000000000a-pain-after");
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 0);
    assert_string_equal(json_string_value(json_object_get(o, "effectiveDateTime")),
                        "2026-11-17T11:16:40Z");
    o = find_resource(b, "0a1b2c3d-0000-4000-8000-00000000000a-tension-before");
    assert_string_equal(code_of(o, "system"), FHIR_SCORES_SYSTEM);
    assert_string_equal(code_of(o, "code"), "tension");
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 5);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(o, "subject"), "reference")),
        "Patient/pace-abc");
    json_t *q = find_resource(b, "ladder-1794740800");
    assert_non_null(q);
    assert_string_equal(json_string_value(json_object_get(q, "status")), "completed");
    json_t *items = json_object_get(q, "item");
    assert_int_equal(json_array_size(items), 2); /* only the answered items */
    json_t *finger = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(finger, "linkId")), "finger");
    json_t *pain = json_array_get(json_object_get(finger, "item"), 1);
    assert_string_equal(json_string_value(json_object_get(pain, "linkId")), "finger.pain");
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(json_object_get(pain, "answer"), 0), "valueInteger")),
                     2);
    json_t *nt = json_array_get(json_object_get(json_array_get(items, 1), "item"), 1);
    assert_string_equal(json_string_value(json_object_get(nt, "linkId")),
                        "intercourse.not_tried");
    json_decref(b);
    export_doc_free(&d);
}

static void uuids_are_checked(void **state)
{
    (void)state;
    assert_true(export_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000A"));
    assert_false(export_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000"));
    assert_false(export_uuid_valid("0a1b2c3d00000-4000-8000-00000000000a"));
    assert_false(export_uuid_valid("0a1b2c3d-0000-4000-8000-00000000000g"));
    assert_false(export_uuid_valid(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_has_every_part),
        cmocka_unit_test(json_reads_back_the_same),
        cmocka_unit_test(reading_names_the_first_problem),
        cmocka_unit_test(csv_cells_are_quoted_and_guarded),
        cmocka_unit_test(csv_has_a_header_and_a_row_per_session),
        cmocka_unit_test(fhir_maps_scores_and_the_ladder),
        cmocka_unit_test(uuids_are_checked),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
