/* flow.c - transitions of the guided practice session. */
#include "flow.h"

#include "engine.h"
#include "i18n.h"

#include <string.h>

static const char *const step_names[FLOW_STEP_COUNT] = {
    "checkin", "not_today", "prepare", "relax", "practice", "spasm", "checkout", "summary", "hard"};
static const char *const event_names[FEV_COUNT] = {
    "checkin", "unsafe", "prepared", "relaxed", "spasm", "eased", "done",
    "stop",    "checkout", "back",   "gentle",  "rest",  "anyway"};
static const char *const breathing_names[BREATH_COUNT] = {"resonance", "box", "478"};

/* next[step][event]: the step an allowed event leads to; -1 when not allowed.
 * (A check-in that is hard leads to FLOW_HARD instead of FLOW_PREPARE.) */
#define NO (-1)
static const signed char next[FLOW_STEP_COUNT][FEV_COUNT] = {
    [FLOW_CHECKIN] = {[FEV_CHECKIN] = FLOW_PREPARE, [FEV_UNSAFE] = FLOW_NOT_TODAY,
                      [FEV_STOP] = FLOW_CHECKOUT, [FEV_PREPARED] = NO, [FEV_RELAXED] = NO,
                      [FEV_SPASM] = NO, [FEV_EASED] = NO, [FEV_DONE] = NO, [FEV_CHECKOUT] = NO,
                      [FEV_BACK] = NO, [FEV_GENTLE] = NO, [FEV_REST] = NO, [FEV_ANYWAY] = NO},
    [FLOW_NOT_TODAY] = {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO},
    [FLOW_PREPARE] = {[FEV_PREPARED] = FLOW_RELAX, [FEV_STOP] = FLOW_CHECKOUT,
                      [FEV_BACK] = FLOW_CHECKIN, [FEV_CHECKIN] = NO, [FEV_UNSAFE] = NO,
                      [FEV_RELAXED] = NO, [FEV_SPASM] = NO, [FEV_EASED] = NO, [FEV_DONE] = NO,
                      [FEV_CHECKOUT] = NO, [FEV_GENTLE] = NO, [FEV_REST] = NO, [FEV_ANYWAY] = NO},
    [FLOW_RELAX] = {[FEV_RELAXED] = FLOW_PRACTICE, [FEV_STOP] = FLOW_CHECKOUT,
                    [FEV_BACK] = FLOW_PREPARE, [FEV_CHECKIN] = NO, [FEV_UNSAFE] = NO,
                    [FEV_PREPARED] = NO, [FEV_SPASM] = NO, [FEV_EASED] = NO, [FEV_DONE] = NO,
                    [FEV_CHECKOUT] = NO, [FEV_GENTLE] = NO, [FEV_REST] = NO, [FEV_ANYWAY] = NO},
    [FLOW_PRACTICE] = {[FEV_SPASM] = FLOW_SPASM, [FEV_DONE] = FLOW_CHECKOUT,
                       [FEV_STOP] = FLOW_CHECKOUT, [FEV_CHECKIN] = NO, [FEV_UNSAFE] = NO,
                       [FEV_PREPARED] = NO, [FEV_RELAXED] = NO, [FEV_EASED] = NO,
                       [FEV_CHECKOUT] = NO, [FEV_BACK] = NO, [FEV_GENTLE] = NO, [FEV_REST] = NO,
                       [FEV_ANYWAY] = NO},
    [FLOW_SPASM] = {[FEV_EASED] = FLOW_PRACTICE, [FEV_STOP] = FLOW_CHECKOUT, [FEV_CHECKIN] = NO,
                    [FEV_UNSAFE] = NO, [FEV_PREPARED] = NO, [FEV_RELAXED] = NO, [FEV_SPASM] = NO,
                    [FEV_DONE] = NO, [FEV_CHECKOUT] = NO, [FEV_BACK] = NO, [FEV_GENTLE] = NO,
                    [FEV_REST] = NO, [FEV_ANYWAY] = NO},
    [FLOW_CHECKOUT] = {[FEV_CHECKOUT] = FLOW_SUMMARY, [FEV_CHECKIN] = NO, [FEV_UNSAFE] = NO,
                       [FEV_PREPARED] = NO, [FEV_RELAXED] = NO, [FEV_SPASM] = NO,
                       [FEV_EASED] = NO, [FEV_DONE] = NO, [FEV_STOP] = NO, [FEV_BACK] = NO,
                       [FEV_GENTLE] = NO, [FEV_REST] = NO, [FEV_ANYWAY] = NO},
    [FLOW_SUMMARY] = {NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO},
    [FLOW_HARD] = {[FEV_GENTLE] = FLOW_RELAX, [FEV_REST] = FLOW_NOT_TODAY,
                   [FEV_ANYWAY] = FLOW_PREPARE, [FEV_BACK] = FLOW_CHECKIN, [FEV_CHECKIN] = NO,
                   [FEV_UNSAFE] = NO, [FEV_PREPARED] = NO, [FEV_RELAXED] = NO, [FEV_SPASM] = NO,
                   [FEV_EASED] = NO, [FEV_DONE] = NO, [FEV_STOP] = NO, [FEV_CHECKOUT] = NO},
};
#undef NO

