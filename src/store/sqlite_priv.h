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
    int64_t quota_records, quota_bytes; /* per account and day; 0: none */
    int64_t (*clock)(void);             /* "now" for the quotas' day */
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

/* Writes used by an import (sqlite_data.c), each a piece of what the
 * public functions do; the caller holds the lock inside a transaction. */
/* Her own item (checked), created at now; in her kit when in_kit. */
int db_custom_insert(struct store *s, int64_t user_id, const struct custom_item *item,
                     int64_t now, bool in_kit, int64_t *id_out, struct pace_error *err);
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

/* Migrations (migrate.c): brings the schema to the latest version. */
int db_migrate(struct store *s, struct pace_error *err);

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
