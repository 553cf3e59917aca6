/*
 * zone.c - time zones from the tz database for the report; see zone.h.
 *
 * A TZif file (RFC 8536) holds the zone's transitions and, from version 2
 * on, a POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3") for the years after
 * the last one. Both are read strictly; a file with leap seconds (the
 * "right/" zones) is refused, as its instants are not UTC seconds.
 */
#include "report/zone.h"

#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef ZONE_DIR
#define ZONE_DIR "/usr/share/zoneinfo"
#endif

#define DAY 86400
#define ZONE_FILE_MAX (256 * 1024)
#define OFF_MAX (26 * 3600) /* the widest offset the parser accepts */

/* ---- calendar ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* After Howard Hinnant's days_from_civil / civil_from_days. */
int64_t zone_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = floor_div(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void zone_civil_from_days(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return md[m - 1] + (m == 2 && leap_year(y));
}

/* ---- the POSIX TZ rule ---- */

/* A zone abbreviation: three or more letters, or anything in <...>. */
static bool rule_name(const char **p)
{
    const char *s = *p;
    if (*s == '<') {
        const char *e = strchr(s, '>');
        if (e == NULL || e - s < 4)
            return false;
        *p = e + 1;
        return true;
    }
    size_t n = 0;
    while ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))
        n++;
    if (n < 3)
        return false;
    *p = s + n;
    return true;
}

/* [+-]hh[:mm[:ss]] as seconds; hours up to max_h. */
static bool rule_hms(const char **p, int max_h, int32_t *out)
{
    const char *s = *p;
    int sign = 1;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    int part[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        if (i > 0) {
            if (*s != ':')
                break;
            s++;
        }
        if (*s < '0' || *s > '9')
            return false;
        int v = 0, digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 3) {
            v = v * 10 + (*s++ - '0');
            digits++;
        }
        if ((i == 0 && v > max_h) || (i > 0 && (v > 59 || digits != 2)))
            return false;
        part[i] = v;
    }
    *out = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
    *p = s;
    return true;
}

static bool rule_num(const char **p, int lo, int hi, int *out)
{
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return false;
    int v = 0;
    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        if (v > hi)
            return false;
    }
    if (v < lo)
        return false;
    *out = v;
    *p = s;
    return true;
}

static bool rule_date(const char **p, struct zone_rule_date *d)
{
    const char *s = *p;
    d->time = 2 * 3600;
    if (*s == 'J') {
        s++;
        d->kind = 'J';
        if (!rule_num(&s, 1, 365, &d->a))
            return false;
    } else if (*s == 'M') {
        s++;
        d->kind = 'M';
        if (!rule_num(&s, 1, 12, &d->a) || *s++ != '.' || !rule_num(&s, 1, 5, &d->b) ||
            *s++ != '.' || !rule_num(&s, 0, 6, &d->c))
            return false;
    } else {
        d->kind = 'D';
        if (!rule_num(&s, 0, 365, &d->a))
            return false;
    }
    if (*s == '/') {
        s++;
        if (!rule_hms(&s, 167, &d->time)) /* RFC 8536: -167 to 167 hours */
            return false;
    }
    *p = s;
    return true;
}

static bool rule_parse(const char *s, struct zone_rule *r)
{
    memset(r, 0, sizeof *r);
    if (*s == '\0')
        return true; /* no rule: the last transition holds */
    int32_t off;
    if (!rule_name(&s) || !rule_hms(&s, 24, &off))
        return false;
    r->std_off = -off; /* POSIX counts west */
    r->set = true;
    if (*s == '\0')
        return true;
    if (!rule_name(&s))
        return false;
    r->has_dst = true;
    r->dst_off = r->std_off + 3600;
    if (*s != ',' && *s != '\0') {
        if (!rule_hms(&s, 24, &off))
            return false;
        r->dst_off = -off;
    }
    /* A daylight-saving zone without dates has no defined rule. */
    if (*s++ != ',' || !rule_date(&s, &r->start) || *s++ != ',' || !rule_date(&s, &r->end))
        return false;
    return *s == '\0';
}

