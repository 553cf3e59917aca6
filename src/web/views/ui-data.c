/*
 * ui-data.c - "Your data" (/settings/data): download everything she keeps
 * (JSON, CSV, FHIR), how to bring an export into another Pace, and
 * deleting her account with all her data after she re-enters her password.
 */
#include "store/accounts.h"
#include "web/api-data.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"

#include <string.h>

static void section_download(struct req *r)
{
    html_printf(r, "<section class=\"card\" aria-labelledby=\"dl-h\"><h2 id=\"dl-h\">%s</h2>"
                   "<p>%s</p>",
                _("Take your data with you"),
                _("Download everything you keep in Pace. The files are for you: keep them "
                  "somewhere private."));
    static const struct {
        const char *format;
        const char *label;
        const char *hint;
    } files[] = {
        {"json", N_("Download everything (JSON)"),
         N_("Your account, kit, plan, goals, sessions with notes, comfort ladder and "
            "reminders. Another Pace can import this file.")},
        {"csv", N_("Download sessions (CSV)"),
         N_("One row per session, for a spreadsheet.")},
        {"fhir", N_("Download for health records (FHIR)"),
         N_("Your scores and comfort ladder in the FHIR R4 standard, for clinical software. "
            "Your email is not in it.")},
    };
    html_printf(r, "<ul class=\"rows data-files\">");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        html_printf(r,
                    "<li><div><a class=\"button secondary\" href=\"/settings/data/export?"
                    "format=%s\" download>%s</a><span class=\"meta\">%s</span></div></li>",
                    files[i].format, _(files[i].label), _(files[i].hint));
    html_printf(r, "</ul></section>");
}

static void section_import(struct req *r)
{
    html_printf(r, "<section class=\"card\" aria-labelledby=\"im-h\"><h2 id=\"im-h\">%s</h2>"
                   "<p>%s</p><p>%s</p></section>",
                _("Bring your data to another Pace"),
                _("The JSON file can be imported into any Pace, or into this account again: "
                  "what is already there is kept and nothing is counted twice."),
                _("Importing works through the API (POST /api/v1/import with an API token "
                  "from Settings) or on the server with pace import."));
}

static void section_erase(struct req *r, const char *error)
{
    html_printf(r, "<section class=\"card\" aria-labelledby=\"er-h\"><h2 id=\"er-h\">%s</h2>"
                   "<p>%s</p><ul>",
                _("Delete your account"),
                _("This deletes your account and everything in it, for good:"));
    static const char *const gone[] = {
        N_("your practice sessions and their notes, and a guided session in progress"),
        N_("your kit and your own items"),
        N_("your program, your goals and your comfort ladder"),
        N_("your reminders and the calendar address"),
        N_("your note, your sign-ins and your API tokens"),
    };
    for (size_t i = 0; i < sizeof gone / sizeof gone[0]; i++)
        html_printf(r, "<li>%s</li>", _(gone[i]));
    html_printf(r, "</ul><p>%s <a href=\"/settings/data/export?format=json\" download>%s</a> "
                   "%s</p>",
                _("It cannot be undone. If you may want your data later,"),
                _("download everything first"), _("before you go on."));
    html_printf(r, "<form method=\"post\" action=\"/settings/data/erase#er-h\" novalidate>");
    html_csrf(r);
    html_input(r, "password", "password", _("Your password, to confirm"), NULL,
               "current-password", NULL, error, true);
    html_printf(r, "<button type=\"submit\" class=\"button secondary danger\">%s</button></form>"
                   "</section>",
                _("Delete my account and all my data"));
}

static void render(struct req *r, const char *error)
{
    page_begin(r, _("Your data"));
    html_printf(r, "<p class=\"meta\"><a href=\"/settings\">%s</a></p><h1>%s</h1>",
                _("Settings"), _("Your data"));
    if (error)
        html_alert_field(r, error, "password");
    section_download(r);
    section_import(r);
    section_erase(r, error);
    page_end(r);
}

void view_data(struct req *r)
{
    render(r, NULL);
}

void view_data_export(struct req *r)
{
    int f = data_format_parse(form_get(&r->query, "format"));
    if (f < 0) {
        view_error(r, 400, _("Please choose one of the downloads on the page."));
        return;
    }
    data_send(r, (enum data_format)f);
}

void view_data_erase_post(struct req *r)
{
    struct pace_error err = {0};
    int rc = authz_allows(r, AUTHZ_DELETE, AUTHZ_ACCOUNT, r->user.id)
                 ? accounts_erase(r->app->store, r->user.id, form_get(&r->form, "password"),
                                  r->now, &err)
                 : PACE_EDENIED;
    if (rc != 0) {
        r->status = rc == PACE_EDENIED ? 422 : status_for(rc);
        render(r, err.msg[0] ? err.msg : _("Something went wrong. Please try again."));
        return;
    }
    auth_sign_out(r);
    memset(&r->user, 0, sizeof r->user);
    page_begin(r, _("Your account is deleted"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p><p>%s</p>"
                   "<p><a href=\"/\">%s</a></p></section>",
                _("Your account is deleted"),
                _("Everything you kept in Pace is gone from this server, and you are signed "
                  "out."),
                _("Thank you for the time you spent here. Take good care of yourself."),
                _("Back to the start page"));
    page_end(r);
}
