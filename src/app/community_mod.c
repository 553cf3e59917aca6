/*
 * community_mod.c - the moderators' side of the community (the queue,
 * decisions with a reason the author sees, edits, suspensions, the log that
 * every moderator reads) and the operator's set-up (spaces, moderators,
 * brand names, how many first posts are held).
 */
#include "app/community.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const action_names[CMA_COUNT] = {"approve", "reject", "hide", "restore"};

int cm_action_parse(const char *s)
{
    for (int i = 0; s && i < CMA_COUNT; i++)
        if (strcmp(s, action_names[i]) == 0)
            return i;
    return -1;
}

/* The moderator's own membership (for her handle in the log). */
static int moderator(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     enum app_action act, const char *record, struct cm_member *m,
                     struct pace_error *err)
{
    int rc = app_gate_record(c, who, subject, RES_MODERATION, act, record, NULL, err);
    if (rc != 0)
        return rc;
    if (store_cm_member_by_user(c->store, who->user_id, m, NULL) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    return 0;
}

int app_cm_queue(const struct app_ctx *c, const struct principal *who, int64_t now,
                 struct cm_post **items, size_t *n, int64_t *median, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    *median = 0;
    struct cm_member m;
    int rc = moderator(c, who, 0, ACT_READ, NULL, &m, err);
    return rc ? rc : store_cm_queue(c->store, now, items, n, median, err);
}

/* The post a moderator acts on, and the gate for its author. */
static int target(const struct app_ctx *c, const struct principal *who, int64_t id,
                  struct cm_post *p, struct cm_member *m, struct pace_error *err)
{
    if (store_cm_post_get(c->store, id, 0, p, NULL) != 0) {
        /* the gate decides what a non-moderator hears */
        int rc = moderator(c, who, 0, ACT_UPDATE, NULL, m, err);
        return rc ? rc : pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
    }
    if (p->author_user_id && p->author_user_id == who->user_id) {
        cm_post_clear(p);
        struct pace_error e2 = {0};
        if (moderator(c, who, 0, ACT_UPDATE, NULL, m, &e2) != 0)
            return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
        return pace_fail(err, PACE_EDENIED, NULL, "%s",
                         _("This is your own post: another moderator decides on it."));
    }
    char record[32];
    snprintf(record, sizeof record, "post %lld", (long long)id);
    int rc = moderator(c, who, p->author_user_id, ACT_UPDATE, record, m, err);
    if (rc != 0)
        cm_post_clear(p);
    return rc;
}

int app_cm_decide(const struct app_ctx *c, const struct principal *who, int64_t id,
                  enum cm_action action, const char *reason, int64_t now, struct pace_error *err)
{
    struct cm_member m;
    struct cm_post p;
    int rc = target(c, who, id, &p, &m, err);
    if (rc != 0)
        return rc;
    cm_post_clear(&p);
    if ((int)action < 0 || action >= CMA_COUNT)
        return pace_fail(err, PACE_EINVAL, "action", "%s", _("Please choose what to do."));
    bool need = action == CMA_REJECT || action == CMA_HIDE;
    if ((rc = community_reason_check(reason, need, err)) != 0)
        return rc;
    static const enum cm_status to[CMA_COUNT] = {CM_LIVE, CM_REJECTED, CM_HIDDEN, CM_LIVE};
    return store_cm_decide(c->store, id, to[action], action_names[action], m.handle,
                           reason ? reason : "", now, err);
}

int app_cm_mod_edit(const struct app_ctx *c, const struct principal *who, int64_t id,
                    const char *title, const char *body, const char *reason, int64_t now,
                    struct pace_error *err)
{
    struct cm_member m;
    struct cm_post p;
    int rc = target(c, who, id, &p, &m, err);
    if (rc != 0)
        return rc;
    if (!p.parent_id)
        rc = community_title_check(title, err);
    if (rc == 0)
        rc = community_body_check(body, p.parent_id ? COMMUNITY_COMMENT_MAX : COMMUNITY_POST_MAX,
                                  err);
    if (rc == 0)
        rc = community_reason_check(reason, true, err);
    if (rc == 0) {
        char *folded = community_fold(body);
        rc = store_cm_post_edit(c->store, id, p.parent_id ? "" : title, body, folded, p.flags,
                                p.nflags, p.status, now, err);
        free(folded);
    }
    if (rc == 0)
        rc = store_cm_decide(c->store, id, p.status, "edit", m.handle, reason, now, err);
    cm_post_clear(&p);
    return rc;
}

int app_cm_suspend(const struct app_ctx *c, const struct principal *who, const char *handle,
                   bool on, const char *reason, int64_t now, struct pace_error *err)
{
    struct cm_member m, t;
    if (store_cm_member_by_handle(c->store, handle ? handle : "", &t, NULL) != 0) {
        int rc = moderator(c, who, 0, ACT_UPDATE, NULL, &m, err);
        return rc ? rc : pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such member."));
    }
    if (t.user_id == who->user_id) {
        struct pace_error e2 = {0};
        if (moderator(c, who, 0, ACT_UPDATE, NULL, &m, &e2) != 0)
            return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
        return pace_fail(err, PACE_EDENIED, NULL, "%s", _("You cannot pause yourself."));
    }
    int rc = moderator(c, who, t.user_id, ACT_UPDATE, "community membership", &m, err);
    if (rc == 0)
        rc = community_reason_check(reason, on, err);
    return rc ? rc : store_cm_suspend(c->store, t.id, on, m.handle, reason, now, err);
}

int app_cm_log(const struct app_ctx *c, const struct principal *who, struct cm_log **items,
               size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    struct cm_member m;
    int rc = who->via == VIA_CLI ? app_gate(c, who, 0, RES_MODERATION, ACT_READ, NULL, err)
                                 : moderator(c, who, 0, ACT_READ, NULL, &m, err);
    return rc ? rc : store_cm_log(c->store, 200, items, n, err);
}

/* ---- the operator ---- */

int app_cm_space_put(const struct app_ctx *c, const struct principal *who,
                     const struct cm_space *sp, struct pace_error *err)
{
    int rc = app_gate(c, who, 0, RES_COMMUNITY, ACT_UPDATE, NULL, err);
    if (rc != 0)
        return rc;
    size_t n = strlen(sp->slug);
    bool ok = n >= 2 && n <= CM_SLUG_MAX;
    for (size_t i = 0; ok && i < n; i++)
        ok = (sp->slug[i] >= 'a' && sp->slug[i] <= 'z') ||
             (sp->slug[i] >= '0' && sp->slug[i] <= '9') || sp->slug[i] == '-';
    if (!ok)
        return pace_fail(err, PACE_EINVAL, "slug", "a space's slug is 2-32 of a-z, 0-9 and -");
    if (community_title_check(sp->name, NULL) != 0 || strlen(sp->name) > CM_NAME_MAX)
        return pace_fail(err, PACE_EINVAL, "name", "a space's name is one line of 1-80 bytes");
    if (!str_valid_text(sp->description, strlen(sp->description)))
        return pace_fail(err, PACE_EINVAL, "description", "the description is not text");
    if (strcmp(sp->lang, "en") && strcmp(sp->lang, "de") && strcmp(sp->lang, "both"))
        return pace_fail(err, PACE_EINVAL, "lang", "the language is en, de or both");
    return store_cm_space_put(c->store, sp, err);
}

void app_cm_close(struct app_ctx *c)
{
    if (c->store)
        store_close(c->store);
    c->store = NULL;
}

int app_cm_brands(const struct app_ctx *c, const struct principal *who, char ***names, size_t *n,
                  struct pace_error *err)
{
    *names = NULL;
    *n = 0;
    int rc = app_gate(c, who, 0, RES_MODERATION, ACT_READ, NULL, err);
    return rc ? rc : store_cm_brands(c->store, names, n, err);
}

int app_cm_moderator(const struct app_ctx *c, const struct principal *who, const char *email,
                     bool on, struct pace_error *err)
{
    char norm[ACCOUNT_EMAIL_MAX + 2];
    struct user u;
    if (account_email_normalise(email, norm, sizeof norm, NULL) != 0 ||
        store_user_get_by_email(c->store, norm, &u) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "there is no account for %s", email);
    int rc = app_gate(c, who, u.id, RES_MODERATION, ACT_UPDATE, NULL, err);
    if (rc != 0)
        return rc;
    struct cm_member m;
    if (store_cm_member_by_user(c->store, u.id, &m, NULL) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL,
                         "this person has not joined the community (they choose a name first)");
    return store_cm_set_moderator(c->store, m.id, on, err);
}

int app_cm_brand(const struct app_ctx *c, const struct principal *who, const char *name, bool add,
                 struct pace_error *err)
{
    int rc = app_gate(c, who, 0, RES_MODERATION, ACT_UPDATE, NULL, err);
    if (rc == 0 && add)
        rc = community_brand_check(name, err);
    return rc ? rc : store_cm_brand(c->store, name, add, err);
}

int app_cm_setting(const struct app_ctx *c, const struct principal *who, const char *key, int value,
                   struct pace_error *err)
{
    int rc = app_gate(c, who, 0, RES_MODERATION, ACT_UPDATE, NULL, err);
    if (rc != 0)
        return rc;
    if (strcmp(key, "held_first") != 0 || value < 0 || value > 20)
        return pace_fail(err, PACE_EINVAL, "value", "held-first is a number from 0 to 20");
    return store_cm_setting_put(c->store, key, value, err);
}
