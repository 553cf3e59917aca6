/*
 * sqlite_kit.c - her kit in SQLite: the items she owns (kit_items) and the
 * items she defined herself (custom_items, name sealed at rest). See the
 * "Her kit" section of store.h for the contract of each function.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *label_ad(int64_t id)
{
    return xasprintf("custom_items.label_enc:%lld", (long long)id);
}

/* Steps a prepared write and finalizes it. Caller holds the lock. */
static int step_done(struct store *s, sqlite3_stmt *st, struct pace_error *err)
{
    int rc = sqlite3_step(st);
    db_done(s, st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
}

static int count_custom(struct store *s, int64_t user_id, int *n)
{
    sqlite3_stmt *st = db_stmt(s, "SELECT count(*) FROM custom_items WHERE user_id = ?");
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    db_done(s, st);
    return rc == SQLITE_ROW ? 0 : db_fail(s, rc, NULL);
}

static int insert_custom(struct store *s, int64_t user_id, const struct custom_item *item,
                         int64_t now, int64_t *id, struct pace_error *err)
{
    int have = 0;
    int rc = count_custom(s, user_id, &have);
    if (rc == 0 && have >= CUSTOM_MAX_ITEMS)
        return pace_fail(err, PACE_EINVAL, NULL, "%s",
                         _("You can keep up to 100 of your own items. Please delete one you "
                           "no longer use first."));
    if (rc != 0)
        return rc;
    /* The sealed name is bound to the row's id, which exists only after the
     * insert: insert with an empty blob, then seal. */
    sqlite3_stmt *st = db_stmt(s, "INSERT INTO custom_items (user_id, label_enc, kind, "
                                     "diameter_mm, length_mm, material, created_at) "
                                     "VALUES (?, x'', ?, ?, ?, ?, ?)");
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, catalog_kind_name(item->kind), -1, SQLITE_STATIC);
    sqlite3_bind_double(st, 3, item->diameter_mm);
    if (item->length_mm > 0)
        sqlite3_bind_double(st, 4, item->length_mm);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, material_name(item->material), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 6, now);
    if ((rc = step_done(s, st, err)) != 0)
        return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    char *ad = label_ad(*id);
    st = db_stmt(s, "UPDATE custom_items SET label_enc = ? WHERE id = ?");
    db_bind_sealed(s, st, 1, ad, item->label);
    sqlite3_bind_int64(st, 2, *id);
    rc = step_done(s, st, err);
    free(ad);
    if (rc != 0)
        return rc;
    struct kit_id kid;
    custom_item_id(*id, &kid);
    st = db_stmt(s, "INSERT INTO kit_items (user_id, item_id, custom_id, added_at) "
                       "VALUES (?, ?, ?, ?)");
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, kid.s, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, *id);
    sqlite3_bind_int64(st, 4, now);
    return step_done(s, st, err);
}

int store_custom_insert(struct store *s, int64_t user_id, const struct custom_item *item,
                        int64_t now, int64_t *id_out, struct store_once *once,
                        struct pace_error *err)
{
    int64_t id = 0;
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0 && once && (rc = once_check_locked(s, user_id, once, now, err)) == 0 &&
        once->replayed) {
        db_rollback(s);
        db_unlock(s);
        if (id_out)
            *id_out = strtoll(once->record_id, NULL, 10);
        return 0;
    }
    if (rc == 0)
        rc = insert_custom(s, user_id, item, now, &id, err);
    if (rc == 0 && once) {
        char rid[32];
        snprintf(rid, sizeof rid, "%lld", (long long)id);
        rc = once_record_locked(s, user_id, once, rid, now, err);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    if (rc == 0 && id_out)
        *id_out = id;
    return rc;
}

static int read_custom(struct store *s, sqlite3_stmt *st, struct custom_item *c,
                       struct pace_error *err)
{
    memset(c, 0, sizeof *c);
    c->id = sqlite3_column_int64(st, 0);
    char *ad = label_ad(c->id), *label = NULL;
    int rc = db_column_opened(s, st, 1, ad, &label, err);
    free(ad);
    if (rc != 0)
        return rc;
    snprintf(c->label, sizeof c->label, "%s", label);
    crypto_wipe(label, strlen(label));
    free(label);
    int k = catalog_kind_parse((const char *)sqlite3_column_text(st, 2));
    c->kind = k < 0 ? KIND_DILATOR : (enum catalog_kind)k;
    c->diameter_mm = sqlite3_column_double(st, 3);
    c->length_mm = sqlite3_column_type(st, 4) == SQLITE_NULL ? 0 : sqlite3_column_double(st, 4);
    int m = material_parse((const char *)sqlite3_column_text(st, 5));
    c->material = m < 0 ? MATERIAL_UNKNOWN : (enum material)m;
    c->created_at = sqlite3_column_int64(st, 6);
    c->in_kit = sqlite3_column_int(st, 7) != 0;
    return 0;
}

/* Her items into a new array; caller holds the lock. */
static int custom_list_locked(struct store *s, int64_t user_id, struct custom_item **items,
                              size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    sqlite3_stmt *st = db_stmt(
        s, "SELECT c.id, c.label_enc, c.kind, c.diameter_mm, c.length_mm, c.material, "
           "c.created_at, EXISTS (SELECT 1 FROM kit_items k WHERE k.user_id = c.user_id "
           "AND k.custom_id = c.id) FROM custom_items c WHERE c.user_id = ? ORDER BY c.id");
    sqlite3_bind_int64(st, 1, user_id);
    int rc, ret = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        if ((ret = read_custom(s, st, &(*items)[*n], err)) != 0)
            break;
        (*n)++;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = db_fail(s, rc, err);
    db_done(s, st);
    if (ret != 0) {
        free(*items);
        *items = NULL;
        *n = 0;
    }
    return ret;
}

