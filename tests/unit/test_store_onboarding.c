/*
 * test_store_onboarding.c - her first run, the cues of her timers, her own
 * words for an exam and the first time of things, in the store (the "Her
 * first run" section of store/store.h) and through the use cases of
 * app/onboarding.c: defaults before anything is saved, round trips, her
 * words sealed at rest and checked, each person's own, accounts made
 * before the first run counted as finished, and a stranger turned away.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/app.h"
#include "core/i18n.h"
#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <string.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC */
#define DAY INT64_C(86400)

struct fixture {
    char *dir;
    struct store *s;
    struct app_ctx ctx;
    int64_t ann, bea;
};

static int64_t add_user(struct store *s, const char *email)
{
    int64_t id = 0;
    struct pace_error err = {0};
    if (store_user_insert(s, email, "$argon2id$not-a-real-hash", ROLE_PATIENT, NOW - 30 * DAY, &id,
                          &err))
        fail_msg("inserting %s: %s", email, err.msg);
    return id;
}

static int setup(void **state)
{
    i18n_set_lang(LANG_EN);
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    f->ctx.store = f->s;
    f->ann = add_user(f->s, "ann@example.org");
    f->bea = add_user(f->s, "bea@example.org");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static void first_run_is_new_until_saved_and_each_persons_own(void **state)
{
    struct fixture *f = *state;
    struct onboarding o;
    assert_int_equal(store_onboarding_get(f->s, f->ann, &o, NULL), 0);
    assert_int_equal(o.state, ONBOARD_NEW);
    assert_int_equal(o.step, 1);
    assert_false(o.no_kit_yet);
    struct onboarding put = {.state = ONBOARD_STARTED, .step = 3, .no_kit_yet = true};
    assert_int_equal(store_onboarding_put(f->s, f->ann, &put, NOW, NULL), 0);
    assert_int_equal(store_onboarding_get(f->s, f->ann, &o, NULL), 0);
    assert_int_equal(o.state, ONBOARD_STARTED);
    assert_int_equal(o.step, 3);
    assert_true(o.no_kit_yet);
    put.state = ONBOARD_DONE;
    assert_int_equal(store_onboarding_put(f->s, f->ann, &put, NOW, NULL), 0);
    assert_int_equal(store_onboarding_get(f->s, f->ann, &o, NULL), 0);
    assert_int_equal(o.state, ONBOARD_DONE);
    /* Bea has her own. */
    assert_int_equal(store_onboarding_get(f->s, f->bea, &o, NULL), 0);
    assert_int_equal(o.state, ONBOARD_NEW);
    /* Nothing that is not a state or a step. */
    struct pace_error err = {0};
    put = (struct onboarding){.state = ONBOARD_NEW, .step = 1};
    assert_int_equal(store_onboarding_put(f->s, f->bea, &put, NOW, &err), PACE_EINVAL);
    put = (struct onboarding){.state = ONBOARD_DONE, .step = 4};
    assert_int_equal(store_onboarding_put(f->s, f->bea, &put, NOW, &err), PACE_EINVAL);
}

static void the_gate_lets_only_her_change_her_first_run(void **state)
{
    struct fixture *f = *state;
    struct principal ann = app_person(f->ann, ROLE_PATIENT, VIA_COOKIE, 1);
    struct principal bea = app_person(f->bea, ROLE_PATIENT, VIA_COOKIE, 2);
    struct onboarding o = {.state = ONBOARD_SKIPPED, .step = 1};
    assert_int_equal(app_onboarding_set(&f->ctx, &ann, f->ann, &o, NOW, NULL), 0);
    struct pace_error err = {0};
    assert_int_equal(app_onboarding_set(&f->ctx, &bea, f->ann, &o, NOW, &err), PACE_ENOTFOUND);
    assert_int_equal(app_onboarding_get(&f->ctx, &bea, f->ann, &o, &err), PACE_ENOTFOUND);
    struct cue_prefs c = {.sound = 1, .vibrate = 1, .voice = true};
    assert_int_equal(app_cues_set(&f->ctx, &bea, f->ann, &c, NOW, &err), PACE_ENOTFOUND);
    struct exam_words w = {0};
    assert_int_equal(app_exam_words_set(&f->ctx, &bea, f->ann, &w, NOW, &err), PACE_ENOTFOUND);
    struct store_firsts fi;
    assert_int_equal(app_firsts_get(&f->ctx, &bea, f->ann, &fi, &err), PACE_ENOTFOUND);
}

static void accounts_older_than_the_first_run_count_as_finished(void **state)
{
    struct fixture *f = *state;
    /* Her database as it was before migration 12, with Ann in it. */
    store_close(f->s);
    assert_true(testdb_try(f->dir,
                           "DROP TABLE user_onboarding; DROP TABLE user_cues; "
                           "DROP TABLE exam_plans; "
                           /* and what the migrations after 12 made */
                           "DROP TABLE recovery_codes; DROP TABLE reset_links; "
                           "DROP TABLE report_links; DROP TABLE intake; "
                           "DROP TABLE exam_notes; DROP TABLE plan_changes; "
                           "DROP TABLE clinic_feedback; "
                           "ALTER TABLE users DROP COLUMN verified_at; "
                           "DROP TABLE community_brands; DROP TABLE community_flags; "
                           "DROP TABLE community_log; DROP TABLE community_reports; "
                           "DROP TABLE community_support; DROP TABLE community_posts; "
                           "DROP TABLE community_members; DROP TABLE community_spaces; "
                           "DROP TABLE community_settings;",
                           NULL, 0));
    testdb_drop_practice_counts(f->dir);
    testdb_set_version(f->dir, 11);
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    f->ctx.store = f->s;
    assert_true(store_schema_version(f->s) >= 12);
    struct onboarding o;
    assert_int_equal(store_onboarding_get(f->s, f->ann, &o, NULL), 0);
    assert_int_equal(o.state, ONBOARD_DONE);
    /* Someone new after it starts at the beginning. */
    int64_t cat = add_user(f->s, "cat@example.org");
    assert_int_equal(store_onboarding_get(f->s, cat, &o, NULL), 0);
    assert_int_equal(o.state, ONBOARD_NEW);
}

static void cues_default_to_on_unless_discreet_and_voice_only_when_chosen(void **state)
{
    struct fixture *f = *state;
    struct cue_prefs c;
    assert_int_equal(store_cues_get(f->s, f->ann, &c, NULL), 0);
    assert_int_equal(c.sound, -1);
    assert_int_equal(c.vibrate, -1);
    assert_false(c.voice);
    assert_false(c.discreet);
    assert_true(app_cue_on(&c, c.sound));
    c.discreet = true;
    assert_false(app_cue_on(&c, c.sound));
    assert_true(app_cue_on(&c, 1)); /* what she chose holds */
    struct cue_prefs put = {.discreet = true, .sound = -1, .vibrate = 1, .voice = true};
    assert_int_equal(store_cues_put(f->s, f->ann, &put, NOW, NULL), 0);
    assert_int_equal(store_cues_get(f->s, f->ann, &c, NULL), 0);
    assert_true(c.discreet);
    assert_int_equal(c.sound, -1);
    assert_int_equal(c.vibrate, 1);
    assert_true(c.voice);
    assert_int_equal(store_cues_get(f->s, f->bea, &c, NULL), 0);
    assert_int_equal(c.sound, -1);
    assert_false(c.voice);
}

static void exam_words_round_trip_sealed_and_keep_the_first_day(void **state)
{
    struct fixture *f = *state;
    struct exam_words w;
    assert_int_equal(store_exam_words_get(f->s, f->ann, &w, NULL), 0);
    assert_int_equal(w.prepared_at, 0);
    assert_int_equal(w.nown, 0);
    w.removed = 1u << EXAM_MIRROR;
    snprintf(w.own[w.nown++], sizeof w.own[0], "%s", "Bitte das Spekulum vorwärmen ☺");
    snprintf(w.stop_word, sizeof w.stop_word, "%s", "Tulpe");
    assert_int_equal(store_exam_words_put(f->s, f->ann, &w, NOW, NULL), 0);
    struct exam_words got;
    assert_int_equal(store_exam_words_get(f->s, f->ann, &got, NULL), 0);
    assert_int_equal(got.removed, 1u << EXAM_MIRROR);
    assert_int_equal(got.nown, 1);
    assert_string_equal(got.own[0], "Bitte das Spekulum vorwärmen ☺");
    assert_string_equal(got.stop_word, "Tulpe");
    assert_int_equal(got.prepared_at, NOW);
    /* A later change keeps the day she first prepared it. */
    got.nown = 0;
    assert_int_equal(store_exam_words_put(f->s, f->ann, &got, NOW + DAY, NULL), 0);
    assert_int_equal(store_exam_words_get(f->s, f->ann, &w, NULL), 0);
    assert_int_equal(w.prepared_at, NOW);
    assert_int_equal(w.nown, 0);
    /* Her words never reach the file in plain text. */
    store_close(f->s);
    if (testdb_pg()) {
        assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM exam_plans WHERE "
                                            "position(convert_to('Tulpe', 'UTF8') IN "
                                            "words_enc) > 0"),
                         0);
    } else {
        char *path = xasprintf("%s/pace.db", f->dir);
        struct buf b = {0};
        assert_true(file_read_all(path, &b));
        assert_null(memmem(b.data, b.len, "Tulpe", 5));
        buf_free(&b);
        free(path);
    }
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
    assert_int_equal(store_exam_words_get(f->s, f->bea, &w, NULL), 0);
    assert_int_equal(w.prepared_at, 0);
}

