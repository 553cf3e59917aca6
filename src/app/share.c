/*
 * share.c - sharing with consent as use cases: she invites her partner or a
 * clinician with a one-time link, the invitee accepts it and a grant exists;
 * she changes its scopes or end, or revokes it, in force at the grantee's
 * very next request; the grantee finds whose data they may see; she reads
 * her audit trail, and the operator checks every trail's chain.
 */
#include "app/app.h"

#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

#define DAY INT64_C(86400)

const char *const app_scope_names[APP_SCOPE_NAMES] = {
    "summary", "sessions", "notes",  "progress", "ladder",
    "plan",    "report",   "intake", "propose",  "edit_plan"};

unsigned app_scopes_allowed(enum grant_relation r)
{
    unsigned all = (1u << APP_SCOPE_NAMES) - 1;
    /* Proposing and editing her plan are a clinician's. */
    return r == GRANT_CLINICIAN ? all : all & ~(unsigned)(SCOPE_PROPOSE | SCOPE_EDIT_PLAN);
}

unsigned app_scopes_default(enum grant_relation r)
{
    return r == GRANT_CLINICIAN
               ? SCOPE_SUMMARY | SCOPE_SESSIONS | SCOPE_PROGRESS | SCOPE_LADDER | SCOPE_PLAN |
                     SCOPE_REPORT | SCOPE_INTAKE | SCOPE_PROPOSE
               : SCOPE_SUMMARY;
}

/* Checks relation, scopes and end for her grant. */
static int check_terms(enum grant_relation rel, unsigned scopes, int64_t start, int64_t end,
                       struct pace_error *err)
{
    if (rel < 0 || rel >= GRANT_RELATION_COUNT)
        return pace_fail(err, PACE_EINVAL, "relation", "%s",
                         _("Please choose whom you are inviting: your partner or a clinician."));
    if (scopes == 0)
        return pace_fail(err, PACE_EINVAL, "scopes", "%s",
                         _("Please choose at least one thing to share."));
    if (scopes & ~app_scopes_allowed(rel))
        return pace_fail(err, PACE_EINVAL, "scopes", "%s",
                         _("A partner can see your practice, but never change your plan."));
    if (end != 0 && end <= start)
        return pace_fail(err, PACE_EINVAL, "end", "%s",
                         _("The end must be after today."));
    if (end != 0 && end > start + 5 * 366 * DAY)
        return pace_fail(err, PACE_EINVAL, "end", "%s",
                         _("The end can be at most five years from now."));
    return 0;
}

static int check_label(const char *s, const char *field, struct pace_error *err)
{
    size_t n = strlen(s);
    if (n > GRANT_LABEL_MAX || !str_valid_text(s, n) || strpbrk(s, "\t\r\n"))
        return pace_fail(err, PACE_EINVAL, field, "%s",
                         _("Please use at most 60 characters, on one line."));
    return 0;
}

int app_invite_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const struct app_invite *in, int64_t now,
                      char token_out[CRYPTO_TOKEN_CHARS + 1], struct grant *out,
                      struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    token_out[0] = '\0';
    int rc = app_gate(c, who, subject, RES_GRANTS, ACT_CREATE, NULL, err);
    int64_t end = in->end == -1                                  ? 0
                  : in->end == 0 && in->relation == GRANT_CLINICIAN ? now + APP_CLINICIAN_DAYS * DAY
                                                                    : in->end;
    if (rc == 0)
        rc = check_terms(in->relation, in->scopes, now, end, err);
    if (rc == 0)
        rc = check_label(in->label, "label", err);
    if (rc == 0)
        rc = check_label(in->subject_name, "subject_name", err);
    if (rc != 0)
        return rc;
    out->relation = in->relation;
    out->scopes = in->scopes;
    out->start = now;
    out->end = end;
    snprintf(out->label, sizeof out->label, "%s", in->label);
    snprintf(out->subject_name, sizeof out->subject_name, "%s", in->subject_name);
    crypto_random_token(token_out);
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(token_out, hash);
    rc = store_grant_invite(c->store, subject, out, hash, now + APP_INVITE_DAYS * DAY, now, err);
    if (rc != 0)
        crypto_wipe(token_out, CRYPTO_TOKEN_CHARS + 1);
    return rc;
}

static int gone(struct pace_error *err)
{
    return pace_fail(err, PACE_ENOTFOUND, NULL, "%s",
                     _("This invitation cannot be used. It may have expired, been used or been "
                       "withdrawn. Please ask for a new one."));
}

int app_invite_open(const struct app_ctx *c, const char *token, int64_t now, struct grant *out,
                    struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (token == NULL || strlen(token) != CRYPTO_TOKEN_CHARS)
        return gone(err);
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(token, hash);
    int rc = store_grant_by_invite(c->store, hash, out, NULL);
    if (rc == PACE_ENOTFOUND || (rc == 0 && out->invite_expires_at <= now)) {
        memset(out, 0, sizeof *out);
        return gone(err);
    }
    return rc == 0 ? 0 : pace_fail(err, rc, NULL, "%s", _("Something went wrong."));
}

