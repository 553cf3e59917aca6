/*
 * reminder.h - practice reminders without push services: the days and the
 * time she picked and the discreet title she chose, the next time one
 * comes, and the private iCalendar feed (RFC 5545) her phone's calendar
 * subscribes to.
 *
 * The time belongs to her time zone (a tz database name such as
 * "Europe/Berlin"), so 20:00 stays 20:00 there across clock changes in
 * every calendar; a schedule saved before zones were asked for has none,
 * and its feed keeps a "floating" time that follows her phone's zone.
 * Pure: "now", her zone's data and her offset from UTC are passed in.
 */
#ifndef PACE_REMINDER_H
#define PACE_REMINDER_H

#include "core/err.h"
#include "core/ical.h"
#include "core/tz.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdint.h>

/* Days as bits, ISO order: bit 0 Monday ... bit 6 Sunday. */
#define REMINDER_ALL_DAYS 0x7f
#define REMINDER_TITLE_MAX 60 /* characters */
#define REMINDER_TITLE_BYTES (REMINDER_TITLE_MAX * 4 + 1)
#define REMINDER_UID_MAX 64
/* How long the calendar event lasts (Pace default). */
#define REMINDER_EVENT_MINUTES 15

struct reminder {
    unsigned days; /* REMINDER_ALL_DAYS bits; at least one */
    int minute;    /* minutes after local midnight, 0-1439 */
    char title[REMINDER_TITLE_BYTES];
    char uid[REMINDER_UID_MAX]; /* the event's UID, stable for her */
    char tz[TZ_NAME_MAX];       /* her time zone; "" when none was chosen */
    int64_t updated_at;         /* when the schedule last changed */
};

/* The neutral title offered when she has not chosen one, to pass through
 * _() (marked with N_). */
extern const char *const reminder_default_title;

/* Key of a day for forms and the API: "mon" ... "sun"; NULL out of range. */
const char *reminder_day_name(int day);
/* The RFC 5545 BYDAY code: "MO" ... "SU". */
const char *reminder_day_code(int day);
/* The day's name for people ("Monday"), marked with N_ for _(). */
const char *reminder_day_label(int day);

/* Checks the days (at least one, none beyond Sunday), the minute, the
 * shape of the zone's name (whether the zone exists is for the caller to
 * ask the tz database), and trims the title in place: 1-60 characters of
 * text, no line breaks or control characters. 0 or PACE_EINVAL with
 * err->field "days", "time", "tz" or "title". */
int reminder_check(struct reminder *r, struct pace_error *err);
/* "19:05" (24-hour, as <input type=time> sends it, seconds optional) into
 * *minute; -1 when malformed. */
int reminder_time_parse(const char *s, int *minute);
/* "19:05" into out (at least 6 bytes). */
void reminder_time_format(int minute, char *out, size_t n);

/* The next reminder at or after now, in UTC seconds: in zone (her time
 * zone's data) when not NULL, else for someone whose local time is UTC +
 * tz_offset_min; 0 when no day is chosen. The week wraps: late on Sunday,
 * Monday's comes next. */
int64_t reminder_next(const struct reminder *r, int64_t now, const struct tz_zone *zone,
                      int tz_offset_min);
/* The local weekday (0 Monday ... 6 Sunday) of UTC time t for that offset. */
int reminder_weekday(int64_t t, int tz_offset_min);

/* What the calendar text is for: the feed a calendar app subscribes to
 * (it says how often to look again), or a file she imports once. */
enum reminder_ical_kind { REMINDER_ICAL_FEED, REMINDER_ICAL_FILE };

/* The whole calendar for r into out: VCALENDAR with one weekly VEVENT
 * (RRULE BYDAY, DTSTART on the first chosen day on or after the day the
 * schedule was set), the title as SUMMARY and as the alarm's text, and
 * nothing else about her. With zone (the data of r->tz) the start is
 * DTSTART;TZID=<r->tz> with that zone's VTIMEZONE and X-WR-TIMEZONE;
 * without, it is floating. The text depends only on r and the zone (the
 * DTSTAMP is when the schedule last changed), so equal schedules give
 * equal bytes. */
void reminder_ical(const struct reminder *r, const struct tz_zone *zone,
                   enum reminder_ical_kind kind, struct buf *out);

#endif
