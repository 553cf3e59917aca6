/*
 * test_core_practice.c - the practice record (core/practice.h): a table of
 * every field at and beyond its limits, wrong types and unknown fields,
 * RFC 3339 timestamps, and JSON round trips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/jsonout.h"
#include "core/practice.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define NOW 1795564800 /* 2026-11-25T00:00:00Z */

static const char base_json[] =
    "{\"started_at\":\"2026-11-24T19:05:00Z\",\"duration_s\":600,\"dilator_id\":\"fms-20\","
    "\"diameter_mm\":20,\"temperature\":\"warm\",\"lubricant\":\"water_based\","
    "\"with_partner\":false,\"exercises\":[\"breathing\"],"
    "\"before\":{\"fear\":5,\"tension\":4,\"pain\":1},"
    "\"after\":{\"fear\":2,\"tension\":2,\"pain\":1},\"max_pain\":3,"
    "\"spasms\":[{\"at_s\":30,\"duration_s\":10}],\"outcome\":\"completed\","
    "\"felt_safe\":true,\"helped\":[\"breathing\"],\"safety\":[],\"note\":\"ok\"}";

static json_t *base(void)
{
    json_t *j = json_loads(base_json, 0, NULL);
    assert_non_null(j);
    return j;
}

/* Merges patch (JSON text) into the base record: a key whose value is the
 * string "<delete>" is removed. Returns the field practice_from_json
 * blames, "" for a field-less error, or NULL when it accepts. */
static char *try_patch(const char *patch)
{
    static char field[64];
    json_t *j = base();
    json_error_t je;
    json_t *p = json_loads(patch, 0, &je);
    if (p == NULL)
        fail_msg("bad patch %s: %s", patch, je.text);
    const char *k;
    json_t *v;
    json_object_foreach(p, k, v)
    {
        if (json_is_string(v) && strcmp(json_string_value(v), "<delete>") == 0)
            json_object_del(j, k);
        else
            json_object_set(j, k, v);
    }
    json_decref(p);
    struct practice rec;
    struct pace_error err = {0};
    int rc = practice_from_json(j, NOW, &rec, &err);
    json_decref(j);
    if (rc == 0) {
        practice_clear(&rec);
        return NULL;
    }
    assert_int_equal(rc, PACE_EINVAL);
    assert_true(err.msg[0] != '\0');
    /* practice_from_json leaves nothing behind on error */
    assert_null(rec.note);
    assert_int_equal(rec.nspasms, 0);
    snprintf(field, sizeof field, "%s", err.field);
    return field;
}

struct row {
    const char *patch;
    const char *field; /* NULL: accepted */
};

