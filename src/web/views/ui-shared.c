/*
 * ui-shared.c - the other side of sharing, and her record of it:
 *   /shared              the people who share with me (grantee)
 *   /shared/{id}         what she shares with me: exactly the granted scopes
 *   /shared/{id}/progress  her charts, when shared
 *   /sharing/audit       "Who saw what": her audit trail, with filters
 * Every page a grantee opens goes through the gate, so each look is in her
 * trail; after revocation or expiry the same addresses show nothing.
 */
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-guide.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-sharing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *name_of(const struct grant *g)
{
    return g->subject_name[0] ? g->subject_name : _("Someone who shares with you");
}

void view_shared(struct req *r)
{
    struct grant *items = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_shared_with_me(&r->app->ctx, &r->who, r->now, &items, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Shared with you"));
    html_printf(r, "<h1>%s</h1>", _("Shared with you"));
    if (n == 0)
        html_printf(r, "<p>%s</p>",
                    _("Nobody shares anything with you at the moment. When someone sends you an "
                      "invitation link, open it to accept."));
    html_printf(r, "<ul class=\"rows\">");
    for (size_t i = 0; i < n; i++)
        html_printf(r,
                    "<li><a href=\"/shared/%s\"><strong>%s</strong><span class=\"meta\">%s"
                    "</span></a></li>",
                    items[i].public_id, name_of(&items[i]), ui_relation_words(items[i].relation));
    html_printf(r, "</ul>");
    page_end(r);
    app_grants_free(items, n);
}

/* The grant in the address, in force for this person; false after a 404. */
static bool grant_for(struct req *r, struct grant *g)
{
    struct pace_error err = {0};
    if (app_shared_subject(&r->app->ctx, &r->who, r->params[0], r->now, g, &err) == 0)
        return true;
    view_not_found(r);
    return false;
}

void ui_shared_summary(struct req *r, const struct grant *g, const struct tz_zone *tz)
{
    struct plan_view v;
    struct pace_error err = {0};
    if (app_plan_load(&r->app->ctx, &r->who, g->subject_id, r->now, tz, &v, &err) != 0) {
        plans_view_free(&v);
        return;
    }
    char week[400];
    plan_week_text(v.practised_this_week, v.phase, week, sizeof week);
    html_printf(r, "<section class=\"card\" aria-labelledby=\"sum-h\"><h2 id=\"sum-h\">%s</h2>",
                _("This week"));
    char s[160];
    snprintf(s, sizeof s,
             ngettext_("%d session so far this week.", "%d sessions so far this week.",
                       v.practised_this_week),
             v.practised_this_week);
    html_printf(r, "<p>%s</p>", s);
    const char *next = NULL;
    switch (v.rec.action) {
    case ACTION_SEE_CLINICIAN:
        next = _("Pace suggests talking to a clinician before the next session.");
        break;
    case ACTION_REST:
        next = _("Pace suggests a day of rest.");
        break;
    case ACTION_TRY_NEXT:
        next = _("Pace suggests trying the next size when she feels ready.");
        break;
    case ACTION_STEP_BACK:
        next = _("Pace suggests a gentler size next time.");
        break;
    default:
        next = _("Pace suggests staying at the same size for now.");
        break;
    }
    html_printf(r, "<p>%s</p></section>", next);
    plans_view_free(&v);
}

void ui_shared_sessions(struct req *r, const struct grant *g, const struct tz_zone *tz)
{
    struct practice_query q = {.limit = 20};
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    if (app_session_list(&r->app->ctx, &r->who, g->subject_id, &q, &items, &n, next, NULL) != 0)
        return;
    html_printf(r, "<section class=\"card\" aria-labelledby=\"ses-h\"><h2 id=\"ses-h\">%s</h2>",
                _("Recent sessions"));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("No sessions yet."));
    html_printf(r, "<ul class=\"rows sessions compact\">");
    for (size_t i = 0; i < n; i++) {
        const struct practice *p = &items[i];
        char when[64], mins[48], line[160] = "";
        i18n_format_datetime(when, sizeof when, p->started_at, tz_offset_min(tz, p->started_at));
        ui_minutes(mins, sizeof mins, p->duration_s);
        if (p->diameter_mm > 0) {
            char mm[32];
            ui_mm(mm, sizeof mm, p->diameter_mm);
            snprintf(line, sizeof line, "%s \u00b7 %s", mm, mins);
        } else {
            snprintf(line, sizeof line, "%s", mins);
        }
        html_printf(r, "<li><div><strong>%s</strong><span class=\"meta\">%s", when, line);
        if (p->after.set) {
            char sc[128];
            snprintf(sc, sizeof sc, _("afterwards: fear %d, tension %d, pain %d"), p->after.fear,
                     p->after.tension, p->after.pain);
            html_printf(r, " \u00b7 %s", sc);
        }
        html_printf(r, "</span>");
        if (p->note && *p->note)
            html_printf(r, "<span class=\"note-text\">%s</span>", p->note);
        html_printf(r, "</div></li>");
    }
    html_printf(r, "</ul></section>");
    practice_list_free(items, n);
}

