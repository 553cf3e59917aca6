/*
 * zone.h - her time zone for the report: an IANA name such as
 * "Europe/Berlin" read from the system's tz database (the TZif files under
 * /usr/share/zoneinfo that the C library reads, package tzdata), or a fixed
 * offset ("UTC", "UTC+05:30").
 *
 * glibc offers no per-zone conversion (no localtime_rz): localtime_r
 * follows the process-wide TZ variable, and changing it while other
 * threads run is unsafe. So a zone is loaded once into a plain struct
 * (its transitions and the POSIX rule for the years after them, RFC 8536)
 * and every instant asks it for its own offset: a session in March and one
 * in November each get the offset of their own date. A loaded zone is
 * read-only, so any thread may use it.
 */
#ifndef PACE_REPORT_ZONE_H
#define PACE_REPORT_ZONE_H

#include "core/err.h"
#include "core/util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZONE_NAME_MAX 64

/* A POSIX TZ rule (the footer of a TZif file), for instants after the
 * last transition. */
struct zone_rule_date {
    char kind;    /* 'J' (1-365, no 29 Feb), 'D' (0-365) or 'M' (month.week.day) */
    int a, b, c;  /* J/D: a = day; M: a = month, b = week (5 = last), c = weekday */
    int32_t time; /* seconds after local midnight (may be negative or past 24 h) */
};

struct zone_rule {
    bool set;        /* a rule was given */
    int32_t std_off; /* seconds east of UTC */
    bool has_dst;
    int32_t dst_off;
    struct zone_rule_date start, end;
};

struct zone {
    char name[ZONE_NAME_MAX]; /* as shown on the page: "Europe/Berlin", "UTC+01:00" */
    size_t n;                 /* transitions */
    int64_t *at;              /* n transition instants, ascending */
    int32_t *off;             /* n offsets (seconds east) from each transition on */
    int32_t first_off;        /* before the first transition (or always, when n is 0) */
    struct zone_rule rule;    /* after the last transition, when set */
};

/* Loads the zone called name: "UTC", "UTC+HH:MM" / "UTC-HH:MM" (a fixed
 * offset), or an IANA name whose TZif file is read from the tz database.
 * Release with zone_free (also after a failure). PACE_EINVAL with
 * err->field "zone" and a sentence when the name is not a known zone. */
int zone_load(const char *name, struct zone *z, struct pace_error *err);
/* Reads a zone from the bytes of a TZif file (version 1 to 4, without leap
 * seconds); name is copied for the page. Pure: for tests and fuzzing. */
int zone_parse(const char *name, const unsigned char *data, size_t len, struct zone *z,
               struct pace_error *err);
/* A fixed offset in minutes east of UTC, named "UTC" or "UTC+01:00". */
void zone_fixed(int minutes, struct zone *z);
void zone_free(struct zone *z);

/* The offset from UTC (seconds east) in force at instant t. */
int32_t zone_offset(const struct zone *z, int64_t t);
/* The same in whole minutes, as core/i18n.h's formatters take it. */
int zone_offset_min(const struct zone *z, int64_t t);
/* The first instant of the local calendar day y-m-d (its midnight, or the
 * moment the clocks jumped when that midnight did not exist). */
int64_t zone_midnight(const struct zone *z, int y, int m, int d);
/* The first instant of t's local day. */
int64_t zone_day_start(const struct zone *z, int64_t t);
/* t's local calendar date. */
void zone_date(const struct zone *z, int64_t t, int *y, int *m, int *d);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t zone_days_from_civil(int y, int m, int d);
void zone_civil_from_days(int64_t days, int *y, int *m, int *d);

#endif
