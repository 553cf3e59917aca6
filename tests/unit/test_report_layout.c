/*
 * test_report_layout.c - the report's pure layout (report/layout.h) and
 * its checks (report/report.h): clipping, days, weeks and months in her
 * time zone (across both changes of the clocks in Europe/Berlin),
 * grouping sessions into rows with averages, choosing the grouping that
 * fits, dates and periods and names; and a whole report drawn from
 * made-up data stays within three pages, is a tagged PDF in her language
 * with a title that names the therapy only when asked, and is the same
 * file when drawn twice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "app/tzdb.h"
#include "report/layout.h"
#include "report/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define MON 1767571200 /* Monday 2026-01-05 00:00 UTC */

static struct tz_zone utc, plus60, minus300, berlin;

static int setup(void **state)
{
    (void)state;
    tz_zone_fixed(&utc, 0);
    tz_zone_fixed(&plus60, 60);
    tz_zone_fixed(&minus300, -300);
    return tzdb_load("Europe/Berlin", &berlin, NULL, NULL);
}

static int teardown(void **state)
{
    (void)state;
    tz_zone_free(&berlin);
    return 0;
}

static void clips_with_ellipsis(void **state)
{
    (void)state;
    char out[64];
    assert_false(layout_clip("short", 10, out, sizeof out));
    assert_string_equal(out, "short");
    assert_true(layout_clip("a  long\n\nnote here", 8, out, sizeof out));
    assert_string_equal(out, "a long…");
    assert_false(layout_clip("  folded\n lines ", 40, out, sizeof out));
    assert_string_equal(out, "folded lines");
    assert_true(layout_clip("äöüäöüäöü", 4, out, sizeof out));
    assert_string_equal(out, "äöü…");
    /* the buffer bounds it too */
    char tiny[8];
    assert_true(layout_clip("abcdefghij", 100, tiny, sizeof tiny));
    assert_string_equal(tiny, "abcd…");
    layout_clip(NULL, 5, out, sizeof out);
    assert_string_equal(out, "");
}

static void days_weeks_months(void **state)
{
    (void)state;
    int64_t wed = MON + 2 * DAY + 13 * 3600; /* Wed 7 Jan 13:00 UTC */
    assert_int_equal(layout_day_start(wed, &utc), MON + 2 * DAY);
    assert_int_equal(layout_period_start(wed, &utc, GROUP_WEEK), MON);
    /* UTC+01:00: Monday 00:30 local is still Monday */
    assert_int_equal(layout_period_start(MON - 30 * 60, &plus60, GROUP_WEEK), MON - 3600);
    /* UTC-05:00: Monday 02:00 UTC is Sunday evening there */
    assert_int_equal(layout_period_start(MON + 2 * 3600, &minus300, GROUP_WEEK),
                     MON - 7 * DAY + 5 * 3600);
    /* months */
    assert_int_equal(layout_period_start(wed, &utc, GROUP_MONTH), 1767225600); /* 1 Jan 2026 */
    assert_int_equal(layout_period_start(1767225600 - 1, &utc, GROUP_MONTH), 1764547200);
    assert_int_equal(layout_period_start(wed, &utc, GROUP_SESSION), wed);
}

/* Europe/Berlin: each week and month starts at its own midnight, in
 * winter time (+1) or summer time (+2), whichever it falls in. */
