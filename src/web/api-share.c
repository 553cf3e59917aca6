/*
 * api-share.c - sharing in the JSON API:
 *   GET    /api/v1/grants                her grants and invitations
 *   POST   /api/v1/grants                an invitation: {"relation", "scopes", "end"?,
 *                                        "label"?, "subject_name"?} -> 201 with its token
 *   PUT    /api/v1/grants/{id}           {"scopes", "end"}: her change
 *   DELETE /api/v1/grants/{id}           stop sharing (204)
 *   POST   /api/v1/invitations/{token}   accept an invitation as the caller
 *   GET    /api/v1/shared                the grants in force that others gave the caller
 *   GET    /api/v1/audit                 her audit trail, newest first, a page at a time
 */
#include "core/jsonkeys.h"
#include "web/auth.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *time_or_null(int64_t t)
{
    if (t == 0)
        return json_null();
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

static json_t *scopes_json(unsigned scopes)
{
    json_t *a = json_array();
    for (int i = 0; i < APP_SCOPE_NAMES; i++)
        if (scopes & (1u << i))
            json_array_append_new(a, json_string(app_scope_names[i]));
    return a;
}

static json_t *grant_json(const struct grant *g, int64_t now, bool hers)
{
    const char *status = grant_status_name(g->status);
    if ((g->status == GRANT_ACTIVE && g->end && g->end <= now) ||
        (g->status == GRANT_INVITED && g->invite_expires_at <= now))
        status = "expired";
    json_t *j = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o}", "id", g->public_id, "relation",
                          grant_relation_name(g->relation), "status", status, "scopes",
                          scopes_json(g->scopes), "start", time_or_null(g->start), "end",
                          time_or_null(g->end));
    if (hers) {
        json_object_set_new(j, "label", json_string(g->label));
        json_object_set_new(j, "subject_name", json_string(g->subject_name));
        json_object_set_new(j, "grantee", g->grantee_email[0] ? json_string(g->grantee_email)
                                                              : json_null());
        json_object_set_new(j, "invitation_expires_at",
                            g->status == GRANT_INVITED ? time_or_null(g->invite_expires_at)
                                                       : json_null());
    } else {
        json_object_set_new(j, "name", json_string(g->subject_name));
    }
    return j;
}

/* "scopes": ["summary", ...] into bits; PACE_EINVAL naming scopes[i]. */
static int read_scopes(const json_t *a, unsigned *out, struct pace_error *err)
{
    *out = 0;
    if (!json_is_array(a))
        return pace_fail(err, PACE_EINVAL, "scopes", "%s",
                         _("scopes must be a list such as [\"summary\", \"sessions\"]."));
    size_t i;
    json_t *v;
    json_array_foreach((json_t *)a, i, v)
    {
        const char *s = json_string_value(v);
        int k = -1;
        for (int n = 0; s && n < APP_SCOPE_NAMES; n++)
            if (strcmp(s, app_scope_names[n]) == 0)
                k = n;
        if (k < 0) {
            char f[32];
            snprintf(f, sizeof f, "scopes[%zu]", i);
            return pace_fail(err, PACE_EINVAL, f, "%s", _("This is not a scope Pace knows."));
        }
        *out |= 1u << k;
    }
    return 0;
}

/* "end": an RFC 3339 time, or null (open-ended; absent: the default). */
static int read_end(const json_t *j, int64_t *out, struct pace_error *err)
{
    const json_t *v = json_object_get(j, "end");
    *out = 0;
    if (v == NULL)
        return 0;
    if (json_is_null(v)) {
        *out = -1;
        return 0;
    }
    if (!json_is_string(v) || rfc3339_parse(json_string_value(v), out) != 0)
        return pace_fail(err, PACE_EINVAL, "end", "%s",
                         _("end must be a date and time like 2027-03-01T00:00:00Z, or null."));
    return 0;
}

void api_grants_list(struct req *r)
{
    struct grant *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_grants_list(&r->app->ctx, &r->who, r->user.id, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, grant_json(&items[i], r->now, true));
    app_grants_free(items, n);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}