static const struct row table[] = {
    /* the base itself */
    {"{}", NULL},
    /* scores: -1 / 0 / 10 / 11 */
    {"{\"before\":{\"fear\":-1,\"tension\":0,\"pain\":0}}", "before.fear"},
    {"{\"before\":{\"fear\":0,\"tension\":0,\"pain\":0}}", NULL},
    {"{\"before\":{\"fear\":10,\"tension\":10,\"pain\":10}}", NULL},
    {"{\"before\":{\"fear\":11,\"tension\":0,\"pain\":0}}", "before.fear"},
    {"{\"before\":{\"fear\":0,\"tension\":-1,\"pain\":0}}", "before.tension"},
    {"{\"before\":{\"fear\":0,\"tension\":11,\"pain\":0}}", "before.tension"},
    {"{\"before\":{\"fear\":0,\"tension\":0,\"pain\":-1}}", "before.pain"},
    {"{\"before\":{\"fear\":0,\"tension\":0,\"pain\":11}}", "before.pain"},
    {"{\"after\":{\"fear\":-1,\"tension\":0,\"pain\":0}}", "after.fear"},
    {"{\"after\":{\"fear\":11,\"tension\":0,\"pain\":0}}", "after.fear"},
    {"{\"after\":{\"fear\":0,\"tension\":-1,\"pain\":0}}", "after.tension"},
    {"{\"after\":{\"fear\":0,\"tension\":11,\"pain\":0}}", "after.tension"},
    {"{\"after\":{\"fear\":0,\"tension\":0,\"pain\":-1}}", "after.pain"},
    {"{\"after\":{\"fear\":0,\"tension\":0,\"pain\":11}}", "after.pain"},
    {"{\"after\":{\"fear\":10,\"tension\":10,\"pain\":10}}", NULL},
    {"{\"after\":{\"fear\":0,\"tension\":0}}", "after.pain"},
    {"{\"before\":null,\"after\":null}", NULL},
    {"{\"max_pain\":-1}", "max_pain"},
    {"{\"max_pain\":0}", NULL},
    {"{\"max_pain\":10}", NULL},
    {"{\"max_pain\":11}", "max_pain"},
    {"{\"max_pain\":null}", NULL},
    /* duration -1 / 0 / 14400 / 14401 */
    {"{\"duration_s\":-1}", "duration_s"},
    {"{\"duration_s\":0}", NULL},
    {"{\"duration_s\":14400}", NULL},
    {"{\"duration_s\":14401}", "duration_s"},
    {"{\"duration_s\":\"<delete>\"}", NULL},
    /* one spasm: duration 0 / 1 / 3600 / 3601, start within the session */
    {"{\"spasms\":[{\"at_s\":30,\"duration_s\":0}]}", "spasms[0].duration_s"},
    {"{\"spasms\":[{\"at_s\":30,\"duration_s\":1}]}", NULL},
    {"{\"spasms\":[{\"at_s\":30,\"duration_s\":3600}]}", NULL},
    {"{\"spasms\":[{\"at_s\":30,\"duration_s\":3601}]}", "spasms[0].duration_s"},
    {"{\"spasms\":[{\"at_s\":-1,\"duration_s\":5}]}", "spasms[0].at_s"},
    {"{\"spasms\":[{\"at_s\":0,\"duration_s\":5}]}", NULL},
    {"{\"spasms\":[{\"at_s\":600,\"duration_s\":5}]}", NULL},
    {"{\"spasms\":[{\"at_s\":601,\"duration_s\":5}]}", "spasms[0].at_s"},
    {"{\"spasms\":[{\"at_s\":1,\"duration_s\":5},{\"at_s\":2}]}", "spasms[1].duration_s"},
    {"{\"spasms\":[]}", NULL},
    /* enums and sets */
    {"{\"temperature\":\"room\"}", NULL},
    {"{\"temperature\":\"cool\"}", NULL},
    {"{\"temperature\":\"hot\"}", "temperature"},
    {"{\"temperature\":\"<delete>\"}", NULL},
    {"{\"lubricant\":\"oil_based\"}", NULL},
    {"{\"lubricant\":\"vaseline\"}", "lubricant"},
    {"{\"lubricant\":null}", NULL},
    {"{\"outcome\":\"stopped\"}", NULL},
    {"{\"outcome\":\"done\"}", "outcome"},
    {"{\"outcome\":\"<delete>\"}", "outcome"},
    {"{\"exercises\":[\"breathing\",\"relaxation\",\"body_awareness\",\"exploration\","
     "\"flexibilization\"]}",
     NULL},
    {"{\"exercises\":[\"breathing\",\"yoga\"]}", "exercises[1]"},
    {"{\"helped\":[\"breathing\",\"warmth\",\"movement\",\"partner\",\"other\"]}", NULL},
    {"{\"helped\":[1]}", "helped[0]"},
    {"{\"safety\":[\"infection\"]}", "safety"}, /* only with not_today */
    {"{\"safety\":[\"clinician_rest\"]}", "safety"},
    {"{\"safety\":[\"bleeding\",\"infection\"],\"outcome\":\"stopped\"}", "safety"},
    {"{\"safety\":[\"bleeding\"]}", NULL}, /* noticed after practice */
    {"{\"safety\":[\"bleeding\"],\"outcome\":\"stopped\"}", NULL},
    {"{\"safety\":[\"bleeding\",\"infection\",\"clinician_rest\"],\"outcome\":\"not_today\"}",
     NULL},
    {"{\"safety\":[\"fever\"],\"outcome\":\"not_today\"}", "safety[0]"},
    /* the dilator */
    {"{\"dilator_id\":null}", "diameter_mm"},
    /* Breathing and relaxation without a dilator: completed, no size. */
    {"{\"dilator_id\":null,\"diameter_mm\":null}", NULL},
    {"{\"dilator_id\":\"\"}", "dilator_id"},
    {"{\"dilator_id\":\"a234567890123456789012345678901234567890123456789012345678901234\"}", NULL},
    {"{\"dilator_id\":\"a2345678901234567890123456789012345678901234567890123456789012345\"}",
     "dilator_id"},
    {"{\"dilator_id\":\"fms\\n20\"}", "dilator_id"},
    {"{\"dilator_id\":null,\"diameter_mm\":null,\"outcome\":\"not_today\"}", NULL},
    {"{\"dilator_id\":null,\"diameter_mm\":null,\"outcome\":\"stopped\"}", NULL},
    {"{\"diameter_mm\":0.5}", "diameter_mm"},
    {"{\"diameter_mm\":1}", NULL},
    {"{\"diameter_mm\":20.5}", NULL},
    {"{\"diameter_mm\":80}", NULL},
    {"{\"diameter_mm\":80.5}", "diameter_mm"},
    {"{\"diameter_mm\":null}", NULL},
    /* times */
    {"{\"started_at\":\"2026-11-26T00:00:00Z\"}", NULL}, /* a day ahead: clocks, zones */
    {"{\"started_at\":\"2026-11-26T00:00:01Z\"}", "started_at"},
    {"{\"started_at\":\"1999-12-31T23:59:59Z\"}", "started_at"},
    {"{\"started_at\":\"2000-01-01T00:00:00Z\"}", NULL},
    {"{\"started_at\":\"2026-02-30T10:00:00Z\"}", "started_at"},
    {"{\"started_at\":\"yesterday\"}", "started_at"},
    {"{\"started_at\":\"<delete>\"}", "started_at"},
    /* unknown fields, top level and nested */
    {"{\"mood\":3}", "mood"},
    {"{\"before\":{\"fear\":1,\"tension\":1,\"pain\":1,\"mood\":2}}", "before.mood"},
    {"{\"after\":{\"fear\":1,\"tension\":1,\"pain\":1,\"x\":null}}", "after.x"},
    {"{\"spasms\":[{\"at_s\":1,\"duration_s\":5,\"strength\":3}]}", "spasms[0].strength"},
    {"{\"spasms\":[{\"at_s\":1,\"strength\":3}]}", "spasms[0].strength"},
    {"{\"id\":\"ignored\"}", NULL},
    /* wrong types: string for number, float for int, null where not allowed */
    {"{\"duration_s\":\"600\"}", "duration_s"},
    {"{\"duration_s\":600.0}", "duration_s"},
    {"{\"duration_s\":null}", "duration_s"},
    {"{\"before\":{\"fear\":\"5\",\"tension\":4,\"pain\":1}}", "before.fear"},
    {"{\"before\":{\"fear\":5.5,\"tension\":4,\"pain\":1}}", "before.fear"},
    {"{\"before\":{\"fear\":null,\"tension\":4,\"pain\":1}}", "before.fear"},
    {"{\"before\":[5,4,1]}", "before"},
    {"{\"before\":5}", "before"},
    {"{\"max_pain\":\"3\"}", "max_pain"},
    {"{\"max_pain\":3.0}", "max_pain"},
    {"{\"diameter_mm\":\"20\"}", "diameter_mm"},
    {"{\"with_partner\":null}", "with_partner"},
    {"{\"with_partner\":\"true\"}", "with_partner"},
    {"{\"with_partner\":1}", "with_partner"},
    {"{\"felt_safe\":null}", NULL},
    {"{\"felt_safe\":\"yes\"}", "felt_safe"},
    {"{\"outcome\":null}", "outcome"},
    {"{\"temperature\":null}", "temperature"},
    {"{\"started_at\":null}", "started_at"},
    {"{\"started_at\":1795547100}", "started_at"},
    {"{\"exercises\":null}", "exercises"},
    {"{\"exercises\":\"breathing\"}", "exercises"},
    {"{\"helped\":{}}", "helped"},
    {"{\"safety\":null}", "safety"},
    {"{\"spasms\":null}", "spasms"},
    {"{\"spasms\":{}}", "spasms"},
    {"{\"spasms\":[5]}", "spasms[0]"},
    {"{\"spasms\":[{\"at_s\":1.5,\"duration_s\":5}]}", "spasms[0].at_s"},
    {"{\"spasms\":[{\"at_s\":1,\"duration_s\":\"5\"}]}", "spasms[0].duration_s"},
    {"{\"dilator_id\":20}", "dilator_id"},
    {"{\"note\":5}", "note"},
    {"{\"note\":null}", NULL},
    {"{\"note\":\"\"}", NULL},
    {"{\"note\":\"bell \\u0007\"}", "note"},
    {"{\"note\":\"lines\\nand\\ttabs are fine\"}", NULL},
};

