/*
 * test_core_chart.c - the charts as drawing lists (core/chart.h): nice
 * ticks and date ticks, weeks in her time zone, the periods, and the five
 * builders with nothing, one point, gaps and goal bands beyond the axis;
 * never a NULL text. And the SVG they become (web/svg-chart.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/chart_priv.h"
#include "core/util.h"
#include "web/svg-chart.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define WEEK (7 * DAY)
/* Monday 23 Nov 2026 00:00 UTC */
#define MON INT64_C(1795392000)

/* Fixed offsets east of UTC, as zones. */
static const struct tz_zone *fixed(int minutes)
{
    static struct tz_zone z[3];
    static int next;
    struct tz_zone *out = &z[next++ % 3];
    tz_zone_fixed(out, minutes);
    return out;
}

static void nice_ticks_cover_the_data(void **state)
{
    (void)state;
    struct chart_ticks t;
    chart_nice_ticks(0, 7.3, 5, &t);
    assert_true(t.step == 2);
    assert_true(t.lo == 0 && t.hi == 8);
    assert_int_equal(t.n, 5);
    assert_true(t.v[4] == 8);

    chart_nice_ticks(13, 47, 5, &t);
    assert_true(t.step == 10 && t.lo == 10 && t.hi == 50);

    /* A flat domain still has two ticks around it. */
    chart_nice_ticks(0, 0, 5, &t);
    assert_true(t.n >= 2 && t.hi > t.lo);
    chart_nice_ticks(20, 20, 5, &t);
    assert_true(t.lo <= 20 && t.hi > 20 && t.n >= 2);
    /* Reversed and non-finite input. */
    chart_nice_ticks(10, 0, 3, &t);
    assert_true(t.lo == 0 && t.hi >= 10);
    chart_nice_ticks(NAN, 3, 3, &t);
    assert_true(t.n >= 2 && t.n <= CHART_MAX_TICKS);

    /* Counts: whole steps only. */
    for (int max = 0; max < 60; max++) {
        chart_count_ticks(max, 5, &t);
        assert_true(fmod(t.step, 1.0) == 0);
        assert_true(t.hi >= max && t.lo == 0);
    }
}

static void scale_maps_linearly(void **state)
{
    (void)state;
    struct chart_scale s = {0, 10, 200, 100};
    assert_true(chart_scale_map(&s, 0) == 200);
    assert_true(chart_scale_map(&s, 5) == 150);
    assert_true(chart_scale_map(&s, 10) == 100);
    struct chart_scale flat = {3, 3, 0, 100};
    assert_true(chart_scale_map(&flat, 3) == 50);
}

static void weeks_start_on_monday_in_her_zone(void **state)
{
    (void)state;
    /* Sunday 22 Nov 2026, 23:30 UTC: still Sunday in London, already
     * Monday in Berlin (UTC+1). */
    int64_t t = INT64_C(1795390200);
    assert_int_equal(chart_week_start(t, NULL), MON - WEEK);
    assert_int_equal(chart_week_start(t, fixed(60)), INT64_C(1795388400)); /* Mon 00:00 +01:00 */
    assert_int_equal(chart_week_start(MON, NULL), MON);
    /* West of UTC: Monday 00:30 UTC is Sunday evening in New York. */
    assert_int_equal(chart_week_start(MON + 1800, fixed(-300)), MON - WEEK + 300 * 60);
}

static struct practice session(int64_t at, double mm, int pain_before, int pain_after)
{
    struct practice p;
    practice_init(&p);
    p.started_at = at;
    p.duration_s = 600;
    p.diameter_mm = mm;
    strcpy(p.dilator_id, "fms-16");
    p.before = (struct scores){true, 5, 4, pain_before};
    p.after = (struct scores){true, 2, 2, pain_after};
    return p;
}

