/*
 * ui-plan.c - /plan: her goals (ui-plan-goals.c) and her program (which
 * one, since when), and how Pace suggests her next step as a few choices
 * in plain words (a yes/no as a switch), in one plain form with one
 * button, so it all works without JavaScript. The same rules as numbers,
 * with their bounds and sources, are one link away on "How Pace decides"
 * (ui-plan-rules.c). The rules are checked exactly as PUT /api/v1/program
 * checks them.
 */
#include "app/plans.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-clinic.h"
#include "web/views/ui-plan.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct plan_state {
    const char *notice;
    const char *error; /* the message of a failed save */
    char field[80];    /* the form field at fault ("program", "rule_minutes", "own_min") */
};

static bool bad_field(const struct plan_state *st, const char *name)
{
    return st->error && strcmp(st->field, name) == 0;
}

void ui_plan_program_choices(struct req *r, const char *cur, const char *usual, const char *err)
{
    const struct plan_library *l = r->app->plans;
    html_printf(r,
                "<fieldset class=\"choices checks wide plan-programs%R\" id=\"f-program\">"
                "<legend>%s</legend>",
                err ? " bad" : "", _("Which program fits you?"));
    if (usual && *usual)
        html_printf(r, "<p class=\"hint\">%s</p>", usual);
    html_printf(r, "<div class=\"chips\">");
    /* The default program first, then the others in file order. */
    const struct program *first = plan_program_default(l);
    for (size_t i = 0; i <= l->nprograms; i++) {
        const struct program *p = i == 0 ? first : l->programs[i - 1];
        if (p == NULL || (i > 0 && p == first))
            continue;
        html_printf(r,
                    "<span class=\"opt\"><input type=\"radio\" id=\"p-%s\" name=\"program\" "
                    "value=\"%s\"%R><label for=\"p-%s\"><strong>%s</strong><span>%s</span>"
                    "</label></span>",
                    p->id, p->id, cur && strcmp(cur, p->id) == 0 ? " checked" : "", p->id,
                    _(p->name), _(p->description));
    }
    html_printf(r, "</div>");
    if (err)
        ui_field_error(r, "program", err);
    html_printf(r, "</fieldset>");
}

static void start_field(struct req *r, const struct plan_state *st, const struct plan_choice *c)
{
    char date[32];
    ui_datetime_local(date, sizeof date, c->started_at, req_zone(r));
    date[10] = '\0';
    const char *val = st->error ? form_get(&r->form, "started_at") : date;
    bool bad = bad_field(st, "started_at");
    html_printf(r,
                "<div class=\"field plan-start%R\"><label for=\"f-started_at\">%s</label>"
                "<p class=\"hint\" id=\"h-started_at\">%s</p>"
                "<input id=\"f-started_at\" name=\"started_at\" type=\"date\" value=\"%s\" "
                "aria-describedby=\"h-started_at%R\"%R>",
                bad ? " bad" : "", _("You started on"),
                _("The program's weeks count from this day."), val ? val : "",
                bad ? " e-started_at" : "", bad ? " aria-invalid=\"true\"" : "");
    if (bad)
        ui_field_error(r, "started_at", st->error);
    html_printf(r, "</div>");
}

/* The words for value v of rule p, as a choice in a list. */
static void value_words(enum engine_param p, int v, char *out, size_t n)
{
    switch (p) {
    case P_COMFORT_PAIN_MAX:
    case P_COMFORT_FEAR_MAX:
    case P_STEP_BACK_PAIN:
    case P_CLINICIAN_PAIN:
        snprintf(out, n, _("%d of 10"), v);
        break;
    case P_COMFORT_SESSIONS:
        snprintf(out, n, ngettext_("%d session", "%d sessions", v), v);
        break;
    case P_COMFORT_WINDOW_DAYS:
    case P_PAUSE_DAYS:
        snprintf(out, n, ngettext_("%d day", "%d days", v), v);
        break;
    case P_STEP_BACK_SPASM_S:
        if (v % 60 == 0)
            snprintf(out, n, ngettext_("%d minute", "%d minutes", v / 60), v / 60);
        else
            snprintf(out, n, ngettext_("%d second", "%d seconds", v), v);
        break;
    case P_MAX_PER_DAY:
        snprintf(out, n, ngettext_("%d session a day", "%d sessions a day", v), v);
        break;
    case P_MINUTES:
        snprintf(out, n, ngettext_("%d minute", "%d minutes", v), v);
        break;
    default:
        snprintf(out, n, "%d", v);
        break;
    }
}

