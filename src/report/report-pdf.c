/*
 * report-pdf.c - the report's pages with cairo's PDF surface; see report.h.
 *
 * Text uses cairo's simple text functions with DejaVu Sans (pdf_fonts_get),
 * measured with cairo_text_extents and wrapped by layout.c: the report is
 * Latin text (English, German), which needs no shaping.
 *
 * Pages are drawn twice: a first run counts the pages (and tries less
 * detail until everything fits on REPORT_MAX_PAGES), the second draws the
 * footers with "Page 1 of N".
 */
#include "report/report.h"

#include "core/goal.h"
#include "core/i18n.h"
#include "core/ladder.h"
#include "report/layout.h"
#include "report/pdf-chart.h"

#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A4 in points, and the writing area. */
#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN_X 50.0
#define TOP 50.0
#define BOTTOM (PAGE_H - 62.0)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)

#define SZ_TITLE 17.0
#define SZ_HEAD 11.0
#define SZ_BODY 9.0
#define SZ_TABLE 7.6
#define SZ_SMALL 7.4
#define LEAD 1.38 /* line height as a multiple of the font size */

/* Print colours: deep ink, a muted grey and one calm teal. */
static const double C_INK[3] = {0.13, 0.13, 0.15};
static const double C_MUTED[3] = {0.36, 0.36, 0.38};
static const double C_ACCENT[3] = {0.15, 0.40, 0.42};
static const double C_RULE[3] = {0.80, 0.82, 0.81};
static const double C_BAND[3] = {0.945, 0.955, 0.95};

/* ---- the document being drawn ---- */

struct doc {
    cairo_surface_t *surface;
    cairo_t *cr;
    const struct report_data *d;
    double y;
    int page;
    int total;         /* 0 while counting */
    bool overflow;     /* something did not fit on the last page */
    enum layout_group group;
    size_t note_lines; /* most lines of one note */
    bool notes_cut;    /* a note was shortened */
    char generated[64];
};

static void font(struct doc *doc, bool bold, double size)
{
    const struct pdf_fonts *f = pdf_fonts_get();
    cairo_set_font_face(doc->cr, bold ? f->bold : f->regular);
    cairo_set_font_size(doc->cr, size);
}

static void colour(struct doc *doc, const double c[3])
{
    cairo_set_source_rgb(doc->cr, c[0], c[1], c[2]);
}

static double measure_cr(void *ctx, const char *s, size_t len)
{
    cairo_t *cr = ctx;
    char small[512];
    char *tmp = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    cairo_text_extents_t e;
    cairo_text_extents(cr, tmp, &e);
    if (tmp != small)
        free(tmp);
    return e.x_advance;
}

static double text_width(struct doc *doc, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(doc->cr, s, &e);
    return e.x_advance;
}

static void text_at(struct doc *doc, double x, double y, const char *s)
{
    cairo_move_to(doc->cr, x, y);
    cairo_show_text(doc->cr, s);
    cairo_new_path(doc->cr);
}

static void text_right(struct doc *doc, double right, double y, const char *s)
{
    text_at(doc, right - text_width(doc, s), y, s);
}

/* s clipped with "…" to fit width in the current font. */
static void text_fit(struct doc *doc, double x, double y, double width, const char *s)
{
    if (text_width(doc, s) <= width) {
        text_at(doc, x, y, s);
        return;
    }
    char buf[256];
    for (size_t chars = str_utf8_len(s); chars > 1; chars--) {
        layout_clip(s, chars, buf, sizeof buf);
        if (text_width(doc, buf) <= width)
            break;
    }
    text_at(doc, x, y, buf);
}

/* A table heading in a narrow column: one line when it fits, else two -
 * broken at a space, or inside a long word with a hyphen ("Verkramp-" /
 * "fungen") - the second clipped if it must be. */
