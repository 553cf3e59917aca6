/*
 * ical.c - iCalendar text: escaping, folding, date-times, and VTIMEZONE
 * components made from a zone's POSIX rule (yearly RRULEs, checked
 * against the rule itself for every year from 1970 to 2200) or, where the
 * rule does not describe the zone's future (a country that announced a
 * change, or one whose table lists each change), from its list of
 * changes.
 */
#include "core/ical.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK_FIRST 1970
#define CHECK_LAST 2200
#define LIST_YEARS 40 /* how far ahead changes are listed when no RRULE fits */
#define WEEK (7 * 86400)

static const char *const wday_codes[7] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

void ical_escape_text(struct buf *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '\\':
            buf_puts(out, "\\\\");
            break;
        case ';':
            buf_puts(out, "\\;");
            break;
        case ',':
            buf_puts(out, "\\,");
            break;
        case '\r':
            if (s[1] == '\n')
                s++;
            buf_puts(out, "\\n");
            break;
        case '\n':
            buf_puts(out, "\\n");
            break;
        default:
            buf_putc(out, *s);
        }
    }
}

void ical_line(struct buf *out, const char *line)
{
    size_t len = strlen(line), room = 75;
    const unsigned char *p = (const unsigned char *)line;
    while (len > room) {
        size_t cut = room;
        /* Never split a UTF-8 character: back up to its first byte. */
        while (cut > 0 && (p[cut] & 0xC0) == 0x80)
            cut--;
        if (cut == 0) /* not UTF-8 at all: cut by octets rather than loop */
            cut = room;
        buf_add(out, p, cut);
        buf_puts(out, "\r\n ");
        p += cut;
        len -= cut;
        room = 74; /* the leading space counts */
    }
    buf_add(out, p, len);
    buf_puts(out, "\r\n");
}

void ical_datetime(char *out, size_t n, int64_t t, bool utc)
{
    int64_t day = tz_floor_div(t, 86400), sec = t - day * 86400;
    int y, m, d;
    tz_civil_from_days(day, &y, &m, &d);
    snprintf(out, n, "%04d%02d%02dT%02d%02d%02d%s", y, m, d, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60), utc ? "Z" : "");
}

void ical_utc_offset(char *out, size_t n, int32_t off)
{
    char sign = off < 0 ? '-' : '+';
    int32_t a = off < 0 ? -off : off;
    if (a % 60)
        snprintf(out, n, "%c%02d%02d%02d", sign, (int)(a / 3600), (int)(a / 60 % 60),
                 (int)(a % 60));
    else
        snprintf(out, n, "%c%02d%02d", sign, (int)(a / 3600), (int)(a / 60 % 60));
}

/* ---- yearly recurrences --------------------------------------------------- */

int ical_yearly_day(const struct ical_yearly *y, int year)
{
    int len = tz_month_days(year, y->month);
    int wd1 = tz_weekday(tz_days_from_civil(year, y->month, 1));
    if (y->nth > 0) {
        int d = 1 + (y->wday - wd1 + 7) % 7 + 7 * (y->nth - 1);
        return d <= len ? d : 0;
    }
    if (y->nth < 0)
        return len - ((wd1 + len - 1) % 7 - y->wday + 7) % 7;
    for (int i = y->lo; i <= y->hi; i++) {
        int d = i > 0 ? i : len + 1 + i;
        if (d >= 1 && d <= len && (wd1 + d - 1) % 7 == y->wday)
            return d;
    }
    return 0;
}

/* Adds the recurrence on days lo..hi of month (0 and 13 wrap round). */
static void add_part(struct ical_yearly *out, int *n, int month, int wday, int lo, int hi,
                     int32_t time)
{
    struct ical_yearly y = {.month = month < 1    ? 12
                                     : month > 12 ? 1
                                                  : month,
                            .wday = wday,
                            .lo = lo,
                            .hi = hi,
                            .time = time};
    if (hi - lo == 6 && lo > 0 && lo <= 22 && (lo - 1) % 7 == 0)
        y.nth = (lo - 1) / 7 + 1; /* days 1-7 are the first week, and so on */
    else if (lo == -7 && hi == -1)
        y.nth = -1;
    if (*n < 2)
        out[(*n)++] = y;
}

