/* ui-home.c - the start page: a welcome for visitors; signed in, /today,
 * or her first run while she has not finished or skipped it. */
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-guide.h"

static const char waves[] =
    "<svg class=\"hero-art\" aria-hidden=\"true\" viewBox=\"0 0 320 120\">"
    "<circle cx=\"160\" cy=\"60\" r=\"46\" class=\"art-soft\"/>"
    "<circle cx=\"160\" cy=\"60\" r=\"28\" class=\"art-mid\"/>"
    "<path d=\"M0 92 C 60 72, 100 112, 160 92 S 260 72, 320 92\" class=\"art-wave\"/>"
    "<path d=\"M0 104 C 60 84, 100 124, 160 104 S 260 84, 320 104\" class=\"art-wave2\"/>"
    "</svg>";

static void visitor(struct req *r)
{
    page_begin(r, _("Welcome"));
    html_printf(r, "<section class=\"hero\">%R<h1>%s</h1><p class=\"lead\">%s</p></section>", waves,
                _("Practice at a pace that feels safe"),
                _("Pace is a private companion for dilator practice: gentle guidance, a quick "
                  "log, and progress you can see. Your notes stay on this server, encrypted."));
    html_printf(r, "<ul class=\"points\"><li>%s</li><li>%s</li><li>%s</li></ul>",
                _("Stopping is always one tap away, and it counts as practice."),
                _("No streaks and no pressure: you decide the pace."),
                _("Nothing is sent to anyone else. No ads, no trackers."));
    ui_guide_link(r, "start-here", _("Not sure where to begin? You can read the guide first:"));
    html_printf(r,
                "<div class=\"actions\"><a class=\"button\" href=\"/register\">%s</a>"
                "<a class=\"button secondary\" href=\"/login\">%s</a></div>",
                _("Create your account"), _("Sign in"));
    page_end(r);
}

void view_home(struct req *r)
{
    if (!r->authed) {
        visitor(r);
        return;
    }
    if (r->user.role == ROLE_CLINICIAN) {
        resp_redirect(r, "/clinic"); /* a clinician's home is the caseload (ui-clinic.c) */
        return;
    }
    /* A new account (no session yet: an imported history is not new) that
     * has not finished or skipped its first run goes on with it. */
    struct onboarding o;
    if (app_onboarding_get(&r->app->ctx, &r->who, r->user.id, &o, NULL) == 0 &&
        (o.state == ONBOARD_NEW || o.state == ONBOARD_STARTED)) {
        struct practice_query q = {.limit = 1, .without_notes = true};
        struct practice *items = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX];
        int rc = app_session_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, NULL);
        practice_list_free(items, n);
        if (rc == 0 && n == 0) {
            resp_redirect(r, ui_welcome_path(&o)); /* ui-welcome.c */
            return;
        }
    }
    view_today(r); /* her home is /today (ui-today.c) */
}
