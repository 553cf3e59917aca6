/*
 * ui-clinic-her.c - what her clinicians wrote or suggest, on her own pages
 * and in plain words (no grading terms on her screens):
 *   /today     a suggestion to accept or decline, a change made to her
 *              plan, notes on her week, and once the gentle suggestion to
 *              have physical causes checked
 *   /plan      suggestions waiting, and the history of clinicians' changes
 *   /progress  her clinicians' exam notes and how they changed over time
 *   POST /plan/changes/{id}      her answer to a suggestion
 *   POST /feedback/{id}/seen     putting a note away
 */
#include "app/clinic.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-clinic.h"
#include "web/views/ui-guide.h"
#include "web/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *author_words(const char *email)
{
    return email && *email ? email : _("A clinician who no longer uses Pace");
}

void ui_clinician_badge(struct req *r, int64_t user_id, bool clinician)
{
    if (!clinician || user_id <= 0)
        return;
    bool ok = app_clinician_verified_at(&r->app->ctx, user_id) > 0;
    html_printf(r, " <span class=\"badge%R\">%s</span>", ok ? " verified" : "",
                ok ? _("verified by this Pace's operator") : _("not verified"));
}

/* One suggestion with her two answers; back: where to return. */
static void proposal_card(struct req *r, const struct plan_change *ch, const char *back)
{
    char text[1024], when[64];
    clinic_change_text(r->app->plans, ch, text, sizeof text);
    i18n_format_date(when, sizeof when, ch->created_at, req_tz_at(r, ch->created_at));
    html_printf(r,
                "<section class=\"card proposal\" aria-labelledby=\"pr-%s\"><h2 id=\"pr-%s\">%s"
                "</h2><p class=\"meta\">%s, %s</p><p>%s</p><p class=\"note-text\">%s</p>",
                ch->public_id, ch->public_id, _("A suggestion for your plan"),
                author_words(ch->author_email), when, text, ch->reason);
    html_printf(r, "<p class=\"hint\">%s</p>",
                _("It changes nothing until you say yes. You can change your plan again at any "
                  "time."));
    html_printf(r, "<form method=\"post\" action=\"/plan/changes/%s\" class=\"actions\">",
                ch->public_id);
    html_csrf(r);
    html_printf(r,
                "<input type=\"hidden\" name=\"back\" value=\"%s\"><button type=\"submit\" "
                "name=\"decision\" value=\"accept\" class=\"button\">%s</button><button "
                "type=\"submit\" name=\"decision\" value=\"decline\" class=\"button "
                "secondary\">%s</button></form></section>",
                back, _("Yes, use it"), _("No, thank you"));
}

static void proposals(struct req *r, const char *back)
{
    struct plan_change *items = NULL;
    size_t n = 0;
    if (app_change_list(&r->app->ctx, &r->who, r->user.id, CHANGE_OPEN, &items, &n, NULL) != 0)
        return;
    for (size_t i = 0; i < n; i++)
        proposal_card(r, &items[i], back);
    free(items);
}

static void edits_notice(struct req *r)
{
    struct plan_change *items = NULL;
    size_t n = 0;
    if (app_change_unseen(&r->app->ctx, &r->who, r->user.id, &items, &n, NULL) != 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char text[1024];
        clinic_change_text(r->app->plans, &items[i], text, sizeof text);
        html_printf(r,
                    "<section class=\"card notice-card\" role=\"status\"><h2>%s</h2><p>%s</p>"
                    "<p>%s</p><p class=\"note-text\">%s</p><p><a href=\"/plan\">%s</a></p>"
                    "</section>",
                    _("Your plan was changed"), author_words(items[i].author_email), text,
                    items[i].reason, _("See your plan"));
    }
    if (n > 0)
        app_change_seen(&r->app->ctx, &r->who, r->user.id, r->now, NULL);
    free(items);
}

