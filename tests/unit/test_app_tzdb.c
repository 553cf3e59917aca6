/*
 * test_app_tzdb.c - the system's tz database (app/tzdb.h) read by the one
 * parser (core/tz.h): real zones from /usr/share/zoneinfo (Debian's
 * tzdata) at fixed instants and against the C library's localtime_r in
 * many zones from 1990 to 2100 (northern and southern summer time,
 * half-hour and 45-minute offsets, negative summer time, the POSIX rule
 * after 2037), midnights that happen twice or not at all, their
 * VTIMEZONE, zones as people type them (names and fixed offsets), names
 * that are refused (not places, not in the index, not files of the
 * database, path tricks), the list of zones to offer, a database of our
 * own in $TZDIR, and a real file damaged every way read without harm.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/ical.h"
#include "app/tzdb.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define HOUR 3600
#define BERLIN_SPRING INT64_C(1774746000) /* 2026-03-29 01:00 UTC */
#define NY_SPRING INT64_C(1772953200)     /* 2026-03-08 07:00 UTC */
#define JAN5 INT64_C(1767571200)          /* 2026-01-05 00:00 UTC */

static void real_zones_at_fixed_instants(void **state)
{
    (void)state;
    unsetenv("TZDIR");
    static const struct {
        const char *name;
        int64_t at;
        int32_t before, after;
    } cases[] = {
        {"Europe/Berlin", BERLIN_SPRING, HOUR, 2 * HOUR},
        {"America/New_York", NY_SPRING, -5 * HOUR, -4 * HOUR},
        {"Australia/Sydney", INT64_C(1775318400), 11 * HOUR, 10 * HOUR},
        {"Asia/Tokyo", BERLIN_SPRING, 9 * HOUR, 9 * HOUR},
        {"UTC", BERLIN_SPRING, 0, 0},
        {"Asia/Calcutta", BERLIN_SPRING, 5 * HOUR + 30 * 60, 5 * HOUR + 30 * 60},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct tz_zone z;
        struct pace_error err = {0};
        int64_t mtime = 0;
        if (tzdb_load(cases[i].name, &z, &mtime, &err) != 0)
            fail_msg("%s: %s", cases[i].name, err.msg);
        assert_true(mtime > 0);
        assert_int_equal(tz_offset(&z, cases[i].at - 1), cases[i].before);
        assert_int_equal(tz_offset(&z, cases[i].at), cases[i].after);
        tz_zone_free(&z);
        assert_int_equal(tzdb_check(cases[i].name, &err), 0);
    }

    /* Berlin's table agrees with its rule, so the VTIMEZONE is the rule */
    struct tz_zone z;
    assert_int_equal(tzdb_load("Europe/Berlin", &z, NULL, NULL), 0);
    struct buf b = {0};
    ical_vtimezone(&b, "Europe/Berlin", &z, JAN5);
    assert_non_null(strstr(b.data, "BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\n"));
    assert_null(strstr(b.data, "RDATE"));
    tz_zone_free(&z);
    buf_free(&b);
}

static void names_that_are_not_zones(void **state)
{
    (void)state;
    unsetenv("TZDIR");
    static const char *const bad[] = {
        "Mars/Olympus_Mons",
        "posix/Europe/Berlin",
        "right/UTC",
        "../zoneinfo/UTC",
        "Europe/../UTC",
        "zone.tab",
        "tzdata.zi",
        "iso3166.tab",
        "Factory",
        "posixrules",
        "localtime",
        "Europe",
        "",
        "europe/berlin",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct pace_error err = {0};
        if (tzdb_check(bad[i], &err) != PACE_EINVAL || strcmp(err.field, "tz") != 0 ||
            strstr(err.msg, "time zone") == NULL)
            fail_msg("\"%s\" was taken for a zone", bad[i]);
    }
    struct tz_zone z;
    assert_int_equal(tzdb_load(NULL, &z, NULL, NULL), PACE_EINVAL);
}

