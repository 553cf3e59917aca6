/*
 * api-data.c - all her data at once: GET /api/v1/export (JSON, CSV with or
 * without a byte order mark, or FHIR; also behind the "Your data" page's
 * downloads) and POST /api/v1/import (a JSON export, validated whole
 * before anything is written). See docs/export-format.md.
 */
#include "app/data.h"
#include "app/log.h"
#include "web/api-data.h"
#include "web/auth.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void data_send(struct req *r, const struct data_request *q)
{
    struct pace_error err = {0};
    buf_reset(&r->out);
    int rc = app_export(&r->app->ctx, &r->who, r->user.id, q, r->now, &r->out, &err);
    if (rc != 0) {
        buf_reset(&r->out);
        if (r->is_api)
            resp_api_fail(r, rc, &err);
        else
            view_fail(r, rc, &err);
        return;
    }
    static const char *const types[] = {"application/json; charset=utf-8",
                                        "text/csv; charset=utf-8; header=present",
                                        "application/fhir+json; charset=utf-8"};
    static const char *const names[] = {"pace-export", "pace-sessions", "pace-fhir"};
    static const char *const exts[] = {"json", "csv", "json"};
    enum data_format f = q->format;
    char day[32], disp[128];
    rfc3339_format(r->now, day, sizeof day);
    day[10] = '\0';
    snprintf(disp, sizeof disp, "attachment; filename=\"%s-%s.%s\"", names[f], day, exts[f]);
    app_log_event(APP_LOG_INFO, "data.exported", r->user.id, "format=%s",
                  (const char *const[]){"json", "csv", "fhir"}[f]);
    r->status = 200;
    r->content_type = types[f];
    r->personal = true;
    resp_header(r, "Content-Disposition", disp);
}

void api_export(struct req *r)
{
    struct data_request q;
    struct pace_error err = {0};
    if (data_request_parse(form_get(&r->query, "format"), form_get(&r->query, "bom"), &q, &err) !=
        0) {
        resp_api_error(r, 400, err.msg, err.field);
        return;
    }
    data_send(r, &q);
}

void api_import(struct req *r)
{
    struct import_counts c;
    struct pace_error err = {0};
    int rc = app_import(&r->app->ctx, &r->who, r->user.id, r->body.data, r->body.len, r->now, &c,
                        &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    resp_json(r, 200, data_counts_json(&c));
}
