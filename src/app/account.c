/*
 * account.c - accounts as use cases (app.h, "Accounts"): registration,
 * sign-in with its throttle, the password and its quality, her logins and
 * API tokens, her note and language, erasing her account. The store only
 * keeps what is decided here.
 */
#include "app/app.h"
#include "app/clock.h"
#include "app/log.h"

#include "core/i18n.h"

#include <ctype.h>
#include <pthread.h>
#include <pwquality.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the throttle ---------------------------------------------------------- */

static int minutes_left(int64_t oldest, int64_t now)
{
    int64_t left = oldest + APP_SIGNIN_WINDOW - now;
    int m = (int)((left + 59) / 60);
    return m > 0 ? m : 1;
}

/* The calm answer when the throttle cannot be read or written: nothing was
 * checked, so it is the same whatever the password. */
static int unavailable(struct pace_error *err, const char *during, int64_t account,
                       const struct pace_error *why)
{
    app_log_event(APP_LOG_ERROR, "throttle.failed", account, "during=%s code=%d", during,
                  why ? why->code : 0);
    return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                     _("Signing in is not possible just now. Nothing was checked or changed. "
                       "Please try again later."));
}

/* The same calm answer when a password hash waited too long for the one
 * before it (at most one is computed at a time, store/crypto.h). */
static int hash_busy(struct pace_error *err, const char *during, int64_t account)
{
    app_log_event(APP_LOG_WARN, "password.busy", account, "during=%s", during);
    return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                     _("Signing in is not possible just now. Nothing was checked or changed. "
                       "Please try again later."));
}

/* A hash that could not be made: busy, or something went wrong. */
static int hash_failed(int rc, struct pace_error *err, const char *during, int64_t account)
{
    if (rc == PACE_EUNAVAIL)
        return hash_busy(err, during, account);
    return pace_fail(err, PACE_ECRYPTO, NULL, "%s", _("Something went wrong. Please try again."));
}

/* Takes one attempt from key (and addr, when not NULL) before a password
 * is checked. 0, PACE_ELOCKED with minutes filled, or PACE_EUNAVAIL. */
static int take_attempt(const struct app_ctx *c, const char *key, const char *addr, int64_t now,
                        int *minutes, const char *during, int64_t account, struct pace_error *err)
{
    struct store_throttle keys[2] = {{.key = key, .limit = APP_SIGNIN_ACCOUNT_MAX},
                                     {.key = addr, .limit = APP_SIGNIN_ADDRESS_MAX}};
    struct pace_error why = {0};
    int rc = store_throttle_take(c->store, keys, addr ? 2 : 1, now - APP_SIGNIN_WINDOW, now, &why);
    if (rc == PACE_ELOCKED) {
        *minutes = 0;
        for (size_t i = 0; i < (addr ? 2u : 1u); i++)
            if (keys[i].count >= keys[i].limit) {
                int m = minutes_left(keys[i].oldest, now);
                *minutes = m > *minutes ? m : *minutes;
            }
        app_log_event(APP_LOG_WARN, "signin.locked", account, "during=%s by=%s", during,
                      keys[0].count >= keys[0].limit ? "account" : "address");
        return rc;
    }
    if (rc != 0)
        return unavailable(err, during, account, &why);
    return 0;
}

/* Checks u's password, throttled by her account. field names the form
 * field for a wrong or locked answer. */
static int verify_throttled(const struct app_ctx *c, const struct user *u, const char *password,
                            const char *field, const char *during, int64_t now,
                            struct pace_error *err)
{
    char key[80];
    store_throttle_account_key(c->store, u->email, key);
    int minutes = 0;
    int rc = take_attempt(c, key, NULL, now, &minutes, during, u->id, err);
    if (rc == PACE_ELOCKED)
        return pace_fail(err, PACE_ELOCKED, field,
                         ngettext_("Too many wrong passwords. Please try again in %d minute.",
                                   "Too many wrong passwords. Please try again in %d minutes.",
                                   minutes),
                         minutes);
    if (rc != 0)
        return rc;
    int vrc = password ? crypto_password_verify(u->pwhash, password) : PACE_EDENIED;
    if (vrc == PACE_EUNAVAIL)
        return hash_busy(err, during, u->id);
    if (vrc != 0) {
        app_log_event(APP_LOG_WARN, "password.wrong", u->id, "during=%s", during);
        return pace_fail(err, PACE_EDENIED, field, "%s",
                         _("That is not your password. Please try again."));
    }
    store_throttle_clear(c->store, key);
    return 0;
}

