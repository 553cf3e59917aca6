/*
 * test_core_reminder.c - reminders in core (core/reminder.h): checks of a
 * schedule, the time of day, the next reminder (time zones, the time
 * itself, the week wrapping round), and the iCalendar text: escaping,
 * folding at 75 octets without splitting a character, CRLF everywhere, a
 * VEVENT that says nothing but her title, and in her time zone: the next
 * reminder across clock changes, DTSTART;TZID with the zone's VTIMEZONE.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/reminder.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define HOUR 3600
#define MON 1767571200 /* Monday 2026-01-05 00:00 UTC */
#define DAYBIT(d) (1u << (d))

static struct reminder make(unsigned days, int minute, const char *title)
{
    struct reminder r;
    memset(&r, 0, sizeof r);
    r.days = days;
    r.minute = minute;
    snprintf(r.title, sizeof r.title, "%s", title);
    snprintf(r.uid, sizeof r.uid, "0b6f1f3e-8a3c-4c55-9d0e-3f4b9e2a1c77");
    r.updated_at = MON + 10 * HOUR;
    return r;
}

static void checks_name_the_field(void **state)
{
    (void)state;
    struct pace_error err = {0};
    struct reminder r = make(DAYBIT(0), 600, "  Time for me \t");
    assert_int_equal(reminder_check(&r, &err), 0);
    assert_string_equal(r.title, "Time for me"); /* trimmed */

    static const struct {
        unsigned days;
        int minute;
        const char *title, *field;
    } bad[] = {
        {0, 600, "x", "days"},
        {0x80, 600, "x", "days"},
        {0xff, 600, "x", "days"},
        {1, -1, "x", "time"},
        {1, 1440, "x", "time"},
        {1, 600, "", "title"},
        {1, 600, "   ", "title"},
        {1, 600, "two\nlines", "title"},
        {1, 600, "tab\there", "title"},
        {1, 600, "0123456789012345678901234567890123456789012345678901234567890", "title"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = make(bad[i].days, bad[i].minute, bad[i].title);
        pace_error_clear(&err);
        if (reminder_check(&r, &err) != PACE_EINVAL || strcmp(err.field, bad[i].field) != 0)
            fail_msg("case %zu: field \"%s\", want \"%s\"", i, err.field, bad[i].field);
    }
    /* the zone's name has the tz database's shape, or is empty (none yet) */
    static const char *const zones_bad[] = {
        "../etc/passwd",      "Europe/", "/UTC",  "Europe//Berlin",
        "Europe/Berlin zone", "-x",      "a/./b", "Abcdefghijklmno/x"};
    for (size_t i = 0; i < sizeof zones_bad / sizeof zones_bad[0]; i++) {
        r = make(1, 600, "x");
        snprintf(r.tz, sizeof r.tz, "%s", zones_bad[i]);
        pace_error_clear(&err);
        if (reminder_check(&r, &err) != PACE_EINVAL || strcmp(err.field, "tz") != 0)
            fail_msg("zone \"%s\" passed", zones_bad[i]);
    }
    static const char *const zones_good[] = {"",
                                             "UTC",
                                             "Europe/Berlin",
                                             "Etc/GMT+5",
                                             "America/Argentina/Buenos_Aires",
                                             "America/Port-au-Prince"};
    for (size_t i = 0; i < sizeof zones_good / sizeof zones_good[0]; i++) {
        r = make(1, 600, "x");
        snprintf(r.tz, sizeof r.tz, "%s", zones_good[i]);
        if (reminder_check(&r, &err) != 0)
            fail_msg("zone \"%s\" refused: %s", zones_good[i], err.msg);
    }
    /* 60 characters, some of them two bytes each, are fine */
    r = make(REMINDER_ALL_DAYS, 0, "éééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé");
    assert_int_equal(reminder_check(&r, &err), 0);
}

static void time_of_day(void **state)
{
    (void)state;
    int m = -1;
    assert_int_equal(reminder_time_parse("19:05", &m), 0);
    assert_int_equal(m, 19 * 60 + 5);
    assert_int_equal(reminder_time_parse("00:00", &m), 0);
    assert_int_equal(m, 0);
    assert_int_equal(reminder_time_parse("23:59:30", &m), 0);
    assert_int_equal(m, 23 * 60 + 59);
    static const char *const bad[] = {"7:05", "24:00", "19:60", "19-05", "19:05:60",
                                      "1905", "",      "19:5",  " 9:05", "19:05pm"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (reminder_time_parse(bad[i], &m) == 0)
            fail_msg("\"%s\" parsed as a time", bad[i]);
    assert_int_equal(reminder_time_parse(NULL, &m), -1);
    char out[8];
    reminder_time_format(19 * 60 + 5, out, sizeof out);
    assert_string_equal(out, "19:05");
    reminder_time_format(0, out, sizeof out);
    assert_string_equal(out, "00:00");
}

static void weekdays(void **state)
{
    (void)state;
    assert_int_equal(reminder_weekday(MON, 0), 0);
    assert_int_equal(reminder_weekday(MON + 6 * DAY, 0), 6); /* Sunday */
    assert_int_equal(reminder_weekday(MON, -60), 6);         /* still Sunday west of UTC */
    assert_int_equal(reminder_weekday(MON - 1, 60), 0);      /* already Monday in Berlin */
    assert_int_equal(reminder_weekday(0, 0), 3);             /* 1 Jan 1970: Thursday */
    assert_int_equal(reminder_weekday(-1, 0), 2);            /* 31 Dec 1969: Wednesday */
    assert_string_equal(reminder_day_name(0), "mon");
    assert_string_equal(reminder_day_code(6), "SU");
    assert_null(reminder_day_name(7));
    assert_null(reminder_day_code(-1));
}

static void next_occurrence(void **state)
{
    (void)state;
    const int at = 19 * 60 + 30;
    struct reminder r = make(DAYBIT(0) | DAYBIT(2), at, "x"); /* Monday, Wednesday */
    const int64_t mon_1930 = MON + 19 * HOUR + 30 * 60;
    assert_int_equal(reminder_next(&r, MON + 10 * HOUR, NULL, 0), mon_1930);
    assert_int_equal(reminder_next(&r, mon_1930, NULL, 0), mon_1930); /* at the time itself */
    assert_int_equal(reminder_next(&r, mon_1930 + 60, NULL, 0), mon_1930 + 2 * DAY);
    /* week wrap: after Wednesday's, next Monday's */
    assert_int_equal(reminder_next(&r, MON + 2 * DAY + 20 * HOUR, NULL, 0), mon_1930 + 7 * DAY);
    assert_int_equal(reminder_next(&r, MON + 6 * DAY + 23 * HOUR, NULL, 0), mon_1930 + 7 * DAY);

    /* Berlin (UTC+1): 18:45 UTC is 19:45 there, past Monday's */
    assert_int_equal(reminder_next(&r, MON + 18 * HOUR + 45 * 60, NULL, 60),
                     mon_1930 + 2 * DAY - HOUR);
    /* New York (UTC-5): Tuesday 02:00 UTC is Monday 21:00 there */
    assert_int_equal(reminder_next(&r, MON + DAY + 2 * HOUR, NULL, -300),
                     mon_1930 + 2 * DAY + 5 * HOUR);
    /* Auckland (UTC+13): Sunday 08:00 UTC is Sunday 21:00 there, and
     * Monday 08:00 UTC is already past Monday's there */
    assert_int_equal(reminder_next(&r, MON - DAY + 8 * HOUR, NULL, 780), mon_1930 - 13 * HOUR);
    assert_int_equal(reminder_next(&r, MON + 8 * HOUR, NULL, 780), mon_1930 + 2 * DAY - 13 * HOUR);

    /* one day only, its time today just past: a week later */
    r = make(DAYBIT(6), at, "x");
    const int64_t sun_1930 = mon_1930 + 6 * DAY;
    assert_int_equal(reminder_next(&r, sun_1930 + 1, NULL, 0), sun_1930 + 7 * DAY);
    assert_int_equal(reminder_next(&r, sun_1930 - 1, NULL, 0), sun_1930);
    /* every day at midnight */
    r = make(REMINDER_ALL_DAYS, 0, "x");
    assert_int_equal(reminder_next(&r, MON + 1, NULL, 0), MON + DAY);
    /* nothing chosen */
    r = make(0, at, "x");
    assert_int_equal(reminder_next(&r, MON, NULL, 0), 0);
}

static struct tz_zone berlin_zone(void)
{
    struct tz_rule rule;
    assert_int_equal(tz_parse_rule("CET-1CEST,M3.5.0,M10.5.0/3", &rule), 0);
    struct tz_zone z;
    tz_zone_from_rule(&z, &rule);
    return z;
}

static void next_in_her_zone(void **state)
{
    (void)state;
    struct tz_zone berlin = berlin_zone();
    const int64_t spring_sun = 1774742400; /* 2026-03-29 00:00 UTC, clocks go forward */
    const int64_t autumn_sun = 1792886400; /* 2026-10-25 00:00 UTC, and back */
    struct reminder r = make(DAYBIT(6), 20 * 60, "x");
    /* 20:00 on the Sunday of each change, wherever the browser is */
    assert_int_equal(reminder_next(&r, spring_sun - 4 * HOUR, &berlin, 0), spring_sun + 18 * HOUR);
    assert_int_equal(reminder_next(&r, spring_sun + 10 * HOUR, &berlin, -300),
                     spring_sun + 18 * HOUR);
    assert_int_equal(reminder_next(&r, autumn_sun, &berlin, 780), autumn_sun + 19 * HOUR);
    /* the week before the change still at 19:00 UTC, the week after at 18:00 */
    assert_int_equal(reminder_next(&r, spring_sun - 7 * DAY, &berlin, 0),
                     spring_sun - 7 * DAY + 19 * HOUR);
    assert_int_equal(reminder_next(&r, spring_sun + DAY, &berlin, 0),
                     spring_sun + 7 * DAY + 18 * HOUR);
    /* 02:30 does not happen that night: 01:30 UTC, which is 03:30 there */
    r.minute = 150;
    assert_int_equal(reminder_next(&r, spring_sun - HOUR, &berlin, 0), spring_sun + HOUR + 30 * 60);
    /* Monday 00:30 in Berlin is still Sunday in UTC: Monday's reminder is
     * today's for her */
    r = make(DAYBIT(0), 8 * 60, "x");
    assert_int_equal(reminder_next(&r, MON - 30 * 60, &berlin, 0), MON + 7 * HOUR);
}

static void escaping(void **state)
{
    (void)state;
    struct buf b = {0};
    ical_escape_text(&b, "Tea, then me; a\\b\nnext\r\nlast");
    assert_string_equal(b.data, "Tea\\, then me\\; a\\\\b\\nnext\\nlast");
    buf_free(&b);
    ical_escape_text(&b, "");
    assert_true(b.len == 0);
    buf_free(&b);
}

/* Checks CRLF line ends, at most 75 octets a line, no character split,
 * and returns the unfolded text (caller frees). */
static char *unfold_checked(const char *s)
{
    struct buf out = {0};
    const char *p = s;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        if (eol == NULL)
            fail_msg("a line without CRLF: %s", p);
        size_t len = (size_t)(eol - p);
        if (len > 75)
            fail_msg("a line of %zu octets: %.*s", len, (int)len, p);
        if (memchr(p, '\n', len) || memchr(p, '\r', len))
            fail_msg("a bare line break in: %.*s", (int)len, p);
        if (!str_valid_text(p, len))
            fail_msg("a character split at a fold: %.*s", (int)len, p);
        if (p != s && *p == ' ') {
            /* a continuation: unfold into the previous line */
            out.len -= 1;
            out.data[out.len] = '\0';
            buf_add(&out, p + 1, len - 1);
        } else {
            buf_add(&out, p, len);
        }
        buf_putc(&out, '\n');
        p = eol + 2;
    }
    return buf_detach(&out);
}

static void folding(void **state)
{
    (void)state;
    struct buf line = {0}, out = {0};
    buf_puts(&line, "SUMMARY:");
    for (int i = 0; i < 200; i++)
        buf_putc(&line, (char)('a' + i % 26));
    ical_line(&out, line.data);
    assert_int_equal(strncmp(out.data + 75, "\r\n ", 3), 0); /* first fold at 75 */
    char *back = unfold_checked(out.data);
    assert_int_equal(strncmp(back, line.data, line.len), 0);
    assert_int_equal(back[line.len], '\n');
    free(back);

    /* two-byte and four-byte characters are never cut */
    for (int shift = 0; shift < 4; shift++) {
        buf_reset(&line);
        buf_reset(&out);
        buf_puts(&line, "SUMMARY:");
        for (int i = 0; i < shift; i++)
            buf_putc(&line, 'x');
        for (int i = 0; i < 40; i++)
            buf_puts(&line, i % 3 ? "é" : "🌙");
        ical_line(&out, line.data);
        back = unfold_checked(out.data);
        assert_int_equal(strncmp(back, line.data, line.len), 0);
        free(back);
    }
    /* exactly 75 octets: no fold */
    buf_reset(&line);
    buf_reset(&out);
    for (int i = 0; i < 75; i++)
        buf_putc(&line, 'y');
    ical_line(&out, line.data);
    assert_int_equal(out.len, 77);
    buf_free(&line);
    buf_free(&out);
}

static void the_feed(void **state)
{
    (void)state;
    struct reminder r =
        make(DAYBIT(0) | DAYBIT(2) | DAYBIT(4), 19 * 60 + 30, "Tea, then me; quiet \\ time");
    struct buf out = {0};
    reminder_ical(&r, NULL, REMINDER_ICAL_FEED, &out);
    const char *s = out.data;
    assert_int_equal(strncmp(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:", 37), 0);
    assert_non_null(strstr(s, "\r\nBEGIN:VEVENT\r\n"));
    assert_non_null(strstr(s, "\r\nUID:0b6f1f3e-8a3c-4c55-9d0e-3f4b9e2a1c77\r\n"));
    assert_non_null(strstr(s, "\r\nDTSTAMP:20260105T100000Z\r\n")); /* when it was set */
    /* floating local time: no Z, no TZID, on the first chosen day */
    assert_non_null(strstr(s, "\r\nDTSTART:20260105T193000\r\n"));
    assert_null(strstr(s, "TZID"));
    assert_non_null(strstr(s, "\r\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR\r\n"));
    assert_non_null(strstr(s, "\r\nSUMMARY:Tea\\, then me\\; quiet \\\\ time\r\n"));
    assert_non_null(strstr(s, "\r\nDURATION:PT15M\r\n"));
    assert_true(out.len > 15 && strcmp(s + out.len - 15, "END:VCALENDAR\r\n") == 0);
    /* the only text about her is her title */
    static const char *const never[] = {"dilator", "therap", "vagin", "Pace\r", "pain", "practi"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        if (strstr(s, never[i]))
            fail_msg("the feed says \"%s\"", never[i]);
    char *back = unfold_checked(s);
    free(back);
    buf_free(&out);

    /* set on a Tuesday: the series starts on the next chosen day */
    r.updated_at = MON + DAY + 23 * HOUR;
    reminder_ical(&r, NULL, REMINDER_ICAL_FEED, &out);
    assert_non_null(strstr(out.data, "\r\nDTSTART:20260107T193000\r\n"));
    buf_reset(&out);
    /* set on a Saturday, Mondays only: the Monday after */
    r.days = DAYBIT(0);
    r.updated_at = MON + 5 * DAY;
    reminder_ical(&r, NULL, REMINDER_ICAL_FEED, &out);
    assert_non_null(strstr(out.data, "\r\nDTSTART:20260112T193000\r\n"));
    assert_non_null(strstr(out.data, "\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\n"));
    buf_free(&out);

    /* a long title is folded, and unfolds to itself */
    r = make(REMINDER_ALL_DAYS, 0, "");
    for (int i = 0; i < 59; i++)
        strcat(r.title, "ü");
    reminder_ical(&r, NULL, REMINDER_ICAL_FEED, &out);
    back = unfold_checked(out.data);
    assert_non_null(strstr(back, r.title));
    free(back);
    buf_free(&out);
}

static void the_feed_in_her_zone(void **state)
{
    (void)state;
    struct tz_zone berlin = berlin_zone();
    struct reminder r = make(DAYBIT(6), 19 * 60 + 30, "Me");
    snprintf(r.tz, sizeof r.tz, "Europe/Berlin");
    /* set at 00:30 on Monday in Berlin (still Sunday in UTC): the series
     * starts on her next Sunday */
    r.updated_at = MON - 30 * 60;
    struct buf out = {0};
    reminder_ical(&r, &berlin, REMINDER_ICAL_FEED, &out);
    const char *s = out.data;
    assert_non_null(strstr(s, "\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"));
    assert_non_null(strstr(s, "\r\nDTSTART;TZID=Europe/Berlin:20260111T193000\r\n"));
    assert_non_null(strstr(s, "\r\nDTSTAMP:20260104T233000Z\r\n"));
    const char *vtz = strstr(s, "\r\nBEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n");
    assert_non_null(vtz);
    assert_true(vtz < strstr(s, "BEGIN:VEVENT"));
    assert_non_null(strstr(s, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
    assert_non_null(strstr(s, "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n"));
    free(unfold_checked(s));
    /* the same schedule, the same bytes */
    struct buf again = {0};
    reminder_ical(&r, &berlin, REMINDER_ICAL_FEED, &again);
    assert_string_equal(again.data, out.data);
    buf_free(&again);
    buf_reset(&out);

    /* the file to import once says nothing about refreshing */
    reminder_ical(&r, &berlin, REMINDER_ICAL_FILE, &out);
    assert_null(strstr(out.data, "REFRESH-INTERVAL"));
    assert_null(strstr(out.data, "X-PUBLISHED-TTL"));
    assert_non_null(strstr(out.data, "BEGIN:VTIMEZONE"));
    buf_reset(&out);

    /* without a zone she chose (or its data): floating, as before */
    reminder_ical(&r, NULL, REMINDER_ICAL_FEED, &out);
    assert_null(strstr(out.data, "TZID"));
    assert_null(strstr(out.data, "X-WR-TIMEZONE"));
    assert_non_null(strstr(out.data, "\r\nDTSTART:20260104T193000\r\n"));
    buf_reset(&out);
    r.tz[0] = '\0';
    reminder_ical(&r, &berlin, REMINDER_ICAL_FEED, &out);
    assert_null(strstr(out.data, "VTIMEZONE"));
    buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checks_name_the_field),
        cmocka_unit_test(time_of_day),
        cmocka_unit_test(weekdays),
        cmocka_unit_test(next_occurrence),
        cmocka_unit_test(next_in_her_zone),
        cmocka_unit_test(escaping),
        cmocka_unit_test(folding),
        cmocka_unit_test(the_feed),
        cmocka_unit_test(the_feed_in_her_zone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
