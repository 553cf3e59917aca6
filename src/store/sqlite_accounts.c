/*
 * sqlite_accounts.c - users, logins, API tokens and throttle counters in
 * SQLite. See store.h for the contract of each function.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USER_COLS "id, email, role, pwhash, created_at, lang"

static void read_user(struct sql_stmt *st, struct user *u)
{
    memset(u, 0, sizeof *u);
    u->id = sql_col_int64(st, 0);
    sql_col_copy(u->email, sizeof u->email, st, 1);
    int r = role_parse(sql_col_text(st, 2));
    u->role = r < 0 ? ROLE_PATIENT : (enum role)r;
    sql_col_copy(u->pwhash, sizeof u->pwhash, st, 3);
    u->created_at = sql_col_int64(st, 4);
    u->lang = i18n_parse(sql_col_text(st, 5));
}

/* Runs a one-row SELECT of USER_COLS and fills out. */
static int user_query(struct store *s, struct sql_stmt *st, struct user *out)
{
    int rc = sql_step(st);
    int ret = PACE_ENOTFOUND;
    if (rc == SQL_ROW) {
        read_user(st, out);
        ret = 0;
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, NULL);
    }
    sql_done(st);
    return ret;
}

int store_user_insert(struct store *s, const char *email, const char *pwhash, enum role role,
                      int64_t now, int64_t *id_out, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO users (email, pwhash, role, created_at) "
                                         "VALUES (?, ?, ?, ?) RETURNING id");
    sql_bind_text(st, 1, email);
    sql_bind_text(st, 2, pwhash);
    sql_bind_text(st, 3, role_name(role));
    sql_bind_int64(st, 4, now);
    int64_t id = 0;
    int rc = sql_step_id(st, &id);
    sql_done(st);
    int ret = 0;
    if (rc == SQL_DONE) {
        if (id_out)
            *id_out = id;
    } else if (sql_is_constraint(s, rc)) {
        ret = pace_fail(err, PACE_ECONFLICT, "email", "%s",
                        _("An account with this email address already exists."));
    } else {
        ret = db_fail(s, rc, err);
    }
    db_unlock(s);
    return ret;
}

int store_user_get(struct store *s, int64_t id, struct user *out)
{
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " USER_COLS " FROM users WHERE id = ?");
    sql_bind_int64(st, 1, id);
    int rc = user_query(s, st, out);
    db_unlock_read(s);
    return rc;
}

int store_user_get_by_email(struct store *s, const char *email, struct user *out)
{
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " USER_COLS " FROM users WHERE email = ?");
    sql_bind_text(st, 1, email);
    int rc = user_query(s, st, out);
    db_unlock_read(s);
    return rc;
}

/* Runs a prepared single write and finalizes it; PACE_ENOTFOUND when it
 * touched no row and must_change is set. Caller holds the lock. */
static int run_write(struct store *s, struct sql_stmt *st, bool must_change, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    if (rc != SQL_DONE)
        return db_fail(s, rc, err);
    if (must_change && sql_changes(s) == 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "not found");
    return 0;
}

int store_user_set_pwhash(struct store *s, int64_t id, const char *pwhash, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "UPDATE users SET pwhash = ? WHERE id = ?");
    sql_bind_text(st, 1, pwhash);
    sql_bind_int64(st, 2, id);
    int rc = run_write(s, st, true, err);
    db_unlock(s);
    return rc;
}

int store_user_set_lang(struct store *s, int64_t id, int lang, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "UPDATE users SET lang = ? WHERE id = ?");
    if (lang < 0)
        sql_bind_null(st, 1);
    else
        sql_bind_text(st, 1, i18n_code((enum lang)lang));
    sql_bind_int64(st, 2, id);
    int rc = run_write(s, st, true, err);
    db_unlock(s);
    return rc;
}

