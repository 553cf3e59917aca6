/*
 * chart_ladder.c - the comfort-ladder history: one small panel per item
 * (tampon ... intercourse), anxiety and pain 0-10 at each entry, and "not
 * tried yet" as an open ring on its own strip under the panel, so that it
 * never reads as a zero.
 */
#include "core/chart_priv.h"

#include "core/i18n.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>

#define COLS 2
#define COL_W (CHART_WIDTH / COLS)
#define ROW_H 104.0
#define PLOT_H 52.0
#define STRIP 14.0

static int by_taken(const void *a, const void *b)
{
    const struct ladder_entry *x = *(const struct ladder_entry *const *)a;
    const struct ladder_entry *y = *(const struct ladder_entry *const *)b;
    return (x->taken_at > y->taken_at) - (x->taken_at < y->taken_at);
}

/* One line of anxiety or pain across the entries, skipping unanswered. */
static void series(struct chart *c, const struct frame *f, const struct ladder_entry **v,
                   size_t n, int item, bool pain)
{
    enum chart_ink ink = pain ? INK_PAIN : INK_ANXIETY;
    struct chart_point *pts = xcalloc(n + 1, sizeof *pts);
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const struct ladder_answer *a = &v[i]->a[item];
        int val = pain ? a->pain : a->anxiety;
        if (val < 0)
            continue;
        double x = chart_scale_map(&f->xs, (double)v[i]->taken_at);
        double y = chart_scale_map(&f->ys, val);
        pts[np++] = (struct chart_point){x, y};
        if (pain)
            chart_rect(c, ink, x - 3, y - 3, 6, 6, true);
        else
            chart_circle(c, ink, x, y, 3.2, true);
        if (n == 1) {
            char label[16];
            snprintf(label, sizeof label, "%d", val);
            chart_text(c, INK_TEXT, x + (pain ? -7 : 7), y + 4, pain ? ANCHOR_END : ANCHOR_START,
                       label)
                ->size = CHART_SMALL;
        }
    }
    if (np > 1) {
        struct chart_prim *p = chart_polyline(c, ink, pts, np);
        p->stroke = 1.5;
        p->dashed = pain;
    }
    free(pts);
}

int chart_ladder(struct chart *out, const struct progress_data *d)
{
    chart_init(out, CHART_WIDTH, 4 + 3 * ROW_H + 4);
    chart_set_title(out, _("Comfort ladder"));
    const struct ladder_entry **v = xcalloc(d->nladder + 1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < d->nladder; i++)
        if (d->ladder[i].taken_at >= d->period.from && d->ladder[i].taken_at < d->period.to)
            v[n++] = &d->ladder[i];
    if (n == 0) {
        free(v);
        chart_set_desc(out, _("The comfort ladder was not filled in during this period."));
        chart_note(out, _("No comfort-ladder entries in this period yet."));
        return 0;
    }
    qsort(v, n, sizeof *v, by_taken);
    int64_t t0, t1;
    chart_span(d, &t0, &t1);
    struct chart_ticks yt = {.lo = 0, .hi = 10, .step = 10, .v = {0, 10}, .n = 2};
    for (int item = 0; item < LADDER_COUNT; item++) {
        double left = (item % COLS) * COL_W, top = 4 + (item / COLS) * ROW_H;
        struct frame f;
        frame_set(&f, left + 22, top + 18, left + COL_W - 10, top + 18 + PLOT_H, (double)t0,
                  (double)t1, &yt);
        chart_text(out, INK_TEXT, left, top + 11, ANCHOR_START,
                   _(ladder_item_label((enum ladder_item)item)))
            ->bold = true;
        frame_y_axis(out, &f, &yt);
        /* Dates only under the bottom row. */
        frame_time_axis(out, &f, t0, t1, d->period.zone, false);
        series(out, &f, v, n, item, false);
        series(out, &f, v, n, item, true);
        double sy = f.y1 + STRIP;
        for (size_t i = 0; i < n; i++) {
            if (!v[i]->a[item].not_tried)
                continue;
            double x = chart_scale_map(&f.xs, (double)v[i]->taken_at);
            struct chart_prim *p = chart_circle(out, INK_MUTED, x, sy, 3.6, false);
            p->stroke = 1.5;
            p->dashed = true;
        }
    }
    /* The first and the latest entry's dates under the chart. */
    char a[32], z[32];
    i18n_format_date(a, sizeof a, v[0]->taken_at, tz_offset_min(d->period.zone, v[0]->taken_at));
    i18n_format_date(z, sizeof z, v[n - 1]->taken_at,
                     tz_offset_min(d->period.zone, v[n - 1]->taken_at));
    double by = 4 + 3 * ROW_H - 2;
    if (n == 1) {
        chart_text(out, INK_MUTED, CHART_WIDTH / 2, by, ANCHOR_MIDDLE, a)->size = CHART_SMALL;
    } else {
        char span[96];
        snprintf(span, sizeof span, _("From %s to %s"), a, z);
        chart_text(out, INK_MUTED, CHART_WIDTH / 2, by, ANCHOR_MIDDLE, span)->size = CHART_SMALL;
    }
    chart_legend_add(out, INK_ANXIETY, false, _("Anxiety (0\u201310)"))->mark = MARK_DOT;
    chart_legend_add(out, INK_PAIN, true, _("Pain (0\u201310)"));
    chart_legend_add(out, INK_MUTED, true, _("Not tried yet"))->mark = MARK_RING;

    struct buf b = {0};
    if (n == 1) {
        buf_printf(&b, _("You filled in the comfort ladder once, answering %d of 6 items."),
                   ladder_answered(v[0]));
    } else {
        int anx_down = 0, pain_down = 0;
        for (int item = 0; item < LADDER_COUNT; item++) {
            int fa = -1, la = -1, fp = -1, lp = -1;
            for (size_t i = 0; i < n; i++) {
                const struct ladder_answer *ans = &v[i]->a[item];
                if (ans->anxiety >= 0) {
                    if (fa < 0)
                        fa = ans->anxiety;
                    la = ans->anxiety;
                }
                if (ans->pain >= 0) {
                    if (fp < 0)
                        fp = ans->pain;
                    lp = ans->pain;
                }
            }
            anx_down += fa >= 0 && la < fa;
            pain_down += fp >= 0 && lp < fp;
        }
        buf_printf(&b, _("You filled in the comfort ladder %zu times."), n);
        buf_putc(&b, ' ');
        buf_printf(&b,
                   _("From the first entry to the latest, anxiety went down for %d of 6 items "
                     "and pain for %d."),
                   anx_down, pain_down);
    }
    chart_set_desc(out, b.data);
    buf_free(&b);
    free(v);
    return 0;
}
