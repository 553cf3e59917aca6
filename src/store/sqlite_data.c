/*
 * sqlite_data.c - her data as a whole: how much one person keeps (the
 * caps that bound an export), her pseudonym for FHIR exports, importing an
 * export in one transaction, and erasing her account with every row of
 * hers.
 */
#include "sqlite_priv.h"

#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void store_throttle_account_key(struct store *s, const char *email, char out[80])
{
    unsigned char k[CRYPTO_KEY_BYTES];
    crypto_subkey(store_key(s), 2, "throttle", k);
    char hex[2 * CRYPTO_HASH_BYTES + 1];
    crypto_keyed_hex(k, email, hex);
    crypto_wipe(k, sizeof k);
    snprintf(out, 80, "acct:%s", hex);
}

/* ---- how much she keeps ---- */

_Static_assert(EXPORT_MAX_SESSIONS == 10000 && EXPORT_MAX_LADDER == 10000,
               "the sentences below say 10,000");

int db_practice_count(struct store *s, int64_t user_id, int64_t *n, struct pace_error *err)
{
    /* Kept by the database at each insert and delete (migration 18). */
    struct sql_stmt *st =
        sql_prepare(s, "SELECT coalesce((SELECT n FROM practice_counts WHERE user_id = ?), 0)");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    *n = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
    sql_done(st);
    return rc == SQL_ROW ? 0 : db_fail(s, rc, err);
}

int db_practice_room(struct store *s, int64_t user_id, size_t adding, struct pace_error *err)
{
    int64_t have = 0;
    int rc = db_practice_count(s, user_id, &have, err);
    if (rc == 0 && (uint64_t)have + adding > EXPORT_MAX_SESSIONS)
        rc = pace_fail(err, PACE_EINVAL, NULL, "%s",
                       _("Pace keeps up to 10,000 practice sessions for each person, and you "
                         "have that many. You can download your data from Settings."));
    return rc;
}

/* ---- her pseudonym ---- */

static int pseudonym_get(struct store *s, int64_t user_id, char out[EXPORT_PSEUDONYM_LEN + 1],
                         struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT pseudonym FROM users WHERE id = ?");
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    out[0] = '\0';
    if (rc == SQL_ROW)
        sql_col_copy(out, EXPORT_PSEUDONYM_LEN + 1, st, 0);
    sql_done(st);
    if (rc == SQL_DONE)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    return rc == SQL_ROW ? 0 : db_fail(s, rc, err);
}

/* Sets her pseudonym when she has none (or, with replace, in any case)
 * and nobody here has that one; *set tells whether it was. */
