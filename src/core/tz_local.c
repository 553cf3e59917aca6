/*
 * tz_local.c - local time in a zone (core/tz.h): the offset in minutes,
 * an instant's local day and date, the first instant of a local day (a
 * midnight that happens twice, or not at all), weeks from Monday, and
 * fixed offsets ("UTC+05:30") as zones.
 */
#include "core/tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define HOUR 3600

/* As in tz.c: instants this far out keep every year within an int. */
#define TZ_FAR ((int64_t)1 << 40)

/* The widest offset a zone can have (tz.c refuses wider), plus a second. */
#define TZ_SPAN (26 * HOUR)

static int64_t clamp(int64_t t)
{
    return t < -TZ_FAR ? -TZ_FAR : t > TZ_FAR ? TZ_FAR : t;
}

int tz_offset_min(const struct tz_zone *z, int64_t t)
{
    return (int)tz_floor_div(tz_offset(z, t), 60);
}

int64_t tz_local_day(const struct tz_zone *z, int64_t t)
{
    t = clamp(t);
    return tz_floor_div(t + tz_offset(z, t), DAY);
}

void tz_date(const struct tz_zone *z, int64_t t, int *y, int *m, int *d)
{
    tz_civil_from_days(tz_local_day(z, t), y, m, d);
}

int64_t tz_day_first(const struct tz_zone *z, int64_t day)
{
    int64_t local = clamp(day * DAY);
    /* The first instant that shows this midnight (tz_to_utc picks the
     * earlier of two). */
    int64_t u = tz_to_utc(z, local);
    if (u + tz_offset(z, u) == local)
        return u;
    /* Midnight was skipped: the day begins when the clocks jumped over it,
     * the first instant whose local time is at or past midnight. Local
     * time only rises within a day of a jump forward (no zone changes
     * twice within days), so a binary search finds it. */
    int64_t lo = u - TZ_SPAN, hi = u;
    while (hi - lo > 1) {
        int64_t mid = lo + (hi - lo) / 2;
        if (mid + tz_offset(z, mid) >= local)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

int64_t tz_midnight(const struct tz_zone *z, int y, int m, int d)
{
    return tz_day_first(z, tz_days_from_civil(y, m, d));
}

int64_t tz_day_start(const struct tz_zone *z, int64_t t)
{
    return tz_day_first(z, tz_local_day(z, t));
}

int64_t tz_week_start(const struct tz_zone *z, int64_t t)
{
    return tz_day_first(z, tz_monday(tz_local_day(z, t)));
}

void tz_zone_fixed(struct tz_zone *z, int minutes)
{
    memset(z, 0, sizeof *z);
    if (minutes < -(TZ_SPAN / 60 - 1) || minutes > TZ_SPAN / 60 - 1)
        minutes = 0;
    int a = abs(minutes);
    char name[TZ_ABBR_MAX] = "UTC";
    if (minutes != 0)
        snprintf(name, sizeof name, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
    memcpy(z->name, name, sizeof name);
    memcpy(z->rule.std_abbr, name, sizeof name);
    z->rule.std_off = minutes * 60;
    z->has_rule = true;
}

/* Up to two digits into *v; the number read (0 when none). */
static int digits2(const char **s, int *v)
{
    int k = 0;
    *v = 0;
    while (k < 2 && **s >= '0' && **s <= '9') {
        *v = *v * 10 + (**s - '0');
        (*s)++;
        k++;
    }
    return k;
}

bool tz_fixed_parse(const char *s, int *minutes)
{
    if (s == NULL)
        return false;
    bool utc = strncmp(s, "UTC", 3) == 0;
    if (utc)
        s += 3;
    if (utc && *s == '\0') {
        *minutes = 0;
        return true;
    }
    if (*s != '+' && *s != '-')
        return false;
    int sign = *s++ == '-' ? -1 : 1, h, m = 0;
    if (digits2(&s, &h) == 0)
        return false;
    if (*s == ':') {
        s++;
        if (digits2(&s, &m) != 2 || m > 59)
            return false;
    } else if (!utc) {
        return false; /* "+01:00" needs its minutes: "+60" says nothing clear */
    }
    if (*s != '\0' || h * 60 + m > 14 * 60)
        return false;
    *minutes = sign * (h * 60 + m);
    return true;
}
