/* static.c - compiled-in assets under /static/ (gzip-compressed once, at
 * first use, for browsers that take it) and the health check. */
#include "web/assets.h"
#include "web/gzip.h"
#include "web/routes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each asset's gzip form, or NULL where it gains nothing; made once. */
struct asset_gz {
    unsigned char *data;
    size_t len;
    char etag[96]; /* the asset's own, with -gz inside the quotes */
};

static struct asset_gz *gz;
static pthread_once_t gz_once = PTHREAD_ONCE_INIT;

static void gz_make(void)
{
    size_t n = 0;
    while (assets[n].name)
        n++;
    gz = calloc(n + 1, sizeof *gz);
    if (gz == NULL)
        return;
    for (size_t i = 0; i < n; i++) {
        const struct asset *a = &assets[i];
        if (a->len < WEB_GZIP_MIN || !web_gzip_type(a->type))
            continue;
        size_t zn = 0;
        unsigned char *z = web_gzip(a->data, a->len, &zn);
        if (z == NULL || zn >= a->len) {
            free(z);
            continue;
        }
        gz[i].data = z;
        gz[i].len = zn;
        snprintf(gz[i].etag, sizeof gz[i].etag, "\"%s-gz\"", a->etag_plain);
    }
}

/* The gzip form of a, when the client takes it and there is one. */
static const struct asset_gz *asset_gz(struct req *r, const struct asset *a)
{
    if (!web_gzip_accepted(req_header(r, "Accept-Encoding")))
        return NULL;
    pthread_once(&gz_once, gz_make);
    const struct asset_gz *g = gz ? &gz[a - assets] : NULL;
    return g && g->data ? g : NULL;
}

const struct asset *asset_find(const char *name)
{
    for (const struct asset *a = assets; a->name; a++)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

void static_serve(struct req *r)
{
    const struct asset *a = asset_find(r->params[0]);
    if (a == NULL) {
        view_not_found(r);
        return;
    }
    const struct asset_gz *g = asset_gz(r, a);
    r->personal = false;
    r->content_type = a->type;
    resp_header(r, "ETag", g ? g->etag : a->etag);
    /* URLs carry ?v=<etag>, so a changed file gets a new URL. */
    resp_header(r, "Cache-Control",
                form_get(&r->query, "v") ? "public, max-age=31536000, immutable"
                                         : "public, max-age=300");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, g ? g->etag : a->etag) == 0) {
        r->status = 304;
        return;
    }
    if (g) {
        resp_header(r, "Content-Encoding", "gzip");
        r->static_body = g->data;
        r->static_len = g->len;
    } else {
        r->static_body = a->data;
        r->static_len = a->len;
    }
}

void healthz(struct req *r)
{
    r->personal = false;
    r->content_type = "application/json";
    resp_header(r, "Cache-Control", "no-store");
    buf_puts(&r->out, "{\"status\":\"ok\"}");
}
