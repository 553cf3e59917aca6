/*
 * api-community.c - the community in the JSON API:
 *   GET    /api/v1/community/me                      her membership (404 before joining)
 *   POST   /api/v1/community/join                    {"handle"} -> 201
 *   POST   /api/v1/community/leave                   {"keep": bool} -> 204
 *   GET    /api/v1/community/spaces                  the spaces
 *   GET    /api/v1/community/spaces/{slug}/posts     live posts, and her own waiting ones
 *   POST   /api/v1/community/spaces/{slug}/posts     {"title", "body"} -> 201, held or live
 *   GET    /api/v1/community/posts/{id}              a post with its comments
 *   PUT    /api/v1/community/posts/{id}              {"title", "body"}: within the window
 *   POST   /api/v1/community/posts/{id}/comments     {"body"} -> 201
 *   PUT    /api/v1/community/posts/{id}/support      send support (204); DELETE takes it back
 *   POST   /api/v1/community/posts/{id}/reports      {"reason"} -> 204
 *   GET    /api/v1/community/moderation/queue        moderators: oldest first, with flags
 *   POST   /api/v1/community/moderation/posts/{id}   {"action", "reason"?} -> 204
 *   GET    /api/v1/community/moderation/log          moderators: newest first
 */
#include "web/auth.h"
#include "web/routes.h"

#include "app/community.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *time_json(int64_t t)
{
    if (t == 0)
        return json_null();
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

static json_t *post_json(const struct cm_post *p, bool moderator_view)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:i}", "id", (json_int_t)p->id,
                          "space", p->space_slug, "status", cm_status_name(p->status), "author",
                          p->handle[0] ? json_string(p->handle) : json_null(), "title",
                          p->title ? p->title : "", "body", p->body ? p->body : "", "created_at",
                          time_json(p->created_at), "edited_at", time_json(p->edited_at), "support",
                          p->supports);
    if (p->parent_id)
        json_object_set_new(j, "post_id", json_integer(p->parent_id));
    json_object_set_new(j, "supported", json_boolean(p->supported));
    if (p->reason[0])
        json_object_set_new(j, "reason", json_string(p->reason));
    if (moderator_view) {
        json_t *f = json_array();
        for (size_t i = 0; i < p->nflags; i++)
            json_array_append_new(f, json_pack("{s:s, s:s, s:s}", "rule",
                                               community_rule_name(p->flags[i].rule), "explanation",
                                               community_rule_explain(p->flags[i].rule), "words",
                                               p->flags[i].words));
        json_object_set_new(j, "flags", f);
        json_t *rep = json_array();
        for (int i = 0; i < p->nreasons; i++)
            json_array_append_new(rep, json_string(p->report_reasons[i]));
        json_object_set_new(j, "reports", rep);
    }
    return j;
}

static const char *str(struct req *r, const char *key)
{
    const char *v = json_string_value(json_object_get(r->json, key));
    return v ? v : "";
}

static bool id_param(struct req *r, int64_t *id)
{
    char *end;
    long long v = strtoll(r->params[0], &end, 10);
    if (*end || v <= 0) {
        resp_api_error(r, 404, _("There is no such post."), NULL);
        return false;
    }
    *id = v;
    return true;
}

static void no_content(struct req *r)
{
    r->status = 204;
    r->content_type = "application/json";
}

void api_community_me(struct req *r)
{
    struct cm_member m;
    struct pace_error err = {0};
    int rc = app_cm_me(&r->app->ctx, &r->who, &m, &err);
    if (rc == PACE_ENOTFOUND)
        pace_fail(&err, rc, NULL, "%s", _("You have not joined the community."));
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 200,
              json_pack("{s:s, s:o, s:b, s:b, s:s}", "handle", m.handle, "joined_at",
                        time_json(m.joined_at), "moderator", m.moderator, "paused", m.suspended,
                        "on_erase", m.keep_on_erase ? "keep" : "delete"));
}

void api_community_join(struct req *r)
{
    struct cm_member m;
    struct pace_error err = {0};
    int rc = app_cm_join(&r->app->ctx, &r->who, str(r, "handle"), r->addr_key, r->now, &m, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 201, json_pack("{s:s}", "handle", m.handle));
}

