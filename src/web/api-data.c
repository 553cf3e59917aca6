/*
 * api-data.c - all her data at once: GET /api/v1/export (JSON, CSV or
 * FHIR, also behind the "Your data" page's download buttons) and
 * POST /api/v1/import (a JSON export, validated whole before anything is
 * written). See docs/export-format.md.
 */
#include "app/log.h"
#include "store/data.h"
#include "web/api-data.h"
#include "web/auth.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void data_send(struct req *r, enum data_format f)
{
    if (!authz_allows(r, AUTHZ_READ, AUTHZ_ACCOUNT, r->user.id)) {
        resp_error(r, 404, _("There is nothing here."));
        return;
    }
    struct pace_error err = {0};
    buf_reset(&r->out);
    int rc = data_render(r->app->store, r->user.id, f, r->now, &r->out, &err);
    if (rc != 0) {
        buf_reset(&r->out);
        resp_error(r, status_for(rc), _("Something went wrong. Please try again."));
        return;
    }
    static const char *const types[] = {"application/json; charset=utf-8",
                                        "text/csv; charset=utf-8; header=present",
                                        "application/fhir+json; charset=utf-8"};
    static const char *const names[] = {"pace-export", "pace-sessions", "pace-fhir"};
    static const char *const exts[] = {"json", "csv", "json"};
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
    int f = data_format_parse(form_get(&r->query, "format"));
    if (f < 0) {
        resp_api_error(r, 400, _("format must be json, csv or fhir."), "format");
        return;
    }
    data_send(r, (enum data_format)f);
}

void api_import(struct req *r)
{
    if (!authz_allows(r, AUTHZ_WRITE, AUTHZ_ACCOUNT, r->user.id)) {
        resp_api_error(r, 404, _("There is nothing here."), NULL);
        return;
    }
    struct import_counts c;
    struct pace_error err = {0};
    int rc = data_import(r->app->store, r->app->catalog, r->app->plans, r->user.id, r->body.data,
                         r->body.len, r->now, &c, &err);
    if (rc != 0) {
        int status = status_for(rc);
        if (status >= 500 && rc != PACE_EFULL && rc != PACE_EIO)
            resp_api_error(r, status, _("Something went wrong. Please try again."), NULL);
        else
            resp_api_error(r, status, err.msg, err.field[0] ? err.field : NULL);
        return;
    }
    resp_json(r, 200, data_counts_json(&c));
}
