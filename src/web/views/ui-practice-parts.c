/*
 * ui-practice-parts.c - pieces shared by the guided session and the session
 * log: her kit, score rows, dilator choices, time zone and the kind words
 * about a finished session. See ui-practice.h.
 */
#include "web/views/ui-practice.h"
#include "web/routes.h"
#include "web/assets.h"
#include "web/views/ui-kit.h"
#include "core/engine.h"
#include "app/plans.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int ui_kit_load(struct req *r, struct ui_kit *k, struct pace_error *err)
{
    memset(k, 0, sizeof *k);
    int rc = app_kit_get(&r->app->ctx, &r->who, r->user.id, &k->view, err);
    /* Stents keep results; the session flow and the log are about dilators
     * and adjustable devices, so stents are left out of the choices. */
    size_t w = 0;
    for (size_t i = 0; rc == 0 && i < k->view.n; i++)
        if (k->view.entries[i].kind != KIND_STENT)
            k->view.entries[w++] = k->view.entries[i];
    k->view.n = w;
    k->items = k->view.entries;
    k->n = w;
    return rc;
}

bool ui_kit_page(struct req *r, struct ui_kit *k)
{
    struct pace_error err = {0};
    int rc = ui_kit_load(r, k, &err);
    if (rc == 0)
        return true;
    ui_kit_free(k);
    view_fail(r, rc, &err);
    return false;
}

void ui_kit_free(struct ui_kit *k)
{
    kits_view_free(&k->view);
    memset(k, 0, sizeof *k);
}

const struct kit_entry *ui_kit_find(const struct ui_kit *k, const char *id)
{
    for (size_t i = 0; id && i < k->n; i++)
        if (strcmp(k->items[i].id, id) == 0)
            return &k->items[i];
    return NULL;
}

void ui_err(struct ui_errs *e, const char *field, const char *msg)
{
    if (e->n == UI_MAX_ERRS || ui_err_for(e, field ? field : ""))
        return;
    snprintf(e->e[e->n].field, sizeof e->e[0].field, "%s", field ? field : "");
    snprintf(e->e[e->n].msg, sizeof e->e[0].msg, "%s", msg);
    e->n++;
}

const char *ui_err_for(const struct ui_errs *e, const char *field)
{
    for (size_t i = 0; i < e->n; i++)
        if (strcmp(e->e[i].field, field) == 0)
            return e->e[i].msg;
    return NULL;
}

void ui_datetime_local(char *out, size_t n, int64_t t, const struct tz_zone *z)
{
    time_t tt = (time_t)(t + tz_offset(z, t));
    struct tm tm;
    gmtime_r(&tt, &tm);
    snprintf(out, n, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
             tm.tm_hour, tm.tm_min);
}

int ui_datetime_parse(const char *s, const struct tz_zone *z, int64_t *out)
{
    if (s == NULL)
        return -1;
    size_t len = strlen(s);
    if ((len != 16 && len != 19) || (len == 19 && s[16] != ':'))
        return -1;
    char full[24];
    snprintf(full, sizeof full, "%.16s:%s", s, len == 19 ? s + 17 : "00");
    strcat(full, "Z");
    int64_t t;
    if (rfc3339_parse(full, &t) != 0)
        return -1;
    *out = tz_to_utc(z, t);
    return 0;
}

int ui_score_parse(const char *s)
{
    if (s == NULL || s[0] < '0' || s[0] > '9')
        return -1;
    char *end;
    long v = strtol(s, &end, 10);
    return (*end == '\0' && v >= 0 && v <= 10) ? (int)v : -1;
}

void ui_field_error(struct req *r, const char *name, const char *msg)
{
    if (msg && *msg)
        html_printf(r,
                    "<p class=\"field-error\" id=\"e-%s\"><svg aria-hidden=\"true\" viewBox=\"0 "
                    "0 24 24\" width=\"22\" height=\"22\"><circle cx=\"12\" cy=\"12\" r=\"10\" "
                    "fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/><path d=\"M12 "
                    "7v6M12 16.5v.5\" stroke=\"currentColor\" stroke-width=\"2.4\" "
                    "stroke-linecap=\"round\"/></svg><span>%s</span></p>",
                    name, msg);
}

