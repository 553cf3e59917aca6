/*
 * db.c - the statement layer (db.h): the statement cache, and each call
 * handed to the engine the store runs on (SQLite in db_sqlite.c, and
 * PostgreSQL in db_pg.c).
 */
#include "sqlite_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t sql_hash(const char *sql)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)sql; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h;
}

static struct sql_stmt *stmt_new(struct store *s, const char *sql, uint64_t h, bool cached)
{
    struct sql_stmt *st = xcalloc(1, sizeof *st);
    st->s = s;
    st->sql = xstrdup(sql);
    st->hash = h;
    st->cached = cached;
    if (s->engine == DB_POSTGRES)
        pg_compile(st);
    else
        lite_compile(st);
    return st;
}

static void stmt_free(struct sql_stmt *st)
{
    if (st->s->engine == DB_POSTGRES)
        pg_free(st);
    else
        lite_free(st);
    free(st->sql);
    free(st);
}

static struct sql_cache *cache_of(struct store *s)
{
    return s->engine == DB_POSTGRES ? pg_cache(s) : lite_cache(s);
}

struct sql_stmt *sql_prepare(struct store *s, const char *sql)
{
    struct sql_cache *cache = cache_of(s);
    /* Most statements are string constants, passed at the same address each
     * time: found by the address they were last found at (and still
     * compared, since a built one may reuse an address), without hashing. */
    for (size_t i = 0; i < cache->n; i++) {
        struct sql_stmt *c = cache->v[i];
        if (cache->seen[i] == sql && !c->in_use && strcmp(c->sql, sql) == 0) {
            c->in_use = true;
            return c;
        }
    }
    uint64_t h = sql_hash(sql);
    for (size_t i = 0; i < cache->n; i++) {
        if (cache->hashes[i] != h)
            continue;
        struct sql_stmt *c = cache->v[i];
        if (strcmp(c->sql, sql) == 0) {
            if (c->in_use) {
                struct sql_stmt *st = stmt_new(s, sql, h, false); /* nested use */
                st->in_use = true;
                return st;
            }
            c->in_use = true;
            cache->seen[i] = sql;
            return c;
        }
    }
    struct sql_stmt *st = stmt_new(s, sql, h, true);
    if (cache->n == cache->cap) {
        cache->cap = cache->cap ? 2 * cache->cap : 64;
        cache->v = xrealloc(cache->v, cache->cap * sizeof *cache->v);
        cache->hashes = xrealloc(cache->hashes, cache->cap * sizeof *cache->hashes);
        cache->seen = xrealloc(cache->seen, cache->cap * sizeof *cache->seen);
    }
    cache->seen[cache->n] = sql;
    cache->hashes[cache->n] = h;
    cache->v[cache->n++] = st;
    st->in_use = true;
    return st;
}

int sql_done(struct sql_stmt *st)
{
    if (st == NULL)
        return 0;
    int rc = 0;
    if (st->lite)
        rc = lite_reset(st);
    else
        pg_reset(st);
    st->in_use = false;
    if (!st->cached)
        stmt_free(st);
    return rc;
}

void sql_reset(struct sql_stmt *st)
{
    if (st->lite)
        lite_reset(st);
    else
        pg_reset(st);
}

/* Whether a statement from the cache is still running (stepped, not
 * done). */
static bool stmt_active(struct sql_stmt *st)
{
    return st->lite ? lite_active(st) : pg_active(st);
}

void sql_stmts_check(struct store *s, bool strict)
{
    struct sql_cache *cache = cache_of(s);
    for (size_t i = 0; i < cache->n; i++) {
        struct sql_stmt *st = cache->v[i];
        if (st->in_use && stmt_active(st) && strict) {
            fprintf(stderr, "pace: statement left running: %s\n", st->sql);
            abort();
        }
        if (st->in_use)
            sql_reset(st);
        st->in_use = false;
    }
}

void sql_cache_free(struct sql_cache *c)
{
    for (size_t i = 0; i < c->n; i++)
        stmt_free(c->v[i]);
    free(c->v);
    free(c->hashes);
    free(c->seen);
    *c = (struct sql_cache){0};
}

void sql_bind_int64(struct sql_stmt *st, int i, int64_t v)
{
    if (st->lite) {
        lite_bind_int64(st, i, v);
        return;
    }
    char b[24];
    int n = snprintf(b, sizeof b, "%lld", (long long)v);
    pg_bind(st, i, b, (size_t)n, PG_INT8);
}

void sql_bind_int(struct sql_stmt *st, int i, int v)
{
    sql_bind_int64(st, i, v);
}

void sql_bind_double(struct sql_stmt *st, int i, double v)
{
    if (st->lite) {
        lite_bind_double(st, i, v);
        return;
    }
    char b[40];
    int n = snprintf(b, sizeof b, "%.17g", v);
    pg_bind(st, i, b, (size_t)n, PG_FLOAT8);
}

void sql_bind_text(struct sql_stmt *st, int i, const char *text)
{
    if (st->lite) {
        lite_bind_text(st, i, text);
        return;
    }
    pg_bind(st, i, text, text ? strlen(text) : 0, text ? PG_TEXT : PG_NULL);
}

