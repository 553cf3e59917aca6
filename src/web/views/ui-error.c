/* ui-error.c - the error page and the not-found page. */
#include "web/html.h"
#include "web/routes.h"

#include <stdio.h>

void view_error(struct req *r, int status, const char *msg)
{
    r->status = status;
    buf_reset(&r->out);
    r->content_type = "text/html; charset=utf-8";
    page_begin(r, _("Something needs attention"));
    html_printf(r, "<section class=\"card\"><h1>%s</h1>", _("Something needs attention"));
    html_alert(r, msg);
    html_printf(r, "<p><a class=\"button secondary\" href=\"/\">%s</a></p></section>",
                _("Back to the start"));
    page_end(r);
}

void view_fail(struct req *r, int rc, const struct pace_error *err)
{
    if (rc == PACE_ENOTFOUND) {
        view_not_found(r);
        return;
    }
    int status = status_for(rc);
    if (rc == PACE_EUNAVAIL)
        resp_header(r, "Retry-After", "5");
    if (status >= 500 && rc != PACE_EFULL && rc != PACE_EUNAVAIL) {
        /* Nothing of the inside on the page; the log keeps it. */
        fprintf(stderr, "pace: %s %s failed: %s\n", r->method, r->path,
                err && err->msg[0] ? err->msg : "(no message)");
        view_error(r, status, _("Something went wrong. Please try again."));
        return;
    }
    view_error(r, status, err && err->msg[0] ? err->msg : _("That did not work."));
}

void view_not_found(struct req *r)
{
    r->status = 404;
    buf_reset(&r->out);
    page_begin(r, _("Page not found"));
    html_printf(r, "<section class=\"card\"><h1>%s</h1><p>%s</p>", _("Page not found"),
                _("There is nothing at this address. It may have moved, or the link may be "
                  "incomplete."));
    html_printf(r, "<p><a class=\"button secondary\" href=\"/\">%s</a></p></section>",
                _("Back to the start"));
    page_end(r);
}
