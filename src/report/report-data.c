/*
 * report-data.c - gathers what the report shows, through store.h alone, and
 * checks the period and the name; see report.h.
 */
#include "report/report.h"

#include "report/layout.h"
#include "app/plans.h"
#include "app/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define LADDER_MAX 500

int report_date_parse(const char *s, const struct tz_zone *z, int64_t *out)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 2000 || y > 2100 || m < 1 || m > 12 || d < 1)
        return -1;
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
    if (d > max)
        return -1;
    *out = tz_midnight(z, y, m, d);
    return 0;
}

int report_period_check(int64_t from, int64_t last_day, int64_t now, const struct tz_zone *z,
                        struct pace_error *err)
{
    if (from > last_day)
        return pace_fail(err, PACE_EINVAL, "to", "%s",
                         _("The end date is before the start date. Please choose an end on or "
                           "after the start."));
    if ((last_day - from + DAY / 2) / DAY + 1 > REPORT_MAX_DAYS) /* days of 23 or 25 hours */
        return pace_fail(err, PACE_EINVAL, "from", "%s",
                         _("The period is longer than three years. Please choose a shorter "
                           "one."));
    if (from > layout_day_start(now, z))
        return pace_fail(err, PACE_EINVAL, "from", "%s",
                         _("The start date is in the future. Please choose today or an earlier "
                           "day."));
    return 0;
}

int report_name_check(const char *name, struct pace_error *err)
{
    if (name == NULL || name[0] == '\0')
        return 0;
    size_t len = strlen(name);
    if (!str_valid_text(name, len) || strchr(name, '\n') || strchr(name, '\r') ||
        strchr(name, '\t'))
        return pace_fail(err, PACE_EINVAL, "name", "%s",
                         _("The name can only hold ordinary text on one line."));
    if (str_utf8_len(name) > REPORT_NAME_MAX)
        return pace_fail(err, PACE_EINVAL, "name", _("The name can be at most %d characters."),
                         REPORT_NAME_MAX);
    return 0;
}

static int load_sessions(struct store *s, int64_t user_id, struct report_data *d,
                         struct pace_error *err)
{
    struct practice_query q = {.from = d->opt.from, .to = d->opt.to, .limit = 200};
    char cursor[STORE_CURSOR_MAX] = "";
    size_t cap = 0;
    for (;;) {
        struct practice *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        q.cursor = cursor[0] ? cursor : NULL;
        int rc = store_practice_list(s, user_id, &q, &items, &n, next, err);
        if (rc != 0)
            return rc;
        size_t take = n;
        if (d->nsessions + take > REPORT_MAX_SESSIONS) {
            take = REPORT_MAX_SESSIONS - d->nsessions;
            d->capped = true;
        }
        if (d->nsessions + take > cap) {
            cap = (d->nsessions + take) * 2;
            d->sessions = xrealloc(d->sessions, cap * sizeof *d->sessions);
        }
        if (take > 0)
            memcpy(d->sessions + d->nsessions, items, take * sizeof *items);
        d->nsessions += take;
        for (size_t i = take; i < n; i++)
            practice_clear(&items[i]);
        free(items);
        if (d->capped || next[0] == '\0')
            return 0;
        snprintf(cursor, sizeof cursor, "%s", next);
    }
}

static bool note_chosen(const struct report_options *o, const char *id)
{
    if (o->notes == REPORT_NOTES_ALL)
        return true;
    if (o->notes != REPORT_NOTES_CHOSEN)
        return false;
    for (size_t i = 0; i < o->nnote_ids; i++)
        if (o->note_ids[i] && strcmp(o->note_ids[i], id) == 0)
            return true;
    return false;
}

static void pick_notes(struct report_data *d, const struct report_options *o)
{
    d->notes = xcalloc(d->nsessions + 1, sizeof *d->notes);
    /* sessions are newest first; notes read oldest first */
    for (size_t i = d->nsessions; i-- > 0;) {
        const struct practice *p = &d->sessions[i];
        if (p->note && p->note[0] && note_chosen(o, p->id))
            d->notes[d->nnotes++].p = p;
    }
}

