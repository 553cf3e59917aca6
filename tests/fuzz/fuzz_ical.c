/* fuzz_ical.c - libFuzzer harness for the iCalendar writer: any title is
 * escaped and folded so that every line ends in CRLF, holds at most 75
 * octets and no bare line break, and unfolding gives back the escaped
 * text. */
#include "core/reminder.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0'; /* stops at the first NUL, as a C string does */
    struct buf line = {0}, out = {0}, unfolded = {0};
    buf_puts(&line, "SUMMARY:");
    ical_escape_text(&line, text);
    ical_line(&out, line.data);
    const char *p = out.data;
    while (*p) {
        const char *eol = strstr(p, "\r\n");
        if (eol == NULL || eol - p > 75 || memchr(p, '\n', (size_t)(eol - p)) ||
            memchr(p, '\r', (size_t)(eol - p)))
            abort();
        if (p != out.data) {
            if (*p != ' ')
                abort();
            buf_add(&unfolded, p + 1, (size_t)(eol - p - 1));
        } else {
            buf_add(&unfolded, p, (size_t)(eol - p));
        }
        p = eol + 2;
    }
    if (unfolded.len != line.len || memcmp(unfolded.data, line.data, line.len) != 0)
        abort();
    buf_free(&line);
    buf_free(&out);
    buf_free(&unfolded);
    free(text);
    return 0;
}
