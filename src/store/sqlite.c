/*
 * sqlite.c - the store's life on either engine: opening it (SQLite's file
 * and pragmas through db_sqlite.c, PostgreSQL's pool through db_pg.c),
 * migrating, the key check, locking, transactions and backup.
 */
#include "sqlite_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Sanitizer builds (the tests') check more: see statements_done and
 * db_lock. */
#if defined(__SANITIZE_ADDRESS__)
#define PACE_STRICT_STATEMENTS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PACE_STRICT_STATEMENTS 1
#endif
#endif

static void lock_writer(struct store *s)
{
    if (s->engine == DB_POSTGRES) {
        pg_acquire(s); /* a connection of its own; calls run side by side */
    } else {
        lite_snapshot_close(s); /* a read after this write must see it */
        pthread_mutex_lock(&s->mu);
        lite_writer_mark(s, true);
    }
}

/* The route of a request that should only read (a GET answered on its
 * connection thread: store_reads_only), until the request ends. */
static _Thread_local const char *reads_only;

void store_reads_only(struct store *s, const char *route)
{
    (void)s;
    reads_only = route;
}

void db_lock(struct store *s)
{
#ifdef PACE_STRICT_STATEMENTS
    /* A write there waits for the write lock on a thread that serves other
     * connections: its route belongs on the writer threads (R_WRITES). The
     * tests read this line (SQLite, where a read never takes the lock). */
    if (reads_only && s->engine != DB_POSTGRES)
        fprintf(stderr, "pace: GET %s took the write lock on a connection thread\n", reads_only);
#endif
    lock_writer(s);
}

void db_lock_rare(struct store *s)
{
    lock_writer(s);
}

/* Every store call finishes its statements before it lets go of the lock;
 * a cached one left running would hold a read transaction open (and keep
 * the WAL from being checkpointed). Sanitizer builds stop at once so the
 * tests find the call; others reset it and go on. */

static void statements_done(struct store *s)
{
#ifdef PACE_STRICT_STATEMENTS
    sql_stmts_check(s, true);
#else
    sql_stmts_check(s, false);
#endif
}

void db_unlock(struct store *s)
{
    statements_done(s);
    if (s->engine == DB_POSTGRES) {
        pg_release(s);
    } else {
        lite_writer_mark(s, false);
        pthread_mutex_unlock(&s->mu);
    }
}

/* A read called while this thread holds the writer (inside a write) reads
 * on it, without taking it again: how deep such reads are. */
static _Thread_local int reads_in_write;

void db_lock_read(struct store *s)
{
    if (s->engine == DB_POSTGRES) {
        lock_writer(s);
        return;
    }
    if (lite_writer_holds(s)) {
        reads_in_write++;
        return;
    }
    int snap = lite_snapshot_read(s);
    if (snap == 1)
        return;
    if (snap == -1 || !lite_reader_take(s))
        lock_writer(s); /* to read on it */
}

void db_unlock_read(struct store *s)
{
    if (s->engine == DB_POSTGRES) {
        db_unlock(s);
        return;
    }
    if (reads_in_write > 0 && lite_writer_holds(s)) {
        reads_in_write--; /* the write goes on; its statements are its own */
        return;
    }
    statements_done(s); /* on the reader this thread holds, or the writer */
    if (lite_snapshot_holds(s))
        return; /* kept, with its snapshot, till the request's end or a write */
    if (!lite_reader_give(s))
        db_unlock(s); /* read on the writer */
}

void store_snapshot_begin(struct store *s)
{
    if (s->engine != DB_POSTGRES)
        lite_snapshot_want(s);
}

void store_snapshot_end(struct store *s)
{
    reads_only = NULL;
    if (s->engine != DB_POSTGRES)
        lite_snapshot_end(s);
}

/* How many read-only connections beside the writer: PACE_DB_READERS
 * (0 to 64; 0: every call on the writer), 4 by default; -1 when the
 * setting is not such a number. They are opened when first needed. */
static int readers_wanted(void)
{
    const char *v = getenv("PACE_DB_READERS");
    if (v == NULL || *v == '\0')
        return 4;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (end == v || *end != '\0' || n < 0 || n > 64)
        return -1;
    return (int)n;
}

