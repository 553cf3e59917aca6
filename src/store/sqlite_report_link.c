/*
 * sqlite_report_link.c - report links on SQLite (store.h, "Report links"):
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

static int64_t int_or_0(sqlite3_stmt *st, int col)
{
    return sqlite3_column_type(st, col) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, col);
}

static int read_link(struct store *s, sqlite3_stmt *st, struct report_link *l,
                     struct pace_error *err)
{
    memset(l, 0, sizeof *l);
    l->id = sqlite3_column_int64(st, 0);
    db_copy_text(l->public_id, sizeof l->public_id, st, 1);
    l->subject_id = sqlite3_column_int64(st, 2);
    l->period_from = sqlite3_column_int64(st, 3);
    l->period_to = sqlite3_column_int64(st, 4);
    l->created_at = sqlite3_column_int64(st, 5);
    l->expires_at = sqlite3_column_int64(st, 6);
    l->revoked_at = int_or_0(st, 7);
    l->opens = sqlite3_column_int64(st, 8);
    l->last_opened_at = int_or_0(st, 9);
    static const char *const cols[] = {"name_enc", "passcode_enc"};
    char *dst[] = {l->name, l->passcode};
    size_t cap[] = {sizeof l->name, sizeof l->passcode};
    for (int i = 0; i < 2; i++) {
        char *ad = seal_ad(cols[i], l->public_id), *text = NULL;
        int rc = db_column_opened(s, st, 10 + i, ad, &text, err);
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
    sqlite3_stmt *st = db_stmt(
        s, "INSERT INTO report_links (public_id, subject_id, token_hash, name_enc, passcode_enc, "
           "pdf_enc, period_from, period_to, created_at, expires_at) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_bind_text(st, 1, l->public_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, l->subject_id);
    sqlite3_bind_blob(st, 3, token_hash, CRYPTO_HASH_BYTES, SQLITE_TRANSIENT);
    char *ad1 = seal_ad("name_enc", l->public_id), *ad2 = seal_ad("passcode_enc", l->public_id);
    db_bind_sealed(s, st, 4, ad1, l->name);
    db_bind_sealed(s, st, 5, ad2, l->passcode);
    free(ad1);
    free(ad2);
    sqlite3_bind_blob(st, 6, sealed.data, (int)sealed.len, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 7, l->period_from);
    sqlite3_bind_int64(st, 8, l->period_to);
    sqlite3_bind_int64(st, 9, l->created_at);
    sqlite3_bind_int64(st, 10, l->expires_at);
    int rc = sqlite3_step(st);
    db_done(s, st);
    int ret = rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
    if (ret == 0)
        l->id = sqlite3_last_insert_rowid(s->db);
    db_unlock(s);
    buf_free(&sealed);
    return ret;
}

/* One link by a WHERE clause with one argument (?1 blob, text or integer)
 * and an optional second integer ?2. */
static int link_where(struct store *s, const char *where, const void *blob, int blob_len,
                      const char *text, int64_t a, int64_t b, struct report_link *out,
                      struct pace_error *err)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT " LINK_COLS " FROM report_links WHERE %s", where);
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, sql);
    if (blob)
        sqlite3_bind_blob(st, 1, blob, blob_len, SQLITE_TRANSIENT);
    else if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_int64(st, 1, a);
    sqlite3_bind_int64(st, 2, b);
    int rc = sqlite3_step(st), ret;
    if (rc == SQLITE_ROW)
        ret = read_link(s, st, out, err);
    else if (rc == SQLITE_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    else
        ret = db_fail(s, rc, err);
    db_done(s, st);
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
    return link_where(s, "public_id = ?1 AND (?2 = 0 OR subject_id = ?2)", NULL, 0, public_id, 0,
                      subject_id, out, err);
}

int store_report_links_of(struct store *s, int64_t subject_id, struct report_link **items,
                          size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    db_lock(s);
    sqlite3_stmt *st =
        db_stmt(s, "SELECT " LINK_COLS " FROM report_links WHERE subject_id = ? ORDER BY id DESC");
    sqlite3_bind_int64(st, 1, subject_id);
    size_t cap = 0;
    int rc, ret = 0;
    while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        ret = read_link(s, st, &(*items)[*n], err);
        if (ret == 0)
            (*n)++;
    }
    if (ret == 0 && rc != SQLITE_DONE)
        ret = db_fail(s, rc, err);
    db_done(s, st);
    db_unlock(s);
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
    sqlite3_stmt *st = db_stmt(
        s, "SELECT public_id, pdf_enc FROM report_links WHERE id = ? AND revoked_at IS NULL");
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), ret;
    if (rc == SQLITE_ROW) {
        char *ad = seal_ad("pdf_enc", (const char *)sqlite3_column_text(st, 0));
        ret = crypto_open(&s->key, ad, sqlite3_column_blob(st, 1),
                          (size_t)sqlite3_column_bytes(st, 1), out, err);
        free(ad);
    } else if (rc == SQLITE_DONE) {
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    } else {
        ret = db_fail(s, rc, err);
    }
    db_done(s, st);
    if (ret == 0) {
        st = db_stmt(s, "UPDATE report_links SET opens = opens + 1, last_opened_at = ? "
                        "WHERE id = ?");
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, id);
        rc = sqlite3_step(st);
        db_done(s, st);
        if (rc != SQLITE_DONE)
            ret = db_fail(s, rc, err);
    }
    db_unlock(s);
    return ret;
}

int store_report_link_revoke(struct store *s, int64_t subject_id, int64_t id, int64_t now,
                             struct pace_error *err)
{
    db_lock(s);
    sqlite3_stmt *st =
        db_stmt(s, "UPDATE report_links SET revoked_at = ?, pdf_enc = X'' WHERE id = ? AND "
                   "subject_id = ? AND revoked_at IS NULL");
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_int64(st, 3, subject_id);
    int rc = sqlite3_step(st);
    int changed = sqlite3_changes(s->db);
    db_done(s, st);
    db_unlock(s);
    if (rc != SQLITE_DONE)
        return db_fail(s, rc, err);
    return changed ? 0 : pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
}
