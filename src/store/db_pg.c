/*
 * db_pg.c - the statement layer (db.h) on PostgreSQL, with libpq: a small
 * pool of connections (one per store call at a time, never shared), each
 * with its own prepared statements; `?` and `?N` rewritten to `$N`;
 * parameters as text, blobs as binary bytea; results as text. A lost
 * connection is made again at the next call that is not inside a
 * transaction, and meanwhile calls fail with PACE_EUNAVAIL.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Error codes sql_step returns on PostgreSQL (SQLite's numbers where one
 * means the same, so sql_is_constraint reads alike). */
enum {
    PGE_ERROR = 1,
    PGE_BUSY = 5,
    PGE_FULL = 13,
    PGE_CONSTRAINT = 19,
    PGE_UNIQUE = 2067,
    PGE_UNAVAIL = 4000,
};

#define PG_POOL_DEFAULT 8
#define PG_STATEMENT_TIMEOUT_MS 30000

struct pg_conn {
    struct pg_pool *pool;
    PGconn *conn;
    unsigned gen;       /* bumped at each connection; statements prepare again */
    unsigned quota_gen; /* the pool's quota_gen its settings are from */
    int64_t day;        /* the pace.day it carries */
    unsigned names;     /* statement names given out */
    struct sql_cache cache;
    int64_t changes;
    bool in_tx;
    char sqlstate[6];
    char msg[256];
};

struct pg_pool {
    struct store *s;
    char *url;
    unsigned quota_gen; /* bumped when the quota limits change */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct pg_conn **all;
    size_t nall, max;
    struct pg_conn **idle;
    size_t nidle;
};

struct pg_stmt {
    struct pg_conn *c;
    char *text; /* with $N */
    int nparams;
    char name[16];
    unsigned gen; /* prepared on this connection generation; 0: not yet */
    char **values;
    int *lengths;
    int *formats;
    unsigned *types; /* of what was bound, for a statement whose types PostgreSQL cannot tell */
    PGresult *res;
    bool ran;
    int row, nrows;
    unsigned char **blobs; /* decoded bytea of the current row, per column */
    size_t *blob_len;
    int ncols;
};

/* The connection the calling thread holds for the store (db_lock). */
static _Thread_local struct pg_conn *pg_current;

static struct pg_conn *cur(struct store *s)
{
    (void)s;
    if (pg_current == NULL) {
        fprintf(stderr, "pace: a PostgreSQL statement outside db_lock\n");
        abort();
    }
    return pg_current;
}

/* Connects (or connects again) and sets the session up. */
static bool conn_connect(struct pg_conn *c)
{
    if (c->conn == NULL) {
        const char *keys[] = {"dbname", "connect_timeout", "application_name", NULL};
        const char *vals[] = {c->pool->url, "5", "pace", NULL};
        c->conn = PQconnectdbParams(keys, vals, 1);
    } else {
        PQreset(c->conn);
    }
    if (c->conn == NULL || PQstatus(c->conn) != CONNECTION_OK)
        return false;
    char sql[160];
    snprintf(sql, sizeof sql,
             "SET statement_timeout = %d; SET client_min_messages = warning; "
             "SET TIME ZONE 'UTC'",
             PG_STATEMENT_TIMEOUT_MS);
    PGresult *r = PQexec(c->conn, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    c->gen++;
    c->in_tx = false;
    c->quota_gen = 0;
    return ok;
}

/* Records a failed result's state on c and classifies it. */
static int conn_error(struct pg_conn *c, const PGresult *r)
{
    const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
    const char *msg = r ? PQresultErrorMessage(r) : NULL;
    if (msg == NULL || *msg == '\0')
        msg = c->conn ? PQerrorMessage(c->conn) : "no connection";
    snprintf(c->sqlstate, sizeof c->sqlstate, "%s", state ? state : "");
    snprintf(c->msg, sizeof c->msg, "%s", msg);
    size_t n = strlen(c->msg);
    while (n > 0 && (c->msg[n - 1] == '\n' || c->msg[n - 1] == ' '))
        c->msg[--n] = '\0';
    if (c->conn == NULL || PQstatus(c->conn) != CONNECTION_OK || state == NULL ||
        strncmp(state, "08", 2) == 0 || strncmp(state, "57P0", 4) == 0)
        return PGE_UNAVAIL;
    if (strcmp(state, "23505") == 0)
        return PGE_UNIQUE;
    if (strncmp(state, "23", 2) == 0)
        return PGE_CONSTRAINT;
    if (strcmp(state, "53100") == 0)
        return PGE_FULL;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
        strcmp(state, "57014") == 0)
        return PGE_BUSY;
    return PGE_ERROR;
}

