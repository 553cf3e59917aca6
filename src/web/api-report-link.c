/*
 * api-report-link.c - report links in the JSON API:
 *   GET    /api/v1/report-links        her links, newest first (no passcodes)
 *   POST   /api/v1/report-links        {"from", "to", "zone"?, "name"?, "days"?,
 *                                      "passcode"?} -> 201 with the link's url and,
 *                                      when asked for, its passcode (both shown once)
 *   DELETE /api/v1/report-links/{id}   stop a link (204)
 * The snapshot is the report of the period without notes, drawn now.
 */
#include "app/report.h"
#include "app/tzdb.h"
#include "report/report.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-sharing.h"
#include "web/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

static json_t *time_json(int64_t t)
{
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

static json_t *link_json(const struct report_link *l, int64_t now)
{
    const char *status = l->revoked_at ? "revoked" : l->expires_at <= now ? "expired" : "active";
    return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:b, s:I, s:o}", "id", l->public_id,
                     "name", l->name, "status", status, "from", time_json(l->period_from), "to",
                     time_json(l->period_to), "created_at", time_json(l->created_at), "expires_at",
                     time_json(l->expires_at), "revoked_at",
                     l->revoked_at ? time_json(l->revoked_at) : json_null(), "has_passcode",
                     l->passcode[0] != '\0', "opens", (json_int_t)l->opens, "last_opened_at",
                     l->last_opened_at ? time_json(l->last_opened_at) : json_null());
}

void api_report_links_list(struct req *r)
{
    struct report_link *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_report_links_list(&r->app->ctx, &r->who, r->user.id, &items, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, link_json(&items[i], r->now));
    crypto_wipe(items, n * sizeof *items);
    free(items);
    resp_json(r, 200, json_pack("{s:o}", "items", a));
}

static const char *str_or(const json_t *j, const char *key, const char *dflt)
{
    const json_t *v = json_object_get(j, key);
    return json_is_string(v) ? json_string_value(v) : dflt;
}

void api_report_links_create(struct req *r)
{
    const json_t *j = r->json;
    struct pace_error err = {0};
    if (!json_is_object(j)) {
        resp_api_error(r, 422, _("The body must be a JSON object."), NULL);
        return;
    }
    const char *zone_s = str_or(j, "zone", NULL);
    struct tz_zone typed;
    memset(&typed, 0, sizeof typed);
    const struct tz_zone *zone = req_zone(r);
    if (zone_s && *zone_s) {
        if (tzdb_zone(zone_s, &typed, &err) != 0) {
            resp_api_error(r, 422, err.msg, "zone");
            return;
        }
        zone = &typed;
    }
    int64_t from = 0, last = 0;
    const char *name = str_or(j, "name", "");
    const json_t *days = json_object_get(j, "days"), *pass = json_object_get(j, "passcode");
    int rc = 0;
    if (report_date_parse(str_or(j, "from", NULL), zone, &from) != 0)
        rc = pace_fail(&err, PACE_EINVAL, "from", "%s",
                       _("from must be a date such as 2026-01-31."));
    else if (report_date_parse(str_or(j, "to", NULL), zone, &last) != 0)
        rc = pace_fail(&err, PACE_EINVAL, "to", "%s", _("to must be a date such as 2026-03-31."));
    else if (days && !json_is_integer(days))
        rc = pace_fail(&err, PACE_EINVAL, "days", "%s", _("A link can work for 1 to 90 days."));
    else if (pass && !json_is_boolean(pass))
        rc = pace_fail(&err, PACE_EINVAL, "passcode", "%s", _("passcode must be true or false."));
    if (rc == 0)
        rc = report_period_check(from, last, r->now, zone, &err);
    if (rc == 0)
        rc = report_name_check(name, &err);
    struct buf pdf = {0};
    struct report_options opt = {.from = from,
                                 .to = tz_day_start(zone, last + DAY + DAY / 2),
                                 .zone = zone,
                                 .now = r->now,
                                 .name = name,
                                 .notes = REPORT_NOTES_NONE};
    if (rc == 0) {
        struct report_data d;
        rc = app_report_data(&r->app->ctx, &r->who, r->user.id, &opt, &d, &err);
        if (rc == 0)
            rc = report_pdf(&d, &pdf, NULL, &err);
        report_data_free(&d);
    }
    struct app_link_new in = {.name = name,
                              .days = days ? (int)json_integer_value(days) : 0,
                              .passcode = json_is_true(pass),
                              .period_from = opt.from,
                              .period_to = opt.to};
    if (days && (json_integer_value(days) < 1 || json_integer_value(days) > APP_LINK_DAYS_MAX))
        in.days = -1;
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    if (rc == 0)
        rc = app_report_link_create(&r->app->ctx, &r->who, r->user.id, &in, pdf.data, pdf.len,
                                    r->now, token, &l, &err);
    buf_free(&pdf);
    tz_zone_free(&typed);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    char url[300];
    ui_report_link_url(r, token, url, sizeof url);
    json_t *out = link_json(&l, r->now);
    json_object_set_new(out, "url", json_string(url));
    json_object_set_new(out, "passcode", l.passcode[0] ? json_string(l.passcode) : json_null());
    crypto_wipe(token, sizeof token);
    crypto_wipe(url, sizeof url);
    crypto_wipe(&l, sizeof l);
    resp_json(r, 201, out);
}

void api_report_link_delete(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_report_link_revoke(&r->app->ctx, &r->who, r->user.id, r->params[0], r->now, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
        return;
    }
    r->status = 204;
}
