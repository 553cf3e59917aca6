/*
 * report-pdf.c - the report's sections with cairo's PDF surface; see
 * report.h. The page machinery and text are pdf-doc.c and pdf-text.c, the
 * sessions table report-table.c.
 *
 * Pages are drawn twice: a first run on a recording surface counts the
 * pages (and tries less detail until everything fits on REPORT_MAX_PAGES),
 * the second draws the PDF with "Page 1 of N" in the footers and its
 * structure tags; pdf-finish.c then adds its language and the figures'
 * text alternatives.
 */
#include "report/report.h"

#include "core/goal.h"
#include "core/i18n.h"
#include "core/kit.h"
#include "core/ladder.h"
#include "report/layout.h"
#include "report/pdf-chart.h"
#include "report/pdf-doc.h"
#include "report/pdf-finish.h"
#include "report/report-table.h"

#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *report_title(bool full)
{
    return full ? _("Dilator therapy: practice summary") : _("Practice summary");
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
    doc_colour(doc, C_INK);
    doc_tag_begin(doc, "H1");
    doc_text_fit(doc, MARGIN_X, doc->y + SZ_TITLE, CONTENT_W, doc->title, true, SZ_TITLE);
    doc_tag_end(doc);
    doc->y += SZ_TITLE + 10;

    char from[64], to[64], period[200];
    doc_date(doc, d->opt.from, from, sizeof from);
    doc_date(doc, d->opt.to - 1, to, sizeof to);
    int days = (int)((d->opt.to - d->opt.from + 43200) / 86400);
    snprintf(period, sizeof period, ngettext_("%s – %s (%d day)", "%s – %s (%d days)", days), from,
             to, days);

    const double size = SZ_BODY + 1, base = doc->y + size;
    doc_tag_begin(doc, "P");
    doc_colour(doc, C_MUTED);
    doc_text(doc, MARGIN_X, base, _("Name:"), false, size);
    double nx = MARGIN_X + doc_text_width(doc, _("Name:"), false, size) + 6;
    if (d->name[0]) {
        doc_colour(doc, C_INK);
        doc_text_fit(doc, nx, base, PAGE_W / 2 - nx, d->name, true, size);
    }
    doc_tag_end(doc);
    if (!d->name[0]) { /* a line to write on, outside the text */
        doc_colour(doc, C_MUTED);
        cairo_set_line_width(doc->cr, 0.6);
        cairo_move_to(doc->cr, nx, base + 1.5);
        cairo_line_to(doc->cr, nx + 170, base + 1.5);
        cairo_stroke(doc->cr);
    }
    char right[260];
    snprintf(right, sizeof right, "%s %s", _("Period:"), period);
    doc_colour(doc, C_INK);
    doc_tag_begin(doc, "P");
    doc_text_right(doc, PAGE_W - MARGIN_X, base, right, false, size);
    doc_tag_end(doc);
    doc->y += size * LEAD;
    /* the zone every date and time on the pages is in */
    char zone[160];
    snprintf(zone, sizeof zone, _("Times in %s"), doc->zone->name);
    doc_colour(doc, C_MUTED);
    doc_tag_begin(doc, "P");
    doc_text_right(doc, PAGE_W - MARGIN_X, doc->y + SZ_SMALL + 0.4, zone, false, SZ_SMALL + 0.4);
    doc_tag_end(doc);
    doc->y += (SZ_SMALL + 0.4) * LEAD + 2;
    doc_tag_begin(doc, "P");
    doc_paragraph(doc, MARGIN_X, CONTENT_W,
                  _("A summary of her own practice records. Scores are self-rated from 0 (none) "
                    "to 10 (worst imaginable). Pace summarises and suggests; it does not "
                    "diagnose."),
                  false, SZ_SMALL + 0.4, 0, NULL);
    doc_tag_end(doc);
}

static void overview(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!doc_heading(doc, _("Overview")))
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
    doc_fact(doc, _("Sessions"), buf);
    snprintf(buf, sizeof buf, ngettext_("%d minute in total", "%d minutes in total", secs / 60),
             (secs + 30) / 60);
    doc_fact(doc, _("Practice time"), buf);
    if (hi > 0) {
        doc_mm(lo, a, sizeof a);
        doc_mm(hi, b, sizeof b);
        if (lo == hi)
            snprintf(buf, sizeof buf, "%s", a);
        else
            snprintf(buf, sizeof buf, _("%s to %s"), a, b);
    } else {
        snprintf(buf, sizeof buf, "%s", _("none recorded"));
    }
    doc_fact(doc, _("Diameters used"), buf);
    if (d->comfortable_mm > 0) {
        doc_mm(d->comfortable_mm, a, sizeof a);
        snprintf(buf, sizeof buf,
                 _("%s (largest size with recent sessions within her comfort rules)"), a);
    } else {
        snprintf(buf, sizeof buf, "%s", _("not yet established"));
    }
    doc_fact(doc, _("Comfortable size"), buf);
    snprintf(buf, sizeof buf, ngettext_("%d noted", "%d noted", spasms), spasms);
    doc_fact(doc, _("Spasms"), buf);
}

