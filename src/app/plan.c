/*
 * plan.c - her plan as use cases: the suggestion with everything it rests
 * on (the /today page, the API's recommendation, `pace recommend`), her
 * program and goals (read, change both at once, mark a goal reached), and
 * her pain stop for the guided session.
 */
#include "app/app.h"

#include <string.h>

int app_plan_load(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  int64_t now, const struct tz_zone *zone, struct plan_view *out,
                  struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = app_gate(c, who, subject, RES_SUMMARY, ACT_READ, NULL, err);
    return rc == 0 ? plans_load(c->store, c->catalog, c->plans, subject, now, zone, out, err) : rc;
}

int app_program_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                    struct plan_choice *out, bool *chosen, struct pace_error *err)
{
    *chosen = false;
    int rc = app_gate(c, who, subject, RES_PLAN, ACT_READ, NULL, err);
    return rc == 0 ? plans_choice(c->store, c->plans, subject, out, chosen, err) : rc;
}

int app_goals_get(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  struct plan_goal **items, size_t *n, struct pace_error *err)
{
    *items = NULL;
    *n = 0;
    int rc = app_gate(c, who, subject, RES_PLAN, ACT_READ, NULL, err);
    return rc == 0 ? store_goals_list(c->store, subject, items, n, err) : rc;
}

int app_plan_save(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  const struct plan_choice *choice, const struct plan_goal *goals, size_t ngoals,
                  bool set_goals, int64_t now, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_PLAN, ACT_UPDATE, NULL, err);
    if (rc == 0 && choice)
        rc = plan_choice_check(c->plans, choice, err);
    if (rc == 0)
        rc = store_plan_save(c->store, subject, choice, goals, ngoals, set_goals, who->user_id,
                             now, err);
    return rc;
}

int app_goal_reached(const struct app_ctx *c, const struct principal *who, int64_t subject,
                     int64_t goal_id, int64_t at, struct pace_error *err)
{
    int rc = app_gate(c, who, subject, RES_PLAN, ACT_UPDATE, NULL, err);
    return rc == 0 ? store_goal_set_achieved(c->store, subject, goal_id, at, err) : rc;
}

int app_pain_stop(const struct app_ctx *c, const struct principal *who, int64_t subject,
                  int64_t now, int *out, struct pace_error *err)
{
    *out = ENGINE_SAFETY_PAIN;
    int rc = app_gate(c, who, subject, RES_SUMMARY, ACT_READ, NULL, err);
    return rc == 0 ? plans_pain_stop(c->store, c->plans, subject, now, out, err) : rc;
}