int app_invite_accept(const struct app_ctx *c, const struct principal *who, const char *token,
                      int64_t now, struct grant *out, struct pace_error *err)
{
    if (who->user_id <= 0)
        return pace_fail(err, PACE_EDENIED, NULL, "%s",
                         _("Please sign in or create an account first."));
    int rc = app_invite_open(c, token, now, out, err);
    if (rc != 0)
        return rc;
    if (out->subject_id == who->user_id)
        return pace_fail(err, PACE_EINVAL, NULL, "%s",
                         _("This is your own invitation. Send the link to the person you want "
                           "to share with."));
    rc = store_grant_accept(c->store, out->id, who->user_id, now, err);
    if (rc == PACE_ENOTFOUND)
        return gone(err);
    if (rc == 0) {
        out->status = GRANT_ACTIVE;
        out->grantee_id = who->user_id;
        out->accepted_at = now;
        /* The acceptance is the first entry the grant leaves in her trail. */
        struct audit_event e = {.subject_id = out->subject_id, .at = now,
                                .actor_id = who->user_id, .grant_id = out->id, .allowed = true};
        snprintf(e.action, sizeof e.action, "create");
        snprintf(e.resource, sizeof e.resource, "grants");
        snprintf(e.record, sizeof e.record, "%s", out->public_id);
        rc = store_audit_append(c->store, &e, err);
    }
    return rc;
}

void app_grants_free(struct grant *items, size_t n)
{
    store_grants_free(items, n);
}

int app_grants_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    struct grant **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_GRANTS, ACT_READ, NULL, err);
    return rc == 0 ? store_grants_of_subject(c->store, subject, items, n, err) : rc;
}

int app_grant_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const char *public_id, struct grant *out, struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_GRANTS, ACT_READ, NULL, err);
    if (rc == 0)
        rc = store_grant_get(c->store, public_id, out, err);
    if (rc == 0 && out->subject_id != subject) {
        memset(out, 0, sizeof *out);
        rc = pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    }
    return rc;
}

int app_grant_change(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const char *public_id, unsigned scopes, int64_t end, int64_t now,
                     struct pace_error *err)
{
    struct grant g;
    int rc = app_gate(c, who, subject, RES_GRANTS, ACT_UPDATE, NULL, err);
    if (rc == 0)
        rc = app_grant_get(c, who, subject, public_id, &g, err);
    if (rc == 0 && g.status == GRANT_REVOKED)
        rc = pace_fail(err, PACE_EINVAL, NULL, "%s",
                       _("This sharing has ended. Invite them again to share once more."));
    int64_t e = end == -1 ? 0 : end;
    if (rc == 0)
        rc = check_terms(g.relation, scopes, now, e, err);
    if (rc == 0)
        rc = store_grant_change(c->store, subject, g.id, scopes, e, now, err);
    crypto_wipe(&g, sizeof g);
    return rc;
}

int app_grant_revoke(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const char *public_id, int64_t now, struct pace_error *err)
{
    struct grant g;
    int rc = app_gate(c, who, subject, RES_GRANTS, ACT_DELETE, NULL, err);
    if (rc == 0)
        rc = app_grant_get(c, who, subject, public_id, &g, err);
    if (rc == 0)
        rc = store_grant_revoke(c->store, subject, g.id, now, err);
    crypto_wipe(&g, sizeof g);
    return rc;
}

int app_shared_with_me(const struct app_ctx *c, const struct principal *who, int64_t now,
                       struct grant **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    if (who->user_id <= 0)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    int rc = store_grants_of_grantee(c->store, who->user_id, items, n, err);
    /* Only those in force now. */
    size_t w = 0;
    for (size_t i = 0; rc == 0 && i < *n; i++) {
        struct grant *g = &(*items)[i];
        if (g->start <= now && (g->end == 0 || g->end > now))
            (*items)[w++] = *g;
        else
            crypto_wipe(g, sizeof *g);
    }
    if (rc == 0)
        *n = w;
    return rc;
}

int app_shared_subject(const struct app_ctx *c, const struct principal *who,
                       const char *public_id, int64_t now, struct grant *out,
                       struct pace_error *err)
{
    int rc = store_grant_get(c->store, public_id, out, NULL);
    if (rc != 0 || who->user_id <= 0) {
        memset(out, 0, sizeof *out);
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    }
    bool in_force = out->grantee_id == who->user_id && out->status == GRANT_ACTIVE &&
                    out->start <= now && (out->end == 0 || out->end > now);
    if (in_force)
        return 0;
    /* Someone asking through a grant that is not (or no longer) theirs:
     * refused, and in her trail. */
    struct audit_event e = {.subject_id = out->subject_id, .at = now, .actor_id = who->user_id,
                            .grant_id = out->id, .allowed = false};
    snprintf(e.action, sizeof e.action, "read");
    snprintf(e.resource, sizeof e.resource, "grants");
    snprintf(e.record, sizeof e.record, "%s", out->public_id);
    crypto_wipe(out, sizeof *out);
    memset(out, 0, sizeof *out);
    rc = store_audit_append(c->store, &e, err);
    if (rc != 0)
        return rc;
    return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
}

int app_audit_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   const struct audit_query *q, struct audit_event **items, size_t *n,
                   char next_cursor[STORE_CURSOR_MAX], struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_AUDIT, ACT_READ, NULL, err);
    return rc == 0 ? store_audit_list(c->store, subject, q, items, n, next_cursor, err) : rc;
}

int app_audit_verify(const struct app_ctx *c, const struct principal *who, int64_t *bad_id,
                     int64_t *checked, struct pace_error *err)
{
    *bad_id = 0;
    *checked = 0;
    if (who->via != VIA_CLI)
        return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
    return store_audit_verify(c->store, bad_id, checked, err);
}
