/*
 * test_store_readers.c - reads beside the writer, and writes that share a
 * commit. Calls that only read run on SQLite on a pool of read-only
 * connections (WAL), on PostgreSQL on a connection of their own: a read
 * neither waits for a write in progress nor sees it before it commits, and
 * sees it at once after; a reader refuses to write; PACE_DB_READERS=0 puts
 * every call back on the writer; readers and a writer side by side lose
 * nothing. New sessions logged at the same moment share one commit (group
 * commit): eight queued behind a busy writer are one transaction, one of
 * them failing alone; an idempotency key replayed inside a batch is a
 * replay. A request's reads share one snapshot: a commit made meanwhile
 * by another request is not seen until the next one, her own write in the
 * request is, and the reader goes back to the pool when the request ends.
 *
 * A write "in progress" is held open by a thread of the test until the
 * reading thread has its answer; a guard of 60 s ends the wait if the read
 * blocks (then the test fails, it does not hang). "now" is passed in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"
#include "store/crypto.h"
#include "store/sqlite_priv.h"
#include "store/store.h"
#include "store/store_community.h"
#include "testdb.h"
#include "tmpdir.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOW INT64_C(1795547100) /* 2026-11-24 19:05 UTC */

struct fixture {
    char *dir;
    struct store *s;
    int64_t alice;
};

static int open_fixture(struct fixture *f)
{
    struct pace_error err = {0};
    if (testdb_open(f->dir, &f->s, &err) != 0) {
        fprintf(stderr, "store_open: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* Reopens the store with n read-only connections (PACE_DB_READERS). */
static int reopen_with_readers(struct fixture *f, const char *n)
{
    store_close(f->s);
    setenv("PACE_DB_READERS", n, 1);
    int rc = open_fixture(f);
    unsetenv("PACE_DB_READERS");
    return rc;
}

static int setup(void **state)
{
    struct fixture *f = xcalloc(1, sizeof *f);
    f->dir = tmpdir_make();
    struct pace_error err = {0};
    if (open_fixture(f) != 0 ||
        store_user_insert(f->s, "alice@example.org", "x", ROLE_PATIENT, NOW, &f->alice, &err))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    store_snapshot_end(f->s); /* after a failed assertion in the middle of a request */
    store_close(f->s);
    tmpdir_remove(f->dir);
    free(f);
    return 0;
}

static void make(struct practice *p, int64_t t)
{
    practice_init(p);
    p->started_at = t;
    p->duration_s = 600;
    p->outcome = OUTCOME_NOT_TODAY;
}

/* ---- a write held open by another thread ---- */

struct held_write {
    struct store *s;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool holding, reader_done, timed_out;
    int rc;
};

static void *hold_a_write(void *arg)
{
    struct held_write *h = arg;
    struct store *s = h->s;
    struct pace_error err = {0};
    db_lock(s);
    h->rc = db_begin(s, &err);
    if (h->rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "INSERT INTO users (email, pwhash, role, created_at) VALUES "
                           "('bob@example.org', 'x', 'patient', 1)");
        int rc = sql_step(st);
        sql_done(st);
        h->rc = rc == SQL_DONE ? 0 : rc;
    }
    pthread_mutex_lock(&h->mu);
    h->holding = true;
    pthread_cond_broadcast(&h->cv);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60; /* a guard against a read that waits for us, not a timing */
    while (!h->reader_done && !h->timed_out)
        if (pthread_cond_timedwait(&h->cv, &h->mu, &until) != 0)
            h->timed_out = true;
    pthread_mutex_unlock(&h->mu);
    if (h->rc == 0)
        h->rc = db_commit(s, &err);
    else
        db_rollback(s);
    db_unlock(s);
    return NULL;
}

static void a_read_neither_waits_for_a_write_nor_sees_it_before_its_commit(void **state)
{
    struct fixture *f = *state;
    char pseudonym[EXPORT_PSEUDONYM_LEN + 1], again[EXPORT_PSEUDONYM_LEN + 1];
    struct pace_error perr = {0};
    assert_int_equal(store_user_pseudonym(f->s, f->alice, pseudonym, &perr), 0); /* made */
    struct held_write h = {.s = f->s};
    pthread_mutex_init(&h.mu, NULL);
    pthread_cond_init(&h.cv, NULL);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, hold_a_write, &h), 0);
    pthread_mutex_lock(&h.mu);
    while (!h.holding)
        pthread_cond_wait(&h.cv, &h.mu);
    pthread_mutex_unlock(&h.mu);

    /* The writer holds the store and an open transaction with bob in it. */
    struct user u;
    int alice = store_user_get_by_email(f->s, "alice@example.org", &u);
    int bob = store_user_get_by_email(f->s, "bob@example.org", &u);
    /* The lists of shares (on /today at each visit) read beside it too. */
    struct grant *gs = NULL;
    size_t ngs = 0;
    struct pace_error err = {0};
    int shares = store_grants_of_grantee(f->s, f->alice, &gs, &ngs, &err);
    store_grants_free(gs, ngs);
    int given = store_grants_of_subject(f->s, f->alice, &gs, &ngs, &err);
    store_grants_free(gs, ngs);
    /* ... and the lookups of community pages, invitations, reset links and
     * each export's pseudonym. */
    struct cm_member m;
    int member = store_cm_member_by_user(f->s, f->alice, &m, &err);
    unsigned char hash[CRYPTO_HASH_BYTES] = {7};
    struct grant g;
    int invite = store_grant_by_invite(f->s, hash, &g, &err);
    int64_t reset_for = 0;
    int reset = store_reset_link_find(f->s, hash, NOW, &reset_for, &err);
    int named = store_user_pseudonym(f->s, f->alice, again, &err);

    pthread_mutex_lock(&h.mu);
    bool timed_out = h.timed_out;
    h.reader_done = true;
    pthread_cond_broadcast(&h.cv);
    pthread_mutex_unlock(&h.mu);
    pthread_join(t, NULL);
    assert_false(timed_out); /* the reads did not wait for the writer */
    assert_int_equal(h.rc, 0);
    assert_int_equal(alice, 0);
    assert_int_equal(bob, PACE_ENOTFOUND); /* not before it commits */
    assert_int_equal(shares, 0);
    assert_int_equal(given, 0);
    assert_int_equal(member, PACE_ENOTFOUND);
    assert_int_equal(invite, PACE_ENOTFOUND);
    assert_int_equal(reset, PACE_ENOTFOUND);
    assert_int_equal(named, 0);
    assert_string_equal(again, pseudonym);
    /* ... and at once after. */
    assert_int_equal(store_user_get_by_email(f->s, "bob@example.org", &u), 0);
    pthread_cond_destroy(&h.cv);
    pthread_mutex_destroy(&h.mu);
}