static void weeks_bucket_sessions_and_keep_empty_weeks(void **state)
{
    (void)state;
    struct practice s[4];
    s[0] = session(MON - 3 * WEEK + DAY, 16, 3, 2);
    s[1] = session(MON - 3 * WEEK + 2 * DAY, 16, 3, 2);
    s[1].spasms[0] = (struct spasm){60, 20};
    s[1].spasms[1] = (struct spasm){90, 45};
    s[1].nspasms = 2;
    /* Sunday 23:30 UTC: this week in Berlin, last week in UTC. */
    s[2] = session(MON - 1800, 18, 2, 1);
    s[3] = session(MON + DAY, 0, 0, 0);
    s[3].outcome = OUTCOME_NOT_TODAY;
    struct progress_data d = {
        .sessions = s,
        .nsessions = 4,
        .planned_per_week = 3,
    };
    /* Four weeks as Berlin sees them. */
    assert_int_equal(chart_period_for("4w", MON + 2 * DAY, fixed(60), &d.period, NULL), 0);
    assert_int_equal(d.period.from, MON - 3 * WEEK - 3600);
    struct chart_week *w = NULL;
    size_t n = chart_weeks(&d, &w);
    assert_int_equal(n, 4);
    assert_int_equal(w[0].practised, 2);
    assert_int_equal(w[0].spasms, 2);
    assert_int_equal(w[0].spasm_total_s, 65);
    assert_int_equal(w[0].spasm_longest_s, 45);
    assert_int_equal(w[1].practised, 0); /* a gap stays a week with nothing */
    assert_int_equal(w[2].practised, 0);
    assert_int_equal(w[3].practised, 1); /* Monday 00:30 in Berlin */
    assert_int_equal(w[3].not_today, 1);
    assert_true(w[2].planned == 3);
    free(w);

    /* In UTC the late Sunday session belongs to the week before. */
    assert_int_equal(chart_period_for("4w", MON + 2 * DAY, NULL, &d.period, NULL), 0);
    n = chart_weeks(&d, &w);
    assert_int_equal(n, 4);
    assert_int_equal(w[2].practised, 1);
    assert_int_equal(w[3].practised, 0);
    free(w);

    /* Plan steps: nothing before her start, then per phase. */
    struct chart_plan_step steps[] = {{MON - WEEK, 2}, {MON, 4}};
    d.plan = steps;
    d.nplan = 2;
    assert_true(chart_plan_at(&d, MON - 2 * WEEK) == 0);
    assert_true(chart_plan_at(&d, MON - WEEK) == 2);
    assert_true(chart_plan_at(&d, MON) == 4);
}

static void periods_by_name(void **state)
{
    (void)state;
    struct chart_period p;
    struct pace_error err = {0};
    int64_t now = MON + 2 * DAY;
    assert_int_equal(chart_period_for("4w", now, NULL, &p, &err), 0);
    assert_int_equal(p.from, MON - 3 * WEEK);
    assert_int_equal(p.to, MON + WEEK);
    assert_int_equal(chart_period_for("3m", now, NULL, &p, &err), 0);
    assert_int_equal(p.from, MON - 12 * WEEK);
    assert_int_equal(chart_period_for(NULL, now, NULL, &p, &err), 0);
    assert_int_equal(p.from, MON - 12 * WEEK);
    assert_int_equal(chart_period_for("all", now, NULL, &p, &err), 0);
    assert_int_equal(p.from, 0);
    assert_int_equal(chart_period_for("1y", now, NULL, &p, &err), PACE_EINVAL);
    assert_string_equal(err.field, "period");
    assert_int_equal(p.from, MON - 12 * WEEK); /* the default */
}

