/*
 * ui-plan-goals.c - her goals on /plan (and as a list on /today): the
 * goals she can pick and her own, her progress towards each as a range in
 * words (never a verdict), a goal reached shown quietly with its date, and
 * the offer to mark one reached once her comfortable size is in its range.
 * POST /plan/goals/{id}/reached marks it (or takes the mark back).
 */
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-plan.h"
#include "web/views/ui-practice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char leaf[] =
    "<svg class=\"goal-leaf\" aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"22\" "
    "height=\"22\"><circle cx=\"12\" cy=\"12\" r=\"10\"/><path d=\"M7.5 12.5l3 3 6-6.5\"/></svg>";

/* "about 10-20 mm" for a range. */
static void range_words(double lo, double hi, char *out, size_t n)
{
    char a[16], b[16];
    i18n_format_number(a, sizeof a, lo, fabs(lo - round(lo)) > 0.05);
    i18n_format_number(b, sizeof b, hi, fabs(hi - round(hi)) > 0.05);
    if (strcmp(a, b) == 0)
        snprintf(out, n, _("about %s mm"), a);
    else
        snprintf(out, n, _("about %s–%s mm"), a, b);
}

static void reached_button(struct req *r, const struct plan_goal *g, bool reached, const char *back,
                           const char *name)
{
    const char *label = reached ? _("Mark as reached") : _("Not reached yet after all");
    const char *cls = reached ? "button secondary small" : "link";
    if (strcmp(back, "/plan") == 0) {
        /* Inside the plan's form: the button sends to its own address. */
        html_printf(r,
                    "<button type=\"submit\" formaction=\"/plan/goals/%lld/reached\" "
                    "name=\"reached\" value=\"%d\" class=\"%s\" aria-label=\"%s: %s\">%s</button>",
                    (long long)g->id, reached ? 1 : 0, cls, label, name, label);
        return;
    }
    html_printf(r, "<form method=\"post\" action=\"/plan/goals/%lld/reached\" class=\"goal-mark\">",
                (long long)g->id);
    html_csrf(r);
    html_printf(r,
                "<input type=\"hidden\" name=\"back\" value=\"%s\">"
                "<input type=\"hidden\" name=\"reached\" value=\"%d\">"
                "<button type=\"submit\" class=\"%s\" aria-label=\"%s: %s\">%s</button></form>",
                back, reached ? 1 : 0, cls, label, name, label);
}

void ui_plan_goal_item(struct req *r, const struct plan_goal *g, double comfortable_mm,
                       const char *back)
{
    const struct plan_library *l = r->app->plans;
    struct goal v;
    plan_goal_view(l, g, &v);
    const char *name = plan_goal_is_custom(g) ? g->label : _(v.name);
    char range[64];
    range_words(v.min_mm, v.max_mm, range, sizeof range);
    /* Until she reaches it, the progress sentence gives the range. */
    html_printf(r, "<li class=\"goal%R\"><p class=\"goal-head\"><strong>%s</strong>",
                g->achieved_at ? " reached" : "", name);
    if (g->achieved_at)
        html_printf(r, " <span class=\"goal-range\">%s%R</span>", range, v.assumed ? " ≈" : "");
    html_printf(r, "</p>");
    if (g->achieved_at) {
        char when[64], text[200];
        i18n_format_date(when, sizeof when, g->achieved_at, req_tz_at(r, g->achieved_at));
        snprintf(text, sizeof text, _("You reached this on %s. Take a moment to notice it."), when);
        html_printf(r, "<p class=\"goal-done\">%R<span>%s</span></p>", leaf, text);
        if (strcmp(back, "/plan") == 0)
            reached_button(r, g, false, back, name);
    } else {
        struct goal_progress p = goal_progress(&v, comfortable_mm);
        char text[320];
        goal_progress_text(&v, &p, text, sizeof text);
        html_printf(r, "<p class=\"goal-progress\">%s</p>", text);
        if (plan_goal_offer(l, g, comfortable_mm)) {
            html_printf(r, "<p class=\"goal-offer\">%s</p>",
                        _("A size alone does not decide it: if it feels true for you, you can "
                          "mark this goal as reached."));
            reached_button(r, g, true, back, name);
        } else if (strcmp(back, "/plan") == 0) {
            reached_button(r, g, true, back, name);
        }
    }
    html_printf(r, "</li>");
}

/* True when the goal id (or, for her own, the row id) is ticked: from the
 * form she sent when echoing, else from what is stored. */
static bool ticked(struct req *r, bool echo, const char *name, const char *value, bool stored)
{
    if (!echo)
        return stored;
    for (size_t i = 0; i < form_count(&r->form, name); i++)
        if (strcmp(form_get_nth(&r->form, name, i), value) == 0)
            return true;
    return false;
}

