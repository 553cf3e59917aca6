/*
 * export.h - everything one person keeps in Pace as plain structs, the
 * portable JSON document made from them ("pace-export", version 3,
 * docs/export-format.md) and its strict reading for an import, with the
 * CSV of her sessions (csv.c) and a FHIR R4 bundle (fhir.c). Her sharing
 * and her audit trail are in the document and the bundle; they record
 * what happened on the server that made the file, so an import reads
 * them but never brings them in.
 *
 * Pure: the store gathers and writes; here are only the shapes and rules.
 * The reader checks the whole document with the validators the API uses
 * (sessions, ladder, program, goals, kit items against the catalogs) and
 * names the first problem's path, such as "sessions[12].after.pain".
 */
#ifndef PACE_EXPORT_H
#define PACE_EXPORT_H

#include "core/account.h"
#include "core/catalog.h"
#include "core/err.h"
#include "core/kit.h"
#include "core/ladder.h"
#include "core/plan.h"
#include "core/practice.h"
#include "core/reminder.h"
#include "core/util.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXPORT_FORMAT "pace-export"
#define EXPORT_FORMAT_VERSION 3 /* written; versions 1, 2 and 3 are read */

/* How much one person keeps, at most. These caps are what make her
 * export's size finite, so an import can take any export Pace writes:
 * the store refuses a session or ladder entry beyond them. */
#define EXPORT_MAX_SESSIONS 10000 /* more than 27 years of daily practice */
#define EXPORT_MAX_LADDER 10000   /* one a month is offered */

/* The most one record can take in the compact JSON Pace writes (a note of
 * 4,000 four-byte characters, 50 spasms and every list full), and the rest
 * of the document with every other list at its cap. test_core_export.c
 * writes records at every limit and checks these bounds. */
#define EXPORT_SESSION_BYTES 20000
#define EXPORT_LADDER_BYTES 512
#define EXPORT_REST_BYTES (256 * 1024)
/* Her trail and her grants have no cap in the store, so no file size
 * holds them all. The import's limit makes room for this many of each at
 * their largest (a partner who looks at five things a day for 27 years),
 * far more than any real account; a file with more can still be imported
 * without its "audit" member, which the import does not bring in. */
#define EXPORT_AUDIT_BYTES 1024 /* one entry of "audit", at most */
#define EXPORT_GRANT_BYTES 1024 /* one entry of "sharing", at most */
#define EXPORT_ROOM_AUDIT 50000
#define EXPORT_ROOM_GRANTS 1000
/* The largest export Pace writes (with that much of her trail and
 * grants); the import routes and pace import take files up to this size. */
#define EXPORT_MAX_BYTES                                                                           \
    ((size_t)EXPORT_REST_BYTES + (size_t)EXPORT_MAX_SESSIONS * EXPORT_SESSION_BYTES +              \
     (size_t)EXPORT_MAX_LADDER * EXPORT_LADDER_BYTES +                                             \
     (size_t)EXPORT_ROOM_AUDIT * EXPORT_AUDIT_BYTES +                                              \
     (size_t)EXPORT_ROOM_GRANTS * EXPORT_GRANT_BYTES)
/* While reading, one top-level member or one entry of a list may take
 * at most this much (with room for the indented files
 * earlier versions wrote), so the parser never holds more than one such
 * piece as a JSON tree. */
#define EXPORT_PART_BYTES (256 * 1024)

/* "pace-" and 32 lower-case hex digits: the pseudonym that stands for her
 * in a FHIR export, the same on every server her data moves to. */
#define EXPORT_PSEUDONYM_LEN 37

#define EXPORT_UUID_LEN 36
#define EXPORT_NAME_MAX 24   /* a name (action, kind of data, scope), with its NUL */
#define EXPORT_RECORD_MAX 64 /* a record's id in her trail, with its NUL */
#define EXPORT_LABEL_MAX 60  /* bytes of her name for a grantee and of hers for them */
#define EXPORT_MAX_SCOPES 16 /* scopes of one grant */

/* Who did something in her trail. */
enum export_actor {
    EXPORT_ACTOR_NONE = 0, /* no account: the operator at the server's command line, or
                              someone not signed in (the trail cannot tell them apart) */
    EXPORT_ACTOR_ACCOUNT,  /* an account of the server (actor is its email) */
    EXPORT_ACTOR_DELETED,  /* an account deleted since */
    EXPORT_ACTOR_LINK,     /* someone holding one of her report links (no account) */
    EXPORT_ACTOR_COUNT
};

