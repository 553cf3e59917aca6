/*
 * ui-reminders.c - the /reminders page: the days and time she practises
 * and the title her calendar shows, and the private calendar link her
 * phone subscribes to (shown once when made; replaceable and revocable).
 * No push service is involved: her own calendar app does the reminding.
 */
#include "web/views/ui-reminders.h"

#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rem_state {
    const struct reminder *echo; /* what she sent, after a failed save */
    const char *error;
    const char *field; /* days, time or title */
    const char *notice;
    const char *new_token; /* the feed token, shown once after it was made */
};

bool ui_reminder_next(struct req *r, char *out, size_t n)
{
    struct reminder rem;
    struct reminder_feed feed;
    out[0] = '\0';
    if (!authz_allows(r, AUTHZ_READ, AUTHZ_REMINDER, r->user.id) ||
        store_reminder_get(r->app->store, r->user.id, &rem, &feed, NULL) != 0 || !feed.live)
        return false;
    int tz = ui_tz(r);
    int64_t next = reminder_next(&rem, r->now, tz);
    if (next == 0)
        return false;
    char clock[32];
    ui_clock(clock, sizeof clock, next, tz);
    int64_t today = (r->now + (int64_t)tz * 60) / 86400, day = (next + (int64_t)tz * 60) / 86400;
    if (day == today)
        snprintf(out, n, _("Today at %s"), clock);
    else if (day == today + 1)
        snprintf(out, n, _("Tomorrow at %s"), clock);
    else
        snprintf(out, n, _("%s at %s"), _(reminder_day_label(reminder_weekday(next, tz))), clock);
    return true;
}

/* "https://host/cal/<token>.ics" (scheme "webcal" for the subscribe link). */
static void feed_url(struct req *r, const char *scheme, const char *token, char *out, size_t n)
{
    const char *host = req_header(r, "Host");
    snprintf(out, n, "%s://%s/cal/%s.ics", scheme, host ? host : "localhost", token);
}

static void link_card(struct req *r, const struct rem_state *st, const struct reminder_feed *feed)
{
    html_printf(r, "<section class=\"card\" aria-labelledby=\"cal-h\"><h2 id=\"cal-h\">%s</h2>",
                _("Your calendar link"));
    if (st->new_token) {
        char url[256], webcal[256];
        feed_url(r, r->https ? "https" : "http", st->new_token, url, sizeof url);
        feed_url(r, "webcal", st->new_token, webcal, sizeof webcal);
        html_printf(r,
                    "<div class=\"notice\" role=\"status\"><p>%s</p>"
                    "<p><code class=\"token\" data-copy=\"%s\" data-copied=\"%s\">%s</code></p>"
                    "<p><a class=\"button\" href=\"%s\">%s</a></p></div>",
                    _("Here is your private link. Add it to your phone's calendar as a "
                      "subscription. For your privacy it is shown only this once."),
                    _("Copy"), _("Copied"), url, webcal, _("Add to my calendar"));
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("On an iPhone, \"Add to my calendar\" opens the Calendar app. Elsewhere, "
                      "copy the link and add it as a calendar \"from URL\" (in Google Calendar: "
                      "Other calendars, then From URL)."));
    } else if (feed->live) {
        char date[64], s[256];
        i18n_format_date(date, sizeof date, feed->created_at, ui_tz(r));
        snprintf(s, sizeof s,
                 _("Your calendar has a private link, made on %s. It was shown only once; if "
                   "you have lost it, you can make a new one."),
                 date);
        html_printf(r, "<p>%s</p>", s);
    } else {
        html_printf(r, "<p>%s</p>",
                    _("The calendar link is turned off, so your calendar gets no reminders "
                      "from Pace. You can make a new link whenever you like."));
    }
    if (st->new_token) { /* one thing at a time: the new link alone */
        html_printf(r, "</section>");
        return;
    }
    html_printf(r, "<div class=\"actions\"><form method=\"post\" action=\"/reminders/link\">");
    html_csrf(r);
    html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form>",
                feed->live ? _("Make a new link") : _("Make a link"));
    if (feed->live) {
        html_printf(r, "<form method=\"post\" action=\"/reminders/link/revoke\">");
        html_csrf(r);
        html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form>",
                    _("Turn the link off"));
    }
    html_printf(r, "</div>");
    if (feed->live)
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("A new link replaces the old one: a calendar still using the old link "
                      "stops getting reminders."));
    html_printf(r, "</section>");
}

