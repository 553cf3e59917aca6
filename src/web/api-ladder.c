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
    struct api_page pg;
    if (!api_page_query(r, LADDER_LIST_DEFAULT, LADDER_PAGE_MAX, &pg))
        return;
    struct ladder_query q = {.from = pg.from, .to = pg.to, .limit = pg.limit, .cursor = pg.cursor};
    struct ladder_entry *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct pace_error err = {0};
    int64_t last = 0;
    int rc = app_ladder_page(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, &last, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
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
    struct ladder_entry e;
    struct pace_error err = {0};
    int rc = ladder_from_json(r->json, &e, &err);
    if (rc == 0)
        rc = app_ladder_add(&r->app->ctx, &r->who, r->user.id, &e, r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 201, ladder_entry_json(&e));
}

void api_exam_prep(struct req *r)
{
    struct exam_plan p;
    struct pace_error err = {0};
    int rc = exam_plan_load(r, &p, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, exam_plan_json(&p));
    exam_plan_free(&p);
}
