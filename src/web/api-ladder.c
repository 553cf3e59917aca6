/*
 * api-ladder.c - /api/v1/ladder (her comfort ladder: the history, newest
 * first, and a new entry) and /api/v1/exam-prep (her plan for a
 * gynaecological visit, the same content as the /exam-prep page).
 */
#include "web/auth.h"
#include "web/exam-plan.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>

#define LADDER_LIST_MAX 500

static void fail(struct req *r, int rc, const struct pace_error *err)
{
    int status = status_for(rc);
    if (status >= 500 && rc != PACE_EFULL && rc != PACE_EIO)
        resp_api_error(r, status, _("Something went wrong. Please try again."), NULL);
    else
        resp_api_error(r, status, err->msg, err->field[0] ? err->field : NULL);
}

static void not_found(struct req *r)
{
    resp_api_error(r, 404, _("There is no such API endpoint."), NULL);
}

/* {"due", "next_due_at", "interval_days"} for her latest entry. */
static void due_fields(json_t *j, int64_t last, int64_t now)
{
    json_object_set_new(j, "due", json_boolean(ladder_due(last, now)));
    char at[32];
    if (last > 0) {
        rfc3339_format(ladder_next_due(last), at, sizeof at);
        json_object_set_new(j, "next_due_at", json_string(at));
    } else {
        json_object_set_new(j, "next_due_at", json_null());
    }
    json_object_set_new(j, "interval_days", json_integer(LADDER_DUE_DAYS));
}

void api_ladder_list(struct req *r)
{
    if (!authz_allows(r, AUTHZ_READ, AUTHZ_LADDER, r->user.id)) {
        not_found(r);
        return;
    }
    struct ladder_entry *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = store_ladder_list(r->app->store, r->user.id, LADDER_LIST_MAX, &items, &n, &err);
    if (rc != 0) {
        fail(r, rc, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, ladder_entry_json(&items[i]));
    json_t *j = json_pack("{s:o}", "entries", arr);
    due_fields(j, n > 0 ? items[0].taken_at : 0, r->now);
    free(items);
    resp_json(r, 200, j);
}

void api_ladder_create(struct req *r)
{
    if (!authz_allows(r, AUTHZ_WRITE, AUTHZ_LADDER, r->user.id)) {
        not_found(r);
        return;
    }
    json_error_t je;
    json_t *body =
        json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &je);
    if (body == NULL) {
        char msg[200];
        snprintf(msg, sizeof msg, _("The body is not valid JSON (line %d, column %d)."), je.line,
                 je.column);
        resp_api_error(r, 400, msg, NULL);
        return;
    }
    struct ladder_entry e;
    struct pace_error err = {0};
    int rc = ladder_from_json(body, &e, &err);
    json_decref(body);
    if (rc == 0)
        rc = store_ladder_insert(r->app->store, r->user.id, &e, r->now, &err);
    if (rc != 0) {
        fail(r, rc, &err);
        return;
    }
    resp_json(r, 201, ladder_entry_json(&e));
}

void api_exam_prep(struct req *r)
{
    struct exam_plan p;
    struct pace_error err = {0};
    int rc = exam_plan_load(r, &p, &err);
    if (rc == PACE_EDENIED)
        not_found(r);
    else if (rc != 0)
        fail(r, rc, &err);
    else
        resp_json(r, 200, exam_plan_json(&p));
    exam_plan_free(&p);
}
