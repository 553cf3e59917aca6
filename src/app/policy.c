/*
 * policy.c - who may do what: the access table and the gate every use case
 * asks first. Default deny: a cell not in the table is refused.
 *
 * A refusal looks like absence (PACE_ENOTFOUND, a 404) unless the principal
 * may read that kind of the subject's data, in which case it is PACE_EDENIED
 * (a 403): ids reveal nothing to those who may not see them.
 */
#include "app/app.h"
#include "app/log.h"

#include "app/clock.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

#define ALL_ACTIONS(rel, res, scope)                                                               \
    {rel, res, ACT_READ, scope}, {rel, res, ACT_CREATE, scope}, {rel, res, ACT_UPDATE, scope},     \
    {                                                                                              \
        rel, res, ACT_DELETE, scope                                                                \
    }

const struct app_rule app_policy[] = {
    /* Herself: everything of hers. */
    ALL_ACTIONS(REL_SELF, RES_ACCOUNT, 0),
    ALL_ACTIONS(REL_SELF, RES_LOGINS, 0),
    ALL_ACTIONS(REL_SELF, RES_TOKENS, 0),
    ALL_ACTIONS(REL_SELF, RES_KIT, 0),
    ALL_ACTIONS(REL_SELF, RES_SESSIONS, 0),
    ALL_ACTIONS(REL_SELF, RES_NOTES, 0),
    ALL_ACTIONS(REL_SELF, RES_DRAFT, 0),
    ALL_ACTIONS(REL_SELF, RES_PLAN, 0),
    {REL_SELF, RES_SUMMARY, ACT_READ, 0},
    {REL_SELF, RES_PROGRESS, ACT_READ, 0},
    ALL_ACTIONS(REL_SELF, RES_LADDER, 0),
    {REL_SELF, RES_EXAM_PREP, ACT_READ, 0},
    ALL_ACTIONS(REL_SELF, RES_REMINDERS, 0),
    {REL_SELF, RES_REPORT, ACT_READ, 0},
    {REL_SELF, RES_EXPORT, ACT_READ, 0},
    {REL_SELF, RES_IMPORT, ACT_CREATE, 0},
    {REL_SELF, RES_ERASE, ACT_DELETE, 0},
    ALL_ACTIONS(REL_SELF, RES_GRANTS, 0),
    {REL_SELF, RES_AUDIT, ACT_READ, 0},
    {REL_SELF, RES_RECOVERY, ACT_READ, 0},
    {REL_SELF, RES_RECOVERY, ACT_CREATE, 0}, /* a new set of her recovery codes */

    {REL_SELF, RES_REPORT_LINKS, ACT_READ, 0},
    {REL_SELF, RES_REPORT_LINKS, ACT_CREATE, 0},
    {REL_SELF, RES_REPORT_LINKS, ACT_DELETE, 0},

    /* Someone holding a live report link of hers: the one snapshot behind
     * it (the gate only finds this relation for that link's own subject,
     * while it is neither expired nor revoked). */
    {REL_LINK_HOLDER, RES_REPORT_LINKS, ACT_READ, 0},

    /* Her partner, with what she granted (sharing). */
    {REL_PARTNER, RES_SUMMARY, ACT_READ, SCOPE_SUMMARY},
    {REL_PARTNER, RES_SESSIONS, ACT_READ, SCOPE_SESSIONS},
    {REL_PARTNER, RES_NOTES, ACT_READ, SCOPE_NOTES},
    {REL_PARTNER, RES_PROGRESS, ACT_READ, SCOPE_PROGRESS},
    {REL_PARTNER, RES_LADDER, ACT_READ, SCOPE_LADDER},
    {REL_PARTNER, RES_PLAN, ACT_READ, SCOPE_PLAN},

    /* Her clinicians, with what she granted (sharing, the clinician's
     * workspace). */
    {REL_CLINICIAN, RES_SUMMARY, ACT_READ, SCOPE_SUMMARY},
    {REL_CLINICIAN, RES_SESSIONS, ACT_READ, SCOPE_SESSIONS},
    {REL_CLINICIAN, RES_NOTES, ACT_READ, SCOPE_NOTES},
    {REL_CLINICIAN, RES_PROGRESS, ACT_READ, SCOPE_PROGRESS},
    {REL_CLINICIAN, RES_LADDER, ACT_READ, SCOPE_LADDER},
    {REL_CLINICIAN, RES_PLAN, ACT_READ, SCOPE_PLAN},
    {REL_CLINICIAN, RES_PLAN, ACT_UPDATE, SCOPE_EDIT_PLAN},
    {REL_CLINICIAN, RES_REPORT, ACT_READ, SCOPE_REPORT},
    {REL_CLINICIAN, RES_EXAM_PREP, ACT_READ, SCOPE_PLAN},

    /* The clinician's workspace (app/clinic.c). She reads what her
     * clinicians wrote and answers their proposals; a clinician reads her
     * intake with its scope, writes exam notes and feedback through any
     * grant in force (and reads back only their own), proposes with
     * "propose" and changes her plan at once only with "edit" (RES_PLAN
     * update, above); without either, her plan's changes do not exist. */
    ALL_ACTIONS(REL_SELF, RES_INTAKE, 0),
    {REL_SELF, RES_EXAMS, ACT_READ, 0},
    {REL_SELF, RES_CHANGES, ACT_READ, 0},
    {REL_SELF, RES_CHANGES, ACT_UPDATE, 0},
    {REL_SELF, RES_FEEDBACK, ACT_READ, 0},
    {REL_SELF, RES_FEEDBACK, ACT_UPDATE, 0},
    {REL_CLINICIAN, RES_INTAKE, ACT_READ, SCOPE_INTAKE},
    {REL_CLINICIAN, RES_EXAMS, ACT_READ, 0},
    {REL_CLINICIAN, RES_EXAMS, ACT_CREATE, 0},
    {REL_CLINICIAN, RES_CHANGES, ACT_READ, SCOPE_PROPOSE},
    {REL_CLINICIAN, RES_CHANGES, ACT_READ, SCOPE_EDIT_PLAN},
    {REL_CLINICIAN, RES_CHANGES, ACT_CREATE, SCOPE_PROPOSE},
    {REL_CLINICIAN, RES_FEEDBACK, ACT_READ, 0},
    {REL_CLINICIAN, RES_FEEDBACK, ACT_CREATE, 0},

    /* The operator at the server's command line: what the CLI commands do
     * (they act for a person named by email). */
    {REL_OPERATOR, RES_ACCOUNT, ACT_CREATE, 0},
    {REL_OPERATOR, RES_ACCOUNT, ACT_DELETE, 0},
    {REL_OPERATOR, RES_TOKENS, ACT_CREATE, 0},
    {REL_OPERATOR, RES_SESSIONS, ACT_CREATE, 0},
    {REL_OPERATOR, RES_SESSIONS, ACT_READ, 0},
    {REL_OPERATOR, RES_KIT, ACT_READ, 0},
    {REL_OPERATOR, RES_SUMMARY, ACT_READ, 0},
    {REL_OPERATOR, RES_REPORT, ACT_READ, 0},
    {REL_OPERATOR, RES_NOTES, ACT_READ, 0}, /* pace report --notes all, as pace export */
    {REL_OPERATOR, RES_EXPORT, ACT_READ, 0},
    {REL_OPERATOR, RES_IMPORT, ACT_CREATE, 0},
    {REL_OPERATOR, RES_ERASE, ACT_DELETE, 0},
    {REL_OPERATOR, RES_GRANTS, ACT_READ, 0},
    {REL_OPERATOR, RES_AUDIT, ACT_READ, 0},
    {REL_OPERATOR, RES_RECOVERY, ACT_CREATE, 0}, /* pace user reset-link */

    /* The community (community.c): a member reads and writes in the spaces
     * as herself (subject 0); her own posts are hers; a moderator reads
     * anyone's held posts and decides, and is never herself there (her own
     * post is refused). The operator sets up spaces and moderators. */
    {REL_SELF, RES_COMMUNITY, ACT_READ, 0},
    {REL_SELF, RES_COMMUNITY, ACT_CREATE, 0},
    {REL_SELF, RES_COMMUNITY, ACT_DELETE, 0},
    {REL_SELF, RES_COMMUNITY_POST, ACT_READ, 0},
    {REL_SELF, RES_COMMUNITY_POST, ACT_UPDATE, 0},
    {REL_MODERATOR, RES_COMMUNITY_POST, ACT_READ, 0},
    {REL_MODERATOR, RES_MODERATION, ACT_READ, 0},
    {REL_MODERATOR, RES_MODERATION, ACT_UPDATE, 0},
    ALL_ACTIONS(REL_OPERATOR, RES_COMMUNITY, 0),
    ALL_ACTIONS(REL_OPERATOR, RES_MODERATION, 0),

    /* Anyone signed in: the catalogs, which are nobody's data. */
    {REL_SELF, RES_CATALOG, ACT_READ, 0},
    {REL_ANYONE, RES_CATALOG, ACT_READ, 0},
    {REL_OPERATOR, RES_CATALOG, ACT_READ, 0},
};
const size_t app_policy_count = sizeof app_policy / sizeof app_policy[0];

