/*
 * sqlite_practice.c - practice sessions and guided-session drafts in
 * SQLite (tables of migration 3). See store.h for the contract of each
 * function. Notes and drafts are sealed with the row's identity as
 * associated data, so a value copied to another row does not open.
 *
 * Lists are paged by keyset (started_at DESC, id DESC): the cursor names
 * the last row of a page, so rows added or removed meanwhile never cause
 * duplicates or gaps.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PRACTICE_COLS                                                                              \
    "id, started_at, duration_s, dilator_id, diameter_mm, temperature, lubricant, "                \
    "with_partner, exercises, before_fear, before_tension, before_pain, after_fear, "              \
    "after_tension, after_pain, max_pain, spasms, outcome, felt_safe, helped, safety, "            \
    "note_enc"

/* The cursor: started_at as 16 hex digits (two's complement), then the id's
 * 32 hex digits without dashes. */
#define CURSOR_CHARS 48
_Static_assert(CURSOR_CHARS < STORE_CURSOR_MAX, "cursor buffer");

/* The note's associated data: the column and the session's id (built
 * without printf or an allocation: a list opens one per row). */
#define NOTE_AD_PREFIX "practice_sessions.note_enc:"
#define NOTE_AD_MAX (sizeof NOTE_AD_PREFIX + PRACTICE_ID_LEN)

static const char *note_ad(const char *id, char out[NOTE_AD_MAX])
{
    size_t n = strnlen(id, PRACTICE_ID_LEN);
    memcpy(out, NOTE_AD_PREFIX, sizeof NOTE_AD_PREFIX - 1);
    memcpy(out + sizeof NOTE_AD_PREFIX - 1, id, n);
    out[sizeof NOTE_AD_PREFIX - 1 + n] = '\0';
    return out;
}

static char *draft_ad(int64_t user_id)
{
    return xasprintf("practice_drafts.state_enc:%lld", (long long)user_id);
}

static char *spasms_text(const struct practice *p)
{
    json_t *a = json_array();
    for (size_t i = 0; i < p->nspasms; i++)
        json_array_append_new(a, json_pack("{s:i, s:i}", "at_s", p->spasms[i].at_s, "duration_s",
                                           p->spasms[i].duration_s));
    char *s = json_dumps(a, JSON_COMPACT);
    json_decref(a);
    return s ? s : xstrdup("[]");
}

/* Reads a number of the form spasms_text writes (digits, no sign). */
static const char *read_uint(const char *t, int *out)
{
    long v = 0;
    const char *start = t;
    while (*t >= '0' && *t <= '9' && t - start < 9)
        v = v * 10 + (*t++ - '0');
    *out = (int)v;
    return t > start ? t : NULL;
}

/* The exact text spasms_text writes, [{"at_s":N,"duration_s":M},...],
 * read without a JSON parser (every list of sessions reads it for each
 * row); false for anything else, which jansson then reads. */
static bool spasms_parse_fast(const char *t, struct practice *p)
{
    static const char at[] = "{\"at_s\":", dur[] = ",\"duration_s\":";
    size_t n = 0;
    if (*t++ != '[')
        return false;
    if (t[0] == ']' && t[1] == '\0') {
        p->nspasms = 0;
        return true;
    }
    for (;;) {
        if (n == PRACTICE_MAX_SPASMS || strncmp(t, at, sizeof at - 1) != 0)
            return false;
        if ((t = read_uint(t + sizeof at - 1, &p->spasms[n].at_s)) == NULL ||
            strncmp(t, dur, sizeof dur - 1) != 0 ||
            (t = read_uint(t + sizeof dur - 1, &p->spasms[n].duration_s)) == NULL || *t != '}')
            return false;
        n++;
        t++;
        if (*t == ',') {
            t++;
            continue;
        }
        if (t[0] == ']' && t[1] == '\0') {
            p->nspasms = n;
            return true;
        }
        return false;
    }
}

