/*
 * clinic.h - the clinician's workspace as use cases: her intake, exam
 * notes, plan changes a clinician proposes or makes and her answer to
 * them, written feedback, a clinician's caseload, and the operator's
 * verification of clinicians. Every use case asks the gate (policy.c)
 * first, so every look by a clinician is in her audit trail.
 */
#ifndef PACE_APP_CLINIC_H
#define PACE_APP_CLINIC_H

#include "app/app.h"
#include "core/clinic.h"
#include "core/intake.h"
#include "store/clinic.h"

/* ---- her intake ---- */

/* Hers, and when /today suggested a check (0: never); PACE_ENOTFOUND when
 * she has not filled it in (or the asker may not read it). */
int app_intake_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct intake *out, struct pace_error *err);
/* Checks (intake_check) and saves it. */
int app_intake_save(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    const struct intake *in, int64_t now, struct pace_error *err);
/* Whether /today should suggest, this once, that a clinician checks for
 * physical causes: she answered "no" and it was never shown. Marks it
 * shown. Herself only; false on any failure. */
bool app_intake_suggest_once(const struct app_ctx *c, const struct principal *who, int64_t subject,
                             int64_t now);

/* ---- exam notes ---- */

/* A clinician's exam note about her (checked with clinic_exam_check at the
 * clinician's tz, minutes east of UTC). n->author_id is set to who. */
int app_exam_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                 struct exam_note *n, int64_t now, int tz, struct pace_error *err);
/* Her notes, oldest first: all of them for her, a clinician's own for a
 * clinician (store_exams_free). */
int app_exam_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct exam_note **items, size_t *n, struct pace_error *err);

/* Frees a list of exam notes from app_exam_list. */
void app_exams_free(struct exam_note *items, size_t n);

/* ---- plan changes ---- */

/* A clinician's change: a proposal (needs "propose") waits for her; an edit
 * (needs "edit_plan") is her plan at once. Checked against the engine's
 * bounds and her plan now (clinic_change_check). ch->kind says which;
 * author, subject, status and the public id are set. */
int app_change_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   struct plan_change *ch, int64_t now, struct pace_error *err);
/* Her changes, newest first (status -1: any): all for her, a clinician's
 * own for a clinician. free() the array. */
int app_change_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    int status, struct plan_change **items, size_t *n, struct pace_error *err);
/* Her answer to an open proposal; accepting it makes it her plan (checked
 * again against her plan as it is now). */
int app_change_decide(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const char *public_id, bool accept, int64_t now, struct pace_error *err);
/* One of her changes by id (a clinician: only their own). */
int app_change_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                   const char *public_id, struct plan_change *out, struct pace_error *err);
/* The edits she has not been told about yet (free() the array), and
 * marking them told. */
int app_change_unseen(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      struct plan_change **items, size_t *n, struct pace_error *err);
int app_change_seen(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    int64_t now, struct pace_error *err);

/* ---- written feedback ---- */

int app_feedback_add(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     struct clinic_feedback *f, int64_t now, struct pace_error *err);
/* Newest first: hers (unseen: only those she has not put away), or a
 * clinician's own (clinic_feedback_list_free). */
int app_feedback_list(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      bool unseen, struct clinic_feedback **items, size_t *n,
                      struct pace_error *err);
int app_feedback_seen(const struct app_ctx *c, const struct principal *who, int64_t subject,
                      const char *public_id, int64_t now, struct pace_error *err);

/* ---- the caseload ---- */

struct caseload_row {
    char grant_id[CRYPTO_UUID_CHARS + 1];
    char name[GRANT_LABEL_MAX + 1]; /* the name or pseudonym she chose */
    unsigned scopes;
    int64_t grant_end;                          /* 0: open-ended */
    bool summary, sessions;                     /* what the row may show */
    int practised_this_week, planned_this_week; /* planned 0: no plan for the week */
    enum engine_action action;
    struct caseload_stats st;
    unsigned flags;
    int urgency;
};
/* Everyone who shares with who as a clinician, what needs attention first
 * (free() the array). Each patient's row is read through the gate. */
int app_caseload(const struct app_ctx *c, const struct principal *who, int64_t now,
                 const struct tz_zone *zone, struct caseload_row **rows, size_t *n,
                 struct pace_error *err);

/* ---- verification ---- */

/* The operator marks a clinician verified (or not, on == false). The
 * command line, or an admin's page. */
int app_clinician_verify(const struct app_ctx *c, const struct principal *who, int64_t user_id,
                         bool on, int64_t now, struct pace_error *err);
/* Every clinician account (admins and the operator only; free()). */
int app_clinicians_list(const struct app_ctx *c, const struct principal *who,
                        struct clinician_row **items, size_t *n, struct pace_error *err);
/* When a grantee (a clinician) was verified, 0 when not; for the patient's
 * pages, which show it beside the name. */
int64_t app_clinician_verified_at(const struct app_ctx *c, int64_t user_id);

#endif
