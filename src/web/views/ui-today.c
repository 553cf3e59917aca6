/*
 * ui-today.c - /today, her home after signing in ("/" shows it too): the
 * suggestion for her next session and, first on the screen, one button to
 * start a guided session with that dilator and time; the reasons in her own
 * words folded behind "Why this?" (the rules and their sources are on "How
 * Pace decides"); her practice this week against her plan (never a
 * streak), her goals, and her next reminder (ui-reminders.c). Safety
 * suggestions come first, calmly, with what to do. A new account is
 * greeted as new, and offered the rest of her first run when she left it.
 */
#include "app/plans.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-clinic.h"
#include "web/views/ui-guide.h"
#include "web/views/ui-plan.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *exercise_label(int bit)
{
    static const char *const labels[EXERCISE_COUNT] = {
        N_("Slow breathing"), N_("Relaxing"), N_("Body awareness"), N_("Gentle exploration"),
        N_("Gentle movement")};
    return bit >= 0 && bit < EXERCISE_COUNT ? _(labels[bit]) : "";
}

/* The headline of the suggestion. */
static void headline(const struct plan_view *v, char *out, size_t n)
{
    const struct recommendation *rec = &v->rec;
    char size[32] = "";
    if (rec->dilator_id)
        ui_mm(size, sizeof size, rec->diameter_mm);
    switch (rec->action) {
    case ACTION_SEE_CLINICIAN:
        snprintf(out, n, "%s", _("Please talk to a clinician first"));
        return;
    case ACTION_REST:
        snprintf(out, n, "%s", _("Today is a day to rest"));
        return;
    case ACTION_TRY_NEXT:
        snprintf(out, n, _("When you feel ready: %s"), size);
        return;
    case ACTION_STEP_BACK:
        snprintf(out, n, _("A gentler size next time: %s"), size);
        return;
    default:
        break;
    }
    if (v->use == ENGINE_NO_DILATOR)
        snprintf(out, n, "%s", _("Breathing and relaxation"));
    else if (rec->dilator_id == NULL)
        snprintf(out, n, "%s", _("Add your dilators to your kit"));
    else
        snprintf(out, n, _("Next time: %s"), size);
}

static const struct practice *find_session(const struct plan_view *v, const char *id)
{
    for (size_t i = 0; i < v->nsessions; i++)
        if (strcmp(v->sessions[i].id, id) == 0)
            return &v->sessions[i];
    return NULL;
}

static void reason_item(struct req *r, const struct plan_view *v, size_t index,
                        const struct tz_zone *tz)
{
    const struct engine_reason *e = &v->rec.reasons[index];
    html_printf(r, "<li><p>%s</p>", e->text);
    if (e->ncited > 0) {
        html_printf(
            r,
            "<p class=\"meta today-based\" id=\"based-%zu\">%s</p>"
            "<ul class=\"today-cited\" aria-labelledby=\"based-%zu\">",
            index, ngettext_("Based on this session:", "Based on these sessions:", (long)e->ncited),
            index);
        for (size_t k = 0; k < e->ncited; k++) {
            const struct practice *s = find_session(v, e->cited[k]);
            char when[64];
            if (s)
                i18n_format_date(when, sizeof when, s->started_at,
                                 tz_offset_min(tz, s->started_at));
            else
                snprintf(when, sizeof when, "%s", _("a session"));
            html_printf(r, "<li><a href=\"/sessions/%s\">%s</a></li>", e->cited[k], when);
        }
        html_printf(r, "</ul>");
    }
    html_printf(r, "</li>");
}

static void safety_steps(struct req *r)
{
    html_printf(r, "<h3>%s</h3><ul class=\"today-steps\"><li>%s</li><li>%s</li><li>%s</li></ul>",
                _("What you can do"), _("Pause dilator practice for now."),
                _("Contact your gynaecologist, GP, midwife or pelvic-floor physiotherapist and "
                  "tell them what you noticed."),
                _("If the bleeding is heavy or the pain is severe, please seek care today."));
}

/* No dilators yet, as she said in her first run, and none in her kit:
 * breathing and relaxation until they arrive. */
static bool waiting_for_kit(const struct plan_view *v, const struct onboarding *o)
{
    return o->no_kit_yet && v->nitems == 0 && v->use != ENGINE_NO_DILATOR;
}

