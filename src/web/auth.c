/* auth.c - who is asking (logins, bearer tokens), CSRF, language choice and
 * access control. Checking passwords and keeping logins is the application
 * layer's (app/account.c); this file carries its answers to and from HTTP. */
#include "web/auth.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void derive_csrf(struct req *r, const char *what)
{
    crypto_keyed_hex(r->app->csrf_key, what, r->csrf);
}

static void pick_lang(struct req *r)
{
    int l = r->authed ? r->user.lang : -1;
    if (l < 0) {
        char v[8], name[32];
        if (cookie_get(req_header(r, "Cookie"), cookie_name(r, "pace-lang", name, sizeof name), v,
                       sizeof v))
            l = i18n_parse(v);
    }
    i18n_set_lang(l >= 0 ? (enum lang)l : i18n_from_accept(req_header(r, "Accept-Language")));
}

static void resolve_bearer(struct req *r)
{
    const char *h = req_header(r, "Authorization");
    if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
        return;
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    int rc = app_token_resolve(&r->app->ctx, tok, r->now, &r->user);
    if (rc == 0) {
        r->authed = true;
        r->via_token = true;
    }
    r->auth_unavailable = rc == PACE_EUNAVAIL;
}

static void resolve_cookie(struct req *r)
{
    char name[32], tok[CRYPTO_TOKEN_CHARS + 2];
    const char *cookies = req_header(r, "Cookie");
    if (cookie_get(cookies, cookie_name(r, "pace", name, sizeof name), tok, sizeof tok) &&
        strlen(tok) == CRYPTO_TOKEN_CHARS) {
        unsigned char hash[CRYPTO_HASH_BYTES];
        crypto_hash_token(tok, hash);
        struct login l;
        int rc = app_login_resolve(&r->app->ctx, hash, r->now, r->app->cfg.idle_timeout_s,
                                   r->app->cfg.login_lifetime_s, &l, &r->user);
        r->auth_unavailable = rc == PACE_EUNAVAIL;
        if (rc == 0) {
            r->authed = true;
            r->login_id = l.id;
            memcpy(r->login_hash, hash, sizeof hash);
            char hex[2 * CRYPTO_HASH_BYTES + 1];
            sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
            char what[96];
            snprintf(what, sizeof what, "login:%s", hex);
            derive_csrf(r, what);
        }
        crypto_wipe(tok, sizeof tok);
    }
    if (r->authed)
        return;
    /* A visitor's forms are bound to her pre-login cookie, when she has one
     * (auth_ensure_csrf creates it on pages with forms). */
    if (cookie_get(cookies, cookie_name(r, "pace-pre", name, sizeof name), r->anon,
                   sizeof r->anon) &&
        strlen(r->anon) == CRYPTO_TOKEN_CHARS) {
        char what[96];
        snprintf(what, sizeof what, "anon:%s", r->anon);
        derive_csrf(r, what);
    } else {
        r->anon[0] = '\0';
    }
}

void auth_ensure_csrf(struct req *r)
{
    if (r->authed || r->csrf[0])
        return;
    crypto_random_token(r->anon);
    resp_cookie(r, "pace-pre", r->anon, -1);
    char what[96];
    snprintf(what, sizeof what, "anon:%s", r->anon);
    derive_csrf(r, what);
}

void auth_resolve(struct req *r)
{
    if (!r->auth_resolved) {
        r->auth_resolved = true;
        if (r->is_api)
            resolve_bearer(r);
        else
            resolve_cookie(r);
        r->who = r->authed ? app_person(r->user.id, r->user.role,
                                        r->via_token ? VIA_TOKEN : VIA_COOKIE, r->login_id)
                           : (struct principal){0};
    }
    pick_lang(r); /* per call: the thread may have served others between */
}

bool auth_csrf_ok(struct req *r)
{
    const char *sent = form_get(&r->form, "csrf");
    return sent && r->csrf[0] && strlen(sent) == strlen(r->csrf) &&
           crypto_equal(sent, r->csrf, strlen(r->csrf));
}

void auth_agent_label(struct req *r, char *out, size_t n)
{
    /* A coarse label so she can tell her sessions apart; never the raw
     * User-Agent string. */
    const char *ua = req_header(r, "User-Agent");
    const char *browser = "Browser", *os = "";
    if (ua) {
        if (strstr(ua, "Firefox/"))
            browser = "Firefox";
        else if (strstr(ua, "Edg/"))
            browser = "Edge";
        else if (strstr(ua, "Chrome/") || strstr(ua, "Chromium/"))
            browser = "Chrome";
        else if (strstr(ua, "Safari/"))
            browser = "Safari";
        if (strstr(ua, "Android"))
            os = "Android";
        else if (strstr(ua, "iPhone") || strstr(ua, "iPad"))
            os = "iOS";
        else if (strstr(ua, "Windows"))
            os = "Windows";
        else if (strstr(ua, "Mac OS"))
            os = "macOS";
        else if (strstr(ua, "Linux"))
            os = "Linux";
    }
    snprintf(out, n, "%s%s%s", browser, *os ? " · " : "", os);
}

void auth_client(struct req *r, struct app_client *out, char agent[64])
{
    auth_agent_label(r, agent, 64);
    *out = (struct app_client){.addr_key = r->addr_key, .agent = agent};
}

void auth_signed_in(struct req *r, const struct user *u, const struct app_login_token *tok)
{
    resp_cookie(r, "pace", tok->token, -1);
    resp_cookie(r, "pace-pre", "", 0);
    r->authed = true;
    r->user = *u;
    memcpy(r->login_hash, tok->hash, sizeof tok->hash);
}

void auth_sign_out(struct req *r)
{
    if (r->authed)
        app_login_close(&r->app->ctx, &r->who, r->login_hash);
    resp_cookie(r, "pace", "", 0);
    r->authed = false;
}

bool authz_allows(const struct req *r, enum authz_action action, enum authz_kind kind,
                  int64_t owner_id)
{
    if (!r->authed || r->user.id <= 0)
        return false;
    switch (kind) {
    case AUTHZ_ACCOUNT:
    case AUTHZ_LOGIN:
    case AUTHZ_TOKEN:
        /* Her own account, logins and tokens are hers alone. */
        return owner_id == r->user.id &&
               (action == AUTHZ_READ || action == AUTHZ_WRITE || action == AUTHZ_DELETE);
    case AUTHZ_KIT:
        /* Her kit and the items she defined are hers alone. */
        return owner_id == r->user.id &&
               (action == AUTHZ_READ || action == AUTHZ_WRITE || action == AUTHZ_DELETE);
    case AUTHZ_PRACTICE:
        /* Her practice sessions and drafts are hers alone (a clinician's
         * read access, when it comes, is decided here). */
        return owner_id == r->user.id &&
               (action == AUTHZ_READ || action == AUTHZ_WRITE || action == AUTHZ_DELETE);
    case AUTHZ_PLAN:
        /* Her program, its adjusted rules and her goals are hers alone (a
         * clinician's plan edits, when they come, are decided here). */
        return owner_id == r->user.id &&
               (action == AUTHZ_READ || action == AUTHZ_WRITE || action == AUTHZ_DELETE);
    case AUTHZ_LADDER:
    case AUTHZ_REMINDER:
        /* Her comfort ladder answers and her reminders are hers alone. */
        return owner_id == r->user.id &&
               (action == AUTHZ_READ || action == AUTHZ_WRITE || action == AUTHZ_DELETE);
    case AUTHZ_KIND_COUNT:
        break;
    }
    return false;
}
