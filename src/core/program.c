/*
 * program.c - the strict loader for therapy programs (program.h) and what
 * a program means for the engine: its phase in a given week and the rules
 * it sets.
 */
#include "program.h"

#include "datafile.h"
#include "i18n.h"
#include "practice.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEEK INT64_C(604800)

static const char *const dilator_names[PROGRAM_DILATOR_COUNT] = {"progress", "keep", "none"};

const char *program_dilator_name(enum program_dilator d)
{
    return d >= 0 && d < PROGRAM_DILATOR_COUNT ? dilator_names[d] : NULL;
}

int program_dilator_parse(const char *s)
{
    for (int i = 0; s && i < PROGRAM_DILATOR_COUNT; i++)
        if (strcmp(s, dilator_names[i]) == 0)
            return i;
    return -1;
}

static const struct df_field program_fields[] = {
    {"format", DF_INT, true},         {"id", DF_STRING, true},     {"name", DF_STRING, true},
    {"description", DF_STRING, true}, {"default", DF_BOOL, false}, {"dilator_use", DF_STRING, true},
    {"sources", DF_ARRAY, true},      {"rules", DF_OBJECT, true},  {"exercises", DF_ARRAY, true},
    {"phases", DF_ARRAY, true},
};

static const struct df_field rule_fields[] = {
    {"value", DF_INT, true},
    {"source", DF_STRING, true},
    {"assumed", DF_BOOL, false},
    {"note", DF_STRING, false},
};

static const struct df_field phase_fields[] = {
    {"from_week", DF_INT, true}, {"sessions_per_week", DF_INT, true}, {"minutes", DF_INT, true},
    {"note", DF_STRING, true},   {"source", DF_STRING, true},         {"assumed", DF_BOOL, false},
};

#define NFIELDS(a) (sizeof(a) / sizeof((a)[0]))
#define TEXT_MAX 500

static int parse_exercises(struct df_ctx *x, const json_t *o, unsigned *out)
{
    const json_t *arr = json_object_get(o, "exercises");
    *out = 0;
    if (json_array_size(arr) == 0)
        return df_bad(x, "exercises", "must name at least one exercise");
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        unsigned bit = 0;
        for (int k = 0; s && k < EXERCISE_COUNT; k++)
            if (strcmp(s, exercise_names[k]) == 0)
                bit = 1u << k;
        if (bit == 0)
            return df_bad(x, "exercises",
                          "exercises[%zu] must be one of breathing, relaxation, body_awareness, "
                          "exploration, flexibilization",
                          i);
        if (*out & bit)
            return df_bad(x, "exercises", "\"%s\" is listed twice", s);
        *out |= bit;
    }
    return 0;
}

static int parse_rule(struct df_ctx *x, const char *name, const json_t *o, struct program_rule *r)
{
    char path[64];
    df_enter(x, "rules", NULL);
    int p = engine_param_find(name);
    if (p < 0)
        return df_bad(x, name, "not a rule parameter of the engine (see docs/programs.md)");
    if (p == P_MINUTES)
        return df_bad(x, name, "minutes are set by each phase, not as a rule");
    snprintf(path, sizeof path, "rules.%s", name);
    df_enter(x, path, NULL);
    int rc = df_check_object(x, o, rule_fields, NFIELDS(rule_fields));
    if (rc != 0)
        return rc;
    const struct engine_param_info *info = &engine_params[p];
    json_int_t v = json_integer_value(json_object_get(o, "value"));
    if (v < info->min || v > info->max ||
        engine_param_check((enum engine_param)p, (int)v, NULL) != 0)
        return df_bad(x, "value", "must be from %d to %d, not %lld", info->min, info->max,
                      (long long)v);
    r->param = (enum engine_param)p;
    r->value = (int)v;
    r->assumed = json_is_true(json_object_get(o, "assumed"));
    rc = df_text(x, o, "source", TEXT_MAX, &r->source);
    if (rc == 0)
        rc = df_text(x, o, "note", TEXT_MAX, &r->note);
    if (rc == 0)
        rc = df_assumed(x, r->assumed, r->source, r->note);
    return rc;
}

