/*
 * testdb.h - the store under test on either engine: SQLite in the test's
 * directory, or, when PACE_TEST_DATABASE_URL names a PostgreSQL server (a
 * throwaway one, see tests/pg.py), a schema of its own there, named after
 * the directory (the key file stays in the directory). Raw queries for
 * checks the API hides go to whichever engine the store runs on.
 * Header-only, like tmpdir.h.
 */
#ifndef PACE_TEST_TESTDB_H
#define PACE_TEST_TESTDB_H

#include "core/util.h"
#include "store/store.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The PostgreSQL server's URL, or NULL: the tests run on SQLite. */
static inline const char *testdb_pg(void)
{
    const char *u = getenv("PACE_TEST_DATABASE_URL");
    return u && *u ? u : NULL;
}

/* The schema for dir: "t" and a hash of its path. */
static inline void testdb_schema(const char *dir, char out[32])
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)dir; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    snprintf(out, 32, "t%016llx", (unsigned long long)h);
}

/* The URL of dir's schema (caller frees). */
static inline char *testdb_url(const char *dir)
{
    char schema[32];
    testdb_schema(dir, schema);
    const char *base = testdb_pg();
    return xasprintf("%s%soptions=-csearch_path%%3D%s", base, strchr(base, '?') ? "&" : "?",
                     schema);
}

static inline PGconn *testdb_pg_connect(const char *dir)
{
    char *url = testdb_url(dir);
    PGconn *c = PQconnectdb(url);
    free(url);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "testdb: %s", PQerrorMessage(c));
        abort();
    }
    return c;
}

/* Opens the store for dir on the engine under test (a fresh schema on
 * PostgreSQL the first time). */
static inline int testdb_open(const char *dir, struct store **s, struct pace_error *err)
{
    if (!testdb_pg())
        return store_open(dir, s, err);
    char schema[32];
    testdb_schema(dir, schema);
    PGconn *c = testdb_pg_connect(dir);
    char *sql = xasprintf("CREATE SCHEMA IF NOT EXISTS %s", schema);
    PQclear(PQexec(c, sql));
    free(sql);
    PQfinish(c);
    char *url = testdb_url(dir);
    char *key = xasprintf("%s/pace.key", dir);
    struct store_where w = {.dir = dir, .url = url, .key_file = key};
    int rc = store_open_where(&w, s, err);
    free(url);
    free(key);
    return rc;
}

/* Runs sql (no results) on dir's database; false with the engine's message
 * in msg (size n) on failure. */
static inline bool testdb_try(const char *dir, const char *sql, char *msg, size_t n)
{
    if (msg && n)
        msg[0] = '\0';
    if (testdb_pg()) {
        PGconn *c = testdb_pg_connect(dir);
        PGresult *r = PQexec(c, sql);
        ExecStatusType t = PQresultStatus(r);
        bool ok = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK;
        if (!ok && msg)
            snprintf(msg, n, "%s", PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(c);
        return ok;
    }
    char *path = xasprintf("%s/pace.db", dir);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL);
    free(path);
    char *m = NULL;
    if (rc == SQLITE_OK) {
        sqlite3_busy_timeout(db, 5000);
        rc = sqlite3_exec(db, sql, NULL, NULL, &m);
    }
    if (rc != SQLITE_OK && msg)
        snprintf(msg, n, "%s", m ? m : sqlite3_errstr(rc));
    sqlite3_free(m);
    sqlite3_close(db);
    return rc == SQLITE_OK;
}

