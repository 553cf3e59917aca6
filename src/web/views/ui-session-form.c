/*
 * ui-session-form.c - logging a session after the fact (/sessions/new, one
 * screen, under 20 seconds: everything has a sensible default) and editing
 * a saved one (/sessions/{id}/edit). Nothing is saved unless every field
 * passes practice_validate; errors are shown next to their field.
 */
#include "web/auth.h"
#include "web/once.h"
#include "web/routes.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct form_state {
    const struct practice *p; /* what to show when no form came back */
    const struct ui_errs *errs;
    bool echo; /* show what she sent (it had errors) */
    bool edit;
};

/* The zone the form's time is in: the one its hidden field names (the
 * zone it was drawn in, or the browser's, which practice.js puts there),
 * else hers. own holds a zone read from the field (tz_zone_free). */
static const struct tz_zone *form_zone(struct req *r, struct tz_zone *own)
{
    return web_zone_parse(form_get(&r->form, "tz"), own) ? own : req_zone(r);
}

static int echo_score(struct req *r, const struct form_state *st, const char *name, bool set,
                      int v)
{
    if (st->echo)
        return ui_score_parse(form_get(&r->form, name));
    return set ? v : -1;
}

static void radio_group(struct req *r, const char *name, const char *legend,
                        const char *const *values, const char *const *labels, size_t n,
                        const char *checked)
{
    html_printf(r, "<fieldset class=\"choices %s\" id=\"f-%s\"><legend>%s</legend>"
                   "<div class=\"chips\">",
                n == 3 && strcmp(name, "temperature") == 0 ? "temps" : "pair", name, legend);
    for (size_t i = 0; i < n; i++)
        html_printf(r,
                    "<span class=\"opt\"><input type=\"radio\" id=\"f-%s-%s\" name=\"%s\" "
                    "value=\"%s\"%R><label for=\"f-%s-%s\"><strong>%s</strong></label></span>",
                    name, values[i], name, values[i],
                    checked && strcmp(checked, values[i]) == 0 ? " checked" : "", name,
                    values[i], labels[i]);
    html_printf(r, "</div></fieldset>");
}

