/*
 * ui-practice.c - the guided practice session: GET /practice shows the step
 * she is in (the state is her server-side draft, so a reload continues
 * where she was), POST /practice applies one event of core/flow.h with the
 * step's answers, /practice/discard throws a draft away, and
 * /practice/done/{id} is the summary (or the "not today" page) of a saved
 * session. The steps themselves are drawn in ui-practice-steps.c.
 */
#include "web/auth.h"
#include "web/once.h"
#include "web/routes.h"
#include "web/views/ui-guide.h"
#include "web/views/ui-practice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Loads her draft into f; false (with a fresh flow and her usual choices
 * from the last session) when she has none. */
static bool load_flow(struct req *r, struct flow *f)
{
    char *text = NULL;
    if (app_draft_get(&r->app->ctx, &r->who, r->user.id, &text, NULL) == 0 && text) {
        json_t *j = json_loads(text, 0, NULL);
        crypto_wipe(text, strlen(text));
        free(text);
        bool ok = j && flow_from_json(j, f, NULL) == 0 && f->step != FLOW_NOT_TODAY &&
                  f->step != FLOW_SUMMARY;
        json_decref(j);
        if (ok)
            return true;
        flow_clear(f);
    }
    flow_init(f, r->now);
    struct practice last;
    practice_init(&last);
    if (app_session_last(&r->app->ctx, &r->who, r->user.id, &last, NULL) == 0) {
        memcpy(f->rec.dilator_id, last.dilator_id, sizeof f->rec.dilator_id);
        f->rec.diameter_mm = last.diameter_mm;
        f->rec.lubricant = last.lubricant;
        f->rec.temperature = last.temperature;
        if (last.duration_s >= 60 && last.duration_s <= 3600 && last.outcome == OUTCOME_COMPLETED)
            f->planned_s = (last.duration_s + 30) / 60 * 60;
        /* Her last practice was breathing and relaxation alone: again. */
        f->without_dilator = last.dilator_id[0] == '\0' &&
                             (last.outcome == OUTCOME_COMPLETED || last.duration_s > 0);
    } else {
        f->rec.lubricant = LUBE_WATER;
    }
    practice_clear(&last);
    /* A suggestion from /today (?dilator=ID&minutes=N, carried through the
     * check-in) comes first; the prepare step checks the dilator is hers. */
    const char *d = req_param(r, "dilator"), *m = req_param(r, "minutes");
    if (d && strcmp(d, UI_NO_DILATOR) == 0) {
        f->without_dilator = true;
        f->rec.dilator_id[0] = '\0';
        f->rec.diameter_mm = 0;
    } else if (d && *d && strlen(d) < sizeof f->rec.dilator_id) {
        f->without_dilator = false;
        snprintf(f->rec.dilator_id, sizeof f->rec.dilator_id, "%s", d);
    }
    char *end = NULL;
    long mins = m ? strtol(m, &end, 10) : 0;
    if (m && end != m && *end == '\0' && mins >= 1 && mins <= 60)
        f->planned_s = (int)mins * 60;
    return false;
}

static int save_flow(struct req *r, const struct flow *f, struct pace_error *err)
{
    json_t *j = flow_to_json(f);
    char *text = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    int rc = app_draft_put(&r->app->ctx, &r->who, r->user.id, text, r->now, err);
    crypto_wipe(text, strlen(text));
    free(text);
    return rc;
}

static void read_scores(struct req *r, struct scores *sc, bool required, struct ui_errs *e)
{
    static const char *const names[] = {"fear", "tension", "pain"};
    int v[3];
    int given = 0;
    for (int i = 0; i < 3; i++) {
        v[i] = ui_score_parse(form_get(&r->form, names[i]));
        if (v[i] >= 0)
            given++;
        else if (required)
            ui_err(e, names[i], _("Please tap a number from 0 to 10."));
    }
    if (given == 3)
        *sc = (struct scores){.set = true, .fear = v[0], .tension = v[1], .pain = v[2]};
}