static int spasms_parse(const char *text, struct practice *p)
{
    if (text == NULL || spasms_parse_fast(text, p))
        return 0;
    json_t *a = json_loads(text ? text : "[]", 0, NULL);
    if (!json_is_array(a) || json_array_size(a) > PRACTICE_MAX_SPASMS) {
        json_decref(a);
        return PACE_EIO;
    }
    size_t i;
    json_t *x;
    json_array_foreach(a, i, x)
    {
        p->spasms[i].at_s = (int)json_integer_value(json_object_get(x, "at_s"));
        p->spasms[i].duration_s = (int)json_integer_value(json_object_get(x, "duration_s"));
    }
    p->nspasms = json_array_size(a);
    json_decref(a);
    return 0;
}

static void bind_int_or_null(struct sql_stmt *st, int col, bool set, int v)
{
    if (set)
        sql_bind_int(st, col, v);
    else
        sql_bind_null(st, col);
}

/* Binds the record as ?1 id, ?2 user_id, ?3..?22 its fields, ?23 the
 * sealed note and ?24 now: the same numbering serves INSERT and UPDATE. */
static void bind_record(struct store *s, struct sql_stmt *st, int64_t user_id,
                        const struct practice *p, int64_t now, char **spasms)
{
    sql_bind_text(st, 1, p->id);
    sql_bind_int64(st, 2, user_id);
    sql_bind_int64(st, 3, p->started_at);
    sql_bind_int(st, 4, p->duration_s);
    if (p->dilator_id[0])
        sql_bind_text(st, 5, p->dilator_id);
    else
        sql_bind_null(st, 5);
    if (p->diameter_mm > 0)
        sql_bind_double(st, 6, p->diameter_mm);
    else
        sql_bind_null(st, 6);
    sql_bind_text(st, 7, temperature_name(p->temperature));
    sql_bind_text(st, 8, lubricant_name(p->lubricant));
    sql_bind_int(st, 9, p->with_partner);
    sql_bind_int(st, 10, (int)p->exercises);
    bind_int_or_null(st, 11, p->before.set, p->before.fear);
    bind_int_or_null(st, 12, p->before.set, p->before.tension);
    bind_int_or_null(st, 13, p->before.set, p->before.pain);
    bind_int_or_null(st, 14, p->after.set, p->after.fear);
    bind_int_or_null(st, 15, p->after.set, p->after.tension);
    bind_int_or_null(st, 16, p->after.set, p->after.pain);
    bind_int_or_null(st, 17, p->max_pain >= 0, p->max_pain);
    *spasms = spasms_text(p);
    sql_bind_text(st, 18, *spasms);
    sql_bind_text(st, 19, outcome_name(p->outcome));
    bind_int_or_null(st, 20, p->felt_safe >= 0, p->felt_safe);
    sql_bind_int(st, 21, (int)p->helped);
    sql_bind_int(st, 22, (int)p->safety);
    char ad[NOTE_AD_MAX];
    sql_bind_sealed(s, st, 23, note_ad(p->id, ad), p->note);
    sql_bind_int64(st, 24, now);
}

static void read_scores(struct sql_stmt *st, int col, struct scores *sc)
{
    sc->set = !sql_col_null(st, col);
    sc->fear = sql_col_int(st, col);
    sc->tension = sql_col_int(st, col + 1);
    sc->pain = sql_col_int(st, col + 2);
}

/* Fills p (initialised here) from a row of PRACTICE_COLS, opening the note
 * unless without_note (then it stays NULL). */