static void render(struct req *r, const struct form_state *st, const struct ui_kit *kit)
{
    const struct practice *p = st->p;
    const struct ui_errs *e = st->errs;
    /* The time shown is in the zone the hidden field names: hers as sent
     * back after an error, else the server's best guess (practice.js then
     * converts both to the browser's own zone). */
    struct tz_zone own = {0};
    const struct tz_zone *tz = st->echo ? form_zone(r, &own) : req_zone(r);
    page_begin(r, st->edit ? _("Edit session") : _("Log a session"));
    html_printf(r, "<h1>%s</h1>", st->edit ? _("Edit this session") : _("Log a session"));
    if (!st->edit)
        html_printf(r, "<p class=\"lead\">%s</p>",
                    _("For a session you have already done. Everything has a default, so you "
                      "only change what differs."));
    if (e && e->n > 0) {
        if (e->e[0].field[0])
            html_alert_field(r, _("Nothing was saved yet. Please look at the marked answer."),
                             e->e[0].field);
        else
            html_alert(r, e->e[0].msg);
    }
    if (st->edit)
        html_printf(r, "<form method=\"post\" action=\"/sessions/%s/edit\" class=\"log-form\" "
                       "novalidate>",
                    p->id);
    else
        html_printf(r, "<form method=\"post\" action=\"/sessions/new\" class=\"log-form\" "
                       "novalidate>");
    html_csrf(r);
    if (!st->edit)
        html_once(r);
    html_printf(r, "<input type=\"hidden\" name=\"tz\" value=\"%s\" class=\"js-tz\">", tz->name);

    char when[32];
    ui_datetime_local(when, sizeof when, p->started_at, tz);
    /* The instant shown, for practice.js to show in the browser's zone. */
    const char *typed = st->echo ? form_get(&r->form, "when") : NULL;
    int64_t at_t = p->started_at;
    bool known = typed == NULL || ui_datetime_parse(typed, tz, &at_t) == 0;
    char at[32] = "";
    if (known)
        snprintf(at, sizeof at, " data-t=\"%lld\"", (long long)at_t);
    const char *werr = e ? ui_err_for(e, "when") : NULL;
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-when\">%s</label>"
                "<input id=\"f-when\" name=\"when\" type=\"datetime-local\" value=\"%s\"%R%R%R>",
                werr ? " bad" : "", _("When"),
                st->echo && form_get(&r->form, "when") ? form_get(&r->form, "when") : when, at,
                werr ? " aria-invalid=\"true\"" : "", werr ? " aria-describedby=\"e-when\"" : "");
    ui_field_error(r, "when", werr);
    html_printf(r, "</div>");

    /* A session may name a dilator she no longer has in her kit. */
    struct ui_kit shown = *kit;
    struct kit_entry *tmp = NULL;
    if (p->dilator_id[0] && ui_kit_find(kit, p->dilator_id) == NULL) {
        tmp = xcalloc(kit->n + 1, sizeof *tmp);
        if (kit->n)
            memcpy(tmp, kit->items, kit->n * sizeof *tmp);
        struct kit_entry *x = &tmp[kit->n];
        snprintf(x->id, sizeof x->id, "%.*s", (int)sizeof x->id - 1, p->dilator_id);
        x->label = _("no longer in your kit");
        x->diameter_mm = p->diameter_mm;
        x->material = MATERIAL_UNKNOWN;
        shown.items = tmp;
        shown.n = kit->n + 1;
    }
    const char *sel = st->echo ? form_get(&r->form, "dilator_id")
                      : p->dilator_id[0] ? p->dilator_id
                                         : UI_NO_DILATOR;
    if (shown.n == 0)
        html_printf(r, "<div class=\"note\"><p>%s <a href=\"/kit\">%s</a></p></div>",
                    _("Your kit is empty, so there is no dilator to choose yet."),
                    _("Set up your kit"));
    ui_dilator_choices(r, &shown, sel, p->diameter_mm, _("Dilator"),
                       e ? ui_err_for(e, "dilator_id") : NULL, true);
    free(tmp);

    /* One tap: did she move it gently (what counts towards the next size)? */
    bool moved = st->echo ? !(form_get(&r->form, "movement") &&
                              strcmp(form_get(&r->form, "movement"), "still") == 0)
                          : (p->exercises & EX_FLEXIBILIZATION) != 0;
    static const char *const mvals[] = {"moved", "still"};
    const char *mlabels[] = {_("I moved it gently"), _("I kept it still")};
    radio_group(r, "movement", _("With the dilator"), mvals, mlabels, 2,
                moved ? "moved" : "still");

    char mins[24];
    snprintf(mins, sizeof mins, "%d", (p->duration_s + 30) / 60);
    const char *merr = e ? ui_err_for(e, "minutes") : NULL;
    html_printf(r,
                "<div class=\"field minutes%R\"><label for=\"f-minutes\">%s</label>"
                "<input id=\"f-minutes\" name=\"minutes\" type=\"number\" inputmode=\"numeric\" "
                "min=\"0\" max=\"240\" value=\"%s\"%R%R>",
                merr ? " bad" : "", _("Minutes"),
                st->echo && form_get(&r->form, "minutes") ? form_get(&r->form, "minutes") : mins,
                merr ? " aria-invalid=\"true\"" : "", merr ? " aria-describedby=\"e-minutes\"" : "");
    ui_field_error(r, "minutes", merr);
    html_printf(r, "</div>");

    static const char *const ovals[] = {"completed", "stopped", "not_today"};
    const char *olabels[] = {_("I finished"), _("I stopped when I needed to"), _("Not today")};
    const char *ochecked = st->echo ? form_get(&r->form, "outcome") : outcome_name(p->outcome);
    radio_group(r, "outcome", _("How did it end?"), ovals, olabels,
                p->outcome == OUTCOME_NOT_TODAY ? 3 : 2, ochecked);

    if (st->edit) {
        static const char *const tvals[] = {"room", "warm", "cool"};
        const char *tlabels[] = {_("Room"), _("Warm"), _("Cool")};
        radio_group(r, "temperature", _("Temperature"), tvals, tlabels, 3,
                    st->echo ? form_get(&r->form, "temperature") : temperature_name(p->temperature));
        static const char *const lvals[] = {"water_based", "silicone_based", "oil_based", "none"};
        const char *llabels[] = {_("Water-based"), _("Silicone-based"), _("Oil-based"), _("None")};
        radio_group(r, "lubricant", _("Lubricant"), lvals, llabels, 4,
                    st->echo ? form_get(&r->form, "lubricant") : lubricant_name(p->lubricant));
        html_printf(r, "<h2>%s</h2>", _("Before"));
        ui_score_row(r, "before_fear", _("How afraid were you?"),
                     echo_score(r, st, "before_fear", p->before.set, p->before.fear),
                     _("not at all"), _("extremely"), e ? ui_err_for(e, "before_fear") : NULL);
        ui_score_row(r, "before_tension", _("How tense were you?"),
                     echo_score(r, st, "before_tension", p->before.set, p->before.tension),
                     _("not at all"), _("extremely"), e ? ui_err_for(e, "before_tension") : NULL);
        ui_score_row(r, "before_pain", _("How much pain was there?"),
                     echo_score(r, st, "before_pain", p->before.set, p->before.pain), _("none"),
                     _("worst imaginable"), e ? ui_err_for(e, "before_pain") : NULL);
        html_printf(r, "<h2>%s</h2>", _("After"));
    } else {
        html_printf(r, "<h2>%s</h2><p class=\"hint\">%s</p>", _("Afterwards"),
                    _("Optional: answer all three, or leave them."));
    }
    ui_score_row(r, "fear", _("How afraid were you afterwards?"),
                 echo_score(r, st, "fear", p->after.set, p->after.fear), _("not at all"),
                 _("extremely"), e ? ui_err_for(e, "fear") : NULL);
    ui_score_row(r, "tension", _("How tense were you afterwards?"),
                 echo_score(r, st, "tension", p->after.set, p->after.tension), _("not at all"),
                 _("extremely"), e ? ui_err_for(e, "tension") : NULL);
    ui_score_row(r, "pain", _("How much pain was there afterwards?"),
                 echo_score(r, st, "pain", p->after.set, p->after.pain), _("none"),
                 _("worst imaginable"), e ? ui_err_for(e, "pain") : NULL);

    /* Bleeding and severe pain are asked here too (closed unless she said so). */
    bool bled = st->echo ? form_get(&r->form, "bleeding") != NULL : (p->safety & SAFETY_BLEEDING);
    int maxp = echo_score(r, st, "max_pain", p->max_pain >= 0, p->max_pain);
    const char *perr = e ? ui_err_for(e, "max_pain") : NULL;
    html_printf(r, "<details class=\"worry\"%R><summary>%s</summary>",
                bled || maxp >= 0 || perr ? " open" : "", _("Bleeding or strong pain?"));
    html_printf(r,
                "<div class=\"safety\"><span class=\"opt check\"><input type=\"checkbox\" "
                "id=\"f-bleeding\" name=\"bleeding\" value=\"1\"%R><label for=\"f-bleeding\">"
                "<strong>%s</strong></label></span></div>",
                bled ? " checked" : "", _("Bleeding that is more than light spotting"));
    ui_score_row(r, "max_pain", _("The most pain during the session (optional)"), maxp, _("none"),
                 _("worst imaginable"), perr);
    html_printf(r, "</details>");

    const char *note = st->echo ? form_get(&r->form, "note") : p->note;
    const char *nerr = e ? ui_err_for(e, "note") : NULL;
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-note\">%s</label>"
                "<p class=\"hint\" id=\"h-note\">%s</p><textarea id=\"f-note\" name=\"note\" "
                "rows=\"2\" maxlength=\"4000\" aria-describedby=\"h-note%R\"%R>%s</textarea>",
                nerr ? " bad" : "", _("Note (optional)"),
                _("Only you can read it. It is stored encrypted."), nerr ? " e-note" : "",
                nerr ? " aria-invalid=\"true\"" : "", note ? note : "");
    ui_field_error(r, "note", nerr);
    html_printf(r, "</div><div class=\"flow-actions\"><button type=\"submit\" class=\"button\">"
                   "%s</button>",
                st->edit ? _("Save changes") : _("Save session"));
    if (st->edit)
        html_printf(r, "<a class=\"button secondary\" href=\"/sessions/%s\">%s</a>", p->id,
                    _("Cancel"));
    html_printf(r, "</div></form>");
    ui_practice_script(r);
    page_end(r);
    tz_zone_free(&own);
}

