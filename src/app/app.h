/*
 * app.h - the application layer: the only way into her data for every front
 * end (the web pages, the JSON API, the command line).
 *
 * One function per use case. Each takes the context (the store and what was
 * loaded at start), the acting principal (who asks, and how they proved it),
 * the subject (whose data), a typed input and an error struct; it asks the
 * gate (policy.c, one table, default deny), validates, does the work in one
 * store transaction and returns plain structs. Adapters parse their format
 * into the input and render the result; they never call the store.
 *
 * Files: app.h (this), clock.c, policy.c (the access table and the gate),
 * sessions.c (practice sessions and the guided session's draft), kit.c and
 * kits.c (her kit), plan.c and plans.c (her plan and the suggestion),
 * progress.c (the data of her charts), ladder.c (her comfort ladder),
 * reminders.c (her reminders and calendar feed), mydata.c and data.c (her
 * data as a whole), share.c (grants, invitations and her audit trail),
 * account.c (accounts, sign-in, logins and API tokens), log.c (security
 * events, log.h), onboarding.c (her first run, the cues of her timers, her
 * words for an exam, her firsts), recovery.c (a way back in without email:
 * her recovery codes and the operator's reset links).
 */
#ifndef PACE_APP_H
#define PACE_APP_H

#include "core/account.h"
#include "core/catalog.h"
#include "core/err.h"
#include "core/plan.h"
#include "core/practice.h"
#include "app/kits.h"
#include "app/plans.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdint.h>

/* What the application layer works with, loaded once at start. */
struct app_ctx {
    struct store *store;
    const struct catalog *catalog;
    const struct plan_library *plans;
};

/* How the principal proved who they are. */
enum app_via {
    VIA_NONE = 0, /* anonymous */
    VIA_COOKIE,   /* a browser login */
    VIA_TOKEN,    /* an API bearer token */
    VIA_CLI,      /* the command line on the server: the operator */
    VIA_LINK,     /* a report link (and its passcode): credential_id is the link */
};

/* Who is asking. user_id 0: nobody signed in (or the operator on the CLI). */
struct principal {
    int64_t user_id;
    enum role role;
    enum app_via via;
    int64_t credential_id; /* the login or token used, 0 when none */
};

/* The bounds of one request (a page, an API call): its reads share one
 * snapshot of her data, so a page never mixes two states; a write inside
 * the request ends that snapshot, and what is read after it sees the
 * write. Every request that begins ends, on the same thread. */
void app_request_begin(const struct app_ctx *c);
void app_request_end(const struct app_ctx *c);
/* The request (route: its pattern) should only read; the tests' builds say
 * so on stderr when it writes all the same (see store_reads_only). */
void app_request_reads_only(const struct app_ctx *c, const char *route);

/* The operator at the command line of the server. */
struct principal app_operator(void);
/* A signed-in person. */
struct principal app_person(int64_t user_id, enum role role, enum app_via via,
                            int64_t credential_id);

/* ---- Who may do what (policy.c) -------------------------------------------
 * The actor's relation to the subject, the kind of data or action, and the
 * scope a grant must hold: one table, default deny. Only "self" and the
 * operator are granted anything today; the partner, clinician and moderator
 * rows are where sharing and the community put theirs. */
enum app_relation {
    REL_SELF = 0,
    REL_PARTNER,   /* invited by her, through an active grant */
    REL_CLINICIAN, /* sharing clinician, through an active grant */
    REL_MODERATOR, /* community only */
    REL_OPERATOR,  /* the CLI on the server, or an admin account */
    REL_ANYONE,
    REL_LINK_HOLDER, /* someone holding a live report link of hers, no account needed */
    REL_COUNT
};

