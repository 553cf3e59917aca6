/*
 * ui-shared-data.c - what a grantee may download of what she shares:
 *   /shared/{id}/data?format=json|csv|fhir  her sessions (and comfort ladder
 *                                           when shared), notes only when shared
 *   /shared/{id}/report.pdf                 her report for a clinician, when shared
 * Both go through the gate as the grantee (app_shared_data, app_report_data),
 * so each download is in her trail, and after revocation or expiry the
 * addresses show nothing.
 */
#include "app/report.h"
#include "report/report.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <string.h>

#define DAY 86400
#define REPORT_DAYS 91

static void attach(struct req *r, const char *type, const char *name)
{
    char disp[128];
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", name);
    r->content_type = type;
    r->personal = true;
    resp_header(r, "Content-Disposition", disp);
}

void view_shared_data(struct req *r)
{
    const char *f = form_get(&r->query, "format");
    enum app_shared_format fmt = APP_SHARED_JSON;
    if (f && strcmp(f, "csv") == 0)
        fmt = APP_SHARED_CSV;
    else if (f && strcmp(f, "fhir") == 0)
        fmt = APP_SHARED_FHIR;
    else if (f && strcmp(f, "json") != 0) {
        resp_error(r, 400, _("format must be json, csv or fhir."));
        return;
    }
    struct pace_error err = {0};
    buf_reset(&r->out);
    int rc = app_shared_data(&r->app->ctx, &r->who, r->params[0], fmt, r->now, &r->out, &err);
    if (rc != 0) {
        buf_reset(&r->out);
        view_fail(r, rc, &err);
        return;
    }
    if (fmt == APP_SHARED_CSV)
        attach(r, "text/csv; charset=utf-8", "pace-shared-sessions.csv");
    else if (fmt == APP_SHARED_FHIR)
        attach(r, "application/fhir+json", "pace-shared-fhir.json");
    else
        attach(r, "application/json", "pace-shared.json");
}

void view_shared_report(struct req *r)
{
    struct grant g;
    struct pace_error err = {0};
    int rc = app_shared_subject(&r->app->ctx, &r->who, r->params[0], r->now, &g, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    const struct tz_zone *zone = req_zone(r);
    int64_t today = tz_day_start(zone, r->now);
    struct report_options opt = {
        .from = tz_day_start(zone, today - (int64_t)(REPORT_DAYS - 1) * DAY + DAY / 2),
        .to = tz_day_start(zone, today + DAY + DAY / 2),
        .zone = zone,
        .now = r->now,
        .name = g.subject_name,
        .notes = app_may(&r->app->ctx, &r->who, g.subject_id, RES_NOTES, ACT_READ)
                     ? REPORT_NOTES_ALL
                     : REPORT_NOTES_NONE,
    };
    struct report_data d;
    struct buf pdf = {0};
    rc = app_report_data(&r->app->ctx, &r->who, g.subject_id, &opt, &d, &err);
    if (rc == 0)
        rc = report_pdf(&d, &pdf, NULL, &err);
    report_data_free(&d);
    crypto_wipe(&g, sizeof g);
    if (rc != 0) {
        buf_free(&pdf);
        view_fail(r, rc, &err);
        return;
    }
    buf_reset(&r->out);
    buf_add(&r->out, pdf.data, pdf.len);
    buf_free(&pdf);
    attach(r, "application/pdf", "pace-shared-report.pdf");
}
