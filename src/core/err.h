/*
 * err.h - error codes and the human-readable error struct shared by every layer.
 *
 * Public functions return 0 on success or a negative enum pace_err. When the
 * caller passes a struct pace_error, the failing function fills it with one
 * sentence for a human and, where a single input field is at fault, its name.
 */
#ifndef PACE_ERR_H
#define PACE_ERR_H

#include <stddef.h>

enum pace_err {
    PACE_OK = 0,
    PACE_EINVAL = -1,   /* input failed validation */
    PACE_ENOTFOUND = -2,
    PACE_ECONFLICT = -3, /* e.g. unique key already taken */
    PACE_EIO = -4,       /* storage or file failure */
    PACE_EDENIED = -5,   /* access control said no */
    PACE_ETOOLARGE = -6,
    PACE_EFULL = -7,     /* disk full */
    PACE_ECRYPTO = -8,   /* decryption or authentication failed */
    PACE_ELOCKED = -9,   /* throttled */
    PACE_EUNAVAIL = -10, /* cannot be done safely just now (try again later) */
};

struct pace_error {
    int code;
    char field[64];  /* "" when no single field is at fault */
    char msg[512];
};

/* Fills e (if not NULL) and returns code. field may be NULL. */
int pace_fail(struct pace_error *e, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

void pace_error_clear(struct pace_error *e);

#endif
