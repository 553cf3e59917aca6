/*
 * ui-settings.c - her settings: the cues of her timers (ui-cues.c), the
 * private "about me" note, password change, where she is signed in, and,
 * under Advanced, API tokens.
 */
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-cues.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-recovery.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct settings_state {
    const char *about;     /* the note as typed (on a failed save) or NULL */
    const char *error;     /* page-level error message */
    const char *field;     /* field at fault */
    const char *notice;    /* confirmation */
    const char *new_token; /* shown once after creation */
};

static void section_about(struct req *r, const struct settings_state *st)
{
    char *stored = NULL;
    const char *about = st->about;
    if (about == NULL) {
        app_about_get(&r->app->ctx, &r->who, r->user.id, &stored, NULL);
        about = stored ? stored : "";
    }
    bool bad = st->field && strcmp(st->field, "about") == 0;
    html_printf(r, "<section class=\"card\" aria-labelledby=\"about-h\"><h2 id=\"about-h\">%s</h2>",
                _("About me"));
    html_printf(r, "<form method=\"post\" action=\"/settings/about\">");
    html_csrf(r);
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-about\">%s</label>"
                "<p class=\"hint\" id=\"h-about\">%s</p>",
                bad ? " bad" : "", _("A private note, only for you"),
                _("Anything you want to remember about yourself or your practice. It is "
                  "stored encrypted."));
    html_printf(r,
                "<textarea id=\"f-about\" name=\"about\" rows=\"4\" maxlength=\"2000\" "
                "aria-describedby=\"h-about%R\"%R>%s</textarea>",
                bad ? " e-about" : "", bad ? " aria-invalid=\"true\"" : "", about);
    if (bad)
        html_printf(r, "<p class=\"field-error\" id=\"e-about\"><span>%s</span></p>", st->error);
    html_printf(r, "</div><button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Save note"));
    if (stored) {
        crypto_wipe(stored, strlen(stored));
        free(stored);
    }
}

static void section_password(struct req *r, const struct settings_state *st)
{
    const char *f = st->field ? st->field : "";
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"pw-h\"><h2 id=\"pw-h\">%s</h2><p>%s</p>",
                _("Change password"),
                _("After the change, every other place where you are signed in is signed out, "
                  "and your API tokens stop working unless you keep them below."));
    html_printf(r, "<form method=\"post\" action=\"/settings/password\" novalidate>");
    html_csrf(r);
    html_input(r, "current_password", "password", _("Current password"), NULL, "current-password",
               NULL, strcmp(f, "current_password") == 0 ? st->error : NULL, true);
    html_input(r, "new_password", "password", _("New password"), NULL, "new-password",
               _("12 to 128 characters. A few unrelated words make a strong password."),
               strcmp(f, "new_password") == 0 ? st->error : NULL, true);
    html_printf(r,
                "<div class=\"checks wide keep-tokens\"><div class=\"chips\"><span class=\"opt\">"
                "<input type=\"checkbox\" id=\"f-keep_tokens\" name=\"keep_tokens\" value=\"1\">"
                "<label for=\"f-keep_tokens\"><strong>%s</strong><span>%s</span></label>"
                "</span></div></div>",
                _("Keep my API tokens working"),
                _("Only if you are sure nobody else has one of them."));
    html_printf(r,
                "<button type=\"submit\" class=\"button secondary\">%s</button></form></section>",
                _("Change password"));
}

static void section_logins(struct req *r, const struct settings_state *st)
{
    struct login *items = NULL;
    size_t n = 0;
    app_logins_list(&r->app->ctx, &r->who, r->user.id, &items, &n, NULL);
    const char *f = st->field ? st->field : "";
    html_printf(r, "<section class=\"card\" aria-labelledby=\"lg-h\"><h2 id=\"lg-h\">%s</h2>",
                _("Where you are signed in"));
    html_printf(r, "<ul class=\"rows\">");
    for (size_t i = 0; i < n; i++) {
        char when[64];
        i18n_format_datetime(when, sizeof when, items[i].last_seen,
                             req_tz_at(r, items[i].last_seen));
        bool is_cur = r->login_id == items[i].id;
        html_printf(r, "<li><div><strong>%s</strong><span class=\"meta\">%s %s</span></div>",
                    items[i].agent[0] ? items[i].agent : _("Browser"), _("Last active"), when);
        if (is_cur) {
            html_printf(r, "<span class=\"tag\">%s</span>", _("This browser"));
        } else {
            html_printf(r, "<form method=\"post\" action=\"/settings/logins/%lld/end\">",
                        (long long)items[i].id);
            html_csrf(r);
            html_printf(r,
                        "<button type=\"submit\" class=\"button secondary small\">%s</button>"
                        "</form>",
                        _("Sign out"));
        }
        html_printf(r, "</li>");
    }
    html_printf(r, "</ul>");
    if (n > 1) {
        html_printf(r, "<form method=\"post\" action=\"/settings/logins/end-others#lg-h\" "
                       "novalidate>");
        html_csrf(r);
        html_input(r, "password", "password", _("Your password"), NULL, "current-password",
                   _("To sign out everywhere else, please confirm it is you."),
                   strcmp(f, "password") == 0 ? st->error : NULL, true);
        html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form>",
                    _("Sign out everywhere else"));
    }
    html_printf(r, "</section>");
    free(items);
}