static int load_ladder(struct store *s, int64_t user_id, struct report_data *d,
                       struct pace_error *err)
{
    struct ladder_entry *items = NULL;
    size_t n = 0;
    int rc = store_ladder_list(s, user_id, LADDER_MAX, &items, &n, err);
    if (rc != 0)
        return rc;
    /* Only entries up to the end of the period: the report shows the
     * period, not what came after. */
    size_t first = n, latest = n;
    for (size_t i = 0; i < n; i++) {
        if (items[i].taken_at >= d->opt.to)
            continue;
        if (latest == n)
            latest = i;
        first = i;
        d->nladder++;
    }
    if (d->nladder > 0) {
        d->ladder_latest = items[latest];
        d->ladder_first = items[first];
    }
    free(items);
    return 0;
}

/* The progress charts of the period, drawn from the same data as
 * /progress shows. */
static int load_charts(struct store *s, const struct plan_library *lib, int64_t user_id,
                       struct report_data *d, struct pace_error *err)
{
    struct chart_period period = {
        .from = d->opt.from, .to = d->opt.to, .now = d->opt.now, .zone = d->opt.zone};
    struct progress_data pd;
    int rc = progress_load(s, lib, user_id, &period, &pd, err);
    if (rc != 0) {
        progress_free(&pd);
        return rc;
    }
    int (*const build[])(struct chart *, const struct progress_data *) = {
        chart_scores, chart_sizes, chart_practice, chart_spasms, chart_ladder};
    size_t n = sizeof build / sizeof build[0];
    d->charts = xcalloc(n, sizeof *d->charts);
    for (size_t i = 0; i < n; i++) {
        build[i](&d->charts[d->ncharts], &pd);
        d->ncharts++;
    }
    progress_free(&pd);
    return 0;
}

int report_load(struct store *s, const struct catalog *cat, const struct plan_library *lib,
                int64_t user_id, const struct report_options *opt, struct report_data *out,
                struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    out->opt = *opt;
    out->opt.name = NULL;
    out->opt.note_ids = NULL;
    out->lib = lib;
    if (opt->name && opt->name[0])
        snprintf(out->name, sizeof out->name, "%s", opt->name);
    struct plan_view v;
    int rc = plans_load(s, cat, lib, user_id, opt->now, opt->zone, &v, err);
    if (rc == 0) {
        out->program = v.program;
        out->choice = v.choice;
        out->chosen = v.chosen;
        out->week = v.week;
        out->phase = v.phase;
        out->rules = v.rules;
        out->comfortable_mm = v.comfortable_mm;
        out->kit = v.kit; /* taken over */
        memset(&v.kit, 0, sizeof v.kit);
    }
    plans_view_free(&v);
    if (rc == 0)
        rc = load_sessions(s, user_id, out, err);
    if (rc == 0)
        rc = store_goals_list(s, user_id, &out->goals, &out->ngoals, err);
    if (rc == 0)
        rc = load_ladder(s, user_id, out, err);
    if (rc == 0)
        rc = load_charts(s, lib, user_id, out, err);
    if (rc != 0)
        return rc;
    pick_notes(out, opt);
    return 0;
}

void report_data_free(struct report_data *d)
{
    kits_view_free(&d->kit);
    practice_list_free(d->sessions, d->nsessions);
    free(d->goals);
    free(d->notes);
    for (size_t i = 0; i < d->ncharts; i++)
        chart_free(&d->charts[i]);
    free(d->charts);
    memset(d, 0, sizeof *d);
}

void report_filename(int64_t now, const struct tz_zone *z, char *out, size_t n)
{
    int y, m, d;
    tz_date(z, now, &y, &m, &d);
    snprintf(out, n, "pace-report-%04d-%02d-%02d.pdf", y, m, d);
}
