/*
 * util.h - small helpers used everywhere: allocation that aborts on
 * out-of-memory, a growable byte buffer, and string helpers.
 *
 * Out of memory is treated as fatal (as in Redis): xmalloc and friends never
 * return NULL, so callers need not check.
 */
#ifndef PACE_UTIL_H
#define PACE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Returns a copy of s that the caller frees with free(). */
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A growable buffer, always NUL-terminated. Zero-initialise before use;
 * release with buf_free. */
struct buf {
    char *data;
    size_t len;
    size_t cap;
};

void buf_grow(struct buf *b, size_t extra);
/* Appends n bytes: the common case (room enough) inline, growing out of
 * line (buf_add_grow). Pages and API lists are built from thousands of
 * small appends. */
void buf_add_grow(struct buf *b, const void *p, size_t n);
static inline void buf_add(struct buf *b, const void *p, size_t n)
{
    if (n >= b->cap - b->len) { /* room for n and the NUL (cap >= len always) */
        buf_add_grow(b, p, n);
        return;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}
static inline void buf_puts(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}
static inline void buf_putc(struct buf *b, char c)
{
    if (1 >= b->cap - b->len) {
        buf_add_grow(b, &c, 1);
        return;
    }
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}
/* Appends v in decimal (what "%lld" would write, without printf). */
void buf_put_int64(struct buf *b, int64_t v);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Hands the buffer's memory to the caller (free with free()) and empties b. */
char *buf_detach(struct buf *b);

/* snprintf for the short texts of a page (dates, minutes, sizes): "%s",
 * "%d", "%ld", "%lld" (with a '0' flag and a width for the integers) and
 * "%%" are written here, without stdio's machinery; any other format, a
 * translation's "%1$s" say, is handed to vsnprintf. The same result and
 * return value as snprintf. */
int str_fmt(char *out, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

bool str_eq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* Lower-cases ASCII letters in place. */
void str_lower(char *s);
/* True when s is valid UTF-8 with no NUL and no control characters other
 * than tab, CR and LF. */
bool str_valid_text(const char *s, size_t len);
/* Number of Unicode code points in valid UTF-8 s. */
size_t str_utf8_len(const char *s);

#endif