static void section_tokens(struct req *r, const struct settings_state *st)
{
    struct api_token *items = NULL;
    size_t n = 0;
    app_token_list(&r->app->ctx, &r->who, r->user.id, &items, &n, NULL);
    const char *f = st->field ? st->field : "";
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"tk-h\"><h2 id=\"tk-h\">%s</h2><p>%s</p>",
                _("API tokens"),
                _("A token lets a program you trust read and write your data through the "
                  "API. Treat it like a password."));
    if (st->new_token) {
        html_printf(r,
                    "<div class=\"notice\" role=\"status\"><p>%s</p>"
                    "<p><code class=\"token\" data-copy=\"%s\" data-copied=\"%s\">%s</code>"
                    "</p></div>",
                    _("Here is your new token. Copy it now: it will not be shown again."),
                    _("Copy"), _("Copied"), st->new_token);
    }
    if (n > 0) {
        html_printf(r, "<ul class=\"rows\">");
        for (size_t i = 0; i < n; i++) {
            char created[64], used[64];
            i18n_format_date(created, sizeof created, items[i].created_at,
                             req_tz_at(r, items[i].created_at));
            if (items[i].last_used_at)
                i18n_format_date(used, sizeof used, items[i].last_used_at,
                                 req_tz_at(r, items[i].last_used_at));
            html_printf(r,
                        "<li><div><strong>%s</strong><span class=\"meta\">%s %s · %s %s</span>"
                        "</div>",
                        items[i].label, _("Created"), created, _("Last used"),
                        items[i].last_used_at ? used : _("never"));
            html_printf(r, "<form method=\"post\" action=\"/settings/tokens/%lld/revoke\">",
                        (long long)items[i].id);
            html_csrf(r);
            html_printf(r,
                        "<button type=\"submit\" class=\"button secondary small\" "
                        "aria-label=\"%s %s\">%s</button></form></li>",
                        _("Revoke"), items[i].label, _("Revoke"));
        }
        html_printf(r, "</ul>");
    }
    /* The answer shows in this section, far down on a phone: land there. */
    html_printf(r, "<form method=\"post\" action=\"/settings/tokens#tk-h\" novalidate>");
    html_csrf(r);
    html_input(r, "label", "text", _("Name for a new token"), NULL, "off",
               _("For example: my backup script."), strcmp(f, "label") == 0 ? st->error : NULL,
               true);
    html_printf(r,
                "<button type=\"submit\" class=\"button secondary\">%s</button></form></section>",
                _("Create token"));
    free(items);
}

/* Advanced: API tokens and the API's own names, folded away from her
 * everyday settings (open when a token was just made or had an error). */
static void section_advanced(struct req *r, const struct settings_state *st)
{
    bool open = st->new_token || (st->field && strcmp(st->field, "label") == 0);
    html_printf(r,
                "<details class=\"card advanced\" id=\"advanced\"%R><summary>%s</summary>"
                "<p>%s</p><p class=\"meta\">%s</p>",
                open ? " open" : "", _("Advanced"),
                _("For programs you trust that read or write your data: the API, with a token "
                  "you make here."),
                _("The API lives under /api/v1 (described in docs/openapi.yaml). A backup can "
                  "also go through GET /api/v1/export and POST /api/v1/import, or on the server "
                  "through pace export and pace import."));
    section_tokens(r, st);
    html_printf(r, "</details>");
}

static void render(struct req *r, const struct settings_state *st)
{
    page_begin(r, _("Settings"));
    html_printf(r, "<h1>%s</h1>", _("Settings"));
    html_printf(r, "<p class=\"meta\">%s <strong>%s</strong></p>", _("Signed in as"),
                r->user.email);
    html_notice(r, st->notice);
    if (st->error && (st->field == NULL || *st->field == '\0'))
        html_alert(r, st->error);
    else if (st->error)
        html_alert_field(r, st->error, st->field);
    ui_cues_section(r);
    section_about(r, st);
    section_password(r, st);
    ui_recovery_section(r, st->field && strcmp(st->field, "codes_password") == 0 ? st->error
                                                                                : NULL);
    section_logins(r, st);
    section_advanced(r, st);
    page_end(r);
}

