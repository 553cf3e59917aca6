/*
 * chart_progress.c - the charts of her sessions: fear, tension and pain
 * before and after, the sizes she practised against her goals, practice
 * per week against her plan, and spasms per week. Each describes itself
 * in a sentence built from her data; none judges or diagnoses.
 */
#include "core/chart_priv.h"

#include "core/i18n.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEFT 32.0
#define RIGHT (CHART_WIDTH - 10)

/* ---- fear, tension and pain ---- */

static bool has_scores(const struct practice *s)
{
    return s->before.set || s->after.set;
}

static int score_of(const struct scores *sc, int kind)
{
    return kind == 0 ? sc->fear : kind == 1 ? sc->tension : sc->pain;
}

static const char *const score_names[] = {N_("Fear"), N_("Tension"), N_("Pain")};
static const enum chart_ink score_inks[] = {INK_FEAR, INK_TENSION, INK_PAIN};

#define PANEL_H 92.0
#define PANEL_PLOT 62.0

/* Beyond this many sessions one point per session would crowd the plot
 * (about 300 units wide): the panels show a point per week, and beyond this
 * many weeks a point per month, each the average of its sessions. */
#define SCORE_MAX_POINTS 80

enum score_grain { GRAIN_SESSION, GRAIN_WEEK, GRAIN_MONTH };

/* One point of the panels: a session, or the average of a week or month. */
struct score_point {
    int64_t t;      /* a session's time, or the mean time of the bucket */
    int64_t bucket; /* a session's time, a Monday (local days), or a month index */
    int nb, na;     /* how many "before" and "after" scores went in */
    double b[3], a[3];
};

static int64_t month_index(int64_t t, const struct tz_zone *tz)
{
    int y, m, d;
    tz_date(tz, t, &y, &m, &d);
    return (int64_t)y * 12 + m - 1;
}

static int64_t bucket_of(enum score_grain g, int64_t t, const struct tz_zone *tz)
{
    return g == GRAIN_WEEK    ? tz_monday(tz_local_day(tz, t))
           : g == GRAIN_MONTH ? month_index(t, tz)
                              : t;
}

/* Sessions v[first .. first + n) (oldest first) at one point. */
struct bucket {
    size_t first, n;
    int64_t t;   /* the mean time of its sessions */
    int64_t key; /* a session's time, a Monday (local days), or a month index */
};

/* Groups v (oldest first) at the finest grain that stays readable. */
static size_t buckets_for(const struct practice **v, size_t n, const struct tz_zone *tz,
                          enum score_grain *grain, struct bucket **out)
{
    enum score_grain g = GRAIN_SESSION;
    if (n > SCORE_MAX_POINTS) {
        size_t weeks = 0;
        for (size_t i = 0; i < n; i++)
            if (i == 0 || chart_week_start(v[i]->started_at, tz) !=
                              chart_week_start(v[i - 1]->started_at, tz))
                weeks++;
        g = weeks > SCORE_MAX_POINTS ? GRAIN_MONTH : GRAIN_WEEK;
    }
    struct bucket *b = xcalloc(n ? n : 1, sizeof *b);
    size_t nb = 0;
    double tsum = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t key = bucket_of(g, v[i]->started_at, tz);
        if (g == GRAIN_SESSION || nb == 0 || b[nb - 1].key != key) {
            b[nb++] = (struct bucket){.first = i, .key = key};
            tsum = 0;
        }
        struct bucket *k = &b[nb - 1];
        tsum += (double)v[i]->started_at;
        k->n++;
        k->t = (int64_t)llround(tsum / (double)k->n);
    }
    *grain = g;
    *out = b;
    return nb;
}

/* v (oldest first) as averaged points, one per bucket. */
static size_t score_points(const struct practice **v, size_t n, const struct tz_zone *tz,
                           enum score_grain *grain, struct score_point **out)
{
    struct bucket *bk;
    size_t nb = buckets_for(v, n, tz, grain, &bk);
    struct score_point *pt = xcalloc(nb ? nb : 1, sizeof *pt);
    for (size_t i = 0; i < nb; i++) {
        struct score_point *p = &pt[i];
        p->t = bk[i].t;
        p->bucket = bk[i].key;
        for (size_t j = bk[i].first; j < bk[i].first + bk[i].n; j++) {
            const struct practice *s = v[j];
            for (int k = 0; k < 3; k++) {
                if (s->before.set)
                    p->b[k] += score_of(&s->before, k);
                if (s->after.set)
                    p->a[k] += score_of(&s->after, k);
            }
            p->nb += s->before.set;
            p->na += s->after.set;
        }
        for (int k = 0; k < 3; k++) {
            if (p->nb)
                p->b[k] /= p->nb;
            if (p->na)
                p->a[k] /= p->na;
        }
    }
    free(bk);
    *out = pt;
    return nb;
}

