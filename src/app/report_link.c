/*
 * report_link.c - a link for a clinician without an account to one PDF
 * snapshot of her report (app.h, "Report links"): she makes it from the
 * report page, expiring and revocable, optionally with a passcode of six
 * digits; whoever holds it opens that snapshot and nothing else. Access is
 * the gate's (a "link holder", policy.c), so every open, allowed or
 * refused, is in her trail. Guessing is throttled: wrong passcodes per link
 * and per address, unknown links per address. Refusals are logged as
 * security events without anything secret (no token, passcode, address or
 * name).
 */
#include "app/app.h"

#include "app/clock.h"
#include "app/log.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

#define DAY INT64_C(86400)

/* Security events about report links: never the link, its passcode or her name. */
static void security_event(const char *event)
{
    app_log_event(APP_LOG_WARN, event, 0, NULL);
}

/* Six random digits, without bias (base64url characters below 60 only). */
static void make_passcode(char out[REPORT_LINK_PASSCODE_DIGITS + 1])
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t n = 0;
    while (n < REPORT_LINK_PASSCODE_DIGITS) {
        char t[CRYPTO_TOKEN_CHARS + 1];
        crypto_random_token(t);
        for (size_t i = 0; i < CRYPTO_TOKEN_CHARS && n < REPORT_LINK_PASSCODE_DIGITS; i++) {
            const char *p = strchr(alphabet, t[i]);
            size_t v = p ? (size_t)(p - alphabet) : 64;
            if (v < 60)
                out[n++] = (char)('0' + v % 10);
        }
        crypto_wipe(t, sizeof t);
    }
    out[n] = '\0';
}

int app_report_link_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                           const struct app_link_new *in, const void *pdf, size_t pdf_len,
                           int64_t now, char token_out[CRYPTO_TOKEN_CHARS + 1],
                           struct report_link *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    token_out[0] = '\0';
    int rc = app_gate(c, who, subject, RES_REPORT_LINKS, ACT_CREATE, NULL, err);
    if (rc != 0)
        return rc;
    const char *name = in->name ? in->name : "";
    size_t nlen = strlen(name);
    if (nlen > REPORT_LINK_NAME_MAX || !str_valid_text(name, nlen) || strpbrk(name, "\t\r\n"))
        return pace_fail(err, PACE_EINVAL, "name", "%s",
                         _("Please use at most 60 characters, on one line."));
    int days = in->days == 0 ? APP_LINK_DAYS : in->days;
    if (days < 1 || days > APP_LINK_DAYS_MAX)
        return pace_fail(err, PACE_EINVAL, "days", "%s", _("A link can work for 1 to 90 days."));
    if (pdf == NULL || pdf_len == 0)
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("There is no report to share."));
    out->subject_id = subject;
    snprintf(out->name, sizeof out->name, "%s", name);
    if (in->passcode)
        make_passcode(out->passcode);
    out->period_from = in->period_from;
    out->period_to = in->period_to;
    out->created_at = now;
    out->expires_at = now + days * DAY;
    crypto_random_token(token_out);
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(token_out, hash);
    rc = store_report_link_add(c->store, out, hash, pdf, pdf_len, err);
    if (rc != 0) {
        crypto_wipe(token_out, CRYPTO_TOKEN_CHARS + 1);
        crypto_wipe(out, sizeof *out);
    }
    return rc;
}

int app_report_links_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          struct report_link **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_REPORT_LINKS, ACT_READ, NULL, err);
    if (rc != 0)
        return rc;
    rc = store_report_links_of(c->store, subject, items, n, err);
    for (size_t i = 0; rc == 0 && i < *n; i++) /* shown to her once, when made */
        crypto_wipe((*items)[i].passcode, sizeof(*items)[i].passcode);
    return rc;
}

int app_report_link_revoke(const struct app_ctx *c, const struct principal *who, int64_t subject,
                           const char *public_id, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_REPORT_LINKS, ACT_DELETE, NULL, err);
    if (rc != 0)
        return rc;
    struct report_link l;
    if (public_id == NULL || !crypto_uuid_valid(public_id) ||
        store_report_link_by_public(c->store, subject, public_id, &l, NULL) != 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    int64_t id = l.id;
    crypto_wipe(&l, sizeof l);
    rc = store_report_link_revoke(c->store, subject, id, now, err);
    if (rc == PACE_ENOTFOUND) /* already stopped: nothing left to do */
        return 0;
    return rc;
}

static int gone(struct pace_error *err)
{
    return pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                     _("This link cannot be used. It may have expired or been withdrawn. If "
                       "you need the report, please ask the person who sent it for a new "
                       "link."));
}

