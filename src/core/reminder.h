/*
 * reminder.h - practice reminders without push services: the days and the
 * time she picked and the discreet title she chose, the next time one
 * comes, and the private iCalendar feed (RFC 5545) her phone's calendar
 * subscribes to.
 *
 * The time is "floating" (no time zone), so the event follows whatever
 * zone her phone is in. Pure: "now" and her offset from UTC are passed in.
 */
#ifndef PACE_REMINDER_H
#define PACE_REMINDER_H

#include "core/err.h"
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
    unsigned days;  /* REMINDER_ALL_DAYS bits; at least one */
    int minute;     /* minutes after local midnight, 0-1439 */
    char title[REMINDER_TITLE_BYTES];
    char uid[REMINDER_UID_MAX]; /* the event's UID, stable for her */
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

/* Checks the days (at least one, none beyond Sunday), the minute, and
 * trims the title in place: 1-60 characters of text, no line breaks or
 * control characters. 0 or PACE_EINVAL with err->field "days", "time" or
 * "title". */
int reminder_check(struct reminder *r, struct pace_error *err);
/* "19:05" (24-hour, as <input type=time> sends it, seconds optional) into
 * *minute; -1 when malformed. */
int reminder_time_parse(const char *s, int *minute);
/* "19:05" into out (at least 6 bytes). */
void reminder_time_format(int minute, char *out, size_t n);

/* The next reminder at or after now, in UTC seconds, for someone whose
 * local time is UTC + tz_offset_min; 0 when no day is chosen. The week
 * wraps: late on Sunday, Monday's comes next. */
int64_t reminder_next(const struct reminder *r, int64_t now, int tz_offset_min);
/* The local weekday (0 Monday ... 6 Sunday) of UTC time t for that offset. */
int reminder_weekday(int64_t t, int tz_offset_min);

/* Appends to out a text value escaped for iCalendar: backslash, comma and
 * semicolon get a backslash, a line break becomes "\n". */
void ical_escape_text(struct buf *out, const char *s);
/* Appends one content line to out, folded so that no line exceeds 75
 * octets (a CRLF and a space before each continuation, never inside a
 * UTF-8 character), ended with CRLF. */
void ical_line(struct buf *out, const char *line);

/* The whole calendar for r into out: VCALENDAR with one weekly VEVENT
 * (RRULE BYDAY, floating DTSTART on the first chosen day on or after the
 * day the schedule was set), the title as SUMMARY and as the alarm's
 * text, and nothing else about her. now is the DTSTAMP. */
void reminder_ical(const struct reminder *r, int64_t now, struct buf *out);

#endif