static void weeks_across_the_changes_of_the_clocks(void **state)
{
    (void)state;
    /* Sunday 30 March 2025, 23:30 summer time: still the week of Monday
     * 24 March, which began at midnight winter time */
    assert_int_equal(layout_period_start(1743370200, &berlin, GROUP_WEEK), 1742770800);
    /* Monday 31 March, 00:30 summer time: the next week, from 22:00 UTC */
    assert_int_equal(layout_period_start(1743373800, &berlin, GROUP_WEEK), 1743372000);
    assert_int_equal(layout_day_start(1743373800, &berlin), 1743372000);
    /* April began at midnight summer time */
    assert_int_equal(layout_period_start(1743458400 + 3600, &berlin, GROUP_MONTH), 1743458400);
    /* Sunday 26 October, 23:30 winter time (22:30 UTC): the week of 20
     * October, which began in summer time */
    assert_int_equal(layout_period_start(1761517800, &berlin, GROUP_WEEK), 1760911200);
    assert_int_equal(layout_period_start(1761519600, &berlin, GROUP_WEEK), 1761519600);
    /* November began at midnight winter time */
    assert_int_equal(layout_period_start(1761951600 + 5, &berlin, GROUP_MONTH), 1761951600);

    /* rows labelled with their own Monday */
    struct practice s[2];
    practice_init(&s[0]);
    practice_init(&s[1]);
    snprintf(s[0].id, sizeof s[0].id, "%s", "a");
    snprintf(s[1].id, sizeof s[1].id, "%s", "b");
    s[0].started_at = 1743370200;
    s[1].started_at = 1743373800;
    s[0].outcome = s[1].outcome = OUTCOME_COMPLETED;
    struct layout_row *rows;
    assert_int_equal(layout_rows(s, 2, &berlin, GROUP_WEEK, &rows), 2);
    char a[64], b[64];
    i18n_set_lang(LANG_EN);
    i18n_format_date(a, sizeof a, rows[0].start, tz_offset_min(&berlin, rows[0].start));
    i18n_format_date(b, sizeof b, rows[1].start, tz_offset_min(&berlin, rows[1].start));
    assert_string_equal(a, "24 Mar 2025");
    assert_string_equal(b, "31 Mar 2025");
    free(rows);
}

static struct practice session(int64_t at, double mm, int bf, int af, int maxpain, enum outcome o,
                               int spasms)
{
    struct practice p;
    practice_init(&p);
    snprintf(p.id, sizeof p.id, "00000000-0000-4000-8000-%012lld", (long long)at % 1000000);
    p.started_at = at;
    p.duration_s = 600;
    p.diameter_mm = mm;
    if (bf >= 0)
        p.before = (struct scores){true, bf, bf, bf};
    if (af >= 0)
        p.after = (struct scores){true, af, af, af};
    p.max_pain = maxpain;
    p.outcome = o;
    p.nspasms = (size_t)spasms;
    return p;
}

static void groups_rows(void **state)
{
    (void)state;
    struct practice s[] = {
        /* given newest first, as the store lists them */
        session(MON + 8 * DAY, 18, 2, 1, 3, OUTCOME_COMPLETED, 0), /* week 2 */
        session(MON + 2 * DAY, 16, 6, -1, -1, OUTCOME_STOPPED, 2), /* week 1 */
        session(MON + 1 * DAY, 14, 4, 2, 5, OUTCOME_COMPLETED, 1), /* week 1 */
        session(MON, 0, -1, -1, -1, OUTCOME_NOT_TODAY, 0),         /* week 1 */
    };
    struct layout_row *rows;
    size_t n = layout_rows(s, 4, &utc, GROUP_SESSION, &rows);
    assert_int_equal(n, 4);
    assert_int_equal(rows[0].start, MON); /* oldest first */
    assert_ptr_equal(rows[0].p, &s[3]);
    assert_int_equal(rows[3].p->started_at, MON + 8 * DAY);
    free(rows);

    n = layout_rows(s, 4, &utc, GROUP_WEEK, &rows);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].start, MON);
    assert_int_equal(rows[0].count, 3);
    assert_int_equal(rows[0].minutes, 30);
    assert_true(rows[0].min_mm == 14 && rows[0].max_mm == 16);
    assert_true(rows[0].before[0] == 5.0); /* (6 + 4) / 2: only sessions that gave them */
    assert_true(rows[0].after[2] == 2.0);
    assert_int_equal(rows[0].max_pain, 5);
    assert_int_equal(rows[0].spasms, 3);
    assert_int_equal(rows[0].completed, 1);
    assert_int_equal(rows[0].stopped, 1);
    assert_int_equal(rows[0].not_today, 1);
    assert_null(rows[0].p);
    assert_int_equal(rows[1].start, MON + 7 * DAY);
    assert_true(rows[1].before[1] == 2.0);
    free(rows);

    n = layout_rows(s, 4, &utc, GROUP_MONTH, &rows);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].count, 4);
    free(rows);

    assert_int_equal(layout_rows(s, 0, &utc, GROUP_WEEK, &rows), 0);
    assert_null(rows);
    /* a row without scores says so */
    n = layout_rows(&s[3], 1, &utc, GROUP_WEEK, &rows);
    assert_true(rows[0].before[0] < 0 && rows[0].after[0] < 0);
    assert_int_equal(rows[0].max_pain, -1);
    free(rows);
}

