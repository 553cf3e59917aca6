/*
 * ui-sessions.c - her history of practice sessions: /sessions with a month
 * of her practice as a calendar (ui-month.c), then her sessions grouped by
 * week (newest first) with a filter by size, one session at
 * /sessions/{id}, and deleting one after a confirmation that says what
 * will be lost. Logging and editing are in ui-session-form.c.
 */
#include "web/auth.h"
#include "web/routes.h"
#include "web/views/ui-kit.h"
#include "web/views/ui-practice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HISTORY_PAGE 60

static const char *outcome_label(enum outcome o)
{
    switch (o) {
    case OUTCOME_STOPPED: return _("Stopped when needed");
    case OUTCOME_NOT_TODAY: return _("Not today");
    default: return _("Finished");
    }
}

/* The Monday of the week t falls in, in her time zone (each instant with
 * its own offset), as a day number. */
static int64_t week_of(int64_t t, const struct tz_zone *tz)
{
    return tz_monday(tz_local_day(tz, t));
}

static void week_heading(struct req *r, int64_t week, int64_t this_week, const struct tz_zone *tz)
{
    char h[96];
    if (week == this_week) {
        snprintf(h, sizeof h, "%s", _("This week"));
    } else if (week == this_week - 7) {
        snprintf(h, sizeof h, "%s", _("Last week"));
    } else {
        char d[48];
        int64_t monday = tz_day_first(tz, week);
        i18n_format_date(d, sizeof d, monday, tz_offset_min(tz, monday));
        snprintf(h, sizeof h, _("Week of %s"), d);
    }
    html_printf(r, "<h2>%s</h2>", h);
}

static void size_filter(struct req *r, const struct ui_kit *kit, double size)
{
    html_printf(r, "<form method=\"get\" action=\"/sessions\" class=\"filter\">"
                   "<label for=\"f-size\">%s</label><div class=\"filter-row\">"
                   "<select id=\"f-size\" name=\"size\"><option value=\"\">%s</option>",
                _("Size"), _("All sizes"));
    double prev = -1;
    bool seen = false;
    for (size_t i = 0; i < kit->n; i++) {
        double d = kit->items[i].diameter_mm;
        if (fabs(d - prev) < 0.005)
            continue;
        prev = d;
        char mm[32], v[32];
        ui_mm(mm, sizeof mm, d);
        kit_format_mm(v, sizeof v, d, false);
        bool sel = size > 0 && fabs(d - size) < 0.005;
        seen = seen || sel;
        html_printf(r, "<option value=\"%s\"%R>%s</option>", v, sel ? " selected" : "", mm);
    }
    if (size > 0 && !seen) {
        char mm[32], v[32];
        ui_mm(mm, sizeof mm, size);
        kit_format_mm(v, sizeof v, size, false);
        html_printf(r, "<option value=\"%s\" selected>%s</option>", v, mm);
    }
    html_printf(r, "</select><button type=\"submit\" class=\"button secondary small\">%s</button>"
                   "</div></form>",
                _("Show"));
}

static void session_row(struct req *r, const struct practice *s, const struct tz_zone *tz)
{
    char when[64], mins[48], mm[32];
    i18n_format_datetime(when, sizeof when, s->started_at, tz_offset_min(tz, s->started_at));
    ui_minutes(mins, sizeof mins, s->duration_s);
    html_printf(r, "<li><a class=\"session-link\" href=\"/sessions/%s\"><span><strong>%s</strong>"
                   "<span class=\"meta\">",
                s->id, when);
    if (s->outcome == OUTCOME_NOT_TODAY) {
        html_printf(r, "%s", _("Checked in, rested"));
    } else {
        if (s->diameter_mm > 0) {
            ui_mm(mm, sizeof mm, s->diameter_mm);
            html_printf(r, "%s · ", mm);
        } else if (s->dilator_id[0] == '\0' && s->duration_s > 0) {
            html_printf(r, "%s · ", _("Breathing and relaxation"));
        }
        html_printf(r, "%s", mins);
        if (s->before.set && s->after.set) {
            char t[64];
            str_fmt(t, sizeof t, _("tension %d → %d"), s->before.tension, s->after.tension);
            html_printf(r, " · %s", t);
        } else if (s->after.set) {
            char t[64];
            str_fmt(t, sizeof t, _("tension after: %d"), s->after.tension);
            html_printf(r, " · %s", t);
        }
    }
    html_printf(r, "</span>");
    if (s->outcome != OUTCOME_COMPLETED)
        html_printf(r, "<span class=\"tag\">%s</span>", outcome_label(s->outcome));
    html_printf(r, "</span></a></li>");
}