static void header_cell(struct doc *doc, double x, double y, double width, double line,
                        const char *s)
{
    if (text_width(doc, s) <= width) {
        text_at(doc, x, y, s);
        return;
    }
    char first[128];
    const char *rest = NULL;
    /* The last space that leaves a first line that fits. */
    for (const char *p = strrchr(s, ' '); p; p = p > s ? memrchr(s, ' ', (size_t)(p - s)) : NULL) {
        snprintf(first, sizeof first, "%.*s", (int)(p - s), s);
        if (text_width(doc, first) <= width) {
            rest = p + 1;
            break;
        }
    }
    if (rest == NULL) {
        /* The longest start of the word (whole UTF-8 characters) that fits
         * with a hyphen; at least two characters on each line. */
        size_t n = str_utf8_len(s);
        for (size_t chars = n > 2 ? n - 2 : 0; chars >= 2 && rest == NULL; chars--) {
            const char *q = s;
            for (size_t k = 0; k < chars; k++)
                do
                    q++;
                while ((*q & 0xC0) == 0x80);
            snprintf(first, sizeof first, "%.*s-", (int)(q - s), s);
            if (text_width(doc, first) <= width)
                rest = q;
        }
    }
    if (rest == NULL) {
        text_fit(doc, x, y, width, s);
        return;
    }
    text_at(doc, x, y, first);
    text_fit(doc, x, y + line, width, rest);
}

static void footer(struct doc *doc)
{
    cairo_t *cr = doc->cr;
    colour(doc, C_RULE);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, MARGIN_X, PAGE_H - 44);
    cairo_line_to(cr, PAGE_W - MARGIN_X, PAGE_H - 44);
    cairo_stroke(cr);
    font(doc, false, SZ_SMALL);
    colour(doc, C_MUTED);
    char left[160], page[64];
    snprintf(left, sizeof left, _("Generated %s with Pace. Self-reported practice records."),
             doc->generated);
    text_at(doc, MARGIN_X, PAGE_H - 32, left);
    layout_page_label(doc->page, doc->total > 0 ? doc->total : doc->page, page, sizeof page);
    text_right(doc, PAGE_W - MARGIN_X, PAGE_H - 32, page);
}

static void next_page(struct doc *doc)
{
    footer(doc);
    cairo_show_page(doc->cr);
    doc->page++;
    doc->y = TOP;
}

/* Room for h more points: on this page, or a new one while pages are
 * left. False (and overflow) when it cannot be placed. */
static bool need(struct doc *doc, double h)
{
    if (doc->overflow)
        return false;
    if (layout_fits(doc->y, h, BOTTOM))
        return true;
    if (doc->page >= REPORT_MAX_PAGES) {
        doc->overflow = true;
        return false;
    }
    next_page(doc);
    return true;
}

/* Wrapped text in the current font at x, width w; keeps the lines of one
 * paragraph together across a page break only line by line. Returns the
 * lines drawn; at most max_lines (0: all), the last ending in "…" when
 * cut. */
static size_t paragraph(struct doc *doc, double x, double w, const char *s, double size,
                        size_t max_lines, bool *cut)
{
    size_t n = layout_wrap(s, w, measure_cr, doc->cr, NULL, 0);
    if (n == 0)
        return 0;
    struct layout_line *lines = xcalloc(n, sizeof *lines);
    layout_wrap(s, w, measure_cr, doc->cr, lines, n);
    size_t show = max_lines && n > max_lines ? max_lines : n;
    if (cut)
        *cut = show < n;
    double lh = size * LEAD;
    for (size_t i = 0; i < show; i++) {
        if (!need(doc, lh))
            break;
        char *line = xstrndup(s + lines[i].start, lines[i].len);
        if (i + 1 == show && show < n) {
            char *more = xasprintf("%s …", line);
            free(line);
            line = more;
        }
        text_at(doc, x, doc->y + size, line);
        free(line);
        doc->y += lh;
    }
    free(lines);
    return show;
}

static bool heading(struct doc *doc, const char *title)
{
    /* a heading never sits alone at the bottom of a page */
    if (!need(doc, SZ_HEAD * 1.6 + 34))
        return false;
    doc->y += 8;
    font(doc, true, SZ_HEAD);
    colour(doc, C_ACCENT);
    text_at(doc, MARGIN_X, doc->y + SZ_HEAD, title);
    doc->y += SZ_HEAD + 4;
    colour(doc, C_RULE);
    cairo_set_line_width(doc->cr, 0.6);
    cairo_move_to(doc->cr, MARGIN_X, doc->y);
    cairo_line_to(doc->cr, PAGE_W - MARGIN_X, doc->y);
    cairo_stroke(doc->cr);
    doc->y += 6;
    return true;
}

/* "Label:  value" with the value wrapped beside the label. */
static void fact(struct doc *doc, const char *label, const char *value)
{
    const double lw = 128;
    font(doc, false, SZ_BODY);
    if (!need(doc, SZ_BODY * LEAD))
        return;
    colour(doc, C_MUTED);
    text_at(doc, MARGIN_X, doc->y + SZ_BODY, label);
    colour(doc, C_INK);
    paragraph(doc, MARGIN_X + lw, CONTENT_W - lw, value, SZ_BODY, 0, NULL);
}

