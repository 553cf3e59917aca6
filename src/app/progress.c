/* progress.c - loading her data for the progress charts (see progress.h). */
#include "app/progress.h"

#include "core/i18n.h"
#include "core/util.h"
#include "app/plans.h"

#include <string.h>

#define PAGE 200
#define WEEK INT64_C(604800)

void progress_free(struct progress_data *d)
{
    practice_list_free((struct practice *)d->sessions, d->nsessions);
    for (size_t i = 0; i < d->ngoals; i++)
        free((char *)d->goals[i].label);
    free((void *)d->goals);
    free((void *)d->plan);
    free((void *)d->ladder);
    memset(d, 0, sizeof *d);
}

static int load_sessions(struct store *s, int64_t user_id, const struct chart_period *p,
                         struct progress_data *out, struct pace_error *err)
{
    char cursor[STORE_CURSOR_MAX] = "";
    struct practice *all = NULL;
    size_t n = 0;
    do {
        struct practice_query q = {
            .from = p->from,
            .to = p->to,
            .limit = PAGE,
            .cursor = *cursor ? cursor : NULL,
            .without_notes = true};
        struct practice *page = NULL;
        size_t k = 0;
        char next[STORE_CURSOR_MAX] = "";
        int rc = store_practice_list(s, user_id, &q, &page, &k, next, err);
        if (rc != 0) {
            practice_list_free(all, n);
            return rc;
        }
        all = xrealloc(all, (n + k + 1) * sizeof *all);
        memcpy(all + n, page, k * sizeof *page);
        n += k;
        free(page); /* the records' contents moved to all */
        memcpy(cursor, next, sizeof cursor);
    } while (*cursor); /* all of the period: a person keeps at most EXPORT_MAX_SESSIONS */
    out->sessions = all;
    out->nsessions = n;
    return 0;
}

static int load_goals(struct store *s, const struct plan_library *lib, int64_t user_id,
                      struct progress_data *out, struct pace_error *err)
{
    struct plan_goal *g = NULL;
    size_t n = 0;
    int rc = store_goals_list(s, user_id, &g, &n, err);
    if (rc != 0)
        return rc;
    struct chart_goal_band *b = xcalloc(n + 1, sizeof *b);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct goal view;
        plan_goal_view(lib, &g[i], &view);
        if (view.max_mm <= 0)
            continue; /* a goal the library no longer knows */
        b[k].label = xstrdup(plan_goal_is_custom(&g[i]) ? view.name : _(view.name));
        b[k].min_mm = view.min_mm;
        b[k].max_mm = view.max_mm;
        b[k].achieved_at = g[i].achieved_at;
        k++;
    }
    free(g);
    out->goals = b;
    out->ngoals = k;
    return 0;
}

/* Her program's phases as steps in time, and what applies at now. */
static int load_plan(struct store *s, const struct plan_library *lib, int64_t user_id,
                     const struct chart_period *p, struct progress_data *out,
                     struct pace_error *err)
{
    struct plan_choice c;
    bool chosen = false;
    int rc = plans_choice(s, lib, user_id, &c, &chosen, err);
    if (rc != 0)
        return rc;
    const struct program *prog = plan_program_find(lib, c.program_id);
    size_t n = prog ? prog->nphases : 0;
    struct chart_plan_step *steps = xcalloc(n + 1, sizeof *steps);
    for (size_t i = 0; i < n; i++) {
        steps[i].from = c.started_at + (int64_t)prog->phases[i].from_week * WEEK;
        steps[i].per_week = prog->phases[i].sessions_per_week;
    }
    const struct program_phase *ph =
        prog ? program_phase_at(prog, program_week(c.started_at, p->now)) : NULL;
    out->plan = steps;
    out->nplan = n;
    out->planned_per_week = ph ? ph->sessions_per_week : 0;
    return 0;
}

static int load_ladder(struct store *s, int64_t user_id, const struct chart_period *p,
                       struct progress_data *out, struct pace_error *err)
{
    /* Every entry of the period, however many she has. */
    struct ladder_entry *e = NULL;
    int rc = store_ladder_all(s, user_id, p->from, p->to, &e, &out->nladder, err);
    out->ladder = e;
    return rc;
}

int progress_load(struct store *s, const struct plan_library *lib, int64_t user_id,
                  const struct chart_period *p, struct progress_data *out,
                  struct pace_error *err)
{
    memset(out, 0, sizeof *out);
    out->period = *p;
    int rc;
    if ((rc = load_sessions(s, user_id, p, out, err)) != 0 ||
        (rc = load_goals(s, lib, user_id, out, err)) != 0 ||
        (rc = load_plan(s, lib, user_id, p, out, err)) != 0 ||
        (rc = load_ladder(s, user_id, p, out, err)) != 0)
        return rc;
    if (p->from == 0) {
        /* Everything: from the week of her oldest record. */
        int64_t first = p->now;
        for (size_t i = 0; i < out->nsessions; i++)
            if (out->sessions[i].started_at < first)
                first = out->sessions[i].started_at;
        for (size_t i = 0; i < out->nladder; i++)
            if (out->ladder[i].taken_at < first)
                first = out->ladder[i].taken_at;
        out->period.from = chart_week_start(first, p->zone);
    }
    return 0;
}
