/*
 * sqlite.c - the SQLite backend: opening, pragmas, locking, helpers, backup,
 * and the account tables (users, logins, API tokens, throttling).
 */
#include "sqlite_priv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

void db_lock(struct store *s)
{
    pthread_mutex_lock(&s->mu);
}

/* Every store call finishes its statements before it lets go of the lock;
 * a cached one left running would hold a read transaction open (and keep
 * the WAL from being checkpointed). Sanitizer builds stop at once so the
 * tests find the call; others reset it and go on. */
#if defined(__SANITIZE_ADDRESS__)
#define PACE_STRICT_STATEMENTS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PACE_STRICT_STATEMENTS 1
#endif
#endif

void db_unlock(struct store *s)
{
    for (size_t i = 0; i < s->ncache; i++) {
        if (sqlite3_stmt_busy(s->cache[i].st)) {
#ifdef PACE_STRICT_STATEMENTS
            fprintf(stderr, "pace: statement left running: %s\n", s->cache[i].sql);
            abort();
#else
            sqlite3_reset(s->cache[i].st);
#endif
        }
    }
    pthread_mutex_unlock(&s->mu);
}

sqlite3_stmt *db_prepare(struct store *s, const char *sql)
{
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

int db_fail(struct store *s, int rc, struct pace_error *err)
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

static int db_run(struct store *s, const char *sql, struct pace_error *err)
{
    sqlite3_stmt *st = db_stmt(s, sql);
    int rc = sqlite3_step(st);
    int rrc = db_done(s, st);
    if (rc == SQLITE_DONE || rc == SQLITE_ROW)
        rc = rrc;
    return rc == SQLITE_OK || rc == SQLITE_DONE ? 0 : db_fail(s, rc, err);
}

int db_exec(struct store *s, const char *sql, struct pace_error *err)
{
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : db_fail(s, rc, err);
}

int db_begin(struct store *s, struct pace_error *err)
{
    return db_run(s, "BEGIN IMMEDIATE", err);
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
    if (!sqlite3_get_autocommit(s->db))
        db_run(s, "ROLLBACK", NULL);
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

#define KEY_CHECK_AD "meta.key_check"
#define KEY_CHECK_TEXT "pace key check"

/* Whether the database holds the key check value (and its bytes), or
 * anything at all (a user). Caller holds no lock; at open only. */
static int key_check_read(struct store *s, struct buf *check, bool *has_data,
                          struct pace_error *err)
{
    sqlite3_stmt *st = db_stmt(s, "SELECT value FROM meta WHERE name = 'key_check'");
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        buf_add(check, sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0));
    db_done(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_fail(s, rc, err);
    st = db_stmt(s, "SELECT EXISTS (SELECT 1 FROM users)");
    rc = sqlite3_step(st);
    *has_data = check->len > 0 || (rc == SQLITE_ROW && sqlite3_column_int(st, 0) != 0);
    db_done(s, st);
    return rc == SQLITE_ROW ? 0 : db_fail(s, rc, err);
}

/* Loads DIR/pace.key, or creates it for a new database only, and checks it
 * opens the database's sealed check value (written when missing). */
static int key_open(struct store *s, const char *dir, struct pace_error *err)
{
    char *key_path = xasprintf("%s/pace.key", dir);
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
        sqlite3_stmt *ins = db_stmt(s, "INSERT INTO meta (name, value) VALUES ('key_check', ?)");
        db_bind_sealed(s, ins, 1, KEY_CHECK_AD, KEY_CHECK_TEXT);
        int src = sqlite3_step(ins);
        db_done(s, ins);
        if (src != SQLITE_DONE)
            rc = db_fail(s, src, err);
    }
    buf_free(&check);
    free(key_path);
    return rc;
}

int store_open(const char *dir, struct store **out, struct pace_error *err)
{
    *out = NULL;
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return pace_fail(err, PACE_EIO, NULL, "cannot create data directory %s: %s", dir,
                         strerror(errno));
    if (crypto_init() != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "cannot initialise libsodium");
    struct store *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    s->db_path = xasprintf("%s/pace.db", dir);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    int rc;
    if (sqlite3_open_v2(s->db_path, &s->db, flags, NULL) != SQLITE_OK) {
        rc = pace_fail(err, PACE_EIO, NULL, "cannot open database %s: %s", s->db_path,
                       sqlite3_errmsg(s->db));
        store_close(s);
        return rc;
    }
    chmod(s->db_path, 0600);
    sqlite3_busy_timeout(s->db, 5000);
    sqlite3_extended_result_codes(s->db, 1);
    rc = db_exec(s,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
                 "PRAGMA secure_delete=ON;",
                 err);
    if (rc == 0)
        rc = db_migrate(s, err);
    if (rc == 0)
        rc = key_open(s, dir, err);
    if (rc != 0) {
        store_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void store_close(struct store *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->ncache; i++) {
        sqlite3_finalize(s->cache[i].st);
        free(s->cache[i].sql);
    }
    free(s->cache);
    if (s->db)
        sqlite3_close(s->db);
    crypto_key_wipe(&s->key);
    pthread_mutex_destroy(&s->mu);
    free(s->db_path);
    free(s);
}

int store_schema_version(struct store *s)
{
    db_lock(s);
    sqlite3_stmt *st = db_stmt(s, "PRAGMA user_version");
    int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    db_done(s, st);
    db_unlock(s);
    return v;
}

int store_bulk_load(struct store *s, bool on, struct pace_error *err)
{
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