/* Runs a one-value query; its text (or "" for no row or NULL) in out. */
static inline void testdb_text(const char *dir, const char *sql, char *out, size_t n)
{
    out[0] = '\0';
    if (testdb_pg()) {
        PGconn *c = testdb_pg_connect(dir);
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK) {
            fprintf(stderr, "testdb: %s: %s", sql, PQresultErrorMessage(r));
            abort();
        }
        if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
            const char *v = PQgetvalue(r, 0, 0);
            /* booleans as SQLite gives them */
            if (PQftype(r, 0) == 16)
                v = strcmp(v, "t") == 0 ? "1" : "0";
            snprintf(out, n, "%s", v);
        }
        PQclear(r);
        PQfinish(c);
        return;
    }
    char *path = xasprintf("%s/pace.db", dir);
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        fprintf(stderr, "testdb: cannot open %s\n", path);
        abort();
    }
    free(path);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "testdb: %s: %s\n", sql, sqlite3_errmsg(db));
        abort();
    }
    if (sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        snprintf(out, n, "%s", t ? (const char *)t : "");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static inline long long testdb_int(const char *dir, const char *sql)
{
    char text[64];
    testdb_text(dir, sql, text, sizeof text);
    return strtoll(text, NULL, 10);
}

/* The number of rows of table whose column col holds the bytes of needle
 * (plain text, no quotes) anywhere: what the database keeps at rest. */
static inline long long testdb_rows_holding(const char *dir, const char *table, const char *col,
                                            const char *needle)
{
    char *sql = testdb_pg()
                    ? xasprintf("SELECT count(*) FROM %s WHERE position(convert_to('%s', 'UTF8') "
                                "IN %s::bytea) > 0",
                                table, needle, col)
                    : xasprintf("SELECT count(*) FROM %s WHERE instr(CAST(%s AS BLOB), "
                                "CAST('%s' AS BLOB)) > 0",
                                table, col, needle);
    long long n = testdb_int(dir, sql);
    free(sql);
    return n;
}

/* Makes every op ("INSERT", "UPDATE", "DELETE") on table fail with
 * "refused by test" (a trigger), or lets it through again. */
static inline void testdb_refuse(const char *dir, const char *table, const char *op, bool on)
{
    char *sql;
    if (testdb_pg() && on)
        sql = xasprintf("CREATE FUNCTION refuse_%s_%s() RETURNS trigger LANGUAGE plpgsql AS "
                        "$$BEGIN RAISE EXCEPTION 'refused by test'; END$$;"
                        "CREATE TRIGGER refuse_%s_%s BEFORE %s ON %s FOR EACH ROW "
                        "EXECUTE FUNCTION refuse_%s_%s()",
                        op, table, op, table, op, table, op, table);
    else if (testdb_pg())
        sql = xasprintf("DROP TRIGGER refuse_%s_%s ON %s; DROP FUNCTION refuse_%s_%s()", op, table,
                        table, op, table);
    else if (on)
        sql = xasprintf("CREATE TRIGGER refuse_%s_%s BEFORE %s ON %s "
                        "BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
                        op, table, op, table);
    else
        sql = xasprintf("DROP TRIGGER refuse_%s_%s", op, table);
    char msg[256];
    if (!testdb_try(dir, sql, msg, sizeof msg)) {
        fprintf(stderr, "testdb: %s: %s\n", sql, msg);
        abort();
    }
    free(sql);
}

/* Takes migration 18 back (the counts of sessions and their triggers): the
 * database as an older Pace left it. */
static inline void testdb_drop_practice_counts(const char *dir)
{
    const char *sql = testdb_pg()
                          ? "DROP TRIGGER practice_counts_insert ON practice_sessions; "
                            "DROP TRIGGER practice_counts_move ON practice_sessions; "
                            "DROP FUNCTION practice_counts_follow(); DROP TABLE practice_counts"
                          : "DROP TRIGGER practice_counts_insert; "
                            "DROP TRIGGER practice_counts_delete; "
                            "DROP TRIGGER practice_counts_move; DROP TABLE practice_counts";
    char msg[256];
    if (!testdb_try(dir, sql, msg, sizeof msg)) {
        fprintf(stderr, "testdb: %s: %s\n", sql, msg);
        abort();
    }
}

/* Sets the schema version the database says it has. */
static inline void testdb_set_version(const char *dir, int v)
{
    char *sql = testdb_pg() ? xasprintf("UPDATE schema_version SET version = %d", v)
                            : xasprintf("PRAGMA user_version = %d", v);
    char msg[256];
    if (!testdb_try(dir, sql, msg, sizeof msg)) {
        fprintf(stderr, "testdb: %s: %s\n", sql, msg);
        abort();
    }
    free(sql);
}

#endif
