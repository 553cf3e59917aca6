/*
 * ui-plan.h - parts of the /plan page (ui-plan.c: the page and her
 * program; ui-plan-goals.c: her goals) that /today uses too.
 */
#ifndef PACE_UI_PLAN_H
#define PACE_UI_PLAN_H

#include "core/plan.h"
#include "web/html.h"

/* One of her goals as a list item: its name, its range and her progress
 * in words, the day she reached it (quietly), or, when her comfortable
 * size is within or past its range, an offer to mark it reached (a form
 * that returns to back, "/today" or "/plan"). */
void ui_plan_goal_item(struct req *r, const struct plan_goal *g, double comfortable_mm,
                       const char *back);

/* The goals section of /plan: the ones she can pick, her own, and her
 * progress. err/field: a failed save to show. */
void ui_plan_goals_section(struct req *r, const struct plan_goal *goals, size_t n,
                           double comfortable_mm, const char *err, const char *field);

/* Her goals as the /plan form sends them: the ticked goals (keeping the
 * rows and dates of those in old), her own goals still ticked, and a new
 * one of her own when its fields are filled in. *out is a new array the
 * caller frees with free(); on failure err->field is the form field
 * ("goal", "own_label", "own_min", "own_max"). */
int ui_plan_goals_from_form(struct req *r, const struct plan_goal *old, size_t nold,
                            struct plan_goal **out, size_t *n, struct pace_error *err);

/* The programs as large radio choices named "program" (the default
 * first), cur checked; usual: a line above them (may be NULL); err: a
 * failed save's message for this field. */
void ui_plan_program_choices(struct req *r, const char *cur, const char *usual, const char *err);

#endif
