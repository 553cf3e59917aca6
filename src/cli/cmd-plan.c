/*
 * cmd-plan.c - pace recommend: the pace engine's suggestion for her next
 * session, exactly as GET /api/v1/recommendation and /today compute it
 * (store/plans.h), printed with its reasons, their rules and sources, and
 * the sessions they rest on.
 */
#include "app/app.h"
#include "app/clock.h"
#include "cli/cli.h"

#include "app/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void print_view(const struct plan_view *v)
{
    const struct recommendation *rec = &v->rec;
    printf("program:   %s\n", v->choice.program_id);
    printf("action:    %s\n", engine_action_name(rec->action));
    if (rec->dilator_id)
        printf("dilator:   %s (%.4g mm)\n", rec->dilator_id, rec->diameter_mm);
    else
        printf("dilator:   none\n");
    printf("minutes:   %d\n", rec->minutes);
    printf("exercises:");
    for (int i = 0; i < EXERCISE_COUNT; i++)
        if (rec->exercises & (1u << i))
            printf(" %s", exercise_names[i]);
    printf("\nreasons:\n");
    for (size_t i = 0; i < rec->nreasons; i++) {
        const struct engine_reason *e = &rec->reasons[i];
        printf("  - %s\n", e->text);
        if (e->safety)
            printf("    rule: safety (%s)\n", ENGINE_SAFETY_SOURCE);
        else
            printf("    rule: %s = %d (%s)\n", engine_params[e->rule].name, v->rules.v[e->rule],
                   plans_rule_source(v, e->rule));
        if (e->ncited > 0) {
            printf("    sessions:");
            for (size_t k = 0; k < e->ncited; k++)
                printf(" %s", e->cited[k]);
            printf("\n");
        }
    }
    char week[400];
    plan_week_text(v->practised_this_week, v->phase, week, sizeof week);
    printf("this week: %s\n", week);
}

int cmd_recommend(int argc, char **argv)
{
    const char *email = NULL, *data = NULL, *tzs = NULL;
    for (int i = 1; i < argc; i++) {
        bool missing = false;
        if (cli_opt(argc, argv, &i, "--email", &email, &missing) ||
            cli_opt(argc, argv, &i, "--tz", &tzs, &missing) ||
            cli_opt(argc, argv, &i, "--data", &data, &missing)) {
            if (missing)
                return cli_usage_error("%s needs a value", argv[i]);
        } else {
            return cli_usage_error("recommend does not know '%s'; see 'pace recommend --help'",
                                   argv[i]);
        }
    }
    if (email == NULL)
        return cli_usage_error("recommend needs --email");
    struct tz_zone zone;
    if (cli_zone(tzs, &zone) != 0)
        return EXIT_USAGE;
    struct pace_error err = {0};
    struct plan_library *lib;
    struct catalog *cat;
    if (cli_plans_load(&lib, &cat) != 0) {
        tz_zone_free(&zone);
        return 1;
    }
    struct store *s = NULL;
    struct user u;
    int rc = cli_open_user(data, email, &s, &u);
    if (rc == 0) {
        struct plan_view v;
        struct app_ctx ctx = {.store = s, .catalog = cat, .plans = lib};
        struct principal op = app_operator();
        if (app_plan_load(&ctx, &op, u.id, app_clock_now(), &zone, &v, &err) != 0) {
            fprintf(stderr, "pace: %s\n", err.msg);
            rc = 1;
        } else {
            print_view(&v);
        }
        plans_view_free(&v);
        store_close(s);
    }
    catalog_free(cat);
    plan_library_free(lib);
    tz_zone_free(&zone);
    return rc;
}