bool flow_checkin_hard(const struct scores *b)
{
    return b->set &&
           (b->fear >= FLOW_HARD_FEAR || b->tension >= FLOW_HARD_TENSION || b->pain >= FLOW_HARD_PAIN);
}

bool flow_checkin_at_stop(const struct flow *f)
{
    int stop = f->pain_stop > 0 && f->pain_stop < ENGINE_SAFETY_PAIN ? f->pain_stop
                                                                      : ENGINE_SAFETY_PAIN;
    return f->rec.before.set && f->rec.before.pain >= stop;
}

const char *flow_step_name(enum flow_step s)
{
    return s >= 0 && s < FLOW_STEP_COUNT ? step_names[s] : NULL;
}

const char *flow_event_name(enum flow_event e)
{
    return e >= 0 && e < FEV_COUNT ? event_names[e] : NULL;
}

const char *breathing_name(enum breathing_pattern b)
{
    return b >= 0 && b < BREATH_COUNT ? breathing_names[b] : NULL;
}

static int find(const char *s, const char *const *names, int n)
{
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

int flow_step_parse(const char *s)
{
    return find(s, step_names, FLOW_STEP_COUNT);
}

int flow_event_parse(const char *s)
{
    return find(s, event_names, FEV_COUNT);
}

int breathing_parse(const char *s)
{
    return find(s, breathing_names, BREATH_COUNT);
}

void flow_init(struct flow *f, int64_t now)
{
    memset(f, 0, sizeof *f);
    practice_init(&f->rec);
    f->step = FLOW_CHECKIN;
    f->created_at = now;
    f->rec.started_at = now;
    f->planned_s = FLOW_DEFAULT_PRACTICE_S;
    f->relax_s = FLOW_DEFAULT_RELAX_S;
    f->pattern = BREATH_RESONANCE;
}

void flow_clear(struct flow *f)
{
    practice_clear(&f->rec);
    memset(f, 0, sizeof *f);
}

bool flow_allows(enum flow_step step, enum flow_event ev)
{
    return step >= 0 && step < FLOW_STEP_COUNT && ev >= 0 && ev < FEV_COUNT &&
           next[step][ev] >= 0;
}

int flow_practice_elapsed(const struct flow *f, int64_t now)
{
    if (f->practice_started_at == 0 || now < f->practice_started_at)
        return 0;
    int64_t e = now - f->practice_started_at;
    return e > PRACTICE_MAX_DURATION_S ? PRACTICE_MAX_DURATION_S : (int)e;
}

static void close_spasm(struct flow *f, int64_t now)
{
    if (f->spasm_started_at == 0)
        return;
    if (f->rec.nspasms < PRACTICE_MAX_SPASMS) {
        struct spasm *s = &f->rec.spasms[f->rec.nspasms++];
        int64_t at = f->spasm_started_at - f->practice_started_at;
        int64_t d = now - f->spasm_started_at;
        s->at_s = at < 0 ? 0 : (int)(at > PRACTICE_MAX_DURATION_S ? PRACTICE_MAX_DURATION_S : at);
        s->duration_s = d < 1 ? 1 : (int)(d > PRACTICE_MAX_SPASM_S ? PRACTICE_MAX_SPASM_S : d);
    }
    f->spasm_started_at = 0;
}

int flow_apply(struct flow *f, enum flow_event ev, int64_t now, struct pace_error *err)
{
    if (!flow_allows(f->step, ev))
        return pace_fail(err, PACE_EINVAL, NULL, "%s",
                         _("That step is not available right now. Here is where you are."));
    switch (ev) {
    case FEV_CHECKIN:
        if (!f->rec.before.set)
            return pace_fail(err, PACE_EINVAL, "before", "%s",
                             _("Please answer the three check-in questions first."));
        /* A safety answer that applies means "not today" (FEV_UNSAFE); going
         * on would also make a record that cannot be saved. */
        if (f->rec.safety != 0)
            return pace_fail(err, PACE_EINVAL, "safety", "%s",
                             _("One of the safety questions applies, so today is not a day "
                               "to practise."));
        if (flow_checkin_hard(&f->rec.before)) {
            f->step = FLOW_HARD;
            return 0;
        }
        break;
    case FEV_GENTLE:
        f->without_dilator = true;
        f->rec.dilator_id[0] = '\0';
        f->rec.diameter_mm = 0;
        f->relax_started_at = now;
        break;
    case FEV_REST:
        f->rec.outcome = OUTCOME_NOT_TODAY;
        f->rec.dilator_id[0] = '\0';
        f->rec.diameter_mm = 0;
        f->rec.duration_s = 0;
        f->rec.started_at = f->created_at;
        break;
    case FEV_ANYWAY:
        if (flow_checkin_at_stop(f))
            return pace_fail(err, PACE_EINVAL, "pain", "%s",
                             _("With pain this strong, please do not practise with a dilator "
                               "today. Breathing alone or rest are both good choices."));
        break;
    case FEV_UNSAFE:
        if (f->rec.safety == 0)
            return pace_fail(err, PACE_EINVAL, "safety", "%s",
                             _("Please tell us which safety question applies."));
        f->rec.outcome = OUTCOME_NOT_TODAY;
        f->rec.dilator_id[0] = '\0';
        f->rec.diameter_mm = 0;
        f->rec.duration_s = 0;
        break;
    case FEV_PREPARED:
        if (f->without_dilator) {
            f->rec.dilator_id[0] = '\0';
            f->rec.diameter_mm = 0;
        } else if (f->rec.dilator_id[0] == '\0') {
            return pace_fail(err, PACE_EINVAL, "dilator_id", "%s",
                             _("Please choose the dilator you want to use."));
        }
        f->relax_started_at = now;
        break;
    case FEV_RELAXED:
        f->practice_started_at = now;
        f->rec.started_at = now;
        if (now - f->relax_started_at >= FLOW_RELAX_COUNTS_S)
            f->rec.exercises |= EX_BREATHING | EX_RELAXATION;
        break;
    case FEV_SPASM:
        f->spasm_started_at = now;
        break;
    case FEV_EASED:
        close_spasm(f, now);
        break;
    case FEV_DONE:
    case FEV_STOP:
        close_spasm(f, now);
        f->rec.duration_s = flow_practice_elapsed(f, now);
        /* A practice that began lasted at least a second, even when it ends
         * within the second it began: "stopped before it began" is for a
         * stop at an earlier step, which leaves duration 0. */
        if (f->practice_started_at != 0 && f->rec.duration_s == 0)
            f->rec.duration_s = 1;
        f->rec.outcome = ev == FEV_DONE ? OUTCOME_COMPLETED : OUTCOME_STOPPED;
        if (f->practice_started_at == 0)
            f->rec.started_at = f->created_at;
        /* The practice step guides gentle movement with a dilator: recorded
         * as done unless she says at the check-out that she kept it still. */
        if (f->practice_started_at != 0 && !f->without_dilator && f->rec.dilator_id[0])
            f->rec.exercises |= EX_FLEXIBILIZATION;
        else
            f->rec.exercises &= ~(unsigned)EX_FLEXIBILIZATION;
        break;
    case FEV_CHECKOUT:
        if (!f->rec.after.set)
            return pace_fail(err, PACE_EINVAL, "after", "%s",
                             _("Please answer the three check-out questions."));
        /* Movement only where there was a practice with a dilator; of the
         * safety answers, only bleeding belongs to a practised session. */
        if (f->practice_started_at == 0 || f->without_dilator || f->rec.dilator_id[0] == '\0')
            f->rec.exercises &= ~(unsigned)EX_FLEXIBILIZATION;
        f->rec.safety &= SAFETY_BLEEDING;
        break;
    case FEV_BACK:
        break;
    case FEV_COUNT:
        return PACE_EINVAL;
    }
    f->step = (enum flow_step)next[f->step][ev];
    return 0;
}

json_t *flow_to_json(const struct flow *f)
{
    json_t *j = json_object();
    json_object_set_new(j, "step", json_string(flow_step_name(f->step)));
    json_object_set_new(j, "record", practice_to_json(&f->rec));
    json_object_set_new(j, "created_at", json_integer(f->created_at));
    json_object_set_new(j, "relax_started_at", json_integer(f->relax_started_at));
    json_object_set_new(j, "practice_started_at", json_integer(f->practice_started_at));
    json_object_set_new(j, "spasm_started_at", json_integer(f->spasm_started_at));
    json_object_set_new(j, "planned_s", json_integer(f->planned_s));
    json_object_set_new(j, "relax_s", json_integer(f->relax_s));
    json_object_set_new(j, "pattern", json_string(breathing_name(f->pattern)));
    json_object_set_new(j, "without_dilator", json_boolean(f->without_dilator));
    return j;
}

int flow_from_json(const json_t *j, struct flow *f, struct pace_error *err)
{
    memset(f, 0, sizeof *f);
    practice_init(&f->rec);
    int step = flow_step_parse(json_string_value(json_object_get(j, "step")));
    int pattern = breathing_parse(json_string_value(json_object_get(j, "pattern")));
    json_t *rec = json_object_get(j, "record");
    if (step < 0 || pattern < 0 || !json_is_object(rec))
        return pace_fail(err, PACE_EINVAL, NULL, "the saved practice state is damaged");
    /* The record in a draft may be incomplete (no dilator yet), so it is
     * read with a far "now" and checked against the step's needs later. */
    json_t *copy = json_deep_copy(rec);
    json_object_del(copy, "id");
    if (json_is_null(json_object_get(copy, "dilator_id")) ||
        json_object_get(copy, "dilator_id") == NULL)
        json_object_set_new(copy, "dilator_id", json_string("-"));
    struct practice p;
    int rc = practice_from_json(copy, INT64_MAX / 2, &p, err);
    json_decref(copy);
    if (rc != 0)
        return rc;
    if (strcmp(p.dilator_id, "-") == 0)
        p.dilator_id[0] = '\0';
    f->rec = p;
    f->step = (enum flow_step)step;
    f->pattern = (enum breathing_pattern)pattern;
    f->created_at = json_integer_value(json_object_get(j, "created_at"));
    f->relax_started_at = json_integer_value(json_object_get(j, "relax_started_at"));
    f->practice_started_at = json_integer_value(json_object_get(j, "practice_started_at"));
    f->spasm_started_at = json_integer_value(json_object_get(j, "spasm_started_at"));
    f->planned_s = (int)json_integer_value(json_object_get(j, "planned_s"));
    f->relax_s = (int)json_integer_value(json_object_get(j, "relax_s"));
    f->without_dilator = json_is_true(json_object_get(j, "without_dilator"));
    if (f->without_dilator && f->rec.dilator_id[0] != '\0')
        return pace_fail(err, PACE_EINVAL, NULL, "the saved practice state is damaged");
    if (f->planned_s < 60 || f->planned_s > 3600)
        f->planned_s = FLOW_DEFAULT_PRACTICE_S;
    if (f->relax_s < 0 || f->relax_s > 1200)
        f->relax_s = FLOW_DEFAULT_RELAX_S;
    return 0;
}
