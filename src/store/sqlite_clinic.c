/*
 * sqlite_clinic.c - the clinician's workspace (store/clinic.h):
 * verification, her intake (one sealed JSON object), exam notes, plan
 * changes and written feedback. Free text is sealed with the table, column
 * and record as associated data.
 */
#include "sqlite_priv.h"
#include "store/clinic.h"

#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int step_write(struct store *s, struct sql_stmt *st, bool must_change,
                      struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    if (rc != SQL_DONE)
        return db_fail(s, rc, err);
    if (must_change && sql_changes(s) == 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "not found");
    return 0;
}

/* The same for an INSERT ... RETURNING id. */
static int step_insert(struct store *s, struct sql_stmt *st, int64_t *id, struct pace_error *err)
{
    int rc = sql_step_id(st, id);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

/* ---- verification ---- */

int store_user_set_verified(struct store *s, int64_t user_id, int64_t at, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE users SET verified_at = ? WHERE id = ? AND role = 'clinician'");
    if (at > 0)
        sql_bind_int64(st, 1, at);
    else
        sql_bind_null(st, 1);
    sql_bind_int64(st, 2, user_id);
    int rc = step_write(s, st, true, err);
    db_unlock(s);
    return rc;
}

int store_user_verified(struct store *s, int64_t user_id, int64_t *at, struct pace_error *err)
{
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT verified_at FROM users WHERE id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    *at = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
    int r = rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return r;
}

int store_clinicians_list(struct store *s, struct clinician_row **items, size_t *n,
                          struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT id, email, created_at, verified_at FROM users WHERE "
                       "role = 'clinician' ORDER BY id");
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        struct clinician_row *c = &(*items)[(*n)++];
        c->id = sql_col_int64(st, 0);
        sql_col_copy(c->email, sizeof c->email, st, 1);
        c->created_at = sql_col_int64(st, 2);
        c->verified_at = sql_col_int64(st, 3);
    }
    int r = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return r;
}

/* ---- her trail, many at once ---- */

