/* engine.c - the rules behind the next-session suggestion. */
#include "engine.h"

#include "i18n.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define DAY 86400

const struct engine_param_info engine_params[P_PARAM_COUNT] = {
    [P_COMFORT_PAIN_MAX] =
        {"comfort_pain_max", N_("Highest pain that still counts as comfortable"), 3, 0, 4,
         N_("Pace default (guides give 2-4 of 10: VuVa, BIEN, Pelvic Health Fund)"), false, NULL},
    [P_COMFORT_FEAR_MAX] = {"comfort_fear_max", N_("Highest fear that still counts as comfortable"),
                            4, 0, 6, N_("Pace default"), false, NULL},
    [P_COMFORT_SESSIONS] = {"comfort_sessions",
                            N_("Comfortable sessions before trying the next size"), 3, 1, 10,
                            N_("Pace default (no published rule counts sessions)"), false, NULL},
    [P_COMFORT_WINDOW_DAYS] = {"comfort_window_days", N_("Days in which those sessions count"), 14,
                               7, 42, N_("Pace default"), false, NULL},
    [P_REQUIRE_MOVEMENT] = {"require_movement", N_("Gentle movement needed for a session to count"),
                            1, 0, 1, N_("Pace default (BIEN: no discomfort with movement)"), false,
                            NULL},
    [P_STEP_BACK_PAIN] = {"step_back_pain", N_("Pain at which to step back a size"), 6, 4, 8,
                          N_("Pace default"), false, NULL},
    [P_STEP_BACK_SPASM_S] = {"step_back_spasm_s",
                             N_("Spasm length (seconds) at which to step back"), 60, 10, 600,
                             N_("Pace default"), false, NULL},
    [P_CLINICIAN_PAIN] = {"clinician_pain", N_("Pain at which to suggest seeing a clinician"),
                          ENGINE_SAFETY_PAIN, 4, ENGINE_SAFETY_PAIN,
                          N_("Safety guidance: severe pain (8 of 10 or more) means stop and "
                             "contact a clinician; it can be set lower, never higher"),
                          true,
                          N_("Safety guidance: never above 8 of 10; lower is stricter")},
    [P_PAUSE_DAYS] = {"pause_days", N_("Days without practice before restarting a size down"), 14,
                      3, 60, N_("Pace default"), false, NULL},
    [P_MAX_PER_DAY] = {"max_per_day", N_("Sessions a day before suggesting rest"), 2, 1, 3,
                       N_("VuVa: 1-2 times a day"), false, NULL},
    [P_MINUTES] = {"minutes", N_("Suggested practice minutes"), 10, 1, 60,
                   N_("Core Dynamics PT: about 10 minutes"), false, NULL},
};

static const char *const action_names[ACTION_COUNT] = {"stay", "try_next", "step_back", "rest",
                                                       "see_clinician"};

const char *engine_action_name(enum engine_action a)
{
    return a >= 0 && a < ACTION_COUNT ? action_names[a] : NULL;
}

void engine_rules_default(struct engine_rules *r)
{
    for (int i = 0; i < P_PARAM_COUNT; i++)
        r->v[i] = engine_params[i].def;
    r->exercises = EX_BREATHING | EX_RELAXATION | EX_FLEXIBILIZATION;
}

int engine_param_find(const char *name)
{
    for (int i = 0; name && i < P_PARAM_COUNT; i++)
        if (strcmp(engine_params[i].name, name) == 0)
            return i;
    return -1;
}

int engine_param_check(enum engine_param p, int value, struct pace_error *err)
{
    if ((unsigned)p >= P_PARAM_COUNT)
        return pace_fail(err, PACE_EINVAL, NULL, "%s", _("There is no such rule."));
    const struct engine_param_info *i = &engine_params[p];
    if (value < i->min || value > i->max)
        return pace_fail(err, PACE_EINVAL, i->name, _("%s must be from %d to %d."), _(i->label),
                         i->min, i->max);
    return 0;
}