/* Whether c can run a statement now: connected, or connected again when
 * not inside a transaction (whose work the lost connection took along). */
static int conn_ready(struct pg_conn *c, bool ending_tx)
{
    if (c->conn && PQstatus(c->conn) == CONNECTION_OK)
        return 0;
    if (c->in_tx) {
        if (ending_tx)
            c->in_tx = false;
        return conn_error(c, NULL);
    }
    if (!conn_connect(c))
        return conn_error(c, NULL);
    return 0;
}

static void conn_after(struct pg_conn *c)
{
    PGTransactionStatusType t = PQtransactionStatus(c->conn);
    c->in_tx = t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/* One sentence for why the first connection failed (libpq's own message
 * has several lines; it never holds the password). */
static int connect_fail(const char *msg, struct pace_error *err)
{
    static const struct {
        const char *mark, *sentence;
    } known[] = {
        {"password authentication failed",
         "the database server refused the user name or password in the database URL"},
        {"no password supplied",
         "the database server wants a password, and the database URL gives none"},
        {"authentication failed",
         "the database server refused the user name or password in the database URL"},
        {"does not exist", "the database server has no database or user by the name in the "
                           "database URL"},
        {"Connection refused", "cannot reach the database server in the database URL (is it "
                               "running, and are the host and port right?)"},
        {"could not translate host name", "cannot find the database server's host name in the "
                                          "database URL"},
        {"timeout expired", "the database server in the database URL did not answer in time"},
        {"No route to host", "cannot reach the database server in the database URL"},
        {"No such file or directory", "cannot reach the database server in the database URL "
                                      "(is it running?)"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strstr(msg, known[i].mark))
            return pace_fail(err, PACE_EIO, NULL, "%s", known[i].sentence);
    char line[160];
    snprintf(line, sizeof line, "%s", msg);
    line[strcspn(line, "\n\t")] = '\0';
    return pace_fail(err, PACE_EIO, NULL, "cannot connect to the database: %s", line);
}

int pg_open(struct store *s, const char *url, struct pace_error *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &perr);
    if (opts == NULL) {
        PQfreemem(perr);
        return pace_fail(err, PACE_EINVAL, NULL,
                         "the database URL is not valid (it looks like "
                         "postgres://USER:PASSWORD@HOST:PORT/DATABASE)");
    }
    PQconninfoFree(opts);
    struct pg_pool *p = xcalloc(1, sizeof *p);
    p->url = xstrdup(url);
    p->s = s;
    p->quota_gen = 1;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->max = PG_POOL_DEFAULT;
    const char *env = getenv("PACE_DATABASE_POOL");
    if (env && atoi(env) > 0 && atoi(env) <= 256)
        p->max = (size_t)atoi(env);
    p->all = xcalloc(p->max, sizeof *p->all);
    p->idle = xcalloc(p->max, sizeof *p->idle);
    s->pg = p;
    /* The first connection now, so a wrong address or password is told at
     * start. */
    struct pg_conn *c = xcalloc(1, sizeof *c);
    c->pool = p;
    p->all[p->nall++] = c;
    p->idle[p->nidle++] = c;
    if (conn_connect(c))
        return 0;
    return connect_fail(c->conn ? PQerrorMessage(c->conn) : "out of memory", err);
}

void pg_close(struct store *s)
{
    struct pg_pool *p = s->pg;
    if (p == NULL)
        return;
    for (size_t i = 0; i < p->nall; i++) {
        struct pg_conn *c = p->all[i];
        pg_current = c;
        sql_cache_free(&c->cache);
        pg_current = NULL;
        if (c->conn)
            PQfinish(c->conn);
        free(c);
    }
    free(p->all);
    free(p->idle);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p->url);
    free(p);
    s->pg = NULL;
}