static void a_write_on_a_reader_is_refused(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip(); /* there a read takes a whole connection of its own */
    assert_non_null(f->s->readers);
    db_lock_read(f->s);
    struct sql_stmt *st = sql_prepare(f->s, "DELETE FROM users");
    int rc = sql_step(st);
    sql_done(st);
    db_unlock_read(f->s);
    assert_int_not_equal(rc, SQL_DONE);
    struct user u;
    assert_int_equal(store_user_get(f->s, f->alice, &u), 0);
}

static void no_readers_puts_every_call_on_the_writer(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    assert_int_equal(reopen_with_readers(f, "0"), 0);
    assert_null(f->s->readers);
    struct user u;
    assert_int_equal(store_user_get(f->s, f->alice, &u), 0);
    store_close(f->s);
    assert_int_equal(open_fixture(f), 0);
    assert_non_null(f->s->readers);
}

/* ---- one snapshot per request ---- */

struct insert_arg {
    struct store *s;
    const char *email;
    int rc;
};

/* A write committed by another thread (another request) meanwhile. */
static void *insert_user(void *arg)
{
    struct insert_arg *a = arg;
    int64_t id;
    struct pace_error err = {0};
    a->rc = store_user_insert(a->s, a->email, "x", ROLE_PATIENT, NOW, &id, &err);
    return NULL;
}

static void commit_elsewhere(struct store *s, const char *email)
{
    struct insert_arg a = {.s = s, .email = email, .rc = -1};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, insert_user, &a), 0);
    assert_int_equal(pthread_join(t, NULL), 0);
    assert_int_equal(a.rc, 0);
}