enum app_resource {
    RES_ACCOUNT = 0,  /* her account: email, language, the "about me" note */
    RES_LOGINS,       /* her browser logins */
    RES_TOKENS,       /* her API tokens */
    RES_KIT,          /* her kit and her own items */
    RES_SESSIONS,     /* her practice sessions, without notes */
    RES_NOTES,        /* the notes of her sessions */
    RES_DRAFT,        /* the guided session in progress */
    RES_PLAN,         /* her program, rules and goals */
    RES_SUMMARY,      /* the suggestion and this week's practice */
    RES_PROGRESS,     /* her charts */
    RES_LADDER,       /* her comfort ladder */
    RES_EXAM_PREP,    /* her exam plan */
    RES_REMINDERS,    /* her reminders and calendar feed */
    RES_REPORT,       /* the PDF report */
    RES_EXPORT,       /* all of her data, as a file */
    RES_IMPORT,       /* bringing a file into her account */
    RES_ERASE,        /* erasing her account */
    RES_CATALOG,      /* the dilator catalogs (nobody's data) */
    RES_GRANTS,       /* whom she shares with, and her invitations */
    RES_AUDIT,        /* her audit trail */
    RES_RECOVERY,     /* her recovery codes and the operator's reset links */
    RES_REPORT_LINKS, /* her report links, and the snapshot behind one */
    /* the clinician's workspace (app/clinic.h) */
    RES_INTAKE,         /* her intake self-assessment and its summary */
    RES_EXAMS,          /* exam notes her clinicians wrote */
    RES_CHANGES,        /* changes to her plan proposed or made by a clinician */
    RES_FEEDBACK,       /* a clinician's written feedback on her week */
    RES_COMMUNITY,      /* the community: spaces, live posts, joining, writing */
    RES_COMMUNITY_POST, /* a member's own post or comment, held or live */
    RES_MODERATION,     /* the queue, decisions, suspensions, the moderation log */
    RES_COUNT
};

enum app_action { ACT_READ = 0, ACT_CREATE, ACT_UPDATE, ACT_DELETE, ACT_COUNT };

/* Scopes a grant can hold (bits), FHIR Consent-shaped sharing. */
enum app_scope {
    SCOPE_NONE = 0,
    SCOPE_SUMMARY = 1 << 0,
    SCOPE_SESSIONS = 1 << 1,
    SCOPE_NOTES = 1 << 2,
    SCOPE_PROGRESS = 1 << 3,
    SCOPE_LADDER = 1 << 4,
    SCOPE_PLAN = 1 << 5,
    SCOPE_REPORT = 1 << 6,
    SCOPE_INTAKE = 1 << 7,
    SCOPE_PROPOSE = 1 << 8,
    SCOPE_EDIT_PLAN = 1 << 9,
};

/* One row of the access table. */
struct app_rule {
    enum app_relation relation;
    enum app_resource resource;
    enum app_action action;
    unsigned scope; /* the grant must hold all of these (0: no grant needed) */
};
extern const struct app_rule app_policy[];
extern const size_t app_policy_count;

const char *app_relation_name(enum app_relation r);
const char *app_resource_name(enum app_resource r);
const char *app_action_name(enum app_action a);

/* What the gate decided, for the use case. */
struct app_access {
    enum app_relation relation;
    unsigned scopes;  /* the grant's scopes (all, for herself and the operator) */
    int64_t grant_id; /* the grant in force, 0 when none */
};

/* May who do act on res of subject? 0 with *out filled, or, default deny:
 * PACE_ENOTFOUND when who may not even read that kind of her data (so ids
 * reveal nothing), PACE_EDENIED when who may read it but not do this.
 * Anyone but herself - a grantee, the operator, a stranger - is written
 * to her audit trail first, allowed or refused; when that cannot be
 * written the answer is a refusal. */
int app_gate(const struct app_ctx *c, const struct principal *who, int64_t subject,
             enum app_resource res, enum app_action act, struct app_access *out,
             struct pace_error *err);
/* The same, naming the record in her trail. */
int app_gate_record(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    enum app_resource res, enum app_action act, const char *record,
                    struct app_access *out, struct pace_error *err);
/* Whether the table allows it, without recording anything: for deciding
 * what to show (her notes beside her sessions), never to let data out. */
bool app_may(const struct app_ctx *c, const struct principal *who, int64_t subject,
             enum app_resource res, enum app_action act);

/* The relation alone (self, operator, anyone; grants come with sharing). */
enum app_relation app_relation_of(const struct app_ctx *c, const struct principal *who,
                                  int64_t subject);
/* The table's answer for one cell, without looking anything up. */
bool app_policy_allows(enum app_relation rel, enum app_resource res, enum app_action act,
                       unsigned scopes);

