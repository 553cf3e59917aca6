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
static int step_done(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static int count_custom(struct store *s, int64_t user_id, int *n)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT count(*) FROM custom_items WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    *n = rc == SQL_ROW ? sql_col_int(st, 0) : 0;
    sql_done(st);
    return rc == SQL_ROW ? 0 : db_fail(s, rc, NULL);
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
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO custom_items (user_id, label_enc, kind, "
                                         "diameter_mm, length_mm, material, created_at) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    sql_bind_int64(st, 1, user_id);
    sql_bind_blob(st, 2, "", 0);
    sql_bind_text(st, 3, catalog_kind_name(item->kind));
    sql_bind_double(st, 4, item->diameter_mm);
    if (item->length_mm > 0)
        sql_bind_double(st, 5, item->length_mm);
    else
        sql_bind_null(st, 5);
    sql_bind_text(st, 6, material_name(item->material));
    sql_bind_int64(st, 7, now);
    rc = sql_step_id(st, id);
    sql_done(st);
    if (rc != SQL_DONE)
        return db_fail(s, rc, err);
    char *ad = label_ad(*id);
    st = sql_prepare(s, "UPDATE custom_items SET label_enc = ? WHERE id = ?");
    sql_bind_sealed(s, st, 1, ad, item->label);
    sql_bind_int64(st, 2, *id);
    rc = step_done(s, st, err);
    free(ad);
    if (rc != 0)
        return rc;
    struct kit_id kid;
    custom_item_id(*id, &kid);
    st = sql_prepare(s, "INSERT INTO kit_items (user_id, item_id, custom_id, added_at) "
                        "VALUES (?, ?, ?, ?)");
    sql_bind_int64(st, 1, user_id);
    sql_bind_text(st, 2, kid.s);
    sql_bind_int64(st, 3, *id);
    sql_bind_int64(st, 4, now);
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

static int read_custom(struct store *s, struct sql_stmt *st, struct custom_item *c,
                       struct pace_error *err)
{
    memset(c, 0, sizeof *c);
    c->id = sql_col_int64(st, 0);
    char *ad = label_ad(c->id), *label = NULL;
    int rc = sql_col_opened(s, st, 1, ad, &label, err);
    free(ad);
    if (rc != 0)
        return rc;
    snprintf(c->label, sizeof c->label, "%s", label);
    crypto_wipe(label, strlen(label));
    free(label);
    int k = catalog_kind_parse(sql_col_text(st, 2));
    c->kind = k < 0 ? KIND_DILATOR : (enum catalog_kind)k;
    c->diameter_mm = sql_col_double(st, 3);
    c->length_mm = sql_col_null(st, 4) ? 0 : sql_col_double(st, 4);
    int m = material_parse(sql_col_text(st, 5));
    c->material = m < 0 ? MATERIAL_UNKNOWN : (enum material)m;
    c->created_at = sql_col_int64(st, 6);
    c->in_kit = sql_col_int(st, 7) != 0;
    return 0;
}

/* Her items into a new array; caller holds the lock. */
static int custom_list_locked(struct store *s, int64_t user_id, struct custom_item **items,
                              size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    struct sql_stmt *st = sql_prepare(
        s, "SELECT c.id, c.label_enc, c.kind, c.diameter_mm, c.length_mm, c.material, "
           "c.created_at, EXISTS (SELECT 1 FROM kit_items k WHERE k.user_id = c.user_id "
           "AND k.custom_id = c.id) FROM custom_items c WHERE c.user_id = ? ORDER BY c.id");
    sql_bind_int64(st, 1, user_id);
    int rc, ret = 0;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        if ((ret = read_custom(s, st, &(*items)[*n], err)) != 0)
            break;
        (*n)++;
    }
    if (ret == 0 && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    sql_done(st);
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
    db_lock_read(s);
    int rc = custom_list_locked(s, user_id, items, n, err);
    db_unlock_read(s);
    return rc;
}

int store_custom_delete(struct store *s, int64_t user_id, int64_t id, struct pace_error *err)
{
    db_lock(s);
    /* kit_items rows go with it (ON DELETE CASCADE). */
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM custom_items WHERE user_id = ? AND id = ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, id);
    int rc = step_done(s, st, err);
    if (rc == 0 && sql_changes(s) == 0)
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
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT item_id FROM kit_items WHERE user_id = ? "
                                         "ORDER BY added_at, item_id");
    sql_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *ids = xrealloc(*ids, cap * sizeof **ids);
        }
        sql_col_copy((*ids)[(*n)++].s, sizeof(struct kit_id), st, 0);
    }
    sql_done(st);
    db_unlock_read(s);
    if (rc != SQL_DONE) {
        free(*ids);
        *ids = NULL;
        *n = 0;
        return db_fail(s, rc, err);
    }
    return 0;
}

