/* jsonout.c - JSON text written straight into a buffer (core/jsonout.h). */
#include "core/jsonout.h"

#include <stdio.h>
#include <string.h>

/* \uXXXX with upper-case hex digits, as jansson writes it. */
static void put_u(struct buf *b, unsigned v)
{
    static const char hex[] = "0123456789ABCDEF";
    char seq[6] = {'\\',       'u', hex[(v >> 12) & 15], hex[(v >> 8) & 15], hex[(v >> 4) & 15],
                   hex[v & 15]};
    buf_add(b, seq, sizeof seq);
}

/* The code point at s (valid UTF-8) and its length in bytes. */
static uint32_t utf8_next(const unsigned char *s, size_t *len)
{
    if (s[0] < 0xC0) {
        *len = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
           ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

void jsonout_str(struct buf *b, const char *s)
{
    if (s == NULL) {
        buf_add(b, "null", 4);
        return;
    }
    buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s, *run = p;
    while (*p) {
        if (*p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\') {
            p++;
            continue;
        }
        buf_add(b, run, (size_t)(p - run));
        size_t len = 1;
        uint32_t c = utf8_next(p, &len);
        switch (c) {
        case '"':
            buf_add(b, "\\\"", 2);
            break;
        case '\\':
            buf_add(b, "\\\\", 2);
            break;
        case '\b':
            buf_add(b, "\\b", 2);
            break;
        case '\f':
            buf_add(b, "\\f", 2);
            break;
        case '\n':
            buf_add(b, "\\n", 2);
            break;
        case '\r':
            buf_add(b, "\\r", 2);
            break;
        case '\t':
            buf_add(b, "\\t", 2);
            break;
        default:
            if (c < 0x10000) {
                put_u(b, c);
            } else {
                c -= 0x10000;
                put_u(b, 0xD800 | ((c & 0xFFC00) >> 10));
                put_u(b, 0xDC00 | (c & 0x003FF));
            }
        }
        p += len;
        run = p;
    }
    buf_add(b, run, (size_t)(p - run));
    buf_putc(b, '"');
}

void jsonout_name(struct buf *b, const char *s)
{
    if (s == NULL) {
        buf_add(b, "null", 4);
        return;
    }
    buf_putc(b, '"');
    buf_add(b, s, strlen(s));
    buf_putc(b, '"');
}

void jsonout_int(struct buf *b, int64_t v)
{
    buf_put_int64(b, v);
}

void jsonout_real(struct buf *b, double v)
{
    /* Whole and half numbers (every size of the catalogs): written here,
     * the same text as below. */
    double a = v < 0 ? -v : v;
    if (a < 1e15 && a >= 0 && v != 0 && (double)(int64_t)(a * 2) == a * 2) {
        int64_t twice = (int64_t)(a * 2);
        if (v < 0)
            buf_putc(b, '-');
        buf_put_int64(b, twice / 2);
        buf_add(b, twice % 2 ? ".5" : ".0", 2);
        return;
    }
    char tmp[40];
    int n = snprintf(tmp, sizeof tmp, "%.17g", v);
    if (n < 0 || (size_t)n >= sizeof tmp - 3)
        return;
    if (strchr(tmp, '.') == NULL && strchr(tmp, 'e') == NULL) {
        memcpy(tmp + n, ".0", 3);
        n += 2;
    }
    /* As jansson: no '+' and no leading zeros in the exponent. */
    char *start = strchr(tmp, 'e');
    if (start) {
        start++;
        char *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(tmp + n - end) + 1);
            n -= (int)(end - start);
        }
    }
    buf_add(b, tmp, (size_t)n);
}

void jsonout_key(struct buf *b, const char *key)
{
    buf_putc(b, '"');
    buf_puts(b, key);
    buf_add(b, "\":", 2);
}