/* ---- Practice sessions (sessions.c) --------------------------------------- */

/* Logs a session for subject: checks the record (core/practice.h) and its
 * dilator against her kit (an adjustable device needs the size it was set
 * to), then stores it with once (may be NULL; see store_once). p->id is set;
 * on a replayed once, *p is the session stored the first time. */
int app_session_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct practice *p, struct store_once *once, int64_t now,
                       struct pace_error *err);
/* Replaces session p->id with p (checked as above; a dilator no longer in
 * her kit may stay as it was). */
int app_session_update(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct practice *p, int64_t now, struct pace_error *err);
int app_session_delete(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       const char *id, struct pace_error *err);
/* Fills out (practice_clear it); the note only for those who may read notes. */
int app_session_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const char *id, struct practice *out, struct pace_error *err);
/* A page of her sessions (see store_practice_list). */
int app_session_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const struct practice_query *q, struct practice **items, size_t *n,
                     char next_cursor[STORE_CURSOR_MAX], struct pace_error *err);
/* Her last session, for the next one's defaults; PACE_ENOTFOUND when none. */
int app_session_last(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct practice *out, struct pace_error *err);

/* ---- Her kit (kit.c) ------------------------------------------------------ */

/* Her kit resolved against the catalogs, smallest first (kits_view_free). */
int app_kit_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                struct kit_view *out, struct pace_error *err);
/* Replaces her whole kit, all or nothing (unknown ids: PACE_EINVAL "items[i]"). */
int app_kit_replace(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct kit_id *ids, size_t n, int64_t now, struct pace_error *err);
/* Checks item (custom_item_check) and adds it to her kit; item->id is set. */
int app_custom_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct custom_item *item, struct store_once *once, int64_t now,
                   struct pace_error *err);
int app_custom_delete(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      int64_t id, struct pace_error *err);

/* ---- Her plan (plan.c) ---------------------------------------------------- */

/* Everything the suggestion rests on, and the suggestion (plans_view_free,
 * also after a failure). zone: hers, for "today" and "this week". */
int app_plan_load(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  int64_t now, const struct tz_zone *zone, struct plan_view *out,
                  struct pace_error *err);
/* Her program choice, or the default (*chosen false). */
int app_program_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    struct plan_choice *out, bool *chosen, struct pace_error *err);
/* Her goals (free() the array). */
int app_goals_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct plan_goal **items, size_t *n, struct pace_error *err);
/* Saves her program (when choice is not NULL) and, when set_goals, her
 * goals, in one transaction. */
int app_plan_save(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const struct plan_choice *choice, const struct plan_goal *goals, size_t ngoals,
                  bool set_goals, int64_t now, struct pace_error *err);
/* Marks her goal reached at at (0: not reached after all). */
int app_goal_reached(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     int64_t goal_id, int64_t at, struct pace_error *err);
/* Her pain stop: her rule for seeing a clinician, never above 8. */
int app_pain_stop(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  int64_t now, int *out, struct pace_error *err);

/* ---- Her comfort ladder (ladder.c) ---------------------------------------- */

/* Checks e (ladder_validate) and stores it; e->id and taken_at are set. */
int app_ladder_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct ladder_entry *e, int64_t now, struct pace_error *err);
/* Her latest entries, newest first, at most limit (free() the array). */
int app_ladder_latest(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      int limit, struct ladder_entry **items, size_t *n, struct pace_error *err);
/* A page of her entries (store_ladder_page), and when she last filled it in. */
int app_ladder_page(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct ladder_query *q, struct ladder_entry **items, size_t *n,
                    char next_cursor[STORE_CURSOR_MAX], int64_t *last_taken,
                    struct pace_error *err);

/* ---- Her reminders (reminders.c) ------------------------------------------ */

int app_reminder_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct reminder *out, struct reminder_feed *feed, struct pace_error *err);
/* Checks (reminder_check) and saves her schedule; with new_feed_hash her
 * feed gets that address in the same transaction. */
int app_reminder_save(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      struct reminder *rem, const unsigned char *new_feed_hash, int64_t now,
                      struct pace_error *err);
