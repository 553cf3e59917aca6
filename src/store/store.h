/*
 * store.h - the one backend-neutral API for everything Pace persists.
 *
 * Nothing above src/store sees SQL or a database handle. Every function is
 * safe to call from several threads, runs its writes in one transaction
 * (all or nothing) and returns 0 or a negative enum pace_err, with a message
 * in err when err is not NULL. Timestamps are Unix seconds (UTC), passed in.
 *
 * Sensitive free text (notes, answers) is encrypted at rest with the key in
 * DIR/pace.key; the database file alone reveals none of it.
 */
#ifndef PACE_STORE_H
#define PACE_STORE_H

#include "core/account.h"
#include "core/exam.h"
#include "core/err.h"
#include "core/export.h"
#include "core/kit.h"
#include "core/ladder.h"
#include "core/plan.h"
#include "core/practice.h"
#include "core/reminder.h"
#include "store/crypto.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct store;

struct user {
    int64_t id;
    char email[ACCOUNT_EMAIL_MAX + 2];
    enum role role;
    char pwhash[CRYPTO_PWHASH_MAX];
    int64_t created_at;
    int lang; /* enum lang, or -1 when she has not chosen */
};

/* A signed-in browser session ("login" to keep it apart from practice
 * sessions). */
struct login {
    int64_t id;
    int64_t user_id;
    int64_t created_at;
    int64_t last_seen;
    char agent[64];
};

struct api_token {
    int64_t id;
    char label[64];
    int64_t created_at;
    int64_t last_used_at; /* 0 when never used */
};

/* Opens (creating when needed) DIR/pace.db and DIR/pace.key, applies
 * pending migrations. *out must be released with store_close. */
int store_open(const char *dir, struct store **out, struct pace_error *err);
/* Where a store lives: PostgreSQL at url (postgres://USER:PASSWORD@HOST:
 * PORT/DATABASE, or any libpq connection string) when url is set, else
 * SQLite in dir/pace.db. The key file is key_file when set, else
 * dir/pace.key; every instance of one deployment must use the same key. */
struct store_where {
    const char *dir;
    const char *url;
    const char *key_file;
};
/* Opens the store at w (as store_open does); on PostgreSQL a wrong URL, an
 * unreachable server, wrong credentials or a schema newer than this
 * program fail with one sentence in err. */
int store_open_where(const struct store_where *w, struct store **out, struct pace_error *err);
/* Whether the store runs on PostgreSQL. */
bool store_is_postgres(const struct store *s);
/* A request's reads on one snapshot: between these two calls the calling
 * thread's reads share one read transaction (SQLite's readers), taken at
 * the first read, so a page is built from one committed state and the
 * file's locks are taken once. A write on the thread ends the snapshot, and
 * the reads after it see the write. PostgreSQL: nothing (each read call is
 * its own snapshot there). */
void store_snapshot_begin(struct store *s);
void store_snapshot_end(struct store *s);
/* This thread's request should only read (route: its pattern, kept till
 * store_snapshot_end). Sanitizer builds say on stderr when it takes the
 * write lock all the same (SQLite). */
void store_reads_only(struct store *s, const char *route);

/* One table of a copy: its rows and a checksum of them (the same on both
 * engines for the same rows, in any order). */
struct store_copy_table {
    char name[64];
    int64_t rows;
    uint64_t sum;
};
/* Copies every row of from into to, which must be empty and use the same
 * key (SQLite into PostgreSQL or back), in one transaction that commits
 * only when every table's count and checksum read back from to match
 * from's. *tables (caller frees) lists what was copied. */
int store_copy(struct store *from, struct store *to, struct store_copy_table **tables, size_t *n,
               struct pace_error *err);
/* Every table's count and checksum (caller frees *tables). */
int store_table_sums(struct store *s, struct store_copy_table **tables, size_t *n,
                     struct pace_error *err);
void store_close(struct store *s);
/* The schema version after migrations. */
int store_schema_version(struct store *s);
/* The master key, for deriving purpose-bound subkeys (never logged). */
const struct crypto_key *store_key(struct store *s);
/* Copies a consistent snapshot of the database to path while others keep
 * reading and writing. */
int store_backup(struct store *s, const char *path, struct pace_error *err);

/* Bulk loading (pace dev seed): while on, commits are not synced to disk,
 * so a crash can lose or damage what was loaded; turning it off syncs
 * again and checkpoints. Never on while serving. */
int store_bulk_load(struct store *s, bool on, struct pace_error *err);

