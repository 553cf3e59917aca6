/* ui-home.c - the start page: a welcome for visitors, her home when signed in. */
#include "web/html.h"
#include "web/routes.h"

#include <stdlib.h>
#include <string.h>

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
    html_printf(r,
                "<div class=\"actions\"><a class=\"button\" href=\"/register\">%s</a>"
                "<a class=\"button secondary\" href=\"/login\">%s</a></div>",
                _("Create your account"), _("Sign in"));
    page_end(r);
}

static void member(struct req *r)
{
    page_begin(r, _("Home"));
    html_printf(r, "<section class=\"hero\">%R<h1>%s</h1><p class=\"lead\">%s</p></section>", waves,
                _("Welcome back"),
                _("Take a slow breath. There is no hurry here."));
    /* One primary action: the guided session (or the one she left open). */
    char *draft = NULL;
    bool in_progress = store_draft_get(r->app->store, r->user.id, &draft, NULL) == 0;
    if (draft) {
        crypto_wipe(draft, strlen(draft));
        free(draft);
    }
    html_printf(r,
                "<div class=\"actions home-actions\"><a class=\"button\" href=\"/practice\">%s</a>"
                "<a class=\"button secondary\" href=\"/sessions/new\">%s</a></div>",
                in_progress ? _("Continue your session") : _("Start a guided session"),
                _("Log a session"));
    html_printf(r, "<section class=\"card\"><h2>%s</h2><p>%s</p>"
                   "<p><a class=\"button secondary\" href=\"/settings\">%s</a></p></section>",
                _("Your space"),
                _("In your settings you can write a private note about yourself, change your "
                  "password, see where you are signed in, and create API tokens."),
                _("Open settings"));
    page_end(r);
}

void view_home(struct req *r)
{
    if (r->authed)
        member(r);
    else
        visitor(r);
}