/* The main button (a quiet one after a safety or rest suggestion), and
 * the quick log. */
static void next_actions(struct req *r, const struct plan_view *v, bool in_progress, bool no_kit)
{
    const struct recommendation *rec = &v->rec;
    bool calm = rec->action == ACTION_SEE_CLINICIAN || rec->action == ACTION_REST;
    html_printf(r, "<div class=\"today-go\">");
    if (calm && !in_progress)
        html_printf(r, "<p class=\"hint\">%s</p>",
                    rec->action == ACTION_REST
                        ? _("If you would still like to practise, that is your choice.")
                        : _("When a clinician has said it is fine, you can start a session "
                            "again."));
    if (in_progress) {
        html_printf(r, "<a class=\"button\" href=\"/practice\">%s</a>", _("Continue your session"));
    } else {
        html_printf(r, "<a class=\"%s\" href=\"/practice?", calm ? "button secondary" : "button");
        if (rec->dilator_id && !calm) {
            html_printf(r, "dilator=");
            html_url(&r->out, rec->dilator_id);
            html_printf(r, "&amp;");
        } else if ((v->use == ENGINE_NO_DILATOR || no_kit) && !calm) {
            html_printf(r, "dilator=" UI_NO_DILATOR "&amp;");
        }
        html_printf(r, "minutes=%d\">%s</a>", rec->minutes, _("Start a guided session"));
    }
    html_printf(r, "<a class=\"button secondary\" href=\"/sessions/new\">%s</a></div>",
                _("Log a session"));
}

/* The reasons, in her words, folded behind "Why this?" (a plain
 * <details>, so it opens without JavaScript). The rules and their sources
 * are on "How Pace decides". */
static void why(struct req *r, const struct plan_view *v, bool no_kit, const struct tz_zone *tz)
{
    const struct recommendation *rec = &v->rec;
    /* A safety suggestion keeps its reasons in view. */
    html_printf(r, "<details class=\"today-why\"%R><summary>%s</summary>",
                rec->action == ACTION_SEE_CLINICIAN ? " open" : "", _("Why this?"));
    if (no_kit) {
        html_printf(r, "<p>%s</p>",
                    _("You said you do not have dilators yet. Breathing and relaxation are a "
                      "good start on their own, and they are part of every session later."));
    } else {
        html_printf(r, "<ul class=\"today-reasons\">");
        for (size_t i = 0; i < rec->nreasons; i++)
            reason_item(r, v, i, tz);
        html_printf(r, "</ul>");
    }
    if (rec->exercises && rec->action != ACTION_SEE_CLINICIAN && rec->action != ACTION_REST) {
        html_printf(r,
                    "<p class=\"meta\" id=\"ex-h\">%s</p><ul class=\"today-ex\" "
                    "aria-labelledby=\"ex-h\">",
                    _("What the session holds:"));
        for (int i = 0; i < EXERCISE_COUNT; i++)
            if (rec->exercises & (1u << i))
                html_printf(r, "<li class=\"tag\">%s</li>", exercise_label(i));
        html_printf(r, "</ul>");
    }
    html_printf(r, "<p><a href=\"/plan/rules\">%s</a></p></details>", _("How Pace decides"));
}