static void body(struct doc *doc, const char *s, bool muted)
{
    font(doc, false, SZ_BODY);
    colour(doc, muted ? C_MUTED : C_INK);
    paragraph(doc, MARGIN_X, CONTENT_W, s, SZ_BODY, 0, NULL);
}

/* ---- words ---- */

static void mm_text(double mm, char *out, size_t n)
{
    char num[16];
    kit_format_mm(num, sizeof num, mm, true);
    snprintf(out, n, "%s mm", num);
}

static void date_text(int64_t t, int tz, char *out, size_t n)
{
    i18n_format_date(out, n, t, tz);
}

static void score_text(const struct scores *s, char *out, size_t n)
{
    if (s->set)
        snprintf(out, n, "%d/%d/%d", s->fear, s->tension, s->pain);
    else
        snprintf(out, n, "–");
}

static void avg_text(const double v[3], char *out, size_t n)
{
    if (v[0] < 0) {
        snprintf(out, n, "–");
        return;
    }
    char a[3][16];
    for (int i = 0; i < 3; i++)
        i18n_format_number(a[i], sizeof a[i], v[i], 1);
    snprintf(out, n, "%s/%s/%s", a[0], a[1], a[2]);
}

static const char *outcome_words(enum outcome o)
{
    switch (o) {
    case OUTCOME_COMPLETED:
        return _("completed");
    case OUTCOME_STOPPED:
        return _("stopped early");
    default:
        return _("not today");
    }
}

static void kit_name(const struct kit_entry *e, char *out, size_t n)
{
    if (e->line_name == NULL || strcmp(e->line_name, e->label) == 0)
        snprintf(out, n, "%s", e->label);
    else
        snprintf(out, n, "%s %s", e->line_name, e->label);
}

/* ---- sections ---- */

static void header(struct doc *doc)
{
    const struct report_data *d = doc->d;
    font(doc, true, SZ_TITLE);
    colour(doc, C_INK);
    text_at(doc, MARGIN_X, doc->y + SZ_TITLE, _("Dilator therapy: practice summary"));
    doc->y += SZ_TITLE + 10;

    char from[64], to[64], period[200];
    date_text(d->opt.from, d->opt.tz, from, sizeof from);
    date_text(d->opt.to - 1, d->opt.tz, to, sizeof to);
    int days = (int)((d->opt.to - d->opt.from + 43200) / 86400);
    snprintf(period, sizeof period, ngettext_("%s – %s (%d day)", "%s – %s (%d days)", days),
             from, to, days);

    font(doc, false, SZ_BODY + 1);
    colour(doc, C_MUTED);
    text_at(doc, MARGIN_X, doc->y + SZ_BODY + 1, _("Name:"));
    double nx = MARGIN_X + text_width(doc, _("Name:")) + 6;
    colour(doc, C_INK);
    if (d->name[0]) {
        font(doc, true, SZ_BODY + 1);
        text_fit(doc, nx, doc->y + SZ_BODY + 1, PAGE_W / 2 - nx, d->name);
    } else {
        colour(doc, C_MUTED);
        cairo_set_line_width(doc->cr, 0.6);
        cairo_move_to(doc->cr, nx, doc->y + SZ_BODY + 2.5);
        cairo_line_to(doc->cr, nx + 170, doc->y + SZ_BODY + 2.5);
        cairo_stroke(doc->cr);
    }
    font(doc, false, SZ_BODY + 1);
    colour(doc, C_MUTED);
    char right[260];
    snprintf(right, sizeof right, "%s %s", _("Period:"), period);
    colour(doc, C_INK);
    text_right(doc, PAGE_W - MARGIN_X, doc->y + SZ_BODY + 1, right);
    doc->y += (SZ_BODY + 1) * LEAD + 2;
    font(doc, false, SZ_SMALL + 0.4);
    colour(doc, C_MUTED);
    paragraph(doc, MARGIN_X, CONTENT_W,
              _("A summary of her own practice records. Scores are self-rated from 0 (none) to "
                "10 (worst imaginable). Pace summarises and suggests; it does not diagnose."),
              SZ_SMALL + 0.4, 0, NULL);
}