int store_audit_append_many(struct store *s, struct audit_event *e, size_t n,
                            struct pace_error *err)
{
    if (n == 0)
        return 0;
    db_lock(s);
    int rc = db_begin(s, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = db_audit_append(s, &e[i], err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

/* ---- her intake ---- */

static char *intake_ad(int64_t user_id)
{
    return xasprintf("intake.answers_enc:%lld", (long long)user_id);
}

int store_intake_get(struct store *s, int64_t user_id, struct intake *out, int64_t *suggested_at,
                     struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (suggested_at)
        *suggested_at = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT answers_enc, suggested_at, updated_at FROM intake "
                                         "WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), r = 0;
    if (rc == SQL_ROW) {
        char *ad = intake_ad(user_id), *text = NULL;
        r = sql_col_opened(s, st, 0, ad, &text, err);
        free(ad);
        if (r == 0) {
            json_t *j = json_loads(text, 0, NULL);
            struct pace_error e = {0};
            r = j && intake_from_json(j, out, &e) == 0
                    ? 0
                    : pace_fail(err, PACE_EIO, NULL, "her intake could not be read");
            json_decref(j);
            crypto_wipe(text, strlen(text));
        }
        free(text);
        if (suggested_at)
            *suggested_at = sql_col_int64(st, 1);
        out->updated_at = sql_col_int64(st, 2);
    } else {
        r = rc == SQL_DONE ? pace_fail(err, PACE_ENOTFOUND, NULL, "no intake")
                           : db_fail(s, rc, err);
    }
    sql_done(st);
    db_unlock_read(s);
    return r;
}

int store_intake_put(struct store *s, int64_t user_id, const struct intake *in, int64_t now,
                     struct pace_error *err)
{
    json_t *j = intake_to_json(in);
    char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    char *ad = intake_ad(user_id);
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO intake (user_id, answers_enc, created_at, updated_at) VALUES (?, ?, ?, ?) "
           "ON CONFLICT (user_id) DO UPDATE SET answers_enc = excluded.answers_enc, "
           "updated_at = excluded.updated_at");
    sql_bind_int64(st, 1, user_id);
    sql_bind_sealed(s, st, 2, ad, text);
    sql_bind_int64(st, 3, now);
    sql_bind_int64(st, 4, now);
    int rc = step_write(s, st, false, err);
    db_unlock(s);
    free(ad);
    crypto_wipe(text, strlen(text));
    free(text);
    return rc;
}

int store_intake_suggested(struct store *s, int64_t user_id, int64_t now, struct pace_error *err)
{
    db_lock_rare(s); /* on /today, once: the suggestion is shown one time */
    struct sql_stmt *st = sql_prepare(
        s, "UPDATE intake SET suggested_at = ? WHERE user_id = ? AND suggested_at IS NULL");
    sql_bind_int64(st, 1, now);
    sql_bind_int64(st, 2, user_id);
    int rc = step_write(s, st, false, err);
    db_unlock(s);
    return rc;
}

/* ---- exam notes ---- */

static char *row_ad(const char *table_col, const char *public_id)
{
    return xasprintf("%s:%s", table_col, public_id);
}

int store_exam_insert(struct store *s, struct exam_note *n, int64_t now, struct pace_error *err)
{
    crypto_uuid(n->public_id);
    n->created_at = now;
    char *fad = row_ad("exam_notes.findings_enc", n->public_id);
    char *pad = row_ad("exam_notes.patient_note_enc", n->public_id);
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO exam_notes (public_id, subject_id, author_id, date, grade, findings_enc, "
           "patient_note_enc, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    sql_bind_text(st, 1, n->public_id);
    sql_bind_int64(st, 2, n->subject_id);
    sql_bind_int64(st, 3, n->author_id);
    sql_bind_text(st, 4, n->date);
    sql_bind_int(st, 5, n->grade);
    sql_bind_sealed(s, st, 6, fad, n->findings);
    sql_bind_sealed(s, st, 7, pad, n->patient_note);
    sql_bind_int64(st, 8, now);
    int rc = step_insert(s, st, &n->id, err);
    db_unlock(s);
    free(fad);
    free(pad);
    return rc;
}

void store_exams_free(struct exam_note *items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        clinic_exam_clear(&items[i]);
    free(items);
}

int store_exam_list(struct store *s, int64_t subject_id, int64_t author_id,
                    struct exam_note **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT e.id, e.public_id, e.author_id, e.date, e.grade, e.findings_enc, "
           "e.patient_note_enc, e.created_at, u.email FROM exam_notes e LEFT JOIN users u ON "
           "u.id = e.author_id WHERE e.subject_id = ?1 AND (e.author_id = ?2 OR ?2 = 0) "
           "ORDER BY e.date, e.id");
    sql_bind_int64(st, 1, subject_id);
    sql_bind_int64(st, 2, author_id);
    int rc, r = 0;
    while (r == 0 && (rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        struct exam_note *e = &(*items)[(*n)++];
        clinic_exam_init(e);
        e->id = sql_col_int64(st, 0);
        sql_col_copy(e->public_id, sizeof e->public_id, st, 1);
        e->subject_id = subject_id;
        e->author_id = sql_col_int64(st, 2);
        sql_col_copy(e->date, sizeof e->date, st, 3);
        e->grade = sql_col_int(st, 4);
        char *fad = row_ad("exam_notes.findings_enc", e->public_id);
        char *pad = row_ad("exam_notes.patient_note_enc", e->public_id);
        r = sql_col_opened(s, st, 5, fad, &e->findings, err);
        if (r == 0)
            r = sql_col_opened(s, st, 6, pad, &e->patient_note, err);
        free(fad);
        free(pad);
        e->created_at = sql_col_int64(st, 7);
        sql_col_copy(e->author_email, sizeof e->author_email, st, 8);
    }
    if (r == 0 && rc != SQL_DONE)
        r = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (r != 0) {
        store_exams_free(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return r;
}

/* ---- plan changes ---- */

#define CHANGE_COLS                                                                                \
    "c.id, c.public_id, c.subject_id, c.author_id, c.kind, c.status, c.change_enc, "               \
    "c.reason_enc, c.created_at, c.decided_at, c.seen_at, u.email"

static json_t *change_body(const struct plan_change *ch)
{
    json_t *params = json_object();
    for (int i = 0; i < P_PARAM_COUNT; i++)
        if (ch->set[i])
            json_object_set_new(params, engine_params[i].name, json_integer(ch->v[i]));
    json_t *j = json_object();
    json_object_set_new(j, "program",
                        ch->program_id[0] ? json_string(ch->program_id) : json_null());
    json_object_set_new(j, "params", params);
    return j;
}

static int change_row(struct store *s, struct sql_stmt *st, struct plan_change *c,
                      struct pace_error *err)
{
    memset(c, 0, sizeof *c);
    c->id = sql_col_int64(st, 0);
    sql_col_copy(c->public_id, sizeof c->public_id, st, 1);
    c->subject_id = sql_col_int64(st, 2);
    c->author_id = sql_col_int64(st, 3);
    c->kind = (enum change_kind)clinic_change_kind_parse(sql_col_text(st, 4));
    c->status = (enum change_status)clinic_change_status_parse(sql_col_text(st, 5));
    char *cad = row_ad("plan_changes.change_enc", c->public_id);
    char *rad = row_ad("plan_changes.reason_enc", c->public_id);
    char *body = NULL, *reason = NULL;
    int r = sql_col_opened(s, st, 6, cad, &body, err);
    if (r == 0)
        r = sql_col_opened(s, st, 7, rad, &reason, err);
    if (r == 0) {
        json_t *j = json_loads(body, 0, NULL);
        if (j)
            json_object_set_new(j, "reason", json_string(reason));
        struct plan_change parsed;
        struct pace_error e = {0};
        if (j && clinic_change_from_json(j, &parsed, &e) == 0) {
            memcpy(c->program_id, parsed.program_id, sizeof c->program_id);
            memcpy(c->set, parsed.set, sizeof c->set);
            memcpy(c->v, parsed.v, sizeof c->v);
            memcpy(c->reason, parsed.reason, sizeof c->reason);
        } else {
            r = pace_fail(err, PACE_EIO, NULL, "a plan change could not be read");
        }
        json_decref(j);
    }
    free(body);
    free(reason);
    free(cad);
    free(rad);
    c->created_at = sql_col_int64(st, 8);
    c->decided_at = sql_col_int64(st, 9);
    c->seen_at = sql_col_int64(st, 10);
    sql_col_copy(c->author_email, sizeof c->author_email, st, 11);
    return r;
}

/* Her plan becomes *apply, changed by who. Caller holds the lock in a
 * transaction. */
static int apply_locked(struct store *s, int64_t subject_id, const struct plan_choice *apply,
                        int64_t by, int64_t now, struct pace_error *err)
{
    int rc = db_program_put(s, subject_id, apply, now, err);
    if (rc != 0 || by == subject_id)
        return rc;
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE user_programs SET updated_by = ? WHERE user_id = ?");
    sql_bind_int64(st, 1, by);
    sql_bind_int64(st, 2, subject_id);
    return step_write(s, st, false, err);
}

int store_change_insert(struct store *s, struct plan_change *ch, const struct plan_choice *apply,
                        int64_t now, struct pace_error *err)
{
    crypto_uuid(ch->public_id);
    ch->created_at = now;
    json_t *j = change_body(ch);
    char *body = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(j);
    char *cad = row_ad("plan_changes.change_enc", ch->public_id);
    char *rad = row_ad("plan_changes.reason_enc", ch->public_id);
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0 && ch->kind == CHANGE_PROPOSAL) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE plan_changes SET status = 'withdrawn', "
                           "decided_at = ? WHERE subject_id = ? AND author_id = ? AND "
                           "status = 'open'");
        sql_bind_int64(st, 1, now);
        sql_bind_int64(st, 2, ch->subject_id);
        sql_bind_int64(st, 3, ch->author_id);
        rc = step_write(s, st, false, err);
    }
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(
            s, "INSERT INTO plan_changes (public_id, subject_id, author_id, kind, status, "
               "change_enc, reason_enc, created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
               "RETURNING id");
        sql_bind_text(st, 1, ch->public_id);
        sql_bind_int64(st, 2, ch->subject_id);
        sql_bind_int64(st, 3, ch->author_id);
        sql_bind_text(st, 4, clinic_change_kind_name(ch->kind));
        sql_bind_text(st, 5, clinic_change_status_name(ch->status));
        sql_bind_sealed(s, st, 6, cad, body);
        sql_bind_sealed(s, st, 7, rad, ch->reason);
        sql_bind_int64(st, 8, now);
        if (ch->decided_at)
            sql_bind_int64(st, 9, ch->decided_at);
        else
            sql_bind_null(st, 9);
        rc = step_insert(s, st, &ch->id, err);
    }
    if (rc == 0 && apply)
        rc = apply_locked(s, ch->subject_id, apply, ch->author_id, now, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    free(body);
    free(cad);
    free(rad);
    return rc;
}

int store_change_list(struct store *s, int64_t subject_id, int64_t author_id, int status,
                      struct plan_change **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT " CHANGE_COLS " FROM plan_changes c LEFT JOIN users u ON u.id = c.author_id "
           "WHERE c.subject_id = ?1 AND (c.author_id = ?2 OR ?2 = 0) AND ("
           "c.status = ?3 OR ?3 = '') ORDER BY c.created_at DESC, c.id DESC");
    sql_bind_int64(st, 1, subject_id);
    sql_bind_int64(st, 2, author_id);
    sql_bind_text(st, 3, status >= 0 ? clinic_change_status_name(status) : "");
    int rc, r = 0;
    while (r == 0 && (rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        r = change_row(s, st, &(*items)[(*n)++], err);
    }
    if (r == 0 && rc != SQL_DONE)
        r = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (r != 0) {
        free(*items);
        *items = NULL;
        *n = 0;
    }
    return r;
}

int store_change_get(struct store *s, int64_t subject_id, const char *public_id,
                     struct plan_change *out, struct pace_error *err)
{
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT " CHANGE_COLS " FROM plan_changes c LEFT JOIN users u ON u.id = "
                       "c.author_id WHERE c.subject_id = ? AND c.public_id = ?");
    sql_bind_int64(st, 1, subject_id);
    sql_bind_text(st, 2, public_id);
    int rc = sql_step(st), r;
    if (rc == SQL_ROW)
        r = change_row(s, st, out, err);
    else
        r = rc == SQL_DONE ? pace_fail(err, PACE_ENOTFOUND, NULL, "not found")
                           : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return r;
}

int store_change_decide(struct store *s, int64_t subject_id, int64_t change_id,
                        enum change_status status, const struct plan_choice *apply, int64_t now,
                        struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE plan_changes SET status = ?, decided_at = ? WHERE "
                           "id = ? AND subject_id = ? AND status = 'open'");
        sql_bind_text(st, 1, clinic_change_status_name(status));
        sql_bind_int64(st, 2, now);
        sql_bind_int64(st, 3, change_id);
        sql_bind_int64(st, 4, subject_id);
        rc = step_write(s, st, true, err);
    }
    if (rc == 0 && apply)
        rc = apply_locked(s, subject_id, apply, subject_id, now, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

int store_change_seen(struct store *s, int64_t subject_id, int64_t now, struct pace_error *err)
{
    /* On /today, once for each change her clinician made: rare enough for
     * the page's own thread. */
    db_lock_rare(s);
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE plan_changes SET seen_at = ? WHERE subject_id = ? AND "
                       "kind = 'edit' AND seen_at IS NULL");
    sql_bind_int64(st, 1, now);
    sql_bind_int64(st, 2, subject_id);
    int rc = step_write(s, st, false, err);
    db_unlock(s);
    return rc;
}