static void a_request_reads_one_snapshot(void **state)
{
    struct fixture *f = *state;
    struct user u;
    store_snapshot_begin(f->s);
    assert_int_equal(store_user_get_by_email(f->s, "alice@example.org", &u), 0);
    commit_elsewhere(f->s, "bob@example.org");
    int bob = store_user_get_by_email(f->s, "bob@example.org", &u);
    struct practice_query q = {.limit = 10};
    struct practice *items = NULL;
    size_t n = 9;
    char next[STORE_CURSOR_MAX];
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, NULL), 0);
    assert_int_equal(n, 0);
    free(items);
    store_snapshot_end(f->s);
    if (store_is_postgres(f->s))
        assert_int_equal(bob, 0); /* there every read call is its own snapshot */
    else
        assert_int_equal(bob, PACE_ENOTFOUND); /* committed after the request's first read */
    /* The next request sees it. */
    store_snapshot_begin(f->s);
    assert_int_equal(store_user_get_by_email(f->s, "bob@example.org", &u), 0);
    store_snapshot_end(f->s);
    /* Outside a request every call reads the last commit. */
    commit_elsewhere(f->s, "carol@example.org");
    assert_int_equal(store_user_get_by_email(f->s, "carol@example.org", &u), 0);
}

static void a_write_in_the_request_ends_its_snapshot(void **state)
{
    struct fixture *f = *state;
    struct user u;
    store_snapshot_begin(f->s);
    assert_int_equal(store_user_get(f->s, f->alice, &u), 0);
    commit_elsewhere(f->s, "bob@example.org");
    /* Her own write, on this thread: what she reads after it includes it,
     * and everything committed before it. */
    struct practice p;
    make(&p, NOW - 600);
    struct pace_error err = {0};
    assert_int_equal(store_practice_insert(f->s, f->alice, &p, NOW, NULL, &err), 0);
    practice_clear(&p);
    struct practice_query q = {.limit = 10};
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, NULL), 0);
    assert_int_equal(n, 1);
    practice_list_free(items, n);
    assert_int_equal(store_user_get_by_email(f->s, "bob@example.org", &u), 0);
    store_snapshot_end(f->s);
}

struct snap_reader {
    struct store *s;
    int64_t user;
    int rc;
};

static void *read_in_a_request(void *arg)
{
    struct snap_reader *r = arg;
    struct user u;
    store_snapshot_begin(r->s);
    r->rc = store_user_get(r->s, r->user, &u);
    store_snapshot_end(r->s);
    return NULL;
}

/* Another request, reading on a thread of its own. */
static pthread_t other_request_start(struct snap_reader *r)
{
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, read_in_a_request, r), 0);
    return t;
}

/* Joins it within a guard of `guard` seconds (against a request that waits
 * forever for a reader, not a timing): 0 when it ended in time; otherwise
 * the caller lets go of what it holds and joins it with pthread_join. */
static int other_request_end(pthread_t t, int guard)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += guard;
    return pthread_timedjoin_np(t, NULL, &until);
}

static void the_reader_goes_back_when_the_request_ends(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    assert_int_equal(reopen_with_readers(f, "1"), 0);
    for (int i = 0; i < 3; i++) {
        struct snap_reader r = {.s = f->s, .user = f->alice, .rc = -1};
        assert_int_equal(other_request_end(other_request_start(&r), 60), 0);
        assert_int_equal(r.rc, 0);
    }
    /* And on this thread, request after request, with a write between. */
    for (int i = 0; i < 3; i++) {
        struct snap_reader r = {.s = f->s, .user = f->alice, .rc = -1};
        read_in_a_request(&r);
        assert_int_equal(r.rc, 0);
        struct pace_error err = {0};
        assert_int_equal(store_user_set_lang(f->s, f->alice, i % 2, &err), 0);
    }
}

/* The statement cache finds a text by the address it was last asked for at,
 * but a text built in a buffer may come back at that address different. */