static void date_ticks_fit_the_span(void **state)
{
    (void)state;
    struct chart_time_ticks tt;
    chart_time_ticks(MON - 3 * WEEK, MON + WEEK, NULL, &tt);
    assert_int_equal(tt.n, 4); /* every Monday */
    assert_int_equal(tt.v[0].t, MON - 3 * WEEK);
    assert_string_equal(tt.v[3].label, "23 Nov");
    chart_time_ticks(MON - 12 * WEEK, MON + WEEK, NULL, &tt);
    assert_true(tt.n >= 3 && tt.n <= 6);
    /* Two years: months, few enough to read, the year on the first. */
    chart_time_ticks(MON - 104 * WEEK, MON, NULL, &tt);
    assert_true(tt.n >= 3 && tt.n <= 6);
    assert_non_null(strchr(tt.v[0].label, ' '));
    for (size_t i = 1; i < tt.n; i++)
        assert_true(tt.v[i].t > tt.v[i - 1].t);
    /* Three years: each January, the year alone (month names with years
     * would run into each other). */
    chart_time_ticks(MON - 3 * 365 * DAY, MON + WEEK, NULL, &tt);
    assert_int_equal(tt.n, 3);
    assert_string_equal(tt.v[0].label, "2024");
    assert_string_equal(tt.v[2].label, "2026");
    /* Twelve years: every second year. */
    chart_time_ticks(MON - 12 * 365 * DAY, MON + WEEK, NULL, &tt);
    assert_true(tt.n >= 3 && tt.n <= 6);
    assert_string_equal(tt.v[1].label, "2017");
    chart_time_ticks(MON, MON, NULL, &tt);
    assert_int_equal(tt.n, 0);
}

static void assert_sane(const struct chart *c)
{
    assert_non_null(c->title);
    assert_true(strlen(c->title) > 0);
    assert_non_null(c->desc);
    assert_true(strlen(c->desc) > 10);
    for (size_t i = 0; i < c->nprims; i++) {
        const struct chart_prim *p = &c->prims[i];
        if (p->kind == PRIM_TEXT)
            assert_non_null(p->text);
        if (p->kind == PRIM_POLYLINE)
            assert_true(p->npts >= 2);
        assert_true(p->x1 >= -1 && p->x1 <= c->width + 1);
        assert_true(p->y1 >= -1 && p->y1 <= c->height + 1);
    }
    for (size_t i = 0; i < c->nlegend; i++)
        assert_non_null(c->legend[i].label);
}

typedef int (*builder)(struct chart *, const struct progress_data *);
static const builder builders[] = {chart_scores, chart_sizes, chart_practice, chart_spasms,
                                   chart_ladder};

static size_t count(const struct chart *c, enum chart_prim_kind k, enum chart_ink ink)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nprims; i++)
        n += c->prims[i].kind == k && c->prims[i].ink == ink;
    return n;
}

static bool has_text(const struct chart *c, const char *s)
{
    for (size_t i = 0; i < c->nprims; i++)
        if (c->prims[i].kind == PRIM_TEXT && strstr(c->prims[i].text, s))
            return true;
    return false;
}

static void nothing_in_the_period_gives_a_calm_note(void **state)
{
    (void)state;
    struct chart_goal_band goal = {"Tampon", 10, 20, 0};
    struct progress_data d = {
        .period = {MON - 3 * WEEK, MON + WEEK, MON, NULL},
        .goals = &goal,
        .ngoals = 1,
        .planned_per_week = 4,
    };
    for (size_t b = 0; b < sizeof builders / sizeof *builders; b++) {
        struct chart c;
        assert_int_equal(builders[b](&c, &d), 0);
        assert_true(c.empty);
        assert_sane(&c);
        assert_int_equal(count(&c, PRIM_TEXT, INK_MUTED), 1);
        assert_int_equal(count(&c, PRIM_CIRCLE, INK_SIZE), 0);
        chart_free(&c);
    }
}

static void one_session_shows_its_values(void **state)
{
    (void)state;
    struct practice s = session(MON - DAY, 16, 5, 2);
    struct progress_data d = {
        .period = {MON - 3 * WEEK, MON + WEEK, MON, NULL},
        .sessions = &s,
        .nsessions = 1,
    };
    struct chart c;
    chart_scores(&c, &d);
    assert_false(c.empty);
    assert_sane(&c);
    assert_true(has_text(&c, "5 \u2192 2"));
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_PAIN), 0);
    chart_free(&c);

    chart_sizes(&c, &d);
    assert_false(c.empty);
    assert_sane(&c);
    assert_int_equal(count(&c, PRIM_CIRCLE, INK_SIZE), 1);
    assert_true(has_text(&c, "16 mm"));
    assert_non_null(strstr(c.desc, "16 mm"));
    chart_free(&c);

    chart_practice(&c, &d);
    assert_false(c.empty);
    assert_int_equal(count(&c, PRIM_RECT, INK_DONE), 1);
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_PLAN), 0); /* no plan, no line */
    chart_free(&c);

    /* Practice without spasms: a note says so. */
    chart_spasms(&c, &d);
    assert_true(c.empty);
    assert_non_null(strstr(c.desc, "No spasms"));
    chart_free(&c);
}