/* True when the line must break between two points: a week without a
 * session between sessions, or buckets that are not next to each other. */
static bool grain_gap(enum score_grain g, int64_t key_a, int64_t t_a, int64_t key_b, int64_t t_b,
                      const struct tz_zone *tz)
{
    if (g == GRAIN_WEEK)
        return key_b - key_a > 7;
    if (g == GRAIN_MONTH)
        return key_b - key_a > 1;
    return chart_gap(t_a, t_b, tz);
}

static void score_text(double v, char *out, size_t n)
{
    if (fabs(v - round(v)) < 0.05)
        snprintf(out, n, "%d", (int)lround(v));
    else
        chart_num(round(v * 10) / 10, out, n);
}

static void score_panel(struct chart *c, const struct score_point *pt, size_t n,
                        enum score_grain grain, int kind, double top, int64_t t0, int64_t t1,
                        const struct tz_zone *tz, bool labels)
{
    struct chart_ticks yt = {.lo = 0, .hi = 10, .step = 5, .v = {0, 5, 10}, .n = 3};
    struct frame f;
    frame_set(&f, LEFT, top + 18, RIGHT, top + 18 + PANEL_PLOT, (double)t0, (double)t1, &yt);
    chart_text(c, INK_TEXT, 0, top + 11, ANCHOR_START, _(score_names[kind]))->bold = true;
    frame_y_axis(c, &f, &yt);
    frame_time_axis(c, &f, t0, t1, tz, labels);
    enum chart_ink ink = score_inks[kind];
    double r = n > 60 ? 2.2 : 3.2;
    /* The trend of "after", broken where the points are not neighbours. */
    struct chart_point *pts = xcalloc(n + 1, sizeof *pts);
    size_t np = 0;
    const struct score_point *last = NULL;
    for (size_t i = 0; i < n; i++) {
        const struct score_point *p = &pt[i];
        double x = chart_scale_map(&f.xs, (double)p->t);
        if (p->nb && p->na) {
            double yb = chart_scale_map(&f.ys, p->b[kind]);
            double ya = chart_scale_map(&f.ys, p->a[kind]);
            chart_line(c, ink, x, yb, x, ya)->stroke = 1.5;
        }
        if (p->nb)
            chart_circle(c, ink, x, chart_scale_map(&f.ys, p->b[kind]), r, false)->stroke = 1.2;
        if (p->na) {
            double ya = chart_scale_map(&f.ys, p->a[kind]);
            chart_circle(c, ink, x, ya, r, true);
            if (np > 0 && grain_gap(grain, last->bucket, last->t, p->bucket, p->t, tz)) {
                if (np > 1)
                    chart_polyline(c, ink, pts, np)->stroke = 1;
                np = 0;
            }
            pts[np++] = (struct chart_point){x, ya};
            last = p;
        }
    }
    if (np > 1)
        chart_polyline(c, ink, pts, np)->stroke = 1;
    free(pts);
    if (n == 1) {
        /* One point: its numbers next to it. */
        const struct score_point *p = &pt[0];
        char label[48], b[16], a[16];
        score_text(p->b[kind], b, sizeof b);
        score_text(p->a[kind], a, sizeof a);
        if (p->nb && p->na)
            snprintf(label, sizeof label, "%s \u2192 %s", b, a);
        else
            snprintf(label, sizeof label, "%s", p->na ? a : b);
        double x = chart_scale_map(&f.xs, (double)p->t);
        bool right = x < (LEFT + RIGHT) / 2;
        chart_text(c, INK_TEXT, right ? x + 8 : x - 8, top + 18 + PANEL_PLOT / 2,
                   right ? ANCHOR_START : ANCHOR_END, label)
            ->size = CHART_FONT;
    }
}

