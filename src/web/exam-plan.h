/*
 * exam-plan.h - her plan for a gynaecological visit, gathered once for the
 * /exam-prep page and GET /api/v1/exam-prep alike: what she can ask for,
 * which dilator to bring and why, her latest comfort-ladder answers for an
 * exam, and the small-speculum comparison, each as kind sentences in the
 * request's language.
 *
 * Files: exam-plan.c implements this header; core/exam.h picks the size.
 */
#ifndef PACE_EXAM_PLAN_H
#define PACE_EXAM_PLAN_H

#include "core/exam.h"
#include "core/ladder.h"
#include "web/views/ui-practice.h"

struct exam_plan {
    struct ui_kit kit;            /* her dilators, smallest first */
    struct practice *sessions;    /* her recent sessions, newest first */
    size_t nsessions;
    int pain_max;                 /* highest pain that counts as low */
    struct exam_bring bring;
    bool has_ladder;              /* she has filled in the ladder */
    struct ladder_entry ladder;   /* her latest entry, when has_ladder */
    const struct tz_zone *zone;   /* her time zone (req_zone's), for dates */

    /* The sentences (escaped when written to a page). */
    char bring_what[200]; /* "FMS 18 (18 mm)", "" when nothing to suggest */
    char bring_why[400];
    char ladder_text[400];
    char speculum_text[400];
};

/* Loads her data for the plan into p; release with exam_plan_free (also
 * after a failure). 0 or a negative pace_err with err filled. */
int exam_plan_load(struct req *r, struct exam_plan *p, struct pace_error *err);
void exam_plan_free(struct exam_plan *p);
/* The whole plan as JSON (a new reference). */
json_t *exam_plan_json(const struct exam_plan *p);

/* "anxiety 7 of 10, pain: not tried yet" for one ladder answer. */
void exam_plan_answer_words(const struct ladder_answer *a, char *out, size_t n);

#endif