static unsigned read_bits(struct req *r, const char *name, const char *const *names, int n)
{
    unsigned bits = 0;
    for (size_t i = 0; i < form_count(&r->form, name); i++)
        for (int k = 0; k < n; k++)
            if (strcmp(form_get_nth(&r->form, name, i), names[k]) == 0)
                bits |= 1u << k;
    return bits;
}

static void read_checkin(struct req *r, struct flow *f, struct ui_errs *e)
{
    f->rec.safety = read_bits(r, "safety", safety_names, SAFETY_COUNT);
    /* With a safety answer the scores are welcome but not needed. */
    read_scores(r, &f->rec.before, f->rec.safety == 0, e);
}

static void read_prepare(struct req *r, struct flow *f, const struct ui_kit *kit, bool strict,
                         struct ui_errs *e)
{
    const char *id = form_get(&r->form, "dilator_id");
    const struct kit_entry *d = ui_kit_find(kit, id);
    if (id && strcmp(id, UI_NO_DILATOR) == 0) {
        f->without_dilator = true;
        f->rec.dilator_id[0] = '\0';
        f->rec.diameter_mm = 0;
    } else if (d) {
        f->without_dilator = false;
        snprintf(f->rec.dilator_id, sizeof f->rec.dilator_id, "%s", d->id);
        /* An adjustable device is stored at the size she set it to. */
        struct ui_errs quiet = {0};
        double mm = d->diameter_mm;
        if (ui_dilator_size(r, d, &mm, strict ? e : &quiet) == 0)
            f->rec.diameter_mm = mm;
        else if (!strict)
            f->rec.diameter_mm = d->diameter_mm;
    } else if (strict) {
        ui_err(e, "dilator_id", _("Please choose the dilator you want to use."));
    }
    int lube = lubricant_parse(form_get(&r->form, "lubricant"));
    if (lube >= 0)
        f->rec.lubricant = (enum lubricant)lube;
    else if (strict)
        ui_err(e, "lubricant", _("Please choose a lubricant, or None."));
    int temp = temperature_parse(form_get(&r->form, "temperature"));
    if (temp >= 0)
        f->rec.temperature = (enum temperature)temp;
    else if (strict)
        ui_err(e, "temperature", _("Please choose a temperature."));
    const char *m = form_get(&r->form, "minutes");
    char *end = NULL;
    long mins = m ? strtol(m, &end, 10) : 0;
    if (m && end != m && *end == '\0' && mins >= 1 && mins <= 60)
        f->planned_s = (int)mins * 60;
    else if (strict)
        ui_err(e, "minutes", _("Please enter a number of minutes from 1 to 60."));
}

static void read_checkout(struct req *r, struct flow *f, struct ui_errs *e)
{
    struct practice *p = &f->rec;
    read_scores(r, &p->after, true, e);
    p->max_pain = ui_score_parse(form_get(&r->form, "max_pain"));
    /* Gentle movement is recorded as done after a practice with a dilator
     * (flow.c) unless she says she kept it still. */
    const char *mv = form_get(&r->form, "movement");
    if (mv && strcmp(mv, "still") == 0)
        p->exercises &= ~(unsigned)EX_FLEXIBILIZATION;
    else if (mv && strcmp(mv, "moved") == 0)
        p->exercises |= EX_FLEXIBILIZATION;
    p->safety = read_bits(r, "safety", safety_names, SAFETY_COUNT) & SAFETY_BLEEDING;
    p->helped = read_bits(r, "helped", helped_names, HELPED_COUNT);
    const char *company = form_get(&r->form, "company");
    p->with_partner = company && strcmp(company, "partner") == 0;
    const char *safe = form_get(&r->form, "felt_safe");
    p->felt_safe = safe == NULL ? -1 : strcmp(safe, "yes") == 0 ? 1 : strcmp(safe, "no") == 0 ? 0 : -1;
    const char *note = form_get(&r->form, "note");
    free(p->note);
    p->note = NULL;
    if (note && *note) {
        if (str_utf8_len(note) > PRACTICE_NOTE_MAX)
            ui_err(e, "note", _("The note can have at most 4000 characters."));
        else
            p->note = xstrdup(note);
    }
}