static void days_field(struct req *r, unsigned days, const char *err)
{
    bool bad = err && *err;
    html_printf(r, "<fieldset class=\"choices checks days%R\" id=\"f-days\"%R><legend>%s</legend>"
                   "<div class=\"chips\">",
                bad ? " bad" : "", bad ? " aria-describedby=\"e-days\"" : "",
                _("Days you practise"));
    for (int d = 0; d < 7; d++)
        html_printf(r,
                    "<span class=\"opt\"><input type=\"checkbox\" id=\"f-day-%s\" name=\"day\" "
                    "value=\"%s\"%R><label for=\"f-day-%s\">%s</label></span>",
                    reminder_day_name(d), reminder_day_name(d),
                    days & (1u << d) ? " checked" : "", reminder_day_name(d),
                    _(reminder_day_label(d)));
    html_printf(r, "</div>");
    ui_field_error(r, "days", err);
    html_printf(r, "</fieldset>");
}

static void schedule_form(struct req *r, const struct rem_state *st, const struct reminder *cur,
                          bool exists)
{
    const struct reminder *v = st->echo ? st->echo : cur;
    const char *f = st->field ? st->field : "";
    html_printf(r, "<section class=\"card\" aria-labelledby=\"when-h\"><h2 id=\"when-h\">%s</h2>",
                exists ? _("When and what") : _("Set up reminders"));
    html_printf(r, "<form method=\"post\" action=\"/reminders\" novalidate>");
    html_csrf(r);
    days_field(r, v->days, strcmp(f, "days") == 0 ? st->error : NULL);
    char time[8];
    reminder_time_format(v->minute, time, sizeof time);
    bool tbad = strcmp(f, "time") == 0;
    html_printf(r,
                "<div class=\"field rem-time%R\"><label for=\"f-time\">%s</label>"
                "<input id=\"f-time\" name=\"time\" type=\"time\" value=\"%s\" required%R>",
                tbad ? " bad" : "", _("Time"), time,
                tbad ? " aria-invalid=\"true\" aria-describedby=\"e-time\"" : "");
    ui_field_error(r, "time", tbad ? st->error : NULL);
    html_printf(r, "</div>");
    html_input(r, "title", "text", _("Title in your calendar"), v->title, "off",
               _("This is all your calendar and lock screen will show. Choose words that feel "
                 "private to you."),
               strcmp(f, "title") == 0 ? st->error : NULL, true);
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form>",
                exists ? _("Save changes") : _("Save and make my calendar link"));
    if (exists)
        html_printf(r, "<p class=\"hint rem-after\">%s</p>",
                    _("Changes reach your calendar the next time it refreshes, usually within "
                      "a few hours."));
    html_printf(r, "</section>");
}

static void render(struct req *r, const struct rem_state *st)
{
    struct reminder cur;
    struct reminder_feed feed = {0};
    bool exists = store_reminder_get(r->app->store, r->user.id, &cur, &feed, NULL) == 0;
    if (!exists) {
        memset(&cur, 0, sizeof cur);
        cur.days = 0x15; /* Monday, Wednesday, Friday: a gentle start */
        cur.minute = 19 * 60 + 30;
        snprintf(cur.title, sizeof cur.title, "%s", _(reminder_default_title));
    }
    page_begin(r, _("Reminders"));
    html_printf(r, "<h1>%s</h1>", _("Reminders"));
    html_notice(r, st->notice);
    if (st->error)
        html_alert_field(r, st->error, st->field ? st->field : "days");
    html_printf(r, "<p class=\"lead\">%s</p>",
                _("Pace can put your practice days in your phone's own calendar, through a "
                  "private link. No notification service is involved, and the calendar shows "
                  "only the title you choose."));
    char next[96];
    if (exists && ui_reminder_next(r, next, sizeof next) && !st->new_token)
        html_printf(r, "<p class=\"rem-next\"><span class=\"meta\">%s</span> <strong>%s</strong></p>",
                    _("Next reminder:"), next);
    if (exists)
        link_card(r, st, &feed);
    schedule_form(r, st, &cur, exists);
    page_end(r);
}

void view_reminders(struct req *r)
{
    struct rem_state st = {0};
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        st.notice = _("Your reminders are saved.");
    else if (done && strcmp(done, "off") == 0)
        st.notice = _("The link is turned off. Your calendar will stop showing these reminders "
                      "the next time it refreshes.");
    render(r, &st);
}

/* A new random feed token into tok and its hash into hash. */
static void new_token(char tok[CRYPTO_TOKEN_CHARS + 1], unsigned char hash[CRYPTO_HASH_BYTES])
{
    crypto_random_token(tok);
    crypto_hash_token(tok, hash);
}