static void next_card(struct req *r, const struct plan_view *v, const struct onboarding *o,
                      bool in_progress, const struct tz_zone *tz)
{
    const struct recommendation *rec = &v->rec;
    bool safety = rec->action == ACTION_SEE_CLINICIAN;
    bool no_kit = waiting_for_kit(v, o) && !safety && rec->action != ACTION_REST;
    char head[160];
    if (no_kit)
        snprintf(head, sizeof head, "%s", _("Breathing and relaxation for now"));
    else
        headline(v, head, sizeof head);
    html_printf(r,
                "<section class=\"card today-next%R\" aria-labelledby=\"next-h\">"
                "<p class=\"today-kicker\">%s</p><h2 id=\"next-h\">%s</h2>",
                safety ? " today-safety" : "", _("Your next session"), head);
    char mins[64];
    snprintf(mins, sizeof mins, ngettext_("about %d minute", "about %d minutes", rec->minutes),
             rec->minutes);
    if (safety) {
        safety_steps(r);
    } else if (no_kit) {
        html_printf(r, "<p class=\"today-what\">%s · %s</p>", _("Until your dilators arrive"),
                    mins);
    } else if (rec->action != ACTION_REST) {
        char label[160] = "";
        for (size_t i = 0; rec->dilator_id && i < v->kit.n; i++) {
            const struct kit_entry *k = &v->kit.entries[i];
            if (strcmp(k->id, rec->dilator_id) == 0)
                snprintf(label, sizeof label, "%s%s%s", k->line_name ? k->line_name : "",
                         k->line_name ? " " : "", k->label);
        }
        if (*label)
            html_printf(r, "<p class=\"today-what\">%s · %s</p>", label, mins);
        else if (rec->dilator_id || v->use == ENGINE_NO_DILATOR)
            html_printf(r, "<p class=\"today-what\">%s</p>", mins);
    }
    if (v->use != ENGINE_NO_DILATOR && v->nitems == 0 && !no_kit && !safety &&
        rec->action != ACTION_REST)
        html_printf(r, "<p><a href=\"/kit\">%s</a></p>", _("Set up your kit"));
    next_actions(r, v, in_progress, no_kit);
    why(r, v, no_kit, tz);
    html_printf(r, "</section>");
}

static void week_card(struct req *r, const struct plan_view *v)
{
    char text[400];
    plan_week_text(v->practised_this_week, v->phase, text, sizeof text);
    html_printf(r,
                "<section class=\"card today-week\" aria-labelledby=\"week-h\">"
                "<h2 id=\"week-h\">%s</h2><p>%s</p>",
                _("This week"), text);
    if (v->program)
        html_printf(r, "<p class=\"meta\">%s</p>",
                    _("Stopping early and resting both count. "
                      "There is no streak to keep."));
    html_printf(r,
                "<p class=\"today-links\"><a href=\"/progress\">%s</a> <a "
                "href=\"/sessions\">%s</a></p></section>",
                _("See your progress"), _("See your history"));
}

static void goals_card(struct req *r, const struct plan_view *v)
{
    struct plan_goal *goals = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    if (app_goals_get(&r->app->ctx, &r->who, r->user.id, &goals, &n, &err) != 0) {
        /* The rest of her page still helps; the log keeps why. */
        fprintf(stderr, "pace: /today goals: %s\n", err.msg);
        n = 0;
    }
    html_printf(r,
                "<section class=\"card today-goals\" aria-labelledby=\"goals-h\">"
                "<h2 id=\"goals-h\">%s</h2>",
                _("Your goals"));
    if (n == 0) {
        html_printf(r, "<p>%s</p>",
                    _("You can pick what matters to you, such as a tampon or a gynaecological "
                      "exam, and Pace shows how far your comfortable size is from each."));
    } else {
        html_printf(r, "<ul class=\"goal-list\">");
        for (size_t i = 0; i < n; i++)
            ui_plan_goal_item(r, &goals[i], v->comfortable_mm, "/today");
        html_printf(r, "</ul>");
    }
    html_printf(r, "<p><a href=\"/plan#goals\">%s</a></p></section>",
                n == 0 ? _("Choose your goals") : _("Change your goals"));
    free(goals);
}

/* Her next reminder (ui-reminders.c), or a quiet offer of one. */
static void reminder_card(struct req *r)
{
    char next[200];
    html_printf(r,
                "<section class=\"card today-reminder\" aria-labelledby=\"rem-h\">"
                "<h2 id=\"rem-h\">%s</h2>",
                _("Next reminder"));
    if (ui_reminder_next(r, next, sizeof next))
        html_printf(r, "<p>%s</p><p><a href=\"/reminders\">%s</a></p>", next,
                    _("Change your reminders"));
    else
        html_printf(r, "<p>%s</p><p><a href=\"/reminders\">%s</a></p>",
                    _("No reminder is set. If a gentle nudge would help, you can add one to "
                      "your own calendar, privately."),
                    _("Set up a reminder"));
    html_printf(r, "</section>");
}

/* Her program in one line; until she chooses one, that the default runs,
 * so nothing is assigned without her knowing. */