int chart_scores(struct chart *out, const struct progress_data *d)
{
    chart_init(out, CHART_WIDTH, 4 + 3 * PANEL_H + 10);
    chart_set_title(out, _("Fear, tension and pain"));
    const struct practice **v = NULL;
    size_t n = chart_sorted(d, has_scores, &v);
    if (n == 0) {
        free(v);
        chart_set_desc(out, _("No fear, tension or pain scores in this period."));
        chart_note(out, _("No scores in this period yet."));
        return 0;
    }
    int64_t t0, t1;
    chart_span(d, &t0, &t1);
    const struct tz_zone *tz = d->period.zone;
    enum score_grain grain;
    struct score_point *pt = NULL;
    size_t npt = score_points(v, n, tz, &grain, &pt);
    for (int k = 0; k < 3; k++)
        score_panel(out, pt, npt, grain, k, 4 + k * PANEL_H, t0, t1, tz, k == 2);
    free(pt);
    for (int k = 0; k < 3; k++)
        chart_legend_add(out, score_inks[k], false, _(score_names[k]));
    chart_legend_add(out, INK_TEXT, false, _("Before practice"))->mark = MARK_RING;
    chart_legend_add(out, INK_TEXT, false, _("After practice"))->mark = MARK_DOT;

    /* The first and last "after" of each kind. */
    struct buf b = {0};
    buf_printf(&b, ngettext_("%zu session with scores.", "%zu sessions with scores.", (long)n), n);
    const struct practice *first = NULL, *lastp = NULL;
    size_t nafter = 0;
    for (size_t i = 0; i < n; i++) {
        if (!v[i]->after.set)
            continue;
        if (first == NULL)
            first = v[i];
        lastp = v[i];
        nafter++;
    }
    for (int k = 0; k < 3 && nafter > 1; k++) {
        int a = score_of(&first->after, k), z = score_of(&lastp->after, k);
        buf_putc(&b, ' ');
        if (a == z)
            buf_printf(&b, _("%s after practice was %d at the first and at the latest."),
                       _(score_names[k]), a);
        else
            buf_printf(&b, _("%s after practice went from %d to %d."), _(score_names[k]), a, z);
    }
    if (nafter == 1)
        buf_printf(&b, " %s %d, %d, %d.", _("After practice (fear, tension, pain):"),
                   first->after.fear, first->after.tension, first->after.pain);
    if (grain == GRAIN_WEEK)
        buf_printf(&b, " %s", _("Each point is the average of a week."));
    else if (grain == GRAIN_MONTH)
        buf_printf(&b, " %s", _("Each point is the average of a month."));
    chart_set_desc(out, b.data);
    buf_free(&b);
    free(v);
    return 0;
}

/* ---- sizes and goals ---- */

static bool has_size(const struct practice *s)
{
    return s->outcome != OUTCOME_NOT_TODAY && s->diameter_mm > 0;
}

static void goal_bands(struct chart *c, const struct progress_data *d, const struct frame *f,
                       double hi)
{
    double used[64];
    size_t nused = 0;
    for (size_t i = 0; i < d->ngoals; i++) {
        const struct chart_goal_band *g = &d->goals[i];
        double lo_mm = g->min_mm < 0 ? 0 : g->min_mm;
        double hi_mm = g->max_mm > hi ? hi : g->max_mm; /* clipped to the axis */
        if (lo_mm >= hi)
            continue;
        double yt = chart_scale_map(&f->ys, hi_mm), yb = chart_scale_map(&f->ys, lo_mm);
        struct chart_prim *p = chart_rect(c, INK_GOAL, f->x0, yt, f->x1 - f->x0, yb - yt, true);
        p->opacity = 0.16;
        char lo_s[16], hi_s[16], label[200];
        chart_num(g->min_mm, lo_s, sizeof lo_s);
        chart_num(g->max_mm, hi_s, sizeof hi_s);
        if (g->achieved_at)
            snprintf(label, sizeof label, _("%s, about %s\u2013%s mm (reached)"),
                     g->label ? g->label : "", lo_s, hi_s);
        else
            snprintf(label, sizeof label, _("%s, about %s\u2013%s mm"), g->label ? g->label : "",
                     lo_s, hi_s);
        /* Inside the band's top; below a label already there. */
        double y = yt + 11;
        for (size_t k = 0; k < nused; k++)
            if (fabs(used[k] - y) < 11)
                y = used[k] + 11;
        if (nused < sizeof used / sizeof *used)
            used[nused++] = y;
        chart_text(c, INK_TEXT, f->x1 - 4, y, ANCHOR_END, label)->size = CHART_SMALL;
    }
}

