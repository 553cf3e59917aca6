/*
 * sqlite_community_posts.c - community posts and comments
 * (store_community.h): writing and reading them with their flags, support
 * and reports, the moderators' queue and decisions, and the moderation log.
 */
#include "sqlite_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cm_post_clear(struct cm_post *p)
{
    free(p->title);
    free(p->body);
    p->title = p->body = NULL;
}

void cm_posts_free(struct cm_post *items, size_t n)
{
    for (size_t i = 0; items && i < n; i++)
        cm_post_clear(&items[i]);
    free(items);
}

static int step_done(struct store *s, struct sql_stmt *st, struct pace_error *err)
{
    int rc = sql_step(st);
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

static int finish(struct store *s, int rc, struct pace_error *err)
{
    if (rc == 0)
        rc = db_commit(s, err);
    else
        db_rollback(s);
    db_unlock(s);
    return rc;
}

static int put_flags(struct store *s, int64_t id, const struct community_flag *flags, size_t n,
                     struct pace_error *err)
{
    struct sql_stmt *st = sql_prepare(s, "DELETE FROM community_flags WHERE post_id = ?");
    sql_bind_int64(st, 1, id);
    int rc = step_done(s, st, err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        st = sql_prepare(s, "INSERT INTO community_flags (post_id, rule, words) VALUES (?, ?, ?)");
        sql_bind_int64(st, 1, id);
        sql_bind_text(st, 2, community_rule_name(flags[i].rule));
        sql_bind_text(st, 3, flags[i].words);
        rc = step_done(s, st, err);
    }
    return rc;
}

int store_cm_post_insert(struct store *s, struct cm_post *p, const char *folded, int64_t now,
                         struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(
            s, "INSERT INTO community_posts (space_id, parent_id, member_id, title, body, folded, "
               "status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
        sql_bind_int64(st, 1, p->space_id);
        if (p->parent_id)
            sql_bind_int64(st, 2, p->parent_id);
        else
            sql_bind_null(st, 2);
        sql_bind_int64(st, 3, p->member_id);
        sql_bind_text(st, 4, p->title ? p->title : "");
        sql_bind_text(st, 5, p->body);
        sql_bind_text(st, 6, folded);
        sql_bind_text(st, 7, cm_status_name(p->status));
        sql_bind_int64(st, 8, now);
        rc = sql_step_id(st, &p->id);
        sql_done(st);
        rc = rc == SQL_DONE ? 0 : db_fail(s, rc, err);
    }
    if (rc == 0) {
        p->created_at = now;
        rc = put_flags(s, p->id, p->flags, p->nflags, err);
    }
    return finish(s, rc, err);
}

#define POST_COLS                                                                                  \
    "p.id, p.space_id, COALESCE(p.parent_id, 0), p.member_id, COALESCE(m.user_id, 0), "            \
    "COALESCE(m.handle, ''), sp.slug, p.title, p.body, p.status, p.reason, p.created_at, "         \
    "p.edited_at, p.decided_at, "                                                                  \
    "(SELECT COUNT(*) FROM community_support WHERE post_id = p.id), "                              \
    "EXISTS (SELECT 1 FROM community_support WHERE post_id = p.id AND member_id = ?1), "           \
    "(SELECT COUNT(*) FROM community_reports WHERE post_id = p.id AND resolved_at = 0), "          \
    "(SELECT COUNT(*) FROM community_posts c WHERE c.parent_id = p.id AND c.status = 'live') "
#define POST_FROM                                                                                  \
    " FROM community_posts p JOIN community_members m ON m.id = p.member_id "                      \
    "JOIN community_spaces sp ON sp.id = p.space_id "

static enum cm_status status_of(const char *s)
{
    for (int i = 0; i < CM_STATUS_COUNT; i++)
        if (s && strcmp(s, cm_status_name((enum cm_status)i)) == 0)
            return (enum cm_status)i;
    return CM_HIDDEN;
}

/* Reads the row and its flags; caller holds the lock. */
static void read_post(struct store *s, struct sql_stmt *st, struct cm_post *p)
{
    memset(p, 0, sizeof *p);
    p->id = sql_col_int64(st, 0);
    p->space_id = sql_col_int64(st, 1);
    p->parent_id = sql_col_int64(st, 2);
    p->member_id = sql_col_int64(st, 3);
    p->author_user_id = sql_col_int64(st, 4);
    sql_col_copy(p->handle, sizeof p->handle, st, 5);
    sql_col_copy(p->space_slug, sizeof p->space_slug, st, 6);
    p->title = xstrdup(sql_col_text(st, 7));
    p->body = xstrdup(sql_col_text(st, 8));
    p->status = status_of(sql_col_text(st, 9));
    sql_col_copy(p->reason, sizeof p->reason, st, 10);
    p->created_at = sql_col_int64(st, 11);
    p->edited_at = sql_col_int64(st, 12);
    p->decided_at = sql_col_int64(st, 13);
    p->supports = sql_col_int(st, 14);
    p->supported = sql_col_int(st, 15) != 0;
    p->reports = sql_col_int(st, 16);
    p->comments = sql_col_int(st, 17);
    struct sql_stmt *f =
        sql_prepare(s, "SELECT rule, words FROM community_flags WHERE post_id = ?");
    sql_bind_int64(f, 1, p->id);
    while (sql_step(f) == SQL_ROW && p->nflags < CR_COUNT) {
        int r = community_rule_parse(sql_col_text(f, 0));
        if (r < 0)
            continue;
        p->flags[p->nflags].rule = (enum community_rule)r;
        sql_col_copy(p->flags[p->nflags].words, sizeof p->flags[0].words, f, 1);
        p->nflags++;
    }
    sql_done(f);
    if (p->reports > 0) {
        f = sql_prepare(s, "SELECT reason FROM community_reports WHERE post_id = ? AND "
                           "resolved_at = 0 ORDER BY id LIMIT 3");
        sql_bind_int64(f, 1, p->id);
        while (sql_step(f) == SQL_ROW && p->nreasons < 3)
            sql_col_copy(p->report_reasons[p->nreasons++], sizeof p->report_reasons[0], f, 0);
        sql_done(f);
    }
}

int store_cm_post_get(struct store *s, int64_t id, int64_t viewer, struct cm_post *out,
                      struct pace_error *err)
{
    *out = (struct cm_post){0}; /* empty when there is none: the caller may clear it */
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, "SELECT " POST_COLS POST_FROM "WHERE p.id = ?2");
    sql_bind_int64(st, 1, viewer);
    sql_bind_int64(st, 2, id);
    int rc = sql_step(st), ret = 0;
    if (rc == SQL_ROW)
        read_post(s, st, out);
    else
        ret = rc == SQL_DONE ? pace_fail(err, PACE_ENOTFOUND, NULL, "no such post")
                             : db_fail(s, rc, err);
    sql_done(st);
    db_unlock_read(s);
    return ret;
}

