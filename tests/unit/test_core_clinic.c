/*
 * test_core_clinic.c - the clinician's workspace, pure (core/clinic.h,
 * core/intake.h, core/fhir_clinic.h): grades and their words, exam notes'
 * checks, plan changes within the engine's bounds (a safety stop only
 * stricter), a caseload row's numbers and flags, the intake's strict JSON,
 * and the FHIR bundle.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/clinic.h"
#include "core/fhir_clinic.h"
#include "core/i18n.h"
#include "core/intake.h"
#include "core/util.h"

#include <string.h>

#define NOW INT64_C(1796223600) /* Wed 2026-12-02 15:00 UTC */
#define DAY INT64_C(86400)

static void grades_have_names_definitions_and_plain_words(void **state)
{
    (void)state;
    i18n_set_lang(LANG_EN);
    assert_string_equal(clinic_grade_name(1), "Lamont 1");
    assert_string_equal(clinic_grade_name(5), "Pacik 5");
    assert_string_equal(clinic_grade_code(2), "lamont-2");
    assert_null(clinic_grade_name(0));
    assert_null(clinic_grade_name(6));
    for (int g = 1; g <= 5; g++) {
        assert_true(strlen(clinic_grade_definition(g)) > 20);
        assert_non_null(clinic_grade_source(g));
        /* her words carry no grading terms */
        assert_null(strstr(clinic_grade_plain(g), "Lamont"));
        assert_null(strstr(clinic_grade_plain(g), "Pacik"));
        assert_null(strstr(clinic_grade_plain(g), "spasm"));
    }
}

static void an_exam_note_needs_a_real_past_day_and_a_grade(void **state)
{
    (void)state;
    struct exam_note n;
    clinic_exam_init(&n);
    struct pace_error err = {0};
    snprintf(n.date, sizeof n.date, "2026-12-02");
    n.grade = 2;
    assert_int_equal(clinic_exam_check(&n, NOW, 0, &err), 0);
    n.grade = 6;
    assert_int_equal(clinic_exam_check(&n, NOW, 0, &err), PACE_EINVAL);
    assert_string_equal(err.field, "grade");
    n.grade = 0;
    assert_int_equal(clinic_exam_check(&n, NOW, 0, &err), PACE_EINVAL);
    n.grade = 3;
    snprintf(n.date, sizeof n.date, "2026-12-03"); /* tomorrow in UTC */
    assert_int_equal(clinic_exam_check(&n, NOW, 0, &err), PACE_EINVAL);
    assert_string_equal(err.field, "date");
    assert_int_equal(clinic_exam_check(&n, NOW, 14 * 60, &err), 0); /* today in Kiritimati */
    snprintf(n.date, sizeof n.date, "2026-02-30");
    assert_int_equal(clinic_exam_check(&n, NOW, 0, &err), PACE_EINVAL);
    snprintf(n.date, sizeof n.date, "2026-11-30");
    n.findings = xstrdup("tab\there");
    assert_int_equal(clinic_exam_check(&n, NOW, 0, &err), PACE_EINVAL);
    assert_string_equal(err.field, "findings");
    clinic_exam_clear(&n);
    json_t *j = json_pack("{s:s, s:i, s:s}", "date", "2026-11-30", "grade", 4, "findings", "ok");
    assert_int_equal(clinic_exam_from_json(j, NOW, &n, &err), 0);
    assert_int_equal(n.grade, 4);
    json_decref(j);
    j = json_pack("{s:s, s:i, s:s}", "date", "2026-11-30", "grade", 4, "extra", "x");
    assert_int_equal(clinic_exam_from_json(j, NOW, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "extra");
    json_decref(j);
    clinic_exam_clear(&n);
}

static void a_change_stays_within_bounds_and_never_loosens_a_safety_stop(void **state)
{
    (void)state;
    struct plan_library *lib;
    struct pace_error err = {0};
    assert_int_equal(plan_library_load_builtin(&lib, &err), 0);
    struct plan_choice cur;
    plan_choice_default(lib, NOW - 30 * DAY, &cur);
    struct plan_change ch;
    memset(&ch, 0, sizeof ch);
    snprintf(ch.reason, sizeof ch.reason, "a little longer");
    ch.set[P_MINUTES] = true;
    ch.v[P_MINUTES] = 25;
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), 0);
    struct plan_choice next;
    clinic_change_apply(&ch, &cur, NOW, &next);
    assert_true(next.set[P_MINUTES]);
    assert_int_equal(next.v[P_MINUTES], 25);
    /* outside the engine's bounds */
    ch.v[P_MINUTES] = engine_params[P_MINUTES].max + 1;
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "params.minutes");
    /* a safety stop: stricter yes, looser never */
    memset(ch.set, 0, sizeof ch.set);
    ch.set[P_CLINICIAN_PAIN] = true;
    ch.v[P_CLINICIAN_PAIN] = 9; /* past the stop's ceiling */
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "params.clinician_pain");
    ch.v[P_CLINICIAN_PAIN] = 7;
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), 0);
    cur.set[P_CLINICIAN_PAIN] = true; /* she made hers stricter herself */
    cur.v[P_CLINICIAN_PAIN] = 6;
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), PACE_EINVAL);
    assert_non_null(strstr(err.msg, "stricter"));
    ch.v[P_CLINICIAN_PAIN] = 5;
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), 0);
    /* no reason, or no change at all */
    ch.reason[0] = '\0';
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "reason");
    memset(&ch, 0, sizeof ch);
    snprintf(ch.reason, sizeof ch.reason, "r");
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), PACE_EINVAL);
    /* an unknown program */
    snprintf(ch.program_id, sizeof ch.program_id, "nonesuch");
    assert_int_equal(clinic_change_check(lib, &ch, &cur, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "program");
    /* strict JSON */
    json_t *j = json_pack("{s:{s:i}, s:s}", "params", "nonesuch", 3, "reason", "r");
    assert_int_equal(clinic_change_from_json(j, &ch, &err), PACE_EINVAL);
    assert_string_equal(err.field, "params.nonesuch");
    json_decref(j);
    plan_library_free(lib);
}

