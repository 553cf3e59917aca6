/*
 * test_report_zone.c - her time zone (report/zone.h): offsets read from
 * the tz database agree with the C library's localtime_r at many instants
 * in many zones (northern and southern summer time, half-hour and
 * 45-minute offsets, negative summer time, the POSIX rule after 2037);
 * midnights that happen twice or not at all; fixed offsets; names that
 * are refused; and damaged TZif files read without harm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "report/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int32_t libc_offset(const char *name, int64_t t)
{
    setenv("TZ", name, 1);
    tzset();
    time_t tt = (time_t)t;
    struct tm tm;
    localtime_r(&tt, &tm);
    return (int32_t)tm.tm_gmtoff;
}

static void agrees_with_the_c_library(void **state)
{
    (void)state;
    const char *zones[] = {"Europe/Berlin",     "America/New_York", "Australia/Sydney",
                           "Asia/Kolkata",      "Asia/Kathmandu",   "Europe/Dublin",
                           "America/Sao_Paulo", "Pacific/Chatham",  "Africa/Casablanca",
                           "Asia/Tehran",       "America/St_Johns", "Pacific/Apia",
                           "Antarctica/Troll",  "Asia/Tokyo",       "America/Havana",
                           "Europe/London",     "Etc/UTC",          "Asia/Jerusalem"};
    /* 1990 to 2100, every 7 h 13 min 17 s: both sides of every change */
    for (size_t z = 0; z < sizeof zones / sizeof zones[0]; z++) {
        struct zone zone;
        struct pace_error err = {0};
        assert_int_equal(zone_load(zones[z], &zone, &err), 0);
        assert_string_equal(zone.name, zones[z]);
        size_t bad = 0;
        for (int64_t t = 631152000; t < 4102444800; t += 7 * 3600 + 13 * 60 + 17) {
            int32_t ours = zone_offset(&zone, t), theirs = libc_offset(zones[z], t);
            if (ours != theirs && bad++ < 3)
                fprintf(stderr, "%s at %lld: %d, the C library %d\n", zones[z], (long long)t, ours,
                        theirs);
        }
        assert_int_equal(bad, 0);
        zone_free(&zone);
    }
    unsetenv("TZ");
}

static void march_and_november_in_berlin(void **state)
{
    (void)state;
    struct zone z;
    assert_int_equal(zone_load("Europe/Berlin", &z, NULL), 0);
    assert_int_equal(zone_offset(&z, 1743296400 - 1), 3600); /* 30 Mar 2025, 00:59:59 UTC */
    assert_int_equal(zone_offset(&z, 1743296400), 7200);     /* 01:00 UTC: summer time */
    assert_int_equal(zone_offset(&z, 1761440400 - 1), 7200); /* 26 Oct 2025, 00:59:59 UTC */
    assert_int_equal(zone_offset(&z, 1761440400), 3600);
    assert_int_equal(zone_offset_min(&z, 1761440400), 60);
    int y, m, d;
    zone_date(&z, 1743372000, &y, &m, &d); /* 22:00 UTC is the next day there */
    assert_true(y == 2025 && m == 3 && d == 31);
    /* far beyond the file's transitions, the rule still applies */
    assert_int_equal(zone_offset(&z, 4118083200), 7200); /* 1 July 2100 */
    assert_int_equal(zone_offset(&z, 4102444800), 3600); /* 1 January 2100 */
    zone_free(&z);
}

