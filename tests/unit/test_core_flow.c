/*
 * test_core_flow.c - the guided practice session (core/flow.h): the whole
 * transition table, each step's requirements, times and spasms from the
 * times passed in, "stop" from every step, and a reload in every step.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/flow.h"
#include "core/util.h"

#include <string.h>

#define T0 1795547100 /* 2026-11-24T19:05:00Z */

/* The table as the product describes it, written out independently of
 * flow.c: expected[step][event] is the next step, or -1. */
static int expected(enum flow_step s, enum flow_event e)
{
    switch (s) {
    case FLOW_CHECKIN:
        return e == FEV_CHECKIN  ? FLOW_PREPARE
               : e == FEV_UNSAFE ? FLOW_NOT_TODAY
               : e == FEV_STOP   ? FLOW_CHECKOUT
                                 : -1;
    case FLOW_PREPARE:
        return e == FEV_PREPARED ? FLOW_RELAX
               : e == FEV_STOP   ? FLOW_CHECKOUT
               : e == FEV_BACK   ? FLOW_CHECKIN
                                 : -1;
    case FLOW_RELAX:
        return e == FEV_RELAXED ? FLOW_PRACTICE
               : e == FEV_STOP  ? FLOW_CHECKOUT
               : e == FEV_BACK  ? FLOW_PREPARE
                                : -1;
    case FLOW_PRACTICE:
        return e == FEV_SPASM ? FLOW_SPASM : e == FEV_DONE || e == FEV_STOP ? FLOW_CHECKOUT : -1;
    case FLOW_SPASM:
        return e == FEV_EASED ? FLOW_PRACTICE : e == FEV_STOP ? FLOW_CHECKOUT : -1;
    case FLOW_CHECKOUT:
        return e == FEV_CHECKOUT ? FLOW_SUMMARY : -1;
    case FLOW_HARD:
        return e == FEV_GENTLE   ? FLOW_RELAX
               : e == FEV_REST   ? FLOW_NOT_TODAY
               : e == FEV_ANYWAY ? FLOW_PREPARE
               : e == FEV_BACK   ? FLOW_CHECKIN
                                 : -1;
    case FLOW_NOT_TODAY:
    case FLOW_SUMMARY:
    case FLOW_STEP_COUNT:
        break;
    }
    return -1;
}

static void apply_ok(struct flow *f, enum flow_event ev, int64_t now)
{
    struct pace_error err = {0};
    if (flow_apply(f, ev, now, &err) != 0)
        fail_msg("%s in %s: %s", flow_event_name(ev), flow_step_name(f->step), err.msg);
}

/* Walks a new flow to step s along the way she would go, each step's
 * answers given. Times advance by 60 s per event from T0. */
static void flow_at(struct flow *f, enum flow_step s)
{
    flow_init(f, T0);
    f->rec.before = (struct scores){true, 6, 5, 1};
    if (s == FLOW_CHECKIN)
        return;
    if (s == FLOW_NOT_TODAY) {
        f->rec.safety = SAFETY_INFECTION;
        apply_ok(f, FEV_UNSAFE, T0 + 60);
        return;
    }
    if (s == FLOW_HARD) {
        f->rec.before = (struct scores){true, 9, 9, 5};
        apply_ok(f, FEV_CHECKIN, T0 + 60);
        return;
    }
    apply_ok(f, FEV_CHECKIN, T0 + 60);
    if (s == FLOW_PREPARE)
        return;
    strcpy(f->rec.dilator_id, "fms-20");
    f->rec.diameter_mm = 20;
    apply_ok(f, FEV_PREPARED, T0 + 120);
    if (s == FLOW_RELAX)
        return;
    apply_ok(f, FEV_RELAXED, T0 + 180);
    if (s == FLOW_PRACTICE)
        return;
    apply_ok(f, FEV_SPASM, T0 + 240);
    if (s == FLOW_SPASM)
        return;
    apply_ok(f, FEV_EASED, T0 + 260);
    apply_ok(f, FEV_DONE, T0 + 780);
    if (s == FLOW_CHECKOUT)
        return;
    f->rec.after = (struct scores){true, 3, 2, 1};
    apply_ok(f, FEV_CHECKOUT, T0 + 840);
}

static char *dump(const struct flow *f)
{
    json_t *j = flow_to_json(f);
    char *s = json_dumps(j, JSON_SORT_KEYS);
    json_decref(j);
    return s;
}