static void the_validation_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *got = try_patch(table[i].patch);
        if (table[i].field == NULL && got != NULL)
            fail_msg("%s: refused (field '%s'), want accepted", table[i].patch, got);
        if (table[i].field != NULL && (got == NULL || strcmp(got, table[i].field) != 0))
            fail_msg("%s: %s%s, want field '%s'", table[i].patch, got ? "field " : "accepted",
                     got ? got : "", table[i].field);
    }
}

/* {"spasms": [n spasms]} */
static char *spasms_patch(int n)
{
    struct buf b = {0};
    buf_puts(&b, "{\"duration_s\":3600,\"spasms\":[");
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s{\"at_s\":%d,\"duration_s\":5}", i ? "," : "", i * 10);
    buf_puts(&b, "]}");
    return buf_detach(&b);
}

static void fifty_spasms_are_allowed_not_fifty_one(void **state)
{
    (void)state;
    char *p = spasms_patch(50);
    assert_null(try_patch(p));
    free(p);
    p = spasms_patch(51);
    assert_string_equal(try_patch(p), "spasms");
    free(p);
}

/* {"note": "<n times unit>"} */
static char *note_patch(const char *unit, int n)
{
    struct buf b = {0};
    buf_puts(&b, "{\"note\":\"");
    for (int i = 0; i < n; i++)
        buf_puts(&b, unit);
    buf_puts(&b, "\"}");
    return buf_detach(&b);
}