/* The local midnight (as days since the epoch) of a rule's date in year y. */
static int64_t rule_day(const struct zone_rule_date *d, int y)
{
    int64_t jan1 = zone_days_from_civil(y, 1, 1);
    if (d->kind == 'J')
        return jan1 + d->a - 1 + (leap_year(y) && d->a >= 60);
    if (d->kind == 'D')
        return jan1 + d->a;
    int64_t first = zone_days_from_civil(y, d->a, 1);
    int wd = (int)(((first + 4) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
    int day = 1 + (d->c - wd + 7) % 7 + (d->b - 1) * 7;
    while (day > month_days(y, d->a))
        day -= 7;
    return first + day - 1;
}

static int32_t rule_offset(const struct zone_rule *r, int64_t t)
{
    if (!r->has_dst)
        return r->std_off;
    int y, m, d;
    zone_civil_from_days(floor_div(t + r->std_off, DAY), &y, &m, &d);
    int64_t start = rule_day(&r->start, y) * DAY + r->start.time - r->std_off;
    int64_t end = rule_day(&r->end, y) * DAY + r->end.time - r->dst_off;
    bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return dst ? r->dst_off : r->std_off;
}

/* ---- TZif ---- */

struct tzif_head {
    char version;
    uint32_t isut, isstd, leap, times, types, chars;
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static bool tzif_head(const unsigned char *p, size_t left, struct tzif_head *h)
{
    if (left < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    h->version = (char)p[4];
    if (h->version != '\0' && (h->version < '2' || h->version > '4'))
        return false;
    h->isut = be32(p + 20);
    h->isstd = be32(p + 24);
    h->leap = be32(p + 28);
    h->times = be32(p + 32);
    h->types = be32(p + 36);
    h->chars = be32(p + 40);
    return h->types >= 1 && h->types <= 256 && h->chars >= 1 && h->times <= 100000 &&
           h->leap <= 100000 && h->chars <= 100000 && (h->isut == 0 || h->isut == h->types) &&
           (h->isstd == 0 || h->isstd == h->types);
}

static size_t tzif_block(const struct tzif_head *h, size_t tsize)
{
    return h->times * tsize + h->times + h->types * 6 + h->chars + h->leap * (tsize + 4) +
           h->isstd + h->isut;
}

static int bad_zone(struct pace_error *err)
{
    return pace_fail(err, PACE_EINVAL, "zone", "%s",
                     _("This time zone is not known. Please give it as region and city, for "
                       "example Europe/Berlin, or as UTC."));
}

int zone_parse(const char *name, const unsigned char *data, size_t len, struct zone *z,
               struct pace_error *err)
{
    memset(z, 0, sizeof *z);
    snprintf(z->name, sizeof z->name, "%s", name ? name : "");
    struct tzif_head h;
    if (!tzif_head(data, len, &h))
        return bad_zone(err);
    size_t pos = 44, tsize = 4;
    if (h.version != '\0') {
        /* skip the 32-bit block for the 64-bit one */
        size_t skip = tzif_block(&h, 4);
        if (skip > len - pos || !tzif_head(data + pos + skip, len - pos - skip, &h))
            return bad_zone(err);
        pos += skip + 44;
        tsize = 8;
    }
    size_t block = tzif_block(&h, tsize);
    if (h.leap != 0 || block > len - pos)
        return bad_zone(err);
    const unsigned char *times = data + pos, *idx = times + h.times * tsize, *types = idx + h.times;
    int32_t offs[256];
    for (uint32_t i = 0; i < h.types; i++) {
        int32_t o = (int32_t)be32(types + 6 * i);
        if (o < -OFF_MAX || o > OFF_MAX || types[6 * i + 4] > 1 || types[6 * i + 5] >= h.chars)
            return bad_zone(err);
        offs[i] = o;
    }
    z->first_off = offs[0];
    z->at = xcalloc(h.times + 1, sizeof *z->at);
    z->off = xcalloc(h.times + 1, sizeof *z->off);
    for (uint32_t i = 0; i < h.times; i++) {
        int64_t t = tsize == 8 ? be64(times + 8 * i) : (int32_t)be32(times + 4 * i);
        if (idx[i] >= h.types || (i > 0 && t <= z->at[i - 1])) {
            zone_free(z);
            return bad_zone(err);
        }
        z->at[i] = t;
        z->off[i] = offs[idx[i]];
    }
    z->n = h.times;
    pos += block;
    if (h.version != '\0') {
        /* the footer: "\n" rule "\n" */
        char rule[128];
        const unsigned char *nl = pos < len ? memchr(data + pos + 1, '\n', len - pos - 1) : NULL;
        size_t rl = nl ? (size_t)(nl - data) - pos - 1 : 0;
        if (pos >= len || data[pos] != '\n' || nl == NULL || rl >= sizeof rule) {
            zone_free(z);
            return bad_zone(err);
        }
        memcpy(rule, data + pos + 1, rl);
        rule[rl] = '\0';
        if (!rule_parse(rule, &z->rule) ||
            (z->rule.set && (z->rule.std_off < -OFF_MAX || z->rule.std_off > OFF_MAX ||
                             z->rule.dst_off < -OFF_MAX || z->rule.dst_off > OFF_MAX))) {
            zone_free(z);
            return bad_zone(err);
        }
    }
    return 0;
}

/* "UTC", "UTC+1", "UTC+01:00", "UTC-05:30" as minutes east; -1 when not. */
static bool fixed_name(const char *s, int *minutes)
{
    if (strncmp(s, "UTC", 3) != 0)
        return false;
    s += 3;
    if (*s == '\0') {
        *minutes = 0;
        return true;
    }
    if (*s != '+' && *s != '-')
        return false;
    int32_t secs;
    const char *p = s;
    if (!rule_hms(&p, 14, &secs) || *p != '\0' || secs % 60 != 0)
        return false;
    *minutes = secs / 60;
    return *minutes >= -840 && *minutes <= 840;
}

/* Region/City: letters, digits and ._+- in non-empty parts that do not
 * start with a dot, so the name stays inside the tz database. */
static bool iana_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= ZONE_NAME_MAX)
        return false;
    bool part_start = true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '/') {
            if (part_start)
                return false;
            part_start = true;
            continue;
        }
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '+' || c == '-' || c == '.') ||
            (part_start && (c == '.' || c == '-')))
            return false;
        part_start = false;
    }
    return !part_start;
}