static void every_step_and_event_follows_the_table(void **state)
{
    (void)state;
    for (int s = 0; s < FLOW_STEP_COUNT; s++) {
        for (int e = 0; e < FEV_COUNT; e++) {
            int want = expected((enum flow_step)s, (enum flow_event)e);
            assert_int_equal(flow_allows((enum flow_step)s, (enum flow_event)e), want >= 0);
            struct flow f;
            flow_at(&f, (enum flow_step)s);
            /* every requirement met, so only the table decides */
            if (e == FEV_UNSAFE)
                f.rec.safety = SAFETY_BLEEDING;
            if (strcmp(f.rec.dilator_id, "") == 0 && s != FLOW_NOT_TODAY)
                strcpy(f.rec.dilator_id, "fms-20");
            f.rec.after = (struct scores){true, 2, 2, 2};
            char *before = dump(&f);
            struct pace_error err = {0};
            int rc = flow_apply(&f, (enum flow_event)e, T0 + 900, &err);
            if (want >= 0) {
                if (rc != 0)
                    fail_msg("%s in %s refused: %s", flow_event_name((enum flow_event)e),
                             flow_step_name((enum flow_step)s), err.msg);
                assert_int_equal(f.step, want);
            } else {
                assert_int_equal(rc, PACE_EINVAL);
                assert_true(err.msg[0] != '\0');
                char *after = dump(&f);
                assert_string_equal(before, after); /* refused: nothing changed */
                free(after);
            }
            free(before);
            flow_clear(&f);
        }
    }
    assert_false(flow_allows(FLOW_STEP_COUNT, FEV_STOP));
    assert_false(flow_allows(FLOW_CHECKIN, FEV_COUNT));
}

/* ev in f's current step is refused for want_field, and f is unchanged. */
static void refused(struct flow *f, enum flow_event ev, const char *want_field)
{
    char *before = dump(f);
    struct pace_error err = {0};
    assert_int_equal(flow_apply(f, ev, T0 + 999, &err), PACE_EINVAL);
    assert_string_equal(err.field, want_field);
    char *after = dump(f);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

static void each_step_asks_for_its_answers(void **state)
{
    (void)state;
    struct flow f;
    flow_init(&f, T0);
    refused(&f, FEV_CHECKIN, "before"); /* check-in needs the three scores */
    refused(&f, FEV_UNSAFE, "safety");  /* "not today" needs a reason */
    f.rec.before = (struct scores){true, 6, 5, 1};
    f.rec.safety = SAFETY_BLEEDING;
    refused(&f, FEV_CHECKIN, "safety"); /* a reason that applies means not today */
    f.rec.safety = 0;
    apply_ok(&f, FEV_CHECKIN, T0 + 10);
    refused(&f, FEV_PREPARED, "dilator_id"); /* prepare needs a dilator */
    flow_clear(&f);

    flow_at(&f, FLOW_CHECKOUT);
    f.rec.after.set = false;
    refused(&f, FEV_CHECKOUT, "after"); /* check-out needs the after scores */
    flow_clear(&f);
}

static void not_today_records_the_reason_and_no_dilator(void **state)
{
    (void)state;
    struct flow f;
    flow_init(&f, T0);
    f.rec.before = (struct scores){true, 2, 2, 0};
    strcpy(f.rec.dilator_id, "fms-20"); /* chosen earlier, then a safety answer */
    f.rec.diameter_mm = 20;
    f.rec.safety = SAFETY_INFECTION | SAFETY_CLINICIAN_REST;
    apply_ok(&f, FEV_UNSAFE, T0 + 30);
    assert_int_equal(f.step, FLOW_NOT_TODAY);
    assert_int_equal(f.rec.outcome, OUTCOME_NOT_TODAY);
    assert_string_equal(f.rec.dilator_id, "");
    assert_true(f.rec.diameter_mm == 0);
    assert_int_equal(f.rec.duration_s, 0);
    assert_int_equal(practice_validate(&f.rec, T0 + 30, NULL), 0);
    flow_clear(&f);
}

/* Very high check-in scores offer gentler choices first; pain at the stop
 * rules out a dilator today. */
static void a_hard_check_in_gets_an_answer(void **state)
{
    (void)state;
    struct flow f;
    static const struct scores hard[] = {
        {true, 9, 9, 9}, {true, 8, 0, 0}, {true, 0, 8, 0}, {true, 0, 0, 6}};
    static const struct scores fine[] = {{true, 7, 7, 5}, {true, 0, 0, 0}};
    for (size_t i = 0; i < sizeof hard / sizeof hard[0]; i++) {
        flow_init(&f, T0);
        f.rec.before = hard[i];
        apply_ok(&f, FEV_CHECKIN, T0 + 10);
        assert_int_equal(f.step, FLOW_HARD);
        assert_true(flow_checkin_hard(&hard[i]));
        flow_clear(&f);
    }
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++) {
        flow_init(&f, T0);
        f.rec.before = fine[i];
        apply_ok(&f, FEV_CHECKIN, T0 + 10);
        assert_int_equal(f.step, FLOW_PREPARE);
        flow_clear(&f);
    }

    /* breathing alone: no dilator, straight to the pacer */
    flow_at(&f, FLOW_HARD);
    strcpy(f.rec.dilator_id, "fms-20");
    apply_ok(&f, FEV_GENTLE, T0 + 100);
    assert_int_equal(f.step, FLOW_RELAX);
    assert_true(f.without_dilator);
    assert_string_equal(f.rec.dilator_id, "");
    assert_int_equal(f.relax_started_at, T0 + 100);
    flow_clear(&f);

    /* rest today: a valid "not today" without a safety reason */
    flow_at(&f, FLOW_HARD);
    apply_ok(&f, FEV_REST, T0 + 100);
    assert_int_equal(f.step, FLOW_NOT_TODAY);
    assert_int_equal(f.rec.outcome, OUTCOME_NOT_TODAY);
    assert_int_equal(f.rec.safety, 0);
    assert_int_equal(practice_validate(&f.rec, T0 + 100, NULL), 0);
    flow_clear(&f);

    /* on with a dilator after all, unless the pain is at the stop */
    flow_at(&f, FLOW_HARD);
    apply_ok(&f, FEV_ANYWAY, T0 + 100);
    assert_int_equal(f.step, FLOW_PREPARE);
    flow_clear(&f);
    flow_init(&f, T0);
    f.rec.before = (struct scores){true, 2, 2, 8};
    apply_ok(&f, FEV_CHECKIN, T0 + 10);
    assert_true(flow_checkin_at_stop(&f));
    refused(&f, FEV_ANYWAY, "pain");
    flow_clear(&f);
    /* her stricter stop counts; a looser one does not */
    flow_init(&f, T0);
    f.rec.before = (struct scores){true, 2, 2, 6};
    f.pain_stop = 6;
    apply_ok(&f, FEV_CHECKIN, T0 + 10);
    refused(&f, FEV_ANYWAY, "pain");
    f.pain_stop = 10;
    assert_false(flow_checkin_at_stop(&f));
    f.rec.before.pain = 8;
    assert_true(flow_checkin_at_stop(&f));
    flow_clear(&f);
}

