/*
 * ui-practice-steps.c - the pages of the guided session, one function per
 * step: check-in, prepare, relax (breathing pacer), practice (timer and
 * prompts), spasm relief and check-out. Every step is a plain form that
 * POSTs to /practice with an "event"; practice.js only adds motion and
 * clocks, computed from the server's times in data- attributes.
 */
#include "web/views/ui-guide.h"
#include "web/views/ui-practice.h"
#include "web/views/ui-sharing.h"
#include "web/once.h"
#include "web/views/ui-cues.h"

#include <stdio.h>
#include <string.h>

static const char *err_for(const struct flow_view *v, const char *field)
{
    return v->errs ? ui_err_for(v->errs, field) : NULL;
}

/* The value to show for a score: what she just sent when a form came back
 * with an error, else what the record holds. */
static int shown_score(struct req *r, const struct flow_view *v, const char *name, bool set,
                       int stored)
{
    if (v->echo)
        return ui_score_parse(form_get(&r->form, name));
    return set ? stored : -1;
}

static void progress(struct req *r, int index, const char *name)
{
    html_printf(r, "<p class=\"flow-progress\"><span class=\"flow-bar\" aria-hidden=\"true\">");
    for (int i = 0; i < 5; i++)
        html_printf(r, "<i%R></i>", i <= index ? " class=\"on\"" : "");
    char s[128];
    snprintf(s, sizeof s, _("Step %d of %d: %s"), index + 1, 5, name);
    html_printf(r, "</span><span>%s</span></p>", s);
}

static void button(struct req *r, const char *event, const char *label, const char *cls)
{
    html_printf(r, "<button type=\"submit\" name=\"event\" value=\"%s\" class=\"%s\">%s</button>",
                event, cls, label);
}

static void form_open(struct req *r, const char *cls)
{
    html_printf(r, "<form method=\"post\" action=\"/practice\" class=\"flow-form %s\" novalidate>",
                cls);
    html_csrf(r);
    html_once(r);
}

static void discard_link(struct req *r, const struct flow_view *v)
{
    if (v->has_draft)
        html_printf(r, "<p class=\"flow-aside\"><a href=\"/practice/discard\">%s</a></p>",
                    _("Throw this session away"));
}

/* A group of large radio or checkbox choices. */
struct choice {
    const char *value;
    const char *label;
    const char *hint; /* may be NULL */
};

static void choices(struct req *r, const char *type, const char *name, const char *legend,
                    const struct choice *c, size_t n, unsigned checked_bits, const char *cls)
{
    html_printf(r, "<fieldset class=\"choices %s\" id=\"f-%s\"><legend>%s</legend><div class=\"chips\">",
                cls, name, legend);
    for (size_t i = 0; i < n; i++) {
        html_printf(r,
                    "<span class=\"opt\"><input type=\"%s\" id=\"f-%s-%s\" name=\"%s\" "
                    "value=\"%s\"%R><label for=\"f-%s-%s\"><strong>%s</strong>",
                    type, name, c[i].value, name, c[i].value,
                    (checked_bits >> i) & 1 ? " checked" : "", name, c[i].value, c[i].label);
        if (c[i].hint)
            html_printf(r, "<span>%s</span>", c[i].hint);
        html_printf(r, "</label></span>");
    }
    html_printf(r, "</div></fieldset>");
}

/* When her partner is with her: what the partner can do, on the same
 * screen, folded away unless open. */
static void partner_help(struct req *r, const struct flow *f, bool open)
{
    if (!f->rec.with_partner)
        return;
    html_printf(r, "<details class=\"partner-help\"%R><summary>%s</summary>", open ? " open" : "",
                _("For your partner"));
    ui_partner_support(r);
    html_printf(r, "</details>");
}

