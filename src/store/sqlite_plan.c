/*
 * sqlite_plan.c - her plan in SQLite: the program she follows
 * (user_programs, her adjusted parameters as a JSON object) and the goals
 * she picked (user_goals; her own goal's name sealed at rest). See the
 * "Her plan" section of store.h for the contract of each function.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *label_ad(int64_t id)
{
    return xasprintf("user_goals.label_enc:%lld", (long long)id);
}

/* Steps a prepared write and finalizes it. Caller holds the lock. */
static int step_done(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

/* ---- the program ---- */

int store_program_get(struct store *s, int64_t user_id, struct plan_choice *out,
                      struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT program_id, started_at, params, updated_at, "
                                         "updated_by FROM user_programs WHERE user_id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW) {
        sql_col_copy(out->program_id, sizeof out->program_id, st, 0);
        out->started_at = sql_col_int64(st, 1);
        const char *params = sql_col_text(st, 2);
        json_t *j = params ? json_loads(params, 0, NULL) : NULL;
        if (json_is_object(j))
            plan_params_read(j, out);
        json_decref(j);
        out->updated_at = sql_col_int64(st, 3);
        out->updated_by = sql_col_int64(st, 4);
    } else if (rc == SQL_DONE) {
        ret = PACE_ENOTFOUND;
    } else {
        ret = db_fail(s, rc, err);
    }
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

/* Caller holds the lock. */
static int program_put_locked(struct store *s, int64_t user_id, const struct plan_choice *c,
                              int64_t by, int64_t now, struct pace_error *err)
{
    json_t *pj = plan_params_json(c);
    char *params = json_dumps(pj, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(pj);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO user_programs (user_id, program_id, started_at, params, updated_at, "
           "updated_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET "
           "program_id = excluded.program_id, started_at = excluded.started_at, "
           "params = excluded.params, updated_at = excluded.updated_at, "
           "updated_by = excluded.updated_by");
    sql_bind_int64(st, 1, user_id);
    sql_bind_text(st, 2, c->program_id);
    sql_bind_int64(st, 3, c->started_at);
    sql_bind_text(st, 4, params);
    free(params);
    sql_bind_int64(st, 5, now);
    if (by > 0)
        sql_bind_int64(st, 6, by);
    else
        sql_bind_null(st, 6);
    return step_done(s, st, err);
}

int store_program_put(struct store *s, int64_t user_id, const struct plan_choice *c, int64_t by,
                      int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = program_put_locked(s, user_id, c, by, now, err);
    db_unlock(s);
    return rc;
}

int db_program_put(struct store *s, int64_t user_id, const struct plan_choice *c, int64_t now,
                   struct pace_error *err)
{
    return program_put_locked(s, user_id, c, user_id, now, err);
}

/* ---- the goals ---- */

static int read_goal(struct store *s, struct sql_stmt *st, struct plan_goal *g,
                     struct pace_error *err)
{
    memset(g, 0, sizeof *g);
    g->id = sql_col_int64(st, 0);
    sql_col_copy(g->goal_id, sizeof g->goal_id, st, 1);
    if (!sql_col_null(st, 2)) {
        char *ad = label_ad(g->id), *label = NULL;
        int rc = sql_col_opened(s, st, 2, ad, &label, err);
        free(ad);
        if (rc != 0)
            return rc;
        snprintf(g->label, sizeof g->label, "%s", label);
        crypto_wipe(label, strlen(label));
        free(label);
    }
    g->min_mm = sql_col_null(st, 3) ? 0 : sql_col_double(st, 3);
    g->max_mm = sql_col_null(st, 4) ? 0 : sql_col_double(st, 4);
    g->chosen_at = sql_col_int64(st, 5);
    g->achieved_at = sql_col_null(st, 6) ? 0 : sql_col_int64(st, 6);
    return 0;
}

/* Her goals into a new array; caller holds the lock. */
static int list_goals(struct store *s, int64_t user_id, struct plan_goal **items, size_t *n,
                      struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    size_t cap = 0;
    struct sql_stmt *st =
        sql_prepare(s, "SELECT id, goal_id, label_enc, min_mm, max_mm, chosen_at, "
                       "achieved_at FROM user_goals WHERE user_id = ? ORDER BY id");
    sql_bind_int64(st, 1, user_id);
    int rc, ret = 0;
    while ((rc = sql_step(st)) == SQL_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            *items = xrealloc(*items, cap * sizeof **items);
        }
        if ((ret = read_goal(s, st, &(*items)[*n], err)) != 0)
            break;
        (*n)++;
    }
    if (ret == 0 && rc != SQL_DONE)
        ret = db_fail(s, rc, err);
    sql_done(st);
    if (ret != 0) {
        free(*items);
        *items = NULL;
        *n = 0;
    }
    return ret;
}

int store_goals_list(struct store *s, int64_t user_id, struct plan_goal **items, size_t *n,
                     struct pace_error *err)
{
    db_lock_read(s);
    int rc = list_goals(s, user_id, items, n, err);
    db_unlock_read(s);
    return rc;
}

static void bind_achieved(struct sql_stmt *st, int col, int64_t t)
{
    if (t > 0)
        sql_bind_int64(st, col, t);
    else
        sql_bind_null(st, col);
}

static int seal_label(struct store *s, int64_t id, const char *label, struct pace_error *err)
{
    char *ad = label_ad(id);
    struct sql_stmt *st = sql_prepare(s, "UPDATE user_goals SET label_enc = ? WHERE id = ?");
    sql_bind_sealed(s, st, 1, ad, label);
    sql_bind_int64(st, 2, id);
    int rc = step_done(s, st, err);
    free(ad);
    return rc;
}

/* Writes goal g (the i-th of the new list) for her; *kept receives its
 * row id. Caller holds the lock inside a transaction. */
static int put_goal(struct store *s, int64_t user_id, const struct plan_goal *g, size_t i,
                    const struct plan_goal *old, size_t nold, int64_t now, int64_t *kept,
                    struct pace_error *err)
{
    bool custom = plan_goal_is_custom(g);
    const struct plan_goal *had = NULL;
    for (size_t k = 0; k < nold && had == NULL; k++)
        if (custom ? g->id != 0 && old[k].id == g->id && plan_goal_is_custom(&old[k])
                   : strcmp(old[k].goal_id, g->goal_id) == 0)
            had = &old[k];
    if (custom && g->id != 0 && had == NULL) {
        char field[48];
        snprintf(field, sizeof field, "goals[%zu].id", i);
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("There is no goal of yours with this id."));
    }
    struct sql_stmt *st;
    int rc;
    if (had) {
        st = sql_prepare(s, "UPDATE user_goals SET min_mm = ?, max_mm = ?, achieved_at = ? "
                            "WHERE id = ? AND user_id = ?");
        if (custom) {
            sql_bind_double(st, 1, g->min_mm);
            sql_bind_double(st, 2, g->max_mm);
        } else {
            sql_bind_null(st, 1);
            sql_bind_null(st, 2);
        }
        bind_achieved(st, 3, g->achieved_at);
        sql_bind_int64(st, 4, had->id);
        sql_bind_int64(st, 5, user_id);
        *kept = had->id;
        rc = step_done(s, st, err);
    } else {
        /* The sealed name is bound to the row's id, which exists only after
         * the insert: insert with an empty blob, then seal. */
        st = sql_prepare(s, "INSERT INTO user_goals (user_id, goal_id, label_enc, min_mm, max_mm, "
                            "chosen_at, achieved_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
        sql_bind_int64(st, 1, user_id);
        sql_bind_text(st, 2, g->goal_id);
        if (custom) {
            sql_bind_blob(st, 3, "", 0);
            sql_bind_double(st, 4, g->min_mm);
            sql_bind_double(st, 5, g->max_mm);
        } else {
            sql_bind_null(st, 3);
            sql_bind_null(st, 4);
            sql_bind_null(st, 5);
        }
        sql_bind_int64(st, 6, now);
        bind_achieved(st, 7, g->achieved_at);
        rc = sql_step_id(st, kept);
        sql_done(st);
        rc = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    }
    if (rc == 0 && custom)
        rc = seal_label(s, *kept, g->label, err);
    return rc;
}

/* Replaces her goals with items inside the caller's transaction. */
static int goals_set_locked(struct store *s, int64_t user_id, const struct plan_goal *items,
                            size_t n, int64_t now, struct pace_error *err)
{
    if (n > PLAN_MAX_GOALS)
        return pace_fail(err, PACE_EINVAL, "goals", "%s",
                         _("That is more goals than Pace can keep."));
    struct plan_goal *old = NULL;
    size_t nold = 0;
    int64_t *kept = xcalloc(n + 1, sizeof *kept);
    int rc = list_goals(s, user_id, &old, &nold, err);
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = put_goal(s, user_id, &items[i], i, old, nold, now, &kept[i], err);
    for (size_t k = 0; rc == 0 && k < nold; k++) {
        bool listed = false;
        for (size_t i = 0; i < n && !listed; i++)
            listed = kept[i] == old[k].id;
        if (listed)
            continue;
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM user_goals WHERE id = ? AND user_id = ?");
        sql_bind_int64(st, 1, old[k].id);
        sql_bind_int64(st, 2, user_id);
        rc = step_done(s, st, err);
    }
    for (size_t k = 0; k < nold; k++)
        crypto_wipe(old[k].label, sizeof old[k].label);
    free(old);
    free(kept);
    return rc;
}

int store_plan_save(struct store *s, int64_t user_id, const struct plan_choice *c,
                    const struct plan_goal *goals, size_t ngoals, bool set_goals, int64_t by,
                    int64_t now, struct pace_error *err)
{
    if (set_goals && ngoals > PLAN_MAX_GOALS)
        return pace_fail(err, PACE_EINVAL, "goals", "%s",
                         _("That is more goals than Pace can keep."));
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0 && c)
        rc = program_put_locked(s, user_id, c, by, now, err);
    if (rc == 0 && set_goals)
        rc = goals_set_locked(s, user_id, goals, ngoals, now, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

int store_goals_set(struct store *s, int64_t user_id, const struct plan_goal *items, size_t n,
                    int64_t now, struct pace_error *err)
{
    return store_plan_save(s, user_id, NULL, items, n, true, user_id, now, err);
}

int store_goal_set_achieved(struct store *s, int64_t user_id, int64_t id, int64_t achieved_at,
                            struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE user_goals SET achieved_at = ? WHERE id = ? AND user_id = ?");
    bind_achieved(st, 1, achieved_at);
    sql_bind_int64(st, 2, id);
    sql_bind_int64(st, 3, user_id);
    int rc = step_done(s, st, err);
    if (rc == 0 && sql_changes(s) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such goal."));
    db_unlock(s);
    return rc;
}

int db_goals_list(struct store *s, int64_t user_id, struct plan_goal **items, size_t *n,
                  struct pace_error *err)
{
    return list_goals(s, user_id, items, n, err);
}

int db_goal_insert(struct store *s, int64_t user_id, const struct plan_goal *g,
                   struct pace_error *err)
{
    struct plan_goal copy = *g;
    copy.id = 0;
    int64_t kept = 0;
    int rc = put_goal(s, user_id, &copy, 0, NULL, 0, g->chosen_at, &kept, err);
    crypto_wipe(copy.label, sizeof copy.label);
    return rc;
}
