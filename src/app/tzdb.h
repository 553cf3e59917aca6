/*
 * tzdb.h - the one place Pace reads the system's tz database (Debian's
 * tzdata: /usr/share/zoneinfo, or the directory in $TZDIR): whether a name
 * is a zone, a zone's data for core/tz.h, a zone as people name it (a name
 * of the database or a fixed offset), and the zones to offer in a list.
 * Names are checked for shape before any path is made of them (no "..",
 * no leading '/', nothing outside the database), and the files that are
 * not places (posix/, right/, localtime, posixrules, Factory) are refused.
 * Files are read on each call, so an updated tzdata is seen without a
 * restart.
 */
#ifndef PACE_TZDB_H
#define PACE_TZDB_H

#include "core/err.h"
#include "core/tz.h"

#include <stddef.h>
#include <stdint.h>

/* Loads the zone called name into out, named name (free it with
 * tz_zone_free after a 0). *mtime, when not NULL, gets the time the
 * zone's file last changed. PACE_EINVAL with field "tz" and a sentence for
 * her when name is not a zone's name or its file cannot be read. */
int tzdb_load(const char *name, struct tz_zone *out, int64_t *mtime, struct pace_error *err);
/* A zone as she or the operator types it: a name of the database
 * ("Europe/Berlin", "UTC") or a fixed offset (tz_fixed_parse: "UTC+05:30",
 * "-03:00"), into out (tz_zone_free). PACE_EINVAL with field "tz" and a
 * sentence that shows how to write one. */
int tzdb_zone(const char *spec, struct tz_zone *out, struct pace_error *err);
/* As tzdb_load, and name must also be listed in the database's own index
 * (tzdata.zi, zones and links), when there is one: for checking what she
 * chose, where the feed only needs the data. */
int tzdb_check(const char *name, struct pace_error *err);

/* The zones to offer her: every zone of zone.tab (one or more per
 * country; zone1970.tab when zone.tab is missing) and "UTC", sorted by
 * name. Returns an array of *n strings to free with tzdb_names_free;
 * just "UTC" when neither file can be read. */
char **tzdb_names(size_t *n);
void tzdb_names_free(char **names, size_t n);

#endif
