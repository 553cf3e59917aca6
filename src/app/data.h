/*
 * data.h - her data as a whole, built on store.h and core alone: gathering
 * everything she keeps into an export document, writing it in the format
 * asked for, and reading a document for an import (checked against the
 * catalogs and programs).
 */
#ifndef PACE_DATA_H
#define PACE_DATA_H

#include "core/export.h"
#include "store/store.h"

/* Fills out (the caller frees it with export_doc_free) with everything of
 * hers, notes and labels decrypted, and her pseudonym (made now when she
 * has none yet). */
int data_gather(struct store *s, int64_t user_id, struct export_doc *out, struct pace_error *err);

/* Reads the bytes of an export (export_read: strict, piece by piece) and
 * imports it with store_import. Nothing is written unless the whole file
 * is valid. A file that is not JSON is PACE_EINVAL with a message naming
 * the line and column. */
int data_import(struct store *s, const struct catalog *cat, const struct plan_library *l,
                int64_t user_id, const char *bytes, size_t len, int64_t now,
                struct import_counts *out, struct pace_error *err);

/* The counts as {"added": {...}, "skipped": {...}}; the caller decrefs. */
json_t *data_counts_json(const struct import_counts *c);

enum data_format { DATA_JSON = 0, DATA_CSV, DATA_FHIR };

/* What to download: the format, and for CSV whether the file starts with
 * a byte order mark (for spreadsheet programs). */
struct data_request {
    enum data_format format;
    bool bom;
};

/* Reads format ("json" or NULL, "csv", "fhir") and bom (NULL, "0" or "1";
 * "1" only with csv) into out. PACE_EINVAL with a sentence and the field
 * ("format" or "bom") in err otherwise. */
int data_request_parse(const char *format, const char *bom, struct data_request *out,
                       struct pace_error *err);
/* Her data as q asks (export_write, csv_sessions or fhir_write with her
 * pseudonym), appended to out; JSON is compact. */
int data_render(struct store *s, int64_t user_id, const struct data_request *q, int64_t now,
                struct buf *out, struct pace_error *err);

#endif
