/*
 * ui-report.c - /report: her summary for a clinician as a PDF download.
 * One form: the period (the last three months unless she changes it) and
 * her time zone (from the pace-zone cookie app.js keeps, else the offset
 * of pace-tz, else UTC; she can type another), a name or pseudonym to
 * print (not stored), whether the title names the therapy (not unless she
 * ticks it), and her notes of the period as checkboxes, each unticked
 * until she ticks it. "Show the notes of these dates" redraws the list
 * for a new period; the main button answers with the PDF itself
 * (report/report.h). Errors are shown beside their field. No script is
 * needed for any of it. The data comes from app_report_data, the notes to
 * choose from from app_report_notes (app/report.h).
 */
#include "app/report.h"
#include "app/tzdb.h"
#include "report/layout.h"
#include "report/report.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-sharing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400
#define DEFAULT_DAYS 91 /* about three months */
#define NOTES_SHOWN 100 /* notes listed to choose from, newest first */
#define NOTE_PREVIEW 90 /* characters of each note shown */

struct report_form {
    char from[16], to[16];       /* as shown */
    char zone_name[TZ_NAME_MAX]; /* as shown */
    const char *name;
    bool full_title;
    struct tz_zone typed;       /* the zone she typed, when it is one */
    const struct tz_zone *zone; /* typed, or hers (req_zone); NULL (UTC) while not known */
    int64_t from_t, last_t;     /* her midnights; valid when no errors */
    struct ui_errs errs;
};

static void ymd(int64_t t, const struct tz_zone *z, char *out, size_t n)
{
    int y, m, d;
    tz_date(z, t, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static void defaults(struct req *r, struct report_form *f)
{
    f->zone = req_zone(r);
    snprintf(f->zone_name, sizeof f->zone_name, "%s", f->zone->name);
    int64_t today = layout_day_start(r->now, f->zone);
    f->last_t = today;
    f->from_t = layout_day_start(today - (int64_t)(DEFAULT_DAYS - 1) * DAY + DAY / 2, f->zone);
    ymd(f->from_t, f->zone, f->from, sizeof f->from);
    ymd(f->last_t, f->zone, f->to, sizeof f->to);
}

/* Reads and checks the form; errors land in f->errs by field. */
static void read_form(struct req *r, struct report_form *f)
{
    const char *from = form_get(&r->form, "from"), *to = form_get(&r->form, "to");
    const char *zone = form_get(&r->form, "zone");
    snprintf(f->from, sizeof f->from, "%s", from ? from : "");
    snprintf(f->to, sizeof f->to, "%s", to ? to : "");
    f->name = form_get(&r->form, "name");
    f->full_title = form_get(&r->form, "full_title") != NULL;
    struct pace_error err = {0};
    if (zone == NULL || zone[0] == '\0')
        f->zone = req_zone(r);
    else if (tzdb_zone(zone, &f->typed, &err) == 0)
        f->zone = &f->typed;
    else
        ui_err(&f->errs, "zone", err.msg);
    snprintf(f->zone_name, sizeof f->zone_name, "%s", f->zone ? f->zone->name : zone);
    bool ok_from = report_date_parse(from, f->zone, &f->from_t) == 0;
    bool ok_to = report_date_parse(to, f->zone, &f->last_t) == 0;
    if (!ok_from)
        ui_err(&f->errs, "from", _("Please give the first day as a date, for example 2026-01-31."));
    if (!ok_to)
        ui_err(&f->errs, "to", _("Please give the last day as a date, for example 2026-03-31."));
    if (ok_from && ok_to && report_period_check(f->from_t, f->last_t, r->now, f->zone, &err) != 0)
        ui_err(&f->errs, err.field, err.msg);
    if (report_name_check(f->name, &err) != 0)
        ui_err(&f->errs, "name", err.msg);
}

static bool ticked(struct req *r, const char *id)
{
    size_t n = form_count(&r->form, "note");
    for (size_t i = 0; i < n; i++)
        if (strcmp(form_get_nth(&r->form, "note", i), id) == 0)
            return true;
    return false;
}

static void date_field(struct req *r, const char *name, const char *label, const char *value,
                       const char *err)
{
    char described[64] = ""; /* name is one of ours, never hers */
    if (err)
        snprintf(described, sizeof described, " aria-invalid=\"true\" aria-describedby=\"e-%s\"",
                 name);
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-%s\">%s</label>"
                "<input id=\"f-%s\" name=\"%s\" type=\"date\" value=\"%s\"%R>",
                err ? " bad" : "", name, label, name, name, value, described);
    ui_field_error(r, name, err);
    html_printf(r, "</div>");
}

/* Her sessions with a note in the period, newest first, as checkboxes. */
static void notes_list(struct req *r, const struct report_form *f, bool echo)
{
    html_printf(r, "<h2>%s</h2>", _("Notes"));
    if (f->errs.n > 0 && (ui_err_for(&f->errs, "from") || ui_err_for(&f->errs, "to"))) {
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("Once the dates are right, your notes of that period are listed here."));
        return;
    }
    struct practice *items = NULL;
    size_t n = 0;
    bool more = false;
    struct pace_error err = {0};
    if (app_report_notes(&r->app->ctx, &r->who, r->user.id, f->from_t,
                         tz_day_start(f->zone, f->last_t + DAY + DAY / 2), NOTES_SHOWN, &items, &n,
                         &more, &err) != 0) {
        html_alert(r, _("Your notes could not be loaded just now."));
        return;
    }
    if (n == 0) {
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("You wrote no notes in this period, so there is nothing to choose."));
        practice_list_free(items, n);
        return;
    }
    html_printf(r,
                "<fieldset class=\"choices checks wide\" id=\"f-notes\"><legend>%s</legend>"
                "<p class=\"hint\">%s</p><div class=\"chips\">",
                _("Include these notes"),
                _("Your notes stay private unless you tick them. Only ticked notes are printed."));
    for (size_t i = 0; i < n; i++) {
        const struct practice *p = &items[i];
        char when[64], preview[NOTE_PREVIEW * 4 + 8];
        i18n_format_datetime(when, sizeof when, p->started_at,
                             tz_offset_min(f->zone, p->started_at));
        layout_clip(p->note, NOTE_PREVIEW, preview, sizeof preview);
        html_printf(r,
                    "<span class=\"opt\"><input type=\"checkbox\" id=\"n-%s\" name=\"note\" "
                    "value=\"%s\"%R><label for=\"n-%s\"><strong>%s</strong><span>%s</span>"
                    "</label></span>",
                    p->id, p->id, echo && ticked(r, p->id) ? " checked" : "", p->id, when, preview);
    }
    html_printf(r, "</div></fieldset>");
    if (more)
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("Only your most recent notes are listed. Choose a shorter period to see "
                      "older ones."));
    practice_list_free(items, n);
}