/* Reads three scores named prefix+fear...; all or none. */
static void read_scores(struct req *r, const char *prefix, struct scores *sc, struct ui_errs *e)
{
    static const char *const parts[] = {"fear", "tension", "pain"};
    int v[3], given = 0;
    char names[3][32];
    for (int i = 0; i < 3; i++) {
        snprintf(names[i], sizeof names[i], "%s%s", prefix, parts[i]);
        v[i] = ui_score_parse(form_get(&r->form, names[i]));
        given += v[i] >= 0;
    }
    *sc = (struct scores){0};
    if (given == 3)
        *sc = (struct scores){.set = true, .fear = v[0], .tension = v[1], .pain = v[2]};
    else if (given > 0)
        for (int i = 0; i < 3; i++)
            if (v[i] < 0)
                ui_err(e, names[i], _("Please answer all three questions of this group, or "
                                      "none of them."));
}

/* Maps a field named by practice_validate to the input that shows it. */
static const char *page_field(const char *f)
{
    if (strcmp(f, "started_at") == 0)
        return "when";
    if (strcmp(f, "duration_s") == 0 || strncmp(f, "spasms", 6) == 0)
        return "minutes";
    if (strcmp(f, "dilator_id") == 0 || strcmp(f, "note") == 0 || strcmp(f, "max_pain") == 0)
        return f;
    if (strcmp(f, "diameter_mm") == 0)
        return "dilator_id";
    if (strncmp(f, "before.", 7) == 0)
        return "before_fear";
    if (strncmp(f, "after.", 6) == 0)
        return "fear";
    return "";
}