static int pseudonym_set(struct store *s, int64_t user_id, const char *value, bool replace,
                         bool *set, struct pace_error *err)
{
    struct sql_stmt *st =
        sql_prepare(s, "UPDATE users SET pseudonym = ?1 "
                       "WHERE id = ?2 AND (?3 OR pseudonym IS NULL) AND NOT EXISTS "
                       "(SELECT 1 FROM users WHERE pseudonym = ?1 AND id <> ?2)");
    sql_bind_text(st, 1, value);
    sql_bind_int64(st, 2, user_id);
    sql_bind_int(st, 3, replace);
    int rc = sql_step(st);
    sql_done(st);
    *set = rc == SQL_DONE && sql_changes(s) > 0;
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_user_pseudonym(struct store *s, int64_t user_id, char out[EXPORT_PSEUDONYM_LEN + 1],
                         struct pace_error *err)
{
    /* Made once: after that a read in the request's snapshot (each export
     * asks). */
    db_lock_read(s);
    int rc = pseudonym_get(s, user_id, out, err);
    db_unlock_read(s);
    if (rc != 0 || out[0] != '\0')
        return rc;
    db_lock(s);
    rc = pseudonym_get(s, user_id, out, err);
    if (rc == 0 && out[0] == '\0') {
        /* The first one is what her FHIR exports from this server were
         * called before pseudonyms were kept (a keyed hash of her account
         * id, meaningless elsewhere), so they keep their Patient id; should
         * someone here already have that, a random one. */
        unsigned char k[CRYPTO_KEY_BYTES];
        crypto_subkey(store_key(s), 4, "fhir-pid", k);
        char idtext[32], hex[2 * CRYPTO_HASH_BYTES + 1], value[EXPORT_PSEUDONYM_LEN + 1];
        snprintf(idtext, sizeof idtext, "%lld", (long long)user_id);
        crypto_keyed_hex(k, idtext, hex);
        crypto_wipe(k, sizeof k);
        snprintf(value, sizeof value, "pace-%.32s", hex);
        bool set = false;
        rc = pseudonym_set(s, user_id, value, false, &set, err);
        if (rc == 0 && !set) {
            char uuid[CRYPTO_UUID_CHARS + 1];
            crypto_uuid(uuid);
            size_t o = 5;
            for (const char *c = uuid; *c && o < EXPORT_PSEUDONYM_LEN; c++)
                if (*c != '-')
                    value[o++] = (char)(*c >= 'A' && *c <= 'F' ? *c - 'A' + 'a' : *c);
            value[o] = '\0';
            rc = pseudonym_set(s, user_id, value, false, &set, err);
        }
        if (rc == 0)
            rc = pseudonym_get(s, user_id, out, err);
        if (rc == 0 && out[0] == '\0')
            rc = pace_fail(err, PACE_EIO, NULL, "no pseudonym could be made");
    }
    db_unlock(s);
    return rc;
}

/* Runs one statement with the user id bound to ?1. */
static int exec_for(struct store *s, const char *sql, int64_t user_id, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, sql);
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_user_erase(struct store *s, int64_t user_id, struct pace_error *err)
{
    /* Every table that holds something of hers, children first. The
     * foreign keys would cascade, but naming each table keeps this list
     * the one place to extend when a table is added. */
    static const char *const deletes[] = {
        "DELETE FROM practice_sessions WHERE user_id = ?1",
        "DELETE FROM practice_drafts WHERE user_id = ?1",
        "DELETE FROM kit_items WHERE user_id = ?1",
        "DELETE FROM custom_items WHERE user_id = ?1",
        "DELETE FROM user_programs WHERE user_id = ?1",
        "UPDATE user_programs SET updated_by = NULL WHERE updated_by = ?1",
        "DELETE FROM user_goals WHERE user_id = ?1",
        "DELETE FROM ladder_entries WHERE user_id = ?1",
        "DELETE FROM reminders WHERE user_id = ?1",
        "DELETE FROM user_onboarding WHERE user_id = ?1",
        "DELETE FROM user_cues WHERE user_id = ?1",
        "DELETE FROM exam_plans WHERE user_id = ?1",
        "DELETE FROM recovery_codes WHERE user_id = ?1",
        "DELETE FROM reset_links WHERE user_id = ?1",
        "DELETE FROM logins WHERE user_id = ?1",
        "DELETE FROM api_tokens WHERE user_id = ?1",
        "DELETE FROM audit_events WHERE subject_id = ?1",
        "DELETE FROM report_links WHERE subject_id = ?1",
        "DELETE FROM grants WHERE subject_id = ?1 OR grantee_id = ?1",
    };
    struct user u;
    if (store_user_get(s, user_id, &u) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    char key[80];
    store_throttle_account_key(s, u.email, key);
    db_lock(s);
    int rc = db_begin(s, err);
    for (size_t i = 0; rc == 0 && i < sizeof deletes / sizeof deletes[0]; i++)
        rc = exec_for(s, deletes[i], user_id, err);
    if (rc == 0) /* the community: her posts go, or stay as a former member's */
        rc = db_cm_leave(s, user_id, -1, err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "DELETE FROM throttle WHERE key = ?");
        sql_bind_text(st, 1, key);
        int r2 = sql_step(st);
        sql_done(st);
        rc = r2 == SQL_DONE ? 0 : db_fail(s, r2, err);
    }
    if (rc == 0)
        rc = exec_for(s, "DELETE FROM users WHERE id = ?1", user_id, err);
    if (rc == 0 && sql_changes(s) == 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    /* Fold the write-ahead log back into the database file, so the
     * overwritten pages are the only copy (secure_delete zeroed them). */
    if (rc == 0 && s->engine == DB_SQLITE)
        lite_checkpoint(s);
    db_unlock(s);
    memset(&u, 0, sizeof u);
    return rc;
}

/* ---- import ---- */

/* Who owns session id: 0 nobody, else the user id. */
static int session_owner(struct store *s, const char *id, int64_t *owner, struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "SELECT user_id FROM practice_sessions WHERE id = ?");
    sql_bind_text(st, 1, id);
    int rc = sql_step(st);
    *owner = rc == SQL_ROW ? sql_col_int64(st, 0) : 0;
    sql_done(st);
    return rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static bool same_mm(double a, double b)
{
    return fabs(a - b) < 0.05;
}

/* The new id of the file's own item old_id, after import_customs. */
static int64_t mapped(const struct export_doc *d, const int64_t *map, int64_t old_id)
{
    for (size_t i = 0; i < d->ncustom; i++)
        if (d->customs[i].id == old_id)
            return map[i];
    return 0;
}

/* Remaps "custom-<file id>" in id to this instance's id, in place. */
static void remap_id(const struct export_doc *d, const int64_t *map, char *id, size_t n)
{
    int64_t old;
    if (!custom_id_parse(id, &old))
        return;
    struct kit_id k;
    custom_item_id(mapped(d, map, old), &k);
    snprintf(id, n, "%s", k.s);
}

static bool in_file_kit(const struct export_doc *d, int64_t custom_file_id)
{
    struct kit_id k;
    custom_item_id(custom_file_id, &k);
    for (size_t i = 0; i < d->nkit; i++)
        if (strcmp(d->kit[i].s, k.s) == 0)
            return true;
    return false;
}

static int import_customs(struct store *s, int64_t user_id, const struct export_doc *d,
                          int64_t *map, struct import_counts *c, struct pace_error *err)
{
    struct custom_item *have = NULL;
    size_t nhave = 0;
    int rc = db_custom_list(s, user_id, &have, &nhave, err);
    for (size_t i = 0; rc == 0 && i < d->ncustom; i++) {
        const struct custom_item *it = &d->customs[i];
        map[i] = 0;
        for (size_t k = 0; k < nhave && map[i] == 0; k++)
            if (strcmp(have[k].label, it->label) == 0 &&
                same_mm(have[k].diameter_mm, it->diameter_mm))
                map[i] = have[k].id;
        if (map[i] != 0) {
            c->custom_skipped++;
            continue;
        }
        rc = db_custom_insert(s, user_id, it, it->created_at, in_file_kit(d, it->id), &map[i], err);
        if (rc != 0) {
            char f[48];
            snprintf(f, sizeof f, "kit.custom_items[%zu]", i);
            snprintf(err->field, sizeof err->field, "%s", f);
        } else {
            c->custom_added++;
        }
    }
    if (have)
        memset(have, 0, nhave * sizeof *have);
    free(have);
    return rc;
}

static int import_kit(struct store *s, int64_t user_id, const struct export_doc *d,
                      const int64_t *map, int64_t now, struct import_counts *c,
                      struct pace_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->nkit; i++) {
        struct kit_id id = d->kit[i];
        int64_t old = 0, cid = 0;
        if (custom_id_parse(id.s, &old)) {
            cid = mapped(d, map, old);
            custom_item_id(cid, &id);
        }
        struct sql_stmt *st = sql_prepare(s, "INSERT INTO kit_items (user_id, item_id, "
                                             "custom_id, added_at) VALUES (?, ?, ?, ?) "
                                             "ON CONFLICT DO NOTHING");
        sql_bind_int64(st, 1, user_id);
        sql_bind_text(st, 2, id.s);
        if (cid)
            sql_bind_int64(st, 3, cid);
        else
            sql_bind_null(st, 3);
        sql_bind_int64(st, 4, now);
        int r2 = sql_step(st);
        sql_done(st);
        if (r2 != SQL_DONE)
            rc = db_fail(s, r2, err);
        else if (sql_changes(s) > 0)
            c->kit_added++;
        else if (cid == 0) /* her own items were counted with them */
            c->kit_skipped++;
    }
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "SELECT count(*) FROM kit_items WHERE user_id = ?");
        sql_bind_int64(st, 1, user_id);
        int n = sql_step(st) == SQL_ROW ? sql_col_int(st, 0) : 0;
        sql_done(st);
        if (n > KIT_MAX_ITEMS)
            rc = pace_fail(err, PACE_EINVAL, "kit.items", "%s",
                           _("With this file your kit would hold more items than Pace keeps."));
    }
    return rc;
}