/* A choice list for rule p: every value of a short range, or a few steps
 * of a long one (with her value and the program's among them). */
static void rule_select(struct req *r, const struct plan_state *st, enum engine_param p,
                        const char *label, const char *hint, int value, int base)
{
    static const int spasm[] = {10, 20, 30, 45, 60, 90, 120, 180, 300, 600};
    static const int window[] = {7, 10, 14, 21, 28, 35, 42};
    static const int pause[] = {3, 5, 7, 10, 14, 21, 30, 45, 60};
    static const int minutes[] = {5, 10, 15, 20, 25, 30, 40, 45, 60};
    const struct engine_param_info *in = &engine_params[p];
    int vals[64];
    size_t n = 0;
    const int *steps = NULL;
    size_t nsteps = 0;
    if (p == P_STEP_BACK_SPASM_S)
        steps = spasm, nsteps = sizeof spasm / sizeof *spasm;
    else if (p == P_COMFORT_WINDOW_DAYS)
        steps = window, nsteps = sizeof window / sizeof *window;
    else if (p == P_PAUSE_DAYS)
        steps = pause, nsteps = sizeof pause / sizeof *pause;
    else if (p == P_MINUTES)
        steps = minutes, nsteps = sizeof minutes / sizeof *minutes;
    for (int v = in->min; v <= in->max && n < 60; v++) {
        bool keep = steps == NULL || v == value || v == base;
        for (size_t i = 0; !keep && i < nsteps; i++)
            keep = steps[i] == v;
        if (keep)
            vals[n++] = v;
    }
    char name[48];
    snprintf(name, sizeof name, "rule_%s", in->name);
    bool bad = bad_field(st, name);
    html_printf(r, "<div class=\"field plan-choice%R\"><label for=\"f-%s\">%s</label>",
                bad ? " bad" : "", name, label);
    if (hint)
        html_printf(r, "<p class=\"hint\" id=\"h-%s\">%s</p>", name, hint);
    char ids[128];
    snprintf(ids, sizeof ids, "%s%s%s%s", hint ? "h-" : "", hint ? name : "",
             hint && bad ? " " : "", bad ? "e-rule" : "");
    html_printf(r, "<select id=\"f-%s\" name=\"%s\"", name, name);
    if (*ids)
        html_printf(r, " aria-describedby=\"%s\"", ids);
    if (bad)
        html_printf(r, " aria-invalid=\"true\"");
    html_printf(r, ">");
    for (size_t i = 0; i < n; i++) {
        char words[64], shown[96];
        value_words(p, vals[i], words, sizeof words);
        if (vals[i] == base)
            snprintf(shown, sizeof shown, _("%s (usual)"), words);
        else
            snprintf(shown, sizeof shown, "%s", words);
        html_printf(r, "<option value=\"%d\"%R>%s</option>", vals[i],
                    vals[i] == value ? " selected" : "", shown);
    }
    html_printf(r, "</select>");
    if (bad)
        ui_field_error(r, "rule", st->error);
    html_printf(r, "</div>");
}

/* The value a plain choice shows: what she just sent after a failed save,
 * else her rule in effect. */
static int shown_value(struct req *r, const struct plan_state *st, enum engine_param p,
                       const struct engine_rules *now_rules)
{
    char name[48];
    snprintf(name, sizeof name, "rule_%s", engine_params[p].name);
    const char *v = st->error ? form_get(&r->form, name) : NULL;
    if (p == P_REQUIRE_MOVEMENT && st->error)
        return v != NULL;
    char *end;
    long x = v ? strtol(v, &end, 10) : 0;
    if (v && end != v && *end == '\0')
        return (int)x;
    return now_rules->v[p];
}

