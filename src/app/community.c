/*
 * community.c - a member's side of the support community: joining with a
 * handle, the spaces, writing posts and comments (checked, run through the
 * flag rules, held for a moderator while she is new, in a space that asks
 * for it, or when a rule fired), reading, editing within the window,
 * support, reports and leaving.
 */
#include "app/community.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR INT64_C(3600)
#define DAY INT64_C(86400)

/* The gate for a member's action, then her membership (active). */
static int member(const struct app_ctx *c, const struct principal *who, enum app_action act,
                  struct cm_member *m, struct pace_error *err)
{
    int rc = app_gate(c, who, 0, RES_COMMUNITY, act, NULL, err);
    if (rc != 0)
        return rc;
    rc = store_cm_member_by_user(c->store, who->user_id, m, NULL);
    if (rc == PACE_ENOTFOUND)
        return pace_fail(err, PACE_EDENIED, NULL, "%s",
                         _("Please join the community first: choose a name on the community "
                           "page."));
    if (rc != 0)
        return pace_fail(err, rc, NULL, "%s", _("The community cannot be read just now."));
    if (m->suspended && act != ACT_READ && act != ACT_DELETE)
        return pace_fail(err, PACE_EDENIED, NULL, "%s",
                         _("A moderator has paused your membership, so you cannot write "
                           "here for now."));
    return 0;
}

/* The per-address limit for kind: PACE_ELOCKED when addr did this limit
 * times in the last hour; otherwise it counts this time. */
static bool throttled(const struct app_ctx *c, const char *who, const char *kind, int limit,
                      int64_t now)
{
    char key[128];
    snprintf(key, sizeof key, "community-%s:%s", kind, who);
    int count = 0;
    int64_t oldest = 0;
    if (store_throttle_count(c->store, key, now - HOUR, &count, &oldest) == 0 && count >= limit)
        return true;
    store_throttle_add(c->store, key, now);
    return false;
}

static int addr_limit(const struct app_ctx *c, const char *addr, const char *kind, int limit,
                      int64_t now, struct pace_error *err)
{
    if (!addr || !*addr || !throttled(c, addr, kind, limit, now))
        return 0;
    if (strcmp(kind, "join") == 0)
        return pace_fail(err, PACE_ELOCKED, NULL, "%s",
                         _("Many people joined from this network in the last hour. Please try "
                           "again a little later."));
    return pace_fail(err, PACE_ELOCKED, NULL, "%s",
                     _("Many people wrote from this network in the last hour. Please try "
                       "again a little later."));
}

int app_cm_me(const struct app_ctx *c, const struct principal *who, struct cm_member *out,
              struct pace_error *err)
{
    int rc = app_gate(c, who, 0, RES_COMMUNITY, ACT_READ, NULL, err);
    if (rc != 0)
        return rc;
    return store_cm_member_by_user(c->store, who->user_id, out, err);
}

int app_cm_join(const struct app_ctx *c, const struct principal *who, const char *handle,
                const char *addr, int64_t now, struct cm_member *out, struct pace_error *err)
{
    int rc = app_gate(c, who, 0, RES_COMMUNITY, ACT_CREATE, NULL, err);
    if (rc != 0)
        return rc;
    if ((rc = community_handle_check(handle, err)) != 0)
        return rc;
    struct cm_member m;
    if (store_cm_member_by_user(c->store, who->user_id, &m, NULL) == 0)
        return pace_fail(err, PACE_ECONFLICT, "handle", "%s", _("You are already a member."));
    if ((rc = addr_limit(c, addr, "join", CM_ADDR_JOINS_PER_HOUR, now, err)) != 0)
        return rc;
    rc = store_cm_join(c->store, who->user_id, handle, now, out, err);
    if (rc == PACE_ECONFLICT)
        return pace_fail(err, rc, "handle", "%s",
                         _("Someone here already has this name. Please choose another."));
    return rc;
}

