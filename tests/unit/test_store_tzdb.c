/*
 * test_store_tzdb.c - the system's tz database (store/tzdb.h): real zones
 * from /usr/share/zoneinfo (Debian's tzdata) at fixed instants, their
 * VTIMEZONE, names that are refused (not places, not in the index, not
 * files of the database), the list of zones to offer, and a database of
 * our own in $TZDIR for the index and the list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/ical.h"
#include "store/tzdb.h"
#include "tmpdir.h"

#include <string.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(real_zones_at_fixed_instants),
        cmocka_unit_test(names_that_are_not_zones),
        cmocka_unit_test(the_list_to_offer),
        cmocka_unit_test(a_database_of_our_own),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
