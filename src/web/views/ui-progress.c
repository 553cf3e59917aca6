/*
 * ui-progress.c - /progress: her progress over a period she picks (four
 * weeks, three months, everything; by default the one her history fills
 * at least half of) as five charts drawn on the server (core/chart.h,
 * web/svg-chart.c), each with its legend and, under "Show the numbers",
 * the same data as a table; and her quiet milestones, the first time of
 * things. No JavaScript needed.
 */
#include "app/progress.h"
#include "web/auth.h"
#include "web/views/ui-clinic.h"
#include "web/routes.h"
#include "web/svg-chart.h"
#include "web/views/ui-practice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *key;
    const char *label;
} periods[] = {
    {"4w", N_("4 weeks")},
    {"3m", N_("3 months")},
    {"all", N_("Everything")},
};

static void period_picker(struct req *r, const char *current, const char *base)
{
    html_printf(r, "<nav class=\"period-picker\" aria-label=\"%s\"><ul>", _("Period"));
    for (size_t i = 0; i < sizeof periods / sizeof *periods; i++)
        html_printf(r, "<li><a href=\"%s?period=%s\"%R>%s</a></li>", base, periods[i].key,
                    str_eq(current, periods[i].key) ? " aria-current=\"page\"" : "",
                    _(periods[i].label));
    html_printf(r, "</ul></nav>");
}

static void num_cell(struct req *r, int v)
{
    if (v < 0)
        html_printf(r, "<td><span aria-hidden=\"true\">\u2013</span><span class=\"vh\">%s</span></td>",
                    _("not given"));
    else
        html_printf(r, "<td>%d</td>", v);
}

static void date_of(char *out, size_t n, int64_t t, const struct tz_zone *tz)
{
    i18n_format_date(out, n, t, tz_offset_min(tz, t));
}

/* The table's frame: a scrollable region named by the caption. */
static void table_begin(struct req *r, const char *id, const char *caption)
{
    html_printf(r, "<details class=\"chart-numbers\"><summary>%s</summary>"
                   "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
                   "aria-labelledby=\"%s-cap\"><table class=\"data-table\">"
                   "<caption id=\"%s-cap\">%s</caption>",
                _("Show the numbers"), id, id, caption);
}

static void table_end(struct req *r)
{
    html_printf(r, "</table></div></details>");
}

static int by_time(const void *a, const void *b)
{
    const struct practice *x = *(const struct practice *const *)a;
    const struct practice *y = *(const struct practice *const *)b;
    return (x->started_at > y->started_at) - (x->started_at < y->started_at);
}

/* The sessions of the period, oldest first. */
static size_t sorted(const struct progress_data *d, const struct practice ***out)
{
    const struct practice **v = xcalloc(d->nsessions + 1, sizeof *v);
    for (size_t i = 0; i < d->nsessions; i++)
        v[i] = &d->sessions[i];
    qsort(v, d->nsessions, sizeof *v, by_time);
    *out = v;
    return d->nsessions;
}

static void scores_table(struct req *r, const struct progress_data *d)
{
    const struct practice **v = NULL;
    size_t n = sorted(d, &v);
    const struct tz_zone *tz = d->period.zone;
    table_begin(r, "t-scores", _("Fear, tension and pain before and after each session (0-10)"));
    html_printf(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
                _("Date"), _("Fear before"), _("Fear after"), _("Tension before"),
                _("Tension after"), _("Pain before"), _("Pain after"));
    for (size_t i = 0; i < n; i++) {
        const struct practice *s = v[i];
        if (!s->before.set && !s->after.set)
            continue;
        char date[64];
        date_of(date, sizeof date, s->started_at, tz);
        html_printf(r, "<tr><th scope=\"row\">%s</th>", date);
        num_cell(r, s->before.set ? s->before.fear : -1);
        num_cell(r, s->after.set ? s->after.fear : -1);
        num_cell(r, s->before.set ? s->before.tension : -1);
        num_cell(r, s->after.set ? s->after.tension : -1);
        num_cell(r, s->before.set ? s->before.pain : -1);
        num_cell(r, s->after.set ? s->after.pain : -1);
        html_printf(r, "</tr>");
    }
    html_printf(r, "</tbody>");
    table_end(r);
    free(v);
}