int store_user_change_password(struct store *s, int64_t id, const char *pwhash,
                               const unsigned char keep[CRYPTO_HASH_BYTES], bool end_tokens,
                               struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "UPDATE users SET pwhash = ? WHERE id = ?");
        sql_bind_text(st, 1, pwhash);
        sql_bind_int64(st, 2, id);
        rc = run_write(s, st, true, err);
    }
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(
            s, "DELETE FROM logins WHERE user_id = ? AND (token_hash <> ?2 OR ?2 IS NULL)");
        sql_bind_int64(st, 1, id);
        if (keep)
            sql_bind_blob(st, 2, keep, CRYPTO_HASH_BYTES);
        rc = run_write(s, st, false, err);
    }
    if (rc == 0 && end_tokens) {
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM api_tokens WHERE user_id = ?");
        sql_bind_int64(st, 1, id);
        rc = run_write(s, st, false, err);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

static char *about_ad(int64_t id)
{
    return xasprintf("users.about_enc:%lld", (long long)id);
}

int db_user_set_about(struct store *s, int64_t user_id, const char *text, struct pace_error *err)
{
    char *ad = about_ad(user_id);
    struct sql_stmt *st = sql_prepare(s, "UPDATE users SET about_enc = ? WHERE id = ?");
    sql_bind_sealed(s, st, 1, ad, text);
    sql_bind_int64(st, 2, user_id);
    int rc = run_write(s, st, true, err);
    free(ad);
    return rc;
}

int store_user_set_about(struct store *s, int64_t id, const char *text, struct pace_error *err)
{
    db_lock(s);
    int rc = db_user_set_about(s, id, text, err);
    db_unlock(s);
    return rc;
}

int store_user_get_about(struct store *s, int64_t id, char **out, struct pace_error *err)
{
    *out = NULL;
    char *ad = about_ad(id);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT about_enc FROM users WHERE id = ?");
    sql_bind_int64(st, 1, id);
    int rc = sql_step(st);
    int ret;
    if (rc == SQL_ROW)
        ret = sql_col_opened(s, st, 0, ad, out, err);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    free(ad);
    return ret;
}

int store_login_insert(struct store *s, int64_t user_id,
                       const unsigned char hash[CRYPTO_HASH_BYTES], const char *agent, int64_t now,
                       struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO logins (user_id, token_hash, agent, "
                                         "created_at, last_seen) VALUES (?, ?, ?, ?, ?)");
    sql_bind_int64(st, 1, user_id);
    sql_bind_blob(st, 2, hash, CRYPTO_HASH_BYTES);
    sql_bind_text(st, 3, agent ? agent : "");
    sql_bind_int64(st, 4, now);
    sql_bind_int64(st, 5, now);
    int rc = run_write(s, st, false, err);
    db_unlock(s);
    return rc;
}

int store_login_touch(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                      int64_t idle_s, int64_t lifetime_s, struct login *out)
{
    /* Read on a reader (every signed-in request comes here); the rare write
     * (expired, or a coarse last_seen) then takes the writer. */
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT id, user_id, created_at, last_seen, agent "
                                         "FROM logins WHERE token_hash = ?");
    sql_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES);
    int rc = sql_step(st);
    int ret = PACE_ENOTFOUND;
    if (rc == SQL_ROW) {
        memset(out, 0, sizeof *out);
        out->id = sql_col_int64(st, 0);
        out->user_id = sql_col_int64(st, 1);
        out->created_at = sql_col_int64(st, 2);
        out->last_seen = sql_col_int64(st, 3);
        sql_col_copy(out->agent, sizeof out->agent, st, 4);
        ret = 0;
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, NULL);
    }
    sql_done(st);
    db_unlock_read(s);
    if (ret == 0 &&
        (now - out->last_seen > idle_s || (lifetime_s > 0 && now - out->created_at > lifetime_s))) {
        db_lock_rare(s); /* an expired login goes */
        st = sql_prepare(s, "DELETE FROM logins WHERE id = ?");
        sql_bind_int64(st, 1, out->id);
        run_write(s, st, false, NULL);
        db_unlock(s);
        ret = PACE_ENOTFOUND;
    } else if (ret == 0 && now - out->last_seen >= 15) {
        /* Coarse updates keep a page view from being a disk write each time. */
        db_lock_rare(s);
        st = sql_prepare(s, "UPDATE logins SET last_seen = ? WHERE id = ?");
        sql_bind_int64(st, 1, now);
        sql_bind_int64(st, 2, out->id);
        run_write(s, st, false, NULL);
        db_unlock(s);
        out->last_seen = now;
    }
    return ret;
}