/* Users. Email must already be normalised (core/account.h). */
int store_user_insert(struct store *s, const char *email, const char *pwhash, enum role role,
                      int64_t now, int64_t *id_out, struct pace_error *err);
int store_user_get(struct store *s, int64_t id, struct user *out);
int store_user_get_by_email(struct store *s, const char *email, struct user *out);
int store_user_set_pwhash(struct store *s, int64_t id, const char *pwhash, struct pace_error *err);
int store_user_set_lang(struct store *s, int64_t id, int lang, struct pace_error *err);
/* Sets her new password hash and ends every other login of hers (and,
 * with end_tokens, her API tokens), in one transaction. keep may be NULL
 * to end all logins. */
int store_user_change_password(struct store *s, int64_t id, const char *pwhash,
                               const unsigned char keep[CRYPTO_HASH_BYTES], bool end_tokens,
                               struct pace_error *err);
/* The "about me" note, encrypted at rest. An empty text clears it. *out is
 * set to a string the caller frees (empty when none). */
int store_user_set_about(struct store *s, int64_t id, const char *text, struct pace_error *err);
int store_user_get_about(struct store *s, int64_t id, char **out, struct pace_error *err);

/* Logins, identified by the hash of their cookie token. */
int store_login_insert(struct store *s, int64_t user_id,
                       const unsigned char hash[CRYPTO_HASH_BYTES], const char *agent, int64_t now,
                       struct pace_error *err);
/* Finds a live login and marks it used at now. A login idle for more than
 * idle_s, or older than lifetime_s (0: no limit), is deleted and reported
 * as PACE_ENOTFOUND. */
int store_login_touch(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                      int64_t idle_s, int64_t lifetime_s, struct login *out);
int store_login_delete(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES]);
/* Ends every login of the user except keep (NULL: all). */
int store_login_delete_others(struct store *s, int64_t user_id,
                              const unsigned char keep[CRYPTO_HASH_BYTES]);
int store_login_delete_id(struct store *s, int64_t user_id, int64_t login_id);
/* *items is an array the caller frees with free(); newest first. */
int store_login_list(struct store *s, int64_t user_id, struct login **items, size_t *n);

/* API tokens, identified by the hash of the token. */
int store_token_insert(struct store *s, int64_t user_id,
                       const unsigned char hash[CRYPTO_HASH_BYTES], const char *label, int64_t now,
                       int64_t *id_out, struct pace_error *err);
/* Finds the user a live token belongs to, recording its use. */
int store_token_lookup(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                       struct user *out);
int store_token_list(struct store *s, int64_t user_id, struct api_token **items, size_t *n);
int store_token_revoke(struct store *s, int64_t user_id, int64_t token_id);

/* Deletes her account and every row of hers in every table (sessions,
 * draft, kit, her own items, program, goals, ladder, reminders, logins,
 * API tokens, the sign-in throttle rows keyed by her account), in one
 * transaction. Deleted content is overwritten in the file (secure_delete).
 * PACE_ENOTFOUND when there is no such user. */
int store_user_erase(struct store *s, int64_t user_id, struct pace_error *err);

/* Her pseudonym in health-record (FHIR) exports, "pace-" and 32 hex
 * digits: made once, on first use, then kept; an import brings one from
 * another server when she has none yet. */
int store_user_pseudonym(struct store *s, int64_t user_id, char out[EXPORT_PSEUDONYM_LEN + 1],
                         struct pace_error *err);

/* The throttle key for sign-in failures of the account with this
 * (normalised) email: a keyed hash, so the table holds no address. */
void store_throttle_account_key(struct store *s, const char *email, char out[80]);

/* Failed-attempt counters for throttling, keyed by an opaque string. */
int store_throttle_add(struct store *s, const char *key, int64_t now);
/* Counts attempts at or after since; *oldest is the earliest of them. */
int store_throttle_count(struct store *s, const char *key, int64_t since, int *count,
                         int64_t *oldest);
int store_throttle_clear(struct store *s, const char *key);
/* One key to take an attempt from: limit in, count and oldest out. */
struct store_throttle {
    const char *key;
    int limit;
    int count;      /* attempts since the window began, before this one */
    int64_t oldest; /* the earliest of them (0 when none) */
};
/* In ONE transaction: counts each key's attempts at or after since and,
 * when every key is below its limit, records one attempt at now for each.
 * PACE_ELOCKED (nothing recorded) when a key has reached its limit; any
 * database failure is returned as such, so the caller can refuse. An
 * attempt is recorded before a password is checked, so parallel guesses
 * never get more than the limit checked. */
int store_throttle_take(struct store *s, struct store_throttle *keys, size_t n, int64_t since,
                        int64_t now, struct pace_error *err);