static void sizes_table(struct req *r, const struct progress_data *d)
{
    const struct practice **v = NULL;
    size_t n = sorted(d, &v);
    const struct tz_zone *tz = d->period.zone;
    table_begin(r, "t-sizes", _("The size of each session"));
    html_printf(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th></tr></thead><tbody>",
                _("Date"), _("Size"), _("Minutes"));
    for (size_t i = 0; i < n; i++) {
        const struct practice *s = v[i];
        if (s->outcome == OUTCOME_NOT_TODAY || s->diameter_mm <= 0)
            continue;
        char date[64], mm[32];
        date_of(date, sizeof date, s->started_at, tz);
        ui_mm(mm, sizeof mm, s->diameter_mm);
        html_printf(r, "<tr><th scope=\"row\">%s</th><td>%s</td><td>%d</td></tr>", date, mm,
                    (s->duration_s + 30) / 60);
    }
    html_printf(r, "</tbody>");
    table_end(r);
    free(v);
    if (d->ngoals > 0) {
        html_printf(r, "<h3 class=\"chart-sub\">%s</h3><ul class=\"chart-goals\">",
                    _("Your goals (approximate ranges)"));
        for (size_t i = 0; i < d->ngoals; i++) {
            char lo[32], hi[32];
            ui_mm(lo, sizeof lo, d->goals[i].min_mm);
            ui_mm(hi, sizeof hi, d->goals[i].max_mm);
            html_printf(r, "<li>%s: %s \u2013 %s%s</li>", d->goals[i].label, lo, hi,
                        d->goals[i].achieved_at ? _(" (reached)") : "");
        }
        html_printf(r, "</ul>");
    }
}

static void week_label(char *out, size_t n, int64_t start, const struct tz_zone *tz)
{
    char d[48];
    date_of(d, sizeof d, start, tz);
    snprintf(out, n, _("Week of %s"), d);
}

static void practice_table(struct req *r, const struct progress_data *d,
                           const struct chart_week *w, size_t n)
{
    const struct tz_zone *tz = d->period.zone;
    table_begin(r, "t-practice", _("Sessions per week"));
    html_printf(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
                _("Week"), _("Practised"), _("\"Not today\""), _("Plan"));
    for (size_t i = 0; i < n; i++) {
        char wk[80], plan[32] = "\u2013";
        week_label(wk, sizeof wk, w[i].start, tz);
        if (w[i].planned > 0)
            i18n_format_number(plan, sizeof plan, w[i].planned, 0);
        html_printf(r, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%s</td></tr>", wk,
                    w[i].practised, w[i].not_today, plan);
    }
    html_printf(r, "</tbody>");
    table_end(r);
}

static void spasms_table(struct req *r, const struct progress_data *d,
                         const struct chart_week *w, size_t n)
{
    const struct tz_zone *tz = d->period.zone;
    table_begin(r, "t-spasms", _("Spasms per week and how long they lasted (seconds)"));
    html_printf(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                   "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
                _("Week"), _("Spasms"), _("All together"), _("Longest"));
    for (size_t i = 0; i < n; i++) {
        char wk[80];
        week_label(wk, sizeof wk, w[i].start, tz);
        html_printf(r, "<tr><th scope=\"row\">%s</th><td>%d</td><td>%d</td><td>%d</td></tr>", wk,
                    w[i].spasms, w[i].spasm_total_s, w[i].spasm_longest_s);
    }
    html_printf(r, "</tbody>");
    table_end(r);
}

static int by_taken(const void *a, const void *b)
{
    const struct ladder_entry *x = a, *y = b;
    return (x->taken_at > y->taken_at) - (x->taken_at < y->taken_at);
}