/* ---- password quality -------------------------------------------------------- */

/* True when what is left of pw, once the parts of her email and every
 * digit and sign are taken out, is too little to be a password. */
static bool built_from_email(const char *pw, const char *email)
{
    if (email == NULL || *email == '\0')
        return false;
    char low[ACCOUNT_PASSWORD_MAX * 4 + 1];
    size_t n = 0;
    for (const char *p = pw; *p && n < sizeof low - 1; p++)
        low[n++] = (char)tolower((unsigned char)*p);
    low[n] = '\0';
    char parts[ACCOUNT_EMAIL_MAX + 2];
    snprintf(parts, sizeof parts, "%s", email);
    char *save = NULL; /* strtok_r: sign-ups are checked on several threads at once */
    for (char *tok = strtok_r(parts, "@._-+", &save); tok; tok = strtok_r(NULL, "@._-+", &save)) {
        size_t tl = strlen(tok);
        if (tl < 3)
            continue;
        for (char *t = tok; *t; t++)
            *t = (char)tolower((unsigned char)*t);
        for (char *hit; (hit = strstr(low, tok)) != NULL;)
            memmove(hit, hit + tl, strlen(hit + tl) + 1);
    }
    size_t letters = 0;
    for (const unsigned char *p = (const unsigned char *)low; *p; p++)
        if (isalpha(*p) || *p >= 0x80)
            letters++;
    return letters < 6 && strlen(low) < strlen(pw);
}

static pthread_once_t pwq_once = PTHREAD_ONCE_INIT;
/* cracklib, under libpwquality's dictionary check, keeps its state in
 * static buffers: one check at a time. */
static pthread_mutex_t pwq_mu = PTHREAD_MUTEX_INITIALIZER;
static pwquality_settings_t *pwq;

static void pwq_setup(void)
{
    /* No composition rules and nothing from the system's pam settings:
     * only the dictionary and the user-name checks. */
    pwq = pwquality_default_settings();
    static const char *const opts[] = {
        "minlen=6",     "minclass=0",  "dcredit=0",        "ucredit=0",     "lcredit=0",
        "ocredit=0",    "maxrepeat=0", "maxclassrepeat=0", "maxsequence=0", "difok=0",
        "gecoscheck=0", "dictcheck=1", "usercheck=1"};
    for (size_t i = 0; pwq && i < sizeof opts / sizeof opts[0]; i++)
        pwquality_set_option(pwq, opts[i]);
}

int app_password_quality(const char *password, const char *email, const char *field,
                         struct pace_error *err)
{
    int rc = account_password_check(password, err);
    if (rc != 0) {
        if (err)
            snprintf(err->field, sizeof err->field, "%s", field);
        return rc;
    }
    if (built_from_email(password, email))
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("This password is made from your email address, so it would be easy "
                           "to guess. Please choose another: a few unrelated words work well."));
    pthread_once(&pwq_once, pwq_setup);
    if (pwq == NULL)
        return 0;
    char user[ACCOUNT_EMAIL_MAX + 2] = "";
    if (email)
        snprintf(user, sizeof user, "%.*s", (int)strcspn(email, "@"), email);
    void *aux = NULL;
    pthread_mutex_lock(&pwq_mu);
    int score = pwquality_check(pwq, password, NULL, user[0] ? user : NULL, &aux);
    char why[128] = "";
    if (score == PWQ_ERROR_CRACKLIB_CHECK && aux != NULL)
        snprintf(why, sizeof why, "%s", (const char *)aux);
    pthread_mutex_unlock(&pwq_mu);
    if (score >= 0)
        return 0;
    switch (score) {
    case PWQ_ERROR_USER_CHECK:
    case PWQ_ERROR_EMPTY_PASSWORD:
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("This password is made from your email address, so it would be easy "
                           "to guess. Please choose another: a few unrelated words work well."));
    case PWQ_ERROR_CRACKLIB_CHECK:
        if (strstr(why, "dictionary") != NULL && strstr(why, "error") != NULL) {
            /* The dictionary is missing: say so in the log, accept. */
            app_log_event(APP_LOG_ERROR, "password.dictionary_missing", 0, NULL);
            return 0;
        }
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("This password is one that many people use, so it would be easy to "
                           "guess. Please choose another: a few unrelated words work well."));
    default:
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("This password follows a simple pattern, so it would be easy to "
                           "guess. Please choose another: a few unrelated words work well."));
    }
}