static int parse_rules(struct df_ctx *x, const json_t *o, struct program *p)
{
    const json_t *rules = json_object_get(o, "rules");
    const char *name;
    json_t *v;
    p->rules = xcalloc(json_object_size(rules) + 1, sizeof *p->rules);
    json_object_foreach((json_t *)rules, name, v) {
        int rc = parse_rule(x, name, v, &p->rules[p->nrules]);
        p->nrules++; /* counted even on failure: program_free frees its texts */
        if (rc != 0)
            return rc;
    }
    return 0;
}

static int parse_phase(struct df_ctx *x, const json_t *o, size_t i, int prev_week, int max_per_day,
                       struct program_phase *ph)
{
    char path[32];
    snprintf(path, sizeof path, "phases[%zu]", i);
    df_enter(x, path, NULL);
    int rc = df_check_object(x, o, phase_fields, NFIELDS(phase_fields));
    if (rc == 0)
        rc = df_int(x, o, "from_week", 0, PROGRAM_MAX_WEEK, &ph->from_week);
    if (rc == 0 && i == 0 && ph->from_week != 0)
        rc = df_bad(x, "from_week", "the first phase must start in week 0, not %d", ph->from_week);
    if (rc == 0 && i > 0 && ph->from_week <= prev_week)
        rc = df_bad(x, "from_week", "must be larger than the previous phase's (%d), not %d",
                    prev_week, ph->from_week);
    if (rc == 0)
        rc = df_int(x, o, "sessions_per_week", 1, PROGRAM_MAX_PER_WEEK, &ph->sessions_per_week);
    if (rc == 0 && ph->sessions_per_week > 7 * max_per_day)
        rc = df_bad(x, "sessions_per_week",
                    "%d is more than max_per_day (%d) allows in a week; raise max_per_day in "
                    "rules",
                    ph->sessions_per_week, max_per_day);
    const struct engine_param_info *m = &engine_params[P_MINUTES];
    if (rc == 0)
        rc = df_int(x, o, "minutes", m->min, m->max, &ph->minutes);
    if (rc == 0)
        rc = df_text(x, o, "note", TEXT_MAX, &ph->note);
    if (rc == 0)
        rc = df_text(x, o, "source", TEXT_MAX, &ph->source);
    ph->assumed = json_is_true(json_object_get(o, "assumed"));
    if (rc == 0)
        rc = df_assumed(x, ph->assumed, ph->source, ph->note);
    return rc;
}

