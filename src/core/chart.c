/*
 * chart.c - the drawing list (appending primitives), linear scales with
 * "nice" ticks, date ticks in her time zone, and her weeks. The charts
 * themselves are built in chart_progress.c and chart_ladder.c.
 */
#include "core/chart.h"

#include "core/i18n.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define WEEK (7 * DAY)

void chart_init(struct chart *c, double width, double height)
{
    memset(c, 0, sizeof *c);
    c->width = width;
    c->height = height;
    c->title = xstrdup("");
    c->desc = xstrdup("");
}

void chart_free(struct chart *c)
{
    for (size_t i = 0; i < c->nprims; i++) {
        free(c->prims[i].pts);
        free(c->prims[i].text);
    }
    free(c->prims);
    for (size_t i = 0; i < c->nlegend; i++)
        free(c->legend[i].label);
    free(c->legend);
    free(c->title);
    free(c->desc);
    memset(c, 0, sizeof *c);
}

static struct chart_prim *prim_new(struct chart *c, enum chart_prim_kind kind, enum chart_ink ink)
{
    if (c->nprims == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->prims = xrealloc(c->prims, c->cap * sizeof *c->prims);
    }
    struct chart_prim *p = &c->prims[c->nprims++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->ink = ink;
    p->opacity = 1.0;
    return p;
}

struct chart_prim *chart_line(struct chart *c, enum chart_ink ink, double x1, double y1,
                              double x2, double y2)
{
    struct chart_prim *p = prim_new(c, PRIM_LINE, ink);
    p->x1 = x1;
    p->y1 = y1;
    p->x2 = x2;
    p->y2 = y2;
    return p;
}

struct chart_prim *chart_polyline(struct chart *c, enum chart_ink ink,
                                  const struct chart_point *pts, size_t n)
{
    struct chart_prim *p = prim_new(c, PRIM_POLYLINE, ink);
    p->pts = xcalloc(n ? n : 1, sizeof *p->pts);
    if (n)
        memcpy(p->pts, pts, n * sizeof *pts);
    p->npts = n;
    return p;
}

struct chart_prim *chart_rect(struct chart *c, enum chart_ink ink, double x, double y, double w,
                              double h, bool filled)
{
    struct chart_prim *p = prim_new(c, PRIM_RECT, ink);
    p->x1 = x;
    p->y1 = y;
    p->w = w;
    p->h = h;
    p->filled = filled;
    return p;
}

struct chart_prim *chart_circle(struct chart *c, enum chart_ink ink, double cx, double cy,
                                double r, bool filled)
{
    struct chart_prim *p = prim_new(c, PRIM_CIRCLE, ink);
    p->x1 = cx;
    p->y1 = cy;
    p->r = r;
    p->filled = filled;
    return p;
}

struct chart_prim *chart_text(struct chart *c, enum chart_ink ink, double x, double y,
                              enum chart_anchor anchor, const char *text)
{
    struct chart_prim *p = prim_new(c, PRIM_TEXT, ink);
    p->x1 = x;
    p->y1 = y;
    p->anchor = anchor;
    p->text = xstrdup(text ? text : "");
    return p;
}

struct chart_legend *chart_legend_add(struct chart *c, enum chart_ink ink, bool dashed,
                                      const char *label)
{
    c->legend = xrealloc(c->legend, (c->nlegend + 1) * sizeof *c->legend);
    struct chart_legend *l = &c->legend[c->nlegend++];
    memset(l, 0, sizeof *l);
    l->ink = ink;
    l->dashed = dashed;
    l->label = xstrdup(label ? label : "");
    return l;
}

void chart_set_title(struct chart *c, const char *title)
{
    free(c->title);
    c->title = xstrdup(title ? title : "");
}

void chart_set_desc(struct chart *c, const char *desc)
{
    free(c->desc);
    c->desc = xstrdup(desc ? desc : "");
}

double chart_scale_map(const struct chart_scale *s, double v)
{
    if (s->d1 == s->d0)
        return (s->r0 + s->r1) / 2;
    return s->r0 + (v - s->d0) * (s->r1 - s->r0) / (s->d1 - s->d0);
}

/* The nice step (1, 2, 2.5, 5 x 10^k) nearest above raw. */
static double nice_step(double raw)
{
    double p = pow(10, floor(log10(raw)));
    double f = raw / p;
    double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return m * p;
}

void chart_nice_ticks(double lo, double hi, int want, struct chart_ticks *out)
{
    memset(out, 0, sizeof *out);
    if (!isfinite(lo) || !isfinite(hi)) {
        lo = 0;
        hi = 1;
    }
    if (hi < lo) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    if (want < 2)
        want = 2;
    if (want > CHART_MAX_TICKS - 1)
        want = CHART_MAX_TICKS - 1;
    if (hi == lo) {
        /* A flat domain: one step either side, never below zero for data
         * that starts at zero. */
        double s = lo == 0 ? 1 : nice_step(fabs(lo) / 2);
        hi = lo + s;
        if (lo != 0)
            lo = lo - s < 0 && lo > 0 ? 0 : lo - s;
    }
    double step = nice_step((hi - lo) / (want - 1));
    double first = floor(lo / step + 1e-9) * step;
    double last = ceil(hi / step - 1e-9) * step;
    while ((size_t)llround((last - first) / step) + 1 > CHART_MAX_TICKS) {
        step = nice_step(step * 1.5);
        first = floor(lo / step + 1e-9) * step;
        last = ceil(hi / step - 1e-9) * step;
    }
    out->step = step;
    out->lo = first;
    out->hi = last;
    size_t n = (size_t)llround((last - first) / step) + 1;
    for (size_t i = 0; i < n; i++) {
        double v = first + (double)i * step;
        out->v[i] = fabs(v) < step * 1e-9 ? 0 : v; /* no "-0" */
    }
    out->n = n;
}

static void civil(int64_t day, int *y, int *m, int *d)
{
    tz_civil_from_days(day, y, m, d);
}

/* Days since 1970-01-01 of a civil date (month may run past 12). */
static int64_t day_of(int y, int m, int d)
{
    y += (m - 1) / 12;
    m = (m - 1) % 12 + 1;
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int64_t chart_week_start(int64_t t, const struct tz_zone *zone)
{
    return tz_week_start(zone, t);
}

static const char *const month_short[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"),
                                          N_("May"), N_("Jun"), N_("Jul"), N_("Aug"),
                                          N_("Sep"), N_("Oct"), N_("Nov"), N_("Dec")};

static void day_label(int64_t day, char *out, size_t n)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    if (i18n_lang() == LANG_DE)
        snprintf(out, n, "%d.%d.", d, m);
    else
        snprintf(out, n, "%d %s", d, _(month_short[m - 1]));
}

static void month_label(int64_t day, bool with_year, char *out, size_t n)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    if (with_year)
        snprintf(out, n, "%s %d", _(month_short[m - 1]), y);
    else
        snprintf(out, n, "%s", _(month_short[m - 1]));
}

