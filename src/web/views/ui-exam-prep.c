/*
 * ui-exam-prep.c - the /exam-prep page: a one-page plan for a
 * gynaecological visit, built from her data (web/exam-plan.h), that she
 * can print or save as a PDF. The print layout is in app.css ("Exam
 * preparation"); the Print button is added by print.js, and without
 * JavaScript the page tells her how to print instead.
 */
#include "web/assets.h"
#include "web/exam-plan.h"
#include "web/routes.h"
#include "web/views/ui-guide.h"

#include <stdio.h>
#include <string.h>

static void requests(struct req *r)
{
    html_printf(r, "<section class=\"exam-part\" aria-labelledby=\"ex-ask\"><h2 id=\"ex-ask\">%s"
                   "</h2><p class=\"exam-to\">%s</p><ul class=\"exam-asks\">",
                _("What I would like to ask for"),
                _("For the person examining me. Thank you for reading this."));
    for (int i = 0; i < EXAM_REQUEST_COUNT; i++)
        html_printf(r, "<li>%s</li>", _(exam_request_text((enum exam_request)i)));
    html_printf(r, "</ul><p class=\"exam-stop\"><span>%s</span> <span class=\"exam-blank\">"
                   "</span></p></section>",
                _("Our stop word:"));
}

static void bring(struct req *r, const struct exam_plan *p)
{
    html_printf(r, "<section class=\"exam-part\" aria-labelledby=\"ex-bring\"><h2 id=\"ex-bring\">"
                   "%s</h2>",
                _("A dilator to bring along"));
    if (p->bring_what[0])
        html_printf(r, "<p class=\"exam-big\">%s</p>", p->bring_what);
    html_printf(r, "<p>%s</p>", p->bring_why);
    if (p->bring.source == EXAM_BRING_NONE)
        html_printf(r, "<p class=\"no-print\"><a href=\"/kit\">%s</a></p>", _("Go to my kit"));
    else
        html_printf(r, "<p class=\"hint\">%s</p>",
                    _("You could show it to the person examining you, or use it first to warm "
                      "up and relax before the exam."));
    html_printf(r, "</section>");
}

static void ladder(struct req *r, const struct exam_plan *p)
{
    html_printf(r, "<section class=\"exam-part\" aria-labelledby=\"ex-ladder\"><h2 id=\"ex-ladder\">"
                   "%s</h2><p>%s</p>",
                _("How an exam feels to me now"), p->ladder_text);
    html_printf(r, "<p class=\"no-print\"><a href=\"/ladder\">%s</a></p></section>",
                p->has_ladder ? _("Update my comfort ladder") : _("Fill in the comfort ladder"));
}

static void speculum(struct req *r, const struct exam_plan *p)
{
    html_printf(r, "<section class=\"exam-part\" aria-labelledby=\"ex-spec\"><h2 id=\"ex-spec\">"
                   "%s</h2><p>%s</p><p class=\"hint\">%s</p></section>",
                _("About the speculum"), p->speculum_text,
                _("You can ask for the smallest speculum they have. The width is approximate: "
                  "it comes from consumer sources, not from a clinical standard."));
}

void view_exam_prep(struct req *r)
{
    struct exam_plan p;
    struct pace_error err = {0};
    if (exam_plan_load(r, &p, &err) != 0) {
        exam_plan_free(&p);
        view_error(r, 500, _("Something went wrong. Please try again."));
        return;
    }
    page_begin(r, _("Exam preparation"));
    char date[64], made[128];
    i18n_format_date(date, sizeof date, r->now, tz_offset_min(p.zone, r->now));
    snprintf(made, sizeof made, _("Prepared on %s"), date);
    html_printf(r, "<article class=\"exam\"><h1>%s</h1><p class=\"meta exam-date\">%s</p>",
                _("My plan for a gynaecological visit"), made);
    html_printf(r, "<p class=\"lead\">%s</p>",
                _("Everything here is a request you are allowed to make. You can take this "
                  "page with you, or show it before the exam begins."));
    ui_guide_link(r, "exam-preparation", _("More in the guide:"));
    html_printf(r, "<div class=\"exam-print no-print\"><button type=\"button\" class=\"button\" "
                   "data-print hidden>%s</button><p class=\"hint\" data-print-hint>%s</p></div>",
                _("Print this page"),
                _("To print it or save it as a PDF, use your browser's Print command (on a "
                  "phone, usually in the Share menu)."));
    requests(r);
    bring(r, &p);
    ladder(r, &p);
    speculum(r, &p);
    /* On paper the page's footer is not printed: this line takes its place. */
    html_printf(r, "<p class=\"exam-foot print-only\">%s</p></article>",
                _("I prepared this plan from my own notes. It is not a diagnosis."));
    const struct asset *js = asset_find("print.js");
    html_printf(r, "<script src=\"/static/print.js?v=%s\" defer></script>",
                js ? js->etag_plain : "");
    page_end(r);
    exam_plan_free(&p);
}