static void exam_words_are_checked_with_the_field(void **state)
{
    struct fixture *f = *state;
    struct exam_words w = {0};
    struct pace_error err = {0};
    memset(w.stop_word, 'x', EXAM_STOP_WORD_CHARS + 1);
    assert_int_equal(store_exam_words_put(f->s, f->ann, &w, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "stop_word");
    memset(&w, 0, sizeof w);
    snprintf(w.own[0], sizeof w.own[0], "%s", "fine");
    snprintf(w.own[1], sizeof w.own[1], "%s", "two\nlines");
    w.nown = 2;
    assert_int_equal(exam_words_check(&w, &err), PACE_EINVAL);
    assert_string_equal(err.field, "own[1]");
    snprintf(w.own[1], sizeof w.own[1], "%s", "");
    assert_int_equal(exam_words_check(&w, &err), PACE_EINVAL);
    w.nown = 1;
    w.removed = 1u << EXAM_REQUEST_COUNT;
    assert_int_equal(exam_words_check(&w, &err), PACE_EINVAL);
    assert_string_equal(err.field, "removed");
    /* The JSON form is read strictly. */
    json_t *j = json_loads("{\"own\": [\"a\"], \"stop_word\": \"b\", \"x\": 1}", 0, NULL);
    assert_int_equal(exam_words_from_json(j, &w, &err), PACE_EINVAL);
    json_decref(j);
    j = json_loads("{\"own\": [1], \"stop_word\": \"b\"}", 0, NULL);
    assert_int_equal(exam_words_from_json(j, &w, &err), PACE_EINVAL);
    json_decref(j);
}

static void add_session(struct fixture *f, int64_t at, double mm, enum outcome o)
{
    struct practice p;
    practice_init(&p);
    p.started_at = at;
    p.duration_s = o == OUTCOME_NOT_TODAY ? 0 : 600;
    p.outcome = o;
    if (mm > 0) {
        snprintf(p.dilator_id, sizeof p.dilator_id, "fms-%d", (int)mm);
        p.diameter_mm = mm;
    }
    if (o == OUTCOME_NOT_TODAY)
        p.safety = SAFETY_CLINICIAN_REST;
    struct pace_error err = {0};
    if (store_practice_insert(f->s, f->ann, &p, NOW, NULL, &err) != 0)
        fail_msg("session: %s", err.msg);
    practice_clear(&p);
}

static void firsts_find_her_first_practice_each_size_and_ladder(void **state)
{
    struct fixture *f = *state;
    struct store_firsts fi;
    assert_int_equal(store_firsts_get(f->s, f->ann, &fi, NULL), 0);
    assert_int_equal(fi.practice_at, 0);
    assert_int_equal(fi.nsizes, 0);
    add_session(f, NOW - 20 * DAY, 0, OUTCOME_NOT_TODAY); /* a rest is not a first practice */
    add_session(f, NOW - 10 * DAY, 16, OUTCOME_COMPLETED);
    add_session(f, NOW - 9 * DAY, 16, OUTCOME_STOPPED);
    add_session(f, NOW - 3 * DAY, 18, OUTCOME_STOPPED);
    add_session(f, NOW - 1 * DAY, 18, OUTCOME_COMPLETED);
    add_session(f, NOW - 2 * DAY, 0, OUTCOME_COMPLETED); /* breathing alone: no size */
    struct ladder_entry e;
    ladder_entry_init(&e);
    e.a[LADDER_FINGER].anxiety = 3;
    assert_int_equal(store_ladder_insert(f->s, f->ann, &e, NOW - 5 * DAY, NULL), 0);
    assert_int_equal(store_firsts_get(f->s, f->ann, &fi, NULL), 0);
    assert_int_equal(fi.practice_at, NOW - 10 * DAY);
    assert_int_equal(fi.ladder_at, NOW - 5 * DAY);
    assert_int_equal(fi.nsizes, 2);
    assert_true(fi.sizes[0].diameter_mm == 16 && fi.sizes[0].at == NOW - 10 * DAY);
    assert_true(fi.sizes[1].diameter_mm == 18 && fi.sizes[1].at == NOW - 3 * DAY);
    free(fi.sizes);
    assert_int_equal(store_firsts_get(f->s, f->bea, &fi, NULL), 0);
    assert_int_equal(fi.practice_at, 0);
    free(fi.sizes);
}

static void erasing_her_account_takes_these_too(void **state)
{
    struct fixture *f = *state;
    struct onboarding o = {.state = ONBOARD_DONE, .step = 3};
    struct cue_prefs c = {.sound = 0, .vibrate = 0};
    struct exam_words w = {0};
    snprintf(w.stop_word, sizeof w.stop_word, "%s", "Stop");
    assert_int_equal(store_onboarding_put(f->s, f->ann, &o, NOW, NULL), 0);
    assert_int_equal(store_cues_put(f->s, f->ann, &c, NOW, NULL), 0);
    assert_int_equal(store_exam_words_put(f->s, f->ann, &w, NOW, NULL), 0);
    assert_int_equal(store_user_erase(f->s, f->ann, NULL), 0);
    store_close(f->s);
    static const char *const tables[] = {"user_onboarding", "user_cues", "exam_plans"};
    for (size_t i = 0; i < 3; i++) {
        char *sql = xasprintf("SELECT count(*) FROM %s", tables[i]);
        /* Bea's first-run row (from the migration) is hers, not Ann's. */
        assert_int_equal(testdb_int(f->dir, sql), 0);
        free(sql);
    }
    struct pace_error err = {0};
    assert_int_equal(testdb_open(f->dir, &f->s, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(first_run_is_new_until_saved_and_each_persons_own, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(the_gate_lets_only_her_change_her_first_run, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(accounts_older_than_the_first_run_count_as_finished, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            cues_default_to_on_unless_discreet_and_voice_only_when_chosen, setup, teardown),
        cmocka_unit_test_setup_teardown(exam_words_round_trip_sealed_and_keep_the_first_day, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(exam_words_are_checked_with_the_field, setup, teardown),
        cmocka_unit_test_setup_teardown(firsts_find_her_first_practice_each_size_and_ladder, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(erasing_her_account_takes_these_too, setup, teardown),
    };
    return cmocka_run_group_tests_name("store: first run, cues, exam words, firsts", tests, NULL,
                                       NULL);
}