static void render(struct req *r, const struct report_form *f, bool echo)
{
    page_begin(r, _("Report for your clinician"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Report for your clinician"),
                _("A short PDF of one to three pages to take to your gynaecologist or "
                  "therapist: your program, your kit, your goals, the comfort ladder, your "
                  "sessions and only the notes you choose."));
    const struct ui_errs *e = &f->errs;
    if (e->n > 0)
        html_alert_field(r, _("No report was made yet. Please look at the marked answer."),
                         e->e[0].field);
    html_printf(r, "<form method=\"post\" action=\"/report\" class=\"report-form\" novalidate>");
    html_csrf(r);
    html_printf(r, "<fieldset class=\"report-period\"><legend>%s</legend><div class=\"pair\">",
                _("Period"));
    date_field(r, "from", _("First day"), f->from, ui_err_for(e, "from"));
    date_field(r, "to", _("Last day"), f->to, ui_err_for(e, "to"));
    html_printf(r, "</div>");
    html_input(r, "zone", "text", _("Time zone"), f->zone_name, "off",
               _("Dates and times in the report are in this zone, for example Europe/Berlin. "
                 "The report names it."),
               ui_err_for(e, "zone"), false);
    html_printf(r,
                "<button type=\"submit\" name=\"action\" value=\"update\" "
                "class=\"button secondary\">%s</button></fieldset>",
                _("Show the notes of these dates"));
    html_input(r, "name", "text", _("Name or pseudonym (optional)"), echo ? f->name : NULL, "off",
               _("Printed at the top. Leave it empty for a blank line to fill in by hand. "
                 "It is not saved."),
               ui_err_for(e, "name"), false);
    html_printf(r,
                "<fieldset class=\"choices checks wide\"><legend>%s</legend><div class=\"chips\">"
                "<span class=\"opt\"><input type=\"checkbox\" id=\"f-full_title\" "
                "name=\"full_title\" value=\"1\"%R><label for=\"f-full_title\"><strong>%s</strong>"
                "<span>%s</span></label></span></div></fieldset>",
                _("Title"), echo && f->full_title ? " checked" : "",
                _("Name the therapy in the title"),
                _("Otherwise the report is titled “Practice summary”, on its first page and in "
                  "the PDF viewer."));
    notes_list(r, f, echo);
    html_printf(r,
                "<div class=\"flow-actions\"><button type=\"submit\" name=\"action\" "
                "value=\"pdf\" class=\"button\">%s</button></div>",
                _("Download the report (PDF)"));
    /* Or a link to it, for a clinician without an account. */
    const char *days = echo ? form_get(&r->form, "link_days") : NULL;
    char dflt[8];
    snprintf(dflt, sizeof dflt, "%d", APP_LINK_DAYS);
    html_printf(r,
                "<section class=\"report-link\" aria-labelledby=\"rl-h\"><h2 id=\"rl-h\">%s</h2>"
                "<p class=\"hint\">%s</p>",
                _("Or share it as a link"),
                _("A link to this report as it is now, for a clinician without a Pace account. "
                  "You see each time it is opened, and can stop it on the Sharing page."));
    html_input(r, "link_days", "number", _("Days the link works"), days && *days ? days : dflt,
               "off", _("From 1 to 90."), ui_err_for(e, "link_days"), false);
    html_printf(r,
                "<fieldset class=\"choices checks wide\"><legend>%s</legend><div class=\"chips\">"
                "<span class=\"opt\"><input type=\"checkbox\" id=\"f-link_passcode\" "
                "name=\"link_passcode\" value=\"1\"%R><label for=\"f-link_passcode\"><strong>%s"
                "</strong><span>%s</span></label></span></div></fieldset>",
                _("Passcode"), echo && form_get(&r->form, "link_passcode") ? " checked" : "",
                _("Ask for a passcode"),
                _("Six digits, shown to you once, to tell your clinician another way."));
    html_printf(r,
                "<div class=\"actions\"><button type=\"submit\" name=\"action\" "
                "value=\"link\" class=\"button secondary\">%s</button></div></section></form>",
                _("Make a link"));
    page_end(r);
}

void view_report(struct req *r)
{
    struct report_form f;
    memset(&f, 0, sizeof f);
    defaults(r, &f);
    render(r, &f, false);
    tz_zone_free(&f.typed);
}

/* The PDF for a checked form into pdf. */
static int build_pdf(struct req *r, struct report_form *f, struct buf *pdf, struct pace_error *err)
{
    size_t nids = form_count(&r->form, "note");
    const char **ids = xcalloc(nids + 1, sizeof *ids);
    for (size_t i = 0; i < nids; i++)
        ids[i] = form_get_nth(&r->form, "note", i);
    struct report_options opt = {
        .from = f->from_t,
        .to = tz_day_start(f->zone, f->last_t + DAY + DAY / 2),
        .zone = f->zone,
        .now = r->now,
        .name = f->name,
        .full_title = f->full_title,
        .notes = nids > 0 ? REPORT_NOTES_CHOSEN : REPORT_NOTES_NONE,
        .note_ids = ids,
        .nnote_ids = nids,
    };
    struct report_data d;
    int rc = app_report_data(&r->app->ctx, &r->who, r->user.id, &opt, &d, err);
    if (rc == 0)
        rc = report_pdf(&d, pdf, NULL, err);
    report_data_free(&d);
    free(ids);
    return rc;
}

static void send_pdf(struct req *r, struct report_form *f)
{
    struct pace_error err = {0};
    struct buf pdf = {0};
    int rc = build_pdf(r, f, &pdf, &err);
    if (rc != 0) {
        buf_free(&pdf);
        resp_error(r, status_for(rc), err.msg);
        return;
    }
    char fname[64], disp[128];
    report_filename(r->now, f->zone, fname, sizeof fname);
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", fname);
    buf_reset(&r->out);
    buf_add(&r->out, pdf.data, pdf.len);
    buf_free(&pdf);
    r->content_type = "application/pdf";
    r->personal = true;
    resp_header(r, "Content-Disposition", disp);
}

/* A link to this report as it is now, for a clinician without an
 * account (ui-report-link.c shows it). */
static void make_link(struct req *r, struct report_form *f)
{
    const char *days = form_get(&r->form, "link_days");
    char *end = NULL;
    long nd = days && *days ? strtol(days, &end, 10) : APP_LINK_DAYS;
    if ((days && *days && *end) || nd < 1 || nd > APP_LINK_DAYS_MAX) {
        ui_err(&f->errs, "link_days", _("A link can work for 1 to 90 days."));
        r->status = 422;
        render(r, f, true);
        return;
    }
    struct pace_error err = {0};
    struct buf pdf = {0};
    int rc = build_pdf(r, f, &pdf, &err);
    struct app_link_new in = {
        .name = f->name ? f->name : "",
        .days = (int)nd,
        .passcode = form_get(&r->form, "link_passcode") != NULL,
        .period_from = f->from_t,
        .period_to = tz_day_start(f->zone, f->last_t + DAY + DAY / 2),
    };
    char token[CRYPTO_TOKEN_CHARS + 1];
    struct report_link l;
    if (rc == 0)
        rc = app_report_link_create(&r->app->ctx, &r->who, r->user.id, &in, pdf.data, pdf.len,
                                    r->now, token, &l, &err);
    buf_free(&pdf);
    if (rc != 0) {
        resp_error(r, status_for(rc), err.msg);
        return;
    }
    ui_report_link_made(r, token, &l);
    crypto_wipe(token, sizeof token);
    crypto_wipe(&l, sizeof l);
}

void view_report_post(struct req *r)
{
    struct report_form f;
    memset(&f, 0, sizeof f);
    read_form(r, &f);
    const char *action = form_get(&r->form, "action");
    if (f.errs.n > 0) {
        r->status = 422;
        render(r, &f, true);
    } else if (action && strcmp(action, "update") == 0) {
        render(r, &f, true);
    } else if (action && strcmp(action, "link") == 0) {
        make_link(r, &f);
    } else {
        send_pdf(r, &f);
    }
    tz_zone_free(&f.typed);
}
