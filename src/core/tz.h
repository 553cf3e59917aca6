/*
 * tz.h - time zones, pure: the one reader of the tz database's compiled
 * zones (TZif versions 1-4, RFC 8536, with the POSIX TZ rule of their
 * footer for the years after the table) and of fixed offsets ("UTC+01:00").
 * Bytes in, offsets out: the offset from UTC at an instant, the instant of
 * a local time, a local day's first instant, civil dates, a zone's list of
 * changes. Reading the files and checking names is app/tzdb.h's job.
 *
 * glibc has no per-zone conversion (localtime_r follows the process-wide
 * TZ, unsafe to change in a threaded server), so a zone is read once into
 * a struct tz_zone and every instant asks it for its own offset: a session
 * in March and one in November each get theirs. A zone is read-only once
 * made, so any thread may use it.
 *
 * Instants are seconds since 1970-01-01 UTC; "local seconds" are the same
 * count read as wall-clock time (local seconds - offset = instant). Offsets
 * are seconds east of UTC. Wherever a zone is taken, NULL means UTC.
 */
#ifndef PACE_TZ_H
#define PACE_TZ_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TZ_NAME_MAX 64 /* bytes of a zone name, with its NUL */
#define TZ_ABBR_MAX 16 /* bytes of an abbreviation ("CEST", "+0530"), with its NUL */

struct tz_type {
    int32_t utoff;
    bool isdst;
    char abbr[TZ_ABBR_MAX];
};

/* When a POSIX rule changes the clock: kind 'M' (month 1-12, week 1-5,
 * 5 meaning the last, wday 0 Sunday - 6), 'J' (yday 1-365, never counting
 * 29 February) or 'D' (yday 0-365, counting it); time is seconds after
 * local midnight in the time then in effect, from -167 to 167 hours. */
struct tz_when {
    char kind;
    int month, week, wday, yday;
    int32_t time;
};

/* A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3". */
struct tz_rule {
    char std_abbr[TZ_ABBR_MAX], dst_abbr[TZ_ABBR_MAX];
    int32_t std_off, dst_off;
    bool has_dst;
    struct tz_when start, end; /* into daylight time, and back */
};

/* A zone: its table of changes and the rule for every instant after the
 * last of them. Release with tz_zone_free. */
struct tz_zone {
    char name[TZ_NAME_MAX]; /* as shown: "Europe/Berlin", "UTC+01:00"; may be "" */
    size_t ntrans, ntypes;
    int64_t *at;         /* instants of the changes, ascending */
    unsigned char *type; /* the type each change leads into */
    struct tz_type *types;
    bool has_rule;
    struct tz_rule rule;
};

/* One change of a zone's clock. */
struct tz_change {
    int64_t at;
    int32_t from, to; /* offsets before and after */
    bool isdst;       /* of the time after */
    char abbr[TZ_ABBR_MAX];
};

/* True when name has the shape of a tz database name: 1-63 bytes of
 * parts joined by '/', each part 1-14 of A-Z a-z 0-9 . _ + -, not "."
 * or "..", not starting with '-'. Says nothing of whether it exists. */
bool tz_name_valid(const char *name);

/* Reads TZif data (versions 1-4) into out (name left empty); PACE_EINVAL
 * with a message when it is not a well-formed file, or when it counts leap
 * seconds (the right/ zones: their instants are not UTC seconds). out
 * needs tz_zone_free either way. */
int tz_parse_tzif(const unsigned char *data, size_t len, struct tz_zone *out,
                  struct pace_error *err);
/* Reads a POSIX TZ string (RFC 8536 3.3.1, with its extensions) into out;
 * -1 when malformed. */
int tz_parse_rule(const char *s, struct tz_rule *out);
/* A zone with no table that keeps rule (for tests and for "UTC" alone). */
void tz_zone_from_rule(struct tz_zone *z, const struct tz_rule *rule);
/* A fixed offset of minutes east of UTC (within +-25:59), named "UTC" or
 * "UTC+05:30". Holds no memory: tz_zone_free is optional. */
void tz_zone_fixed(struct tz_zone *z, int minutes);
/* Reads a fixed offset as people write it: "UTC", "UTC+1", "UTC-05",
 * "UTC+05:30", "+01:00", "-03:30" (minutes always two digits), at most
 * 14 hours either way, into *minutes east. False when s is not one. */
bool tz_fixed_parse(const char *s, int *minutes);
void tz_zone_free(struct tz_zone *z);

/* The offset in effect at instant t. */
int32_t tz_offset(const struct tz_zone *z, int64_t t);
/* The same in whole minutes, as core/i18n.h's formatters take it. */
int tz_offset_min(const struct tz_zone *z, int64_t t);
/* The abbreviation and daylight flag in effect at t. */
const char *tz_abbr(const struct tz_zone *z, int64_t t, bool *isdst);
/* The instant of a local time. A time skipped when the clock goes forward
 * is read with the offset before the change (02:30 on a spring night is
 * 03:30 daylight time), a time that happens twice is the first (RFC 5545
 * 3.3.5 does both so). Assumes, as every zone of the database allows, no
 * two changes within five days. */
int64_t tz_to_utc(const struct tz_zone *z, int64_t local);

/* t's local calendar day, as days since 1970-01-01, and as a date. */
int64_t tz_local_day(const struct tz_zone *z, int64_t t);
void tz_date(const struct tz_zone *z, int64_t t, int *y, int *m, int *d);
/* The first instant of the local day `day` (days since 1970-01-01): its
 * midnight, the first of two when the clocks went back over it, or the
 * moment the clocks jumped when that midnight did not exist. */
int64_t tz_day_first(const struct tz_zone *z, int64_t day);
/* The same for the date y-m-d. */
int64_t tz_midnight(const struct tz_zone *z, int y, int m, int d);
/* The first instant of t's local day, and of its week (Monday). */
int64_t tz_day_start(const struct tz_zone *z, int64_t t);
int64_t tz_week_start(const struct tz_zone *z, int64_t t);

/* The local seconds of the rule's change w in year y. */
int64_t tz_when_local(const struct tz_when *w, int year);
/* Up to max changes after `after` and at or before `until`, in order, into
 * out (changes that leave the offset as it was are left out); the number
 * written. */
size_t tz_changes(const struct tz_zone *z, int64_t after, int64_t until, struct tz_change *out,
                  size_t max);

/* Calendar arithmetic (proleptic Gregorian). */
int64_t tz_days_from_civil(int y, int m, int d);
void tz_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 0 Sunday ... 6 Saturday. */
int tz_weekday(int64_t days);
/* The Monday on or before days. */
int64_t tz_monday(int64_t days);
int tz_month_days(int y, int m);
/* Floor division for times before 1970 as well. */
int64_t tz_floor_div(int64_t a, int64_t b);

#endif
