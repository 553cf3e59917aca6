/*
 * test_app_report.c - the report as a use case (app/report.h) on a real
 * store: she gets her report with only the notes she ticked (every other
 * note wiped before it reaches the drawing), the operator gets it for the
 * CLI, anyone else finds nothing; the period and the name are checked
 * before anything is read; the notes to choose from are hers, newest
 * first, with a word when there are more. And the pure parts
 * (core/report_data.h): which notes are kept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "app/report.h"
#include "core/i18n.h"
#include "testdb.h"
#include "tmpdir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define NOW INT64_C(1796223600) /* Wed 2026-12-02 15:00 UTC */

struct fixture {
    char *dir;
    struct store *s;
    struct catalog *cat;
    struct plan_library *lib;
    struct app_ctx ctx;
    int64_t her, other;
    char ids[4][40];
};

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0 || catalog_load_builtin(&f->cat, &err) != 0 ||
        plan_library_load_builtin(&f->lib, &err) != 0 ||
        store_user_insert(f->s, "her@example.org", "x", ROLE_PATIENT, NOW - 90 * DAY, &f->her,
                          &err) ||
        store_user_insert(f->s, "other@example.org", "x", ROLE_PATIENT, NOW, &f->other, &err)) {
        fprintf(stderr, "setup: %s\n", err.msg);
        return -1;
    }
    f->ctx = (struct app_ctx){.store = f->s, .catalog = f->cat, .plans = f->lib};
    static const char *const notes[4] = {"first words", NULL, "private words", "latest words"};
    for (int i = 0; i < 4; i++) {
        struct practice p;
        practice_init(&p);
        p.started_at = NOW - (int64_t)(40 - i * 10) * DAY;
        p.duration_s = 600;
        p.outcome = OUTCOME_COMPLETED;
        p.before = (struct scores){true, 5, 4, 2};
        p.after = (struct scores){true, 3, 2, 1};
        p.note = notes[i] ? xstrdup(notes[i]) : NULL;
        if (store_practice_insert(f->s, f->her, &p, NOW, NULL, &err) != 0) {
            fprintf(stderr, "insert: %s\n", err.msg);
            return -1;
        }
        snprintf(f->ids[i], sizeof f->ids[i], "%s", p.id);
        practice_clear(&p);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_close(f->s);
    catalog_free(f->cat);
    plan_library_free(f->lib);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static struct report_options options(const char *const *ids, size_t n)
{
    return (struct report_options){.from = NOW - 60 * DAY,
                                   .to = NOW - NOW % DAY + DAY,
                                   .now = NOW,
                                   .name = "Jo",
                                   .notes = n ? REPORT_NOTES_CHOSEN : REPORT_NOTES_NONE,
                                   .note_ids = ids,
                                   .nnote_ids = n};
}

static void only_the_ticked_notes_leave_the_store(void **state)
{
    struct fixture *f = *state;
    const char *ticked[] = {f->ids[3], f->ids[0]};
    struct report_options opt = options(ticked, 2);
    struct principal me = app_person(f->her, ROLE_PATIENT, VIA_COOKIE, 1);
    struct report_data d;
    struct pace_error err = {0};
    assert_int_equal(app_report_data(&f->ctx, &me, f->her, &opt, &d, &err), 0);
    assert_int_equal(d.nsessions, 4);
    assert_string_equal(d.name, "Jo");
    assert_null(d.opt.note_ids);
    assert_int_equal(d.nnotes, 2);
    assert_string_equal(d.notes[0].p->note, "first words"); /* oldest first */
    assert_string_equal(d.notes[1].p->note, "latest words");
    for (size_t i = 0; i < d.nsessions; i++)
        if (strcmp(d.sessions[i].id, f->ids[2]) == 0)
            assert_null(d.sessions[i].note); /* wiped, never drawn */
    assert_int_equal(d.ncharts, 5);
    assert_non_null(d.program);
    report_data_free(&d);

    /* no notes asked: none at all */
    opt = options(NULL, 0);
    assert_int_equal(app_report_data(&f->ctx, &me, f->her, &opt, &d, &err), 0);
    assert_int_equal(d.nnotes, 0);
    for (size_t i = 0; i < d.nsessions; i++)
        assert_null(d.sessions[i].note);
    report_data_free(&d);
}

static void who_may_have_it(void **state)
{
    struct fixture *f = *state;
    struct report_options opt = options(NULL, 0);
    opt.notes = REPORT_NOTES_ALL;
    struct report_data d;
    struct pace_error err = {0};
    /* the operator, for pace report --notes all */
    struct principal op = app_operator();
    assert_int_equal(app_report_data(&f->ctx, &op, f->her, &opt, &d, &err), 0);
    assert_int_equal(d.nnotes, 3);
    report_data_free(&d);
    /* someone else, signed in, and nobody: as if there were nothing */
    struct principal other = app_person(f->other, ROLE_PATIENT, VIA_COOKIE, 2);
    struct principal nobody = {0};
    assert_int_equal(app_report_data(&f->ctx, &other, f->her, &opt, &d, &err), PACE_ENOTFOUND);
    assert_int_equal(d.nsessions, 0);
    report_data_free(&d);
    assert_int_equal(app_report_data(&f->ctx, &nobody, f->her, &opt, &d, &err), PACE_ENOTFOUND);
    report_data_free(&d);
    struct practice *items;
    size_t n;
    bool more;
    assert_int_equal(app_report_notes(&f->ctx, &other, f->her, 0, NOW, 10, &items, &n, &more, &err),
                     PACE_ENOTFOUND);
    assert_int_equal(n, 0);
}

static void the_period_and_the_name_are_checked_first(void **state)
{
    struct fixture *f = *state;
    struct principal me = app_person(f->her, ROLE_PATIENT, VIA_COOKIE, 1);
    struct report_data d;
    struct pace_error err = {0};
    struct report_options opt = options(NULL, 0);
    opt.to = opt.from;
    assert_int_equal(app_report_data(&f->ctx, &me, f->her, &opt, &d, &err), PACE_EINVAL);
    assert_string_equal(err.field, "to");
    report_data_free(&d);
    opt = options(NULL, 0);
    opt.from = NOW + 2 * DAY;
    opt.to = NOW + 3 * DAY;
    assert_int_equal(app_report_data(&f->ctx, &me, f->her, &opt, &d, &err), PACE_EINVAL);
    assert_string_equal(err.field, "from");
    report_data_free(&d);
    opt = options(NULL, 0);
    opt.name = "two\nlines";
    assert_int_equal(app_report_data(&f->ctx, &me, f->her, &opt, &d, &err), PACE_EINVAL);
    assert_string_equal(err.field, "name");
    report_data_free(&d);
}

static void notes_to_choose_from(void **state)
{
    struct fixture *f = *state;
    struct principal me = app_person(f->her, ROLE_PATIENT, VIA_COOKIE, 1);
    struct practice *items;
    size_t n;
    bool more;
    struct pace_error err = {0};
    assert_int_equal(app_report_notes(&f->ctx, &me, f->her, 0, NOW, 10, &items, &n, &more, &err),
                     0);
    assert_int_equal(n, 3);
    assert_false(more);
    assert_string_equal(items[0].note, "latest words");
    assert_string_equal(items[2].note, "first words");
    practice_list_free(items, n);
    assert_int_equal(app_report_notes(&f->ctx, &me, f->her, 0, NOW, 2, &items, &n, &more, &err), 0);
    assert_int_equal(n, 2);
    assert_true(more);
    practice_list_free(items, n);
}

int main(void)
{
    i18n_set_lang(LANG_EN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(only_the_ticked_notes_leave_the_store, setup, teardown),
        cmocka_unit_test_setup_teardown(who_may_have_it, setup, teardown),
        cmocka_unit_test_setup_teardown(the_period_and_the_name_are_checked_first, setup, teardown),
        cmocka_unit_test_setup_teardown(notes_to_choose_from, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
