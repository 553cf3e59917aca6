/* clock.c - the wall clock, and the test clock of test builds (clock.h). */
#include "app/clock.h"

#include "core/practice.h" /* rfc3339_parse */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool parse_instant(const char *s, size_t n, int64_t *out)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    if (rfc3339_parse(buf, out) == 0)
        return true;
    char *end;
    long long v = strtoll(buf, &end, 10);
    if (*end != '\0' || v < 0)
        return false;
    *out = (int64_t)v;
    return true;
}

bool app_clock_parse(const char *spec, int64_t real_now, int64_t *out)
{
    if (spec == NULL)
        return false;
    size_t len = strcspn(spec, "\r\n");
    const char *comma = memchr(spec, ',', len);
    int64_t t, anchor;
    if (comma == NULL)
        return parse_instant(spec, len, out);
    if (!parse_instant(spec, (size_t)(comma - spec), &t) ||
        !parse_instant(comma + 1, len - (size_t)(comma + 1 - spec), &anchor))
        return false;
    *out = t + (real_now - anchor);
    return true;
}

#ifdef PACE_TEST_CLOCK
static bool test_now(int64_t real, int64_t *out)
{
    const char *spec = getenv("PACE_TEST_NOW");
    if (spec == NULL || *spec == '\0')
        return false;
    if (strncmp(spec, "file:", 5) != 0) {
        if (app_clock_parse(spec, real, out))
            return true;
    } else {
        char line[128] = "";
        FILE *f = fopen(spec + 5, "r");
        if (f != NULL) {
            bool ok = fgets(line, sizeof line, f) != NULL && app_clock_parse(line, real, out);
            fclose(f);
            if (ok)
                return true;
        }
    }
    /* A broken test clock must not quietly fall back to the real date. */
    fprintf(stderr, "pace: PACE_TEST_NOW is not a time Pace can read\n");
    abort();
}
#endif

int64_t app_clock_now(void)
{
    int64_t real = (int64_t)time(NULL);
#ifdef PACE_TEST_CLOCK
    int64_t t;
    if (test_now(real, &t))
        return t;
#endif
    return real;
}
