/*
 * recovery.c - a way back in without email (app.h, "A way back in"): her
 * recovery codes, made at registration and again in Settings, and the
 * one-time reset links the operator makes at the server. Every try is
 * counted in the throttle before anything is checked, per account and per
 * client address, and nothing is checked when the throttle cannot be
 * read or written. Codes and tokens are never logged; only their hashes
 * are stored.
 */
#include "app/app.h"
#include "app/log.h"

#include "core/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Crockford's base 32: no I, L, O or U, so nothing reads as something else. */
static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
#define CODE_SYMBOLS 10

bool app_recovery_code_normalise(const char *s, char out[APP_RECOVERY_CODE_CHARS + 1])
{
    char sym[CODE_SYMBOLS];
    size_t n = 0;
    out[0] = '\0';
    if (s == NULL)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '-' || *p == '\t')
            continue;
        char ch = (char)tolower(*p);
        if (ch == 'o')
            ch = '0';
        else if (ch == 'i' || ch == 'l')
            ch = '1';
        if (*p >= 0x80 || strchr(alphabet, ch) == NULL || ch == '\0' || n == CODE_SYMBOLS)
            return false;
        sym[n++] = ch;
    }
    if (n != CODE_SYMBOLS)
        return false;
    snprintf(out, APP_RECOVERY_CODE_CHARS + 1, "%.5s-%.5s", sym, sym + 5);
    return true;
}

static void new_code(char out[APP_RECOVERY_CODE_CHARS + 1])
{
    unsigned char raw[CODE_SYMBOLS];
    crypto_random_bytes(raw, sizeof raw);
    char sym[CODE_SYMBOLS];
    for (size_t i = 0; i < CODE_SYMBOLS; i++)
        sym[i] = alphabet[raw[i] & 31];
    snprintf(out, APP_RECOVERY_CODE_CHARS + 1, "%.5s-%.5s", sym, sym + 5);
    crypto_wipe(raw, sizeof raw);
    crypto_wipe(sym, sizeof sym);
}

/* ---- the throttle ---------------------------------------------------------- */

static int minutes_left(int64_t oldest, int64_t now, int64_t window)
{
    int64_t left = oldest + window - now;
    int m = (int)((left + 59) / 60);
    return m > 0 ? m : 1;
}

/* Takes one try from her account's key (may be NULL) and the client's
 * address (may be NULL) before anything is checked. during names the
 * event; 0, PACE_ELOCKED or PACE_EUNAVAIL, with a sentence for her. */
static int take_try(const struct app_ctx *c, const char *account_key, const char *addr, int64_t now,
                    int64_t account, const char *during, struct pace_error *err)
{
    char k[2][128];
    struct store_throttle keys[2];
    size_t n = 0;
    if (account_key) {
        snprintf(k[n], sizeof k[n], "recover:%s", account_key);
        keys[n] = (struct store_throttle){.key = k[n], .limit = APP_RECOVERY_ACCOUNT_MAX};
        n++;
    }
    if (addr) {
        snprintf(k[n], sizeof k[n], "recover-addr:%s", addr);
        keys[n] = (struct store_throttle){.key = k[n], .limit = APP_RECOVERY_ADDRESS_MAX};
        n++;
    }
    if (n == 0)
        return 0;
    struct pace_error why = {0};
    int rc = store_throttle_take(c->store, keys, n, now - APP_SIGNIN_WINDOW, now, &why);
    if (rc == PACE_ELOCKED) {
        int m = 0;
        for (size_t i = 0; i < n; i++)
            if (keys[i].count >= keys[i].limit) {
                int left = minutes_left(keys[i].oldest, now, APP_SIGNIN_WINDOW);
                m = left > m ? left : m;
            }
        app_log_event(APP_LOG_WARN, "recovery.locked", account, "during=%s", during);
        return pace_fail(err, PACE_ELOCKED, NULL,
                         ngettext_("Too many attempts. Please try again in %d minute.",
                                   "Too many attempts. Please try again in %d minutes.", m),
                         m);
    }
    if (rc != 0) {
        app_log_event(APP_LOG_ERROR, "throttle.failed", account, "during=%s code=%d", during,
                      why.code);
        return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                         _("Setting a new password is not possible just now. Nothing was "
                           "checked or changed. Please try again later."));
    }
    return 0;
}

