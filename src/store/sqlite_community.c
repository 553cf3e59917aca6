/*
 * sqlite_community.c - the support community on SQLite (store_community.h):
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

static int step_done(struct store *s, sqlite3_stmt *st, struct pace_error *err)
{
    int rc = sqlite3_step(st);
    db_done(s, st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
}

/* Runs sql with up to two integers bound; caller holds the lock. */
static int exec2(struct store *s, const char *sql, int64_t a, int64_t b, struct pace_error *err)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    sqlite3_bind_int64(st, 1, a);
    if (sqlite3_bind_parameter_count(st) >= 2)
        sqlite3_bind_int64(st, 2, b);
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

static void read_member(sqlite3_stmt *st, struct cm_member *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(st, 0);
    m->user_id = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
    db_copy_text(m->handle, sizeof m->handle, st, 2);
    m->joined_at = sqlite3_column_int64(st, 3);
    m->approved = sqlite3_column_int(st, 4);
    m->moderator = sqlite3_column_int(st, 5) != 0;
    m->suspended = strcmp((const char *)sqlite3_column_text(st, 6), "suspended") == 0;
    m->keep_on_erase = strcmp((const char *)sqlite3_column_text(st, 7), "keep") == 0;
}

static int member_where(struct store *s, const char *sql, int64_t id, const char *text,
                        struct cm_member *out, struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, sql);
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    int ret = 0;
    if (rc == SQLITE_ROW)
        read_member(st, out);
    else if (rc == SQLITE_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "not a member");
    else
        ret = db_fail(s, rc, err);
    db_done(s, st);
    db_unlock(s);
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
    return member_where(s, "SELECT " MEMBER_COLS " FROM community_members WHERE handle = ?", 0,
                        handle, out, err);
}

int store_cm_join(struct store *s, int64_t user_id, const char *handle, int64_t now,
                  struct cm_member *out, struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st =
        db_stmt(s, "INSERT INTO community_members (user_id, handle, joined_at) VALUES (?, ?, ?)");
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, handle, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, now);
    int rc = sqlite3_step(st);
    db_done(s, st);
    int ret = 0;
    if (rc == SQLITE_CONSTRAINT)
        ret = pace_fail(err, PACE_ECONFLICT, "handle", "taken");
    else if (rc != SQLITE_DONE)
        ret = db_fail(s, rc, err);
    int64_t id = sqlite3_last_insert_rowid(s->db);
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
    sqlite3_stmt *st = db_stmt(s, "UPDATE community_members SET on_erase = ? WHERE id = ?");
    sqlite3_bind_text(st, 1, keep ? "keep" : "delete", -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, member_id);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

static int log_add(struct store *s, int64_t now, const char *moderator, const char *action,
                   int64_t post_id, const char *target, const char *reason, struct pace_error *err)
{
    sqlite3_stmt *st = db_stmt(s, "INSERT INTO community_log (at, moderator, action, post_id, "
                                  "target, reason) VALUES (?, ?, ?, ?, ?, ?)");
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_text(st, 2, moderator, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, action, -1, SQLITE_TRANSIENT);
    if (post_id)
        sqlite3_bind_int64(st, 4, post_id);
    else
        sqlite3_bind_null(st, 4);
    sqlite3_bind_text(st, 5, target ? target : "", -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 6, reason ? reason : "", -1, SQLITE_TRANSIENT);
    return step_done(s, st, err);
}