/* Removes one attempt of key recorded at at (a sign-in that succeeded). */
int store_throttle_give_back(struct store *s, const char *key, int64_t at);
int store_throttle_prune(struct store *s, int64_t before);

/* ---- Quotas --------------------------------------------------------------
 * Per account and day (UTC, by clock()): at most records new records and
 * bytes stored (sessions with their notes, her own items, ladder entries,
 * goals of her own; an import counts each row). A write beyond either is
 * refused whole, in its own transaction: PACE_ELOCKED (records, "try again
 * tomorrow") or PACE_EFULL (bytes), with a message naming the limit.
 * 0 means no limit. Only this store connection is limited (the server's;
 * the operator's commands are not). */
int store_quota_set(struct store *s, int64_t records, int64_t bytes, int64_t (*clock)(void),
                    struct pace_error *err);
/* What the account stored on the day of now: records and bytes. */
int store_quota_usage(struct store *s, int64_t user_id, int64_t now, int64_t *records,
                      int64_t *bytes);

/* ---- Practice sessions ------------------------------------------------
 * A user's practice records (core/practice.h). Every call is scoped by
 * user_id: another user's id is simply not found. The note is encrypted at
 * rest with the row's id as associated data. */

/* ---- Requests carried out once ------------------------------------------
 * A creating call given a store_once checks, in its own transaction, whether
 * the key was seen: with the same request nothing new is stored, replayed is
 * set and record_id names what the first request made; with another request
 * the answer is PACE_EINVAL (field "Idempotency-Key"). Otherwise the record
 * and the key are stored together, so a retry after a lost answer never makes
 * a second record. Keys are kept STORE_ONCE_TTL_S. */
#define STORE_ONCE_TTL_S 86400
struct store_once {
    unsigned char key[CRYPTO_HASH_BYTES];     /* a hash of her key */
    unsigned char request[CRYPTO_HASH_BYTES]; /* a hash of what was asked */
    bool replayed;                            /* out */
    char record_id[64];                       /* out, when replayed */
};

/* Looks a key up without storing anything: replayed and record_id as
 * above (PACE_EINVAL for another request under the key). */
int store_once_find(struct store *s, int64_t user_id, struct store_once *o, int64_t now,
                    struct pace_error *err);

struct practice_query {
    int64_t from;       /* started_at >= from (0: no bound) */
    int64_t to;         /* started_at < to (0: no bound) */
    double diameter_mm; /* only this size (0: any) */
    int limit;          /* 1-200 */
    const char *cursor; /* from a previous page's next_cursor, or NULL */
    bool without_notes; /* leave every note NULL, unopened: pages that never show one */
};

#define STORE_CURSOR_MAX 64

/* Inserts p for the user. When p->id is empty a new UUID is made and
 * written into p->id; when given, it must be a UUID not yet used
 * (PACE_ECONFLICT otherwise). At most EXPORT_MAX_SESSIONS per person
 * (PACE_EINVAL beyond), which keeps her export's size bounded. */
int store_practice_insert(struct store *s, int64_t user_id, struct practice *p, int64_t now,
                          struct store_once *once, struct pace_error *err);
/* Inserts the n records of items for the user in one transaction, all or
 * nothing, each checked and given an id as by store_practice_insert: for
 * loading many at once (pace dev seed, imports). */
int store_practice_insert_many(struct store *s, int64_t user_id, struct practice *items, size_t n,
                               int64_t now, struct pace_error *err);
/* Fills out (which the caller clears with practice_clear). */
int store_practice_get(struct store *s, int64_t user_id, const char *id, struct practice *out,
                       struct pace_error *err);
/* Replaces the record with id p->id; PACE_ENOTFOUND when not hers. */
int store_practice_update(struct store *s, int64_t user_id, const struct practice *p, int64_t now,
                          struct pace_error *err);
int store_practice_delete(struct store *s, int64_t user_id, const char *id, struct pace_error *err);
/* Newest first. *items is an array of *n records the caller frees with
 * practice_list_free; next_cursor is "" on the last page. A malformed
 * cursor is PACE_EINVAL (field "cursor"). */
int store_practice_list(struct store *s, int64_t user_id, const struct practice_query *q,
                        struct practice **items, size_t *n, char next_cursor[STORE_CURSOR_MAX],
                        struct pace_error *err);
void practice_list_free(struct practice *items, size_t n);
/* Her most recent practice (for the next one's defaults): a session with
 * a dilator, or one of breathing and relaxation alone that she completed;
 * PACE_ENOTFOUND when none. */