/* One entry of her audit trail: an access to her data by anyone else. */
struct export_audit {
    int64_t at;
    enum export_actor actor_kind;
    char *actor;       /* owned: the account's email; NULL unless EXPORT_ACTOR_ACCOUNT */
    int64_t actor_key; /* tells people apart in this document (0: no account); never
                          written, and 0 after reading a file */
    char grant[EXPORT_UUID_LEN + 1]; /* the grant it went through, "" when none */
    char action[EXPORT_NAME_MAX];    /* read, create, update, delete */
    char resource[EXPORT_NAME_MAX];  /* the kind of her data ("sessions", "grants", ...) */
    char record[EXPORT_RECORD_MAX];  /* the record asked for (printable ASCII), "" for a
                                        kind as a whole */
    bool allowed;
};

/* One of her grants (an invitation until someone accepts it). */
struct export_grant {
    char id[EXPORT_UUID_LEN + 1];   /* its public id */
    char relation[EXPORT_NAME_MAX]; /* partner, clinician */
    char scopes[EXPORT_MAX_SCOPES][EXPORT_NAME_MAX];
    size_t nscopes;
    int64_t start, end;                  /* the period; end 0: open-ended */
    char status[EXPORT_NAME_MAX];        /* invited, active, revoked */
    char grantee[ACCOUNT_EMAIL_MAX + 2]; /* "" until accepted */
    int64_t grantee_key;                 /* as export_audit's actor_key */
    int64_t invited_at, invitation_expires_at, accepted_at, revoked_at; /* 0: none */
    char label[EXPORT_LABEL_MAX + 1];    /* her name for the grantee */
    char shown_as[EXPORT_LABEL_MAX + 1]; /* the name the grantee sees for her */
};

struct export_doc {
    /* her account */
    char email[ACCOUNT_EMAIL_MAX + 2];
    int lang;                                 /* enum lang, or -1 when she has not chosen */
    int64_t created_at;                       /* of the account */
    char *about;                              /* owned, "" when none */
    char pseudonym[EXPORT_PSEUDONYM_LEN + 1]; /* "" when none (a version 1 file) */
    /* her kit: every id in it (catalog ids and "custom-<n>"), and her own
     * items, in or out of the kit */
    struct kit_id *kit;
    size_t nkit;
    struct custom_item *customs;
    size_t ncustom;
    /* her plan */
    bool has_program;
    struct plan_choice program;
    struct plan_goal *goals;
    size_t ngoals;
    /* her records, newest first */
    struct practice *sessions;
    size_t nsessions;
    struct ladder_entry *ladder;
    size_t nladder;
    /* her reminder schedule (never the feed's address), with its zone */
    bool has_reminder;
    struct reminder reminder;
    /* her grants and her trail, oldest first; read from a file but never
     * imported */
    struct export_grant *grants;
    size_t ngrants;
    struct export_audit *audit;
    size_t naudit;
};

/* An empty document (lang -1). */
void export_doc_init(struct export_doc *d);
/* Frees everything d owns (wiping the free texts) and re-initialises it. */
void export_doc_free(struct export_doc *d);

/* Appends the whole document to out as compact JSON (one line and a
 * newline), record by record: never more than one record is a JSON tree,
 * so writing takes little more memory than the text itself. */
void export_write(const struct export_doc *d, int64_t exported_at, struct buf *out);
/* The same document as a new JSON object (the caller decrefs); for tests
 * and small documents. export_write writes exactly its compact form. */
json_t *export_to_json(const struct export_doc *d, int64_t exported_at);

/* Reads the bytes of a document strictly into out (initialised here): the
 * format and its version, every key known, every value checked. The
 * members may come in any order; "sessions", "ladder", "sharing" and
 * "audit" are parsed one entry at a time, so a large file never becomes
 * one large JSON tree. A reminder's time zone is checked for its shape
 * only: whether this server knows it is the caller's to ask.
 * cat resolves kit and session dilator ids (a session may name a catalog
 * item or one of the file's own items, with a size that item can have);
 * l checks the program and goals. On failure out is freed and err names
 * the path; a file that is not JSON names the line and column (field ""). */
int export_read(const char *bytes, size_t len, const struct catalog *cat,
                const struct plan_library *l, int64_t now, struct export_doc *out,
                struct pace_error *err);
/* export_read of a JSON tree (written compactly first); for tests. */
int export_from_json(const json_t *j, const struct catalog *cat, const struct plan_library *l,
                     int64_t now, struct export_doc *out, struct pace_error *err);