static void a_statement_is_found_by_its_text_not_its_address(void **state)
{
    struct fixture *f = *state;
    char sql[64];
    db_lock(f->s);
    snprintf(sql, sizeof sql, "SELECT %d", 1);
    struct sql_stmt *a = sql_prepare(f->s, sql);
    assert_int_equal(sql_step(a), SQL_ROW);
    assert_int_equal(sql_col_int64(a, 0), 1);
    sql_done(a);
    snprintf(sql, sizeof sql, "SELECT %d", 2);
    struct sql_stmt *b = sql_prepare(f->s, sql);
    assert_ptr_not_equal(a, b);
    assert_int_equal(sql_step(b), SQL_ROW);
    assert_int_equal(sql_col_int64(b, 0), 2);
    sql_done(b);
    snprintf(sql, sizeof sql, "SELECT %d", 1); /* and back again */
    struct sql_stmt *c = sql_prepare(f->s, sql);
    assert_ptr_equal(a, c);
    assert_int_equal(sql_step(c), SQL_ROW);
    assert_int_equal(sql_col_int64(c, 0), 1);
    sql_done(c);
    /* The same text asked for while it runs is a statement of its own. */
    struct sql_stmt *d = sql_prepare(f->s, "SELECT 3");
    struct sql_stmt *e = sql_prepare(f->s, "SELECT 3");
    assert_ptr_not_equal(d, e);
    sql_done(e);
    sql_done(d);
    db_unlock(f->s);
}

/* A request waiting for a password hash does not keep its reader: with one
 * reader, another request reads meanwhile. */
struct hashing {
    struct store *s;
    int64_t user;
    int read_rc, hash_rc;
    bool reading;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void *sign_in_like(void *arg)
{
    struct hashing *h = arg;
    struct user u;
    store_snapshot_begin(h->s);
    h->read_rc = store_user_get(h->s, h->user, &u); /* takes the one reader */
    pthread_mutex_lock(&h->mu);
    h->reading = true;
    pthread_cond_broadcast(&h->cv);
    pthread_mutex_unlock(&h->mu);
    char hash[CRYPTO_PWHASH_MAX];
    h->hash_rc = crypto_password_hash("correct horse battery", hash); /* waits at the gate */
    if (h->read_rc == 0)
        h->read_rc = store_user_get(h->s, h->user, &u);
    store_snapshot_end(h->s);
    return NULL;
}

static void a_request_waiting_for_a_hash_gives_its_reader_back(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    assert_int_equal(reopen_with_readers(f, "1"), 0);
    assert_int_equal(crypto_password_gate_enter(), 0); /* another hash is running */
    struct hashing h = {.s = f->s, .user = f->alice};
    pthread_mutex_init(&h.mu, NULL);
    pthread_cond_init(&h.cv, NULL);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, sign_in_like, &h), 0);
    pthread_mutex_lock(&h.mu);
    while (!h.reading)
        pthread_cond_wait(&h.cv, &h.mu);
    pthread_mutex_unlock(&h.mu);
    /* Now it waits at the gate (or is about to): another request reads. */
    struct snap_reader r = {.s = f->s, .user = f->alice, .rc = -1};
    pthread_t t2 = other_request_start(&r);
    int joined = other_request_end(t2, 60);
    crypto_password_gate_leave();
    if (joined != 0)
        pthread_join(t2, NULL);
    pthread_join(t, NULL);
    assert_int_equal(joined, 0);
    assert_int_equal(r.rc, 0);
    assert_int_equal(h.read_rc, 0);
    assert_int_equal(h.hash_rc, 0);
}

/* A request whose snapshot finds every reader kept by other requests
 * reads on the writer: it never waits for a reader kept a whole request. */
