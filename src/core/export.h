/*
 * export.h - everything one person keeps in Pace as plain structs, the
 * portable JSON document made from them ("pace-export", version 1,
 * docs/export-format.md) and its strict reading for an import, with the
 * CSV of her sessions (csv.c) and a FHIR R4 bundle (fhir.c).
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
#define EXPORT_FORMAT_VERSION 2 /* written; versions 1 and 2 are read */

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
/* The largest export Pace writes; the import routes and pace import take
 * files up to this size. */
#define EXPORT_MAX_BYTES                                                                           \
    ((size_t)EXPORT_REST_BYTES + (size_t)EXPORT_MAX_SESSIONS * EXPORT_SESSION_BYTES +              \
     (size_t)EXPORT_MAX_LADDER * EXPORT_LADDER_BYTES)
/* While reading, one top-level member or one entry of "sessions" or
 * "ladder" may take at most this much (with room for the indented files
 * earlier versions wrote), so the parser never holds more than one such
 * piece as a JSON tree. */
#define EXPORT_PART_BYTES (256 * 1024)

/* "pace-" and 32 lower-case hex digits: the pseudonym that stands for her
 * in a FHIR export, the same on every server her data moves to. */
#define EXPORT_PSEUDONYM_LEN 37

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
    /* her reminder schedule (never the feed's address) */
    bool has_reminder;
    struct reminder reminder;
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
 * members may come in any order; "sessions" and "ladder" are parsed one
 * entry at a time, so a large file never becomes one large JSON tree.
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
#define FHIR_LOINC_SYSTEM "http://loinc.org"
#define FHIR_LOINC_PAIN "72514-3"
#define FHIR_UCUM_SYSTEM "http://unitsofmeasure.org"

/* Appends a Bundle of type "collection" as compact JSON, entry by entry
 * (docs/export-format.md): the Patient (only patient_id, her pseudonym,
 * as its id and identifier), the comfort-ladder Questionnaire, per
 * session an Observation of the session (dilator size, duration, outcome,
 * highest pain, number of spasms) with the session's scores and spasms as
 * Observations of their own, and a QuestionnaireResponse per ladder entry.
 * Every entry has a fullUrl, every Observation its own identifier, every
 * reference resolves inside the Bundle, and every id is made from her
 * data alone, so it is the same on any server her data moves to. */
void fhir_write(const struct export_doc *d, const char *patient_id, int64_t now, struct buf *out);
/* fhir_write's Bundle as a JSON object (the caller decrefs); for tests. */
json_t *fhir_bundle(const struct export_doc *d, const char *patient_id, int64_t now);

#endif
