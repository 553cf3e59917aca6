/*
 * sqlite_share.c - sharing on SQLite (store.h, "Sharing"): grants shaped like
 * a FHIR Consent (who, relation, scopes, period, status), the one-time
 * invitation that becomes one, and her audit trail, an append-only chain in
 * which every entry carries the hash of the one before.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const relation_names[] = {"partner", "clinician"};
static const char *const status_names[] = {"invited", "active", "revoked"};

const char *grant_relation_name(enum grant_relation r)
{
    return r >= 0 && r < GRANT_RELATION_COUNT ? relation_names[r] : NULL;
}

int grant_relation_parse(const char *s)
{
    for (int i = 0; s && i < GRANT_RELATION_COUNT; i++)
        if (strcmp(s, relation_names[i]) == 0)
            return i;
    return -1;
}

const char *grant_status_name(enum grant_status st)
{
    return st >= 0 && st < GRANT_STATUS_COUNT ? status_names[st] : NULL;
}

static int parse_status(const char *s)
{
    for (int i = 0; s && i < GRANT_STATUS_COUNT; i++)
        if (strcmp(s, status_names[i]) == 0)
            return i;
    return -1;
}

static char *seal_ad(const char *col, const char *public_id)
{
    return xasprintf("grants.%s:%s", col, public_id);
}

static int step_write(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

/* The same for an INSERT ... RETURNING id. */
static int step_write_id(struct store *s, struct sql_stmt *st, int64_t *id, struct pace_error *err)
{
    int rc = sql_step_id(st, id);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

#define GRANT_COLS                                                                                 \
    "g.id, g.public_id, g.subject_id, g.grantee_id, g.relation, g.scopes, g.period_start, "        \
    "g.period_end, g.status, g.invite_expires_at, g.created_at, g.accepted_at, g.revoked_at, "     \
    "g.label_enc, g.subject_name_enc, u.email"

static int read_grant(struct store *s, struct sql_stmt *st, struct grant *g, struct pace_error *err)
{
    memset(g, 0, sizeof *g);
    g->id = sql_col_int64(st, 0);
    sql_col_copy(g->public_id, sizeof g->public_id, st, 1);
    g->subject_id = sql_col_int64(st, 2);
    g->grantee_id = sql_col_null(st, 3) ? 0 : sql_col_int64(st, 3);
    int rel = grant_relation_parse(sql_col_text(st, 4));
    int stat = parse_status(sql_col_text(st, 8));
    if (rel < 0 || stat < 0)
        return pace_fail(err, PACE_EIO, NULL, "grant %lld is damaged", (long long)g->id);
    g->relation = (enum grant_relation)rel;
    g->status = (enum grant_status)stat;
    g->scopes = (unsigned)sql_col_int64(st, 5);
    g->start = sql_col_int64(st, 6);
    g->end = sql_col_null(st, 7) ? 0 : sql_col_int64(st, 7);
    g->invite_expires_at = sql_col_null(st, 9) ? 0 : sql_col_int64(st, 9);
    g->created_at = sql_col_int64(st, 10);
    g->accepted_at = sql_col_null(st, 11) ? 0 : sql_col_int64(st, 11);
    g->revoked_at = sql_col_null(st, 12) ? 0 : sql_col_int64(st, 12);
    static const char *const cols[] = {"label_enc", "subject_name_enc"};
    char *dst[] = {g->label, g->subject_name};
    for (int i = 0; i < 2; i++) {
        char *ad = seal_ad(cols[i], g->public_id), *text = NULL;
        int rc = sql_col_opened(s, st, 13 + i, ad, &text, err);
        free(ad);
        if (rc != 0)
            return rc;
        snprintf(dst[i], GRANT_LABEL_MAX + 1, "%s", text);
        crypto_wipe(text, strlen(text));
        free(text);
    }
    sql_col_copy(g->grantee_email, sizeof g->grantee_email, st, 15);
    return 0;
}

static void wipe_grant(struct grant *g)
{
    crypto_wipe(g->label, sizeof g->label);
    crypto_wipe(g->subject_name, sizeof g->subject_name);
}

int store_grant_invite(struct store *s, int64_t subject_id, struct grant *g,
                       const unsigned char invite_hash[CRYPTO_HASH_BYTES], int64_t expires_at,
                       int64_t now, struct pace_error *err)
{
    crypto_uuid(g->public_id);
    g->subject_id = subject_id;
    g->grantee_id = 0;
    g->status = GRANT_INVITED;
    g->invite_expires_at = expires_at;
    g->created_at = now;
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO grants (public_id, subject_id, relation, scopes, period_start, "
           "period_end, status, invite_hash, invite_expires_at, label_enc, subject_name_enc, "
           "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'invited', ?, ?, ?, ?, ?, ?) "
           "RETURNING id");
    sql_bind_text(st, 1, g->public_id);
    sql_bind_int64(st, 2, subject_id);
    sql_bind_text(st, 3, grant_relation_name(g->relation));
    sql_bind_int64(st, 4, g->scopes);
    sql_bind_int64(st, 5, g->start);
    if (g->end)
        sql_bind_int64(st, 6, g->end);
    else
        sql_bind_null(st, 6);
    sql_bind_blob(st, 7, invite_hash, CRYPTO_HASH_BYTES);
    sql_bind_int64(st, 8, expires_at);
    char *ad1 = seal_ad("label_enc", g->public_id),
         *ad2 = seal_ad("subject_name_enc", g->public_id);
    sql_bind_sealed(s, st, 9, ad1, g->label);
    sql_bind_sealed(s, st, 10, ad2, g->subject_name);
    free(ad1);
    free(ad2);
    sql_bind_int64(st, 11, now);
    sql_bind_int64(st, 12, now);
    int rc = step_write_id(s, st, &g->id, err);
    db_unlock(s);
    return rc;
}

/* One grant by a WHERE clause with one text or blob argument. */
static int grant_where(struct store *s, const char *where, const void *arg, int len, bool blob,
                       struct grant *out, struct pace_error *err)
{
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT " GRANT_COLS " FROM grants g LEFT JOIN users u ON u.id = g.grantee_id "
             "WHERE %s",
             where);
    /* A read: in the request's snapshot (an acceptance checks the
     * invitation again in its own UPDATE). */
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, sql);
    if (blob)
        sql_bind_blob(st, 1, arg, len);
    else
        sql_bind_text(st, 1, arg);
    int rc = sql_step(st), ret;
    if (rc == SQL_ROW)
        ret = read_grant(s, st, out, err);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int store_grant_by_invite(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                          struct grant *out, struct pace_error *err)
{
    return grant_where(s, "g.invite_hash = ? AND g.status = 'invited'", hash, CRYPTO_HASH_BYTES,
                       true, out, err);
}

