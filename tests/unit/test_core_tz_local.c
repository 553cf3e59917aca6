/*
 * test_core_tz_local.c - local time in a zone (core/tz.h) and what counts
 * days and weeks with it: offsets in minutes, local days before and after
 * 1970, a day's first instant where midnight happens twice or is skipped
 * (at midnight and across it), weeks from Monday across a change of the
 * clocks, fixed offsets as zones and as people write them, NULL as UTC,
 * TZif files that count leap seconds refused; and the charts' weeks,
 * "this week" and the engine's "today" across Berlin's changes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/chart.h"
#include "core/engine.h"
#include "core/plan.h"
#include "core/tz.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define HOUR 3600
#define DAY 86400
#define BERLIN_SPRING INT64_C(1774746000) /* 2026-03-29 01:00 UTC, 02:00 -> 03:00 */
#define BERLIN_AUTUMN INT64_C(1792890000) /* 2026-10-25 01:00 UTC, 03:00 -> 02:00 */

static struct tz_zone rule_zone(const char *s)
{
    struct tz_rule r;
    if (tz_parse_rule(s, &r) != 0)
        fail_msg("rule \"%s\" did not parse", s);
    struct tz_zone z;
    tz_zone_from_rule(&z, &r);
    return z;
}

static int64_t utc_of(int y, int m, int d, int hh, int mm)
{
    return tz_days_from_civil(y, m, d) * DAY + hh * HOUR + mm * 60;
}

static void offsets_days_and_dates(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    assert_int_equal(tz_offset_min(&berlin, BERLIN_SPRING - 1), 60);
    assert_int_equal(tz_offset_min(&berlin, BERLIN_SPRING), 120);
    /* 22:30 UTC on Saturday is already Sunday in Berlin's summer */
    int y, m, d;
    tz_date(&berlin, utc_of(2026, 7, 4, 22, 30), &y, &m, &d);
    assert_true(y == 2026 && m == 7 && d == 5);
    assert_int_equal(tz_local_day(&berlin, utc_of(2026, 7, 4, 22, 30)),
                     tz_days_from_civil(2026, 7, 5));
    /* before 1970 too, and a minute offset that is not whole hours */
    struct tz_zone west = rule_zone("<-0330>3:30");
    assert_int_equal(tz_offset_min(&west, -1), -210);
    assert_int_equal(tz_local_day(&west, 0), -1);
    assert_int_equal(tz_local_day(&west, 3 * HOUR + 30 * 60), 0);
    /* the far future and past stay within the calendar */
    (void)tz_local_day(&berlin, INT64_MAX);
    (void)tz_local_day(&berlin, INT64_MIN);
    /* NULL is UTC everywhere */
    assert_int_equal(tz_offset(NULL, BERLIN_SPRING), 0);
    assert_int_equal(tz_offset_min(NULL, -1), 0);
    assert_int_equal(tz_local_day(NULL, -1), -1);
    assert_int_equal(tz_midnight(NULL, 2026, 1, 5), utc_of(2026, 1, 5, 0, 0));
    assert_int_equal(tz_to_utc(NULL, 12345), 12345);
    bool dst = true;
    assert_string_equal(tz_abbr(NULL, 0, &dst), "UTC");
    assert_false(dst);
    struct tz_change ch[4];
    assert_int_equal(tz_changes(NULL, 0, BERLIN_SPRING, ch, 4), 0);
}