/* Reaching the practice with a dilator records gentle movement (it is what
 * the practice step guides); she may say she kept it still. Without a
 * dilator, or stopped before the practice, there is none. */
static void movement_is_recorded_from_the_practice_step(void **state)
{
    (void)state;
    struct flow f;
    flow_at(&f, FLOW_CHECKOUT);
    assert_true(f.rec.exercises & EX_FLEXIBILIZATION);
    f.rec.after = (struct scores){true, 1, 1, 1};
    apply_ok(&f, FEV_CHECKOUT, T0 + 900);
    assert_true(f.rec.exercises & EX_FLEXIBILIZATION);
    flow_clear(&f);

    flow_at(&f, FLOW_PREPARE);
    apply_ok(&f, FEV_STOP, T0 + 200);
    assert_false(f.rec.exercises & EX_FLEXIBILIZATION);
    f.rec.exercises |= EX_FLEXIBILIZATION; /* a form cannot add it back */
    f.rec.after = (struct scores){true, 1, 1, 1};
    apply_ok(&f, FEV_CHECKOUT, T0 + 300);
    assert_false(f.rec.exercises & EX_FLEXIBILIZATION);
    flow_clear(&f);

    flow_at(&f, FLOW_HARD);
    apply_ok(&f, FEV_GENTLE, T0 + 100);
    apply_ok(&f, FEV_RELAXED, T0 + 200);
    apply_ok(&f, FEV_DONE, T0 + 800);
    assert_false(f.rec.exercises & EX_FLEXIBILIZATION);
    flow_clear(&f);
}