/* Fills p from the form (keeping what the form does not show). */
static void read_form(struct req *r, const struct ui_kit *kit, struct practice *p, bool edit,
                      struct ui_errs *e)
{
    int64_t t;
    struct tz_zone own = {0};
    /* The form shows minutes: an unchanged minute keeps the exact time (so
     * two sessions logged "now" keep their order, and an edit does not
     * round a guided session's start). */
    if (ui_datetime_parse(form_get(&r->form, "when"), form_zone(r, &own), &t) == 0) {
        if (t / 60 != p->started_at / 60)
            p->started_at = t;
    } else
        ui_err(e, "when", _("Please enter a date and time, like 24/11/2026 21:05."));
    tz_zone_free(&own);
    int o = outcome_parse(form_get(&r->form, "outcome"));
    if (o < 0)
        ui_err(e, "outcome", _("Please choose how it ended."));
    else
        p->outcome = (enum outcome)o;
    /* Only bleeding can be noted for a practised session; a "not today"
     * keeps the reasons she gave at its check-in. */
    if (p->outcome != OUTCOME_NOT_TODAY)
        p->safety = form_get(&r->form, "bleeding") ? SAFETY_BLEEDING : 0;
    else if (form_get(&r->form, "bleeding"))
        p->safety |= SAFETY_BLEEDING;
    const char *maxp = form_get(&r->form, "max_pain");
    p->max_pain = ui_score_parse(maxp);
    if (maxp && *maxp && p->max_pain < 0)
        ui_err(e, "max_pain", _("Please tap a number from 0 to 10."));
    const char *id = form_get(&r->form, "dilator_id");
    const struct kit_entry *d = ui_kit_find(kit, id);
    if (id && strcmp(id, UI_NO_DILATOR) == 0) {
        /* breathing and relaxation alone */
        p->dilator_id[0] = '\0';
        p->diameter_mm = 0;
    } else if (d) {
        snprintf(p->dilator_id, sizeof p->dilator_id, "%s", d->id);
        double mm = d->diameter_mm;
        if (ui_dilator_size(r, d, &mm, e) == 0)
            p->diameter_mm = mm;
    } else if (edit && id && strcmp(id, p->dilator_id) == 0) {
        /* kept as it was, even when no longer in her kit */
    } else if ((id && *id) || p->outcome == OUTCOME_COMPLETED) {
        ui_err(e, "dilator_id", _("Please choose the dilator you used, or No dilator."));
    } else {
        p->dilator_id[0] = '\0';
        p->diameter_mm = 0;
    }
    /* Gentle movement only with a dilator. */
    const char *mv = form_get(&r->form, "movement");
    if (p->dilator_id[0] == '\0' || (mv && strcmp(mv, "still") == 0))
        p->exercises &= ~(unsigned)EX_FLEXIBILIZATION;
    else if (mv && strcmp(mv, "moved") == 0)
        p->exercises |= EX_FLEXIBILIZATION;
    const char *m = form_get(&r->form, "minutes");
    char *end = NULL;
    long mins = m ? strtol(m, &end, 10) : -1;
    if (m && end != m && *end == '\0' && mins >= 0 && mins <= 240)
        p->duration_s = (int)mins * 60;
    else
        ui_err(e, "minutes", _("Please enter the minutes as a whole number from 0 to 240."));
    if (edit) {
        int temp = temperature_parse(form_get(&r->form, "temperature"));
        int lube = lubricant_parse(form_get(&r->form, "lubricant"));
        if (temp >= 0)
            p->temperature = (enum temperature)temp;
        if (lube >= 0)
            p->lubricant = (enum lubricant)lube;
        read_scores(r, "before_", &p->before, e);
    }
    read_scores(r, "", &p->after, e);
    const char *note = form_get(&r->form, "note");
    free(p->note);
    p->note = note && *note ? xstrdup(note) : NULL;
    struct pace_error err = {0};
    if (e->n == 0 && practice_validate(p, r->now, &err) != 0)
        ui_err(e, page_field(err.field), err.msg);
}