struct keeper {
    struct store *s;
    int64_t user;
    int rc;
    bool reading, done;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void *keep_a_reader(void *arg)
{
    struct keeper *k = arg;
    struct user u;
    store_snapshot_begin(k->s);
    k->rc = store_user_get(k->s, k->user, &u); /* takes the one reader */
    pthread_mutex_lock(&k->mu);
    k->reading = true;
    pthread_cond_broadcast(&k->cv);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 60; /* a guard, not a timing: the other request ends first */
    while (!k->done)
        if (pthread_cond_timedwait(&k->cv, &k->mu, &until) != 0)
            break;
    pthread_mutex_unlock(&k->mu);
    store_snapshot_end(k->s);
    return NULL;
}

static void with_every_reader_kept_a_request_reads_on_the_writer(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    assert_int_equal(reopen_with_readers(f, "1"), 0);
    struct keeper k = {.s = f->s, .user = f->alice, .rc = -1};
    pthread_mutex_init(&k.mu, NULL);
    pthread_cond_init(&k.cv, NULL);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, keep_a_reader, &k), 0);
    pthread_mutex_lock(&k.mu);
    while (!k.reading)
        pthread_cond_wait(&k.cv, &k.mu);
    pthread_mutex_unlock(&k.mu);
    /* The other request, on another thread, while the one reader is kept. */
    struct snap_reader r = {.s = f->s, .user = f->alice, .rc = -1};
    pthread_t t2 = other_request_start(&r);
    int joined = other_request_end(t2, 30); /* shorter than the keeper's own guard */
    pthread_mutex_lock(&k.mu);
    k.done = true;
    pthread_cond_broadcast(&k.cv);
    pthread_mutex_unlock(&k.mu);
    if (joined != 0)
        pthread_join(t2, NULL);
    pthread_join(t, NULL);
    assert_int_equal(joined, 0);
    assert_int_equal(r.rc, 0);
    assert_int_equal(k.rc, 0);
}

/* Inside a write, a read is on the writer: it sees the write's own rows,
 * and with no readers at all it does not wait for itself. */
static void a_read_inside_a_write_sees_the_write(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    const char *counts[] = {"4", "0"};
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(reopen_with_readers(f, counts[i]), 0);
        struct pace_error err = {0};
        struct user u;
        store_snapshot_begin(f->s);
        assert_int_equal(store_user_get(f->s, f->alice, &u), 0);
        db_lock(f->s);
        assert_int_equal(db_begin(f->s, &err), 0);
        struct sql_stmt *st =
            sql_prepare(f->s, "INSERT INTO users (email, pwhash, role, created_at) VALUES "
                              "('dora@example.org', 'x', 'patient', 1)");
        assert_int_equal(sql_step(st), SQL_DONE);
        sql_done(st);
        int rc = store_user_get_by_email(f->s, "dora@example.org", &u);
        db_rollback(f->s);
        db_unlock(f->s);
        assert_int_equal(rc, 0);
        /* Rolled back: neither the next read nor the next request sees it. */
        assert_int_equal(store_user_get_by_email(f->s, "dora@example.org", &u), PACE_ENOTFOUND);
        store_snapshot_end(f->s);
        assert_int_equal(store_user_get_by_email(f->s, "dora@example.org", &u), PACE_ENOTFOUND);
    }
}

/* A thread reading from two stores keeps one reader at a time, and gives
 * each back to its own pool. */
static void two_stores_on_one_thread_keep_their_readers_apart(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    assert_int_equal(reopen_with_readers(f, "1"), 0);
    struct fixture g = {.dir = tmpdir_make()};
    setenv("PACE_DB_READERS", "1", 1);
    int opened = open_fixture(&g);
    unsetenv("PACE_DB_READERS");
    assert_int_equal(opened, 0);
    struct pace_error err = {0};
    assert_int_equal(
        store_user_insert(g.s, "erin@example.org", "x", ROLE_PATIENT, NOW, &g.alice, &err), 0);
    struct user u;
    store_snapshot_begin(f->s);
    assert_int_equal(store_user_get(f->s, f->alice, &u), 0); /* f's reader, kept */
    assert_int_equal(store_user_get(g.s, g.alice, &u), 0);   /* g: not on a second reader */
    assert_int_equal(store_user_get(f->s, f->alice, &u), 0);
    store_snapshot_end(f->s);
    /* Both pools have their one reader back: another thread's request reads
     * each without waiting. */
    struct fixture *both[] = {f, &g};
    for (size_t i = 0; i < 2; i++) {
        struct snap_reader r = {.s = both[i]->s, .user = both[i]->alice, .rc = -1};
        assert_int_equal(other_request_end(other_request_start(&r), 60), 0);
        assert_int_equal(r.rc, 0);
    }
    store_close(g.s);
    tmpdir_remove(g.dir);
}

/* A reader given back in the middle of a transaction is rolled back first:
 * the next to take it reads the last commit. */
static int64_t users_named(struct store *s, const char *email)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT count(*) FROM users WHERE email = ?1");
    sql_bind_text(st, 1, email);
    int64_t n = sql_step(st) == SQL_ROW ? sql_col_int64(st, 0) : -1;
    sql_done(st);
    return n;
}