int chart_sizes(struct chart *out, const struct progress_data *d)
{
    chart_init(out, CHART_WIDTH, 226);
    chart_set_title(out, _("Sizes you practised with"));
    const struct practice **v = NULL;
    size_t n = chart_sorted(d, has_size, &v);
    if (n == 0) {
        free(v);
        chart_set_desc(out, _("No practice with a dilator in this period."));
        chart_note(out, _("No practice with a dilator in this period yet."));
        return 0;
    }
    double mn = v[0]->diameter_mm, mx = v[0]->diameter_mm;
    for (size_t i = 1; i < n; i++) {
        mn = fmin(mn, v[i]->diameter_mm);
        mx = fmax(mx, v[i]->diameter_mm);
    }
    /* Each goal's lower edge is in view; a band reaching higher is cut at
     * the top of the axis. */
    double top = mx;
    for (size_t i = 0; i < d->ngoals; i++)
        top = fmax(top, d->goals[i].min_mm + 2);
    struct chart_ticks yt;
    chart_nice_ticks(0, top * 1.05, 5, &yt);
    int64_t t0, t1;
    chart_span(d, &t0, &t1);
    struct frame f;
    frame_set(&f, LEFT, 20, RIGHT, 200, (double)t0, (double)t1, &yt);
    chart_text(out, INK_MUTED, LEFT - 4, 10, ANCHOR_END, _("mm"))->size = CHART_SMALL;
    goal_bands(out, d, &f, yt.hi);
    frame_y_axis(out, &f, &yt);
    frame_time_axis(out, &f, t0, t1, d->period.zone, true);

    /* Many sessions: per week or month the largest size (the line and its
     * points) and, where she also used smaller ones, a thin range below. */
    enum score_grain grain;
    struct bucket *bk;
    size_t nb = buckets_for(v, n, d->period.zone, &grain, &bk);
    struct chart_point *pts = xcalloc(nb + 1, sizeof *pts);
    struct chart_point *dots = xcalloc(nb + 1, sizeof *dots);
    size_t np = 0;
    for (size_t i = 0; i < nb; i++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t j = bk[i].first; j < bk[i].first + bk[i].n; j++) {
            lo = fmin(lo, v[j]->diameter_mm);
            hi = fmax(hi, v[j]->diameter_mm);
        }
        double x = chart_scale_map(&f.xs, (double)bk[i].t);
        double y = chart_scale_map(&f.ys, hi);
        dots[i] = (struct chart_point){x, y};
        if (lo < hi)
            chart_line(out, INK_SIZE, x, chart_scale_map(&f.ys, lo), x, y)->stroke = 1;
        if (np > 0 &&
            grain_gap(grain, bk[i - 1].key, bk[i - 1].t, bk[i].key, bk[i].t, d->period.zone)) {
            if (np > 1)
                chart_polyline(out, INK_SIZE, pts, np)->stroke = 2;
            np = 0;
        }
        pts[np++] = (struct chart_point){x, y};
    }
    if (np > 1)
        chart_polyline(out, INK_SIZE, pts, np)->stroke = 2;
    for (size_t i = 0; i < nb; i++)
        chart_circle(out, INK_SIZE, dots[i].x, dots[i].y, nb > 60 ? 2.2 : 3.2, true);
    free(dots);
    free(pts);
    free(bk);

    char a[16], z[16], last[16];
    chart_num(mn, a, sizeof a);
    chart_num(mx, z, sizeof z);
    chart_num(v[n - 1]->diameter_mm, last, sizeof last);
    if (n == 1) {
        double x = chart_scale_map(&f.xs, (double)v[0]->started_at);
        char label[32];
        snprintf(label, sizeof label, _("%s mm"), last);
        chart_text(out, INK_TEXT, x, chart_scale_map(&f.ys, v[0]->diameter_mm) - 8,
                   ANCHOR_MIDDLE, label)
            ->size = CHART_FONT;
    }
    chart_legend_add(out, INK_SIZE, false,
                     grain == GRAIN_WEEK    ? _("Largest size each week")
                     : grain == GRAIN_MONTH ? _("Largest size each month")
                                            : _("Size you practised with"))
        ->mark = MARK_DOT;
    if (d->ngoals > 0)
        chart_legend_add(out, INK_GOAL, false, _("Your goals (approximate ranges)"))->mark =
            MARK_BAR;
    struct buf b = {0};
    if (n == 1)
        buf_printf(&b, _("One session with a dilator: %s mm."), last);
    else if (mn == mx)
        buf_printf(&b, _("Over %zu sessions you practised with %s mm."), n, a);
    else
        buf_printf(&b, _("Over %zu sessions you practised with sizes from %s to %s mm; the latest was %s mm."),
                   n, a, z, last);
    if (grain == GRAIN_WEEK)
        buf_printf(&b, " %s", _("Each point is the largest size of a week; a thin line below it "
                                "reaches the smallest."));
    else if (grain == GRAIN_MONTH)
        buf_printf(&b, " %s", _("Each point is the largest size of a month; a thin line below it "
                                "reaches the smallest."));
    chart_set_desc(out, b.data);
    buf_free(&b);
    free(v);
    return 0;
}