int store_practice_last(struct store *s, int64_t user_id, struct practice *out);

/* ---- Guided-session drafts ---------------------------------------------
 * The state of a guided session in progress (core/flow.h as JSON text),
 * one per user, encrypted at rest because it holds her answers and note. */
int store_draft_get(struct store *s, int64_t user_id, char **json_out, struct pace_error *err);
int store_draft_put(struct store *s, int64_t user_id, const char *json, int64_t now,
                    struct pace_error *err);
int store_draft_delete(struct store *s, int64_t user_id);
/* Saves p as a session and deletes her draft, in one transaction. When she
 * has no draft (e.g. a second click on "save") nothing is saved and the
 * answer is PACE_ENOTFOUND, so a session is never recorded twice. */
int store_draft_finish(struct store *s, int64_t user_id, struct practice *p, int64_t now,
                       struct store_once *once, struct pace_error *err);

/* ---- Her kit -------------------------------------------------------------
 * Which catalog items she owns ("fms-18"), and items she defined herself
 * ("custom-<id>", core/kit.h). Every call is scoped by user_id: another
 * user's custom item is simply not found. Catalog ids are checked against
 * the catalogs by the caller (kit_resolve); the store checks that every
 * "custom-<id>" is hers. A custom item's name is encrypted at rest. */

/* Creates her item (already checked with custom_item_check) and puts it in
 * her kit, in one transaction. *id_out receives its id. At most
 * CUSTOM_MAX_ITEMS per person (PACE_EINVAL beyond). */
int store_custom_insert(struct store *s, int64_t user_id, const struct custom_item *item,
                        int64_t now, int64_t *id_out, struct store_once *once,
                        struct pace_error *err);
/* Her items, oldest first, with in_kit filled. *items is an array the
 * caller frees with free(). */
int store_custom_list(struct store *s, int64_t user_id, struct custom_item **items, size_t *n,
                      struct pace_error *err);
/* Deletes her item and takes it out of her kit; PACE_ENOTFOUND when not
 * hers. */
int store_custom_delete(struct store *s, int64_t user_id, int64_t id, struct pace_error *err);
/* The ids in her kit, in no particular order (kit_resolve sorts). *ids is
 * an array the caller frees with free(). */
int store_kit_get(struct store *s, int64_t user_id, struct kit_id **ids, size_t *n,
                  struct pace_error *err);
/* Whether item_id ("fms-14", "custom-7") is in her kit (*in_kit); when it
 * is one of her own items, that item in *custom (its name opened) and
 * *is_custom set. One item looked up, for checking a session's dilator. */
int store_kit_find(struct store *s, int64_t user_id, const char *item_id, bool *in_kit,
                   bool *is_custom, struct custom_item *custom, struct pace_error *err);
/* Replaces her whole kit with ids, all or nothing in one transaction. An
 * id "custom-<n>" that is not hers fails with PACE_EINVAL and err->field
 * "items[i]", leaving the kit as it was. Items kept keep their added_at. */
int store_kit_set(struct store *s, int64_t user_id, const struct kit_id *ids, size_t n, int64_t now,
                  struct pace_error *err);

/* ---- Her plan ------------------------------------------------------------
 * The program she follows (core/plan.h struct plan_choice: the program id,
 * its start, her adjusted rule parameters) and the goals she picked. Every
 * call is scoped by user_id. Callers check choices and goals against the
 * library first (plan_choice_from_json, plan_goals_from_json); the store
 * checks that a goal id of her own is hers. A goal's own name is
 * encrypted at rest. */

/* Fills out; PACE_ENOTFOUND when she never chose (then out is cleared). */
int store_program_get(struct store *s, int64_t user_id, struct plan_choice *out,
                      struct pace_error *err);
/* Replaces her program choice; by is who changes it (herself, or later a
 * clinician she shares with). */
int store_program_put(struct store *s, int64_t user_id, const struct plan_choice *c, int64_t by,
                      int64_t now, struct pace_error *err);
/* Her goals, in the order she picked them. *items is an array the caller
 * frees with free(). */
int store_goals_list(struct store *s, int64_t user_id, struct plan_goal **items, size_t *n,
                     struct pace_error *err);
/* Replaces her goals with items, all or nothing: a goal of the goals file
 * she already had keeps its row and chosen_at; her own goal with an id
 * must be hers (else PACE_EINVAL, field "goals[i].id") and is updated;
 * without an id it is added. Goals not listed are removed. */
int store_goals_set(struct store *s, int64_t user_id, const struct plan_goal *items, size_t n,
                    int64_t now, struct pace_error *err);