int store_kit_find(struct store *s, int64_t user_id, const char *item_id, bool *in_kit,
                   bool *is_custom, struct custom_item *custom, struct pace_error *err)
{
    *in_kit = false;
    *is_custom = false;
    memset(custom, 0, sizeof *custom);
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT custom_id FROM kit_items WHERE user_id = ? AND item_id = ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_text(st, 2, item_id);
    int rc = sql_step(st), ret = 0;
    int64_t cid = 0;
    if (rc == SQL_ROW) {
        *in_kit = true;
        *is_custom = !sql_col_null(st, 0);
        cid = sql_col_int64(st, 0);
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    if (ret == 0 && *is_custom) {
        st = sql_prepare(s, "SELECT id, label_enc, kind, diameter_mm, length_mm, material, "
                            "created_at, 1 FROM custom_items WHERE user_id = ? AND id = ?");
        sql_bind_int64(st, 1, user_id);
        sql_bind_int64(st, 2, cid);
        rc = sql_step(st);
        if (rc == SQL_ROW)
            ret = read_custom(s, st, custom, err);
        else if (rc == SQL_DONE)
            *in_kit = *is_custom = false; /* gone with its item (ON DELETE CASCADE) */
        else
            ret = db_fail(s, rc, err);
        sql_done(st);
    }
    db_unlock_read(s);
    if (ret != 0)
        *in_kit = *is_custom = false;
    return ret;
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
    struct sql_stmt *st = sql_prepare(s, "SELECT item_id FROM kit_items WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (nold == cap) {
            cap = cap ? cap * 2 : 16;
            old = xrealloc(old, cap * sizeof *old);
        }
        sql_col_copy(old[nold++].s, sizeof(struct kit_id), st, 0);
    }
    sql_done(st);
    int ret = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    for (size_t i = 0; ret == 0 && i < nold; i++) {
        if (listed(ids, n, old[i].s))
            continue;
        st = sql_prepare(s, "DELETE FROM kit_items WHERE user_id = ? AND item_id = ?");
        sql_bind_int64(st, 1, user_id);
        sql_bind_text(st, 2, old[i].s);
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
        struct sql_stmt *st =
            sql_prepare(s, "SELECT 1 FROM custom_items WHERE id = ? AND user_id = ?");
        sql_bind_int64(st, 1, cid);
        sql_bind_int64(st, 2, user_id);
        int rc = sql_step(st);
        sql_done(st);
        if (rc == SQL_DONE) {
            char field[32];
            snprintf(field, sizeof field, "items[%zu]", i);
            return pace_fail(err, PACE_EINVAL, field,
                             _("There is no item \"%s\" in the catalogs or among your own "
                               "items."),
                             id);
        }
        if (rc != SQL_ROW)
            return db_fail(s, rc, err);
    }
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO kit_items (user_id, item_id, "
                                         "custom_id, added_at) VALUES (?, ?, ?, ?) "
                                         "ON CONFLICT DO NOTHING");
    sql_bind_int64(st, 1, user_id);
    sql_bind_text(st, 2, id);
    if (custom)
        sql_bind_int64(st, 3, cid);
    else
        sql_bind_null(st, 3);
    sql_bind_int64(st, 4, now);
    return step_done(s, st, err);
}

int store_kit_set(struct store *s, int64_t user_id, const struct kit_id *ids, size_t n, int64_t now,
                  struct pace_error *err)
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

int db_custom_insert(struct store *s, int64_t user_id, const struct custom_item *item, int64_t now,
                     bool in_kit, int64_t *id_out, struct pace_error *err)
{
    int rc = insert_custom(s, user_id, item, now, id_out, err);
    if (rc == 0 && !in_kit) {
        struct sql_stmt *st =
            sql_prepare(s, "DELETE FROM kit_items WHERE user_id = ? AND custom_id = ?");
        sql_bind_int64(st, 1, user_id);
        sql_bind_int64(st, 2, *id_out);
        rc = step_done(s, st, err);
    }
    return rc;
}

int db_custom_list(struct store *s, int64_t user_id, struct custom_item **items, size_t *n,
                   struct pace_error *err)
{
    return custom_list_locked(s, user_id, items, n, err);
}