static int list(struct store *s, struct sql_stmt *st, struct cm_post **items, size_t *n,
                struct pace_error *err)
{
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        *items = xrealloc(*items, (*n + 1) * sizeof **items);
        read_post(s, st, &(*items)[(*n)++]);
    }
    sql_done(st);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}

int store_cm_posts(struct store *s, int64_t space_id, int64_t parent_id, int64_t own,
                   int64_t viewer, struct cm_post **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        parent_id
            ? sql_prepare(s,
                          "SELECT " POST_COLS POST_FROM
                          "WHERE p.parent_id = ?2 AND (p.status = 'live' OR (p.member_id = ?3 AND "
                          "p.status IN ('held', 'rejected'))) AND m.status <> 'suspended' "
                          "ORDER BY p.created_at, p.id LIMIT 500")
            : sql_prepare(
                  s, "SELECT " POST_COLS POST_FROM
                     "WHERE p.space_id = ?2 AND p.parent_id IS NULL AND (p.status = 'live' OR "
                     "(p.member_id = ?3 AND p.status IN ('held', 'rejected'))) AND "
                     "m.status <> 'suspended' ORDER BY p.created_at DESC, p.id DESC LIMIT 100");
    sql_bind_int64(st, 1, viewer);
    sql_bind_int64(st, 2, parent_id ? parent_id : space_id);
    sql_bind_int64(st, 3, own);
    int rc = list(s, st, items, n, err);
    db_unlock_read(s);
    return rc;
}

