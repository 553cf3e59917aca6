/*
 * ui-recovery.c - a way back in without email: her recovery codes, shown
 * once (after registering, and when she makes new ones in Settings), the
 * Settings card for them, "Forgot your password?" (/recover: her email,
 * one code and a new password) and the operator's one-time link
 * (/reset/<token>: a new password). Both end every other login of hers
 * and say how many codes she has left.
 */
#include "web/views/ui-recovery.h"

#include "web/assets.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"

#include <stdio.h>
#include <string.h>

/* The codes as a small text file she can save, in a data: link (nothing
 * is kept on the server to fetch later). */
static void save_link(struct req *r, const struct app_recovery_codes *codes)
{
    struct buf text = {0}, url = {0};
    buf_printf(&text, "%s\n%s\n\n", _("Pace recovery codes"), r->user.email);
    for (size_t i = 0; i < APP_RECOVERY_CODES; i++)
        buf_printf(&text, "%zu. %s\n", i + 1, codes->code[i]);
    buf_printf(&text, "\n%s\n",
               _("Each code works once. Keep them somewhere safe, away from this device."));
    buf_puts(&url, "data:text/plain;charset=utf-8,");
    html_url(&url, text.data);
    html_printf(r,
                "<a class=\"button secondary\" href=\"%s\" download=\"pace-recovery-codes.txt\">"
                "%s</a>",
                url.data, _("Save as a text file"));
    crypto_wipe(text.data, text.len);
    crypto_wipe(url.data, url.len);
    buf_free(&text);
    buf_free(&url);
}

void ui_recovery_codes_page(struct req *r, const struct app_recovery_codes *codes, const char *next,
                            bool first)
{
    r->personal = true; /* never cached */
    page_begin(r, _("Your recovery codes"));
    html_printf(r, "<section class=\"card narrow recovery-codes\" aria-labelledby=\"rc-title\">");
    if (first)
        html_printf(r, "<p class=\"meta\">%s</p>", _("Your account is ready."));
    html_printf(r, "<h1 id=\"rc-title\">%s</h1><p>%s</p><p>%s</p>", _("Keep your recovery codes"),
                _("If you ever forget your password, one of these codes lets you set a new one. "
                  "Pace does not use email, so these codes are your way back in."),
                _("Each code works once. They are shown only now: please print them or save "
                  "them somewhere safe, such as a password manager or a paper in a drawer."));
    html_printf(r, "<ol class=\"codes\" aria-label=\"%s\">", _("Your recovery codes"));
    for (size_t i = 0; i < APP_RECOVERY_CODES; i++)
        html_printf(r, "<li><code>%s</code></li>", codes->code[i]);
    html_printf(r, "</ol>");
    html_printf(r,
                "<div class=\"actions no-print\"><button type=\"button\" class=\"button "
                "secondary\" data-print hidden>%s</button>",
                _("Print"));
    save_link(r, codes);
    html_printf(r, "</div><p class=\"hint no-print\" data-print-hint>%s</p>",
                _("To print them, use your browser's Print command (on a phone, usually in the "
                  "Share menu)."));
    if (!first)
        html_printf(r, "<p class=\"no-print\">%s</p>", _("Your old codes no longer work."));
    html_printf(r, "<p class=\"no-print\"><a class=\"button wide\" href=\"%s\">%s</a></p>", next,
                _("I have kept them"));
    html_printf(r, "</section>");
    const struct asset *js = asset_find("print.js");
    html_printf(r, "<script src=\"/static/print.js?v=%s\" defer></script>",
                js ? js->etag_plain : "");
    page_end(r);
}