static void a_reader_goes_back_to_the_pool_without_its_transaction(void **state)
{
    struct fixture *f = *state;
    if (store_is_postgres(f->s))
        skip();
    assert_int_equal(reopen_with_readers(f, "1"), 0);
    assert_true(lite_reader_take(f->s)); /* statements below run on it */
    struct sql_stmt *st = sql_prepare(f->s, "BEGIN");
    assert_int_equal(sql_step(st), SQL_DONE);
    sql_done(st);
    assert_int_equal(users_named(f->s, "bob@example.org"), 0); /* its snapshot, open */
    assert_true(lite_in_transaction(f->s));
    assert_true(lite_reader_give(f->s));
    commit_elsewhere(f->s, "bob@example.org");
    assert_true(lite_reader_take(f->s));
    assert_false(lite_in_transaction(f->s));
    assert_int_equal(users_named(f->s, "bob@example.org"), 1);
    assert_true(lite_reader_give(f->s));
}

/* ---- side by side ---- */

struct side {
    struct store *s;
    int64_t user;
    int failures;
    size_t most_seen;
};

static void *write_many(void *arg)
{
    struct side *w = arg;
    for (int i = 0; i < 60; i++) {
        struct practice p;
        make(&p, NOW - 3600 - i * 60);
        struct pace_error err = {0};
        if (store_practice_insert(w->s, w->user, &p, NOW, NULL, &err) != 0)
            w->failures++;
        practice_clear(&p);
    }
    return NULL;
}

static void *read_many(void *arg)
{
    struct side *r = arg;
    for (int i = 0; i < 120; i++) {
        struct practice_query q = {.limit = 200, .without_notes = true};
        struct practice *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        struct pace_error err = {0};
        if (store_practice_list(r->s, r->user, &q, &items, &n, next, &err) != 0)
            r->failures++;
        else if (n < r->most_seen) /* what was committed never goes away */
            r->failures++;
        else
            r->most_seen = n;
        practice_list_free(items, n);
        struct user u;
        if (store_user_get(r->s, r->user, &u) != 0)
            r->failures++;
    }
    return NULL;
}

static void readers_and_a_writer_side_by_side_lose_nothing(void **state)
{
    struct fixture *f = *state;
    struct side w = {.s = f->s, .user = f->alice};
    struct side r[4];
    pthread_t tw, tr[4];
    assert_int_equal(pthread_create(&tw, NULL, write_many, &w), 0);
    for (int i = 0; i < 4; i++) {
        r[i] = (struct side){.s = f->s, .user = f->alice};
        assert_int_equal(pthread_create(&tr[i], NULL, read_many, &r[i]), 0);
    }
    pthread_join(tw, NULL);
    for (int i = 0; i < 4; i++) {
        pthread_join(tr[i], NULL);
        assert_int_equal(r[i].failures, 0);
    }
    assert_int_equal(w.failures, 0);
    struct practice_query q = {.limit = 200};
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, NULL), 0);
    assert_int_equal(n, 60);
    practice_list_free(items, n);
}

/* ---- group commit ---- */

struct logger {
    struct store *s;
    int64_t user;
    struct practice p;
    struct store_once once;
    bool use_once;
    enum lang lang;
    int rc;
    struct pace_error err;
};

static void *log_one(void *arg)
{
    struct logger *l = arg;
    i18n_set_lang(l->lang);
    l->rc =
        store_practice_insert(l->s, l->user, &l->p, NOW, l->use_once ? &l->once : NULL, &l->err);
    return NULL;
}

static int queued(struct store *s)
{
    pthread_mutex_lock(&s->cq_mu);
    int n = s->cq_waiting;
    pthread_mutex_unlock(&s->cq_mu);
    return n;
}

/* Starts n loggers while this thread holds the writer, waits until all of
 * them are queued (a guard of 60 s, not a timing), lets the writer go and
 * joins them. */
static void log_together(struct store *s, struct logger *l, int n)
{
    pthread_t t[16];
    /* The writer, in a transaction: on PostgreSQL that holds the lock
     * every writing transaction waits for. */
    db_lock(s);
    assert_int_equal(db_begin(s, NULL), 0);
    for (int i = 0; i < n; i++)
        assert_int_equal(pthread_create(&t[i], NULL, log_one, &l[i]), 0);
    struct timespec step = {0, 1000000};
    for (int waited = 0; queued(s) < n && waited < 60000; waited++)
        nanosleep(&step, NULL);
    int seen = queued(s);
    db_rollback(s);
    db_unlock(s);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(seen, n);
}

