/*
 * ui-intake.c - her intake self-assessment, in plain words:
 *   /intake          the questions as one plain form (every answer may stay
 *                    empty; she can change them any time)
 *   /intake/summary  "What you told Pace": her answers to read, print or
 *                    share (by the "intake" scope), never a diagnosis
 * The answers are sealed at rest (store/sqlite_clinic.c).
 */
#include "app/clinic.h"
#include "web/assets.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-clinic.h"

#include <stdio.h>
#include <string.h>

static void textarea(struct req *r, const char *name, const char *label, const char *hint,
                     const char *value, const char *err)
{
    bool bad = err && *err;
    html_printf(r, "<div class=\"field%R\"><label for=\"f-%s\">%s</label>", bad ? " bad" : "", name,
                label);
    if (hint)
        html_printf(r, "<p class=\"hint\" id=\"h-%s\">%s</p>", name, hint);
    html_printf(r, "<textarea id=\"f-%s\" name=\"%s\" rows=\"3\" maxlength=\"%d\"", name, name,
                INTAKE_TEXT_MAX);
    if (hint || bad)
        html_printf(r, " aria-describedby=\"%s%s%R%s%s\"", hint ? "h-" : "", hint ? name : "",
                    hint && bad ? " " : "", bad ? "e-" : "", bad ? name : "");
    html_printf(r, ">%s</textarea>", value ? value : "");
    if (bad)
        html_printf(r, "<p class=\"field-error\" id=\"e-%s\">%s</p>", name, err);
    html_printf(r, "</div>");
}

static void choices(struct req *r, const char *name, const char *legend, int count,
                    const char *const *names, const char *(*label)(int), unsigned bits,
                    bool multiple, int start)
{
    html_printf(r,
                "<fieldset class=\"choices\" id=\"f-%s\"><legend>%s</legend><div "
                "class=\"chips\">",
                name, legend);
    for (int i = start; i < count; i++) {
        bool on = multiple ? (bits & (1u << i)) != 0 : (unsigned)i == bits;
        html_printf(r,
                    "<span class=\"opt\"><input type=\"%s\" id=\"f-%s-%s\" name=\"%s\" "
                    "value=\"%s\"%R><label for=\"f-%s-%s\">%s</label></span>",
                    multiple ? "checkbox" : "radio", name, names[i], name, names[i],
                    on ? " checked" : "", name, names[i], label(i));
    }
    html_printf(r, "</div></fieldset>");
}