void pg_acquire(struct store *s)
{
    struct pg_pool *p = s->pg;
    pthread_mutex_lock(&p->mu);
    while (p->nidle == 0 && p->nall == p->max)
        pthread_cond_wait(&p->cv, &p->mu);
    struct pg_conn *c;
    if (p->nidle > 0) {
        c = p->idle[--p->nidle];
    } else {
        c = xcalloc(1, sizeof *c);
        c->pool = p;
        p->all[p->nall++] = c;
    }
    pthread_mutex_unlock(&p->mu);
    pg_current = c;
}

void pg_release(struct store *s)
{
    struct pg_pool *p = s->pg;
    struct pg_conn *c = pg_current;
    pg_current = NULL;
    if (c == NULL)
        return;
    pthread_mutex_lock(&p->mu);
    p->idle[p->nidle++] = c;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

struct sql_cache *pg_cache(struct store *s)
{
    return &cur(s)->cache;
}

/* `?` and `?N` outside quotes to `$N` (a bare `?` is one more than the
 * largest number so far, as in SQLite). */
static char *rewrite(const char *sql, int *nparams)
{
    struct buf b = {0};
    int max = 0;
    char quote = 0;
    for (const char *p = sql; *p; p++) {
        if (quote) {
            if (*p == quote)
                quote = 0;
            buf_add(&b, p, 1);
            continue;
        }
        if (*p == '\'' || *p == '"') {
            quote = *p;
            buf_add(&b, p, 1);
            continue;
        }
        if (*p != '?') {
            buf_add(&b, p, 1);
            continue;
        }
        int n;
        if (p[1] >= '0' && p[1] <= '9') {
            n = (int)strtol(p + 1, (char **)&p, 10);
            p--;
        } else {
            n = max + 1;
        }
        if (n > max)
            max = n;
        char num[16];
        int len = snprintf(num, sizeof num, "$%d", n);
        buf_add(&b, num, (size_t)len);
    }
    buf_add(&b, "", 1);
    *nparams = max;
    return buf_detach(&b);
}

void pg_compile(struct sql_stmt *st)
{
    struct pg_conn *c = cur(st->s);
    struct pg_stmt *p = xcalloc(1, sizeof *p);
    p->c = c;
    p->text = rewrite(st->sql, &p->nparams);
    if (st->cached)
        snprintf(p->name, sizeof p->name, "p%u", ++c->names);
    if (p->nparams > 0) {
        p->values = xcalloc((size_t)p->nparams, sizeof *p->values);
        p->lengths = xcalloc((size_t)p->nparams, sizeof *p->lengths);
        p->formats = xcalloc((size_t)p->nparams, sizeof *p->formats);
        p->types = xcalloc((size_t)p->nparams, sizeof *p->types);
    }
    st->pg = p;
}

static void clear_row(struct pg_stmt *p)
{
    for (int i = 0; i < p->ncols; i++) {
        PQfreemem(p->blobs[i]);
        p->blobs[i] = NULL;
    }
}

void pg_reset(struct sql_stmt *st)
{
    struct pg_stmt *p = st->pg;
    clear_row(p);
    free(p->blobs);
    free(p->blob_len);
    p->blobs = NULL;
    p->blob_len = NULL;
    p->ncols = 0;
    PQclear(p->res);
    p->res = NULL;
    p->ran = false;
    p->row = p->nrows = 0;
    for (int i = 0; i < p->nparams; i++) {
        free(p->values[i]);
        p->values[i] = NULL;
        p->lengths[i] = p->formats[i] = 0;
        p->types[i] = PG_NULL;
    }
}

void pg_free(struct sql_stmt *st)
{
    struct pg_stmt *p = st->pg;
    if (p == NULL)
        return;
    pg_reset(st);
    free(p->values);
    free(p->lengths);
    free(p->formats);
    free(p->types);
    free(p->text);
    free(p);
    st->pg = NULL;
}

bool pg_active(struct sql_stmt *st)
{
    return st->pg && st->pg->ran;
}

void pg_bind(struct sql_stmt *st, int i, const char *value, size_t len, unsigned type)
{
    struct pg_stmt *p = st->pg;
    if (i < 1 || i > p->nparams) {
        fprintf(stderr, "pace: binding %d of %d: %s\n", i, p->nparams, st->sql);
        abort();
    }
    free(p->values[i - 1]);
    p->values[i - 1] = NULL;
    if (value) {
        p->values[i - 1] = xmalloc(len + 1);
        memcpy(p->values[i - 1], value, len);
        p->values[i - 1][len] = '\0';
    }
    p->lengths[i - 1] = (int)len;
    p->formats[i - 1] = type == PG_BYTEA ? 1 : 0;
    p->types[i - 1] = type;
}

/* Stops the program on SQL PostgreSQL cannot compile: a programming
 * error, as SQLite's prepare does. */
static void bad_sql(struct sql_stmt *st, const PGresult *r)
{
    const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    if (state && strncmp(state, "42", 2) == 0) {
        fprintf(stderr, "pace: bad SQL (%s): %s\n", PQresultErrorMessage(r), st->pg->text);
        abort();
    }
}

void pg_quota_changed(struct store *s)
{
    pthread_mutex_lock(&s->pg->mu);
    s->pg->quota_gen++;
    pthread_mutex_unlock(&s->pg->mu);
}

/* Outside a transaction: brings the connection's quota settings (limits
 * and today) up to date for the triggers (sqlite_quota.c). */
static int quota_settings(struct pg_conn *c)
{
    struct store *s = c->pool->s;
    bool on = s->quota_records > 0 || s->quota_bytes > 0;
    int64_t day = on && s->clock ? s->clock() / 86400 : 0;
    pthread_mutex_lock(&c->pool->mu);
    unsigned gen = c->pool->quota_gen;
    pthread_mutex_unlock(&c->pool->mu);
    if (c->in_tx || (c->quota_gen == gen && c->day == day))
        return 0;
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT set_config('pace.quota_records', '%lld', false), "
             "set_config('pace.quota_bytes', '%lld', false), set_config('pace.day', '%lld', false)",
             (long long)s->quota_records, (long long)s->quota_bytes, (long long)day);
    PGresult *r = PQexec(c->conn, sql);
    int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : conn_error(c, r);
    PQclear(r);
    if (rc == 0) {
        c->quota_gen = gen;
        c->day = day;
    }
    return rc;
}