static void sessions_logged_together_share_one_commit_and_fail_alone(void **state)
{
    struct fixture *f = *state;
    struct practice first;
    make(&first, NOW - 86400);
    assert_int_equal(store_practice_insert(f->s, f->alice, &first, NOW, NULL, NULL), 0);
    int64_t commits = f->s->commits, rows = f->s->committed_rows;

    struct logger l[8];
    for (int i = 0; i < 8; i++) {
        l[i] = (struct logger){.s = f->s, .user = f->alice};
        make(&l[i].p, NOW - 3600 - i * 60);
    }
    /* One of them reuses an id already taken: it fails alone. */
    snprintf(l[5].p.id, sizeof l[5].p.id, "%s", first.id);
    log_together(f->s, l, 8);

    for (int i = 0; i < 8; i++) {
        if (i == 5) {
            assert_int_equal(l[i].rc, PACE_ECONFLICT);
            assert_string_equal(l[i].err.field, "id");
        } else {
            if (l[i].rc != 0)
                fail_msg("session %d: %s", i, l[i].err.msg);
            assert_true(crypto_uuid_valid(l[i].p.id));
            struct practice got;
            assert_int_equal(store_practice_get(f->s, f->alice, l[i].p.id, &got, NULL), 0);
            assert_int_equal(got.started_at, l[i].p.started_at);
            practice_clear(&got);
        }
        practice_clear(&l[i].p);
    }
    /* The eight were one transaction: one commit, seven sessions. */
    assert_int_equal(f->s->commits - commits, 1);
    assert_int_equal(f->s->committed_rows - rows, 7);
    practice_clear(&first);
}

/* A request that read, then logs a session that another thread's batch
 * commits: what it reads after sees its session. */
/* Each request of a batch hears its error in its own language, whichever
 * request's thread ran the batch. */
static void each_request_of_a_batch_hears_its_error_in_its_language(void **state)
{
    struct fixture *f = *state;
    struct practice first;
    make(&first, NOW - 86400);
    assert_int_equal(store_practice_insert(f->s, f->alice, &first, NOW, NULL, NULL), 0);
    /* The conflict's sentence in each language, alone. */
    char alone[LANG_COUNT][sizeof(struct pace_error){0}.msg];
    for (int lang = 0; lang < LANG_COUNT; lang++) {
        struct practice again;
        make(&again, NOW - 7200);
        snprintf(again.id, sizeof again.id, "%s", first.id);
        struct pace_error err = {0};
        i18n_set_lang((enum lang)lang);
        assert_int_equal(store_practice_insert(f->s, f->alice, &again, NOW, NULL, &err),
                         PACE_ECONFLICT);
        snprintf(alone[lang], sizeof alone[lang], "%s", err.msg);
        practice_clear(&again);
    }
    i18n_set_lang(LANG_EN);
    assert_string_not_equal(alone[LANG_EN], alone[LANG_DE]);
    /* Six together, every one a conflict, in both languages. */
    struct logger l[6];
    for (int i = 0; i < 6; i++) {
        l[i] = (struct logger){.s = f->s, .user = f->alice, .lang = i % 2 ? LANG_DE : LANG_EN};
        make(&l[i].p, NOW - 3600 - i * 60);
        snprintf(l[i].p.id, sizeof l[i].p.id, "%s", first.id);
    }
    log_together(f->s, l, 6);
    for (int i = 0; i < 6; i++) {
        assert_int_equal(l[i].rc, PACE_ECONFLICT);
        assert_string_equal(l[i].err.msg, alone[l[i].lang]);
        practice_clear(&l[i].p);
    }
    practice_clear(&first);
}

