/*
 * ui-clinic-files.c - what a clinician downloads or glances at for one
 * patient, each through the gate:
 *   GET /clinic/{grant}/report.pdf   her report of the last three months
 *                                    (the "report" scope), without notes
 *   ui_clinic_ladder                 her latest comfort ladder ("ladder")
 */
#include "app/report.h"
#include "report/report.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-clinic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)

void view_clinic_report(struct req *r)
{
    struct grant g;
    struct pace_error err = {0};
    if (app_shared_subject(&r->app->ctx, &r->who, r->params[0], r->now, &g, &err) != 0 ||
        g.relation != GRANT_CLINICIAN) {
        crypto_wipe(&g, sizeof g);
        view_not_found(r);
        return;
    }
    const struct tz_zone *zone = req_zone(r);
    struct report_options opt = {
        .from = tz_day_start(zone, r->now - 91 * DAY),
        .to = tz_day_start(zone, r->now + DAY + DAY / 2),
        .zone = zone,
        .now = r->now,
        .name = g.subject_name,
        .full_title = true,
        .notes = REPORT_NOTES_NONE,
    };
    struct report_data d;
    struct buf pdf = {0};
    int rc = app_report_data(&r->app->ctx, &r->who, g.subject_id, &opt, &d, &err);
    if (rc == 0)
        rc = report_pdf(&d, &pdf, NULL, &err);
    report_data_free(&d);
    crypto_wipe(&g, sizeof g);
    if (rc != 0) {
        buf_free(&pdf);
        view_fail(r, rc, &err);
        return;
    }
    char fname[64], disp[128];
    report_filename(r->now, zone, fname, sizeof fname);
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", fname);
    buf_reset(&r->out);
    buf_add(&r->out, pdf.data, pdf.len);
    buf_free(&pdf);
    r->content_type = "application/pdf";
    r->personal = true;
    resp_header(r, "Content-Disposition", disp);
}

void ui_clinic_ladder(struct req *r, int64_t subject)
{
    struct ladder_entry *items = NULL;
    size_t n = 0;
    if (app_ladder_latest(&r->app->ctx, &r->who, subject, 1, &items, &n, NULL) != 0) {
        free(items);
        return;
    }
    html_printf(r, "<section class=\"card\" aria-labelledby=\"la-h\"><h2 id=\"la-h\">%s</h2>",
                _("Comfort ladder"));
    if (n == 0) {
        html_printf(r, "<p>%s</p></section>", _("No answers yet."));
        free(items);
        return;
    }
    char when[64];
    i18n_format_date(when, sizeof when, items[0].taken_at, req_tz_at(r, items[0].taken_at));
    html_printf(r, "<p class=\"meta\">%s</p><ul class=\"rows compact\">", when);
    for (int i = 0; i < LADDER_COUNT; i++) {
        const struct ladder_answer *a = &items[0].a[i];
        if (!ladder_answer_given(a))
            continue;
        char line[128];
        if (a->not_tried)
            snprintf(line, sizeof line, _("anxiety %d, not tried yet"), a->anxiety);
        else
            snprintf(line, sizeof line, _("anxiety %d, pain %d"), a->anxiety, a->pain);
        html_printf(r, "<li><div><strong>%s</strong><span class=\"meta\">%s</span></div></li>",
                    _(ladder_item_label((enum ladder_item)i)), line);
    }
    html_printf(r, "</ul></section>");
    free(items);
}