static void the_list_to_offer(void **state)
{
    (void)state;
    unsetenv("TZDIR");
    size_t n;
    char **names = tzdb_names(&n);
    assert_true(n > 300);
    bool utc = false, berlin = false, oslo = false;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(names[i - 1], names[i]) >= 0)
            fail_msg("not sorted or twice: %s, %s", names[i - 1], names[i]);
        assert_true(tz_name_valid(names[i]));
        utc |= strcmp(names[i], "UTC") == 0;
        berlin |= strcmp(names[i], "Europe/Berlin") == 0;
        oslo |= strcmp(names[i], "Europe/Oslo") == 0; /* one per country, by its name */
    }
    assert_true(utc && berlin && oslo);
    tzdb_names_free(names, n);
}

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    free(path);
}

static void a_database_of_our_own(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char *sub = xasprintf("%s/Test", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    struct buf tokyo = {0};
    assert_true(file_read_all("/usr/share/zoneinfo/Asia/Tokyo", &tokyo));
    write_file(dir, "Test/Zone", tokyo.data, tokyo.len);
    write_file(dir, "Test/Text", "not a zone\n", 11);
    const char *tab = "# comment\tline\twith tabs\n"
                      "DE\t+5230+01322\tTest/Zone\tthe comment\n"
                      "AT\t+4813+01620\tTest/Zone\n"
                      "XX\t+0000+00000\t../../etc/passwd\n"
                      "broken line\n";
    write_file(dir, "zone.tab", tab, strlen(tab));
    setenv("TZDIR", dir, 1);

    /* no index: a TZif file with a place's name is enough */
    struct pace_error err = {0};
    assert_int_equal(tzdb_check("Test/Zone", &err), 0);
    assert_int_equal(tzdb_check("Test/Text", &err), PACE_EINVAL);
    assert_int_equal(tzdb_check("Test", &err), PACE_EINVAL); /* a directory */
    assert_int_equal(tzdb_check("Europe/Berlin", &err), PACE_EINVAL);
    size_t n;
    char **names = tzdb_names(&n);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "Test/Zone");
    assert_string_equal(names[1], "UTC");
    tzdb_names_free(names, n);

    /* with an index, only what it names */
    const char *zi = "# version test\nZ Other/Zone 9 - JST\nL Other/Zone Test/Zonex\n";
    write_file(dir, "tzdata.zi", zi, strlen(zi));
    assert_int_equal(tzdb_check("Test/Zone", &err), PACE_EINVAL);
    zi = "# version test\nZ Other/Zone 9 - JST\nL Other/Zone Test/Zone\n";
    write_file(dir, "tzdata.zi", zi, strlen(zi));
    assert_int_equal(tzdb_check("Test/Zone", &err), 0);

    /* a file far too large for a zone */
    struct buf big = {0};
    buf_add(&big, tokyo.data, tokyo.len);
    while (big.len <= 1024 * 1024)
        buf_puts(&big, "padding padding padding padding padding padding padding padding\n");
    write_file(dir, "Test/Zone", big.data, big.len);
    struct tz_zone z;
    assert_int_equal(tzdb_load("Test/Zone", &z, NULL, &err), PACE_EINVAL);

    /* neither list: just UTC */
    char *tabpath = xasprintf("%s/zone.tab", dir);
    unlink(tabpath);
    free(tabpath);
    names = tzdb_names(&n);
    assert_int_equal(n, 1);
    assert_string_equal(names[0], "UTC");
    tzdb_names_free(names, n);

    unsetenv("TZDIR");
    buf_free(&big);
    buf_free(&tokyo);
    free(sub);
    tmpdir_remove(dir);
}

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
    unsetenv("TZDIR");
    const char *zones[] = {"Europe/Berlin",     "America/New_York", "Australia/Sydney",
                           "Asia/Kolkata",      "Asia/Kathmandu",   "Europe/Dublin",
                           "America/Sao_Paulo", "Pacific/Chatham",  "Africa/Casablanca",
                           "Asia/Tehran",       "America/St_Johns", "Pacific/Apia",
                           "Antarctica/Troll",  "Asia/Tokyo",       "America/Havana",
                           "Europe/London",     "Etc/UTC",          "Asia/Jerusalem"};
    /* 1990 to 2100, every 7 h 13 min 17 s: both sides of every change */
    for (size_t i = 0; i < sizeof zones / sizeof zones[0]; i++) {
        struct tz_zone z;
        struct pace_error err = {0};
        assert_int_equal(tzdb_zone(zones[i], &z, &err), 0);
        assert_string_equal(z.name, zones[i]);
        size_t bad = 0;
        for (int64_t t = 631152000; t < 4102444800; t += 7 * 3600 + 13 * 60 + 17) {
            int32_t ours = tz_offset(&z, t), theirs = libc_offset(zones[i], t);
            if (ours != theirs && bad++ < 3)
                fprintf(stderr, "%s at %lld: %d, the C library %d\n", zones[i], (long long)t, ours,
                        theirs);
        }
        assert_int_equal(bad, 0);
        tz_zone_free(&z);
    }
    unsetenv("TZ");
}

