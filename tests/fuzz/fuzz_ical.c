/* fuzz_ical.c - libFuzzer harness for the iCalendar writer: any title is
 * escaped and folded so that every line ends in CRLF, holds at most 75
 * octets and no bare line break, and unfolding gives back the escaped
 * text; and the whole calendar with that title, in a zone with daylight
 * time, keeps to the same rules with every BEGIN matched by its END. */
#include "core/reminder.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks the line rules over text and appends the unfolded lines (each
 * ended with '\n') to unfolded. */
static void check_lines(const char *text, struct buf *unfolded)
{
    const char *p = text;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        if (eol == NULL || eol - p > 75 || memchr(p, '\n', (size_t)(eol - p)) ||
            memchr(p, '\r', (size_t)(eol - p)))
            abort();
        if (p != text && *p == ' ') {
            if (unfolded->len == 0)
                abort();
            unfolded->len--; /* drop the previous line's '\n' */
            buf_add(unfolded, p + 1, (size_t)(eol - p - 1));
        } else {
            buf_add(unfolded, p, (size_t)(eol - p));
        }
        buf_putc(unfolded, '\n');
        p = eol + 2;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0'; /* stops at the first NUL, as a C string does */
    struct buf line = {0}, out = {0}, unfolded = {0};
    buf_puts(&line, "SUMMARY:");
    ical_escape_text(&line, text);
    ical_line(&out, line.data);
    check_lines(out.data, &unfolded);
    if (unfolded.len != line.len + 1 || memcmp(unfolded.data, line.data, line.len) != 0)
        abort();

    /* the whole calendar, with the input as her title */
    struct reminder r;
    memset(&r, 0, sizeof r);
    r.days = size > 0 ? (data[0] & REMINDER_ALL_DAYS) | 1 : 1;
    r.minute = size > 1 ? data[1] * 1439 / 255 : 0;
    snprintf(r.title, sizeof r.title, "%s", text);
    snprintf(r.uid, sizeof r.uid, "0b6f1f3e-8a3c-4c55-9d0e-3f4b9e2a1c77");
    snprintf(r.tz, sizeof r.tz, "Europe/Berlin");
    r.updated_at = 1767571200 + (size > 2 ? (int64_t)data[2] * 86400 * 3 : 0);
    struct tz_rule rule;
    struct tz_zone zone;
    if (tz_parse_rule("CET-1CEST,M3.5.0,M10.5.0/3", &rule) != 0)
        abort();
    tz_zone_from_rule(&zone, &rule);
    buf_reset(&out);
    buf_reset(&unfolded);
    reminder_ical(&r, &zone, REMINDER_ICAL_FEED, &out);
    check_lines(out.data, &unfolded);
    int depth = 0;
    for (const char *p = unfolded.data; *p; p = strchr(p, '\n') + 1) {
        if (strncmp(p, "BEGIN:", 6) == 0)
            depth++;
        else if (strncmp(p, "END:", 4) == 0 && --depth < 0)
            abort();
    }
    if (depth != 0 || strstr(unfolded.data, "\nDTSTART;TZID=Europe/Berlin:") == NULL)
        abort();
    buf_free(&line);
    buf_free(&out);
    buf_free(&unfolded);
    free(text);
    return 0;
}
