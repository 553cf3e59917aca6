/*
 * ui-report-link.c - report links in the browser: the page she sees once a
 * link is made (the link, until when, the passcode shown only now), her
 * links on /sharing with a button to stop each, and the page a clinician
 * without an account opens, /r/{token}: the name she typed and nothing
 * else of hers, a passcode field when the link has one, and the button
 * that answers with the PDF. Expired, withdrawn and made-up links get the
 * same calm page. Opening is a POST, so a link preview never counts as an
 * open.
 */
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-sharing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_report_link_url(struct req *r, const char *token, char *out, size_t n)
{
    const char *host = req_header(r, "Host");
    bool ok = host && *host && strlen(host) < 200;
    for (const char *c = host; ok && *c; c++)
        ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
             strchr(".-:[]", *c) != NULL;
    snprintf(out, n, "%s://%s/r/%s", r->https ? "https" : "http", ok ? host : "localhost", token);
}

static void date_of(struct req *r, int64_t t, char *out, size_t n)
{
    const struct tz_zone *tz = req_zone(r);
    i18n_format_date(out, n, t, tz_offset_min(tz, t));
}

void ui_report_link_made(struct req *r, const char *token, const struct report_link *l)
{
    char url[300], until[64], s[200];
    ui_report_link_url(r, token, url, sizeof url);
    date_of(r, l->expires_at - 1, until, sizeof until);
    page_begin(r, _("Your report link"));
    html_printf(r, "<h1>%s</h1>", _("Your report link"));
    html_notice(r, _("The link is ready."));
    html_printf(r,
                "<section class=\"card invite-link\" aria-labelledby=\"rl-h\">"
                "<h2 id=\"rl-h\">%s</h2><p>%s</p><p class=\"link-text\"><code>%s</code></p>",
                _("The link"),
                _("Give it to your clinician, for example by email. Whoever has it can open this "
                  "report, as it is now, without an account. It is shown only now."),
                url);
    snprintf(s, sizeof s, _("It works until %s. You can stop it sooner on the Sharing page."),
             until);
    html_printf(r, "<p>%s</p>", s);
    if (l->passcode[0])
        html_printf(r, "<h2>%s</h2><p class=\"passcode\"><strong>%s</strong></p><p>%s</p>",
                    _("The passcode"), l->passcode,
                    _("The link asks for these six digits. Tell them another way than the link, "
                      "for example on the phone. They are shown only now."));
    html_printf(r,
                "</section><p class=\"more-links\"><a href=\"/sharing#links-h\">%s</a> "
                "<a href=\"/report\">%s</a></p>",
                _("Your report links"), _("Back to the report"));
    page_end(r);
}

/* ---- her links on /sharing ---- */

void ui_report_links_section(struct req *r)
{
    struct report_link *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    if (app_report_links_list(&r->app->ctx, &r->who, r->user.id, &items, &n, &err) != 0)
        return;
    html_printf(r, "<section aria-labelledby=\"links-h\"><h2 id=\"links-h\">%s</h2>",
                _("Report links"));
    html_printf(r, "<p>%s</p>",
                _("A link to one report for a clinician without an account. Make one on the "
                  "report page."));
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const struct report_link *l = &items[i];
        if (l->revoked_at || l->expires_at <= r->now)
            continue;
        if (!any)
            html_printf(r, "<ul class=\"share-list\">");
        any = true;
        char made[64], until[64], s[300];
        date_of(r, l->created_at, made, sizeof made);
        date_of(r, l->expires_at - 1, until, sizeof until);
        html_printf(r, "<li class=\"card\"><h3>%s</h3>",
                    l->name[0] ? l->name : _("Report without a name"));
        snprintf(s, sizeof s, _("Made on %s, works until %s."), made, until);
        html_printf(r, "<p class=\"meta\">%s</p>", s);
        snprintf(s, sizeof s,
                 ngettext_("Opened %lld time.", "Opened %lld times.", (unsigned long)l->opens),
                 (long long)l->opens);
        html_printf(r, "<p>%s</p>", l->opens ? s : _("Not opened yet."));
        html_printf(r, "<form method=\"post\" action=\"/sharing/links/%s/revoke\">", l->public_id);
        html_csrf(r);
        html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form></li>",
                    _("Stop this link"));
    }
    if (any)
        html_printf(r, "</ul>");
    else
        html_printf(r, "<p>%s</p>", _("No report link works now."));
    html_printf(r, "<p><a href=\"/report\">%s</a></p></section>", _("Make a report link"));
    crypto_wipe(items, n * sizeof *items);
    free(items);
}

