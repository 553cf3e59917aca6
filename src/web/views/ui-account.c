/* ui-account.c - create an account, sign in, sign out, choose a language. */
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-recovery.h"

#include <stdio.h>
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
    html_printf(r, "<p class=\"hint\">%s</p>",
                _("Next, Pace shows you ten recovery codes to keep. Pace does not use email, so "
                  "they are how you get back in if you forget your password."));
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

/* The status for a refused registration or sign-in. */
static int refused_status(int rc)
{
    switch (rc) {
    case PACE_EINVAL:
    case PACE_ECONFLICT:
        return 422;
    case PACE_EDENIED:
        return 401;
    default:
        return status_for(rc);
    }
}

void view_register_post(struct req *r)
{
    const char *email = form_get(&r->form, "email");
    const char *password = form_get(&r->form, "password");
    struct pace_error err = {0};
    struct app_client client;
    char agent[64];
    auth_client(r, &client, agent);
    int64_t id = 0;
    struct principal visitor = {0};
    const char *role_f = form_get(&r->form, "role");
    enum role role = role_f && strcmp(role_f, "clinician") == 0 ? ROLE_CLINICIAN : ROLE_PATIENT;
    int rc = app_register(&r->app->ctx, &visitor, email, password, role, &client, r->now, &id,
                          &err);
    struct app_login_token tok;
    struct principal her = app_person(id, role, VIA_COOKIE, 0);
    if (rc == 0)
        rc = app_login_open(&r->app->ctx, &her, &client, r->now, &tok, &err);
    if (rc != 0) {
        r->status = refused_status(rc);
        if (*err.field == '\0' && rc != PACE_ELOCKED && rc != PACE_EINVAL && rc != PACE_EUNAVAIL)
            pace_fail(&err, rc, NULL, "%s", _("Something went wrong. Please try again."));
        register_form(r, email, &err);
        return;
    }
    struct user u = {.id = id, .role = role, .lang = -1};
    snprintf(u.email, sizeof u.email, "%s", email ? email : "");
    auth_signed_in(r, &u, &tok);
    crypto_wipe(&tok, sizeof tok);
    r->who = her;
    /* Her recovery codes, shown once; her first run comes after. */
    struct app_recovery_codes codes;
    if (app_recovery_codes_new(&r->app->ctx, &her, id, password, r->now, &codes, &err) != 0) {
        resp_redirect(r, next_path(r)); /* she can make them in Settings */
        return;
    }
    ui_recovery_codes_page(r, &codes, next_path(r), true);
    crypto_wipe(&codes, sizeof codes);
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
    html_printf(r, "<p class=\"aside\"><a href=\"/recover\">%s</a></p>",
                _("Forgot your password?"));
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
    struct app_client client;
    char agent[64];
    auth_client(r, &client, agent);
    struct user u;
    struct app_login_token tok;
    int rc = app_sign_in(&r->app->ctx, email, password, &client, r->now, &u, &tok, &err);
    if (rc != 0) {
        r->status = refused_status(rc);
        if (rc == PACE_EUNAVAIL)
            resp_header(r, "Retry-After", "60");
        login_form(r, email, err.msg);
        return;
    }
    auth_signed_in(r, &u, &tok);
    crypto_wipe(&tok, sizeof tok);
    i18n_set_lang(u.lang >= 0 ? (enum lang)u.lang : i18n_lang());
    resp_redirect(r, next_path(r));
}

void view_logout_post(struct req *r)
{
    auth_sign_out(r);
    resp_redirect(r, "/login");
}

/* True for a plain path on this site: "/" and then printable ASCII, with
 * no second slash or backslash at its start, no backslash anywhere (some
 * browsers read it as a slash) and no control character (browsers drop
 * tabs and line breaks, so "/\t/evil" would become "//evil"). */
bool web_local_path(const char *p)
{
    if (p == NULL || p[0] != '/' || p[1] == '/' || strlen(p) >= 200)
        return false;
    for (const unsigned char *c = (const unsigned char *)p; *c; c++)
        if (*c < 0x21 || *c > 0x7e || *c == '\\')
            return false;
    return true;
}

void view_lang_post(struct req *r)
{
    int l = i18n_parse(form_get(&r->form, "lang"));
    if (l < 0) {
        view_error(r, 400, _("Please choose one of the languages offered."));
        return;
    }
    if (r->authed)
        app_lang_set(&r->app->ctx, &r->who, r->user.id, l, NULL);
    resp_cookie(r, "pace-lang", i18n_code((enum lang)l), 365L * 24 * 3600);
    /* Only a plain local path: never an open redirect. */
    const char *back = form_get(&r->form, "back");
    resp_redirect(r, web_local_path(back) ? back : "/");
}
