/*
 * api-plan.c - her plan in the JSON API:
 *   GET /api/v1/recommendation   the suggestion for her next session, with
 *                                its reasons, their rules and sessions
 *   GET /api/v1/program          the program she follows and its rules
 *   PUT /api/v1/program          {"program", "started_at"?, "params"?}
 *   GET /api/v1/goals            her goals with their progress
 *   PUT /api/v1/goals            {"goals": [...]}: the whole list
 * Everything is hers alone; errors name the field at fault (422).
 */
#include "app/plans.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *date_json(int64_t t)
{
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

static json_t *exercises_json(unsigned bits)
{
    json_t *a = json_array();
    for (int i = 0; i < EXERCISE_COUNT; i++)
        if (bits & (1u << i))
            json_array_append_new(a, json_string(exercise_names[i]));
    return a;
}

static json_t *recommendation_json(const struct plan_view *v)
{
    const struct recommendation *rec = &v->rec;
    json_t *j = json_object();
    json_object_set_new(j, "action", json_string(engine_action_name(rec->action)));
    json_object_set_new(j, "dilator_id",
                        rec->dilator_id ? json_string(rec->dilator_id) : json_null());
    json_object_set_new(j, "diameter_mm",
                        rec->dilator_id ? json_real(rec->diameter_mm) : json_null());
    json_object_set_new(j, "minutes", json_integer(rec->minutes));
    json_object_set_new(j, "exercises", exercises_json(rec->exercises));
    json_t *reasons = json_array();
    for (size_t i = 0; i < rec->nreasons; i++) {
        const struct engine_reason *e = &rec->reasons[i];
        bool adjusted = false;
        plan_rule_source(v->program, &v->choice, e->rule, &adjusted);
        json_t *o = json_object();
        /* A safety answer rests on no adjustable rule. */
        json_object_set_new(o, "rule",
                            json_string(e->safety ? "safety" : engine_params[e->rule].name));
        json_object_set_new(o, "value",
                            e->safety ? json_null() : json_integer(v->rules.v[e->rule]));
        json_object_set_new(o, "text", json_string(e->text));
        json_object_set_new(
            o, "source",
            json_string(e->safety ? _(ENGINE_SAFETY_SOURCE) : plans_rule_source(v, e->rule)));
        json_object_set_new(o, "adjusted", json_boolean(adjusted && !e->safety));
        json_t *ids = json_array();
        for (size_t k = 0; k < e->ncited; k++)
            json_array_append_new(ids, json_string(e->cited[k]));
        json_object_set_new(o, "sessions", ids);
        json_array_append_new(reasons, o);
    }
    json_object_set_new(j, "reasons", reasons);
    json_object_set_new(j, "program", json_string(v->choice.program_id));
    json_object_set_new(j, "comfortable_mm",
                        v->comfortable_mm > 0 ? json_real(v->comfortable_mm) : json_null());
    char text[400];
    plan_week_text(v->practised_this_week, v->phase, text, sizeof text);
    json_t *w = json_object();
    json_object_set_new(w, "practised", json_integer(v->practised_this_week));
    json_object_set_new(w, "planned",
                        v->phase ? json_integer(v->phase->sessions_per_week) : json_null());
    json_object_set_new(w, "text", json_string(text));
    json_object_set_new(j, "this_week", w);
    return j;
}

void api_recommendation(struct req *r)
{
    struct plan_view v;
    struct pace_error err = {0};
    int rc = app_plan_load(&r->app->ctx, &r->who, r->user.id, r->now, req_zone(r), &v, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, 200, recommendation_json(&v));
    plans_view_free(&v);
}

/* ---- the program ---- */

static json_t *phase_json(const struct program_phase *ph)
{
    if (ph == NULL)
        return json_null();
    char freq[64];
    program_frequency(ph, freq, sizeof freq);
    json_t *j = json_object();
    json_object_set_new(j, "from_week", json_integer(ph->from_week));
    json_object_set_new(j, "sessions_per_week", json_integer(ph->sessions_per_week));
    json_object_set_new(j, "minutes", json_integer(ph->minutes));
    json_object_set_new(j, "frequency", json_string(freq));
    json_object_set_new(j, "note", json_string(_(ph->note)));
    json_object_set_new(j, "source", json_string(ph->source));
    json_object_set_new(j, "assumed", json_boolean(ph->assumed));
    return j;
}

static json_t *program_json(const struct plan_library *lib, const struct plan_choice *c,
                            bool chosen, int64_t now)
{
    const struct program *p = plan_program_find(lib, c->program_id);
    struct engine_rules rules;
    plan_rules(p, c, now, &rules);
    json_t *j = json_object();
    json_object_set_new(j, "program", json_string(c->program_id));
    json_object_set_new(j, "started_at", date_json(c->started_at));
    json_object_set_new(j, "params", plan_params_json(c));
    json_object_set_new(j, "chosen", json_boolean(chosen));
    json_object_set_new(j, "name", json_string(p ? _(p->name) : c->program_id));
    json_object_set_new(j, "dilator_use", json_string(program_dilator_name(p ? p->dilator : 0)));
    int week = program_week(c->started_at, now);
    json_object_set_new(j, "week", json_integer(week));
    json_object_set_new(j, "phase", phase_json(p ? program_phase_at(p, week) : NULL));
    json_t *rs = json_array();
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        const struct engine_param_info *in = &engine_params[i];
        bool adjusted = false;
        const char *src = plan_rule_source(p, c, (enum engine_param)i, &adjusted);
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(in->name));
        json_object_set_new(o, "label", json_string(_(in->label)));
        json_object_set_new(o, "value", json_integer(rules.v[i]));
        json_object_set_new(o, "min", json_integer(in->min));
        json_object_set_new(o, "max", json_integer(in->max));
        json_object_set_new(o, "adjusted", json_boolean(adjusted));
        json_object_set_new(o, "source", json_string(adjusted ? _("Adjusted in your plan") : src));
        json_array_append_new(rs, o);
    }
    json_object_set_new(j, "rules", rs);
    json_object_set_new(j, "updated_at", c->updated_at ? date_json(c->updated_at) : json_null());
    json_t *all = json_array();
    for (size_t i = 0; i < lib->nprograms; i++) {
        const struct program *q = lib->programs[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", json_string(q->id));
        json_object_set_new(o, "name", json_string(_(q->name)));
        json_object_set_new(o, "description", json_string(_(q->description)));
        json_object_set_new(o, "dilator_use", json_string(program_dilator_name(q->dilator)));
        json_object_set_new(o, "default", json_boolean(q->is_default));
        json_array_append_new(all, o);
    }
    json_object_set_new(j, "programs", all);
    return j;
}

