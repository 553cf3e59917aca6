/*
 * ui-clinic.c - the clinician's workspace (clinical words belong here):
 *   /clinic                  the caseload: everyone who shares with me as a
 *                            clinician, what needs attention first; ?flag=
 *   /clinic/{grant}          one patient: exactly what she shares, my exam
 *                            notes, suggestions for her plan, feedback
 *   POST /clinic/{grant}/exam      an exam note (grade with definitions)
 *   POST /clinic/{grant}/change    a suggestion, or with "edit" a change
 *   POST /clinic/{grant}/feedback  a short note on her week
 * Every look goes through the gate and into her audit trail; after
 * revocation or expiry the addresses show nothing.
 */
#include "app/clinic.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/zone.h"
#include "web/views/ui-clinic.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-sharing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY INT64_C(86400)

static const char *flag_words(int i)
{
    static const char *const w[FLAG_COUNT] = {
        N_("Pace suggests seeing a clinician"), N_("Bleeding or signs of infection"),
        N_("Pain of 8 or more"), N_("No practice for 14 days or more"),
        N_("Sharing ends within 7 days")};
    return i >= 0 && i < FLAG_COUNT ? _(w[i]) : "";
}

static const char *trend_words(int t, bool lower_is_better)
{
    if (t == 0)
        return _("steady");
    return (t < 0) == lower_is_better ? _("easing") : _("rising");
}

/* One fact of a row: "Last practice: 2 Dec 2026". */
static void fact(struct req *r, const char *label, const char *value)
{
    html_printf(r, "<span class=\"fact\"><span class=\"fact-label\">%s:</span> %s</span>", label,
                value);
}

static void caseload_row_html(struct req *r, const struct caseload_row *row)
{
    const char *name = row->name[0] ? row->name : _("A patient");
    html_printf(r, "<li class=\"card patient\"><h2><a href=\"/clinic/%s\">%s</a></h2>",
                row->grant_id, name);
    if (row->flags) {
        html_printf(r, "<p class=\"flags\">");
        for (int i = 0; i < FLAG_COUNT; i++)
            if (row->flags & (1u << i))
                html_printf(r, "<span class=\"flag flag-%s\">%s</span>", caseload_flag_names[i],
                            flag_words(i));
        html_printf(r, "</p>");
    }
    if (!row->summary && !row->sessions) {
        html_printf(r, "<p class=\"meta\">%s</p></li>",
                    _("She shares other things with you, not her practice."));
        return;
    }
    html_printf(r, "<p class=\"facts\">");
    char v[160];
    if (!row->sessions)
        snprintf(v, sizeof v, "%s", _("not shared"));
    else if (row->st.last_practice == 0)
        snprintf(v, sizeof v, "%s", _("none yet"));
    else
        i18n_format_date(v, sizeof v, row->st.last_practice, req_tz_at(r, row->st.last_practice));
    fact(r, _("Last practice"), v);
    if (!row->summary)
        snprintf(v, sizeof v, "%s", _("not shared"));
    else if (row->planned_this_week > 0)
        snprintf(v, sizeof v, _("%d of %d planned"), row->practised_this_week,
                 row->planned_this_week);
    else
        snprintf(v, sizeof v, "%d", row->practised_this_week);
    fact(r, _("This week"), v);
    if (row->sessions) {
        char now_mm[32], then_mm[32];
        if (row->st.size_now_mm > 0) {
            ui_mm(now_mm, sizeof now_mm, row->st.size_now_mm);
            if (row->st.size_then_mm > 0 && row->st.size_then_mm != row->st.size_now_mm) {
                ui_mm(then_mm, sizeof then_mm, row->st.size_then_mm);
                snprintf(v, sizeof v, _("%s (4 weeks ago %s)"), now_mm, then_mm);
            } else {
                snprintf(v, sizeof v, "%s", now_mm);
            }
        } else {
            snprintf(v, sizeof v, "%s", _("no dilator yet"));
        }
        fact(r, _("Size now"), v);
        if (row->st.fear_now < 0 && row->st.pain_now < 0)
            snprintf(v, sizeof v, "%s", _("no scores yet"));
        else
            snprintf(v, sizeof v, _("fear %s, pain %s"),
                     trend_words(
                         caseload_trend(row->st.fear_then, row->st.fear_now, CASELOAD_TREND_POINTS),
                         true),
                     trend_words(
                         caseload_trend(row->st.pain_then, row->st.pain_now, CASELOAD_TREND_POINTS),
                         true));
        fact(r, _("Last 4 weeks"), v);
    }
    html_printf(r, "</p></li>");
}

