/* sqlite_once.c - requests carried out once (store.h, "Requests carried out
 * once"): the check and the record of a key, inside the caller's
 * transaction. */
#include "store/sqlite_priv.h"

#include "core/i18n.h"

#include <string.h>

int once_check_locked(struct store *s, int64_t user_id, struct store_once *o, int64_t now,
                      struct pace_error *err)
{
    o->replayed = false;
    o->record_id[0] = '\0';
    /* Keys older than a day are forgotten (hers only: the call is hers). */
    struct sql_stmt *st =
        sql_prepare(s, "DELETE FROM request_keys WHERE user_id = ? AND created_at < ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, now - STORE_ONCE_TTL_S);
    int rc = sql_step(st);
    sql_done(st);
    if (rc != SQL_DONE)
        return db_fail(s, rc, err);
    st = sql_prepare(s, "SELECT request_hash, record_id FROM request_keys "
                        "WHERE user_id = ? AND key_hash = ?");
    sql_bind_int64(st, 1, user_id);
    sql_bind_blob(st, 2, o->key, sizeof o->key);
    rc = sql_step(st);
    int ret = 0;
    if (rc == SQL_ROW) {
        const void *req = sql_col_blob(st, 0);
        bool same = sql_col_bytes(st, 0) == (int)sizeof o->request && req &&
                    memcmp(req, o->request, sizeof o->request) == 0;
        if (same) {
            const char *id = sql_col_text(st, 1);
            snprintf(o->record_id, sizeof o->record_id, "%s", id ? id : "");
            o->replayed = true;
        } else {
            ret = pace_fail(err, PACE_EINVAL, "Idempotency-Key", "%s",
                            _("This Idempotency-Key was already used for a different request. "
                              "Use a new key for a new request."));
        }
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    return ret;
}

int once_record_locked(struct store *s, int64_t user_id, const struct store_once *o,
                       const char *record_id, int64_t now, struct pace_error *err)
{
    struct sql_stmt *st =
        sql_prepare(s, "INSERT INTO request_keys (user_id, key_hash, request_hash, "
                       "record_id, created_at) VALUES (?, ?, ?, ?, ?)");
    sql_bind_int64(st, 1, user_id);
    sql_bind_blob(st, 2, o->key, sizeof o->key);
    sql_bind_blob(st, 3, o->request, sizeof o->request);
    sql_bind_text(st, 4, record_id);
    sql_bind_int64(st, 5, now);
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_once_find(struct store *s, int64_t user_id, struct store_once *o, int64_t now,
                    struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = once_check_locked(s, user_id, o, now, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}