static int read_record(struct store *s, struct sql_stmt *st, struct practice *p, bool without_note,
                       struct pace_error *err)
{
    practice_init(p);
    sql_col_copy(p->id, sizeof p->id, st, 0);
    p->started_at = sql_col_int64(st, 1);
    p->duration_s = sql_col_int(st, 2);
    sql_col_copy(p->dilator_id, sizeof p->dilator_id, st, 3);
    p->diameter_mm = sql_col_null(st, 4) ? 0 : sql_col_double(st, 4);
    int t = temperature_parse(sql_col_text(st, 5));
    int l = lubricant_parse(sql_col_text(st, 6));
    p->temperature = t < 0 ? TEMP_ROOM : (enum temperature)t;
    p->lubricant = l < 0 ? LUBE_NONE : (enum lubricant)l;
    p->with_partner = sql_col_int(st, 7) != 0;
    p->exercises = (unsigned)sql_col_int(st, 8);
    read_scores(st, 9, &p->before);
    read_scores(st, 12, &p->after);
    p->max_pain = sql_col_null(st, 15) ? -1 : sql_col_int(st, 15);
    if (spasms_parse(sql_col_text(st, 16), p) != 0)
        return pace_fail(err, PACE_EIO, NULL, "the spasms of session %s are damaged", p->id);
    int o = outcome_parse(sql_col_text(st, 17));
    p->outcome = o < 0 ? OUTCOME_COMPLETED : (enum outcome)o;
    p->felt_safe = sql_col_null(st, 18) ? -1 : sql_col_int(st, 18);
    p->helped = (unsigned)sql_col_int(st, 19);
    p->safety = (unsigned)sql_col_int(st, 20);
    if (without_note || sql_col_null(st, 21))
        return 0;
    char ad[NOTE_AD_MAX];
    char *note = NULL;
    int rc = sql_col_opened(s, st, 21, note_ad(p->id, ad), &note, err);
    if (rc != 0)
        return rc;
    if (note[0] == '\0') {
        free(note);
        note = NULL;
    }
    p->note = note;
    return 0;
}

/* Checks p as the store takes it: the rules of core/practice.c and an id
 * that is empty (make one) or a UUID. */
static int check_record(const struct practice *p, int64_t now, bool id_required,
                        struct pace_error *err)
{
    if ((p->id[0] || id_required) && !crypto_uuid_valid(p->id))
        return pace_fail(err, PACE_EINVAL, "id", "%s", _("This session id is not valid."));
    return practice_validate(p, now, err);
}

static struct sql_stmt *prepare_insert(struct store *s)
{
    return sql_prepare(
        s, "INSERT INTO practice_sessions (id, user_id, started_at, duration_s, dilator_id, "
           "diameter_mm, temperature, lubricant, with_partner, exercises, before_fear, "
           "before_tension, before_pain, after_fear, after_tension, after_pain, max_pain, "
           "spasms, outcome, felt_safe, helped, safety, note_enc, created_at, updated_at) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
           "?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?24)");
}

/* Inserts p (its id set) with st from prepare_insert, leaving st reset for
 * the next row; caller holds the lock and the transaction. */
static int insert_row(struct store *s, struct sql_stmt *st, int64_t user_id,
                      const struct practice *p, int64_t now, struct pace_error *err)
{
    char *spasms = NULL;
    bind_record(s, st, user_id, p, now, &spasms);
    int rc = sql_step(st);
    sql_reset(st);
    free(spasms);
    if (rc == SQL_DONE)
        return 0;
    if (sql_is_unique(s, rc))
        return pace_fail(err, PACE_ECONFLICT, "id", "%s",
                         _("A session with this id already exists."));
    return db_fail(s, rc, err);
}

static int insert_locked(struct store *s, int64_t user_id, const struct practice *p, int64_t now,
                         struct pace_error *err)
{
    struct sql_stmt *st = prepare_insert(s);
    int rc = insert_row(s, st, user_id, p, now, err);
    sql_done(st);
    return rc;
}