void view_clinic(struct req *r)
{
    struct caseload_row *rows = NULL;
    size_t n = 0;
    struct pace_error err = {0};
    int rc = app_caseload(&r->app->ctx, &r->who, r->now, req_zone(r), &rows, &n, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    const char *flag = form_get(&r->query, "flag");
    int fk = -1;
    for (int i = 0; flag && i < FLAG_COUNT; i++)
        if (strcmp(flag, caseload_flag_names[i]) == 0)
            fk = i;
    page_begin(r, _("Caseload"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Caseload"),
                _("Everyone who shares with you as a clinician, those who may need a word "
                  "first. Each look is in the patient's record of who saw what."));
    html_printf(r, "<nav class=\"filters\" aria-label=\"%s\"><a href=\"/clinic\"%R>%s</a>",
                _("Filter"), fk < 0 ? " aria-current=\"page\"" : "", _("Everyone"));
    for (int i = 0; i < FLAG_COUNT; i++)
        html_printf(r, "<a href=\"/clinic?flag=%s\"%R>%s</a>", caseload_flag_names[i],
                    fk == i ? " aria-current=\"page\"" : "", flag_words(i));
    html_printf(r, "</nav>");
    if (n == 0) {
        html_printf(r, "<p>%s</p>",
                    _("Nobody shares with you as a clinician yet. A patient invites you from her "
                      "Sharing page; open her link to accept."));
    } else {
        html_printf(r, "<ul class=\"caseload\" aria-label=\"%s\">", _("Caseload"));
        size_t shown = 0;
        for (size_t i = 0; i < n; i++)
            if (fk < 0 || (rows[i].flags & (1u << fk))) {
                caseload_row_html(r, &rows[i]);
                shown++;
            }
        html_printf(r, "</ul>");
        if (shown == 0)
            html_printf(r, "<p>%s</p>", _("Nobody matches this filter."));
    }
    page_end(r);
    free(rows);
}

/* ---- one patient ---- */

struct detail_state {
    const char *error, *field, *notice;
    const char *form; /* which form the error belongs to: exam, change, feedback */
};

static bool grant_for(struct req *r, struct grant *g)
{
    struct pace_error err = {0};
    if (app_shared_subject(&r->app->ctx, &r->who, r->params[0], r->now, g, &err) == 0 &&
        g->relation == GRANT_CLINICIAN)
        return true;
    crypto_wipe(g, sizeof *g);
    view_not_found(r);
    return false;
}

static const char *err_for(const struct detail_state *st, const char *form, const char *field)
{
    return st->error && strcmp(st->form, form) == 0 && strcmp(st->field, field) == 0 ? st->error
                                                                                     : NULL;
}

static void field_error(struct req *r, const char *name, const char *msg)
{
    if (msg)
        html_printf(r, "<p class=\"field-error\" id=\"e-%s\">%s</p>", name, msg);
}

static void exam_section(struct req *r, const struct grant *g, const struct detail_state *st)
{
    struct exam_note *items = NULL;
    size_t n = 0;
    if (app_exam_list(&r->app->ctx, &r->who, g->subject_id, &items, &n, NULL) != 0)
        return;
    html_printf(r, "<section class=\"card\" aria-labelledby=\"ex-h\"><h2 id=\"ex-h\">%s</h2>",
                _("Exam notes"));
    if (n > 0) {
        html_printf(r, "<ul class=\"rows compact\">");
        for (size_t i = n; i-- > 0;) {
            html_printf(r, "<li><div><strong>%s: %s</strong><span class=\"meta\">%s</span>",
                        items[i].date, clinic_grade_name(items[i].grade),
                        clinic_grade_definition(items[i].grade));
            if (items[i].findings && *items[i].findings)
                html_printf(r, "<p class=\"note-text\">%s</p>", items[i].findings);
            html_printf(r, "</div></li>");
        }
        html_printf(r, "</ul>");
    }
    char today[16];
    int64_t local = r->now + (int64_t)req_tz_at(r, r->now) * 60;
    int y, m, d;
    tz_civil_from_days(local / DAY, &y, &m, &d);
    snprintf(today, sizeof today, "%04d-%02d-%02d", y % 10000, m % 13, d % 32);
    html_printf(r, "<h3>%s</h3><form method=\"post\" action=\"/clinic/%s/exam\" novalidate>",
                _("A new exam note"), g->public_id);
    html_csrf(r);
    const char *e = err_for(st, "exam", "date");
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-date\">%s</label><input type=\"date\" "
                "id=\"f-date\" name=\"date\" value=\"%s\" max=\"%s\"%R>",
                e ? " bad" : "", _("Day of the exam"), today, today,
                e ? " aria-describedby=\"e-date\" aria-invalid=\"true\"" : "");
    field_error(r, "date", e);
    html_printf(r, "</div>");
    e = err_for(st, "exam", "grade");
    html_printf(r,
                "<fieldset class=\"choices grades%R\" id=\"f-grade\"%R><legend>%s</legend>"
                "<div class=\"chips\">",
                e ? " bad" : "", e ? " aria-describedby=\"e-grade\"" : "",
                _("Grade (Lamont 1-4, Pacik 5)"));
    for (int k = CLINIC_GRADE_MIN; k <= CLINIC_GRADE_MAX; k++)
        html_printf(r,
                    "<span class=\"opt\"><input type=\"radio\" id=\"f-grade-%d\" "
                    "name=\"grade\" value=\"%d\"><label for=\"f-grade-%d\"><strong>%s"
                    "</strong><span>%s (%s)</span></label></span>",
                    k, k, k, clinic_grade_name(k), clinic_grade_definition(k),
                    clinic_grade_source(k));
    html_printf(r, "</div>");
    field_error(r, "grade", e);
    html_printf(r, "</fieldset>");
    e = err_for(st, "exam", "findings");
    html_printf(r,
                "<div class=\"field\"><label for=\"f-findings\">%s</label><p class=\"hint\" "
                "id=\"h-findings\">%s</p><textarea id=\"f-findings\" name=\"findings\" "
                "rows=\"3\" aria-describedby=\"h-findings\"></textarea>",
                _("Findings"),
                _("For you and other clinicians she shares with; stored encrypted."));
    field_error(r, "findings", e);
    html_printf(r, "</div>");
    e = err_for(st, "exam", "patient_note");
    html_printf(r,
                "<div class=\"field\"><label for=\"f-patient_note\">%s</label><p class=\"hint\" "
                "id=\"h-patient_note\">%s</p><textarea id=\"f-patient_note\" "
                "name=\"patient_note\" rows=\"2\" aria-describedby=\"h-patient_note\">"
                "</textarea>",
                _("A note for her"),
                _("She sees it with the grade explained in plain words. Please write plainly."));
    field_error(r, "patient_note", e);
    html_printf(r, "</div><button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Save the exam note"));
    app_exams_free(items, n);
}

