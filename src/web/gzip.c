/*
 * gzip.c - Content-Encoding: gzip for HTML and JSON answers and the
 * compiled-in assets: reading Accept-Encoding, and compressing with zlib
 * (one deflate state per server thread, reset between answers).
 */
#include "web/gzip.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

/* The weight after a coding's ";q=": false only for 0 (0, 0.0, 0.000). */
static bool weight_positive(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (p < end && *p == '1')
        return true;
    if (p >= end || *p != '0')
        return true; /* not a weight we read: take it as given */
    for (p++; p < end; p++)
        if (*p >= '1' && *p <= '9')
            return true;
    return false;
}

bool web_gzip_accepted(const char *accept_encoding)
{
    if (accept_encoding == NULL)
        return false;
    int gzip = -1, star = -1; /* -1 not named, 0 refused, 1 accepted */
    const char *p = accept_encoding;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *tok = p;
        while (*p && *p != ',' && *p != ';' && *p != ' ' && *p != '\t')
            p++;
        size_t n = (size_t)(p - tok);
        const char *item_end = strchr(p, ',');
        if (item_end == NULL)
            item_end = p + strlen(p);
        bool ok = true;
        for (const char *q = p; q < item_end; q++) {
            if (*q != ';')
                continue;
            q++;
            while (q < item_end && (*q == ' ' || *q == '\t'))
                q++;
            if (q + 1 < item_end && (q[0] == 'q' || q[0] == 'Q') && q[1] == '=') {
                ok = weight_positive(q + 2, item_end);
                break;
            }
        }
        if ((n == 4 && strncasecmp(tok, "gzip", 4) == 0) ||
            (n == 6 && strncasecmp(tok, "x-gzip", 6) == 0))
            gzip = gzip == 1 ? 1 : ok;
        else if (n == 1 && *tok == '*')
            star = ok;
        p = item_end;
    }
    return gzip == 1 || (gzip == -1 && star == 1);
}

bool web_gzip_type(const char *content_type)
{
    if (content_type == NULL)
        return false;
    return strncmp(content_type, "text/html", 9) == 0 ||
           strncmp(content_type, "application/json", 16) == 0 ||
           strncmp(content_type, "application/problem+json", 24) == 0 ||
           strncmp(content_type, "text/css", 8) == 0 ||
           strncmp(content_type, "text/javascript", 15) == 0 ||
           strncmp(content_type, "application/javascript", 22) == 0 ||
           strncmp(content_type, "image/svg+xml", 13) == 0;
}

/* One deflate state per thread: deflateInit allocates some 256 KiB, so
 * it is made once and reset for each answer. */
static pthread_key_t zkey;
static pthread_once_t zonce = PTHREAD_ONCE_INIT;

static void zfree_state(void *p)
{
    z_stream *z = p;
    deflateEnd(z);
    free(z);
}

static void zkey_make(void)
{
    pthread_key_create(&zkey, zfree_state);
}

static z_stream *zstate(void)
{
    pthread_once(&zonce, zkey_make);
    z_stream *z = pthread_getspecific(zkey);
    if (z)
        return deflateReset(z) == Z_OK ? z : NULL;
    z = calloc(1, sizeof *z);
    if (z == NULL)
        return NULL;
    /* 15 window bits + 16: a gzip wrapper; level 4 keeps most of level
     * 6's gain on pages at about half its time. */
    if (deflateInit2(z, 4, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(z);
        return NULL;
    }
    pthread_setspecific(zkey, z);
    return z;
}

unsigned char *web_gzip(const void *in, size_t n, size_t *out_len)
{
    z_stream *z = zstate();
    if (z == NULL || n > (size_t)UINT32_MAX)
        return NULL;
    size_t cap = deflateBound(z, (uLong)n);
    unsigned char *out = malloc(cap);
    if (out == NULL)
        return NULL;
    z->next_in = (Bytef *)(uintptr_t)in;
    z->avail_in = (uInt)n;
    z->next_out = out;
    z->avail_out = (uInt)cap;
    if (deflate(z, Z_FINISH) != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    *out_len = cap - z->avail_out;
    return out;
}