int store_custom_list(struct store *s, int64_t user_id, struct custom_item **items, size_t *n,
                      struct pace_error *err)
{
    db_lock(s);
    int rc = custom_list_locked(s, user_id, items, n, err);
    db_unlock(s);
    return rc;
}

int store_custom_delete(struct store *s, int64_t user_id, int64_t id, struct pace_error *err)
{
    db_lock(s);
    /* kit_items rows go with it (ON DELETE CASCADE). */
    sqlite3_stmt *st = db_stmt(s, "DELETE FROM custom_items WHERE user_id = ? AND id = ?");
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_int64(st, 2, id);
    int rc = step_done(s, st, err);
    if (rc == 0 && sqlite3_changes(s->db) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                       _("There is no such item among your own items."));
    db_unlock(s);
    return rc;
}

int store_kit_get(struct store *s, int64_t user_id, struct kit_id **ids, size_t *n,
                  struct pace_error *err)
{
    *ids = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, "SELECT item_id FROM kit_items WHERE user_id = ? "
                                     "ORDER BY added_at, item_id");
    sqlite3_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        db_copy_text((*ids)[(*n)++].s, sizeof(struct kit_id), st, 0);
    }
    db_done(s, st);
    db_unlock(s);
    if (rc != SQLITE_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return db_fail(s, rc, err);
    }
    return 0;
}

/* True when ids[0..n) holds id. */
static bool listed(const struct kit_id *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i].s, id) == 0)
            return true;
    return false;
}

/* Removes her kit rows whose ids are not in ids. Caller holds the lock. */
static int drop_unlisted(struct store *s, int64_t user_id, const struct kit_id *ids, size_t n,
                         struct pace_error *err)
{
    struct kit_id *old = NULL;
    size_t nold = 0, cap = 0;
    sqlite3_stmt *st = db_stmt(s, "SELECT item_id FROM kit_items WHERE user_id = ?");
    sqlite3_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (nold == cap) {
            cap = cap ? cap * 2 : 16;
            old = xrealloc(old, cap * sizeof *old);
        }
        db_copy_text(old[nold++].s, sizeof(struct kit_id), st, 0);
    }
    db_done(s, st);
    int ret = rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
    for (size_t i = 0; ret == 0 && i < nold; i++) {
        if (listed(ids, n, old[i].s))
            continue;
        st = db_stmt(s, "DELETE FROM kit_items WHERE user_id = ? AND item_id = ?");
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_text(st, 2, old[i].s, -1, SQLITE_STATIC);
        ret = step_done(s, st, err);
    }
    free(old);
    return ret;
}

/* Adds ids[i] to her kit unless it is there. A custom id must be hers. */
static int add_one(struct store *s, int64_t user_id, const char *id, size_t i, int64_t now,
                   struct pace_error *err)
{
    int64_t cid = 0;
    bool custom = custom_id_parse(id, &cid);
    if (custom) {
        sqlite3_stmt *st =
            db_stmt(s, "SELECT 1 FROM custom_items WHERE id = ? AND user_id = ?");
        sqlite3_bind_int64(st, 1, cid);
        sqlite3_bind_int64(st, 2, user_id);
        int rc = sqlite3_step(st);
        db_done(s, st);
        if (rc == SQLITE_DONE) {
            char field[32];
            snprintf(field, sizeof field, "items[%zu]", i);
            return pace_fail(err, PACE_EINVAL, field,
                             _("There is no item \"%s\" in the catalogs or among your own "
                               "items."),
                             id);
        }
        if (rc != SQLITE_ROW)
            return db_fail(s, rc, err);
    }
    sqlite3_stmt *st = db_stmt(s, "INSERT OR IGNORE INTO kit_items (user_id, item_id, "
                                     "custom_id, added_at) VALUES (?, ?, ?, ?)");
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, id, -1, SQLITE_STATIC);
    if (custom)
        sqlite3_bind_int64(st, 3, cid);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_int64(st, 4, now);
    return step_done(s, st, err);
}

int store_kit_set(struct store *s, int64_t user_id, const struct kit_id *ids, size_t n,
                  int64_t now, struct pace_error *err)
{
    if (n > KIT_MAX_ITEMS)
        return pace_fail(err, PACE_EINVAL, "items", _("A kit can have at most %d items."),
                         KIT_MAX_ITEMS);
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = drop_unlisted(s, user_id, ids, n, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = add_one(s, user_id, ids[i].s, i, now, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

int db_custom_insert(struct store *s, int64_t user_id, const struct custom_item *item,
                     int64_t now, bool in_kit, int64_t *id_out, struct pace_error *err)
{
    int rc = insert_custom(s, user_id, item, now, id_out, err);
    if (rc == 0 && !in_kit) {
        sqlite3_stmt *st =
            db_prepare(s, "DELETE FROM kit_items WHERE user_id = ? AND custom_id = ?");
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, *id_out);
        rc = step_done(s, st, err);
    }
    return rc;
}

int db_custom_list(struct store *s, int64_t user_id, struct custom_item **items, size_t *n,
                   struct pace_error *err)
{
    return custom_list_locked(s, user_id, items, n, err);
}
