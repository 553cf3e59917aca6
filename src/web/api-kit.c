/*
 * api-kit.c - the catalogs and her kit in the JSON API:
 *   GET    /api/v1/catalogs              the product lines (summaries)
 *   GET    /api/v1/catalogs/{line}       one line with its items and sets
 *   GET    /api/v1/kit                   her kit, smallest diameter first
 *   PUT    /api/v1/kit                   {"items": [...]}: the whole kit
 *   POST   /api/v1/kit/custom            define her own item (201)
 *   DELETE /api/v1/kit/custom/{id}       delete her own item (204)
 */
#include "app/kits.h"
#include "web/auth.h"
#include "web/once.h"
#include "web/routes.h"

#include <stdlib.h>

void api_catalogs_list(struct req *r)
{
    const struct catalog *c = r->app->catalog;
    json_t *lines = json_array();
    for (size_t i = 0; c && i < c->nlines; i++)
        json_array_append_new(lines, catalog_line_json(c->lines[i], false));
    json_t *j = json_object();
    json_object_set_new(j, "lines", lines);
    resp_json(r, 200, j);
}

void api_catalog_get(struct req *r)
{
    const struct catalog_line *l = catalog_line_find(r->app->catalog, r->params[0]);
    if (l == NULL) {
        resp_api_error(r, 404, _("There is no such product line."), NULL);
        return;
    }
    resp_json(r, 200, catalog_line_json(l, true));
}

/* Answers with her kit as GET /api/v1/kit shows it. */
static void send_kit(struct req *r, int status)
{
    struct kit_view v;
    struct pace_error err = {0};
    int rc = app_kit_get(&r->app->ctx, &r->who, r->user.id, &v, &err);
    if (rc != 0) {
        kits_view_free(&v);
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *items = json_array(), *customs = json_array();
    for (size_t i = 0; i < v.n; i++)
        json_array_append_new(items, kit_entry_json(&v.entries[i]));
    for (size_t i = 0; i < v.ncustom; i++)
        json_array_append_new(customs, custom_item_json(&v.customs[i]));
    kits_view_free(&v);
    json_t *j = json_object();
    json_object_set_new(j, "items", items);
    json_object_set_new(j, "custom_items", customs);
    resp_json(r, status, j);
}

void api_kit_get(struct req *r)
{
    send_kit(r, 200);
}

void api_kit_put(struct req *r)
{
    struct pace_error err = {0};
    struct kit_id *ids = NULL;
    size_t n = 0;
    int rc = kit_ids_from_json(r->json, &ids, &n, &err);
    if (rc == 0)
        rc = app_kit_replace(&r->app->ctx, &r->who, r->user.id, ids, n, r->now, &err);
    free(ids);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    send_kit(r, 200);
}

void api_kit_custom_post(struct req *r)
{
    struct store_once once;
    bool has_once = false;
    struct pace_error err = {0};
    if (once_from_header(r, &once, &has_once, &err) != 0) {
        resp_api_error(r, 400, err.msg, err.field);
        return;
    }
    struct custom_item item;
    int rc = custom_item_from_json(r->json, &item, &err);
    if (rc == 0)
        rc = app_custom_add(&r->app->ctx, &r->who, r->user.id, &item, has_once ? &once : NULL,
                            r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    if (has_once && once.replayed)
        resp_header(r, "Idempotent-Replayed", "true");
    resp_json(r, 201, custom_item_json(&item));
}

void api_kit_custom_delete(struct req *r)
{
    int64_t id = 0;
    struct pace_error err = {0};
    int rc = custom_id_parse(r->params[0], &id)
                 ? app_custom_delete(&r->app->ctx, &r->who, r->user.id, id, &err)
                 : pace_fail(&err, PACE_ENOTFOUND, NULL, "%s",
                             _("There is no such item among your own items."));
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    r->status = 204;
    r->content_type = "application/json";
}
