/*
 * api-sessions.c - /api/v1/sessions: her practice sessions as JSON.
 * Create, list (newest first, keyset pages), read, replace and delete.
 * Another person's session answers 404 exactly like one that never
 * existed, so ids reveal nothing.
 */
#include "core/jsonout.h"
#include "web/auth.h"
#include "web/once.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LIST_DEFAULT 50
#define LIST_MAX 200

static void fail(struct req *r, int rc, const struct pace_error *err)
{
    int status = status_for(rc);
    /* A database away (PostgreSQL) has its sentence, as everywhere else. */
    if (rc == PACE_EUNAVAIL)
        resp_header(r, "Retry-After", "5");
    if (status >= 500 && rc != PACE_EFULL && rc != PACE_EIO && rc != PACE_EUNAVAIL)
        resp_api_error(r, status, _("Something went wrong. Please try again."), NULL);
    else
        resp_api_error(r, status, err->msg, err->field);
}

/* Written straight into the answer: the bytes resp_json(practice_to_json)
 * would send, without building the tree. */
static void send_record(struct req *r, int status, const struct practice *p)
{
    r->status = status;
    r->content_type = "application/json";
    buf_reset(&r->out);
    practice_json_write(&r->out, p);
}

void api_sessions_create(struct req *r)
{
    struct store_once once;
    bool has_once = false;
    struct pace_error err = {0};
    if (once_from_header(r, &once, &has_once, &err) != 0) {
        resp_api_error(r, 400, err.msg, err.field);
        return;
    }
    json_t *body = json_incref(r->json);
    if (body == NULL)
        return;
    struct practice p;
    int rc = practice_from_json(body, r->now, &p, &err);
    json_decref(body);
    if (rc == 0)
        rc = app_session_create(&r->app->ctx, &r->who, r->user.id, &p, has_once ? &once : NULL,
                                r->now, &err);
    if (rc != 0) {
        fail(r, rc, &err);
        practice_clear(&p);
        return;
    }
    if (has_once && once.replayed)
        resp_header(r, "Idempotent-Replayed", "true");
    char loc[64 + PRACTICE_ID_LEN];
    snprintf(loc, sizeof loc, "/api/v1/sessions/%s", p.id);
    resp_header(r, "Location", loc);
    send_record(r, 201, &p);
    practice_clear(&p);
}

static bool parse_query(struct req *r, struct practice_query *q)
{
    memset(q, 0, sizeof *q);
    struct api_page pg;
    if (!api_page_query(r, LIST_DEFAULT, LIST_MAX, &pg))
        return false;
    q->from = pg.from;
    q->to = pg.to;
    q->limit = pg.limit;
    q->cursor = pg.cursor;
    const char *v;
    if ((v = form_get(&r->query, "diameter_mm"))) {
        char *end;
        double d = strtod(v, &end);
        if (v[0] < '0' || v[0] > '9' || *end != '\0' || !(d >= 1 && d <= 80)) {
            resp_api_error(r, 422, _("diameter_mm must be a number from 1 to 80."), "diameter_mm");
            return false;
        }
        q->diameter_mm = d;
    }
    return true;
}

void api_sessions_list(struct req *r)
{
    struct practice_query q;
    if (!parse_query(r, &q))
        return;
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct pace_error err = {0};
    int rc = app_session_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, &err);
    if (rc != 0) {
        fail(r, rc, &err);
        return;
    }
    /* Written straight into the answer, the same bytes resp_json would
     * send: no tree of some 40 allocations per session. */
    r->status = 200;
    r->content_type = "application/json";
    buf_reset(&r->out);
    buf_grow(&r->out, n * 600 + 64);
    buf_puts(&r->out, "{\"items\":[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        practice_json_write(&r->out, &items[i]);
    }
    practice_list_free(items, n);
    buf_puts(&r->out, "],\"next_cursor\":");
    jsonout_str(&r->out, next[0] ? next : NULL);
    buf_putc(&r->out, '}');
}

void api_session_get(struct req *r)
{
    struct practice p;
    struct pace_error err = {0};
    int rc = app_session_get(&r->app->ctx, &r->who, r->user.id, r->params[0], &p, &err);
    if (rc != 0)
        fail(r, rc, &err);
    else
        send_record(r, 200, &p);
    practice_clear(&p);
}

void api_session_put(struct req *r)
{
    struct practice old, p;
    struct pace_error err = {0};
    /* Not hers (or gone): 404 before the body is even looked at, so a
     * stranger learns nothing from validation messages either. */
    int rc = app_session_get(&r->app->ctx, &r->who, r->user.id, r->params[0], &old, &err);
    if (rc != 0) {
        fail(r, rc, &err);
        practice_clear(&old);
        return;
    }
    json_t *body = json_incref(r->json);
    if (body == NULL) {
        practice_clear(&old);
        return;
    }
    const json_t *id = json_object_get(body, "id");
    if (id && !json_is_null(id) &&
        (!json_is_string(id) || strcmp(json_string_value(id), old.id) != 0)) {
        json_decref(body);
        practice_clear(&old);
        resp_api_error(r, 422, _("The id in the body must match the address."), "id");
        return;
    }
    practice_init(&p);
    rc = practice_from_json(body, r->now, &p, &err);
    json_decref(body);
    if (rc == 0) {
        memcpy(p.id, old.id, sizeof p.id);
        rc = app_session_update(&r->app->ctx, &r->who, r->user.id, &p, r->now, &err);
    }
    if (rc != 0)
        fail(r, rc, &err);
    else
        send_record(r, 200, &p);
    practice_clear(&p);
    practice_clear(&old);
}

void api_session_delete(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_session_delete(&r->app->ctx, &r->who, r->user.id, r->params[0], &err);
    if (rc != 0) {
        fail(r, rc, &err);
    } else {
        r->status = 204;
        r->content_type = "application/json";
    }
}
