/*
 * plan.c - the library of programs and goals, the program she follows
 * (read from the API strictly, stored parameters leniently), the rules it
 * gives the engine with the source of each, and her practice this week
 * against the plan. Her goals are in plan_goals.c.
 */
#include "plan.h"

#include "i18n.h"
#include "practice.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define YEAR_2000 INT64_C(946684800)

/* ---- the library ---- */

static int add_program(struct plan_library *l, const struct plan_file *f, struct pace_error *err)
{
    struct program *p = NULL;
    int rc = program_from_json(f->name, f->data, f->len, &p, err);
    if (rc != 0)
        return rc;
    char want[PLAN_ID_MAX + 8];
    snprintf(want, sizeof want, "%s.json", p->id);
    if (strcmp(want, f->name) != 0)
        rc = pace_fail(err, PACE_EINVAL, "id", "%s: id: the file must be named %s", f->name, want);
    else if (plan_program_find(l, p->id))
        rc = pace_fail(err, PACE_EINVAL, "id", "%s: id: \"%s\" is used by another program", f->name,
                       p->id);
    if (rc != 0) {
        program_free(p);
        return rc;
    }
    l->programs = xrealloc(l->programs, (l->nprograms + 1) * sizeof *l->programs);
    l->programs[l->nprograms++] = p;
    return 0;
}

int plan_library_load(const struct plan_file *programs, const struct plan_file *goals,
                      struct plan_library **out, struct pace_error *err)
{
    struct plan_library *l = xcalloc(1, sizeof *l);
    int rc = 0;
    *out = NULL;
    for (const struct plan_file *f = programs; rc == 0 && f->name; f++)
        rc = add_program(l, f, err);
    size_t defaults = 0;
    for (size_t i = 0; i < l->nprograms; i++)
        defaults += l->programs[i]->is_default;
    if (rc == 0 && defaults != 1)
        rc = pace_fail(err, PACE_EINVAL, "default",
                       "programs: exactly one program must be the default, not %zu", defaults);
    if (rc == 0 && (goals == NULL || goals->name == NULL || goals[1].name != NULL))
        rc = pace_fail(err, PACE_EINVAL, NULL, "goals: there must be exactly one goals file");
    if (rc == 0)
        rc = goals_from_json(goals->name, goals->data, goals->len, &l->goals, err);
    if (rc != 0) {
        plan_library_free(l);
        return rc;
    }
    *out = l;
    return 0;
}

int plan_library_load_builtin(struct plan_library **out, struct pace_error *err)
{
    return plan_library_load(program_builtin, goal_builtin, out, err);
}

void plan_library_free(struct plan_library *l)
{
    if (l == NULL)
        return;
    for (size_t i = 0; i < l->nprograms; i++)
        program_free(l->programs[i]);
    free(l->programs);
    goals_free(l->goals);
    free(l);
}

const struct program *plan_program_find(const struct plan_library *l, const char *id)
{
    for (size_t i = 0; l && id && i < l->nprograms; i++)
        if (strcmp(l->programs[i]->id, id) == 0)
            return l->programs[i];
    return NULL;
}

const struct program *plan_program_default(const struct plan_library *l)
{
    for (size_t i = 0; l && i < l->nprograms; i++)
        if (l->programs[i]->is_default)
            return l->programs[i];
    return l && l->nprograms ? l->programs[0] : NULL;
}

/* ---- the program she follows ---- */

void plan_choice_default(const struct plan_library *l, int64_t started_at, struct plan_choice *out)
{
    memset(out, 0, sizeof *out);
    const struct program *p = plan_program_default(l);
    snprintf(out->program_id, sizeof out->program_id, "%s", p ? p->id : "");
    out->started_at = started_at;
}

static int bad(struct pace_error *err, const char *field, const char *msg)
{
    return pace_fail(err, PACE_EINVAL, field, "%s", msg);
}

int plan_choice_check(const struct plan_library *l, const struct plan_choice *c,
                      struct pace_error *err)
{
    const struct program *p = plan_program_find(l, c->program_id);
    if (p == NULL)
        return bad(err, "program", _("There is no such program."));
    char field[80];
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        if (!c->set[i])
            continue;
        snprintf(field, sizeof field, "params.%s", engine_params[i].name);
        struct pace_error e = {0};
        if (engine_param_check((enum engine_param)i, c->v[i], &e) != 0)
            return bad(err, field, e.msg);
    }
    /* Her program's phases must stay possible with her max_per_day. */
    if (c->set[P_MAX_PER_DAY])
        for (size_t i = 0; i < p->nphases; i++)
            if (p->phases[i].sessions_per_week > 7 * c->v[P_MAX_PER_DAY])
                return pace_fail(err, PACE_EINVAL, "params.max_per_day",
                                 _("This program plans up to %d sessions a week, which needs "
                                   "at least %d sessions a day."),
                                 p->phases[i].sessions_per_week,
                                 (p->phases[i].sessions_per_week + 6) / 7);
    return 0;
}