static void gaps_break_the_lines(void **state)
{
    (void)state;
    struct practice s[5] = {
        session(MON - 10 * WEEK, 14, 4, 3), session(MON - 10 * WEEK + DAY, 14, 4, 3),
        /* five weeks with nothing */
        session(MON - 4 * WEEK, 16, 3, 2), session(MON - 3 * WEEK, 16, 3, 2),
        session(MON - 2 * WEEK, 18, 3, 1),
    };
    struct progress_data d = {
        .period = {MON - 12 * WEEK, MON + WEEK, MON, NULL},
        .sessions = s,
        .nsessions = 5,
        .planned_per_week = 3,
    };
    struct chart c;
    chart_sizes(&c, &d);
    assert_sane(&c);
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_SIZE), 2);
    size_t pts = 0;
    for (size_t i = 0; i < c.nprims; i++)
        if (c.prims[i].kind == PRIM_POLYLINE)
            pts += c.prims[i].npts;
    assert_int_equal(pts, 5);
    assert_non_null(strstr(c.desc, "from 14 to 18 mm"));
    chart_free(&c);

    chart_scores(&c, &d);
    assert_sane(&c);
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_PAIN), 2);
    assert_non_null(strstr(c.desc, "Pain after practice went from 3 to 1"));
    chart_free(&c);

    /* Bars only for weeks with practice; the plan as one dashed line. */
    chart_practice(&c, &d);
    assert_sane(&c);
    assert_int_equal(count(&c, PRIM_RECT, INK_DONE), 4);
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_PLAN), 1);
    for (size_t i = 0; i < c.nprims; i++)
        if (c.prims[i].ink == INK_PLAN && c.prims[i].kind == PRIM_POLYLINE)
            assert_true(c.prims[i].dashed);
    chart_free(&c);
}

/* Filled "after" circles of one score's panel. */
static size_t after_points(const struct chart *c, enum chart_ink ink)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nprims; i++)
        if (c->prims[i].kind == PRIM_CIRCLE && c->prims[i].ink == ink && c->prims[i].filled)
            n++;
    return n;
}

static void many_sessions_become_weekly_then_monthly_averages(void **state)
{
    (void)state;
    /* 80 sessions: one point each. */
    struct practice *s = calloc(1200, sizeof *s);
    for (int i = 0; i < 80; i++)
        s[i] = session(MON - 40 * WEEK + i * 3 * DAY, 16, 5, 2);
    struct progress_data d = {
        .period = {MON - 41 * WEEK, MON + WEEK, MON, NULL},
        .sessions = s,
        .nsessions = 80,
    };
    struct chart c;
    chart_scores(&c, &d);
    assert_sane(&c);
    assert_int_equal(after_points(&c, INK_PAIN), 80);
    assert_null(strstr(c.desc, "average"));
    chart_free(&c);

    /* 140 sessions, four a week (Monday to Thursday; pain after 4 on the
     * Monday and 2 on the other days): one point per week, averaged. */
    size_t n = 0;
    for (int w = 0; w < 40; w++)
        for (int k = 0; k < 4 && n < 140; k++, n++)
            s[n] = session(MON - 40 * WEEK + w * WEEK + k * DAY + 3600, 16, 5, k == 0 ? 4 : 2);
    d.nsessions = n;
    chart_scores(&c, &d);
    assert_sane(&c);
    assert_int_equal(after_points(&c, INK_PAIN), 35);
    assert_non_null(strstr(c.desc, "Each point is the average of a week."));
    /* 4, 2, 2, 2 averages to 2.5: every filled pain point sits there. */
    double y = -1;
    for (size_t i = 0; i < c.nprims; i++)
        if (c.prims[i].kind == PRIM_CIRCLE && c.prims[i].ink == INK_PAIN && c.prims[i].filled) {
            if (y < 0)
                y = c.prims[i].y1;
            assert_true(fabs(c.prims[i].y1 - y) < 1e-9);
        }
    /* The weeks follow each other: one unbroken line. */
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_PAIN), 1);
    chart_free(&c);

    /* Three years of daily practice with one month left out: monthly
     * points, and the line breaks at the missing month. */
    n = 0;
    for (int i = 0; i < 3 * 365; i++) {
        int64_t t = MON - 3 * 365 * DAY + i * DAY;
        if (t >= MON - 400 * DAY && t < MON - 340 * DAY)
            continue;
        s[n++] = session(t, 16, 5, 2);
    }
    d.period = (struct chart_period){MON - 3 * 366 * DAY, MON + WEEK, MON, NULL};
    d.nsessions = n;
    chart_scores(&c, &d);
    assert_sane(&c);
    size_t pts = after_points(&c, INK_FEAR);
    assert_true(pts >= 33 && pts <= 36);
    assert_non_null(strstr(c.desc, "Each point is the average of a month."));
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_FEAR), 2);
    assert_true(c.nprims < 600);
    chart_free(&c);

    /* The sizes the same way: the largest of each month, and a thin range
     * line down to the smallest where she used two sizes in a month. */
    for (size_t i = 0; i < n; i += 2)
        s[i].diameter_mm = 14;
    chart_sizes(&c, &d);
    assert_sane(&c);
    pts = count(&c, PRIM_CIRCLE, INK_SIZE);
    assert_true(pts >= 33 && pts <= 36);
    assert_int_equal(count(&c, PRIM_LINE, INK_SIZE), pts);
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_SIZE), 2);
    assert_non_null(strstr(c.desc, "Each point is the largest size of a month"));
    assert_non_null(strstr(c.legend[0].label, "each month"));
    chart_free(&c);
    free(s);
}