static int db_run(struct store *s, const char *sql, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, sql);
    int rc = sql_step(st);
    int rrc = sql_done(st);
    if (rc == SQL_DONE || rc == SQL_ROW)
        rc = rrc;
    return rc == 0 || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int db_exec(struct store *s, const char *sql, struct pace_error *err)
{
    return s->engine == DB_POSTGRES ? pg_exec(s, sql, err) : lite_exec(s, sql, err);
}

/* A transaction writes alone, as the store's functions were written for:
 * SQLite's BEGIN IMMEDIATE takes the database's one write lock; on
 * PostgreSQL every instance's transactions take one advisory lock (till
 * the end of the transaction), so a count-then-insert (the throttle, the
 * quotas, the audit trail's chain) never interleaves with another. */
int db_begin(struct store *s, struct pace_error *err)
{
    if (s->engine != DB_POSTGRES)
        return db_run(s, "BEGIN IMMEDIATE", err);
    int rc = db_run(s, "BEGIN", err);
    if (rc == 0 && (rc = db_run(s, "SELECT pg_advisory_xact_lock(7243102)", err)) != 0)
        db_rollback(s);
    return rc;
}

int db_commit(struct store *s, struct pace_error *err)
{
    int rc = db_run(s, "COMMIT", err);
    if (rc != 0)
        db_rollback(s);
    return rc;
}

void db_rollback(struct store *s)
{
    if (s->engine == DB_POSTGRES ? pg_in_transaction(s) : lite_in_transaction(s))
        db_run(s, "ROLLBACK", NULL);
}

#define KEY_CHECK_AD "meta.key_check"
#define KEY_CHECK_TEXT "pace key check"

/* Whether the database holds the key check value (and its bytes), or
 * anything at all (a user). Caller holds no lock; at open only. */
static int key_check_read(struct store *s, struct buf *check, bool *has_data,
                          struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT value FROM meta WHERE name = 'key_check'");
    int rc = sql_step(st);
    if (rc == SQL_ROW)
        buf_add(check, sql_col_blob(st, 0), (size_t)sql_col_bytes(st, 0));
    sql_done(st);
    if (rc != SQL_ROW && rc != SQL_DONE)
        return db_fail(s, rc, err);
    st = sql_prepare(s, "SELECT EXISTS (SELECT 1 FROM users)");
    rc = sql_step(st);
    *has_data = check->len > 0 || (rc == SQL_ROW && sql_col_int(st, 0) != 0);
    sql_done(st);
    return rc == SQL_ROW ? 0 : db_fail(s, rc, err);
}

/* Loads the key file, or creates it for a new database only, and checks it
 * opens the database's sealed check value (written when missing; when
 * another instance wrote it first, that one is checked). */
static int key_open(struct store *s, const char *key_path, struct pace_error *err)
{
    struct stat st;
    bool have_key = lstat(key_path, &st) == 0;
    struct buf check = {0};
    bool has_data = false;
    int rc = key_check_read(s, &check, &has_data, err);
    if (rc == 0 && !have_key && has_data)
        rc = pace_fail(err, PACE_ECRYPTO, NULL,
                       "the key file %s is missing, but the database beside it holds data "
                       "sealed with a key: put that key file back and start again",
                       key_path);
    if (rc == 0)
        rc = crypto_key_load_or_create(key_path, &s->key, err);
    if (rc == 0 && check.len > 0) {
        struct buf plain = {0};
        if (crypto_open(&s->key, KEY_CHECK_AD, check.data, check.len, &plain, NULL) != 0 ||
            strcmp(plain.data ? plain.data : "", KEY_CHECK_TEXT) != 0)
            rc = pace_fail(err, PACE_ECRYPTO, NULL,
                           "the key file %s does not open this database's data (it is not the "
                           "key the database was made with): put the right key file back and "
                           "start again",
                           key_path);
        buf_free(&plain);
    } else if (rc == 0) {
        struct sql_stmt *ins = sql_prepare(s, "INSERT INTO meta (name, value) "
                                              "VALUES ('key_check', ?) ON CONFLICT DO NOTHING");
        sql_bind_sealed(s, ins, 1, KEY_CHECK_AD, KEY_CHECK_TEXT);
        int src = sql_step(ins);
        sql_done(ins);
        if (src != SQL_DONE)
            rc = db_fail(s, src, err);
        else if (sql_changes(s) == 0) {
            buf_free(&check);
            return key_open(s, key_path, err); /* another instance was first */
        }
    }
    buf_free(&check);
    return rc;
}

