/*
 * plan_goals.c - the goals she picked (plan.h): checking one, reading the
 * API's list strictly, and how each looks with its progress - always as
 * ranges in whole millimetres (goal.c), never as a verdict.
 */
#include "plan.h"

#include "i18n.h"
#include "practice.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define YEAR_2000 INT64_C(946684800)

bool plan_goal_is_custom(const struct plan_goal *g)
{
    return strcmp(g->goal_id, PLAN_CUSTOM_GOAL) == 0;
}

static int bad(struct pace_error *err, const char *prefix, const char *field, const char *msg)
{
    char f[sizeof err->field + 64];
    snprintf(f, sizeof f, "%s%s%s", prefix, *prefix ? "." : "", field);
    return pace_fail(err, PACE_EINVAL, f, "%s", msg);
}

static void trim(char *s)
{
    size_t len = strlen(s), start = 0;
    while (start < len && (s[start] == ' ' || s[start] == '\t'))
        start++;
    while (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
}

int plan_goal_check(const struct plan_library *l, struct plan_goal *g, int64_t now,
                    const char *prefix, struct pace_error *err)
{
    if (g->achieved_at != 0 && (g->achieved_at < YEAR_2000 || g->achieved_at > now + DAY))
        return bad(err, prefix, "achieved_at",
                   _("The date you reached it must be a past date from the year 2000 on."));
    if (!plan_goal_is_custom(g)) {
        if (goals_find(l->goals, g->goal_id) == NULL)
            return bad(err, prefix, "goal", _("There is no such goal."));
        g->label[0] = '\0';
        g->min_mm = g->max_mm = 0;
        return 0;
    }
    trim(g->label);
    size_t n = str_utf8_len(g->label);
    if (!str_valid_text(g->label, strlen(g->label)) || strpbrk(g->label, "\r\n\t") || n == 0 ||
        n > PLAN_GOAL_LABEL_MAX)
        return bad(err, prefix, "label", _("Please give your goal a name of 1 to 60 characters."));
    if (!(g->min_mm >= GOAL_MM_MIN && g->min_mm <= GOAL_MM_MAX))
        return bad(err, prefix, "min_mm",
                   _("Please enter the smallest width in millimetres, from 1 to 80."));
    if (!(g->max_mm >= GOAL_MM_MIN && g->max_mm <= GOAL_MM_MAX))
        return bad(err, prefix, "max_mm",
                   _("Please enter the largest width in millimetres, from 1 to 80."));
    if (g->max_mm < g->min_mm)
        return bad(err, prefix, "max_mm",
                   _("The largest width must not be smaller than the smallest."));
    /* Tenths of a millimetre are more precision than any goal has. */
    g->min_mm = round(g->min_mm * 10) / 10;
    g->max_mm = round(g->max_mm * 10) / 10;
    return 0;
}

static const char *const goal_keys[] = {"goal", "id", "label", "min_mm", "max_mm", "achieved_at"};

static int read_goal(const struct plan_library *l, const json_t *o, int64_t now, const char *prefix,
                     struct plan_goal *g, struct pace_error *err)
{
    memset(g, 0, sizeof *g);
    if (!json_is_object(o))
        return bad(err, prefix, "goal", _("Each goal must be a JSON object."));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)o, key, v)
    {
        bool known = false;
        for (size_t i = 0; i < sizeof goal_keys / sizeof goal_keys[0]; i++)
            known = known || strcmp(key, goal_keys[i]) == 0;
        if (!known) {
            char f[40];
            snprintf(f, sizeof f, "%.30s", key);
            return bad(err, prefix, f, _("This is not a field of a goal."));
        }
    }
    const char *id = json_string_value(json_object_get(o, "goal"));
    if (id == NULL || strlen(id) >= sizeof g->goal_id)
        return bad(err, prefix, "goal", _("Please name a goal, or \"custom\" for your own."));
    snprintf(g->goal_id, sizeof g->goal_id, "%s", id);
    bool custom = plan_goal_is_custom(g);
    const json_t *row = json_object_get(o, "id");
    if (row && (!custom || !json_is_integer(row) || json_integer_value(row) <= 0))
        return bad(err, prefix, "id",
                   _("id is the number of one of your own goals, from the list of your goals."));
    g->id = row ? (int64_t)json_integer_value(row) : 0;
    const json_t *label = json_object_get(o, "label");
    const json_t *lo = json_object_get(o, "min_mm"), *hi = json_object_get(o, "max_mm");
    if (!custom && (label || lo || hi))
        return bad(err, prefix,
                   label ? "label"
                   : lo  ? "min_mm"
                         : "max_mm",
                   _("Only your own goals have a name and a range."));
    if (custom) {
        const char *s = json_string_value(label);
        if (s == NULL || strlen(s) >= sizeof g->label)
            return bad(err, prefix, "label",
                       _("Please give your goal a name of 1 to 60 characters."));
        snprintf(g->label, sizeof g->label, "%s", s);
        if (!json_is_number(lo))
            return bad(err, prefix, "min_mm",
                       _("Please enter the smallest width in millimetres, from 1 to 80."));
        if (!json_is_number(hi))
            return bad(err, prefix, "max_mm",
                       _("Please enter the largest width in millimetres, from 1 to 80."));
        g->min_mm = json_number_value(lo);
        g->max_mm = json_number_value(hi);
    }
    const json_t *done = json_object_get(o, "achieved_at");
    if (done && !json_is_null(done) &&
        (!json_is_string(done) || rfc3339_parse(json_string_value(done), &g->achieved_at) != 0 ||
         g->achieved_at == 0))
        return bad(err, prefix, "achieved_at",
                   _("achieved_at must be null or a date and time like 2026-11-24T19:05:00Z."));
    g->chosen_at = now;
    return plan_goal_check(l, g, now, prefix, err);
}