void api_community_leave(struct req *r)
{
    struct pace_error err = {0};
    int rc =
        app_cm_leave(&r->app->ctx, &r->who, json_is_true(json_object_get(r->json, "keep")), &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    no_content(r);
}

void api_community_spaces(struct req *r)
{
    struct cm_space *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_cm_spaces(&r->app->ctx, &r->who, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a,
                              json_pack("{s:s, s:s, s:s, s:s, s:b}", "slug", items[i].slug, "name",
                                        items[i].name, "description", items[i].description, "lang",
                                        items[i].lang, "approval_for_all", items[i].approval_all));
    free(items);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}

void api_community_space_posts(struct req *r)
{
    struct cm_space sp;
    struct cm_post *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_cm_space(&r->app->ctx, &r->who, r->params[0], &sp, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, post_json(&items[i], false));
    cm_posts_free(items, n);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}

static void write_post(struct req *r, const char *slug, int64_t parent)
{
    struct cm_post p;
    struct pace_error err = {0};
    int rc = app_cm_write(&r->app->ctx, &r->who, slug, parent, parent ? NULL : str(r, "title"),
                          str(r, "body"), r->addr_key, r->now, &p, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *j = post_json(&p, false);
    cm_post_clear(&p);
    resp_json(r, 201, j);
}

void api_community_space_post(struct req *r)
{
    write_post(r, r->params[0], 0);
}

void api_community_post_get(struct req *r)
{
    int64_t id;
    if (!id_param(r, &id))
        return;
    struct cm_post p;
    struct cm_post *comments = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_cm_post(&r->app->ctx, &r->who, id, &p, &comments, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *j = post_json(&p, false), *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, post_json(&comments[i], false));
    json_object_set_new(j, "comments", a);
    cm_post_clear(&p);
    cm_posts_free(comments, n);
    resp_json(r, 200, j);
}

void api_community_post_put(struct req *r)
{
    int64_t id;
    if (!id_param(r, &id))
        return;
    struct pace_error err = {0};
    int rc = app_cm_edit(&r->app->ctx, &r->who, id, str(r, "title"), str(r, "body"), r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    no_content(r);
}

void api_community_comment(struct req *r)
{
    int64_t id;
    if (id_param(r, &id))
        write_post(r, NULL, id);
}

static void support(struct req *r, bool on)
{
    int64_t id;
    if (!id_param(r, &id))
        return;
    struct pace_error err = {0};
    int rc = app_cm_support(&r->app->ctx, &r->who, id, on, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    no_content(r);
}

void api_community_support_put(struct req *r)
{
    support(r, true);
}

void api_community_support_delete(struct req *r)
{
    support(r, false);
}

void api_community_report(struct req *r)
{
    int64_t id;
    if (!id_param(r, &id))
        return;
    struct pace_error err = {0};
    int rc = app_cm_report(&r->app->ctx, &r->who, id, str(r, "reason"), r->addr_key, r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    no_content(r);
}

void api_community_queue(struct req *r)
{
    struct cm_post *items = NULL;
    size_t n = 0;
    int64_t median = 0;
    struct pace_error err = {0};
    int rc = app_cm_queue(&r->app->ctx, &r->who, r->now, &items, &n, &median, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = post_json(&items[i], true);
        json_object_set_new(j, "waiting_s", json_integer(r->now - items[i].created_at));
        json_array_append_new(a, j);
    }
    cm_posts_free(items, n);
    resp_json(r, 200, json_pack("{s:o, s:I}", "items", a, "median_wait_s", (json_int_t)median));
}

void api_community_decide(struct req *r)
{
    int64_t id;
    if (!id_param(r, &id))
        return;
    struct pace_error err = {0};
    int a = cm_action_parse(str(r, "action"));
    int rc =
        app_cm_decide(&r->app->ctx, &r->who, id, (enum cm_action)a, str(r, "reason"), r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    no_content(r);
}

void api_community_log(struct req *r)
{
    struct cm_log *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_cm_log(&r->app->ctx, &r->who, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            a, json_pack("{s:o, s:s, s:s, s:o, s:o, s:s}", "at", time_json(items[i].at),
                         "moderator", items[i].moderator, "action", items[i].action, "post_id",
                         items[i].post_id ? json_integer(items[i].post_id) : json_null(), "member",
                         items[i].target[0] ? json_string(items[i].target) : json_null(), "reason",
                         items[i].reason));
    free(items);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}