int store_grant_get(struct store *s, const char *public_id, struct grant *out,
                    struct pace_error *err)
{
    if (!crypto_uuid_valid(public_id))
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    return grant_where(s, "g.public_id = ?", public_id, -1, false, out, err);
}

int store_grant_accept(struct store *s, int64_t grant_id, int64_t grantee_id, int64_t now,
                       struct pace_error *err)
{
    db_lock(s);
    /* Only an invitation still open becomes a grant, and only once. */
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE grants SET status = 'active', grantee_id = ?, "
                       "invite_hash = NULL, accepted_at = ?, updated_at = ? "
                       "WHERE id = ? AND status = 'invited' AND invite_expires_at > ? "
                       "AND subject_id <> ?");
    sql_bind_int64(st, 1, grantee_id);
    sql_bind_int64(st, 2, now);
    sql_bind_int64(st, 3, now);
    sql_bind_int64(st, 4, grant_id);
    sql_bind_int64(st, 5, now);
    sql_bind_int64(st, 6, grantee_id);
    int rc = step_write(s, st, err);
    if (rc == 0 && sql_changes(s) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                       _("This invitation cannot be used any more."));
    db_unlock(s);
    return rc;
}

static int list_where(struct store *s, const char *where, int64_t id, struct grant **items,
                      size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    char sql[512];
    snprintf(sql, sizeof sql,
             "SELECT " GRANT_COLS " FROM grants g LEFT JOIN users u ON u.id = g.grantee_id "
             "WHERE %s ORDER BY g.created_at DESC, g.id DESC",
             where);
    size_t cap = 0;
    /* A list to show (her shares, those shared with her: on /today at each
     * visit): read in the request's snapshot, beside any write. */
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, sql);
    sql_bind_int64(st, 1, id);
    int rc, ret = 0;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        if ((ret = read_grant(s, st, &(*items)[*n], err)) != 0)
            break;
        (*n)++;
    }
    if (ret == 0 && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (ret != 0) {
        store_grants_free(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return ret;
}

int store_grants_of_subject(struct store *s, int64_t subject_id, struct grant **items, size_t *n,
                            struct pace_error *err)
{
    return list_where(s, "g.subject_id = ?", subject_id, items, n, err);
}

int store_grants_of_grantee(struct store *s, int64_t grantee_id, struct grant **items, size_t *n,
                            struct pace_error *err)
{
    return list_where(s, "g.grantee_id = ? AND g.status = 'active'", grantee_id, items, n, err);
}

void store_grants_free(struct grant *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        wipe_grant(&items[i]);
    free(items);
}

int store_grant_active(struct store *s, int64_t subject_id, int64_t grantee_id, int64_t now,
                       struct grant *out, struct pace_error *err)
{
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT " GRANT_COLS " FROM grants g LEFT JOIN users u ON u.id = g.grantee_id "
           "WHERE g.subject_id = ? AND g.grantee_id = ? AND g.status = 'active' "
           "AND g.period_start <= ? AND (g.period_end IS NULL OR g.period_end > ?) "
           "ORDER BY g.accepted_at DESC, g.id DESC LIMIT 1");
    sql_bind_int64(st, 1, subject_id);
    sql_bind_int64(st, 2, grantee_id);
    sql_bind_int64(st, 3, now);
    sql_bind_int64(st, 4, now);
    int rc = sql_step(st), ret;
    if (rc == SQL_ROW)
        ret = read_grant(s, st, out, err);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int store_grant_change(struct store *s, int64_t subject_id, int64_t grant_id, unsigned scopes,
                       int64_t end, int64_t now, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE grants SET scopes = ?, period_end = ?, updated_at = ? "
                       "WHERE id = ? AND subject_id = ? AND status <> 'revoked'");
    sql_bind_int64(st, 1, scopes);
    if (end)
        sql_bind_int64(st, 2, end);
    else
        sql_bind_null(st, 2);
    sql_bind_int64(st, 3, now);
    sql_bind_int64(st, 4, grant_id);
    sql_bind_int64(st, 5, subject_id);
    int rc = step_write(s, st, err);
    if (rc == 0 && sql_changes(s) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    db_unlock(s);
    return rc;
}

int store_grant_revoke(struct store *s, int64_t subject_id, int64_t grant_id, int64_t now,
                       struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE grants SET status = 'revoked', invite_hash = NULL, "
                       "revoked_at = ?, updated_at = ? "
                       "WHERE id = ? AND subject_id = ? AND status <> 'revoked'");
    sql_bind_int64(st, 1, now);
    sql_bind_int64(st, 2, now);
    sql_bind_int64(st, 3, grant_id);
    sql_bind_int64(st, 4, subject_id);
    int rc = step_write(s, st, err);
    if (rc == 0 && sql_changes(s) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    db_unlock(s);
    return rc;
}

/* ---- the audit trail ---- */

/* The hash of an entry: of the one before, and of every field of this one
 * in a fixed text form. */
static void entry_hash(const struct audit_event *e, const unsigned char prev[CRYPTO_HASH_BYTES],
                       unsigned char out[CRYPTO_HASH_BYTES])
{
    char text[512];
    int n = snprintf(text, sizeof text, "%lld|%lld|%lld|%lld|%s|%s|%s|%d", (long long)e->subject_id,
                     (long long)e->at, (long long)e->actor_id, (long long)e->grant_id, e->action,
                     e->resource, e->record, e->allowed ? 1 : 0);
    crypto_generichash_state h;
    crypto_generichash_init(&h, NULL, 0, CRYPTO_HASH_BYTES);
    crypto_generichash_update(&h, prev, CRYPTO_HASH_BYTES);
    crypto_generichash_update(&h, (const unsigned char *)text, (size_t)n);
    crypto_generichash_final(&h, out, CRYPTO_HASH_BYTES);
}

/* The hash of her latest entry (zeros when she has none); lock held. */
static int last_hash(struct store *s, int64_t subject_id, unsigned char out[CRYPTO_HASH_BYTES],
                     struct pace_error *err)
{
    memset(out, 0, CRYPTO_HASH_BYTES);
    struct sql_stmt *st = sql_prepare(s, "SELECT hash FROM audit_events WHERE subject_id = ? "
                                         "ORDER BY id DESC LIMIT 1");
    sql_bind_int64(st, 1, subject_id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW && sql_col_bytes(st, 0) == CRYPTO_HASH_BYTES)
        memcpy(out, sql_col_blob(st, 0), CRYPTO_HASH_BYTES);
    else if (rc != SQL_ROW && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    sql_done(st);
    return ret;
}

int db_audit_append(struct store *s, struct audit_event *e, struct pace_error *err)
{
    unsigned char prev[CRYPTO_HASH_BYTES];
    int rc = last_hash(s, e->subject_id, prev, err);
    if (rc != 0)
        return rc;
    memcpy(e->prev_hash, prev, sizeof prev);
    entry_hash(e, prev, e->hash);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO audit_events (subject_id, at, actor_id, grant_id, action, resource, "
           "record, allowed, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    sql_bind_int64(st, 1, e->subject_id);
    sql_bind_int64(st, 2, e->at);
    if (e->actor_id)
        sql_bind_int64(st, 3, e->actor_id);
    else
        sql_bind_null(st, 3);
    if (e->grant_id)
        sql_bind_int64(st, 4, e->grant_id);
    else
        sql_bind_null(st, 4);
    sql_bind_text(st, 5, e->action);
    sql_bind_text(st, 6, e->resource);
    sql_bind_text(st, 7, e->record);
    sql_bind_int(st, 8, e->allowed ? 1 : 0);
    sql_bind_blob(st, 9, e->prev_hash, CRYPTO_HASH_BYTES);
    sql_bind_blob(st, 10, e->hash, CRYPTO_HASH_BYTES);
    rc = step_write_id(s, st, &e->id, err);
    return rc;
}

int store_audit_append(struct store *s, struct audit_event *e, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = db_audit_append(s, e, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

#define AUDIT_COLS                                                                                 \
    "a.id, a.subject_id, a.at, a.actor_id, a.grant_id, a.action, a.resource, a.record, "           \
    "a.allowed, a.prev_hash, a.hash, u.email"

static void read_event(struct sql_stmt *st, struct audit_event *e)
{
    memset(e, 0, sizeof *e);
    e->id = sql_col_int64(st, 0);
    e->subject_id = sql_col_int64(st, 1);
    e->at = sql_col_int64(st, 2);
    e->actor_id = sql_col_null(st, 3) ? 0 : sql_col_int64(st, 3);
    e->grant_id = sql_col_null(st, 4) ? 0 : sql_col_int64(st, 4);
    sql_col_copy(e->action, sizeof e->action, st, 5);
    sql_col_copy(e->resource, sizeof e->resource, st, 6);
    sql_col_copy(e->record, sizeof e->record, st, 7);
    e->allowed = sql_col_int(st, 8) != 0;
    if (sql_col_bytes(st, 9) == CRYPTO_HASH_BYTES)
        memcpy(e->prev_hash, sql_col_blob(st, 9), CRYPTO_HASH_BYTES);
    if (sql_col_bytes(st, 10) == CRYPTO_HASH_BYTES)
        memcpy(e->hash, sql_col_blob(st, 10), CRYPTO_HASH_BYTES);
    sql_col_copy(e->actor_email, sizeof e->actor_email, st, 11);
}

int store_audit_list(struct store *s, int64_t subject_id, const struct audit_query *q,
                     struct audit_event **items, size_t *n, char next_cursor[STORE_CURSOR_MAX],
                     struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    next_cursor[0] = '\0';
    int limit = q->limit < 1 ? 50 : q->limit > 500 ? 500 : q->limit;
    int64_t before = INT64_MAX;
    if (q->cursor && *q->cursor) {
        char *end;
        long long v = strtoll(q->cursor, &end, 10);
        if (*end != '\0' || v <= 0)
            return pace_fail(err, PACE_EINVAL, "cursor", "%s",
                             _("The cursor is not one Pace gave out."));
        before = v;
    }
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT " AUDIT_COLS " FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id "
           "WHERE a.subject_id = ?1 AND a.id < ?2 AND (a.at >= ?3 OR ?3 = 0) "
           "AND (a.at < ?4 OR ?4 = 0) AND (a.actor_id = ?5 OR ?5 = 0) "
           "AND (a.resource = ?6 OR ?6 IS NULL) ORDER BY a.id DESC LIMIT ?7");
    sql_bind_int64(st, 1, subject_id);
    sql_bind_int64(st, 2, before);
    sql_bind_int64(st, 3, q->from);
    sql_bind_int64(st, 4, q->to);
    sql_bind_int64(st, 5, q->actor_id);
    if (q->resource && *q->resource)
        sql_bind_text(st, 6, q->resource);
    else
        sql_bind_null(st, 6);
    sql_bind_int(st, 7, limit + 1);
    size_t cap = 0;
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == (size_t)limit) {
            snprintf(next_cursor, STORE_CURSOR_MAX, "%lld", (long long)(*items)[*n - 1].id);
            break;
        }
        if (*n == cap) {
            cap = cap ? 2 * cap : 16;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        read_event(st, &(*items)[(*n)++]);
    }
    int ret = rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (ret != 0) {
        free(*items);
        *items = NULL;
        *n = 0;
    }
    return ret;
}

int store_audit_verify(struct store *s, int64_t *bad_id, int64_t *checked, struct pace_error *err)
{
    *bad_id = 0;
    *checked = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " AUDIT_COLS " FROM audit_events a "
                                         "LEFT JOIN users u ON u.id = a.actor_id "
                                         "ORDER BY a.subject_id, a.id");
    int64_t subject = -1;
    unsigned char prev[CRYPTO_HASH_BYTES] = {0};
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        struct audit_event e;
        read_event(st, &e);
        if (e.subject_id != subject) {
            subject = e.subject_id;
            memset(prev, 0, sizeof prev);
        }
        unsigned char want[CRYPTO_HASH_BYTES];
        entry_hash(&e, prev, want);
        (*checked)++;
        if (memcmp(prev, e.prev_hash, sizeof prev) != 0 || memcmp(want, e.hash, sizeof want) != 0) {
            *bad_id = e.id;
            break;
        }
        memcpy(prev, e.hash, sizeof prev);
    }
    int ret = rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}