static void clear_account(const struct app_ctx *c, const char *account_key)
{
    char k[128];
    snprintf(k, sizeof k, "recover:%s", account_key);
    store_throttle_clear(c->store, k);
}

/* An entry in her trail: someone not signed in used (or tried) a code or
 * a link of hers. */
static void trail(const struct app_ctx *c, int64_t subject, const char *what, bool allowed,
                  int64_t now)
{
    struct audit_event e = {.subject_id = subject, .at = now, .allowed = allowed};
    snprintf(e.action, sizeof e.action, "update");
    snprintf(e.resource, sizeof e.resource, "%s", app_resource_name(RES_RECOVERY));
    snprintf(e.record, sizeof e.record, "%s", what);
    struct pace_error why = {0};
    if (store_audit_append(c->store, &e, &why) != 0)
        app_log_event(APP_LOG_ERROR, "audit.failed", subject, "during=recovery code=%d", why.code);
}

/* After her password was set: a new login for her, when asked. */
static int signed_in(const struct app_ctx *c, const struct user *u, const struct app_client *client,
                     int64_t now, struct app_login_token *tok, struct pace_error *err)
{
    if (tok == NULL)
        return 0;
    struct principal her = app_person(u->id, u->role, VIA_COOKIE, 0);
    return app_login_open(c, &her, client, now, tok, err);
}

/* ---- her codes ---------------------------------------------------------------- */

int app_recovery_codes_new(const struct app_ctx *c, const struct principal *who, int64_t subject,
                           const char *password, int64_t now, struct app_recovery_codes *out,
                           struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_RECOVERY, ACT_CREATE, NULL, err);
    struct user u;
    if (rc == 0 && store_user_get(c->store, subject, &u) != 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    if (rc != 0)
        return rc;
    /* Her password, counted per account as every password check is. */
    char akey[80];
    store_throttle_account_key(c->store, u.email, akey);
    struct store_throttle key = {.key = akey, .limit = APP_SIGNIN_ACCOUNT_MAX};
    struct pace_error why = {0};
    rc = store_throttle_take(c->store, &key, 1, now - APP_SIGNIN_WINDOW, now, &why);
    if (rc == PACE_ELOCKED) {
        int m = minutes_left(key.oldest, now, APP_SIGNIN_WINDOW);
        app_log_event(APP_LOG_WARN, "signin.locked", subject, "during=recovery_codes by=account");
        return pace_fail(err, PACE_ELOCKED, "password",
                         ngettext_("Too many wrong passwords. Please try again in %d minute.",
                                   "Too many wrong passwords. Please try again in %d minutes.", m),
                         m);
    }
    if (rc != 0) {
        app_log_event(APP_LOG_ERROR, "throttle.failed", subject, "during=recovery_codes code=%d",
                      why.code);
        return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                         _("Making new codes is not possible just now. Nothing was checked or "
                           "changed. Please try again later."));
    }
    if (password == NULL || crypto_password_verify(u.pwhash, password) != 0) {
        app_log_event(APP_LOG_WARN, "password.wrong", subject, "during=recovery_codes");
        return pace_fail(err, PACE_EDENIED, "password", "%s",
                         _("That is not your password, so your codes were not changed. Please "
                           "try again."));
    }
    store_throttle_clear(c->store, akey);
    unsigned char hashes[APP_RECOVERY_CODES][CRYPTO_HASH_BYTES];
    for (size_t i = 0; i < APP_RECOVERY_CODES; i++) {
        new_code(out->code[i]);
        store_recovery_code_hash(c->store, subject, out->code[i], hashes[i]);
    }
    rc = store_recovery_codes_put(c->store, subject,
                                  (const unsigned char(*)[CRYPTO_HASH_BYTES])hashes,
                                  APP_RECOVERY_CODES, now, err);
    crypto_wipe(hashes, sizeof hashes);
    if (rc != 0) {
        crypto_wipe(out, sizeof *out);
        return pace_fail(err, rc, NULL, "%s", _("Something went wrong. Please try again."));
    }
    app_log_event(APP_LOG_INFO, "recovery.codes_made", subject, "count=%d", APP_RECOVERY_CODES);
    return 0;
}