/* Reads the answers of the step she is in, for event ev. */
static void read_step(struct req *r, struct flow *f, const struct ui_kit *kit, int ev,
                      struct ui_errs *e)
{
    switch (f->step) {
    case FLOW_CHECKIN:
        if (ev == FEV_CHECKIN)
            read_checkin(r, f, e);
        break;
    case FLOW_PREPARE:
        read_prepare(r, f, kit, ev == FEV_PREPARED, e);
        break;
    case FLOW_RELAX: {
        int b = breathing_parse(form_get(&r->form, "pattern"));
        if (b >= 0)
            f->pattern = (enum breathing_pattern)b;
        break;
    }
    case FLOW_CHECKOUT:
        if (ev == FEV_CHECKOUT)
            read_checkout(r, f, e);
        break;
    default:
        break;
    }
}

/* Maps a field named by core or the store to the input that shows it. */
static const char *page_field(const char *field)
{
    if (field == NULL || *field == '\0')
        return "";
    if (strcmp(field, "before") == 0 || strcmp(field, "after") == 0 ||
        strncmp(field, "before.", 7) == 0 || strncmp(field, "after.", 6) == 0)
        return "fear";
    if (strcmp(field, "dilator_id") == 0 || strcmp(field, "note") == 0 ||
        strcmp(field, "max_pain") == 0)
        return field;
    return "";
}

void view_practice(struct req *r)
{
    struct flow f;
    bool had = load_flow(r, &f);
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit)) {
        flow_clear(&f);
        return;
    }
    struct flow_view v = {.f = &f, .kit = &kit, .has_draft = had};
    practice_step_page(r, &v);
    ui_kit_free(&kit);
    flow_clear(&f);
}

void view_practice_post(struct req *r)
{
    struct flow f;
    bool had = load_flow(r, &f);
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit)) {
        flow_clear(&f);
        return;
    }
    struct ui_errs errs = {0};
    struct pace_error err = {0};
    enum flow_step was = f.step;
    int ev = flow_event_parse(form_get(&r->form, "event"));
    if (ev < 0) {
        ui_err(&errs, "", _("That button was not recognised. Here is where you are."));
        goto render;
    }
    if (!had && ev != FEV_CHECKIN) {
        /* A second tap after the session was saved (its summary, found by
         * the form's one-time key), or a stale page. */
        struct store_once once;
        char loc[80] = "/practice";
        if (once_from_form(r, &once) &&
            app_once_find(&r->app->ctx, &r->who, r->user.id, &once, r->now, NULL) == 0 &&
            once.replayed)
            snprintf(loc, sizeof loc, "/practice/done/%s", once.record_id);
        resp_redirect(r, loc);
        goto out;
    }
    read_step(r, &f, &kit, ev, &errs);
    if (errs.n > 0)
        goto render;
    f.pain_stop = ui_pain_stop(r);
    if (ev == FEV_CHECKIN && f.rec.safety != 0)
        ev = FEV_UNSAFE;
    if (flow_apply(&f, (enum flow_event)ev, r->now, &err) != 0) {
        ui_err(&errs, page_field(err.field), err.msg);
        goto render;
    }
    if (f.step == FLOW_NOT_TODAY || f.step == FLOW_SUMMARY) {
        /* The step's one-time key: the same form sent twice saves once and
         * leads to the same summary. */
        struct store_once once;
        struct store_once *o = once_from_form(r, &once) ? &once : NULL;
        int rc = app_draft_finish(&r->app->ctx, &r->who, r->user.id, &f.rec, had, o, r->now, &err);
        if (rc != 0) {
            f.step = was;
            ui_err(&errs, page_field(err.field), err.msg);
            goto render;
        }
        char loc[80];
        snprintf(loc, sizeof loc, "/practice/done/%s", o && o->replayed ? o->record_id : f.rec.id);
        resp_redirect(r, loc);
        goto out;
    }
    if (save_flow(r, &f, &err) != 0) {
        f.step = was;
        ui_err(&errs, "", err.msg);
        goto render;
    }
    resp_redirect(r, "/practice");
    goto out;