static const char *const relation_names[REL_COUNT] = {
    "self", "partner", "clinician", "moderator", "operator", "anyone", "link_holder"};
static const char *const resource_names[RES_COUNT] = {
    "account",      "logins",  "tokens",   "kit",     "sessions",  "notes",     "draft",
    "plan",         "summary", "progress", "ladder",  "exam_prep", "reminders", "report",
    "export",       "import",  "erase",    "catalog", "grants",    "audit",     "recovery",
    "report_links", "intake",  "exams",    "changes", "feedback",  "community", "community_post",
    "moderation"};
static const char *const action_names[ACT_COUNT] = {"read", "create", "update", "delete"};

const char *app_relation_name(enum app_relation r)
{
    return r >= 0 && r < REL_COUNT ? relation_names[r] : NULL;
}

const char *app_resource_name(enum app_resource r)
{
    return r >= 0 && r < RES_COUNT ? resource_names[r] : NULL;
}

const char *app_action_name(enum app_action a)
{
    return a >= 0 && a < ACT_COUNT ? action_names[a] : NULL;
}

void app_request_begin(const struct app_ctx *c)
{
    store_snapshot_begin(c->store);
}

void app_request_end(const struct app_ctx *c)
{
    store_snapshot_end(c->store);
}

void app_request_reads_only(const struct app_ctx *c, const char *route)
{
    store_reads_only(c->store, route);
}