void ui_score_buttons(struct req *r, const char *name, int value, const char *low,
                      const char *high)
{
    html_printf(r, "<div class=\"scale-row\">");
    for (int v = 0; v <= 10; v++) {
        html_printf(r,
                    "<span class=\"opt\"><input type=\"radio\" id=\"f-%s-%d\" name=\"%s\" "
                    "value=\"%d\"%R><label for=\"f-%s-%d\">%d",
                    name, v, name, v, v == value ? " checked" : "", name, v, v);
        if (v == 0)
            html_printf(r, "<span class=\"vh\"> (%s)</span>", low);
        else if (v == 10)
            html_printf(r, "<span class=\"vh\"> (%s)</span>", high);
        html_printf(r, "</label></span>");
    }
    html_printf(r, "</div><p class=\"scale-ends\" aria-hidden=\"true\"><span>0 · %s</span>"
                   "<span>%s · 10</span></p>",
                low, high);
}

void ui_score_row(struct req *r, const char *name, const char *legend, int value,
                  const char *low, const char *high, const char *err)
{
    bool bad = err && *err;
    html_printf(r, "<fieldset class=\"scale%R\" id=\"f-%s\"", bad ? " bad" : "", name);
    if (bad)
        html_printf(r, " aria-describedby=\"e-%s\"", name);
    html_printf(r, "><legend>%s</legend>", legend);
    ui_score_buttons(r, name, value, low, high);
    ui_field_error(r, name, err);
    html_printf(r, "</fieldset>");
}

void ui_dilator_choices(struct req *r, const struct ui_kit *k, const char *selected,
                        double size_mm, const char *legend, const char *err, bool offer_none)
{
    bool bad = err && *err;
    html_printf(r, "<fieldset class=\"choices dilators%R\" id=\"f-dilator_id\"><legend>%s</legend>",
                bad ? " bad" : "", legend);
    html_printf(r, "<div class=\"chips\">");
    bool any_adjustable = false;
    for (size_t i = 0; i < k->n; i++) {
        const struct kit_entry *e = &k->items[i];
        char mm[64], name[160];
        ui_kit_diameter(e->diameter_mm, e->diameter_max_mm, e->item && e->item->assumed, mm,
                        sizeof mm);
        ui_kit_name(e, name, sizeof name);
        bool adj = e->kind == KIND_ADJUSTABLE;
        any_adjustable |= adj;
        html_printf(r,
                    "<span class=\"opt\"><input type=\"radio\" id=\"d-%zu\" name=\"dilator_id\" "
                    "value=\"%s\" data-material=\"%s\" data-glass=\"%s\" data-adjustable=\"%s\"%R>"
                    "<label for=\"d-%zu\"><strong>%s</strong><span>%s</span></label></span>",
                    i, e->id, material_name(e->material), e->is_glass ? "1" : "0",
                    adj ? "1" : "0", selected && strcmp(selected, e->id) == 0 ? " checked" : "", i,
                    mm, name);
    }
    if (offer_none)
        html_printf(r,
                    "<span class=\"opt\"><input type=\"radio\" id=\"d-none\" name=\"dilator_id\" "
                    "value=\"" UI_NO_DILATOR "\" data-material=\"none\" data-glass=\"0\" "
                    "data-adjustable=\"0\"%R><label for=\"d-none\"><strong>%s</strong><span>%s"
                    "</span></label></span>",
                    selected && strcmp(selected, UI_NO_DILATOR) == 0 ? " checked" : "",
                    _("No dilator"), _("breathing and relaxation only"));
    html_printf(r, "</div>");
    ui_field_error(r, "dilator_id", err);
    html_printf(r, "</fieldset>");
    if (!any_adjustable)
        return;
    /* An adjustable device: which size it was set to (shown only while it
     * is chosen when the browser can tell; always without that). */
    for (size_t i = 0; i < k->n; i++) {
        const struct kit_entry *e = &k->items[i];
        if (e->kind != KIND_ADJUSTABLE)
            continue;
        char name[160], lo[24], hi[24], step[24], val[24], label[256], hint[160], mn[24], mx[24];
        ui_kit_name(e, name, sizeof name);
        kit_format_mm(lo, sizeof lo, e->diameter_mm, true);
        kit_format_mm(hi, sizeof hi, e->diameter_max_mm, true);
        snprintf(step, sizeof step, "%g", e->step_mm > 0 ? e->step_mm : 1);
        double v = selected && strcmp(selected, e->id) == 0 && size_mm >= e->diameter_mm - 0.05 &&
                           size_mm <= e->diameter_max_mm + 0.05
                       ? size_mm
                       : e->diameter_mm;
        snprintf(val, sizeof val, "%g", v);
        snprintf(mn, sizeof mn, "%g", e->diameter_mm);
        snprintf(mx, sizeof mx, "%g", e->diameter_max_mm);
        snprintf(label, sizeof label, _("The size your %s was set to, in mm"), name);
        snprintf(hint, sizeof hint, _("From %s to %s mm."), lo, hi);
        char field[96];
        snprintf(field, sizeof field, "size_%s", e->id);
        html_printf(r,
                    "<div class=\"field adjustable-size\"><label for=\"f-%s\">%s</label>"
                    "<p class=\"hint\" id=\"h-%s\">%s</p><input id=\"f-%s\" name=\"%s\" "
                    "type=\"number\" inputmode=\"decimal\" min=\"%s\" max=\"%s\" step=\"%s\" "
                    "value=\"%s\" aria-describedby=\"h-%s\"></div>",
                    field, label, field, hint, field, field, mn, mx, step, val, field);
    }
}

