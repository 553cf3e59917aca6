/*
 * sqlite_report_link.c - report links (store.h, "Report links"):
 * a link for a clinician without an account to one PDF snapshot of her
 * report. Only the hash of the link's token is kept; the PDF, the name she
 * typed and the passcode are sealed, each bound to its column and link;
 * revoking a link drops its PDF.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *seal_ad(const char *col, const char *public_id)
{
    return xasprintf("report_links.%s:%s", col, public_id);
}

#define LINK_COLS                                                                                  \
    "id, public_id, subject_id, period_from, period_to, created_at, expires_at, revoked_at, "      \
    "opens, last_opened_at, name_enc, passcode_enc"

static int64_t int_or_0(struct sql_stmt *st, int col)
{
    return sql_col_null(st, col) ? 0 : sql_col_int64(st, col);
}

static int read_link(struct store *s, struct sql_stmt *st, struct report_link *l,
                     struct pace_error *err)
{
    memset(l, 0, sizeof *l);
    l->id = sql_col_int64(st, 0);
    sql_col_copy(l->public_id, sizeof l->public_id, st, 1);
    l->subject_id = sql_col_int64(st, 2);
    l->period_from = sql_col_int64(st, 3);
    l->period_to = sql_col_int64(st, 4);
    l->created_at = sql_col_int64(st, 5);
    l->expires_at = sql_col_int64(st, 6);
    l->revoked_at = int_or_0(st, 7);
    l->opens = sql_col_int64(st, 8);
    l->last_opened_at = int_or_0(st, 9);
    static const char *const cols[] = {"name_enc", "passcode_enc"};
    char *dst[] = {l->name, l->passcode};
    size_t cap[] = {sizeof l->name, sizeof l->passcode};
    for (int i = 0; i < 2; i++) {
        char *ad = seal_ad(cols[i], l->public_id), *text = NULL;
        int rc = sql_col_opened(s, st, 10 + i, ad, &text, err);
        free(ad);
        if (rc != 0)
            return rc;
        snprintf(dst[i], cap[i], "%s", text);
        crypto_wipe(text, strlen(text));
        free(text);
    }
    return 0;
}

int store_report_link_add(struct store *s, struct report_link *l,
                          const unsigned char token_hash[CRYPTO_HASH_BYTES], const void *pdf,
                          size_t pdf_len, struct pace_error *err)
{
    crypto_uuid(l->public_id);
    l->opens = 0;
    l->last_opened_at = 0;
    l->revoked_at = 0;
    struct buf sealed = {0};
    char *ad = seal_ad("pdf_enc", l->public_id);
    crypto_seal(&s->key, ad, pdf, pdf_len, &sealed);
    free(ad);
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO report_links (public_id, subject_id, token_hash, name_enc, passcode_enc, "
           "pdf_enc, period_from, period_to, created_at, expires_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    sql_bind_text(st, 1, l->public_id);
    sql_bind_int64(st, 2, l->subject_id);
    sql_bind_blob(st, 3, token_hash, CRYPTO_HASH_BYTES);
    char *ad1 = seal_ad("name_enc", l->public_id), *ad2 = seal_ad("passcode_enc", l->public_id);
    sql_bind_sealed(s, st, 4, ad1, l->name);
    sql_bind_sealed(s, st, 5, ad2, l->passcode);
    free(ad1);
    free(ad2);
    sql_bind_blob(st, 6, sealed.data, sealed.len);
    sql_bind_int64(st, 7, l->period_from);
    sql_bind_int64(st, 8, l->period_to);
    sql_bind_int64(st, 9, l->created_at);
    sql_bind_int64(st, 10, l->expires_at);
    int64_t id = 0;
    int rc = sql_step_id(st, &id);
    sql_done(st);
    int ret = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    if (ret == 0)
        l->id = id;
    db_unlock(s);
    buf_free(&sealed);
    return ret;
}

/* One link by a WHERE clause with one argument (?1 blob, text or integer)
 * and an optional second integer ?2. */