/* A new feed address (the old one stops working); turning it off. */
int app_reminder_feed_new(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                          struct pace_error *err);
int app_reminder_feed_off(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          struct pace_error *err);
/* The schedule behind a live feed address (its token's hash is the key);
 * PACE_ENOTFOUND for an unknown or revoked one. */
int app_reminder_by_feed(const struct app_ctx *c, const unsigned char hash[CRYPTO_HASH_BYTES],
                         struct reminder *out, struct pace_error *err);

/* ---- Her data as a whole, her charts (mydata.c) --------------------------- */

struct data_request;
struct import_counts;
struct chart_period;
struct progress_data;
/* Her data as q asks (data_render), appended to out. */
int app_export(const struct app_ctx *c, const struct principal *who, int64_t subject,
               const struct data_request *q, int64_t now, struct buf *out, struct pace_error *err);
/* Brings an export file into her account, all or nothing (data_import). */
int app_import(const struct app_ctx *c, const struct principal *who, int64_t subject,
               const char *bytes, size_t len, int64_t now, struct import_counts *out,
               struct pace_error *err);
/* The data of her progress charts for period p (progress_free). */
int app_progress_load(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const struct chart_period *p, struct progress_data *out,
                      struct pace_error *err);

/* ---- Report links (report_link.c) ----------------------------------------
 * A link for a clinician without an account to one PDF snapshot of her
 * report: expiring (APP_LINK_DAYS unless she sets 1 to 90), revocable,
 * optionally with a passcode of six digits. Anyone holding it is a "link
 * holder" (REL_LINK_HOLDER) for that snapshot alone; every open, allowed or
 * refused, is in her trail. A wrong passcode counts against the link and
 * against the address; so does a link that does not exist. */
#define APP_LINK_DAYS 14
#define APP_LINK_DAYS_MAX 90
#define APP_LINK_TRIES 5       /* wrong passcodes per link per window */
#define APP_LINK_ADDR_TRIES 20 /* wrong passcodes and unknown links per address */
#define APP_LINK_WINDOW (15 * 60)
struct app_link_new {
    const char *name; /* the name or pseudonym she typed, may be "" */
    int days;         /* 0: APP_LINK_DAYS */
    bool passcode;
    int64_t period_from, period_to;
};
/* Stores pdf as a new link of hers: token_out receives the link's token,
 * out the link (with the passcode, shown to her once). */
int app_report_link_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                           const struct app_link_new *in, const void *pdf, size_t pdf_len,
                           int64_t now, char token_out[CRYPTO_TOKEN_CHARS + 1],
                           struct report_link *out, struct pace_error *err);
/* Hers, newest first (free() the array); one by public id; revoking. */
int app_report_links_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          struct report_link **items, size_t *n, struct pace_error *err);
int app_report_link_revoke(const struct app_ctx *c, const struct principal *who, int64_t subject,
                           const char *public_id, int64_t now, struct pace_error *err);
/* What the holder of token sees before opening: the link (name, expiry,
 * whether it asks for a passcode; the passcode itself wiped). Expired,
 * revoked and unknown links are all PACE_ENOTFOUND with the same sentence;
 * an unknown one counts against addr_key. PACE_ELOCKED when addr_key has
 * guessed too often. */
int app_report_link_look(const struct app_ctx *c, const char *token, const char *addr_key,
                         int64_t now, struct report_link *out, struct pace_error *err);
/* Opens the snapshot for the holder of token (and passcode, when the link
 * has one): the PDF into pdf, written to her trail as a read by a link
 * holder. A wrong passcode: PACE_EDENIED, in her trail as refused, counted
 * against the link and the address; too many: PACE_ELOCKED. */
int app_report_link_open(const struct app_ctx *c, const char *token, const char *passcode,
                         const char *addr_key, int64_t now, struct report_link *link,
                         struct buf *pdf, struct pace_error *err);

/* ---- Sharing (share.c) ---------------------------------------------------- */

#define APP_INVITE_DAYS 7     /* an invitation link works this long (Pace default) */
#define APP_CLINICIAN_DAYS 90 /* a clinician's grant, unless she sets another end */
#define APP_SCOPE_NAMES 10
extern const char *const app_scope_names[APP_SCOPE_NAMES]; /* bit i: the i-th name */
/* The scopes a relation may be given (a partner never changes her plan). */
unsigned app_scopes_allowed(enum grant_relation r);
/* The scopes offered by default when she invites. */
unsigned app_scopes_default(enum grant_relation r);

