/*
 * sqlite_ladder.c - the comfort ladder and reminders in SQLite (tables of
 * migration 5; her time zone, migration 7). See the "Comfort ladder" and "Reminders" sections of
 * store.h. Answers and titles are sealed with the row's identity as
 * associated data, so a value copied to another row does not open.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *answers_ad(int64_t id)
{
    return xasprintf("ladder_entries.answers_enc:%lld", (long long)id);
}

static char *title_ad(int64_t user_id)
{
    return xasprintf("reminders.title_enc:%lld", (long long)user_id);
}

/* Steps a prepared write and finalizes it. Caller holds the lock. */
static int step_done(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static int insert_entry(struct store *s, int64_t user_id, struct ladder_entry *e, int64_t now,
                        struct pace_error *err)
{
    /* The sealed answers are bound to the row's id, which exists only
     * after the insert: insert with an empty blob, then seal. */
    struct sql_stmt *st =
        sql_prepare(s, "INSERT INTO ladder_entries (user_id, taken_at, answers_enc) "
                       "VALUES (?, ?, ?) RETURNING id");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, now);
    sql_bind_blob(st, 3, "", 0);
    int64_t id = 0;
    int rc = sql_step_id(st, &id);
    sql_done(st);
    if (rc != SQL_DONE)
        return db_fail(s, rc, err);
    json_t *items = ladder_items_json(e);
    char *text = json_dumps(items, JSON_COMPACT);
    json_decref(items);
    char *ad = answers_ad(id);
    st = sql_prepare(s, "UPDATE ladder_entries SET answers_enc = ? WHERE id = ?");
    sql_bind_sealed(s, st, 1, ad, text);
    sql_bind_int64(st, 2, id);
    rc = step_done(s, st, err);
    free(ad);
    crypto_wipe(text, strlen(text));
    free(text);
    if (rc == 0) {
        e->id = id;
        e->taken_at = now;
    }
    return rc;
}

_Static_assert(EXPORT_MAX_LADDER == 10000, "the sentence below says 10,000");

int db_ladder_count(struct store *s, int64_t user_id, int64_t *n, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT count(*) FROM ladder_entries WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    *n = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
    sql_done(st);
    return rc == SQL_ROW ? 0 : db_fail(s, rc, err);
}

