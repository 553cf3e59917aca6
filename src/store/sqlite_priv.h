/*
 * sqlite_priv.h - what the SQLite backend's files share: the store struct,
 * the lock, statement helpers and error mapping. Only src/store/ *.c
 * include this.
 */
#ifndef PACE_SQLITE_PRIV_H
#define PACE_SQLITE_PRIV_H

#include "store/store.h"

#include <pthread.h>
#include <stdint.h>
#include <sqlite3.h>

/* A statement compiled once and kept for the life of the store. */
struct db_cached_stmt {
    char *sql;
    uint64_t hash;
    sqlite3_stmt *st;
};

struct store {
    sqlite3 *db;
    pthread_mutex_t mu;
    struct crypto_key key;
    char *db_path;
    struct db_cached_stmt *cache; /* db_stmt's statements */
    size_t ncache, capcache;
};

/* Every public function holds the store lock for its whole run, so a
 * transaction never interleaves with another thread's statements. */
void db_lock(struct store *s);
void db_unlock(struct store *s);

/* Prepares sql; aborts on a programming error (bad SQL). The caller
 * finalizes. */
sqlite3_stmt *db_prepare(struct store *s, const char *sql);
/* The same statement as db_prepare would give, but compiled only the first
 * time this SQL text is seen and kept (SQLITE_PREPARE_PERSISTENT): the
 * store's statement cache. Finish it with db_done, never sqlite3_finalize.
 * When the cached one is still in use (a nested call with the same SQL), a
 * fresh statement is returned that db_done finalizes. Caller holds the
 * lock. */
sqlite3_stmt *db_stmt(struct store *s, const char *sql);
/* Ends a statement from db_stmt: resets it and clears its bindings (or
 * finalizes an uncached one). Returns what sqlite3_reset returns: the
 * error of the last step, if any. */
int db_done(struct store *s, sqlite3_stmt *st);
/* Maps a SQLite result code to enum pace_err and fills err. */
int db_fail(struct store *s, int rc, struct pace_error *err);
int db_exec(struct store *s, const char *sql, struct pace_error *err);
int db_begin(struct store *s, struct pace_error *err);
int db_commit(struct store *s, struct pace_error *err);
void db_rollback(struct store *s);

/* Encrypts text for the column ad and binds it as a blob (NULL when empty). */
void db_bind_sealed(struct store *s, sqlite3_stmt *st, int col, const char *ad, const char *text);
/* Decrypts a sealed blob column into *out (caller frees); "" for NULL. */
int db_column_opened(struct store *s, sqlite3_stmt *st, int col, const char *ad, char **out,
                     struct pace_error *err);

void db_copy_text(char *dst, size_t n, sqlite3_stmt *st, int col);

/* Migrations (migrate.c): brings the schema to the latest version. */
int db_migrate(struct store *s, struct pace_error *err);

#endif
