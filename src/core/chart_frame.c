/*
 * chart_frame.c - the parts every chart builder shares: plot frames and
 * their axes, the note for an empty chart, sessions in time order.
 */
#include "core/chart_priv.h"

#include "core/i18n.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>

void frame_set(struct frame *f, double x0, double y0, double x1, double y1, double t0,
               double t1, const struct chart_ticks *yt)
{
    f->x0 = x0;
    f->y0 = y0;
    f->x1 = x1;
    f->y1 = y1;
    f->xs = (struct chart_scale){t0, t1, x0, x1};
    f->ys = (struct chart_scale){yt->lo, yt->hi, y1, y0};
}

void frame_y_axis(struct chart *c, const struct frame *f, const struct chart_ticks *yt)
{
    for (size_t i = 0; i < yt->n; i++) {
        double y = chart_scale_map(&f->ys, yt->v[i]);
        if (i > 0)
            chart_line(c, INK_GRID, f->x0, y, f->x1, y);
        char label[32];
        chart_num(yt->v[i], label, sizeof label);
        chart_text(c, INK_MUTED, f->x0 - 4, y + 3.5, ANCHOR_END, label)->size = CHART_SMALL;
    }
    chart_line(c, INK_AXIS, f->x0, f->y1, f->x1, f->y1);
}

void frame_time_axis(struct chart *c, const struct frame *f, int64_t t0, int64_t t1,
                     const struct tz_zone *tz, bool labels)
{
    struct chart_time_ticks tt;
    chart_time_ticks(t0, t1, tz, &tt);
    for (size_t i = 0; i < tt.n; i++) {
        double x = chart_scale_map(&f->xs, (double)tt.v[i].t);
        if (x < f->x0 || x > f->x1)
            continue;
        chart_line(c, INK_AXIS, x, f->y1, x, f->y1 + 4);
        if (!labels)
            continue;
        /* Keep the first and last labels inside the chart. */
        enum chart_anchor a = ANCHOR_MIDDLE;
        if (x - f->x0 < 18)
            a = ANCHOR_START;
        else if (f->x1 - x < 18)
            a = ANCHOR_END;
        chart_text(c, INK_MUTED, x, f->y1 + 16, a, tt.v[i].label)->size = CHART_SMALL;
    }
}

void chart_note(struct chart *c, const char *note)
{
    double w = c->width;
    for (size_t i = 0; i < c->nprims; i++) {
        free(c->prims[i].pts);
        free(c->prims[i].text);
    }
    c->nprims = 0;
    c->height = 64;
    c->empty = true;
    /* A quiet line under the note, so the space reads as a chart's place. */
    chart_line(c, INK_GRID, w * 0.2, 50, w * 0.8, 50);
    chart_text(c, INK_MUTED, w / 2, 34, ANCHOR_MIDDLE, note)->size = CHART_FONT;
}

static int by_time(const void *a, const void *b)
{
    const struct practice *x = *(const struct practice *const *)a;
    const struct practice *y = *(const struct practice *const *)b;
    return (x->started_at > y->started_at) - (x->started_at < y->started_at);
}

size_t chart_sorted(const struct progress_data *d, bool (*keep)(const struct practice *),
                    const struct practice ***out)
{
    const struct practice **v = xcalloc(d->nsessions + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < d->nsessions; i++) {
        const struct practice *s = &d->sessions[i];
        if (s->started_at < d->period.from || s->started_at >= d->period.to)
            continue;
        if (keep == NULL || keep(s))
            v[n++] = s;
    }
    qsort(v, n, sizeof *v, by_time);
    *out = v;
    return n;
}

bool chart_gap(int64_t a, int64_t b, const struct tz_zone *tz)
{
    return tz_monday(tz_local_day(tz, b)) - tz_monday(tz_local_day(tz, a)) > 7;
}

void chart_num(double v, char *out, size_t n)
{
    double r = round(v);
    i18n_format_number(out, n, v, fabs(v - r) < 0.05 ? 0 : 1);
}

void chart_count_ticks(double max, int want_most, struct chart_ticks *out)
{
    /* Fewer ticks until the step is whole (2.5 sessions means nothing). */
    double floor_max = want_most > 3 ? 4 : 2;
    for (int want = want_most; want >= 2; want--) {
        chart_nice_ticks(0, max < floor_max ? floor_max : max, want, out);
        if (fmod(out->step, 1.0) == 0)
            return;
    }
}

void chart_span(const struct progress_data *d, int64_t *t0, int64_t *t1)
{
    *t0 = d->period.from;
    *t1 = d->period.to > d->period.from ? d->period.to : d->period.from + CHART_WEEK;
}