int ui_dilator_size(struct req *r, const struct kit_entry *e, double *out, struct ui_errs *errs)
{
    if (e->kind != KIND_ADJUSTABLE) {
        *out = e->diameter_mm;
        return 0;
    }
    char field[96];
    snprintf(field, sizeof field, "size_%s", e->id);
    const char *s = form_get(&r->form, field);
    char buf[32];
    snprintf(buf, sizeof buf, "%s", s ? s : "");
    for (char *c = buf; *c; c++)
        if (*c == ',')
            *c = '.';
    char *end = NULL;
    double v = *buf ? strtod(buf, &end) : -1;
    double step = e->step_mm > 0 ? e->step_mm : 1;
    double k = (v - e->diameter_mm) / step;
    if (end == NULL || *end != '\0' || v < e->diameter_mm - 0.05 ||
        v > e->diameter_max_mm + 0.05 || k - (double)(long)(k + 0.5) > 0.01 ||
        (double)(long)(k + 0.5) - k > 0.01) {
        char lo[24], hi[24], msg[200];
        kit_format_mm(lo, sizeof lo, e->diameter_mm, true);
        kit_format_mm(hi, sizeof hi, e->diameter_max_mm, true);
        snprintf(msg, sizeof msg, _("Please enter the size it was set to: from %s to %s mm."), lo,
                 hi);
        ui_err(errs, "dilator_id", msg);
        return -1;
    }
    *out = v;
    return 0;
}

int ui_pain_stop(struct req *r)
{
    int stop = ENGINE_SAFETY_PAIN;
    app_pain_stop(&r->app->ctx, &r->who, r->user.id, r->now, &stop, NULL);
    return stop;
}

void ui_mm(char *out, size_t n, double mm)
{
    char num[24];
    kit_format_mm(num, sizeof num, mm, true);
    str_fmt(out, n, "%s mm", num);
}

void ui_dilator_words(const struct ui_kit *k, const struct practice *p, char *out, size_t n)
{
    const struct kit_entry *e = ui_kit_find(k, p->dilator_id);
    double mm = p->diameter_mm > 0 ? p->diameter_mm : (e ? e->diameter_mm : 0);
    if (mm > 0) {
        char size[32];
        ui_mm(size, sizeof size, mm);
        snprintf(out, n, _("the %s dilator"), size);
    } else {
        snprintf(out, n, "%s", _("your dilator"));
    }
}

