/*
 * tz.c - the tz database's compiled zones (TZif, RFC 8536) and POSIX TZ
 * rules: strict readers, offsets at an instant, local time to an instant,
 * and a zone's list of changes, merging its table with the rule that
 * follows it. Local days, midnights and fixed offsets: tz_local.c.
 */
#include "core/tz.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Instants are clamped to about 34,000 years either side of 1970 before
 * any calendar arithmetic, so no year overflows an int. */
#define TZ_FAR ((int64_t)1 << 40)

#define TZ_LIMIT ((int64_t)1 << 59)

/* Offsets beyond what RFC 8536 recommends (-25:59:59 to +25:59:59). */
#define TZ_MAX_OFF 93599

int64_t tz_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* After Howard Hinnant's days_from_civil and civil_from_days. */
int64_t tz_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = tz_floor_div(yy, 400);
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void tz_civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = tz_floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int tz_weekday(int64_t days)
{
    /* 1 January 1970 was a Thursday. */
    return (int)(((days + 4) % 7 + 7) % 7);
}

int64_t tz_monday(int64_t days)
{
    return days - (tz_weekday(days) + 6) % 7;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tz_month_days(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : n[(m - 1) % 12];
}

static int64_t clamp(int64_t t)
{
    return t < -TZ_FAR ? -TZ_FAR : t > TZ_FAR ? TZ_FAR : t;
}

static int year_of(int64_t t)
{
    int y, m, d;
    tz_civil_from_days(tz_floor_div(clamp(t), 86400), &y, &m, &d);
    return y;
}

/* ---- names ---------------------------------------------------------------- */

bool tz_name_valid(const char *name)
{
    size_t n = name ? strlen(name) : 0, part = 0;
    if (n == 0 || n >= TZ_NAME_MAX || name[0] == '/' || name[n - 1] == '/')
        return false;
    for (size_t i = 0; i <= n; i++) {
        char c = name[i];
        if (c == '/' || c == '\0') {
            const char *p = name + i - part;
            if (part == 0 || part > 14 || (part == 1 && p[0] == '.') ||
                (part == 2 && p[0] == '.' && p[1] == '.') || p[0] == '-')
                return false;
            part = 0;
        } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '_' || c == '+' || c == '-') {
            part++;
        } else {
            return false;
        }
    }
    return true;
}

/* ---- POSIX TZ rules ------------------------------------------------------- */

/* "CET" or "<+0530>" into out; NULL when malformed. */
static const char *read_abbr(const char *s, char out[TZ_ABBR_MAX])
{
    size_t n = 0;
    if (*s == '<') {
        s++;
        while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
               *s == '+' || *s == '-') {
            if (n + 1 >= TZ_ABBR_MAX)
                return NULL;
            out[n++] = *s++;
        }
        if (*s != '>')
            return NULL;
        s++;
    } else {
        while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
            if (n + 1 >= TZ_ABBR_MAX)
                return NULL;
            out[n++] = *s++;
        }
    }
    out[n] = '\0';
    return n >= 3 ? s : NULL;
}

/* Up to digits decimal digits, at most max; NULL when none. */
static const char *read_num(const char *s, int digits, int max, int *out)
{
    int v = 0, k = 0;
    while (k < digits && *s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        k++;
    }
    if (k == 0 || v > max || (*s >= '0' && *s <= '9'))
        return NULL;
    *out = v;
    return s;
}

/* [+-]h[h[h]][:mm[:ss]] with hours up to max_h, in seconds. */
static const char *read_hms(const char *s, int max_h, int32_t *out)
{
    int sign = 1, h, m = 0, sec = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if ((s = read_num(s, 3, max_h, &h)) == NULL)
        return NULL;
    if (*s == ':' && (s = read_num(s + 1, 2, 59, &m)) != NULL && *s == ':')
        s = read_num(s + 1, 2, 59, &sec);
    if (s == NULL)
        return NULL;
    *out = sign * (h * 3600 + m * 60 + sec);
    return s;
}

