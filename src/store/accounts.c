/* accounts.c - registration, throttled sign-in and password change. */
#include "accounts.h"

#include "core/i18n.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

int accounts_register(struct store *s, const char *email, const char *password, enum role role,
                      int64_t now, int64_t *id_out, struct pace_error *err)
{
    char norm[ACCOUNT_EMAIL_MAX + 2];
    int rc = account_email_normalise(email, norm, sizeof norm, err);
    if (rc == 0)
        rc = account_password_check(password, err);
    if (rc != 0)
        return rc;
    char hash[CRYPTO_PWHASH_MAX];
    if (crypto_password_hash(password, hash) != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "%s", _("Something went wrong. Please try again."));
    rc = store_user_insert(s, norm, hash, role, now, id_out, err);
    crypto_wipe(hash, sizeof hash);
    return rc;
}

int accounts_locked_minutes(struct store *s, const char *key, int64_t now)
{
    int count = 0;
    int64_t oldest = 0;
    if (store_throttle_count(s, key, now - ACCOUNTS_THROTTLE_WINDOW, &count, &oldest) != 0)
        return 0;
    if (count < ACCOUNTS_THROTTLE_MAX)
        return 0;
    int64_t left = oldest + ACCOUNTS_THROTTLE_WINDOW - now;
    return (int)((left + 59) / 60 > 0 ? (left + 59) / 60 : 1);
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[CRYPTO_PWHASH_MAX];

static void make_dummy(void)
{
    char pw[CRYPTO_TOKEN_CHARS + 1];
    crypto_random_token(pw);
    crypto_password_hash(pw, dummy_hash);
}

static int deny(struct pace_error *err)
{
    return pace_fail(err, PACE_EDENIED, NULL, "%s",
                     _("That email and password do not match an account. Please try again."));
}

int accounts_login(struct store *s, const char *email, const char *password, const char *addr,
                   int64_t now, struct user *out, struct pace_error *err)
{
    char norm[ACCOUNT_EMAIL_MAX + 2];
    if (account_email_normalise(email, norm, sizeof norm, NULL) != 0)
        snprintf(norm, sizeof norm, "%s", "(invalid)");
    char akey[80];
    store_throttle_account_key(s, norm, akey);
    int minutes = accounts_locked_minutes(s, akey, now);
    if (addr != NULL) {
        int m2 = accounts_locked_minutes(s, addr, now);
        if (m2 > minutes)
            minutes = m2;
    }
    if (minutes > 0)
        return pace_fail(err, PACE_ELOCKED, NULL,
                         ngettext_("Too many sign-in attempts. Please try again in %d minute.",
                                   "Too many sign-in attempts. Please try again in %d minutes.",
                                   minutes),
                         minutes);
    if (password == NULL)
        password = "";
    struct user u;
    int found = store_user_get_by_email(s, norm, &u) == 0;
    /* Verify against a real hash even for unknown emails, so the answer
     * takes as long either way. */
    pthread_once(&dummy_once, make_dummy);
    int ok = crypto_password_verify(found ? u.pwhash : dummy_hash, password) == 0 && found;
    if (!ok) {
        store_throttle_add(s, akey, now);
        if (addr != NULL)
            store_throttle_add(s, addr, now);
        return deny(err);
    }
    store_throttle_clear(s, akey);
    if (crypto_password_needs_rehash(u.pwhash)) {
        char hash[CRYPTO_PWHASH_MAX];
        if (crypto_password_hash(password, hash) == 0 &&
            store_user_set_pwhash(s, u.id, hash, NULL) == 0)
            memcpy(u.pwhash, hash, sizeof hash);
        crypto_wipe(hash, sizeof hash);
    }
    *out = u;
    return 0;
}

int accounts_change_password(struct store *s, int64_t user_id, const char *current,
                             const char *next, const unsigned char keep[CRYPTO_HASH_BYTES],
                             struct pace_error *err)
{
    struct user u;
    if (store_user_get(s, user_id, &u) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    if (current == NULL || crypto_password_verify(u.pwhash, current) != 0)
        return pace_fail(err, PACE_EDENIED, "current_password", "%s",
                         _("Your current password is not right. Please try again."));
    int rc = account_password_check(next, err);
    if (rc != 0) {
        if (err != NULL)
            snprintf(err->field, sizeof err->field, "new_password");
        return rc;
    }
    char hash[CRYPTO_PWHASH_MAX];
    if (crypto_password_hash(next, hash) != 0)
        return pace_fail(err, PACE_ECRYPTO, NULL, "%s", _("Something went wrong. Please try again."));
    rc = store_user_change_password(s, user_id, hash, keep, err);
    crypto_wipe(hash, sizeof hash);
    return rc;
}

int accounts_erase(struct store *s, int64_t user_id, const char *password, int64_t now,
                   struct pace_error *err)
{
    struct user u;
    if (store_user_get(s, user_id, &u) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "no such user");
    char akey[80];
    store_throttle_account_key(s, u.email, akey);
    int minutes = accounts_locked_minutes(s, akey, now);
    if (minutes > 0)
        return pace_fail(err, PACE_ELOCKED, "password",
                         ngettext_("Too many wrong passwords. Please try again in %d minute.",
                                   "Too many wrong passwords. Please try again in %d minutes.",
                                   minutes),
                         minutes);
    if (password == NULL || crypto_password_verify(u.pwhash, password) != 0) {
        store_throttle_add(s, akey, now);
        return pace_fail(err, PACE_EDENIED, "password", "%s",
                         _("That is not your password, so nothing was deleted. Please try "
                           "again."));
    }
    return store_user_erase(s, user_id, err);
}