static void overview(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Overview")))
        return;
    int done = 0, stopped = 0, nt = 0, secs = 0, spasms = 0;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < d->nsessions; i++) {
        const struct practice *p = &d->sessions[i];
        done += p->outcome == OUTCOME_COMPLETED;
        stopped += p->outcome == OUTCOME_STOPPED;
        nt += p->outcome == OUTCOME_NOT_TODAY;
        secs += p->duration_s;
        spasms += (int)p->nspasms;
        if (p->diameter_mm > 0) {
            if (lo == 0 || p->diameter_mm < lo)
                lo = p->diameter_mm;
            if (p->diameter_mm > hi)
                hi = p->diameter_mm;
        }
    }
    char buf[400], a[32], b[32];
    int n = (int)d->nsessions;
    snprintf(buf, sizeof buf,
             ngettext_("%d session: %d completed, %d stopped early, %d \"not today\"",
                       "%d sessions: %d completed, %d stopped early, %d \"not today\"", n),
             n, done, stopped, nt);
    if (d->capped) {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof buf - len, " %s", _("(only the most recent are shown)"));
    }
    fact(doc, _("Sessions"), buf);
    snprintf(buf, sizeof buf, ngettext_("%d minute in total", "%d minutes in total", secs / 60),
             (secs + 30) / 60);
    fact(doc, _("Practice time"), buf);
    if (hi > 0) {
        mm_text(lo, a, sizeof a);
        mm_text(hi, b, sizeof b);
        if (lo == hi)
            snprintf(buf, sizeof buf, "%s", a);
        else
            snprintf(buf, sizeof buf, _("%s to %s"), a, b);
    } else {
        snprintf(buf, sizeof buf, "%s", _("none recorded"));
    }
    fact(doc, _("Diameters used"), buf);
    if (d->comfortable_mm > 0) {
        mm_text(d->comfortable_mm, a, sizeof a);
        snprintf(buf, sizeof buf,
                 _("%s (largest size with recent sessions within her comfort rules)"), a);
    } else {
        snprintf(buf, sizeof buf, "%s", _("not yet established"));
    }
    fact(doc, _("Comfortable size"), buf);
    snprintf(buf, sizeof buf, ngettext_("%d noted", "%d noted", spasms), spasms);
    fact(doc, _("Spasms"), buf);
}

static void program_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Program")))
        return;
    char buf[600], date[64];
    if (d->program == NULL) {
        body(doc, _("No program."), true);
        return;
    }
    date_text(d->choice.started_at, d->opt.tz, date, sizeof date);
    snprintf(buf, sizeof buf, d->chosen ? _("%s, since %s") : _("%s (the default), since %s"),
             _(d->program->name), date);
    fact(doc, _("Program"), buf);
    if (d->phase) {
        char freq[64];
        program_frequency(d->phase, freq, sizeof freq);
        snprintf(buf, sizeof buf, _("Week %d: %s, about %d minutes each"), d->week + 1, freq,
                 d->phase->minutes);
    } else {
        snprintf(buf, sizeof buf, "%s", _("Not started yet"));
    }
    fact(doc, _("Current phase"), buf);

    struct engine_rules base;
    program_rules(d->program, d->week, &base);
    size_t len = 0;
    buf[0] = '\0';
    for (int p = 0; p < P_PARAM_COUNT; p++) {
        if (!d->choice.set[p])
            continue;
        int w = snprintf(buf + len, sizeof buf - len,
                         _("%s%s: %d (program: %d)"), len ? "; " : "",
                         _(engine_params[p].label), d->rules.v[p], base.v[p]);
        if (w < 0 || (size_t)w >= sizeof buf - len)
            break;
        len += (size_t)w;
    }
    fact(doc, _("Her adjusted rules"),
         len ? buf : _("None: the program's rules apply as written."));
}

static void kit_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Dilator set")))
        return;
    if (d->kit.n == 0) {
        body(doc, _("No dilators recorded in her kit."), true);
        return;
    }
    struct buf b = {0};
    for (size_t i = 0; i < d->kit.n; i++) {
        const struct kit_entry *e = &d->kit.entries[i];
        char name[160], a[32], c[32];
        kit_name(e, name, sizeof name);
        mm_text(e->diameter_mm, a, sizeof a);
        if (e->diameter_max_mm > e->diameter_mm) {
            mm_text(e->diameter_max_mm, c, sizeof c);
            buf_printf(&b, "%s%s (%s – %s)", i ? " · " : "", name, a, c);
        } else {
            buf_printf(&b, "%s%s (%s)", i ? " · " : "", name, a);
        }
    }
    body(doc, b.data, false);
    buf_free(&b);
}

