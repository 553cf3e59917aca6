/*
 * ui-reminders.c - the /reminders page: the days, time and time zone she
 * practises in and the title her calendar shows, the private calendar
 * link her phone subscribes to (shown once when made; replaceable and
 * revocable), and a file to import once where a calendar app cannot reach
 * this server. No push service is involved: her own calendar app does the
 * reminding. The calendar text itself is served by cal-feed.c.
 */
#include "web/views/ui-reminders.h"

#include "app/tzdb.h"
#include "web/assets.h"
#include "web/auth.h"
#include "web/html.h"
#include "web/routes.h"
#include "web/views/ui-practice.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rem_state {
    const struct reminder *echo; /* what she sent, after a failed save */
    const char *error;
    const char *field; /* days, time, tz or title */
    const char *notice;
    const char *new_token; /* the feed token, shown once after it was made */
};

bool ui_reminder_next(struct req *r, char *out, size_t n)
{
    struct reminder rem;
    struct reminder_feed feed;
    out[0] = '\0';
    if (app_reminder_get(&r->app->ctx, &r->who, r->user.id, &rem, &feed, NULL) != 0 || !feed.live)
        return false;
    /* Her zone says when it comes; it is shown in the browser's time when
     * app.js has told it (she may be travelling), else in her zone's. */
    struct tz_zone zone;
    bool zoned = rem.tz[0] && tzdb_load(rem.tz, &zone, NULL, NULL) == 0;
    char v[TZ_NAME_MAX];
    const char *cookies = req_header(r, "Cookie");
    bool browser = cookie_get(cookies, "pace-zone", v, sizeof v) ||
                   cookie_get(cookies, "pace-tz", v, sizeof v);
    const struct tz_zone *tz = zoned && !browser ? &zone : req_zone(r);
    int64_t next = reminder_next(&rem, r->now, zoned ? &zone : req_zone(r), 0);
    if (next != 0) {
        char clock[32];
        ui_clock(clock, sizeof clock, next, tz);
        int64_t today = tz_local_day(tz, r->now), day = tz_local_day(tz, next);
        if (day == today)
            snprintf(out, n, _("Today at %s"), clock);
        else if (day == today + 1)
            snprintf(out, n, _("Tomorrow at %s"), clock);
        else
            snprintf(out, n, _("%s at %s"),
                     _(reminder_day_label(reminder_weekday(next, tz_offset_min(tz, next)))), clock);
    }
    if (zoned)
        tz_zone_free(&zone);
    return next != 0;
}

/* "https://host/cal/<token>.ics" (scheme "webcal" for the subscribe link). */
static void feed_url(struct req *r, const char *scheme, const char *token, char *out, size_t n)
{
    const char *host = req_header(r, "Host");
    snprintf(out, n, "%s://%s/cal/%s.ics", scheme, host ? host : "localhost", token);
}

/* True when host (a Host header, with or without a port) names this
 * computer or a home network, which calendar services on the internet
 * cannot reach: localhost, private and link-local addresses, names
 * without a dot and the names routers hand out (.local, .lan, .home.arpa). */