void view_sessions(struct req *r)
{
    const struct tz_zone *tz = req_zone(r);
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit))
        return;
    const char *size_s = form_get(&r->query, "size");
    double size = 0;
    if (size_s && *size_s) {
        char *end;
        size = strtod(size_s, &end);
        if (*end != '\0' || !(size >= 1 && size <= 80))
            size = 0;
    }
    const char *cursor = form_get(&r->query, "cursor");
    struct practice_query q = {
        .diameter_mm = size, .limit = HISTORY_PAGE, .cursor = cursor, .without_notes = true};
    struct practice *items = NULL;
    size_t n = 0;
    char next[STORE_CURSOR_MAX] = "";
    struct pace_error err = {0};
    int rc = app_session_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, next, &err);

    page_begin(r, _("History"));
    html_printf(r, "<h1>%s</h1>", _("Your practice"));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        html_notice(r, _("Your session is saved."));
    else if (done && strcmp(done, "deleted") == 0)
        html_notice(r, _("The session is deleted."));
    if (rc != 0)
        html_alert(r, err.msg);
    html_printf(r, "<div class=\"actions\"><a class=\"button\" href=\"/sessions/new\">%s</a>"
                   "<a class=\"button secondary\" href=\"/practice\">%s</a></div>",
                _("Log a session"), _("Start a guided session"));
    html_printf(r, "<p class=\"progress-link\"><a href=\"/progress\">%s</a></p>",
                _("See your progress over the weeks"));
    if (cursor == NULL || *cursor == '\0')
        ui_month_card(r, tz);
    if (kit.n > 0)
        size_filter(r, &kit, size);
    if (n > 0)
        html_printf(r, "<p class=\"meta\"><a href=\"/report\">%s</a></p>",
                    _("Make a report for your clinician (PDF)"));
    if (n == 0 && rc == 0) {
        html_printf(r, "<div class=\"card empty\"><p>%s</p></div>",
                    size > 0 ? _("No sessions with this size yet.")
                             : _("Nothing here yet. When you practise, your sessions appear "
                                 "here, week by week."));
    }
    int64_t this_week = week_of(r->now, tz);
    for (size_t i = 0; i < n;) {
        int64_t w = week_of(items[i].started_at, tz);
        size_t j = i;
        int practised = 0, seconds = 0;
        while (j < n && week_of(items[j].started_at, tz) == w) {
            if (items[j].outcome != OUTCOME_NOT_TODAY) {
                practised++;
                seconds += items[j].duration_s;
            }
            j++;
        }
        html_printf(r, "<section class=\"week card\">");
        week_heading(r, w, this_week, tz);
        if (practised > 0) {
            char s[128], mins[48];
            ui_minutes(mins, sizeof mins, seconds);
            snprintf(s, sizeof s,
                     ngettext_("You practised %d time, %s in all.",
                               "You practised %d times, %s in all.", practised),
                     practised, mins);
            html_printf(r, "<p class=\"meta\">%s</p>", s);
        }
        html_printf(r, "<ul class=\"rows sessions\">");
        for (; i < j; i++)
            session_row(r, &items[i], tz);
        html_printf(r, "</ul></section>");
    }
    if (next[0]) {
        html_printf(r, "<p><a class=\"button secondary\" href=\"/sessions?cursor=");
        html_url(&r->out, next);
        if (size > 0) {
            char v[32];
            kit_format_mm(v, sizeof v, size, false);
            html_printf(r, "&amp;size=");
            html_url(&r->out, v);
        }
        html_printf(r, "\">%s</a></p>", _("Show older sessions"));
    }
    page_end(r);
    practice_list_free(items, n);
    ui_kit_free(&kit);
}