struct principal app_operator(void)
{
    return (struct principal){.user_id = 0, .role = ROLE_ADMIN, .via = VIA_CLI};
}

struct principal app_person(int64_t user_id, enum role role, enum app_via via,
                            int64_t credential_id)
{
    return (struct principal){
        .user_id = user_id, .role = role, .via = via, .credential_id = credential_id};
}

bool app_policy_allows(enum app_relation rel, enum app_resource res, enum app_action act,
                       unsigned scopes)
{
    for (size_t i = 0; i < app_policy_count; i++) {
        const struct app_rule *r = &app_policy[i];
        if (r->relation == rel && r->resource == res && r->action == act &&
            (r->scope & scopes) == r->scope)
            return true;
    }
    return false;
}

/* The relation, and for a grantee the grant in force now (out->id 0
 * otherwise). */
static enum app_relation relation(const struct app_ctx *c, const struct principal *who,
                                  int64_t subject, enum app_resource res, struct grant *g,
                                  int *lookup_rc, struct pace_error *err)
{
    memset(g, 0, sizeof *g);
    *lookup_rc = 0;
    /* The operator is the command line on the server, never a web account:
     * an admin role in the browser reads nobody's health data. */
    if (who->via == VIA_CLI)
        return REL_OPERATOR;
    /* A report link: its holder, for that link's subject only, while the
     * link is live. */
    if (who->via == VIA_LINK) {
        struct report_link l;
        int rc = c->store && who->credential_id > 0
                     ? store_report_link_get(c->store, who->credential_id, &l, NULL)
                     : PACE_ENOTFOUND;
        bool live = rc == 0 && l.subject_id == subject && subject > 0 && l.revoked_at == 0 &&
                    app_clock_now() < l.expires_at;
        if (rc != 0 && rc != PACE_ENOTFOUND)
            *lookup_rc = rc;
        crypto_wipe(&l, sizeof l);
        return live ? REL_LINK_HOLDER : REL_ANYONE;
    }
    /* A member's post, and moderation: a moderator (not suspended) on
     * anyone else's; nobody is herself on a former member's post. */
    if (res == RES_COMMUNITY_POST || res == RES_MODERATION) {
        if (who->user_id > 0 && subject > 0 && who->user_id == subject)
            return REL_SELF;
        struct cm_member m;
        if (who->user_id > 0 && c->store &&
            store_cm_member_by_user(c->store, who->user_id, &m, NULL) == 0 && m.moderator &&
            !m.suspended)
            return REL_MODERATOR;
        return REL_ANYONE;
    }
    if (who->user_id > 0 && subject > 0 && who->user_id == subject)
        return REL_SELF;
    if (who->user_id > 0 && subject == 0)
        return REL_SELF; /* nobody's data (the catalogs): as herself */
    if (who->user_id > 0 && subject > 0 && c->store) {
        int rc = store_grant_active(c->store, subject, who->user_id, app_clock_now(), g, err);
        if (rc == 0)
            return g->relation == GRANT_CLINICIAN ? REL_CLINICIAN : REL_PARTNER;
        if (rc != PACE_ENOTFOUND)
            *lookup_rc = rc;
        memset(g, 0, sizeof *g);
    }
    return REL_ANYONE;
}

