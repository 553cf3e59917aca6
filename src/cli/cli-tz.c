/*
 * cli-tz.c - her time zone on the command line: --tz read through the one
 * reader of zones (app/tzdb.h), the same for every command.
 */
#include "cli/cli.h"

#include "app/tzdb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The machine's zone: TZ when it names one, else where /etc/localtime
 * points into the tz database; NULL when neither says. */
static const char *machine_zone(char *out, size_t n)
{
    const char *tz = getenv("TZ");
    if (tz && tz[0]) {
        snprintf(out, n, "%s", tz[0] == ':' ? tz + 1 : tz);
        return out;
    }
    char link[256];
    ssize_t k = readlink("/etc/localtime", link, sizeof link - 1);
    if (k <= 0)
        return NULL;
    link[k] = '\0';
    const char *p = strstr(link, "zoneinfo/");
    if (p == NULL)
        return NULL;
    snprintf(out, n, "%s", p + strlen("zoneinfo/"));
    return out;
}

int cli_zone(const char *s, struct tz_zone *out)
{
    struct pace_error err = {0};
    if (s)
        return tzdb_zone(s, out, &err) == 0 ? 0 : cli_usage_error("--tz: %s", err.msg);
    char guess[TZ_NAME_MAX];
    const char *name = machine_zone(guess, sizeof guess);
    /* Only a name of the database: in TZ, "UTC+1" is POSIX's, an hour west. */
    if (name == NULL || tzdb_load(name, out, NULL, NULL) != 0)
        tz_zone_fixed(out, 0);
    return 0;
}
