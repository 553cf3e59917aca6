/*
 * sqlite_recovery.c - a way back in without email: her recovery codes and
 * the reset links the operator makes, kept only as hashes. Using either
 * sets her new password and ends every login of hers in the same
 * transaction. See store.h for the contract of each function.
 */
#include "sqlite_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_recovery_code_hash(struct store *s, int64_t user_id, const char *code,
                              unsigned char out[CRYPTO_HASH_BYTES])
{
    /* A key of its own, and her account in what is hashed: a code is
     * worth nothing without the key file, and never someone else's. */
    unsigned char k[CRYPTO_KEY_BYTES];
    crypto_subkey(store_key(s), 3, "recovery", k);
    char *data = xasprintf("%lld:%s", (long long)user_id, code);
    crypto_keyed_hash(k, data, strlen(data), out);
    crypto_wipe(k, sizeof k);
    crypto_wipe(data, strlen(data));
    free(data);
}

/* Runs a prepared write; the lock is held. */
static int run(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static int count_locked(struct store *s, int64_t user_id, int *left, int64_t *made_at,
                        struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT count(*) FILTER (WHERE used_at IS NULL), "
                                         "max(created_at) FROM recovery_codes WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    if (rc == SQL_ROW) {
        *left = sql_col_int(st, 0);
        if (made_at)
            *made_at = sql_col_int64(st, 1);
    }
    sql_done(st);
    return rc == SQL_ROW ? 0 : db_fail(s, rc, err);
}

int store_recovery_codes_put(struct store *s, int64_t user_id,
                             const unsigned char (*hashes)[CRYPTO_HASH_BYTES], size_t n,
                             int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM recovery_codes WHERE user_id = ?");
        sql_bind_int64(st, 1, user_id);
        rc = run(s, st, err);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        struct sql_stmt *st = sql_prepare(s, "INSERT INTO recovery_codes (user_id, code_hash, "
                                             "created_at) VALUES (?, ?, ?)");
        sql_bind_int64(st, 1, user_id);
        sql_bind_blob(st, 2, hashes[i], CRYPTO_HASH_BYTES);
        sql_bind_int64(st, 3, now);
        rc = run(s, st, err);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

int store_recovery_codes_count(struct store *s, int64_t user_id, int *left, int64_t *made_at,
                               struct pace_error *err)
{
    *left = 0;
    if (made_at)
        *made_at = 0;
    db_lock_read(s);
    int rc = count_locked(s, user_id, left, made_at, err);
    db_unlock_read(s);
    return rc;
}

/* Sets her password and ends every login of hers; the lock and a
 * transaction are held. */
static int new_password_locked(struct store *s, int64_t user_id, const char *pwhash, int64_t now,
                               struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "UPDATE users SET pwhash = ? WHERE id = ?");
    sql_bind_text(st, 1, pwhash);
    sql_bind_int64(st, 2, user_id);
    int rc = run(s, st, err);
    if (rc == 0 && sql_changes(s) != 1)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    if (rc == 0) {
        st = sql_prepare(s, "DELETE FROM logins WHERE user_id = ?");
        sql_bind_int64(st, 1, user_id);
        rc = run(s, st, err);
    }
    if (rc == 0) { /* any link of hers is spent too: her password is new */
        st = sql_prepare(s, "UPDATE reset_links SET used_at = ?2 WHERE user_id = ?1 AND "
                            "used_at IS NULL");
        sql_bind_int64(st, 1, user_id);
        sql_bind_int64(st, 2, now);
        rc = run(s, st, err);
    }
    return rc;
}

int store_recovery_code_use(struct store *s, int64_t user_id,
                            const unsigned char hash[CRYPTO_HASH_BYTES], const char *pwhash,
                            int64_t now, int *left, struct pace_error *err)
{
    *left = 0;
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? "
                           "AND code_hash = ? AND used_at IS NULL");
        sql_bind_int64(st, 1, now);
        sql_bind_int64(st, 2, user_id);
        sql_bind_blob(st, 3, hash, CRYPTO_HASH_BYTES);
        rc = run(s, st, err);
        if (rc == 0 && sql_changes(s) != 1)
            rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such code");
    }
    if (rc == 0)
        rc = new_password_locked(s, user_id, pwhash, now, err);
    if (rc == 0)
        rc = count_locked(s, user_id, left, NULL, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

int store_reset_link_put(struct store *s, int64_t user_id,
                         const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                         int64_t expires_at, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) { /* one live link at a time: a new one replaces the last */
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM reset_links WHERE user_id = ? AND "
                                             "(used_at IS NULL OR expires_at <= ?)");
        sql_bind_int64(st, 1, user_id);
        sql_bind_int64(st, 2, now);
        rc = run(s, st, err);
    }
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "INSERT INTO reset_links (user_id, token_hash, "
                                             "created_at, expires_at) VALUES (?, ?, ?, ?)");
        sql_bind_int64(st, 1, user_id);
        sql_bind_blob(st, 2, hash, CRYPTO_HASH_BYTES);
        sql_bind_int64(st, 3, now);
        sql_bind_int64(st, 4, expires_at);
        rc = run(s, st, err);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

/* The account of the live link with this hash; the lock is held. */
static int find_locked(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                       int64_t *user_id, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT user_id FROM reset_links WHERE token_hash = ? AND "
                                         "used_at IS NULL AND expires_at > ?");
    sql_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES);
    sql_bind_int64(st, 2, now);
    int rc = sql_step(st);
    int ret = PACE_ENOTFOUND;
    if (rc == SQL_ROW) {
        *user_id = sql_col_int64(st, 0);
        ret = 0;
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    if (ret == PACE_ENOTFOUND)
        pace_fail(err, ret, NULL, "no such link");
    return ret;
}

int store_reset_link_find(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                          int64_t *user_id, struct pace_error *err)
{
    *user_id = 0;
    db_lock_read(s);
    int rc = find_locked(s, hash, now, user_id, err);
    db_unlock_read(s);
    return rc;
}

int store_reset_link_use(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                         const char *pwhash, int64_t now, int64_t *user_id, int *codes_left,
                         struct pace_error *err)
{
    *user_id = 0;
    *codes_left = 0;
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = find_locked(s, hash, now, user_id, err);
    if (rc == 0)
        rc = new_password_locked(s, *user_id, pwhash, now, err);
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE reset_links SET used_at = ? WHERE token_hash = ?");
        sql_bind_int64(st, 1, now);
        sql_bind_blob(st, 2, hash, CRYPTO_HASH_BYTES);
        rc = run(s, st, err);
    }
    if (rc == 0)
        rc = count_locked(s, *user_id, codes_left, NULL, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}