int store_login_delete(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES])
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM logins WHERE token_hash = ?");
    sql_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES);
    int rc = run_write(s, st, false, NULL);
    db_unlock(s);
    return rc;
}

int store_login_delete_others(struct store *s, int64_t user_id,
                              const unsigned char keep[CRYPTO_HASH_BYTES])
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "DELETE FROM logins WHERE user_id = ? AND (token_hash <> ?2 OR ?2 IS NULL)");
    sql_bind_int64(st, 1, user_id);
    if (keep)
        sql_bind_blob(st, 2, keep, CRYPTO_HASH_BYTES);
    int rc = run_write(s, st, false, NULL);
    db_unlock(s);
    return rc;
}

int store_login_delete_id(struct store *s, int64_t user_id, int64_t login_id)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM logins WHERE user_id = ? AND id = ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, login_id);
    int rc = run_write(s, st, true, NULL);
    db_unlock(s);
    return rc;
}

int store_login_list(struct store *s, int64_t user_id, struct login **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT id, user_id, created_at, last_seen, agent FROM "
                       "logins WHERE user_id = ? ORDER BY last_seen DESC, id DESC");
    sql_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        struct login *l = &(*items)[(*n)++];
        memset(l, 0, sizeof *l);
        l->id = sql_col_int64(st, 0);
        l->user_id = sql_col_int64(st, 1);
        l->created_at = sql_col_int64(st, 2);
        l->last_seen = sql_col_int64(st, 3);
        sql_col_copy(l->agent, sizeof l->agent, st, 4);
    }
    sql_done(st);
    db_unlock_read(s);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, NULL);
}

int store_token_insert(struct store *s, int64_t user_id,
                       const unsigned char hash[CRYPTO_HASH_BYTES], const char *label, int64_t now,
                       int64_t *id_out, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO api_tokens (user_id, token_hash, label, "
                                         "created_at) VALUES (?, ?, ?, ?) RETURNING id");
    sql_bind_int64(st, 1, user_id);
    sql_bind_blob(st, 2, hash, CRYPTO_HASH_BYTES);
    sql_bind_text(st, 3, label);
    sql_bind_int64(st, 4, now);
    int64_t id = 0;
    int rc = sql_step_id(st, &id);
    sql_done(st);
    rc = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    if (rc == 0 && id_out)
        *id_out = id;
    db_unlock(s);
    return rc;
}

int store_token_lookup(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                       struct user *out)
{
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT u.id, u.email, u.role, u.pwhash, u.created_at, "
                                         "u.lang, t.id, t.last_used_at FROM api_tokens t "
                                         "JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?");
    sql_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES);
    int rc = sql_step(st);
    int ret = PACE_ENOTFOUND;
    int64_t token_id = 0, last_used = 0;
    if (rc == SQL_ROW) {
        read_user(st, out);
        token_id = sql_col_int64(st, 6);
        last_used = sql_col_int64(st, 7);
        ret = 0;
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, NULL);
    }
    sql_done(st);
    db_unlock_read(s);
    if (ret == 0 && now - last_used >= 60) {
        db_lock_rare(s);
        st = sql_prepare(s, "UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
        sql_bind_int64(st, 1, now);
        sql_bind_int64(st, 2, token_id);
        run_write(s, st, false, NULL);
        db_unlock(s);
    }
    return ret;
}

