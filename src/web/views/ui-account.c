/* ui-account.c - create an account, sign in, sign out, choose a language. */
#include "store/accounts.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"

#include <string.h>

/* Where to go after signing in or registering: an invitation she was
 * opening ("/invite/<token>"), else home. Nothing else is followed. */
static const char *next_path(struct req *r)
{
    const char *n = req_param(r, "next");
    if (n == NULL || strncmp(n, "/invite/", 8) != 0 || strlen(n) != 8 + CRYPTO_TOKEN_CHARS)
        return "/";
    for (const char *c = n + 8; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
              *c == '-' || *c == '_'))
            return "/";
    return n;
}

static void next_field(struct req *r)
{
    const char *n = next_path(r);
    if (strcmp(n, "/") != 0)
        html_printf(r, "<input type=\"hidden\" name=\"next\" value=\"%s\">", n);
}

static void register_form(struct req *r, const char *email, const struct pace_error *err)
{
    const char *field = err ? err->field : "";
    const char *msg = err ? err->msg : "";
    page_begin(r, _("Create account"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p>", _("Create your account"),
                _("Your account keeps your practice private to you. You can export or erase "
                  "everything at any time."));
    if (*field == '\0')
        html_alert(r, msg);
    html_printf(r, "<form method=\"post\" action=\"/register\" novalidate>");
    html_csrf(r);
    next_field(r);
    html_input(r, "email", "email", _("Email address"), email, "email", NULL,
               strcmp(field, "email") == 0 ? msg : NULL, true);
    html_input(r, "password", "password", _("Password"), NULL, "new-password",
               _("12 to 128 characters. A few unrelated words make a strong password."),
               strcmp(field, "password") == 0 ? msg : NULL, true);
    html_printf(r, "<div class=\"field chips\"><span class=\"opt\"><input type=\"checkbox\" "
                   "id=\"f-clinician\" name=\"role\" value=\"clinician\"%R><label "
                   "for=\"f-clinician\">%s<span>%s</span></label></span></div>",
                req_param(r, "role") && strcmp(req_param(r, "role"), "clinician") == 0
                    ? " checked"
                    : "",
                _("I am a clinician"),
                _("For midwives, therapists, physiotherapists and doctors whose patients share "
                  "with them. It changes your pages, not what you can see."));
    html_printf(r, "<button type=\"submit\" class=\"button wide\">%s</button></form>",
                _("Create account"));
    html_printf(r, "<p class=\"aside\">%s <a href=\"/login%R%s\">%s</a></p></section>",
                _("Already have an account?"), strcmp(next_path(r), "/") ? "?next=" : "",
                strcmp(next_path(r), "/") ? next_path(r) : "", _("Sign in"));
    page_end(r);
}

void view_register(struct req *r)
{
    if (r->authed) {
        resp_redirect(r, next_path(r));
        return;
    }
    register_form(r, NULL, NULL);
}

void view_register_post(struct req *r)
{
    const char *email = form_get(&r->form, "email");
    const char *password = form_get(&r->form, "password");
    struct pace_error err = {0};
    int64_t id = 0;
    int rc;
    int minutes = accounts_locked_minutes(r->app->store, r->addr_key, r->now);
    if (minutes > 0)
        rc = pace_fail(&err, PACE_ELOCKED, NULL,
                       ngettext_("Too many attempts. Please try again in %d minute.",
                                 "Too many attempts. Please try again in %d minutes.", minutes),
                       minutes);
    else
        rc = accounts_register(r->app->store, email, password,
                               form_get(&r->form, "role") &&
                                       strcmp(form_get(&r->form, "role"), "clinician") == 0
                                   ? ROLE_CLINICIAN
                                   : ROLE_PATIENT,
                               r->now, &id, &err);
    if (rc == PACE_ECONFLICT) {
        /* Probing for taken addresses counts toward the address's limit. */
        store_throttle_add(r->app->store, r->addr_key, r->now);
        /* Same wording whether or not the address is known to anyone else. */
        pace_fail(&err, rc, "email", "%s",
                  _("We could not create an account with this email address. If you already "
                    "have one, please sign in."));
    }
    struct user u;
    if (rc == 0 && (rc = store_user_get(r->app->store, id, &u)) == 0)
        rc = auth_sign_in(r, &u, &err);
    if (rc != 0) {
        r->status = rc == PACE_EINVAL || rc == PACE_ECONFLICT ? 422 : status_for(rc);
        if (*err.field == '\0' && rc != PACE_ELOCKED && rc != PACE_EINVAL)
            pace_fail(&err, rc, NULL, "%s", _("Something went wrong. Please try again."));
        register_form(r, email, &err);
        return;
    }
    resp_redirect(r, next_path(r));
}

static void login_form(struct req *r, const char *email, const char *msg)
{
    page_begin(r, _("Sign in"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1>", _("Sign in"));
    if (form_get(&r->query, "expired"))
        html_notice(r, _("You were signed out after a while without activity. Please sign in "
                         "again."));
    html_alert(r, msg);
    html_printf(r, "<form method=\"post\" action=\"/login\" novalidate>");
    html_csrf(r);
    next_field(r);
    html_input(r, "email", "email", _("Email address"), email, "username", NULL, NULL, true);
    html_input(r, "password", "password", _("Password"), NULL, "current-password", NULL, NULL,
               true);
    html_printf(r, "<button type=\"submit\" class=\"button wide\">%s</button></form>",
                _("Sign in"));
    html_printf(r, "<p class=\"aside\">%s <a href=\"/register%R%s\">%s</a></p></section>",
                _("New here?"), strcmp(next_path(r), "/") ? "?next=" : "",
                strcmp(next_path(r), "/") ? next_path(r) : "", _("Create an account"));
    page_end(r);
}

void view_login(struct req *r)
{
    if (r->authed) {
        resp_redirect(r, next_path(r));
        return;
    }
    login_form(r, NULL, NULL);
}

void view_login_post(struct req *r)
{
    const char *email = form_get(&r->form, "email");
    const char *password = form_get(&r->form, "password");
    struct pace_error err = {0};
    struct user u;
    int rc = accounts_login(r->app->store, email, password, r->addr_key, r->now, &u, &err);
    if (rc == 0)
        rc = auth_sign_in(r, &u, &err);
    if (rc != 0) {
        r->status = rc == PACE_ELOCKED ? 429 : rc == PACE_EDENIED ? 401 : status_for(rc);
        login_form(r, email, err.msg);
        return;
    }
    i18n_set_lang(u.lang >= 0 ? (enum lang)u.lang : i18n_lang());
    resp_redirect(r, next_path(r));
}

void view_logout_post(struct req *r)
{
    auth_sign_out(r);
    resp_redirect(r, "/login");
}

void view_lang_post(struct req *r)
{
    int l = i18n_parse(form_get(&r->form, "lang"));
    if (l < 0) {
        view_error(r, 400, _("Please choose one of the languages offered."));
        return;
    }
    if (r->authed)
        store_user_set_lang(r->app->store, r->user.id, l, NULL);
    resp_cookie(r, "pace-lang", i18n_code((enum lang)l), 365L * 24 * 3600);
    /* Only a local path: never an open redirect. */
    const char *back = form_get(&r->form, "back");
    bool local = back && back[0] == '/' && back[1] != '/' && back[1] != '\\' &&
                 strlen(back) < 200 && strpbrk(back, "\r\n") == NULL;
    resp_redirect(r, local ? back : "/");
}