/* Only bleeding can be noted at the check-out of a practised session. */
static void bleeding_can_be_noted_at_the_check_out(void **state)
{
    (void)state;
    struct flow f;
    flow_at(&f, FLOW_CHECKOUT);
    f.rec.after = (struct scores){true, 1, 1, 1};
    f.rec.safety = SAFETY_BLEEDING | SAFETY_INFECTION;
    apply_ok(&f, FEV_CHECKOUT, T0 + 900);
    assert_int_equal(f.rec.safety, SAFETY_BLEEDING);
    assert_int_equal(practice_validate(&f.rec, T0 + 900, NULL), 0);
    flow_clear(&f);
}

static void durations_and_spasms_come_from_the_times_given(void **state)
{
    (void)state;
    struct flow f;
    flow_init(&f, T0);
    assert_int_equal(f.rec.started_at, T0);
    f.rec.before = (struct scores){true, 6, 5, 1};
    apply_ok(&f, FEV_CHECKIN, T0 + 30);
    strcpy(f.rec.dilator_id, "fms-20");
    apply_ok(&f, FEV_PREPARED, T0 + 60);
    assert_int_equal(f.relax_started_at, T0 + 60);
    assert_int_equal(flow_practice_elapsed(&f, T0 + 100), 0); /* not started yet */
    apply_ok(&f, FEV_RELAXED, T0 + 120);
    assert_int_equal(f.practice_started_at, T0 + 120);
    assert_int_equal(f.rec.started_at, T0 + 120); /* the session starts with practice */
    assert_int_equal(f.rec.exercises & (EX_BREATHING | EX_RELAXATION),
                     EX_BREATHING | EX_RELAXATION);           /* 60 s of breathing */
    assert_int_equal(flow_practice_elapsed(&f, T0 + 100), 0); /* clock went back */
    assert_int_equal(flow_practice_elapsed(&f, T0 + 420), 300);
    assert_int_equal(flow_practice_elapsed(&f, T0 + 120 + 5 * 3600), PRACTICE_MAX_DURATION_S);

    apply_ok(&f, FEV_SPASM, T0 + 180);
    apply_ok(&f, FEV_EASED, T0 + 200);
    apply_ok(&f, FEV_SPASM, T0 + 400);
    apply_ok(&f, FEV_EASED, T0 + 400); /* eased the same second: at least 1 s */
    assert_int_equal(f.rec.nspasms, 2);
    assert_int_equal(f.rec.spasms[0].at_s, 60);
    assert_int_equal(f.rec.spasms[0].duration_s, 20);
    assert_int_equal(f.rec.spasms[1].at_s, 280);
    assert_int_equal(f.rec.spasms[1].duration_s, 1);
    apply_ok(&f, FEV_SPASM, T0 + 600);
    apply_ok(&f, FEV_STOP, T0 + 645); /* a stop during a spasm closes it */
    assert_int_equal(f.rec.nspasms, 3);
    assert_int_equal(f.rec.spasms[2].at_s, 480);
    assert_int_equal(f.rec.spasms[2].duration_s, 45);
    assert_int_equal(f.spasm_started_at, 0);
    assert_int_equal(f.rec.duration_s, 525);
    assert_int_equal(f.rec.outcome, OUTCOME_STOPPED);
    f.rec.after = (struct scores){true, 4, 3, 2};
    apply_ok(&f, FEV_CHECKOUT, T0 + 700);
    assert_int_equal(practice_validate(&f.rec, T0 + 700, NULL), 0);
    flow_clear(&f);

    /* a short breathing pause is not counted as an exercise; done completes */
    flow_at(&f, FLOW_RELAX);
    f.rec.exercises = 0;
    apply_ok(&f, FEV_RELAXED, T0 + 120 + 29);
    assert_int_equal(f.rec.exercises, 0);
    apply_ok(&f, FEV_DONE, T0 + 149 + 600);
    assert_int_equal(f.rec.duration_s, 600);
    assert_int_equal(f.rec.outcome, OUTCOME_COMPLETED);
    flow_clear(&f);
}