int store_cm_post_edit(struct store *s, int64_t id, const char *title, const char *body,
                       const char *folded, const struct community_flag *flags, size_t nflags,
                       enum cm_status status, int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE community_posts SET title = ?, body = ?, folded = ?, "
                           "status = ?, edited_at = ? WHERE id = ?");
        sql_bind_text(st, 1, title ? title : "");
        sql_bind_text(st, 2, body);
        sql_bind_text(st, 3, folded);
        sql_bind_text(st, 4, cm_status_name(status));
        sql_bind_int64(st, 5, now);
        sql_bind_int64(st, 6, id);
        rc = step_done(s, st, err);
    }
    if (rc == 0)
        rc = put_flags(s, id, flags, nflags, err);
    return finish(s, rc, err);
}

int store_cm_decide(struct store *s, int64_t id, enum cm_status status, const char *action,
                    const char *moderator, const char *reason, int64_t now, struct pace_error *err)
{
    db_lock(s);
    int rc = db_begin(s, err);
    char handle[COMMUNITY_HANDLE_MAX + 1] = "";
    char was[16] = "";
    int64_t member = 0;
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "SELECT p.status, p.member_id, COALESCE(m.handle, '') FROM "
                           "community_posts p JOIN community_members m ON m.id = "
                           "p.member_id WHERE p.id = ?");
        sql_bind_int64(st, 1, id);
        if (sql_step(st) == SQL_ROW) {
            sql_col_copy(was, sizeof was, st, 0);
            member = sql_col_int64(st, 1);
            sql_col_copy(handle, sizeof handle, st, 2);
        } else {
            rc = pace_fail(err, PACE_ENOTFOUND, NULL, "no such post");
        }
        sql_done(st);
    }
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "UPDATE community_posts SET status = ?, reason = ?, "
                                             "decided_at = ? WHERE id = ?");
        sql_bind_text(st, 1, cm_status_name(status));
        sql_bind_text(st, 2, reason ? reason : "");
        sql_bind_int64(st, 3, now);
        sql_bind_int64(st, 4, id);
        rc = step_done(s, st, err);
    }
    if (rc == 0 && status == CM_LIVE && strcmp(was, "held") == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "UPDATE community_members SET approved = approved + 1 WHERE id = ?");
        sql_bind_int64(st, 1, member);
        rc = step_done(s, st, err);
    }
    if (rc == 0) {
        struct sql_stmt *st = sql_prepare(s, "UPDATE community_reports SET resolved_at = ? WHERE "
                                             "post_id = ? AND resolved_at = 0");
        sql_bind_int64(st, 1, now);
        sql_bind_int64(st, 2, id);
        rc = step_done(s, st, err);
    }
    if (rc == 0) {
        struct sql_stmt *st =
            sql_prepare(s, "INSERT INTO community_log (at, moderator, action, post_id, "
                           "target, reason) VALUES (?, ?, ?, ?, ?, ?)");
        sql_bind_int64(st, 1, now);
        sql_bind_text(st, 2, moderator);
        sql_bind_text(st, 3, action);
        sql_bind_int64(st, 4, id);
        sql_bind_text(st, 5, handle);
        sql_bind_text(st, 6, reason ? reason : "");
        rc = step_done(s, st, err);
    }
    return finish(s, rc, err);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int store_cm_queue(struct store *s, int64_t now, struct cm_post **items, size_t *n,
                   int64_t *median_wait, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    *median_wait = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT " POST_COLS POST_FROM
                       "WHERE (p.status = 'held' OR (p.status = 'live' AND EXISTS (SELECT 1 FROM "
                       "community_reports r WHERE r.post_id = p.id AND r.resolved_at = 0))) AND "
                       "m.status <> 'suspended' ORDER BY p.created_at, p.id LIMIT 200");
    sql_bind_int64(st, 1, 0);
    int rc = list(s, st, items, n, err);
    db_unlock_read(s);
    size_t held = 0;
    int64_t *ages = xcalloc(*n + 1, sizeof *ages);
    for (size_t i = 0; i < *n; i++)
        if ((*items)[i].status == CM_HELD)
            ages[held++] = now - (*items)[i].created_at;
    if (held) {
        qsort(ages, held, sizeof *ages, cmp_i64);
        *median_wait = held % 2 ? ages[held / 2] : (ages[held / 2 - 1] + ages[held / 2]) / 2;
    }
    free(ages);
    return rc;
}