static const char *read_when(const char *s, struct tz_when *w)
{
    memset(w, 0, sizeof *w);
    w->time = 2 * 3600;
    if (*s == 'M') {
        w->kind = 'M';
        if ((s = read_num(s + 1, 2, 12, &w->month)) == NULL || w->month < 1 || *s != '.' ||
            (s = read_num(s + 1, 1, 5, &w->week)) == NULL || w->week < 1 || *s != '.' ||
            (s = read_num(s + 1, 1, 6, &w->wday)) == NULL)
            return NULL;
    } else if (*s == 'J') {
        w->kind = 'J';
        if ((s = read_num(s + 1, 3, 365, &w->yday)) == NULL || w->yday < 1)
            return NULL;
    } else {
        w->kind = 'D';
        if ((s = read_num(s, 3, 365, &w->yday)) == NULL)
            return NULL;
    }
    if (*s == '/')
        s = read_hms(s + 1, 167, &w->time);
    return s;
}

int tz_parse_rule(const char *s, struct tz_rule *out)
{
    memset(out, 0, sizeof *out);
    int32_t west;
    if (s == NULL || (s = read_abbr(s, out->std_abbr)) == NULL ||
        (s = read_hms(s, 24, &west)) == NULL)
        return -1;
    out->std_off = -west;
    if (*s == '\0')
        return 0;
    if ((s = read_abbr(s, out->dst_abbr)) == NULL)
        return -1;
    out->has_dst = true;
    out->dst_off = out->std_off + 3600;
    if (*s != ',') {
        if ((s = read_hms(s, 24, &west)) == NULL)
            return -1;
        out->dst_off = -west;
    }
    if (*s != ',' || (s = read_when(s + 1, &out->start)) == NULL || *s != ',' ||
        (s = read_when(s + 1, &out->end)) == NULL || *s != '\0')
        return -1;
    return 0;
}

int64_t tz_when_local(const struct tz_when *w, int year)
{
    int64_t day;
    if (w->kind == 'M') {
        int64_t first = tz_days_from_civil(year, w->month, 1);
        int d = (w->wday - tz_weekday(first) + 7) % 7 + 7 * (w->week - 1);
        while (d >= tz_month_days(year, w->month))
            d -= 7;
        day = first + d;
    } else {
        int64_t jan1 = tz_days_from_civil(year, 1, 1);
        if (w->kind == 'J')
            day = jan1 + w->yday - 1 + (leap(year) && w->yday >= 60);
        else
            day = jan1 + w->yday;
    }
    return day * 86400 + w->time;
}

struct event {
    int64_t at;
    bool dst; /* into daylight time */
};

static int event_cmp(const void *a, const void *b)
{
    const struct event *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return (int)x->dst - (int)y->dst; /* a start wins a tie: daylight all year */
}

/* The rule's changes in years y0..y1, sorted, into ev (2 per year). */
static size_t rule_events(const struct tz_rule *r, int y0, int y1, struct event *ev)
{
    size_t n = 0;
    for (int y = y0; y <= y1; y++) {
        ev[n++] = (struct event){tz_when_local(&r->start, y) - r->std_off, true};
        ev[n++] = (struct event){tz_when_local(&r->end, y) - r->dst_off, false};
    }
    qsort(ev, n, sizeof *ev, event_cmp);
    return n;
}

static bool rule_dst_at(const struct tz_rule *r, int64_t t)
{
    if (!r->has_dst)
        return false;
    struct event ev[6];
    int y = year_of(clamp(t) + r->std_off);
    size_t n = rule_events(r, y - 1, y + 1, ev);
    bool dst = false;
    for (size_t i = 0; i < n && ev[i].at <= t; i++)
        dst = ev[i].dst;
    return dst;
}