static void goals_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Goals")))
        return;
    if (d->ngoals == 0) {
        body(doc, _("No goals chosen."), true);
        return;
    }
    for (size_t i = 0; i < d->ngoals; i++) {
        const struct plan_goal *g = &d->goals[i];
        struct goal view;
        plan_goal_view(d->lib, g, &view);
        char name[PLAN_GOAL_LABEL_BYTES + 8], text[400], a[32], b[32];
        snprintf(name, sizeof name, "%s", plan_goal_is_custom(g) ? g->label : _(view.name));
        mm_text(view.min_mm, a, sizeof a);
        mm_text(view.max_mm, b, sizeof b);
        if (g->achieved_at > 0) {
            char date[64];
            date_text(g->achieved_at, d->opt.tz, date, sizeof date);
            snprintf(text, sizeof text, _("%s – %s. Reached on %s."), a, b, date);
        } else {
            struct goal_progress pr = goal_progress(&view, d->comfortable_mm);
            char words[300];
            goal_progress_text(&view, &pr, words, sizeof words);
            snprintf(text, sizeof text, "%s – %s. %s", a, b, words);
        }
        char label[PLAN_GOAL_LABEL_BYTES + 8];
        layout_clip(name, 24, label, sizeof label);
        fact(doc, label, text);
    }
}

static void ladder_answer(const struct ladder_answer *a, char *out, size_t n)
{
    if (!ladder_answer_given(a))
        snprintf(out, n, "–");
    else if (a->not_tried)
        snprintf(out, n, a->anxiety >= 0 ? _("%d / not tried") : _("– / not tried"), a->anxiety);
    else if (a->anxiety >= 0 && a->pain >= 0)
        snprintf(out, n, "%d / %d", a->anxiety, a->pain);
    else if (a->anxiety >= 0)
        snprintf(out, n, "%d / –", a->anxiety);
    else
        snprintf(out, n, "– / %d", a->pain);
}

static void ladder_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Comfort ladder (anxiety / pain, 0–10)")))
        return;
    if (d->nladder == 0) {
        body(doc, _("Not filled in during this period."), true);
        return;
    }
    bool two = d->nladder > 1;
    double c1 = MARGIN_X + 150, c2 = MARGIN_X + 290;
    double lh = SZ_BODY * LEAD;
    if (!need(doc, lh * (LADDER_COUNT + 1)))
        return;
    char date[64], head[96];
    font(doc, true, SZ_SMALL + 0.4);
    colour(doc, C_MUTED);
    date_text(d->ladder_first.taken_at, d->opt.tz, date, sizeof date);
    snprintf(head, sizeof head, two ? _("First (%s)") : _("Only entry (%s)"), date);
    text_at(doc, c1, doc->y + SZ_BODY, head);
    if (two) {
        date_text(d->ladder_latest.taken_at, d->opt.tz, date, sizeof date);
        snprintf(head, sizeof head, _("Latest (%s)"), date);
        text_at(doc, c2, doc->y + SZ_BODY, head);
    }
    doc->y += lh;
    for (int i = 0; i < LADDER_COUNT; i++) {
        char a[48], b[48];
        font(doc, false, SZ_BODY);
        colour(doc, C_INK);
        text_at(doc, MARGIN_X, doc->y + SZ_BODY, _(ladder_item_label((enum ladder_item)i)));
        ladder_answer(&d->ladder_first.a[i], a, sizeof a);
        text_at(doc, c1, doc->y + SZ_BODY, a);
        if (two) {
            ladder_answer(&d->ladder_latest.a[i], b, sizeof b);
            text_at(doc, c2, doc->y + SZ_BODY, b);
        }
        doc->y += lh;
    }
}

