/*
 * copy.c - a whole deployment from one store into another (pace db copy):
 * SQLite into PostgreSQL or back. Every table of the source, parents before
 * the tables that refer to them, row by row into an empty target inside one
 * transaction, which commits only when each table's count and checksum
 * read back from the target match the source's. A table that refers to
 * itself (a comment to its post) is read in the order of its id, so a
 * parent always arrives before the rows that point at it. A table the
 * target's triggers fill (the counts of sessions) is not copied; it is
 * checked like the others once the rows it counts have arrived.
 */
#include "sqlite_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct names {
    char **v;
    size_t n;
};

static void names_free(struct names *ns)
{
    for (size_t i = 0; i < ns->n; i++)
        free(ns->v[i]);
    free(ns->v);
    *ns = (struct names){0};
}

/* Tables the migrations fill (the community's first spaces): a new target
 * holds their rows already, and the copy puts the source's in their place. */
static const char *const seeded_tables[] = {"community_spaces"};

static bool in_list(const char *table, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], table) == 0)
            return true;
    return false;
}

#define is_seeded(t) in_list((t), seeded_tables, sizeof seeded_tables / sizeof seeded_tables[0])

/* Tables the target's own triggers fill as the rows they count arrive
 * (practice_counts follows practice_sessions): read for the check, not
 * copied. */
static const char *const derived_tables[] = {"practice_counts"};

#define is_derived(t) in_list((t), derived_tables, sizeof derived_tables / sizeof derived_tables[0])

static bool names_has(const struct names *ns, const char *name)
{
    for (size_t i = 0; i < ns->n; i++)
        if (strcmp(ns->v[i], name) == 0)
            return true;
    return false;
}

/* Runs a query of one text column (one bound text when arg is set) and
 * appends each value to out. */
static int query_names(struct store *s, const char *sql, const char *arg, struct names *out,
                       struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, sql);
    if (arg)
        sql_bind_text(st, 1, arg);
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        out->v = xrealloc(out->v, (out->n + 1) * sizeof *out->v);
        out->v[out->n++] = xstrdup(sql_col_text(st, 0) ? sql_col_text(st, 0) : "");
    }
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

/* The store's tables, without the schema's own bookkeeping. */
static int table_names(struct store *s, struct names *out, struct pace_error *err)
{
    return query_names(s,
                       s->engine == DB_POSTGRES
                           ? "SELECT tablename FROM pg_tables WHERE schemaname = "
                             "current_schema() AND tablename <> 'schema_version' ORDER BY 1"
                           : "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
                             "NOT LIKE 'sqlite_%' ORDER BY 1",
                       NULL, out, err);
}

/* The tables table refers to with a foreign key. */
static int parent_names(struct store *s, const char *table, struct names *out,
                        struct pace_error *err)
{
    return query_names(s,
                       s->engine == DB_POSTGRES
                           ? "SELECT DISTINCT p.relname FROM pg_constraint c "
                             "JOIN pg_class t ON t.oid = c.conrelid "
                             "JOIN pg_class p ON p.oid = c.confrelid "
                             "WHERE c.contype = 'f' AND t.relname = ? "
                             "AND t.relnamespace = current_schema()::regnamespace"
                           : "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)",
                       table, out, err);
}

/* tables ordered so that each comes after those it refers to. */
static int order_tables(struct store *s, struct names *tables, struct pace_error *err)
{
    struct names ordered = {0};
    int rc = 0;
    while (rc == 0 && ordered.n < tables->n) {
        size_t before = ordered.n;
        for (size_t i = 0; rc == 0 && i < tables->n; i++) {
            if (names_has(&ordered, tables->v[i]))
                continue;
            struct names parents = {0};
            rc = parent_names(s, tables->v[i], &parents, err);
            bool ready = true;
            for (size_t j = 0; rc == 0 && j < parents.n; j++)
                if (strcmp(parents.v[j], tables->v[i]) != 0 && !names_has(&ordered, parents.v[j]))
                    ready = false;
            names_free(&parents);
            if (rc == 0 && ready) {
                ordered.v = xrealloc(ordered.v, (ordered.n + 1) * sizeof *ordered.v);
                ordered.v[ordered.n++] = xstrdup(tables->v[i]);
            }
        }
        if (rc == 0 && ordered.n == before)
            rc = pace_fail(err, PACE_EIO, NULL, "the tables refer to each other in a circle");
    }
    if (rc == 0) {
        names_free(tables);
        *tables = ordered;
    } else {
        names_free(&ordered);
    }
    return rc;
}

