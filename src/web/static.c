/* static.c - compiled-in assets under /static/ and the health check. */
#include "web/assets.h"
#include "web/routes.h"

#include <string.h>

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
    r->personal = false;
    r->content_type = a->type;
    resp_header(r, "ETag", a->etag);
    /* URLs carry ?v=<etag>, so a changed file gets a new URL. */
    resp_header(r, "Cache-Control", form_get(&r->query, "v") ? "public, max-age=31536000, immutable"
                                                            : "public, max-age=300");
    const char *inm = req_header(r, "If-None-Match");
    if (inm && strcmp(inm, a->etag) == 0) {
        r->status = 304;
        return;
    }
    r->static_body = a->data;
    r->static_len = a->len;
}

void healthz(struct req *r)
{
    r->personal = false;
    r->content_type = "application/json";
    resp_header(r, "Cache-Control", "no-store");
    buf_puts(&r->out, "{\"status\":\"ok\"}");
}