int app_cm_on_erase(const struct app_ctx *c, const struct principal *who, bool keep,
                    struct pace_error *err)
{
    struct cm_member m;
    int rc = member(c, who, ACT_DELETE, &m, err);
    return rc ? rc : store_cm_set_on_erase(c->store, m.id, keep, err);
}

int app_cm_leave(const struct app_ctx *c, const struct principal *who, bool keep,
                 struct pace_error *err)
{
    struct cm_member m;
    int rc = member(c, who, ACT_DELETE, &m, err);
    if (rc == PACE_EDENIED) /* not a member: nothing to leave */
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("You are not a member."));
    return rc ? rc : store_cm_leave(c->store, who->user_id, keep, err);
}

int app_cm_spaces(const struct app_ctx *c, const struct principal *who, struct cm_space **items,
                  size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, 0, RES_COMMUNITY, ACT_READ, NULL, err);
    return rc ? rc : store_cm_spaces(c->store, items, n, err);
}

int app_cm_space(const struct app_ctx *c, const struct principal *who, const char *slug,
                 struct cm_space *out, struct cm_post **posts, size_t *n, struct pace_error *err)
{
    *posts = NULL;
    *n = 0;
    struct cm_member m;
    int rc = member(c, who, ACT_READ, &m, err);
    if (rc != 0)
        return rc;
    if (store_cm_space_by_slug(c->store, slug, out, NULL) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such space."));
    return store_cm_posts(c->store, out->id, 0, m.id, m.id, posts, n, err);
}

/* The brands the rules look for: the catalogs' and the operator's. */
static void brands(const struct app_ctx *c, char ***names, size_t *n)
{
    size_t nc = 0, no = 0;
    char **cat = community_catalog_brands(c->catalog, &nc), **op = NULL;
    store_cm_brands(c->store, &op, &no, NULL);
    *names = xrealloc(cat, (nc + no + 1) * sizeof **names);
    for (size_t i = 0; i < no; i++)
        (*names)[nc + i] = op[i];
    free(op);
    *n = nc + no;
}

/* Runs the rules over what she wrote. */
static size_t flags_for(const struct app_ctx *c, const struct cm_member *m, const char *title,
                        const char *body, const char *folded, int64_t now,
                        struct community_flag out[CR_COUNT])
{
    char **names;
    size_t nnames;
    brands(c, &names, &nnames);
    struct community_context ctx = {
        .new_account = now - m->joined_at < COMMUNITY_NEW_ACCOUNT_DAYS * DAY,
        .same_text_accounts = store_cm_same_text(c->store, folded, m->id),
        .brands = (const char *const *)names,
        .nbrands = nnames,
    };
    char *text = xasprintf("%s\n\n%s", title ? title : "", body);
    size_t nf = community_flags(text, &ctx, out);
    free(text);
    community_brands_free(names, nnames);
    return nf;
}

static bool has_link(const struct community_flag *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (f[i].rule == CR_LINK || f[i].rule == CR_CONTACT)
            return true;
    return false;
}

int app_cm_write(const struct app_ctx *c, const struct principal *who, const char *slug,
                 int64_t parent, const char *title, const char *body, const char *addr, int64_t now,
                 struct cm_post *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    struct cm_member m;
    int rc = member(c, who, ACT_CREATE, &m, err);
    if (rc != 0)
        return rc;
    struct cm_space sp;
    struct cm_post par = {0};
    if (parent) {
        rc = store_cm_post_get(c->store, parent, m.id, &par, NULL);
        bool visible =
            rc == 0 && par.parent_id == 0 && (par.status == CM_LIVE || par.member_id == m.id);
        if (!visible) {
            cm_post_clear(&par);
            return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
        }
        rc = par.status == CM_LIVE ? 0
                                   : pace_fail(err, PACE_EINVAL, "body", "%s",
                                               _("Comments open once a moderator has approved "
                                                 "the post."));
        snprintf(sp.slug, sizeof sp.slug, "%s", par.space_slug);
        cm_post_clear(&par);
        if (rc != 0)
            return rc;
    } else {
        snprintf(sp.slug, sizeof sp.slug, "%s", slug ? slug : "");
    }
    if (store_cm_space_by_slug(c->store, sp.slug, &sp, NULL) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such space."));
    if (!parent && (rc = community_title_check(title, err)) != 0)
        return rc;
    rc = community_body_check(body, parent ? COMMUNITY_COMMENT_MAX : COMMUNITY_POST_MAX, err);
    if (rc != 0)
        return rc;
    int limit = parent ? CM_COMMENTS_PER_HOUR : CM_POSTS_PER_HOUR;
    if (store_cm_count_since(c->store, m.id, parent ? "comment" : "post", now - HOUR) >= limit)
        return pace_fail(err, PACE_ELOCKED, NULL, "%s",
                         _("You have written a lot in the last hour. Please take a break and "
                           "try again a little later."));
    if ((rc = addr_limit(c, addr, "write", CM_ADDR_WRITES_PER_HOUR, now, err)) != 0)
        return rc;
    char *folded = community_fold(body);
    out->nflags = flags_for(c, &m, parent ? NULL : title, body, folded, now, out->flags);
    int held_first = store_cm_setting_int(c->store, "held_first", CM_HELD_FIRST_DEFAULT);
    bool is_new = m.approved < held_first;
    if (is_new && has_link(out->flags, out->nflags)) {
        free(folded);
        return pace_fail(err, PACE_EINVAL, "body", "%s",
                         _("Links and contact details can be shared once a moderator has "
                           "approved your first posts. Please take them out for now."));
    }
    out->space_id = sp.id;
    out->parent_id = parent;
    out->member_id = m.id;
    out->author_user_id = who->user_id;
    snprintf(out->handle, sizeof out->handle, "%s", m.handle);
    snprintf(out->space_slug, sizeof out->space_slug, "%s", sp.slug);
    out->title = xstrdup(parent ? "" : title);
    out->body = xstrdup(body);
    out->status = is_new || sp.approval_all || out->nflags > 0 ? CM_HELD : CM_LIVE;
    rc = store_cm_post_insert(c->store, out, folded, now, err);
    free(folded);
    if (rc != 0)
        cm_post_clear(out);
    return rc;
}

int app_cm_post(const struct app_ctx *c, const struct principal *who, int64_t id,
                struct cm_post *out, struct cm_post **comments, size_t *n, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    *comments = NULL;
    *n = 0;
    struct cm_member m;
    int rc = member(c, who, ACT_READ, &m, err);
    if (rc != 0)
        return rc;
    if (store_cm_post_get(c->store, id, m.id, out, NULL) != 0 || out->parent_id != 0) {
        cm_post_clear(out);
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
    }
    if (out->status != CM_LIVE) {
        /* her own, or a moderator's view; to anyone else it is not there */
        char record[32];
        snprintf(record, sizeof record, "post %lld", (long long)id);
        rc = out->author_user_id ? app_gate_record(c, who, out->author_user_id, RES_COMMUNITY_POST,
                                                   ACT_READ, record, NULL, err)
                                 : PACE_ENOTFOUND;
        if (rc != 0) {
            cm_post_clear(out);
            return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
        }
    }
    rc = store_cm_posts(c->store, out->space_id, id, m.id, m.id, comments, n, err);
    if (rc != 0)
        cm_post_clear(out);
    return rc;
}

int app_cm_edit(const struct app_ctx *c, const struct principal *who, int64_t id, const char *title,
                const char *body, int64_t now, struct pace_error *err)
{
    struct cm_member m;
    int rc = member(c, who, ACT_CREATE, &m, err);
    if (rc != 0)
        return rc;
    struct cm_post p;
    if (store_cm_post_get(c->store, id, m.id, &p, NULL) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
    rc = app_gate(c, who, p.author_user_id, RES_COMMUNITY_POST, ACT_UPDATE, NULL, err);
    if (rc == 0 && p.member_id != m.id)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
    if (rc == 0 && (p.status == CM_HIDDEN || p.status == CM_REJECTED))
        rc = pace_fail(err, PACE_EDENIED, NULL, "%s",
                       _("A moderator has taken this down, so it cannot be changed."));
    if (rc == 0 && now - p.created_at > CM_EDIT_WINDOW)
        rc = pace_fail(err, PACE_EDENIED, NULL, "%s",
                       _("Posts can be changed for 30 minutes after writing them. You can add "
                         "a comment instead."));
    if (rc == 0 && !p.parent_id)
        rc = community_title_check(title, err);
    if (rc == 0)
        rc = community_body_check(body, p.parent_id ? COMMUNITY_COMMENT_MAX : COMMUNITY_POST_MAX,
                                  err);
    if (rc == 0) {
        char *folded = community_fold(body);
        struct community_flag flags[CR_COUNT];
        size_t nf = flags_for(c, &m, p.parent_id ? NULL : title, body, folded, now, flags);
        int held_first = store_cm_setting_int(c->store, "held_first", CM_HELD_FIRST_DEFAULT);
        if (m.approved < held_first && has_link(flags, nf))
            rc = pace_fail(err, PACE_EINVAL, "body", "%s",
                           _("Links and contact details can be shared once a moderator has "
                             "approved your first posts. Please take them out for now."));
        enum cm_status st = nf > 0 ? CM_HELD : p.status;
        if (rc == 0)
            rc = store_cm_post_edit(c->store, id, p.parent_id ? "" : title, body, folded, flags, nf,
                                    st, now, err);
        free(folded);
    }
    cm_post_clear(&p);
    return rc;
}

/* A live post or comment she may act on. */
static int live_post(const struct app_ctx *c, int64_t id, int64_t viewer, struct cm_post *p,
                     struct pace_error *err)
{
    if (store_cm_post_get(c->store, id, viewer, p, NULL) != 0 || p->status != CM_LIVE) {
        cm_post_clear(p);
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such post."));
    }
    return 0;
}

int app_cm_support(const struct app_ctx *c, const struct principal *who, int64_t id, bool on,
                   struct pace_error *err)
{
    struct cm_member m;
    struct cm_post p;
    int rc = member(c, who, ACT_CREATE, &m, err);
    if (rc == 0 && (rc = live_post(c, id, m.id, &p, err)) == 0) {
        cm_post_clear(&p);
        rc = store_cm_support(c->store, id, m.id, on, err);
    }
    return rc;
}

int app_cm_report(const struct app_ctx *c, const struct principal *who, int64_t id,
                  const char *reason, const char *addr, int64_t now, struct pace_error *err)
{
    struct cm_member m;
    struct cm_post p;
    int rc = member(c, who, ACT_CREATE, &m, err);
    if (rc != 0 || (rc = live_post(c, id, m.id, &p, err)) != 0)
        return rc;
    bool own = p.member_id == m.id;
    cm_post_clear(&p);
    if (own)
        return pace_fail(err, PACE_EINVAL, NULL, "%s",
                         _("This is your own post. You can change it or ask a moderator."));
    if ((rc = community_reason_check(reason, true, err)) != 0)
        return rc;
    /* counted as sent, not as stored: a second report of the same post
     * replaces the first */
    char who_key[48];
    snprintf(who_key, sizeof who_key, "member-%lld", (long long)m.id);
    if (throttled(c, who_key, "report", CM_REPORTS_PER_HOUR, now))
        return pace_fail(err, PACE_ELOCKED, NULL, "%s",
                         _("You have sent many reports in the last hour. Thank you. Please try "
                           "again a little later."));
    if ((rc = addr_limit(c, addr, "report", CM_ADDR_REPORTS_PER_HOUR, now, err)) != 0)
        return rc;
    return store_cm_report(c->store, id, m.id, reason, now, err);
}