static void program_line(struct req *r, const struct plan_view *v)
{
    if (v->program == NULL)
        return;
    if (!v->chosen) {
        char s[400];
        snprintf(s, sizeof s,
                 _("You have not chosen a program yet, so Pace follows the one most people "
                   "start with: %s."),
                 _(v->program->name));
        html_printf(r, "<p class=\"today-program\">%s <a href=\"/plan#program\">%s</a></p>", s,
                    _("Choose your program"));
        return;
    }
    char week[160];
    if (v->week >= 0)
        snprintf(week, sizeof week, _("%s, week %d."), _(v->program->name), v->week + 1);
    else
        snprintf(week, sizeof week, _("%s, starting soon."), _(v->program->name));
    html_printf(r, "<p class=\"today-program\">%s %s <a href=\"/plan\">%s</a></p>",
                _("Your program:"), week, _("Your plan"));
}

/* An offer to finish setting up, when she skipped or left her first run. */
static void first_run_card(struct req *r, const struct onboarding *o)
{
    if (o->state == ONBOARD_DONE)
        return;
    html_printf(r,
                "<section class=\"card today-setup\" aria-labelledby=\"setup-h\">"
                "<h2 id=\"setup-h\">%s</h2><p>%s</p><p><a href=\"/welcome\">%s</a></p>"
                "</section>",
                _("Set up Pace"),
                _("Three short steps: what Pace is, your kit, and what you hope for. You can "
                  "skip any of them."),
                o->state == ONBOARD_SKIPPED ? _("Set up Pace now") : _("Continue setting up"));
}

/* When someone shares with her: the way to what they share. */
static void shared_card(struct req *r)
{
    struct grant *items = NULL;
    size_t n = 0;
    if (app_shared_with_me(&r->app->ctx, &r->who, r->now, &items, &n, NULL) != 0 || n == 0) {
        app_grants_free(items, n);
        return;
    }
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"shared-h\"><h2 id=\"shared-h\">%s"
                "</h2><p>%s</p><p><a href=\"/shared\">%s</a></p></section>",
                _("Shared with you"), _("Someone shares their practice with you."),
                _("See what is shared with you"));
    app_grants_free(items, n);
}

void view_today(struct req *r)
{
    const struct tz_zone *tz = req_zone(r);
    struct plan_view v;
    struct pace_error err = {0};
    int rc = app_plan_load(&r->app->ctx, &r->who, r->user.id, r->now, tz, &v, &err);
    struct onboarding o;
    if (rc == 0)
        rc = app_onboarding_get(&r->app->ctx, &r->who, r->user.id, &o, &err);
    if (rc != 0) {
        plans_view_free(&v);
        view_fail(r, rc, &err);
        return;
    }
    char *draft = NULL;
    bool in_progress = app_draft_get(&r->app->ctx, &r->who, r->user.id, &draft, NULL) == 0;
    if (draft) {
        crypto_wipe(draft, strlen(draft));
        free(draft);
    }
    /* New here: nothing logged yet. Greeted as new, not as someone back. */
    struct practice last;
    practice_init(&last);
    bool has_history =
        v.nsessions > 0 || app_session_last(&r->app->ctx, &r->who, r->user.id, &last, NULL) == 0;
    practice_clear(&last);
    page_begin(r, _("Today"));
    html_printf(r, "<h1>%s</h1><p class=\"lead today-lead\">%s</p>",
                has_history ? _("Welcome back") : _("Welcome to Pace"),
                _("Take a slow breath. There is no hurry here."));
    if (v.nsessions == 0) /* a newcomer: a gentle way into the guide */
        ui_guide_link(r, "start-here", _("New here? You could begin with the guide:"));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "reached") == 0)
        html_notice(r, _("Marked as reached. Take a moment to notice how far you have come."));
    else if (done && strcmp(done, "welcome") == 0)
        html_notice(r, _("You are all set. Everything you chose can be changed any time."));
    else if (done && strcmp(done, "accepted") == 0)
        html_notice(r, _("Your plan now follows the suggestion."));
    else if (done && strcmp(done, "declined") == 0)
        html_notice(r, _("Your plan stays as it was."));
    next_card(r, &v, &o, in_progress, tz);
    ui_clinic_today(r); /* from her clinicians, after any safety step (ui-clinic-her.c) */
    program_line(r, &v);
    first_run_card(r, &o);
    week_card(r, &v);
    goals_card(r, &v);
    reminder_card(r);
    shared_card(r);
    page_end(r);
    plans_view_free(&v);
}