render:
    r->status = 422;
    {
        struct flow_view v = {.f = &f, .kit = &kit, .errs = &errs, .has_draft = had,
                              .echo = f.step == was};
        practice_step_page(r, &v);
    }
out:
    ui_kit_free(&kit);
    flow_clear(&f);
}

void view_practice_discard(struct req *r)
{
    char *text = NULL;
    if (app_draft_get(&r->app->ctx, &r->who, r->user.id, &text, NULL) != 0) {
        resp_redirect(r, "/practice");
        return;
    }
    crypto_wipe(text, strlen(text));
    free(text);
    page_begin(r, _("Throw this session away?"));
    html_printf(r, "<section class=\"card narrow\"><h1>%s</h1><p>%s</p><p>%s</p>",
                _("Throw this session away?"),
                _("Your answers in this guided session so far will be deleted, and it will not "
                  "appear in your history."),
                _("Sessions you have already saved stay as they are."));
    html_printf(r, "<div class=\"actions\"><a class=\"button\" href=\"/practice\">%s</a>",
                _("Keep this session"));
    html_printf(r, "<form method=\"post\" action=\"/practice/discard\">");
    html_csrf(r);
    html_printf(r, "<button type=\"submit\" class=\"button secondary\">%s</button></form></div>"
                   "</section>",
                _("Throw it away"));
    page_end(r);
}

void view_practice_discard_post(struct req *r)
{
    app_draft_delete(&r->app->ctx, &r->who, r->user.id, NULL);
    resp_redirect(r, "/");
}

/* A check-in that ended the day: for a safety answer, or a rest she chose
 * after a hard check-in (with the clinician message when the pain was at
 * her stop). */
static void not_today_page(struct req *r, const struct practice *p)
{
    bool safety = p->safety != 0;
    bool severe = p->before.set && p->before.pain >= ui_pain_stop(r);
    page_begin(r, _("Not today"));
    html_printf(r, "<section class=\"card calm\"><h1>%s</h1><p class=\"lead\">%s</p>",
                safety || severe ? _("Not today") : _("Rest today"),
                safety || severe
                    ? _("Thank you for checking in with yourself. Resting today is the caring "
                        "choice.")
                    : _("Thank you for checking in with yourself. Resting on a hard day is part "
                        "of the practice, not a step back."));
    if (safety || severe)
        html_printf(r, "<p>%s</p><p>%s</p>",
                    _("Please get in touch with your clinician, such as your gynaecologist, "
                      "midwife, physiotherapist or family doctor. They can look at what is going "
                      "on and tell you when practice is safe again."),
                    _("If the bleeding is heavy or the pain is severe, contact a clinician or an "
                      "urgent care service today."));
    else
        html_printf(r, "<p>%s</p>",
                    _("Come back whenever you feel ready. A few slow breaths now, without any "
                      "goal, can still help."));
    ui_guide_link(r, "physical-causes", _("More in the guide:"));
    html_printf(r, "<p class=\"meta\">%s</p>",
                _("Your check-in is saved in your history as “not today”."));
    html_printf(r, "<div class=\"actions\"><a class=\"button\" href=\"/\">%s</a>"
                   "<a class=\"button secondary\" href=\"/sessions\">%s</a></div></section>",
                _("Back to home"), _("See your history"));
    page_end(r);
}