static int link_where(struct store *s, const char *where, const void *blob, size_t blob_len,
                      const char *text, int64_t a, int64_t b, struct report_link *out,
                      struct pace_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT " LINK_COLS " FROM report_links WHERE %s", where);
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, sql);
    if (blob)
        sql_bind_blob(st, 1, blob, blob_len);
    else if (text)
        sql_bind_text(st, 1, text);
    else
        sql_bind_int64(st, 1, a);
    sql_bind_int64(st, 2, b);
    int rc = sql_step(st), ret;
    if (rc == SQL_ROW)
        ret = read_link(s, st, out, err);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock(s);
    return ret;
}

int store_report_link_by_token(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                               struct report_link *out, struct pace_error *err)
{
    return link_where(s, "token_hash = ?1 AND ?2 = 0", hash, CRYPTO_HASH_BYTES, NULL, 0, 0, out,
                      err);
}

int store_report_link_get(struct store *s, int64_t id, struct report_link *out,
                          struct pace_error *err)
{
    return link_where(s, "id = ?1 AND ?2 = 0", NULL, 0, NULL, id, 0, out, err);
}

int store_report_link_by_public(struct store *s, int64_t subject_id, const char *public_id,
                                struct report_link *out, struct pace_error *err)
{
    return link_where(s, "public_id = ?1 AND (subject_id = ?2 OR ?2 = 0)", NULL, 0, public_id, 0,
                      subject_id, out, err);
}

int store_report_links_of(struct store *s, int64_t subject_id, struct report_link **items,
                          size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT " LINK_COLS " FROM report_links WHERE subject_id = ? ORDER BY id DESC");
    sql_bind_int64(st, 1, subject_id);
    size_t cap = 0;
    int rc, ret = 0;
    while (ret == 0 && (rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        ret = read_link(s, st, &(*items)[*n], err);
        if (ret == 0)
            (*n)++;
    }
    if (ret == 0 && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (ret != 0) {
        crypto_wipe(*items, *n * sizeof **items);
        free(*items);
        *items = NULL;
        *n = 0;
    }
    return ret;
}

int store_report_link_pdf(struct store *s, int64_t id, int64_t now, struct buf *out,
                          struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT public_id, pdf_enc FROM report_links WHERE id = ? AND revoked_at IS NULL");
    sql_bind_int64(st, 1, id);
    int rc = sql_step(st), ret;
    if (rc == SQL_ROW) {
        char *ad = seal_ad("pdf_enc", sql_col_text(st, 0));
        ret = crypto_open(&s->key, ad, sql_col_blob(st, 1), sql_col_bytes(st, 1), out, err);
        free(ad);
    } else if (rc == SQL_DONE) {
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    } else {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    if (ret == 0) {
        st = sql_prepare(s, "UPDATE report_links SET opens = opens + 1, last_opened_at = ? "
                            "WHERE id = ?");
        sql_bind_int64(st, 1, now);
        sql_bind_int64(st, 2, id);
        rc = sql_step(st);
        sql_done(st);
        if (rc != SQL_DONE)
            ret = db_fail(s, rc, err);
    }
    db_unlock(s);
    return ret;
}

int store_report_link_revoke(struct store *s, int64_t subject_id, int64_t id, int64_t now,
                             struct pace_error *err)
{
    db_lock(s);
    /* The PDF goes; an empty value keeps the column NOT NULL. */
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE report_links SET revoked_at = ?, pdf_enc = ? WHERE id = ? AND "
                       "subject_id = ? AND revoked_at IS NULL");
    sql_bind_int64(st, 1, now);
    sql_bind_blob(st, 2, "", 0);
    sql_bind_int64(st, 3, id);
    sql_bind_int64(st, 4, subject_id);
    int rc = sql_step(st);
    int64_t changed = sql_changes(s);
    sql_done(st);
    db_unlock(s);
    if (rc != SQL_DONE)
        return db_fail(s, rc, err);
    return changed ? 0 : pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
}
