/* fuzz_tz.c - libFuzzer harness for the time zone readers (core/tz.h): the
 * bytes as a TZif file and as a POSIX TZ rule. What is read must hold
 * together: offsets within a day and a bit at any instant, changes in
 * order and each to a new offset, every local time found again from its
 * instant (or, where the clock jumps, a time after it), each day starting
 * at or before every instant of it and within it, and a VTIMEZONE whose
 * lines keep RFC 5545's rules with every BEGIN matched by its END. A
 * refusal always carries a message. */
#include "core/ical.h"
#include "core/tz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FROM INT64_C(1767571200) /* 2026-01-05 */

static void check_zone(const struct tz_zone *z)
{
    static const int64_t far[] = {INT64_MIN,    -4000000000LL, -1,           0,        1700000000,
                                  2147483648LL, 4102444800LL,  8000000000LL, INT64_MAX};
    for (size_t i = 0; i < sizeof far / sizeof far[0]; i++) {
        int32_t off = tz_offset(z, far[i]);
        if (off < -26 * 3600 || off > 26 * 3600)
            abort();
        (void)tz_day_start(z, far[i]);
        (void)tz_week_start(z, far[i]);
    }
    (void)tz_midnight(z, 2026, 3, 29);
    (void)tz_midnight(z, 2099, 10, 25);
    struct tz_change ch[64];
    size_t n = tz_changes(z, FROM - 400 * 86400, FROM + 4000 * 86400, ch, 64);
    bool spaced = n < 64; /* changes five days apart or more, as in any real zone */
    for (size_t i = 0; i < n; i++) {
        if (ch[i].from == ch[i].to || (i > 0 && ch[i].at <= ch[i - 1].at) ||
            (i > 0 && ch[i].from != ch[i - 1].to) || tz_offset(z, ch[i].at) != ch[i].to)
            abort();
        if (i > 0 && ch[i].at - ch[i - 1].at < 5 * 86400)
            spaced = false;
    }
    for (int64_t t = FROM - 86400 * 30; spaced && t < FROM + 86400 * 800; t += 86400 * 7 + 3600) {
        int64_t local = t + tz_offset(z, t);
        int64_t u = tz_to_utc(z, local);
        /* either this very local time, or an earlier instant that shows
         * the same time of day (a time that happens twice) */
        if (u + tz_offset(z, u) != local || u > t)
            abort();
        int64_t start = tz_day_start(z, t);
        if (start > t || tz_local_day(z, start) != tz_local_day(z, t))
            abort();
    }
    struct buf out = {0};
    ical_vtimezone(&out, "Fuzz/Zone", z, FROM);
    int depth = 0;
    for (const char *p = out.data; *p;) {
        const char *eol = strstr(p, "\r\n");
        if (eol == NULL || eol - p > 75 || memchr(p, '\n', (size_t)(eol - p)))
            abort();
        if (strncmp(p, "BEGIN:", 6) == 0)
            depth++;
        else if (strncmp(p, "END:", 4) == 0 && --depth < 0)
            abort();
        p = eol + 2;
    }
    if (depth != 0)
        abort();
    buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct tz_zone z;
    struct pace_error err = {0};
    if (tz_parse_tzif(data, size, &z, &err) == 0)
        check_zone(&z);
    else if (err.msg[0] == '\0')
        abort();
    tz_zone_free(&z);

    char rule_text[128];
    size_t n = size < sizeof rule_text - 1 ? size : sizeof rule_text - 1;
    memcpy(rule_text, data, n);
    rule_text[n] = '\0';
    struct tz_rule rule;
    if (tz_parse_rule(rule_text, &rule) == 0) {
        tz_zone_from_rule(&z, &rule);
        check_zone(&z);
    }
    return 0;
}