static void program_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!doc_heading(doc, _("Program")))
        return;
    char buf[600], date[64];
    if (d->program == NULL) {
        doc_body(doc, _("No program."), true);
        return;
    }
    doc_date(doc, d->choice.started_at, date, sizeof date);
    snprintf(buf, sizeof buf, d->chosen ? _("%s, since %s") : _("%s (the default), since %s"),
             _(d->program->name), date);
    doc_fact(doc, _("Program"), buf);
    if (d->phase) {
        char freq[64];
        program_frequency(d->phase, freq, sizeof freq);
        snprintf(buf, sizeof buf, _("Week %d: %s, about %d minutes each"), d->week + 1, freq,
                 d->phase->minutes);
    } else {
        snprintf(buf, sizeof buf, "%s", _("Not started yet"));
    }
    doc_fact(doc, _("Current phase"), buf);

    struct engine_rules base;
    program_rules(d->program, d->week, &base);
    size_t len = 0;
    buf[0] = '\0';
    for (int p = 0; p < P_PARAM_COUNT; p++) {
        if (!d->choice.set[p])
            continue;
        int w = snprintf(buf + len, sizeof buf - len, _("%s%s: %d (program: %d)"), len ? "; " : "",
                         _(engine_params[p].label), d->rules.v[p], base.v[p]);
        if (w < 0 || (size_t)w >= sizeof buf - len)
            break;
        len += (size_t)w;
    }
    doc_fact(doc, _("Her adjusted rules"),
             len ? buf : _("None: the program's rules apply as written."));
}

static void kit_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!doc_heading(doc, _("Dilator set")))
        return;
    if (d->kit.n == 0) {
        doc_body(doc, _("No dilators recorded in her kit."), true);
        return;
    }
    struct buf b = {0};
    for (size_t i = 0; i < d->kit.n; i++) {
        const struct kit_entry *e = &d->kit.entries[i];
        char name[160], a[32], c[32];
        kit_name(e, name, sizeof name);
        doc_mm(e->diameter_mm, a, sizeof a);
        if (e->diameter_max_mm > e->diameter_mm) {
            doc_mm(e->diameter_max_mm, c, sizeof c);
            buf_printf(&b, "%s%s (%s – %s)", i ? " · " : "", name, a, c);
        } else {
            buf_printf(&b, "%s%s (%s)", i ? " · " : "", name, a);
        }
    }
    doc_body(doc, b.data, false);
    buf_free(&b);
}