static void feedback(struct req *r)
{
    struct clinic_feedback *items = NULL;
    size_t n = 0;
    if (app_feedback_list(&r->app->ctx, &r->who, r->user.id, true, &items, &n, NULL) != 0)
        return;
    for (size_t i = 0; i < n && i < 3; i++) {
        const struct clinic_feedback *f = &items[i];
        char when[64];
        i18n_format_date(when, sizeof when, f->created_at, req_tz_at(r, f->created_at));
        html_printf(r,
                    "<section class=\"card feedback\" aria-labelledby=\"fb-%s\"><h2 "
                    "id=\"fb-%s\">%s</h2><p class=\"meta\">%s, %s</p><p class=\"note-text\">%s"
                    "</p><form method=\"post\" action=\"/feedback/%s/seen\">",
                    f->public_id, f->public_id, _("A note from your clinician"),
                    author_words(f->author_email), when, f->text, f->public_id);
        html_csrf(r);
        html_printf(r,
                    "<button type=\"submit\" class=\"button secondary small\">%s</button>"
                    "</form></section>",
                    _("Put it away"));
    }
    clinic_feedback_list_free(items, n);
}

void ui_clinic_today(struct req *r)
{
    if (app_intake_suggest_once(&r->app->ctx, &r->who, r->user.id, r->now)) {
        html_printf(r,
                    "<section class=\"card gentle\" aria-labelledby=\"pc-h\"><h2 id=\"pc-h\">"
                    "%s</h2><p>%s</p>",
                    _("A thought, when you're ready"),
                    _("You told Pace that nobody has checked yet whether something physical is "
                      "part of it. A gynaecologist or another clinician can look, gently and at "
                      "your pace. It can help to know."));
        ui_guide_link(r, "physical-causes", _("You can read more about it in the guide:"));
        html_printf(r, "</section>");
    }
    edits_notice(r);
    proposals(r, "/today");
    feedback(r);
    struct intake in;
    if (app_intake_get(&r->app->ctx, &r->who, r->user.id, &in, NULL) == PACE_ENOTFOUND)
        html_printf(r, "<p class=\"more-links\"><a href=\"/intake\">%s</a></p>",
                    _("A few questions about you, when you like"));
    crypto_wipe(&in, sizeof in);
}

void ui_clinic_plan(struct req *r)
{
    proposals(r, "/plan");
    html_printf(r, "<p class=\"more-links\"><a href=\"/intake/summary\">%s</a></p>",
                _("What you told Pace about you"));
    struct plan_change *items = NULL;
    size_t n = 0;
    if (app_change_list(&r->app->ctx, &r->who, r->user.id, -1, &items, &n, NULL) != 0 || n == 0) {
        free(items);
        return;
    }
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"ph-h\"><h2 id=\"ph-h\">%s</h2>"
                "<ul class=\"rows compact\">",
                _("Changes from your clinicians"));
    for (size_t i = 0; i < n; i++) {
        static const char *const status[CHANGE_STATUS_COUNT] = {
            N_("waiting for your answer"), N_("you said yes"), N_("you said no"),
            N_("replaced by a newer suggestion"), N_("made to your plan")};
        char text[1024], when[64];
        clinic_change_text(r->app->plans, &items[i], text, sizeof text);
        i18n_format_date(when, sizeof when, items[i].created_at, req_tz_at(r, items[i].created_at));
        html_printf(r,
                    "<li><div><strong>%s</strong><span class=\"meta\">%s \u00b7 %s \u00b7 %s"
                    "</span></div></li>",
                    text, when, author_words(items[i].author_email), _(status[items[i].status]));
    }
    html_printf(r, "</ul></section>");
    free(items);
}