/* At most this many date labels fit under a chart CHART_WIDTH wide. */
#define TIME_TICKS_FIT 6

void chart_time_ticks(int64_t from, int64_t to, const struct tz_zone *tz,
                      struct chart_time_ticks *out)
{
    memset(out, 0, sizeof *out);
    if (to <= from)
        return;
    int64_t d0 = tz_local_day(tz, from), d1 = tz_local_day(tz, to - 1);
    int64_t first_monday = d0 + (7 - ((d0 + 3) % 7 + 7) % 7) % 7;
    static const int week_steps[] = {1, 2, 4};
    for (size_t k = 0; k < sizeof week_steps / sizeof *week_steps; k++) {
        int64_t step = 7 * week_steps[k];
        if (first_monday > d1 || (d1 - first_monday) / step + 1 > TIME_TICKS_FIT)
            continue;
        for (int64_t d = first_monday; d <= d1 && out->n < CHART_MAX_TICKS; d += step) {
            struct chart_time_tick *t = &out->v[out->n++];
            t->t = tz_day_first(tz, d);
            day_label(d, t->label, sizeof t->label);
        }
        return;
    }
    int y, m, d;
    civil(d0, &y, &m, &d);
    /* More than two years: the first of January of each year (every
     * second or fifth year when many), labelled with the year alone, since
     * "Jun 2024" beside "Dec 2024" would not fit side by side. */
    if (d1 - d0 > 2 * 366) {
        int fy = (m == 1 && d == 1) ? y : y + 1;
        int nyears = 0;
        while (day_of(fy + nyears, 1, 1) <= d1)
            nyears++;
        int ystep = nyears <= TIME_TICKS_FIT ? 1 : nyears <= 2 * TIME_TICKS_FIT ? 2 : 5;
        for (int i = 0; i < nyears && out->n < CHART_MAX_TICKS; i += ystep) {
            struct chart_time_tick *t = &out->v[out->n++];
            t->t = tz_day_first(tz, day_of(fy + i, 1, 1));
            snprintf(t->label, sizeof t->label, "%d", fy + i);
        }
        return;
    }
    /* Months: the first of each month within the span. */
    int first_m = d == 1 ? m : m + 1; /* may be 13: day_of folds it */
    int nmonths = 0;
    for (int i = 0; day_of(y, first_m + i, 1) <= d1; i++)
        nmonths++;
    static const int month_steps[] = {1, 2, 3, 6, 12, 24, 60};
    int step = 60;
    for (size_t k = 0; k < sizeof month_steps / sizeof *month_steps; k++) {
        if ((nmonths + month_steps[k] - 1) / month_steps[k] <= TIME_TICKS_FIT) {
            step = month_steps[k];
            break;
        }
    }
    int last_year = 0;
    for (int i = 0; i < nmonths && out->n < CHART_MAX_TICKS; i += step) {
        int64_t day = day_of(y, first_m + i, 1);
        int ty, tm, td;
        civil(day, &ty, &tm, &td);
        struct chart_time_tick *t = &out->v[out->n++];
        t->t = tz_day_first(tz, day);
        /* The year with the first label and whenever it changes. */
        month_label(day, ty != last_year, t->label, sizeof t->label);
        last_year = ty;
    }
}