/* ---- registration and sign-in ---------------------------------------------- */

int app_register(const struct app_ctx *c, const struct principal *who, const char *email,
                 const char *password, enum role role, const struct app_client *client, int64_t now,
                 int64_t *id_out, struct pace_error *err)
{
    if (who->via == VIA_CLI) {
        int rc = app_gate(c, who, 0, RES_ACCOUNT, ACT_CREATE, NULL, err);
        if (rc != 0)
            return rc;
    } else if (who->via != VIA_NONE || (role != ROLE_PATIENT && role != ROLE_CLINICIAN)) {
        /* Anyone may register, as a patient or as a clinician (the role
         * changes the pages, never what can be seen); only the operator
         * makes an admin. */
        return pace_fail(err, PACE_EDENIED, NULL, "%s", _("You may not change this."));
    }
    char reg_key[96] = "";
    const char *addr = client ? client->addr_key : NULL;
    if (addr) {
        snprintf(reg_key, sizeof reg_key, "reg-%s", addr);
        int count = 0;
        int64_t oldest = 0;
        if (store_throttle_count(c->store, reg_key, now - APP_SIGNIN_WINDOW, &count, &oldest) !=
            0) {
            unavailable(err, "register", 0, NULL);
            return pace_fail(err, PACE_EUNAVAIL, NULL, "%s",
                             _("Creating an account is not possible just now. Nothing was "
                               "changed. Please try again later."));
        }
        if (count >= APP_REGISTER_ADDRESS_MAX) {
            int m = minutes_left(oldest, now);
            app_log_event(APP_LOG_WARN, "register.locked", 0, NULL);
            return pace_fail(err, PACE_ELOCKED, NULL,
                             ngettext_("Too many attempts. Please try again in %d minute.",
                                       "Too many attempts. Please try again in %d minutes.", m),
                             m);
        }
    }
    char norm[ACCOUNT_EMAIL_MAX + 2];
    int rc = account_email_normalise(email, norm, sizeof norm, err);
    if (rc == 0)
        rc = app_password_quality(password, norm, "password", err);
    if (rc != 0)
        return rc;
    char hash[CRYPTO_PWHASH_MAX];
    if ((rc = crypto_password_hash(password, hash)) != 0)
        return hash_failed(rc, err, "register", 0);
    int64_t id = 0;
    rc = store_user_insert(c->store, norm, hash, role, now, &id, err);
    crypto_wipe(hash, sizeof hash);
    if (rc == PACE_ECONFLICT) {
        /* Probing for taken addresses counts toward the address's limit;
         * the same wording whether or not the address is known. */
        if (addr)
            store_throttle_add(c->store, reg_key, now);
        app_log_event(APP_LOG_WARN, "register.refused", 0, "reason=taken");
        return pace_fail(err, rc, "email", "%s",
                         _("We could not create an account with this email address. If you "
                           "already have one, please sign in."));
    }
    if (rc != 0)
        return rc;
    app_log_event(APP_LOG_INFO, "register.ok", id, "role=%s via=%s", role_name(role),
                  who->via == VIA_CLI ? "cli" : "web");
    if (id_out)
        *id_out = id;
    return 0;
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[CRYPTO_PWHASH_MAX];

static void make_dummy(void)
{
    char pw[CRYPTO_TOKEN_CHARS + 1];
    crypto_random_token(pw);
    crypto_password_hash(pw, dummy_hash);
}

static int open_login(const struct app_ctx *c, int64_t user_id, const struct app_client *client,
                      int64_t now, struct app_login_token *tok, struct pace_error *err)
{
    crypto_random_token(tok->token);
    crypto_hash_token(tok->token, tok->hash);
    struct pace_error why = {0};
    int rc = store_login_insert(c->store, user_id, tok->hash,
                                client && client->agent ? client->agent : "", now, &why);
    if (rc != 0) {
        crypto_wipe(tok, sizeof *tok);
        return unavailable(err, "login", user_id, &why);
    }
    return 0;
}

int app_sign_in(const struct app_ctx *c, const char *email, const char *password,
                const struct app_client *client, int64_t now, struct user *out,
                struct app_login_token *tok, struct pace_error *err)
{
    char norm[ACCOUNT_EMAIL_MAX + 2];
    if (account_email_normalise(email, norm, sizeof norm, NULL) != 0)
        snprintf(norm, sizeof norm, "%s", "(invalid)");
    struct user u;
    bool found = store_user_get_by_email(c->store, norm, &u) == 0;
    int64_t who = found ? u.id : 0;
    char akey[80];
    store_throttle_account_key(c->store, norm, akey);
    const char *addr = client ? client->addr_key : NULL;
    int minutes = 0;
    int rc = take_attempt(c, akey, addr, now, &minutes, "signin", who, err);
    if (rc == PACE_ELOCKED)
        return pace_fail(err, PACE_ELOCKED, NULL,
                         ngettext_("Too many sign-in attempts. Please try again in %d minute.",
                                   "Too many sign-in attempts. Please try again in %d minutes.",
                                   minutes),
                         minutes);
    if (rc != 0)
        return rc;
    if (password == NULL)
        password = "";
    /* Verify against a real hash even for unknown emails, so the answer
     * takes as long either way. */
    pthread_once(&dummy_once, make_dummy);
    if (!found && dummy_hash[0] == '\0')
        return hash_busy(err, "signin", 0); /* the dummy could not be made */
    int vrc = crypto_password_verify(found ? u.pwhash : dummy_hash, password);
    if (vrc == PACE_EUNAVAIL)
        return hash_busy(err, "signin", who);
    bool ok = vrc == 0 && found;
    if (!ok) {
        app_log_event(APP_LOG_WARN, "signin.failed", who, "known=%s", found ? "yes" : "no");
        return pace_fail(err, PACE_EDENIED, NULL, "%s",
                         _("That email and password do not match an account. Please try "
                           "again."));
    }
    store_throttle_clear(c->store, akey);
    if (addr)
        store_throttle_give_back(c->store, addr, now);
    if (crypto_password_needs_rehash(u.pwhash)) {
        char hash[CRYPTO_PWHASH_MAX];
        if (crypto_password_hash(password, hash) == 0 &&
            store_user_set_pwhash(c->store, u.id, hash, NULL) == 0) {
            memcpy(u.pwhash, hash, sizeof hash);
            app_log_event(APP_LOG_INFO, "password.rehashed", u.id, NULL);
        }
        crypto_wipe(hash, sizeof hash);
    }
    if (tok && (rc = open_login(c, u.id, client, now, tok, err)) != 0)
        return rc;
    app_log_event(APP_LOG_INFO, "signin.ok", u.id, NULL);
    *out = u;
    return 0;
}

int app_login_open(const struct app_ctx *c, const struct principal *who,
                   const struct app_client *client, int64_t now, struct app_login_token *tok,
                   struct pace_error *err)
{
    int rc = app_gate(c, who, who->user_id, RES_LOGINS, ACT_CREATE, NULL, err);
    return rc == 0 ? open_login(c, who->user_id, client, now, tok, err) : rc;
}

int app_login_resolve(const struct app_ctx *c, const unsigned char hash[CRYPTO_HASH_BYTES],
                      int64_t now, int64_t idle_s, int64_t lifetime_s, struct login *login,
                      struct user *out)
{
    int rc = store_login_touch(c->store, hash, now, idle_s, lifetime_s, login);
    return rc == 0 ? store_user_get(c->store, login->user_id, out) : rc;
}

int app_token_resolve(const struct app_ctx *c, const char *token, int64_t now, struct user *out)
{
    if (strlen(token) != APP_TOKEN_CHARS || strncmp(token, "pace_", 5) != 0)
        return PACE_ENOTFOUND;
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(token, hash);
    return store_token_lookup(c->store, hash, now, out);
}

void app_login_close(const struct app_ctx *c, const struct principal *who,
                     const unsigned char hash[CRYPTO_HASH_BYTES])
{
    if (who->via == VIA_COOKIE) {
        store_login_delete(c->store, hash);
        app_log_event(APP_LOG_INFO, "signout", who->user_id, NULL);
    }
}

/* ---- her password, logins and tokens ------------------------------------------ */

int app_password_change(const struct app_ctx *c, const struct principal *who, int64_t subject,
                        const char *current, const char *next,
                        const unsigned char keep[CRYPTO_HASH_BYTES], bool keep_tokens, int64_t now,
                        struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_UPDATE, NULL, err);
    struct user u;
    if (rc == 0 && store_user_get(c->store, subject, &u) != 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    if (rc == 0) {
        rc = verify_throttled(c, &u, current, "current_password", "password_change", now, err);
        if (rc == PACE_EDENIED)
            pace_fail(err, rc, "current_password", "%s",
                      _("Your current password is not right. Please try again."));
    }
    if (rc == 0)
        rc = app_password_quality(next, u.email, "new_password", err);
    if (rc != 0)
        return rc;
    char hash[CRYPTO_PWHASH_MAX];
    if ((rc = crypto_password_hash(next, hash)) != 0)
        return hash_failed(rc, err, "password_change", subject);
    rc = store_user_change_password(c->store, subject, hash, keep, !keep_tokens, err);
    crypto_wipe(hash, sizeof hash);
    if (rc == 0)
        app_log_event(APP_LOG_INFO, "password.changed", subject, "tokens=%s",
                      keep_tokens ? "kept" : "revoked");
    return rc;
}

int app_logins_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    struct login **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_LOGINS, ACT_READ, NULL, err);
    return rc == 0 ? store_login_list(c->store, subject, items, n) : rc;
}