void zone_fixed(int minutes, struct zone *z)
{
    memset(z, 0, sizeof *z);
    z->first_off = minutes * 60;
    int a = abs(minutes);
    if (minutes == 0)
        snprintf(z->name, sizeof z->name, "UTC");
    else
        snprintf(z->name, sizeof z->name, "UTC%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60,
                 a % 60);
}

int zone_load(const char *name, struct zone *z, struct pace_error *err)
{
    memset(z, 0, sizeof *z);
    int minutes;
    if (name && fixed_name(name, &minutes)) {
        zone_fixed(minutes, z);
        return 0;
    }
    if (name == NULL || !iana_name(name))
        return bad_zone(err);
    char path[sizeof ZONE_DIR + ZONE_NAME_MAX + 2];
    snprintf(path, sizeof path, "%s/%s", ZONE_DIR, name);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return bad_zone(err);
    struct stat st;
    unsigned char *data = NULL;
    ssize_t got = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        st.st_size <= ZONE_FILE_MAX) {
        data = xmalloc((size_t)st.st_size);
        size_t have = 0;
        while (have < (size_t)st.st_size) {
            ssize_t r = read(fd, data + have, (size_t)st.st_size - have);
            if (r < 0 && errno == EINTR)
                continue;
            if (r <= 0)
                break;
            have += (size_t)r;
        }
        got = (ssize_t)have;
    }
    close(fd);
    int rc =
        data && got == st.st_size ? zone_parse(name, data, (size_t)got, z, err) : bad_zone(err);
    free(data);
    return rc;
}

void zone_free(struct zone *z)
{
    free(z->at);
    free(z->off);
    z->at = NULL;
    z->off = NULL;
    z->n = 0;
}

int32_t zone_offset(const struct zone *z, int64_t t)
{
    if (z->n == 0 || t < z->at[0])
        return z->n == 0 && z->rule.set ? rule_offset(&z->rule, t) : z->first_off;
    if (t > z->at[z->n - 1] && z->rule.set)
        return rule_offset(&z->rule, t);
    size_t lo = 0, hi = z->n; /* the last transition at or before t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return z->off[lo];
}

int zone_offset_min(const struct zone *z, int64_t t)
{
    return (int)floor_div(zone_offset(z, t), 60);
}

void zone_date(const struct zone *z, int64_t t, int *y, int *m, int *d)
{
    zone_civil_from_days(floor_div(t + zone_offset(z, t), DAY), y, m, d);
}

int64_t zone_midnight(const struct zone *z, int y, int m, int d)
{
    int64_t local = zone_days_from_civil(y, m, d) * DAY;
    /* Every offset that can apply to this local time is in force within
     * two days of it; the earliest instant that shows it wins (after the
     * clocks went back, midnight happens twice). */
    int32_t before = zone_offset(z, local - 2 * DAY);
    int32_t cand[3] = {before, zone_offset(z, local), zone_offset(z, local + 2 * DAY)};
    bool found = false;
    int64_t best = 0;
    for (int i = 0; i < 3; i++) {
        int64_t t = local - cand[i];
        if (zone_offset(z, t) == cand[i] && (!found || t < best)) {
            best = t;
            found = true;
        }
    }
    /* Midnight skipped by a jump forward: the day begins at the jump. */
    return found ? best : local - before;
}

int64_t zone_day_start(const struct zone *z, int64_t t)
{
    int y, m, d;
    zone_date(z, t, &y, &m, &d);
    return zone_midnight(z, y, m, d);
}
