/*
 * db_sqlite.c - the statement layer (db.h) on SQLite, and everything else
 * the store asks of SQLite itself: opening the file, running and ending
 * statements, error mapping, the online backup, folding the write-ahead log
 * back, and the pace_day() function the quota triggers call. The only file
 * of the store that speaks sqlite3 (db_pg.c is its PostgreSQL twin).
 */
#include "sqlite_priv.h"

#include <errno.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

/* struct lite_stmt is SQLite's statement, kept opaque outside this file. */
static sqlite3_stmt *L(struct sql_stmt *st)
{
    return (sqlite3_stmt *)st->lite;
}

/* ---- the connections ----
 *
 * One connection writes, behind the store mutex (db_lock). Beside it, a
 * small pool of read-only connections serves the calls that only read
 * (db_lock_read): under WAL each reads the last committed state without
 * waiting for the writer, for its fsync, or for the other readers. Every
 * connection is used by one thread at a time (the mutex, or a reader taken
 * from the pool), so SQLite's own per-call locking is off (NOMUTEX). */

static void sql_pace_day(sqlite3_context *ctx, int argc, sqlite3_value **argv);

struct lite_reader {
    sqlite3 *db;
    struct sql_cache stmts; /* its own compiled statements */
    bool busy;
};

struct lite_pool {
    pthread_mutex_t mu;
    pthread_cond_t free;
    struct lite_reader *v;
    int n, cap; /* opened when first needed, up to cap */
    char *path;
};

/* The reader this thread holds, and for which store (a test may have two
 * stores open in one thread). */
static _Thread_local struct lite_reader *reader_held;
static _Thread_local struct store *reader_store;

static struct lite_reader *held(const struct store *s)
{
    return reader_store == s ? reader_held : NULL;
}

/* The connection the calling thread works on now. */
static sqlite3 *lite_db(struct store *s)
{
    struct lite_reader *r = held(s);
    return r ? r->db : s->db;
}

struct sql_cache *lite_cache(struct store *s)
{
    struct lite_reader *r = held(s);
    return r ? &r->stmts : &s->stmts;
}

/* Before SQLite's first use: no mutex around each connection's calls (each
 * is used by one thread at a time, as above), and no running total of its
 * memory, whose mutex every allocation took. */
static void lite_configure(void)
{
    sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int lite_open(struct store *s, const char *path, struct pace_error *err)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, lite_configure);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK)
        return pace_fail(err, PACE_EIO, NULL, "cannot open database %s: %s", path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
    chmod(path, 0600);
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    return 0;
}

/* One more read-only connection; NULL when it cannot be opened (the
 * caller then reads on the writer). */
static sqlite3 *reader_open(struct store *s, const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    /* A small page cache each: the operating system keeps the file's pages
     * once for all of them. */
    sqlite3_exec(db, "PRAGMA query_only=ON; PRAGMA cache_size=-512;", NULL, NULL, NULL);
    sqlite3_create_function(db, "pace_day", 0, SQLITE_UTF8, s, sql_pace_day, NULL, NULL);
    return db;
}

int lite_open_readers(struct store *s, int n, struct pace_error *err)
{
    if (n <= 0 || s->db_path == NULL)
        return 0;
    /* The first one now, so a file that cannot be read is known at start. */
    sqlite3 *db = reader_open(s, s->db_path);
    if (db == NULL)
        return pace_fail(err, PACE_EIO, NULL, "cannot open database %s for reading", s->db_path);
    struct lite_pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->free, NULL);
    p->v = xcalloc((size_t)n, sizeof *p->v);
    p->cap = n;
    p->path = xstrdup(s->db_path);
    p->v[0].db = db;
    p->n = 1;
    s->readers = p;
    return 0;
}

/* The writer this thread holds (db_lock): no reader is taken under it, so
 * what a write reads is on the writer, its own changes included. */
static _Thread_local struct store *writer_held;

void lite_writer_mark(struct store *s, bool held_now)
{
    writer_held = held_now ? s : NULL;
}

bool lite_writer_holds(const struct store *s)
{
    return writer_held == s;
}

/* Takes a reader for the calling thread: false when there is no pool, the
 * thread holds a reader already (of any store: never two at once, so no
 * thread waits for a reader while keeping one) or this store's writer, or
 * none is free and wait is false. */
static bool reader_take(struct store *s, bool wait)
{
    struct lite_pool *p = s->readers;
    if (p == NULL || reader_held != NULL || writer_held == s)
        return false;
    pthread_mutex_lock(&p->mu);
    struct lite_reader *r = NULL;
    for (;;) {
        for (int i = 0; i < p->n && r == NULL; i++)
            if (!p->v[i].busy)
                r = &p->v[i];
        if (r)
            break;
        if (p->n < p->cap) { /* as many as there are readers at once */
            sqlite3 *db = reader_open(s, p->path);
            if (db == NULL) {
                pthread_mutex_unlock(&p->mu);
                return false;
            }
            r = &p->v[p->n++];
            r->db = db;
            break;
        }
        if (!wait) {
            pthread_mutex_unlock(&p->mu);
            return false;
        }
        pthread_cond_wait(&p->free, &p->mu);
    }
    r->busy = true;
    pthread_mutex_unlock(&p->mu);
    reader_held = r;
    reader_store = s;
    return true;
}