/* Saves her program choice (when c is not NULL; by is who changes it) and,
 * when set_goals, her goals as store_goals_set does, in one transaction. */
int store_plan_save(struct store *s, int64_t user_id, const struct plan_choice *c,
                    const struct plan_goal *goals, size_t ngoals, bool set_goals, int64_t by,
                    int64_t now, struct pace_error *err);
/* Marks her goal id reached at achieved_at (0: not reached after all);
 * PACE_ENOTFOUND when it is not hers. */
int store_goal_set_achieved(struct store *s, int64_t user_id, int64_t id, int64_t achieved_at,
                            struct pace_error *err);

/* ---- Comfort ladder ------------------------------------------------------
 * Her ladder entries (core/ladder.h), kept as a history. The answers are
 * sealed at rest as one JSON object per entry, bound to the row. Scoped by
 * user_id like everything else. */

/* Stores e (checked with ladder_validate) for the user; e->id and
 * e->taken_at are set (taken_at = now). At most EXPORT_MAX_LADDER per
 * person (PACE_EINVAL beyond). */
int store_ladder_insert(struct store *s, int64_t user_id, struct ladder_entry *e, int64_t now,
                        struct pace_error *err);
/* Her latest entries, newest first, at most limit (1-500): for pages that
 * show the most recent ones. *items is an array the caller frees with
 * free(). */
int store_ladder_list(struct store *s, int64_t user_id, int limit, struct ladder_entry **items,
                      size_t *n, struct pace_error *err);

/* One page of her entries, newest first (as store_practice_list pages
 * sessions): taken_at in [from, to) (0: no bound), at most limit
 * (1-LADDER_PAGE_MAX); next_cursor is "" on the last page, else it goes
 * into the next query's cursor. A malformed cursor is PACE_EINVAL (field
 * "cursor"). */
struct ladder_query {
    int64_t from;
    int64_t to;
    int limit;
    const char *cursor;
};
#define LADDER_PAGE_MAX 200
int store_ladder_page(struct store *s, int64_t user_id, const struct ladder_query *q,
                      struct ladder_entry **items, size_t *n, char next_cursor[STORE_CURSOR_MAX],
                      struct pace_error *err);
/* Every entry of hers taken in [from, to) (0: no bound), newest first. */
int store_ladder_all(struct store *s, int64_t user_id, int64_t from, int64_t to,
                     struct ladder_entry **items, size_t *n, struct pace_error *err);
/* When she last filled it in (0: never), for ladder_due. */
int store_ladder_last_taken(struct store *s, int64_t user_id, int64_t *at);

/* ---- Reminders -------------------------------------------------------------
 * Her reminder schedule (core/reminder.h; the title sealed at rest) and
 * the private calendar feed: only the hash of the feed's token is kept,
 * so its address can be shown once and then only replaced or revoked. */

struct reminder_feed {
    bool live;          /* a feed address exists (not revoked) */
    int64_t created_at; /* when the current address was made */
};

/* Fills out (and feed, when not NULL); PACE_ENOTFOUND when she has set
 * none. */
int store_reminder_get(struct store *s, int64_t user_id, struct reminder *out,
                       struct reminder_feed *feed, struct pace_error *err);
/* Saves her schedule (checked with reminder_check); r->uid and
 * r->updated_at are set by the store. When new_feed_hash is not NULL the
 * feed gets that token hash in the same transaction (the old address
 * stops working). */
int store_reminder_put(struct store *s, int64_t user_id, struct reminder *r,
                       const unsigned char *new_feed_hash, int64_t now, struct pace_error *err);
/* A new feed address for an existing schedule (PACE_ENOTFOUND without
 * one); the old one stops working. */
int store_reminder_feed_set(struct store *s, int64_t user_id,
                            const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                            struct pace_error *err);
/* The feed stops working; the schedule stays. PACE_ENOTFOUND without a
 * schedule. */
int store_reminder_feed_revoke(struct store *s, int64_t user_id, struct pace_error *err);
/* Deletes her schedule and its feed. */
int store_reminder_delete(struct store *s, int64_t user_id);
/* The schedule whose live feed has this token hash; PACE_ENOTFOUND for an
 * unknown or revoked one. */
int store_reminder_by_feed(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                           struct reminder *out, struct pace_error *err);

/* ---- Sharing ---------------------------------------------------------------
 * A grant lets one other person (her partner, a clinician) see or change
 * what its scopes say, for its period, until she revokes it; shaped like a
 * FHIR R4 Consent. It starts as an invitation: only the hash of a one-time
 * link's token is kept, and the first person to accept it within its time
 * becomes the grantee. Her audit trail records every access of hers by
 * anyone else, allowed or refused; each entry carries the hash of the one
 * before (per person), so an edited or removed entry breaks the chain.
 * Erasing her account erases her grants and her trail. */