/* ---- TZif ----------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

struct counts {
    uint64_t isut, isstd, leap, time, type, chars;
};

static int read_header(const unsigned char *p, size_t len, struct counts *c, char *version)
{
    if (len < 44 || memcmp(p, "TZif", 4) != 0)
        return -1;
    *version = (char)p[4];
    if (*version != '\0' && (*version < '2' || *version > '4'))
        return -1;
    c->isut = be32(p + 20);
    c->isstd = be32(p + 24);
    c->leap = be32(p + 28);
    c->time = be32(p + 32);
    c->type = be32(p + 36);
    c->chars = be32(p + 40);
    if (c->type == 0 || c->type > 256 || c->chars == 0 || (c->isut != 0 && c->isut != c->type) ||
        (c->isstd != 0 && c->isstd != c->type))
        return -1;
    return 0;
}

static uint64_t block_len(const struct counts *c, unsigned tsize)
{
    return c->time * tsize + c->time + c->type * 6 + c->chars + c->leap * (tsize + 4) + c->isstd +
           c->isut;
}

static int read_block(const unsigned char *p, const struct counts *c, unsigned tsize,
                      struct tz_zone *z)
{
    z->ntrans = (size_t)c->time;
    z->ntypes = (size_t)c->type;
    z->at = xcalloc(z->ntrans + 1, sizeof *z->at);
    z->type = xcalloc(z->ntrans + 1, 1);
    z->types = xcalloc(z->ntypes, sizeof *z->types);
    for (size_t i = 0; i < z->ntrans; i++, p += tsize) {
        z->at[i] = tsize == 8 ? be64(p) : (int64_t)(int32_t)be32(p);
        /* zic writes nothing before -2^59 (its "big bang"); nothing beyond
         * 2^59 either, so an instant plus an offset never overflows */
        if ((i > 0 && z->at[i] <= z->at[i - 1]) || z->at[i] < -TZ_LIMIT || z->at[i] > TZ_LIMIT)
            return -1;
    }
    for (size_t i = 0; i < z->ntrans; i++)
        if ((z->type[i] = *p++) >= z->ntypes)
            return -1;
    const unsigned char *chars = p + z->ntypes * 6;
    for (size_t i = 0; i < z->ntypes; i++, p += 6) {
        int32_t off = (int32_t)be32(p);
        unsigned idx = p[5];
        if (off < -TZ_MAX_OFF || off > TZ_MAX_OFF || p[4] > 1 || idx >= c->chars ||
            memchr(chars + idx, '\0', (size_t)c->chars - idx) == NULL)
            return -1;
        z->types[i].utoff = off;
        z->types[i].isdst = p[4] == 1;
        snprintf(z->types[i].abbr, TZ_ABBR_MAX, "%s", (const char *)chars + idx);
    }
    return 0;
}

int tz_parse_tzif(const unsigned char *data, size_t len, struct tz_zone *out,
                  struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    struct counts c;
    char version;
    if (read_header(data, len, &c, &version) != 0 || block_len(&c, 4) > len - 44)
        return pace_fail(err, PACE_EINVAL, NULL, "not a TZif file");
    if (c.leap != 0)
        return pace_fail(err, PACE_EINVAL, NULL, "the zone counts leap seconds");
    size_t pos = 44;
    unsigned tsize = 4;
    if (version != '\0') { /* skip the 32-bit data for the 64-bit block */
        pos += (size_t)block_len(&c, 4);
        if (read_header(data + pos, len - pos, &c, &version) != 0 ||
            block_len(&c, 8) > len - pos - 44)
            return pace_fail(err, PACE_EINVAL, NULL, "not a TZif file");
        if (c.leap != 0)
            return pace_fail(err, PACE_EINVAL, NULL, "the zone counts leap seconds");
        pos += 44;
        tsize = 8;
    }
    if (read_block(data + pos, &c, tsize, out) != 0)
        return pace_fail(err, PACE_EINVAL, NULL, "the zone's table is malformed");
    pos += (size_t)block_len(&c, tsize);
    if (tsize == 8) {
        const unsigned char *nl;
        if (pos >= len || data[pos] != '\n' ||
            (nl = memchr(data + pos + 1, '\n', len - pos - 1)) == NULL)
            return pace_fail(err, PACE_EINVAL, NULL, "the zone's rule is missing");
        size_t n = (size_t)(nl - (data + pos + 1));
        if (n > 0) {
            char rule[128];
            if (n >= sizeof rule)
                return pace_fail(err, PACE_EINVAL, NULL, "the zone's rule is too long");
            memcpy(rule, data + pos + 1, n);
            rule[n] = '\0';
            if (tz_parse_rule(rule, &out->rule) != 0)
                return pace_fail(err, PACE_EINVAL, NULL, "the zone's rule is malformed");
            out->has_rule = true;
        }
    }
    return 0;
}

void tz_zone_from_rule(struct tz_zone *z, const struct tz_rule *rule)
{
    memset(z, 0, sizeof *z);
    z->rule = *rule;
    z->has_rule = true;
}

void tz_zone_free(struct tz_zone *z)
{
    free(z->at);
    free(z->type);
    free(z->types);
    memset(z, 0, sizeof *z);
}

/* ---- offsets -------------------------------------------------------------- */