void view_session_new(struct req *r)
{
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit))
        return;
    struct practice p, last;
    practice_init(&p);
    practice_init(&last);
    p.started_at = r->now;
    p.duration_s = FLOW_DEFAULT_PRACTICE_S;
    p.exercises = EX_FLEXIBILIZATION;
    bool relax_only = false;
    if (app_session_last(&r->app->ctx, &r->who, r->user.id, &last, NULL) == 0) {
        memcpy(p.dilator_id, last.dilator_id, sizeof p.dilator_id);
        p.diameter_mm = last.diameter_mm;
        /* What she did last time: moved gently, or kept it still. */
        p.exercises = last.dilator_id[0] ? (last.exercises & EX_FLEXIBILIZATION) : EX_FLEXIBILIZATION;
        relax_only = last.dilator_id[0] == '\0' &&
                     (last.outcome == OUTCOME_COMPLETED || last.duration_s > 0);
        if (last.duration_s >= 60 && last.outcome == OUTCOME_COMPLETED)
            p.duration_s = last.duration_s;
        p.lubricant = last.lubricant;
        p.temperature = last.temperature;
    }
    if (!relax_only && ui_kit_find(&kit, p.dilator_id) == NULL)
        snprintf(p.dilator_id, sizeof p.dilator_id, "%s", kit.n ? kit.items[0].id : "");
    struct form_state st = {.p = &p};
    render(r, &st, &kit);
    practice_clear(&last);
    practice_clear(&p);
    ui_kit_free(&kit);
}

void view_session_new_post(struct req *r)
{
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit))
        return;
    struct practice p;
    practice_init(&p);
    struct ui_errs errs = {0};
    struct pace_error err = {0};
    p.started_at = r->now;
    read_form(r, &kit, &p, false, &errs);
    /* A double tap, or sending the form again after a lost answer, saves
     * it once. */
    struct store_once once;
    bool has_once = once_from_form(r, &once);
    int rc = errs.n == 0 ? app_session_create(&r->app->ctx, &r->who, r->user.id, &p,
                                              has_once ? &once : NULL, r->now, &err)
                         : 0;
    if (rc == PACE_ENOTFOUND) {
        view_not_found(r);
        goto out;
    }
    if (rc != 0)
        ui_err(&errs, page_field(err.field), err.msg);
    if (errs.n > 0) {
        r->status = 422;
        struct form_state st = {.p = &p, .errs = &errs, .echo = true};
        render(r, &st, &kit);
        goto out;
    }
    resp_redirect(r, "/sessions?done=saved");
out:
    practice_clear(&p);
    ui_kit_free(&kit);
}

/* Loads the session named in the URL; false (and a 404 page) when it is
 * not hers. */
static bool load(struct req *r, struct practice *p)
{
    practice_init(p);
    if (app_session_get(&r->app->ctx, &r->who, r->user.id, r->params[0], p, NULL) == 0)
        return true;
    view_not_found(r);
    return false;
}

void view_session_edit(struct req *r)
{
    struct practice p;
    if (!load(r, &p))
        return;
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit)) {
        practice_clear(&p);
        return;
    }
    struct form_state st = {.p = &p, .edit = true};
    render(r, &st, &kit);
    ui_kit_free(&kit);
    practice_clear(&p);
}

void view_session_edit_post(struct req *r)
{
    struct practice p;
    if (!load(r, &p))
        return;
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit)) {
        practice_clear(&p);
        return;
    }
    struct ui_errs errs = {0};
    struct pace_error err = {0};
    read_form(r, &kit, &p, true, &errs);
    if (errs.n == 0 && app_session_update(&r->app->ctx, &r->who, r->user.id, &p, r->now, &err) != 0)
        ui_err(&errs, page_field(err.field), err.msg[0] ? err.msg : _("Nothing was changed."));
    if (errs.n > 0) {
        r->status = 422;
        struct form_state st = {.p = &p, .errs = &errs, .echo = true, .edit = true};
        render(r, &st, &kit);
    } else {
        char loc[96];
        snprintf(loc, sizeof loc, "/sessions/%s?done=saved", p.id);
        resp_redirect(r, loc);
    }
    ui_kit_free(&kit);
    practice_clear(&p);
}