/* ---- group commit ----
 *
 * A new session is durable when its transaction's commit has reached the
 * disk (one fsync on SQLite, one WAL flush on PostgreSQL). Sessions logged
 * at the same moment share that: each caller queues its request; the first
 * to find no leader becomes one, takes the writer, then takes everything
 * queued by then (at most COMMIT_BATCH) and runs it in one transaction,
 * each request under a savepoint of its own (one that fails is rolled back
 * alone and gets its own error), commits once and wakes the others. Nobody
 * hears "saved" before that commit has returned; when it fails, every
 * request of the batch gets its error and nothing of the batch is kept.
 *
 * Each request waits on a condition of its own: the leader wakes the
 * requests of its batch one by one, and hands the lead to the oldest
 * request still queued (if any). Nobody else wakes, so sixteen waiting
 * requests cost sixteen wake-ups per batch, not sixteen per request. While
 * a leader runs, the queue is never without one; with no leader, the queue
 * is empty. */

#define COMMIT_BATCH 64

struct commit_req {
    int64_t user_id;
    struct practice *p;
    int64_t now;
    bool finish_draft;
    struct store_once *once;
    enum lang lang; /* the requester's: her errors are written in it, by whichever leader */
    struct pace_error e;
    int rc;
    bool ran, done;
    bool lead;         /* handed the lead by the last leader */
    pthread_cond_t cv; /* this request's wake-up, under cq_mu */
    struct commit_req *next;
};

/* The request's own work, inside the batch's transaction. *broken is set
 * (with the cause in *batch_err) when the transaction itself can no longer
 * be trusted (a savepoint could not be undone: SQLite rolls the whole
 * transaction back on a full disk or an I/O error). */
static int batch_one(struct store *s, struct commit_req *q, bool alone, bool *broken,
                     struct pace_error *batch_err)
{
    struct pace_error *err = &q->e;
    /* Alone in its batch, the request needs no savepoint: the transaction
     * is its own, rolled back whole when it fails (on PostgreSQL two round
     * trips fewer). */
    int rc = alone ? 0 : db_exec(s, "SAVEPOINT pace_one", err);
    if (rc != 0) {
        *broken = true;
        *batch_err = *err;
        return rc;
    }
    bool replayed = false;
    if (q->once && (rc = once_check_locked(s, q->user_id, q->once, q->now, err)) == 0 &&
        q->once->replayed)
        replayed = true; /* asked before: nothing new, the draft (if any) stays */
    if (rc == 0 && !replayed && q->finish_draft) {
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM practice_drafts WHERE user_id = ?");
        sql_bind_int64(st, 1, q->user_id);
        rc = sql_step(st);
        sql_done(st);
        if (rc != SQL_DONE)
            rc = db_fail(s, rc, err);
        else if (sql_changes(s) == 0)
            rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                           _("This guided session was already saved or has ended."));
        else
            rc = 0;
    }
    if (rc == 0 && !replayed)
        rc = db_practice_room(s, q->user_id, 1, err);
    if (rc == 0 && !replayed)
        rc = insert_locked(s, q->user_id, q->p, q->now, err);
    if (rc == 0 && !replayed && q->once)
        rc = once_record_locked(s, q->user_id, q->once, q->p->id, q->now, err);
    if (alone)
        return rc;
    if (rc != 0 || replayed) {
        struct pace_error e2 = {0};
        if (db_exec(s, "ROLLBACK TO SAVEPOINT pace_one", &e2) != 0) {
            *broken = true;
            *batch_err = rc != 0 ? *err : e2;
            return rc != 0 ? rc : e2.code;
        }
    }
    struct pace_error e3 = {0};
    if (db_exec(s, "RELEASE SAVEPOINT pace_one", &e3) != 0) {
        *broken = true;
        *batch_err = e3;
        return rc != 0 ? rc : e3.code;
    }
    return rc;
}

/* The leader's part: the batch in the transaction the caller began (or
 * failed to begin: begin_rc); the caller holds the writer. */