static void notes_count_characters_not_bytes(void **state)
{
    (void)state;
    static const char *const units[] = {"a", "ü", "✓", "😀"};
    for (size_t u = 0; u < 4; u++) {
        char *p = note_patch(units[u], 4000);
        if (try_patch(p) != NULL)
            fail_msg("4000 x %s refused", units[u]);
        free(p);
        p = note_patch(units[u], 4001);
        const char *f = try_patch(p);
        if (f == NULL || strcmp(f, "note") != 0)
            fail_msg("4001 x %s accepted", units[u]);
        free(p);
    }
}

static void a_session_must_be_an_object(void **state)
{
    (void)state;
    static const char *const bodies[] = {"[]", "5", "\"s\"", "null"};
    for (size_t i = 0; i < 4; i++) {
        json_t *j = json_loads(bodies[i], JSON_DECODE_ANY, NULL);
        struct practice p;
        struct pace_error err = {0};
        assert_int_equal(practice_from_json(j, NOW, &p, &err), PACE_EINVAL);
        assert_string_equal(err.field, "");
        json_decref(j);
    }
}

static int64_t parse(const char *s)
{
    int64_t t = -12345;
    if (rfc3339_parse(s, &t) != 0)
        fail_msg("'%s' refused", s);
    return t;
}

