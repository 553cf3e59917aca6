/* util.c - aborting allocators, struct buf and string helpers. */
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("pace: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (p == NULL)
        oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        oom();
    return q;
}

char *xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    struct buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    return buf_detach(&b);
}

void buf_grow(struct buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

void buf_add_grow(struct buf *b, const void *p, size_t n)
{
    buf_grow(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void buf_put_int64(struct buf *b, int64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        tmp[--i] = '-';
    buf_add(b, tmp + i, sizeof tmp - i);
}

/* Appends len bytes of s to out[0..n) at *at, always counting them. */
static void fmt_put(char *out, size_t n, size_t *at, const char *s, size_t len)
{
    if (*at < n) {
        size_t room = n - 1 - *at;
        memcpy(out + *at, s, len < room ? len : room);
    }
    *at += len;
}

int str_fmt(char *out, size_t n, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    size_t at = 0;
    const char *p = fmt, *run = fmt;
    for (; *p; p++) {
        if (*p != '%')
            continue;
        fmt_put(out, n, &at, run, (size_t)(p - run));
        const char *conv = ++p;
        bool zero = false;
        int width = 0;
        if (*p == '0') {
            zero = true;
            p++;
        }
        while (*p >= '1' && *p <= '9' && width < 100)
            width = width * 10 + (*p++ - '0');
        if (*p >= '0' && *p <= '9')
            goto other; /* a width this large: stdio's */
        int longs = 0;
        while (*p == 'l' && longs < 2) {
            longs++;
            p++;
        }
        if (*p == 'd') {
            long long v = longs == 0   ? va_arg(ap, int)
                          : longs == 1 ? va_arg(ap, long)
                                       : va_arg(ap, long long);
            char tmp[24];
            size_t i = sizeof tmp;
            unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;
            do {
                tmp[--i] = (char)('0' + u % 10);
                u /= 10;
            } while (u);
            int digits = (int)(sizeof tmp - i) + (v < 0);
            if (v < 0 && !zero)
                tmp[--i] = '-';
            for (; digits < width; digits++) {
                if (zero)
                    tmp[--i] = '0'; /* width is under 100, tmp holds 24 */
                else
                    fmt_put(out, n, &at, " ", 1);
                if (i == 1)
                    goto other;
            }
            if (v < 0 && zero)
                tmp[--i] = '-';
            fmt_put(out, n, &at, tmp + i, sizeof tmp - i);
        } else if (*p == 's' && !zero && width == 0 && longs == 0) {
            const char *s = va_arg(ap, const char *);
            if (s == NULL)
                s = "(null)";
            fmt_put(out, n, &at, s, strlen(s));
        } else if (*p == '%' && p == conv) {
            fmt_put(out, n, &at, "%", 1);
        } else {
            goto other;
        }
        run = p + 1;
    }
    fmt_put(out, n, &at, run, (size_t)(p - run));
    if (n > 0)
        out[at < n ? at : n - 1] = '\0';
    va_end(again);
    va_end(ap);
    return at > INT32_MAX ? -1 : (int)at;
other:
    va_end(ap);
    {
        int r = vsnprintf(out, n, fmt, again);
        va_end(again);
        return r;
    }
}

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    /* Formats once into the room there is; only a text longer than that
     * is formatted a second time, after the buffer grew. */
    buf_grow(b, 64);
    size_t room = b->cap - b->len;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(b->data + b->len, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n >= room) {
        buf_grow(b, (size_t)n);
        vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_free(struct buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *buf_detach(struct buf *b)
{
    char *p = b->data ? b->data : xstrdup("");
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

bool str_eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

bool str_starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

void str_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Returns the length of the UTF-8 sequence at s (at most n bytes), or 0 if
 * it is not a valid, shortest-form scalar value. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2, c = s[0] & 0x1F, min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3, c = s[0] & 0x0F, min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4, c = s[0] & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

bool str_valid_text(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_seq(p + i, len - i, &cp);
        if (n == 0)
            return false;
        if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0x7F)
            return false;
        i += n;
    }
    return true;
}

size_t str_utf8_len(const char *s)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            n++;
    return n;
}