static void charts_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    /* Charts with nothing to show are left out: the sections above say
     * so in words. */
    const struct chart *shown[8];
    size_t nshown = 0;
    for (size_t i = 0; i < d->ncharts && nshown < 8; i++)
        if (!d->charts[i].empty)
            shown[nshown++] = &d->charts[i];
    if (nshown == 0)
        return;
    if (!heading(doc, _("Charts")))
        return;
    const double gap = 16, cw = (CONTENT_W - gap) / 2, chh = 150;
    for (size_t i = 0; i < nshown; i += 2) {
        size_t maxleg = 0;
        for (size_t k = i; k < i + 2 && k < nshown; k++)
            if (shown[k]->nlegend > maxleg)
                maxleg = shown[k]->nlegend;
        double legend_h = maxleg ? ((maxleg + 1) / 2) * 10.0 + 2 : 0;
        if (!need(doc, 14 + chh + legend_h + 8))
            return;
        for (size_t k = i; k < i + 2 && k < nshown; k++) {
            const struct chart *c = shown[k];
            double x = MARGIN_X + (double)(k - i) * (cw + gap), y = doc->y;
            font(doc, true, SZ_BODY);
            colour(doc, C_INK);
            text_fit(doc, x, y + SZ_BODY, cw, c->title ? c->title : "");
            pdf_chart_draw(doc->cr, c, x, y + 14, cw, chh, pdf_fonts_get());
            font(doc, false, SZ_SMALL);
            for (size_t l = 0; l < c->nlegend; l++) {
                double lx = x + (double)(l % 2) * (cw / 2), ly = y + 14 + chh + 6 + (l / 2) * 10.0;
                pdf_chart_legend_mark(doc->cr, c->legend[l].ink, c->legend[l].mark,
                                      c->legend[l].dashed, lx, ly, 16);
                colour(doc, C_INK);
                text_fit(doc, lx + 20, ly + 2.6, cw / 2 - 22, c->legend[l].label);
            }
        }
        doc->y += 14 + chh + legend_h + 8;
    }
}

/* ---- the sessions table ---- */

enum { COL_WHEN, COL_SIZE, COL_COUNT_OR_MIN, COL_MIN, COL_BEFORE, COL_AFTER, COL_MAXPAIN,
       COL_SPASMS, COL_OUTCOME, NCOL };

/* Column left edges (points from the margin) and right-aligned flags. */
static const double col_x[NCOL + 1] = {0, 58, 104, 144, 182, 234, 286, 330, 368, CONTENT_W};

static void table_header(struct doc *doc)
{
    bool grouped = doc->group != GROUP_SESSION;
    const char *h[NCOL] = {
        grouped ? (doc->group == GROUP_WEEK ? _("Week of") : _("Month")) : _("Date"),
        grouped ? _("Diameters") : _("Diameter"),
        grouped ? _("Sessions") : "",
        _("Minutes"),
        grouped ? _("Before (avg)") : _("Before"),
        grouped ? _("After (avg)") : _("After"),
        _("Max pain"),
        _("Spasms"),
        _("Outcome"),
    };
    double rh = SZ_TABLE * 2.6;
    colour(doc, C_BAND);
    cairo_rectangle(doc->cr, MARGIN_X, doc->y, CONTENT_W, rh);
    cairo_fill(doc->cr);
    font(doc, true, SZ_TABLE - 0.8);
    colour(doc, C_INK);
    for (int c = 0; c < NCOL; c++) {
        if (!h[c][0])
            continue;
        double x = MARGIN_X + col_x[c] + 3, w = col_x[c + 1] - col_x[c] - 4;
        /* Before and After keep their second line for the F / T / P key. */
        if (c == COL_BEFORE || c == COL_AFTER)
            text_fit(doc, x, doc->y + SZ_TABLE + 2, w, h[c]);
        else
            header_cell(doc, x, doc->y + SZ_TABLE + 2, w, SZ_TABLE + 1, h[c]);
    }
    font(doc, false, SZ_TABLE - 1.2);
    colour(doc, C_MUTED);
    for (int c = COL_BEFORE; c <= COL_AFTER; c++)
        text_fit(doc, MARGIN_X + col_x[c] + 3, doc->y + 2 * SZ_TABLE + 3,
                 col_x[c + 1] - col_x[c] - 4, _("F / T / P"));
    doc->y += rh;
}