enum grant_relation { GRANT_PARTNER = 0, GRANT_CLINICIAN, GRANT_RELATION_COUNT };
enum grant_status { GRANT_INVITED = 0, GRANT_ACTIVE, GRANT_REVOKED, GRANT_STATUS_COUNT };
#define GRANT_LABEL_MAX 60
struct grant {
    int64_t id;
    char public_id[CRYPTO_UUID_CHARS + 1]; /* in addresses; the row id never is */
    int64_t subject_id;                    /* her */
    int64_t grantee_id;                    /* 0 until accepted */
    enum grant_relation relation;
    unsigned scopes;    /* enum app_scope bits */
    int64_t start, end; /* the period; end 0: open-ended */
    enum grant_status status;
    int64_t invite_expires_at;
    int64_t created_at, accepted_at, revoked_at;
    char label[GRANT_LABEL_MAX + 1];           /* her name for the invitee (sealed) */
    char subject_name[GRANT_LABEL_MAX + 1];    /* the name the grantee sees for her (sealed) */
    char grantee_email[ACCOUNT_EMAIL_MAX + 2]; /* filled when read, "" before acceptance */
};
const char *grant_relation_name(enum grant_relation r);
int grant_relation_parse(const char *s);
const char *grant_status_name(enum grant_status st);

/* Stores an invitation from subject_id (relation, scopes, start, end, label,
 * subject_name from g); public_id, id, status and times are set. */
int store_grant_invite(struct store *s, int64_t subject_id, struct grant *g,
                       const unsigned char invite_hash[CRYPTO_HASH_BYTES], int64_t expires_at,
                       int64_t now, struct pace_error *err);
/* The open invitation with this token hash (expired ones too: the caller
 * checks invite_expires_at); PACE_ENOTFOUND otherwise. */
int store_grant_by_invite(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                          struct grant *out, struct pace_error *err);
int store_grant_get(struct store *s, const char *public_id, struct grant *out,
                    struct pace_error *err);
/* Turns an open, unexpired invitation into an active grant for grantee_id
 * (never her own); PACE_ENOTFOUND when it is no longer open. */
int store_grant_accept(struct store *s, int64_t grant_id, int64_t grantee_id, int64_t now,
                       struct pace_error *err);
/* Hers (every status), newest first; the active ones given to grantee_id.
 * Free with store_grants_free. */
int store_grants_of_subject(struct store *s, int64_t subject_id, struct grant **items, size_t *n,
                            struct pace_error *err);
int store_grants_of_grantee(struct store *s, int64_t grantee_id, struct grant **items, size_t *n,
                            struct pace_error *err);
void store_grants_free(struct grant *items, size_t n);
/* The grant in force now from subject to grantee; PACE_ENOTFOUND when none. */
int store_grant_active(struct store *s, int64_t subject_id, int64_t grantee_id, int64_t now,
                       struct grant *out, struct pace_error *err);
/* Her changes to a grant (scopes, end); revoking it. PACE_ENOTFOUND when
 * not hers or already revoked. */
int store_grant_change(struct store *s, int64_t subject_id, int64_t grant_id, unsigned scopes,
                       int64_t end, int64_t now, struct pace_error *err);
int store_grant_revoke(struct store *s, int64_t subject_id, int64_t grant_id, int64_t now,
                       struct pace_error *err);

struct audit_event {
    int64_t id;
    int64_t subject_id; /* whose data */
    int64_t at;
    int64_t actor_id;  /* who (0: nobody signed in) */
    int64_t grant_id;  /* the grant it went through (0: none) */
    char action[16];   /* read, create, update, delete */
    char resource[24]; /* kind of data (app_resource_name) */
    char record[64];   /* the record, "" for a kind as a whole */
    bool allowed;
    unsigned char prev_hash[CRYPTO_HASH_BYTES];
    unsigned char hash[CRYPTO_HASH_BYTES];
    char actor_email[ACCOUNT_EMAIL_MAX + 2]; /* filled when read */
};
/* Appends e to her trail (e->id and the hashes are set), in its own
 * transaction. */