static void rules_fields(struct req *r, const struct plan_state *st, const struct plan_choice *c)
{
    const struct program *p = plan_program_find(r->app->plans, c->program_id);
    struct plan_choice plain = *c;
    memset(plain.set, 0, sizeof plain.set);
    struct engine_rules base, mine;
    plan_rules(p, &plain, r->now, &base);
    plan_rules(p, c, r->now, &mine);
    bool open = st->error && str_starts(st->field, "rule_");
    for (int i = 0; i < P_PARAM_COUNT && !open; i++)
        open = c->set[i];
#define V(param) shown_value(r, st, param, &mine), base.v[param]
    html_printf(r,
                "<details class=\"plan-rules\" id=\"rules\"%R><summary>%s</summary>"
                "<p class=\"hint\">%s</p>",
                open ? " open" : "", _("How Pace suggests your next step"),
                _("Best changed together with your clinician. Each choice starts at your "
                  "program's usual value."));
    html_printf(r, "<fieldset class=\"plan-group\"><legend>%s</legend>",
                _("When a session feels comfortable"));
    rule_select(r, st, P_COMFORT_PAIN_MAX, _("Pain, at most"), NULL, V(P_COMFORT_PAIN_MAX));
    rule_select(r, st, P_COMFORT_FEAR_MAX, _("Fear, at most"), NULL, V(P_COMFORT_FEAR_MAX));
    bool moved = shown_value(r, st, P_REQUIRE_MOVEMENT, &mine) != 0;
    html_printf(r,
                "<div class=\"field switch-field\"><input type=\"hidden\" "
                "name=\"rule_require_movement_shown\" value=\"1\">"
                "<label class=\"switch\" for=\"f-rule_require_movement\"><input "
                "type=\"checkbox\" role=\"switch\" id=\"f-rule_require_movement\" "
                "name=\"rule_require_movement\" value=\"1\"%R><span>%s</span></label></div>"
                "</fieldset>",
                moved ? " checked" : "",
                _("Only when you moved the dilator gently, not only held it still"));
    html_printf(r, "<fieldset class=\"plan-group\"><legend>%s</legend>",
                _("Before Pace suggests the next size"));
    rule_select(r, st, P_COMFORT_SESSIONS, _("Comfortable sessions"), NULL, V(P_COMFORT_SESSIONS));
    rule_select(r, st, P_COMFORT_WINDOW_DAYS, _("Within"), NULL, V(P_COMFORT_WINDOW_DAYS));
    html_printf(r, "</fieldset><fieldset class=\"plan-group\"><legend>%s</legend>",
                _("When Pace suggests a gentler size"));
    rule_select(r, st, P_STEP_BACK_PAIN, _("When pain reaches"), NULL, V(P_STEP_BACK_PAIN));
    rule_select(r, st, P_STEP_BACK_SPASM_S, _("Or a spasm lasts longer than"), NULL,
                V(P_STEP_BACK_SPASM_S));
    rule_select(r, st, P_PAUSE_DAYS, _("Or after a break of"), NULL, V(P_PAUSE_DAYS));
    html_printf(r, "</fieldset><fieldset class=\"plan-group\"><legend>%s</legend>",
                _("Rest and safety"));
    rule_select(r, st, P_MAX_PER_DAY, _("Pace suggests rest after"), NULL, V(P_MAX_PER_DAY));
    rule_select(r, st, P_CLINICIAN_PAIN, _("Pace suggests seeing a clinician when pain reaches"),
                _("A safety stop: you can make it stricter, never later than 8 of 10."),
                V(P_CLINICIAN_PAIN));
    html_printf(r, "</fieldset>");
    rule_select(r, st, P_MINUTES, _("Practice time"), NULL, V(P_MINUTES));
#undef V
    html_printf(r, "<p class=\"plan-tech\"><a href=\"/plan/rules\">%s</a></p></details>",
                _("The same rules as numbers, with their sources"));
}