static void row_cells(struct doc *doc, const struct layout_row *row, char cell[NCOL][96])
{
    const struct report_data *d = doc->d;
    for (int c = 0; c < NCOL; c++)
        cell[c][0] = '\0';
    if (doc->group == GROUP_SESSION) {
        const struct practice *p = row->p;
        date_text(p->started_at, d->opt.tz, cell[COL_WHEN], sizeof cell[0]);
        if (p->diameter_mm > 0)
            mm_text(p->diameter_mm, cell[COL_SIZE], sizeof cell[0]);
        else
            snprintf(cell[COL_SIZE], sizeof cell[0], "–");
        score_text(&p->before, cell[COL_BEFORE], sizeof cell[0]);
        score_text(&p->after, cell[COL_AFTER], sizeof cell[0]);
        snprintf(cell[COL_OUTCOME], sizeof cell[0], "%s", outcome_words(p->outcome));
    } else {
        if (doc->group == GROUP_MONTH) {
            char full[64];
            date_text(row->start + 15 * 86400, d->opt.tz, full, sizeof full);
            /* "14 Mar 2026" -> "Mar 2026" / "14.03.2026" -> "03.2026" */
            const char *sp = strchr(full, i18n_lang() == LANG_DE ? '.' : ' ');
            snprintf(cell[COL_WHEN], sizeof cell[0], "%s", sp ? sp + 1 : full);
        } else {
            date_text(row->start, d->opt.tz, cell[COL_WHEN], sizeof cell[0]);
        }
        if (row->max_mm > 0) {
            char a[32], b[32];
            mm_text(row->min_mm, a, sizeof a);
            if (row->max_mm > row->min_mm) {
                kit_format_mm(a, sizeof a, row->min_mm, true);
                mm_text(row->max_mm, b, sizeof b);
                snprintf(cell[COL_SIZE], sizeof cell[0], "%s–%s", a, b);
            } else {
                snprintf(cell[COL_SIZE], sizeof cell[0], "%s", a);
            }
        } else {
            snprintf(cell[COL_SIZE], sizeof cell[0], "–");
        }
        snprintf(cell[COL_COUNT_OR_MIN], sizeof cell[0], "%d", row->count);
        avg_text(row->before, cell[COL_BEFORE], sizeof cell[0]);
        avg_text(row->after, cell[COL_AFTER], sizeof cell[0]);
        /* only the outcomes that happened: "4 done, 1 not today" */
        char *o = cell[COL_OUTCOME];
        size_t len = 0, cap = sizeof cell[0];
        const int counts[3] = {row->completed, row->stopped, row->not_today};
        for (int k = 0; k < 3; k++) {
            if (counts[k] == 0 || len >= cap)
                continue;
            if (len)
                len += (size_t)snprintf(o + len, cap - len, ", ");
            if (len >= cap)
                break;
            if (k == 0)
                len += (size_t)snprintf(o + len, cap - len, _("%d done"), counts[k]);
            else if (k == 1)
                len += (size_t)snprintf(o + len, cap - len, _("%d stopped"), counts[k]);
            else
                len += (size_t)snprintf(o + len, cap - len, _("%d not today"), counts[k]);
        }
    }
    snprintf(cell[COL_MIN], sizeof cell[0], "%d", row->minutes);
    if (row->max_pain >= 0)
        snprintf(cell[COL_MAXPAIN], sizeof cell[0], "%d", row->max_pain);
    else
        snprintf(cell[COL_MAXPAIN], sizeof cell[0], "–");
    snprintf(cell[COL_SPASMS], sizeof cell[0], "%d", row->spasms);
}

static void sessions_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Sessions")))
        return;
    if (d->nsessions == 0) {
        body(doc, _("No sessions recorded in this period."), true);
        return;
    }
    body(doc, _("Before and after: fear / tension / pain (F / T / P), each self-rated 0-10."),
         true);
    if (doc->group == GROUP_WEEK)
        body(doc, _("Summarised per week so that the report stays short; scores are averages."),
             true);
    else if (doc->group == GROUP_MONTH)
        body(doc, _("Summarised per month so that the report stays short; scores are averages."),
             true);
    struct layout_row *rows;
    size_t n = layout_rows(d->sessions, d->nsessions, d->opt.tz, doc->group, &rows);
    double rh = SZ_TABLE * 1.75;
    if (need(doc, SZ_TABLE * 2.6 + rh))
        table_header(doc);
    for (size_t i = 0; i < n && !doc->overflow; i++) {
        if (!layout_fits(doc->y, rh, BOTTOM)) {
            if (!need(doc, SZ_TABLE * 2.6 + rh))
                break;
            table_header(doc);
        }
        char cell[NCOL][96];
        row_cells(doc, &rows[i], cell);
        if (i % 2 == 1) {
            colour(doc, C_BAND);
            cairo_rectangle(doc->cr, MARGIN_X, doc->y, CONTENT_W, rh);
            cairo_fill(doc->cr);
        }
        font(doc, false, SZ_TABLE);
        colour(doc, C_INK);
        for (int c = 0; c < NCOL; c++)
            if (cell[c][0])
                text_fit(doc, MARGIN_X + col_x[c] + 3, doc->y + SZ_TABLE + 1.6,
                         col_x[c + 1] - col_x[c] - 4, cell[c]);
        doc->y += rh;
    }
    free(rows);
}