static bool host_is_local(const char *host)
{
    char h[256];
    if (host == NULL || strlen(host) >= sizeof h)
        return false;
    if (host[0] == '[') { /* [IPv6]:port */
        const char *end = strchr(host, ']');
        if (end == NULL)
            return false;
        snprintf(h, sizeof h, "%.*s", (int)(end - host - 1), host + 1);
        for (char *p = h; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        return strcmp(h, "::1") == 0 || str_starts(h, "fe8") || str_starts(h, "fe9") ||
               str_starts(h, "fea") || str_starts(h, "feb") || str_starts(h, "fc") ||
               str_starts(h, "fd");
    }
    snprintf(h, sizeof h, "%s", host);
    char *colon = strchr(h, ':');
    if (colon)
        *colon = '\0';
    size_t n = strlen(h);
    while (n > 0 && h[n - 1] == '.')
        h[--n] = '\0';
    for (char *p = h; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    unsigned a, b, c, d;
    char extra;
    if (sscanf(h, "%3u.%3u.%3u.%3u%c", &a, &b, &c, &d, &extra) == 4)
        return a == 127 || a == 10 || a == 0 || (a == 172 && b >= 16 && b <= 31) ||
               (a == 192 && b == 168) || (a == 169 && b == 254) ||
               (a == 100 && b >= 64 && b <= 127);
    static const char *const suffixes[] = {".localhost", ".local",    ".lan",      ".home",
                                           ".home.arpa", ".internal", ".fritz.box"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t k = strlen(suffixes[i]);
        if (n > k && strcmp(h + n - k, suffixes[i]) == 0)
            return true;
    }
    return n > 0 && strchr(h, '.') == NULL;
}

static void link_card(struct req *r, const struct rem_state *st, const struct reminder_feed *feed)
{
    html_printf(r, "<section class=\"card\" aria-labelledby=\"cal-h\"><h2 id=\"cal-h\">%s</h2>",
                _("Your calendar link"));
    const char *host = req_header(r, "Host");
    if (host_is_local(host)) {
        char s[512];
        snprintf(s, sizeof s,
                 _("Pace is reached here at %s, an address that works only on this computer or "
                   "in your home network. Calendar apps fetch a link from the internet (Google "
                   "Calendar from Google's own servers), so they probably cannot reach it. The "
                   "file below works without a link."),
                 host);
        html_printf(r, "<div class=\"notice rem-reach\"><p>%s</p></div>", s);
    }
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
        i18n_format_date(date, sizeof date, feed->created_at, req_tz_at(r, feed->created_at));
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

static void file_card(struct req *r)
{
    html_printf(
        r,
        "<section class=\"card\" aria-labelledby=\"file-h\"><h2 id=\"file-h\">%s</h2>"
        "<p>%s</p><p>%s</p><p><a class=\"button secondary\" href=\"/reminders/calendar.ics\" "
        "download>%s</a></p></section>",
        _("A file instead of a link"),
        _("A calendar app can only follow the link if it can reach this server over the "
          "internet. When Pace runs at home behind your router, download your reminders "
          "as a file and open it on your phone: your calendar adds them once, repeating "
          "on your days."),
        _("The file does not change by itself. After you change your days or time, "
          "download it again and remove the old reminders from your calendar."),
        _("Download calendar file"));
}

/* "Argentina / Buenos Aires" for "America/Argentina/Buenos_Aires". */
static void zone_label(const char *name, bool skip_region, char *out, size_t n)
{
    const char *p = name;
    if (skip_region && strchr(p, '/'))
        p = strchr(p, '/') + 1;
    size_t k = 0;
    for (; *p && k + 4 < n; p++) {
        if (*p == '/') {
            memcpy(out + k, " / ", 3);
            k += 3;
        } else {
            out[k++] = *p == '_' ? ' ' : *p;
        }
    }
    out[k] = '\0';
}

/* The tz database's regions, for the groups of the list. */
static const char *region_label(const char *region)
{
    static const struct {
        const char *key, *label;
    } regions[] = {
        {"Africa", N_("Africa")},
        {"America", N_("America")},
        {"Antarctica", N_("Antarctica")},
        {"Arctic", N_("Arctic")},
        {"Asia", N_("Asia")},
        {"Atlantic", N_("Atlantic Ocean")},
        {"Australia", N_("Australia")},
        {"Europe", N_("Europe")},
        {"Indian", N_("Indian Ocean")},
        {"Pacific", N_("Pacific Ocean")},
    };
    for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++)
        if (strcmp(regions[i].key, region) == 0)
            return _(regions[i].label);
    return region;
}

/* Her time zone as a plain list grouped by region; reminders.js picks the
 * browser's zone when she has none yet. */
static void tz_field(struct req *r, const char *current, const char *err)
{
    bool bad = err && *err;
    size_t n;
    char **names = tzdb_names(&n);
    char label[TZ_NAME_MAX + 32];
    html_printf(r, "<div class=\"field rem-tz%R\"><label for=\"f-tz\">%s</label>",
                bad ? " bad" : "", _("Time zone"));
    html_printf(r, "<p class=\"hint\" id=\"h-tz\">%s</p>",
                _("Your reminders come at your time in this zone, also after the clocks "
                  "change."));
    html_printf(r, "<select id=\"f-tz\" name=\"tz\" required aria-describedby=\"%Rh-tz\"%R>",
                bad ? "e-tz " : "", bad ? " aria-invalid=\"true\"" : "");
    if (!current[0])
        html_printf(r, "<option value=\"\" selected>%s</option>", _("Choose your time zone"));
    bool listed = false;
    for (size_t i = 0; i < n && !listed; i++)
        listed = strcmp(names[i], current) == 0;
    if (current[0] && !listed) { /* another name for a zone, as some browsers give */
        zone_label(current, false, label, sizeof label);
        html_printf(r, "<option value=\"%s\" selected>%s</option>", current, label);
    }
    /* Zones outside the regions (UTC) first, then the regions' groups. */
    for (size_t i = 0; i < n; i++)
        if (strchr(names[i], '/') == NULL)
            html_printf(r, "<option value=\"%s\"%R>%s</option>", names[i],
                        strcmp(names[i], current) == 0 ? " selected" : "", names[i]);
    char group[TZ_NAME_MAX] = "";
    for (size_t i = 0; i < n; i++) {
        const char *slash = strchr(names[i], '/');
        if (slash == NULL)
            continue;
        size_t glen = (size_t)(slash - names[i]);
        if (glen != strlen(group) || strncmp(group, names[i], glen) != 0) {
            if (group[0])
                html_printf(r, "</optgroup>");
            snprintf(group, sizeof group, "%.*s", (int)glen, names[i]);
            html_printf(r, "<optgroup label=\"%s\">", region_label(group));
        }
        zone_label(names[i], true, label, sizeof label);
        html_printf(r, "<option value=\"%s\"%R>%s</option>", names[i],
                    strcmp(names[i], current) == 0 ? " selected" : "", label);
    }
    if (group[0])
        html_printf(r, "</optgroup>");
    html_printf(r, "</select>");
    ui_field_error(r, "tz", bad ? err : NULL);
    html_printf(r, "</div>");
    tzdb_names_free(names, n);
}

static void days_field(struct req *r, unsigned days, const char *err)
{
    bool bad = err && *err;
    html_printf(r,
                "<fieldset class=\"choices checks days%R\" id=\"f-days\"%R><legend>%s</legend>"
                "<div class=\"chips\">",
                bad ? " bad" : "", bad ? " aria-describedby=\"e-days\"" : "",
                _("Days you practise"));
    for (int d = 0; d < 7; d++)
        html_printf(r,
                    "<span class=\"opt\"><input type=\"checkbox\" id=\"f-day-%s\" name=\"day\" "
                    "value=\"%s\"%R><label for=\"f-day-%s\">%s</label></span>",
                    reminder_day_name(d), reminder_day_name(d), days & (1u << d) ? " checked" : "",
                    reminder_day_name(d), _(reminder_day_label(d)));
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
    tz_field(r, v->tz, strcmp(f, "tz") == 0 ? st->error : NULL);
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
    bool exists = app_reminder_get(&r->app->ctx, &r->who, r->user.id, &cur, &feed, NULL) == 0;
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
        html_printf(r,
                    "<p class=\"rem-next\"><span class=\"meta\">%s</span> <strong>%s</strong></p>",
                    _("Next reminder:"), next);
    if (exists && !cur.tz[0] && !st->error)
        html_printf(r, "<div class=\"notice\" role=\"status\"><p>%s</p></div>",
                    _("Please choose your time zone below and save. Then every calendar app "
                      "shows your reminders at your time, also after the clocks change."));
    if (exists)
        link_card(r, st, &feed);
    if (exists)
        file_card(r);
    schedule_form(r, st, &cur, exists);
    const struct asset *js = asset_find("reminders.js");
    html_printf(r, "<script src=\"/static/reminders.js?v=%s\" defer></script>",
                js ? js->etag_plain : "");
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
    /* A form without the field (drawn before zones were asked for) keeps
     * the zone she has. */
    const char *tz = form_get(&r->form, "tz");
    struct pace_error tz_err = {0};
    int tz_rc = 0;
    if (tz && !*tz)
        tz_rc = pace_fail(&tz_err, PACE_EINVAL, "tz", "%s", _("Please choose your time zone."));
    else if (tz && (tz_rc = tzdb_check(tz, &tz_err)) == 0)
        snprintf(rem.tz, sizeof rem.tz, "%s", tz); /* kept for the form, also after an error */
    if (rc == 0 && tz_rc != 0) {
        rc = tz_rc;
        err = tz_err;
    }
    /* The first save makes her link too; later saves keep it. */
    struct reminder old;
    bool first =
        rc == 0 && app_reminder_get(&r->app->ctx, &r->who, r->user.id, &old, NULL, NULL) != 0;
    if (rc == 0 && !first && tz == NULL)
        snprintf(rem.tz, sizeof rem.tz, "%s", old.tz);
    char tok[CRYPTO_TOKEN_CHARS + 1] = "";
    unsigned char hash[CRYPTO_HASH_BYTES] = {0};
    if (first)
        new_token(tok, hash);
    if (rc == 0)
        rc = app_reminder_save(&r->app->ctx, &r->who, r->user.id, &rem, first ? hash : NULL,
                               r->now, &err);
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
    if (app_reminder_feed_new(&r->app->ctx, &r->who, r->user.id, hash, r->now, &err) != 0) {
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
    struct pace_error err = {0};
    int rc = app_reminder_feed_off(&r->app->ctx, &r->who, r->user.id, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/reminders?done=off");
}
