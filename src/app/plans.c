/* plans.c - loading her plan and the engine's suggestion (see plans.h). */
#include "app/plans.h"

#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)
#define PAGE 200

void plans_view_free(struct plan_view *v)
{
    kits_view_free(&v->kit);
    free(v->items);
    practice_list_free(v->sessions, v->nsessions);
    memset(v, 0, sizeof *v);
}

int plans_choice(struct store *s, const struct plan_library *lib, int64_t user_id,
                 struct plan_choice *out, bool *chosen, struct pace_error *err)
{
    *chosen = false;
    int rc = store_program_get(s, user_id, out, err);
    if (rc == 0 && plan_program_find(lib, out->program_id)) {
        *chosen = true;
        return 0;
    }
    if (rc != 0 && rc != PACE_ENOTFOUND)
        return rc;
    /* Never chosen, or a program no longer in the library: the default,
     * from when her account began. */
    struct user u;
    int64_t start = store_user_get(s, user_id, &u) == 0 ? u.created_at : 0;
    plan_choice_default(lib, start, out);
    return 0;
}

int plans_pain_stop(struct store *s, const struct plan_library *lib, int64_t user_id, int64_t now,
                    int *out, struct pace_error *err)
{
    struct plan_choice c;
    bool chosen;
    *out = ENGINE_SAFETY_PAIN;
    int rc = plans_choice(s, lib, user_id, &c, &chosen, err);
    if (rc != 0)
        return rc;
    struct engine_rules rules;
    plan_rules(plan_program_find(lib, c.program_id), &c, now, &rules);
    if (rules.v[P_CLINICIAN_PAIN] >= 1 && rules.v[P_CLINICIAN_PAIN] < ENGINE_SAFETY_PAIN)
        *out = rules.v[P_CLINICIAN_PAIN];
    return 0;
}

static void engine_kit(struct plan_view *v)
{
    v->items = xcalloc(v->kit.n + 1, sizeof *v->items);
    for (size_t i = 0; i < v->kit.n; i++) {
        const struct kit_entry *e = &v->kit.entries[i];
        struct engine_item *it = &v->items[v->nitems++];
        it->id = e->id;
        it->label = e->label;
        it->diameter_mm = e->diameter_mm;
        it->adjustable = e->kind == KIND_ADJUSTABLE;
        it->min_mm = e->diameter_mm;
        it->max_mm = e->diameter_max_mm;
        it->step_mm = e->step_mm;
        it->line = e->line_id;
        it->stent = e->kind == KIND_STENT;
        it->placeholder = e->item && e->item->placeholder;
        it->assumed = e->item && e->item->assumed;
    }
}

/* Appends the sessions from `from` on, newest first, up to the limit. */
static int load_sessions(struct store *s, int64_t user_id, int64_t from, struct plan_view *v,
                         struct pace_error *err)
{
    char cursor[STORE_CURSOR_MAX] = "";
    do {
        struct practice_query q = {
            .from = from, .limit = PAGE, .cursor = *cursor ? cursor : NULL, .without_notes = true};
        struct practice *page = NULL;
        size_t n = 0;
        char next[STORE_CURSOR_MAX] = "";
        int rc = store_practice_list(s, user_id, &q, &page, &n, next, err);
        if (rc != 0)
            return rc;
        v->sessions = xrealloc(v->sessions, (v->nsessions + n + 1) * sizeof *v->sessions);
        memcpy(v->sessions + v->nsessions, page, n * sizeof *page);
        v->nsessions += n;
        free(page); /* the records' contents moved to v->sessions */
        memcpy(cursor, next, sizeof cursor);
    } while (*cursor && v->nsessions < PLANS_MAX_SESSIONS);
    return 0;
}

int plans_load(struct store *s, const struct catalog *cat, const struct plan_library *lib,
               int64_t user_id, int64_t now, const struct tz_zone *zone, struct plan_view *out,
               struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = plans_choice(s, lib, user_id, &out->choice, &out->chosen, err);
    if (rc != 0)
        return rc;
    out->program = plan_program_find(lib, out->choice.program_id);
    out->week = program_week(out->choice.started_at, now);
    out->phase = out->program ? program_phase_at(out->program, out->week) : NULL;
    plan_rules(out->program, &out->choice, now, &out->rules);
    out->use = plan_dilator_use(out->program);
    if ((rc = kits_load(s, cat, user_id, &out->kit, err)) != 0)
        return rc;
    engine_kit(out);
    /* The pause and comfort rules look back at most this far. */
    int days = out->rules.v[P_PAUSE_DAYS] > out->rules.v[P_COMFORT_WINDOW_DAYS]
                   ? out->rules.v[P_PAUSE_DAYS]
                   : out->rules.v[P_COMFORT_WINDOW_DAYS];
    if ((rc = load_sessions(s, user_id, now - (int64_t)(days + 2) * DAY, out, err)) != 0)
        return rc;
    /* After a long break, her last session with a dilator (older than the
     * window) tells the pause rule how long it has been. */
    bool any = false;
    for (size_t i = 0; i < out->nsessions && !any; i++)
        any = out->sessions[i].outcome != OUTCOME_NOT_TODAY && out->sessions[i].diameter_mm > 0;
    struct practice last;
    practice_init(&last);
    if (!any && store_practice_last(s, user_id, &last) == 0) {
        out->sessions = xrealloc(out->sessions, (out->nsessions + 1) * sizeof *out->sessions);
        out->sessions[out->nsessions++] = last;
    } else {
        practice_clear(&last);
    }
    struct engine_input in = {
        .rules = out->rules,
        .dilator_use = out->use,
        .kit = out->items,
        .nkit = out->nitems,
        .sessions = out->sessions,
        .nsessions = out->nsessions,
        .now = now,
        .zone = zone,
    };
    engine_recommend(&in, &out->rec);
    out->comfortable_mm = out->use == ENGINE_NO_DILATOR ? 0 : engine_comfortable_mm(&in);
    out->practised_this_week = plan_week_practice(out->sessions, out->nsessions, now, zone);
    return 0;
}

const char *plans_rule_source(const struct plan_view *v, enum engine_param rule)
{
    bool adjusted = false;
    const char *src = plan_rule_source(v->program, &v->choice, rule, &adjusted);
    return adjusted ? _("Adjusted in your plan") : src;
}