static int cmp64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* True when the recurrences give the same local times as w from
 * CHECK_FIRST to CHECK_LAST. */
static bool yearly_matches(const struct tz_when *w, const struct ical_yearly *ys, int n)
{
    enum { YEARS = CHECK_LAST - CHECK_FIRST + 1 };
    int64_t want[YEARS], got[2 * (YEARS + 2)];
    size_t ngot = 0;
    for (int y = CHECK_FIRST; y <= CHECK_LAST; y++)
        want[y - CHECK_FIRST] = tz_when_local(w, y);
    qsort(want, YEARS, sizeof want[0], cmp64);
    for (int i = 0; i < n; i++)
        for (int y = CHECK_FIRST - 1; y <= CHECK_LAST + 1; y++) {
            int d = ical_yearly_day(&ys[i], y);
            int64_t t = tz_days_from_civil(y, ys[i].month, d) * 86400 + ys[i].time;
            if (d > 0 && t >= want[0] && t <= want[YEARS - 1])
                got[ngot++] = t;
        }
    qsort(got, ngot, sizeof got[0], cmp64);
    return ngot == YEARS && memcmp(want, got, sizeof want) == 0;
}

int ical_yearly_from_when(const struct tz_when *w, struct ical_yearly out[2])
{
    if (w->kind != 'M')
        return 0;
    /* A time past midnight (or before it) moves the change to another
     * weekday, and its window of seven days with it. */
    int k = (int)tz_floor_div(w->time, 86400);
    int32_t time = w->time - k * 86400;
    int wday = ((w->wday + k) % 7 + 7) % 7, n = 0;
    if (w->week < 5) {
        int lo = 7 * (w->week - 1) + 1 + k, hi = lo + 6, len = 28;
        if (hi > 28) { /* beyond the 28th: the month's length matters */
            if (w->month == 2)
                return 0;
            len = tz_month_days(2001, w->month);
        }
        if (lo <= 0) /* into the month before, counted from its end */
            add_part(out, &n, w->month - 1, wday, lo - 1, (hi < 0 ? hi : 0) - 1, time);
        if ((lo > 1 ? lo : 1) <= (hi < len ? hi : len))
            add_part(out, &n, w->month, wday, lo > 1 ? lo : 1, hi < len ? hi : len, time);
        if (hi > len)
            add_part(out, &n, w->month + 1, wday, (lo > len + 1 ? lo : len + 1) - len, hi - len,
                     time);
    } else { /* the last week: days -7..-1, moved by k */
        int lo = -7 + k, hi = -1 + k;
        if (lo <= -1)
            add_part(out, &n, w->month, wday, lo, hi < -1 ? hi : -1, time);
        if (hi >= 0)
            add_part(out, &n, w->month + 1, wday, (lo > 0 ? lo : 0) + 1, hi + 1, time);
    }
    return n > 0 && yearly_matches(w, out, n) ? n : 0;
}

/* ---- VTIMEZONE ------------------------------------------------------------ */

static void prop(struct buf *out, const char *name, const char *value)
{
    struct buf b = {0};
    buf_printf(&b, "%s:", name);
    ical_escape_text(&b, value);
    ical_line(out, b.data);
    buf_free(&b);
}

/* One STANDARD or DAYLIGHT; rule (an RRULE value) and rdates (an RDATE
 * value) may be NULL or empty. */
static void observance(struct buf *out, bool daylight, int64_t start_local, int32_t from,
                       int32_t to, const char *abbr, const char *rule, const char *rdates)
{
    const char *kind = daylight ? "DAYLIGHT" : "STANDARD";
    char v[40];
    struct buf line = {0};
    buf_printf(&line, "BEGIN:%s", kind);
    ical_line(out, line.data);
    ical_datetime(v, sizeof v, start_local, false);
    buf_reset(&line);
    buf_printf(&line, "DTSTART:%s", v);
    ical_line(out, line.data);
    ical_utc_offset(v, sizeof v, from);
    buf_reset(&line);
    buf_printf(&line, "TZOFFSETFROM:%s", v);
    ical_line(out, line.data);
    ical_utc_offset(v, sizeof v, to);
    buf_reset(&line);
    buf_printf(&line, "TZOFFSETTO:%s", v);
    ical_line(out, line.data);
    if (rule && *rule) {
        buf_reset(&line);
        buf_printf(&line, "RRULE:%s", rule);
        ical_line(out, line.data);
    }
    if (rdates && *rdates) {
        buf_reset(&line);
        buf_printf(&line, "RDATE:%s", rdates);
        ical_line(out, line.data);
    }
    if (abbr && *abbr)
        prop(out, "TZNAME", abbr);
    buf_reset(&line);
    buf_printf(&line, "END:%s", kind);
    ical_line(out, line.data);
    buf_free(&line);
}