static void stop_from_each_step_is_a_valid_stopped_session(void **state)
{
    (void)state;
    static const enum flow_step steps[] = {FLOW_CHECKIN, FLOW_PREPARE, FLOW_RELAX, FLOW_PRACTICE,
                                           FLOW_SPASM};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        struct flow f;
        flow_at(&f, steps[i]);
        apply_ok(&f, FEV_STOP, T0 + 1000);
        assert_int_equal(f.step, FLOW_CHECKOUT);
        assert_int_equal(f.rec.outcome, OUTCOME_STOPPED);
        if (f.practice_started_at == 0) { /* stopped before practice began */
            assert_int_equal(f.rec.duration_s, 0);
            assert_int_equal(f.rec.started_at, T0);
        } else {
            assert_int_equal(f.rec.duration_s, 1000 - 180);
        }
        f.rec.after = (struct scores){true, 5, 5, 0};
        apply_ok(&f, FEV_CHECKOUT, T0 + 1010);
        assert_int_equal(f.step, FLOW_SUMMARY);
        struct pace_error err = {0};
        if (practice_validate(&f.rec, T0 + 1010, &err) != 0)
            fail_msg("stop in %s: %s (%s)", flow_step_name(steps[i]), err.msg, err.field);
        flow_clear(&f);
    }
    /* A stop in the very second the practice began still counts as
     * practice (one second), never as "before it began". */
    {
        struct flow f;
        flow_at(&f, FLOW_PRACTICE);
        apply_ok(&f, FEV_STOP, f.practice_started_at);
        assert_int_equal(f.rec.duration_s, 1);
        assert_int_equal(practice_validate(&f.rec, T0 + 1010, NULL), 0);
        flow_clear(&f);
    }
    static const enum flow_step after[] = {FLOW_NOT_TODAY, FLOW_CHECKOUT, FLOW_SUMMARY};
    for (size_t i = 0; i < 3; i++) {
        struct flow f;
        flow_at(&f, after[i]);
        refused(&f, FEV_STOP, "");
        flow_clear(&f);
    }
}

/* to_json -> text -> from_json, then the same event on both copies leads
 * to the same state. */
static void reload(const struct flow *f, struct flow *out)
{
    char *text = dump(f);
    json_t *j = json_loads(text, 0, NULL);
    struct pace_error err = {0};
    if (flow_from_json(j, out, &err) != 0)
        fail_msg("reload in %s: %s (%s)", flow_step_name(f->step), err.msg, err.field);
    json_decref(j);
    char *again = dump(out);
    assert_string_equal(text, again);
    free(text);
    free(again);
}

static void a_reload_in_every_step_continues_where_she_was(void **state)
{
    (void)state;
    for (int s = 0; s < FLOW_STEP_COUNT; s++) {
        struct flow f, g;
        flow_at(&f, (enum flow_step)s);
        f.planned_s = 15 * 60;
        f.relax_s = 90;
        f.pattern = BREATH_BOX;
        f.rec.note = xstrdup("so far so good ✓");
        reload(&f, &g);
        assert_int_equal(g.step, s);
        assert_int_equal(g.planned_s, 15 * 60);
        assert_int_equal(g.pattern, BREATH_BOX);
        assert_int_equal(g.spasm_started_at, f.spasm_started_at);
        assert_string_equal(g.rec.dilator_id, f.rec.dilator_id);
        for (int e = 0; e < FEV_COUNT; e++) {
            if (!flow_allows((enum flow_step)s, (enum flow_event)e))
                continue;
            struct flow a, b;
            reload(&f, &a);
            reload(&g, &b);
            if (e == FEV_UNSAFE)
                a.rec.safety = b.rec.safety = SAFETY_BLEEDING;
            a.rec.after = b.rec.after = (struct scores){true, 1, 1, 1};
            int ra = flow_apply(&a, (enum flow_event)e, T0 + 2000, NULL);
            int rb = flow_apply(&b, (enum flow_event)e, T0 + 2000, NULL);
            assert_int_equal(ra, rb);
            char *da = dump(&a), *db = dump(&b);
            assert_string_equal(da, db);
            free(da);
            free(db);
            flow_clear(&a);
            flow_clear(&b);
        }
        flow_clear(&f);
        flow_clear(&g);
    }
}