/* Her last few sessions at the size of p (p itself among them). */
static void same_size(struct req *r, const struct practice *p)
{
    if (p->diameter_mm <= 0)
        return;
    struct practice_query q = {
        .diameter_mm = p->diameter_mm, .limit = 5, .without_notes = true};
    struct practice *items = NULL;
    size_t n = 0;
    char cursor[STORE_CURSOR_MAX];
    if (app_session_list(&r->app->ctx, &r->who, r->user.id, &q, &items, &n, cursor, NULL) != 0 ||
        n < 2) {
        practice_list_free(items, n);
        return;
    }
    char mm[32], h[96];
    ui_mm(mm, sizeof mm, p->diameter_mm);
    snprintf(h, sizeof h, _("Your recent sessions at %s"), mm);
    html_printf(r, "<section class=\"card\" aria-labelledby=\"recent-h\"><h2 id=\"recent-h\">%s"
                   "</h2><ul class=\"rows sessions compact\">",
                h);
    const struct tz_zone *tz = req_zone(r);
    for (size_t i = 0; i < n; i++) {
        const struct practice *s = &items[i];
        char when[64], mins[48];
        i18n_format_datetime(when, sizeof when, s->started_at, tz_offset_min(tz, s->started_at));
        ui_minutes(mins, sizeof mins, s->duration_s);
        bool cur = strcmp(s->id, p->id) == 0;
        html_printf(r, "<li%R><div><strong>%s</strong><span class=\"meta\">%s",
                    cur ? " class=\"current\"" : "", when, mins);
        if (s->before.set && s->after.set) {
            char t[64];
            snprintf(t, sizeof t, _("tension %d → %d"), s->before.tension, s->after.tension);
            html_printf(r, " · %s", t);
        } else if (s->after.set) {
            char t[64];
            snprintf(t, sizeof t, _("tension after: %d"), s->after.tension);
            html_printf(r, " · %s", t);
        }
        html_printf(r, "</span></div>");
        if (cur)
            html_printf(r, "<span class=\"tag\">%s</span>", _("This one"));
        html_printf(r, "</li>");
    }
    html_printf(r, "</ul></section>");
    practice_list_free(items, n);
}

void view_practice_done(struct req *r)
{
    struct practice p;
    practice_init(&p);
    if (app_session_get(&r->app->ctx, &r->who, r->user.id, r->params[0], &p, NULL) != 0) {
        view_not_found(r);
        return;
    }
    if (p.outcome == OUTCOME_NOT_TODAY) {
        not_today_page(r, &p);
        practice_clear(&p);
        return;
    }
    struct ui_kit kit;
    if (!ui_kit_page(r, &kit)) {
        practice_clear(&p);
        return;
    }
    page_begin(r, _("Summary"));
    html_printf(r, "<section class=\"hero summary\"><svg class=\"hero-art\" aria-hidden=\"true\" "
                   "viewBox=\"0 0 320 120\"><circle cx=\"160\" cy=\"60\" r=\"46\" "
                   "class=\"art-soft\"/><circle cx=\"160\" cy=\"60\" r=\"28\" class=\"art-mid\"/>"
                   "<path d=\"M0 92 C 60 72, 100 112, 160 92 S 260 72, 320 92\" "
                   "class=\"art-wave\"/></svg><h1>%s</h1></section>",
                p.outcome == OUTCOME_STOPPED ? _("You listened to your body")
                                             : _("Thank you for practising"));
    /* Bleeding or severe pain after practice: the clinician message at once. */
    int worst = p.max_pain > (p.after.set ? p.after.pain : -1) ? p.max_pain
                                                               : (p.after.set ? p.after.pain : -1);
    if ((p.safety & SAFETY_BLEEDING) || worst >= ui_pain_stop(r))
        html_printf(r,
                    "<section class=\"card today-safety\" role=\"note\" aria-labelledby=\"care-h\">"
                    "<h2 id=\"care-h\">%s</h2><p>%s</p><p>%s</p></section>",
                    _("Please talk to a clinician"),
                    (p.safety & SAFETY_BLEEDING)
                        ? _("You noted bleeding that was more than light spotting. Please pause "
                            "dilator practice and contact your gynaecologist, GP, midwife or "
                            "pelvic-floor physiotherapist.")
                        : _("The pain was severe this time. Please pause dilator practice and "
                            "contact your gynaecologist, GP, midwife or pelvic-floor "
                            "physiotherapist."),
                    _("If the bleeding is heavy or the pain is severe, please seek care today."));
    html_printf(r, "<section class=\"card\">");
    ui_session_story(r, &kit, &p);
    html_printf(r, "</section>");
    same_size(r, &p);
    html_printf(r, "<div class=\"actions thumb\"><a class=\"button\" href=\"/\">%s</a>"
                   "<a class=\"button secondary\" href=\"/sessions\">%s</a></div>",
                _("Back to home"), _("See your history"));
    page_end(r);
    ui_kit_free(&kit);
    practice_clear(&p);
}
