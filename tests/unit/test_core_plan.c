/*
 * test_core_plan.c - her plan in core (core/plan.h): the library compiled
 * into the binary and its checks, the program choice read from the API
 * strictly (each refusal naming its field), stored rules read leniently,
 * the rules and sources the engine gets, practice this week against the
 * plan, and her goals: strict reading, progress and the offer to mark one
 * reached.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "core/plan.h"
#include "core/util.h"

#include <string.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC, a Tuesday */
#define DAY INT64_C(86400)

static struct plan_library *lib;

static int load(void **state)
{
    (void)state;
    i18n_set_lang(LANG_EN);
    struct pace_error err = {0};
    if (plan_library_load_builtin(&lib, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    return 0;
}

static int unload(void **state)
{
    (void)state;
    plan_library_free(lib);
    return 0;
}

static json_t *parse(const char *text)
{
    json_error_t je;
    json_t *j = json_loads(text, 0, &je);
    if (j == NULL)
        fail_msg("test JSON %s: %s", text, je.text);
    return j;
}

/* ---- the library ---- */

static void the_builtin_library_has_every_program_and_the_goals(void **state)
{
    (void)state;
    assert_int_equal(lib->nprograms, 5);
    assert_string_equal(plan_program_default(lib)->id, "vaginismus");
    static const char *const ids[] = {"maintenance-stents", "pelvic-floor-relaxation",
                                      "radiotherapy", "vaginismus", "vaginoplasty"};
    for (size_t i = 0; i < 5; i++)
        assert_non_null(plan_program_find(lib, ids[i]));
    assert_null(plan_program_find(lib, "nope"));
    assert_null(plan_program_find(lib, NULL));
    assert_int_equal(lib->goals->n, 5);
    assert_non_null(goals_find(lib->goals, "menstrual-cup"));
}

static const char prog_a[] =
    "{\"format\":1,\"id\":\"a\",\"name\":\"A\",\"description\":\"A.\",%s\"dilator_use\":"
    "\"progress\",\"sources\":[\"x\"],\"rules\":{},\"exercises\":[\"flexibilization\"],"
    "\"phases\":[{\"from_week\":0,\"sessions_per_week\":3,\"minutes\":10,\"note\":\"n\","
    "\"source\":\"s\"}]}";

static void the_library_refuses_misnamed_doubled_or_defaultless_programs(void **state)
{
    (void)state;
    char with[600], without[600];
    snprintf(with, sizeof with, prog_a, "\"default\":true,");
    snprintf(without, sizeof without, prog_a, "");
    const struct plan_file goals[] = {{"goals.json", goal_builtin[0].data, goal_builtin[0].len},
                                      {0, 0, 0}};
    struct {
        struct plan_file files[3];
        const char *says;
    } cases[] = {
        {{{"b.json", with, strlen(with)}, {0, 0, 0}}, "must be named a.json"},
        {{{"a.json", with, strlen(with)}, {"a.json", with, strlen(with)}, {0, 0, 0}},
         "used by another program"},
        {{{"a.json", without, strlen(without)}, {0, 0, 0}}, "exactly one program"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct plan_library *l = (void *)1;
        struct pace_error err = {0};
        assert_int_equal(plan_library_load(cases[i].files, goals, &l, &err), PACE_EINVAL);
        assert_null(l);
        if (strstr(err.msg, cases[i].says) == NULL)
            fail_msg("\"%s\" does not say \"%s\"", err.msg, cases[i].says);
    }
    struct plan_library *l = NULL;
    const struct plan_file ok[] = {{"a.json", with, strlen(with)}, {0, 0, 0}};
    assert_int_equal(plan_library_load(ok, goals, &l, NULL), 0);
    assert_int_equal(l->nprograms, 1);
    plan_library_free(l);
    const struct plan_file none[] = {{0, 0, 0}};
    assert_int_equal(plan_library_load(ok, none, &l, NULL), PACE_EINVAL);
}

/* ---- the program she follows ---- */

static void a_program_choice_reads_strictly(void **state)
{
    (void)state;
    struct plan_choice c;
    json_t *j = parse("{\"program\":\"radiotherapy\",\"started_at\":\"2026-11-01T00:00:00Z\","
                      "\"params\":{\"comfort_sessions\":4,\"minutes\":12}}");
    assert_int_equal(plan_choice_from_json(lib, j, NULL, NOW, &c, NULL), 0);
    json_decref(j);
    assert_string_equal(c.program_id, "radiotherapy");
    assert_int_equal(c.started_at, INT64_C(1793491200));
    assert_true(c.set[P_COMFORT_SESSIONS] && c.v[P_COMFORT_SESSIONS] == 4);
    assert_true(c.set[P_MINUTES] && c.v[P_MINUTES] == 12);
    assert_false(c.set[P_COMFORT_PAIN_MAX]);
    json_t *pj = plan_params_json(&c);
    char *text = json_dumps(pj, JSON_SORT_KEYS | JSON_COMPACT);
    assert_string_equal(text, "{\"comfort_sessions\":4,\"minutes\":12}");
    free(text);
    json_decref(pj);

    static const struct {
        const char *body, *field, *says;
    } bad[] = {
        {"[]", "", "JSON object"},
        {"{\"program\":\"vaginismus\",\"colour\":1}", "colour", "not a field"},
        {"{\"program\":\"nope\"}", "program", "one of Pace's programs"},
        {"{\"program\":7}", "program", "one of Pace's programs"},
        {"{}", "program", "one of Pace's programs"},
        {"{\"program\":\"vaginismus\",\"started_at\":\"yesterday\"}", "started_at", "like"},
        {"{\"program\":\"vaginismus\",\"started_at\":\"1999-12-31T00:00:00Z\"}", "started_at",
         "2000"},
        {"{\"program\":\"vaginismus\",\"started_at\":\"2028-01-01T00:00:00Z\"}", "started_at",
         "a year"},
        {"{\"program\":\"vaginismus\",\"params\":[]}", "params", "object"},
        {"{\"program\":\"vaginismus\",\"params\":{\"pain\":3}}", "params.pain", "no rule"},
        {"{\"program\":\"vaginismus\",\"params\":{\"comfort_pain_max\":2.5}}",
         "params.comfort_pain_max", "whole number"},
        {"{\"program\":\"vaginismus\",\"params\":{\"comfort_pain_max\":5}}",
         "params.comfort_pain_max", "from 0 to 4"},
        {"{\"program\":\"vaginismus\",\"params\":{\"minutes\":0}}", "params.minutes",
         "from 1 to 60"},
        {"{\"program\":\"vaginoplasty\",\"params\":{\"max_per_day\":2}}", "params.max_per_day",
         "21 sessions a week"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pace_error err = {0};
        j = parse(bad[i].body);
        assert_int_equal(plan_choice_from_json(lib, j, NULL, NOW, &c, &err), PACE_EINVAL);
        json_decref(j);
        if (strcmp(err.field, bad[i].field) != 0 || strstr(err.msg, bad[i].says) == NULL)
            fail_msg("%s: field \"%s\", \"%s\"", bad[i].body, err.field, err.msg);
    }
}

static void without_a_start_the_same_program_keeps_its_start(void **state)
{
    (void)state;
    struct plan_choice old, c;
    memset(&old, 0, sizeof old);
    snprintf(old.program_id, sizeof old.program_id, "vaginismus");
    old.started_at = NOW - 40 * DAY;
    json_t *j = parse("{\"program\":\"vaginismus\"}");
    assert_int_equal(plan_choice_from_json(lib, j, &old, NOW, &c, NULL), 0);
    assert_int_equal(c.started_at, NOW - 40 * DAY);
    assert_int_equal(plan_choice_from_json(lib, j, NULL, NOW, &c, NULL), 0);
    assert_int_equal(c.started_at, NOW);
    json_decref(j);
    j = parse("{\"program\":\"radiotherapy\"}");
    assert_int_equal(plan_choice_from_json(lib, j, &old, NOW, &c, NULL), 0);
    assert_int_equal(c.started_at, NOW);
    json_decref(j);
}

static void stored_params_are_read_leniently(void **state)
{
    (void)state;
    struct plan_choice c;
    memset(&c, 0, sizeof c);
    json_t *j = parse("{\"gone\":1,\"comfort_pain_max\":9,\"minutes\":\"5\",\"pause_days\":30}");
    plan_params_read(j, &c);
    json_decref(j);
    assert_false(c.set[P_COMFORT_PAIN_MAX]);
    assert_false(c.set[P_MINUTES]);
    assert_true(c.set[P_PAUSE_DAYS] && c.v[P_PAUSE_DAYS] == 30);
}

static void rules_are_the_programs_then_hers(void **state)
{
    (void)state;
    struct plan_choice c;
    plan_choice_default(lib, NOW - 13 * 7 * DAY, &c); /* week 13 */
    snprintf(c.program_id, sizeof c.program_id, "vaginoplasty");
    const struct program *p = plan_program_find(lib, "vaginoplasty");
    struct engine_rules r;
    plan_rules(p, &c, NOW, &r);
    assert_int_equal(r.v[P_MAX_PER_DAY], 3); /* the program's rule */
    assert_int_equal(r.v[P_MINUTES], program_phase_at(p, 13)->minutes);
    bool adj = true;
    assert_string_equal(plan_rule_source(p, &c, P_MAX_PER_DAY, &adj), p->rules[0].source);
    assert_false(adj);
    assert_string_equal(plan_rule_source(p, &c, P_COMFORT_SESSIONS, &adj),
                        engine_params[P_COMFORT_SESSIONS].source);
    c.set[P_MINUTES] = true;
    c.v[P_MINUTES] = 20;
    c.set[P_COMFORT_SESSIONS] = true;
    c.v[P_COMFORT_SESSIONS] = 4;
    plan_rules(p, &c, NOW, &r);
    assert_int_equal(r.v[P_MINUTES], 20);
    assert_int_equal(r.v[P_COMFORT_SESSIONS], 4);
    assert_null(plan_rule_source(p, &c, P_COMFORT_SESSIONS, &adj));
    assert_true(adj);

    assert_int_equal(plan_dilator_use(plan_program_find(lib, "vaginismus")), ENGINE_PROGRESS);
    assert_int_equal(plan_dilator_use(plan_program_find(lib, "maintenance-stents")), ENGINE_KEEP);
    assert_int_equal(plan_dilator_use(plan_program_find(lib, "pelvic-floor-relaxation")),
                     ENGINE_NO_DILATOR);
    assert_int_equal(plan_dilator_use(NULL), ENGINE_PROGRESS);
}

/* ---- this week ---- */

static void this_week_starts_on_her_monday(void **state)
{
    (void)state;
    /* Newest first: an hour ago; a "not today" check-in on Monday 00:31
     * UTC; a session on Monday 00:30 UTC; one on Sunday 23:30 UTC; one last
     * week. */
    struct practice s[5];
    for (int i = 0; i < 5; i++)
        practice_init(&s[i]);
    s[0].started_at = NOW - 3600;
    s[1].started_at = NOW - 42 * 3600 - 34 * 60;
    s[1].outcome = OUTCOME_NOT_TODAY;
    s[2].started_at = NOW - 42 * 3600 - 35 * 60;
    s[3].started_at = NOW - 43 * 3600 - 35 * 60;
    s[4].started_at = NOW - 9 * DAY;
    struct tz_zone east, west;
    tz_zone_fixed(&east, 60);
    tz_zone_fixed(&west, -600);
    assert_int_equal(plan_week_practice(s, 5, NOW, NULL), 2);
    /* An hour east, Sunday 23:30 UTC is already Monday. */
    assert_int_equal(plan_week_practice(s, 5, NOW, &east), 3);
    /* Ten hours west, Monday 00:30 UTC is still Sunday: only today. */
    assert_int_equal(plan_week_practice(s, 5, NOW, &west), 1);
    assert_int_equal(plan_week_practice(s, 0, NOW, NULL), 0);
}

static void this_week_is_said_kindly(void **state)
{
    (void)state;
    struct program_phase ph = {.from_week = 0, .sessions_per_week = 4, .minutes = 10};
    char out[400];
    plan_week_text(2, &ph, out, sizeof out);
    assert_string_equal(out, "You practised 2 times this week. Your plan suggests 4 times a week.");
    plan_week_text(1, &ph, out, sizeof out);
    assert_string_equal(out, "You practised 1 time this week. Your plan suggests 4 times a week.");
    plan_week_text(0, &ph, out, sizeof out);
    assert_string_equal(out, "You have not logged practice this week so far. Your plan suggests "
                             "4 times a week, whenever it suits you.");
    ph.sessions_per_week = 7;
    plan_week_text(5, &ph, out, sizeof out);
    assert_string_equal(out, "You practised 5 times this week. Your plan suggests every day.");
    plan_week_text(3, NULL, out, sizeof out);
    assert_string_equal(out, "You practised 3 times this week.");
    static const char *const never[] = {"missed", "streak", "should", "failed", "only"};
    for (int n = 0; n < 9; n++) {
        ph.sessions_per_week = 4;
        plan_week_text(n, &ph, out, sizeof out);
        for (size_t k = 0; k < sizeof never / sizeof never[0]; k++)
            assert_null(strstr(out, never[k]));
    }
}

/* ---- her goals ---- */

static void goals_read_strictly(void **state)
{
    (void)state;
    struct plan_goal *g = NULL;
    size_t n = 0;
    json_t *j = parse("{\"goals\":[{\"goal\":\"tampon\"},{\"goal\":\"intercourse\","
                      "\"achieved_at\":\"2026-11-20T10:00:00Z\"},{\"goal\":\"custom\","
                      "\"label\":\"  Swimming  \",\"min_mm\":12,\"max_mm\":18.26},"
                      "{\"goal\":\"custom\",\"id\":7,\"label\":\"Mine\",\"min_mm\":30,"
                      "\"max_mm\":30,\"achieved_at\":null}]}");
    assert_int_equal(plan_goals_from_json(lib, j, NOW, &g, &n, NULL), 0);
    json_decref(j);
    assert_int_equal(n, 4);
    assert_string_equal(g[0].goal_id, "tampon");
    assert_int_equal(g[1].achieved_at, INT64_C(1795168800));
    assert_string_equal(g[2].label, "Swimming");
    assert_true(g[2].max_mm == 18.3);
    assert_int_equal(g[3].id, 7);
    assert_int_equal(g[3].achieved_at, 0);
    free(g);

    static const struct {
        const char *body, *field;
    } bad[] = {
        {"[]", "goals"},
        {"{\"goals\":{}}", "goals"},
        {"{\"goals\":[],\"more\":1}", "goals"},
        {"{\"goals\":[1]}", "goals[0].goal"},
        {"{\"goals\":[{\"goal\":\"unicorn\"}]}", "goals[0].goal"},
        {"{\"goals\":[{}]}", "goals[0].goal"},
        {"{\"goals\":[{\"goal\":\"tampon\",\"colour\":1}]}", "goals[0].colour"},
        {"{\"goals\":[{\"goal\":\"tampon\"},{\"goal\":\"tampon\"}]}", "goals[1].goal"},
        {"{\"goals\":[{\"goal\":\"tampon\",\"label\":\"x\"}]}", "goals[0].label"},
        {"{\"goals\":[{\"goal\":\"tampon\",\"id\":3}]}", "goals[0].id"},
        {"{\"goals\":[{\"goal\":\"custom\",\"min_mm\":1,\"max_mm\":2}]}", "goals[0].label"},
        {"{\"goals\":[{\"goal\":\"custom\",\"label\":\" \",\"min_mm\":1,\"max_mm\":2}]}",
         "goals[0].label"},
        {"{\"goals\":[{\"goal\":\"custom\",\"label\":\"x\",\"max_mm\":2}]}", "goals[0].min_mm"},
        {"{\"goals\":[{\"goal\":\"custom\",\"label\":\"x\",\"min_mm\":0,\"max_mm\":2}]}",
         "goals[0].min_mm"},
        {"{\"goals\":[{\"goal\":\"custom\",\"label\":\"x\",\"min_mm\":5,\"max_mm\":81}]}",
         "goals[0].max_mm"},
        {"{\"goals\":[{\"goal\":\"custom\",\"label\":\"x\",\"min_mm\":5,\"max_mm\":4}]}",
         "goals[0].max_mm"},
        {"{\"goals\":[{\"goal\":\"custom\",\"id\":0,\"label\":\"x\",\"min_mm\":5,\"max_mm\":6}]}",
         "goals[0].id"},
        {"{\"goals\":[{\"goal\":\"custom\",\"id\":4,\"label\":\"x\",\"min_mm\":5,\"max_mm\":6},"
         "{\"goal\":\"custom\",\"id\":4,\"label\":\"y\",\"min_mm\":5,\"max_mm\":6}]}",
         "goals[1].id"},
        {"{\"goals\":[{\"goal\":\"tampon\",\"achieved_at\":\"2027-01-01T00:00:00Z\"}]}",
         "goals[0].achieved_at"},
        {"{\"goals\":[{\"goal\":\"tampon\",\"achieved_at\":5}]}", "goals[0].achieved_at"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pace_error err = {0};
        j = parse(bad[i].body);
        g = (void *)1;
        assert_int_equal(plan_goals_from_json(lib, j, NOW, &g, &n, &err), PACE_EINVAL);
        json_decref(j);
        assert_null(g);
        if (strcmp(err.field, bad[i].field) != 0 || err.msg[0] == '\0')
            fail_msg("%s: field \"%s\" (%s), expected \"%s\"", bad[i].body, err.field, err.msg,
                     bad[i].field);
    }
}

static void her_own_goals_have_limits(void **state)
{
    (void)state;
    /* A name of 60 characters is fine, 61 is not; eleven of her own are too many. */
    char name[62];
    memset(name, 'a', 61);
    name[61] = '\0';
    char *body = xasprintf("{\"goals\":[{\"goal\":\"custom\",\"label\":\"%s\",\"min_mm\":1,"
                           "\"max_mm\":2}]}",
                           name);
    struct plan_goal *g = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    json_t *j = parse(body);
    assert_int_equal(plan_goals_from_json(lib, j, NOW, &g, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "goals[0].label");
    json_decref(j);
    free(body);
    name[60] = '\0';
    body = xasprintf("{\"goals\":[{\"goal\":\"custom\",\"label\":\"%s\",\"min_mm\":1,"
                     "\"max_mm\":2}]}",
                     name);
    j = parse(body);
    assert_int_equal(plan_goals_from_json(lib, j, NOW, &g, &n, NULL), 0);
    free(g);
    json_decref(j);
    free(body);

    json_t *many = json_array();
    for (int i = 0; i < 11; i++)
        json_array_append_new(many, json_pack("{s:s, s:s, s:i, s:i}", "goal", "custom", "label",
                                              "x", "min_mm", 10, "max_mm", 12));
    j = json_pack("{s:o}", "goals", many);
    assert_int_equal(plan_goals_from_json(lib, j, NOW, &g, &n, &err), PACE_EINVAL);
    assert_string_equal(err.field, "goals[10].goal");
    json_decref(j);
}

static void progress_is_a_range_and_the_offer_comes_within_it(void **state)
{
    (void)state;
    struct plan_goal g;
    memset(&g, 0, sizeof g);
    snprintf(g.goal_id, sizeof g.goal_id, "intercourse"); /* about 34-41 mm */
    assert_false(plan_goal_offer(lib, &g, 0));
    assert_false(plan_goal_offer(lib, &g, 20));
    assert_true(plan_goal_offer(lib, &g, 34));
    assert_true(plan_goal_offer(lib, &g, 45));
    g.achieved_at = NOW;
    assert_false(plan_goal_offer(lib, &g, 36));
    g.achieved_at = 0;

    json_t *j = plan_goal_json(lib, &g, 20);
    json_t *p = json_object_get(j, "progress");
    assert_string_equal(json_string_value(json_object_get(p, "position")), "below");
    assert_int_equal(json_integer_value(json_object_get(p, "near_mm")), 14);
    assert_int_equal(json_integer_value(json_object_get(p, "far_mm")), 21);
    assert_string_equal(json_string_value(json_object_get(p, "text")),
                        "About 14 to 21 mm to go: this goal is about 34-41 mm.");
    assert_true(json_is_false(json_object_get(p, "offer_reached")));
    assert_string_equal(json_string_value(json_object_get(j, "name")), "Intercourse");
    assert_true(json_is_null(json_object_get(j, "achieved_at")));
    json_decref(j);

    memset(&g, 0, sizeof g);
    snprintf(g.goal_id, sizeof g.goal_id, "custom");
    snprintf(g.label, sizeof g.label, "My own");
    g.min_mm = 22;
    g.max_mm = 24;
    j = plan_goal_json(lib, &g, 0);
    p = json_object_get(j, "progress");
    assert_string_equal(json_string_value(json_object_get(p, "position")), "unknown");
    assert_true(json_is_null(json_object_get(p, "near_mm")));
    assert_string_equal(json_string_value(json_object_get(j, "label")), "My own");
    assert_true(json_is_null(json_object_get(j, "source")));
    json_decref(j);
    assert_true(plan_goal_offer(lib, &g, 23));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_builtin_library_has_every_program_and_the_goals),
        cmocka_unit_test(the_library_refuses_misnamed_doubled_or_defaultless_programs),
        cmocka_unit_test(a_program_choice_reads_strictly),
        cmocka_unit_test(without_a_start_the_same_program_keeps_its_start),
        cmocka_unit_test(stored_params_are_read_leniently),
        cmocka_unit_test(rules_are_the_programs_then_hers),
        cmocka_unit_test(this_week_starts_on_her_monday),
        cmocka_unit_test(this_week_is_said_kindly),
        cmocka_unit_test(goals_read_strictly),
        cmocka_unit_test(her_own_goals_have_limits),
        cmocka_unit_test(progress_is_a_range_and_the_offer_comes_within_it),
    };
    return cmocka_run_group_tests_name("core: her plan", tests, load, unload);
}