static void breathing_and_relaxation_alone_is_a_whole_session(void **state)
{
    (void)state;
    struct flow f;
    flow_init(&f, T0);
    f.rec.before = (struct scores){true, 4, 5, 0};
    apply_ok(&f, FEV_CHECKIN, T0 + 10);
    /* She had picked a dilator, then chose none: no size stays behind. */
    strcpy(f.rec.dilator_id, "fms-20");
    f.rec.diameter_mm = 20;
    f.without_dilator = true;
    apply_ok(&f, FEV_PREPARED, T0 + 60);
    assert_string_equal(f.rec.dilator_id, "");
    assert_true(f.rec.diameter_mm == 0);
    apply_ok(&f, FEV_RELAXED, T0 + 180);
    struct flow back;
    reload(&f, &back); /* the choice survives a reload */
    assert_true(back.without_dilator);
    flow_clear(&back);
    apply_ok(&f, FEV_DONE, T0 + 780);
    f.rec.after = (struct scores){true, 2, 2, 0};
    apply_ok(&f, FEV_CHECKOUT, T0 + 800);
    assert_int_equal(f.rec.outcome, OUTCOME_COMPLETED);
    assert_int_equal(f.rec.duration_s, 600);
    assert_int_equal(practice_validate(&f.rec, T0 + 800, NULL), 0);
    flow_clear(&f);

    /* A saved state claiming both is damaged. */
    json_t *j = json_pack("{s:s, s:s, s:b, s:{s:s, s:s, s:f}}", "step", "relax", "pattern",
                          "resonance", "without_dilator", 1, "record", "started_at",
                          "2026-11-24T19:00:00Z", "dilator_id", "fms-20", "diameter_mm", 20.0);
    struct pace_error err = {0};
    assert_int_not_equal(flow_from_json(j, &f, &err), 0);
    flow_clear(&f);
    json_decref(j);
}

static void a_damaged_state_is_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "{}",
        "[]",
        "{\"step\":\"dancing\",\"pattern\":\"box\",\"record\":{}}",
        "{\"step\":\"relax\",\"pattern\":\"panting\",\"record\":{}}",
        "{\"step\":\"relax\",\"pattern\":\"box\"}",
        "{\"step\":\"relax\",\"pattern\":\"box\",\"record\":{\"outcome\":\"completed\"}}",
        ("{\"step\":\"relax\",\"pattern\":\"box\",\"record\":{\"started_at\":"
         "\"2026-11-24T19:05:00Z\",\"outcome\":\"completed\",\"max_pain\":12}}"),
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = json_loads(bad[i], 0, NULL);
        struct flow f;
        struct pace_error err = {0};
        if (flow_from_json(j, &f, &err) == 0)
            fail_msg("accepted %s", bad[i]);
        assert_null(f.rec.note);
        json_decref(j);
    }
    /* timers out of range fall back to the defaults */
    json_t *j = json_loads("{\"step\":\"relax\",\"pattern\":\"478\",\"planned_s\":5,"
                           "\"relax_s\":99999,\"record\":{\"started_at\":"
                           "\"2026-11-24T19:05:00Z\",\"outcome\":\"completed\"}}",
                           0, NULL);
    struct flow f;
    assert_int_equal(flow_from_json(j, &f, NULL), 0);
    assert_int_equal(f.planned_s, FLOW_DEFAULT_PRACTICE_S);
    assert_int_equal(f.relax_s, FLOW_DEFAULT_RELAX_S);
    assert_int_equal(f.pattern, BREATH_478);
    assert_string_equal(f.rec.dilator_id, "");
    flow_clear(&f);
    json_decref(j);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int s = 0; s < FLOW_STEP_COUNT; s++)
        assert_int_equal(flow_step_parse(flow_step_name((enum flow_step)s)), s);
    for (int e = 0; e < FEV_COUNT; e++)
        assert_int_equal(flow_event_parse(flow_event_name((enum flow_event)e)), e);
    for (int b = 0; b < BREATH_COUNT; b++)
        assert_int_equal(breathing_parse(breathing_name((enum breathing_pattern)b)), b);
    assert_null(flow_step_name(FLOW_STEP_COUNT));
    assert_null(flow_event_name(FEV_COUNT));
    assert_int_equal(flow_event_parse("jump"), -1);
    assert_int_equal(flow_step_parse(NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_step_and_event_follows_the_table),
        cmocka_unit_test(each_step_asks_for_its_answers),
        cmocka_unit_test(not_today_records_the_reason_and_no_dilator),
        cmocka_unit_test(breathing_and_relaxation_alone_is_a_whole_session),
        cmocka_unit_test(durations_and_spasms_come_from_the_times_given),
        cmocka_unit_test(stop_from_each_step_is_a_valid_stopped_session),
        cmocka_unit_test(a_reload_in_every_step_continues_where_she_was),
        cmocka_unit_test(a_damaged_state_is_refused),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(a_hard_check_in_gets_an_answer),
        cmocka_unit_test(movement_is_recorded_from_the_practice_step),
        cmocka_unit_test(bleeding_can_be_noted_at_the_check_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
