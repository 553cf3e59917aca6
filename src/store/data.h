/*
 * data.h - her data as a whole, built on store.h and core alone: gathering
 * everything she keeps into an export document, reading a document for an
 * import (checked against the catalogs and programs), and the pseudonym
 * that stands for her in a FHIR export.
 */
#ifndef PACE_DATA_H
#define PACE_DATA_H

#include "core/export.h"
#include "store/store.h"

/* Fills out (the caller frees it with export_doc_free) with everything of
 * hers, notes and labels decrypted. */
int data_gather(struct store *s, int64_t user_id, struct export_doc *out,
                struct pace_error *err);

/* Reads the bytes of an export (strict JSON, then export_from_json) and
 * imports it with store_import. Nothing is written unless the whole file
 * is valid. A file that is not JSON is PACE_EINVAL with a message naming
 * the line and column. */
int data_import(struct store *s, const struct catalog *cat, const struct plan_library *l,
                int64_t user_id, const char *bytes, size_t len, int64_t now,
                struct import_counts *out, struct pace_error *err);

/* The counts as {"added": {...}, "skipped": {...}}; the caller decrefs. */
json_t *data_counts_json(const struct import_counts *c);

/* "pace-" and 32 hex digits: a keyed hash of her account id, the same for
 * each export from this instance and meaningless elsewhere. */
void data_patient_id(struct store *s, int64_t user_id, char out[48]);

enum data_format { DATA_JSON = 0, DATA_CSV, DATA_FHIR };

/* "json" (or NULL), "csv", "fhir"; -1 for anything else. */
int data_format_parse(const char *s);
/* Her data in format f (export_to_json, csv_sessions or fhir_bundle with
 * her pseudonym), appended to out; JSON is indented. */
int data_render(struct store *s, int64_t user_id, enum data_format f, int64_t now,
                struct buf *out, struct pace_error *err);

#endif