static void change_section(struct req *r, const struct grant *g, const struct detail_state *st)
{
    bool propose = g->scopes & SCOPE_PROPOSE, edit = g->scopes & SCOPE_EDIT_PLAN;
    if (!propose && !edit)
        return;
    struct plan_change *items = NULL;
    size_t n = 0;
    app_change_list(&r->app->ctx, &r->who, g->subject_id, -1, &items, &n, NULL);
    html_printf(r, "<section class=\"card\" aria-labelledby=\"ch-h\"><h2 id=\"ch-h\">%s</h2>",
                _("Her plan"));
    if (n > 0) {
        html_printf(r, "<ul class=\"rows compact\">");
        for (size_t i = 0; i < n; i++) {
            char text[1024];
            clinic_change_text(r->app->plans, &items[i], text, sizeof text);
            html_printf(r, "<li><div><strong>%s</strong><span class=\"meta\">%s</span></div></li>",
                        text, clinic_change_status_name(items[i].status));
        }
        html_printf(r, "</ul>");
    }
    free(items);
    html_printf(r,
                "<h3>%s</h3><p class=\"hint\">%s</p><form method=\"post\" "
                "action=\"/clinic/%s/change\" novalidate>",
                edit ? _("Change her plan") : _("Suggest a change"),
                _("Leave a rule empty to keep hers. Every value stays within the engine's "
                  "bounds; a safety stop can only be made stricter."),
                g->public_id);
    html_csrf(r);
    if (edit && propose)
        html_printf(r,
                    "<fieldset class=\"choices\"><legend>%s</legend><div class=\"chips\">"
                    "<span class=\"opt\"><input type=\"radio\" id=\"f-kind-p\" name=\"kind\" "
                    "value=\"proposal\" checked><label for=\"f-kind-p\">%s</label></span>"
                    "<span class=\"opt\"><input type=\"radio\" id=\"f-kind-e\" name=\"kind\" "
                    "value=\"edit\"><label for=\"f-kind-e\">%s</label></span></div></fieldset>",
                    _("How"), _("Suggest it: she decides"), _("Change it now: she is told"));
    else
        html_printf(r, "<input type=\"hidden\" name=\"kind\" value=\"%s\">",
                    edit ? "edit" : "proposal");
    const char *e = err_for(st, "change", "program");
    html_printf(r,
                "<div class=\"field\"><label for=\"f-program\">%s</label><select "
                "id=\"f-program\" name=\"program\"%R><option value=\"\">%s</option>",
                _("Program"), e ? " aria-describedby=\"e-program\"" : "", _("Keep hers"));
    for (size_t i = 0; i < r->app->plans->nprograms; i++)
        html_printf(r, "<option value=\"%s\">%s</option>", r->app->plans->programs[i]->id,
                    _(r->app->plans->programs[i]->name));
    html_printf(r, "</select>");
    field_error(r, "program", e);
    html_printf(r, "</div>");
    for (int i = 0; i < P_PARAM_COUNT; i++) {
        char name[64], fe[80];
        snprintf(name, sizeof name, "p_%s", engine_params[i].name);
        snprintf(fe, sizeof fe, "params.%s", engine_params[i].name);
        e = err_for(st, "change", fe);
        html_printf(r,
                    "<div class=\"field%R\"><label for=\"f-%s\">%s</label><p class=\"hint\" "
                    "id=\"h-%s\">%d-%d</p><input type=\"number\" inputmode=\"numeric\" "
                    "id=\"f-%s\" name=\"%s\" min=\"%d\" max=\"%d\" aria-describedby=\"h-%s%R%s\">",
                    e ? " bad" : "", name, _(engine_params[i].label), name, engine_params[i].min,
                    engine_params[i].max, name, name, engine_params[i].min, engine_params[i].max,
                    name, e ? " e-" : "", e ? name : "");
        field_error(r, name, e);
        html_printf(r, "</div>");
    }
    e = err_for(st, "change", "reason");
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-reason\">%s</label><textarea "
                "id=\"f-reason\" name=\"reason\" rows=\"2\"%R></textarea>",
                e ? " bad" : "", _("Why, in a few plain words (she reads this)"),
                e ? " aria-describedby=\"e-reason\"" : "");
    field_error(r, "reason", e);
    html_printf(r, "</div><button type=\"submit\" class=\"button\">%s</button></form></section>",
                edit && !propose ? _("Change her plan") : _("Send the suggestion"));
}