/* Adds the current row to a table's checksum: each value in a form both
 * engines give alike (a whole number as one, whatever its column's type). */
static void row_sum(struct sql_stmt *st, int ncols, uint64_t *sum)
{
    struct buf b = {0};
    for (int c = 0; c < ncols; c++) {
        char num[48];
        enum sql_kind k = sql_col_kind(st, c);
        if (k == SQL_KIND_FLOAT) {
            double d = sql_col_double(st, c);
            if (d == (double)(int64_t)d)
                k = SQL_KIND_INT;
        }
        switch (k) {
        case SQL_KIND_NULL:
            buf_add(&b, "N", 1);
            break;
        case SQL_KIND_INT:
            snprintf(num, sizeof num, "I%lld;",
                     (long long)(sql_col_kind(st, c) == SQL_KIND_INT
                                     ? sql_col_int64(st, c)
                                     : (int64_t)sql_col_double(st, c)));
            buf_add(&b, num, strlen(num));
            break;
        case SQL_KIND_FLOAT:
            snprintf(num, sizeof num, "F%.17g;", sql_col_double(st, c));
            buf_add(&b, num, strlen(num));
            break;
        case SQL_KIND_TEXT:
        case SQL_KIND_BLOB: {
            const void *p =
                k == SQL_KIND_TEXT ? (const void *)sql_col_text(st, c) : sql_col_blob(st, c);
            size_t n = sql_col_bytes(st, c);
            snprintf(num, sizeof num, "%c%zu:", k == SQL_KIND_TEXT ? 'T' : 'B', n);
            buf_add(&b, num, strlen(num));
            buf_add(&b, p, n);
            break;
        }
        }
    }
    unsigned char h[CRYPTO_HASH_BYTES];
    crypto_digest(b.data ? b.data : "", b.len, h);
    uint64_t v = 0;
    memcpy(&v, h, sizeof v);
    *sum += v; /* order does not matter: the engines sort text differently */
    buf_free(&b);
}

/* Binds column c of the source's row as parameter i of the insert. */
static void bind_from(struct sql_stmt *ins, int i, struct sql_stmt *st, int c)
{
    switch (sql_col_kind(st, c)) {
    case SQL_KIND_NULL:
        sql_bind_null(ins, i);
        break;
    case SQL_KIND_INT:
        sql_bind_int64(ins, i, sql_col_int64(st, c));
        break;
    case SQL_KIND_FLOAT:
        sql_bind_double(ins, i, sql_col_double(st, c));
        break;
    case SQL_KIND_TEXT:
        sql_bind_text(ins, i, sql_col_text(st, c));
        break;
    case SQL_KIND_BLOB: {
        const void *p = sql_col_blob(st, c);
        sql_bind_blob(ins, i, p, sql_col_bytes(st, c));
        break;
    }
    }
}

/* Reads a whole table for its count and checksum. */
static int table_sum(struct store *s, const char *table, int64_t *rows, uint64_t *sum,
                     struct pace_error *err)
{
    char *sql = xasprintf("SELECT * FROM %s", table);
    struct sql_stmt *st = sql_prepare(s, sql);
    free(sql);
    *rows = 0;
    *sum = 0;
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        row_sum(st, sql_col_count(st), sum);
        (*rows)++;
    }
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

/* Whether table has a foreign key to itself. */
static int refers_to_itself(struct store *s, const char *table, bool *self, struct pace_error *err)
{
    struct names parents = {0};
    int rc = parent_names(s, table, &parents, err);
    *self = rc == 0 && names_has(&parents, table);
    names_free(&parents);
    return rc;
}

