/*
 * ui-cues.c - the cues of her timers (see ui-cues.h): chosen once in
 * Settings, stored with her account (app_cues_*), told to practice.js on
 * the practice pages. A sound and a vibration are on unless she is in
 * discreet mode or turned them off; spoken guidance is only ever on when
 * she turned it on.
 */
#include "web/views/ui-cues.h"

#include "web/auth.h"
#include "web/routes.h"

#include <stdio.h>
#include <string.h>

static void cue_switch(struct req *r, const char *name, const char *label, const char *hint,
                       bool on)
{
    html_printf(r,
                "<div class=\"field switch-field\"><label class=\"switch\" for=\"f-%s\">"
                "<input type=\"checkbox\" role=\"switch\" id=\"f-%s\" name=\"%s\" value=\"1\" "
                "aria-describedby=\"h-%s\"%R><span>%s</span></label>"
                "<p class=\"hint\" id=\"h-%s\">%s</p></div>",
                name, name, name, name, on ? " checked" : "", label, name, hint);
}

void ui_cues_section(struct req *r)
{
    struct cue_prefs p;
    struct pace_error err = {0};
    if (app_cues_get(&r->app->ctx, &r->who, r->user.id, &p, &err) != 0) {
        fprintf(stderr, "pace: /settings cues: %s\n", err.msg);
        return;
    }
    html_printf(r,
                "<section class=\"card cues\" id=\"cues\" aria-labelledby=\"cues-h\">"
                "<h2 id=\"cues-h\">%s</h2><p>%s</p>",
                _("Sounds, vibration and voice"),
                _("When a timer ends (the practice, the breathing, warming or cooling), Pace can "
                  "let you know, so you can keep your eyes closed."));
    html_printf(r, "<form method=\"post\" action=\"/settings/cues\">");
    html_csrf(r);
    cue_switch(r, "discreet", _("Discreet mode"),
               _("Quiet by default: no sound and no vibration unless you turn them on below. "
                 "Turning it on switches both off."),
               p.discreet);
    cue_switch(r, "sound", _("A soft sound"),
               _("A short, gentle tone made on your device. Nothing is downloaded."),
               app_cue_on(&p, p.sound));
    cue_switch(r, "vibrate", _("A gentle vibration"), _("On phones that can vibrate."),
               app_cue_on(&p, p.vibrate));
    cue_switch(r, "voice", _("Spoken guidance for breathing and relaxing"),
               _("Your browser reads the guidance aloud, in your language. It stays off until "
                 "you turn it on."),
               p.voice);
    html_printf(r,
                "<button type=\"submit\" class=\"button secondary\">%s</button></form>"
                "</section>",
                _("Save these choices"));
}

void view_settings_cues_post(struct req *r)
{
    struct cue_prefs old, p;
    struct pace_error err = {0};
    int rc = app_cues_get(&r->app->ctx, &r->who, r->user.id, &old, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    p.discreet = form_get(&r->form, "discreet") != NULL;
    p.voice = form_get(&r->form, "voice") != NULL;
    if (p.discreet && !old.discreet) {
        /* Turning discreet mode on quiets the timers at once. */
        p.sound = -1;
        p.vibrate = -1;
    } else {
        p.sound = form_get(&r->form, "sound") != NULL;
        p.vibrate = form_get(&r->form, "vibrate") != NULL;
    }
    rc = app_cues_set(&r->app->ctx, &r->who, r->user.id, &p, r->now, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/settings?done=cues#cues");
}

void ui_cues_data(struct req *r)
{
    struct cue_prefs p;
    if (app_cues_get(&r->app->ctx, &r->who, r->user.id, &p, NULL) != 0)
        return;
    bool sound = app_cue_on(&p, p.sound), vibrate = app_cue_on(&p, p.vibrate);
    if (!sound && !vibrate && !p.voice)
        return;
    html_printf(r,
                "<div id=\"pace-cues\" data-sound=\"%d\" data-vibrate=\"%d\" data-voice=\"%d\" "
                "data-lang=\"%s\" data-t-quiet=\"%s\" data-t-speak=\"%s\" hidden></div>",
                sound, vibrate, p.voice ? 1 : 0, i18n_code(i18n_lang()),
                _("Quiet the voice for now"), _("Speak the guidance again"));
}