void ui_recovery_section(struct req *r, const char *err)
{
    int left = 0;
    int64_t made = 0;
    app_recovery_codes_left(&r->app->ctx, &r->who, r->user.id, &left, &made, NULL);
    html_printf(r, "<section class=\"card\" aria-labelledby=\"rc-h\"><h2 id=\"rc-h\">%s</h2>",
                _("Recovery codes"));
    if (made == 0) {
        html_printf(r, "<p>%s</p>",
                    _("You have no recovery codes yet. If you forget your password, a recovery "
                      "code lets you set a new one without email."));
    } else {
        char date[64], s[256];
        i18n_format_date(date, sizeof date, made, req_tz_at(r, made));
        snprintf(s, sizeof s,
                 ngettext_("You have %d unused recovery code, made on %s.",
                           "You have %d unused recovery codes, made on %s.", left),
                 left, date);
        html_printf(r, "<p>%s</p>", s);
        if (left <= 3)
            html_printf(r, "<p>%s</p>", _("Only a few are left: please make new ones."));
    }
    html_printf(r, "<form method=\"post\" action=\"/settings/recovery-codes#rc-h\" novalidate>");
    html_csrf(r);
    html_input(r, "codes_password", "password", _("Your password"), NULL, "current-password",
               made ? _("New codes replace the old ones, which then stop working.") : NULL, err,
               true);
    html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form>",
                made ? _("Make new codes") : _("Make recovery codes"));
    html_printf(r, "</section>");
}

/* ---- after a code or a link: she is in ---- */