static void run_batch(struct store *s, struct commit_req *batch, int begin_rc,
                      const struct pace_error *begin_err)
{
    struct pace_error be = *begin_err;
    bool broken = begin_rc != 0;
    size_t rows = 0;
    struct commit_req *q = batch;
    enum lang leader_lang = i18n_lang();
    bool alone = batch->next == NULL;
    for (; q && !broken; q = q->next) {
        i18n_set_lang(q->lang);
        q->rc = batch_one(s, q, alone, &broken, &be);
        q->ran = true;
        rows += q->rc == 0 && !(q->once && q->once->replayed);
    }
    i18n_set_lang(leader_lang);
    if (!broken && alone && batch->rc != 0) {
        db_rollback(s); /* its own failure, its own error: nothing of it is kept */
        return;
    }
    int rc = 0;
    if (!broken)
        rc = db_commit(s, &be);
    else
        db_rollback(s);
    if (broken || rc != 0) {
        int code = be.code ? be.code : PACE_EIO;
        for (q = batch; q; q = q->next) {
            if (q->rc == 0 || !q->ran) {
                q->rc = code;
                q->e = be;
            }
            if (q->once)
                q->once->replayed = false;
        }
        return;
    }
    s->commits++;
    s->committed_rows += (int64_t)rows;
}

static int commit_queued(struct store *s, struct commit_req *me)
{
    /* A write of this request: its reads after this one must see it, even
     * when another thread's batch commits it (db_lock is not called here
     * then, so the request's snapshot is ended now). */
    if (s->engine != DB_POSTGRES)
        lite_snapshot_close(s);
    pthread_cond_init(&me->cv, NULL);
    pthread_mutex_lock(&s->cq_mu);
    if (s->cq_tail)
        s->cq_tail->next = me;
    else
        s->cq_head = me;
    s->cq_tail = me;
    s->cq_waiting++;
    if (!s->cq_leader) {
        s->cq_leader = true; /* nobody leads: the queue was empty, so this is its head */
        me->lead = true;
    }
    while (!me->done) {
        if (!me->lead) {
            pthread_cond_wait(&me->cv, &s->cq_mu);
            continue;
        }
        me->lead = false;
        pthread_mutex_unlock(&s->cq_mu);
        /* While the writer is busy (on PostgreSQL: while another
         * instance's write holds the lock BEGIN waits for), more requests
         * queue up; the batch is taken after. */
        db_lock(s);
        struct pace_error begin_err = {0};
        int begin_rc = db_begin(s, &begin_err);
        pthread_mutex_lock(&s->cq_mu);
        /* The leader is the queue's head: it came to an empty queue, or
         * was handed the lead as the oldest request waiting. */
        struct commit_req *batch = s->cq_head, *last = batch;
        size_t n = 1;
        while (last->next && n < COMMIT_BATCH) {
            last = last->next;
            n++;
        }
        s->cq_head = last->next;
        if (s->cq_head == NULL)
            s->cq_tail = NULL;
        last->next = NULL;
        s->cq_waiting -= (int)n;
        pthread_mutex_unlock(&s->cq_mu);
        run_batch(s, batch, begin_rc, &begin_err);
        db_unlock(s);
        pthread_mutex_lock(&s->cq_mu);
        for (struct commit_req *q = batch, *next; q; q = next) {
            next = q->next;
            q->done = true;
            if (q != me)
                pthread_cond_signal(&q->cv); /* q may be gone once cq_mu is let go */
        }
        if (s->cq_head) {
            s->cq_head->lead = true;
            pthread_cond_signal(&s->cq_head->cv);
        } else {
            s->cq_leader = false;
        }
    }
    pthread_mutex_unlock(&s->cq_mu);
    pthread_cond_destroy(&me->cv);
    return me->rc;
}

/* Saves p (and, for a finished guided session, removes the draft) through
 * the group commit; p->id stays empty unless everything was saved. */
static int insert_tx(struct store *s, int64_t user_id, struct practice *p, int64_t now,
                     bool finish_draft, struct store_once *once, struct pace_error *err)
{
    int rc = check_record(p, now, false, err);
    if (rc != 0)
        return rc;
    bool made_id = p->id[0] == '\0';
    if (made_id)
        crypto_uuid(p->id);
    struct commit_req me = {.user_id = user_id,
                            .p = p,
                            .now = now,
                            .finish_draft = finish_draft,
                            .once = once,
                            .lang = i18n_lang()};
    rc = commit_queued(s, &me);
    if (rc != 0 && err)
        *err = me.e;
    if ((rc != 0 || (once && once->replayed)) && made_id)
        p->id[0] = '\0';
    return rc;
}