static struct practice session_at(int64_t t, double mm, int fear, int pain, unsigned safety,
                                  enum outcome o)
{
    struct practice p;
    practice_init(&p);
    p.started_at = t;
    p.diameter_mm = mm;
    p.before = (struct scores){true, fear, 2, 1};
    p.after = (struct scores){true, fear, 2, pain};
    p.max_pain = pain;
    p.safety = safety;
    p.outcome = o;
    return p;
}

static void a_caseload_row_has_trends_and_flags(void **state)
{
    (void)state;
    /* newest first: pain 9 yesterday, sizes 18 now and 14 five weeks ago */
    struct practice s[4] = {
        session_at(NOW - 1 * DAY, 18, 2, 9, 0, OUTCOME_STOPPED),
        session_at(NOW - 3 * DAY, 18, 2, 2, 0, OUTCOME_COMPLETED),
        session_at(NOW - 25 * DAY, 16, 7, 6, 0, OUTCOME_COMPLETED),
        session_at(NOW - 35 * DAY, 14, 8, 6, 0, OUTCOME_COMPLETED),
    };
    struct caseload_stats st;
    caseload_stats_compute(s, 4, NOW, &st);
    assert_int_equal(st.last_practice, NOW - DAY);
    assert_true(st.size_now_mm == 18 && st.size_then_mm == 14);
    assert_true(st.flags & FLAG_SEVERE_PAIN);
    assert_false(st.flags & (FLAG_IDLE | FLAG_SAFETY));
    assert_int_equal(caseload_trend(st.fear_then, st.fear_now, CASELOAD_TREND_POINTS), -1);
    /* a "not today" for bleeding; nothing practised for 20 days */
    struct practice t[2] = {
        session_at(NOW - 2 * DAY, 0, 3, 0, SAFETY_BLEEDING, OUTCOME_NOT_TODAY),
        session_at(NOW - 20 * DAY, 16, 3, 1, 0, OUTCOME_COMPLETED),
    };
    caseload_stats_compute(t, 2, NOW, &st);
    assert_true(st.flags & FLAG_SAFETY);
    assert_true(st.flags & FLAG_IDLE);
    caseload_stats_compute(NULL, 0, NOW, &st);
    assert_true(st.flags & FLAG_IDLE);
    assert_true(st.fear_now < 0);
    /* sorting: safety and pain before idle before an ending grant */
    assert_true(caseload_urgency(FLAG_SAFETY) > caseload_urgency(FLAG_SEE_CLINICIAN));
    assert_true(caseload_urgency(FLAG_SEE_CLINICIAN) > caseload_urgency(FLAG_IDLE));
    assert_true(caseload_urgency(FLAG_IDLE) > caseload_urgency(FLAG_ENDING));
    assert_int_equal(caseload_trend(-1, 5, 2), 0);
    assert_int_equal(caseload_trend(3, 5, 2), 1);
    assert_int_equal(caseload_trend(3, 4, 2), 0);
}

