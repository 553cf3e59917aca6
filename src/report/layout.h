/*
 * layout.h - the pure parts of the report's layout: clipping text,
 * grouping sessions into table rows (one per session, per week or per
 * month, in her time zone) and choosing how much detail fits. Nothing here
 * knows cairo or pango (the text itself is laid out by pdf-text.h), so
 * every decision can be tested on its own.
 */
#ifndef PACE_REPORT_LAYOUT_H
#define PACE_REPORT_LAYOUT_H

#include "core/practice.h"
#include "core/tz.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The first max_chars characters of s (UTF-8), ending in "…" when cut,
 * with runs of whitespace (newlines too) folded into one space. Writes at
 * most n bytes (n >= 8) and returns true when s was cut. */
bool layout_clip(const char *s, size_t max_chars, char *out, size_t n);

/* How the sessions table is grouped. */
enum layout_group { GROUP_SESSION = 0, GROUP_WEEK, GROUP_MONTH, GROUP_COUNT };

/* One row of the sessions table: a session, or a summary of a week or a
 * month (averages over the sessions that gave the scores). */
struct layout_row {
    int64_t start;         /* the session's start, or the period's first day (UTC, her midnight) */
    int count;             /* sessions in the row (1 for GROUP_SESSION) */
    int minutes;           /* total practice minutes, rounded */
    double min_mm, max_mm; /* sizes used; 0 when none */
    double before[3], after[3]; /* fear, tension, pain averages; -1 when none given */
    int max_pain;               /* highest max pain (or pain) given; -1 when none */
    int spasms;                 /* total */
    int completed, stopped, not_today;
    const struct practice *p; /* the session, for GROUP_SESSION */
};

/* The first instant (her midnight) of t's day, of its week (Monday) or of
 * its month in the zone z, as UTC seconds; each date with its own offset,
 * so a week across a change of the clocks starts at its own midnight. */
int64_t layout_day_start(int64_t t, const struct tz_zone *z);
int64_t layout_period_start(int64_t t, const struct tz_zone *z, enum layout_group g);

/* Groups n sessions (in any order) into rows, oldest first. *rows is a new
 * array the caller frees with free(); returns the number of rows. */
size_t layout_rows(const struct practice *sessions, size_t n, const struct tz_zone *z,
                   enum layout_group g, struct layout_row **rows);

/* The most detailed grouping whose rows fit in max_rows (GROUP_SESSION,
 * then weeks, then months); months when nothing fits. */
enum layout_group layout_pick_group(const struct practice *sessions, size_t n,
                                    const struct tz_zone *z, size_t max_rows);

/* Whether a block of height h still fits on a page whose writing area ends
 * at bottom when the cursor is at y. */
bool layout_fits(double y, double h, double bottom);

/* "Page 3 of 3" as the footer writes it (translated). */
void layout_page_label(int page, int total, char *out, size_t n);

#endif