static void feedback_section(struct req *r, const struct grant *g, const struct detail_state *st)
{
    struct clinic_feedback *items = NULL;
    size_t n = 0;
    if (app_feedback_list(&r->app->ctx, &r->who, g->subject_id, false, &items, &n, NULL) != 0)
        return;
    html_printf(r, "<section class=\"card\" aria-labelledby=\"fb-h\"><h2 id=\"fb-h\">%s</h2>",
                _("Feedback on her week"));
    if (n > 0) {
        html_printf(r, "<ul class=\"rows compact\">");
        for (size_t i = 0; i < n; i++) {
            char when[64];
            i18n_format_date(when, sizeof when, items[i].created_at,
                             req_tz_at(r, items[i].created_at));
            html_printf(r,
                        "<li><div><span class=\"meta\">%s%s</span><p class=\"note-text\">%s"
                        "</p></div></li>",
                        when, items[i].seen_at ? _(", read") : "", items[i].text);
        }
        html_printf(r, "</ul>");
    }
    clinic_feedback_list_free(items, n);
    const char *e = err_for(st, "feedback", "text");
    html_printf(r,
                "<form method=\"post\" action=\"/clinic/%s/feedback\" novalidate><div "
                "class=\"field%R\"><label for=\"f-text\">%s</label><p class=\"hint\" "
                "id=\"h-text\">%s</p><textarea id=\"f-text\" name=\"text\" rows=\"3\" "
                "maxlength=\"%d\" aria-describedby=\"h-text%R\"></textarea>",
                g->public_id, e ? " bad" : "", _("A short note"),
                _("Homework or encouragement. She sees it on her home page. There is no chat."),
                CLINIC_FEEDBACK_MAX, e ? " e-text" : "");
    html_csrf(r);
    field_error(r, "text", e);
    html_printf(r, "</div><button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Send the note"));
}