static void send_program(struct req *r, int status)
{
    struct plan_choice c;
    bool chosen = false;
    struct pace_error err = {0};
    int rc = app_program_get(&r->app->ctx, &r->who, r->user.id, &c, &chosen, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        resp_json(r, status, program_json(r->app->plans, &c, chosen, r->now));
}

void api_program_get(struct req *r)
{
    send_program(r, 200);
}

void api_program_put(struct req *r)
{
    struct plan_choice old, c;
    bool chosen = false;
    struct pace_error err = {0};
    int rc = app_program_get(&r->app->ctx, &r->who, r->user.id, &old, &chosen, &err);
    if (rc == 0)
        rc = plan_choice_from_json(r->app->plans, r->json, chosen ? &old : NULL, r->now, &c,
                                   &err);
    if (rc == 0)
        rc = app_plan_save(&r->app->ctx, &r->who, r->user.id, &c, NULL, 0, false, r->now, &err);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        send_program(r, 200);
}

/* ---- the goals ---- */

static void send_goals(struct req *r, int status)
{
    struct plan_view v;
    struct plan_goal *goals = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_plan_load(&r->app->ctx, &r->who, r->user.id, r->now, req_zone(r), &v, &err);
    if (rc == 0)
        rc = app_goals_get(&r->app->ctx, &r->who, r->user.id, &goals, &n, &err);
    if (rc != 0) {
        resp_api_fail(r, rc, &err);
    } else {
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, plan_goal_json(r->app->plans, &goals[i], v.comfortable_mm));
        json_t *j = json_object();
        json_object_set_new(j, "goals", list);
        json_object_set_new(j, "comfortable_mm",
                            v.comfortable_mm > 0 ? json_real(v.comfortable_mm) : json_null());
        json_object_set_new(j, "available", plan_goals_available_json(r->app->plans));
        resp_json(r, status, j);
    }
    free(goals);
    plans_view_free(&v);
}

void api_goals_get(struct req *r)
{
    send_goals(r, 200);
}

void api_goals_put(struct req *r)
{
    struct plan_goal *goals = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = plan_goals_from_json(r->app->plans, r->json, r->now, &goals, &n, &err);
    if (rc == 0)
        rc = app_plan_save(&r->app->ctx, &r->who, r->user.id, NULL, goals, n, true, r->now, &err);
    free(goals);
    if (rc != 0)
        resp_api_fail(r, rc, &err);
    else
        send_goals(r, 200);
}
