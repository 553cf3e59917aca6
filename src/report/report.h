/*
 * report.h - the printable summary she can take to her clinician: one to
 * three A4 pages as PDF with her program and adjusted rules, her kit, her
 * goals, the comfort ladder (first and latest), the charts, a compact table
 * of her sessions in the period (summarised per week or month when a long
 * period would not fit) and only the notes she chose to include.
 *
 * The report layer sits on store and core (core <- store <- report <- web,
 * cli): report_load gathers everything through store.h once, report_pdf
 * draws it with cairo. Neither asks whether the person may see the data:
 * the caller does (the page checks access, the CLI is the server's owner).
 *
 * Files: report-data.c (gathering), report-pdf.c (the sections),
 * report-table.c (the sessions table), pdf-doc.c (pages, text blocks and
 * structure tags), pdf-text.c (text and fonts with pango), pdf-chart.c
 * (charts with cairo), pdf-finish.c (what cairo cannot write: /Lang and
 * more), layout.c (clipping and grouping, pure), zone.c (time zones).
 */
#ifndef PACE_REPORT_H
#define PACE_REPORT_H

#include "core/catalog.h"
#include "core/chart.h"
#include "core/plan.h"
#include "core/util.h"
#include "app/kits.h"
#include "core/tz.h"
#include "store/store.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_NAME_MAX 80       /* characters of the name or pseudonym */
#define REPORT_MAX_SESSIONS 2000 /* sessions gathered for one report */
#define REPORT_MAX_DAYS 1100     /* the longest period (about three years) */
#define REPORT_MAX_PAGES 3

enum report_notes {
    REPORT_NOTES_NONE = 0, /* no note at all (the default) */
    REPORT_NOTES_ALL,      /* every note in the period */
    REPORT_NOTES_CHOSEN,   /* only the sessions listed in note_ids */
};

struct report_options {
    int64_t from;            /* first day, her midnight as UTC seconds */
    int64_t to;              /* the day after the last day, her midnight (exclusive) */
    const struct tz_zone *zone; /* her time zone; not owned, kept until the data is freed */
    int64_t now;             /* when it is made */
    const char *name;        /* her name or pseudonym as typed; NULL or "" for a blank line */
    bool full_title;         /* name the therapy in the title; by default it does not */
    enum report_notes notes;
    const char *const *note_ids; /* REPORT_NOTES_CHOSEN: session ids */
    size_t nnote_ids;
};

struct report_note {
    const struct practice *p; /* into sessions */
};

struct report_data {
    struct report_options opt; /* name and note_ids are not kept: see name */
    char name[REPORT_NAME_MAX * 4 + 1];
    const struct plan_library *lib;

    /* Her program now. */
    const struct program *program; /* into lib */
    struct plan_choice choice;
    bool chosen;
    int week;
    const struct program_phase *phase; /* NULL before her start */
    struct engine_rules rules;
    double comfortable_mm; /* 0: none yet */

    struct kit_view kit;

    /* Her sessions in the period, newest first. */
    struct practice *sessions;
    size_t nsessions;
    bool capped; /* more than REPORT_MAX_SESSIONS: the oldest are left out */

    struct plan_goal *goals;
    size_t ngoals;

    /* Comfort ladder: her first and latest entries (the same when only
     * one; nladder 0 when none). */
    struct ladder_entry ladder_first, ladder_latest;
    size_t nladder;

    /* The notes she chose, oldest first. */
    struct report_note *notes;
    size_t nnotes;

    /* The charts of the period. */
    struct chart *charts;
    size_t ncharts;
};

/* Parses "YYYY-MM-DD" (a real calendar day from 2000 to 2100) into its
 * midnight in the zone z, as UTC seconds. -1 when malformed. */
int report_date_parse(const char *s, const struct tz_zone *z, int64_t *out);
/* Checks a period: from before or on to (both midnights; the last day is
 * to itself), at most REPORT_MAX_DAYS long, and not starting after today.
 * PACE_EINVAL with err->field "from" or "to" and a sentence. */
int report_period_check(int64_t from, int64_t last_day, int64_t now, const struct tz_zone *z,
                        struct pace_error *err);
/* Checks the name or pseudonym: at most REPORT_NAME_MAX characters of
 * text without control characters. PACE_EINVAL with err->field "name". */
int report_name_check(const char *name, struct pace_error *err);

/* Gathers everything for the report; release with report_data_free (also
 * after a failure). */
int report_load(struct store *s, const struct catalog *cat, const struct plan_library *lib,
                int64_t user_id, const struct report_options *opt, struct report_data *out,
                struct pace_error *err);
void report_data_free(struct report_data *d);

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

/* "pace-report-2026-05-01.pdf" for the day of now in the zone z. */
void report_filename(int64_t now, const struct tz_zone *z, char *out, size_t n);

#endif