int app_login_end(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  int64_t login_id, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_LOGINS, ACT_DELETE, NULL, err);
    if (rc == 0 && store_login_delete_id(c->store, subject, login_id) != 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    if (rc == 0)
        app_log_event(APP_LOG_INFO, "login.ended", subject, "login=%lld", (long long)login_id);
    return rc;
}

int app_logins_end_others(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          const char *password, const unsigned char keep[CRYPTO_HASH_BYTES],
                          int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_LOGINS, ACT_DELETE, NULL, err);
    struct user u;
    if (rc == 0 && store_user_get(c->store, subject, &u) != 0)
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    if (rc == 0)
        rc = verify_throttled(c, &u, password, "password", "end_others", now, err);
    if (rc == 0 && store_login_delete_others(c->store, subject, keep) != 0)
        rc = pace_fail(err, PACE_EIO, NULL, "%s", _("Something went wrong. Please try again."));
    if (rc == 0)
        app_log_event(APP_LOG_INFO, "logins.ended_others", subject, NULL);
    return rc;
}

int app_token_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const char *label, int64_t now, char out[APP_TOKEN_CHARS + 1], int64_t *id_out,
                     struct pace_error *err)
{
    out[0] = '\0';
    int rc = app_gate(c, who, subject, RES_TOKENS, ACT_CREATE, NULL, err);
    if (rc != 0)
        return rc;
    size_t len = label ? str_utf8_len(label) : 0;
    if (label == NULL || len == 0 || len > 60 || !str_valid_text(label, strlen(label)))
        return pace_fail(err, PACE_EINVAL, "label", "%s",
                         _("Please give the token a name of 1 to 60 characters."));
    memcpy(out, "pace_", 5);
    crypto_random_token(out + 5);
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(out, hash);
    int64_t id = 0;
    rc = store_token_insert(c->store, subject, hash, label, now, &id, err);
    if (rc != 0) {
        crypto_wipe(out, APP_TOKEN_CHARS + 1);
        return rc;
    }
    app_log_event(APP_LOG_INFO, "token.created", subject, "token=%lld via=%s", (long long)id,
                  who->via == VIA_CLI ? "cli" : "web");
    if (id_out)
        *id_out = id;
    return 0;
}

