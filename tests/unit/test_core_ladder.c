/*
 * test_core_ladder.c - the comfort ladder in core (core/ladder.h): its six
 * items and their names, strict validation from the API's JSON and from
 * the /ladder form with the field at fault, the JSON it gives back, and
 * when a new entry is due; and the exam plan's choice of a dilator to
 * bring (core/exam.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/exam.h"
#include "core/ladder.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static json_t *parse(const char *s)
{
    json_error_t e;
    json_t *j = json_loads(s, 0, &e);
    if (j == NULL)
        fail_msg("test JSON does not parse: %s", e.text);
    return j;
}

/* ladder_from_json on text; returns the error code, fills e and err. */
static int from(const char *text, struct ladder_entry *e, struct pace_error *err)
{
    json_t *j = parse(text);
    pace_error_clear(err);
    int rc = ladder_from_json(j, e, err);
    json_decref(j);
    return rc;
}

static void items_have_names_in_chart_order(void **state)
{
    (void)state;
    static const char *const want[] = {"tampon", "cotton_swab", "finger",
                                       "gyn_exam", "dilator", "intercourse"};
    assert_int_equal(LADDER_COUNT, 6);
    for (int i = 0; i < LADDER_COUNT; i++) {
        assert_string_equal(ladder_item_name((enum ladder_item)i), want[i]);
        assert_int_equal(ladder_item_parse(want[i]), i);
        assert_non_null(ladder_item_label((enum ladder_item)i));
    }
    assert_null(ladder_item_name(LADDER_COUNT));
    assert_null(ladder_item_label((enum ladder_item)-1));
    assert_int_equal(ladder_item_parse("Finger"), -1);
    assert_int_equal(ladder_item_parse(""), -1);
    assert_int_equal(ladder_item_parse(NULL), -1);
}

static void a_full_entry_round_trips(void **state)
{
    (void)state;
    struct ladder_entry e;
    struct pace_error err;
    assert_int_equal(from("{\"items\": {\"tampon\": {\"anxiety\": 2, \"pain\": 1},"
                          " \"finger\": {\"anxiety\": 0, \"pain\": 0, \"not_tried\": false},"
                          " \"intercourse\": {\"anxiety\": 10, \"not_tried\": true},"
                          " \"gyn_exam\": {\"not_tried\": true}}}",
                          &e, &err),
                     0);
    assert_int_equal(e.a[LADDER_TAMPON].anxiety, 2);
    assert_int_equal(e.a[LADDER_TAMPON].pain, 1);
    assert_false(e.a[LADDER_TAMPON].not_tried);
    assert_int_equal(e.a[LADDER_FINGER].pain, 0);
    assert_int_equal(e.a[LADDER_INTERCOURSE].anxiety, 10);
    assert_int_equal(e.a[LADDER_INTERCOURSE].pain, -1);
    assert_true(e.a[LADDER_INTERCOURSE].not_tried);
    assert_true(e.a[LADDER_GYN_EXAM].not_tried);
    assert_int_equal(e.a[LADDER_GYN_EXAM].anxiety, -1);
    /* left out: skipped */
    assert_false(ladder_answer_given(&e.a[LADDER_COTTON_SWAB]));
    assert_false(ladder_answer_given(&e.a[LADDER_DILATOR]));
    assert_int_equal(ladder_answered(&e), 4);

    e.id = 7;
    e.taken_at = 1767225600; /* 2026-01-01T00:00:00Z */
    json_t *j = ladder_entry_json(&e);
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    assert_non_null(strstr(text, "\"id\":7"));
    assert_non_null(strstr(text, "\"taken_at\":\"2026-01-01T00:00:00Z\""));
    assert_non_null(strstr(text, "\"cotton_swab\":{\"anxiety\":null,\"not_tried\":false,"
                                 "\"pain\":null}"));
    assert_non_null(strstr(text, "\"intercourse\":{\"anxiety\":10,\"not_tried\":true,"
                                 "\"pain\":null}"));
    free(text);
    /* what is stored reads back the same */
    struct ladder_entry back;
    assert_int_equal(ladder_items_from_json(json_object_get(j, "items"), &back, &err), 0);
    assert_memory_equal(back.a, e.a, sizeof e.a);
    json_decref(j);
}