/* Copies one table; its source count and checksum in t. meta keeps the
 * target's own key check. */
static int copy_table(struct store *from, struct store *to, struct store_copy_table *t,
                      struct pace_error *err)
{
    if (is_derived(t->name))
        return table_sum(from, t->name, &t->rows, &t->sum, err);
    bool meta = strcmp(t->name, "meta") == 0, self = false;
    int rc = refers_to_itself(from, t->name, &self, err);
    if (rc != 0)
        return rc;
    char *sql = xasprintf("SELECT * FROM %s%s%s", t->name, meta ? " WHERE name <> 'key_check'" : "",
                          self ? " ORDER BY id" : "");
    struct sql_stmt *st = sql_prepare(from, sql);
    free(sql);
    struct sql_stmt *ins = NULL;
    int ret = 0;
    while (ret == 0 && (rc = sql_step(st)) == SQL_ROW) {
        int ncols = sql_col_count(st);
        if (ins == NULL) {
            struct buf q = {0};
            buf_printf(&q, "INSERT INTO %s (", t->name);
            for (int c = 0; c < ncols; c++)
                buf_printf(&q, "%s%s", c ? ", " : "", sql_col_name(st, c));
            buf_puts(&q, ") VALUES (");
            for (int c = 0; c < ncols; c++)
                buf_puts(&q, c ? ", ?" : "?");
            buf_puts(&q, ")");
            buf_add(&q, "", 1);
            ins = sql_prepare(to, q.data);
            buf_free(&q);
        }
        for (int c = 0; c < ncols; c++)
            bind_from(ins, c + 1, st, c);
        row_sum(st, ncols, &t->sum);
        t->rows++;
        int r = sql_step(ins);
        sql_reset(ins);
        if (r != SQL_DONE)
            ret = db_fail(to, r, err);
    }
    if (ret == 0 && rc != SQL_DONE)
        ret = db_fail(from, rc, err);
    sql_done(st);
    sql_done(ins);
    return ret;
}

/* PostgreSQL: the generated keys carry on after the copied ones. */
static int identities_follow(struct store *to, const char *table, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(to, "SELECT count(*) FROM information_schema.columns "
                                          "WHERE table_schema = current_schema() AND "
                                          "table_name = ? AND column_name = 'id' AND "
                                          "is_identity = 'YES'");
    sql_bind_text(st, 1, table);
    int rc = sql_step(st);
    bool identity = rc == SQL_ROW && sql_col_int64(st, 0) > 0;
    sql_done(st);
    if (rc != SQL_ROW)
        return db_fail(to, rc, err);
    if (!identity)
        return 0;
    char *sql = xasprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), "
                          "coalesce((SELECT max(id) FROM %s), 0) + 1, false)",
                          table, table);
    rc = db_exec(to, sql, err);
    free(sql);
    return rc;
}

/* 0 when every table of to is empty (its key check and the rows the
 * migrations wrote aside). */
static int target_empty(struct store *to, const struct names *tables, struct pace_error *err)
{
    for (size_t i = 0; i < tables->n; i++) {
        if (is_seeded(tables->v[i]))
            continue;
        char *sql =
            xasprintf("SELECT count(*) FROM %s%s", tables->v[i],
                      strcmp(tables->v[i], "meta") == 0 ? " WHERE name <> 'key_check'" : "");
        struct sql_stmt *st = sql_prepare(to, sql);
        free(sql);
        int rc = sql_step(st);
        int64_t n = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
        sql_done(st);
        if (rc != SQL_ROW)
            return db_fail(to, rc, err);
        if (n > 0)
            return pace_fail(err, PACE_ECONFLICT, NULL,
                             "the target database is not empty (%lld rows in %s): copy only "
                             "into a new, empty one",
                             (long long)n, tables->v[i]);
    }
    return 0;
}