int app_token_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct api_token **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_TOKENS, ACT_READ, NULL, err);
    if (rc == 0 && store_token_list(c->store, subject, items, n) != 0)
        rc = pace_fail(err, PACE_EIO, NULL, "%s", _("Something went wrong. Please try again."));
    return rc;
}

int app_token_revoke(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     int64_t token_id, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_TOKENS, ACT_DELETE, NULL, err);
    if (rc == 0 && (token_id <= 0 || store_token_revoke(c->store, subject, token_id) != 0))
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is no such token."));
    if (rc == 0)
        app_log_event(APP_LOG_INFO, "token.revoked", subject, "token=%lld", (long long)token_id);
    return rc;
}

/* ---- her note, language and account ---------------------------------------- */

int app_about_get(const struct app_ctx *c, const struct principal *who, int64_t subject, char **out,
                  struct pace_error *err)
{
    *out = NULL;
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_READ, NULL, err);
    return rc == 0 ? store_user_get_about(c->store, subject, out, err) : rc;
}

int app_about_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const char *text, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = account_note_check(text ? text : "", err);
    return rc == 0 ? store_user_set_about(c->store, subject, text ? text : "", err) : rc;
}

int app_lang_set(const struct app_ctx *c, const struct principal *who, int64_t subject, int lang,
                 struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_ACCOUNT, ACT_UPDATE, NULL, err);
    return rc == 0 ? store_user_set_lang(c->store, subject, lang, err) : rc;
}