static void rfc3339_accepts_zones_offsets_and_fractions(void **state)
{
    (void)state;
    assert_int_equal(parse("2026-11-24T19:05:00Z"), 1795547100);
    assert_int_equal(parse("2026-11-24t19:05:00z"), 1795547100);
    assert_int_equal(parse("2026-11-24T20:05:00+01:00"), 1795547100);
    assert_int_equal(parse("2026-11-24T13:35:00-05:30"), 1795547100);
    assert_int_equal(parse("2026-11-24T19:05:00+00:00"), 1795547100);
    assert_int_equal(parse("2026-11-24T19:05:00.5Z"), 1795547100);
    assert_int_equal(parse("2026-11-24T19:05:00.123456789Z"), 1795547100);
    assert_int_equal(parse("2026-11-24T20:05:00.25+01:00"), 1795547100);
    assert_int_equal(parse("2024-02-29T12:00:00Z"), 1709208000); /* leap day */
    assert_int_equal(parse("2000-02-29T00:00:00Z"), 951782400);  /* 400-year rule */
    assert_int_equal(parse("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(parse("2026-12-31T23:59:60Z"), 1798761599); /* leap second */
}

static void rfc3339_refuses_what_is_not_a_real_time(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2026-02-30T10:00:00Z", /* no such day */
        "2026-02-29T10:00:00Z", /* not a leap year */
        "2100-02-29T10:00:00Z", /* century, not a leap year */
        "2026-04-31T10:00:00Z",
        "2026-13-01T10:00:00Z",
        "2026-00-10T10:00:00Z",
        "2026-01-00T10:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:61Z",
        "2026-11-24T19:05:00",  /* no zone */
        "2026-11-24 19:05:00Z", /* space */
        "2026-11-24",
        "2026-11-24T19:05Z",
        "2026-11-24T19:05:00.Z",
        "2026-11-24T19:05:00ZZ",
        "2026-11-24T19:05:00Z ",
        " 2026-11-24T19:05:00Z",
        "2026-+1-24T19:05:00Z",
        "2026-11-24T19:05: 0Z",
        "2026-11-24T-1:05:00Z",
        "2026-11-24T19:05:00+0100",
        "2026-11-24T19:05:00+24:00",
        "2026-11-24T19:05:00+01:60",
        "2026-11-24T19:05:00+01",
        "1969-12-31T23:59:59Z",
        "",
        "T",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t t;
        if (rfc3339_parse(bad[i], &t) == 0)
            fail_msg("'%s' accepted", bad[i]);
    }
    int64_t t;
    assert_int_equal(rfc3339_parse(NULL, &t), -1);
}

static void rfc3339_format_round_trips(void **state)
{
    (void)state;
    static const int64_t times[] = {0, 951782400, 1709208000, 1795547100, 253402300799};
    for (size_t i = 0; i < 5; i++) {
        char s[32];
        rfc3339_format(times[i], s, sizeof s);
        assert_int_equal(strlen(s), 20);
        assert_int_equal(parse(s), times[i]);
    }
    char s[32];
    rfc3339_format(1795547100, s, sizeof s);
    assert_string_equal(s, "2026-11-24T19:05:00Z");
}

/* The arithmetic gives what gmtime_r and strftime give, for times from
 * 1900 to 2400 (before 1970 too), a step that lands on every hour, minute
 * and second in turn, and the days around leap days and years' ends. */
static void rfc3339_format_agrees_with_the_c_library(void **state)
{
    (void)state;
    const int64_t from = -2208988800LL, to = 13569465600LL; /* 1900 .. 2400 */
    for (int64_t t = from; t < to; t += 86400LL * 97 + 3607) {
        for (int k = 0; k < 3; k++) {
            int64_t u = t + (int64_t)k * 86399; /* also the last second of a day */
            char mine[32], libc[32];
            time_t tt = (time_t)u;
            struct tm tm;
            gmtime_r(&tt, &tm);
            strftime(libc, sizeof libc, "%Y-%m-%dT%H:%M:%SZ", &tm);
            rfc3339_format(u, mine, sizeof mine);
            if (strcmp(mine, libc) != 0)
                fail_msg("%lld: %s, the C library says %s", (long long)u, mine, libc);
        }
    }
    static const struct {
        int64_t t;
        const char *s;
    } fixed[] = {{951782399, "2000-02-28T23:59:59Z"},  {951868800, "2000-03-01T00:00:00Z"},
                 {1709164800, "2024-02-29T00:00:00Z"}, {1798761599, "2026-12-31T23:59:59Z"},
                 {-1, "1969-12-31T23:59:59Z"},         {2147483648LL, "2038-01-19T03:14:08Z"}};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        char s[32];
        rfc3339_format(fixed[i].t, s, sizeof s);
        assert_string_equal(s, fixed[i].s);
    }
}