int app_recovery_codes_left(const struct app_ctx *c, const struct principal *who, int64_t subject,
                            int *left, int64_t *made_at, struct pace_error *err)
{
    *left = 0;
    if (made_at)
        *made_at = 0;
    int rc = app_gate(c, who, subject, RES_RECOVERY, ACT_READ, NULL, err);
    return rc == 0 ? store_recovery_codes_count(c->store, subject, left, made_at, err) : rc;
}

int app_recover_with_code(const struct app_ctx *c, const char *email, const char *code,
                          const char *new_password, const struct app_client *client, int64_t now,
                          struct user *out, struct app_login_token *tok, int *codes_left,
                          struct pace_error *err)
{
    *codes_left = 0;
    char norm[ACCOUNT_EMAIL_MAX + 2];
    if (account_email_normalise(email, norm, sizeof norm, NULL) != 0)
        snprintf(norm, sizeof norm, "%s", "(invalid)");
    struct user u;
    bool found = store_user_get_by_email(c->store, norm, &u) == 0;
    /* The new password first: a weak one costs her no try. */
    int rc = app_password_quality(new_password, norm, "new_password", err);
    if (rc != 0)
        return rc;
    char akey[80];
    store_throttle_account_key(c->store, norm, akey);
    rc = take_try(c, akey, client ? client->addr_key : NULL, now, found ? u.id : 0, "code", err);
    if (rc != 0)
        return rc;
    /* The hash is made whatever the answer, so it takes as long either way. */
    char hash[CRYPTO_PWHASH_MAX];
    if (crypto_password_hash(new_password, hash) != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "%s",
                         _("Something went wrong. Please try again."));
    char canon[APP_RECOVERY_CODE_CHARS + 1];
    bool readable = app_recovery_code_normalise(code, canon);
    rc = PACE_ENOTFOUND;
    if (found && readable) {
        unsigned char ch[CRYPTO_HASH_BYTES];
        store_recovery_code_hash(c->store, u.id, canon, ch);
        struct pace_error why = {0};
        rc = store_recovery_code_use(c->store, u.id, ch, hash, now, codes_left, &why);
        if (rc != 0 && rc != PACE_ENOTFOUND) {
            crypto_wipe(hash, sizeof hash);
            app_log_event(APP_LOG_ERROR, "recovery.failed", u.id, "code=%d", why.code);
            return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                             _("Setting a new password is not possible just now. Please try "
                               "again later."));
        }
    }
    crypto_wipe(canon, sizeof canon);
    if (rc != 0) {
        crypto_wipe(hash, sizeof hash);
        app_log_event(APP_LOG_WARN, "recovery.code_refused", found ? u.id : 0, "known=%s",
                      found ? "yes" : "no");
        if (found)
            trail(c, u.id, "code", false, now);
        return pace_fail(err, PACE_EDENIED, "code", "%s",
                         _("That email address and recovery code do not match. Please check "
                           "both and try again. Each code works only once."));
    }
    memcpy(u.pwhash, hash, sizeof hash);
    crypto_wipe(hash, sizeof hash);
    clear_account(c, akey);
    trail(c, u.id, "code", true, now);
    app_log_event(APP_LOG_INFO, "recovery.code_used", u.id, "codes_left=%d", *codes_left);
    if ((rc = signed_in(c, &u, client, now, tok, err)) != 0)
        return rc;
    *out = u;
    return 0;
}

/* ---- the operator's reset links ------------------------------------------------- */