int store_audit_append(struct store *s, struct audit_event *e, struct pace_error *err);
struct audit_query {
    int64_t from, to;     /* 0: no bound */
    int64_t actor_id;     /* 0: anyone */
    const char *resource; /* NULL: any */
    int limit;            /* 1-500 */
    const char *cursor;
};
/* Her trail, newest first, a page at a time (free() the array). */
int store_audit_list(struct store *s, int64_t subject_id, const struct audit_query *q,
                     struct audit_event **items, size_t *n, char next_cursor[STORE_CURSOR_MAX],
                     struct pace_error *err);
/* Checks every chain; *bad_id is the first entry that does not follow
 * from the one before (0: all intact), *checked how many were read. */
int store_audit_verify(struct store *s, int64_t *bad_id, int64_t *checked, struct pace_error *err);
/* ---- Her first run, her cues, her words for an exam, her firsts --------
 * (sqlite_onboarding.c) */

enum onboarding_state {
    ONBOARD_NEW = 0, /* never started: her first visit sends her there */
    ONBOARD_STARTED, /* on her way through the three steps */
    ONBOARD_DONE,    /* finished (accounts older than the first run too) */
    ONBOARD_SKIPPED, /* she chose to skip it */
};

struct onboarding {
    enum onboarding_state state;
    int step;        /* 1-3: the step she is at */
    bool no_kit_yet; /* she said she has no dilators yet */
};

/* Her first run; a state of ONBOARD_NEW (step 1) when she has none. */
int store_onboarding_get(struct store *s, int64_t user_id, struct onboarding *out,
                         struct pace_error *err);
/* Saves it (state not ONBOARD_NEW, step 1-3). */
int store_onboarding_put(struct store *s, int64_t user_id, const struct onboarding *o, int64_t now,
                         struct pace_error *err);

/* The cues of the timers: a soft sound, a vibration, spoken guidance. */
struct cue_prefs {
    bool discreet; /* discreet mode: sound and vibration off unless she chose them */
    int sound;     /* 1 on, 0 off, -1 not chosen (then on unless discreet) */
    int vibrate;   /* the same */
    bool voice;    /* spoken guidance; only ever on when she turned it on */
};
/* Hers, or the defaults (nothing chosen, not discreet, no voice). */
int store_cues_get(struct store *s, int64_t user_id, struct cue_prefs *out, struct pace_error *err);
int store_cues_put(struct store *s, int64_t user_id, const struct cue_prefs *c, int64_t now,
                   struct pace_error *err);

/* Her words for an exam (core/exam.h; the requests and stop word sealed at
 * rest). Get gives the empty defaults (prepared_at 0) when she has none;
 * put keeps the first prepared_at and sets it to now the first time. */
int store_exam_words_get(struct store *s, int64_t user_id, struct exam_words *out,
                         struct pace_error *err);
int store_exam_words_put(struct store *s, int64_t user_id, const struct exam_words *w, int64_t now,
                         struct pace_error *err);

/* The first time of things, for quiet milestones: her first practice
 * (anything but a "not today"), her first comfort ladder, and the first
 * practice at each size (smallest first; free sizes with free()). 0 when
 * none. */
struct store_first_size {
    double diameter_mm;
    int64_t at;
};
struct store_firsts {
    int64_t practice_at;
    int64_t ladder_at;
    struct store_first_size *sizes;
    size_t nsizes;
};
int store_firsts_get(struct store *s, int64_t user_id, struct store_firsts *out,
                     struct pace_error *err);

/* ---- A way back in without email (sqlite_recovery.c) --------------------
 * Her recovery codes and the operator's reset links, kept only as hashes.
 * Using a code or a link sets her new password (a hash made by the
 * caller), ends every login of hers and spends any reset link of hers, all
 * in one transaction. */

/* The keyed hash a recovery code of hers is kept as (the code normalised
 * by the caller); a subkey of the master key, and her account bound in. */
void store_recovery_code_hash(struct store *s, int64_t user_id, const char *code,
                              unsigned char out[CRYPTO_HASH_BYTES]);
/* Replaces all of her codes with these n, made at now. */
int store_recovery_codes_put(struct store *s, int64_t user_id,
                             const unsigned char (*hashes)[CRYPTO_HASH_BYTES], size_t n,
                             int64_t now, struct pace_error *err);
/* How many of her codes are unused, and when they were made (0: never). */
int store_recovery_codes_count(struct store *s, int64_t user_id, int *left, int64_t *made_at,
                               struct pace_error *err);
/* Spends her unused code with this hash and sets her password (see
 * above); *left the codes still unused. PACE_ENOTFOUND, nothing changed,
 * when she has no unused code with this hash. */
int store_recovery_code_use(struct store *s, int64_t user_id,
                            const unsigned char hash[CRYPTO_HASH_BYTES], const char *pwhash,
                            int64_t now, int *left, struct pace_error *err);