int pg_step(struct sql_stmt *st)
{
    struct pg_stmt *p = st->pg;
    struct pg_conn *c = p->c;
    if (p->ran) {
        clear_row(p);
        return ++p->row < p->nrows ? SQL_ROW : SQL_DONE;
    }
    bool ending = strcmp(st->sql, "ROLLBACK") == 0 || strcmp(st->sql, "COMMIT") == 0;
    int rc = conn_ready(c, ending);
    if (rc == 0)
        rc = quota_settings(c);
    if (rc != 0)
        return rc;
    if (p->gen != c->gen || !st->cached) {
        PGresult *r = PQprepare(c->conn, p->name, p->text, p->nparams, NULL);
        const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
        if (PQresultStatus(r) != PGRES_COMMAND_OK && state && strcmp(state, "42P18") == 0) {
            /* A parameter whose type the SQL does not tell (one not used
             * at all, or only in "? IS NULL"): the types of what is bound
             * now, text for NULL. */
            PQclear(r);
            Oid *types = xcalloc((size_t)p->nparams, sizeof *types);
            for (int i = 0; i < p->nparams; i++)
                types[i] = p->types[i] == PG_NULL ? PG_TEXT : p->types[i];
            r = PQprepare(c->conn, p->name, p->text, p->nparams, types);
            free(types);
        }
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            bad_sql(st, r);
            rc = conn_error(c, r);
            PQclear(r);
            conn_after(c);
            return rc;
        }
        PQclear(r);
        p->gen = c->gen;
    }
    p->res = PQexecPrepared(c->conn, p->name, p->nparams, (const char *const *)p->values,
                            p->lengths, p->formats, 0);
    p->ran = true;
    ExecStatusType t = PQresultStatus(p->res);
    conn_after(c);
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
        const char *n = PQcmdTuples(p->res);
        c->changes = n && *n ? strtoll(n, NULL, 10) : 0;
        p->nrows = t == PGRES_TUPLES_OK ? PQntuples(p->res) : 0;
        p->ncols = PQnfields(p->res);
        if (p->ncols > 0) {
            p->blobs = xcalloc((size_t)p->ncols, sizeof *p->blobs);
            p->blob_len = xcalloc((size_t)p->ncols, sizeof *p->blob_len);
        }
        p->row = 0;
        return p->nrows > 0 ? SQL_ROW : SQL_DONE;
    }
    rc = conn_error(c, p->res);
    PQclear(p->res);
    p->res = NULL;
    return rc;
}

