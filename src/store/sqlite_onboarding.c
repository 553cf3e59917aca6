/*
 * sqlite_onboarding.c - her first run (user_onboarding), the cues she chose
 * for the timers (user_cues), her own words for an exam (exam_plans, the
 * requests and stop word sealed at rest) and the first time of things for
 * her milestones. See the "Her first run" section of store.h.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const state_names[] = {"", "started", "done", "skipped"};

/* Steps a prepared write and ends it. Caller holds the lock. */
static int step_done(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_onboarding_get(struct store *s, int64_t user_id, struct onboarding *out,
                         struct pace_error *err)
{
    *out = (struct onboarding){.state = ONBOARD_NEW, .step = 1};
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT state, step, no_kit_yet FROM user_onboarding WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW) {
        const char *state = sql_col_text(st, 0);
        for (int i = ONBOARD_STARTED; state && i <= ONBOARD_SKIPPED; i++)
            if (strcmp(state, state_names[i]) == 0)
                out->state = (enum onboarding_state)i;
        out->step = sql_col_int(st, 1);
        out->no_kit_yet = sql_col_int(st, 2) != 0;
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int store_onboarding_put(struct store *s, int64_t user_id, const struct onboarding *o, int64_t now,
                         struct pace_error *err)
{
    if (o->state < ONBOARD_STARTED || o->state > ONBOARD_SKIPPED || o->step < 1 || o->step > 3)
        return pace_fail(err, PACE_EINVAL, "state", "%s", "not a first-run state");
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO user_onboarding (user_id, state, step, no_kit_yet, updated_at) "
           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, "
           "step = excluded.step, no_kit_yet = excluded.no_kit_yet, "
           "updated_at = excluded.updated_at");
    sql_bind_int64(st, 1, user_id);
    sql_bind_text(st, 2, state_names[o->state]);
    sql_bind_int(st, 3, o->step);
    sql_bind_int(st, 4, o->no_kit_yet ? 1 : 0);
    sql_bind_int64(st, 5, now);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

int store_cues_get(struct store *s, int64_t user_id, struct cue_prefs *out, struct pace_error *err)
{
    *out = (struct cue_prefs){.sound = -1, .vibrate = -1};
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT discreet, sound, vibrate, voice FROM user_cues WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW) {
        out->discreet = sql_col_int(st, 0) != 0;
        out->sound = sql_col_null(st, 1) ? -1 : sql_col_int(st, 1);
        out->vibrate = sql_col_null(st, 2) ? -1 : sql_col_int(st, 2);
        out->voice = sql_col_int(st, 3) != 0;
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

static void bind_choice(struct sql_stmt *st, int col, int v)
{
    if (v < 0)
        sql_bind_null(st, col);
    else
        sql_bind_int(st, col, v ? 1 : 0);
}

int store_cues_put(struct store *s, int64_t user_id, const struct cue_prefs *c, int64_t now,
                   struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO user_cues (user_id, discreet, sound, vibrate, voice, updated_at) "
           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
           "discreet = excluded.discreet, sound = excluded.sound, vibrate = excluded.vibrate, "
           "voice = excluded.voice, updated_at = excluded.updated_at");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int(st, 2, c->discreet ? 1 : 0);
    bind_choice(st, 3, c->sound);
    bind_choice(st, 4, c->vibrate);
    sql_bind_int(st, 5, c->voice ? 1 : 0);
    sql_bind_int64(st, 6, now);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

static char *words_ad(int64_t user_id)
{
    return xasprintf("exam_plans.words_enc:%lld", (long long)user_id);
}

int store_exam_words_get(struct store *s, int64_t user_id, struct exam_words *out,
                         struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT removed, words_enc, prepared_at FROM exam_plans "
                                         "WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW) {
        out->removed = (unsigned)sql_col_int(st, 0);
        out->prepared_at = sql_col_int64(st, 2);
        char *ad = words_ad(user_id), *text = NULL;
        ret = sql_col_opened(s, st, 1, ad, &text, err);
        free(ad);
        if (ret == 0 && *text) {
            json_t *j = json_loads(text, 0, NULL);
            struct pace_error e2 = {0};
            if (j == NULL || exam_words_from_json(j, out, &e2) != 0)
                ret = pace_fail(err, PACE_EIO, NULL, "exam_plans: stored words unreadable");
            json_decref(j);
        }
        if (text) {
            crypto_wipe(text, strlen(text));
            free(text);
        }
    } else if (rc != SQL_DONE) {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

int store_exam_words_put(struct store *s, int64_t user_id, const struct exam_words *w, int64_t now,
                         struct pace_error *err)
{
    int rc = exam_words_check(w, err);
    if (rc != 0)
        return rc;
    json_t *j = exam_words_json(w);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    char *ad = words_ad(user_id);
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO exam_plans (user_id, removed, words_enc, prepared_at, updated_at) "
           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
           "removed = excluded.removed, words_enc = excluded.words_enc, "
           "updated_at = excluded.updated_at");
    sql_bind_int64(st, 1, user_id);
    sql_bind_int(st, 2, (int)w->removed);
    sql_bind_sealed(s, st, 3, ad, text);
    sql_bind_int64(st, 4, now);
    sql_bind_int64(st, 5, now);
    rc = step_done(s, st, err);
    db_unlock(s);
    free(ad);
    crypto_wipe(text, strlen(text));
    free(text);
    return rc;
}

int store_firsts_get(struct store *s, int64_t user_id, struct store_firsts *out,
                     struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT (SELECT MIN(started_at) FROM practice_sessions WHERE user_id = ?1 "
                       "AND outcome <> 'not_today'), (SELECT MIN(taken_at) FROM ladder_entries "
                       "WHERE user_id = ?1)");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW) {
        out->practice_at = sql_col_int64(st, 0);
        out->ladder_at = sql_col_int64(st, 1);
    } else {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    if (ret == 0) {
        /* Sizes to a hundredth of a millimetre, as they are shown. */
        st = sql_prepare(s, "SELECT ROUND(diameter_mm * 100) / 100 AS d, MIN(started_at) FROM "
                            "practice_sessions WHERE user_id = ? AND outcome <> 'not_today' AND "
                            "diameter_mm > 0 GROUP BY d ORDER BY d");
        sql_bind_int64(st, 1, user_id);
        size_t cap = 0;
        while ((rc = sql_step(st)) == SQL_ROW) {
            if (out->nsizes == cap) {
                cap = cap ? 2 * cap : 16;
                out->sizes = xrealloc(out->sizes, cap * sizeof *out->sizes);
            }
            out->sizes[out->nsizes++] = (struct store_first_size){
                .diameter_mm = sql_col_double(st, 0), .at = sql_col_int64(st, 1)};
        }
        if (rc != SQL_DONE)
            ret = db_fail(s, rc, err);
        sql_done(st);
    }
    db_unlock_read(s);
    if (ret != 0) {
        free(out->sizes);
        memset(out, 0, sizeof *out);
    }
    return ret;
}
