/*
 * layout.h - the pure parts of the report's layout: wrapping text to a
 * width with any measuring function, clipping text, grouping sessions into
 * table rows (one per session, per week or per month) and choosing how
 * much detail fits. Nothing here knows cairo, so every decision can be
 * tested with a made-up measure.
 */
#ifndef PACE_REPORT_LAYOUT_H
#define PACE_REPORT_LAYOUT_H

#include "core/practice.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The width of s[0..len) in the caller's units. */
typedef double (*layout_measure_fn)(void *ctx, const char *s, size_t len);

/* One wrapped line: bytes text[start..start+len) (trailing spaces left
 * out). */
struct layout_line {
    size_t start, len;
};

/* Breaks text into lines no wider than width: at spaces where possible, at
 * every newline, and inside a word (at a UTF-8 character boundary) only
 * when the word alone is wider than the line. Writes at most max lines into
 * lines (which may be NULL to count) and returns how many lines the whole
 * text needs; an empty text needs 0 lines. */
size_t layout_wrap(const char *text, double width, layout_measure_fn measure, void *ctx,
                   struct layout_line *lines, size_t max);

/* The first max_chars characters of s (UTF-8), ending in "…" when cut,
 * with runs of whitespace (newlines too) folded into one space. Writes at
 * most n bytes (n >= 8) and returns true when s was cut. */
bool layout_clip(const char *s, size_t max_chars, char *out, size_t n);

/* How the sessions table is grouped. */
enum layout_group { GROUP_SESSION = 0, GROUP_WEEK, GROUP_MONTH, GROUP_COUNT };

/* One row of the sessions table: a session, or a summary of a week or a
 * month (averages over the sessions that gave the scores). */
struct layout_row {
    int64_t start;       /* the session's start, or the period's first day (UTC, her midnight) */
    int count;           /* sessions in the row (1 for GROUP_SESSION) */
    int minutes;         /* total practice minutes, rounded */
    double min_mm, max_mm; /* sizes used; 0 when none */
    double before[3], after[3]; /* fear, tension, pain averages; -1 when none given */
    int max_pain;        /* highest max pain (or pain) given; -1 when none */
    int spasms;          /* total */
    int completed, stopped, not_today;
    const struct practice *p; /* the session, for GROUP_SESSION */
};

/* Midnight at the start of t's day, of its week (Monday) or of its month in
 * the time zone tz (minutes east of UTC), as UTC seconds. */
int64_t layout_day_start(int64_t t, int tz);
int64_t layout_period_start(int64_t t, int tz, enum layout_group g);

/* Groups n sessions (in any order) into rows, oldest first. *rows is a new
 * array the caller frees with free(); returns the number of rows. */
size_t layout_rows(const struct practice *sessions, size_t n, int tz, enum layout_group g,
                   struct layout_row **rows);

/* The most detailed grouping whose rows fit in max_rows (GROUP_SESSION,
 * then weeks, then months); months when nothing fits. */
enum layout_group layout_pick_group(const struct practice *sessions, size_t n, int tz,
                                    size_t max_rows);

/* Whether a block of height h still fits on a page whose writing area ends
 * at bottom when the cursor is at y. */
bool layout_fits(double y, double h, double bottom);

/* "Page 3 of 3" as the footer writes it (translated). */
void layout_page_label(int page, int total, char *out, size_t n);

#endif