const char *pg_value(struct sql_stmt *st, int c, size_t *len)
{
    struct pg_stmt *p = st->pg;
    if (p->res == NULL || p->row >= p->nrows || c < 0 || c >= p->ncols ||
        PQgetisnull(p->res, p->row, c)) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = (size_t)PQgetlength(p->res, p->row, c);
    return PQgetvalue(p->res, p->row, c);
}

#define BYTEA_OID 17

const void *pg_blob(struct sql_stmt *st, int c, size_t *len)
{
    struct pg_stmt *p = st->pg;
    const char *v = pg_value(st, c, len);
    if (v == NULL || PQftype(p->res, c) != BYTEA_OID)
        return v;
    if (p->blobs[c] == NULL)
        p->blobs[c] = PQunescapeBytea((const unsigned char *)v, &p->blob_len[c]);
    *len = p->blob_len[c];
    return p->blobs[c];
}

enum sql_kind pg_kind(struct sql_stmt *st, int c)
{
    struct pg_stmt *p = st->pg;
    if (pg_value(st, c, NULL) == NULL)
        return SQL_KIND_NULL;
    switch (PQftype(p->res, c)) {
    case 16: /* bool */
    case 20: /* int8 */
    case 21: /* int2 */
    case 23: /* int4 */
        return SQL_KIND_INT;
    case 700:  /* float4 */
    case 701:  /* float8 */
    case 1700: /* numeric */
        return SQL_KIND_FLOAT;
    case BYTEA_OID:
        return SQL_KIND_BLOB;
    default:
        return SQL_KIND_TEXT;
    }
}

int pg_ncols(struct sql_stmt *st)
{
    return st->pg->res ? PQnfields(st->pg->res) : 0;
}

const char *pg_col_name(struct sql_stmt *st, int c)
{
    return st->pg->res ? PQfname(st->pg->res, c) : "";
}

int64_t pg_changes(struct store *s)
{
    return cur(s)->changes;
}

bool pg_is_constraint(struct store *s, int rc, bool unique_only)
{
    (void)s;
    return rc == PGE_UNIQUE || (!unique_only && rc == PGE_CONSTRAINT);
}

const char *pg_errmsg(struct store *s)
{
    return pg_current ? cur(s)->msg : "";
}

bool pg_in_transaction(struct store *s)
{
    return cur(s)->in_tx;
}

int pg_exec(struct store *s, const char *sql, struct pace_error *err)
{
    struct pg_conn *c = cur(s);
    int rc = conn_ready(c, false);
    if (rc != 0)
        return db_fail(s, rc, err);
    PGresult *r = PQexec(c->conn, sql);
    ExecStatusType t = PQresultStatus(r);
    if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
        rc = conn_error(c, r);
    PQclear(r);
    conn_after(c);
    return rc == 0 ? 0 : db_fail(s, rc, err);
}

int pg_fail(struct store *s, int rc, struct pace_error *err)
{
    struct pg_conn *c = pg_current;
    if (rc == PGE_CONSTRAINT) {
        int q = db_quota_fail(s, err);
        if (q != 0)
            return q;
    }
    switch (rc) {
    case PGE_UNAVAIL:
        return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                         _("The database cannot be reached just now. Nothing was changed; "
                           "please try again in a moment."));
    case PGE_FULL:
        return pace_fail(err, PACE_EFULL, NULL,
                         "The server's disk is full, so nothing was saved. Please tell whoever "
                         "runs this server.");
    case PGE_CONSTRAINT:
    case PGE_UNIQUE:
        return pace_fail(err, PACE_ECONFLICT, NULL, "This conflicts with something already saved.");
    case PGE_BUSY:
        return pace_fail(err, PACE_EIO, NULL, "The database is busy. Please try again.");
    default:
        return pace_fail(err, PACE_EIO, NULL, "The database reported an error (%s).",
                         c && c->sqlstate[0] ? c->sqlstate : "unknown");
    }
}