static void march_and_november_in_berlin(void **state)
{
    (void)state;
    struct tz_zone z;
    assert_int_equal(tzdb_load("Europe/Berlin", &z, NULL, NULL), 0);
    assert_int_equal(tz_offset(&z, 1743296400 - 1), 3600); /* 30 Mar 2025, 00:59:59 UTC */
    assert_int_equal(tz_offset(&z, 1743296400), 7200);     /* 01:00 UTC: summer time */
    assert_int_equal(tz_offset(&z, 1761440400 - 1), 7200); /* 26 Oct 2025, 00:59:59 UTC */
    assert_int_equal(tz_offset(&z, 1761440400), 3600);
    assert_int_equal(tz_offset_min(&z, 1761440400), 60);
    int y, m, d;
    tz_date(&z, 1743372000, &y, &m, &d); /* 22:00 UTC is the next day there */
    assert_true(y == 2025 && m == 3 && d == 31);
    /* far beyond the file's transitions, the rule still applies */
    assert_int_equal(tz_offset(&z, 4118083200), 7200); /* 1 July 2100 */
    assert_int_equal(tz_offset(&z, 4102444800), 3600); /* 1 January 2100 */
    tz_zone_free(&z);
}

static void midnights(void **state)
{
    (void)state;
    struct tz_zone z;
    /* Sao Paulo, 4 November 2018: the clocks jumped from 00:00 to 01:00,
     * so the day began at the jump (03:00 UTC) */
    assert_int_equal(tzdb_load("America/Sao_Paulo", &z, NULL, NULL), 0);
    assert_int_equal(tz_midnight(&z, 2018, 11, 4), 1541300400);
    assert_int_equal(tz_day_start(&z, 1541300400 + 7200), 1541300400);
    assert_int_equal(tz_day_start(&z, 1541300400 - 1), 1541300400 - 86400);
    tz_zone_free(&z);
    /* Havana, 5 November 2023: 01:00 came back to 00:00, so midnight
     * happened twice; the day begins at the first (04:00 UTC) */
    assert_int_equal(tzdb_load("America/Havana", &z, NULL, NULL), 0);
    assert_int_equal(tz_midnight(&z, 2023, 11, 5), 1699156800);
    assert_int_equal(tz_day_start(&z, 1699156800 + 3600 + 1800), 1699156800);
    tz_zone_free(&z);
    /* an ordinary one */
    assert_int_equal(tzdb_load("Asia/Tokyo", &z, NULL, NULL), 0);
    assert_int_equal(tz_midnight(&z, 2026, 1, 1), 1767193200);
    tz_zone_free(&z);
}

