/* assets.h - static files compiled into the binary (scripts/embed.py). */
#ifndef PACE_ASSETS_H
#define PACE_ASSETS_H

#include <stddef.h>

struct asset {
    const char *name;
    const unsigned char *data;
    size_t len;
    const char *type;
    const char *etag; /* quoted, as sent in ETag */
    const char *etag_plain;
};

extern const struct asset assets[];

/* The asset called name ("app.css"), or NULL. */
const struct asset *asset_find(const char *name);

#endif