int store_ladder_insert(struct store *s, int64_t user_id, struct ladder_entry *e, int64_t now,
                        struct pace_error *err)
{
    int rc = ladder_validate(e, err);
    if (rc != 0)
        return rc;
    db_lock(s);
    rc = db_begin(s, err);
    int64_t have = 0;
    if (rc == 0 && (rc = db_ladder_count(s, user_id, &have, err)) == 0 && have >= EXPORT_MAX_LADDER)
        rc = pace_fail(err, PACE_EINVAL, NULL, "%s",
                       _("Pace keeps up to 10,000 comfort-ladder entries for each person, and "
                         "you have that many. You can download your data from Settings."));
    if (rc == 0)
        rc = insert_entry(s, user_id, e, now, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

static int read_entry(struct store *s, struct sql_stmt *st, struct ladder_entry *e,
                      struct pace_error *err)
{
    int64_t id = sql_col_int64(st, 0);
    char *ad = answers_ad(id), *text = NULL;
    int rc = sql_col_opened(s, st, 2, ad, &text, err);
    free(ad);
    if (rc != 0)
        return rc;
    json_t *items = json_loads(text, 0, NULL);
    crypto_wipe(text, strlen(text));
    free(text);
    rc = ladder_items_from_json(items, e, NULL);
    json_decref(items);
    if (rc != 0)
        return pace_fail(err, PACE_EIO, NULL, "ladder entry %lld is damaged", (long long)id);
    e->id = id;
    e->taken_at = sql_col_int64(st, 1);
    return 0;
}

/* Reads the rows of st (id, taken_at, answers_enc) into a new array, at
 * most max (0: all); *more tells whether a row was left. */
static int read_entries(struct store *s, struct sql_stmt *st, size_t max,
                        struct ladder_entry **items, size_t *n, bool *more, struct pace_error *err)
{
    struct ladder_entry *list = NULL;
    size_t count = 0, cap = 0;
    int rc, ret = 0;
    *more = false;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (max && count == max) {
            *more = true;
            break;
        }
        if (count == cap) {
            cap = cap ? 2 * cap : 16;
            list = xrealloc(list, cap * sizeof *list);
        }
        if ((ret = read_entry(s, st, &list[count], err)) != 0)
            break;
        count++;
    }
    if (ret == 0 && rc != SQL_ROW && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    if (ret != 0) {
        free(list);
        return ret;
    }
    *items = list;
    *n = count;
    return 0;
}

int store_ladder_list(struct store *s, int64_t user_id, int limit, struct ladder_entry **items,
                      size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    if (limit < 1 || limit > 500)
        return pace_fail(err, PACE_EINVAL, "limit", "%s",
                         _("limit must be a whole number from 1 to 500."));
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT id, taken_at, answers_enc FROM ladder_entries "
                       "WHERE user_id = ? ORDER BY taken_at DESC, id DESC LIMIT ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int(st, 2, limit);
    bool more;
    int ret = read_entries(s, st, 0, items, n, &more, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

/* A page's cursor: the last entry's time and row id, 16 hex digits each. */
#define LADDER_CURSOR_CHARS 32
_Static_assert(LADDER_CURSOR_CHARS < STORE_CURSOR_MAX, "cursor buffer");

static int cursor_parse(const char *c, int64_t *at, int64_t *id)
{
    if (strlen(c) != LADDER_CURSOR_CHARS || strspn(c, "0123456789abcdef") != LADDER_CURSOR_CHARS)
        return -1;
    uint64_t v[2] = {0, 0};
    for (int i = 0; i < LADDER_CURSOR_CHARS; i++)
        v[i / 16] = v[i / 16] << 4 | (uint64_t)(c[i] <= '9' ? c[i] - '0' : c[i] - 'a' + 10);
    *at = (int64_t)v[0];
    *id = (int64_t)v[1];
    return 0;
}

int store_ladder_page(struct store *s, int64_t user_id, const struct ladder_query *q,
                      struct ladder_entry **items, size_t *n, char next_cursor[STORE_CURSOR_MAX],
                      struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    next_cursor[0] = '\0';
    if (q->limit < 1 || q->limit > LADDER_PAGE_MAX)
        return pace_fail(err, PACE_EINVAL, "limit", _("limit must be a whole number from 1 to %d."),
                         LADDER_PAGE_MAX);
    int64_t after_at = 0, after_id = 0;
    bool after = q->cursor && *q->cursor;
    if (after && cursor_parse(q->cursor, &after_at, &after_id) != 0)
        return pace_fail(err, PACE_EINVAL, "cursor", "%s",
                         _("The cursor is not valid; start again from the first page."));
    struct buf sql = {0};
    buf_puts(&sql, "SELECT id, taken_at, answers_enc FROM ladder_entries WHERE user_id = ?1");
    if (q->from)
        buf_puts(&sql, " AND taken_at >= ?2");
    if (q->to)
        buf_puts(&sql, " AND taken_at < ?3");
    if (after)
        buf_puts(&sql, " AND (taken_at, id) < (?4, ?5)");
    buf_puts(&sql, " ORDER BY taken_at DESC, id DESC LIMIT ?6");
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, sql.data);
    buf_free(&sql);
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, q->from);
    sql_bind_int64(st, 3, q->to);
    sql_bind_int64(st, 4, after_at);
    sql_bind_int64(st, 5, after_id);
    sql_bind_int(st, 6, q->limit + 1); /* one more tells whether a next page exists */
    bool more;
    int ret = read_entries(s, st, (size_t)q->limit, items, n, &more, err);
    sql_done(st);
    db_unlock_read(s);
    if (ret == 0 && more)
        snprintf(next_cursor, STORE_CURSOR_MAX, "%016" PRIx64 "%016" PRIx64,
                 (uint64_t)(*items)[*n - 1].taken_at, (uint64_t)(*items)[*n - 1].id);
    return ret;
}

int db_ladder_all(struct store *s, int64_t user_id, int64_t from, int64_t to,
                  struct ladder_entry **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    struct sql_stmt *st = sql_prepare(s, "SELECT id, taken_at, answers_enc FROM ladder_entries "
                                         "WHERE user_id = ?1 AND (taken_at >= ?2 OR ?2 = 0) "
                                         "AND (taken_at < ?3 OR ?3 = 0) "
                                         "ORDER BY taken_at DESC, id DESC");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, from);
    sql_bind_int64(st, 3, to);
    bool more;
    int ret = read_entries(s, st, 0, items, n, &more, err);
    sql_done(st);
    return ret;
}

int store_ladder_all(struct store *s, int64_t user_id, int64_t from, int64_t to,
                     struct ladder_entry **items, size_t *n, struct pace_error *err)
{
    db_lock_read(s);
    int rc = db_ladder_all(s, user_id, from, to, items, n, err);
    db_unlock_read(s);
    return rc;
}

int store_ladder_last_taken(struct store *s, int64_t user_id, int64_t *at)
{
    *at = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT max(taken_at) FROM ladder_entries WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    if (rc == SQL_ROW && !sql_col_null(st, 0))
        *at = sql_col_int64(st, 0);
    sql_done(st);
    int ret = rc == SQL_ROW ? 0 : db_fail(s, rc, NULL);
    db_unlock_read(s);
    return ret;
}

/* ---- Reminders ----------------------------------------------------------- */

#define REMINDER_COLS "user_id, days, minute, title_enc, uid, updated_at, tz"

/* Her time zone, or NULL when she has chosen none. */
static void bind_tz(struct sql_stmt *st, int col, const struct reminder *r)
{
    if (r->tz[0])
        sql_bind_text(st, col, r->tz);
    else
        sql_bind_null(st, col);
}

static int read_reminder(struct store *s, struct sql_stmt *st, struct reminder *r,
                         struct pace_error *err)
{
    memset(r, 0, sizeof *r);
    int64_t user_id = sql_col_int64(st, 0);
    r->days = (unsigned)sql_col_int(st, 1);
    r->minute = sql_col_int(st, 2);
    char *ad = title_ad(user_id), *title = NULL;
    int rc = sql_col_opened(s, st, 3, ad, &title, err);
    free(ad);
    if (rc != 0)
        return rc;
    snprintf(r->title, sizeof r->title, "%s", title);
    crypto_wipe(title, strlen(title));
    free(title);
    sql_col_copy(r->uid, sizeof r->uid, st, 4);
    r->updated_at = sql_col_int64(st, 5);
    sql_col_copy(r->tz, sizeof r->tz, st, 6); /* NULL: none chosen yet */
    return 0;
}

int store_reminder_get(struct store *s, int64_t user_id, struct reminder *out,
                       struct reminder_feed *feed, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (feed)
        memset(feed, 0, sizeof *feed);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " REMINDER_COLS ", feed_hash IS NOT NULL, "
                                         "feed_created_at FROM reminders WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), ret;
    if (rc == SQL_ROW) {
        ret = read_reminder(s, st, out, err);
        if (ret == 0 && feed) {
            feed->live = sql_col_int(st, 7) != 0;
            feed->created_at = feed->live ? sql_col_int64(st, 8) : 0;
        }
    } else if (rc == SQL_DONE) {
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("You have not set reminders yet."));
    } else {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

static int set_feed(struct store *s, int64_t user_id, const unsigned char *hash, int64_t now,
                    struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "UPDATE reminders SET feed_hash = ?, feed_created_at = ? "
                                         "WHERE user_id = ?");
    if (hash) {
        sql_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES);
        sql_bind_int64(st, 2, now);
    } else {
        sql_bind_null(st, 1);
        sql_bind_null(st, 2);
    }
    sql_bind_int64(st, 3, user_id);
    int rc = step_done(s, st, err);
    if (rc == 0 && sql_changes(s) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("You have not set reminders yet."));
    return rc;
}

