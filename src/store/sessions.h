/*
 * sessions.h - practice-session operations shared by the web API and the
 * CLI, built on store.h and core alone: reading a record the way the API
 * does (strict JSON, then "is this dilator in her kit?").
 */
#ifndef PACE_SESSIONS_H
#define PACE_SESSIONS_H

#include "core/catalog.h"
#include "store/store.h"

/* Checks p->dilator_id against her kit (catalog items she owns and her own
 * items; cat may be NULL, then only her own items count). An id not in her
 * kit is PACE_EINVAL with field "dilator_id". When p->diameter_mm is 0 it
 * is copied from the item, so the record keeps the size of the day even if
 * her kit changes later; a size the item cannot have is PACE_EINVAL with
 * field "diameter_mm" (an adjustable device needs the size it was set to).
 * old is the stored record being replaced, or NULL: keeping its dilator_id
 * is accepted even when that item has since left her kit. */
int sessions_check_dilator(struct store *s, const struct catalog *cat, int64_t user_id,
                           struct practice *p, const struct practice *old, struct pace_error *err);

/* Fills p from body exactly as POST and PUT /api/v1/sessions do:
 * practice_from_json, then sessions_check_dilator. On error p is cleared
 * and err names the field. The caller clears p with practice_clear. */
int sessions_from_json(struct store *s, const struct catalog *cat, int64_t user_id,
                       const json_t *body, const struct practice *old, int64_t now,
                       struct practice *p, struct pace_error *err);

#endif
