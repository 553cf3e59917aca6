/*
 * tzdb.c - reading the system's tz database: a zone's TZif file (parsed by
 * core/tz.c), the index of names (tzdata.zi) and the list of zones per
 * country (zone.tab). Names are checked for shape before any path is
 * made of them, so none can leave the database's directory.
 */
#include "app/tzdb.h"

#include "core/i18n.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TZDB_MAX_FILE (1024 * 1024)

static const char *tzdb_dir(void)
{
    const char *d = getenv("TZDIR");
    return d && d[0] == '/' ? d : "/usr/share/zoneinfo";
}

/* Reads a file of the database whole into *out (NUL-terminated); -1 when
 * it cannot be read, is not a regular file or is too large. */
static int read_file(const char *name, struct buf *out, int64_t *mtime)
{
    char path[512];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", tzdb_dir(), name) >= sizeof path)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    int rc = -1;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= TZDB_MAX_FILE) {
        buf_grow(out, (size_t)st.st_size + 1);
        rc = 0;
        for (;;) {
            char chunk[4096];
            ssize_t k = read(fd, chunk, sizeof chunk);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0 || out->len + (size_t)k > TZDB_MAX_FILE)
                rc = -1;
            if (k <= 0 || rc != 0)
                break;
            buf_add(out, chunk, (size_t)k);
        }
        if (mtime)
            *mtime = (int64_t)st.st_mtime;
    }
    close(fd);
    return rc;
}

/* Names that are files of the database but not places: the copies with
 * leap seconds or POSIX rules, the rule template, the machine's own zone. */
static bool place_name(const char *name)
{
    return tz_name_valid(name) && !str_starts(name, "posix/") && !str_starts(name, "right/") &&
           strcmp(name, "posixrules") != 0 && strcmp(name, "localtime") != 0 &&
           strcmp(name, "Factory") != 0;
}

static int unknown(struct pace_error *err)
{
    return pace_fail(err, PACE_EINVAL, "tz", "%s",
                     _("Pace does not know this time zone. Please choose yours from the list."));
}

int tzdb_load(const char *name, struct tz_zone *out, int64_t *mtime, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (name == NULL || !place_name(name))
        return unknown(err);
    struct buf b = {0};
    int rc = read_file(name, &b, mtime);
    if (rc == 0)
        rc = tz_parse_tzif((const unsigned char *)b.data, b.len, out, NULL);
    buf_free(&b);
    if (rc != 0) {
        tz_zone_free(out);
        return unknown(err);
    }
    snprintf(out->name, sizeof out->name, "%s", name);
    return 0;
}

int tzdb_zone(const char *spec, struct tz_zone *out, struct pace_error *err)
{
    int minutes;
    if (tz_fixed_parse(spec, &minutes)) {
        tz_zone_fixed(out, minutes);
        return 0;
    }
    if (tzdb_load(spec, out, NULL, NULL) == 0)
        return 0;
    return pace_fail(err, PACE_EINVAL, "tz", "%s",
                     _("This time zone is not known. Please give it as region and city, for "
                       "example Europe/Berlin, or as UTC."));
}

/* True when tzdata.zi names `name` as a zone ("Z name ...") or a link
 * ("L target name"); also true when there is no tzdata.zi to ask. */
static bool listed(const char *name)
{
    struct buf b = {0};
    if (read_file("tzdata.zi", &b, NULL) != 0) {
        buf_free(&b);
        return true;
    }
    bool found = false;
    size_t n = strlen(name);
    for (char *line = b.data; line && *line && !found;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        const char *p = NULL;
        if (line[0] == 'Z' && line[1] == ' ')
            p = line + 2;
        else if (line[0] == 'L' && line[1] == ' ' && (p = strchr(line + 2, ' ')) != NULL)
            p++;
        found = p && strncmp(p, name, n) == 0 && (p[n] == ' ' || p[n] == '\0');
        line = nl ? nl + 1 : NULL;
    }
    buf_free(&b);
    return found;
}

int tzdb_check(const char *name, struct pace_error *err)
{
    struct tz_zone z;
    int rc = tzdb_load(name, &z, NULL, err);
    if (rc != 0)
        return rc;
    tz_zone_free(&z);
    return listed(name) ? 0 : unknown(err);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **tzdb_names(size_t *n)
{
    struct buf b = {0};
    size_t cap = 512, count = 0;
    char **names = xmalloc(cap * sizeof *names);
    names[count++] = xstrdup("UTC");
    if (read_file("zone.tab", &b, NULL) != 0) {
        buf_reset(&b);
        if (read_file("zone1970.tab", &b, NULL) != 0)
            buf_reset(&b);
    }
    for (char *line = b.len ? b.data : NULL; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        /* country code(s) TAB coordinates TAB zone [TAB comment] */
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (line[0] != '#' && tab2) {
            char *zone = tab2 + 1, *end = strchr(zone, '\t');
            if (end)
                *end = '\0';
            if (place_name(zone)) {
                if (count == cap)
                    names = xrealloc(names, (cap *= 2) * sizeof *names);
                names[count++] = xstrdup(zone);
            }
        }
        line = nl ? nl + 1 : NULL;
    }
    buf_free(&b);
    qsort(names, count, sizeof *names, name_cmp);
    size_t k = 0; /* zone.tab may name a zone for two countries */
    for (size_t i = 0; i < count; i++) {
        if (k > 0 && strcmp(names[k - 1], names[i]) == 0)
            free(names[i]);
        else
            names[k++] = names[i];
    }
    *n = k;
    return names;
}

void tzdb_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}