/* What she offers in an invitation. end 0: the default for the relation
 * (a clinician 90 days, a partner open-ended); end -1: open-ended. */
struct app_invite {
    enum grant_relation relation;
    unsigned scopes;
    int64_t end;
    char label[GRANT_LABEL_MAX + 1];        /* her name for the invitee */
    char subject_name[GRANT_LABEL_MAX + 1]; /* how the invitee will see her */
};
/* Makes an invitation: token_out receives the one-time link's token
 * (shown once); out the invitation. */
int app_invite_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const struct app_invite *in, int64_t now,
                      char token_out[CRYPTO_TOKEN_CHARS + 1], struct grant *out,
                      struct pace_error *err);
/* What an invitation offers, for anyone holding its link; an expired,
 * used or revoked one is PACE_ENOTFOUND, like one that never existed. */
int app_invite_open(const struct app_ctx *c, const char *token, int64_t now, struct grant *out,
                    struct pace_error *err);
/* Accepting it as who: then the grant exists. Her own invitation, a second
 * acceptance, an expired one: a clear message, nothing changed. */
int app_invite_accept(const struct app_ctx *c, const struct principal *who, const char *token,
                      int64_t now, struct grant *out, struct pace_error *err);
/* Frees a list of grants from the functions below. */
void app_grants_free(struct grant *items, size_t n);
/* Her grants and invitations (app_grants_free). */
int app_grants_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    struct grant **items, size_t *n, struct pace_error *err);
/* One of hers by its public id. */
int app_grant_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const char *public_id, struct grant *out, struct pace_error *err);
/* Her change of scopes and end (-1: open-ended), in force at the next request. */
int app_grant_change(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const char *public_id, unsigned scopes, int64_t end, int64_t now,
                     struct pace_error *err);
int app_grant_revoke(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const char *public_id, int64_t now, struct pace_error *err);
/* The grants in force that others gave who (app_grants_free). */
int app_shared_with_me(const struct app_ctx *c, const struct principal *who, int64_t now,
                       struct grant **items, size_t *n, struct pace_error *err);
/* The grant in force that lets who see subject's data, by its public id:
 * the subject of a grantee's pages. PACE_ENOTFOUND (and a refused entry in
 * her trail when the grant exists) otherwise. */
int app_shared_subject(const struct app_ctx *c, const struct principal *who, const char *public_id,
                       int64_t now, struct grant *out, struct pace_error *err);
/* What a grantee may take away of what subject shares through grant
 * public_id (shared_data.c): her sessions (notes only with that scope) as
 * JSON {"name", "sessions", "ladder"?}, CSV, or a FHIR Bundle, with her
 * comfort ladder when shared. PACE_ENOTFOUND without the sessions scope,
 * after revocation or expiry. */
enum app_shared_format { APP_SHARED_JSON = 0, APP_SHARED_CSV, APP_SHARED_FHIR };
int app_shared_data(const struct app_ctx *c, const struct principal *who, const char *public_id,
                    enum app_shared_format fmt, int64_t now, struct buf *out,
                    struct pace_error *err);
/* Her trail, a page at a time (free() the array). */
int app_audit_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   const struct audit_query *q, struct audit_event **items, size_t *n,
                   char next_cursor[STORE_CURSOR_MAX], struct pace_error *err);
/* Checks every trail (the operator): *bad_id the first broken entry. */
int app_audit_verify(const struct app_ctx *c, const struct principal *who, int64_t *bad_id,
                     int64_t *checked, struct pace_error *err);
/* ---- Her first run, cues, exam words and firsts (onboarding.c) ----------- */

