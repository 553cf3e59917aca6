/*
 * sqlite_community.c - the support community (store_community.h):
 * members, spaces, posts and comments with their flags, reports, support,
 * the moderation log and the operator's settings and brand names.
 */
#include "sqlite_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[CM_STATUS_COUNT] = {"held", "live", "rejected", "hidden"};

const char *cm_status_name(enum cm_status st)
{
    return st >= 0 && st < CM_STATUS_COUNT ? status_names[st] : "";
}

static int step_done(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

/* Runs sql with up to two integers bound; caller holds the lock. */
static int exec2(struct store *s, const char *sql, int64_t a, int64_t b, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, sql);
    sql_bind_int64(st, 1, a);
    if (strstr(sql, "?2"))
        sql_bind_int64(st, 2, b);
    return step_done(s, st, err);
}

static int finish(struct store *s, int rc, struct pace_error *err)
{
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

/* ---- members ---- */

#define MEMBER_COLS "id, user_id, handle, joined_at, approved, moderator, status, on_erase"

static void read_member(struct sql_stmt *st, struct cm_member *m)
{
    memset(m, 0, sizeof *m);
    m->id = sql_col_int64(st, 0);
    m->user_id = sql_col_null(st, 1) ? 0 : sql_col_int64(st, 1);
    sql_col_copy(m->handle, sizeof m->handle, st, 2);
    m->joined_at = sql_col_int64(st, 3);
    m->approved = sql_col_int(st, 4);
    m->moderator = sql_col_int(st, 5) != 0;
    m->suspended = strcmp(sql_col_text(st, 6), "suspended") == 0;
    m->keep_on_erase = strcmp(sql_col_text(st, 7), "keep") == 0;
}

static int member_where(struct store *s, const char *sql, int64_t id, const char *text,
                        struct cm_member *out, struct pace_error *err)
{
    /* A read (on every community page): in the request's snapshot. */
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, sql);
    if (text)
        sql_bind_text(st, 1, text);
    else
        sql_bind_int64(st, 1, id);
    int rc = sql_step(st);
    int ret = 0;
    if (rc == SQL_ROW)
        read_member(st, out);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "not a member");
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int store_cm_member_by_user(struct store *s, int64_t user_id, struct cm_member *out,
                            struct pace_error *err)
{
    return member_where(s, "SELECT " MEMBER_COLS " FROM community_members WHERE user_id = ?",
                        user_id, NULL, out, err);
}

int store_cm_member_by_handle(struct store *s, const char *handle, struct cm_member *out,
                              struct pace_error *err)
{
    /* Handles are one whatever their case (SQLite's NOCASE column, a
     * lower() index on PostgreSQL). */
    return member_where(s,
                        "SELECT " MEMBER_COLS " FROM community_members "
                        "WHERE lower(handle) = lower(?)",
                        0, handle, out, err);
}

int store_cm_join(struct store *s, int64_t user_id, const char *handle, int64_t now,
                  struct cm_member *out, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO community_members (user_id, handle, "
                                         "joined_at) VALUES (?, ?, ?) RETURNING id");
    sql_bind_int64(st, 1, user_id);
    sql_bind_text(st, 2, handle);
    sql_bind_int64(st, 3, now);
    int64_t id = 0;
    int rc = sql_step_id(st, &id);
    sql_done(st);
    int ret = 0;
    if (rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    db_unlock(s);
    if (ret == 0) {
        memset(out, 0, sizeof *out);
        out->id = id;
        out->user_id = user_id;
        snprintf(out->handle, sizeof out->handle, "%s", handle);
        out->joined_at = now;
    }
    return ret;
}

int store_cm_set_moderator(struct store *s, int64_t member_id, bool on, struct pace_error *err)
{
    db_lock(s);
    int rc =
        exec2(s, "UPDATE community_members SET moderator = ?2 WHERE id = ?1", member_id, on, err);
    db_unlock(s);
    return rc;
}

int store_cm_set_on_erase(struct store *s, int64_t member_id, bool keep, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "UPDATE community_members SET on_erase = ? WHERE id = ?");
    sql_bind_text(st, 1, keep ? "keep" : "delete");
    sql_bind_int64(st, 2, member_id);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

static int log_add(struct store *s, int64_t now, const char *moderator, const char *action,
                   int64_t post_id, const char *target, const char *reason, struct pace_error *err)
{
    struct sql_stmt *st =
        sql_prepare(s, "INSERT INTO community_log (at, moderator, action, post_id, "
                       "target, reason) VALUES (?, ?, ?, ?, ?, ?)");
    sql_bind_int64(st, 1, now);
    sql_bind_text(st, 2, moderator);
    sql_bind_text(st, 3, action);
    if (post_id)
        sql_bind_int64(st, 4, post_id);
    else
        sql_bind_null(st, 4);
    sql_bind_text(st, 5, target ? target : "");
    sql_bind_text(st, 6, reason ? reason : "");
    return step_done(s, st, err);
}

int store_cm_suspend(struct store *s, int64_t member_id, bool on, const char *moderator,
                     const char *reason, int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    char handle[COMMUNITY_HANDLE_MAX + 1] = "";
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "SELECT handle FROM community_members WHERE id = ? AND "
                           "status <> 'former'");
        sql_bind_int64(st, 1, member_id);
        if (sql_step(st) == SQL_ROW)
            sql_col_copy(handle, sizeof handle, st, 0);
        else
            rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such member");
        sql_done(st);
    }
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE community_members SET status = ? WHERE id = ?");
        sql_bind_text(st, 1, on ? "suspended" : "active");
        sql_bind_int64(st, 2, member_id);
        rc = step_done(s, st, err);
    }
    if (rc == 0)
        rc = log_add(s, now, moderator, on ? "suspend" : "unsuspend", 0, handle, reason, err);
    return finish(s, rc, err);
}