static void notes_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!heading(doc, _("Notes she chose to include")))
        return;
    if (d->nnotes == 0) {
        body(doc, _("No session notes are included."), true);
        return;
    }
    for (size_t i = 0; i < d->nnotes && !doc->overflow; i++) {
        const struct practice *p = d->notes[i].p;
        char date[96];
        i18n_format_datetime(date, sizeof date, p->started_at, d->opt.tz);
        if (!need(doc, SZ_BODY * LEAD * 2 + 2))
            return;
        font(doc, true, SZ_BODY - 0.5);
        colour(doc, C_MUTED);
        text_at(doc, MARGIN_X, doc->y + SZ_BODY, date);
        doc->y += SZ_BODY * LEAD;
        font(doc, false, SZ_BODY);
        colour(doc, C_INK);
        bool cut = false;
        paragraph(doc, MARGIN_X + 10, CONTENT_W - 10, p->note, SZ_BODY, doc->note_lines, &cut);
        doc->notes_cut |= cut;
        doc->y += 3;
    }
    if (doc->notes_cut)
        body(doc, _("Long notes are shortened (…) so that the report stays short."), true);
}

/* ---- the document ---- */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    if (closure)
        buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Draws everything; returns the page count. */
static int draw(struct doc *doc, struct buf *out)
{
    if (out) {
        doc->surface = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_TITLE,
                                       _("Dilator therapy: practice summary"));
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR, "Pace");
    } else {
        /* A trial run only measures and counts pages: record the drawing
         * instead of writing (and compressing) a PDF nobody reads. */
        cairo_rectangle_t page = {0, 0, PAGE_W, PAGE_H};
        doc->surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    }
    doc->cr = cairo_create(doc->surface);
    /* The same text metrics on both surfaces (those of PDF: unhinted), so a
     * trial run measures exactly what the real one draws. */
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_set_font_options(doc->cr, fo);
    cairo_font_options_destroy(fo);
    doc->page = 1;
    doc->y = TOP;
    doc->overflow = false;
    doc->notes_cut = false;
    header(doc);
    overview(doc);
    program_section(doc);
    kit_section(doc);
    goals_section(doc);
    ladder_section(doc);
    charts_section(doc);
    sessions_section(doc);
    notes_section(doc);
    if (doc->overflow) {
        font(doc, true, SZ_SMALL + 0.4);
        colour(doc, C_ACCENT);
        text_at(doc, MARGIN_X, BOTTOM + 10,
                _("The rest of this period did not fit on three pages; choose a shorter period "
                  "to see it."));
    }
    footer(doc);
    cairo_show_page(doc->cr);
    int pages = doc->page;
    cairo_destroy(doc->cr);
    cairo_surface_finish(doc->surface);
    cairo_status_t st = cairo_surface_status(doc->surface);
    cairo_surface_destroy(doc->surface);
    doc->cr = NULL;
    doc->surface = NULL;
    return st == CAIRO_STATUS_SUCCESS ? pages : -1;
}

int report_pdf(const struct report_data *d, struct buf *out, int *pages, struct pace_error *err)
{
    struct doc doc = {.d = d};
    i18n_format_date(doc.generated, sizeof doc.generated, d->opt.now, d->opt.tz);
    enum layout_group first = layout_pick_group(d->sessions, d->nsessions, d->opt.tz, 46);
    /* Less and less detail until it fits: long notes shortened a little,
     * the table grouped more, then notes shortened further. The last try
     * keeps whatever fits and says so. */
    static const struct {
        int group_step;
        size_t note_lines; /* 0: whole notes */
    } tries[] = {{0, 0}, {0, 14}, {1, 14}, {2, 14}, {2, 6}, {2, 2}};
    for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        int g = (int)first + tries[t].group_step;
        doc.group = (enum layout_group)(g < GROUP_MONTH ? g : GROUP_MONTH);
        doc.note_lines = tries[t].note_lines;
        doc.total = 0;
        int n = draw(&doc, NULL);
        if (n < 0)
            return pace_fail(err, PACE_EIO, NULL, "%s", _("The report could not be drawn."));
        doc.total = n;
        if (!doc.overflow)
            break;
    }
    int n = draw(&doc, out);
    if (n < 0)
        return pace_fail(err, PACE_EIO, NULL, "%s", _("The report could not be drawn."));
    if (pages)
        *pages = n;
    return 0;
}