int app_account_erase(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const char *password, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_ERASE, ACT_DELETE, NULL, err);
    if (rc != 0)
        return rc;
    if (who->via != VIA_CLI) {
        struct user u;
        if (store_user_get(c->store, subject, &u) != 0)
            return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
        rc = verify_throttled(c, &u, password, "password", "erase", now, err);
        if (rc == PACE_EDENIED)
            pace_fail(err, rc, "password", "%s",
                      _("That is not your password, so nothing was deleted. Please try again."));
        if (rc != 0)
            return rc;
    }
    rc = store_user_erase(c->store, subject, err);
    if (rc == 0)
        app_log_event(APP_LOG_WARN, "account.erased", subject, "via=%s",
                      who->via == VIA_CLI ? "cli" : "web");
    return rc;
}

int app_store_open(const char *dir, const char *url, const char *key_file, struct store **out,
                   struct pace_error *err)
{
    struct store_where w = {.dir = dir, .url = url, .key_file = key_file};
    return store_open_where(&w, out, err);
}

void app_store_close(struct store *s)
{
    store_close(s);
}

int app_db_copy(struct store *from, struct store *to, struct store_copy_table **tables, size_t *n,
                struct pace_error *err)
{
    int rc = store_copy(from, to, tables, n, err);
    if (rc == 0)
        app_log_event(APP_LOG_WARN, "db.copied", 0, "tables=%zu", *n);
    return rc;
}

int app_db_sums(struct store *s, struct store_copy_table **tables, size_t *n,
                struct pace_error *err)
{
    return store_table_sums(s, tables, n, err);
}

int app_quotas_set(const struct app_ctx *c, int64_t records_per_day, int64_t bytes_per_day,
                   struct pace_error *err)
{
    return store_quota_set(c->store, records_per_day, bytes_per_day, app_clock_now, err);
}