void sql_bind_blob(struct sql_stmt *st, int i, const void *data, size_t len)
{
    if (st->lite) {
        lite_bind_blob(st, i, data, len);
        return;
    }
    pg_bind(st, i, data ? data : "", len, PG_BYTEA);
}

void sql_bind_null(struct sql_stmt *st, int i)
{
    if (st->lite)
        lite_bind_null(st, i);
    else
        pg_bind(st, i, NULL, 0, PG_NULL);
}

int sql_step(struct sql_stmt *st)
{
    return st->lite ? lite_step(st) : pg_step(st);
}

int sql_step_id(struct sql_stmt *st, int64_t *id)
{
    int rc = sql_step(st);
    if (rc != SQL_ROW)
        return rc == SQL_DONE ? -1 : rc;
    *id = sql_col_int64(st, 0);
    while ((rc = sql_step(st)) == SQL_ROW)
        ;
    return rc;
}

int64_t sql_col_int64(struct sql_stmt *st, int c)
{
    if (st->lite)
        return lite_col_int64(st, c);
    const char *v = pg_value(st, c, NULL);
    if (v == NULL)
        return 0;
    if (v[0] == 't' || v[0] == 'f') /* a boolean */
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

int sql_col_int(struct sql_stmt *st, int c)
{
    return (int)sql_col_int64(st, c);
}

double sql_col_double(struct sql_stmt *st, int c)
{
    if (st->lite)
        return lite_col_double(st, c);
    const char *v = pg_value(st, c, NULL);
    return v ? strtod(v, NULL) : 0;
}

const char *sql_col_text(struct sql_stmt *st, int c)
{
    if (st->lite)
        return lite_col_text(st, c);
    return pg_value(st, c, NULL);
}

const void *sql_col_blob(struct sql_stmt *st, int c)
{
    if (st->lite)
        return lite_col_blob(st, c);
    size_t n;
    return pg_blob(st, c, &n);
}

size_t sql_col_bytes(struct sql_stmt *st, int c)
{
    if (st->lite)
        return lite_col_bytes(st, c);
    size_t n = 0;
    pg_blob(st, c, &n);
    return n;
}

bool sql_col_null(struct sql_stmt *st, int c)
{
    if (st->lite)
        return lite_kind(st, c) == SQL_KIND_NULL;
    return pg_value(st, c, NULL) == NULL;
}

enum sql_kind sql_col_kind(struct sql_stmt *st, int c)
{
    return st->lite ? lite_kind(st, c) : pg_kind(st, c);
}

int sql_col_count(struct sql_stmt *st)
{
    return st->lite ? lite_ncols(st) : pg_ncols(st);
}

const char *sql_col_name(struct sql_stmt *st, int c)
{
    return st->lite ? lite_col_name(st, c) : pg_col_name(st, c);
}

void sql_col_copy(char *dst, size_t n, struct sql_stmt *st, int c)
{
    if (n == 0)
        return;
    const char *t = sql_col_text(st, c);
    size_t len = t ? strlen(t) : 0;
    if (len >= n)
        len = n - 1; /* cut as snprintf would */
    if (len)
        memcpy(dst, t, len);
    dst[len] = '\0';
}

int64_t sql_changes(struct store *s)
{
    return s->engine == DB_POSTGRES ? pg_changes(s) : lite_changes(s);
}

bool sql_is_constraint(struct store *s, int rc)
{
    if (s->engine == DB_POSTGRES)
        return pg_is_constraint(s, rc, false);
    return lite_is_constraint(s, rc, false);
}

bool sql_is_unique(struct store *s, int rc)
{
    if (s->engine == DB_POSTGRES)
        return pg_is_constraint(s, rc, true);
    return lite_is_constraint(s, rc, true);
}

const char *sql_errmsg(struct store *s)
{
    if (s->engine == DB_POSTGRES)
        return pg_errmsg(s);
    return lite_errmsg(s);
}

int db_fail(struct store *s, int rc, struct pace_error *err)
{
    if (s && s->engine == DB_POSTGRES)
        return pg_fail(s, rc, err);
    return lite_fail(s, rc, err);
}

void sql_bind_sealed(struct store *s, struct sql_stmt *st, int i, const char *ad, const char *text)
{
    if (text == NULL || *text == '\0') {
        sql_bind_null(st, i);
        return;
    }
    struct buf b = {0};
    crypto_seal(&s->key, ad, text, strlen(text), &b);
    sql_bind_blob(st, i, b.data, b.len);
    buf_free(&b);
}

int sql_col_opened(struct store *s, struct sql_stmt *st, int c, const char *ad, char **out,
                   struct pace_error *err)
{
    *out = NULL;
    if (sql_col_null(st, c)) {
        *out = xstrdup("");
        return 0;
    }
    struct buf b = {0};
    const void *data = sql_col_blob(st, c);
    int rc = crypto_open(&s->key, ad, data, sql_col_bytes(st, c), &b, err);
    if (rc != 0) {
        buf_free(&b);
        return rc;
    }
    *out = buf_detach(&b);
    return 0;
}
