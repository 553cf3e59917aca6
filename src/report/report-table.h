/*
 * report-table.h - the sessions table of the report: its columns, the
 * words of each cell and of each heading, and rows whose cells wrap inside
 * their column, so a grouped row with many outcomes takes a second line
 * rather than losing its end. Internal to src/report; the layout tests
 * measure every cell against its column through it.
 */
#ifndef PACE_REPORT_TABLE_H
#define PACE_REPORT_TABLE_H

#include "report/pdf-doc.h"

enum table_col {
    COL_WHEN,
    COL_SIZE,
    COL_COUNT,
    COL_MIN,
    COL_BEFORE,
    COL_AFTER,
    COL_MAXPAIN,
    COL_SPASMS,
    COL_OUTCOME,
    TABLE_NCOL
};

#define TABLE_CELL 96 /* bytes of one cell's text */

/* The room for text in column c, in points. */
double table_col_width(int c);
/* The headings of the columns for grouping g ("" for none). */
void table_headings(enum layout_group g, const char *h[TABLE_NCOL]);
/* A heading laid out in its column, wrapped (the Before and After
 * headings on one line: their second line is the F / T / P key). */
PangoLayout *table_heading_layout(struct pdf_text *t, int c, const char *s);
/* The words of a row's cells in the current language, dates in zone z. */
void table_row_cells(enum layout_group g, const struct tz_zone *z, const struct layout_row *row,
                     char cell[TABLE_NCOL][TABLE_CELL]);
/* A cell laid out in its column, wrapped when it must be. */
PangoLayout *table_cell_layout(struct pdf_text *t, int c, const char *s);

/* Draws the "Sessions" section: the key, the table with its heading row
 * on each page, and a note when it is summarised per week or month. */
void report_table(struct doc *doc);

#endif