static void step_checkin(struct req *r, const struct flow_view *v)
{
    const struct practice *p = &v->f->rec;
    progress(r, 0, _("Check in"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("How are you right now?"),
                _("There are no right or wrong answers. Just notice, and tap what fits."));
    form_open(r, "checkin");
    /* A suggestion from /today travels with the first answers. */
    static const char *const carried[] = {"dilator", "minutes"};
    for (size_t i = 0; !v->has_draft && i < 2; i++) {
        const char *val = req_param(r, carried[i]);
        if (val && *val && strlen(val) < 64)
            html_printf(r, "<input type=\"hidden\" name=\"%s\" value=\"%s\">", carried[i], val);
    }
    ui_score_row(r, "fear", _("How afraid are you right now?"),
                 shown_score(r, v, "fear", p->before.set, p->before.fear), _("not at all"),
                 _("extremely"), err_for(v, "fear"));
    ui_score_row(r, "tension", _("How tense do you feel?"),
                 shown_score(r, v, "tension", p->before.set, p->before.tension), _("not at all"),
                 _("extremely"), err_for(v, "tension"));
    ui_score_row(r, "pain", _("Any pain right now?"),
                 shown_score(r, v, "pain", p->before.set, p->before.pain), _("none"),
                 _("worst imaginable"), err_for(v, "pain"));
    static const struct choice safety[] = {
        {"bleeding", N_("Bleeding that is more than light spotting"), NULL},
        {"infection", N_("Signs of an infection"), N_("For example burning, itching, unusual "
                                                      "discharge or a fever")},
        {"clinician_rest", N_("A clinician asked you to rest from practice for now"), NULL},
    };
    struct choice c[3];
    for (int i = 0; i < 3; i++)
        c[i] = (struct choice){safety[i].value, _(safety[i].label),
                               safety[i].hint ? _(safety[i].hint) : NULL};
    html_printf(r, "<div class=\"safety\">");
    choices(r, "checkbox", "safety", _("Is any of this true for you today?"), c, 3, p->safety,
            "checks wide");
    html_printf(r, "<p class=\"hint\">%s</p></div>",
                _("Leave these empty if none applies. If one does, today is a day to rest."));
    /* Practising together: her partner's part is shown on the way, and the
     * session is logged as with her partner. */
    const char *company = v->echo ? form_get(&r->form, "company") : NULL;
    bool together = company ? strcmp(company, "partner") == 0 : p->with_partner;
    struct choice who[2] = {{"alone", _("Just me"), NULL},
                            {"partner", _("With my partner"),
                             _("Pace shows your partner how to support you.")}};
    choices(r, "radio", "company", _("Who is with you today?"), who, 2, together ? 2u : 1u,
            "pair");
    html_printf(r, "<div class=\"flow-actions\">");
    button(r, "checkin", _("Continue"), "button");
    html_printf(r, "</div></form>");
    discard_link(r, v);
}

/* A hard check-in: gentler choices first, none of them a judgement. */
static void step_hard(struct req *r, const struct flow_view *v)
{
    bool at_stop = flow_checkin_at_stop(v->f);
    progress(r, 0, _("Check in"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("This sounds like a hard moment"),
                _("Thank you for being honest with yourself. You choose what happens next, and "
                  "every choice here is a good one."));
    if (at_stop)
        html_printf(r,
                    "<div class=\"note warn\" role=\"note\"><p>%s</p><p>%s</p></div>",
                    _("Your pain is strong right now. Please do not practise with a dilator "
                      "today, and talk to a clinician about it: your gynaecologist, GP, midwife "
                      "or pelvic-floor physiotherapist."),
                    _("If the pain is severe or getting worse, please seek care today."));
    form_open(r, "hard");
    html_printf(r, "<div class=\"flow-actions stack\">");
    button(r, "gentle", _("Breathe and relax, without a dilator"), "button");
    button(r, "rest", _("Rest today"), "button secondary");
    if (!at_stop)
        button(r, "anyway", _("Go on with a dilator"), "button secondary");
    button(r, "back", _("Back to the check-in"), "button secondary");
    html_printf(r, "</div></form>");
    html_printf(r, "<p class=\"hint\">%s</p>",
                _("Pace offers these choices when fear or tension is 8 or more, or pain 6 or "
                  "more."));
    discard_link(r, v);
}

static void lube_notes(struct req *r)
{
    html_printf(r,
                "<p class=\"hint lube-hint\">%s</p>"
                "<div class=\"note warn lube-warn\" role=\"note\"><p>%s</p></div>",
                _("With a silicone dilator, choose a water-based lubricant. Oils and petroleum "
                  "jelly can damage silicone and latex."),
                _("This lubricant can damage a silicone dilator. A water-based one is the safe "
                  "choice with it."));
}

static void temperature_notes(struct req *r)
{
    html_printf(r,
                "<div class=\"note prep-warm\"><h2>%s</h2><ol><li>%s</li><li>%s</li><li>%s</li>"
                "</ol>",
                _("Warming it"), _("Place it in comfortably warm water for a few minutes."),
                _("Never use boiling water or a microwave."),
                _("Before use, test it on the inside of your wrist: it should feel pleasant, "
                  "not hot."));
    html_printf(r,
                "<div class=\"prep-timer\" data-seconds=\"300\" data-t-left=\"%s\" "
                "data-t-done=\"%s\" hidden><button type=\"button\" class=\"button secondary "
                "small\">%s</button><p class=\"prep-timer-left\" aria-live=\"polite\"></p>"
                "<p class=\"hint\">%s</p></div></div>",
                _("left"), _("Time is up. Test it on your wrist when you are ready."),
                _("Start a 5-minute reminder"),
                _("Only a reminder: no warming time is known to be right, so your wrist "
                  "decides."));
    html_printf(r,
                "<div class=\"note prep-cool\"><h2>%s</h2><ol><li>%s</li><li>%s</li><li>%s</li>"
                "</ol>",
                _("Cooling it"), _("Place it in the fridge for a while."),
                _("Never put it in the freezer."),
                _("Before use, test it on the inside of your wrist: cool is fine, icy is not."));
    html_printf(r,
                "<div class=\"prep-timer\" data-seconds=\"900\" data-t-left=\"%s\" "
                "data-t-done=\"%s\" hidden><button type=\"button\" class=\"button secondary "
                "small\">%s</button><p class=\"prep-timer-left\" aria-live=\"polite\"></p>"
                "<p class=\"hint\">%s</p></div></div>",
                _("left"), _("Time is up. Test it on your wrist when you are ready."),
                _("Start a 15-minute reminder"),
                _("Only a reminder: no cooling time is known to be right, so your wrist "
                  "decides."));
}

static void step_prepare(struct req *r, const struct flow_view *v)
{
    const struct flow *f = v->f;
    const struct practice *p = &f->rec;
    progress(r, 1, _("Prepare"));
    html_printf(r, "<h1>%s</h1>", _("Get ready"));
    if (v->kit->n == 0)
        html_printf(r,
                    "<div class=\"card\"><h2>%s</h2><p>%s</p><p><a class=\"button\" "
                    "href=\"/kit\">%s</a></p><p>%s</p></div>",
                    _("Your kit is still empty"),
                    _("Tell Pace which dilators you have, and you can choose one here. It takes "
                      "a minute, and your answers so far are kept."),
                    _("Set up your kit"),
                    _("Or practise breathing and relaxation today, without a dilator."));
    else
        html_printf(r, "<p class=\"lead\">%s</p>",
                    _("Choose what you will use. Take your time."));
    form_open(r, "prepare");
    const char *sel = v->echo ? form_get(&r->form, "dilator_id")
                      : f->without_dilator ? UI_NO_DILATOR
                                           : p->dilator_id;
    if (!(sel && strcmp(sel, UI_NO_DILATOR) == 0) && ui_kit_find(v->kit, sel) == NULL)
        sel = v->kit->n ? v->kit->items[0].id : UI_NO_DILATOR;
    ui_dilator_choices(r, v->kit, sel, p->diameter_mm, _("Which dilator would you like to use?"),
                       err_for(v, "dilator_id"), true);
    html_printf(r, "<div class=\"note prep-glass\" role=\"note\"><h2>%s</h2><p>%s</p></div>",
                _("Check the glass"),
                _("Look at it in good light and run a finger gently along it. If you find a "
                  "chip, crack or scratch, please do not use it."));

    static const struct choice lubes[] = {
        {"water_based", N_("Water-based"), NULL},
        {"silicone_based", N_("Silicone-based"), NULL},
        {"oil_based", N_("Oil-based"), NULL},
        {"none", N_("None"), NULL},
    };
    static const enum lubricant lube_order[] = {LUBE_WATER, LUBE_SILICONE, LUBE_OIL, LUBE_NONE};
    struct choice c[4];
    unsigned bits = 0;
    int lube = v->echo ? lubricant_parse(form_get(&r->form, "lubricant"))
                             : (int)p->lubricant;
    for (int i = 0; i < 4; i++) {
        c[i] = (struct choice){lubes[i].value, _(lubes[i].label), NULL};
        if ((int)lube_order[i] == lube)
            bits |= 1u << i;
    }
    choices(r, "radio", "lubricant", _("Lubricant"), c, 4, bits, "lubes");
    lube_notes(r);
    ui_guide_link(r, "dilators#lubricants", _("More in the guide:"));

    static const struct choice temps[] = {
        {"room", N_("Room"), NULL},
        {"warm", N_("Warm"), NULL},
        {"cool", N_("Cool"), NULL},
    };
    int temp = v->echo ? temperature_parse(form_get(&r->form, "temperature"))
                             : (int)p->temperature;
    static const enum temperature temp_order[] = {TEMP_ROOM, TEMP_WARM, TEMP_COOL};
    bits = 0;
    for (int i = 0; i < 3; i++) {
        c[i] = (struct choice){temps[i].value, _(temps[i].label), NULL};
        if ((int)temp_order[i] == temp)
            bits |= 1u << i;
    }
    choices(r, "radio", "temperature", _("Temperature"), c, 3, bits, "temps");
    temperature_notes(r);
    ui_guide_link(r, "dilators#temperature", _("More in the guide:"));

    const char *mins = v->echo ? form_get(&r->form, "minutes") : NULL;
    char mbuf[16];
    if (mins == NULL) {
        snprintf(mbuf, sizeof mbuf, "%d", f->planned_s / 60);
        mins = mbuf;
    }
    const char *merr = err_for(v, "minutes");
    html_printf(r,
                "<div class=\"field minutes%R\"><label for=\"f-minutes\">%s</label>"
                "<p class=\"hint\" id=\"h-minutes\">%s</p>"
                "<input id=\"f-minutes\" name=\"minutes\" type=\"number\" inputmode=\"numeric\" "
                "min=\"1\" max=\"60\" step=\"1\" value=\"%s\" aria-describedby=\"h-minutes%R\"%R>",
                merr ? " bad" : "", _("Practice time in minutes"),
                _("From 1 to 60. Ten minutes is a gentle start; shorter is fine too."), mins,
                merr ? " e-minutes" : "", merr ? " aria-invalid=\"true\"" : "");
    ui_field_error(r, "minutes", merr);
    html_printf(r, "</div><div class=\"flow-actions\">");
    button(r, "prepared", _("Continue"), "button");
    button(r, "back", _("Back"), "button secondary");
    button(r, "stop", _("Stop"), "button secondary stop");
    html_printf(r, "</div></form>");
    discard_link(r, v);
}

/* The breathing shape; practice.js animates it from the data- attributes. */
static void pacer(struct req *r, const char *pattern, int64_t start, int seconds)
{
    html_printf(r,
                "<div class=\"pacer\" data-pattern=\"%s\" data-start=\"%lld\" data-now=\"%lld\" "
                "data-seconds=\"%d\" data-t-in=\"%s\" data-t-hold=\"%s\" data-t-out=\"%s\" "
                "data-t-rest=\"%s\" data-t-left=\"%s\" data-t-done=\"%s\">",
                pattern, (long long)start, (long long)r->now, seconds,
                _("Breathe in… let your pelvic floor soften and drop"), _("Hold, gently…"),
                _("Breathe out… slowly, let it rise by itself"), _("Rest…"), _("left"),
                _("Your breathing time is done. Continue whenever you are ready."));
    html_printf(r, "<svg class=\"pacer-art\" viewBox=\"0 0 240 240\" aria-hidden=\"true\">"
                   "<circle class=\"pacer-ring\" cx=\"120\" cy=\"120\" r=\"112\"/>"
                   "<circle class=\"pacer-shape\" cx=\"120\" cy=\"120\" r=\"64\"/></svg>");
    html_printf(r,
                "<p class=\"pacer-phase\" aria-live=\"polite\">%s</p>"
                "<p class=\"pacer-left\" hidden></p></div>",
                _("Breathe in slowly and let your pelvic floor soften and drop. Breathe out "
                  "even more slowly, and let it rise by itself."));
}

static void step_relax(struct req *r, const struct flow_view *v)
{
    const struct flow *f = v->f;
    progress(r, 2, _("Relax"));
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Breathe and soften"),
                _("Let your breath slow down. There is nothing to achieve here."));
    form_open(r, "relax");
    pacer(r, breathing_name(f->pattern), f->relax_started_at, f->relax_s);
    static const struct choice pats[] = {
        {"resonance", N_("Slow and even"), N_("In for 4, out for 6: about six breaths a minute")},
        {"box", N_("Box"), N_("In 4, hold 4, out 4, hold 4")},
        {"478", N_("4-7-8"), N_("In 4, hold 7, out 8")},
    };
    struct choice c[3];
    for (int i = 0; i < 3; i++)
        c[i] = (struct choice){pats[i].value, _(pats[i].label), _(pats[i].hint)};
    choices(r, "radio", "pattern", _("Breathing rhythm"), c, 3, 1u << f->pattern, "patterns");
    html_printf(r, "<p class=\"hint\">%s</p>",
                _("About two minutes is a good start. Skipping is fine too."));
    partner_help(r, f, true);
    html_printf(r, "<div class=\"flow-actions\">");
    html_printf(r,
                "<button type=\"submit\" name=\"event\" value=\"relaxed\" class=\"button "
                "relax-go\" data-t-done=\"%s\">%s</button>",
                _("Begin the practice"), _("Continue to the practice"));
    button(r, "back", _("Back"), "button secondary");
    button(r, "stop", _("Stop"), "button secondary stop");
    html_printf(r, "</div></form>");
    discard_link(r, v);
}

static void step_practice(struct req *r, const struct flow_view *v)
{
    const struct flow *f = v->f;
    const struct tz_zone *tz = req_zone(r);
    int elapsed = flow_practice_elapsed(f, r->now);
    int left = f->planned_s - elapsed;
    if (left < 0)
        left = 0;
    progress(r, 3, _("Practice"));
    html_printf(r, "<h1 class=\"vh\">%s</h1>", _("Practice"));
    /* The form holds the whole step, so its sticky actions (Stop above
     * all) stay on screen however small the phone. */
    form_open(r, "practice");
    html_printf(r,
                "<div class=\"timer\" data-start=\"%lld\" data-now=\"%lld\" data-seconds=\"%d\" "
                "data-t-over=\"%s\">",
                (long long)f->practice_started_at, (long long)r->now, f->planned_s,
                _("Your planned time is over. Finish whenever you are ready."));
    html_printf(r,
                "<svg class=\"timer-art\" viewBox=\"0 0 240 240\" aria-hidden=\"true\">"
                "<circle class=\"ring-bg\" cx=\"120\" cy=\"120\" r=\"108\"/>"
                "<circle class=\"ring-fg\" cx=\"120\" cy=\"120\" r=\"108\" pathLength=\"100\" "
                "stroke-dasharray=\"100\" stroke-dashoffset=\"%d\" "
                "transform=\"rotate(-90 120 120)\"/></svg>",
                f->planned_s > 0 ? 100 - (left * 100) / f->planned_s : 100);
    char num[16];
    snprintf(num, sizeof num, "%d:%02d", left / 60, left % 60);
    html_printf(r,
                "<p class=\"timer-read\"><span class=\"timer-num\" role=\"timer\">%s</span>"
                "<span class=\"timer-unit\">%s</span></p></div>",
                num, _("left"));
    char start[32], end[32], s[256];
    ui_clock(start, sizeof start, f->practice_started_at, tz);
    ui_clock(end, sizeof end, f->practice_started_at + f->planned_s, tz);
    snprintf(s, sizeof s, _("You began at %s. Your planned time ends at %s."), start, end);
    html_printf(r, "<p class=\"timer-plain\">%s</p>", s);
    html_printf(r, "<p class=\"timer-over\" role=\"status\" hidden></p>");

    static const char *const prompts[] = {
        N_("Move only as far as feels comfortable. There is no goal today."),
        N_("Try tiny movements: a millimetre in, a millimetre back."),
        N_("Turn it very slowly, a little one way, a little the other."),
        N_("Breathe into your pelvic floor. Let it soften on the in-breath."),
        N_("Notice your jaw, shoulders and belly. Let them go loose."),
        N_("Rest without moving whenever you like. Stillness is practice too."),
        N_("If it feels like enough, it is enough. You can stop at any time."),
    };
    static const char *const relax_prompts[] = {
        N_("There is no goal today. Just breathe and notice."),
        N_("Breathe into your pelvic floor. Let it soften on the in-breath."),
        N_("Let the muscles drop a little more with every breath out."),
        N_("Notice your jaw, shoulders and belly. Let them go loose."),
        N_("Place a warm hand on your lower belly and feel it rise and fall."),
        N_("If it feels like enough, it is enough. You can stop at any time."),
    };
    const char *const *pr = f->without_dilator ? relax_prompts : prompts;
    size_t npr = f->without_dilator ? sizeof relax_prompts / sizeof relax_prompts[0]
                                    : sizeof prompts / sizeof prompts[0];
    html_printf(r, "<ul class=\"prompts\" data-every=\"40\">");
    for (size_t i = 0; i < npr; i++)
        html_printf(r, "<li>%s</li>", _(pr[i]));
    html_printf(r, "</ul>");
    partner_help(r, f, false);
    html_printf(r, "<div class=\"flow-actions practice-actions\">");
    button(r, "spasm", _("Tensing / spasm"), "button spasm");
    button(r, "stop", _("Stop"), "button secondary stop");
    button(r, "done", _("I'm finished"), "button secondary done");
    html_printf(r, "</div></form>");
}

static void step_spasm(struct req *r, const struct flow_view *v)
{
    const struct flow *f = v->f;
    progress(r, 3, _("Practice"));
    form_open(r, "spasm");
    html_printf(r, "<h1>%s</h1><p class=\"lead\">%s</p>", _("Let it pass"),
                _("Your body is protecting you. Let the muscles release — it passes in seconds "
                  "to minutes."));
    int64_t since = r->now - f->spasm_started_at;
    if (since < 0)
        since = 0;
    char num[32];
    snprintf(num, sizeof num, "%lld:%02lld", (long long)(since / 60), (long long)(since % 60));
    html_printf(r,
                "<p class=\"counter\" data-start=\"%lld\" data-now=\"%lld\"><span "
                "class=\"counter-num\">%s</span> <span>%s</span></p>",
                (long long)f->spasm_started_at, (long long)r->now, num, _("since it began"));
    pacer(r, "slow", f->spasm_started_at, 0);
    html_printf(r, "<ul class=\"calm-list\"><li>%s</li><li>%s</li><li>%s</li></ul>",
                _("Breathe out slowly, a little longer than you breathe in."),
                _("Let your jaw, belly and thighs go soft."),
                f->without_dilator
                    ? _("You can stay still, or change to a position that feels easier. Both are "
                        "fine.")
                    : _("You can stay still, or gently take the dilator out. Both are fine."));
    ui_guide_link(r, "when-a-spasm-comes", _("Later, if you like, read more in the guide:"));
    html_printf(r, "<div class=\"flow-actions\">");
    button(r, "eased", _("It's easing"), "button");
    button(r, "stop", _("Stop"), "button secondary stop");
    html_printf(r, "</div></form>");
}

static void step_checkout(struct req *r, const struct flow_view *v)
{
    const struct practice *p = &v->f->rec;
    progress(r, 4, _("Check out"));
    html_printf(r, "<h1>%s</h1>", _("How are you now?"));
    if (p->outcome == OUTCOME_STOPPED)
        html_printf(r, "<div class=\"notice\"><p>%s</p></div>",
                    _("You stopped when you needed to. That is part of the practice."));
    else
        html_printf(r, "<p class=\"lead\">%s</p>", _("Thank you for taking this time for yourself."));
    form_open(r, "checkout");
    ui_score_row(r, "fear", _("How afraid are you now?"),
                 shown_score(r, v, "fear", p->after.set, p->after.fear), _("not at all"),
                 _("extremely"), err_for(v, "fear"));
    ui_score_row(r, "tension", _("How tense do you feel now?"),
                 shown_score(r, v, "tension", p->after.set, p->after.tension), _("not at all"),
                 _("extremely"), err_for(v, "tension"));
    ui_score_row(r, "pain", _("Any pain now?"),
                 shown_score(r, v, "pain", p->after.set, p->after.pain), _("none"),
                 _("worst imaginable"), err_for(v, "pain"));
    ui_score_row(r, "max_pain", _("What was the most pain you felt during the practice?"),
                 shown_score(r, v, "max_pain", p->max_pain >= 0, p->max_pain), _("none"),
                 _("worst imaginable"), err_for(v, "max_pain"));

    struct choice c[5];
    const struct flow *f = v->f;
    if (f->practice_started_at != 0 && !f->without_dilator && p->dilator_id[0]) {
        bool moved = v->echo ? !(form_get(&r->form, "movement") &&
                                 strcmp(form_get(&r->form, "movement"), "still") == 0)
                             : (p->exercises & EX_FLEXIBILIZATION) != 0;
        c[0] = (struct choice){"moved", _("I moved it gently"), NULL};
        c[1] = (struct choice){"still", _("I kept it still"), NULL};
        choices(r, "radio", "movement", _("During the practice"), c, 2, moved ? 1u : 2u, "pair");
    }
    c[0] = (struct choice){"bleeding", _("Bleeding that is more than light spotting"), NULL};
    html_printf(r, "<div class=\"safety\">");
    choices(r, "checkbox", "safety", _("Did you notice this?"), c, 1,
            v->echo ? (form_get(&r->form, "safety") ? 1u : 0u) : (p->safety & SAFETY_BLEEDING),
            "checks wide");
    html_printf(r, "<p class=\"hint\">%s</p></div>", _("Light spotting can happen. Leave this "
                                                        "empty if there was none or only a little."));

    static const struct choice helped[] = {
        {"breathing", N_("Breathing"), NULL}, {"warmth", N_("Warmth"), NULL},
        {"movement", N_("Movement"), NULL},   {"partner", N_("My partner"), NULL},
        {"other", N_("Something else"), NULL},
    };
    for (int i = 0; i < 5; i++)
        c[i] = (struct choice){helped[i].value, _(helped[i].label), NULL};
    choices(r, "checkbox", "helped", _("What helped? Choose any."), c, 5, p->helped, "checks");

    c[0] = (struct choice){"alone", _("Alone"), NULL};
    c[1] = (struct choice){"partner", _("With my partner"), NULL};
    choices(r, "radio", "company", _("Were you alone or with a partner?"), c, 2,
            p->with_partner ? 2u : 1u, "pair");
    c[0] = (struct choice){"yes", _("Yes"), NULL};
    c[1] = (struct choice){"no", _("Not really"), NULL};
    choices(r, "radio", "felt_safe", _("Did you feel safe?"), c, 2,
            p->felt_safe == 1 ? 1u : p->felt_safe == 0 ? 2u : 0u, "pair");

    const char *note = v->echo ? form_get(&r->form, "note") : p->note;
    const char *nerr = err_for(v, "note");
    html_printf(r,
                "<div class=\"field%R\"><label for=\"f-note\">%s</label>"
                "<p class=\"hint\" id=\"h-note\">%s</p><textarea id=\"f-note\" name=\"note\" "
                "rows=\"3\" maxlength=\"4000\" aria-describedby=\"h-note%R\"%R>%s</textarea>",
                nerr ? " bad" : "", _("A note for yourself (optional)"),
                _("Only you can read it. It is stored encrypted."), nerr ? " e-note" : "",
                nerr ? " aria-invalid=\"true\"" : "", note ? note : "");
    ui_field_error(r, "note", nerr);
    html_printf(r, "</div><div class=\"flow-actions\">");
    button(r, "checkout", _("Save"), "button");
    html_printf(r, "</div></form>");
}

void practice_step_page(struct req *r, const struct flow_view *v)
{
    static const char *const titles[FLOW_STEP_COUNT] = {
        N_("Check in"), N_("Not today"), N_("Prepare"), N_("Relax"),
        N_("Practice"), N_("Let it pass"), N_("Check out"), N_("Summary"),
        N_("A hard moment"),
    };
    page_begin(r, _(titles[v->f->step]));
    html_printf(r, "<div class=\"flow\" data-step=\"%s\">", flow_step_name(v->f->step));
    if (v->errs && v->errs->n > 1 && v->errs->e[0].field[0]) {
        char s[128];
        snprintf(s, sizeof s,
                 ngettext_("%d answer needs another look.", "%d answers need another look.",
                           (long)v->errs->n),
                 (int)v->errs->n);
        html_alert_field(r, s, v->errs->e[0].field);
    } else if (v->errs && v->errs->n > 0 && v->errs->e[0].field[0])
        html_alert_field(r, v->errs->e[0].msg, v->errs->e[0].field);
    else if (v->errs && v->errs->n > 0)
        html_alert(r, v->errs->e[0].msg);
    switch (v->f->step) {
    case FLOW_CHECKIN: step_checkin(r, v); break;
    case FLOW_PREPARE: step_prepare(r, v); break;
    case FLOW_RELAX: step_relax(r, v); break;
    case FLOW_PRACTICE: step_practice(r, v); break;
    case FLOW_SPASM: step_spasm(r, v); break;
    case FLOW_CHECKOUT: step_checkout(r, v); break;
    case FLOW_HARD: step_hard(r, v); break;
    case FLOW_NOT_TODAY:
    case FLOW_SUMMARY:
    case FLOW_STEP_COUNT: break;
    }
    html_printf(r, "</div>");
    ui_cues_data(r);
    ui_practice_script(r);
    page_end(r);
}
