/*
 * zone.h - her time zone for a request, read in one place for every page
 * and the API, so each instant shown gets the offset of its own date
 * (summer time or not).
 *
 * A page's zone: the tz database name the pace-zone cookie holds (kept by
 * app.js from the browser's Intl zone) when it is one, else the fixed
 * offset of the pace-tz cookie (minutes east of UTC, also kept by app.js),
 * else UTC, which is where a browser without JavaScript stays. The API's:
 * the tz query parameter (web_zone_parse), else UTC.
 */
#ifndef PACE_WEB_ZONE_H
#define PACE_WEB_ZONE_H

#include "core/tz.h"
#include "web/web.h"

#include <stdbool.h>
#include <stdint.h>

/* Her zone for r, read on first use; never NULL, owned by r. */
const struct tz_zone *req_zone(struct req *r);
/* Her offset from UTC at instant t, in minutes, as core/i18n.h's
 * formatters take it. */
int req_tz_at(struct req *r, int64_t t);
/* Releases what req_zone read (req_free calls it). */
void req_zone_free(struct req *r);

/* A zone named in a form field or query parameter: a name of the tz
 * database, a fixed offset ("UTC+01:00", "-05:30"), or whole minutes east
 * of UTC from -840 to 840 (what pages sent before zones had names). Fills
 * out (tz_zone_free) and returns true, or returns false and leaves out
 * as UTC. */
bool web_zone_parse(const char *s, struct tz_zone *out);

#endif