bool lite_reader_take(struct store *s)
{
    return reader_take(s, true);
}

bool lite_reader_give(struct store *s)
{
    struct lite_reader *r = held(s);
    if (r == NULL)
        return false;
    /* Never back in the pool inside a transaction: it would keep an old
     * snapshot (and the write-ahead log from being folded back). */
    if (!sqlite3_get_autocommit(r->db))
        sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
    reader_held = NULL;
    reader_store = NULL;
    struct lite_pool *p = s->readers;
    pthread_mutex_lock(&p->mu);
    r->busy = false;
    pthread_cond_signal(&p->free);
    pthread_mutex_unlock(&p->mu);
    return true;
}

/* ---- one snapshot per request ----
 *
 * Between store_snapshot_begin and store_snapshot_end, the calling
 * thread's reads keep the reader they first took and one read transaction
 * on it: every read of a request sees the same committed state, and the
 * file's locks are taken once instead of once per call. A write on the
 * thread (db_lock) ends the snapshot first, so a read after it, in the same
 * request, starts a new one and sees what was written. A request never
 * waits for a reader another request keeps: with every reader kept, its
 * call reads on the writer and its next read tries again, so under that
 * much concurrency a request may see more than one committed state, as
 * every read call did before snapshots (PACE_DB_READERS sets how many). */
static _Thread_local struct store *snap_store; /* the store this thread's request reads */
static _Thread_local bool snap_open;           /* a reader is held with its BEGIN run */

static int snap_run(struct store *s, const char *sql)
{
    struct sql_stmt *st = sql_prepare(s, sql);
    int rc = sql_step(st);
    int rrc = sql_done(st);
    return rc == SQL_DONE && rrc == 0 ? 0 : -1;
}

void lite_snapshot_want(struct store *s)
{
    if (snap_open) /* one that was not ended: never carried into another request */
        lite_snapshot_close(snap_store);
    snap_store = s->readers ? s : NULL;
}

int lite_snapshot_read(struct store *s)
{
    if (snap_store != s || writer_held == s)
        return 0;
    if (snap_open)
        return 1;
    /* A reader kept for a whole request is never waited for: with every
     * one kept by other requests, this call reads on the writer. */
    if (!reader_take(s, false))
        return -1;
    if (snap_run(s, "BEGIN") != 0) {
        lite_reader_give(s);
        snap_store = NULL; /* per call from here, as without a snapshot */
        return 0;
    }
    snap_open = true;
    return 1;
}

bool lite_snapshot_holds(const struct store *s)
{
    return snap_open && snap_store == s;
}

void lite_snapshot_close(struct store *s)
{
    if (!snap_open || snap_store != s)
        return;
    /* Only read: COMMIT cannot lose anything; if it fails the reader is
     * rolled back so it never keeps an old snapshot. */
    if (snap_run(s, "COMMIT") != 0 && !sqlite3_get_autocommit(lite_db(s)))
        sqlite3_exec(lite_db(s), "ROLLBACK", NULL, NULL, NULL);
    snap_open = false;
    lite_reader_give(s);
}

void lite_snapshot_yield(void)
{
    if (snap_open)
        lite_snapshot_close(snap_store);
}

void lite_snapshot_end(struct store *s)
{
    lite_snapshot_close(s);
    if (snap_store == s)
        snap_store = NULL;
}

void lite_close(struct store *s)
{
    struct lite_pool *p = s->readers;
    if (p) {
        for (int i = 0; i < p->n; i++) {
            sql_cache_free(&p->v[i].stmts);
            sqlite3_close(p->v[i].db);
        }
        pthread_cond_destroy(&p->free);
        pthread_mutex_destroy(&p->mu);
        free(p->path);
        free(p->v);
        free(p);
        s->readers = NULL;
    }
    if (s->db)
        sqlite3_close(s->db);
    s->db = NULL;
}