static void goals_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!doc_heading(doc, _("Goals")))
        return;
    if (d->ngoals == 0) {
        doc_body(doc, _("No goals chosen."), true);
        return;
    }
    for (size_t i = 0; i < d->ngoals; i++) {
        const struct plan_goal *g = &d->goals[i];
        struct goal view;
        plan_goal_view(d->lib, g, &view);
        char name[PLAN_GOAL_LABEL_BYTES + 8], text[400], a[32], b[32];
        snprintf(name, sizeof name, "%s", plan_goal_is_custom(g) ? g->label : _(view.name));
        doc_mm(view.min_mm, a, sizeof a);
        doc_mm(view.max_mm, b, sizeof b);
        if (g->achieved_at > 0) {
            char date[64];
            doc_date(doc, g->achieved_at, date, sizeof date);
            snprintf(text, sizeof text, _("%s – %s. Reached on %s."), a, b, date);
        } else {
            struct goal_progress pr = goal_progress(&view, d->comfortable_mm);
            char words[300];
            goal_progress_text(&view, &pr, words, sizeof words);
            snprintf(text, sizeof text, "%s – %s. %s", a, b, words);
        }
        char label[PLAN_GOAL_LABEL_BYTES + 8];
        layout_clip(name, 24, label, sizeof label);
        doc_fact(doc, label, text);
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
    if (!doc_heading(doc, _("Comfort ladder (anxiety / pain, 0–10)")))
        return;
    if (d->nladder == 0) {
        doc_body(doc, _("Not filled in during this period."), true);
        return;
    }
    bool two = d->nladder > 1;
    const double c1 = MARGIN_X + 150, c2 = MARGIN_X + 290, lh = SZ_BODY * LEAD;
    if (!doc_need(doc, lh * (LADDER_COUNT + 1)))
        return;
    char date[64], head[96];
    doc_tag_begin(doc, "Table");
    doc_tag_begin(doc, "TR");
    doc_tag_begin(doc, "TH");
    doc_tag_end(doc);
    doc_colour(doc, C_MUTED);
    doc_date(doc, d->ladder_first.taken_at, date, sizeof date);
    snprintf(head, sizeof head, two ? _("First (%s)") : _("Only entry (%s)"), date);
    doc_tag_begin(doc, "TH");
    doc_text_fit(doc, c1, doc->y + SZ_BODY, c2 - c1 - 6, head, true, SZ_SMALL + 0.4);
    doc_tag_end(doc);
    if (two) {
        doc_date(doc, d->ladder_latest.taken_at, date, sizeof date);
        snprintf(head, sizeof head, _("Latest (%s)"), date);
        doc_tag_begin(doc, "TH");
        doc_text_fit(doc, c2, doc->y + SZ_BODY, PAGE_W - MARGIN_X - c2, head, true, SZ_SMALL + 0.4);
        doc_tag_end(doc);
    }
    doc_tag_end(doc);
    doc->y += lh;
    doc_colour(doc, C_INK);
    for (int i = 0; i < LADDER_COUNT; i++) {
        char a[48], b[48];
        doc_tag_begin(doc, "TR");
        doc_tag_begin(doc, "TH");
        doc_text_fit(doc, MARGIN_X, doc->y + SZ_BODY, c1 - MARGIN_X - 6,
                     _(ladder_item_label((enum ladder_item)i)), false, SZ_BODY);
        doc_tag_end(doc);
        ladder_answer(&d->ladder_first.a[i], a, sizeof a);
        doc_tag_begin(doc, "TD");
        doc_text(doc, c1, doc->y + SZ_BODY, a, false, SZ_BODY);
        doc_tag_end(doc);
        if (two) {
            ladder_answer(&d->ladder_latest.a[i], b, sizeof b);
            doc_tag_begin(doc, "TD");
            doc_text(doc, c2, doc->y + SZ_BODY, b, false, SZ_BODY);
            doc_tag_end(doc);
        }
        doc_tag_end(doc);
        doc->y += lh;
    }
    doc_tag_end(doc);
}

/* One chart with its title (H3) and legend, the drawing a Figure whose
 * text alternative is its title and its sentence from her data. */
static void chart(struct doc *doc, const struct chart *c, double x, double y, double cw, double chh)
{
    doc_colour(doc, C_INK);
    doc_tag_begin(doc, "H3");
    doc_text_fit(doc, x, y + SZ_BODY, cw, c->title ? c->title : "", true, SZ_BODY);
    doc_tag_end(doc);
    doc_tag_begin(doc, "Figure");
    if (doc->tagged && doc->nalts < sizeof doc->alts / sizeof doc->alts[0]) {
        char *alt = xasprintf("%s. %s", c->title ? c->title : "", c->desc ? c->desc : "");
        doc->alt_text[doc->nalts] = alt;
        doc->alts[doc->nalts++] = alt;
    }
    pdf_chart_draw(doc->cr, c, x, y + 14, cw, chh, &doc->text);
    for (size_t l = 0; l < c->nlegend; l++) {
        double lx = x + (double)(l % 2) * (cw / 2), ly = y + 14 + chh + 6 + (double)(l / 2) * 10;
        pdf_chart_legend_mark(doc->cr, c->legend[l].ink, c->legend[l].mark, c->legend[l].dashed, lx,
                              ly, 16);
        doc_colour(doc, C_INK);
        doc_text_fit(doc, lx + 20, ly + 2.6, cw / 2 - 22, c->legend[l].label, false, SZ_SMALL);
    }
    doc_tag_end(doc);
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
    if (!doc_heading(doc, _("Charts")))
        return;
    const double gap = 16, cw = (CONTENT_W - gap) / 2, chh = 150;
    for (size_t i = 0; i < nshown; i += 2) {
        size_t maxleg = 0;
        for (size_t k = i; k < i + 2 && k < nshown; k++)
            if (shown[k]->nlegend > maxleg)
                maxleg = shown[k]->nlegend;
        double legend_h = maxleg ? (double)((maxleg + 1) / 2) * 10.0 + 2 : 0;
        if (!doc_need(doc, 14 + chh + legend_h + 8))
            return;
        for (size_t k = i; k < i + 2 && k < nshown; k++)
            chart(doc, shown[k], MARGIN_X + (double)(k - i) * (cw + gap), doc->y, cw, chh);
        doc->y += 14 + chh + legend_h + 8;
    }
}

