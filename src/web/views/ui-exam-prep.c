/*
 * ui-exam-prep.c - the /exam-prep page: her plan for a gynaecological
 * visit, built from her data (web/exam-plan.h), in two parts. The sheet
 * for the person examining her holds only what they need: her requests,
 * her stop word, the dilator she may bring and how an exam feels to her
 * now; it is what prints (one page, through @media print in app.css; the
 * Print button is added by print.js, and without JavaScript the page says
 * how to print instead). Her notes stay on screen: why that dilator, the
 * speculum, and the form where she takes out or adds requests and writes
 * her stop word (POST /exam-prep), shown large on her phone.
 */
#include "web/assets.h"
#include "web/exam-plan.h"
#include "web/routes.h"
#include "web/views/ui-guide.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the sheet for the examiner (printed) ------------------------------ */

static void sheet_requests(struct req *r, const struct exam_plan *p)
{
    const struct exam_words *w = &p->words;
    html_printf(r, "<section class=\"exam-part\" aria-labelledby=\"ex-ask\"><h2 id=\"ex-ask\">%s"
                   "</h2><p class=\"exam-to\">%s</p><ul class=\"exam-asks\">",
                _("What I would like to ask for"),
                _("For the person examining me. Thank you for reading this."));
    size_t shown = 0;
    for (int i = 0; i < EXAM_REQUEST_COUNT; i++)
        if (!(w->removed & (1u << i))) {
            html_printf(r, "<li>%s</li>", _(exam_request_text((enum exam_request)i)));
            shown++;
        }
    for (size_t i = 0; i < w->nown; i++, shown++)
        html_printf(r, "<li class=\"exam-own\">%s</li>", w->own[i]);
    if (shown == 0)
        html_printf(r, "<li>%s</li>", _("Please go at my pace."));
    html_printf(r, "</ul>");
    if (w->stop_word[0])
        html_printf(r,
                    "<p class=\"exam-stop\"><span>%s</span> <strong class=\"exam-stopword\" "
                    "lang=\"\">%s</strong></p>",
                    _("Our stop word:"), w->stop_word);
    else
        html_printf(r,
                    "<p class=\"exam-stop\"><span>%s</span> <span class=\"exam-blank\">"
                    "</span></p>",
                    _("Our stop word:"));
    html_printf(r, "</section>");
}

/* The dilator she may bring and how an exam feels to her, in her words
 * to the examiner; nothing when there is neither. */
static void sheet_about_me(struct req *r, const struct exam_plan *p)
{
    const struct ladder_answer *a = &p->ladder.a[LADDER_GYN_EXAM];
    bool feels = p->has_ladder && ladder_answer_given(a);
    if (!p->bring_what[0] && !feels)
        return;
    html_printf(r,
                "<section class=\"exam-part\" aria-labelledby=\"ex-me\"><h2 id=\"ex-me\">%s"
                "</h2>",
                _("About me"));
    if (p->bring_what[0]) {
        char s[300];
        snprintf(s, sizeof s, _("I may bring my own dilator: %s."), p->bring_what);
        html_printf(r, "<p class=\"exam-big\">%s</p>", s);
    }
    if (feels) {
        char words[200];
        exam_plan_answer_words(a, words, sizeof words);
        html_printf(r, "<p>%s %s.</p>", _("How an exam feels to me now:"), words);
    }
    html_printf(r, "</section>");
}

/* ---- her notes (on screen only) ---------------------------------------- */

static void notes(struct req *r, const struct exam_plan *p)
{
    html_printf(r,
                "<section class=\"card no-print\" aria-labelledby=\"ex-notes\">"
                "<h2 id=\"ex-notes\">%s</h2>",
                _("Notes for you"));
    html_printf(r, "<h3>%s</h3><p>%s</p>", _("A dilator to bring along"), p->bring_why);
    if (p->bring.source == EXAM_BRING_NONE)
        html_printf(r, "<p><a href=\"/kit\">%s</a></p>", _("Go to my kit"));
    else
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("You could show it to the person examining you, or use it first to warm "
                      "up and relax before the exam."));
    html_printf(r, "<h3>%s</h3><p>%s</p><p class=\"hint\">%s</p>", _("About the speculum"),
                p->speculum_text,
                _("The width is approximate: it comes from consumer sources, not from a "
                  "clinical standard."));
    html_printf(r, "<h3>%s</h3><p>%s</p><p><a href=\"/ladder\">%s</a></p></section>",
                _("How an exam feels to you"), p->ladder_text,
                p->has_ladder ? _("Update my comfort ladder") : _("Fill in the comfort ladder"));
}

