/*
 * ui-welcome.c - her first run: three short steps that ask before Pace
 * assumes anything. /welcome says what Pace is and is not; /welcome/kit
 * asks what she has (or "I don't have dilators yet"); /welcome/plan asks
 * what she hopes for and which program fits, the usual start explained in
 * one line. Every step can be skipped, and nothing is chosen for her: a
 * skipped program leaves the default running, and /today says so.
 *
 * "/" sends a new account here (ui-home.c); where she is is kept with her
 * account (app_onboarding_*), so leaving half way continues there.
 */
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-kit.h"
#include "web/views/ui-plan.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const step_paths[] = {"/welcome", "/welcome/kit", "/welcome/plan"};

const char *ui_welcome_path(const struct onboarding *o)
{
    int step = o->step >= 1 && o->step <= 3 ? o->step : 1;
    return step_paths[step - 1];
}

static void progress(struct req *r, int step, const char *name)
{
    html_printf(r, "<p class=\"flow-progress\"><span class=\"flow-bar\" aria-hidden=\"true\">");
    for (int i = 1; i <= 3; i++)
        html_printf(r, "<i%R></i>", i <= step ? " class=\"on\"" : "");
    char s[128];
    snprintf(s, sizeof s, _("Step %d of %d: %s"), step, 3, name);
    html_printf(r, "</span><span>%s</span></p>", s);
}

static void button(struct req *r, const char *action, const char *label, const char *cls)
{
    html_printf(r, "<button type=\"submit\" name=\"action\" value=\"%s\" class=\"%s\">%s</button>",
                action, cls, label);
}

/* Her first run, or false after answering with the failure page. */
static bool load(struct req *r, struct onboarding *o)
{
    struct pace_error err = {0};
    int rc = app_onboarding_get(&r->app->ctx, &r->who, r->user.id, o, &err);
    if (rc != 0)
        view_fail(r, rc, &err);
    return rc == 0;
}

/* Saves where she is now and sends her on to loc. */
static void move_on(struct req *r, struct onboarding *o, enum onboarding_state state, int step,
                    const char *loc)
{
    struct pace_error err = {0};
    o->state = state;
    o->step = step;
    int rc = app_onboarding_set(&r->app->ctx, &r->who, r->user.id, o, r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, loc);
}

/* ---- step 1: what Pace is and is not ------------------------------------ */

void view_welcome(struct req *r)
{
    struct onboarding o;
    if (!load(r, &o))
        return;
    page_begin(r, _("Welcome"));
    html_printf(r, "<div class=\"welcome\">");
    progress(r, 1, _("What Pace is"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Welcome to Pace"),
                _("Three short steps, so that Pace fits you. You can skip any of them."));
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"is-h\"><h2 id=\"is-h\">%s</h2>"
                "<ul class=\"points\"><li>%s</li><li>%s</li><li>%s</li></ul></section>",
                _("What Pace is"),
                _("A companion for dilator practice: gentle guided sessions, a quick log, and a "
                  "suggestion for your next step that you can always say no to."),
                _("Private: your notes are encrypted, and nothing is sent to anyone else."),
                _("At your pace: there are no streaks, and stopping always counts as practice."));
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"isnot-h\"><h2 id=\"isnot-h\">%s</h2>"
                "<ul class=\"points\"><li>%s</li><li>%s</li></ul><p class=\"meta\">%s</p>"
                "</section>",
                _("What Pace is not"),
                _("Not a diagnosis, and not a replacement for your clinician."),
                _("Not a test: a size is not a score, and there is nothing to pass."),
                _("If you have bleeding, severe pain or signs of an infection, please contact a "
                  "clinician."));
    html_printf(r, "<form method=\"post\" action=\"/welcome\"><div class=\"flow-actions\">");
    html_csrf(r);
    button(r, "next", _("Continue"), "button");
    button(r, "skip", _("Skip setup"), "button secondary");
    html_printf(r, "</div></form></div>");
    page_end(r);
}

void view_welcome_post(struct req *r)
{
    struct onboarding o;
    if (!load(r, &o))
        return;
    const char *action = form_get(&r->form, "action");
    if (action && strcmp(action, "skip") == 0)
        move_on(r, &o, ONBOARD_SKIPPED, 1, "/today");
    else
        move_on(r, &o, ONBOARD_STARTED, 2, "/welcome/kit");
}