/* True when s is a UUID in its text form (8-4-4-4-12 hex digits). */
bool export_uuid_valid(const char *s);
/* True when s is a pseudonym: "pace-" and 32 lower-case hex digits. */
bool export_pseudonym_valid(const char *s);
/* A ladder entry's answers as one number: two entries have the same key
 * exactly when every answer is the same. */
uint64_t export_ladder_key(const struct ladder_entry *e);
/* True when s is a name as the trail and grants use them: 1 to 23 of
 * a-z, 0-9 and '_', starting with a letter. */
bool export_name_valid(const char *s);
/* The names a grant's relation, a grant's status, an entry's action and
 * an entry's actor_kind can have; NULL past the last. */
const char *export_relation_name(int i);
const char *export_status_name(int i);
const char *export_action_name(int i);
const char *export_actor_name(enum export_actor k);

/* ---- CSV (csv.c) ---- */

/* The UTF-8 byte order mark: spreadsheet programs that see it read the
 * file as UTF-8 (umlauts and every other script shown right). */
#define CSV_BOM "\xEF\xBB\xBF"

/* Appends one RFC 4180 cell: quoted when it holds a comma, quote, CR or
 * LF (quotes doubled). The formula guard: a cell that starts with = + - @
 * or an apostrophe (or a tab or CR) gets one more apostrophe in front, so
 * a spreadsheet shows it as text instead of running it as a formula. The
 * guard can always be undone: dropping one leading apostrophe from every
 * cell that starts with one gives the text back exactly. */
void csv_cell(struct buf *out, const char *s);
/* Her sessions as CSV: a header line, then one line per session, every
 * line ended with CRLF; with bom, CSV_BOM first. */
void csv_sessions(const struct practice *items, size_t n, bool bom, struct buf *out);

/* ---- FHIR R4 (fhir.c) ---- */

/* Pace's own code systems and identifier systems live under this base;
 * .invalid is a reserved domain, so the URLs name them and resolve
 * nowhere. It is also the base of every entry's fullUrl. */
#define FHIR_BASE "https://pace.invalid/fhir/"
#define FHIR_SCORES_SYSTEM FHIR_BASE "CodeSystem/scores"
#define FHIR_PRACTICE_SYSTEM FHIR_BASE "CodeSystem/practice"
#define FHIR_OUTCOME_SYSTEM FHIR_BASE "CodeSystem/outcome"
#define FHIR_PATIENT_SYSTEM FHIR_BASE "NamingSystem/patient"
#define FHIR_SESSION_SYSTEM FHIR_BASE "NamingSystem/session"
#define FHIR_OBSERVATION_SYSTEM FHIR_BASE "NamingSystem/observation"
#define FHIR_LADDER_SYSTEM FHIR_BASE "NamingSystem/ladder-entry"
#define FHIR_LADDER_QUESTIONNAIRE FHIR_BASE "Questionnaire/comfort-ladder"
#define FHIR_GRANT_SYSTEM FHIR_BASE "NamingSystem/grant"
#define FHIR_PERSON_SYSTEM FHIR_BASE "NamingSystem/person"
#define FHIR_RECORD_SYSTEM FHIR_BASE "NamingSystem/record"
#define FHIR_SCOPE_SYSTEM FHIR_BASE "CodeSystem/sharing-scope"
#define FHIR_ACTOR_SYSTEM FHIR_BASE "CodeSystem/actor"
#define FHIR_DATA_KIND_SYSTEM FHIR_BASE "CodeSystem/data-kind"
#define FHIR_LOINC_SYSTEM "http://loinc.org"
#define FHIR_LOINC_PAIN "72514-3"
#define FHIR_UCUM_SYSTEM "http://unitsofmeasure.org"

/* Appends a Bundle of type "collection" as compact JSON, entry by entry
 * (docs/export-format.md): the Patient (only patient_id, her pseudonym,
 * as its id and identifier), the comfort-ladder Questionnaire, per
 * session an Observation of the session (dilator size, duration, outcome,
 * highest pain, number of spasms) with the session's scores and spasms as
 * Observations of their own, a QuestionnaireResponse per ladder entry, a
 * Consent per grant and an AuditEvent per entry of her trail (fhir_share.c;
 * other people are named by their role and a number, never their email).
 * Every entry has a fullUrl, every Observation its own identifier, every
 * reference resolves inside the Bundle, and every id is made from her
 * data alone, so it is the same on any server her data moves to. now
 * decides which grants are still in force. */
void fhir_write(const struct export_doc *d, const char *patient_id, int64_t now, struct buf *out);
/* fhir_write's Bundle as a JSON object (the caller decrefs); for tests. */
json_t *fhir_bundle(const struct export_doc *d, const char *patient_id, int64_t now);

#endif