/* Her requests: each standard one she can take out, her own she can add,
 * and her stop word. err/field: a failed save. */
static void words_form(struct req *r, const struct exam_plan *p, const char *err, const char *field)
{
    const struct exam_words *w = &p->words;
    bool echo = err != NULL;
    html_printf(r,
                "<section class=\"card no-print exam-edit\" id=\"edit\" "
                "aria-labelledby=\"ex-edit\"><h2 id=\"ex-edit\">%s</h2><p>%s</p>",
                _("Your requests and stop word"),
                _("Take out what you do not need, and add what matters to you. Only what you "
                  "keep is on the page you print."));
    html_printf(r, "<form method=\"post\" action=\"/exam-prep\" novalidate>");
    html_csrf(r);
    html_printf(r,
                "<fieldset class=\"choices checks wide\" id=\"f-keep\"><legend>%s</legend>"
                "<div class=\"chips\">",
                _("Requests to keep"));
    for (int i = 0; i < EXAM_REQUEST_COUNT; i++) {
        const char *key = exam_request_key((enum exam_request)i);
        bool on = !(w->removed & (1u << i));
        if (echo) {
            on = false;
            for (size_t k = 0; k < form_count(&r->form, "keep"); k++)
                on = on || strcmp(form_get_nth(&r->form, "keep", k), key) == 0;
        }
        html_printf(r,
                    "<span class=\"opt\"><input type=\"checkbox\" id=\"k-%s\" name=\"keep\" "
                    "value=\"%s\"%R><label for=\"k-%s\">%s</label></span>",
                    key, key, on ? " checked" : "", key,
                    _(exam_request_text((enum exam_request)i)));
    }
    html_printf(r, "</div></fieldset>");
    html_printf(r,
                "<fieldset class=\"exam-own-fields\"><legend>%s</legend><p class=\"hint\">%s"
                "</p>",
                _("Your own requests"),
                _("One request per line, such as \"Please warm the speculum\". Leave a line "
                  "empty to take it out."));
    /* Her requests and two empty lines (all five after a failed save). */
    int lines = echo ? EXAM_OWN_MAX : (int)w->nown + 2;
    for (int i = 0; i < EXAM_OWN_MAX && i < lines; i++) {
        char name[16], id[24], label[64];
        snprintf(name, sizeof name, "own%d", i + 1);
        snprintf(id, sizeof id, "f-own%d", i + 1);
        snprintf(label, sizeof label, _("Request %d"), i + 1);
        const char *v = echo ? form_get(&r->form, name) : (size_t)i < w->nown ? w->own[i] : "";
        bool bad = field && strcmp(field, name) == 0;
        html_printf(r,
                    "<div class=\"field%R\"><label for=\"%s\">%s</label><input id=\"%s\" "
                    "name=\"%s\" type=\"text\" maxlength=\"%d\" autocomplete=\"off\" "
                    "value=\"%s\"%R></div>",
                    bad ? " bad" : "", id, label, id, name, EXAM_OWN_CHARS, v ? v : "",
                    bad ? " aria-invalid=\"true\"" : "");
    }
    html_printf(r, "</fieldset>");
    const char *stop = echo ? form_get(&r->form, "stop_word") : w->stop_word;
    html_input(r, "stop_word", "text", _("Your stop word"), stop, "off",
               _("A word you will say when you need the exam to stop at once, such as "
                 "\"pause\". It is printed large."),
               field && strcmp(field, "stop_word") == 0 ? err : NULL, false);
    html_printf(r, "<button type=\"submit\" class=\"button\">%s</button></form></section>",
                _("Save my requests"));
}