void api_grants_create(struct req *r)
{
    static const char *const keys[] = {"relation", "scopes", "end", "label", "subject_name"};
    struct pace_error err = {0};
    struct app_invite in = {0};
    int rc = json_only_keys(r->json, keys, 5, &err);
    const char *rel = json_string_value(json_object_get(r->json, "relation"));
    int k = grant_relation_parse(rel);
    in.relation = k < 0 ? GRANT_RELATION_COUNT : (enum grant_relation)k;
    if (rc == 0)
        rc = read_scopes(json_object_get(r->json, "scopes"), &in.scopes, &err);
    if (rc == 0)
        rc = read_end(r->json, &in.end, &err);
    const char *label = json_string_value(json_object_get(r->json, "label"));
    const char *name = json_string_value(json_object_get(r->json, "subject_name"));
    if (rc == 0 && ((label && strlen(label) > GRANT_LABEL_MAX) ||
                    (name && strlen(name) > GRANT_LABEL_MAX)))
        rc = pace_fail(&err, PACE_EINVAL, label && strlen(label) > GRANT_LABEL_MAX ? "label"
                                                                                  : "subject_name",
                       "%s", _("Please use at most 60 characters, on one line."));
    snprintf(in.label, sizeof in.label, "%s", label ? label : "");
    snprintf(in.subject_name, sizeof in.subject_name, "%s", name ? name : "");
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct grant g;
    if (rc == 0)
        rc = app_invite_create(&r->app->ctx, &r->who, r->user.id, &in, r->now, token, &g, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *j = grant_json(&g, r->now, true);
    json_object_set_new(j, "invitation_token", json_string(token));
    char path[96];
    snprintf(path, sizeof path, "/invite/%s", token);
    json_object_set_new(j, "invitation_path", json_string(path));
    crypto_wipe(token, sizeof token);
    resp_json(r, 201, j);
}

void api_grant_put(struct req *r)
{
    static const char *const keys[] = {"scopes", "end"};
    struct pace_error err = {0};
    unsigned scopes = 0;
    int64_t end = 0;
    int rc = json_only_keys(r->json, keys, 2, &err);
    if (rc == 0)
        rc = read_scopes(json_object_get(r->json, "scopes"), &scopes, &err);
    if (rc == 0)
        rc = read_end(r->json, &end, &err);
    if (rc == 0)
        rc = app_grant_change(&r->app->ctx, &r->who, r->user.id, r->params[0], scopes,
                              end == 0 ? -1 : end, r->now, &err);
    struct grant g;
    if (rc == 0)
        rc = app_grant_get(&r->app->ctx, &r->who, r->user.id, r->params[0], &g, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 200, grant_json(&g, r->now, true));
}

void api_grant_delete(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_grant_revoke(&r->app->ctx, &r->who, r->user.id, r->params[0], r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    r->status = 204;
    r->content_type = "application/json";
}

void api_invitation_accept(struct req *r)
{
    struct pace_error err = {0};
    struct grant g;
    int rc = app_invite_accept(&r->app->ctx, &r->who, r->params[0], r->now, &g, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 200, grant_json(&g, r->now, false));
}

void api_shared_list(struct req *r)
{
    struct grant *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_shared_with_me(&r->app->ctx, &r->who, r->now, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, grant_json(&items[i], r->now, false));
    app_grants_free(items, n);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}

void api_audit_list(struct req *r)
{
    struct api_page pg;
    if (!api_page_query(r, 50, 500, &pg))
        return;
    struct audit_query q = {.from = pg.from, .to = pg.to, .limit = pg.limit, .cursor = pg.cursor};
    struct audit_event *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct pace_error err = {0};
    int rc = app_audit_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        const struct audit_event *e = &items[i];
        json_array_append_new(
            a, json_pack("{s:I, s:o, s:o, s:s, s:s, s:s, s:b}", "id", (json_int_t)e->id, "at",
                         time_or_null(e->at), "actor",
                         e->actor_id ? json_string(e->actor_email) : json_null(), "action",
                         e->action, "resource", e->resource, "record", e->record, "allowed",
                         e->allowed));
    }
    free(items);
    resp_json(r, 200, json_pack("{s:o, s:o}", "items", a, "next_cursor",
                                next[0] ? json_string(next) : json_null()));
}
