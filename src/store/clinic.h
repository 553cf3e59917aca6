/*
 * clinic.h - what the clinician's workspace keeps (SQLite in
 * sqlite_clinic.c): a clinician's verification by the operator, her intake
 * (sealed), exam notes, changes to her plan proposed or made by a
 * clinician, and written feedback. Like store.h it decides nothing about
 * who may do what: the application layer asks the gate first.
 */
#ifndef PACE_STORE_CLINIC_H
#define PACE_STORE_CLINIC_H

#include "core/clinic.h"
#include "core/intake.h"
#include "store/store.h"

/* ---- verification ---- */

/* Marks a clinician's account verified at at (0: no longer). PACE_ENOTFOUND
 * when there is no such clinician. */
int store_user_set_verified(struct store *s, int64_t user_id, int64_t at, struct pace_error *err);
/* When the account was verified (0: not). */
int store_user_verified(struct store *s, int64_t user_id, int64_t *at, struct pace_error *err);
struct clinician_row {
    int64_t id;
    char email[ACCOUNT_EMAIL_MAX + 2];
    int64_t created_at, verified_at;
};
/* Every clinician account, oldest first (free() the array). */
int store_clinicians_list(struct store *s, struct clinician_row **items, size_t *n,
                          struct pace_error *err);

/* ---- her trail, many at once ---- */

/* Appends every entry (to each subject's own chain) in ONE transaction:
 * all or none. For a page that reads many people's data at once. */
int store_audit_append_many(struct store *s, struct audit_event *e, size_t n,
                            struct pace_error *err);

/* ---- her intake ---- */

/* Fills out and *suggested_at (when /today suggested a check; 0: never);
 * PACE_ENOTFOUND when she has not filled it in. */
int store_intake_get(struct store *s, int64_t user_id, struct intake *out, int64_t *suggested_at,
                     struct pace_error *err);
int store_intake_put(struct store *s, int64_t user_id, const struct intake *in, int64_t now,
                     struct pace_error *err);
/* Notes that the suggestion was shown (once only). */
int store_intake_suggested(struct store *s, int64_t user_id, int64_t now, struct pace_error *err);

/* ---- exam notes ---- */

/* Stores n (checked by the caller); id, public_id and created_at are set. */
int store_exam_insert(struct store *s, struct exam_note *n, int64_t now, struct pace_error *err);
/* Her notes, oldest exam first; author 0: everyone's. Free with
 * store_exams_free. */
int store_exam_list(struct store *s, int64_t subject_id, int64_t author_id,
                    struct exam_note **items, size_t *n, struct pace_error *err);
void store_exams_free(struct exam_note *items, size_t n);

/* ---- plan changes ---- */

/* Stores ch (checked by the caller; id, public_id, created_at set). A
 * proposal withdraws the author's earlier open one; with apply, her plan
 * becomes *apply in the same transaction (an edit), changed by the author. */
int store_change_insert(struct store *s, struct plan_change *ch, const struct plan_choice *apply,
                        int64_t now, struct pace_error *err);
/* Her changes, newest first; author 0: everyone's; status -1: any. free()
 * the array. */
int store_change_list(struct store *s, int64_t subject_id, int64_t author_id, int status,
                      struct plan_change **items, size_t *n, struct pace_error *err);
/* One of hers by public id; PACE_ENOTFOUND otherwise. */
int store_change_get(struct store *s, int64_t subject_id, const char *public_id,
                     struct plan_change *out, struct pace_error *err);
/* Her answer to an open proposal: accepted (her plan becomes *apply in the
 * same transaction) or declined. PACE_ENOTFOUND when it is not open. */
int store_change_decide(struct store *s, int64_t subject_id, int64_t change_id,
                        enum change_status status, const struct plan_choice *apply, int64_t now,
                        struct pace_error *err);
/* She has seen the notice of the edits made to her plan. */
int store_change_seen(struct store *s, int64_t subject_id, int64_t now, struct pace_error *err);

/* ---- written feedback ---- */

int store_feedback_insert(struct store *s, struct clinic_feedback *f, int64_t now,
                          struct pace_error *err);
/* Newest first; author 0: everyone's; unseen: only those she has not put
 * away. Free with clinic_feedback_list_free. */
int store_feedback_list(struct store *s, int64_t subject_id, int64_t author_id, bool unseen,
                        int limit, struct clinic_feedback **items, size_t *n,
                        struct pace_error *err);
int store_feedback_seen(struct store *s, int64_t subject_id, const char *public_id, int64_t now,
                        struct pace_error *err);

#endif
