/*
 * report.c - gathering the report for a clinician (app/report.h): her plan
 * and kit through plans.h, her sessions, goals and comfort ladder from the
 * store, and the charts of the period from the same data /progress shows.
 */
#include "app/report.h"

#include "app/plans.h"
#include "app/progress.h"
#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LADDER_MAX 500
#define NOTES_PAGE 200 /* sessions looked through for notes to choose from */

static int gate(const struct app_ctx *c, const struct principal *who, int64_t subject, bool notes,
                struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_REPORT, ACT_READ, NULL, err);
    if (rc == 0 && notes)
        rc = app_gate(c, who, subject, RES_NOTES, ACT_READ, NULL, err);
    return rc;
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
 * /progress shows, weeks counted in her zone. */
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

static int load_plan(const struct app_ctx *c, int64_t subject, struct report_data *out,
                     struct pace_error *err)
{
    struct plan_view v;
    int rc =
        plans_load(c->store, c->catalog, c->plans, subject, out->opt.now, out->opt.zone, &v, err);
    if (rc == 0) {
        out->program = v.program;
        out->choice = v.choice;
        out->chosen = v.chosen;
        out->week = v.week;
        out->phase = v.phase;
        out->rules = v.rules;
        out->comfortable_mm = v.comfortable_mm;
        /* her kit, taken over */
        out->kit = (struct report_kit){.customs = v.kit.customs,
                                       .ncustom = v.kit.ncustom,
                                       .entries = v.kit.entries,
                                       .n = v.kit.n};
        memset(&v.kit, 0, sizeof v.kit);
    }
    plans_view_free(&v);
    return rc;
}

int app_report_data(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct report_options *opt, struct report_data *out,
                    struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = gate(c, who, subject, opt->notes != REPORT_NOTES_NONE, err);
    if (rc == 0 && opt->to <= opt->from)
        rc = pace_fail(err, PACE_EINVAL, "to", "%s",
                       _("The end date is before the start date. Please choose an end on or "
                         "after the start."));
    if (rc == 0)
        rc = report_period_check(opt->from, tz_day_start(opt->zone, opt->to - 1), opt->now,
                                 opt->zone, err);
    if (rc == 0)
        rc = report_name_check(opt->name, err);
    if (rc != 0)
        return rc;
    out->opt = *opt;
    out->opt.name = NULL;
    out->opt.note_ids = NULL;
    out->opt.nnote_ids = 0;
    out->lib = c->plans;
    if (opt->name && opt->name[0])
        snprintf(out->name, sizeof out->name, "%s", opt->name);
    rc = load_plan(c, subject, out, err);
    if (rc == 0)
        rc = load_sessions(c->store, subject, out, err);
    if (rc == 0)
        rc = store_goals_list(c->store, subject, &out->goals, &out->ngoals, err);
    if (rc == 0)
        rc = load_ladder(c->store, subject, out, err);
    if (rc == 0)
        rc = load_charts(c->store, c->plans, subject, out, err);
    /* Only the notes she chose stay, also after a failure. */
    report_keep_notes(out, opt);
    return rc;
}

int app_report_notes(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     int64_t from, int64_t to, size_t max, struct practice **items, size_t *n,
                     bool *more, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    *more = false;
    int rc = gate(c, who, subject, true, err);
    if (rc != 0)
        return rc;
    struct practice_query q = {.from = from, .to = to, .limit = NOTES_PAGE};
    struct practice *all = NULL;
    size_t nall = 0;
    char next[STORE_CURSOR_MAX] = "";
    rc = store_practice_list(c->store, subject, &q, &all, &nall, next, err);
    if (rc != 0)
        return rc;
    size_t k = 0;
    for (size_t i = 0; i < nall; i++) {
        bool noted = all[i].note && all[i].note[0];
        if (noted && k < max) {
            all[k++] = all[i];
            continue;
        }
        *more = *more || noted;
        practice_clear(&all[i]);
    }
    *more = *more || next[0] != '\0';
    *items = all;
    *n = k;
    return 0;
}
