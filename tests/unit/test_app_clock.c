/* test_app_clock.c - the test clock's PACE_TEST_NOW forms (app/clock.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/clock.h"
#include "tmpdir.h"

#define T0 1796085000 /* 2026-12-01T00:30:00Z, a Tuesday */

static void a_frozen_instant_is_read_in_either_form(void **state)
{
    int64_t t = 0;
    assert_true(app_clock_parse("2026-12-01T00:30:00Z", 42, &t));
    assert_int_equal(t, T0);
    assert_true(app_clock_parse("1796085000", 42, &t));
    assert_int_equal(t, T0);
    assert_true(app_clock_parse("1796085000\n", 42, &t)); /* as read from a file */
    assert_int_equal(t, T0);
}

static void an_anchored_instant_runs_with_real_time(void **state)
{
    int64_t t = 0;
    assert_true(app_clock_parse("2026-12-01T00:30:00Z,1000", 1000, &t));
    assert_int_equal(t, T0);
    assert_true(app_clock_parse("2026-12-01T00:30:00Z,1000", 1090, &t));
    assert_int_equal(t, T0 + 90);
}

static void malformed_values_are_refused(void **state)
{
    int64_t t = 7;
    const char *bad[] = {"", "tomorrow", "2026-13-01T00:00:00Z", "-5", "12,", ",12", "1,2,3",
                         "2026-12-01T00:30:00Z,x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(app_clock_parse(bad[i], 0, &t));
    assert_false(app_clock_parse(NULL, 0, &t));
    assert_int_equal(t, 7);
}

static void the_test_build_reads_the_variable_and_its_file(void **state)
{
    char *dir = tmpdir_make();
    char path[128];
    snprintf(path, sizeof path, "%s/now", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("2026-12-01T00:30:00Z\n", f);
    fclose(f);
    char spec[160];
    snprintf(spec, sizeof spec, "file:%s", path);
    setenv("PACE_TEST_NOW", spec, 1);
    int64_t now = app_clock_now();
    unsetenv("PACE_TEST_NOW");
    unlink(path);
    tmpdir_remove(dir);
#ifdef PACE_TEST_CLOCK
    assert_int_equal(now, T0);
#else
    /* Without the test clock the variable is ignored. */
    assert_int_not_equal(now, T0);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_frozen_instant_is_read_in_either_form),
        cmocka_unit_test(an_anchored_instant_runs_with_real_time),
        cmocka_unit_test(malformed_values_are_refused),
        cmocka_unit_test(the_test_build_reads_the_variable_and_its_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