static void ladder_table(struct req *r, const struct progress_data *d)
{
    size_t n = d->nladder;
    struct ladder_entry *v = xcalloc(n + 1, sizeof *v);
    memcpy(v, d->ladder, n * sizeof *v);
    qsort(v, n, sizeof *v, by_taken);
    table_begin(r, "t-ladder", _("Comfort ladder: anxiety and pain (0-10) at each entry"));
    html_printf(r, "<thead><tr><th scope=\"col\">%s</th>", _("Entry"));
    for (int i = 0; i < LADDER_COUNT; i++)
        html_printf(r, "<th scope=\"col\">%s</th>", _(ladder_item_label((enum ladder_item)i)));
    html_printf(r, "</tr></thead><tbody>");
    for (size_t k = 0; k < n; k++) {
        char date[64];
        date_of(date, sizeof date, v[k].taken_at, d->period.zone);
        html_printf(r, "<tr><th scope=\"row\">%s</th>", date);
        for (int i = 0; i < LADDER_COUNT; i++) {
            const struct ladder_answer *a = &v[k].a[i];
            char anx[16] = "\u2013", pain[16] = "\u2013";
            if (a->anxiety >= 0)
                snprintf(anx, sizeof anx, "%d", a->anxiety);
            if (a->pain >= 0)
                snprintf(pain, sizeof pain, "%d", a->pain);
            if (!ladder_answer_given(a))
                html_printf(r, "<td>%s</td>", _("skipped"));
            else if (a->not_tried)
                html_printf(r, "<td>%s %s, %s</td>", _("anxiety"), anx, _("not tried yet"));
            else
                html_printf(r, "<td>%s %s, %s %s</td>", _("anxiety"), anx, _("pain"), pain);
        }
        html_printf(r, "</tr>");
    }
    html_printf(r, "</tbody>");
    table_end(r);
    free(v);
}

/* One chart: heading, its sentence, the picture, the legend. */
static void chart_card(struct req *r, const char *id, const struct chart *c)
{
    html_printf(r, "<section class=\"card chart-card\" aria-labelledby=\"%s-h\">"
                   "<h2 id=\"%s-h\">%s</h2><p class=\"chart-desc\">%s</p><figure class=\"chart-fig\">",
                id, id, c->title, c->desc);
    svg_chart(&r->out, c, id);
    html_printf(r, "</figure>");
    svg_chart_legend(&r->out, c);
}

static void summary(struct req *r, const struct progress_data *d, const struct chart_week *w,
                    size_t nw, bool hers)
{
    int practised = 0, weeks = 0;
    for (size_t i = 0; i < nw; i++) {
        practised += w[i].practised;
        weeks += w[i].practised > 0;
    }
    html_printf(r, "<section class=\"card progress-summary\" aria-labelledby=\"ps-h\">"
                   "<h2 id=\"ps-h\" class=\"vh\">%s</h2>",
                _("In short"));
    if (practised == 0 && d->nladder == 0) {
        if (hers)
            html_printf(r, "<p>%s</p><p><a href=\"/practice\">%s</a> \u00b7 <a href=\"/sessions/new\">%s</a></p>",
                        _("Nothing is logged in this period yet. When you practise, you can "
                          "see here how it changes over the weeks."),
                        _("Start a guided session"), _("Log a session"));
        else
            html_printf(r, "<p>%s</p>", _("Nothing is logged in this period yet."));
        html_printf(r, "</section>");
        return;
    }
    char s[256];
    if (hers)
        snprintf(s, sizeof s,
                 ngettext_("You practised %d time in this period",
                           "You practised %d times in this period", practised),
                 practised);
    else
        snprintf(s, sizeof s,
                 ngettext_("%d session in this period", "%d sessions in this period", practised),
                 practised);
    char t[128];
    snprintf(t, sizeof t, ngettext_(", in %d week.", ", in %d different weeks.", weeks), weeks);
    html_printf(r, "<p>%s%s", s, t);
    /* The latest size, and pain after practice from first to latest. */
    const struct practice *first = NULL, *last = NULL, *size = NULL;
    for (size_t i = 0; i < d->nsessions; i++) {
        const struct practice *p = &d->sessions[i];
        if (p->after.set) {
            if (!first || p->started_at < first->started_at)
                first = p;
            if (!last || p->started_at > last->started_at)
                last = p;
        }
        if (p->outcome != OUTCOME_NOT_TODAY && p->diameter_mm > 0 &&
            (!size || p->started_at > size->started_at))
            size = p;
    }
    if (size) {
        char mm[32];
        ui_mm(mm, sizeof mm, size->diameter_mm);
        html_printf(r, " ");
        html_printf(r, hers ? _("Your latest size was %s.") : _("The latest size was %s."), mm);
    }
    if (first && last && first != last) {
        html_printf(r, " ");
        if (last->after.pain < first->after.pain)
            html_printf(r, _("Pain after practice went from %d to %d."), first->after.pain,
                        last->after.pain);
        else
            html_printf(r, _("Pain after practice was %d at first and %d most recently."),
                        first->after.pain, last->after.pain);
    }
    html_printf(r, "</p><p class=\"hint\">%s</p>",
                _("Progress is rarely a straight line. Ups and downs are part of it."));
    if (hers)
        html_printf(r, "<p><a href=\"/report\">%s</a></p>",
                    _("Make a summary for your clinician (PDF)"));
    html_printf(r, "</section>");
}