int store_practice_insert(struct store *s, int64_t user_id, struct practice *p, int64_t now,
                          struct store_once *once, struct pace_error *err)
{
    return insert_tx(s, user_id, p, now, false, once, err);
}

int store_practice_insert_many(struct store *s, int64_t user_id, struct practice *items, size_t n,
                               int64_t now, struct pace_error *err)
{
    for (size_t i = 0; i < n; i++) {
        int rc = check_record(&items[i], now, false, err);
        if (rc != 0)
            return rc;
    }
    bool *made = xcalloc(n ? n : 1, sizeof *made);
    for (size_t i = 0; i < n; i++)
        if ((made[i] = items[i].id[0] == '\0'))
            crypto_uuid(items[i].id);
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0)
        rc = db_practice_room(s, user_id, n, err);
    if (rc == 0) {
        /* One statement for the whole batch: preparing it per row would
         * cost as much as the insert itself. */
        struct sql_stmt *st = prepare_insert(s);
        for (size_t i = 0; i < n && rc == 0; i++)
            rc = insert_row(s, st, user_id, &items[i], now, err);
        sql_done(st);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    for (size_t i = 0; rc != 0 && i < n; i++)
        if (made[i])
            items[i].id[0] = '\0';
    free(made);
    return rc;
}

int store_draft_finish(struct store *s, int64_t user_id, struct practice *p, int64_t now,
                       struct store_once *once, struct pace_error *err)
{
    return insert_tx(s, user_id, p, now, true, once, err);
}

static int not_found(struct pace_error *err)
{
    return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such session."));
}

int store_practice_get(struct store *s, int64_t user_id, const char *id, struct practice *out,
                       struct pace_error *err)
{
    practice_init(out);
    if (!crypto_uuid_valid(id))
        return not_found(err);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " PRACTICE_COLS " FROM practice_sessions "
                                         "WHERE id = ? AND user_id = ?");
    sql_bind_text(st, 1, id);
    sql_bind_int64(st, 2, user_id);
    int rc = sql_step(st);
    int ret;
    if (rc == SQL_ROW)
        ret = read_record(s, st, out, false, err);
    else if (rc == SQL_DONE)
        ret = not_found(err);
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (ret != 0)
        practice_clear(out);
    return ret;
}

int store_practice_update(struct store *s, int64_t user_id, const struct practice *p, int64_t now,
                          struct pace_error *err)
{
    if (!crypto_uuid_valid(p->id))
        return not_found(err);
    int rc = check_record(p, now, true, err);
    if (rc != 0)
        return rc;
    db_lock(s);
    rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(
            s, "UPDATE practice_sessions SET started_at = ?3, duration_s = ?4, "
               "dilator_id = ?5, diameter_mm = ?6, temperature = ?7, lubricant = ?8, "
               "with_partner = ?9, exercises = ?10, before_fear = ?11, before_tension = ?12, "
               "before_pain = ?13, after_fear = ?14, after_tension = ?15, after_pain = ?16, "
               "max_pain = ?17, spasms = ?18, outcome = ?19, felt_safe = ?20, helped = ?21, "
               "safety = ?22, note_enc = ?23, updated_at = ?24 WHERE id = ?1 AND user_id = ?2");
        char *spasms = NULL;
        bind_record(s, st, user_id, p, now, &spasms);
        int sr = sql_step(st);
        sql_done(st);
        free(spasms);
        if (sr != SQL_DONE)
            rc = db_fail(s, sr, err);
        else if (sql_changes(s) == 0)
            rc = not_found(err);
    }
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