static void lookup(const struct tz_zone *z, int64_t t, int32_t *off, bool *isdst, const char **abbr)
{
    if (z == NULL) {
        *off = 0;
        *isdst = false;
        *abbr = "UTC";
        return;
    }
    size_t lo = 0, hi = z->ntrans; /* the first change after t is at index lo */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->at[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (z->has_rule && lo == z->ntrans) {
        bool dst = rule_dst_at(&z->rule, t);
        *off = dst ? z->rule.dst_off : z->rule.std_off;
        *isdst = dst;
        *abbr = dst ? z->rule.dst_abbr : z->rule.std_abbr;
        return;
    }
    const struct tz_type *ty = NULL;
    if (lo > 0)
        ty = &z->types[z->type[lo - 1]];
    else if (z->ntypes > 0)
        ty = &z->types[0];
    *off = ty ? ty->utoff : 0;
    *isdst = ty && ty->isdst;
    *abbr = ty ? ty->abbr : "UTC";
}

int32_t tz_offset(const struct tz_zone *z, int64_t t)
{
    int32_t off;
    bool dst;
    const char *abbr;
    lookup(z, t, &off, &dst, &abbr);
    return off;
}

const char *tz_abbr(const struct tz_zone *z, int64_t t, bool *isdst)
{
    int32_t off;
    bool dst;
    const char *abbr;
    lookup(z, t, &off, &dst, &abbr);
    if (isdst)
        *isdst = dst;
    return abbr;
}

int64_t tz_to_utc(const struct tz_zone *z, int64_t local)
{
    local = clamp(local);
    /* The instant lies within 26 hours of local, so the offsets two days
     * either side are the ones before and after any change near it (no
     * zone changes twice within days). */
    int32_t cand[3] = {tz_offset(z, local - 2 * 86400), tz_offset(z, local),
                       tz_offset(z, local + 2 * 86400)};
    bool found = false;
    int64_t best = 0;
    int32_t most = cand[0];
    for (int i = 0; i < 3; i++) {
        int64_t u = local - cand[i];
        if (tz_offset(z, u) == cand[i] && (!found || u < best)) {
            best = u;
            found = true;
        }
        if (cand[i] > most)
            most = cand[i];
    }
    if (found)
        return best;
    /* In a gap: local - most lies before the change, where the offset is
     * the one from before it. */
    return local - tz_offset(z, local - most);
}

/* ---- changes -------------------------------------------------------------- */

static size_t emit(struct tz_change *out, size_t n, size_t max, int64_t at, int32_t *cur,
                   int32_t to, bool isdst, const char *abbr)
{
    if (to == *cur || n >= max)
        return n;
    out[n] = (struct tz_change){.at = at, .from = *cur, .to = to, .isdst = isdst};
    snprintf(out[n].abbr, sizeof out[n].abbr, "%s", abbr);
    *cur = to;
    return n + 1;
}

size_t tz_changes(const struct tz_zone *z, int64_t after, int64_t until, struct tz_change *out,
                  size_t max)
{
    size_t n = 0;
    if (z == NULL)
        return 0;
    int32_t cur = tz_offset(z, after);
    for (size_t i = 0; i < z->ntrans && n < max; i++) {
        if (z->at[i] <= after || z->at[i] > until)
            continue;
        const struct tz_type *ty = &z->types[z->type[i]];
        n = emit(out, n, max, z->at[i], &cur, ty->utoff, ty->isdst, ty->abbr);
    }
    if (!z->has_rule || !z->rule.has_dst || until <= after)
        return n;
    int64_t from = z->ntrans > 0 && z->at[z->ntrans - 1] > after ? z->at[z->ntrans - 1] : after;
    if (from >= until)
        return n;
    int y0 = year_of(from) - 1, y1 = year_of(until) + 1;
    if (y1 - y0 > 1000)
        y1 = y0 + 1000;
    struct event *ev = xmalloc(sizeof *ev * 2 * (size_t)(y1 - y0 + 1));
    size_t nev = rule_events(&z->rule, y0, y1, ev);
    const struct tz_rule *r = &z->rule;
    for (size_t i = 0; i < nev && n < max; i++)
        /* of changes at one instant the last counts, as in rule_dst_at */
        if (ev[i].at > from && ev[i].at <= until && (i + 1 == nev || ev[i + 1].at != ev[i].at))
            n = emit(out, n, max, ev[i].at, &cur, ev[i].dst ? r->dst_off : r->std_off, ev[i].dst,
                     ev[i].dst ? r->dst_abbr : r->std_abbr);
    free(ev);
    return n;
}