static void zones_as_people_type_them(void **state)
{
    (void)state;
    unsetenv("TZDIR");
    struct tz_zone z;
    struct pace_error err = {0};
    assert_int_equal(tzdb_zone("UTC", &z, &err), 0);
    assert_string_equal(z.name, "UTC");
    assert_int_equal(tz_offset(&z, 123456789), 0);
    tz_zone_free(&z);
    assert_int_equal(tzdb_zone("UTC+05:30", &z, &err), 0);
    assert_string_equal(z.name, "UTC+05:30");
    assert_int_equal(tz_offset(&z, 0), 19800);
    tz_zone_free(&z);
    assert_int_equal(tzdb_zone("UTC-3", &z, &err), 0);
    assert_string_equal(z.name, "UTC-03:00");
    assert_int_equal(tz_offset_min(&z, 0), -180);
    tz_zone_free(&z);
    assert_int_equal(tzdb_zone("-09:30", &z, &err), 0);
    assert_string_equal(z.name, "UTC-09:30");
    tz_zone_free(&z);
    assert_int_equal(tzdb_zone("Etc/GMT-14", &z, &err), 0); /* POSIX's sign: 14 hours east */
    assert_int_equal(tz_offset(&z, 0), 14 * HOUR);
    tz_zone_free(&z);

    const char *bad[] = {"",
                         "Europe/Berln",
                         "../../etc/passwd",
                         "/usr/share/zoneinfo/Europe/Berlin",
                         "Europe//Berlin",
                         "Europe/",
                         "Europe/.Berlin",
                         "right/Europe/Berlin", /* leap seconds */
                         "posix/Europe/Berlin",
                         "Europe", /* a folder */
                         "UTC+15:00",
                         "UTC+1:5",
                         "+60",
                         "+1",
                         "Europe/Berlin\n",
                         "zone.tab",
                         "Europe/Berlin Europe/Paris"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(&err, 0, sizeof err);
        if (tzdb_zone(bad[i], &z, &err) != PACE_EINVAL)
            fail_msg("\"%s\" was taken for a zone", bad[i]);
        assert_string_equal(err.field, "tz");
        assert_non_null(strstr(err.msg, "Europe/Berlin"));
        tz_zone_free(&z);
    }
    assert_int_equal(tzdb_zone(NULL, &z, &err), PACE_EINVAL);
    tz_zone_free(&z);
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

/* Every cut and every flipped byte of a real file is read or refused
 * with a message, never read past; what is read gives offsets of at most
 * a day at any instant. */
static void damaged_files(void **state)
{
    (void)state;
    size_t n;
    unsigned char *b = slurp("/usr/share/zoneinfo/Europe/Berlin", &n);
    struct tz_zone z;
    struct pace_error err = {0};
    assert_int_equal(tz_parse_tzif(b, n, &z, NULL), 0);
    tz_zone_free(&z);
    for (size_t cut = 0; cut < n; cut += 7) {
        unsigned char *c = malloc(cut + 1);
        memcpy(c, b, cut);
        memset(&err, 0, sizeof err);
        if (tz_parse_tzif(c, cut, &z, &err) == 0)
            (void)tz_offset(&z, 1700000000);
        else
            assert_true(err.msg[0] != '\0');
        tz_zone_free(&z);
        free(c);
    }
    for (size_t i = 0; i < n; i += 3) {
        unsigned char keep = b[i];
        b[i] ^= 0xA5;
        if (tz_parse_tzif(b, n, &z, NULL) == 0) {
            assert_true(abs(tz_offset(&z, 1700000000)) <= 26 * HOUR);
            assert_true(abs(tz_offset(&z, 4200000000)) <= 26 * HOUR);
            int64_t m = tz_midnight(&z, 2030, 3, 31);
            assert_true(llabs(m - INT64_C(1901145600)) <= 26 * HOUR);
        }
        tz_zone_free(&z);
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
        cmocka_unit_test(zones_as_people_type_them),
        cmocka_unit_test(damaged_files),
        cmocka_unit_test(real_zones_at_fixed_instants),
        cmocka_unit_test(names_that_are_not_zones),
        cmocka_unit_test(the_list_to_offer),
        cmocka_unit_test(a_database_of_our_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