/* PostgreSQL at url, the key file at key_path. */
static int open_postgres(struct store *s, const char *url, const char *key_path,
                         struct pace_error *err)
{
    s->engine = DB_POSTGRES;
    int rc = pg_open(s, url, err);
    if (rc != 0)
        return rc;
    db_lock(s);
    rc = db_migrate(s, err);
    if (rc == 0)
        rc = key_open(s, key_path, err);
    db_unlock(s);
    return rc;
}

/* SQLite in dir/pace.db, the key file at key_path. */
static int open_sqlite(struct store *s, const char *dir, const char *key_path,
                       struct pace_error *err)
{
    s->db_path = xasprintf("%s/pace.db", dir);
    int rc = lite_open(s, s->db_path, err);
    if (rc != 0)
        return rc;
    rc = db_exec(s,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "PRAGMA secure_delete=ON;",
                 err);
    if (rc == 0)
        rc = db_migrate(s, err);
    if (rc == 0)
        rc = key_open(s, key_path, err);
    if (rc == 0)
        rc = lite_open_readers(s, readers_wanted(), err);
    return rc;
}

int store_open_where(const struct store_where *w, struct store **out, struct pace_error *err)
{
    *out = NULL;
    bool pg = w->url && *w->url;
    bool have_dir = w->dir && *w->dir, have_key = w->key_file && *w->key_file;
    if (!have_dir && !have_key)
        return pace_fail(err, PACE_EINVAL, NULL, "no data directory was given");
    if (readers_wanted() < 0) /* checked on either engine, before anything is made */
        return pace_fail(err, PACE_EINVAL, NULL, "PACE_DB_READERS must be a number from 0 to 64");
    /* The data folder is made when something goes there (on PostgreSQL,
     * only the key file, when it is the folder's). */
    bool dir_used =
        !pg || !have_key || (have_dir && strncmp(w->key_file, w->dir, strlen(w->dir)) == 0);
    if (have_dir && dir_used && mkdir(w->dir, 0700) != 0 && errno != EEXIST)
        return pace_fail(err, PACE_EIO, NULL, "cannot create data directory %s: %s", w->dir,
                         strerror(errno));
    if (crypto_init() != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "cannot initialise libsodium");
    struct store *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    pthread_mutex_init(&s->cq_mu, NULL);
    char *key_path =
        w->key_file && *w->key_file ? xstrdup(w->key_file) : xasprintf("%s/pace.key", w->dir);
    int rc = pg ? open_postgres(s, w->url, key_path, err) : open_sqlite(s, w->dir, key_path, err);
    free(key_path);
    if (rc != 0) {
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

int store_open(const char *dir, struct store **out, struct pace_error *err)
{
    struct store_where w = {.dir = dir};
    return store_open_where(&w, out, err);
}

bool store_is_postgres(const struct store *s)
{
    return s->engine == DB_POSTGRES;
}

void store_close(struct store *s)
{
    if (s == NULL)
        return;
    sql_cache_free(&s->stmts);
    pg_close(s);
    lite_close(s);
    crypto_key_wipe(&s->key);
    pthread_mutex_destroy(&s->mu);
    pthread_mutex_destroy(&s->cq_mu);
    free(s->db_path);
    free(s);
}

int store_schema_version(struct store *s)
{
    db_lock(s);
    int v = -1;
    if (db_schema_version(s, &v, NULL) != 0)
        v = -1;
    db_unlock(s);
    return v;
}

int store_bulk_load(struct store *s, bool on, struct pace_error *err)
{
    if (s->engine == DB_POSTGRES) /* a session setting: nothing to do here */
        return 0;
    db_lock(s);
    int rc = on ? db_exec(s, "PRAGMA synchronous=OFF", err)
                : db_exec(s, "PRAGMA synchronous=FULL; PRAGMA wal_checkpoint(TRUNCATE)", err);
    db_unlock(s);
    return rc;
}

const struct crypto_key *store_key(struct store *s)
{
    return &s->key;
}

int store_backup(struct store *s, const char *path, struct pace_error *err)
{
    if (s->engine == DB_POSTGRES)
        return pace_fail(err, PACE_EINVAL, NULL,
                         "on PostgreSQL, back up with pg_dump (see docs/postgresql.md)");
    return lite_backup(s, path, err);
}
