/*
 * chart.h - charts as plain drawing lists. Pure: a chart is built from her
 * data (sessions, goals, plan, comfort ladder) into a list of primitives in
 * an abstract coordinate space of width x height units; web/svg-chart.c
 * draws that list as SVG for /progress, and the PDF report draws the same
 * list with cairo. Nothing here knows SVG, cairo or colours: each primitive
 * carries an "ink" (a role) that each renderer maps to its own palette
 * (CSS classes for light and dark in SVG, fixed print colours in PDF).
 *
 * Coordinates: x grows to the right, y grows downwards, (0,0) is the top
 * left corner, as in both SVG and cairo.
 */
#ifndef PACE_CHART_H
#define PACE_CHART_H

#include "core/err.h"
#include "core/ladder.h"
#include "core/practice.h"
#include "core/tz.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a primitive stands for; renderers map each to a colour and style. */
enum chart_ink {
    INK_AXIS = 0, /* axis lines and tick marks */
    INK_GRID,     /* light grid lines */
    INK_TEXT,     /* labels, tick text */
    INK_MUTED,    /* secondary text, "no data" notes */
    INK_FEAR,
    INK_TENSION,
    INK_PAIN,
    INK_SIZE,  /* the diameter she practised */
    INK_GOAL,  /* a goal's range band or ring */
    INK_PLAN,  /* what her program plans (sessions per week) */
    INK_DONE,  /* what she did (sessions per week) */
    INK_SPASM, /* spasms */
    INK_ANXIETY, /* comfort ladder: anxiety */
    INK_COUNT
};

enum chart_prim_kind {
    PRIM_LINE,     /* x1,y1 -> x2,y2 */
    PRIM_POLYLINE, /* pts[0..npts) joined in order */
    PRIM_RECT,     /* x1,y1 top left; w,h size */
    PRIM_CIRCLE,   /* centre x1,y1; radius r */
    PRIM_TEXT,     /* text at x1,y1 (baseline), anchored by anchor */
};

enum chart_anchor { ANCHOR_START = 0, ANCHOR_MIDDLE, ANCHOR_END };

struct chart_point {
    double x, y;
};

struct chart_prim {
    enum chart_prim_kind kind;
    enum chart_ink ink;
    double x1, y1, x2, y2; /* see the kinds */
    double w, h;           /* PRIM_RECT */
    double r;              /* PRIM_CIRCLE */
    struct chart_point *pts; /* PRIM_POLYLINE; owned */
    size_t npts;
    bool filled;    /* RECT, CIRCLE: filled (else stroked only) */
    bool dashed;    /* LINE, POLYLINE, RECT, CIRCLE outline */
    double opacity; /* 0..1 for fills (bands); 1 = opaque */
    double stroke;  /* stroke width in units; 0 = the renderer's default */
    double size;    /* PRIM_TEXT font size in units; 0 = default */
    bool bold;      /* PRIM_TEXT */
    enum chart_anchor anchor; /* PRIM_TEXT */
    char *text;     /* PRIM_TEXT; owned, UTF-8 */
};

/* How a legend entry's swatch looks: a line (the default), a filled bar,
 * a dot or an open ring. */
enum chart_mark { MARK_LINE = 0, MARK_BAR, MARK_DOT, MARK_RING };

/* One legend entry: the ink and its words (owned). */
struct chart_legend {
    enum chart_ink ink;
    bool dashed;
    char *label;
    enum chart_mark mark;
};

struct chart {
    double width, height; /* the coordinate space */
    char *title;          /* owned; short, for <title> and the heading */
    char *desc;           /* owned; one or two sentences for <desc> */
    bool empty;           /* no data in the period: the list holds a note */
    struct chart_prim *prims;
    size_t nprims, cap;
    struct chart_legend *legend;
    size_t nlegend;
};

/* Empties c (frees what it owns) and sets its coordinate space. */
void chart_init(struct chart *c, double width, double height);
void chart_free(struct chart *c);

/* ---- drawing helpers: each appends one primitive and returns it, so the
 * caller may set dashed, opacity, stroke and the like. Text is copied. The
 * pointer is valid until the next append. */
struct chart_prim *chart_line(struct chart *c, enum chart_ink ink, double x1, double y1,
                              double x2, double y2);
/* Copies the n points. */
struct chart_prim *chart_polyline(struct chart *c, enum chart_ink ink,
                                  const struct chart_point *pts, size_t n);
struct chart_prim *chart_rect(struct chart *c, enum chart_ink ink, double x, double y, double w,
                              double h, bool filled);
struct chart_prim *chart_circle(struct chart *c, enum chart_ink ink, double cx, double cy,
                                double r, bool filled);
/* text NULL is stored as "" (never NULL in the list). */
struct chart_prim *chart_text(struct chart *c, enum chart_ink ink, double x, double y,
                              enum chart_anchor anchor, const char *text);
/* Appends a legend entry drawn as a line; returns it (to set mark). */
struct chart_legend *chart_legend_add(struct chart *c, enum chart_ink ink, bool dashed,
                                      const char *label);
/* Replace the title and the description (copied; NULL stored as ""). */
void chart_set_title(struct chart *c, const char *title);
void chart_set_desc(struct chart *c, const char *desc);

