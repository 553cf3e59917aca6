/*
 * svg-chart.h - a chart's drawing list (core/chart.h) as inline SVG for
 * the pages, and its legend as HTML. Colours come from CSS classes (light
 * and dark in app.css), never from style attributes, so the strict CSP
 * holds; every text is escaped.
 */
#ifndef PACE_SVG_CHART_H
#define PACE_SVG_CHART_H

#include "core/chart.h"
#include "core/util.h"

/* Appends <svg role="img" aria-labelledby="ID-title ID-desc" viewBox=...>
 * with <title> and <desc>; id must be unique on the page and made of
 * letters, digits and '-' (it is escaped all the same). */
void svg_chart(struct buf *b, const struct chart *c, const char *id);
/* Appends <ul class="chart-legend"> with a small swatch per entry; nothing
 * when the chart has no legend. */
void svg_chart_legend(struct buf *b, const struct chart *c);
/* The CSS class for an ink ("ink-fear"). */
const char *svg_ink_class(enum chart_ink ink);

#endif
