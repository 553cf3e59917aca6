/*
 * ui-plan-rules.c - /plan/rules, "How Pace decides": the order in which
 * the engine looks at things, the safety stops and which way each may
 * move, her rules as numbers (each with its bounds and where its value
 * comes from) in a form that saves them, her program's numbers with their
 * sources, and the fixed numbers of the guided session. This is the page
 * for rule names, sources and 0/1 fields; her everyday screens say the
 * same in plain words (ui-today.c, ui-plan.c).
 */
#include "app/plans.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rules_state {
    const char *notice;
    const char *error;
    char field[80];
};

static void order_section(struct req *r)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"order-h\"><h2 id=\"order-h\">%s</h2>"
                "<p>%s</p><ol class=\"rules-order\"><li>%s</li><li>%s</li><li>%s</li><li>%s</li>"
                "<li>%s</li><li>%s</li></ol></section>",
                _("In what order Pace looks"),
                _("Pace suggests your next session from your rules, your kit and your sessions "
                  "of about the last two months. It asks, in this order:"),
                _("Safety: a safety stop leads to pausing and contacting a clinician."),
                _("Rest: after the rule's number of sessions in a day, rest."),
                _("A long break: after it, start again one size down."),
                _("A hard last session: pain or a long spasm at the step-back rule, one size "
                  "down."),
                _("Enough comfortable sessions within the rule's days: the next size in your "
                  "kit, when you feel ready."),
                _("Otherwise: stay with the size you have."));
}

static void safety_section(struct req *r, int pain_stop)
{
    char pain[200];
    snprintf(pain, sizeof pain, _("Pain at or above %d of 10 (before, during or after a session)."),
             pain_stop);
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"stops-h\"><h2 id=\"stops-h\">%s</h2>"
                "<p>%s</p><ul class=\"points\"><li>%s</li><li>%s</li><li>%s</li><li>%s</li>"
                "<li>%s</li></ul><p class=\"meta\">%s %s</p></section>",
                _("Safety stops"),
                _("These always lead to \"pause and contact a clinician\". Nobody can loosen "
                  "them: a person, a program or a clinician can only make them stricter."),
                pain, _("Bleeding that is more than light spotting."), _("Signs of an infection."),
                _("A clinician advised rest."), _("Safety answers at the last two check-ins."),
                _("Source:"), _(ENGINE_SAFETY_SOURCE));
}

static bool bad_field(const struct rules_state *st, const char *name)
{
    return st->error && strcmp(st->field, name) == 0;
}

/* Her rules as numbers: each with the program's value, its bounds and its
 * source; an empty field uses the program's value. */
