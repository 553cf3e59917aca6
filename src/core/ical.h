/*
 * ical.h - writing iCalendar text (RFC 5545): escaping, lines folded at 75
 * octets with CRLF ends, date-times and UTC offsets, and the VTIMEZONE of
 * a tz database zone, so that a time such as 20:00 in Europe/Berlin stays
 * 20:00 there in every calendar, on both sides of a clock change. Pure.
 */
#ifndef PACE_ICAL_H
#define PACE_ICAL_H

#include "core/tz.h"
#include "core/util.h"

#include <stdbool.h>
#include <stdint.h>

/* Appends to out a text value escaped for iCalendar: backslash, comma and
 * semicolon get a backslash, a line break becomes "\n". */
void ical_escape_text(struct buf *out, const char *s);
/* Appends one content line to out, folded so that no line exceeds 75
 * octets (a CRLF and a space before each continuation, never inside a
 * UTF-8 character), ended with CRLF. */
void ical_line(struct buf *out, const char *line);
/* "20260329T020000" for local seconds t; utc adds "Z" (t is then an
 * instant). out holds at least 17 bytes. */
void ical_datetime(char *out, size_t n, int64_t t, bool utc);
/* "+0100", "-0330", "+005328" (seconds only when there are any). */
void ical_utc_offset(char *out, size_t n, int32_t off);

/* One yearly recurrence of a clock change, as a VTIMEZONE's RRULE says
 * it: weekday wday (0 Sunday) of month, either the nth (1-4, -1 the last)
 * or the one among days lo..hi of the month (negative counting from its
 * end: -1 is the last day), at time seconds after local midnight. */
struct ical_yearly {
    int month, wday, nth, lo, hi;
    int32_t time;
};

/* The yearly recurrences (one, or two when a change late in the evening
 * can fall in either of two months) that give exactly the local times of
 * the POSIX change w in every year from 1970 to 2200, into out; their
 * number, or 0 when RRULEs of this kind cannot say it. */
int ical_yearly_from_when(const struct tz_when *w, struct ical_yearly out[2]);
/* The day of the month that y picks in year, or 0 when it picks none. */
int ical_yearly_day(const struct ical_yearly *y, int year);

/* Appends a VTIMEZONE with TZID tzid that gives z's offsets for every
 * instant from `from` on: STANDARD and DAYLIGHT sub-components with yearly
 * RRULEs when the zone's rule covers it from then on, or else each change
 * listed (DTSTART and RDATE), followed by the rule. A zone without daylight
 * time gets one STANDARD. */
void ical_vtimezone(struct buf *out, const char *tzid, const struct tz_zone *z, int64_t from);

#endif
