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
static int run(struct store *s, sqlite3_stmt *st, struct pace_error *err)
{
    int rc = sqlite3_step(st);
    db_done(s, st);
    return rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
}

static int count_locked(struct store *s, int64_t user_id, int *left, int64_t *made_at,
                        struct pace_error *err)
{
    sqlite3_stmt *st = db_stmt(s, "SELECT count(*) FILTER (WHERE used_at IS NULL), "
                                  "max(created_at) FROM recovery_codes WHERE user_id = ?");
    sqlite3_bind_int64(st, 1, user_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *left = sqlite3_column_int(st, 0);
        if (made_at)
            *made_at = sqlite3_column_int64(st, 1);
    }
    db_done(s, st);
    return rc == SQLITE_ROW ? 0 : db_fail(s, rc, err);
}

int store_recovery_codes_put(struct store *s, int64_t user_id,
                             const unsigned char (*hashes)[CRYPTO_HASH_BYTES], size_t n,
                             int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        sqlite3_stmt *st = db_stmt(s, "DELETE FROM recovery_codes WHERE user_id = ?");
        sqlite3_bind_int64(st, 1, user_id);
        rc = run(s, st, err);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        sqlite3_stmt *st = db_stmt(s, "INSERT INTO recovery_codes (user_id, code_hash, "
                                      "created_at) VALUES (?, ?, ?)");
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_blob(st, 2, hashes[i], CRYPTO_HASH_BYTES, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
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
    db_lock(s);
    int rc = count_locked(s, user_id, left, made_at, err);
    db_unlock(s);
    return rc;
}

/* Sets her password and ends every login of hers; the lock and a
 * transaction are held. */
static int new_password_locked(struct store *s, int64_t user_id, const char *pwhash, int64_t now,
                               struct pace_error *err)
{
    sqlite3_stmt *st = db_stmt(s, "UPDATE users SET pwhash = ? WHERE id = ?");
    sqlite3_bind_text(st, 1, pwhash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    int rc = run(s, st, err);
    if (rc == 0 && sqlite3_changes(s->db) != 1)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    if (rc == 0) {
        st = db_stmt(s, "DELETE FROM logins WHERE user_id = ?");
        sqlite3_bind_int64(st, 1, user_id);
        rc = run(s, st, err);
    }
    if (rc == 0) { /* any link of hers is spent too: her password is new */
        st = db_stmt(s, "UPDATE reset_links SET used_at = ?2 WHERE user_id = ?1 AND "
                        "used_at IS NULL");
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, now);
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
        sqlite3_stmt *st = db_stmt(s, "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? "
                                      "AND code_hash = ? AND used_at IS NULL");
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, user_id);
        sqlite3_bind_blob(st, 3, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
        rc = run(s, st, err);
        if (rc == 0 && sqlite3_changes(s->db) != 1)
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
        sqlite3_stmt *st = db_stmt(s, "DELETE FROM reset_links WHERE user_id = ? AND "
                                      "(used_at IS NULL OR expires_at <= ?)");
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_int64(st, 2, now);
        rc = run(s, st, err);
    }
    if (rc == 0) {
        sqlite3_stmt *st = db_stmt(s, "INSERT INTO reset_links (user_id, token_hash, "
                                      "created_at, expires_at) VALUES (?, ?, ?, ?)");
        sqlite3_bind_int64(st, 1, user_id);
        sqlite3_bind_blob(st, 2, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, expires_at);
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
    sqlite3_stmt *st = db_stmt(s, "SELECT user_id FROM reset_links WHERE token_hash = ? AND "
                                  "used_at IS NULL AND expires_at > ?");
    sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    int rc = sqlite3_step(st);
    int ret = PACE_ENOTFOUND;
    if (rc == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(st, 0);
        ret = 0;
    } else if (rc != SQLITE_DONE) {
        ret = db_fail(s, rc, err);
    }
    db_done(s, st);
    if (ret == PACE_ENOTFOUND)
        pace_fail(err, ret, NULL, "no such link");
    return ret;
}

int store_reset_link_find(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                          int64_t *user_id, struct pace_error *err)
{
    *user_id = 0;
    db_lock(s);
    int rc = find_locked(s, hash, now, user_id, err);
    db_unlock(s);
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
        sqlite3_stmt *st = db_stmt(s, "UPDATE reset_links SET used_at = ? WHERE token_hash = ?");
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_blob(st, 2, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
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