static void first_instants_of_days(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    /* ordinary days on both sides of the changes */
    assert_int_equal(tz_midnight(&berlin, 2026, 3, 29), utc_of(2026, 3, 28, 23, 0));
    assert_int_equal(tz_midnight(&berlin, 2026, 3, 30), utc_of(2026, 3, 29, 22, 0));
    assert_int_equal(tz_day_start(&berlin, BERLIN_AUTUMN + HOUR), utc_of(2026, 10, 24, 22, 0));
    assert_int_equal(tz_day_start(&berlin, utc_of(2026, 10, 25, 23, 30)),
                     utc_of(2026, 10, 25, 23, 0));
    /* a zone whose clocks skip midnight (Sao Paulo's rule of 2018) */
    struct tz_zone sp = rule_zone("<-03>3<-02>,M11.1.0/0,M2.3.0/0");
    assert_int_equal(tz_midnight(&sp, 2026, 11, 1), utc_of(2026, 11, 1, 3, 0));
    assert_int_equal(tz_day_start(&sp, utc_of(2026, 11, 1, 12, 0)), utc_of(2026, 11, 1, 3, 0));
    /* and one whose clocks jump over midnight, from 23:30 to 00:30: the
     * day begins at the jump, not half an hour into it */
    struct tz_zone over = rule_zone("<-03>3<-02>,M11.1.0/-0:30,M2.3.0/0");
    int64_t jump = utc_of(2026, 11, 1, 2, 30); /* Saturday 23:30 at -03 */
    assert_int_equal(tz_offset(&over, jump - 1), -3 * HOUR);
    assert_int_equal(tz_offset(&over, jump), -2 * HOUR);
    assert_int_equal(tz_midnight(&over, 2026, 11, 1), jump);
    assert_int_equal(tz_day_start(&over, jump + 5 * HOUR), jump);
    /* midnight twice (clocks back from 01:00 to 00:00): the first */
    struct tz_zone twice = rule_zone("<-04>4<-03>,M3.2.0/0,M11.1.0/1");
    assert_int_equal(tz_midnight(&twice, 2026, 11, 1), utc_of(2026, 11, 1, 3, 0));
    assert_int_equal(tz_day_start(&twice, utc_of(2026, 11, 1, 4, 30)), utc_of(2026, 11, 1, 3, 0));
}

static void weeks_start_on_her_monday(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    /* Monday 26 October 2026, after the clocks went back: its week began
     * on Monday the 19th at 00:00 summer time, 169 hours before the next */
    int64_t mon19 = utc_of(2026, 10, 18, 22, 0), mon26 = utc_of(2026, 10, 25, 23, 0);
    assert_int_equal(tz_week_start(&berlin, mon26 - 1), mon19);
    assert_int_equal(tz_week_start(&berlin, mon26), mon26);
    assert_int_equal(mon26 - mon19, 7 * DAY + HOUR);
    assert_int_equal(tz_monday(tz_days_from_civil(2026, 10, 25)), tz_days_from_civil(2026, 10, 19));
    assert_int_equal(tz_monday(tz_days_from_civil(2026, 10, 26)), tz_days_from_civil(2026, 10, 26));
    assert_int_equal(tz_monday(-1), -3); /* Monday 29 December 1969 */
}

static void fixed_offsets(void **state)
{
    (void)state;
    struct tz_zone z;
    tz_zone_fixed(&z, -150);
    assert_string_equal(z.name, "UTC-02:30");
    assert_int_equal(tz_offset(&z, 0), -9000);
    assert_int_equal(tz_midnight(&z, 1970, 1, 2), DAY + 9000);
    tz_zone_fixed(&z, 0);
    assert_string_equal(z.name, "UTC");
    tz_zone_fixed(&z, 330);
    assert_string_equal(z.name, "UTC+05:30");
    assert_string_equal(tz_abbr(&z, 0, NULL), "UTC+05:30");
    tz_zone_free(&z);

    static const struct {
        const char *s;
        int minutes;
    } good[] = {{"UTC", 0},         {"UTC+1", 60},    {"UTC-05", -300},
                {"UTC+05:30", 330}, {"+01:00", 60},   {"-03:30", -210},
                {"UTC+14:00", 840}, {"-14:00", -840}, {"UTC-0:45", -45}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int m = 12345;
        if (!tz_fixed_parse(good[i].s, &m) || m != good[i].minutes)
            fail_msg("\"%s\": %d", good[i].s, m);
    }
    static const char *const bad[] = {
        "",          "UTC+", "UTC+1:5", "UTC+15",  "+60",     "+1",    "60",     "UTC+14:01",
        "UTC+01:60", "utc",  "UTC 1",   "UTC+123", "+01:00x", "GMT+1", "UTC+-1", "Europe/Berlin"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int m = 12345;
        if (tz_fixed_parse(bad[i], &m) || m != 12345)
            fail_msg("\"%s\" was taken for an offset", bad[i]);
    }
    int m;
    assert_false(tz_fixed_parse(NULL, &m));
}

