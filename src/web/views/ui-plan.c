/*
 * ui-plan.c - /plan: her program (which one, since when, and the rules
 * adjusted for her, each next to its source) and her goals
 * (ui-plan-goals.c), in one plain form with one button, so it all works
 * without JavaScript. The rules are checked exactly as PUT
 * /api/v1/program checks them.
 */
#include "app/plans.h"
#include "web/auth.h"
#include "web/routes.h"
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

static void program_choices(struct req *r, const struct plan_state *st, const struct plan_choice *c)
{
    const struct plan_library *l = r->app->plans;
    const char *cur = st->error ? form_get(&r->form, "program") : c->program_id;
    html_printf(r,
                "<fieldset class=\"choices checks wide plan-programs%R\" id=\"f-program\">"
                "<legend>%s</legend><div class=\"chips\">",
                bad_field(st, "program") ? " bad" : "", _("Which program fits you?"));
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
    if (bad_field(st, "program"))
        ui_field_error(r, "program", st->error);
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

static void rules_fields(struct req *r, const struct plan_state *st, const struct plan_choice *c)
{
    /* The values shown are those of the program in the form. */
    const struct program *p = plan_program_find(r->app->plans, c->program_id);
    const struct program *sent =
        st->error ? plan_program_find(r->app->plans, form_get(&r->form, "program")) : NULL;
    if (sent)
        p = sent;
    struct plan_choice plain = *c;
    memset(plain.set, 0, sizeof plain.set);
    struct engine_rules base;
    plan_rules(p, &plain, r->now, &base);
    bool open = st->error && str_starts(st->field, "rule_");
    for (int i = 0; i < P_PARAM_COUNT && !open; i++)
        open = c->set[i];
    html_printf(r, "<details class=\"plan-rules\"%R><summary>%s</summary><p class=\"hint\">%s</p>",
                open ? " open" : "", _("Adjust the rules"),
                _("Best changed together with your clinician. Leave a field empty to use the "
                  "program's value, shown in the field."));
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        const struct engine_param_info *in = &engine_params[i];
        bool adj = false;
        const char *src = plan_rule_source(p, &plain, (enum engine_param)i, &adj);
        char name[48], value[16] = "", hint[640];
        snprintf(name, sizeof name, "rule_%s", in->name);
        if (st->error) {
            const char *v = form_get(&r->form, name);
            snprintf(value, sizeof value, "%s", v ? v : "");
        } else if (c->set[i]) {
            snprintf(value, sizeof value, "%d", c->v[i]);
        }
        char bounds[200];
        snprintf(bounds, sizeof bounds, "%s",
                 in->bounds_source ? _(in->bounds_source) : _("range: Pace default"));
        snprintf(hint, sizeof hint, _("Program: %d. From %d to %d (%s). Source: %s"), base.v[i],
                 in->min, in->max, bounds, _(src));
        bool bad = bad_field(st, name);
        html_printf(r,
                    "<div class=\"field plan-rule%R\"><label for=\"f-%s\">%s</label>"
                    "<p class=\"hint\" id=\"h-%s\">%s</p>"
                    "<input id=\"f-%s\" name=\"%s\" type=\"number\" inputmode=\"numeric\" "
                    "min=\"%d\" max=\"%d\" step=\"1\" placeholder=\"%d\" value=\"%s\" "
                    "aria-describedby=\"h-%s%R\"%R>",
                    bad ? " bad" : "", name, _(in->label), name, hint, name, name, in->min, in->max,
                    base.v[i], value, name, bad ? " e-rule" : "",
                    bad ? " aria-invalid=\"true\"" : "");
        if (bad)
            ui_field_error(r, "rule", st->error);
        html_printf(r, "</div>");
    }
    html_printf(r, "</details>");
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
    html_printf(r,
                "<div class=\"plan-phase\"><p><strong>%s</strong> %s</p><p class=\"meta\">%s%R"
                "</p></div>",
                text, _(v->phase->note), _(v->phase->source), v->phase->assumed ? " ≈" : "");
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
    program_choices(r, st, &v.choice);
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

/* The program part of the form as the API's JSON body, so both are
 * checked alike. Returns 0, or PACE_EINVAL with the form field at fault. */
static int program_body(struct req *r, json_t **out, struct pace_error *err)
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
    json_t *params = json_object();
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        char name[48];
        snprintf(name, sizeof name, "rule_%s", engine_params[i].name);
        const char *v = form_get(&r->form, name);
        if (v == NULL || *v == '\0')
            continue;
        char *end;
        long x = strtol(v, &end, 10);
        if (*end != '\0' || end == v || x < -100000 || x > 100000) {
            json_decref(params);
            return pace_fail(err, PACE_EINVAL, name, "%s", _("Please enter a whole number."));
        }
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
        rc = program_body(r, &body, &err);
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