static void *log_one_in_a_request(void *arg)
{
    struct logger *l = arg;
    struct practice_query q = {.limit = 200};
    struct practice *items = NULL;
    size_t before = 0, after = 0;
    char next[STORE_CURSOR_MAX];
    store_snapshot_begin(l->s);
    l->rc = store_practice_list(l->s, l->user, &q, &items, &before, next, NULL);
    practice_list_free(items, before);
    if (l->rc == 0)
        l->rc = store_practice_insert(l->s, l->user, &l->p, NOW, NULL, &l->err);
    if (l->rc == 0)
        l->rc = store_practice_list(l->s, l->user, &q, &items, &after, next, NULL);
    bool found = false;
    for (size_t i = 0; l->rc == 0 && i < after; i++)
        found = found || strcmp(items[i].id, l->p.id) == 0;
    practice_list_free(items, after);
    store_snapshot_end(l->s);
    if (l->rc == 0 && !found)
        l->rc = -1;
    return NULL;
}

static void a_session_committed_by_another_threads_batch_is_read_back(void **state)
{
    struct fixture *f = *state;
    struct logger l[3];
    pthread_t t[3];
    db_lock(f->s);
    assert_int_equal(db_begin(f->s, NULL), 0);
    for (int i = 0; i < 3; i++) {
        l[i] = (struct logger){.s = f->s, .user = f->alice};
        make(&l[i].p, NOW - 3600 - i * 60);
        assert_int_equal(pthread_create(&t[i], NULL, log_one_in_a_request, &l[i]), 0);
    }
    struct timespec step = {0, 1000000};
    for (int waited = 0; queued(f->s) < 3 && waited < 60000; waited++)
        nanosleep(&step, NULL); /* a guard of 60 s, not a timing */
    int seen = queued(f->s);
    db_rollback(f->s);
    db_unlock(f->s);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(seen, 3); /* one leader, two whose rows it committed */
    for (int i = 0; i < 3; i++) {
        assert_int_equal(l[i].rc, 0);
        practice_clear(&l[i].p);
    }
}

static void a_request_key_repeated_inside_one_batch_is_a_replay(void **state)
{
    struct fixture *f = *state;
    struct logger l[3];
    for (int i = 0; i < 3; i++) {
        l[i] = (struct logger){.s = f->s, .user = f->alice, .use_once = true};
        make(&l[i].p, NOW - 7200);
        memset(l[i].once.key, 0x4b, sizeof l[i].once.key);         /* the same key */
        memset(l[i].once.request, 0x52, sizeof l[i].once.request); /* the same body */
    }
    log_together(f->s, l, 3);
    int saved = 0, replays = 0;
    const char *id = NULL;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(l[i].rc, 0);
        if (l[i].once.replayed) {
            replays++;
        } else {
            saved++;
            id = l[i].p.id;
        }
    }
    assert_int_equal(saved, 1);
    assert_int_equal(replays, 2);
    for (int i = 0; i < 3; i++)
        if (l[i].once.replayed)
            assert_string_equal(l[i].once.record_id, id);
    struct practice_query q = {.limit = 10};
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    assert_int_equal(store_practice_list(f->s, f->alice, &q, &items, &n, next, NULL), 0);
    assert_int_equal(n, 1);
    practice_list_free(items, n);
    for (int i = 0; i < 3; i++)
        practice_clear(&l[i].p);
}

int main(void)
{
    if (crypto_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            a_read_neither_waits_for_a_write_nor_sees_it_before_its_commit, setup, teardown),
        cmocka_unit_test_setup_teardown(a_write_on_a_reader_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(no_readers_puts_every_call_on_the_writer, setup, teardown),
        cmocka_unit_test_setup_teardown(a_request_reads_one_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(a_statement_is_found_by_its_text_not_its_address, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_write_in_the_request_ends_its_snapshot, setup, teardown),
        cmocka_unit_test_setup_teardown(the_reader_goes_back_when_the_request_ends, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_request_waiting_for_a_hash_gives_its_reader_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(with_every_reader_kept_a_request_reads_on_the_writer, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_read_inside_a_write_sees_the_write, setup, teardown),
        cmocka_unit_test_setup_teardown(two_stores_on_one_thread_keep_their_readers_apart, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_reader_goes_back_to_the_pool_without_its_transaction,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(readers_and_a_writer_side_by_side_lose_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sessions_logged_together_share_one_commit_and_fail_alone,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(each_request_of_a_batch_hears_its_error_in_its_language,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_session_committed_by_another_threads_batch_is_read_back,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(a_request_key_repeated_inside_one_batch_is_a_replay, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
