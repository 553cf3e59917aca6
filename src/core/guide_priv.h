/*
 * guide_priv.h - what guide.c (one article) and guide_load.c (the whole
 * guide) share; not for use outside src/core/guide*.c.
 */
#ifndef PACE_GUIDE_PRIV_H
#define PACE_GUIDE_PRIV_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>

/* The header keys' positions in struct guide_article's lines[]. */
enum guide_hkey { K_SLUG, K_TITLE, K_SUMMARY, K_THEME, K_ORDER, K_REVIEWED, K_SOURCES, K_COUNT };

/* Fills err with "FILE:LINE: message" and returns PACE_EINVAL. */
int guide_bad(struct pace_error *err, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Lower-case words of a-z and 0-9 joined by single hyphens, shorter than max. */
bool guide_id_ok(const char *s, size_t max);

#endif