static void phase_text(struct req *r, const struct plan_view *v)
{
    if (v->program == NULL)
        return;
    if (v->phase == NULL) {
        html_printf(r, "<p class=\"plan-phase\">%s</p>",
                    _("Your program starts on the day you chose. Until then, practise only if "
                      "you like."));
        return;
    }
    char freq[64], text[200];
    program_frequency(v->phase, freq, sizeof freq);
    snprintf(text, sizeof text, _("In week %d: %s, about %d minutes."), v->week + 1, freq,
             v->rules.v[P_MINUTES]);
    html_printf(r, "<div class=\"plan-phase\"><p><strong>%s</strong> %s</p></div>", text,
                _(v->phase->note));
}

static void render(struct req *r, struct plan_state *st)
{
    struct plan_view v;
    struct plan_goal *goals = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_plan_load(&r->app->ctx, &r->who, r->user.id, r->now, req_zone(r), &v, &err);
    if (rc == 0)
        rc = app_goals_get(&r->app->ctx, &r->who, r->user.id, &goals, &n, &err);
    if (rc != 0) {
        plans_view_free(&v);
        free(goals);
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Your plan"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Your plan"),
                _("What you are working towards, and your program. You can change them at any "
                  "time; your sessions stay as they are."));
    html_notice(r, st->notice);
    if (st->error && *st->field)
        html_alert_field(r, st->error, st->field);
    else
        html_alert(r, st->error);
    ui_clinic_plan(r); /* from her clinicians (ui-clinic-her.c) */
    html_printf(r, "<form method=\"post\" action=\"/plan\" class=\"plan-form\" novalidate>");
    html_csrf(r);
    ui_plan_goals_section(r, goals, n, v.comfortable_mm, st->error,
                          str_starts(st->field, "own") || strcmp(st->field, "goal") == 0 ? st->field
                                                                                         : NULL);
    html_printf(r,
                "<section class=\"card plan-program\" id=\"program\" "
                "aria-labelledby=\"program-h\"><h2 id=\"program-h\">%s</h2>",
                _("Your program"));
    phase_text(r, &v);
    ui_plan_program_choices(r, st->error ? form_get(&r->form, "program") : v.choice.program_id,
                            NULL, bad_field(st, "program") ? st->error : NULL);
    start_field(r, st, &v.choice);
    rules_fields(r, st, &v.choice);
    html_printf(r, "</section>");
    html_printf(r,
                "<div class=\"plan-save\"><button type=\"submit\" class=\"button wide\">%s"
                "</button></div></form>",
                _("Save my plan"));
    page_end(r);
    free(goals);
    plans_view_free(&v);
}

static const struct {
    const char *key;
    const char *msg;
} notices[] = {
    {"saved", N_("Your plan is saved.")},
    {"reached", N_("Marked as reached. Take a moment to notice how far you have come.")},
    {"unmarked", N_("The mark is taken back. It is still one of your goals.")},
    {"accepted", N_("Your plan now follows the suggestion.")},
    {"declined", N_("Your plan stays as it was.")},
};

void view_plan(struct req *r)
{
    struct plan_state st = {0};
    const char *done = form_get(&r->query, "done");
    for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
        if (strcmp(done, notices[i].key) == 0)
            st.notice = _(notices[i].msg);
    render(r, &st);
}

/* Whether she changed rule i in the plain choices: a value other than
 * the one the page showed. A rule she did not touch stays as it was (her
 * own value, or the program's, which may change with the program). */
static bool touched(const struct plan_choice *old, const struct engine_rules *old_rules, int i,
                    int v)
{
    return old->set[i] ? v != old->v[i] : v != old_rules->v[i];
}

/* The program part of the form as the API's JSON body, so both are
 * checked alike. Returns 0, or PACE_EINVAL with the form field at fault. */
