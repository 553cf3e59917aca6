/*
 * sessions.c - practice sessions as use cases: log, edit, delete, read and
 * list them, the same for the quick log, the guided session, the JSON API
 * and the command line. The dilator is checked against her kit here, once.
 */
#include "app/app.h"

#include "core/i18n.h"
#include "app/kits.h"

#include <stdlib.h>
#include <string.h>

/* Finds id in her kit (one item looked up, not her whole kit); fills *e
 * (whose pointers die here, so only its numbers are used). */
static int find_in_kit(struct store *s, const struct catalog *cat, int64_t user_id, const char *id,
                       struct kit_entry *e, struct pace_error *err)
{
    bool in_kit = false, is_custom = false;
    struct custom_item c;
    int rc = store_kit_find(s, user_id, id, &in_kit, &is_custom, &c, err);
    bool found = false;
    size_t len = strlen(id);
    if (rc == 0 && in_kit && len < sizeof(struct kit_id)) {
        struct kit_id kid;
        memcpy(kid.s, id, len + 1);
        struct kit_entry *es = NULL;
        size_t n = 0;
        /* As her kit is read: an id neither in the catalogs nor hers is
         * passed over. */
        rc = kit_resolve(cat, is_custom ? &c : NULL, is_custom ? 1 : 0, &kid, 1, false, &es, &n,
                         err);
        if (rc == 0 && n == 1) {
            *e = es[0];
            found = true;
        }
        free(es);
    }
    crypto_wipe(c.label, sizeof c.label);
    if (rc == 0 && !found)
        rc = pace_fail(err, PACE_EINVAL, "dilator_id", "%s",
                       _("dilator_id must name an item in your kit."));
    return rc;
}

/* Checks p->dilator_id against her kit (catalog items she owns and her own
 * items). An id not in her kit is PACE_EINVAL with field "dilator_id". When
 * p->diameter_mm is 0 it is copied from the item, so the record keeps the
 * size of the day even if her kit changes later; a size the item cannot
 * have is PACE_EINVAL with field "diameter_mm" (an adjustable device needs
 * the size it was set to). old is the stored record being replaced, or
 * NULL: keeping its dilator_id is accepted even when that item has since
 * left her kit. */
static int check_dilator(struct store *s, const struct catalog *cat, int64_t user_id,
                         struct practice *p, const struct practice *old, struct pace_error *err)
{
    if (p->dilator_id[0] == '\0') {
        if (p->diameter_mm != 0)
            return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                             _("diameter_mm needs a dilator_id: the size of which dilator?"));
        return 0;
    }
    if (old && strcmp(old->dilator_id, p->dilator_id) == 0) {
        if (p->diameter_mm == 0)
            p->diameter_mm = old->diameter_mm;
        return 0;
    }
    struct kit_entry e = {0};
    int rc = find_in_kit(s, cat, user_id, p->dilator_id, &e, err);
    if (rc != 0)
        return rc;
    bool adjustable = e.diameter_max_mm > e.diameter_mm + 0.05;
    if (p->diameter_mm == 0) {
        if (adjustable)
            return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                             _("Please give diameter_mm: the size the adjustable dilator "
                               "was set to."));
        p->diameter_mm = e.diameter_mm;
        return 0;
    }
    if (p->diameter_mm < e.diameter_mm - 0.05 || p->diameter_mm > e.diameter_max_mm + 0.05)
        return pace_fail(err, PACE_EINVAL, "diameter_mm", "%s",
                         _("diameter_mm does not match the size of that dilator."));
    return 0;
}

int app_session_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct practice *p, struct store_once *once, int64_t now,
                       struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_CREATE, NULL, err);
    if (rc == 0)
        rc = practice_validate(p, now, err);
    if (rc == 0)
        rc = check_dilator(c->store, c->catalog, subject, p, NULL, err);
    if (rc == 0)
        rc = store_practice_insert(c->store, subject, p, now, once, err);
    if (rc == 0 && once && once->replayed) {
        /* The same request again: what was stored the first time. */
        practice_clear(p);
        rc = store_practice_get(c->store, subject, once->record_id, p, err);
        if (rc == PACE_ENOTFOUND)
            rc = pace_fail(err, PACE_ECONFLICT, "Idempotency-Key", "%s",
                           _("The session this request made has been deleted since."));
    }
    return rc;
}