int store_cm_same_text(struct store *s, const char *folded, int64_t member_id)
{
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT COUNT(DISTINCT member_id) FROM community_posts WHERE "
                       "folded = ? AND member_id <> ?");
    sql_bind_text(st, 1, folded);
    sql_bind_int64(st, 2, member_id);
    int n = sql_step(st) == SQL_ROW ? sql_col_int(st, 0) : 0;
    sql_done(st);
    db_unlock_read(s);
    return n;
}

int store_cm_count_since(struct store *s, int64_t member_id, const char *kind, int64_t since)
{
    const char *sql =
        strcmp(kind, "report") == 0
            ? "SELECT COUNT(*) FROM community_reports WHERE member_id = ?1 AND created_at >= ?2"
        : strcmp(kind, "post") == 0
            ? "SELECT COUNT(*) FROM community_posts WHERE member_id = ?1 AND created_at >= ?2 "
              "AND parent_id IS NULL"
            : "SELECT COUNT(*) FROM community_posts WHERE member_id = ?1 AND created_at >= ?2 "
              "AND parent_id IS NOT NULL";
    db_lock_read(s);
    struct sql_stmt *st = sql_prepare(s, sql);
    sql_bind_int64(st, 1, member_id);
    sql_bind_int64(st, 2, since);
    int n = sql_step(st) == SQL_ROW ? sql_col_int(st, 0) : 0;
    sql_done(st);
    db_unlock_read(s);
    return n;
}

int store_cm_report(struct store *s, int64_t post_id, int64_t member_id, const char *reason,
                    int64_t now, struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st = sql_prepare(
        s, "INSERT INTO community_reports (post_id, member_id, reason, created_at) VALUES (?1, "
           "?2, ?3, ?4) ON CONFLICT (post_id, member_id) DO UPDATE SET reason = ?3, "
           "created_at = ?4, resolved_at = 0");
    sql_bind_int64(st, 1, post_id);
    sql_bind_int64(st, 2, member_id);
    sql_bind_text(st, 3, reason);
    sql_bind_int64(st, 4, now);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

int store_cm_support(struct store *s, int64_t post_id, int64_t member_id, bool on,
                     struct pace_error *err)
{
    db_lock(s);
    struct sql_stmt *st =
        sql_prepare(s, on ? "INSERT INTO community_support (post_id, member_id) VALUES (?, ?) "
                            "ON CONFLICT DO NOTHING"
                          : "DELETE FROM community_support WHERE post_id = ? AND member_id = ?");
    sql_bind_int64(st, 1, post_id);
    sql_bind_int64(st, 2, member_id);
    int rc = step_done(s, st, err);
    db_unlock(s);
    return rc;
}

int store_cm_log(struct store *s, int limit, struct cm_log **items, size_t *n,
                 struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    db_lock_read(s);
    struct sql_stmt *st =
        sql_prepare(s, "SELECT id, at, COALESCE(post_id, 0), moderator, action, "
                       "target, reason FROM community_log ORDER BY id DESC LIMIT ?");
    sql_bind_int(st, 1, limit);
    int rc;
    while ((rc = sql_step(st)) == SQL_ROW) {
        *items = xrealloc(*items, (*n + 1) * sizeof **items);
        struct cm_log *l = &(*items)[(*n)++];
        memset(l, 0, sizeof *l);
        l->id = sql_col_int64(st, 0);
        l->at = sql_col_int64(st, 1);
        l->post_id = sql_col_int64(st, 2);
        sql_col_copy(l->moderator, sizeof l->moderator, st, 3);
        sql_col_copy(l->action, sizeof l->action, st, 4);
        sql_col_copy(l->target, sizeof l->target, st, 5);
        sql_col_copy(l->reason, sizeof l->reason, st, 6);
    }
    sql_done(st);
    db_unlock_read(s);
    return rc == SQL_DONE ? 0 : db_fail(s, rc, err);
}
