/*
 * sqlite_priv.h - what the store's files share: the store struct, the
 * lock, the statement layer (db.h) and error mapping, on SQLite or
 * PostgreSQL. Only src/store/ *.c include this.
 */
#ifndef PACE_SQLITE_PRIV_H
#define PACE_SQLITE_PRIV_H

#include "store/db.h"
#include "store/store.h"

#include <pthread.h>
#include <stdint.h>

struct sqlite3;   /* SQLite's connection: only db_sqlite.c looks inside */
struct lite_stmt; /* SQLite's statement, the same */

/* A statement of the statement layer (db.h). */
struct sql_stmt {
    struct store *s;
    char *sql; /* as written, with ? placeholders */
    uint64_t hash;
    bool cached;            /* kept in the store's list (else freed by sql_done) */
    bool in_use;            /* between sql_prepare and sql_done */
    struct lite_stmt *lite; /* SQLite (db_sqlite.c) */
    struct pg_stmt *pg;     /* PostgreSQL (db_pg.c) */
};

enum db_engine { DB_SQLITE, DB_POSTGRES };

/* Compiled statements kept for a connection. */
struct sql_cache {
    struct sql_stmt **v;
    uint64_t *hashes;  /* v[i]->hash, side by side: a lookup reads only these */
    const char **seen; /* the address v[i]'s text was last asked for at */
    size_t n, cap;
};

struct store {
    enum db_engine engine;
    struct sqlite3 *db;        /* SQLite (db_sqlite.c): the writer */
    struct lite_pool *readers; /* SQLite: read-only connections (db_lock_read) */
    struct pg_pool *pg;        /* PostgreSQL (db_pg.c): connections */
    pthread_mutex_t mu;
    struct crypto_key key;
    char *db_path;
    struct sql_cache stmts; /* sql_prepare's cache (SQLite; PostgreSQL: one per connection) */
    int64_t quota_records, quota_bytes; /* per account and day; 0: none */
    int64_t (*clock)(void);             /* "now" for the quotas' day */
    /* The group commit of new sessions (sqlite_practice.c): requests
     * queued, whether a leader is running a batch, and what was done. */
    pthread_mutex_t cq_mu;
    struct commit_req *cq_head, *cq_tail;
    int cq_waiting;
    bool cq_leader;
    int64_t commits, committed_rows; /* batches committed, sessions in them */
};

/* Every public function holds the store lock for its whole run, so a
 * transaction never interleaves with another thread's statements. */
void db_lock(struct store *s);
void db_unlock(struct store *s);
/* db_lock for a write a GET may make on its connection thread: rare and
 * small (a login's or a token's last use, at most every 15 or 60 s). */
void db_lock_rare(struct store *s);
/* For a call that only reads: on SQLite a read-only connection of its own
 * from a small pool (WAL: it sees every committed write and waits for
 * neither the writer nor other readers; statements that write fail); on
 * PostgreSQL the same as db_lock. Without a pool, db_lock. */
void db_lock_read(struct store *s);
void db_unlock_read(struct store *s);

/* Maps an error code from sql_step to enum pace_err and fills err. */
int db_fail(struct store *s, int rc, struct pace_error *err);
/* Runs one or more statements without results (no bindings). */
int db_exec(struct store *s, const char *sql, struct pace_error *err);
int db_begin(struct store *s, struct pace_error *err);
int db_commit(struct store *s, struct pace_error *err);
void db_rollback(struct store *s);

/* Writes used by an import (sqlite_data.c), each a piece of what the
 * public functions do; the caller holds the lock inside a transaction. */
/* Her own item (checked), created at now; in her kit when in_kit. */
int db_custom_insert(struct store *s, int64_t user_id, const struct custom_item *item, int64_t now,
                     bool in_kit, int64_t *id_out, struct pace_error *err);
/* Her own items with in_kit filled, oldest first; caller frees. */
int db_custom_list(struct store *s, int64_t user_id, struct custom_item **items, size_t *n,
                   struct pace_error *err);
/* A session with its id set (a UUID), checked like store_practice_insert. */
int db_practice_insert(struct store *s, int64_t user_id, const struct practice *p, int64_t now,
                       struct pace_error *err);
