/*
 * chart_priv.h - what the chart builders share (chart_frame.c): a plot
 * area with its scales, axes, the calm note for an empty chart, sorting
 * her sessions, and number words.
 */
#ifndef PACE_CHART_PRIV_H
#define PACE_CHART_PRIV_H

#include "core/chart.h"

#define CHART_DAY INT64_C(86400)
#define CHART_WEEK (7 * CHART_DAY)
#define CHART_FONT 13.0
#define CHART_SMALL 11.5

/* A plot area [x0, x1] x [y0, y1] with its scales. */
struct frame {
    double x0, y0, x1, y1;
    struct chart_scale xs, ys;
};

/* The frame with x over [t0, t1] and y over the ticks' [lo, hi]. */
void frame_set(struct frame *f, double x0, double y0, double x1, double y1, double t0,
               double t1, const struct chart_ticks *yt);
/* Grid lines and labels at the ticks of y (labels right-aligned at x0 - 4),
 * and the axis line at the bottom. */
void frame_y_axis(struct chart *c, const struct frame *f, const struct chart_ticks *yt);
/* Date ticks and labels below the frame, or only tick marks when labels is
 * false. */
void frame_time_axis(struct chart *c, const struct frame *f, int64_t t0, int64_t t1,
                     const struct tz_zone *tz, bool labels);
/* Makes c a small chart holding only a calm note; sets c->empty. */
void chart_note(struct chart *c, const char *note);

/* Sessions of the period that pass keep (NULL: all), oldest first, as a
 * new array of pointers (free with free()). */
size_t chart_sorted(const struct progress_data *d, bool (*keep)(const struct practice *),
                    const struct practice ***out);
/* True when a whole week without a point lies between a and b. */
bool chart_gap(int64_t a, int64_t b, const struct tz_zone *tz);
/* "14" or "14.5" in her language. */
void chart_num(double v, char *out, size_t n);
/* The ticks for counts from 0 to max, about want of them: whole numbers
 * only. */
void chart_count_ticks(double max, int want, struct chart_ticks *out);
/* The span the x axis covers: the period, or the data's first and last
 * instants when the period has no start. */
void chart_span(const struct progress_data *d, int64_t *t0, int64_t *t1);

#endif