static void reason(struct recommendation *r, enum engine_param rule, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void reason(struct recommendation *r, enum engine_param rule, const char *fmt, ...)
{
    if (r->nreasons == ENGINE_MAX_REASONS)
        return;
    struct engine_reason *e = &r->reasons[r->nreasons++];
    memset(e, 0, sizeof *e);
    e->rule = rule;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
}

/* Marks the last reason as resting on her safety answers. */
static void safety_reason(struct recommendation *r)
{
    if (r->nreasons > 0)
        r->reasons[r->nreasons - 1].safety = true;
}

static void cite(struct recommendation *r, const struct practice *s)
{
    if (r->nreasons == 0 || s->id[0] == '\0')
        return;
    struct engine_reason *e = &r->reasons[r->nreasons - 1];
    if (e->ncited < ENGINE_MAX_CITED)
        e->cited[e->ncited++] = s->id;
}

/* The highest pain she reported for a session, or -1. */
static int session_pain(const struct practice *s)
{
    int p = s->max_pain;
    if (s->after.set && s->after.pain > p)
        p = s->after.pain;
    return p;
}

/* The highest pain of a record, the check-in included: for the safety rule,
 * severe pain counts wherever she reported it. */
static int highest_pain(const struct practice *s)
{
    int p = session_pain(s);
    if (s->before.set && s->before.pain > p)
        p = s->before.pain;
    return p;
}

/* Her fear after the session, else at the check-in, or -1. */
static int session_fear(const struct practice *s)
{
    return s->after.set ? s->after.fear : s->before.set ? s->before.fear : -1;
}

/* The kit item a session used: by id, or NULL (not in her kit any more). */
static const struct engine_item *item_of(const struct engine_input *in, const struct practice *s)
{
    for (size_t i = 0; s->dilator_id[0] && i < in->nkit; i++)
        if (strcmp(in->kit[i].id, s->dilator_id) == 0)
            return &in->kit[i];
    return NULL;
}

/* A session with a stent, or an item whose size is a placeholder, says
 * nothing about which size comes next. */
static bool says_size(const struct engine_input *in, const struct practice *s)
{
    const struct engine_item *k = item_of(in, s);
    return k == NULL || (!k->stent && !k->placeholder);
}

/* A session that counts towards the next size under her rules. */
static bool comfortable(const struct engine_input *in, const struct practice *s)
{
    const struct engine_rules *ru = &in->rules;
    int pain = session_pain(s), fear = session_fear(s);
    return s->outcome == OUTCOME_COMPLETED && s->diameter_mm > 0 && pain >= 0 &&
           pain <= ru->v[P_COMFORT_PAIN_MAX] && fear >= 0 && fear <= ru->v[P_COMFORT_FEAR_MAX] &&
           s->nspasms == 0 && (!ru->v[P_REQUIRE_MOVEMENT] || (s->exercises & EX_FLEXIBILIZATION));
}

double engine_comfortable_mm(const struct engine_input *in)
{
    double best = 0;
    for (size_t i = 0; i < in->nsessions; i++)
        if (comfortable(in, &in->sessions[i]) && says_size(in, &in->sessions[i]) &&
            in->sessions[i].diameter_mm > best)
            best = in->sessions[i].diameter_mm;
    return best;
}

static int longest_spasm(const struct practice *s)
{
    int m = 0;
    for (size_t i = 0; i < s->nspasms; i++)
        if (s->spasms[i].duration_s > m)
            m = s->spasms[i].duration_s;
    return m;
}

static bool practised(const struct practice *s)
{
    return s->outcome != OUTCOME_NOT_TODAY && s->diameter_mm > 0;
}

static bool same_size(double a, double b)
{
    return fabs(a - b) < 0.05;
}

static void mm(char *out, size_t n, double d)
{
    i18n_format_number(out, n, d, fabs(d - round(d)) < 0.05 ? 0 : 1);
}

/* The kit position for her current size: the item she used (by id), else
 * the item of that size (or the adjustable device covering it), else the
 * largest smaller one, else the smallest. */
static size_t kit_index(const struct engine_input *in, const struct practice *last, double d)
{
    const struct engine_item *used = item_of(in, last);
    if (used)
        return (size_t)(used - in->kit);
    size_t best = 0;
    for (size_t i = 0; i < in->nkit; i++) {
        const struct engine_item *k = &in->kit[i];
        if (k->adjustable ? (d >= k->min_mm - 0.05 && d <= k->max_mm + 0.05)
                          : same_size(k->diameter_mm, d))
            return i;
        if (k->diameter_mm < d)
            best = i;
    }
    return best;
}

static void choose(struct recommendation *r, const struct engine_item *k, double d)
{
    r->dilator_id = k->id;
    r->diameter_mm = k->adjustable ? d : k->diameter_mm;
}

/* Whether k may be suggested as the size to move to from cur (the item of
 * her current size, NULL when it is not in her kit). A stent keeps a size
 * and is never a step; a placeholder diameter is never a size; an assumed
 * diameter only within its own line, where the order of the sizes is
 * known (CLINICAL.md, Safety). */
static bool may_suggest(const struct engine_item *k, const struct engine_item *cur)
{
    if (k->stent || k->placeholder)
        return false;
    if (!k->assumed)
        return true;
    return cur && !cur->stent && !cur->placeholder && cur->line && k->line &&
           strcmp(cur->line, k->line) == 0;
}

/* Moves one size from cur (the diameter of the item `from`): dir +1
 * larger, -1 smaller. On an adjustable device covering cur that is one
 * step; otherwise the nearest size in her kit beyond cur that may be
 * suggested, so no size she owns is ever jumped over, even when cur itself
 * is not (or no longer) in her kit. Returns false when there is no such
 * size. */
static bool move(const struct engine_input *in, struct recommendation *r,
                 const struct engine_item *from, double cur, int dir)
{
    const struct engine_item *best = NULL;
    double bd = 0;
    for (size_t i = 0; i < in->nkit; i++) {
        const struct engine_item *k = &in->kit[i];
        if (!may_suggest(k, from))
            continue;
        double d = k->diameter_mm;
        if (k->adjustable) {
            bool covers = cur >= k->min_mm - 0.05 && cur <= k->max_mm + 0.05;
            d = covers ? cur + dir * (k->step_mm > 0 ? k->step_mm : 1)
                       : (dir > 0 ? k->min_mm : k->max_mm);
            if (d < k->min_mm - 0.05 || d > k->max_mm + 0.05)
                continue;
        }
        if (dir > 0 ? d <= cur + 0.05 : d >= cur - 0.05)
            continue;
        if (best == NULL || (dir > 0 ? d < bd - 0.05 : d > bd + 0.05)) {
            best = k;
            bd = d;
        }
    }
    if (best == NULL)
        return false;
    choose(r, best, bd);
    return true;
}

static bool local_same_day(int64_t a, int64_t b, const struct tz_zone *zone)
{
    return tz_local_day(zone, a) == tz_local_day(zone, b);
}

/* Her pain stop: her rule, never above the safety ceiling. */
static int pain_stop(const struct engine_rules *ru)
{
    int v = ru->v[P_CLINICIAN_PAIN];
    return v > ENGINE_SAFETY_PAIN || v < 1 ? ENGINE_SAFETY_PAIN : v;
}

static bool safety_rules(const struct engine_input *in, struct recommendation *r)
{
    const struct engine_rules *ru = &in->rules;
    const struct practice *last = &in->sessions[0];
    if (last->safety & SAFETY_BLEEDING) {
        r->action = ACTION_SEE_CLINICIAN;
        reason(r, P_CLINICIAN_PAIN, "%s",
               last->outcome == OUTCOME_NOT_TODAY
                   ? _("At your last check-in you mentioned bleeding that was more than light "
                       "spotting. Please talk to a clinician before you practise again.")
                   : _("After your last session you noted bleeding that was more than light "
                       "spotting. Please talk to a clinician before you practise again."));
        safety_reason(r);
        cite(r, last);
        return true;
    }
    /* Severe pain at her last check-in, or in her last practice: a check-in
     * without practice after it must not hide it. */
    const struct practice *hurt = last;
    int pain = highest_pain(last);
    for (size_t i = 1; i < in->nsessions && !practised(last); i++) {
        if (!practised(&in->sessions[i]))
            continue;
        if (highest_pain(&in->sessions[i]) > pain) {
            hurt = &in->sessions[i];
            pain = highest_pain(hurt);
        }
        break;
    }
    if (pain >= pain_stop(ru)) {
        r->action = ACTION_SEE_CLINICIAN;
        reason(r, P_CLINICIAN_PAIN,
               _("Your pain reached %d of 10 in your last session. Severe pain is a reason to "
                 "pause and talk to a clinician."),
               pain);
        cite(r, hurt);
        return true;
    }
    if (in->nsessions >= 2 && last->outcome == OUTCOME_NOT_TODAY && last->safety &&
        in->sessions[1].outcome == OUTCOME_NOT_TODAY && in->sessions[1].safety) {
        r->action = ACTION_SEE_CLINICIAN;
        reason(r, P_CLINICIAN_PAIN, "%s",
               _("Your last two check-ins both raised a safety question. A clinician can help "
                 "you find out what is going on."));
        safety_reason(r);
        cite(r, last);
        cite(r, &in->sessions[1]);
        return true;
    }
    /* Signs of an infection, or rest a clinician advised: a safety stop,
     * not a rest day she may choose to skip (CLINICAL.md, Safety). */
    if (last->outcome == OUTCOME_NOT_TODAY && last->safety) {
        r->action = ACTION_SEE_CLINICIAN;
        reason(r, P_CLINICIAN_PAIN, "%s",
               (last->safety & SAFETY_CLINICIAN_REST)
                   ? _("A clinician advised rest from practice. Please pause until they say it "
                       "is fine, and ask them if anything is unclear.")
                   : _("At your last check-in you noticed signs of an infection. Please pause "
                       "practice and contact a clinician; practise again once they say it is "
                       "fine."));
        safety_reason(r);
        cite(r, last);
        return true;
    }
    return false;
}

/* A program without a dilator: rest after enough sessions today, else a
 * session of breathing and relaxation, never a size. */
static void no_dilator(const struct engine_input *in, struct recommendation *r)
{
    int today = 0;
    for (size_t i = 0; i < in->nsessions; i++)
        if (in->sessions[i].outcome != OUTCOME_NOT_TODAY &&
            local_same_day(in->sessions[i].started_at, in->now, in->zone))
            today++;
    if (today >= in->rules.v[P_MAX_PER_DAY]) {
        r->action = ACTION_REST;
        reason(r, P_MAX_PER_DAY,
               ngettext_("You have practised %d time today. Rest is part of the practice too.",
                         "You have practised %d times today. Rest is part of the practice too.",
                         today),
               today);
        for (size_t i = 0; i < in->nsessions; i++)
            if (in->sessions[i].outcome != OUTCOME_NOT_TODAY &&
                local_same_day(in->sessions[i].started_at, in->now, in->zone))
                cite(r, &in->sessions[i]);
        return;
    }
    reason(r, P_MINUTES,
           _("Your program is breathing and relaxation, without a dilator. About %d minutes "
             "at a time is a good pace."),
           r->minutes);
}

void engine_recommend(const struct engine_input *in, struct recommendation *r)
{
    const struct engine_rules *ru = &in->rules;
    memset(r, 0, sizeof *r);
    r->action = ACTION_STAY;
    r->minutes = ru->v[P_MINUTES];
    r->exercises = ru->exercises;
    char a[16], b[16];

    if (in->nsessions > 0 && safety_rules(in, r))
        return;
    if (in->dilator_use == ENGINE_NO_DILATOR) {
        no_dilator(in, r);
        return;
    }
    if (in->nkit == 0) {
        reason(r, P_MINUTES, "%s",
               _("Add the dilators you have to your kit, and Pace can suggest a size."));
        return;
    }
    /* Her latest practice with a dilator sets the current size. */
    const struct practice *last = NULL;
    for (size_t i = 0; i < in->nsessions && !last; i++)
        if (practised(&in->sessions[i]))
            last = &in->sessions[i];
    if (last == NULL) {
        /* Her smallest size, not a stent or a size nobody knows. */
        const struct engine_item *k = &in->kit[0];
        for (size_t i = 0; i < in->nkit; i++)
            if (!in->kit[i].stent && !in->kit[i].placeholder) {
                k = &in->kit[i];
                break;
            }
        choose(r, k, k->adjustable ? k->min_mm : k->diameter_mm);
        mm(a, sizeof a, r->diameter_mm);
        reason(r, P_COMFORT_SESSIONS,
               _("You have not practised with a dilator yet. Starting with your smallest size "
                 "(%s mm) lets your body get used to it gently."),
               a);
        return;
    }
    double cur = last->diameter_mm;
    const struct engine_item *from = item_of(in, last);
    choose(r, &in->kit[kit_index(in, last, cur)], cur);
    mm(a, sizeof a, cur);

    int today = 0;
    for (size_t i = 0; i < in->nsessions; i++)
        if (practised(&in->sessions[i]) &&
            local_same_day(in->sessions[i].started_at, in->now, in->zone))
            today++;
    if (today >= ru->v[P_MAX_PER_DAY]) {
        r->action = ACTION_REST;
        reason(r, P_MAX_PER_DAY,
               ngettext_("You have practised %d time today. Rest is part of the practice too.",
                         "You have practised %d times today. Rest is part of the practice too.",
                         today),
               today);
        for (size_t i = 0; i < in->nsessions; i++)
            if (practised(&in->sessions[i]) &&
                local_same_day(in->sessions[i].started_at, in->now, in->zone))
                cite(r, &in->sessions[i]);
        return;
    }
    int64_t gap = in->now - last->started_at;
    if (gap > (int64_t)ru->v[P_PAUSE_DAYS] * DAY) {
        int days = (int)(gap / DAY);
        if (move(in, r, from, cur, -1)) {
            r->action = ACTION_STEP_BACK;
            mm(b, sizeof b, r->diameter_mm);
            reason(r, P_PAUSE_DAYS,
                   _("Your last session was %d days ago. After a break, restarting one size "
                     "down (%s mm instead of %s mm) helps you settle back in."),
                   days, b, a);
        } else {
            reason(r, P_PAUSE_DAYS,
                   _("Your last session was %d days ago. Welcome back: your smallest size "
                     "(%s mm) is a gentle place to restart."),
                   days, a);
        }
        cite(r, last);
        return;
    }
    int pain = session_pain(last);
    int spasm = longest_spasm(last);
    if (pain >= ru->v[P_STEP_BACK_PAIN] || spasm > ru->v[P_STEP_BACK_SPASM_S]) {
        r->exercises |= EX_BREATHING | EX_RELAXATION;
        bool moved = move(in, r, from, cur, -1);
        r->action = moved ? ACTION_STEP_BACK : ACTION_STAY;
        mm(b, sizeof b, r->diameter_mm);
        if (!moved && pain >= ru->v[P_STEP_BACK_PAIN])
            reason(r, P_STEP_BACK_PAIN,
                   _("Your pain reached %d of 10 at %s mm last time. It is your smallest size: "
                     "stay with it, and give yourself more time to relax before and during "
                     "the next session."),
                   pain, a);
        else if (!moved)
            reason(r, P_STEP_BACK_SPASM_S,
                   _("Last time at %s mm you had a spasm that lasted %d seconds. It is your "
                     "smallest size: stay with it, and take more time for breathing and "
                     "relaxing first."),
                   a, spasm);
        else if (pain >= ru->v[P_STEP_BACK_PAIN])
            reason(r, P_STEP_BACK_PAIN,
                   _("Your pain reached %d of 10 at %s mm last time. A smaller size (%s mm) "
                     "with more time to relax can make the next session easier."),
                   pain, a, b);
        else
            reason(r, P_STEP_BACK_SPASM_S,
                   _("Last time at %s mm you had a spasm that lasted %d seconds. Next time, "
                     "try %s mm with more time for breathing and relaxing first."),
                   a, spasm, b);
        cite(r, last);
        return;
    }
    /* Count comfortable sessions at the current size within the window. */
    int64_t since = in->now - (int64_t)ru->v[P_COMFORT_WINDOW_DAYS] * DAY;
    int at_size = 0, comfy = 0, max_pain = 0, max_fear = 0;
    struct recommendation scratch = *r;
    reason(&scratch, P_COMFORT_SESSIONS, "-");
    for (size_t i = 0; i < in->nsessions; i++) {
        const struct practice *s = &in->sessions[i];
        if (s->started_at < since)
            break;
        if (!practised(s) || !same_size(s->diameter_mm, cur))
            continue;
        at_size++;
        int sp = session_pain(s);
        int fear = session_fear(s);
        /* A stent keeps a size: its sessions never move her on. */
        bool counts = in->dilator_use == ENGINE_KEEP || says_size(in, s);
        if (counts && comfortable(in, s)) {
            comfy++;
            if (sp > max_pain)
                max_pain = sp;
            if (fear > max_fear)
                max_fear = fear;
            cite(&scratch, s);
        }
    }
    int need = ru->v[P_COMFORT_SESSIONS];
    int days = ru->v[P_COMFORT_WINDOW_DAYS];
    if (in->dilator_use == ENGINE_KEEP && comfy >= need) {
        reason(r, P_COMFORT_SESSIONS,
               _("%d of your last %d sessions at %s mm in the past %d days felt comfortable. "
                 "Your program keeps the size you have reached, so %s mm is a good place to "
                 "stay."),
               comfy, at_size, a, days, a);
    } else if (in->dilator_use == ENGINE_KEEP) {
        reason(r, P_COMFORT_SESSIONS,
               _("Your program keeps the size you have reached: %s mm. In the past %d days, "
                 "%d of your sessions at it felt comfortable."),
               a, days, comfy);
    } else if (comfy >= need && move(in, r, from, cur, +1)) {
        r->action = ACTION_TRY_NEXT;
        mm(b, sizeof b, r->diameter_mm);
        reason(r, P_COMFORT_SESSIONS,
               _("%d of your last %d sessions at %s mm in the past %d days felt comfortable: "
                 "pain at most %d, fear at most %d, no spasm. When you feel ready, you could "
                 "try %s mm."),
               comfy, at_size, a, days, max_pain, max_fear, b);
    } else if (comfy >= need) {
        reason(r, P_COMFORT_SESSIONS,
               _("%s mm feels comfortable now, and it is the largest size in your kit. You "
                 "can keep practising with it, or add a larger size to your kit."),
               a);
    } else {
        reason(r, P_COMFORT_SESSIONS,
               _("In the past %d days, %d of your sessions at %s mm felt comfortable. After "
                 "%d such sessions Pace suggests the next size; until then, staying here is a "
                 "good pace."),
               days, comfy, a, need);
    }
    memcpy(r->reasons[r->nreasons - 1].cited, scratch.reasons[scratch.nreasons - 1].cited,
           sizeof r->reasons[0].cited);
    r->reasons[r->nreasons - 1].ncited = scratch.reasons[scratch.nreasons - 1].ncited;
}