/* Her first run (ONBOARD_NEW when she has never started it). */
int app_onboarding_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct onboarding *out, struct pace_error *err);
/* Saves where she is (state not ONBOARD_NEW, step 1-3). */
int app_onboarding_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       const struct onboarding *o, int64_t now, struct pace_error *err);
/* The cues of her timers; the defaults when she never chose. */
int app_cues_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 struct cue_prefs *out, struct pace_error *err);
int app_cues_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 const struct cue_prefs *p, int64_t now, struct pace_error *err);
/* Whether a sound or vibration choice (p->sound, p->vibrate) is on: hers
 * when she made it, else on unless she is in discreet mode. */
bool app_cue_on(const struct cue_prefs *p, int choice);
/* Her own words for an exam: read with her exam plan, changed by herself
 * (checked with exam_words_check; the first save sets prepared_at). */
int app_exam_words_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       struct exam_words *out, struct pace_error *err);
int app_exam_words_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                       const struct exam_words *w, int64_t now, struct pace_error *err);
/* The first time of things, for her milestones (free out->sizes). */
int app_firsts_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct store_firsts *out, struct pace_error *err);

/* The guided session in progress (core/flow.h as JSON text), one per
 * person. app_draft_get gives PACE_ENOTFOUND when there is none; the text
 * is the caller's to wipe and free. */
int app_draft_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  char **json_out, struct pace_error *err);
int app_draft_put(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const char *json, int64_t now, struct pace_error *err);
int app_draft_delete(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct pace_error *err);
/* Saves p (checked as app_session_create does) and, when had_draft, ends
 * her draft in the same transaction; without a draft (a "not today" at the
 * first check-in) p is simply stored. once as for app_session_create. A
 * draft already finished is PACE_ENOTFOUND, so nothing is saved twice. */
int app_draft_finish(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct practice *p, bool had_draft, struct store_once *once, int64_t now,
                     struct pace_error *err);
/* Whether once was seen for subject (replayed and record_id, see store_once). */
int app_once_find(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct store_once *once, int64_t now, struct pace_error *err);

/* ---- Accounts (account.c) --------------------------------------------------
 * Registration, sign-in with its throttle, the password, her browser
 * logins and API tokens, the "about me" note and her language, erasing
 * her account. Every attempt to prove a password is first recorded in the
 * throttle (store_throttle_take), in one transaction, and only then
 * checked: parallel guesses never get more than the limit checked, and
 * when the throttle cannot be read or written nothing is checked at all
 * (PACE_EUNAVAIL, "try again later"), so no answer tells whether a
 * password was right before the sign-in has succeeded. */

#define APP_SIGNIN_WINDOW (15 * 60)              /* seconds */
#define APP_SIGNIN_ACCOUNT_MAX 10                /* attempts per account in the window */
#define APP_SIGNIN_ADDRESS_MAX 100               /* per client address: a ceiling, not a lock */
#define APP_REGISTER_ADDRESS_MAX 10              /* refused registrations per address */
#define APP_TOKEN_CHARS (CRYPTO_TOKEN_CHARS + 5) /* "pace_" and 43 characters */

/* What a browser sign-in needs besides the password. */
struct app_client {
    const char *addr_key; /* keyed hash of the client address, or NULL (CLI) */
    const char *agent;    /* a coarse label ("Firefox · Linux"), or NULL */
};

/* A new browser login: the cookie's token (to send once) and its hash. */
struct app_login_token {
    char token[CRYPTO_TOKEN_CHARS + 1];
    unsigned char hash[CRYPTO_HASH_BYTES];
};

/* Creates an account. A visitor (who via VIA_NONE) may create only her own
 * patient account; the operator any role. The password must pass
 * app_password_quality. A taken address is PACE_ECONFLICT with a neutral
 * message, and counts against client->addr_key (APP_REGISTER_ADDRESS_MAX
 * in the window, then PACE_ELOCKED). */
int app_register(const struct app_ctx *c, const struct principal *who, const char *email,
                 const char *password, enum role role, const struct app_client *client, int64_t now,
                 int64_t *id_out, struct pace_error *err);

/* Checks email and password (throttled as said above) and opens a login:
 * *out is her account, *tok the new login. Unknown email and wrong
 * password give the same PACE_EDENIED; a full throttle PACE_ELOCKED with
 * "try again in N minutes"; a throttle or database failure PACE_EUNAVAIL. */
int app_sign_in(const struct app_ctx *c, const char *email, const char *password,
                const struct app_client *client, int64_t now, struct user *out,
                struct app_login_token *tok, struct pace_error *err);