static int parse_phases(struct df_ctx *x, const json_t *o, struct program *p)
{
    const json_t *arr = json_object_get(o, "phases");
    size_t n = json_array_size(arr);
    if (n == 0)
        return df_bad(x, "phases", "must list at least one phase");
    if (n > PROGRAM_MAX_PHASES)
        return df_bad(x, "phases", "must list at most %d phases", PROGRAM_MAX_PHASES);
    struct engine_rules r;
    program_rules(p, -1, &r);
    p->phases = xcalloc(n, sizeof *p->phases);
    for (size_t i = 0; i < n; i++) {
        int prev = i > 0 ? p->phases[i - 1].from_week : -1;
        int rc = parse_phase(x, json_array_get(arr, i), i, prev, r.v[P_MAX_PER_DAY], &p->phases[i]);
        p->nphases++;
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* Messages about the program as a whole name it by its id once known. */
static void at_top(struct df_ctx *x, const struct program *p)
{
    df_enter(x, "", NULL);
    if (p->id)
        snprintf(x->entry, sizeof x->entry, "program (%s)", p->id);
    else
        snprintf(x->entry, sizeof x->entry, "program");
}

static int parse_program(struct df_ctx *x, const json_t *o, struct program *p)
{
    int rc = df_check_object(x, o, program_fields, NFIELDS(program_fields));
    if (rc == 0)
        rc = df_format(x, o, PROGRAM_FORMAT);
    if (rc == 0)
        rc = df_id(x, o, "id", &p->id);
    at_top(x, p);
    if (rc == 0)
        rc = df_text(x, o, "name", 60, &p->name);
    if (rc == 0)
        rc = df_text(x, o, "description", TEXT_MAX, &p->description);
    p->is_default = json_is_true(json_object_get(o, "default"));
    int d = program_dilator_parse(json_string_value(json_object_get(o, "dilator_use")));
    if (rc == 0 && d < 0)
        rc = df_bad(x, "dilator_use", "must be \"progress\", \"keep\" or \"none\"");
    p->dilator = d < 0 ? PROGRAM_PROGRESS : (enum program_dilator)d;
    if (rc == 0)
        rc = df_strings(x, o, "sources", PROGRAM_MAX_SOURCES, TEXT_MAX, &p->sources, &p->nsources);
    if (rc == 0)
        rc = parse_exercises(x, o, &p->exercises);
    if (rc == 0)
        rc = parse_rules(x, o, p);
    if (rc != 0)
        return rc;
    /* The engine counts a session only with movement when require_movement
     * is on, so a program that uses a dilator must then suggest it. */
    struct engine_rules r;
    program_rules(p, -1, &r);
    at_top(x, p);
    if (p->dilator != PROGRAM_NONE && r.v[P_REQUIRE_MOVEMENT] &&
        !(p->exercises & EX_FLEXIBILIZATION))
        return df_bad(x, "exercises", "must include flexibilization while require_movement is 1");
    return parse_phases(x, o, p);
}

int program_from_json(const char *file, const char *data, size_t len, struct program **out,
                      struct pace_error *err)
{
    struct df_ctx x;
    json_t *j = NULL;
    *out = NULL;
    df_begin(&x, file, "program", err);
    int rc = df_parse(&x, data, len, &j);
    if (rc != 0)
        return rc;
    struct program *p = xcalloc(1, sizeof *p);
    p->file = xstrdup(x.file);
    rc = parse_program(&x, j, p);
    json_decref(j);
    if (rc != 0) {
        program_free(p);
        return rc;
    }
    *out = p;
    return 0;
}

void program_free(struct program *p)
{
    if (p == NULL)
        return;
    free(p->id);
    free(p->name);
    free(p->description);
    free(p->file);
    df_strings_free(p->sources, p->nsources);
    for (size_t i = 0; i < p->nrules; i++) {
        free(p->rules[i].source);
        free(p->rules[i].note);
    }
    free(p->rules);
    for (size_t i = 0; i < p->nphases; i++) {
        free(p->phases[i].note);
        free(p->phases[i].source);
    }
    free(p->phases);
    free(p);
}

int program_week(int64_t started_at, int64_t now)
{
    int64_t d = now - started_at;
    int64_t w = d >= 0 ? d / WEEK : -((-d + WEEK - 1) / WEEK);
    if (w > PROGRAM_MAX_WEEK * 10)
        return PROGRAM_MAX_WEEK * 10;
    if (w < -PROGRAM_MAX_WEEK * 10)
        return -PROGRAM_MAX_WEEK * 10;
    return (int)w;
}

const struct program_phase *program_phase_at(const struct program *p, int week)
{
    const struct program_phase *ph = NULL;
    for (size_t i = 0; week >= 0 && i < p->nphases; i++)
        if (p->phases[i].from_week <= week)
            ph = &p->phases[i];
    return ph;
}

void program_rules(const struct program *p, int week, struct engine_rules *r)
{
    engine_rules_default(r);
    for (size_t i = 0; i < p->nrules; i++)
        r->v[p->rules[i].param] = p->rules[i].value;
    if (p->exercises)
        r->exercises = p->exercises;
    const struct program_phase *ph = program_phase_at(p, week);
    if (ph)
        r->v[P_MINUTES] = ph->minutes;
}

void program_frequency(const struct program_phase *ph, char *out, size_t n)
{
    int w = ph->sessions_per_week;
    if (w == 7)
        snprintf(out, n, "%s", _("every day"));
    else if (w == 14)
        snprintf(out, n, "%s", _("twice a day"));
    else if (w % 7 == 0)
        snprintf(out, n, _("%d times a day"), w / 7);
    else if (w == 1)
        snprintf(out, n, "%s", _("once a week"));
    else
        snprintf(out, n, ngettext_("%d time a week", "%d times a week", w), w);
}