/* The period her history fills at least half of: three months once it
 * is six and a half weeks long, four weeks once it is two, else
 * everything (which starts at her first session). */
static const char *default_period(const struct store_firsts *f, int64_t now)
{
    const int64_t week = 7 * 86400;
    if (f->practice_at == 0)
        return CHART_PERIOD_DEFAULT;
    int64_t span = now - f->practice_at;
    if (span >= 13 * week / 2)
        return "3m";
    if (span >= 2 * week)
        return "4w";
    return "all";
}

static const char leaf[] =
    "<svg class=\"goal-leaf\" aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"22\" "
    "height=\"22\"><circle cx=\"12\" cy=\"12\" r=\"10\"/><path d=\"M7.5 12.5l3 3 6-6.5\"/></svg>";

struct milestone {
    int64_t at;
    char text[200];
};

static int by_when(const void *a, const void *b)
{
    const struct milestone *x = a, *y = b;
    return (x->at < y->at) - (x->at > y->at); /* newest first */
}

/* The first time of things, quietly: her first practice, each size, her
 * first comfort ladder and exam plan, goals she marked reached. */
static void milestones(struct req *r, const struct store_firsts *f, const struct tz_zone *tz)
{
    struct plan_goal *goals = NULL;
    size_t ngoals = 0;
    if (app_goals_get(&r->app->ctx, &r->who, r->user.id, &goals, &ngoals, NULL) != 0)
        ngoals = 0;
    struct exam_words w;
    bool exam =
        app_exam_words_get(&r->app->ctx, &r->who, r->user.id, &w, NULL) == 0 && w.prepared_at > 0;
    size_t cap = f->nsizes + ngoals + 4, n = 0;
    struct milestone *m = xcalloc(cap, sizeof *m);
    if (f->practice_at) {
        m[n].at = f->practice_at;
        snprintf(m[n].text, sizeof m[0].text, "%s", _("Your first practice"));
        for (size_t i = 0; i < f->nsizes; i++)
            if (f->sizes[i].at == f->practice_at) {
                char mm[32];
                ui_mm(mm, sizeof mm, f->sizes[i].diameter_mm);
                snprintf(m[n].text, sizeof m[0].text, _("Your first practice, at %s"), mm);
            }
        n++;
    }
    /* The first size is part of the first practice; each later one is new. */
    for (size_t i = 0; i < f->nsizes; i++) {
        if (f->sizes[i].at == f->practice_at)
            continue;
        char mm[32];
        ui_mm(mm, sizeof mm, f->sizes[i].diameter_mm);
        m[n].at = f->sizes[i].at;
        snprintf(m[n++].text, sizeof m[0].text, _("First time at %s"), mm);
    }
    if (f->ladder_at) {
        m[n].at = f->ladder_at;
        snprintf(m[n++].text, sizeof m[0].text, "%s", _("Your first comfort ladder"));
    }
    if (exam) {
        m[n].at = w.prepared_at;
        snprintf(m[n++].text, sizeof m[0].text, "%s", _("First exam plan prepared"));
    }
    for (size_t i = 0; i < ngoals; i++) {
        if (!goals[i].achieved_at)
            continue;
        struct goal v;
        plan_goal_view(r->app->plans, &goals[i], &v);
        m[n].at = goals[i].achieved_at;
        snprintf(m[n++].text, sizeof m[0].text, _("Goal reached: %s"),
                 plan_goal_is_custom(&goals[i]) ? goals[i].label : _(v.name));
    }
    free(goals);
    if (n == 0) {
        free(m);
        return;
    }
    qsort(m, n, sizeof *m, by_when);
    html_printf(r,
                "<section class=\"card milestones\" aria-labelledby=\"ms-h\">"
                "<h2 id=\"ms-h\">%s</h2><ul class=\"milestone-list\">",
                _("Along the way"));
    for (size_t i = 0; i < n; i++) {
        char date[64];
        i18n_format_date(date, sizeof date, m[i].at, tz_offset_min(tz, m[i].at));
        html_printf(r, "<li>%R<span><strong>%s</strong><span class=\"meta\">%s</span></span></li>",
                    leaf, m[i].text, date);
    }
    html_printf(r, "</ul></section>");
    free(m);
}