/* A new login for who herself (right after registering). */
int app_login_open(const struct app_ctx *c, const struct principal *who,
                   const struct app_client *client, int64_t now, struct app_login_token *tok,
                   struct pace_error *err);
/* The live login with this token hash and its account (idle and absolute
 * limits in seconds, see store_login_touch); PACE_ENOTFOUND otherwise. */
int app_login_resolve(const struct app_ctx *c, const unsigned char hash[CRYPTO_HASH_BYTES],
                      int64_t now, int64_t idle_s, int64_t lifetime_s, struct login *login,
                      struct user *out);
/* The account of a live API token ("pace_..."), recording its use. */
int app_token_resolve(const struct app_ctx *c, const char *token, int64_t now, struct user *out);
/* Ends the login with this token hash (signing out). */
void app_login_close(const struct app_ctx *c, const struct principal *who,
                     const unsigned char hash[CRYPTO_HASH_BYTES]);

/* Refuses, kindly and saying why, a password that is common or built from
 * her email (libpwquality with its cracklib dictionary), besides the
 * length rule. field names the form field for the message. */
int app_password_quality(const char *password, const char *email, const char *field,
                         struct pace_error *err);
/* Changes her password: the current one is checked (throttled, field
 * "current_password"), the new one must pass app_password_quality (field
 * "new_password"). Every other login ends (keep: this login's hash), and
 * her API tokens too unless keep_tokens. */
int app_password_change(const struct app_ctx *c, const struct principal *who, int64_t subject,
                        const char *current, const char *next,
                        const unsigned char keep[CRYPTO_HASH_BYTES], bool keep_tokens, int64_t now,
                        struct pace_error *err);

/* Her logins, newest first (free *items). */
int app_logins_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    struct login **items, size_t *n, struct pace_error *err);
/* Ends one of her logins; PACE_ENOTFOUND when not hers. */
int app_login_end(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  int64_t login_id, struct pace_error *err);
/* Ends every login of hers but keep, after checking her password
 * (throttled, field "password"). */
int app_logins_end_others(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          const char *password, const unsigned char keep[CRYPTO_HASH_BYTES],
                          int64_t now, struct pace_error *err);

/* A new API token named label (1-60 characters, field "label"); the token
 * is written to out once and only its hash is kept. */
int app_token_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     const char *label, int64_t now, char out[APP_TOKEN_CHARS + 1], int64_t *id_out,
                     struct pace_error *err);
int app_token_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct api_token **items, size_t *n, struct pace_error *err);
/* PACE_ENOTFOUND when the token is not hers. */
int app_token_revoke(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     int64_t token_id, struct pace_error *err);

/* Her "about me" note (sealed at rest); *out is hers to wipe and free. */
int app_about_get(const struct app_ctx *c, const struct principal *who, int64_t subject, char **out,
                  struct pace_error *err);
int app_about_set(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const char *text, struct pace_error *err);
/* Her language (enum lang). */
int app_lang_set(const struct app_ctx *c, const struct principal *who, int64_t subject, int lang,
                 struct pace_error *err);

/* Opens the store for a front end: PostgreSQL at url when set, else SQLite
 * in dir; the key file at key_file when set, else dir/pace.key
 * (store_open_where). */
int app_store_open(const char *dir, const char *url, const char *key_file, struct store **out,
                   struct pace_error *err);
void app_store_close(struct store *s);
/* The operator's copy of a whole deployment into an empty store (and the
 * tables' counts and checksums for comparing two): store_copy,
 * store_table_sums. */
int app_db_copy(struct store *from, struct store *to, struct store_copy_table **tables, size_t *n,
                struct pace_error *err);
int app_db_sums(struct store *s, struct store_copy_table **tables, size_t *n,
                struct pace_error *err);

/* The operator's per-account quotas (store_quota_set): new records and
 * bytes stored per account and day, 0 for no limit. Only the server sets
 * them; the day follows the application's clock. */
/* Defaults large enough that the largest export (10,000 sessions with
 * notes of up to 20,000 bytes, 10,000 ladder entries, her kit and goals)
 * can always be imported back in one day. */
