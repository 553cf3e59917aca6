/*
 * ui-clinic-admin.c - /admin/clinicians: an admin account lists the
 * clinician accounts and marks them verified (or not), as `pace user
 * verify` does on the command line. Nothing of anyone's health data.
 */
#include "app/clinic.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void view_admin_clinicians(struct req *r)
{
    struct clinician_row *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_clinicians_list(&r->app->ctx, &r->who, &items, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Clinician accounts"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Clinician accounts"),
                _("Mark a clinician as verified once you know who they are. Patients see it "
                  "beside the clinician's name. It changes nothing about what anyone can see."));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        html_notice(r, _("Saved."));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("There are no clinician accounts yet."));
    html_printf(r, "<ul class=\"rows\">");
    for (size_t i = 0; i < n; i++) {
        html_printf(r,
                    "<li><div><strong>%s</strong><span class=\"meta\">%s</span></div>"
                    "<form method=\"post\" action=\"/admin/clinicians/%lld/verify\">",
                    items[i].email, items[i].verified_at ? _("verified") : _("not verified"),
                    (long long)items[i].id);
        html_csrf(r);
        html_printf(r,
                    "<input type=\"hidden\" name=\"on\" value=\"%s\"><button type=\"submit\" "
                    "class=\"button secondary small\">%s</button></form></li>",
                    items[i].verified_at ? "0" : "1",
                    items[i].verified_at ? _("Remove the mark") : _("Mark as verified"));
    }
    html_printf(r, "</ul>");
    page_end(r);
    free(items);
}

void view_admin_clinician_verify_post(struct req *r)
{
    char *end = NULL;
    long long id = strtoll(r->params[0], &end, 10);
    const char *on = form_get(&r->form, "on");
    struct pace_error err = {0};
    int rc = *end || id <= 0 ? PACE_ENOTFOUND
                             : app_clinician_verify(&r->app->ctx, &r->who, id,
                                                    on && strcmp(on, "1") == 0, r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/admin/clinicians?done=saved");
}