void view_sharing_link_revoke_post(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_report_link_revoke(&r->app->ctx, &r->who, r->user.id, r->params[0], r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/sharing?done=link");
}

/* ---- the clinician's side ---- */

static void gone_page(struct req *r, int status, const char *msg)
{
    r->status = status;
    page_begin(r, _("A shared report"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p></section>",
                _("This link cannot be used"), msg);
    page_end(r);
}

static void link_page(struct req *r, const struct report_link *l, const char *error)
{
    page_begin(r, _("A shared report"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1>", _("A shared report"));
    if (error && l->passcode[0])
        html_alert_field(r, error, "passcode");
    else
        html_alert(r, error);
    char s[300], until[64];
    if (l->name[0])
        snprintf(s, sizeof s, _("%s shared a summary of their practice with you, as a PDF."),
                 l->name);
    else
        snprintf(s, sizeof s, "%s",
                 _("Someone shared a summary of their practice with you, as a PDF."));
    date_of(r, l->expires_at - 1, until, sizeof until);
    html_printf(r, "<p class=\"lead\">%s</p>", s);
    snprintf(s, sizeof s, _("The link works until %s. They can see each time it is opened."),
             until);
    html_printf(r, "<p>%s</p>", s);
    html_printf(r, "<form method=\"post\" action=\"/r/%s\" novalidate>", r->params[0]);
    html_csrf(r);
    if (l->passcode[0]) {
        bool bad = error != NULL;
        html_printf(
            r,
            "<div class=\"field\"><label for=\"f-passcode\">%s</label>"
            "<p class=\"hint\" id=\"h-passcode\">%s</p>"
            "<input id=\"f-passcode\" name=\"passcode\" type=\"text\" inputmode=\"numeric\" "
            "autocomplete=\"one-time-code\" maxlength=\"6\" pattern=\"[0-9]{6}\" "
            "aria-describedby=\"h-passcode\"%R></div>",
            _("Passcode"), _("The six digits you were given with the link."),
            bad ? " aria-invalid=\"true\"" : "");
    }
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Open the report (PDF)"));
    page_end(r);
}

void view_report_link(struct req *r)
{
    struct report_link l;
    struct pace_error err = {0};
    auth_ensure_csrf(r);
    resp_header(r, "X-Robots-Tag", "noindex");
    int rc = app_report_link_look(&r->app->ctx, r->params[0], r->addr_key, r->now, &l, &err);
    if (rc != 0) {
        gone_page(r, rc == PACE_ELOCKED ? 429 : 404, err.msg);
        return;
    }
    link_page(r, &l, NULL);
    crypto_wipe(&l, sizeof l);
}

void view_report_link_post(struct req *r)
{
    struct report_link l;
    struct pace_error err = {0};
    struct buf pdf = {0};
    resp_header(r, "X-Robots-Tag", "noindex");
    int rc = app_report_link_open(&r->app->ctx, r->params[0], form_get(&r->form, "passcode"),
                                  r->addr_key, r->now, &l, &pdf, &err);
    if (rc == PACE_EDENIED) {
        r->status = 422;
        link_page(r, &l, err.msg);
    } else if (rc == PACE_ENOTFOUND || rc == PACE_ELOCKED) {
        gone_page(r, rc == PACE_ELOCKED ? 429 : 404, err.msg);
    } else if (rc != 0) {
        view_fail(r, rc, &err);
    } else {
        buf_reset(&r->out);
        buf_add(&r->out, pdf.data, pdf.len);
        r->content_type = "application/pdf";
        r->personal = true;
        resp_header(r, "Content-Disposition", "attachment; filename=\"pace-report.pdf\"");
    }
    buf_free(&pdf);
    crypto_wipe(&l, sizeof l);
}