static void render(struct req *r, const char *err, const char *field)
{
    struct exam_plan p;
    struct pace_error e = {0};
    int rc = exam_plan_load(r, &p, &e);
    if (rc != 0) {
        /* A database that is away is a calm 503, like every other page. */
        exam_plan_free(&p);
        view_fail(r, rc, &e);
        return;
    }
    page_begin(r, _("Exam preparation"));
    char date[64], made[128];
    i18n_format_date(date, sizeof date, r->now, tz_offset_min(p.zone, r->now));
    snprintf(made, sizeof made, _("Prepared on %s"), date);
    html_printf(r, "<article class=\"exam\"><h1>%s</h1><p class=\"meta exam-date\">%s</p>",
                _("My plan for a gynaecological visit"), made);
    html_printf(r, "<p class=\"lead no-print\">%s</p>",
                _("Everything here is a request you are allowed to make. The page below is for "
                  "the person examining you: print it, or show it on your phone before the exam "
                  "begins."));
    const char *done = form_get(&r->query, "done");
    if (done && strcmp(done, "saved") == 0)
        html_notice(r, _("Your requests are saved."));
    if (err && field && *field)
        html_alert_field(r, err, field);
    else
        html_alert(r, err);
    ui_guide_link(r, "exam-preparation", _("More in the guide:"));
    html_printf(r, "<div class=\"exam-print no-print\"><button type=\"button\" class=\"button\" "
                   "data-print hidden>%s</button><p class=\"hint\" data-print-hint>%s</p></div>",
                _("Print this page"),
                _("To print it or save it as a PDF, use your browser's Print command (on a "
                  "phone, usually in the Share menu)."));
    html_printf(r, "<div class=\"exam-sheet\">");
    sheet_requests(r, &p);
    sheet_about_me(r, &p);
    /* On paper the page's footer is not printed: this line takes its place. */
    html_printf(r, "<p class=\"exam-foot print-only\">%s</p></div>",
                _("I prepared this plan from my own notes. It is not a diagnosis."));
    words_form(r, &p, err, field);
    notes(r, &p);
    html_printf(r, "</article>");
    const struct asset *js = asset_find("print.js");
    html_printf(r, "<script src=\"/static/print.js?v=%s\" defer></script>",
                js ? js->etag_plain : "");
    page_end(r);
    exam_plan_free(&p);
}

void view_exam_prep(struct req *r)
{
    render(r, NULL, NULL);
}

void view_exam_prep_post(struct req *r)
{
    struct exam_words w;
    struct pace_error err = {0};
    int rc = app_exam_words_get(&r->app->ctx, &r->who, r->user.id, &w, &err);
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    w.removed = 0;
    for (int i = 0; i < EXAM_REQUEST_COUNT; i++) {
        bool keep = false;
        for (size_t k = 0; k < form_count(&r->form, "keep"); k++)
            keep = keep || strcmp(form_get_nth(&r->form, "keep", k),
                                  exam_request_key((enum exam_request)i)) == 0;
        if (!keep)
            w.removed |= 1u << i;
    }
    /* Her own requests, empty lines left out; line[k] is where the k-th
     * kept one was on the page, to name the field of an error. */
    int line[EXAM_OWN_MAX];
    w.nown = 0;
    const char *too_long = NULL;
    for (int i = 0; i < EXAM_OWN_MAX; i++) {
        char name[16];
        snprintf(name, sizeof name, "own%d", i + 1);
        const char *v = form_get(&r->form, name);
        if (v == NULL || *v == '\0')
            continue;
        line[w.nown] = i + 1;
        snprintf(w.own[w.nown++], sizeof w.own[0], "%s", v);
        if (strlen(v) >= sizeof w.own[0] && too_long == NULL)
            too_long = v; /* cut short by the copy: refused below */
    }
    const char *stop = form_get(&r->form, "stop_word");
    snprintf(w.stop_word, sizeof w.stop_word, "%s", stop ? stop : "");
    char field[sizeof err.field] = "";
    if (too_long || (stop && strlen(stop) >= sizeof w.stop_word)) {
        rc = pace_fail(&err, PACE_EINVAL, NULL, "%s", _("That is longer than Pace keeps."));
        for (size_t k = 0; too_long && k < w.nown && !*field; k++)
            if (strncmp(w.own[k], too_long, sizeof w.own[0] - 1) == 0)
                snprintf(field, sizeof field, "own%d", line[k]);
        if (!*field)
            snprintf(field, sizeof field, "stop_word");
    } else {
        rc = app_exam_words_set(&r->app->ctx, &r->who, r->user.id, &w, r->now, &err);
        int k;
        if (rc == PACE_EINVAL && sscanf(err.field, "own[%d]", &k) == 1 && k >= 0 &&
            (size_t)k < w.nown)
            snprintf(field, sizeof field, "own%d", line[k]);
        else if (rc == PACE_EINVAL)
            snprintf(field, sizeof field, "%s", err.field);
    }
    if (rc == PACE_EINVAL) {
        r->status = 422;
        render(r, err.msg, field);
        return;
    }
    if (rc != 0) {
        view_fail(r, rc, &err);
        return;
    }
    resp_redirect(r, "/exam-prep?done=saved");
}