static void form_page(struct req *r, const struct intake *in, const struct pace_error *err)
{
    const char *field = err ? err->field : "";
    page_begin(r, _("About you"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("About you"),
                _("A few questions about where you are today. Answer only what you want to; you "
                  "can change your answers whenever you like. Your answers are stored "
                  "encrypted, and only people you choose can see them."));
    if (err && err->msg[0])
        html_alert_field(r, err->msg, field[0] ? field : "onset");
    html_printf(r, "<form method=\"post\" action=\"/intake\" class=\"intake-form\" novalidate>");
    html_csrf(r);
    html_printf(r, "<section class=\"card\" aria-labelledby=\"i-start\"><h2 id=\"i-start\">%s</h2>",
                _("How it started"));
    choices(r, "onset", _("Has it always been like this?"), ONSET_COUNT, intake_onset_names,
            intake_onset_label, in->onset, false, 1);
    textarea(r, "onset_note", _("If it started after something, what was it? (optional)"),
             _("Only for you, unless you share your answers."), in->onset_note,
             strcmp(field, "onset_note") == 0 ? err->msg : NULL);
    html_printf(r,
                "</section><section class=\"card\" aria-labelledby=\"i-today\">"
                "<h2 id=\"i-today\">%s</h2>",
                _("Today"));
    choices(r, "hard", _("Which of these feel hard today?"), SIT_COUNT, intake_situation_names,
            intake_situation_label, in->hard, true, 0);
    textarea(r, "possible", _("What is possible for you today?"), NULL, in->possible,
             strcmp(field, "possible") == 0 ? err->msg : NULL);
    textarea(r, "pain_where", _("If it hurts: where do you feel it?"), NULL, in->pain_where,
             strcmp(field, "pain_where") == 0 ? err->msg : NULL);
    textarea(r, "pain_when", _("And when does it hurt?"), NULL, in->pain_when,
             strcmp(field, "pain_when") == 0 ? err->msg : NULL);
    html_printf(r,
                "</section><section class=\"card\" aria-labelledby=\"i-tried\">"
                "<h2 id=\"i-tried\">%s</h2>",
                _("What you have tried"));
    choices(r, "tried", _("What have you tried so far?"), TRIED_COUNT, intake_treatment_names,
            intake_treatment_label, in->tried, true, 0);
    textarea(r, "tried_note", _("Anything you want to add about it (optional)"), NULL,
             in->tried_note, strcmp(field, "tried_note") == 0 ? err->msg : NULL);
    choices(r, "checked",
            _("Has a doctor or another clinician checked whether something physical is part of "
              "it?"),
            CHECKED_COUNT, intake_checked_names, intake_checked_label, in->checked, false, 1);
    html_printf(r,
                "</section><section class=\"card\" aria-labelledby=\"i-goals\">"
                "<h2 id=\"i-goals\">%s</h2>",
                _("Your goals"));
    textarea(r, "goals", _("What would you like to be possible?"), NULL, in->goals,
             strcmp(field, "goals") == 0 ? err->msg : NULL);
    html_printf(r,
                "</section><div class=\"actions\"><button type=\"submit\" class=\"button "
                "wide\">%s</button></div></form>",
                _("Save my answers"));
    page_end(r);
}

void view_intake(struct req *r)
{
    struct intake in;
    struct pace_error err = {0};
    int rc = app_intake_get(&r->app->ctx, &r->who, r->user.id, &in, &err);
    if (rc != 0 && rc != PACE_ENOTFOUND) {
        view_fail(r, rc, &err);
        return;
    }
    form_page(r, &in, NULL);
    crypto_wipe(&in, sizeof in);
}

static void copy_text(struct req *r, const char *name, char *out)
{
    const char *v = form_get(&r->form, name);
    snprintf(out, INTAKE_TEXT_BYTES, "%s", v ? v : "");
}

void view_intake_post(struct req *r)
{
    struct intake in;
    struct pace_error err = {0};
    memset(&in, 0, sizeof in);
    int rc = 0;
    int k = intake_name_find(intake_onset_names, ONSET_COUNT, form_get(&r->form, "onset"));
    in.onset = k > 0 ? (enum intake_onset)k : ONSET_UNSET;
    k = intake_name_find(intake_checked_names, CHECKED_COUNT, form_get(&r->form, "checked"));
    in.checked = k > 0 ? (enum intake_checked)k : CHECKED_UNSET;
    for (size_t i = 0; i < form_count(&r->form, "hard"); i++) {
        k = intake_name_find(intake_situation_names, SIT_COUNT, form_get_nth(&r->form, "hard", i));
        if (k >= 0)
            in.hard |= 1u << k;
    }
    for (size_t i = 0; i < form_count(&r->form, "tried"); i++) {
        k = intake_name_find(intake_treatment_names, TRIED_COUNT,
                             form_get_nth(&r->form, "tried", i));
        if (k >= 0)
            in.tried |= 1u << k;
    }
    static const struct {
        const char *name;
        size_t off;
    } texts[] = {
        {"onset_note", offsetof(struct intake, onset_note)},
        {"possible", offsetof(struct intake, possible)},
        {"pain_where", offsetof(struct intake, pain_where)},
        {"pain_when", offsetof(struct intake, pain_when)},
        {"tried_note", offsetof(struct intake, tried_note)},
        {"goals", offsetof(struct intake, goals)},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *v = form_get(&r->form, texts[i].name);
        if (v && strlen(v) >= INTAKE_TEXT_BYTES) {
            rc = pace_fail(&err, PACE_EINVAL, texts[i].name, _("Please keep it to %d characters."),
                           INTAKE_TEXT_MAX);
            continue;
        }
        copy_text(r, texts[i].name, (char *)&in + texts[i].off);
    }
    if (rc == 0)
        rc = app_intake_save(&r->app->ctx, &r->who, r->user.id, &in, r->now, &err);
    if (rc != 0) {
        r->status = rc == PACE_EINVAL ? 422 : status_for(rc);
        form_page(r, &in, &err);
        crypto_wipe(&in, sizeof in);
        return;
    }
    crypto_wipe(&in, sizeof in);
    resp_redirect(r, "/intake/summary?done=saved");
}

/* One line of the summary, when answered. */
static void line(struct req *r, const char *label, const char *value)
{
    if (value && *value)
        html_printf(r, "<dt>%s</dt><dd class=\"note-text\">%s</dd>", label, value);
}

static void bits_text(unsigned bits, int count, const char *(*label)(int), char *out, size_t n)
{
    out[0] = '\0';
    size_t len = 0;
    for (int i = 0; i < count; i++)
        if (bits & (1u << i))
            len += (size_t)snprintf(out + len, len < n ? n - len : 0, "%s%s", len ? ", " : "",
                                    label(i));
}

void ui_intake_summary(struct req *r, const struct intake *in, bool hers)
{
    if (intake_empty(in)) {
        html_printf(r, "<p>%s</p>",
                    hers ? _("You have not answered any questions yet.") : _("No answers yet."));
        return;
    }
    char buf[600];
    html_printf(r, "<dl class=\"summary-list\">");
    if (in->onset)
        line(r, _("How it started"), intake_onset_label(in->onset));
    line(r, _("What it started after"), in->onset_note);
    bits_text(in->hard, SIT_COUNT, intake_situation_label, buf, sizeof buf);
    line(r, _("Hard today"), buf);
    line(r, _("Possible today"), in->possible);
    line(r, _("Where it hurts"), in->pain_where);
    line(r, _("When it hurts"), in->pain_when);
    bits_text(in->tried, TRIED_COUNT, intake_treatment_label, buf, sizeof buf);
    line(r, _("Tried so far"), buf);
    line(r, _("About what was tried"), in->tried_note);
    if (in->checked)
        line(r, _("Checked by a clinician for physical causes"), intake_checked_label(in->checked));
    line(r, _("Goals"), in->goals);
    html_printf(r, "</dl>");
}

void view_intake_summary(struct req *r)
{
    struct intake in;
    struct pace_error err = {0};
    int rc = app_intake_get(&r->app->ctx, &r->who, r->user.id, &in, &err);
    if (rc == PACE_ENOTFOUND) {
        resp_redirect(r, "/intake");
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    page_begin(r, _("What you told Pace"));
    html_printf(r, "<h1>%s</h1>", _("What you told Pace"));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        html_notice(r, _("Your answers are saved."));
    html_printf(r, "<p class=\"lead\">%s</p>",
                _("Your own answers, in your words. This is not a diagnosis. You can print it, "
                  "or share it with a clinician on the Sharing page."));
    html_printf(r, "<section class=\"card\">");
    ui_intake_summary(r, &in, true);
    html_printf(r, "</section>");
    html_printf(r,
                "<p class=\"actions no-print\"><a class=\"button secondary\" href=\"/intake\">%s"
                "</a><button type=\"button\" class=\"button secondary\" data-print hidden>%s"
                "</button><a class=\"button secondary\" href=\"/sharing\">%s</a></p>",
                _("Change my answers"), _("Print"), _("Sharing"));
    const struct asset *js = asset_find("print.js");
    html_printf(r, "<script src=\"/static/print.js?v=%s\" defer></script>",
                js ? js->etag_plain : "");
    page_end(r);
    crypto_wipe(&in, sizeof in);
}