int store_cm_suspend(struct store *s, int64_t member_id, bool on, const char *moderator,
                     const char *reason, int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    char handle[COMMUNITY_HANDLE_MAX + 1] = "";
    if (rc == 0) {
        sqlite3_stmt *st = db_stmt(s, "SELECT handle FROM community_members WHERE id = ? AND "
                                      "status <> 'former'");
        sqlite3_bind_int64(st, 1, member_id);
        if (sqlite3_step(st) == SQLITE_ROW)
            db_copy_text(handle, sizeof handle, st, 0);
        else
            rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such member");
        db_done(s, st);
    }
    if (rc == 0) {
        sqlite3_stmt *st = db_stmt(s, "UPDATE community_members SET status = ? WHERE id = ?");
        sqlite3_bind_text(st, 1, on ? "suspended" : "active", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, member_id);
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
        sqlite3_stmt *st =
            db_stmt(s, "UPDATE community_members SET on_erase = ? WHERE user_id = ?");
        sqlite3_bind_text(st, 1, keep ? "keep" : "delete", -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, user_id);
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

static void read_space(sqlite3_stmt *st, struct cm_space *sp)
{
    memset(sp, 0, sizeof *sp);
    sp->id = sqlite3_column_int64(st, 0);
    db_copy_text(sp->slug, sizeof sp->slug, st, 1);
    db_copy_text(sp->name, sizeof sp->name, st, 2);
    db_copy_text(sp->description, sizeof sp->description, st, 3);
    db_copy_text(sp->lang, sizeof sp->lang, st, 4);
    sp->approval_all = sqlite3_column_int(st, 5) != 0;
    sp->open = sqlite3_column_int(st, 6) != 0;
}

int store_cm_spaces(struct store *s, struct cm_space **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    db_lock(s);
    sqlite3_stmt *st =
        db_stmt(s, "SELECT " SPACE_COLS " FROM community_spaces ORDER BY position, id");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *items = xrealloc(*items, (*n + 1) * sizeof **items);
        read_space(st, &(*items)[(*n)++]);
    }
    db_done(s, st);
    db_unlock(s);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
}

int store_cm_space_by_slug(struct store *s, const char *slug, struct cm_space *out,
                           struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, "SELECT " SPACE_COLS " FROM community_spaces WHERE slug = ?");
    sqlite3_bind_text(st, 1, slug, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st), ret = 0;
    if (rc == SQLITE_ROW)
        read_space(st, out);
    else
        ret = rc == SQLITE_DONE ? pace_fail(err, PACE_ENOTFOUND, NULL, "no such space")
                                : db_fail(s, rc, err);
    db_done(s, st);
    db_unlock(s);
    return ret;
}

int store_cm_space_put(struct store *s, const struct cm_space *sp, struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st = db_stmt(
        s, "INSERT INTO community_spaces (slug, name, description, lang, approval_all, "
           "open_to_readers, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, (SELECT "
           "COALESCE(MAX(position), 0) + 1 FROM community_spaces)) ON CONFLICT (slug) DO UPDATE "
           "SET name = ?2, description = ?3, lang = ?4, approval_all = ?5, open_to_readers = ?6");
    sqlite3_bind_text(st, 1, sp->slug, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, sp->name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 3, sp->description, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, sp->lang, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 5, sp->approval_all);
    sqlite3_bind_int(st, 6, sp->open);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

/* ---- settings and brands ---- */

int store_cm_setting_int(struct store *s, const char *key, int def)
{
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, "SELECT value FROM community_settings WHERE key = ?");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : def;
    db_done(s, st);
    db_unlock(s);
    return v;
}

int store_cm_setting_put(struct store *s, const char *key, int value, struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st =
        db_stmt(s, "INSERT OR REPLACE INTO community_settings (key, value) VALUES (?, ?)");
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, value);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

int store_cm_brands(struct store *s, char ***names, size_t *n, struct pace_error *err)
{
    *names = NULL;
    *n = 0;
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, "SELECT name FROM community_brands ORDER BY name");
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        *names = xrealloc(*names, (*n + 1) * sizeof **names);
        (*names)[(*n)++] = xstrdup((const char *)sqlite3_column_text(st, 0));
    }
    db_done(s, st);
    db_unlock(s);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
}

int store_cm_brand(struct store *s, const char *name, bool add, struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, add ? "INSERT OR IGNORE INTO community_brands (name) VALUES (?)"
                                      : "DELETE FROM community_brands WHERE name = ?");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}
