/*
 * db.h - the store's statement layer: one way to run SQL that works on
 * SQLite (db_sqlite.c) and PostgreSQL (db_pg.c). The store's files write
 * their SQL once, in the subset both engines understand, with `?` or `?N`
 * placeholders (1-based), and read columns by 0-based index. Integers are
 * int64, blobs are bytes (BLOB / BYTEA). Only src/store/ *.c include this,
 * through sqlite_priv.h.
 *
 * A statement's life: sql_prepare (compiled once per connection and kept),
 * sql_bind_*, sql_step until SQL_DONE (or as far as needed), sql_done.
 * The caller holds the store lock (db_lock) throughout.
 */
#ifndef PACE_STORE_DB_H
#define PACE_STORE_DB_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;
struct sql_stmt;

/* What sql_step returns besides an error code (for db_fail). The values
 * are SQLite's, so code comparing to SQLITE_ROW/SQLITE_DONE keeps working. */
enum { SQL_ROW = 100, SQL_DONE = 101 };

/* The statement for sql, from the store's cache (compiled on first use).
 * When the cached one is still in use (a nested call with the same SQL), a
 * fresh one is returned that sql_done frees. Aborts on bad SQL (a
 * programming error). */
struct sql_stmt *sql_prepare(struct store *s, const char *sql);
/* Ends the statement: resets it, clears its bindings; returns 0 or the
 * error of its last step. */
int sql_done(struct sql_stmt *st);
/* Resets a statement to run again with new bindings (e.g. one insert per
 * row of an import). */
void sql_reset(struct sql_stmt *st);

/* Bindings, 1-based. Text and blobs are copied; a NULL text binds NULL. */
void sql_bind_int64(struct sql_stmt *st, int i, int64_t v);
void sql_bind_int(struct sql_stmt *st, int i, int v);
void sql_bind_double(struct sql_stmt *st, int i, double v);
void sql_bind_text(struct sql_stmt *st, int i, const char *text);
void sql_bind_blob(struct sql_stmt *st, int i, const void *data, size_t len);
void sql_bind_null(struct sql_stmt *st, int i);

/* Runs the statement (first call) or moves to its next row: SQL_ROW,
 * SQL_DONE, or an engine error code for db_fail / sql_is_constraint. */
int sql_step(struct sql_stmt *st);

/* Runs an INSERT ... RETURNING id to its end: SQL_DONE with *id set, or
 * an error code. */
int sql_step_id(struct sql_stmt *st, int64_t *id);

/* Columns of the current row, 0-based. Text and blobs stay valid until the
 * next step or sql_done. A NULL reads as 0, "" (text: NULL pointer, as in
 * SQLite) or no bytes. */
int64_t sql_col_int64(struct sql_stmt *st, int c);
int sql_col_int(struct sql_stmt *st, int c);
double sql_col_double(struct sql_stmt *st, int c);
const char *sql_col_text(struct sql_stmt *st, int c);
const void *sql_col_blob(struct sql_stmt *st, int c);
size_t sql_col_bytes(struct sql_stmt *st, int c);
bool sql_col_null(struct sql_stmt *st, int c);
/* What a column of the current row holds, for code that copies rows
 * without knowing the table (store_copy). */
enum sql_kind { SQL_KIND_NULL, SQL_KIND_INT, SQL_KIND_FLOAT, SQL_KIND_TEXT, SQL_KIND_BLOB };
enum sql_kind sql_col_kind(struct sql_stmt *st, int c);
/* The number of columns of the result and a column's name (after the
 * first step). */
int sql_col_count(struct sql_stmt *st);
const char *sql_col_name(struct sql_stmt *st, int c);
/* Copies a text column into dst (size n); "" for NULL. */
void sql_col_copy(char *dst, size_t n, struct sql_stmt *st, int c);

/* Rows changed by the last INSERT, UPDATE or DELETE that finished. */
int64_t sql_changes(struct store *s);
/* Whether an error code from sql_step was a constraint's (unique,
 * primary key, check, foreign key) / a unique or primary key's. */
bool sql_is_constraint(struct store *s, int rc);
bool sql_is_unique(struct store *s, int rc);
/* The engine's message for the last error ("" when none). */
const char *sql_errmsg(struct store *s);

/* Encrypts text for the column ad and binds it as a blob (NULL when
 * empty). */
void sql_bind_sealed(struct store *s, struct sql_stmt *st, int i, const char *ad, const char *text);
/* Decrypts a sealed blob column into *out (caller frees); "" for NULL. */
int sql_col_opened(struct store *s, struct sql_stmt *st, int c, const char *ad, char **out,
                   struct pace_error *err);

#endif