void ui_shared_goals(struct req *r, const struct grant *g)
{
    struct plan_goal *goals = NULL;
    size_t n = 0;
    if (app_goals_get(&r->app->ctx, &r->who, g->subject_id, &goals, &n, NULL) != 0)
        return;
    html_printf(r, "<section class=\"card\" aria-labelledby=\"goal-h\"><h2 id=\"goal-h\">%s</h2>",
                _("Goals"));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("No goals chosen yet."));
    html_printf(r, "<ul>");
    for (size_t i = 0; i < n; i++) {
        const struct goal *known = goals_find(r->app->plans->goals, goals[i].goal_id);
        html_printf(r, "<li>%s</li>",
                    goals[i].label[0] ? goals[i].label
                    : known           ? _(known->name)
                                      : goals[i].goal_id);
    }
    html_printf(r, "</ul></section>");
    free(goals);
}

static void partner_card(struct req *r)
{
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"tog-h\"><h2 id=\"tog-h\">%s</h2>"
                "<ul class=\"calm-list\"><li>%s</li><li>%s</li><li>%s</li><li>%s</li></ul>"
                "<h3>%s</h3><ul class=\"calm-list\"><li>%s</li><li>%s</li><li>%s</li></ul>",
                _("Practising together"),
                _("She leads. Ask what would help today, and follow her answer."),
                _("Breathe slowly with her; a calm voice and a warm hand can help."),
                _("The moment she says stop, everything stops. No questions, no disappointment."),
                _("Afterwards, ask how it was, and listen."), _("Talking about it"),
                _("Tell her what you notice she is doing well: the courage, not a size."),
                _("Share your own feelings too, without making them her task."),
                _("Nothing is a failure here. A stopped session is a good session."));
    ui_guide_link(r, "partners", _("More in the guide:"));
    html_printf(r, "</section>");
}