/* ---- practice per week ---- */

/* Bars for one count per week in the frame; labels on top when wide. */
static void week_bars(struct chart *c, const struct frame *f, const struct chart_week *w,
                      size_t n, const int *val, enum chart_ink ink)
{
    double bw = (f->x1 - f->x0) / (double)n;
    for (size_t i = 0; i < n; i++) {
        if (val[i] <= 0)
            continue; /* nothing that week: nothing drawn */
        double x = chart_scale_map(&f->xs, (double)w[i].start);
        double y = chart_scale_map(&f->ys, val[i]);
        chart_rect(c, ink, x + bw * 0.15, y, bw * 0.7, f->y1 - y, true);
        if (bw >= 16) {
            char label[16];
            snprintf(label, sizeof label, "%d", val[i]);
            chart_text(c, INK_TEXT, x + bw / 2, y - 3, ANCHOR_MIDDLE, label)->size = CHART_SMALL;
        }
    }
}

int chart_practice(struct chart *out, const struct progress_data *d)
{
    chart_init(out, CHART_WIDTH, 206);
    chart_set_title(out, _("Practice per week"));
    struct chart_week *w = NULL;
    size_t n = chart_weeks(d, &w);
    int total = 0, weeks_with = 0, any = 0;
    double maxv = 0;
    int *val = xcalloc(n + 1, sizeof *val);
    for (size_t i = 0; i < n; i++) {
        val[i] = w[i].practised;
        total += w[i].practised;
        weeks_with += w[i].practised > 0;
        any += w[i].practised + w[i].not_today;
        maxv = fmax(maxv, fmax(w[i].practised, w[i].planned));
    }
    if (any == 0) {
        free(w);
        free(val);
        chart_set_desc(out, _("No practice logged in this period."));
        chart_note(out, _("No practice logged in this period yet."));
        return 0;
    }
    struct chart_ticks yt;
    chart_count_ticks(maxv, 5, &yt);
    int64_t t0 = w[0].start, t1 = w[n - 1].start + CHART_WEEK;
    struct frame f;
    frame_set(&f, LEFT, 12, RIGHT, 180, (double)t0, (double)t1, &yt);
    frame_y_axis(out, &f, &yt);
    frame_time_axis(out, &f, t0, t1, d->period.zone, true);
    week_bars(out, &f, w, n, val, INK_DONE);
    /* The plan as a dashed step line, absent where it plans nothing. */
    struct chart_point *pts = xcalloc(2 * n + 1, sizeof *pts);
    size_t np = 0;
    bool planned = false;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || w[i].planned <= 0) {
            if (np > 1) {
                struct chart_prim *p = chart_polyline(out, INK_PLAN, pts, np);
                p->dashed = true;
                p->stroke = 2;
            }
            np = 0;
            continue;
        }
        planned = true;
        double y = chart_scale_map(&f.ys, w[i].planned);
        pts[np++] = (struct chart_point){chart_scale_map(&f.xs, (double)w[i].start), y};
        pts[np++] =
            (struct chart_point){chart_scale_map(&f.xs, (double)(w[i].start + CHART_WEEK)), y};
    }
    free(pts);
    chart_legend_add(out, INK_DONE, false, _("Sessions you practised"))->mark = MARK_BAR;
    if (planned)
        chart_legend_add(out, INK_PLAN, true, _("What your plan suggests"));

    struct buf b = {0};
    buf_printf(&b, ngettext_("You practised %d time", "You practised %d times", total), total);
    buf_printf(&b, ngettext_(" in %zu week.", " in %zu weeks.", (long)n), n);
    if (total > 0 && weeks_with < (int)n)
        buf_printf(&b, " %s", _("Weeks without a bar had no practice logged."));
    if (d->planned_per_week > 0) {
        int pw = (int)lround(d->planned_per_week);
        buf_putc(&b, ' ');
        buf_printf(&b,
                   ngettext_("Your plan suggests %d session a week.",
                             "Your plan suggests %d sessions a week.", pw),
                   pw);
    }
    chart_set_desc(out, b.data);
    buf_free(&b);
    free(val);
    free(w);
    return 0;
}

