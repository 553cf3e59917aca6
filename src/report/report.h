/*
 * report.h - the printable summary she can take to her clinician: one to
 * three A4 pages as PDF with her program and adjusted rules, her kit, her
 * goals, the comfort ladder (first and latest), the charts, a compact table
 * of her sessions in the period (summarised per week or month when a long
 * period would not fit) and only the notes she chose to include.
 *
 * This layer only draws: it takes the report's data as plain structs
 * (core/report_data.h, gathered by the application layer's
 * app_report_data, which asks the gate) and includes nothing but core and
 * its own headers (scripts/check-layers makes sure of it).
 *
 * Files: report-pdf.c (the sections), report-table.c (the sessions table),
 * pdf-doc.c (pages, text blocks and structure tags), pdf-text.c (text and
 * fonts with pango), pdf-chart.c (charts with cairo), pdf-finish.c (what
 * cairo cannot write: /Lang and more), layout.c (clipping and grouping,
 * pure).
 */
#ifndef PACE_REPORT_H
#define PACE_REPORT_H

#include "core/report_data.h"
#include "core/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_MAX_PAGES 3

/* The report's title in the current language: "Practice summary", or with
 * full, the one that names the therapy. Used as the heading and as the
 * PDF's document title. */
const char *report_title(bool full);

/* Draws the report as PDF into out (appended): a tagged PDF in the
 * current language (/Lang), titled report_title(opt.full_title). At most
 * REPORT_MAX_PAGES pages: the table is grouped and notes shortened until
 * it fits, and the page says so. *pages receives the page count when not
 * NULL. */
int report_pdf(const struct report_data *d, struct buf *out, int *pages, struct pace_error *err);

#endif