static void numbers_form(struct req *r, const struct rules_state *st, const struct plan_view *v)
{
    const struct plan_choice *c = &v->choice;
    struct plan_choice plain = *c;
    memset(plain.set, 0, sizeof plain.set);
    struct engine_rules base;
    plan_rules(v->program, &plain, r->now, &base);
    html_printf(r,
                "<section class=\"card\" id=\"numbers\" aria-labelledby=\"numbers-h\">"
                "<h2 id=\"numbers-h\">%s</h2><p class=\"hint\">%s</p>",
                _("Your rules as numbers"),
                _("Best changed together with your clinician. Leave a field empty to use the "
                  "program's value, shown in the field."));
    html_printf(r, "<form method=\"post\" action=\"/plan/rules\" novalidate>");
    html_csrf(r);
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        const struct engine_param_info *in = &engine_params[i];
        bool adj = false;
        const char *src = plan_rule_source(v->program, c, (enum engine_param)i, &adj);
        char name[48], value[16] = "", hint[640], bounds[200];
        snprintf(name, sizeof name, "rule_%s", in->name);
        if (st->error) {
            const char *f = form_get(&r->form, name);
            snprintf(value, sizeof value, "%s", f ? f : "");
        } else if (c->set[i]) {
            snprintf(value, sizeof value, "%d", c->v[i]);
        }
        snprintf(bounds, sizeof bounds, "%s",
                 in->bounds_source ? _(in->bounds_source) : _("range: Pace default"));
        snprintf(hint, sizeof hint, _("Program: %d. From %d to %d (%s). Source: %s"), base.v[i],
                 in->min, in->max, bounds, adj ? _("Adjusted in your plan") : _(src));
        bool bad = bad_field(st, name);
        html_printf(r,
                    "<div class=\"field plan-rule%R\"><label for=\"f-%s\">%s "
                    "<code class=\"rule-name\">%s</code></label>"
                    "<p class=\"hint\" id=\"h-%s\">%s</p>"
                    "<input id=\"f-%s\" name=\"%s\" type=\"number\" inputmode=\"numeric\" "
                    "min=\"%d\" max=\"%d\" step=\"1\" placeholder=\"%d\" value=\"%s\" "
                    "aria-describedby=\"h-%s%R\"%R>",
                    bad ? " bad" : "", name, _(in->label), in->name, name, hint, name, name,
                    in->min, in->max, base.v[i], value, name, bad ? " e-rule" : "",
                    bad ? " aria-invalid=\"true\"" : "");
        if (bad)
            ui_field_error(r, "rule", st->error);
        html_printf(r, "</div>");
    }
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Save the rules"));
}

static void program_section(struct req *r, const struct plan_view *v)
{
    if (v->program == NULL)
        return;
    char h[200];
    snprintf(h, sizeof h, _("Your program: %s"), _(v->program->name));
    html_printf(r, "<section class=\"card\" aria-labelledby=\"prog-h\"><h2 id=\"prog-h\">%s</h2>",
                h);
    if (v->phase) {
        char freq[64], text[200];
        program_frequency(v->phase, freq, sizeof freq);
        snprintf(text, sizeof text, _("In week %d: %s, about %d minutes."), v->week + 1, freq,
                 v->rules.v[P_MINUTES]);
        html_printf(r, "<p>%s</p><p class=\"meta\">%s %s%R</p>", text, _("Source:"),
                    _(v->phase->source), v->phase->assumed ? " ≈" : "");
    }
    html_printf(r,
                "<p class=\"meta\" id=\"prog-src\">%s</p><ul class=\"points\" "
                "aria-labelledby=\"prog-src\">",
                _("Where the program comes from:"));
    for (size_t i = 0; i < v->program->nsources; i++)
        html_printf(r, "<li>%s</li>", _(v->program->sources[i]));
    html_printf(r, "</ul><p class=\"hint\">%s</p></section>",
                _("≈ marks a number that no published source gives: a Pace default, where your "
                  "clinician's advice comes first."));
}

/* The guided session's fixed numbers (docs/programs.md). */
static void session_numbers(struct req *r)
{
    static const struct {
        const char *what;
        const char *source;
    } rows[] = {
        {N_("30 seconds of breathing before the practice count as breathing and relaxing done."),
         N_("Pace default, after BIEN physiotherapy: five slow breaths before inserting")},
        {N_("The breathing pacer lasts about two minutes."), N_("Pace default")},
        {N_("The practice timer starts at 10 minutes."),
         N_("Pace default (Core Dynamics PT: about 10 minutes)")},
        {N_("A check-in with fear or tension of 8 or more, or pain of 6 or more, offers "
            "breathing alone or rest first."),
         N_("Pace default (6 is the step-back pain)")},
        {N_("The warming and cooling reminders last 5 and 15 minutes."),
         N_("Pace default: no warming or cooling time is published")},
        {N_("The comfort ladder is offered again after 30 days."), N_("Pace default")},
    };
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"guided-h\"><h2 id=\"guided-h\">%s"
                "</h2><ul class=\"rows rules-list\">",
                _("Numbers in the guided session"));
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        html_printf(r, "<li><div><p>%s</p><span class=\"meta\">%s %s</span></div></li>",
                    _(rows[i].what), _("Source:"), _(rows[i].source));
    html_printf(r, "</ul></section>");
}