static void midnights(void **state)
{
    (void)state;
    struct zone z;
    /* Sao Paulo, 4 November 2018: the clocks jumped from 00:00 to 01:00,
     * so the day began at the jump (03:00 UTC) */
    assert_int_equal(zone_load("America/Sao_Paulo", &z, NULL), 0);
    assert_int_equal(zone_midnight(&z, 2018, 11, 4), 1541300400);
    assert_int_equal(zone_day_start(&z, 1541300400 + 7200), 1541300400);
    zone_free(&z);
    /* Havana, 5 November 2023: 01:00 came back to 00:00, so midnight
     * happened twice; the day begins at the first (04:00 UTC) */
    assert_int_equal(zone_load("America/Havana", &z, NULL), 0);
    assert_int_equal(zone_midnight(&z, 2023, 11, 5), 1699156800);
    zone_free(&z);
    /* an ordinary one */
    assert_int_equal(zone_load("Asia/Tokyo", &z, NULL), 0);
    assert_int_equal(zone_midnight(&z, 2026, 1, 1), 1767193200);
    zone_free(&z);
}

static void fixed_offsets_and_names(void **state)
{
    (void)state;
    struct zone z;
    struct pace_error err = {0};
    assert_int_equal(zone_load("UTC", &z, &err), 0);
    assert_string_equal(z.name, "UTC");
    assert_int_equal(zone_offset(&z, 123456789), 0);
    zone_free(&z);
    assert_int_equal(zone_load("UTC+05:30", &z, &err), 0);
    assert_string_equal(z.name, "UTC+05:30");
    assert_int_equal(zone_offset(&z, 0), 19800);
    zone_free(&z);
    assert_int_equal(zone_load("UTC-3", &z, &err), 0);
    assert_string_equal(z.name, "UTC-03:00");
    assert_int_equal(zone_offset_min(&z, 0), -180);
    zone_free(&z);
    zone_fixed(-150, &z);
    assert_string_equal(z.name, "UTC-02:30");
    assert_int_equal(zone_offset(&z, 0), -9000);
    assert_int_equal(zone_midnight(&z, 1970, 1, 2), 86400 + 9000);

    const char *bad[] = {"",
                         "Europe/Berln",
                         "../../etc/passwd",
                         "/usr/share/zoneinfo/Europe/Berlin",
                         "Europe//Berlin",
                         "Europe/",
                         "Europe/.Berlin",
                         "right/Europe/Berlin", /* leap seconds */
                         "Europe",              /* a folder */
                         "UTC+15:00",
                         "UTC+1:5",
                         "Europe/Berlin\n",
                         "zone.tab",
                         "Europe/Berlin Europe/Paris"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        assert_int_equal(zone_load(bad[i], &z, &err), PACE_EINVAL);
        assert_string_equal(err.field, "zone");
        assert_true(strlen(err.msg) > 20);
        zone_free(&z);
    }
    assert_int_equal(zone_load(NULL, &z, &err), PACE_EINVAL);
    zone_free(&z);
}

static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    unsigned char *b = malloc(1 << 16);
    *n = fread(b, 1, 1 << 16, f);
    fclose(f);
    return b;
}

/* Every cut and every flipped byte of a real file is read or refused,
 * never read past. */
static void damaged_files(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp("/usr/share/zoneinfo/Europe/Berlin", &n);
    struct zone z;
    assert_int_equal(zone_parse("x", b, n, &z, NULL), 0);
    zone_free(&z);
    for (size_t cut = 0; cut < n; cut += 7) {
        unsigned char *c = malloc(cut + 1);
        memcpy(c, b, cut);
        if (zone_parse("x", c, cut, &z, NULL) == 0)
            (void)zone_offset(&z, 1700000000);
        zone_free(&z);
        free(c);
    }
    for (size_t i = 0; i < n; i += 3) {
        unsigned char keep = b[i];
        b[i] ^= 0xA5;
        if (zone_parse("x", b, n, &z, NULL) == 0) {
            (void)zone_offset(&z, 1700000000);
            (void)zone_offset(&z, 4200000000);
            (void)zone_midnight(&z, 2030, 3, 31);
        }
        zone_free(&z);
        b[i] = keep;
    }
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(agrees_with_the_c_library),
        cmocka_unit_test(march_and_november_in_berlin),
        cmocka_unit_test(midnights),
        cmocka_unit_test(fixed_offsets_and_names),
        cmocka_unit_test(damaged_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