void view_reminders_post(struct req *r)
{
    struct reminder rem;
    memset(&rem, 0, sizeof rem);
    struct pace_error err = {0};
    int rc = 0;
    for (size_t i = 0; i < form_count(&r->form, "day") && rc == 0; i++) {
        const char *d = form_get_nth(&r->form, "day", i);
        int k = 0;
        while (k < 7 && strcmp(reminder_day_name(k), d) != 0)
            k++;
        if (k == 7)
            rc = pace_fail(&err, PACE_EINVAL, "days", "%s", _("Please choose at least one day."));
        else
            rem.days |= 1u << k;
    }
    const char *title = form_get(&r->form, "title");
    if (title && strlen(title) >= sizeof rem.title)
        rc = pace_fail(&err, PACE_EINVAL, "title", "%s",
                       _("Please give the reminder a title of 1 to 60 characters."));
    else
        snprintf(rem.title, sizeof rem.title, "%s", title ? title : "");
    rem.minute = 19 * 60 + 30;
    if (rc == 0 && reminder_time_parse(form_get(&r->form, "time"), &rem.minute) != 0)
        rc = pace_fail(&err, PACE_EINVAL, "time", "%s",
                       _("Please give a time of day, such as 19:30."));
    if (rc == 0)
        rc = reminder_check(&rem, &err);
    if (rc == 0 && !authz_allows(r, AUTHZ_WRITE, AUTHZ_REMINDER, r->user.id))
        rc = pace_fail(&err, PACE_EDENIED, NULL, "%s", _("You may not change this."));
    /* The first save makes her link too; later saves keep it. */
    struct reminder old;
    bool first = rc == 0 && store_reminder_get(r->app->store, r->user.id, &old, NULL, NULL) != 0;
    char tok[CRYPTO_TOKEN_CHARS + 1] = "";
    unsigned char hash[CRYPTO_HASH_BYTES] = {0};
    if (first)
        new_token(tok, hash);
    if (rc == 0)
        rc = store_reminder_put(r->app->store, r->user.id, &rem, first ? hash : NULL, r->now,
                                &err);
    if (rc != 0) {
        r->status = rc == PACE_EINVAL ? 422 : status_for(rc);
        struct rem_state st = {.echo = &rem, .error = err.msg, .field = err.field};
        render(r, &st);
    } else if (first) {
        struct rem_state st = {.notice = _("Your reminders are saved."), .new_token = tok};
        render(r, &st);
    } else {
        resp_redirect(r, "/reminders?done=saved");
    }
    crypto_wipe(tok, sizeof tok);
}

void view_reminders_link_post(struct req *r)
{
    char tok[CRYPTO_TOKEN_CHARS + 1];
    unsigned char hash[CRYPTO_HASH_BYTES];
    new_token(tok, hash);
    struct pace_error err = {0};
    if (!authz_allows(r, AUTHZ_WRITE, AUTHZ_REMINDER, r->user.id) ||
        store_reminder_feed_set(r->app->store, r->user.id, hash, r->now, &err) != 0) {
        crypto_wipe(tok, sizeof tok);
        resp_redirect(r, "/reminders");
        return;
    }
    struct rem_state st = {.new_token = tok};
    render(r, &st);
    crypto_wipe(tok, sizeof tok);
}

void view_reminders_revoke_post(struct req *r)
{
    if (authz_allows(r, AUTHZ_WRITE, AUTHZ_REMINDER, r->user.id))
        store_reminder_feed_revoke(r->app->store, r->user.id);
    resp_redirect(r, "/reminders?done=off");
}

/* GET /cal/<token>.ics: the feed itself. The address is the capability:
 * no cookie is needed, and an unknown or revoked token is simply not
 * found. Nothing about the request is logged. */
void cal_feed(struct req *r)
{
    const char *p = r->params[0];
    size_t len = strlen(p);
    char tok[CRYPTO_TOKEN_CHARS + 1];
    struct reminder rem;
    if (len != CRYPTO_TOKEN_CHARS + 4 || strcmp(p + CRYPTO_TOKEN_CHARS, ".ics") != 0) {
        view_not_found(r);
        return;
    }
    memcpy(tok, p, CRYPTO_TOKEN_CHARS);
    tok[CRYPTO_TOKEN_CHARS] = '\0';
    unsigned char hash[CRYPTO_HASH_BYTES];
    crypto_hash_token(tok, hash);
    crypto_wipe(tok, sizeof tok);
    if (store_reminder_by_feed(r->app->store, hash, &rem, NULL) != 0) {
        view_not_found(r);
        return;
    }
    r->content_type = "text/calendar; charset=utf-8";
    resp_header(r, "Content-Disposition", "inline; filename=\"calendar.ics\"");
    reminder_ical(&rem, r->now, &r->out);
    crypto_wipe(rem.title, sizeof rem.title);
}