int store_reminder_put(struct store *s, int64_t user_id, struct reminder *r,
                       const unsigned char *new_feed_hash, int64_t now, struct pace_error *err)
{
    int rc = reminder_check(r, err);
    if (rc != 0)
        return rc;
    char uid[CRYPTO_UUID_CHARS + 1];
    crypto_uuid(uid);
    char *ad = title_ad(user_id);
    db_lock(s);
    rc = db_begin(s, err);
    if (rc == 0) {
        /* The uid is made once and kept, so her calendar sees one event
         * that changes rather than a new one each time. */
        struct sql_stmt *st = sql_prepare(
            s, "INSERT INTO reminders (user_id, days, minute, title_enc, uid, updated_at, tz) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(user_id) DO UPDATE SET "
               "days = ?2, minute = ?3, title_enc = ?4, updated_at = ?6, tz = ?7");
        sql_bind_int64(st, 1, user_id);
        sql_bind_int(st, 2, (int)r->days);
        sql_bind_int(st, 3, r->minute);
        sql_bind_sealed(s, st, 4, ad, r->title);
        sql_bind_text(st, 5, uid);
        sql_bind_int64(st, 6, now);
        bind_tz(st, 7, r);
        rc = step_done(s, st, err);
    }
    if (rc == 0 && new_feed_hash)
        rc = set_feed(s, user_id, new_feed_hash, now, err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "SELECT uid FROM reminders WHERE user_id = ?");
        sql_bind_int64(st, 1, user_id);
        if (sql_step(st) == SQL_ROW)
            sql_col_copy(r->uid, sizeof r->uid, st, 0);
        sql_done(st);
        r->updated_at = now;
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    free(ad);
    return rc;
}