static int import_sessions(struct store *s, int64_t user_id, const struct export_doc *d,
                           const int64_t *map, int64_t now, struct import_counts *c,
                           struct pace_error *err)
{
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < d->nsessions; i++) {
        const struct practice *p = &d->sessions[i];
        int64_t owner = 0;
        if ((rc = session_owner(s, p->id, &owner, err)) != 0)
            break;
        if (owner == user_id) {
            c->sessions_skipped++;
            continue;
        }
        char f[48];
        snprintf(f, sizeof f, "sessions[%zu].id", i);
        if (owner != 0) {
            rc = pace_fail(err, PACE_ECONFLICT, f, "%s",
                           _("A session in this file has an id that another account on this "
                             "server already uses, so nothing was imported."));
            break;
        }
        struct practice copy = *p;
        remap_id(d, map, copy.dilator_id, sizeof copy.dilator_id);
        rc = db_practice_insert(s, user_id, &copy, now, err);
        if (rc != 0)
            snprintf(err->field, sizeof err->field, "%s", f);
        else
            c->sessions_added++;
    }
    return rc;
}

static int import_goals(struct store *s, int64_t user_id, const struct export_doc *d,
                        struct import_counts *c, struct pace_error *err)
{
    struct plan_goal *have = NULL;
    size_t nhave = 0;
    int rc = db_goals_list(s, user_id, &have, &nhave, err);
    int customs = 0;
    for (size_t k = 0; rc == 0 && k < nhave; k++)
        customs += plan_goal_is_custom(&have[k]);
    for (size_t i = 0; rc == 0 && i < d->ngoals; i++) {
        const struct plan_goal *g = &d->goals[i];
        bool custom = plan_goal_is_custom(g), found = false;
        for (size_t k = 0; k < nhave && !found; k++) {
            if (custom != plan_goal_is_custom(&have[k]) || strcmp(have[k].goal_id, g->goal_id) != 0)
                continue;
            found = !custom ||
                    (strcmp(have[k].label, g->label) == 0 && same_mm(have[k].min_mm, g->min_mm) &&
                     same_mm(have[k].max_mm, g->max_mm));
        }
        if (found) {
            c->goals_skipped++;
            continue;
        }
        char f[32];
        snprintf(f, sizeof f, "goals[%zu]", i);
        if (custom && ++customs > PLAN_MAX_CUSTOM_GOALS) {
            rc = pace_fail(err, PACE_EINVAL, f, "%s",
                           _("With this file you would have more goals of your own than Pace "
                             "keeps."));
            break;
        }
        if ((rc = db_goal_insert(s, user_id, g, err)) != 0)
            snprintf(err->field, sizeof err->field, "%s", f);
        else
            c->goals_added++;
    }
    if (have)
        memset(have, 0, nhave * sizeof *have);
    free(have);
    return rc;
}

