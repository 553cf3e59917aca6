/*
 * report_data.h - what the printable report for a clinician shows, as plain
 * structs, and the pure checks of what she asks for (a period of days in
 * her zone, a name or pseudonym). The application layer fills it
 * (app/report.h: app_report_data, which asks the gate and reads the
 * store); src/report draws it (report/report.h: report_pdf) and reads
 * nothing else.
 */
#ifndef PACE_REPORT_DATA_H
#define PACE_REPORT_DATA_H

#include "core/chart.h"
#include "core/engine.h"
#include "core/err.h"
#include "core/kit.h"
#include "core/ladder.h"
#include "core/plan.h"
#include "core/practice.h"
#include "core/tz.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REPORT_NAME_MAX 80       /* characters of the name or pseudonym */
#define REPORT_MAX_SESSIONS 2000 /* sessions gathered for one report */
#define REPORT_MAX_DAYS 1100     /* the longest period (about three years) */

enum report_notes {
    REPORT_NOTES_NONE = 0, /* no note at all (the default) */
    REPORT_NOTES_ALL,      /* every note in the period */
    REPORT_NOTES_CHOSEN,   /* only the sessions listed in note_ids */
};

struct report_options {
    int64_t from;               /* first day, her midnight as UTC seconds */
    int64_t to;                 /* the day after the last day, her midnight (exclusive) */
    const struct tz_zone *zone; /* her time zone; not owned, kept until the data is freed */
    int64_t now;                /* when it is made */
    const char *name;           /* her name or pseudonym as typed; NULL or "" for a blank line */
    bool full_title;            /* name the therapy in the title; by default it does not */
    enum report_notes notes;
    const char *const *note_ids; /* REPORT_NOTES_CHOSEN: session ids */
    size_t nnote_ids;
};

struct report_note {
    const struct practice *p; /* into sessions */
};

/* Her kit: entries point into customs (and the catalog). */
struct report_kit {
    struct custom_item *customs;
    size_t ncustom;
    struct kit_entry *entries; /* smallest diameter first */
    size_t n;
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

    struct report_kit kit;

    /* Her sessions in the period, newest first. Only the notes she chose
     * are here: every other session's note is NULL. */
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
 * first instant in the zone z, as UTC seconds. -1 when malformed. */
int report_date_parse(const char *s, const struct tz_zone *z, int64_t *out);
/* Checks a period: from before or on to (both midnights; the last day is
 * to itself), at most REPORT_MAX_DAYS long, and not starting after today.
 * PACE_EINVAL with err->field "from" or "to" and a sentence. */
int report_period_check(int64_t from, int64_t last_day, int64_t now, const struct tz_zone *z,
                        struct pace_error *err);
/* Checks the name or pseudonym: at most REPORT_NAME_MAX characters of
 * text without control characters. PACE_EINVAL with err->field "name". */
int report_name_check(const char *name, struct pace_error *err);

/* Keeps the notes opt asks for in d (d->notes, oldest first) and wipes
 * and frees every other note of d->sessions. */
void report_keep_notes(struct report_data *d, const struct report_options *opt);
/* Releases everything d holds (also after a failed fill). */
void report_data_free(struct report_data *d);

/* "pace-report-2026-05-01.pdf" for the day of now in the zone z. */
void report_filename(int64_t now, const struct tz_zone *z, char *out, size_t n);

#endif