static void chip(struct req *r, const char *name, const char *value, const char *idpart,
                 const char *title, const char *under, bool on)
{
    html_printf(
        r,
        "<span class=\"opt\"><input type=\"checkbox\" id=\"g-%s\" name=\"%s\" value=\"%s\"%R>"
        "<label for=\"g-%s\"><strong>%s</strong><span>%s</span></label></span>",
        idpart, name, value, on ? " checked" : "", idpart, title, under);
}

static void own_field(struct req *r, const char *name, const char *label, bool number,
                      const char *err, const char *field)
{
    bool bad = field && strcmp(field, name) == 0;
    const char *val = err ? form_get(&r->form, name) : NULL;
    html_printf(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label>", bad ? " bad" : "", name,
                label);
    html_printf(r,
                "<input id=\"f-%s\" name=\"%s\" type=\"text\"%R autocomplete=\"off\" "
                "maxlength=\"%d\" value=\"%s\"%R>",
                name, name, number ? " inputmode=\"decimal\"" : "", number ? 6 : 60, val ? val : "",
                bad ? " aria-invalid=\"true\" aria-describedby=\"e-own\"" : "");
    if (bad)
        ui_field_error(r, "own", err);
    html_printf(r, "</div>");
}

void ui_plan_goals_section(struct req *r, const struct plan_goal *goals, size_t n,
                           double comfortable_mm, const char *err, const char *field)
{
    const struct plan_library *l = r->app->plans;
    bool echo = err != NULL;
    html_printf(r,
                "<section class=\"card plan-goals\" id=\"goals\" aria-labelledby=\"goals-h\">"
                "<h2 id=\"goals-h\">%s</h2>",
                _("Your goals"));
    if (comfortable_mm > 0) {
        char size[32], text[200];
        ui_mm(size, sizeof size, comfortable_mm);
        snprintf(text, sizeof text,
                 _("Your comfortable size now: %s, the largest size of a session that felt "
                   "comfortable lately."),
                 size);
        html_printf(r, "<p>%s</p>", text);
    } else {
        html_printf(r, "<p>%s</p>",
                    _("Once a session has felt comfortable, Pace shows how far your size is from "
                      "each goal. Sizes are approximate, so the distances are ranges."));
    }
    if (n > 0) {
        html_printf(r, "<h3 class=\"plan-sub\">%s</h3><ul class=\"goal-list\">",
                    _("How far you are"));
        for (size_t i = 0; i < n; i++)
            ui_plan_goal_item(r, &goals[i], comfortable_mm, "/plan");
        html_printf(r, "</ul>");
    }
    html_printf(r,
                "<fieldset class=\"choices checks wide plan-pick\" id=\"f-goal\">"
                "<legend>%s</legend><p class=\"hint\">%s</p><div class=\"chips\">",
                _("What matters to you?"),
                _("Tick as many as you like. The widths are approximate; ≈ marks an assumption."));
    for (size_t i = 0; l->goals && i < l->goals->n; i++) {
        const struct goal *g = &l->goals->items[i];
        bool have = false;
        for (size_t k = 0; k < n && !have; k++)
            have = strcmp(goals[k].goal_id, g->id) == 0;
        char range[64], under[160];
        range_words(g->min_mm, g->max_mm, range, sizeof range);
        snprintf(under, sizeof under, "%s%s", range, g->assumed ? " ≈" : "");
        chip(r, "goal", g->id, g->id, _(g->name), under, ticked(r, echo, "goal", g->id, have));
    }
    for (size_t k = 0; k < n; k++) {
        if (!plan_goal_is_custom(&goals[k]))
            continue;
        char id[32], part[40], range[64];
        snprintf(id, sizeof id, "%lld", (long long)goals[k].id);
        snprintf(part, sizeof part, "own-%lld", (long long)goals[k].id);
        range_words(goals[k].min_mm, goals[k].max_mm, range, sizeof range);
        chip(r, "own", id, part, goals[k].label, range, ticked(r, echo, "own", id, true));
    }
    html_printf(r, "</div>");
    if (field && strcmp(field, "goal") == 0)
        ui_field_error(r, "goal", err);
    html_printf(r, "</fieldset>");
    html_printf(r, "<fieldset class=\"plan-own\"><legend>%s</legend><p class=\"hint\">%s</p>",
                _("Your own goal"),
                _("Something else you are working towards, with the width it needs as far as you "
                  "know. Only you can see it."));
    own_field(r, "own_label", _("Name"), false, err, field);
    html_printf(r, "<div class=\"plan-own-range\">");
    own_field(r, "own_min", _("From (mm)"), true, err, field);
    own_field(r, "own_max", _("To (mm)"), true, err, field);
    html_printf(r, "</div></fieldset></section>");
}