/* to_json -> text -> from_json -> to_json gives the same JSON. */
static void round_trip(const struct practice *p)
{
    assert_int_equal(practice_validate(p, NOW, NULL), 0);
    json_t *a = practice_to_json(p);
    char *text = json_dumps(a, 0);
    json_t *b = json_loads(text, 0, NULL);
    struct practice q;
    struct pace_error err = {0};
    if (practice_from_json(b, NOW, &q, &err) != 0)
        fail_msg("%s refused: %s (%s)", text, err.msg, err.field);
    json_t *c = practice_to_json(&q);
    if (!json_equal(a, c)) {
        char *t2 = json_dumps(c, 0);
        fail_msg("differ:\n%s\n%s", text, t2);
    }
    assert_int_equal(q.started_at, p->started_at);
    assert_int_equal(q.nspasms, p->nspasms);
    assert_true(q.diameter_mm == p->diameter_mm);
    free(text);
    json_decref(a);
    json_decref(b);
    json_decref(c);
    practice_clear(&q);
}

static void json_round_trips_keep_every_field(void **state)
{
    (void)state;
    struct practice p;
    practice_init(&p);
    p.started_at = 1795547100;
    p.duration_s = 1234;
    strcpy(p.dilator_id, "custom-7");
    p.diameter_mm = 20.5;
    p.temperature = TEMP_COOL;
    p.lubricant = LUBE_SILICONE;
    p.with_partner = true;
    p.exercises = EX_BREATHING | EX_BODY_AWARENESS | EX_FLEXIBILIZATION;
    p.before = (struct scores){true, 10, 0, 7};
    p.after = (struct scores){true, 0, 10, 3};
    p.max_pain = 0;
    for (int i = 0; i < PRACTICE_MAX_SPASMS; i++)
        p.spasms[i] = (struct spasm){i * 20, 1 + i};
    p.nspasms = PRACTICE_MAX_SPASMS;
    p.felt_safe = 0;
    p.helped = HELPED_PARTNER | HELPED_OTHER;
    p.note = xstrdup("Zweimal tief geatmet – ging besser. \"quoted\" ✓\nnew line");
    round_trip(&p);
    practice_clear(&p);

    /* the least a record can be: not today */
    practice_init(&p);
    p.started_at = 1795547100;
    p.outcome = OUTCOME_NOT_TODAY;
    p.safety = SAFETY_BLEEDING | SAFETY_CLINICIAN_REST;
    round_trip(&p);
    p.safety = 0;
    p.outcome = OUTCOME_STOPPED;
    round_trip(&p);
    practice_clear(&p);

    /* and the sample in the API's base */
    json_t *j = base();
    assert_int_equal(practice_from_json(j, NOW, &p, NULL), 0);
    json_t *back = practice_to_json(&p);
    json_object_set_new(j, "id", json_null());
    assert_true(json_equal(json_object_get(back, "before"), json_object_get(j, "before")));
    assert_true(json_equal(json_object_get(back, "spasms"), json_object_get(j, "spasms")));
    assert_string_equal(json_string_value(json_object_get(back, "started_at")),
                        "2026-11-24T19:05:00Z");
    json_decref(back);
    json_decref(j);
    round_trip(&p);
    practice_clear(&p);
}