static void goal_bands_are_clipped_to_the_axis(void **state)
{
    (void)state;
    struct practice s[2] = {session(MON - 2 * WEEK, 10, 3, 2), session(MON - WEEK, 14, 3, 2)};
    struct chart_goal_band goals[] = {
        {"Intercourse", 34, 41, 0},
        {"Her own <goal>", 60, 80, 0}, /* far above: clipped, still labelled */
        {"Tampon", 10, 20, MON - WEEK},
    };
    struct progress_data d = {
        .period = {MON - 3 * WEEK, MON + WEEK, MON, NULL},
        .sessions = s,
        .nsessions = 2,
        .goals = goals,
        .ngoals = 3,
    };
    struct chart c;
    chart_sizes(&c, &d);
    assert_sane(&c);
    size_t bands = 0;
    double top = 1e9, bottom = 0;
    for (size_t i = 0; i < c.nprims; i++) {
        const struct chart_prim *p = &c.prims[i];
        if (p->kind == PRIM_LINE && p->ink == INK_AXIS && p->y1 == p->y2)
            bottom = p->y1;
        if (p->kind == PRIM_LINE && p->ink == INK_GRID)
            top = fmin(top, p->y1);
    }
    for (size_t i = 0; i < c.nprims; i++) {
        const struct chart_prim *p = &c.prims[i];
        if (p->kind != PRIM_RECT || p->ink != INK_GOAL)
            continue;
        bands++;
        assert_true(p->opacity > 0 && p->opacity < 0.5);
        assert_true(p->h > 0);
        assert_true(p->y1 >= top - 0.01);
        assert_true(p->y1 + p->h <= bottom + 0.01);
    }
    assert_int_equal(bands, 3);
    assert_true(has_text(&c, "Her own <goal>"));
    assert_true(has_text(&c, "(reached)"));
    chart_free(&c);
}