/* Her program choice (replacing any). */
int db_program_put(struct store *s, int64_t user_id, const struct plan_choice *c, int64_t now,
                   struct pace_error *err);
/* Her goals, in row order; caller frees. */
int db_goals_list(struct store *s, int64_t user_id, struct plan_goal **items, size_t *n,
                  struct pace_error *err);
/* One more goal, keeping g->chosen_at. */
int db_goal_insert(struct store *s, int64_t user_id, const struct plan_goal *g,
                   struct pace_error *err);
/* A ladder entry (checked) taken at e->taken_at; e->id is set. */
int db_ladder_insert(struct store *s, int64_t user_id, struct ladder_entry *e,
                     struct pace_error *err);
/* Her entries taken in [from, to) (0: no bound), newest first, with no
 * limit; caller frees. */
int db_ladder_all(struct store *s, int64_t user_id, int64_t from, int64_t to,
                  struct ladder_entry **items, size_t *n, struct pace_error *err);
/* Her number of ladder entries / sessions into *n. */
int db_ladder_count(struct store *s, int64_t user_id, int64_t *n, struct pace_error *err);
int db_practice_count(struct store *s, int64_t user_id, int64_t *n, struct pace_error *err);
/* PACE_EINVAL (with a sentence for her) when adding more sessions would
 * take her past EXPORT_MAX_SESSIONS; the caller holds the lock. */
int db_practice_room(struct store *s, int64_t user_id, size_t adding, struct pace_error *err);
/* Her schedule (checked) when she has none; a new event uid, no feed. */
int db_reminder_add(struct store *s, int64_t user_id, struct reminder *r, int64_t now,
                    struct pace_error *err);
/* The sealed "about me" note. */
int db_user_set_about(struct store *s, int64_t user_id, const char *text, struct pace_error *err);

/* sqlite_quota.c: when the last error was a quota's, fills err and returns
 * its code (PACE_ELOCKED or PACE_EFULL); 0 otherwise. */
int db_quota_fail(struct store *s, struct pace_error *err);

/* Migrations (migrate.c): brings the schema to the latest version (on
 * PostgreSQL under an advisory lock, so instances starting together wait
 * for one another). */
int db_migrate(struct store *s, struct pace_error *err);
/* The number of migrations; migration v (0-based) in the store's engine's
 * words (caller frees); the database's schema version. */
int db_migrate_latest(void);
char *db_migration_text(struct store *s, int v);
int db_schema_version(struct store *s, int *version, struct pace_error *err);

/* db.c: at unlock, every cached statement is done (strict: one left
 * running stops the program, so tests find it); at close, all are freed. */
void sql_stmts_check(struct store *s, bool strict);
void sql_cache_free(struct sql_cache *c);

/* The engines under db.h (db_sqlite.c, db_pg.c); db.c calls them. */
int lite_open(struct store *s, const char *path, struct pace_error *err);
void lite_close(struct store *s);
/* The pool of n read-only connections (none when n <= 0); taking one for
 * the calling thread (false when there is no pool or it holds one
 * already) and giving it back (false when it holds none). */
int lite_open_readers(struct store *s, int n, struct pace_error *err);
bool lite_reader_take(struct store *s);
bool lite_reader_give(struct store *s);
/* The writer held by the calling thread (db_lock to db_unlock): reads under
 * it stay on it. */
void lite_writer_mark(struct store *s, bool held_now);
bool lite_writer_holds(const struct store *s);
/* One snapshot for a request's reads (db_sqlite.c): want marks the
 * thread's request; read takes (or keeps) its reader and read transaction;
 * close ends that transaction (before a write) and end the request's. */
void lite_snapshot_want(struct store *s);
int lite_snapshot_read(struct store *s); /* 1: on its reader; 0: not in one; -1: on the writer */
bool lite_snapshot_holds(const struct store *s);
void lite_snapshot_close(struct store *s);
void lite_snapshot_end(struct store *s);
/* Gives the thread's reader back before a long wait (a password hash): the
 * request's next read opens a new snapshot. */