int app_session_update(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct practice *p, int64_t now, struct pace_error *err)
{
    struct practice old;
    practice_init(&old);
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = store_practice_get(c->store, subject, p->id, &old, err);
    if (rc == 0)
        rc = practice_validate(p, now, err);
    if (rc == 0)
        rc = check_dilator(c->store, c->catalog, subject, p, &old, err);
    if (rc == 0)
        rc = store_practice_update(c->store, subject, p, now, err);
    practice_clear(&old);
    return rc;
}

int app_session_delete(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       const char *id, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_DELETE, NULL, err);
    return rc == 0 ? store_practice_delete(c->store, subject, id, err) : rc;
}

/* Drops the note unless who may read notes. */
static void notes_for(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      struct practice *items, size_t n)
{
    if (app_may(c, who, subject, RES_NOTES, ACT_READ))
        return;
    for (size_t i = 0; i < n; i++) {
        if (items[i].note)
            crypto_wipe(items[i].note, strlen(items[i].note));
        free(items[i].note);
        items[i].note = NULL;
    }
}

int app_session_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const char *id, struct practice *out, struct pace_error *err)
{
    practice_init(out);
    int rc = app_gate_record(c, who, subject, RES_SESSIONS, ACT_READ, id, NULL, err);
    if (rc == 0)
        rc = store_practice_get(c->store, subject, id, out, err);
    if (rc == 0)
        notes_for(c, who, subject, out, 1);
    return rc;
}

int app_session_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const struct practice_query *q, struct practice **items, size_t *n,
                     char next_cursor[STORE_CURSOR_MAX], struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_READ, NULL, err);
    if (rc == 0)
        rc = store_practice_list(c->store, subject, q, items, n, next_cursor, err);
    if (rc == 0)
        notes_for(c, who, subject, *items, *n);
    return rc;
}

int app_session_last(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct practice *out, struct pace_error *err)
{
    practice_init(out);
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_READ, NULL, err);
    if (rc != 0)
        return rc;
    rc = store_practice_last(c->store, subject, out);
    if (rc == PACE_ENOTFOUND)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no session yet."));
    return rc;
}

int app_draft_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  char **json_out, struct pace_error *err)
{
    *json_out = NULL;
    int rc = app_gate(c, who, subject, RES_DRAFT, ACT_READ, NULL, err);
    return rc == 0 ? store_draft_get(c->store, subject, json_out, err) : rc;
}

int app_draft_put(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const char *json, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_DRAFT, ACT_UPDATE, NULL, err);
    return rc == 0 ? store_draft_put(c->store, subject, json, now, err) : rc;
}

int app_draft_delete(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_DRAFT, ACT_DELETE, NULL, err);
    return rc == 0 ? store_draft_delete(c->store, subject) : rc;
}

int app_draft_finish(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct practice *p, bool had_draft, struct store_once *once, int64_t now,
                     struct pace_error *err)
{
    if (!had_draft)
        return app_session_create(c, who, subject, p, once, now, err);
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_CREATE, NULL, err);
    if (rc == 0)
        rc = app_gate(c, who, subject, RES_DRAFT, ACT_DELETE, NULL, err);
    if (rc == 0)
        rc = practice_validate(p, now, err);
    if (rc == 0 && p->dilator_id[0])
        rc = check_dilator(c->store, c->catalog, subject, p, NULL, err);
    if (rc == 0)
        rc = store_draft_finish(c->store, subject, p, now, once, err);
    return rc;
}

int app_once_find(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct store_once *once, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_SESSIONS, ACT_CREATE, NULL, err);
    return rc == 0 ? store_once_find(c->store, subject, once, now, err) : rc;
}
