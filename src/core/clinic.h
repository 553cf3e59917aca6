/*
 * clinic.h - the clinician's workspace, pure: exam grades (Lamont 1-4,
 * Pacik 5) with their definitions and plain words, exam notes, written
 * feedback, plan changes a clinician proposes or makes (checked against
 * the engine's bounds; a safety stop only ever moves stricter), and the
 * numbers of one row of a caseload (flags, trends). No I/O; "now" is
 * passed in.
 *
 * Files: clinic.c (grades, notes, feedback, plan changes), caseload.c
 * (a caseload row from her sessions), fhir_clinic.c (exam grades and the
 * intake in a FHIR bundle), chart_grades.c (the grades over time).
 */
#ifndef PACE_CLINIC_H
#define PACE_CLINIC_H

#include "core/engine.h"
#include "core/err.h"
#include "core/plan.h"
#include "core/practice.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLINIC_UUID_CHARS 36
#define CLINIC_EMAIL_BYTES 256

/* ---- exam grades ---- */

#define CLINIC_GRADE_MIN 1
#define CLINIC_GRADE_MAX 5 /* Lamont 1-4, Pacik 5 */

/* "Lamont 2", "Pacik 5" (translated); NULL outside 1-5. */
const char *clinic_grade_name(int grade);
/* The definition a clinician grades by (CLINICAL.md), translated. */
const char *clinic_grade_definition(int grade);
/* The same in plain words for her, translated. */
const char *clinic_grade_plain(int grade);
/* Where the grade comes from: "Lamont (1978)" or "Pacik (2010)". */
const char *clinic_grade_source(int grade);
/* "lamont-2", "pacik-5": the code in exports. */
const char *clinic_grade_code(int grade);

/* ---- exam notes ---- */

#define CLINIC_FINDINGS_MAX 4000 /* characters */
#define CLINIC_NOTE_MAX 1000     /* characters of the note for her */

struct exam_note {
    int64_t id;
    char public_id[CLINIC_UUID_CHARS + 1];
    int64_t subject_id; /* her */
    int64_t author_id;  /* the clinician; 0 when the account is gone */
    char author_email[CLINIC_EMAIL_BYTES];
    char date[11];      /* the day of the exam, YYYY-MM-DD */
    int grade;          /* 1-5 */
    char *findings;     /* owned; sealed at rest; "" when none */
    char *patient_note; /* owned; sealed at rest; in plain words, for her */
    int64_t created_at;
};

void clinic_exam_init(struct exam_note *n);
/* Frees (wiping) what n owns and re-initialises it. */
void clinic_exam_clear(struct exam_note *n);
/* Checks a note: a real date from 2000 on that is not after today where
 * the clinician is (tz: minutes east of UTC), a grade 1-5, findings and
 * the note for her within their lengths, on text without control
 * characters (newlines allowed). PACE_EINVAL with err->field "date",
 * "grade", "findings" or "patient_note". */
int clinic_exam_check(const struct exam_note *n, int64_t now, int tz, struct pace_error *err);
/* The instant charts put an exam at: noon UTC of its day; 0 when the
 * date is malformed. */
int64_t clinic_date_noon(const char *date);
/* Reads {"date", "grade", "findings"?, "patient_note"?} strictly into n
 * (cleared first; checked with clinic_exam_check at tz 840, so any date
 * that is today somewhere is allowed). */
int clinic_exam_from_json(const json_t *j, int64_t now, struct exam_note *n,
                          struct pace_error *err);
/* {"id", "date", "grade", "grade_name", "definition", "plain", "findings",
 * "patient_note", "author", "created_at"}; the caller decrefs. */
json_t *clinic_exam_to_json(const struct exam_note *n);

/* ---- written feedback ---- */

#define CLINIC_FEEDBACK_MAX 500 /* characters */

struct clinic_feedback {
    int64_t id;
    char public_id[CLINIC_UUID_CHARS + 1];
    int64_t subject_id, author_id;
    char author_email[CLINIC_EMAIL_BYTES];
    char *text; /* owned; sealed at rest */
    int64_t created_at;
    int64_t seen_at; /* 0: she has not put it away */
};
/* Checks the text: 1-500 characters, no control characters but newlines.
 * PACE_EINVAL with err->field "text". */
int clinic_feedback_check(const char *text, struct pace_error *err);
void clinic_feedback_list_free(struct clinic_feedback *items, size_t n);

/* ---- plan changes ---- */

#define CLINIC_REASON_MAX 500 /* characters */
#define CLINIC_REASON_BYTES (CLINIC_REASON_MAX * 4 + 1)

