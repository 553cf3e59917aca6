/*
 * db_sqlite.c - the statement layer (db.h) on SQLite: compiling, error
 * mapping; and the SQLite-only helpers of sqlite_priv.h for store files
 * not yet on the layer.
 */
#include "sqlite_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

void lite_compile(struct sql_stmt *st)
{
    if (sqlite3_prepare_v3(st->s->db, st->sql, -1, st->cached ? SQLITE_PREPARE_PERSISTENT : 0,
                           &st->lite, NULL) != SQLITE_OK) {
        fprintf(stderr, "pace: bad SQL (%s): %s\n", sqlite3_errmsg(st->s->db), st->sql);
        abort();
    }
}

void lite_free(struct sql_stmt *st)
{
    sqlite3_finalize(st->lite);
    st->lite = NULL;
}

/* Stops the program when a file not yet on the statement layer runs on
 * PostgreSQL. */
static void legacy_check(struct store *s, const char *sql)
{
    if (s->engine != DB_SQLITE) {
        fprintf(stderr, "pace: SQLite-only statement run on PostgreSQL: %s\n", sql);
        abort();
    }
}

sqlite3_stmt *db_prepare(struct store *s, const char *sql)
{
    legacy_check(s, sql);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "pace: bad SQL (%s): %s\n", sqlite3_errmsg(s->db), sql);
        abort();
    }
    return st;
}

/* True when a file of the database is at the file size limit, or the disk
 * holding it has (almost) no room left. */
static bool no_room_left(const char *db_path)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY) {
        const char *suffix[] = {"", "-wal", "-journal"};
        for (size_t i = 0; i < sizeof suffix / sizeof suffix[0]; i++) {
            char path[4096];
            struct stat st;
            snprintf(path, sizeof path, "%s%s", db_path, suffix[i]);
            if (stat(path, &st) == 0 && (rlim_t)st.st_size + 65536 >= lim.rlim_cur)
                return true;
        }
    }
    struct statvfs vfs;
    return statvfs(db_path, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < 1024 * 1024;
}

/* True when a failed write ran out of room: a full disk (ENOSPC), a quota
 * (EDQUOT) or a file size limit (EFBIG). SQLite reports a short write as
 * SQLITE_FULL but a refused one as SQLITE_IOERR_WRITE (and others), and
 * by the time it returns, errno has often been overwritten, so the files
 * and the disk are looked at too. */
static bool out_of_room(struct store *s, int rc)
{
    if ((rc & 0xff) == SQLITE_FULL)
        return true;
    if ((rc & 0xff) != SQLITE_IOERR || s == NULL || s->db == NULL)
        return false;
    int e = sqlite3_system_errno(s->db);
    return e == ENOSPC || e == EDQUOT || e == EFBIG || no_room_left(s->db_path);
}

int lite_fail(struct store *s, int rc, struct pace_error *err)
{
    if ((rc & 0xff) == SQLITE_CONSTRAINT && s && s->db) {
        int q = db_quota_fail(s, err);
        if (q != 0)
            return q;
    }
    switch (out_of_room(s, rc) ? SQLITE_FULL : rc & 0xff) {
    case SQLITE_FULL:
        return pace_fail(err, PACE_EFULL, NULL,
                         "The server's disk is full, so nothing was saved. Please tell whoever "
                         "runs this server.");
    case SQLITE_CONSTRAINT:
        return pace_fail(err, PACE_ECONFLICT, NULL, "This conflicts with something already saved.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return pace_fail(err, PACE_EIO, NULL, "The database is busy. Please try again.");
    default:
        return pace_fail(err, PACE_EIO, NULL, "The database reported an error (%s).",
                         sqlite3_errstr(rc));
    }
}

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

sqlite3_stmt *db_stmt(struct store *s, const char *sql)
{
    legacy_check(s, sql);
    uint64_t h = sql_hash(sql);
    for (size_t i = 0; i < s->ncache; i++) {
        struct db_cached_stmt *c = &s->cache[i];
        if (c->hash == h && strcmp(c->sql, sql) == 0) {
            if (sqlite3_stmt_busy(c->st))
                return db_prepare(s, sql); /* nested use: a one-off */
            return c->st;
        }
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "pace: bad SQL (%s): %s\n", sqlite3_errmsg(s->db), sql);
        abort();
    }
    if (s->ncache == s->capcache) {
        s->capcache = s->capcache ? 2 * s->capcache : 64;
        s->cache = xrealloc(s->cache, s->capcache * sizeof *s->cache);
    }
    s->cache[s->ncache++] = (struct db_cached_stmt){xstrdup(sql), h, st};
    return st;
}

int db_done(struct store *s, sqlite3_stmt *st)
{
    if (st == NULL)
        return SQLITE_OK;
    for (size_t i = 0; i < s->ncache; i++) {
        if (s->cache[i].st == st) {
            int rc = sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return rc;
        }
    }
    return sqlite3_finalize(st);
}

void db_bind_sealed(struct store *s, sqlite3_stmt *st, int col, const char *ad, const char *text)
{
    if (text == NULL || *text == '\0') {
        sqlite3_bind_null(st, col);
        return;
    }
    struct buf b = {0};
    crypto_seal(&s->key, ad, text, strlen(text), &b);
    sqlite3_bind_blob(st, col, b.data, (int)b.len, free);
    b.data = NULL; /* ownership passed to SQLite */
}

int db_column_opened(struct store *s, sqlite3_stmt *st, int col, const char *ad, char **out,
                     struct pace_error *err)
{
    *out = NULL;
    if (sqlite3_column_type(st, col) == SQLITE_NULL) {
        *out = xstrdup("");
        return 0;
    }
    struct buf b = {0};
    int rc = crypto_open(&s->key, ad, sqlite3_column_blob(st, col),
                         (size_t)sqlite3_column_bytes(st, col), &b, err);
    if (rc != 0) {
        buf_free(&b);
        return rc;
    }
    *out = buf_detach(&b);
    return 0;
}

void db_copy_text(char *dst, size_t n, sqlite3_stmt *st, int col)
{
    const unsigned char *t = sqlite3_column_text(st, col);
    snprintf(dst, n, "%s", t ? (const char *)t : "");
}