/* ---- written feedback ---- */

int store_feedback_insert(struct store *s, struct clinic_feedback *f, int64_t now,
                          struct pace_error *err)
{
    crypto_uuid(f->public_id);
    f->created_at = now;
    char *ad = row_ad("clinic_feedback.text_enc", f->public_id);
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "INSERT INTO clinic_feedback (public_id, subject_id, author_id, "
                       "text_enc, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id");
    sql_bind_text(st, 1, f->public_id);
    sql_bind_int64(st, 2, f->subject_id);
    sql_bind_int64(st, 3, f->author_id);
    sql_bind_sealed(s, st, 4, ad, f->text);
    sql_bind_int64(st, 5, now);
    int rc = step_insert(s, st, &f->id, err);
    db_unlock(s);
    free(ad);
    return rc;
}

int store_feedback_list(struct store *s, int64_t subject_id, int64_t author_id, bool unseen,
                        int limit, struct clinic_feedback **items, size_t *n,
                        struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(
        s, "SELECT f.id, f.public_id, f.author_id, f.text_enc, f.created_at, f.seen_at, u.email "
           "FROM clinic_feedback f LEFT JOIN users u ON u.id = f.author_id WHERE "
           "f.subject_id = ?1 AND (f.author_id = ?2 OR ?2 = 0) AND (f.seen_at IS "
           "NULL OR ?3 = 0) ORDER BY f.created_at DESC, f.id DESC LIMIT ?4");
    sql_bind_int64(st, 1, subject_id);
    sql_bind_int64(st, 2, author_id);
    sql_bind_int(st, 3, unseen);
    sql_bind_int(st, 4, limit > 0 ? limit : 100);
    int rc, r = 0;
    while (r == 0 && (rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        struct clinic_feedback *f = &(*items)[(*n)++];
        memset(f, 0, sizeof *f);
        f->id = sql_col_int64(st, 0);
        sql_col_copy(f->public_id, sizeof f->public_id, st, 1);
        f->subject_id = subject_id;
        f->author_id = sql_col_int64(st, 2);
        char *ad = row_ad("clinic_feedback.text_enc", f->public_id);
        r = sql_col_opened(s, st, 3, ad, &f->text, err);
        free(ad);
        f->created_at = sql_col_int64(st, 4);
        f->seen_at = sql_col_int64(st, 5);
        sql_col_copy(f->author_email, sizeof f->author_email, st, 6);
    }
    if (r == 0 && rc != SQL_DONE)
        r = db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    if (r != 0) {
        clinic_feedback_list_free(*items, *n);
        *items = NULL;
        *n = 0;
    }
    return r;
}

int store_feedback_seen(struct store *s, int64_t subject_id, const char *public_id, int64_t now,
                        struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE clinic_feedback SET seen_at = ? WHERE subject_id = ? "
                       "AND public_id = ? AND seen_at IS NULL");
    sql_bind_int64(st, 1, now);
    sql_bind_int64(st, 2, subject_id);
    sql_bind_text(st, 3, public_id);
    int rc = step_write(s, st, true, err);
    db_unlock(s);
    return rc;
}