void view_shared_one(struct req *r)
{
    struct grant g;
    if (!grant_for(r, &g))
        return;
    const struct tz_zone *tz = req_zone(r);
    page_begin(r, _("Shared with you"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", name_of(&g),
                _("What she shares with you. She can see each time you look."));
    if (g.scopes & SCOPE_SUMMARY)
        ui_shared_summary(r, &g, tz);
    if (g.scopes & SCOPE_SESSIONS)
        ui_shared_sessions(r, &g, tz);
    if (g.scopes & SCOPE_PLAN)
        ui_shared_goals(r, &g);
    if (g.scopes & SCOPE_PROGRESS)
        html_printf(r, "<p><a class=\"button secondary\" href=\"/shared/%s/progress\">%s</a></p>",
                    g.public_id, _("See her progress charts"));
    if (g.scopes & (SCOPE_SESSIONS | SCOPE_REPORT)) {
        html_printf(r,
                    "<section class=\"card\" aria-labelledby=\"dl-h\"><h2 id=\"dl-h\">%s</h2>"
                    "<ul class=\"calm-list\">",
                    _("Download"));
        if (g.scopes & SCOPE_SESSIONS)
            html_printf(r,
                        "<li><a href=\"/shared/%s/data?format=csv\">%s</a></li>"
                        "<li><a href=\"/shared/%s/data?format=json\">%s</a></li>"
                        "<li><a href=\"/shared/%s/data?format=fhir\">%s</a></li>",
                        g.public_id, _("Her sessions as a spreadsheet (CSV)"), g.public_id,
                        _("Her sessions as JSON"), g.public_id,
                        _("Her sessions for health-record software (FHIR)"));
        if (g.scopes & SCOPE_REPORT && g.relation == GRANT_CLINICIAN)
            html_printf(r, "<li><a href=\"/shared/%s/report.pdf\">%s</a></li>", g.public_id,
                        _("Her report of the last three months (PDF)"));
        html_printf(r, "</ul></section>");
    }
    if (g.relation == GRANT_PARTNER)
        partner_card(r);
    page_end(r);
    crypto_wipe(&g, sizeof g);
}

void view_shared_progress(struct req *r)
{
    struct grant g;
    if (!grant_for(r, &g))
        return;
    char base[96], head[160];
    snprintf(base, sizeof base, "/shared/%s/progress", g.public_id);
    snprintf(head, sizeof head, _("Progress: %s"), name_of(&g));
    ui_progress_page(r, g.subject_id, base, head, false);
    crypto_wipe(&g, sizeof g);
}

/* ---- "Who saw what" ---- */

static const char *resource_words(const char *name)
{
    static const struct {
        const char *name, *words;
    } w[] = {
        {"summary", N_("this week and the suggestion")},
        {"sessions", N_("your sessions")},
        {"notes", N_("the notes of your sessions")},
        {"progress", N_("your progress charts")},
        {"ladder", N_("your comfort ladder")},
        {"plan", N_("your goals and program")},
        {"report", N_("your summary for a clinician")},
        {"export", N_("all of your data")},
        {"import", N_("bringing data into your account")},
        {"erase", N_("erasing your account")},
        {"grants", N_("your sharing")},
        {"kit", N_("your kit")},
        {"exam_prep", N_("your exam plan")},
        {"reminders", N_("your reminders")},
        {"recovery", N_("your recovery codes and password reset links")},
        {"report_links", N_("your report, through a link")},
        {"intake", N_("your answers about you")},
        {"exams", N_("notes from your exams")},
        {"changes", N_("suggestions for your plan")},
        {"feedback", N_("notes on your week")},
    };
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (strcmp(w[i].name, name) == 0)
            return _(w[i].words);
    return name;
}

void view_sharing_audit(struct req *r)
{
    const struct tz_zone *tz = req_zone(r);
    struct audit_query q = {.limit = 100};
    const char *who = form_get(&r->query, "who"), *kind = form_get(&r->query, "kind");
    char *end = NULL;
    long long actor = who && *who ? strtoll(who, &end, 10) : 0;
    if (who && *who && (*end || actor < 0))
        actor = 0;
    q.actor_id = actor;
    q.resource = kind && *kind ? kind : NULL;
    q.cursor = form_get(&r->query, "cursor");
    struct audit_event *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX];
    struct pace_error err = {0};
    int rc = app_audit_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, &err);
    if (rc == PACE_EINVAL) {
        resp_redirect(r, "/sharing/audit");
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("Who saw what"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Who saw what"),
                _("Every time someone other than you opened or changed something of yours, and "
                  "every time someone tried without permission."));
    html_printf(r,
                "<form method=\"get\" action=\"/sharing/audit\" class=\"audit-filter\">"
                "<div class=\"field\"><label for=\"f-kind\">%s</label><select id=\"f-kind\" "
                "name=\"kind\"><option value=\"\">%s</option>",
                _("What"), _("Everything"));
    static const char *const kinds[] = {"summary", "sessions", "notes",   "progress", "ladder",
                                        "plan",    "report",   "grants",  "report_links",
                                        "intake",  "exams",    "changes", "feedback"};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        html_printf(r, "<option value=\"%s\"%R>%s</option>", kinds[i],
                    kind && strcmp(kind, kinds[i]) == 0 ? " selected" : "",
                    resource_words(kinds[i]));
    html_printf(r,
                "</select></div><button type=\"submit\" class=\"button secondary\">%s</button>"
                "</form>",
                _("Show"));
    if (n == 0)
        html_printf(r, "<p>%s</p>", _("Nobody else has looked at anything of yours."));
    else {
        html_printf(r,
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                    "aria-label=\"%s\"><table><thead><tr><th scope=\"col\">%s</th>"
                    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                    "</tr></thead><tbody>",
                    _("Who saw what"), _("When"), _("Who"), _("What"), _("Result"));
        for (size_t i = 0; i < n; i++) {
            const struct audit_event *e = &items[i];
            char when[64];
            i18n_format_datetime(when, sizeof when, e->at, tz_offset_min(tz, e->at));
            bool by_link = e->actor_id == 0 && strcmp(e->resource, "report_links") == 0;
            const char *actor_words = by_link ? _("Someone with your report link")
                                      : e->actor_id == 0
                                          ? _("The server's operator, or someone not signed in")
                                      : e->actor_email[0] ? e->actor_email
                                                          : _("An account that no longer exists");
            char act[96];
            snprintf(act, sizeof act, "%s: %s",
                     strcmp(e->action, "read") == 0 ? _("opened") : _("changed"),
                     resource_words(e->resource));
            html_printf(r, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>", when,
                        actor_words, act, e->allowed ? _("allowed") : _("refused"));
        }
        html_printf(r, "</tbody></table></div>");
        if (next[0])
            html_printf(r, "<p><a href=\"/sharing/audit?cursor=%s\">%s</a></p>", next,
                        _("Older entries"));
    }
    html_printf(r, "<p><a href=\"/sharing\">%s</a></p>", _("Back to sharing"));
    page_end(r);
    free(items);
}