static int program_body(struct req *r, const struct plan_choice *old, json_t **out,
                        struct pace_error *err)
{
    json_t *j = json_object();
    *out = j;
    const char *p = form_get(&r->form, "program");
    json_object_set_new(j, "program", json_string(p ? p : ""));
    const char *d = form_get(&r->form, "started_at");
    int64_t start = 0;
    char full[40];
    snprintf(full, sizeof full, "%.10sT00:00", d ? d : "");
    if (d == NULL || strlen(d) != 10 || ui_datetime_parse(full, req_zone(r), &start) != 0)
        return pace_fail(err, PACE_EINVAL, "started_at", "%s",
                         _("Please choose the day you started."));
    char when[32];
    rfc3339_format(start, when, sizeof when);
    json_object_set_new(j, "started_at", json_string(when));
    /* What the page showed: her rules under the program she had. */
    const struct program *was = plan_program_find(r->app->plans, old->program_id);
    const struct program *now_p = plan_program_find(r->app->plans, p);
    struct plan_choice plain = *old;
    memset(plain.set, 0, sizeof plain.set);
    struct engine_rules old_rules, new_base;
    plan_rules(was, old, r->now, &old_rules);
    plan_rules(now_p ? now_p : was, &plain, r->now, &new_base);
    json_t *params = json_object();
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        char name[48];
        snprintf(name, sizeof name, "rule_%s", engine_params[i].name);
        const char *v = form_get(&r->form, name);
        long x;
        if (i == P_REQUIRE_MOVEMENT && form_get(&r->form, "rule_require_movement_shown")) {
            x = v != NULL;
        } else if (v == NULL || *v == '\0') {
            continue;
        } else {
            char *end;
            x = strtol(v, &end, 10);
            if (*end != '\0' || end == v || x < -100000 || x > 100000) {
                json_decref(params);
                return pace_fail(err, PACE_EINVAL, name, "%s",
                                 _("Please choose one of the values."));
            }
        }
        bool keep = !touched(old, &old_rules, i, (int)x) ? old->set[i] : x != new_base.v[i];
        if (keep)
            json_object_set_new(params, engine_params[i].name, json_integer(x));
    }
    json_object_set_new(j, "params", params);
    return 0;
}

void view_plan_post(struct req *r)
{
    struct plan_state st = {0};
    struct pace_error err = {0};
    struct plan_choice old, c;
    bool chosen = false;
    struct plan_goal *had = NULL, *goals = NULL;
    size_t nhad = 0, n = 0;
    json_t *body = NULL;
    int rc = app_program_get(&r->app->ctx, &r->who, r->user.id, &old, &chosen, &err);
    if (rc == 0)
        rc = program_body(r, &old, &body, &err);
    if (rc == 0) {
        rc = plan_choice_from_json(r->app->plans, body, chosen ? &old : NULL, r->now, &c, &err);
        /* "params.minutes" is the field "rule_minutes" here. */
        if (rc != 0 && str_starts(err.field, "params.")) {
            char f[sizeof err.field];
            snprintf(f, sizeof f, "%.56s", err.field + 7);
            snprintf(err.field, sizeof err.field, "rule_%.50s", f);
        }
    }
    json_decref(body);
    if (rc == 0)
        rc = app_goals_get(&r->app->ctx, &r->who, r->user.id, &had, &nhad, &err);
    if (rc == 0)
        rc = ui_plan_goals_from_form(r, had, nhad, &goals, &n, &err);
    /* Program and goals together, all or nothing. */
    if (rc == 0)
        rc = app_plan_save(&r->app->ctx, &r->who, r->user.id, &c, goals, n, true, r->now, &err);
    free(had);
    free(goals);
    if (rc != 0) {
        r->status = status_for(rc);
        st.error = *err.msg ? err.msg : _("Something went wrong. Please try again.");
        snprintf(st.field, sizeof st.field, "%s", err.field);
        render(r, &st);
        return;
    }
    resp_redirect(r, "/plan?done=saved");
}
