/*
 * account.h - rules for account fields, independent of storage: what an
 * acceptable email address, password and role look like.
 */
#ifndef PACE_ACCOUNT_H
#define PACE_ACCOUNT_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>

#define ACCOUNT_PASSWORD_MIN 12
#define ACCOUNT_PASSWORD_MAX 128
#define ACCOUNT_EMAIL_MAX 254
#define ACCOUNT_NOTE_MAX 2000

enum role { ROLE_PATIENT = 0, ROLE_CLINICIAN, ROLE_ADMIN, ROLE_COUNT };

/* Checks and normalises an email address (trims spaces, lower-cases) into
 * out (size n). Returns 0 or PACE_EINVAL with a message in err. */
int account_email_normalise(const char *in, char *out, size_t n, struct pace_error *err);
/* Checks a password's length in characters (12-128); no composition rules. */
int account_password_check(const char *pw, struct pace_error *err);
/* Checks free text for the "about me" note. */
int account_note_check(const char *note, struct pace_error *err);

const char *role_name(enum role r);
/* Returns the role for "patient" / "clinician" / "admin", or -1. */
int role_parse(const char *s);

#endif