enum app_relation app_relation_of(const struct app_ctx *c, const struct principal *who,
                                  int64_t subject)
{
    struct grant g;
    int lrc;
    enum app_relation r = relation(c, who, subject, RES_ACCOUNT, &g, &lrc, NULL);
    crypto_wipe(&g, sizeof g);
    return r;
}

bool app_may(const struct app_ctx *c, const struct principal *who, int64_t subject,
             enum app_resource res, enum app_action act)
{
    struct grant g;
    int lrc;
    enum app_relation rel = relation(c, who, subject, res, &g, &lrc, NULL);
    unsigned scopes = rel == REL_SELF || rel == REL_OPERATOR ? ~0u : g.scopes;
    crypto_wipe(&g, sizeof g);
    return lrc == 0 && (who->via != VIA_NONE || res == RES_CATALOG) &&
           app_policy_allows(rel, res, act, scopes);
}

/* Writes one entry of her trail for an access by someone other than
 * herself. */
static int audit(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 int64_t grant_id, enum app_resource res, enum app_action act, const char *record,
                 bool allowed, struct pace_error *err)
{
    struct audit_event e = {
        .subject_id = subject,
        .at = app_clock_now(),
        .actor_id = who->user_id,
        .grant_id = grant_id,
        .allowed = allowed,
    };
    snprintf(e.action, sizeof e.action, "%s", app_action_name(act));
    snprintf(e.resource, sizeof e.resource, "%s", app_resource_name(res));
    snprintf(e.record, sizeof e.record, "%s", record ? record : "");
    return store_audit_append(c->store, &e, err);
}

int app_gate_record(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    enum app_resource res, enum app_action act, const char *record,
                    struct app_access *out, struct pace_error *err)
{
    struct grant g;
    int lrc;
    enum app_relation rel = relation(c, who, subject, res, &g, &lrc, err);
    unsigned scopes = rel == REL_SELF || rel == REL_OPERATOR ? ~0u : g.scopes;
    int64_t grant_id = g.id;
    crypto_wipe(&g, sizeof g);
    if (out)
        *out = (struct app_access){.relation = rel, .scopes = scopes, .grant_id = grant_id};
    if (lrc != 0)
        return lrc; /* the grants could not be read: refuse (err says why) */
    /* Nobody signed in reaches nothing but what is public. */
    bool allowed =
        (who->via != VIA_NONE || res == RES_CATALOG) && app_policy_allows(rel, res, act, scopes);
    /* Every access to her data by anyone else, allowed or refused, goes to
     * her trail first; when it cannot be written, nothing is disclosed. */
    if (rel != REL_SELF && subject > 0 && res != RES_CATALOG && c->store) {
        struct pace_error aerr = {0};
        int rc = audit(c, who, subject, grant_id, res, act, record, allowed, &aerr);
        if (rc != 0)
            return pace_fail(err, rc, NULL, "%s", aerr.msg);
    }
    if (allowed)
        return 0;
    app_log_event(APP_LOG_WARN, "access.denied", who->user_id, "resource=%s action=%s",
                  app_resource_name(res), app_action_name(act));
    if (act != ACT_READ && app_policy_allows(rel, res, ACT_READ, scopes))
        return pace_fail(err, PACE_EDENIED, NULL, "%s", _("You may not change this."));
    return pace_fail(err, PACE_ENOTFOUND, NULL, "%s", _("There is nothing here."));
}

int app_gate(const struct app_ctx *c, const struct principal *who, int64_t subject,
             enum app_resource res, enum app_action act, struct app_access *out,
             struct pace_error *err)
{
    return app_gate_record(c, who, subject, res, act, NULL, out, err);
}