struct ladder_ref {
    int64_t at;
    uint64_t key;
    size_t i;
};

static int ladder_ref_cmp(const void *a, const void *b)
{
    const struct ladder_ref *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static struct ladder_ref *ladder_refs(const struct ladder_entry *l, size_t n)
{
    struct ladder_ref *r = xcalloc(n ? n : 1, sizeof *r);
    for (size_t i = 0; i < n; i++)
        r[i] = (struct ladder_ref){l[i].taken_at, export_ladder_key(&l[i]), i};
    qsort(r, n, sizeof *r, ladder_ref_cmp);
    return r;
}

static int import_ladder(struct store *s, int64_t user_id, const struct export_doc *d,
                         struct import_counts *c, struct pace_error *err)
{
    /* An entry is one she has when it was taken at the same second with the
     * same answers. Each such entry is added as many times as the file has
     * it more often than she does: importing a file twice adds nothing, and
     * two equal entries in one file are both kept. */
    struct ladder_entry *have = NULL;
    size_t nhave = 0;
    int rc = db_ladder_all(s, user_id, 0, 0, &have, &nhave, err);
    if (rc != 0)
        return rc;
    struct ladder_ref *h = ladder_refs(have, nhave), *f = ladder_refs(d->ladder, d->nladder);
    bool *add = xcalloc(d->nladder + 1, sizeof *add);
    size_t hk = 0, added = 0;
    for (size_t k = 0; k < d->nladder;) {
        size_t end = k;
        while (end < d->nladder && f[end].at == f[k].at && f[end].key == f[k].key)
            end++;
        while (hk < nhave && ladder_ref_cmp(&h[hk], &(struct ladder_ref){f[k].at, f[k].key, 0}) < 0)
            hk++;
        size_t same = 0;
        while (hk < nhave && h[hk].at == f[k].at && h[hk].key == f[k].key) {
            same++;
            hk++;
        }
        for (size_t j = k + same; j < end; j++) {
            add[f[j].i] = true;
            added++;
        }
        k = end;
    }
    if ((uint64_t)nhave + added > EXPORT_MAX_LADDER)
        rc = pace_fail(err, PACE_EINVAL, "ladder", "%s",
                       _("With this file you would have more comfort-ladder entries than Pace "
                         "keeps for one person (10,000)."));
    /* The file lists them newest first: oldest first here, so entries
     * taken in the same second keep their order. */
    for (size_t k = d->nladder; rc == 0 && k-- > 0;) {
        if (!add[k]) {
            c->ladder_skipped++;
            continue;
        }
        struct ladder_entry e = d->ladder[k];
        if ((rc = db_ladder_insert(s, user_id, &e, err)) != 0)
            snprintf(err->field, sizeof err->field, "ladder[%zu]", k);
        else
            c->ladder_added++;
    }
    free(add);
    free(f);
    free(h);
    free(have);
    return rc;
}

/* Whether a query on her row finds something (*yes). */
static int exists(struct store *s, const char *sql, int64_t user_id, bool *yes,
                  struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, sql);
    sql_bind_int64(st, 1, user_id);
    int rc = sql_step(st);
    *yes = rc == SQL_ROW;
    sql_done(st);
    return rc == SQL_ROW || rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static int import_account(struct store *s, int64_t user_id, const struct export_doc *d, int64_t now,
                          bool fresh, struct import_counts *c, struct pace_error *err)
{
    bool yes = false;
    int rc = 0;
    if (d->has_program && (rc = exists(s, "SELECT 1 FROM user_programs WHERE user_id = ?", user_id,
                                       &yes, err)) == 0) {
        if (yes)
            c->program_skipped++;
        else if ((rc = db_program_put(s, user_id, &d->program, now, err)) == 0)
            c->program_added++;
    }
    if (rc == 0 && d->has_reminder &&
        (rc = exists(s, "SELECT 1 FROM reminders WHERE user_id = ?", user_id, &yes, err)) == 0) {
        struct reminder r = d->reminder;
        if (yes)
            c->reminders_skipped++;
        else if ((rc = db_reminder_add(s, user_id, &r, now, err)) == 0)
            c->reminders_added++;
    }
    if (rc == 0 && d->about && d->about[0] &&
        (rc = exists(s, "SELECT 1 FROM users WHERE id = ? AND about_enc IS NOT NULL", user_id, &yes,
                     err)) == 0) {
        if (yes)
            c->about_skipped++;
        else if ((rc = db_user_set_about(s, user_id, d->about, err)) == 0)
            c->about_added++;
    }
    /* Her pseudonym from the file when she has none, or when nothing of
     * hers could have gone out under her own yet (no sessions, no ladder
     * entries before this import: a new account here). */
    bool set = false;
    if (rc == 0 && d->pseudonym[0])
        rc = pseudonym_set(s, user_id, d->pseudonym, fresh, &set, err);
    if (rc == 0 && d->lang >= 0 &&
        (rc = exists(s, "SELECT 1 FROM users WHERE id = ? AND lang IS NOT NULL", user_id, &yes,
                     err)) == 0) {
        if (yes) {
            c->language_skipped++;
        } else {
            struct sql_stmt *st = sql_prepare(s, "UPDATE users SET lang = ? WHERE id = ?");
            sql_bind_text(st, 1, i18n_code((enum lang)d->lang));
            sql_bind_int64(st, 2, user_id);
            int r2 = sql_step(st);
            sql_done(st);
            rc = r2 == SQL_DONE ? 0 : db_fail(s, r2, err);
            c->language_added += rc == 0;
        }
    }
    return rc;
}

int store_import(struct store *s, int64_t user_id, const struct export_doc *d, int64_t now,
                 struct import_counts *out, struct pace_error *err)
{
    struct import_counts c;
    struct pace_error local = {0};
    if (err == NULL)
        err = &local;
    memset(&c, 0, sizeof c);
    int64_t *map = xcalloc(d->ncustom + 1, sizeof *map);
    db_lock(s);
    int rc = db_begin(s, err);
    int64_t had_sessions = 0, had_ladder = 0;
    if (rc == 0)
        rc = db_practice_count(s, user_id, &had_sessions, err);
    if (rc == 0)
        rc = db_ladder_count(s, user_id, &had_ladder, err);
    bool fresh = had_sessions == 0 && had_ladder == 0;
    if (rc == 0)
        rc = import_customs(s, user_id, d, map, &c, err);
    if (rc == 0)
        rc = import_kit(s, user_id, d, map, now, &c, err);
    if (rc == 0)
        rc = import_sessions(s, user_id, d, map, now, &c, err);
    int64_t nsessions = 0;
    if (rc == 0 && c.sessions_added > 0 &&
        (rc = db_practice_count(s, user_id, &nsessions, err)) == 0 &&
        nsessions > EXPORT_MAX_SESSIONS)
        rc = pace_fail(err, PACE_EINVAL, "sessions", "%s",
                       _("With this file you would have more practice sessions than Pace keeps "
                         "for one person (10,000)."));
    if (rc == 0)
        rc = import_goals(s, user_id, d, &c, err);
    if (rc == 0)
        rc = import_ladder(s, user_id, d, &c, err);
    if (rc == 0)
        rc = import_account(s, user_id, d, now, fresh, &c, err);
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    free(map);
    if (rc == 0 && out)
        *out = c;
    return rc;
}