static void done_page(struct req *r, int left)
{
    r->personal = true;
    page_begin(r, _("Your new password is set"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p>",
                _("Your new password is set"),
                _("You are signed in. Everywhere else you were signed in has been signed out."));
    char s[160];
    if (left == 0)
        snprintf(s, sizeof s, "%s",
                 _("You have no recovery codes left. Please make new ones in Settings now, so "
                   "you can always get back in."));
    else
        snprintf(
            s, sizeof s,
            ngettext_("You have %d recovery code left.", "You have %d recovery codes left.", left),
            left);
    html_printf(r, "<p class=\"rc-left\"><strong>%s</strong></p>", s);
    if (left > 0 && left <= 3)
        html_printf(r, "<p>%s</p>", _("Only a few are left: please make new ones in Settings."));
    html_printf(r,
                "<div class=\"actions\"><a class=\"button\" href=\"/\">%s</a>"
                "<a class=\"button secondary\" href=\"/settings#rc-h\">%s</a></div></section>",
                _("Continue"), _("Recovery codes in Settings"));
    page_end(r);
}

/* Signs her in on this browser after a new password. */
static void sign_in_here(struct req *r, const struct user *u, struct app_login_token *tok)
{
    auth_signed_in(r, u, tok);
    crypto_wipe(tok, sizeof *tok);
    r->who = app_person(u->id, u->role, VIA_COOKIE, 0);
    i18n_set_lang(u->lang >= 0 ? (enum lang)u->lang : i18n_lang());
}

static int refused_status(int rc)
{
    return rc == PACE_EINVAL ? 422 : rc == PACE_EDENIED ? 401 : status_for(rc);
}

/* ---- "Forgot your password?" ---- */

static void recover_form(struct req *r, const char *email, const struct pace_error *err)
{
    const char *field = err ? err->field : "";
    const char *msg = err ? err->msg : "";
    page_begin(r, _("Set a new password"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p>",
                _("Forgot your password?"),
                _("With one of the recovery codes you kept when you created your account, you "
                  "can set a new password here. Each code works once."));
    if (*field == '\0' || strcmp(field, "code") == 0)
        html_alert(r, msg);
    html_printf(r, "<form method=\"post\" action=\"/recover\" novalidate>");
    html_csrf(r);
    html_input(r, "email", "email", _("Email address"), email, "username", NULL, NULL, true);
    html_input(r, "code", "text", _("One recovery code"), NULL, "one-time-code",
               _("Such as 7kq2m-x9f4a. Spaces and capitals do not matter."), NULL, true);
    html_input(r, "new_password", "password", _("New password"), NULL, "new-password",
               _("12 to 128 characters. A few unrelated words make a strong password."),
               strcmp(field, "new_password") == 0 ? msg : NULL, true);
    html_printf(r, "<button type=\"submit\" class=\"button wide\">%s</button></form>",
                _("Set new password"));
    html_printf(r, "<p class=\"aside\">%s</p>",
                _("No codes? Whoever runs this server can make you a link to set a new "
                  "password."));
    html_printf(r, "<p class=\"aside\"><a href=\"/login\">%s</a></p></section>",
                _("Back to sign in"));
    page_end(r);
}

void view_recover(struct req *r)
{
    if (r->authed) {
        resp_redirect(r, "/settings#rc-h");
        return;
    }
    recover_form(r, NULL, NULL);
}

void view_recover_post(struct req *r)
{
    const char *email = form_get(&r->form, "email");
    struct pace_error err = {0};
    struct app_client client;
    char agent[64];
    auth_client(r, &client, agent);
    struct user u;
    struct app_login_token tok;
    int left = 0;
    int rc = app_recover_with_code(&r->app->ctx, email, form_get(&r->form, "code"),
                                   form_get(&r->form, "new_password"), &client, r->now, &u, &tok,
                                   &left, &err);
    if (rc != 0) {
        r->status = refused_status(rc);
        if (rc == PACE_EUNAVAIL)
            resp_header(r, "Retry-After", "60");
        recover_form(r, email, &err);
        return;
    }
    sign_in_here(r, &u, &tok);
    done_page(r, left);
}

/* ---- the operator's link ---- */

static void reset_form(struct req *r, const char *email, const struct pace_error *err)
{
    const char *field = err ? err->field : "";
    const char *msg = err ? err->msg : "";
    page_begin(r, _("Set a new password"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1>", _("Set a new password"));
    char s[256];
    snprintf(s, sizeof s, _("For the account %s. This link works once, for a day."), email);
    html_printf(r, "<p>%s</p>", s);
    if (*field == '\0')
        html_alert(r, msg);
    html_printf(r, "<form method=\"post\" action=\"/reset/%s\" novalidate>", r->params[0]);
    html_csrf(r);
    html_input(r, "new_password", "password", _("New password"), NULL, "new-password",
               _("12 to 128 characters. A few unrelated words make a strong password."),
               strcmp(field, "new_password") == 0 ? msg : NULL, true);
    html_printf(r, "<button type=\"submit\" class=\"button wide\">%s</button></form></section>",
                _("Set new password"));
    page_end(r);
}

static void link_gone(struct req *r, const struct pace_error *err)
{
    r->status = 404;
    page_begin(r, _("This link does not work"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p>",
                _("This link does not work"), err->msg);
    html_printf(r, "<p><a href=\"/recover\">%s</a></p><p><a href=\"/login\">%s</a></p></section>",
                _("Use a recovery code instead"), _("Back to sign in"));
    page_end(r);
}

void view_reset(struct req *r)
{
    struct pace_error err = {0};
    char email[ACCOUNT_EMAIL_MAX + 2];
    if (app_reset_link_open(&r->app->ctx, r->params[0], r->now, email, &err) != 0) {
        link_gone(r, &err);
        return;
    }
    reset_form(r, email, NULL);
}

void view_reset_post(struct req *r)
{
    struct pace_error err = {0};
    struct app_client client;
    char agent[64];
    auth_client(r, &client, agent);
    struct user u;
    struct app_login_token tok;
    int left = 0;
    int rc = app_reset_with_link(&r->app->ctx, r->params[0], form_get(&r->form, "new_password"),
                                 &client, r->now, &u, &tok, &left, &err);
    if (rc == PACE_ENOTFOUND) {
        link_gone(r, &err);
        return;
    }
    if (rc != 0) {
        char email[ACCOUNT_EMAIL_MAX + 2] = "";
        app_reset_link_open(&r->app->ctx, r->params[0], r->now, email, NULL);
        r->status = refused_status(rc);
        if (rc == PACE_EUNAVAIL)
            resp_header(r, "Retry-After", "60");
        reset_form(r, email, &err);
        return;
    }
    if (r->authed) /* someone else's login on this browser ends here */
        auth_sign_out(r);
    sign_in_here(r, &u, &tok);
    done_page(r, left);
}