void ui_minutes(char *out, size_t n, int seconds)
{
    if (seconds < 60) {
        str_fmt(out, n, "%s", _("less than a minute"));
        return;
    }
    int m = (seconds + 30) / 60;
    str_fmt(out, n, ngettext_("%d minute", "%d minutes", m), m);
}

/* How one score moved, in plain words; tension when is_tension, else fear. */
static void score_sentence(struct req *r, bool is_tension, int before, int after)
{
    char s[256];
    if (after < before)
        snprintf(s, sizeof s,
                 is_tension ? _("Your tension went from %d to %d.") : _("Your fear went from %d to %d."),
                 before, after);
    else if (after == before)
        snprintf(s, sizeof s,
                 is_tension ? _("Your tension stayed at %d.") : _("Your fear stayed at %d."),
                 after);
    else
        snprintf(s, sizeof s,
                 is_tension ? _("Your tension was %d before and %d after.")
                            : _("Your fear was %d before and %d after."),
                 before, after);
    html_printf(r, "%s ", s);
}

void ui_session_story(struct req *r, const struct ui_kit *k, const struct practice *p)
{
    char s[512], what[96], mins[48];
    ui_dilator_words(k, p, what, sizeof what);
    ui_minutes(mins, sizeof mins, p->duration_s);
    html_printf(r, "<p class=\"story\">");
    if (p->outcome == OUTCOME_NOT_TODAY) {
        html_printf(r, "%s",
                    _("You checked in and chose not to practise today. Resting when your body "
                      "needs it is a caring choice."));
    } else if (p->dilator_id[0] == '\0' &&
               (p->outcome == OUTCOME_COMPLETED || p->duration_s > 0)) {
        snprintf(s, sizeof s,
                 p->outcome == OUTCOME_STOPPED
                     ? _("You practised breathing and relaxation for %s, without a dilator, and "
                         "stopped when you needed to.")
                     : _("You practised breathing and relaxation for %s, without a dilator."),
                 mins);
        html_printf(r, "%s", s);
    } else if (p->outcome == OUTCOME_STOPPED && p->duration_s == 0) {
        html_printf(r, "%s",
                    _("You stopped before the practice began, when you needed to. That is part "
                      "of the practice too."));
    } else if (p->outcome == OUTCOME_STOPPED) {
        snprintf(s, sizeof s,
                 _("You practised %s with %s and stopped when you needed to. That is part of "
                   "the practice."),
                 mins, what);
        html_printf(r, "%s", s);
    } else {
        snprintf(s, sizeof s, _("You practised %s with %s."), mins, what);
        html_printf(r, "%s", s);
    }
    html_printf(r, "</p>");
    if (p->before.set && p->after.set) {
        html_printf(r, "<p class=\"story\">");
        score_sentence(r, true, p->before.tension, p->after.tension);
        score_sentence(r, false, p->before.fear, p->after.fear);
        html_printf(r, "</p>");
    }
    if (p->nspasms == 1) {
        html_printf(r, "<p class=\"story\">%s</p>",
                    _("You had a spasm and stayed with it until it eased."));
    } else if (p->nspasms > 1) {
        snprintf(s, sizeof s,
                 ngettext_("You had %d spasm and stayed with it until it eased.",
                           "You had %d spasms and stayed with each one until it eased.",
                           (long)p->nspasms),
                 (int)p->nspasms);
        html_printf(r, "<p class=\"story\">%s</p>", s);
    }
}

void ui_clock(char *out, size_t n, int64_t t, const struct tz_zone *z)
{
    time_t tt = (time_t)(t + tz_offset(z, t));
    struct tm tm;
    gmtime_r(&tt, &tm);
    if (i18n_lang() == LANG_DE) {
        snprintf(out, n, "%02d:%02d", tm.tm_hour, tm.tm_min);
    } else {
        int h = tm.tm_hour % 12;
        snprintf(out, n, "%d:%02d %s", h ? h : 12, tm.tm_min, tm.tm_hour < 12 ? "am" : "pm");
    }
}

void ui_practice_script(struct req *r)
{
    const struct asset *a = asset_find("practice.js");
    html_printf(r, "<script src=\"/static/practice.js?v=%s\" defer></script>",
                a ? a->etag_plain : "");
}
