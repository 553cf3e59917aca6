/*
 * report-table.c - the report's sessions table; see report-table.h.
 *
 * Every cell is a pango layout as wide as its column: short cells take
 * one line, a long one (a month of "12 done, 10 stopped, 11 not today")
 * wraps, and its row grows to hold it. Nothing is clipped.
 */
#include "report/report-table.h"

#include "core/i18n.h"
#include "core/kit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SZ_HEADING (SZ_TABLE - 0.8)
#define SZ_KEY (SZ_TABLE - 1.2)
#define HEADING_H (SZ_TABLE * 2.6)
#define ROW_H (SZ_TABLE * 1.75)   /* a row of one line */
#define ROW_LINE (SZ_TABLE * 1.2) /* each further line */
#define CELL_PAD 3.0              /* text starts this far into its column */

/* Column left edges, points from the margin. */
static const double col_x[TABLE_NCOL + 1] = {0, 56, 100, 140, 176, 242, 308, 348, 394, CONTENT_W};

double table_col_width(int c)
{
    return col_x[c + 1] - col_x[c] - CELL_PAD - 1;
}

void table_headings(enum layout_group g, const char *h[TABLE_NCOL])
{
    bool grouped = g != GROUP_SESSION;
    h[COL_WHEN] = grouped ? (g == GROUP_WEEK ? _("Week of") : _("Month")) : _("Date");
    h[COL_SIZE] = grouped ? _("Diameters") : _("Diameter");
    h[COL_COUNT] = grouped ? _("Sessions") : "";
    h[COL_MIN] = _("Minutes");
    h[COL_BEFORE] = grouped ? _("Before (avg)") : _("Before");
    h[COL_AFTER] = grouped ? _("After (avg)") : _("After");
    h[COL_MAXPAIN] = _("Max pain");
    h[COL_SPASMS] = _("Spasms");
    h[COL_OUTCOME] = _("Outcome");
}

/* The heading row's height: two lines (the second holds the F / T / P
 * key), more when a heading needs them. */
static double heading_height(struct doc *doc)
{
    const char *h[TABLE_NCOL];
    table_headings(doc->group, h);
    int lines = 2;
    for (int c = 0; c < TABLE_NCOL; c++) {
        PangoLayout *l = table_heading_layout(&doc->text, c, h[c]);
        if (pango_layout_get_line_count(l) > lines)
            lines = pango_layout_get_line_count(l);
        g_object_unref(l);
    }
    return HEADING_H + (lines - 2) * (SZ_TABLE + 1);
}

PangoLayout *table_heading_layout(struct pdf_text *t, int c, const char *s)
{
    bool one = c == COL_BEFORE || c == COL_AFTER;
    PangoLayout *l =
        pdf_text_layout(t, s, true, SZ_HEADING, one ? FIT_CLIP : FIT_WRAP, table_col_width(c));
    /* a word too long for one line is broken with a hyphen ("Verkramp-" /
     * "fungen") */
    return l;
}

