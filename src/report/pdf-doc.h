/*
 * pdf-doc.h - the report's page machinery, shared by report-pdf.c (the
 * sections) and report-table.c (the sessions table): a cursor down A4
 * pages, text through pango (pdf-text.h), headings, facts and wrapped
 * paragraphs, and the structure tags (H1, P, Table, Figure, ...) that let
 * a screen reader read the PDF in order. Internal to src/report.
 *
 * Everything sits in one Document element. Footers, rules and shaded
 * bands are drawn outside the other tags (cairo 1.16 has no artifact
 * tag): a tag open at a page break is closed before the footer and opened
 * again on the next page (a paragraph split over two pages is two).
 */
#ifndef PACE_PDF_DOC_H
#define PACE_PDF_DOC_H

#include "report/layout.h"
#include "report/pdf-text.h"
#include "report/report.h"

#include <cairo.h>
#include <stdbool.h>

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

#define DOC_TAG_DEPTH 4

/* Print colours: deep ink, a muted grey and one calm teal. */
extern const double C_INK[3], C_MUTED[3], C_ACCENT[3], C_RULE[3], C_BAND[3];

struct doc {
    cairo_surface_t *surface;
    cairo_t *cr;
    struct pdf_text text;
    const struct report_data *d;
    const struct tz_zone *zone; /* d's, or UTC when it has none */
    const char *title;
    double y;
    int page;
    int total;     /* 0 while counting */
    bool tagged;   /* the real PDF (not the trial run): structure tags on */
    bool overflow; /* something did not fit on the last page */
    enum layout_group group;
    size_t note_lines; /* most lines of one note */
    bool notes_cut;    /* a note was shortened */
    char generated[64];
    const char *tags[DOC_TAG_DEPTH]; /* open structure tags, outermost first */
    int ntags;
    const char *alts[8]; /* each figure's text, in drawing order */
    char *alt_text[8];
    size_t nalts;
};

/* Structure tags, nested; no-ops on the trial run. */
void doc_tag_begin(struct doc *doc, const char *tag);
void doc_tag_end(struct doc *doc);

void doc_colour(struct doc *doc, const double c[3]);
double doc_text_width(struct doc *doc, const char *s, bool bold, double size);
/* One line of text with its baseline at (x, y). */
void doc_text(struct doc *doc, double x, double y, const char *s, bool bold, double size);
void doc_text_right(struct doc *doc, double right, double y, const char *s, bool bold, double size);
/* One line, ending in "…" when wider than width. */
void doc_text_fit(struct doc *doc, double x, double y, double width, const char *s, bool bold,
                  double size);

/* Room for h more points: on this page, or a new one while pages are
 * left. False (and overflow) when it cannot be placed. */
bool doc_need(struct doc *doc, double h);
/* Ends the page (footer, open tags closed and opened again after). */
void doc_next_page(struct doc *doc);
void doc_footer(struct doc *doc);

/* Wrapped text at x, width w, from the cursor down, one line at a time
 * (a page may break between lines). At most max_lines (0: all); the last
 * then ends in "…" and *cut is set. Returns the lines drawn. */
size_t doc_paragraph(struct doc *doc, double x, double w, const char *s, bool bold, double size,
                     size_t max_lines, bool *cut);
/* A section heading (H2) with a rule under it; never alone at a page's
 * foot. False when it does not fit. */
bool doc_heading(struct doc *doc, const char *title);
/* "Label:  value" with the value wrapped beside the label, as one P. */
void doc_fact(struct doc *doc, const char *label, const char *value);
/* A paragraph of body text (P), muted or not. */
void doc_body(struct doc *doc, const char *s, bool muted);

/* A date and a date with time in her zone, each with the offset of its
 * own day. */
void doc_date(const struct doc *doc, int64_t t, char *out, size_t n);
void doc_datetime(const struct doc *doc, int64_t t, char *out, size_t n);
/* "16 mm", "10.5 mm" in her language's number format. */
void doc_mm(double mm, char *out, size_t n);

#endif
