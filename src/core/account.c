/* account.c - validation of account fields. */
#include "account.h"
#include "i18n.h"
#include "util.h"

#include <string.h>

static const char *const role_names[ROLE_COUNT] = {"patient", "clinician", "admin"};

const char *role_name(enum role r)
{
    return (r >= 0 && r < ROLE_COUNT) ? role_names[r] : "patient";
}

int role_parse(const char *s)
{
    for (int i = 0; i < ROLE_COUNT; i++)
        if (str_eq(s, role_names[i]))
            return i;
    return -1;
}

int account_email_normalise(const char *in, char *out, size_t n, struct pace_error *err)
{
    if (in == NULL)
        in = "";
    while (*in == ' ' || *in == '\t')
        in++;
    size_t len = strlen(in);
    while (len > 0 && (in[len - 1] == ' ' || in[len - 1] == '\t'))
        len--;
    if (len == 0)
        return pace_fail(err, PACE_EINVAL, "email", "%s", _("Please enter your email address."));
    if (len > ACCOUNT_EMAIL_MAX || len >= n)
        return pace_fail(err, PACE_EINVAL, "email", "%s", _("That email address is too long."));
    const char *at = memchr(in, '@', len);
    bool ok = at != NULL && at > in && at < in + len - 1 && memchr(at + 1, '@', (size_t)(in + len - at - 1)) == NULL;
    for (size_t i = 0; ok && i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"' || c == ',' || c == ';')
            ok = false;
    }
    if (ok) {
        const char *dot = memchr(at + 1, '.', (size_t)(in + len - at - 1));
        ok = dot != NULL && dot > at + 1 && in[len - 1] != '.';
    }
    if (!ok || !str_valid_text(in, len))
        return pace_fail(err, PACE_EINVAL, "email", "%s",
                         _("That does not look like an email address. Please check it."));
    memcpy(out, in, len);
    out[len] = '\0';
    str_lower(out);
    return 0;
}

int account_password_check(const char *pw, struct pace_error *err)
{
    if (pw == NULL || !str_valid_text(pw, strlen(pw)))
        return pace_fail(err, PACE_EINVAL, "password", "%s",
                         _("Please choose a password of 12 to 128 characters."));
    size_t n = str_utf8_len(pw);
    if (n < ACCOUNT_PASSWORD_MIN)
        return pace_fail(err, PACE_EINVAL, "password", "%s",
                         _("Your password needs at least 12 characters. A few words in a row work well."));
    if (n > ACCOUNT_PASSWORD_MAX)
        return pace_fail(err, PACE_EINVAL, "password", "%s",
                         _("Your password can have at most 128 characters."));
    return 0;
}

int account_note_check(const char *note, struct pace_error *err)
{
    if (!str_valid_text(note, strlen(note)))
        return pace_fail(err, PACE_EINVAL, "about", "%s",
                         _("Your note contains characters that cannot be saved."));
    if (str_utf8_len(note) > ACCOUNT_NOTE_MAX)
        return pace_fail(err, PACE_EINVAL, "about", "%s",
                         _("Your note can have at most 2000 characters."));
    return 0;
}