int app_reset_link_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          int64_t now, char token[CRYPTO_TOKEN_CHARS + 1], int64_t *expires_at,
                          struct pace_error *err)
{
    token[0] = '\0';
    /* Only the operator at the server makes links: her own way is a code. */
    if (who->via != VIA_CLI)
        return pace_fail(err, PACE_EDENIED, NULL, "%s", _("You may not change this."));
    int rc = app_gate_record(c, who, subject, RES_RECOVERY, ACT_CREATE, "link", NULL, err);
    struct user u;
    if (rc == 0 && store_user_get(c->store, subject, &u) != 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    if (rc != 0)
        return rc;
    char akey[80], k[128];
    store_throttle_account_key(c->store, u.email, akey);
    snprintf(k, sizeof k, "reset-link:%s", akey);
    struct store_throttle key = {.key = k, .limit = APP_RESET_LINKS_PER_DAY};
    struct pace_error why = {0};
    rc = store_throttle_take(c->store, &key, 1, now - 24 * 3600, now, &why);
    if (rc == PACE_ELOCKED) {
        app_log_event(APP_LOG_WARN, "reset_link.locked", subject, NULL);
        return pace_fail(err, rc, NULL,
                         "%d reset links were made for this account in the last 24 hours; "
                         "no more until a day has passed",
                         APP_RESET_LINKS_PER_DAY);
    }
    if (rc != 0)
        return pace_fail(err, PACE_EUNAVAIL, NULL,
                         "the throttle could not be read, so no link was made");
    crypto_random_token(token);
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(token, hash);
    *expires_at = now + APP_RESET_LINK_SECONDS;
    rc = store_reset_link_put(c->store, subject, hash, now, *expires_at, err);
    if (rc != 0) {
        crypto_wipe(token, CRYPTO_TOKEN_CHARS + 1);
        return rc;
    }
    app_log_event(APP_LOG_INFO, "reset_link.created", subject, "via=cli");
    return 0;
}

/* The hash of a well-formed link token; false for anything else. */
static bool link_hash(const char *token, unsigned char hash[CRYPTO_HASH_BYTES])
{
    if (token == NULL || strlen(token) != CRYPTO_TOKEN_CHARS)
        return false;
    for (const char *p = token; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
            return false;
    crypto_hash_token(token, hash);
    return true;
}

static int link_gone(struct pace_error *err)
{
    return pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                     _("This link does not work. It may have been used already or be more than "
                       "a day old. Please ask whoever runs this server for a new one."));
}

int app_reset_link_open(const struct app_ctx *c, const char *token, int64_t now,
                        char email[ACCOUNT_EMAIL_MAX + 2], struct pace_error *err)
{
    unsigned char hash[CRYPTO_HASH_BYTES];
    int64_t id = 0;
    struct user u;
    if (!link_hash(token, hash) || store_reset_link_find(c->store, hash, now, &id, NULL) != 0 ||
        store_user_get(c->store, id, &u) != 0)
        return link_gone(err);
    if (email)
        snprintf(email, ACCOUNT_EMAIL_MAX + 2, "%s", u.email);
    return 0;
}

int app_reset_with_link(const struct app_ctx *c, const char *token, const char *new_password,
                        const struct app_client *client, int64_t now, struct user *out,
                        struct app_login_token *tok, int *codes_left, struct pace_error *err)
{
    *codes_left = 0;
    const char *addr = client ? client->addr_key : NULL;
    unsigned char hash[CRYPTO_HASH_BYTES];
    int64_t id = 0;
    struct user u;
    if (!link_hash(token, hash) || store_reset_link_find(c->store, hash, now, &id, NULL) != 0 ||
        store_user_get(c->store, id, &u) != 0) {
        /* Guessing links costs the address its tries. */
        int rc = take_try(c, NULL, addr, now, 0, "link", err);
        app_log_event(APP_LOG_WARN, "reset_link.refused", 0, NULL);
        return rc != 0 ? rc : link_gone(err);
    }
    int rc = app_password_quality(new_password, u.email, "new_password", err);
    if (rc != 0)
        return rc;
    char akey[80];
    store_throttle_account_key(c->store, u.email, akey);
    if ((rc = take_try(c, akey, addr, now, u.id, "link", err)) != 0)
        return rc;
    char pw[CRYPTO_PWHASH_MAX];
    if (crypto_password_hash(new_password, pw) != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "%s",
                         _("Something went wrong. Please try again."));
    rc = store_reset_link_use(c->store, hash, pw, now, &id, codes_left, NULL);
    if (rc != 0) {
        crypto_wipe(pw, sizeof pw);
        app_log_event(APP_LOG_WARN, "reset_link.refused", u.id, NULL);
        return rc == PACE_ENOTFOUND ? link_gone(err)
                                    : pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                                                _("Setting a new password is not possible just "
                                                  "now. Please try again later."));
    }
    memcpy(u.pwhash, pw, sizeof pw);
    crypto_wipe(pw, sizeof pw);
    clear_account(c, akey);
    trail(c, u.id, "link", true, now);
    app_log_event(APP_LOG_INFO, "reset_link.used", u.id, "codes_left=%d", *codes_left);
    if ((rc = signed_in(c, &u, client, now, tok, err)) != 0)
        return rc;
    *out = u;
    return 0;
}