double chart_plan_at(const struct progress_data *d, int64_t week_start)
{
    if (d->plan == NULL || d->nplan == 0)
        return d->planned_per_week;
    double v = 0;
    /* A step counts for a week when it is in effect by the week's end. */
    for (size_t i = 0; i < d->nplan; i++)
        if (d->plan[i].from < week_start + WEEK)
            v = d->plan[i].per_week;
    return v;
}

size_t chart_weeks(const struct progress_data *d, struct chart_week **out)
{
    *out = NULL;
    const struct chart_period *p = &d->period;
    if (p->to <= p->from)
        return 0;
    /* Weeks are counted in her local days (a week across a change of the
     * clocks has 167 or 169 hours), each starting at its own midnight. */
    int64_t m0 = tz_monday(tz_local_day(p->zone, p->from));
    int64_t m1 = tz_monday(tz_local_day(p->zone, p->to - 1));
    size_t n = (size_t)((m1 - m0) / 7 + 1);
    struct chart_week *v = xcalloc(n, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        v[i].start = tz_day_first(p->zone, m0 + 7 * (int64_t)i);
        v[i].planned = chart_plan_at(d, v[i].start);
    }
    for (size_t i = 0; i < d->nsessions; i++) {
        const struct practice *s = &d->sessions[i];
        if (s->started_at < p->from || s->started_at >= p->to)
            continue;
        int64_t m = tz_monday(tz_local_day(p->zone, s->started_at));
        size_t k = (size_t)((m - m0) / 7);
        if (m < m0 || k >= n)
            continue;
        if (s->outcome == OUTCOME_NOT_TODAY) {
            v[k].not_today++;
            continue;
        }
        v[k].practised++;
        for (size_t j = 0; j < s->nspasms; j++) {
            v[k].spasms++;
            v[k].spasm_total_s += s->spasms[j].duration_s;
            if (s->spasms[j].duration_s > v[k].spasm_longest_s)
                v[k].spasm_longest_s = s->spasms[j].duration_s;
        }
    }
    *out = v;
    return n;
}

int chart_period_for(const char *name, int64_t now, const struct tz_zone *zone,
                     struct chart_period *out, struct pace_error *err)
{
    int64_t monday = tz_monday(tz_local_day(zone, now));
    int rc = 0;
    int weeks = 13;
    if (name == NULL || *name == '\0' || str_eq(name, "3m"))
        weeks = 13;
    else if (str_eq(name, "4w"))
        weeks = 4;
    else if (str_eq(name, "all"))
        weeks = 0;
    else
        rc = pace_fail(err, PACE_EINVAL, "period", "%s",
                       _("The period must be 4 weeks, 3 months or everything."));
    out->from = weeks ? tz_day_first(zone, monday - 7 * (int64_t)(weeks - 1)) : 0;
    out->to = tz_day_first(zone, monday + 7);
    out->now = now;
    out->zone = zone;
    return rc;
}