/* A decimal number typed on a phone ("22" or "22,5"); false when not. */
static bool read_mm(const char *s, double *out)
{
    char buf[16];
    if (s == NULL || *s == '\0' || strlen(s) >= sizeof buf)
        return false;
    snprintf(buf, sizeof buf, "%s", s);
    for (char *c = buf; *c; c++)
        if (*c == ',')
            *c = '.';
    char *end;
    double v = strtod(buf, &end);
    if (end == buf || *end != '\0' || !(v > 0))
        return false;
    *out = v;
    return true;
}

int ui_plan_goals_from_form(struct req *r, const struct plan_goal *old, size_t nold,
                            struct plan_goal **out, size_t *n, struct pace_error *err)
{
    const struct plan_library *l = r->app->plans;
    size_t cap = form_count(&r->form, "goal") + form_count(&r->form, "own") + 2;
    if (cap > PLAN_MAX_GOALS + 2)
        return pace_fail(err, PACE_EINVAL, "goal", "%s",
                         _("That is more goals than Pace can keep."));
    struct plan_goal *g = xcalloc(cap, sizeof *g);
    size_t k = 0;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < form_count(&r->form, "goal"); i++) {
        const char *id = form_get_nth(&r->form, "goal", i);
        const struct plan_goal *had = NULL;
        for (size_t j = 0; j < nold && !had; j++)
            if (!plan_goal_is_custom(&old[j]) && strcmp(old[j].goal_id, id) == 0)
                had = &old[j];
        if (strlen(id) >= sizeof g[k].goal_id || strcmp(id, PLAN_CUSTOM_GOAL) == 0)
            rc = pace_fail(err, PACE_EINVAL, "goal", "%s", _("There is no such goal."));
        else if (had)
            g[k++] = *had;
        else
            snprintf(g[k++].goal_id, sizeof g[0].goal_id, "%s", id);
        if (rc == 0)
            rc = plan_goal_check(l, &g[k - 1], r->now, "", err);
    }
    for (size_t i = 0; rc == 0 && i < form_count(&r->form, "own"); i++) {
        long long id = strtoll(form_get_nth(&r->form, "own", i), NULL, 10);
        for (size_t j = 0; j < nold; j++)
            if (plan_goal_is_custom(&old[j]) && old[j].id == id)
                g[k++] = old[j];
    }
    const char *label = form_get(&r->form, "own_label");
    const char *lo = form_get(&r->form, "own_min"), *hi = form_get(&r->form, "own_max");
    bool any = (label && *label) || (lo && *lo) || (hi && *hi);
    if (rc == 0 && any) {
        struct plan_goal *c = &g[k];
        memset(c, 0, sizeof *c);
        snprintf(c->goal_id, sizeof c->goal_id, "%s", PLAN_CUSTOM_GOAL);
        snprintf(c->label, sizeof c->label, "%s", label ? label : "");
        if (!read_mm(lo, &c->min_mm))
            rc = pace_fail(err, PACE_EINVAL, "own_min", "%s",
                           _("Please enter the smallest width in millimetres, from 1 to 80."));
        else if (!read_mm(hi, &c->max_mm))
            rc = pace_fail(err, PACE_EINVAL, "own_max", "%s",
                           _("Please enter the largest width in millimetres, from 1 to 80."));
        else if ((rc = plan_goal_check(l, c, r->now, "own", err)) != 0)
            snprintf(err->field, sizeof err->field, "%s",
                     strcmp(err->field, "own.label") == 0    ? "own_label"
                     : strcmp(err->field, "own.min_mm") == 0 ? "own_min"
                                                             : "own_max");
        k++;
    }
    if (rc != 0) {
        free(g);
        return rc;
    }
    *out = g;
    *n = k;
    return 0;
}

void view_plan_goal_reached_post(struct req *r)
{
    char *end;
    long long id = strtoll(r->params[0], &end, 10);
    const char *back = form_get(&r->form, "back");
    const char *reached = form_get(&r->form, "reached");
    if (back == NULL || strcmp(back, "/today") != 0)
        back = "/plan";
    struct pace_error err = {0};
    int rc = *end != '\0' || id <= 0
                 ? PACE_ENOTFOUND
                 : app_goal_reached(&r->app->ctx, &r->who, r->user.id, (int64_t)id,
                                    reached && strcmp(reached, "1") == 0 ? r->now : 0, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    char loc[64];
    snprintf(loc, sizeof loc, "%s?done=%s#goals", back,
             reached && strcmp(reached, "1") == 0 ? "reached" : "unmarked");
    resp_redirect(r, loc);
}
