/*
 * kit.c - her kit as use cases: read it resolved against the catalogs,
 * replace it, add and delete her own items. The same for the /kit page, the
 * API, the guided session's choices and the CLI.
 */
#include "app/app.h"

#include "core/i18n.h"

#include <string.h>

int app_kit_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                struct kit_view *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_KIT, ACT_READ, NULL, err);
    return rc == 0 ? kits_load(c->store, c->catalog, subject, out, err) : rc;
}

int app_kit_replace(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct kit_id *ids, size_t n, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_KIT, ACT_UPDATE, NULL, err);
    return rc == 0 ? kits_replace(c->store, c->catalog, subject, ids, n, now, err) : rc;
}

int app_custom_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct custom_item *item, struct store_once *once, int64_t now,
                   struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_KIT, ACT_CREATE, NULL, err);
    if (rc == 0)
        rc = custom_item_check(item, err);
    if (rc == 0)
        rc = store_custom_insert(c->store, subject, item, now, &item->id, once, err);
    if (rc == 0) {
        item->in_kit = true;
        item->created_at = now;
    }
    return rc;
}

int app_custom_delete(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      int64_t id, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_KIT, ACT_DELETE, NULL, err);
    return rc == 0 ? store_custom_delete(c->store, subject, id, err) : rc;
}