/* ---- scales ---- */

/* A linear map from the domain [d0, d1] to the range [r0, r1]. */
struct chart_scale {
    double d0, d1, r0, r1;
};
double chart_scale_map(const struct chart_scale *s, double v);

#define CHART_MAX_TICKS 12
/* "Nice" ticks (steps of 1, 2, 2.5 or 5 times a power of ten) covering
 * [lo, hi] with about want ticks; lo and hi are widened to the outer
 * ticks. n is at least 2 (a flat or empty domain is widened by one step). */
struct chart_ticks {
    double lo, hi, step;
    double v[CHART_MAX_TICKS];
    size_t n;
};
void chart_nice_ticks(double lo, double hi, int want, struct chart_ticks *out);

/* Date ticks for [from, to) in her time zone: Mondays every 1, 2 or 4
 * weeks for short spans, first days of months (every 1, 2, 3 or 6) for
 * long ones; at most CHART_MAX_TICKS. Each carries its label (day and
 * short month, or month and year) in the current language. */
struct chart_time_tick {
    int64_t t;
    char label[32];
};
struct chart_time_ticks {
    struct chart_time_tick v[CHART_MAX_TICKS];
    size_t n;
};
void chart_time_ticks(int64_t from, int64_t to, const struct tz_zone *zone,
                      struct chart_time_ticks *out);

/* ---- her data, as the builders take it ---- */

/* The period shown: [from, to) in Unix seconds; now for "this week"; her
 * time zone for weeks and dates, each instant with its own offset (not
 * owned: it must outlive the charts' building; NULL: UTC). */
struct chart_period {
    int64_t from, to, now;
    const struct tz_zone *zone;
};

/* The periods people pick on /progress: "4w" (this week and the three
 * before), "3m" (this week and the twelve before) and "all" (from 0: the
 * loader starts it at her first record). Every period ends with the end of
 * the current week. NULL or "" is the default, "3m". Anything else is
 * PACE_EINVAL (field "period") and *out is the default. */
#define CHART_PERIOD_DEFAULT "3m"
int chart_period_for(const char *name, int64_t now, const struct tz_zone *zone,
                     struct chart_period *out, struct pace_error *err);

/* One of her goals as a diameter range (label in the current language). */
struct chart_goal_band {
    const char *label;
    double min_mm, max_mm;
    int64_t achieved_at; /* 0: not reached (yet) */
};

/* Her program's plan: from `from` on, per_week sessions a week (0: her
 * program plans no sessions then). In time order. */
struct chart_plan_step {
    int64_t from;
    int per_week;
};

struct progress_data {
    struct chart_period period;
    const struct practice *sessions; /* within the period, any order */
    size_t nsessions;
    const struct chart_goal_band *goals;
    size_t ngoals;
    double planned_per_week; /* in effect at period.now; 0 when none */
    const struct chart_plan_step *plan; /* may be NULL: planned_per_week throughout */
    size_t nplan;
    const struct ladder_entry *ladder; /* within the period, any order */
    size_t nladder;
};

/* ---- weeks (Monday 00:00 in her zone, as plan_week_practice) ---- */

/* The Monday 00:00 local (as a UTC instant) of the week holding t. */
int64_t chart_week_start(int64_t t, const struct tz_zone *zone);

struct chart_week {
    int64_t start;       /* Monday 00:00 in her zone, as a UTC instant */
    int practised;       /* sessions other than "not today" */
    int not_today;       /* check-ins that ended in "not today" */
    int spasms;          /* how many spasms she noted */
    int spasm_total_s;   /* their durations, summed */
    int spasm_longest_s; /* the longest one; 0 when none */
    double planned;      /* the plan for that week; 0 when none */
};
/* Every week from the one holding period.from to the one holding
 * period.to - 1, oldest first, also the weeks without sessions. *out is
 * new (free with free()); returns the count (0 and NULL when the period is
 * empty). */
size_t chart_weeks(const struct progress_data *d, struct chart_week **out);
/* The plan for the week starting at week_start. */
double chart_plan_at(const struct progress_data *d, int64_t week_start);

/* ---- the charts ----
 * Each fills out (chart_init'ed here; the caller frees it with chart_free,
 * also after a failure) with a title, a one-sentence description from her
 * data, a legend and the primitives. With nothing to show in the period,
 * out->empty is set and the list holds a calm note. Returns 0. */

/* Fear, tension and pain before and after each session: three small
 * panels, one segment per session from before to after. */
int chart_scores(struct chart *out, const struct progress_data *d);
/* The diameter she practised over time, with her goals as bands. */
int chart_sizes(struct chart *out, const struct progress_data *d);
/* Sessions per week as bars, her program's plan as a dashed line. */
int chart_practice(struct chart *out, const struct progress_data *d);
/* Spasms per week (bars) and their longest duration (dots). */
int chart_spasms(struct chart *out, const struct progress_data *d);
/* The comfort ladder: for each of the six items, anxiety and pain at
 * each entry; "not tried" drawn as an open ring on its own row. */
int chart_ladder(struct chart *out, const struct progress_data *d);

/* The coordinate space every builder uses: narrow enough that 12-unit
 * text stays readable on a 390 px phone. */
#define CHART_WIDTH 340.0

#endif