int lite_exec(struct store *s, const char *sql, struct pace_error *err)
{
    int rc = sqlite3_exec(lite_db(s), sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : db_fail(s, rc, err);
}

bool lite_in_transaction(struct store *s)
{
    sqlite3 *db = lite_db(s);
    return db && !sqlite3_get_autocommit(db);
}

void lite_checkpoint(struct store *s)
{
    sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
}

/* pace_day(): the day of the store's clock (days since 1970, UTC). */
static void sql_pace_day(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    (void)argv;
    struct store *s = sqlite3_user_data(ctx);
    int64_t now = s->clock ? s->clock() : 0;
    sqlite3_result_int64(ctx, now / 86400);
}

int lite_day_function(struct store *s, struct pace_error *err)
{
    if (sqlite3_create_function(s->db, "pace_day", 0, SQLITE_UTF8, s, sql_pace_day, NULL, NULL) !=
        SQLITE_OK)
        return pace_fail(err, PACE_EIO, NULL, "cannot set up the quotas");
    return 0;
}

int lite_backup(struct store *s, const char *path, struct pace_error *err)
{
    sqlite3 *dst = NULL;
    if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        int rc = pace_fail(err, PACE_EIO, NULL, "cannot create backup file %s: %s", path,
                           dst ? sqlite3_errmsg(dst) : "out of memory");
        sqlite3_close(dst);
        return rc;
    }
    /* Private before any data goes in, and if the copy fails halfway. */
    chmod(path, 0600);
    sqlite3_busy_timeout(dst, 5000);
    /* Copy in steps so writers are held up only briefly; each step takes the
     * store lock, and a change between steps restarts the copy. A lock held
     * elsewhere for longer than the busy timeout ends the backup. */
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", s->db, "main");
    int rc = SQLITE_OK;
    if (b == NULL) {
        rc = sqlite3_errcode(dst);
    } else {
        do {
            db_lock(s);
            rc = sqlite3_backup_step(b, 64);
            db_unlock(s);
        } while (rc == SQLITE_OK || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
    }
    int ret = 0;
    if (rc != SQLITE_DONE)
        ret = pace_fail(err, PACE_EIO, NULL, "backup failed: %s", sqlite3_errstr(rc));
    sqlite3_close(dst);
    return ret;
}

/* ---- statements ---- */

void lite_compile(struct sql_stmt *st)
{
    sqlite3_stmt *p = NULL;
    sqlite3 *db = lite_db(st->s);
    if (sqlite3_prepare_v3(db, st->sql, -1, st->cached ? SQLITE_PREPARE_PERSISTENT : 0, &p, NULL) !=
        SQLITE_OK) {
        fprintf(stderr, "pace: bad SQL (%s): %s\n", sqlite3_errmsg(db), st->sql);
        abort();
    }
    st->lite = (struct lite_stmt *)p;
}

void lite_free(struct sql_stmt *st)
{
    sqlite3_finalize(L(st));
    st->lite = NULL;
}

int lite_reset(struct sql_stmt *st)
{
    int rc = sqlite3_reset(L(st));
    sqlite3_clear_bindings(L(st));
    return rc;
}

bool lite_active(struct sql_stmt *st)
{
    return sqlite3_stmt_busy(L(st)) != 0;
}

void lite_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
    sqlite3_bind_int64(L(st), i, v);
}

void lite_bind_double(struct sql_stmt *st, int i, double v)
{
    sqlite3_bind_double(L(st), i, v);
}

void lite_bind_text(struct sql_stmt *st, int i, const char *text)
{
    if (text)
        sqlite3_bind_text(L(st), i, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(L(st), i);
}

void lite_bind_blob(struct sql_stmt *st, int i, const void *data, size_t len)
{
    sqlite3_bind_blob(L(st), i, data ? data : "", (int)len, SQLITE_TRANSIENT);
}

void lite_bind_null(struct sql_stmt *st, int i)
{
    sqlite3_bind_null(L(st), i);
}

int lite_step(struct sql_stmt *st)
{
    return sqlite3_step(L(st));
}

int64_t lite_col_int64(struct sql_stmt *st, int c)
{
    return sqlite3_column_int64(L(st), c);
}

double lite_col_double(struct sql_stmt *st, int c)
{
    return sqlite3_column_double(L(st), c);
}

const char *lite_col_text(struct sql_stmt *st, int c)
{
    return (const char *)sqlite3_column_text(L(st), c);
}

const void *lite_col_blob(struct sql_stmt *st, int c)
{
    return sqlite3_column_blob(L(st), c);
}

size_t lite_col_bytes(struct sql_stmt *st, int c)
{
    return (size_t)sqlite3_column_bytes(L(st), c);
}

enum sql_kind lite_kind(struct sql_stmt *st, int c)
{
    switch (sqlite3_column_type(L(st), c)) {
    case SQLITE_INTEGER:
        return SQL_KIND_INT;
    case SQLITE_FLOAT:
        return SQL_KIND_FLOAT;
    case SQLITE_BLOB:
        return SQL_KIND_BLOB;
    case SQLITE_NULL:
        return SQL_KIND_NULL;
    default:
        return SQL_KIND_TEXT;
    }
}

int lite_ncols(struct sql_stmt *st)
{
    return sqlite3_column_count(L(st));
}

const char *lite_col_name(struct sql_stmt *st, int c)
{
    return sqlite3_column_name(L(st), c);
}

int64_t lite_changes(struct store *s)
{
    return sqlite3_changes(lite_db(s));
}

bool lite_is_constraint(struct store *s, int rc, bool unique_only)
{
    (void)s;
    if (unique_only)
        return rc == SQLITE_CONSTRAINT_PRIMARYKEY || rc == SQLITE_CONSTRAINT_UNIQUE;
    return (rc & 0xff) == SQLITE_CONSTRAINT;
}

const char *lite_errmsg(struct store *s)
{
    sqlite3 *db = lite_db(s);
    return db ? sqlite3_errmsg(db) : "";
}

/* ---- errors ---- */

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
    int e = sqlite3_system_errno(lite_db(s));
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