static bool load(struct req *r, struct practice *p)
{
    practice_init(p);
    if (app_session_get(&r->app->ctx, &r->who, r->user.id, r->params[0], p, NULL) == 0)
        return true;
    view_not_found(r);
    return false;
}

static void row(struct req *r, const char *term, const char *value)
{
    html_printf(r, "<div><dt>%s</dt><dd>%s</dd></div>", term, value);
}

static void scores_row(struct req *r, const char *term, const struct scores *sc)
{
    if (!sc->set)
        return;
    char s[128];
    snprintf(s, sizeof s, _("fear %d, tension %d, pain %d"), sc->fear, sc->tension, sc->pain);
    row(r, term, s);
}

static void names_row(struct req *r, const char *term, unsigned bits, const char *const *labels,
                      int n)
{
    if (bits == 0)
        return;
    struct buf b = {0};
    for (int i = 0; i < n; i++)
        if (bits & (1u << i)) {
            if (b.len)
                buf_puts(&b, ", ");
            buf_puts(&b, _(labels[i]));
        }
    row(r, term, b.data);
    buf_free(&b);
}

void view_session(struct req *r)
{
    struct practice p;
    if (!load(r, &p))
        return;
    const struct tz_zone *tz = req_zone(r);
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit)) {
        practice_clear(&p);
        return;
    }
    char when[64], s[256];
    i18n_format_datetime(when, sizeof when, p.started_at, tz_offset_min(tz, p.started_at));
    page_begin(r, _("Session"));
    html_printf(r, "<p class=\"back\"><a href=\"/sessions\">%s</a></p><h1>%s</h1>",
                _("← All sessions"), when);
    if (form_get(&r->query, "done"))
        html_notice(r, _("Your changes are saved."));
    html_printf(r, "<section class=\"card\">");
    ui_session_story(r, &kit, &p);
    html_printf(r, "<dl class=\"facts\">");
    if (p.outcome != OUTCOME_NOT_TODAY) {
        const struct kit_entry *d = ui_kit_find(&kit, p.dilator_id);
        if (p.diameter_mm > 0) {
            char mm[32];
            ui_mm(mm, sizeof mm, p.diameter_mm);
            char name[160] = "";
            if (d)
                ui_kit_name(d, name, sizeof name);
            snprintf(s, sizeof s, "%s%s%s", mm, name[0] ? " · " : "", name);
            row(r, _("Dilator"), s);
        } else if (p.dilator_id[0] == '\0') {
            row(r, _("Dilator"), _("None: breathing and relaxation"));
        }
        ui_minutes(s, sizeof s, p.duration_s);
        row(r, _("Time"), s);
    }
    row(r, _("How it ended"), outcome_label(p.outcome));
    scores_row(r, _("Before"), &p.before);
    scores_row(r, _("After"), &p.after);
    if (p.max_pain >= 0) {
        snprintf(s, sizeof s, "%d", p.max_pain);
        row(r, _("Most pain during"), s);
    }
    bool timed = false; /* a guided session knows when each began */
    for (size_t i = 0; i < p.nspasms; i++)
        timed = timed || p.spasms[i].at_s > 0;
    if (p.nspasms > 0 && !timed) {
        int longest = 0;
        for (size_t i = 0; i < p.nspasms; i++)
            longest = p.spasms[i].duration_s > longest ? p.spasms[i].duration_s : longest;
        char t[48];
        if (longest >= 120)
            snprintf(t, sizeof t, _("about %d minutes"), (longest + 30) / 60);
        else
            snprintf(t, sizeof t, _("about %d seconds"), longest);
        snprintf(s, sizeof s,
                 ngettext_("%d, lasting %s", "%d, the longest lasting %s", (long)p.nspasms),
                 (int)p.nspasms, t);
        row(r, _("Spasms"), s);
    } else if (p.nspasms > 0) {
        struct buf b = {0};
        for (size_t i = 0; i < p.nspasms; i++) {
            char one[96];
            snprintf(one, sizeof one, _("%d:%02d in, eased after %d s"), p.spasms[i].at_s / 60,
                     p.spasms[i].at_s % 60, p.spasms[i].duration_s);
            buf_printf(&b, "%s%s", i ? "; " : "", one);
        }
        row(r, _("Spasms"), b.data);
        buf_free(&b);
    }
    if (p.outcome != OUTCOME_NOT_TODAY) {
        static const char *const temps[] = {N_("Room temperature"), N_("Warm"), N_("Cool")};
        static const char *const lubes[] = {N_("None"), N_("Water-based"), N_("Silicone-based"),
                                            N_("Oil-based")};
        row(r, _("Temperature"), _(temps[p.temperature]));
        row(r, _("Lubricant"), _(lubes[p.lubricant]));
        row(r, _("Company"), p.with_partner ? _("With my partner") : _("Alone"));
    }
    static const char *const helped[] = {N_("Breathing"), N_("Warmth"), N_("Movement"),
                                         N_("My partner"), N_("Something else")};
    names_row(r, _("What helped"), p.helped, helped, HELPED_COUNT);
    static const char *const safety[] = {N_("Bleeding"), N_("Signs of an infection"),
                                         N_("A clinician advised rest")};
    names_row(r, _("Reason to rest"), p.safety, safety, SAFETY_COUNT);
    if (p.felt_safe >= 0)
        row(r, _("Felt safe"), p.felt_safe ? _("Yes") : _("Not really"));
    html_printf(r, "</dl>");
    if (p.note && *p.note)
        html_printf(r, "<h2>%s</h2><p class=\"note-text\">%s</p>", _("Your note"), p.note);
    html_printf(r, "</section><div class=\"actions\"><a class=\"button\" "
                   "href=\"/sessions/%s/edit\">%s</a><a class=\"button secondary\" "
                   "href=\"/sessions/%s/delete\">%s</a></div>",
                p.id, _("Edit"), p.id, _("Delete"));
    page_end(r);
    ui_kit_free(&kit);
    practice_clear(&p);
}

