/*
 * reminder.c - her reminder schedule: checks, the next occurrence (with
 * the week wrapping round, in her time zone), and the iCalendar text of
 * her feed and of the file she can import (core/ical.h writes the lines
 * and the VTIMEZONE).
 */
#include "core/reminder.h"

#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

const char *const reminder_default_title = N_("Time for me");

static const char *const day_names[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
static const char *const day_codes[7] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
static const char *const day_labels[7] = {N_("Monday"),   N_("Tuesday"), N_("Wednesday"),
                                          N_("Thursday"), N_("Friday"),  N_("Saturday"),
                                          N_("Sunday")};

const char *reminder_day_name(int day)
{
    return day >= 0 && day < 7 ? day_names[day] : NULL;
}

const char *reminder_day_code(int day)
{
    return day >= 0 && day < 7 ? day_codes[day] : NULL;
}

const char *reminder_day_label(int day)
{
    return day >= 0 && day < 7 ? day_labels[day] : NULL;
}

/* Removes leading and trailing spaces and tabs in place. */
static void trim(char *s)
{
    size_t n = strlen(s), lead = strspn(s, " \t");
    while (n > lead && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    memmove(s, s + lead, n - lead);
    s[n - lead] = '\0';
}

int reminder_check(struct reminder *r, struct pace_error *err)
{
    if ((r->days & REMINDER_ALL_DAYS) == 0 || (r->days & ~(unsigned)REMINDER_ALL_DAYS) != 0)
        return pace_fail(err, PACE_EINVAL, "days", "%s", _("Please choose at least one day."));
    if (r->minute < 0 || r->minute > 1439)
        return pace_fail(err, PACE_EINVAL, "time", "%s",
                         _("Please give a time of day, such as 19:30."));
    trim(r->title);
    size_t len = strlen(r->title), chars = str_utf8_len(r->title);
    if (chars == 0 || chars > REMINDER_TITLE_MAX)
        return pace_fail(err, PACE_EINVAL, "title", "%s",
                         _("Please give the reminder a title of 1 to 60 characters."));
    if (!str_valid_text(r->title, len) || strpbrk(r->title, "\r\n\t"))
        return pace_fail(err, PACE_EINVAL, "title", "%s",
                         _("The title can only be one line of plain text."));
    if (memchr(r->tz, '\0', sizeof r->tz) == NULL || (r->tz[0] && !tz_name_valid(r->tz)))
        return pace_fail(err, PACE_EINVAL, "tz", "%s",
                         _("Please choose your time zone from the list."));
    return 0;
}

int reminder_time_parse(const char *s, int *minute)
{
    if (s == NULL)
        return -1;
    size_t n = strlen(s);
    if ((n != 5 && n != 8) || s[2] != ':' || (n == 8 && s[5] != ':'))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    if (h > 23 || m > 59 || (n == 8 && (s[6] - '0') * 10 + (s[7] - '0') > 59))
        return -1;
    *minute = h * 60 + m;
    return 0;
}

void reminder_time_format(int minute, char *out, size_t n)
{
    if (minute < 0 || minute > 1439)
        minute = 0;
    snprintf(out, n, "%02d:%02d", minute / 60, minute % 60);
}

/* The weekday of a day number, Monday 0 ... Sunday 6. */
static int iso_weekday(int64_t day)
{
    return (tz_weekday(day) + 6) % 7;
}

int reminder_weekday(int64_t t, int tz_offset_min)
{
    return iso_weekday(tz_floor_div(t + (int64_t)tz_offset_min * 60, 86400));
}

int64_t reminder_next(const struct reminder *r, int64_t now, const struct tz_zone *zone,
                      int tz_offset_min)
{
    if ((r->days & REMINDER_ALL_DAYS) == 0 || r->minute < 0 || r->minute > 1439)
        return 0;
    int64_t off = zone ? tz_offset(zone, now) : (int64_t)tz_offset_min * 60;
    int64_t day = tz_floor_div(now + off, 86400);
    int wd = iso_weekday(day);
    /* Today (when the time has not passed yet) and the next seven days:
     * the eighth covers a single chosen day whose time today is past. */
    for (int i = 0; i <= 7; i++) {
        if (!(r->days & (1u << ((wd + i) % 7))))
            continue;
        int64_t local = (day + i) * 86400 + (int64_t)r->minute * 60;
        int64_t at = zone ? tz_to_utc(zone, local) : local - (int64_t)tz_offset_min * 60;
        if (at >= now)
            return at;
    }
    return 0;
}

/* A property whose value is text: NAME:escaped. */
static void text_line(struct buf *out, const char *name, const char *value)
{
    struct buf b = {0};
    buf_puts(&b, name);
    buf_putc(&b, ':');
    ical_escape_text(&b, value);
    ical_line(out, b.data);
    buf_free(&b);
}

void reminder_ical(const struct reminder *r, const struct tz_zone *zone,
                   enum reminder_ical_kind kind, struct buf *out)
{
    bool zoned = zone && r->tz[0];
    char line[160], when[32];
    ical_line(out, "BEGIN:VCALENDAR");
    ical_line(out, "VERSION:2.0");
    ical_line(out, "PRODID:-//Pace//Reminders 1.0//EN");
    ical_line(out, "CALSCALE:GREGORIAN");
    ical_line(out, "METHOD:PUBLISH");
    text_line(out, "X-WR-CALNAME", r->title);
    if (zoned)
        text_line(out, "X-WR-TIMEZONE", r->tz);
    if (kind == REMINDER_ICAL_FEED) {
        ical_line(out, "REFRESH-INTERVAL;VALUE=DURATION:PT12H");
        ical_line(out, "X-PUBLISHED-TTL:PT12H");
    }
    /* The first chosen day on or after the day (hers) the schedule was
     * set, so DTSTART agrees with the rule (RFC 5545 3.8.5.3). */
    int64_t off = zoned ? tz_offset(zone, r->updated_at) : 0;
    int64_t day = tz_floor_div(r->updated_at + off, 86400);
    for (int i = 0; i < 7 && !(r->days & (1u << iso_weekday(day))); i++)
        day++;
    int64_t start = day * 86400 + (int64_t)r->minute * 60;
    if (zoned)
        ical_vtimezone(out, r->tz, zone, tz_to_utc(zone, start));
    ical_line(out, "BEGIN:VEVENT");
    text_line(out, "UID", r->uid);
    ical_datetime(when, sizeof when, r->updated_at, true);
    snprintf(line, sizeof line, "DTSTAMP:%s", when);
    ical_line(out, line);
    snprintf(line, sizeof line, "LAST-MODIFIED:%s", when);
    ical_line(out, line);
    ical_datetime(when, sizeof when, start, false);
    if (zoned)
        snprintf(line, sizeof line, "DTSTART;TZID=%s:%s", r->tz, when);
    else
        snprintf(line, sizeof line, "DTSTART:%s", when);
    ical_line(out, line);
    snprintf(line, sizeof line, "DURATION:PT%dM", REMINDER_EVENT_MINUTES);
    ical_line(out, line);
    struct buf rule = {0};
    buf_puts(&rule, "RRULE:FREQ=WEEKLY;BYDAY=");
    bool first = true;
    for (int d = 0; d < 7; d++) {
        if (!(r->days & (1u << d)))
            continue;
        buf_printf(&rule, "%s%s", first ? "" : ",", day_codes[d]);
        first = false;
    }
    ical_line(out, rule.data);
    buf_free(&rule);
    text_line(out, "SUMMARY", r->title);
    /* Free time in her calendar, and private where the calendar is shared. */
    ical_line(out, "TRANSP:TRANSPARENT");
    ical_line(out, "CLASS:PRIVATE");
    ical_line(out, "BEGIN:VALARM");
    ical_line(out, "ACTION:DISPLAY");
    text_line(out, "DESCRIPTION", r->title);
    ical_line(out, "TRIGGER:PT0M");
    ical_line(out, "END:VALARM");
    ical_line(out, "END:VEVENT");
    ical_line(out, "END:VCALENDAR");
}
