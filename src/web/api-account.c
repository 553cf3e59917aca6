/* api-account.c - /api/v1/me and the API token endpoints. */
#include "web/auth.h"
#include "web/routes.h"

#include <stdlib.h>
#include <time.h>

void api_me(struct req *r)
{
    if (app_gate(&r->app->ctx, &r->who, r->user.id, RES_ACCOUNT, ACT_READ, NULL, NULL) != 0) {
        resp_api_error(r, 403, _("You may not see this."), NULL);
        return;
    }
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(r->user.id));
    json_object_set_new(j, "email", json_string(r->user.email));
    json_object_set_new(j, "role", json_string(role_name(r->user.role)));
    json_object_set_new(j, "lang", r->user.lang >= 0
                                       ? json_string(i18n_code((enum lang)r->user.lang))
                                       : json_null());
    resp_json(r, 200, j);
}

static void add_time(json_t *o, const char *key, int64_t t)
{
    if (t <= 0) {
        json_object_set_new(o, key, json_null());
        return;
    }
    char s[32];
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_object_set_new(o, key, json_string(s));
}

void api_tokens_list(struct req *r)
{
    struct api_token *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_token_list(&r->app->ctx, &r->who, r->user.id, &items, &n, &err);
    if (rc != 0) {
        resp_api_error(r, status_for(rc), err.msg, NULL);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(items[i].id));
        json_object_set_new(o, "label", json_string(items[i].label));
        add_time(o, "created_at", items[i].created_at);
        add_time(o, "last_used_at", items[i].last_used_at);
        json_array_append_new(arr, o);
    }
    free(items);
    json_t *j = json_object();
    json_object_set_new(j, "items", arr);
    resp_json(r, 200, j);
}

void api_token_delete(struct req *r)
{
    char *end;
    long long id = strtoll(r->params[0], &end, 10);
    if (*end != '\0' || id <= 0 ||
        app_token_revoke(&r->app->ctx, &r->who, r->user.id, id, NULL) != 0) {
        resp_api_error(r, 404, _("There is no such token."), NULL);
        return;
    }
    r->status = 204;
    r->content_type = "application/json";
}
