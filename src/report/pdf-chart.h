/*
 * pdf-chart.h - draws a chart's drawing list (core/chart.h) with cairo, for
 * the printed report: the chart's coordinate space is scaled evenly to fit
 * a rectangle, and each ink gets a print colour dark enough on white plus,
 * for the lines that carry data, its own dash pattern, so the lines stay
 * apart when printed in grey.
 */
#ifndef PACE_PDF_CHART_H
#define PACE_PDF_CHART_H

#include "core/chart.h"
#include "report/pdf-text.h"

#include <cairo.h>
#include <stdbool.h>

/* How one ink prints. */
struct pdf_ink {
    double r, g, b;
    const double *dash; /* NULL: solid */
    int ndash;
    double width; /* default line width in points */
};

/* The print style of ink (any value; unknown inks print as text). */
const struct pdf_ink *pdf_ink_style(enum chart_ink ink);

/* Draws c into the rectangle (x, y, w, h) of cr (points), scaled evenly
 * and centred, its text with pango through text (bound to cr; text NULL
 * leaves the text out). A chart with no primitives, a zero size or a
 * polyline with fewer than two points draws what it can and never fails.
 * The context's state is restored afterwards. */
void pdf_chart_draw(cairo_t *cr, const struct chart *c, double x, double y, double w, double h,
                    struct pdf_text *text);

/* A legend sample for ink at (x, y) with the given length, as the chart
 * draws it: a swatch for bars and goal bands, a dot or a ring, or a short
 * line (dashed when dashed or the ink's own pattern, with the ink's marker
 * for the scores). */
void pdf_chart_legend_mark(cairo_t *cr, enum chart_ink ink, enum chart_mark mark, bool dashed,
                           double x, double y, double len);

#endif