/* A reset link (its token's hash) for her, working until expires_at; it
 * replaces any link of hers not yet used. */
int store_reset_link_put(struct store *s, int64_t user_id,
                         const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                         int64_t expires_at, struct pace_error *err);
/* The account of the link with this hash when it works at now (not used,
 * not expired); PACE_ENOTFOUND otherwise. */
int store_reset_link_find(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES], int64_t now,
                          int64_t *user_id, struct pace_error *err);
/* Spends a working link and sets her password (see above): *user_id
 * whose, *codes_left her unused recovery codes. PACE_ENOTFOUND otherwise. */
int store_reset_link_use(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                         const char *pwhash, int64_t now, int64_t *user_id, int *codes_left,
                         struct pace_error *err);

/* ---- Report links ----------------------------------------------------------
 * A link to one PDF snapshot of her report for a clinician without an
 * account (sqlite_report_link.c). Only the token's hash is kept; the PDF,
 * the name she typed and the passcode are sealed. */
#define REPORT_LINK_NAME_MAX 60
#define REPORT_LINK_PASSCODE_DIGITS 6
struct report_link {
    int64_t id;
    char public_id[CRYPTO_UUID_CHARS + 1];
    int64_t subject_id;
    char name[REPORT_LINK_NAME_MAX + 1]; /* the name or pseudonym she typed, "" for none */
    char passcode[REPORT_LINK_PASSCODE_DIGITS + 1]; /* "" for none */
    int64_t period_from, period_to;
    int64_t created_at, expires_at, revoked_at; /* revoked_at 0: not revoked */
    int64_t opens, last_opened_at;
};
/* Stores a new link (public_id, id set) with its sealed PDF. */
int store_report_link_add(struct store *s, struct report_link *l,
                          const unsigned char token_hash[CRYPTO_HASH_BYTES], const void *pdf,
                          size_t pdf_len, struct pace_error *err);
/* The link with this token hash (expired or revoked ones too: the caller
 * decides); PACE_ENOTFOUND otherwise. */
int store_report_link_by_token(struct store *s, const unsigned char hash[CRYPTO_HASH_BYTES],
                               struct report_link *out, struct pace_error *err);
/* By row id or by her public id (subject_id 0: anyone's). */
int store_report_link_get(struct store *s, int64_t id, struct report_link *out,
                          struct pace_error *err);
int store_report_link_by_public(struct store *s, int64_t subject_id, const char *public_id,
                                struct report_link *out, struct pace_error *err);
/* Hers, newest first (free() the array). */
int store_report_links_of(struct store *s, int64_t subject_id, struct report_link **items,
                          size_t *n, struct pace_error *err);
/* The snapshot (buf_free it); counts one open at now. */
int store_report_link_pdf(struct store *s, int64_t id, int64_t now, struct buf *out,
                          struct pace_error *err);
/* Revokes her link; PACE_ENOTFOUND when not hers or already revoked. */
int store_report_link_revoke(struct store *s, int64_t subject_id, int64_t id, int64_t now,
                             struct pace_error *err);

/* ---- Her data as a whole -------------------------------------------------
 * Importing a document read by export_read (core/export.h) into her
 * account: everything is added in ONE transaction, or nothing is. What she
 * already has is kept and counted as skipped: a session with the same id,
 * a ladder entry taken at the same second with the same answers (as many
 * times as she has it: the file's further copies are added), a goal of
 * the goals file she already picked, her own goal with the same label and
 * range, her own item
 * with the same label and diameter (which is then used for the file's
 * item), her program, her reminders, her note and language when set. Her
 * own items from the file get new ids here; kit and sessions follow. Her
 * pseudonym is taken from the file (when no one else here has it) if she
 * has none, or had no sessions and no ladder entries before. A session id
 * that belongs to someone else on this instance is PACE_ECONFLICT (field
 * "sessions[i].id") and nothing is imported; more sessions or ladder
 * entries than a person keeps is PACE_EINVAL. */

struct import_counts {
    int sessions_added, sessions_skipped;
    int custom_added, custom_skipped;
    int kit_added, kit_skipped;
    int goals_added, goals_skipped;
    int ladder_added, ladder_skipped;
    int program_added, program_skipped;
    int reminders_added, reminders_skipped;
    int about_added, about_skipped;
    int language_added, language_skipped;
};

int store_import(struct store *s, int64_t user_id, const struct export_doc *d, int64_t now,
                 struct import_counts *out, struct pace_error *err);

/* The support community. */
#include "store/store_community.h"

#endif