void view_session_delete(struct req *r)
{
    struct practice p;
    if (!load(r, &p))
        return;
    const struct tz_zone *tz = req_zone(r);
    char when[64], what[256], mins[48];
    i18n_format_datetime(when, sizeof when, p.started_at, tz_offset_min(tz, p.started_at));
    ui_minutes(mins, sizeof mins, p.duration_s);
    page_begin(r, _("Delete session"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1>", _("Delete this session?"));
    if (p.outcome == OUTCOME_NOT_TODAY) {
        snprintf(what, sizeof what, _("The check-in of %s will be removed from your history."),
                 when);
    } else {
        char mm[32] = "";
        if (p.diameter_mm > 0)
            ui_mm(mm, sizeof mm, p.diameter_mm);
        snprintf(what, sizeof what, _("The session of %s (%s%s%s) will be removed from your "
                                      "history and your charts."),
                 when, mm, mm[0] ? ", " : "", mins);
    }
    html_printf(r, "<p>%s</p><p>%s</p><ul class=\"lost\">", what, _("With it go:"));
    if (p.before.set || p.after.set)
        html_printf(r, "<li>%s</li>", _("your fear, tension and pain answers"));
    if (p.nspasms > 0) {
        char s[96];
        snprintf(s, sizeof s, ngettext_("the record of %d spasm", "the records of %d spasms",
                                        (long)p.nspasms),
                 (int)p.nspasms);
        html_printf(r, "<li>%s</li>", s);
    }
    if (p.note && *p.note)
        html_printf(r, "<li>%s</li>", _("your note"));
    html_printf(r, "<li>%s</li></ul><p><strong>%s</strong></p>",
                _("what you chose for it: dilator, time, lubricant, temperature"),
                _("This cannot be undone."));
    html_printf(r, "<div class=\"actions\"><a class=\"button\" href=\"/sessions/%s\">%s</a>"
                   "<form method=\"post\" action=\"/sessions/%s/delete\">",
                p.id, _("Keep it"), p.id);
    html_csrf(r);
    html_printf(r, "<button type=\"submit\" class=\"button secondary danger\">%s</button></form>"
                   "</div></section>",
                _("Delete session"));
    page_end(r);
    practice_clear(&p);
}

void view_session_delete_post(struct req *r)
{
    struct pace_error err = {0};
    if (app_session_delete(&r->app->ctx, &r->who, r->user.id, r->params[0], &err) != 0) {
        view_not_found(r);
        return;
    }
    resp_redirect(r, "/sessions?done=deleted");
}
