/*
 * plans.h - her plan as the pages, the API and the CLI use it, built on
 * store.h and core alone: the program she follows (the default when she
 * never chose), its rules for this week with her adjustments, her kit and
 * her recent sessions, and from them the engine's suggestion, her
 * comfortable size and her practice this week.
 */
#ifndef PACE_PLANS_H
#define PACE_PLANS_H

#include "core/plan.h"
#include "app/kits.h"
#include "store/store.h"

/* Sessions further back than the rules need are not loaded; at most this
 * many in that window. */
#define PLANS_MAX_SESSIONS 1000

struct plan_view {
    const struct program *program;     /* into the library */
    struct plan_choice choice;         /* hers, or the default program */
    bool chosen;                       /* false: she never chose */
    int week;                          /* whole weeks since the start */
    const struct program_phase *phase; /* NULL before her start */
    struct engine_rules rules;
    enum engine_dilator_use use;
    struct kit_view kit;
    struct engine_item *items; /* her kit for the engine, smallest first */
    size_t nitems;
    struct practice *sessions; /* newest first */
    size_t nsessions;
    struct recommendation rec; /* points into items and sessions */
    double comfortable_mm;     /* 0: none yet */
    int practised_this_week;
};

/* Fills *out for the user at now in her time zone (for "today" and "this
 * week"; NULL: UTC). Release it with plans_view_free, also after a
 * failure. */
int plans_load(struct store *s, const struct catalog *cat, const struct plan_library *lib,
               int64_t user_id, int64_t now, const struct tz_zone *zone, struct plan_view *out,
               struct pace_error *err);
void plans_view_free(struct plan_view *v);

/* Where the value of a rule in her plan comes from, for people: a
 * reference, "Pace default ...", or (translated) that it was adjusted in
 * her plan. */
const char *plans_rule_source(const struct plan_view *v, enum engine_param rule);

/* Her program choice, or the default program from her account's start
 * when she never chose (*chosen false). */
/* Her pain stop: her rule for seeing a clinician, never above
 * ENGINE_SAFETY_PAIN (8 on a failure too, with the error in err). */
int plans_pain_stop(struct store *s, const struct plan_library *lib, int64_t user_id, int64_t now,
                    int *out, struct pace_error *err);
int plans_choice(struct store *s, const struct plan_library *lib, int64_t user_id,
                 struct plan_choice *out, bool *chosen, struct pace_error *err);

#endif
