/*
 * test_store_plan.c - her plan in the store (the "Her plan" section of
 * store/store.h) and the operations on top of it (store/plans.h), each
 * test on a fresh data directory: the program and her adjusted rules round
 * trip, stored rules read leniently, goals replaced all or nothing with
 * their rows and dates kept, her own goal's name sealed at rest, marks of
 * reached goals, per-user isolation, and the engine's suggestion from what
 * is stored.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "app/plans.h"
#include "store/store.h"
#include "testdb.h"
#include "tmpdir.h"

#include <sqlite3.h>
#include <string.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC, a Tuesday */
#define DAY INT64_C(86400)

struct fixture {
    char *dir;
    struct store *s;
    struct catalog *cat;
    struct plan_library *lib;
    int64_t ann, bea; /* two people */
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
    if (testdb_open(f->dir, &f->s, &err) != 0 || catalog_load_builtin(&f->cat, &err) != 0 ||
        plan_library_load_builtin(&f->lib, &err) != 0) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    f->ann = add_user(f->s, "ann@example.org");
    f->bea = add_user(f->s, "bea@example.org");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    catalog_free(f->cat);
    plan_library_free(f->lib);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static void choice(struct plan_choice *c, const char *program, int64_t start)
{
    memset(c, 0, sizeof *c);
    snprintf(c->program_id, sizeof c->program_id, "%s", program);
    c->started_at = start;
}

/* ---- the program ---- */

static void schema_has_the_plan_tables(void **state)
{
    struct fixture *f = *state;
    assert_true(store_schema_version(f->s) >= 4);
}

static void no_program_until_she_chooses(void **state)
{
    struct fixture *f = *state;
    struct plan_choice c;
    assert_int_equal(store_program_get(f->s, f->ann, &c, NULL), PACE_ENOTFOUND);
    assert_string_equal(c.program_id, "");
    /* plans_choice falls back to the default program from her start. */
    bool chosen = true;
    assert_int_equal(plans_choice(f->s, f->lib, f->ann, &c, &chosen, NULL), 0);
    assert_false(chosen);
    assert_string_equal(c.program_id, "vaginismus");
    assert_int_equal(c.started_at, NOW - 30 * DAY);
}

static void program_and_rules_round_trip(void **state)
{
    struct fixture *f = *state;
    struct plan_choice c, got;
    choice(&c, "radiotherapy", NOW - 10 * DAY);
    c.set[P_COMFORT_SESSIONS] = true;
    c.v[P_COMFORT_SESSIONS] = 5;
    c.set[P_MINUTES] = true;
    c.v[P_MINUTES] = 15;
    assert_int_equal(store_program_put(f->s, f->ann, &c, f->ann, NOW, NULL), 0);
    assert_int_equal(store_program_get(f->s, f->ann, &got, NULL), 0);
    assert_string_equal(got.program_id, "radiotherapy");
    assert_int_equal(got.started_at, NOW - 10 * DAY);
    assert_true(got.set[P_COMFORT_SESSIONS]);
    assert_int_equal(got.v[P_COMFORT_SESSIONS], 5);
    assert_true(got.set[P_MINUTES]);
    assert_int_equal(got.v[P_MINUTES], 15);
    assert_false(got.set[P_COMFORT_PAIN_MAX]);
    assert_int_equal(got.updated_at, NOW);
    assert_int_equal(got.updated_by, f->ann);

    /* A second choice replaces the first, rules and all. */
    choice(&c, "vaginismus", NOW - DAY);
    assert_int_equal(store_program_put(f->s, f->ann, &c, f->ann, NOW + 60, NULL), 0);
    assert_int_equal(store_program_get(f->s, f->ann, &got, NULL), 0);
    assert_string_equal(got.program_id, "vaginismus");
    assert_false(got.set[P_COMFORT_SESSIONS]);
    assert_int_equal(got.updated_at, NOW + 60);

    /* Hers alone. */
    assert_int_equal(store_program_get(f->s, f->bea, &got, NULL), PACE_ENOTFOUND);
}

static void stored_rules_are_read_leniently(void **state)
{
    struct fixture *f = *state;
    struct plan_choice c, got;
    choice(&c, "vaginismus", NOW);
    assert_int_equal(store_program_put(f->s, f->ann, &c, f->ann, NOW, NULL), 0);
    /* A rule since removed, a value outside today's bounds, a non-number. */
    assert_true(testdb_try(f->dir,
                           "UPDATE user_programs SET params = '{\"gone\":3,"
                           "\"comfort_pain_max\":9,\"comfort_sessions\":\"x\","
                           "\"pause_days\":20}'",
                           NULL, 0));
    assert_int_equal(store_program_get(f->s, f->ann, &got, NULL), 0);
    assert_false(got.set[P_COMFORT_PAIN_MAX]);
    assert_false(got.set[P_COMFORT_SESSIONS]);
    assert_true(got.set[P_PAUSE_DAYS]);
    assert_int_equal(got.v[P_PAUSE_DAYS], 20);
}

/* ---- the goals ---- */

static void goal(struct plan_goal *g, const char *id, const char *label, double lo, double hi)
{
    memset(g, 0, sizeof *g);
    snprintf(g->goal_id, sizeof g->goal_id, "%s", id);
    snprintf(g->label, sizeof g->label, "%s", label ? label : "");
    g->min_mm = lo;
    g->max_mm = hi;
}

static void goals_round_trip_with_her_own_sealed(void **state)
{
    struct fixture *f = *state;
    struct plan_goal in[3];
    goal(&in[0], "tampon", NULL, 0, 0);
    goal(&in[1], "custom", "Riding my horse again", 22, 26.5);
    goal(&in[2], "intercourse", NULL, 0, 0);
    in[2].achieved_at = NOW - DAY;
    assert_int_equal(store_goals_set(f->s, f->ann, in, 3, NOW, NULL), 0);
    struct plan_goal *out = NULL;
    size_t n = 0;
    assert_int_equal(store_goals_list(f->s, f->ann, &out, &n, NULL), 0);
    assert_int_equal(n, 3);
    assert_string_equal(out[0].goal_id, "tampon");
    assert_string_equal(out[0].label, "");
    assert_int_equal(out[0].chosen_at, NOW);
    assert_int_equal(out[0].achieved_at, 0);
    assert_string_equal(out[1].goal_id, "custom");
    assert_string_equal(out[1].label, "Riding my horse again");
    assert_true(out[1].min_mm == 22 && out[1].max_mm == 26.5);
    assert_int_equal(out[2].achieved_at, NOW - DAY);
    free(out);

    /* The name is not in the database file. */
    char *path = xasprintf("%s/pace.db", f->dir);
    struct buf b = {0};
    assert_true(file_read_all(path, &b) || testdb_pg());
    char *wal = xasprintf("%s/pace.db-wal", f->dir);
    file_read_all(wal, &b);
    assert_true(b.len == 0 || memmem(b.data, b.len, "horse", 5) == NULL);
    if (testdb_pg())
        assert_int_equal(testdb_int(f->dir, "SELECT count(*) FROM user_goals WHERE "
                                            "position(convert_to('horse', 'UTF8') IN "
                                            "label_enc) > 0"),
                         0);
    buf_free(&b);
    free(path);
    free(wal);

    /* Bea sees none of them. */
    assert_int_equal(store_goals_list(f->s, f->bea, &out, &n, NULL), 0);
    assert_int_equal(n, 0);
    free(out);
}

static void replacing_keeps_rows_and_dates_of_goals_kept(void **state)
{
    struct fixture *f = *state;
    struct plan_goal in[3];
    goal(&in[0], "tampon", NULL, 0, 0);
    goal(&in[1], "custom", "Yoga", 20, 24);
    goal(&in[2], "menstrual-cup", NULL, 0, 0);
    assert_int_equal(store_goals_set(f->s, f->ann, in, 3, NOW - DAY, NULL), 0);
    struct plan_goal *old = NULL, *out = NULL;
    size_t nold = 0, n = 0;
    assert_int_equal(store_goals_list(f->s, f->ann, &old, &nold, NULL), 0);

    /* Keep the tampon (now reached), rename her own, drop the cup, add an exam. */
    struct plan_goal next[3];
    next[0] = old[0];
    next[0].achieved_at = NOW;
    next[1] = old[1];
    snprintf(next[1].label, sizeof next[1].label, "Yoga class");
    next[1].max_mm = 25;
    goal(&next[2], "gynaecological-exam", NULL, 0, 0);
    assert_int_equal(store_goals_set(f->s, f->ann, next, 3, NOW, NULL), 0);
    assert_int_equal(store_goals_list(f->s, f->ann, &out, &n, NULL), 0);
    assert_int_equal(n, 3);
    assert_int_equal(out[0].id, old[0].id);
    assert_int_equal(out[0].chosen_at, NOW - DAY);
    assert_int_equal(out[0].achieved_at, NOW);
    assert_int_equal(out[1].id, old[1].id);
    assert_string_equal(out[1].label, "Yoga class");
    assert_true(out[1].max_mm == 25);
    assert_string_equal(out[2].goal_id, "gynaecological-exam");
    assert_int_equal(out[2].chosen_at, NOW);
    free(out);
    free(old);
}

static void another_persons_goal_id_changes_nothing(void **state)
{
    struct fixture *f = *state;
    struct plan_goal bea[1], ann[2];
    goal(&bea[0], "custom", "Bea's", 10, 12);
    assert_int_equal(store_goals_set(f->s, f->bea, bea, 1, NOW, NULL), 0);
    struct plan_goal *out = NULL;
    size_t n = 0;
    assert_int_equal(store_goals_list(f->s, f->bea, &out, &n, NULL), 0);
    int64_t beas = out[0].id;
    free(out);

    goal(&ann[0], "tampon", NULL, 0, 0);
    assert_int_equal(store_goals_set(f->s, f->ann, ann, 1, NOW, NULL), 0);
    goal(&ann[0], "intercourse", NULL, 0, 0);
    goal(&ann[1], "custom", "Taken over", 10, 12);
    ann[1].id = beas;
    struct pace_error err = {0};
    assert_int_equal(store_goals_set(f->s, f->ann, ann, 2, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "goals[1].id");
    /* All or nothing: Ann still has her tampon, Bea her own goal. */
    assert_int_equal(store_goals_list(f->s, f->ann, &out, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].goal_id, "tampon");
    free(out);
    assert_int_equal(store_goals_list(f->s, f->bea, &out, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_string_equal(out[0].label, "Bea's");
    free(out);
}

static void marking_a_goal_reached_is_hers_alone(void **state)
{
    struct fixture *f = *state;
    struct plan_goal in[1];
    goal(&in[0], "tampon", NULL, 0, 0);
    assert_int_equal(store_goals_set(f->s, f->ann, in, 1, NOW, NULL), 0);
    struct plan_goal *out = NULL;
    size_t n = 0;
    assert_int_equal(store_goals_list(f->s, f->ann, &out, &n, NULL), 0);
    int64_t id = out[0].id;
    free(out);
    assert_int_equal(store_goal_set_achieved(f->s, f->bea, id, NOW, NULL), PACE_ENOTFOUND);
    assert_int_equal(store_goal_set_achieved(f->s, f->ann, id, NOW, NULL), 0);
    assert_int_equal(store_goals_list(f->s, f->ann, &out, &n, NULL), 0);
    assert_int_equal(out[0].achieved_at, NOW);
    free(out);
    assert_int_equal(store_goal_set_achieved(f->s, f->ann, id, 0, NULL), 0);
    assert_int_equal(store_goals_list(f->s, f->ann, &out, &n, NULL), 0);
    assert_int_equal(out[0].achieved_at, 0);
    free(out);
    assert_int_equal(store_goal_set_achieved(f->s, f->ann, id + 100, NOW, NULL), PACE_ENOTFOUND);
}

/* ---- the suggestion from what is stored ---- */

static void kit(struct fixture *f, int64_t user, const char *const *ids, size_t n)
{
    struct kit_id k[8];
    for (size_t i = 0; i < n; i++)
        snprintf(k[i].s, sizeof k[i].s, "%s", ids[i]);
    struct pace_error err = {0};
    if (kits_replace(f->s, f->cat, user, k, n, NOW, &err) != 0)
        fail_msg("kit: %s", err.msg);
}

static void comfy(struct fixture *f, int64_t user, int64_t t, const char *dilator, double mm)
{
    struct practice p;
    practice_init(&p);
    p.started_at = t;
    p.duration_s = 600;
    snprintf(p.dilator_id, sizeof p.dilator_id, "%s", dilator);
    p.diameter_mm = mm;
    p.exercises = EX_BREATHING | EX_FLEXIBILIZATION;
    p.before = (struct scores){true, 2, 2, 0};
    p.after = (struct scores){true, 1, 1, 1};
    p.max_pain = 2;
    p.outcome = OUTCOME_COMPLETED;
    struct pace_error err = {0};
    if (store_practice_insert(f->s, user, &p, NOW, NULL, &err) != 0)
        fail_msg("session: %s", err.msg);
    practice_clear(&p);
}

static void three_comfortable_sessions_suggest_the_next_size(void **state)
{
    struct fixture *f = *state;
    static const char *const ids[] = {"fms-18", "fms-20", "fms-22"};
    kit(f, f->ann, ids, 3);
    struct plan_view v;
    assert_int_equal(plans_load(f->s, f->cat, f->lib, f->ann, NOW, 0, &v, NULL), 0);
    assert_int_equal(v.rec.action, ACTION_STAY);
    assert_string_equal(v.rec.dilator_id, "fms-18");
    assert_false(v.chosen);
    assert_true(v.comfortable_mm == 0);
    plans_view_free(&v);

    comfy(f, f->ann, NOW - 3 * DAY, "fms-18", 18);
    comfy(f, f->ann, NOW - 2 * DAY, "fms-18", 18);
    comfy(f, f->ann, NOW - 1 * DAY, "fms-18", 18);
    assert_int_equal(plans_load(f->s, f->cat, f->lib, f->ann, NOW, 0, &v, NULL), 0);
    assert_int_equal(v.rec.action, ACTION_TRY_NEXT);
    assert_string_equal(v.rec.dilator_id, "fms-20");
    assert_int_equal(v.rec.reasons[0].ncited, 3);
    assert_true(v.comfortable_mm == 18);
    /* Saturday, Sunday, Monday: the week from Monday has one of them. */
    assert_int_equal(v.practised_this_week, 1);
    assert_non_null(v.phase);
    assert_int_equal(v.phase->sessions_per_week, 4);
    assert_string_equal(plans_rule_source(&v, P_COMFORT_SESSIONS),
                        engine_params[P_COMFORT_SESSIONS].source);
    plans_view_free(&v);

    /* A program that keeps her size stays; an adjusted rule says so. */
    struct plan_choice c;
    choice(&c, "maintenance-stents", NOW - 7 * DAY);
    c.set[P_COMFORT_SESSIONS] = true;
    c.v[P_COMFORT_SESSIONS] = 2;
    assert_int_equal(store_program_put(f->s, f->ann, &c, f->ann, NOW, NULL), 0);
    assert_int_equal(plans_load(f->s, f->cat, f->lib, f->ann, NOW, 0, &v, NULL), 0);
    assert_true(v.chosen);
    assert_int_equal(v.use, ENGINE_KEEP);
    assert_int_equal(v.rec.action, ACTION_STAY);
    assert_string_equal(v.rec.dilator_id, "fms-18");
    assert_int_equal(v.rules.v[P_COMFORT_SESSIONS], 2);
    assert_string_equal(plans_rule_source(&v, P_COMFORT_SESSIONS), "Adjusted in your plan");
    plans_view_free(&v);

    /* Without a dilator: no size at all. */
    choice(&c, "pelvic-floor-relaxation", NOW - 7 * DAY);
    assert_int_equal(store_program_put(f->s, f->ann, &c, f->ann, NOW, NULL), 0);
    assert_int_equal(plans_load(f->s, f->cat, f->lib, f->ann, NOW, 0, &v, NULL), 0);
    assert_null(v.rec.dilator_id);
    assert_true(v.comfortable_mm == 0);
    plans_view_free(&v);

    /* Bea's plan knows nothing of Ann's sessions. */
    assert_int_equal(plans_load(f->s, f->cat, f->lib, f->bea, NOW, 0, &v, NULL), 0);
    assert_int_equal(v.nsessions, 0);
    assert_null(v.rec.dilator_id);
    plans_view_free(&v);
}

static void a_long_break_is_seen_beyond_the_window(void **state)
{
    struct fixture *f = *state;
    static const char *const ids[] = {"fms-18", "fms-20", "fms-22"};
    kit(f, f->ann, ids, 3);
    comfy(f, f->ann, NOW - 200 * DAY, "fms-20", 20);
    struct plan_view v;
    assert_int_equal(plans_load(f->s, f->cat, f->lib, f->ann, NOW, 0, &v, NULL), 0);
    assert_int_equal(v.rec.action, ACTION_STEP_BACK);
    assert_string_equal(v.rec.dilator_id, "fms-18");
    assert_int_equal(v.rec.reasons[0].rule, P_PAUSE_DAYS);
    assert_int_equal(v.practised_this_week, 0);
    plans_view_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(schema_has_the_plan_tables, setup, teardown),
        cmocka_unit_test_setup_teardown(no_program_until_she_chooses, setup, teardown),
        cmocka_unit_test_setup_teardown(program_and_rules_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(stored_rules_are_read_leniently, setup, teardown),
        cmocka_unit_test_setup_teardown(goals_round_trip_with_her_own_sealed, setup, teardown),
        cmocka_unit_test_setup_teardown(replacing_keeps_rows_and_dates_of_goals_kept, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(another_persons_goal_id_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(marking_a_goal_reached_is_hers_alone, setup, teardown),
        cmocka_unit_test_setup_teardown(three_comfortable_sessions_suggest_the_next_size, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_long_break_is_seen_beyond_the_window, setup, teardown),
    };
    return cmocka_run_group_tests_name("store: her plan", tests, NULL, NULL);
}