static void picks_the_grouping_that_fits(void **state)
{
    (void)state;
    /* 120 sessions, one a day: 18 weeks, 4-5 months */
    size_t n = 120;
    struct practice *s = calloc(n, sizeof *s);
    for (size_t i = 0; i < n; i++)
        s[i] = session(MON + (int64_t)i * DAY + 3600, 14, 3, 2, 2, OUTCOME_COMPLETED, 0);
    assert_int_equal(layout_pick_group(s, n, &utc, 200), GROUP_SESSION);
    assert_int_equal(layout_pick_group(s, n, &utc, 120), GROUP_SESSION);
    assert_int_equal(layout_pick_group(s, n, &utc, 119), GROUP_WEEK);
    assert_int_equal(layout_pick_group(s, n, &utc, 18), GROUP_WEEK);
    assert_int_equal(layout_pick_group(s, n, &utc, 17), GROUP_MONTH);
    assert_int_equal(layout_pick_group(s, n, &utc, 1), GROUP_MONTH);
    assert_int_equal(layout_pick_group(s, 0, &utc, 1), GROUP_SESSION);
    free(s);
}

static void page_decisions(void **state)
{
    (void)state;
    assert_true(layout_fits(700, 79, 779));
    assert_true(layout_fits(700, 79.0000000001, 779));
    assert_false(layout_fits(700, 80, 779));
    char buf[32];
    i18n_set_lang(LANG_EN);
    layout_page_label(1, 2, buf, sizeof buf);
    assert_string_equal(buf, "Page 1 of 2");
}

