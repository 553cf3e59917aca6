/*
 * test_app_log.c - the security event log (app/log.h): one logfmt line per
 * event with time, level, event, account, the bound request's address hash
 * and id; levels filter; a file is made private; nothing breaks a line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/log.h"
#include "core/util.h"
#include "tmpdir.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *read_log(const char *path)
{
    struct buf b = {0};
    assert_true(file_read_all(path, &b));
    return buf_detach(&b);
}

static void events_are_one_line_each_with_their_fields(void **state)
{
    (void)state;
    char *dir = tmpdir_make();
    char *path = xasprintf("%s/events.log", dir);
    assert_int_equal(app_log_setup(path, APP_LOG_INFO, NULL), 0);
    app_log_bind("0123456789abcdef0123456789abcdef", "fedcba9876543210");
    app_log_event(APP_LOG_WARN, "signin.failed", 42, "known=%s", "yes");
    app_log_unbind();
    app_log_event(APP_LOG_INFO, "token.created", 7, "token=%d\nforged=1", 3);
    app_log_event(APP_LOG_DEBUG, "too.quiet", 1, NULL);
    app_log_close();

    char *text = read_log(path);
    char *second = strchr(text, '\n');
    assert_non_null(second);
    *second++ = '\0';
    assert_non_null(strstr(text, " level=warn event=signin.failed account=42 addr=fedcba9876543210 "
                                 "request=0123456789abcdef0123456789abcdef known=yes"));
    assert_true(strncmp(text, "time=", 5) == 0 && text[24] == 'Z');
    /* Unbound: no address or request; a line break cannot start a line. */
    assert_non_null(strstr(second, "event=token.created account=7 token=3 forged=1\n"));
    assert_null(strstr(second, "request="));
    assert_null(strstr(second, "too.quiet"));
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    free(text);
    free(path);
    tmpdir_remove(dir);
}

static void levels_are_named(void **state)
{
    (void)state;
    assert_int_equal(app_log_level_parse("debug"), APP_LOG_DEBUG);
    assert_int_equal(app_log_level_parse("error"), APP_LOG_ERROR);
    assert_int_equal(app_log_level_parse("Warn"), -1);
    assert_int_equal(app_log_level_parse(NULL), -1);
    struct pace_error err = {0};
    assert_int_equal(app_log_setup("/nonexistent/dir/x.log", APP_LOG_INFO, &err), PACE_EIO);
    assert_non_null(strstr(err.msg, "log file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(events_are_one_line_each_with_their_fields),
        cmocka_unit_test(levels_are_named),
    };
    return cmocka_run_group_tests_name("app log", tests, NULL, NULL);
}