static void notes_section(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!doc_heading(doc, _("Notes she chose to include")))
        return;
    if (d->nnotes == 0) {
        doc_body(doc, _("No session notes are included."), true);
        return;
    }
    for (size_t i = 0; i < d->nnotes && !doc->overflow; i++) {
        const struct practice *p = d->notes[i].p;
        char date[96];
        doc_datetime(doc, p->started_at, date, sizeof date);
        if (!doc_need(doc, SZ_BODY * LEAD * 2 + 2))
            return;
        doc_colour(doc, C_MUTED);
        doc_tag_begin(doc, "P");
        doc_text(doc, MARGIN_X, doc->y + SZ_BODY, date, true, SZ_BODY - 0.5);
        doc_tag_end(doc);
        doc->y += SZ_BODY * LEAD;
        doc_colour(doc, C_INK);
        bool cut = false;
        doc_tag_begin(doc, "P");
        doc_paragraph(doc, MARGIN_X + 10, CONTENT_W - 10, p->note, false, SZ_BODY, doc->note_lines,
                      &cut);
        doc_tag_end(doc);
        doc->notes_cut |= cut;
        doc->y += 3;
    }
    if (doc->notes_cut)
        doc_body(doc, _("Long notes are shortened (…) so that the report stays short."), true);
}

/* ---- the document ---- */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Draws everything; returns the page count, -1 when cairo failed. */
static int draw(struct doc *doc, struct buf *out)
{
    if (out) {
        doc->surface = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_TITLE, doc->title);
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATOR, "Pace");
        /* made at "now", not at the moment of drawing: the same report
         * twice is the same file */
        char made[32];
        time_t now = (time_t)doc->d->opt.now;
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(made, sizeof made, "%Y-%m-%dT%H:%M:%SZ", &tm);
        cairo_pdf_surface_set_metadata(doc->surface, CAIRO_PDF_METADATA_CREATE_DATE, made);
    } else {
        /* A trial run only measures and counts pages: record the drawing
         * instead of writing (and compressing) a PDF nobody reads. */
        cairo_rectangle_t page = {0, 0, PAGE_W, PAGE_H};
        doc->surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &page);
    }
    doc->cr = cairo_create(doc->surface);
    pdf_text_bind(&doc->text, doc->cr);
    doc->tagged = out != NULL;
    doc->page = 1;
    doc->y = TOP;
    doc->ntags = 0;
    doc->overflow = false;
    doc->notes_cut = false;
    /* one root for the structure, as readers expect; it holds the
     * footers too (cairo 1.16 has no tag for page furniture) */
    if (doc->tagged)
        cairo_tag_begin(doc->cr, "Document", NULL);
    header(doc);
    overview(doc);
    program_section(doc);
    kit_section(doc);
    goals_section(doc);
    ladder_section(doc);
    charts_section(doc);
    report_table(doc);
    notes_section(doc);
    if (doc->overflow) {
        doc_colour(doc, C_ACCENT);
        doc_tag_begin(doc, "P");
        doc_text_fit(doc, MARGIN_X, BOTTOM + 10, CONTENT_W,
                     _("The rest of this period did not fit on three pages; choose a shorter "
                       "period to see it."),
                     true, SZ_SMALL + 0.4);
        doc_tag_end(doc);
    }
    doc_footer(doc);
    if (doc->tagged)
        cairo_tag_end(doc->cr, "Document");
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

static void doc_free(struct doc *doc)
{
    for (size_t i = 0; i < doc->nalts; i++)
        free(doc->alt_text[i]);
    doc->nalts = 0;
    pdf_text_close(&doc->text);
}

int report_pdf(const struct report_data *d, struct buf *out, int *pages, struct pace_error *err)
{
    static const struct tz_zone utc = {.name = "UTC"};
    struct doc doc = {
        .d = d, .zone = d->opt.zone ? d->opt.zone : &utc, .title = report_title(d->opt.full_title)};
    const char *lang = i18n_code(i18n_lang());
    int rc = pdf_text_open(&doc.text, lang, err);
    if (rc != 0)
        return rc;
    doc_date(&doc, d->opt.now, doc.generated, sizeof doc.generated);
    enum layout_group first = layout_pick_group(d->sessions, d->nsessions, doc.zone, 46);
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
        if (n < 0) {
            doc_free(&doc);
            return pace_fail(err, PACE_EIO, NULL, "%s", _("The report could not be drawn."));
        }
        doc.total = n;
        if (!doc.overflow)
            break;
    }
    struct buf pdf = {0};
    int n = draw(&doc, &pdf);
    rc = n < 0 ? pace_fail(err, PACE_EIO, NULL, "%s", _("The report could not be drawn."))
               : pdf_finish(&pdf, lang, doc.alts, doc.nalts, err);
    doc_free(&doc);
    if (rc == 0) {
        buf_add(out, pdf.data, pdf.len);
        if (pages)
            *pages = n;
    }
    buf_free(&pdf);
    return rc;
}
