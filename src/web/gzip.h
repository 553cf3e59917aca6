/* gzip.h - Content-Encoding: gzip for answers (web/gzip.c). */
#ifndef PACE_WEB_GZIP_H
#define PACE_WEB_GZIP_H

#include <stdbool.h>
#include <stddef.h>

/* Answers shorter than this go as they are: gzip would gain too little. */
#define WEB_GZIP_MIN 1024

/* True when an Accept-Encoding header value allows gzip: gzip (or x-gzip)
 * named with a weight above 0, or not named and "*" with one. NULL: no. */
bool web_gzip_accepted(const char *accept_encoding);

/* True for the content types pace compresses: HTML, JSON and the text
 * assets. Never the calendar feed (text/calendar), PDFs, images, CSV. */
bool web_gzip_type(const char *content_type);

/* A gzip stream of n bytes at in (free() it), its length in *out_len; NULL
 * when it could not be made (the answer then goes uncompressed). */
unsigned char *web_gzip(const void *in, size_t n, size_t *out_len);

#endif
