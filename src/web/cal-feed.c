/*
 * cal-feed.c - her reminders as iCalendar text: the private feed her
 * calendar app subscribes to (GET /cal/<token>.ics, where the address is
 * the key) and the file she downloads to import once (GET
 * /reminders/calendar.ics). Both carry her zone's VTIMEZONE. The feed
 * answers conditional requests (ETag, Last-Modified, 304), so a calendar
 * that looks every few hours costs a few bytes.
 */
#include "app/tzdb.h"
#include "web/auth.h"
#include "web/routes.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const wdays[7] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
static const char *const months[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "Sun, 06 Nov 1994 08:49:37 GMT" (RFC 9110's IMF-fixdate). */
static void http_date(char *out, size_t n, int64_t t)
{
    int64_t day = tz_floor_div(t, 86400), sec = t - day * 86400;
    int y, m, d;
    tz_civil_from_days(day, &y, &m, &d);
    snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d GMT", wdays[((day % 7) + 7) % 7], d,
             months[m - 1], y, (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

static int month_index(const char *s)
{
    for (int i = 0; i < 12; i++)
        if (strncmp(s, months[i], 3) == 0)
            return i + 1;
    return 0;
}

/* The three forms RFC 9110 5.6.7 asks a recipient to read: IMF-fixdate,
 * RFC 850 ("Sunday, 06-Nov-94 08:49:37 GMT") and asctime ("Sun Nov  6
 * 08:49:37 1994"). -1 when s is none of them. */
static int http_date_parse(const char *s, int64_t *out)
{
    char wd[16], mon[4], zone[4], extra;
    int d, y, hh, mm, ss;
    bool ok = sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d %3s%c", wd, &d, mon, &y, &hh, &mm, &ss, zone,
                     &extra) == 8 &&
              strcmp(zone, "GMT") == 0;
    if (!ok &&
        sscanf(s, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%c", wd, &d, mon, &y, &hh, &mm, &ss,
               zone, &extra) == 8 &&
        strcmp(zone, "GMT") == 0) {
        y += y < 70 ? 2000 : 1900;
        ok = true;
    }
    if (!ok &&
        sscanf(s, "%3s %3s %2d %2d:%2d:%2d %4d%c", wd, mon, &d, &hh, &mm, &ss, &y, &extra) == 7)
        ok = true;
    if (!ok)
        return -1;
    int m = month_index(mon);
    if (m == 0 || d < 1 || d > tz_month_days(y, m) || hh > 23 || mm > 59 || ss > 60 || y < 1900)
        return -1;
    *out = tz_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
    return 0;
}

/* True when the list of entity tags in an If-None-Match header holds tag
 * or "*" (the weak comparison of RFC 9110 13.1.2: W/ is ignored). */
static bool etag_listed(const char *header, const char *tag)
{
    size_t n = strlen(tag);
    for (const char *p = header; *p;) {
        p += strspn(p, " \t,");
        if (*p == '*')
            return true;
        if (strncmp(p, "W/", 2) == 0)
            p += 2;
        if (strncmp(p, tag, n) == 0 && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
            return true;
        p += strcspn(p, ",");
    }
    return false;
}

/* Writes her calendar into r->out with its type, and returns when it last
 * changed: her schedule or, when later, her zone's file in the tz
 * database (an update of the rules changes the VTIMEZONE). Without a zone
 * she chose, or when the zone cannot be read, the time is floating. */
static int64_t write_calendar(struct req *r, const struct reminder *rem,
                              enum reminder_ical_kind kind)
{
    struct tz_zone zone;
    int64_t mtime = 0;
    bool zoned = rem->tz[0] && tzdb_load(rem->tz, &zone, &mtime, NULL) == 0;
    r->content_type = "text/calendar; charset=utf-8";
    reminder_ical(rem, zoned ? &zone : NULL, kind, &r->out);
    if (zoned)
        tz_zone_free(&zone);
    return mtime > rem->updated_at ? mtime : rem->updated_at;
}

/* GET /cal/<token>.ics: the feed itself. No cookie is needed, and an
 * unknown or revoked token is simply not found. Nothing about the request
 * is logged. Her calendar may keep a copy but must ask again before using
 * it (private, no-cache); the ETag is a hash of the text. */
void cal_feed(struct req *r)
{
    const char *p = r->params[0];
    size_t len = strlen(p);
    char tok[CRYPTO_TOKEN_CHARS + 1];
    struct reminder rem;
    if (len != CRYPTO_TOKEN_CHARS + 4 || strcmp(p + CRYPTO_TOKEN_CHARS, ".ics") != 0) {
        view_not_found(r);
        return;
    }
    memcpy(tok, p, CRYPTO_TOKEN_CHARS);
    tok[CRYPTO_TOKEN_CHARS] = '\0';
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(tok, hash);
    crypto_wipe(tok, sizeof tok);
    if (app_reminder_by_feed(&r->app->ctx, hash, &rem, NULL) != 0) {
        view_not_found(r);
        return;
    }
    int64_t changed = write_calendar(r, &rem, REMINDER_ICAL_FEED);
    crypto_wipe(rem.title, sizeof rem.title);

    unsigned char digest[CRYPTO_HASH_BYTES];
    crypto_hash_token(r->out.data, digest);
    char etag[2 + 32 + 1], date[40];
    etag[0] = '"';
    for (int i = 0; i < 16; i++)
        snprintf(etag + 1 + 2 * i, 3, "%02x", digest[i]);
    snprintf(etag + 33, 2, "\"");
    http_date(date, sizeof date, changed);
    r->personal = false;
    resp_header(r, "Cache-Control", "private, no-cache");
    resp_header(r, "ETag", etag);
    resp_header(r, "Last-Modified", date);
    resp_header(r, "Content-Disposition", "inline; filename=\"calendar.ics\"");

    /* If-None-Match decides when present; If-Modified-Since only without
     * it (RFC 9110 13.2.2). */
    const char *inm = req_header(r, "If-None-Match");
    const char *ims = req_header(r, "If-Modified-Since");
    int64_t since;
    if (inm ? etag_listed(inm, etag)
            : ims && http_date_parse(ims, &since) == 0 && changed <= since) {
        crypto_wipe(r->out.data, r->out.len);
        buf_reset(&r->out);
        r->status = 304;
    }
}

/* GET /reminders/calendar.ics: her reminders as a file to import once,
 * for a calendar app that cannot reach this server. */
void view_reminders_calendar(struct req *r)
{
    struct reminder rem;
    if (app_reminder_get(&r->app->ctx, &r->who, r->user.id, &rem, NULL, NULL) != 0) {
        view_not_found(r);
        return;
    }
    write_calendar(r, &rem, REMINDER_ICAL_FILE);
    crypto_wipe(rem.title, sizeof rem.title);
    resp_header(r, "Content-Disposition", "attachment; filename=\"reminders.ics\"");
}