static void bad_json_names_the_field(void **state)
{
    (void)state;
    static const struct {
        const char *body;
        const char *field;
    } cases[] = {
        {"{\"items\": {\"finger\": {\"pain\": 11}}}", "items.finger.pain"},
        {"{\"items\": {\"finger\": {\"pain\": -1}}}", "items.finger.pain"},
        {"{\"items\": {\"finger\": {\"pain\": 2.5}}}", "items.finger.pain"},
        {"{\"items\": {\"finger\": {\"pain\": \"3\"}}}", "items.finger.pain"},
        {"{\"items\": {\"tampon\": {\"anxiety\": 12}}}", "items.tampon.anxiety"},
        {"{\"items\": {\"tampon\": {\"anxiety\": true}}}", "items.tampon.anxiety"},
        {"{\"items\": {\"dilator\": {\"not_tried\": \"yes\"}}}", "items.dilator.not_tried"},
        {"{\"items\": {\"dilator\": {\"not_tried\": true, \"pain\": 0}}}", "items.dilator.pain"},
        {"{\"items\": {\"dilator\": {\"fear\": 2}}}", "items.dilator.fear"},
        {"{\"items\": {\"dilator\": 3}}", "items.dilator"},
        {"{\"items\": {\"tongue\": {\"pain\": 1}}}", "items.tongue"},
        {"{\"items\": {}}", "items"},
        {"{\"items\": {\"finger\": {}, \"tampon\": null}}", "items"},
        {"{\"items\": []}", "items"},
        {"{}", "items"},
        {"{\"items\": {\"finger\": {\"pain\": 1}}, \"taken_at\": 5}", "taken_at"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct ladder_entry e;
        struct pace_error err;
        int rc = from(cases[i].body, &e, &err);
        if (rc != PACE_EINVAL || strcmp(err.field, cases[i].field) != 0)
            fail_msg("%s: rc %d field \"%s\" (want \"%s\")", cases[i].body, rc, err.field,
                     cases[i].field);
        if (strlen(err.msg) < 10)
            fail_msg("%s: no sentence for a human", cases[i].body);
    }
    struct ladder_entry e;
    struct pace_error err = {0};
    json_t *arr = json_array();
    assert_int_equal(ladder_from_json(arr, &e, &err), PACE_EINVAL);
    json_decref(arr);
}

static void form_text_is_read_strictly(void **state)
{
    (void)state;
    const char *anx[LADDER_COUNT] = {"3", NULL, "", "10", "0", "7"};
    const char *pain[LADDER_COUNT] = {"2", NULL, "", "not_tried", "0", "not_tried"};
    struct ladder_entry e;
    struct pace_error err = {0};
    assert_int_equal(ladder_from_text(anx, pain, &e, &err), 0);
    assert_int_equal(e.a[LADDER_TAMPON].anxiety, 3);
    assert_int_equal(e.a[LADDER_TAMPON].pain, 2);
    assert_false(ladder_answer_given(&e.a[LADDER_COTTON_SWAB]));
    assert_false(ladder_answer_given(&e.a[LADDER_FINGER]));
    assert_true(e.a[LADDER_GYN_EXAM].not_tried);
    assert_int_equal(e.a[LADDER_GYN_EXAM].pain, -1);
    assert_int_equal(e.a[LADDER_DILATOR].pain, 0);

    static const struct {
        const char *a, *p, *field;
    } bad[] = {
        {"11", "", "items.finger.anxiety"}, {"-1", "", "items.finger.anxiety"},
        {"03", "", "items.finger.anxiety"}, {"3 ", "", "items.finger.anxiety"},
        {"", "ten", "items.finger.pain"},   {"", "not tried", "items.finger.pain"},
        {"", "1.5", "items.finger.pain"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *a[LADDER_COUNT] = {0}, *p[LADDER_COUNT] = {0};
        a[LADDER_FINGER] = bad[i].a;
        p[LADDER_FINGER] = bad[i].p;
        pace_error_clear(&err);
        if (ladder_from_text(a, p, &e, &err) != PACE_EINVAL ||
            strcmp(err.field, bad[i].field) != 0)
            fail_msg("\"%s\"/\"%s\": field \"%s\"", bad[i].a, bad[i].p, err.field);
    }
    const char *none[LADDER_COUNT] = {0};
    pace_error_clear(&err);
    assert_int_equal(ladder_from_text(none, none, &e, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items");
}

static void due_monthly_from_the_last_entry(void **state)
{
    (void)state;
    const int64_t t = 1767225600;
    assert_true(ladder_due(0, t));                        /* none yet: take it at the start */
    assert_int_equal(ladder_next_due(0), 0);
    assert_false(ladder_due(t, t));                       /* just taken */
    assert_false(ladder_due(t, t + 29 * DAY));
    assert_false(ladder_due(t, t + 30 * DAY - 1));
    assert_true(ladder_due(t, t + 30 * DAY));             /* 30 days: offered again */
    assert_true(ladder_due(t, t + 400 * DAY));
    assert_int_equal(ladder_next_due(t), t + 30 * DAY);
    assert_int_equal(LADDER_DUE_DAYS, 30);
}

static void validate_catches_records_built_in_code(void **state)
{
    (void)state;
    struct ladder_entry e;
    struct pace_error err = {0};
    ladder_entry_init(&e);
    e.a[LADDER_DILATOR].pain = 11;
    assert_int_equal(ladder_validate(&e, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items.dilator.pain");
    ladder_entry_init(&e);
    e.a[LADDER_TAMPON].anxiety = -2;
    assert_int_equal(ladder_validate(&e, &err), PACE_EINVAL);
    assert_string_equal(err.field, "items.tampon.anxiety");
    ladder_entry_init(&e);
    e.a[LADDER_TAMPON].not_tried = true;
    assert_int_equal(ladder_validate(&e, &err), 0);
}

/* ---- the exam plan's dilator -------------------------------------------- */

static struct practice session(const char *dilator, double mm, enum outcome o, int max_pain,
                               int after_pain)
{
    struct practice p;
    practice_init(&p);
    snprintf(p.dilator_id, sizeof p.dilator_id, "%s", dilator);
    p.diameter_mm = mm;
    p.outcome = o;
    p.max_pain = max_pain;
    if (after_pain >= 0) {
        p.after.set = true;
        p.after.pain = after_pain;
    }
    return p;
}

static void bring_the_recent_comfortable_size(void **state)
{
    (void)state;
    struct kit_entry kit[3];
    memset(kit, 0, sizeof kit);
    snprintf(kit[0].id, sizeof kit[0].id, "fms-16");
    kit[0].diameter_mm = 16;
    kit[0].kind = KIND_STENT;
    snprintf(kit[1].id, sizeof kit[1].id, "fms-17");
    kit[1].diameter_mm = 17;
    snprintf(kit[2].id, sizeof kit[2].id, "fms-19");
    kit[2].diameter_mm = 19;
    /* newest first: stopped, then too painful, then after-pain too high,
     * then no pain score, then the comfortable one, then an older one */
    struct practice s[6] = {
        session("fms-19", 19, OUTCOME_STOPPED, 1, 1),
        session("fms-19", 19, OUTCOME_COMPLETED, 5, 2),
        session("fms-19", 19, OUTCOME_COMPLETED, 2, 4),
        session("fms-19", 19, OUTCOME_COMPLETED, -1, -1),
        session("fms-18", 18, OUTCOME_COMPLETED, 3, 1),
        session("fms-19", 19, OUTCOME_COMPLETED, 0, 0),
    };
    struct exam_bring b;
    exam_pick_bring(s, 6, kit, 3, 3, &b);
    assert_int_equal(b.source, EXAM_BRING_SESSION);
    assert_string_equal(b.dilator_id, "fms-18");
    assert_true(b.diameter_mm == 18);
    assert_null(b.entry); /* no longer in her kit: said by size alone */
    assert_ptr_equal(b.session, &s[4]);
    assert_int_equal(b.pain, 3);
    assert_string_equal(exam_bring_source_name(b.source), "recent_session");

    exam_pick_bring(s, 6, kit, 3, 0, &b); /* a stricter ceiling finds the older one */
    assert_ptr_equal(b.session, &s[5]);
    assert_ptr_equal(b.entry, &kit[2]);

    /* nothing comfortable yet: the smallest dilator, not the stent */
    exam_pick_bring(s, 4, kit, 3, 3, &b);
    assert_int_equal(b.source, EXAM_BRING_SMALLEST);
    assert_ptr_equal(b.entry, &kit[1]);
    assert_string_equal(exam_bring_source_name(b.source), "smallest_in_kit");

    exam_pick_bring(NULL, 0, kit, 1, 3, &b); /* only a stent */
    assert_int_equal(b.source, EXAM_BRING_NONE);
    assert_string_equal(exam_bring_source_name(b.source), "none");
}

static void the_requests_are_all_there(void **state)
{
    (void)state;
    static const char *const keys[] = {"slow",  "explain",   "mirror",
                                       "guide", "stop_word", "small_speculum"};
    assert_int_equal(EXAM_REQUEST_COUNT, sizeof keys / sizeof keys[0]);
    for (int i = 0; i < EXAM_REQUEST_COUNT; i++) {
        assert_string_equal(exam_request_key((enum exam_request)i), keys[i]);
        assert_true(strlen(exam_request_text((enum exam_request)i)) > 20);
    }
    assert_null(exam_request_key(EXAM_REQUEST_COUNT));
    assert_non_null(strstr(exam_request_text(EXAM_STOP_WORD), "stop word"));
    assert_non_null(strstr(exam_request_text(EXAM_MIRROR), "mirror"));
    assert_int_equal(EXAM_SPECULUM_SMALL_MM, 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(items_have_names_in_chart_order),
        cmocka_unit_test(a_full_entry_round_trips),
        cmocka_unit_test(bad_json_names_the_field),
        cmocka_unit_test(form_text_is_read_strictly),
        cmocka_unit_test(due_monthly_from_the_last_entry),
        cmocka_unit_test(validate_catches_records_built_in_code),
        cmocka_unit_test(bring_the_recent_comfortable_size),
        cmocka_unit_test(the_requests_are_all_there),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