/* The grades over time as a small step chart (1 at the bottom). */
static void grades_svg(struct req *r, const struct exam_note *e, size_t n)
{
    if (n < 2)
        return;
    int64_t t0 = clinic_date_noon(e[0].date), t1 = clinic_date_noon(e[n - 1].date);
    double span = t1 > t0 ? (double)(t1 - t0) : 1;
    html_printf(r,
                "<svg class=\"chart grades\" viewBox=\"0 0 320 120\" role=\"img\" "
                "aria-labelledby=\"gr-t\"><title id=\"gr-t\">%s</title>",
                _("How your body reacted at each exam, from calmer (low) to stronger (high)"));
    for (int g = 1; g <= CLINIC_GRADE_MAX; g++)
        html_printf(r, "<line class=\"grid\" x1=\"20\" x2=\"310\" y1=\"%d\" y2=\"%d\"/>",
                    110 - (g - 1) * 24, 110 - (g - 1) * 24);
    html_printf(r, "<polyline class=\"ink-plan\" fill=\"none\" points=\"");
    for (size_t i = 0; i < n; i++)
        html_printf(r, "%d,%d ",
                    20 + (int)(290.0 * (double)(clinic_date_noon(e[i].date) - t0) / span),
                    110 - (e[i].grade - 1) * 24);
    html_printf(r, "\"/>");
    for (size_t i = 0; i < n; i++)
        html_printf(r, "<circle class=\"ink-plan\" r=\"4\" cx=\"%d\" cy=\"%d\"/>",
                    20 + (int)(290.0 * (double)(clinic_date_noon(e[i].date) - t0) / span),
                    110 - (e[i].grade - 1) * 24);
    html_printf(r, "</svg>");
}

void ui_clinic_progress(struct req *r)
{
    struct exam_note *items = NULL;
    size_t n = 0;
    if (app_exam_list(&r->app->ctx, &r->who, r->user.id, &items, &n, NULL) != 0 || n == 0) {
        app_exams_free(items, n);
        return;
    }
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"ex-h\"><h2 id=\"ex-h\">%s</h2>"
                "<p>%s</p>",
                _("Your exams"),
                _("What your clinicians noticed at each exam, in plain words. A reaction of your "
                  "body is not your fault, and it can change with practice."));
    grades_svg(r, items, n);
    html_printf(r, "<ul class=\"rows compact\">");
    for (size_t i = n; i-- > 0;) {
        const struct exam_note *e = &items[i];
        char when[64];
        int64_t t = clinic_date_noon(e->date);
        i18n_format_date(when, sizeof when, t, 0);
        html_printf(r, "<li><div><strong>%s</strong><span class=\"meta\">%s</span><p>%s</p>", when,
                    author_words(e->author_email), clinic_grade_plain(e->grade));
        if (e->patient_note && *e->patient_note)
            html_printf(r, "<p class=\"note-text\">%s</p>", e->patient_note);
        html_printf(r, "</div></li>");
    }
    html_printf(r, "</ul></section>");
    app_exams_free(items, n);
}

static bool back_ok(const char *b)
{
    return b && (strcmp(b, "/today") == 0 || strcmp(b, "/plan") == 0);
}

void view_plan_change_post(struct req *r)
{
    const char *d = form_get(&r->form, "decision"), *back = form_get(&r->form, "back");
    struct plan_change ch;
    struct pace_error err = {0};
    int rc = app_change_get(&r->app->ctx, &r->who, r->user.id, r->params[0], &ch, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    if (d == NULL || (strcmp(d, "accept") != 0 && strcmp(d, "decline") != 0)) {
        view_error(r, 422, _("Please choose yes or no."));
        return;
    }
    rc = app_change_decide(&r->app->ctx, &r->who, r->user.id, r->params[0],
                           strcmp(d, "accept") == 0, r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    char to[64];
    snprintf(to, sizeof to, "%s?done=%s", back_ok(back) ? back : "/plan",
             strcmp(d, "accept") == 0 ? "accepted" : "declined");
    resp_redirect(r, to);
}

void view_feedback_seen_post(struct req *r)
{
    struct pace_error err = {0};
    int rc = app_feedback_seen(&r->app->ctx, &r->who, r->user.id, r->params[0], r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/today");
}