#define APP_QUOTA_RECORDS_DEFAULT 25000
#define APP_QUOTA_BYTES_DEFAULT (256LL * 1024 * 1024)
int app_quotas_set(const struct app_ctx *c, int64_t records_per_day, int64_t bytes_per_day,
                   struct pace_error *err);

/* ---- A way back in without email (recovery.c) ------------------------------
 * Recovery codes she keeps (shown once, each usable once, only a keyed hash
 * stored) and one-time reset links the operator makes for her. Using
 * either sets a new password (app_password_quality, field "new_password"),
 * ends every login of hers, writes an entry in her trail and a security
 * event, and tells how many codes she has left. Both are throttled per
 * account and per client address, counted before anything is checked and
 * failing closed, as sign-in is. */

#define APP_RECOVERY_CODES 10              /* codes in a set */
#define APP_RECOVERY_CODE_CHARS 11         /* "xxxxx-xxxxx" */
#define APP_RECOVERY_ACCOUNT_MAX 5         /* tries per account in APP_SIGNIN_WINDOW */
#define APP_RECOVERY_ADDRESS_MAX 20        /* tries per client address in the window */
#define APP_RESET_LINK_SECONDS (24 * 3600) /* a reset link works this long */
#define APP_RESET_LINKS_PER_DAY 5          /* links the operator may make per account and day */

struct app_recovery_codes {
    char code[APP_RECOVERY_CODES][APP_RECOVERY_CODE_CHARS + 1];
};

/* A new set of codes for her, replacing the old set (which stops
 * working). Her password is checked first (throttled, field "password").
 * The codes are written to out once; only their hashes are kept. */
int app_recovery_codes_new(const struct app_ctx *c, const struct principal *who, int64_t subject,
                           const char *password, int64_t now, struct app_recovery_codes *out,
                           struct pace_error *err);
/* How many of her codes are unused, and when they were made (0: never). */
int app_recovery_codes_left(const struct app_ctx *c, const struct principal *who, int64_t subject,
                            int *left, int64_t *made_at, struct pace_error *err);
/* Whether s reads as a recovery code, however she typed it (spaces,
 * dashes, capitals, O for 0, I or L for 1); the canonical form into out. */
bool app_recovery_code_normalise(const char *s, char out[APP_RECOVERY_CODE_CHARS + 1]);

/* Her way back in with one of her codes: email, code and a new password.
 * An unknown email and a wrong or used code get the same PACE_EDENIED;
 * a full throttle PACE_ELOCKED, a throttle or database failure
 * PACE_EUNAVAIL. On success *out is her account, *tok a new login (when
 * tok is not NULL) and *codes_left her unused codes. */
int app_recover_with_code(const struct app_ctx *c, const char *email, const char *code,
                          const char *new_password, const struct app_client *client, int64_t now,
                          struct user *out, struct app_login_token *tok, int *codes_left,
                          struct pace_error *err);

/* The operator's reset link for her: the token (for /reset/<token>) is
 * written to token once, working until *expires_at. At most
 * APP_RESET_LINKS_PER_DAY a day for one account (PACE_ELOCKED). */
int app_reset_link_create(const struct app_ctx *c, const struct principal *who, int64_t subject,
                          int64_t now, char token[CRYPTO_TOKEN_CHARS + 1], int64_t *expires_at,
                          struct pace_error *err);
/* Whether token is a working link (the email it is for into email, may be
 * NULL); PACE_ENOTFOUND for an unknown, used or expired one alike. */
int app_reset_link_open(const struct app_ctx *c, const char *token, int64_t now,
                        char email[ACCOUNT_EMAIL_MAX + 2], struct pace_error *err);
/* Sets her new password through a working link (throttled as above), as
 * app_recover_with_code does. */
int app_reset_with_link(const struct app_ctx *c, const char *token, const char *new_password,
                        const struct app_client *client, int64_t now, struct user *out,
                        struct app_login_token *tok, int *codes_left, struct pace_error *err);

/* Erases her account and everything in it (store_user_erase). From her
 * browser her password is checked first (throttled, field "password");
 * the operator names her at the command line. */
int app_account_erase(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const char *password, int64_t now, struct pace_error *err);

#endif