/* ---- step 2: her kit ---------------------------------------------------- */

static void kit_page(struct req *r, const char *notice, const char *error, bool posted)
{
    struct kit_view v;
    struct pace_error err = {0};
    int rc = app_kit_get(&r->app->ctx, &r->who, r->user.id, &v, &err);
    if (rc != 0) {
        kits_view_free(&v);
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Your kit"));
    html_printf(r, "<div class=\"welcome\">");
    progress(r, 2, _("Your kit"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Which dilators do you have?"),
                _("Tick what you have, or a whole set. Pace uses them to suggest a size, and you "
                  "can change them any time under My kit."));
    html_notice(r, notice);
    html_alert(r, error);
    html_printf(r, "<form method=\"post\" action=\"/welcome/kit\" class=\"kit-form\">");
    html_csrf(r);
    ui_kit_lines(r, &v, posted);
    html_printf(r, "<div class=\"flow-actions\">");
    button(r, "save", _("Save and continue"), "button");
    button(r, "none", _("I don't have dilators yet"), "button secondary");
    button(r, "skip", _("Skip this step"), "button secondary");
    html_printf(r, "</div></form></div>");
    page_end(r);
    kits_view_free(&v);
}

void view_welcome_kit(struct req *r)
{
    struct onboarding o;
    if (!load(r, &o))
        return;
    const char *done = form_get(&r->query, "done");
    kit_page(r, done && strcmp(done, "set") == 0 ? _("The whole set is in your kit now.") : NULL,
             NULL, false);
}

void view_welcome_kit_post(struct req *r)
{
    struct onboarding o;
    if (!load(r, &o))
        return;
    const char *action = form_get(&r->form, "action");
    const char *set = form_get(&r->form, "add_set");
    if (set == NULL && action && strcmp(action, "skip") == 0) {
        move_on(r, &o, ONBOARD_STARTED, 3, "/welcome/plan");
        return;
    }
    if (set == NULL && action && strcmp(action, "none") == 0) {
        o.no_kit_yet = true;
        move_on(r, &o, ONBOARD_STARTED, 3, "/welcome/plan");
        return;
    }
    struct kit_id *ids = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = ui_kit_ids_from_form(r, &ids, &n, &err);
    if (rc == 0)
        rc = app_kit_replace(&r->app->ctx, &r->who, r->user.id, ids, n, r->now, &err);
    free(ids);
    if (rc != 0) {
        r->status = status_for(rc);
        kit_page(r, NULL, err.msg, true);
        return;
    }
    if (n > 0)
        o.no_kit_yet = false;
    /* A whole set: she stays to see it ticked and can add more. */
    if (set)
        move_on(r, &o, ONBOARD_STARTED, 2, "/welcome/kit?done=set");
    else
        move_on(r, &o, ONBOARD_STARTED, 3, "/welcome/plan");
}

/* ---- step 3: what she hopes for, and her program ------------------------- */

static void goal_chips(struct req *r, const struct plan_goal *had, size_t nhad, bool echo)
{
    const struct plan_library *l = r->app->plans;
    html_printf(r,
                "<fieldset class=\"choices checks wide\" id=\"f-goal\"><legend>%s</legend>"
                "<p class=\"hint\">%s</p><div class=\"chips\">",
                _("What would you like to be able to do?"),
                _("Tick any, or none. Pace shows how far your comfortable size is from each; the "
                  "widths are approximate."));
    for (size_t i = 0; l->goals && i < l->goals->n; i++) {
        const struct goal *g = &l->goals->items[i];
        bool on = false;
        if (echo) {
            for (size_t k = 0; k < form_count(&r->form, "goal"); k++)
                on = on || strcmp(form_get_nth(&r->form, "goal", k), g->id) == 0;
        } else {
            for (size_t k = 0; k < nhad; k++)
                on = on || strcmp(had[k].goal_id, g->id) == 0;
        }
        html_printf(r,
                    "<span class=\"opt\"><input type=\"checkbox\" id=\"g-%s\" name=\"goal\" "
                    "value=\"%s\"%R><label for=\"g-%s\"><strong>%s</strong></label></span>",
                    g->id, g->id, on ? " checked" : "", g->id, _(g->name));
    }
    html_printf(r, "</div></fieldset>");
    /* Her own goals (from /plan) stay as they are. */
    for (size_t k = 0; k < nhad; k++)
        if (plan_goal_is_custom(&had[k]))
            html_printf(r, "<input type=\"hidden\" name=\"own\" value=\"%lld\">",
                        (long long)had[k].id);
}

static void plan_page(struct req *r, const char *error, const char *field)
{
    struct plan_goal *had = NULL;
    size_t nhad = 0;
    struct plan_choice c;
    bool chosen = false;
    struct pace_error err = {0};
    int rc = app_goals_get(&r->app->ctx, &r->who, r->user.id, &had, &nhad, &err);
    if (rc == 0)
        rc = app_program_get(&r->app->ctx, &r->who, r->user.id, &c, &chosen, &err);
    if (rc != 0) {
        free(had);
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("What you hope for"));
    html_printf(r, "<div class=\"welcome\">");
    progress(r, 3, _("What you hope for"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("What do you hope for?"),
                _("Your goals and your program are yours to choose. Nothing is decided for you, "
                  "and you can change both any time on your plan."));
    if (error && field && *field)
        html_alert_field(r, error, field);
    else
        html_alert(r, error);
    html_printf(r, "<form method=\"post\" action=\"/welcome/plan\">");
    html_csrf(r);
    goal_chips(r, had, nhad, error != NULL);
    const struct program *def = plan_program_default(r->app->plans);
    char usual[300] = "";
    if (def)
        snprintf(usual, sizeof usual,
                 _("Not sure? %s is where most people start: it suggests a next size only after "
                   "a few sessions that felt comfortable."),
                 _(def->name));
    const char *cur = error ? form_get(&r->form, "program") : c.program_id;
    ui_plan_program_choices(r, cur, usual, field && strcmp(field, "program") == 0 ? error : NULL);
    html_printf(r, "<div class=\"flow-actions\">");
    button(r, "save", _("Save and finish"), "button");
    button(r, "skip", _("Skip this step"), "button secondary");
    html_printf(r, "</div></form></div>");
    page_end(r);
    free(had);
}

void view_welcome_plan(struct req *r)
{
    struct onboarding o;
    if (!load(r, &o))
        return;
    plan_page(r, NULL, NULL);
}

void view_welcome_plan_post(struct req *r)
{
    struct onboarding o;
    if (!load(r, &o))
        return;
    const char *action = form_get(&r->form, "action");
    if (action && strcmp(action, "skip") == 0) {
        move_on(r, &o, ONBOARD_DONE, 3, "/today?done=welcome");
        return;
    }
    struct pace_error err = {0};
    struct plan_choice old, c;
    bool chosen = false;
    struct plan_goal *had = NULL, *goals = NULL;
    size_t nhad = 0, n = 0;
    int rc = app_program_get(&r->app->ctx, &r->who, r->user.id, &old, &chosen, &err);
    if (rc == 0) {
        const char *p = form_get(&r->form, "program");
        json_t *body = json_pack("{s:s}", "program", p ? p : "");
        rc = plan_choice_from_json(r->app->plans, body, chosen ? &old : NULL, r->now, &c, &err);
        json_decref(body);
        if (rc != 0)
            snprintf(err.field, sizeof err.field, "%s", "program");
    }
    if (rc == 0)
        rc = app_goals_get(&r->app->ctx, &r->who, r->user.id, &had, &nhad, &err);
    if (rc == 0)
        rc = ui_plan_goals_from_form(r, had, nhad, &goals, &n, &err);
    if (rc == 0)
        rc = app_plan_save(&r->app->ctx, &r->who, r->user.id, &c, goals, n, true, r->now, &err);
    free(had);
    free(goals);
    if (rc != 0) {
        r->status = status_for(rc);
        char field[sizeof err.field];
        snprintf(field, sizeof field, "%s", err.field);
        plan_page(r, *err.msg ? err.msg : _("Something went wrong. Please try again."), field);
        return;
    }
    move_on(r, &o, ONBOARD_DONE, 3, "/today?done=welcome");
}