static void rrule_text(struct buf *b, const struct ical_yearly *y)
{
    buf_printf(b, "FREQ=YEARLY;BYMONTH=%d;BYDAY=", y->month);
    if (y->nth != 0) {
        buf_printf(b, "%d%s", y->nth, wday_codes[y->wday]);
        return;
    }
    buf_printf(b, "%s;BYMONTHDAY=", wday_codes[y->wday]);
    for (int d = y->lo; d <= y->hi; d++)
        buf_printf(b, "%s%d", d == y->lo ? "" : ",", d);
}

/* Clamped to about 34,000 years either side of 1970, as in tz.c. */
static int year_of(int64_t t)
{
    const int64_t far = (int64_t)1 << 40;
    int y, m, d;
    tz_civil_from_days(tz_floor_div(t < -far ? -far : t > far ? far : t, 86400), &y, &m, &d);
    return y;
}

/* The yearly recurrence as a sub-component whose first change comes after
 * instant `after` (and not before 1970). */
static void yearly_observance(struct buf *out, const struct ical_yearly *y, int64_t after,
                              int32_t from, int32_t to, const char *abbr, bool daylight)
{
    int year = after == INT64_MIN ? CHECK_FIRST : year_of(after) - 1;
    if (year < CHECK_FIRST)
        year = CHECK_FIRST;
    int64_t local = 0;
    for (int i = 0; i < 40; i++, year++) {
        int d = ical_yearly_day(y, year);
        local = tz_days_from_civil(year, y->month, d) * 86400 + y->time;
        if (d > 0 && (after == INT64_MIN || local - from > after))
            break;
    }
    struct buf rule = {0};
    rrule_text(&rule, y);
    observance(out, daylight, local, from, to, abbr, rule.data, NULL);
    buf_free(&rule);
}

struct rules {
    int nstart, nend;
    struct ical_yearly start[2], end[2];
};

/* RRULEs for the zone's rule: true when there are some (or it needs none). */
static bool rule_rrules(const struct tz_zone *z, struct rules *rr)
{
    memset(rr, 0, sizeof *rr);
    if (!z->has_rule)
        return false;
    if (!z->rule.has_dst)
        return true;
    rr->nstart = ical_yearly_from_when(&z->rule.start, rr->start);
    rr->nend = ical_yearly_from_when(&z->rule.end, rr->end);
    return rr->nstart > 0 && rr->nend > 0;
}

/* True when the zone's rule alone gives its offsets from `from` on: the
 * same offset then, and around every change after it in either the table
 * or the rule. */
static bool rule_covers(const struct tz_zone *z, int64_t from)
{
    struct tz_zone rz;
    tz_zone_from_rule(&rz, &z->rule);
    if (tz_offset(z, from) != tz_offset(&rz, from))
        return false;
    for (size_t i = 0; i < z->ntrans; i++) {
        int64_t t = z->at[i];
        if (t > from &&
            (tz_offset(z, t) != tz_offset(&rz, t) || tz_offset(z, t - 1) != tz_offset(&rz, t - 1)))
            return false;
    }
    if (z->ntrans == 0 || z->at[z->ntrans - 1] <= from)
        return true;
    /* The table may run far ahead (to 2087 for Africa/Casablanca); 400
     * years is beyond any calendar's interest. */
    int64_t last = z->at[z->ntrans - 1], lim = from + (int64_t)400 * 366 * 86400;
    if (last > lim)
        last = lim;
    size_t max = 2 * (size_t)(year_of(last) - year_of(from) + 2);
    struct tz_change *ch = xcalloc(max, sizeof *ch);
    size_t n = tz_changes(&rz, from, last, ch, max);
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++)
        ok = tz_offset(z, ch[i].at) == ch[i].to && tz_offset(z, ch[i].at - 1) == ch[i].from;
    free(ch);
    return ok;
}