int store_practice_delete(struct store *s, int64_t user_id, const char *id, struct pace_error *err)
{
    if (!crypto_uuid_valid(id))
        return not_found(err);
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "DELETE FROM practice_sessions WHERE id = ? AND user_id = ?");
    sql_bind_text(st, 1, id);
    sql_bind_int64(st, 2, user_id);
    int rc = sql_step(st);
    sql_done(st);
    int ret = 0;
    if (rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    else if (sql_changes(s) == 0)
        ret = not_found(err);
    db_unlock(s);
    return ret;
}

static void cursor_make(const struct practice *p, char out[STORE_CURSOR_MAX])
{
    char hexid[33];
    size_t o = 0;
    for (const char *c = p->id; *c && o < 32; c++)
        if (*c != '-')
            hexid[o++] = *c;
    hexid[o] = '\0';
    snprintf(out, STORE_CURSOR_MAX, "%016" PRIx64 "%s", (uint64_t)p->started_at, hexid);
}

/* Reads a cursor back into a time and an id; -1 when it is not one. */
static int cursor_parse(const char *c, int64_t *at, char id[PRACTICE_ID_LEN + 1])
{
    if (strlen(c) != CURSOR_CHARS || strspn(c, "0123456789abcdef") != CURSOR_CHARS)
        return -1;
    uint64_t v = 0;
    for (int i = 0; i < 16; i++)
        v = v << 4 | (uint64_t)(c[i] <= '9' ? c[i] - '0' : c[i] - 'a' + 10);
    *at = (int64_t)v;
    snprintf(id, PRACTICE_ID_LEN + 1, "%.8s-%.4s-%.4s-%.4s-%.12s", c + 16, c + 24, c + 28, c + 32,
             c + 36);
    return 0;
}

void practice_list_free(struct practice *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        practice_clear(&items[i]);
    free(items);
}

int store_practice_list(struct store *s, int64_t user_id, const struct practice_query *q,
                        struct practice **items, size_t *n, char next_cursor[STORE_CURSOR_MAX],
                        struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    next_cursor[0] = '\0';
    if (q->limit < 1 || q->limit > 200)
        return pace_fail(err, PACE_EINVAL, "limit", "%s",
                         _("limit must be a whole number from 1 to 200."));
    int64_t after_at = 0;
    char after_id[PRACTICE_ID_LEN + 1] = "";
    if (q->cursor && *q->cursor && cursor_parse(q->cursor, &after_at, after_id) != 0)
        return pace_fail(err, PACE_EINVAL, "cursor", "%s",
                         _("The cursor is not valid; start again from the first page."));
    struct buf sql = {0};
    buf_puts(&sql, "SELECT " PRACTICE_COLS " FROM practice_sessions WHERE user_id = ?1");
    if (q->from)
        buf_puts(&sql, " AND started_at >= ?2");
    if (q->to)
        buf_puts(&sql, " AND started_at < ?3");
    if (q->diameter_mm > 0) /* the same size, whatever the rounding of its decimals */
        buf_puts(&sql, " AND diameter_mm BETWEEN ?4 - 0.005 AND ?4 + 0.005");
    if (after_id[0])
        buf_puts(&sql, " AND (started_at, id) < (?5, ?6)");
    buf_puts(&sql, " ORDER BY started_at DESC, id DESC LIMIT ?7");

    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, sql.data);
    buf_free(&sql);
    sql_bind_int64(st, 1, user_id);
    sql_bind_int64(st, 2, q->from);
    sql_bind_int64(st, 3, q->to);
    sql_bind_double(st, 4, q->diameter_mm);
    sql_bind_int64(st, 5, after_at);
    sql_bind_text(st, 6, after_id);
    sql_bind_int(st, 7, q->limit + 1); /* one more tells whether a next page exists */
    /* Grown as rows come: a record is some 700 bytes, and most pages hold
     * far fewer rows than their limit (zeroing 200 records was the largest
     * single cost of /today). read_record initialises each one. */
    size_t cap = q->limit < 16 ? (size_t)q->limit : 16;
    struct practice *list = xmalloc(cap * sizeof *list);
    size_t count = 0;
    bool more = false;
    int rc, ret = 0;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (count == (size_t)q->limit) {
            more = true;
            break;
        }
        if (count == cap) {
            cap = cap * 2 < (size_t)q->limit ? cap * 2 : (size_t)q->limit;
            list = xrealloc(list, cap * sizeof *list);
        }
        if ((ret = read_record(s, st, &list[count], q->without_notes, err)) != 0) {
            practice_clear(&list[count]);
            break;
        }
        count++;
    }
    if (ret == 0 && rc != SQL_ROW && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (ret != 0) {
        practice_list_free(list, count);
        return ret;
    }
    if (more)
        cursor_make(&list[count - 1], next_cursor);
    *items = list;
    *n = count;
    return 0;
}

