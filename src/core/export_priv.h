/*
 * export_priv.h - what the reading of a "pace-export" document shares
 * between export_read.c (the document piece by piece), export_fields.c
 * (the checks of each part) and export_trail.c (her grants and trail).
 * Not for use outside core.
 */
#ifndef PACE_EXPORT_PRIV_H
#define PACE_EXPORT_PRIV_H

#include "core/export.h"

/* Puts prefix (printf-style) before err->field: "after.pain" becomes
 * "sessions[3].after.pain"; an empty field becomes the prefix alone.
 * Returns rc. */
int export_within(struct pace_error *err, int rc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* PACE_EINVAL with msg for field. */
int export_bad(struct pace_error *err, const char *field, const char *msg);
/* Refuses keys of o not in keys; path names o ("" at the top). */
int export_known_keys(const json_t *o, const char *const *keys, size_t nkeys, const char *path,
                      struct pace_error *err);
int export_need_object(const json_t *v, const char *field, struct pace_error *err);
/* An RFC 3339 time (or null when nullable) into *out. */
int export_read_time(const json_t *v, bool nullable, const char *field, int64_t *out,
                     struct pace_error *err);

/* Each part of the document into d; v may be NULL when the part is
 * absent. version is the file's format_version. */
int export_read_account(const json_t *v, long version, struct export_doc *d,
                        struct pace_error *err);
int export_read_kit(const json_t *v, const struct catalog *cat, struct export_doc *d,
                    struct pace_error *err);
int export_read_program(const json_t *v, const struct plan_library *l, int64_t now,
                        struct export_doc *d, struct pace_error *err);
int export_read_goals(const json_t *v, const struct plan_library *l, int64_t now,
                      struct export_doc *d, struct pace_error *err);
int export_read_reminders(const json_t *v, long version, struct export_doc *d,
                          struct pace_error *err);
/* Entry i of "sharing" or "audit" appended to d (whose array has room for
 * *cap entries, grown here). */
int export_read_grant(const json_t *o, size_t i, struct export_doc *d, size_t *cap,
                      struct pace_error *err);
int export_read_audit(const json_t *o, size_t i, struct export_doc *d, size_t *cap,
                      struct pace_error *err);
/* The dilator session p names: a catalog item, or one of d's own items,
 * with a size that item can have. */
int export_session_dilator(const struct export_doc *d, const struct catalog *cat,
                           struct practice *p, struct pace_error *err);

#endif