int plan_goals_from_json(const struct plan_library *l, const json_t *body, int64_t now,
                         struct plan_goal **out, size_t *n, struct pace_error *err)
{
    *out = NULL;
    *n = 0;
    if (!json_is_object(body) || json_object_size(body) != 1 ||
        !json_is_array(json_object_get(body, "goals")))
        return bad(err, "", "goals", _("The body must be {\"goals\": [...]} and nothing else."));
    const json_t *arr = json_object_get(body, "goals");
    size_t count = json_array_size(arr);
    if (count > PLAN_MAX_GOALS)
        return bad(err, "", "goals", _("That is more goals than Pace can keep."));
    struct plan_goal *g = xcalloc(count + 1, sizeof *g);
    size_t customs = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        char prefix[32];
        snprintf(prefix, sizeof prefix, "goals[%zu]", i);
        rc = read_goal(l, json_array_get(arr, i), now, prefix, &g[i], err);
        if (rc != 0)
            break;
        if (plan_goal_is_custom(&g[i]) && ++customs > PLAN_MAX_CUSTOM_GOALS)
            rc = bad(err, prefix, "goal", _("You can have up to 10 goals of your own."));
        for (size_t k = 0; rc == 0 && k < i; k++) {
            bool same = plan_goal_is_custom(&g[i])
                            ? g[i].id != 0 && g[k].id == g[i].id && plan_goal_is_custom(&g[k])
                            : strcmp(g[k].goal_id, g[i].goal_id) == 0;
            if (same)
                rc = bad(err, prefix, plan_goal_is_custom(&g[i]) ? "id" : "goal",
                         _("This goal is in the list twice."));
        }
    }
    if (rc != 0) {
        free(g);
        return rc;
    }
    *out = g;
    *n = count;
    return 0;
}

void plan_goal_view(const struct plan_library *l, const struct plan_goal *g, struct goal *out)
{
    const struct goal *known = plan_goal_is_custom(g) ? NULL : goals_find(l->goals, g->goal_id);
    if (known) {
        *out = *known;
        return;
    }
    memset(out, 0, sizeof *out);
    out->id = (char *)g->goal_id;
    out->name = (char *)g->label;
    out->min_mm = g->min_mm;
    out->max_mm = g->max_mm;
}

bool plan_goal_offer(const struct plan_library *l, const struct plan_goal *g, double comfortable_mm)
{
    if (g->achieved_at != 0)
        return false;
    struct goal v;
    plan_goal_view(l, g, &v);
    if (v.max_mm <= 0)
        return false;
    enum goal_position pos = goal_progress(&v, comfortable_mm).pos;
    return pos == GOAL_WITHIN || pos == GOAL_ABOVE;
}

static json_t *date_or_null(int64_t t)
{
    if (t == 0)
        return json_null();
    char s[32];
    rfc3339_format(t, s, sizeof s);
    return json_string(s);
}

json_t *plan_goal_json(const struct plan_library *l, const struct plan_goal *g,
                       double comfortable_mm)
{
    struct goal v;
    plan_goal_view(l, g, &v);
    bool custom = plan_goal_is_custom(g);
    json_t *j = json_object();
    json_object_set_new(j, "id", json_integer(g->id));
    json_object_set_new(j, "goal", json_string(g->goal_id));
    json_object_set_new(j, "name", json_string(custom ? g->label : _(v.name)));
    if (custom)
        json_object_set_new(j, "label", json_string(g->label));
    json_object_set_new(j, "min_mm", json_real(v.min_mm));
    json_object_set_new(j, "max_mm", json_real(v.max_mm));
    json_object_set_new(j, "source", v.source ? json_string(v.source) : json_null());
    json_object_set_new(j, "assumed", json_boolean(v.assumed));
    json_object_set_new(j, "chosen_at", date_or_null(g->chosen_at));
    json_object_set_new(j, "achieved_at", date_or_null(g->achieved_at));
    struct goal_progress p = goal_progress(&v, comfortable_mm);
    char text[320];
    goal_progress_text(&v, &p, text, sizeof text);
    json_t *pj = json_object();
    json_object_set_new(pj, "position", json_string(goal_position_name(p.pos)));
    json_object_set_new(pj, "near_mm",
                        p.pos == GOAL_UNKNOWN ? json_null() : json_integer(p.near_mm));
    json_object_set_new(pj, "far_mm", p.pos == GOAL_UNKNOWN ? json_null() : json_integer(p.far_mm));
    json_object_set_new(pj, "text", json_string(text));
    json_object_set_new(pj, "offer_reached", json_boolean(plan_goal_offer(l, g, comfortable_mm)));
    json_object_set_new(j, "progress", pj);
    return j;
}

json_t *plan_goals_available_json(const struct plan_library *l)
{
    json_t *a = json_array();
    for (size_t i = 0; l->goals && i < l->goals->n; i++) {
        const struct goal *g = &l->goals->items[i];
        json_t *j = json_object();
        json_object_set_new(j, "goal", json_string(g->id));
        json_object_set_new(j, "name", json_string(_(g->name)));
        json_object_set_new(j, "min_mm", json_real(g->min_mm));
        json_object_set_new(j, "max_mm", json_real(g->max_mm));
        json_object_set_new(j, "source", json_string(g->source));
        json_object_set_new(j, "assumed", json_boolean(g->assumed));
        json_object_set_new(j, "note", g->note ? json_string(_(g->note)) : json_null());
        json_array_append_new(a, j);
    }
    return a;
}