static int copy_locked(struct store *from, struct store *to, struct store_copy_table **out,
                       size_t *nout, struct pace_error *err)
{
    struct names tables = {0}, target = {0};
    int rc = table_names(from, &tables, err);
    if (rc == 0)
        rc = table_names(to, &target, err);
    for (size_t i = 0; rc == 0 && i < tables.n; i++)
        if (!names_has(&target, tables.v[i]))
            rc = pace_fail(err, PACE_EIO, NULL, "the target database has no table %s", tables.v[i]);
    if (rc == 0)
        rc = order_tables(from, &tables, err);
    if (rc == 0)
        rc = target_empty(to, &target, err);
    struct store_copy_table *t = xcalloc(tables.n ? tables.n : 1, sizeof *t);
    if (rc == 0)
        rc = db_begin(to, err);
    /* Nothing refers to the seeded rows yet (the target is empty). */
    for (size_t i = 0; rc == 0 && i < tables.n; i++) {
        if (is_seeded(tables.v[i])) {
            char *sql = xasprintf("DELETE FROM %s", tables.v[i]);
            rc = db_exec(to, sql, err);
            free(sql);
        }
    }
    for (size_t i = 0; rc == 0 && i < tables.n; i++) {
        snprintf(t[i].name, sizeof t[i].name, "%s", tables.v[i]);
        rc = copy_table(from, to, &t[i], err);
        if (rc == 0 && to->engine == DB_POSTGRES)
            rc = identities_follow(to, t[i].name, err);
    }
    /* Read back inside the transaction: nothing is kept unless all match. */
    for (size_t i = 0; rc == 0 && i < tables.n; i++) {
        if (strcmp(t[i].name, "meta") == 0)
            continue; /* the key check is each database's own */
        int64_t rows = 0;
        uint64_t sum = 0;
        rc = table_sum(to, t[i].name, &rows, &sum, err);
        if (rc == 0 && (rows != t[i].rows || sum != t[i].sum))
            rc = pace_fail(err, PACE_EIO, NULL,
                           "table %s did not arrive whole (%lld rows of %lld, checksum %s), so "
                           "nothing was copied",
                           t[i].name, (long long)rows, (long long)t[i].rows,
                           sum == t[i].sum ? "equal" : "different");
    }
    if (rc == 0)
        rc = db_commit(to, err);
    else
        db_rollback(to);
    if (rc == 0) {
        *out = t;
        *nout = tables.n;
    } else {
        free(t);
    }
    names_free(&tables);
    names_free(&target);
    return rc;
}

int store_copy(struct store *from, struct store *to, struct store_copy_table **tables, size_t *n,
               struct pace_error *err)
{
    *tables = NULL;
    *n = 0;
    if (from->engine == DB_POSTGRES && to->engine == DB_POSTGRES)
        return pace_fail(err, PACE_EINVAL, NULL,
                         "copy between two PostgreSQL databases with pg_dump and pg_restore");
    if (!crypto_equal(store_key(from)->k, store_key(to)->k, CRYPTO_KEY_BYTES))
        return pace_fail(err, PACE_ECRYPTO, NULL,
                         "the two databases use different key files: the target must use the "
                         "source's key");
    db_lock(from);
    db_lock(to);
    int rc = copy_locked(from, to, tables, n, err);
    db_unlock(to);
    db_unlock(from);
    return rc;
}

int store_table_sums(struct store *s, struct store_copy_table **tables, size_t *n,
                     struct pace_error *err)
{
    *tables = NULL;
    *n = 0;
    struct names names = {0};
    db_lock(s);
    int rc = table_names(s, &names, err);
    struct store_copy_table *t = xcalloc(names.n ? names.n : 1, sizeof *t);
    for (size_t i = 0; rc == 0 && i < names.n; i++) {
        snprintf(t[i].name, sizeof t[i].name, "%s", names.v[i]);
        if (strcmp(t[i].name, "meta") != 0)
            rc = table_sum(s, t[i].name, &t[i].rows, &t[i].sum, err);
    }
    db_unlock(s);
    if (rc == 0) {
        *tables = t;
        *n = names.n;
    } else {
        free(t);
    }
    names_free(&names);
    return rc;
}