static void records_built_in_code_are_checked_too(void **state)
{
    (void)state;
    struct practice p;
    struct pace_error err = {0};
    practice_init(&p);
    p.started_at = 1795547100;
    strcpy(p.dilator_id, "fms-20");
    assert_int_equal(practice_validate(&p, NOW, &err), 0);
    p.temperature = TEMP_COUNT;
    assert_int_equal(practice_validate(&p, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "temperature");
    p.temperature = TEMP_ROOM;
    p.exercises = 1u << EXERCISE_COUNT;
    assert_int_equal(practice_validate(&p, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "exercises");
    p.exercises = 0;
    p.felt_safe = 2;
    assert_int_equal(practice_validate(&p, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "felt_safe");
    p.felt_safe = -1;
    p.nspasms = PRACTICE_MAX_SPASMS + 1;
    assert_int_equal(practice_validate(&p, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "spasms");
    p.nspasms = 0;
    p.note = xstrdup("bad \xff byte");
    assert_int_equal(practice_validate(&p, NOW, &err), PACE_EINVAL);
    assert_string_equal(err.field, "note");
    practice_clear(&p);
}

static void names_round_trip(void **state)
{
    (void)state;
    for (int i = 0; i < TEMP_COUNT; i++)
        assert_int_equal(temperature_parse(temperature_name((enum temperature)i)), i);
    for (int i = 0; i < LUBE_COUNT; i++)
        assert_int_equal(lubricant_parse(lubricant_name((enum lubricant)i)), i);
    for (int i = 0; i < OUTCOME_COUNT; i++)
        assert_int_equal(outcome_parse(outcome_name((enum outcome)i)), i);
    assert_null(temperature_name(TEMP_COUNT));
    assert_int_equal(outcome_parse(NULL), -1);
    assert_int_equal(outcome_parse("Completed"), -1);
}

/* The list writer gives exactly the bytes of jansson's tree, dumped. */
static void expect_same_json(const struct practice *p)
{
    json_t *j = practice_to_json(p);
    char *want = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(j);
    struct buf b = {0};
    practice_json_write(&b, p);
    assert_non_null(b.data);
    assert_string_equal(b.data, want);
    free(want);
    buf_free(&b);
}

static void the_streamed_json_is_byte_for_byte_jansson_s(void **state)
{
    (void)state;
    struct practice p;
    practice_init(&p);
    expect_same_json(&p); /* empty: no id, no size, no scores */
    snprintf(p.id, sizeof p.id, "%s", "0b6c3f0e-8f7a-4b4e-9d55-2c1f7f3b9a10");
    snprintf(p.dilator_id, sizeof p.dilator_id, "%s", "kit-3");
    p.started_at = 1767225600;
    p.duration_s = 900;
    p.with_partner = true;
    p.exercises = 0x5;
    p.before = (struct scores){.set = true, .fear = 5, .tension = 4, .pain = 3};
    p.after = (struct scores){.set = true, .fear = 0, .tension = 10, .pain = 2};
    p.max_pain = 4;
    p.felt_safe = 1;
    p.helped = 0x3;
    p.safety = 0x4;
    p.nspasms = 3;
    for (int i = 0; i < 3; i++)
        p.spasms[i] = (struct spasm){.at_s = 120 * i, .duration_s = 30 + i};
    static const char *const notes[] = {"",
                                        "plain",
                                        "quote \" and back\\slash / slash",
                                        "tab\tnew\nline\rcr\b\f\x01\x1f\x7f",
                                        "Übung mit Wärme – gut",
                                        "\xf0\x9f\x8c\xb8 blossom \xe2\x80\x8b zero width",
                                        "\xe6\x97\xa5\xe6\x9c\xac",
                                        "<script>&amp;</script>"};
    static const double sizes[] = {16, 16.5, 0.1, 12.25, 80, 1e-7, 3.3333333333333335, 25.4};
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        p.note = (char *)notes[i];
        p.diameter_mm = sizes[i];
        p.felt_safe = (int)i % 3 - 1;
        p.temperature = (enum temperature)(i % TEMP_COUNT);
        p.lubricant = (enum lubricant)(i % LUBE_COUNT);
        p.outcome = (enum outcome)(i % OUTCOME_COUNT);
        /* every name of every set, a few at a time */
        p.exercises = (unsigned)(0x1f >> (i % 5));
        p.helped = (unsigned)(0x1f >> (i % 4));
        p.safety = (unsigned)(0x7 >> (i % 3));
        expect_same_json(&p);
    }
    p.note = NULL;
    p.nspasms = PRACTICE_MAX_SPASMS;
    p.before.set = false;
    expect_same_json(&p);
}

/* Numbers in JSON: whole and half numbers are written without printf, the
 * same text as "%.17g" with ".0" added to a whole one; others as before. */
static void json_numbers_agree_with_the_c_library(void **state)
{
    (void)state;
    double extra[] = {999999999999999.5,
                      123456789012345.0,
                      -123456789012345.5,
                      1e15,
                      2e15,
                      0.0,
                      -0.0,
                      22.3,
                      0.1,
                      -7.25,
                      1e-7,
                      3.0e20,
                      40.5,
                      14.0};
    for (int i = -40000; i <= 40000 + (int)(sizeof extra / sizeof *extra); i++) {
        double v = i <= 40000 ? i / 2.0 : extra[i - 40001];
        struct buf b = {0};
        jsonout_real(&b, v);
        char want[48];
        snprintf(want, sizeof want, "%.17g", v);
        if (strchr(want, '.') == NULL && strchr(want, 'e') == NULL)
            strcat(want, ".0");
        char *e = strchr(want, 'e'); /* as jansson: 1e+20, not 1e+20's zeros */
        if (e) {
            char *digits = e + 1 + (e[1] == '-' || e[1] == '+');
            if (e[1] == '+')
                memmove(e + 1, e + 2, strlen(e + 2) + 1), digits--;
            while (*digits == '0' && digits[1])
                memmove(digits, digits + 1, strlen(digits + 1) + 1);
        }
        assert_string_equal(b.data, want);
        buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_numbers_agree_with_the_c_library),
        cmocka_unit_test(the_validation_table),
        cmocka_unit_test(fifty_spasms_are_allowed_not_fifty_one),
        cmocka_unit_test(notes_count_characters_not_bytes),
        cmocka_unit_test(a_session_must_be_an_object),
        cmocka_unit_test(rfc3339_accepts_zones_offsets_and_fractions),
        cmocka_unit_test(rfc3339_refuses_what_is_not_a_real_time),
        cmocka_unit_test(rfc3339_format_agrees_with_the_c_library),
        cmocka_unit_test(rfc3339_format_round_trips),
        cmocka_unit_test(json_round_trips_keep_every_field),
        cmocka_unit_test(records_built_in_code_are_checked_too),
        cmocka_unit_test(names_round_trip),
        cmocka_unit_test(the_streamed_json_is_byte_for_byte_jansson_s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