void ui_progress_page(struct req *r, int64_t subject, const char *base, const char *heading,
                      bool hers)
{
    const struct tz_zone *tz = req_zone(r);
    const char *key = form_get(&r->query, "period");
    /* Her firsts choose the period and make her milestones; a grantee's
     * view starts at the default period. */
    struct store_firsts firsts = {0};
    struct pace_error ferr = {0};
    int frc = hers ? app_firsts_get(&r->app->ctx, &r->who, subject, &firsts, &ferr) : 0;
    if (frc != 0) {
        view_fail(r, frc, &ferr);
        return;
    }
    if (key == NULL || *key == '\0')
        key = default_period(&firsts, r->now);
    struct pace_error perr = {0};
    struct chart_period p;
    bool bad = chart_period_for(key, r->now, tz, &p, &perr) != 0;
    if (bad)
        key = CHART_PERIOD_DEFAULT;
    struct progress_data d;
    struct pace_error err = {0};
    int rc = app_progress_load(&r->app->ctx, &r->who, subject, &p, &d, &err);
    if (rc != 0) {
        progress_free(&d);
        free(firsts.sizes);
        view_fail(r, rc, &err);
        return;
    }
    struct chart_week *w = NULL;
    size_t nw = chart_weeks(&d, &w);
    struct chart c[5];
    chart_scores(&c[0], &d);
    chart_sizes(&c[1], &d);
    chart_practice(&c[2], &d);
    chart_spasms(&c[3], &d);
    chart_ladder(&c[4], &d);

    if (bad)
        r->status = 400;
    page_begin(r, _("Progress"));
    html_printf(r, "<h1>%s</h1>", heading);
    if (bad)
        html_alert(r, perr.msg);
    period_picker(r, key, base);
    summary(r, &d, w, nw, hers);
    if (hers)
        milestones(r, &firsts, tz);

    chart_card(r, "ch-scores", &c[0]);
    if (!c[0].empty)
        scores_table(r, &d);
    html_printf(r, "</section>");
    chart_card(r, "ch-sizes", &c[1]);
    if (!c[1].empty)
        sizes_table(r, &d);
    html_printf(r, "</section>");
    chart_card(r, "ch-practice", &c[2]);
    if (!c[2].empty)
        practice_table(r, &d, w, nw);
    html_printf(r, "</section>");
    chart_card(r, "ch-spasms", &c[3]);
    if (!c[3].empty)
        spasms_table(r, &d, w, nw);
    html_printf(r, "</section>");
    chart_card(r, "ch-ladder", &c[4]);
    if (!c[4].empty)
        ladder_table(r, &d);
    else if (hers)
        html_printf(r, "<p><a href=\"/ladder\">%s</a></p>", _("Fill in the comfort ladder"));
    html_printf(r, "</section>");
    if (hers)
        ui_clinic_progress(r); /* her clinicians' exam notes (ui-clinic-her.c) */
    page_end(r);

    for (int i = 0; i < 5; i++)
        chart_free(&c[i]);
    free(w);
    free(firsts.sizes);
    progress_free(&d);
}

void view_progress(struct req *r)
{
    ui_progress_page(r, r->user.id, "/progress", _("Your progress"), true);
}