static void write_rules(struct buf *out, const struct tz_zone *z, const struct rules *rr)
{
    const struct tz_rule *r = &z->rule;
    if (!r->has_dst) {
        observance(out, false, 0, r->std_off, r->std_off, r->std_abbr, NULL, NULL);
        return;
    }
    /* DAYLIGHT is the part with the larger offset, also where the zone
     * calls winter its daylight time (Europe/Dublin). */
    for (int i = 0; i < rr->nstart; i++)
        yearly_observance(out, &rr->start[i], INT64_MIN, r->std_off, r->dst_off, r->dst_abbr,
                          r->dst_off > r->std_off);
    for (int i = 0; i < rr->nend; i++)
        yearly_observance(out, &rr->end[i], INT64_MIN, r->dst_off, r->std_off, r->std_abbr,
                          r->std_off > r->dst_off);
}

static bool same_kind(const struct tz_change *a, const struct tz_change *b)
{
    return a->from == b->from && a->to == b->to && a->isdst == b->isdst &&
           strcmp(a->abbr, b->abbr) == 0;
}

/* Each change from a week before `from` on, grouped into one sub-component
 * per kind of change (DTSTART the first, RDATE the others), then the rule's
 * RRULEs after the table's last change when they fit. */
static void write_changes(struct buf *out, const struct tz_zone *z, int64_t from,
                          const struct rules *rr, bool rrules)
{
    int64_t s = from - WEEK;
    bool dst0;
    const char *abbr0 = tz_abbr(z, s, &dst0);
    int32_t off0 = tz_offset(z, s);
    observance(out, dst0, s + off0, off0, off0, abbr0, NULL, NULL);

    int64_t table_end = z->ntrans > 0 && z->at[z->ntrans - 1] > s ? z->at[z->ntrans - 1] : s;
    bool dst_rule = z->has_rule && z->rule.has_dst;
    int64_t until = dst_rule && !rrules ? s + (int64_t)LIST_YEARS * 366 * 86400 : table_end;
    size_t max = z->ntrans + 2 * (LIST_YEARS + 2);
    struct tz_change *ch = xcalloc(max, sizeof *ch);
    bool *done = xcalloc(max, sizeof *done);
    size_t n = tz_changes(z, s, until, ch, max);
    for (size_t i = 0; i < n; i++) {
        if (done[i])
            continue;
        struct buf rdates = {0};
        for (size_t j = i + 1; j < n; j++) {
            if (done[j] || !same_kind(&ch[i], &ch[j]))
                continue;
            char v[32];
            ical_datetime(v, sizeof v, ch[j].at + ch[j].from, false);
            buf_printf(&rdates, "%s%s", rdates.len ? "," : "", v);
            done[j] = true;
        }
        observance(out, ch[i].isdst, ch[i].at + ch[i].from, ch[i].from, ch[i].to, ch[i].abbr, NULL,
                   rdates.data);
        buf_free(&rdates);
    }
    free(done);
    free(ch);
    if (!dst_rule || !rrules)
        return;
    const struct tz_rule *r = &z->rule;
    for (int i = 0; i < rr->nstart; i++)
        yearly_observance(out, &rr->start[i], table_end, r->std_off, r->dst_off, r->dst_abbr,
                          r->dst_off > r->std_off);
    for (int i = 0; i < rr->nend; i++)
        yearly_observance(out, &rr->end[i], table_end, r->dst_off, r->std_off, r->std_abbr,
                          r->std_off > r->dst_off);
}

void ical_vtimezone(struct buf *out, const char *tzid, const struct tz_zone *z, int64_t from)
{
    ical_line(out, "BEGIN:VTIMEZONE");
    prop(out, "TZID", tzid);
    struct rules rr;
    bool rrules = rule_rrules(z, &rr);
    if (rrules && rule_covers(z, from))
        write_rules(out, z, &rr);
    else
        write_changes(out, z, from, &rr, rrules);
    ical_line(out, "END:VTIMEZONE");
}