static void intake_section(struct req *r, const struct grant *g)
{
    struct intake in;
    int rc = app_intake_get(&r->app->ctx, &r->who, g->subject_id, &in, NULL);
    if (rc != 0 && rc != PACE_ENOTFOUND)
        return;
    html_printf(r,
                "<section class=\"card\" aria-labelledby=\"in-h\"><h2 id=\"in-h\">%s</h2>"
                "<p class=\"hint\">%s</p>",
                _("Intake summary"), _("What she told Pace, in her words. Not a diagnosis."));
    ui_intake_summary(r, &in, false);
    html_printf(r, "</section>");
    crypto_wipe(&in, sizeof in);
}

static void detail(struct req *r, const struct grant *g, const struct detail_state *st)
{
    const struct tz_zone *tz = req_zone(r);
    const char *name = g->subject_name[0] ? g->subject_name : _("A patient");
    page_begin(r, _("Patient"));
    html_printf(r, "<p><a href=\"/clinic\">%s</a></p><h1>%s</h1><p class=\"lead\">%s</p>",
                _("Back to the caseload"), name,
                _("Exactly what she shares with you. She can see each time you look."));
    html_notice(r, st->notice);
    if (st->error)
        html_alert_field(r, st->error, st->field[0] ? st->field : "text");
    /* The scopes in a clinician's words (her pages say "your ..."). */
    static const char *const scope_words[APP_SCOPE_NAMES] = {N_("The week and the suggestion"),
                                                             N_("Sessions, without notes"),
                                                             N_("Notes of sessions"),
                                                             N_("Progress charts"),
                                                             N_("Comfort ladder"),
                                                             N_("Goals and program"),
                                                             N_("PDF report"),
                                                             N_("Intake summary"),
                                                             N_("Proposing plan changes"),
                                                             N_("Changing the plan")};
    html_printf(r, "<h2 class=\"small-h\">%s</h2><ul class=\"shared-scopes\">", _("She shares"));
    for (int i = 0; i < APP_SCOPE_NAMES; i++)
        if (g->scopes & (1u << i))
            html_printf(r, "<li>%s</li>", _(scope_words[i]));
    html_printf(r, "</ul>");
    if (g->scopes & SCOPE_SUMMARY)
        ui_shared_summary(r, g, tz);
    if (g->scopes & SCOPE_PROGRESS)
        html_printf(r, "<p><a class=\"button secondary\" href=\"/shared/%s/progress\">%s</a></p>",
                    g->public_id, _("Progress charts"));
    if (g->scopes & SCOPE_SESSIONS)
        ui_shared_sessions(r, g, tz);
    if (g->scopes & SCOPE_PLAN)
        ui_shared_goals(r, g);
    if (g->scopes & SCOPE_LADDER)
        ui_clinic_ladder(r, g->subject_id);
    if (g->scopes & SCOPE_INTAKE)
        intake_section(r, g);
    html_printf(r, "<p class=\"actions\">");
    if (g->scopes & SCOPE_REPORT)
        html_printf(r, "<a class=\"button secondary\" href=\"/clinic/%s/report.pdf\">%s</a>",
                    g->public_id, _("Her report, last 3 months (PDF)"));
    html_printf(r,
                "<a class=\"button secondary\" href=\"/api/v1/patients/%s/fhir\" download=\"pace-"
                "fhir.json\">%s</a></p>",
                g->public_id, _("Exam grades and intake (FHIR)"));
    exam_section(r, g, st);
    change_section(r, g, st);
    feedback_section(r, g, st);
    page_end(r);
}

void view_clinic_patient(struct req *r)
{
    struct grant g;
    if (!grant_for(r, &g))
        return;
    struct detail_state st = {.field = "", .form = ""};
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "exam") == 0)
        st.notice = _("The exam note is saved.");
    else if (done && strcmp(done, "proposal") == 0)
        st.notice = _("Your suggestion is waiting for her answer.");
    else if (done && strcmp(done, "edit") == 0)
        st.notice = _("Her plan is changed. She will be told on her next visit.");
    else if (done && strcmp(done, "feedback") == 0)
        st.notice = _("Your note is sent.");
    detail(r, &g, &st);
    crypto_wipe(&g, sizeof g);
}

