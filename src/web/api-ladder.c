/*
 * api-ladder.c - /api/v1/ladder (her comfort ladder: the history, newest
 * first, a page at a time like the sessions, and a new entry) and
 * /api/v1/exam-prep (her plan for a gynaecological visit, the same content
 * as the /exam-prep page).
 */
#include "web/auth.h"
#include "web/exam-plan.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LADDER_LIST_DEFAULT 50

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

/* Query parameter name as an RFC 3339 time into *out (unchanged when
 * absent); answers 422 and returns false when it is not one. */
static bool query_time(struct req *r, const char *name, int64_t *out)
{
    const char *v = form_get(&r->query, name);
    if (v == NULL)
        return true;
    if (rfc3339_parse(v, out) == 0) {
        if (*out == 0) /* the store reads 0 as "no bound"; nothing is that old */
            *out = 1;
        return true;
    }
    char msg[160];
    snprintf(msg, sizeof msg, _("%s must be a date and time like 2026-11-24T19:05:00Z."), name);
    resp_api_error(r, 422, msg, name);
    return false;
}

static bool parse_query(struct req *r, struct ladder_query *q)
{
    memset(q, 0, sizeof *q);
    q->limit = LADDER_LIST_DEFAULT;
    if (!query_time(r, "from", &q->from) || !query_time(r, "to", &q->to))
        return false;
    const char *v = form_get(&r->query, "limit");
    if (v) {
        char *end;
        long n = strtol(v, &end, 10);
        if (v[0] < '0' || v[0] > '9' || *end != '\0' || n < 1 || n > LADDER_PAGE_MAX) {
            char msg[160];
            snprintf(msg, sizeof msg, _("limit must be a whole number from 1 to %d."),
                     LADDER_PAGE_MAX);
            resp_api_error(r, 422, msg, "limit");
            return false;
        }
        q->limit = (int)n;
    }
    q->cursor = form_get(&r->query, "cursor");
    return true;
}

void api_ladder_list(struct req *r)
{
    if (!authz_allows(r, AUTHZ_READ, AUTHZ_LADDER, r->user.id)) {
        not_found(r);
        return;
    }
    struct ladder_query q;
    if (!parse_query(r, &q))
        return;
    struct ladder_entry *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct pace_error err = {0};
    int64_t last = 0;
    int rc = store_ladder_page(r->app->store, r->user.id, &q, &items, &n, next, &err);
    if (rc == 0)
        rc = store_ladder_last_taken(r->app->store, r->user.id, &last);
    if (rc != 0) {
        free(items);
        fail(r, rc, &err);
        return;
    }
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, ladder_entry_json(&items[i]));
    free(items);
    json_t *j = json_pack("{s:o}", "entries", arr);
    json_object_set_new(j, "next_cursor", next[0] ? json_string(next) : json_null());
    /* Whether a new one is due depends on her latest entry, not the page's. */
    due_fields(j, last, r->now);
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