int store_token_list(struct store *s, int64_t user_id, struct api_token **items, size_t *n)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT id, label, created_at, last_used_at FROM "
                                         "api_tokens WHERE user_id = ? ORDER BY id DESC");
    sql_bind_int64(st, 1, user_id);
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        struct api_token *t = &(*items)[(*n)++];
        memset(t, 0, sizeof *t);
        t->id = sql_col_int64(st, 0);
        sql_col_copy(t->label, sizeof t->label, st, 1);
        t->created_at = sql_col_int64(st, 2);
        t->last_used_at = sql_col_int64(st, 3);
    }
    sql_done(st);
    db_unlock_read(s);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, NULL);
}

int store_token_revoke(struct store *s, int64_t user_id, int64_t token_id)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM api_tokens WHERE user_id = ? AND id = ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, token_id);
    int rc = run_write(s, st, true, NULL);
    db_unlock(s);
    return rc;
}

int store_throttle_add(struct store *s, const char *key, int64_t now)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO throttle (key, at) VALUES (?, ?)");
    sql_bind_text(st, 1, key);
    sql_bind_int64(st, 2, now);
    int rc = run_write(s, st, false, NULL);
    db_unlock(s);
    return rc;
}

/* Counts key's attempts at or after since. Caller holds the lock. */
static int throttle_count_locked(struct store *s, const char *key, int64_t since, int *count,
                                 int64_t *oldest, struct pace_error *err)
{
    struct sql_stmt *st =
        sql_prepare(s, "SELECT count(*), min(at) FROM throttle WHERE key = ? AND at >= ?");
    sql_bind_text(st, 1, key);
    sql_bind_int64(st, 2, since);
    int rc = sql_step(st);
    *count = 0;
    *oldest = 0;
    if (rc == SQL_ROW) {
        *count = sql_col_int(st, 0);
        *oldest = sql_col_int64(st, 1);
    }
    sql_done(st);
    return rc == SQL_ROW ? 0 : db_fail(s, rc, err);
}

int store_throttle_count(struct store *s, const char *key, int64_t since, int *count,
                         int64_t *oldest)
{
    db_lock(s);
    int rc = throttle_count_locked(s, key, since, count, oldest, NULL);
    db_unlock(s);
    return rc;
}

int store_throttle_take(struct store *s, struct store_throttle *keys, size_t n, int64_t since,
                        int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    bool full = false;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = throttle_count_locked(s, keys[i].key, since, &keys[i].count, &keys[i].oldest, err);
        if (rc == 0 && keys[i].count >= keys[i].limit)
            full = true;
    }
    for (size_t i = 0; rc == 0 && !full && i < n; i++) {
        struct sql_stmt *st = sql_prepare(s, "INSERT INTO throttle (key, at) VALUES (?, ?)");
        sql_bind_text(st, 1, keys[i].key);
        sql_bind_int64(st, 2, now);
        rc = run_write(s, st, false, err);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    if (rc == 0 && full)
        return PACE_ELOCKED;
    return rc;
}

int store_throttle_give_back(struct store *s, const char *key, int64_t at)
{
    db_lock(s);
    /* One of the rows (SQLite's rowid, PostgreSQL's ctid name one). */
    struct sql_stmt *st = sql_prepare(
        s, s->engine == DB_POSTGRES ? "DELETE FROM throttle WHERE ctid = (SELECT ctid FROM "
                                      "throttle WHERE key = ? AND at = ? LIMIT 1)"
                                    : "DELETE FROM throttle WHERE rowid = (SELECT rowid FROM "
                                      "throttle WHERE key = ? AND at = ? LIMIT 1)");
    sql_bind_text(st, 1, key);
    sql_bind_int64(st, 2, at);
    int rc = run_write(s, st, false, NULL);
    db_unlock(s);
    return rc;
}

int store_throttle_clear(struct store *s, const char *key)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM throttle WHERE key = ?");
    sql_bind_text(st, 1, key);
    int rc = run_write(s, st, false, NULL);
    db_unlock(s);
    return rc;
}

int store_throttle_prune(struct store *s, int64_t before)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM throttle WHERE at < ?");
    sql_bind_int64(st, 1, before);
    int rc = run_write(s, st, false, NULL);
    db_unlock(s);
    return rc;
}