static int read_params(const json_t *params, struct plan_choice *c, struct pace_error *err)
{
    if (!json_is_object(params))
        return bad(err, "params", _("params must be an object of rule names and whole numbers."));
    const char *name;
    json_t *v;
    char field[80];
    json_object_foreach((json_t *)params, name, v)
    {
        snprintf(field, sizeof field, "params.%.60s", name);
        int p = engine_param_find(name);
        if (p < 0)
            return bad(err, field, _("There is no rule with this name."));
        if (!json_is_integer(v))
            return bad(err, field, _("The value must be a whole number."));
        json_int_t x = json_integer_value(v);
        c->set[p] = true;
        c->v[p] = x < -1000000 ? -1000000 : x > 1000000 ? 1000000 : (int)x;
    }
    return 0;
}

int plan_choice_from_json(const struct plan_library *l, const json_t *body,
                          const struct plan_choice *old, int64_t now, struct plan_choice *out,
                          struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    if (!json_is_object(body))
        return bad(err, NULL, _("The body must be a JSON object."));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)body, key, v)
    {
        if (strcmp(key, "program") != 0 && strcmp(key, "started_at") != 0 &&
            strcmp(key, "params") != 0)
            return pace_fail(err, PACE_EINVAL, key, _("\"%.60s\" is not a field of a program."),
                             key);
    }
    const char *id = json_string_value(json_object_get(body, "program"));
    if (id == NULL || plan_program_find(l, id) == NULL)
        return bad(err, "program", _("Please choose one of Pace's programs."));
    snprintf(out->program_id, sizeof out->program_id, "%s", id);
    const json_t *start = json_object_get(body, "started_at");
    if (start == NULL) {
        bool same = old && strcmp(old->program_id, id) == 0;
        out->started_at = same ? old->started_at : now;
    } else if (!json_is_string(start) ||
               rfc3339_parse(json_string_value(start), &out->started_at) != 0) {
        return bad(err, "started_at",
                   _("started_at must be a date and time like 2026-11-24T00:00:00Z."));
    }
    if (out->started_at < YEAR_2000)
        return bad(err, "started_at", _("The start must be in the year 2000 or later."));
    if (out->started_at > now + PLAN_START_AHEAD_DAYS * DAY)
        return bad(err, "started_at", _("The start can be at most a year from now."));
    const json_t *params = json_object_get(body, "params");
    int rc = params ? read_params(params, out, err) : 0;
    return rc != 0 ? rc : plan_choice_check(l, out, err);
}

json_t *plan_params_json(const struct plan_choice *c)
{
    json_t *j = json_object();
    for (int i = 0; i < P_PARAM_COUNT; i++)
        if (c->set[i])
            json_object_set_new(j, engine_params[i].name, json_integer(c->v[i]));
    return j;
}

void plan_params_read(const json_t *params, struct plan_choice *c)
{
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)params, name, v)
    {
        int p = engine_param_find(name);
        if (p < 0 || !json_is_integer(v))
            continue;
        json_int_t x = json_integer_value(v);
        if (x < engine_params[p].min || x > engine_params[p].max)
            continue;
        c->set[p] = true;
        c->v[p] = (int)x;
    }
}

/* ---- what the plan means for the engine ---- */

void plan_rules(const struct program *p, const struct plan_choice *c, int64_t now,
                struct engine_rules *out)
{
    if (p)
        program_rules(p, program_week(c->started_at, now), out);
    else
        engine_rules_default(out);
    for (int i = 0; i < P_PARAM_COUNT; i++)
        if (c->set[i])
            out->v[i] = c->v[i];
}

enum engine_dilator_use plan_dilator_use(const struct program *p)
{
    if (p && p->dilator == PROGRAM_KEEP)
        return ENGINE_KEEP;
    if (p && p->dilator == PROGRAM_NONE)
        return ENGINE_NO_DILATOR;
    return ENGINE_PROGRESS;
}

const char *plan_rule_source(const struct program *p, const struct plan_choice *c,
                             enum engine_param rule, bool *adjusted)
{
    *adjusted = false;
    if ((unsigned)rule >= P_PARAM_COUNT)
        return "";
    if (c && c->set[rule]) {
        *adjusted = true;
        return NULL;
    }
    for (size_t i = 0; p && i < p->nrules; i++)
        if (p->rules[i].param == rule)
            return p->rules[i].source;
    return engine_params[rule].source;
}

/* ---- practice this week ---- */

int plan_week_practice(const struct practice *sessions, size_t n, int64_t now,
                       const struct tz_zone *zone)
{
    /* Each instant's local day with its own offset: a session late on
     * Sunday stays in last week across a change of the clocks. */
    int64_t today = tz_local_day(zone, now);
    int64_t monday = tz_monday(today);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t d = tz_local_day(zone, sessions[i].started_at);
        if (d < monday)
            break;
        if (d <= today && sessions[i].outcome != OUTCOME_NOT_TODAY)
            count++;
    }
    return count;
}

void plan_week_text(int practised, const struct program_phase *phase, char *out, size_t n)
{
    char first[160], freq[64] = "";
    if (practised == 0)
        snprintf(first, sizeof first, "%s", _("You have not logged practice this week so far."));
    else
        snprintf(first, sizeof first,
                 ngettext_("You practised %d time this week.", "You practised %d times this week.",
                           practised),
                 practised);
    if (phase == NULL) {
        snprintf(out, n, "%s", first);
        return;
    }
    program_frequency(phase, freq, sizeof freq);
    if (practised == 0)
        snprintf(out, n, _("%s Your plan suggests %s, whenever it suits you."), first, freq);
    else
        snprintf(out, n, _("%s Your plan suggests %s."), first, freq);
}