static void ladder_shows_not_tried_apart(void **state)
{
    (void)state;
    struct ladder_entry e[2];
    ladder_entry_init(&e[0]);
    ladder_entry_init(&e[1]);
    e[0].taken_at = MON - 3 * WEEK;
    e[1].taken_at = MON - DAY;
    e[0].a[LADDER_FINGER] = (struct ladder_answer){6, 4, false};
    e[1].a[LADDER_FINGER] = (struct ladder_answer){3, 2, false};
    e[0].a[LADDER_INTERCOURSE] = (struct ladder_answer){9, -1, true};
    e[1].a[LADDER_INTERCOURSE] = (struct ladder_answer){8, -1, true};
    struct progress_data d = {
        .period = {MON - 3 * WEEK, MON + WEEK, MON, NULL},
        .ladder = e,
        .nladder = 2,
    };
    struct chart c;
    chart_ladder(&c, &d);
    assert_false(c.empty);
    assert_sane(&c);
    size_t rings = 0;
    for (size_t i = 0; i < c.nprims; i++)
        if (c.prims[i].kind == PRIM_CIRCLE && !c.prims[i].filled && c.prims[i].dashed)
            rings++;
    assert_int_equal(rings, 2);
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_ANXIETY), 2); /* finger, intercourse */
    assert_int_equal(count(&c, PRIM_POLYLINE, INK_PAIN), 1);    /* finger only */
    assert_non_null(strstr(c.desc, "anxiety went down for 2 of 6 items and pain for 1"));
    chart_free(&c);
}

static void svg_is_labelled_and_escaped(void **state)
{
    (void)state;
    struct chart c;
    chart_init(&c, 100, 50);
    chart_set_title(&c, "Fear & \"tension\"");
    chart_set_desc(&c, "<b>not markup</b>");
    chart_text(&c, INK_TEXT, 1, 2, ANCHOR_MIDDLE, "a < b & 'c'");
    chart_text(&c, INK_TEXT, 1, 2, ANCHOR_END, NULL);
    struct chart_prim *band = chart_rect(&c, INK_GOAL, 0, 0, 10, 10, true);
    band->opacity = 0.2;
    chart_circle(&c, INK_MUTED, 5, 5, 3, false)->dashed = true;
    struct chart_point pts[] = {{0, 0}, {1.25, 2.5}};
    chart_polyline(&c, INK_PAIN, pts, 2)->dashed = true;
    chart_legend_add(&c, INK_PLAN, true, "Plan <dashed>");
    struct buf b = {0};
    svg_chart(&b, &c, "ch-x");
    assert_non_null(strstr(b.data, "role=\"img\""));
    assert_non_null(strstr(b.data, "viewBox=\"0 0 100 50\""));
    assert_non_null(strstr(b.data, "aria-labelledby=\"ch-x-title ch-x-desc\""));
    assert_non_null(strstr(b.data, "<title id=\"ch-x-title\">Fear &amp; &quot;tension&quot;</title>"));
    assert_non_null(strstr(b.data, "<desc id=\"ch-x-desc\">&lt;b&gt;not markup&lt;/b&gt;</desc>"));
    assert_non_null(strstr(b.data, "a &lt; b &amp; &#39;c&#39;"));
    assert_non_null(strstr(b.data, "class=\"ink-goal f\""));
    assert_non_null(strstr(b.data, "fill-opacity=\"0.2\""));
    assert_non_null(strstr(b.data, "points=\"0,0 1.25,2.5\""));
    assert_null(strstr(b.data, "style="));
    assert_null(strstr(b.data, "<b>"));
    buf_reset(&b);
    svg_chart_legend(&b, &c);
    assert_non_null(strstr(b.data, "Plan &lt;dashed&gt;"));
    assert_non_null(strstr(b.data, "aria-hidden=\"true\""));
    buf_free(&b);
    chart_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nice_ticks_cover_the_data),
        cmocka_unit_test(scale_maps_linearly),
        cmocka_unit_test(weeks_start_on_monday_in_her_zone),
        cmocka_unit_test(weeks_bucket_sessions_and_keep_empty_weeks),
        cmocka_unit_test(periods_by_name),
        cmocka_unit_test(date_ticks_fit_the_span),
        cmocka_unit_test(nothing_in_the_period_gives_a_calm_note),
        cmocka_unit_test(one_session_shows_its_values),
        cmocka_unit_test(gaps_break_the_lines),
        cmocka_unit_test(many_sessions_become_weekly_then_monthly_averages),
        cmocka_unit_test(goal_bands_are_clipped_to_the_axis),
        cmocka_unit_test(ladder_shows_not_tried_apart),
        cmocka_unit_test(svg_is_labelled_and_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