int store_cm_leave(struct store *s, int64_t user_id, bool keep, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = db_cm_leave(s, user_id, keep ? 1 : 0, err);
    return finish(s, rc, err);
}

int db_cm_leave(struct store *s, int64_t user_id, int keep, struct pace_error *err)
{
    /* keep < 0: her own choice, as stored. Held and rejected posts never
     * went live, so they go either way; so do her support and reports. */
    static const char *const always[] = {
        "DELETE FROM community_support WHERE member_id IN "
        "(SELECT id FROM community_members WHERE user_id = ?1)",
        "DELETE FROM community_reports WHERE member_id IN "
        "(SELECT id FROM community_members WHERE user_id = ?1)",
        "DELETE FROM community_posts WHERE status IN ('held', 'rejected') AND member_id IN "
        "(SELECT id FROM community_members WHERE user_id = ?1)",
    };
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof always / sizeof always[0]; i++)
        rc = exec2(s, always[i], user_id, 0, err);
    if (rc == 0 && keep >= 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE community_members SET on_erase = ? WHERE user_id = ?");
        sql_bind_text(st, 1, keep ? "keep" : "delete");
        sql_bind_int64(st, 2, user_id);
        rc = step_done(s, st, err);
    }
    if (rc == 0)
        rc = exec2(s,
                   "DELETE FROM community_posts WHERE member_id IN (SELECT id FROM "
                   "community_members WHERE user_id = ?1 AND on_erase = 'delete')",
                   user_id, 0, err);
    if (rc == 0)
        rc = exec2(s, "DELETE FROM community_members WHERE user_id = ?1 AND on_erase = 'delete'",
                   user_id, 0, err);
    if (rc == 0)
        rc = exec2(s,
                   "UPDATE community_members SET user_id = NULL, handle = NULL, moderator = 0, "
                   "status = 'former' WHERE user_id = ?1",
                   user_id, 0, err);
    return rc;
}

/* ---- spaces ---- */

#define SPACE_COLS "id, slug, name, description, lang, approval_all, open_to_readers"

static void read_space(struct sql_stmt *st, struct cm_space *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->id = sql_col_int64(st, 0);
    sql_col_copy(sp->slug, sizeof sp->slug, st, 1);
    sql_col_copy(sp->name, sizeof sp->name, st, 2);
    sql_col_copy(sp->description, sizeof sp->description, st, 3);
    sql_col_copy(sp->lang, sizeof sp->lang, st, 4);
    sp->approval_all = sql_col_int(st, 5) != 0;
    sp->open = sql_col_int(st, 6) != 0;
}

int store_cm_spaces(struct store *s, struct cm_space **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT " SPACE_COLS " FROM community_spaces ORDER BY position, id");
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        *items = xrealloc(*items, (*n + 1) * sizeof **items);
        read_space(st, &(*items)[(*n)++]);
    }
    sql_done(st);
    db_unlock_read(s);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_cm_space_by_slug(struct store *s, const char *slug, struct cm_space *out,
                           struct pace_error *err)
{
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT " SPACE_COLS " FROM community_spaces WHERE slug = ?");
    sql_bind_text(st, 1, slug);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW)
        read_space(st, out);
    else
        ret = rc == SQL_DONE ? pace_fail(err, PACE_ENOTFOUND, NULL, "no such space")
                             : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int store_cm_space_put(struct store *s, const struct cm_space *sp, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO community_spaces (slug, name, description, lang, approval_all, "
           "open_to_readers, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT "
           "COALESCE(MAX(position), 0) + 1 FROM community_spaces)) ON CONFLICT (slug) DO UPDATE "
           "SET name = ?2, description = ?3, lang = ?4, approval_all = ?5, open_to_readers = ?6");
    sql_bind_text(st, 1, sp->slug);
    sql_bind_text(st, 2, sp->name);
    sql_bind_text(st, 3, sp->description);
    sql_bind_text(st, 4, sp->lang);
    sql_bind_int(st, 5, sp->approval_all);
    sql_bind_int(st, 6, sp->open);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

/* ---- settings and brands ---- */

int store_cm_setting_int(struct store *s, const char *key, int def)
{
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT value FROM community_settings WHERE key = ?");
    sql_bind_text(st, 1, key);
    int v = sql_step(st) == SQL_ROW ? sql_col_int(st, 0) : def;
    sql_done(st);
    db_unlock_read(s);
    return v;
}

int store_cm_setting_put(struct store *s, const char *key, int value, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "INSERT INTO community_settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    sql_bind_text(st, 1, key);
    char text[16];
    snprintf(text, sizeof text, "%d", value);
    sql_bind_text(st, 2, text);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

int store_cm_brands(struct store *s, char ***names, size_t *n, struct pace_error *err)
{
    *names = NULL;
    *n = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT name FROM community_brands ORDER BY lower(name), name");
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        *names = xrealloc(*names, (*n + 1) * sizeof **names);
        (*names)[(*n)++] = xstrdup(sql_col_text(st, 0));
    }
    sql_done(st);
    db_unlock_read(s);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_cm_brand(struct store *s, const char *name, bool add, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, add ? "INSERT INTO community_brands (name) VALUES (?) "
                                               "ON CONFLICT DO NOTHING"
                                             : "DELETE FROM community_brands "
                                               "WHERE lower(name) = lower(?)");
    sql_bind_text(st, 1, name);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}