static void put32(struct buf *b, uint32_t v)
{
    unsigned char p[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    buf_add(b, p, 4);
}

/* A version 1 file with one type and one leap second. */
static void leap_seconds_are_refused(void **state)
{
    (void)state;
    for (int leaps = 0; leaps <= 1; leaps++) {
        struct buf b = {0};
        buf_add(&b, "TZif", 4);
        for (int i = 0; i < 16; i++)
            buf_putc(&b, '\0');
        put32(&b, 0);               /* isutcnt */
        put32(&b, 0);               /* isstdcnt */
        put32(&b, (uint32_t)leaps); /* leapcnt */
        put32(&b, 0);               /* timecnt */
        put32(&b, 1);               /* typecnt */
        put32(&b, 4);               /* charcnt */
        put32(&b, 0);
        buf_putc(&b, 0);
        buf_putc(&b, 0);
        buf_add(&b, "UTC", 4);
        if (leaps) {
            put32(&b, 78796800); /* 1972-07-01 */
            put32(&b, 1);
        }
        struct tz_zone z;
        struct pace_error err = {0};
        int rc = tz_parse_tzif((const unsigned char *)b.data, b.len, &z, &err);
        if (leaps) {
            assert_int_equal(rc, PACE_EINVAL);
            assert_non_null(strstr(err.msg, "leap seconds"));
        } else {
            assert_int_equal(rc, 0);
            assert_int_equal(tz_offset(&z, 0), 0);
        }
        tz_zone_free(&z);
        buf_free(&b);
    }
}

static struct practice session_at(int64_t t)
{
    struct practice p;
    practice_init(&p);
    p.started_at = t;
    p.duration_s = 600;
    p.outcome = OUTCOME_COMPLETED;
    return p;
}

/* The charts, "this week" and "today" count her days across the change:
 * Sunday 25 October 2026 23:30 in Berlin (22:30 UTC) is the last evening
 * of its week, though 168 hours after that week's Monday 00:00 UTC+2. */
static void weeks_and_days_across_a_change(void **state)
{
    (void)state;
    struct tz_zone berlin = rule_zone("CET-1CEST,M3.5.0,M10.5.0/3");
    int64_t mon19 = utc_of(2026, 10, 18, 22, 0), mon26 = utc_of(2026, 10, 25, 23, 0);
    struct practice s[4] = {
        session_at(mon19 + 30 * 60),              /* Monday 19th, 00:30 */
        session_at(utc_of(2026, 10, 25, 22, 30)), /* Sunday 25th, 23:30 */
        session_at(mon26 + 10 * HOUR),            /* Monday 26th, 10:00 */
        session_at(mon26 + 7 * DAY + 8 * HOUR),   /* Monday 2 November */
    };
    struct progress_data d = {.sessions = s, .nsessions = 4};
    assert_int_equal(chart_period_for("4w", mon26 + 7 * DAY + 9 * HOUR, &berlin, &d.period, NULL),
                     0);
    assert_int_equal(d.period.to, mon26 + 14 * DAY);
    struct chart_week *w = NULL;
    size_t n = chart_weeks(&d, &w);
    assert_int_equal(n, 4);
    assert_int_equal(w[1].start, mon19);
    assert_int_equal(w[2].start, mon26);
    assert_int_equal(w[1].practised, 2); /* Monday 00:30 and Sunday 23:30 */
    assert_int_equal(w[2].practised, 1);
    assert_int_equal(w[3].practised, 1);
    free(w);
    assert_int_equal(chart_week_start(s[1].started_at, &berlin), mon19);

    /* "this week" late on that Sunday: both of its sessions, newest first */
    struct practice newest[2] = {s[1], s[0]};
    assert_int_equal(plan_week_practice(newest, 2, s[1].started_at + 10 * 60, &berlin), 2);
    /* with one offset for everything (winter's), Monday 00:30 summer time
     * would have been Sunday of the week before */
    struct tz_zone winter;
    tz_zone_fixed(&winter, 60);
    assert_int_equal(plan_week_practice(newest, 2, s[1].started_at + 10 * 60, &winter), 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offsets_days_and_dates),
        cmocka_unit_test(first_instants_of_days),
        cmocka_unit_test(weeks_start_on_her_monday),
        cmocka_unit_test(fixed_offsets),
        cmocka_unit_test(leap_seconds_are_refused),
        cmocka_unit_test(weeks_and_days_across_a_change),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