/* After a refused post: the page again with the message beside its field. */
static void refused(struct req *r, const struct grant *g, int rc, const struct pace_error *err,
                    const char *form)
{
    if (rc != PACE_EINVAL) {
        view_fail(r, rc, err);
        return;
    }
    r->status = 422;
    char field[80];
    snprintf(field, sizeof field, "%s", err->field);
    struct detail_state st = {.error = err->msg, .field = field, .form = form};
    detail(r, g, &st);
}

static void done(struct req *r, const struct grant *g, const char *what)
{
    char to[128];
    snprintf(to, sizeof to, "/clinic/%s?done=%s", g->public_id, what);
    resp_redirect(r, to);
}

void view_clinic_exam_post(struct req *r)
{
    struct grant g;
    if (!grant_for(r, &g))
        return;
    struct exam_note n;
    clinic_exam_init(&n);
    const char *date = form_get(&r->form, "date"), *grade = form_get(&r->form, "grade");
    snprintf(n.date, sizeof n.date, "%s", date && strlen(date) == 10 ? date : "");
    n.grade = grade && strlen(grade) == 1 ? grade[0] - '0' : 0;
    const char *f = form_get(&r->form, "findings"), *p = form_get(&r->form, "patient_note");
    n.findings = xstrdup(f ? f : "");
    n.patient_note = xstrdup(p ? p : "");
    struct pace_error err = {0};
    int rc =
        app_exam_add(&r->app->ctx, &r->who, g.subject_id, &n, r->now, req_tz_at(r, r->now), &err);
    clinic_exam_clear(&n);
    if (rc != 0)
        refused(r, &g, rc, &err, "exam");
    else
        done(r, &g, "exam");
    crypto_wipe(&g, sizeof g);
}

void view_clinic_change_post(struct req *r)
{
    struct grant g;
    if (!grant_for(r, &g))
        return;
    struct plan_change ch;
    memset(&ch, 0, sizeof ch);
    struct pace_error err = {0};
    int rc = 0;
    const char *kind = form_get(&r->form, "kind"), *program = form_get(&r->form, "program"),
               *reason = form_get(&r->form, "reason");
    ch.kind = kind && strcmp(kind, "edit") == 0 ? CHANGE_EDIT : CHANGE_PROPOSAL;
    if (program && *program)
        snprintf(ch.program_id, sizeof ch.program_id, "%.*s", PLAN_ID_MAX - 1, program);
    snprintf(ch.reason, sizeof ch.reason, "%s", reason ? reason : "");
    for (int i = 0; i < P_PARAM_COUNT && rc == 0; i++) {
        char name[64];
        snprintf(name, sizeof name, "p_%s", engine_params[i].name);
        const char *v = form_get(&r->form, name);
        if (v == NULL || *v == '\0')
            continue;
        char *end = NULL;
        long x = strtol(v, &end, 10);
        if (*end || x < -100000 || x > 100000) {
            char fe[80];
            snprintf(fe, sizeof fe, "params.%s", engine_params[i].name);
            rc = pace_fail(&err, PACE_EINVAL, fe, "%s", _("Please enter a whole number."));
        }
        ch.set[i] = true;
        ch.v[i] = (int)x;
    }
    if (rc == 0)
        rc = app_change_add(&r->app->ctx, &r->who, g.subject_id, &ch, r->now, &err);
    if (rc != 0)
        refused(r, &g, rc, &err, "change");
    else
        done(r, &g, ch.kind == CHANGE_EDIT ? "edit" : "proposal");
    crypto_wipe(&g, sizeof g);
}

void view_clinic_feedback_post(struct req *r)
{
    struct grant g;
    if (!grant_for(r, &g))
        return;
    struct clinic_feedback f;
    memset(&f, 0, sizeof f);
    const char *t = form_get(&r->form, "text");
    f.text = xstrdup(t ? t : "");
    struct pace_error err = {0};
    int rc = app_feedback_add(&r->app->ctx, &r->who, g.subject_id, &f, r->now, &err);
    crypto_wipe(f.text, strlen(f.text));
    free(f.text);
    if (rc != 0)
        refused(r, &g, rc, &err, "feedback");
    else
        done(r, &g, "feedback");
    crypto_wipe(&g, sizeof g);
}
