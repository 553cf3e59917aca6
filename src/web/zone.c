/*
 * zone.c - her time zone for a request (web/zone.h): the cookies app.js
 * keeps, or the API's tz parameter, read once per request through the one
 * reader of the tz database (app/tzdb.h).
 */
#include "web/zone.h"

#include "app/tzdb.h"
#include "core/util.h"
#include "web/form.h"

#include <stdlib.h>
#include <string.h>

/* Whole minutes from -840 to 840, nothing else. */
static bool minutes_parse(const char *s, int *out)
{
    if (s == NULL || *s == '\0')
        return false;
    char *end;
    long m = strtol(s, &end, 10);
    if (*end != '\0' || m < -840 || m > 840)
        return false;
    *out = (int)m;
    return true;
}

bool web_zone_parse(const char *s, struct tz_zone *out)
{
    int minutes;
    if (minutes_parse(s, &minutes)) {
        tz_zone_fixed(out, minutes);
        return true;
    }
    if (s && *s && tzdb_zone(s, out, NULL) == 0)
        return true;
    tz_zone_fixed(out, 0);
    return false;
}

static void read_zone(struct req *r, struct tz_zone *z)
{
    if (r->is_api) {
        web_zone_parse(form_get(&r->query, "tz"), z);
        return;
    }
    const char *cookies = req_header(r, "Cookie");
    char v[TZ_NAME_MAX];
    int minutes;
    if (cookie_get(cookies, "pace-zone", v, sizeof v) && tzdb_load(v, z, NULL, NULL) == 0)
        return;
    if (cookie_get(cookies, "pace-tz", v, sizeof v) && minutes_parse(v, &minutes))
        tz_zone_fixed(z, minutes);
    else
        tz_zone_fixed(z, 0);
}

const struct tz_zone *req_zone(struct req *r)
{
    if (r->zone == NULL) {
        r->zone = xcalloc(1, sizeof *r->zone);
        read_zone(r, r->zone);
    }
    return r->zone;
}

int req_tz_at(struct req *r, int64_t t)
{
    return tz_offset_min(req_zone(r), t);
}

void req_zone_free(struct req *r)
{
    if (r->zone) {
        tz_zone_free(r->zone);
        free(r->zone);
        r->zone = NULL;
    }
}