static void the_intake_reads_strictly_and_round_trips(void **state)
{
    (void)state;
    json_t *j = json_pack("{s:s, s:[s, s], s:s, s:s}", "onset", "after", "hard", "tampon", "exam",
                          "checked", "no", "goals", "a calm exam");
    struct intake in;
    struct pace_error err = {0};
    assert_int_equal(intake_from_json(j, &in, &err), 0);
    json_decref(j);
    assert_int_equal(in.onset, ONSET_AFTER);
    assert_int_equal(in.hard, (1u << SIT_TAMPON) | (1u << SIT_EXAM));
    assert_true(intake_suggest_check(&in));
    assert_false(intake_empty(&in));
    json_t *back = intake_to_json(&in);
    struct intake again;
    assert_int_equal(intake_from_json(back, &again, &err), 0);
    json_decref(back);
    assert_memory_equal(&in, &again, sizeof in);
    static const char *const bad[] = {"{\"onset\": \"sometimes\"}", "{\"hard\": [\"swimming\"]}",
                                      "{\"checked\": true}",        "{\"goals\": 3}",
                                      "{\"mood\": \"x\"}",          "[]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *b = json_loads(bad[i], 0, NULL);
        assert_int_equal(intake_from_json(b, &in, &err), PACE_EINVAL);
        json_decref(b);
    }
    memset(&in, 0, sizeof in);
    assert_true(intake_empty(&in));
    memset(in.goals, 'x', INTAKE_TEXT_MAX + 1);
    assert_int_equal(intake_check(&in, &err), PACE_EINVAL);
    assert_string_equal(err.field, "goals");
}

static void the_fhir_bundle_holds_the_questionnaire_its_response_and_observations(void **state)
{
    (void)state;
    struct exam_note n;
    clinic_exam_init(&n);
    snprintf(n.public_id, sizeof n.public_id, "00000000-0000-4000-8000-000000000001");
    snprintf(n.date, sizeof n.date, "2026-11-30");
    n.grade = 2;
    n.findings = xstrdup("tone");
    struct intake in;
    memset(&in, 0, sizeof in);
    in.checked = CHECKED_YES;
    in.hard = 1u << SIT_DILATOR;
    json_t *b = fhir_clinic_bundle("Patient/x", &n, 1, &in, NOW);
    json_t *e = json_object_get(b, "entry");
    assert_int_equal(json_array_size(e), 3);
    json_t *q = json_object_get(json_array_get(e, 0), "resource");
    json_t *qr = json_object_get(json_array_get(e, 1), "resource");
    json_t *o = json_object_get(json_array_get(e, 2), "resource");
    assert_string_equal(json_string_value(json_object_get(q, "url")),
                        json_string_value(json_object_get(qr, "questionnaire")));
    assert_int_equal(json_integer_value(json_object_get(o, "valueInteger")), 2);
    assert_string_equal(json_string_value(json_object_get(o, "effectiveDateTime")), "2026-11-30");
    json_decref(b);
    clinic_exam_clear(&n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grades_have_names_definitions_and_plain_words),
        cmocka_unit_test(an_exam_note_needs_a_real_past_day_and_a_grade),
        cmocka_unit_test(a_change_stays_within_bounds_and_never_loosens_a_safety_stop),
        cmocka_unit_test(a_caseload_row_has_trends_and_flags),
        cmocka_unit_test(the_intake_reads_strictly_and_round_trips),
        cmocka_unit_test(the_fhir_bundle_holds_the_questionnaire_its_response_and_observations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