static void render(struct req *r, const struct rules_state *st)
{
    struct plan_view v;
    struct pace_error err = {0};
    int rc = app_plan_load(&r->app->ctx, &r->who, r->user.id, r->now, req_zone(r), &v, &err);
    if (rc != 0) {
        plans_view_free(&v);
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("How Pace decides"));
    html_printf(r,
                "<p class=\"back\"><a href=\"/plan\">%s</a></p><h1>%s</h1><p class=\"lead\">%s"
                "</p>",
                _("← Your plan"), _("How Pace decides"),
                _("The rules behind every suggestion, where each number comes from, and what "
                  "you and your clinician can change. Pace summarises and suggests; it does not "
                  "diagnose."));
    html_notice(r, st->notice);
    if (st->error && *st->field)
        html_alert_field(r, st->error, st->field);
    else
        html_alert(r, st->error);
    order_section(r);
    safety_section(r, v.rules.v[P_CLINICIAN_PAIN] < ENGINE_SAFETY_PAIN ? v.rules.v[P_CLINICIAN_PAIN]
                                                                       : ENGINE_SAFETY_PAIN);
    numbers_form(r, st, &v);
    program_section(r, &v);
    session_numbers(r);
    page_end(r);
    plans_view_free(&v);
}

void view_plan_rules(struct req *r)
{
    struct rules_state st = {0};
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        st.notice = _("Your rules are saved.");
    render(r, &st);
}

/* The numbers as the API's JSON body for her program and start as they
 * are, so they are checked alike. */
static int rules_body(struct req *r, const struct plan_choice *old, json_t **out,
                      struct pace_error *err)
{
    char when[32];
    rfc3339_format(old->started_at, when, sizeof when);
    json_t *params = json_object();
    *out = json_pack("{s:s, s:s, s:o}", "program", old->program_id, "started_at", when, "params",
                     params);
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        char name[48];
        snprintf(name, sizeof name, "rule_%s", engine_params[i].name);
        const char *v = form_get(&r->form, name);
        if (v == NULL || *v == '\0')
            continue;
        char *end;
        long x = strtol(v, &end, 10);
        if (*end != '\0' || end == v || x < -100000 || x > 100000)
            return pace_fail(err, PACE_EINVAL, name, "%s", _("Please enter a whole number."));
        json_object_set_new(params, engine_params[i].name, json_integer(x));
    }
    return 0;
}

void view_plan_rules_post(struct req *r)
{
    struct rules_state st = {0};
    struct pace_error err = {0};
    struct plan_choice old, c;
    bool chosen = false;
    json_t *body = NULL;
    int rc = app_program_get(&r->app->ctx, &r->who, r->user.id, &old, &chosen, &err);
    if (rc == 0)
        rc = rules_body(r, &old, &body, &err);
    if (rc == 0) {
        rc = plan_choice_from_json(r->app->plans, body, chosen ? &old : NULL, r->now, &c, &err);
        if (rc != 0 && str_starts(err.field, "params.")) {
            char f[sizeof err.field];
            snprintf(f, sizeof f, "%.56s", err.field + 7);
            snprintf(err.field, sizeof err.field, "rule_%.50s", f);
        }
    }
    json_decref(body);
    if (rc == 0)
        rc = app_plan_save(&r->app->ctx, &r->who, r->user.id, &c, NULL, 0, false, r->now, &err);
    if (rc != 0) {
        r->status = status_for(rc);
        st.error = *err.msg ? err.msg : _("Something went wrong. Please try again.");
        snprintf(st.field, sizeof st.field, "%s", err.field);
        render(r, &st);
        return;
    }
    resp_redirect(r, "/plan/rules?done=saved");
}
