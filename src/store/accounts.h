/*
 * accounts.h - account operations shared by the web and the CLI, built on
 * store.h alone: registration, sign-in with throttling, password change.
 */
#ifndef PACE_ACCOUNTS_H
#define PACE_ACCOUNTS_H

#include "store/store.h"

#define ACCOUNTS_THROTTLE_MAX 10          /* failures allowed ...       */
#define ACCOUNTS_THROTTLE_WINDOW (15 * 60) /* ... within this many seconds */

/* Validates email and password, hashes the password and creates the user.
 * *id_out receives the new id. */
int accounts_register(struct store *s, const char *email, const char *password, enum role role,
                      int64_t now, int64_t *id_out, struct pace_error *err);

/* Checks email and password. Unknown email and wrong password give the same
 * PACE_EDENIED message and take the same time. After ACCOUNTS_THROTTLE_MAX
 * failures within the window, for this account or for addr (an opaque,
 * already-hashed client address key, may be NULL), gives PACE_ELOCKED with
 * "try again in N minutes". Rehashes the password when parameters changed. */
int accounts_login(struct store *s, const char *email, const char *password, const char *addr,
                   int64_t now, struct user *out, struct pace_error *err);

/* Minutes left on a throttle lock for key (after ACCOUNTS_THROTTLE_MAX
 * failures within the window), or 0 when not locked. */
int accounts_locked_minutes(struct store *s, const char *key, int64_t now);

/* Verifies the current password, sets the new one and ends every other
 * login (keep: the current login's hash, or NULL). */
int accounts_change_password(struct store *s, int64_t user_id, const char *current,
                             const char *next, const unsigned char keep[CRYPTO_HASH_BYTES],
                             struct pace_error *err);

/* Checks her password (throttled like sign-in: wrong answers count
 * against her account) and then erases her account and all her data
 * (store_user_erase). A wrong password is PACE_EDENIED with field
 * "password" and nothing is deleted. */
int accounts_erase(struct store *s, int64_t user_id, const char *password, int64_t now,
                   struct pace_error *err);

#endif