static const struct {
    const char *key;
    const char *msg;
} notices[] = {
    {"about", N_("Your note is saved.")},
    {"password", N_("Your password is changed. Other places where you were signed in are now "
                    "signed out, and your API tokens no longer work.")},
    {"password-kept", N_("Your password is changed. Other places where you were signed in are "
                         "now signed out; your API tokens still work.")},
    {"logins", N_("You are now signed out everywhere else.")},
    {"login", N_("That session is signed out.")},
    {"revoked", N_("The token is revoked. Programs using it can no longer get in.")},
    {"cues", N_("Your choices for sounds, vibration and voice are saved.")},
};

void view_settings(struct req *r)
{
    struct settings_state st = {0};
    const char *done = form_get(&r->query, "done");
    for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(done, notices[i].key) == 0)
            st.notice = _(notices[i].msg);
    render(r, &st);
}

static void fail(struct req *r, int status, struct settings_state *st, const struct pace_error *e)
{
    r->status = status;
    st->error = e->msg;
    st->field = e->field;
    render(r, st);
}

void view_settings_about_post(struct req *r)
{
    const char *about = form_get(&r->form, "about");
    struct pace_error err = {0};
    struct settings_state st = {.about = about};
    int rc = app_about_set(&r->app->ctx, &r->who, r->user.id, about, &err);
    if (rc != 0) {
        fail(r, status_for(rc), &st, &err);
        return;
    }
    resp_redirect(r, "/settings?done=about");
}

void view_settings_password_post(struct req *r)
{
    struct pace_error err = {0};
    struct settings_state st = {0};
    bool keep_tokens = form_get(&r->form, "keep_tokens") != NULL;
    int rc = app_password_change(
        &r->app->ctx, &r->who, r->user.id, form_get(&r->form, "current_password"),
        form_get(&r->form, "new_password"), r->login_hash, keep_tokens, r->now, &err);
    if (rc != 0) {
        fail(r, rc == PACE_EDENIED || rc == PACE_EINVAL ? 422 : status_for(rc), &st, &err);
        return;
    }
    resp_redirect(r, keep_tokens ? "/settings?done=password-kept" : "/settings?done=password");
}

void view_settings_end_others_post(struct req *r)
{
    struct pace_error err = {0};
    struct settings_state st = {0};
    int rc = app_logins_end_others(&r->app->ctx, &r->who, r->user.id,
                                   form_get(&r->form, "password"), r->login_hash, r->now, &err);
    if (rc != 0) {
        fail(r, rc == PACE_EDENIED ? 422 : status_for(rc), &st, &err);
        return;
    }
    resp_redirect(r, "/settings?done=logins");
}

static int64_t param_id(struct req *r)
{
    char *end;
    long long v = strtoll(r->params[0], &end, 10);
    return (*end == '\0' && v > 0) ? (int64_t)v : 0;
}

void view_settings_end_login_post(struct req *r)
{
    int64_t id = param_id(r);
    if (id == 0 || app_login_end(&r->app->ctx, &r->who, r->user.id, id, NULL) != 0) {
        view_not_found(r);
        return;
    }
    resp_redirect(r, "/settings?done=login");
}

void view_settings_token_post(struct req *r)
{
    struct settings_state st = {0};
    struct pace_error err = {0};
    char tok[APP_TOKEN_CHARS + 1];
    int rc = app_token_create(&r->app->ctx, &r->who, r->user.id, form_get(&r->form, "label"),
                              r->now, tok, NULL, &err);
    if (rc != 0) {
        fail(r, rc == PACE_EINVAL ? 422 : status_for(rc), &st, &err);
    } else {
        st.new_token = tok;
        render(r, &st);
    }
    crypto_wipe(tok, sizeof tok);
}

void view_settings_token_revoke_post(struct req *r)
{
    int64_t id = param_id(r);
    if (id == 0 || app_token_revoke(&r->app->ctx, &r->who, r->user.id, id, NULL) != 0) {
        view_not_found(r);
        return;
    }
    resp_redirect(r, "/settings?done=revoked");
}

void view_settings_codes_post(struct req *r)
{
    struct pace_error err = {0};
    struct settings_state st = {0};
    struct app_recovery_codes codes;
    int rc = app_recovery_codes_new(&r->app->ctx, &r->who, r->user.id,
                                    form_get(&r->form, "codes_password"), r->now, &codes, &err);
    if (rc != 0) {
        if (strcmp(err.field, "password") == 0)
            snprintf(err.field, sizeof err.field, "%s", "codes_password");
        fail(r, rc == PACE_EDENIED ? 422 : status_for(rc), &st, &err);
        return;
    }
    ui_recovery_codes_page(r, &codes, "/settings", false);
    crypto_wipe(&codes, sizeof codes);
}