PangoLayout *table_cell_layout(struct pdf_text *t, int c, const char *s)
{
    return pdf_text_layout(t, s, false, SZ_TABLE, FIT_WRAP, table_col_width(c));
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

static void date_text(const struct tz_zone *z, int64_t t, char *out, size_t n)
{
    i18n_format_date(out, n, t, tz_offset_min(z, t));
}

/* Only the outcomes that happened: "4 done, 1 not today". */
static void outcomes_text(const struct layout_row *row, char *o, size_t cap)
{
    size_t len = 0;
    const int counts[3] = {row->completed, row->stopped, row->not_today};
    o[0] = '\0';
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

void table_row_cells(enum layout_group g, const struct tz_zone *z, const struct layout_row *row,
                     char cell[TABLE_NCOL][TABLE_CELL])
{
    for (int c = 0; c < TABLE_NCOL; c++)
        cell[c][0] = '\0';
    if (g == GROUP_SESSION) {
        const struct practice *p = row->p;
        date_text(z, p->started_at, cell[COL_WHEN], TABLE_CELL);
        if (p->diameter_mm > 0)
            doc_mm(p->diameter_mm, cell[COL_SIZE], TABLE_CELL);
        else
            snprintf(cell[COL_SIZE], TABLE_CELL, "–");
        score_text(&p->before, cell[COL_BEFORE], TABLE_CELL);
        score_text(&p->after, cell[COL_AFTER], TABLE_CELL);
        snprintf(cell[COL_OUTCOME], TABLE_CELL, "%s", outcome_words(p->outcome));
    } else {
        if (g == GROUP_MONTH) {
            char full[64];
            date_text(z, row->start + 15 * 86400, full, sizeof full);
            /* "14 Mar 2026" -> "Mar 2026" / "14.03.2026" -> "03.2026" */
            const char *sp = strchr(full, i18n_lang() == LANG_DE ? '.' : ' ');
            snprintf(cell[COL_WHEN], TABLE_CELL, "%s", sp ? sp + 1 : full);
        } else {
            date_text(z, row->start, cell[COL_WHEN], TABLE_CELL);
        }
        if (row->max_mm > 0 && row->max_mm > row->min_mm) {
            char a[32], b[32];
            kit_format_mm(a, sizeof a, row->min_mm, true);
            doc_mm(row->max_mm, b, sizeof b);
            snprintf(cell[COL_SIZE], TABLE_CELL, "%s–%s", a, b);
        } else if (row->max_mm > 0) {
            doc_mm(row->min_mm, cell[COL_SIZE], TABLE_CELL);
        } else {
            snprintf(cell[COL_SIZE], TABLE_CELL, "–");
        }
        snprintf(cell[COL_COUNT], TABLE_CELL, "%d", row->count);
        avg_text(row->before, cell[COL_BEFORE], TABLE_CELL);
        avg_text(row->after, cell[COL_AFTER], TABLE_CELL);
        outcomes_text(row, cell[COL_OUTCOME], TABLE_CELL);
    }
    snprintf(cell[COL_MIN], TABLE_CELL, "%d", row->minutes);
    if (row->max_pain >= 0)
        snprintf(cell[COL_MAXPAIN], TABLE_CELL, "%d", row->max_pain);
    else
        snprintf(cell[COL_MAXPAIN], TABLE_CELL, "–");
    snprintf(cell[COL_SPASMS], TABLE_CELL, "%d", row->spasms);
}

static void heading_row(struct doc *doc)
{
    const char *h[TABLE_NCOL];
    table_headings(doc->group, h);
    double hh = heading_height(doc);
    doc_colour(doc, C_BAND);
    cairo_rectangle(doc->cr, MARGIN_X, doc->y, CONTENT_W, hh);
    cairo_fill(doc->cr);
    doc_tag_begin(doc, "TR");
    for (int c = 0; c < TABLE_NCOL; c++) {
        if (!h[c][0])
            continue;
        double x = MARGIN_X + col_x[c] + CELL_PAD, y = doc->y + SZ_TABLE + 2;
        doc_tag_begin(doc, "TH");
        doc_colour(doc, C_INK);
        PangoLayout *l = table_heading_layout(&doc->text, c, h[c]);
        int lines = pango_layout_get_line_count(l);
        for (int i = 0; i < lines; i++)
            pdf_text_show_line(doc->cr, l, i, x, y + i * (SZ_TABLE + 1));
        g_object_unref(l);
        if (c == COL_BEFORE || c == COL_AFTER) {
            doc_colour(doc, C_MUTED);
            doc_text_fit(doc, x, doc->y + 2 * SZ_TABLE + 3, table_col_width(c), _("F / T / P"),
                         false, SZ_KEY);
        }
        doc_tag_end(doc);
    }
    doc_tag_end(doc);
    doc->y += hh;
}

/* Draws one row (a band behind every second one); false when it did not
 * fit even on a new page. */
static bool row(struct doc *doc, const struct layout_row *r, bool band)
{
    char cell[TABLE_NCOL][TABLE_CELL];
    table_row_cells(doc->group, doc->zone, r, cell);
    PangoLayout *l[TABLE_NCOL] = {0};
    int lines = 1;
    for (int c = 0; c < TABLE_NCOL; c++) {
        if (!cell[c][0])
            continue;
        l[c] = table_cell_layout(&doc->text, c, cell[c]);
        int n = pango_layout_get_line_count(l[c]);
        if (n > lines)
            lines = n;
    }
    double rh = ROW_H + (lines - 1) * ROW_LINE;
    bool ok = true;
    if (!layout_fits(doc->y, rh, BOTTOM)) {
        /* a new page, with the headings again */
        ok = doc_need(doc, heading_height(doc) + rh);
        if (ok)
            heading_row(doc);
    }
    if (ok) {
        if (band) {
            doc_colour(doc, C_BAND);
            cairo_rectangle(doc->cr, MARGIN_X, doc->y, CONTENT_W, rh);
            cairo_fill(doc->cr);
        }
        doc_colour(doc, C_INK);
        doc_tag_begin(doc, "TR");
        for (int c = 0; c < TABLE_NCOL; c++) {
            doc_tag_begin(doc, "TD");
            for (int i = 0; l[c] && i < pango_layout_get_line_count(l[c]); i++)
                pdf_text_show_line(doc->cr, l[c], i, MARGIN_X + col_x[c] + CELL_PAD,
                                   doc->y + SZ_TABLE + 1.6 + i * ROW_LINE);
            doc_tag_end(doc);
        }
        doc_tag_end(doc);
        doc->y += rh;
    }
    for (int c = 0; c < TABLE_NCOL; c++)
        if (l[c])
            g_object_unref(l[c]);
    return ok;
}

void report_table(struct doc *doc)
{
    const struct report_data *d = doc->d;
    if (!doc_heading(doc, _("Sessions")))
        return;
    if (d->nsessions == 0) {
        doc_body(doc, _("No sessions recorded in this period."), true);
        return;
    }
    doc_body(doc, _("Before and after: fear / tension / pain (F / T / P), each self-rated 0-10."),
             true);
    if (doc->group == GROUP_WEEK)
        doc_body(doc, _("Summarised per week so that the report stays short; scores are averages."),
                 true);
    else if (doc->group == GROUP_MONTH)
        doc_body(doc,
                 _("Summarised per month so that the report stays short; scores are averages."),
                 true);
    struct layout_row *rows;
    size_t n = layout_rows(d->sessions, d->nsessions, doc->zone, doc->group, &rows);
    if (doc_need(doc, heading_height(doc) + ROW_H)) {
        doc_tag_begin(doc, "Table");
        heading_row(doc);
        for (size_t i = 0; i < n && !doc->overflow; i++)
            if (!row(doc, &rows[i], i % 2 == 1))
                break;
        doc_tag_end(doc);
    }
    free(rows);
}