void lite_snapshot_yield(void);
/* The statement cache of the connection the calling thread works on. */
struct sql_cache *lite_cache(struct store *s);
int lite_exec(struct store *s, const char *sql, struct pace_error *err);
bool lite_in_transaction(struct store *s);
/* Folds the write-ahead log back into the database file. */
void lite_checkpoint(struct store *s);
/* Makes pace_day() (the day of s->clock) known to the connection. */
int lite_day_function(struct store *s, struct pace_error *err);
/* SQLite's online backup of the store into a new file at path. */
int lite_backup(struct store *s, const char *path, struct pace_error *err);
void lite_compile(struct sql_stmt *st);
void lite_free(struct sql_stmt *st);
int lite_reset(struct sql_stmt *st);
bool lite_active(struct sql_stmt *st);
void lite_bind_int64(struct sql_stmt *st, int i, int64_t v);
void lite_bind_double(struct sql_stmt *st, int i, double v);
void lite_bind_text(struct sql_stmt *st, int i, const char *text);
void lite_bind_blob(struct sql_stmt *st, int i, const void *data, size_t len);
void lite_bind_null(struct sql_stmt *st, int i);
int lite_step(struct sql_stmt *st);
int64_t lite_col_int64(struct sql_stmt *st, int c);
double lite_col_double(struct sql_stmt *st, int c);
const char *lite_col_text(struct sql_stmt *st, int c);
const void *lite_col_blob(struct sql_stmt *st, int c);
size_t lite_col_bytes(struct sql_stmt *st, int c);
enum sql_kind lite_kind(struct sql_stmt *st, int c);
int lite_ncols(struct sql_stmt *st);
const char *lite_col_name(struct sql_stmt *st, int c);
int64_t lite_changes(struct store *s);
bool lite_is_constraint(struct store *s, int rc, bool unique_only);
const char *lite_errmsg(struct store *s);
int lite_fail(struct store *s, int rc, struct pace_error *err);
int pg_open(struct store *s, const char *url, struct pace_error *err);
void pg_close(struct store *s);
void pg_acquire(struct store *s);
void pg_release(struct store *s);
struct sql_cache *pg_cache(struct store *s);
void pg_compile(struct sql_stmt *st);
void pg_free(struct sql_stmt *st);
void pg_reset(struct sql_stmt *st);
bool pg_active(struct sql_stmt *st);
/* PostgreSQL's type numbers (OIDs) of what is bound; bytea goes in binary. */
enum { PG_NULL = 0, PG_BYTEA = 17, PG_INT8 = 20, PG_TEXT = 25, PG_FLOAT8 = 701 };
void pg_bind(struct sql_stmt *st, int i, const char *value, size_t len, unsigned type);
int pg_step(struct sql_stmt *st);
const char *pg_value(struct sql_stmt *st, int c, size_t *len);
const void *pg_blob(struct sql_stmt *st, int c, size_t *len);
int64_t pg_changes(struct store *s);
enum sql_kind pg_kind(struct sql_stmt *st, int c);
int pg_ncols(struct sql_stmt *st);
const char *pg_col_name(struct sql_stmt *st, int c);
bool pg_is_constraint(struct store *s, int rc, bool unique_only);
const char *pg_errmsg(struct store *s);
int pg_fail(struct store *s, int rc, struct pace_error *err);
int pg_exec(struct store *s, const char *sql, struct pace_error *err);
bool pg_in_transaction(struct store *s);
/* The quota limits changed: every connection sets them again. */
void pg_quota_changed(struct store *s);

/* sqlite_once.c: inside a transaction the caller holds. once_check_locked
 * fills o->replayed/record_id, or PACE_ECONFLICT for another request under
 * the same key; once_record_locked stores the key for record_id. */
int once_check_locked(struct store *s, int64_t user_id, struct store_once *o, int64_t now,
                      struct pace_error *err);
int once_record_locked(struct store *s, int64_t user_id, const struct store_once *o,
                       const char *record_id, int64_t now, struct pace_error *err);

/* sqlite_share.c: appends to her trail inside the caller's transaction. */
int db_audit_append(struct store *s, struct audit_event *e, struct pace_error *err);

/* Her leaving the community inside the caller's transaction (lock held):
 * keep 1 keeps her live posts as a former member's, 0 deletes them, -1
 * follows the choice she stored (store_user_erase). */
int db_cm_leave(struct store *s, int64_t user_id, int keep, struct pace_error *err);

#endif