int store_practice_last(struct store *s, int64_t user_id, struct practice *out)
{
    practice_init(out);
    db_lock_read(s);
    /* The last one saved among those at the same instant: SQLite's rowid,
     * PostgreSQL's created_at and id. */
    struct sql_stmt *st = sql_prepare(
        s, s->engine == DB_POSTGRES
               ? "SELECT " PRACTICE_COLS " FROM practice_sessions "
                 "WHERE user_id = ? AND (dilator_id IS NOT NULL OR outcome = 'completed') "
                 "ORDER BY started_at DESC, created_at DESC, id DESC LIMIT 1"
               : "SELECT " PRACTICE_COLS " FROM practice_sessions "
                 "WHERE user_id = ? AND (dilator_id IS NOT NULL OR outcome = 'completed') "
                 "ORDER BY started_at DESC, rowid DESC LIMIT 1");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    int ret;
    if (rc == SQL_ROW)
        ret = read_record(s, st, out, false, NULL);
    else if (rc == SQL_DONE)
        ret = PACE_ENOTFOUND;
    else
        ret = db_fail(s, rc, NULL);
    sql_done(st);
    db_unlock_read(s);
    if (ret != 0)
        practice_clear(out);
    return ret;
}

int store_draft_get(struct store *s, int64_t user_id, char **json_out, struct pace_error *err)
{
    *json_out = NULL;
    char *ad = draft_ad(user_id);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT state_enc FROM practice_drafts WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    int ret;
    if (rc == SQL_ROW)
        ret = sql_col_opened(s, st, 0, ad, json_out, err);
    else if (rc == SQL_DONE)
        ret = pace_fail(err, PACE_ENOTFOUND, NULL, "no guided session in progress");
    else
        ret = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    free(ad);
    return ret;
}

int store_draft_put(struct store *s, int64_t user_id, const char *json, int64_t now,
                    struct pace_error *err)
{
    if (json == NULL || *json == '\0')
        return pace_fail(err, PACE_EINVAL, NULL, "an empty draft cannot be saved");
    char *ad = draft_ad(user_id);
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "INSERT INTO practice_drafts (user_id, state_enc, "
                                         "updated_at) VALUES (?1, ?2, ?3) ON CONFLICT(user_id) "
                                         "DO UPDATE SET state_enc = ?2, updated_at = ?3");
    sql_bind_int64(st, 1, user_id);
    sql_bind_sealed(s, st, 2, ad, json);
    sql_bind_int64(st, 3, now);
    int rc = sql_step(st);
    sql_done(st);
    int ret = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    db_unlock(s);
    free(ad);
    return ret;
}

int store_draft_delete(struct store *s, int64_t user_id)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM practice_drafts WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    sql_done(st);
    db_unlock(s);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, NULL);
}

int db_practice_insert(struct store *s, int64_t user_id, const struct practice *p, int64_t now,
                       struct pace_error *err)
{
    int rc = check_record(p, now, true, err);
    return rc != 0 ? rc : insert_locked(s, user_id, p, now, err);
}