static void dates_periods_names(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(report_date_parse("2026-01-05", &utc, &t), 0);
    assert_int_equal(t, MON);
    assert_int_equal(report_date_parse("2026-01-05", &plus60, &t), 0);
    assert_int_equal(t, MON - 3600);
    assert_int_equal(report_date_parse("2024-02-29", &utc, &t), 0);
    /* her midnights on either side of the change to summer time */
    assert_int_equal(report_date_parse("2025-03-30", &berlin, &t), 0);
    assert_int_equal(t, 1743289200);
    assert_int_equal(report_date_parse("2025-03-31", &berlin, &t), 0);
    assert_int_equal(t, 1743372000);
    const char *bad[] = {"2026-02-29", "2026-13-01", "2026-1-05",  "05.01.2026",      "",
                         "2026-01-0x", "1999-12-31", "2026-04-31", "2026-01-05T00:00"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(report_date_parse(bad[i], &utc, &t), -1);
    assert_int_equal(report_date_parse(NULL, &utc, &t), -1);

    struct pace_error err = {0};
    int64_t now = MON + 30 * DAY;
    assert_int_equal(report_period_check(MON, MON + 10 * DAY, now, &utc, &err), 0);
    assert_int_equal(report_period_check(MON, MON, now, &utc, &err), 0); /* one day */
    assert_int_equal(report_period_check(MON + DAY, MON, now, &utc, &err), PACE_EINVAL);
    assert_string_equal(err.field, "to");
    assert_int_equal(report_period_check(now + DAY, now + 2 * DAY, now, &utc, &err), PACE_EINVAL);
    assert_string_equal(err.field, "from");
    assert_int_equal(report_period_check(now - 1200 * (int64_t)DAY, now, now, &utc, &err),
                     PACE_EINVAL);
    assert_string_equal(err.field, "from");

    assert_int_equal(report_name_check(NULL, &err), 0);
    assert_int_equal(report_name_check("", &err), 0);
    assert_int_equal(report_name_check("Jülie K.", &err), 0);
    assert_int_equal(report_name_check("two\nlines", &err), PACE_EINVAL);
    assert_string_equal(err.field, "name");
    char longname[120];
    memset(longname, 'x', 81);
    longname[81] = '\0';
    assert_int_equal(report_name_check(longname, &err), PACE_EINVAL);
    longname[80] = '\0';
    assert_int_equal(report_name_check(longname, &err), 0);
}

static int count_pages(const struct buf *b)
{
    int n = 0;
    const char *p = b->data, *end = b->data + b->len;
    while ((p = memmem(p, (size_t)(end - p), "/Type /Page", 11)) != NULL) {
        p += 11;
        n += p < end && *p != 's';
    }
    return n;
}

static bool has(const struct buf *b, const char *s)
{
    return memmem(b->data, b->len, s, strlen(s)) != NULL;
}

/* A report with no store behind it: the drawing must hold to three pages
 * however much there is, and show one page for a little. */
static void whole_report_fits(void **state)
{
    (void)state;
    i18n_set_lang(LANG_EN);
    struct report_data d;
    memset(&d, 0, sizeof d);
    d.opt.from = MON;
    d.opt.to = MON + 400 * (int64_t)DAY;
    d.opt.now = d.opt.to;
    d.opt.zone = &berlin;
    snprintf(d.name, sizeof d.name, "%s", "Jo");
    size_t n = 700;
    d.sessions = calloc(n, sizeof *d.sessions);
    d.notes = calloc(n, sizeof *d.notes);
    for (size_t i = 0; i < n; i++) {
        d.sessions[i] = session(d.opt.to - (int64_t)(i + 1) * 49000, 10 + (double)(i % 5), 5, 3, 4,
                                OUTCOME_COMPLETED, 1);
        d.sessions[i].note = strdup("A long note that goes on and on, with plenty of words to "
                                    "wrap over many lines of the page so that notes alone "
                                    "would need more than three pages when all are shown.");
        d.notes[i].p = &d.sessions[i];
    }
    d.nsessions = n;
    d.nnotes = n;
    struct buf pdf = {0};
    int pages = 0;
    struct pace_error err = {0};
    assert_int_equal(report_pdf(&d, &pdf, &pages, &err), 0);
    assert_true(pages >= 1 && pages <= REPORT_MAX_PAGES);
    assert_int_equal(count_pages(&pdf), pages);
    assert_memory_equal(pdf.data, "%PDF-", 5);
    buf_free(&pdf);

    /* a little: one page; a tagged PDF in her language, titled without
     * naming the therapy; drawn twice, the same bytes */
    d.nsessions = 3;
    d.nnotes = 1;
    assert_int_equal(report_pdf(&d, &pdf, &pages, &err), 0);
    assert_int_equal(pages, 1);
    assert_int_equal(count_pages(&pdf), 1);
    assert_true(has(&pdf, "/Lang (en)"));
    assert_true(has(&pdf, "/MarkInfo << /Marked true >>"));
    assert_true(has(&pdf, "/DisplayDocTitle true"));
    assert_true(has(&pdf, "/StructTreeRoot"));
    assert_true(has(&pdf, "/Title (Practice summary)"));
    assert_false(has(&pdf, "Dilator"));
    struct buf again = {0};
    assert_int_equal(report_pdf(&d, &again, NULL, &err), 0);
    assert_int_equal(again.len, pdf.len);
    assert_memory_equal(again.data, pdf.data, pdf.len);
    buf_free(&again);
    buf_free(&pdf);

    /* the title she may choose, and German */
    d.opt.full_title = true;
    assert_int_equal(report_pdf(&d, &pdf, NULL, &err), 0);
    assert_true(has(&pdf, "/Title (Dilator therapy: practice summary)"));
    buf_free(&pdf);
    i18n_set_lang(LANG_DE);
    d.opt.full_title = false;
    assert_int_equal(report_pdf(&d, &pdf, NULL, &err), 0);
    assert_true(has(&pdf, "/Lang (de)"));
    buf_free(&pdf);
    i18n_set_lang(LANG_EN);

    /* nothing at all: still a page */
    d.nsessions = 0;
    d.nnotes = 0;
    d.name[0] = '\0';
    assert_int_equal(report_pdf(&d, &pdf, &pages, &err), 0);
    assert_int_equal(pages, 1);
    buf_free(&pdf);

    d.nsessions = n;
    report_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(clips_with_ellipsis),
        cmocka_unit_test(days_weeks_months),
        cmocka_unit_test(weeks_across_the_changes_of_the_clocks),
        cmocka_unit_test(groups_rows),
        cmocka_unit_test(picks_the_grouping_that_fits),
        cmocka_unit_test(page_decisions),
        cmocka_unit_test(dates_periods_names),
        cmocka_unit_test(whole_report_fits),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