/* ---- spasms per week ---- */

int chart_spasms(struct chart *out, const struct progress_data *d)
{
    chart_init(out, CHART_WIDTH, 4 + 2 * PANEL_H + 14);
    chart_set_title(out, _("Spasms per week"));
    struct chart_week *w = NULL;
    size_t n = chart_weeks(d, &w);
    int total = 0, practised = 0, longest = 0;
    double maxc = 0;
    int *val = xcalloc(n + 1, sizeof *val);
    for (size_t i = 0; i < n; i++) {
        val[i] = w[i].spasms;
        total += w[i].spasms;
        practised += w[i].practised;
        maxc = fmax(maxc, w[i].spasms);
        if (w[i].spasm_longest_s > longest)
            longest = w[i].spasm_longest_s;
    }
    if (practised == 0 || total == 0) {
        free(w);
        free(val);
        const char *s = practised == 0 ? _("No practice logged in this period yet.")
                                       : _("No spasms noted in this period.");
        chart_set_desc(out, s);
        chart_note(out, s);
        return 0;
    }
    int64_t t0 = w[0].start, t1 = w[n - 1].start + CHART_WEEK;
    const struct tz_zone *tz = d->period.zone;
    struct chart_ticks yt;
    chart_count_ticks(maxc, 3, &yt);
    struct frame f;
    frame_set(&f, LEFT, 4 + 18, RIGHT, 4 + 18 + PANEL_PLOT, (double)t0, (double)t1, &yt);
    chart_text(out, INK_TEXT, 0, 4 + 11, ANCHOR_START, _("Spasms noted"))->bold = true;
    frame_y_axis(out, &f, &yt);
    frame_time_axis(out, &f, t0, t1, tz, false);
    week_bars(out, &f, w, n, val, INK_SPASM);

    /* The longest spasm of each week with any, as dots (never joined). */
    struct chart_ticks st;
    chart_nice_ticks(0, longest, 3, &st);
    double top = 4 + PANEL_H;
    frame_set(&f, LEFT, top + 18, RIGHT, top + 18 + PANEL_PLOT, (double)t0, (double)t1, &st);
    chart_text(out, INK_TEXT, 0, top + 11, ANCHOR_START, _("Longest spasm, in seconds"))->bold =
        true;
    frame_y_axis(out, &f, &st);
    frame_time_axis(out, &f, t0, t1, tz, true);
    double bw = (f.x1 - f.x0) / (double)n;
    for (size_t i = 0; i < n; i++) {
        if (w[i].spasms == 0)
            continue;
        double x = chart_scale_map(&f.xs, (double)w[i].start) + bw / 2;
        chart_circle(out, INK_SPASM, x, chart_scale_map(&f.ys, w[i].spasm_longest_s), 3.2,
                     true);
    }
    chart_legend_add(out, INK_SPASM, false, _("Spasms per week"))->mark = MARK_BAR;
    chart_legend_add(out, INK_SPASM, false, _("Longest spasm that week"))->mark = MARK_DOT;

    struct buf b = {0};
    buf_printf(&b, ngettext_("You noted %d spasm", "You noted %d spasms", total), total);
    buf_printf(&b, ngettext_(" in %zu week;", " in %zu weeks;", (long)n), n);
    buf_printf(&b, ngettext_(" the longest lasted %d second.", " the longest lasted %d seconds.",
                             longest),
               longest);
    chart_set_desc(out, b.data);
    buf_free(&b);
    free(val);
    free(w);
    return 0;
}
