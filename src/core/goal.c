/* goal.c - the strict loader for data/goals.json and progress towards a goal. */
#include "goal.h"

#include "datafile.h"
#include "i18n.h"
#include "util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define TEXT_MAX 500

static const struct df_field file_fields[] = {
    {"format", DF_INT, true},
    {"goals", DF_ARRAY, true},
};

static const struct df_field goal_fields[] = {
    {"id", DF_STRING, true},     {"name", DF_STRING, true},   {"min_mm", DF_NUMBER, true},
    {"max_mm", DF_NUMBER, true}, {"source", DF_STRING, true}, {"assumed", DF_BOOL, false},
    {"note", DF_STRING, false},
};

static int parse_goal(struct df_ctx *x, const json_t *o, size_t i, const struct goals *g,
                      struct goal *it)
{
    char path[32];
    snprintf(path, sizeof path, "goals[%zu]", i);
    df_enter(x, path, json_string_value(json_object_get(o, "id")));
    int rc = df_check_object(x, o, goal_fields, NFIELDS(goal_fields));
    if (rc == 0)
        rc = df_id(x, o, "id", &it->id);
    if (rc == 0 && goals_find(g, it->id))
        rc = df_bad(x, "id", "\"%s\" is used twice", it->id);
    if (rc == 0)
        rc = df_text(x, o, "name", 60, &it->name);
    if (rc == 0)
        rc = df_number(x, o, "min_mm", GOAL_MM_MIN, GOAL_MM_MAX, &it->min_mm);
    if (rc == 0)
        rc = df_number(x, o, "max_mm", GOAL_MM_MIN, GOAL_MM_MAX, &it->max_mm);
    if (rc == 0 && it->max_mm < it->min_mm)
        rc = df_bad(x, "max_mm", "must not be smaller than min_mm (%g), not %g", it->min_mm,
                    it->max_mm);
    if (rc == 0)
        rc = df_text(x, o, "source", TEXT_MAX, &it->source);
    if (rc == 0)
        rc = df_text(x, o, "note", TEXT_MAX, &it->note);
    it->assumed = json_is_true(json_object_get(o, "assumed"));
    if (rc == 0)
        rc = df_assumed(x, it->assumed, it->source, it->note);
    return rc;
}

int goals_from_json(const char *file, const char *data, size_t len, struct goals **out,
                    struct pace_error *err)
{
    struct df_ctx x;
    json_t *j = NULL;
    *out = NULL;
    df_begin(&x, file, "goals file", err);
    int rc = df_parse(&x, data, len, &j);
    if (rc != 0)
        return rc;
    struct goals *g = xcalloc(1, sizeof *g);
    g->file = xstrdup(x.file);
    rc = df_check_object(&x, j, file_fields, NFIELDS(file_fields));
    if (rc == 0)
        rc = df_format(&x, j, GOAL_FORMAT);
    const json_t *arr = json_object_get(j, "goals");
    size_t n = json_array_size(arr);
    if (rc == 0 && n == 0)
        rc = df_bad(&x, "goals", "must list at least one goal");
    if (rc == 0 && n > GOAL_MAX)
        rc = df_bad(&x, "goals", "must list at most %d goals", GOAL_MAX);
    if (rc == 0)
        g->items = xcalloc(n, sizeof *g->items);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        rc = parse_goal(&x, json_array_get(arr, i), i, g, &g->items[i]);
        g->n++; /* counted even on failure: goals_free frees its texts */
    }
    json_decref(j);
    if (rc != 0) {
        goals_free(g);
        return rc;
    }
    *out = g;
    return 0;
}

void goals_free(struct goals *g)
{
    if (g == NULL)
        return;
    for (size_t i = 0; i < g->n; i++) {
        free(g->items[i].id);
        free(g->items[i].name);
        free(g->items[i].source);
        free(g->items[i].note);
    }
    free(g->items);
    free(g->file);
    free(g);
}

const struct goal *goals_find(const struct goals *g, const char *id)
{
    for (size_t i = 0; id && i < g->n; i++)
        if (g->items[i].id && strcmp(g->items[i].id, id) == 0)
            return &g->items[i];
    return NULL;
}

/* Whole millimetres, at least 1: "0 mm to go" would claim a precision the
 * ranges do not have. */
static int whole_mm(double d)
{
    long v = lround(d);
    return v < 1 ? 1 : (int)v;
}

struct goal_progress goal_progress(const struct goal *g, double comfortable_mm)
{
    struct goal_progress p = {GOAL_UNKNOWN, 0, 0};
    double d = comfortable_mm;
    if (!(d > 0))
        return p;
    if (d < g->min_mm) {
        p.pos = GOAL_BELOW;
        p.near_mm = whole_mm(g->min_mm - d);
        p.far_mm = whole_mm(g->max_mm - d);
    } else if (d > g->max_mm) {
        p.pos = GOAL_ABOVE;
        p.near_mm = whole_mm(d - g->max_mm);
        p.far_mm = whole_mm(d - g->min_mm);
    } else {
        p.pos = GOAL_WITHIN;
    }
    return p;
}

void goal_progress_text(const struct goal *g, const struct goal_progress *p, char *out, size_t n)
{
    char lo[16], hi[16], range[40];
    i18n_format_number(lo, sizeof lo, g->min_mm, fabs(g->min_mm - round(g->min_mm)) > 0.05);
    i18n_format_number(hi, sizeof hi, g->max_mm, fabs(g->max_mm - round(g->max_mm)) > 0.05);
    if (strcmp(lo, hi) == 0)
        snprintf(range, sizeof range, "%s", lo);
    else
        snprintf(range, sizeof range, "%s-%s", lo, hi);
    switch (p->pos) {
    case GOAL_BELOW:
        if (p->near_mm == p->far_mm)
            snprintf(out, n, _("About %d mm to go: this goal is about %s mm."), p->near_mm, range);
        else
            snprintf(out, n, _("About %d to %d mm to go: this goal is about %s mm."), p->near_mm,
                     p->far_mm, range);
        break;
    case GOAL_WITHIN:
        snprintf(out, n, _("Your comfortable size is within this goal's range (about %s mm)."),
                 range);
        break;
    case GOAL_ABOVE:
        snprintf(out, n,
                 _("Your comfortable size is already larger than this goal's range (about %s "
                   "mm)."),
                 range);
        break;
    default:
        snprintf(out, n,
                 _("This goal is about %s mm. Once you have a comfortable size, Pace shows how "
                   "far it is."),
                 range);
        break;
    }
}

const char *goal_position_name(enum goal_position pos)
{
    switch (pos) {
    case GOAL_BELOW:
        return "below";
    case GOAL_WITHIN:
        return "within";
    case GOAL_ABOVE:
        return "above";
    default:
        return "unknown";
    }
}