enum change_kind { CHANGE_PROPOSAL = 0, CHANGE_EDIT, CHANGE_KIND_COUNT };
enum change_status {
    CHANGE_OPEN = 0,  /* a proposal waiting for her */
    CHANGE_ACCEPTED,  /* she accepted it: in her plan */
    CHANGE_DECLINED,  /* she said no */
    CHANGE_WITHDRAWN, /* replaced by a newer proposal of the same clinician */
    CHANGE_APPLIED,   /* an edit, in her plan at once */
    CHANGE_STATUS_COUNT
};

/* A change to her plan: another program (program_id "" keeps hers) and
 * rules set to new values, with the clinician's reason. */
struct plan_change {
    int64_t id;
    char public_id[CLINIC_UUID_CHARS + 1];
    int64_t subject_id, author_id;
    char author_email[CLINIC_EMAIL_BYTES];
    enum change_kind kind;
    enum change_status status;
    char program_id[PLAN_ID_MAX];
    bool set[P_PARAM_COUNT];
    int v[P_PARAM_COUNT];
    char reason[CLINIC_REASON_BYTES]; /* sealed at rest */
    int64_t created_at, decided_at;
    int64_t seen_at; /* an edit: when she saw the notice (0: not yet) */
};

const char *clinic_change_kind_name(enum change_kind k);
int clinic_change_kind_parse(const char *s);
const char *clinic_change_status_name(enum change_status s);
int clinic_change_status_parse(const char *s);

/* Checks a change against the library and her plan as it is (current:
 * her choice; now for the week of her rules): a program the library
 * knows, rules within the engine's bounds (field "params.NAME"), a safety
 * stop never looser than hers now, at least one real change, a reason of
 * 1-500 characters (field "reason"), and a plan her program can follow.
 * PACE_EINVAL with err->field. */
int clinic_change_check(const struct plan_library *l, const struct plan_change *ch,
                        const struct plan_choice *current, int64_t now, struct pace_error *err);
/* Her choice with the change applied (a new program starts at now). */
void clinic_change_apply(const struct plan_change *ch, const struct plan_choice *current,
                         int64_t now, struct plan_choice *out);
/* Reads {"program"?, "params"?, "reason"} strictly; "program" null or
 * absent keeps hers. */
int clinic_change_from_json(const json_t *j, struct plan_change *out, struct pace_error *err);
/* The API's view; the caller decrefs. */
json_t *clinic_change_to_json(const struct plan_change *ch);
/* The change in one line for people ("Practice minutes: 15. Program:
 * Vaginismus."), translated. */
void clinic_change_text(const struct plan_library *l, const struct plan_change *ch, char *out,
                        size_t n);

/* ---- a caseload row ---- */

#define CASELOAD_RECENT_DAYS 14   /* flags look back this far (Pace default) */
#define CASELOAD_IDLE_DAYS 14     /* no practice for this long: a flag (Pace default) */
#define CASELOAD_ENDING_DAYS 7    /* a grant ending this soon: a flag */
#define CASELOAD_TREND_WEEKS 4    /* trends compare the first and the last of these */
#define CASELOAD_TREND_POINTS 2.0 /* a change this large counts (Farrar et al., Pain 2001) */

enum caseload_flag {
    FLAG_SEE_CLINICIAN = 1 << 0, /* the engine suggests seeing a clinician */
    FLAG_SAFETY = 1 << 1,        /* bleeding or signs of infection reported */
    FLAG_SEVERE_PAIN = 1 << 2,   /* pain of 8 or more in a session */
    FLAG_IDLE = 1 << 3,          /* no practice for CASELOAD_IDLE_DAYS or more */
    FLAG_ENDING = 1 << 4,        /* her grant ends within CASELOAD_ENDING_DAYS */
    FLAG_COUNT = 5
};
extern const char *const caseload_flag_names[FLAG_COUNT];

/* What her sessions say, for a clinician's list. Means are -1 when there
 * is nothing to average. */
struct caseload_stats {
    int64_t last_practice;      /* 0: none */
    double size_now_mm;         /* the size of her latest session with a dilator, 0: none */
    double size_then_mm;        /* the same four weeks earlier (0: none) */
    double fear_then, fear_now; /* mean fear at the start, first and last two weeks */
    double pain_then, pain_now; /* mean highest pain, first and last two weeks */
    unsigned flags;             /* FLAG_SAFETY, FLAG_SEVERE_PAIN, FLAG_IDLE from the sessions */
};

/* From her sessions (newest first; at least the last CASELOAD_TREND_WEEKS
 * weeks, and her last practice if older). */
void caseload_stats_compute(const struct practice *sessions, size_t n, int64_t now,
                            struct caseload_stats *out);
/* -1 falling, 0 steady, 1 rising: a change of at least threshold between
 * then and now (unknown ends: 0). */
int caseload_trend(double then, double now, double threshold);
/* How much a row needs a look: the larger, the sooner it is listed. */
int caseload_urgency(unsigned flags);

#endif