int store_reminder_feed_set(struct store *s, int64_t user_id,
                            const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                            struct pace_error *err)
{
    db_lock(s);
    int rc = set_feed(s, user_id, hash, now, err);
    db_unlock(s);
    return rc;
}

int store_reminder_feed_revoke(struct store *s, int64_t user_id, struct pace_error *err)
{
    db_lock(s);
    int rc = set_feed(s, user_id, NULL, 0, err);
    db_unlock(s);
    return rc;
}

int store_reminder_delete(struct store *s, int64_t user_id)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM reminders WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = step_done(s, st, NULL);
    db_unlock(s);
    return rc;
}

int store_reminder_by_feed(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                           struct reminder *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " REMINDER_COLS " FROM reminders "
                                         "WHERE feed_hash = ?");
    sql_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES);
    int rc = sql_step(st), ret;
    if (rc == SQL_ROW)
        ret = read_reminder(s, st, out, err);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "no such calendar");
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int db_ladder_insert(struct store *s, int64_t user_id, struct ladder_entry *e,
                     struct pace_error *err)
{
    int rc = ladder_validate(e, err);
    return rc != 0 ? rc : insert_entry(s, user_id, e, e->taken_at, err);
}

int db_reminder_add(struct store *s, int64_t user_id, struct reminder *r, int64_t now,
                    struct pace_error *err)
{
    int rc = reminder_check(r, err);
    if (rc != 0)
        return rc;
    crypto_uuid(r->uid);
    char *ad = title_ad(user_id);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO reminders (user_id, days, minute, title_enc, uid, updated_at, tz) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int(st, 2, (int)r->days);
    sql_bind_int(st, 3, r->minute);
    sql_bind_sealed(s, st, 4, ad, r->title);
    sql_bind_text(st, 5, r->uid);
    sql_bind_int64(st, 6, now);
    bind_tz(st, 7, r);
    rc = step_done(s, st, err);
    free(ad);
    if (rc == 0)
        r->updated_at = now;
    return rc;
}