static int locked(struct pace_error *err, int minutes)
{
    return pace_fail(err, PACE_ELOCKED, NULL,
                     ngettext_("Too many attempts. Please try again in %d minute.",
                               "Too many attempts. Please try again in %d minutes.", minutes),
                     minutes);
}

/* Minutes key stays locked after max tries in the window (0: not locked). */
static int locked_minutes(const struct app_ctx *c, const char *key, int max, int64_t now)
{
    int count = 0;
    int64_t oldest = 0;
    if (key == NULL || key[0] == '\0' ||
        store_throttle_count(c->store, key, now - APP_LINK_WINDOW, &count, &oldest) != 0 ||
        count < max)
        return 0;
    int64_t left = oldest + APP_LINK_WINDOW - now;
    return (int)((left + 59) / 60 > 0 ? (left + 59) / 60 : 1);
}

static void link_key(const struct report_link *l, char out[64])
{
    snprintf(out, 64, "link:%s", l->public_id);
}

int app_report_link_look(const struct app_ctx *c, const char *token, const char *addr_key,
                         int64_t now, struct report_link *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int minutes = locked_minutes(c, addr_key, APP_LINK_ADDR_TRIES, now);
    if (minutes > 0) {
        security_event("report_link.address_locked");
        return locked(err, minutes);
    }
    unsigned char hash[CRYPTO_HASH_BYTES];
    int rc = PACE_ENOTFOUND;
    if (token && strlen(token) == CRYPTO_TOKEN_CHARS) {
        crypto_hash_token(token, hash);
        rc = store_report_link_by_token(c->store, hash, out, NULL);
    }
    if (rc != 0) {
        if (addr_key && addr_key[0])
            store_throttle_add(c->store, addr_key, now);
        memset(out, 0, sizeof *out);
        return gone(err);
    }
    if (out->revoked_at != 0 || now >= out->expires_at) {
        memset(out, 0, sizeof *out);
        return gone(err);
    }
    return 0;
}

int app_report_link_open(const struct app_ctx *c, const char *token, const char *passcode,
                         const char *addr_key, int64_t now, struct report_link *link,
                         struct buf *pdf, struct pace_error *err)
{
    int rc = app_report_link_look(c, token, addr_key, now, link, err);
    if (rc != 0)
        return rc;
    char lkey[64];
    link_key(link, lkey);
    struct principal holder = {.via = VIA_LINK, .credential_id = link->id};
    int minutes = locked_minutes(c, lkey, APP_LINK_TRIES, now);
    if (minutes > 0) {
        security_event("report_link.locked");
        crypto_wipe(link->passcode, sizeof link->passcode);
        return locked(err, minutes);
    }
    if (link->passcode[0]) {
        char given[REPORT_LINK_PASSCODE_DIGITS + 1] = "";
        size_t glen = passcode ? strspn(passcode, " ") : 0;
        if (passcode)
            snprintf(given, sizeof given, "%s", passcode + glen);
        bool ok = passcode && strlen(passcode + glen) == REPORT_LINK_PASSCODE_DIGITS &&
                  crypto_equal(given, link->passcode, REPORT_LINK_PASSCODE_DIGITS);
        crypto_wipe(given, sizeof given);
        crypto_wipe(link->passcode, sizeof link->passcode);
        link->passcode[0] = '1'; /* still tells the page one is asked for */
        if (!ok) {
            store_throttle_add(c->store, lkey, now);
            if (addr_key && addr_key[0])
                store_throttle_add(c->store, addr_key, now);
            security_event("report_link.passcode_wrong");
            /* In her trail as a refused open: the gate records it, then
             * the answer is a refusal whatever the table says. */
            struct principal nobody = {.via = VIA_NONE};
            struct pace_error ignored = {0};
            app_gate_record(c, &nobody, link->subject_id, RES_REPORT_LINKS, ACT_READ,
                            link->public_id, NULL, &ignored);
            return pace_fail(err, PACE_EDENIED, "passcode", "%s",
                             _("That passcode is not the one for this link. Please check the "
                               "six digits and try again."));
        }
        store_throttle_clear(c->store, lkey);
    }
    rc = app_gate_record(c, &holder, link->subject_id, RES_REPORT_LINKS, ACT_READ, link->public_id,
                         NULL, err);
    if (rc != 0)
        return rc == PACE_EDENIED ? gone(err) : rc;
    rc = store_report_link_pdf(c->store, link->id, now, pdf, err);
    return rc == PACE_ENOTFOUND ? gone(err) : rc;
}
