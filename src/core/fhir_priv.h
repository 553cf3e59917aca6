/*
 * fhir_priv.h - what fhir.c (the Bundle, her sessions and ladder) and
 * fhir_share.c (her grants and trail) share: the building blocks of
 * resources and writing one entry. Not for use outside core.
 */
#ifndef PACE_FHIR_PRIV_H
#define PACE_FHIR_PRIV_H

#include "core/export.h"

/* New JSON values (the caller owns them). */
json_t *fhir_time(int64_t t);
json_t *fhir_coding(const char *system, const char *code, const char *display);
json_t *fhir_concept(json_t *one_coding, const char *text);
/* {"reference": "<type>/<id>"} */
json_t *fhir_reference(const char *type, const char *id);
json_t *fhir_identifier(const char *system, const char *value);
/* A list of the one identifier. */
json_t *fhir_identifiers(const char *system, const char *value);
/* Writes one entry (fullUrl from the resource's type and id) and
 * releases the resource. */
void fhir_put_entry(struct buf *out, json_t *resource);

/* A Consent per grant and an AuditEvent per entry of her trail (oldest
 * first), entry by entry. */
void fhir_put_sharing(struct buf *out, const struct export_doc *d, const char *patient_id,
                      int64_t now);

#endif
