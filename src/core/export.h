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
#define EXPORT_FORMAT_VERSION 1
#define EXPORT_MAX_SESSIONS 50000 /* more than 100 years of daily practice */
#define EXPORT_MAX_LADDER 500     /* as many as the store lists */

struct export_doc {
    /* her account */
    char email[ACCOUNT_EMAIL_MAX + 2];
    int lang;           /* enum lang, or -1 when she has not chosen */
    int64_t created_at; /* of the account */
    char *about;        /* owned, "" when none */
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

/* The whole document as a new JSON object (the caller decrefs). */
json_t *export_to_json(const struct export_doc *d, int64_t exported_at);

/* Reads a document strictly into out (initialised here): the format and
 * its version, every key known, every value checked. cat resolves kit and
 * session dilator ids (a session may name a catalog item or one of the
 * file's own items, with a size that item can have); l checks the program
 * and goals. On failure out is freed and err names the path. */
int export_from_json(const json_t *j, const struct catalog *cat, const struct plan_library *l,
                     int64_t now, struct export_doc *out, struct pace_error *err);

/* True when s is a UUID in its text form (8-4-4-4-12 hex digits). */
bool export_uuid_valid(const char *s);

/* ---- CSV (csv.c) ---- */

/* Appends one RFC 4180 cell: quoted when it holds a comma, quote, CR or
 * LF (quotes doubled); a cell starting with = + - @ (or a tab or CR) gets
 * a leading apostrophe first, so spreadsheets show it as text instead of
 * running it as a formula. */
void csv_cell(struct buf *out, const char *s);
/* Her sessions as CSV: a header line, then one line per session, every
 * line ended with CRLF. */
void csv_sessions(const struct practice *items, size_t n, struct buf *out);

/* ---- FHIR R4 (fhir.c) ---- */

#define FHIR_SCORES_SYSTEM "https://pace.invalid/fhir/CodeSystem/scores"
#define FHIR_SESSION_SYSTEM "https://pace.invalid/fhir/NamingSystem/session"
#define FHIR_LADDER_QUESTIONNAIRE "https://pace.invalid/fhir/Questionnaire/comfort-ladder"
#define FHIR_LOINC_SYSTEM "http://loinc.org"
#define FHIR_LOINC_PAIN "72514-3"

/* A Bundle of type "collection": one Patient (only patient_id, a
 * pseudonym), per session an Observation for each score given (pain
 * before and after with LOINC 72514-3; fear and tension with Pace's own
 * codes), and a QuestionnaireResponse per comfort-ladder entry. The
 * caller decrefs. */
json_t *fhir_bundle(const struct export_doc *d, const char *patient_id, int64_t now);

#endif
